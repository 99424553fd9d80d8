"""Independent brute-force oracles for the metric catalogue and the cohort matrix.

Everything here is computed in plain pandas from the raw tables (``ws.sql("SELECT * FROM ...")``)
and the written definitions (docstrings of ``bindung/metrics/catalogue.py`` and
``bindung/metrics/components.py``), never from the implementation's algorithm:

* periods come from converting each UTC time to the workspace time zone and taking its pandas
  ``Period`` (ISO weeks = ``W-SUN``, i.e. Monday to Sunday), not from a search over bounds;
* a customer is active at a bound ``b`` when they have an order with ``b - W <= t < b`` or a
  subscription with ``started_at < b <= ended_at`` (open: forever), checked customer by customer
  and bound by bound (no spells);
* cumulative counts ("to date") are recomputed from all rows before each period's end;
* costs are spread by expanding each cost row into its days (``period_end`` inclusive).

``ORACLES`` maps every catalogue key to a function of the per-(group, period) frame returned by
:func:`components`; :func:`kpis` puts it all together in the shape of ``ws.kpis``.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

FREQ = {"week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}
UNKNOWN = "unknown"


@dataclass
class Data:
    """The raw tables and the settings the metrics depend on."""

    orders: pd.DataFrame
    returns: pd.DataFrame
    subscriptions: pd.DataFrame
    customers: pd.DataFrame
    costs: pd.DataFrame
    timezone: str = "Europe/Berlin"
    window_days: int = 365
    loyalty: int = 3
    margin: float = 1.0
    min_customers: int = 30


def load(ws: Any) -> Data:
    """Read the raw tables of a workspace."""

    def read(name: str) -> pd.DataFrame:
        frame = ws.sql(f"SELECT * FROM {name}")
        for col in ("customer_id", "order_id", "channel", "acquisition_channel", "purpose"):
            if col in frame:  # plain Python strings (fast sets and dict look-ups)
                frame[col] = frame[col].astype("object").where(frame[col].notna(), None)
        return frame

    s = ws.settings
    orders = read("orders")
    orders["items"] = orders["items"].fillna(0)
    orders["revenue"] = orders["revenue"].astype("float64")
    returns = read("returns")
    returns["items"] = returns["items"].fillna(0)
    returns["amount"] = returns["amount"].astype("float64").fillna(0.0)
    subs = read("subscriptions")
    subs["mrr"] = subs["mrr"].astype("float64")
    costs = read("costs")
    costs["amount"] = costs["amount"].astype("float64")
    return Data(
        orders=orders,
        returns=returns,
        subscriptions=subs,
        customers=read("customers"),
        costs=costs,
        timezone=s.timezone,
        window_days=s.activity_window_days,
        loyalty=s.loyalty_threshold,
        margin=float(s.margin),
        min_customers=s.min_customers,
    )


# -- periods ----------------------------------------------------------------------------------


def local_period(utc: pd.Series, unit: str, tz: str) -> pd.Series:
    """The local calendar period (pandas Period) of naive UTC times."""
    local = pd.to_datetime(utc).dt.tz_localize("UTC").dt.tz_convert(tz).dt.tz_localize(None)
    return local.dt.to_period(FREQ[unit])


def period_label(p: pd.Period, unit: str) -> str:
    if unit == "week":
        return p.start_time.strftime("%G-W%V")
    if unit == "month":
        return f"{p.year}-{p.month:02d}"
    if unit == "quarter":
        return f"{p.year}-Q{p.quarter}"
    return str(p.year)


def utc_of_local_midnight(day: date, tz: str) -> pd.Timestamp:
    return pd.Timestamp(day).tz_localize(tz).tz_convert("UTC").tz_localize(None)


@dataclass
class Grid:
    unit: str
    tz: str
    periods: list[pd.Period]

    @property
    def n(self) -> int:
        return len(self.periods)

    def starts(self) -> list[date]:
        return [p.start_time.date() for p in self.periods]

    def ends(self) -> list[date]:
        return [(p + 1).start_time.date() for p in self.periods]

    def bounds(self) -> list[pd.Timestamp]:
        """n + 1 bounds in naive UTC."""
        days = [*self.starts(), self.ends()[-1]]
        return [utc_of_local_midnight(d, self.tz) for d in days]

    def index(self, utc: pd.Series) -> pd.Series:
        """Period number of each time (may be < 0 or >= n outside the grid)."""
        first = self.periods[0]
        periods = local_period(utc, self.unit, self.tz)
        return pd.Series(
            [p.ordinal - first.ordinal if p is not pd.NaT else -(10**9) for p in periods],
            index=utc.index,
            dtype="int64",
        )


def make_grid(data: Data, unit: str, until: date | None = None) -> Grid:
    """From the period of the first order or subscription start to the period of the last
    order, subscription start or return (and at least to ``until``)."""
    firsts = pd.concat([data.orders["ordered_at"], data.subscriptions["started_at"]])
    lasts = pd.concat([firsts, data.returns["returned_at"]]).dropna()
    tz = data.timezone
    first = local_period(pd.Series([firsts.min()]), unit, tz).iloc[0]
    last_time = lasts.max()
    if until is not None:
        last_time = max(last_time, utc_of_local_midnight(until, tz))
    last = local_period(pd.Series([last_time]), unit, tz).iloc[0]
    periods = list(pd.period_range(first, last, freq=FREQ[unit]))
    return Grid(unit, tz, periods)


def data_end(data: Data) -> pd.Timestamp:
    return pd.concat(
        [data.orders["ordered_at"], data.subscriptions["started_at"], data.returns["returned_at"]]
    ).max()


# -- customers --------------------------------------------------------------------------------


def first_activity(data: Data, basis: str) -> pd.Series:
    """customer_id -> time of the first activity (first order and/or first subscription)."""
    parts = []
    if basis in ("orders", "both"):
        parts.append(data.orders.groupby("customer_id")["ordered_at"].min())
    if basis in ("subscriptions", "both"):
        parts.append(data.subscriptions.groupby("customer_id")["started_at"].min())
    both = pd.concat(parts)
    return both.groupby(level=0).min()


def active_at(data: Data, basis: str, bound: pd.Timestamp) -> set[str]:
    """Customers active at ``bound``: an order in [bound - W, bound) or a subscription with
    started_at < bound <= ended_at (open subscriptions never end)."""
    out: set[str] = set()
    if basis in ("orders", "both"):
        o = data.orders
        lo = bound - pd.Timedelta(days=data.window_days)
        out |= set(o.loc[(o.ordered_at >= lo) & (o.ordered_at < bound), "customer_id"])
    if basis in ("subscriptions", "both"):
        s = data.subscriptions
        covers = (s.started_at < bound) & (s.ended_at.isna() | (bound <= s.ended_at))
        out |= set(s.loc[covers, "customer_id"])
    return out


def groups_of(data: Data, by: str | None, grid: Grid, basis: str) -> pd.Series:
    """customer_id -> group label ("" without grouping)."""
    c = data.customers.set_index("customer_id")
    if by is None:
        return pd.Series("", index=c.index, dtype="object")
    if by in ("segment", "country"):
        return c[by].astype("object").where(c[by].notna(), UNKNOWN)
    if by == "channel":
        o = data.orders.sort_values(["customer_id", "ordered_at", "order_id"])
        # the channel of the first order (even when empty: not the first non-empty one)
        first_channel = o.drop_duplicates("customer_id").set_index("customer_id")["channel"]
        g = c["acquisition_channel"].astype("object")
        g = g.where(g.notna(), first_channel.reindex(g.index))
        return g.where(g.notna(), UNKNOWN)
    assert by == "cohort"
    first = first_activity(data, basis)
    k = grid.index(pd.Series(first.values, index=first.index))
    labels = {i: period_label(p, grid.unit) for i, p in enumerate(grid.periods)}
    return k.map(labels).dropna().astype("object")


def group_col(ids: pd.Series, groups: pd.Series) -> pd.Series:
    return ids.map(groups).where(lambda g: g.notna(), UNKNOWN)


# -- components -------------------------------------------------------------------------------


def components(
    data: Data, grid: Grid, *, basis: str = "both", by: str | None = None
) -> pd.DataFrame:
    """One row per (g, k) with the raw counts and sums the formulas need."""
    groups = groups_of(data, by, grid, basis)
    names = sorted(set(groups))
    bounds = grid.bounds()
    rows = {(g, k): {"g": g, "k": k} for g in names for k in range(grid.n)}

    def add(k: int, g: str, key: str, value: float) -> None:
        if (g, k) in rows:
            rows[(g, k)][key] = rows[(g, k)].get(key, 0.0) + value

    group_of = groups.to_dict()

    def count_by_group(ids: set[str]) -> dict[str, int]:
        if by is None:
            return {"": len(ids)}
        return Counter(group_of.get(c, UNKNOWN) for c in ids)

    # activity
    first = first_activity(data, basis)
    active = [active_at(data, basis, b) for b in bounds]
    for k in range(grid.n):
        start, end = active[k], active[k + 1]
        b0, b1 = bounds[k], bounds[k + 1]
        new = set(first.index[(first >= b0) & (first < b1)])
        reactivated = {c for c in end - start if first[c] < b0}
        for key, ids in (
            ("S", start),
            ("E", end),
            ("kept", start & end),
            ("lost", start - end),
            ("reactivated", reactivated),
            ("N", new),
        ):
            for g, v in count_by_group(ids).items():
                add(k, g, key, v)

    # orders in the period
    o = data.orders.copy()
    o["g"] = group_col(o.customer_id, groups)
    o["k"] = grid.index(o.ordered_at)
    first_order = o.groupby("customer_id")["ordered_at"].transform("min")
    o["new"] = grid.index(first_order) == o["k"]
    o = o.sort_values(["customer_id", "ordered_at", "order_id"])
    o["gap"] = o.groupby("customer_id")["ordered_at"].diff().dt.total_seconds() / 86400.0
    for (g, k), part in o.groupby(["g", "k"]):
        add(k, g, "orders", len(part))
        add(k, g, "revenue", part.revenue.sum())
        add(k, g, "items", part["items"].sum())
        add(k, g, "orders_new", int(part.new.sum()))
        add(k, g, "revenue_new", part.revenue[part.new].sum())
        gaps = part.gap.dropna()
        add(k, g, "interval_n", len(gaps))
        add(k, g, "interval_sum", gaps.sum())
        if len(gaps):
            rows[(g, k)]["interval_median"] = float(gaps.median())

    # returns by return date
    r = data.returns.copy()
    r["g"] = group_col(r.customer_id, groups)
    r["k"] = grid.index(r.returned_at)
    for (g, k), part in r.groupby(["g", "k"]):
        add(k, g, "items_returned", part["items"].sum())
        add(k, g, "amount_returned", part.amount.sum())

    def add_matrix(key: str, values: np.ndarray, g: np.ndarray) -> None:
        """values[row, k] summed per group of the row."""
        sums = pd.DataFrame(values).groupby(g).sum()
        for group, per_k in sums.iterrows():
            for k, v in enumerate(per_k):
                add(k, str(group), key, float(v))

    ends = np.array(bounds[1:], dtype="datetime64[ns]")
    # to date: every order / return before the period's end, row by row and period by period;
    # a customer has at least m orders by then when their m-th order is before it
    o["nth"] = o.groupby("customer_id").cumcount() + 1
    for key, m in (("buyers", 1), ("repeaters", 2), ("loyal", data.loyalty)):
        nth = o[o.nth == m]
        before = nth.ordered_at.to_numpy("datetime64[ns]")[:, None] < ends[None, :]
        add_matrix(key, before.astype("float64"), nth.g.to_numpy())
    before = o.ordered_at.to_numpy("datetime64[ns]")[:, None] < ends[None, :]
    add_matrix("net_to_date", before * o.revenue.to_numpy()[:, None], o.g.to_numpy())
    gone = r.returned_at.to_numpy("datetime64[ns]")[:, None] < ends[None, :]
    add_matrix("net_to_date", gone * -r.amount.to_numpy()[:, None], r.g.to_numpy())

    # MRR per customer at each bound: the subscriptions covering it
    s = data.subscriptions
    at = np.array(bounds, dtype="datetime64[ns]")[None, :]
    started = s.started_at.to_numpy("datetime64[ns]")[:, None]
    ended = s.ended_at.to_numpy("datetime64[ns]")[:, None]
    covers = (started < at) & (np.isnat(ended) | (at <= ended))
    per_sub = pd.DataFrame(covers * s.mrr.to_numpy()[:, None])
    mrr = per_sub.groupby(s.customer_id.to_numpy()).sum()  # customer x bound
    a, b = mrr.to_numpy()[:, :-1], mrr.to_numpy()[:, 1:]
    cg = group_col(pd.Series(mrr.index, dtype="object"), groups).to_numpy()
    add_matrix("mrr_start", a, cg)
    add_matrix("mrr_end", b, cg)
    add_matrix("mrr_churned", np.where((a > 0) & (b == 0), a, 0.0), cg)
    add_matrix("mrr_contraction", np.where((b > 0) & (b < a), a - b, 0.0), cg)
    add_matrix("mrr_expansion", np.where((a > 0) & (b > a), b - a, 0.0), cg)

    # costs, day by day (period_end inclusive)
    if by in (None, "channel") and len(data.costs):
        days = []
        for row in data.costs.itertuples():
            span = pd.date_range(row.period_start, row.period_end, freq="D")
            g = "" if by is None else (row.channel if isinstance(row.channel, str) else UNKNOWN)
            days.append(
                pd.DataFrame(
                    {"day": span, "g": g, "purpose": row.purpose, "x": row.amount / len(span)}
                )
            )
        d = pd.concat(days)
        periods = d.day.dt.to_period(FREQ[grid.unit])
        d["k"] = [p.ordinal - grid.periods[0].ordinal for p in periods]
        for (g, k, purpose), part in d.groupby(["g", "k", "purpose"]):
            add(k, g, f"cost_{purpose}", part.x.sum())

    # recorded acquisition cost of the customers acquired in the period
    paid = data.customers.dropna(subset=["acquisition_cost"]).set_index("customer_id")
    paid = paid[paid.index.isin(first.index)]
    if len(paid):
        ks = grid.index(first.reindex(paid.index))
        gs = group_col(pd.Series(paid.index, index=paid.index, dtype="object"), groups)
        for cid in paid.index:
            add(int(ks[cid]), gs[cid], "cac_recorded", float(paid.acquisition_cost[cid]))

    frame = pd.DataFrame(list(rows.values()))
    zero = [
        "S",
        "E",
        "N",
        "kept",
        "lost",
        "reactivated",
        "orders",
        "revenue",
        "items",
        "orders_new",
        "revenue_new",
        "interval_n",
        "interval_sum",
        "items_returned",
        "amount_returned",
        "buyers",
        "repeaters",
        "loyal",
        "net_to_date",
        "mrr_start",
        "mrr_end",
        "mrr_churned",
        "mrr_contraction",
        "mrr_expansion",
        "cost_acquisition",
        "cost_retention",
        "cac_recorded",
    ]
    for col in [*zero, "interval_median"]:
        if col not in frame:
            frame[col] = np.nan
    frame[zero] = frame[zero].astype("float64").fillna(0.0)
    if by not in (None, "channel"):
        # costs name a channel, not a customer: other groupings cannot attribute them (empty)
        frame[["cost_acquisition", "cost_retention"]] = np.nan
    frame["interval_median"] = frame["interval_median"].astype("float64")
    return frame.sort_values(["g", "k"]).reset_index(drop=True)


# -- the metrics ------------------------------------------------------------------------------


def div(num: Any, den: Any, scale: float = 1.0) -> pd.Series:
    """num / den * scale, NaN where den is 0 or NaN."""
    num = pd.Series(num, dtype="float64")
    den = pd.Series(den, dtype="float64")
    out = num / den.where(den != 0) * scale
    return out


def _aov(c: pd.DataFrame) -> pd.Series:
    return div(c.revenue, c.orders)


def _aov_new(c: pd.DataFrame) -> pd.Series:
    return div(c.revenue_new, c.orders_new)


def _aov_existing(c: pd.DataFrame) -> pd.Series:
    return div(c.revenue - c.revenue_new, c.orders - c.orders_new)


def _cac(c: pd.DataFrame) -> pd.Series:
    spend = c.cost_acquisition.where(c.cost_acquisition > 0, c.cac_recorded)
    return div(spend, c.N)


def _retention_cost(c: pd.DataFrame) -> pd.Series:
    return div(c.cost_retention, c.kept + c.reactivated)


Oracle = Callable[[pd.DataFrame, Data], pd.Series]

ORACLES: dict[str, Oracle] = {
    "customers_start": lambda c, d: c.S,
    "customers_end": lambda c, d: c.E,
    "new_customers": lambda c, d: c.N,
    "kept_customers": lambda c, d: c.kept,
    "lost_customers": lambda c, d: c.lost,
    "reactivated_customers": lambda c, d: c.reactivated,
    "retention_rate": lambda c, d: div(c.E - c.N, c.S, 100),
    "retention_rate_strict": lambda c, d: div(c.kept, c.S, 100),
    "churn_rate": lambda c, d: div(c.lost, c.S, 100),
    "revenue": lambda c, d: c.revenue,
    "orders": lambda c, d: c.orders,
    "mrr_start": lambda c, d: c.mrr_start,
    "mrr_end": lambda c, d: c.mrr_end,
    "revenue_churn_rate": lambda c, d: div(c.mrr_churned + c.mrr_contraction, c.mrr_start, 100),
    "gross_revenue_retention": lambda c, d: div(
        c.mrr_start - c.mrr_churned - c.mrr_contraction, c.mrr_start, 100
    ),
    "net_revenue_retention": lambda c, d: div(
        c.mrr_start - c.mrr_churned - c.mrr_contraction + c.mrr_expansion, c.mrr_start, 100
    ),
    "repeat_customer_rate": lambda c, d: div(c.repeaters, c.buyers, 100),
    "loyal_customer_rate": lambda c, d: div(c.loyal, c.buyers, 100),
    "aov": lambda c, d: _aov(c),
    "aov_new": lambda c, d: _aov_new(c),
    "aov_existing": lambda c, d: _aov_existing(c),
    "aov_ratio": lambda c, d: div(_aov_existing(c), _aov_new(c)),
    "purchase_interval_mean": lambda c, d: div(c.interval_sum, c.interval_n),
    "purchase_interval_median": lambda c, d: c.interval_median,
    "return_rate_items": lambda c, d: div(c.items_returned, c["items"], 100),
    "return_rate_amount": lambda c, d: div(c.amount_returned, c.revenue, 100),
    "clv_historical": lambda c, d: div(c.net_to_date, c.buyers, d.margin),
    "clv_simple": lambda c, d: _aov(c) * div(c.repeaters, c.buyers) - _cac(c),
    "acquisition_cost_per_new": lambda c, d: _cac(c),
    "retention_cost_per_kept": lambda c, d: _retention_cost(c),
    "cost_ratio": lambda c, d: div(_cac(c), _retention_cost(c)),
}


def kpis(
    data: Data,
    period: str = "month",
    *,
    basis: str = "both",
    by: str | None = None,
) -> pd.DataFrame:
    """The oracle's KPI table: g, k, period, start, end, partial, small and every metric."""
    grid = make_grid(data, period)
    comp = components(data, grid, basis=basis, by=by)
    out = comp[["g", "k"]].copy()
    starts, ends = grid.starts(), grid.ends()
    out["period"] = [period_label(grid.periods[k], period) for k in out.k]
    out["start"] = [starts[k] for k in out.k]
    out["end"] = [ends[k] for k in out.k]
    last = data_end(data)
    bounds = grid.bounds()
    out["partial"] = [bounds[k + 1] > last + pd.Timedelta(days=1) for k in out.k]
    out["small"] = data.min_customers > comp.S
    for key, fn in ORACLES.items():
        out[key] = pd.Series(fn(comp, data), dtype="float64").to_numpy()
    return out


# -- cohorts ----------------------------------------------------------------------------------


def cohorts(
    data: Data,
    period: str = "month",
    *,
    measure: str = "customers",
    mode: str = "on",
    basis: str = "both",
    percent: bool = False,
) -> pd.DataFrame:
    """Cohort matrix: index cohort label, columns size, "0", "1", ... (NaN past the grid)."""
    grid = make_grid(data, period)
    bounds = grid.bounds()
    first = first_activity(data, basis)
    cohort = grid.index(pd.Series(first.values, index=first.index))
    # the periods in which each customer is active
    active: dict[str, set[int]] = {c: set() for c in first.index}
    if basis in ("orders", "both"):
        ks = grid.index(data.orders.ordered_at)
        for cid, k in zip(data.orders.customer_id, ks, strict=True):
            active[cid].add(int(k))
    if basis in ("subscriptions", "both"):
        for row in data.subscriptions.itertuples():
            for k in range(grid.n):
                overlaps = row.started_at < bounds[k + 1] and (
                    pd.isna(row.ended_at) or row.ended_at > bounds[k]
                )
                starts = bounds[k] <= row.started_at < bounds[k + 1]
                if overlaps or starts:
                    active[row.customer_id].add(k)
    o = data.orders
    ok = grid.index(o.ordered_at)
    rows = []
    for c in range(grid.n):
        members = set(cohort.index[cohort == c])
        if not members:
            continue
        row: dict[str, Any] = {"cohort": period_label(grid.periods[c], period)}
        row["size"] = len(members)
        mine = o.customer_id.isin(members)
        for i in range(grid.n - c):
            k = c + i
            if measure == "customers":
                if mode == "on":
                    value = sum(1 for m in members if k in active[m])
                else:
                    value = sum(1 for m in members if any(j >= k for j in active[m]))
            elif mode == "on":
                value = o.revenue[mine & (ok == k)].sum()
            else:
                value = o.revenue[mine & (ok >= k)].sum()
            row[str(i)] = float(value)
        rows.append(row)
    frame = pd.DataFrame(rows).set_index("cohort")
    # no cap: from period 0 to the last period of the grid, for the earliest cohort
    cols = [str(i) for i in range(grid.n - int(cohort.min()))]
    frame = frame.reindex(columns=["size", *cols])
    if percent:
        frame[cols] = frame[cols].div(frame["0"], axis=0) * 100
    return frame


# -- shared workspaces ------------------------------------------------------------------------

_DEMO: dict[str, Any] = {}
DEMO_CUSTOMERS = 3000


def demo_workspace(tmp_path_factory: Any) -> tuple[Any, Data]:
    """The demo workspace (3,000 customers), built once per test session, and its raw tables."""
    if "ws" not in _DEMO:
        from bindung import demo

        folder = tmp_path_factory.mktemp("demo") / "ws"
        ws, _ = demo.build(folder, customers=DEMO_CUSTOMERS)
        _DEMO["ws"] = ws
        _DEMO["data"] = load(ws)
    return _DEMO["ws"], _DEMO["data"]


def _local(utc: pd.Timestamp, tz: str) -> str:
    return utc.tz_localize("UTC").tz_convert(tz).strftime("%Y-%m-%d %H:%M:%S")


def edge_case_files(seed: int, window_days: int, tz: str = "Europe/Berlin") -> dict[str, str]:
    """CSV texts (kind -> text, in import order) of a random small business, January to June
    2024, whose times cluster on the edges of the definitions: on month bounds, one second and
    one hour either side of them, exactly W before them, orders at the same instant, orders
    exactly W apart, subscriptions of zero length, touching and overlapping subscriptions,
    returns larger than their orders, customers without channel."""
    rng = random.Random(seed)
    w = pd.Timedelta(days=window_days)
    starts = pd.date_range("2024-01-01", "2024-07-01", freq="MS")
    bounds = [d.tz_localize(tz).tz_convert("UTC").tz_localize(None) for d in starts]
    first, last = bounds[0], bounds[-1] - pd.Timedelta(days=1)
    edges = [
        b + pd.Timedelta(seconds=s) - back
        for b in bounds
        for s in (0, 1, -1, 3600, -3600)
        for back in (pd.Timedelta(0), w)
    ]
    edges = [t for t in edges if first <= t <= last]
    span = int((last - first).total_seconds())

    def when() -> pd.Timestamp:
        if rng.random() < 0.5:
            return rng.choice(edges)
        return first + pd.Timedelta(seconds=rng.randrange(span))

    customers = [f"c{i:02d}" for i in range(25)]
    b1, b2, b3 = bounds[1], bounds[2], bounds[3]
    orders: list[tuple[Any, ...]] = [
        # exactly on a bound and exactly W later; at b - W and one second before it
        ("e1", "c00", b1, 10.0, 1, "Ads"),
        ("e2", "c00", b1 + w, 20.0, 1, "Ads"),
        ("e3", "c01", b3 - w, 30.0, 2, "Mail"),
        ("e4", "c02", b3 - w - pd.Timedelta(seconds=1), 40.0, 1, ""),
        ("e5", "c02", b3 - w - pd.Timedelta(seconds=1), 5.0, 0, ""),  # the same instant
    ]
    subs: list[tuple[Any, ...]] = [
        ("z1", "c03", b2, b2, 10.0),  # zero length, on a bound
        ("t1", "c04", b1 - pd.Timedelta(days=9), b2, 30.0),  # ends on a bound ...
        ("t2", "c04", b2, None, 20.0),  # ... the next starts there: a downgrade, no gap
        ("v1", "c05", b1, b3, 15.0),  # starts on a bound
        ("v2", "c05", b1 + pd.Timedelta(days=3), b2 + pd.Timedelta(days=3), 25.0),  # overlaps
    ]
    for i in range(100):
        c, t, channel = rng.choice(customers), when(), rng.choice(["Ads", "Mail", ""])
        orders.append((f"o{i}", c, t, round(rng.uniform(1, 100), 2), rng.randint(0, 3), channel))
        if rng.random() < 0.15:
            orders.append((f"o{i}s", c, t, round(rng.uniform(1, 100), 2), 1, ""))
        if rng.random() < 0.1 and t + w <= last:
            orders.append((f"o{i}w", c, t + w, 5.0, 1, ""))
    for i in range(30):
        c = rng.choice(customers)
        a, b = sorted((when(), when()))
        end: pd.Timestamp | None = None if rng.random() < 0.3 else b
        if end is not None and rng.random() < 0.1:
            end = a
        subs.append((f"s{i}", c, a, end, rng.choice([10.0, 20.0, 0.5, 35.0])))
        if end is not None and rng.random() < 0.4:
            subs.append((f"s{i}n", c, end, None, rng.choice([5.0, 50.0])))
    returns = []
    for i, o in enumerate(rng.sample(orders, 15)):
        back = o[2] + pd.Timedelta(hours=rng.randint(1, 500))
        returns.append((f"r{i}", o[0], back, rng.randint(0, 4), round(rng.uniform(0, 150), 2)))
    costs = []
    for i in range(8):
        a = pd.Timestamp("2024-01-01") + pd.Timedelta(days=rng.randrange(170))
        b = a + pd.Timedelta(days=rng.randrange(60))
        purpose = rng.choice(["acquisition", "retention", "mixed"])
        channel = rng.choice(["Ads", "Mail", "TV"])
        costs.append(
            (f"k{i}", a.date(), b.date(), channel, purpose, round(rng.uniform(10, 500), 2))
        )
    people = [
        (c, rng.choice(["A", "B", ""]), rng.choice(["", "12.50", "40.00"]), rng.choice(["", "Ads"]))
        for c in customers
    ]

    def cell(x: Any) -> str:
        if x is None:
            return ""
        if isinstance(x, pd.Timestamp):
            return _local(x, tz)
        return str(x)

    def csv(header: str, rows: list[tuple[Any, ...]]) -> str:
        return header + "\n" + "".join(",".join(cell(x) for x in r) + "\n" for r in rows)

    return {
        "customers": csv("customer_id,segment,acquisition_cost,acquisition_channel", people),
        "orders": csv("order_id,customer_id,ordered_at,revenue,items,channel", orders),
        "returns": csv("return_id,order_id,returned_at,items,amount", returns),
        "subscriptions": csv("subscription_id,customer_id,started_at,ended_at,mrr", subs),
        "costs": csv("cost_id,period_start,period_end,channel,purpose,amount", costs),
    }


def edge_case_workspace(folder: Any, seed: int = 11, window_days: int = 30) -> Any:
    """A workspace with :func:`edge_case_files` imported (nothing may be rejected)."""
    import bindung

    ws = bindung.init(
        folder / "ws",
        locale="en_GB",
        activity_window_days=window_days,
        min_customers=3,
        loyalty_threshold=2,
        margin=0.4,
    )
    for kind, text in edge_case_files(seed, window_days, ws.settings.timezone).items():
        path = folder / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        result = ws.import_file(kind, path)
        if result.rejected:
            raise AssertionError(f"{kind}: rejected {ws.rejects().to_dict('records')}")
    return ws
