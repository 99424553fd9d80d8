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
seeds' benchmark, DESIGN.md).  The alarm judges the point estimate; it is False when the mean
is undefined (``n = 0``).

**CSAT** (:func:`csat`).  Share of satisfied responses (score ≥ ``satisfied_from`` on a
1–``scale_max`` scale; default 4 or 5 of 5, the usual "top-2-box") as a fraction 0–1, with
the Wilson score interval (Wilson, *JASA* 22, 1927) — without continuity correction — from
``scipy.stats.binomtest(k, n).proportion_ci(method="wilson")`` (statsmodels is not a
dependency)::

    centre = (p̂ + z²/2n) / (1 + z²/n),   half = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²)

Scores outside a scale, NaN scores and non-integer NPS scores raise
:class:`~bindung.insights.segments.InsightInputError`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

import ibis
import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats  # type: ignore[import-untyped]

from bindung.insights.segments import InsightInputError

#: Default confidence level of all intervals.
CONFIDENCE = 0.95
#: SMCSS benchmark from the seeds: a mean below it raises the alarm.
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
