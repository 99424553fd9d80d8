"""Writing report tables as CSV, JSON or Excel.

* CSV follows the locale: German files use ``;`` and a decimal comma (they open correctly in
  a German Excel), English ones ``,`` and a point.  Cells are written by their unit: counts
  as whole numbers (``517``), money with two decimals, flags as ``ja``/``nein``
  (``yes``/``no``), dates as ``YYYY-MM-DD`` and times in the workspace time zone; undefined
  values (NULL, NaN, ±inf) are empty cells, never ``nan`` or ``None``.  Files (``--out``,
  downloads) start with a UTF-8 byte order mark in every language, so Excel reads the
  umlauts; text for a terminal or a pipe has none (:data:`BOM`, ``bom=``).
* JSON is for machines: ISO dates, ``null`` for undefined values, numbers as numbers.
* Excel stores numbers as numbers with a number format per column (money in the workspace
  currency, ``%`` on percentages, whole numbers on counts), dates and times as Excel dates in
  the workspace time zone, a frozen header row, an autofilter and column widths fitted to
  labels and values (at most :data:`MAX_WIDTH`).
* No text becomes a formula (CSV injection, OWASP): text that a spreadsheet would read as one
  (:func:`formula_like`: it starts with ``= + - @``, a tab or a CR, also behind spaces or
  invisible characters, also as their full-width forms ``＝ ＋ － ＠``) is written to CSV with a
  leading ``'`` (OWASP's guidance) and to Excel as a text cell with Excel's quote prefix
  (:func:`protect`): the cell holds exactly the text, shown as typed, never evaluated.
"""

from __future__ import annotations

import csv
import io
import json
import math
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from bindung.i18n import N_, tr

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Characters a spreadsheet skips or does not show before a formula's first character: spaces
#: and the invisible ones (zero-width space, joiners, word joiner, BOM, no-break space).
_INVISIBLE = " \u00a0\u200b\u200c\u200d\u2060\ufeff"
#: The UTF-8 byte order mark that CSV files start with (German Excel needs it for umlauts;
#: English Excel reads it too, and pandas/Python read it with ``utf-8-sig``).
BOM = "\ufeff"
YES_NO = (N_("yes"), N_("no"))
#: Excel column widths: at least this many characters, at most :data:`MAX_WIDTH`.
MIN_WIDTH, MAX_WIDTH = 8, 50
#: Excel date formats by language.
DATE_FORMATS = {"de": "dd.mm.yyyy", "en": "yyyy-mm-dd"}
DATETIME_FORMATS = {"de": "dd.mm.yyyy hh:mm", "en": "yyyy-mm-dd hh:mm"}


def plain(value: Any, *, iso_dates: bool = True) -> Any:
    """A JSON- or cell-ready value: NaN -> None, numpy scalars -> Python, dates as ISO text
    (``iso_dates``) or as dates."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT:
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


def _undefined(value: Any) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, float) and not math.isfinite(value)


def local_time(value: Any, tz: str | None) -> date | datetime | None:
    """A date, or a naive datetime on the wall clock of ``tz`` (the workspace time zone):
    from a date, datetime or Timestamp, or from ISO text (as stored answers hold them).
    ``None`` when ``value`` is no date."""
    v = plain(value, iso_dates=False)
    if isinstance(v, str):
        text = v.strip()
        if len(text) == 10:
            try:
                return date.fromisoformat(text)
            except ValueError:
                return None
        try:
            v = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    if isinstance(v, datetime):
        if v.tzinfo is not None:
            v = v.astimezone(ZoneInfo(tz)) if tz else v
            v = v.replace(tzinfo=None)
        return v
    if isinstance(v, date):
        return v
    return None


def _decimal_text(v: float, lang: str, decimals: int | None = None, *, whole: bool = True) -> str:
    if decimals is not None:
        text = f"{v:.{decimals}f}"
    elif whole and v.is_integer() and abs(v) < 1e15:
        text = str(int(v))
    else:
        text = repr(v)
    if text in ("-0", "-0.00"):
        text = text[1:]
    return text.replace(".", ",") if lang == "de" else text


def yes_no(value: bool, lang: str) -> str:
    """A flag in words: ``ja``/``nein``, ``yes``/``no``."""
    return tr(lang, YES_NO[0] if value else YES_NO[1])


def csv_cell(value: Any, unit: str | None, lang: str, tz: str | None = None) -> str:
    """One CSV cell by its unit (``None``: by its type): empty for undefined, ``ja``/``nein``
    for flags, whole numbers for counts, two decimals for money, otherwise the number as
    stored (``12,345``, ``61,0``; without a unit a whole number without ``,0``), dates ISO
    and times on the workspace's clock; text that would start a formula gets a ``'``."""
    v = plain(value, iso_dates=False)
    if _undefined(v):
        return ""
    if isinstance(v, bool) or (unit == "flag" and isinstance(v, int | float)):
        return yes_no(bool(v), lang)
    if unit == "date" or isinstance(v, date | datetime):
        when = local_time(v, tz)
        if when is None:
            return str(v)
        if isinstance(when, datetime):
            return when.isoformat(sep=" ", timespec="seconds")
        return when.isoformat()
    if isinstance(v, int | float):
        f = float(v)
        if unit == "count":
            return _decimal_text(float(round(f)), lang)
        if unit == "money":
            return _decimal_text(f, lang, 2)
        # a measure (percent, minutes, ...) as stored (60,0); a column of unknown unit
        # (whole numbers stored as floats, e.g. the KPIs' values) without ",0"
        return _decimal_text(f, lang, whole=unit is None or isinstance(v, int))
    # text a spreadsheet would run as a formula ("=HYPERLINK(...)" in a customer's name or a
    # rejected raw line) gets a leading "'", as in the Excel files (OWASP, CSV injection)
    return safe_text(str(v))


def to_json(frame: pd.DataFrame, meta: dict[str, Any]) -> str:
    rows = [{k: plain(v) for k, v in rec.items()} for rec in frame.to_dict("records")]
    return json.dumps({"meta": meta, "rows": rows}, ensure_ascii=False, indent=1)


def to_csv(
    frame: pd.DataFrame,
    lang: str,
    units: Mapping[str, str | None] | None = None,
    *,
    tz: str | None = None,
    bom: bool = False,
) -> str:
    """``frame`` as CSV in the reader's locale (German: ``;`` and a decimal comma).
    ``units`` maps column names to their unit (``count``, ``money``, ``flag``, ``date``, ...;
    others by their type); ``tz`` is the workspace time zone for times; ``bom`` starts the
    text with :data:`BOM` (for a file)."""
    units = units or {}
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if lang == "de" else ",", lineterminator="\n")
    columns = [str(c) for c in frame.columns]
    writer.writerow(columns)
    kinds = [units.get(c) for c in columns]
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([csv_cell(v, kind, lang, tz) for v, kind in zip(row, kinds, strict=True)])
    return (BOM if bom else "") + buffer.getvalue()


def formula_like(value: str) -> bool:
    """Whether a spreadsheet could read ``value`` as a formula: it starts with one of
    :data:`FORMULA_START`, possibly behind spaces or invisible characters, or with the
    full-width form of one (``＝1+1`` is ``=1+1`` after Unicode compatibility folding)."""
    if value.startswith(FORMULA_START):
        return True
    rest = value.lstrip(_INVISIBLE)
    return bool(rest) and unicodedata.normalize("NFKC", rest[0]).startswith(FORMULA_START)


def safe_text(value: str) -> str:
    """Text for a CSV cell, never a formula: formula-like text gets a leading ``'``."""
    return "'" + value if formula_like(value) else value


def protect(cell: Any) -> Any:
    """An openpyxl cell holding text stays text: openpyxl would store a text starting with
    ``=`` as a formula, so the cell's type is set to string, and formula-like text gets Excel's
    quote prefix (the value is unchanged: no ``'`` inside it).  Returns the cell."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if formula_like(cell.value):
            cell.quotePrefix = True
    return cell


def save_book(book: Any, path: Path) -> Path:
    """Save an openpyxl workbook with every text cell :func:`protect`-ed."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    protect(cell)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def money_format(currency: str, lang: str) -> str:
    """Excel's number format for an amount in ``currency`` (the symbol as the reader's
    language writes it: ``1.234,50 €`` / ``€1,234.50``)."""
    from babel.numbers import get_currency_symbol

    from bindung.formatting import locale_of

    symbol = str(get_currency_symbol(currency, locale=locale_of(lang))).replace('"', "")
    if lang == "de":
        return f'#,##0.00\\ "{symbol}"'
    return f'"{symbol}"#,##0.00'


def sheet_name(title: str, taken: Sequence[str]) -> str:
    """A valid, unused sheet name: no ``[]:*?/\\``, no leading or trailing ``'``, at most
    31 characters, unique ignoring case (Excel's rules)."""
    for ch in "[]:*?/\\":
        title = title.replace(ch, " ")
    title = " ".join(title.split()).strip("'").strip() or "Sheet"
    used = {n.casefold() for n in taken}
    name, i = title[:31], 2
    while name.casefold() in used:
        suffix = f" ({i})"
        name, i = title[: 31 - len(suffix)].rstrip() + suffix, i + 1
    return name


def cell_width(value: Any, number_format: str | None = None) -> int:
    """Characters a cell takes, roughly: its text, or a formatted number's length."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, bool):
        return 5
    if isinstance(value, int | float):
        digits = len(f"{abs(float(value)):,.0f}")
        decimals = number_format.count("0", number_format.find(".")) if number_format else 0
        extra = 3 if number_format and ('"' in number_format or "%" in number_format) else 0
        return digits + (decimals + 1 if number_format and "." in number_format else 0) + extra + 1
    return max((len(line) for line in str(value).splitlines()), default=0)


def finish_sheet(
    sheet: Any,
    header_row: int = 1,
    last_row: int | None = None,
    widths: Mapping[int, int] | None = None,
) -> None:
    """Freeze the rows down to ``header_row``, put an autofilter on the table below it
    (to ``last_row``, default the sheet's last row) and fit the column widths (``widths``:
    characters by column number, default measured from every cell) to
    :data:`MIN_WIDTH`..:data:`MAX_WIDTH`."""
    from openpyxl.utils import get_column_letter

    last_col = max(sheet.max_column, 1)
    last = max(last_row or sheet.max_row, header_row)
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(last_col)}{last}"
    if widths is None:
        measured: dict[int, int] = {}
        for row in sheet.iter_rows():
            for c in row:
                w = cell_width(c.value, c.number_format)
                if w > measured.get(c.column, 0):
                    measured[c.column] = w
        widths = measured
    for col, width in widths.items():
        # + 2 for the filter button beside the header
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 3))


@dataclass
class Sheet:
    """A frame for one Excel sheet.  ``formats`` maps columns to number formats;
    ``row_formats`` maps columns to a function of the row (a dict) giving its format, for
    columns whose unit changes from row to row; ``units`` maps columns to their unit
    (``date`` columns become Excel dates, ``flag`` columns ``ja``/``nein``)."""

    frame: pd.DataFrame
    formats: dict[str, str] = field(default_factory=dict)
    row_formats: Mapping[str, Callable[[dict[str, Any]], str]] = field(default_factory=dict)
    units: Mapping[str, str] = field(default_factory=dict)


def xlsx_value(value: Any, unit: str | None, lang: str, tz: str | None) -> tuple[Any, str | None]:
    """A cell's value and, for dates, its number format: numbers stay numbers (undefined:
    ``None``, an empty cell), dates and ISO timestamps become Excel dates on the workspace's
    clock, flags and booleans ``ja``/``nein``, text never a formula."""
    v = plain(value, iso_dates=False)
    if _undefined(v):
        return None, None
    lang = "de" if lang == "de" else "en"
    if isinstance(v, bool) or (unit == "flag" and isinstance(v, int | float)):
        return yes_no(bool(v), lang), None
    if unit == "date" or isinstance(v, date | datetime):
        when = local_time(v, tz)
        if isinstance(when, datetime):
            if when.time() == datetime.min.time() and unit == "date":
                return when, DATE_FORMATS[lang]
            return when, DATETIME_FORMATS[lang]
        if isinstance(when, date):
            return when, DATE_FORMATS[lang]
    return v, None


def to_xlsx(
    sheets: dict[str, Sheet], path: Path, *, lang: str = "de", tz: str | None = None
) -> Path:
    """Write the sheets to ``path``: numbers as numbers, dates as Excel dates in ``tz``,
    text never a formula, a frozen header row and an autofilter on each sheet, column widths
    fitted to labels and values; sheet names made valid and unique."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    names: list[str] = []
    for name, spec in sheets.items():
        frame, formats = spec.frame, spec.formats
        title = sheet_name(name, names)
        names.append(title)
        sheet = book.create_sheet(title)
        sheet.append([str(c) for c in frame.columns])
        for cell in sheet[1]:
            protect(cell).font = Font(bold=True)
        columns = [str(c) for c in frame.columns]
        units = [spec.units.get(c) for c in columns]
        fixed = [formats.get(c) for c in columns]
        for r, rec in enumerate(frame.to_dict("records"), start=2):
            for j, v in enumerate(rec.values()):
                value, date_format = xlsx_value(v, units[j], lang, tz)
                if value is None:
                    continue
                target = sheet.cell(row=r, column=j + 1, value=value)
                if isinstance(value, str):
                    protect(target)
                number_format = date_format or fixed[j]
                if number_format and not isinstance(value, str):
                    target.number_format = number_format
            for col, rule in spec.row_formats.items():
                target = sheet.cell(row=r, column=columns.index(col) + 1)
                if not isinstance(target.value, str):
                    target.number_format = rule({str(k): v for k, v in rec.items()})
        finish_sheet(sheet)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
