"""Find and remove the rest of a torn import commit.

DuckDB (1.5.6, reproduced in docs/decisions/0014-torn-imports.md) replays a write-ahead log
cut short by a few bytes in part: a bulk insert written straight into the database file (a
full row group, 122,880 rows) is replayed although the entries after it in the same
transaction (the customers it created, the import-log entry) are not.  A crash while the log
is written thus leaves rows of an import without its log entry: a half import that the next
import of the same file would count as duplicates and never complete.

Every row an import writes carries its id (:data:`bindung.store.schema.IMPORT_ID`) and the
log entry is written in the same transaction, so a row whose id has no log entry is the rest
of a torn commit.  Import ids are the log's largest plus one and the store is repaired before
any write (:meth:`bindung.workspace.Workspace` opened for writing), so an unlogged id is
always above the largest logged one: the check reads only the newest row groups (DuckDB's
min/max statistics skip the rest).  Removing these rows restores the store as it was before
the import: the torn part of a commit is only ever bulk appends, never its deletes or updates
(those are replayed only with the commit's last entry).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from bindung.store.schema import IMPORT_ID


@dataclass(frozen=True)
class Torn:
    """Rows written by imports that have no log entry: per table, and the imports' ids."""

    import_ids: tuple[int, ...]
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def tagged_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The store's tables whose rows name their import (the log itself excepted)."""
    return [
        str(r[0])
        for r in con.execute(
            "SELECT table_name FROM duckdb_columns() WHERE column_name = ? "
            "AND schema_name = 'main' AND database_name = current_database() "
            "AND table_name <> 'imports' ORDER BY table_name",
            [IMPORT_ID],
        ).fetchall()
    ]


def _last_logged(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT coalesce(max(import_id), 0) FROM imports").fetchone()
    return int(row[0]) if row else 0


def find(con: duckdb.DuckDBPyConnection) -> Torn | None:
    """The rows of unlogged imports, or None when every stored row's import is logged."""
    last = _last_logged(con)
    rows: dict[str, int] = {}
    ids: set[int] = set()
    for name in tagged_tables(con):
        for import_id, n in con.execute(
            f"SELECT {IMPORT_ID}, count(*) FROM {name} WHERE {IMPORT_ID} > ? GROUP BY 1",
            [last],
        ).fetchall():
            ids.add(int(import_id))
            rows[name] = rows.get(name, 0) + int(n)
    if not rows:
        return None
    return Torn(tuple(sorted(ids)), rows)


def repair(con: duckdb.DuckDBPyConnection) -> Torn | None:
    """Remove the rows of unlogged imports (one transaction, then a checkpoint so the repair
    itself is in the database file); returns what was removed, or None."""
    torn = find(con)
    if torn is None:
        return None
    last = _last_logged(con)
    con.execute("BEGIN TRANSACTION")
    try:
        for name in torn.rows:
            con.execute(f"DELETE FROM {name} WHERE {IMPORT_ID} > ?", [last])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("CHECKPOINT")
    return torn
