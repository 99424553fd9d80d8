"""Report sections made of labelled tables and findings in plain words: the one shape that the
terminal, CSV, JSON and Excel views (and the web pages) render.  No number is computed here.

A :class:`Section` (``bindung social``, ``bindung satisfaction``, ...) holds

* ``tables`` — :class:`Table` objects: a frame of raw numbers (percentages as 0–100, money in
  the workspace currency, durations in minutes or days) and one :class:`Column` per frame
  column with its German and English label and its unit;
* ``findings`` — :class:`Finding` sentences in German and English ("Fans kauften 18 % häufiger
  …"), each with a level (``info``, ``good``, ``warning``, ``alarm``);
* ``meta`` — the context (workspace, period, settings used) for JSON.

Views: :func:`render_terminal` (Rich tables), :func:`to_json` (all tables, machine-readable),
:func:`to_csv` (one table; the section's first unless ``table`` names another) and
:func:`to_xlsx` (a sheet per table and one for the findings).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from bindung.i18n import both, tr
from bindung.report import export
from bindung.report import format as fmt

CellUnit = Literal[
    "text",
    "date",
    "count",
    "percent",
    "points",
    "money",
    "days",
    "minutes",
    "score",
    "factor",
    "pvalue",
    "flag",
]
Level = Literal["info", "good", "warning", "alarm"]

#: Excel number formats by unit (Excel shows them in the reader's own locale).
XLSX_FORMATS: dict[str, str] = {
    "count": "#,##0",
    "percent": '#,##0.0" %"',
    "points": "+#,##0.0;-#,##0.0;0.0",
    "money": "#,##0.00",
    "days": "#,##0.0",
    "minutes": "#,##0.0",
    "score": "0.00",
    "factor": "0.000",
    "pvalue": "0.0000",
}
LEVEL_MARK = {"info": "·", "good": "✓", "warning": "!", "alarm": "⚠"}


@dataclass(frozen=True)
class Column:
    """One column of a :class:`Table`: its key in the frame, its labels and its unit."""

    key: str
    de: str
    en: str
    unit: CellUnit = "text"
    #: labels of coded values a reader should not see raw: ``(value, German, English)``
    #: (the stored rows keep the value; screens show the label, :meth:`show`)
    labels: tuple[tuple[str, str, str], ...] = ()
    #: an undefined value is a cell not reached yet (a cohort's future periods): shown empty,
    #: not as "nicht definiert"
    blank: bool = False
    #: values as the user typed them (a theme's keywords): shown in code type, not translated
    literal: bool = False

    def label(self, lang: str) -> str:
        return self.de if lang == "de" else self.en

    def show(self, value: Any, lang: str) -> Any:
        """``value`` as a screen shows it: its label where the column has one."""
        for code, de, en in self.labels:
            if value == code:
                return de if lang == "de" else en
        return value


@dataclass(frozen=True)
class Finding:
    """A sentence for the reader, in both languages, with how it should be read."""

    de: str
    en: str
    level: Level = "info"

    def text(self, lang: str) -> str:
        return self.de if lang == "de" else self.en


#: The leading columns of a table with one row per calendar period.
PERIOD_COLUMNS = (
    Column("period", *both("period")),
    Column("start", *both("from"), "date"),
    Column("end", *both("to (excl.)"), "date"),
    Column("partial", *both("partial"), "flag"),
)


@dataclass
class Table:
    """A frame of raw numbers with labelled, typed columns."""

    key: str
    title_de: str
    title_en: str
    columns: Sequence[Column]
    frame: pd.DataFrame
    #: machine keys of the rows (e.g. an outcome code) that JSON carries but no view shows
    keys: Sequence[str] = ()

    def __post_init__(self) -> None:
        wanted = [*self.keys, *(c.key for c in self.columns)]
        missing = [k for k in wanted if k not in self.frame.columns]
        if missing:
            raise ValueError(f"table {self.key}: frame lacks columns {missing}")

    def title(self, lang: str) -> str:
        return self.title_de if lang == "de" else self.title_en

    def records(self) -> list[dict[str, Any]]:
        """The rows as plain values (keys first, then the columns; ``None`` where undefined),
        for JSON."""
        names = [*self.keys, *(c.key for c in self.columns if c.key not in self.keys)]
        return [
            {str(k): export.plain(v) for k, v in rec.items()}
            for rec in self.frame[names].to_dict("records")
        ]

    def export_frame(self, lang: str) -> pd.DataFrame:
        """The declared columns in order, headed by their labels (numbers stay numbers; a
        coded value is written as its label, as screens show it: :meth:`Column.show`)."""
        frame = self.frame[[c.key for c in self.columns]].copy()
        for c in self.columns:
            if c.labels:
                frame[c.key] = frame[c.key].map(lambda v, c=c: c.show(v, lang))
        frame.columns = [c.label(lang) for c in self.columns]
        return frame


@dataclass
class Section:
    """One answer of the report: tables, findings and their context."""

    key: str
    title_de: str
    title_en: str
    tables: list[Table]
    findings: list[Finding] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def title(self, lang: str) -> str:
        return self.title_de if lang == "de" else self.title_en

    def table(self, key: str | None = None) -> Table:
        """The table named ``key``; the first one for ``None``."""
        if not self.tables:
            raise KeyError(f"section {self.key} has no tables")
        if key is None:
            return self.tables[0]
        for t in self.tables:
            if t.key == key:
                return t
        names = ", ".join(t.key for t in self.tables)
        raise KeyError(f"section {self.key} has no table {key!r}; expected one of {names}")


def column_cell(column: Column, value: Any, lang: str, currency: str = "EUR") -> str:
    """A value of ``column`` as the reader sees it: its label where it has one, empty where
    the column leaves undefined cells blank, else :func:`cell`."""
    if column.blank and (value is None or fmt.missing(value)):
        return ""
    return cell(column.show(value, lang), column.unit, lang, currency)


def cell(value: Any, unit: CellUnit, lang: str, currency: str = "EUR") -> str:
    """One value as the reader sees it; undefined values read "nicht definiert"."""
    if unit == "text":
        return "" if fmt.missing(value) or value is None else str(value)
    if unit == "flag":
        if fmt.missing(value):
            return "–"
        return export.yes_no(bool(value), lang)
    if unit == "date":
        if value is None or fmt.missing(value) or value is pd.NaT:
            return "–"
        return str(pd.Timestamp(value).date())
    if fmt.missing(value) or value is pd.NA:
        return fmt.text("undefined", lang)
    v = float(value)
    if not math.isfinite(v):  # e.g. a ratio over zero that slipped through as ±inf
        return fmt.text("undefined", lang)
    if unit == "count":
        return fmt.number(v, lang)
    if unit == "percent":
        return fmt.number(v, lang, 1) + "\u00a0%"
    if unit == "points":
        sign = "+" if v > 0 else ("±" if v == 0 else "−")
        return sign + fmt.number(abs(v), lang, 1)
    if unit == "money":
        return fmt.value(v, "money", lang, currency)
    if unit == "days":
        return fmt.number(v, lang, 1) + "\u00a0" + fmt.text("days", lang)
    if unit == "minutes":
        return fmt.number(v, lang, 1) + "\u00a0min"
    if unit == "score":
        return fmt.number(v, lang, 2)
    if unit == "pvalue":
        return "< " + fmt.number(0.001, lang, 3) if v < 0.001 else fmt.number(v, lang, 3)
    return fmt.number(v, lang, 3) + "\u00d7"


def document(section: Section) -> dict[str, Any]:
    """The JSON document of a section: raw numbers (``null`` for undefined), every column
    with its unit and labels in both languages, the row keys, the findings and the context.
    The CLI's ``--format json`` and the API serve this document for one answer."""
    return {
        "section": section.key,
        "title": {"de": section.title_de, "en": section.title_en},
        "meta": {k: export.plain(v) for k, v in section.meta.items()},
        "findings": [{"level": f.level, "de": f.de, "en": f.en} for f in section.findings],
        "tables": {
            t.key: {
                "title": {"de": t.title_de, "en": t.title_en},
                "columns": [
                    {"key": c.key, "unit": c.unit, "de": c.de, "en": c.en}
                    | ({"labels": [list(x) for x in c.labels]} if c.labels else {})
                    | ({"blank": True} if c.blank else {})
                    | ({"literal": True} if c.literal else {})
                    for c in t.columns
                ],
                "keys": list(t.keys),
                "rows": t.records(),
            }
            for t in section.tables
        },
    }


def to_json(section: Section) -> str:
    """Every table (raw numbers, ``null`` for undefined) with the findings and the context."""
    return json.dumps(document(section), ensure_ascii=False, indent=1)


def to_csv(
    section: Section,
    lang: str,
    table: str | None = None,
    *,
    tz: str | None = None,
    bom: bool = False,
) -> str:
    """One table as CSV in the reader's locale (German: ``;`` and a decimal comma), each
    column written by its unit (:func:`export.csv_cell`); ``bom`` for a file."""
    t = section.table(table)
    units = {c.label(lang): c.unit for c in t.columns}
    return export.to_csv(t.export_frame(lang), lang, units, tz=tz, bom=bom)


def xlsx_formats(columns: Sequence[Column], lang: str, currency: str = "EUR") -> dict[str, str]:
    """Excel number formats by column label: :data:`XLSX_FORMATS`, money in ``currency``."""
    money = export.money_format(currency, lang)
    return {
        c.label(lang): money if c.unit == "money" else XLSX_FORMATS[c.unit]
        for c in columns
        if c.unit in XLSX_FORMATS
    }


def to_xlsx(
    section: Section, lang: str, path: Path, *, currency: str = "EUR", tz: str | None = None
) -> Path:
    """A sheet per table (numbers as numbers, formats by unit, money in ``currency``, dates
    in the time zone ``tz``) and a sheet of findings."""
    sheets: dict[str, export.Sheet] = {}
    for t in section.tables:
        formats = xlsx_formats(t.columns, lang, currency)
        units = {c.label(lang): c.unit for c in t.columns}
        sheets[_sheet_name(t.title(lang), sheets)] = export.Sheet(
            t.export_frame(lang), formats, units=units
        )
    notes = pd.DataFrame(
        {
            tr(lang, "level"): [f.level for f in section.findings],
            tr(lang, "finding"): [f.text(lang) for f in section.findings],
        }
    )
    sheets[_sheet_name(tr(lang, "Findings"), sheets)] = export.Sheet(notes)
    return export.to_xlsx(sheets, path, lang=lang, tz=tz)


def _sheet_name(title: str, taken: dict[str, Any]) -> str:
    return export.sheet_name(title, list(taken))


#: Rows of a table a page or the terminal shows at most (the rest: CSV, JSON, Excel).
SHOWN_ROWS = 50


def shown_rows(table: Table, limit: int = SHOWN_ROWS) -> tuple[pd.DataFrame, str]:
    """The rows of ``table`` a view shows and which they are: ``all``; of a longer table the
    ``first`` ``limit`` rows in the answer's order (the largest first where the answer ranks),
    of a series over periods (the first column is ``period``) the ``newest``."""
    frame = table.frame
    if len(frame) <= limit:
        return frame, "all"
    if table.columns and table.columns[0].key == "period":
        return frame.tail(limit), "newest"
    return frame.head(limit), "first"


def render_terminal(
    section: Section, lang: str, currency: str = "EUR", *, limit: int | None = None
) -> list[Any]:
    """Rich renderables: the findings first, then every table (with ``limit``: at most that
    many rows of each, :func:`shown_rows`, and a line that says how many are left out)."""
    from rich.table import Table as RichTable
    from rich.text import Text

    from bindung.i18n import t as message

    parts: list[Any] = [Text(section.title(lang), style="bold")]
    for f in section.findings:
        style = {"alarm": "bold red", "warning": "yellow", "good": "green"}.get(f.level, "")
        parts.append(Text(f"{LEVEL_MARK[f.level]} {f.text(lang)}", style=style))
    for t in section.tables:
        if t.frame.empty:
            none = tr(lang, "no data")
            parts.append(Text(f"{t.title(lang)}: {none}", style="dim"))
            continue
        rich = RichTable(title=t.title(lang), title_justify="left")
        for c in t.columns:
            rich.add_column(c.label(lang), justify="left" if c.unit == "text" else "right")
        rows, which = (t.frame, "all") if limit is None else shown_rows(t, limit)
        for rec in rows.to_dict("records"):
            rich.add_row(*(column_cell(c, rec[c.key], lang, currency) for c in t.columns))
        parts.append(rich)
        if which != "all":
            note = message(
                f"terminal_rows_{which}",
                lang,
                shown=fmt.number(len(rows), lang),
                total=fmt.number(len(t.frame), lang),
                table=t.key,
            )
            parts.append(Text(note, style="dim"))
    return parts
