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

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from bindung.errors import BindungError
from bindung.metrics import periods


@dataclass
class CustomerMonths:
    frame: pd.DataFrame  # customer_id, k, tenure, orders, revenue
    first: pd.DataFrame  # customer_id, first_k, first_at, channel, segment
    grid: periods.Grid
    full_months: int  # months 0 .. full_months-1 are complete

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


def customer_months(ws: Any) -> CustomerMonths:
    """The customer-month panel of a workspace (see the module docstring)."""
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
    k = periods.index_expr(orders.ordered_at, bounds)
    placed = orders.mutate(k=k)
    monthly = (
        placed.group_by(["customer_id", "k"])
        .aggregate(orders=placed.count(), revenue=placed.revenue.sum().cast("float64"))
        .to_pandas()
    )
    firsts = monthly.groupby("customer_id", as_index=False)["k"].min()
    firsts = firsts.rename(columns={"k": "first_k"})
    customers = ws.table("customers").select("customer_id", "acquisition_channel", "segment")
    firsts = firsts.merge(customers.to_pandas(), on="customer_id", how="left")
    first_times = (
        orders.group_by("customer_id").aggregate(first_at=orders.ordered_at.min()).to_pandas()
    )
    firsts = firsts.merge(first_times, on="customer_id", how="left")
    firsts = firsts.sort_values("customer_id", kind="stable").reset_index(drop=True)
    # dense rows: months first_k+1 .. full-1 per customer
    start = firsts["first_k"].to_numpy(np.int64) + 1
    length = np.maximum(full - start, 0)
    cust_idx = np.repeat(np.arange(len(firsts)), length)
    offsets = np.arange(length.sum()) - np.repeat(np.cumsum(length) - length, length)
    month = np.repeat(start, length) + offsets
    frame = pd.DataFrame(
        {
            "customer_id": firsts["customer_id"].to_numpy()[cust_idx],
            "k": month,
            "tenure": month - np.repeat(start - 1, length),
        }
    )
    monthly = monthly[monthly["k"] < full]
    frame = frame.merge(monthly, on=["customer_id", "k"], how="left")
    frame["orders"] = frame["orders"].fillna(0).astype(np.int64)
    frame["revenue"] = frame["revenue"].fillna(0.0).astype(np.float64)
    return CustomerMonths(frame=frame, first=firsts, grid=grid, full_months=full)


def order_months(ws: Any, panel: CustomerMonths) -> pd.DataFrame:
    """Distinct ``(customer_id, k)`` with at least one order, ``k`` on the panel's months
    (sorted): the months an event that follows an order can be anchored to."""
    orders = ws.table("orders").select("customer_id", "ordered_at").to_pandas()
    orders["k"] = panel.month_of(orders["ordered_at"])
    out: pd.DataFrame = orders[["customer_id", "k"]].drop_duplicates()
    return out.sort_values(["customer_id", "k"]).reset_index(drop=True)
