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
