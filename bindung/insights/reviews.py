"""Reviews on review platforms: how the rating develops, and whether customers who write a
review buy again more often than customers with the same history who do not.

>>> trend = rating_trend(ws, "quarter")                                     # doctest: +SKIP
>>> result = reviewer_retention(ws)                                         # doctest: +SKIP

Reads ``reviews`` (``platform``, ``rating`` 1–5, ``reviewed_at``, ``customer_id`` where the
import linked the review to a customer: its own column, the order reference or the e-mail's
hash) and, for the comparison, ``orders`` and ``customers``.  Source of the question: source
002 (reviews; BrightLocal: 91 % of consumers trust online reviews).

**Rating trend** (:func:`rating_trend`).  Per platform and local calendar month or quarter
(the workspace time zone), and for all platforms together (platform :data:`ALL`, when
there are several):
``reviews`` = n, ``mean`` = mean rating with the 95 % interval ``mean ± t(0.975, n−1) · s/√n``
(``s`` the sample standard deviation; no interval for n < 2; clipped to the scale 1–5),
``low_share`` = share of 1–2 stars, ``high_share`` = share of 4–5 stars (percent of n).

**Reviewers against non-reviewers** (:func:`reviewer_retention`).  The fan comparison's design
(:mod:`bindung.insights.fans`), with "wrote a review" in place of "engaged on social media":

* the outcome window is the last ``horizon`` complete calendar months (default 12) of the
  orders; the cohort are the customers whose first order lies before it;
* *reviewers* are cohort customers whose first linked review lies before the window;
  *non-reviewers* never wrote a linked review (customers whose first review falls inside the
  window take part in neither group: the purchase they review would be counted as the
  outcome);
* outcome ``repurchase`` = an order in the window (bought again within the 12 months that
  follow the same date for everyone, the window's start); also orders per customer;
* ``raw``: the shares of the two groups, difference in points with Newcombe's interval
  (:func:`bindung.insights.fans._raw`);
* ``history``: non-reviewers weighted to look like the reviewers on their history *at the
  same date* (frequency, recency, tenure, spend, acquisition channel), inverse probability
  weighting for the effect on the reviewers with GMM standard errors
  (:func:`bindung.insights.fans.history_effects`, decision 0006 and 0008);
* by rating band (1–2, 3, 4–5 stars of the customer's first review), each band's reviewers
  against all non-reviewers, where a band has at least 10 reviewers.

What the weighting cannot remove: a reviewer is a customer who cared enough to write; that
attitude is not in the purchase history.  The figure is the difference between reviewers and
customers who bought the same way, not the effect of asking for a review.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import stats  # type: ignore[import-untyped]
from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationWarning

from bindung.errors import BindungError
from bindung.insights import fans
from bindung.insights.panel import shared_customer_months

if TYPE_CHECKING:
    from bindung.store.protocol import Store

#: The platform of the rows for all platforms together.
ALL = "all"
CONFIDENCE = 0.95
#: Rating bands: label -> (lowest, highest) stars.
BANDS: dict[str, tuple[int, int]] = {"1-2": (1, 2), "3": (3, 3), "4-5": (4, 5)}
PERIODS = ("month", "quarter")


#: What a weighting that cannot be trusted raises (too few customers, a singular design, a
#: logit that does not converge or separates the groups perfectly): the group is skipped.
NOT_WEIGHTED = (
    fans.FanComparisonError,
    np.linalg.LinAlgError,
    ConvergenceWarning,
    PerfectSeparationWarning,
)


def weighted(
    c: pd.DataFrame, w0: int, confidence: float, platform: str | None = None
) -> list[fans.Estimate]:
    """:func:`bindung.insights.fans.history_effects`, with the logit's convergence and
    separation warnings raised (they are errors here: its weights would be wrong)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        warnings.simplefilter("error", PerfectSeparationWarning)
        return fans.history_effects(c, w0, confidence, platform=platform)


class ReviewError(BindungError):
    """No reviews, or no reviewers and non-reviewers to compare."""


def review_counts(ws: Store) -> tuple[int, int]:
    """(reviews, reviews linked to a customer)."""
    row = ws.sql("SELECT count(*) AS n, count(customer_id) AS linked FROM reviews")
    return int(row["n"].iloc[0]), int(row["linked"].iloc[0])


def rating_trend(ws: Store, period: str = "month") -> pd.DataFrame:
    """Per platform (and :data:`ALL`) and local month or quarter: period (label), reviews,
    mean, low, high, low_share, high_share; sorted by platform (:data:`ALL` last), period."""
    if period not in PERIODS:
        raise ReviewError(f"period: expected one of {', '.join(PERIODS)}, got {period!r}")
    raw = ws.sql("SELECT platform, rating, reviewed_at FROM reviews")
    columns = ["platform", "period", "reviews", "mean", "low", "high", "low_share", "high_share"]
    if raw.empty:
        return pd.DataFrame(columns=columns)
    local = (
        pd.to_datetime(raw["reviewed_at"])
        .dt.tz_localize("UTC")
        .dt.tz_convert(ws.settings.timezone)
        .dt.tz_localize(None)
    )
    label = local.dt.to_period("M" if period == "month" else "Q").astype(str)
    rating = raw["rating"].astype(np.float64)
    frame = pd.DataFrame(
        {
            "platform": raw["platform"].fillna("other").astype(str),
            "period": label.str.replace("Q", "-Q", regex=False),
            "rating": rating,
            "low": (rating <= 2).astype(np.float64),
            "high": (rating >= 4).astype(np.float64),
        }
    )
    if frame["platform"].nunique() > 1:
        frame = pd.concat([frame, frame.assign(platform=ALL)], ignore_index=True)
    g = frame.groupby(["platform", "period"], sort=True)
    out = g.agg(
        reviews=("rating", "size"),
        mean=("rating", "mean"),
        sd=("rating", "std"),
        low_share=("low", "mean"),
        high_share=("high", "mean"),
    ).reset_index()
    n = out["reviews"].to_numpy(np.float64)
    t = stats.t.ppf(0.5 + CONFIDENCE / 2, np.maximum(n - 1, 1))
    half = np.where(n >= 2, t * out["sd"].fillna(0).to_numpy() / np.sqrt(n), np.nan)
    # the mean of ratings 1-5 lies in 1-5: so does its interval (few reviews give t-bounds
    # beyond the scale)
    out["low"] = np.maximum(out["mean"] - half, 1.0)
    out["high"] = np.minimum(out["mean"] + half, 5.0)
    out["low_share"] *= 100
    out["high_share"] *= 100
    out["last"] = out["platform"] == ALL
    out = out.sort_values(["last", "platform", "period"]).drop(columns=["last", "sd"])
    return out[columns].reset_index(drop=True)


@dataclass
class ReviewerComparison:
    estimates: list[fans.Estimate]  # platform field: the rating band, None for all reviewers
    window_start: str
    window_end: str
    horizon: int
    reviewers: int  # cohort customers whose first review is before the window
    in_window: int  # cohort customers whose first review is inside the window (left out)
    cohort: int
    skipped_bands: dict[str, str] = field(default_factory=dict)  # band -> why not compared


def first_reviews(ws: Store) -> pd.DataFrame:
    """Per customer with a linked review: customer_id, first_at, rating (of the first)."""
    return ws.sql(
        "SELECT customer_id, min(reviewed_at) AS first_at, "
        "arg_min(rating, reviewed_at) AS rating FROM reviews "
        "WHERE customer_id IS NOT NULL GROUP BY customer_id ORDER BY customer_id"
    )


def band_of(rating: pd.Series) -> np.ndarray:
    """The band label of each rating (:data:`BANDS`)."""
    out = np.full(len(rating), None, dtype=object)
    values = rating.to_numpy(np.float64)
    for label, (low, high) in BANDS.items():
        out[(values >= low) & (values <= high)] = label
    return out


def reviewer_retention(
    ws: Store, *, horizon: int = 12, confidence: float = CONFIDENCE
) -> ReviewerComparison:
    """Reviewers against non-reviewers, raw and weighted on history (module docstring)."""
    first = first_reviews(ws)
    if first.empty:
        raise ReviewError(
            "no review is linked to a customer: import reviews with the customer's e-mail, "
            "order number or customer id"
        )
    panel = shared_customer_months(ws)
    if panel.full_months <= horizon + 1:
        raise ReviewError(
            f"the orders cover {panel.full_months} complete months; the comparison needs more "
            f"than {horizon + 1} (an outcome window of {horizon} months and history before it)"
        )
    at = pd.Index(panel.first["customer_id"]).get_indexer(pd.Index(first["customer_id"]))
    linked = at >= 0
    eng_k = np.full(len(panel.first), fans.NEVER, dtype=np.int64)
    eng_k[at[linked]] = panel.month_of(first["first_at"])[linked]
    band = np.full(len(panel.first), None, dtype=object)
    band[at[linked]] = band_of(first["rating"])[linked]
    w0 = panel.full_months - horizon
    cohort = fans._cohort(panel, eng_k, w0, fans._rows(panel))
    cohort["platform"] = band[panel.first["first_k"].to_numpy() < w0]
    before = cohort["eng_k"] < w0
    never = cohort["eng_k"] >= fans.NEVER
    compared = cohort[before | never]
    n1 = int(before.sum())
    if n1 == 0 or int(never.sum()) == 0:
        raise ReviewError(
            f"the comparison needs reviewers whose first review is before {panel.labels()[w0]} "
            f"and customers without a review; found {n1} reviewers"
        )
    estimates = [
        e for e in fans._raw(compared, confidence) if e.outcome in ("repurchase", "orders")
    ]
    skipped: dict[str, str] = {}
    try:
        estimates += [e for e in weighted(compared, w0, confidence) if e.outcome != "revenue"]
    except NOT_WEIGHTED as exc:
        skipped[""] = str(exc) or type(exc).__name__
    for label in BANDS:
        try:
            found = weighted(compared, w0, confidence, platform=label)
        except NOT_WEIGHTED as exc:
            skipped[label] = str(exc) or type(exc).__name__
            continue
        estimates += [e for e in found if e.outcome == "repurchase"]
    labels = panel.labels()
    return ReviewerComparison(
        estimates=[e for e in estimates if not math.isnan(e.value)],
        window_start=labels[w0],
        window_end=labels[panel.full_months - 1],
        horizon=horizon,
        reviewers=n1,
        in_window=int(((cohort["eng_k"] >= w0) & ~never).sum()),
        cohort=len(cohort),
        skipped_bands=skipped,
    )
