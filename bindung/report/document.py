"""The e-mailable report: a one-page summary, then every stored answer in chapters.

>>> write_html(ws, Path("bericht.html"), period="quarter")               # doctest: +SKIP
>>> write_xlsx(ws, Path("bericht.xlsx"), period="quarter")               # doctest: +SKIP

* HTML: one self-contained file (no request leaves it): a header with the workspace, the
  period unit, the last day of the data and the generation time; the summary
  (:mod:`bindung.report.summary`: KPI tiles, the three most important findings, goals,
  alerts); a table of contents; then each chapter (:mod:`bindung.report.contents`) with one
  block per answer: its findings, its charts, and its tables collapsed under "Details" (a
  ``<details>`` element: readable without JavaScript, printed open).  A table shows at most
  :data:`HTML_MAX_ROWS` rows and says where all rows are (the Excel file).  Texts are
  escaped by Jinja2.  plotly.js is inlined once: the partial bundle of
  :func:`bindung.report.charts.plotly_js` (scatter, bar, heatmap); the figures' shared
  template is written once, not per chart.
* Excel: a first sheet listing every finding (chapter, section, level, text), then one sheet
  per stored section with its tables one below the other (title row, header row, rows), and a
  last sheet with the report's context (workspace, period unit, data up to, generated).
  Numbers stay numbers with the number format of their unit (:data:`tables.XLSX_FORMATS`);
  text cells are text cells (:func:`export.save_book`), so no cell is read as a formula.

No number is computed here: the answers computed them, this module lays them out.
The KPI tiles carry each row's unit (``keys=("metric", "unit")``); their value and target are
formatted by that unit (:func:`format.value`) and their change as percentage points for
rates and relative % otherwise (:func:`format.change`, the definition of
:func:`bindung.metrics.kpis.changes`).

``focus`` (a period label such as ``2025-Q3``) chooses the period the tiles show instead of
the last complete one; it must be a complete period of the data in the chosen unit.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bindung.i18n import N_, Pairs, ptr, tr
from bindung.metrics.catalogue import Unit
from bindung.report import export, tables
from bindung.report import format as fmt
from bindung.report.charts import PLOTLY_TRACES, Chart
from bindung.report.contents import ALL_CHAPTERS, Chapter
from bindung.report.summary import Summary
from bindung.report.tables import XLSX_FORMATS, Column, Section, Table

TEMPLATES = Path(__file__).parent / "templates"
__all__ = ["ALL_CHAPTERS", "Report", "render_html", "save_html", "save_xlsx"]
#: (German, English) of each period unit and finding level
UNITS = Pairs(
    {"week": N_("week"), "month": N_("month"), "quarter": N_("quarter"), "year": N_("year")}
)
LEVELS = Pairs(
    {"info": N_("info"), "good": N_("good"), "warning": N_("warning"), "alarm": N_("alarm")}
)
#: Rows shown per table in the HTML report (the Excel file carries every row): the report is
#: mailed, and 20,000 customer rows would make it megabytes no reader scrolls through.
HTML_MAX_ROWS = tables.SHOWN_ROWS
#: Excel number formats of the catalogue's units (the KPI tiles' per-row unit).
METRIC_FORMATS: dict[str, str] = {
    "customers": XLSX_FORMATS["count"],
    "orders": XLSX_FORMATS["count"],
    "percent": XLSX_FORMATS["percent"],
    "money": XLSX_FORMATS["money"],
    "days": XLSX_FORMATS["days"],
    "factor": "#,##0.00",
}
#: Change of a tile: percentage points for rates, relative % otherwise.
CHANGE_FORMATS: dict[bool, str] = {
    True: '+#,##0.0" Pp";-#,##0.0" Pp";0.0" Pp"',
    False: '+#,##0.0" %";-#,##0.0" %";0.0" %"',
}
DATE_FORMAT = "yyyy-mm-dd"


@dataclass
class Report:
    """The summary and chapters of one report with their context (what the header shows)."""

    workspace: str
    lang: str
    currency: str
    period: str
    generated: datetime
    last_day: date | None
    chapters: list[Chapter]
    summary: Summary | None = None
    timezone: str = "Europe/Berlin"
    focus: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def findings(self) -> list[tuple[Chapter, Section, tables.Finding]]:
        return [(c, s, f) for c in self.chapters for s in c.sections for f in s.findings]


def _plotly_source() -> str:
    from bindung.report.charts import plotly_js

    source = plotly_js().read_text(encoding="utf-8")
    # An inline script ends at the first "</script"; the bundle has none, keep it so.
    return source.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT")


def script_json(value: Any) -> str:
    """``value`` as compact JSON that is safe inside ``<script>`` (``<``, ``>``, ``&`` and
    ``'`` escaped as Jinja's ``tojson`` does)."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
        text = text.replace(ch, esc)
    return text


def shared_template(charts: list[Chart]) -> dict[str, Any]:
    """The Plotly template the figures share (written once per document), cut to the trace
    types of the bundle; {} when the figures do not all share one."""
    found = [c.figure.get("layout", {}).get("template") for c in charts]
    if not found or found[0] is None or any(t != found[0] for t in found):
        return {}
    template = dict(found[0])
    template["data"] = {k: v for k, v in template.get("data", {}).items() if k in PLOTLY_TRACES}
    return template


def chart_script(chart: Chart, element: str, template: dict[str, Any]) -> str:
    """The call that draws ``chart`` into the element ``element`` (the shared template is
    ``BINDUNG_TEMPLATE``, defined once)."""
    layout = dict(chart.figure.get("layout", {}))
    if template:
        layout.pop("template", None)
    config = {"displaylogo": False, "responsive": True}
    layout_js = (
        f"Object.assign({{template: BINDUNG_TEMPLATE}}, {script_json(layout)})"
        if template
        else script_json(layout)
    )
    return (
        f"Plotly.newPlot({script_json(element)}, {script_json(chart.figure.get('data', []))}, "
        f"{layout_js}, {script_json(config)});"
    )


def _is_tiles(t: Table) -> bool:
    return "unit" in t.keys and "unit" in t.frame.columns


def _tile_text(c: Column, rec: Mapping[Any, Any], lang: str, currency: str) -> str | None:
    """A KPI tile's value, change or target by the row's metric unit; None for other cells."""
    unit: Unit = rec["unit"]
    if c.key not in ("value", "target", "previous", "change"):
        return None
    if c.key == "target" and fmt.missing(rec[c.key]):
        return "–"  # no goal set
    if c.key == "change":
        return fmt.change(_finite(rec[c.key]), unit, lang)
    return fmt.value(_finite(rec[c.key]), unit, lang, currency)


def _finite(value: Any) -> Any:
    """``value``, with an infinite number read as undefined (NaN), as the Excel file does."""
    if isinstance(value, float) and math.isinf(value):
        return math.nan
    return value


def table_rows(t: Table, lang: str, currency: str, limit: int = HTML_MAX_ROWS) -> list[Any]:
    """Each shown row as (text, is_number) per column, formatted as the reader sees it."""
    tiles = _is_tiles(t)
    out = []
    for rec in t.frame.head(limit).to_dict("records"):
        row = []
        for c in t.columns:
            text = _tile_text(c, rec, lang, currency) if tiles else None
            if text is None:
                text = tables.column_cell(c, _finite(rec[c.key]), lang, currency)
            row.append((text, c.unit not in ("text", "flag")))
        out.append(row)
    return out


def render_html(report: Report) -> str:
    """The report as HTML text (autoescaped; plotly.js inline once)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    lang = report.lang
    template = shared_template([c for ch in report.chapters for c in ch.charts])
    context = {
        "report": report,
        "summary": report.summary,
        "lang": lang,
        "tr": tr,  # the template's texts: tr(lang, "English text"), German in the catalogue
        "ptr": ptr,
        "unit_label": tr(lang, UNITS.texts[report.period]),
        "generated": report.generated.strftime("%Y-%m-%d %H:%M %Z"),
        "marks": tables.LEVEL_MARK,
        "rows_of": lambda tb: table_rows(tb, lang, report.currency),
        "plotly_source": _plotly_source(),
        "template_json": script_json(template) if template else "",
        "draw": lambda chart, element: chart_script(chart, element, template),
    }
    return env.get_template("report.html").render(context)


def save_html(report: Report, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(report), encoding="utf-8")
    return path


# -- Excel


def _number(value: Any) -> float | int | None:
    """A finite number for a cell, or None (undefined: an empty cell, never 0)."""
    v = export.plain(value, iso_dates=False)
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, int | float) and math.isfinite(v):
        return v
    return None


def _write_cell(
    sheet: Any,
    row: int,
    col: int,
    value: Any,
    unit: str,
    lang: str,
    number_format: str | None,
    tz: str | None = None,
) -> None:
    target = sheet.cell(row=row, column=col)
    if unit == "text" or unit == "flag":
        text = tables.cell(value, unit, lang)  # type: ignore[arg-type]
        target.value = text or None
        return
    if unit == "date":  # an Excel date on the workspace's clock (ISO text from stored answers)
        v, date_format = export.xlsx_value(value, "date", lang, tz)
        target.value = v
        if date_format:
            target.number_format = date_format
        return
    number = _number(value)
    if number is None:
        plain = export.plain(value, iso_dates=False)
        if isinstance(plain, str):  # not a number after all: keep it, as text
            target.value = plain
        return
    target.value = number
    if number_format:
        target.number_format = number_format


def _write_table(
    sheet: Any,
    start: int,
    t: Table,
    lang: str,
    currency: str = "EUR",
    tz: str | None = None,
    widths: dict[int, int] | None = None,
) -> int:
    """Write ``t`` from row ``start`` (title, header, rows); return the next free row.
    Money is formatted in ``currency``, dates on the clock of ``tz``; ``widths`` collects the
    characters each column needs (header and values)."""
    from openpyxl.styles import Font, PatternFill

    sheet.cell(row=start, column=1, value=t.title(lang)).font = Font(bold=True)
    header = start + 1
    fill = PatternFill("solid", fgColor="EEF3F5")
    for j, c in enumerate(t.columns, start=1):
        head = sheet.cell(row=header, column=j, value=c.label(lang))
        head.font = Font(bold=True)
        head.fill = fill
    tiles = _is_tiles(t)
    money = export.money_format(currency, lang)
    widths = {} if widths is None else widths
    for j, c in enumerate(t.columns, start=1):
        widths[j] = max(widths.get(j, 0), len(c.label(lang)))
    r = header
    for r, rec in enumerate(t.frame.to_dict("records"), start=header + 1):
        for j, c in enumerate(t.columns, start=1):
            number_format = money if c.unit == "money" else XLSX_FORMATS.get(c.unit)
            if tiles and c.key in ("value", "target", "previous"):
                unit = str(rec.get("unit"))
                number_format = money if unit == "money" else METRIC_FORMATS.get(unit)
            elif tiles and c.key == "change":
                number_format = CHANGE_FORMATS[rec.get("unit") == "percent"]
            _write_cell(sheet, r, j, rec[c.key], c.unit, lang, number_format, tz)
            written = sheet.cell(row=r, column=j)
            widths[j] = max(widths[j], export.cell_width(written.value, written.number_format))
    if t.frame.empty:
        r = header + 1
        sheet.cell(row=r, column=1, value=tr(lang, "no data"))
    return r + 2


def save_xlsx(report: Report, path: Path) -> Path:
    """The findings sheet, then one sheet per stored section with its tables one below the
    other."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    lang = report.lang
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = tr(lang, "Findings")
    heads = [tr(lang, h) for h in (N_("chapter"), N_("section"), N_("level"), N_("finding"))]
    first.append(heads)
    for c in first[1]:
        c.font = Font(bold=True)
    for page, section, finding in report.findings():
        first.append(
            [
                page.title(lang),
                section.title(lang),
                tr(lang, LEVELS.texts[finding.level]),
                finding.text(lang),
            ]
        )
    first.freeze_panes = "A2"
    first.auto_filter.ref = f"A1:D{first.max_row}"
    for letter, width in zip("ABCD", (24, 30, 10, 120), strict=True):
        first.column_dimensions[letter].width = width
    names = [first.title]
    for chapter in report.chapters:
        for section in chapter.sections:
            name = export.sheet_name(section.title(lang), names)
            names.append(name)
            sheet = book.create_sheet(name)
            title = sheet.cell(row=1, column=1, value=section.title(lang))
            title.font = Font(bold=True, size=13)
            row, first_last = 3, 0
            widths: dict[int, int] = {}
            for t in section.tables:
                row = _write_table(sheet, row, t, lang, report.currency, report.timezone, widths)
                first_last = first_last or row - 2
            if section.tables:  # the first table's header stays in view and has the filter
                export.finish_sheet(sheet, 4, first_last, widths)
    about = book.create_sheet(export.sheet_name(tr(lang, "Report"), names))
    rows = [
        (tr(lang, "workspace"), report.workspace),
        (tr(lang, "period"), tr(lang, UNITS.texts[report.period])),
        (tr(lang, "key figures for"), report.focus or "–"),
        (tr(lang, "data up to"), str(report.last_day or "–")),
        (tr(lang, "generated"), report.generated.strftime("%Y-%m-%d %H:%M")),
    ]
    for i, (label, text) in enumerate(rows, start=1):
        about.cell(row=i, column=1, value=label).font = Font(bold=True)
        about.cell(row=i, column=2, value=text)
    about.column_dimensions["A"].width = 18
    about.column_dimensions["B"].width = 30
    return export.save_book(book, Path(path))
