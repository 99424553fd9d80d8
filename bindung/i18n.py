"""User-facing text: English in the code, German in the gettext catalogue.

A text is written in English where the code declares or shows it and marked for Babel's
extractor (``make catalogue``, docs/translations.md): ``N_("…")`` where it is declared (it
returns the text unchanged), ``tr(lang, "…", **values)`` where it is shown,
``ptr(lang, context, "…")`` where one English text needs two German ones, and ``both("…")``
(``pboth(context, "…")``) for the places that keep a text in both languages (findings, column
labels).  The German translations live in ``bindung/locale/de/LC_MESSAGES/bindung.po``; the
compiled ``.mo`` next to it is read with the standard library's :mod:`gettext`, once, when German
is first asked for.

``t("key", lang, **values)`` formats a message of :data:`MESSAGES` by its key.  Messages that end
up inside SQL (validation reasons) are formatted with placeholders that the caller replaces by
SQL expressions (:func:`text` gives the unformatted template).
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from pathlib import Path

#: the catalogue's folder: ``locale/<lang>/LC_MESSAGES/bindung.{po,mo}`` and ``bindung.pot``
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "bindung"
#: the languages of every text; English is the source (the msgid), German the translation
LANGUAGES = ("de", "en")


def N_(message: str) -> str:
    """Marks ``message`` for the catalogue where it is declared; :func:`tr` translates it where
    it is shown."""
    return message


@cache
def catalogue(lang: str) -> gettext.NullTranslations:
    """The translations into ``lang``: German from the compiled catalogue, English as written."""
    if lang != "de":
        return gettext.NullTranslations()
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo", "rb") as mo:
        return gettext.GNUTranslations(mo)


def tr(lang: str, message: str, /, **values: object) -> str:
    """``message`` (English, the msgid) in ``lang``, formatted with ``values`` if any."""
    text = catalogue(lang).gettext(message)
    return text.format(**values) if values else text


def ptr(lang: str, context: str, message: str, /, **values: object) -> str:
    """:func:`tr` for an English text that has more than one German translation: ``context``
    (the msgctxt) says which."""
    text = catalogue(lang).pgettext(context, message)
    return text.format(**values) if values else text


def both(
    message: str, values: Callable[[str], Mapping[str, object]] | None = None
) -> tuple[str, str]:
    """``message`` in German and English (in this order), for what keeps both languages;
    ``values(lang)`` gives the placeholders' values as written in that language."""
    german, english = (
        tr(lang, message, **values(lang)) if values else tr(lang, message) for lang in LANGUAGES
    )
    return german, english


def pboth(
    context: str, message: str, values: Callable[[str], Mapping[str, object]] | None = None
) -> tuple[str, str]:
    """:func:`both` for an English text with more than one German translation (``context``)."""
    german, english = (
        ptr(lang, context, message, **values(lang)) if values else ptr(lang, context, message)
        for lang in LANGUAGES
    )
    return german, english


MESSAGES: dict[str, str] = {
    # -- CLV models
    "clv_no_orders": N_("no orders in the workspace: import orders before fitting CLV models"),
    "clv_holdout_late": N_(
        "--holdout {holdout}: must lie before the last order day {last} (the holdout "
        "period runs from the day after it to the last order)"
    ),
    "clv_few_repeaters": N_(
        "only {n} customers bought more than once up to {end}; fitting needs at least "
        "{minimum} (import more history, or choose a later --holdout date)"
    ),
    "clv_no_holdout": N_(
        "the stored models were fitted without a holdout: run `bindung clv fit --holdout "
        "DATE` first"
    ),
    # -- metrics
    "remote_store": N_(
        "the store {store} is another engine: Bindung reads it for metrics only; "
        "imports, rejects, SQL and forget need a DuckDB store (docs/backends.md)"
    ),
    "no_activity": N_(
        "the workspace has no orders and no subscriptions yet; import some first "
        "(bindung import orders FILE)"
    ),
    # -- reading files
    "file_missing": N_("{file}: no such file"),
    "file_empty": N_("{file}: the file is empty; expected a header line with column names"),
    "file_binary": N_(
        "{file}: looks like a binary file, not text (NUL byte at byte {offset}); "
        "expected CSV, XLSX, Parquet or JSON lines"
    ),
    "file_format": N_(
        "{file}: cannot read format {format!r}; expected csv, xlsx, parquet or jsonl"
    ),
    "file_unreadable": N_("{file}: cannot be read as {format}: {detail}"),
    # -- issue 18: no silent wrong value at import
    "file_utf16": N_(
        "{file}: looks like UTF-16 text without a byte order mark; read it with "
        "--encoding {encoding}"
    ),
    "encoding_unknown": N_(
        "{file}: --encoding {encoding!r} is not an encoding Python knows; expected e.g. "
        "utf-8, cp1252, latin-1, utf-16-le"
    ),
    "not_utf8": N_(
        "{file}: line {line}, column {column}: byte {byte} is not {encoding}; expected "
        "{encoding} text as --encoding says (without --encoding the encoding is detected)"
    ),
    "lines_cp1252": N_(
        "not UTF-8 like the rest of the file, so read as Windows-1252 (check their "
        "umlauts): line {lines}"
    ),
    "xlsx_is_text": N_(
        "{file} is not an Excel workbook (it looks like CSV text); rename it to .csv or "
        "use --format csv"
    ),
    "xlsx_too_large": N_(
        "{file}: the workbook part {part} unpacks to {size} MB, more than the limit of "
        "{limit} MB per part (or {ratio}× its packed size): refused before reading, as a "
        "zip bomb would be; save the sheet as CSV and import that"
    ),
    "xlsx_too_many_cells": N_(
        "{file}: the sheet {part} spans {cells} cells, more than the limit of {limit}: "
        "refused before reading; save the sheet as CSV and import that"
    ),
    "unterminated_quote": N_(
        "unterminated quote starting at line {line}: the quote opened here closes lines "
        "later, so this row was not read; the lines after it were read as rows of their own"
    ),
    "sub_cent": N_(
        "column {column} ({field}): {value} has more than 2 decimals; an amount is stored "
        "in cents, rounding it would change it"
    ),
    "foreign_currency": N_(
        "column {column} ({field}): {value} is in {mark}, not in the workspace currency "
        "{currency}; convert it, or import the currency in a currency column with the ECB "
        "rates (docs/imports.md, Currencies)"
    ),
    "number_style_question": N_(
        "{file}: column {column!r} holds {value!r} (line {line}), which reads as {grouped} "
        "with {mark!r} between thousands or as {decimal} with a decimal {mark!r}; no value "
        "of the column decides which. Settle it: --thousands {mark!r} or --decimal {mark!r}"
    ),
    "thousands_decimal_same": N_(
        "--thousands {thousands!r} and --decimal {decimal!r}: one mark cannot be both"
    ),
    "thousands_option": N_("--thousands {value!r}: expected ',' or '.'"),
    "date_order_question": N_(
        "{file}: column {column!r} holds dates like {value!r} (line {line}) that read "
        "day-first as {day_first} and month-first as {month_first}, and no value decides "
        "which. Settle it: --date-format %d/%m/%Y (day first) or --date-format %m/%d/%Y "
        "(month first)"
    ),
    "date_order_mixed": N_(
        "{file}: column {column!r} holds dates day-first ({day_value!r}, line {day_line}) "
        "and month-first ({month_value!r}, line {month_line}); which order each row means "
        "cannot be decided. Settle it with --date-format %d/%m/%Y or --date-format "
        "%m/%d/%Y (rows in the other order are then rejected)"
    ),
    "unknown_metric": N_(
        "column {column} ({field}): {value} is not a goal metric; expected one of {choices}"
    ),
    "no_header_columns": N_(
        "{file}: --no-header and --columns go together: a file without a header line "
        "needs its column names, e.g. --no-header --columns customer_id,date,items,revenue"
    ),
    "titles_skipped": N_("title rows above the header skipped: {titles}"),
    "summary_table": N_(
        "{file}: this is a per-customer summary (one row per customer: {columns}), not a "
        "list of orders. Bindung needs one row per order (customer, order date, amount) and "
        "computes recency, frequency and value itself; export the orders or transactions "
        "instead"
    ),
    "woocommerce_analytics_orders": N_(
        "{file}: this is the {label} (WooCommerce → Analytics → Orders → Download). It has "
        "no customer id and no e-mail address, only the customer's name in column {column!r}: "
        "two customers with the same name would become one customer, so Bindung does not "
        "import it as {kind}. Export the orders with the customer's user id or billing e-mail "
        "instead: WooCommerce → Orders with an order export extension (Advanced Order Export "
        "For WooCommerce with 'Customer User ID' and 'Email (Billing)', or Customer/Order/"
        "Coupon Export, one row per product), which --preset woocommerce reads. To import this "
        "file anyway, at your own risk that customers of the same name are merged, name the "
        'customer column yourself: --map "{column}=customer_id"'
    ),
    # -- forget (bindung forget)
    "forgot_files": N_(
        "  files deleted from the workspace folder (they held the customer): {files}"
    ),
    "forgot_sources": N_(
        "  kept: import sources in the workspace folder that hold the customer (your own "
        "files: delete or edit them by hand, or importing them again brings the customer "
        "back): {files}"
    ),
    "forgot_outside": N_(
        "  files outside the workspace folder {folder} (reports or exports written "
        "elsewhere with --out, copies) are not known to Bindung: delete those by hand"
    ),
    "sheet_missing": N_("{file}: no sheet named {sheet!r}; the workbook has: {sheets}"),
    "header_duplicate": N_(
        "{file}: the column name {name!r} appears more than once in the header; rename one"
    ),
    # -- mapping
    "mapping_missing": N_(
        "{file}: cannot find the required field(s) {missing} for {kind}.\n"
        "  Columns in the file: {headers}\n"
        "  Name them with --map, e.g.: {example}"
    ),
    "mapping_ambiguous": N_(
        "{file}: the columns {columns} all look like {field}; which one is meant cannot be "
        "decided. Settle it with --map, e.g.: {example}"
    ),
    "mapping_default_question": N_(
        "{file}: column {column!r} looks like {field}, which the file does not map; "
        "Bindung would store {field} = {default} for every row. Settle it: "
        '--map "{column}={field}" to read it, or --map "{column}=-" to leave it out'
    ),
    "not_used": N_("not used: {columns}"),
    "mapping_unknown_column": N_(
        "--map {item!r}: the file has no column {column!r}; columns: {headers}"
    ),
    "mapping_unknown_field": N_("--map {item!r}: {kind} has no field {field!r}; fields: {fields}"),
    "mapping_syntax": N_("--map {item!r}: expected COLUMN=field"),
    "preset_unknown": N_("unknown preset {preset!r}; expected one of: {presets}"),
    "preset_detected": N_("detected: {label}"),
    "interval_missing": N_(
        "{file}: column {column} is a price per interval, but the file has no interval "
        "column ({interval}); export it with that column, or map a monthly amount explicitly "
        '(--map "{column}=mrr"). Columns: {headers}'
    ),
    "preset_kind": N_("preset {preset!r} is for {kinds}, not for {kind}"),
    # -- numbers on the command line (read as the workspace locale writes them)
    "number_option": N_(
        "{option} {value!r} is not a number as {locale} writes it ({rule}); expected "
        "e.g. {examples}{hint}"
    ),
    "number_ambiguous": N_(
        "{option} {value!r} is ambiguous: {ours} as {locale} writes numbers, but {other} "
        "with {mark!r} between thousands; write {ours_text} or {other_text}"
    ),
    "number_meant": N_("; perhaps you meant {suggestion}"),
    # -- row validation (placeholders {value} and {column} become SQL expressions)
    "ragged": N_("has {found} field(s), expected {expected} (as in the header)"),
    "field_too_large": N_("has a field longer than {limit} characters; the row cannot be read"),
    "bad_json_file": N_(
        "{file}: not valid JSON ({detail}); expected an array of objects or JSON lines"
    ),
    "bad_json": N_("is not a JSON object: {detail}"),
    "required": N_("column {column} ({field}): is empty; a value is required"),
    "not_money": N_("column {column} ({field}): {value} is not an amount; expected e.g. {example}"),
    "not_integer": N_("column {column} ({field}): {value} is not a whole number; expected e.g. 3"),
    "not_number": N_("column {column} ({field}): {value} is not a number; expected e.g. {example}"),
    "not_timestamp": N_(
        "column {column} ({field}): {value} is not a date; "
        "expected dd.mm.yyyy [hh:mm[:ss]], dd.mm.yy or yyyy-mm-dd[Thh:mm:ss]"
    ),
    "not_boolean": N_(
        "column {column} ({field}): {value} is not yes/no; expected ja/nein, yes/no, "
        "true/false or 1/0"
    ),
    "not_email": N_(
        "column {column} ({field}): not a valid e-mail address such as name@example.de (the "
        "value is not repeated here)"
    ),
    "negative": N_("column {column} ({field}): {value} is negative; expected 0 or more"),
    "below_minimum": N_("column {column} ({field}): {value} is below the minimum {minimum}"),
    "above_maximum": N_("column {column} ({field}): {value} is above the maximum {maximum}"),
    "choice": N_("column {column} ({field}): {value} is not allowed; expected one of {choices}"),
    "too_long": N_(
        "column {column} ({field}): the value has {length} characters; at most {limit} allowed"
    ),
    "formula": N_(
        "column {column} ({field}): {value} looks like a spreadsheet formula; refused to "
        "protect Excel users (remove the leading {lead})"
    ),
    "future": N_("column {column} ({field}): {value} lies in the future"),
    "before": N_("column {column} ({field}): {value} is before {other} ({other_value})"),
    "score_range": N_(
        "column {column} (score): {value} is outside {low}–{high} for survey {survey}"
    ),
    "currency": N_(
        "column {column} (currency): {value} differs from the workspace currency {currency}; "
        "convert the amounts first"
    ),
    "rate_missing": N_(
        "column {column}: no exchange rate for {currency} on {day} (nor in the {days} days "
        "before); import the ECB reference rates first: bindung import exchange_rates "
        "eurofxref-hist.csv"
    ),
    "rate_not_number": N_(
        "column {column}: {value} is not an exchange rate; expected a number above 0 "
        "with a decimal point (1.0956) or N/A"
    ),
    "rate_not_date": N_(
        "column {column}: {value} is not a date; expected yyyy-mm-dd as the ECB writes it"
    ),
    "rates_layout": N_(
        "{file}: not an exchange-rate file as the ECB publishes it (eurofxref-hist.csv): "
        "expected a Date column and one column per currency code (USD, JPY, ...). "
        "Columns: {headers}"
    ),
    "rates_note": N_(
        "{currencies} currencies, {first} to {last}; {missing} cells N/A (no rate that day)"
    ),
    "status_excluded": N_(
        "column {column}: status {value} is not a completed order; kept are: {values}"
    ),
    "status_unknown": N_(
        "column {column}: status {value} is neither an order ({values}) nor a "
        "cancellation ({excluded}); whether it is an order cannot be decided: map the shop's "
        "own state to one of these before exporting, or leave the row out"
    ),
    "line_items_form": N_(
        "column {column}: {value} is not a list of order lines '<quantity>x <product id>' "
        "joined by '|'; the number of items cannot be read"
    ),
    "line_value": N_(
        "line {line}, column {column}: {value} is not a whole number (quantity) or an "
        "amount (price, discount) of 0 or more; the order's lines cannot be stored"
    ),
    "status_only_id": N_(
        "the file holds the order state only as an id ({column}): cancelled orders "
        "cannot be told apart and were imported as orders. Add the state's technical name "
        "to the export profile (field stateMachineState.technicalName, column order_state; "
        "docs/imports.md) and import the file again"
    ),
    "recipient_status": N_(
        "column {column}: status {value} is not one this export writes ({values}); whether "
        "the e-mail went out to the recipient cannot be decided"
    ),
    "flag_value": N_(
        "column {column} ({field}): {value} is neither yes/no nor a number (of openings or "
        "clicks); whether the recipient opened or clicked cannot be decided"
    ),
    "flag_contradicts": N_(
        "column {column} says no ({value}) but {time_column} holds a time ({time}); which "
        "one is right cannot be decided"
    ),
    "flag_time_filled": N_(
        "{opened} openings and {clicked} clicks are known without their time ({columns}): "
        "stored at the sending time. The shares opened and clicked are right; how soon after "
        "sending they happened is not known"
    ),
    "events_time_missing": N_(
        "{file}: an event log (one row per event) needs the time of each event ({columns}); "
        "the file has: {headers}"
    ),
    "event_unknown": N_(
        "column {column!r}: event {value!r} is not one this export writes ({values}); what "
        "happened to the recipient cannot be decided"
    ),
    "event_time": N_(
        "column {column!r}: {value!r} is no time of the {event!r} event; expected seconds since "
        "1970 (UTC) or ISO 8601 with its offset (2025-01-15T09:12:00+00:00): a time without "
        "its zone is not read"
    ),
    "mailchimp_last_open": N_(
        "Mailchimp's sent-to report gives the last opening (last_open), not the first: "
        "opened_at holds the last one. Whether a recipient opened is right; the time is the "
        "latest opening"
    ),
    "mailchimp_no_clicks": N_(
        "Mailchimp's sent-to report has no clicks: clicked_at stays empty, so the campaign's "
        "click share reads 0 %. Importing the email activity of the same campaigns (preset "
        "mailchimp_activity) adds the clicks and the first openings to these recipients"
    ),
    "shopware_no_refunds": N_(
        "amount_total is the order's total before refunds (the export has no refunded "
        "amount): refunds are not subtracted from revenue"
    ),
    "cancelled": N_(
        "column {column}: the order was cancelled ({value}); a cancelled order is not "
        "stored as an order"
    ),
    "refund_exceeds": N_(
        "column {column}: refund {value} is larger than {total_column} {total}; "
        "expected a refund up to the order's amount"
    ),
    "interval": N_("column {column}: {value} is not a price interval; expected one of {choices}"),
    "trial_only": N_(
        "column {column}: the subscription ended ({ended}) before its trial ended "
        "({value}); it never paid and is not stored"
    ),
    "whole_number": N_(
        "column {column} ({field}): {value} is not a whole number of at least {minimum}"
    ),
    "lines_disagree": N_(
        "record {key}: its lines hold different values in {columns}; which one is meant "
        "cannot be decided"
    ),
    "duplicate_key": N_("key {key} appears again with different values (first on line {first})"),
    "unknown_reference": N_(
        "column {column} ({field}): {value} is not a known {target}; import {table} first"
    ),
    # -- summaries
    "summary": N_(
        "{file} → {kind}: {read} read · {stored} stored · {rejected} rejected · "
        "{duplicates} duplicates skipped"
    ),
    "summary_excluded": N_(
        "{file} → {kind}: {read} read · {stored} stored · {rejected} rejected · "
        "{excluded} excluded ({why}) · {duplicates} duplicates skipped"
    ),
    "excluded_cancelled": N_("cancelled"),
    "excluded_status": N_("status {status}"),
    "excluded_trial": N_("ended during the trial"),
    "excluded_mark": N_("excluded"),
    "excluded_note": N_(
        "excluded rows are not orders; they are kept with their reason (bindung rejects "
        "--import {id}) and are no error"
    ),
    "strict_refused": N_(
        "{file}: refused (--strict): {rejected} of {read} rows are invalid; nothing stored"
    ),
    "header_only": N_("{file}: the file has a header but no rows"),
    "terminal_rows_first": N_(
        "the first {shown} of {total} rows; all of them: --format csv --table {table} "
        "(or --format json, xlsx)"
    ),
    "terminal_rows_newest": N_(
        "the newest {shown} of {total} rows; all of them: --format csv --table {table} "
        "(or --format json, xlsx)"
    ),
    # -- the trade literature a formula, benchmark or claim comes from (SOURCES)
    "literature": N_("trade literature (source {source})"),
    "literature_benchmark": N_("benchmark from the trade literature (source {source})"),
}

#: The German trade articles whose formulas, benchmarks and claims Bindung follows, by id
#: (DESIGN.md "Sources"); the product names them "source 000" / "Quelle 000", never otherwise.
SOURCES: dict[str, str] = {
    "000": "Social Media ROI von Kundenbindung",
    "001": "Einfluss von Social Media auf die Kundenbindung (2012)",
    "002": "Von Klicks zu Konversionen: Wie Sie online Kundenbindung fördern und Umsatz steigern",
    "003": "Kundenbindung: So binden Sie Kunden langfristig",
    "004": "Maßnahmen zur Kundenbindung – die fünf wichtigsten Antworten (2017)",
}


class Pairs(Mapping[str, tuple[str, str]]):
    """Texts by key, read as ``(German, English)`` (:func:`both`) when asked for, not when the
    module is imported: for the tables of labels on the way of every command's start."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self.texts = texts

    def __getitem__(self, key: str) -> tuple[str, str]:
        return both(self.texts[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self.texts)

    def __len__(self) -> int:
        return len(self.texts)


def text(key: str, lang: str = "en") -> str:
    """The message ``key`` in ``lang``, unformatted (its placeholders as written)."""
    return catalogue(lang).gettext(MESSAGES[key])


def t(key: str, lang: str = "en", **values: object) -> str:
    """The message ``key`` in ``lang`` (``de`` or ``en``), formatted with ``values``."""
    template = text(key, lang)
    return template.format(**values) if values else template


def _source(source: str) -> str:
    if source not in SOURCES:
        raise KeyError(f"unknown source {source!r}; expected one of: {', '.join(SOURCES)}")
    return source


def literature(source: str, lang: str = "en") -> str:
    """The trade literature's source ``source`` by name, without article: "Fachliteratur
    (Quelle 003)" / "trade literature (source 003)" — the caller puts "der" / "the" before it
    ("Rat der …", "advice of the …")."""
    return t("literature", lang, source=_source(source))


def benchmark(source: str, lang: str = "en") -> str:
    """A benchmark's origin: "Richtwert laut Fachliteratur (Quelle 000)" / "benchmark from the
    trade literature (source 000)"; the value follows after a colon."""
    return t("literature_benchmark", lang, source=_source(source))
