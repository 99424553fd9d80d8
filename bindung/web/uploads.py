"""Uploading an export from the Imports page: the same validating importer as
``bindung import`` (atomic; every row stored or kept as a reject with its reasons), behind
the CSRF check and a size limit."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse

from bindung.errors import BindungError
from bindung.store import schema
from bindung.workspace import open_workspace

CHUNK = 1024 * 1024


def install_uploads(app: FastAPI) -> None:
    @app.post("/imports/upload", include_in_schema=False)
    async def upload(
        request: Request,
        kind: Annotated[str, Form(max_length=40)],
        csrf: Annotated[str, Form(max_length=100)],
        file: Annotated[UploadFile, File()],
    ) -> RedirectResponse:
        if not app.state.security.check_csrf(request, csrf):
            raise HTTPException(status_code=403, detail="form expired or sent from elsewhere")
        if kind not in {t.name for t in schema.TABLES}:
            raise HTTPException(status_code=422, detail=f"unknown table {kind!r}")
        limit = int(app.state.max_upload_bytes)
        suffix = Path(file.filename or "upload.csv").suffix.lower()[:10] or ".csv"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"upload{suffix}"
            size = 0
            with path.open("wb") as out:
                while chunk := await file.read(CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise HTTPException(
                            status_code=413,
                            detail=f"file larger than the limit of {limit // CHUNK} MB",
                        )
                    out.write(chunk)
            try:
                ws = open_workspace(app.state.folder)
            except BindungError as exc:
                raise HTTPException(status_code=409, detail=str(exc)) from None
            try:
                result = ws.import_file(kind, path)
            except BindungError as exc:
                raise HTTPException(status_code=422, detail=str(exc)) from None
            finally:
                ws.close()
        target = (
            f"/imports?stored={result.stored}&rejected={result.rejected}"
            f"&duplicates={result.duplicates}"
        )
        return RedirectResponse(target, status_code=303)
