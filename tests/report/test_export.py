"""CSV, JSON and Excel writers: locale-aware CSV, nulls for undefined values, numbers stored as
numbers, no cell readable as a formula."""

from __future__ import annotations

import json
import math
from datetime import date
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
    assert book.sheetnames == ["'=evil"]
    sheet = book.active
    assert sheet is not None
    assert [c.value for c in sheet[1]] == ["period", "start", "value", "note"]
    value = sheet.cell(row=2, column=3)
    assert value.value == 1234.5 and value.number_format == "#,##0.00"
    assert sheet.cell(row=3, column=3).value is None
    assert sheet.cell(row=2, column=2).value.date() == date(2026, 1, 1)
    assert sheet.cell(row=2, column=4).value == '\'=HYPERLINK("http://x")'
    assert sheet.cell(row=3, column=4).value == "'-1+2"
    assert sheet.cell(row=2, column=4).data_type == "s"
