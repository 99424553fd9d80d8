"""Writing report tables as CSV, JSON or Excel.

* CSV follows the locale: German files use ``;`` and a decimal comma (they open correctly in
  a German Excel), English ones ``,`` and a point.  Undefined values are empty cells.
* JSON is for machines: ISO dates, ``null`` for undefined values, numbers as numbers.
* Excel stores numbers as numbers with a number format per column; text cells that start with
  ``= + - @`` (or a tab/CR) are prefixed with ``'`` so no cell is read as a formula.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def plain(value: Any, *, iso_dates: bool = True) -> Any:
    """A JSON- or cell-ready value: NaN -> None, numpy scalars -> Python, dates as ISO text
    (``iso_dates``) or as dates."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime | date):
        return value.isoformat() if iso_dates else value
    if hasattr(value, "item"):
        return plain(value.item(), iso_dates=iso_dates)
    return value


def to_json(frame: pd.DataFrame, meta: dict[str, Any]) -> str:
    rows = [{k: plain(v) for k, v in rec.items()} for rec in frame.to_dict("records")]
    return json.dumps({"meta": meta, "rows": rows}, ensure_ascii=False, indent=1)


def to_csv(frame: pd.DataFrame, lang: str) -> str:
    if lang == "de":
        return str(frame.to_csv(index=False, sep=";", decimal=",", lineterminator="\n"))
    return str(frame.to_csv(index=False, lineterminator="\n"))


def safe_text(value: str) -> str:
    """Text for a spreadsheet cell, never a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


@dataclass
class Sheet:
    """A frame for one Excel sheet.  ``formats`` maps columns to number formats;
    ``row_formats`` maps columns to a function of the row (a dict) giving its format, for
    columns whose unit changes from row to row."""

    frame: pd.DataFrame
    formats: dict[str, str] = field(default_factory=dict)
    row_formats: Mapping[str, Callable[[dict[str, Any]], str]] = field(default_factory=dict)


def to_xlsx(sheets: dict[str, Sheet], path: Path) -> Path:
    """Write the sheets to ``path`` (numbers as numbers, text never a formula)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, spec in sheets.items():
        frame, formats = spec.frame, spec.formats
        sheet = book.create_sheet(safe_text(name)[:31])
        sheet.append([safe_text(str(c)) for c in frame.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        columns = [str(c) for c in frame.columns]
        for r, rec in enumerate(frame.to_dict("records"), start=2):
            row: list[Any] = []
            for v in rec.values():
                v = plain(v, iso_dates=False)
                row.append(safe_text(v) if isinstance(v, str) else v)
            sheet.append(row)
            for col, rule in spec.row_formats.items():
                cell = sheet.cell(row=r, column=columns.index(col) + 1)
                cell.number_format = rule({str(k): v for k, v in rec.items()})
        for idx, col in enumerate(frame.columns, start=1):
            fmt = formats.get(str(col))
            letter = sheet.cell(row=1, column=idx).column_letter
            width = max(10, min(40, len(str(col)) + 2))
            sheet.column_dimensions[letter].width = width
            if fmt:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=idx, max_col=idx):
                    cell.number_format = fmt
        sheet.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
