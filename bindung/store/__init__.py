"""The store: canonical tables (schema), their migrations, and connections from a URL."""

from bindung.store.connection import connect, store_path
from bindung.store.migrations import SCHEMA_VERSION, migrate
from bindung.store.schema import KINDS, TABLES, Table, table

__all__ = [
    "KINDS",
    "SCHEMA_VERSION",
    "TABLES",
    "Table",
    "connect",
    "migrate",
    "store_path",
    "table",
]
