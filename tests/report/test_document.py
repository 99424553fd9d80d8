"""The e-mailable report: one self-contained HTML file (opens with no network; a one-page
summary first, then every stored answer with its charts and collapsed tables; at most 1.5 MB
with plotly.js inlined once) and one Excel workbook (numbers as numbers with their unit's
format, no cell readable as a formula)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

import bindung
from bindung import formatting
from bindung.answers import reports
from bindung.answers.registry import all_specs
from bindung.answers.store import AnswerStore
from bindung.errors import BindungError
from bindung.metrics.catalogue import BY_KEY
from bindung.report import document, export
from bindung.report import summary as summary_mod
from bindung.report.alerts import alerts_section
from bindung.report.charts import plotly_js
from bindung.report.contents import (
    CHAPTERS,
    LEFT_OUT,
    LEFT_OUT_TABLES,
    Chapter,
    Part,
    build_chapters,
)
from bindung.report.tables import Column, Finding, Section, Table
from tests.web.test_browser import ARGS, CHROMIUM, MARKS

ARTIFACTS = Path(__file__).parent / "artifacts"


@dataclass
class Built:
    folder: Path
    report: document.Report
    html: Path
    xlsx: Path


@pytest.fixture(scope="module")
def built(demo_full: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """Every page of the full demo (German, month), written once as HTML and Excel."""
    out = tmp_path_factory.mktemp("document")
    report = reports.build_report(demo_full, period="month")
    html = document.save_html(report, out / "bericht.html")
    xlsx = document.save_xlsx(report, out / "bericht.xlsx")
    yield Built(demo_full, report, html, xlsx)


class _Refs(HTMLParser):
    """Every src/href of a tag, and the ids of every element."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts += 1
        for name, value in attrs:
            if name in ("src", "href") and value is not None:
                self.refs.append((tag, name, value))
            if name == "id" and value is not None:
                self.ids.add(value)


def _chart_ids(report: document.Report) -> list[str]:
    return [
        f"chart-{part.anchor}-{c.key}"
        for ch in report.chapters
        for part in ch.parts
        for c in part.charts
    ]


def test_html_is_self_contained_with_plotly_inline_and_every_chart(built: Built) -> None:
    text = built.html.read_text(encoding="utf-8")
    plotly = plotly_js().read_text(encoding="utf-8")
    assert text.count(plotly) == 1  # plotly.js inline, exactly once
    outside = text.replace(plotly, "")  # plotly.min.js itself names https://plotly.com/
    assert 'src="http' not in outside and "src='http" not in outside
    assert 'href="http' not in outside and "href='http" not in outside
    assert "<link" not in outside  # no stylesheet at all: the CSS is inline
    parser = _Refs()
    parser.feed(text)
    # only in-document anchors (the table of contents) are referenced
    assert parser.refs and all(v.startswith("#") for _, _, v in parser.refs), parser.refs
    assert {v[1:] for _, _, v in parser.refs} <= parser.ids
    ids = _chart_ids(built.report)
    # the demo's answers carry these charts (contents.draw): 1 key figures, 2 alerts (revenue
    # at risk, revenue against its seasonal range),
    # 3 retention, 2 value, 1 sales channels, 1 products, 1 social, 1 satisfaction, 1 fans,
    # 2 complaints, 2 themes (shares, negative mentions against their range), 1 reply speed,
    # 1 loyalty, 1 experiment, 1 e-mail campaigns, 2 ROI per measure (bars with intervals,
    # curves), 1 roi, 1 costs, 1 unit economics, 2 budget
    assert len(ids) == 28
    for chart_id in ids:
        assert chart_id in parser.ids
        assert f'Plotly.newPlot("{chart_id}"' in text
    # header: workspace, unit, last day (the demo's data run to 2026-10-31, local time)
    assert f"Bindung · {built.folder.name}" in text
    assert '<dd id="meta-period">Monat</dd>' in text


def test_html_shows_the_overview_tiles_in_german_formats(built: Built) -> None:
    ws = bindung.open(built.folder, read_only=True)
    try:
        wide = ws.kpis(period="month")
    finally:
        ws.close()
    last = wide[~wide["partial"]].iloc[-1]
    rate = float(last["retention_rate"])
    # by hand: one decimal, decimal comma, non-breaking space before %
    expected = f"{rate:.1f}".replace(".", ",") + "\u00a0%"
    text = built.html.read_text(encoding="utf-8")
    label = BY_KEY["retention_rate"].label_de
    assert f'<td class="t">{label}</td><td>{expected}</td>' in text
    assert f"Kennzahlen {last['period']}" in text


def _synthetic(lang: str = "de") -> document.Report:
    frame = pd.DataFrame(
        {
            "name": ['=HYPERLINK("http://evil")', "+1", "-2", "@SUM(A1)", "<b>fett</b>"],
            "amount": [1234.5, math.nan, 0.0, -3.25, math.inf],
            "share": [12.5, 50.0, 0.0, 100.0, 1.0],
        }
    )
    table = Table(
        "tricky",
        "Heikle Zellen",
        "Tricky cells",
        [
            Column("name", "Name", "name"),
            Column("amount", "Betrag", "amount", "money"),
            Column("share", "Anteil", "share", "percent"),
        ],
        frame,
    )
    section = Section(
        "tricky",
        "Heikel: [a/b]?",
        "Tricky: [a/b]?",
        [table],
        [Finding("=1+1 <script>alert(1)</script>", "=1+1 <script>alert(1)</script>", "alarm")],
    )
    parts = [
        Part("tricky", "Heikel", "Tricky", section, anchor="part-imports-0-tricky"),
        Part("x", "x", "x", Section("x", "heikel: [A/B]?", "x", [], []), anchor="part-imports-1-x"),
        Part("complaints", "Beschwerden", "Complaints", None, missing=("<keine> Daten", "no data")),
    ]
    return document.Report(
        workspace="<ws>",
        lang=lang,
        currency="EUR",
        period="quarter",
        generated=datetime(2026, 1, 2, 3, 4),
        last_day=date(2025, 12, 31),
        chapters=[Chapter("imports", "Importe", "Imports", parts)],
    )


def test_html_escapes_every_text() -> None:
    text = document.render_html(_synthetic())
    assert "<script>alert(1)" not in text
    assert "=1+1 &lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<b>fett</b>" not in text and "&lt;b&gt;fett&lt;/b&gt;" in text
    assert "Bindung · &lt;ws&gt;" in text
    # an answer without data is one line, escaped like every text
    assert '<p class="missing">&lt;keine&gt; Daten</p>' in text
    # German money and percent through tables.cell (hand-written expectations)
    assert "1.234,50\u00a0€" in text and "12,5\u00a0%" in text and "nicht definiert" in text


def test_xlsx_escapes_formulas_and_keeps_numbers(tmp_path: Path) -> None:
    path = document.save_xlsx(_synthetic(), tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Befunde", "Heikel a b", "heikel A B (2)", "Bericht"]
    sheet = book["Heikel a b"]
    assert sheet["A1"].value == "Heikel: [a/b]?"
    assert sheet["A3"].value == "Heikle Zellen"
    assert [c.value for c in sheet[4]] == ["Name", "Betrag", "Anteil"]
    names = [sheet.cell(row=r, column=1) for r in range(5, 10)]
    # the text exactly as it was, in text cells: never a formula, the formula-like ones with
    # Excel's quote prefix (shown as typed), no apostrophe inside the value
    assert [c.value for c in names] == [
        '=HYPERLINK("http://evil")',
        "+1",
        "-2",
        "@SUM(A1)",
        "<b>fett</b>",
    ]
    assert all(c.data_type == "s" for c in names)
    assert [c.quotePrefix for c in names] == [True, True, True, True, False]
    amounts = [sheet.cell(row=r, column=2) for r in range(5, 10)]
    # NaN and inf are undefined: empty cells, never 0 and never an invalid number
    assert [c.value for c in amounts] == [1234.5, None, 0, -3.25, None]
    assert amounts[0].number_format == '#,##0.00\\ "€"'  # money in the workspace currency
    # the header row stays in view and filters the table; widths fit labels and values
    assert sheet.freeze_panes == "A5" and sheet.auto_filter.ref == "A4:C9"
    assert book["Befunde"].auto_filter.ref == "A1:D2"
    assert 8 <= sheet.column_dimensions["A"].width <= 50
    assert sheet.column_dimensions["A"].width >= len('=HYPERLINK("http://evil")')
    share = sheet.cell(row=5, column=3)
    assert share.value == 12.5 and share.number_format == '#,##0.0" %"'
    findings = book["Befunde"]
    assert findings["D2"].value == "=1+1 <script>alert(1)</script>"
    assert findings["D2"].data_type == "s" and findings["D2"].quotePrefix
    assert findings["C2"].value == "Alarm"


def test_sheet_names_follow_excel_rules() -> None:
    long = "Abo-Überleben nach Laufzeit (Perioden à 30 Tage)"
    assert export.sheet_name(long, []) == long[:31]
    assert export.sheet_name("Kosten", ["kosten"]) == "Kosten (2)"
    assert export.sheet_name("Kosten", ["Kosten", "Kosten (2)"]) == "Kosten (3)"
    assert len(export.sheet_name(long, [long[:31]])) == 31
    assert export.sheet_name("'a:b'", []) == "a b"
    assert export.sheet_name("???", []) == "Sheet"


def _rows(sheet: Any) -> list[list[Any]]:
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_xlsx_numbers_formats_and_findings(built: Built) -> None:
    book = openpyxl.load_workbook(built.xlsx)
    ws = bindung.open(built.folder, read_only=True)
    try:
        wide = ws.kpis(period="month")
        alerts = alerts_section(ws)
    finally:
        ws.close()
    last = wide[~wide["partial"]].iloc[-1]

    tiles = book["Kennzahlen"]
    label = BY_KEY["retention_rate"].label_de
    (row,) = [r for r in tiles.iter_rows() if r[0].value == label]
    assert row[1].value == pytest.approx(float(last["retention_rate"]), rel=1e-12)
    assert row[1].number_format == '#,##0.0" %"'
    assert row[2].number_format.startswith('+#,##0.0" Pp"')  # a rate changes in points
    (row,) = [r for r in tiles.iter_rows() if r[0].value == BY_KEY["customers_end"].label_de]
    assert row[1].value == int(last["customers_end"]) and row[1].number_format == "#,##0"
    assert f"Kennzahlen {last['period']}" in [r[0] for r in _rows(tiles)]

    # the cohort matrix (its header "+0" is a text cell with the quote prefix, as typed);
    # every cohort is 100 % active in its own period (definition)
    cohorts = book["Kundenbindung"]
    rows = _rows(cohorts)
    (head,) = [i for i, r in enumerate(rows, start=1) if r[:3] == ["Kohorte", "Größe", "+0"]]
    p0 = []
    for r in rows[head:]:
        if r[0] is None:  # the blank row after the table
            break
        p0.append(r[2])
    assert len(p0) > 12 and all(v == pytest.approx(100.0) for v in p0)
    assert cohorts.cell(row=head + 1, column=3).number_format == '#,##0.0" %"'

    money = book["Kundenwert"]
    (seg,) = [i for i, r in enumerate(_rows(money), start=1) if r[:2] == ["Segment", "Kunden"]]
    clv = money.cell(row=seg + 1, column=3)
    assert isinstance(clv.value, float) and clv.number_format == '#,##0.00\\ "€"'
    # every section sheet: the first table's header frozen and filtered (row 4)
    for name in book.sheetnames[1:-1]:
        sheet = book[name]
        if sheet.max_row > 3:
            assert sheet.freeze_panes == "A5" and sheet.auto_filter.ref.startswith("A4:"), name

    findings = book["Befunde"]
    assert book.sheetnames[0] == "Befunde"
    body = _rows(findings)[1:]
    assert len(body) == len(built.report.findings()) > 0
    assert {r[2] for r in body} <= {"Hinweis", "gut", "Warnung", "Alarm"}
    warnings = [r for r in body if r[1] == alerts.title_de]
    assert [r[3] for r in warnings] == [f.de for f in alerts.findings]
    # one sheet per stored section plus the findings and the context sheet, names unique
    sections = [s for c in built.report.chapters for s in c.sections]
    assert len(book.sheetnames) == len(sections) + 2
    assert len({n.casefold() for n in book.sheetnames}) == len(book.sheetnames)


def test_focus_chooses_the_overview_period(demo_full: Path, tmp_path: Path) -> None:
    ws = bindung.open(demo_full, read_only=True)
    try:  # the oracle: the KPI table computed now, not the stored answer
        wide = ws.kpis(period="quarter")
    finally:
        ws.close()
    complete = wide[~wide["partial"]]
    focus = str(complete["period"].iloc[-3])
    report = reports.build_report(demo_full, period="quarter", chapters=("kpis",), focus=focus)
    with pytest.raises(BindungError, match="focus"):
        reports.build_report(demo_full, period="quarter", chapters=("kpis",), focus="1999-Q1")
    with pytest.raises(BindungError, match="unknown chapters"):
        reports.write_html(demo_full, tmp_path / "x.html", chapters=("nope",))
    tiles = report.chapters[0].sections[0].table("tiles")
    assert tiles.title_de == f"Kennzahlen {focus}"
    rate = tiles.frame.set_index("metric").loc["retention_rate", "value"]
    expected = complete.loc[complete["period"] == focus, "retention_rate"].iloc[0]
    assert rate == pytest.approx(float(expected), rel=1e-12)
    text = document.render_html(report)
    assert f'<dd id="meta-focus">{focus}</dd>' in text and "Quartal" in text


# -- the summary, the parts, the size ---------------------------------------------------------

#: 1.5 MB as a file manager shows it (MiB, as "plotly.min.js is 4.6 MB" counts)
MAX_BYTES = 1_572_864


def test_every_registered_answer_has_a_chapter() -> None:
    placed = [a for _, _, _, answers in CHAPTERS for a in answers]
    assert sorted(placed + list(LEFT_OUT)) == sorted(s.key for s in all_specs())
    assert len(placed) == len(set(placed))


def test_a_missing_answer_is_one_line_not_an_error() -> None:
    def read(key: str, params: dict[str, Any]) -> Section:
        raise BindungError("keine Beschwerden importiert\nzweite Zeile")

    (chapter,) = build_chapters(read, chosen=("loyalty",), titles={"loyalty": ("Treue", "Loyalty")})
    (part,) = chapter.parts
    assert part.section is None and part.charts == []
    assert part.missing_text("de") == "keine Beschwerden importiert"
    assert part.title("en") == "Loyalty"


def _highlight(level: str, risk: float, text: str) -> summary_mod.Highlight:
    return summary_mod.Highlight(Finding(text, text, level), "c", "p", "a", risk)  # type: ignore[arg-type]


def test_summary_picks_alarms_first_then_the_larger_revenue_at_risk() -> None:
    found = [
        _highlight("warning", 0.0, "w0"),
        _highlight("alarm", 10.0, "a10"),
        _highlight("warning", 500.0, "w500"),
        _highlight("alarm", 0.0, "a0"),
        _highlight("alarm", 90.0, "a90"),
    ]
    assert [h.finding.de for h in summary_mod.most_important(found)] == ["a90", "a10", "a0"]
    assert [h.finding.de for h in summary_mod.most_important(found[:3])] == ["a10", "w500", "w0"]


@pytest.mark.slow
def test_report_is_at_most_1_5_mb_with_plotly_once(built: Built) -> None:
    size = built.html.stat().st_size
    assert size <= MAX_BYTES, size
    text = built.html.read_text(encoding="utf-8")
    bundle = plotly_js().read_text(encoding="utf-8")
    assert text.count(bundle) == 1
    assert text.count("plotly.js v") == 1  # no second copy, not even another build of it
    assert text.count("const BINDUNG_TEMPLATE") == 1  # the figures' template written once


def _parts(text: str) -> dict[str, list[str]]:
    """The HTML of each part by its answer key."""
    out: dict[str, list[str]] = {}
    for answer, body in re.findall(
        r'<section class="block part" id="[^"]+" data-answer="([^"]+)">(.*?)</section>', text, re.S
    ):
        out.setdefault(answer, []).append(body)
    return out


@pytest.mark.slow
def test_every_stored_answer_has_its_section(built: Built) -> None:
    stored = {p.parent.name for p in (built.folder / "answers").glob("*/*.json")}
    assert {"complaints", "loyalty", "experiment", "budget", "goals", "alerts"} <= stored
    parts = _parts(built.html.read_text(encoding="utf-8"))
    # the list of every customer stays out of the files people forward
    assert "customers" in stored and "customers" not in parts
    # ... and so do lists of single customers inside other answers (the products' due list)
    assert LEFT_OUT_TABLES == {"products": ("due",)}
    (products,) = parts["products"]
    assert "Nachkauf fällig" not in products.split("<details>", 1)[1]
    stored -= set(LEFT_OUT)
    for key in stored:
        assert key in parts, key
        for body in parts[key]:
            assert 'class="missing"' not in body, key
            assert "<details>" in body or "<h3>" in body, key
    # each block: findings, then charts, then the tables collapsed under Details
    (budget,) = parts["budget"]
    assert (
        budget.index('class="findings"') < budget.index('class="chart"') < budget.index("<details>")
    )
    assert budget.count("<table") == 3 and budget.index("<details>") < budget.index("<table")


@pytest.mark.slow
def test_the_cohort_matrix_is_shown_once(built: Built) -> None:
    """The retention and the cohorts answers both hold the monthly matrix in % of each
    cohort: the report shows it once (beside the heat map), the cohorts part its counts."""
    text = built.html.read_text(encoding="utf-8")
    headings = re.findall(r"<h4>([^<]*)</h4>", text)
    matrices = [h for h in headings if h.startswith("Kohorten (%")]
    assert matrices == ["Kohorten (% aktiv)"]
    assert headings.count("Kohorten (Anzahl)") == 1


@pytest.mark.slow
def test_report_starts_with_the_summary(built: Built) -> None:
    text = built.html.read_text(encoding="utf-8")
    body = text[text.index("<main>") :]
    assert body.index('id="summary"') < body.index('id="toc"') < body.index('class="chapter"')
    assert re.match(r'<main>\s*<section class="summary" id="summary">', body)
    summary = body[: body.index('id="toc"')]
    # the three most important findings (the demo has alarms) and the goals
    assert summary.count('<li class="alarm">') >= 3
    assert "Ziele" in summary and "Abwanderungsrate" in summary


def _tiles(text: str) -> dict[str, tuple[str, str]]:
    """metric -> (value, change) as the summary's tiles show them."""
    found = re.findall(
        r'<div class="tile [^"]*" data-metric="([^"]+)">.*?<div class="value">([^<]*)</div>'
        r'.*?<span class="delta">([^<]*)</span>',
        text,
        re.S,
    )
    return {m: (v, c) for m, v, c in found}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["de", "en"])
def test_summary_tiles_are_the_stored_tiles_as_the_reader_sees_them(
    built: Built, tmp_path: Path, lang: str
) -> None:
    if lang == "de":
        html = built.html
    else:
        html = document.save_html(
            reports.build_report(built.folder, period="month", lang="en"), tmp_path / "en.html"
        )
    stored = AnswerStore(built.folder).read("tiles", {"period": "month", "lang": lang})
    assert stored is not None and stored.section is not None
    frame = stored.section.table("tiles").frame
    complete = frame[~frame["partial"].astype(bool)]
    period = str(complete["period"].iloc[-1])  # the last complete month
    rows = complete[complete["period"].astype(str) == period]
    expected = {
        str(r["metric"]): (
            formatting.value(r["value"], r["unit"], lang, "EUR"),
            formatting.change(r["change"], r["unit"], lang),
        )
        for r in rows.to_dict("records")
    }
    text = html.read_text(encoding="utf-8")
    assert _tiles(text) == expected
    assert len(expected) == 8
    summary = text[text.index('id="summary"') : text.index('id="toc"')]
    assert period in summary
    if lang == "de":  # by hand: the German reader's formats
        assert "\u2212" in "".join(c for _, c in expected.values())  # a true minus sign
        assert re.search(r"[+−]\d+,\d\u00a0%", summary) and re.search(
            r"[+−]\d+,\d\u00a0Pp", summary
        )


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["de", "en"])
def test_report_draws_every_chart_offline_in_chromium(
    built: Built, tmp_path: Path, lang: str
) -> None:
    """Debian's chromium (never ``playwright install``) opens the file with every request
    but the file itself refused; every chart draws marks, nothing is logged as an error.
    Full-page screenshots (1400 px wide) go to tests/report/artifacts/ (ignored by git);
    the top of each is what docs/screenshots/report-de.png and report-en.png show."""
    from playwright.sync_api import Route, sync_playwright

    html = built.html
    if lang == "en":
        report = reports.build_report(built.folder, period="month", lang="en")
        html = document.save_html(report, tmp_path / "report-en.html")
    else:
        report = built.report
    url = html.resolve().as_uri()
    requested: list[str] = []
    errors: list[str] = []

    def route(r: Route) -> None:
        requested.append(r.request.url)
        if r.request.url == url:
            r.continue_()
        else:
            r.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            context.route("**/*", route)
            context.set_offline(True)
            page = context.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(url, wait_until="load")
            drawn = page.eval_on_selector_all(
                "div.chart", f"els => els.map(e => [e.id, e.querySelectorAll({MARKS!r}).length])"
            )
            ARTIFACTS.mkdir(exist_ok=True)
            (ARTIFACTS / ".gitignore").write_text("*\n!.gitignore\n", encoding="utf-8")
            page.screenshot(path=str(ARTIFACTS / f"report-{lang}.png"), full_page=True)
            page.screenshot(path=str(ARTIFACTS / f"report-{lang}-top.png"))
            summary_closed = page.eval_on_selector_all("details", "els => els.every(d => !d.open)")
        finally:
            browser.close()
    assert requested == [url]  # nothing but the file itself was asked for
    assert errors == []
    assert sorted(i for i, _ in drawn) == sorted(_chart_ids(report))
    assert all(n >= 1 for _, n in drawn), [i for i, n in drawn if n < 1]
    assert summary_closed  # the tables wait under "Details"
