"""Budget advice and a what-if, from the KPI catalogue and the costs table.

>>> advice = budget_advice(ws)                                            # doctest: +SKIP
>>> whatif = retention_whatif(ws, points=5, years=3)                      # doctest: +SKIP

Both look at the **last 12 complete calendar months** of the data (the KPI table by month,
:mod:`bindung.metrics`), so a partial month does not distort them.

**Budget split** (:func:`budget_advice`).  Costs of the 12 months by purpose, prorated by days
(``period_end`` inclusive): retention, acquisition and mixed (shown, assigned to neither).  The
rule of source 000: 60 % of the budget for keeping customers and 40 % for winning them — but
70–80 % for keeping them while the repeat customer rate is below 30 % (the catalogue's
``repeat_customer_rate`` at the end of the 12 months).  The advice names the shift in money
that would bring the retention share to the advised one (to the lower end of a range), and
shows the cost per new customer against the cost per kept customer over the same 12 months
(the one cost comparison, :mod:`bindung.metrics.costs`, decision 0011; source 003 quotes 5–25×).

**What-if** (:func:`retention_whatif`), from the fitted CLV models
(:mod:`bindung.models.workflow`, :mod:`bindung.models.projection`).  Today's customers (as of
the last order day) are projected month by month over ``years`` years, once as the purchase
model (BG/NBD or Pareto/NBD) was fitted and once with every customer's dropout hazard
multiplied by ``k``, chosen so that the model's yearly retention of today's customers,
``R = Σ P(alive)_i · S_i(1 year) / Σ P(alive)_i``, rises by ``points`` percentage points::

    kept customers_y = Σ_i P(alive)_i · S_i(end of year y)        (+ new customers still alive)
    revenue_y        = Σ_i P(alive)_i · purchases_i(year y) · spend_i  (+ new customers)
    profit_y         = margin · revenue_y

``spend_i`` is the Gamma-Gamma expected spend per purchase.  New customers arrive at the
measured rate of the last 12 months (``N / 12`` per month, catalogue ``new_customers``) and
spend the measured average order value of those months (catalogue ``aov``); the scenario's
``k`` applies to them too.  Margin: the workspace setting.  Nothing else changes, so the
projection isolates retention.  Source 000 quotes +25–95 % profit for +5 points (Harvard
Business Review: Reichheld & Sasser 1990); this shows what the workspace's own fitted model gives.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from bindung.errors import BindungError

if TYPE_CHECKING:
    from bindung.store.protocol import Store

#: The budget rule of source 000: share of the budget for retention, and while the repeat rate
#: is low.
RULE_SHARE = 60.0
LOW_REPEAT_SHARE = (70.0, 80.0)
LOW_REPEAT_BELOW = 30.0
#: Extra profit for +5 points of retention that source 000 quotes, in %.
LITERATURE_PROFIT_RANGE = (25.0, 95.0)


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


#: The catalogue metrics the advice and the what-if read.
METRICS = (
    "customers_start",
    "customers_end",
    "new_customers",
    "repeat_customer_rate",
    "revenue",
    "orders",
)


def last_year(ws: Store) -> Window:
    """The KPI rows (:data:`METRICS`) of the last 12 complete months."""
    from bindung.metrics.run import kpi_table

    table = kpi_table(ws, "month")  # the KPI answer's table (made once per refresh)
    rows: pd.DataFrame = table[table["metric"].isin(METRICS)]
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


def spend_by_purpose(ws: Store, start: date, end: date) -> dict[str, float]:
    """Costs per purpose in ``[start, end)``, prorated by days (``period_end`` inclusive)."""
    from bindung.insights.spend import costs_in_window

    out = {"retention": 0.0, "acquisition": 0.0, "mixed": 0.0}
    frame = costs_in_window(ws, start, end)
    for purpose, total in frame.groupby("purpose")["cost"].sum().items():
        out[str(purpose)] = float(total)
    return out


def budget_advice(ws: Store, *, window: Window | None = None) -> BudgetAdvice:
    """The split and the rule over ``window`` (default: :func:`last_year`)."""
    w = window or last_year(ws)
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
    cost_per_new, cost_per_kept = _costs_of(ws, w)
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
        cost_per_new=cost_per_new,
        cost_per_kept=cost_per_kept,
    )


def _costs_of(ws: Store, w: Window) -> tuple[float, float]:
    """Cost per new and per kept customer over the window: the last row of the one cost
    comparison (:func:`bindung.metrics.costs.cost_comparison`), whose last 12-month window is
    this window."""
    from bindung.metrics.costs import cost_comparison

    frame = cost_comparison(ws)
    last = frame.iloc[-1]
    if (last["start"], last["end"]) != (w.start, w.end):
        raise BindungError(
            f"the cost comparison covers {last['period']}, the budget {w.first} … {w.last}"
        )
    return float(last["acquisition_cost_per_new"]), float(last["retention_cost_per_kept"])


@dataclass(frozen=True)
class WhatIf:
    first: str  # the 12 months the new-customer inputs come from
    last: str
    points: float
    model: str  # "bgnbd" or "paretonbd"
    as_of: str  # the day today's customers are projected from
    customers_today: float  # Σ P(alive)
    retention: float  # the model's yearly retention of today's customers, %
    retention_whatif: float  # the same with the dropout hazard × k, %
    k: float
    new_per_year: float  # N
    new_spend: float  # average order value of the 12 months
    revenue_last_year: float  # measured revenue of the 12 months, beside the projection
    margin: float
    years: pd.DataFrame  # year, customers, customers_whatif, extra_customers, revenue, ...

    @property
    def extra_profit_percent(self) -> float:
        base = float(self.years["profit"].sum())
        return 100 * (float(self.years["profit_whatif"].sum()) - base) / base if base else math.nan


def _by_year(frame: pd.DataFrame) -> pd.DataFrame:
    """Monthly projection rows (new customers included in ``customers_alive`` and
    ``revenue``) → per year: customers alive at the year's end, revenue of the year."""
    year = (frame["month"].to_numpy() - 1) // 12 + 1
    return (
        frame.assign(year=year)
        .groupby("year")
        .agg(alive=("customers_alive", "last"), revenue=("revenue", "sum"))
    )


def check_whatif(points: float, years: int) -> None:
    """The what-if's options, checked before anything is computed."""
    if not 0 < points < 100:
        raise BindungError(
            f"--points: expected a number of percentage points in (0, 100), got {points!r}"
        )
    if not 1 <= years <= 10:
        raise BindungError(f"--years: expected a whole number from 1 to 10, got {years!r}")


def retention_whatif(
    ws: Store, *, points: float = 5.0, years: int = 3, window: Window | None = None
) -> WhatIf:
    """Raise the fitted model's yearly retention by ``points`` and project ``years`` years
    (module docstring); new customers from ``window`` (default: :func:`last_year`)."""
    from bindung.models import projection, workflow

    check_whatif(points, years)
    w = window or last_year(ws)
    fit = workflow.current(ws)
    as_of = workflow.last_order_day(ws)
    values = workflow.customer_values(ws, fit, as_of=as_of)
    draws = projection.posterior_draws(
        fit.purchases,
        values["frequency"].to_numpy(np.float64),
        values["recency"].to_numpy(np.float64),
        values["T"].to_numpy(np.float64),
        unit=fit.unit,
    )
    n = w.value("new_customers")
    orders = w.value("orders")
    new_spend = w.value("revenue") / orders if orders > 0 else 0.0
    margin = float(ws.settings.margin)
    result = projection.what_if(
        draws,
        values["p_alive"].to_numpy(np.float64),
        values["expected_spend"].to_numpy(np.float64),
        points=points,
        months=12 * years,
        margin=margin,
        new_per_month=n / 12,
        new_spend=new_spend,
        lang=ws.settings.lang,
    )
    base, raised = _by_year(result.base), _by_year(result.scenario)
    table = pd.DataFrame(
        {
            "year": base.index.to_numpy(),
            "customers": base["alive"].to_numpy(),
            "customers_whatif": raised["alive"].to_numpy(),
            "extra_customers": (raised["alive"] - base["alive"]).to_numpy(),
            "revenue": base["revenue"].to_numpy(),
            "revenue_whatif": raised["revenue"].to_numpy(),
            "profit": margin * base["revenue"].to_numpy(),
            "profit_whatif": margin * raised["revenue"].to_numpy(),
            "extra_profit": margin * (raised["revenue"] - base["revenue"]).to_numpy(),
        }
    )
    return WhatIf(
        first=w.first,
        last=w.last,
        points=points,
        model=type(fit.purchases).__name__,
        as_of=as_of.isoformat(),
        customers_today=float(values["p_alive"].sum()),
        retention=result.retention_base,
        retention_whatif=result.retention_scenario,
        k=result.k,
        new_per_year=n,
        new_spend=new_spend,
        revenue_last_year=w.value("revenue"),
        margin=margin,
        years=table,
    )
