"""Winning against keeping: the one cost comparison, over 12-month windows.

>>> frame = cost_comparison(ws)                                            # doctest: +SKIP
>>> frame[["period", "acquisition_cost_per_new", "retention_cost_per_kept", "cost_ratio"]]
... # doctest: +SKIP

The catalogue's definitions (:mod:`bindung.metrics.catalogue`, DESIGN.md "acquisition vs
retention cost")::

    acquisition cost per new customer  = acquisition spend / N
    retention cost per kept customer   = retention spend / (S − lost + reactivated)
    cost ratio                         = the first / the second

Both are ratios of a period's spend to the customers it bought, but they scale differently
with the period's length: new customers add up over a period, while the customers kept over
it are a stock that only shrinks.  A month keeps nearly everyone (the retention cost per kept
customer is a twelfth of a year's), a year keeps fewer.  So a monthly ratio (28× on the demo)
and a yearly one (1× on the demo) are different figures, and neither month nor quarter is what
the literature's "winning a customer costs 5–25× keeping one" (source 003) compares
(decision 0011).

Bindung therefore compares the two **over 12 months only**: the last 12 complete calendar
months of the data (the window of the budget advice, :func:`bindung.insights.budget.last_year`)
and the 12-month windows before it, as many as the data hold.  The figures are the catalogue's
metrics computed by the KPI engine on a grid whose periods are these windows (the grid starts
with the data, so that the customers active at a window's start are counted as in every other
KPI table; that first, shorter period is not shown).  ``bindung costs``, the budget advice and
the KPI table by year show them; the KPI tables by week, month and quarter leave the retention
cost per kept customer and the ratio out (:data:`TWELVE_MONTHS`).  The literature's 5–25× is
shown beside them as a reference, not as a fact about the user's business.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from bindung.errors import BindungError
from bindung.metrics import kpis as kpis_mod
from bindung.metrics.catalogue import BY_KEY, acquisition_spend, kept_or_back
from bindung.metrics.periods import Grid, label
from bindung.metrics.source import Source
from bindung.store.protocol import shared

if TYPE_CHECKING:
    from bindung.store.protocol import Store

#: The catalogue metrics that are only read over 12 months (left out of the KPI tables by
#: week, month and quarter).
TWELVE_MONTHS = ("retention_cost_per_kept", "cost_ratio")
#: The literature's range for acquisition cost / retention cost (source 003): a reference.
LITERATURE_RATIO = (5.0, 25.0)
#: The columns of :func:`cost_comparison` after ``period``, ``start``, ``end``.
COLUMNS = (
    "new_customers",
    "acquisition_spend",
    "acquisition_cost_per_new",
    "kept_customers",
    "retention_spend",
    "retention_cost_per_kept",
    "cost_ratio",
)


def months_back(day: date, months: int) -> date:
    """The first of the month ``months`` months before ``day`` (a first of a month)."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def twelve_month_grid(month_grid: Grid, windows: int = 3) -> tuple[Grid, int]:
    """A grid whose last ``windows`` periods are 12-month windows ending with the last
    complete month of ``month_grid`` (fewer when the data are shorter), preceded by one period
    from the data's first month to the first window (when there is one).  Returns the grid and
    the number of windows; :class:`BindungError` when the data hold no 12 complete months."""
    frame = month_grid.frame()
    complete = frame[~frame["partial"]]
    if len(complete) < 12:
        raise BindungError(
            f"the cost comparison needs 12 complete months of data; the data hold {len(complete)}"
        )
    first: date = month_grid.starts[0]
    end: date = complete["end"].iloc[-1]
    bounds = [end]
    while len(bounds) <= windows and months_back(bounds[-1], 12) >= first:
        bounds.append(months_back(bounds[-1], 12))
    n_windows = len(bounds) - 1
    if bounds[-1] > first:
        bounds.append(first)
    starts = tuple(reversed(bounds))
    return Grid("year", month_grid.timezone, starts, month_grid.data_end), n_windows


def cost_comparison(ws: Store, by: str | None = None) -> pd.DataFrame:
    """The cost comparison of the module docstring, one row per 12-month window (oldest
    first; with ``by="channel"`` one per window and acquisition channel, column ``channel``):
    ``period`` ("2025-11 … 2026-10"), ``start``, ``end`` (exclusive) and :data:`COLUMNS`.
    Made once per refresh (``ws.memo``)."""
    frame: pd.DataFrame = shared(ws, ("cost_comparison", by), lambda: _comparison(ws, by))
    return frame


def _comparison(ws: Store, by: str | None) -> pd.DataFrame:
    from bindung.metrics import run

    month = run.source(ws.table, ws.settings, period="month", by=by)
    grid, windows = twelve_month_grid(month.grid)
    src = Source(month.tables, grid, month.options)
    needs = kpis_mod.needed([BY_KEY[k] for k in ("cost_ratio", "new_customers")])
    table = kpis_mod.assembled(src, ["activity", *[n for n in needs if n != "activity"]])
    keys = ("new_customers", "acquisition_cost_per_new", "retention_cost_per_kept", "cost_ratio")
    metrics = {k: BY_KEY[k].value(table, src.options) for k in keys}
    picked = table.select(
        "k",
        "g",
        new_customers=metrics["new_customers"],
        acquisition_spend=acquisition_spend(table).cast("float64"),
        acquisition_cost_per_new=metrics["acquisition_cost_per_new"],
        kept_customers=kept_or_back(table),
        retention_spend=table.cost_retention.cast("float64"),
        retention_cost_per_kept=metrics["retention_cost_per_kept"],
        cost_ratio=metrics["cost_ratio"],
    ).order_by(["k", "g"])
    out = picked.to_pandas()
    out = out[out["k"] >= grid.n - windows].reset_index(drop=True)
    starts = [grid.starts[int(k)] for k in out["k"]]
    ends = [grid.starts[int(k) + 1] for k in out["k"]]
    out.insert(0, "period", [window_label(s, e) for s, e in zip(starts, ends, strict=True)])
    out.insert(1, "start", starts)
    out.insert(2, "end", ends)
    for column in COLUMNS:
        out[column] = out[column].astype("float64")
    out = out.drop(columns=["g"]) if by is None else out.rename(columns={"g": by})
    shown: pd.DataFrame = out.drop(columns=["k"])
    return shown


def window_label(start: date, end: date) -> str:
    """``2025-11 … 2026-10``: the first and the last month of ``[start, end)``."""
    return f"{label(start, 'month')} … {label(months_back(end, 1), 'month')}"
