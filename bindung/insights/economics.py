"""Unit economics: what a new customer brings back, per acquisition cohort and channel, against
what winning them cost.

>>> econ = unit_economics(ws)                                              # doctest: +SKIP
>>> econ.channels[["channel", "cac", "ltv", "ltv_cac", "payback_month"]]   # doctest: +SKIP

**Curves.**  From the cohort matrix of order revenue by month (:mod:`bindung.metrics.cohorts`,
measure ``revenue``, mode ``on``; returns not netted, as there): for cohort ``c`` (the month of
the customers' first activity) with ``n_c`` customers and revenue ``R_c,i`` in its ``i``-th
month (``i = 0``: the month of acquisition)::

    revenue per customer   r_c(i) = Σ_{j ≤ i} R_c,j / n_c
    margin per customer    m_c(i) = margin × r_c(i)             (margin: the workspace setting)

Per acquisition channel the curve pools the cohorts of the channel that have reached month
``i`` (``c + i`` at or before the last complete month)::

    r_ch(i) = Σ_{c reached i} Σ_{j ≤ i} R_c,j / Σ_{c reached i} n_c

so each point is an average over the customers who could have bought for ``i + 1`` months.

**CAC** per channel: the catalogue's acquisition cost per new customer (acquisition spend of the
channel / its new customers) over the last 12 complete months — the one cost comparison
(:func:`bindung.metrics.costs.cost_comparison` grouped by channel).

**LTV** per channel: over the customers the channel won in those 12 months, the mean of their
margin so far (``margin ×`` their order revenue up to the last order day) plus the value the
fitted CLV model predicts for them over the next :data:`LTV_HORIZON_DAYS` days
(:func:`bindung.models.workflow.customer_values`: P(alive), expected purchases, Gamma-Gamma
spend, margin, discounted at 10 % a year).  ``LTV:CAC = LTV / CAC``.

**Payback month**: the first ``i`` with ``m_ch(i) ≥ CAC`` (``i = 0`` when the first month's
margin already covers it); undefined when the curve does not reach the CAC within the months
observed.  A channel is flagged when ``LTV:CAC`` is below the setting ``ltv_cac_min`` (3: the
common rule of thumb for subscription and shop businesses) or the payback month lies beyond
``payback_months_max`` (12).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from bindung.errors import BindungError
from bindung.metrics.periods import local_midnight_utc

if TYPE_CHECKING:
    from bindung.metrics.source import Source
    from bindung.store.protocol import Store

#: The model's forecast horizon of the LTV, days (three years).
LTV_HORIZON_DAYS = 3 * 365
#: The flag codes of a channel (the answer labels them).
FLAGS = ("ok", "ltv_cac_low", "payback_long", "both", "no_cac")


@dataclass(frozen=True)
class Economics:
    channels: pd.DataFrame  # channel, new_customers, acquisition_spend, cac, ltv, ltv_cac, ...
    channel_curves: pd.DataFrame  # channel, month, customers, revenue_per_customer, margin_...
    cohort_curves: pd.DataFrame  # cohort, size, "0", "1", ...: cumulative revenue per customer
    window: str  # the 12 months of CAC and LTV ("2025-11 … 2026-10")
    ltv_note: str  # why there is no LTV ("" when there is one)
    margin: float
    ltv_cac_min: float
    payback_months_max: int


def _month_source(ws: Store) -> Source:
    """The monthly KPI source grouped by acquisition channel (its grid is the cohort
    matrix's; made once per call of :func:`unit_economics`)."""
    from bindung.metrics import run

    return run.source(ws.table, ws.settings, period="month", by="channel")


def _complete_months(month: Source) -> list[str]:
    """Labels of the complete months of the data (the cohort matrix's grid)."""
    frame = month.grid.frame()
    return [str(p) for p in frame.loc[~frame["partial"], "period"]]


def cumulative(matrix: pd.DataFrame, complete: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """The cohort revenue matrix (rows: cohorts, columns ``"0"``, ``"1"``, ...) summed along
    each row, with cells of months not reached (after the last complete month) as NaN and
    reached months without revenue as 0; and the mask of reached cells."""
    months = [c for c in matrix.columns if str(c).isdigit()]
    position = {label: i for i, label in enumerate(complete)}
    last = len(complete) - 1
    start = matrix["cohort"].map(position).to_numpy(dtype=float)  # NaN: the cohort's month
    steps = np.array([int(c) for c in months])  # is not complete (the last, partial month)
    reached = (start[:, None] + steps[None, :]) <= last
    values = matrix[months].to_numpy(dtype=float)
    values = np.where(reached, np.nan_to_num(values, nan=0.0), np.nan)
    summed = np.where(reached, np.nancumsum(np.nan_to_num(values, nan=0.0), axis=1), np.nan)
    out = matrix[[c for c in matrix.columns if c not in months]].copy()
    for j, c in enumerate(months):
        out[c] = summed[:, j]
    return out, reached


def pooled(by_channel: pd.DataFrame) -> pd.DataFrame:
    """The cohort matrix over all channels from the one by channel: sizes and revenue of a
    cohort added over its channels (a cell stays empty when it is empty in every channel)."""
    months = [c for c in by_channel.columns if str(c).isdigit()]
    grouped = by_channel.groupby("cohort", sort=True)
    out = grouped[months].sum(min_count=1)
    out.insert(0, "size", grouped["size"].sum())
    return out.reset_index()


def channel_curves(matrix: pd.DataFrame, complete: list[str], margin: float) -> pd.DataFrame:
    """Per channel and month since acquisition: customers of the cohorts that reached the
    month, cumulative revenue and margin per customer (module docstring)."""
    summed, reached = cumulative(matrix, complete)
    months = [c for c in matrix.columns if str(c).isdigit()]
    sizes = summed["size"].to_numpy(dtype=float)
    rows = []
    for channel, idx in summed.groupby("channel", sort=True).indices.items():
        for j, c in enumerate(months):
            inside = reached[idx, j]
            customers = float(sizes[idx][inside].sum())
            if customers == 0:
                continue
            revenue = float(np.nansum(summed[c].to_numpy(dtype=float)[idx][inside])) / customers
            rows.append(
                {
                    "channel": str(channel),
                    "month": int(c),
                    "customers": customers,
                    "revenue_per_customer": revenue,
                    "margin_per_customer": margin * revenue,
                }
            )
    return pd.DataFrame(
        rows,
        columns=["channel", "month", "customers", "revenue_per_customer", "margin_per_customer"],
    )


def payback_month(curve: pd.DataFrame, cac: float) -> float:
    """The first month whose cumulative margin per customer reaches ``cac`` (NaN: not within
    the curve, or no CAC)."""
    if not math.isfinite(cac) or cac <= 0:
        return math.nan
    hit = curve.loc[curve["margin_per_customer"] >= cac, "month"]
    return float(hit.min()) if len(hit) else math.nan


def flag(ltv_cac: float, payback: float, cac: float, ltv_cac_min: float, max_months: int) -> str:
    if not math.isfinite(cac) or cac <= 0:
        return "no_cac"
    low = not math.isfinite(ltv_cac) or ltv_cac < ltv_cac_min
    slow = not math.isfinite(payback) or payback > max_months
    return "both" if low and slow else "ltv_cac_low" if low else "payback_long" if slow else "ok"


def unit_economics(ws: Store) -> Economics:
    """Curves, CAC, LTV, LTV:CAC and payback per channel (module docstring)."""
    settings = ws.settings
    margin = float(settings.margin)
    month = _month_source(ws)
    complete = _complete_months(month)
    by_channel = ws.cohorts(period="month", measure="revenue", by="channel")
    if by_channel.empty:
        raise BindungError("unit economics need orders; import orders first")
    curves = channel_curves(by_channel, complete, margin)
    summed, _ = cumulative(pooled(by_channel), complete)
    months = [c for c in summed.columns if str(c).isdigit()]
    per_customer = summed.copy()
    per_customer[months] = summed[months].div(summed["size"], axis=0)

    last, window, start, end = acquisition_costs(ws, by_channel, month)
    try:
        ltv, ltv_note = _ltv(ws, month, margin, start, end), ""
    except BindungError as exc:  # no usable CLV model (too few repeat buyers, ...)
        ltv, ltv_note = {}, str(exc)

    rows = []
    for channel in sorted(set(curves["channel"]) | set(last.index)):
        cac = float(last["acquisition_cost_per_new"].get(channel, math.nan))
        value = float(ltv.get(channel, math.nan))
        ratio = value / cac if math.isfinite(cac) and cac > 0 else math.nan
        payback = payback_month(curves[curves["channel"] == channel], cac)
        rows.append(
            {
                "channel": channel,
                "new_customers": float(last["new_customers"].get(channel, 0.0)),
                "acquisition_spend": float(last["acquisition_spend"].get(channel, 0.0)),
                "cac": cac,
                "ltv": value,
                "ltv_cac": ratio,
                "payback_month": payback,
                "flag": flag(
                    ratio, payback, cac, settings.ltv_cac_min, settings.payback_months_max
                ),
            }
        )
    return Economics(
        channels=pd.DataFrame(rows),
        channel_curves=curves,
        cohort_curves=per_customer,
        window=window,
        ltv_note=ltv_note,
        margin=margin,
        ltv_cac_min=settings.ltv_cac_min,
        payback_months_max=settings.payback_months_max,
    )


def acquisition_costs(
    ws: Store, by_channel: pd.DataFrame, month: Source | None = None
) -> tuple[pd.DataFrame, str, date, date]:
    """Per channel over the last 12 complete months (:func:`bindung.metrics.costs.
    twelve_month_grid`): new customers, acquisition spend and the catalogue's acquisition cost
    per new customer — the figures of ``bindung costs`` grouped by channel, without a second
    pass over the activity: the new customers are the sizes of the window's cohorts in
    ``by_channel`` (both count customers by the period of their first activity), the spend is
    the KPI engine's costs component (and, where the costs record none for a channel, its
    recorded acquisition costs), and the cost per new customer is the catalogue's formula
    applied to them.  Returns the frame (index: channel), the window's label and bounds."""
    import ibis

    from bindung.metrics import components
    from bindung.metrics.catalogue import BY_KEY, acquisition_spend
    from bindung.metrics.costs import twelve_month_grid, window_label
    from bindung.metrics.periods import label
    from bindung.metrics.source import Source

    month = month or _month_source(ws)
    grid, _ = twelve_month_grid(month.grid, windows=1)
    k = grid.n - 1
    start, end = grid.starts[k], grid.starts[k + 1]
    src = Source(month.tables, grid, month.options)
    frame = by_channel.assign(
        inside=by_channel["cohort"].between(label(start, "month"), label(end, "month"), "left")
    )
    channels = pd.Index(sorted(frame["channel"].unique()), name="channel")
    new = frame[frame["inside"]].groupby("channel")["size"].sum().reindex(channels)
    spend = components.costs_component(src).to_pandas()
    spend = spend[spend["k"] == k].set_index("g")["cost_acquisition"].astype(np.float64)
    # the channels customers came from (costs of other channels, e.g. e-mail retention, have
    # no new customers to divide by)
    rows = pd.DataFrame({"N": new.fillna(0).astype(np.float64)})
    rows["cost_acquisition"] = spend.reindex(channels).fillna(0.0).to_numpy()
    rows["cac_recorded"] = 0.0
    if (rows["cost_acquisition"] <= 0).any():
        recorded = components.recorded_cac_component(src).to_pandas()
        recorded = recorded[recorded["k"] == k].set_index("g")["cac_recorded"]
        rows["cac_recorded"] = recorded.reindex(rows.index).fillna(0.0).astype(np.float64)
    table = ibis.memtable(rows.reset_index())
    out = table.select(
        "channel",
        new_customers=table.N,
        acquisition_spend=acquisition_spend(table).cast("float64"),
        acquisition_cost_per_new=BY_KEY["acquisition_cost_per_new"].value(table, src.options),
    ).to_pandas()
    out["acquisition_cost_per_new"] = out["acquisition_cost_per_new"].astype(np.float64)
    return out.set_index("channel"), window_label(start, end), start, end


def _ltv(ws: Store, month: Source, margin: float, start: date, end: date) -> dict[str, float]:
    """Per channel: the mean over the customers it won in ``[start, end)`` of their margin so
    far plus the model's value over :data:`LTV_HORIZON_DAYS` (module docstring).  The model's
    values are computed for those customers only, from a summary of their own orders (a
    customer's summary depends on nothing else)."""
    import ibis

    from bindung.metrics import components
    from bindung.models import workflow as wf
    from bindung.models.summary import rfm_summary

    fit = wf.current(ws)
    tz = ws.settings.timezone
    groups = components.customer_groups(month)
    orders = ws.table("orders")
    per = orders.group_by("customer_id").aggregate(
        first_at=orders.ordered_at.min(), revenue=orders.revenue.sum().cast("float64")
    )
    lo = ibis.literal(local_midnight_utc(start, tz), type="timestamp")
    hi = ibis.literal(local_midnight_utc(end, tz), type="timestamp")
    new = per.filter((per.first_at >= lo) & (per.first_at < hi))
    won = new.join(groups, "customer_id").select("customer_id", "revenue", "g").to_pandas()
    if won.empty:  # no new customers in the window (the CDNOW log: all from early 1997)
        return {}
    as_of = wf.last_order_day(ws)
    if fit.spend is None:
        # without a spend model the values use the mean spend of all customers
        values = wf.customer_values(ws, fit, horizon_days=LTV_HORIZON_DAYS, as_of=as_of)
    else:
        theirs = orders.join(new.select("customer_id"), "customer_id", how="semi")
        table = rfm_summary(theirs, calibration_end=as_of, unit=fit.unit, timezone=tz)
        values = wf.values_of(table.to_pandas(), fit, LTV_HORIZON_DAYS, margin)
    predicted = values.set_index("customer_id")["clv"]
    won["clv"] = won["customer_id"].map(predicted).astype(np.float64).fillna(0.0)
    won["value"] = margin * won["revenue"] + won["clv"]
    means: dict[str, float] = won.groupby("g")["value"].mean().to_dict()
    return means
