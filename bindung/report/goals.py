"""The goals section: every goal with its actual value, status and forecast, from
:func:`bindung.insights.goals.goal_progress`, labelled and put into plain words.  No number is
computed here."""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from bindung.insights.goals import goal_progress
from bindung.metrics.goals import metric_label
from bindung.report import format as fmt
from bindung.report.tables import Column, Finding, Level, Section, Table

if TYPE_CHECKING:
    from bindung.store.protocol import Store

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "met": ("erfüllt", "met"),
    "missed": ("verfehlt", "missed"),
    "on track": ("auf Kurs", "on track"),
    "behind": ("liegt zurück", "behind"),
    "not started": ("nicht begonnen", "not started"),
    "not measured": ("nicht gemessen", "not measured"),
}
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
    frame["status_de"] = [STATUS_LABELS[s][0] for s in frame["status"]]
    frame["status_en"] = [STATUS_LABELS[s][1] for s in frame["status"]]
    return frame


def _finding(row: dict[Any, Any], lang: str, currency: str) -> Finding:
    unit = str(row["metric_unit"])
    status = str(row["status"])
    text: dict[str, str] = {}
    for lg in ("de", "en"):
        name = row["metric_de"] if lg == "de" else row["metric_en"]
        head = (
            f"{'Ziel' if lg == 'de' else 'Goal'} {name} {row['period']}: "
            f"{figure(row['target'], unit, lg, currency)}"
        )
        word = STATUS_LABELS[status][0 if lg == "de" else 1]
        value = row["value"]
        if status in ("met", "missed"):
            got = "erreicht" if lg == "de" else "achieved"
            body = f" – {got}: {figure(value, unit, lg, currency)} ({word})."
        elif status == "not measured":
            reason = row["reason_de"] if lg == "de" else row["reason_en"]
            body = f" – {word}: {reason}."
        else:
            parts = []
            if not fmt.missing(value):
                so_far = "bisher" if lg == "de" else "so far"
                parts.append(f"{so_far}: {figure(value, unit, lg, currency)}")
            if not fmt.missing(row["forecast"]):
                fc = "Prognose" if lg == "de" else "forecast"
                band = "95-%-Band" if lg == "de" else "95 % band"
                parts.append(
                    f"{fc} {figure(row['forecast'], unit, lg, currency)} ({band} "
                    f"{figure(row['forecast_low'], unit, lg, currency)} … "
                    f"{figure(row['forecast_high'], unit, lg, currency)}, "
                    + (
                        f"Trend aus {int(row['trend_points'])} Zeiträumen)"
                        if lg == "de"
                        else f"trend of {int(row['trend_points'])} periods)"
                    )
                )
            detail = "; ".join(parts)
            body = f" – {detail}: {word}." if detail else f" – {word}."
        text[lg] = head + body
    return Finding(text["de"], text["en"], STATUS_LEVELS[status])


def goals_section(ws: Store, *, as_of: date | None = None) -> Section:
    """Goals sorted by priority: target, actual value, status and forecast to the deadline."""
    lang = ws.settings.lang
    currency = ws.settings.currency.upper()
    frame = _labelled(goal_progress(ws, as_of=as_of))
    suffix = "de" if lang == "de" else "en"
    columns = [
        Column("priority", "Priorität", "priority", "count"),
        Column(f"metric_{suffix}", "Kennzahl", "metric"),
        Column("period", "Zeitraum", "period"),
        Column("target", "Ziel", "target", "score"),
        Column("value", "Wert (bisher)", "value (so far)", "score"),
        Column("partial", "unvollständig", "partial", "flag"),
        Column(f"status_{suffix}", "Status", "status"),
        Column("forecast", "Prognose", "forecast", "score"),
        Column("forecast_low", "95-%-Band von", "95 % band from", "score"),
        Column("forecast_high", "95-%-Band bis", "95 % band to", "score"),
        Column(f"reason_{suffix}", "Begründung", "reason"),
    ]
    table = Table(
        "goals",
        "Ziele nach Priorität",
        "Goals by priority",
        columns,
        frame.reset_index(drop=True),
        keys=("metric", "status", "unit", "metric_unit"),
    )
    findings = [_finding(row, lang, currency) for row in frame.to_dict("records")]
    if frame.empty:
        findings.append(
            Finding(
                "Es sind keine Ziele gesetzt (bindung goal set METRIK ZEITRAUM ZIEL).",
                "No goals are set (bindung goal set METRIC PERIOD TARGET).",
            )
        )
    counts = frame["status"].value_counts().to_dict() if not frame.empty else {}
    return Section(
        "goals",
        "Ziele",
        "Goals",
        [table],
        findings,
        {
            "as_of": as_of.isoformat() if as_of else None,
            "statuses": {str(k): int(v) for k, v in counts.items()},
            "method": "OLS trend over the last 6 complete periods, 95 % prediction band",
        },
    )
