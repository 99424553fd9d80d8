"""The goals section: every goal with its actual value, status and forecast, from
:func:`bindung.insights.goals.goal_progress`, labelled and put into plain words.  No number is
computed here."""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from bindung.i18n import N_, Pairs, both, pboth, tr
from bindung.insights.goals import goal_progress
from bindung.metrics.goals import metric_label
from bindung.report import format as fmt
from bindung.report.tables import Column, Finding, Level, Section, Table

if TYPE_CHECKING:
    from bindung.store.protocol import Store

#: (German, English) of each status
STATUS_LABELS = Pairs(
    {
        "met": N_("met"),
        "missed": N_("missed"),
        "on track": N_("on track"),
        "behind": N_("behind"),
        "not started": N_("not started"),
        "not measured": N_("not measured"),
    }
)
STATUS_LEVELS: dict[str, Level] = {
    "met": "good",
    "missed": "alarm",
    "on track": "good",
    "behind": "warning",
    "not started": "info",
    "not measured": "info",
}


def figure(value: float, unit: str, lang: str, currency: str = "EUR") -> str:
    """A goal figure in its metric's unit (percent, money, …; NPS/SMCSS with one decimal)."""
    if fmt.missing(value) or not math.isfinite(value):
        return fmt.text("undefined", lang)
    if unit == "score":
        return fmt.number(value, lang, 1)
    if unit == "minutes":
        return fmt.number(value, lang, 1) + "\u00a0min"
    return fmt.value(value, unit, lang, currency)  # type: ignore[arg-type]


def _labelled(progress: pd.DataFrame) -> pd.DataFrame:
    frame = progress.copy()
    frame["metric_de"] = [metric_label(m, "de") for m in frame["metric"]]
    frame["metric_en"] = [metric_label(m, "en") for m in frame["metric"]]
    frame["status_de"] = [tr("de", STATUS_LABELS.texts[s]) for s in frame["status"]]
    frame["status_en"] = [tr("en", STATUS_LABELS.texts[s]) for s in frame["status"]]
    return frame


def _finding(row: dict[Any, Any], lang: str, currency: str) -> Finding:
    status = str(row["status"])
    return Finding(
        _sentence(row, "de", currency), _sentence(row, "en", currency), STATUS_LEVELS[status]
    )


def _sentence(row: dict[Any, Any], lang: str, currency: str) -> str:
    unit = str(row["metric_unit"])
    status = str(row["status"])

    def shown(value: float) -> str:
        return figure(value, unit, lang, currency)

    head = tr(
        lang,
        "Goal {metric} {period}: {target}",
        metric=row[f"metric_{lang}"],
        period=row["period"],
        target=shown(row["target"]),
    )
    word = tr(lang, STATUS_LABELS.texts[status])
    value = row["value"]
    if status in ("met", "missed"):
        body = tr(lang, " – achieved: {value} ({status}).", value=shown(value), status=word)
    elif status == "not measured":
        body = tr(lang, " – {status}: {reason}.", status=word, reason=row[f"reason_{lang}"])
    else:
        parts = []
        if not fmt.missing(value):
            parts.append(tr(lang, "so far: {value}", value=shown(value)))
        if not fmt.missing(row["forecast"]):
            parts.append(
                tr(
                    lang,
                    "forecast {forecast} (95 % band {low} … {high}, trend of {n} periods)",
                    forecast=shown(row["forecast"]),
                    low=shown(row["forecast_low"]),
                    high=shown(row["forecast_high"]),
                    n=int(row["trend_points"]),
                )
            )
        detail = "; ".join(parts)
        body = (
            tr(lang, " – {detail}: {status}.", detail=detail, status=word)
            if detail
            else tr(lang, " – {status}.", status=word)
        )
    return head + body


def goals_section(ws: Store, *, as_of: date | None = None) -> Section:
    """Goals sorted by priority: target, actual value, status and forecast to the deadline."""
    lang = ws.settings.lang
    currency = ws.settings.currency.upper()
    frame = _labelled(goal_progress(ws, as_of=as_of))
    suffix = "de" if lang == "de" else "en"
    columns = [
        Column("priority", *both("priority"), "count"),
        Column(f"metric_{suffix}", *both("metric")),
        Column("period", *pboth("goal", "period")),
        Column("target", *both("target"), "score"),
        Column("value", *both("value (so far)"), "score"),
        Column("partial", *both("partial"), "flag"),
        Column(f"status_{suffix}", *both("status")),
        Column("forecast", *both("forecast"), "score"),
        Column("forecast_low", *both("95 % band from"), "score"),
        Column("forecast_high", *both("95 % band to"), "score"),
        Column(f"reason_{suffix}", *both("reason")),
    ]
    table = Table(
        "goals",
        *both("Goals by priority"),
        columns,
        frame.reset_index(drop=True),
        keys=("metric", "status", "unit", "metric_unit"),
    )
    findings = [_finding(row, lang, currency) for row in frame.to_dict("records")]
    if frame.empty:
        findings.append(Finding(*both("No goals are set (bindung goal set METRIC PERIOD TARGET).")))
    counts = frame["status"].value_counts().to_dict() if not frame.empty else {}
    return Section(
        "goals",
        *both("Goals"),
        [table],
        findings,
        {
            "as_of": as_of.isoformat() if as_of else None,
            "statuses": {str(k): int(v) for k, v in counts.items()},
            "method": "OLS trend over the last 6 complete periods, 95 % prediction band",
        },
    )
