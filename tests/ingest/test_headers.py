"""Title rows above the header, files without a header, and per-customer summary tables.

Expected counts and sums are counted by hand in each test.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from bindung.errors import InputFileError, MappingError
from bindung.workspace import Workspace

EXPORTS = Path(__file__).parent / "exports"
CDNOW = Path(__file__).resolve().parents[3] / "shared" / "data" / "cdnow"


def totals(ws: Workspace) -> tuple[int, int, int, Decimal]:
    row = ws.con.execute(
        "SELECT count(*), count(DISTINCT customer_id), sum(items), sum(revenue) FROM orders"
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2]), Decimal(row[3])


def test_csv_title_rows_are_skipped_and_named(workspace: Workspace) -> None:
    # Line 1 "Bestellungen Januar 2026;;;;", line 2 ";;;;", line 3 the header, lines 4-6 rows.
    r = workspace.import_file("orders", EXPORTS / "german_orders_with_title.csv")
    assert r.titles == [(1, "Bestellungen Januar 2026")]
    assert (r.read, r.stored, r.rejected) == (3, 3, 0)
    assert r.mapping["order_id"] == "Bestellnummer"
    # 3 orders of K-1 and K-2; items 2 + 1 + 3 = 6; revenue 10,00 + 20,50 + 5,25 = 35.75.
    assert totals(workspace) == (3, 2, 6, Decimal("35.75"))


def test_a_rejected_row_below_a_title_keeps_its_physical_line(
    workspace: Workspace, write: Any
) -> None:
    path = write(
        "orders.csv",
        "Bestellungen Januar 2026\n\nBestellnummer;Kunde;Bestelldatum;Betrag\n"
        "B1;K1;05.01.2026;5,00\nB2;K2;kein Datum;6,00\n",
    )
    r = workspace.import_file("orders", path)
    assert r.titles == [(1, "Bestellungen Januar 2026")]
    assert (r.read, r.stored, r.rejected) == (2, 1, 1)
    assert r.rejects[0].line == 5  # title 1, blank 2, header 3, B1 4, B2 5


def test_xlsx_title_rows_are_skipped(workspace: Workspace, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "Bestellungen Januar 2026"
    # row 2 blank
    sheet.append([])
    sheet.append(["Bestellnummer", "Kundennummer", "Bestelldatum", "Betrag", "Anzahl Artikel"])
    sheet.append(["B-1", "K-1", "2026-01-05", 12.5, 2])
    sheet.append(["B-2", "K-2", "2026-01-06", 7.25, 5])
    path = tmp_path / "bestellungen.xlsx"
    book.save(path)
    r = workspace.import_file("orders", path)
    assert r.titles == [(1, "Bestellungen Januar 2026")]
    assert (r.read, r.stored, r.rejected) == (2, 2, 0)
    # Items 2 + 5 = 7 ("Anzahl Artikel"); revenue 12.50 + 7.25 = 19.75.
    assert totals(workspace) == (2, 2, 7, Decimal("19.75"))


def test_a_headerless_file_with_named_columns(workspace: Workspace, write: Any) -> None:
    path = write(
        "orders.csv",
        "A1;K1;05.01.2026;10,00\nA2;K1;09.01.2026;2,50\nA3;K2;10.01.2026;4,00\n",
    )
    r = workspace.import_file(
        "orders", path, header=False, names=("Bestellnummer", "Kunde", "Datum", "Betrag")
    )
    # Every line is an order (the first is not taken as a header): 3 orders, 2 customers,
    # items the default 1 each (no items column at all), revenue 10,00 + 2,50 + 4,00.
    assert (r.read, r.stored, r.rejected) == (3, 3, 0)
    assert totals(workspace) == (3, 2, 3, Decimal("16.50"))


def test_a_headerless_row_of_the_wrong_width_names_its_line(
    workspace: Workspace, write: Any
) -> None:
    path = write("orders.csv", "A1;K1;05.01.2026;10,00\nA2;K1;09.01.2026\n")
    r = workspace.import_file(
        "orders", path, header=False, names=("Bestellnummer", "Kunde", "Datum", "Betrag")
    )
    assert (r.read, r.stored, r.rejected) == (2, 1, 1)
    assert r.rejects[0].line == 2


def test_no_header_needs_columns(workspace: Workspace, write: Any) -> None:
    path = write("orders.csv", "A1;K1;05.01.2026;10,00\n")
    with pytest.raises(InputFileError, match="--no-header and --columns go together"):
        workspace.import_file("orders", path, header=False)
    with pytest.raises(InputFileError, match="--no-header and --columns go together"):
        workspace.import_file("orders", path, names=("a", "b"))


def test_the_headerless_cdnow_sample_as_published(workspace: Workspace, write: Any) -> None:
    # The first lines of CDNOW_sample.txt as published: master id, sample id, yyyymmdd date,
    # CDs, dollars; whitespace-separated, no header.
    path = write(
        "CDNOW_sample.txt",
        " 00004 0001 19970101  2   29.33\n"
        " 00004 0001 19970118  2   29.73\n"
        " 00004 0001 19970802  1   14.96\n"
        " 00018 0002 19970101  2   27.33\n",
    )
    names = ("customer_id", "sample_id", "date", "number_of_cds", "dollar_value")
    r = workspace.import_file("orders", path, preset="cdnow", header=False, names=names)
    assert (r.read, r.stored, r.rejected) == (4, 4, 0)
    assert r.unused == ["sample_id"]
    # Customers 00004 and 00018; CDs 2 + 2 + 1 + 2 = 7;
    # dollars 29.33 + 29.73 + 14.96 + 27.33 = 101.35.
    assert totals(workspace) == (4, 2, 7, Decimal("101.35"))


@pytest.mark.slow
@pytest.mark.skipif(not CDNOW.exists(), reason="../shared/data is not beside the clone")
def test_the_whole_cdnow_sample_file(workspace: Workspace) -> None:
    names = ("customer_id", "sample_id", "date", "number_of_cds", "dollar_value")
    r = workspace.import_file(
        "orders", CDNOW / "CDNOW_sample.txt", preset="cdnow", header=False, names=names
    )
    # ../shared/data/README.md: 6,919 purchases of 2,357 customers.
    assert (r.read, r.stored, r.rejected, r.duplicates) == (6_919, 6_919, 0, 0)
    assert workspace.con.execute("SELECT count(DISTINCT customer_id) FROM orders").fetchone() == (
        2_357,
    )


@pytest.mark.parametrize(
    "text",
    [
        "ID,x,t_x,T,zbar\n1,2,30.43,38.86,22.35\n2,1,1.71,38.86,11.77\n",  # the CDNOW summary
        "Kunde;Recency;Frequency;Monetary\nK1;12;3;99,00\n",
    ],
)
def test_a_per_customer_summary_is_refused_with_what_is_needed(
    workspace: Workspace, write: Any, text: str
) -> None:
    path = write("summary.csv", text)
    with pytest.raises(MappingError) as err:
        workspace.import_file("orders", path)
    message = str(err.value)
    assert "per-customer summary" in message
    assert "Bindung needs one row per order" in message
    assert "=ordered_at" not in message  # no "Recency=ordered_at" suggestion


def test_staging_only_the_read_columns_gives_the_same_rows(tmp_path: Path) -> None:
    """The fast CSV path with ``keep`` (what an import reads) against every column: the kept
    columns, the line numbers and the ragged-row rejects are the same; the others are NULL."""
    import duckdb

    from bindung.ingest import readers

    text = (EXPORTS / "shopify_orders_export.csv").read_text(encoding="utf-8").splitlines()
    text.insert(5, "#1009,x@example.com,paid")  # a ragged record on line 6
    path = tmp_path / "orders_export.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    seen: list[list[str]] = []

    def keep(headers: list[str]) -> set[int]:
        seen.append(headers)
        return {0, 1, 16}  # Name, Email, Lineitem quantity

    con = duckdb.connect()
    full = readers.read(con, path, readers.ReadOptions())
    rows_full = con.execute("SELECT __line, f0, f1, f16 FROM __stage ORDER BY 1").fetchall()
    readers.drop_stage(con)
    narrow = readers.read(con, path, readers.ReadOptions(keep=keep))
    rows_narrow = con.execute("SELECT __line, f0, f1, f16 FROM __stage ORDER BY 1").fetchall()
    others = con.execute("SELECT count(f2), count(f11) FROM __stage").fetchone()
    assert seen == [full.headers] and narrow.headers == full.headers
    assert narrow.text_path is not None  # the fast path was taken
    assert rows_narrow == rows_full and len(rows_full) == 11
    assert narrow.structural == full.structural and [s[0] for s in narrow.structural] == [6]
    assert others == (0, 0)
