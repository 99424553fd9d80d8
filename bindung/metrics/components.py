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

MICROS_PER_DAY = 86_400_000_000

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
        # Orders of one customer at the same instant get the same period, gap (0), spell flags
        # and rank counts whichever comes first, so only the first order's channel needs the
        # tie-break by order_id; without it the sort is ~25 % cheaper (docs/decisions/0005).
        # order_spells orders by n, which is consistent with this window either way.
        keys = [o.ordered_at, o.order_id] if src.options.by == "channel" else [o.ordered_at]
        w = ibis.window(group_by=o.customer_id, order_by=keys)
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
        # Portability: exact microseconds, divided as DOUBLE.  epoch_seconds() is UNIX_SECONDS on
        # BigQuery (no DATETIME signature) and whole seconds on Spark, and Spark reads the
        # literal 86400.0 as DECIMAL(6,1), which rounded every gap to 7 decimals.
        gap = o.ordered_at.delta(o.prev, unit="microsecond").cast("float64") / MICROS_PER_DAY
        loyal = src.options.loyalty_threshold - 1
        o = o.mutate(k=k, is_new=new, gap=gap)
        # DuckDB's median is exact and the same value as median_by, computed in this one
        # aggregate; median_by's window sort of every gap cost ~20 % of the KPI query at 10 M
        # orders (docs/decisions/0005).  Other engines keep the portable form.
        native = {"interval_median": o.gap.median()} if _exact_median(o) else {}
        totals = o.group_by(["g", "k"]).aggregate(
            **native,
            orders=o.count(),
            revenue=o.revenue.sum(),
            items=o.items.fill_null(0).sum(),
            orders_new=o.is_new.ifelse(1, 0).sum(),
            revenue_new=o.is_new.ifelse(o.revenue, 0).sum(),
            interval_n=o.gap.count(),
            interval_sum=o.gap.sum(),
            first_orders=(o.n == 0).ifelse(1, 0).sum(),
            second_orders=(o.n == 1).ifelse(1, 0).sum(),
            loyal_orders=(o.n == loyal).ifelse(1, 0).sum(),
        )
        if native:
            return totals
        med = median_by(o, ["g", "k"], "gap", "interval_median").rename(mg="g", mk="k")
        joined = totals.left_join(med, (totals.g == med.mg) & (totals.k == med.mk))
        return joined.drop("mg", "mk")

    return src.cached("orders", build)


def _exact_median(table: Any) -> bool:
    """Whether ``table``'s engine has an exact median aggregate (DuckDB: ``quantile_cont``)."""
    try:
        return str(ibis.get_backend(table).name) == "duckdb"
    except Exception:  # no single backend (e.g. unbound tables): the portable form
        return False


def median_by(table: Any, keys: list[str], column: str, name: str) -> Any:
    """Exact median of ``column`` per ``keys`` (NULLs ignored), as column ``name``.

    Written with window functions because BigQuery has no exact MEDIAN aggregate (Ibis cannot
    compile ``median()`` there); ``(lo + hi) / 2`` of the middle pair is bit-for-bit what
    DuckDB's ``median`` and Spark's ``percentile(x, 0.5)`` return.
    """
    t = table.filter(table[column].notnull())
    part = [t[k] for k in keys]
    t = t.mutate(
        _r=ibis.row_number().over(ibis.window(group_by=part, order_by=t[column])),
        _m=t.count().over(ibis.window(group_by=part)),
    )
    # 0-based ranks: the middle row (odd count) or the middle pair (even count)
    mid = t.filter((t._r * 2 >= t._m - 2) & (t._r * 2 <= t._m))
    pair = mid.group_by(keys).aggregate(_lo=mid[column].min(), _hi=mid[column].max())
    return pair.select(*keys, **{name: (pair._lo + pair._hi) / 2})


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
    # ordered by the rank n of ordered_orders (not order_id): the same order as its window even
    # for ties, and order_id then need not be kept in the 100 M-row window result
    flagged = o.filter(starts | ends).select(
        "customer_id", "ordered_at", "n", is_start=starts, is_end=ends
    )
    w = ibis.window(group_by=flagged.customer_id, order_by=flagged.n)
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
        # A customer's spells are disjoint, so the first one is the one that starts at the
        # earliest start (one window aggregate; no row_number sort per customer).
        fs = sp.s.min().over(ibis.window(group_by=sp.customer_id))
        sp = sp.mutate(
            lo=src.index(sp.s) + 1,
            hi=ibis.least(src.index(sp.e), n),
            f=src.index(fs),
            first=sp.s == fs,
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
        # join first: the spells of customers without a recorded cost (often all of them)
        # are not grouped at all
        sp = spells(src).join(paid, "customer_id")
        first = sp.group_by("customer_id").aggregate(
            fs=sp.s.min(), acquisition_cost=sp.acquisition_cost.max()
        )
        joined = with_group(src, first)
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
