"""Stores other than the workspace's DuckDB file: opening by URL and the table contract.

Only what needs no network is tested here: DuckDB through ``ibis.connect`` stands in for the
other engines (Spark runs in tests/metrics/test_spark.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import ibis
import pandas as pd
import pytest

import bindung
import bindung.demo
from bindung.errors import WorkspaceError
from bindung.metrics import run
from bindung.metrics.cohorts import MEASURES, MODES, cohort_expr
from bindung.metrics.kpis import kpi_expr
from bindung.metrics.periods import make_grid
from bindung.metrics.source import GROUPS, Options, Source
from bindung.store import backends, schema
from bindung.workspace import Workspace


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo workspace, closed (so its file can be opened read-only)."""
    folder = tmp_path_factory.mktemp("backends") / "demo"
    ws, _ = bindung.demo.build(folder, customers=300)
    ws.close()
    return folder


@pytest.fixture
def demo_ws(demo_folder: Path) -> Iterator[Workspace]:
    ws = bindung.open(demo_folder, read_only=True)
    yield ws
    ws.close()


def _store_url(folder: Path) -> str:
    return f"duckdb://{(folder / 'bindung.duckdb').resolve()}"


def _empty_store() -> Any:
    """An in-memory DuckDB with every canonical table, created from the declarations."""
    con = ibis.duckdb.connect()
    for table in schema.TABLES:
        con.raw_sql(table.ddl())
    return con


# -- the contract ---------------------------------------------------------------------------


def test_ibis_schema_is_what_the_store_reports(workspace: Workspace) -> None:
    for table in schema.TABLES:
        assert backends.ibis_schema(table) == workspace.table(table.name).schema(), table.name


def test_metric_columns_are_declared_columns() -> None:
    for name, columns in backends.METRIC_COLUMNS.items():
        declared = schema.table(name).column_names
        assert set(columns) <= set(declared), name
        assert list(columns) == [c for c in declared if c in columns], f"{name}: declared order"


def _tables_with(columns: dict[str, tuple[str, ...]]) -> Callable[[str], Any]:
    tables = {}
    for table in schema.TABLES:
        full = backends.ibis_schema(table)
        keep = columns.get(table.name, full.names)
        tables[table.name] = ibis.table({c: full[c] for c in keep}, name=table.name)
    return tables.__getitem__


def _build_all(tables: Callable[[str], Any]) -> None:
    """Every expression the metrics build: KPI tables for each grouping (the activity basis
    'both' reads what 'orders' and 'subscriptions' read) and all cohort matrices."""
    grid = make_grid("month", "UTC", datetime(2024, 1, 1), datetime(2024, 3, 1))
    for by in (None, *GROUPS):
        src = Source(tables, grid, Options(by=by))
        kpi_expr(src)
        for measure in MEASURES:
            for mode in MODES:
                cohort_expr(src, measure, mode)


def test_metric_columns_suffice_for_every_expression() -> None:
    _build_all(_tables_with(dict(backends.METRIC_COLUMNS)))


@pytest.mark.slow
def test_every_metric_column_is_needed() -> None:
    """Without any one listed column some expression cannot be built (the list is not stale)."""
    unneeded = []
    for name, columns in backends.METRIC_COLUMNS.items():
        for col in columns:
            reduced = dict(backends.METRIC_COLUMNS)
            reduced[name] = tuple(c for c in columns if c != col)
            try:
                _build_all(_tables_with(reduced))
            except Exception:
                continue
            unneeded.append(f"{name}.{col}")
    assert not unneeded, f"no expression reads {unneeded}; drop them from METRIC_COLUMNS"


def test_check_names_a_missing_table() -> None:
    con = _empty_store()
    con.raw_sql("DROP TABLE costs")
    with pytest.raises(WorkspaceError, match=r"store: table 'costs' is missing; the metrics read"):
        backends.tables_from(con)


def test_check_names_a_missing_column() -> None:
    con = _empty_store()
    con.raw_sql("ALTER TABLE orders DROP COLUMN channel")
    with pytest.raises(WorkspaceError, match=r"table 'orders' has no column 'channel'"):
        backends.tables_from(con)


def test_check_ignores_columns_the_metrics_do_not_read() -> None:
    con = _empty_store()
    con.raw_sql("ALTER TABLE customers DROP COLUMN email_hash")
    con.raw_sql("DROP TABLE social_posts")
    tables = backends.tables_from(con)
    assert "email_hash" not in tables("customers").columns


@pytest.mark.parametrize(
    ("ddl", "message"),
    [
        (
            "ALTER TABLE orders ALTER ordered_at TYPE TIMESTAMPTZ",
            r"orders\.ordered_at is .*timestamp\('UTC'.*expected a timestamp without time zone",
        ),
        (
            "ALTER TABLE subscriptions ALTER mrr TYPE VARCHAR",
            r"subscriptions\.mrr is .*string; expected a decimal",
        ),
        (
            "ALTER TABLE orders ALTER customer_id TYPE BIGINT",
            r"orders\.customer_id is .*int64; expected text",
        ),
        ("ALTER TABLE costs ALTER period_start TYPE TIMESTAMP", r"costs\.period_start .*a date"),
    ],
)
def test_check_rejects_an_incompatible_type(ddl: str, message: str) -> None:
    con = _empty_store()
    con.raw_sql(ddl)
    with pytest.raises(WorkspaceError, match=message):
        backends.tables_from(con)


def test_floating_point_money_gives_the_same_kpis(demo_ws: Workspace) -> None:
    """money may be DOUBLE instead of DECIMAL (as the contract says)."""
    con = ibis.duckdb.connect()
    for name in backends.METRIC_COLUMNS:
        t = demo_ws.table(name)
        money = [c.name for c in schema.table(name).columns if c.type == "money"]
        con.create_table(name, t.mutate(**{c: t[c].cast("float64") for c in money}).to_pyarrow())
    assert con.table("orders").schema()["revenue"].is_floating()
    tables = backends.tables_from(con)
    pd.testing.assert_frame_equal(
        run.kpis(tables, demo_ws.settings, by="channel"),
        run.kpis(demo_ws.table, demo_ws.settings, by="channel"),
        rtol=1e-9,
    )


# -- opening a URL --------------------------------------------------------------------------


def test_tables_for_a_duckdb_url_gives_the_workspace_results(
    demo_ws: Workspace, demo_folder: Path
) -> None:
    tables = backends.tables_for(_store_url(demo_folder))
    got = run.kpis(tables, demo_ws.settings, period="quarter")
    want = run.kpis(demo_ws.table, demo_ws.settings, period="quarter")
    assert len(want) >= 4
    pd.testing.assert_frame_equal(got, want, rtol=1e-9)


def test_a_duckdb_url_is_opened_read_only(demo_ws: Workspace, demo_folder: Path) -> None:
    tables = backends.tables_for(_store_url(demo_folder))
    con = ibis.get_backend(tables("orders"))
    with pytest.raises(Exception, match=r"(?i)read.only"):
        con.raw_sql("CREATE TABLE scratch (a INTEGER)")


def test_tables_are_canonical_names_only(demo_folder: Path) -> None:
    tables = backends.tables_for(_store_url(demo_folder))
    with pytest.raises(KeyError, match="unknown table 'imports'"):
        tables("imports")


def test_an_unknown_engine_is_named() -> None:
    with pytest.raises(WorkspaceError, match=r"unknown engine 'nosuch'; expected one of duckdb"):
        backends.tables_for("nosuch://host/db")


def test_not_a_url() -> None:
    with pytest.raises(WorkspaceError, match="expected a URL such as bigquery://"):
        backends.tables_for("shop.duckdb")


def test_connection_problems_never_show_the_password() -> None:
    """Without the postgres extra Ibis cannot load the backend; with it, nothing listens on
    port 1.  Either way the message names the store without its password."""
    with pytest.raises(WorkspaceError) as info:
        backends.tables_for("postgres://bi:s3cret@127.0.0.1:1/shop")
    text = str(info.value)
    assert "s3cret" not in text
    assert "postgres://bi:***@127.0.0.1:1/shop" in text
    assert "not installed" in text or "cannot connect" in text


def test_redact() -> None:
    assert (
        backends.redact("snowflake://me:pw@acct/db/schema") == "snowflake://me:***@acct/db/schema"
    )
    assert backends.redact("bigquery://project/dataset") == "bigquery://project/dataset"
    assert backends.redact("pyspark://") == "pyspark://"
