"""The one cost comparison (bindung.metrics.costs) against a hand count."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from bindung.errors import BindungError
from bindung.metrics.costs import cost_comparison, months_back, twelve_month_grid, window_label
from bindung.metrics.periods import make_grid
from bindung.workspace import Workspace

# Two years of orders, 2024-01-03 .. 2025-12-31, activity window 90 days:
ORDERS = {
    "A": ["2024-01-10", "2024-12-20", "2025-11-15"],  # 2025: active at both ends -> kept
    "B": ["2024-02-01", "2024-11-01"],  # 2025: active at the start (to 01-30), lost
    "C": ["2024-03-01", "2025-11-01"],  # 2024: new, lapsed; 2025: reactivated
    "D": ["2025-05-05", "2025-12-10"],  # 2025: new
    "E": ["2024-12-15"],  # 2025: active at the start (to 03-15), lost
    "F": ["2025-02-01"],  # 2025: new, lapsed by the end
    "G": ["2025-12-31"],  # 2025: new (and the data end on the month's last day)
}
COSTS = (
    "period_start,period_end,channel,purpose,program,amount\n"
    "2024-01-01,2024-12-31,Ads,acquisition,Ads,400\n"
    "2025-01-01,2025-12-31,Ads,acquisition,Ads,600\n"
    "2025-07-01,2025-12-31,E-Mail,retention,Newsletter,50\n"
    # 62 days, 31 in each year
    "2024-12-01,2025-01-31,E-Mail,retention,Winback,62\n"
)


def _shop(ws: Workspace, write: Callable[..., Path]) -> Workspace:
    lines = ["order_id,customer_id,ordered_at,revenue"]
    for customer, days in ORDERS.items():
        lines += [f"{customer}{i},{customer},{day} 12:00,100" for i, day in enumerate(days)]
    assert ws.import_file("orders", write("o.csv", "\n".join(lines) + "\n")).rejected == 0
    assert ws.import_file("costs", write("c.csv", COSTS)).rejected == 0
    ws.settings = replace(ws.settings, activity_window_days=90)
    return ws


def test_windows_by_hand(workspace: Workspace, write: Callable[..., Path]) -> None:
    frame = cost_comparison(_shop(workspace, write))
    assert list(frame["period"]) == ["2024-01 … 2024-12", "2025-01 … 2025-12"]
    assert list(frame["start"]) == [date(2024, 1, 1), date(2025, 1, 1)]
    assert list(frame["end"]) == [date(2025, 1, 1), date(2026, 1, 1)]
    y24, y25 = frame.iloc[0], frame.iloc[1]
    # 2024: A, B, C, E are new; nobody was a customer at its start
    assert y24["new_customers"] == 4
    assert y24["acquisition_spend"] == pytest.approx(400.0)
    assert y24["acquisition_cost_per_new"] == pytest.approx(100.0)
    assert y24["kept_customers"] == 0
    assert y24["retention_spend"] == pytest.approx(31.0)
    assert math.isnan(y24["retention_cost_per_kept"]) and math.isnan(y24["cost_ratio"])
    # 2025: D, F, G new; A kept, C reactivated (B and E lost)
    assert y25["new_customers"] == 3
    assert y25["acquisition_cost_per_new"] == pytest.approx(600.0 / 3)
    assert y25["kept_customers"] == 2
    assert y25["retention_spend"] == pytest.approx(50.0 + 31.0)
    assert y25["retention_cost_per_kept"] == pytest.approx(81.0 / 2)
    assert y25["cost_ratio"] == pytest.approx((600.0 / 3) / (81.0 / 2))


def test_budget_and_kpis_use_the_comparison(
    workspace: Workspace, write: Callable[..., Path]
) -> None:
    from bindung.answers import sections
    from bindung.insights.budget import budget_advice

    ws = _shop(workspace, write)
    advice = budget_advice(ws)
    last = cost_comparison(ws).iloc[-1]
    assert (advice.first, advice.last) == ("2025-01", "2025-12")
    assert advice.cost_per_new == pytest.approx(600.0 / 3)
    assert advice.cost_per_kept == pytest.approx(last["retention_cost_per_kept"])
    # by month the KPI table leaves the 12-month figures out and says where they are
    monthly = sections.kpis(ws, period="month")
    shown = set(monthly.table("kpis").frame["metric"])
    assert "acquisition_cost_per_new" in shown
    assert not shown & {"retention_cost_per_kept", "cost_ratio"}
    assert "bindung costs" in monthly.findings[0].en
    # by calendar year it shows them: here the years are the windows, so the same figures
    yearly = sections.kpis(ws, period="year").table("kpis").frame
    ratio = yearly[(yearly["metric"] == "cost_ratio") & (yearly["period"] == "2025")]
    assert float(ratio["value"].iloc[0]) == pytest.approx(last["cost_ratio"])
    answer = sections.costs(ws)
    assert "5 to 25 times" in answer.findings[0].en
    assert "4.94 times" in answer.findings[0].en


def test_grid_and_labels() -> None:
    assert months_back(date(2026, 3, 1), 12) == date(2025, 3, 1)
    assert months_back(date(2026, 1, 1), 1) == date(2025, 12, 1)
    assert window_label(date(2025, 11, 1), date(2026, 11, 1)) == "2025-11 … 2026-10"
    from datetime import datetime

    # data 2023-05-10 .. 2026-11-20: November 2026 incomplete; three windows after a lead-in
    month = make_grid(
        "month",
        "Europe/Berlin",
        datetime(2023, 5, 10),
        datetime(2026, 11, 20),
        data_end=datetime(2026, 11, 20),
    )
    grid, windows = twelve_month_grid(month)
    assert windows == 3
    assert grid.starts == (
        date(2023, 5, 1),
        date(2023, 11, 1),
        date(2024, 11, 1),
        date(2025, 11, 1),
        date(2026, 11, 1),
    )
    short = make_grid(
        "month", "Europe/Berlin", datetime(2026, 1, 5), datetime(2026, 11, 20), data_end=None
    )
    with pytest.raises(BindungError, match="12 complete months"):
        twelve_month_grid(short)
