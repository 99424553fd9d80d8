"""The ``bindung`` command: a thin view over the workspace API.

Exit codes: 0 success; 1 an import stored what it could but rejected rows (or ``--strict``
refused the file); 2 an error the user must fix (message on stderr).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer
from babel.numbers import format_decimal
from rich.console import Console
from rich.table import Table as RichTable

from bindung.errors import BindungError, ImportRefused
from bindung.i18n import t
from bindung.ingest import mapping as mapping_mod
from bindung.ingest import presets
from bindung.ingest.load import ImportResult
from bindung.reference import column_checks
from bindung.store import schema
from bindung.workspace import Workspace, init, open_workspace

app = typer.Typer(
    help="Bindung: Kundenbindung messen und in Euro bewerten / measure customer retention "
    "and what it is worth.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

TEXT: dict[str, dict[str, str]] = {
    "init": {
        "en": "Workspace ready: {folder} (store {store})",
        "de": "Arbeitsbereich bereit: {folder} (Speicher {store})",
    },
    "holds": {"en": "What the workspace holds", "de": "Inhalt des Arbeitsbereichs"},
    "table": {"en": "table", "de": "Tabelle"},
    "rows": {"en": "rows", "de": "Zeilen"},
    "imports": {"en": "imports", "de": "Importe"},
    "rejects_none": {"en": "No rejected rows.", "de": "Keine abgelehnten Zeilen."},
    "line": {"en": "line", "de": "Zeile"},
    "reasons": {"en": "reasons", "de": "Gründe"},
    "raw": {"en": "raw row", "de": "Rohzeile"},
    "file": {"en": "file", "de": "Datei"},
    "more_rejects": {
        "en": "… {n} more: bindung rejects --import {id}",
        "de": "… {n} weitere: bindung rejects --import {id}",
    },
    "created": {
        "en": "{n} new customers created from {kind}",
        "de": "{n} neue Kunden aus {kind} angelegt",
    },
    "mapping": {"en": "columns: {pairs}", "de": "Spalten: {pairs}"},
    "forget_confirm": {
        "en": "Delete customer {id} from every table?",
        "de": "Kunde {id} aus allen Tabellen löschen?",
    },
    "forgot": {
        "en": "Customer {id}: {total} rows deleted",
        "de": "Kunde {id}: {total} Zeilen gelöscht",
    },
    "forgot_none": {
        "en": "Customer {id}: no rows found",
        "de": "Kunde {id}: keine Zeilen gefunden",
    },
    "demo_done": {
        "en": "Demo workspace built in {folder}",
        "de": "Demo-Arbeitsbereich erstellt in {folder}",
    },
}


_override: dict[str, str | None] = {"lang": None}


def _lang(ws_lang: str | None = None) -> str:
    """--lang, else $BINDUNG_LANG, else the workspace locale's language."""
    chosen = _override["lang"] or os.environ.get("BINDUNG_LANG")
    if chosen in ("de", "en"):
        return chosen
    return ws_lang or "de"


def _t(key: str, lang: str, **values: object) -> str:
    return TEXT[key]["de" if lang == "de" else "en"].format(**values)


def _n(value: int, lang: str) -> str:
    return str(format_decimal(value, locale="de_DE" if lang == "de" else "en_GB"))


def _fail(exc: BindungError) -> typer.Exit:
    err.print(str(exc), markup=False)
    return typer.Exit(2)


WorkspaceOpt = Annotated[
    Path,
    typer.Option(
        "--workspace", "-w", envvar="BINDUNG_WORKSPACE", help="Workspace folder / Arbeitsbereich."
    ),
]
LangOpt = Annotated[
    str | None, typer.Option("--lang", help="de or en (default: the workspace locale).")
]


def _open(folder: Path, *, read_only: bool = False) -> Workspace:
    try:
        return open_workspace(folder, read_only=read_only)
    except BindungError as exc:
        raise _fail(exc) from None


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
        ws = init(folder, **settings)
    except BindungError as exc:
        raise _fail(exc) from None
    with ws:
        out.print(_t("init", _lang(ws.settings.lang), folder=folder, store=ws.path.name))


@app.command("import")
def import_cmd(
    kind: Annotated[str, typer.Argument(help=f"One of: {', '.join(schema.KINDS)}.")],
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
    dateformat: Annotated[
        str | None,
        typer.Option(help="strftime format of dates, e.g. %d.%m.%Y (default: detected)."),
    ] = None,
    lang: LangOpt = None,
) -> None:
    """Import an export file into a canonical table (every row stored or rejected with reasons)."""
    _set_lang(lang)
    if kind not in schema.KINDS:
        err.print(f"unknown table {kind!r}; expected one of: {', '.join(schema.KINDS)}")
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
                dateformat=dateformat,
            )
        except ImportRefused as exc:
            assert isinstance(exc.result, ImportResult)
            _print_result(exc.result, language)
            err.print(str(exc))
            raise typer.Exit(1) from None
        except BindungError as exc:
            raise _fail(exc) from None
    _print_result(result, language)
    if result.rejected:
        raise typer.Exit(1)


def _print_result(result: ImportResult, lang: str) -> None:
    out.print(_summary(result, lang))
    if result.read == 0:
        out.print("  " + t("header_only", lang, file=Path(result.file).name))
    pairs = ", ".join(f"{col} → {field}" for field, col in result.mapping.items())
    out.print("  " + _t("mapping", lang, pairs=pairs))
    if result.customers_created:
        out.print(
            "  " + _t("created", lang, n=_n(result.customers_created, lang), kind=result.kind)
        )
    name = Path(result.file).name
    for r in result.rejects:
        for reason in r.reasons:
            out.print(f"  {name}:{r.line}: {reason}")
    more = result.rejected - len(result.rejects)
    if more > 0:
        out.print("  " + _t("more_rejects", lang, n=_n(more, lang), id=result.import_id))


def _summary(result: ImportResult, lang: str) -> str:
    return t(
        "summary",
        lang,
        file=Path(result.file).name,
        kind=result.kind,
        read=_n(result.read, lang),
        stored=_n(result.stored, lang),
        rejected=_n(result.rejected, lang),
        duplicates=_n(result.duplicates, lang),
    )


@app.command("rejects")
def rejects_cmd(
    import_id: Annotated[int | None, typer.Option("--import", help="Only this import.")] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many rows.")] = 100,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Show rejected rows with their line numbers and reasons."""
    _set_lang(lang)
    with _open(workspace, read_only=True) as ws:
        language = _lang(ws.settings.lang)
        frame = ws.rejects(import_id)
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
            "\n".join(row["reasons"]),
            str(row["raw"])[:80],
        )
    out.print(table)
    if len(frame) > limit:
        out.print(f"… {_n(len(frame) - limit, language)} more (--limit)")


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
        "duplicates",
        "status",
        "at (UTC)",
        "sha256",
    )
    for row in frame.to_dict("records"):
        table.add_row(
            str(row["import_id"]),
            str(row["kind"]),
            Path(str(row["file"])).name,
            *(_n(int(row[k]), language) for k in ("rows_read", "stored", "rejected", "duplicates")),
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
    customer_id: Annotated[str, typer.Argument(help="The customer to erase (GDPR art. 17).")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Delete a customer from every table and say how many rows went."""
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
        out.print(_t("forgot_none", language, id=customer_id))
        return
    out.print(_t("forgot", language, id=customer_id, total=_n(result.total, language)))
    for name, n in result.rows.items():
        out.print(f"  {name}: {_n(n, language)}")


@app.command("demo")
def demo_cmd(
    folder: Annotated[Path, typer.Argument(help="Folder of the demo workspace.")] = Path("demo"),
    seed: Annotated[int, typer.Option(help="Random seed.")] = 7,
    customers: Annotated[int, typer.Option(help="Number of customers.")] = 20_000,
    lang: LangOpt = None,
) -> None:
    """Build a seeded synthetic business (exports + workspace) and show what it holds."""
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


@app.command("tables")
def tables_cmd(kind: Annotated[str | None, typer.Argument()] = None) -> None:
    """The canonical tables: columns, types, keys, checks and header names recognised."""
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


def main(argv: list[str] | None = None) -> Any:
    """Entry point for ``python -m bindung``."""
    return app(argv)
