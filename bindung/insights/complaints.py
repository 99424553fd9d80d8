"""Complaints: how they are handled, and whether a resolved complaint keeps a customer.

>>> frame = complaint_frame(ws)                                            # doctest: +SKIP
>>> handling(frame, by="channel")                                          # doctest: +SKIP
>>> retention_by_outcome(ws).frame                                         # doctest: +SKIP
>>> outcome_effects(ws).effects["resolved"].ratio                          # doctest: +SKIP
1.16

**Handling** (:func:`complaint_frame`, :func:`handling`; DESIGN.md table ``complaints``).  Per
complaint ``i`` (times are naive UTC in the store, differences do not depend on the zone)::

    reply_hours_i      = (first_reply_at_i − opened_at_i) / 1 h
    resolution_days_i  = (resolved_at_i − opened_at_i) / 1 day

* *time to first reply*: median, mean and 90th percentile of ``reply_hours`` over the
  answered complaints; complaints without ``first_reply_at`` are **not dropped** but counted as
  ``unanswered`` (and ``answered + unanswered = complaints``).
* *time to resolution*: median, mean and 90th percentile of ``resolution_days`` over the
  complaints with a ``resolved_at`` (the closed ones: resolved or partly resolved; a closing
  date on an unresolved complaint counts as well).
* percentiles are linear interpolation between order statistics (``numpy.percentile``'s
  default, Hyndman & Fan type 7): ``p90 = x_(j) + g·(x_(j+1) − x_(j))`` with
  ``(n − 1)·0.9 = (j − 1) + g`` (1-based ``j``).
* *resolution rate* = resolved / (resolved + partly_resolved + unresolved) × 100 — the
  complaints whose outcome is **final**.  ``partly_resolved`` is final but not resolved (it is
  in the denominator, not in the numerator); ``open`` (and a missing outcome, ``unknown``) is
  not final: left out of the rate and counted separately.  Each outcome's share of all
  complaints is shown as well (``share_<outcome>``, 0–100).
* *compensation paid*: the sum of ``compensation`` (empty = 0) and the number of complaints
  with a compensation above 0.
* A reply or resolution *before* the opening is rejected by the importer with its reason
  (``bindung.store.schema``: ``Order("opened_at", "first_reply_at")`` and
  ``Order("opened_at", "resolved_at")``; ``ws.rejects()`` lists them), so no stored row has a
  negative duration.
* Periods are local calendar periods of ``opened_at`` in the workspace time zone
  (:mod:`bindung.metrics.periods`): a complaint opened at 23:30 on 31 January in Berlin
  (22:30 UTC) belongs to January.

**Retention by outcome, raw** (:func:`retention_by_outcome`).  Source 004 claims that
customers whose complaint was resolved stay longer and buy more than the others.  Reference
month ``r``: for a complainer the local month in which their *first* complaint was opened
(grouped by that complaint's outcome); for a customer who never complained one of the months in
which they ordered, drawn at random (seeded) — like the complainers, they bought in their
reference month.  Only customers whose twelve months ``r+1 … r+12`` all lie in the data (complete
months) count.  Per group: the share still buying (an order in those twelve months) with the
Wilson interval (``statsmodels.stats.proportion.proportion_confint(method="wilson")``; Wilson,
*JASA* 22, 1927), and the mean orders in those months with the ratio to the never-complained,
both from a Poisson GLM (log link) on group dummies with heteroscedasticity-robust (HC1)
covariance (quasi-likelihood: only the mean needs to be right; Wooldridge 1999).  The model is
saturated, so its estimates and sandwich come from the group sums (:func:`_grouped_poisson_hc1`,
equal to ``statsmodels``' GLM on the rows; decision 0008).  This is the
comparison source 004 makes; it is biased: complaints arise from orders, so complainers are heavier
buyers to begin with.

**Effect by outcome, within customers** (:func:`outcome_effects`).  Each customer against
themselves with :func:`bindung.models.within.within_rate_ratios` (conditional Poisson with a
customer fixed effect, month and tenure controls; decision 0006) on the customer-month panel
(:mod:`bindung.insights.panel`)::

    E[orders_gt] = c_g · exp(Σ_o β_o · n_o,gt + γ · e_gt + month_t + tenure_gt)

* ``n_o,gt`` = the number of the customer's complaints with outcome ``o`` (resolved, partly
  resolved, unresolved, open — an ``unknown`` outcome counts as open) whose *anchor month* lies
  before month ``t``.  Several complaints multiply (a count, not a 0/1 indicator).
* The *anchor month* of a complaint is the month of the customer's last order at or before the
  complaint was opened (the purchase the complaint is about), when that lies in the month of
  the opening or the one before; otherwise the month of the opening.  The anchor month itself
  is **left out** of the panel: it contains a purchase by construction, and counting it
  "before" would make every complaint look like a drop.  "After" starts with the month after
  it (so a complaint opened early in the month after the order counts that month as after).
* **Why the comparison events** ``e_gt``.  A complaint can only follow an order, so a
  complainer was *still a customer* in every month up to the complaint, while the month and
  tenure controls, estimated on everybody, decline because customers drop out.  Measured
  against them, *any* month with an order looks like a turning point upward (on the demo an
  ordinary order month "raises" buying by about a third — ×1.34, the section's
  ``comparison_event_ratio`` — and a simulation with no effect at all shows the same).  So
  the complaint is compared with an *ordinary order month*: every customer's month with an
  order (complainers' too) becomes a comparison event with probability
  ``h = complaints / customer-months with an order`` (the observed complaint hazard), with the
  same anchor rule (its month left out, "after" from the next).  ``e_gt`` counts all events
  (complaints and comparison events) anchored before ``t``; it absorbs the drop-out selection,
  and ``exp(β_o)`` is the rate ratio of a complaint with outcome ``o`` against an ordinary
  order month: "after a resolved complaint the customer buys ``exp(β_o)`` times as often as
  without it".  Drawing the comparison events only among customers *without* a complaint would
  be wrong: those are selected for fewer orders (a long-lived buyer rarely escapes a
  complaint), drop out sooner, and make every complaint look good (on the demo by about 7 %).
  (Design: a placebo / matched-event comparison, as in stacked event studies; Cengiz, Dube,
  Lindner & Zipperer, *QJE* 134, 2019.)
* The comparison events are random: they are drawn :data:`DRAWS` times (seeded, :data:`SEED`)
  and the fits combined by Rubin's rules (Rubin, *Multiple Imputation for Nonresponse in
  Surveys*, 1987): ``β = mean β_r``, ``se² = mean se_r² + (1 + 1/R) · var(β_r)``, so the
  interval includes the draw-to-draw variation.
* 95 % intervals: ``exp(β ± z·se)``; ``se_r`` is the customer-clustered sandwich of
  :mod:`bindung.models.within`.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
import statsmodels.api as sm
from scipy import stats  # type: ignore[import-untyped]
from statsmodels.stats.proportion import proportion_confint
from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationWarning

from bindung.errors import BindungError
from bindung.insights.events import EVENT, EventModel, rubin
from bindung.insights.panel import CustomerMonths, customer_months
from bindung.insights.panel import order_months as order_months  # used by callers
from bindung.metrics import periods
from bindung.models import forked
from bindung.models.within import WithinFit

if TYPE_CHECKING:
    from bindung.store.protocol import Store

#: Confidence level of every interval.
CONFIDENCE = 0.95
#: Outcomes as stored (``bindung.store.schema``); a missing outcome is ``unknown``.
OUTCOMES = ("resolved", "partly_resolved", "unresolved", "open")
FINAL = ("resolved", "partly_resolved", "unresolved")
UNKNOWN = "unknown"
#: The label of the row over all channels.
ALL = "all"
#: The channel of complaints without one.
NO_CHANNEL = "(none)"
#: The raw comparison's group of customers without a complaint.
NEVER = "never"
#: Months after the reference month in the raw comparison.
HORIZON = 12
#: Seed of the random draws (comparison events, reference months of never-complainers).
SEED = 20_240_501
#: Independent draws of the comparison events, combined by Rubin's rules.
DRAWS = 5

HANDLING_COLUMNS = (
    "complaints",
    "answered",
    "unanswered",
    "reply_median_hours",
    "reply_mean_hours",
    "reply_p90_hours",
    "closed",
    "resolution_median_days",
    "resolution_mean_days",
    "resolution_p90_days",
    "resolved",
    "partly_resolved",
    "unresolved",
    "open",
    "unknown",
    "final",
    "resolution_rate",
    "share_resolved",
    "share_partly_resolved",
    "share_unresolved",
    "share_open",
    "share_unknown",
    "compensation",
    "compensated",
)

Unit = Literal["month", "quarter", "year"]
PERIOD_UNITS: tuple[Unit, ...] = ("month", "quarter", "year")
Array = npt.NDArray[np.float64]


# -- handling ------------------------------------------------------------------------------


def complaint_frame(ws: Store) -> pd.DataFrame:
    """Every stored complaint with ``channel`` filled (:data:`NO_CHANNEL`), ``outcome``
    filled (:data:`UNKNOWN`), ``compensation`` as float (empty = 0), ``reply_hours`` and
    ``resolution_days`` (NaN when there is no reply / no resolution date)."""
    frame: pd.DataFrame = ws.table("complaints").to_pandas()
    frame["channel"] = frame["channel"].astype(object).where(frame["channel"].notna(), NO_CHANNEL)
    frame["outcome"] = frame["outcome"].astype(object).where(frame["outcome"].notna(), UNKNOWN)
    frame["compensation"] = pd.to_numeric(frame["compensation"], errors="coerce").astype(float)
    frame["compensation"] = frame["compensation"].fillna(0.0)
    for column in ("opened_at", "first_reply_at", "resolved_at"):
        frame[column] = pd.to_datetime(frame[column])
    opened = frame["opened_at"]
    frame["reply_hours"] = (frame["first_reply_at"] - opened).dt.total_seconds() / 3600.0
    frame["resolution_days"] = (frame["resolved_at"] - opened).dt.total_seconds() / 86400.0
    return frame


def _stats(values: pd.Series) -> tuple[float, float, float]:
    v = values.dropna().to_numpy(dtype=np.float64)
    if len(v) == 0:
        return math.nan, math.nan, math.nan
    return float(np.median(v)), float(np.mean(v)), float(np.percentile(v, 90.0))


def handling_row(frame: pd.DataFrame) -> dict[str, float]:
    """The handling figures of a set of complaints (see the module docstring)."""
    n = len(frame)
    reply = _stats(frame["reply_hours"])
    resolution = _stats(frame["resolution_days"])
    counts = {o: int((frame["outcome"] == o).sum()) for o in (*OUTCOMES, UNKNOWN)}
    final = sum(counts[o] for o in FINAL)
    row: dict[str, float] = {
        "complaints": n,
        "answered": int(frame["reply_hours"].notna().sum()),
        "unanswered": int(frame["reply_hours"].isna().sum()),
        "reply_median_hours": reply[0],
        "reply_mean_hours": reply[1],
        "reply_p90_hours": reply[2],
        "closed": int(frame["resolution_days"].notna().sum()),
        "resolution_median_days": resolution[0],
        "resolution_mean_days": resolution[1],
        "resolution_p90_days": resolution[2],
        **counts,
        "final": final,
        "resolution_rate": 100.0 * counts["resolved"] / final if final else math.nan,
        "compensation": float(frame["compensation"].sum()),
        "compensated": int((frame["compensation"] > 0).sum()),
    }
    for o in (*OUTCOMES, UNKNOWN):
        row[f"share_{o}"] = 100.0 * counts[o] / n if n else math.nan
    return row


def handling(frame: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Handling figures overall (``by=None``: one row) or per value of column ``by``
    (``"channel"``, or ``"k"`` after :func:`place`), sorted; for ``by="channel"`` the first
    row is :data:`ALL` over every channel."""
    if by is None:
        return pd.DataFrame([handling_row(frame)], columns=list(HANDLING_COLUMNS))
    rows = []
    if by == "channel":
        rows.append({"channel": ALL, **handling_row(frame)})
    for value, part in frame.groupby(by, sort=True):
        rows.append({by: value, **handling_row(part)})
    return pd.DataFrame(rows, columns=[by, *HANDLING_COLUMNS])


def period_grid(
    ws: Store,
    frame: pd.DataFrame,
    unit: str,
    start: str | date | None = None,
    end: str | date | None = None,
) -> periods.Grid | None:
    """The local calendar periods (``month``, ``quarter``, ``year``) from the first to the last
    opened complaint, cut to the periods overlapping ``[start, end]`` (days or periods such as
    ``2026-03-15``, ``2026-03``, ``2026-Q1``, ``2026``; ``end`` inclusive); ``None`` when no
    complaint lies in the window."""
    if unit not in PERIOD_UNITS:
        raise BindungError(f"--period {unit!r}: expected one of {', '.join(PERIOD_UNITS)}")
    first = periods.window_day(start, "--from", stop=False)
    stop = periods.window_day(end, "--to", stop=True)
    if first is not None and stop is not None and stop <= first:
        raise BindungError(f"--to {end} lies before --from {start}")
    if frame.empty:
        return None
    lo = pd.Timestamp(frame["opened_at"].min()).to_pydatetime()
    hi = pd.Timestamp(frame["opened_at"].max()).to_pydatetime()
    grid = periods.make_grid(unit, ws.settings.timezone, lo, hi, data_end=_data_end(ws))  # type: ignore[arg-type]
    return grid.overlapping(first, stop)


def place(frame: pd.DataFrame, grid: periods.Grid) -> pd.DataFrame:
    """``frame`` with ``k``, the index of the period of ``opened_at`` in ``grid``; complaints
    outside the grid are left out."""
    bounds = np.array(grid.bounds, dtype="datetime64[ns]")
    opened = frame["opened_at"].to_numpy(dtype="datetime64[ns]")
    k = np.searchsorted(bounds, opened, side="right") - 1
    out = frame.assign(k=k)
    return out[(out["k"] >= 0) & (out["k"] < grid.n)].reset_index(drop=True)


def _data_end(ws: Store) -> datetime | None:
    """The latest time stamp of the complaints and orders (UTC): where the data stop."""
    found: list[datetime] = []
    for name, columns in (
        ("complaints", ("opened_at", "first_reply_at", "resolved_at")),
        ("orders", ("ordered_at",)),
    ):
        t = ws.table(name)
        row = t.aggregate(**{c: t[c].max() for c in columns}).to_pandas().iloc[0]
        found += [pd.Timestamp(v).to_pydatetime() for v in row if pd.notna(v)]
    return max(found) if found else None


def data_end(ws: Store) -> datetime | None:
    """Public form of the end of the data (naive UTC); ``None`` without complaints or orders."""
    return _data_end(ws)


# -- retention by outcome (raw) ---------------------------------------------------------------


@dataclass(frozen=True)
class RetentionByOutcome:
    """The raw comparison: one row per group (resolved, partly_resolved, unresolved, open,
    never) with ``customers``, ``still_buying`` (count), ``share`` / ``share_low`` /
    ``share_high`` (0–100), ``orders_mean`` / ``orders_low`` / ``orders_high`` and
    ``ratio`` / ``ratio_low`` / ``ratio_high`` (mean orders against :data:`NEVER`)."""

    frame: pd.DataFrame
    horizon: int


def retention_by_outcome(
    ws: Store,
    *,
    panel: CustomerMonths | None = None,
    horizon: int = HORIZON,
    confidence: float = CONFIDENCE,
    seed: int = SEED,
    frame: pd.DataFrame | None = None,
) -> RetentionByOutcome:
    """Share still buying and orders in the ``horizon`` months after the reference month, by
    the outcome of the first complaint (see the module docstring).  ``frame`` is
    :func:`complaint_frame` when the caller has it already."""
    panel = panel if panel is not None else customer_months(ws)
    complaints = frame if frame is not None else complaint_frame(ws)
    ids = pd.Index(panel.first["customer_id"])
    complaints = complaints[ids.get_indexer(pd.Index(complaints["customer_id"])) >= 0]
    complaints = complaints.assign(e=panel.month_of(complaints["opened_at"]))
    complaints = complaints.sort_values(["customer_id", "opened_at", "complaint_id"])
    first = complaints.drop_duplicates("customer_id")[["customer_id", "e", "outcome"]]
    first = first.assign(
        group=first["outcome"].replace({UNKNOWN: "open"}),
        code=ids.get_indexer(pd.Index(first["customer_id"])),
    )
    # never-complainers: a random month with an order (incl. the first order's month)
    code, k, orders = _order_months(ws, panel)
    complained = np.zeros(len(ids), dtype=bool)
    complained[first["code"].to_numpy()] = True
    others = ~complained[code]
    u = np.random.default_rng(seed).random(int(others.sum()))
    o_code, o_k = code[others], k[others]
    pick = np.lexsort((u, o_code))
    pick = pick[np.flatnonzero(np.diff(o_code[pick], prepend=-1))]
    # (customers as their row in panel.first: no text id per customer)
    never = pd.DataFrame({"code": o_code[pick], "e": o_k[pick], "group": NEVER})
    ref = pd.concat([first[["code", "e", "group"]], never], ignore_index=True)
    ref = ref[ref["e"] + horizon <= panel.full_months - 1].reset_index(drop=True)
    # orders in the panel months e+1 … e+horizon (the panel starts after the first order)
    ref_code = ref["code"].to_numpy(np.int64)
    e = ref["e"].to_numpy(np.int64)
    first_k = panel.first["first_k"].to_numpy(np.int64)[ref_code]
    inside = (k > panel.first["first_k"].to_numpy(np.int64)[code]) & (k < panel.full_months)
    lo = np.maximum(e, first_k)
    sums = _window_sums(code[inside], k[inside], orders[inside], ref_code, lo, e + horizon)
    per = ref[["group"]].assign(orders=sums.astype(np.float64))
    return RetentionByOutcome(_raw_table(per, confidence), horizon)


def _order_months(
    ws: Store, panel: CustomerMonths
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Customer code (row of ``panel.first``), month and orders of the months with orders,
    sorted by code and month (:func:`bindung.insights.panel.order_months` with numbers)."""
    if panel.monthly is not None:
        m = panel.monthly
        return m.code, m.k, m.orders.astype(np.float64)
    orders = ws.table("orders").select("customer_id", "ordered_at").to_pandas()
    ids = pd.Index(panel.first["customer_id"])
    code = ids.get_indexer(pd.Index(orders["customer_id"])).astype(np.int64)
    k = panel.month_of(orders["ordered_at"])
    found = code >= 0
    width = int(k.max()) + 2 if len(k) else 1
    key, counts = np.unique(code[found] * width + (k[found] + 1), return_counts=True)
    return key // width, key % width - 1, counts.astype(np.float64)


def _window_sums(
    code: npt.NDArray[np.int64],
    k: npt.NDArray[np.int64],
    values: npt.NDArray[np.float64],
    query: npt.NDArray[np.int64],
    lo: npt.NDArray[np.int64],
    hi: npt.NDArray[np.int64],
) -> npt.NDArray[np.float64]:
    """Per query ``values`` summed over the entries of customer ``query`` with
    ``lo < k ≤ hi`` (entries sorted by code and month)."""
    width = int(max(k.max(initial=0), hi.max(initial=0), lo.max(initial=0))) + 3
    key = code * width + (k + 1)
    running = np.concatenate([[0.0], np.cumsum(values)])
    top = np.searchsorted(key, query * width + (np.maximum(hi, lo) + 1), side="right")
    bottom = np.searchsorted(key, query * width + (lo + 1), side="right")
    return np.asarray(running[top] - running[bottom], dtype=np.float64)


RAW_GROUPS = (*OUTCOMES, NEVER)


def _raw_table(per: pd.DataFrame, confidence: float) -> pd.DataFrame:
    z = float(stats.norm.ppf(0.5 + confidence / 2.0))
    groups = [g for g in RAW_GROUPS if (per["group"] == g).any()]
    rows: list[dict[str, Any]] = []
    ratios: dict[str, tuple[float, float, float]] = {}
    if NEVER in groups and len(groups) > 1:
        # orders ~ group dummies (reference: never complained), Poisson GLM, HC1 covariance;
        # saturated, so exp(b_g) = mean_g / mean_never exactly
        others = [g for g in groups if g != NEVER]
        codes = np.zeros(len(per), dtype=np.int64)
        for j, g in enumerate(others, start=1):
            codes[(per["group"] == g).to_numpy()] = j
        fit = _grouped_poisson_hc1(per["orders"].to_numpy(np.float64), codes, len(groups))
        base = float(per.loc[per["group"] == NEVER, "orders"].mean())
        for j, g in enumerate(others, start=1):
            mean = float(per.loc[per["group"] == g, "orders"].mean())
            point = mean / base if base > 0 else math.nan
            if fit is None:
                ratios[g] = (point, math.nan, math.nan)
                continue
            b, se = float(fit.params[j]), float(fit.bse[j])
            ratios[g] = (point, math.exp(b - z * se), math.exp(b + z * se))
    for g in groups:
        part = per[per["group"] == g]
        n = len(part)
        buying = int((part["orders"] > 0).sum())
        low, high = proportion_confint(buying, n, alpha=1 - confidence, method="wilson")
        mean, m_low, m_high = _mean_interval(part["orders"].to_numpy(np.float64), z)
        ratio = ratios.get(g, (1.0, 1.0, 1.0) if g == NEVER else (math.nan,) * 3)
        rows.append(
            {
                "group": g,
                "customers": n,
                "still_buying": buying,
                "share": 100.0 * buying / n,
                "share_low": 100.0 * float(low),
                "share_high": 100.0 * float(high),
                "orders_mean": mean,
                "orders_low": m_low,
                "orders_high": m_high,
                "ratio": ratio[0],
                "ratio_low": ratio[1],
                "ratio_high": ratio[2],
            }
        )
    return pd.DataFrame(rows, columns=RAW_COLUMNS)


RAW_COLUMNS = (
    "group",
    "customers",
    "still_buying",
    "share",
    "share_low",
    "share_high",
    "orders_mean",
    "orders_low",
    "orders_high",
    "ratio",
    "ratio_low",
    "ratio_high",
)


def _mean_interval(y: Array, z: float) -> tuple[float, float, float]:
    """Mean orders with the interval ``exp(b ± z·se)`` of an intercept-only Poisson GLM with
    HC1 covariance (``exp(b)`` is the mean); no interval when the fit is degenerate."""
    mean = float(y.mean())
    fit = _grouped_poisson_hc1(y, np.zeros(len(y), dtype=np.int64), 1)
    if fit is None:
        return mean, math.nan, math.nan
    b, se = float(fit.params[0]), float(fit.bse[0])
    return mean, math.exp(b - z * se), math.exp(b + z * se)


@dataclass(frozen=True)
class _Fit:
    params: Array
    bse: Array


def _grouped_poisson_hc1(y: Array, group: npt.NDArray[np.int64], n_groups: int) -> Any:
    """The Poisson GLM with HC1 covariance of :func:`_poisson_hc1` for the saturated design
    (intercept = group 0, one dummy per further group), from the group sums: the estimates
    are the log means, ``b_0 = log ȳ_0``, ``b_g = log(ȳ_g / ȳ_0)``, and the sandwich is
    diagonal in the group means, ``v_g = Σ_{i∈g} (y_i − ȳ_g)² / (n_g ȳ_g)²`` (``se(b_0)² =
    v_0``, ``se(b_g)² = v_g + v_0``) — what statsmodels computes (its GLM "HC1" has no
    degrees-of-freedom factor), to rounding, without a pass of IRLS over the rows.  A group
    without any order (no estimate) goes to statsmodels as before."""
    if len(y) < 2 or y.sum() == 0:
        return None
    n = np.bincount(group, minlength=n_groups).astype(np.float64)
    total = np.bincount(group, weights=y, minlength=n_groups)
    if np.any(n == 0) or np.any(total == 0):
        x = np.column_stack(
            [np.ones(len(y))] + [(group == g).astype(np.float64) for g in range(1, n_groups)]
        )
        return _poisson_hc1(y, x)
    mean = total / n
    spread = np.bincount(group, weights=(y - mean[group]) ** 2, minlength=n_groups)
    v = spread / (n * mean) ** 2
    log_mean = np.log(mean)
    params = np.concatenate([log_mean[:1], log_mean[1:] - log_mean[0]])
    bse = np.sqrt(np.concatenate([v[:1], v[1:] + v[0]]))
    if not np.all(np.isfinite(bse)) or np.any(np.abs(params) > 30):
        return None
    return _Fit(params, bse)


def _poisson_hc1(y: Array, x: Array) -> Any:
    """``statsmodels`` Poisson GLM with HC1 covariance, or ``None`` when it is degenerate
    (all outcomes 0 in a group, perfect fit, fewer than two rows): then there is no interval."""
    if len(y) < 2 or y.sum() == 0:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("error", PerfectSeparationWarning)
        warnings.simplefilter("error", ConvergenceWarning)
        warnings.simplefilter("error", RuntimeWarning)
        try:
            fit = sm.GLM(y, x, family=sm.families.Poisson()).fit(cov_type="HC1")
        except (PerfectSeparationWarning, ConvergenceWarning, RuntimeWarning):
            return None
    if not np.all(np.isfinite(fit.bse)) or np.any(np.abs(fit.params) > 30):
        return None
    return fit


# -- effect by outcome (within customers) -----------------------------------------------------


@dataclass(frozen=True)
class OutcomeEffect:
    """The rate ratio of one outcome against an ordinary order month, with its interval."""

    outcome: str
    ratio: float
    low: float
    high: float
    complaints: int
    customers: int  # customers whose count switches on inside the panel

    @property
    def percent(self) -> float:
        return (self.ratio - 1.0) * 100.0


@dataclass(frozen=True)
class OutcomeEffects:
    effects: dict[str, OutcomeEffect]
    baseline: OutcomeEffect  # the comparison events themselves (drop-out selection)
    hazard: float  # complaints per customer-month with an order
    comparison_events: int  # per draw (mean)
    draws: int

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([e.__dict__ for e in self.effects.values()])


def anchors(
    events: pd.DataFrame, months: pd.DataFrame, panel: CustomerMonths
) -> npt.NDArray[np.int64]:
    """The anchor month of each event (``customer_id``, ``opened_at``): the month of the
    customer's last order at or before it when that is the month of the event or the one
    before, else the month of the event.  ``months`` is
    :func:`bindung.insights.panel.order_months`."""
    ids = pd.Index(pd.unique(months["customer_id"]))
    return _anchors(
        ids.get_indexer(pd.Index(events["customer_id"])).astype(np.int64),
        panel.month_of(events["opened_at"]),
        ids.get_indexer(pd.Index(months["customer_id"])).astype(np.int64),
        months["k"].to_numpy(np.int64),
    )


def _anchors(
    code: npt.NDArray[np.int64],
    e: npt.NDArray[np.int64],
    m_code: npt.NDArray[np.int64],
    m_k: npt.NDArray[np.int64],
) -> npt.NDArray[np.int64]:
    """:func:`anchors` on numbers: events of customer ``code`` (−1: none) in month ``e``;
    the customers' order months ``(m_code, m_k)``, sorted."""
    width = int(max(m_k.max(initial=0), e.max(initial=0))) + 3
    key = m_code * width + (m_k + 1)
    if np.any(np.diff(key) < 0):
        order = np.argsort(key, kind="stable")
        key, m_code, m_k = key[order], m_code[order], m_k[order]
    at = np.searchsorted(key, code * width + (e + 1), side="right") - 1
    found = (code >= 0) & (at >= 0)
    found[found] = m_code[at[found]] == code[found]
    last = np.where(found, m_k[np.maximum(at, 0)], 0)
    use = found & (e - last <= 1)
    return np.where(use, last, e).astype(np.int64)


def panel_anchors(
    ws: Store, panel: CustomerMonths, customer_id: Any, times: Any
) -> npt.NDArray[np.int64]:
    """:func:`anchors` of events given by customer ids and (naive UTC) times."""
    code, k, _ = _order_months(ws, panel)
    ids = pd.Index(panel.first["customer_id"])
    return _anchors(
        ids.get_indexer(pd.Index(customer_id)).astype(np.int64), panel.month_of(times), code, k
    )


def outcome_effects(
    ws: Store,
    *,
    panel: CustomerMonths | None = None,
    confidence: float = CONFIDENCE,
    seed: int = SEED,
    draws: int = DRAWS,
    frame: pd.DataFrame | None = None,
) -> OutcomeEffects:
    """Rate ratios of buying after a complaint, by outcome, within customers against an
    ordinary order month (see the module docstring).  Outcomes without a complaint inside the
    panel are left out; :class:`BindungError` without any.  ``frame`` is
    :func:`complaint_frame` when the caller has it already."""
    if draws < 1:
        raise BindungError(f"draws must be at least 1, got {draws}")
    panel = panel if panel is not None else customer_months(ws)
    complaints = frame if frame is not None else complaint_frame(ws)
    ids = pd.Index(panel.first["customer_id"])
    complaints = complaints[ids.get_indexer(pd.Index(complaints["customer_id"])) >= 0]
    complaints = complaints.reset_index(drop=True)
    if complaints.empty:
        raise BindungError("no complaints of customers with orders; nothing to compare")
    code, k, _ = _order_months(ws, panel)
    complaints["a"] = panel_anchors(ws, panel, complaints["customer_id"], complaints["opened_at"])
    complaints["term"] = complaints["outcome"].replace({UNKNOWN: "open"})
    hazard = len(complaints) / len(code)
    z = float(stats.norm.ppf(0.5 + confidence / 2.0))
    # the complaints are the same in every draw: prepared once, each draw adds its own
    model = EventModel(
        panel, complaints[["customer_id", "a", "term"]], OUTCOMES, confidence=confidence
    )

    def draw(r: int, start: dict[str, dict[str, float]] | None) -> tuple[WithinFit, int]:
        # comparison events: every customer's order month, with probability h
        hit = np.random.default_rng([seed, r]).random(len(code)) < hazard
        pseudo = pd.DataFrame({"code": code[hit], "a": k[hit], "term": ""})
        try:
            return model.fit(pseudo, start=start)["orders"], int(hit.sum())
        except BindungError:
            raise BindungError(
                "no complaint is followed by a month of data; nothing to compare"
            ) from None

    # the first draw from scratch, the others from its maximum (the draws differ a little),
    # on the cores (decision 0008)
    first, first_events = draw(0, None)
    start = {"orders": dict(zip(first.names, first.params.tolist(), strict=True))}
    rest = forked.run(lambda r: draw(r, start), range(1, draws), size=len(panel.frame))
    drawn = [(first, first_events), *rest]
    pseudo_total = sum(n for _, n in drawn)
    fits = [
        {t: (e.beta, e.se, e.treated_customers) for t, e in f.effects.items()} for f, _ in drawn
    ]

    def effect(term: str, n: int) -> OutcomeEffect:
        b, se = rubin([d[term][0] for d in fits], [d[term][1] for d in fits])
        return OutcomeEffect(
            term, math.exp(b), math.exp(b - z * se), math.exp(b + z * se), n, fits[0][term][2]
        )

    effects = {o: effect(o, int((complaints["term"] == o).sum())) for o in OUTCOMES if o in fits[0]}
    return OutcomeEffects(
        effects=effects,
        baseline=effect(EVENT, len(complaints) + pseudo_total // draws),
        hazard=hazard,
        comparison_events=pseudo_total // draws,
        draws=draws,
    )
