"""Spend from the ``costs`` table, prorated to a window of days.

A cost row covers ``period_start`` … ``period_end`` (inclusive, as budget sheets write "bis");
the part of its amount that falls into ``[start, end)`` is
``amount × overlapping days / days of the row``.  The KPI catalogue spreads costs over periods
the same way (:mod:`bindung.metrics.components`); this is the in-memory form for the ROI and
the budget advice.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from bindung.store.protocol import Store


def costs_in_window(ws: Store, start: date, end: date) -> pd.DataFrame:
    """One row per cost row overlapping ``[start, end)``: purpose, program, channel and the
    prorated ``cost`` (rows outside the window are left out)."""
    frame = ws.table("costs").to_pandas()
    columns = ["purpose", "program", "channel", "cost"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    first = pd.to_datetime(frame["period_start"])
    after = pd.to_datetime(frame["period_end"]) + timedelta(days=1)
    lo = first.clip(lower=pd.Timestamp(start))
    hi = after.clip(upper=pd.Timestamp(end))
    share = (hi - lo).dt.days.clip(lower=0) / (after - first).dt.days
    out = pd.DataFrame(
        {
            "purpose": frame["purpose"].astype(str),
            "program": frame["program"].fillna("").astype(str),
            "channel": frame["channel"].fillna("").astype(str),
            "cost": frame["amount"].astype(float) * share,
        }
    )
    kept: pd.DataFrame = out[out["cost"] > 0].reset_index(drop=True)
    return kept
