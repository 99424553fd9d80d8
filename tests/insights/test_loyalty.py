"""Loyalty programme figures by hand, and referred customers' CLV on the demo against pandas on
the model's own customer values."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

import bindung
from bindung.insights.loyalty import programme_summary, referral_value, referred_customers
from bindung.models import workflow
from bindung.workspace import Workspace

ORDERS = """order_id,customer_id,ordered_at,revenue
o1,A,2025-01-05 10:00,10
o2,B,2025-01-06 10:00,10
o3,C,2025-01-07 10:00,10
"""
EVENTS = """event_id,customer_id,at,program,kind,points,referred_customer_id
e1,A,2025-01-10 10:00,Club,enroll,100,
e2,A,2025-02-10 10:00,Club,earn,300,
e3,A,2025-03-10 10:00,Club,redeem,-200,
e4,B,2024-01-10 10:00,Club,enroll,100,
e5,A,2025-03-11 10:00,Club,tier,,
e6,A,2025-03-12 10:00,Club,referral,50,C
"""


def test_programme_figures_by_hand(workspace: Workspace, write: Callable[..., Path]) -> None:
    workspace.import_file("orders", write("o.csv", ORDERS))
    result = workspace.import_file("loyalty_events", write("l.csv", EVENTS))
    assert result.rejected == 0, result
    row = programme_summary(workspace).iloc[0].to_dict()
    # members A, B; the 12 months up to 2025-03-12: A enrolled in them, B (2024-01) not;
    # active (earn/redeem in them): A.  Earned 100 + 300 + 100 + 50 = 550, redeemed 200,
    # breakage 1 - 200/550 = 63.6 %
    assert (row["members"], row["new_members_12m"], row["active_members_12m"]) == (2, 1, 1)
    assert (row["points_earned"], row["points_redeemed"]) == (550.0, 200.0)
    assert row["breakage"] == pytest.approx(100 * (1 - 200 / 550))
    assert (row["tier_changes"], row["referrals"]) == (1, 1)
    assert referred_customers(workspace) == {"C"}


# two programmes and events without one (programme ""), in the order they were imported
PROGRAMMES = """event_id,customer_id,at,program,kind,points,referred_customer_id
p1,A,2025-01-10 10:00,Club,enroll,100,
p2,B,2025-01-11 10:00,Club,earn,40,
p3,B,2025-02-11 10:00,Club,redeem,-30,
p4,A,2025-02-12 10:00,Club,earn,,
p5,C,2025-02-13 10:00,Kids,enroll,10,
p6,C,2025-02-14 10:00,Kids,enroll,10,
p7,A,2025-02-15 10:00,,earn,5,
p8,C,2023-12-01 10:00,Kids,redeem,-10,
"""


def test_programme_figures_per_programme(workspace: Workspace, write: Callable[..., Path]) -> None:
    workspace.import_file("orders", write("o.csv", ORDERS))
    result = workspace.import_file("loyalty_events", write("l.csv", PROGRAMMES))
    assert result.rejected == 0, result
    table = programme_summary(workspace).set_index("program")
    # sorted by programme ("" first); "" has no member, so breakage over 5 earned points
    assert list(table.index) == ["", "Club", "Kids"]
    # Club: member A (B only earns and redeems: active, but no member); earned 100 + 40 + 0
    # (p4 without points), redeemed 30; Kids: C twice -> one member, earned 20; the redeem in
    # 2023 lies before the 12 months up to 2025-02-15
    assert table.loc["Club", ["members", "new_members_12m", "active_members_12m"]].tolist() == [
        1,
        1,
        1,
    ]
    assert table.loc["Club", ["points_earned", "points_redeemed"]].tolist() == [140.0, 30.0]
    assert table.loc["Kids", ["members", "active_members_12m", "points_redeemed"]].tolist() == [
        1,
        0,
        10.0,
    ]
    assert table.loc["", ["members", "points_earned"]].tolist() == [0, 5.0]
    assert table.loc["", "breakage"] == pytest.approx(100.0)
    assert table.loc["Club", "breakage"] == pytest.approx(100 * (1 - 30 / 140))


def test_demo_referred_customers_clv_against_pandas(demo_full: Path) -> None:
    truth = json.loads((demo_full / "exports" / "ground_truth.json").read_text())
    with bindung.open(demo_full, read_only=True) as ws:
        r = referral_value(ws)
        values = workflow.customer_values(
            ws, workflow.current(ws), as_of=workflow.last_order_day(ws)
        )
        channel = ws.sql(
            "select customer_id from customers where acquisition_channel = 'Empfehlung'"
        )
        named = ws.sql(
            "select distinct referred_customer_id as c from loyalty_events "
            "where referred_customer_id is not null"
        )
    referred = set(channel["customer_id"]) | set(named["c"])
    is_ref = values["customer_id"].isin(referred)
    a, b = values.loc[is_ref, "clv"].to_numpy(), values.loc[~is_ref, "clv"].to_numpy()
    assert (r.referred, r.others) == (len(a), len(b))
    assert r.ratio == pytest.approx(a.mean() / b.mean())
    assert r.p_value == pytest.approx(stats.ttest_ind(a, b, equal_var=False).pvalue)
    # the generator makes referred customers buy 1.25x as often (plus their channel's mix):
    # their CLV is clearly higher, and the interval is around the point estimate
    assert truth["effects"]["referred_customers"]["value"] == 1.25
    assert r.low > 1.0 and r.low < r.ratio < r.high
    assert np.isfinite(r.clv_referred)
