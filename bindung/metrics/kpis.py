"""The KPI table: one row per period (and group), one column per catalogue metric.

:func:`kpi_expr` builds one Ibis expression: the grid (times the groups) left-joined with the
components the requested metrics need, running totals over the periods, then each metric's
formula from the catalogue.  It runs on any Ibis backend; :func:`changes` adds the comparison
with the previous period and the same period a year earlier to the (small) result.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ibis
import pandas as pd

from bindung.metrics import components
from bindung.metrics.catalogue import BY_KEY, CATALOGUE, Metric, metric
from bindung.metrics.source import Source

# Component columns (filled with 0 where a period has no rows).
COLUMNS: dict[str, tuple[str, ...]] = {
    "activity": ("new", "gained_new", "gained_re", "lost"),
    "orders": (
        "orders",
        "revenue",
        "items",
        "orders_new",
        "revenue_new",
        "interval_n",
        "interval_sum",
        "first_orders",
        "second_orders",
        "loyal_orders",
    ),
    "returns": ("items_returned", "amount_returned"),
    "mrr": ("mrr_start", "mrr_end", "mrr_churned", "mrr_contraction", "mrr_expansion"),
    "costs": ("cost_acquisition", "cost_retention", "cost_mixed"),
    "recorded_cac": ("cac_recorded",),
}
# Component columns that stay NULL where a period has no rows.
NULLABLE = {"orders": ("interval_median",)}
ID_COLUMNS = ("period", "start", "end", "partial", "small")


def select_metrics(keys: Iterable[str] | None) -> tuple[Metric, ...]:
    if keys is None:
        return CATALOGUE
    return tuple(metric(k) for k in keys)


def needed(metrics: Iterable[Metric]) -> list[str]:
    out: list[str] = []
    for m in metrics:
        for need in m.needs:
            if need not in out:
                out.append(need)
    return out


def base(src: Source) -> Any:
    """Every (group, period) pair: the grid, times the groups when grouping."""
    periods = src.periods()
    groups = components.customer_groups(src)
    if groups is None:
        return periods.mutate(g=ibis.literal("", type="string"))
    names = groups.select("g").distinct()
    return periods.cross_join(names)


def assembled(src: Source, needs: list[str]) -> Any:
    """The period table with the components' columns and their running totals."""
    table = base(src)
    for name in needs:
        comp = components.COMPONENTS[name](src)
        comp = comp.rename(cg="g", ck="k")
        table = table.left_join(comp, (table.g == comp.cg) & (table.k == comp.ck)).drop("cg", "ck")
        if name == "costs" and src.options.by not in (None, "channel"):
            continue  # costs have no customer: left empty (NULL) for these groupings, not 0
        fills = {c: table[c].fill_null(0) for c in COLUMNS[name]}
        table = table.mutate(**fills)
    running = ibis.window(group_by=table.g, order_by=table.k, rows=(None, 0))
    extra: dict[str, Any] = {}
    if "activity" in needs:
        extra["E"] = (table.gained_new + table.gained_re - table.lost).sum().over(running)
        extra["N"] = table.new
    if "orders" in needs:
        extra["buyers_to_date"] = table.first_orders.sum().over(running)
        extra["repeat_to_date"] = table.second_orders.sum().over(running)
        extra["loyal_to_date"] = table.loyal_orders.sum().over(running)
        net = table.revenue.cast("float64")
        if "returns" in needs:
            net = net - table.amount_returned.cast("float64")
        extra["net_revenue_to_date"] = net.sum().over(running)
    if "costs" in needs and "recorded_cac" not in needs:
        extra["cac_recorded"] = ibis.literal(0.0)
    table = table.mutate(**extra)
    if "activity" in needs:
        table = table.mutate(S=table.E - table.gained_new - table.gained_re + table.lost)
    return table


def kpi_expr(src: Source, keys: Iterable[str] | None = None) -> Any:
    """Ibis expression of the KPI table: g, k, period, start, end, partial, small, metrics."""
    metrics = select_metrics(keys)
    needs = needed(metrics)
    if "activity" not in needs:
        needs = ["activity", *needs]  # S decides the small-sample flag
    table = assembled(src, needs)
    values = {m.key: m.value(table, src.options) for m in metrics}
    small = src.options.min_customers > table.S
    return table.select(
        "g", "k", "period", "start", "end", "partial", small=small, **values
    ).order_by(["g", "k"])


def metric_expr(src: Source, key: str) -> Any:
    """One metric as an Ibis expression: g, k, period and the metric's column."""
    return kpi_expr(src, [key]).select("g", "k", "period", key)


def to_frame(result: pd.DataFrame, src: Source) -> pd.DataFrame:
    """Tidy a fetched KPI table: ``group`` column only when grouping, plain Python types."""
    frame = result.copy()
    if src.options.by is None:
        frame = frame.drop(columns=["g"])
    else:
        frame = frame.rename(columns={"g": src.options.by})
    for col in ("start", "end"):
        frame[col] = pd.to_datetime(frame[col]).dt.date
    for m in CATALOGUE:
        if m.key in frame:
            frame[m.key] = frame[m.key].astype("float64")
    return frame.reset_index(drop=True)


def changes(frame: pd.DataFrame, *, year_lag: int, by: str | None) -> pd.DataFrame:
    """Long table: one row per (group, period, metric) with the value, the previous period's
    value, the value a year earlier and the changes (percentage points for rates, relative %
    otherwise; NULL where the earlier value is missing or 0)."""
    keys = [m.key for m in CATALOGUE if m.key in frame]
    id_cols = [c for c in (by, "k", "period", "start", "end", "partial", "small") if c]
    long = frame.melt(id_vars=id_cols, value_vars=keys, var_name="metric", value_name="value")
    group_cols = [c for c in (by,) if c] + ["metric"]
    long = long.sort_values([*group_cols, "k"])
    earlier = long.set_index([*group_cols, "k"])["value"]

    def shifted(lag: int) -> pd.Series:
        idx = pd.MultiIndex.from_arrays(
            [long[c] for c in group_cols] + [long["k"] - lag], names=[*group_cols, "k"]
        )
        return pd.Series(earlier.reindex(idx).to_numpy(), index=long.index, dtype="float64")

    long["previous"] = shifted(1)
    long["year_ago"] = shifted(year_lag)
    percent = long["metric"].map(lambda k: BY_KEY[k].unit == "percent")
    for name, ref in (("change", "previous"), ("change_year", "year_ago")):
        diff = long["value"] - long[ref]
        rel = (diff / long[ref].abs()).where(long[ref] != 0) * 100
        long[name] = diff.where(percent, rel)
    return long.reset_index(drop=True)
