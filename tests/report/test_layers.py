"""The report layer labels results and never queries (issue 13): no module of
``bindung/report`` reads the store itself — no ``ws.table``/``ws.sql``/``ws.con``/``ws.kpis``/
``ws.cohorts``, no ``.execute()``/``.to_pandas()`` (or another way to run an expression), no
``import ibis``/``duckdb``.  The queries live in :mod:`bindung.insights` (or
:mod:`bindung.metrics`); the report calls those and lays out what they return."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

import bindung.report

REPORT = Path(bindung.report.__file__).parent

#: names under which the report modules hold the workspace
WORKSPACE_NAMES = frozenset({"ws", "store", "workspace"})
#: what a report module must not take from the workspace (called or passed on, e.g.
#: ``reply_table(ws.table, ...)`` hands the report's own reader to a query)
WORKSPACE_ATTRIBUTES = frozenset({"table", "sql", "con", "kpis", "cohorts"})
#: calls that run an Ibis expression or a DuckDB query, on whatever receiver
RUNNING = frozenset(
    {
        "execute",
        "to_pandas",
        "to_pyarrow",
        "to_pyarrow_batches",
        "to_polars",
        "to_csv_dir",
        "raw_sql",
        "sql",
        "fetchall",
        "fetchone",
        "fetchdf",
        "fetch_df",
    }
)
#: engines a report module has no business importing
ENGINES = frozenset({"ibis", "duckdb"})

#: Known exceptions, (module, function) -> why.  Each must still be needed (see
#: test_known_exceptions_are_still_needed), so drop it here once the query has moved.
KNOWN: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Query:
    """A place where a report module queries: file, line, enclosing function, what."""

    path: str
    line: int
    function: str
    what: str

    def __str__(self) -> str:
        where = f" in {self.function}()" if self.function else ""
        return f"{self.path}:{self.line}{where}: {self.what}"


class _Finder(ast.NodeVisitor):
    def __init__(self, path: str) -> None:
        self.path = path
        self.functions: list[str] = []
        self.found: list[Query] = []

    def _add(self, node: ast.AST, what: str, line: int | None = None) -> None:
        line = getattr(node, "lineno", 0) if line is None else line
        self.found.append(Query(self.path, line, ".".join(self.functions), what))

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if (
            isinstance(node.value, ast.Name)
            and node.value.id in WORKSPACE_NAMES
            and node.attr in WORKSPACE_ATTRIBUTES
        ):
            self._add(node, f"{node.value.id}.{node.attr}")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Attribute) and node.func.attr in RUNNING:
            # the line of the method's name, not of the start of a chained expression
            self._add(node, f".{node.func.attr}()", node.func.end_lineno)
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name.split(".")[0] in ENGINES:
                self._add(node, f"import {alias.name}")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level == 0 and (node.module or "").split(".")[0] in ENGINES:
            self._add(node, f"from {node.module} import ...")


def queries(source: str, path: str = "<source>") -> list[Query]:
    """Every place in ``source`` (a report module's text) that queries the store."""
    finder = _Finder(path)
    finder.visit(ast.parse(source, filename=path))
    return sorted(finder.found, key=lambda q: q.line)


def _modules() -> list[Path]:
    return sorted(REPORT.rglob("*.py"))


def _known(q: Query) -> bool:
    return (Path(q.path).name, q.function.split(".")[0]) in KNOWN


def test_the_report_layer_does_not_query() -> None:
    found = [
        q
        for path in _modules()
        for q in queries(path.read_text(encoding="utf-8"), str(path.relative_to(REPORT.parents[1])))
        if not _known(q)
    ]
    assert not found, "the report layer must not query; move these to bindung/insights:\n" + (
        "\n".join(str(q) for q in found)
    )


def test_known_exceptions_are_still_needed() -> None:
    for module, function in KNOWN:
        path = REPORT / module
        hits = [q for q in queries(path.read_text(encoding="utf-8"), module) if _known(q)]
        assert any(q.function.split(".")[0] == function for q in hits), (
            f"{module}: {function}() no longer queries; drop it from KNOWN in {__file__}"
        )


BAD = """
import ibis
from duckdb import connect

from bindung.insights import social


def section(ws):
    rows = ws.table("orders").filter(lambda t: t.revenue > 0)
    frame = rows.to_pandas()
    n = ws.sql("select 1")
    k = ws.kpis(period="month")
    ws.con.execute("select 2")
    ids = rows.select("customer_id").distinct().execute()
    return social.reply_table(ws.table, None, None, by_period=False), frame, n, k, ids


class Fine:
    def method(self, section):
        return section.table("engagement")  # a Section's table, not the store's
"""


def test_the_checker_names_file_and_line_of_every_query() -> None:
    found = queries(BAD, "bindung/report/bad.py")
    assert [str(q) for q in found] == [
        "bindung/report/bad.py:2: import ibis",
        "bindung/report/bad.py:3: from duckdb import ...",
        "bindung/report/bad.py:9 in section(): ws.table",
        "bindung/report/bad.py:10 in section(): .to_pandas()",
        "bindung/report/bad.py:11 in section(): .sql()",
        "bindung/report/bad.py:11 in section(): ws.sql",
        "bindung/report/bad.py:12 in section(): ws.kpis",
        "bindung/report/bad.py:13 in section(): .execute()",
        "bindung/report/bad.py:13 in section(): ws.con",
        "bindung/report/bad.py:14 in section(): .execute()",
        "bindung/report/bad.py:15 in section(): ws.table",
    ]


@pytest.mark.parametrize(
    "snippet",
    [
        "def f(ws):\n    return ws.table('orders')\n",
        "def f(t):\n    return t.count().execute()\n",
        "def f(store):\n    return store.con\n",
        "import ibis.expr.types as ir\n",
    ],
)
def test_a_single_query_is_enough_to_fail(snippet: str) -> None:
    assert len(queries(snippet)) == 1


def test_labelling_code_passes() -> None:
    fine = (
        "from bindung.insights import social\n\n"
        "def f(ws, grid):\n"
        "    frame = social.shared_engagement(ws, grid, by_period=False)\n"
        "    return frame.to_dict('records'), ws.settings.lang, ws.folder\n"
    )
    assert queries(fine) == []
