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
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import statsmodels.api as sm
from numpy.linalg import LinAlgError
from scipy import stats  # type: ignore[import-untyped]
from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationWarning

from bindung.errors import BindungError
from bindung.insights.complaints import panel_anchors
from bindung.insights.events import EventModel, rubin
from bindung.insights.panel import CustomerMonths, order_months, shared_customer_months
from bindung.insights.panel import customer_months as customer_months  # used by callers
from bindung.models import forked
from bindung.models.errors import ModelError
from bindung.models.within import CONFIDENCE, WithinFit

if TYPE_CHECKING:
    from bindung.store.protocol import Store

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
    """Running sums over the months of orders and revenue per customer (months × customers,
    first-order month included, a leading row of zeros) for sums over any window of months,
    and per month the latest month up to it with an order (−1: none).  Months run along the
    first axis, so the running sums run along contiguous rows."""

    count_cum: Array
    money_cum: Array
    latest: npt.NDArray[np.int16]

    def count(self, month: npt.NDArray[np.intp], rows: npt.NDArray[np.intp]) -> Array:
        """Orders in ``month`` of customer ``rows`` (whole numbers: exact as a difference)."""
        return np.asarray(
            self.count_cum[month + 1, rows] - self.count_cum[month, rows], dtype=np.float64
        )


def _monthly(ws: Store, panel: CustomerMonths, ids: pd.Index) -> _Monthly:
    """Orders and revenue per panel month and customer row of ``ids`` (the panel's
    customers)."""
    n_months = panel.full_months
    count = np.zeros((n_months + 1, len(ids)))
    money = np.zeros((n_months + 1, len(ids)))
    if panel.monthly is not None and len(ids) == len(panel.first):
        m = panel.monthly
        ok = (m.k >= 0) & (m.k < n_months)
        count[m.k[ok] + 1, m.code[ok]] = m.orders[ok]
        money[m.k[ok] + 1, m.code[ok]] = m.revenue[ok]
    else:
        orders = ws.table("orders").select("customer_id", "ordered_at", "revenue").to_pandas()
        rows = ids.get_indexer(pd.Index(orders["customer_id"]))
        k = panel.month_of(orders["ordered_at"])
        ok = (rows >= 0) & (k >= 0) & (k < n_months)
        np.add.at(count, (k[ok] + 1, rows[ok]), 1.0)
        revenue = pd.to_numeric(orders["revenue"], errors="coerce").fillna(0.0)
        np.add.at(money, (k[ok] + 1, rows[ok]), revenue.to_numpy(np.float64)[ok])
    months = np.arange(n_months, dtype=np.int16)[:, None]
    latest = np.where(count[1:] > 0, months, np.int16(-1))
    if n_months:
        np.maximum.accumulate(latest, axis=0, out=latest)
    # running sums in place: 0, m0, m0 + m1, ... (the same additions as a separate cumsum)
    np.cumsum(count, axis=0, out=count)
    np.cumsum(money, axis=0, out=money)
    return _Monthly(count, money, latest)


def _window(cum: Array, rows: npt.NDArray[np.intp], lo: Array, hi: Array) -> Array:
    """Sum over months ``lo … hi−1`` per customer row, from the running sums ``cum`` (one
    extra leading row of zeros)."""
    lo_i = np.clip(lo, 0, cum.shape[0] - 1).astype(np.intp)
    hi_i = np.clip(hi, 0, cum.shape[0] - 1).astype(np.intp)
    return np.asarray(cum[hi_i, rows] - cum[lo_i, rows], dtype=np.float64)


def _features(
    monthly: _Monthly, first_k: Array, rows: npt.NDArray[np.intp], a: Array
) -> dict[str, Array]:
    """Behaviour before the anchor month ``a`` of customer rows ``rows``."""
    ai = a.astype(np.intp)
    before = _window(monthly.count_cum, rows, a - LOOKBACK, a)
    # months since the last order before a (within the lookback; 0 = none)
    last = np.where(ai > 0, monthly.latest[np.maximum(ai - 1, 0), rows], -1)
    lag = ai - last
    recency = np.where((last >= 0) & (lag <= LOOKBACK), lag, 0).astype(np.float64)
    return {
        "orders_anchor": monthly.count(ai, rows),
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


def enrolments(ws: Store, panel: CustomerMonths, program: str | None = None) -> pd.DataFrame:
    """Each member's first enrolment (``customer_id``, ``at``, ``program``) with its anchor
    month ``a`` and enrolment month ``e``."""
    table = ws.table("loyalty_events")
    enrol: pd.DataFrame = table.filter(table.kind == "enroll").to_pandas()
    enrol["program"] = enrol["program"].fillna("").astype(str)
    if program is not None:
        enrol = enrol[enrol["program"] == program]
    ids = pd.Index(panel.first["customer_id"])
    enrol = enrol[ids.get_indexer(pd.Index(enrol["customer_id"])) >= 0]
    enrol = enrol.sort_values(["customer_id", "at"]).drop_duplicates("customer_id")
    enrol = enrol.reset_index(drop=True)
    if enrol.empty:
        return enrol.assign(a=pd.Series(dtype=np.int64), e=pd.Series(dtype=np.int64))
    enrol["a"] = panel_anchors(ws, panel, enrol["customer_id"], enrol["at"])
    enrol["e"] = panel.month_of(enrol["at"])
    return enrol[["customer_id", "at", "program", "a", "e"]]


def member_comparison(
    ws: Store,
    *,
    program: str | None = None,
    panel: CustomerMonths | None = None,
    confidence: float = CONFIDENCE,
    seed: int = SEED,
    draws: int = DRAWS,
) -> MemberComparison:
    """Members against comparable non-members (see the module docstring)."""
    panel = panel if panel is not None else shared_customer_months(ws)
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
    enrolled_k[ids.get_indexer(pd.Index(enrol["customer_id"]))] = np.minimum(
        enrol["a"].to_numpy(np.float64), enrol["e"].to_numpy(np.float64)
    )
    members = enrol[(enrol["a"] <= last_anchor) & (enrol["a"] >= 0)]
    if members.empty:
        raise BindungError(
            f"no member enrolled early enough to be followed for {HORIZON} months in the data"
        )
    m_rows = ids.get_indexer(pd.Index(members["customer_id"])).astype(np.intp)
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
    ws: Store,
    panel: CustomerMonths,
    enrol: pd.DataFrame,
    confidence: float,
    seed: int,
    draws: int,
) -> tuple[pd.DataFrame, float]:
    """Rate ratios of orders and revenue after enrolment against after a comparison event,
    within customers (module docstring, part 2); also the hazard ``h``."""
    from bindung.insights.fans import engagement

    ids = pd.Index(panel.first["customer_id"])
    first_k = panel.first["first_k"].to_numpy(np.int64)
    # order months (customer code, month), complete months only, sorted
    m_code, m_k = _order_month_codes(ws, panel, ids)
    inside = m_k < panel.full_months
    m_code, m_k = m_code[inside], m_k[inside]
    tenure = m_k - first_k[m_code]
    anchor = np.full(len(ids), np.nan)
    anchor[ids.get_indexer(pd.Index(enrol["customer_id"]))] = enrol["a"].to_numpy(np.float64)
    a_of = anchor[m_code]
    launch = int(enrol["a"].min())
    # eligible: order months from the launch on, before the customer's own enrolment
    eligible = (m_k >= launch) & ~(m_k > a_of)
    member = eligible & (m_k == a_of)
    chance_rows = eligible & ~member & (tenure >= MIN_TENURE)
    informative_rows = member & (tenure >= MIN_TENURE)
    if not informative_rows.any() or not chance_rows.any():
        raise BindungError(
            "no member enrolled after a month of buying that the panel holds; nothing to "
            "compare within customers"
        )
    hazard = int(informative_rows.sum()) / int(chance_rows.sum())
    # the chance of enrolling rises with how much a customer buys: a discrete-time hazard of
    # enrolment per eligible order month on the log of the customer's order rate in the panel
    # (orders / months, a function of the customer's total, on which the conditional
    # likelihood conditions anyway)
    codes = _row_codes(panel, ids)
    orders_sum = np.bincount(
        codes, weights=panel.frame["orders"].to_numpy(np.float64), minlength=len(ids)
    )
    months_n = np.bincount(codes, minlength=len(ids)).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_rate = np.log((orders_sum + 0.5) / (months_n + 1.0))
    log_rate[months_n == 0] = np.nan
    c_code, c_k, c_tenure = m_code[chance_rows], m_k[chance_rows], tenure[chance_rows]
    i_code, i_k, i_tenure = (
        m_code[informative_rows],
        m_k[informative_rows],
        tenure[informative_rows],
    )
    chance = _enrolment_chance(log_rate, i_code, c_code)
    # customers whose enrolment carries no within information leave the fit altogether
    blind = ids.take(np.unique(m_code[member & (tenure < MIN_TENURE)]))
    covariates: dict[str, Array] = {}
    social = engagement(ws)
    if not social.empty:
        eng_code = ids.get_indexer(pd.Index(social["customer_id"]))
        found = eng_code >= 0
        k_eng = np.full(len(ids), np.inf)
        k_eng[eng_code[found]] = panel.month_of(social["first_at"].to_numpy()[found])
        covariates["social"] = (panel.frame["k"].to_numpy() > k_eng[codes]).astype(np.float64)
    results: dict[str, list[tuple[float, float]]] = {"orders": [], "revenue": []}
    customers = 0
    informative = pd.DataFrame(
        {"customer_id": ids.take(i_code), "a": i_k, "term": "member", "tenure": i_tenure}
    )
    informative["stratum"] = np.searchsorted(TENURE_STRATA, informative["tenure"], side="right")
    columns = ["customer_id", "a", "term", "stratum"]
    try:
        # the members' enrolments and the covariate are the same in every draw
        model = EventModel(
            panel,
            informative[columns],
            ("member",),
            outcomes=tuple(results),
            confidence=confidence,
            covariates=covariates,
            leave_out=blind,
        )
    except (ModelError, OverflowError, LinAlgError):
        raise BindungError(TOO_FEW) from None

    def draw(r: int, start: dict[str, dict[str, float]] | None) -> dict[str, WithinFit]:
        hit = np.random.default_rng([seed, r]).random(len(c_code)) < chance
        _, first_hit = np.unique(c_code[hit], return_index=True)
        chosen = np.flatnonzero(hit)[first_hit]
        pseudo = pd.DataFrame(
            {
                "code": c_code[chosen],
                "a": c_k[chosen],
                "term": "",
                "stratum": np.searchsorted(TENURE_STRATA, c_tenure[chosen], side="right"),
            }
        )
        try:
            return model.fit(pseudo, start=start)
        except (ModelError, OverflowError, LinAlgError):
            raise BindungError(TOO_FEW) from None

    def add(fits: dict[str, WithinFit]) -> None:
        nonlocal customers
        for outcome, fit in fits.items():
            if "member" not in fit.effects or not math.isfinite(fit.effects["member"].se):
                raise BindungError(TOO_FEW)
            e = fit.effects["member"]
            results[outcome].append((e.beta, e.se))
            customers = e.treated_customers

    # the first draw from scratch, the others from its maximum, on the cores (decision 0008)
    first = draw(0, None)
    add(first)
    start = {o: dict(zip(f.names, f.params.tolist(), strict=True)) for o, f in first.items()}
    for fits in forked.run(lambda r: draw(r, start), range(1, draws), size=len(panel.frame)):
        add(fits)
    z = float(stats.norm.ppf(0.5 + confidence / 2.0))
    rows = []
    for outcome, fitted in results.items():
        b, se = rubin([f[0] for f in fitted], [f[1] for f in fitted])
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


def _enrolment_chance(
    x: Array, member: npt.NDArray[np.int64], other: npt.NDArray[np.int64]
) -> Array:
    """The fitted chance of enrolling in each eligible order month of ``other``: a logit of
    "enrolled in this order month" on ``x`` (per customer), over the order months of
    ``member`` (enrolled) and ``other`` (not).

    The months of one customer share their ``x``, so the likelihood only needs, per distinct
    value of ``x``, how many months enrolled and how many did not: the logit on the months is
    the binomial GLM on those counts (``statsmodels`` GLM with frequency weights, fitted by
    Newton steps like ``Logit``, at most 35: the same maximum as ``Logit`` on every month,
    without a row per month).  A fit that does not converge — on a few customers the
    likelihood keeps rising as the coefficients run off — is :data:`TOO_FEW`, as before."""
    n = len(x)
    enrolled = np.bincount(member, minlength=n).astype(np.float64)
    not_enrolled = np.bincount(other, minlength=n).astype(np.float64)
    seen = (enrolled + not_enrolled) > 0
    values, group = np.unique(x[seen], return_inverse=True)
    ones = np.bincount(group, weights=enrolled[seen], minlength=len(values))
    zeros = np.bincount(group, weights=not_enrolled[seen], minlength=len(values))
    has1, has0 = ones > 0, zeros > 0
    exog = sm.add_constant(np.concatenate([values[has1], values[has0]]), has_constant="add")
    endog = np.concatenate([np.ones(int(has1.sum())), np.zeros(int(has0.sum()))])
    weights = np.concatenate([ones[has1], zeros[has0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        warnings.simplefilter("error", PerfectSeparationWarning)
        warnings.simplefilter("error", RuntimeWarning)
        try:
            model = sm.GLM(endog, exog, family=sm.families.Binomial(), freq_weights=weights)
            fit = model.fit(method="newton", maxiter=35)
        except (ConvergenceWarning, PerfectSeparationWarning, RuntimeWarning, LinAlgError):
            raise BindungError(TOO_FEW) from None
    per_value = np.asarray(fit.predict(sm.add_constant(values, has_constant="add")))
    per_customer = np.full(n, np.nan)
    per_customer[np.flatnonzero(seen)] = per_value[group]
    out: Array = per_customer[other]
    return out


def _order_month_codes(
    ws: Store, panel: CustomerMonths, ids: pd.Index
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The months with orders as (customer code in ``ids``, month), sorted."""
    if panel.monthly is not None:
        return panel.monthly.code, panel.monthly.k
    months = order_months(ws, panel)
    return ids.get_indexer(pd.Index(months["customer_id"])).astype(np.int64), months["k"].to_numpy(
        np.int64
    )


def _row_codes(panel: CustomerMonths, ids: pd.Index) -> npt.NDArray[np.int64]:
    """The customer code (in ``ids``) of each panel row."""
    if panel.codes is not None:
        return np.asarray(panel.codes, dtype=np.int64)
    return ids.get_indexer(pd.Index(panel.frame["customer_id"])).astype(np.int64)
