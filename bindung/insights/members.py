"""Loyalty members against comparable non-members: do members keep buying and spend more?

>>> result = member_comparison(ws)                                         # doctest: +SKIP
>>> result.outcomes.set_index("outcome").loc["revenue", "ratio"]          # doctest: +SKIP
1.12

Members join a loyalty programme after a purchase, and the customers who join are the ones
who buy more to begin with.  Comparing members with everybody else therefore shows the
difference between customers, not what the programme does.  Two answers, each with a 95 %
interval:

**1. Matched on behaviour before enrolment** (what a reader expects first; coarsened exact
matching, Iacus, King & Porro, *Political Analysis* 20, 2012; risk-set matching, Li, Propert &
Rosenbaum, *JASA* 96, 2001).  Months are local calendar months of the customer-month panel
(:mod:`bindung.insights.panel`).  A member's *anchor month* ``a`` is the month of the
purchase the enrolment follows (the last order month at or before the enrolment when that is
the enrolment's month or the one before, else the enrolment's month;
:func:`bindung.insights.complaints.anchors`).  Candidates are every customer-month ``(c, a)``
of customers who had bought by ``a`` and were **not yet members** at the end of ``a``
(customers who join later count as not yet members, as in risk-set matching).  A member and a
candidate are comparable when they agree on

* the anchor month itself (same season, same programme age),
* orders in the anchor month (0, 1, 2, 3+),
* orders in the :data:`LOOKBACK` (12) months before it (0, 1, 2, 3, 4–5, 6–8, 9–12, 13+),
* revenue in those months (0, then the members' quintiles),
* months since the last order before the anchor month (1, 2–3, 4–6, 7–12, none),
* months since the first order (0, 1–2, 3–5, 6–11, 12–23, 24+).

Each member gets :data:`CONTROLS` (5) candidates of their stratum, drawn with replacement
(seeded, :data:`SEED`); a member without a candidate is left out and counted as
``unmatched``.  Outcomes over the :data:`HORIZON` (12) months ``a+1 … a+12`` (only anchors
whose twelve months all lie in the data): *still buying* (an order in them; 0/1), *orders*
and *revenue* (spend).  Per member ``i`` the difference ``d_i = y_i − ȳ_controls(i)``; the
effect on the members is ``d̄`` with the t interval ``d̄ ± t(0.975, n−1) · s_d / √n`` (the
controls' noise is inside ``d_i``), and the ratio ``1 + d̄ / ȳ_controls`` divides the interval
by the controls' mean (whose own error is ignored there).  The balance table shows the
behaviour before enrolment of members, matched candidates and all candidates — matching
works when the first two agree.

This removes the difference that the past behaviour shows.  It cannot remove what the
behaviour only hints at: among customers with the same history, the heavier buyers are still
more likely to join (on the demo the matched ratio therefore lies above the planted effect).

**2. Each member against themselves** (decision 0007;
:func:`bindung.insights.events.event_rate_ratios`).  A conditional Poisson with a fixed effect
per customer (month and tenure controls) on the customer-month panel: stable differences
between customers, seen or not, drop out.  The enrolment (from the month after its anchor
month on) is compared with *comparison events* that mimic how members join:

* a member joins once, in a month with an order, from the programme's start (the first
  anchor month) on — so each customer who is not yet a member gets at most one comparison
  event, at the first of their order months (from the start, before any own enrolment) in
  which a random draw succeeds;
* the chance per order month follows a discrete-time hazard of enrolment fitted on the
  eligible order months (``statsmodels`` ``Logit`` of "enrolled in this order month" on the
  log of the customer's order rate in the panel, ``(orders + 0.5) / (months + 1)``):
  customers who buy more join sooner, and comparison events drawn with one flat chance put
  light buyers' events later in their order sequence than members' — on the demo's
  generator with no loyalty effect at all that alone shows a +10 % "effect".  The rate is a
  function of the customer's total, on which the conditional likelihood conditions, so using
  it does not bias the within-customer comparison;
* events are compared within strata of months since the first order at the anchor (2–3,
  4–6, 7–12, 13+); an anchor in the first or second month of a customer leaves no month
  before it in the panel, so such members leave the fit;
* following the brand on social media (the first interaction, :mod:`bindung.insights.fans`)
  enters as an indicator of its own: members follow more often, and following raises buying
  too.

The draws are repeated :data:`DRAWS` (5) times (seeded) and combined by Rubin's rules
(:func:`bindung.insights.events.rubin`).  ``exp(β)`` is the rate ratio "after enrolment
the member buys ``exp(β)`` times as often as after an ordinary order month", for orders and
for revenue.  This is the estimate to act on; the matched comparison is the data behind it.
Checked on the demo's generator: with no loyalty effect the interval covers 1 (also with the
social and complaint effects on), with the planted ×1.10 it covers 1.10
(``tests/insights/test_members.py``).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import statsmodels.api as sm
from numpy.linalg import LinAlgError
from scipy import stats  # type: ignore[import-untyped]
from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationWarning

from bindung.errors import BindungError
from bindung.insights.complaints import anchors
from bindung.insights.events import event_rate_ratios, rubin
from bindung.insights.panel import CustomerMonths, customer_months, order_months
from bindung.models.errors import ModelError
from bindung.models.within import CONFIDENCE

Array = npt.NDArray[np.float64]
#: Months after the anchor month in which the outcomes are counted.
HORIZON = 12
#: Months before the anchor month that describe the behaviour before enrolment.
LOOKBACK = 12
#: Candidates drawn per member.
CONTROLS = 5
#: Seed of the draws.
SEED = 20_261_123
#: Bin edges (lower bounds) of the matching variables.
ORDER_BINS = (0, 1, 2, 3, 4, 6, 9, 13)
ANCHOR_BINS = (0, 1, 2, 3)
RECENCY_BINS = (1, 2, 4, 7)
TENURE_BINS = (0, 1, 3, 6, 12, 24)
REVENUE_QUANTILES = (0.2, 0.4, 0.6, 0.8)
#: Draws of the comparison events, combined by Rubin's rules.
DRAWS = 5
#: Months since the first order an anchor needs so that the panel holds a month before it.
MIN_TENURE = 2
#: Strata of the comparison (lower bounds of months since the first order at the anchor).
TENURE_STRATA = (4, 7, 13)
WITHIN_COLUMNS = ("outcome", "ratio", "low", "high", "p_value", "members")
TOO_FEW = (
    "too few members and comparable customers to compare within customers (the enrolment "
    "hazard or the fixed-effects fit does not converge)"
)
OUTCOMES = ("still_buying", "orders", "revenue")
BALANCE = ("orders_anchor", "orders_before", "revenue_before", "recency", "tenure")


@dataclass(frozen=True)
class MemberComparison:
    """``outcomes``: per outcome the members' and matched controls' means, the difference with
    its interval and p-value, and the ratio with its interval.  ``balance``: behaviour before
    enrolment of members, matched controls and all candidates.  ``within``: the rate ratios of
    orders and revenue within customers (rows ``orders``, ``revenue``)."""

    program: str
    members: int  # members with an anchor month whose horizon lies in the data
    matched: int
    unmatched: int
    horizon: int
    outcomes: pd.DataFrame
    balance: pd.DataFrame
    within: pd.DataFrame
    hazard: float  # enrolments per eligible order month (the comparison events' chance)
    draws: int
    within_note: str = ""  # why ``within`` is empty, when it is

    @property
    def matched_share(self) -> float:
        return 100.0 * self.matched / self.members if self.members else math.nan


@dataclass(frozen=True)
class _Monthly:
    """Dense customers × months orders and revenue (first-order month included), with their
    running sums (a leading column of zeros) for sums over any window of months."""

    count: Array
    money: Array
    count_cum: Array
    money_cum: Array


def _running(values: Array) -> Array:
    return np.concatenate([np.zeros((values.shape[0], 1)), np.cumsum(values, axis=1)], axis=1)


def _monthly(ws: Any, panel: CustomerMonths, ids: pd.Index) -> _Monthly:
    """Orders and revenue per customer row of ``ids`` and panel month."""
    orders = ws.table("orders").select("customer_id", "ordered_at", "revenue").to_pandas()
    orders = orders[orders["customer_id"].isin(ids)]
    k = panel.month_of(orders["ordered_at"])
    rows = ids.get_indexer(orders["customer_id"])
    n_months = panel.full_months
    ok = (k >= 0) & (k < n_months)
    count = np.zeros((len(ids), n_months))
    money = np.zeros((len(ids), n_months))
    np.add.at(count, (rows[ok], k[ok]), 1.0)
    revenue = pd.to_numeric(orders["revenue"], errors="coerce").fillna(0.0).to_numpy(np.float64)
    np.add.at(money, (rows[ok], k[ok]), revenue[ok])
    return _Monthly(count, money, _running(count), _running(money))


def _window(cum: Array, rows: npt.NDArray[np.intp], lo: Array, hi: Array) -> Array:
    """Sum over months ``lo … hi−1`` per row, from the cumulative sums ``cum`` (one extra
    leading column of zeros)."""
    lo_i = np.clip(lo, 0, cum.shape[1] - 1).astype(np.intp)
    hi_i = np.clip(hi, 0, cum.shape[1] - 1).astype(np.intp)
    return np.asarray(cum[rows, hi_i] - cum[rows, lo_i], dtype=np.float64)


def _features(
    monthly: _Monthly, first_k: Array, rows: npt.NDArray[np.intp], a: Array
) -> dict[str, Array]:
    """Behaviour before the anchor month ``a`` of customer rows ``rows``."""
    count = monthly.count
    ai = a.astype(np.intp)
    before = _window(monthly.count_cum, rows, a - LOOKBACK, a)
    # months since the last order before a (within the lookback; 0 = none)
    recency = np.zeros(len(rows))
    for lag in range(LOOKBACK, 0, -1):
        m = ai - lag
        hit = (m >= 0) & (count[rows, np.clip(m, 0, count.shape[1] - 1)] > 0)
        recency = np.where(hit, lag, recency)
    return {
        "orders_anchor": count[rows, ai],
        "orders_before": before,
        "revenue_before": _window(monthly.money_cum, rows, a - LOOKBACK, a),
        "recency": recency,
        "tenure": a - first_k[rows],
    }


def _outcomes(monthly: _Monthly, rows: npt.NDArray[np.intp], a: Array) -> dict[str, Array]:
    """Still buying, orders and revenue in the months ``a+1 … a+HORIZON``."""
    orders = _window(monthly.count_cum, rows, a + 1, a + 1 + HORIZON)
    return {
        "still_buying": (orders > 0).astype(np.float64),
        "orders": orders,
        "revenue": _window(monthly.money_cum, rows, a + 1, a + 1 + HORIZON),
    }


def _stratum(f: dict[str, Array], a: Array, revenue_edges: Array) -> npt.NDArray[np.int64]:
    """One integer per row naming its stratum (module docstring)."""
    parts = [
        np.searchsorted(ANCHOR_BINS, f["orders_anchor"], side="right") - 1,
        np.searchsorted(ORDER_BINS, f["orders_before"], side="right") - 1,
        np.where(
            f["revenue_before"] <= 0,
            0,
            1 + np.searchsorted(revenue_edges, f["revenue_before"], side="left"),
        ),
        np.where(f["recency"] <= 0, 0, np.searchsorted(RECENCY_BINS, f["recency"], side="right")),
        np.searchsorted(TENURE_BINS, f["tenure"], side="right") - 1,
        a,
    ]
    sizes = (
        len(ANCHOR_BINS),
        len(ORDER_BINS),
        len(REVENUE_QUANTILES) + 2,
        len(RECENCY_BINS) + 1,
        len(TENURE_BINS),
    )
    key = np.zeros(len(a), dtype=np.int64)
    for part, size in zip(parts, (*sizes, 10_000), strict=True):
        key = key * size + np.asarray(part, dtype=np.int64)
    return key


def enrolments(ws: Any, panel: CustomerMonths, program: str | None = None) -> pd.DataFrame:
    """Each member's first enrolment (``customer_id``, ``at``, ``program``) with its anchor
    month ``a`` and enrolment month ``e``."""
    events: pd.DataFrame = ws.table("loyalty_events").to_pandas()
    enrol = events[events["kind"] == "enroll"].copy()
    enrol["program"] = enrol["program"].fillna("").astype(str)
    if program is not None:
        enrol = enrol[enrol["program"] == program]
    enrol = enrol[enrol["customer_id"].isin(panel.first["customer_id"])]
    enrol = enrol.sort_values(["customer_id", "at"]).drop_duplicates("customer_id")
    enrol = enrol.reset_index(drop=True)
    if enrol.empty:
        return enrol.assign(a=pd.Series(dtype=np.int64), e=pd.Series(dtype=np.int64))
    months = order_months(ws, panel)
    enrol["a"] = anchors(enrol.rename(columns={"at": "opened_at"}), months, panel)
    enrol["e"] = panel.month_of(enrol["at"])
    return enrol[["customer_id", "at", "program", "a", "e"]]


def member_comparison(
    ws: Any,
    *,
    program: str | None = None,
    panel: CustomerMonths | None = None,
    confidence: float = CONFIDENCE,
    seed: int = SEED,
    draws: int = DRAWS,
) -> MemberComparison:
    """Members against comparable non-members (see the module docstring)."""
    panel = panel if panel is not None else customer_months(ws)
    enrol = enrolments(ws, panel, program)
    if enrol.empty:
        raise BindungError(
            "no loyalty members with orders: import loyalty_events with 'enroll' events "
            "(bindung import loyalty_events FILE)"
        )
    first = panel.first
    ids = pd.Index(first["customer_id"])
    first_k = first["first_k"].to_numpy(np.float64)
    monthly = _monthly(ws, panel, ids)
    last_anchor = panel.full_months - 1 - HORIZON
    enrolled_k = np.full(len(ids), np.inf)
    # a member counts from the anchor month on (enrolling just after a purchase included),
    # so that nobody is a candidate in the month their own enrolment is anchored to
    enrolled_k[ids.get_indexer(enrol["customer_id"])] = np.minimum(
        enrol["a"].to_numpy(np.float64), enrol["e"].to_numpy(np.float64)
    )
    members = enrol[(enrol["a"] <= last_anchor) & (enrol["a"] >= 0)]
    if members.empty:
        raise BindungError(
            f"no member enrolled early enough to be followed for {HORIZON} months in the data"
        )
    m_rows = ids.get_indexer(members["customer_id"]).astype(np.intp)
    m_a = members["a"].to_numpy(np.float64)
    # candidates: customer-months (c, a) in the members' anchor months, customer by then,
    # not yet a member at the end of a
    months = np.unique(m_a)
    cand_rows_l, cand_a_l = [], []
    for a in months:
        ok = (first_k <= a) & (enrolled_k > a)
        r = np.nonzero(ok)[0]
        cand_rows_l.append(r)
        cand_a_l.append(np.full(len(r), a))
    c_rows = np.concatenate(cand_rows_l).astype(np.intp)
    c_a = np.concatenate(cand_a_l)
    m_f = _features(monthly, first_k, m_rows, m_a)
    c_f = _features(monthly, first_k, c_rows, c_a)
    positive = m_f["revenue_before"][m_f["revenue_before"] > 0]
    edges = np.unique(np.quantile(positive, REVENUE_QUANTILES)) if len(positive) else np.zeros(0)
    m_key = _stratum(m_f, m_a, edges)
    c_key = _stratum(c_f, c_a, edges)
    order = np.argsort(c_key, kind="stable")
    c_sorted = c_key[order]
    lo = np.searchsorted(c_sorted, m_key, side="left")
    hi = np.searchsorted(c_sorted, m_key, side="right")
    size = hi - lo
    matched = size > 0
    rng = np.random.default_rng(seed)
    u = rng.random((int(matched.sum()), CONTROLS))
    pick = order[lo[matched, None] + np.floor(u * size[matched, None]).astype(np.int64)]
    mr, ma = m_rows[matched], m_a[matched]
    pr, pa = c_rows[pick], c_a[pick]  # (matched members, CONTROLS)
    y_m = _outcomes(monthly, mr, ma)
    y_c = _outcomes(monthly, pr.ravel(), pa.ravel())
    z = float(stats.t.ppf(0.5 + confidence / 2.0, max(len(mr) - 1, 1)))
    rows: list[dict[str, Any]] = []
    for name in OUTCOMES:
        ym = y_m[name]
        yc = y_c[name].reshape(pr.shape).mean(axis=1)
        d = ym - yc
        mean_c = float(yc.mean())
        mean_d = float(d.mean())
        se = float(d.std(ddof=1) / math.sqrt(len(d))) if len(d) > 1 else math.nan
        p = float(2 * stats.t.sf(abs(mean_d / se), len(d) - 1)) if se > 0 else math.nan
        scale = 100.0 if name == "still_buying" else 1.0
        rows.append(
            {
                "outcome": name,
                "members": float(ym.mean()) * scale,
                "controls": mean_c * scale,
                "difference": mean_d * scale,
                "difference_low": (mean_d - z * se) * scale,
                "difference_high": (mean_d + z * se) * scale,
                "p_value": p,
                "ratio": 1 + mean_d / mean_c if mean_c else math.nan,
                "ratio_low": 1 + (mean_d - z * se) / mean_c if mean_c else math.nan,
                "ratio_high": 1 + (mean_d + z * se) / mean_c if mean_c else math.nan,
            }
        )
    balance_rows = []
    for name in BALANCE:
        member_mean = float(m_f[name][matched].mean())
        control_mean = float(c_f[name][pick].mean(axis=1).mean())
        everybody = float(c_f[name].mean())
        spread = float(np.sqrt((m_f[name][matched].var() + c_f[name].var()) / 2))
        balance_rows.append(
            {
                "variable": name,
                "members": member_mean,
                "matched": control_mean,
                "all_candidates": everybody,
                "smd_matched": (member_mean - control_mean) / spread if spread else 0.0,
                "smd_all": (member_mean - everybody) / spread if spread else 0.0,
            }
        )
    try:
        within, hazard = _within(ws, panel, enrol, confidence, seed, draws)
        note = ""
    except BindungError as exc:
        within, hazard, note = pd.DataFrame(columns=WITHIN_COLUMNS), math.nan, str(exc)
    return MemberComparison(
        program=program or "",
        members=len(m_rows),
        matched=int(matched.sum()),
        unmatched=int((~matched).sum()),
        horizon=HORIZON,
        outcomes=pd.DataFrame(rows),
        balance=pd.DataFrame(balance_rows),
        within=within,
        hazard=hazard,
        draws=draws,
        within_note=note,
    )


def _within(
    ws: Any,
    panel: CustomerMonths,
    enrol: pd.DataFrame,
    confidence: float,
    seed: int,
    draws: int,
) -> tuple[pd.DataFrame, float]:
    """Rate ratios of orders and revenue after enrolment against after a comparison event,
    within customers (module docstring, part 2); also the hazard ``h``."""
    from bindung.insights.fans import engagement

    first_k = panel.first.set_index("customer_id")["first_k"]
    months = order_months(ws, panel)
    months = months[months["k"] < panel.full_months]
    months["tenure"] = months["k"].to_numpy() - months["customer_id"].map(first_k).to_numpy()
    anchor = enrol.set_index("customer_id")["a"]
    a_of = months["customer_id"].map(anchor).to_numpy(np.float64)
    launch = int(enrol["a"].min())
    # eligible: order months from the launch on, before the customer's own enrolment
    eligible = months[(months["k"] >= launch) & ~(months["k"].to_numpy() > a_of)]
    members = eligible[eligible["k"].to_numpy() == eligible["customer_id"].map(anchor).to_numpy()]
    chances = eligible.drop(members.index).sort_values(["customer_id", "k"])
    informative = members[members["tenure"] >= MIN_TENURE]
    chances = chances[chances["tenure"] >= MIN_TENURE]
    if informative.empty or chances.empty:
        raise BindungError(
            "no member enrolled after a month of buying that the panel holds; nothing to "
            "compare within customers"
        )
    hazard = len(informative) / len(chances)
    # the chance of enrolling rises with how much a customer buys: a discrete-time hazard of
    # enrolment per eligible order month on the log of the customer's order rate in the panel
    # (orders / months, a function of the customer's total, on which the conditional
    # likelihood conditions anyway)
    per = panel.frame.groupby("customer_id")["orders"].agg(["sum", "size"])
    log_rate = np.log((per["sum"] + 0.5) / (per["size"] + 1.0))
    rows = pd.concat([informative.assign(y=1.0), chances.assign(y=0.0)], ignore_index=True)
    x = sm.add_constant(rows["customer_id"].map(log_rate).to_numpy(np.float64))
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        warnings.simplefilter("error", PerfectSeparationWarning)
        warnings.simplefilter("error", RuntimeWarning)
        try:
            logit = sm.Logit(rows["y"].to_numpy(), x).fit(disp=0)
        except (ConvergenceWarning, PerfectSeparationWarning, RuntimeWarning, LinAlgError):
            raise BindungError(TOO_FEW) from None
    chance = np.asarray(
        logit.predict(sm.add_constant(chances["customer_id"].map(log_rate).to_numpy(np.float64)))
    )
    # customers whose enrolment carries no within information leave the fit altogether
    blind = set(members.loc[members["tenure"] < MIN_TENURE, "customer_id"])
    frame = panel.frame[~panel.frame["customer_id"].isin(blind)].reset_index(drop=True)
    fit_panel = CustomerMonths(frame, panel.first, panel.grid, panel.full_months)
    covariates: dict[str, Array] = {}
    social = engagement(ws)
    if not social.empty:
        eng = social.set_index("customer_id")["first_at"]
        eng_k = pd.Series(panel.month_of(eng.to_numpy()), index=eng.index)
        k_eng = frame["customer_id"].map(eng_k).fillna(np.inf).to_numpy(np.float64)
        covariates["social"] = (frame["k"].to_numpy() > k_eng).astype(np.float64)
    results: dict[str, list[tuple[float, float]]] = {"orders": [], "revenue": []}
    customers = 0
    for r in range(draws):
        hit = np.random.default_rng([seed, r]).random(len(chances)) < chance
        pseudo = chances[hit].drop_duplicates("customer_id").assign(term="")
        events = pd.concat([informative.assign(term="member"), pseudo], ignore_index=True)
        events = events.rename(columns={"k": "a"})
        events["stratum"] = np.searchsorted(TENURE_STRATA, events["tenure"], side="right")
        for outcome in results:
            try:
                fit = event_rate_ratios(
                    fit_panel,
                    events[["customer_id", "a", "term", "stratum"]],
                    ("member",),
                    outcome=outcome,
                    confidence=confidence,
                    covariates=covariates,
                )
            except (ModelError, OverflowError, LinAlgError):
                raise BindungError(TOO_FEW) from None
            if "member" not in fit.effects or not math.isfinite(fit.effects["member"].se):
                raise BindungError(TOO_FEW)
            e = fit.effects["member"]
            results[outcome].append((e.beta, e.se))
            customers = e.treated_customers
    z = float(stats.norm.ppf(0.5 + confidence / 2.0))
    rows = []
    for outcome, fits in results.items():
        b, se = rubin([f[0] for f in fits], [f[1] for f in fits])
        rows.append(
            {
                "outcome": outcome,
                "ratio": math.exp(b),
                "low": math.exp(b - z * se),
                "high": math.exp(b + z * se),
                "p_value": float(2 * stats.norm.sf(abs(b / se))) if se > 0 else math.nan,
                "members": customers,
            }
        )
    return pd.DataFrame(rows), hazard
