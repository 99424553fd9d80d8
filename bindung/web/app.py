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

import json
import threading
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from bindung import answers, config
from bindung.answers.store import AnswerStore
from bindung.config import Settings
from bindung.errors import BindungError
from bindung.report import pages as pages_mod
from bindung.report import tables as views
from bindung.report.charts import plotly_js
from bindung.report.tables import Finding, Section
from bindung.store import connection
from bindung.store.connection import busy_wait
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


class PageCache:
    """Pages built from stored answers, by (page, period, lang, segment, answers stamp); at most
    ``size`` kept.  Building a page only reads JSON files and draws charts."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._pages: dict[tuple[Any, ...], pages_mod.Page] = {}
        self._guard = threading.Lock()

    def get(self, key: tuple[Any, ...], build: Any) -> pages_mod.Page:
        with self._guard:
            if key in self._pages:
                return self._pages[key]
        page: pages_mod.Page = build()
        with self._guard:
            if len(self._pages) >= self.size:
                self._pages.pop(next(iter(self._pages)))
            self._pages[key] = page
        return page


def create_app(
    folder: Path,
    *,
    token: str | None = None,
    max_upload_mb: int = 50,
    refresh_every: float | None = None,
) -> FastAPI:
    """The dashboard app for the workspace in ``folder``.  With ``refresh_every`` (seconds)
    the app refreshes its answers in the background whenever the store or the settings
    changed (:class:`bindung.web.refresher.Refresher`)."""
    from contextlib import asynccontextmanager

    from bindung.web.refresher import Refresher

    folder = Path(folder)
    settings_now = config.load(folder)  # fail early on a wrong folder
    if connection.is_duckdb(settings_now.store):
        store_file = connection.store_path(settings_now.store, folder)
        if not store_file.exists():
            raise BindungError(f"{store_file}: the store does not exist; run `bindung init`")
    refresher = Refresher(folder, every=refresh_every) if refresh_every else None

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> Any:
        if refresher is not None:
            refresher.start()
        yield
        if refresher is not None:
            refresher.stop()

    app = FastAPI(
        title="Bindung",
        version="1",
        description="Customer retention and what it is worth: the dashboard's JSON API. Every "
        "page of the dashboard has a JSON twin here, and every answer is served as the "
        "document `bindung ... --format json` prints; numbers are raw (percent 0–100, money "
        "in the workspace currency), labels in German and English. Answers are computed by "
        "`bindung refresh` (the server runs it in the background) and only read here.",
        lifespan=lifespan,
    )
    security = Security(token=token)
    security.install(app)
    templates = Jinja2Templates(directory=str(TEMPLATES))
    cache = PageCache()
    store = AnswerStore(folder)
    app.state.folder = folder
    app.state.max_upload_bytes = max_upload_mb * 1024 * 1024
    app.state.cache = cache
    app.state.security = security
    app.state.templates = templates
    app.state.refresher = refresher

    from bindung.config import CONFIG_FILE

    responses: dict[tuple[Any, ...], tuple[bytes, str]] = {}
    responses_lock = threading.Lock()
    settings_file = folder / CONFIG_FILE

    def stamp() -> tuple[Any, ...]:
        """Changes when a refresh stored answers or the settings changed."""
        try:
            st = settings_file.stat()
            own: Any = (st.st_mtime_ns, st.st_size)
        except FileNotFoundError:
            own = None
        return (store.stamp(), own)

    def cached_response(key: tuple[Any, ...], make: Any) -> Response:
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
        ws = open_workspace(folder, read_only=True, wait=busy_wait())
        if lang is not None:
            ws.settings = replace(ws.settings, locale="de_DE" if lang == "de" else "en_GB")
        return ws

    def reader(lang: str) -> pages_mod.Reader:
        def read(key: str, params: dict[str, Any]) -> Any:
            return answers.section(folder, key, params, lang=lang)

        return read

    def page_of(key: str, period: str, lang: str | None, segment: str | None) -> pages_mod.Page:
        chosen = chosen_lang(lang)
        try:
            return cache.get(
                (key, period, chosen, segment, stamp()),
                lambda: pages_mod.build_page(
                    reader(chosen), key, period=period, segment=segment, lang=chosen
                ),
            )
        except BindungError as exc:
            # no answer yet (the first refresh runs), or the data do not allow the page
            raise HTTPException(status_code=409, detail=str(exc)) from None

    def message_page(key: str, detail: str, lang: str) -> pages_mod.Page:
        running = refresher is not None and refresher.running
        notes = [Finding(detail, detail, "info")]
        if running:
            notes.append(
                Finding(
                    "Die Antworten werden gerade berechnet; diese Seite zeigt sie, sobald sie "
                    "fertig sind (neu laden).",
                    "The answers are being computed; this page shows them once they are done "
                    "(reload).",
                )
            )
        de, en = pages_mod.PAGES[key]
        return pages_mod.Page(key, [Section(key, de, en, [], notes, {})])

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

    @app.get("/api/answers", tags=["answers"], response_model=list[schemas.AnswerInfo])
    def api_answers() -> list[schemas.AnswerInfo]:
        """Every stored answer: key, variant, when and on which data version it was computed."""
        return [schemas.AnswerInfo.from_entry(e) for e in store.entries()]

    @app.get(
        "/api/answers/{key}",
        tags=["answers"],
        response_model=schemas.AnswerOut,
        responses={404: {"model": schemas.ErrorOut, "description": "no such stored answer"}},
    )
    def api_answer(
        key: Annotated[str, PathParam(max_length=40, pattern=r"^[a-z_]+$")],
        period: Annotated[Period | None, Query()] = None,
        by: Annotated[str | None, Query(max_length=20, pattern=r"^[a-z_]+$")] = None,
        segment: Annotated[str | None, Query(max_length=40, pattern=r"^[a-z_]+$")] = None,
        name: Annotated[str | None, Query(max_length=200)] = None,
        lang: Annotated[Lang | None, Query()] = None,
    ) -> Response:
        """One stored answer as the same document ``bindung KEY --format json`` prints."""
        try:
            the_spec = answers.spec(key)
        except KeyError:
            raise HTTPException(status_code=404, detail=f"no answer {key!r}") from None
        params: dict[str, Any] = {
            k: v for k, v in (("period", period), ("name", name)) if v is not None
        }
        if key == "kpis":
            params = {"period": period or "month", "by": by}
        elif key == "value":
            params = {"segment": segment}
        elif key in ("tiles", "retention", "social", "satisfaction") or (key == "complaints"):
            params.setdefault("period", "month")

        def make() -> tuple[bytes, str]:
            found = answers.read(folder, key, params, lang=chosen_lang(lang))
            if found is None:
                raise HTTPException(
                    status_code=404,
                    detail=f"answer {the_spec.key!r} with {params} is not stored; "
                    "`bindung refresh` computes it",
                )
            return json.dumps(found.document(), ensure_ascii=False).encode(), "application/json"

        return cached_response(("answer", key, tuple(sorted(params.items())), lang), make)

    @app.get("/api/status", tags=["answers"], response_model=schemas.StatusOut)
    def api_status() -> schemas.StatusOut:
        """When the answers were last refreshed, on which data version, and whether a refresh
        is running now."""
        state = store.state()
        return schemas.StatusOut(
            refreshed_at=state.get("refreshed_at"),
            data_version=state.get("data_version"),
            refreshing=bool(refresher is not None and refresher.running),
            answers=int(state.get("answers", 0)),
        )

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
            "answers_state": store.state(),
            "refreshing": bool(refresher is not None and refresher.running),
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
            chosen, currency = chosen_lang(lang), settings().currency
            try:
                result = page_of(page, period, lang, segment or None)
            except HTTPException as exc:  # no answer yet, or the data do not allow the page
                result = message_page(page, str(exc.detail), chosen)
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
