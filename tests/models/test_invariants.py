"""Invariants for any customer and any parameters (Hypothesis), and parameter recovery from
data simulated with known values."""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bindung.models import (
    BetaGeoBetaBinomModel,
    BetaGeoModel,
    GammaGammaModel,
    Model,
    ParetoNBDModel,
    ShiftedBetaGeometricModel,
)

FHL = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
PNBD = {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669}
FHS = {"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783}

# BINDUNG_HYPOTHESIS_EXAMPLES=5000 for a long exploratory run
SETTINGS = settings(
    max_examples=int(os.environ.get("BINDUNG_HYPOTHESIS_EXAMPLES", "60")), deadline=None
)


def positive(low: float = -2.0, high: float = 2.0) -> st.SearchStrategy[float]:
    """Log-uniform-ish positive numbers between 10**low and 10**high."""
    return st.floats(min_value=low, max_value=high).map(lambda e: float(10**e))


def params(names: tuple[str, ...], published: dict[str, float]) -> st.SearchStrategy[Any]:
    drawn = st.tuples(*[positive() for _ in names]).map(lambda v: dict(zip(names, v, strict=True)))
    return st.one_of(st.just(published), drawn)


@st.composite
def customers(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Customers with 0 to 1,000 repeat purchases, the last one anywhere up to (and at) the end
    of the window, and windows from a minute to decades (T from 1e-6 to 1e6)."""
    rows = draw(
        st.lists(
            st.tuples(
                st.one_of(st.just(0), st.integers(1, 10), st.integers(100, 1000)),
                st.one_of(st.just(1.0), st.just(0.0), st.floats(0.0, 1.0)),
                st.floats(-6.0, 6.0),
            ),
            min_size=1,
            max_size=20,
        )
    )
    x = np.array([r[0] for r in rows], dtype=float)
    T = np.array([10 ** r[2] for r in rows])
    t_x = np.where(x > 0, np.array([r[1] for r in rows]) * T, 0.0)
    return x, t_x, T


horizons = st.tuples(st.floats(0.0, 1e6), st.floats(0.0, 1e6)).map(sorted)


def assert_probabilities(p: np.ndarray) -> None:
    assert np.isfinite(p).all()
    assert ((p >= 0) & (p <= 1)).all()


def assert_non_decreasing_purchases(e1: np.ndarray, e2: np.ndarray) -> None:
    assert np.isfinite(e1).all() and np.isfinite(e2).all()
    assert (e1 >= 0).all()
    assert (e2 >= e1 * (1 - 1e-9) - 1e-12).all()


@SETTINGS
@given(params(BetaGeoModel.param_names, FHL), customers(), horizons)
def test_bgnbd_probabilities_and_expectations_behave(
    p: dict[str, float], data: tuple[np.ndarray, ...], t: list[float]
) -> None:
    model = BetaGeoModel.from_params(**p)
    assert_probabilities(model.p_alive(*data))
    assert np.isfinite(model.log_likelihood(*data)).all()
    e1 = model.expected_purchases(*data, t=t[0])
    e2 = model.expected_purchases(*data, t=t[1])
    assert_non_decreasing_purchases(e1, e2)
    new = model.expected_purchases_new_customer(t)
    assert_non_decreasing_purchases(new[:1], new[1:])


@SETTINGS
@given(params(ParetoNBDModel.param_names, PNBD), customers(), horizons)
def test_pareto_nbd_probabilities_and_expectations_behave(
    p: dict[str, float], data: tuple[np.ndarray, ...], t: list[float]
) -> None:
    model = ParetoNBDModel.from_params(**p)
    assert_probabilities(model.p_alive(*data))
    assert np.isfinite(model.log_likelihood(*data)).all()
    e1 = model.expected_purchases(*data, t=t[0])
    e2 = model.expected_purchases(*data, t=t[1])
    assert_non_decreasing_purchases(e1, e2)
    new = model.expected_purchases_new_customer(t)
    assert_non_decreasing_purchases(new[:1], new[1:])


@st.composite
def patterns(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """BG/BB patterns x <= t_x <= n, up to 500 opportunities, last use often at the end."""
    rows = []
    for _ in range(draw(st.integers(1, 10))):
        n = draw(st.integers(1, 500))
        t_x = draw(st.one_of(st.just(n), st.just(0), st.integers(0, n)))
        x = draw(st.integers(1, t_x)) if t_x > 0 else 0
        t_x = t_x if x > 0 else 0
        rows.append((x, t_x, n))
    a = np.array(rows, dtype=float)
    return a[:, 0], a[:, 1], a[:, 2]


@SETTINGS
@given(
    params(BetaGeoBetaBinomModel.param_names, FHS),
    patterns(),
    st.tuples(st.integers(0, 1000), st.integers(0, 1000)).map(sorted),
)
def test_bgbb_probabilities_and_expectations_behave(
    p: dict[str, float], data: tuple[np.ndarray, ...], t: list[int]
) -> None:
    model = BetaGeoBetaBinomModel.from_params(**p)
    assert_probabilities(model.p_alive(*data))
    e1 = model.expected_purchases(*data, t=t[0])
    e2 = model.expected_purchases(*data, t=t[1])
    assert_non_decreasing_purchases(e1, e2)
    assert (e2 <= t[1] + 1e-9).all()  # at most one purchase per opportunity


@SETTINGS
@given(
    st.tuples(positive(-1, 2), positive(0.01, 2), positive(-1, 3)),
    st.lists(st.tuples(st.integers(0, 1000), positive(-2, 5)), min_size=1, max_size=20),
)
def test_gamma_gamma_expected_spend_lies_between_population_and_own_mean(
    p: tuple[float, float, float], rows: list[tuple[int, float]]
) -> None:
    model = GammaGammaModel.from_params(p=p[0], q=1 + p[1], gamma=p[2])
    x = np.array([r[0] for r in rows], dtype=float)
    m = np.array([r[1] for r in rows])
    e = model.expected_spend(x, m)
    population = model.expected_spend_new_customer()
    own = np.where(x > 0, m, population)
    assert np.isfinite(e).all()
    low, high = np.minimum(own, population), np.maximum(own, population)
    assert ((e >= low * (1 - 1e-12)) & (e <= high * (1 + 1e-12))).all()


@SETTINGS
@given(positive(), positive(), st.floats(1e-4, 10.0), st.integers(0, 10_000))
def test_sbg_survival_falls_retention_rises_and_derl_is_finite(
    gamma: float, delta: float, discount: float, renewals: int
) -> None:
    model = ShiftedBetaGeometricModel.from_params(gamma=gamma, delta=delta)
    t = np.arange(0, 200)
    s = model.survival(t)
    assert_probabilities(s)
    assert (np.diff(s) <= 0).all()
    r = model.retention_rate(t[1:])
    assert_probabilities(r)
    assert (np.diff(r) >= 0).all()
    derl = model.derl(discount, renewals)[0]
    assert np.isfinite(derl) and 0 < derl <= (1 + discount) / discount + 1e-9


# -- recovery of known parameters from simulated data


def simulate_bgnbd(p: dict[str, float], n: int, rng: np.random.Generator) -> tuple[Any, ...]:
    lam = rng.gamma(p["r"], 1 / p["alpha"], n)
    drop = rng.beta(p["a"], p["b"], n)
    T = rng.uniform(20, 60, n)
    x, t_x = np.zeros(n), np.zeros(n)
    for i in range(n):
        t = 0.0
        while True:
            t += rng.exponential(1 / lam[i])
            if t > T[i]:
                break
            x[i] += 1
            t_x[i] = t
            if rng.random() < drop[i]:  # drops out right after this purchase
                break
    return x, t_x, T


def simulate_paretonbd(p: dict[str, float], n: int, rng: np.random.Generator) -> tuple[Any, ...]:
    lam = rng.gamma(p["r"], 1 / p["alpha"], n)
    mu = rng.gamma(p["s"], 1 / p["beta"], n)
    T = rng.uniform(20, 60, n)
    span = np.minimum(rng.exponential(1 / mu), T)
    x = rng.poisson(lam * span).astype(float)
    t_x = np.where(x > 0, span * rng.random(n) ** (1 / np.maximum(x, 1)), 0.0)
    return x, t_x, T


def simulate_gammagamma(p: dict[str, float], n: int, rng: np.random.Generator) -> tuple[Any, ...]:
    x = rng.integers(1, 15, n).astype(float)
    nu = rng.gamma(p["q"], 1 / p["gamma"], n)
    return x, rng.gamma(p["p"] * x, 1 / nu) / x


def simulate_bgbb(p: dict[str, float], n: int, rng: np.random.Generator) -> tuple[Any, ...]:
    buy = rng.beta(p["alpha"], p["beta"], n)
    die = rng.beta(p["gamma"], p["delta"], n)
    periods = 10
    alive = np.ones(n, dtype=bool)
    x, t_x = np.zeros(n), np.zeros(n)
    for t in range(1, periods + 1):
        alive &= rng.random(n) >= die
        bought = alive & (rng.random(n) < buy)
        x += bought
        t_x = np.where(bought, t, t_x)
    return x, t_x, np.full(n, periods)


def simulate_sbg(p: dict[str, float], n: int, rng: np.random.Generator) -> tuple[Any, ...]:
    churn = rng.beta(p["gamma"], p["delta"], n)
    lifetime = rng.geometric(churn)  # the period in which each customer cancels
    return (np.array([(lifetime > t).sum() for t in range(11)], dtype=float),)


RECOVERY = [
    (BetaGeoModel, FHL, simulate_bgnbd, 4000),
    (ParetoNBDModel, PNBD, simulate_paretonbd, 4000),
    (GammaGammaModel, {"p": 6.25, "q": 3.74, "gamma": 15.44}, simulate_gammagamma, 3000),
    (BetaGeoBetaBinomModel, FHS, simulate_bgbb, 10_000),
    (ShiftedBetaGeometricModel, {"gamma": 0.704, "delta": 1.182}, simulate_sbg, 10_000),
]


@pytest.mark.parametrize(("cls", "truth", "simulate", "n"), RECOVERY, ids=lambda v: str(v)[:12])
def test_known_parameters_are_recovered_from_simulated_data(
    cls: type[Model], truth: dict[str, float], simulate: Any, n: int
) -> None:
    rng = np.random.default_rng(20260101)
    model = cls().fit(*simulate(truth, n, rng))  # type: ignore[attr-defined]
    # Wald z on the log scale, where the estimates are close to normal (as the intervals)
    for name, value in truth.items():
        est = model.params_[name]
        z = np.log(est / value) / (model.standard_errors_[name] / est)
        assert abs(z) < 4, f"{name}: {est:.4g} vs {value} (z = {z:.2f})"
