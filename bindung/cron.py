"""Cron expressions as people write them in crontab(5), read with APScheduler's ``CronTrigger``,
and written as a systemd ``OnCalendar=`` line.

>>> trigger("0 8 1 * *", "Europe/Berlin").get_next_fire_time(None, now)   # doctest: +SKIP
>>> on_calendar("0 8 * * 1-5", "Europe/Berlin")
'Mon..Fri *-*-* 08:00:00 Europe/Berlin'

Five fields: minute, hour, day of month, month, day of week.  In crontab(5) the day of week
counts 0 (or 7) = Sunday, 1 = Monday … 6 = Saturday; APScheduler's own numbers start at
Monday = 0, so a number there would silently mean the next day.  Days of the week are therefore
translated to names (``sun``, ``mon``, …) before APScheduler reads them; steps (``*/2``) are
refused in that field.
"""

from __future__ import annotations

from typing import Any

from bindung.errors import BindungError

DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


class CronError(BindungError):
    """An expression cron would not read, with what was expected."""


def _day(token: str, expr: str) -> str:
    t = token.strip().lower()
    if t.isdigit() and 0 <= int(t) <= 7:
        return DAYS[int(t) % 7]
    if t[:3] in DAYS and len(t) in (3,):
        return t
    raise CronError(f"{expr!r}: day of week {token!r}: expected 0-7 (0 and 7: Sunday) or mon … sun")


def weekdays(field: str, expr: str) -> str:
    """The day-of-week field with names instead of crontab's numbers."""
    if field == "*":
        return field
    if "/" in field:
        raise CronError(f"{expr!r}: steps ('/') in the day of week are not supported")
    parts = []
    for item in field.split(","):
        low, dash, high = item.partition("-")
        parts.append(_day(low, expr) + (f"-{_day(high, expr)}" if dash else ""))
    return ",".join(parts)


def fields(expr: str) -> list[str]:
    parts = str(expr).split()
    if len(parts) != 5:
        raise CronError(
            f"{expr!r}: expected five fields 'minute hour day month weekday', e.g. '0 8 1 * *' "
            "(08:00 on the first of every month)"
        )
    return parts


def trigger(expr: str, timezone: str) -> Any:
    """APScheduler's ``CronTrigger`` for a crontab(5) expression in ``timezone``."""
    from apscheduler.triggers.cron import CronTrigger  # type: ignore[import-untyped]

    minute, hour, day, month, dow = fields(expr)
    try:
        return CronTrigger(
            minute=minute,
            hour=hour,
            day=day,
            month=month,
            day_of_week=weekdays(dow, expr),
            timezone=timezone,
        )
    except ValueError as exc:
        raise CronError(f"{expr!r}: {exc}") from None


def _calendar_part(value: str, start: str) -> str:
    """One field as systemd writes it: lists stay, ``a-b`` → ``a..b``, ``*/n`` → ``start/n``."""
    if value == "*":
        return "*"
    out = []
    for item in value.split(","):
        base, slash, step = item.partition("/")
        base = start if base == "*" else base.replace("-", "..")
        out.append(f"{base}/{step}" if slash else base)
    return ",".join(out)


def on_calendar(expr: str, timezone: str) -> str:
    """The systemd.time(7) calendar event of a crontab(5) expression.  Cron fires when the day
    of month *or* the day of week matches if both are restricted; systemd needs both, so such
    an expression is refused."""
    minute, hour, day, month, dow = fields(expr)
    if day != "*" and dow != "*":
        raise CronError(
            f"{expr!r}: both a day of month and a day of week: systemd would need both to match "
            "where cron needs one; use two timers"
        )
    days = ""
    if dow != "*":
        names = weekdays(dow, expr).replace("-", "..").split(",")
        days = (
            ",".join("..".join(part.capitalize() for part in name.split("..")) for name in names)
            + " "
        )

    def two(value: str) -> str:
        return value.zfill(2) if value.isdigit() else value

    time = f"{two(_calendar_part(hour, '0'))}:{two(_calendar_part(minute, '0'))}:00"
    date = f"*-{_calendar_part(month, '1')}-{_calendar_part(day, '1')}"
    return f"{days}{date} {time} {timezone}"
