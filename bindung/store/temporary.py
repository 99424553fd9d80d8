"""Intermediate results kept in DuckDB for the queries of one answer: a temporary table per
expression, dropped when the expression is no longer used (or with the connection).

>>> rows = materialise(expensive_join)             # doctest: +SKIP
>>> rows.group_by("platform").count().to_pandas()  # reads the table, not the join  # doctest: +SKIP

Unlike Ibis' ``expr.cache()``, whose clean-up raises when the connection has been closed
first (a workspace closed before the garbage collector ran), dropping here is best effort:
a temporary table ends with its connection anyway.
"""

from __future__ import annotations

import contextlib
import uuid
import weakref
from typing import Any


def materialise(expr: Any) -> Any:
    """``expr`` computed once into a temporary table of its backend; returns that table."""
    backend = expr._find_backend()
    name = f"_bindung_tmp_{uuid.uuid4().hex}"
    table = backend.create_table(name, expr, temp=True)
    weakref.finalize(table.op(), _drop, backend, name)  # when no expression uses it
    return table


def _drop(backend: Any, name: str) -> None:
    with contextlib.suppress(Exception):  # a closed connection took the table with it
        backend.drop_table(name, force=True)
