"""Fans against everybody else: hand-computed raw figures, engagement linking, and on the demo
the adjusted estimates recover the generator's planted effect while the raw ones do not."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import bindung
from bindung.insights.fans import FanComparisonError, compare_fans, engagement
from bindung.workspace import Workspace

ORDERS = """order_id,customer_id,ordered_at,revenue
a1,A,2024-01-10 10:00,10
a2,A,2025-02-05 10:00,10
a3,A,2025-03-05 10:00,10
b1,B,2024-02-10 10:00,10
c1,C,2024-03-10 10:00,10
c2,C,2025-05-05 10:00,30
d1,D,2024-04-01 10:00,10
f1,F,2024-05-01 10:00,10
e1,E,2025-06-01 10:00,10
e2,E,2025-12-31 10:00,10
"""
POSTS = """post_id,platform,published_at
p1,instagram,2024-01-20 09:00
p2,facebook,2024-01-25 09:00
"""
# A interacts directly (customer_id) on Instagram and mentions from a linked Facebook handle
# earlier; B interacts from two Instagram handles; "x" is not a customer.
INTERACTIONS = """interaction_id,post_id,actor,customer_id,kind,at
i1,p1,a_insta,A,like,2024-03-01 12:00
i2,p1,b_one,,comment,2024-03-02 12:00
i3,p1,b_two,,like,2024-04-02 12:00
i4,p2,x,,like,2024-02-02 12:00
"""
MENTIONS = """mention_id,platform,at,author
m1,facebook,2024-02-01 12:00,a_fb
"""
IDENTITIES = """platform,handle,customer_id
facebook,a_fb,A
instagram,b_one,B
instagram,b_two,B
"""


@pytest.fixture
def small(workspace: Workspace, write: Callable[..., Path]) -> Workspace:
    for kind, text in (
        ("orders", ORDERS),
        ("social_posts", POSTS),
        ("identities", IDENTITIES),
        ("social_interactions", INTERACTIONS),
        ("social_mentions", MENTIONS),
    ):
        result = workspace.import_file(kind, write(f"{kind}.csv", text))
        assert result.rejected == 0, (kind, result)
    return workspace


def test_engagement_links_handles_and_takes_the_first_event(small: Workspace) -> None:
    eng = engagement(small).set_index("customer_id")
    assert sorted(eng.index) == ["A", "B"]
    # A: the Facebook mention (1 Feb, 11:00 UTC) comes before the Instagram like (1 Mar)
    assert str(eng.loc["A", "first_at"]) == "2024-02-01 11:00:00"
    assert eng.loc["A", "platform"] == "facebook"
    assert (eng.loc["A", "interactions"], eng.loc["A", "mentions"]) == (1, 1)
    # B: two handles, one customer; the platform comes from the post
    assert (eng.loc["B", "interactions"], eng.loc["B", "platform"]) == (2, "instagram")


def test_raw_comparison_by_hand(small: Workspace) -> None:
    # Complete months Jan 2024 .. Dec 2025 (24); window = the last 12 (2025-01 .. 2025-12).
    # Cohort (first order before 2025): A, B (fans); C, D, F (others); E is new in 2025.
    # Repurchase: fans 1/2 = 50 %, others 1/3 = 33.3 %, difference 16.7 points.
    # Orders per customer in the window: fans 2/2 = 1, others 1/3 -> ratio 3 (+200 %).
    # Revenue: fans 20/2 = 10, others 30/3 = 10 -> +0 %.
    r = compare_fans(small, methods=("raw",))
    assert (r.window_start, r.window_end, r.cohort) == ("2025-01", "2025-12", 5)
    rep = r.estimate("repurchase", "raw")
    assert (rep.fans, rep.others) == (2, 3)
    assert rep.value == pytest.approx(100 * (1 / 2 - 1 / 3))
    assert rep.low < rep.value < rep.high
    assert r.estimate("orders", "raw").value == pytest.approx(200.0)
    assert r.estimate("orders", "raw").fans_value == pytest.approx(1.0)
    assert r.estimate("revenue", "raw").value == pytest.approx(0.0, abs=1e-9)


def test_too_little_data_is_a_clear_error(small: Workspace) -> None:
    with pytest.raises(FanComparisonError, match="complete months"):
        compare_fans(small, horizon=30, methods=("raw",))
    with pytest.raises(FanComparisonError, match="too few customers to weight"):
        compare_fans(small, methods=("history",))


def test_no_social_data_is_a_clear_error(workspace: Workspace, write: Callable[..., Path]) -> None:
    workspace.import_file("orders", write("o.csv", ORDERS))
    with pytest.raises(FanComparisonError, match="import social_interactions"):
        compare_fans(workspace)


def test_demo_adjusted_estimates_recover_the_planted_effect(demo_full: Path) -> None:
    truth = json.loads((demo_full / "exports" / "ground_truth.json").read_text())
    social = truth["effects"]["social_engagement"]
    planted = social["relative_change_pct"]  # purchase rate x1.2 -> +20 %
    comparison = social["comparison"]
    with bindung.open(demo_full, read_only=True) as ws:
        r = compare_fans(ws)
    # the raw comparison is the generator's own: same cohort, window and groups
    raw = r.estimate("repurchase", "raw")
    assert (raw.fans, raw.others) == (
        comparison["customers_engaged"],
        comparison["customers_not_engaged"],
    )
    assert raw.value == pytest.approx(comparison["raw_difference_pp"], abs=0.01)
    # ... and it is visibly biased: its interval excludes the effect on the engaged
    assert raw.low > comparison["causal_effect_on_engaged_pp"]
    assert r.estimate("orders", "raw").low > 100  # fans "buy 2.5x as often"
    # within customers: orders and revenue per month rise by the planted 20 %
    for outcome in ("orders", "revenue"):
        e = r.estimate(outcome, "within")
        assert e.low < planted < e.high, (outcome, e)
    assert r.estimate("orders", "within").high < r.estimate("orders", "raw").low
    # weighted on history: the repurchase effect (0.71 points) and +20 % orders are covered
    h = r.estimate("repurchase", "history")
    assert h.low < comparison["causal_effect_on_engaged_pp"] < h.high
    o = r.estimate("orders", "history")
    assert o.low < planted < o.high


def test_history_weighting_intervals_cover_about_95_percent() -> None:
    """Selection on what the history shows: inverse probability weighting recovers the effect
    on the fans (+5 points on buying again, x1.2 orders) and its interval covers it."""
    import numpy as np
    import pandas as pd

    from bindung.insights.fans import NEVER, history_effects

    rng = np.random.default_rng(7)
    reps, hits_points, hits_ratio = 120, 0, 0
    n = 1500
    for _ in range(reps):
        repeat = rng.poisson(2.0, n).astype(float)
        tenure = rng.integers(2, 30, n).astype(float)
        recency = np.minimum(tenure, rng.integers(0, 12, n)).astype(float)
        channel = rng.choice(["Ads", "Shop", "Social"], n)
        score = 0.6 * np.log1p(repeat) - 0.4 * np.log1p(recency) + 0.3 * (channel == "Social")
        fan = rng.random(n) < 1 / (1 + np.exp(-(score - 1.2)))
        p0 = 0.15 + 0.15 * np.log1p(repeat) / np.log1p(10) + 0.1 * (recency < 3)
        bought = rng.random(n) < p0 + 0.05 * fan
        orders = rng.poisson(np.exp(-0.5 + 0.5 * np.log1p(repeat)) * np.where(fan, 1.2, 1.0))
        frame = pd.DataFrame(
            {
                "eng_k": np.where(fan, 5, NEVER),
                "platform": "instagram",
                "repeat": repeat,
                "spent": repeat * rng.gamma(6.0, 5.0, n),
                "recency": recency,
                "tenure": tenure,
                "acquisition_channel": channel,
                "bought": bought.astype(float),
                "orders": orders.astype(float),
                "revenue": orders * 30.0,
            }
        )
        est = {e.outcome: e for e in history_effects(frame, w0=10)}
        hits_points += est["repurchase"].low <= 5.0 <= est["repurchase"].high
        hits_ratio += est["orders"].low <= 20.0 <= est["orders"].high
    print(f"coverage: points {hits_points / reps:.3f}, orders {hits_ratio / reps:.3f}")
    assert 0.88 <= hits_points / reps <= 0.99, hits_points / reps
    assert 0.88 <= hits_ratio / reps <= 0.99, hits_ratio / reps


def test_a_horizon_below_one_month_is_a_clear_error(small: Workspace) -> None:
    with pytest.raises(FanComparisonError, match="--horizon: expected a whole number"):
        compare_fans(small, horizon=0)


def test_outcomes_choose_the_estimates(small: Workspace) -> None:
    r = compare_fans(small, methods=("raw",), outcomes=("orders",))
    assert [(e.outcome, e.method) for e in r.estimates] == [("orders", "raw")]
    assert r.cohort == 5  # the cohort is there whatever is estimated


def _selection_frame(seed: int, n: int, strength: float) -> pd.DataFrame:
    from bindung.insights.fans import NEVER

    rng = np.random.default_rng(seed)
    repeat = rng.poisson(2.0, n).astype(float)
    tenure = rng.integers(2, 30, n).astype(float)
    recency = np.minimum(tenure, rng.integers(0, 12, n)).astype(float)
    channel = rng.choice(["Ads", "Shop", "Social"], n)
    score = strength * (np.log1p(repeat) - 0.7 * np.log1p(recency)) - 1.0
    fan = rng.random(n) < 1 / (1 + np.exp(-score))
    orders = rng.poisson(np.exp(-0.5 + 0.5 * np.log1p(repeat)) * np.where(fan, 1.2, 1.0))
    return pd.DataFrame(
        {
            "eng_k": np.where(fan, 5, NEVER),
            "platform": "instagram",
            "repeat": repeat,
            "spent": repeat * rng.gamma(6.0, 5.0, n),
            "recency": recency,
            "tenure": tenure,
            "acquisition_channel": channel,
            "bought": (orders > 0).astype(float),
            "orders": orders.astype(float),
            "revenue": orders * rng.gamma(4.0, 8.0, n),
        }
    )


def _statsmodels_ipw(
    frame: pd.DataFrame, start: list[tuple[float, float]] | None = None
) -> tuple[list[tuple[Any, ...]], np.ndarray]:
    """Per outcome (ATT, POM0, covariance, GMM objective) from statsmodels'
    TreatmentEffect.ipw(effect_group=1), and the propensities; with ``start`` (ATT, POM0 per
    outcome) its GMM is started there instead of at the unclipped weighted means."""
    import statsmodels.api as sm
    from statsmodels.treatment.treatment_effects import TreatmentEffect

    from bindung.insights.fans import history_covariates

    t = (frame["eng_k"] < 10).to_numpy().astype(np.int64)
    x = history_covariates(frame)
    x = x.loc[:, x.std() > 0].assign(const=1.0)
    select = sm.Logit(t, x).fit(disp=0)
    out = []
    for i, column in enumerate(("bought", "orders", "revenue")):
        y = frame[column].to_numpy(np.float64)
        res = TreatmentEffect(sm.OLS(y, x), t, results_select=select).ipw(effect_group=1)
        gmm = res.results_gmm
        if start is not None:
            params = np.concatenate([start[i], select.params])
            gmm = gmm.model.fit(
                start_params=params,
                inv_weights=np.eye(len(params)),
                optim_method="nm",
                optim_args={"maxiter": 5000, "disp": 0},
                maxiter=1,
            )
        moments = gmm.model.momcond(gmm.params).mean(0)
        out.append((*gmm.params[:2], np.asarray(gmm.cov_params())[:2, :2], moments @ moments))
    return out, np.asarray(select.predict())


@pytest.mark.parametrize(("strength", "clipped"), [(0.8, False), (3.0, True)])
def test_history_weighting_is_statsmodels_ipw_solved_exactly(
    strength: float, clipped: bool
) -> None:
    """history_effects solves statsmodels' IPW moment conditions in closed form.  Without a
    propensity outside 0.01 … 0.99 statsmodels starts at that solution and stays there.  With
    clipped ones its Nelder-Mead stops near the solution (tolerance 1e-4); started at ours, it
    stays there: ours sets every moment condition to zero, and the covariances agree."""
    import statsmodels.api as sm

    from bindung.insights.fans import _ipw_att, history_covariates

    frame = _selection_frame(11, 600, strength)
    default, p = _statsmodels_ipw(frame)
    assert bool(((p < 0.01) | (p > 0.99)).any()) is clipped
    t = (frame["eng_k"] < 10).to_numpy().astype(np.float64)
    x = history_covariates(frame)
    x = x.loc[:, x.std() > 0].assign(const=1.0)
    beta = np.asarray(sm.Logit(t, x).fit(disp=0).params)
    ys = [frame[c].to_numpy(np.float64) for c in ("bought", "orders", "revenue")]
    ours = _ipw_att(ys, t, x.to_numpy(np.float64), beta)
    reference = _statsmodels_ipw(frame, [(a, b) for a, b, _ in ours])[0] if clipped else default
    for (att, pom0, cov), (ref_att, ref_pom0, ref_cov, objective), (
        nm_att,
        *_,
        nm_objective,
    ) in zip(ours, reference, default, strict=True):
        assert att == pytest.approx(ref_att, rel=1e-8, abs=1e-12)
        assert pom0 == pytest.approx(ref_pom0, rel=1e-8)
        np.testing.assert_allclose(cov, ref_cov, rtol=1e-5)
        assert objective < 1e-20
        if clipped:  # statsmodels' own answer: near ours, its moments further from zero
            assert nm_att == pytest.approx(att, rel=1e-2)
            assert nm_objective > objective
