"""The contacts table: refused unless the workspace enables it; addresses validated (umlauts
allowed), bad rows rejected without keeping the address; forget erases the contact."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import bindung
from bindung.errors import BindungError
from bindung.ingest.load import PRIVATE_RAW
from bindung.store import schema
from bindung.workspace import Workspace

ORDERS = "Kundennummer;Bestelldatum;Umsatz\nK1;01.02.2025;10,00\nK2;03.02.2025;20,00\n"
CONTACTS = (
    "Kundennummer;E-Mail;Vorname;Nachname;Newsletter\n"
    "K1;jürgen.müller@beispiel-shop.de;Jürgen;Müller;ja\n"
    "K2;anna@example.de;Anna;Groß;nein\n"
    "K3;x@example.de;X;Y;ja\n"
    "K4;anna.example.de;A;B;ja\n"
)


def enable(ws: Workspace) -> Workspace:
    folder = ws.folder
    ws.close()
    toml = folder / "bindung.toml"
    text = toml.read_text(encoding="utf-8")
    assert "contacts_enabled = false" in text
    toml.write_text(text.replace("contacts_enabled = false", "contacts_enabled = true"))
    return bindung.open(folder)


@pytest.fixture
def shop(workspace: Workspace, write: Callable[..., Path]) -> Iterator[Workspace]:
    workspace.import_file("orders", write("orders.csv", ORDERS))
    yield workspace


def test_contacts_are_refused_without_the_setting(
    shop: Workspace, write: Callable[..., Path]
) -> None:
    with pytest.raises(BindungError, match=r"set contacts_enabled = true in bindung\.toml"):
        shop.import_file("contacts", write("contacts.csv", CONTACTS))
    assert shop.sql("SELECT count(*) AS n FROM contacts").n[0] == 0
    assert shop.sql("SELECT count(*) AS n FROM imports WHERE kind = 'contacts'").n[0] == 0


def test_contacts_are_stored_and_bad_rows_rejected_without_the_address(
    shop: Workspace, write: Callable[..., Path]
) -> None:
    ws = enable(shop)
    try:
        result = ws.import_file("contacts", write("contacts.csv", CONTACTS))
        assert (result.read, result.stored, result.rejected) == (4, 2, 2)
        rows = ws.sql("SELECT * EXCLUDE (import_id) FROM contacts ORDER BY customer_id")
        assert rows.to_dict("records") == [
            {
                "customer_id": "K1",
                "email": "jürgen.müller@beispiel-shop.de",
                "first_name": "Jürgen",
                "last_name": "Müller",
                "consent": True,
            },
            {
                "customer_id": "K2",
                "email": "anna@example.de",
                "first_name": "Anna",
                "last_name": "Groß",
                "consent": False,
            },
        ]
        by_line = {r.line: r for r in result.rejects}
        assert by_line[4].reasons == (
            "column 'Kundennummer' (customer_id): 'K3' is not a known customer; "
            "import customers first",
        )
        assert by_line[5].reasons[0] == (
            "column 'E-Mail' (email): not a valid e-mail address such as name@example.de "
            "(the value is not repeated here)"
        )
        stored = ws.sql("SELECT raw, array_to_string(reasons, ' ') AS why FROM rejects")
        assert set(stored.raw) == {PRIVATE_RAW}
        assert not stored.why.str.contains("anna|x@example", regex=True).any()
        # contacts are no canonical table of the answers: not counted in the data
        assert "contacts" not in ws.counts() and "contacts" in schema.PRIVATE_TABLES
        # forget by the address erases the customer and the contact
        gone = ws.forget("jürgen.müller@beispiel-shop.de")
        assert gone.rows.get("contacts") == 1 and gone.rows.get("orders") == 1
        assert list(ws.sql("SELECT customer_id FROM contacts").customer_id) == ["K2"]
    finally:
        ws.close()
