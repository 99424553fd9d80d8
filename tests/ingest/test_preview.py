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


def test_the_woocommerce_analytics_download_is_previewed_as_refused() -> None:
    path = Path(__file__).parent / "exports" / "woocommerce_analytics_orders.csv"
    p = preview("orders", path, lang="en")
    assert (p.format, p.delimiter, p.rows) == ("csv", ",", 4)
    # No mapping: the import would not read it (before, it showed Customer -> customer_id).
    assert p.mapping == {}
    assert p.problem is not None
    assert p.problem.startswith(
        "woocommerce_analytics_orders.csv: this is the WooCommerce Analytics orders report "
        "(WooCommerce → Analytics → Orders → Download). It has no customer id and no e-mail "
        "address, only the customer's name in column 'Customer'"
    )
    assert p.problem.endswith('--map "Customer=customer_id"')


CDNOW = (
    "customer_id date number_of_cds dollar_value\n"
    "00001 19970101 1 11.77\n"
    "00002 19970112 1 12.00\n"
    "00002 19970112 5 77.00\n"
)


def test_the_chosen_preset_is_previewed_as_the_import_reads_it(
    workspace: Workspace, write: Callable[..., Path]
) -> None:
    """A CDNOW log (whitespace-separated, nothing to detect it by): with the preset chosen the
    preview reads it as the import does (same format, same mapping); without, it cannot."""
    path = write("CDNOW_sample.txt", CDNOW)
    guessed = preview("orders", path, lang="en")
    assert guessed.problem is not None and guessed.preset is None
    chosen = preview("orders", path, lang="en", preset="cdnow")
    assert (chosen.problem, chosen.preset, chosen.detected) == (None, "cdnow", None)
    assert chosen.format == "whitespace" and chosen.rows == 3
    assert chosen.sample[0] == ["00001", "19970101", "1", "11.77"]
    assert chosen.mapping == {
        "customer_id": "customer_id",
        "ordered_at": "date",
        "items": "number_of_cds",
        "revenue": "dollar_value",
    }
    result = workspace.import_file("orders", path, preset="cdnow")
    assert result.stored == 3
    assert result.mapping == chosen.mapping


def test_a_detected_preset_is_previewed_with_its_columns() -> None:
    path = Path(__file__).parent / "exports" / "shopify_orders_export.csv"
    p = preview("orders", path, lang="de")
    assert p.problem is None
    assert (p.preset, p.detected) == ("shopify", "erkannt: Shopify-Bestellexport")
    assert p.mapping["customer_id"] == "Email (hash)"
