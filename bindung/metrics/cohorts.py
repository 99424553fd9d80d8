"""Cohort matrices: customers (or revenue) by acquisition period and periods since.

A customer's cohort is the period of their first activity (first order, or first subscription,
by the workspace's activity basis).  Cell ``(c, i)`` counts, for the cohort of period ``c``,

* mode ``on``: customers active in period ``c + i`` (an order in it, or a subscription
  overlapping it or starting in it); revenue: the cohort's order revenue in period ``c + i``;
* mode ``on-or-after``: customers active in period ``c + i`` or later; revenue: the cohort's
  order revenue from period ``c + i`` on.

There is no cap on ``i``: the matrix runs to the grid's last period.
"""

from __future__ import annotations

from typing import Any

import ibis

from bindung.metrics import components
from bindung.metrics.cohort_options import MEASURES as MEASURES
from bindung.metrics.cohort_options import MODES as MODES
from bindung.metrics.cohort_options import Measure as Measure
from bindung.metrics.cohort_options import Mode as Mode
from bindung.metrics.source import FOREVER, Source


def activity_periods(src: Source) -> Any:
    """Distinct (customer_id, k): periods in which the customer was active."""
    parts = []
    basis = src.options.basis
    if basis in ("orders", "both"):
        o = src.table("orders")
        parts.append(o.select(customer_id=o.customer_id.cast("string"), k=src.index(o.ordered_at)))
    if basis in ("subscriptions", "both"):
        sub = src.table("subscriptions")
        end = sub.ended_at.fill_null(ibis.literal(FOREVER, type="timestamp"))
        spans = sub.select(
            customer_id=sub.customer_id.cast("string"),
            lo=src.index(sub.started_at),
            # the last period the subscription overlaps: ended_at is exclusive; but at least
            # the period it starts in (a subscription ending as it starts, at a period's first
            # instant, is still its customer's first activity: their cohort's period 0)
            hi=ibis.greatest(
                src.index(sub.started_at),
                ibis.least(src.index(end - ibis.interval(microseconds=1)), src.grid.n - 1),
            ),
        )
        periods = src.periods().select("k")
        parts.append(
            spans.join(periods, (periods.k >= spans.lo) & (periods.k <= spans.hi)).select(
                "customer_id", "k"
            )
        )
    table = parts[0] if len(parts) == 1 else parts[0].union(parts[1])
    return table.distinct()


def cohort_expr(src: Source, measure: Measure = "customers", mode: Mode = "on") -> Any:
    """Long cohort table: g, cohort (k of acquisition), i (periods since), value, size."""
    if measure not in MEASURES:
        raise ValueError(f"measure {measure!r}: expected one of {MEASURES}")
    if mode not in MODES:
        raise ValueError(f"mode {mode!r}: expected one of {MODES}")
    active = activity_periods(src)
    first = active.group_by("customer_id").aggregate(c=active.k.min(), last=active.k.max())
    first = components.with_group(src, first)
    if measure == "customers" and mode == "on":
        rows = active.join(first, "customer_id")
        rows = rows.select("g", "c", i=rows.k - rows.c, x=ibis.literal(1.0))
    elif measure == "customers":
        # counted at their last active period, then summed from the right
        rows = first.select("g", "c", i=first.last - first.c, x=ibis.literal(1.0))
    else:
        o = src.table("orders")
        o = o.select("customer_id", k=src.index(o.ordered_at), revenue=o.revenue)
        o = o.join(first, "customer_id")
        rows = o.select("g", "c", i=o.k - o.c, x=o.revenue.cast("float64"))
    values = rows.group_by(["g", "c", "i"]).aggregate(v=rows.x.sum())
    sizes = first.group_by(["g", "c"]).aggregate(size=first.count())
    periods = src.periods().select("k")
    grid = sizes.join(periods, periods.k >= sizes.c)
    # .view(): Ibis cannot join on a column computed in a join's own projection
    grid = grid.select("g", "c", "size", i=grid.k - grid.c).view()
    joined = grid.left_join(values, ["g", "c", "i"])
    cells = joined.select("g", "c", "i", "size", value=joined.v.fill_null(0.0))
    if mode == "on-or-after":
        w = ibis.window(group_by=[cells.g, cells.c], order_by=ibis.desc(cells.i), rows=(None, 0))
        cells = cells.mutate(value=cells.value.sum().over(w))
    return cells.order_by(["g", "c", "i"])
