"""The satisfaction section of the report (``bindung satisfaction``): NPS overall, per local
calendar period, per customer segment and per channel; SMCSS per platform; CSAT; the value of
satisfaction; findings in plain words and the alarms.

>>> section = satisfaction_section(ws, period="quarter", start="2025-Q1")   # doctest: +SKIP
>>> satisfaction_alerts(ws)                                                  # doctest: +SKIP
[{'key': 'smcss_low', 'platform': 'tiktok', 'value': 7.1, 'threshold': 7.5, ...}]

The figures come from :mod:`bindung.insights.satisfaction` (NPS with its Wald interval, SMCSS
with its t interval, CSAT with its Wilson interval; DESIGN.md, "Definitions") and
:mod:`bindung.insights.satisfaction_value` (repurchase after a response, the per-point effect
from a logistic regression, revenue per point; the method of source 000).  Nothing is computed here
but the layout (the customers concerned by an alarm come from
:func:`~bindung.insights.satisfaction.smcss_low_customers` and
:func:`~bindung.insights.satisfaction.detractor_customers`).

* ``start``/``end`` are days or periods (``2026-03-15``, ``2026-03``, ``2026-Q1``, ``2026``)
  or ``date`` objects (both inclusive); the window covers the whole periods from the one
  containing ``start`` to the one containing ``end``, in the workspace time zone, and every
  table except the value of satisfaction (which needs the full history after each response)
  is restricted to it.  Without them the window spans all survey responses.
* Alarms (:func:`satisfaction_alerts`): ``smcss_low`` for every platform whose mean SMCSS lies
  below ``settings.alert_smcss_below``; ``nps_falling`` when the NPS of the latest period lies
  at least ``settings.alert_nps_drop_points`` below the period before it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import pandas as pd

from bindung.errors import BindungError
from bindung.i18n import N_, both, pboth, tr
from bindung.insights import satisfaction as sat
from bindung.insights.satisfaction_value import (
    SatisfactionValue,
    satisfaction_roi,
    satisfaction_value,
)
from bindung.metrics.periods import UNITS, Grid, window_day
from bindung.report import format as fmt
from bindung.report import tables
from bindung.report.tables import Column, Finding, Section, Table
from bindung.store.protocol import shared

if TYPE_CHECKING:
    from bindung.store.protocol import Store

__all__ = ["satisfaction_alerts", "satisfaction_section"]

UNKNOWN = N_("unknown")
TOTAL = N_("total")
ALL_PLATFORMS = N_("all platforms")
CLASS_LABEL = {
    "promoters": N_("promoters (9–10)"),
    "passives": N_("passives (7–8)"),
    "detractors": N_("detractors (0–6)"),
}
# the latest period, and against the previous period, by unit
LATEST = {
    "week": N_("in the latest week"),
    "month": N_("in the latest month"),
    "quarter": N_("in the latest quarter"),
    "year": N_("in the latest year"),
}
PREVIOUS = {
    "week": N_("against the previous week"),
    "month": N_("against the previous month"),
    "quarter": N_("against the previous quarter"),
    "year": N_("against the previous year"),
}

PERIOD_COLUMNS = tables.PERIOD_COLUMNS[:3]  # no "partial": responses have no data end
NPS_COLUMNS = (
    Column("n", *both("responses"), "count"),
    Column("promoters", *both("promoters (9–10)"), "count"),
    Column("passives", *both("passives (7–8)"), "count"),
    Column("detractors", *both("detractors (0–6)"), "count"),
    Column("promoter_pct", *both("promoter share"), "percent"),
    Column("passive_pct", *both("passive share"), "percent"),
    Column("detractor_pct", *both("detractor share"), "percent"),
    Column("nps", *both("NPS"), "points"),
    Column("low", *both("NPS 95 % CI low"), "points"),
    Column("high", *both("NPS 95 % CI high"), "points"),
)
RATE_COLUMNS = (
    Column("n", *both("responses"), "count"),
    Column("repurchased", *both("bought again"), "count"),
    Column("rate_pct", *both("repurchase rate"), "percent"),
    Column("low_pct", *pboth("interval", "95 % CI low"), "percent"),
    Column("high_pct", *pboth("interval", "95 % CI high"), "percent"),
)


def _l(text: str, lang: str) -> str:
    return tr(lang, text)


def _num(value: float, lang: str, decimals: int = 0) -> str:
    return fmt.number(value, lang, decimals).replace("-", "−")


def _signed(value: float, lang: str, decimals: int = 0) -> str:
    body = fmt.number(abs(value), lang, decimals)
    if body.strip("0,.") == "":
        return "±" + body
    return ("+" if value > 0 else "−") + body


def _range(low: float, high: float, lang: str, decimals: int = 0) -> str:
    if math.isnan(low) or math.isnan(high):
        return fmt.text("undefined", lang)
    if low < 0:
        return tr(
            lang, "{low} to {high}", low=_num(low, lang, decimals), high=_num(high, lang, decimals)
        )
    return _num(low, lang, decimals) + "–" + _num(high, lang, decimals)


def _money(value: float, lang: str, currency: str) -> str:
    return fmt.value(value, "money", lang, currency)


# -- the window


def _grid(ws: Store, period: str, start: str | date | None, end: str | date | None) -> Grid | None:
    if period not in UNITS:
        raise BindungError(f"--period {period!r}: expected one of {', '.join(UNITS)}")
    first = window_day(start, "--from", stop=False)
    stop = window_day(end, "--to", stop=True)
    if first is not None and stop is not None and stop <= first:
        raise BindungError(f"--to {end} lies before --from {start}")
    return sat.survey_grid(ws, period, start=first, end=stop)


def _window(grid: Grid | None) -> tuple[datetime | None, datetime | None]:
    if grid is None:
        return None, None
    bounds = grid.bounds
    return bounds[0], bounds[-1]


# -- alarms


def _nps_drop(trend: pd.DataFrame, drop: float) -> dict[str, Any] | None:
    """The last period against the one before, when both have responses."""
    if len(trend) < 2:
        return None
    last, before = trend.iloc[-1], trend.iloc[-2]
    if last["n"] == 0 or before["n"] == 0:
        return None
    change = float(last["change"])
    if math.isnan(change) or change > -drop:
        return None
    return {
        "key": "nps_falling",
        "period": str(last["period"]),
        "previous_period": str(before["period"]),
        "value": change,
        "threshold": -float(drop),
        "nps": float(last["nps"]),
        "previous_nps": float(before["nps"]),
        "n": int(last["n"]),
    }


def _alerts(
    ws: Store, grid: Grid | None, trend: pd.DataFrame, smcss: pd.DataFrame, unknown: str
) -> list[dict[str, Any]]:
    settings = ws.settings
    since, until = _window(grid)
    out: list[dict[str, Any]] = []
    for row in smcss.to_dict("records"):
        if row["n"] == 0 or not row["alarm"]:
            continue
        platform = str(row["platform"])
        out.append(
            {
                "key": "smcss_low",
                "platform": platform,
                "value": float(row["mean"]),
                "threshold": float(row["threshold"]),
                "low": float(row["low"]),
                "high": float(row["high"]),
                "n": int(row["n"]),
                "customer_ids": sat.smcss_low_customers(
                    ws,
                    platform,
                    float(row["threshold"]),
                    since=since,
                    until=until,
                    unknown=unknown,
                ),
            }
        )
    drop = _nps_drop(trend, float(settings.alert_nps_drop_points))
    if drop is not None and grid is not None:
        k = grid.n - 1
        drop["customer_ids"] = sat.detractor_customers(ws, grid.bounds[k], grid.bounds[k + 1])
        out.append(drop)
    return out


def satisfaction_alerts(ws: Store, *, period: str = "month") -> list[dict[str, Any]]:
    """The satisfaction alarms over all data, as plain dicts.

    * ``{"key": "smcss_low", "platform", "value" (mean SMCSS), "threshold"
      (``alert_smcss_below``), "low", "high" (t interval), "n", "customer_ids"}`` for every
      platform whose mean lies below the threshold; ``customer_ids`` are the customers whose
      latest SMCSS response on that platform scores below it;
    * ``{"key": "nps_falling", "period", "previous_period", "value" (change in points, < 0),
      "threshold" (−``alert_nps_drop_points``), "nps", "previous_nps", "n", "customer_ids"}``
      when the NPS of the latest ``period`` fell by at least ``alert_nps_drop_points`` against
      the period before (both with responses); ``customer_ids`` are the customers who gave a
      detractor score (0–6) in the latest period.
    """
    unknown = _l(UNKNOWN, ws.settings.lang)
    grid = _grid(ws, period, None, None)
    trend = _empty_trend() if grid is None else sat.nps_trend(ws, grid)
    threshold = float(ws.settings.alert_smcss_below)
    smcss = sat.smcss_table(ws, threshold=threshold, unknown=unknown)
    return _alerts(ws, grid, trend, smcss, unknown)


def _empty_trend() -> pd.DataFrame:
    return pd.DataFrame(columns=[*sat.PERIOD_COLUMNS, *sat.NPS_SPLIT_COLUMNS, "change"])


# -- tables


def _nps_tables(
    ws: Store, grid: Grid | None, unknown: str
) -> tuple[sat.NpsResult, pd.DataFrame, list[Table]]:
    since, until = _window(grid)
    overall = sat.nps_summary(ws, since=since, until=until)
    trend = _empty_trend() if grid is None else sat.nps_trend(ws, grid)
    segment = sat.nps_breakdown(ws, "segment", since=since, until=until, unknown=unknown)
    survey = sat.nps_breakdown(ws, "channel", since=since, until=until, unknown=unknown)
    acquisition = sat.nps_breakdown(
        ws, "acquisition_channel", since=since, until=until, unknown=unknown
    )
    survey = survey.rename(columns={"channel": "survey_channel"})
    survey.insert(1, "acquisition_channel", None)
    acquisition.insert(0, "survey_channel", None)
    channels = pd.concat([survey, acquisition], ignore_index=True) if len(acquisition) else survey
    tables = [
        Table(
            "nps_overall",
            *both("NPS overall (promoters 9–10 minus detractors 0–6, 95 % CI)"),
            NPS_COLUMNS,
            pd.DataFrame([sat.nps_split(overall)]),
        ),
        Table(
            "nps_trend",
            *both("NPS per period (workspace time zone)"),
            [
                *PERIOD_COLUMNS,
                Column("partial", *both("partial"), "flag"),
                *NPS_COLUMNS,
                Column("change", *both("change vs previous period"), "points"),
            ],
            trend,
        ),
        Table(
            "nps_by_segment",
            *both("NPS by customer segment"),
            [Column("segment", *both("customer segment")), *NPS_COLUMNS],
            segment,
        ),
        Table(
            "nps_by_channel",
            *both("NPS by channel: the survey's channel or the customer's acquisition channel"),
            [
                Column("survey_channel", *both("survey channel")),
                Column(
                    "acquisition_channel",
                    *both("customer's acquisition channel"),
                ),
                *NPS_COLUMNS,
            ],
            channels,
        ),
    ]
    return overall, trend, tables


def _smcss_table(
    ws: Store, grid: Grid | None, unknown: str, lang: str
) -> tuple[pd.DataFrame, Table]:
    since, until = _window(grid)
    threshold = float(ws.settings.alert_smcss_below)
    platforms = sat.smcss_table(ws, threshold=threshold, since=since, until=until, unknown=unknown)
    total = sat.smcss_summary(ws, threshold=threshold, since=since, until=until)
    total_row = {"platform": _l(ALL_PLATFORMS, lang), **sat._smcss_row(total)}
    frame = pd.concat([platforms, pd.DataFrame([total_row])], ignore_index=True)
    table = Table(
        "smcss_by_platform",
        f"SMCSS je Plattform (Mittelwert 1–10, 95-%-KI; Alarm unter {_num(threshold, 'de', 1)})",
        f"SMCSS by platform (mean 1–10, 95 % CI; alarm below {_num(threshold, 'en', 1)})",
        [
            Column("platform", *both("platform")),
            Column("n", *both("responses"), "count"),
            Column("mean", *both("SMCSS"), "score"),
            Column("low", *pboth("interval", "95 % CI low"), "score"),
            Column("high", *pboth("interval", "95 % CI high"), "score"),
            Column("threshold", *both("benchmark"), "score"),
            Column("alarm", *both("below benchmark"), "flag"),
        ],
        frame,
    )
    return platforms, table


def _csat_table(ws: Store, grid: Grid | None, lang: str) -> tuple[sat.CsatResult, Table]:
    since, until = _window(grid)
    level = ws.settings.csat_satisfied_from
    total = sat.csat_summary(ws, satisfied_from=level, since=since, until=until)
    total_row = {"period": _l(TOTAL, lang), "start": None, "end": None, **sat._csat_row(total)}
    rows = [pd.DataFrame([total_row])]
    if grid is not None:
        rows.append(sat.csat_trend(ws, grid, satisfied_from=level).drop(columns=["partial"]))
    frame = pd.concat(rows, ignore_index=True)
    table = Table(
        "csat",
        f"CSAT: Anteil zufriedener Antworten (Wert ≥ {level} von 5), gesamt und je Periode",
        f"CSAT: share of satisfied responses (score ≥ {level} of 5), overall and per period",
        [
            *PERIOD_COLUMNS,
            Column("n", *both("responses"), "count"),
            Column("satisfied", f"zufrieden (≥ {level})", f"satisfied (≥ {level})", "count"),
            Column("share_pct", *both("share satisfied"), "percent"),
            Column("low_pct", *both("95 % CI low (Wilson)"), "percent"),
            Column("high_pct", *both("95 % CI high (Wilson)"), "percent"),
        ],
        frame,
    )
    return total, table


#: The surveys of the value table: code, German and English label.
SURVEY_LABELS = (
    ("nps", *both("NPS (0–10)")),
    ("csat", *both("CSAT (1–5)")),
    ("smcss", *both("SMCSS (1–10)")),
)


def _value_row(value: SatisfactionValue) -> dict[str, Any]:
    o, m = value.outcomes, value.model
    return {
        "survey": value.survey,
        "horizon_days": o.horizon_days,
        "responses_used": len(o.frame),
        "too_recent": o.too_recent,
        "anonymous": o.anonymous,
        "marginal_pp": m.marginal.value,
        "marginal_low": m.marginal.low,
        "marginal_high": m.marginal.high,
        "revenue_per_repurchaser": value.revenue_per_repurchaser.value,
        "revenue_per_repurchaser_low": value.revenue_per_repurchaser.low,
        "revenue_per_repurchaser_high": value.revenue_per_repurchaser.high,
        "customers_per_year": value.customers_per_year,
        "revenue_per_point": value.revenue_per_point.value,
        "revenue_per_point_low": value.revenue_per_point.low,
        "revenue_per_point_high": value.revenue_per_point.high,
    }


def _value_tables(
    value: SatisfactionValue, lang: str, others: Sequence[SatisfactionValue] = ()
) -> list[Table]:
    by_score = value.by_score.assign(group=value.by_score["score"].astype(str))
    by_class = value.by_class.assign(
        group=[_l(CLASS_LABEL[c], lang) for c in value.by_class["class"]]
    )
    rates = pd.concat(
        [by_score.drop(columns=["score"]), by_class.drop(columns=["class"])], ignore_index=True
    )
    o = value.outcomes
    summary = pd.DataFrame(
        [_value_row(v) for v in (value, *others) if v.survey == "nps" or len(v.outcomes.frame)]
    )
    h = o.horizon_days
    return [
        Table(
            "value_of_satisfaction",
            *both(
                "Value of satisfaction: repurchase per point (NPS, CSAT, SMCSS) and revenue per "
                "point of improvement (association, not proven cause)"
            ),
            [
                Column("survey", *both("survey"), labels=SURVEY_LABELS),
                Column(
                    "horizon_days",
                    *both("days after the response"),
                    "count",
                ),
                Column("responses_used", *both("responses counted"), "count"),
                Column(
                    "too_recent",
                    *both("left out: fewer than {days} days of data after", lambda _: {"days": h}),
                    "count",
                ),
                Column("anonymous", *both("left out: anonymous"), "count"),
                Column(
                    "marginal_pp",
                    *both("repurchase per point (pp)"),
                    "points",
                ),
                Column(
                    "marginal_low",
                    *both("repurchase per point: 95 % CI low (pp)"),
                    "points",
                ),
                Column(
                    "marginal_high",
                    *both("repurchase per point: 95 % CI high (pp)"),
                    "points",
                ),
                Column(
                    "revenue_per_repurchaser",
                    *both(
                        "revenue per repurchasing customer in {days} days", lambda _: {"days": h}
                    ),
                    "money",
                ),
                Column(
                    "revenue_per_repurchaser_low",
                    *both("revenue per repurchasing customer: 95 % CI low"),
                    "money",
                ),
                Column(
                    "revenue_per_repurchaser_high",
                    *both("revenue per repurchasing customer: 95 % CI high"),
                    "money",
                ),
                Column(
                    "customers_per_year",
                    *both("customers surveyed per year"),
                    "count",
                ),
                Column(
                    "revenue_per_point",
                    *both("revenue per point of improvement (per year)"),
                    "money",
                ),
                Column(
                    "revenue_per_point_low",
                    *both("revenue per point: 95 % CI low"),
                    "money",
                ),
                Column(
                    "revenue_per_point_high",
                    *both("revenue per point: 95 % CI high"),
                    "money",
                ),
            ],
            summary,
        ),
        Table(
            "repurchase_by_score",
            f"Wiederkaufrate in {h} Tagen nach der NPS-Antwort je Wert und Klasse (Wilson-KI)",
            f"Repurchase rate in the {h} days after the NPS response by score and class "
            "(Wilson CI)",
            [Column("group", *both("NPS score or class")), *RATE_COLUMNS],
            rates,
        ),
    ]


# -- findings


def _nps_text(overall: sat.NpsResult, trend: pd.DataFrame, unit: str, lang: str) -> str:
    text = tr(
        lang,
        "NPS {nps} (95 % CI {range}) from {n} responses",
        nps=_num(overall.nps, lang),
        range=_range(overall.low, overall.high, lang),
        n=fmt.number(overall.n, lang),
    )
    if len(trend) >= 2:
        last, before = trend.iloc[-1], trend.iloc[-2]
        if last["n"] > 0:
            text += tr(
                lang,
                "; {latest} ({period}) {nps}",
                latest=tr(lang, LATEST[unit]),
                period=last["period"],
                nps=_num(float(last["nps"]), lang),
            )
            if before["n"] > 0:
                text += tr(
                    lang,
                    ", {change} points {previous}",
                    change=_signed(float(last["change"]), lang),
                    previous=tr(lang, PREVIOUS[unit]),
                )
    return text + "."


def _nps_findings(
    overall: sat.NpsResult, trend: pd.DataFrame, unit: str, drop: float
) -> list[Finding]:
    if overall.n == 0:
        return [Finding(*both("No NPS responses in the period."))]
    out = [Finding(_nps_text(overall, trend, unit, "de"), _nps_text(overall, trend, unit, "en"))]
    alarm = _nps_drop(trend, drop)
    if alarm is not None:
        out.append(
            Finding(
                *both(
                    "Alarm: the NPS fell by {fall} points in {period} (from {previous} to {nps}); "
                    "alarm threshold {drop} points.",
                    lambda lang: {
                        "fall": _num(-alarm["value"], lang, 1),
                        "period": alarm["period"],
                        "previous": _num(alarm["previous_nps"], lang),
                        "nps": _num(alarm["nps"], lang),
                        "drop": _num(drop, lang, 1),
                    },
                ),
                "alarm",
            )
        )
    return out


def _smcss_alarm(row: dict[Any, Any], threshold: float) -> Callable[[str], dict[str, object]]:
    return lambda lang: {
        "platform": row["platform"],
        "mean": _num(row["mean"], lang, 2),
        "range": _range(row["low"], row["high"], lang, 2),
        "n": fmt.number(row["n"], lang),
        "threshold": _num(threshold, lang, 1),
    }


def _smcss_findings(platforms: pd.DataFrame, threshold: float) -> list[Finding]:
    out: list[Finding] = []
    with_data = platforms[platforms["n"] > 0]
    for row in with_data.to_dict("records"):
        if not row["alarm"]:
            continue
        out.append(
            Finding(
                *both(
                    "Alarm: SMCSS on {platform} {mean} (95 % CI {range}, {n} responses) lies "
                    "below the benchmark {threshold}.",
                    _smcss_alarm(row, threshold),
                ),
                "alarm",
            )
        )
    if len(with_data) and not out:
        out.append(
            Finding(
                *both(
                    "SMCSS on every platform at or above the benchmark {threshold}.",
                    lambda lang: {"threshold": _num(threshold, lang, 1)},
                ),
                "good",
            )
        )
    return out


def _csat_finding(total: sat.CsatResult, level: int) -> list[Finding]:
    if total.n == 0:
        return []
    share, low, high = 100 * total.share, 100 * total.low, 100 * total.high
    return [
        Finding(
            *both(
                "CSAT: {share} % satisfied (score ≥ {level} of 5; 95 % CI {range} %) from {n} "
                "responses.",
                lambda lang: {
                    "share": _num(share, lang, 1),
                    "level": level,
                    "range": _range(low, high, lang, 1),
                    "n": fmt.number(total.n, lang),
                },
            )
        )
    ]


#: The measures of the fans' recommendation table (code, German, English).
RECOMMEND_LABELS = (
    ("promoter_share", *both("share of promoters (%)")),
    ("nps", *both("NPS")),
)


def _recommend(ws: Store) -> tuple[list[Table], list[Finding]]:
    """Do fans recommend more: the table and a finding (none when too few answered)."""
    from bindung.insights.recommend import LITERATURE_PERCENT, NotComparable, fans_recommend

    try:
        r = shared(ws, ("satisfaction.recommend",), lambda: fans_recommend(ws))
    except NotComparable as exc:
        german, english = (
            tr(lang, "Do fans recommend more? Not measurable: {problem}", problem=problem)
            for lang, problem in (("de", exc.de), ("en", exc.en))
        )
        return [], [Finding(german, english)]
    table = Table(
        "fans_recommend",
        *both(
            "Do fans recommend more? Last NPS answer of {fans} fans against {others} customers "
            "without social engagement, weighted to the same history",
            lambda lang: {
                "fans": fmt.number(r.n_fans, lang),
                "others": fmt.number(r.n_others, lang),
            },
        ),
        [
            Column("measure", *pboth("recommendation", "measure"), labels=RECOMMEND_LABELS),
            Column("fans", *both("fans"), "score"),
            Column("comparable", *both("comparable non-fans"), "score"),
            Column("others", *both("all non-fans"), "score"),
            Column("difference", *both("difference (points)"), "points"),
            Column("low", *pboth("interval", "95 % CI low"), "points"),
            Column("high", *pboth("interval", "95 % CI high"), "points"),
            Column("percent", *both("fans recommend more (%)"), "percent"),
            Column("percent_low", *both("95 % CI low (%)"), "percent"),
            Column("percent_high", *both("95 % CI high (%)"), "percent"),
        ],
        r.frame,
    )
    row = {k: float(v) for k, v in r.frame.iloc[0].drop("measure").items()}  # promoter share
    finding = Finding(
        *both(
            "{fans} % of fans are promoters, {comparable} % of comparable customers without "
            "social engagement: fans recommend {percent} % more often (95 % CI {range} %; source "
            "001 says +{claim} %).",
            lambda lang: {
                "fans": _num(row["fans"], lang, 1),
                "comparable": _num(row["comparable"], lang, 1),
                "percent": _num(row["percent"], lang, 0),
                "range": _range(row["percent_low"], row["percent_high"], lang, 0),
                "claim": fmt.number(LITERATURE_PERCENT, lang, 0),
            },
        )
    )
    return [table], [finding]


def _survey_value(ws: Store, survey: str) -> SatisfactionValue:
    """The value of one point of ``survey`` (made once per refresh)."""
    found: SatisfactionValue = shared(
        ws, ("satisfaction.value", survey), lambda: satisfaction_value(ws, survey=survey)
    )
    return found


def _more_often(value: float, lang: str) -> str:
    """ "more often" / "less often" after "percentage points"."""
    return tr(lang, "more often") if value >= 0 else tr(lang, "less often")


def _point_finding(value: SatisfactionValue, currency: str) -> list[Finding]:
    """One sentence on what one point of a CSAT or SMCSS score goes with (nothing when the
    survey has no responses to count or the effect cannot be estimated)."""
    m, rpp = value.model, value.revenue_per_point
    if not len(value.outcomes.frame) or math.isnan(m.marginal.value):
        return []
    return [
        Finding(
            *both(
                "Per {name} point, customers bought again {points} percentage points {more} in "
                "the {days} days after the response (95 % CI {range}; {n} responses): about "
                "{revenue} revenue per point a year (95 % CI {low} to {high}).",
                lambda lang: {
                    "name": value.survey.upper(),
                    "points": _num(abs(m.marginal.value), lang, 1),
                    "more": _more_often(m.marginal.value, lang),
                    "days": value.outcomes.horizon_days,
                    "range": _range(m.marginal.low, m.marginal.high, lang, 1),
                    "n": fmt.number(len(value.outcomes.frame), lang),
                    "revenue": _money(rpp.value, lang, currency),
                    "low": _money(rpp.low, lang, currency),
                    "high": _money(rpp.high, lang, currency),
                },
            )
        )
    ]


def _value_findings(value: SatisfactionValue, currency: str) -> list[Finding]:
    o, m = value.outcomes, value.model
    h = o.horizon_days

    def left(lang: str) -> str:
        return tr(
            lang,
            "{recent} responses with fewer than {days} days of data after them and {anonymous} "
            "anonymous ones left out",
            recent=fmt.number(o.too_recent, lang),
            days=h,
            anonymous=fmt.number(o.anonymous, lang),
        )

    if math.isnan(m.marginal.value):
        return [
            Finding(
                *both(
                    "The relation between NPS score and buying again cannot be estimated ({n} "
                    "responses; {left}).",
                    lambda lang: {"n": fmt.number(len(o.frame), lang), "left": left(lang)},
                )
            )
        ]
    rates = value.by_class.set_index("class")["rate_pct"]
    promoters, detractors = float(rates["promoters"]), float(rates["detractors"])
    out = [
        Finding(
            *both(
                "Per NPS point, customers bought again {points} percentage points {more} in the "
                "{days} days after the response (95 % CI {range}; logistic regression over {n} "
                "responses; {left}). Promoters bought again at {promoters} %, detractors at "
                "{detractors} %.",
                lambda lang: {
                    "points": _num(abs(m.marginal.value), lang, 1),
                    "more": _more_often(m.marginal.value, lang),
                    "days": h,
                    "range": _range(m.marginal.low, m.marginal.high, lang, 1),
                    "n": fmt.number(len(o.frame), lang),
                    "left": left(lang),
                    "promoters": _num(promoters, lang, 1),
                    "detractors": _num(detractors, lang, 1),
                },
            )
        )
    ]
    rpp, per = value.revenue_per_point, value.revenue_per_repurchaser.value
    if not math.isnan(rpp.value):
        out.append(
            Finding(
                *both(
                    "Revenue per point of improvement = (pp per point / 100) × customers surveyed "
                    "per year × revenue per repurchasing customer = ({points} / 100) × "
                    "{customers} × {per} = {revenue} per year (95 % CI {low} to {high}, from the "
                    "uncertainty of the per-point effect only).",
                    lambda lang: {
                        "points": _num(m.marginal.value, lang, 2),
                        "customers": fmt.number(value.customers_per_year, lang),
                        "per": _money(per, lang, currency),
                        "revenue": _money(rpp.value, lang, currency),
                        "low": _money(rpp.low, lang, currency),
                        "high": _money(rpp.high, lang, currency),
                    },
                )
            )
        )
    out.append(
        Finding(
            *both(
                "This is an association, not proven cause: satisfied customers may buy again for "
                "other reasons; a measure that raises the score need not raise buying again by "
                "the same amount."
            ),
            "warning",
        )
    )
    return out


# -- the section


def satisfaction_section(
    ws: Store,
    *,
    period: str = "month",
    start: str | date | None = None,
    end: str | date | None = None,
    points: float | None = None,
    cost: float | None = None,
) -> Section:
    """The satisfaction section: tables ``nps_overall``, ``nps_trend``, ``nps_by_segment``,
    ``nps_by_channel``, ``smcss_by_platform``, ``csat``, ``value_of_satisfaction`` and
    ``repurchase_by_score``, the findings and the alarms (see the module docstring).

    With ``points`` and ``cost``: also ``measure_roi``, the ROI of a measure expected to raise
    the NPS score by ``points`` at that cost (:func:`satisfaction_roi`, workspace margin)."""
    if (points is None) != (cost is None):
        raise BindungError("--points and --cost go together: give both")
    settings = ws.settings
    lang = settings.lang
    unknown = _l(UNKNOWN, lang)
    grid = _grid(ws, period, start, end)
    overall, trend, nps_tables = _nps_tables(ws, grid, unknown)
    platforms, smcss_table = _smcss_table(ws, grid, unknown, lang)
    csat_total, csat_table = _csat_table(ws, grid, lang)
    # the same for every period and language: made once per refresh
    value = shared(ws, ("satisfaction.value",), lambda: satisfaction_value(ws))
    others = [_survey_value(ws, s) for s in ("csat", "smcss")]
    recommend_tables, recommend_findings = _recommend(ws)
    threshold = float(settings.alert_smcss_below)
    findings = [
        *_nps_findings(overall, trend, period, float(settings.alert_nps_drop_points)),
        *_smcss_findings(platforms, threshold),
        *_csat_finding(csat_total, settings.csat_satisfied_from),
        *_value_findings(value, settings.currency),
        *[f for v in others for f in _point_finding(v, settings.currency)],
        *recommend_findings,
    ]
    meta = {
        "period": period,
        "start": grid.starts[0] if grid is not None else None,
        "end": grid.starts[-1] if grid is not None else None,
        "timezone": settings.timezone,
        "currency": settings.currency,
        "csat_satisfied_from": settings.csat_satisfied_from,
        "alert_smcss_below": threshold,
        "alert_nps_drop_points": float(settings.alert_nps_drop_points),
        "horizon_days": value.outcomes.horizon_days,
        "data_end": value.outcomes.data_end,
        "revenue_per_point_formula": "(pp per point / 100) × customers surveyed per year × "
        "revenue per repurchasing customer",
    }
    extra: list[Table] = []
    if points is not None and cost is not None:
        roi_table, roi_finding = _measure_roi(value, points, cost, settings)
        extra.append(roi_table)
        findings.append(roi_finding)
    return Section(
        "satisfaction",
        *both("Satisfaction"),
        [
            *nps_tables,
            smcss_table,
            csat_table,
            *_value_tables(value, lang, others),
            *recommend_tables,
            *extra,
        ],
        findings,
        meta,
    )


def _measure_roi(value: Any, points: float, cost: float, settings: Any) -> tuple[Table, Finding]:
    margin = float(settings.margin)
    roi = satisfaction_roi(value.revenue_per_point, points, cost, margin)
    frame = pd.DataFrame(
        [
            {
                "points": points,
                "cost": cost,
                "margin": margin * 100,
                "revenue_per_point": value.revenue_per_point.value,
                "roi": roi.value,
                "low": roi.low,
                "high": roi.high,
            }
        ]
    )
    table = Table(
        "measure_roi",
        *both("ROI of a measure for more satisfaction"),
        [
            Column("points", *both("score points gained (0–10)"), "score"),
            Column("cost", *both("cost"), "money"),
            Column("margin", *both("margin"), "percent"),
            Column("revenue_per_point", *both("revenue per point a year"), "money"),
            Column("roi", *both("ROI %"), "percent"),
            Column("low", *both("95 % CI from"), "percent"),
            Column("high", *both("95 % CI to"), "percent"),
        ],
        frame,
    )
    return table, Finding(
        *both(
            "ROI of the measure: (({revenue} × {points} × {margin} %) − {cost}) / {cost} × 100 = "
            "{roi} % (CI {low} … {high} %); an association, not a proven effect.",
            lambda lang: {
                "revenue": fmt.number(value.revenue_per_point.value, lang, 2),
                "points": fmt.number(points, lang, 1),
                "margin": fmt.number(margin * 100, lang, 0),
                "cost": fmt.number(cost, lang, 2),
                "roi": fmt.number(roi.value, lang, 1),
                "low": fmt.number(roi.low, lang, 1),
                "high": fmt.number(roi.high, lang, 1),
            },
        )
    )
