"""Customer-month panels: orders and revenue of every customer in every local calendar month
after their first order — the input of the within-customer comparisons
(:mod:`bindung.models.within`).

>>> panel = customer_months(ws)                                            # doctest: +SKIP
>>> panel.frame.head()                                                     # doctest: +SKIP
   customer_id  k  tenure  orders  revenue

* Months are calendar months in the workspace time zone (:mod:`bindung.metrics.periods`);
  ``k`` numbers them from the month of the first order in the store.
* A customer's rows run from the month *after* their first order (the first order is what
  makes them a customer, so its month says nothing about buying again) to the last complete
  month of the data; a month where the data stop more than a day early is left out.
* ``tenure`` = months since the first order (1, 2, …); ``orders`` and ``revenue`` are 0 in
  months without orders.  Revenue is the order revenue (returns are not netted here).
* :meth:`CustomerMonths.month_of` places any UTC time stamps on the same months, so events
  (first interaction, a complaint) can be turned into indicators.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from bindung.errors import BindungError
from bindung.metrics import periods
from bindung.store.protocol import shared

if TYPE_CHECKING:
    from bindung.store.protocol import Store


@dataclass
class Monthly:
    """Orders and revenue per customer and month with at least one order, in every month of
    the grid (the first order's month and a last incomplete month included): ``code`` is the
    customer's row in :attr:`CustomerMonths.first`; sorted by ``(code, k)``."""

    code: npt.NDArray[np.int64]
    k: npt.NDArray[np.int64]
    orders: npt.NDArray[np.int64]
    revenue: npt.NDArray[np.float64]


@dataclass
class CustomerMonths:
    frame: pd.DataFrame  # customer_id, k, tenure, orders, revenue
    first: pd.DataFrame  # customer_id, first_k, first_at, channel, segment
    grid: periods.Grid
    full_months: int  # months 0 .. full_months-1 are complete
    #: per row of ``frame`` the customer's row in ``first`` (set by :func:`customer_months`)
    codes: npt.NDArray[np.int64] | None = field(default=None, repr=False, compare=False)
    #: the months with orders (set by :func:`customer_months`)
    monthly: Monthly | None = field(default=None, repr=False, compare=False)
    #: derived arrays kept for repeated use (:mod:`bindung.insights.events`)
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def month_of(self, times: Any) -> npt.NDArray[np.int64]:
        """The month index of naive-UTC time stamps (−1 before the first month; NaT → −1)."""
        stamps = pd.to_datetime(pd.Series(times))
        bounds = np.array(self.grid.bounds, dtype="datetime64[ns]")
        values = stamps.to_numpy(dtype="datetime64[ns]")
        k = np.searchsorted(bounds, values, side="right") - 1
        k[pd.isna(stamps).to_numpy()] = -1
        return k.astype(np.int64)

    def labels(self) -> tuple[str, ...]:
        return self.grid.labels


def customer_months(ws: Store) -> CustomerMonths:
    """The customer-month panel of a workspace (see the module docstring).

    Two aggregate queries (per customer and month; per customer) and numpy: the dense rows
    are laid out per customer and the months with orders scattered into them, so the time
    grows with the number of rows and nothing joins on the text ids."""
    import ibis

    tz = ws.settings.timezone
    orders = ws.table("orders")
    span = orders.aggregate(first=orders.ordered_at.min(), last=orders.ordered_at.max()).to_pandas()
    if span.empty or pd.isna(span.iloc[0]["first"]):
        raise BindungError("no orders imported; import orders first (bindung import orders FILE)")
    first_at: datetime = pd.Timestamp(span.iloc[0]["first"]).to_pydatetime()
    last_at: datetime = pd.Timestamp(span.iloc[0]["last"]).to_pydatetime()
    grid = periods.make_grid("month", tz, first_at, last_at, data_end=last_at)
    bounds = grid.bounds
    full = grid.n
    while full > 0 and bounds[full] > last_at + timedelta(days=1):
        full -= 1
    # per customer: a code in the order of the ids, the first order, channel and segment
    per = orders.group_by("customer_id").aggregate(first_at=orders.ordered_at.min())
    per = per.mutate(code=ibis.dense_rank().over(order_by=per.customer_id))
    customers = ws.table("customers").select("customer_id", "acquisition_channel", "segment")
    joined = per.left_join(customers, per.customer_id == customers.customer_id)
    firsts = joined.select(
        "customer_id", "code", "acquisition_channel", "segment", "first_at"
    ).to_pandas()
    firsts = firsts.sort_values("customer_id", kind="stable").reset_index(drop=True)
    # per customer and month: orders and revenue (numbers only; the code names the customer)
    placed = orders.mutate(k=periods.index_expr(orders.ordered_at, bounds))
    grouped = placed.group_by(["customer_id", "k"]).aggregate(
        orders=placed.count(), revenue=placed.revenue.sum().cast("float64")
    )
    codes = per.select("customer_id", "code")
    months = grouped.join(codes, "customer_id").select("code", "k", "orders", "revenue")
    months = months.to_pandas()
    m_code = months["code"].to_numpy(np.int64)
    sql_code = firsts["code"].to_numpy(np.int64)
    if not np.array_equal(sql_code, np.arange(len(sql_code))):
        # the query orders text by its bytes, like pandas; should it not, map its codes
        position = np.empty(len(sql_code), dtype=np.int64)
        position[sql_code] = np.arange(len(sql_code))
        m_code = position[m_code]
    m_k = months["k"].to_numpy(np.int64)
    order = np.lexsort((m_k, m_code))
    monthly = Monthly(
        code=m_code[order],
        k=m_k[order],
        orders=months["orders"].to_numpy(np.int64)[order],
        revenue=months["revenue"].to_numpy(np.float64)[order],
    )
    starts = np.flatnonzero(np.diff(monthly.code, prepend=-1))
    firsts.insert(1, "first_k", monthly.k[starts])
    firsts = firsts.drop(columns="code")
    # dense rows: months first_k+1 .. full-1 per customer
    first_k = firsts["first_k"].to_numpy(np.int64)
    start = first_k + 1
    length = np.maximum(full - start, 0)
    row_start = np.cumsum(length) - length
    cust_idx = np.repeat(np.arange(len(firsts)), length)
    offsets = np.arange(length.sum()) - np.repeat(row_start, length)
    month = np.repeat(start, length) + offsets
    n = len(month)
    counts = np.zeros(n, dtype=np.int64)
    revenue = np.zeros(n, dtype=np.float64)
    inside = (monthly.k > first_k[monthly.code]) & (monthly.k < full)
    at = row_start[monthly.code[inside]] + monthly.k[inside] - start[monthly.code[inside]]
    counts[at] = monthly.orders[inside]
    revenue[at] = monthly.revenue[inside]
    # the ids as a categorical over the customers (codes, not a copy of every text id), and
    # the columns as they are: copy=False keeps pandas from stacking them into one block
    ids = pd.Categorical.from_codes(cust_idx, categories=pd.Index(firsts["customer_id"]))
    frame = pd.DataFrame(
        {
            "customer_id": ids,
            "k": month,
            "tenure": month - np.repeat(start - 1, length),
            "orders": counts,
            "revenue": revenue,
        },
        copy=False,
    )
    return CustomerMonths(
        frame=frame, first=firsts, grid=grid, full_months=full, codes=cust_idx, monthly=monthly
    )


def shared_customer_months(ws: Store) -> CustomerMonths:
    """:func:`customer_months`, kept in the workspace's ``memo`` dict when it has one
    (``bindung refresh`` gives it one for the answers of one refresh), so that the answers
    that compare customers with themselves build the panel once.  Callers only read it."""
    panel: CustomerMonths = shared(ws, ("customer_months",), lambda: customer_months(ws))
    return panel


def order_months(ws: Store, panel: CustomerMonths) -> pd.DataFrame:
    """Distinct ``(customer_id, k)`` with at least one order, ``k`` on the panel's months
    (sorted): the months an event that follows an order can be anchored to."""
    if panel.monthly is not None:
        m = panel.monthly
        ids = panel.first["customer_id"].take(m.code).reset_index(drop=True)
        return pd.DataFrame({"customer_id": ids, "k": m.k})
    orders = ws.table("orders").select("customer_id", "ordered_at").to_pandas()
    orders["k"] = panel.month_of(orders["ordered_at"])
    out: pd.DataFrame = orders[["customer_id", "k"]].drop_duplicates()
    return out.sort_values(["customer_id", "k"]).reset_index(drop=True)
