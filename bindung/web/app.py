"""The dashboard: server-rendered pages and their JSON twins, both views of
:mod:`bindung.report.pages` (no number is computed here).

>>> app = create_app(Path("shop"))                                       # doctest: +SKIP
>>> uvicorn.run(app, host="127.0.0.1", port=8000)                       # doctest: +SKIP

* Pages: ``/overview``, ``/retention``, ``/value``, ``/social``, ``/roi``, ``/imports``; JSON:
  ``/api/pages/{page}`` (schema: :mod:`bindung.web.schemas`, OpenAPI at ``/docs``), one
  customer's orders at ``/api/customers/{id}/orders``.  Query parameters ``period``
  (week|month|quarter|year), ``lang`` (de|en), ``segment`` (value page).
* Computed pages are cached per (page, data version, period, language, segment): a new import
  changes the data version and so the answers.  The finished responses (JSON and HTML bytes)
  are cached too, keyed by the store file's and ``bindung.toml``'s modification stamps, so a
  repeated request does not open the database at all.
* plotly.js is served from the installed plotly package (``/static/plotly.min.js``): the
  dashboard works offline.
* Security: see :mod:`bindung.web.security` (access token off loopback, CSRF on forms).
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from bindung import config
from bindung.config import Settings
from bindung.errors import BindungError
from bindung.report import pages as pages_mod
from bindung.report import tables as views
from bindung.web import schemas
from bindung.web.security import Security
from bindung.workspace import Workspace, open_workspace

PageKey = Literal["overview", "retention", "value", "social", "roi", "imports"]
Period = Literal["week", "month", "quarter", "year"]
Lang = Literal["de", "en"]
TEMPLATES = Path(__file__).parent / "templates"


#: How a catalogue unit is shown in a tile (the tiles table holds metrics of several units).
TILE_UNITS = {
    "customers": "count",
    "orders": "count",
    "percent": "percent",
    "money": "money",
    "days": "days",
    "factor": "factor",
}


def tile_unit(rec: dict[str, Any], column: str) -> str:
    """The unit of a tile cell: the metric's own; a change of a rate is in points."""
    unit = TILE_UNITS.get(str(rec.get("unit")), "score")
    if column == "change":
        return "points" if unit == "percent" else "percent"
    return unit


def plotly_js() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


class PageCache:
    """Computed pages by (page, data version, period, lang, segment); at most ``size`` kept."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._pages: dict[tuple[Any, ...], pages_mod.Page] = {}
        self._locks: dict[tuple[Any, ...], threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, key: tuple[Any, ...], build: Any) -> pages_mod.Page:
        with self._guard:
            if key in self._pages:
                return self._pages[key]
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:  # one computation per key; the others wait for it
            with self._guard:
                if key in self._pages:
                    return self._pages[key]
            page: pages_mod.Page = build()
            with self._guard:
                if len(self._pages) >= self.size:
                    self._pages.pop(next(iter(self._pages)))
                self._pages[key] = page
                self._locks.pop(key, None)
            return page


def create_app(folder: Path, *, token: str | None = None, max_upload_mb: int = 50) -> FastAPI:
    """The dashboard app for the workspace in ``folder``."""
    folder = Path(folder)
    open_workspace(folder, read_only=True).close()  # fail early on a wrong folder
    app = FastAPI(
        title="Bindung",
        version="1",
        description="Customer retention and what it is worth: the dashboard's JSON API. Every "
        "page of the dashboard has a JSON twin here; numbers are raw (percent 0–100, money in "
        "the workspace currency), labels in German and English.",
    )
    security = Security(token=token)
    security.install(app)
    templates = Jinja2Templates(directory=str(TEMPLATES))
    cache = PageCache()
    app.state.folder = folder
    app.state.max_upload_bytes = max_upload_mb * 1024 * 1024
    app.state.cache = cache
    app.state.security = security
    app.state.templates = templates

    from bindung.config import CONFIG_FILE

    responses: dict[tuple[Any, ...], tuple[bytes, str]] = {}
    responses_lock = threading.Lock()
    probe = open_workspace(folder, read_only=True)
    watched = [folder / CONFIG_FILE]
    if probe.path is not None:
        watched += [probe.path, probe.path.with_name(probe.path.name + ".wal")]
    remote = probe.path is None
    probe.close()

    def stamp() -> tuple[Any, ...]:
        """Modification stamps of the settings and the store (None for a remote store: no
        response cache then)."""
        out: list[Any] = []
        for path in watched:
            try:
                st = path.stat()
                out.append((st.st_mtime_ns, st.st_size))
            except FileNotFoundError:
                out.append(None)
        return tuple(out)

    def cached_response(key: tuple[Any, ...], make: Any) -> Response:
        if remote:
            body, media = make()
            return Response(body, media_type=media)
        full = (*key, stamp())
        with responses_lock:
            hit = responses.get(full)
        if hit is None:
            hit = make()
            with responses_lock:
                if len(responses) >= 256:
                    responses.pop(next(iter(responses)))
                responses[full] = hit
        return Response(hit[0], media_type=hit[1])

    def workspace(lang: str | None) -> Workspace:
        ws = open_workspace(folder, read_only=True)
        if lang is not None:
            ws.settings = replace(ws.settings, locale="de_DE" if lang == "de" else "en_GB")
        return ws

    def page_of(key: str, period: str, lang: str | None, segment: str | None) -> pages_mod.Page:
        ws = workspace(lang)
        try:
            cache_key = (key, ws.data_version(), period, ws.settings.lang, segment)
            return cache.get(
                cache_key, lambda: pages_mod.build_page(ws, key, period=period, segment=segment)
            )
        except BindungError as exc:
            # the data do not allow the page (e.g. nothing imported yet)
            raise HTTPException(status_code=409, detail=str(exc)) from None
        finally:
            ws.close()

    def settings() -> Settings:
        """The workspace settings, read from ``bindung.toml`` (no database needed)."""
        return config.load(folder)

    def chosen_lang(lang: str | None) -> str:
        return lang if lang is not None else settings().lang

    @app.get(
        "/api/pages/{page}",
        response_model=schemas.PageOut,
        tags=["pages"],
        responses={
            200: {"model": schemas.PageOut},
            409: {"model": schemas.ErrorOut, "description": "the data do not allow the page"},
        },
    )
    def api_page(
        page: PageKey,
        period: Annotated[Period, Query(description="Calendar period of the figures.")] = "month",
        lang: Annotated[Lang | None, Query(description="Language of labels.")] = None,
        segment: Annotated[
            str | None,
            Query(
                description="Value page: only this segment.", max_length=40, pattern=r"^[a-z_-]+$"
            ),
        ] = None,
    ) -> Response:
        """One dashboard page: its sections (findings and tables) and charts."""

        def make() -> tuple[bytes, str]:
            result = page_of(page, period, lang, segment)
            body = schemas.page_out(result, chosen_lang(lang)).model_dump_json()
            return body.encode(), "application/json"

        return cached_response(("api", page, period, lang, segment), make)

    @app.get(
        "/api/customers/{customer_id}/orders",
        response_model=schemas.SectionOut,
        tags=["pages"],
        responses={404: {"model": schemas.ErrorOut, "description": "no orders for this id"}},
    )
    def api_customer(
        customer_id: Annotated[str, PathParam(max_length=200)],
        lang: Annotated[Lang | None, Query()] = None,
    ) -> schemas.SectionOut:
        """The orders of one customer (the drill-down of the at-risk list)."""
        ws = workspace(lang)
        try:
            section = pages_mod.customer_orders(ws, customer_id)
        except BindungError as exc:
            raise HTTPException(status_code=404, detail=str(exc)) from None
        finally:
            ws.close()
        return schemas.section_out(section)

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_file() -> FileResponse:
        return FileResponse(plotly_js(), media_type="application/javascript")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">'
            '<circle cx="8" cy="8" r="7" fill="#1f6f8b"/></svg>'
        )
        return Response(svg, media_type="image/svg+xml")

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/overview", status_code=302)

    @app.get("/customers/{customer_id}", include_in_schema=False, response_class=HTMLResponse)
    def customer_page(request: Request, customer_id: str, lang: Lang | None = None) -> Response:
        ws = workspace(lang)
        try:
            section = pages_mod.customer_orders(ws, customer_id)
            chosen, currency = ws.settings.lang, ws.settings.currency
        except BindungError as exc:
            raise HTTPException(status_code=404, detail=str(exc)) from None
        finally:
            ws.close()
        page = pages_mod.Page("value", [section])
        return _render(request, page, chosen, currency, "month", None)

    def _render(
        request: Request,
        page: pages_mod.Page,
        lang: str,
        currency: str,
        period: str,
        segment: str | None,
    ) -> Response:
        context = {
            "request": request,
            "page": page,
            "lang": lang,
            "currency": currency,
            "period": period,
            "segment": segment,
            "pages": pages_mod.PAGES,
            "cell": views.cell,
            "csrf": security.csrf_token(request),
            "periods": ("week", "month", "quarter", "year"),
            "tile_unit": tile_unit,
        }
        response = templates.TemplateResponse(request, "page.html", context)
        security.set_csrf_cookie(request, response)
        return response

    @app.get("/{page}", include_in_schema=False, response_class=HTMLResponse)
    def html_page(
        request: Request,
        page: PageKey,
        period: Period = "month",
        lang: Lang | None = None,
        segment: Annotated[str | None, Query(max_length=40, pattern=r"^[a-z_-]*$")] = None,
    ) -> Response:
        csrf_cookie = request.cookies.get("bindung_csrf")

        def render() -> Response:
            result = page_of(page, period, lang, segment or None)
            chosen, currency = chosen_lang(lang), settings().currency
            return _render(request, result, chosen, currency, period, segment or None)

        def make() -> tuple[bytes, str]:
            return bytes(render().body), "text/html; charset=utf-8"

        if page == "imports" or not csrf_cookie:
            # forms carry the visitor's CSRF token: render for them (and set the cookie)
            return render()
        return cached_response(("html", page, period, lang, segment), make)

    from bindung.web.uploads import install_uploads

    install_uploads(app)
    return app
