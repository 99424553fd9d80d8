"""Predicted CLV: purchases from BG/NBD, Pareto/NBD or BG/BB, spend from Gamma-Gamma."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bindung.models import (
    BetaGeoBetaBinomModel,
    BetaGeoModel,
    GammaGammaModel,
    ModelInputError,
    ParetoNBDModel,
    discounted_expected_purchases,
    predicted_clv,
)


def test_undiscounted_clv_is_purchases_times_spend_times_margin(
    bgnbd: BetaGeoModel, gammagamma: GammaGammaModel, cdnow: pd.DataFrame
) -> None:
    clv = predicted_clv(bgnbd, gammagamma, cdnow, horizon=39, margin=0.3)
    purchases = bgnbd.expected_purchases(cdnow, t=39)
    spend = gammagamma.expected_spend(cdnow.frequency, cdnow.monetary)
    np.testing.assert_allclose(clv, 0.3 * purchases * spend, rtol=1e-12)


def test_discounting_values_each_step_at_its_end(pnbd: ParetoNBDModel) -> None:
    x, t_x, T = 3, 20.0, 39.0
    e = pnbd.expected_purchases(x, t_x, T, t=[13, 26, 39])
    by_hand = e[0] / 1.05 + (e[1] - e[0]) / 1.05**2 + (e[2] - e[1]) / 1.05**3
    clv = predicted_clv(pnbd, 40.0, x, t_x, T, horizon=39, step=13, discount_rate=0.05)
    assert clv[0] == pytest.approx(40.0 * by_hand, rel=1e-12)


def test_a_horizon_that_is_not_a_multiple_of_the_step_ends_with_a_short_step(
    bgnbd: BetaGeoModel,
) -> None:
    det = discounted_expected_purchases(bgnbd, 2, 30.0, 39.0, horizon=30, step=13)
    e = bgnbd.expected_purchases(2, 30.0, 39.0, t=[13, 26, 30])
    assert det[0] == pytest.approx(e[0] + e[1] - e[0] + e[2] - e[1], rel=1e-12)


def test_clv_falls_with_the_discount_rate_and_grows_with_the_horizon(
    bgnbd: BetaGeoModel, cdnow: pd.DataFrame
) -> None:
    head = cdnow.head(50)
    base = predicted_clv(bgnbd, 30.0, head, horizon=52, step=4, discount_rate=0.01)
    assert (predicted_clv(bgnbd, 30.0, head, horizon=52, step=4, discount_rate=0.05) < base).all()
    assert (predicted_clv(bgnbd, 30.0, head, horizon=104, step=4, discount_rate=0.01) > base).all()


def test_bgbb_counts_opportunities(bgbb: BetaGeoBetaBinomModel) -> None:
    clv = predicted_clv(bgbb, 50.0, [6, 0], [6, 0], [6, 6], horizon=5, discount_rate=0.1)
    e = bgbb.expected_purchases([6, 0], [6, 0], [6, 6], t=5)
    assert (clv < 50.0 * e).all()
    assert clv[0] > clv[1] > 0


def test_gamma_gamma_needs_the_mean_spend(bgnbd: BetaGeoModel, gammagamma: GammaGammaModel) -> None:
    with pytest.raises(ModelInputError, match="monetary: needed"):
        predicted_clv(bgnbd, gammagamma, [1], [5.0], [10.0], horizon=10)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"horizon": -1}, "horizon: expected a time >= 0"),
        ({"horizon": 10, "step": 0}, "step: expected a positive time"),
        ({"horizon": 10, "discount_rate": -1}, "discount_rate: expected a rate per step > -1"),
        ({"horizon": 10, "margin": -0.2}, "margin: expected a share >= 0"),
    ],
)
def test_bad_options_are_refused(
    bgnbd: BetaGeoModel, options: dict[str, float], message: str
) -> None:
    with pytest.raises(ModelInputError, match=message):
        predicted_clv(bgnbd, 30.0, [1], [5.0], [10.0], **options)  # type: ignore[arg-type]
