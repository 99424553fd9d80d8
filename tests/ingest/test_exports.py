"""Real export layouts (tests/ingest/exports/): every preset against hand-counted truth.

Each fixture is written in the column names and order its system writes (docs/imports.md
names the pages they come from).  The expected orders, customers, items, net revenue and MRR
are counted by hand below, with the arithmetic written out; a second import of the same file
must change nothing.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from bindung.errors import MappingError
from bindung.workspace import Workspace

EXPORTS = Path(__file__).parent / "exports"


def email_hash(ws: Workspace, email: str) -> str:
    """The customer id an e-mail becomes: sha256(workspace salt + lower-cased address)."""
    row = ws.con.execute("SELECT value FROM bindung_meta WHERE key = 'email_salt'").fetchone()
    assert row is not None
    return hashlib.sha256((str(row[0]) + email.strip().lower()).encode()).hexdigest()


def totals(ws: Workspace) -> tuple[int, int, int, Decimal]:
    """(orders, customers, items, revenue) as stored."""
    row = ws.con.execute(
        "SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM customers), "
        "(SELECT sum(items) FROM orders), (SELECT sum(revenue) FROM orders)"
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2]), Decimal(row[3])


def snapshot(ws: Workspace) -> list[list[tuple[object, ...]]]:
    return [
        ws.con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall()
        for name in ("orders", "customers", "subscriptions")
    ]


# ----------------------------------------------------------------------------- Shopify


def test_shopify_orders_export_hand_counted(workspace: Workspace) -> None:
    path = EXPORTS / "shopify_orders_export.csv"
    r = workspace.import_file("orders", path)  # no --preset: detected from the header
    assert r.preset == "shopify"
    assert r.detected == "detected: Shopify order export"

    # 11 line rows: #1001 x2, #1002 x2, #1003 x1, #1004 x2, #1005 x1, #1006 x3.
    # Stored: #1001, #1002, #1003, #1006 = 4 orders.
    # Excluded (not orders, kept with their reason, no error): #1004 (Cancelled at set) and
    # #1005 (Financial Status pending) = 2.  Rejected: none.
    # Duplicates: the further line rows merged into their order: #1001 1 + #1002 1 + #1004 1
    # + #1006 2 = 5.  4 + 0 + 2 + 5 = 11.
    assert (r.read, r.stored, r.rejected, r.excluded, r.duplicates) == (11, 4, 0, 2, 5)
    assert r.excluded_by == {"cancelled": 1, "status:pending": 1}
    assert r.status == "ok"
    assert r.summary("de") == (
        "shopify_orders_export.csv → orders: 11 gelesen · 4 gespeichert · 0 abgelehnt · "
        "2 ausgenommen (1 storniert, 1 Status pending) · 5 Duplikate übersprungen"
    )
    assert [x.excluded for x in r.rejects] == [True, True]
    # Both are kept in the rejects table with their reasons, marked as exclusions, and the
    # log adds up.
    assert workspace.con.execute(
        "SELECT line, excluded FROM rejects WHERE import_id = ? ORDER BY 1", [r.import_id]
    ).fetchall() == [(7, True), (9, True)]
    assert workspace.con.execute(
        "SELECT rows_read, stored, rejected, excluded, duplicates, status FROM imports"
    ).fetchall() == [(11, 4, 0, 2, 5, "ok")]
    # Lines: header 1; #1001 2-3, #1002 4-5, #1003 6, #1004 7-8, #1005 9, #1006 10-12.
    assert [(x.line, x.reasons) for x in r.rejects] == [
        (
            7,
            (
                "column 'Cancelled at': the order was cancelled ('2024-07-05 11:00:00 +0200'); "
                "a cancelled order is not stored as an order",
            ),
        ),
        (
            9,
            (
                "column 'Financial Status': status 'pending' is not a completed order; kept are: "
                "paid, partially_refunded, refunded, partially_paid",
            ),
        ),
    ]

    anna = email_hash(workspace, "anna@example.com")  # #1003 is written Anna@Example.com
    bernd = email_hash(workspace, "bernd@example.com")
    rows = workspace.con.execute(
        "SELECT order_id, customer_id, revenue, items, channel FROM orders ORDER BY 1"
    ).fetchall()
    assert rows == [
        # Total 34.90, nothing refunded; items 2 + 1.
        ("#1001", anna, Decimal("34.90"), 3, "web"),
        # Total 59.80 - Refunded Amount 19.90 = 39.90; items 1 + 1.
        ("#1002", bernd, Decimal("39.90"), 2, "pos"),
        # Fully refunded: Total 8.00 - 8.00 = 0.00, still an order (docs/imports.md).
        ("#1003", anna, Decimal("0.00"), 1, "web"),
        # Total 120.50 (after the 13.46 discount); items 1 + 4 + 1.
        ("#1006", bernd, Decimal("120.50"), 6, "web"),
    ]
    # Customers: anna (#1001, #1003) and bernd (#1002, #1006); carla (cancelled) and dora
    # (pending) have no order and are no customers.
    # Items 3 + 2 + 1 + 6 = 12; revenue 34.90 + 39.90 + 0.00 + 120.50 = 195.30.
    assert totals(workspace) == (4, 2, 12, Decimal("195.30"))
    assert sorted(
        workspace.con.execute("SELECT customer_id, acquisition_channel FROM customers").fetchall()
    ) == sorted([(anna, "web"), (bernd, "pos")])
    assert "example.com" not in str(snapshot(workspace))

    before = snapshot(workspace)
    again = workspace.import_file("orders", path)
    assert (again.read, again.stored, again.rejected, again.excluded) == (11, 0, 0, 2)
    assert snapshot(workspace) == before


def test_shopify_lines_that_disagree_are_rejected(workspace: Workspace, tmp_path: Path) -> None:
    text = (EXPORTS / "shopify_orders_export.csv").read_text(encoding="utf-8").splitlines()
    # The second line of #1001 names another customer: which one bought is not decidable.
    text[2] = text[2].replace("anna@example.com", "erika@example.com")
    path = tmp_path / "orders_export.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    r = workspace.import_file("orders", path, preset="shopify")
    # #1001 rejected (an error); #1004 and #1005 excluded (not orders) as before.
    assert (r.read, r.stored, r.rejected, r.excluded, r.duplicates) == (11, 3, 1, 2, 5)
    assert r.rejects[0].line == 2
    assert r.rejects[0].reasons == (
        "record '#1001': its lines hold different values in Email; which one is meant cannot "
        "be decided",
    )


def test_shopify_quantity_that_is_no_whole_number_is_named(
    workspace: Workspace, tmp_path: Path
) -> None:
    text = (EXPORTS / "shopify_orders_export.csv").read_text(encoding="utf-8").splitlines()
    text[2] = text[2].replace(",1,Filter,", ",1.5,Filter,")  # second line of #1001
    path = tmp_path / "orders_export.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    r = workspace.import_file("orders", path, preset="shopify")
    assert r.stored == 3
    assert r.rejects[0].line == 2
    assert "'1.5'" in r.rejects[0].reasons[0]
    assert "Lineitem quantity" in r.rejects[0].reasons[0]


def test_a_refund_larger_than_the_total_is_rejected(workspace: Workspace, tmp_path: Path) -> None:
    text = (EXPORTS / "shopify_orders_export.csv").read_text(encoding="utf-8").splitlines()
    text[3] = text[3].replace(",19.90,Röstwerk,", ",69.90,Röstwerk,")  # #1002: 69.90 > 59.80
    path = tmp_path / "orders_export.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    r = workspace.import_file("orders", path, preset="shopify")
    assert r.stored == 3
    assert next((x.line, x.reasons) for x in r.rejects) == (
        4,
        (
            "column 'Refunded Amount': refund '69.90' is larger than 'Total' '59.80'; expected "
            "a refund up to the order's amount",
        ),
    )


# ----------------------------------------------------------------------------- WooCommerce


@pytest.mark.parametrize(
    "name",
    [
        "woocommerce_orders_one_row_per_item.csv",  # Customer/Order/Coupon Export
        "woocommerce_advanced_order_export.csv",  # Advanced Order Export For WooCommerce
    ],
)
def test_woocommerce_one_row_per_product_hand_counted(workspace: Workspace, name: str) -> None:
    path = EXPORTS / name
    r = workspace.import_file("orders", path)  # detected from the header
    assert r.preset == "woocommerce"
    assert r.detected == "detected: WooCommerce order export"

    # 11 product rows: 2001 x2, 2002, 2003 x2, 2004, 2005 x2, 2006, 2007, 2008.
    # Stored: 2001 (completed), 2002 (processing), 2003 (completed, partly refunded),
    # 2004 (refunded), 2006 (completed) = 5.  Excluded (not orders): 2005 cancelled,
    # 2007 pending, 2008 failed = 3.  Duplicates: the second product rows of 2001, 2003 and
    # 2005 = 3.  5 + 0 + 3 + 3 = 11: the second product row is not a duplicate-key reject.
    assert (r.read, r.stored, r.rejected, r.excluded, r.duplicates) == (11, 5, 0, 3, 3)
    # Lines: header 1; 2001 2-3, 2002 4, 2003 5-6, 2004 7, 2005 8-9, 2006 10, 2007 11, 2008 12.
    assert [x.line for x in r.rejects] == [8, 11, 12]
    assert all("is not a completed order" in x.reasons[0] for x in r.rejects)

    bernd = email_hash(workspace, "bernd@example.com")  # guest (user id 0) of 2002 and 2006
    carla = email_hash(workspace, "carla@example.com")  # guest of 2003
    assert workspace.con.execute(
        "SELECT order_id, customer_id, revenue, items FROM orders ORDER BY 1"
    ).fetchall() == [
        ("2001", "17", Decimal("29.90"), 3),  # 2 + 1 items; total 29.90
        ("2002", bernd, Decimal("15.00"), 1),
        ("2003", carla, Decimal("40.00"), 4),  # 50.00 - refund 10.00; items 1 + 3
        ("2004", "17", Decimal("0.00"), 1),  # refunded in full: 12.00 - 12.00
        ("2006", bernd, Decimal("30.00"), 2),  # Bernd@Example.com: the same guest
    ]
    # Customers: 17, bernd, carla = 3 (never one customer "0").
    # Items 3 + 1 + 4 + 1 + 2 = 11; revenue 29.90 + 15.00 + 40.00 + 0.00 + 30.00 = 114.90.
    assert totals(workspace) == (5, 3, 11, Decimal("114.90"))
    assert workspace.con.execute(
        "SELECT count(*) FROM customers WHERE customer_id = '0'"
    ).fetchone() == (0,)

    before = snapshot(workspace)
    again = workspace.import_file("orders", path)
    assert (again.read, again.stored, again.rejected, again.excluded) == (11, 0, 0, 3)
    assert snapshot(workspace) == before


ANALYTICS_REFUSED = (
    "woocommerce_analytics_orders.csv: this is the WooCommerce Analytics orders report "
    "(WooCommerce → Analytics → Orders → Download). It has no customer id and no e-mail "
    "address, only the customer's name in column 'Customer': two customers with the same name "
    "would become one customer, so Bindung does not import it as orders. Export the orders "
    "with the customer's user id or billing e-mail instead: WooCommerce → Orders with an order "
    "export extension (Advanced Order Export For WooCommerce with 'Customer User ID' and "
    "'Email (Billing)', or Customer/Order/Coupon Export, one row per product), which --preset "
    "woocommerce reads. To import this file anyway, at your own risk that customers of the "
    'same name are merged, name the customer column yourself: --map "Customer=customer_id"'
)


def stored_counts(ws: Workspace) -> tuple[int, ...]:
    row = ws.con.execute(
        "SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM customers), "
        "(SELECT count(*) FROM order_lines), (SELECT count(*) FROM imports), "
        "(SELECT count(*) FROM rejects)"
    ).fetchone()
    assert row is not None
    return tuple(int(n) for n in row)


@pytest.mark.parametrize("preset", [None, "woocommerce"])
def test_woocommerce_analytics_orders_download_is_refused_with_its_reason(
    workspace: Workspace, preset: str | None
) -> None:
    # WooCommerce → Analytics → Orders → Download: Date, Order #, Status, Customer (a name),
    # Customer type, Product(s), Items sold, Coupon(s), Net Sales.  Rows 2001, 2003 and 2004
    # are all "Anna Muster", and 2004 is a *new* customer: two people, one name.
    path = EXPORTS / "woocommerce_analytics_orders.csv"
    options = {"preset": preset} if preset else {}
    with pytest.raises(MappingError) as err:
        workspace.import_file("orders", path, **options)
    assert str(err.value) == ANALYTICS_REFUSED
    # Nothing stored: no order, customer, line, import log entry or reject.
    assert stored_counts(workspace) == (0, 0, 0, 0, 0)


def test_woocommerce_analytics_refusal_in_german(workspace_de: Workspace) -> None:
    with pytest.raises(MappingError) as err:
        workspace_de.import_file("orders", EXPORTS / "woocommerce_analytics_orders.csv")
    message = str(err.value)
    assert message.startswith(
        "woocommerce_analytics_orders.csv: das ist der WooCommerce-Analytics-Bestellbericht "
        "(WooCommerce → Analytics → Bestellungen → Herunterladen). Er enthält keine "
        "Kundennummer und keine E-Mail-Adresse, nur den Namen des Kunden in Spalte 'Customer': "
        "zwei Kunden mit gleichem Namen würden ein Kunde"
    )
    assert message.endswith('die Kundenspalte selbst zuordnen: --map "Customer=customer_id"')
    assert stored_counts(workspace_de) == (0, 0, 0, 0, 0)


def test_woocommerce_analytics_with_explicit_customer_column_is_the_users_risk(
    workspace: Workspace,
) -> None:
    # --map "Customer=customer_id": imported as the user says, names as customer ids.
    r = workspace.import_file(
        "orders",
        EXPORTS / "woocommerce_analytics_orders.csv",
        columns={"Customer": "customer_id"},
    )
    assert (r.read, r.stored, r.rejected, r.excluded, r.duplicates) == (4, 4, 0, 0, 0)
    assert r.unused == ["Status", "Customer type", "Product(s)", "Coupon(s)"]
    # 2001, 2003 and 2004 become one customer "Anna Muster" (2004 was a new customer: the
    # merge the message warns of); Bernd Beispiel 2002.  Customers 2; items 3 + 1 + 1 + 1 = 6;
    # revenue (Net Sales) 25.00 + 15.00 + 40.00 + 5.00 = 85.00.
    assert totals(workspace) == (4, 2, 6, Decimal("85.00"))
    assert workspace.con.execute(
        "SELECT customer_id, count(*) FROM orders GROUP BY 1 ORDER BY 1"
    ).fetchall() == [("Anna Muster", 3), ("Bernd Beispiel", 1)]


# ----------------------------------------------------------------------------- Stripe


def test_stripe_subscriptions_mrr_hand_counted(workspace: Workspace) -> None:
    path = EXPORTS / "stripe_subscriptions.csv"
    r = workspace.import_file("subscriptions", path)  # detected from the header
    assert r.preset == "stripe"
    assert r.detected == "detected: Stripe subscriptions export"
    # 10 rows; trialing (sub_1PA005), incomplete_expired (sub_1PA006) and one cancelled during
    # its trial (sub_1PA010) are not paying: excluded, 7 stored.
    assert (r.read, r.stored, r.rejected, r.excluded, r.duplicates) == (10, 7, 0, 3, 0)
    assert r.excluded_by == {"status:incomplete_expired": 1, "status:trialing": 1, "trial": 1}
    assert [x.line for x in r.rejects] == [6, 7, 11]
    assert "status 'trialing'" in r.rejects[0].reasons[0]
    assert "status 'incomplete_expired'" in r.rejects[1].reasons[0]
    assert r.rejects[2].reasons == (
        "column 'Trial End (UTC)': the subscription ended ('2024-06-10 18:00') before its trial "
        "ended ('2024-06-15 09:00'); it never paid and is not stored",
    )

    rows = workspace.con.execute(
        "SELECT subscription_id, customer_id, mrr, ended_at IS NOT NULL FROM subscriptions "
        "ORDER BY 1"
    ).fetchall()
    assert rows == [
        ("sub_1PA001", "cus_A", Decimal("49.00"), False),  # 49.00 a month x 1
        ("sub_1PA002", "cus_B", Decimal("82.50"), False),  # 990.00 a year / 12 = 82.50
        ("sub_1PA003", "cus_C", Decimal("58.00"), False),  # 29.00 a month x quantity 2
        ("sub_1PA004", "cus_D", Decimal("165.00"), True),  # 990.00 / 12 x 2 = 165.00; ended
        ("sub_1PA007", "cus_G", Decimal("40.00"), False),  # 120.00 every 3 months / 3
        ("sub_1PA008", "cus_A", Decimal("43.45"), False),  # 10.00 a week x 365 / 84 = 43.452
        # Cancelled at the period's end: Canceled At is set, Ended At not yet: still paying.
        ("sub_1PA009", "cus_H", Decimal("49.00"), False),
    ]
    # Ended: sub_1PA004 at its Ended At (UTC), not at Canceled At (UTC).
    assert workspace.con.execute(
        "SELECT ended_at FROM subscriptions WHERE subscription_id = 'sub_1PA004'"
    ).fetchone() == (datetime(2024, 6, 1, 8, 0),)
    # sub_1PA009 started its 14-day trial on 1 February and pays from the trial's end.
    assert workspace.con.execute(
        "SELECT started_at FROM subscriptions WHERE subscription_id = 'sub_1PA009'"
    ).fetchone() == (datetime(2024, 2, 15, 11, 0),)
    # MRR of the paying subscriptions (all but the ended sub_1PA004):
    # 49.00 + 82.50 + 58.00 + 40.00 + 43.45 + 49.00 = 321.95 (the bug report's 49 + 990 = 1039
    # is 49 + 82.50 = 131.50 here).
    assert workspace.con.execute(
        "SELECT sum(mrr) FROM subscriptions WHERE ended_at IS NULL"
    ).fetchone() == (Decimal("321.95"),)
    # Customers: cus_A, cus_B, cus_C, cus_D, cus_G, cus_H = 6 (cus_E, cus_F, cus_I never paid).
    assert workspace.con.execute("SELECT count(*) FROM customers").fetchone() == (6,)

    before = snapshot(workspace)
    again = workspace.import_file("subscriptions", path)
    assert (again.read, again.stored, again.rejected, again.excluded) == (10, 0, 0, 3)
    assert snapshot(workspace) == before


def test_stripe_subscription_interval_errors_are_named(
    workspace: Workspace, tmp_path: Path
) -> None:
    text = (EXPORTS / "stripe_subscriptions.csv").read_text(encoding="utf-8").splitlines()
    text[1] = text[1].replace(",month,1,", ",quarter,1,")
    text[2] = text[2].replace(",1,eur,year,1,", ",0.5,eur,year,1,")
    path = tmp_path / "subscriptions.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    r = workspace.import_file("subscriptions", path, preset="stripe")
    assert [(x.line, x.reasons) for x in r.rejects][:2] == [
        (
            2,
            (
                "column 'Interval': 'quarter' is not a price interval; expected one of day, week, "
                "month, year",
            ),
        ),
        (3, ("column 'Quantity' (quantity): '0.5' is not a whole number of at least 0",)),
    ]


def test_stripe_subscriptions_without_interval_are_refused(
    workspace: Workspace, write: Any
) -> None:
    path = write(
        "subscriptions.csv",
        "id,Customer ID,Plan,Status,Start (UTC),Amount\nsub_1,cus_A,Pro,active,2024-01-01,990\n",
    )
    with pytest.raises(MappingError, match="no interval column"):
        workspace.import_file("subscriptions", path, preset="stripe")
    # Mapped explicitly, the user says the amount is monthly.
    r = workspace.import_file("subscriptions", path, preset="stripe", columns={"Amount": "mrr"})
    assert r.stored == 1


def test_stripe_payments_net_of_refunds_hand_counted(workspace: Workspace) -> None:
    path = EXPORTS / "stripe_unified_payments.csv"
    r = workspace.import_file("orders", path)  # detected from the header
    assert r.detected == "detected: Stripe payments export"
    # 5 payments; py_3PB005 failed: excluded (not an order).
    assert (r.read, r.stored, r.rejected, r.excluded, r.duplicates) == (5, 4, 0, 1, 0)
    assert workspace.con.execute(
        "SELECT order_id, customer_id, revenue FROM orders ORDER BY 1"
    ).fetchall() == [
        ("py_3PB001", "cus_A", Decimal("49.00")),
        ("py_3PB002", "cus_B", Decimal("990.00")),
        ("py_3PB003", "cus_A", Decimal("29.00")),  # 49.00 - Amount Refunded 20.00
        ("py_3PB004", "cus_C", Decimal("0.00")),  # refunded in full: 58.00 - 58.00
    ]
    # Revenue 49.00 + 990.00 + 29.00 + 0.00 = 1068.00; customers cus_A, cus_B, cus_C.
    assert totals(workspace) == (4, 3, 4, Decimal("1068.00"))

    before = snapshot(workspace)
    again = workspace.import_file("orders", path)
    assert (again.read, again.stored, again.rejected, again.excluded) == (5, 0, 0, 1)
    assert snapshot(workspace) == before


# ----------------------------------------------------------------------------- forget


def test_shopify_customers_export_describes_the_orders_customers(
    workspace: Workspace, write: Any
) -> None:
    workspace.import_file("orders", EXPORTS / "shopify_orders_export.csv")
    customers = write(
        "customers_export.csv",
        "Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,"
        "Default Address Address1,Default Address Address2,Default Address City,"
        "Default Address Province Code,Default Address Country Code,Default Address Zip,"
        "Default Address Phone,Phone,Accepts SMS Marketing,Total Spent,Total Orders,Note,"
        "Tax Exempt,Tags\n"
        "7001,Anna,Muster,ANNA@example.com,yes,,Hauptstr. 1,,Berlin,BE,DE,10115,,,no,34.90,2,,"
        "no,vip\n"
        "7002,Bernd,Beispiel,bernd@example.com,no,,Ring 2,,Wien,9,AT,1010,,,no,160.40,2,,no,\n"
        "7003,Gerd,Neu,gerd@example.com,no,,Weg 3,,Zürich,ZH,CH,8001,,,no,0.00,0,,no,\n",
    )
    r = workspace.import_file("customers", customers)  # detected from the header
    assert r.detected == "detected: Shopify customer export"
    # anna and bernd are the orders' customers (keyed by the same hash): updated, not new;
    # gerd has no order yet: a third customer.
    assert (r.read, r.stored, r.rejected) == (3, 3, 0)
    anna = email_hash(workspace, "anna@example.com")
    bernd = email_hash(workspace, "bernd@example.com")
    gerd = email_hash(workspace, "gerd@example.com")
    assert sorted(
        workspace.con.execute("SELECT customer_id, country, segment FROM customers").fetchall()
    ) == sorted([(anna, "DE", "vip"), (bernd, "AT", None), (gerd, "CH", None)])


def test_forget_by_email_reaches_every_customer_carrying_the_address(
    workspace: Workspace, write: Any
) -> None:
    workspace.import_file("orders", EXPORTS / "shopify_orders_export.csv")
    # A CRM list keyed by its own customer number, with the address (stored as email_hash).
    crm = write(
        "kunden.csv",
        "Kundennummer;E-Mail;Land\nK-7001;ANNA@example.com;DE\nK-7002;bernd@example.com;DE\n",
    )
    r = workspace.import_file("customers", crm)
    assert r.stored == 2
    anna = email_hash(workspace, "anna@example.com")
    assert workspace.con.execute(
        "SELECT customer_id FROM customers WHERE email_hash = ?", [anna]
    ).fetchall() == [("K-7001",)]

    result = workspace.forget(" anna@example.com ")
    # Keyed by the hash (the orders' customer, 1 row, her 2 orders and their 3 lines: #1001
    # 2, #1003 1) and the CRM's K-7001 whose email_hash it is (1 row): 7 rows.
    assert set(result.customer_ids) == {anna, "K-7001"}
    assert result.rows == {"customers": 2, "orders": 2, "order_lines": 3}
    assert workspace.con.execute(
        "SELECT count(*) FROM customers WHERE customer_id IN (?, 'K-7001') OR email_hash = ?",
        [anna, anna],
    ).fetchone() == (0,)
    assert workspace.forget("anna@example.com").total == 0
    assert workspace.forget("K-7002").rows == {"customers": 1}


def test_strict_refuses_for_errors_not_for_cancelled_orders(
    workspace: Workspace, tmp_path: Path
) -> None:
    from bindung.errors import ImportRefused
    from bindung.ingest.load import ImportResult

    # Exclusions are no invalid rows: --strict stores the export (4 orders, 2 excluded).
    r = workspace.import_file("orders", EXPORTS / "shopify_orders_export.csv", strict=True)
    assert (r.stored, r.rejected, r.excluded, r.status) == (4, 0, 2, "ok")

    # One invalid row (#1002's refund above its Total) refuses the whole file.
    text = (EXPORTS / "shopify_orders_export.csv").read_text(encoding="utf-8").splitlines()
    text[3] = text[3].replace(",19.90,Röstwerk,", ",69.90,Röstwerk,")
    path = tmp_path / "orders_export.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(ImportRefused, match="1 of 11 rows are invalid") as refused:
        workspace.import_file("orders", path, strict=True)
    result = refused.value.result
    assert isinstance(result, ImportResult)
    # Refused: the 3 valid orders count as rejected with the invalid one (4), the 2
    # exclusions stay exclusions, the 5 merged line rows duplicates: 0 + 4 + 2 + 5 = 11.
    assert (result.detected, result.read, result.stored, result.rejected, result.excluded) == (
        "detected: Shopify order export",
        11,
        0,
        4,
        2,
    )
    assert result.status == "refused"


# ----------------------------------------------------------------------------- columns by meaning


def test_german_export_columns_found_by_meaning_hand_counted(workspace: Workspace) -> None:
    path = EXPORTS / "german_shop_export.csv"
    r = workspace.import_file("orders", path)  # no preset, no --map
    # "Datum der Bestellung" and "Anzahl Artikel" by their words, "Bestellwert (€)" without
    # its currency sign; the values parse as the fields (dates, amounts, whole numbers).
    assert r.mapping == {
        "order_id": "Bestellnummer",
        "customer_id": "Kundennummer",
        "revenue": "Bestellwert (€)",
        "ordered_at": "Datum der Bestellung",
        "items": "Anzahl Artikel",
    }
    # Nothing is dropped silently: the two columns nothing reads are named.
    assert r.unused == ["Zahlungsart", "Versandart"]
    assert (r.read, r.stored, r.rejected, r.excluded, r.duplicates) == (6, 6, 0, 0, 0)
    # Items from "Anzahl Artikel": 3 + 12 + 1 + 4 + 2 + 7 = 29 (not 6 x the default 1).
    # Revenue: 49,90 + 1.234,50 + 19,99 + 89,00 + 5,00 + 249,00 = 1647.39.
    # Customers K-01, K-02, K-03, K-04 = 4.
    assert totals(workspace) == (6, 4, 29, Decimal("1647.39"))
    # "03.01.2026 09:15" is Berlin time (CET, UTC+1): 08:15 UTC.
    assert workspace.con.execute(
        "SELECT ordered_at FROM orders WHERE order_id = 'B-1001'"
    ).fetchone() == (datetime(2026, 1, 3, 8, 15),)


def test_english_phrasings_and_not_used_columns(workspace: Workspace, write: Any) -> None:
    path = write(
        "orders.csv",
        "Order ID,Customer,Order Date,Order Total Amount,Number of Items,Payment method\n"
        "A1,C1,2026-01-05,10.50,2,card\n"
        "A2,C2,2026-01-06,4.00,1,invoice\n",
    )
    r = workspace.import_file("orders", path)
    assert r.mapping["revenue"] == "Order Total Amount"
    assert r.mapping["items"] == "Number of Items"
    assert r.unused == ["Payment method"]
    # Items 2 + 1 = 3; revenue 10.50 + 4.00 = 14.50.
    assert totals(workspace) == (2, 2, 3, Decimal("14.50"))


def test_a_phrasing_whose_values_do_not_parse_is_not_taken(
    workspace: Workspace, write: Any
) -> None:
    # "Datum der Bestellung" holds words, not dates: not taken as ordered_at, not suggested.
    path = write(
        "orders.csv",
        "Bestellnummer;Kundennummer;Datum der Bestellung;Betrag\nB1;K1;gestern;5,00\n",
    )
    with pytest.raises(MappingError) as err:
        workspace.import_file("orders", path)
    assert "required field(s) ordered_at" in str(err.value)
    assert '--map "COLUMN=ordered_at"' in str(err.value)


def test_a_column_looking_like_a_defaulted_field_is_a_question(
    workspace: Workspace, write: Any
) -> None:
    text = (
        "Bestellnummer;Kundennummer;Bestelldatum;Betrag;Positionen je Bestellung\n"
        "B1;K1;05.01.2026;5,00;3\n"
        "B2;K2;06.01.2026;7,00;2\n"
    )
    path = write("orders.csv", text)
    # items is not mapped, and "Positionen je Bestellung" looks like it and holds whole
    # numbers: storing items = 1 for both orders would be a silent wrong value.
    with pytest.raises(MappingError) as err:
        workspace.import_file("orders", path)
    assert str(err.value) == (
        f"{path}: column 'Positionen je Bestellung' looks like items, which the file does "
        "not map; Bindung would store items = 1 for every row. Settle it: "
        '--map "Positionen je Bestellung=items" to read it, or '
        '--map "Positionen je Bestellung=-" to leave it out'
    )
    assert workspace.con.execute("SELECT count(*) FROM orders").fetchone() == (0,)
    # Read: items 3 + 2 = 5.
    r = workspace.import_file("orders", path, columns={"Positionen je Bestellung": "items"})
    assert (r.stored, r.unused) == (2, [])
    assert totals(workspace)[2] == 5


def test_a_column_left_out_on_purpose_is_listed_as_not_used(
    workspace: Workspace, write: Any
) -> None:
    path = write(
        "orders.csv",
        "Bestellnummer;Kundennummer;Bestelldatum;Betrag;Positionen je Bestellung\n"
        "B1;K1;05.01.2026;5,00;3\n",
    )
    r = workspace.import_file("orders", path, columns={"Positionen je Bestellung": "-"})
    assert r.unused == ["Positionen je Bestellung"]
    assert totals(workspace)[2] == 1  # the default, because the user said so


def test_two_columns_with_a_known_phrasing_are_a_question(workspace: Workspace, write: Any) -> None:
    path = write(
        "orders.csv",
        "Bestellnummer,Kundennummer,Datum der Bestellung,Purchase Date,Betrag\n"
        "B1,K1,2026-01-05,2026-01-04,5.00\n",
    )
    with pytest.raises(MappingError) as err:
        workspace.import_file("orders", path)
    assert str(err.value) == (
        f"{path}: the columns 'Datum der Bestellung', 'Purchase Date' all look like "
        "ordered_at; which one is meant cannot be decided. Settle it with --map, e.g.: "
        '--map "Datum der Bestellung=ordered_at" --map "Purchase Date=-"'
    )
