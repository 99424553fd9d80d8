"""The offset lookup gives exactly what DuckDB's ICU ``timezone()`` gives, everywhere."""

from __future__ import annotations

import duckdb
import pytest

from bindung.ingest import timezones

ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]


@pytest.mark.parametrize("zone", ZONES)
def test_lookup_equals_icu_for_every_quarter_hour_around_transitions(zone: str) -> None:
    con = duckdb.connect()
    table = timezones.offsets_table(con, zone)
    # Every 15 minutes over three years plus samples far outside the covered range.
    con.execute(
        """CREATE TEMP TABLE t AS
        SELECT unnest(generate_series(TIMESTAMP '2023-01-01', TIMESTAMP '2026-01-01',
                                      INTERVAL 15 MINUTE)) AS local
        UNION ALL SELECT TIMESTAMP '1969-07-20 20:17:00'
        UNION ALL SELECT TIMESTAMP '1989-12-31 23:59:00'
        UNION ALL SELECT TIMESTAMP '2044-12-31 23:30:00'
        UNION ALL SELECT TIMESTAMP '2090-06-01 12:00:00'"""
    )
    fast = timezones.local_to_utc("local", zone, table)
    exact = f"timezone('UTC', timezone('{zone}', local))"
    row = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE {fast} IS DISTINCT FROM {exact}) FROM t"
    ).fetchone()
    assert row is not None
    assert row[0] > 100_000
    assert row[1] == 0


def test_the_offsets_table_is_built_once_per_connection() -> None:
    con = duckdb.connect()
    first = timezones.offsets_table(con, "Europe/Berlin")
    assert timezones.offsets_table(con, "Europe/Berlin") == first
    assert timezones.offsets_table(con, "America/New_York") != first


def test_a_summer_and_a_winter_time_convert_by_the_right_offset() -> None:
    con = duckdb.connect()
    table = timezones.offsets_table(con, "Europe/Berlin")
    sql = timezones.local_to_utc("x", "Europe/Berlin", table)
    rows = con.execute(
        f"SELECT strftime({sql}, '%Y-%m-%d %H:%M') FROM (VALUES "
        "(TIMESTAMP '2024-07-01 12:00'), (TIMESTAMP '2024-01-31 23:30'), "
        "(TIMESTAMP '2024-02-01 00:30')) v(x)"
    ).fetchall()
    assert [r[0] for r in rows] == ["2024-07-01 10:00", "2024-01-31 22:30", "2024-01-31 23:30"]
