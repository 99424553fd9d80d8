"""Fans against everybody else: do customers who engage on social media buy again more often,
spend more and stay longer — measured on the workspace's own data.

>>> result = compare_fans(ws)                                               # doctest: +SKIP
>>> result.estimate("orders", "within").value                               # doctest: +SKIP
14.9

**Who is a fan.**  A customer with at least one social interaction (like, comment, share, save,
click) or mention, linked through ``customer_id`` or the identities table (platform, handle);
*engaged from* their first such event (:func:`engagement`).

**The window.**  The last ``horizon`` complete calendar months (default 12) are the outcome
window; the *cohort* are the customers whose first order lies before it.

**Three ways to compare** (every estimate with a 95 % interval):

``raw``
    Fans (engaged at any time up to the end of the data, which is the window's end) against
    the rest of the cohort, as the seeds
    compare them.  Repurchase = share with an order in the window, difference in points with
    Newcombe's hybrid-score interval (``statsmodels.stats.proportion.
    confint_proportions_2indep``); orders and revenue per customer in the window as the ratio of
    the two means, from a Poisson GLM with heteroscedasticity-robust (HC1) covariance.  Fans
    differ before they engage (they are heavier buyers), so this overstates the effect.
``history`` (matched on history)
    Fans engaged *before* the window against customers never engaged, weighted to
    look like the fans on what they did before the window: frequency (log 1 + orders, none),
    recency and tenure (log 1 + months), spend (log 1 + mean order value) and acquisition
    channel.  Inverse probability weighting for the effect on the fans (ATT; weights from a
    logit, ``statsmodels.treatment.TreatmentEffect.ipw(effect_group=1)``, GMM standard errors).
    The ratio's interval is the delta method on the GMM covariance of (ATT, POM₀).  It adjusts
    only for what the history shows, and a fan's history before the window already contains
    months after they engaged.
``within`` (within customers)
    Each customer against themselves: orders (revenue) per month after the first engagement
    against before, relative to the same calendar months and customer ages of everybody else
    (conditional Poisson with customer fixed effects, :mod:`bindung.models.within`).  This
    removes every stable difference between fans and others, seen or unseen; it is the
    recommended figure (decision 0006).  Repurchase has no within-customer form.

Source of the question: the seeds (fans "buy 28 % more"; :data:`SEED_CLAIM_PERCENT`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats  # type: ignore[import-untyped]

from bindung.errors import BindungError
from bindung.insights.panel import CustomerMonths, customer_months
from bindung.models.within import within_rate_ratios

Outcome = Literal["repurchase", "orders", "revenue"]
Method = Literal["raw", "history", "within"]
OUTCOMES: tuple[Outcome, ...] = ("repurchase", "orders", "revenue")
METHODS: tuple[Method, ...] = ("raw", "history", "within")
#: The seeds' claim that the comparison is read against: fans buy 28 % more.
SEED_CLAIM_PERCENT = 28.0
#: Tenure in months is a control up to this value; longer tenures are pooled.
TENURE_CAP = 24
CONFIDENCE = 0.95
NEVER = 10**9


class FanComparisonError(BindungError, ValueError):
    """The data do not allow the comparison (no fans, too short a history, ...)."""


@dataclass(frozen=True)
class Estimate:
    """One comparison.  ``value`` is a difference in points for ``repurchase`` and a change in
    percent ((ratio − 1) · 100) for orders and revenue."""

    outcome: Outcome
    method: Method
    value: float
    low: float
    high: float
    fans: int
    others: int
    fans_value: float  # the fans' share (%) or mean per customer; NaN for "within"
    others_value: float  # the comparison's share or mean (for "history": the weighted one)
    platform: str | None = None

    @property
    def unit(self) -> str:
        return "points" if self.outcome == "repurchase" else "percent"


@dataclass
class FanComparison:
    estimates: list[Estimate]
    window_start: str  # first month of the outcome window (label)
    window_end: str  # last month of the outcome window (label)
    horizon: int
    engaged_customers: int
    cohort: int
    extra: dict[str, Any] = field(default_factory=dict)
    #: one row per cohort customer: eng_k, platform, history and window outcomes
    customers: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: index of the window's first month in the panel
    window_k: int = 0

    def estimate(self, outcome: Outcome, method: Method, platform: str | None = None) -> Estimate:
        for e in self.estimates:
            if e.outcome == outcome and e.method == method and e.platform == platform:
                return e
        raise KeyError((outcome, method, platform))

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([vars(e) for e in self.estimates])


def engagement(ws: Any) -> pd.DataFrame:
    """First social engagement per customer: customer_id, first_at (UTC), platform (of the
    first event), interactions, mentions.  Events link to customers through their
    ``customer_id`` or through identities on (platform, handle = actor / author)."""
    import ibis

    ids = ws.table("identities").select("platform", "handle", id_customer="customer_id")

    def linked(table: Any, handle: str) -> Any:
        j = table.left_join(ids, [table.platform == ids.platform, table[handle] == ids.handle])
        return j.select(
            customer_id=ibis.coalesce(j.customer_id, j.id_customer), platform=j.platform, at=j.at
        ).filter(lambda t: t.customer_id.notnull())

    posts = ws.table("social_posts").select("post_id", post_platform="platform")
    raw = ws.table("social_interactions")
    raw = raw.left_join(posts, "post_id")
    raw = raw.select(
        "actor", "customer_id", "at", platform=ibis.coalesce(raw.post_platform, raw.platform)
    ).view()  # a new relation before the next join
    inter = linked(raw, "actor").to_pandas()
    ment = linked(ws.table("social_mentions"), "author").to_pandas()
    inter["kind"], ment["kind"] = "interaction", "mention"
    events = pd.concat([inter, ment], ignore_index=True)
    if events.empty:
        return pd.DataFrame(
            columns=["customer_id", "first_at", "platform", "interactions", "mentions"]
        )
    events = events.sort_values(["customer_id", "at", "platform"], kind="stable")
    first = events.groupby("customer_id", as_index=False).first()[["customer_id", "at", "platform"]]
    counts = events.pivot_table(
        index="customer_id", columns="kind", values="at", aggfunc="count", fill_value=0
    )
    counts = counts.reindex(columns=["interaction", "mention"], fill_value=0)
    first = first.merge(counts, left_on="customer_id", right_index=True)
    renamed: pd.DataFrame = first.rename(
        columns={"at": "first_at", "interaction": "interactions", "mention": "mentions"}
    )
    return renamed.reset_index(drop=True)


def compare_fans(
    ws: Any,
    *,
    horizon: int = 12,
    confidence: float = CONFIDENCE,
    methods: tuple[Method, ...] = METHODS,
) -> FanComparison:
    """Raw, history-matched and within-customer comparisons of fans (module docstring)."""
    if isinstance(horizon, bool) or not isinstance(horizon, int) or horizon < 1:
        raise FanComparisonError(
            f"--horizon: expected a whole number of months >= 1, got {horizon!r}"
        )
    panel = customer_months(ws)
    eng = engagement(ws)
    if eng.empty:
        raise FanComparisonError(
            "no social engagement linked to customers: import social_interactions or "
            "social_mentions, and identities that link handles to customers"
        )
    if panel.full_months <= horizon + 1:
        raise FanComparisonError(
            f"the orders cover {panel.full_months} complete months; the comparison needs more "
            f"than {horizon + 1} (an outcome window of {horizon} months and history before it)"
        )
    eng_k = pd.Series(panel.month_of(eng["first_at"]), index=eng["customer_id"])
    platform_of = pd.Series(eng["platform"].to_numpy(), index=eng["customer_id"])
    w0 = panel.full_months - horizon
    cohort = _cohort(panel, eng_k, w0)
    cohort["platform"] = pd.Series(cohort.index, index=cohort.index).map(platform_of)
    estimates: list[Estimate] = []
    if "raw" in methods:
        estimates += _raw(cohort, confidence)
    if "history" in methods:
        estimates += history_effects(cohort, w0, confidence)
    if "within" in methods:
        estimates += _within(panel, eng_k, platform_of, confidence)
    labels = panel.labels()
    return FanComparison(
        estimates=estimates,
        window_start=labels[w0],
        window_end=labels[panel.full_months - 1],
        horizon=horizon,
        engaged_customers=len(eng),
        cohort=len(cohort),
        extra={"fans_before_window": int((cohort["eng_k"] < w0).sum())},
        customers=cohort,
        window_k=w0,
    )


def _cohort(panel: CustomerMonths, eng_k: pd.Series, w0: int) -> pd.DataFrame:
    """One row per customer whose first order is before the window, with the history at the
    window start and the outcomes in the window."""
    f = panel.frame
    first = panel.first.set_index("customer_id")
    c = first[first["first_k"] < w0].copy()
    c["eng_k"] = pd.Series(c.index, index=c.index).map(eng_k).fillna(NEVER).astype(np.int64)
    before, after = f[f["k"] < w0], f[f["k"] >= w0]
    hist = before.groupby("customer_id").agg(repeat=("orders", "sum"), spent=("revenue", "sum"))
    last = before[before["orders"] > 0].groupby("customer_id")["k"].max()
    out = after.groupby("customer_id").agg(orders=("orders", "sum"), revenue=("revenue", "sum"))
    c = c.join(hist).join(out).join(last.rename("last_k"))
    c[["repeat", "spent", "orders", "revenue"]] = c[
        ["repeat", "spent", "orders", "revenue"]
    ].fillna(0.0)
    c["last_k"] = c["last_k"].fillna(c["first_k"])
    c["recency"] = w0 - c["last_k"]
    c["tenure"] = w0 - c["first_k"]
    c["bought"] = (c["orders"] > 0).astype(np.float64)
    return c


def _raw(c: pd.DataFrame, confidence: float) -> list[Estimate]:
    import statsmodels.api as sm
    from statsmodels.stats.proportion import confint_proportions_2indep

    fan = (c["eng_k"] < NEVER).to_numpy()
    n1, n0 = int(fan.sum()), int((~fan).sum())
    if n1 == 0 or n0 == 0:
        raise FanComparisonError("the comparison needs fans and other customers in the cohort")
    k1, k0 = int(c["bought"][fan].sum()), int(c["bought"][~fan].sum())
    low, high = confint_proportions_2indep(
        k1, n1, k0, n0, method="newcomb", compare="diff", alpha=1 - confidence
    )
    out = [
        Estimate(
            "repurchase",
            "raw",
            100 * (k1 / n1 - k0 / n0),
            100 * low,
            100 * high,
            n1,
            n0,
            100 * k1 / n1,
            100 * k0 / n0,
        )
    ]
    x = sm.add_constant(fan.astype(np.float64))
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    for outcome in ("orders", "revenue"):
        y = c[outcome].to_numpy(np.float64)
        fit = sm.GLM(y, x, family=sm.families.Poisson()).fit(cov_type="HC1")
        b, se = float(fit.params[1]), float(fit.bse[1])
        out.append(
            Estimate(
                outcome,  # type: ignore[arg-type]
                "raw",
                100 * (math.exp(b) - 1),
                100 * (math.exp(b - z * se) - 1),
                100 * (math.exp(b + z * se) - 1),
                n1,
                n0,
                float(y[fan].mean()),
                float(y[~fan].mean()),
            )
        )
    return out


def history_covariates(c: pd.DataFrame) -> pd.DataFrame:
    """The history the ``history`` comparison weights on (see the module docstring)."""
    mean_spend = c["spent"] / c["repeat"].where(c["repeat"] > 0)
    x = pd.DataFrame(
        {
            "const": 1.0,
            "frequency": np.log1p(c["repeat"]),
            "no_repeat": (c["repeat"] == 0).astype(np.float64),
            "recency": np.log1p(c["recency"]),
            "tenure": np.log1p(c["tenure"]),
            "spend": np.log1p(mean_spend.fillna(0.0)),
        },
        index=c.index,
    )
    channel = c["acquisition_channel"].fillna("?").astype(str)
    dummies = pd.get_dummies(channel, prefix="channel", drop_first=True, dtype=np.float64)
    return pd.concat([x, dummies], axis=1)


def history_effects(
    c: pd.DataFrame,
    w0: int,
    confidence: float = CONFIDENCE,
    *,
    platform: str | None = None,
) -> list[Estimate]:
    """The ``history`` estimates for the fans engaged before the window (only those whose
    first engagement was on ``platform``, if given) against customers never engaged by the
    window's end."""
    import statsmodels.api as sm
    from statsmodels.treatment.treatment_effects import TreatmentEffect

    treated = c["eng_k"] < w0
    if platform is not None:
        treated &= c["platform"] == platform
    sel = treated | (c["eng_k"] >= NEVER)
    c = c[sel]
    t = treated[sel].to_numpy().astype(np.int64)
    n1, n0 = int(t.sum()), int(len(t) - t.sum())
    if n1 < 10 or n0 < 10:
        raise FanComparisonError(
            f"too few customers to weight: {n1} fans engaged before the window, {n0} others "
            "(at least 10 each)"
        )
    x = history_covariates(c)
    x = x.loc[:, x.std() > 0].assign(const=1.0)
    select = sm.Logit(t, x).fit(disp=0)
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    out = []
    for outcome, column in (("repurchase", "bought"), ("orders", "orders"), ("revenue", "revenue")):
        y = c[column].to_numpy(np.float64)
        te = TreatmentEffect(sm.OLS(y, x), t, results_select=select)
        res = te.ipw(effect_group=1)
        att, pom0 = (float(v) for v in res.results_gmm.params[:2])
        cov = np.asarray(res.results_gmm.cov_params())[:2, :2]
        fans_value = float(y[t == 1].mean())
        if outcome == "repurchase":
            se = math.sqrt(cov[0, 0])
            value, low, high = 100 * att, 100 * (att - z * se), 100 * (att + z * se)
            shown = (100 * fans_value, 100 * pom0)
        else:
            ratio = (pom0 + att) / pom0
            # d ratio / d (att, pom0) = (1/pom0, -att/pom0²)
            grad = np.array([1 / pom0, -att / pom0**2])
            se = math.sqrt(float(grad @ cov @ grad))
            value, low, high = (
                100 * (ratio - 1),
                100 * (ratio - 1 - z * se),
                100 * (ratio - 1 + z * se),
            )
            shown = (fans_value, pom0)
        out.append(
            Estimate(
                outcome,  # type: ignore[arg-type]
                "history",
                value,
                low,
                high,
                n1,
                n0,
                *shown,
                platform=platform,
            )
        )
    return out


def _within(
    panel: CustomerMonths, eng_k: pd.Series, platform_of: pd.Series, confidence: float
) -> list[Estimate]:
    f = panel.frame
    k_eng = f["customer_id"].map(eng_k).fillna(NEVER).to_numpy(np.int64)
    after = (f["k"].to_numpy() > k_eng).astype(np.float64)
    controls = {
        "month": f["k"].to_numpy(),
        "tenure": np.minimum(f["tenure"].to_numpy(), TENURE_CAP),
    }
    fans = int(f.loc[after > 0, "customer_id"].nunique())
    others = int(f["customer_id"].nunique()) - fans
    out = []
    for outcome in ("orders", "revenue"):
        fit = within_rate_ratios(
            f[outcome], {"after": after}, f["customer_id"], controls, confidence=confidence
        )
        e = fit.effects["after"]
        out.append(
            Estimate(
                outcome,  # type: ignore[arg-type]
                "within",
                e.percent,
                100 * (e.low - 1),
                100 * (e.high - 1),
                fans,
                others,
                math.nan,
                math.nan,
            )
        )
    # per platform of the first engagement (orders)
    plat = f["customer_id"].map(platform_of)
    treatments = {
        str(p): np.where(plat.to_numpy() == p, after, 0.0)
        for p in sorted(platform_of.dropna().unique())
    }
    treatments = {p: d for p, d in treatments.items() if d.any()}
    if len(treatments) > 1:
        fit = within_rate_ratios(
            f["orders"], treatments, f["customer_id"], controls, confidence=confidence
        )
        for p, e in fit.effects.items():
            out.append(
                Estimate(
                    "orders",
                    "within",
                    e.percent,
                    100 * (e.low - 1),
                    100 * (e.high - 1),
                    e.treated_customers,
                    others,
                    math.nan,
                    math.nan,
                    platform=p,
                )
            )
    return out
