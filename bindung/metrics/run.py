"""Running the catalogue on a store: choose the grid from the data, execute, tidy the result.

Used by :class:`bindung.workspace.Workspace` (and so by the CLI); works for the tables of any
Ibis backend.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import pandas as pd

from bindung.config import Settings
from bindung.errors import BindungError
from bindung.i18n import t
from bindung.metrics import cohorts as cohorts_mod
from bindung.metrics import kpis as kpis_mod
from bindung.metrics.periods import Unit, local_midnight_utc, make_grid, parse, window
from bindung.metrics.source import Basis, Options, Source
from bindung.store.protocol import shared

if TYPE_CHECKING:
    from bindung.store.protocol import Store


@dataclass(frozen=True)
class Span:
    """Where the data lie (UTC): first activity, last recorded time, which lines exist."""

    first: datetime
    last: datetime
    orders: bool
    subscriptions: bool


def data_span(tables: Callable[[str], Any], lang: str = "en") -> Span:
    """First and last time in orders, subscriptions and returns."""
    found: dict[str, tuple[datetime, datetime]] = {}
    for name, column in (
        ("orders", "ordered_at"),
        ("subscriptions", "started_at"),
        ("returns", "returned_at"),
    ):
        table = tables(name)
        row = table.aggregate(first=table[column].min(), last=table[column].max()).to_pandas()
        first, last = row.iloc[0]["first"], row.iloc[0]["last"]
        if pd.notna(first):
            found[name] = (pd.Timestamp(first).to_pydatetime(), pd.Timestamp(last).to_pydatetime())
    starts = [found[n][0] for n in ("orders", "subscriptions") if n in found]
    if not starts:
        raise BindungError(t("no_activity", lang))
    return Span(
        min(starts),
        max(last for _, last in found.values()),
        "orders" in found,
        "subscriptions" in found,
    )


def options_from(settings: Settings, *, by: str | None = None, basis: str | None = None) -> Options:
    chosen: Basis = basis or settings.activity_basis  # type: ignore[assignment]
    return Options(
        window_days=settings.activity_window_days,
        loyalty_threshold=settings.loyalty_threshold,
        basis=chosen,
        margin=float(settings.margin),
        min_customers=settings.min_customers,
        by=by,
    )


def source(
    tables: Callable[[str], Any],
    settings: Settings,
    *,
    period: Unit = "month",
    by: str | None = None,
    basis: str | None = None,
    until: date | None = None,
) -> Source:
    """A :class:`Source` whose grid covers all data (and runs to ``until`` if later)."""
    span = data_span(tables, settings.lang)
    last = span.last
    if until is not None:
        last = max(last, local_midnight_utc(until, settings.timezone))
    grid = make_grid(period, settings.timezone, span.first, last, data_end=span.last)
    options = options_from(settings, by=by, basis=basis)
    if options.basis == "both" and not (span.orders and span.subscriptions):
        # one line of business only: the same figures without merging spells
        options = replace(options, basis="orders" if span.orders else "subscriptions")
    return Source(tables, grid, options)


def kpis(
    tables: Callable[[str], Any],
    settings: Settings,
    *,
    period: Unit = "month",
    by: str | None = None,
    basis: str | None = None,
    start: str | None = None,
    end: str | None = None,
    metrics: Iterable[str] | None = None,
    compare: bool = False,
) -> pd.DataFrame:
    """The KPI table, one row per period (and group).

    ``compare=True`` returns the long table with the previous period's value, the value a year
    earlier and both changes (see :func:`bindung.metrics.kpis.changes`).
    """
    until = parse(end, option="--to")[0] if end else None
    src = source(tables, settings, period=period, by=by, basis=basis, until=until)
    frame = kpis_mod.to_frame(kpis_mod.kpi_expr(src, metrics).to_pandas(), src)
    if compare:
        frame = kpis_mod.changes(frame, year_lag=src.grid.year_lag(), by=by)
    kept: pd.DataFrame = window(frame, start, end)
    return kept.reset_index(drop=True)


#: The columns that name a row of the KPI table (the rest are metrics).
ROW_KEYS = ("k", "period", "start", "end", "partial", "small")


def kpi_table(ws: Store, period: str = "month", by: str | None = None) -> pd.DataFrame:
    """``ws.kpis(period=, by=, compare=True)``: the long KPI table with the previous period and
    the year before, made once per refresh for every answer that reads it (``ws.memo``, see
    :func:`bindung.store.protocol.shared`).  The frame is shared: do not change it."""
    table: pd.DataFrame = shared(
        ws, ("kpis", period, by), lambda: ws.kpis(period=period, by=by, compare=True)
    )
    return table


def kpi_long(
    ws: Store,
    period: str = "month",
    *,
    by: str | None = None,
    basis: str | None = None,
    start: str | None = None,
    end: str | None = None,
) -> pd.DataFrame:
    """``ws.kpis(period=, by=, basis=, start=, end=, compare=True)``: the long KPI table of the
    KPI section (:func:`bindung.report.kpis.kpi_section`), with the previous period and the
    year before, for any basis and window; made afresh on every call (the shared table of a
    refresh is :func:`kpi_table`)."""
    return ws.kpis(period=period, by=by, basis=basis, start=start, end=end, compare=True)


def kpi_wide(ws: Store, period: str = "month") -> pd.DataFrame:
    """The KPI table of ``period`` one row per period, one column per metric (the layout of
    ``ws.kpis(period=)``), from the shared long table of :func:`kpi_table` (metric values as
    floats)."""
    long = kpi_table(ws, period)
    wide = long.set_index([*ROW_KEYS, "metric"])["value"].unstack("metric").reset_index()
    wide.columns.name = None
    return wide.sort_values("k").reset_index(drop=True)


def cohorts(
    tables: Callable[[str], Any],
    settings: Settings,
    *,
    period: Unit = "month",
    measure: cohorts_mod.Measure = "customers",
    mode: cohorts_mod.Mode = "on",
    by: str | None = None,
    basis: str | None = None,
    percent: bool = False,
) -> pd.DataFrame:
    """The cohort matrix: one row per cohort (and group), columns ``size``, ``0``, ``1``, ...;
    ``percent=True`` divides each row by its period-0 value."""
    src = source(tables, settings, period=period, by=by, basis=basis)
    long = cohorts_mod.cohort_expr(src, measure, mode).to_pandas()
    labels = dict(enumerate(src.grid.labels))
    long["cohort"] = long["c"].map(labels)
    index = ["g", "cohort", "size"]
    wide = long.pivot_table(index=index, columns="i", values="value", aggfunc="sum", sort=True)
    wide = wide.reindex(columns=sorted(wide.columns))
    if percent:
        wide = wide.div(wide[0], axis=0) * 100
    wide.columns = [str(c) for c in wide.columns]
    wide = wide.reset_index()
    wide = wide.drop(columns=["g"]) if by is None else wide.rename(columns={"g": by})
    # period labels sort in time order (zero-padded, ISO week years)
    ordered: pd.DataFrame = wide.sort_values([c for c in (by, "cohort") if c])
    return ordered.reset_index(drop=True)
