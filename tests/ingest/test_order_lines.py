"""order_lines: the lines of line-item exports, written with their orders (issue 14, point 2).

Expected lines are read off the fixtures by hand (tests/ingest/exports/, the same files the
order tests count): only the lines of stored orders, numbered within their order in file
order; an import of the same file again changes nothing.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

import bindung
from bindung.store import migrations
from bindung.workspace import Workspace

EXPORTS = Path(__file__).parent / "exports"
D = Decimal


def email_hash(ws: Workspace, email: str) -> str:
    row = ws.con.execute("SELECT value FROM bindung_meta WHERE key = 'email_salt'").fetchone()
    assert row is not None
    return hashlib.sha256((str(row[0]) + email.strip().lower()).encode()).hexdigest()


def lines(ws: Workspace) -> list[tuple[object, ...]]:
    return ws.con.execute(
        "SELECT order_id, line, customer_id, sku, product_name, quantity, unit_price, discount "
        "FROM order_lines ORDER BY order_id, line"
    ).fetchall()


def test_shopify_lines_hand_counted(workspace: Workspace) -> None:
    path = EXPORTS / "shopify_orders_export.csv"
    r = workspace.import_file("orders", path)
    assert r.mapping["order_lines"] == (
        "Lineitem sku, Lineitem name, Lineitem quantity, Lineitem price, Lineitem discount"
    )
    anna = email_hash(workspace, "anna@example.com")
    bernd = email_hash(workspace, "bernd@example.com")
    # 11 line rows; #1004 (cancelled, 2 rows) and #1005 (pending, 1 row) are no orders, so
    # their 3 lines are not stored: 8 lines.
    expected = [
        ("#1001", 1, anna, "K-500", "Kaffee 500g", 2, D("10.00"), D("0.00")),
        ("#1001", 2, anna, "F-1", "Filter", 1, D("10.00"), D("0.00")),
        ("#1002", 1, bernd, "M-1", "Kaffeemühle", 1, D("39.90"), D("0.00")),
        ("#1002", 2, bernd, "T-1", "Tasse", 1, D("19.90"), D("0.00")),
        ("#1003", 1, anna, "F-1", "Filter", 1, D("8.00"), D("0.00")),
        ("#1006", 1, bernd, "E-1", "Espressomaschine", 1, D("99.00"), D("0.00")),
        ("#1006", 2, bernd, "K-250", "Kaffee 250g", 4, D("6.99"), D("0.00")),
        ("#1006", 3, bernd, "C-1", "Entkalker", 1, D("7.00"), D("0.00")),
    ]
    assert lines(workspace) == expected
    # The orders stay one row per order, their items the lines' quantities: 3, 2, 1, 6.
    assert workspace.con.execute(
        "SELECT o.order_id, o.items, sum(l.quantity) FROM orders o "
        "JOIN order_lines l USING (order_id) GROUP BY ALL ORDER BY 1"
    ).fetchall() == [("#1001", 3, 3), ("#1002", 2, 2), ("#1003", 1, 1), ("#1006", 6, 6)]

    workspace.import_file("orders", path)
    assert lines(workspace) == expected


def test_an_order_imported_again_has_the_lines_of_its_latest_file(
    workspace: Workspace, tmp_path: Path
) -> None:
    text = (EXPORTS / "shopify_orders_export.csv").read_text(encoding="utf-8").splitlines()
    workspace.import_file("orders", EXPORTS / "shopify_orders_export.csv")
    # The same export without #1006's third line (Entkalker, line 12 of the file): its Total
    # stays, so only its lines change, 3 -> 2.
    path = tmp_path / "orders.csv"
    path.write_text("\n".join(text[:11]) + "\n", encoding="utf-8")
    workspace.import_file("orders", path)
    assert workspace.con.execute(
        "SELECT line, sku FROM order_lines WHERE order_id = '#1006' ORDER BY line"
    ).fetchall() == [(1, "E-1"), (2, "K-250")]
    assert workspace.con.execute("SELECT count(*) FROM order_lines").fetchone() == (7,)


@pytest.mark.parametrize(
    "name", ["woocommerce_advanced_order_export.csv", "woocommerce_orders_one_row_per_item.csv"]
)
def test_woocommerce_lines_hand_counted(workspace: Workspace, name: str) -> None:
    workspace.import_file("orders", EXPORTS / name)
    # 11 product rows; 2005 (cancelled, 2 rows), 2007 (pending) and 2008 (failed) are no
    # orders: 11 - 4 = 7 lines.  Advanced Order Export writes the unit price (Item Cost) and
    # a discount; Customer/Order/Coupon Export only line totals: no unit price, no discount.
    advanced = name.startswith("woocommerce_advanced")

    def price(x: str) -> Decimal | None:
        return D(x) if advanced else None

    zero = D("0.00") if advanced else None
    got = [row[:2] + row[3:] for row in lines(workspace)]  # customer ids: see the order tests
    assert got == [
        ("2001", 1, "K-500", "Kaffee 500g", 2, price("10.00"), zero),
        ("2001", 2, "F-1", "Filter", 1, price("5.00"), zero),
        ("2002", 1, "T-1", "Tasse", 1, price("15.00"), zero),
        ("2003", 1, "M-1", "Mühle", 1, price("20.00"), zero),
        ("2003", 2, "K-250", "Kaffee 250g", 3, price("10.00"), zero),
        ("2004", 1, "C-1", "Entkalker", 1, price("12.00"), zero),
        ("2006", 1, "T-1", "Tasse", 2, price("15.00"), zero),
    ]
    # Each line carries its order's customer.
    assert workspace.con.execute(
        "SELECT count(*) FROM order_lines l JOIN orders o USING (order_id) "
        "WHERE l.customer_id IS DISTINCT FROM o.customer_id"
    ).fetchone() == (0,)


def test_a_line_price_that_is_no_amount_rejects_its_order(
    workspace: Workspace, tmp_path: Path
) -> None:
    text = (EXPORTS / "shopify_orders_export.csv").read_text(encoding="utf-8").splitlines()
    assert ",6.99," in text[10]
    text[10] = text[10].replace(",6.99,", ",6.99 EUR pro Stück,")  # #1006, second line
    path = tmp_path / "orders.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    r = workspace.import_file("orders", path)
    # #1006 (lines 10-12) rejected, the other 3 orders stored with their 5 lines.
    assert (r.stored, r.rejected, r.excluded) == (3, 1, 2)
    (bad,) = [x for x in r.rejects if not x.excluded]
    assert bad.line == 10
    assert bad.reasons == (
        "line 11, column 'Lineitem price': '6.99 EUR pro Stück' is not a whole number "
        "(quantity) or an amount (price, discount) of 0 or more; the order's lines cannot be "
        "stored",
    )
    assert workspace.con.execute(
        "SELECT count(*), count(DISTINCT order_id) FROM order_lines"
    ).fetchone() == (5, 3)
    assert workspace.con.execute(
        "SELECT count(*) FROM orders WHERE order_id = '#1006'"
    ).fetchone() == (0,)


def test_forget_removes_a_customers_lines(workspace: Workspace) -> None:
    workspace.import_file("orders", EXPORTS / "shopify_orders_export.csv")
    workspace.forget("anna@example.com")  # #1001 (2 lines) and #1003 (1 line)
    assert workspace.con.execute("SELECT count(*) FROM order_lines").fetchone() == (5,)


def test_a_version_3_store_gains_order_lines(tmp_path: Path) -> None:
    with bindung.init(tmp_path) as ws:
        ws.import_file("orders", EXPORTS / "shopify_orders_export.csv")
    con = duckdb.connect(str(tmp_path / "bindung.duckdb"))
    con.execute("DROP TABLE order_lines")
    con.execute("UPDATE bindung_meta SET value = '3' WHERE key = 'schema_version'")
    con.close()
    with bindung.open(tmp_path) as ws:
        assert migrations.current_version(ws.con) == migrations.SCHEMA_VERSION
        assert ws.con.execute("SELECT count(*) FROM order_lines").fetchone() == (0,)
        # Its next import of the export stores the lines of the orders it already had.
        ws.import_file("orders", EXPORTS / "shopify_orders_export.csv")
        assert ws.con.execute("SELECT count(*) FROM order_lines").fetchone() == (8,)
    # Migrating is idempotent: a store made at version 1 by this Bindung has the table.
    with bindung.open(tmp_path) as ws:
        ws.con.execute("UPDATE bindung_meta SET value = '3' WHERE key = 'schema_version'")
    with bindung.open(tmp_path) as ws:
        assert migrations.current_version(ws.con) == migrations.SCHEMA_VERSION
        assert ws.con.execute("SELECT count(*) FROM order_lines").fetchone() == (8,)


def test_orders_and_their_lines_are_written_together(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bindung.ingest import load

    write_lines = load._write_lines

    def fail_after_writing(con: duckdb.DuckDBPyConnection, import_id: int) -> None:
        write_lines(con, import_id)
        raise RuntimeError("disk full")

    monkeypatch.setattr(load, "_write_lines", fail_after_writing)
    with pytest.raises(RuntimeError, match="disk full"):
        workspace.import_file("orders", EXPORTS / "shopify_orders_export.csv")
    # One transaction: neither the 4 orders nor their 8 lines, nor the log entry, remain.
    assert workspace.con.execute(
        "SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM order_lines), "
        "(SELECT count(*) FROM customers), (SELECT count(*) FROM imports)"
    ).fetchone() == (0, 0, 0, 0)
