"""Experiments: a hand workspace (shares, revenue, Newcombe and Welch intervals written out
below), the sample-ratio check on a 70/30 split, the planner against the arcsine formula, the
demo's planted win-back uplift and a coverage simulation."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

import bindung
from bindung.insights.experiments import (
    ExperimentError,
    experiment_result,
    mean_difference,
    plan,
    sample_ratio,
    share_difference,
)
from bindung.models import workflow
from bindung.workspace import Workspace

Z975 = 1.959963984540054  # standard normal 97.5 % quantile

# Window: assignment day 2025-03-01 (local) + 30 days -> [2025-03-01, 2025-03-31).
ORDERS = """order_id,customer_id,ordered_at,revenue
o1,c1,2025-03-05 12:00:00,20.00
o2,c2,2024-12-01 12:00:00,50.00
o3,c3,2025-04-10 12:00:00,30.00
o4,t1,2025-03-02 12:00:00,10.00
o5,t1,2025-03-20 12:00:00,30.00
o6,t2,2025-03-10 12:00:00,25.00
o7,t3,2025-03-30 23:30:00,15.00
o8,t4,2025-02-28 23:00:00,99.00
o9,x1,2025-03-05 12:00:00,1000.00
"""
ASSIGNMENTS = """experiment,customer_id,variant,assigned_at
spring,c1,control,2025-03-01 10:00:00
spring,c2,control,2025-03-01 10:00:00
spring,c3,control,2025-03-01 10:00:00
spring,c4,control,2025-03-01 10:00:00
spring,t1,treatment,2025-03-01 10:00:00
spring,t2,treatment,2025-03-01 10:00:00
spring,t3,treatment,2025-03-01 11:00:00
spring,t4,treatment,2025-03-01 11:00:00
three,c1,beta,2025-03-01 10:00:00
three,t1,beta,2025-03-01 10:00:00
three,c2,alpha,2025-03-01 10:00:00
three,c3,alpha,2025-03-01 10:00:00
three,t2,gamma,2025-03-01 10:00:00
three,t4,gamma,2025-03-01 10:00:00
"""


def import_hand_experiment(ws: Workspace, write: Callable[..., Path]) -> Workspace:
    customers = write("customers.csv", "customer_id\nc4\n")
    assert ws.import_file("customers", customers).rejected == 0
    assert ws.import_file("orders", write("orders.csv", ORDERS)).rejected == 0
    assert ws.import_file("assignments", write("assignments.csv", ASSIGNMENTS)).rejected == 0
    return ws


@pytest.fixture
def hand(workspace: Workspace, write: Callable[..., Path]) -> Workspace:
    return import_hand_experiment(workspace, write)


def wilson(x: int, n: int) -> tuple[float, float]:
    p = x / n
    centre = (p + Z975**2 / (2 * n)) / (1 + Z975**2 / n)
    half = Z975 / (1 + Z975**2 / n) * math.sqrt(p * (1 - p) / n + Z975**2 / (4 * n * n))
    return centre - half, centre + half


def test_hand_workspace_variants_and_differences(hand: Workspace) -> None:
    r = experiment_result(hand, "spring", window_days=30)
    assert (str(r.window_start), str(r.window_end), r.reference) == (
        "2025-03-01",
        "2025-03-31",
        "control",
    )
    control, treatment = r.variants
    # control: c1 buys (20); c2 only before (active: 2024-12-01 is within 365 days of the end);
    # c3 only after the window; c4 never.  x1 is not assigned.
    assert (control.customers, control.buyers, control.share) == (4, 1, 25.0)
    assert control.revenue_per_customer == pytest.approx(20 / 4)
    assert control.orders_per_customer == pytest.approx(1 / 4)
    assert control.retention == pytest.approx(50.0)
    # treatment: t1 (2 orders, 40), t2 (25), t3 (15, 23:30 on the window's last day); t4's
    # order is the evening before the window (active, not a buyer)
    assert (treatment.customers, treatment.buyers, treatment.share) == (4, 3, 75.0)
    assert treatment.revenue_per_customer == pytest.approx(80 / 4)
    assert treatment.orders_per_customer == pytest.approx(4 / 4)
    assert treatment.retention == pytest.approx(100.0)
    assert treatment.clv_per_customer is None and "CLV" in r.notes[0]

    # share: Newcombe's hybrid score interval from the two Wilson intervals
    share = r.difference("treatment", "share")
    p1, p0 = 0.75, 0.25
    l1, u1 = wilson(3, 4)
    l0, u0 = wilson(1, 4)
    low = (p1 - p0) - math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2)
    high = (p1 - p0) + math.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2)
    assert share.value == pytest.approx(50.0)
    assert share.low == pytest.approx(100 * low, abs=1e-6)
    assert share.high == pytest.approx(100 * high, abs=1e-6)
    # pooled z-test: p = 4/8, se = sqrt(0.25 x (1/4 + 1/4)), z = 0.5 / se
    z = 0.5 / math.sqrt(0.25 * 0.5)
    assert share.p_value == pytest.approx(2 * stats.norm.sf(z), rel=1e-9)

    # revenue per customer: Welch with Satterthwaite's degrees of freedom
    a, b = np.array([40.0, 25.0, 15.0, 0.0]), np.array([20.0, 0.0, 0.0, 0.0])
    va, vb = a.var(ddof=1) / 4, b.var(ddof=1) / 4
    se = math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va**2 / 3 + vb**2 / 3)
    q = stats.t.ppf(0.975, df)
    revenue = r.difference("treatment", "revenue")
    assert revenue.value == pytest.approx(15.0)
    assert revenue.low == pytest.approx(15.0 - q * se)
    assert revenue.high == pytest.approx(15.0 + q * se)
    assert revenue.p_value == pytest.approx(2 * stats.t.sf(15.0 / se, df))
    assert r.difference("treatment", "retention").value == pytest.approx(50.0)
    assert not r.srm.flagged and r.srm.p_value == pytest.approx(1.0)


def test_default_window_runs_to_the_end_of_the_data(hand: Workspace) -> None:
    r = experiment_result(hand, "spring")
    # last order 2025-04-10 -> end 2025-04-11 (exclusive); c3's order now counts
    assert str(r.window_end) == "2025-04-11" and r.window_days == 41
    assert r.variants[0].buyers == 2


def test_more_than_two_variants_against_the_alphabetically_first(hand: Workspace) -> None:
    r = experiment_result(hand, "three", window_days=30)
    assert r.reference == "alpha"
    assert [v.variant for v in r.variants] == ["alpha", "beta", "gamma"]
    # alpha: c2, c3 no buyer; beta: c1, t1 both buy; gamma: t2 buys, t4 not
    assert [v.share for v in r.variants] == [0.0, 100.0, 50.0]
    assert {(d.variant, d.outcome) for d in r.differences} >= {
        ("beta", "share"),
        ("gamma", "share"),
        ("gamma", "revenue"),
    }
    assert r.difference("gamma", "share").value == pytest.approx(50.0)


def test_unknown_experiment_lists_the_known_ones(hand: Workspace) -> None:
    with pytest.raises(
        ExperimentError, match=r"'nope' not found; known experiments: spring, three"
    ):
        experiment_result(hand, "nope")


def test_sample_ratio_mismatch_flags_a_70_30_split() -> None:
    # chi2 = (700-500)^2/500 + (300-500)^2/500 = 160 with 1 degree of freedom
    srm = sample_ratio({"control": 700, "treatment": 300})
    assert srm.chi2 == pytest.approx(160.0)
    assert srm.p_value == pytest.approx(stats.chi2.sf(160.0, 1)) and srm.flagged
    # 520/480: chi2 = 2 x 20^2/500 = 1.6, p = 0.206 -> no flag
    ok = sample_ratio({"control": 520, "treatment": 480})
    assert ok.chi2 == pytest.approx(1.6) and not ok.flagged


def test_planner_against_the_arcsine_formula() -> None:
    # Cohen's h for 10 % -> 12 %; 2 asin(sqrt(p_hat)) has variance 1/n, so the difference of
    # two groups has 2/n and n per group = 2 ((z_0.975 + z_0.8) / h)^2 (about 3,835)
    h = 2 * math.asin(math.sqrt(0.12)) - 2 * math.asin(math.sqrt(0.10))
    z_power = 0.8416212335729143
    one = ((Z975 + z_power) / h) ** 2
    n = 2 * one
    p = plan(0.10, 2.0, customers_per_week=500)
    assert p.effect_size == pytest.approx(h)
    assert p.n_first == p.n_second == math.ceil(n)
    assert 3800 < p.n_first < 3900
    assert p.weeks == pytest.approx(2 * math.ceil(n) / 500)
    # ratio 2: n1 = (z + z)^2 (1 + 1/2) / h^2, n2 = 2 n1
    r2 = plan(10, 2.0, ratio=2.0)
    assert r2.n_first == math.ceil(one * 1.5)
    assert r2.n_second == math.ceil(r2.n_first * 2)
    with pytest.raises(ExperimentError, match="strictly between"):
        plan(0.99, 5.0)


def test_demo_recovers_the_planted_uplift(demo_full: Path) -> None:
    truth = json.loads((demo_full / "exports" / "ground_truth.json").read_text())
    ab = truth["effects"]["winback_ab_test"]
    with bindung.open(demo_full, read_only=True) as ws:
        fit = workflow.fit(ws, store=False)
        r = experiment_result(ws, ab["experiment"], window_days=92, clv_fit=fit)
    assert str(r.window_start) == ab["window"]["start"]
    assert str(r.window_end) == ab["window"]["end_exclusive"]
    counts = {v.variant: v.customers for v in r.variants}
    assert counts == {"control": ab["control"], "treatment": ab["treatment"]}
    share = r.difference("treatment", "share")
    assert share.low <= ab["uplift_pp"] <= share.high
    assert share.p_value < 0.001 and not r.srm.flagged
    assert r.difference("treatment", "revenue").low > 0
    assert r.difference("treatment", "clv").value > 0 and not r.notes


def test_intervals_cover_the_truth_about_95_percent() -> None:
    rng = np.random.default_rng(7)
    n, p0, p1 = 400, 0.10, 0.16
    mu0, mu1 = 20.0, 25.0  # exponential spend: skewed, as revenue is
    share_hits = mean_hits = 0
    runs = 200
    for _ in range(runs):
        x1, x0 = int(rng.binomial(n, p1)), int(rng.binomial(n, p0))
        _, low, high, _ = share_difference(x1, n, x0, n)
        share_hits += low <= 100 * (p1 - p0) <= high
        a, b = rng.exponential(mu1, n), rng.exponential(mu0, n)
        _, low, high, _ = mean_difference(a, b)
        mean_hits += low <= mu1 - mu0 <= high
    assert 0.90 <= share_hits / runs <= 0.99
    assert 0.90 <= mean_hits / runs <= 0.99
