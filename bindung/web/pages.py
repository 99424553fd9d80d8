"""Pages of the web app that are not report pages: the import preview."""

from __future__ import annotations

from typing import Any

import pandas as pd
from fastapi import FastAPI, Request
from fastapi.responses import Response

from bindung.ingest.preview import Preview
from bindung.report import pages as pages_mod
from bindung.report import tables as views
from bindung.report.tables import Column, Finding, Section, Table


def preview_section(found: Preview) -> Section:
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
            "Zuordnung der Spalten",
            "Column mapping",
            [Column("field", "Feld", "field"), Column("column", "Spalte der Datei", "file column")],
            mapping,
        ),
        Table(
            "sample",
            "Erste Zeilen",
            "First rows",
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
            f"{head}; {found.rows} Zeilen → Tabelle {found.kind}.",
            f"{head}; {found.rows} rows → table {found.kind}.",
        )
    ]
    if found.problem:
        findings.append(Finding(found.problem, found.problem, "alarm"))
    return Section("preview", "Vorschau des Imports", "Import preview", tables, findings, {})


def preview_page(
    request: Request, app: FastAPI, found: Preview, upload_id: str, lang: str
) -> Response:
    security = app.state.security
    page = pages_mod.Page("imports", [preview_section(found)])
    context: dict[str, Any] = {
        "request": request,
        "page": page,
        "lang": lang,
        "currency": "EUR",
        "period": "month",
        "segment": None,
        "pages": pages_mod.PAGES,
        "cell": views.cell,
        "csrf": security.csrf_token(request),
        "periods": ("week", "month", "quarter", "year"),
        "tile_unit": lambda rec, column: "score",
        "confirm": None if found.problem else {"upload_id": upload_id, "kind": found.kind},
    }
    response: Response = app.state.templates.TemplateResponse(request, "page.html", context)
    security.set_csrf_cookie(request, response)
    return response
