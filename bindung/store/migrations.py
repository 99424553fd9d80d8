"""Schema versions of the store and the steps between them.

A store records its version in ``bindung_meta``.  ``migrate`` applies every missing step in one
transaction; a store made by a newer Bindung is refused rather than guessed at.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from bindung.errors import WorkspaceError
from bindung.store.schema import META_DDL, MODELS_DDL, TABLES


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[duckdb.DuckDBPyConnection], None]


def _create_all(con: duckdb.DuckDBPyConnection) -> None:
    for ddl in META_DDL:
        con.execute(ddl)
    for t in TABLES:
        con.execute(t.ddl())
    # The salt for e-mail hashes lives in the store, so a copied store keeps matching hashes.
    con.execute("INSERT INTO bindung_meta VALUES ('email_salt', ?)", [secrets.token_hex(16)])


def _models_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(MODELS_DDL)


def _imports_excluded(con: duckdb.DuckDBPyConnection) -> None:
    """The import log counts excluded rows (cancelled orders, ...) apart; earlier imports
    get 0 (their exclusions are in ``rejected``).  A store made at version 1 has it already."""
    found = con.execute(
        "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'imports' "
        "AND column_name = 'excluded' AND schema_name = 'main'"
    ).fetchone()
    if not found or not found[0]:
        con.execute("ALTER TABLE imports ADD COLUMN excluded BIGINT DEFAULT 0")


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "canonical tables, import log and rejects", _create_all),
    Migration(2, "fitted models with the data version they were fitted on", _models_table),
    Migration(3, "the import log counts excluded rows apart", _imports_excluded),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'bindung_meta'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute("SELECT value FROM bindung_meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(con: duckdb.DuckDBPyConnection) -> list[Migration]:
    """Bring the store to :data:`SCHEMA_VERSION`; returns the steps applied."""
    version = current_version(con)
    if version > SCHEMA_VERSION:
        raise WorkspaceError(
            f"the store has schema version {version}, newer than this Bindung "
            f"({SCHEMA_VERSION}); upgrade Bindung"
        )
    todo = [m for m in MIGRATIONS if m.version > version]
    if not todo:
        return []
    con.execute("BEGIN TRANSACTION")
    try:
        for m in todo:
            m.apply(con)
        con.execute("DELETE FROM bindung_meta WHERE key = 'schema_version'")
        con.execute("INSERT INTO bindung_meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return todo
