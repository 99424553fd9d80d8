"""Campaign effects by hand: against a holdout group (Newcombe and Welch, as the experiments
compute them) and against matched non-recipients (the stratified difference written out)."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from bindung.insights.campaigns import (
    HOLDOUT,
    MATCHED,
    CampaignError,
    buyers_of,
    campaign_effects,
)
from bindung.insights.experiments import mean_difference, share_difference
from bindung.workspace import Workspace

# Sent 2025-03-01 09:00 local = 08:00 UTC; window [03-01 08:00, 03-31 08:00) UTC.
HOLDOUT_ORDERS = """order_id,customer_id,ordered_at,revenue
p1,a1,2024-12-01 12:00:00,5.00
p2,a2,2024-12-01 12:00:00,5.00
p3,a3,2024-12-01 12:00:00,5.00
p4,a4,2024-12-01 12:00:00,5.00
p5,h1,2024-12-01 12:00:00,5.00
p6,h2,2024-12-01 12:00:00,5.00
o1,a1,2025-03-02 12:00:00,20.00
o2,a2,2025-03-10 12:00:00,30.00
o3,a3,2025-03-31 09:30:00,10.00
o4,a1,2025-03-20 12:00:00,20.00
o5,h1,2025-03-05 12:00:00,10.00
o6,a4,2025-03-01 08:30:00,99.00
"""
CAMPAIGNS = """campaign_id,name,sent_at,cost
NL-03,Newsletter März,2025-03-01 09:00:00,50.00
NL-06,Newsletter Juni,2025-06-01 10:00:00,
"""
HOLDOUT_RECIPIENTS = """campaign_id,customer_id,holdout,opened_at
NL-03,a1,false,2025-03-01 10:00:00
NL-03,a2,false,
NL-03,a3,false,2025-03-02 10:00:00
NL-03,a4,false,
NL-03,h1,true,
NL-03,h2,true,
"""
# Sent 2025-06-01 10:00 local.  Stratum A (1 order in the year, 31-91 days ago, first 31-91
# days ago): r1, r2 against n1, n2, n3.  Stratum B (2 orders, last 0-30 days ago, first
# 183-364 days ago): r3 against n4, n5.  r4 (no order before) and r5 (a stratum of its own)
# are unmatched; n6 buys only later and is no control.
MATCHED_ORDERS = """order_id,customer_id,ordered_at,revenue
b1,r1,2025-04-15 12:00:00,10.00
b2,r2,2025-04-20 12:00:00,10.00
b3,n1,2025-04-10 12:00:00,10.00
b4,n2,2025-04-25 12:00:00,10.00
b5,n3,2025-04-12 12:00:00,10.00
b6,r3,2024-10-01 12:00:00,10.00
b7,r3,2025-05-20 12:00:00,10.00
b8,n4,2024-11-01 12:00:00,10.00
b9,n4,2025-05-15 12:00:00,10.00
b10,n5,2024-11-15 12:00:00,10.00
b11,n5,2025-05-25 12:00:00,10.00
b12,r5,2020-01-01 12:00:00,10.00
w1,r1,2025-06-10 12:00:00,40.00
w2,n1,2025-06-15 12:00:00,10.00
w3,r3,2025-06-05 12:00:00,50.00
w4,n4,2025-06-20 12:00:00,30.00
w5,r4,2025-06-03 12:00:00,70.00
w6,n6,2025-08-01 12:00:00,10.00
"""
MATCHED_RECIPIENTS = """campaign_id,customer_id
NL-06,r1
NL-06,r2
NL-06,r3
NL-06,r4
NL-06,r5
"""


def _load(ws: Workspace, write: Callable[..., Path], orders: str, recipients: str) -> None:
    assert ws.import_file("orders", write("orders.csv", orders)).rejected == 0
    assert ws.import_file("campaigns", write("campaigns.csv", CAMPAIGNS)).rejected == 0
    result = ws.import_file("campaign_recipients", write("recipients.csv", recipients))
    assert result.rejected == 0, result.rejects


def test_against_the_holdout_group(workspace: Workspace, write: Callable[..., Path]) -> None:
    _load(workspace, write, HOLDOUT_ORDERS, HOLDOUT_RECIPIENTS)
    (e,) = campaign_effects(workspace)
    assert (e.campaign_id, e.name, e.basis) == ("NL-03", "Newsletter März", HOLDOUT)
    assert (e.recipients, e.comparison, e.unmatched, e.opened, e.clicked) == (4, 2, 0, 2, 0)
    # a3's order at 09:30 local on 03-31 is 07:30 UTC: inside; a4's at 08:30 local is
    # 07:30 UTC on 03-01: before the sending, outside.
    assert e.share_recipients == pytest.approx(75.0)
    assert e.share_comparison == pytest.approx(50.0)
    assert (e.share_pp, e.share_low, e.share_high, e.share_p) == pytest.approx(
        share_difference(3, 4, 1, 2)
    )
    assert e.share_pp == pytest.approx(25.0)
    revenue = mean_difference([40.0, 30.0, 10.0, 0.0], [10.0, 0.0])
    assert (e.revenue_diff, e.revenue_low, e.revenue_high, e.revenue_p) == pytest.approx(revenue)
    assert e.revenue_recipients == pytest.approx(20.0)
    assert e.cost == pytest.approx(50.0)
    assert e.incremental_buyers == pytest.approx(1.0)
    assert e.complete  # the data end a day after the last order (03-31 07:30 UTC)
    assert sorted(buyers_of(workspace, e)) == ["a1", "a2", "a3"]


def test_against_matched_non_recipients(workspace: Workspace, write: Callable[..., Path]) -> None:
    _load(workspace, write, MATCHED_ORDERS, MATCHED_RECIPIENTS)
    (e,) = campaign_effects(workspace, only="NL-06")
    assert e.basis == MATCHED
    assert (e.recipients, e.comparison, e.unmatched) == (3, 5, 2)
    w = np.array([2 / 3, 1 / 3])
    n, m = np.array([2.0, 1.0]), np.array([3.0, 2.0])
    z = stats.norm.ppf(0.975)
    for got, t_a, c_a, t_b, c_b in (
        ((e.share_pp, e.share_low, e.share_high), [100, 0], [100, 0, 0], [100], [100, 0]),
        ((e.revenue_diff, e.revenue_low, e.revenue_high), [40, 0], [10, 0, 0], [50], [30, 0]),
    ):
        mt = np.array([np.mean(t_a), np.mean(t_b)])
        mc = np.array([np.mean(c_a), np.mean(c_b)])
        vt = np.array([np.var(t_a, ddof=1), 0.0])  # a group of one: no variance
        vc = np.array([np.var(c_a, ddof=1), np.var(c_b, ddof=1)])
        d = float(np.sum(w * (mt - mc)))
        se = math.sqrt(float(np.sum(w**2 * (vt / n + vc / m))))
        assert got == pytest.approx((d, d - z * se, d + z * se))
    assert e.share_pp == pytest.approx(2 / 3 * (50 - 100 / 3) + 1 / 3 * 50)
    assert e.share_recipients == pytest.approx(2 / 3 * 50 + 1 / 3 * 100)


def test_no_campaigns_and_unknown_campaign(
    workspace: Workspace, write: Callable[..., Path]
) -> None:
    with pytest.raises(CampaignError, match="import campaigns"):
        campaign_effects(workspace)
    _load(workspace, write, MATCHED_ORDERS, MATCHED_RECIPIENTS)
    with pytest.raises(CampaignError, match="known campaigns: NL-03, NL-06"):
        campaign_effects(workspace, only="NL-99")
    with pytest.raises(CampaignError, match="window_days"):
        campaign_effects(workspace, window_days=0)


def test_the_campaigns_answer_and_command(workspace: Workspace, write: Callable[..., Path]) -> None:
    from typer.testing import CliRunner

    from bindung.cli import app

    _load(workspace, write, HOLDOUT_ORDERS, HOLDOUT_RECIPIENTS)
    folder = workspace.folder
    workspace.close()
    runner = CliRunner()
    result = runner.invoke(app, ["campaigns", "-w", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{") :])
    (row,) = data["tables"]["campaigns"]["rows"]
    assert row["campaign_id"] == "NL-03" and row["basis"] == HOLDOUT
    assert row["share_pp"] == pytest.approx(25.0)
    assert row["opened"] == pytest.approx(50.0)
    result = runner.invoke(app, ["campaigns", "-w", str(folder), "--lang", "de"])
    assert result.exit_code == 0, result.output
    assert "E-Mail-Kampagnen" in result.output or "E-mail campaigns" in result.output
    assert "Newsletter März" in result.output


@pytest.mark.slow
def test_demo_the_interval_covers_the_planted_newsletter_uplift(tmp_path: Path) -> None:
    """The demo's newsletter (six sendings, 10 % held out at random): every campaign of the
    answer is compared with its holdout, and its 95 % interval covers the planted uplift of
    ``ground_truth.json`` (the difference of both potential outcomes over the audience)."""
    from bindung import demo
    from bindung.report.campaigns import campaigns_section

    ws, results = demo.build(tmp_path / "demo")
    try:
        assert all(r.rejected == 0 for r in results if r.kind.startswith("campaign"))
        truth = json.loads((tmp_path / "demo" / "exports" / demo.GROUND_TRUTH).read_text())
        planted = truth["effects"]["newsletter_campaigns"]["campaigns"]
        rows = campaigns_section(ws).table("campaigns").frame.set_index("campaign_id")
        assert sorted(rows.index) == sorted(planted)
        for campaign, row in rows.iterrows():
            p = planted[campaign]
            assert row["basis"] == HOLDOUT
            assert (row["recipients"], row["comparison"]) == (p["recipients"], p["holdout"])
            assert row["share_low"] <= p["uplift_pp"] <= row["share_high"], (campaign, row)
            assert row["complete"]
    finally:
        ws.close()
