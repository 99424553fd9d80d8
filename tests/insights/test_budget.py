"""Budget advice and the retention what-if: by hand on a small shop, and on the demo against
the KPI table and the costs rows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import bindung
from bindung.insights.budget import budget_advice, retention_whatif, spend_by_purpose
from bindung.workspace import Workspace


def _shop(workspace: Workspace, write: Callable[..., Path], *, costs: bool = True) -> Workspace:
    # 42 customers, one first order each from 2024-01 to 2025-06 (data end 2025-06-30):
    # customer i orders on day 1 + i % 28 of month i % 18; customers 0..4 order again
    lines = ["order_id,customer_id,ordered_at,revenue"]
    for i in range(42):
        year, month = 2024 + (i % 18) // 12, (i % 18) % 12 + 1
        lines.append(f"o{i},C{i},{year}-{month:02d}-{1 + i % 28:02d} 10:00,100")
    for i in range(5):
        lines.append(f"r{i},C{i},2025-06-{10 + i} 10:00,50")
    lines.append("last,C41,2025-06-30 12:00,10")
    assert workspace.import_file("orders", write("o.csv", "\n".join(lines) + "\n")).rejected == 0
    if not costs:
        return workspace
    rows = (
        "period_start,period_end,channel,purpose,program,amount\n"
        # 30 days of June 2025 inside the window: all of it
        "2025-06-01,2025-06-30,E-Mail,retention,Newsletter,100\n"
        # July 2024 .. June 2025 = the window
        "2024-07-01,2025-06-30,Ads,acquisition,Ads,900\n"
        # half in the window: 2024-06-16 .. 2024-07-15 (30 days, 15 inside)
        "2024-06-16,2024-07-15,Shop,mixed,Flyer,60\n"
    )
    assert workspace.import_file("costs", write("c.csv", rows)).rejected == 0
    return workspace


def test_spend_is_prorated_by_days(workspace: Workspace, write: Callable[..., Path]) -> None:
    from datetime import date

    ws = _shop(workspace, write)
    spend = spend_by_purpose(ws, date(2024, 7, 1), date(2025, 7, 1))
    assert spend == pytest.approx({"retention": 100.0, "acquisition": 900.0, "mixed": 30.0})


def test_low_repeat_rate_asks_for_70_to_80_percent(
    workspace: Workspace, write: Callable[..., Path]
) -> None:
    ws = _shop(workspace, write)
    a = budget_advice(ws)
    assert (a.first, a.last) == ("2024-07", "2025-06")
    # repeat rate: 5 of 42 customers with two or more orders (C41's extra order makes 6)
    assert a.repeat_rate == pytest.approx(100 * 6 / 42, abs=0.05)
    assert (a.advised_low, a.advised_high) == (70.0, 80.0)
    assert a.retention_share == pytest.approx(10.0)
    # to 70 % of the 1,000 paid: 700 - 100
    assert a.shift == pytest.approx(600.0)


def test_demo_split_and_whatif_against_kpis_and_costs(demo_full: Path) -> None:
    with bindung.open(demo_full, read_only=True) as ws:
        a = budget_advice(ws)
        w = retention_whatif(ws, points=5, years=3)
        months = ws.kpis(period="month")
        costs = ws.sql(
            "select purpose, sum(amount)::double as amount from costs "
            "where period_start >= date '2025-11-01' and period_end < date '2026-11-01' "
            "group by purpose"
        ).set_index("purpose")["amount"]
    assert (a.first, a.last) == ("2025-11", "2026-10")
    assert a.retention == pytest.approx(costs["retention"])
    assert a.acquisition == pytest.approx(costs["acquisition"])
    year = months[(months["period"] >= "2025-11") & (months["period"] <= "2026-10")]
    s = float(year["customers_start"].iloc[0])
    e = float(year["customers_end"].iloc[-1])
    n = float(year["new_customers"].sum())
    r = (e - n) / s
    per = float(year["revenue"].sum()) / ((s + e) / 2)
    c, c2, extra = e, e, 0.0
    for t in range(3):
        nc, nc2 = r * c + n, (r + 0.05) * c2 + n
        assert w.years["customers"].iloc[t] == pytest.approx(nc)
        assert w.years["customers_whatif"].iloc[t] == pytest.approx(nc2)
        extra += per * ((c2 + nc2) - (c + nc)) / 2
        c, c2 = nc, nc2
    assert float(w.years["extra_profit"].sum()) == pytest.approx(extra)  # margin 1.0 in the demo
    assert w.retention == pytest.approx(100 * r)
    assert a.cost_per_new == pytest.approx(costs["acquisition"] / n)


def test_without_costs_the_section_says_so(
    workspace: Workspace, write: Callable[..., Path]
) -> None:
    from bindung.report.budget import budget_section

    section = budget_section(_shop(workspace, write, costs=False))
    texts = [f.en for f in section.findings]
    assert texts[0].startswith("No costs for keeping or winning customers between 2024-07")
    assert not any("new customer cost" in t for t in texts)
