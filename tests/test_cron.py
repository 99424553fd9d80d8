"""Cron expressions read as crontab(5) reads them (0 and 7 are Sunday), and written for systemd."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bindung.cron import CronError, on_calendar, trigger

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN)  # a Monday, after 08:00


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("0 8 * * 1", datetime(2026, 12, 14, 8, 0)),  # Monday: next week's
        ("0 8 * * mon", datetime(2026, 12, 14, 8, 0)),
        ("0 8 * * 0", datetime(2026, 12, 13, 8, 0)),  # Sunday
        ("0 8 * * 7", datetime(2026, 12, 13, 8, 0)),  # Sunday too
        ("0 8 * * 2-3", datetime(2026, 12, 8, 8, 0)),  # Tuesday
        ("0 8 1 * *", datetime(2027, 1, 1, 8, 0)),
        ("30 9 * * *", datetime(2026, 12, 7, 9, 30)),
    ],
)
def test_days_of_week_count_as_in_crontab(expr: str, expected: datetime) -> None:
    fire = trigger(expr, "Europe/Berlin").get_next_fire_time(None, MONDAY)
    assert fire == expected.replace(tzinfo=BERLIN)


def test_daylight_saving_time_keeps_the_local_hour() -> None:
    t = trigger("0 8 1 * *", "Europe/Berlin")
    october = t.get_next_fire_time(None, datetime(2026, 9, 15, tzinfo=BERLIN))
    november = t.get_next_fire_time(None, datetime(2026, 10, 15, tzinfo=BERLIN))
    assert (october.hour, october.utcoffset().total_seconds()) == (8, 7200)
    assert (november.hour, november.utcoffset().total_seconds()) == (8, 3600)


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("0 8 1 *", "expected five fields"),
        ("61 8 * * *", "higher than the maximum"),
        ("0 8 * * 8", "expected 0-7"),
        ("0 8 * * */2", "steps"),
    ],
)
def test_wrong_expressions_say_what_is_expected(expr: str, message: str) -> None:
    with pytest.raises(CronError, match=message):
        trigger(expr, "Europe/Berlin")


@pytest.mark.parametrize(
    ("expr", "calendar"),
    [
        ("0 8 1 * *", "*-*-1 08:00:00 Europe/Berlin"),
        ("0 8 * * 1-5", "Mon..Fri *-*-* 08:00:00 Europe/Berlin"),
        ("30 7 * * 0,6", "Sun,Sat *-*-* 07:30:00 Europe/Berlin"),
        ("*/15 6-18 * * *", "*-*-* 6..18:0/15:00 Europe/Berlin"),
        ("0 8 1 1,7 *", "*-1,7-1 08:00:00 Europe/Berlin"),
    ],
)
def test_systemd_calendar_events(expr: str, calendar: str) -> None:
    assert on_calendar(expr, "Europe/Berlin") == calendar


def test_day_of_month_and_of_week_together_are_refused_for_systemd() -> None:
    with pytest.raises(CronError, match="use two timers"):
        on_calendar("0 8 1 * 1", "Europe/Berlin")
