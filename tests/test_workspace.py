"""The workspace API: import, read back through Ibis, upsert semantics, GDPR."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import bindung
from bindung.workspace import Workspace

ORDERS = (
    "Bestellnummer;Kundennummer;Bestelldatum;Bestellwert;Anzahl;Kanal\r\n"
    "A1;K1;05.03.2024 10:00;1.234,56;2;Shop\r\n"
    "A2;K1;01.02.2024 09:00;10,00;1;Marktplatz\r\n"
    "A3;K2;15.03.2024 23:30;99,90;1;Shop\r\n"
)


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    workspace = bindung.init(tmp_path / "ws", locale="en_GB")
    yield workspace
    workspace.close()


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_imported_orders_read_back_through_ibis(ws: Workspace, tmp_path: Path) -> None:
    result = ws.import_file("orders", write(tmp_path / "o.csv", ORDERS))
    assert (result.read, result.stored, result.rejected, result.duplicates) == (3, 3, 0, 0)
    orders = ws.table("orders")
    frame = orders.order_by("order_id").to_pandas()
    assert list(frame.order_id) == ["A1", "A2", "A3"]
    assert [float(v) for v in frame.revenue] == [1234.56, 10.00, 99.90]
    assert list(frame["items"]) == [2, 1, 1]
    # 05.03.2024 10:00 in Berlin (CET, UTC+1) is 09:00 UTC; 23:30 local is 22:30 UTC.
    assert str(frame.ordered_at[0]) == "2024-03-05 09:00:00"
    assert str(frame.ordered_at[2]) == "2024-03-15 22:30:00"


def test_orders_create_customers_first_seen_at_their_first_order(
    ws: Workspace, tmp_path: Path
) -> None:
    result = ws.import_file("orders", write(tmp_path / "o.csv", ORDERS))
    assert result.customers_created == 2
    customers = ws.sql("SELECT * FROM customers ORDER BY customer_id")
    assert list(customers.customer_id) == ["K1", "K2"]
    assert str(customers.first_seen[0]) == "2024-02-01 08:00:00"
    assert customers.acquisition_channel[0] == "Marktplatz"


def test_reimporting_the_same_file_stores_nothing(ws: Workspace, tmp_path: Path) -> None:
    path = write(tmp_path / "o.csv", ORDERS)
    ws.import_file("orders", path)
    before = ws.sql("SELECT * FROM orders ORDER BY order_id")
    again = ws.import_file("orders", path)
    assert (again.read, again.stored, again.duplicates) == (3, 0, 3)
    assert ws.sql("SELECT * FROM orders ORDER BY order_id").equals(before)
    log = ws.imports()
    assert list(log.stored) == [3, 0]
    assert log.sha256[0] == log.sha256[1] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_changed_row_is_upserted_and_keys_stay_unique(ws: Workspace, tmp_path: Path) -> None:
    ws.import_file("orders", write(tmp_path / "o.csv", ORDERS))
    update = (
        "Bestellnummer;Kundennummer;Bestelldatum;Bestellwert\n"
        "A1;K1;05.03.2024 10:00;1.300,00\n"
        "A4;K3;16.03.2024 10:00;5,00\n"
    )
    result = ws.import_file("orders", write(tmp_path / "u.csv", update))
    assert (result.read, result.stored, result.duplicates) == (2, 2, 0)
    frame = ws.sql("SELECT order_id, revenue, items, channel FROM orders ORDER BY order_id")
    assert list(frame.order_id) == ["A1", "A2", "A3", "A4"]
    assert float(frame.revenue[0]) == 1300.00
    # Columns the update does not carry keep their stored values.
    assert frame["items"][0] == 2 and frame.channel[0] == "Shop"


def test_an_empty_cell_never_erases_a_stored_value(ws: Workspace, tmp_path: Path) -> None:
    ws.import_file("customers", write(tmp_path / "c.csv", "Kundennummer;Segment\nK1;VIP\n"))
    result = ws.import_file("customers", write(tmp_path / "d.csv", "Kundennummer;Segment\nK1;\n"))
    assert result.duplicates == 1
    assert ws.sql("SELECT segment FROM customers").segment[0] == "VIP"


def test_email_addresses_are_only_stored_as_salted_hashes(ws: Workspace, tmp_path: Path) -> None:
    text = (
        "Kundennummer;E-Mail;Land\n"
        "K1;Anna.Muster@Example.de;DE\n"
        "=cmd|' /C calc'!A0;bernd@example.de;DE\n"
    )
    result = ws.import_file("customers", write(tmp_path / "c.csv", text))
    assert (result.stored, result.rejected) == (1, 1)
    salt = ws.sql("SELECT value FROM bindung_meta WHERE key = 'email_salt'").iloc[0, 0]
    expected = hashlib.sha256((salt + "anna.muster@example.de").encode()).hexdigest()
    assert ws.sql("SELECT email_hash FROM customers").email_hash[0] == expected
    raw = ws.rejects().raw[0]
    assert "bernd@example.de" not in raw and "<e-mail>" in raw
    ws.con.execute("CHECKPOINT")
    ws.close()
    data = (tmp_path / "ws" / "bindung.duckdb").read_bytes()
    assert b"Anna.Muster@Example.de" not in data and b"anna.muster@example.de" not in data
    assert b"bernd@example.de" not in data


def test_forget_removes_a_customer_from_every_table(ws: Workspace, tmp_path: Path) -> None:
    ws.import_file("orders", write(tmp_path / "o.csv", ORDERS))
    ws.import_file(
        "returns",
        write(
            tmp_path / "r.csv",
            "Retourennummer;Bestellnummer;Retourendatum;Betrag\nR1;A1;07.03.2024;100,00\n",
        ),
    )
    ws.import_file(
        "identities",
        write(
            tmp_path / "i.csv", "platform,handle,customer_id\ninstagram,@k1,K1\ninstagram,@k2,K2\n"
        ),
    )
    ws.import_file(
        "loyalty_events",
        write(
            tmp_path / "l.csv",
            "event_id,customer_id,at,kind,points,referred_customer_id\n"
            "E1,K2,2024-03-01 10:00,referral,100,K1\nE2,K1,2024-03-02 10:00,earn,5,\n",
        ),
    )
    result = ws.forget("K1")
    assert result.rows == {
        "customers": 1,
        "orders": 2,
        "returns": 1,
        "identities": 1,
        "loyalty_events": 1,
        "loyalty_events (referral link removed)": 1,
    }
    assert result.total == 7
    for table in ("customers", "orders", "returns", "identities", "loyalty_events"):
        assert ws.sql(f"SELECT count(*) n FROM {table} WHERE customer_id = 'K1'").n[0] == 0
    assert ws.sql("SELECT count(*) n FROM orders").n[0] == 1
    assert ws.forget("K1").total == 0


def test_a_read_only_workspace_refuses_imports(tmp_path: Path) -> None:
    bindung.init(tmp_path).close()
    with (
        bindung.open(tmp_path, read_only=True) as ro,
        pytest.raises(bindung.WorkspaceError, match="opened read-only"),
    ):
        ro.import_file("orders", tmp_path / "x.csv")
