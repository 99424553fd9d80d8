"""Satisfaction scores from ``survey_responses``: NPS, SMCSS and CSAT with confidence intervals.

>>> nps([10, 9, 9, 8, 7, 6, 5, 10, 3, 9]).nps                      # doctest: +SKIP
20.0
>>> nps_table(ws, by="channel")                                     # doctest: +SKIP
>>> smcss([8, 7, 9, 6]).alarm                                        # doctest: +SKIP
>>> csat([5, 4, 3, 5, 2]).share                                     # doctest: +SKIP

**NPS** (:func:`nps`, :func:`nps_from_counts`, :func:`nps_table`).  Net Promoter Score
(Reichheld, "The One Number You Need to Grow", *Harvard Business Review*, Dec 2003; DESIGN.md,
Definitions) of 0–10 scores: promoters score 9–10, passives 7–8, detractors 0–6, and with
``p_P``, ``p_D`` the shares of promoters and detractors among the ``n`` responses::

    NPS = 100 · (p_P − p_D)                                    (points, −100 … 100)

The counts (promoters, passives, detractors) are multinomial, so the estimated variance of the
difference of the two shares is (Var p̂_P + Var p̂_D − 2 Cov(p̂_P, p̂_D), with
Cov = −p_P p_D / n)::

    var = (p_P + p_D − (p_P − p_D)²) / n,      se = 100 · √var

and the interval is the normal (Wald) approximation ``NPS ± z · se`` with ``z = Φ⁻¹(0.975)``
for 95 %, clipped to [−100, 100] (e.g. Rocks, "Confidence intervals for the Net Promoter
Score", 2016; Eskildsen & Kristensen, *Total Quality Management* 2011).  When all responses
are promoters (or all detractors) the variance is 0 and the interval collapses to the point.
With ``n = 0`` every figure except the counts is NaN — no data is not an error.

**SMCSS** (:func:`smcss`).  Social-media customer satisfaction score: the mean of 1–10 scores
with the t interval ``mean ± t_{n−1, 0.975} · s / √n`` (``s`` the sample standard deviation,
ddof 1; NaN for ``n < 2``), and ``alarm`` when the mean lies below the benchmark 7.5 (the
benchmark of source 000, DESIGN.md).  The alarm judges the point estimate; it is False when the mean
is undefined (``n = 0``).

**CSAT** (:func:`csat`).  Share of satisfied responses (score ≥ ``satisfied_from`` on a
1–``scale_max`` scale; default 4 or 5 of 5, the usual "top-2-box") as a fraction 0–1, with
the Wilson score interval (Wilson, *JASA* 22, 1927) — without continuity correction — from
``scipy.stats.binomtest(k, n).proportion_ci(method="wilson")``::

    centre = (p̂ + z²/2n) / (1 + z²/n),   half = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²)

Scores outside a scale, NaN scores and non-integer NPS scores raise
:class:`~bindung.insights.segments.InsightInputError`.  (The importer already rejects such
rows: ``bindung.store.schema`` gives ``survey_responses`` the ranges nps 0–10, smcss 1–10,
csat 1–5, ces 1–7, and a row outside them becomes a reject with its reason.)

**Over the store** (:func:`nps_breakdown`, :func:`nps_trend`, :func:`smcss_table`,
:func:`csat_summary`, :func:`csat_trend`).  The ``survey_responses`` rows of one survey (names
are stored lower-case: ``nps``, ``smcss``, ``csat``), optionally restricted to
``[since, until)`` (naive UTC).  The database returns the number of responses per (group,
score) and the figures above are computed here from those counts, so every group gets exactly
the same formulas as a list of scores.

* Groups: ``channel`` is the survey's own channel (for SMCSS it holds the platform);
  ``segment`` and ``acquisition_channel`` come from ``customers`` via ``customer_id``.  An
  anonymous response (no ``customer_id``), a customer without the value or a response without
  a channel forms its own group ``unknown`` (German ``unbekannt``; the caller picks the label).
* Periods: local calendar periods of the workspace time zone from
  :func:`bindung.metrics.periods.make_grid` (:func:`survey_grid`); a response belongs to the
  period ``[start, end)`` containing its instant (:func:`bindung.metrics.periods.index_expr`).
  Every period of the grid has a row: a period without responses has ``n = 0`` and undefined
  (NaN) figures.  ``change`` is this period's NPS minus the previous period's, in points
  (NaN when either is undefined).
* Shares in the frames are percentages 0–100 (``promoter_pct``, ``share_pct``, ...).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import ibis
import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats  # type: ignore[import-untyped]

from bindung.insights.segments import InsightInputError
from bindung.metrics.periods import (
    Grid,
    Unit,
    index_expr,
    local_midnight_utc,
    make_grid,
)

if TYPE_CHECKING:
    from bindung.store.protocol import Store

#: Default confidence level of all intervals.
CONFIDENCE = 0.95
#: SMCSS benchmark of source 000: a mean below it raises the alarm.
SMCSS_THRESHOLD = 7.5
#: NPS classes: promoters score at least PROMOTER_FROM, detractors at most DETRACTOR_TO.
PROMOTER_FROM = 9
DETRACTOR_TO = 6

NPS_COLUMNS = ("n", "promoters", "passives", "detractors", "nps", "se", "low", "high")

NAN = math.nan


@dataclass(frozen=True)
class NpsResult:
    """NPS in points (−100 … 100) with its standard error and confidence interval."""

    n: int
    promoters: int
    passives: int
    detractors: int
    nps: float
    se: float
    low: float
    high: float


@dataclass(frozen=True)
class SmcssResult:
    """Mean of 1–10 scores with a t interval and the benchmark alarm."""

    n: int
    mean: float
    sd: float
    se: float
    low: float
    high: float
    threshold: float
    alarm: bool


@dataclass(frozen=True)
class CsatResult:
    """Share (0–1) of satisfied responses with a Wilson interval."""

    n: int
    satisfied: int
    share: float
    low: float
    high: float


def _z(confidence: float) -> float:
    if not 0.0 < confidence < 1.0:
        raise InsightInputError(f"confidence must lie in (0, 1), got {confidence!r}")
    return float(stats.norm.ppf(0.5 + confidence / 2.0))


def _scores(scores: Iterable[float], low: float, high: float, what: str) -> npt.NDArray[np.float64]:
    try:
        arr = np.asarray(list(scores), dtype=np.float64).ravel()
    except (TypeError, ValueError) as exc:
        raise InsightInputError(f"{what} scores must be numbers: {exc}") from exc
    if np.isnan(arr).any():
        raise InsightInputError(f"{what} scores contain missing values (NaN)")
    bad = arr[(arr < low) | (arr > high)]
    if bad.size:
        raise InsightInputError(
            f"{what} scores must lie in {low:g}–{high:g}; found {bad[0]:g} ({bad.size} invalid)"
        )
    return arr


def nps_from_counts(
    promoters: int, passives: int, detractors: int, *, confidence: float = CONFIDENCE
) -> NpsResult:
    """NPS and its interval from the three class counts (see the module docstring)."""
    counts = (promoters, passives, detractors)
    if any(int(c) != c or c < 0 for c in counts):
        raise InsightInputError(f"NPS counts must be non-negative integers, got {counts}")
    p_count, pa_count, d_count = (int(c) for c in counts)
    n = p_count + pa_count + d_count
    z = _z(confidence)
    if n == 0:
        return NpsResult(0, 0, 0, 0, NAN, NAN, NAN, NAN)
    p_p, p_d = p_count / n, d_count / n
    diff = p_p - p_d
    var = max(p_p + p_d - diff * diff, 0.0) / n
    se = 100.0 * math.sqrt(var)
    value = 100.0 * diff
    low = max(value - z * se, -100.0)
    high = min(value + z * se, 100.0)
    return NpsResult(n, p_count, pa_count, d_count, value, se, low, high)


def nps(scores: Iterable[float], *, confidence: float = CONFIDENCE) -> NpsResult:
    """NPS of 0–10 integer scores: % promoters (9–10) − % detractors (0–6), with a CI."""
    arr = _scores(scores, 0, 10, "NPS")
    if (arr != np.round(arr)).any():
        raise InsightInputError("NPS scores must be whole numbers 0–10")
    promoters = int((arr >= PROMOTER_FROM).sum())
    detractors = int((arr <= DETRACTOR_TO).sum())
    return nps_from_counts(
        promoters, arr.size - promoters - detractors, detractors, confidence=confidence
    )


def nps_table(
    ws_or_table: Any, *, by: str | None = None, confidence: float = CONFIDENCE
) -> pd.DataFrame:
    """NPS per group of the ``survey_responses`` rows with ``survey == 'nps'``.

    ``ws_or_table`` is a workspace (anything with ``.table(name)``) or the Ibis table itself.
    The database returns the number of responses per (group, score); the NPS is computed here.
    One row per group (groups in sorted order, a missing group value as its own row), or a
    single row for ``by=None``; columns ``by`` (if given) and :data:`NPS_COLUMNS`.  Without
    any NPS response the result has no rows for ``by`` given, else one row with n = 0 and NaN.
    """
    if isinstance(ws_or_table, ibis.Table):
        table = ws_or_table
    else:
        table = ws_or_table.table("survey_responses")
    if by is not None and by not in table.columns:
        raise InsightInputError(f"survey_responses has no column {by!r}")
    keys = [by, "score"] if by is not None else ["score"]
    responses = table.filter(table.survey == "nps")
    counts = responses.group_by(keys).aggregate(count=responses.count()).execute()
    if by is None:
        scores = np.repeat(counts["score"].to_numpy(float), counts["count"].to_numpy(int))
        result = nps(scores, confidence=confidence)
        return pd.DataFrame([asdict(result)], columns=list(NPS_COLUMNS))
    rows = []
    for group, part in counts.groupby(by, dropna=False, sort=True):
        scores = np.repeat(part["score"].to_numpy(float), part["count"].to_numpy(int))
        key = None if pd.isna(group) else group
        rows.append({by: key, **asdict(nps(scores, confidence=confidence))})
    return pd.DataFrame(rows, columns=[by, *NPS_COLUMNS])


def smcss(
    scores: Iterable[float],
    threshold: float = SMCSS_THRESHOLD,
    *,
    confidence: float = CONFIDENCE,
) -> SmcssResult:
    """Mean of 1–10 social-media satisfaction scores, t interval, alarm below ``threshold``."""
    _z(confidence)  # validates the level
    arr = _scores(scores, 1, 10, "SMCSS")
    n = int(arr.size)
    if n == 0:
        return SmcssResult(0, NAN, NAN, NAN, NAN, NAN, threshold, False)
    mean = float(arr.mean())
    if n < 2:
        return SmcssResult(n, mean, NAN, NAN, NAN, NAN, threshold, mean < threshold)
    sd = float(arr.std(ddof=1))
    se = sd / math.sqrt(n)
    t = float(stats.t.ppf(0.5 + confidence / 2.0, df=n - 1))
    return SmcssResult(n, mean, sd, se, mean - t * se, mean + t * se, threshold, mean < threshold)


def csat(
    scores: Iterable[float],
    satisfied_from: float = 4,
    scale_max: float = 5,
    *,
    confidence: float = CONFIDENCE,
) -> CsatResult:
    """Share of scores ≥ ``satisfied_from`` on a 1–``scale_max`` scale, Wilson interval."""
    _z(confidence)
    if not 1 <= satisfied_from <= scale_max:
        raise InsightInputError(
            f"satisfied_from must lie in 1–{scale_max:g}, got {satisfied_from!r}"
        )
    arr = _scores(scores, 1, scale_max, "CSAT")
    n = int(arr.size)
    if n == 0:
        return CsatResult(0, 0, NAN, NAN, NAN)
    k = int((arr >= satisfied_from).sum())
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=confidence, method="wilson")
    return CsatResult(n, k, k / n, float(ci.low), float(ci.high))


# -- over the store: groups and local calendar periods

#: Columns of the NPS frames over the store: counts, shares (0–100) and the score with its CI.
NPS_SPLIT_COLUMNS = (
    "n",
    "promoters",
    "passives",
    "detractors",
    "promoter_pct",
    "passive_pct",
    "detractor_pct",
    "nps",
    "se",
    "low",
    "high",
)
SMCSS_COLUMNS = ("n", "mean", "sd", "se", "low", "high", "threshold", "alarm")
CSAT_COLUMNS = ("n", "satisfied", "share_pct", "low_pct", "high_pct")
PERIOD_COLUMNS = ("period", "start", "end", "partial")
#: Grouping columns: the survey's own ``channel`` and two columns of ``customers``.
CUSTOMER_GROUPS = ("segment", "acquisition_channel")
GROUPS = ("channel", *CUSTOMER_GROUPS)
#: Label of the group of anonymous responses and missing values (German: ``unbekannt``).
UNKNOWN = "unknown"
SURVEYS = ("nps", "smcss", "csat")


def nps_split(result: NpsResult) -> dict[str, Any]:
    """The counts, the class shares in percent (0–100, NaN for n = 0) and the NPS with its CI."""
    n = result.n

    def pct(count: int) -> float:
        return 100.0 * count / n if n else NAN

    return {
        "n": n,
        "promoters": result.promoters,
        "passives": result.passives,
        "detractors": result.detractors,
        "promoter_pct": pct(result.promoters),
        "passive_pct": pct(result.passives),
        "detractor_pct": pct(result.detractors),
        "nps": result.nps,
        "se": result.se,
        "low": result.low,
        "high": result.high,
    }


def _responses(ws: Store, survey: str, since: datetime | None, until: datetime | None) -> Any:
    table = ws.table("survey_responses")
    table = table.filter(table.survey == survey)
    if since is not None:
        table = table.filter(table.responded_at >= ibis.literal(since, type="timestamp"))
    if until is not None:
        table = table.filter(table.responded_at < ibis.literal(until, type="timestamp"))
    return table


def _expand(part: pd.DataFrame) -> npt.NDArray[np.float64]:
    """Scores from a frame of (score, count) rows."""
    return np.repeat(part["score"].to_numpy(float), part["count"].to_numpy(int))


def _all_scores(
    ws: Store, survey: str, since: datetime | None, until: datetime | None
) -> npt.NDArray[np.float64]:
    responses = _responses(ws, survey, since, until)
    counts = responses.group_by("score").aggregate(count=responses.count()).execute()
    return _expand(counts)


def _group_scores(
    ws: Store,
    survey: str,
    by: str,
    since: datetime | None,
    until: datetime | None,
    unknown: str,
) -> list[tuple[str, npt.NDArray[np.float64]]]:
    """Scores per group, known groups sorted and the ``unknown`` group (if any) last."""
    if by not in GROUPS:
        raise InsightInputError(f"by must be one of {', '.join(GROUPS)}; got {by!r}")
    responses = _responses(ws, survey, since, until)
    if by in CUSTOMER_GROUPS:
        customers = ws.table("customers")
        joined = responses.left_join(customers, responses.customer_id == customers.customer_id)
        table = joined.select(group=joined[by], score=joined.score)
    else:
        table = responses.select(group=responses[by], score=responses.score)
    counts = table.group_by(["group", "score"]).aggregate(count=table.count()).execute()
    counts["group"] = counts["group"].astype(object).where(counts["group"].notna(), None)
    known = counts[counts["group"].notna()]
    rows = [(str(g), _expand(part)) for g, part in known.groupby("group", sort=True)]
    missing = counts[counts["group"].isna()]
    if len(missing):
        rows.append((unknown, _expand(missing)))
    return rows


def _period_scores(ws: Store, survey: str, grid: Grid) -> list[npt.NDArray[np.float64]]:
    """Scores per period ``k = 0 .. grid.n − 1`` (an empty array for a period without any)."""
    bounds = grid.bounds
    responses = _responses(ws, survey, bounds[0], bounds[-1])
    table = responses.select(k=index_expr(responses.responded_at, bounds), score=responses.score)
    counts = table.group_by(["k", "score"]).aggregate(count=table.count()).execute()
    found = {int(k): _expand(part) for k, part in counts.groupby("k")}
    return [found.get(k, np.empty(0)) for k in range(grid.n)]


def survey_grid(
    ws: Store,
    period: Unit = "month",
    *,
    start: date | None = None,
    end: date | None = None,
    surveys: Sequence[str] = SURVEYS,
    timezone: str | None = None,
) -> Grid | None:
    """The local calendar periods of the survey responses, in the workspace time zone.

    From the period containing ``start`` (a local day; default the first response of
    ``surveys``) to the period containing the day before ``end`` (exclusive; default the last
    response).  The grid's ``data_end`` is the last response, so later periods are marked
    partial.  ``None`` when there is no response and no ``start``/``end`` to span.
    """
    zone = timezone or ws.settings.timezone
    table = ws.table("survey_responses")
    table = table.filter(table.survey.isin(list(surveys)))
    row = table.aggregate(first=table.responded_at.min(), last=table.responded_at.max()).execute()
    first, last = row.iloc[0]["first"], row.iloc[0]["last"]
    data_end = pd.Timestamp(last).to_pydatetime() if pd.notna(last) else None
    lo = local_midnight_utc(start, zone) if start is not None else None
    hi = None
    if end is not None:  # the grid runs to the period holding the day before ``end``
        hi = local_midnight_utc(end - timedelta(days=1), zone)
    if lo is None and pd.notna(first):
        lo = pd.Timestamp(first).to_pydatetime()
    if hi is None and data_end is not None:
        hi = data_end
    if lo is None or hi is None:
        return None
    if start is not None and end is not None and end <= start:
        raise InsightInputError(f"the end {end} must lie after the start {start}")
    if hi < lo:  # e.g. only a start after the last response: the one period of ``start``
        hi = lo
    return make_grid(period, zone, lo, hi, data_end=data_end)


def nps_summary(
    ws: Store,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    confidence: float = CONFIDENCE,
) -> NpsResult:
    """NPS of all ``nps`` responses in ``[since, until)`` (naive UTC)."""
    return nps(_all_scores(ws, "nps", since, until), confidence=confidence)


def nps_breakdown(
    ws: Store,
    by: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    unknown: str = UNKNOWN,
    confidence: float = CONFIDENCE,
) -> pd.DataFrame:
    """NPS per ``channel`` (the survey's), ``segment`` or ``acquisition_channel`` (the
    customer's, via ``customer_id``); anonymous responses form the group ``unknown``.

    Columns ``by`` and :data:`NPS_SPLIT_COLUMNS`; no rows without responses.
    """
    rows = [
        {by: group, **nps_split(nps(scores, confidence=confidence))}
        for group, scores in _group_scores(ws, "nps", by, since, until, unknown)
    ]
    return pd.DataFrame(rows, columns=[by, *NPS_SPLIT_COLUMNS])


def _period_frame(grid: Grid) -> pd.DataFrame:
    frame: pd.DataFrame = grid.frame()[list(PERIOD_COLUMNS)].reset_index(drop=True)
    return frame


def nps_trend(ws: Store, grid: Grid, *, confidence: float = CONFIDENCE) -> pd.DataFrame:
    """NPS per period of ``grid`` with the change against the previous period in points.

    Columns :data:`PERIOD_COLUMNS`, :data:`NPS_SPLIT_COLUMNS` and ``change``; one row per
    period, a period without responses with ``n = 0`` and NaN figures.
    """
    split = [
        nps_split(nps(scores, confidence=confidence)) for scores in _period_scores(ws, "nps", grid)
    ]
    frame = pd.concat([_period_frame(grid), pd.DataFrame(split, columns=NPS_SPLIT_COLUMNS)], axis=1)
    frame["change"] = frame["nps"].astype(float).diff()
    return frame


def _smcss_row(result: SmcssResult) -> dict[str, Any]:
    return {k: v for k, v in asdict(result).items() if k in SMCSS_COLUMNS}


def smcss_summary(
    ws: Store,
    *,
    threshold: float = SMCSS_THRESHOLD,
    since: datetime | None = None,
    until: datetime | None = None,
    confidence: float = CONFIDENCE,
) -> SmcssResult:
    """SMCSS over all platforms in ``[since, until)``."""
    scores = _all_scores(ws, "smcss", since, until)
    return smcss(scores, threshold, confidence=confidence)


def smcss_table(
    ws: Store,
    *,
    threshold: float = SMCSS_THRESHOLD,
    since: datetime | None = None,
    until: datetime | None = None,
    unknown: str = UNKNOWN,
    confidence: float = CONFIDENCE,
) -> pd.DataFrame:
    """SMCSS per platform (the ``channel`` of the ``smcss`` responses), alarm below
    ``threshold``.  Columns ``platform`` and :data:`SMCSS_COLUMNS`."""
    rows = [
        {"platform": group, **_smcss_row(smcss(scores, threshold, confidence=confidence))}
        for group, scores in _group_scores(ws, "smcss", "channel", since, until, unknown)
    ]
    return pd.DataFrame(rows, columns=["platform", *SMCSS_COLUMNS])


def _csat_row(result: CsatResult) -> dict[str, Any]:
    return {
        "n": result.n,
        "satisfied": result.satisfied,
        "share_pct": 100.0 * result.share,
        "low_pct": 100.0 * result.low,
        "high_pct": 100.0 * result.high,
    }


def csat_summary(
    ws: Store,
    *,
    satisfied_from: float = 4,
    scale_max: float = 5,
    since: datetime | None = None,
    until: datetime | None = None,
    confidence: float = CONFIDENCE,
) -> CsatResult:
    """CSAT (share of ``csat`` scores ≥ ``satisfied_from``) in ``[since, until)``."""
    scores = _all_scores(ws, "csat", since, until)
    return csat(scores, satisfied_from, scale_max, confidence=confidence)


def csat_trend(
    ws: Store,
    grid: Grid,
    *,
    satisfied_from: float = 4,
    scale_max: float = 5,
    confidence: float = CONFIDENCE,
) -> pd.DataFrame:
    """CSAT per period of ``grid``: columns :data:`PERIOD_COLUMNS` and :data:`CSAT_COLUMNS`
    (percent 0–100, Wilson interval); a period without responses has ``n = 0`` and NaN."""
    rows = [
        _csat_row(csat(scores, satisfied_from, scale_max, confidence=confidence))
        for scores in _period_scores(ws, "csat", grid)
    ]
    frame: pd.DataFrame = pd.concat(
        [_period_frame(grid), pd.DataFrame(rows, columns=CSAT_COLUMNS)], axis=1
    )
    return frame


# -- the customers behind an alarm


def detractor_customers(ws: Store, since: datetime, until: datetime) -> list[str]:
    """Customers (distinct ids, sorted) who gave an NPS detractor score (0–
    :data:`DETRACTOR_TO`) in ``[since, until)`` (naive UTC); anonymous responses are left
    out."""
    t = ws.table("survey_responses")
    t = t.filter(
        t.survey == "nps",
        t.customer_id.notnull(),
        t.score <= DETRACTOR_TO,
        t.responded_at >= ibis.literal(since, type="timestamp"),
        t.responded_at < ibis.literal(until, type="timestamp"),
    )
    ids = t.select("customer_id").distinct().execute()["customer_id"]
    return sorted(str(v) for v in ids)


def smcss_low_customers(
    ws: Store,
    platform: str,
    threshold: float,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    unknown: str = UNKNOWN,
) -> list[str]:
    """Customers (distinct ids, sorted) whose latest SMCSS response on ``platform`` (the
    ``channel``; ``unknown`` — the label of :func:`smcss_table` — also takes the responses
    without a channel) lies below ``threshold``; within ``[since, until)`` when both are
    given."""
    t = ws.table("survey_responses")
    t = t.filter(t.survey == "smcss", t.customer_id.notnull())
    if since is not None and until is not None:
        t = t.filter(
            t.responded_at >= ibis.literal(since, type="timestamp"),
            t.responded_at < ibis.literal(until, type="timestamp"),
        )
    if platform == unknown:
        t = t.filter(t.channel.isnull() | (t.channel == platform))
    else:
        t = t.filter(t.channel == platform)
    w = ibis.window(group_by=t.customer_id, order_by=[ibis.desc(t.responded_at)])
    ranked = t.mutate(rank_=ibis.row_number().over(w))
    low = ranked.filter(ranked.rank_ == 0, ranked.score < threshold)
    ids = low.select("customer_id").distinct().execute()["customer_id"]
    return sorted(str(v) for v in ids)
