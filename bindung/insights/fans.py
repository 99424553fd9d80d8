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
    the rest of the cohort, as source 001
    compares them.  Repurchase = share with an order in the window, difference in points with
    Newcombe's hybrid-score interval (``statsmodels.stats.proportion.
    confint_proportions_2indep``); orders and revenue per customer in the window as the ratio of
    the two means, from a Poisson GLM with heteroscedasticity-robust (HC1) covariance.  Fans
    differ before they engage (they are heavier buyers), so this overstates the effect.
``history`` (matched on history)
    Fans engaged *before* the window against customers never engaged, weighted to
    look like the fans on what they did before the window: frequency (log 1 + orders, none),
    recency and tenure (log 1 + months), spend (log 1 + mean order value) and acquisition
    channel.  Inverse probability weighting for the effect on the fans (ATT; weights from a
    logit, the estimator of ``statsmodels.treatment.TreatmentEffect.ipw(effect_group=1)``
    with its GMM standard errors, solved in closed form: :func:`_ipw_att`).
    The ratio's interval is the delta method on the GMM covariance of (ATT, POM₀).  It adjusts
    only for what the history shows, and a fan's history before the window already contains
    months after they engaged.
``within`` (within customers)
    Each customer against themselves: orders (revenue) per month after the first engagement
    against before, relative to the same calendar months and customer ages of everybody else
    (conditional Poisson with customer fixed effects, :mod:`bindung.models.within`).  This
    removes every stable difference between fans and others, seen or unseen; it is the
    recommended figure (decision 0006).  Repurchase has no within-customer form.

Source of the question: source 001 (fans "buy 28 % more often";
:data:`LITERATURE_CLAIM_PERCENT`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats  # type: ignore[import-untyped]

from bindung.errors import BindungError
from bindung.insights.panel import CustomerMonths, shared_customer_months
from bindung.models import within

if TYPE_CHECKING:
    from bindung.store.protocol import Store

Outcome = Literal["repurchase", "orders", "revenue"]
Method = Literal["raw", "history", "within"]
OUTCOMES: tuple[Outcome, ...] = ("repurchase", "orders", "revenue")
METHODS: tuple[Method, ...] = ("raw", "history", "within")
#: The claim of source 001 that the comparison is read against: fans buy 28 % more often.
LITERATURE_CLAIM_PERCENT = 28.0
#: Tenure in months is a control up to this value; longer tenures are pooled.
TENURE_CAP = 24
CONFIDENCE = 0.95
NEVER = 10**9
Array = npt.NDArray[np.float64]


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


def engagement(ws: Store) -> pd.DataFrame:
    """First social engagement per customer: customer_id, first_at (UTC), platform (of the
    first event), interactions, mentions.  Events link to customers through their
    ``customer_id`` or through identities on (platform, handle = actor / author).

    One aggregate query: per customer the earliest time, the platform of the first event
    (ordered by time, then platform name; events without a platform skipped) and the counts
    of timed interactions and mentions; sorted by customer."""
    import ibis

    ids = ws.table("identities").select("platform", "handle", id_customer="customer_id")

    def linked(table: Any, handle: str, kind: str) -> Any:
        j = table.left_join(ids, [table.platform == ids.platform, table[handle] == ids.handle])
        return j.select(
            customer_id=ibis.coalesce(j.customer_id, j.id_customer),
            platform=j.platform,
            at=j.at,
            kind=ibis.literal(kind),
        ).filter(lambda t: t.customer_id.notnull())

    posts = ws.table("social_posts").select("post_id", post_platform="platform")
    raw = ws.table("social_interactions")
    raw = raw.left_join(posts, "post_id")
    raw = raw.select(
        "actor", "customer_id", "at", platform=ibis.coalesce(raw.post_platform, raw.platform)
    ).view()  # a new relation before the next join
    events = linked(raw, "actor", "interaction").union(
        linked(ws.table("social_mentions"), "author", "mention"), distinct=False
    )
    timed = events.at.notnull()
    per = events.group_by("customer_id").aggregate(
        first_at=events.at.min(),
        platform=events.platform.first(order_by=[events.at, events.platform]),
        interactions=(timed & (events.kind == "interaction")).sum(),
        mentions=(timed & (events.kind == "mention")).sum(),
    )
    frame: pd.DataFrame = per.order_by("customer_id").to_pandas()
    if frame.empty:
        return pd.DataFrame(
            columns=["customer_id", "first_at", "platform", "interactions", "mentions"]
        )
    frame["interactions"] = frame["interactions"].fillna(0).astype(np.int64)
    frame["mentions"] = frame["mentions"].fillna(0).astype(np.int64)
    return frame.reset_index(drop=True)


def compare_fans(
    ws: Store,
    *,
    horizon: int = 12,
    confidence: float = CONFIDENCE,
    methods: tuple[Method, ...] = METHODS,
    outcomes: tuple[Outcome, ...] = OUTCOMES,
) -> FanComparison:
    """Raw, history-matched and within-customer comparisons of fans (module docstring).

    ``methods`` and ``outcomes`` choose the estimates (all by default); the within-customer
    estimates per platform come with ``orders``.  The ROI needs only the within-customer
    revenue ratio, and each within-customer fit is a pass of Newton steps over the whole
    customer-month panel, so asking for less saves most of the time."""
    if isinstance(horizon, bool) or not isinstance(horizon, int) or horizon < 1:
        raise FanComparisonError(
            f"--horizon: expected a whole number of months >= 1, got {horizon!r}"
        )
    panel = shared_customer_months(ws)
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
    # per customer of the panel (a row of panel.first): the first engagement's month and
    # platform; everything below works on these positions, not on the text ids
    at = pd.Index(panel.first["customer_id"]).get_indexer(pd.Index(eng["customer_id"]))
    linked = at >= 0
    eng_k = np.full(len(panel.first), NEVER, dtype=np.int64)
    eng_k[at[linked]] = panel.month_of(eng["first_at"])[linked]
    platform_of = np.full(len(panel.first), None, dtype=object)
    platform_of[at[linked]] = eng["platform"].to_numpy(dtype=object)[linked]
    w0 = panel.full_months - horizon
    rows = _rows(panel)
    cohort = _cohort(panel, eng_k, w0, rows)
    cohort["platform"] = platform_of[panel.first["first_k"].to_numpy() < w0]
    estimates: list[Estimate] = []
    if "raw" in methods:
        estimates += _raw(cohort, confidence)
    if "history" in methods:
        estimates += history_effects(cohort, w0, confidence)
    estimates = [e for e in estimates if e.outcome in outcomes]
    if "within" in methods:
        estimates += _within(panel, eng_k, platform_of, confidence, outcomes, rows)
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


#: Per row of the panel the customer's code; the customers in the order of the codes; and
#: for each code the customer's row in ``panel.first``.
Rows = tuple[npt.NDArray[np.intp], pd.Index, npt.NDArray[np.intp]]


def _rows(panel: CustomerMonths) -> Rows:
    """Per row of the panel the customer's code, the customers in the order of the codes, and
    their rows in ``panel.first``: the per-customer work below runs on these integers, not on
    the text ids."""
    if panel.codes is None:
        codes, ids = pd.factorize(panel.frame["customer_id"])
        in_first = pd.Index(panel.first["customer_id"]).get_indexer(pd.Index(ids))
        return codes, pd.Index(ids), in_first.astype(np.intp)
    # the panel's own codes (rows grouped by customer, in the order of ``panel.first``),
    # renumbered over the customers that have rows: the same as factorizing the text ids
    code = np.asarray(panel.codes, dtype=np.intp)
    rows = np.bincount(code, minlength=len(panel.first)) > 0
    renumber = np.cumsum(rows) - 1
    ids = pd.Index(panel.first["customer_id"].to_numpy()[rows])
    return renumber[code].astype(np.intp), ids, np.flatnonzero(rows).astype(np.intp)


def _cohort(
    panel: CustomerMonths, eng_k: npt.NDArray[np.int64], w0: int, rows: Rows | None = None
) -> pd.DataFrame:
    """One row per customer whose first order is before the window, with the history at the
    window start and the outcomes in the window (``eng_k``: the first engagement's month per
    row of ``panel.first``, :data:`NEVER` for none)."""
    f = panel.frame
    codes, ids, in_first = rows or _rows(panel)
    in_cohort = panel.first["first_k"].to_numpy() < w0
    c = panel.first[in_cohort].set_index("customer_id")
    c["eng_k"] = eng_k[in_cohort]
    # each cohort customer's code (−1: no panel rows)
    code_of_first = np.full(len(panel.first), -1, dtype=np.intp)
    code_of_first[in_first] = np.arange(len(ids))
    pos = code_of_first[in_cohort]
    has = pos >= 0
    k = f["k"].to_numpy(np.int64)
    orders = f["orders"].to_numpy(np.float64)
    revenue = f["revenue"].to_numpy(np.float64)
    before = k < w0
    n = len(ids)

    def total(values: npt.NDArray[np.float64], rows: npt.NDArray[np.bool_]) -> Array:
        per = np.bincount(codes[rows], weights=values[rows], minlength=n)
        out = np.zeros(len(pos))  # customers without panel rows: 0
        out[has] = per[pos[has]]
        return out

    bought_before = before & (orders > 0)
    last = np.full(n, -1, dtype=np.int64)
    np.maximum.at(last, codes[bought_before], k[bought_before])
    c["repeat"] = total(orders, before)
    c["spent"] = total(revenue, before)
    c["orders"] = total(orders, ~before)
    c["revenue"] = total(revenue, ~before)
    last_k = c["first_k"].to_numpy(np.float64)
    bought = np.zeros(len(pos), dtype=bool)
    bought[has] = last[pos[has]] >= 0
    last_k[bought] = last[pos[bought]]
    c["last_k"] = last_k
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


#: The ``raw`` estimates of a cohort frame (``eng_k``, ``bought``, ``orders``, ``revenue``):
#: also the plain comparison of :mod:`bindung.insights.replies`.
raw_effects = _raw


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
    # further history a caller adds as ready-made numeric columns (``x_...``; the replies
    # answer: segment and kind of message)
    extra = c[[k for k in c.columns if str(k).startswith("x_")]].astype(np.float64)
    return pd.concat([x, dummies, extra], axis=1)


def history_effects(
    c: pd.DataFrame,
    w0: int,
    confidence: float = CONFIDENCE,
    *,
    platform: str | None = None,
) -> list[Estimate]:
    """The ``history`` estimates for the fans engaged before the window (only those whose
    first engagement was on ``platform``, if given) against customers never engaged by the
    window's end.

    The estimator is statsmodels' ``TreatmentEffect.ipw(effect_group=1)`` (the module
    docstring); its GMM problem is exactly identified, so its solution and covariance are
    computed here in closed form (:func:`_ipw_att`) instead of by Nelder-Mead over all rows."""
    import statsmodels.api as sm

    treated = c["eng_k"] < w0
    if platform is not None:
        treated &= c["platform"] == platform
    sel = treated | (c["eng_k"] >= NEVER)
    c = c[sel]
    t = treated[sel].to_numpy().astype(np.float64)
    n1, n0 = int(t.sum()), int(len(t) - t.sum())
    if n1 < 10 or n0 < 10:
        raise FanComparisonError(
            f"too few customers to weight: {n1} fans engaged before the window, {n0} others "
            "(at least 10 each)"
        )
    x = history_covariates(c)
    # a column equal on every row (up to rounding: a std of 1e-16 makes the logit singular)
    x = x.loc[:, x.std() > 1e-9].assign(const=1.0)
    xa = x.to_numpy(np.float64)
    select = sm.Logit(t, xa).fit(disp=0)
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    ys = [c[column].to_numpy(np.float64) for column in ("bought", "orders", "revenue")]
    out = []
    for outcome, y, (att, pom0, cov) in zip(
        OUTCOMES, ys, _ipw_att(ys, t, xa, np.asarray(select.params)), strict=True
    ):
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
                outcome,
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


#: statsmodels clips the propensity to this range in the IPW moment conditions.
PROPENSITY_CLIP = (0.01, 0.99)


def _ipw_att(
    outcomes: list[npt.NDArray[np.float64]],
    t: npt.NDArray[np.float64],
    x: npt.NDArray[np.float64],
    beta: npt.NDArray[np.float64],
) -> list[tuple[float, float, npt.NDArray[np.float64]]]:
    """``(ATT, POM₀, 2×2 covariance of (ATT, POM₀))`` per outcome: the solution of the GMM
    problem of ``statsmodels.treatment.TreatmentEffect.ipw(effect_group=1)`` given the logit
    ``beta``, and its GMM covariance.

    Moment conditions per customer (``p = Λ(xβ)``, ``p̃`` = ``p`` clipped to 0.01 … 0.99,
    weight ``w = (t/p̃ + (1 − t)/(1 − p̃)) · p̃``, i.e. 1 for fans and the odds ``p̃/(1 − p̃)``
    for the others)::

        w (y − t·ATT − POM₀) · (t, 1),      (t − p) · x   (the logit's score)

    They are as many as the parameters, so the GMM solution sets their means to zero: β is
    the logit's MLE, ``ATT + POM₀`` the fans' mean and ``POM₀`` the odds-weighted mean of the
    others.  The covariance is statsmodels' ``(Gᵀ Ω⁻¹ G)⁻¹ / n`` with ``G`` the Jacobian of
    the mean moments (here analytic, there by central differences) and ``Ω`` the covariance
    of the moments (centred on their grand mean, as there).  statsmodels reaches the same
    point by Nelder-Mead from the unclipped weighted means (on every row, about 350 passes per
    outcome); where no propensity is clipped that start already is the solution."""
    n, k = x.shape
    p = 1 / (1 + np.exp(-(x @ beta)))
    lo, hi = PROPENSITY_CLIP
    pc = np.clip(p, lo, hi)
    w = (t / pc + (1 - t) / (1 - pc)) * pc
    untreated = 1 - t
    # d w / d β for the others: the odds p/(1 − p) = exp(xβ) have derivative odds · x where
    # the propensity is not clipped (and none where it is); w of a fan is constant (1)
    dodds = np.where((p > lo) & (p < hi), untreated * pc / (1 - pc), 0.0)
    score = (t - p)[:, None] * x
    # the logit block of the Jacobian: −Σ p(1 − p) x xᵀ / n
    h_select = -(x.T @ (x * (p * (1 - p))[:, None])) / n
    wt, w0 = w * t, w * untreated
    sum_wt, sum_w0 = float(wt.sum()), float(w0.sum())
    results = []
    for y in outcomes:
        treated_mean = float(wt @ y) / sum_wt
        pom0 = float(w0 @ y) / sum_w0
        att = treated_mean - pom0
        resid = y - t * att - pom0
        wr = w * resid
        moms = np.column_stack([wr * t, wr, score])
        g = np.zeros((k + 2, k + 2))
        g[0, 0] = g[0, 1] = g[1, 0] = -float(wt.sum()) / n
        g[1, 1] = -float(w.sum()) / n
        g[1, 2:] = (dodds * resid) @ x / n
        g[2:, 2:] = h_select
        centred = moms - moms.mean()
        omega = centred.T @ centred / n
        cov = np.linalg.inv(g.T @ np.linalg.inv(omega) @ g) / n
        results.append((att, pom0, cov[:2, :2]))
    return results


def _within(
    panel: CustomerMonths,
    eng_k: npt.NDArray[np.int64],
    platform_of: npt.NDArray[Any],
    confidence: float,
    outcomes: tuple[Outcome, ...] = OUTCOMES,
    rows: Rows | None = None,
) -> list[Estimate]:
    """The within-customer estimates: orders and revenue after the first engagement (any
    platform), and orders per platform of the first engagement.

    All of them come from one structure of cells and patterns and one pass of sufficient
    statistics (:mod:`bindung.models.within`): the treatments are "after the first engagement
    on platform p", one column per platform (those customers whose first engagement has no
    platform in a column of their own), and the pooled "after" is their sum
    (:func:`bindung.models.within.recombined`).  A customer without any order in the panel
    carries no information and leaves before the structure is built."""
    wanted = [o for o in ("orders", "revenue") if o in outcomes]
    if not wanted:
        return []
    f = panel.frame
    codes, ids, in_first = rows or _rows(panel)
    k = f["k"].to_numpy(np.int64)
    k_eng = eng_k[in_first]
    after = k > k_eng[codes]
    fans = int(np.count_nonzero(np.bincount(codes, weights=after, minlength=len(ids))))
    others = len(ids) - fans
    # the platform column of each customer (the last one: no platform)
    platforms = sorted({str(p) for p in platform_of if p is not None and p == p})
    plat = platform_of[in_first]
    column = np.full(len(ids), len(platforms), dtype=np.int64)
    for j, p in enumerate(platforms):
        column[plat == p] = j
    names = [*platforms, ""]
    y = {o: f[o].to_numpy(np.float64) for o in ("orders", "revenue")}
    informative = np.zeros(len(ids), dtype=bool)
    for o in wanted:
        informative |= np.bincount(codes, weights=y[o], minlength=len(ids)) > 0
    keep = informative[codes]
    kc = codes[keep]
    on = after[keep]
    row_column = column[kc]
    used = np.flatnonzero(np.bincount(row_column[on], minlength=len(names)) > 0)
    values = np.zeros((len(kc), len(used)))
    for j, c in enumerate(used):
        values[:, j] = on & (row_column == c)
    month, month_levels = within.levels(k[keep])
    capped = np.minimum(f["tenure"].to_numpy(np.int64), TENURE_CAP)
    tenure, tenure_levels = within.levels(capped[keep])
    layout = within.Layout(
        tuple(names[c] for c in used),
        (
            ("month", tuple(str(v) for v in month_levels)),
            ("tenure", tuple(str(v) for v in tenure_levels)),
        ),
    )
    st = within.structure(np.column_stack([month, tenure]), values, kc.astype(np.int64), len(ids))
    cells = within.statistics(st, layout, np.array([y[o][keep] for o in wanted]))
    pooled, pooled_layout = within.recombined(
        cells, layout, {"after": {name: 1.0 for name in layout.treatments}}
    )
    out = []
    for j, outcome in enumerate(wanted):
        fit = within.fit_cells(pooled, pooled_layout, outcome=j, confidence=confidence)
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
    if "orders" not in wanted:
        return out
    # per platform of the first engagement (orders); customers without a platform count as
    # not engaged here, as before
    named = [n for n in layout.treatments if n]
    if len(named) > 1:
        split, split_layout = within.recombined(cells, layout, {n: {n: 1.0} for n in named})
        fit = within.fit_cells(split, split_layout, outcome=0, confidence=confidence)
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
