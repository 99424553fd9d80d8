"""The value of satisfaction: how NPS scores go with buying again, money per point of
improvement and the ROI of a measure (the method of source 000, made exact).

>>> v = satisfaction_value(ws, horizon_days=365)                          # doctest: +SKIP
>>> v.marginal.value, v.revenue_per_point.value                           # doctest: +SKIP
>>> satisfaction_roi(v.revenue_per_point, points=1.0, cost=20_000, margin=0.35)  # doctest: +SKIP

**Surveys.**  The same method runs on the NPS (0–10), CSAT (1–5) and SMCSS (1–10) responses
(``survey``, :data:`VALUED`): the effect of one point of *that* scale; the classes (promoters,
passives, detractors) exist for the NPS only.

**Outcome** (:func:`repurchase_outcomes`).  Every ``nps`` response of a known customer at
instant ``t`` gets ``bought_again = 1`` when the customer has an order with
``t < ordered_at ≤ t + H`` (``H = horizon_days``, default 365), and ``revenue`` = the revenue
of those orders.  Only responses with at least ``H`` days of data after them count:
``t + H ≤ data_end``, where ``data_end`` is the last order in the store (or ``as_of``).
Anonymous responses (no ``customer_id``) and younger responses are left out and counted
(``anonymous``, ``too_recent``).

**Repurchase rates** (:func:`repurchase_rates`): per score 0–10 and per NPS class (promoters
9–10, passives 7–8, detractors 0–6) the share that bought again, in percent, with the Wilson
score interval (Wilson, *JASA* 22, 1927; ``scipy.stats.binomtest(...).proportion_ci``).

**Per-point effect** (:func:`repurchase_model`).  A logistic regression (statsmodels
``Logit``) ``P(bought_again) = 1 / (1 + exp(−(a + b · score)))``; when a customer answered
more than once, the covariance is cluster-robust by customer (``cov_type="cluster"``).  The
effect of one score point is the *average marginal effect*
``AME = mean_i b · p_i (1 − p_i)`` in percentage points, with the delta-method standard error
and the normal 95 % interval of statsmodels' ``get_margeff(at="overall", method="dydx")``.
The MLE does not exist when the scores of buyers and non-buyers do not overlap (complete or
quasi-complete separation), when everybody (or nobody) bought again or all scores are equal:
then the effect is undefined (NaN) and ``note`` says why.

**Money per point** (:func:`revenue_per_point`)::

    revenue per point = (AME in pp / 100) × customers surveyed per year
                        × revenue per repurchasing customer

* *customers surveyed per year*: distinct customers with an ``nps`` response in the 365 days
  up to ``data_end`` (or the caller's figure);
* *revenue per repurchasing customer*: the mean revenue in the ``H`` days after the response
  over the responses that bought again (a customer who answered twice counts twice), with the
  t interval ``mean ± t_{n−1, 0.975} · s / √n``.

Its interval carries the interval of the AME only (the other two factors are taken as known),
by plain interval arithmetic on the endpoints — valid because the product is monotone in the
AME.

**ROI of a measure** (:func:`satisfaction_roi`)::

    ROI = ((revenue per point × points × margin) − cost) / cost × 100      (percent)

again with the interval from the endpoints of the revenue per point (ROI is monotone in it:
increasing for ``points > 0``, decreasing for ``points < 0``).

This is an **association, not proven cause** (ein Zusammenhang, kein Beweis der Ursache):
satisfied customers may buy again for other reasons (e.g. they were frequent buyers already);
raising the score by a measure need not raise buying by the same amount.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import ibis
import numpy as np
import numpy.typing as npt
import pandas as pd
import statsmodels.api as sm
from scipy import stats  # type: ignore[import-untyped]
from statsmodels.tools.sm_exceptions import (
    ConvergenceWarning,
    HessianInversionWarning,
    PerfectSeparationError,
    PerfectSeparationWarning,
)

from bindung.insights.satisfaction import CONFIDENCE, DETRACTOR_TO, PROMOTER_FROM
from bindung.insights.segments import InsightInputError

if TYPE_CHECKING:
    from bindung.store.protocol import Store

__all__ = [
    "CLASSES",
    "HORIZON_DAYS",
    "Estimate",
    "Outcomes",
    "RepurchaseModel",
    "SatisfactionValue",
    "repurchase_model",
    "repurchase_outcomes",
    "repurchase_rates",
    "revenue_per_point",
    "satisfaction_roi",
    "satisfaction_value",
]

HORIZON_DAYS = 365
#: The surveys whose value per point is measured (their scales: the survey table's checks).
VALUED = ("nps", "csat", "smcss")
#: NPS classes in the order of the rate table.
CLASSES = ("promoters", "passives", "detractors")
RATE_COLUMNS = ("n", "repurchased", "rate_pct", "low_pct", "high_pct")
NAN = math.nan


@dataclass(frozen=True)
class Estimate:
    """A figure with its confidence interval (NaN when undefined)."""

    value: float
    low: float
    high: float


UNDEFINED = Estimate(NAN, NAN, NAN)


@dataclass(frozen=True)
class RepurchaseModel:
    """Logistic regression of bought-again on score and its average marginal effect (pp)."""

    n: int
    customers: int
    clustered: bool
    intercept: float
    slope: float
    marginal: Estimate  # percentage points per score point
    se: float  # of the marginal effect, in pp
    note: str = ""


@dataclass(frozen=True)
class Outcomes:
    """The responses that count (one row each) and how many were left out."""

    frame: pd.DataFrame  # response_id, customer_id, responded_at, score, bought_again, revenue
    responses: int  # all nps responses
    anonymous: int  # left out: no customer
    too_recent: int  # left out: fewer than H days of data after them
    horizon_days: int
    data_end: datetime | None


@dataclass(frozen=True)
class SatisfactionValue:
    """Everything :func:`satisfaction_value` measures; see the module docstring."""

    outcomes: Outcomes
    by_score: pd.DataFrame
    by_class: pd.DataFrame
    model: RepurchaseModel
    revenue_per_repurchaser: Estimate
    repurchasers: int
    customers_per_year: float
    revenue_per_point: Estimate
    survey: str = "nps"

    @property
    def marginal(self) -> Estimate:
        return self.model.marginal


def _wilson(k: int, n: int, confidence: float) -> tuple[float, float, float]:
    if n == 0:
        return NAN, NAN, NAN
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=confidence, method="wilson")
    return 100.0 * k / n, 100.0 * float(ci.low), 100.0 * float(ci.high)


def scale_of(survey: str) -> tuple[int, int]:
    """The score range of a survey (the ``survey_responses`` table's checks)."""
    from bindung.store.schema import table

    ranges = table("survey_responses").score_ranges
    if survey not in VALUED:
        raise InsightInputError(f"survey {survey!r}: expected one of {', '.join(VALUED)}")
    low, high = ranges[survey]
    return int(low), int(high)


def _arrays(
    scores: Iterable[float], bought: Iterable[float], survey: str = "nps"
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    x = np.asarray(list(scores), dtype=np.float64)
    y = np.asarray(list(bought), dtype=np.float64)
    low, high = scale_of(survey)
    if x.shape != y.shape:
        raise InsightInputError(f"{x.size} scores but {y.size} outcomes")
    if np.isnan(x).any() or ((x < low) | (x > high) | (x != np.round(x))).any():
        raise InsightInputError(f"{survey.upper()} scores must be whole numbers {low}–{high}")
    if not np.isin(y, (0.0, 1.0)).all():
        raise InsightInputError("bought-again outcomes must be 0 or 1")
    return x, y


def repurchase_rates(
    scores: Iterable[float],
    bought: Iterable[float],
    *,
    confidence: float = CONFIDENCE,
    survey: str = "nps",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Repurchase rate (percent) with Wilson interval per score of the survey's scale and,
    for the NPS, per class.

    Returns ``(by_score, by_class)``: columns ``score`` resp. ``class`` and
    :data:`RATE_COLUMNS`; every score of the scale and every class has a row (``n = 0``: NaN
    rate); ``by_class`` has no rows for other surveys than ``nps``.
    """
    x, y = _arrays(scores, bought, survey)
    low, high = scale_of(survey)
    rows: list[dict[str, Any]] = []
    for s in range(low, high + 1):
        mask = x == s
        n, k = int(mask.sum()), int(y[mask].sum())
        rows.append({"score": s, "n": n, "repurchased": k, **_rate(k, n, confidence)})
    by_score = pd.DataFrame(rows, columns=["score", *RATE_COLUMNS])
    masks = {
        "promoters": x >= PROMOTER_FROM,
        "passives": (x > DETRACTOR_TO) & (x < PROMOTER_FROM),
        "detractors": x <= DETRACTOR_TO,
    }
    rows = []
    for name in CLASSES if survey == "nps" else ():
        mask = masks[name]
        n, k = int(mask.sum()), int(y[mask].sum())
        rows.append({"class": name, "n": n, "repurchased": k, **_rate(k, n, confidence)})
    return by_score, pd.DataFrame(rows, columns=["class", *RATE_COLUMNS])


def _rate(k: int, n: int, confidence: float) -> dict[str, float]:
    rate, low, high = _wilson(k, n, confidence)
    return {"rate_pct": rate, "low_pct": low, "high_pct": high}


def _undefined_model(n: int, customers: int, clustered: bool, note: str) -> RepurchaseModel:
    return RepurchaseModel(n, customers, clustered, NAN, NAN, UNDEFINED, NAN, note)


#: What a logit fit raises under :func:`logit_warnings_as_errors` when it has no (usable)
#: maximum: separation, no convergence, a singular Hessian, overflow.
LOGIT_FAILURES: tuple[type[BaseException], ...] = (
    ConvergenceWarning,
    HessianInversionWarning,
    PerfectSeparationWarning,
    PerfectSeparationError,
    RuntimeWarning,
    np.linalg.LinAlgError,
)


@contextmanager
def logit_warnings_as_errors() -> Iterator[None]:
    """statsmodels' warnings of a failed fit (and NumPy's overflow) raised as errors, so that a
    fit without a maximum is never used (catch :data:`LOGIT_FAILURES`)."""
    with warnings.catch_warnings():
        for kind in (ConvergenceWarning, HessianInversionWarning, PerfectSeparationWarning):
            warnings.simplefilter("error", kind)
        warnings.simplefilter("error", RuntimeWarning)
        yield


def repurchase_model(
    scores: Iterable[float],
    bought: Iterable[float],
    groups: Sequence[Any] | None = None,
    *,
    confidence: float = CONFIDENCE,
    survey: str = "nps",
) -> RepurchaseModel:
    """Logit of bought-again (0/1) on the score and the average marginal effect of one point
    in percentage points with its delta-method interval (statsmodels); cluster-robust by
    ``groups`` (customer ids) when a group occurs more than once."""
    if not 0.0 < confidence < 1.0:
        raise InsightInputError(f"confidence must lie in (0, 1), got {confidence!r}")
    x, y = _arrays(scores, bought, survey)
    n = int(x.size)
    if groups is not None and len(groups) != n:
        raise InsightInputError(f"{n} scores but {len(groups)} customer ids")
    codes = pd.factorize(pd.Series(list(groups), dtype=object))[0] if groups is not None else None
    customers = int(codes.max() + 1) if codes is not None and n else n
    clustered = customers < n
    buyers, others = x[y == 1], x[y == 0]
    if buyers.size == 0 or others.size == 0:
        return _undefined_model(n, customers, clustered, "all_same_outcome")
    if np.unique(x).size < 2:
        return _undefined_model(n, customers, clustered, "one_score")
    if buyers.max() <= others.min() or others.max() <= buyers.min():
        return _undefined_model(n, customers, clustered, "separation")
    exog = sm.add_constant(x, has_constant="add")
    fit_kw: dict[str, Any] = {"disp": 0}
    if clustered:
        fit_kw |= {"cov_type": "cluster", "cov_kwds": {"groups": codes}}
    try:
        with logit_warnings_as_errors():
            result = sm.Logit(y, exog).fit(**fit_kw)
            margeff = result.get_margeff(at="overall", method="dydx")
            ame = float(margeff.margeff[0])
            se = float(margeff.margeff_se[0])
            low, high = (float(v) for v in margeff.conf_int(alpha=1.0 - confidence)[0])
    except LOGIT_FAILURES as exc:
        return _undefined_model(n, customers, clustered, f"no_fit: {exc}")
    intercept, slope = (float(v) for v in result.params)
    return RepurchaseModel(
        n,
        customers,
        clustered,
        intercept,
        slope,
        Estimate(100.0 * ame, 100.0 * low, 100.0 * high),
        100.0 * se,
    )


def _data_end(ws: Store) -> datetime | None:
    orders = ws.table("orders")
    value = orders.aggregate(last=orders.ordered_at.max()).execute().iloc[0]["last"]
    return pd.Timestamp(value).to_pydatetime() if pd.notna(value) else None


def repurchase_outcomes(
    ws: Store,
    *,
    horizon_days: int = HORIZON_DAYS,
    as_of: datetime | None = None,
    survey: str = "nps",
) -> Outcomes:
    """Bought-again and revenue in the ``horizon_days`` after each response to ``survey``
    that has at least that much data after it (see the module docstring); ``as_of`` (naive
    UTC) replaces the last order as the end of the data."""
    scale_of(survey)
    if isinstance(horizon_days, bool) or not isinstance(horizon_days, int) or horizon_days < 1:
        raise InsightInputError(f"horizon_days must be a whole number ≥ 1, got {horizon_days!r}")
    if as_of is not None and as_of.tzinfo is not None:
        raise InsightInputError("as_of must be a naive UTC datetime")
    data_end = as_of if as_of is not None else _data_end(ws)
    table = ws.table("survey_responses")
    nps = table.filter(table.survey == survey)
    counts = nps.aggregate(
        responses=nps.count(), anonymous=nps.customer_id.isnull().sum()
    ).execute()
    responses = int(counts.iloc[0]["responses"])
    anonymous = int(counts.iloc[0]["anonymous"] or 0)
    columns = ["response_id", "customer_id", "responded_at", "score", "bought_again", "revenue"]
    if data_end is None:
        empty = pd.DataFrame(columns=columns)
        return Outcomes(empty, responses, anonymous, responses - anonymous, horizon_days, None)
    horizon = ibis.interval(days=horizon_days)
    cutoff = ibis.literal(data_end - timedelta(days=horizon_days), type="timestamp")
    known = nps.filter(nps.customer_id.notnull())
    eligible = known.filter(known.responded_at <= cutoff)
    orders = ws.table("orders")
    joined = eligible.left_join(
        orders,
        [
            eligible.customer_id == orders.customer_id,
            orders.ordered_at > eligible.responded_at,
            orders.ordered_at <= eligible.responded_at + horizon,
        ],
    )
    per_response = joined.group_by(
        [joined.response_id, joined.customer_id, joined.responded_at, joined.score]
    ).aggregate(
        orders=joined.order_id.count(),
        revenue=joined.revenue.cast("float64").sum(),
    )
    frame = per_response.order_by("response_id").execute()
    frame["bought_again"] = (frame["orders"] > 0).astype(int)
    frame["revenue"] = frame["revenue"].fillna(0.0).astype(float)
    frame = frame[columns].reset_index(drop=True)
    too_recent = responses - anonymous - len(frame)
    return Outcomes(frame, responses, anonymous, too_recent, horizon_days, data_end)


def _mean_interval(values: npt.NDArray[np.float64], confidence: float) -> Estimate:
    n = int(values.size)
    if n == 0:
        return UNDEFINED
    mean = float(values.mean())
    if n < 2:
        return Estimate(mean, NAN, NAN)
    se = float(values.std(ddof=1)) / math.sqrt(n)
    t = float(stats.t.ppf(0.5 + confidence / 2.0, df=n - 1))
    return Estimate(mean, mean - t * se, mean + t * se)


def revenue_per_point(
    marginal_pp: Estimate, customers_per_year: float, revenue_per_repurchaser: float
) -> Estimate:
    """``(pp per point / 100) × customers surveyed per year × revenue per repurchasing
    customer``; the interval from the endpoints of ``marginal_pp`` (monotone)."""
    factor = customers_per_year * revenue_per_repurchaser / 100.0
    ends = sorted((marginal_pp.low * factor, marginal_pp.high * factor))
    return Estimate(marginal_pp.value * factor, ends[0], ends[1])


def satisfaction_roi(
    revenue_per_point: float | Estimate, points: float, cost: float, margin: float
) -> Estimate:
    """ROI of a measure in percent: ``((revenue_per_point × points × margin) − cost) / cost ×
    100``.

    ``revenue_per_point`` is a number or an :class:`Estimate`; its interval is carried through
    by evaluating the formula at both endpoints (the ROI is monotone in it, so plain interval
    arithmetic is exact).  ``cost`` must be positive and ``margin`` a fraction in (0, 1].
    """
    if not cost > 0:
        raise InsightInputError(f"cost must be positive, got {cost!r}")
    if not 0 < margin <= 1:
        raise InsightInputError(f"margin must be a fraction in (0, 1], got {margin!r}")
    rpp = (
        revenue_per_point
        if isinstance(revenue_per_point, Estimate)
        else Estimate(float(revenue_per_point), NAN, NAN)
    )

    def roi(value: float) -> float:
        return (value * points * margin - cost) / cost * 100.0

    if math.isnan(rpp.low) or math.isnan(rpp.high):
        return Estimate(roi(rpp.value), NAN, NAN)
    ends = sorted((roi(rpp.low), roi(rpp.high)))
    return Estimate(roi(rpp.value), ends[0], ends[1])


def _customers_per_year(ws: Store, data_end: datetime | None, survey: str = "nps") -> float:
    if data_end is None:
        return 0.0
    table = ws.table("survey_responses")
    recent = table.filter(
        table.survey == survey,
        table.customer_id.notnull(),
        table.responded_at > ibis.literal(data_end - timedelta(days=365), type="timestamp"),
        table.responded_at <= ibis.literal(data_end, type="timestamp"),
    )
    return float(recent.customer_id.nunique().execute())


def satisfaction_value(
    ws: Store,
    *,
    horizon_days: int = HORIZON_DAYS,
    as_of: datetime | None = None,
    customers_per_year: float | None = None,
    confidence: float = CONFIDENCE,
    survey: str = "nps",
) -> SatisfactionValue:
    """Repurchase rates per score and class, the per-point effect, the revenue per
    repurchasing customer and the revenue per point of improvement (module docstring).

    ``customers_per_year`` defaults to the distinct customers surveyed in the 365 days up to
    the end of the data.
    """
    outcomes = repurchase_outcomes(ws, horizon_days=horizon_days, as_of=as_of, survey=survey)
    frame = outcomes.frame
    scores = frame["score"].to_numpy(float)
    bought = frame["bought_again"].to_numpy(float)
    by_score, by_class = repurchase_rates(scores, bought, confidence=confidence, survey=survey)
    model = repurchase_model(
        scores, bought, frame["customer_id"].tolist(), confidence=confidence, survey=survey
    )
    revenue = frame.loc[frame["bought_again"] == 1, "revenue"].to_numpy(float)
    per_repurchaser = _mean_interval(revenue, confidence)
    per_year = (
        float(customers_per_year)
        if customers_per_year is not None
        else _customers_per_year(ws, outcomes.data_end, survey)
    )
    per_point = revenue_per_point(model.marginal, per_year, per_repurchaser.value)
    return SatisfactionValue(
        outcomes,
        by_score,
        by_class,
        model,
        per_repurchaser,
        int(revenue.size),
        per_year,
        per_point,
        survey,
    )
