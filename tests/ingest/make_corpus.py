"""Write the bad-input corpus into ``tests/ingest/corpus/``.

The files are committed; this script is how they were made (encodings, BOMs, CRLF, binary
bytes, a workbook and Parquet files cannot be written reliably by hand).  Run it again after
changing a file here, then update the table in ``test_corpus.py``:

    .venv/bin/python tests/ingest/make_corpus.py
"""

from __future__ import annotations

import codecs
import json
from datetime import UTC, datetime
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"

ORDERS_DE = "Bestellnummer;Kundennummer;Bestelldatum;Betrag\n"


def text_files() -> dict[str, bytes]:
    """File name -> exact bytes, for every text file of the corpus."""
    files: dict[str, bytes] = {}

    def put(name: str, content: str, encoding: str = "utf-8", newline: str = "\n") -> None:
        files[name] = content.replace("\n", newline).encode(encoding)

    # -- encodings, BOM, line ends, delimiters
    put(
        "de_excel_crlf.csv",
        ORDERS_DE
        + "B-1001;K-1;03.01.2024 09:15;1.234,56\n"
        + "B-1002;K-2;04.01.2024;19,90\n"
        + "B-1003;K-1;05.01.2024 18:00:30;7\n",
        newline="\r\n",
    )
    files["utf8_bom.csv"] = codecs.BOM_UTF8 + (
        b"Bestellnummer;Kunde;Datum;Umsatz\n"
        b"B-2001;K-1;01.02.2024;10,00\n"
        b"B-2002;K-2;02.02.2024;20,50\n"
    )
    put(
        "cp1252_umlauts_euro.csv",
        "Kundennummer;Kanal;Kundensegment;Land;Akquisekosten\n"
        "K-ä1;Empfehlung – Händler;Größe € Stammkunde;Österreich;12,50 €\n"
        "K-ö2;Messe Düsseldorf;Neukunde;Schweiz;€ 3,00\n",
        encoding="cp1252",
        newline="\r\n",
    )
    put(
        "cp1252_decimal_comma.csv",
        "Bestellnummer;Kundennummer;Bestelldatum;Bruttobetrag;Vertriebskanal\n"
        "B-3001;K-1;10.03.2024;1.234,56 €;Ladengeschäft\n"
        "B-3002;K-2;11.03.2024;0,99 €;Ladengeschäft\n"
        "B-3003;K-3;12.03.2024;12,5x;Ladengeschäft\n",
        encoding="cp1252",
        newline="\r\n",
    )
    put(
        "comma_english.csv",
        "Order ID,Customer ID,Order Date,Total,Quantity\n"
        'O-1,C-1,2024-03-01 10:00,"1,234.56",2\n'
        "O-2,C-2,2024-03-02,99.90,1\n"
        'O-3,C-1,2024-03-03T08:30:00,"12,000",3\n',
    )
    put(
        "tab_delimited.tsv",
        "order_id\tcustomer_id\tordered_at\trevenue\n"
        "T-1\tC-1\t01.04.2024\t5,00\n"
        "T-2\tC-2\t02.04.2024\t6,50\n",
    )
    put(
        "pipe_delimited.csv",
        "order_id|customer_id|ordered_at|revenue\n"
        "P-1|C-1|2024-04-01|5.00\n"
        "P-2|C-2|2024-04-02|6.50\n",
    )
    put(
        "utf16_excel_unicode.txt",
        "Bestellnummer\tKundennummer\tBestelldatum\tBetrag\nU-1\tK-ü\t01.05.2024\t8,00\n",
        encoding="utf-16",
        newline="\r\n",
    )

    # -- numbers
    put(
        "thousands_comma_decimal.csv",
        ORDERS_DE
        + "N-1;K-1;01.02.2024;1.234,56\n"
        + "N-2;K-1;02.02.2024;1.000.000,00\n"
        + "N-3;K-1;03.02.2024;2.500\n"
        + "N-4;K-1;04.02.2024;0,5\n",
    )
    put(
        "thousands_point_decimal.csv",
        ORDERS_DE
        + "E-1;K-1;01.02.2024;1,234.56\n"
        + "E-2;K-1;02.02.2024;1,000,000.00\n"
        + "E-3;K-1;03.02.2024;99.90\n",
    )
    put(
        "not_numbers.csv",
        "Bestellnummer;Kundennummer;Bestelldatum;Betrag;Anzahl\n"
        "X-1;K-1;01.02.2024;abc;1\n"
        "X-2;K-1;01.02.2024;1,2,3;1\n"
        "X-3;K-1;01.02.2024;1.23.4,5;1\n"
        "X-4;K-1;01.02.2024;5,00;2,5\n"
        "X-5;K-1;01.02.2024;5,00;zwei\n"
        "X-6;K-1;01.02.2024;5,00;3\n",
    )
    put(
        "negative_amounts.csv",
        "Bestellnummer;Kundennummer;Bestelldatum;Betrag;Anzahl\n"
        "M-1;K-1;01.02.2024;-5,00;1\n"
        "M-2;K-1;01.02.2024;5,00;-1\n"
        "M-3;K-1;01.02.2024;0,00;0\n",
    )
    put(
        "loyalty_negative_points.csv",
        "Kundennummer;Datum;Art;Punkte\n"
        "K-1;01.02.2024;sammeln;100\n"
        "K-1;02.02.2024;einlösen;-40\n"
        "K-1;03.02.2024;bonus;5\n",
    )

    # -- dates and times
    put(
        "short_year_dates.csv",
        ORDERS_DE
        + "D-1;K-1;15.06.24;1,00\n"
        + "D-2;K-1;15.06.99;1,00\n"
        + "D-3;K-1;1.2.24 7:05;1,00\n",
    )
    put(
        "iso_offsets.csv",
        "order_id,customer_id,ordered_at,revenue\n"
        "Z-1,C-1,2024-03-01T12:00:00Z,1.00\n"
        "Z-2,C-1,2024-06-01T12:00:00+02:00,1.00\n"
        "Z-3,C-1,2024-06-01 12:00:00.250+0200,1.00\n"
        "Z-4,C-1,2024-01-15T08:00:00,1.00\n"
        "Z-5,C-1,2024-01-15 08:00:00+00,1.00\n",
    )
    put(
        "month_boundary.csv",
        ORDERS_DE
        + "W-1;K-1;31.01.2024 23:30;1,00\n"
        + "W-2;K-1;01.02.2024 00:30;1,00\n"
        + "W-3;K-1;30.06.2024 23:30;1,00\n"
        + "W-4;K-1;01.07.2024 00:30;1,00\n"
        + "W-5;K-1;31.12.2023 23:59:59;1,00\n",
    )
    put(
        "impossible_dates.csv",
        ORDERS_DE
        + "I-1;K-1;31.02.2024;1,00\n"
        + "I-2;K-1;29.02.2023;1,00\n"
        + "I-3;K-1;2024-13-01;1,00\n"
        + "I-4;K-1;gestern;1,00\n"
        + "I-5;K-1;29.02.2024;1,00\n"
        + "I-6;K-1;01.01.2024 25:00;1,00\n",
    )
    put("future_dates.csv", ORDERS_DE + "F-1;K-1;01.01.2099;1,00\n" + "F-2;K-1;01.01.2024;1,00\n")

    # -- structure
    files["empty.csv"] = b""
    put("blank_lines_only.csv", "\n  \n\n", newline="\r\n")
    put("header_only.csv", ORDERS_DE, newline="\r\n")
    files["binary.csv"] = bytes(range(256)) * 4
    put(
        "missing_required_column.csv",
        "Bestellnummer;Kundennummer;Betrag;Zahlungsart\nB-1;K-1;5,00;Rechnung\n",
    )
    put(
        "duplicate_header.csv",
        "Bestellnummer;Kundennummer;Datum;Betrag;Datum\nB-1;K-1;01.02.2024;5,00;03.02.2024\n",
    )
    put(
        "extra_columns.csv",
        "Bestellnummer;Notiz;Kundennummer;Bestelldatum;Versandart;Betrag;Leer\n"
        "B-1;bitte klingeln;K-1;01.02.2024;DHL;5,00;\n"
        "B-2;;K-2;02.02.2024;Hermes;6,00;\n",
    )
    put(
        "ragged_rows.csv",
        ORDERS_DE
        + "R-1;K-1;01.02.2024;5,00\n"
        + "R-2;K-1;01.02.2024\n"
        + "R-3;K-1;01.02.2024;5,00;extra;mehr\n"
        + "R-4;K-1;01.02.2024;6,00\n",
    )
    put(
        "required_empty.csv",
        ORDERS_DE
        + ";K-1;01.02.2024;5,00\n"
        + "Q-2;;01.02.2024;5,00\n"
        + "Q-3;K-1;;5,00\n"
        + "Q-4;K-1;01.02.2024;\n"
        + "Q-5;K-1;01.02.2024;5,00\n",
    )
    put(
        "duplicate_keys.csv",
        ORDERS_DE
        + "DK-1;K-1;01.02.2024;5,00\n"
        + "DK-2;K-1;01.02.2024;5,00\n"
        + "DK-1;K-1;01.02.2024;5,00\n"
        + "DK-2;K-1;01.02.2024;9,99\n"
        + "DK-3;K-1;01.02.2024;5,00\n",
    )
    put(
        "quoted_linebreak.csv",
        "Datum;Umfrage;Wert;Kommentar\n"
        '01.02.2024;nps;9;"Sehr gut,\nschnelle Lieferung"\n'
        '02.02.2024;nps;12;"zwei\n\nAbsätze"\n'
        "03.02.2024;nps;7;ok\n"
        '04.02.2024;nps;x;"""zitiert"""\n',
    )
    put(
        "blank_lines.csv",
        ORDERS_DE
        + "L-1;K-1;01.02.2024;5,00\n"
        + "\n"
        + "L-2;K-1;01.02.2024;-1,00\n"
        + "   \n"
        + "\n"
        + "L-3;K-1;01.02.2024;5,00\n",
        newline="\r\n",
    )
    put(
        "huge_field.csv",
        "Datum;Umfrage;Wert;Kommentar\n"
        "01.02.2024;csat;4;kurz\n"
        f"02.02.2024;csat;5;{'x' * (1_100_000)}\n"
        "03.02.2024;csat;3;auch kurz\n",
    )
    put(
        "formula_cells.csv",
        "Kundennummer;Kanal;Kundensegment\n"
        "=cmd|' /C calc'!A0;Online;A\n"
        "K-2;@SUM(A1:A9);A\n"
        'K-3;+HYPERLINK("http://x");A\n'
        "K-4;-2+3+cmd|' /C calc'!A0;A\n"
        "K-5;Online;\t=1+1\n"
        "K-6;+49 30 1234;-\n"
        "K-7;-10;A\n",
    )

    # -- references, ranges and rules
    put(
        "returns_unknown_order.csv",
        "Retourennummer;Bestellnummer;Retourendatum;Erstattung\n"
        "RT-1;B-1001;10.01.2024;19,90\n"
        "RT-2;B-9999;10.01.2024;5,00\n",
    )
    put(
        "currency_other_than_eur.csv",
        "order_id,customer_id,ordered_at,revenue,currency\n"
        "C-1,C-1,2024-03-01,10.00,EUR\n"
        "C-2,C-1,2024-03-01,10.00,USD\n"
        "C-3,C-1,2024-03-01,10.00,eur\n"
        "C-4,C-1,2024-03-01,10.00,\n",
    )
    put(
        "survey_scores.csv",
        "Antwort-ID;Datum;Umfrage;Wert\n"
        "S-1;01.02.2024;NPS;10\n"
        "S-2;01.02.2024;nps;11\n"
        "S-3;01.02.2024;nps;-1\n"
        "S-4;01.02.2024;smcss;0\n"
        "S-5;01.02.2024;smcss;7,5\n"
        "S-6;01.02.2024;nps;0\n",
    )
    put(
        "subscription_end_before_start.csv",
        "Abonummer;Kundennummer;Tarif;Beginn;Ende;Monatsbeitrag\n"
        "A-1;K-1;Basis;01.03.2024;01.02.2024;9,99\n"
        "A-2;K-2;Basis;01.03.2024;;9,99\n"
        "A-3;K-3;Pro;01.03.2024;31.03.2024;29,00\n",
    )
    put(
        "customers_email.csv",
        "Kundennummer;E-Mail;Akquisekosten\n"
        "K-1;Anna.Schmidt@example.de;10,00\n"
        "K-2;bernd@example.com;zehn\n",
    )

    # -- JSON lines
    lines = [
        json.dumps(
            {
                "order_id": "J-1",
                "customer_id": "C-1",
                "ordered_at": "2024-03-01",
                "revenue": 12.5,
                "items": 2,
            }
        ),
        '{"order_id": "J-2", "customer_id": "C-1", "ordered_at": "2024-03-02", "revenue": 3',
        json.dumps(
            {
                "order_id": "J-3",
                "customer_id": "C-2",
                "ordered_at": "2024-03-03T10:00:00Z",
                "revenue": "7.50",
            }
        ),
        "",
        "[1, 2]",
        json.dumps(
            {"order_id": "J-4", "customer_id": "C-2", "ordered_at": "2024-03-04", "revenue": -1}
        ),
    ]
    put("broken_line.jsonl", "\n".join(lines) + "\n")
    return files


def write_xlsx(path: Path) -> None:
    """Two sheets: 'Bestellungen' (first, orders) and 'Retouren' (returns)."""
    from openpyxl import Workbook

    book = Workbook()
    orders = book.active
    assert orders is not None
    orders.title = "Bestellungen"
    orders.append(["Bestellnummer", "Kundennummer", "Bestelldatum", "Betrag"])
    orders.append(["X-1", "K-1", datetime(2024, 3, 1, 23, 30), 12.5])
    orders.append(["X-2", "K-2", "02.03.2024", 1234.56])
    orders.append([])
    orders.append(["X-3", "K-1", datetime(2024, 3, 3), -4])
    returns = book.create_sheet("Retouren")
    returns.append(["Retourennummer", "Bestellnummer", "Retourendatum", "Erstattung"])
    returns.append(["RX-1", "X-1", datetime(2024, 3, 5), 12.5])
    returns.append(["RX-2", "X-9", datetime(2024, 3, 5), 1])
    book.properties.created = datetime(2024, 1, 1)
    book.properties.modified = datetime(2024, 1, 1)
    book.save(path)


def write_parquet(folder: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    naive = pa.table(
        {
            "order_id": ["PQ-1", "PQ-2", "PQ-3"],
            "customer_id": ["C-1", "C-2", None],
            "ordered_at": pa.array(
                [datetime(2024, 3, 1, 12, 0), datetime(2024, 7, 1, 0, 30), datetime(2024, 3, 2)],
                type=pa.timestamp("us"),
            ),
            "revenue": pa.array([12.5, 1234.56, 3.0], type=pa.float64()),
            "items": pa.array([1, 2, 3], type=pa.int64()),
        }
    )
    pq.write_table(naive, folder / "timestamps.parquet")
    aware = pa.table(
        {
            "order_id": ["PZ-1"],
            "customer_id": ["C-1"],
            "ordered_at": pa.array(
                [datetime(2024, 3, 1, 12, 0, tzinfo=UTC)], type=pa.timestamp("us", tz="UTC")
            ),
            "revenue": pa.array([5.0], type=pa.float64()),
        }
    )
    pq.write_table(aware, folder / "timestamps_utc.parquet")


def main() -> None:
    CORPUS.mkdir(exist_ok=True)
    for name, data in text_files().items():
        (CORPUS / name).write_bytes(data)
    write_xlsx(CORPUS / "two_sheets.xlsx")
    write_parquet(CORPUS)


if __name__ == "__main__":
    main()
