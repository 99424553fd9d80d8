"""Every model round-trips through JSON (never pickle) with its fit, and refuses bad input."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
import pytest

import bindung.models as models
from bindung.models import (
    BetaGeoBetaBinomModel,
    BetaGeoModel,
    GammaGammaModel,
    Model,
    ModelInputError,
    NotFittedError,
    ParetoNBDModel,
    ShiftedBetaGeometricModel,
)


@pytest.fixture
def fitted(
    request: pytest.FixtureRequest,
    bgnbd: BetaGeoModel,
    pnbd: ParetoNBDModel,
    gammagamma: GammaGammaModel,
    bgbb: BetaGeoBetaBinomModel,
) -> Model:
    if request.param == "sbg":
        return ShiftedBetaGeometricModel().fit([1000, 631, 468, 382, 326, 289, 262, 241])
    return {"bgnbd": bgnbd, "paretonbd": pnbd, "gammagamma": gammagamma, "bgbb": bgbb}[
        request.param
    ]


ALL = ["bgnbd", "paretonbd", "gammagamma", "bgbb", "sbg"]


def roundtrip(model: Model) -> dict[str, Any]:
    text = json.dumps(model.to_dict(), allow_nan=False)
    loaded = json.loads(text)
    assert isinstance(loaded, dict)
    return loaded


@pytest.mark.parametrize("fitted", ALL, indirect=True)
def test_a_fitted_model_survives_json(fitted: Model) -> None:
    data = roundtrip(fitted)
    again = type(fitted).from_dict(data)
    assert again.params_ == fitted.params_
    assert again.fit_ == fitted.fit_
    pd.testing.assert_frame_equal(again.summary.table, fitted.summary.table)
    assert str(again.summary) == str(fitted.summary)


@pytest.mark.parametrize("fitted", ALL, indirect=True)
def test_the_generic_loader_picks_the_class(fitted: Model) -> None:
    again = models.from_dict(roundtrip(fitted))
    assert type(again) is type(fitted)
    assert again.to_dict() == json.loads(json.dumps(fitted.to_dict()))


def test_predictions_are_identical_after_loading(bgnbd: BetaGeoModel) -> None:
    again = BetaGeoModel.from_dict(roundtrip(bgnbd))
    x, t_x, T = np.array([0, 2, 10]), np.array([0.0, 30.43, 20.0]), np.array([38.86] * 3)
    np.testing.assert_array_equal(again.p_alive(x, t_x, T), bgnbd.p_alive(x, t_x, T))
    np.testing.assert_array_equal(
        again.expected_purchases(x, t_x, T, t=39), bgnbd.expected_purchases(x, t_x, T, t=39)
    )


def test_a_model_from_parameters_has_no_fit() -> None:
    model = ParetoNBDModel.from_params(r=0.553, alpha=10.578, s=0.606, beta=11.669)
    data = roundtrip(model)
    assert data["fit"] is None
    again = ParetoNBDModel.from_dict(data)
    assert again.params_ == model.params_
    with pytest.raises(NotFittedError):
        again.summary  # noqa: B018


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"model": "paretonbd"}, "describe model 'paretonbd', not 'bgnbd'"),
        ({"format": 99}, "format 99 is not supported"),
        ({"params": {"r": 1.0, "alpha": 1.0, "a": 1.0}}, "expected parameters r, alpha, a, b"),
        ({"params": {"r": -1.0, "alpha": 1.0, "a": 1.0, "b": 1.0}}, "r must be positive"),
        ({"params": {"r": "x", "alpha": 1.0, "a": 1.0, "b": 1.0}}, "r is not a number"),
        ({"fit": {"log_likelihood": 1.0}}, "fit: malformed"),
    ],
)
def test_bad_documents_are_refused(
    bgnbd: BetaGeoModel, change: dict[str, Any], message: str
) -> None:
    data = {**bgnbd.to_dict(), **change}
    with pytest.raises(ModelInputError, match=message):
        BetaGeoModel.from_dict(data)


def test_an_unknown_model_is_refused() -> None:
    with pytest.raises(ModelInputError, match="unknown model 'cox'; expected one of bgbb, bgnbd"):
        models.from_dict({"model": "cox"})


def test_the_public_names_are_exact() -> None:
    assert sorted(models.__all__) == models.__all__
    for name in models.__all__:
        assert hasattr(models, name)
