"""The import preview reads a file as the importer does and stores nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bindung.ingest.preview import preview
from bindung.workspace import Workspace


def test_german_csv_is_previewed_with_its_mapping(write: Callable[..., Path]) -> None:
    path = write(
        "b.csv",
        "Bestellnummer;Kundennummer;Bestelldatum;Bestellwert\n"
        "B1;K1;01.11.2023 10:06;71,88\nB2;K2;02.11.2023 11:00;1.019,30\n",
    )
    p = preview("orders", path, lang="de")
    assert (p.format, p.delimiter, p.rows) == ("csv", ";", 2)
    assert p.mapping == {
        "order_id": "Bestellnummer",
        "customer_id": "Kundennummer",
        "ordered_at": "Bestelldatum",
        "revenue": "Bestellwert",
    }
    assert p.problem is None
    assert p.sample == [
        ["B1", "K1", "01.11.2023 10:06", "71,88"],
        ["B2", "K2", "02.11.2023 11:00", "1.019,30"],
    ]


def test_a_missing_field_is_named_and_nothing_is_stored(
    workspace: Workspace, write: Callable[..., Path]
) -> None:
    path = write("x.csv", "Nummer,Betrag\n1,2\n")
    p = preview("orders", path, lang="en")
    assert p.mapping == {} and p.problem is not None
    assert "customer_id, ordered_at" in p.problem and "Nummer, Betrag" in p.problem
    assert workspace.counts()["orders"] == 0
