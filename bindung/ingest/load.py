"""Validate staged rows and load them into the store in one transaction.

The bookkeeping promise: every row read is stored, rejected (with its line, raw text and
reasons) or skipped as a duplicate, so ``read = stored + rejected + duplicates`` always.

* *stored*: a new key, or a key whose values changed (upsert; an empty cell never erases a
  stored value);
* *duplicate*: the same key with the same values, earlier in the file or already in the store
  (importing a file twice stores nothing the second time), or a further line item of an order
  merged by a preset (``collapse``);
* *rejected*: any failed check, including a key repeated with different values.

Orders and subscriptions create the customers they name (``first_seen`` = first order).
E-mail addresses are hashed with the workspace salt before anything is stored, and masked in
the raw text kept for rejects.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from bindung.errors import ImportRefused, MappingError
from bindung.i18n import t, tr
from bindung.ingest import mapping as mapping_mod
from bindung.ingest import parse, presets, rates, readers, timezones
from bindung.ingest.mapping import EMAIL_FIELDS, Mapping
from bindung.store import scrub
from bindung.store.schema import EXCHANGE_RATES, IMPORT_ID, Column, Table, q

# The look-behind starts a match only at the beginning of a run of address characters: without
# it a 1 MB field without '@' took hours (every start position rescanned the whole run).
EMAIL_RE = re.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
PREVIEW = 20
IMPORT_MEMORY = "3.2GB"


@dataclass(frozen=True)
class ImportOptions:
    kind: str
    strict: bool = False
    columns: dict[str, str] = field(default_factory=dict)  # explicit "Spalte" -> "field"
    preset: str | None = None
    format: str | None = None
    sheet: str | None = None
    delimiter: str | None = None
    encoding: str | None = None
    decimal: str | None = None  # "," or "."; detected per column when None
    thousands: str | None = None  # "," or ".": the mark between thousands (the other decimal)
    dateformat: str | None = None
    header: bool = True  # False: no header line (``--no-header``); ``names`` are the columns
    names: tuple[str, ...] = ()
    # What the import log records as the file instead of its resolved path: the name of a
    # file uploaded in the browser (the server's copy is a temporary file).
    source: str | None = None
    lang: str | None = None  # the language of reasons and notes (--lang); the workspace's


@dataclass(frozen=True)
class Reject:
    line: int
    raw: str
    reasons: tuple[str, ...]
    excluded: bool = False  # not an order (cancelled, ...): kept, but not an error


@dataclass
class ImportResult:
    import_id: int
    kind: str
    file: str
    sha256: str
    read: int
    stored: int
    rejected: int
    duplicates: int
    status: str  # "ok", "rejects" or "refused"
    customers_created: int = 0
    mapping: dict[str, str] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)  # the first PREVIEW
    preset: str | None = None  # the preset used (given or detected from the header)
    detected: str | None = None  # "detected: Shopify order export" when found from the header
    # Rows that are not orders (cancelled, a status that is none, a trial that never paid):
    # kept in the rejects table with their reason, counted apart, not an error.
    excluded: int = 0
    excluded_by: dict[str, int] = field(default_factory=dict)  # "cancelled", "status:x", "trial"
    unused: list[str] = field(default_factory=list)  # the file's columns nothing reads
    titles: list[tuple[int, str]] = field(default_factory=list)  # title rows skipped
    notes: list[str] = field(default_factory=list)  # further lines for the summary
    #: free-text column -> (e-mail addresses, phone numbers) replaced (bindung/store/scrub.py)
    scrubbed: dict[str, tuple[int, int]] = field(default_factory=dict)

    def summary(self, lang: str = "en", number: Callable[[int], str] = str) -> str:
        """``read = stored + rejected + excluded + duplicates``, in one line."""
        values = {
            "file": Path(self.file).name,
            "kind": self.kind,
            "read": number(self.read),
            "stored": number(self.stored),
            "rejected": number(self.rejected),
            "duplicates": number(self.duplicates),
        }
        if not self.excluded:
            return t("summary", lang, **values)
        return t(
            "summary_excluded",
            lang,
            **values,
            excluded=number(self.excluded),
            why=excluded_why(self.excluded_by, lang, number),
        )


def excluded_why(by: dict[str, int], lang: str, number: Callable[[int], str] = str) -> str:
    """``storniert`` or ``1 storniert, 2 Status pending``: what the excluded rows were."""

    def name(kind: str) -> str:
        if kind.startswith("status:"):
            return t("excluded_status", lang, status=kind.removeprefix("status:") or "—")
        return t(f"excluded_{kind}", lang)

    if len(by) == 1:
        return name(next(iter(by)))
    return ", ".join(f"{number(n)} {name(kind)}" for kind, n in by.items())


@dataclass(frozen=True)
class Extras:
    """File columns a preset reads beyond the mapping (indices into the header)."""

    refund: int | None = None
    excluded: int | None = None
    guest_email: int | None = None
    guest_ids: tuple[str, ...] = ()
    interval: int | None = None
    interval_count: int | None = None
    quantity: int | None = None
    trial_end: int | None = None
    line_items: int | None = None
    keep_status: dict[str, object] | None = None
    # campaign recipients: whether they opened / clicked (yes/no, 1/0, a count)
    opened_flag: int | None = None
    # an event log's event, time and sending-time columns (read by _pivot_events)
    events: dict[str, int] = field(default_factory=dict)
    clicked_flag: int | None = None
    # order lines (order_lines): sku, name, quantity, price, discount -> header index
    lines: dict[str, int] = field(default_factory=dict)
    # a column's value for every row (reviews: the platform) and words for values
    constants: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, preset: presets.TablePreset | None, headers: list[str]) -> Extras:
        if preset is None:
            return cls()
        keep = None
        if preset.keep_status:
            wanted = preset.keep_status.get("column")
            names = [wanted] if isinstance(wanted, str) else list(wanted or [])
            index = preset.first_present([str(n) for n in names], headers)
            if index is not None:
                keep = {
                    "column": headers[index],
                    "values": preset.keep_status.get("values", []),
                    "excluded": preset.keep_status.get("excluded", []),
                }
        return cls(
            refund=preset.first_present(preset.refunds, headers),
            excluded=preset.first_present(preset.excluded_when_set, headers),
            guest_email=preset.first_present(preset.guest_email, headers),
            guest_ids=tuple(preset.guest_ids),
            interval=preset.first_present(preset.interval, headers),
            interval_count=preset.first_present(preset.interval_count, headers),
            quantity=preset.first_present(preset.quantity, headers),
            trial_end=preset.first_present(preset.trial_end, headers),
            line_items=preset.first_present(preset.line_items, headers),
            keep_status=keep,
            opened_flag=preset.first_present(preset.opened_flag, headers),
            events={
                key: index
                for key in ("column", "time", "sent_time")
                if (
                    index := preset.first_present(
                        [str(n) for n in preset.events.get(key, [])], headers
                    )
                )
                is not None
            }
            if preset.events
            else {},
            clicked_flag=preset.first_present(preset.clicked_flag, headers),
            lines={
                name: index
                for name, names in preset.lines.items()
                if (index := preset.first_present(names, headers)) is not None
            },
            constants=dict(preset.constants),
            values={k: dict(v) for k, v in preset.values.items()},
        )

    def describe(self, headers: list[str]) -> dict[str, str]:
        """What the preset reads beyond the mapping, for the import summary's column list."""
        names = {"excluded": "cancelled", "guest": "guest_email (hash)", "line_items": "items"}
        out = {names.get(k, k): headers[v] for k, v in self.columns().items()}
        if self.keep_status:
            out["status"] = str(self.keep_status["column"])
        if self.lines:
            out["order_lines"] = ", ".join(headers[i] for i in self.lines.values())
        for key, index in self.events.items():
            out[{"column": "event", "time": "event_time", "sent_time": "sent_time"}[key]] = headers[
                index
            ]
        return out

    def columns(self) -> dict[str, int]:
        """Staged text columns ``t__<name>`` these extras need."""
        named = {
            "refund": self.refund,
            "excluded": self.excluded,
            "guest": self.guest_email,
            "interval": self.interval,
            "interval_count": self.interval_count,
            "quantity": self.quantity,
            "trial_end": self.trial_end,
            "line_items": self.line_items,
            "opened_flag": self.opened_flag,
            "clicked_flag": self.clicked_flag,
        }
        return {k: v for k, v in named.items() if v is not None}


# Price intervals -> how many of them make a month, as a fraction (numerator, denominator):
# MRR = amount x quantity x numerator / (denominator x interval count).  A year is 1/12, a
# day 365/12 and a week 365/84 months' worth (calendar year of 365 days).
INTERVALS: dict[str, tuple[int, int]] = {
    "day": (365, 12),
    "week": (365, 7 * 12),
    "month": (1, 1),
    "year": (1, 12),
}
INTERVAL_WORDS: dict[str, str] = {
    "day": "day",
    "days": "day",
    "daily": "day",
    "tag": "day",
    "täglich": "day",
    "week": "week",
    "weeks": "week",
    "weekly": "week",
    "woche": "week",
    "wöchentlich": "week",
    "month": "month",
    "months": "month",
    "monthly": "month",
    "monat": "month",
    "monatlich": "month",
    "year": "year",
    "years": "year",
    "yearly": "year",
    "annual": "year",
    "annually": "year",
    "jahr": "year",
    "jährlich": "year",
}


@dataclass(frozen=True)
class Context:
    timezone: str
    currency: str
    salt: str
    lang: str
    now: datetime


#: A valid address for the contacts table (RE2): local part @ domain with a dot and a top
#: level domain of letters; letters may be umlauts (müller@beispiel.de, info@müller-shop.de).
EMAIL_PATTERN = r"[\pL\pN._%+\-]+@[\pL\pN\-]+(\.[\pL\pN\-]+)*\.\pL{2,}"
#: :data:`EMAIL_PATTERN` for Python (``forget`` recognises an address with umlauts by it).
ADDRESS_RE = re.compile(r"[\w.%+\-]+@[\w\-]+(\.[\w\-]+)*\.[^\W\d_]{2,}")
#: What a rejected row of a table with addresses (contacts) keeps instead of its raw text.
PRIVATE_RAW = "<contact row: not kept>"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def mask_emails(text: str) -> str:
    return EMAIL_RE.sub("<e-mail>", text)


def run(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    path: Path,
    options: ImportOptions,
    ctx: Context,
) -> ImportResult:
    """Import ``path`` into ``table``; the caller holds the only writing connection."""
    if options.lang in ("de", "en"):  # --lang: the reasons stored and shown in that language
        ctx = replace(ctx, lang=options.lang)
    preset = presets.load(options.preset, table.name, ctx.lang) if options.preset else None
    read_opts = readers.ReadOptions(
        format=options.format or (preset.format if preset else None),
        sheet=options.sheet,
        delimiter=options.delimiter,
        encoding=options.encoding,
        lang=ctx.lang,
        header=options.header,
        columns=tuple(options.names),
        keep=None
        if table.name == EXCHANGE_RATES.name
        else _columns_needed(con, table, options, preset, ctx),
    )
    digest = sha256_of(path) if path.is_file() else ""
    # An import spills to disk rather than grow past IMPORT_MEMORY (bench: 10 M rows < 4 GB).
    limit = con.execute("SELECT current_setting('memory_limit')").fetchone()
    con.execute(f"SET memory_limit = '{IMPORT_MEMORY}'")
    try:
        staged = readers.read(con, path, read_opts)
        try:
            if table.name == EXCHANGE_RATES.name:
                result = rates.run(con, staged, digest, ctx, source=options.source)
                assert isinstance(result, ImportResult)
                return result
            _refuse_export(table, staged, options, ctx.lang)
            name, detected = options.preset, None
            if preset is None:
                found = presets.detect(table.name, staged.headers, ctx.lang)
                if found is not None:
                    name, preset = found
                    detected = t("preset_detected", ctx.lang, label=preset.label_in(ctx.lang))
            try:
                result = _import_staged(con, table, staged, digest, options, preset, ctx)
            except ImportRefused as exc:  # --strict: the summary still says what was read
                if isinstance(exc.result, ImportResult):
                    exc.result.preset, exc.result.detected = name, detected
                raise
            result.preset, result.detected = name, detected
            return result
        finally:
            readers.drop_stage(con)
            con.execute(
                "DROP TABLE IF EXISTS __checked; DROP TABLE IF EXISTS __merged; "
                "DROP TABLE IF EXISTS __merging; "
                "DROP TABLE IF EXISTS __lines; DROP TABLE IF EXISTS __line_errors"
            )
            if staged.text_path is not None and staged.text_path != path:
                staged.text_path.unlink(missing_ok=True)
    finally:
        if limit:
            con.execute(f"SET memory_limit = '{limit[0]}'")


def _refuse_export(table: Table, staged: readers.Staged, options: ImportOptions, lang: str) -> None:
    """Stop on an export that names its customers only by name (WooCommerce Analytics ->
    Orders): customers of the same name would become one.  An explicit ``customer_id``
    mapping (``--map``/``--mapping``) imports it anyway: the user takes that risk."""
    message = refusal(table, staged.headers, options.columns, staged.file.name, lang)
    if message is not None:
        raise MappingError(message)


def refusal(
    table: Table, headers: list[str], columns: dict[str, str], file: str, lang: str
) -> str | None:
    """The message refusing a recognised export that cannot be read without guessing
    (``[[<table>.refused]]`` of a preset), or None; None too when ``columns`` (the explicit
    mapping) names ``customer_id``."""
    found = presets.refused(table.name, headers)
    if found is None:
        return None
    if any(target.partition(":")[0] == "customer_id" for target in columns.values()):
        return None
    wanted = mapping_mod.normalise(found.customer)
    column = next((h for h in headers if mapping_mod.normalise(h) == wanted), found.customer)
    return t(
        found.message, lang, file=file, label=found.label_in(lang), column=column, kind=table.name
    )


def _import_staged(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    staged: readers.Staged,
    digest: str,
    options: ImportOptions,
    preset: presets.TablePreset | None,
    ctx: Context,
) -> ImportResult:
    events_merged = 0
    if preset is not None and preset.events and table.name == "campaign_recipients":
        preset, events_merged = _pivot_events(con, staged, preset, ctx.lang)
    mapping = mapping_mod.resolve(
        table,
        staged.headers,
        options.columns,
        preset.columns if preset else {},
        file=str(staged.file),
        lang=ctx.lang,
        probe=mapping_mod.value_probe(con, table),
    )
    extras = _flag_columns(con, table, mapping, Extras.of(preset, staged.headers))
    _check_extras(mapping, options, preset, extras, staged, ctx.lang)
    unused = _unused_columns(con, table, mapping, extras, staged, ctx.lang)
    collapsed = bool(preset and preset.collapse and table.key[0] in mapping.fields)
    with_lines = collapsed and table.name == "orders" and bool(extras.lines)
    merged = (
        _collapse(con, table, mapping, extras, staged.headers, keep_lines=with_lines)
        if collapsed
        else 0
    )
    decimal = _decimal_option(options, ctx.lang) or (preset.decimal if preset else None)
    dateformat = options.dateformat or (preset.dateformat if preset else None)
    timezone = (preset.timezone if preset and preset.timezone else None) or ctx.timezone
    comma = _decimal_styles(
        con, table, mapping, decimal, staged.delimiter, staged.file.name, ctx.lang
    )
    column_formats = (
        {} if dateformat else _date_orders(con, table, mapping, staged.file.name, ctx.lang)
    )
    if with_lines:
        items = mapping.fields.get("items")
        _stage_lines(
            con,
            mapping.fields[table.key[0]].index,
            extras.lines,
            staged.headers,
            comma.get("revenue", False),
            ctx.lang,
            items.index if items else None,
        )
    likely = {} if dateformat else _likely_formats(con, table, mapping)
    has_times = any(c.type == "timestamp" for c in table.columns)
    tz_table = timezones.offsets_table(con, timezone) if has_times and timezone != "UTC" else None
    con.execute(
        "CREATE TEMP TABLE __checked AS "
        + _checked_sql(
            table,
            mapping,
            comma,
            dateformat,
            timezone,
            ctx,
            extras,
            staged.headers,
            likely,
            tz_table,
            collapsed,
            column_formats,
        )
    )
    readers.drop_stage(con)  # frees the raw text before the write
    _ensure_columns(con, table)
    scrubbed = _scrub_free_text(con, table)
    if "revenue_original" in table.column_names and "revenue" in mapping.fields:
        # the currency column's, or the one the amount's own mark names ($ 12,50): converted
        # at the ECB rate, or a reject saying the rate is missing
        currency = mapping.fields.get("currency") or mapping.fields["revenue"]
        rates.convert(con, currency.column, ctx.timezone, ctx.currency, ctx.lang)
    _table_fixups(con, table, mapping, extras)
    _reference_checks(con, table, mapping, ctx.lang)
    _mark_keys(con, table, ctx.lang)
    if with_lines:
        _reject_bad_lines(con)

    counts = con.execute(
        "SELECT count(*) FILTER (WHERE __state = 'rejected'), "
        "count(*) FILTER (WHERE __state = 'duplicate'), count(*) FROM __checked"
    ).fetchone()
    assert counts is not None
    rejected = int(counts[0]) + len(staged.structural)
    duplicates = int(counts[1]) + merged + events_merged
    read = int(counts[2]) + len(staged.structural) + merged + events_merged
    excluded_by = {
        str(kind): int(n)
        for kind, n in con.execute(
            "SELECT __excluded, count(*) FROM __checked WHERE __state = 'excluded' "
            "GROUP BY 1 ORDER BY 2 DESC, 1"
        ).fetchall()
    }
    excluded = sum(excluded_by.values())
    rejects = _collect_rejects(con, staged)
    filled = _filled_times(con, extras, staged.headers, ctx.lang)
    if any(c.type == "email" for c in table.columns):  # names and addresses: not kept
        rejects = [replace(r, raw=PRIVATE_RAW) for r in rejects]
    elif any(c.free_text for c in table.columns):  # addresses are masked already
        rejects = [replace(r, raw=scrub.PHONE_RE.sub(scrub.PHONE_MARK, r.raw)) for r in rejects]
    strict_refusal = options.strict and rejected > 0
    invalid = rejected

    if not strict_refusal:
        _merge(con, table)
    con.execute("BEGIN TRANSACTION")
    try:
        import_id = _next_import_id(con)
        if strict_refusal:
            # Valid rows are refused with the file: they count as rejected, so the log still
            # adds up (read = stored + rejected + excluded + duplicates); `invalid` keeps the
            # bad ones.  Exclusions stay exclusions: they were never going to be stored.
            stored, created, status = 0, 0, "refused"
            rejected = read - duplicates - excluded
        else:
            stored, dup_store = _upsert(con, table, import_id)
            duplicates += dup_store
            created = _create_customers(con, table, import_id)
            if with_lines:
                _write_lines(con, import_id)
            status = "rejects" if rejected else "ok"
        _imports_excluded_column(con)
        log_import(
            con,
            import_id,
            table.name,
            options.source or str(staged.file.resolve()),
            digest,
            (read, stored, rejected, duplicates, excluded),
            status,
            ctx.now.replace(tzinfo=None),
        )
        if rejects:
            _insert_rejects(con, import_id, rejects)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    result = ImportResult(
        import_id,
        table.name,
        options.source or str(staged.file),
        digest,
        read,
        stored,
        rejected,
        duplicates,
        status,
        created,
        {**mapping.describe(), **extras.describe(staged.headers)},
        rejects[:PREVIEW],
        excluded=excluded,
        excluded_by=excluded_by,
        unused=unused,
        titles=list(staged.titles),
        notes=staged.notes
        + _preset_notes(preset, extras, staged.headers, ctx.lang)
        + filled
        + _scrub_notes(scrubbed, ctx.lang),
        scrubbed=scrubbed,
    )
    assert result.read == result.stored + result.rejected + result.excluded + result.duplicates, (
        result
    )
    if strict_refusal:
        raise ImportRefused(
            t("strict_refused", ctx.lang, file=staged.file.name, rejected=invalid, read=read),
            result,
        )
    return result


def _scrub_free_text(con: duckdb.DuckDBPyConnection, table: Table) -> dict[str, tuple[int, int]]:
    """Replace e-mail addresses and phone numbers in the free-text columns of ``__checked``
    (before keys are compared, so importing the file again finds the same rows); returns the
    counts per column that had any."""
    found: dict[str, tuple[int, int]] = {}
    for col in table.columns:
        if not col.free_text:
            continue
        name = q(col.name)
        row = con.execute(scrub.counts_sql(name, "__checked")).fetchone()
        emails, phones = (int(row[0]), int(row[1])) if row else (0, 0)
        if emails or phones:
            con.execute(
                f"UPDATE __checked SET {name} = {scrub.scrubbed_sql(name)} "
                f"WHERE {name} IS NOT NULL AND {scrub.matches_sql(name)}"
            )
            found[col.name] = (emails, phones)
    return found


def _scrub_notes(scrubbed: dict[str, tuple[int, int]], lang: str) -> list[str]:
    return [
        tr(
            lang,
            "{column}: {emails} e-mail addresses and {phones} phone numbers replaced by "
            "[e-mail] and [phone] (contact details in free text are not stored)",
            column=column,
            emails=emails,
            phones=phones,
        )
        for column, (emails, phones) in scrubbed.items()
    ]


def _stage_lines(
    con: duckdb.DuckDBPyConnection,
    key_index: int,
    lines: dict[str, int],
    headers: list[str],
    comma: bool,
    lang: str,
    items_index: int | None = None,
) -> None:
    """``__lines``: every line row of a line-item export (``__stage_lines``, the rows before
    they were merged into orders), numbered within its order in file order, with the texts
    of its line columns, typed (quantity a whole number, price and discount amounts in the
    revenue column's number style) and ``__bad`` where a value does not parse.

    One pass: staging the texts, typing them and finding the bad ones were three (1.2 s of
    a 1 M line Shopify export).  ``__line_errors`` gets the reasons of the bad lines.
    """
    texts = ", ".join(
        f"{parse.clean_text(f'f{lines[name]}') if name in lines else 'NULL::VARCHAR'} AS t_{name}"
        for name in LINE_FIELDS
    )
    key = parse.clean_text(f"f{key_index}")
    quantity, _ = parse.integer("t_quantity", comma)
    price, _ = parse.money("t_price", comma)
    discount, _ = parse.money("t_discount", comma)
    checks = []
    bad_any = []
    typed = (("quantity", "quantity"), ("price", "unit_price"), ("discount", "discount"))
    for name, value in typed:
        if name not in lines or (name == "quantity" and lines[name] == items_index):
            continue  # the items column's quantities are checked as items already
        sql = {
            "column": parse.lit(f"'{headers[lines[name]]}'"),
            "value": parse.quoted(f"t_{name}"),
            "line": "CAST(__line AS VARCHAR)",
        }
        # A typed value is NULL exactly when its text does not parse (as in the validator).
        bad = f"t_{name} IS NOT NULL AND {value} IS NULL"
        if name != "discount":
            bad += f" OR {value} < 0"
        bad_any.append(f"({bad})")
        checks.append(f"CASE WHEN {bad} THEN {parse.message('line_value', lang, sql)} END")
    flag = " OR ".join(bad_any) or "FALSE"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE __lines AS
        WITH s AS (SELECT {key} AS order_id, __line, {texts} FROM __stage_lines),
        n AS (SELECT order_id, __line,
            CAST(row_number() OVER (PARTITION BY order_id ORDER BY __line) AS INTEGER) AS line,
            t_sku, t_name, t_category, t_quantity, t_price, t_discount FROM s
            WHERE order_id IS NOT NULL),
        v AS (SELECT *, {quantity} AS quantity, {price} AS unit_price, abs({discount}) AS discount
            FROM n)
        SELECT *, coalesce({flag}, FALSE) AS __bad FROM v"""
    )
    readers.drop_lines_source(con)
    if not checks:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE __line_errors AS "
            "SELECT NULL::VARCHAR AS order_id, []::VARCHAR[] AS reasons LIMIT 0"
        )
        return
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE __line_errors AS
        SELECT order_id, list(reason ORDER BY __line) AS reasons FROM (
            SELECT order_id, __line, unnest(list_filter([{", ".join(checks)}],
                x -> x IS NOT NULL)) AS reason FROM __lines WHERE __bad)
        GROUP BY order_id"""
    )


LINE_FIELDS = ("sku", "name", "category", "quantity", "price", "discount")


def _reject_bad_lines(con: duckdb.DuckDBPyConnection) -> None:
    """An order with a line that does not parse is rejected with the line's file line, column
    and value (its lines would be stored wrong or not at all)."""
    con.execute(
        "UPDATE __checked SET __reasons = list_concat(__reasons, e.reasons), "
        "__state = 'rejected' FROM __line_errors e "
        "WHERE __checked.order_id = e.order_id AND __checked.__state IN ('candidate', 'duplicate')"
    )


def _write_lines(con: duckdb.DuckDBPyConnection, import_id: int) -> None:
    """Replace the lines of every order this import stored (new, changed or the same): an
    order imported again has exactly the lines of its latest file.  Inside the import's
    transaction, so orders and their lines are written together."""
    con.execute("DELETE FROM order_lines WHERE order_id IN (SELECT order_id FROM __merged)")
    con.execute(
        """INSERT INTO order_lines (order_id, line, customer_id, sku, product_name, category,
            quantity, unit_price, discount, import_id)
        SELECT l.order_id, l.line, m.customer_id, l.t_sku, l.t_name, l.t_category, l.quantity,
            l.unit_price, l.discount, ?
        FROM __lines l JOIN __merged m ON m.order_id = l.order_id""",
        [import_id],
    )


def _filled_times(
    con: duckdb.DuckDBPyConnection, extras: Extras, headers: list[str], lang: str
) -> list[str]:
    """The summary line counting recipients whose opening (click) is known only as a yes:
    stored at the sending time (``opened_flag``/``clicked_flag``)."""
    flags = {n: i for n, i in (("opened", extras.opened_flag), ("clicked", extras.clicked_flag))}
    present = {n: i for n, i in flags.items() if i is not None}
    if not present:
        return []
    counts = {n: 0 for n in flags}
    for name in present:
        row = con.execute(
            f"SELECT count(*) FROM __checked WHERE __fill_{name} "
            "AND __state IN ('candidate', 'duplicate')"
        ).fetchone()
        counts[name] = int(row[0]) if row else 0
    if not any(counts.values()):
        return []
    columns = ", ".join(headers[i] for i in present.values())
    return [
        t(
            "flag_time_filled",
            lang,
            opened=counts["opened"],
            clicked=counts["clicked"],
            columns=columns,
        )
    ]


def _preset_notes(
    preset: presets.TablePreset | None, extras: Extras, headers: list[str], lang: str
) -> list[str]:
    """What the summary says about the export beyond its counts: a status written only as an
    id (cancelled orders cannot be told apart), and the preset's own notes."""
    if preset is None:
        return []
    notes = []
    if preset.keep_status and extras.keep_status is None:
        index = preset.first_present(preset.status_ids, headers)
        if index is not None:
            notes.append(t("status_only_id", lang, column=headers[index]))
    notes.extend(t(key, lang) for key in preset.notes)
    return notes


# ----------------------------------------------------------------------------- steps


#: What the events of an event log (one row per event, ``events`` of a preset) say: the
#: recipient opened, clicked, was sent the e-mail, or something else happened to it (a bounce,
#: an unsubscription); each kind lists the export's own names for it.
EVENT_KINDS = ("opened", "clicked", "sent", "other")


def _pivot_events(
    con: duckdb.DuckDBPyConnection,
    staged: readers.Staged,
    preset: presets.TablePreset,
    lang: str,
) -> tuple[presets.TablePreset, int]:
    """An event log of a campaign (one row per event: Brevo's marketing events, Mailchimp's
    email activity) becomes one row per recipient (campaign and recipient columns of the
    preset's mapping): ``opened_at`` and ``clicked_at`` are the times of the first opening and
    click, ``sent_at`` the sending time (``sent_time``, else the first ``sent`` event).

    Times are seconds since 1970 (UTC) or ISO 8601 with their offset: a time without its zone
    is not read (which zone is meant cannot be decided).  A row whose event is none of the
    preset's names, or whose opening/click/sending has no readable time, is rejected with
    its reason; the further rows of a recipient count as duplicates (merged, not lost), as the
    line items of an order do.  Returns the preset with the new columns mapped and the number
    of rows merged away.  A file without the event column is read as it is.
    """
    events = preset.events
    headers = staged.headers

    def index(key: str) -> int | None:
        return preset.first_present([str(n) for n in events.get(key, [])], headers)

    event_i, time_i, sent_i = index("column"), index("time"), index("sent_time")
    if event_i is None:
        return preset, 0
    if time_i is None:
        raise MappingError(
            t(
                "events_time_missing",
                lang,
                file=staged.file.name,
                columns=" / ".join(str(n) for n in events.get("time", [])),
                headers=", ".join(headers),
            )
        )
    targets = {c: v.partition(":")[0] for c, v in preset.columns.items()}
    campaign_i = preset.first_present(
        [c for c, v in targets.items() if v == "campaign_id"], headers
    )
    recipient_i = preset.first_present(
        [c for c, v in targets.items() if v in ("email", "customer_id")], headers
    )
    if campaign_i is None or recipient_i is None:
        return preset, 0  # the mapping names what is missing
    kinds = {k: [str(v).lower() for v in events.get(k, [])] for k in EVENT_KINDS}
    known = [v for k in EVENT_KINDS for v in kinds[k]]
    timed = kinds["opened"] + kinds["clicked"] + kinds["sent"]

    def lits(values: list[str]) -> str:
        return ", ".join(parse.lit(v) for v in values) or "NULL"

    def seconds(x: str) -> str:
        """Seconds since 1970 of a time text (NULL when it is none of the two forms)."""
        return (
            f"CASE WHEN regexp_full_match({x}, '[0-9]{{9,11}}') THEN CAST({x} AS DOUBLE) "
            f"WHEN regexp_matches({x}, '(Z|[+-][0-9]{{2}}:?[0-9]{{2}})$') "
            f"THEN epoch(TRY_CAST({x} AS TIMESTAMPTZ)) END"
        )

    def iso(x: str) -> str:
        """The time as ISO 8601 text with its offset (seconds since 1970 are UTC)."""
        return (
            f"CASE WHEN regexp_full_match({x}, '[0-9]{{9,11}}') THEN strftime(make_timestamp("
            f"CAST({x} AS BIGINT) * 1000000), '%Y-%m-%dT%H:%M:%S') || '+00:00' ELSE {x} END"
        )

    ev = f"lower({parse.clean_text(f'f{event_i}')})"
    tt = parse.clean_text(f"f{time_i}")
    st = parse.clean_text(f"f{sent_i}") if sent_i is not None else "NULL::VARCHAR"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE __events AS
        SELECT *, {seconds("__tt")} AS __ts
        FROM (SELECT *, {ev} AS __ev, {tt} AS __tt, {st} AS __st FROM {readers.STAGE})"""
    )
    con.execute(
        f"""ALTER TABLE __events ADD COLUMN __bad VARCHAR;
        UPDATE __events SET __bad = CASE
            WHEN __ev IS NOT NULL AND __ev NOT IN ({lits(known)}) THEN 'event'
            WHEN __ev IN ({lits(timed)}) AND __ts IS NULL THEN 'time' END"""
    )
    bad = con.execute(
        "SELECT __line, __raw, __bad, f" + str(event_i) + ", __tt FROM __events "
        "WHERE __bad IS NOT NULL ORDER BY __line"
    ).fetchall()
    missing = [line for line, raw, *_ in bad if raw is None]
    raw_lines = staged.raw_lines(missing) if missing else {}
    for line, raw, kind, event, when in bad:
        if kind == "event":
            reason = t(
                "event_unknown",
                lang,
                column=headers[event_i],
                value=event,
                values=", ".join(known),
            )
        else:
            reason = t("event_time", lang, column=headers[time_i], value=when or "", event=event)
        staged.structural.append(
            (int(line), raw if raw is not None else raw_lines.get(line, ""), reason)
        )
    before = con.execute("SELECT count(*) FROM __events WHERE __bad IS NULL").fetchone()
    described = con.execute(f"SELECT * FROM {readers.STAGE} LIMIT 0").description or []
    cols = [d[0] for d in described if d[0].startswith("f")]
    n = len(headers)
    firsts = ", ".join(f"arg_min({c}, __line) AS {c}" for c in cols)
    camp = parse.clean_text(f"f{campaign_i}")
    rec = f"lower({parse.clean_text(f'f{recipient_i}')})"

    def first(kind: str) -> str:
        return f"arg_min({iso('__tt')}, __ts) FILTER (WHERE __ev IN ({lits(kinds[kind])}))"

    sent = (
        f"coalesce(arg_min({iso('__st')}, __line) FILTER (WHERE __st IS NOT NULL), {first('sent')})"
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE __events_g AS
        SELECT min(__line) AS __line, arg_min(__raw, __line) AS __raw, {firsts},
            {first("opened")} AS f{n}, {first("clicked")} AS f{n + 1}, {sent} AS f{n + 2}
        FROM __events WHERE __bad IS NULL
        GROUP BY coalesce({camp}, chr(0) || __line::VARCHAR),
            coalesce({rec}, chr(0) || __line::VARCHAR)
        ORDER BY 1"""
    )
    con.execute("DROP TABLE __events")
    after = con.execute("SELECT count(*) FROM __events_g").fetchone()
    readers.drop_stage(con)
    con.execute(f"ALTER TABLE __events_g RENAME TO {readers.STAGE}_c")
    con.execute(f"CREATE TEMP VIEW {readers.STAGE} AS SELECT * FROM {readers.STAGE}_c")
    when = headers[time_i]
    names = {
        f"{when}@opened": "opened_at",
        f"{when}@clicked": "clicked_at",
        f"{headers[sent_i] if sent_i is not None else when}@sent": "sent_at",
    }
    headers.extend(names)
    columns = {**preset.columns, **names}
    merged = (int(before[0]) if before else 0) - (int(after[0]) if after else 0)
    return replace(preset, columns=columns), merged


def _flag_columns(
    con: duckdb.DuckDBPyConnection, table: Table, mapping: Mapping, extras: Extras
) -> Extras:
    """Campaign recipients: a column matched to ``opened_at``/``clicked_at`` (by its name:
    *Geöffnet*, *Opened*) whose values are all yes/no, 1/0 or counts says *whether*, not
    *when*: it is read as ``opened_flag``/``clicked_flag`` (see :func:`_extra_values`) instead
    of rejecting every row as "not a time".  Taken when no value among the first 1,000 is a
    time and some are yes/no or counts; a column mixing times and yes/no stays a time column
    (its yes/no rows are rejects: which is meant cannot be decided)."""
    if table.name != "campaign_recipients":
        return extras
    words = ", ".join(parse.lit(w) for w in (*parse.TRUE_WORDS, *parse.FALSE_WORDS))
    for name in ("opened", "clicked"):
        src = mapping.fields.get(f"{name}_at")
        if src is None or getattr(extras, f"{name}_flag") is not None:
            continue
        x = parse.clean_text(f"f{src.index}")
        times = (
            f"{parse.local_timestamp('x')} IS NOT NULL OR {parse.offset_timestamp('x')} IS NOT NULL"
        )
        row = con.execute(
            f"SELECT count(*) FILTER (WHERE {times}), count(*) FILTER (WHERE lower(x) IN "
            f"({words}) OR regexp_full_match(x, '[0-9]{{1,9}}')) "
            f"FROM (SELECT {x} AS x FROM __stage LIMIT 1000)"
        ).fetchone()
        # No value is a time and some are yes/no or counts: the others are rejects naming
        # their value (flag_value), not "not a time".
        if row and row[0] == 0 and row[1] > 0:
            del mapping.fields[f"{name}_at"]
            if name == "opened":
                extras = replace(extras, opened_flag=src.index)
            else:
                extras = replace(extras, clicked_flag=src.index)
    return extras


def _check_extras(
    mapping: Mapping,
    options: ImportOptions,
    preset: presets.TablePreset | None,
    extras: Extras,
    staged: readers.Staged,
    lang: str,
) -> None:
    """A preset that prices per interval needs the interval column: without it an amount
    per year would be stored as a monthly one."""
    if preset is None or not preset.interval or extras.interval is not None:
        return
    src = mapping.fields.get("mrr")
    if src is None or src.column in options.columns:
        return  # mapped explicitly: the user says the amount is monthly
    raise MappingError(
        t(
            "interval_missing",
            lang,
            file=staged.file,
            column=src.column,
            interval=" / ".join(preset.interval),
            headers=", ".join(staged.headers),
        )
    )


def _columns_needed(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    options: ImportOptions,
    preset: presets.TablePreset | None,
    ctx: Context,
) -> Callable[[list[str]], set[int] | None]:
    """For the reader: the columns an import of ``table`` reads, decided from the header and
    the staged sample as the import itself decides them (preset, mapping, the preset's extra
    columns), plus every column that looks like a defaulted field (the import may ask about
    it).  When the mapping fails here, every column is staged and the import says why."""

    def keep(headers: list[str]) -> set[int] | None:
        chosen = preset
        if chosen is None:
            found = presets.detect(table.name, headers, ctx.lang)
            chosen = found[1] if found else None
        if chosen is not None and chosen.events:
            return None  # an event log: its event and time columns are read before the mapping
        try:
            mapping = mapping_mod.resolve(
                table,
                headers,
                options.columns,
                chosen.columns if chosen else {},
                file="",
                lang=ctx.lang,
                probe=mapping_mod.value_probe(con, table),
            )
        except MappingError:
            return None  # every column: the import raises the error with the whole file
        extras = Extras.of(chosen, headers)
        used = {s.index for s in mapping.fields.values()} | set(extras.columns().values())
        used |= set(extras.lines.values())
        if extras.keep_status:
            used.add(headers.index(str(extras.keep_status["column"])))
        for col in table.columns:
            if col.default is not None and col.name not in mapping.fields:
                used |= {i for i, h in enumerate(headers) if mapping_mod.looks_like(col.name, h)}
        return used

    return keep


def _unused_columns(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    mapping: Mapping,
    extras: Extras,
    staged: readers.Staged,
    lang: str,
) -> list[str]:
    """The file's columns nothing reads, for the summary ("not used: Zahlungsart").

    A field with a schema default (items = 1) is never filled in silently while an unused
    column looks like it and its values parse as it: that is a question (MappingError naming
    the column and the ``--map`` that settles it).
    """
    headers = staged.headers
    used = {s.index for s in mapping.fields.values()} | set(extras.columns().values())
    used |= set(extras.lines.values()) | set(extras.events.values())
    if extras.keep_status:
        used.add(headers.index(str(extras.keep_status["column"])))
    probe = mapping_mod.value_probe(con, table)
    for col in table.columns:
        if col.default is None or col.name in mapping.fields:
            continue
        for i, header in enumerate(headers):
            if i in used or i in mapping.ignored or not mapping_mod.looks_like(col.name, header):
                continue
            if probe(i, col.name):
                raise MappingError(
                    t(
                        "mapping_default_question",
                        lang,
                        file=staged.file,
                        column=header,
                        field=col.name,
                        default=col.default,
                    )
                )
    return [h for i, h in enumerate(headers) if i not in used]


def _collapse(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    mapping: Mapping,
    extras: Extras,
    headers: list[str],
    *,
    keep_lines: bool = False,
) -> int:
    """Merge line-item rows of one record (same key) into one; returns the rows merged away.

    Items add up; every other column takes the first non-empty value of the record's lines
    (exports write order fields on the first line only, or on every line).  Where the lines
    of one record hold different values in a column that is read, ``__conflicts`` names the
    column and the record is rejected: which value is meant cannot be decided.
    """
    key = mapping.fields[table.key[0]]
    described = con.execute("SELECT * FROM __stage LIMIT 0").description or []
    cols = [d[0] for d in described if d[0].startswith("f")]
    items = mapping.fields.get("items")
    read = {f"f{s.index}" for s in mapping.fields.values()} | {
        f"f{i}" for i in extras.columns().values()
    }
    if extras.keep_status:
        read.add(f"f{headers.index(str(extras.keep_status['column']))}")
    exprs = []
    conflicts = []
    firsts: list[str] = []  # read columns whose value is the first non-empty one
    for c in cols:
        if c not in read:  # nothing reads it after the merge: not aggregated (79 in Shopify's)
            continue
        if items is not None and c == f"f{items.index}":
            # A quantity that is not a whole number stays as its text (the validator rejects
            # it with its value) instead of silently dropping out of the sum.
            # (TRY_CAST alone rounds '1.5' to 2.)
            whole = f"regexp_full_match(trim({c}), '[+-]?[0-9]{{1,18}}')"
            bad = f"{c} IS NOT NULL AND trim({c}) <> '' AND NOT {whole}"
            exprs.append(
                f"coalesce(arg_min({c}, __line) FILTER (WHERE {bad}), "
                f"CAST(sum(CASE WHEN {whole} THEN CAST(trim({c}) AS BIGINT) END) AS VARCHAR)) "
                f"AS {c}"
            )
            continue
        # min() is the first non-empty value wherever the lines agree (min = max); where
        # they do not, the record is rejected and its first values are fetched below.
        exprs.append(f"min({c}) AS {c}")
        if c != f"f{key.index}":
            name = parse.lit(headers[int(c[1:])])
            conflicts.append(f"CASE WHEN min({c}) <> max({c}) THEN {name} END")
            firsts.append(c)
    conflict_list = (
        f"list_filter([{', '.join(conflicts)}], x -> x IS NOT NULL)"
        if conflicts
        else "[]::VARCHAR[]"
    )
    before = _count(con, "__stage")
    k = f"f{key.index}"
    con.execute(
        "CREATE TEMP TABLE __merging AS SELECT min(__line) AS __line, "
        f"arg_min(__raw, __line) AS __raw, {', '.join(exprs)}, "
        f"{conflict_list} AS __conflicts FROM __stage "
        f"GROUP BY coalesce({k}, chr(0) || __line::VARCHAR) ORDER BY 1"
    )
    disagree = con.execute("SELECT count(*) FROM __merging WHERE len(__conflicts) > 0").fetchone()
    if firsts and disagree and disagree[0]:
        # Records whose lines disagree (rare): each column's first non-empty value, as
        # arg_min over the file lines (3 arg_min per column for every record cost 0.5 s at
        # 1 M lines; min/max alone tell whether the lines agree).
        firsts_sql = ", ".join(
            f"arg_min({c}, __line) FILTER (WHERE {c} IS NOT NULL) AS {c}" for c in firsts
        )
        con.execute(
            f"UPDATE __merging SET {', '.join(f'{c} = x.{c}' for c in firsts)} FROM "
            f"(SELECT {k} AS __key, {firsts_sql} FROM __stage WHERE {k} IN "
            f"(SELECT {k} FROM __merging WHERE len(__conflicts) > 0) GROUP BY {k}) x "
            f"WHERE __merging.{k} = x.__key"
        )
    if keep_lines:  # the rows before the merge, for the order lines (_stage_lines)
        readers.keep_as_lines_source(con)
    else:
        readers.drop_stage(con)
    con.execute(f"ALTER TABLE __merging RENAME TO {readers.STAGE}_c")
    # The columns nothing reads are NULL in a view: carried through the sort and the table
    # they cost 0.4 s at 1 M lines (66 of Shopify's 79).
    full = ", ".join(c if c in read else f"NULL::VARCHAR AS {c}" for c in cols)
    con.execute(
        f"CREATE TEMP VIEW {readers.STAGE} AS SELECT __line, __raw, {full}, __conflicts "
        f"FROM {readers.STAGE}_c"
    )
    return before - _count(con, "__stage")


def _decimal_option(options: ImportOptions, lang: str) -> str | None:
    """The decimal mark ``--decimal`` or ``--thousands`` (the other mark) names, or None."""
    thousands = options.thousands
    if thousands is None:
        return options.decimal
    if thousands not in (",", "."):
        raise MappingError(t("thousands_option", lang, value=readers.clip(thousands)))
    if options.decimal is not None and options.decimal == thousands:
        raise MappingError(
            t("thousands_decimal_same", lang, thousands=thousands, decimal=options.decimal)
        )
    return "." if thousands == "," else ","


def _decimal_styles(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    mapping: Mapping,
    decimal: str | None,
    delimiter: str | None,
    file: str = "",
    lang: str = "en",
) -> dict[str, bool]:
    """Per numeric field: True when it uses a decimal comma.

    A column no value of which decides (no ``12,50``, no ``1.234,56``) but that holds a value
    both styles read differently (``1,234``: 1234 or 1.234) is a question for the user
    (``--thousands``/``--decimal``), not a guess from the delimiter."""
    numeric = [
        c.name
        for c in table.columns
        if c.type in ("money", "number", "integer") and c.name in mapping.fields
    ]
    if not numeric:
        return {}
    if decimal is not None:
        return dict.fromkeys(numeric, decimal == ",")
    texts = {n: parse.clean_text(f"f{mapping.fields[n].index}") for n in numeric}
    # Vote on the first 100,000 rows; only a column they leave undecided is counted in full.
    con.execute("CREATE OR REPLACE TEMP TABLE __head AS SELECT * FROM __stage LIMIT 100000")
    row = con.execute(parse.decimal_styles_sql(texts, "__head")).fetchone()
    con.execute("DROP TABLE __head")
    assert row is not None
    if any(row[2 * i] == row[2 * i + 1] > 0 for i in range(len(numeric))):
        row = con.execute(parse.decimal_styles_sql(texts, "__stage")).fetchone()
        assert row is not None
    fallback = delimiter in (";", "\t")  # German Excel writes ';' and decimal commas together
    styles = {}
    for i, name in enumerate(numeric):
        comma_votes, point_votes = row[2 * i], row[2 * i + 1]
        if comma_votes == point_votes == 0:
            decided = _ask_number_style(con, mapping.fields[name].column, texts[name], file, lang)
            if decided is not None:
                styles[name] = decided
                continue
        styles[name] = comma_votes > point_votes if comma_votes != point_votes else fallback
    return styles


def _ask_number_style(
    con: duckdb.DuckDBPyConnection, column: str, text: str, file: str, lang: str
) -> bool | None:
    """Raise the question :func:`_decimal_styles` describes when the column needs it: a value
    both styles read differently and, in the whole file (the vote saw its first 100,000
    rows), none that decides.  A deciding value further down decides (True: decimal comma);
    None: no value reads two ways."""
    n = parse.number_text(text)
    found = con.execute(
        f"SELECT __line, {n} FROM __stage WHERE strlen({text}) BETWEEN 5 AND 40 AND "
        f"regexp_full_match({n}, '{parse.AMBIGUOUS_NUMBER}') ORDER BY __line LIMIT 1"
    ).fetchone()
    if found is None:
        return None
    votes = con.execute(parse.decimal_styles_sql({"c": text}, "__stage")).fetchone()
    if votes is not None and votes[0] != votes[1]:
        return bool(votes[0] > votes[1])
    line, value = int(found[0]), str(found[1])
    mark = "," if "," in value else "."
    raise MappingError(
        t(
            "number_style_question",
            lang,
            file=file,
            column=column,
            value=value,
            line=line,
            mark=mark,
            grouped=value.replace(mark, ""),
            decimal=value.replace(mark, "."),
        )
    )


#: A date written with slashes: which of its first two numbers is the day, the file decides.
SLASH_DATE = r"^\s*(\d{1,2})/(\d{1,2})/\d{2,4}"
MONTH_FIRST_FORMATS = (
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y",
    *(f for f in parse.LOCAL_FORMATS if "/" not in f),
)


def _date_orders(
    con: duckdb.DuckDBPyConnection, table: Table, mapping: Mapping, file: str, lang: str
) -> dict[str, tuple[str, ...]]:
    """Per date column with slash dates (``12/01/2024``): month-first formats when a value
    decides so (``01/13/2024``), nothing when a value decides day-first (``13/01/2024``,
    read by the general formats); a column that no value decides, or that holds both orders,
    is a question settled by ``--date-format``."""
    out: dict[str, tuple[str, ...]] = {}
    for col in table.columns:
        src = mapping.fields.get(col.name)
        if col.type not in ("timestamp", "date") or src is None:
            continue
        text = parse.clean_text(f"f{src.index}")
        a = f"TRY_CAST(regexp_extract(t, '{SLASH_DATE}', 1) AS INTEGER)"
        b = f"TRY_CAST(regexp_extract(t, '{SLASH_DATE}', 2) AS INTEGER)"
        row = con.execute(
            f"""WITH s AS (SELECT __line, t, {a} AS a, {b} AS b FROM
                    (SELECT __line, {text} AS t FROM __stage) WHERE contains(t, '/')
                    AND regexp_matches(t, '{SLASH_DATE}'))
            SELECT arg_min([t, CAST(__line AS VARCHAR)], __line) FILTER (WHERE a > 12 AND b <= 12),
                   arg_min([t, CAST(__line AS VARCHAR)], __line) FILTER (WHERE b > 12 AND a <= 12),
                   arg_min([t, CAST(__line AS VARCHAR)], __line)
                       FILTER (WHERE a <= 12 AND b <= 12 AND a <> b)
            FROM s"""
        ).fetchone()
        if row is None:
            continue
        day, month, either = row
        if day and month:
            raise MappingError(
                t(
                    "date_order_mixed",
                    lang,
                    file=file,
                    column=src.column,
                    day_value=readers.clip(day[0]),
                    day_line=day[1],
                    month_value=readers.clip(month[0]),
                    month_line=month[1],
                )
            )
        if month:
            out[col.name] = MONTH_FIRST_FORMATS
        elif not day and either:
            first, second = (int(x) for x in re.findall(r"\d+", either[0])[:2])
            year = re.findall(r"\d+", either[0])[2]
            raise MappingError(
                t(
                    "date_order_question",
                    lang,
                    file=file,
                    column=src.column,
                    value=readers.clip(either[0]),
                    line=either[1],
                    day_first=f"{year}-{second:02d}-{first:02d}",
                    month_first=f"{year}-{first:02d}-{second:02d}",
                )
            )
    return out


def _likely_formats(
    con: duckdb.DuckDBPyConnection, table: Table, mapping: Mapping
) -> dict[str, str]:
    """Per date column: the format that reads most of the first 1,000 values.

    Trying one format first and the full list only where it fails is 7x faster than the list.
    """
    out: dict[str, str] = {}
    for col in table.columns:
        src = mapping.fields.get(col.name)
        if col.type not in ("timestamp", "date") or src is None:
            continue
        text = parse.clean_text(f"f{src.index}")
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE __sample AS SELECT {text} AS t FROM __stage "
            f"WHERE {text} IS NOT NULL LIMIT 1000"
        )
        row = con.execute(parse.detect_format_sql("__sample")).fetchone()
        con.execute("DROP TABLE __sample")
        if row and max(row) > 0:
            out[col.name] = parse.candidate_formats()[list(row).index(max(row))]
    return out


def _text_exprs(table: Table, mapping: Mapping, salt: str) -> dict[str, str]:
    """The cleaned text feeding each column (hash applied where mapped so)."""
    texts: dict[str, str] = {}
    for col in table.columns:
        src = mapping.fields.get(col.name)
        if EMAIL_FIELDS.get(table.name) == col.name and "email" in mapping.fields and src is None:
            src = mapping.fields["email"]
            texts[col.name] = _hash_sql(parse.missing_text(f"f{src.index}"), salt)
            continue
        if src is None:
            texts[col.name] = "NULL"  # defaults fill new rows only (see _upsert)
            continue
        text = parse.missing_text(f"f{src.index}")
        if src.hashed or (table.name == "identities" and col.name == "handle"):
            text = _hash_sql(text, salt) if src.hashed else _maybe_hash_handle(table, text, salt)
        texts[col.name] = text
    return texts


def _hash_sql(text: str, salt: str) -> str:
    return hash_sql(text, parse.lit(salt))


def hash_sql(text: str, salt_sql: str) -> str:
    """The salted e-mail hash as SQL (``salt_sql`` a literal or a parameter): one definition
    for imports and ``forget``."""
    return f"CASE WHEN {text} IS NOT NULL THEN sha256({salt_sql} || lower({text})) END"


def _maybe_hash_handle(table: Table, text: str, salt: str) -> str:
    """Identities: an e-mail handle is stored as its salted hash, like customers.email_hash."""
    return (
        f"CASE WHEN contains({text}, '@') AND regexp_matches({text}, '.+@.+\\..+') "
        f"THEN {_hash_sql(text, salt)} ELSE {text} END"
    )


def _checked_sql(
    table: Table,
    mapping: Mapping,
    comma: dict[str, bool],
    dateformat: str | None,
    timezone: str,
    ctx: Context,
    extras: Extras,
    headers: list[str],
    likely: dict[str, str],
    tz_table: str | None,
    collapsed: bool = False,
    column_formats: dict[str, tuple[str, ...]] | None = None,
) -> str:
    lang = ctx.lang
    keep_status = extras.keep_status
    texts = _text_exprs(table, mapping, ctx.salt)
    for name, words in extras.values.items():
        # An export's words for a value (Google's starRating ONE..FIVE): replaced by the value
        # before the checks; a word not listed stays as written and is a reject.
        if name in mapping.fields and words:
            cases = " ".join(
                f"WHEN {parse.lit(str(word).upper())} THEN {parse.lit(str(value))}"
                for word, value in words.items()
            )
            texts[name] = f"CASE upper({texts[name]}) {cases} ELSE {texts[name]} END"
    for name, value in extras.constants.items():
        if name not in mapping.fields:  # what the whole export is (its platform)
            texts[name] = parse.lit(value)
    extra_texts = {
        name: parse.missing_text(f"f{index}") for name, index in extras.columns().items()
    }
    if "guest" in extra_texts and "customer_id" in texts:
        # Guests (no customer id, or one of the guest ids) are their e-mail's salted hash.
        guest_ids = ", ".join(parse.lit(g) for g in extras.guest_ids) or "NULL"
        own = texts["customer_id"]
        texts["customer_id"] = (
            f"CASE WHEN {own} IS NULL OR {own} IN ({guest_ids}) "
            f"THEN {_hash_sql(extra_texts['guest'], ctx.salt)} ELSE {own} END"
        )
    if (
        {"currency", "revenue_original"} <= set(table.column_names)
        and "currency" not in mapping.fields
        and "revenue" in mapping.fields
    ):
        # No currency column: an amount's own mark ($ 12,50, 12,50 USD) is its currency; set
        # in stage m from the mark of t_revenue (stage t would repeat the text's expression in
        # every part of the mark's expression: 2.5x the time of the whole validation).
        texts["currency"] = "CAST(NULL AS VARCHAR)"
        own_currency = (
            f"CASE WHEN __mark_revenue <> {parse.lit(ctx.currency.upper())} THEN __mark_revenue END"
        )
    else:
        own_currency = ""
    marks: dict[str, str] = {}  # stage m: the currency an amount's text names, or NULL
    numbers: dict[str, str] = {}  # stage t: cleaned number text
    firsts: dict[str, str] = {}  # stage p1: the column's detected date format applied
    locals_: dict[str, str] = {}  # stage p2: naive local time stamps
    values: dict[str, str] = {}  # stage v: typed values
    checks: list[tuple[str, str]] = []  # (condition, message)
    now = parse.lit(ctx.now.replace(tzinfo=None).isoformat(sep=" ")) + "::TIMESTAMP"
    formats = (dateformat,) if dateformat else None
    for col in table.columns:
        name = col.name
        if col.type in ("money", "number", "integer"):
            numbers[name] = parse.number_text(f"t_{name}")
        if col.type in ("timestamp", "date"):
            first = None
            col_formats: tuple[str, ...] | None = (column_formats or {}).get(name) or formats
            if not col_formats and likely.get(name):
                firsts[name] = f"try_strptime(t_{name}, {parse.lit(likely[name])})"
                first = f"q_{name}"
            local = parse.local_timestamp(f"t_{name}", first, col_formats)
            if first is None and not col_formats:
                # No local format fits the column's sample (Shopify's "2024-03-01 10:00:00
                # +0100"): a value with an offset is not tried against every local format
                # (none can read it; 3.5 of 6.9 s validating a 1 M line Shopify export).
                local = f"CASE WHEN {parse.has_offset(f't_{name}')} THEN NULL ELSE {local} END"
            locals_[name] = local
    for col in table.columns:
        text = f"t_{col.name}"
        src = mapping.fields.get(col.name) or (
            mapping.fields.get("email") if EMAIL_FIELDS.get(table.name) == col.name else None
        )
        label = parse.lit(f"'{src.column}'") if src else parse.lit(f"'{col.name}'")
        sql = {"column": label, "value": parse.quoted(text)}
        common = {"field": col.name}
        value, ok = _typed(col, text, comma.get(col.name, False), timezone, tz_table)
        values[col.name] = value
        if col.required and not (table.derived_key and col.name in table.key and src is None):
            checks.append((f"{text} IS NULL", parse.message("required", lang, sql, **common)))
        if ok is not None:
            key = {
                "money": "not_money",
                "integer": "not_integer",
                "number": "not_number",
                "timestamp": "not_timestamp",
                "date": "not_timestamp",
                "boolean": "not_boolean",
            }[col.type]
            example = "1.234,56" if comma.get(col.name, False) else "1234.56"
            # Every typed value is NULL exactly when its text does not parse.
            unparsed = f"{text} IS NOT NULL AND v_{col.name} IS NULL"
            if col.type == "money":
                cents = parse.sub_cent(f"n_{col.name}", comma.get(col.name, False))
                checks.append((cents, parse.message("sub_cent", lang, sql, **common)))
                marks[col.name] = parse.currency_mark(f"t_{col.name}")
                foreign = _currency_check(table, mapping, col, text, sql, ctx)
                checks.append(foreign)
                unparsed += f" AND NOT {cents} AND NOT ({foreign[0]})"
            checks.append((unparsed, parse.message(key, lang, sql, example=example, **common)))
        if table.name == "goals" and col.name == "metric":
            from bindung.metrics.goals import goal_metrics

            known = goal_metrics()
            checks.append(
                (
                    f"{text} IS NOT NULL AND {text} NOT IN ({', '.join(map(parse.lit, known))})",
                    parse.message("unknown_metric", lang, sql, choices=", ".join(known), **common),
                )
            )
        v = f"v_{col.name}"
        if col.type in ("money", "number", "integer") and not col.negative:
            checks.append((f"{v} < 0", parse.message("negative", lang, sql, **common)))
        if col.minimum is not None and col.minimum > 0:
            checks.append(
                (
                    f"{v} < {col.minimum}",
                    parse.message("below_minimum", lang, sql, minimum=col.minimum, **common),
                )
            )
        if col.maximum is not None:
            checks.append(
                (
                    f"{v} > {col.maximum}",
                    parse.message("above_maximum", lang, sql, maximum=col.maximum, **common),
                )
            )
        if col.choices:
            choices = ", ".join(col.choices)
            checks.append(
                (
                    f"{v} IS NOT NULL AND {v} NOT IN {tuple(col.choices)!r}",
                    parse.message("choice", lang, sql, choices=choices, **common),
                )
            )
        if col.type == "email":
            # the address is not repeated in the reason (no clear-text address in rejects)
            checks.append(
                (
                    f"{text} IS NOT NULL AND NOT regexp_full_match({text}, "
                    f"{parse.lit(EMAIL_PATTERN)})",
                    parse.message("not_email", lang, sql, **common),
                )
            )
        if col.type in ("id", "category", "text", "email"):
            length = {"length": f"CAST(length({text}) AS VARCHAR)"}
            checks.append(
                (
                    f"length({text}) > {col.max_length}",
                    parse.message(
                        "too_long", lang, {**sql, **length}, limit=col.max_length, **common
                    ),
                )
            )
        if col.type in ("id", "category") and col.name != "email_hash":
            lead = {"lead": f"concat('''', left({parse.formula_text(text)}, 1), '''')"}
            checks.append(
                (
                    parse.looks_like_formula(text),
                    parse.message("formula", lang, {**sql, **lead}, **common),
                )
            )
        if col.type == "timestamp":
            checks.append(
                (f"{v} > {now} + INTERVAL 1 DAY", parse.message("future", lang, sql, **common))
            )
        if col.type == "date":
            checks.append(
                (f"{v} > CAST({now} AS DATE) + 1", parse.message("future", lang, sql, **common))
            )
    row_checks, exclusions = _row_checks(table, mapping, ctx, keep_status, headers)
    checks.extend(row_checks)
    internal: dict[str, str] = {}  # further columns of __checked (``__fill_opened``)
    extra_numbers, extra_checks, extra_exclusions = _extra_values(
        table, mapping, extras, headers, values, comma, lang, internal
    )
    checks.extend(extra_checks)
    exclusions = extra_exclusions + exclusions
    if collapsed:
        key_label = parse.quoted(f"t_{table.key[0]}")
        checks.append(
            (
                "len(__conflicts) > 0",
                parse.message(
                    "lines_disagree",
                    lang,
                    {"key": key_label, "columns": "array_to_string(__conflicts, ', ')"},
                ),
            )
        )
    # Exclusions (a cancelled order, a status that is no order, a subscription that never
    # paid) come first in the reasons; ``__excluded`` names the first that holds.
    reasons = ", ".join(
        f"CASE WHEN {cond} THEN {msg} END"
        for cond, msg in [(c, m) for c, m, _ in exclusions] + checks
    )
    excluded = (
        "coalesce(" + ", ".join(f"CASE WHEN {c} THEN {k} END" for c, _, k in exclusions) + ")"
        if exclusions
        else "NULL"
    )

    key_expr = _key_expr(table, mapping)
    text_cols = ", ".join(f"{sql} AS t_{name}" for name, sql in texts.items())
    status_col = ""
    if keep_status and str(keep_status.get("column")) in headers:
        index = headers.index(str(keep_status["column"]))
        status_col = f", {parse.clean_text(f'f{index}')} AS t__status"
    status_col += "".join(f", {sql} AS t__{name}" for name, sql in extra_texts.items())
    if collapsed:
        status_col += ", __conflicts"
    numbers.update(extra_numbers)
    number_cols = "".join(f", {sql} AS n_{name}" for name, sql in numbers.items())
    mark_cols = "".join(f", {sql} AS __mark_{name}" for name, sql in marks.items())
    if own_currency and "revenue" not in marks:  # no revenue check: its mark all the same
        mark_cols += f", {parse.currency_mark('t_revenue')} AS __mark_revenue"
    currency_col = f" REPLACE ({own_currency} AS t_currency)" if own_currency else ""
    first_cols = ", ".join(f"{sql} AS q_{name}" for name, sql in firsts.items()) or "1 AS __p1"
    local_cols = ", ".join(f"{sql} AS l_{name}" for name, sql in locals_.items()) or "1 AS __p2"
    value_cols = ", ".join(f"{sql} AS v_{name}" for name, sql in values.items())
    internal_cols = "".join(f", {sql} AS {name}" for name, sql in internal.items())
    final_cols = ", ".join(
        (
            f"{key_expr} AS {q(name)}"
            if key_expr and name == table.key[0]
            else f"CAST(v_{name} AS {table.column(name).sql_type}) AS {q(name)}"
        )
        for name in table.column_names
    )
    return f"""
    WITH t AS (SELECT __line, __raw, {text_cols}{status_col} FROM __stage),
    m0 AS (SELECT *{mark_cols} FROM t),
    m AS (SELECT *{currency_col} FROM m0),
    n AS (SELECT *{number_cols} FROM m),
    p1 AS (SELECT *, {first_cols} FROM n),
    p2 AS (SELECT *, {local_cols} FROM p1),
    v AS (SELECT *, {value_cols} FROM p2),
    r AS (SELECT *, list_filter([{reasons}], x -> x IS NOT NULL) AS __reasons,
          CAST({excluded} AS VARCHAR) AS __excluded FROM v)
    SELECT __line, __raw, __reasons, __excluded{internal_cols}, {final_cols} FROM r
    """


def _currency_check(
    table: Table, mapping: Mapping, col: Column, text: str, sql: dict[str, str], ctx: Context
) -> tuple[str, str]:
    """An amount written with another currency than the row's (its currency column) or the
    workspace's (``$ 12,50`` in a EUR workspace) is a reject naming it: not stored as euros."""
    mark = f"__mark_{col.name}"  # parse.currency_mark of its text, stage m of _checked_sql
    expected = parse.lit(ctx.currency.upper())
    if "currency" in table.column_names and (
        "currency" in mapping.fields or "revenue_original" in table.column_names
    ):  # the row's currency (its column's, or its amount's mark's: see _checked_sql)
        expected = f"coalesce(upper(t_currency), {expected})"
    # only where the rest is a number: 'abc' is no amount, not one in the currency ABC
    number = r"\s*([A-Za-z]{3}|[€$£¥])?\s*[-+]?[0-9][0-9.,\s]*([A-Za-z]{3}|[€$£¥])?\s*"
    return (
        f"{text} IS NOT NULL AND {mark} IS NOT NULL AND {mark} <> {expected} "
        f"AND regexp_full_match({text}, {parse.lit(number)})",
        parse.message(
            "foreign_currency",
            ctx.lang,
            {**sql, "mark": mark, "currency": expected},
            field=col.name,
        ),
    )


def _extra_values(
    table: Table,
    mapping: Mapping,
    extras: Extras,
    headers: list[str],
    values: dict[str, str],
    comma: dict[str, bool],
    lang: str,
    internal: dict[str, str] | None = None,
) -> tuple[dict[str, str], list[tuple[str, str]], list[tuple[str, str, str]]]:
    """Apply what a preset knows beyond the mapping: net revenue, exclusions, MRR per month,
    whether a campaign recipient opened or clicked.

    Rewrites ``values`` in place; returns the number texts to stage (``n__x``), the checks
    and the exclusions (condition, message, kind); ``internal`` gets further columns for
    ``__checked`` (``__fill_opened``: a yes without a time, stored at the sending time).
    """
    numbers: dict[str, str] = {}
    checks: list[tuple[str, str]] = []
    exclusions: list[tuple[str, str, str]] = []

    def label(index: int | None) -> str:
        return parse.lit(f"'{headers[index]}'") if index is not None else "''"

    if extras.excluded is not None:
        sql = {"column": label(extras.excluded), "value": parse.quoted("t__excluded")}
        exclusions.append(
            ("t__excluded IS NOT NULL", parse.message("cancelled", lang, sql), "'cancelled'")
        )
    for name, index in (("opened", extras.opened_flag), ("clicked", extras.clicked_flag)):
        field = f"{name}_at"
        if index is None or field not in values or "sent_at" not in values:
            continue
        # yes/no, 1/0 or a count of openings (clicks): 0 is no, more is yes.
        text = f"t__{name}_flag"
        low = f"lower({text})"
        flag = (
            f"(CASE WHEN {low} IN {tuple(parse.TRUE_WORDS)} THEN TRUE "
            f"WHEN {low} IN {tuple(parse.FALSE_WORDS)} THEN FALSE "
            f"WHEN regexp_full_match({text}, '[0-9]{{1,9}}') THEN CAST({text} AS BIGINT) > 0 END)"
        )
        own = values[field]
        src = mapping.fields.get(field)
        sql = {"column": label(index), "value": parse.quoted(text)}
        checks.append(
            (
                f"{text} IS NOT NULL AND {flag} IS NULL",
                parse.message("flag_value", lang, sql, field=field),
            )
        )
        both = {
            **sql,
            "time_column": parse.lit(f"'{src.column}'" if src else f"'{field}'"),
            "time": parse.quoted(f"t_{field}"),
        }
        checks.append(
            (
                f"{flag} = FALSE AND ({own}) IS NOT NULL",
                parse.message("flag_contradicts", lang, both),
            )
        )
        # A yes without a time: at the sending time (the row's, else the campaign's, filled
        # in by _table_fixups); the summary counts these rows.
        values[field] = (
            f"CASE WHEN {flag} AND ({own}) IS NULL THEN {values['sent_at']} ELSE {own} END"
        )
        if internal is not None:
            internal[f"__fill_{name}"] = f"coalesce({flag} AND ({own}) IS NULL, FALSE)"
    if extras.line_items is not None and "items" in values and "items" not in mapping.fields:
        # "<quantity>x <product id>" joined by "|" (Shopware 6's OrderSerializer); a line
        # without a product id ("1x ": a promotion, a credit) is no item.
        part = r"[0-9]{1,9}x( [^|]*)?"
        sql = {"column": label(extras.line_items), "value": parse.quoted("t__line_items")}
        checks.append(
            (
                f"t__line_items IS NULL OR NOT regexp_full_match(t__line_items, "
                f"'{part}(\\|{part})*')",
                parse.message("line_items_form", lang, sql),
            )
        )
        products = (
            "list_filter(string_split(t__line_items, '|'), "
            "p -> regexp_full_match(p, '[0-9]{1,9}x +[^ ].*'))"
        )
        values["items"] = (
            f"coalesce(list_sum(list_transform({products}, "
            "p -> CAST(regexp_extract(p, '^([0-9]+)x', 1) AS BIGINT))), 0)"
        )
    if extras.refund is not None and "revenue" in values and "revenue" in mapping.fields:
        numbers["_refund"] = parse.number_text("t__refund")
        style = comma.get("revenue", False)
        refund, _ = parse.money("n__refund", style, cleaned=True)
        refund = f"abs({refund})"  # some exports write a refund as a negative amount
        gross = values["revenue"]
        sql = {"column": label(extras.refund), "value": parse.quoted("t__refund")}
        example = "1.234,56" if style else "1234.56"
        checks.append(
            (
                f"t__refund IS NOT NULL AND ({refund}) IS NULL",
                parse.message("not_money", lang, sql, example=example, field="refund"),
            )
        )
        total = {
            **sql,
            "total_column": parse.lit(f"'{mapping.fields['revenue'].column}'"),
            "total": parse.quoted("t_revenue"),
        }
        checks.append((f"{refund} > {gross}", parse.message("refund_exceeds", lang, total)))
        # Net of the refund; a refund larger than the amount is rejected (above), not stored.
        values["revenue"] = (
            f"CASE WHEN coalesce({refund}, 0) > {gross} THEN {gross} "
            f"ELSE {gross} - coalesce({refund}, 0) END"
        )
    if "started_at" in values and extras.trial_end is not None:
        # Paying starts when the trial ends (ISO times in UTC, as Stripe writes them).
        trial = "TRY_CAST(t__trial_end AS TIMESTAMP)"
        start, ended = values["started_at"], values.get("ended_at", "NULL")
        sql = {"column": label(extras.trial_end), "value": parse.quoted("t__trial_end")}
        checks.append(
            (
                f"t__trial_end IS NOT NULL AND {trial} IS NULL",
                parse.message("not_timestamp", lang, sql, field="trial_end"),
            )
        )
        ended_text = "t_ended_at" if "ended_at" in mapping.fields else "NULL"
        trial_sql = {**sql, "ended": parse.quoted(ended_text)}
        exclusions.append(
            (
                f"{trial} IS NOT NULL AND ({ended}) IS NOT NULL AND ({ended}) <= {trial}",
                parse.message("trial_only", lang, trial_sql),
                "'trial'",
            )
        )
        values["started_at"] = (
            f"CASE WHEN {trial} > ({start}) AND (({ended}) IS NULL OR ({ended}) > {trial}) "
            f"THEN {trial} ELSE ({start}) END"
        )
    if "mrr" in values and extras.interval is not None:
        style = comma.get("mrr", False)
        word = "lower(t__interval)"
        cases = " ".join(
            f"WHEN {word} = {parse.lit(w)} THEN {parse.lit(c)}" for w, c in INTERVAL_WORDS.items()
        )
        unit = f"(CASE {cases} END)"
        num = " ".join(f"WHEN {unit} = {parse.lit(k)} THEN {n}" for k, (n, _) in INTERVALS.items())
        den = " ".join(f"WHEN {unit} = {parse.lit(k)} THEN {d}" for k, (_, d) in INTERVALS.items())
        sql = {"column": label(extras.interval), "value": parse.quoted("t__interval")}
        checks.append(
            (
                f"t__interval IS NULL OR {unit} IS NULL",
                parse.message("interval", lang, sql, choices=", ".join(INTERVALS)),
            )
        )
        count, quantity = "1", "1"
        for name, index, minimum in (
            ("interval_count", extras.interval_count, 1),
            ("quantity", extras.quantity, 0),
        ):
            if index is None:
                continue
            numbers[f"_{name}"] = parse.number_text(f"t__{name}")
            value, _ = parse.integer(f"n__{name}", style, cleaned=True)
            sql = {"column": label(index), "value": parse.quoted(f"t__{name}")}
            checks.append(
                (
                    f"t__{name} IS NOT NULL AND (({value}) IS NULL OR ({value}) < {minimum})",
                    parse.message("whole_number", lang, sql, minimum=minimum, field=name),
                )
            )
            expr = f"coalesce({value}, 1)"
            if name == "quantity":
                quantity = expr
            else:
                count = f"greatest({expr}, 1)"
        amount = values["mrr"]
        # An unknown interval keeps the amount (the row is rejected above, not stored).
        values["mrr"] = (
            f"CASE WHEN {unit} IS NULL THEN {amount} ELSE "
            f"round(CAST({amount} AS DECIMAL(38,10)) * {quantity} * (CASE {num} END) "
            f"/ ((CASE {den} END) * {count}), 2) END"
        )
    return numbers, checks, exclusions


def _typed(
    col: Column, text: str, comma: bool, timezone: str, tz_table: str | None
) -> tuple[str, str | None]:
    """(typed value, is-valid condition or None when any text is valid).

    Reads the staged columns: ``n_x`` (number text) and ``l_x`` (local time stamp).
    """
    name = col.name
    if col.type == "money":
        return parse.money(f"n_{name}", comma, cleaned=True)
    if col.type == "number":
        return parse.number(f"n_{name}", comma, cleaned=True)
    if col.type == "integer":
        return parse.integer(f"n_{name}", comma, cleaned=True)
    if col.type == "timestamp":
        local = f"l_{name}"
        to_utc = (
            local
            if timezone == "UTC" or tz_table is None
            else timezones.local_to_utc(local, timezone, tz_table)
        )
        return parse.utc_timestamp(text, local, to_utc), "parsed"
    if col.type == "date":
        return f"CAST(l_{name} AS DATE)", "parsed"
    if col.type == "boolean":
        return parse.boolean(text), "parsed"
    if col.type == "category" and col.choices:
        return parse.choice(text, col), None
    if col.name == "platform" or (col.type == "category" and col.name in ("survey", "currency")):
        return f"lower({text})", None
    return text, None


def _row_checks(
    table: Table,
    mapping: Mapping,
    ctx: Context,
    keep_status: dict[str, object] | None,
    headers: list[str],
) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """(checks, exclusions): a status that is not an order is an exclusion, not an error."""
    lang = ctx.lang
    out: list[tuple[str, str]] = []
    exclusions: list[tuple[str, str, str]] = []

    def label(name: str) -> str:
        src = mapping.fields.get(name)
        return parse.lit(f"'{src.column}'" if src else f"'{name}'")

    for rule in table.orders:
        sql = {
            "column": label(rule.later),
            "value": parse.quoted(f"t_{rule.later}"),
            "other_value": parse.quoted(f"t_{rule.earlier}", 40),
        }
        out.append(
            (
                f"v_{rule.later} < v_{rule.earlier}",
                parse.message("before", lang, sql, field=rule.later, other=rule.earlier),
            )
        )
    for survey, (low, high) in table.score_ranges.items():
        sql = {"column": label("score"), "value": parse.quoted("t_score")}
        out.append(
            (
                f"v_survey = {parse.lit(survey)} AND (v_score < {low} OR v_score > {high})",
                parse.message("score_range", lang, sql, low=low, high=high, survey=survey),
            )
        )
    # Another currency than the workspace's is converted after the checks (rates.convert).
    if (
        keep_status
        and str(keep_status.get("column")) in headers
        and table.name == "campaign_recipients"
    ):
        # Every status the tool writes is a recipient (a bounce was still sent the campaign);
        # another one is not known to be: a reject, not a guess.
        known = [str(v).lower() for v in keep_status.get("values", [])]  # type: ignore[attr-defined]
        sql = {
            "column": parse.lit(f"'{keep_status['column']}'"),
            "value": parse.quoted("t__status"),
        }
        out.append(
            (
                f"lower(coalesce(t__status, '')) NOT IN ({', '.join(parse.lit(v) for v in known)})",
                parse.message("recipient_status", lang, sql, values=", ".join(known)),
            )
        )
    elif keep_status and str(keep_status.get("column")) in headers:
        values = [str(v).lower() for v in keep_status.get("values", [])]  # type: ignore[attr-defined]
        named = [str(v).lower() for v in keep_status.get("excluded", []) or []]  # type: ignore[attr-defined]
        sql = {
            "column": parse.lit(f"'{keep_status['column']}'"),
            "value": parse.quoted("t__status"),
        }
        status = "lower(coalesce(t__status, ''))"
        if named:
            # Only the named statuses are not orders; any other is not known to be one or
            # not (a plugin's own state): a reject naming it, not a guess.
            exclusions.append(
                (
                    f"{status} IN ({', '.join(parse.lit(v) for v in named)})",
                    parse.message("status_excluded", lang, sql, values=", ".join(values)),
                    "'status:' || coalesce(t__status, '')",
                )
            )
            out.append(
                (
                    f"{status} NOT IN ({', '.join(parse.lit(v) for v in values + named)})",
                    parse.message(
                        "status_unknown",
                        lang,
                        sql,
                        values=", ".join(values),
                        excluded=", ".join(named),
                    ),
                )
            )
        else:
            exclusions.append(
                (
                    f"{status} NOT IN {tuple(values)!r}",
                    parse.message("status_excluded", lang, sql, values=", ".join(values)),
                    "'status:' || coalesce(t__status, '')",
                )
            )
    return out, exclusions


def _key_expr(table: Table, mapping: Mapping) -> str | None:
    """For tables whose files often have no id: a key derived from the row's content."""
    if not table.derived_key or table.key[0] in mapping.fields:
        return None
    parts = ", ".join(f"coalesce(t_{c}, '')" for c in table.column_names if c not in table.key)
    digest = f"'h' || left(md5(concat_ws(chr(31), {parts})), 16)"
    return f"{digest} || '-' || row_number() OVER (PARTITION BY {digest} ORDER BY __line)"


def _table_fixups(
    con: duckdb.DuckDBPyConnection, table: Table, mapping: Mapping, extras: Extras | None = None
) -> None:
    if table.name == "campaign_recipients" and "customer_id" not in mapping.fields:
        # Recipients named by their e-mail address (as e-mail tools report them): the hashed
        # address is replaced by the customer it belongs to (customers.email_hash, else an
        # 'email' identity); an address of nobody stays a hash and is rejected as unknown.
        con.execute(
            "UPDATE __checked SET customer_id = m.customer_id FROM ("
            "SELECT email_hash AS h, min(customer_id) AS customer_id FROM customers "
            "WHERE email_hash IS NOT NULL GROUP BY 1 UNION ALL "
            "SELECT handle, min(customer_id) FROM identities WHERE platform = 'email' "
            "AND handle NOT IN (SELECT email_hash FROM customers WHERE email_hash IS NOT NULL) "
            "GROUP BY 1) m WHERE m.h = __checked.customer_id"
        )
    for name in ("opened", "clicked"):
        if table.name != "campaign_recipients" or extras is None:
            break
        if getattr(extras, f"{name}_flag") is None:
            continue
        # A yes without a time and without the row's sending time: the campaign's.
        con.execute(
            f"UPDATE __checked SET {name}_at = c.sent_at FROM campaigns c "
            f"WHERE __checked.__fill_{name} AND __checked.{name}_at IS NULL "
            "AND c.campaign_id = __checked.campaign_id"
        )
    if table.name == "reviews":
        # A review without a customer id belongs to the customer of its order reference, else
        # to the customer whose e-mail hash it carries (customers.email_hash, an 'email'
        # identity); a review of nobody known keeps an empty customer (most reviews).
        con.execute(
            "UPDATE __checked SET customer_id = o.customer_id FROM orders o "
            "WHERE __checked.customer_id IS NULL AND o.order_id = __checked.order_reference"
        )
        con.execute(
            "UPDATE __checked SET customer_id = m.customer_id FROM ("
            "SELECT email_hash AS h, min(customer_id) AS customer_id FROM customers "
            "WHERE email_hash IS NOT NULL GROUP BY 1 UNION ALL "
            "SELECT handle, min(customer_id) FROM identities WHERE platform = 'email' "
            "AND handle NOT IN (SELECT email_hash FROM customers WHERE email_hash IS NOT NULL) "
            "GROUP BY 1) m WHERE __checked.customer_id IS NULL AND m.h = __checked.email_hash"
        )
    if table.name == "returns":
        # A return without a customer belongs to the customer of its order.
        con.execute(
            "UPDATE __checked SET customer_id = o.customer_id FROM orders o "
            "WHERE __checked.customer_id IS NULL AND o.order_id = __checked.order_id"
        )


def _reference_checks(
    con: duckdb.DuckDBPyConnection, table: Table, mapping: Mapping, lang: str
) -> None:
    for ref in table.references:
        if ref.creates or ref.column not in table.column_names:
            continue
        src = mapping.fields.get(ref.column)
        label = parse.lit(f"'{src.column}'" if src else f"'{ref.column}'")
        target = ref.target.replace("_id", "").replace("_", " ")
        msg = parse.message(
            "unknown_reference",
            lang,
            {"column": label, "value": parse.quoted(ref.column)},
            field=ref.column,
            target=target,
            table=ref.table,
        )
        con.execute(
            f"UPDATE __checked SET __reasons = list_append(__reasons, {msg}) "
            f"WHERE {ref.column} IS NOT NULL AND NOT EXISTS "
            f"(SELECT 1 FROM {ref.table} x WHERE x.{ref.target} = __checked.{ref.column})"
        )


def _mark_keys(con: duckdb.DuckDBPyConnection, table: Table, lang: str) -> None:
    """Decide each row's state: rejected, duplicate (same key, same values) or candidate."""
    cols = [q(c) for c in table.column_names]
    key = ", ".join(q(k) for k in table.key)
    repeated = con.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM __checked WHERE len(__reasons) = 0 "
        f"GROUP BY {key} HAVING count(*) > 1)"
    ).fetchone()
    if not repeated or not repeated[0]:
        # The usual case, no key twice: no window over the whole file is needed.
        con.execute("ALTER TABLE __checked ADD COLUMN __state VARCHAR DEFAULT 'candidate'")
        con.execute("UPDATE __checked SET __state = 'rejected' WHERE len(__reasons) > 0")
        _mark_excluded(con)
        return
    # Rows are compared by a hash of all their values (only rows with the same key).
    content = f"hash({', '.join(cols)})"
    key_text = " || ' / ' || ".join(f"CAST({q(k)} AS VARCHAR)" for k in table.key)
    msg = parse.message(
        "duplicate_key",
        lang,
        {"key": parse.quoted(key_text), "first": "CAST(__first AS VARCHAR)"},
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE __checked AS
        WITH h AS (SELECT *, {content} AS __hash FROM __checked),
        w AS (SELECT *,
            CASE WHEN len(__reasons) = 0 THEN row_number() OVER (
                PARTITION BY len(__reasons) = 0, {key} ORDER BY __line) END AS __rank,
            CASE WHEN len(__reasons) = 0 THEN first_value(__hash) OVER (
                PARTITION BY len(__reasons) = 0, {key} ORDER BY __line) END AS __first_hash,
            CASE WHEN len(__reasons) = 0 THEN first_value(__line) OVER (
                PARTITION BY len(__reasons) = 0, {key} ORDER BY __line) END AS __first
            FROM h)
        SELECT * EXCLUDE (__rank, __first_hash, __first, __reasons),
            CASE WHEN __rank > 1 AND __hash <> __first_hash
                 THEN list_append(__reasons, {msg}) ELSE __reasons END AS __reasons,
            CASE WHEN len(__reasons) > 0 OR (__rank > 1 AND __hash <> __first_hash) THEN 'rejected'
                 WHEN __rank > 1 THEN 'duplicate' ELSE 'candidate' END AS __state
        FROM w"""
    )
    _mark_excluded(con)


def _mark_excluded(con: duckdb.DuckDBPyConnection) -> None:
    """Rows that are not orders (cancelled, a status that is none, never paid) are *excluded*:
    kept with their reasons like rejects, but counted apart, and not an error."""
    con.execute("UPDATE __checked SET __state = 'excluded' WHERE __excluded IS NOT NULL")


def _collect_rejects(con: duckdb.DuckDBPyConnection, staged: readers.Staged) -> list[Reject]:
    rows = con.execute(
        "SELECT __line, __raw, __reasons, __state = 'excluded' FROM __checked "
        "WHERE __state IN ('rejected', 'excluded') ORDER BY __line"
    ).fetchall()
    missing = [line for line, raw, _, _ in rows if raw is None]
    raw_lines = staged.raw_lines(missing) if missing else {}
    out = [
        Reject(
            int(line),
            mask_emails(raw if raw is not None else raw_lines.get(line, ""))[:10_000],
            tuple(reasons),
            bool(excluded),
        )
        for line, raw, reasons, excluded in rows
    ]
    out.extend(
        Reject(line, mask_emails(raw)[:10_000], (reason,))
        for line, raw, reason in staged.structural
    )
    out.sort(key=lambda r: r.line)
    return out


def _insert_rejects(con: duckdb.DuckDBPyConnection, import_id: int, rejects: list[Reject]) -> None:
    """Bulk insert through Arrow (executemany is row by row and slow in DuckDB)."""
    rows = pa.table(
        {
            "line": pa.array([r.line for r in rejects], type=pa.int64()),
            "raw": pa.array([r.raw for r in rejects], type=pa.string()),
            "reasons": pa.array([list(r.reasons) for r in rejects], type=pa.list_(pa.string())),
            "excluded": pa.array([r.excluded for r in rejects], type=pa.bool_()),
        }
    )
    con.register("__rejects_arrow", rows)
    try:
        con.execute(
            "INSERT INTO rejects (import_id, line, raw, reasons, excluded) "
            "SELECT ?, line, raw, reasons, excluded FROM __rejects_arrow",
            [import_id],
        )
    finally:
        con.unregister("__rejects_arrow")


def _merge(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    """``__merged``: each candidate row merged with its stored row, and whether it changes.

    Built before the write transaction (we hold the store's only writing connection, so
    nothing changes in between): inside a transaction DuckDB ran it on one core.
    """
    keys = [q(k) for k in table.key]
    cols = [q(c) for c in table.column_names]
    on = " AND ".join(f"o.{k} = n.{k}" for k in keys)
    defaults = {
        q(c.name): f", CAST({parse.lit(c.default)} AS {c.sql_type})" if c.default else ""
        for c in table.columns
    }
    merged = ", ".join(
        f"n.{c} AS {c}" if c in keys else f"coalesce(n.{c}, o.{c}{defaults[c]}) AS {c}"
        for c in cols
    )
    same = " AND ".join(f"coalesce(n.{c}, o.{c}) IS NOT DISTINCT FROM o.{c}" for c in cols)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE __merged AS
        SELECT {merged}, o.{keys[0]} IS NOT NULL AS __exists,
               o.{keys[0]} IS NOT NULL AND {same} AS __same
        FROM (SELECT * FROM __checked WHERE __state = 'candidate') n
        LEFT JOIN {table.name} o ON {on}"""
    )


def _upsert(con: duckdb.DuckDBPyConnection, table: Table, import_id: int) -> tuple[int, int]:
    """Write ``__merged``'s changed rows, each with ``import_id`` (a torn commit's rows are
    found by it: docs/decisions/0014-torn-imports.md); returns (stored, duplicates of stored
    rows)."""
    keys = [q(k) for k in table.key]
    cols = [q(c) for c in table.column_names]
    counts = con.execute(
        "SELECT count(*) FILTER (WHERE NOT __same), count(*) FILTER (WHERE __same), "
        "count(*) FILTER (WHERE __exists AND NOT __same) FROM __merged"
    ).fetchone()
    assert counts is not None
    stored, same_count, changed = (int(c) for c in counts)
    if changed:
        key_list = ", ".join(keys)
        con.execute(
            f"DELETE FROM {table.name} WHERE ({key_list}) IN "
            f"(SELECT ({key_list}) FROM __merged WHERE __exists AND NOT __same)"
        )
    col_list = ", ".join(cols)
    # Row order in the store carries no meaning; without it DuckDB writes in parallel (-15 %).
    # (The readers need the order kept: line numbers come from it.)
    con.execute("SET preserve_insertion_order = false")
    try:
        con.execute(
            f"INSERT INTO {table.name} ({col_list}, {IMPORT_ID}) SELECT {col_list}, ? "
            "FROM __merged WHERE NOT __same",
            [import_id],
        )
    finally:
        con.execute("RESET preserve_insertion_order")
    return stored, same_count


def _create_customers(con: duckdb.DuckDBPyConnection, table: Table, import_id: int) -> int:
    """Customers named by new orders or subscriptions; first_seen = their first one."""
    when = {"orders": "ordered_at", "subscriptions": "started_at"}.get(table.name)
    if when is None:
        return 0
    channel = "arg_min(channel, ordered_at)" if table.name == "orders" else "NULL"
    before = _count(con, "customers")
    first_import = before == 0
    con.execute(
        f"""INSERT INTO customers (customer_id, first_seen, acquisition_channel, {IMPORT_ID})
        SELECT customer_id, min({when}), {channel}, ? FROM __merged
        WHERE NOT __same AND customer_id NOT IN (SELECT customer_id FROM customers)
        GROUP BY customer_id""",
        [import_id],
    )
    if first_import:  # every customer was just created with its first order
        return _count(con, "customers") - before
    con.execute(
        f"""UPDATE customers SET first_seen = s.first
        FROM (SELECT customer_id, min({when}) AS first FROM __merged WHERE NOT __same
              GROUP BY customer_id) s
        WHERE customers.customer_id = s.customer_id
          AND (customers.first_seen IS NULL OR customers.first_seen > s.first)"""
    )
    return _count(con, "customers") - before


def _ensure_columns(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    """Stores made before a nullable column was declared (``orders.revenue_original``) gain
    it on their next import of that table."""
    have = {
        str(r[0])
        for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
            "AND schema_name = 'main'",
            [table.name],
        ).fetchall()
    }
    for col in table.columns:
        if col.name not in have and not col.required and col.name not in table.key:
            con.execute(f"ALTER TABLE {table.name} ADD COLUMN {q(col.name)} {col.sql_type}")


def _imports_excluded_column(con: duckdb.DuckDBPyConnection) -> None:
    """Stores made before exclusions were counted apart gain the ``excluded`` columns of the
    log (0 for their earlier imports, whose exclusions are in ``rejected``) and of the
    rejects (false)."""
    for table, sql_type, default in (("imports", "BIGINT", "0"), ("rejects", "BOOLEAN", "false")):
        found = con.execute(
            "SELECT count(*) FROM duckdb_columns() WHERE table_name = ? "
            "AND column_name = 'excluded' AND schema_name = 'main'",
            [table],
        ).fetchone()
        if not found or not found[0]:
            con.execute(f"ALTER TABLE {table} ADD COLUMN excluded {sql_type} DEFAULT {default}")


def log_import(
    con: duckdb.DuckDBPyConnection,
    import_id: int,
    kind: str,
    file: str,
    sha256: str,
    counts: tuple[int, int, int, int, int],
    status: str,
    at: datetime,
) -> None:
    """One row of the import log: ``counts`` are (read, stored, rejected, duplicates,
    excluded).  Every writer of the log (imports, exchange rates, ``goal set``) goes
    through here."""
    read, stored, rejected, duplicates, excluded = counts
    con.execute(
        "INSERT INTO imports (import_id, kind, file, sha256, rows_read, stored, rejected, "
        'duplicates, status, "at", excluded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [import_id, kind, file, sha256, read, stored, rejected, duplicates, status, at, excluded],
    )


def _next_import_id(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT coalesce(max(import_id), 0) + 1 FROM imports").fetchone()
    return int(row[0]) if row else 1


def _count(con: duckdb.DuckDBPyConnection, name: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {name}").fetchone()
    return int(row[0]) if row else 0


def now_utc() -> datetime:
    return datetime.now(UTC)
