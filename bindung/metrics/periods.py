"""Period grids: calendar periods in the workspace time zone, with their bounds in UTC.

A period is ``[start, end)`` between two local midnights (Monday for weeks, the 1st for months,
quarters and years).  Times in the store are UTC, so each bound is converted once, in Python,
from local midnight to UTC; no row is converted.  An order at 23:30 on 31 January in Berlin
(22:30 UTC) falls into January and one at 00:30 on 1 February (23:30 UTC on 31 January) into
February.

Rows are placed into periods by :func:`index_expr`, a binary search written as nested ``CASE``
expressions over the bounds (about log2(periods) comparisons per row, no join and no time-zone
function), which compiles to the same SQL on every engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from bindung.errors import BindungError

Unit = Literal["week", "month", "quarter", "year"]
UNITS: tuple[Unit, ...] = ("week", "month", "quarter", "year")


def floor(day: date, unit: Unit) -> date:
    """The first day of the period that contains ``day``."""
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, 1, 1)


def following(start: date, unit: Unit) -> date:
    """The first day of the period after the one starting on ``start``."""
    if unit == "week":
        return start + timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[unit]
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def label(start: date, unit: Unit) -> str:
    """``2026-W03``, ``2026-01``, ``2026-Q1`` or ``2026`` (ISO weeks)."""
    if unit == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if unit == "month":
        return f"{start.year}-{start.month:02d}"
    if unit == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "day"),
    (re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$"), "day_de"),
    (re.compile(r"^(\d{4})-W(\d{1,2})$", re.IGNORECASE), "week"),
    (re.compile(r"^(\d{4})-(\d{1,2})$"), "month"),
    (re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE), "quarter"),
    (re.compile(r"^(\d{4})$"), "year"),
)


def parse(text: str, *, option: str = "--from") -> tuple[date, date]:
    """Parse a day or period (``2026-03-15``, ``15.03.2026``, ``2026-W11``, ``2026-03``,
    ``2026-Q1``, ``2026``) into its first day and the day after its last day."""
    value = text.strip()
    for pattern, kind in _PATTERNS:
        m = pattern.match(value)
        if not m:
            continue
        try:
            if kind == "day":
                first = date(int(m[1]), int(m[2]), int(m[3]))
                return first, first + timedelta(days=1)
            if kind == "day_de":
                first = date(int(m[3]), int(m[2]), int(m[1]))
                return first, first + timedelta(days=1)
            if kind == "week":
                first = date.fromisocalendar(int(m[1]), int(m[2]), 1)
                return first, first + timedelta(days=7)
            if kind == "month":
                first = date(int(m[1]), int(m[2]), 1)
                return first, following(first, "month")
            if kind == "quarter":
                first = date(int(m[1]), 3 * (int(m[2]) - 1) + 1, 1)
                return first, following(first, "quarter")
            first = date(int(m[1]), 1, 1)
            return first, following(first, "year")
        except ValueError:
            break
    raise BindungError(
        f"{option} {text!r}: not a date or period; expected e.g. 2026-03-15, 15.03.2026, "
        "2026-W11, 2026-03, 2026-Q1 or 2026"
    )


def window_day(value: str | date | None, option: str, *, stop: bool) -> date | None:
    """A ``--from`` (``stop=False``: its first day) or ``--to`` (``stop=True``: the day after
    it, so the window is ``[from, to)``) given as a day, a period label (2026-01, 2026-Q1,
    2026) or a date; ``None`` for no bound."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value + timedelta(days=1) if stop else value
    first, after = parse(str(value), option=option)
    return after if stop else first


def local_midnight_utc(day: date, timezone: str) -> datetime:
    """Local midnight of ``day`` as a naive UTC datetime (how the store keeps times)."""
    local = datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(timezone))
    return local.astimezone(UTC).replace(tzinfo=None)


def require_naive_utc(value: datetime, error: type[Exception], about: str) -> datetime:
    """``value`` if it is a naive datetime (how the store keeps UTC times), else ``error``
    naming what was expected; ``about`` says which table's times it is compared with."""
    if not isinstance(value, datetime):
        raise error(f"as_of {value!r}: expected a datetime (naive UTC), e.g. datetime(2026, 1, 1)")
    if value.tzinfo is not None:
        raise error(
            f"as_of {value.isoformat()} has a time zone; pass the naive UTC datetime ({about})"
        )
    return value


def to_local_day(instant: datetime, timezone: str) -> date:
    """The local calendar day of a naive UTC datetime."""
    return instant.replace(tzinfo=UTC).astimezone(ZoneInfo(timezone)).date()


@dataclass(frozen=True)
class Grid:
    """Consecutive periods ``k = 0 .. n-1``; bound ``k`` is the start of period ``k`` and bound
    ``n`` the end of the last one.  ``data_end`` (UTC) marks a period as partial when the data
    stop more than a day before its end."""

    unit: Unit
    timezone: str
    starts: tuple[date, ...]
    data_end: datetime | None = None

    def __post_init__(self) -> None:
        if len(self.starts) < 2:
            raise ValueError("a grid needs at least one period (two bounds)")

    @property
    def n(self) -> int:
        return len(self.starts) - 1

    @property
    def bounds(self) -> tuple[datetime, ...]:
        """Bounds in UTC (naive)."""
        return tuple(local_midnight_utc(d, self.timezone) for d in self.starts)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(label(d, self.unit) for d in self.starts[:-1])

    def overlapping(self, first: date | None, stop: date | None) -> Grid | None:
        """The periods that overlap the local days ``[first, stop)`` (``None``: unbounded), as
        a grid; ``None`` when none does."""
        keep = [
            k
            for k in range(self.n)
            if (first is None or self.starts[k + 1] > first)
            and (stop is None or self.starts[k] < stop)
        ]
        if not keep:
            return None
        starts = self.starts[keep[0] : keep[-1] + 2]
        return Grid(self.unit, self.timezone, starts, self.data_end)

    def year_lag(self) -> int:
        """How many periods back the same period of the previous year lies."""
        return {"week": 52, "month": 12, "quarter": 4, "year": 1}[self.unit]

    def frame(self) -> Any:
        """The grid as a pandas frame: k, period, start, end (local dates, end exclusive),
        start_utc, end_utc, partial."""
        import pandas as pd

        bounds = self.bounds
        rows = []
        for k in range(self.n):
            # partial: the data stop more than a day before the period ends
            partial = self.data_end is not None and bounds[k + 1] > self.data_end + timedelta(
                days=1
            )
            rows.append(
                {
                    "k": k,
                    "period": label(self.starts[k], self.unit),
                    "start": self.starts[k],
                    "end": self.starts[k + 1],
                    "start_utc": bounds[k],
                    "end_utc": bounds[k + 1],
                    "partial": partial,
                }
            )
        return pd.DataFrame(rows)


def make_grid(
    unit: Unit, timezone: str, first: datetime, last: datetime, *, data_end: datetime | None = None
) -> Grid:
    """Periods from the one containing ``first`` to the one containing ``last`` (UTC)."""
    if unit not in UNITS:
        raise BindungError(f"--period {unit!r}: expected one of {', '.join(UNITS)}")
    start = floor(to_local_day(first, timezone), unit)
    stop = floor(to_local_day(last, timezone), unit)
    starts = [start]
    while starts[-1] <= stop:
        starts.append(following(starts[-1], unit))
    return Grid(unit, timezone, tuple(starts), data_end)


def index_expr(ts: Any, bounds: tuple[datetime, ...]) -> Any:
    """Ibis expression: the number of ``bounds`` at or before ``ts``, minus one.

    With the grid's bounds this is the index ``k`` of the period containing ``ts`` (-1 before
    the first period, ``n`` from the end of the last one).  A balanced tree of ``CASE``
    expressions: each row takes about log2(len(bounds)) comparisons.
    """
    import ibis

    def node(lo: int, hi: int) -> Any:
        # Known: bounds[lo-1] <= ts (or lo == 0) and ts < bounds[hi] (or hi == len(bounds)).
        if lo == hi:
            return ibis.literal(lo - 1, type="int64")
        mid = (lo + hi) // 2
        return ibis.ifelse(
            ts < ibis.literal(bounds[mid], type="timestamp"), node(lo, mid), node(mid + 1, hi)
        )

    return node(0, len(bounds))


def window(frame: Any, start: str | None, end: str | None) -> Any:
    """Keep the periods (rows of a frame with ``start`` and ``end`` dates) that overlap
    ``[start, end]`` (days or periods, inclusive)."""
    import pandas as pd

    keep = pd.Series(True, index=frame.index)
    if start:
        first, _ = parse(start, option="--from")
        keep &= frame["end"] > first
    if end:
        _, stop = parse(end, option="--to")
        keep &= frame["start"] < stop
    return frame[keep]
