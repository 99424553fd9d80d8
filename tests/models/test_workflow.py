"""Fitting on a workspace: the stored models reproduce the paper, are reused while the data
stay the same, and the holdout check and customer values agree with independent pandas."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import bindung
from bindung.errors import BindungError
from bindung.models import BetaGeoModel, workflow

from .conftest import CDNOW_SAMPLE, pandas_summary, read_cdnow_sample

HOLDOUT = date(1997, 9, 30)


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[bindung.Workspace]:
    if not CDNOW_SAMPLE.exists():
        pytest.skip("../shared/data is not beside the clone")
    folder = tmp_path_factory.mktemp("workflow")
    copy = folder / "sample.txt"
    copy.write_text(
        "master_id customer_id date number_of_cds dollar_value\n" + CDNOW_SAMPLE.read_text()
    )
    workspace = bindung.init(folder / "ws", locale="en_GB")
    workspace.import_file("orders", copy, preset="cdnow")
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def fitted(ws: bindung.Workspace) -> workflow.ClvFit:
    return workflow.fit(ws, holdout=HOLDOUT)


def test_the_fit_reproduces_fader_hardie_lee_and_is_stored(
    ws: bindung.Workspace, fitted: workflow.ClvFit
) -> None:
    # Fader, Hardie & Lee (2005), CDNOW sample, 39 weeks: r .243, alpha 4.414, a .793, b 2.426
    published = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    for name, value in published.items():
        assert fitted.purchases.params_[name] == pytest.approx(value, abs=6e-4)
    assert fitted.calibration_end == HOLDOUT and fitted.holdout_end == date(1998, 6, 30)
    assert (fitted.customers, fitted.repeat_customers) == (2357, 946)
    stored = workflow.load(ws)
    assert stored is not None
    assert stored.purchases.params_ == fitted.purchases.params_
    assert stored.spend is not None and fitted.spend is not None
    assert stored.spend.params_ == fitted.spend.params_
    assert stored.data_version == ws.data_version()


def test_stored_models_are_reused_until_the_data_change(
    ws: bindung.Workspace, fitted: workflow.ClvFit, tmp_path: Path
) -> None:
    again = workflow.current(ws, holdout=HOLDOUT)
    assert again.fitted_at == workflow.load(ws).fitted_at  # type: ignore[union-attr]
    before = ws.data_version()
    extra = tmp_path / "more.csv"
    extra.write_text("Order ID,Customer ID,Order date,Total\nX1,99999,1998-06-30,10.00\n")
    ws.import_file("orders", extra)
    assert ws.data_version() != before
    refit = workflow.current(ws, holdout=HOLDOUT)
    assert refit.data_version == ws.data_version() != fitted.data_version
    ws.forget("99999")


def test_holdout_groups_match_pandas(ws: bindung.Workspace, fitted: workflow.ClvFit) -> None:
    groups = workflow.evaluate(ws, fitted).set_index("group")
    raw = pandas_summary(read_cdnow_sample())
    raw["group"] = np.minimum(raw.frequency, 7)
    actual = raw.groupby("group").frequency_holdout.mean()
    for g, value in actual.items():
        label = f"{g}+" if g == 7 else str(g)
        assert groups.loc[label, "actual"] == pytest.approx(value)
    model = BetaGeoModel.from_params(**fitted.purchases.params_)
    predicted = model.expected_purchases(raw.frequency, raw.recency, raw["T"], t=39)
    assert groups.loc["all", "predicted"] == pytest.approx(float(np.mean(predicted)), rel=1e-9)
    assert groups.loc["all", "customers"] == 2357
    figures = workflow.error_figures(ws, fitted)
    diff = np.asarray(predicted) - raw.frequency_holdout.to_numpy()
    assert figures["mae"] == pytest.approx(float(np.mean(np.abs(diff))), rel=1e-9)
    assert figures["holdout_length"] == pytest.approx(39.0)


def test_customer_values_follow_the_models(ws: bindung.Workspace, fitted: workflow.ClvFit) -> None:
    values = workflow.customer_values(ws, fitted, horizon_days=364, discount_rate_year=0.0)
    assert len(values) == 2357
    assert values["p_alive"].between(0, 1).all()
    assert (values["clv"] >= 0).all()
    # Without discounting, CLV = margin x expected spend x expected purchases in the horizon.
    expected = values["expected_spend"] * values["expected_purchases"]
    np.testing.assert_allclose(values["clv"], expected, rtol=1e-9)
    one = values.set_index("customer_id").iloc[0]
    assert isinstance(one, pd.Series)


def test_too_few_repeat_buyers_is_a_clear_error(tmp_path: Path) -> None:
    ws = bindung.init(tmp_path / "tiny", locale="en_GB")
    path = tmp_path / "o.csv"
    path.write_text("Order ID,Customer ID,Order date,Total\nA,1,2024-01-01,5\nB,1,2024-02-01,5\n")
    ws.import_file("orders", path)
    with pytest.raises(BindungError, match="only 1 customers bought more than once"):
        workflow.fit(ws)
    with pytest.raises(BindungError, match="must lie before the last order day"):
        workflow.fit(ws, holdout=date(2024, 3, 1))
    ws.close()


MASTER = CDNOW_SAMPLE.parent / "CDNOW_master.txt"


@pytest.mark.skipif(not MASTER.exists(), reason="../shared/data is not beside the clone")
def test_free_repeat_purchases_do_not_sink_the_spend_model(tmp_path: Path) -> None:
    """The full CDNOW log has a repeat buyer whose repeat purchases cost $0: Gamma-Gamma is
    fitted without them (and says so) instead of failing for everybody."""
    ws = bindung.init(tmp_path / "master", locale="en_GB")
    ws.import_file("orders", MASTER, preset="cdnow")
    result = workflow.fit(ws, holdout=HOLDOUT, store=False)
    assert result.spend is not None
    assert any("1 customers whose repeat purchases were all free" in n for n in result.warnings)
    values = workflow.customer_values(ws, result, horizon_days=364, discount_rate_year=0.0)
    assert len(values) == 23570 and np.isfinite(values["clv"]).all()
    free = (values["frequency"] > 0) & (values["monetary"] <= 0)
    assert free.sum() >= 1
    # the free repeaters get the population's mean spend (Gamma-Gamma for a new customer)
    expected = result.spend.expected_spend_new_customer()
    np.testing.assert_allclose(values.loc[free, "expected_spend"], expected, rtol=1e-12)
    ws.close()


def test_the_errors_speak_the_workspace_language(tmp_path: Path) -> None:
    ws = bindung.init(tmp_path / "leer")  # German by default
    with pytest.raises(BindungError, match="keine Bestellungen im Arbeitsbereich"):
        workflow.fit(ws)
    ws.close()
