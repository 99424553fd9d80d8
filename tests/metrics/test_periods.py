"""bindung.metrics.periods: calendar periods in the workspace time zone, bounds in UTC."""

from __future__ import annotations

import bisect
import random
from datetime import date, datetime, timedelta

import ibis
import pandas as pd
import pytest

from bindung.errors import BindungError
from bindung.metrics.periods import (
    UNITS,
    Grid,
    floor,
    following,
    index_expr,
    label,
    local_midnight_utc,
    make_grid,
    parse,
    to_local_day,
)


@pytest.mark.parametrize(
    ("day", "unit", "first"),
    [
        (date(2024, 2, 29), "month", date(2024, 2, 1)),
        (date(2024, 12, 31), "quarter", date(2024, 10, 1)),
        (date(2024, 3, 31), "quarter", date(2024, 1, 1)),
        (date(2024, 4, 1), "quarter", date(2024, 4, 1)),
        (date(2024, 7, 4), "year", date(2024, 1, 1)),
        (date(2024, 1, 7), "week", date(2024, 1, 1)),  # Sunday -> Monday before
        (date(2024, 1, 8), "week", date(2024, 1, 8)),  # Monday -> itself
        (date(2021, 1, 1), "week", date(2020, 12, 28)),  # Friday, week began last year
    ],
)
def test_floor(day: date, unit: str, first: date) -> None:
    assert floor(day, unit) == first  # type: ignore[arg-type]


def test_floor_agrees_with_pandas_periods_for_every_day() -> None:
    days = pd.date_range("2019-12-20", "2026-01-10", freq="D")
    for unit, freq in (("week", "W-SUN"), ("month", "M"), ("quarter", "Q"), ("year", "Y")):
        starts = days.to_period(freq).start_time
        got = [floor(d.date(), unit) for d in days]  # type: ignore[arg-type]
        assert got == [s.date() for s in starts], unit


@pytest.mark.parametrize(
    ("start", "unit", "after"),
    [
        (date(2024, 12, 30), "week", date(2025, 1, 6)),
        (date(2024, 12, 1), "month", date(2025, 1, 1)),
        (date(2024, 1, 1), "month", date(2024, 2, 1)),
        (date(2024, 10, 1), "quarter", date(2025, 1, 1)),
        (date(2024, 7, 1), "quarter", date(2024, 10, 1)),
        (date(2024, 1, 1), "year", date(2025, 1, 1)),
    ],
)
def test_following(start: date, unit: str, after: date) -> None:
    assert following(start, unit) == after  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "unit", "text"),
    [
        (date(2024, 1, 1), "week", "2024-W01"),
        (date(2024, 12, 30), "week", "2025-W01"),  # ISO year of the week's Thursday
        (date(2020, 12, 28), "week", "2020-W53"),
        (date(2021, 1, 4), "week", "2021-W01"),
        (date(2026, 12, 28), "week", "2026-W53"),
        (date(2024, 3, 1), "month", "2024-03"),
        (date(2024, 10, 1), "quarter", "2024-Q4"),
        (date(2024, 1, 1), "year", "2024"),
    ],
)
def test_label(start: date, unit: str, text: str) -> None:
    assert label(start, unit) == text  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "first", "after"),
    [
        ("2026-03-15", date(2026, 3, 15), date(2026, 3, 16)),
        ("15.03.2026", date(2026, 3, 15), date(2026, 3, 16)),
        ("2026-W11", date(2026, 3, 9), date(2026, 3, 16)),
        ("2026-w1", date(2025, 12, 29), date(2026, 1, 5)),
        ("2020-W53", date(2020, 12, 28), date(2021, 1, 4)),
        ("2026-03", date(2026, 3, 1), date(2026, 4, 1)),
        ("2026-12", date(2026, 12, 1), date(2027, 1, 1)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 4, 1)),
        ("2026-q4", date(2026, 10, 1), date(2027, 1, 1)),
        ("2026", date(2026, 1, 1), date(2027, 1, 1)),
        (" 2024-02 ", date(2024, 2, 1), date(2024, 3, 1)),
        ("29.02.2024", date(2024, 2, 29), date(2024, 3, 1)),
    ],
)
def test_parse(text: str, first: date, after: date) -> None:
    assert parse(text) == (first, after)


@pytest.mark.parametrize(
    "text",
    [
        "2021-W53",  # 2021 has 52 ISO weeks
        "2026-W00",
        "2026-13",
        "2026-00",
        "2026-02-30",
        "30.02.2026",
        "2026-Q5",
        "26-03",
        "March 2026",
        "",
        "2026-03-15T10:00",
    ],
)
def test_parse_errors_name_the_option(text: str) -> None:
    with pytest.raises(BindungError, match=r"--to .*not a date or period"):
        parse(text, option="--to")


def test_local_midnight_utc_across_dst() -> None:
    tz = "Europe/Berlin"
    # CET (UTC+1) before 2024-03-31 02:00, CEST (UTC+2) after; back on 2024-10-27 03:00
    assert local_midnight_utc(date(2024, 3, 31), tz) == datetime(2024, 3, 30, 23)
    assert local_midnight_utc(date(2024, 4, 1), tz) == datetime(2024, 3, 31, 22)
    assert local_midnight_utc(date(2024, 10, 27), tz) == datetime(2024, 10, 26, 22)
    assert local_midnight_utc(date(2024, 10, 28), tz) == datetime(2024, 10, 27, 23)
    assert local_midnight_utc(date(2024, 1, 1), "UTC") == datetime(2024, 1, 1)
    assert local_midnight_utc(date(2024, 1, 1), "America/New_York") == datetime(2024, 1, 1, 5)


def test_to_local_day() -> None:
    tz = "Europe/Berlin"
    assert to_local_day(datetime(2024, 1, 31, 22, 30), tz) == date(2024, 1, 31)
    assert to_local_day(datetime(2024, 1, 31, 23, 30), tz) == date(2024, 2, 1)
    assert to_local_day(datetime(2024, 6, 30, 21, 59), tz) == date(2024, 6, 30)
    assert to_local_day(datetime(2024, 6, 30, 22, 0), tz) == date(2024, 7, 1)


def test_weekly_grid_across_dst_has_short_and_long_weeks() -> None:
    grid = make_grid(
        "week", "Europe/Berlin", datetime(2024, 3, 20), datetime(2024, 10, 30), data_end=None
    )
    assert grid.labels[0] == "2024-W12"
    assert grid.labels[-1] == "2024-W44"
    lengths = {
        label: (b - a) / timedelta(hours=1)
        for label, a, b in zip(grid.labels, grid.bounds, grid.bounds[1:], strict=False)
    }
    assert lengths["2024-W13"] == 167  # the week in which clocks go forward
    assert lengths["2024-W43"] == 169  # the week in which they go back
    assert lengths["2024-W20"] == 168


def test_make_grid_spans_the_data_and_marks_partial_periods() -> None:
    # first at 00:30 local on Jan 1 (23:30 UTC on Dec 31), last on Mar 10
    grid = make_grid(
        "month",
        "Europe/Berlin",
        datetime(2023, 12, 31, 23, 30),
        datetime(2024, 3, 10, 12),
        data_end=datetime(2024, 3, 10, 12),
    )
    assert grid.labels == ("2024-01", "2024-02", "2024-03")
    assert grid.n == 3
    assert grid.bounds[0] == datetime(2023, 12, 31, 23)
    assert grid.bounds[-1] == datetime(2024, 3, 31, 22)  # Apr 1 in CEST
    frame = grid.frame()
    assert list(frame.partial) == [False, False, True]
    assert list(frame.k) == [0, 1, 2]
    assert list(frame.end) == [date(2024, 2, 1), date(2024, 3, 1), date(2024, 4, 1)]


def test_partial_allows_a_day_of_slack() -> None:
    # January ends at Feb 1 00:00 local = Jan 31 23:00 UTC.  Data ending exactly one day
    # before (Jan 30 23:00 UTC) leave it complete; a minute earlier, partial.
    grid = make_grid(
        "month",
        "Europe/Berlin",
        datetime(2024, 1, 5),
        datetime(2024, 1, 30, 23),
        data_end=datetime(2024, 1, 30, 23),
    )
    assert list(grid.frame().partial) == [False]
    later = Grid(grid.unit, grid.timezone, grid.starts, data_end=datetime(2024, 1, 30, 22, 59))
    assert list(later.frame().partial) == [True]


def test_make_grid_rejects_unknown_units() -> None:
    with pytest.raises(BindungError, match="--period 'day'"):
        make_grid("day", "Europe/Berlin", datetime(2024, 1, 1), datetime(2024, 2, 1))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least one period"):
        Grid("month", "Europe/Berlin", (date(2024, 1, 1),))


@pytest.mark.parametrize("unit", UNITS)
def test_index_expr_agrees_with_bisect_on_duckdb(unit: str) -> None:
    """index_expr executed by DuckDB (through Ibis) against bisect on random timestamps,
    including times exactly on a bound, a microsecond before one, before the first and after
    the last bound."""
    rng = random.Random(20_26 + UNITS.index(unit))  # type: ignore[arg-type]
    grid = make_grid(
        unit,  # type: ignore[arg-type]
        "Europe/Berlin",
        datetime(2023, 11, 15),
        datetime(2026, 2, 3),
    )
    bounds = grid.bounds
    lo, hi = bounds[0] - timedelta(days=40), bounds[-1] + timedelta(days=40)
    span = int((hi - lo).total_seconds())
    times = [lo + timedelta(seconds=rng.randrange(span)) for _ in range(3000)]
    times += list(bounds)
    times += [b - timedelta(microseconds=1) for b in bounds]
    times += [datetime(1990, 1, 1), datetime(2100, 1, 1)]
    table = ibis.memtable(pd.DataFrame({"i": range(len(times)), "ts": times}))
    expr = table.select("i", k=index_expr(table.ts, bounds)).order_by("i")
    con = ibis.duckdb.connect()
    try:
        got = con.to_pyarrow(expr).column("k").to_pylist()
    finally:
        con.disconnect()
    want = [bisect.bisect_right(bounds, t) - 1 for t in times]
    assert got == want
    assert min(got) == -1
    assert max(got) == len(bounds) - 1  # == grid.n: from the end of the last period


def test_overlapping_keeps_the_periods_that_touch_the_window() -> None:
    from datetime import date

    from bindung.metrics.periods import Grid

    months = Grid(
        "month",
        "Europe/Berlin",
        (date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)),
    )
    # [Feb 15, Mar 2) touches February and March, not January
    cut = months.overlapping(date(2026, 2, 15), date(2026, 3, 2))
    assert cut is not None
    assert cut.starts == (date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1))
    assert (cut.unit, cut.timezone) == ("month", "Europe/Berlin")
    # a stop on a period's first day leaves that period out; unbounded sides keep all
    assert months.overlapping(None, date(2026, 2, 1)).starts == months.starts[:2]  # type: ignore[union-attr]
    assert months.overlapping(None, None) == months
    # a window after the last period: nothing
    assert months.overlapping(date(2026, 4, 1), None) is None
