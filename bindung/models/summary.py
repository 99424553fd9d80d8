"""Per-customer RFM summary (frequency, recency, age, spend) as an Ibis expression.

>>> expr = rfm_summary(ws.table("orders"), calibration_end="1997-09-30",
...                    timezone=ws.settings.timezone)              # doctest: +SKIP
>>> BetaGeoModel().fit(expr.to_pandas())                           # doctest: +SKIP

Definitions, as in the CDNOW papers (Fader, Hardie & Lee 2005a, 2005b):

* a *purchase* is a customer's calendar day with orders: orders on the same (local) day
  count as one purchase whose value is their summed revenue;
* ``frequency`` (``x``): purchases after the first, up to and including ``calibration_end``;
* ``recency`` (``t_x``): time from the first to the last of these purchases (0 without repeat);
* ``T``: time from the first purchase to the end of ``calibration_end`` (a day counted as
  its date: first purchase on 1997-01-01 and end 1997-09-30 give 272 days, 38.86 weeks);
* ``monetary``: the mean value of the repeat purchases (the first is left out, as the
  Gamma-Gamma model expects); 0 without repeat purchase;
* with ``holdout_end``: ``frequency_holdout`` and ``monetary_holdout`` count and average the
  purchases after ``calibration_end`` up to and including ``holdout_end``, and
  ``duration_holdout`` is the holdout's length.

Customers whose first purchase lies after ``calibration_end`` are not in the summary.  Times
are in ``unit`` ("days" or "weeks", 7 days).  The stored timestamps are UTC; ``timezone``
(an IANA name, normally the workspace's) decides which calendar day an order belongs to.  The
expression uses only portable operations (a balanced ``CASE`` of the zone's UTC offsets, no
engine-specific time zone functions), so it runs on any Ibis backend.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bindung.models.errors import ModelInputError

Unit = Literal["days", "weeks"]
DAYS_PER_UNIT: dict[str, float] = {"days": 1.0, "weeks": 7.0}
#: UTC offsets are looked up from this year on; earlier instants use the offset of its start.
FIRST_OFFSET_YEAR = 1970

COLUMNS = ("customer_id", "frequency", "recency", "T", "monetary")
HOLDOUT_COLUMNS = ("frequency_holdout", "monetary_holdout", "duration_holdout")


def rfm_summary(
    orders: Any,
    *,
    calibration_end: date | str,
    holdout_end: date | str | None = None,
    unit: Unit = "weeks",
    timezone: str = "UTC",
) -> Any:
    """One row per customer with the columns of :data:`COLUMNS` (and :data:`HOLDOUT_COLUMNS`
    with ``holdout_end``), ordered by ``customer_id``; see the module docstring.

    ``orders`` is an Ibis table with ``customer_id``, ``ordered_at`` (naive UTC timestamp)
    and ``revenue``, e.g. ``ws.table("orders")``.
    """
    import ibis

    cal_end = _as_date(calibration_end, "calibration_end")
    hold_end = _as_date(holdout_end, "holdout_end") if holdout_end is not None else None
    if hold_end is not None and hold_end <= cal_end:
        raise ModelInputError(f"holdout_end {hold_end} must lie after calibration_end {cal_end}")
    if unit not in DAYS_PER_UNIT:
        raise ModelInputError(f"unit {unit!r}: expected 'days' or 'weeks'")
    per_unit = DAYS_PER_UNIT[unit]
    last = hold_end or cal_end

    daily = _customer_days(orders, last, timezone)
    # one pass over the customer-days (no join back to each customer's first day): a
    # customer-day is unique, so the revenue of the first day is the revenue at min(day)
    in_cal = daily.day <= cal_end
    metrics: dict[str, Any] = {
        "purchases": daily.day.count(where=in_cal),
        "first_day": daily.day.min(),
        "last_day": daily.day.max(where=in_cal),
        "revenue_cal": daily.revenue.sum(where=in_cal).cast("float64"),
        "revenue_first": daily.revenue.argmin(daily.day).cast("float64"),
    }
    if hold_end is not None:
        metrics["purchases_holdout"] = daily.day.count(where=~in_cal)
        metrics["revenue_holdout"] = daily.revenue.sum(where=~in_cal).cast("float64")
    agg = daily.group_by("customer_id").aggregate(**metrics)
    agg = agg.filter(agg.first_day <= cal_end)

    columns = _columns(agg, cal_end, per_unit, agg.purchases, agg.last_day, agg.revenue_cal)
    if hold_end is not None:
        n_hold = agg.purchases_holdout.cast("int64")
        columns["frequency_holdout"] = n_hold
        columns["monetary_holdout"] = ibis.ifelse(
            n_hold > 0, agg.revenue_holdout.fill_null(0.0) / n_hold, 0.0
        ).cast("float64")
        columns["duration_holdout"] = ibis.literal((hold_end - cal_end).days / per_unit)
    return agg.select(**columns).order_by("customer_id")


def rfm_summaries(
    orders: Any, *, calibration_ends: Sequence[date], unit: Unit = "weeks", timezone: str = "UTC"
) -> list[Any]:
    """:func:`rfm_summary` (without holdout) for several calibration ends from one pass over
    the orders: the customer-days up to the last end are aggregated once, with the purchases,
    last day and revenue up to each end, into a temporary table
    (:func:`bindung.store.temporary.materialise`); each summary is a cheap query on it, row
    for row the same as :func:`rfm_summary` of that end."""
    from bindung.store.temporary import materialise

    ends = [_as_date(e, "calibration_end") for e in calibration_ends]
    if not ends:
        return []
    if unit not in DAYS_PER_UNIT:
        raise ModelInputError(f"unit {unit!r}: expected 'days' or 'weeks'")
    per_unit = DAYS_PER_UNIT[unit]
    daily = _customer_days(orders, max(ends), timezone)
    metrics: dict[str, Any] = {
        "first_day": daily.day.min(),
        "revenue_first": daily.revenue.argmin(daily.day).cast("float64"),
    }
    for i, end in enumerate(ends):
        upto = daily.day <= end
        metrics[f"purchases_{i}"] = daily.day.count(where=upto)
        metrics[f"last_day_{i}"] = daily.day.max(where=upto)
        metrics[f"revenue_cal_{i}"] = daily.revenue.sum(where=upto).cast("float64")
    agg = materialise(daily.group_by("customer_id").aggregate(**metrics))
    out = []
    for i, end in enumerate(ends):
        part = agg.filter(agg.first_day <= end)
        columns = _columns(
            part,
            end,
            per_unit,
            part[f"purchases_{i}"],
            part[f"last_day_{i}"],
            part[f"revenue_cal_{i}"],
        )
        out.append(part.select(**columns).order_by("customer_id"))
    return out


def _customer_days(orders: Any, last: date, timezone: str) -> Any:
    """Revenue per customer and local calendar day (``timezone``), days up to ``last``."""
    ts = orders.ordered_at
    offset = _utc_offset(ts, timezone, last.year)
    local = ts if offset is None else ts + offset.as_interval("s")
    return (
        orders.mutate(day=local.date())
        .filter(lambda t: t.day <= last)
        .group_by(["customer_id", "day"])
        .aggregate(revenue=lambda t: t.revenue.sum())
    )


def _columns(
    agg: Any, cal_end: date, per_unit: float, purchases: Any, last_day: Any, revenue_cal: Any
) -> dict[str, Any]:
    """customer_id, frequency, recency, T and monetary (module docstring) from a customer's
    first day, the revenue of that day and her purchases, last day and revenue up to
    ``cal_end``."""
    import ibis

    frequency = (purchases - 1).cast("int64")
    return {
        "customer_id": agg.customer_id,
        "frequency": frequency,
        "recency": last_day.delta(agg.first_day, unit="day").cast("float64") / per_unit,
        "T": ibis.literal(cal_end).delta(agg.first_day, unit="day").cast("float64") / per_unit,
        "monetary": ibis.ifelse(
            frequency > 0, (revenue_cal - agg.revenue_first) / frequency, 0.0
        ).cast("float64"),
    }


def _as_date(value: date | str, name: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ModelInputError(f"{name} {value!r}: expected a date like 1997-09-30") from None


def _utc_offset(ts: Any, timezone: str, last_year: int) -> Any:
    """Seconds to add to the UTC timestamp expression ``ts`` to get local wall time (None for
    a zone that is UTC throughout)."""
    import ibis

    start, changes = offset_changes(timezone, FIRST_OFFSET_YEAR, last_year + 1)
    if not changes and start == 0:
        return None
    offsets = [start] + [o for _, o in changes]
    bounds = [b for b, _ in changes]

    def node(lo: int, hi: int) -> Any:
        # offsets[lo..hi] remain; ts >= bounds[lo-1] (if lo) and ts < bounds[hi] (if hi < n)
        if lo == hi:
            return ibis.literal(offsets[lo], type="int64")
        mid = (lo + hi + 1) // 2
        return ibis.ifelse(ts < bounds[mid - 1], node(lo, mid - 1), node(mid, hi))

    return node(0, len(offsets) - 1)


@lru_cache(maxsize=32)
def offset_changes(
    timezone: str, first_year: int, last_year: int
) -> tuple[int, tuple[tuple[datetime, int], ...]]:
    """The UTC offset (seconds) of ``timezone`` at the start of ``first_year`` and every change
    up to the end of ``last_year``, as (naive UTC instant of the change, new offset)."""
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ModelInputError(
            f"timezone {timezone!r} is unknown; expected an IANA name such as Europe/Berlin"
        ) from None

    def offset(instant: datetime) -> int:
        delta = instant.replace(tzinfo=UTC).astimezone(zone).utcoffset()
        return int(delta.total_seconds()) if delta is not None else 0

    t = datetime(first_year, 1, 1)
    end = datetime(last_year + 1, 1, 1)
    start = current = offset(t)
    changes: list[tuple[datetime, int]] = []
    while t < end:
        nxt = t + timedelta(hours=12)
        new = offset(nxt)
        if new != current:
            lo, hi = t, nxt
            while hi - lo > timedelta(seconds=1):
                mid = lo + timedelta(seconds=(hi - lo).total_seconds() // 2)
                if offset(mid) == current:
                    lo = mid
                else:
                    hi = mid
            changes.append((hi, new))
            current = new
        t = nxt
    return start, tuple(changes)
