"""SQL expressions that turn staged text into typed values, and say why when they cannot.

For every field ``x`` the validator selects ``x`` (the typed value) and a list of reasons.
Parsing runs inside DuckDB, vectorised, so validation keeps up with the CSV reader.

Number formats: German (``1.234,56``) or English (``1,234.56``) per column, detected from the
values (:func:`decimal_styles`); currency signs, ``EUR`` and spaces are ignored.
Dates: ``dd.mm.yyyy``, ``dd.mm.yy``, ISO dates and date-times (with ``T`` or a space,
optional seconds and fractions), ``yyyymmdd``; a time with an offset (``Z``, ``+01:00``) is
absolute, any other time is local to the workspace time zone and converted to UTC.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from bindung import i18n
from bindung.store.schema import Column

LOCAL_FORMATS = (
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
    "%Y%m%d",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
)
SHORT_YEAR_FORMATS = ("%d.%m.%y %H:%M:%S", "%d.%m.%y %H:%M", "%d.%m.%y")
OFFSET_FORMATS = (
    "%Y-%m-%dT%H:%M:%S.%f%z",
    "%Y-%m-%d %H:%M:%S.%f%z",
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%dT%H:%M%z",
)
# An offset is Z, +hh:mm, +hhmm or +hh (PostgreSQL and DuckDB write '+00'), maybe after a space.
_OFFSET_RE = r"\d:\d\d(:\d\d(\.\d+)?)?\s?(Z|[+-]\d\d(:?\d\d)?)$"
_SHORT_YEAR_RE = r"\d{1,2}\.\d{1,2}\.\d{2}(\s.*)?"

# Words users write for the fixed categories, mapped to the stored value.
CHOICE_WORDS: dict[str, str] = {
    "positiv": "positive",
    "negativ": "negative",
    "bindung": "retention",
    "kundenbindung": "retention",
    "retention": "retention",
    "akquise": "acquisition",
    "akquisition": "acquisition",
    "neukundengewinnung": "acquisition",
    "gemischt": "mixed",
    "gefällt mir": "like",
    "likes": "like",
    "kommentar": "comment",
    "teilen": "share",
    "geteilt": "share",
    "gespeichert": "save",
    "speichern": "save",
    "klick": "click",
    "anmeldung": "enroll",
    "beitritt": "enroll",
    "sammeln": "earn",
    "gesammelt": "earn",
    "einlösen": "redeem",
    "eingelöst": "redeem",
    "stufe": "tier",
    "empfehlung": "referral",
    "gelöst": "resolved",
    "teilweise gelöst": "partly_resolved",
    "ungelöst": "unresolved",
    "offen": "open",
}
TRUE_WORDS = ("ja", "j", "yes", "y", "true", "wahr", "1", "x")
FALSE_WORDS = ("nein", "n", "no", "false", "falsch", "0")


def lit(value: object) -> str:
    """A SQL literal."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def lit_list(values: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(lit(v) for v in values) + "]"


def message(key: str, lang: str, sql: Mapping[str, str], **literals: object) -> str:
    """The message ``key`` as a SQL string expression; ``sql`` fields are SQL expressions."""
    template = i18n.text(key, lang)
    parts: list[str] = []
    for text, name, spec, conversion in string.Formatter().parse(template):
        if text:
            parts.append(lit(text))
        if name is None:
            continue
        if name in sql:
            parts.append(sql[name])
        else:
            value = literals[name]
            if conversion == "r":
                value = repr(value)
            parts.append(lit(format(value, spec or "")))
    return "concat(" + ", ".join(parts) + ")" if len(parts) > 1 else parts[0]


def quoted(text_sql: str, width: int = 60) -> str:
    """``'value'`` for messages, cut to ``width`` characters."""
    return (
        f"concat('''', CASE WHEN length({text_sql}) > {width} "
        f"THEN left({text_sql}, {width}) || '…' ELSE {text_sql} END, '''')"
    )


def clean_text(field_sql: str) -> str:
    """Trimmed text, NULL when blank (non-breaking spaces count as blank)."""
    # prefix()/suffix() compare bytes: 3x cheaper than the regular expression
    # '^[ \t\xa0]|[ \t\xa0]$' they replace (0.07 -> 0.03 s per column at 1 M values).
    blank_end = " OR ".join(
        f"{side}({field_sql}, {blank})"
        for side in ("prefix", "suffix")
        for blank in ("' '", "chr(9)", "chr(160)")
    )
    trimmed = f"trim({field_sql}, ' ' || chr(9) || chr(160))"
    # trim() copies every value; most have no blank at either end.
    return f"NULLIF(CASE WHEN {blank_end} THEN {trimmed} ELSE {field_sql} END, '')"


#: What exports write for "no value" (SQL NULL, Excel's #N/A, pandas' None and nan, a dash):
#: a missing value, never the text itself (a customer "NULL" was created from them).
NULL_TOKENS = ("null", "n/a", "#n/a", "none", "nan", "-", "—", "–")


def missing_text(field_sql: str) -> str:
    """:func:`clean_text`, and NULL for the :data:`NULL_TOKENS` too (in any case)."""
    cleaned = clean_text(field_sql)
    tokens = ", ".join(lit(tok) for tok in NULL_TOKENS)
    # The first character is a cheap pre-test (blank, '#', '-', 'N', 'n', a dash): most values
    # skip the lower()/trim() comparison (2x clean_text's time instead of 10x).
    firsts = sorted({ord(tok[0].upper()) for tok in NULL_TOKENS} | {ord(t[0]) for t in NULL_TOKENS})
    lead = ", ".join(str(c) for c in sorted({9, 32, 160, *firsts}))
    return (
        f"CASE WHEN ascii({field_sql}) IN ({lead}) AND strlen({field_sql}) <= 16 AND "
        f"lower(trim({field_sql}, ' ' || chr(9) || chr(160))) IN ({tokens}) "
        f"THEN NULL ELSE {cleaned} END"
    )


#: Currency signs and the code each stands for; any three capital letters are a code too.
CURRENCY_SIGNS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY"}


def currency_mark(text_sql: str) -> str:
    """The currency an amount's text names (``$ 12,50`` USD, ``12,50 CHF`` CHF), or NULL."""
    signs = " ".join(
        f"WHEN contains({text_sql}, {lit(sign)}) THEN {lit(code)}"
        for sign, code in CURRENCY_SIGNS.items()
    )
    word = "'(^|[^A-Za-z])([A-Za-z]{3})([^A-Za-z]|$)'"
    code = f"NULLIF(upper(regexp_extract({text_sql}, {word}, 2)), '')"
    return (
        f"CASE WHEN regexp_full_match({text_sql}, '[-+0-9.,]*') THEN NULL "
        f"ELSE coalesce(CASE {signs} END, {code}) END"
    )


def sub_cent(n: str, comma: bool) -> str:
    """Whether the cleaned number text ``n`` is an amount with a non-zero third decimal or
    more (``10,999``): rounding it to cents would change it."""
    if comma:
        pattern = r"[+-]?(\d{1,3}(\.\d{3})+|\d+),\d{2}0*[1-9]\d*"
    else:
        pattern = r"[+-]?(\d{1,3}(,\d{3})+|\d+)\.\d{2}0*[1-9]\d*"
    return f"regexp_full_match({n}, '{pattern}')"


AMBIGUOUS_NUMBER = r"[+-]?\d{1,3}[.,]\d{3}"  # 1,234 / 1.234: thousands, or 3 decimals


def number_text(text_sql: str) -> str:
    """Without spaces, currency signs and codes (``translate``, ``replace``: 2x a regex)."""
    dropped = f"translate({text_sql}, ' ' || chr(9) || chr(160) || '€$£', '')"
    for code in ("EUR", "USD", "CHF", "GBP"):
        dropped = f"replace({dropped}, '{code}', '')"
    # Most values are plain already; one simple pattern is cheaper than the five rewrites.
    return (
        f"CASE WHEN regexp_full_match({text_sql}, '[-+0-9.,]*') THEN {text_sql} ELSE {dropped} END"
    )


def decimal_styles_sql(texts: Mapping[str, str], stage: str) -> str:
    """One row: per column, how many values are unambiguously decimal-comma or decimal-point."""
    cols = []
    for name, text in texts.items():
        n = number_text(text)
        cols.append(
            f"count(*) FILTER (WHERE regexp_matches({n}, ',\\d{{1,2}}$') "
            f"OR regexp_matches({n}, '\\.\\d{{3}},')) AS \"{name}_comma\", "
            f"count(*) FILTER (WHERE regexp_matches({n}, '\\.\\d{{1,2}}$') "
            f"OR regexp_matches({n}, ',\\d{{3}}\\.')) AS \"{name}_point\""
        )
    return f"SELECT {', '.join(cols)} FROM {stage}"


def _decimal_format(n: str, comma: bool) -> tuple[str, str]:
    """(the pattern a number must match, SQL for its text with ``.`` decimals and no grouping).

    Decimal comma: ``1.234,56``; decimal point: ``1,234.56``; grouping is optional.
    """
    if comma:
        return r"[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?", f"replace(replace({n}, '.', ''), ',', '.')"
    return r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?", f"replace({n}, ',', '')"


def money(text: str, comma: bool, *, cleaned: bool = False) -> tuple[str, str]:
    """(value, is-valid) for an amount with 2 decimals; ``cleaned``: text is number_text'ed."""
    n = text if cleaned else number_text(text)
    pattern, plain_text = _decimal_format(n, comma)
    value = f"TRY_CAST({plain_text} AS DECIMAL(18,2))"
    # A third decimal is no amount in cents: not rounded away (``10,999`` was stored as 11.00).
    ok = (
        f"(regexp_full_match({n}, '{pattern}') AND NOT {sub_cent(n, comma)} "
        f"AND {value} IS NOT NULL)"
    )
    # Most amounts are plain (49,90 / 49.90): one cheap pattern and a cast, no rewriting.
    sep = "," if comma else "."
    plain = f"regexp_full_match({n}, '[0-9]{{1,15}}\\{sep}[0-9]{{2}}')"
    cast = (
        f"CAST(replace({n}, ',', '.') AS DECIMAL(18,2))" if comma else f"CAST({n} AS DECIMAL(18,2))"
    )
    return f"CASE WHEN {plain} THEN {cast} WHEN {ok} THEN {value} END", ok


def number(text: str, comma: bool, *, cleaned: bool = False) -> tuple[str, str]:
    n = text if cleaned else number_text(text)
    pattern, plain_text = _decimal_format(n, comma)
    value = f"TRY_CAST({plain_text} AS DOUBLE)"
    ok = f"(regexp_full_match({n}, '{pattern}') AND isfinite({value}))"
    return f"CASE WHEN {ok} THEN {value} END", ok


def integer(text: str, comma: bool, *, cleaned: bool = False) -> tuple[str, str]:
    """A whole number with optional thousands separators and a zero fraction (``3,0``).

    ``1.000`` is one thousand in a decimal-comma column and 1 in a decimal-point one (it was 1
    in both before, while ``1.500`` was refused).
    """
    n = text if cleaned else number_text(text)
    if comma:
        pattern = r"[+-]?(\d{1,3}(\.\d{3})+|\d+)(,0+)?"
        digits = f"replace(regexp_replace({n}, ',0+$', ''), '.', '')"
    else:
        pattern = r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.0+)?"
        digits = f"replace(regexp_replace({n}, '\\.0+$', ''), ',', '')"
    value = f"TRY_CAST({digits} AS BIGINT)"
    ok = f"(regexp_full_match({n}, '{pattern}') AND {value} IS NOT NULL)"
    plain = f"regexp_full_match({n}, '[0-9]{{1,18}}')"
    return f"CASE WHEN {plain} THEN CAST({n} AS BIGINT) WHEN {ok} THEN {value} END", ok


def try_formats(text: str, formats: tuple[str, ...] | list[str]) -> str:
    """``try_strptime(text, [f1, f2, ...])`` (the first format that reads the text), written
    as ``coalesce(try_strptime(text, f1), try_strptime(text, f2), ...)``: the same value, and
    10x faster in DuckDB 1.5 (0.06 against 0.5 s for 500,000 values that the first format
    reads; with a list every value pays for it, with coalesce a format is tried only on the
    values the ones before it left NULL)."""
    if len(formats) == 1:
        return f"try_strptime({text}, {lit(formats[0])})"
    return "coalesce(" + ", ".join(f"try_strptime({text}, {lit(f)})" for f in formats) + ")"


def local_timestamp(
    text: str, first: str | None = None, formats: tuple[str, ...] | None = None
) -> str:
    """A naive local ``TIMESTAMP`` from text without an offset; NULL otherwise.

    ``formats`` (a preset's or ``--dateformat``) are the only ones tried.  Otherwise ``first``
    is the column's detected format already applied (an SQL expression, see
    :func:`detect_format_sql`); rows it does not fit, or that it would read with a year below
    1000 (``05.03.24`` as year 24), go through the general formats.
    """
    if formats:
        return try_formats(text, formats)
    general = (
        f"CASE WHEN regexp_full_match({text}, '{_SHORT_YEAR_RE}') "
        f"THEN {try_formats(text, SHORT_YEAR_FORMATS)} "
        f"ELSE {try_formats(text, LOCAL_FORMATS)} END"
    )
    if first is None:
        return general
    return f"CASE WHEN year({first}) >= 1000 THEN {first} ELSE {general} END"


def has_offset(text: str) -> str:
    """Whether the text ends in a time with an offset (``Z``, ``+01:00``, `` +0100``)."""
    return f"regexp_matches({text}, '{_OFFSET_RE}')"


def offset_timestamp(text: str) -> str:
    """A UTC ``TIMESTAMP`` from text that carries an offset (``Z``, ``+01:00``, `` +0100``)."""
    normalised = (
        f"regexp_replace(regexp_replace({text}, "
        r"'\s?Z$', '+00:00'), '\s([+-][0-9:]+)$', '\1')"
    )
    return (
        f"CASE WHEN {has_offset(text)} "
        f"THEN timezone('UTC', {_offset_formats(text, normalised)}) END"
    )


def _literals(fmt: str) -> set[str]:
    """The characters a strptime format requires literally (not its %-fields, not spaces:
    DuckDB matches a space in the format to any run of white space)."""
    out: set[str] = set()
    i = 0
    while i < len(fmt):
        if fmt[i] == "%":
            i += 3 if fmt[i + 1 : i + 2] == "-" else 2
            continue
        if not fmt[i].isspace():
            out.add(fmt[i])
        i += 1
    return out


def _offset_formats(text: str, normalised: str) -> str:
    """``try_strptime(normalised, OFFSET_FORMATS)``, the same value, faster.

    The list tries its formats in order and every failed try is costly (4 of them for
    Shopify's ``2024-03-01 10:00:00 +0100``: 0.8 s at 500,000 values, against 0.2 s for the
    one that fits).  A format requires its literal characters (``T``, ``.``) in the text;
    where the text lacks one of each earlier format's own, none of those can read it, and
    the list may start at this format.  The test is made on the text before the
    normalisation, which only adds or removes ``Z``, ``+``, ``0``, ``:`` and white space.
    """
    unchanged = set("Z+0:")
    branches = []
    for i in range(len(OFFSET_FORMATS) - 1, 0, -1):
        own = _literals(OFFSET_FORMATS[i])
        guards: list[str] = []
        for earlier in OFFSET_FORMATS[:i]:
            marks = sorted(_literals(earlier) - own - unchanged)
            if not marks:  # nothing tells that format apart: no shortcut to this one
                break
            guard = "(" + " OR ".join(f"NOT contains({text}, {lit(c)})" for c in marks) + ")"
            if guard not in guards:
                guards.append(guard)
        else:
            branches.append(
                f"WHEN {' AND '.join(guards)} THEN {try_formats(normalised, OFFSET_FORMATS[i:])}"
            )
    full = try_formats(normalised, OFFSET_FORMATS)
    return f"CASE {' '.join(branches)} ELSE {full} END" if branches else full


def utc_timestamp(text: str, local: str, to_utc: str) -> str:
    """The UTC value: ``to_utc`` (local converted) when ``local`` parsed, else the offset form."""
    return f"CASE WHEN {local} IS NOT NULL THEN {to_utc} ELSE {offset_timestamp(text)} END"


def candidate_formats() -> tuple[str, ...]:
    """The local formats a column's format is detected from, in order of preference."""
    return LOCAL_FORMATS + SHORT_YEAR_FORMATS


def detect_format_sql(sample_table: str) -> str:
    """Per candidate format: how many sampled values (column ``t``) it reads with a 4-digit year."""
    counts = ", ".join(
        f"count(*) FILTER (WHERE year(try_strptime(t, {lit(f)})) >= 1000)"
        for f in candidate_formats()
    )
    return f"SELECT {counts} FROM {sample_table}"


def timestamp(text: str, timezone: str, formats: tuple[str, ...] | None = None) -> str:
    """A UTC ``TIMESTAMP`` from local (or offset-carrying) text, as one expression.

    The loader computes the same pieces in stages (each value parsed once) and converts with
    the faster :mod:`bindung.ingest.timezones` lookup; this form is for ad-hoc use and tests.
    """
    local = local_timestamp(text, formats=formats)
    to_utc = f"timezone('UTC', timezone({lit(timezone)}, {local}))"
    if formats:
        return to_utc
    return utc_timestamp(text, local, to_utc)


def date(text: str, formats: tuple[str, ...] | None = None) -> str:
    return f"CAST({local_timestamp(text, formats=formats)} AS DATE)"


def boolean(text: str) -> str:
    low = f"lower({text})"
    return (
        f"CASE WHEN {low} IN {tuple(TRUE_WORDS)} THEN TRUE "
        f"WHEN {low} IN {tuple(FALSE_WORDS)} THEN FALSE END"
    )


def choice(text: str, column: Column) -> str:
    """Lower-cased; German words mapped to the stored value; ``-``/space become ``_``."""
    low = f"lower({text})"
    words = {k: v for k, v in CHOICE_WORDS.items() if v in column.choices}
    if not words:
        return f"replace(replace({low}, '-', '_'), ' ', '_')"
    cases = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in words.items())
    return f"CASE {low} {cases} ELSE replace(replace({low}, '-', '_'), ' ', '_') END"


def formula_text(text: str) -> str:
    """The value without leading tabs and line breaks (Excel skips them, so must the check)."""
    return f"ltrim({text}, chr(9) || chr(10) || chr(13) || ' ')"


def looks_like_formula(text: str) -> str:
    """Spreadsheet formula injection: ``=``, ``@``, or ``+``/``-`` not followed by a number.

    A signed value passes only when it holds nothing but digits, spaces and ``.,/()+-``
    (``-5,00``, ``+49 (0)30 123-45``, ``-``): what Excel can evaluate from such text is plain
    arithmetic.  ``-2+3+cmd|' /C calc'!A0`` starts with a number too, and is refused.
    """
    s = formula_text(text)
    # ascii() of the first character is a cheap pre-test: tab, LF, CR, space, + - = @.
    return (
        f"((ascii({text}) IN (9, 10, 13, 32, 43, 45, 61, 64)) AND "
        f"(left({s}, 1) IN ('=', '@') OR "
        f"(left({s}, 1) IN ('+', '-') AND NOT regexp_full_match({s}, '[+-][-+0-9\\s.,/()]*'))))"
    )
