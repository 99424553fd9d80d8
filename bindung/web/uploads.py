"""Uploading an export from the Imports page: the same validating importer as
``bindung import`` (atomic; every row stored or kept as a reject with its reasons), behind
the CSRF check and a size limit.

* ``POST /imports/preview`` keeps the file (in a temporary folder of the app, under a random
  id) and shows what the import would do: format, encoding, which column feeds which field
  (or why the mapping fails) and the first rows (:mod:`bindung.ingest.preview`);
* ``POST /imports/confirm`` imports the kept file; ``POST /imports/upload`` imports directly.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from bindung.answers.refresh import refresh
from bindung.errors import BindungError
from bindung.store import schema
from bindung.store.connection import busy_wait
from bindung.workspace import open_workspace

CHUNK = 1024 * 1024


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
                raise HTTPException(
                    status_code=413, detail=f"file larger than the limit of {limit // CHUNK} MB"
                )
            out.write(chunk)
    return path


def _import(app: FastAPI, kind: str, path: Path) -> RedirectResponse:
    try:
        ws = open_workspace(app.state.folder, wait=busy_wait())
    except BindungError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from None
    try:
        result = ws.import_file(kind, path)
    except BindungError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None
    finally:
        ws.close()
    with contextlib.suppress(BindungError):  # the import log now; the rest in the background
        refresh(app.state.folder, only=["imports"], on_store=True, wait=False)
    if app.state.refresher is not None:
        app.state.refresher.wake()
    target = (
        f"/imports?stored={result.stored}&rejected={result.rejected}"
        f"&excluded={result.excluded}&duplicates={result.duplicates}"
    )
    return RedirectResponse(target, status_code=303)


def install_uploads(app: FastAPI) -> None:
    kept = tempfile.TemporaryDirectory(prefix="bindung-uploads-")
    app.state.kept_uploads = kept  # removed with the app
    kinds = set(schema.KINDS)  # order_lines come with orders, not on their own

    def check(request: Request, csrf: str, kind: str) -> None:
        if not app.state.security.check_csrf(request, csrf):
            raise HTTPException(status_code=403, detail="form expired or sent from elsewhere")
        if kind not in kinds:
            raise HTTPException(status_code=422, detail=f"unknown table {kind!r}")

    @app.post("/imports/preview", include_in_schema=False)
    async def preview_upload(
        request: Request,
        kind: Annotated[str, Form(max_length=40)],
        csrf: Annotated[str, Form(max_length=100)],
        file: Annotated[UploadFile, File()],
        lang: Annotated[str | None, Form(max_length=2)] = None,
    ) -> Response:
        from bindung.ingest.preview import preview
        from bindung.web.pages import preview_page

        check(request, csrf, kind)
        upload_id = secrets.token_hex(16)
        folder = Path(kept.name) / upload_id
        folder.mkdir()
        path = await _save(app, file, folder)
        chosen = lang if lang in ("de", "en") else "de"
        try:
            found = preview(kind, path, name=file.filename or path.name, lang=chosen)
        except BindungError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise HTTPException(status_code=422, detail=str(exc)) from None
        return preview_page(request, app, found, upload_id, chosen)

    @app.post("/imports/confirm", include_in_schema=False)
    async def confirm_upload(
        request: Request,
        kind: Annotated[str, Form(max_length=40)],
        csrf: Annotated[str, Form(max_length=100)],
        upload_id: Annotated[str, Form(pattern=r"^[0-9a-f]{32}$")],
    ) -> RedirectResponse:
        check(request, csrf, kind)
        folder = Path(kept.name) / upload_id
        files = list(folder.glob("upload*")) if folder.is_dir() else []
        if not files:
            raise HTTPException(status_code=404, detail="the previewed file is gone; upload again")
        try:
            return _import(app, kind, files[0])
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    @app.post("/imports/upload", include_in_schema=False)
    async def upload(
        request: Request,
        kind: Annotated[str, Form(max_length=40)],
        csrf: Annotated[str, Form(max_length=100)],
        file: Annotated[UploadFile, File()],
    ) -> RedirectResponse:
        check(request, csrf, kind)
        with tempfile.TemporaryDirectory() as tmp:
            path = await _save(app, file, Path(tmp))
            return _import(app, kind, path)
