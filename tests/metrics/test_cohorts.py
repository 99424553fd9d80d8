"""Cohort matrices: against the oracle on the demo data and against hand-computed fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from bindung.workspace import Workspace
from tests.metrics import oracle
from tests.metrics.test_fixtures import SHOP_ORDERS, make

NAN = float("nan")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, oracle.Data]:
    return oracle.demo_workspace(tmp_path_factory)


def assert_matrix(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    got = got.set_index("cohort")
    assert list(got.index) == list(expected.index)
    assert list(got.columns) == list(expected.columns)
    a = got.to_numpy(dtype="float64")
    b = expected.to_numpy(dtype="float64")
    assert np.isclose(a, b, rtol=1e-9, atol=1e-9, equal_nan=True).all()


@pytest.mark.parametrize("measure", ["customers", "revenue"])
@pytest.mark.parametrize("mode", ["on", "on-or-after"])
def test_demo_cohorts_match_oracle(demo: tuple[Any, oracle.Data], measure: str, mode: str) -> None:
    ws, data = demo
    got = ws.cohorts(period="month", measure=measure, mode=mode)
    assert_matrix(got, oracle.cohorts(data, "month", measure=measure, mode=mode))


@pytest.mark.parametrize("basis", ["orders", "subscriptions"])
def test_demo_cohorts_by_basis_match_oracle(demo: tuple[Any, oracle.Data], basis: str) -> None:
    ws, data = demo
    got = ws.cohorts(period="quarter", basis=basis, mode="on-or-after")
    assert_matrix(got, oracle.cohorts(data, "quarter", basis=basis, mode="on-or-after"))


def test_demo_percent_rows_start_at_100_and_run_to_the_last_period(
    demo: tuple[Any, oracle.Data],
) -> None:
    ws, data = demo
    got = ws.cohorts(period="month", percent=True)
    assert (got["0"] == 100).all()
    assert got.drop(columns=["cohort", "size", "0"]).max().max() <= 100
    # no cap: 36 months of data, 36 columns; the first cohort is followed to the end
    n = oracle.make_grid(data, "month").n
    assert n == 36
    assert [c for c in got.columns if c not in ("cohort", "size")] == [str(i) for i in range(n)]
    assert got.iloc[0].drop(["cohort", "size"]).notna().all()
    assert got.iloc[-1].drop(["cohort", "size", "0"]).isna().all()
    expected = oracle.cohorts(data, "month", percent=True)
    assert_matrix(got, expected)
    revenue = ws.cohorts(period="quarter", measure="revenue", percent=True)
    assert (revenue["0"] == 100).all()


def test_demo_cohorts_by_channel_add_up(demo: tuple[Any, oracle.Data]) -> None:
    ws, _ = demo
    total = ws.cohorts(period="quarter").set_index("cohort")
    grouped = ws.cohorts(period="quarter", by="channel")
    assert grouped.channel.nunique() >= 3
    summed = grouped.drop(columns="channel").groupby("cohort").sum(min_count=1)
    pd.testing.assert_frame_equal(summed.astype("float64"), total.astype("float64"))


def test_edge_case_cohorts_match_oracle(tmp_path: Path) -> None:
    ws = oracle.edge_case_workspace(tmp_path, seed=11, window_days=30)
    data = oracle.load(ws)
    for basis, measure, mode in (
        ("subscriptions", "customers", "on"),
        ("both", "customers", "on-or-after"),
        ("both", "revenue", "on"),
    ):
        got = ws.cohorts(period="month", basis=basis, measure=measure, mode=mode)
        assert_matrix(got, oracle.cohorts(data, "month", basis=basis, measure=measure, mode=mode))
    ws.close()


# -- hand fixtures ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = make(tmp_path_factory.mktemp("shop"), {"orders": SHOP_ORDERS})
    yield ws
    ws.close()


def rows(frame: pd.DataFrame) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for _, row in frame.iterrows():
        out[row["cohort"]] = [float(v) for v in row.drop(["cohort"])]
    return out


def same(got: dict[str, list[float]], want: dict[str, list[float]]) -> None:
    assert list(got) == list(want)
    for key in want:
        assert got[key] == pytest.approx(want[key], nan_ok=True), key


def test_shop_cohorts(shop: Workspace) -> None:
    # orders (see test_fixtures): c1 in Jan (A1 100, A2 50, A2b 10) and Apr (A5 30);
    # c2 in Jan (A3 40) and Feb (A4 60); c3 in Apr (A6 20).  Cohorts: Jan {c1 c2}, Apr {c3};
    # columns: size, then periods 0..3 since the cohort's month (NaN past April)
    same(
        rows(shop.cohorts(period="month")),
        # Jan: both | c2 in Feb | nobody in Mar | c1 in Apr
        {"2024-01": [2, 2, 1, 0, 1], "2024-04": [1, 1, NAN, NAN, NAN]},
    )
    same(
        rows(shop.cohorts(period="month", mode="on-or-after")),
        # from Feb on: c2 (Feb), c1 (Apr) | from Mar on: c1 | from Apr on: c1
        {"2024-01": [2, 2, 2, 1, 1], "2024-04": [1, 1, NAN, NAN, NAN]},
    )
    same(
        rows(shop.cohorts(period="month", measure="revenue")),
        # 100 + 50 + 10 + 40 | 60 | 0 | 30 (c3's 20 is the April cohort's)
        {"2024-01": [2, 200, 60, 0, 30], "2024-04": [1, 20, NAN, NAN, NAN]},
    )
    same(
        rows(shop.cohorts(period="month", measure="revenue", mode="on-or-after")),
        {"2024-01": [2, 290, 90, 30, 30], "2024-04": [1, 20, NAN, NAN, NAN]},
    )
    same(
        rows(shop.cohorts(period="month", percent=True)),
        {"2024-01": [2, 100, 50, 0, 50], "2024-04": [1, 100, NAN, NAN, NAN]},
    )


SUBSCRIPTIONS = """subscription_id,customer_id,plan,started_at,ended_at,mrr
t1,d1,Basic,2024-01-05 10:00,2024-02-01 00:00,10.00
t2,d1,Basic,2024-04-02 10:00,,10.00
t3,d2,Basic,2024-01-20 10:00,2024-03-15 10:00,10.00
t4,d3,Basic,2024-02-10 10:00,,10.00
t5,d4,Basic,2024-03-01 00:00,2024-03-01 00:00,10.00
"""


def test_subscription_cohorts(tmp_path: Path) -> None:
    ws = make(tmp_path, {"subscriptions": SUBSCRIPTIONS})
    # A subscription counts in the months it overlaps; t1 ends exactly at Feb 1 00:00 (end
    # exclusive), so d1 is not active in February.  d4's subscription ends as it starts, at
    # Mar 1 00:00: it overlaps nothing, but it is d4's first activity (d4 is a new customer in
    # March) and counts in the month it starts.  Cohorts: Jan {d1 d2}, Feb {d3}, Mar {d4}.
    #   Jan cohort: Jan d1 d2 | Feb d2 | Mar d2 (until Mar 15) | Apr d1 (t2)
    same(
        rows(ws.cohorts(period="month", basis="subscriptions")),
        {
            "2024-01": [2, 2, 1, 1, 1],
            "2024-02": [1, 1, 1, 1, NAN],
            "2024-03": [1, 1, 0, NAN, NAN],
        },
    )
    same(
        rows(ws.cohorts(period="month", basis="subscriptions", mode="on-or-after")),
        {
            "2024-01": [2, 2, 2, 2, 1],
            "2024-02": [1, 1, 1, 1, NAN],
            "2024-03": [1, 1, 0, NAN, NAN],
        },
    )
    same(
        rows(ws.cohorts(period="month", basis="subscriptions", percent=True)),
        {
            "2024-01": [2, 100, 50, 50, 50],
            "2024-02": [1, 100, 100, 100, NAN],
            "2024-03": [1, 100, 0, NAN, NAN],
        },
    )
    # the KPIs agree: d1 d2 new in January, d3 in February, d4 in March
    k = ws.kpis(period="month", basis="subscriptions", metrics=["new_customers"])
    assert list(k.new_customers) == [2, 1, 1, 0]
    ws.close()
