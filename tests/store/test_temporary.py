"""Temporary tables for intermediate results (:mod:`bindung.store.temporary`) and the results
shared within one refresh (:func:`bindung.store.protocol.shared`)."""

from __future__ import annotations

import gc
from typing import Any

import ibis
import pandas as pd

from bindung.store.protocol import shared
from bindung.store.temporary import materialise


def _temp_tables(con: Any) -> set[str]:
    rows = con.raw_sql("SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall()
    return {r[0] for r in rows if r[0].startswith("_bindung_tmp_")}


def _orders(con: Any) -> Any:
    frame = pd.DataFrame(
        {"customer": ["a", "a", "b", "c", "c", "c"], "amount": [10.0, 5.0, 7.0, 1.0, 2.0, 3.0]}
    )
    con.create_table("orders", frame)
    return con.table("orders"), frame


def test_materialised_rows_equal_the_expression_and_later_queries_read_them() -> None:
    con = ibis.duckdb.connect()
    orders, frame = _orders(con)
    expr = orders.group_by("customer").aggregate(total=orders.amount.sum(), n=orders.count())
    kept = materialise(expr)
    assert len(_temp_tables(con)) == 1
    # the rows are kept: changing the source afterwards does not change them
    con.raw_sql("DELETE FROM orders WHERE customer = 'c'")
    got = kept.order_by("customer").to_pandas()
    want = frame.groupby("customer", as_index=False).agg(
        total=("amount", "sum"), n=("amount", "size")
    )
    assert got["customer"].tolist() == want["customer"].tolist() == ["a", "b", "c"]
    assert got["total"].tolist() == want["total"].tolist() == [15.0, 7.0, 6.0]
    assert got["n"].tolist() == [2, 1, 3]
    # an expression built on it keeps the table alive; without any, it is dropped
    derived = kept.filter(kept.total > 6.5)
    del kept
    gc.collect()
    assert derived.count().to_pandas() == 2
    del derived
    gc.collect()
    assert _temp_tables(con) == set()


def test_closing_the_connection_first_is_not_an_error() -> None:
    """A workspace closed before the garbage collector ran: the temporary table went with the
    connection, and dropping it later must not raise (pytest turns unraisable exceptions in
    finalizers into errors)."""
    con = ibis.duckdb.connect()
    orders, _ = _orders(con)
    kept = materialise(orders.filter(orders.amount > 2))
    assert kept.count().to_pandas() == 4
    con.disconnect()
    del kept
    gc.collect()


class _WithMemo:
    memo: dict[Any, Any] | None = None


def test_shared_makes_once_per_memo_and_every_time_without() -> None:
    calls: list[int] = []

    def make() -> int:
        calls.append(1)
        return len(calls)

    ws = _WithMemo()
    assert shared(ws, ("k",), make) == 1
    assert shared(ws, ("k",), make) == 2  # no memo: made again
    ws.memo = {}
    assert shared(ws, ("k",), make) == 3
    assert shared(ws, ("k",), make) == 3  # the memo's value
    assert shared(ws, ("other",), make) == 4
    assert len(calls) == 4
