"""Saved segments on the Value page: the same rules as ``bindung segment save`` and
``bindung customers --saved`` (:mod:`bindung.segment_rules`, kept in ``segments.toml``),
applied to the stored customers answer.

* The page lists every saved segment with its rule, how many customers it holds now, their
  CLV and their revenue at risk; ``/value?saved=NAME`` shows the segment's customers (the
  highest CLV first) with CSV and Excel downloads.
* ``POST /segments/save`` (name, rule) checks the rule (:func:`bindung.segment_rules.check`)
  and, when the customers answer is stored, applies it, so that a rule comparing a text with
  a number, or naming a value no customer has, is refused with the reason before it is
  saved; ``POST /segments/delete`` removes one.  Both are forms behind the CSRF check.
* ``GET /segments/{name}.csv`` and ``.xlsx``: the segment's customers, every column of the
  customers answer, headed by their labels in the page's language.

Nothing here computes a figure: the rows are the stored answer's rows a rule selects.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bindung import answers, config, segment_rules
from bindung.errors import BindungError
from bindung.i18n import N_, both, tr
from bindung.insights.segments import SEGMENTS
from bindung.report.tables import Column, Section, Table
from bindung.report.tables import to_csv as table_csv
from bindung.report.tables import to_xlsx as table_xlsx

#: A segment's name as ``segment_rules.save`` accepts it (used in paths and forms).
NAME_PATTERN = r"^[\w][\w\- ]{0,59}$"
#: The customers answer's RFM segment column, its keys shown by the segments' names.
SEGMENT_COLUMN = Column(
    "segment",
    *both("segment"),
    labels=tuple((s.key, s.label("de"), s.label("en")) for s in SEGMENTS),
)


@dataclass
class Saved:
    """One saved segment as the panel shows it (``problem``: why its rule does not apply to
    the customers now)."""

    name: str
    rule: str
    customers: int | None = None
    clv: float | None = None
    at_risk: float | None = None
    problem: str | None = None


@dataclass
class Panel:
    """What the Value page shows of the saved segments."""

    segments: list[Saved]
    fields: list[tuple[str, str]]
    chosen: Saved | None = None
    table: Table | None = None
    #: the form's problem and the values it was sent with (a refused save)
    problem: str | None = None
    form: dict[str, str] = field(default_factory=dict)


def customers_table(folder: Path, lang: str) -> Table | None:
    """The stored customers answer's table; None before the first refresh."""
    try:
        return answers.section(folder, "customers", lang=lang).table("customers")
    except BindungError:
        return None


def members(table: Table, rule: str, attributes: segment_rules.Attributes) -> Table:
    """The rows of the customers answer for which ``rule`` holds, the most valuable (CLV)
    first, as a table of the same columns."""
    frame = segment_rules.select(table.frame, [rule], attributes)
    frame = frame.sort_values("clv", ascending=False, kind="stable").reset_index(drop=True)
    named = {"segment": SEGMENT_COLUMN}  # the RFM segment by its name, not its key
    columns = [named.get(c.key, c) for c in table.columns]
    return Table(table.key, table.title_de, table.title_en, columns, frame, table.keys)


def panel(
    folder: Path,
    lang: str,
    chosen: str | None,
    attributes: segment_rules.Attributes,
    *,
    problem: str | None = None,
    form: dict[str, str] | None = None,
) -> Panel:
    """The saved segments of the workspace in ``folder`` with their customers now, and the
    members of ``chosen``."""
    try:
        found = segment_rules.saved(folder)
    except BindungError as exc:
        found, problem = {}, exc.said(lang)
    table = customers_table(folder, lang)
    out = Panel(
        [Saved(name, rule) for name, rule in found.items()],
        [(name, tr(lang, meaning)) for name, meaning in segment_rules.FIELDS.items()],
        problem=problem,
        form=form or {},
    )
    for saved in out.segments:
        if table is None:
            continue
        try:
            selected = members(table, saved.rule, attributes)
        except BindungError as exc:
            saved.problem = exc.said(lang)
            continue
        saved.customers = len(selected.frame)
        saved.clv = float(selected.frame["clv"].sum())
        saved.at_risk = float(selected.frame["revenue_at_risk"].sum())
        if saved.name == chosen:
            out.chosen, out.table = saved, selected
    return out


def _value_page(lang: str | None, name: str | None = None) -> str:
    query = [f"lang={lang}"] if lang in ("de", "en") else []
    if name:
        query.insert(0, f"saved={quote(name)}")
    return "/value" + ("?" + "&".join(query) if query else "") + "#saved-segments"


def install_segments(app: FastAPI) -> None:
    """The routes of the saved segments (forms and downloads)."""
    folder: Path = app.state.folder
    attributes = segment_rules.stored_attributes(folder)

    async def refused(
        request: Request, lang: str, problem: str, form: dict[str, str], status: int = 422
    ) -> Response:
        """The Value page with the saved segments' form, its values and the reason."""

        def make() -> str:
            shown = panel(folder, lang, None, attributes, problem=problem, form=form)
            return str(app.state.value_page_html(request, lang, shown))

        html = await run_in_threadpool(make)
        response = HTMLResponse(html, status_code=status)
        app.state.security.set_csrf_cookie(request, response)
        return response

    def csrf_ok(request: Request, csrf: str) -> bool:
        return bool(app.state.security.check_csrf(request, csrf))

    expired = N_("The form expired or was sent from elsewhere. Reload the page and try again.")

    @app.post("/segments/save", include_in_schema=False)
    async def save_segment(
        request: Request,
        csrf: Annotated[str, Form(max_length=100)],
        name: Annotated[str, Form(max_length=200)],
        rule: Annotated[str, Form(max_length=2000)],
        lang: Annotated[str | None, Form(max_length=2)] = None,
    ) -> Response:
        chosen = config.language(folder, lang)
        name, rule = name.strip(), rule.strip()
        form = {"name": name, "rule": rule}
        if not csrf_ok(request, csrf):
            return await refused(request, chosen, tr(chosen, expired), form, 403)

        def store() -> None:
            segment_rules.check(rule)
            table = customers_table(folder, chosen)
            if table is not None:  # a value no customer has, a text against a number
                members(table, rule, attributes)
            segment_rules.save(folder, name, rule)

        try:
            await run_in_threadpool(store)
        except BindungError as exc:
            return await refused(request, chosen, exc.said(chosen), form)
        return RedirectResponse(_value_page(lang, name), status_code=303)

    @app.post("/segments/delete", include_in_schema=False)
    async def delete_segment(
        request: Request,
        csrf: Annotated[str, Form(max_length=100)],
        name: Annotated[str, Form(max_length=200)],
        lang: Annotated[str | None, Form(max_length=2)] = None,
    ) -> Response:
        chosen = config.language(folder, lang)
        if not csrf_ok(request, csrf):
            return await refused(request, chosen, tr(chosen, expired), {}, 403)
        try:
            await run_in_threadpool(segment_rules.delete, folder, name)
        except BindungError as exc:
            return await refused(request, chosen, exc.said(chosen), {})
        return RedirectResponse(_value_page(lang), status_code=303)

    @app.get("/segments/{name}.{ext}", include_in_schema=False)
    async def segment_file(
        name: str, ext: Literal["csv", "xlsx"], lang: Literal["de", "en"] | None = None
    ) -> Response:
        """The customers of a saved segment as CSV or Excel."""
        chosen = config.language(folder, lang)

        def make() -> tuple[bytes, str]:
            found = segment_rules.saved(folder)
            if name not in found:
                raise HTTPException(404, tr(chosen, "no saved segment {name!r}", name=name))
            try:
                table = answers.section(folder, "customers", lang=chosen).table("customers")
                selected = members(table, found[name], attributes)
            except BindungError as exc:
                raise HTTPException(409, exc.said(chosen)) from None
            section = Section("customers", name, name, [selected])
            settings = config.load(folder)
            if ext == "csv":
                text = table_csv(section, chosen, tz=settings.timezone, bom=True)
                return text.encode("utf-8"), "text/csv; charset=utf-8"
            with tempfile.TemporaryDirectory() as tmp:
                path = table_xlsx(
                    section,
                    chosen,
                    Path(tmp) / "segment.xlsx",
                    currency=settings.currency,
                    tz=settings.timezone,
                )
                return path.read_bytes(), (
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                )

        content, media = await run_in_threadpool(make)
        filename = quote(f"{name}.{ext}")
        headers: dict[str, Any] = {
            "content-disposition": f"attachment; filename*=UTF-8''{filename}"
        }
        return Response(content, media_type=media, headers=headers)
