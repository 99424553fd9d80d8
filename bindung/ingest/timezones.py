"""Local wall-clock time → UTC, fast.

DuckDB's ``timezone(zone, ts)`` asks ICU for every row: about 0.35 µs a row, the largest single
cost of validating a 10-million-row file.  The offset of a zone changes only a few times a year,
so we look it up instead: a list holds the zone's UTC offset for every day from
:data:`FIRST` to :data:`LAST` (48,000 entries, built in milliseconds), and a row's offset is
one list access.

Days on which the offset changes, and the days either side of them, are left empty in the
list; those rows (about 1 % of a year) and rows outside the covered years go to ICU as
before, so the result is always exactly ``timezone()``'s.
tests/ingest/test_timezones.py checks that for several zones over the whole range.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import duckdb

FIRST = datetime(1970, 1, 1)
LAST = datetime(2100, 1, 1)
_BASE_EPOCH = int((FIRST - datetime(1970, 1, 1)).total_seconds())


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def offsets_table(con: duckdb.DuckDBPyConnection, zone: str) -> str:
    """Create (once per connection) the offsets list of ``zone``; returns the table's name."""
    name = "__tz_" + hashlib.sha1(zone.encode()).hexdigest()[:12]
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND temporary", [name]
    ).fetchone()
    if exists and exists[0]:
        return name
    z = _lit(zone)
    con.execute(
        f"""CREATE TEMP TABLE {name} AS
        WITH h AS (
            SELECT unnest(generate_series(TIMESTAMP '{FIRST}' - INTERVAL 2 DAY,
                                          TIMESTAMP '{LAST}' + INTERVAL 2 DAY,
                                          INTERVAL 1 DAY)) AS local),
        o AS (
            SELECT local, epoch(timezone('UTC', timezone({z}, local))) - epoch(local) AS off
            FROM h),
        s AS (
            SELECT local, off, lag(off) OVER (ORDER BY local) AS before,
                   lead(off) OVER (ORDER BY local) AS after,
                   lead(off, 2) OVER (ORDER BY local) AS after2
            FROM o)
        SELECT list(CASE WHEN off = before AND off = after AND off = after2
                         THEN CAST(off AS BIGINT) END ORDER BY local) AS offsets
        FROM s WHERE local >= TIMESTAMP '{FIRST}' AND local < TIMESTAMP '{LAST}'"""
    )
    return name


def local_to_utc(local_sql: str, zone: str, table: str) -> str:
    """SQL: the UTC ``TIMESTAMP`` of the local ``TIMESTAMP`` expression ``local_sql``."""
    index = f"((epoch({local_sql}) - {_BASE_EPOCH}) // 86400 + 1)::BIGINT"
    days = (LAST - FIRST).days
    offset = (
        f"CASE WHEN {index} BETWEEN 1 AND {days} "
        f"THEN list_extract((SELECT offsets FROM {table}), {index}) END"
    )
    exact = f"timezone('UTC', timezone({_lit(zone)}, {local_sql}))"
    return f"coalesce({local_sql} + to_seconds({offset}), {exact})"
