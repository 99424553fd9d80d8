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
from bindung.store import schema, scrub


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[duckdb.DuckDBPyConnection], None]


def _create_all(con: duckdb.DuckDBPyConnection) -> None:
    for ddl in schema.META_DDL:
        con.execute(ddl)
    for t in schema.TABLES:
        con.execute(t.ddl())
    # The salt for e-mail hashes lives in the store, so a copied store keeps matching hashes.
    con.execute("INSERT INTO bindung_meta VALUES ('email_salt', ?)", [secrets.token_hex(16)])


def _models_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(schema.MODELS_DDL)


def _excluded_and_currencies(con: duckdb.DuckDBPyConnection) -> None:
    """The import log counts excluded rows (cancelled orders, ...) apart and the rejects mark
    them (earlier imports: 0 and false, their exclusions are among the rejected); orders keep
    their amount before a currency conversion.  A store made at version 1 has them already."""
    added = (
        ("imports", "excluded", "BIGINT DEFAULT 0"),
        ("rejects", "excluded", "BOOLEAN DEFAULT false"),
        ("orders", "revenue_original", "DECIMAL(18,2)"),
    )
    for table, column, sql_type in added:
        found = con.execute(
            "SELECT count(*) FROM duckdb_columns() WHERE table_name = ? "
            "AND column_name = ? AND schema_name = 'main'",
            [table, column],
        ).fetchone()
        if not found or not found[0]:
            con.execute(f"ALTER TABLE {table} ADD COLUMN {column} {sql_type}")


def _order_lines(con: duckdb.DuckDBPyConnection) -> None:
    """The lines of orders (SKU, product, quantity, unit price, discount): empty in an older
    store until its next import of a line-item export.  Idempotent: a store made at version 1
    by this Bindung has the table already."""
    con.execute(schema.table("order_lines").ddl())


def _contacts(con: duckdb.DuckDBPyConnection) -> None:
    """The e-mail contacts for exports to e-mail tools (empty until the workspace enables and
    imports them).  Idempotent like :func:`_order_lines`."""
    con.execute(schema.CONTACTS.ddl())


def _campaigns(con: duckdb.DuckDBPyConnection) -> None:
    """E-mail campaigns and their recipients (empty until imported).  Idempotent like
    :func:`_order_lines`."""
    con.execute(schema.table("campaigns").ddl())
    con.execute(schema.table("campaign_recipients").ddl())


def _import_ids(con: duckdb.DuckDBPyConnection) -> None:
    """Every row an import writes carries its import id, so the rest of a torn commit can be
    found and removed (docs/decisions/0014-torn-imports.md).  Rows stored before: NULL (their
    imports committed).  Idempotent: a store made at version 1 by this Bindung has them."""
    tables = [t.name for t in (*schema.TABLES, *schema.PRIVATE_TABLES.values())]
    tables += list(schema.REFERENCE_TABLES)
    for name in tables:
        have = {
            str(r[0])
            for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                "AND schema_name = 'main'",
                [name],
            ).fetchall()
        }
        if have and schema.IMPORT_ID not in have:  # exchange_rates: made by its first import
            con.execute(f"ALTER TABLE {name} ADD COLUMN {schema.IMPORT_ID} BIGINT")


def _line_categories(con: duckdb.DuckDBPyConnection) -> None:
    """Order lines name their product's category (empty for lines imported before, until
    their orders are imported again).  Idempotent: a store made at version 1 by this Bindung
    has the column already."""
    found = con.execute(
        "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'order_lines' "
        "AND column_name = 'category' AND schema_name = 'main'"
    ).fetchone()
    if not found or not found[0]:
        con.execute("ALTER TABLE order_lines ADD COLUMN category VARCHAR")


def _scrub_comments(con: duckdb.DuckDBPyConnection) -> None:
    """Free text stored before imports replaced contact details in it (survey comments) is
    scrubbed as an import now does (:mod:`bindung.store.scrub`)."""
    for t in (*schema.TABLES, *schema.PRIVATE_TABLES.values()):
        for col in t.columns:
            if col.free_text:
                name = schema.q(col.name)
                con.execute(
                    f"UPDATE {t.name} SET {name} = {scrub.scrubbed_sql(name)} "
                    f"WHERE {name} IS NOT NULL AND {scrub.matches_sql(name)}"
                )


def _texts(con: duckdb.DuckDBPyConnection) -> None:
    """What complaints and mentions say (``text``, free text scrubbed like survey comments):
    empty in an older store until its next import.  Idempotent: a store made at version 1 by
    this Bindung has the columns already."""
    for table in ("complaints", "social_mentions"):
        found = con.execute(
            "SELECT count(*) FROM duckdb_columns() WHERE table_name = ? "
            "AND column_name = 'text' AND schema_name = 'main'",
            [table],
        ).fetchone()
        if not found or not found[0]:
            con.execute(f'ALTER TABLE {table} ADD COLUMN "text" VARCHAR')


def _reviews(con: duckdb.DuckDBPyConnection) -> None:
    """Reviews on review platforms (empty until imported).  Idempotent like
    :func:`_order_lines`."""
    con.execute(schema.table("reviews").ddl())


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "canonical tables, import log and rejects", _create_all),
    Migration(2, "fitted models with the data version they were fitted on", _models_table),
    Migration(
        3, "excluded rows counted apart; amounts before conversion", _excluded_and_currencies
    ),
    Migration(4, "order lines (SKU, product, quantity, unit price, discount)", _order_lines),
    Migration(5, "e-mail contacts for exports to e-mail tools", _contacts),
    Migration(6, "e-mail campaigns and their recipients", _campaigns),
    Migration(7, "every stored row names the import that wrote it", _import_ids),
    Migration(
        8, "e-mail addresses and phone numbers in stored free text replaced", _scrub_comments
    ),
    Migration(9, "texts of complaints and social media mentions", _texts),
    Migration(10, "reviews on review platforms (Trustpilot, Google, Trusted Shops)", _reviews),
    Migration(11, "order lines name their product's category", _line_categories),
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
