"""Pareto/NBD against FHL (2005a, Table 1) on the CDNOW sample, R's BTYD, and quadrature."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import integrate  # type: ignore[import-untyped]

from bindung.models import InsufficientDataError, ParetoNBDModel

# FHL 2005a, Table 1 (Pareto/NBD on the CDNOW sample, weeks 1-39)
PUBLISHED = {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669}
PUBLISHED_LL = -9595.0
# R package BTYD, walkthrough vignette: its estimates on the same data
BTYD = {"r": 0.5534, "alpha": 10.5802, "s": 0.6061, "beta": 11.6562}


def test_fit_reproduces_the_published_estimates(pnbd: ParetoNBDModel) -> None:
    assert {k: round(v, 3) for k, v in pnbd.params_.items()} == PUBLISHED
    assert round(pnbd.log_likelihood_, 1) == PUBLISHED_LL


def test_p_alive_matches_btyd() -> None:
    # BTYD walkthrough, p. 8: customer with x=26, t_x=30.86, T=31
    model = ParetoNBDModel.from_params(**BTYD)
    assert model.p_alive(26, 30.86, 31)[0] == pytest.approx(0.9979, abs=1e-4)


def test_conditional_expectation_matches_btyd() -> None:
    # BTYD walkthrough: the same customer is expected to buy 25.46 times in the next 52 weeks
    model = ParetoNBDModel.from_params(**BTYD)
    assert model.expected_purchases(26, 30.86, 31, t=52)[0] == pytest.approx(25.46, abs=0.01)


def test_unconditional_expectation_has_the_closed_form(pnbd: ParetoNBDModel) -> None:
    r, alpha, s, beta = pnbd.params_.values()
    t = np.array([0.0, 1.0, 39.0, 78.0])
    closed = r * beta / (alpha * (s - 1)) * (1 - (beta / (beta + t)) ** (s - 1))
    np.testing.assert_allclose(pnbd.expected_purchases_new_customer(t), closed, rtol=1e-12)


def test_s_equal_to_one_uses_the_limit() -> None:
    model = ParetoNBDModel.from_params(r=0.5, alpha=10.0, s=1.0, beta=12.0)
    near = ParetoNBDModel.from_params(r=0.5, alpha=10.0, s=1.0 + 1e-6, beta=12.0)
    assert model.expected_purchases_new_customer(52)[0] == pytest.approx(
        near.expected_purchases_new_customer(52)[0], rel=1e-5
    )


@pytest.mark.parametrize(
    ("x", "t_x", "T"), [(0, 0.0, 38.86), (2, 30.43, 38.86), (26, 30.86, 31.0), (150, 5.0, 60.0)]
)
@pytest.mark.parametrize("params", [PUBLISHED, {"r": 0.5, "alpha": 3.0, "s": 2.0, "beta": 30.0}])
def test_p_alive_agrees_with_quadrature(
    params: dict[str, float], x: int, t_x: float, T: float
) -> None:
    """P(alive) = L1 / (L1 + s ∫_{t_x}^T (α+τ)^−(r+x) (β+τ)^−(s+1) dτ), integrated numerically
    instead of through the hypergeometric function (both branches: α >= β and α < β)."""
    r, alpha, s, beta = params.values()
    model = ParetoNBDModel.from_params(**params)
    log_scale = (r + x) * np.log(alpha + T) + (s + 1) * np.log(beta + T)  # keep numbers ~1

    def integrand(tau: float) -> float:
        return float(
            np.exp(log_scale - (r + x) * np.log(alpha + tau) - (s + 1) * np.log(beta + tau))
        )

    dead = s * integrate.quad(integrand, t_x, T, limit=200)[0]
    alive = np.exp(log_scale - (r + x) * np.log(alpha + T) - s * np.log(beta + T))
    assert model.p_alive(x, t_x, T)[0] == pytest.approx(alive / (alive + dead), rel=1e-7)


def test_extreme_customers_stay_finite() -> None:
    # lifetimes' overflow case: hundreds of purchases with a tiny alpha
    model = ParetoNBDModel.from_params(r=10.465, alpha=7.98565181e-03, s=3.0516, beta=2.820)
    x, t_x, T = [400.0, 500.0, 500.0], [5.0, 1.0, 4.0], [6.0, 37.0, 37.0]
    assert np.isfinite(model.log_likelihood(x, t_x, T)).all()
    p = model.p_alive(x, t_x, T)
    assert ((p >= 0) & (p <= 1)).all()


def test_one_more_purchase_changes_the_forecast_only_a_little() -> None:
    # lifetimes' underflow case: 6.2061 and 6.2529
    model = ParetoNBDModel.from_params(r=0.55, alpha=10.58, s=0.61, beta=11.67)
    left, right = model.expected_purchases([132, 133], 200, 200, t=10)
    assert left == pytest.approx(6.2061, abs=1e-4)
    assert right == pytest.approx(6.2529, abs=1e-4)


def test_weights_give_the_same_fit_as_repeated_rows(
    cdnow: pd.DataFrame, pnbd: ParetoNBDModel
) -> None:
    grouped = cdnow.groupby(["frequency", "recency", "T"]).size().reset_index(name="w")
    model = ParetoNBDModel().fit(grouped.frequency, grouped.recency, grouped["T"], grouped.w)
    assert model.params_ == pytest.approx(pnbd.params_, rel=1e-6)


def test_too_few_repeat_customers_is_refused() -> None:
    with pytest.raises(InsufficientDataError, match="Pareto/NBD needs at least 10"):
        ParetoNBDModel().fit([0, 1], [0.0, 1.0], [5.0, 5.0])
