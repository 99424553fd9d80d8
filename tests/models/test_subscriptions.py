"""Survivors by tenure from a subscriptions table, the sBG fitted to them, its report."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import ibis
import numpy as np
import pandas as pd
import pytest

from bindung import demo
from bindung.errors import BindungError
from bindung.models import InsufficientDataError, ModelInputError, ShiftedBetaGeometricModel
from bindung.models.subscriptions import (
    COLUMNS,
    REPORT_COLUMNS,
    fit_survival,
    survival_report,
    survivors,
)
from bindung.workspace import Workspace

B = datetime(2024, 1, 1)
AS_OF = B + timedelta(days=95)
DEMO_AS_OF = datetime(2026, 10, 31, 23)  # the demo's end (midnight in Europe/Berlin), UTC


def day(n: int | None) -> datetime | None:
    return None if n is None else B + timedelta(days=n)


# (customer, start day, end day); period 30 days, as_of = day 95.  Per contract: exposure =
# full periods before as_of, lived = round(duration / 30), at least 1 (None: open).
HAND = [
    ("a", 0, 61),  # exposure 3, lived 2 (61 days)
    ("b", 0, None),  # exposure 3, open
    ("c", 30, 45),  # plan change: one contract with the next row, exposure 2, open
    ("c", 45, None),
    ("d", 10, 20),  # exposure 2, lived 1 (10 days, but the first period is paid)
    ("e", 70, None),  # exposure 0, open
    ("f", 200, None),  # starts after as_of: ignored
    ("g", 0, 31),  # exposure 3, lived 1
    ("g", 60, None),  # back after 29 days: a new contract, exposure 1, open
    ("h", 5, 300),  # ends after as_of: open as of as_of, exposure 3
]
# tenure: (at_risk, alive, alive_before), counted by hand from the comments above
EXPECTED = {0: (8, 8, 8), 1: (7, 5, 7), 2: (6, 3, 4), 3: (4, 2, 2)}


def hand_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "subscription_id": [f"S{i}" for i in range(len(HAND))],
            "customer_id": [c for c, _, _ in HAND],
            "plan": "basic",
            "started_at": pd.to_datetime([day(s) for _, s, _ in HAND]),
            "ended_at": pd.to_datetime([day(e) for _, _, e in HAND]),
            "mrr": 9.9,
        }
    )


@pytest.mark.parametrize("kind", ["ibis", "pandas"])
def test_survivors_counts_the_hand_fixture(kind: str) -> None:
    table = hand_table()
    frame = survivors(ibis.memtable(table) if kind == "ibis" else table, as_of=AS_OF)
    assert tuple(frame.columns) == COLUMNS
    assert frame["tenure"].tolist() == list(EXPECTED)
    counts = {int(r.tenure): (r.at_risk, r.alive, r.alive_before) for r in frame.itertuples()}
    assert counts == EXPECTED
    np.testing.assert_allclose(frame["survival"], [1, 5 / 7, 3 / 6, 2 / 4])
    np.testing.assert_allclose(frame["survival_km"], [1, 5 / 7, 5 / 7 * 3 / 4, 5 / 7 * 3 / 4])


def test_survivors_period_length_changes_the_tenures() -> None:
    frame = survivors(hand_table(), as_of=AS_OF, period_days=10)
    assert frame["tenure"].iloc[-1] == 9  # the oldest contracts started 95 days before
    assert frame["alive"].iloc[0] == frame["at_risk"].iloc[0] == 8


def test_survivors_without_subscriptions_raises_a_clear_error() -> None:
    empty = ibis.memtable(hand_table().iloc[:0])
    with pytest.raises(InsufficientDataError, match="no subscription started") as caught:
        survivors(empty, as_of=AS_OF)
    assert isinstance(caught.value, BindungError)
    with pytest.raises(InsufficientDataError, match="no subscription started"):
        survivors(hand_table(), as_of=B - timedelta(days=1))


def test_survivors_rejects_bad_arguments() -> None:
    with pytest.raises(ModelInputError, match="time zone"):
        survivors(hand_table(), as_of=AS_OF.replace(tzinfo=UTC))
    with pytest.raises(ModelInputError, match="period_days"):
        survivors(hand_table(), as_of=AS_OF, period_days=0)
    bad = hand_table()
    bad.loc[0, "ended_at"] = day(-5)
    with pytest.raises(ModelInputError, match="before started_at"):
        survivors(bad, as_of=AS_OF)


def test_fit_survival_checks_periods() -> None:
    frame = survivors(hand_table(), as_of=AS_OF)
    with pytest.raises(InsufficientDataError, match="up to tenure 3"):
        fit_survival(frame, periods=4)
    with pytest.raises(ModelInputError, match="periods"):
        fit_survival(frame, periods=1)
    with pytest.raises(ModelInputError, match="missing column"):
        fit_survival(frame.drop(columns="survival_km"))


# -- the demo workspace


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    folder: Path = tmp_path_factory.mktemp("subscriptions")
    ws, _ = demo.build(folder, customers=2000)
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def observed(demo_ws: Workspace) -> pd.DataFrame:
    return survivors(demo_ws.table("subscriptions"), as_of=DEMO_AS_OF)


def test_demo_survivors_are_consistent(observed: pd.DataFrame) -> None:
    assert observed["at_risk"].iloc[0] > 100
    assert (observed["alive"] <= observed["alive_before"]).all()
    assert (observed["alive_before"] <= observed["at_risk"]).all()
    assert (np.diff(observed["at_risk"]) <= 0).all()
    assert (np.diff(observed["survival_km"]) <= 1e-12).all()
    assert observed["survival"].iloc[1] < 1  # some cancel at the first renewal


def test_demo_fit_follows_the_observed_curve(observed: pd.DataFrame) -> None:
    model = fit_survival(observed)
    assert isinstance(model, ShiftedBetaGeometricModel)
    well_observed = observed[observed["at_risk"] >= 40]  # tenures 0..24 in the demo
    assert len(well_observed) >= 20
    fitted = model.survival(well_observed["tenure"].to_numpy())
    assert np.max(np.abs(fitted - well_observed["survival_km"])) < 0.05
    assert np.max(np.abs(fitted - well_observed["survival"])) < 0.08
    # the demo draws each subscriber's monthly churn from Beta(1.2, 14): mean 0.079
    gamma, delta = model.params_["gamma"], model.params_["delta"]
    assert 0.05 < gamma / (gamma + delta) < 0.12


def test_demo_report_has_rising_retention(observed: pd.DataFrame) -> None:
    model = fit_survival(observed, periods=24)
    report = survival_report(model, horizon=36, discount_rate=0.01)
    assert tuple(report.columns) == REPORT_COLUMNS
    assert report["tenure"].tolist() == list(range(37))
    assert report["survival"].iloc[0] == 1
    assert np.isnan(report["retention_rate"].iloc[0])
    rates = report["retention_rate"].to_numpy()[1:]
    np.testing.assert_allclose(
        rates, report["survival"].to_numpy()[1:] / report["survival"].to_numpy()[:-1]
    )
    assert (np.diff(rates) > 0).all()  # heterogeneity: the likely cancellers leave first
    assert (np.diff(report["derl"]) > 0).all()
    np.testing.assert_allclose(report["derl"], model.derl(0.01, np.arange(37)))
    assert 1 < report["derl"].iloc[0] < 101  # between one payment and (1+d)/d
