"""Do fans recommend more?  The NPS of customers who engage on social media against comparable
customers who never did (source 001: fans "recommend 41 % more").

>>> r = fans_recommend(ws)                                                # doctest: +SKIP
>>> r.frame.set_index("measure").loc["promoter_share", ["fans", "comparable", "percent"]]

**Who.**  Every customer with an NPS response and at least one order before it; their last NPS
response counts (one answer per customer).  *Fans*: first social engagement
(:func:`bindung.insights.fans.engagement`) before that response.  *Others*: never engaged.
Customers who engaged only after their response are left out (they are neither).

**Comparable.**  Fans buy more to begin with, and heavy buyers answer more favourably, so the
others are weighted to look like the fans on their history at the response — the covariates of
the fan comparison's ``history`` method (:func:`bindung.insights.fans.history_covariates`):
repeat orders (log 1 + n, and none), months since the last order and since the first (log 1 +),
mean repeat order value (log 1 +) and acquisition channel — by inverse probability weighting for
the effect on the fans (ATT, the GMM estimator of statsmodels'
``TreatmentEffect.ipw(effect_group=1)``, :func:`bindung.insights.fans._ipw_att`).

**Measures**, per answer ``i``: promoter ``P_i = [score ≥ 9]``, detractor ``D_i = [score ≤ 6]``,
and ``N_i = 100 (P_i − D_i)`` (the mean of ``N_i`` is the NPS):

* promoter share of the fans against the weighted share of the others, and the ratio − 1 in %
  ("recommend … % more often"), its interval by the delta method on the GMM covariance of
  (ATT, POM₀);
* the NPS of the fans against the weighted NPS of the others; the difference (ATT of ``N``) in
  points with its GMM interval;
* both also unweighted (``raw``: fans against all others).

An association on the workspace's own data; the weights adjust only for what the history shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats  # type: ignore[import-untyped]

from bindung.errors import BindungError
from bindung.i18n import both

if TYPE_CHECKING:
    from bindung.store.protocol import Store

#: Source 001: fans recommend 41 % more.
LITERATURE_PERCENT = 41.0
PROMOTER_FROM = 9
DETRACTOR_TO = 6
CONFIDENCE = 0.95
#: Average days per month for recency and tenure in months.
DAYS_PER_MONTH = 365.25 / 12
COLUMNS = (
    "measure",
    "fans",
    "comparable",
    "others",
    "difference",
    "low",
    "high",
    "percent",
    "percent_low",
    "percent_high",
)


@dataclass(frozen=True)
class Recommend:
    frame: pd.DataFrame  # one row per measure (promoter_share, nps): see COLUMNS
    n_fans: int
    n_others: int
    left_out: int  # engaged only after their response


def answers(ws: Store) -> pd.DataFrame:
    """One row per customer with an NPS response and an order before it: the last response's
    time and score, the orders and revenue before it (first order apart), months since the
    last and the first order, and the acquisition channel (one query)."""
    r = ws.table("survey_responses")
    r = r.filter((r.survey == "nps") & r.customer_id.notnull())
    last = r.group_by("customer_id").aggregate(
        responded_at=r.responded_at.max(),
        score=r.score.argmax(r.responded_at).cast("float64"),
    )
    o = ws.table("orders").select("customer_id", "ordered_at", "revenue")
    j = last.join(o, [last.customer_id == o.customer_id, o.ordered_at < last.responded_at])
    per = j.group_by([j.customer_id, j.responded_at, j.score]).aggregate(
        n=j.ordered_at.count(),
        spent=j.revenue.sum().cast("float64"),
        first_revenue=j.revenue.argmin(j.ordered_at).cast("float64"),
        first_at=j.ordered_at.min(),
        last_at=j.ordered_at.max(),
    )
    c = ws.table("customers").select("customer_id", "acquisition_channel")
    out = per.left_join(c, per.customer_id == c.customer_id).select(
        per.customer_id,
        per.responded_at,
        per.score,
        per.n,
        per.spent,
        per.first_revenue,
        per.first_at,
        per.last_at,
        c.acquisition_channel,
    )
    frame: pd.DataFrame = out.order_by("customer_id").to_pandas()
    return frame


def _months(span: pd.Series) -> pd.Series:
    days: pd.Series = span.dt.total_seconds() / 86400.0
    return days / DAYS_PER_MONTH


class NotComparable(BindungError):
    """The comparison cannot be made; ``de``/``en`` say why."""

    def __init__(self, de: str, en: str) -> None:
        super().__init__(en)
        self.de = de
        self.en = en


def _weighting_logit(sm: Any, t: npt.NDArray[np.float64], x: npt.NDArray[np.float64]) -> Any:
    """The logit of being a fan on the history (its coefficients); :class:`BindungError` when
    it has no maximum (the fans and the others are separated by their history, as on small
    data) — then no weighting can make them comparable."""
    from bindung.insights.satisfaction_value import LOGIT_FAILURES, logit_warnings_as_errors

    try:
        with logit_warnings_as_errors():
            fit = sm.Logit(t, x).fit(disp=0, maxiter=100)
    except LOGIT_FAILURES as exc:
        problem = type(exc).__name__
        raise NotComparable(
            *both(
                "the fans and the others cannot be weighted to the same history: the "
                "weighting model has no maximum ({problem})",
                lambda _: {"problem": problem},
            )
        ) from None
    return np.asarray(fit.params)


def fans_recommend(ws: Store, confidence: float = CONFIDENCE) -> Recommend:
    """The comparison of the module docstring; :class:`BindungError` with fewer than 10 fans
    or 10 others."""
    import statsmodels.api as sm

    from bindung.insights.fans import _ipw_att, engagement, history_covariates

    a = answers(ws)
    eng = engagement(ws).set_index("customer_id")["first_at"]
    first = pd.to_datetime(a["customer_id"].map(eng))
    fan = (first < a["responded_at"]).to_numpy()
    never = first.isna().to_numpy()
    keep = fan | never
    a = a[keep].reset_index(drop=True)
    t = fan[keep].astype(np.float64)
    n1, n0 = int(t.sum()), int(len(t) - t.sum())
    if n1 < 10 or n0 < 10:
        raise NotComparable(
            *both(
                "too few customers with an NPS response to compare: {fans} fans, {others} "
                "others (at least 10 each)",
                lambda _: {"fans": n1, "others": n0},
            )
        )
    history = pd.DataFrame(
        {
            "repeat": (a["n"] - 1).clip(lower=0).astype(np.float64),
            "spent": (a["spent"] - a["first_revenue"]).astype(np.float64),
            "recency": _months(a["responded_at"] - a["last_at"]),
            "tenure": _months(a["responded_at"] - a["first_at"]),
            "acquisition_channel": a["acquisition_channel"],
        }
    )
    x = history_covariates(history)
    # a column equal on every row (up to rounding: a std of 1e-16 makes the logit singular)
    x = x.loc[:, x.std() > 1e-9].assign(const=1.0)
    xa = x.to_numpy(np.float64)
    beta = _weighting_logit(sm, t, xa)
    score = a["score"].to_numpy(np.float64)
    promoter = (score >= PROMOTER_FROM).astype(np.float64)
    nps = 100.0 * (promoter - (score <= DETRACTOR_TO).astype(np.float64))
    (p_att, p_pom0, p_cov), (n_att, n_pom0, n_cov) = _ipw_att([promoter, nps], t, xa, beta)
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    others = t == 0
    # promoter share in %: the ratio fans / comparable others − 1 by the delta method
    ratio = (p_pom0 + p_att) / p_pom0
    grad = np.array([1 / p_pom0, -p_att / p_pom0**2])
    se_ratio = math.sqrt(float(grad @ p_cov @ grad))
    se_p = math.sqrt(float(p_cov[0, 0]))
    se_n = math.sqrt(float(n_cov[0, 0]))
    rows = [
        {
            "measure": "promoter_share",
            "fans": 100 * (p_att + p_pom0),
            "comparable": 100 * p_pom0,
            "others": 100 * float(promoter[others].mean()),
            "difference": 100 * p_att,
            "low": 100 * (p_att - z * se_p),
            "high": 100 * (p_att + z * se_p),
            "percent": 100 * (ratio - 1),
            "percent_low": 100 * (ratio - 1 - z * se_ratio),
            "percent_high": 100 * (ratio - 1 + z * se_ratio),
        },
        {
            "measure": "nps",
            "fans": n_att + n_pom0,
            "comparable": n_pom0,
            "others": float(nps[others].mean()),
            "difference": n_att,
            "low": n_att - z * se_n,
            "high": n_att + z * se_n,
            "percent": math.nan,
            "percent_low": math.nan,
            "percent_high": math.nan,
        },
    ]
    left_out = int((~keep).sum())
    return Recommend(pd.DataFrame(rows, columns=list(COLUMNS)), n1, n0, left_out)
