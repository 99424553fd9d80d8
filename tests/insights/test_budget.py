"""Budget advice and the retention what-if: by hand on a small shop, and on the demo against
the KPI table, the costs rows and the purchase model's closed forms."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import bindung
from bindung.insights.budget import budget_advice, retention_whatif, spend_by_purpose
from bindung.models import workflow
from bindung.models.summary import DAYS_PER_UNIT
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
        fit = workflow.current(ws)
        values = workflow.customer_values(ws, fit, as_of=workflow.last_order_day(ws))
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
    n = float(year["new_customers"].sum())
    assert w.new_per_year == n
    assert w.new_spend == pytest.approx(float(year["revenue"].sum()) / float(year["orders"].sum()))
    assert w.revenue_last_year == pytest.approx(float(year["revenue"].sum()))
    # the scenario raises the model's yearly retention by exactly 5 points
    assert w.retention_whatif - w.retention == pytest.approx(5.0, abs=1e-6)
    assert (w.years["customers_whatif"] > w.years["customers"]).all()
    assert (w.years["extra_profit"] > 0).all()
    # oracle: the first year's revenue as fitted, from the models' closed forms (no draws):
    # today's customers Σ P·E[X(1 year)]·spend (FHL 2005a eq. 10 includes P(alive)), plus the
    # monthly cohorts of new customers, each 1 first order + E[repeat purchases] (eq. 9)
    unit_year = 365.25 / DAYS_PER_UNIT[fit.unit]
    month = unit_year / 12
    f, r, t = (values[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    existing = float(
        (fit.purchases.expected_purchases(f, r, t, t=unit_year) * values["expected_spend"]).sum()
    )
    new = sum(
        (n / 12)
        * (1 + float(fit.purchases.expected_purchases_new_customer(unit_year - j * month)[0]))
        for j in range(12)
    )
    expected = existing + w.new_spend * new
    assert float(w.years["revenue"].iloc[0]) == pytest.approx(expected, rel=0.01)
    assert float(w.years["profit"].iloc[0]) == pytest.approx(expected, rel=0.01)  # margin 1.0
    assert a.cost_per_new == pytest.approx(costs["acquisition"] / n)


def test_without_costs_the_section_says_so(
    workspace: Workspace, write: Callable[..., Path]
) -> None:
    from bindung.report.budget import budget_section

    section = budget_section(_shop(workspace, write, costs=False))
    texts = [f.en for f in section.findings]
    assert texts[0].startswith("No costs for keeping or winning customers between 2024-07")
    assert not any("new customer cost" in t for t in texts)
