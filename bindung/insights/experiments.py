"""Experiments (A/B tests of retention measures) from the ``assignments`` table.

>>> r = experiment_result(ws, "winback-2026", window_days=92)              # doctest: +SKIP
>>> r.differences[0].share_pp, r.differences[0].share_low, r.differences[0].share_high

Definitions (DESIGN.md "Definitions"; source 004: "test retention measures with A/B tests"):

* **Outcome window** ``[start, end)``: ``start`` is the local midnight (workspace time zone) of
  the day of the experiment's first assignment; ``end`` is ``start + window_days`` local days,
  or — without ``window_days`` — the local midnight after the last order in the store (the end
  of the data).  Whole local days keep the window comparable with a calendar window
  (2026-05-01 + 92 days = 2026-08-01).
* Per variant: ``customers`` assigned; ``share`` = customers with ≥ 1 order in the window /
  customers × 100; ``orders`` and ``revenue`` per assigned customer in the window (revenue is
  order revenue, returns not netted); ``retention`` = share *active at the window's end* in the
  DESIGN.md sense on orders: an order in ``(end − W, end]`` with ``W`` =
  ``activity_window_days`` (orders basis, subscriptions ignored).
* Differences are ``variant − reference``; the reference is the variant named ``control``, else
  the alphabetically first.  Shares (points): Newcombe's hybrid-score interval
  (``statsmodels.stats.proportion.confint_proportions_2indep``, Newcombe 1998) and the pooled
  two-proportion z-test (``statsmodels.stats.proportion.proportions_ztest``).  Means (orders,
  revenue, CLV per customer): Welch's t-test and interval (``scipy.stats.ttest_ind`` with
  ``equal_var=False`` and ``confidence_interval``).
* CLV per customer: the predicted CLV (:func:`bindung.models.workflow.customer_values`) as of
  the window's end, only when a CLV model fitted on the current data is stored (``bindung clv
  fit``); otherwise skipped with a note.  (As of the assignment date it would be a
  pre-treatment balance check, not an outcome.)
* Sample-ratio mismatch: chi-square goodness of fit of the variant sizes against an equal split
  (``scipy.stats.chisquare``); flagged when ``p < 0.001``.
* Planner: customers per variant for a two-sided test of two proportions with Cohen's effect
  size ``h = 2·asin(√p₂) − 2·asin(√p₁)`` (``statsmodels`` ``proportion_effectsize`` and
  ``NormalIndPower.solve_power``; Cohen 1988, ch. 6).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats  # type: ignore[import-untyped]
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_effectsize,
    proportions_ztest,
)

from bindung.errors import BindungError
from bindung.i18n import N_
from bindung.metrics import periods

if TYPE_CHECKING:
    from bindung.store.protocol import Store

SRM_ALPHA = 0.001


class ExperimentError(BindungError):
    """An unknown experiment, an experiment without customers, or invalid planner input."""


#: The note of an experiment without a current CLV model (its CLV is left out).
NO_CLV_MODEL = N_("no CLV model fitted on the current data (bindung clv fit); CLV skipped")


@dataclass(frozen=True)
class VariantStats:
    variant: str
    customers: int
    buyers: int
    share: float  # percent 0-100
    orders_per_customer: float
    revenue_per_customer: float
    retained: int
    retention: float  # percent 0-100
    clv_per_customer: float | None = None


@dataclass(frozen=True)
class Difference:
    """One outcome of one variant against the reference: value, interval and p-value."""

    variant: str
    reference: str
    outcome: str  # share | retention | orders | revenue | clv
    unit: str  # points | count | money
    value: float
    low: float
    high: float
    p_value: float


@dataclass(frozen=True)
class SampleRatio:
    counts: dict[str, int]
    chi2: float
    p_value: float
    flagged: bool


@dataclass
class ExperimentResult:
    name: str
    reference: str
    window_start: date
    window_end: date  # exclusive
    window_days: int
    activity_window_days: int
    confidence: float
    variants: list[VariantStats]
    differences: list[Difference]
    srm: SampleRatio
    notes: list[str] = field(default_factory=list)

    def difference(self, variant: str, outcome: str) -> Difference:
        for d in self.differences:
            if d.variant == variant and d.outcome == outcome:
                return d
        raise KeyError(f"no difference {outcome!r} for variant {variant!r}")


@dataclass(frozen=True)
class Plan:
    baseline_rate: float
    lift_pp: float
    alpha: float
    power: float
    ratio: float
    effect_size: float  # Cohen's h
    n_first: int  # customers in the first (control) group
    n_second: int  # customers in the second group (= ratio × n_first, rounded up)
    total: int
    weeks: float | None


def experiments(ws: Store) -> list[str]:
    """The names of the experiments in the ``assignments`` table, sorted."""
    a = ws.table("assignments")
    names = a.select("experiment").distinct().to_pandas()["experiment"]
    return sorted(str(n) for n in names)


def reference_variant(names: list[str]) -> str:
    """``control`` when present, else the alphabetically first variant."""
    return "control" if "control" in names else sorted(names)[0]


def sample_ratio(counts: dict[str, int]) -> SampleRatio:
    """Chi-square goodness of fit of the variant sizes against an equal split."""
    observed = np.array(list(counts.values()), dtype=float)
    if len(observed) < 2:
        return SampleRatio(dict(counts), math.nan, math.nan, False)
    res = stats.chisquare(observed)
    p = float(res.pvalue)
    return SampleRatio(dict(counts), float(res.statistic), p, p < SRM_ALPHA)


def share_difference(
    x1: int, n1: int, x0: int, n0: int, *, confidence: float = 0.95
) -> tuple[float, float, float, float]:
    """``(p1 − p0)`` in points with Newcombe's interval and the pooled z-test's p-value."""
    diff = 100.0 * (x1 / n1 - x0 / n0)
    if x1 + x0 in (0, n1 + n0):  # both groups all-or-nothing alike: no variation to test
        return diff, math.nan, math.nan, math.nan
    low, high = confint_proportions_2indep(
        x1, n1, x0, n0, method="newcombe", compare="diff", alpha=1 - confidence
    )
    _, p = proportions_ztest(np.array([x1, x0]), np.array([n1, n0]))
    return diff, 100.0 * float(low), 100.0 * float(high), float(p)


def mean_difference(
    a: npt.ArrayLike, b: npt.ArrayLike, *, confidence: float = 0.95
) -> tuple[float, float, float, float]:
    """``mean(a) − mean(b)`` with Welch's interval and p-value (NaN without variation)."""
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    diff = float(x.mean() - y.mean())
    if len(x) < 2 or len(y) < 2 or (x.var() == 0 and y.var() == 0):
        return diff, math.nan, math.nan, math.nan
    res = stats.ttest_ind(x, y, equal_var=False)
    ci = res.confidence_interval(confidence_level=confidence)
    return diff, float(ci.low), float(ci.high), float(res.pvalue)


def _window(ws: Store, first: datetime, window_days: int | None) -> tuple[date, date]:
    tz = ws.settings.timezone
    start = periods.to_local_day(first, tz)
    if window_days is not None:
        if window_days <= 0:
            raise ExperimentError(f"window_days {window_days}: expected a positive number of days")
        return start, start + timedelta(days=window_days)
    last = ws.table("orders").ordered_at.max().to_pandas()
    if last is None or pd.isna(last):
        raise ExperimentError("no orders imported; import orders first (bindung import orders)")
    end = periods.to_local_day(pd.Timestamp(last).to_pydatetime(), tz) + timedelta(days=1)
    return start, max(end, start + timedelta(days=1))


def _clv(
    ws: Store, customers: pd.Series, as_of: date, fit: Any | None
) -> tuple[pd.Series | None, str | None]:
    from bindung.models import workflow

    if fit is None:
        fit = workflow.load(ws)
        if fit is not None and fit.data_version != ws.data_version():
            fit = None
    if fit is None:
        return None, NO_CLV_MODEL
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            values = workflow.customer_values(ws, fit, as_of=as_of)
    except BindungError as exc:
        return None, f"CLV skipped: {exc}"
    clv = values.set_index("customer_id")["clv"] if "customer_id" in values else values["clv"]
    return customers.map(clv).fillna(0.0).astype(float), None


def experiment_result(
    ws: Store,
    name: str,
    *,
    window_days: int | None = None,
    confidence: float = 0.95,
    clv_fit: Any | None = None,
) -> ExperimentResult:
    """Variants, differences against the reference and the sample-ratio check of ``name``
    (definitions in the module docstring).  ``clv_fit`` (a
    :class:`bindung.models.workflow.ClvFit`) overrides the stored CLV model."""
    a = ws.table("assignments")
    assigned = a.filter(a.experiment == name).to_pandas()
    if assigned.empty:
        known = experiments(ws)
        listed = ", ".join(known) if known else "none (import assignments first)"
        raise ExperimentError(f"experiment {name!r} not found; known experiments: {listed}")
    assigned["variant"] = assigned["variant"].astype(str)
    first = assigned["assigned_at"].min()
    if pd.isna(first):
        first = ws.table("orders").ordered_at.min().to_pandas()
    tz = ws.settings.timezone
    start, end = _window(ws, pd.Timestamp(first).to_pydatetime(), window_days)
    start_utc = periods.local_midnight_utc(start, tz)
    end_utc = periods.local_midnight_utc(end, tz)
    w = int(ws.settings.activity_window_days)
    active_from = end_utc - timedelta(days=w)
    o = ws.table("orders")
    lo = min(start_utc, active_from)
    orders = (
        o.filter((o.ordered_at >= lo) & (o.ordered_at < end_utc))
        .select("customer_id", "ordered_at", revenue=o.revenue.cast("float64"))
        .to_pandas()
    )
    orders = orders[orders["customer_id"].isin(set(assigned["customer_id"]))]
    inside = orders[orders["ordered_at"] >= start_utc]
    per = inside.groupby("customer_id").agg(
        orders=("ordered_at", "size"), revenue=("revenue", "sum")
    )
    active = set(orders.loc[orders["ordered_at"] >= active_from, "customer_id"])
    frame = assigned[["customer_id", "variant"]].copy()
    frame = frame.merge(per, left_on="customer_id", right_index=True, how="left")
    frame["orders"] = frame["orders"].fillna(0).astype(np.int64)
    frame["revenue"] = frame["revenue"].fillna(0.0).astype(float)
    frame["bought"] = frame["orders"] > 0
    frame["retained"] = frame["customer_id"].isin(active)
    clv, note = _clv(ws, frame["customer_id"], end, clv_fit)
    notes = [note] if note else []
    if clv is not None:
        frame["clv"] = clv.to_numpy()

    names = sorted(frame["variant"].unique().tolist())
    ref = reference_variant(names)
    order = [ref, *[v for v in names if v != ref]]
    groups = {v: frame[frame["variant"] == v] for v in order}
    variants = [
        VariantStats(
            variant=v,
            customers=len(g),
            buyers=int(g["bought"].sum()),
            share=100.0 * float(g["bought"].mean()),
            orders_per_customer=float(g["orders"].mean()),
            revenue_per_customer=float(g["revenue"].mean()),
            retained=int(g["retained"].sum()),
            retention=100.0 * float(g["retained"].mean()),
            clv_per_customer=float(g["clv"].mean()) if clv is not None else None,
        )
        for v, g in groups.items()
    ]
    diffs: list[Difference] = []
    g0 = groups[ref]
    for v in order[1:]:
        g1 = groups[v]
        for outcome, col in (("share", "bought"), ("retention", "retained")):
            d, low, high, p = share_difference(
                int(g1[col].sum()), len(g1), int(g0[col].sum()), len(g0), confidence=confidence
            )
            diffs.append(Difference(v, ref, outcome, "points", d, low, high, p))
        means = [("orders", "count"), ("revenue", "money")]
        if clv is not None:
            means.append(("clv", "money"))
        for outcome, unit in means:
            d, low, high, p = mean_difference(g1[outcome], g0[outcome], confidence=confidence)
            diffs.append(Difference(v, ref, outcome, unit, d, low, high, p))
    srm = sample_ratio({v: len(g) for v, g in groups.items()})
    return ExperimentResult(
        name=name,
        reference=ref,
        window_start=start,
        window_end=end,
        window_days=(end - start).days,
        activity_window_days=w,
        confidence=confidence,
        variants=variants,
        differences=diffs,
        srm=srm,
        notes=notes,
    )


def plan(
    baseline_rate: float,
    lift_pp: float,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
    ratio: float = 1.0,
    customers_per_week: float | None = None,
) -> Plan:
    """Customers per variant to detect ``baseline_rate`` (a share 0–1, or percent when > 1)
    rising by ``lift_pp`` points, two-sided; weeks = both groups / ``customers_per_week``."""
    p1 = baseline_rate / 100.0 if baseline_rate > 1 else baseline_rate
    p2 = p1 + lift_pp / 100.0
    if not 0 < p1 < 1 or not 0 < p2 < 1 or lift_pp == 0:
        raise ExperimentError(
            f"baseline {baseline_rate} and lift {lift_pp} pp: expected both rates strictly "
            "between 0 and 100 % and a lift other than 0"
        )
    if not 0 < alpha < 1 or not 0 < power < 1 or ratio <= 0:
        raise ExperimentError("expected 0 < alpha < 1, 0 < power < 1 and a positive ratio")
    h = float(proportion_effectsize(p2, p1))
    n1 = float(
        NormalIndPower().solve_power(
            effect_size=abs(h), alpha=alpha, power=power, ratio=ratio, alternative="two-sided"
        )
    )
    first = math.ceil(n1 - 1e-9)
    second = math.ceil(first * ratio - 1e-9)
    weeks = None
    if customers_per_week is not None:
        if customers_per_week <= 0:
            raise ExperimentError("customers_per_week: expected a positive number")
        weeks = (first + second) / customers_per_week
    return Plan(p1, lift_pp, alpha, power, ratio, h, first, second, first + second, weeks)
