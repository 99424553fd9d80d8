"""CSV, JSON and Excel writers: locale-aware CSV, nulls for undefined values, numbers stored as
numbers, no cell readable as a formula."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pandas as pd

from bindung.report import export

FRAME = pd.DataFrame(
    {
        "period": ["2026-01", "2026-02"],
        "start": [date(2026, 1, 1), date(2026, 2, 1)],
        "value": [1234.5, math.nan],
        "note": ['=HYPERLINK("http://x")', "-1+2"],
    }
)


def test_german_csv_uses_semicolons_and_decimal_commas() -> None:
    text = export.to_csv(FRAME[["period", "value"]], "de")
    assert text.splitlines() == ["period;value", "2026-01;1234,5", "2026-02;"]


def test_english_csv_uses_commas_and_points() -> None:
    text = export.to_csv(FRAME[["period", "value"]], "en")
    assert text.splitlines() == ["period,value", "2026-01,1234.5", "2026-02,"]


def test_json_has_iso_dates_and_null_for_undefined() -> None:
    data = json.loads(export.to_json(FRAME, {"period": "month"}))
    assert data["meta"] == {"period": "month"}
    assert data["rows"][0]["start"] == "2026-01-01"
    assert data["rows"][0]["value"] == 1234.5
    assert data["rows"][1]["value"] is None


def test_xlsx_stores_numbers_as_numbers_and_escapes_formulas(tmp_path: Path) -> None:
    path = export.to_xlsx(
        {
            "=evil": export.Sheet(
                FRAME,
                {"value": "#,##0.00", "start": "yyyy-mm-dd"},
                {"note": lambda row: "@"},
            )
        },
        tmp_path / "out.xlsx",
    )
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["=evil"]  # a sheet name is never evaluated
    sheet = book.active
    assert sheet is not None
    assert [c.value for c in sheet[1]] == ["period", "start", "value", "note"]
    value = sheet.cell(row=2, column=3)
    assert value.value == 1234.5 and value.number_format == "#,##0.00"
    assert sheet.cell(row=3, column=3).value is None
    assert sheet.cell(row=2, column=2).value.date() == date(2026, 1, 1)
    formulas = [sheet.cell(row=2, column=4), sheet.cell(row=3, column=4)]
    # text cells holding exactly the text, marked with Excel's quote prefix: never a formula
    assert [c.value for c in formulas] == ['=HYPERLINK("http://x")', "-1+2"]
    assert [c.data_type for c in formulas] == ["s", "s"]
    assert all(c.quotePrefix for c in formulas)


def _rows(data: bytes, sep: str) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=sep))


TYPED = pd.DataFrame(
    {
        "Kunden": [517.0, 3.0],
        "Umsatz": [1234.5, math.nan],
        "Anteil": [12.345, None],
        "unvollständig": [True, False],
        "Notiz": ["Müller", None],
        "seit": [datetime(2026, 3, 1, 23, 30, tzinfo=UTC), pd.NaT],
    }
)
UNITS = {"Kunden": "count", "Umsatz": "money", "Anteil": "percent", "unvollständig": "flag"}


def test_german_csv_file_has_bom_semicolons_ja_and_whole_counts() -> None:
    data = export.to_csv(TYPED, "de", UNITS, tz="Europe/Berlin", bom=True).encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")  # the UTF-8 byte order mark
    assert _rows(data, ";") == [
        ["Kunden", "Umsatz", "Anteil", "unvollständig", "Notiz", "seit"],
        # 23:30 UTC on 1 March is 00:30 on 2 March in Berlin
        ["517", "1234,50", "12,345", "ja", "Müller", "2026-03-02 00:30:00"],
        ["3", "", "", "nein", "", ""],
    ]
    text = data.decode("utf-8-sig")
    for bad in ("nan", "None", "NaT", "True", "False", "517,0"):
        assert bad not in text


def test_english_csv_keeps_commas_points_and_says_yes_no() -> None:
    text = export.to_csv(TYPED, "en", UNITS, tz="Europe/Berlin")
    assert not text.startswith(export.BOM)  # no BOM unless asked for (terminal, pipes)
    assert _rows(text.encode(), ",")[1:] == [
        ["517", "1234.50", "12.345", "yes", "Müller", "2026-03-02 00:30:00"],
        ["3", "", "", "no", "", ""],
    ]


def test_csv_without_units_still_writes_booleans_and_empty_cells() -> None:
    frame = pd.DataFrame({"a": [True, None], "b": [2.0, math.inf]})
    assert export.to_csv(frame, "de").splitlines() == ["a;b", "ja;2", ";"]


def test_xlsx_money_percent_counts_dates_filter_and_widths(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "Kunden": [517.0],
            "Umsatz": [1234.5],
            "Anteil": [12.3],
            "von": ["2026-01-01"],  # as stored answers hold dates: ISO text
            "seit": ["2026-03-01T23:30:00+00:00"],
            "ein sehr langer Spaltenname, der gekappt wird" * 3: ["x"],
        }
    )
    formats = {"Kunden": "#,##0", "Umsatz": export.money_format("EUR", "de")}
    sheets = {
        "Tabelle/1": export.Sheet(frame, formats, units={"von": "date", "seit": "date"}),
        "tabelle 1": export.Sheet(frame.head(0)),
    }
    path = export.to_xlsx(sheets, tmp_path / "t.xlsx", lang="de", tz="Europe/Berlin")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Tabelle 1", "tabelle 1 (2)"]  # valid, unique ignoring case
    sheet = book["Tabelle 1"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:F2"
    assert book["tabelle 1 (2)"].auto_filter.ref == "A1:F1"
    assert sheet["A2"].value == 517 and sheet["A2"].number_format == "#,##0"
    assert sheet["B2"].value == 1234.5 and "€" in sheet["B2"].number_format
    assert sheet["D2"].is_date and sheet["D2"].value == datetime(2026, 1, 1)
    assert sheet["D2"].number_format == "dd.mm.yyyy"
    assert sheet["E2"].is_date and sheet["E2"].value == datetime(2026, 3, 2, 0, 30)
    widths = {c: sheet.column_dimensions[c].width for c in "ABCDEF"}
    assert widths["F"] == export.MAX_WIDTH  # capped
    assert export.MIN_WIDTH <= widths["A"] < 20
    assert widths["E"] >= 16  # "dd.mm.yyyy hh:mm"


def test_money_format_names_the_currency_in_the_readers_order() -> None:
    assert export.money_format("EUR", "de") == '#,##0.00\\ "€"'
    assert export.money_format("GBP", "en") == '"£"#,##0.00'


def test_csv_text_that_would_start_a_formula_is_escaped() -> None:
    import csv
    import io

    frame = pd.DataFrame(
        {"name": ['=HYPERLINK("http://x")', "+49 30 1234", "Anna", "-3,00;x"], "n": [1, 2, 3, -4]}
    )
    text = export.to_csv(frame, "de", {"name": "text", "n": "count"})
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    # by hand: a leading ' before =, +, - of text; numbers stay numbers
    assert rows[1:] == [
        ['\'=HYPERLINK("http://x")', "1"],
        ["'+49 30 1234", "2"],
        ["Anna", "3"],
        ["'-3,00;x", "-4"],
    ]


#: Text a spreadsheet reads as a formula though it does not start with "=" itself: behind a
#: space, a zero-width space, a no-break space, a BOM, or as a full-width sign.
DISGUISED = [
    " =1+1",
    '\u200b=HYPERLINK("http://x")',
    "\u00a0@SUM(A1)",
    "\ufeff+1-1",
    "\uff1d1+1",  # FULLWIDTH EQUALS SIGN
    "\uff0bcmd",  # FULLWIDTH PLUS SIGN
    "\uff0d2+3",  # FULLWIDTH HYPHEN-MINUS
    "\uff20SUM(A1)",  # FULLWIDTH COMMERCIAL AT
    "-1+1",
    "+1-1",
]
HARMLESS = ["Anna", "a=b", "", " ", "\u200b", "Müller-Lüdenscheidt", "50 %"]


def test_formula_like_sees_disguised_formulas_and_leaves_text_alone() -> None:
    assert [export.formula_like(v) for v in DISGUISED] == [True] * len(DISGUISED)
    assert [export.formula_like(v) for v in HARMLESS] == [False] * len(HARMLESS)


def test_every_writer_neutralises_disguised_formulas(tmp_path: Path) -> None:
    import csv
    import io

    from bindung.report import mailing

    frame = pd.DataFrame({"name": DISGUISED + HARMLESS})
    # CSV: a leading apostrophe before each formula-like text (OWASP), the rest unchanged
    text = export.to_csv(frame, "en", {"name": "text"})
    cells = [row[0] for row in csv.reader(io.StringIO(text))][1:]
    assert cells == ["'" + v for v in DISGUISED] + HARMLESS
    # Excel: the exact text in a text cell with the quote prefix
    path = export.to_xlsx({"s": export.Sheet(frame)}, tmp_path / "x.xlsx")
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    written = [sheet.cell(row=r, column=1) for r in range(2, 2 + len(DISGUISED))]
    assert [c.value for c in written] == DISGUISED
    assert all(c.data_type == "s" and c.quotePrefix for c in written)
    # the e-mail tools' import files (names come from the user's contacts file)
    rows = pd.DataFrame(
        {
            "email": ["a@example.de", "b@example.de"],
            "first_name": ["\uff1d1+1", "Anna"],
            "last_name": ["-1+1", "Muster"],
            "customer_id": ["K1", "K2"],
            "segment": ["loyal", "loyal"],
            "clv": [1.0, 2.0],
            "next_order": [None, None],
        }
    )
    layout = mailing.LAYOUTS["brevo"]
    lines = list(
        csv.reader(
            io.StringIO(mailing.render(layout, rows).decode("utf-8")), delimiter=layout.delimiter
        )
    )
    assert "'\uff1d1+1" in lines[1] and "'-1+1" in lines[1]
    assert "Anna" in lines[2] and "Muster" in lines[2]
