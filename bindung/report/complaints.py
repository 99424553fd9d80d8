"""The complaints section of the report (``bindung complaints``): handling (reply and
resolution times, resolution rate, compensation) overall, per channel and per period; the
outcomes; and the claim of source 004 measured — do customers whose complaint was resolved stay and
buy more?

>>> section = complaints_section(ws, period="quarter", start="2025-Q1")   # doctest: +SKIP
>>> complaint_alerts(ws)                                                 # doctest: +SKIP
[{'key': 'open_complaints_old', 'value': 3.0, 'threshold': 7.0, 'customer_ids': [...]}]

Every figure comes from :mod:`bindung.insights.complaints` (formulas and sources there); here
only the layout.

* Tables: ``handling`` (all channels, then each channel), ``handling_trend`` (per local
  calendar period of the opening), ``outcomes`` (count and share of each outcome),
  ``retention_by_outcome`` (the raw comparison) and ``effect_by_outcome`` (within customers).
  ``start``/``end`` (days or periods, ``end`` inclusive) cut the periods; the handling tables
  cover the complaints opened in the kept periods, the retention tables always use all data.
* The tables contract (:mod:`bindung.report.tables`) has no unit "hours": reply times are in
  minutes in the tables (``reply_*_minutes``), the findings speak in hours.
* Alarm: a median first reply slower than :data:`REPLY_ALARM_HOURS` (24 hours: a complaint
  should be answered on the next day at the latest; a constant of this module).
* Alerts (:func:`complaint_alerts`): open complaints older than :data:`OPEN_ALERT_DAYS` days
  and unresolved complaints of the last :data:`UNRESOLVED_ALERT_DAYS` days, measured from the
  end of the data (the latest complaint or order time stamp) unless ``as_of`` is given.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pandas as pd

from bindung.errors import BindungError
from bindung.i18n import N_, Pairs, both, tr
from bindung.insights import complaints as ic
from bindung.insights.panel import shared_customer_months
from bindung.metrics.periods import require_naive_utc
from bindung.report import format as fmt
from bindung.report.tables import PERIOD_COLUMNS, Column, Finding, Level, Section, Table
from bindung.store.protocol import shared

if TYPE_CHECKING:
    from bindung.store.protocol import Store

__all__ = [
    "OPEN_ALERT_DAYS",
    "REPLY_ALARM_HOURS",
    "UNRESOLVED_ALERT_DAYS",
    "complaint_alerts",
    "complaints_section",
]

#: A median first reply slower than this (hours) raises the alarm.
REPLY_ALARM_HOURS = 24.0
#: Open complaints older than this many days are an alert.
OPEN_ALERT_DAYS = 7
#: Unresolved complaints opened within this many days are an alert.
UNRESOLVED_ALERT_DAYS = 90

OUTCOME_LABEL = Pairs(
    {
        "resolved": N_("resolved"),
        "partly_resolved": N_("partly resolved"),
        "unresolved": N_("unresolved"),
        "open": N_("open"),
        "unknown": N_("not given"),
        "never": N_("never complained"),
    }
)
#: an outcome in "After … complaint customers bought …" (German: "Nach einer … Beschwerde")
AFTER_OUTCOME = {
    "resolved": N_("a resolved"),
    "partly_resolved": N_("a partly resolved"),
    "unresolved": N_("an unresolved"),
}

HANDLING = (
    Column("complaints", *both("complaints"), "count"),
    Column("answered", *both("answered"), "count"),
    Column("unanswered", *both("never answered"), "count"),
    Column("reply_median_minutes", *both("median first reply"), "minutes"),
    Column("reply_mean_minutes", *both("mean first reply"), "minutes"),
    Column("reply_p90_minutes", *both("90th percentile first reply"), "minutes"),
    Column("closed", *both("with resolution date"), "count"),
    Column("resolution_median_days", *both("median time to resolution"), "days"),
    Column("resolution_mean_days", *both("mean time to resolution"), "days"),
    Column(
        "resolution_p90_days",
        *both("90th percentile time to resolution"),
        "days",
    ),
    Column("final", *both("with final outcome"), "count"),
    Column("resolved", *both("resolved"), "count"),
    Column("open", *both("open"), "count"),
    Column("resolution_rate", *both("resolution rate"), "percent"),
    Column("compensation", *both("compensation paid"), "money"),
    Column("compensated", *both("with compensation"), "count"),
)
#: the outcome keys with their labels (the screens show the label, the files the key)
OUTCOME_LABELS = tuple((key, de, en) for key, (de, en) in OUTCOME_LABEL.items())
OUTCOME_COLUMNS = (
    Column("outcome", *both("outcome"), labels=OUTCOME_LABELS),
    Column("final", *both("final"), "flag"),
    Column("complaints", *both("complaints"), "count"),
    Column("share", *both("share"), "percent"),
)
RETENTION_COLUMNS = (
    Column("group", *both("group"), labels=OUTCOME_LABELS),
    Column("customers", *both("customers"), "count"),
    Column("still_buying", *both("still buying"), "count"),
    Column("share", *both("share still buying"), "percent"),
    Column("share_low", *both("share 95 % CI low"), "percent"),
    Column("share_high", *both("share 95 % CI high"), "percent"),
    Column("orders_mean", *both("orders per customer"), "score"),
    Column("orders_low", *both("orders 95 % CI low"), "score"),
    Column("orders_high", *both("orders 95 % CI high"), "score"),
    Column("ratio", *both("ratio to never complained"), "factor"),
    Column("ratio_low", *both("ratio 95 % CI low"), "factor"),
    Column("ratio_high", *both("ratio 95 % CI high"), "factor"),
)
EFFECT_COLUMNS = (
    Column("outcome", *both("outcome"), labels=OUTCOME_LABELS),
    Column("complaints", *both("complaints"), "count"),
    Column("customers", *both("customers (before and after)"), "count"),
    Column("ratio", *both("purchase rate ratio"), "factor"),
    Column("low", *both("95 % CI low"), "factor"),
    Column("high", *both("95 % CI high"), "factor"),
    Column("percent", *both("change"), "percent"),
)
CHANNEL = Column("channel", *both("channel"), labels=(("all", *both("all channels")),))


def _minutes(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for stat in ("median", "mean", "p90"):
        out[f"reply_{stat}_minutes"] = out[f"reply_{stat}_hours"] * 60.0
    return out


def _n(value: float, lang: str, decimals: int = 0) -> str:
    return fmt.number(value, lang, decimals)


def complaints_section(
    ws: Store,
    *,
    period: str = "month",
    start: str | date | None = None,
    end: str | date | None = None,
) -> Section:
    """The complaints section (see the module docstring)."""
    frame = ic.complaint_frame(ws)
    grid = ic.period_grid(ws, frame, period, start, end)
    placed = ic.place(frame, grid) if grid is not None else frame.iloc[0:0].assign(k=0)
    overall = _minutes(ic.handling(placed, by="channel"))
    trend = _minutes(ic.handling(placed, by="k"))
    if grid is not None:
        periods = grid.frame()[["k", "period", "start", "end", "partial"]]
        trend = periods.merge(trend, on="k", how="left").drop(columns="k")
        trend["complaints"] = trend["complaints"].fillna(0)
    else:
        trend = trend.assign(period="", start=None, end=None, partial=False).drop(columns="k")
    outcomes = _outcomes(placed)
    tables = [
        Table("handling", *both("Handling"), (CHANNEL, *HANDLING), overall),
        Table(
            "handling_trend",
            *both("Handling per period"),
            (*PERIOD_COLUMNS, *HANDLING),
            trend,
        ),
        Table("outcomes", *both("Outcomes"), OUTCOME_COLUMNS, outcomes),
    ]
    findings = _handling_findings(overall, ws.settings.currency)
    meta: dict[str, Any] = {
        "workspace": str(ws.folder),
        "generated_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "period": period,
        "start": str(start) if start else None,
        "end": str(end) if end else None,
        "timezone": ws.settings.timezone,
        "currency": ws.settings.currency,
        "reply_alarm_hours": REPLY_ALARM_HOURS,
        "resolution_rate": "resolved / (resolved + partly_resolved + unresolved); open excluded",
    }
    retention = pd.DataFrame(columns=list(ic.RAW_COLUMNS))
    effects = pd.DataFrame(columns=[c.key for c in EFFECT_COLUMNS])
    try:
        panel = shared_customer_months(ws)
        raw = ic.retention_by_outcome(ws, panel=panel, frame=frame)
        retention = raw.frame
        fit = shared(
            ws, ("complaints.effects",), lambda: ic.outcome_effects(ws, panel=panel, frame=frame)
        )
        effects = fit.frame()
        effects["percent"] = (effects["ratio"] - 1.0) * 100.0
        findings += _claim_findings(raw.frame, fit)
        meta |= {
            "retention_horizon_months": raw.horizon,
            "complaint_hazard": fit.hazard,
            "comparison_events": fit.comparison_events,
            "comparison_event_ratio": fit.baseline.ratio,
            "draws": fit.draws,
        }
    except BindungError as error:
        problem = str(error)
        findings.append(
            Finding(
                *both(
                    "The effect of complaints cannot be measured: {error}",
                    lambda _: {"error": problem},
                )
            )
        )
    tables += [
        Table(
            "retention_by_outcome",
            *both("Still buying 12 months later (raw)"),
            RETENTION_COLUMNS,
            retention,
        ),
        Table(
            "effect_by_outcome",
            *both("Effect by outcome (within customers)"),
            EFFECT_COLUMNS,
            effects,
        ),
    ]
    return Section("complaints", *both("Complaints"), tables, findings, meta)


def _outcomes(placed: pd.DataFrame) -> pd.DataFrame:
    n = len(placed)
    rows = []
    for o in (*ic.OUTCOMES, ic.UNKNOWN):
        count = int((placed["outcome"] == o).sum())
        if o == ic.UNKNOWN and count == 0:
            continue
        rows.append(
            {
                "outcome": o,
                "final": o in ic.FINAL,
                "complaints": count,
                "share": 100.0 * count / n if n else math.nan,
            }
        )
    return pd.DataFrame(rows)


def _handling_findings(overall: pd.DataFrame, currency: str) -> list[Finding]:
    out: list[Finding] = []
    total = overall[overall["channel"] == ic.ALL]
    if total.empty or int(total.iloc[0]["complaints"]) == 0:
        return [Finding(*both("No complaints in the period."))]
    row = total.iloc[0]
    n = int(row["complaints"])
    median = row["reply_median_hours"]
    if not fmt.missing(median):
        slow = float(median) > REPLY_ALARM_HOURS
        level: Level = "alarm" if slow else "good"

        def reply(lang: str) -> dict[str, object]:
            if slow:
                speed = tr(
                    lang, "slower than {hours} hours (alarm).", hours=_n(REPLY_ALARM_HOURS, lang)
                )
            else:
                speed = tr(lang, "within {hours} hours.", hours=_n(REPLY_ALARM_HOURS, lang))
            return {"median": _n(float(median), lang, 1), "speed": speed}

        out.append(
            Finding(
                *both("First reply to complaints: median {median} hours – {speed}", reply), level
            )
        )
    unanswered = int(row["unanswered"])
    if unanswered:
        out.append(
            Finding(
                *both(
                    "{unanswered} of {n} complaints were never answered.",
                    lambda lang: {"unanswered": _n(unanswered, lang), "n": _n(n, lang)},
                ),
                "warning",
            )
        )
    rate = row["resolution_rate"]
    if not fmt.missing(rate):
        out.append(
            Finding(
                *both(
                    "Resolution rate {rate} %: {resolved} of {final} complaints with a final "
                    "outcome resolved (partly resolved ones count as final, not as resolved); "
                    "{open} still open (not counted). Compensation paid: {compensation}.",
                    lambda lang: {
                        "rate": _n(float(rate), lang, 1),
                        "resolved": _n(int(row["resolved"]), lang),
                        "final": _n(int(row["final"]), lang),
                        "open": _n(int(row["open"]), lang),
                        "compensation": fmt.value(
                            float(row["compensation"]), "money", lang, currency
                        ),
                    },
                )
            )
        )
    return out


def _change(ratio: float, low: float, high: float, lang: str) -> str:
    """'14 % häufiger (95 % KI 5–24 %)' / '40 % less often (95 % CI 31–49 %)'."""
    more = ratio >= 1.0
    pct = abs(ratio - 1.0) * 100.0
    a, b = sorted((abs(low - 1.0) * 100.0, abs(high - 1.0) * 100.0))
    if (low - 1.0) * (high - 1.0) < 0:  # the interval spans no change
        a_s, b_s = (low - 1.0) * 100.0, (high - 1.0) * 100.0
        span = tr(lang, "{low} to {high}", low=fmt.number(a_s, lang), high=fmt.number(b_s, lang))
        span = span.replace("-", "−")
    else:
        span = f"{fmt.number(a, lang)}–{fmt.number(b, lang)}"
    if more:
        return tr(
            lang,
            "{change} % more often (95 % CI {span} %)",
            change=fmt.number(pct, lang),
            span=span,
        )
    return tr(
        lang, "{change} % less often (95 % CI {span} %)", change=fmt.number(pct, lang), span=span
    )


def _after_values(outcome: str, e: Any) -> Callable[[str], dict[str, object]]:
    return lambda lang: {
        "outcome": tr(lang, AFTER_OUTCOME[outcome]),
        "change": _change(e.ratio, e.low, e.high, lang),
    }


def _claim_findings(raw: pd.DataFrame, fit: ic.OutcomeEffects) -> list[Finding]:
    out: list[Finding] = []
    for o, e in fit.effects.items():
        if o == "open":
            continue
        level: Level = "info"
        if e.low > 1.0:
            level = "good"
        elif e.high < 1.0:
            level = "warning"
        out.append(
            Finding(
                *both(
                    "After {outcome} complaint customers bought {change} than without a "
                    "complaint (each customer compared with themselves).",
                    _after_values(o, e),
                ),
                level,
            )
        )
    res, unres = fit.effects.get("resolved"), fit.effects.get("unresolved")
    if res is not None and unres is not None:
        better_than_none = res.low > 1.0
        better_than_unres = res.low > unres.high
        if better_than_none and better_than_unres:
            claim = both(
                "The claim holds: customers whose complaint was resolved buy more afterwards than "
                "without a complaint and more than customers whose complaint was not resolved."
            )
            level = "good"
        elif better_than_unres:
            claim = both(
                "The claim holds in part: a resolved complaint is clearly better than an "
                "unresolved one, but not measurably better than no complaint at all."
            )
            level = "info"
        else:
            claim = both(
                "The claim is not supported by these data: resolved and unresolved complaints "
                "do not differ measurably."
            )
            level = "info"
        out.append(Finding(*claim, level))
    groups = set(raw["group"])
    if "unresolved" in groups and "never" in groups and unres is not None:
        r = float(raw.loc[raw["group"] == "unresolved", "ratio"].iloc[0])
        if not math.isnan(r):
            out.append(
                Finding(
                    *both(
                        "The raw comparison misleads: customers with an unresolved complaint "
                        "ordered {raw} times as much in the next 12 months as customers who never "
                        "complained – complaints follow purchases, so complainers are heavy "
                        "buyers anyway. Compared with themselves they bought {within} times as "
                        "often afterwards.",
                        lambda lang: {"raw": _n(r, lang, 2), "within": _n(unres.ratio, lang, 2)},
                    )
                )
            )
    return out


def complaint_alerts(ws: Store, *, as_of: datetime | None = None) -> list[dict[str, Any]]:
    """Alerts as plain dicts ``{"key", "value", "threshold", "customer_ids", "complaint_ids"}``:

    * ``open_complaints_old`` — complaints with outcome ``open`` (or none) and no resolution
      date, opened more than :data:`OPEN_ALERT_DAYS` days before ``as_of``; ``value`` = their
      number, ``threshold`` = the days;
    * ``unresolved_recent`` — complaints with outcome ``unresolved`` opened in the
      :data:`UNRESOLVED_ALERT_DAYS` days up to ``as_of``; ``value`` = their number,
      ``threshold`` = the days.

    ``as_of`` (naive UTC) defaults to the end of the data.  An alert is only listed when it
    has complaints; customer ids are distinct and sorted (to value the revenue at risk).
    """
    frame = ic.complaint_frame(ws)
    if frame.empty:
        return []
    if as_of is None:
        end = ic.data_end(ws)
        if end is None:
            return []
        as_of = end
    as_of = require_naive_utc(as_of, BindungError, "complaints.opened_at is naive UTC")
    opened = frame["opened_at"]
    out: list[dict[str, Any]] = []
    is_open = frame["outcome"].isin(["open", ic.UNKNOWN]) & frame["resolved_at"].isna()
    old = frame[is_open & (opened < as_of - timedelta(days=OPEN_ALERT_DAYS))]
    recent = frame[
        (frame["outcome"] == "unresolved")
        & (opened > as_of - timedelta(days=UNRESOLVED_ALERT_DAYS))
        & (opened <= as_of)
    ]
    for key, rows, days in (
        ("open_complaints_old", old, OPEN_ALERT_DAYS),
        ("unresolved_recent", recent, UNRESOLVED_ALERT_DAYS),
    ):
        if rows.empty:
            continue
        out.append(
            {
                "key": key,
                "value": float(len(rows)),
                "threshold": float(days),
                "customer_ids": sorted({str(c) for c in rows["customer_id"]}),
                "complaint_ids": sorted(str(c) for c in rows["complaint_id"]),
                "as_of": as_of,
            }
        )
    return out
