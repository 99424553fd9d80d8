"""Progress towards the goals of the ``goals`` table, and a forecast to each deadline.

For every goal (metric, period label, target, priority; docs/tables.md) :func:`goal_progress`
gives:

* the **actual value** of the goal's period (a local calendar period of the workspace time
  zone, :mod:`bindung.metrics.periods`):

  - a catalogue metric: the value in ``ws.kpis(period=<unit of the label>)`` (year, quarter,
    month or week);
  - ``nps``: the NPS of the period's ``nps`` responses
    (:func:`bindung.insights.satisfaction.nps_trend`);
  - ``smcss``: the SMCSS over all platforms, i.e. the mean of the period's 1–10 ``smcss``
    survey scores (DESIGN.md, "Definitions", SMCSS), from
    :func:`bindung.insights.satisfaction.smcss_summary` over the period's UTC bounds — the
    "all platforms" row of ``bindung satisfaction``; the periods run from the first to the
    last ``smcss`` response (:func:`bindung.insights.satisfaction.survey_grid`).  Higher is
    better;
  - ``smrt_median_minutes``: the median reply time in clock minutes over all platforms
    (DESIGN.md, "Definitions", SMRT: the median over the answered mentions needing a reply,
    by the mention's time), the platform ``all`` of
    :func:`bindung.insights.social.reply_table` — the function behind ``bindung social`` — on
    the same grid as ``bindung social``: from the first to the last social activity (posts,
    interactions, mentions).  Lower is better;

  a period without any value (no SMCSS response, no answered mention needing a reply) is
  *not measured*, with the reason;
* the **status**, judged on the day ``as_of`` (a local day; default the last day with data):

  - ``met`` / ``missed``: the period has ended and its data are complete, and the value
    reaches the target (``value >= target`` when the catalogue says higher is better,
    ``value <= target`` when lower is better; for a metric without a direction ``>=``);
  - ``on track`` / ``behind``: the period is running (it holds ``as_of``, or its data stop
    before its end); judged on the forecast, or on the value so far when there is none;
  - ``not started``: the period starts after ``as_of`` (or after the data);
  - ``not measured``: no value (an unknown metric, no data in the period — for SMCSS no
    response, for the reply time no answered mention needing a reply — or a rate without a
    denominator);

* a **forecast** for a period that is running or still to come: an ordinary least-squares line
  through the last :data:`TREND_PERIODS` (6) complete periods of the same unit that lie before
  the goal's period (scipy ``linregress`` of the value on the period index), extrapolated to
  the goal's period index.  The band is the classical prediction interval of a new
  observation, ``ŷ ± t(0.975, n−2) · s · √(1 + 1/n + (x₀ − x̄)² / Sxx)`` with the residual
  standard error ``s = stderr(slope) · √Sxx`` from ``linregress``.  It is a rough 95 % band:
  it assumes a straight trend and independent errors, ignores seasonality and is wide with
  six points.  At least 3 complete periods are needed; the first period of the data (which may
  have started before the data) is not used.  The forecast ignores the partial value so far.

``as_of`` only moves the judging day: values always use every row in the store.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import stats  # type: ignore[import-untyped]

from bindung.i18n import N_, Pairs, both
from bindung.metrics import periods
from bindung.metrics.catalogue import BY_KEY
from bindung.metrics.goals import (
    EXTRA_METRICS,
    GoalError,
    higher_is_better,
    metric_unit,
    parse_period,
)
from bindung.metrics.periods import to_local_day

if TYPE_CHECKING:
    from bindung.store.protocol import Store

TREND_PERIODS = 6
MIN_TREND_POINTS = 3
CONFIDENCE = 0.95
STATUSES = ("met", "missed", "on track", "behind", "not started", "not measured")

COLUMNS = (
    "metric",
    "period",
    "target",
    "priority",
    "unit",
    "metric_unit",
    "higher_is_better",
    "start",
    "end",
    "value",
    "partial",
    "status",
    "forecast",
    "forecast_low",
    "forecast_high",
    "trend_points",
    "reason_de",
    "reason_en",
)


@dataclass(frozen=True)
class Forecast:
    """A straight-line forecast: value at ``x0`` and its rough 95 % prediction band."""

    value: float
    low: float
    high: float
    slope: float
    points: int


def linear_forecast(x: Any, y: Any, x0: float, *, confidence: float = CONFIDENCE) -> Forecast:
    """OLS line through ``(x, y)`` (scipy ``linregress``) evaluated at ``x0``, with the
    prediction interval ``ŷ ± t · s · √(1 + 1/n + (x0 − x̄)²/Sxx)`` (``s`` the residual
    standard error, recovered as ``stderr(slope) · √Sxx``).  Needs 3 points or more."""
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    n = len(xs)
    if n < MIN_TREND_POINTS:
        raise ValueError(f"a trend needs at least {MIN_TREND_POINTS} points, got {n}")
    fit = stats.linregress(xs, ys)
    sxx = float(((xs - xs.mean()) ** 2).sum())
    s = float(fit.stderr) * math.sqrt(sxx)
    value = float(fit.intercept + fit.slope * x0)
    se = s * math.sqrt(1 + 1 / n + (x0 - xs.mean()) ** 2 / sxx)
    half = float(stats.t.ppf(0.5 + confidence / 2, n - 2)) * se
    return Forecast(value, value - half, value + half, float(fit.slope), n)


def reaches(value: float, target: float, better: bool | None) -> bool:
    """Whether ``value`` reaches ``target`` in the metric's direction (``>=`` by default)."""
    return value <= target if better is False else value >= target


#: The reasons given when a series has no data at all, or a period of it has no value:
#: (German, English) for "no data", "no data in this period" and "value not defined".
_GENERIC_REASONS: Mapping[str, tuple[str, str]] = Pairs(
    {
        "none": N_("no data"),
        "period": N_("no data in this period"),
        "undefined": N_("value not defined (e.g. no customers at the start)"),
    }
)
_SMCSS_REASONS: Mapping[str, tuple[str, str]] = Pairs(
    {
        "none": N_("no SMCSS responses"),
        "period": N_("no SMCSS responses in this period"),
        "undefined": N_("no SMCSS responses in this period"),
    }
)
_SMRT_REASONS: Mapping[str, tuple[str, str]] = Pairs(
    {
        "none": N_("no social-media data"),
        "period": N_("no social-media data in this period"),
        "undefined": N_("no answered mention needing a reply in this period"),
    }
)
_SERIES_COLUMNS = ["period", "start", "end", "partial", "value"]


@dataclass
class _Series:
    """One metric per period of one unit: period, start, end, partial, value; data span; the
    reasons for a missing value (keys of :data:`_GENERIC_REASONS`)."""

    frame: pd.DataFrame
    first_day: date | None
    last_day: date | None
    reasons: Mapping[str, tuple[str, str]] = field(default_factory=lambda: _GENERIC_REASONS)


def _kpi_series(ws: Store, unit: periods.Unit, cache: dict[str, pd.DataFrame]) -> pd.DataFrame:
    if unit not in cache:
        from bindung.metrics.run import kpi_wide

        cache[unit] = kpi_wide(ws, unit)  # from the KPI answer's table (once per refresh)
    return cache[unit]


def _catalogue_series(
    ws: Store, metric: str, unit: periods.Unit, cache: dict[str, pd.DataFrame]
) -> _Series:
    from bindung.metrics.run import data_span

    span = data_span(ws.table, ws.settings.lang)
    kpis = _kpi_series(ws, unit, cache)
    frame = kpis[["period", "start", "end", "partial"]].copy()
    frame["value"] = kpis[metric].astype(float)
    zone = ws.settings.timezone
    return _Series(frame, to_local_day(span.first, zone), to_local_day(span.last, zone))


def _nps_series(ws: Store, unit: periods.Unit) -> _Series:
    from bindung.insights.satisfaction import nps_trend, survey_grid

    grid = survey_grid(ws, unit, surveys=("nps",))
    if grid is None:
        empty = pd.DataFrame(columns=["period", "start", "end", "partial", "value"])
        return _Series(empty, None, None)
    trend = nps_trend(ws, grid)
    frame = trend[["period", "start", "end", "partial"]].copy()
    frame["value"] = trend["nps"].astype(float)
    zone = ws.settings.timezone
    table = ws.table("survey_responses")
    table = table.filter(table.survey == "nps")
    row = table.aggregate(first=table.responded_at.min()).execute()
    first = pd.Timestamp(row.iloc[0]["first"]).to_pydatetime()
    assert grid.data_end is not None
    return _Series(frame, to_local_day(first, zone), to_local_day(grid.data_end, zone))


def _smcss_series(ws: Store, unit: periods.Unit) -> _Series:
    """SMCSS over all platforms per period: :func:`~bindung.insights.satisfaction.smcss_summary`
    over ``[start_utc, end_utc)`` of each period of the ``smcss`` responses' grid."""
    from bindung.insights.satisfaction import smcss_summary, survey_grid

    grid = survey_grid(ws, unit, surveys=("smcss",))
    if grid is None:
        return _Series(pd.DataFrame(columns=_SERIES_COLUMNS), None, None, _SMCSS_REASONS)
    full = grid.frame()
    threshold = float(ws.settings.alert_smcss_below)
    frame = full[["period", "start", "end", "partial"]].copy()
    frame["value"] = [
        smcss_summary(ws, threshold=threshold, since=lo, until=hi).mean
        for lo, hi in zip(full["start_utc"], full["end_utc"], strict=True)
    ]
    frame["value"] = frame["value"].astype(float)
    zone = ws.settings.timezone
    table = ws.table("survey_responses")
    table = table.filter(table.survey == "smcss")
    row = table.aggregate(first=table.responded_at.min()).execute()
    first = pd.Timestamp(row.iloc[0]["first"]).to_pydatetime()
    assert grid.data_end is not None
    return _Series(
        frame, to_local_day(first, zone), to_local_day(grid.data_end, zone), _SMCSS_REASONS
    )


def _smrt_series(ws: Store, unit: periods.Unit) -> _Series:
    """Median reply time (clock minutes) over all platforms per period: the platform
    :data:`~bindung.insights.social.ALL` of :func:`~bindung.insights.social.reply_table` on the
    grid of ``bindung social`` (first to last social activity, ``data_end`` the last)."""
    from bindung.insights import social

    span = social.activity_span(ws)
    if span is None:
        return _Series(pd.DataFrame(columns=_SERIES_COLUMNS), None, None, _SMRT_REASONS)
    zone = ws.settings.timezone
    grid = periods.make_grid(unit, zone, span[0], span[1], data_end=span[1])
    replies = social.reply_table(ws.table, grid, None, by_period=True)
    overall = replies[replies["platform"] == social.ALL].set_index("k")["median_minutes"]
    full = grid.frame()
    frame = full[["period", "start", "end", "partial"]].copy()
    frame["value"] = full["k"].map(overall).astype(float)
    return _Series(frame, to_local_day(span[0], zone), to_local_day(span[1], zone), _SMRT_REASONS)


def _series(
    ws: Store, metric: str, unit: periods.Unit, cache: dict[str, pd.DataFrame]
) -> _Series | None:
    """The per-period series of a measured goal metric; ``None`` when it is not measured."""
    if metric in BY_KEY:
        return _catalogue_series(ws, metric, unit, cache)
    if metric == "nps":
        return _nps_series(ws, unit)
    if metric == "smcss":
        return _smcss_series(ws, unit)
    if metric == "smrt_median_minutes":
        return _smrt_series(ws, unit)
    return None


def _index_of(series: pd.DataFrame, start: date, unit: periods.Unit) -> int:
    """The period index of ``start`` on the series' grid (beyond its end when later)."""
    starts = list(series["start"])
    if start in starts:
        return starts.index(start)
    k, day = len(starts) - 1, starts[-1]
    while day < start:
        day = periods.following(day, unit)
        k += 1
    return k


def _trend(series: _Series, goal_start: date, unit: periods.Unit) -> Forecast | None:
    """Forecast for the period starting ``goal_start`` from the last complete periods before
    it (see the module docstring)."""
    frame = series.frame.reset_index(drop=True)
    if frame.empty or series.first_day is None:
        return None
    usable = frame[
        (frame["end"] <= goal_start)
        & ~frame["partial"].astype(bool)
        & (frame["start"] >= series.first_day)
        & frame["value"].notna()
    ].tail(TREND_PERIODS)
    if len(usable) < MIN_TREND_POINTS:
        return None
    x0 = _index_of(frame, goal_start, unit)
    return linear_forecast(usable.index.to_numpy(), usable["value"].to_numpy(), x0)


def _reason(de: str, en: str) -> dict[str, str]:
    return {"reason_de": de, "reason_en": en}


def _judge(
    series: _Series,
    goal: dict[str, Any],
    as_of: date | None,
) -> dict[str, Any]:
    start: date = goal["start"]
    end: date = goal["end"]
    unit: periods.Unit = goal["unit"]
    better = goal["higher_is_better"]
    target = float(goal["target"])
    out: dict[str, Any] = {"value": math.nan, "partial": False, "status": "not measured"}
    if series.last_day is None:
        return out | _reason(*series.reasons["none"])
    today = as_of or series.last_day
    match = series.frame[series.frame["start"] == start]
    if not match.empty:
        out["value"] = float(match.iloc[0]["value"])
        out["partial"] = bool(match.iloc[0]["partial"])
    value = out["value"]
    complete = end <= today and not out["partial"] and not match.empty
    if start > today or (match.empty and start > series.last_day):
        fc = _trend(series, start, unit)
        out["status"] = "not started"
        return out | _forecast(fc) | _reason(*both("period not started"))
    if match.empty or (series.first_day is not None and end <= series.first_day):
        return out | _reason(*series.reasons["period"])
    if complete:
        if math.isnan(value):
            return out | _reason(*series.reasons["undefined"])
        out["status"] = "met" if reaches(value, target, better) else "missed"
        return out | _reason(*both("period complete"))
    fc = _trend(series, start, unit)
    out |= _forecast(fc)
    if fc is not None:
        out["status"] = "on track" if reaches(fc.value, target, better) else "behind"
        points = fc.points
        return out | _reason(
            *both("running; trend of the last {n} complete periods", lambda _: {"n": points})
        )
    if math.isnan(value):
        return out | _reason(
            *both("running; no value yet and too few complete periods for a trend")
        )
    out["status"] = "on track" if reaches(value, target, better) else "behind"
    return out | _reason(
        *both(
            "running; value so far (fewer than {n} periods for a trend)",
            lambda _: {"n": MIN_TREND_POINTS},
        )
    )


def _forecast(fc: Forecast | None) -> dict[str, Any]:
    if fc is None:
        return {}
    return {
        "forecast": fc.value,
        "forecast_low": fc.low,
        "forecast_high": fc.high,
        "trend_points": fc.points,
    }


def goals_frame(ws: Store) -> pd.DataFrame:
    """The stored goals ordered by priority, metric and period."""
    frame: pd.DataFrame = ws.table("goals").to_pandas()
    return frame.sort_values(["priority", "metric", "period"]).reset_index(drop=True)


def goal_progress(ws: Store, *, as_of: date | None = None) -> pd.DataFrame:
    """One row per goal (columns :data:`COLUMNS`), sorted by priority; see the module
    docstring for value, status and forecast."""
    rows: list[dict[str, Any]] = []
    cache: dict[str, pd.DataFrame] = {}
    series_cache: dict[tuple[str, str], _Series | None] = {}
    for goal in goals_frame(ws).to_dict("records"):
        metric = str(goal["metric"])
        row: dict[str, Any] = {
            "metric": metric,
            "period": str(goal["period"]),
            "target": float(goal["target"]),
            "priority": int(goal["priority"]),
            "metric_unit": metric_unit(metric),
            "higher_is_better": higher_is_better(metric),
        }
        try:
            when = parse_period(goal["period"])
        except GoalError as exc:
            rows.append(row | {"status": "not measured"} | _reason(str(exc), str(exc)))
            continue
        row |= {"period": when.label, "unit": when.unit, "start": when.start, "end": when.end}
        key = (metric, when.unit)
        if key not in series_cache:
            series_cache[key] = _series(ws, metric, when.unit, cache)
        series = series_cache[key]
        if series is not None:
            row |= _judge(series, row, as_of)
        else:
            known = metric in EXTRA_METRICS
            row |= {"status": "not measured"} | _reason(
                *(
                    both("progress is not measured for this metric yet")
                    if known
                    else both("unknown metric")
                )
            )
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for col in ("value", "forecast", "forecast_low", "forecast_high", "target"):
        frame[col] = frame[col].astype(float)
    frame["partial"] = frame["partial"].fillna(False).astype(bool)
    frame["trend_points"] = frame["trend_points"].astype("Int64")
    return frame
