"""The catalogue on Spark: KPIs and cohorts from a local SparkSession equal DuckDB's.

The canonical tables of a small demo workspace are copied into Spark temp views (types from
bindung/store/schema.py; times stay naive UTC: Spark ``TIMESTAMP`` read in the session time
zone UTC, which Ibis sets), read through ``ibis.pyspark.connect`` and
:func:`bindung.store.backends.tables_from`, and the results compared with the workspace's own
DuckDB results: same rows, values within 1e-9 relative, NULLs in the same places.

Runs wherever pyspark and Java are installed (CI installs both); skipped otherwise.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import bindung.demo
from bindung.errors import WorkspaceError
from bindung.metrics import run
from bindung.store import backends, schema
from bindung.workspace import Workspace

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -e '.[test]')")


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


if _java() is None:
    pytest.skip("Java is not installed (Spark needs a JVM)", allow_module_level=True)

CUSTOMERS = 2000

pytestmark = [
    # pyspark 4.0's Arrow conversion passes copy= to pandas, which pandas 3 deprecates
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated:DeprecationWarning"),
    # pyspark leaves the sockets it fetches results through to the garbage collector
    pytest.mark.filterwarnings("ignore:unclosed <socket.socket:ResourceWarning"),
    pytest.mark.filterwarnings(
        "ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning"
    ),
]


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    workspace, _ = bindung.demo.build(
        tmp_path_factory.mktemp("spark") / "demo", customers=CUSTOMERS
    )
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A local SparkSession (2 threads, loopback only, UTC); its JVM ends with the module."""
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SPARK_LOCAL_IP", "127.0.0.1")
        session = (
            SparkSession.builder.master("local[2]")
            .appName("bindung-tests")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.memory", "1g")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            # not ./spark-warehouse in the working directory
            .config("spark.sql.warehouse.dir", str(tmp_path_factory.mktemp("spark-warehouse")))
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        gateway = SparkContext._gateway
        try:
            yield session
        finally:
            session.stop()
            # The JVM that pyspark launched exits when its stdin closes; end it here rather
            # than keep ~1 GB for the rest of the test run.
            proc = getattr(gateway, "proc", None)
            if gateway is not None and proc is not None:
                gateway.shutdown()
                if proc.stdin is not None:
                    proc.stdin.close()
                proc.wait(timeout=60)
                SparkContext._gateway = None
                SparkContext._jvm = None


def _spark_schema(table: schema.Table) -> Any:
    import pyspark.sql.types as T

    types = {
        "id": T.StringType(),
        "text": T.StringType(),
        "category": T.StringType(),
        "money": T.DecimalType(18, 2),
        "integer": T.LongType(),
        "number": T.DoubleType(),
        "timestamp": T.TimestampType(),
        "date": T.DateType(),
        "boolean": T.BooleanType(),
    }
    return T.StructType([T.StructField(c.name, types[c.type], True) for c in table.columns])


@pytest.fixture(scope="module")
def con(spark: Any, ws: Workspace) -> Any:
    """An Ibis connection to Spark with the metric tables as temp views."""
    import ibis

    for name in backends.METRIC_COLUMNS:
        frame = ws.table(name).to_pandas()
        df = spark.createDataFrame(frame, schema=_spark_schema(schema.table(name)))
        df.createOrReplaceTempView(name)
    return ibis.pyspark.connect(spark)


@pytest.fixture(scope="module")
def spark_tables(con: Any) -> Callable[[str], Any]:
    return backends.tables_from(con)


def assert_same(duck: pd.DataFrame, spark: pd.DataFrame) -> None:
    """Same columns and rows; floats within 1e-9 relative with NaN in the same places."""
    assert list(spark.columns) == list(duck.columns)
    assert len(spark) == len(duck)
    for col in duck.columns:
        a, b = duck[col], spark[col]
        if pd.api.types.is_float_dtype(a) or pd.api.types.is_float_dtype(b):
            np.testing.assert_allclose(
                b.to_numpy(dtype="float64"),
                a.to_numpy(dtype="float64"),
                rtol=1e-9,
                atol=0,
                equal_nan=True,
                err_msg=f"column {col!r}",
            )
        else:
            assert b.tolist() == a.tolist(), f"column {col!r}"


def test_timestamps_arrive_as_naive_utc(ws: Workspace, spark_tables: Callable[[str], Any]) -> None:
    assert run.data_span(spark_tables) == run.data_span(ws.table)
    assert spark_tables("orders").schema()["ordered_at"].timezone is None


def test_monthly_kpis_equal_duckdb(ws: Workspace, spark_tables: Callable[[str], Any]) -> None:
    duck = run.kpis(ws.table, ws.settings, period="month")
    assert len(duck) >= 12
    # every metric has values, so the comparison below compares numbers, not only NULLs
    assert duck.drop(columns=["k", "period", "start", "end"]).notna().any().all()
    assert_same(duck, run.kpis(spark_tables, ws.settings, period="month"))


def test_kpis_by_channel_equal_duckdb(ws: Workspace, spark_tables: Callable[[str], Any]) -> None:
    duck = run.kpis(ws.table, ws.settings, period="month", by="channel")
    assert duck["channel"].nunique() > 1
    assert_same(duck, run.kpis(spark_tables, ws.settings, period="month", by="channel"))


@pytest.mark.parametrize(
    ("period", "measure", "mode"),
    [("month", "customers", "on"), ("quarter", "revenue", "on-or-after")],
)
def test_cohort_matrix_equals_duckdb(
    ws: Workspace, spark_tables: Callable[[str], Any], period: Any, measure: Any, mode: Any
) -> None:
    duck = run.cohorts(ws.table, ws.settings, period=period, measure=measure, mode=mode)
    assert len(duck) > 3
    assert (duck["0"] > 0).all()
    got = run.cohorts(spark_tables, ws.settings, period=period, measure=measure, mode=mode)
    assert_same(duck, got)


def test_a_pyspark_url_uses_the_active_session(spark: Any, con: Any) -> None:
    """``store = "pyspark://"``: Ibis' getOrCreate() finds the session this process runs."""
    tables = backends.tables_for("pyspark://")
    assert tables("orders").count().to_pyarrow().as_py() == con.table("orders").count().execute()
    assert spark.conf.get("spark.sql.session.timeZone") == "UTC"


def test_a_workspace_pointed_at_spark_gives_the_duckdb_kpis(
    spark: Any, con: Any, ws: Workspace, tmp_path: Path
) -> None:
    """``store = "pyspark://"`` in bindung.toml: the workspace API reads Spark, and refuses to
    write to it."""
    remote = bindung.init(tmp_path / "on_spark", store="pyspark://", locale="en_GB")
    assert remote.remote and remote.read_only
    assert remote.counts()["orders"] == ws.counts()["orders"]
    assert_same(ws.kpis(period="quarter"), remote.kpis(period="quarter"))
    with pytest.raises(WorkspaceError, match=r"another engine.*docs/backends\.md"):
        remote.import_file("orders", tmp_path / "x.csv")
    remote.close()


def test_contract_check_names_what_spark_lacks(spark: Any, con: Any) -> None:
    spark.sql("SELECT customer_id, ordered_at FROM orders").createOrReplaceTempView("orders_cut")
    cut = backends.tables_from(con)  # the full tables pass

    def renamed(name: str) -> Any:
        return con.table("orders_cut") if name == "orders" else cut(name)

    with pytest.raises(WorkspaceError, match=r"table 'orders' has no column 'order_id'"):
        backends.check(renamed, "spark")
    with pytest.raises(WorkspaceError, match=r"table 'customers' is missing"):
        backends.check(lambda name: con.table(f"{name}_absent"), "spark")


# -- the per-customer summaries behind the CLV models, segments and comparisons ---------------


def test_rfm_summary_for_the_clv_models_equals_duckdb(
    ws: Workspace, spark_tables: Callable[[str], Any]
) -> None:
    from bindung.models.summary import rfm_summary

    options: dict[str, Any] = {
        "calibration_end": "2026-03-31",
        "holdout_end": "2026-09-30",
        "timezone": ws.settings.timezone,
    }
    duck = rfm_summary(ws.table("orders"), **options).to_pandas()
    assert len(duck) > CUSTOMERS / 2 and (duck["frequency"] > 0).any()
    got = rfm_summary(spark_tables("orders"), **options).to_pandas()
    assert_same(duck, got)


def test_rfm_scores_and_segments_equal_duckdb(
    ws: Workspace, spark_tables: Callable[[str], Any]
) -> None:
    from datetime import datetime

    from bindung.insights.segments import rfm_scores, segment_expr

    as_of = datetime(2026, 10, 1)
    duck = segment_expr(rfm_scores(ws.table("orders"), as_of=as_of)).to_pandas()
    assert duck["segment"].nunique() >= 5
    got = segment_expr(rfm_scores(spark_tables("orders"), as_of=as_of)).to_pandas()
    assert_same(duck, got)


def test_the_customer_month_panel_of_the_comparisons_equals_duckdb(
    ws: Workspace, spark_tables: Callable[[str], Any]
) -> None:
    """The panel the fan, complaint and loyalty comparisons fit on, read from Spark."""
    from bindung.insights.panel import customer_months

    class OnSpark:
        settings = ws.settings
        table = staticmethod(spark_tables)

    duck, got = customer_months(ws), customer_months(OnSpark())
    assert duck.grid.labels == got.grid.labels and len(duck.grid.labels) > 12
    assert duck.full_months == got.full_months
    assert_same(duck.frame, got.frame)
    assert_same(duck.first, got.first)
