"""The revenue at risk per customer, by which the alerts (:mod:`bindung.report.alerts`) are
valued.

>>> risk, basis = customer_risk(ws)                                   # doctest: +SKIP
>>> float(risk.reindex(["c1", "c2"]).fillna(0.0).sum())              # doctest: +SKIP

**Revenue at risk** of a customer = ``CLV × (1 − P(alive))`` — the same definition as the
segments' and the win-back list's (:mod:`bindung.insights.segments`): predicted CLV over 12
months (BG/NBD × Gamma-Gamma, margin from the settings) times the model's probability that the
customer has already gone (``basis = "clv"``).  Without a usable CLV model it falls back to the
customer's revenue of the last 12 months (``basis = "revenue_12m"``: the 365 days up to the
last order), which states what a complete loss would cost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from bindung.errors import BindungError

if TYPE_CHECKING:
    from bindung.store.protocol import Store

__all__ = ["customer_risk"]


def customer_risk(ws: Store) -> tuple[pd.Series, str]:
    """Per customer the revenue at risk (CLV × (1 − P(alive))), or the revenue of the last 12
    months without a usable model; and which of the two it is."""
    from bindung.models import workflow

    try:
        fit = workflow.current(ws)
        # the same values (and, within a refresh, the same memo entry) as the customer table's
        values = workflow.customer_values(ws, fit, as_of=workflow.last_order_day(ws))
    except BindungError:
        values = None
    if values is not None:
        at_risk = values["clv"] * (1 - values["p_alive"])
        risk: pd.Series = pd.Series(
            at_risk.astype(float).to_numpy(), index=values["customer_id"].astype(str)
        )
        return risk, "clv"
    orders = ws.table("orders")
    last = orders.ordered_at.max().to_pandas()
    if last is None or pd.isna(last):
        return pd.Series(dtype=float), "revenue_12m"
    recent = orders.filter(orders.ordered_at >= pd.Timestamp(last) - pd.Timedelta(days=365))
    frame = recent.group_by("customer_id").aggregate(revenue=recent.revenue.sum()).to_pandas()
    revenue: pd.Series = frame.set_index("customer_id")["revenue"].astype(float)
    return revenue, "revenue_12m"
