"""One row per customer: RFM scores and segment, model values (probability alive, CLV, tier)
and the revenue at risk — the table behind ``bindung customers`` and the win-back list.

Everything is measured as of the end of the data (local midnight after the last order day):
recency counts from there, and ``p_alive_before`` is the same fitted model's probability alive
``trend_days`` earlier, so a falling value shows who is slipping away now.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pandas as pd

from bindung.insights.next_order import next_orders
from bindung.insights.segments import (  # noqa: F401 - select is re-exported
    clv_tiers,
    rfm_scores,
    segment_expr,
    select,
    win_back,
)
from bindung.metrics.periods import local_midnight_utc
from bindung.models import workflow
from bindung.models.summary import DAYS_PER_UNIT

if TYPE_CHECKING:
    from bindung.store.protocol import Store


def customer_table(
    ws: Store,
    result: workflow.ClvFit,
    *,
    trend_days: int = workflow.TREND_DAYS,
    horizon_days: int = 365,
    discount_rate_year: float = 0.1,
) -> pd.DataFrame:
    """Per customer: rfm columns, segment, p_alive, p_alive_before, expected purchases, CLV,
    CLV tier, revenue in the last 12 months, revenue at risk (CLV × (1 − p_alive)) and the
    predicted next order with its 80 % interval and ``overdue``
    (:func:`bindung.insights.next_order.next_orders`)."""
    import ibis

    end_day = workflow.last_order_day(ws)
    as_of = local_midnight_utc(end_day + timedelta(days=1), ws.settings.timezone)
    orders = ws.table("orders")
    scores = segment_expr(rfm_scores(orders, as_of=as_of))
    recent = orders.filter(
        (orders.ordered_at >= ibis.literal(as_of - timedelta(days=365), type="timestamp"))
        & (orders.ordered_at < ibis.literal(as_of, type="timestamp"))
    )
    last_year = recent.group_by("customer_id").aggregate(
        revenue_12m=recent.revenue.sum().cast("float64")
    )
    frame: pd.DataFrame = scores.to_pandas().merge(
        last_year.to_pandas(), on="customer_id", how="left"
    )
    frame["revenue_12m"] = frame["revenue_12m"].fillna(0.0)
    now = workflow.customer_values(
        ws, result, horizon_days=horizon_days, discount_rate_year=discount_rate_year, as_of=end_day
    )
    before = workflow.customer_values(
        ws,
        result,
        horizon_days=horizon_days,
        discount_rate_year=discount_rate_year,
        as_of=end_day - timedelta(days=trend_days),
    )
    params = result.purchases.params_
    upcoming = next_orders(
        now["frequency"],
        now["recency"],
        now["T"],
        r=float(params["r"]),
        alpha=float(params["alpha"]),
        days_per_unit=DAYS_PER_UNIT[result.unit],
        as_of=end_day,
    )
    upcoming.index = now.index
    now = pd.concat([now, upcoming], axis=1)
    values = now[["customer_id", "p_alive", "expected_purchases", "clv", *upcoming.columns]].merge(
        before[["customer_id", "p_alive"]].rename(columns={"p_alive": "p_alive_before"}),
        on="customer_id",
        how="left",
    )
    frame = frame.merge(values, on="customer_id", how="left")
    frame["overdue"] = frame["overdue"].fillna(False).astype(bool)
    frame["clv_tier"] = clv_tiers(frame["clv"])
    frame["revenue_at_risk"] = frame["clv"] * (1 - frame["p_alive"])
    frame.attrs.update(as_of=end_day.isoformat(), trend_days=trend_days, horizon_days=horizon_days)
    return frame


def orders_of(ws: Store, customer_id: str) -> pd.DataFrame:
    """One customer's orders, newest first: order_id, ordered_at (UTC), revenue, items,
    channel (the drill-down of the at-risk list; raw rows from the store)."""
    orders = ws.table("orders")
    rows: pd.DataFrame = (
        orders.filter(orders.customer_id == customer_id)
        .order_by(orders.ordered_at.desc())
        .select("order_id", "ordered_at", "revenue", "items", "channel")
        .to_pandas()
    )
    return rows
