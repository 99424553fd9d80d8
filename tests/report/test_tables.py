"""The report section views: terminal, CSV, JSON and Excel show the same numbers, each in its
form (German CSV with decimal commas, JSON nulls, Excel numbers with formats)."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from rich.console import Console

from bindung.report import tables as views
from bindung.report.tables import Column, Finding, Section, Table


def _section() -> Section:
    frame = pd.DataFrame(
        {
            "platform": ["instagram", "=cmd"],
            "share": [12.345, math.nan],
            "minutes": [61.0, 5.25],
            "money": [1234.5, 0.0],
            "delta": [-1.25, 0.0],
        }
    )
    table = Table(
        "reply",
        "Antwortzeiten",
        "Reply times",
        [
            Column("platform", "Plattform", "platform"),
            Column("share", "Anteil", "share", "percent"),
            Column("minutes", "Median", "median", "minutes"),
            Column("money", "Umsatz", "revenue", "money"),
            Column("delta", "Veränderung", "change", "points"),
        ],
        frame,
    )
    other = Table(
        "empty", "Leer", "Empty", [Column("x", "X", "X", "count")], pd.DataFrame({"x": []})
    )
    return Section(
        "social",
        "Soziale Medien",
        "Social media",
        [table, other],
        [Finding("Antworten zu langsam", "Replies too slow", "alarm")],
        {"window": "2026-01"},
    )


def test_cells_follow_the_locale_and_say_undefined() -> None:
    assert views.cell(12.345, "percent", "de") == "12,3\u00a0%"
    assert views.cell(math.nan, "percent", "de") == "nicht definiert"
    assert views.cell(math.nan, "percent", "en") == "not defined"
    assert views.cell(-1.25, "points", "de") == "−1,3"  # commercial rounding, true minus
    assert views.cell(1234.5, "money", "de") == "1.234,50\u00a0€"
    assert views.cell(61.0, "minutes", "en") == "61.0\u00a0min"
    assert views.cell(True, "flag", "de") == "ja"


def test_csv_is_one_table_in_the_readers_locale() -> None:
    text = views.to_csv(_section(), "de")
    assert text.splitlines()[0] == "Plattform;Anteil;Median;Umsatz;Veränderung"
    # money with two decimals, measures as stored, undefined empty
    assert text.splitlines()[1] == "instagram;12,345;61,0;1234,50;-1,25"
    assert text.splitlines()[2] == "'=cmd;;5,25;0,00;0,0"  # never a formula, as in Excel
    assert views.to_csv(_section(), "en", "empty").splitlines() == ["X"]
    with pytest.raises(KeyError, match="expected one of reply, empty"):
        views.to_csv(_section(), "en", "nope")


def test_json_has_every_table_with_nulls_findings_and_context() -> None:
    body = json.loads(views.to_json(_section()))
    assert body["section"] == "social" and body["meta"] == {"window": "2026-01"}
    assert body["findings"] == [
        {"level": "alarm", "de": "Antworten zu langsam", "en": "Replies too slow"}
    ]
    rows = body["tables"]["reply"]["rows"]
    assert rows[1]["share"] is None and rows[0]["minutes"] == 61.0
    assert body["tables"]["reply"]["columns"][1] == {
        "key": "share",
        "unit": "percent",
        "de": "Anteil",
        "en": "share",
    }
    assert body["tables"]["empty"]["rows"] == []


def test_excel_stores_numbers_with_formats_and_never_a_formula(tmp_path: Path) -> None:
    path = views.to_xlsx(_section(), "en", tmp_path / "s.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Reply times", "Empty", "Findings"]
    sheet = book["Reply times"]
    assert sheet["B2"].value == pytest.approx(12.345)
    assert sheet["B2"].number_format == views.XLSX_FORMATS["percent"]
    assert sheet["A3"].value == "=cmd" and sheet["A3"].data_type == "s"
    assert sheet["A3"].quotePrefix
    assert book["Findings"]["B2"].value == "Replies too slow"


def test_excel_sheets_have_currency_filter_frozen_header_and_local_dates(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "start": ["2026-01-01", "2026-02-01"],  # stored answers hold ISO text
            "partial": [False, True],
            "orders": [517.0, 12.0],
            "revenue": [1234.5, 99.0],
        }
    )
    table = Table(
        "t",
        "Verlauf: [Monat]",
        "Trend",
        [
            Column("start", "von", "from", "date"),
            Column("partial", "unvollständig", "partial", "flag"),
            Column("orders", "Bestellungen", "orders", "count"),
            Column("revenue", "Umsatz", "revenue", "money"),
        ],
        frame,
    )
    section = Section("s", "S", "S", [table, table], [Finding("a", "a")])
    path = views.to_xlsx(section, "de", tmp_path / "t.xlsx", currency="EUR", tz="Europe/Berlin")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Verlauf Monat", "Verlauf Monat (2)", "Befunde"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    sheet = book.worksheets[0]
    assert sheet.auto_filter.ref == "A1:D3"
    assert sheet["A2"].is_date and sheet["A2"].value.date() == date(2026, 1, 1)
    assert [sheet["B2"].value, sheet["B3"].value] == ["nein", "ja"]
    assert sheet["C2"].value == 517 and sheet["C2"].number_format == "#,##0"
    assert sheet["D2"].number_format.endswith('"€"')
    csv = views.to_csv(section, "de", bom=True)
    assert csv.startswith("\ufeff")
    assert csv.splitlines()[1] == "2026-01-01;nein;517;1234,50"


def test_terminal_shows_findings_then_tables() -> None:
    console = Console(width=200, record=True)
    for part in views.render_terminal(_section(), "de"):
        console.print(part)
    text = console.export_text()
    assert text.index("⚠ Antworten zu langsam") < text.index("Antwortzeiten")
    assert "nicht definiert" in text and "Leer: keine Daten" in text


def test_a_table_must_carry_its_declared_columns() -> None:
    with pytest.raises(ValueError, match="lacks columns"):
        Table("t", "T", "T", [Column("x", "X", "X")], pd.DataFrame({"y": [1]}))


def test_p_values_are_plain_numbers_with_a_floor() -> None:
    assert views.cell(0.0004, "pvalue", "de") == "< 0,001"
    assert views.cell(0.0004, "pvalue", "en") == "< 0.001"
    assert views.cell(0.0123, "pvalue", "de") == "0,012"
    assert views.cell(0.5, "pvalue", "en") == "0.500"
    assert views.cell(math.nan, "pvalue", "en") == views.cell(math.nan, "factor", "en")


def _long_section() -> Section:
    periods = [f"{2020 + i // 12}-{i % 12 + 1:02d}" for i in range(70)]
    trend = Table(
        "trend",
        "Verlauf",
        "Trend",
        [Column("period", "Periode", "period"), Column("n", "Anzahl", "count", "count")],
        pd.DataFrame({"period": periods, "n": range(70)}),
    )
    ranked = Table(
        "ranked",
        "Rangliste",
        "Ranking",
        [Column("name", "Name", "name"), Column("n", "Anzahl", "count", "count")],
        pd.DataFrame({"name": [f"c{i}" for i in range(55)], "n": range(55, 0, -1)}),
    )
    short = Table(
        "short", "Kurz", "Short", [Column("n", "n", "n", "count")], pd.DataFrame({"n": [1, 2]})
    )
    return Section("long", "Lang", "Long", [trend, ranked, short], [], {})


def _printed(parts: list[object]) -> str:
    console = Console(width=200, record=True)
    for part in parts:
        console.print(part)
    return console.export_text()


def test_terminal_shows_the_newest_periods_and_the_first_ranked_rows_and_says_so() -> None:
    section = _long_section()
    de = _printed(views.render_terminal(section, "de", limit=50))
    # a series over periods: the newest 50 of 70 (periods 21..70), the first 20 left out
    assert "2025-10" in de and "2021-09" in de  # the 70th and the 21st period
    assert "2021-08" not in de and "2020-01" not in de
    assert "die neuesten 50 von 70 Zeilen; alle: --format csv --table trend" in de
    # a ranked table: its first 50 of 55 rows
    assert "c49" in de and "c50" not in de
    assert "die ersten 50 von 55 Zeilen; alle: --format csv --table ranked" in de
    # a short table is whole and has no note
    assert de.count("Zeilen; alle") == 2
    en = _printed(views.render_terminal(section, "en", limit=50))
    assert "the newest 50 of 70 rows; all of them: --format csv --table trend" in en
    assert "the first 50 of 55 rows" in en
    # without a limit every row is printed, and CSV always has every row
    whole = _printed(views.render_terminal(section, "de"))
    assert "2020-01" in whole and "c54" in whole and "Zeilen; alle" not in whole
    assert len(views.to_csv(section, "de", "trend").strip().splitlines()) == 71


def test_cells_not_reached_yet_stay_empty_where_the_column_says_so() -> None:
    future = Column("p3", "+3", "+3", "percent", blank=True)
    measured = Column("share", "Anteil", "share", "percent")
    # a cohort's period after the data's end: empty; any other undefined value says so
    assert views.column_cell(future, math.nan, "de") == ""
    assert views.column_cell(future, None, "en") == ""
    assert views.column_cell(future, 12.5, "de") == "12,5\u00a0%"
    assert views.column_cell(measured, math.nan, "de") == "nicht definiert"
    labelled = Column("platform", "Plattform", "platform", labels=(("all", "alle", "all of them"),))
    assert views.column_cell(labelled, "all", "en") == "all of them"
    # the stored document keeps the flag
    frame = pd.DataFrame({"p3": [math.nan, 40.0]})
    doc = views.document(Section("c", "C", "C", [Table("t", "T", "T", [future], frame)]))
    assert doc["tables"]["t"]["columns"][0]["blank"] is True
