"""Sales channels: do customers who buy in several channels stay longer, buy more often and
are worth more — once we compare them with single-channel buyers who buy as often?

>>> result = channel_comparison(ws)                                         # doctest: +SKIP
>>> result.effects[0].percent, result.effects[0].low, result.effects[0].high

Reads ``orders`` (``customer_id``, ``ordered_at``, ``revenue``, ``channel``: the *sales*
channel of the order; the customers' *acquisition* channel is another question, answered by
``bindung kpis --by channel``).  Orders without a channel do not count as a channel.

**Why not simply compare.**  A customer with one order cannot have used two channels, and a
customer with twenty orders has had twenty chances: multi-channel buyers "stay longer" partly
because they are the ones who buy often anyway.  Comparing all multi-channel buyers with all
others therefore mixes the question with purchase frequency (source 000 quotes +35–45 % for
omnichannel customers, citing Gartner; that figure is such a plain comparison).  The
comparison here fixes each customer's channel status *before* measuring the outcome and
compares customers with the same number of orders in that time:

* **Status window** ``[f, f + A)``, ``f`` the customer's first order, ``A`` = ``pre_days``
  (default :data:`PRE_DAYS` = 182, the first half year).  ``n`` = orders in the window,
  ``k`` = distinct sales channels of those orders.  *Multi-channel* ⇔ ``k ≥ 2``.
* **Outcome window** ``[f + A, f + A + H)``, ``H`` = ``horizon_days`` (default
  :data:`HORIZON_DAYS` = 365).  Per customer: *retention* = 1 if they ordered in the outcome
  window (still a customer a year on), else 0; *orders* = orders in the window (order
  frequency); *value* = revenue of those orders (the 12-month customer value, undiscounted,
  returns not netted).
* Only customers whose outcome window has ended by the last order in the data take part
  (``f + A + H ≤`` latest ``ordered_at``); the others are counted as ``incomplete``.

**Adjusted: exact match on purchase frequency** (coarsened exact matching, Iacus, King &
Porro 2012, as :mod:`bindung.insights.campaigns` does it).  Among customers with ``n ≥ 2``
(only they can be multi-channel), strata ``s`` = orders in the status window
(2, 3, …, 10 each, then 11–12, 13–15, 16–19, 20–24, 25–29, 30–39, 40+: :data:`ORDER_BINS`)
× calendar quarter of the first order × channel of the first order (the way the customer
came: a marketplace customer differs from a shop customer before any second channel).
With ``n_s`` multi-channel and ``m_s ≥ 1`` single-channel customers in ``s``,
``w_s = n_s / N``, ``N = Σ n_s`` (multi-channel customers in a stratum without single-channel
ones are left out and counted as ``unmatched``):

    T = Σ_s w_s ȳ_T,s          C = Σ_s w_s ȳ_C,s          (the effect on the multi-channel)
    d = T − C,                 Var(d) = Σ_s w_s² (s²_T,s / n_s + s²_C,s / m_s)
    percent = (T / C − 1) · 100,
    Var(log T/C) ≈ Σ_s w_s² s²_T,s / n_s / T² + Σ_s w_s² s²_C,s / m_s / C²   (delta method)

(``s²`` the sample variance, 0 for a group of one), with normal 95 % intervals for ``d``
and for ``log(T/C)`` (the percent interval is ``(exp(log(T/C) ± z·se) − 1) · 100``).

**Unadjusted**: the same formulas with one stratum, multi-channel against *every* other
customer whose outcome window is complete (one-order customers included): what a plain
comparison shows.

What the match removes: the difference that comes from buying more often in the first half
year, from the season and year of arrival and from the channel of the first order.  What it
cannot remove: a taste for the brand that makes a customer use two channels *and* buy more
later at the same early frequency.
The adjusted figure is therefore an upper bound of the channel's own effect when such taste
exists, and close to it when channel use follows from buying often.

**Channel migration**: for every customer with a channel on their first order (the first by
``ordered_at``, then ``order_id``) and at least one later order, which channels their later
orders used: per first channel ``a`` and later channel ``b`` the customers with a later order
in ``b`` / customers of ``a`` with a later order × 100 (rows of one ``a`` add up to more than
100 % when customers use several), and the share of ``a``'s later orders placed in ``b``;
per first channel the share of its repeat customers with a later order in another channel.

Vectorised: one Ibis query (a window over each customer's orders) aggregated per customer and
channel into a temporary table, read by one aggregate per customer (numbers only) and one for
the migration; the strata are a pandas ``groupby``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import ibis
import numpy as np
import pandas as pd
from scipy import stats  # type: ignore[import-untyped]

from bindung.errors import BindungError
from bindung.store.temporary import materialise

if TYPE_CHECKING:
    from bindung.store.protocol import Store

#: Days after the first order in which a customer's channel status is fixed.
PRE_DAYS = 182
#: Days after the status window in which retention, orders and value are measured.
HORIZON_DAYS = 365
#: Lower bounds of the strata of orders in the status window: 2, 3, …, 10 each, then 11–12,
#: 13–15, 16–19, 20–24, 25–29, 30–39, 40+.
ORDER_BINS = (2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 16, 20, 25, 30, 40)
CONFIDENCE = 0.95
OUTCOMES = ("retention", "orders", "value")
RAW, MATCHED = "raw", "matched"


class ChannelError(BindungError):
    """No order carries a sales channel, or no customer can be compared."""


@dataclass(frozen=True)
class ChannelEffect:
    """Multi- against single-channel buyers for one outcome and one basis (:data:`RAW` or
    :data:`MATCHED`).  Retention in percent (difference in points), orders per customer,
    value in money per customer."""

    outcome: str
    basis: str
    multi: int  # multi-channel customers compared
    single: int  # single-channel customers compared
    unmatched: int  # multi-channel customers without single-channel ones in their stratum
    mean_multi: float  # T
    mean_single: float  # C (weighted to the multi-channel customers' strata when matched)
    diff: float
    diff_low: float
    diff_high: float
    percent: float
    low: float
    high: float


@dataclass(frozen=True)
class ChannelResult:
    effects: list[ChannelEffect]
    migration: pd.DataFrame  # first_channel, later_channel, customers, repeat_customers, ...
    usage: pd.DataFrame  # channels used (1, 2, 3+): customers, orders and revenue per customer
    moved: pd.DataFrame  # per first channel: repeat customers, moved to another channel, share
    pre_days: int
    horizon_days: int
    incomplete: int  # customers whose outcome window has not ended


def _z() -> float:
    return float(stats.norm.ppf(0.5 + CONFIDENCE / 2))


def customer_channels(
    ws: Store, *, pre_days: int = PRE_DAYS, horizon_days: int = HORIZON_DAYS
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per customer (no ids): ``first_at``, ``first_channel``, ``n_pre``, ``k_pre``, ``n_all``,
    ``moved`` (later orders in another channel than the first), ``k_all``, ``revenue_all``,
    ``n_post``, ``revenue_post``, ``complete``; and the migration
    counts per (first channel, later channel): ``customers``, ``orders``."""
    o = ws.table("orders")
    o = o.filter(o.ordered_at.notnull()).select(
        "customer_id", "order_id", "ordered_at", "channel", revenue=o.revenue.cast("float64")
    )
    ordered = ibis.window(group_by=o.customer_id, order_by=[o.ordered_at, o.order_id])
    o = o.mutate(
        k=ibis.row_number().over(ordered),  # 0 for the first order
        first_at=o.ordered_at.min().over(group_by=o.customer_id),
        first_channel=o.channel.first().over(ordered),
    )
    start = o.first_at + ibis.interval(days=pre_days)
    end = start + ibis.interval(days=horizon_days)
    pre = o.ordered_at < start
    post = (o.ordered_at >= start) & (o.ordered_at < end)
    # one row per customer and channel (the window is computed once), read twice
    cc = materialise(
        o.group_by(["customer_id", "channel"]).aggregate(
            first_at=o.first_at.min(),
            first_channel=o.first_channel.min(),
            n=o.count(),
            later=o.count(where=o.k > 0),
            pre=o.count(where=pre),
            post=o.count(where=post),
            revenue=o.revenue.sum(),
            revenue_post=o.revenue.sum(where=post),
        )
    )
    named = cc.channel.notnull()
    latest = ws.table("orders").ordered_at.max().as_scalar()
    end_of = cc.first_at.max() + ibis.interval(days=pre_days + horizon_days)
    per = cc.group_by(cc.customer_id).aggregate(
        first_at=cc.first_at.max(),
        first_channel=cc.first_channel.max(),
        n_pre=cc.pre.sum(),
        k_pre=cc.count(where=named & (cc.pre > 0)),
        n_all=cc.n.sum(),
        moved=cc.later.sum(where=named & (cc.channel != cc.first_channel)).fill_null(0),
        k_all=cc.count(where=named),
        revenue_all=cc.revenue.sum(),
        n_post=cc.post.sum(),
        revenue_post=cc.revenue_post.sum().fill_null(0.0),
        complete=(end_of <= latest),
    )
    frame = per.drop("customer_id").to_pandas()
    later = cc.filter(named & (cc.later > 0) & cc.first_channel.notnull())
    counts = (
        later.group_by(["first_channel", "channel"])
        .aggregate(customers=later.count(), orders=later.later.sum())
        .to_pandas()
    )
    return frame, counts


def _strata(done: pd.DataFrame) -> pd.Series:
    """One integer per stratum: quarter of the first order × first channel × orders bin."""
    bins = np.searchsorted(np.asarray(ORDER_BINS), done["n_pre"].to_numpy(), side="right")
    at = pd.to_datetime(done["first_at"])
    quarter = at.dt.year.to_numpy() * 4 + (at.dt.month.to_numpy() - 1) // 3
    first, _ = pd.factorize(done["first_channel"], use_na_sentinel=True)
    width = len(ORDER_BINS) + 1
    code = (quarter.astype(np.int64) * (first.max(initial=0) + 2) + first + 1) * width + bins
    return pd.Series(code, index=done.index)


def _effect(
    outcome: str, basis: str, y: pd.Series, multi: pd.Series, stratum: pd.Series
) -> ChannelEffect:
    """The stratified difference and ratio of the module's formulas (one stratum: raw)."""
    g = pd.DataFrame(
        pd.DataFrame({"s": stratum.to_numpy(), "t": multi.to_numpy(), "y": y.to_numpy()})
        .groupby(["s", "t"])["y"]
        .agg(["size", "mean", "var"])
        .fillna({"var": 0.0})
        .unstack("t")
    )
    g = g.reindex(columns=pd.MultiIndex.from_product([["size", "mean", "var"], [False, True]]))
    n_t = g[("size", True)].fillna(0).to_numpy()
    n_c = g[("size", False)].fillna(0).to_numpy()
    used = (n_t > 0) & (n_c > 0)
    unmatched = int(n_t[(n_t > 0) & ~used].sum())
    n_t, n_c = n_t[used], n_c[used]
    nan = math.nan
    if n_t.sum() == 0:
        return ChannelEffect(outcome, basis, 0, int(n_c.sum()), unmatched, *([nan] * 8))
    w = n_t / n_t.sum()
    m_t, m_c = g[("mean", True)].to_numpy()[used], g[("mean", False)].to_numpy()[used]
    v_t = (w**2 * g[("var", True)].to_numpy()[used] / n_t).sum()
    v_c = (w**2 * g[("var", False)].to_numpy()[used] / n_c).sum()
    t, c = float((w * m_t).sum()), float((w * m_c).sum())
    z, d = _z(), t - c
    se_d = math.sqrt(v_t + v_c)
    scale = 100.0 if outcome == "retention" else 1.0
    if t > 0 and c > 0:
        log_r = math.log(t / c)
        se_r = math.sqrt(v_t / t**2 + v_c / c**2)
        pct = (math.exp(log_r) - 1) * 100
        low, high = ((math.exp(log_r + sign * z * se_r) - 1) * 100 for sign in (-1, 1))
    else:
        pct = low = high = nan
    return ChannelEffect(
        outcome,
        basis,
        int(n_t.sum()),
        int(n_c.sum()),
        unmatched,
        t * scale,
        c * scale,
        d * scale,
        (d - z * se_d) * scale,
        (d + z * se_d) * scale,
        pct,
        low,
        high,
    )


def compare(frame: pd.DataFrame) -> list[ChannelEffect]:
    """Both bases for every outcome, from the per-customer frame of :func:`customer_channels`
    (columns ``first_at``, ``first_channel``, ``n_pre``, ``k_pre``, ``n_post``, ``revenue_post``,
    ``complete``)."""
    done = frame[frame["complete"].astype(bool)]
    multi = done["k_pre"] >= 2
    y = {
        "retention": (done["n_post"] > 0).astype(float),
        "orders": done["n_post"].astype(float),
        "value": done["revenue_post"].astype(float),
    }
    one = pd.Series(0, index=done.index)
    eligible = done["n_pre"] >= 2
    strata = _strata(done)[eligible]
    out = [_effect(k, RAW, y[k], multi, one) for k in OUTCOMES]
    out += [_effect(k, MATCHED, y[k][eligible], multi[eligible], strata) for k in OUTCOMES]
    return out


def _usage(frame: pd.DataFrame) -> pd.DataFrame:
    """Customers by channels used over all their orders (1, 2, 3+; 0 = no channel given)."""
    used = frame["k_all"].clip(upper=3).astype(int)
    g = frame.assign(used=used).groupby("used")
    out = g.agg(
        customers=("n_all", "size"), orders=("n_all", "sum"), revenue=("revenue_all", "sum")
    )
    out["orders_per_customer"] = out["orders"] / out["customers"]
    out["revenue_per_customer"] = out["revenue"] / out["customers"]
    out["share"] = 100.0 * out["customers"] / out["customers"].sum()
    out = out.reset_index().rename(columns={"used": "channels"})
    return out[["channels", "customers", "share", "orders_per_customer", "revenue_per_customer"]]


def _moved(frame: pd.DataFrame) -> pd.DataFrame:
    """Per first channel: customers with a later order, and the share of them with a later
    order in another channel (``moved``)."""
    repeat = frame[(frame["n_all"] >= 2) & frame["first_channel"].notna()]
    g = repeat.assign(moved=repeat["moved"] > 0).groupby("first_channel")["moved"]
    out = pd.DataFrame(g.agg(repeat_customers="size", moved="sum")).astype("int64")
    out["moved_share"] = 100.0 * out["moved"] / out["repeat_customers"]
    return out.sort_values("repeat_customers", ascending=False, kind="stable").reset_index()


def _migration(frame: pd.DataFrame, counts: pd.DataFrame) -> pd.DataFrame:
    repeat = _moved(frame).set_index("first_channel")["repeat_customers"]
    m = counts.rename(columns={"channel": "later_channel"}).join(repeat, on="first_channel")
    later_orders = m.groupby("first_channel")["orders"].transform("sum")
    m["share"] = 100.0 * m["customers"] / m["repeat_customers"]
    m["order_share"] = 100.0 * m["orders"] / later_orders
    m["same"] = m["first_channel"] == m["later_channel"]
    m = m.sort_values(["first_channel", "later_channel"], kind="stable").reset_index(drop=True)
    cols = ["first_channel", "later_channel", "repeat_customers", "customers", "share"]
    return m[[*cols, "orders", "order_share", "same"]].astype(
        {"repeat_customers": "int64", "customers": "int64", "orders": "int64"}
    )


def channel_comparison(
    ws: Store, *, pre_days: int = PRE_DAYS, horizon_days: int = HORIZON_DAYS
) -> ChannelResult:
    """Multi- against single-channel buyers (raw and matched on frequency), the channel
    migration matrix and the customers by channels used (see the module)."""
    frame, counts = customer_channels(ws, pre_days=pre_days, horizon_days=horizon_days)
    if frame.empty or int(frame["k_all"].max()) == 0:
        raise ChannelError(
            "no order carries a sales channel: import orders with a channel column "
            "(bindung import orders FILE)"
        )
    return ChannelResult(
        effects=compare(frame),
        migration=_migration(frame, counts),
        usage=_usage(frame),
        moved=_moved(frame),
        pre_days=pre_days,
        horizon_days=horizon_days,
        incomplete=int((~frame["complete"].astype(bool)).sum()),
    )
