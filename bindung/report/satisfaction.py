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
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import pandas as pd

from bindung.errors import BindungError
from bindung.insights import satisfaction as sat
from bindung.insights.satisfaction_value import (
    SatisfactionValue,
    satisfaction_roi,
    satisfaction_value,
)
from bindung.metrics.periods import UNITS, Grid, window_day
from bindung.report import format as fmt
from bindung.report import tables
from bindung.report.tables import Column, Finding, Level, Section, Table
from bindung.store.protocol import shared

if TYPE_CHECKING:
    from bindung.store.protocol import Store

__all__ = ["satisfaction_alerts", "satisfaction_section"]

UNKNOWN = {"de": "unbekannt", "en": "unknown"}
TOTAL = {"de": "gesamt", "en": "total"}
ALL_PLATFORMS = {"de": "alle Plattformen", "en": "all platforms"}
CLASS_LABEL = {
    "promoters": {"de": "Promotoren (9–10)", "en": "promoters (9–10)"},
    "passives": {"de": "Passive (7–8)", "en": "passives (7–8)"},
    "detractors": {"de": "Kritiker (0–6)", "en": "detractors (0–6)"},
}
# (latest period, against the previous period) by unit
LATEST = {
    "week": ("in der letzten Woche", "in the latest week"),
    "month": ("im letzten Monat", "in the latest month"),
    "quarter": ("im letzten Quartal", "in the latest quarter"),
    "year": ("im letzten Jahr", "in the latest year"),
}
PREVIOUS = {
    "week": ("gegenüber der Vorwoche", "against the previous week"),
    "month": ("gegenüber dem Vormonat", "against the previous month"),
    "quarter": ("gegenüber dem Vorquartal", "against the previous quarter"),
    "year": ("gegenüber dem Vorjahr", "against the previous year"),
}

PERIOD_COLUMNS = tables.PERIOD_COLUMNS[:3]  # no "partial": responses have no data end
NPS_COLUMNS = (
    Column("n", "Antworten", "responses", "count"),
    Column("promoters", "Promotoren (9–10)", "promoters (9–10)", "count"),
    Column("passives", "Passive (7–8)", "passives (7–8)", "count"),
    Column("detractors", "Kritiker (0–6)", "detractors (0–6)", "count"),
    Column("promoter_pct", "Anteil Promotoren", "promoter share", "percent"),
    Column("passive_pct", "Anteil Passive", "passive share", "percent"),
    Column("detractor_pct", "Anteil Kritiker", "detractor share", "percent"),
    Column("nps", "NPS", "NPS", "points"),
    Column("low", "NPS 95-%-KI von", "NPS 95 % CI low", "points"),
    Column("high", "NPS 95-%-KI bis", "NPS 95 % CI high", "points"),
)
RATE_COLUMNS = (
    Column("n", "Antworten", "responses", "count"),
    Column("repurchased", "kauften wieder", "bought again", "count"),
    Column("rate_pct", "Wiederkaufrate", "repurchase rate", "percent"),
    Column("low_pct", "95-%-KI von", "95 % CI low", "percent"),
    Column("high_pct", "95-%-KI bis", "95 % CI high", "percent"),
)


def _l(pair: dict[str, str], lang: str) -> str:
    return pair["de" if lang == "de" else "en"]


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
        sep = " bis " if lang == "de" else " to "
        return _num(low, lang, decimals) + sep + _num(high, lang, decimals)
    return _num(low, lang, decimals) + "–" + _num(high, lang, decimals)


def _money(value: float, lang: str, currency: str) -> str:
    return fmt.value(value, "money", lang, currency)


def _both(de: str, en: str, level: Level = "info") -> Finding:
    return Finding(de, en, level)


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
            "NPS gesamt (Promotoren 9–10 minus Kritiker 0–6, 95-%-KI)",
            "NPS overall (promoters 9–10 minus detractors 0–6, 95 % CI)",
            NPS_COLUMNS,
            pd.DataFrame([sat.nps_split(overall)]),
        ),
        Table(
            "nps_trend",
            "NPS je Periode (Zeitzone des Arbeitsbereichs)",
            "NPS per period (workspace time zone)",
            [
                *PERIOD_COLUMNS,
                Column("partial", "unvollständig", "partial", "flag"),
                *NPS_COLUMNS,
                Column(
                    "change", "Veränderung ggü. Vorperiode", "change vs previous period", "points"
                ),
            ],
            trend,
        ),
        Table(
            "nps_by_segment",
            "NPS je Kundensegment",
            "NPS by customer segment",
            [Column("segment", "Kundensegment", "customer segment"), *NPS_COLUMNS],
            segment,
        ),
        Table(
            "nps_by_channel",
            "NPS je Kanal: Kanal der Umfrage bzw. Akquisekanal des Kunden",
            "NPS by channel: the survey's channel or the customer's acquisition channel",
            [
                Column("survey_channel", "Kanal der Umfrage", "survey channel"),
                Column(
                    "acquisition_channel",
                    "Akquisekanal des Kunden",
                    "customer's acquisition channel",
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
            Column("platform", "Plattform", "platform"),
            Column("n", "Antworten", "responses", "count"),
            Column("mean", "SMCSS", "SMCSS", "score"),
            Column("low", "95-%-KI von", "95 % CI low", "score"),
            Column("high", "95-%-KI bis", "95 % CI high", "score"),
            Column("threshold", "Richtwert", "benchmark", "score"),
            Column("alarm", "unter Richtwert", "below benchmark", "flag"),
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
            Column("n", "Antworten", "responses", "count"),
            Column("satisfied", f"zufrieden (≥ {level})", f"satisfied (≥ {level})", "count"),
            Column("share_pct", "Anteil zufrieden", "share satisfied", "percent"),
            Column("low_pct", "95-%-KI von (Wilson)", "95 % CI low (Wilson)", "percent"),
            Column("high_pct", "95-%-KI bis (Wilson)", "95 % CI high (Wilson)", "percent"),
        ],
        frame,
    )
    return total, table


#: The surveys of the value table: code, German and English label.
SURVEY_LABELS = (
    ("nps", "NPS (0–10)", "NPS (0–10)"),
    ("csat", "CSAT (1–5)", "CSAT (1–5)"),
    ("smcss", "SMCSS (1–10)", "SMCSS (1–10)"),
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
            "Wert der Zufriedenheit: Wiederkauf je Punkt (NPS, CSAT, SMCSS) und Umsatz je Punkt "
            "Verbesserung (Zusammenhang, kein Beweis der Ursache)",
            "Value of satisfaction: repurchase per point (NPS, CSAT, SMCSS) and revenue per point "
            "of improvement (association, not proven cause)",
            [
                Column("survey", "Befragung", "survey", labels=SURVEY_LABELS),
                Column(
                    "horizon_days",
                    "Zeitraum nach der Antwort (Tage)",
                    "days after the response",
                    "count",
                ),
                Column("responses_used", "gezählte Antworten", "responses counted", "count"),
                Column(
                    "too_recent",
                    f"nicht gezählt: weniger als {h} Tage Daten danach",
                    f"left out: fewer than {h} days of data after",
                    "count",
                ),
                Column("anonymous", "nicht gezählt: anonym", "left out: anonymous", "count"),
                Column(
                    "marginal_pp",
                    "Wiederkauf je Punkt (Pp)",
                    "repurchase per point (pp)",
                    "points",
                ),
                Column(
                    "marginal_low",
                    "Wiederkauf je Punkt: 95-%-KI von (Pp)",
                    "repurchase per point: 95 % CI low (pp)",
                    "points",
                ),
                Column(
                    "marginal_high",
                    "Wiederkauf je Punkt: 95-%-KI bis (Pp)",
                    "repurchase per point: 95 % CI high (pp)",
                    "points",
                ),
                Column(
                    "revenue_per_repurchaser",
                    f"Umsatz je Wiederkäufer in {h} Tagen",
                    f"revenue per repurchasing customer in {h} days",
                    "money",
                ),
                Column(
                    "revenue_per_repurchaser_low",
                    "Umsatz je Wiederkäufer: 95-%-KI von",
                    "revenue per repurchasing customer: 95 % CI low",
                    "money",
                ),
                Column(
                    "revenue_per_repurchaser_high",
                    "Umsatz je Wiederkäufer: 95-%-KI bis",
                    "revenue per repurchasing customer: 95 % CI high",
                    "money",
                ),
                Column(
                    "customers_per_year",
                    "befragte Kunden je Jahr",
                    "customers surveyed per year",
                    "count",
                ),
                Column(
                    "revenue_per_point",
                    "Umsatz je Punkt Verbesserung (je Jahr)",
                    "revenue per point of improvement (per year)",
                    "money",
                ),
                Column(
                    "revenue_per_point_low",
                    "Umsatz je Punkt: 95-%-KI von",
                    "revenue per point: 95 % CI low",
                    "money",
                ),
                Column(
                    "revenue_per_point_high",
                    "Umsatz je Punkt: 95-%-KI bis",
                    "revenue per point: 95 % CI high",
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
            [Column("group", "NPS-Wert bzw. Klasse", "NPS score or class"), *RATE_COLUMNS],
            rates,
        ),
    ]


# -- findings


def _nps_findings(
    overall: sat.NpsResult, trend: pd.DataFrame, unit: str, drop: float
) -> list[Finding]:
    if overall.n == 0:
        return [_both("Keine NPS-Antworten im Zeitraum.", "No NPS responses in the period.")]
    de = (
        f"NPS {_num(overall.nps, 'de')} (95 % KI {_range(overall.low, overall.high, 'de')}) "
        f"aus {fmt.number(overall.n, 'de')} Antworten"
    )
    en = (
        f"NPS {_num(overall.nps, 'en')} (95 % CI {_range(overall.low, overall.high, 'en')}) "
        f"from {fmt.number(overall.n, 'en')} responses"
    )
    out: list[Finding] = []
    if len(trend) >= 2:
        last, before = trend.iloc[-1], trend.iloc[-2]
        latest_de, latest_en = LATEST[unit]
        prev_de, prev_en = PREVIOUS[unit]
        if last["n"] > 0:
            de += f"; {latest_de} ({last['period']}) {_num(float(last['nps']), 'de')}"
            en += f"; {latest_en} ({last['period']}) {_num(float(last['nps']), 'en')}"
            if before["n"] > 0:
                change = float(last["change"])
                de += f", {prev_de} {_signed(change, 'de')} Punkte"
                en += f", {_signed(change, 'en')} points {prev_en}"
    out.append(_both(de + ".", en + "."))
    alarm = _nps_drop(trend, drop)
    if alarm is not None:
        out.append(
            _both(
                f"Alarm: Der NPS fiel in {alarm['period']} um "
                f"{_num(-alarm['value'], 'de', 1)} Punkte (von {_num(alarm['previous_nps'], 'de')} "
                f"auf {_num(alarm['nps'], 'de')}); Alarmschwelle {_num(drop, 'de', 1)} Punkte.",
                f"Alarm: the NPS fell by {_num(-alarm['value'], 'en', 1)} points in "
                f"{alarm['period']} (from {_num(alarm['previous_nps'], 'en')} to "
                f"{_num(alarm['nps'], 'en')}); alarm threshold {_num(drop, 'en', 1)} points.",
                "alarm",
            )
        )
    return out


def _smcss_findings(platforms: pd.DataFrame, threshold: float) -> list[Finding]:
    out: list[Finding] = []
    with_data = platforms[platforms["n"] > 0]
    for row in with_data.to_dict("records"):
        if not row["alarm"]:
            continue
        p = row["platform"]
        out.append(
            _both(
                f"Alarm: SMCSS auf {p} {_num(row['mean'], 'de', 2)} (95 % KI "
                f"{_range(row['low'], row['high'], 'de', 2)}, {fmt.number(row['n'], 'de')} "
                f"Antworten) liegt unter dem Richtwert {_num(threshold, 'de', 1)}.",
                f"Alarm: SMCSS on {p} {_num(row['mean'], 'en', 2)} (95 % CI "
                f"{_range(row['low'], row['high'], 'en', 2)}, {fmt.number(row['n'], 'en')} "
                f"responses) lies below the benchmark {_num(threshold, 'en', 1)}.",
                "alarm",
            )
        )
    if len(with_data) and not out:
        out.append(
            _both(
                "SMCSS auf allen Plattformen mindestens beim Richtwert "
                f"{_num(threshold, 'de', 1)}.",
                f"SMCSS on every platform at or above the benchmark {_num(threshold, 'en', 1)}.",
                "good",
            )
        )
    return out


def _csat_finding(total: sat.CsatResult, level: int) -> list[Finding]:
    if total.n == 0:
        return []
    share, low, high = 100 * total.share, 100 * total.low, 100 * total.high
    return [
        _both(
            f"CSAT: {_num(share, 'de', 1)} % zufrieden (Wert ≥ {level} von 5; 95 % KI "
            f"{_range(low, high, 'de', 1)} %) aus {fmt.number(total.n, 'de')} Antworten.",
            f"CSAT: {_num(share, 'en', 1)} % satisfied (score ≥ {level} of 5; 95 % CI "
            f"{_range(low, high, 'en', 1)} %) from {fmt.number(total.n, 'en')} responses.",
        )
    ]


#: The measures of the fans' recommendation table (code, German, English).
RECOMMEND_LABELS = (
    ("promoter_share", "Anteil Promotoren (%)", "share of promoters (%)"),
    ("nps", "NPS", "NPS"),
)


def _recommend(ws: Store) -> tuple[list[Table], list[Finding]]:
    """Do fans recommend more: the table and a finding (none when too few answered)."""
    from bindung.insights.recommend import LITERATURE_PERCENT, fans_recommend

    try:
        r = shared(ws, ("satisfaction.recommend",), lambda: fans_recommend(ws))
    except BindungError as exc:
        return [], [
            _both(
                f"Empfehlen Fans mehr? Nicht messbar: {exc}",
                f"Do fans recommend more? Not measurable: {exc}",
            )
        ]
    table = Table(
        "fans_recommend",
        f"Empfehlen Fans mehr? Letzte NPS-Antwort von {fmt.number(r.n_fans, 'de')} Fans gegen "
        f"{fmt.number(r.n_others, 'de')} Kunden ohne Social-Media-Kontakt, gewichtet auf "
        "gleiche Vorgeschichte",
        f"Do fans recommend more? Last NPS answer of {fmt.number(r.n_fans, 'en')} fans against "
        f"{fmt.number(r.n_others, 'en')} customers without social engagement, weighted to the "
        "same history",
        [
            Column("measure", "Maß", "measure", labels=RECOMMEND_LABELS),
            Column("fans", "Fans", "fans", "score"),
            Column("comparable", "vergleichbare Nicht-Fans", "comparable non-fans", "score"),
            Column("others", "alle Nicht-Fans", "all non-fans", "score"),
            Column("difference", "Unterschied (Punkte)", "difference (points)", "points"),
            Column("low", "95-%-KI von", "95 % CI low", "points"),
            Column("high", "95-%-KI bis", "95 % CI high", "points"),
            Column("percent", "Fans empfehlen häufiger (%)", "fans recommend more (%)", "percent"),
            Column("percent_low", "95-%-KI von (%)", "95 % CI low (%)", "percent"),
            Column("percent_high", "95-%-KI bis (%)", "95 % CI high (%)", "percent"),
        ],
        r.frame,
    )
    row = {k: float(v) for k, v in r.frame.iloc[0].drop("measure").items()}  # promoter share
    claim = fmt.number(LITERATURE_PERCENT, "de", 0)
    finding = _both(
        f"Fans sind zu {_num(row['fans'], 'de', 1)} % Promotoren, vergleichbare Kunden ohne "
        f"Social-Media-Kontakt zu {_num(row['comparable'], 'de', 1)} %: Fans empfehlen "
        f"{_num(row['percent'], 'de', 0)} % häufiger (95 % KI "
        f"{_range(row['percent_low'], row['percent_high'], 'de', 0)} %; Quelle 001 nennt "
        f"+{claim} %).",
        f"{_num(row['fans'], 'en', 1)} % of fans are promoters, {_num(row['comparable'], 'en', 1)} "
        f"% of comparable customers without social engagement: fans recommend "
        f"{_num(row['percent'], 'en', 0)} % more often (95 % CI "
        f"{_range(row['percent_low'], row['percent_high'], 'en', 0)} %; source 001 says "
        f"+{fmt.number(LITERATURE_PERCENT, 'en', 0)} %).",
    )
    return [table], [finding]


def _survey_value(ws: Store, survey: str) -> SatisfactionValue:
    """The value of one point of ``survey`` (made once per refresh)."""
    found: SatisfactionValue = shared(
        ws, ("satisfaction.value", survey), lambda: satisfaction_value(ws, survey=survey)
    )
    return found


def _point_finding(value: SatisfactionValue, currency: str) -> list[Finding]:
    """One sentence on what one point of a CSAT or SMCSS score goes with (nothing when the
    survey has no responses to count or the effect cannot be estimated)."""
    m, rpp = value.model, value.revenue_per_point
    if not len(value.outcomes.frame) or math.isnan(m.marginal.value):
        return []
    name = value.survey.upper()
    h = value.outcomes.horizon_days
    more_de, more_en = (
        ("häufiger", "more often") if m.marginal.value >= 0 else ("seltener", "less often")
    )
    return [
        _both(
            f"Je {name}-Punkt kauften Kunden in den {h} Tagen nach der Antwort um "
            f"{_num(abs(m.marginal.value), 'de', 1)} Prozentpunkte {more_de} wieder (95 % KI "
            f"{_range(m.marginal.low, m.marginal.high, 'de', 1)}; "
            f"{fmt.number(len(value.outcomes.frame), 'de')} Antworten): etwa "
            f"{_money(rpp.value, 'de', currency)} Umsatz je Punkt und Jahr (95 % KI "
            f"{_money(rpp.low, 'de', currency)} bis {_money(rpp.high, 'de', currency)}).",
            f"Per {name} point, customers bought again {_num(abs(m.marginal.value), 'en', 1)} "
            f"percentage points {more_en} in the {h} days after the response (95 % CI "
            f"{_range(m.marginal.low, m.marginal.high, 'en', 1)}; "
            f"{fmt.number(len(value.outcomes.frame), 'en')} responses): about "
            f"{_money(rpp.value, 'en', currency)} revenue per point a year (95 % CI "
            f"{_money(rpp.low, 'en', currency)} to {_money(rpp.high, 'en', currency)}).",
        )
    ]


def _value_findings(value: SatisfactionValue, currency: str) -> list[Finding]:
    o, m = value.outcomes, value.model
    h = o.horizon_days
    left_de = (
        f"{fmt.number(o.too_recent, 'de')} Antworten mit weniger als {h} Tagen Daten danach und "
        f"{fmt.number(o.anonymous, 'de')} anonyme nicht gezählt"
    )
    left_en = (
        f"{fmt.number(o.too_recent, 'en')} responses with fewer than {h} days of data after them "
        f"and {fmt.number(o.anonymous, 'en')} anonymous ones left out"
    )
    if math.isnan(m.marginal.value):
        return [
            _both(
                f"Der Zusammenhang zwischen NPS-Wert und Wiederkauf lässt sich nicht schätzen "
                f"({fmt.number(len(o.frame), 'de')} Antworten; {left_de}).",
                f"The relation between NPS score and buying again cannot be estimated "
                f"({fmt.number(len(o.frame), 'en')} responses; {left_en}).",
            )
        ]
    rates = value.by_class.set_index("class")["rate_pct"]
    promoters, detractors = float(rates["promoters"]), float(rates["detractors"])
    rising = m.marginal.value >= 0
    more_de, more_en = ("häufiger", "more often") if rising else ("seltener", "less often")
    out = [
        _both(
            f"Je NPS-Punkt kauften Kunden in den {h} Tagen nach der Antwort um "
            f"{_num(abs(m.marginal.value), 'de', 1)} Prozentpunkte {more_de} wieder (95 % KI "
            f"{_range(m.marginal.low, m.marginal.high, 'de', 1)}; logistische Regression über "
            f"{fmt.number(len(o.frame), 'de')} Antworten; {left_de}). Promotoren kauften zu "
            f"{_num(promoters, 'de', 1)} % wieder, Kritiker zu "
            f"{_num(detractors, 'de', 1)} %.",
            f"Per NPS point, customers bought again {_num(abs(m.marginal.value), 'en', 1)} "
            f"percentage points {more_en} in the {h} days after the response (95 % CI "
            f"{_range(m.marginal.low, m.marginal.high, 'en', 1)}; logistic regression over "
            f"{fmt.number(len(o.frame), 'en')} responses; {left_en}). Promoters bought again at "
            f"{_num(promoters, 'en', 1)} %, detractors at "
            f"{_num(detractors, 'en', 1)} %.",
        )
    ]
    rpp, per = value.revenue_per_point, value.revenue_per_repurchaser.value
    if not math.isnan(rpp.value):
        out.append(
            _both(
                "Umsatz je Punkt Verbesserung = (Pp je Punkt / 100) × befragte Kunden je Jahr × "
                f"Umsatz je Wiederkäufer = ({_num(m.marginal.value, 'de', 2)} / 100) × "
                f"{fmt.number(value.customers_per_year, 'de')} × {_money(per, 'de', currency)} = "
                f"{_money(rpp.value, 'de', currency)} je Jahr (95 % KI "
                f"{_money(rpp.low, 'de', currency)} bis {_money(rpp.high, 'de', currency)}, "
                "nur aus der Unsicherheit des Effekts je Punkt).",
                "Revenue per point of improvement = (pp per point / 100) × customers surveyed per "
                f"year × revenue per repurchasing customer = ({_num(m.marginal.value, 'en', 2)} "
                f"/ 100) × {fmt.number(value.customers_per_year, 'en')} × "
                f"{_money(per, 'en', currency)} = {_money(rpp.value, 'en', currency)} per year "
                f"(95 % CI {_money(rpp.low, 'en', currency)} to "
                f"{_money(rpp.high, 'en', currency)}, from the uncertainty of the per-point "
                "effect only).",
            )
        )
    out.append(
        _both(
            "Das ist ein Zusammenhang, kein Beweis der Ursache: zufriedene Kunden können aus "
            "anderen Gründen wieder kaufen; eine Maßnahme, die den Wert hebt, muss den Wiederkauf "
            "nicht im selben Maß heben.",
            "This is an association, not proven cause: satisfied customers may buy again for "
            "other reasons; a measure that raises the score need not raise buying again by the "
            "same amount.",
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
        "Zufriedenheit",
        "Satisfaction",
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
        "ROI einer Maßnahme für mehr Zufriedenheit",
        "ROI of a measure for more satisfaction",
        [
            Column("points", "NPS-Punkte mehr (Skala 0–10)", "score points gained (0–10)", "score"),
            Column("cost", "Kosten", "cost", "money"),
            Column("margin", "Marge", "margin", "percent"),
            Column(
                "revenue_per_point", "Umsatz je Punkt und Jahr", "revenue per point a year", "money"
            ),
            Column("roi", "ROI %", "ROI %", "percent"),
            Column("low", "95 % KI von", "95 % CI from", "percent"),
            Column("high", "95 % KI bis", "95 % CI to", "percent"),
        ],
        frame,
    )
    text = {
        lg: (
            f"(({fmt.number(value.revenue_per_point.value, lg, 2)} × {fmt.number(points, lg, 1)}"
            f" × {fmt.number(margin * 100, lg, 0)} %) − {fmt.number(cost, lg, 2)}) / "
            f"{fmt.number(cost, lg, 2)} × 100 = {fmt.number(roi.value, lg, 1)} % "
            f"({'KI' if lg == 'de' else 'CI'} {fmt.number(roi.low, lg, 1)} … "
            f"{fmt.number(roi.high, lg, 1)} %)"
        )
        for lg in ("de", "en")
    }
    return table, Finding(
        "ROI der Maßnahme: " + text["de"] + "; ein Zusammenhang, keine bewiesene Wirkung.",
        "ROI of the measure: " + text["en"] + "; an association, not a proven effect.",
    )
