"""The catalogue against the independent oracle (tests/metrics/oracle.py).

On the demo workspace (every period unit and activity basis, grouped by channel, segment and
cohort) and on the real CDNOW purchase log, every metric of ``ws.kpis`` must equal the oracle's
brute-force value (relative tolerance 1e-9; NaN where the metric is not defined must be NaN in
both).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import bindung
from bindung.metrics.catalogue import CATALOGUE
from tests.metrics import oracle

CDNOW = Path(__file__).parents[2].parent / "shared" / "data" / "cdnow" / "CDNOW_master.txt"
KEYS = [m.key for m in CATALOGUE]


def assert_same(got: pd.DataFrame, expected: pd.DataFrame, by: str | None) -> None:
    """Same periods and groups, same flags and every metric equal (NaN = NaN)."""
    got = got.rename(columns={by: "g"}) if by else got.assign(g="")
    got = got.sort_values(["g", "k"]).reset_index(drop=True)
    expected = expected.sort_values(["g", "k"]).reset_index(drop=True)
    assert list(zip(got.g, got.period, strict=True)) == list(
        zip(expected.g, expected.period, strict=True)
    )
    for col in ("start", "end", "partial", "small"):
        assert list(got[col]) == list(expected[col]), col
    problems = []
    for key in KEYS:
        a = got[key].to_numpy(dtype="float64")
        b = expected[key].to_numpy(dtype="float64")
        close = np.isclose(a, b, rtol=1e-9, atol=1e-9, equal_nan=True)
        if not close.all():
            i = int(np.flatnonzero(~close)[0])
            problems.append(
                f"{key}: {int((~close).sum())} rows differ, first {got.g[i]!r} {got.period[i]}: "
                f"kpis {a[i]!r} vs oracle {b[i]!r}"
            )
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, oracle.Data]:
    return oracle.demo_workspace(tmp_path_factory)


def test_every_catalogue_metric_has_an_oracle() -> None:
    assert set(oracle.ORACLES) == set(KEYS)
    assert len(oracle.ORACLES) == len(KEYS)


# Weeks once (the grid is the same for every basis; the bases differ in the activity spells,
# which months and quarters cover): keeps the module fast on a 2-core machine.
@pytest.mark.parametrize(
    ("period", "basis"),
    [
        *((p, b) for p in ("month", "quarter") for b in ("orders", "subscriptions", "both")),
        ("week", "both"),
    ],
)
def test_demo_matches_oracle(demo: tuple[Any, oracle.Data], period: str, basis: str) -> None:
    ws, data = demo
    got = ws.kpis(period=period, basis=basis)
    expected = oracle.kpis(data, period, basis=basis)
    assert_same(got, expected, None)
    if (period, basis) == ("month", "both"):
        # the comparison is not vacuous: every metric takes a real, non-zero value somewhere
        for key in KEYS:
            values = expected[key].to_numpy(dtype="float64")
            assert np.any(np.isfinite(values) & (values != 0)), key


@pytest.mark.parametrize(("period", "by"), [("month", "channel"), ("quarter", "segment")])
def test_demo_by_group_matches_oracle(demo: tuple[Any, oracle.Data], period: str, by: str) -> None:
    ws, data = demo
    got = ws.kpis(period=period, by=by)
    expected = oracle.kpis(data, period, by=by)
    assert len(set(expected.g)) >= 2
    assert_same(got, expected, by)


def test_demo_by_cohort_matches_oracle(demo: tuple[Any, oracle.Data]) -> None:
    ws, data = demo
    got = ws.kpis(period="quarter", by="cohort", basis="orders")
    expected = oracle.kpis(data, "quarter", by="cohort", basis="orders")
    assert_same(got, expected, "cohort")


def test_groups_add_up_to_the_total(demo: tuple[Any, oracle.Data]) -> None:
    """Counts per channel sum to the ungrouped counts (every customer has exactly one group)."""
    ws, _ = demo
    keys = ["customers_start", "customers_end", "new_customers", "lost_customers", "orders"]
    total = ws.kpis(period="quarter", metrics=keys)
    grouped = ws.kpis(period="quarter", by="channel", metrics=keys)
    summed = grouped.groupby("k")[keys].sum().reset_index(drop=True)
    pd.testing.assert_frame_equal(summed, total[keys].reset_index(drop=True))


def test_oracle_is_sensitive_to_the_window(demo: tuple[Any, oracle.Data]) -> None:
    """A one-day change of W changes the oracle's counts: agreement above is not by accident."""
    ws, data = demo
    shorter = oracle.Data(**{**data.__dict__, "window_days": data.window_days - 1})
    got = ws.kpis(period="month", basis="orders", metrics=["customers_end"])
    expected = oracle.kpis(shorter, "month", basis="orders")
    assert not np.allclose(got.customers_end, expected.customers_end)


@pytest.fixture(scope="module")
def edges(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, oracle.Data]]:
    ws = oracle.edge_case_workspace(tmp_path_factory.mktemp("edges"), seed=11, window_days=30)
    yield ws, oracle.load(ws)
    ws.close()


def test_edge_case_data_hit_the_edges(edges: tuple[Any, oracle.Data]) -> None:
    """The generated data really contain the edge cases (else the comparison proves little)."""
    _, data = edges
    grid = oracle.make_grid(data, "month")
    bounds = set(grid.bounds())
    o, s = data.orders, data.subscriptions
    w = pd.Timedelta(days=data.window_days)
    times = set(o.ordered_at)
    assert sum(t in bounds for t in o.ordered_at) >= 2
    assert sum(t + w in bounds for t in o.ordered_at) >= 2  # exactly W before a bound
    assert any(t + w in times for t in o.ordered_at)  # orders exactly W apart
    assert o.duplicated(["customer_id", "ordered_at"]).sum() >= 3  # same instant
    assert ((s.started_at == s.ended_at) & s.started_at.isin(bounds)).any()
    assert s.ended_at.isin(bounds).sum() >= 2
    assert s.ended_at.isna().sum() >= 5
    merged = data.returns.merge(o, on="order_id")
    assert (merged.amount > merged.revenue).any()


@pytest.mark.parametrize(
    ("period", "basis", "by"),
    [
        ("month", "orders", None),
        ("month", "subscriptions", None),
        ("month", "both", "channel"),
        ("week", "both", "cohort"),
        ("quarter", "orders", "segment"),
    ],
)
def test_edge_cases_match_oracle(
    edges: tuple[Any, oracle.Data], period: str, basis: str, by: str | None
) -> None:
    ws, data = edges
    got = ws.kpis(period=period, basis=basis, by=by)
    assert_same(got, oracle.kpis(data, period, basis=basis, by=by), by)


@pytest.fixture(scope="module")
def cdnow(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, oracle.Data]:
    if not CDNOW.is_file():
        pytest.skip(f"CDNOW log not found at {CDNOW} (../shared/data/cdnow)")
    ws = bindung.init(tmp_path_factory.mktemp("cdnow") / "ws", locale="en_GB")
    ws.import_file("orders", CDNOW, preset="cdnow")
    return ws, oracle.load(ws)


@pytest.mark.slow
def test_cdnow_is_the_full_log(cdnow: tuple[Any, oracle.Data]) -> None:
    _, data = cdnow
    assert len(data.orders) == 69_659
    assert data.orders.customer_id.nunique() == 23_570


@pytest.mark.slow
@pytest.mark.parametrize("period", ["month", "quarter"])
def test_cdnow_matches_oracle(cdnow: tuple[Any, oracle.Data], period: str) -> None:
    ws, data = cdnow
    got = ws.kpis(period=period)
    expected = oracle.kpis(data, period)
    assert_same(got, expected, None)
