"""The ``bindung`` command: a thin view over the workspace API.

Exit codes: 0 success; 1 an import stored what it could but rejected rows (or ``--strict``
refused the file); 2 an error the user must fix (message on stderr).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from zoneinfo import ZoneInfo

import pandas as pd
import typer
from babel.numbers import format_decimal
from rich.console import Console
from rich.table import Table as RichTable

from bindung.errors import BindungError, ImportRefused
from bindung.i18n import N_, ptr, t, tr
from bindung.ingest import presets
from bindung.store import schema

if TYPE_CHECKING:  # imported where used: reading a stored answer needs no query engine
    from bindung.ingest.load import ImportResult
    from bindung.workspace import Workspace

app = typer.Typer(
    help="Bindung: Kundenbindung messen und in Euro bewerten / measure customer retention "
    "and what it is worth.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

TEXT: dict[str, str] = {
    "init": N_("Workspace ready: {folder} (store {store})"),
    "holds": N_("What the workspace holds"),
    "table": N_("table"),
    "rows": N_("rows"),
    "imports": N_("imports"),
    "rejects_none": N_("No rejected rows."),
    "line": N_("line"),
    "reasons": N_("reasons"),
    "raw": N_("raw row"),
    "file": N_("file"),
    "more_rejects": N_("… {n} more: bindung rejects --import {id}"),
    "created": N_("{n} new customers created from {kind}"),
    "mapping": N_("columns: {pairs}"),
    "forget_confirm": N_(
        "Delete customer {id} from every table, the stored answers and the files in the "
        "workspace folder that hold them (import sources there are kept)?"
    ),
    "forgot": N_("Customer {id}: {total} rows deleted"),
    "forgot_none": N_(
        "Customer {id}: not found in any table (no customer id or e-mail address "
        "{id}); nothing deleted"
    ),
    "forgot_ids": N_("  customers erased: {ids}"),
    "forgot_answers": N_("  stored answers deleted (computed again by the next refresh): {keys}"),
    "demo_done": N_("Demo workspace built in {folder}"),
    "whole_option": N_(
        "{option} {value!r} is not a whole number as {locale} writes it ('{group}' only "
        "between thousands, no decimals); expected e.g. {examples}"
    ),
}


_override: dict[str, str | None] = {"lang": None}


def _lang(ws_lang: str | None = None) -> str:
    """--lang, else $BINDUNG_LANG, else the workspace locale's language."""
    chosen = _override["lang"] or os.environ.get("BINDUNG_LANG")
    if chosen in ("de", "en"):
        return chosen
    return ws_lang or "de"


def _t(key: str, lang: str, **values: object) -> str:
    return tr(lang, TEXT[key]).format(**values)


def _n(value: int, lang: str) -> str:
    return str(format_decimal(value, locale="de_DE" if lang == "de" else "en_GB"))


def _fail(exc: BindungError, lang: str | None = None) -> typer.Exit:
    """Print ``exc`` (in ``lang`` when the command knows it) and exit with status 2."""
    err.print(exc.said(lang) if lang else str(exc), markup=False)
    return typer.Exit(2)


WorkspaceOpt = Annotated[
    Path,
    typer.Option(
        "--workspace", "-w", envvar="BINDUNG_WORKSPACE", help="Workspace folder (default: here)."
    ),
]
LangOpt = Annotated[
    str | None, typer.Option("--lang", help="de or en (default: the workspace locale).")
]


def _open(folder: Path, *, read_only: bool = False) -> Workspace:
    from bindung.store.connection import busy_wait
    from bindung.workspace import open_workspace

    try:
        ws = open_workspace(folder, read_only=read_only, wait=busy_wait())
    except BindungError as exc:
        raise _fail(exc) from None
    for notice in ws.notices:  # a torn import rolled back at opening
        err.print(notice, markup=False)
    return ws


def _number_locale(ws_locale: str | None, chosen: str) -> str:
    """The locale numbers typed on the command line are read in: the workspace's, unless
    --lang / $BINDUNG_LANG chose another language (then that language's: de_DE, en_GB)."""
    from bindung.formatting import locale_of

    if ws_locale and ("de" if ws_locale.lower().startswith("de") else "en") == chosen:
        return ws_locale
    return locale_of(chosen)


def _number(option: str, value: str | None, locale: str, lang: str) -> float | None:
    """``value`` of ``option`` read as ``locale`` writes numbers (Babel, strict): in a
    German workspace ``--clv 2.500`` is 2500 and ``--clv 2500,50`` 2500.50; ``2500.5`` is
    refused with the German form, ``2,500`` as ambiguous (2,5 or 2500?).  Exit 2 with a
    message in ``lang`` otherwise."""
    from babel.numbers import format_decimal, get_decimal_symbol

    from bindung.formatting import (
        NumberAmbiguousError,
        NumberInputError,
        number_rule,
        parse_number,
    )

    if value is None:
        return None
    rule, examples = number_rule(locale, lang)
    try:
        parsed = parse_number(value, locale)
    except NumberAmbiguousError as exc:
        ours = str(format_decimal(exc.ours, format="#,##0.###", locale=locale))
        other = str(format_decimal(exc.other, format="#,##0.###", locale=locale))
        err.print(
            t(
                "number_ambiguous",
                lang,
                option=option,
                value=value,
                locale=locale,
                ours=ours,
                other=other,
                mark=get_decimal_symbol(locale),
                ours_text=ours,
                other_text=str(format_decimal(exc.other, format="0.###", locale=locale)),
            ),
            markup=False,
        )
        raise typer.Exit(2) from None
    except NumberInputError as exc:
        hint = t("number_meant", lang, suggestion=exc.suggestion) if exc.suggestion else ""
        err.print(
            t(
                "number_option",
                lang,
                option=option,
                value=value,
                locale=locale,
                rule=rule,
                examples=examples,
                hint=hint,
            ),
            markup=False,
        )
        raise typer.Exit(2) from None
    return float(parsed)


def _numbers(workspace: Path | None, lang: str | None, **values: str | None) -> dict[str, Any]:
    """The numeric options ``values`` (``--name``: text; ``TARGET`` for an argument) read
    in the workspace's locale (:func:`_number`); ``None`` stays ``None``.  Without a
    workspace: the locale of --lang / $BINDUNG_LANG (German by default)."""
    _set_lang(lang)
    ws_locale = _settings(workspace).locale if workspace is not None else None
    ws_lang = None if ws_locale is None else ("de" if ws_locale.lower().startswith("de") else "en")
    chosen = _lang(ws_lang)
    locale = _number_locale(ws_locale, chosen)
    return {
        name: _number(
            name if name.isupper() else "--" + name.replace("_", "-"), text, locale, chosen
        )
        for name, text in values.items()
    }


#: Metavar of a whole number typed by the user, read in the workspace's locale (:func:`_whole`).
WHOLE = "INTEGER"


def _whole(workspace: Path | None, lang: str | None, option: str, text: str | None) -> Any:
    """The whole number ``text`` of ``option`` read in the workspace's locale as
    :func:`_numbers` reads numbers (German: ``--top 1.000`` is 1000, ``1,5`` is no whole
    number); anything else exits 2 with the message in the workspace's language (or that of
    --lang / $BINDUNG_LANG; without a workspace German by default).  ``None`` stays ``None``."""
    from babel.numbers import get_group_symbol

    from bindung.formatting import NumberInputError, parse_number

    if text is None:
        return None
    _set_lang(lang)
    ws_locale = _settings(workspace).locale if workspace is not None else None
    ws_lang = None if ws_locale is None else ("de" if ws_locale.lower().startswith("de") else "en")
    chosen = _lang(ws_lang)
    locale = _number_locale(ws_locale, chosen)
    try:
        parsed = parse_number(text, locale)
    except NumberInputError:  # not a number, or ambiguous (German "1,000": 1 or 1000?)
        parsed = None
    if parsed is None or parsed != parsed.to_integral_value():
        plain = format_decimal(1000, format="0", locale=locale)
        grouped = format_decimal(1000, format="#,##0", locale=locale)
        examples = tr(chosen, "{plain} or {grouped}", plain=plain, grouped=grouped)
        err.print(
            _t(
                "whole_option",
                chosen,
                option=option,
                value=text,
                locale=locale,
                group=get_group_symbol(locale),
                examples=examples,
            ),
            markup=False,
        )
        raise typer.Exit(2)
    return int(parsed)


def _set_lang(lang: str | None) -> None:
    if lang is not None and lang not in ("de", "en"):
        err.print(f"--lang {lang!r}: expected de or en")
        raise typer.Exit(2)
    _override["lang"] = lang


@app.command("init")
def init_cmd(
    folder: Annotated[Path, typer.Argument(help="Folder of the new workspace.")] = Path("."),
    currency: Annotated[str | None, typer.Option(help="ISO currency, e.g. EUR.")] = None,
    timezone: Annotated[str | None, typer.Option(help="IANA time zone of your exports.")] = None,
    locale: Annotated[str | None, typer.Option(help="de_DE, en_GB, ...")] = None,
    lang: LangOpt = None,
) -> None:
    """Create a workspace: bindung.toml and a store with every canonical table."""
    _set_lang(lang)
    settings = {
        k: v for k, v in {"currency": currency, "timezone": timezone, "locale": locale}.items() if v
    }
    try:
        from bindung.workspace import init

        ws = init(folder, **settings)
    except BindungError as exc:
        raise _fail(exc) from None
    with ws:
        store = ws.path.name if ws.path is not None else ws.settings.store
        out.print(_t("init", _lang(ws.settings.lang), folder=folder, store=store))


@app.command("import")
def import_cmd(
    kind: Annotated[
        str,
        typer.Argument(
            help="One of: "
            + ", ".join((*schema.KINDS, *schema.REFERENCE_TABLES, *schema.PRIVATE_TABLES))
            + "."
        ),
    ],
    file: Annotated[Path, typer.Argument(help="CSV, XLSX, Parquet or JSON lines file.")],
    workspace: WorkspaceOpt = Path("."),
    preset: Annotated[
        str | None, typer.Option(help=f"Export preset: {', '.join(presets.names())}.")
    ] = None,
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", help='Map a column explicitly: --map "Spalte=field" (repeatable).'),
    ] = None,
    mapping_file: Annotated[
        Path | None, typer.Option("--mapping", help='TOML file with [columns] "Spalte" = "field".')
    ] = None,
    sheet: Annotated[str | None, typer.Option(help="XLSX sheet (default: the first).")] = None,
    strict: Annotated[
        bool, typer.Option(help="Refuse the whole file if any row is invalid.")
    ] = False,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format", help="csv, xlsx, parquet, jsonl or whitespace (default: detected)."
        ),
    ] = None,
    delimiter: Annotated[
        str | None, typer.Option(help="CSV delimiter (default: detected).")
    ] = None,
    encoding: Annotated[str | None, typer.Option(help="Text encoding (default: detected).")] = None,
    decimal: Annotated[
        str | None,
        typer.Option(help="Decimal separator ',' or '.' (default: detected per column)."),
    ] = None,
    thousands: Annotated[
        str | None,
        typer.Option(
            help="Thousands separator ',' or '.' (the other one is the decimal separator); "
            "settles a column like 1,234 that no value decides."
        ),
    ] = None,
    dateformat: Annotated[
        str | None,
        typer.Option(
            "--dateformat",
            "--date-format",
            help="strftime format of dates, e.g. %d.%m.%Y or %m/%d/%Y (default: detected).",
        ),
    ] = None,
    no_header: Annotated[
        bool,
        typer.Option("--no-header", help="The file has no header line (name them: --columns)."),
    ] = False,
    names: Annotated[
        str | None,
        typer.Option(
            "--columns", help="With --no-header: the column names, comma-separated, in order."
        ),
    ] = None,
    lang: LangOpt = None,
) -> None:
    """Import an export file into a canonical table (every row stored or rejected with reasons)."""
    from bindung.ingest import mapping as mapping_mod

    _set_lang(lang)
    known = (*schema.KINDS, *schema.REFERENCE_TABLES, *schema.PRIVATE_TABLES)
    if kind not in known:
        kinds = ", ".join(known)
        err.print(f"unknown table {kind!r}; expected one of: {kinds}")
        raise typer.Exit(2)
    ws = _open(workspace)
    language = _lang(ws.settings.lang)
    with ws:
        try:
            columns: dict[str, str] = {}
            if mapping_file is not None:
                columns.update(mapping_mod.load_mapping_file(mapping_file))
            columns.update(mapping_mod.parse_map_items(map_ or [], language))
            result = ws.import_file(
                kind,
                file,
                strict=strict,
                columns=columns,
                preset=preset,
                format=format_,
                sheet=sheet,
                delimiter=delimiter,
                encoding=encoding,
                decimal=decimal,
                thousands=thousands,
                dateformat=dateformat,
                header=not no_header,
                lang=language,
                names=tuple(n.strip() for n in names.split(",")) if names else (),
            )
        except ImportRefused as exc:
            from bindung.ingest.load import ImportResult

            assert isinstance(exc.result, ImportResult)
            _print_result(exc.result, language)
            err.print(str(exc))
            raise typer.Exit(1) from None
        except BindungError as exc:
            raise _fail(exc) from None
    _print_result(result, language)
    _after_write(workspace, language)
    if result.rejected:  # excluded rows (cancelled, ...) are no error
        raise typer.Exit(1)


def _after_write(folder: Path, lang: str) -> None:
    """After a write: store the import log's answer now (milliseconds) and say how many
    answers are out of date."""
    from bindung.answers import refresh as refresh_mod

    try:
        refresh_mod.refresh(folder, only=["imports"], on_store=True, wait=False)
        stale = {key for key, _ in refresh_mod.stale(folder)}
    except BindungError:  # the store is busy again: the next refresh will tell
        return
    if stale:
        keys = ", ".join(sorted(stale))
        stale_text = tr(
            lang,
            "{n} answers out of date ({keys}): `bindung refresh` (by itself under `bindung serve`)",
            n=len(stale),
            keys=keys,
        )
        out.print(f"[dim]{stale_text}[/dim]")


def _print_result(result: ImportResult, lang: str) -> None:
    out.print(_summary(result, lang))
    if result.read == 0:
        out.print("  " + t("header_only", lang, file=Path(result.file).name))
    if result.detected:
        out.print("  " + result.detected)
    for note in result.notes:
        out.print("  " + note)
    if result.titles:
        titles = ", ".join(f"{text!r} ({line})" for line, text in result.titles)
        out.print("  " + t("titles_skipped", lang, titles=titles))
    pairs = ", ".join(f"{col} → {field}" for field, col in result.mapping.items())
    out.print("  " + _t("mapping", lang, pairs=pairs))
    if result.unused:
        out.print("  " + t("not_used", lang, columns=", ".join(result.unused)))
    if result.customers_created:
        out.print(
            "  " + _t("created", lang, n=_n(result.customers_created, lang), kind=result.kind)
        )
    name = Path(result.file).name
    for r in result.rejects:  # errors first, then the rows that are not orders
        if not r.excluded:
            for reason in r.reasons:
                out.print(f"  {name}:{r.line}: {reason}")
    if result.excluded:
        out.print("  " + t("excluded_note", lang, id=result.import_id))
    for r in result.rejects:
        if r.excluded:
            for reason in r.reasons:
                out.print(f"  {name}:{r.line}: {reason}")
    more = result.rejected + result.excluded - len(result.rejects)
    if more > 0:
        out.print("  " + _t("more_rejects", lang, n=_n(more, lang), id=result.import_id))


def _summary(result: ImportResult, lang: str) -> str:
    return result.summary(lang, lambda n: _n(n, lang))


@app.command("rejects")
def rejects_cmd(
    import_text: Annotated[
        str | None, typer.Option("--import", metavar=WHOLE, help="Only this import.")
    ] = None,
    limit_text: Annotated[
        str, typer.Option("--limit", metavar=WHOLE, help="Show at most this many rows.")
    ] = "100",
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Show rejected rows with their line numbers and reasons."""
    import_id = _whole(workspace, lang, "--import", import_text)
    limit = _whole(workspace, lang, "--limit", limit_text)
    _set_lang(lang)
    with _open(workspace, read_only=True) as ws:
        language = _lang(ws.settings.lang)
        frame = ws.rejects(import_id)
        excluded = _excluded_rejects(ws)
    if frame.empty:
        out.print(_t("rejects_none", language))
        return
    table = RichTable(
        "import",
        _t("file", language),
        _t("line", language),
        _t("reasons", language),
        _t("raw", language),
    )
    for row in frame.head(limit).to_dict("records"):
        table.add_row(
            str(row["import_id"]),
            Path(str(row["file"])).name,
            str(row["line"]),
            (
                "(" + t("excluded_mark", language) + ") "
                if (int(row["import_id"]), int(row["line"])) in excluded
                else ""
            )
            + "\n".join(row["reasons"]),
            str(row["raw"])[:80],
        )
    out.print(table)
    if len(frame) > limit:
        out.print(f"… {_n(len(frame) - limit, language)} more (--limit)")


def _excluded_rejects(ws: Workspace) -> set[tuple[int, int]]:
    """(import, line) of the kept rows that are not orders (cancelled, ...), not errors."""
    has = ws.sql(
        "SELECT count(*) AS n FROM duckdb_columns() WHERE table_name = 'rejects' "
        "AND column_name = 'excluded' AND schema_name = 'main'"
    ).n[0]
    if not has:
        return set()
    found = ws.sql("SELECT import_id, line FROM rejects WHERE excluded")
    return {(int(i), int(n)) for i, n in zip(found.import_id, found.line, strict=True)}


@app.command("imports")
def imports_cmd(workspace: WorkspaceOpt = Path("."), lang: LangOpt = None) -> None:
    """The import log: file, sha256, counts and time of every import."""
    _set_lang(lang)
    with _open(workspace, read_only=True) as ws:
        language = _lang(ws.settings.lang)
        frame = ws.imports()
    table = RichTable(
        "id",
        "kind",
        _t("file", language),
        "read",
        "stored",
        "rejected",
        "excluded",
        "duplicates",
        "status",
        "at (UTC)",
        "sha256",
    )
    counted = ("rows_read", "stored", "rejected", "excluded", "duplicates")
    for row in frame.to_dict("records"):
        table.add_row(
            str(row["import_id"]),
            str(row["kind"]),
            Path(str(row["file"])).name,
            *(_n(int(row.get(k) or 0), language) for k in counted),
            str(row["status"]),
            str(row["at"])[:19],
            str(row["sha256"])[:12],
        )
    out.print(table)


@app.command("status")
def status_cmd(workspace: WorkspaceOpt = Path("."), lang: LangOpt = None) -> None:
    """What the workspace holds: rows per table and the import count."""
    _set_lang(lang)
    with _open(workspace) as ws:
        _print_status(ws)


def _print_status(ws: Workspace) -> None:
    language = _lang(ws.settings.lang)
    counts = ws.counts()
    n_imports = len(ws.imports())
    table = RichTable(
        _t("table", language), _t("rows", language), title=f"{_t('holds', language)}: {ws.folder}"
    )
    for name, n in counts.items():
        table.add_row(name, _n(n, language))
    table.add_row(_t("imports", language), _n(n_imports, language))
    out.print(table)


@app.command("forget")
def forget_cmd(
    customer_id: Annotated[
        str,
        typer.Argument(
            help="The customer to erase (GDPR art. 17): a customer id or an e-mail address "
            "(hashed with the workspace salt as imports hash it)."
        ),
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Delete a customer from every table and the stored answers that name them; say what
    went (exit 1 when nothing matched)."""
    _set_lang(lang)
    with _open(workspace) as ws:
        language = _lang(ws.settings.lang)
        if not yes and not typer.confirm(_t("forget_confirm", language, id=customer_id)):
            raise typer.Exit(1)
        try:
            result = ws.forget(customer_id)
        except BindungError as exc:
            raise _fail(exc) from None
    if not result.rows:
        err.print(_t("forgot_none", language, id=customer_id), markup=False)
        raise typer.Exit(1)
    out.print(_t("forgot", language, id=customer_id, total=_n(result.total, language)))
    if result.by_email:
        ids = ", ".join(i if len(i) < 64 else i[:12] + "…" for i in result.customer_ids)
        out.print(_t("forgot_ids", language, ids=ids), markup=False)
    for name, n in result.rows.items():
        out.print(f"  {name}: {_n(n, language)}")
    if result.answers:
        out.print(_t("forgot_answers", language, keys=", ".join(result.answers)), markup=False)
    if result.files:
        out.print(t("forgot_files", language, files=", ".join(result.files)), markup=False)
    if result.sources:
        out.print(t("forgot_sources", language, files=", ".join(result.sources)), markup=False)
    out.print(t("forgot_outside", language, folder=workspace), markup=False)


@app.command("demo")
def demo_cmd(
    folder: Annotated[Path, typer.Argument(help="Folder of the demo workspace.")] = Path("demo"),
    seed_text: Annotated[str, typer.Option("--seed", metavar=WHOLE, help="Random seed.")] = "7",
    customers_text: Annotated[
        str, typer.Option("--customers", metavar=WHOLE, help="Number of customers.")
    ] = "20000",
    refresh: Annotated[
        bool, typer.Option(help="Compute every answer afterwards (bindung refresh).")
    ] = True,
    lang: LangOpt = None,
) -> None:
    """Build a seeded synthetic business (exports + workspace), show what it holds and
    compute its answers."""
    seed = _whole(None, lang, "--seed", seed_text)
    customers = _whole(None, lang, "--customers", customers_text)
    _set_lang(lang)
    from bindung import demo

    try:
        ws, results = demo.build(folder, seed=seed, customers=customers)
    except BindungError as exc:
        raise _fail(exc) from None
    with ws:
        language = _lang(ws.settings.lang)
        for result in results:
            out.print(_summary(result, language))
        out.print(_t("demo_done", language, folder=folder))
        _print_status(ws)
    if refresh and _refresh(folder, language, only=None, force=False, quiet=False):
        raise typer.Exit(1)


@app.command("tables")
def tables_cmd(kind: Annotated[str | None, typer.Argument()] = None) -> None:
    """The canonical tables: columns, types, keys, checks and header names recognised."""
    from bindung.ingest import mapping as mapping_mod
    from bindung.reference import column_checks

    for table_decl in schema.TABLES:
        if kind and table_decl.name != kind:
            continue
        table = RichTable(
            "column",
            "type",
            "required",
            "checks",
            "recognised headers",
            title=f"{table_decl.name} (key: {', '.join(table_decl.key)})",
        )
        synonyms = mapping_mod.SYNONYMS.get(table_decl.name, {})
        for c in table_decl.columns:
            checks = column_checks(table_decl, c)
            table.add_row(
                c.name,
                c.type,
                "yes" if c.required else "",
                checks,
                ", ".join(synonyms.get(c.name, ())[:6]),
            )
        out.print(table)


# -- metrics ---------------------------------------------------------------------------------

FORMATS = ("table", "csv", "json", "xlsx")
PeriodOpt = Annotated[
    str, typer.Option("--period", help="week, month, quarter or year / Woche, Monat, ...")
]
FormatOpt = Annotated[str, typer.Option("--format", help="table, csv, json or xlsx.")]
#: Metavars of numbers typed by the user, read in the workspace's locale (:func:`_number`).
NUMBER, AMOUNT = "NUMBER", "AMOUNT"
OutOpt = Annotated[
    Path | None, typer.Option("--out", "-o", help="Write to this file (xlsx: required).")
]
FreshOpt = Annotated[
    bool,
    typer.Option(
        "--fresh", help="Compute this answer now instead of reading the stored one (and store it)."
    ),
]


ByOpt = Annotated[str | None, typer.Option("--by", help="channel, segment, country or cohort.")]
BasisOpt = Annotated[
    str | None,
    typer.Option("--basis", help="orders, subscriptions or both (default: workspace setting)."),
]


def _print_wide(table: RichTable) -> None:
    """Print a wide table at its natural width (piped output is not squeezed to 80)."""
    natural = out.measure(table, options=out.options.update_width(1000)).maximum
    before = out.width
    out.width = max(before, min(natural, 1000))
    try:
        out.print(table)
    finally:
        out.width = before


def _check_format(format_: str, out_path: Path | None) -> None:
    if format_ not in FORMATS:
        err.print(f"--format {format_!r}: expected one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    if format_ == "xlsx" and out_path is None:
        err.print("--format xlsx needs --out FILE.xlsx")
        raise typer.Exit(2)


def _emit(text_: str, out_path: Path | None) -> None:
    if out_path is None:
        out.out(text_, end="" if text_.endswith("\n") else "\n", highlight=False)
    else:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_text(text_, encoding="utf-8")
        err.print(str(out_path))


def _kpi_tables(section: Any, shown: list[str]) -> list[RichTable]:
    from bindung.metrics.catalogue import BY_KEY
    from bindung.report import format as fmt

    lang, rows = section.lang, section.rows
    tables = []
    for group in section.groups:
        part = rows if section.by is None else rows[rows[section.by] == group]
        part = part[part["period"].isin(shown)]
        if part.empty:
            continue
        title = f"{section.by}: {group}" if section.by else None
        table = RichTable(title=title, show_lines=False)
        table.add_column("", no_wrap=True)
        flags = part.drop_duplicates("period").set_index("period")
        for p in shown:
            if p not in flags.index:
                continue
            head = p
            if bool(flags.loc[p, "partial"]):
                head += f"\n({fmt.text('partial', lang)})"
            if bool(flags.loc[p, "small"]):
                head += f"\n⚠ {fmt.text('small', lang)}"
            table.add_column(head, justify="right", no_wrap=True)
        for key in dict.fromkeys(part["metric"]):
            m = BY_KEY[key]
            cells = [m.label(lang)]
            for p in shown:
                row = part[(part["metric"] == key) & (part["period"] == p)]
                if row.empty:
                    continue
                r = row.iloc[0]
                cell = fmt.value(r["value"], m.unit, lang, section.currency)
                cell += (
                    f"\n[dim]{fmt.change(r['change'], m.unit, lang)} · "
                    f"{fmt.change(r['change_year'], m.unit, lang)}[/dim]"
                )
                cells.append(cell)
            table.add_row(*cells)
        tables.append(table)
    return tables


@app.command("kpis")
def kpis_cmd(
    period: PeriodOpt = "month",
    from_: Annotated[
        str | None, typer.Option("--from", help="First day or period, e.g. 2026-01 or 2026-Q1.")
    ] = None,
    to: Annotated[str | None, typer.Option("--to", help="Last day or period (inclusive).")] = None,
    by: ByOpt = None,
    basis: BasisOpt = None,
    format_: FormatOpt = "table",
    out_path: OutOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    fresh: FreshOpt = False,
) -> None:
    """Retention KPIs per period: customers kept, lost and won back, rates, revenue, MRR,
    order value, intervals, returns, CLV and costs, each with its change against the previous
    period and the same period a year earlier.  The table shows the last three periods unless
    --from/--to are given; csv, json and xlsx hold every period."""
    from bindung.answers import access
    from bindung.metrics.periods import window
    from bindung.report import export
    from bindung.report import tables as views
    from bindung.report.kpis import KpiSection, header

    _set_lang(lang)
    _check_format(format_, out_path)
    settings = _settings(workspace)
    chosen = _lang(settings.lang)
    params: dict[str, Any] = {"period": period, "by": by}
    stored = basis is None and (by is None or period == "month")
    if basis is not None:
        params["basis"] = basis
    try:
        got = access.get(workspace, "kpis", params, lang=chosen, fresh=fresh, stored_variant=stored)
        stored_table = got.section.table("kpis")
        rows = stored_table.frame.copy()
        for col in ("start", "end"):
            rows[col] = pd.to_datetime(rows[col]).dt.date
        rows = window(rows, from_, to).reset_index(drop=True)
    except BindungError as exc:
        raise _fail(exc) from None
    meta = dict(got.section.meta)
    section = KpiSection(
        rows, chosen, settings.currency, period, by, str(meta.get("activity_basis")), meta
    )
    if format_ == "json":
        cut = views.Section(
            got.section.key,
            got.section.title_de,
            got.section.title_en,
            [
                views.Table(
                    "kpis",
                    stored_table.title_de,
                    stored_table.title_en,
                    stored_table.columns,
                    rows,
                    stored_table.keys,
                )
            ],
            list(got.section.findings),
            meta,
        )
        doc = {"answer": got.document["answer"], **views.document(cut)}
        _emit(json.dumps(doc, ensure_ascii=False, indent=1), out_path)
    elif format_ == "csv":
        frame = section.export_frame(localised=True)
        units = {header(c, chosen): "date" for c in ("start", "end")} | {
            header(c, chosen): "flag" for c in ("partial", "small")
        }
        csv_text = export.to_csv(
            frame, chosen, units, tz=settings.timezone, bom=out_path is not None
        )
        _emit(csv_text, out_path)
    elif format_ == "xlsx":
        assert out_path is not None
        export.to_xlsx({"KPIs": section.sheet()}, out_path, lang=chosen, tz=settings.timezone)
        err.print(str(out_path))
    else:
        periods = section.periods
        shown = periods if (from_ or to) else periods[-3:]
        legend = tr(
            chosen,
            "Second line: change vs previous period · vs the same period a year earlier "
            "(pp = percentage points)",
        )
        for table in _kpi_tables(section, shown):
            _print_wide(table)
        out.print(f"[dim]{legend}[/dim]")
        for finding in got.section.findings:
            out.print(finding.text(chosen), style="dim", markup=False)
    if format_ == "table":
        _print_note(got)


@app.command("cohorts")
def cohorts_cmd(
    period: Annotated[str, typer.Option("--period", help="week, month or quarter.")] = "month",
    measure: Annotated[str, typer.Option(help="customers or revenue.")] = "customers",
    mode: Annotated[str, typer.Option(help="on or on-or-after.")] = "on",
    by: Annotated[
        str | None, typer.Option("--by", help="channel: split cohorts by acquisition channel.")
    ] = None,
    basis: BasisOpt = None,
    format_: FormatOpt = "table",
    out_path: OutOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    fresh: FreshOpt = False,
) -> None:
    """The cohort matrix: acquisition period × periods since, as counts and as % of the
    cohort (no cap on the number of periods)."""
    from bindung.metrics.cohort_options import MEASURES, MODES
    from bindung.report import export
    from bindung.report import format as fmt
    from bindung.report.kpis import cohort_frame, header

    _set_lang(lang)
    _check_format(format_, out_path)
    for name, value, allowed in (("--measure", measure, MEASURES), ("--mode", mode, MODES)):
        if value not in allowed:
            err.print(f"{name} {value!r}: expected one of {', '.join(allowed)}")
            raise typer.Exit(2)
    from bindung.answers import access

    settings = _settings(workspace)
    chosen = _lang(settings.lang)
    currency = settings.currency
    options: dict[str, Any] = {"measure": measure, "mode": mode, "by": by, "basis": basis}
    extra = {k: v for k, v in options.items() if v not in (None, "customers", "on")}
    try:
        got = access.get(
            workspace,
            "cohorts",
            {"period": period} | extra,
            lang=chosen,
            fresh=fresh,
            stored_variant=not extra and period in ("week", "month", "quarter"),
        )
    except BindungError as exc:
        raise _fail(exc) from None
    counts = got.section.table("counts").frame
    shares = got.section.table("percent").frame
    if format_ == "table":
        _print_note(got)
    if format_ == "json":
        _emit(json.dumps(got.document, ensure_ascii=False, indent=1), out_path)
        return
    if format_ == "csv":
        both = pd.concat(
            [counts.assign(figure=measure), shares.assign(figure="percent")], ignore_index=True
        )
        frame = cohort_frame(both, chosen, by)
        units = {header("size", chosen): "count"}
        _emit(export.to_csv(frame, chosen, units, bom=out_path is not None), out_path)
        return
    if format_ == "xlsx":
        assert out_path is not None
        value_format = "#,##0" if measure == "customers" else export.money_format(currency, chosen)
        periods = [c for c in counts.columns if c.isdigit()]
        export.to_xlsx(
            {
                measure: export.Sheet(
                    cohort_frame(counts, chosen, by), dict.fromkeys(periods, value_format)
                ),
                "%": export.Sheet(
                    cohort_frame(shares, chosen, by), dict.fromkeys(periods, '0.0" %"')
                ),
            },
            out_path,
            lang=chosen,
            tz=settings.timezone,
        )
        err.print(str(out_path))
        return
    unit: Any = "customers" if measure == "customers" else "money"
    for frame, as_share in ((counts, False), (shares, True)):
        table = RichTable(title=f"{measure} · {'%' if as_share else mode}")
        for head in cohort_frame(frame, chosen, by).columns:
            table.add_column(str(head), justify="right" if str(head)[:1].isdigit() else "left")
        for rec in frame.to_dict("records"):
            cells = []
            for col, v in rec.items():
                if not str(col).isdigit():
                    cells.append(str(v) if col != "size" else fmt.number(float(v), chosen))
                elif fmt.missing(v):
                    cells.append("")
                elif as_share:
                    cells.append(fmt.number(float(v), chosen, 1))
                else:
                    cells.append(fmt.value(v, unit, chosen, currency))
            table.add_row(*cells)
        _print_wide(table)


@app.command("metrics")
def metrics_cmd(
    format_: Annotated[str, typer.Option("--format", help="table, json or markdown.")] = "table",
    lang: LangOpt = None,
) -> None:
    """The metric catalogue: key, label, formula, unit, direction, source and benchmarks."""
    from bindung.metrics.catalogue import CATALOGUE
    from bindung.reference import metrics_markdown

    _set_lang(lang)
    chosen = _lang(None)
    if format_ == "markdown":
        out.out(metrics_markdown(), highlight=False)
        return
    if format_ == "json":
        rows = [
            {
                "key": m.key,
                "label_de": m.label_de,
                "label_en": m.label_en,
                "formula": m.formula,
                "unit": m.unit,
                "higher_is_better": m.higher_is_better,
                "source": m.source,
                "benchmarks": m.benchmarks,
                "benchmarks_de": m.benchmarks_de,
            }
            for m in CATALOGUE
        ]
        out.out(json.dumps(rows, ensure_ascii=False, indent=1), highlight=False)
        return
    if format_ != "table":
        err.print(f"--format {format_!r}: expected table, json or markdown")
        raise typer.Exit(2)
    heads = [
        tr(chosen, head)
        for head in (
            N_("key"),
            N_("metric"),
            N_("formula"),
            N_("unit"),
            N_("better"),
            N_("source"),
            N_("benchmarks"),
        )
    ]
    better = {True: "↑", False: "↓", None: "–"}
    table = RichTable(*heads, show_lines=True)
    table.columns[0].no_wrap = True
    for col in table.columns[1:]:
        col.max_width = 44
    for m in CATALOGUE:
        table.add_row(
            m.key,
            m.label(chosen),
            m.formula,
            m.unit,
            better[m.higher_is_better],
            m.source,
            m.benchmark(chosen),
        )
    _print_wide(table)


# -- CLV models ------------------------------------------------------------------------------

clv_app = typer.Typer(
    help="Kundenwert-Modelle / CLV models: fit, show, evaluate, export.", no_args_is_help=True
)
app.add_typer(clv_app, name="clv")

CLV_TEXT: dict[str, str] = {
    "fitted": N_(
        "Fitted on {customers} customers ({repeat} bought again), calibration up to "
        "{cal}{hold}; stored with data version {version}."
    ),
    "holdout": N_(", holdout to {end}"),
    "none": N_("No fitted models yet: run `bindung clv fit`."),
    "stale": N_(
        "The data changed since the fit (data version {old} → {new}): refit with `bindung clv fit`."
    ),
    "current": N_("Fitted {at} UTC on the current data (version {version})."),
    "errors": N_(
        "Per customer: mean absolute error {mae}, RMSE {rmse}; total predicted vs actual "
        "{bias} ({customers} customers, holdout {length} {unit})."
    ),
}


def _ct(key: str, lang: str, **values: object) -> str:
    return tr(lang, CLV_TEXT[key]).format(**values)


def _model_table(model: Any, lang: str) -> RichTable:
    from bindung.report import format as fmt

    summary = model.summary
    heads = [
        tr(lang, head)
        for head in (
            N_("parameter"),
            N_("estimate"),
            N_("std. error"),
            N_("95 % low"),
            N_("95 % high"),
        )
    ]
    ll = fmt.number(summary.log_likelihood, lang, 2)
    table = RichTable(*heads, title=f"{summary.model} · log-likelihood {ll}")
    for name, row in summary.table.iterrows():
        table.add_row(
            str(name),
            *(
                fmt.number(float(v), lang, 4)
                for v in (row.estimate, row.std_error, row.lower_95, row.upper_95)
            ),
        )
    return table


def _print_models(result: Any, lang: str) -> None:
    for m in (result.purchases, result.spend):
        if m is not None:
            out.print(_model_table(m, lang))


def _stored_fit(ws: Workspace, lang: str) -> Any:
    """The stored CLV fit; without one, say how to make it and exit with 1."""
    from bindung.models import workflow

    result = workflow.load(ws)
    if result is None:
        out.print(_ct("none", lang))
        raise typer.Exit(1)
    return result


def _day(text: str | None, option: str) -> Any:
    if text is None:
        return None
    from bindung.metrics.periods import parse

    try:
        first, stop = parse(text, option=option)
    except BindungError as exc:
        raise _fail(exc) from None
    if (stop - first).days != 1:
        err.print(f"{option} {text!r}: expected a day, e.g. 2026-04-30 or 30.04.2026")
        raise typer.Exit(2)
    return first


@clv_app.command("fit")
def clv_fit_cmd(
    model: Annotated[str, typer.Option(help="bgnbd (BG/NBD) or paretonbd (Pareto/NBD).")] = "bgnbd",
    holdout: Annotated[
        str | None,
        typer.Option(help="Calibrate up to this day; keep the rest to check the forecast."),
    ] = None,
    unit: Annotated[str, typer.Option(help="weeks or days.")] = "weeks",
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Fit the purchase model and Gamma-Gamma on the orders and store them in the workspace."""
    from bindung.models import workflow

    _set_lang(lang)
    if unit not in ("weeks", "days"):
        err.print(f"--unit {unit!r}: expected weeks or days")
        raise typer.Exit(2)
    day = _day(holdout, "--holdout")
    ws = _open(workspace)
    try:
        chosen = _lang(ws.settings.lang)
        result = workflow.fit(ws, model=model, holdout=day, unit=unit)  # type: ignore[arg-type]
    except BindungError as exc:
        raise _fail(exc) from None
    finally:
        ws.close()
    _print_models(result, chosen)
    hold = _ct("holdout", chosen, end=result.holdout_end) if result.holdout_end else ""
    out.print(
        _ct(
            "fitted",
            chosen,
            customers=_n(result.customers, chosen),
            repeat=_n(result.repeat_customers, chosen),
            cal=result.calibration_end,
            hold=hold,
            version=result.data_version,
        )
    )
    for note in result.warnings:
        err.print(f"⚠ {note}", markup=False)


@clv_app.command("show")
def clv_show_cmd(workspace: WorkspaceOpt = Path("."), lang: LangOpt = None) -> None:
    """The stored models: parameters with standard errors, and whether the data changed since."""
    _set_lang(lang)
    ws = _open(workspace, read_only=True)
    try:
        chosen = _lang(ws.settings.lang)
        result = _stored_fit(ws, chosen)
        version = ws.data_version()
    except BindungError as exc:
        raise _fail(exc) from None
    finally:
        ws.close()
    _print_models(result, chosen)
    if result.data_version != version:
        out.print(_ct("stale", chosen, old=result.data_version, new=version))
    else:
        out.print(_ct("current", chosen, at=result.fitted_at, version=version))


@clv_app.command("evaluate")
def clv_evaluate_cmd(workspace: WorkspaceOpt = Path("."), lang: LangOpt = None) -> None:
    """Holdout check: predicted against actual purchases by frequency group, and error figures."""
    from bindung.models import workflow
    from bindung.report import format as fmt

    _set_lang(lang)
    ws = _open(workspace, read_only=True)
    try:
        chosen = _lang(ws.settings.lang)
        result = _stored_fit(ws, chosen)
        groups = workflow.evaluate(ws, result)
        figures = workflow.error_figures(ws, result)
    except BindungError as exc:
        raise _fail(exc) from None
    finally:
        ws.close()
    heads = [
        tr(chosen, head)
        for head in (
            N_("purchases in calibration"),
            N_("customers"),
            N_("actual (mean)"),
            N_("predicted (mean)"),
        )
    ]
    table = RichTable(*heads)
    every = tr(chosen, "all")
    for rec in groups.to_dict("records"):
        table.add_row(
            every if rec["group"] == "all" else str(rec["group"]),
            _n(int(rec["customers"]), chosen),
            fmt.number(float(rec["actual"]), chosen, 3),
            fmt.number(float(rec["predicted"]), chosen, 3),
        )
    out.print(table)
    out.print(
        _ct(
            "errors",
            chosen,
            mae=fmt.number(figures["mae"], chosen, 3),
            rmse=fmt.number(figures["rmse"], chosen, 3),
            bias=fmt.change(figures["bias_percent"], "customers", chosen),
            customers=_n(int(figures["customers"]), chosen),
            length=fmt.number(figures["holdout_length"], chosen, 1),
            unit=tr(chosen, "weeks") if result.unit == "weeks" else tr(chosen, "days"),
        )
    )


@clv_app.command("export")
def clv_export_cmd(
    horizon_days_text: Annotated[
        str, typer.Option("--horizon-days", metavar=WHOLE, help="Forecast horizon in days.")
    ] = "365",
    discount: Annotated[
        str | None,
        typer.Option(metavar=NUMBER, help="Yearly discount rate (default 0.1; German: 0,1)."),
    ] = None,
    margin: Annotated[
        str | None,
        typer.Option(metavar=NUMBER, help="Gross margin (default: the workspace setting)."),
    ] = None,
    format_: Annotated[str, typer.Option("--format", help="csv, json or xlsx.")] = "csv",
    out_path: OutOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Per customer: probability alive, expected purchases, expected spend and predicted CLV."""
    horizon_days = _whole(workspace, lang, "--horizon-days", horizon_days_text)
    from bindung.models import workflow
    from bindung.report import export

    typed = _numbers(workspace, lang, discount=discount, margin=margin)
    discount_ = 0.1 if typed["discount"] is None else typed["discount"]
    margin_ = typed["margin"]
    if format_ not in ("csv", "json", "xlsx"):
        err.print(f"--format {format_!r}: expected csv, json or xlsx")
        raise typer.Exit(2)
    _check_format(format_, out_path)
    ws = _open(workspace, read_only=True)
    try:
        chosen = _lang(ws.settings.lang)
        currency, timezone = ws.settings.currency, ws.settings.timezone
        result = _stored_fit(ws, chosen)
        values = workflow.customer_values(
            ws, result, horizon_days=horizon_days, margin=margin_, discount_rate_year=discount_
        )
    except BindungError as exc:
        raise _fail(exc) from None
    finally:
        ws.close()
    meta: dict[str, Any] = {str(k): v for k, v in values.attrs.items()} | {
        "model": result.purchases.name,
        "unit": result.unit,
        "discount_rate_year": discount_,
    }
    if format_ == "json":
        _emit(export.to_json(values, meta), out_path)
    elif format_ == "csv":
        money_units = dict.fromkeys(("monetary", "expected_spend", "clv"), "money")
        units = money_units | {"frequency": "count"}
        _emit(export.to_csv(values, chosen, units, tz=timezone, bom=out_path is not None), out_path)
    else:
        assert out_path is not None
        money = dict.fromkeys(
            ("monetary", "expected_spend", "clv"), export.money_format(currency, chosen)
        )
        shares = {"p_alive": "0.0%"}
        export.to_xlsx(
            {"CLV": export.Sheet(values, money | shares)}, out_path, lang=chosen, tz=timezone
        )
        err.print(str(out_path))


@clv_app.command("survival")
def clv_survival_cmd(
    period_days_text: Annotated[
        str,
        typer.Option("--period-days", metavar=WHOLE, help="Length of a billing period in days."),
    ] = "30",
    horizon_text: Annotated[
        str, typer.Option("--horizon", metavar=WHOLE, help="Project this many periods.")
    ] = "36",
    discount: Annotated[
        str | None,
        typer.Option(
            metavar=NUMBER, help="Discount rate per period for DERL (default 0.01; German: 0,01)."
        ),
    ] = None,
    format_: FormatOpt = "table",
    out_path: OutOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Subscriptions: the sBG model's survival curve, retention rate by tenure and discounted
    expected residual lifetime (DERL), next to the observed survival."""
    period_days = _whole(workspace, lang, "--period-days", period_days_text)
    horizon = _whole(workspace, lang, "--horizon", horizon_text)
    from bindung.metrics.run import data_span
    from bindung.models import subscriptions
    from bindung.report import export
    from bindung.report import format as fmt

    typed = _numbers(workspace, lang, discount=discount)["discount"]
    discount_ = 0.01 if typed is None else typed
    _check_format(format_, out_path)
    ws = _open(workspace, read_only=True)
    try:
        chosen = _lang(ws.settings.lang)
        as_of = data_span(ws.table, chosen).last
        observed = subscriptions.survivors(
            ws.table("subscriptions"), period_days=period_days, as_of=as_of
        )
        model = subscriptions.fit_survival(observed)
        report = subscriptions.survival_report(model, horizon=horizon, discount_rate=discount_)
    except BindungError as exc:
        raise _fail(exc) from None
    finally:
        ws.close()
    report = report.merge(
        observed[["tenure", "at_risk", "survival_km"]].rename(
            columns={"survival_km": "observed_survival"}
        ),
        on="tenure",
        how="left",
    )
    meta: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "period_days": period_days,
        "discount_rate_per_period": discount_,
        "params": model.params_,
    }
    if format_ == "json":
        _emit(export.to_json(report, meta), out_path)
        return
    if format_ == "csv":
        units = {"tenure": "count", "at_risk": "count"}
        _emit(export.to_csv(report, chosen, units, bom=out_path is not None), out_path)
        return
    if format_ == "xlsx":
        assert out_path is not None
        shares = dict.fromkeys(("survival", "retention_rate", "observed_survival"), "0.0%")
        counts = {"tenure": "0", "at_risk": "#,##0"}
        sheet = export.Sheet(report, shares | counts | {"derl": "0.00"})
        export.to_xlsx({"sBG": sheet}, out_path, lang=chosen)
        err.print(str(out_path))
        return
    out.print(_model_table(model, chosen))
    names = [
        tr(chosen, "periods"),
        ptr(chosen, "survival table", "at risk"),
        tr(chosen, "observed"),
        tr(chosen, "model"),
        tr(chosen, "retention rate"),
        tr(chosen, "DERL"),
    ]
    table = RichTable(*names)
    for rec in report.to_dict("records"):
        table.add_row(
            str(rec["tenure"]),
            "" if fmt.missing(rec["at_risk"]) else _n(int(rec["at_risk"]), chosen),
            fmt.value(
                None if fmt.missing(rec["observed_survival"]) else rec["observed_survival"] * 100,
                "percent",
                chosen,
            ),
            fmt.value(rec["survival"] * 100, "percent", chosen),
            fmt.value(
                None if fmt.missing(rec["retention_rate"]) else rec["retention_rate"] * 100,
                "percent",
                chosen,
            ),
            fmt.number(float(rec["derl"]), chosen, 2),
        )
    _print_wide(table)


@app.command("customers")
def customers_cmd(
    segment: Annotated[
        str | None,
        typer.Option(help="A segment (champions, loyal, at-risk, ...) or win-back."),
    ] = None,
    top_text: Annotated[
        str | None, typer.Option("--top", metavar=WHOLE, help="Only the most valuable N.")
    ] = None,
    overdue: Annotated[
        bool,
        typer.Option(
            "--overdue", help="Only customers past the 80 % interval of their next order."
        ),
    ] = False,
    at_risk: Annotated[
        bool,
        typer.Option(
            "--at-risk",
            help="Only customers whose probability alive fell in the last 90 days.",
        ),
    ] = False,
    rule: Annotated[
        str | None,
        typer.Option(
            "--rule",
            metavar="RULE",
            help='Only customers for whom the rule holds, e.g. "orders >= 3 and '
            "customer_group = 'B2B'\" (fields: bindung segment fields).",
        ),
    ] = None,
    saved_name: Annotated[
        str | None,
        typer.Option("--saved", metavar="NAME", help="Only a saved segment (bindung segment)."),
    ] = None,
    export_to: Annotated[
        str | None,
        typer.Option(
            "--export",
            metavar="TOOL",
            help="Write the list as the contact import file of an e-mail tool: cleverreach, "
            "brevo, mailchimp or klaviyo (needs --out and contacts_enabled; docs/lists.md).",
        ),
    ] = None,
    format_: FormatOpt = "table",
    out_path: OutOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    fresh: FreshOpt = False,
) -> None:
    """Customers by RFM segment with probability alive, CLV, tier, revenue at risk and the
    predicted next order; without --segment an overview of the segments.  --segment win-back
    lists valuable customers whose probability alive is falling; --overdue and --at-risk
    narrow any list; --export writes it for an e-mail tool."""
    top = _whole(workspace, lang, "--top", top_text)
    from bindung.answers import access
    from bindung.insights.segments import BY_KEY as SEGMENT_BY_KEY
    from bindung.insights.segments import SEGMENTS, select
    from bindung.report import export
    from bindung.report import format as fmt

    _set_lang(lang)
    _check_format(format_, out_path)
    allowed = [s_.key.replace("_", "-") for s_ in SEGMENTS] + ["win-back"]
    if segment is not None and segment.replace("_", "-") not in allowed:
        err.print(f"--segment {segment!r}: expected one of {', '.join(allowed)}")
        raise typer.Exit(2)
    settings = _settings(workspace)
    chosen = _lang(settings.lang)
    currency = settings.currency
    if export_to is not None:
        _check_export(export_to, out_path, settings.contacts_enabled, chosen)
    try:
        got = access.get(workspace, "customers", {}, lang=chosen, fresh=fresh)
    except BindungError as exc:
        raise _fail(exc) from None
    if format_ == "table":
        _print_note(got)
    frame = got.section.table("customers").frame.copy()
    frame.attrs.update(got.section.meta)
    frame["segment_label"] = frame["segment"].map(lambda k: SEGMENT_BY_KEY[k].label(chosen))
    rules = _rules(workspace, rule, saved_name, chosen)
    listing = overdue or at_risk or export_to is not None or bool(rules)
    if segment is None and format_ == "table" and not listing:
        overview = frame.groupby("segment", sort=False).agg(
            customers=("customer_id", "size"),
            clv=("clv", "sum"),
            at_risk=("revenue_at_risk", "sum"),
        )
        overview_heads = [
            tr(chosen, head)
            for head in (N_("segment"), N_("customers"), N_("total CLV"), N_("revenue at risk"))
        ]
        table = RichTable(*overview_heads, title=f"{frame.attrs['as_of']}")
        for seg in SEGMENTS:
            if seg.key not in overview.index:
                continue
            row = overview.loc[seg.key]
            table.add_row(
                seg.label(chosen),
                _n(int(float(str(row["customers"]))), chosen),
                fmt.value(row["clv"], "money", chosen, currency),
                fmt.value(row["at_risk"], "money", chosen, currency),
            )
        out.print(table)
        return
    try:
        picked = _narrow(select(frame, segment=segment), overdue, at_risk, chosen)
        picked = _apply_rules(workspace, picked, rules)
    except BindungError as exc:
        raise _fail(exc, chosen) from None
    if top is not None:
        picked = picked.head(top)
    if export_to is not None:
        assert out_path is not None
        _export_list(workspace, picked, export_to, out_path, chosen)
        return
    columns = [
        "customer_id",
        "segment",
        "segment_label",
        "rfm",
        "frequency",
        "monetary",
        "recency_days",
        "revenue_12m",
        "p_alive",
        "p_alive_before",
        "clv",
        "clv_tier",
        "revenue_at_risk",
        "next_order",
        "next_order_low",
        "next_order_high",
        "overdue",
    ]
    picked = picked[[c for c in columns if c in picked.columns]]
    meta: dict[str, Any] = {str(k): v for k, v in frame.attrs.items()} | {"segment": segment}
    if format_ == "json":
        _emit(export.to_json(picked, meta), out_path)
    elif format_ == "csv":
        units = dict.fromkeys(("monetary", "revenue_12m", "clv", "revenue_at_risk"), "money")
        units |= {"frequency": "count", "recency_days": "count"}
        csv_text = export.to_csv(
            picked, chosen, units, tz=settings.timezone, bom=out_path is not None
        )
        _emit(csv_text, out_path)
    elif format_ == "xlsx":
        assert out_path is not None
        money = dict.fromkeys(
            ("monetary", "revenue_12m", "clv", "revenue_at_risk"),
            export.money_format(currency, chosen),
        )
        shares = dict.fromkeys(("p_alive", "p_alive_before"), "0.0%")
        export.to_xlsx(
            {
                tr(chosen, "Customers"): export.Sheet(
                    picked, money | shares | {"recency_days": "0", "frequency": "#,##0"}
                )
            },
            out_path,
            lang=chosen,
            tz=settings.timezone,
        )
        err.print(str(out_path))
    else:
        heads = [
            tr(chosen, head)
            for head in (
                N_("customer"),
                N_("segment"),
                N_("RFM"),
                N_("P(alive)"),
                N_("90 days ago"),
                N_("CLV"),
                N_("tier"),
                N_("at risk"),
                N_("next order"),
            )
        ]
        table = RichTable(*heads)
        for rec in picked.to_dict("records"):
            table.add_row(
                str(rec["customer_id"]),
                str(rec["segment_label"]),
                str(rec["rfm"]),
                fmt.value(rec["p_alive"] * 100, "percent", chosen),
                fmt.value(
                    None if pd.isna(rec["p_alive_before"]) else rec["p_alive_before"] * 100,
                    "percent",
                    chosen,
                ),
                fmt.value(rec["clv"], "money", chosen, currency),
                str(rec["clv_tier"]),
                fmt.value(rec["revenue_at_risk"], "money", chosen, currency),
                _next_order_cell(rec, chosen),
            )
        _print_wide(table)


def _next_order_cell(rec: Mapping[Any, Any], lang: str) -> str:
    """The predicted next order date, marked when the customer is overdue."""
    when = rec.get("next_order")
    if when is None or (not isinstance(when, str) and pd.isna(when)):
        return "–"
    text = str(pd.Timestamp(when).date())
    return f"{text} ({tr(lang, 'overdue')})" if rec.get("overdue") is True else text


def _rules(workspace: Path, rule: str | None, name: str | None, lang: str) -> list[str]:
    """The rules a list is narrowed by: ``--rule`` and the saved segment ``--saved``."""
    from bindung import segment_rules

    out = []
    try:
        if name is not None:
            found = segment_rules.saved(workspace)
            if name not in found:
                raise BindungError(
                    N_("--saved {name}: no such saved segment; saved: {saved}"),
                    name=repr(name),
                    saved=", ".join(found) or "– (bindung segment save NAME RULE)",
                )
            out.append(found[name])
        if rule is not None:
            out.append(segment_rules.check(rule))
    except BindungError as exc:
        raise _fail(exc, lang) from None
    return out


def _apply_rules(workspace: Path, frame: pd.DataFrame, rules: list[str]) -> pd.DataFrame:
    """The rows of ``frame`` (the customers answer) for which every rule holds; the customer
    attributes a rule names (customer_group, channel, country) are read from the store."""
    from bindung import segment_rules

    return segment_rules.select(frame, rules, segment_rules.stored_attributes(workspace))


def _narrow(frame: pd.DataFrame, overdue: bool, at_risk: bool, lang: str) -> pd.DataFrame:
    """The customers of ``frame`` that are overdue (``--overdue``) and whose probability
    alive fell by more than the win-back list's margin (``--at-risk``)."""
    from bindung.insights.segments import MIN_DROP

    if overdue:
        if "overdue" not in frame.columns:
            raise BindungError(
                tr(
                    lang,
                    "the stored customers answer has no next order dates yet: run "
                    "`bindung refresh --only customers --force`",
                )
            )
        frame = frame[frame["overdue"].map(lambda v: v is True or v == 1 or v == "true")]
    if at_risk:
        drop = frame["p_alive_before"] - frame["p_alive"]
        frame = frame[drop > MIN_DROP]
    return frame.reset_index(drop=True)


def _check_export(tool: str, out_path: Path | None, enabled: bool, lang: str) -> None:
    """Refuse ``--export`` before reading anything: an unknown tool, no ``--out``, or a
    workspace without contacts."""
    from bindung.report.mailing import LAYOUTS

    if tool not in LAYOUTS:
        err.print(f"--export {tool!r}: expected one of {', '.join(LAYOUTS)}")
        raise typer.Exit(2)
    if out_path is None:
        err.print(tr(lang, "--export needs --out FILE.csv"))
        raise typer.Exit(2)
    if not enabled:
        err.print(
            tr(
                lang,
                "this workspace keeps no e-mail addresses, so there is nothing to export to "
                "an e-mail tool. To enable it, set contacts_enabled = true in bindung.toml "
                "(only with a legal basis for e-mailing these customers) and import the "
                "addresses: bindung import contacts FILE (docs/lists.md)",
            ),
            markup=False,
        )
        raise typer.Exit(2)


def _export_list(
    workspace: Path, picked: pd.DataFrame, tool: str, out_path: Path, lang: str
) -> None:
    """Write the chosen customers with their contacts as ``tool``'s import file and say how
    many were written and left out (no address is printed)."""
    from bindung.insights.contacts import contacts_of
    from bindung.report import mailing

    layout = mailing.LAYOUTS[tool]
    with _open(workspace, read_only=True) as ws:
        try:
            contacts = contacts_of(ws, picked["customer_id"].astype(str).tolist())
        except BindungError as exc:
            raise _fail(exc) from None
    found = mailing.contact_list(picked, contacts)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    mailing.write(layout, found.rows, out_path)
    out.print(
        tr(
            lang,
            "{path}: {n} contacts for {tool} ({chosen} customers chosen)",
            path=out_path,
            n=_n(len(found.rows), lang),
            tool=layout.title,
            chosen=_n(found.chosen, lang),
        ),
        markup=False,
    )
    for count, message in (
        (
            found.without_contact,
            N_("{n} customers left out: no contact row (bindung import contacts FILE)"),
        ),
        (found.without_consent, N_("{n} customers left out: their contact row records no consent")),
    ):
        if count:
            out.print(tr(lang, message, n=_n(count, lang)), markup=False)


# --- sections of the report: social media, satisfaction, complaints, fans, ROI, alerts --------

TableOpt = Annotated[
    str | None,
    typer.Option("--table", help="With --format csv: which table of the answer (default: first)."),
]


def _show_answer(
    workspace: Path,
    lang: str | None,
    format_: str,
    out_path: Path | None,
    table: str | None,
    key: str,
    params: dict[str, Any] | None = None,
    *,
    fresh: bool = False,
    stored_variant: bool = True,
) -> None:
    """Show the stored answer ``key`` (see :mod:`bindung.answers.access`) in the format asked
    for: terminal tables, CSV (one table), JSON (the stored document) or Excel (a sheet per
    table).  The note on stderr says when and on which data version it was computed."""
    from bindung.answers import access
    from bindung.report import tables as views

    _set_lang(lang)
    _check_format(format_, out_path)
    settings = _settings(workspace)
    chosen = _lang(settings.lang)
    try:
        got = access.get(
            workspace, key, params, lang=chosen, fresh=fresh, stored_variant=stored_variant
        )
    except BindungError as exc:
        raise _fail(exc) from None
    section = got.section
    if format_ == "json":
        _emit(json.dumps(got.document, ensure_ascii=False, indent=1), out_path)
    elif format_ == "csv":
        try:
            csv_text = views.to_csv(
                section, chosen, table, tz=settings.timezone, bom=out_path is not None
            )
            _emit(csv_text, out_path)
        except KeyError as exc:
            err.print(f"--table: {exc.args[0]}")
            raise typer.Exit(2) from None
    elif format_ == "xlsx":
        assert out_path is not None
        views.to_xlsx(section, chosen, out_path, currency=settings.currency, tz=settings.timezone)
        err.print(str(out_path))
    else:
        shown = views.render_terminal(section, chosen, settings.currency, limit=views.SHOWN_ROWS)
        for part in shown:
            if isinstance(part, RichTable):
                _print_wide(part)
            else:
                out.print(part)
    if format_ == "table":
        _print_note(got)


def _print_note(got: Any) -> None:
    """When and on which data the answer was computed (stderr, under a table; JSON carries
    it in ``answer``); stale answers say so."""
    err.print(f"[dim]{got.note}[/dim]" if got.state == "current" else got.note)


def _settings(folder: Path) -> Any:
    from bindung import config

    try:
        return config.load(folder)
    except BindungError as exc:
        raise _fail(exc) from None


compare_app = typer.Typer(
    help="Compare groups of customers, adjusted for how they differed to begin with.",
    no_args_is_help=True,
)
app.add_typer(compare_app, name="compare")


@compare_app.command("fans")
def compare_fans_cmd(
    horizon_text: Annotated[
        str,
        typer.Option(
            "--horizon", metavar=WHOLE, help="Outcome window: the last N complete months."
        ),
    ] = "12",
    format_: FormatOpt = "table",
    out_path: OutOpt = None,
    table: TableOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    fresh: FreshOpt = False,
) -> None:
    """Do customers who engage on social media buy again more often, spend more and stay
    longer?  Raw difference, weighted on history, and within customers (before/after), each
    with a 95 % interval."""
    horizon = _whole(workspace, lang, "--horizon", horizon_text)
    params = {} if horizon == 12 else {"horizon": horizon}
    _show_answer(
        workspace,
        lang,
        format_,
        out_path,
        table,
        "fans",
        params,
        fresh=fresh,
        stored_variant=horizon == 12,
    )


@app.command("roi")
def roi_cmd(
    clv: Annotated[
        str | None, typer.Option(metavar=AMOUNT, help="Calculator: CLV per customer.")
    ] = None,
    kept: Annotated[
        str | None, typer.Option(metavar=NUMBER, help="Calculator: customers kept.")
    ] = None,
    cost: Annotated[
        str | None, typer.Option(metavar=AMOUNT, help="Calculator: cost of the measure.")
    ] = None,
    horizon_text: Annotated[
        str,
        typer.Option(
            "--horizon", metavar=WHOLE, help="Outcome window: the last N complete months."
        ),
    ] = "12",
    format_: FormatOpt = "table",
    out_path: OutOpt = None,
    table: TableOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    fresh: FreshOpt = False,
) -> None:
    """Return on retention measures: ((CLV × customers kept) − cost) / cost × 100, with the
    customers kept counted naively and incrementally.  With --clv, --kept and --cost: the
    formula for one measure.  Numbers as the workspace locale writes them (German: 2.500 or
    2500,50)."""
    horizon = _whole(workspace, lang, "--horizon", horizon_text)
    calculator = _numbers(workspace, lang, clv=clv, kept=kept, cost=cost)
    options = {k: v for k, v in calculator.items() if v is not None}
    if horizon != 12:
        options["horizon"] = horizon
    _show_answer(
        workspace,
        lang,
        format_,
        out_path,
        table,
        "roi",
        options,
        fresh=fresh,
        stored_variant=not options,
    )


FromOpt = Annotated[
    str | None, typer.Option("--from", help="First day or period, e.g. 2026-01 or 2026-Q1.")
]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last day or period (inclusive).")]


def _period_section(name: str, doc: str) -> None:
    """Register ``bindung NAME``: a report section over local calendar periods."""

    def command(
        period: PeriodOpt = "month",
        from_: FromOpt = None,
        to: ToOpt = None,
        format_: FormatOpt = "table",
        out_path: OutOpt = None,
        table: TableOpt = None,
        workspace: WorkspaceOpt = Path("."),
        lang: LangOpt = None,
        fresh: FreshOpt = False,
    ) -> None:
        params: dict[str, Any] = {"period": period}
        window = {k: v for k, v in (("start", from_), ("end", to)) if v is not None}
        _show_answer(
            workspace,
            lang,
            format_,
            out_path,
            table,
            name,
            params | window,
            fresh=fresh,
            stored_variant=not window and (name != "complaints" or period == "month"),
        )

    command.__doc__ = doc
    app.command(name)(command)


_period_section(
    "social",
    """Social media per platform: reply times (SMRT; with business hours also in open
    minutes), engagement of existing customers (SMER-B), advocacy (SMAI) and the share of the
    community that are customers, with benchmarks from the trade literature (source 000).""",
)
_period_section(
    "complaints",
    """Complaints: time to first reply and to resolution, resolution rate, outcomes, and
    whether customers buy more or less after a resolved or an unresolved complaint (raw and
    within customers).""",
)


@app.command("satisfaction")
def satisfaction_cmd(
    period: PeriodOpt = "month",
    from_: FromOpt = None,
    to: ToOpt = None,
    points: Annotated[
        str | None,
        typer.Option(
            metavar=NUMBER,
            help="ROI of a measure: NPS score points it should gain (with --cost).",
        ),
    ] = None,
    cost: Annotated[
        str | None, typer.Option(metavar=AMOUNT, help="ROI of a measure: its cost.")
    ] = None,
    format_: FormatOpt = "table",
    out_path: OutOpt = None,
    table: TableOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    fresh: FreshOpt = False,
) -> None:
    """Satisfaction: NPS with interval, split and trend, by segment and channel; SMCSS per
    platform; CSAT; what one point of satisfaction is worth (relation to buying again) and,
    with --points and --cost, the ROI of a measure."""
    typed = _numbers(workspace, lang, points=points, cost=cost)
    extra = {
        k: v
        for k, v in (
            ("start", from_),
            ("end", to),
            ("points", typed["points"]),
            ("cost", typed["cost"]),
        )
        if v is not None
    }
    _show_answer(
        workspace,
        lang,
        format_,
        out_path,
        table,
        "satisfaction",
        {"period": period} | extra,
        fresh=fresh,
        stored_variant=not extra,
    )


@app.command("alerts")
def alerts_cmd(
    format_: FormatOpt = "table",
    out_path: OutOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    fresh: FreshOpt = False,
) -> None:
    """Alerts against the benchmarks of the literature (SMCSS, SMER-B, SMAI, reply time,
    falling NPS, old open and unresolved complaints), each with the customers concerned and
    the revenue at risk.  Thresholds: the alert_* settings in bindung.toml."""
    _show_answer(workspace, lang, format_, out_path, None, "alerts", {}, fresh=fresh)


@app.command("refresh")
def refresh_cmd(
    only: Annotated[
        list[str] | None,
        typer.Option("--only", help="Only this answer (repeatable), e.g. --only fans."),
    ] = None,
    force: Annotated[bool, typer.Option(help="Recompute even current answers.")] = False,
    quiet: Annotated[bool, typer.Option(help="No progress bar, only failures.")] = False,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Compute every answer that is out of date and store it in the workspace (per data
    version and settings).  Works on a snapshot of the store: imports and every read command
    go on meanwhile.  Exit 1 when an answer failed."""
    _set_lang(lang)
    chosen = _lang(_settings(workspace).lang)
    if _refresh(workspace, chosen, only=only or None, force=force, quiet=quiet):
        raise typer.Exit(1)


def _refresh(
    workspace: Path, chosen: str, *, only: list[str] | None, force: bool, quiet: bool
) -> int:
    """Run the refresh with a progress bar per answer (stderr); the number that failed."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from bindung.answers import refresh as refresh_mod
    from bindung.answers.registry import slug

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
    )
    done: dict[str, int] = {}
    tasks: dict[str, Any] = {}

    def start(work: Any) -> None:
        totals: dict[str, int] = {}
        for the_spec, _, _, _ in work.items:
            totals[the_spec.key] = totals.get(the_spec.key, 0) + 1
        for the_spec, _, _, _ in work.items:
            if the_spec.key not in tasks:
                tasks[the_spec.key] = progress.add_task(
                    the_spec.title(chosen), total=totals[the_spec.key]
                )

    def finished(outcome: Any) -> None:
        task = tasks[outcome.key]
        done[outcome.status] = done.get(outcome.status, 0) + 1
        progress.advance(task)
        if outcome.status == "failed":
            err.print(f"⚠ {outcome.key} {slug(outcome.params)}: {outcome.message}", markup=False)
        elif outcome.status == "computed" and not quiet:
            spent = progress.tasks[task].fields.get("seconds", 0.0) + outcome.seconds
            progress.update(
                task,
                seconds=spent,
                description=f"{progress.tasks[task].description.split(' · ')[0]} · {spent:.1f} s",
            )

    try:
        with progress:
            outcomes = refresh_mod.refresh(
                workspace, only=only, force=force, on_start=start, on_done=finished
            )
    except BindungError as exc:
        raise _fail(exc) from None
    computed = sum(o.status in ("computed", "unavailable") for o in outcomes)
    current = sum(o.status == "current" for o in outcomes)
    failed = sum(o.status == "failed" for o in outcomes)
    seconds = sum(o.seconds for o in outcomes)
    if not quiet or failed:
        err.print(
            tr(
                chosen,
                "{computed} answers computed ({seconds:.1f} s), {current} were current, {failed} "
                "failed.",
                computed=computed,
                seconds=seconds,
                current=current,
                failed=failed,
            )
        )
    return failed


@app.command("answers")
def answers_cmd(
    format_: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Every stored answer: when it was computed, on which data version, how long it took,
    and whether it is current."""
    from bindung.answers import refresh as refresh_mod
    from bindung.answers.registry import all_specs, slug
    from bindung.answers.store import AnswerStore

    _set_lang(lang)
    chosen = _lang(_settings(workspace).lang)
    try:
        stale = {(k, slug(p)) for k, p in refresh_mod.stale(workspace)}
    except BindungError as exc:
        raise _fail(exc) from None
    stored = {(e["key"], slug(e["params"])): e for e in AnswerStore(workspace).entries()}
    rows = []
    for the_spec in all_specs():
        for (key, name), entry in stored.items():
            if key != the_spec.key:
                continue
            rows.append(
                {
                    "key": key,
                    "params": entry["params"],
                    "computed_at": entry.get("computed_at"),
                    "data_version": entry.get("data_version"),
                    "seconds": entry.get("seconds"),
                    "current": (key, name) not in stale,
                    "error": entry.get("error"),
                }
            )
    missing = sorted({k for k, name in stale if (k, name) not in stored})
    if format_ == "json":
        out.out(json.dumps({"answers": rows, "missing": missing}, ensure_ascii=False, indent=1))
        return
    heads = [
        tr(chosen, head)
        for head in (
            N_("answer"),
            N_("variant"),
            N_("computed (UTC)"),
            N_("data version"),
            N_("seconds"),
            N_("current"),
        )
    ]
    table = RichTable(*heads)
    yes, no = tr(chosen, "yes"), tr(chosen, "no")
    for r in rows:
        variant = ", ".join(f"{k}={v}" for k, v in r["params"].items() if v is not None)
        table.add_row(
            r["key"],
            variant,
            str(r["computed_at"] or "").replace("T", " ").replace("+00:00", ""),
            str(r["data_version"] or ""),
            fmt_seconds(r["seconds"], chosen),
            (yes if r["current"] else no) + (f" ({r['error'][:40]})" if r["error"] else ""),
        )
    _print_wide(table)
    if missing:
        out.print(tr(chosen, "Not computed yet: ") + ", ".join(missing) + " → bindung refresh")


def fmt_seconds(value: Any, lang: str) -> str:
    from bindung.report import format as fmt

    return "" if value is None else fmt.number(float(value), lang, 2)


@app.command("serve")
def serve_cmd(
    host: Annotated[
        str, typer.Option(help="Address to bind; other than 127.0.0.1 needs --token.")
    ] = "127.0.0.1",
    port_text: Annotated[str, typer.Option("--port", metavar=WHOLE, help="Port.")] = "8000",
    token: Annotated[
        str | None,
        typer.Option(
            envvar="BINDUNG_TOKEN",
            help="Access token required on every request (at least 16 characters).",
        ),
    ] = None,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            envvar="BINDUNG_ALLOW_HOSTS",
            help="Another host name requests may carry besides localhost and the bound "
            "address, e.g. a reverse proxy's (NAME or NAME:PORT; repeatable; * for any).",
        ),
    ] = None,
    max_upload_text: Annotated[
        str, typer.Option("--max-upload-mb", metavar=WHOLE, help="Largest upload in MB.")
    ] = "50",
    refresh_text: Annotated[
        str,
        typer.Option(
            "--refresh-every",
            metavar=NUMBER,
            help="Check every N seconds whether the data or settings changed and refresh the "
            "answers in the background (0: never).",
        ),
    ] = "2",
    workspace: WorkspaceOpt = Path("."),
) -> None:
    """Start the dashboard (FastAPI): overview, retention, customer value, social media and
    satisfaction, ROI, imports; JSON at /api, OpenAPI at /docs."""
    port = _whole(workspace, None, "--port", port_text)
    max_upload_mb = _whole(workspace, None, "--max-upload-mb", max_upload_text)
    refresh_every = float(_numbers(workspace, None, refresh_every=refresh_text)["refresh_every"])
    import uvicorn

    from bindung.web.app import create_app
    from bindung.web.security import allowed_hosts, check_token, require_token_off_loopback

    try:
        check_token(token)
        require_token_off_loopback(host, token)
        web = create_app(
            workspace,
            token=token,
            max_upload_mb=max_upload_mb,
            refresh_every=refresh_every if refresh_every > 0 else None,
            host=host,
            port=port,
            allow_hosts=allowed_hosts(allow_host or ()),
        )
    except BindungError as exc:
        raise _fail(exc) from None
    err.print(f"http://{host}:{port}/")
    uvicorn.run(web, host=host, port=port, log_level="warning")


@app.command("costs")
def costs_cmd(
    format_: FormatOpt = "table",
    out_path: OutOpt = None,
    table: TableOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    fresh: FreshOpt = False,
) -> None:
    """Winning against keeping: acquisition cost per new customer and retention cost per kept
    customer over the last 12 complete months and the 12-month windows before them, with the
    literature's 5–25× (source 003) as a reference.  The budget advice uses the same figures."""
    _show_answer(workspace, lang, format_, out_path, table, "costs", fresh=fresh)


@app.command("measures")
def measures_cmd(
    format_: FormatOpt = "table",
    out_path: OutOpt = None,
    table: TableOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    fresh: FreshOpt = False,
) -> None:
    """ROI per retention measure (cost programme): customers touched, the effect from the
    estimator that fits (fans weighted on history, members and complainants within customers,
    A/B tests) with its 95 % interval, value added (CLV), ROI with interval, the naive ROI of
    the literature beside it, the cumulative ROI month by month since the start (table
    over_time), and where the next euro goes.  Links: [measures] in bindung.toml."""
    _show_answer(workspace, lang, format_, out_path, table, "measures", fresh=fresh)


@app.command("campaigns")
def campaigns_cmd(
    format_: FormatOpt = "table",
    out_path: OutOpt = None,
    table: TableOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    fresh: FreshOpt = False,
) -> None:
    """E-mail campaigns: per campaign the share of recipients buying within 30 days of sending
    and their revenue, against the holdout group (an A/B test) or, without one, against
    non-recipients of the same orders, recency and tenure (an upper bound), with 95 %
    intervals; opens, clicks and additional buyers.  Import: bindung import campaigns FILE,
    bindung import campaign_recipients FILE."""
    _show_answer(workspace, lang, format_, out_path, table, "campaigns", fresh=fresh)


@app.command("channels")
def channels_cmd(
    format_: FormatOpt = "table",
    out_path: OutOpt = None,
    table: TableOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    fresh: FreshOpt = False,
) -> None:
    """Sales channels of the orders: do customers who buy in several channels stay longer?
    Multi- against single-channel buyers (status from the orders of the first 182 days):
    still buying, orders and revenue in the 365 days after, unadjusted and against
    single-channel buyers with the same number of early orders, first channel and quarter of
    arrival, with 95 % intervals; the channel migration matrix (first-order channel -> later
    channels); customers by channels used.  Tables: retention, orders, value, migration, usage."""
    _show_answer(workspace, lang, format_, out_path, table, "channels", fresh=fresh)


@app.command("themes")
def themes_cmd(
    format_: FormatOpt = "table",
    out_path: OutOpt = None,
    table: TableOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    fresh: FreshOpt = False,
) -> None:
    """What customers write about: themes of survey comments, complaint texts and social media
    mentions (the theme list of bindung.toml [themes]: delivery, price, quality, service, app
    and website by default; further themes found by TF-IDF + NMF), with their share per source
    and quarter, the NPS of the customers who name them and their repurchase within a year
    against customers who wrote about other things (95 % intervals); the sentiment of mentions
    per platform; negative mentions against their seasonal range.  Tables: themes, trend, nps,
    repurchase, sentiment, negative_mentions."""
    _show_answer(workspace, lang, format_, out_path, table, "themes", fresh=fresh)


@app.command("replies")
def replies_cmd(
    format_: FormatOpt = "table",
    out_path: OutOpt = None,
    table: TableOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    fresh: FreshOpt = False,
) -> None:
    """Reply speed and retention: customers by the speed of the first reply to their first
    message (complaint or social mention needing a reply; within 15, 30, 60 minutes, later,
    never), with retention, orders and revenue in the 365 days after it; answered within
    15/30/60 minutes against later, unadjusted and weighted on the customers' history, with
    95 % intervals, beside the +33 % retention of source 000.  Tables: bands, retention,
    orders, revenue."""
    _show_answer(workspace, lang, format_, out_path, table, "replies", fresh=fresh)


@app.command("content")
def content_cmd(
    format_: FormatOpt = "table",
    out_path: OutOpt = None,
    table: TableOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    fresh: FreshOpt = False,
) -> None:
    """Content formats (the kind of social_posts: photo, video, story, ...) per platform:
    posts, existing customers reached (share of the customers with a linked account and of
    the active customers), SMER-B per format, and buying again in the last 12 months of
    customers who engaged with the format against customers with the same purchase history
    who never engaged, with 95 % intervals; posting rhythm: interactions by customers per post
    by posts per week.  Tables: formats, rhythm."""
    _show_answer(workspace, lang, format_, out_path, table, "content", fresh=fresh)


@app.command("reviews")
def reviews_cmd(
    period: Annotated[str, typer.Option("--period", help="month or quarter.")] = "month",
    format_: FormatOpt = "table",
    out_path: OutOpt = None,
    table: TableOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    fresh: FreshOpt = False,
) -> None:
    """Reviews on review platforms (Trusted Shops, Google, Trustpilot): per platform and month
    or quarter the number of reviews, the mean rating with its 95 % interval and the shares of
    1-2 and 4-5 stars; customers who wrote a review against customers without one: bought
    again in the last 12 months, unadjusted and weighted on the purchase history at the same
    date, by rating band, with 95 % intervals.  Tables: trend, reviewers.  Import: bindung
    import reviews FILE."""
    _show_answer(
        workspace, lang, format_, out_path, table, "reviews", {"period": period}, fresh=fresh
    )


@app.command("products")
def products_cmd(
    format_: FormatOpt = "table",
    out_path: OutOpt = None,
    table: TableOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    fresh: FreshOpt = False,
) -> None:
    """What customers buy, from the order lines: repeat rate within a year, median days to
    the second order and mean CLV by first product and first category; products bought
    together (support, confidence, lift); the next product to offer per segment; re-order
    timing of consumables and the customers due to re-order, highest CLV first (--table due
    --format csv writes the list).  Tables: first_product, first_category, pairs,
    next_product, replenishment, due."""
    _show_answer(workspace, lang, format_, out_path, table, "products", fresh=fresh)


@app.command("economics")
def economics_cmd(
    format_: FormatOpt = "table",
    out_path: OutOpt = None,
    table: TableOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    fresh: FreshOpt = False,
) -> None:
    """Unit economics per acquisition channel: cost per new customer (CAC) over the last 12
    months, customer value (LTV: margin so far plus the CLV model's next three years),
    LTV:CAC, the month in which the margin pays the CAC back, and the cumulative revenue and
    margin per customer by months since acquisition (per channel and cohort).  Flags: the
    settings ltv_cac_min and payback_months_max."""
    _show_answer(workspace, lang, format_, out_path, table, "economics", fresh=fresh)


@app.command("budget")
def budget_cmd(
    points: Annotated[
        str | None,
        typer.Option(metavar=NUMBER, help="What-if: retention rate higher by this (default 5)."),
    ] = None,
    years_text: Annotated[
        str, typer.Option("--years", metavar=WHOLE, help="What-if: years to project.")
    ] = "3",
    format_: FormatOpt = "table",
    out_path: OutOpt = None,
    table: TableOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    fresh: FreshOpt = False,
) -> None:
    """Budget: retention against acquisition spend of the last 12 months with the 60/40 rule
    of source 000, cost per new against per kept customer, the business phase (start, growth,
    secure growth, establishment, success) with its advice, and what a higher retention rate
    would bring in customers, revenue and profit according to the fitted CLV model."""
    years = _whole(workspace, lang, "--years", years_text)
    from bindung.insights.budget import check_whatif

    typed = _numbers(workspace, lang, points=points)["points"]
    points_ = 5.0 if typed is None else typed
    try:
        check_whatif(points_, years)
    except BindungError as exc:
        raise _fail(exc) from None
    options: dict[str, Any] = {}
    if points_ != 5.0:
        options["points"] = points_
    if years != 3:
        options["years"] = years
    _show_answer(
        workspace,
        lang,
        format_,
        out_path,
        table,
        "budget",
        options,
        fresh=fresh,
        stored_variant=not options,
    )


def _report_period(text: str) -> tuple[str, str | None]:
    """``--period`` of ``bindung report``: a unit (month, ...) or one period (2025-Q3, 2025-07,
    2025-W05, 2025), whose unit it implies and which the overview then shows."""
    import re

    from bindung.metrics import periods

    if text in periods.UNITS:
        return text, None
    shapes = (
        (r"^\d{4}-Q[1-4]$", "quarter"),
        (r"^\d{4}-W\d{2}$", "week"),
        (r"^\d{4}-\d{2}$", "month"),
        (r"^\d{4}$", "year"),
    )
    for pattern, unit in shapes:
        if re.match(pattern, text):
            periods.parse(text, option="--period")  # validates, e.g. 2025-13
            return unit, text
    raise BindungError(
        f"--period {text!r}: expected week, month, quarter or year, or one period such as "
        "2025-Q3, 2025-07, 2025-W05 or 2025"
    )


@app.command("report")
def report_cmd(
    period: Annotated[
        str, typer.Option(help="month, quarter, ... or one period such as 2025-Q3.")
    ] = "month",
    out_path: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the HTML report here.")
    ] = None,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="Write the Excel report here.")
    ] = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """The monthly answer as one self-contained HTML file (charts embedded, opens offline) and
    an Excel workbook (a sheet per section, numbers as numbers), from the stored answers."""
    from bindung.answers import reports
    from bindung.report import document

    _set_lang(lang)
    if out_path is None and xlsx is None:
        err.print("give --out report.html and/or --xlsx report.xlsx")
        raise typer.Exit(2)
    chosen = _lang(_settings(workspace).lang)
    try:
        unit, focus = _report_period(period)
        report = reports.build_report(workspace, period=unit, focus=focus, lang=chosen)
    except BindungError as exc:
        raise _fail(exc) from None
    if out_path is not None:
        err.print(str(document.save_html(report, out_path)))
    if xlsx is not None:
        err.print(str(document.save_xlsx(report, xlsx)))


@app.command("digest")
def digest_cmd(
    period: Annotated[str, typer.Option(help="month or week: the last complete one.")] = "month",
    send: Annotated[
        bool, typer.Option("--send", help="Send it to the channels of [digest] in bindung.toml.")
    ] = False,
    out_path: Annotated[
        Path | None, typer.Option("--out", "-o", help="Also write the e-mail's HTML here.")
    ] = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """A short summary of the stored answers: the key figures of the last complete month or
    week, what changed most, goals, alerts, the most valuable customers at risk and where the
    next euro goes.  Prints it; with --send it goes as an e-mail (HTML and plain text, the
    report attached) and as Slack, Microsoft Teams or Mattermost messages, as set in [digest]
    of bindung.toml.  Failed sends are tried three times, logged in digests.log and end with
    exit code 1."""
    from bindung.digest import compose, render
    from bindung.digest import send as sending
    from bindung.digest_settings import digest_settings

    _set_lang(lang)
    settings = _settings(workspace)
    chosen = _lang(settings.lang)
    try:
        digest = compose(workspace, period=period, lang=chosen)
        where = digest_settings(settings.digest, str(workspace / "bindung.toml"))
    except BindungError as exc:
        raise _fail(exc) from None
    if out_path is not None:
        out_path.write_text(render.html(digest), encoding="utf-8")
        err.print(str(out_path))
    if not send:
        out.print(render.text(digest).rstrip("\n"), markup=False)
        return
    if not where.channels:
        err.print(
            tr(
                chosen,
                "no channels to send to: set email_to or webhooks in [digest] of bindung.toml "
                "(docs/digests.md)",
            )
        )
        raise typer.Exit(2)
    report = _digest_report(workspace, period, chosen) if where.attach_report else None
    results = sending.deliver(workspace, digest, where, report)
    for r in results:
        if r.ok:
            err.print(tr(chosen, "sent: {channel}", channel=r.channel), markup=False)
        else:
            err.print(
                tr(
                    chosen,
                    "not sent: {channel} after {attempts} attempts: {error} (logged in "
                    "digests.log)",
                    channel=r.channel,
                    attempts=r.attempts,
                    error=r.error,
                ),
                markup=False,
            )
    if not all(r.ok for r in results):
        raise typer.Exit(1)


@app.command("schedule")
def schedule_cmd(
    print_cron: Annotated[
        bool,
        typer.Option(
            "--print-cron", help="Print crontab lines and systemd units instead (no server)."
        ),
    ] = False,
    run_due: Annotated[
        bool, typer.Option("--run-due", help="Run the jobs that are due now, then stop.")
    ] = False,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """The digests' schedule (send_month, send_week in [digest] of bindung.toml): each job
    with its next run and how the last one went.  `bindung serve` runs them; without the
    server, --print-cron prints the lines for cron or systemd."""
    from datetime import UTC, datetime

    from bindung.digest import schedule

    _set_lang(lang)
    settings = _settings(workspace)
    chosen = _lang(settings.lang)
    try:
        found = schedule.jobs(workspace)
    except BindungError as exc:
        raise _fail(exc) from None
    if not found:
        err.print(
            tr(
                chosen,
                "no schedule: set send_month and/or send_week in [digest] of bindung.toml, "
                'e.g. send_month = "0 8 1 * *" (08:00 on the first of the month; '
                "docs/digests.md)",
            )
        )
        raise typer.Exit(2)
    if print_cron:
        program = shutil.which("bindung") or f"{sys.executable} -m bindung"
        out.print(schedule.crontab(workspace, program), markup=False)
        return
    now = datetime.now(UTC)
    if run_due:
        ran = schedule.run_due(workspace, now)
        for name, ok in ran:
            err.print(f"{name}: {'ok' if ok else 'failed'}", markup=False)
        if not all(ok for _, ok in ran):
            raise typer.Exit(1)
    state = schedule.load_state(workspace)
    zone = ZoneInfo(settings.timezone)
    for job in found:
        entry = state.get(job.name, {})
        upcoming = job.next_after(now)
        when = upcoming.astimezone(zone).strftime("%Y-%m-%d %H:%M") if upcoming else "–"
        last = entry.get("fire", "")
        status = (
            ""
            if not last
            else (
                tr(chosen, "last run {fire}: ok", fire=last[:16].replace("T", " "))
                if entry.get("ok")
                else tr(
                    chosen,
                    "last run {fire}: failed ({error})",
                    fire=last[:16].replace("T", " "),
                    error=entry.get("error", ""),
                )
            )
        )
        out.print(
            tr(
                chosen,
                "{job} ({expr}): next {when} {zone}",
                job=job.name,
                expr=job.expr,
                when=when,
                zone=settings.timezone,
            )
            + (f"; {status}" if status else ""),
            markup=False,
        )


def _digest_report(workspace: Path, period: str, lang: str) -> bytes | None:
    """The HTML report of the stored answers for the digest's attachment (none when the
    answers are not there yet: the digest says what is missing)."""
    from bindung.answers import reports
    from bindung.report import document

    try:
        report = reports.build_report(workspace, period=period, focus=None, lang=lang)
    except BindungError:
        return None
    return document.render_html(report).encode("utf-8")


@app.command("loyalty")
def loyalty_cmd(
    format_: FormatOpt = "table",
    out_path: OutOpt = None,
    table: TableOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    fresh: FreshOpt = False,
) -> None:
    """Loyalty programmes (members, active members, points issued and redeemed, breakage, tier
    changes, referrals), the CLV of referred customers against everybody else, and members
    against comparable non-members (matched on behaviour before joining, and each member
    against themselves)."""
    _show_answer(workspace, lang, format_, out_path, table, "loyalty", {}, fresh=fresh)


experiment_app = typer.Typer(
    help="Experiments (A/B tests of retention measures): results and planning.",
    no_args_is_help=True,
)
app.add_typer(experiment_app, name="experiment")


@experiment_app.command("show")
def experiment_show_cmd(
    name: Annotated[str, typer.Argument(help="The experiment (assignments.experiment).")],
    window_text: Annotated[
        str | None,
        typer.Option(
            "--window-days", metavar=WHOLE, help="Outcome window in days from the assignment."
        ),
    ] = None,
    format_: FormatOpt = "table",
    out_path: OutOpt = None,
    table: TableOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    fresh: FreshOpt = False,
) -> None:
    """Variants of an experiment against the control: share buying again, orders, revenue and
    retention (CLV with a stored model), with 95 % intervals, p-values and a sample-ratio
    check."""
    window_days = _whole(workspace, lang, "--window-days", window_text)
    params: dict[str, Any] = {"name": name}
    if window_days is not None:
        params["window_days"] = window_days
    _show_answer(
        workspace,
        lang,
        format_,
        out_path,
        table,
        "experiment",
        params,
        fresh=fresh,
        stored_variant=window_days is None,
    )


@experiment_app.command("plan")
def experiment_plan_cmd(
    baseline: Annotated[
        str,
        typer.Option(
            metavar=NUMBER,
            help="Share buying again without the measure: 0-1, or percent when > 1.",
        ),
    ],
    lift: Annotated[
        str, typer.Option(metavar=NUMBER, help="Lift to detect, in percentage points.")
    ],
    alpha: Annotated[
        str | None, typer.Option(metavar=NUMBER, help="Significance level (default 0.05).")
    ] = None,
    power: Annotated[str | None, typer.Option(metavar=NUMBER, help="Power (default 0.8).")] = None,
    per_week_text: Annotated[
        str | None,
        typer.Option(
            "--per-week", metavar=WHOLE, help="Customers who can enter the test per week."
        ),
    ] = None,
    lang: LangOpt = None,
) -> None:
    """How many customers (and weeks) a test needs to detect a lift in the share buying again."""
    per_week = _whole(None, lang, "--per-week", per_week_text)
    from bindung.insights.experiments import plan

    typed = _numbers(None, lang, baseline=baseline, lift=lift, alpha=alpha, power=power)
    chosen = _lang(None)
    baseline_, lift_ = float(typed["baseline"]), float(typed["lift"])
    alpha_ = 0.05 if typed["alpha"] is None else typed["alpha"]
    power_ = 0.8 if typed["power"] is None else typed["power"]
    try:
        p = plan(baseline_, lift_, alpha=alpha_, power=power_, customers_per_week=per_week)
    except (BindungError, ValueError) as exc:
        err.print(str(exc))
        raise typer.Exit(2) from None
    from bindung.report import format as fmt

    def num(v: float, decimals: int = 0) -> str:
        return fmt.number(v, chosen, decimals)

    rate = num(100 * p.baseline_rate, 1) + "\u00a0%"
    weeks = tr(chosen, "; {weeks} weeks.", weeks=num(p.weeks, 1)) if p.weeks is not None else "."
    out.print(
        tr(
            chosen,
            "{n} customers per group ({total} in all) to detect {lift} pp over {rate} at "
            "α = {alpha} and power {power}",
            n=_n(p.n_first, chosen),
            total=_n(p.total, chosen),
            lift=num(lift_, 1),
            rate=rate,
            alpha=num(alpha_, 2),
            power=num(power_, 2),
        )
        + weeks
    )


goal_app = typer.Typer(help="Goals: targets per metric and period.", no_args_is_help=True)
app.add_typer(goal_app, name="goal")


@goal_app.command("set")
def goal_set_cmd(
    metric: Annotated[str, typer.Argument(help="A metric key, e.g. retention_rate or nps.")],
    period: Annotated[str, typer.Argument(help="The period, e.g. 2026-Q1, 2026-03 or 2026.")],
    target: Annotated[
        str, typer.Argument(metavar="TARGET", help="The target value (percent as 0-100).")
    ],
    priority_text: Annotated[
        str, typer.Option("--priority", metavar=WHOLE, help="1 is the most important.")
    ] = "1",
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Set (or change) the target of a metric for a period."""
    priority = _whole(workspace, lang, "--priority", priority_text)
    from bindung.ingest.goals import set_goal

    target_ = float(_numbers(workspace, lang, TARGET=target)["TARGET"])
    ws = _open(workspace)
    try:
        chosen = _lang(ws.settings.lang)
        result = set_goal(ws, metric, period, target_, priority)
    except BindungError as exc:
        raise _fail(exc) from None
    finally:
        ws.close()
    from babel.numbers import format_decimal

    from bindung.formatting import locale_of

    def shown(value: float) -> str:  # as the reader writes numbers: 9,5 in German
        return str(format_decimal(value, locale=locale_of(chosen), group_separator=True))

    before = (
        ""
        if result.previous_target is None
        else tr(chosen, " (was {previous})", previous=shown(result.previous_target))
    )
    out.print(
        tr(
            chosen,
            "Goal {metric} {period}: {target}{before}, priority {priority}",
            metric=result.metric,
            period=result.period,
            target=shown(result.target),
            before=before,
            priority=result.priority,
        )
    )
    _after_write(workspace, chosen)


segment_app = typer.Typer(
    help="Saved segments: named rules over the customer list (segments.toml).",
    no_args_is_help=True,
)
app.add_typer(segment_app, name="segment")


@segment_app.command("save")
def segment_save_cmd(
    name: Annotated[str, typer.Argument(help="The segment's name.")],
    rule: Annotated[str, typer.Argument(help='The rule, e.g. "orders >= 3 and clv > 500".')],
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Save a rule under a name; `bindung customers --saved NAME` lists its customers."""
    from bindung import segment_rules

    _set_lang(lang)
    chosen = _lang(_settings(workspace).lang)
    try:
        segment_rules.save(workspace, name, rule)
    except BindungError as exc:
        raise _fail(exc, chosen) from None
    err.print(tr(chosen, "saved: {name} = {rule}", name=name, rule=rule), markup=False)


@segment_app.command("list")
def segment_list_cmd(workspace: WorkspaceOpt = Path("."), lang: LangOpt = None) -> None:
    """The saved segments with their rules and how many customers each holds now."""
    from bindung import answers, segment_rules

    _set_lang(lang)
    chosen = _lang(_settings(workspace).lang)
    found = segment_rules.saved(workspace)
    if not found:
        err.print(tr(chosen, "no saved segments: bindung segment save NAME RULE"))
        return
    try:
        frame = answers.section(workspace, "customers", lang=chosen).table("customers").frame
    except BindungError:
        frame = None
    table = RichTable(tr(chosen, "segment"), tr(chosen, "rule"), tr(chosen, "customers"))
    for name, rule in found.items():
        count = "–"
        if frame is not None:
            try:
                count = _n(len(_apply_rules(workspace, frame, [rule])), chosen)
            except BindungError as exc:
                count = exc.said(chosen)
        table.add_row(name, rule, count)
    out.print(table)


@segment_app.command("delete")
def segment_delete_cmd(
    name: Annotated[str, typer.Argument(help="The segment's name.")],
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Delete a saved segment."""
    from bindung import segment_rules

    _set_lang(lang)
    chosen = _lang(_settings(workspace).lang)
    try:
        segment_rules.delete(workspace, name)
    except BindungError as exc:
        raise _fail(exc, chosen) from None


@segment_app.command("fields")
def segment_fields_cmd(lang: LangOpt = None) -> None:
    """The fields a rule can use."""
    from bindung import segment_rules

    _set_lang(lang)
    chosen = _lang(None)
    for name, meaning in segment_rules.FIELDS.items():
        out.print(f"{name:16} {tr(chosen, meaning)}", markup=False)


@app.command("goals")
def goals_cmd(
    format_: FormatOpt = "table",
    out_path: OutOpt = None,
    table: TableOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    fresh: FreshOpt = False,
) -> None:
    """Goals by priority: target, value so far, status, and for a running period the forecast
    to its end (a straight-line trend with a 95 % band)."""
    _show_answer(workspace, lang, format_, out_path, table, "goals", {}, fresh=fresh)


def main(argv: list[str] | None = None) -> Any:
    """Entry point for ``python -m bindung``."""
    return app(argv)
