"""Exchange rates: the ECB's reference-rate file as published, and converting orders with it.

``eurofxref-hist.csv`` (ECB, "Euro foreign exchange reference rates", time series as CSV):
a ``Date`` column (``yyyy-mm-dd``, newest first) and one column per currency (``USD``,
``JPY``, ...), each the units of that currency per 1 EUR with a decimal point, ``N/A`` where
the ECB published no rate that day (a currency not yet or no longer quoted); every line ends
with a comma, so the header's last name is empty.  Rates exist for TARGET working days only.

Each line (one day) is stored, rejected (a date or a rate that does not parse, with the
column and value named) or a duplicate (every rate of it already stored as it is).

Orders in another currency than the workspace's are converted at the rate in force on the
order's local day: the reference rate of that day or, on a weekend or TARGET holiday, of the
last working day before it, at most MAX_AGE days back (docs/imports.md).  The amount in the
workspace currency is ``amount / rate(currency) * rate(workspace currency)`` (EUR: 1), in
whole cents rounded half up, computed in integers (no floating point).
"""

from __future__ import annotations

import re
from dataclasses import replace

import duckdb

from bindung.errors import MappingError
from bindung.i18n import t
from bindung.ingest import parse, readers
from bindung.ingest.mapping import normalise
from bindung.store.schema import EXCHANGE_RATES

MAX_AGE = 4  # days: Thursday's rate holds until Monday over Easter (Good Friday, Easter Monday)
_CODE = re.compile(r"[A-Z]{3}")


def ensure_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(EXCHANGE_RATES.ddl())


def run(
    con: duckdb.DuckDBPyConnection,
    staged: readers.Staged,
    digest: str,
    ctx: object,
    *,
    source: str | None = None,
) -> object:
    """Import the staged rate file; returns an ``ImportResult`` (see load.py).  ``source``:
    the file's name in the import log instead of its path (``ImportOptions.source``)."""
    from bindung.ingest import load

    assert isinstance(ctx, load.Context)
    lang = ctx.lang
    headers = staged.headers
    dates = [i for i, h in enumerate(headers) if normalise(h) in ("date", "datum", "day")]
    codes = [i for i, h in enumerate(headers) if _CODE.fullmatch(h.strip())]
    if not dates or not codes:
        raise MappingError(t("rates_layout", lang, file=staged.file, headers=", ".join(headers)))
    d = dates[0]
    comma = staged.delimiter in (";", "\t")  # a re-saved German file: 1,0956

    def value(i: int) -> str:
        text = parse.clean_text(f"f{i}")
        return f"replace({text}, ',', '.')" if comma else text

    cells = " UNION ALL ".join(
        f"SELECT __line, {parse.lit(headers[i].strip())} AS currency, {value(i)} AS t FROM __stage"
        for i in codes
    )
    ok = "regexp_full_match(t, '[0-9]+(\\.[0-9]+)?') AND TRY_CAST(t AS DOUBLE) > 0"
    na = "t IS NULL OR upper(t) IN ('N/A', 'NA', '-')"
    bad_cell = parse.message(
        "rate_not_number",
        lang,
        {"column": "concat('''', currency, '''')", "value": parse.quoted("t")},
    )
    date_text = parse.clean_text(f"f{d}")
    bad_date = parse.message(
        "rate_not_date",
        lang,
        {"column": parse.lit(f"'{headers[d]}'"), "value": parse.quoted(date_text)},
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE __cells AS
        SELECT __line, currency, t, CASE WHEN {na} THEN NULL ELSE TRY_CAST(t AS DOUBLE) END AS rate,
               NOT ({na}) AND NOT ({ok}) AS bad
        FROM ({cells})"""
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE __days AS
        SELECT s.__line, s.__raw, try_strptime({date_text}, '%Y-%m-%d')::DATE AS day,
            list_filter([CASE WHEN try_strptime({date_text}, '%Y-%m-%d') IS NULL
                         THEN {bad_date} END], x -> x IS NOT NULL)
            || coalesce((SELECT list({bad_cell} ORDER BY c.currency) FROM __cells c
                         WHERE c.__line = s.__line AND c.bad), []) AS __reasons
        FROM __stage s"""
    )
    ensure_table(con)
    # A day twice in the file: the later line is a duplicate when its rates are the same,
    # else rejected (which is meant cannot be decided).
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE __days AS
        WITH h AS (
            SELECT d.*, (SELECT list(c.rate ORDER BY c.currency) FROM __cells c
                         WHERE c.__line = d.__line) AS rates
            FROM __days d),
        w AS (SELECT *, CASE WHEN len(__reasons) = 0 THEN row_number() OVER (
                  PARTITION BY len(__reasons) = 0, day ORDER BY __line) END AS rank,
              CASE WHEN len(__reasons) = 0 THEN first_value(rates) OVER (
                  PARTITION BY len(__reasons) = 0, day ORDER BY __line) END AS first_rates,
              CASE WHEN len(__reasons) = 0 THEN first_value(__line) OVER (
                  PARTITION BY len(__reasons) = 0, day ORDER BY __line) END AS first_line
            FROM h)
        SELECT __line, __raw, day,
            CASE WHEN rank > 1 AND rates IS DISTINCT FROM first_rates
                 THEN list_append(__reasons, {
            parse.message(
                "duplicate_key",
                lang,
                {"key": "CAST(day AS VARCHAR)", "first": "CAST(first_line AS VARCHAR)"},
            )
        })
                 ELSE __reasons END AS __reasons,
            CASE WHEN len(__reasons) > 0 OR (rank > 1 AND rates IS DISTINCT FROM first_rates)
                 THEN 'rejected' WHEN rank > 1 THEN 'duplicate' ELSE 'candidate' END AS __state
        FROM w"""
    )
    # Each candidate day's rates against the stored ones: new, changed or the same.
    con.execute(
        """CREATE OR REPLACE TEMP TABLE __new_rates AS
        SELECT d.__line, d.day, c.currency, c.rate, r.rate AS stored
        FROM __days d JOIN __cells c USING (__line)
        LEFT JOIN exchange_rates r ON r.day = d.day AND r.currency = c.currency
        WHERE d.__state = 'candidate' AND c.rate IS NOT NULL"""
    )
    row = con.execute(
        """SELECT
            (SELECT count(*) FROM __days WHERE __state = 'rejected'),
            (SELECT count(*) FROM __days WHERE __state = 'duplicate')
              + (SELECT count(*) FROM __days d WHERE __state = 'candidate'
                 AND EXISTS (SELECT 1 FROM __new_rates n WHERE n.__line = d.__line)
                 AND NOT EXISTS (SELECT 1 FROM __new_rates n WHERE n.__line = d.__line
                                 AND n.stored IS DISTINCT FROM n.rate)),
            (SELECT count(*) FROM __days),
            (SELECT count(*) FROM __cells c JOIN __days d USING (__line)
             WHERE d.__state = 'candidate' AND c.rate IS NULL),
            (SELECT count(DISTINCT currency) FROM __new_rates),
            (SELECT min(day) FROM __new_rates), (SELECT max(day) FROM __new_rates)"""
    ).fetchone()
    assert row is not None
    rejected, duplicates, days = int(row[0]), int(row[1]), int(row[2])
    missing, currencies, first, last = int(row[3]), int(row[4]), row[5], row[6]
    rejected += len(staged.structural)
    read = days + len(staged.structural)
    stored = read - rejected - duplicates
    rejects = [
        load.Reject(int(line), load.mask_emails(raw or "")[:10_000], tuple(reasons))
        for line, raw, reasons in con.execute(
            "SELECT __line, __raw, __reasons FROM __days WHERE __state = 'rejected' ORDER BY __line"
        ).fetchall()
    ]
    if any(not r.raw for r in rejects):
        raws = staged.raw_lines([r.line for r in rejects if not r.raw])
        rejects = [replace(r, raw=r.raw or raws.get(r.line, "")) for r in rejects]
    rejects += [
        load.Reject(line, raw[:10_000], (reason,)) for line, raw, reason in staged.structural
    ]
    rejects.sort(key=lambda r: r.line)

    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "DELETE FROM exchange_rates WHERE (day, currency) IN (SELECT (day, currency) "
            "FROM __new_rates WHERE stored IS NOT NULL AND stored <> rate)"
        )
        import_id = load._next_import_id(con)
        con.execute(
            "INSERT INTO exchange_rates (day, currency, rate, import_id) "
            "SELECT day, currency, rate, ? FROM __new_rates WHERE stored IS DISTINCT FROM rate",
            [import_id],
        )
        load._imports_excluded_column(con)
        status = "rejects" if rejected else "ok"
        load.log_import(
            con,
            import_id,
            EXCHANGE_RATES.name,
            source or str(staged.file.resolve()),
            digest,
            (read, stored, rejected, duplicates, 0),
            status,
            ctx.now.replace(tzinfo=None),
        )
        if rejects:
            load._insert_rejects(con, import_id, rejects)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.execute("DROP TABLE IF EXISTS __cells; DROP TABLE IF EXISTS __days")
        con.execute("DROP TABLE IF EXISTS __new_rates")
    names = [headers[i].strip() for i in codes]
    used = {d, *codes}
    unused = [
        h
        for i, h in enumerate(headers)
        if i not in used and not (h.startswith("column ") and _empty(con, i))
    ]
    notes = []
    if currencies:
        notes.append(
            t(
                "rates_note",
                lang,
                currencies=currencies,
                first=first,
                last=last,
                missing=missing,
            )
        )
    return load.ImportResult(
        import_id,
        EXCHANGE_RATES.name,
        source or str(staged.file),
        digest,
        read,
        stored,
        rejected,
        duplicates,
        status,
        0,
        {"day": headers[d], "rate": f"{', '.join(names[:5])}, … ({len(names)})"},
        rejects[: load.PREVIEW],
        unused=unused,
        titles=list(staged.titles),
        notes=notes,
    )


def _empty(con: duckdb.DuckDBPyConnection, index: int) -> bool:
    """Whether staged column ``index`` is empty on every line (the ECB's trailing comma)."""
    row = con.execute(
        f"SELECT count(*) FROM __stage WHERE {parse.clean_text(f'f{index}')} IS NOT NULL"
    ).fetchone()
    return bool(row and row[0] == 0)


def convert(
    con: duckdb.DuckDBPyConnection, currency_label: str, timezone: str, target: str, lang: str
) -> None:
    """Convert ``__checked``'s orders in another currency than ``target`` (the workspace's):
    ``revenue`` becomes the amount in ``target``, ``revenue_original`` keeps the file's; an
    order without a rate for its day gets a reason (a reject that says so)."""
    target = target.upper()
    other = (
        f"currency IS NOT NULL AND upper(currency) <> {parse.lit(target)} "
        "AND __excluded IS NULL AND ordered_at IS NOT NULL AND revenue IS NOT NULL"
    )
    row = con.execute(f"SELECT count(*) FROM __checked WHERE {other}").fetchone()
    if not row or not row[0]:
        return  # the usual case: every order in the workspace currency, nothing joined
    ensure_table(con)
    day = f"CAST(timezone({parse.lit(timezone)}, timezone('UTC', ordered_at)) AS DATE)"
    to_rates = f"(SELECT day, rate FROM exchange_rates WHERE currency = {parse.lit(target)})"
    euro_target = "TRUE" if target == "EUR" else "FALSE"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE __fx AS
        WITH o AS (SELECT __line, upper(currency) AS cur, {day} AS day FROM __checked
                   WHERE {other}),
        f AS (SELECT o.*, r.rate AS rate_from, r.day AS day_from
              FROM o ASOF LEFT JOIN exchange_rates r ON o.cur = r.currency AND o.day >= r.day),
        g AS (SELECT f.*, r.rate AS rate_to, r.day AS day_to
              FROM f ASOF LEFT JOIN {to_rates} r ON f.day >= r.day)
        SELECT __line, cur, day,
            CASE WHEN cur = 'EUR' THEN 1000000
                 WHEN day_from >= day - {MAX_AGE} THEN CAST(round(rate_from * 1000000) AS HUGEINT)
            END AS rf,
            CASE WHEN {euro_target} THEN 1000000
                 WHEN day_to >= day - {MAX_AGE} THEN CAST(round(rate_to * 1000000) AS HUGEINT)
            END AS rt
        FROM g"""
    )
    # amount / rate_from * rate_to in whole cents, half up, in integers (rates in millionths).
    cents = "CAST(__checked.revenue * 100 AS HUGEINT)"
    con.execute(
        f"""UPDATE __checked SET revenue_original = __checked.revenue,
            revenue = CAST((2 * {cents} * x.rt + x.rf) // (2 * x.rf) AS DECIMAL(18, 0)) * 0.01
        FROM __fx x
        WHERE x.__line = __checked.__line AND x.rf IS NOT NULL AND x.rt IS NOT NULL"""
    )
    msg = parse.message(
        "rate_missing",
        lang,
        {
            "column": parse.lit(f"'{currency_label}'"),
            "currency": f"CASE WHEN x.rf IS NULL THEN x.cur ELSE {parse.lit(target)} END",
            "day": "CAST(x.day AS VARCHAR)",
        },
        days=MAX_AGE,
    )
    con.execute(
        f"""UPDATE __checked SET __reasons = list_append(__reasons, {msg})
        FROM __fx x
        WHERE x.__line = __checked.__line AND (x.rf IS NULL OR x.rt IS NULL)"""
    )
    con.execute("DROP TABLE __fx")
