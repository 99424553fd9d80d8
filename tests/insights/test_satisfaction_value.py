"""The value of satisfaction: a hand-made workspace whose repurchase outcomes are known exactly,
the logistic regression against a hand-written maximum-likelihood fit and delta method, the
coverage of the per-point interval in simulation, and the ROI arithmetic."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from scipy import optimize, stats  # type: ignore[import-untyped]

from bindung.insights.satisfaction_value import (
    Estimate,
    repurchase_model,
    repurchase_rates,
    revenue_per_point,
    satisfaction_roi,
    satisfaction_value,
)
from bindung.insights.segments import InsightInputError

Z95 = 1.959963984540054

# Ten customers answer the NPS survey at 2024-01-10 12:00 UTC (r01 … r10).  Orders after that
# instant and at most 365 days later (up to 2025-01-09 12:00 UTC, 2024 being a leap year)
# count as buying again.
ORDERS = """order_id,customer_id,ordered_at,revenue
o01,c01,2024-01-05T10:00:00Z,10
o02,c02,2024-01-05T10:00:00Z,10
o03,c03,2024-01-05T10:00:00Z,10
o04,c04,2024-01-05T10:00:00Z,10
o05,c05,2024-01-05T10:00:00Z,10
o06,c06,2024-01-05T10:00:00Z,10
o07,c07,2024-01-05T10:00:00Z,10
o08,c08,2024-01-05T10:00:00Z,10
o09,c09,2024-01-05T10:00:00Z,10
o10,c10,2024-01-05T10:00:00Z,10
a1,c01,2024-03-01T10:00:00Z,50
a2,c01,2024-06-01T10:00:00Z,30
a3,c02,2024-12-01T10:00:00Z,100
a4,c04,2025-01-09T12:00:00Z,40
a5,c05,2024-02-01T10:00:00Z,60
a6,c09,2024-05-01T10:00:00Z,20
x1,c07,2024-01-10T12:00:00Z,15
x2,c10,2025-01-09T12:01:00Z,25
x3,c03,2025-02-15T10:00:00Z,70
"""
# a4 lies exactly 365 days after the response (counts); x1 at the very instant of the response,
# x2 one minute after the horizon and x3 later still do not count.  x3 is the last order, so
# the data end at 2025-02-15 10:00 UTC.
RESPONSES = """response_id,customer_id,responded_at,survey,score,channel
r01,c01,2024-01-10T12:00:00Z,nps,10,E-Mail
r02,c02,2024-01-10T12:00:00Z,nps,9,E-Mail
r03,c03,2024-01-10T12:00:00Z,nps,9,E-Mail
r04,c04,2024-01-10T12:00:00Z,nps,10,E-Mail
r05,c05,2024-01-10T12:00:00Z,nps,8,E-Mail
r06,c06,2024-01-10T12:00:00Z,nps,7,E-Mail
r07,c07,2024-01-10T12:00:00Z,nps,6,E-Mail
r08,c08,2024-01-10T12:00:00Z,nps,3,E-Mail
r09,c09,2024-01-10T12:00:00Z,nps,5,E-Mail
r10,c10,2024-01-10T12:00:00Z,nps,0,E-Mail
r11,c06,2024-12-20T10:00:00Z,nps,9,E-Mail
r12,,2024-03-01T10:00:00Z,nps,10,E-Mail
k01,c01,2024-01-11T12:00:00Z,csat,5,E-Mail
"""
# r11 has only 57 days of data after it (too recent), r12 is anonymous.
SCORES = [10, 9, 9, 10, 8, 7, 6, 3, 5, 0]
BOUGHT = [1, 1, 0, 1, 1, 0, 0, 0, 1, 0]
REVENUE = [80.0, 100.0, 40.0, 60.0, 20.0]  # c01 50 + 30, c02, c04, c05, c09


@pytest.fixture
def value_ws(workspace: Any, write: Any) -> Any:
    assert workspace.import_file("orders", write("orders.csv", ORDERS)).rejected == 0
    result = workspace.import_file("survey_responses", write("survey.csv", RESPONSES))
    assert result.rejected == 0
    return workspace


def _wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return 100 * (centre - half), 100 * (centre + half)


def _logit_by_hand(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.float64],
    groups: npt.NDArray[np.int64] | None = None,
) -> tuple[float, float, float, float]:
    """Maximum likelihood by scipy.optimize, the average marginal effect and its delta-method
    standard error (observed information, or the CRV1 sandwich with statsmodels' small-sample
    factor G/(G−1)·(N−1)/(N−K) when ``groups`` is given)."""

    def nll(theta: npt.NDArray[np.float64]) -> float:
        eta = theta[0] + theta[1] * x
        return float(np.sum(np.logaddexp(0.0, eta) - y * eta))

    a, b = optimize.minimize(nll, np.zeros(2), method="BFGS", options={"gtol": 1e-10}).x
    p = 1 / (1 + np.exp(-(a + b * x)))
    w = p * (1 - p)
    design = np.column_stack([np.ones_like(x), x])
    bread = np.linalg.inv(design.T @ (design * w[:, None]))
    if groups is None:
        cov = bread
    else:
        score = design * (y - p)[:, None]
        sums = np.array([score[groups == g].sum(axis=0) for g in np.unique(groups)])
        n_groups, n = sums.shape[0], x.size
        factor = n_groups / (n_groups - 1) * (n - 1) / (n - 2)
        cov = bread @ (sums.T @ sums) @ bread * factor
    ame = float(np.mean(b * w))
    grad = np.array([np.mean(b * w * (1 - 2 * p)), np.mean(w + b * x * w * (1 - 2 * p))])
    return float(a), float(b), ame, float(math.sqrt(grad @ cov @ grad))


# -- the hand-made workspace


def test_outcomes_by_hand(value_ws: Any) -> None:
    v = satisfaction_value(value_ws)
    o = v.outcomes
    assert (o.responses, o.anonymous, o.too_recent, len(o.frame)) == (12, 1, 1, 10)
    assert o.data_end == datetime(2025, 2, 15, 10, 0)
    frame = o.frame.set_index("response_id")
    assert frame["bought_again"].tolist() == BOUGHT
    revenue = frame["revenue"].tolist()
    assert revenue == pytest.approx([80.0, 100.0, 0.0, 40.0, 60.0, 0.0, 0.0, 0.0, 20.0, 0.0])


def test_rates_by_hand(value_ws: Any) -> None:
    v = satisfaction_value(value_ws)
    by_class = v.by_class.set_index("class")
    # promoters 10, 9, 9, 10: 3 of 4; passives 8, 7: 1 of 2; detractors 6, 3, 5, 0: 1 of 4
    assert by_class["n"].tolist() == [4, 2, 4]
    assert by_class["repurchased"].tolist() == [3, 1, 1]
    assert by_class["rate_pct"].tolist() == pytest.approx([75.0, 50.0, 25.0])
    assert by_class.loc["promoters", "low_pct"] == pytest.approx(_wilson(3, 4)[0])
    assert by_class.loc["detractors", "high_pct"] == pytest.approx(_wilson(1, 4)[1])
    by_score = v.by_score.set_index("score")
    assert by_score["n"].tolist() == [1, 0, 0, 1, 0, 1, 1, 1, 1, 2, 2]
    assert by_score.loc[9, "rate_pct"] == pytest.approx(50.0)
    assert by_score.loc[10, "rate_pct"] == pytest.approx(100.0)
    assert math.isnan(by_score.loc[4, "rate_pct"])  # nobody scored 4


def test_model_and_money_by_hand(value_ws: Any) -> None:
    v = satisfaction_value(value_ws)
    a, b, ame, se = _logit_by_hand(np.array(SCORES, float), np.array(BOUGHT, float))
    m = v.model
    assert m.clustered is False and (m.n, m.customers) == (10, 10)
    assert (m.intercept, m.slope) == (pytest.approx(a, rel=1e-4), pytest.approx(b, rel=1e-4))
    assert m.marginal.value == pytest.approx(100 * ame, rel=1e-4)
    assert m.se == pytest.approx(100 * se, rel=1e-3)
    assert m.marginal.low == pytest.approx(100 * (ame - Z95 * se), rel=1e-3)
    # revenue per repurchasing customer: 80, 100, 40, 60, 20 -> mean 60, s = sqrt(1000)
    half = stats.t.ppf(0.975, 4) * math.sqrt(1000) / math.sqrt(5)
    r = v.revenue_per_repurchaser
    assert (r.value, r.low, r.high) == pytest.approx((60.0, 60 - half, 60 + half))
    assert v.repurchasers == 5
    # customers surveyed in the 365 days up to the data end: only c06 (r11); r12 is anonymous
    assert v.customers_per_year == 1.0
    # revenue per point = (pp per point / 100) × customers per year × revenue per repurchaser
    assert v.revenue_per_point.value == pytest.approx(m.marginal.value / 100 * 1 * 60)
    assert v.revenue_per_point.high == pytest.approx(m.marginal.high / 100 * 60)
    v2 = satisfaction_value(value_ws, customers_per_year=1000)
    assert v2.revenue_per_point.value == pytest.approx(m.marginal.value / 100 * 1000 * 60)


def test_horizon_and_as_of(value_ws: Any) -> None:
    # 90 days: only c01 (2024-03-01), c05 (2024-02-01) bought again; 2024-06-01 is day 143
    v = satisfaction_value(value_ws, horizon_days=90)
    assert v.outcomes.frame["bought_again"].tolist() == [1, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    assert v.outcomes.frame["revenue"].iloc[0] == pytest.approx(50.0)
    assert v.outcomes.too_recent == 1  # r11: 57 days of data
    # as_of before the horizon has passed: every known response is too recent
    v = satisfaction_value(value_ws, as_of=datetime(2024, 6, 1))
    assert (len(v.outcomes.frame), v.outcomes.too_recent) == (0, 11)
    assert math.isnan(v.marginal.value) and v.model.note == "all_same_outcome"
    assert math.isnan(v.revenue_per_point.value)
    with pytest.raises(InsightInputError):
        satisfaction_value(value_ws, horizon_days=0)


def test_empty_workspace(workspace: Any) -> None:
    v = satisfaction_value(workspace)
    assert v.outcomes.responses == 0 and v.outcomes.data_end is None
    assert math.isnan(v.marginal.value) and v.by_class["n"].tolist() == [0, 0, 0]


# -- the model


def test_model_undefined_cases() -> None:
    assert repurchase_model([9, 10, 3, 2], [1, 1, 0, 0]).note == "separation"
    assert repurchase_model([9, 8, 8, 2], [1, 1, 0, 0]).note == "separation"  # quasi-complete
    assert repurchase_model([9, 3], [1, 1]).note == "all_same_outcome"
    assert repurchase_model([7, 7, 7], [1, 0, 1]).note == "one_score"
    assert math.isnan(repurchase_model([], []).marginal.value)
    with pytest.raises(InsightInputError):
        repurchase_model([11], [1])
    with pytest.raises(InsightInputError):
        repurchase_model([5], [2])
    with pytest.raises(InsightInputError):
        repurchase_model([5, 6], [1])


def test_model_cluster_robust_by_customer() -> None:
    """Customers answering twice: the interval uses the CRV1 sandwich by customer."""
    x = np.array(SCORES * 2, float)
    y = np.array([*BOUGHT, 1, 0, 1, 1, 0, 1, 0, 1, 0, 0], float)
    customers = [f"c{i}" for i in range(10)] * 2
    groups = np.array(list(range(10)) * 2)
    m = repurchase_model(x, y, customers)
    assert m.clustered is True and m.customers == 10
    _, _, ame, se = _logit_by_hand(x, y, groups)
    assert m.marginal.value == pytest.approx(100 * ame, rel=1e-4)
    assert m.se == pytest.approx(100 * se, rel=1e-3)
    _, _, _, se_plain = _logit_by_hand(x, y)
    assert abs(se - se_plain) > 1e-4  # the clustered interval is not the plain one


def test_repurchase_rates_match_wilson() -> None:
    by_score, by_class = repurchase_rates([10, 10, 10, 2], [1, 1, 0, 0])
    assert by_score.loc[10, "rate_pct"] == pytest.approx(200 / 3)
    low, high = _wilson(2, 3)
    assert (by_score.loc[10, "low_pct"], by_score.loc[10, "high_pct"]) == (
        pytest.approx(low),
        pytest.approx(high),
    )
    assert by_class["n"].tolist() == [3, 0, 1]


def test_marginal_effect_interval_coverage() -> None:
    """Bought-again drawn from a known logistic model in the score: the 95 % interval of the
    average marginal effect covers the true one (at the fixed scores) in about 95 % of 200
    samples."""
    rng = np.random.default_rng(20260202)
    probs = np.array([0.03, 0.02, 0.02, 0.03, 0.04, 0.06, 0.08, 0.12, 0.18, 0.20, 0.22])
    x = rng.choice(11, size=400, p=probs).astype(float)
    a, b = -1.5, 0.3
    p = 1 / (1 + np.exp(-(a + b * x)))
    true_pp = 100 * float(np.mean(b * p * (1 - p)))
    covered = 0
    for _ in range(200):
        y = (rng.random(x.size) < p).astype(float)
        m = repurchase_model(x, y)
        covered += m.marginal.low <= true_pp <= m.marginal.high
    assert 0.90 <= covered / 200 <= 0.99, covered


# -- money


def test_revenue_per_point_formula() -> None:
    r = revenue_per_point(Estimate(2.0, 1.0, 3.0), 5000, 80.0)
    # (2 / 100) × 5000 × 80 = 8000; endpoints 4000 and 12000
    assert (r.value, r.low, r.high) == pytest.approx((8000.0, 4000.0, 12000.0))
    r = revenue_per_point(Estimate(-1.0, -2.0, 0.5), 100, 50.0)
    assert (r.value, r.low, r.high) == pytest.approx((-50.0, -100.0, 25.0))


def test_satisfaction_roi_by_hand() -> None:
    # ((1000 × 2 × 0.5) − 500) / 500 × 100 = 100 %; endpoints 400 → −20 %, 1600 → 220 %
    r = satisfaction_roi(Estimate(1000.0, 400.0, 1600.0), points=2, cost=500, margin=0.5)
    assert (r.value, r.low, r.high) == pytest.approx((100.0, -20.0, 220.0))
    # a fall in score: decreasing in revenue per point, the endpoints swap
    r = satisfaction_roi(Estimate(1000.0, 400.0, 1600.0), points=-1, cost=500, margin=0.5)
    assert (r.value, r.low, r.high) == pytest.approx((-200.0, -260.0, -140.0))
    plain = satisfaction_roi(300.0, points=1, cost=100, margin=1.0)
    assert plain.value == pytest.approx(200.0) and math.isnan(plain.low)
    for bad in ({"cost": 0, "margin": 0.5}, {"cost": 10, "margin": 0}, {"cost": 10, "margin": 2}):
        with pytest.raises(InsightInputError):
            satisfaction_roi(100.0, points=1, **bad)


# -- the same method on CSAT (1-5): k01 (c01, in RESPONSES) and k02 … k06 below
CSAT = """response_id,customer_id,responded_at,survey,score,channel
k02,c02,2024-01-10T12:00:00Z,csat,4,E-Mail
k03,c03,2024-01-10T12:00:00Z,csat,4,E-Mail
k04,c04,2024-01-10T12:00:00Z,csat,5,E-Mail
k05,c05,2024-01-10T12:00:00Z,csat,3,E-Mail
k06,c06,2024-01-10T12:00:00Z,csat,2,E-Mail
"""


def test_csat_by_hand(value_ws: Any, write: Any) -> None:
    assert value_ws.import_file("survey_responses", write("csat.csv", CSAT)).rejected == 0
    v = satisfaction_value(value_ws, survey="csat")
    frame = v.outcomes.frame.set_index("response_id")
    # c01 and c02 bought within 365 days, c03 only later (x3), c04 on the 365th day, c05 yes
    assert frame["bought_again"].tolist() == [1, 1, 0, 1, 1, 0]
    assert frame["revenue"].tolist() == pytest.approx([80.0, 100.0, 0.0, 40.0, 60.0, 0.0])
    by_score = v.by_score.set_index("score")
    assert by_score.index.tolist() == [1, 2, 3, 4, 5]
    assert by_score["n"].tolist() == [0, 1, 1, 2, 2]
    assert by_score["repurchased"].tolist() == [0, 0, 1, 1, 2]
    assert v.by_class.empty  # promoters and detractors belong to the NPS
    x = np.array([5, 4, 4, 5, 3, 2], dtype=float)
    y = np.array([1, 1, 0, 1, 1, 0], dtype=float)
    _, b, ame, se = _logit_by_hand(x, y)
    assert v.model.slope == pytest.approx(b, rel=1e-4)
    assert v.marginal.value == pytest.approx(100 * ame, rel=1e-4)
    assert v.marginal.high - v.marginal.value == pytest.approx(100 * Z95 * se, rel=1e-3)
    # customers surveyed in the 365 days up to the data end (2025-02-15): none
    assert v.customers_per_year == 0


def test_scores_outside_the_survey_scale_are_refused() -> None:
    with pytest.raises(InsightInputError, match="CSAT scores must be whole numbers 1–5"):
        repurchase_rates([6, 5], [1, 0], survey="csat")
    with pytest.raises(InsightInputError, match="survey 'ces'"):
        repurchase_rates([1, 2], [1, 0], survey="ces")
