"""Business hours: parsing ``business_hours`` and counting open minutes, checked against hand
computations (local times in Europe/Berlin: UTC+1 in winter, UTC+2 in summer)."""

from __future__ import annotations

import math
from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from bindung.errors import WorkspaceError
from bindung.hours import parse_business_hours

BERLIN = "Europe/Berlin"
WEEKDAYS = ((480, 1080),)  # 08:00-18:00


@pytest.mark.parametrize(
    ("text", "week"),
    [
        ("Mo-Fr 08:00-18:00", (WEEKDAYS,) * 5 + ((), ())),
        ("Mo-Sa 09:00-20:00", (((540, 1200),),) * 6 + ((),)),
        # English and German day names, a day list, wrapping ranges, two spans, 24:00
        ("tu,Do 10:00-12:00", ((), ((600, 720),), (), ((600, 720),), (), (), ())),
        ("Sa-Mo 00:00-24:00", (((0, 1440),), (), (), (), (), ((0, 1440),), ((0, 1440),))),
        (
            "Mo 08:00-12:00,13:00-17:00; Mo 11:00-12:30",
            (((480, 750), (780, 1020)), (), (), (), (), (), ()),
        ),
    ],
)
def test_parse_business_hours(text: str, week: tuple[tuple[tuple[int, int], ...], ...]) -> None:
    hours = parse_business_hours(text)
    assert hours is not None
    assert hours.week == week


@pytest.mark.parametrize("text", ["", "  ", "24/7"])
def test_around_the_clock_is_none(text: str) -> None:
    assert parse_business_hours(text) is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Mo-Fr 8-18", "'8' is not a time"),
        ("Mo-Fr 08:00-25:00", "'25:00' is not a time"),
        ("Xy 08:00-18:00", "'Xy' is not a day"),
        ("Mo-Fr", "rule 'Mo-Fr' is not 'DAYS TIMES'"),
        ("Mo-Fr 18:00-08:00", "'18:00-08:00' does not end after it starts"),
        ("Mo-Fr 08:00", "'08:00' is not a span HH:MM-HH:MM"),
    ],
)
def test_unreadable_hours_name_the_file_setting_and_form(text: str, problem: str) -> None:
    with pytest.raises(WorkspaceError) as caught:
        parse_business_hours(text)
    message = str(caught.value)
    assert message.startswith(f"bindung.toml: business_hours {text!r}: {problem}; expected e.g.")
    assert "'Mo-Fr 08:00-18:00'" in message


def test_unreadable_hours_in_german() -> None:
    with pytest.raises(WorkspaceError, match=r"'Xy' ist kein Tag; erwartet z\. B\. 'Mo-Fr"):
        parse_business_hours("Xy 08:00-18:00", lang="de")


CASES = [
    # Friday 6 March 2026 17:30 -> Monday 9 March 08:30 (winter time, UTC+1):
    # 30 minutes on Friday + 30 on Monday
    ("friday to monday", datetime(2026, 3, 6, 16, 30), datetime(2026, 3, 9, 7, 30), 60.0),
    # Saturday 10:00 -> 12:00: closed all the time
    ("weekend only", datetime(2026, 3, 7, 9, 0), datetime(2026, 3, 7, 11, 0), 0.0),
    # Monday 06:00 (before opening) -> 08:45: 45 minutes from opening
    ("before opening", datetime(2026, 3, 9, 5, 0), datetime(2026, 3, 9, 7, 45), 45.0),
    # Monday 19:00 -> Wednesday 09:00: Tuesday 600 + Wednesday 60
    ("two nights", datetime(2026, 3, 9, 18, 0), datetime(2026, 3, 11, 8, 0), 660.0),
    # Friday 27 March 17:00 (UTC+1) -> Monday 30 March 09:00 (summer time, UTC+2): 60 + 60;
    # Monday's opening is 06:00 UTC, not 07:00
    ("summer time weekend", datetime(2026, 3, 27, 16, 0), datetime(2026, 3, 30, 7, 0), 120.0),
    # Friday 23 October 17:00 (UTC+2) -> Monday 26 October 08:30 (UTC+1): 60 + 30
    ("winter time weekend", datetime(2026, 10, 23, 15, 0), datetime(2026, 10, 26, 7, 30), 90.0),
]


@pytest.mark.parametrize(("name", "start", "end", "minutes"), CASES, ids=[c[0] for c in CASES])
def test_open_minutes_by_hand(name: str, start: datetime, end: datetime, minutes: float) -> None:
    hours = parse_business_hours("Mo-Fr 08:00-18:00")
    assert hours is not None
    got = hours.open_minutes([start], [end], BERLIN)
    assert got.tolist() == [pytest.approx(minutes)]


def test_open_minutes_vectorised_equal_one_by_one() -> None:
    hours = parse_business_hours("Mo-Fr 08:00-18:00")
    assert hours is not None
    starts = pd.Series([c[1] for c in CASES])
    ends = pd.Series([c[2] for c in CASES])
    got = hours.open_minutes(starts, ends, BERLIN)
    assert got.tolist() == pytest.approx([c[3] for c in CASES])


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        # 29 March 2026: 01:30 (UTC+1) -> 03:30 (UTC+2) on the wall clock is 60 real minutes
        (datetime(2026, 3, 29, 0, 30), datetime(2026, 3, 29, 1, 30), 60.0),
        # 25 October 2026: 01:30 (UTC+2) -> 03:30 (UTC+1) is 180 real minutes
        (datetime(2026, 10, 24, 23, 30), datetime(2026, 10, 25, 2, 30), 180.0),
    ],
)
def test_open_minutes_across_a_dst_night_count_real_minutes(
    start: datetime, end: datetime, minutes: float
) -> None:
    hours = parse_business_hours("Mo-Su 00:00-24:00")
    assert hours is not None
    assert hours.open_minutes([start], [end], BERLIN).tolist() == [pytest.approx(minutes)]


def test_open_minutes_missing_reply_or_reply_before_is_nan() -> None:
    hours = parse_business_hours("Mo-Fr 08:00-18:00")
    assert hours is not None
    start = [datetime(2026, 3, 9, 9, 0), datetime(2026, 3, 9, 9, 0), None]
    end = [None, datetime(2026, 3, 9, 8, 0), datetime(2026, 3, 9, 9, 0)]
    got = hours.open_minutes(start, end, BERLIN)
    assert all(math.isnan(v) for v in got)


def test_open_minutes_around_the_clock_equal_clock_minutes() -> None:
    rng = np.random.default_rng(7)
    start = pd.Timestamp("2026-01-01") + pd.to_timedelta(rng.integers(0, 300 * 1440, 200), "min")
    wait = pd.to_timedelta(rng.integers(0, 5 * 1440, 200), "min")
    hours = parse_business_hours("Mo-So 00:00-24:00")
    assert hours is not None
    got = hours.open_minutes(pd.Series(start), pd.Series(start + wait), BERLIN)
    assert got == pytest.approx(wait.total_seconds().to_numpy() / 60)
