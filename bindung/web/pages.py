"""Pages of the web app that are not report pages (the import preview), and what every page
of the template gets (:func:`page_context`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from fastapi import FastAPI, Request
from fastapi.responses import Response

from bindung.i18n import LANGUAGES, N_, Pairs, both, tr
from bindung.ingest.preview import Preview
from bindung.insights.segments import SEGMENTS
from bindung.report import pages as pages_mod
from bindung.report import tables as views
from bindung.report.tables import Column, Finding, Section, Table
from bindung.store import schema
from bindung.web.catalogue import LANGUAGE_NAMES
from bindung.web.welcome import PRESET_NAMES, TABLES, for_browser, welcome_context

PERIODS = ("week", "month", "quarter", "year")
#: The navigation's names of the pages (German, English): short, so that the bar fits one
#: line at 1400 px; the page's full title is the link's tooltip and the page's heading.
NAV_LABELS = Pairs(
    {
        "overview": N_("Overview"),
        "retention": N_("Retention"),
        "value": N_("Value"),
        "social": N_("Social media"),
        "complaints": N_("Complaints"),
        "loyalty": N_("Loyalty"),
        "experiments": N_("Experiments"),
        "roi": N_("ROI"),
        "goals": N_("Goals"),
        "imports": N_("Imports"),
    }
)


@dataclass
class WelcomePage(pages_mod.Page):
    """The first-run page (not a report page: no sections of its own)."""

    def title(self, lang: str) -> str:
        return tr(lang, "Welcome to Bindung")


def kinds(lang: str) -> list[tuple[str, str]]:
    """The tables an upload can go to, with their names in ``lang`` (orders first)."""
    i = 0 if lang == "de" else 1
    ordered = [k for k in TABLES if k in schema.KINDS] + [
        k for k in schema.KINDS if k not in TABLES
    ]
    return [(k, schema.TABLE_LABELS.get(k, (k, k))[i]) for k in ordered]


def page_context(
    page: pages_mod.Page,
    lang: str,
    currency: str,
    period: str,
    segment: str | None,
    *,
    csrf: str,
) -> dict[str, Any]:
    """The template's variables for ``page`` (``page.html``): besides the page, how cells are
    written, which rows of a table are shown (:func:`bindung.report.pages.shown_rows`) and where
    all rows of a table are (the answer's JSON and the table's CSV)."""

    def all_rows(section: str, table: str) -> dict[str, str] | None:
        source = page.sources.get(section)
        if source is None:
            return None
        answer, params = source
        query = urlencode({k: v for k, v in params.items() if v is not None} | {"lang": lang})
        return {
            "json": f"/api/answers/{answer}?{query}&limit=all",
            "csv": f"/answers/{answer}/{table}.csv?{query}",
            "xlsx": f"/answers/{answer}/{table}.xlsx?{query}",
        }

    other = next(code for code in LANGUAGES if code != lang)  # the language switch's
    return {
        "page": page,
        "lang": lang,
        "currency": currency,
        "period": period,
        "segment": segment,
        "tr": tr,  # the template's texts: tr(lang, "English text"), German in the catalogue
        "pages": {k: tr(lang, title) for k, title in pages_mod.PAGE_TITLES.items()},
        "nav_labels": {
            k: tr(lang, NAV_LABELS.texts.get(k, title))
            for k, title in pages_mod.PAGE_TITLES.items()
        },
        "other_lang": other,
        "other_lang_name": tr(other, LANGUAGE_NAMES[LANGUAGES.index(other)]),
        "periods": PERIODS,
        "cell": views.cell,
        "column_cell": views.column_cell,
        "csrf": csrf,
        "shown_rows": pages_mod.shown_rows,
        "all_rows": all_rows,
        "import_result": "",
        "tile_unit": lambda rec, column: "score",
        "answers_state": {},
        "refreshing": False,
        "confirm": None,
        "segments": [(s.key, s.label(lang)) for s in SEGMENTS],
        "kinds": kinds(lang),
        "presets": welcome_presets(lang),
        "first_run": False,
        "problem": None,
        "saved": None,  # the saved segments (the Value page: bindung.web.segments)
    }


def welcome_presets(lang: str) -> list[tuple[str, str]]:
    """The presets of the upload form's choice: name and what it reads, in ``lang``."""
    presets: list[tuple[str, str]] = welcome_context(lang)["presets"]
    return presets


def preview_section(found: Preview, lang: str = "de") -> Section:
    mapping = pd.DataFrame(
        [{"field": f, "column": c} for f, c in found.mapping.items()], columns=["field", "column"]
    )
    sample = pd.DataFrame(
        found.sample,
        columns=found.headers[: len(found.sample[0])] if found.sample else found.headers,
    )
    tables = [
        Table(
            "mapping",
            *both("Column mapping"),
            [Column("field", *both("field")), Column("column", *both("file column"))],
            mapping,
        ),
        Table(
            "sample",
            *both("First rows"),
            [Column(h, h, h) for h in sample.columns],
            sample,
        ),
    ]
    head = (
        f"{found.file}: {found.format}"
        + (f", {found.encoding}" if found.encoding else "")
        + (f", '{found.delimiter}'" if found.delimiter else "")
    )
    findings = [
        Finding(
            *both(
                "{head}; {rows} rows → table {kind}.",
                lambda _: {"head": head, "rows": found.rows, "kind": found.kind},
            )
        )
    ]
    # which preset the import would read the file with: the chosen one, or the one detected
    shown = PRESET_NAMES.get(found.preset or "", found.preset or "")
    if found.detected:
        detected = found.detected
        findings.append(Finding(*both("Preset {preset}.", lambda _: {"preset": detected})))
    elif found.preset:
        findings.append(Finding(*both("Preset: {preset} (chosen).", lambda _: {"preset": shown})))
    else:
        findings.append(Finding(*both("Preset: none (columns recognised by their names).")))
    if found.problem:
        problem = for_browser(found.problem, lang)
        findings.append(Finding(problem, problem, "alarm"))
    return Section("preview", *both("Import preview"), tables, findings, {})


def preview_page(
    request: Request, app: FastAPI, found: Preview, upload_id: str, lang: str, preset: str = ""
) -> Response:
    security = app.state.security
    page = pages_mod.Page("imports", [preview_section(found, lang)])
    context = page_context(page, lang, "EUR", "month", None, csrf=security.csrf_token(request))
    context["confirm"] = (
        None
        if found.problem
        else {"upload_id": upload_id, "kind": found.kind, "preset": preset, "lang": lang}
    )
    response: Response = app.state.templates.TemplateResponse(request, "page.html", context)
    security.set_csrf_cookie(request, response)
    return response
