"""Header synonyms, explicit ``--map`` columns, mapping errors and the presets."""

from __future__ import annotations

import hashlib
import tomllib
from datetime import datetime
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from bindung.errors import MappingError
from bindung.ingest import mapping, presets
from bindung.store.schema import KINDS, TABLES, table
from bindung.workspace import Workspace

# Per table: every required field (and a few optional ones) with a typical German and English
# header, spelled as exports spell them (case, hyphens, dots and umlauts included).
TYPICAL: dict[str, dict[str, tuple[str, str]]] = {
    "customers": {
        "customer_id": ("Kundennummer", "Customer ID"),
        "first_seen": ("Kunde seit", "Customer since"),
        "acquisition_channel": ("Herkunft", "Source"),
        "acquisition_cost": ("Akquisekosten", "CAC"),
        "email": ("E-Mail-Adresse", "Email Address"),
    },
    "orders": {
        "order_id": ("Bestellnummer", "Order Number"),
        "customer_id": ("Kundennr.", "Customer"),
        "ordered_at": ("Bestelldatum", "Order Date"),
        "revenue": ("Umsatz", "Total"),
        "items": ("Stückzahl", "Quantity"),
        "currency": ("Währung", "Currency"),
    },
    "returns": {
        "return_id": ("Retourennummer", "Return ID"),
        "order_id": ("Bestell-Nr.", "Order ID"),
        "returned_at": ("Rücksendedatum", "Return Date"),
        "amount": ("Erstattungsbetrag", "Refund Amount"),
    },
    "subscriptions": {
        "subscription_id": ("Abo-Nummer", "Subscription ID"),
        "customer_id": ("Kunden-ID", "Customer ID"),
        "started_at": ("Vertragsbeginn", "Start Date"),
        "ended_at": ("Gekündigt zum", "Cancelled at"),
        "mrr": ("Monatsbeitrag", "MRR"),
    },
    "survey_responses": {
        "response_id": ("Antwort-ID", "Response ID"),
        "responded_at": ("Antwortdatum", "Submitted at"),
        "survey": ("Umfrage", "Survey"),
        "score": ("Bewertung", "Score"),
        "comment": ("Freitext", "Feedback"),
    },
    "social_posts": {
        "post_id": ("Beitrags-ID", "Post ID"),
        "platform": ("Plattform", "Platform"),
        "published_at": ("Veröffentlicht am", "Published at"),
    },
    "social_interactions": {
        "interaction_id": ("Interaktions-ID", "Interaction ID"),
        "post_id": ("Beitrag", "Post"),
        "kind": ("Interaktionstyp", "Interaction type"),
        "at": ("Zeitpunkt", "Timestamp"),
    },
    "social_mentions": {
        "mention_id": ("Erwähnungs-ID", "Mention ID"),
        "platform": ("Netzwerk", "Network"),
        "at": ("Datum", "Date"),
        "sentiment": ("Tonalität", "Sentiment"),
        "needs_reply": ("Antwort nötig", "Needs reply"),
    },
    "identities": {
        "platform": ("Plattform", "Platform"),
        "handle": ("Nutzername", "Username"),
        "customer_id": ("Kundennummer", "Customer ID"),
    },
    "complaints": {
        "complaint_id": ("Ticketnummer", "Ticket ID"),
        "customer_id": ("Kundennummer", "Customer ID"),
        "opened_at": ("Eingangsdatum", "Opened at"),
        "outcome": ("Ergebnis", "Outcome"),
    },
    "costs": {
        "cost_id": ("Buchungsnummer", "Cost ID"),
        "period_start": ("Zeitraum von", "Period start"),
        "period_end": ("Zeitraum bis", "Period end"),
        "purpose": ("Zweck", "Purpose"),
        "amount": ("Kosten", "Amount"),
    },
    "loyalty_events": {
        "event_id": ("Transaktions-ID", "Event ID"),
        "customer_id": ("Kundennummer", "Customer ID"),
        "at": ("Datum", "Date"),
        "kind": ("Ereignis", "Event"),
        "points": ("Bonuspunkte", "Points"),
    },
    "assignments": {
        "experiment": ("Versuch", "Experiment"),
        "customer_id": ("Kundennummer", "Customer ID"),
        "variant": ("Variante", "Variant"),
    },
    "goals": {
        "metric": ("Kennzahl", "Metric"),
        "period": ("Zeitraum", "Period"),
        "target": ("Zielwert", "Target"),
        "priority": ("Priorität", "Priority"),
    },
    "campaigns": {
        "campaign_id": ("Kampagnen-ID", "Campaign ID"),
        "name": ("Betreff", "Subject"),
        "channel": ("Kanal", "Channel"),
        "sent_at": ("Versendet am", "Send Time"),
        "cost": ("Kosten", "Cost"),
    },
    "campaign_recipients": {
        "campaign_id": ("Mailing-ID", "Campaign ID"),
        "customer_id": ("Kundennummer", "Customer ID"),
        "variant": ("Variante", "Variant"),
        "holdout": ("Kontrollgruppe", "Control group"),
        "sent_at": ("Versendet am", "Send Time"),
        "opened_at": ("Geöffnet am", "First Open"),
        "clicked_at": ("Erster Klick", "First Click"),
    },
    "reviews": {
        "review_id": ("Bewertungs-ID", "Review ID"),
        "rating": ("Sterne", "Rating"),
        "title": ("Titel", "Title"),
        "text": ("Kommentar", "Comment"),
        "reviewed_at": ("Bewertet am", "Review Date"),
        "order_reference": ("Bestellnummer", "Order Number"),
        "reply_text": ("Antwort", "Reply"),
    },
}


def test_every_table_and_every_required_field_has_typical_headers() -> None:
    # Every table a file is imported into (order_lines come with an orders import).
    assert set(TYPICAL) == set(KINDS)
    for t in TABLES:
        if t.name in KINDS:
            assert set(t.required) <= set(TYPICAL[t.name]), t.name


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("kind", sorted(TYPICAL))
def test_typical_headers_map_onto_every_field(kind: str, lang: str) -> None:
    fields = TYPICAL[kind]
    headers = [german if lang == "de" else english for german, english in fields.values()]
    headers.insert(1, "Notiz")  # a column the table does not know is ignored
    found = mapping.resolve(table(kind), headers, {}, {}, file="f.csv")
    assert {f: s.column for f, s in found.fields.items()} == {
        f: (german if lang == "de" else english) for f, (german, english) in fields.items()
    }


@pytest.mark.parametrize(
    ("header", "normalised"),
    [
        ("Bestell-Datum (UTC)", "bestelldatumutc"),
        ("Kundennr.", "kundennr"),
        ("Größe", "groesse"),
        ("  E-Mail  ", "email"),
        ("Order_ID", "orderid"),
    ],
)
def test_header_names_are_normalised(header: str, normalised: str) -> None:
    assert mapping.normalise(header) == normalised


def test_a_synonym_is_used_for_one_field_only() -> None:
    """'Datum' could be the order date and the return date; the first field takes it."""
    found = mapping.resolve(
        table("orders"), ["Kunde", "Datum", "Betrag", "Summe"], {}, {}, file="f.csv"
    )
    assert found.describe() == {"customer_id": "Kunde", "ordered_at": "Datum", "revenue": "Betrag"}


# ----------------------------------------------------------------------------- explicit columns


def test_explicit_columns_win_over_synonyms(workspace: Workspace, write: Any) -> None:
    path = write("o.csv", "Beleg;Kunde;Datum;Netto;Brutto\nB-1;K-1;01.02.2024;10,00;11,90\n")
    r = workspace.import_file("orders", path, columns={"Beleg": "order_id", "Netto": "revenue"})
    assert r.mapping == {
        "order_id": "Beleg",
        "revenue": "Netto",
        "customer_id": "Kunde",
        "ordered_at": "Datum",
    }
    assert workspace.con.execute("SELECT order_id, revenue FROM orders").fetchall() == [
        ("B-1", Decimal("10.00"))
    ]


def test_explicit_column_is_found_by_its_normalised_name(workspace: Workspace, write: Any) -> None:
    path = write("o.csv", "Beleg-Nr.;Kunde;Datum;Betrag\nB-1;K-1;01.02.2024;10,00\n")
    r = workspace.import_file("orders", path, columns={"belegnr": "order_id"})
    assert r.mapping["order_id"] == "Beleg-Nr."


def test_hashed_column_stores_the_salted_hash(workspace: Workspace, write: Any) -> None:
    path = write("o.csv", "E-Mail;Datum;Betrag\nAnna@Example.de;01.02.2024;10,00\n")
    r = workspace.import_file("orders", path, columns={"E-Mail": "customer_id:hash"})
    assert r.mapping["customer_id"] == "E-Mail (hash)"
    salt = workspace.con.execute(
        "SELECT value FROM bindung_meta WHERE key = 'email_salt'"
    ).fetchone()
    assert salt is not None
    expected = hashlib.sha256((salt[0] + "anna@example.de").encode()).hexdigest()
    assert workspace.con.execute("SELECT customer_id FROM orders").fetchall() == [(expected,)]
    assert workspace.con.execute("SELECT customer_id FROM customers").fetchall() == [(expected,)]


def test_unknown_field_in_columns_names_the_valid_fields(workspace: Workspace, write: Any) -> None:
    path = write("o.csv", "Nr;Kunde;Datum;Betrag\n1;K;01.02.2024;1\n")
    with pytest.raises(MappingError) as err:
        workspace.import_file("orders", path, columns={"Nr": "bestellnummer"})
    assert str(err.value) == (
        "--map 'Nr=bestellnummer': orders has no field 'bestellnummer'; fields: order_id, "
        "customer_id, ordered_at, revenue, items, channel, currency, revenue_original"
    )


def test_unknown_column_in_columns_names_the_file_columns(workspace: Workspace, write: Any) -> None:
    path = write("o.csv", "Nr;Kunde;Datum;Betrag\n1;K;01.02.2024;1\n")
    with pytest.raises(MappingError) as err:
        workspace.import_file("orders", path, columns={"Auftrag": "order_id"})
    assert str(err.value) == (
        "--map 'Auftrag=order_id': the file has no column 'Auftrag'; columns: Nr, Kunde, "
        "Datum, Betrag"
    )


def test_missing_fields_are_listed_with_a_map_example_for_each(
    workspace: Workspace, write: Any
) -> None:
    path = write("o.csv", "Foo;Bar;Baz\n1;2;3\n")
    with pytest.raises(MappingError) as err:
        workspace.import_file("orders", path)
    assert str(err.value) == (
        f"{path}: cannot find the required field(s) customer_id, ordered_at, revenue for "
        "orders.\n"
        "  Columns in the file: Foo, Bar, Baz\n"
        # No column is named like a field, none holds dates, three hold numbers: none is
        # suggested (before: "Bar=ordered_at" for a column holding 2).
        '  Name them with --map, e.g.: --map "COLUMN=customer_id" --map "COLUMN=ordered_at" '
        '--map "COLUMN=revenue"'
    )


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (["Spalte=field"], {"Spalte": "field"}),
        ([" Bestell Datum = ordered_at "], {"Bestell Datum": "ordered_at"}),
        (["E-Mail=customer_id:hash", "a=b=c"], {"E-Mail": "customer_id:hash", "a": "b=c"}),
    ],
)
def test_map_items_are_parsed(items: list[str], expected: dict[str, str]) -> None:
    assert mapping.parse_map_items(items) == expected


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "--map 'Spalte': expected COLUMN=field"),
        ("de", "--map 'Spalte': erwartet wird SPALTE=feld"),
    ],
)
def test_map_item_without_equals_sign_is_refused(lang: str, message: str) -> None:
    with pytest.raises(MappingError) as err:
        mapping.parse_map_items(["Spalte"], lang)
    assert str(err.value) == message


def test_mapping_file_is_read_from_toml(tmp_path: Path) -> None:
    path = tmp_path / "map.toml"
    path.write_text('[columns]\n"Beleg-Nr." = "order_id"\n"Brutto" = "revenue"\n', encoding="utf-8")
    assert mapping.load_mapping_file(path) == {"Beleg-Nr.": "order_id", "Brutto": "revenue"}


# ----------------------------------------------------------------------------- presets

SHOPIFY = (
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Currency,Subtotal,Shipping,Total,"
    "Created at,Lineitem quantity,Lineitem name,Lineitem price,Source\n"
    "#1001,anna@example.com,paid,2024-03-01 10:05:00 +0100,fulfilled,EUR,30.00,4.90,34.90,"
    "2024-03-01 10:00:00 +0100,2,Kaffee 500g,10.00,web\n"
    "#1001,anna@example.com,,,,,,,,2024-03-01 10:00:00 +0100,1,Filter,10.00,\n"
    "#1002,bernd@example.com,pending,,,EUR,12.00,0.00,12.00,2024-03-03 12:00:00 +0100,1,"
    "Tasse,12.00,pos\n"
    "#1003,anna@example.com,refunded,2024-07-04 08:00:00 +0200,,EUR,8.00,0,8.00,"
    "2024-07-04 08:00:00 +0200,1,Filter,8.00,web\n"
)
WOOCOMMERCE = (
    "Order Number,Order Status,Order Date,Customer User ID,Order Total Amount,Order Currency,"
    "Quantity,Created Via\n"
    '1001,wc-completed,2024-03-01 10:00,17,"1,234.50",EUR,2,checkout\n'
    "1002,wc-cancelled,2024-03-02 11:00,18,20.00,EUR,1,checkout\n"
    "1003,Abgeschlossen,2024-03-03 12:00,17,5.00,EUR,1,admin\n"
)
STRIPE_PAYMENTS = (
    "id,Created date (UTC),Amount,Amount Refunded,Currency,Status,Customer ID,Customer Email\n"
    "py_1,2024-03-01 10:00,25.00,0.00,eur,Paid,cus_A,a@example.com\n"
    "py_2,2024-03-01 23:30,10.00,0.00,eur,Failed,cus_B,b@example.com\n"
    "py_3,2024-03-31 23:30,12.50,0.00,eur,Paid,cus_A,a@example.com\n"
)
STRIPE_SUBSCRIPTIONS = (
    "id,Customer ID,Plan,Status,Start Date (UTC),Canceled At (UTC),Ended At (UTC),Amount,"
    "Interval\n"
    "sub_1,cus_A,Pro,active,2024-01-01 00:00,,,29.00,month\n"
    "sub_2,cus_B,Basic,canceled,2024-01-15 12:00,2024-02-10 08:00,2024-02-15 12:00,9.00,month\n"
)
CDNOW = (
    " customer_id  date number_of_cds  dollar_value\n"
    " 00001 19970101  1   11.77\n"
    " 00002 19970112  1   12.00\n"
    " 00002 19970112  5   77.00\n"
    " 00003 19970102  2   20.76\n"
)


def test_shopify_line_items_are_collapsed_into_one_order(workspace: Workspace, write: Any) -> None:
    r = workspace.import_file("orders", write("orders_export.csv", SHOPIFY), preset="shopify")
    # The pending order is not an order: excluded (kept with its reason), not rejected.
    assert (r.read, r.stored, r.rejected, r.excluded, r.duplicates) == (4, 2, 0, 1, 1)
    assert [(x.line, x.reasons) for x in r.rejects] == [
        (
            4,
            (
                "column 'Financial Status': status 'pending' is not a completed order; kept are: "
                "paid, partially_refunded, refunded, partially_paid",
            ),
        )
    ]
    rows = workspace.con.execute(
        "SELECT order_id, ordered_at, revenue, items, channel, currency, length(customer_id) "
        "FROM orders ORDER BY 1"
    ).fetchall()
    assert rows == [
        ("#1001", datetime(2024, 3, 1, 9, 0), Decimal("34.90"), 3, "web", "eur", 64),
        ("#1003", datetime(2024, 7, 4, 6, 0), Decimal("8.00"), 1, "web", "eur", 64),
    ]
    assert workspace.con.execute("SELECT count(DISTINCT customer_id) FROM orders").fetchone() == (
        1,
    )
    stored = str(workspace.con.execute("SELECT * FROM orders").fetchall())
    assert "anna" not in stored


def test_woocommerce_keeps_completed_orders(workspace: Workspace, write: Any) -> None:
    r = workspace.import_file("orders", write("wc.csv", WOOCOMMERCE), preset="woocommerce")
    assert (r.read, r.stored, r.rejected, r.excluded, r.duplicates) == (3, 2, 0, 1, 0)
    assert [(x.line, x.reasons) for x in r.rejects] == [
        (
            3,
            (
                "column 'Order Status': status 'wc-cancelled' is not a completed order; kept are: "
                "completed, processing, refunded, wc-completed, wc-processing, wc-refunded, "
                "abgeschlossen, in bearbeitung, rückerstattet, erstattet",
            ),
        )
    ]
    assert workspace.con.execute(
        "SELECT order_id, customer_id, ordered_at, revenue, items, channel FROM orders ORDER BY 1"
    ).fetchall() == [
        ("1001", "17", datetime(2024, 3, 1, 9, 0), Decimal("1234.50"), 2, "checkout"),
        ("1003", "17", datetime(2024, 3, 3, 11, 0), Decimal("5.00"), 1, "admin"),
    ]


def test_stripe_payments_are_orders_in_utc(workspace: Workspace, write: Any) -> None:
    r = workspace.import_file(
        "orders", write("unified_payments.csv", STRIPE_PAYMENTS), preset="stripe"
    )
    assert (r.read, r.stored, r.rejected, r.excluded) == (3, 2, 0, 1)  # py_2 failed
    assert r.rejects[0].line == 3
    assert workspace.con.execute(
        "SELECT order_id, customer_id, ordered_at, revenue FROM orders ORDER BY 1"
    ).fetchall() == [
        ("py_1", "cus_A", datetime(2024, 3, 1, 10, 0), Decimal("25.00")),
        ("py_3", "cus_A", datetime(2024, 3, 31, 23, 30), Decimal("12.50")),
    ]


def test_stripe_subscriptions_take_the_end_date(workspace: Workspace, write: Any) -> None:
    r = workspace.import_file(
        "subscriptions", write("subscriptions.csv", STRIPE_SUBSCRIPTIONS), preset="stripe"
    )
    assert (r.read, r.stored, r.rejected) == (2, 2, 0)
    assert workspace.con.execute(
        "SELECT subscription_id, customer_id, plan, started_at, ended_at, mrr "
        "FROM subscriptions ORDER BY 1"
    ).fetchall() == [
        ("sub_1", "cus_A", "Pro", datetime(2024, 1, 1), None, Decimal("29.00")),
        (
            "sub_2",
            "cus_B",
            "Basic",
            datetime(2024, 1, 15, 12),
            datetime(2024, 2, 15, 12),
            Decimal("9.00"),
        ),
    ]


def test_cdnow_whitespace_log_is_read(workspace: Workspace, write: Any) -> None:
    r = workspace.import_file("orders", write("CDNOW_master.txt", CDNOW), preset="cdnow")
    assert (r.read, r.stored, r.rejected, r.duplicates) == (4, 4, 0, 0)
    assert workspace.con.execute(
        "SELECT customer_id, ordered_at, items, revenue FROM orders ORDER BY 1, 3"
    ).fetchall() == [
        ("00001", datetime(1996, 12, 31, 23), 1, Decimal("11.77")),
        ("00002", datetime(1997, 1, 11, 23), 1, Decimal("12.00")),
        ("00002", datetime(1997, 1, 11, 23), 5, Decimal("77.00")),
        ("00003", datetime(1997, 1, 1, 23), 2, Decimal("20.76")),
    ]


def test_preset_names_are_listed() -> None:
    assert presets.names() == [
        "brevo",
        "cdnow",
        "google_reviews",
        "mailchimp",
        "mailchimp_activity",
        "shopify",
        "shopware6",
        "stripe",
        "trustedshops",
        "trustpilot",
        "woocommerce",
    ]
    assert all(presets.describe(name) for name in presets.names())


def test_every_preset_label_is_marked_for_the_catalogue() -> None:
    """A label the TOML files write but LABELS does not mark would stay English in German."""
    found = set()
    for name in presets.names():
        text = (resources.files("bindung.ingest") / "presets" / f"{name}.toml").read_text("utf-8")
        for section in tomllib.loads(text).values():
            if isinstance(section, dict):
                entries = [section, *section.get("refused", [])]
                found |= {e["label"] for e in entries if "label" in e}
    assert found == set(presets.LABELS)
    assert presets.load("shopify", "orders").label_in("de") == "Shopify-Bestellexport"
    assert presets.load("shopify", "orders").label_in("en") == "Shopify order export"


def test_unknown_preset_lists_the_known_ones(workspace: Workspace, write: Any) -> None:
    with pytest.raises(MappingError) as err:
        workspace.import_file("orders", write("o.csv", "a;b\n1;2\n"), preset="magento")
    assert str(err.value) == (
        "unknown preset 'magento'; expected one of: brevo, cdnow, google_reviews, mailchimp, "
        "mailchimp_activity, shopify, shopware6, stripe, trustedshops, trustpilot, woocommerce"
    )


def test_preset_for_another_table_is_refused(workspace: Workspace, write: Any) -> None:
    with pytest.raises(MappingError) as err:
        workspace.import_file("returns", write("o.csv", "a;b\n1;2\n"), preset="shopify")
    assert str(err.value) == "preset 'shopify' is for orders, customers, not for returns"


def test_explicit_columns_win_over_a_preset(workspace: Workspace, write: Any) -> None:
    r = workspace.import_file(
        "orders",
        write("wc.csv", WOOCOMMERCE),
        preset="woocommerce",
        columns={
            "Created Via": "channel",
            "Quantity": "items",
            "Order Total Amount": "revenue",
            "Order Number": "order_id",
            "Order Status": "currency",
        },
    )
    assert r.mapping["currency"] == "Order Status"
    assert r.stored == 0  # 'wc-completed' is not a currency: every row is rejected
