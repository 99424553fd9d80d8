"""Business hours of customer care: parse ``business_hours`` from ``bindung.toml`` and count the
open minutes between two instants.

>>> hours = parse_business_hours("Mo-Fr 08:00-18:00")
>>> hours.open_minutes([datetime(2026, 3, 6, 16, 30)], [datetime(2026, 3, 9, 7, 30)],
...                    "Europe/Berlin").tolist()     # Fri 17:30 -> Mon 08:30 local
[60.0]

**Form** (the core of OpenStreetMap's ``opening_hours``): rules separated by ``;``, each
``DAYS SPANS``.  ``DAYS`` is a day (``Mo``), a range (``Mo-Fr``, wrapping ``Sa-Mo`` allowed)
or a comma list of both; German and English two-letter names are accepted (Mo, Di/Tu, Mi/We,
Do/Th, Fr, Sa, So/Su).  ``SPANS`` is ``HH:MM-HH:MM`` or a comma list of them; ``24:00`` closes
at midnight; a span must end after it starts (no span across midnight: write two rules).
``""`` (or ``24/7``) means around the clock and parses to ``None``.

**Open minutes** (SMRT in open time; DESIGN.md, "Definitions", SMRT, with the business hours
of the settings).  The spans are local wall-clock times in the workspace time zone.  Each
local day's spans are converted to UTC on their own day (``zoneinfo``), so the UTC offset is
the one valid on that day: a reply across the change to or from summer time counts only the
minutes the business was really open.  A local time that does not exist (02:30 on the night
the clocks go forward) is read with the offset before the change; an ambiguous one (the night
they go back) as its first occurrence (``fold=0``).  With the open intervals ``[a_i, b_i)`` in
UTC, sorted and disjoint, the open time before instant ``t`` is::

    C(t) = Σ_{i: b_i ≤ t} (b_i − a_i) + max(0, t − a_j)   (a_j ≤ t < b_j, if such j)

and the open time between a mention at ``s`` and its reply at ``e`` is ``C(e) − C(s)``, found
for all rows at once by binary search over the ``a_i`` (``numpy.searchsorted``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
import pandas as pd

from bindung.errors import WorkspaceError
from bindung.i18n import N_, tr
from bindung.metrics.periods import to_local_day

__all__ = ["BusinessHours", "parse_business_hours"]

#: Day names (German and English two-letter abbreviations) -> weekday (Monday = 0).
DAYS: dict[str, int] = {
    "mo": 0,
    "di": 1,
    "tu": 1,
    "mi": 2,
    "we": 2,
    "do": 3,
    "th": 3,
    "fr": 4,
    "sa": 5,
    "so": 6,
    "su": 6,
}
MINUTES_PER_DAY = 24 * 60
NS_PER_MINUTE = 60_000_000_000

_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_EXPECTED = N_(
    "expected e.g. 'Mo-Fr 08:00-18:00' or 'Mo-Fr 08:00-18:00; Sa 09:00-14:00' (days Mo, "
    "Tu/Di, We/Mi, Th/Do, Fr, Sa, Su/So; times HH:MM, 24:00 allowed), or '' for around "
    "the clock"
)


@dataclass(frozen=True)
class BusinessHours:
    """Opening hours: per weekday (Monday = 0) the open spans in minutes after local midnight
    (``[open, close)``, sorted, merged)."""

    text: str
    week: tuple[tuple[tuple[int, int], ...], ...]

    def intervals(self, first: date, last: date, timezone: str) -> npt.NDArray[np.int64]:
        """Open intervals ``[a, b)`` of the local days ``first .. last`` as naive-UTC
        nanoseconds, shape (n, 2), sorted and disjoint (touching spans are joined)."""
        zone = ZoneInfo(timezone)
        rows: list[tuple[int, int]] = []
        day = first
        while day <= last:
            for start, stop in self.week[day.weekday()]:
                a, b = _utc_ns(day, start, zone), _utc_ns(day, stop, zone)
                if b <= a:
                    continue  # a span inside the hour the clocks skip
                if rows and a <= rows[-1][1]:
                    rows[-1] = (rows[-1][0], max(rows[-1][1], b))
                else:
                    rows.append((a, b))
            day += timedelta(days=1)
        return np.array(rows, dtype=np.int64).reshape(-1, 2)

    def open_minutes(self, start: Any, end: Any, timezone: str) -> npt.NDArray[np.float64]:
        """Open minutes between each ``start`` and ``end`` (naive UTC; sequences or Series of
        equal length).  NaN where either is missing or ``end`` lies before ``start``."""
        s = _ns(start)
        e = _ns(end)
        if s.shape != e.shape:
            raise ValueError("start and end must have the same length")
        out = np.full(s.shape, np.nan)
        ok = ~np.isnat(s) & ~np.isnat(e)
        ok[ok] = e[ok] >= s[ok]
        if not ok.any():
            return out
        si, ei = s[ok].view(np.int64), e[ok].view(np.int64)
        lo = pd.Timestamp(int(si.min())).to_pydatetime()
        hi = pd.Timestamp(int(ei.max())).to_pydatetime()
        # one local day of margin on either side: a day's spans may begin before its UTC date
        first = to_local_day(lo, timezone) - timedelta(days=1)
        last = to_local_day(hi, timezone) + timedelta(days=1)
        iv = self.intervals(first, last, timezone)
        out[ok] = (_cumulative(iv, ei) - _cumulative(iv, si)) / NS_PER_MINUTE
        return out


def _utc_ns(day: date, minute: int, zone: ZoneInfo) -> int:
    moment = day + timedelta(days=minute // MINUTES_PER_DAY)
    rest = minute % MINUTES_PER_DAY
    local = datetime(moment.year, moment.month, moment.day, rest // 60, rest % 60, tzinfo=zone)
    utc = local.astimezone(UTC).replace(tzinfo=None)
    return int(pd.Timestamp(utc).as_unit("ns").value)


def _ns(values: Any) -> npt.NDArray[np.datetime64]:
    series = pd.to_datetime(pd.Series(values)).astype("datetime64[ns]")
    return np.asarray(series.to_numpy(), dtype="datetime64[ns]")


def _cumulative(iv: npt.NDArray[np.int64], t: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """``C(t)``: open nanoseconds from the first interval's start to ``t`` (see the module)."""
    if len(iv) == 0:
        return np.zeros(t.shape)
    a, b = iv[:, 0], iv[:, 1]
    length = b - a
    before = np.concatenate([[0], np.cumsum(length)])  # open time before interval i
    i = np.searchsorted(a, t, side="right") - 1
    j = np.maximum(i, 0)
    inside = np.clip(t - a[j], 0, length[j])
    return np.where(i >= 0, before[j] + inside, 0).astype(np.float64)


def _fail(text: str, problem: str, lang: str) -> WorkspaceError:
    where = "bindung.toml: business_hours"
    return WorkspaceError(f"{where} {text!r}: {problem}; {tr(lang, _EXPECTED)}")


def _minute(token: str, text: str, lang: str) -> int:
    m = _TIME.match(token)
    if not m or int(m[2]) > 59 or int(m[1]) > 24 or (int(m[1]) == 24 and int(m[2]) != 0):
        problem = tr(lang, "'{token}' is not a time", token=token)
        raise _fail(text, problem, lang)
    return int(m[1]) * 60 + int(m[2])


def _days(token: str, text: str, lang: str) -> set[int]:
    out: set[int] = set()
    for item in token.split(","):
        ends = item.strip().lower().split("-")
        if len(ends) > 2 or any(e not in DAYS for e in ends):
            problem = tr(lang, "'{item}' is not a day", item=item)
            raise _fail(text, problem, lang)
        first, last = DAYS[ends[0]], DAYS[ends[-1]]
        out.update((first + n) % 7 for n in range((last - first) % 7 + 1))
    return out


def parse_business_hours(text: str, lang: str = "en") -> BusinessHours | None:
    """The opening hours written in ``text`` (see the module); ``None`` for around the clock.

    Raises :class:`~bindung.errors.WorkspaceError` naming ``bindung.toml``, the setting
    ``business_hours`` and the expected form.
    """
    value = text.strip()
    if value in ("", "24/7"):
        return None
    week: list[list[tuple[int, int]]] = [[] for _ in range(7)]
    for rule in value.split(";"):
        parts = rule.split()
        if len(parts) != 2:
            problem = tr(lang, "rule '{rule}' is not 'DAYS TIMES'", rule=rule.strip())
            raise _fail(text, problem, lang)
        days = _days(parts[0], text, lang)
        for span in parts[1].split(","):
            ends = span.split("-")
            if len(ends) != 2:
                problem = tr(lang, "'{span}' is not a span HH:MM-HH:MM", span=span)
                raise _fail(text, problem, lang)
            start, stop = _minute(ends[0], text, lang), _minute(ends[1], text, lang)
            if stop <= start:
                problem = tr(lang, "'{span}' does not end after it starts", span=span)
                raise _fail(text, problem, lang)
            for d in days:
                week[d].append((start, stop))
    return BusinessHours(text=value, week=tuple(_merge(spans) for spans in week))


def _merge(spans: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for start, stop in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], stop))
        else:
            out.append((start, stop))
    return tuple(out)
