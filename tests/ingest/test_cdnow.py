"""The real CDNOW purchase log imports with its preset; pandas on the same file is the oracle."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import bindung

MASTER = Path(__file__).resolve().parents[3] / "shared" / "data" / "cdnow" / "CDNOW_master.txt"
pytestmark = pytest.mark.skipif(
    not MASTER.exists(), reason="../shared/data is not beside the clone"
)


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> bindung.Workspace:
    workspace = bindung.init(tmp_path_factory.mktemp("cdnow"), locale="en_GB")
    yield workspace
    workspace.close()


def test_cdnow_imports_all_orders_customers_and_revenue(ws: bindung.Workspace) -> None:
    result = ws.import_file("orders", MASTER, preset="cdnow")
    assert (result.read, result.stored, result.rejected, result.duplicates) == (
        69_659,
        69_659,
        0,
        0,
    )
    assert result.customers_created == 23_570
    row = ws.con.execute(
        "SELECT count(*), count(DISTINCT customer_id), sum(revenue), sum(items) FROM orders"
    ).fetchone()
    assert row is not None
    assert row[:3] == (69_659, 23_570, Decimal("2500315.63"))
    oracle = pd.read_csv(MASTER, sep=r"\s+", dtype={"customer_id": str})
    assert row[3] == oracle.number_of_cds.sum()


def test_cdnow_per_customer_totals_match_pandas(ws: bindung.Workspace) -> None:
    if ws.counts()["orders"] == 0:
        ws.import_file("orders", MASTER, preset="cdnow")
    oracle = pd.read_csv(MASTER, sep=r"\s+", dtype={"customer_id": str})
    expected = oracle.groupby("customer_id").agg(
        n=("date", "size"), revenue=("dollar_value", "sum")
    )
    stored = (
        ws.sql(
            "SELECT customer_id, count(*) AS n, sum(revenue)::DOUBLE AS revenue "
            "FROM orders GROUP BY 1"
        )
        .set_index("customer_id")
        .sort_index()
    )
    assert (stored.n == expected.n).all()
    assert ((stored.revenue - expected.revenue).abs() < 0.005).all()
    # Dates are local (Berlin) midnight, stored in UTC: the first order day is 1997-01-01.
    first = ws.sql("SELECT min(ordered_at) AS t FROM orders").t[0]
    assert str(first) == "1996-12-31 23:00:00"
    local_days = (
        ws.sql(
            "SELECT strftime(timezone('Europe/Berlin', ordered_at::TIMESTAMPTZ), '%Y%m%d') AS d, "
            "count(*) AS n FROM orders GROUP BY 1"
        )
        .set_index("d")
        .n.sort_index()
    )
    oracle_days = oracle.date.astype(str).value_counts().sort_index()
    assert local_days.to_dict() == oracle_days.to_dict()


def test_reimporting_cdnow_changes_nothing(ws: bindung.Workspace) -> None:
    if ws.counts()["orders"] == 0:
        ws.import_file("orders", MASTER, preset="cdnow")
    again = ws.import_file("orders", MASTER, preset="cdnow")
    assert (again.stored, again.duplicates) == (0, 69_659)
    assert ws.counts()["orders"] == 69_659
