"""The customer-month panel (:mod:`bindung.insights.panel`) against the same panel written
with pandas merges, on a small history with the awkward cases: a customer missing from the
customers table, several orders in one month, a first order in the last complete month, an
order in the incomplete last month, ids that sort differently as text and as numbers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bindung.insights.panel import CustomerMonths, customer_months, order_months
from bindung.metrics import periods
from bindung.workspace import Workspace

ORDERS = """order_id,customer_id,ordered_at,revenue
o1,10,2024-01-15 10:00,20.10
o2,10,2024-01-20 10:00,20.20
o3,10,2024-03-05 10:00,5
o4,9,2024-02-01 00:30,7.5
o5,9,2024-02-29 23:30,1
o6,b,2024-05-31 23:30,3
o7,A,2024-06-01 10:00,9.99
o8,10,2024-06-10 10:00,4
"""
CUSTOMERS = """customer_id,first_seen,acquisition_channel,segment
10,2024-01-15,Shop,B2C
9,2024-02-01,Newsletter,B2B
A,2024-06-01,,B2C
"""


def _pandas_panel(ws: Workspace) -> CustomerMonths:
    """The panel with merges on the text ids (as it was written first)."""
    orders = ws.table("orders").to_pandas()
    orders["revenue"] = orders["revenue"].astype(float)
    first_at, last_at = orders["ordered_at"].min(), orders["ordered_at"].max()
    grid = periods.make_grid(
        "month",
        ws.settings.timezone,
        first_at.to_pydatetime(),
        last_at.to_pydatetime(),
        data_end=last_at.to_pydatetime(),
    )
    full = grid.n
    while full > 0 and grid.bounds[full] > last_at + timedelta(days=1):
        full -= 1
    bounds = np.array(grid.bounds, dtype="datetime64[ns]")
    orders["k"] = (
        np.searchsorted(bounds, orders["ordered_at"].to_numpy("datetime64[ns]"), "right") - 1
    )
    monthly = orders.groupby(["customer_id", "k"], as_index=False).agg(
        orders=("order_id", "size"), revenue=("revenue", "sum")
    )
    firsts = monthly.groupby("customer_id", as_index=False)["k"].min()
    firsts = firsts.rename(columns={"k": "first_k"})
    customers = ws.table("customers").select("customer_id", "acquisition_channel", "segment")
    firsts = firsts.merge(customers.to_pandas(), on="customer_id", how="left")
    first_times = orders.groupby("customer_id", as_index=False).agg(first_at=("ordered_at", "min"))
    firsts = firsts.merge(first_times, on="customer_id", how="left")
    firsts = firsts.sort_values("customer_id", kind="stable").reset_index(drop=True)
    rows = [
        (c, k, k - f)
        for c, f in zip(firsts["customer_id"], firsts["first_k"], strict=True)
        for k in range(f + 1, full)
    ]
    frame = pd.DataFrame(rows, columns=["customer_id", "k", "tenure"])
    frame = frame.merge(monthly[monthly["k"] < full], on=["customer_id", "k"], how="left")
    frame["orders"] = frame["orders"].fillna(0).astype(np.int64)
    frame["revenue"] = frame["revenue"].fillna(0.0)
    return CustomerMonths(frame=frame, first=firsts, grid=grid, full_months=full)


def test_panel_equals_pandas(workspace: Workspace, write: Callable[..., Path]) -> None:
    workspace.import_file("customers", write("c.csv", CUSTOMERS))
    workspace.import_file("orders", write("o.csv", ORDERS))
    panel = customer_months(workspace)
    expected = _pandas_panel(workspace)
    assert panel.full_months == expected.full_months == 5  # June is not complete
    assert list(panel.first["customer_id"]) == ["10", "9", "A", "b"]
    # the ids are a categorical over the customers (codes, no copy of the text per row)
    assert isinstance(panel.frame["customer_id"].dtype, pd.CategoricalDtype)
    as_text = panel.frame.assign(customer_id=panel.frame["customer_id"].astype(str))
    pd.testing.assert_frame_equal(
        as_text, expected.frame, check_dtype=False, check_exact=False, rtol=1e-12
    )
    pd.testing.assert_frame_equal(
        panel.first[expected.first.columns], expected.first, check_dtype=False
    )
    # (times are local, as exported) 10: January (two orders), March, June; 9: February
    # (00:30 on the 1st and 23:30 on the 29th); b: May (23:30 on the 31st); A: June
    months = order_months(workspace, panel)
    assert list(zip(months["customer_id"], months["k"], strict=True)) == [
        ("10", 0),
        ("10", 2),
        ("10", 5),
        ("9", 1),
        ("A", 5),
        ("b", 4),
    ]
    # panel rows: 10 in February to May (March: 5), 9 in March to May; b and A start too late
    assert panel.frame.groupby("customer_id", observed=True)["k"].apply(list).to_dict() == {
        "10": [1, 2, 3, 4],
        "9": [2, 3, 4],
    }
    assert panel.frame["revenue"].sum() == pytest.approx(5.0)
    # the same months from the orders table when the panel does not carry them
    bare = CustomerMonths(panel.frame, panel.first, panel.grid, panel.full_months)
    pd.testing.assert_frame_equal(order_months(workspace, bare), months, check_dtype=False)
