"""BG/NBD against Fader, Hardie & Lee (2005a) on the CDNOW 1/10 sample, and its contract."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, stats  # type: ignore[import-untyped]

from bindung.models import (
    BetaGeoModel,
    ConvergenceError,
    InsufficientDataError,
    ModelInputError,
    NotFittedError,
)
from bindung.models.bgnbd import _gradient, _loglik
from bindung.models.inputs import Customers

# FHL 2005a, "Counting your customers the easy way", section 4 (CDNOW sample, weeks 1-39)
PUBLISHED = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
PUBLISHED_LL = -9582.4
# lifetimes 0.11.3 documentation (BetaGeoFitter.summary on the same data, rounded CSV)
LIFETIMES_SE = {"r": 0.012557, "alpha": 0.378221, "a": 0.185719, "b": 0.705345}


def test_fit_reproduces_the_published_estimates(bgnbd: BetaGeoModel) -> None:
    assert {k: round(v, 3) for k, v in bgnbd.params_.items()} == PUBLISHED
    assert round(bgnbd.log_likelihood_, 1) == PUBLISHED_LL


def test_fit_returns_the_model_itself(cdnow: pd.DataFrame) -> None:
    model = BetaGeoModel()
    assert model.fit(cdnow) is model


def test_standard_errors_match_lifetimes_on_the_shipped_summary(cdnow_csv: pd.DataFrame) -> None:
    d = cdnow_csv
    model = BetaGeoModel().fit(d.x, d.t_x, d["T"])
    for name, se in LIFETIMES_SE.items():
        assert model.standard_errors_[name] == pytest.approx(se, rel=1e-4)


def test_summary_holds_estimates_errors_intervals_and_log_likelihood(bgnbd: BetaGeoModel) -> None:
    s = bgnbd.summary
    assert list(s.table.index) == ["r", "alpha", "a", "b"]
    assert list(s.table.columns) == ["estimate", "std_error", "lower_95", "upper_95"]
    assert (s.table.lower_95 < s.table.estimate).all()
    assert (s.table.estimate < s.table.upper_95).all()
    assert s.n == 2357
    assert s.log_likelihood == bgnbd.log_likelihood_
    assert s.aic == pytest.approx(8 - 2 * s.log_likelihood)
    assert "log-likelihood -9,582.43" in str(s)


def test_conditional_expectation_matches_hardies_spreadsheet(bgnbd: BetaGeoModel) -> None:
    # FHL 2005a, section 4: customer 1516 (x=2, t_x=30.43, T=38.86) buys 1.226 in weeks 40-78
    assert bgnbd.expected_purchases(2, 30.43, 38.86, t=39)[0] == pytest.approx(1.226, abs=5e-4)


def test_unconditional_expectation_matches_hardies_spreadsheet(bgnbd: BetaGeoModel) -> None:
    t = [0.1429, 1.0, 3.00, 31.8571, 32.00, 78.00]
    expected = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576]
    np.testing.assert_allclose(bgnbd.expected_purchases_new_customer(t), expected, atol=5e-4)


def test_expectation_agrees_with_numerical_integration(bgnbd: BetaGeoModel) -> None:
    """Independent oracle: alive customers buy (1/p)(1 − ((α+T)/(α+T+pt))^(r+x)) in the next
    t, integrated over the posterior p ~ Beta(a, b+x)."""
    r, alpha, a, b = bgnbd.params_.values()
    for x, t_x, T, t in [(0, 0, 38.86, 39), (2, 30.43, 38.86, 39), (40, 10.0, 60.0, 500.0)]:

        def integrand(p: float, x: int = x, T: float = T, t: float = t) -> float:
            spend = (1 - ((alpha + T) / (alpha + T + p * t)) ** (r + x)) / p
            return float(spend * stats.beta.pdf(p, a, b + x))

        oracle = integrate.quad(integrand, 0, 1, limit=200)[0] * bgnbd.p_alive(x, t_x, T)[0]
        assert bgnbd.expected_purchases(x, t_x, T, t=t)[0] == pytest.approx(oracle, rel=1e-6)


def test_p_alive_is_one_without_repeat_purchases(bgnbd: BetaGeoModel) -> None:
    assert bgnbd.p_alive([0, 0], [0, 0], [1.0, 100.0]).tolist() == [1.0, 1.0]


def test_p_alive_falls_with_time_since_the_last_purchase(bgnbd: BetaGeoModel) -> None:
    p = bgnbd.p_alive(5, [30.0, 20.0, 10.0], 38.86)
    assert p[0] > p[1] > p[2]


def test_weights_give_the_same_fit_as_repeated_rows(cdnow_csv: pd.DataFrame) -> None:
    d = cdnow_csv
    grouped = d.groupby(["x", "t_x", "T"]).size().reset_index(name="w")
    a = BetaGeoModel().fit(d.x, d.t_x, d["T"])
    b = BetaGeoModel().fit(grouped.x, grouped.t_x, grouped["T"], grouped.w)
    assert b.fit_ is not None and b.fit_.rows == len(grouped) < len(d)
    for k, v in a.params_.items():
        assert b.params_[k] == pytest.approx(v, rel=1e-6)
    assert b.log_likelihood_ == pytest.approx(a.log_likelihood_, rel=1e-12)


def test_analytic_gradient_matches_finite_differences(cdnow: pd.DataFrame) -> None:
    data = Customers(
        cdnow.frequency.to_numpy(float),
        cdnow.recency.to_numpy(float),
        cdnow["T"].to_numpy(float),
        np.ones(len(cdnow)),
    )
    theta = np.array([0.3, 5.0, 0.9, 2.0])
    h = 1e-6
    for i in range(4):
        e = np.zeros(4)
        e[i] = h * theta[i]
        numeric = (_loglik(theta + e, data).sum() - _loglik(theta - e, data).sum()) / (2 * e[i])
        assert _gradient(theta, data)[i] == pytest.approx(numeric, rel=1e-6)


def test_a_table_and_arrays_give_the_same_fit(cdnow: pd.DataFrame, bgnbd: BetaGeoModel) -> None:
    model = BetaGeoModel().fit(cdnow.frequency, cdnow.recency, cdnow["T"])
    assert model.params_ == pytest.approx(bgnbd.params_)


def test_too_few_repeat_customers_is_refused() -> None:
    with pytest.raises(InsufficientDataError, match="at least 10 customers with a repeat"):
        BetaGeoModel().fit([0, 0, 1, 2], [0, 0, 3.0, 5.0], [10.0, 10.0, 10.0, 10.0])


@pytest.mark.parametrize(
    ("frequency", "recency", "T", "message"),
    [
        ([1, 2], [5.0, 12.0], [10.0, 10.0], r"recency: 1 value\(s\) are not <= T .*position 1"),
        ([-1, 2], [0.0, 1.0], [10.0, 10.0], "frequency: 1 value.* whole numbers >= 0"),
        ([1.5, 2], [1.0, 1.0], [10.0, 10.0], "frequency: 1 value.* whole numbers"),
        ([0, 2], [3.0, 1.0], [10.0, 10.0], "0 for customers without a repeat purchase"),
        ([1, 2], [1.0, np.nan], [10.0, 10.0], "recency: 1 value.* missing or infinite"),
        ([1, 2, 3], [1.0, 1.0], [10.0, 10.0], "inputs of different lengths"),
        (["a", 2], [1.0, 1.0], [10.0, 10.0], "frequency: expected numbers"),
    ],
)
def test_bad_inputs_are_refused_with_the_reason(
    frequency: list[float], recency: list[float], T: list[float], message: str
) -> None:
    with pytest.raises(ModelInputError, match=message):
        BetaGeoModel().fit(frequency, recency, T)


def test_a_table_without_the_columns_is_refused() -> None:
    with pytest.raises(ModelInputError, match="lacks column"):
        BetaGeoModel().fit(pd.DataFrame({"frequency": [1], "recency": [1.0]}))


def test_non_convergence_raises_with_advice() -> None:
    # every repeat buyer buys right up to the end: nothing shows customers dropping out
    rng = np.random.default_rng(0)
    x = rng.poisson(5, 200)
    T = np.full(200, 52.0)
    with pytest.raises(ConvergenceError, match=r"not identified.*longer calibration period"):
        BetaGeoModel().fit(x, np.where(x > 0, T, 0.0), T)


def test_an_unfitted_model_says_so() -> None:
    with pytest.raises(NotFittedError, match="call fit"):
        BetaGeoModel().p_alive(1, 1.0, 2.0)


def test_given_parameters_predict_but_have_no_fit_summary() -> None:
    model = BetaGeoModel.from_params(**PUBLISHED)
    assert model.p_alive(2, 30.43, 38.86)[0] == pytest.approx(0.7, abs=0.3)
    with pytest.raises(NotFittedError, match="only fit"):
        model.summary  # noqa: B018
