"""What retention work returns: ROI per measure and platform, counted the way of source 000 and
incrementally.

>>> roi_percent(clv=2500, kept=200, cost=50_000)          # the example of source 000
900.0
>>> social_roi(ws).frame()                                               # doctest: +SKIP

**Formula** (source 000; DESIGN.md "social ROI")::

    ROI = ((CLV × customers kept through the measure) − cost) / cost × 100      (percent)

**Customers kept through the measure**, counted two ways, over the fans who engaged *before*
the outcome window (the last ``horizon`` complete months; see :mod:`bindung.insights.fans`):

``naive`` (the way of source 000)
    every such fan who was kept, i.e. bought in the window;
``incremental``
    only those kept beyond what comparable non-engaged customers keep: fans × the effect on
    the share buying in the window, weighted on history (the ``history`` repurchase estimate,
    an effect on the fans, in points).  Its 95 % interval carries through to the ROI (the
    ROI is increasing in the count, so the interval's ends map to the ROI's ends).  A
    platform's effect is estimated on that platform's fans when at least
    :data:`MIN_PLATFORM_FANS` engaged there first, else the overall effect is used (said in
    ``note``).

**CLV** is the mean *predicted* CLV of the kept fans over ``horizon_days`` (BG/NBD ×
Gamma-Gamma, margin from the settings, discounted 10 % a year; :mod:`bindung.models.workflow`),
valued at the end of the data.  Without a usable model it falls back to the *historical* CLV:
margin × revenue per kept fan in the window; ``clv_variant`` says which was used.

**Cost** are the ``retention`` costs of the measure (``program``) whose channel names the
platform (or "Social Media"), prorated to the window by days (``period_end`` inclusive).

A second value basis, since fans also buy more often while they stay: the *extra revenue*
through the measure = margin × the fans' window revenue × (1 − 1 / revenue ratio), with the
within-customer revenue ratio (:mod:`bindung.models.within`) and its interval.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pandas as pd

from bindung.i18n import tr
from bindung.insights.fans import FanComparison, compare_fans, history_effects
from bindung.insights.segments import InsightInputError

if TYPE_CHECKING:
    from bindung.store.protocol import Store

#: A platform needs at least this many fans before the window for its own effect estimate.
MIN_PLATFORM_FANS = 100
#: Cost channels that mean "all social media" rather than one platform.
SOCIAL_CHANNELS = ("social media", "social", "soziale medien")


def roi_percent(clv: float, kept: float, cost: float) -> float:
    """((CLV × kept) − cost) / cost × 100; the cost must be positive."""
    if not cost > 0:
        raise InsightInputError(f"the cost must be positive to compute an ROI, got {cost!r}")
    return (clv * kept - cost) / cost * 100.0


@dataclass(frozen=True)
class RoiRow:
    measure: str  # the cost program, or "Social Media (alle)"
    platform: str | None  # None: all platforms
    cost: float
    fans: int  # fans engaged before the window
    clv: float
    kept_naive: int
    roi_naive: float
    kept_incremental: float
    kept_low: float
    kept_high: float
    roi_incremental: float
    roi_low: float
    roi_high: float
    extra_revenue: float  # margin × extra revenue through the measure (within-customer)
    extra_low: float
    extra_high: float
    roi_extra_revenue: float
    note: str = ""


@dataclass
class RoiResult:
    rows: list[RoiRow]
    window_start: str
    window_end: str
    clv_variant: str  # "predicted" or "historical"
    margin: float
    horizon_days: int
    notes: list[str] = field(default_factory=list)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([vars(r) for r in self.rows])


def prorated_costs(ws: Store, start: date, end: date) -> pd.DataFrame:
    """Retention costs per (program, channel) falling into the days ``[start, end)``:
    amount × overlapping days / days of the cost period (``period_end`` inclusive)."""
    from bindung.insights.spend import costs_in_window

    costs = costs_in_window(ws, start, end)
    retention = costs[costs["purpose"] == "retention"]
    if retention.empty:
        return pd.DataFrame(columns=["program", "channel", "cost"])
    out = retention.groupby(["program", "channel"], as_index=False)["cost"].sum()
    return pd.DataFrame(out)


def _clv(ws: Store, comparison: FanComparison, horizon_days: int) -> tuple[pd.Series, str]:
    """Per-customer CLV: predicted when a model can be fitted, else historical."""
    from bindung.errors import BindungError
    from bindung.models import workflow

    try:
        fit = workflow.current(ws)
        values = workflow.customer_values(
            ws, fit, as_of=workflow.last_order_day(ws), horizon_days=horizon_days
        )
        clv: pd.Series = values.set_index("customer_id")["clv"]
        return clv, "predicted"
    except BindungError:
        historical: pd.Series = comparison.customers["revenue"] * float(ws.settings.margin)
        return historical, "historical"


def roi_comparison(ws: Store, *, horizon: int = 12) -> FanComparison:
    """The part of :func:`~bindung.insights.fans.compare_fans` the ROI reads: the cohort and
    the within-customer revenue ratio (the ``history`` effects are estimated in
    :func:`social_roi` itself, per platform)."""
    return compare_fans(ws, horizon=horizon, methods=("within",), outcomes=("revenue",))


def shared_roi_comparison(ws: Store, horizon: int = 12) -> FanComparison:
    """What the ROI reads of the fan comparison, made once per refresh: the whole comparison
    when this refresh made it already (the fans answer comes first), else only the cohort and
    the within-customer revenue ratio (:func:`roi_comparison`, a fraction of the work)."""
    from bindung.store.protocol import shared

    whole: FanComparison | None = (getattr(ws, "memo", None) or {}).get(("fans", horizon))
    if whole is not None:
        return whole
    return shared(ws, ("fans.roi", horizon), lambda: roi_comparison(ws, horizon=horizon))


def social_roi(
    ws: Store, comparison: FanComparison | None = None, *, horizon_days: int = 365
) -> RoiResult:
    """ROI of the social-media retention measures (module docstring).  ``comparison`` needs
    the cohort and the within-customer revenue ratio (:func:`roi_comparison`)."""
    comparison = comparison or roi_comparison(ws)
    c = comparison.customers
    w0 = comparison.window_k
    start = date.fromisoformat(comparison.window_start + "-01")
    end_month = date.fromisoformat(comparison.window_end + "-01")
    end = (end_month + timedelta(days=32)).replace(day=1)
    platforms = sorted(str(p) for p in c["platform"].dropna().unique())
    costs = prorated_costs(ws, start, end)
    by_platform = {p.lower(): p for p in platforms}
    rows_spec: list[tuple[str, str | None, float]] = []
    for rec in costs.to_dict("records"):
        channel = str(rec["channel"]).strip().lower()
        if channel in by_platform:
            rows_spec.append((str(rec["program"]), by_platform[channel], float(rec["cost"])))
        elif channel in SOCIAL_CHANNELS:
            rows_spec.append((str(rec["program"]), None, float(rec["cost"])))
    if not rows_spec:
        raise InsightInputError(
            "no retention costs for social media in the window "
            f"{comparison.window_start} … {comparison.window_end}: import costs with purpose "
            "'retention' and a channel naming the platform (e.g. Instagram) or 'Social Media'"
        )
    total = sum(cost for _, _, cost in rows_spec)
    label_all = tr(ws.settings.lang, "Social media (all)")
    rows_spec.append((label_all, None, total))

    fans_all = c[c["eng_k"] < w0]
    clv, variant = _clv(ws, comparison, horizon_days)
    margin = float(ws.settings.margin)
    overall = {e.outcome: e for e in history_effects(c, w0)}
    revenue_ratio = comparison.estimate("revenue", "within")
    rows = []
    for measure, platform, cost in rows_spec:
        fans = fans_all if platform is None else fans_all[fans_all["platform"] == platform]
        kept = fans.index[fans["bought"] > 0]
        note = ""
        effect = overall["repurchase"]
        if platform is not None:
            if len(fans) >= MIN_PLATFORM_FANS:
                effect = {e.outcome: e for e in history_effects(c, w0, platform=platform)}[
                    "repurchase"
                ]
            else:
                note = f"effect of all platforms used ({len(fans)} fans < {MIN_PLATFORM_FANS})"
        clv_mean = float(clv.reindex(kept).mean()) if len(kept) else math.nan
        n = len(fans)
        inc = n * effect.value / 100
        inc_low, inc_high = n * effect.low / 100, n * effect.high / 100
        window_revenue = float(fans["revenue"].sum())
        r_ratio = 1 + revenue_ratio.value / 100
        r_low, r_high = 1 + revenue_ratio.low / 100, 1 + revenue_ratio.high / 100
        extra = margin * window_revenue * (1 - 1 / r_ratio)
        extra_low = margin * window_revenue * (1 - 1 / r_low)
        extra_high = margin * window_revenue * (1 - 1 / r_high)
        rows.append(
            RoiRow(
                measure=measure,
                platform=platform,
                cost=cost,
                fans=n,
                clv=clv_mean,
                kept_naive=len(kept),
                roi_naive=roi_percent(clv_mean, len(kept), cost),
                kept_incremental=inc,
                kept_low=inc_low,
                kept_high=inc_high,
                roi_incremental=roi_percent(clv_mean, inc, cost),
                roi_low=roi_percent(clv_mean, inc_low, cost),
                roi_high=roi_percent(clv_mean, inc_high, cost),
                extra_revenue=extra,
                extra_low=extra_low,
                extra_high=extra_high,
                roi_extra_revenue=(extra - cost) / cost * 100,
                note=note,
            )
        )
    return RoiResult(
        rows=rows,
        window_start=comparison.window_start,
        window_end=comparison.window_end,
        clv_variant=variant,
        margin=margin,
        horizon_days=horizon_days,
    )
