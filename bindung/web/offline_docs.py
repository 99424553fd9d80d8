"""The API documentation (``/docs``, Swagger UI) without the internet.

FastAPI's own pages load their JavaScript and CSS from a CDN, so they stay blank on a machine
without internet.  Here the files come from the installed ``fastapi-offline`` package (a
dependency, pinned in pyproject.toml; it ships Swagger UI 5 in its ``static`` folder) and the
page is built the way FastAPI documents it ("Self-hosting JavaScript and CSS for docs":
``get_swagger_ui_html`` with ``swagger_js_url`` and ``swagger_css_url``).  The favicon is the
app's own and Swagger UI's validator badge (which would send the schema's address to
validator.swagger.io) is off: nothing on the page is loaded from another host.

Swagger UI starts from an inline script, which the app's Content-Security-Policy
(:data:`bindung.web.security.CSP`) does not allow; these two pages get a policy of their own
that allows exactly their inline scripts by hash (:func:`with_script_hashes`), nothing else.

ReDoc is switched off: its standalone bundle loads Redocly's logo from cdn.redoc.ly whatever
the options, so ``/redoc`` leads to ``/docs``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

from bindung.web.security import CSP

#: Where the app serves the files, and their media types.
STATIC = "/static/docs"
FILES = {
    "swagger-ui-bundle.js": "application/javascript",
    "swagger-ui.css": "text/css",
}


def asset_folder() -> Path:
    """The folder of Swagger UI's files in the installed fastapi-offline."""
    return Path(str(resources.files("fastapi_offline") / "static"))


INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def with_script_hashes(page: HTMLResponse) -> HTMLResponse:
    """``page`` with the app's policy, its ``script-src`` extended by the SHA-256 of each
    inline script the page holds (the browser runs those and no other)."""
    body = bytes(page.body).decode()
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"
        for code in INLINE_SCRIPT.findall(body)
    ]
    policy = CSP.replace("script-src 'self'", " ".join(["script-src 'self'", *hashes]))
    page.headers["content-security-policy"] = policy
    return page


def install_offline_docs(app: FastAPI) -> None:
    """``/docs``, its OAuth2 redirect and files, and ``/redoc`` leading to ``/docs`` (the app
    is created with ``docs_url=None, redoc_url=None``)."""
    folder = asset_folder()
    openapi_url = app.openapi_url or "/openapi.json"
    redirect_url = app.swagger_ui_oauth2_redirect_url or "/docs/oauth2-redirect"

    @app.get(f"{STATIC}/{{name}}", include_in_schema=False)
    def docs_file(name: str) -> FileResponse:
        if name not in FILES:
            raise HTTPException(status_code=404, detail=f"no file {name!r}")
        return FileResponse(folder / name, media_type=FILES[name])

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{app.title} – API",
            oauth2_redirect_url=redirect_url,
            swagger_js_url=f"{STATIC}/swagger-ui-bundle.js",
            swagger_css_url=f"{STATIC}/swagger-ui.css",
            swagger_favicon_url="/favicon.ico",
            swagger_ui_parameters={"validatorUrl": None},
        )
        return with_script_hashes(page)

    @app.get(redirect_url, include_in_schema=False)
    def swagger_ui_redirect() -> HTMLResponse:
        return with_script_hashes(get_swagger_ui_oauth2_redirect_html())

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> RedirectResponse:
        return RedirectResponse("/docs", status_code=302)
