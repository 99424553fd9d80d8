"""Shopware 6 order export (Import/Export, profile "Default orders" / "Standardprofil
Bestellungen"): the preset against hand-counted truth.

The fixtures are written in the profile's layout (shopware/shopware,
Migration1627983652AddOrderExportProfile: 24 columns, ';', '"') and as PHP's fputcsv writes
them (a field holding a space is enclosed: streets, line items).  ``line_items`` is
``<quantity>x <productId>`` joined by ``|`` (OrderSerializer); a promotion line has no product
id (``1x ``).  ``order_date_time`` is RFC 3339 with milliseconds and offset (UTC).
"""

from __future__ import annotations

import csv
import hashlib
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from bindung.workspace import Workspace

EXPORTS = Path(__file__).parent / "exports"
DEFAULT = EXPORTS / "shopware6_orders.csv"
WITH_STATE = EXPORTS / "shopware6_orders_with_state.csv"


def email_hash(ws: Workspace, email: str) -> str:
    row = ws.con.execute("SELECT value FROM bindung_meta WHERE key = 'email_salt'").fetchone()
    assert row is not None
    return hashlib.sha256((str(row[0]) + email.strip().lower()).encode()).hexdigest()


def stored(ws: Workspace) -> list[tuple[object, ...]]:
    return ws.con.execute(
        "SELECT order_id, customer_id, ordered_at, revenue, items FROM orders ORDER BY 1"
    ).fetchall()


def everything(ws: Workspace) -> list[list[tuple[object, ...]]]:
    return [
        ws.con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall()
        for name in ("orders", "customers")
    ]


def test_the_fixture_is_in_the_default_profiles_layout() -> None:
    with DEFAULT.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert rows[0] == [
        "id", "order_number", "sales_channel_id", "customer_firstname", "customer_lastname",
        "customer_email", "billing_address_street", "billing_address_zipcode",
        "billing_address_city", "billing_address_company", "billing_address_department",
        "billing_address_country_id", "billing_address_country_state_id",
        "shipping_address_street", "shipping_address_zipcode", "shipping_address_city",
        "shipping_address_company", "shipping_address_department",
        "shipping_address_country_id", "shipping_address_country_state_id", "amount_total",
        "order_state_id", "line_items", "order_date_time",
    ]  # fmt: skip
    assert len(rows) == 6 and all(len(r) == 24 for r in rows)
    raw = DEFAULT.read_text(encoding="utf-8")
    assert ';"Hauptstraße 1";' in raw  # fputcsv encloses a field with a space
    assert ";119.9;" in raw and ";45;" in raw  # PHP's float to string: no trailing zeros


def test_default_profile_hand_counted(workspace_de: Workspace) -> None:
    ws = workspace_de
    r = ws.import_file("orders", DEFAULT)  # no --preset: detected from the header
    assert r.preset == "shopware6"
    assert r.detected == "erkannt: Shopware-6-Bestellexport"
    # 5 rows, one per order; the state is only an id: nothing can be excluded, and the
    # summary says so (and that refunds are not in the export).
    assert (r.read, r.stored, r.rejected, r.excluded, r.duplicates) == (5, 5, 0, 0, 0)
    assert r.status == "ok"
    assert r.notes[0].startswith(
        "die Datei enthält den Bestellstatus nur als ID (order_state_id): stornierte "
        "Bestellungen lassen sich nicht erkennen und wurden als Bestellungen übernommen."
    )
    assert "stateMachineState.technicalName" in r.notes[0]
    assert r.notes[1].startswith("amount_total ist die Bestellsumme vor Erstattungen")
    assert r.mapping == {
        "order_id": "order_number",
        "customer_id": "customer_email (hash)",
        "ordered_at": "order_date_time",
        "revenue": "amount_total",
        "items": "line_items",
    }
    assert "order_state_id" in r.unused and "sales_channel_id" in r.unused

    anna = email_hash(ws, "anna@example.de")  # 10003 writes Anna@Example.de
    bernd = email_hash(ws, "bernd@example.de")
    carla = email_hash(ws, "carla@example.de")
    assert stored(ws) == [
        # 2x P1 | 1x P2 = 3 items; amount_total 119.9
        ("10001", anna, datetime(2024, 3, 1, 9, 15), Decimal("119.90"), 3),
        ("10002", bernd, datetime(2024, 3, 4, 17, 30), Decimal("45.00"), 1),
        # 3x P1 | 1x (a promotion: no product) = 3 items; 22:30 UTC stays 22:30 UTC
        # (00:30 on 1 April in Berlin: the offset is honoured, not read as local time)
        ("10003", anna, datetime(2024, 3, 31, 22, 30), Decimal("89.50"), 3),
        # cancelled in the shop, but the default profile cannot say so: stored
        ("10004", carla, datetime(2024, 4, 2, 8, 0), Decimal("30.00"), 1),
        # 5x P3 | 2x P4 = 7 items
        ("10005", bernd, datetime(2024, 4, 15, 12, 0), Decimal("250.05"), 7),
    ]
    # Customers anna, bernd, carla = 3; items 3 + 1 + 3 + 1 + 7 = 15;
    # revenue 119.90 + 45.00 + 89.50 + 30.00 + 250.05 = 534.45.
    assert ws.con.execute(
        "SELECT (SELECT count(*) FROM customers), sum(items), sum(revenue) FROM orders"
    ).fetchone() == (3, 15, Decimal("534.45"))
    assert "example.de" not in str(everything(ws))

    before = everything(ws)
    again = ws.import_file("orders", DEFAULT)
    assert (again.read, again.stored, again.rejected, again.duplicates) == (5, 0, 0, 5)
    assert everything(ws) == before


def test_profile_with_the_state_hand_counted(workspace: Workspace) -> None:
    r = workspace.import_file("orders", WITH_STATE)
    assert r.detected == "detected: Shopware 6 order export"
    # States: 10001 completed, 10002 in_progress, 10003 open, 10004 cancelled, 10005
    # completed: 4 stored, 10004 excluded (line 5), nothing rejected.
    assert (r.read, r.stored, r.rejected, r.excluded, r.duplicates) == (5, 4, 0, 1, 0)
    assert r.excluded_by == {"status:cancelled": 1}
    assert r.status == "ok"
    assert r.mapping["status"] == "order_state"
    assert not any("order_state_id" in n for n in r.notes)  # the state was read
    assert [(x.line, x.excluded) for x in r.rejects] == [(5, True)]
    assert r.summary("en") == (
        "shopware6_orders_with_state.csv → orders: 5 read · 4 stored · 0 rejected · "
        "1 excluded (status cancelled) · 0 duplicates skipped"
    )
    # Without 10004: customers anna, bernd = 2 (carla has no order); items 3 + 1 + 3 + 7 =
    # 14; revenue 119.90 + 45.00 + 89.50 + 250.05 = 504.45.
    assert workspace.con.execute(
        "SELECT (SELECT count(*) FROM customers), count(*), sum(items), sum(revenue) FROM orders"
    ).fetchone() == (2, 4, 14, Decimal("504.45"))

    before = everything(workspace)
    again = workspace.import_file("orders", WITH_STATE)
    assert (again.read, again.stored, again.rejected, again.excluded) == (5, 0, 0, 1)
    assert everything(workspace) == before


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        (
            ";completed\n",
            ";shipped\n",
            "column 'order_state': status 'shipped' is neither an order (open, in_progress, "
            "completed) nor a cancellation (cancelled); whether it is an order cannot be "
            "decided",
        ),
        (
            '"2x 2a88d9b59d474c7e869d8071649be43c|1x 11dc680240b04f469ccba354cbf0b967"',
            '"2 x 2a88d9b59d474c7e869d8071649be43c"',
            "column 'line_items': '2 x 2a88d9b59d474c7e869d8071649be43c' is not a list of "
            "order lines '<quantity>x <product id>' joined by '|'",
        ),
        (
            '"2x 2a88d9b59d474c7e869d8071649be43c|1x 11dc680240b04f469ccba354cbf0b967"',
            "",
            "column 'line_items': '' is not a list of order lines",
        ),
    ],
)
def test_what_cannot_be_read_is_a_reject_naming_it(
    workspace: Workspace, tmp_path: Path, old: str, new: str, reason: str
) -> None:
    lines = WITH_STATE.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[1]
    lines[1] = lines[1].replace(old, new)  # order 10001
    path = tmp_path / "orders.csv"
    path.write_text("".join(lines), encoding="utf-8")
    r = workspace.import_file("orders", path)
    # 10001 rejected, 10004 excluded, the other three stored.
    assert (r.read, r.stored, r.rejected, r.excluded) == (5, 3, 1, 1)
    assert r.status == "rejects"
    (bad,) = [x for x in r.rejects if not x.excluded]
    assert bad.line == 2
    assert bad.reasons[0].startswith(reason)
