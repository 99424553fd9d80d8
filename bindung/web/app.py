"""The dashboard: server-rendered pages and their JSON twins, both views of
:mod:`bindung.report.pages` (no number is computed here).

>>> app = create_app(Path("shop"))                                       # doctest: +SKIP
>>> uvicorn.run(app, host="127.0.0.1", port=8000)                       # doctest: +SKIP

* Pages: ``/overview``, ``/retention``, ``/value``, ``/social``, ``/roi``, ``/imports``; JSON:
  ``/api/pages/{page}`` (schema: :mod:`bindung.web.schemas`, OpenAPI at ``/docs``, served
  offline: :mod:`bindung.web.offline_docs`), one customer's orders at
  ``/api/customers/{id}/orders``.  Query parameters ``period`` (week|month|quarter|year),
  ``lang`` (de|en), ``segment`` (value page); segments and periods also by the labels the
  pages show (:mod:`bindung.web.catalogue`).
* ``/api`` lists every registered answer and page endpoint (:func:`bindung.web.catalogue.index`).
* An empty workspace (no orders, no subscriptions) opens ``/welcome``; every other page then
  shows a pointer to it (:mod:`bindung.web.welcome`).
* ``/api/answers/{key}`` serves a page of a stored answer: ``?limit=`` rows per table (1000
  by default, at most 10000) from ``?offset=``; every table says ``rows_total``, ``offset``,
  ``limit`` and ``next`` (the address of the next page, or null).  ``?limit=all`` serves the
  whole stored document, the same document ``bindung KEY --format json`` prints.
  ``/answers/{key}/{table}.csv`` is one table as CSV in the reader's language (the link under
  a table a page shows only the first rows of).
* Pages are built from stored answers once per (page, period, language, segment, answers'
  stamp); the finished responses (JSON and HTML bytes) are cached by the same key plus
  ``bindung.toml``'s modification stamp, and built once even when many requests ask at the same
  time (:class:`ResponseCache`).  A refresh that stores an answer changes the stamp, so the next
  request shows it.  A cache hit is served on the event loop, without a thread or a file read
  besides the stamp.
* HTML pages are cached with a placeholder where the upload form's CSRF token goes; each
  response gets the visitor's token (and the cookie when the visitor has none) by a byte
  replacement (:data:`CSRF_SLOT`).
* plotly.js is served from the installed plotly package (``/static/plotly.min.js``): the
  dashboard works offline.  The pages hold no inline script: each chart is a JSON data block
  that ``/static/bindung.js`` draws.
* Security: see :mod:`bindung.web.security` (access token off loopback, allowed hosts and
  origins, CSRF on forms, headers on every response, 503 while the store is busy).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from pydantic import Field

from bindung import answers, config, segment_rules
from bindung.answers.store import AnswerStore
from bindung.config import Settings
from bindung.errors import BindungError, BusyError
from bindung.i18n import both, t, tr
from bindung.report import pages as pages_mod
from bindung.report import tables as views
from bindung.report.charts import plotly_js
from bindung.report.tables import Finding, Section
from bindung.store import connection
from bindung.store.connection import busy_wait
from bindung.web import schemas
from bindung.web.catalogue import (
    PERIOD_HELP,
    PERIOD_NAMES,
    SEGMENT_HELP,
    PeriodName,
    SegmentName,
    period_key,
    segment_key,
)
from bindung.web.invalid import HINT, describe
from bindung.web.invalid import TITLE as INVALID_TITLE
from bindung.web.offline_docs import install_offline_docs
from bindung.web.pages import WelcomePage, page_context
from bindung.web.security import Hosts, Security
from bindung.web.segments import NAME_PATTERN as SAVED_NAME
from bindung.web.segments import Panel as SavedPanel
from bindung.web.segments import install_segments
from bindung.web.segments import panel as saved_panel
from bindung.web.welcome import Emptiness, welcome_context
from bindung.workspace import Workspace, open_workspace

PageKey = Literal[
    "overview",
    "retention",
    "value",
    "social",
    "complaints",
    "loyalty",
    "experiments",
    "roi",
    "goals",
    "imports",
]
Lang = Literal["de", "en"]
TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
#: Free text in an address holds no NUL character (the guard answers 400 to ``%00``:
#: bindung.web.security); said in the OpenAPI schema, so that clients know it.
NO_NUL = r"^[^\x00]*$"
#: Rows per table of an answer page: default and largest ``?limit=``.
DEFAULT_LIMIT, MAX_LIMIT = 1000, 10_000
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)] | Literal["all"]
#: Where a cached page has the visitor's CSRF token and the result of an upload.
CSRF_SLOT = "bindung-csrf-slot-7c1e5a"
IMPORT_RESULT_SLOT = "<!--bindung:import-result-->"


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

    def clear(self) -> None:
        with self._guard:
            self._pages.clear()


@dataclass(frozen=True)
class Body:
    """A finished response body; ``personal`` when it holds :data:`CSRF_SLOT`."""

    content: bytes
    media_type: str
    lang: str = ""
    personal: bool = False


class ResponseCache:
    """Finished response bodies by key, least recently used dropped first (at most ``entries``
    and ``max_bytes``).  :meth:`build` builds a body once when many requests ask for it at the
    same time: the others wait for it instead of building it again."""

    def __init__(self, entries: int = 512, max_bytes: int = 256 * 2**20) -> None:
        self.entries = entries
        self.max_bytes = max_bytes
        self._bodies: OrderedDict[tuple[Any, ...], Body] = OrderedDict()
        self._bytes = 0
        self._guard = threading.Lock()
        self._building: dict[tuple[Any, ...], threading.Lock] = {}

    def get(self, key: tuple[Any, ...]) -> Body | None:
        with self._guard:
            hit = self._bodies.get(key)
            if hit is not None:
                self._bodies.move_to_end(key)
            return hit

    def clear(self) -> None:
        with self._guard:
            self._bodies.clear()
            self._bytes = 0

    def build(self, key: tuple[Any, ...], make: Callable[[], Body]) -> Body:
        with self._guard:
            lock = self._building.setdefault(key, threading.Lock())
        try:
            with lock:
                hit = self.get(key)
                if hit is not None:
                    return hit
                body = make()
                self._put(key, body)
                return body
        finally:
            with self._guard:
                if self._building.get(key) is lock:
                    del self._building[key]

    def _put(self, key: tuple[Any, ...], body: Body) -> None:
        size = len(body.content)
        if size > self.max_bytes:
            return
        with self._guard:
            old = self._bodies.pop(key, None)
            if old is not None:
                self._bytes -= len(old.content)
            while self._bodies and (
                len(self._bodies) >= self.entries or self._bytes + size > self.max_bytes
            ):
                _, dropped = self._bodies.popitem(last=False)
                self._bytes -= len(dropped.content)
            self._bodies[key] = body
            self._bytes += size


def answer_params(
    key: str, period: str | None, by: str | None, segment: str | None, name: str | None
) -> dict[str, Any]:
    """The stored variant a request of ``/api/answers/{key}`` names (without the language)."""
    given = (("period", period), ("name", name))
    params: dict[str, Any] = {k: v for k, v in given if v is not None}
    if key == "kpis":
        params = {"period": period or "month", "by": by}
    elif key == "value":
        params = {"segment": segment}
    elif key in ("tiles", "retention", "social", "satisfaction", "complaints"):
        params.setdefault("period", "month")
    return params


def import_result(request: Request, lang: str) -> str:
    """The line saying what an upload stored (the Imports page after an upload), escaped."""
    query = request.query_params
    if query.get("stored") is None:
        return ""
    parts = (
        (tr(lang, "Stored"), query.get("stored")),
        (tr(lang, "rejected"), query.get("rejected")),
        # not orders (cancelled, ...): kept with their reason, no error (docs/imports.md)
        (t("excluded_mark", lang), query.get("excluded")),
        (tr(lang, "duplicates"), query.get("duplicates")),
    )
    text = " · ".join(
        f"{escape(label)}: {escape(value)}" for label, value in parts if value is not None
    )
    return f'<p class="block" id="import-result">{text}</p>'


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def create_app(
    folder: Path,
    *,
    token: str | None = None,
    max_upload_mb: int = 50,
    refresh_every: float | None = None,
    host: str = "127.0.0.1",
    port: int | None = None,
    allow_hosts: tuple[str, ...] = (),
) -> FastAPI:
    """The dashboard app for the workspace in ``folder``.  With ``refresh_every`` (seconds)
    the app refreshes its answers in the background whenever the store or the settings
    changed (:class:`bindung.web.refresher.Refresher`) and sends the digests on their schedule
    (:class:`bindung.digest.schedule.Scheduler`).  ``host`` and ``port``: where the server
    listens, the names requests must carry with ``allow_hosts`` (a reverse proxy's name;
    :class:`bindung.web.security.Hosts`; ``port`` None: any port)."""
    from contextlib import asynccontextmanager

    from bindung.digest import schedule
    from bindung.digest.schedule import Scheduler
    from bindung.web.refresher import Refresher

    folder = Path(folder)
    settings_now = config.load(folder)  # fail early on a wrong folder
    if connection.is_duckdb(settings_now.store):
        store_file = connection.store_path(settings_now.store, folder)
        if not store_file.exists():
            raise BindungError(f"{store_file}: the store does not exist; run `bindung init`")
    refresher = Refresher(folder, every=refresh_every) if refresh_every else None
    # the digests' schedule ([digest] send_month / send_week; bindung.digest.schedule)
    scheduler = Scheduler(folder) if refresh_every and schedule.jobs(folder) else None

    @asynccontextmanager
    async def lifespan(started: FastAPI) -> Any:
        if refresher is not None:
            refresher.start()
        if scheduler is not None:
            scheduler.start()
        yield
        if refresher is not None:
            refresher.stop()
        if scheduler is not None:
            scheduler.stop()
        started.state.previews.close()  # the uploads kept for a preview (bindung.web.uploads)

    app = FastAPI(
        title="Bindung",
        version="1",
        description="Customer retention and what it is worth: the dashboard's JSON API. Every "
        "page of the dashboard has a JSON twin here, and every answer is served as the "
        "document `bindung ... --format json` prints, in pages of at most 10000 rows per "
        "table (`?limit=`, `?offset=`; `?limit=all` for the whole document); numbers are raw "
        "(percent 0–100, money in the workspace currency), labels in German and English. "
        "Answers are computed by `bindung refresh` (the server runs it in the background) "
        "and only read here.",
        lifespan=lifespan,
        # what the guard (bindung.web.security) may answer on any route
        responses={
            400: {
                "model": schemas.ErrorOut,
                "description": "a host name the server does not answer to, or %00 in the address",
            },
            503: {
                "model": schemas.ErrorOut,
                "description": "the store is busy (an import writes): try again after Retry-After",
            },
        },
        # Swagger UI and ReDoc from the installed fastapi-offline package, not a CDN
        # (bindung.web.offline_docs)
        docs_url=None,
        redoc_url=None,
    )
    security = Security(
        token=token,
        hosts=Hosts(host, port, tuple(allow_hosts)),
        max_body=max_upload_mb * 1024 * 1024,
    )
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
    empty = Emptiness(folder)
    app.state.empty = empty

    from bindung.config import CONFIG_FILE

    responses = ResponseCache()
    app.state.responses = responses
    settings_file = folder / CONFIG_FILE
    segments_file = folder / segment_rules.FILE
    page_template = templates.env.get_template("page.html")

    def stamp() -> tuple[Any, ...]:
        """Changes when a refresh stored answers, or the settings or saved segments changed."""
        own: list[Any] = []
        for path in (settings_file, segments_file):
            try:
                st = path.stat()
                own.append((st.st_mtime_ns, st.st_size))
            except FileNotFoundError:
                own.append(None)
        return (store.stamp(), *own)

    seen: list[tuple[Any, ...]] = [stamp()]

    async def cached(key: tuple[Any, ...], make: Callable[[], Body]) -> Body:
        """The body of ``key`` for the answers stored now: from the cache, or built in a worker
        thread (once, however many requests wait for it).  New answers or settings drop what
        was cached for the old ones."""
        now = stamp()
        if now != seen[0]:
            seen[0] = now
            responses.clear()
            cache.clear()
        full = (*key, now)
        hit = responses.get(full)
        if hit is None:
            hit = await run_in_threadpool(responses.build, full, make)
        return hit

    def refreshing() -> bool:
        return bool(refresher is not None and refresher.running)

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
                    reader(chosen),
                    key,
                    period=period,
                    segment=segment,
                    lang=chosen,
                    experiments=list(
                        dict.fromkeys(
                            str(p["name"])
                            for p in store.stored_params("experiment")
                            if p.get("name")
                        )
                    ),
                ),
            )
        except BusyError:
            raise  # 503 (bindung.web.security.Guard)
        except BindungError as exc:
            # no answer yet (the first refresh runs), or the data do not allow the page
            raise HTTPException(status_code=409, detail=str(exc)) from None

    def message_page(key: str, detail: str, lang: str) -> pages_mod.Page:
        notes = [Finding(detail, detail, "info")]
        if refreshing():
            notes.append(
                Finding(
                    *both(
                        "The answers are being computed; this page shows them once they are "
                        "done (reload)."
                    )
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
    async def api_page(
        page: PageKey,
        period_given: Annotated[
            PeriodName, Query(alias="period", description=PERIOD_HELP)
        ] = "month",
        lang: Annotated[Lang | None, Query(description="Language of labels.")] = None,
        segment_given: Annotated[
            SegmentName | None,
            Query(alias="segment", description="Value page: " + SEGMENT_HELP),
        ] = None,
    ) -> Response:
        """One dashboard page: its sections (findings and tables) and charts."""
        period = period_key(period_given) or "month"
        segment = segment_key(segment_given)

        def make() -> Body:
            result = page_of(page, period, lang, segment)
            body = schemas.page_out(result, chosen_lang(lang)).model_dump_json()
            return Body(body.encode(), "application/json")

        body = await cached(("api", page, period, lang, segment), make)
        return Response(body.content, media_type=body.media_type)

    @app.get("/api", tags=["answers"], response_model=schemas.ApiIndexOut)
    async def api_index(
        lang: Annotated[Lang | None, Query(description="Language of the titles.")] = None,
    ) -> Response:
        """What the API offers: every registered answer (key, titles, parameters, stored
        variants and where to read them) and every page as JSON."""
        from bindung.web.catalogue import index

        def make() -> Body:
            body = json.dumps(index(chosen_lang(lang), store), ensure_ascii=False)
            return Body(body.encode(), "application/json")

        body = await cached(("index", lang), make)
        return Response(body.content, media_type=body.media_type)

    @app.get("/api/answers", tags=["answers"], response_model=list[schemas.AnswerInfo])
    async def api_answers() -> Response:
        """Every stored answer: key, variant, when and on which data version it was computed."""

        def make() -> Body:
            infos = [schemas.AnswerInfo.from_entry(e).model_dump() for e in store.entries()]
            return Body(json.dumps(infos, ensure_ascii=False).encode(), "application/json")

        body = await cached(("answers",), make)
        return Response(body.content, media_type=body.media_type)

    @app.get(
        "/api/answers/{key}",
        tags=["answers"],
        response_model=schemas.AnswerOut,
        responses={404: {"model": schemas.ErrorOut, "description": "no such stored answer"}},
    )
    async def api_answer(
        key: Annotated[str, PathParam(max_length=40, pattern=r"^[a-z_]+$")],
        period_given: Annotated[
            PeriodName | None, Query(alias="period", description=PERIOD_HELP)
        ] = None,
        by: Annotated[str | None, Query(max_length=20, pattern=r"^[a-z_]+$")] = None,
        segment_given: Annotated[
            SegmentName | None, Query(alias="segment", description=SEGMENT_HELP)
        ] = None,
        name: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
        lang: Annotated[Lang | None, Query()] = None,
        limit: Annotated[
            Limit,
            Query(
                description=f"Rows per table (1 to {MAX_LIMIT}), or `all`: the whole stored "
                "document, as `bindung KEY --format json` prints it."
            ),
        ] = DEFAULT_LIMIT,
        offset: Annotated[
            int, Query(ge=0, le=10**12, description="First row of each table (from 0).")
        ] = 0,
    ) -> Response:
        """One stored answer as the document ``bindung KEY --format json`` prints, a page of
        it: every table's rows ``offset`` .. ``offset + limit`` with ``rows_total``, ``offset``,
        ``limit`` and ``next`` (the address of the next page of that table, or null).
        ``limit=all`` gives the whole document (without these four fields)."""
        period, segment = period_key(period_given), segment_key(segment_given)
        params = answer_params(key, period, by, segment, name)
        given = {"period": period, "by": by, "segment": segment, "name": name, "lang": lang}

        def next_page(at: int) -> str:
            query = {k: v for k, v in given.items() if v is not None}
            return f"/api/answers/{key}?" + urlencode({**query, "limit": limit, "offset": at})

        def make() -> Body:
            try:
                the_spec = answers.spec(key)
            except KeyError:
                raise HTTPException(status_code=404, detail=f"no answer {key!r}") from None
            variant = answers.variant(key, params, chosen_lang(lang))
            doc: dict[str, Any] | None
            if limit == "all":
                found = store.read(key, variant)
                doc = None if found is None else found.document()
            else:
                doc = store.read_page(key, variant, offset=offset, limit=limit)
                for table in (doc or {}).get("tables", {}).values():
                    more = offset + limit < table["rows_total"]
                    table["next"] = next_page(offset + limit) if more else None
            if doc is None:
                raise HTTPException(
                    status_code=404,
                    detail=f"answer {the_spec.key!r} with {params} is not stored; "
                    "`bindung refresh` computes it",
                )
            return Body(json.dumps(doc, ensure_ascii=False).encode(), "application/json")

        body = await cached(("answer", key, *given.values(), limit, offset), make)
        return Response(body.content, media_type=body.media_type)

    def stored_table(
        key: str, table: str, params: dict[str, Any], chosen: str
    ) -> tuple[Section, str]:
        """The stored answer ``key`` reduced to its table ``table`` (404 when either is
        missing), for the downloads."""
        try:
            answers.spec(key)
        except KeyError:
            raise HTTPException(status_code=404, detail=f"no answer {key!r}") from None
        found = answers.read(folder, key, params, lang=chosen)
        if found is None or found.section is None:
            raise HTTPException(status_code=404, detail=f"answer {key!r} is not stored")
        try:
            picked = found.section.table(table)
        except KeyError:
            raise HTTPException(status_code=404, detail=f"no table {table!r}") from None
        section = replace(found.section, tables=[picked])
        return section, picked.key

    @app.get("/answers/{key}/{table}.{ext}", include_in_schema=False)
    async def answer_file(
        key: Annotated[str, PathParam(max_length=40, pattern=r"^[a-z_]+$")],
        table: Annotated[str, PathParam(max_length=60, pattern=r"^[a-z0-9_]+$")],
        ext: Literal["csv", "xlsx"],
        period_given: Annotated[PeriodName | None, Query(alias="period")] = None,
        by: Annotated[str | None, Query(max_length=20, pattern=r"^[a-z_]+$")] = None,
        segment_given: Annotated[SegmentName | None, Query(alias="segment")] = None,
        name: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
        lang: Lang | None = None,
    ) -> Response:
        """One table of a stored answer as a file in the reader's language, as
        ``bindung KEY --table TABLE --out FILE`` writes it: CSV (German: ``;`` and a decimal
        comma, a byte order mark for Excel, times in the workspace time zone) or an Excel
        workbook (the table and the answer's findings, formats by unit)."""
        import tempfile

        period, segment = period_key(period_given), segment_key(segment_given)
        params = answer_params(key, period, by, segment, name)

        def make() -> Body:
            chosen = chosen_lang(lang)
            section, _ = stored_table(key, table, params, chosen)
            current = settings()
            if ext == "csv":
                text = views.to_csv(section, chosen, tz=current.timezone, bom=True)
                return Body(text.encode(), "text/csv; charset=utf-8")
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "table.xlsx"
                views.to_xlsx(section, chosen, path, currency=current.currency, tz=current.timezone)
                return Body(path.read_bytes(), XLSX_TYPE)

        body = await cached((ext, key, table, period, by, segment, name, lang), make)
        return Response(
            body.content,
            media_type=body.media_type,
            headers={"Content-Disposition": f'attachment; filename="{key}-{table}.{ext}"'},
        )

    @app.get("/api/status", tags=["answers"], response_model=schemas.StatusOut)
    def api_status() -> schemas.StatusOut:
        """When the answers were last refreshed, on which data version, and whether a refresh
        is running now."""
        state = store.state()
        return schemas.StatusOut(
            refreshed_at=state.get("refreshed_at"),
            data_version=state.get("data_version"),
            refreshing=refreshing(),
            answers=int(state.get("answers", 0)),
        )

    @app.get(
        "/api/customers/{customer_id:path}/orders",
        response_model=schemas.SectionOut,
        tags=["pages"],
        responses={404: {"model": schemas.ErrorOut, "description": "no orders for this id"}},
    )
    def api_customer(
        customer_id: Annotated[str, PathParam(max_length=200, pattern=NO_NUL)],
        lang: Annotated[Lang | None, Query()] = None,
    ) -> schemas.SectionOut:
        """The orders of one customer (the drill-down of the at-risk list)."""
        ws = workspace(lang)
        try:
            section = pages_mod.customer_orders(ws, customer_id)
        except BusyError:
            raise  # 503 (bindung.web.security.Guard)
        except BindungError as exc:
            raise HTTPException(status_code=404, detail=str(exc)) from None
        finally:
            ws.close()
        return schemas.section_out(section)

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_file() -> FileResponse:
        return FileResponse(plotly_js(), media_type="application/javascript")

    @app.get("/static/bindung.js", include_in_schema=False)
    def script_file() -> FileResponse:
        """The pages' own script: draws the charts from their JSON blocks (no inline script,
        so the Content-Security-Policy allows only the app's own files)."""
        return FileResponse(STATIC / "bindung.js", media_type="application/javascript")

    favicon_svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">'
        '<circle cx="8" cy="8" r="7" fill="#1f6f8b"/></svg>'
    )

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        return Response(favicon_svg, media_type="image/svg+xml")

    install_offline_docs(app)

    async def is_empty() -> bool:
        """The workspace holds no orders and no subscriptions yet (the first run)."""
        known = empty.cached()
        return known if known is not None else await run_in_threadpool(empty)

    @app.get("/", include_in_schema=False)
    async def root(lang: Lang | None = None) -> RedirectResponse:
        target = "/welcome" if await is_empty() else "/overview"
        return RedirectResponse(target + (f"?lang={lang}" if lang else ""), status_code=302)

    def render(
        page: pages_mod.Page,
        lang: str,
        currency: str,
        period: str,
        segment: str | None,
        csrf: str,
        result: str,
        *,
        first_run: bool = False,
        problem: str | None = None,
        saved: SavedPanel | None = None,
    ) -> str:
        """The HTML of ``page``; ``csrf`` and ``result`` go where the upload form's token and
        the upload's result line belong.  ``first_run``: the workspace is empty (the page
        points to the welcome page); ``problem``: why an upload failed; ``saved``: the saved
        segments (the Value page)."""
        context = page_context(page, lang, currency, period, segment, csrf=csrf)
        context |= {
            "import_result": Markup(result),
            "tile_unit": tile_unit,
            "answers_state": store.state(),
            "refreshing": refreshing(),
            "first_run": first_run,
            "problem": problem,
            "saved": saved,
        }
        if page.key == "welcome":
            context |= welcome_context(lang)
        return page_template.render(context)

    app.state.render = render

    def personal(request: Request, body: Body, status_code: int = 200) -> Response:
        """The response of a cached page for this visitor: their CSRF token in the forms (and
        the cookie when they have none yet), the result of their upload."""
        content = body.content
        if body.personal:
            token = security.csrf_token(request)
            content = content.replace(CSRF_SLOT.encode(), str(escape(token)).encode())
            content = content.replace(
                IMPORT_RESULT_SLOT.encode(), import_result(request, body.lang).encode()
            )
        response = Response(content, media_type=body.media_type, status_code=status_code)
        security.set_csrf_cookie(request, response)
        return response

    app.state.personal = personal

    # ``:path``: a customer id may hold "/" (the at-risk table links it as it is)
    @app.get("/customers/{customer_id:path}", include_in_schema=False, response_class=HTMLResponse)
    async def customer_page(
        request: Request, customer_id: str, lang: Lang | None = None
    ) -> Response:
        if await is_empty():
            return await pointer_page(request, "value", lang)

        def make() -> tuple[str, int]:
            ws = workspace(lang)
            try:
                section = pages_mod.customer_orders(ws, customer_id)
                status = 200
            except BusyError:
                raise  # 503 (bindung.web.security.Guard)
            except BindungError as exc:  # no such customer: the page says so
                section = Section("orders", "Bestellungen", "Orders", [], [], {})
                section.findings.append(Finding(str(exc), str(exc), "warning"))
                status = 404
            finally:
                chosen, currency = ws.settings.lang, ws.settings.currency
                ws.close()
            page = pages_mod.Page("value", [section])
            token = security.csrf_token(request)
            return render(page, chosen, currency, "month", None, token, ""), status

        html, status = await run_in_threadpool(make)
        response = HTMLResponse(html, status_code=status)
        security.set_csrf_cookie(request, response)
        return response

    async def pointer_page(request: Request, key: str, lang: str | None) -> Response:
        """Page ``key`` of an empty workspace: the navigation and a pointer to the welcome
        page (the Imports page keeps its upload form)."""

        def make() -> Body:
            chosen, currency = chosen_lang(lang), settings().currency
            page = pages_mod.Page(key, [])
            html = render(page, chosen, currency, "month", None, CSRF_SLOT, "", first_run=True)
            return Body(html.encode(), "text/html; charset=utf-8", chosen, CSRF_SLOT in html)

        body = await cached(("pointer", key, lang), make)
        return personal(request, body)

    @app.get("/welcome", include_in_schema=False, response_class=HTMLResponse)
    async def welcome(request: Request, lang: Lang | None = None) -> Response:
        """The first run: what Bindung needs, the upload form with the presets, the demo."""
        first_run = await is_empty()

        def make() -> Body:
            chosen, currency = chosen_lang(lang), settings().currency
            page = WelcomePage("welcome", [])
            html = render(page, chosen, currency, "month", None, CSRF_SLOT, "", first_run=first_run)
            return Body(html.encode(), "text/html; charset=utf-8", chosen, CSRF_SLOT in html)

        body = await cached(("welcome", lang, first_run), make)
        return personal(request, body)

    @app.get("/{page}", include_in_schema=False, response_class=HTMLResponse)
    async def html_page(
        request: Request,
        page: PageKey,
        period_given: Annotated[PeriodName, Query(alias="period")] = "month",
        lang: Lang | None = None,
        segment_given: Annotated[SegmentName | Literal[""] | None, Query(alias="segment")] = None,
        saved_name: Annotated[
            str | None, Query(alias="saved", max_length=60, pattern=SAVED_NAME)
        ] = None,
    ) -> Response:
        """A dashboard page, rendered once per stored answers (the visitor's CSRF token and
        upload result are put in per request); of an empty workspace a pointer to the welcome
        page."""
        period, segment = period_key(period_given) or "month", segment_key(segment_given)
        first_run = await is_empty()
        if first_run and page != "imports":
            return await pointer_page(request, page, lang)
        running = refreshing()

        def make() -> Body:
            chosen, currency = chosen_lang(lang), settings().currency
            try:
                result = page_of(page, period, lang, segment)
            except HTTPException as exc:  # no answer yet, or the data do not allow the page
                # (the first run's Imports page: the pointer and the form say enough)
                result = (
                    pages_mod.Page(page, [])
                    if first_run
                    else message_page(page, str(exc.detail), chosen)
                )
            saved = (
                saved_panel(folder, chosen, saved_name, attributes)
                if page == "value" and not first_run
                else None
            )
            html = render(
                result,
                chosen,
                currency,
                period,
                segment,
                CSRF_SLOT,
                IMPORT_RESULT_SLOT,
                first_run=first_run,
                saved=saved,
            )
            return Body(html.encode(), "text/html; charset=utf-8", chosen, CSRF_SLOT in html)

        key = ("html", page, period, lang, segment, saved_name, running, first_run)
        body = await cached(key, make)
        return personal(request, body)

    attributes = segment_rules.stored_attributes(folder)

    def value_page_html(request: Request, lang: str, saved: SavedPanel) -> str:
        """The Value page with ``saved`` (a refused form of the saved segments)."""
        try:
            result = page_of("value", "month", lang, None)
        except HTTPException as exc:
            result = message_page("value", str(exc.detail), lang)
        token = security.csrf_token(request)
        return render(result, lang, settings().currency, "month", None, token, "", saved=saved)

    app.state.value_page_html = value_page_html

    #: Routes a browser opens as pages (a wrong value there answers with a page, not JSON).
    page_routes = {"root", "welcome", "customer_page", "html_page"}

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        """A page route asked for by a browser with a value it does not take: the page frame
        (navigation, the language of ``?lang`` or the workspace) with a line per wrong value
        naming it and what is accepted (:mod:`bindung.web.invalid`), status 422.  The JSON
        API and other clients keep FastAPI's JSON."""
        route = getattr(request.scope.get("route"), "name", "")
        path = request.url.path
        browser = "text/html" in request.headers.get("accept", "")
        form = path.startswith("/imports/")  # the upload forms
        if not browser or path.startswith("/api") or (route not in page_routes and not form):
            return await request_validation_exception_handler(request, exc)
        given = request.query_params.get("lang")
        chosen = given if given in ("de", "en") else settings().lang
        # the page the frame shows: the one asked for, else the one of the route
        asked = str(request.path_params.get("page", ""))
        key = asked if asked in pages_mod.PAGES else "overview"
        if route in ("customer_page", "welcome") or form:
            key = {"customer_page": "value", "welcome": "welcome"}.get(route, "imports")
        period = PERIOD_NAMES.get(request.query_params.get("period", ""), "month")
        lines = describe(exc.errors(), chosen)
        first_run = await is_empty()

        def make() -> str:
            notes = [Finding(line, line, "alarm") for line in lines]
            notes.append(Finding(*HINT))
            section = Section("invalid", *INVALID_TITLE, [], notes, {})
            page = (
                WelcomePage("welcome", [section])
                if key == "welcome"
                else pages_mod.Page(key, [section])
            )
            token = security.csrf_token(request)
            return render(
                page, chosen, settings().currency, period, None, token, "", first_run=first_run
            )

        html = await run_in_threadpool(make)
        response = HTMLResponse(html, status_code=422)
        security.set_csrf_cookie(request, response)
        return response

    from bindung.web.uploads import install_uploads

    install_uploads(app)
    install_segments(app)
    return app
