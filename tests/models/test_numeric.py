"""The numerical machinery: the optimiser's standard errors, derivatives, and the repairs of
scipy's hyp2f1 where it fails."""

from __future__ import annotations

import numpy as np
import pytest

from bindung.models import ConvergenceError
from bindung.models.numeric import (
    expm1_ratio,
    hessian,
    hyp2f1_robust,
    hyp2f1_series,
    log1mexp,
    log_hyp2f1_positive,
    maximise,
)


def test_standard_errors_of_an_exponential_rate_are_the_textbook_ones() -> None:
    """MLE of an exponential rate: lambda = n / sum(x), se = lambda / sqrt(n)."""
    x = np.random.default_rng(0).exponential(2.0, 500)

    def nll(u: np.ndarray) -> float:
        rate = float(np.exp(u[0]))
        return -(len(x) * np.log(rate) - rate * x.sum())

    opt = maximise(nll, [np.zeros(1)], names=["rate"], model="test", scale=len(x))
    rate = len(x) / x.sum()
    assert np.exp(opt.u[0]) == pytest.approx(rate, rel=1e-9)
    assert np.sqrt(opt.covariance()[0, 0]) == pytest.approx(rate / np.sqrt(len(x)), rel=1e-6)


def test_a_likelihood_without_maximum_is_refused() -> None:
    def nll(u: np.ndarray) -> float:  # keeps falling as the parameter grows
        return float(-u[0])

    with pytest.raises(ConvergenceError, match="ran off to"):
        maximise(nll, [np.zeros(1)], names=["theta"], model="test", scale=1.0)


def test_hessian_of_a_quadratic_is_exact_with_and_without_gradient() -> None:
    M = np.array([[4.0, 1.0], [1.0, 3.0]])

    def f(u: np.ndarray) -> float:
        return float(0.5 * u @ M @ u)

    u = np.array([0.3, -0.2])
    np.testing.assert_allclose(hessian(f, u), M, rtol=1e-6)
    np.testing.assert_allclose(hessian(f, u, lambda v: M @ v), M, rtol=1e-9)


def test_log1mexp_is_accurate_at_both_ends() -> None:
    d = np.array([-1e-20, -1e-5, -0.5, -50.0])
    expected = [np.log(1e-20), np.log(-np.expm1(-1e-5)), np.log(1 - np.exp(-0.5)), -np.exp(-50)]
    np.testing.assert_allclose(log1mexp(d), expected, rtol=1e-12)


def test_expm1_ratio_has_the_limit_at_zero() -> None:
    L = np.array([-0.7])
    assert expm1_ratio(0.0, L)[0] == pytest.approx(0.7)
    assert expm1_ratio(1e-9, L)[0] == pytest.approx(expm1_ratio(1e-6, L)[0], rel=1e-6)


@pytest.mark.parametrize(
    ("a", "b", "c", "z"),
    [
        (1.0, 10.0, 109.0, 0.95),  # c − a − b = 98: scipy returns NaN
        (1.5623413251903491, 1.0, 2.5623413251903491, 0.999),  # c − a − b = 0: scipy −38.9
        (1.5623413251903491, 1.0 - 1e-9, 2.5623413251903491, 0.99999),
        (2.0, 3.0, 10.0, 0.9),  # an ordinary case
    ],
)
def test_hyp2f1_is_repaired_where_scipy_fails(a: float, b: float, c: float, z: float) -> None:
    series = hyp2f1_series(np.array([a]), np.array([b]), np.array([c]), np.array([z]), np.zeros(1))
    assert hyp2f1_robust(a, b, c, z)[0] == pytest.approx(series[0], rel=1e-8)


def test_log_hyp2f1_does_not_overflow_for_hundreds_of_purchases() -> None:
    # Pareto/NBD with s = 100: the series diverges like (1 − z)^−100 near z = 1
    value = log_hyp2f1_positive(101.0, 101.0, 102.0, np.array([1 - 1e-4]))[0]
    assert np.isfinite(value) and value > 900
