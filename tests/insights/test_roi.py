"""Retention ROI: the example of source 000, costs prorated by hand, and on the demo the naive and
incremental counts recomputed from the comparison's own customer rows."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

import bindung
from bindung.insights.fans import compare_fans
from bindung.insights.roi import prorated_costs, roi_percent, social_roi
from bindung.insights.segments import InsightInputError
from bindung.workspace import Workspace


def test_the_example_of_source_000() -> None:
    # CLV 2,500 EUR x 200 kept customers = 500,000 EUR; cost 50,000 EUR
    # ROI = (500,000 - 50,000) / 50,000 x 100 = 900 %
    assert roi_percent(clv=2500, kept=200, cost=50_000) == pytest.approx(900.0)
    assert roi_percent(clv=100, kept=0, cost=10) == pytest.approx(-100.0)
    with pytest.raises(InsightInputError, match="cost must be positive"):
        roi_percent(clv=100, kept=1, cost=0)


def test_costs_are_prorated_by_days(workspace: Workspace, write: Callable[..., Path]) -> None:
    costs = write(
        "costs.csv",
        "period_start,period_end,channel,purpose,program,amount\n"
        # 31 days in March, 10 of them (22.-31.) in the window: 310 x 10/31 = 100
        "2025-03-01,2025-03-31,Instagram,retention,VIP,310\n"
        # wholly inside: 50
        "2025-04-01,2025-04-30,Instagram,retention,VIP,50\n"
        # acquisition is not a retention cost
        "2025-04-01,2025-04-30,Instagram,acquisition,Ads,999\n"
        # wholly outside
        "2025-06-01,2025-06-30,Social Media,retention,Community,70\n",
    )
    assert workspace.import_file("costs", costs).rejected == 0
    out = prorated_costs(workspace, date(2025, 3, 22), date(2025, 5, 1))
    assert out.to_dict("records") == [
        {"program": "VIP", "channel": "Instagram", "cost": pytest.approx(150.0)}
    ]


def test_demo_roi_counts_from_the_comparison(demo_full: Path) -> None:
    with bindung.open(demo_full, read_only=True) as ws:
        comparison = compare_fans(ws)
        result = social_roi(ws, comparison)
        margin = float(ws.settings.margin)
        raw_costs = ws.sql(
            "select program, channel, sum(amount)::double as amount from costs "
            "where purpose = 'retention' and period_start >= date '2025-11-01' "
            "and period_end < date '2026-11-01' group by all"
        )
    rows = {r.measure: r for r in result.rows}
    # the demo's costs are whole months, so the window's cost is the plain sum
    community = raw_costs[raw_costs["program"] == "Community-Management"]["amount"].sum()
    vip = raw_costs[raw_costs["program"] == "VIP-Community"]["amount"].sum()
    assert rows["Community-Management"].cost == pytest.approx(community)
    assert rows["VIP-Community"].cost == pytest.approx(vip)
    assert rows["VIP-Community"].platform == "instagram"
    total = [r for r in result.rows if r.platform is None and r.cost > community + 1]
    assert len(total) == 1 and total[0].cost == pytest.approx(community + vip)
    # naive: fans engaged before the window who bought in it (pandas on the same rows)
    c = comparison.customers
    fans = c[c["eng_k"] < comparison.window_k]
    assert total[0].fans == len(fans)
    assert total[0].kept_naive == int((fans["orders"] > 0).sum())
    insta = fans[fans["platform"] == "instagram"]
    assert rows["VIP-Community"].kept_naive == int((insta["orders"] > 0).sum())
    # the formula of source 000 on the row's own figures
    r = total[0]
    assert r.roi_naive == pytest.approx((r.clv * r.kept_naive - r.cost) / r.cost * 100)
    # incremental = fans x the history-weighted repurchase effect, interval carried through
    effect = comparison.estimate("repurchase", "history")
    assert r.kept_incremental == pytest.approx(len(fans) * effect.value / 100)
    assert r.kept_low == pytest.approx(len(fans) * effect.low / 100)
    assert r.roi_low <= r.roi_incremental <= r.roi_high
    assert r.roi_low == pytest.approx((r.clv * r.kept_low - r.cost) / r.cost * 100)
    # counting everybody kept (the way of source 000) flatters the measure
    assert r.roi_naive > r.roi_high
    # extra revenue through more frequent buying: margin x revenue x (1 - 1/ratio)
    ratio = 1 + comparison.estimate("revenue", "within").value / 100
    assert r.extra_revenue == pytest.approx(margin * fans["revenue"].sum() * (1 - 1 / ratio))
    assert result.clv_variant == "predicted"
    assert not math.isnan(r.clv) and r.clv > 0
