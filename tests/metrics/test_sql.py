"""SQL snapshots: what each engine receives for every metric, the KPI table and a cohort matrix.

Every expression is compiled with ``ibis.to_sql`` for DuckDB, Spark and BigQuery against
unbound tables with the declared schema (bindung/store/schema.py) and a fixed grid (the months
of 2024 in Europe/Berlin), and compared with ``tests/metrics/sql/<dialect>/<key>.sql``.  A
change to a metric shows up as a diff of the SQL; when the change is intended, rewrite the
files with::

    BINDUNG_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/metrics/test_sql.py

and review the diff before committing.  Compiling for BigQuery also proves the expressions
use only operations Ibis can translate there (no engine is needed).
"""

from __future__ import annotations

import difflib
import importlib
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import ibis
import pytest

from bindung.metrics.catalogue import CATALOGUE
from bindung.metrics.cohorts import cohort_expr
from bindung.metrics.kpis import kpi_expr, metric_expr
from bindung.metrics.periods import make_grid
from bindung.metrics.source import Options, Source
from bindung.store import backends, schema

DIALECTS = ("duckdb", "pyspark", "bigquery")
SNAPSHOTS = Path(__file__).parent / "sql"
UPDATE = os.environ.get("BINDUNG_UPDATE_SNAPSHOTS") == "1"
KPI_TABLE = "kpi_table"
COHORT = "cohort_customers_on"
CASES = (*(m.key for m in CATALOGUE), KPI_TABLE, COHORT)
UPDATE_HINT = "BINDUNG_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/metrics/test_sql.py"

_MEMTABLE = re.compile(r"ibis_pandas_memtable_[a-z0-9]+")
# Ibis keeps the columns of .drop() in a frozenset: their order in DuckDB's EXCLUDE (...) and
# BigQuery's EXCEPT (...) follows the string hash seed of the process.
_STAR_EXCEPT = re.compile(r"\b(EXCLUDE|EXCEPT) \(((?:[`\"]\w+[`\"], )*[`\"]\w+[`\"])\)")


def fixed_source(dialect: str) -> Source:
    """The canonical tables, the months of 2024 in Berlin, default options.

    For DuckDB the tables belong to an empty in-memory DuckDB, so the SQL is what the
    workspace's store receives (a component may choose a DuckDB-only form, such as the
    native median); for the other dialects they are unbound.
    """
    grid = make_grid(
        "month",
        "Europe/Berlin",
        datetime(2024, 1, 1),
        datetime(2024, 12, 15),
        data_end=datetime(2024, 12, 15),
    )
    tables = backends.unbound_tables()
    if dialect == "duckdb":
        con = ibis.duckdb.connect()
        for table in schema.TABLES:
            con.raw_sql(table.ddl())

        def tables(name: str) -> Any:
            # as Workspace.table reads them: without the store's bookkeeping column
            return con.table(name).drop(schema.IMPORT_ID)

    return Source(tables, grid, Options())


def normalise(sql: str, names: dict[str, str]) -> str:
    """Replace the random names of in-memory tables and sort the column lists of
    ``* EXCLUDE (...)`` / ``* EXCEPT (...)``, so the text depends only on the expression."""
    for random_name, stable in names.items():
        sql = sql.replace(random_name, stable)
    others: dict[str, str] = {}
    sql = _MEMTABLE.sub(lambda m: others.setdefault(m.group(0), f"memtable_{len(others) + 1}"), sql)

    def ordered(m: re.Match[str]) -> str:
        return f"{m.group(1)} ({', '.join(sorted(m.group(2).split(', ')))})"

    return _STAR_EXCEPT.sub(ordered, sql)


def render(src: Source, case: str, dialect: str) -> str:
    """The normalised SQL of one case (a metric key, the KPI table or the cohort matrix)."""
    if dialect == "pyspark":
        pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -e .[test])")
        # the Spark compiler reads ibis.options.pyspark, registered when the backend loads
        importlib.import_module("ibis.backends.pyspark").Backend.register_options()
    if case == KPI_TABLE:
        expr = kpi_expr(src)
    elif case == COHORT:
        expr = cohort_expr(src, "customers", "on")
    else:
        expr = metric_expr(src, case)
    names = {src.periods().op().name: "periods", src.bounds().op().name: "bounds"}
    return normalise(ibis.to_sql(expr, dialect=dialect), names) + "\n"


@pytest.fixture(scope="module")
def sources() -> dict[str, Source]:
    """One source per dialect, made on first use (sub-expressions are cached in a source)."""
    return {}


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("case", CASES)
def test_sql_matches_snapshot(sources: dict[str, Source], case: str, dialect: str) -> None:
    if dialect not in sources:
        sources[dialect] = fixed_source(dialect)
    sql = render(sources[dialect], case, dialect)
    assert "ibis_" not in sql, "a random Ibis name is left in the SQL; extend normalise()"
    path = SNAPSHOTS / dialect / f"{case}.sql"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(sql, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"{path} does not exist; create it with {UPDATE_HINT}")
    expected = path.read_text(encoding="utf-8")
    if sql != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), sql.splitlines(), str(path), "compiled now", lineterm="", n=2
        )
        shown = "\n".join(list(diff)[:80])
        pytest.fail(
            f"the {dialect} SQL of {case!r} changed; if intended, run {UPDATE_HINT} and review "
            f"the diff\n{shown}"
        )


def test_no_stale_snapshots() -> None:
    """Each snapshot file belongs to a case (a removed metric takes its files with it)."""
    expected = {SNAPSHOTS / d / f"{c}.sql" for d in DIALECTS for c in CASES}
    stale = sorted(p for p in SNAPSHOTS.glob("*/*.sql") if p not in expected)
    if UPDATE:
        for path in stale:
            path.unlink()
        return
    assert not stale, f"snapshots without a case: {stale}; remove them with {UPDATE_HINT}"


def test_case_names_do_not_collide_with_metric_keys() -> None:
    assert len(set(CASES)) == len(CASES)


def test_normalise_replaces_memtables_and_sorts_star_excepts() -> None:
    names = {"ibis_pandas_memtable_aaaa1111": "periods"}
    sql = (
        'SELECT * EXCLUDE ("ck", "cg") FROM ibis_pandas_memtable_aaaa1111 '
        "JOIN ibis_pandas_memtable_zz9 USING (k) "
        "UNION ALL SELECT * EXCEPT (`mk`, `mg`) FROM ibis_pandas_memtable_zz9"
    )
    assert normalise(sql, names) == (
        'SELECT * EXCLUDE ("cg", "ck") FROM periods JOIN memtable_1 USING (k) '
        "UNION ALL SELECT * EXCEPT (`mg`, `mk`) FROM memtable_1"
    )


_SCRIPT = """
from tests.metrics.test_sql import fixed_source, render
print(render(fixed_source("duckdb"), "kpi_table", "duckdb"))
print(render(fixed_source("bigquery"), "kpi_table", "bigquery"))
"""


@pytest.mark.slow
def test_sql_does_not_depend_on_the_hash_seed() -> None:
    """Two processes with different string hash seeds compile the same text (1 and 3 order
    the frozenset {"cg", "ck"} differently, which normalise() must absorb)."""
    root = Path(__file__).resolve().parents[2]
    outputs = []
    for seed in ("1", "3"):
        done = subprocess.run(
            [sys.executable, "-c", _SCRIPT],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 10_000
