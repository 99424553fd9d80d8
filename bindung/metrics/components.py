"""Per-period building blocks of the metrics, one Ibis expression each.

Every component is a table keyed by ``(g, k)``: the customer group ``g`` (a constant when no
grouping is asked for) and the period index ``k`` of the grid.  The catalogue's formulas
(:mod:`bindung.metrics.catalogue`) combine these columns; nothing here is a metric by itself.

Activity (docs/decisions/0004-activity-spells.md)
-------------------------------------------------
A customer is *active at a bound* ``b`` when they have an order in ``[b - W, b)`` (orders are
counted strictly before the bound, so the state at the end of a period includes all its orders)
or a subscription with ``started_at < b <= ended_at``.  Each order makes its customer active on
``(o, o + W]``; a customer's orders are merged into *spells* (a new spell begins when an order
comes more than ``W`` after the previous one), subscriptions are spells of their own, and when
both lines of business count, overlapping spells are merged (gaps and islands).  A spell
``(s, e]`` covers the bounds ``lo = index(s) + 1 .. hi = index(e)``; adjacent ranges are one run
of activity.  A run that starts at bound ``lo`` is a customer *gained* in period ``lo - 1``
(new when it is the period of their first activity, else reactivated); a run that ends at bound
``hi`` is a customer *lost* in period ``hi``.  Counting runs never needs a row per customer and
bound.
"""

from __future__ import annotations

from typing import Any

import ibis

from bindung.metrics.source import FOREVER, UNKNOWN, Source

# -- customers' groups ---------------------------------------------------------------------


def customer_groups(src: Source) -> Any:
    """customer_id -> g for the chosen grouping (None when no grouping is asked for)."""
    by = src.options.by
    if by is None:
        return None

    def build() -> Any:
        customers = src.table("customers")
        if by in ("segment", "country"):
            return customers.select(
                "customer_id", g=customers[by].fill_null(UNKNOWN).cast("string")
            )
        if by == "channel":
            first = ordered_orders(src)
            first = first.filter(first.n == 0).select("customer_id", first_channel=first.channel)
            joined = customers.left_join(first, "customer_id")
            return joined.select(
                customer_id=joined.customer_id,
                g=joined.acquisition_channel.fill_null(joined.first_channel)
                .fill_null(UNKNOWN)
                .cast("string"),
            )
        # cohort: the period of the first activity
        first = spells(src)
        first = first.group_by("customer_id").aggregate(fs=first.s.min())
        labels = src.periods().select(pk="k", g="period")
        joined = first.mutate(pk=src.index(first.fs)).join(labels, "pk")
        return joined.select("customer_id", "g")

    return src.cached("groups", build)


def with_group(src: Source, table: Any, column: str = "customer_id") -> Any:
    """Add the group column ``g`` to ``table`` (a constant when there is no grouping)."""
    groups = customer_groups(src)
    if groups is None:
        return table.mutate(g=ibis.literal("", type="string"))
    renamed = groups.rename(group_customer="customer_id")
    joined = table.left_join(renamed, table[column] == renamed.group_customer)
    return joined.drop("group_customer").mutate(g=joined.g.fill_null(UNKNOWN))


# -- orders --------------------------------------------------------------------------------


def ordered_orders(src: Source) -> Any:
    """Orders with each customer's previous and next order time, their rank ``n`` (0 = first
    order) and the time of their first order: one window pass over the orders."""

    def build() -> Any:
        o = src.table("orders")
        o = o.select("order_id", "customer_id", "ordered_at", "revenue", "items", "channel")
        w = ibis.window(group_by=o.customer_id, order_by=[o.ordered_at, o.order_id])
        return o.mutate(
            prev=o.ordered_at.lag().over(w),
            nxt=o.ordered_at.lead().over(w),
            n=ibis.row_number().over(w),
            first=o.ordered_at.min().over(ibis.window(group_by=o.customer_id)),
        )

    return src.cached("ordered_orders", build)


def orders_component(src: Source) -> Any:
    """Per (g, k): orders, revenue, items; those of new customers; purchase intervals ending in
    the period (days); first, second and k-th orders (for repeat and loyal rates)."""

    def build() -> Any:
        o = with_group(src, ordered_orders(src))
        k = src.index(o.ordered_at)
        new = src.index(o.first) == k
        gap = (o.ordered_at.epoch_seconds() - o.prev.epoch_seconds()) / 86400.0
        loyal = src.options.loyalty_threshold - 1
        o = o.mutate(k=k, is_new=new, gap=gap)
        return o.group_by(["g", "k"]).aggregate(
            orders=o.count(),
            revenue=o.revenue.sum(),
            items=o.items.fill_null(0).sum(),
            orders_new=o.is_new.ifelse(1, 0).sum(),
            revenue_new=o.is_new.ifelse(o.revenue, 0).sum(),
            interval_n=o.gap.count(),
            interval_sum=o.gap.sum(),
            interval_median=o.gap.median(),
            first_orders=(o.n == 0).ifelse(1, 0).sum(),
            second_orders=(o.n == 1).ifelse(1, 0).sum(),
            loyal_orders=(o.n == loyal).ifelse(1, 0).sum(),
        )

    return src.cached("orders", build)


def returns_component(src: Source) -> Any:
    """Per (g, k) of the return date: items and amount returned."""

    def build() -> Any:
        r = with_group(src, src.table("returns"))
        r = r.mutate(k=src.index(r.returned_at))
        return r.group_by(["g", "k"]).aggregate(
            items_returned=r["items"].fill_null(0).sum(),
            amount_returned=r.amount.fill_null(0).sum(),
        )

    return src.cached("returns", build)


# -- activity ------------------------------------------------------------------------------


def order_spells(src: Source) -> Any:
    """(customer_id, s, e): maximal runs of activity from orders, ``(first order, last + W]``."""
    o = ordered_orders(src)
    width = ibis.interval(days=src.options.window_days)
    starts = o.prev.isnull() | (o.ordered_at > o.prev + width)
    ends = o.nxt.isnull() | (o.nxt > o.ordered_at + width)
    flagged = o.filter(starts | ends).select(
        "customer_id", "ordered_at", "order_id", is_start=starts, is_end=ends
    )
    w = ibis.window(group_by=flagged.customer_id, order_by=[flagged.ordered_at, flagged.order_id])
    paired = flagged.mutate(after=flagged.ordered_at.lead().over(w))
    paired = paired.filter(paired.is_start)
    return paired.select(
        customer_id=paired.customer_id.cast("string"),
        s=paired.ordered_at.cast("timestamp"),
        e=(paired.is_end.ifelse(paired.ordered_at, paired.after) + width).cast("timestamp"),
    )


def subscription_spells(src: Source) -> Any:
    """(customer_id, s, e): subscriptions, open ones running until :data:`FOREVER`."""
    sub = src.table("subscriptions")
    return sub.select(
        customer_id=sub.customer_id.cast("string"),
        s=sub.started_at.cast("timestamp"),
        e=sub.ended_at.fill_null(ibis.literal(FOREVER, type="timestamp")).cast("timestamp"),
    )


def merge_spells(spells: Any) -> Any:
    """Merge overlapping or touching spells of one customer (gaps and islands)."""
    before = ibis.window(
        group_by=spells.customer_id, order_by=[spells.s, spells.e], rows=(None, -1)
    )
    marked = spells.mutate(reach=spells.e.max().over(before))
    marked = marked.mutate(fresh=(marked.reach.isnull() | (marked.s > marked.reach)).ifelse(1, 0))
    island = marked.fresh.cumsum(group_by=marked.customer_id, order_by=[marked.s, marked.e])
    marked = marked.mutate(island=island)
    return marked.group_by(["customer_id", "island"]).aggregate(s=marked.s.min(), e=marked.e.max())


def spells(src: Source) -> Any:
    """Disjoint activity spells per customer for the chosen basis."""

    def build() -> Any:
        basis = src.options.basis
        if basis == "orders":
            return order_spells(src)
        if basis == "subscriptions":
            return merge_spells(subscription_spells(src)).drop("island")
        both = order_spells(src).union(subscription_spells(src))
        return merge_spells(both).drop("island")

    return src.cached("spells", build)


def activity_component(src: Source) -> Any:
    """Per (g, k): customers gained (new or reactivated), lost, and new customers N."""

    def build() -> Any:
        sp = with_group(src, spells(src))
        n = src.grid.n
        sp = sp.mutate(
            lo=src.index(sp.s) + 1,
            hi=ibis.least(src.index(sp.e), n),
            f=src.index(sp.s.min().over(ibis.window(group_by=sp.customer_id))),
            first=ibis.row_number().over(ibis.window(group_by=sp.customer_id, order_by=[sp.s]))
            == 0,
        )
        # N: each customer's first spell, in the period of its start.
        new = sp.filter(sp.first).select("g", k=sp.f, new=1, gained_new=0, gained_re=0, lost=0)
        runs = sp.filter(sp.lo <= sp.hi)
        w = ibis.window(group_by=runs.customer_id, order_by=runs.lo)
        runs = runs.mutate(before=runs.hi.lag().over(w), after=runs.lo.lead().over(w))
        gained = runs.filter(runs.before.isnull() | (runs.before < runs.lo - 1))
        gained = gained.select(
            "g",
            k=gained.lo - 1,
            new=0,
            gained_new=(gained.f == gained.lo - 1).ifelse(1, 0),
            gained_re=(gained.f == gained.lo - 1).ifelse(0, 1),
            lost=0,
        )
        lost = runs.filter((runs.after.isnull() | (runs.after > runs.hi + 1)) & (runs.hi < n))
        lost = lost.select("g", k=lost.hi, new=0, gained_new=0, gained_re=0, lost=1)
        events = new.union(gained).union(lost)
        return events.group_by(["g", "k"]).aggregate(
            new=events.new.sum(),
            gained_new=events.gained_new.sum(),
            gained_re=events.gained_re.sum(),
            lost=events.lost.sum(),
        )

    return src.cached("activity", build)


# -- subscriptions' recurring revenue -----------------------------------------------------


def mrr_component(src: Source) -> Any:
    """Per (g, k): MRR at the start and end of the period and its movements between them,
    customer by customer (a customer whose MRR falls but stays above 0 is a contraction)."""

    def build() -> Any:
        sub = with_group(src, src.table("subscriptions"))
        n = src.grid.n
        sub = sub.mutate(
            lo=src.index(sub.started_at) + 1,
            hi=ibis.least(
                src.index(sub.ended_at.fill_null(ibis.literal(FOREVER, type="timestamp"))), n
            ),
        )
        bounds = src.bounds()
        covered = sub.join(bounds, (bounds.j >= sub.lo) & (bounds.j <= sub.hi))
        at = covered.group_by(["customer_id", "g", "j"]).aggregate(m=covered.mrr.sum())
        a = at.rename(ca="customer_id", ga="g", ja="j", ma="m")
        b = at.rename(cb="customer_id", gb="g", jb="j", mb="m")
        pair = a.outer_join(b, (a.ca == b.cb) & (a.ja + 1 == b.jb))
        zero = ibis.literal(0, type="decimal(18, 2)")
        pair = pair.select(
            g=pair.ga.fill_null(pair.gb),
            k=pair.ja.fill_null(pair.jb - 1),
            ma=pair.ma.fill_null(zero),
            mb=pair.mb.fill_null(zero),
        )
        pair = pair.filter((pair.k >= 0) & (pair.k < n))
        return pair.group_by(["g", "k"]).aggregate(
            mrr_start=pair.ma.sum(),
            mrr_end=pair.mb.sum(),
            mrr_churned=((pair.ma > 0) & (pair.mb == 0)).ifelse(pair.ma, zero).sum(),
            mrr_contraction=((pair.mb > 0) & (pair.mb < pair.ma))
            .ifelse(pair.ma - pair.mb, zero)
            .sum(),
            mrr_expansion=((pair.ma > 0) & (pair.mb > pair.ma))
            .ifelse(pair.mb - pair.ma, zero)
            .sum(),
        )

    return src.cached("mrr", build)


# -- costs ---------------------------------------------------------------------------------


def costs_component(src: Source) -> Any:
    """Per (g, k): acquisition, retention and mixed spend, each cost row spread over the days it
    covers (``period_end`` inclusive); plus the ``acquisition_cost`` recorded on customers
    acquired in the period.  Costs have a channel but no customer: with ``--by channel`` they go
    to their channel's group; other groupings cannot attribute them (left empty)."""

    def build() -> Any:
        c = src.table("costs")
        p = src.periods()
        day = ibis.interval(days=1)
        j = c.join(p, (c.period_start < p.end) & (c.period_end >= p.start))
        overlap = ibis.least(j.period_end + day, j.end).delta(
            ibis.greatest(j.period_start, j.start), unit="day"
        )
        total = (j.period_end + day).delta(j.period_start, unit="day")
        share = j.amount.cast("float64") * overlap.cast("float64") / total.cast("float64")
        if src.options.by == "channel":
            g = j.channel.fill_null(UNKNOWN).cast("string")
        elif src.options.by is None:
            g = ibis.literal("", type="string")
        else:
            g = ibis.null("string")
        j = j.select(g=g, k=j.k, purpose=j.purpose, share=share)
        j = j.filter(j.g.notnull())
        spend = j.group_by(["g", "k"]).aggregate(
            cost_acquisition=(j.purpose == "acquisition").ifelse(j.share, 0.0).sum(),
            cost_retention=(j.purpose == "retention").ifelse(j.share, 0.0).sum(),
            cost_mixed=(j.purpose == "mixed").ifelse(j.share, 0.0).sum(),
        )
        return spend

    return src.cached("costs", build)


def recorded_cac_component(src: Source) -> Any:
    """Per (g, k): the sum of ``customers.acquisition_cost`` of customers whose first activity is
    in period k (used when the costs table records no acquisition spend for the period)."""

    def build() -> Any:
        customers = src.table("customers")
        paid = customers.filter(customers.acquisition_cost.notnull()).select(
            "customer_id", "acquisition_cost"
        )
        first = spells(src)
        first = first.group_by("customer_id").aggregate(fs=first.s.min())
        joined = with_group(src, first.join(paid, "customer_id"))
        joined = joined.mutate(k=src.index(joined.fs))
        return joined.group_by(["g", "k"]).aggregate(
            cac_recorded=joined.acquisition_cost.cast("float64").sum()
        )

    return src.cached("recorded_cac", build)


COMPONENTS = {
    "activity": activity_component,
    "orders": orders_component,
    "returns": returns_component,
    "mrr": mrr_component,
    "costs": costs_component,
    "recorded_cac": recorded_cac_component,
}
