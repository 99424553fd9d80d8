"""Gamma-Gamma against Fader, Hardie & Lee (2005b) on the CDNOW sample's 946 repeat buyers."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from bindung.models import (
    ConvergenceError,
    GammaGammaModel,
    InsufficientDataError,
    ModelError,
    ModelInputError,
    SpendFrequencyCorrelationWarning,
)
from bindung.models.gammagamma import _gradient, _loglik

# FHL 2005b, "RFM and CLV", section "Adding monetary value"; Fader & Hardie (2013), note 025
PUBLISHED = {"p": 6.25, "q": 3.74, "gamma": 15.44}
PUBLISHED_CORRELATION = 0.11
# Hardie's spreadsheet for note 025: E(M | x, m_x) of the first ten customers
SPREADSHEET = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17]


def test_fit_reproduces_the_published_estimates(gammagamma: GammaGammaModel) -> None:
    assert {k: round(v, 2) for k, v in gammagamma.params_.items()} == PUBLISHED
    assert gammagamma.summary.n == 946


def test_spend_and_frequency_correlation_is_the_published_one(
    gammagamma: GammaGammaModel,
) -> None:
    assert round(gammagamma.spend_frequency_correlation_, 2) == PUBLISHED_CORRELATION


def test_expected_spend_matches_hardies_spreadsheet(
    gammagamma: GammaGammaModel, cdnow: pd.DataFrame
) -> None:
    first = cdnow.sort_index().head(10)
    np.testing.assert_allclose(
        gammagamma.expected_spend(first.frequency, first.monetary), SPREADSHEET, atol=0.01
    )


def test_expected_spend_lies_between_population_and_own_mean(
    gammagamma: GammaGammaModel,
) -> None:
    population = gammagamma.expected_spend_new_customer()
    m = np.array([5.0, 30.0, 200.0])
    e = gammagamma.expected_spend(np.array([3, 3, 3]), m)
    assert ((np.minimum(m, population) <= e) & (e <= np.maximum(m, population))).all()


def test_customers_without_repeat_purchase_do_not_enter_the_fit(
    cdnow: pd.DataFrame, gammagamma: GammaGammaModel
) -> None:
    repeat = cdnow[cdnow.frequency > 0]
    model = GammaGammaModel().fit(repeat.frequency, repeat.monetary)
    assert model.params_ == pytest.approx(gammagamma.params_, rel=1e-8)


@pytest.mark.parametrize("bad", [0.0, -12.5])
def test_zero_or_negative_spend_is_refused(bad: float) -> None:
    x = np.arange(1, 21)
    m = np.full(20, 30.0)
    m[[3, 7]] = bad
    with pytest.raises(ModelInputError, match=r"2 repeat customer\(s\) .* position 3"):
        GammaGammaModel().fit(x, m)


def test_strong_correlation_of_spend_and_frequency_warns_with_the_figure() -> None:
    # Gamma-Gamma data except that customers with high mean spend buy more often
    rng = np.random.default_rng(1)
    nu = rng.gamma(4.0, 1 / 15.0, 400)
    x = 1 + rng.poisson(np.clip(0.6 / nu, 0, 50))
    m = rng.gamma(6.0 * x, 1 / nu) / x
    with pytest.warns(SpendFrequencyCorrelationWarning, match=r"Pearson r = 0\.\d\d over 400"):
        model = GammaGammaModel().fit(x, m)
    assert model.spend_frequency_correlation_ > 0.3


def test_weak_correlation_does_not_warn(cdnow: pd.DataFrame) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        GammaGammaModel().fit(cdnow)


def test_too_few_repeat_customers_is_refused() -> None:
    with pytest.raises(InsufficientDataError, match="at least 10 customers"):
        GammaGammaModel().fit([0, 1, 2], [0.0, 10.0, 12.0])


def test_spend_alike_for_everyone_is_not_identified() -> None:
    rng = np.random.default_rng(2)
    x = rng.integers(1, 10, 300)
    m = rng.gamma(50.0 * x, 1 / 50.0) / x * 30  # every customer has the same mean spend
    with pytest.raises(ConvergenceError, match="everyone spends alike"):
        GammaGammaModel().fit(x, m)


def test_infinite_mean_spend_is_explained() -> None:
    model = GammaGammaModel.from_params(p=2.0, q=0.8, gamma=10.0)
    with pytest.raises(ModelError, match=r"q = 0\.8 <= 1, so the mean spend is infinite"):
        model.expected_spend_new_customer()


def test_analytic_gradient_matches_finite_differences(cdnow: pd.DataFrame) -> None:
    repeat = cdnow[cdnow.frequency > 0]
    x, m = repeat.frequency.to_numpy(float), repeat.monetary.to_numpy(float)
    theta = np.array([5.0, 3.0, 12.0])
    h = 1e-6
    for i in range(3):
        e = np.zeros(3)
        e[i] = h * theta[i]
        numeric = (_loglik(theta + e, x, m).sum() - _loglik(theta - e, x, m).sum()) / (2 * e[i])
        assert _gradient(theta, x, m, np.ones(len(x)))[i] == pytest.approx(numeric, rel=1e-6)
