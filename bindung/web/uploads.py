"""Uploading an export from the Imports page: the same validating importer as
``bindung import`` (atomic; every row stored or kept as a reject with its reasons), behind
the CSRF check and a size limit.

* ``POST /imports/preview`` keeps the file (in a temporary folder of the app, under a random
  id) and shows what the import would do: format, encoding, which column feeds which field
  (or why the mapping fails) and the first rows (:mod:`bindung.ingest.preview`);
* ``POST /imports/confirm`` imports the kept file; ``POST /imports/upload`` imports directly.
* Every form may name a ``preset`` (:mod:`bindung.ingest.presets`; empty: detected from the
  header) and the page's ``lang``.
* A failed upload answers with a page, not JSON: the welcome page (empty workspace) or the
  Imports page with the reason in the page's language and the form again; an import's error
  says what to do in the browser instead of naming ``--map``
  (:func:`bindung.web.welcome.for_browser`).
"""

from __future__ import annotations

import contextlib
import re
import secrets
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bindung.answers.refresh import refresh
from bindung.errors import BindungError
from bindung.ingest import presets
from bindung.store import schema
from bindung.store.connection import busy_wait
from bindung.web.welcome import for_browser
from bindung.workspace import open_workspace

CHUNK = 1024 * 1024


def sent_name(filename: str | None) -> str:
    """The name of the visitor's file as the import log records it: the last part only (a
    browser may send a Windows path, ``C:\\Users\\…\\bestellungen.csv``), without control
    characters, at most 200 characters; "" when the browser sent none."""
    last = re.split(r"[\\/]", filename or "")[-1]
    return "".join(c for c in last if c.isprintable()).strip()[:200]


class Problem(Exception):
    """An upload that failed: the status and the reason in German and English."""

    def __init__(self, status: int, de: str, en: str | None = None) -> None:
        super().__init__(de)
        self.status, self.de, self.en = status, de, en if en is not None else de


async def _save(app: FastAPI, file: UploadFile, folder: Path) -> Path:
    """Write the upload to ``folder`` (refusing more than the size limit)."""
    limit = int(app.state.max_upload_bytes)
    suffix = Path(file.filename or "upload.csv").suffix.lower()[:10] or ".csv"
    if not suffix[1:].isalnum():
        suffix = ".csv"
    path = folder / f"upload{suffix}"
    size = 0
    with path.open("wb") as out:
        while chunk := await file.read(CHUNK):
            size += len(chunk)
            if size > limit:
                mb = limit // CHUNK
                raise Problem(
                    413,
                    f"Die Datei ist größer als die Grenze von {mb} MB. Eine kleinere Datei "
                    "hochladen (z. B. nach Jahren geteilt) oder den Server mit "
                    "--max-upload-mb starten lassen.",
                    f"The file is larger than the limit of {mb} MB. Upload a smaller file "
                    "(e.g. split by year), or have the server started with --max-upload-mb.",
                )
            out.write(chunk)
    return path


def _import(
    app: FastAPI, kind: str, path: Path, preset: str, lang: str, given: bool, name: str
) -> RedirectResponse:
    """Import ``path``; to the Imports page with the counts (in the form's language when
    ``given``).  An error names the file as the visitor sent it (``name``), not the server's
    temporary copy."""
    try:
        ws = open_workspace(app.state.folder, wait=busy_wait())
    except BindungError as exc:
        raise Problem(409, str(exc)) from None
    ws.settings = replace(ws.settings, locale="de_DE" if lang == "de" else "en_GB")
    try:
        # the import log names the visitor's file, never the server's temporary copy
        result = ws.import_file(kind, path, preset=preset or None, source=name or path.name)
    except BindungError as exc:
        said = str(exc).replace(str(path), name) if name else str(exc)
        raise Problem(422, for_browser(said, lang)) from None
    finally:
        ws.close()
    with contextlib.suppress(BindungError):  # the import log now; the rest in the background
        refresh(app.state.folder, only=["imports"], on_store=True, wait=False)
    if app.state.refresher is not None:
        app.state.refresher.wake()
    target = (
        f"/imports?stored={result.stored}&rejected={result.rejected}"
        f"&excluded={result.excluded}&duplicates={result.duplicates}"
    ) + (f"&lang={lang}" if given else "")
    return RedirectResponse(target, status_code=303)


async def problem_page(request: Request, app: FastAPI, problem: Problem, lang: str) -> Response:
    """The welcome page (empty workspace) or the Imports page with the reason and the form."""
    from bindung.report import pages as pages_mod
    from bindung.web.pages import WelcomePage

    first_run = await run_in_threadpool(app.state.empty)
    page = WelcomePage("welcome", []) if first_run else pages_mod.Page("imports", [])
    text = problem.de if lang == "de" else problem.en
    token = app.state.security.csrf_token(request)
    currency = "EUR"
    html = app.state.render(
        page, lang, currency, "month", None, token, "", first_run=first_run, problem=text
    )
    response = HTMLResponse(html, status_code=problem.status)
    app.state.security.set_csrf_cookie(request, response)
    return response


def install_uploads(app: FastAPI) -> None:
    kept = tempfile.TemporaryDirectory(prefix="bindung-uploads-")
    app.state.kept_uploads = kept  # removed with the app
    kinds = set(schema.KINDS)  # order_lines come with orders, not on their own

    def check(request: Request, csrf: str, kind: str, preset: str) -> None:
        if not app.state.security.check_csrf(request, csrf):
            raise Problem(
                403,
                "Das Formular ist abgelaufen oder kam von einer anderen Seite. Die Seite neu "
                "laden und die Datei noch einmal hochladen.",
                "The form expired or was sent from elsewhere. Reload the page and upload the "
                "file again.",
            )
        if kind not in kinds:
            raise Problem(422, f"Unbekannte Tabelle {kind!r}.", f"Unknown table {kind!r}.")
        if preset and preset not in presets.names():
            names = ", ".join(presets.names())
            raise Problem(
                422,
                f"Unbekannte Vorlage {preset!r}; verfügbar: {names}.",
                f"Unknown preset {preset!r}; available: {names}.",
            )

    def language(lang: str | None) -> str:
        return lang if lang in ("de", "en") else "de"

    @app.post("/imports/preview", include_in_schema=False)
    async def preview_upload(
        request: Request,
        kind: Annotated[str, Form(max_length=40)],
        csrf: Annotated[str, Form(max_length=100)],
        file: Annotated[UploadFile, File()],
        lang: Annotated[str | None, Form(max_length=2)] = None,
        preset: Annotated[str, Form(max_length=40)] = "",
    ) -> Response:
        from bindung.ingest.preview import preview
        from bindung.web.pages import preview_page

        chosen = language(lang)
        upload_id = secrets.token_hex(16)
        folder = Path(kept.name) / upload_id
        try:
            check(request, csrf, kind, preset)
            folder.mkdir()
            path = await _save(app, file, folder)
            (folder / "name").write_text(sent_name(file.filename), encoding="utf-8")
            try:
                found = await run_in_threadpool(
                    lambda: preview(
                        kind,
                        path,
                        name=sent_name(file.filename) or path.name,
                        lang=chosen,
                        preset=preset or None,  # as the import will: the chosen preset
                    )
                )
            except BindungError as exc:
                raise Problem(422, for_browser(str(exc), chosen)) from None
        except Problem as problem:
            shutil.rmtree(folder, ignore_errors=True)
            return await problem_page(request, app, problem, chosen)
        return preview_page(request, app, found, upload_id, chosen, preset)

    @app.post("/imports/confirm", include_in_schema=False)
    async def confirm_upload(
        request: Request,
        kind: Annotated[str, Form(max_length=40)],
        csrf: Annotated[str, Form(max_length=100)],
        upload_id: Annotated[str, Form(pattern=r"^[0-9a-f]{32}$")],
        lang: Annotated[str | None, Form(max_length=2)] = None,
        preset: Annotated[str, Form(max_length=40)] = "",
    ) -> Response:
        chosen = language(lang)
        folder = Path(kept.name) / upload_id
        try:
            check(request, csrf, kind, preset)
            files = list(folder.glob("upload*")) if folder.is_dir() else []
            sent = folder / "name"
            name = sent.read_text(encoding="utf-8") if sent.is_file() else ""
            if not files:
                raise Problem(
                    404,
                    "Die Datei der Vorschau ist nicht mehr da: bitte erneut hochladen.",
                    "The previewed file is gone: please upload it again.",
                )
            try:
                return await run_in_threadpool(
                    _import, app, kind, files[0], preset, chosen, lang is not None, name
                )
            finally:
                shutil.rmtree(folder, ignore_errors=True)
        except Problem as problem:
            return await problem_page(request, app, problem, chosen)

    @app.post("/imports/upload", include_in_schema=False)
    async def upload(
        request: Request,
        kind: Annotated[str, Form(max_length=40)],
        csrf: Annotated[str, Form(max_length=100)],
        file: Annotated[UploadFile, File()],
        lang: Annotated[str | None, Form(max_length=2)] = None,
        preset: Annotated[str, Form(max_length=40)] = "",
    ) -> Response:
        chosen = language(lang)
        try:
            check(request, csrf, kind, preset)
            with tempfile.TemporaryDirectory() as tmp:
                path = await _save(app, file, Path(tmp))
                return await run_in_threadpool(
                    _import,
                    app,
                    kind,
                    path,
                    preset,
                    chosen,
                    lang is not None,
                    sent_name(file.filename),
                )
        except Problem as problem:
            return await problem_page(request, app, problem, chosen)
