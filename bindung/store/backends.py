"""Read the canonical tables from a store that is not the workspace's DuckDB file.

The metric catalogue compiles to Ibis expressions, so the KPIs and cohorts can run where the
data already are: Spark, BigQuery, Snowflake, Postgres or any other Ibis backend.  Such a store
is read-only for Bindung: imports write only to DuckDB (docs/backends.md).

>>> tables = tables_for("postgres://bi@db.example.com/shop/bindung")        # doctest: +SKIP
>>> run.kpis(tables, settings, period="month")                               # doctest: +SKIP

:func:`tables_for` opens a URL with ``ibis.connect``; :func:`tables_from` wraps a connection
you already have (``ibis.pyspark.connect(spark)``).  Both check first that the tables and
columns the metrics read exist with compatible types and raise
:class:`~bindung.errors.WorkspaceError` naming what is missing or wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bindung.errors import WorkspaceError
from bindung.store import schema

# What a ``store`` URL may start with besides duckdb:// (the schemes docs/backends.md covers;
# any other Ibis backend is tried as well).
SCHEMES: tuple[str, ...] = ("pyspark", "bigquery", "snowflake", "postgres", "postgresql")
# pip extras of ibis-framework per scheme, for the "not installed" message.
_EXTRAS = {"postgresql": "postgres"}

TableSource = Callable[[str], Any]


def ibis_schema(table: schema.Table) -> Any:
    """The declared columns of ``table`` as an Ibis schema: DuckDB's reading of each SQL type
    (``TIMESTAMP`` is ``timestamp(6)``), NOT NULL for required and key columns; equal to what
    the workspace's own store reports."""
    import ibis
    from ibis.backends.sql.datatypes import DuckDBType

    return ibis.schema(
        {
            c.name: DuckDBType.from_string(
                c.sql_type, nullable=not (c.required or c.name in table.key)
            )
            for c in table.columns
        }
    )


def unbound_tables() -> TableSource:
    """name -> an unbound Ibis table with the declared schema (for compiling SQL offline)."""
    import ibis

    tables = {t.name: ibis.table(ibis_schema(t), name=t.name) for t in schema.TABLES}
    return tables.__getitem__


# The columns each canonical table must have for the KPIs and cohorts: the ones some metric
# expression reads by name (every activity basis, grouping and cohort measure).
# tests/store/test_backends.py checks that this list is exact: the expressions build on tables
# with only these columns, and fail without any one of them.
METRIC_COLUMNS: dict[str, tuple[str, ...]] = {
    "customers": ("customer_id", "acquisition_channel", "acquisition_cost", "segment", "country"),
    "orders": ("order_id", "customer_id", "ordered_at", "revenue", "items", "channel"),
    "returns": ("customer_id", "returned_at", "items", "amount"),
    "subscriptions": ("customer_id", "started_at", "ended_at", "mrr"),
    "costs": ("period_start", "period_end", "channel", "purpose", "amount"),
}


def compatible(column: schema.Column, dtype: Any) -> bool:
    """Whether an Ibis type can stand for a declared column in the metric expressions."""
    kind = column.type
    if kind in ("id", "text", "category"):
        return bool(dtype.is_string())
    if kind == "money":
        return bool(dtype.is_decimal() or dtype.is_floating())
    if kind == "integer":
        return bool(dtype.is_integer())
    if kind == "number":
        return bool(dtype.is_numeric())
    if kind == "timestamp":
        # naive UTC only: the period bounds are naive UTC literals (BigQuery cannot compare a
        # TIMESTAMP with a DATETIME; Postgres would convert timestamptz with the session zone)
        return bool(dtype.is_timestamp() and dtype.timezone is None)
    if kind == "date":
        return bool(dtype.is_date())
    return bool(dtype.is_boolean())


_EXPECTED = {
    "id": "text",
    "text": "text",
    "category": "text",
    "money": "a decimal (or floating-point) number",
    "integer": "an integer",
    "number": "a number",
    "timestamp": "a timestamp without time zone holding UTC",
    "date": "a date",
    "boolean": "a boolean",
}


def check(tables: TableSource, where: str = "store") -> None:
    """Raise :class:`WorkspaceError` unless every table and column the metrics read exists
    with a compatible type (see :data:`METRIC_COLUMNS` and docs/tables.md)."""
    import ibis.common.exceptions as ibis_exc

    needed = METRIC_COLUMNS
    for name, columns in needed.items():
        try:
            found = tables(name).schema()
        except ibis_exc.TableNotFound:
            raise WorkspaceError(
                f"{where}: table {name!r} is missing; the metrics read the tables "
                f"{', '.join(needed)} (see docs/tables.md)"
            ) from None
        except Exception as exc:
            raise WorkspaceError(f"{where}: cannot read table {name!r}: {exc}") from None
        declared = schema.table(name)
        for col in columns:
            if col not in found:
                raise WorkspaceError(
                    f"{where}: table {name!r} has no column {col!r}; the metrics read "
                    f"{', '.join(columns)} from it (see docs/tables.md)"
                )
            spec = declared.column(col)
            if not compatible(spec, found[col]):
                raise WorkspaceError(
                    f"{where}: column {name}.{col} is {found[col]}; expected "
                    f"{_EXPECTED[spec.type]} ({spec.sql_type} in docs/tables.md)"
                )


def tables_from(con: Any, *, database: Any = None, where: str = "store") -> TableSource:
    """name -> Ibis table of an open Ibis connection, after :func:`check`.

    ``database`` is passed to ``con.table`` (a Spark database, a Postgres schema, ...).
    """

    def table(name: str) -> Any:
        schema.table(name)  # only canonical names
        if database is None:
            return con.table(name)
        return con.table(name, database=database)

    check(table, where)
    return table


def redact(url: str) -> str:
    """``url`` with its password replaced by ``***`` (for messages)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


def connect(url: str, **kwargs: Any) -> Any:
    """Open ``url`` with ``ibis.connect``; errors as :class:`WorkspaceError`.

    A ``duckdb://`` URL is opened read-only and read as Ibis does (``duckdb:///abs/file``),
    not relative to a workspace folder as the ``store`` setting is.
    """
    import ibis

    scheme = urlsplit(url).scheme.lower()
    shown = redact(url)
    if not scheme:
        raise WorkspaceError(f"store {shown!r}: expected a URL such as bigquery://project/dataset")
    if scheme == "duckdb":
        kwargs.setdefault("read_only", True)
    try:
        return ibis.connect(url, **kwargs)
    except ImportError:
        extra = _EXTRAS.get(scheme, scheme)
        raise WorkspaceError(
            f"store {shown!r}: the Ibis backend for {scheme!r} is not installed; "
            f"pip install 'ibis-framework[{extra}]'"
        ) from None
    except ValueError as exc:
        if "Don't know how to connect" in str(exc):
            raise WorkspaceError(
                f"store {shown!r}: unknown engine {scheme!r}; expected one of "
                f"duckdb, {', '.join(SCHEMES)} (docs/backends.md)"
            ) from None
        raise WorkspaceError(f"store {shown!r}: cannot connect: {exc}") from None
    except Exception as exc:
        raise WorkspaceError(f"store {shown!r}: cannot connect: {exc}") from None


def tables_for(url: str, *, database: Any = None, **kwargs: Any) -> TableSource:
    """Open the store at ``url`` read-only and return ``name -> Ibis table`` for the metrics.

    ``url`` is an Ibis URL (``pyspark://``, ``bigquery://project/dataset``,
    ``snowflake://user:password@account/database/schema``, ``postgres://user:password@host:5432/
    database/schema``); ``kwargs`` go to ``ibis.connect``.  Raises :class:`WorkspaceError` when
    the backend is not installed, the connection fails, or a table or column the metrics read is
    missing or has an incompatible type.
    """
    con = connect(url, **kwargs)
    return tables_from(con, database=database, where=f"store {redact(url)!r}")
