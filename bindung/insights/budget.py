"""Budget advice and a what-if, from the KPI catalogue and the costs table.

>>> advice = budget_advice(ws)                                            # doctest: +SKIP
>>> whatif = retention_whatif(ws, points=5, years=3)                      # doctest: +SKIP

Both look at the **last 12 complete calendar months** of the data (the KPI table by month,
:mod:`bindung.metrics`), so a partial month does not distort them.

**Budget split** (:func:`budget_advice`).  Costs of the 12 months by purpose, prorated by days
(``period_end`` inclusive): retention, acquisition and mixed (shown, assigned to neither).  The
seeds' rule: 60 % of the budget for keeping customers and 40 % for winning them — but 70–80 %
for keeping them while the repeat customer rate is below 30 % (the catalogue's
``repeat_customer_rate`` at the end of the 12 months).  The advice names the shift in money
that would bring the retention share to the advised one (to the lower end of a range), and
shows the cost per new customer against the cost per kept customer (catalogue:
``acquisition_cost_per_new``, ``retention_cost_per_kept``, here over the 12 months:
acquisition spend / N and retention spend / (E − N); the seeds quote 5–25×).

**What-if** (:func:`retention_whatif`).  A cohort projection with the measured inputs of the 12
months: customers active at their end ``E``, new customers ``N`` per year, the yearly
retention rate ``r = (E − N) / S`` (the seeds' formula over the 12 months, ``S`` active at
their start) and the revenue per active customer and year ``R = revenue / ((S + E) / 2)``::

    C₀ = E,   C_t = r · C_{t−1} + N,   revenue_t = R · (C_{t−1} + C_t) / 2,
    profit_t = margin · revenue_t

once with ``r`` and once with ``r + points / 100`` (at most 1); the difference is what the
higher retention is worth.  New customers, revenue per customer and margin are held at their
measured values: the projection isolates retention.  The seeds quote +25–95 % profit for +5
points (Reichheld & Sasser 1990); this shows the workspace's own figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from bindung.errors import BindungError

#: The seeds' budget rule: share of the budget for retention, and while the repeat rate is low.
RULE_SHARE = 60.0
LOW_REPEAT_SHARE = (70.0, 80.0)
LOW_REPEAT_BELOW = 30.0
SEED_PROFIT_RANGE = (25.0, 95.0)


@dataclass(frozen=True)
class Window:
    first: str  # first month label
    last: str  # last month label
    start: date
    end: date  # exclusive
    rows: pd.DataFrame  # the KPI rows of the 12 months (long: period, metric, value)

    def value(self, metric: str, which: str = "sum") -> float:
        r = self.rows[self.rows["metric"] == metric].sort_values("k")
        if r.empty:
            return math.nan
        if which == "first":
            return float(r["value"].iloc[0])
        if which == "last":
            return float(r["value"].iloc[-1])
        return float(r["value"].sum())


def last_year(ws: Any) -> Window:
    """The KPI rows of the last 12 complete months."""
    rows: pd.DataFrame = ws.kpis(period="month")
    long = (
        rows.melt(
            id_vars=["k", "period", "start", "end", "partial"],
            value_vars=[
                c
                for c in rows.columns
                if c not in ("k", "period", "start", "end", "partial", "small")
            ],
            var_name="metric",
        )
        if "metric" not in rows.columns
        else rows
    )
    complete = sorted(long.loc[~long["partial"], "k"].unique())
    if len(complete) < 12:
        raise BindungError(
            f"budget advice and the what-if need 12 complete months of orders; the data hold "
            f"{len(complete)}"
        )
    keep = complete[-12:]
    part = long[long["k"].isin(keep)]
    months = part.drop_duplicates("k").sort_values("k")
    return Window(
        first=str(months["period"].iloc[0]),
        last=str(months["period"].iloc[-1]),
        start=pd.Timestamp(months["start"].iloc[0]).date(),
        end=pd.Timestamp(months["end"].iloc[-1]).date(),
        rows=part,
    )


@dataclass(frozen=True)
class BudgetAdvice:
    first: str
    last: str
    retention: float
    acquisition: float
    mixed: float
    retention_share: float  # % of retention + acquisition
    repeat_rate: float
    advised_low: float
    advised_high: float
    shift: float  # money to move to retention (negative: to acquisition); 0 inside the range
    cost_per_new: float
    cost_per_kept: float


def spend_by_purpose(ws: Any, start: date, end: date) -> dict[str, float]:
    """Costs per purpose in ``[start, end)``, prorated by days (``period_end`` inclusive)."""
    from bindung.insights.spend import costs_in_window

    out = {"retention": 0.0, "acquisition": 0.0, "mixed": 0.0}
    frame = costs_in_window(ws, start, end)
    for purpose, total in frame.groupby("purpose")["cost"].sum().items():
        out[str(purpose)] = float(total)
    return out


def budget_advice(ws: Any) -> BudgetAdvice:
    w = last_year(ws)
    spend = spend_by_purpose(ws, w.start, w.end)
    paid = spend["retention"] + spend["acquisition"]
    share = 100 * spend["retention"] / paid if paid > 0 else math.nan
    repeat = w.value("repeat_customer_rate", "last")
    low, high = LOW_REPEAT_SHARE if repeat < LOW_REPEAT_BELOW else (RULE_SHARE, RULE_SHARE)
    shift = 0.0
    if paid > 0 and share < low:
        shift = paid * low / 100 - spend["retention"]
    elif paid > 0 and share > high:
        shift = paid * high / 100 - spend["retention"]
    new = w.value("new_customers")
    kept = w.value("customers_end", "last") - new  # kept over the 12 months (seeds' E − N)
    return BudgetAdvice(
        first=w.first,
        last=w.last,
        retention=spend["retention"],
        acquisition=spend["acquisition"],
        mixed=spend["mixed"],
        retention_share=share,
        repeat_rate=repeat,
        advised_low=low,
        advised_high=high,
        shift=shift,
        cost_per_new=spend["acquisition"] / new if new > 0 else math.nan,
        cost_per_kept=spend["retention"] / kept if kept > 0 else math.nan,
    )


@dataclass(frozen=True)
class WhatIf:
    first: str
    last: str
    points: float
    start_customers: float  # S
    end_customers: float  # E
    new_per_year: float  # N
    retention: float  # r, %
    revenue_per_customer: float  # R
    margin: float
    years: pd.DataFrame  # year, customers, customers_whatif, revenue, ..., profit_whatif

    @property
    def extra_profit_percent(self) -> float:
        base = float(self.years["profit"].sum())
        return 100 * (float(self.years["profit_whatif"].sum()) - base) / base if base else math.nan


def retention_whatif(ws: Any, *, points: float = 5.0, years: int = 3) -> WhatIf:
    """Raise the yearly retention rate by ``points`` and project ``years`` years."""
    if not 0 < points <= 100:
        raise BindungError(f"--points: expected a number in (0, 100], got {points!r}")
    w = last_year(ws)
    s = w.value("customers_start", "first")
    e = w.value("customers_end", "last")
    n = w.value("new_customers")
    revenue = w.value("revenue")
    if not s > 0:
        raise BindungError("no active customers at the start of the last 12 months")
    r = (e - n) / s
    per_customer = revenue / ((s + e) / 2)
    margin = float(ws.settings.margin)
    rows = []
    c, c2 = e, e
    r2 = min(r + points / 100, 1.0)
    for t in range(1, years + 1):
        nc, nc2 = r * c + n, r2 * c2 + n
        rev, rev2 = per_customer * (c + nc) / 2, per_customer * (c2 + nc2) / 2
        rows.append(
            {
                "year": t,
                "customers": nc,
                "customers_whatif": nc2,
                "extra_customers": nc2 - nc,
                "revenue": rev,
                "revenue_whatif": rev2,
                "profit": margin * rev,
                "profit_whatif": margin * rev2,
                "extra_profit": margin * (rev2 - rev),
            }
        )
        c, c2 = nc, nc2
    return WhatIf(
        first=w.first,
        last=w.last,
        points=points,
        start_customers=s,
        end_customers=e,
        new_per_year=n,
        retention=100 * r,
        revenue_per_customer=per_customer,
        margin=margin,
        years=pd.DataFrame(rows),
    )
