"""BG/BB against Fader, Hardie & Shang (2010) on the 11,104 donors of 1995 (6 opportunities)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.special import betaln  # type: ignore[import-untyped]

from bindung.models import BetaGeoBetaBinomModel, ModelInputError

# FHS 2010, section 4 (donations 1996-2001)
PUBLISHED = {"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783}
PUBLISHED_LL = -33225.6
# FHS 2010, Table 6: P(alive in 2002) for (x, t_x) = (0, 0), (2, 4), (6, 6)
PUBLISHED_P_ALIVE = {(0, 0): 0.11, (2, 4): 0.59, (6, 6): 0.93}
# Hardie's BG/BB workbook (note 010): expected donations 2002-2006 by all donors, and the
# in-sample fit: donors with 0 and with 6 repeat donations in 1996-2001
SPREADSHEET_NEXT_5 = 12884.2
SPREADSHEET_COUNTS = {0: 3454.9, 6: 1253.1}


def test_fit_reproduces_the_published_estimates(bgbb: BetaGeoBetaBinomModel) -> None:
    assert {k: round(v, 3) for k, v in bgbb.params_.items()} == PUBLISHED
    assert round(bgbb.log_likelihood_, 1) == PUBLISHED_LL
    assert bgbb.summary.n == 11104


def test_p_alive_matches_table_6(bgbb: BetaGeoBetaBinomModel) -> None:
    for (x, t_x), published in PUBLISHED_P_ALIVE.items():
        assert round(bgbb.p_alive(x, t_x, 6)[0], 2) == published


def test_expected_donations_of_the_next_five_years_match_the_workbook(
    bgbb: BetaGeoBetaBinomModel, donations: pd.DataFrame
) -> None:
    d = donations
    expected = bgbb.expected_purchases(d.frequency, d.recency, d.periods, t=5)
    assert float(expected @ d.weights) == pytest.approx(SPREADSHEET_NEXT_5, abs=0.05)


def test_in_sample_counts_match_the_workbook(bgbb: BetaGeoBetaBinomModel) -> None:
    counts = 11104 * bgbb.purchase_count_probability(np.arange(7), 6)
    for x, published in SPREADSHEET_COUNTS.items():
        assert counts[x] == pytest.approx(published, abs=0.05)
    assert counts.sum() == pytest.approx(11104)


def test_unconditional_expectation_is_the_mean_of_the_count_distribution(
    bgbb: BetaGeoBetaBinomModel,
) -> None:
    for n in (1, 6, 11):
        pmf = bgbb.purchase_count_probability(np.arange(n + 1), n)
        mean = float(np.arange(n + 1) @ pmf)
        assert bgbb.expected_purchases_new_customer(n)[0] == pytest.approx(mean, rel=1e-10)


def test_expectation_is_the_sum_of_one_period_expectations(
    bgbb: BetaGeoBetaBinomModel,
) -> None:
    """Each step of E[X(n, n+t)] is the chance to buy at opportunity n+k, (1/L) B(α+x+1,
    β+n−x)/B(α,β) · B(γ, δ+n+k)/B(γ,δ), summed directly instead of in closed form."""
    a, b, g, d = bgbb.params_.values()
    k = np.arange(1, 31)
    for x, t_x, n in [(0, 0, 6), (2, 4, 6), (6, 6, 6)]:
        log_l = bgbb.log_likelihood(x, t_x, n)[0]
        direct = np.exp(
            betaln(a + x + 1, b + n - x)
            - betaln(a, b)
            + betaln(g, d + n + k)
            - betaln(g, d)
            - log_l
        )
        closed = bgbb.expected_purchases(x, t_x, n, t=np.concatenate([[0], k]))
        np.testing.assert_allclose(np.diff(closed), direct, rtol=1e-9)


def test_gamma_of_one_uses_the_limit() -> None:
    at = BetaGeoBetaBinomModel.from_params(alpha=1.2, beta=0.75, gamma=1.0, delta=2.8)
    near = BetaGeoBetaBinomModel.from_params(alpha=1.2, beta=0.75, gamma=1.0 + 1e-6, delta=2.8)
    assert at.expected_purchases(2, 4, 6, t=10)[0] == pytest.approx(
        near.expected_purchases(2, 4, 6, t=10)[0], rel=1e-5
    )


def test_weights_give_the_same_fit_as_one_row_per_donor(
    bgbb: BetaGeoBetaBinomModel, donations: pd.DataFrame
) -> None:
    rows = donations.loc[donations.index.repeat(donations.weights)]
    model = BetaGeoBetaBinomModel().fit(rows.frequency, rows.recency, rows.periods)
    assert model.fit_ is not None and model.fit_.rows == 22
    assert model.params_ == pytest.approx(bgbb.params_, rel=1e-7)


@pytest.mark.parametrize(
    ("frequency", "recency", "periods", "message"),
    [
        ([3], [2], [6], "frequency: .* <= recency"),
        ([1], [7], [6], "recency: .* <= periods"),
        ([1], [2.5], [6], "whole numbers of periods"),
        ([0], [0], [0], "periods: .* whole numbers >= 1"),
    ],
)
def test_impossible_patterns_are_refused(
    frequency: list[float], recency: list[float], periods: list[float], message: str
) -> None:
    model = BetaGeoBetaBinomModel.from_params(**PUBLISHED)
    with pytest.raises(ModelInputError, match=message):
        model.p_alive(frequency, recency, periods)
