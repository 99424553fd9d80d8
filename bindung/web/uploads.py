"""Uploading an export from the Imports page: the same validating importer as
``bindung import`` (atomic; every row stored or kept as a reject with its reasons), behind
the CSRF check and a size limit.

* ``POST /imports/preview`` keeps the file (:class:`Previews`: a temporary folder of its own,
  named by a random id) and shows what the import would do: format, encoding, which column
  feeds which field (or why the mapping fails) and the first rows
  (:mod:`bindung.ingest.preview`);
* ``POST /imports/confirm`` imports the kept file, ``POST /imports/cancel`` drops it; either
  deletes it, and so does its expiry (:data:`PREVIEW_KEEP_SECONDS`, one hour).
  ``POST /imports/upload`` imports directly (the file deleted after the import).
* Every form may name a ``preset`` (:mod:`bindung.ingest.presets`; empty: detected from the
  header) and the page's ``lang``.
* **Before the body, the CSRF token.**  The forms send their token in the address
  (``?csrf=``; a script may send header ``X-CSRF-Token``), so a forged upload is refused before
  a byte of its file is read (:func:`install_uploads`'s ``read_form``).
* **The size limit while the body arrives.**  A body declaring more than the limit (plus
  :data:`~bindung.web.security.FORM_SLACK` for the form's fields) is refused at once; one
  without a length is counted as it arrives and refused (413) as soon as it passes the limit:
  nothing more is read, so no more than the limit is ever spooled to disk.
* **Nothing left behind.**  The spooled form, the file of an import and the file of a preview
  are deleted when the import finishes or fails, the preview is cancelled or expires.  The
  import log names the file as the visitor sent it (:func:`sent_name`), never the server's copy.
* The import runs in a worker thread (other requests are answered meanwhile); a store another
  process writes (``bindung import`` on the command line) answers 503 with ``Retry-After``.
* A failed upload answers with a page, not JSON: the welcome page (empty workspace) or the
  Imports page with the reason in the page's language and the form again; an import's error
  says what to do in the browser instead of naming ``--map``
  (:func:`bindung.web.welcome.for_browser`).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import stat
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Message, Receive

from bindung import config, formatting
from bindung.answers.refresh import refresh
from bindung.errors import BindungError, BusyError
from bindung.i18n import N_, tr
from bindung.ingest import presets
from bindung.store import schema
from bindung.store.connection import busy_wait
from bindung.web.security import FORM_SLACK, RETRY_AFTER
from bindung.web.welcome import for_browser
from bindung.workspace import open_workspace

CHUNK = 1024 * 1024
#: How long an uploaded file waits for its preview to be confirmed: then it is deleted (by a
#: timer of the server; a server stopped before deletes its previews, one killed leaves them
#: to the next server's start or upload, which deletes every expired one).
PREVIEW_KEEP_SECONDS = 3600
#: The folders of kept previews in the temporary folder (``$TMPDIR``, else /tmp).
PREVIEW_PREFIX = "bindung-uploads-"


class Previews:
    """Uploaded files kept for their preview until they are imported, cancelled or expire.

    Each preview has a folder of its own, ``<tmp>/bindung-uploads-<id>`` (the id: 32 random
    hex digits, the form's ``upload_id``), created only when a file is previewed.  A timer
    deletes it ``keep`` seconds later; :meth:`get` refuses an expired one;
    :meth:`sweep` deletes every expired preview folder of this user (left by a server that
    was killed, and the empty ones older versions made at every start)."""

    def __init__(self, keep: float = PREVIEW_KEEP_SECONDS, root: Path | None = None) -> None:
        self.keep = keep
        self._root = root
        self._timers: dict[str, threading.Timer] = {}
        self._guard = threading.Lock()

    @property
    def root(self) -> Path:
        return self._root if self._root is not None else Path(tempfile.gettempdir())

    def folder(self, upload_id: str) -> Path:
        return self.root / f"{PREVIEW_PREFIX}{upload_id}"

    def new(self) -> tuple[str, Path]:
        """A new preview: its id and its (empty) folder, deleted after ``keep`` seconds."""
        upload_id = secrets.token_hex(16)
        folder = self.folder(upload_id)
        folder.mkdir(mode=0o700)
        timer = threading.Timer(self.keep, self.drop, [upload_id])
        timer.daemon = True
        with self._guard:
            self._timers[upload_id] = timer
        timer.start()
        return upload_id, folder

    def get(self, upload_id: str) -> Path | None:
        """The folder of a kept preview; None when it is gone or expired (then deleted)."""
        folder = self.folder(upload_id)
        try:
            age = time.time() - folder.stat().st_mtime
        except FileNotFoundError:
            return None
        if age > self.keep:
            self.drop(upload_id)
            return None
        return folder

    def drop(self, upload_id: str) -> None:
        """Delete a preview's folder and its file (imported, cancelled or expired)."""
        with self._guard:
            timer = self._timers.pop(upload_id, None)
        if timer is not None:
            timer.cancel()
        shutil.rmtree(self.folder(upload_id), ignore_errors=True)

    def sweep(self) -> int:
        """Delete every expired preview folder of this user in the temporary folder; how many."""
        now, removed = time.time(), 0
        for path in self.root.glob(f"{PREVIEW_PREFIX}*"):
            try:
                st = path.lstat()
            except OSError:
                continue
            if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
                continue
            if now - st.st_mtime > self.keep:
                shutil.rmtree(path, ignore_errors=True)
                removed += 1
        return removed

    def close(self) -> None:
        """Delete every preview this server still keeps (the server stops)."""
        with self._guard:
            kept = list(self._timers)
        for upload_id in kept:
            self.drop(upload_id)


def sent_name(filename: str | None) -> str:
    """The name of the visitor's file as the import log records it: the last part only (a
    browser may send a Windows path, ``C:\\Users\\…\\bestellungen.csv``), without control
    characters, at most 200 characters; "" when the browser sent none."""
    last = re.split(r"[\\/]", filename or "")[-1]
    return "".join(c for c in last if c.isprintable()).strip()[:200]


class Problem(Exception):
    """An upload that failed: the status and the reason, a text of the catalogue (English,
    formatted with ``values`` in the page's language when shown) or, ``written``, a text
    already written in the page's language (an import's error)."""

    def __init__(
        self, status: int, message: str, /, *, written: bool = False, **values: object
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.written, self.values = status, message, written, values

    @property
    def headers(self) -> dict[str, str]:
        """``Retry-After`` for a busy store (503)."""
        return {"Retry-After": str(RETRY_AFTER)} if self.status == 503 else {}

    def text(self, lang: str) -> str:
        return self.message if self.written else tr(lang, self.message, **self.values)


TOO_LARGE = N_(
    "The file is larger than the limit of {mb} MB. Upload a smaller file "
    "(e.g. split by year), or have the server started with --max-upload-mb."
)


def too_large(limit: int) -> Problem:
    return Problem(413, TOO_LARGE, mb=limit // CHUNK)


def limited(receive: Receive, limit: int) -> Receive:
    """``receive`` raising :func:`too_large` (a :class:`Problem`) as soon as more than
    ``limit`` bytes of the body arrived: the form parser stops there, nothing more is read."""
    seen = 0

    async def receive_limited() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise too_large(limit - FORM_SLACK)
        return message

    return receive_limited


async def _save(app: FastAPI, file: UploadFile, folder: Path) -> Path:
    """Write the upload to ``folder`` (refusing more than the size limit), in a worker thread
    chunk by chunk (the event loop keeps answering other requests)."""
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
                raise too_large(limit)
            await run_in_threadpool(out.write, chunk)
    return path


BUSY = N_(
    "The workspace is busy: another program (e.g. bindung import) is writing to it. The file "
    "was not imported; upload it again in a few seconds."
)


def _import(
    app: FastAPI, kind: str, path: Path, preset: str, lang: str, given: bool, name: str
) -> RedirectResponse:
    """Import ``path``; to the Imports page with the counts (in the form's language when
    ``given``).  An error names the file as the visitor sent it (``name``), not the server's
    temporary copy."""
    try:
        ws = open_workspace(app.state.folder, wait=busy_wait())
    except BusyError:
        raise Problem(503, BUSY) from None
    except BindungError as exc:
        raise Problem(409, str(exc), written=True) from None
    ws.settings = replace(ws.settings, locale=formatting.locale_of(lang))
    try:
        # the import log names the visitor's file, never the server's temporary copy
        result = ws.import_file(kind, path, preset=preset or None, source=name or path.name)
    except BindungError as exc:
        said = str(exc).replace(str(path), name) if name else str(exc)
        raise Problem(422, for_browser(said, lang), written=True) from None
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
    text = problem.text(lang)
    token = app.state.security.csrf_token(request)
    currency = "EUR"
    html = app.state.render(
        page, lang, currency, "month", None, token, "", first_run=first_run, problem=text
    )
    response = HTMLResponse(html, status_code=problem.status, headers=problem.headers)
    app.state.security.set_csrf_cookie(request, response)
    return response


def install_uploads(app: FastAPI, previews: Previews | None = None) -> None:
    kept = previews if previews is not None else Previews()
    app.state.previews = kept  # closed when the server stops (app.create_app's lifespan)
    with contextlib.suppress(OSError):
        kept.sweep()  # what a killed server left
    kinds = set(schema.KINDS)  # order_lines come with orders, not on their own

    def check(request: Request, csrf: str | None, kind: str, preset: str) -> None:
        check_csrf(request, csrf)
        check_fields(kind, preset)

    def check_csrf(request: Request, csrf: str | None) -> None:
        if not app.state.security.check_csrf(request, csrf):
            raise Problem(
                403,
                N_(
                    "The form expired or was sent from elsewhere. Reload the page and upload "
                    "the file again."
                ),
            )

    def check_fields(kind: str, preset: str) -> None:
        if kind not in kinds:
            raise Problem(422, N_("Unknown table {kind!r}."), kind=kind)
        if preset and preset not in presets.names():
            names = ", ".join(presets.names())
            raise Problem(
                422,
                N_("Unknown preset {preset!r}; available: {names}."),
                preset=preset,
                names=names,
            )

    app.state.security.own_body_limit.update({"/imports/preview", "/imports/upload"})

    async def read_form(request: Request) -> FormData:
        """The upload form, read only when the CSRF token sent before it (``?csrf=`` or header
        ``X-CSRF-Token``) matches, and only up to the size limit (:func:`limited`).  The caller
        closes it (which deletes the spooled file)."""
        check_csrf(request, None)  # before a byte of the body is read
        limit = int(app.state.max_upload_bytes) + FORM_SLACK
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_large(limit - FORM_SLACK)
        body = Request(request.scope, limited(request.receive, limit))
        try:
            return await body.form(max_files=1, max_fields=10)
        except StarletteHTTPException as exc:  # a malformed multipart body
            raise Problem(
                400,
                N_("The form could not be read ({detail}). Reload the page and try again."),
                detail=exc.detail,
            ) from None

    def form_lang(form: FormData) -> str | None:
        """The form's language (None: not given)."""
        lang = form.get("lang")
        return lang if lang in ("de", "en") and isinstance(lang, str) else None

    def fields(form: FormData) -> tuple[str, str, UploadFile]:
        """The form's table, preset and file."""

        def text(name: str, most: int) -> str:
            value = form.get(name)
            return value[:most] if isinstance(value, str) else ""

        file = form.get("file")
        if not isinstance(file, UploadFile):
            raise Problem(422, N_("No file was sent: choose a file and send the form again."))
        return text("kind", 40), text("preset", 40), file

    @app.post("/imports/preview", include_in_schema=False)
    async def preview_upload(request: Request) -> Response:
        """Keep the file and show what its import would do (nothing stored yet)."""
        from bindung.ingest.preview import preview
        from bindung.web.pages import preview_page

        chosen = config.language(app.state.folder, request.query_params.get("lang"))
        upload_id = ""
        form: FormData | None = None
        try:
            form = await read_form(request)
            lang = form_lang(form)
            chosen = config.language(app.state.folder, lang)
            kind, preset, file = fields(form)
            check_fields(kind, preset)
            await run_in_threadpool(kept.sweep)
            upload_id, folder = kept.new()
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
                raise Problem(422, for_browser(str(exc), chosen), written=True) from None
        except Problem as problem:
            if upload_id:
                kept.drop(upload_id)
            return await problem_page(request, app, problem, chosen)
        except BaseException:
            if upload_id:
                kept.drop(upload_id)
            raise
        finally:
            if form is not None:
                await form.close()
        if found.problem:  # nothing to confirm: the file is not kept
            kept.drop(upload_id)
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
        chosen = config.language(app.state.folder, lang)
        try:
            check(request, csrf, kind, preset)
            folder = kept.get(upload_id)
            files = list(folder.glob("upload*")) if folder is not None else []
            sent = folder / "name" if folder is not None else None
            name = sent.read_text(encoding="utf-8") if sent and sent.is_file() else ""
            if not files:
                hours = PREVIEW_KEEP_SECONDS // 3600
                raise Problem(
                    404,
                    N_(
                        "The previewed file is gone (imported, cancelled or older than "
                        "{hours} hour): please upload it again."
                    ),
                    hours=hours,
                )
            try:
                return await run_in_threadpool(
                    _import, app, kind, files[0], preset, chosen, lang is not None, name
                )
            finally:
                kept.drop(upload_id)  # imported, or refused: upload it again
        except Problem as problem:
            return await problem_page(request, app, problem, chosen)

    @app.post("/imports/cancel", include_in_schema=False)
    async def cancel_upload(
        request: Request,
        csrf: Annotated[str, Form(max_length=100)],
        upload_id: Annotated[str, Form(pattern=r"^[0-9a-f]{32}$")],
        lang: Annotated[str | None, Form(max_length=2)] = None,
    ) -> Response:
        """The preview's *Cancel*: its file is deleted; back to the form."""
        chosen = config.language(app.state.folder, lang)
        try:
            check(request, csrf, "orders", "")
        except Problem as problem:
            return await problem_page(request, app, problem, chosen)
        kept.drop(upload_id)
        first_run = await run_in_threadpool(app.state.empty)
        target = "/welcome" if first_run else "/imports"
        return RedirectResponse(
            target + (f"?lang={lang}" if lang in ("de", "en") else ""), status_code=303
        )

    @app.post("/imports/upload", include_in_schema=False)
    async def upload(request: Request) -> Response:
        """Import the file at once (in a worker thread); its copy is deleted either way."""
        chosen = config.language(app.state.folder, request.query_params.get("lang"))
        form: FormData | None = None
        try:
            form = await read_form(request)
            lang = form_lang(form)
            chosen = config.language(app.state.folder, lang)
            kind, preset, file = fields(form)
            check_fields(kind, preset)
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
        finally:
            if form is not None:
                await form.close()
