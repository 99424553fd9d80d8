"""Alert rules on any figure of the KPI catalogue: thresholds, the change against the previous
period, and anomalies against a seasonal baseline with a prediction interval.

>>> checks = watch(ws, rules)                                             # doctest: +SKIP
>>> baseline(series, as_of=-1)                                            # doctest: +SKIP

**Rules** (``alert_rules`` in ``bindung.toml``; :data:`DEFAULT_RULES` when none are set)::

    [[alert_rules]]
    metric = "revenue"        # a key of the catalogue (bindung metrics)
    kind = "anomaly"          # anomaly | below | above | change
    value = -10.0             # below/above: the threshold; change: the change that alerts
    period = "month"          # month (anomaly: month only), week, quarter
    level = 0.99              # anomaly: the prediction interval's coverage

Each rule is checked on the **last complete period** (alerts are about now); ``change`` is in
percentage points for rates and in % for everything else (the KPI table's ``change``), and
alerts when it is at least as large in the rule's direction (``value`` < 0: a fall).

**Seasonal baseline** (monthly; the seasonal naïve method with drift, Hyndman &
Athanasopoulos, *Forecasting: Principles and Practice*, 3rd ed., §5.2, prediction intervals
from the residuals, §5.5): the expected value of month ``t`` is the same month a year earlier
times the year-on-year growth of the three months before::

    ŷ_t = y_{t−12} · Σ_{k=1..3} y_{t−k} / Σ_{k=1..3} y_{t−12−k}

On the log scale the errors ``e_s = log y_s − log ŷ_s`` of the months before ``t`` (at least
:data:`MIN_ERRORS`) give ``σ``, and the interval is ``ŷ_t · exp(± z · σ · √(1 + 1/n))``.  A
December peak is expected because last December peaked too; a month below the interval's lower
end (or above its upper end) is an anomaly.  Needs 12 + 3 + :data:`MIN_ERRORS` months.

**Revenue at risk** of an alert: for money figures the shortfall (``expected − actual``, or
``threshold − actual``); for counts of customers the shortfall × the revenue per active
customer over the last 12 months; for rates of customers (retention, churn) the shortfall in
points / 100 × the customers at the period's start × that revenue; otherwise not defined.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import stats  # type: ignore[import-untyped]

from bindung.alert_rules import DEFAULT_RULES, Rule, rule
from bindung.errors import BindungError

if TYPE_CHECKING:
    from bindung.store.protocol import Store

MIN_ERRORS = 6
SEASON = 12
RECENT = 3
#: Customer-rate metrics whose points turn into customers at the period's start.
RATES_OF_CUSTOMERS = (
    "retention_rate",
    "retention_rate_strict",
    "churn_rate",
    "repeat_customer_rate",
)


def rules(tables: list[dict[str, Any]] | None) -> list[Rule]:
    """The workspace's rules, or :data:`~bindung.alert_rules.DEFAULT_RULES` without any."""
    from bindung.metrics.catalogue import BY_KEY

    chosen = tables if tables else list(DEFAULT_RULES)
    return [rule(t, f"alert_rules[{i}]", BY_KEY) for i, t in enumerate(chosen)]


@dataclass(frozen=True)
class Baseline:
    expected: float
    low: float
    high: float
    errors: int


def baseline(values: np.ndarray, t: int, level: float = 0.99) -> Baseline | None:
    """The seasonal baseline of ``values[t]`` from the months before it (module docstring);
    ``None`` when there are too few months or a zero in the way."""

    def predict(s: int) -> float:
        if s - SEASON - RECENT < 0:
            return math.nan
        last = values[s - SEASON]
        recent = values[s - RECENT : s].sum()
        before = values[s - SEASON - RECENT : s - SEASON].sum()
        if not (last > 0 and recent > 0 and before > 0):
            return math.nan
        return float(last * recent / before)

    errors = []
    for s in range(SEASON + RECENT, t):
        p = predict(s)
        if math.isfinite(p) and values[s] > 0:
            errors.append(math.log(values[s]) - math.log(p))
    expected = predict(t)
    if len(errors) < MIN_ERRORS or not math.isfinite(expected):
        return None
    n = len(errors)
    sigma = float(np.std(errors, ddof=1))
    z = float(stats.norm.ppf(0.5 + level / 2))
    spread = z * sigma * math.sqrt(1 + 1 / n)
    return Baseline(expected, expected * math.exp(-spread), expected * math.exp(spread), n)


@dataclass(frozen=True)
class Check:
    """One rule on the last complete period: the value, what it was checked against, whether
    it alerts, and the revenue at risk."""

    rule: Rule
    period: str
    value: float
    expected: float  # anomaly: the baseline; below/above: the threshold; change: the change
    low: float
    high: float
    alert: bool
    revenue_at_risk: float


def _series(kpis: pd.DataFrame, metric: str) -> pd.DataFrame:
    rows = kpis[(kpis["metric"] == metric) & ~kpis["partial"].astype(bool)]
    return rows.sort_values("k").reset_index(drop=True)


def revenue_at_risk(metric: str, shortfall: float, kpis: pd.DataFrame, k: int) -> float:
    """The revenue a shortfall stands for (module docstring); NaN where it has none."""
    from bindung.metrics.catalogue import BY_KEY

    if not math.isfinite(shortfall) or shortfall <= 0:
        return 0.0 if math.isfinite(shortfall) else math.nan
    unit = BY_KEY[metric].unit
    if unit == "money":
        return shortfall
    window = kpis[(kpis["k"] <= k) & (kpis["k"] > k - 12)]

    def total(name: str) -> float:
        return float(window.loc[window["metric"] == name, "value"].sum())

    active = window.loc[window["metric"] == "customers_end", "value"]
    per_customer = total("revenue") / float(active.mean()) if len(active) and active.mean() else 0
    if unit == "customers":
        return shortfall * per_customer
    if metric in RATES_OF_CUSTOMERS:
        start = kpis.loc[(kpis["k"] == k) & (kpis["metric"] == "customers_start"), "value"]
        return shortfall / 100 * float(start.iloc[0]) * per_customer if len(start) else math.nan
    return math.nan


def check(r: Rule, kpis: pd.DataFrame, *, at: int | None = None) -> Check | None:
    """The rule on the last complete period of ``kpis`` (the long KPI table of the rule's
    period unit), or on the period with index ``at``; ``None`` when there is no value."""
    from bindung.metrics.catalogue import BY_KEY

    series = _series(kpis, r.metric)
    if series.empty:
        return None
    rows = series if at is None else series[series["k"] <= at]
    if rows.empty or pd.isna(rows["value"].iloc[-1]):
        return None
    last = rows.iloc[-1]
    value = float(last["value"])
    k = int(last["k"])
    higher = BY_KEY[r.metric].higher_is_better
    down_is_bad = higher is not False
    if r.kind == "anomaly":
        b = baseline(rows["value"].to_numpy(np.float64), len(rows) - 1, r.level)
        if b is None:
            return None
        alert = value < b.low or value > b.high
        bad = (value < b.low) == down_is_bad
        shortfall = (b.expected - value) if down_is_bad else (value - b.expected)
        risk = revenue_at_risk(r.metric, shortfall, kpis, k) if alert and bad else 0.0
        return Check(r, str(last["period"]), value, b.expected, b.low, b.high, alert, risk)
    if r.kind in ("below", "above"):
        alert = value < r.value if r.kind == "below" else value > r.value
        shortfall = (r.value - value) if r.kind == "below" else (value - r.value)
        shortfall = shortfall if (r.kind == "below") == down_is_bad else 0.0
        risk = revenue_at_risk(r.metric, shortfall, kpis, k) if alert else 0.0
        return Check(r, str(last["period"]), value, r.value, math.nan, math.nan, alert, risk)
    change = float(last["change"]) if pd.notna(last["change"]) else math.nan
    alert = math.isfinite(change) and (change <= r.value if r.value < 0 else change >= r.value)
    previous = float(last["previous"]) if pd.notna(last["previous"]) else math.nan
    shortfall = (previous - value) if down_is_bad else (value - previous)
    risk = revenue_at_risk(r.metric, shortfall, kpis, k) if alert else 0.0
    return Check(r, str(last["period"]), value, change, math.nan, math.nan, alert, risk)


def watch(ws: Store, tables: list[dict[str, Any]] | None = None) -> list[Check]:
    """Every rule of the workspace (or ``tables``) on its last complete period."""
    from bindung.metrics.run import kpi_table

    found = rules(tables if tables is not None else ws.settings.alert_rules)
    out = []
    for r in found:
        try:
            kpis = kpi_table(ws, r.period)
        except BindungError:  # no orders or subscriptions yet: nothing to watch
            return []
        c = check(r, kpis)
        if c is not None:
            out.append(c)
    return out


def bands(ws: Store, metric: str, months: int = 12, level: float = 0.99) -> pd.DataFrame:
    """The baseline of the last ``months`` complete months of ``metric``: period, value,
    expected, low, high (empty where the history is too short)."""
    from bindung.metrics.run import kpi_table

    series = _series(kpi_table(ws, "month"), metric)
    values = series["value"].to_numpy(np.float64)
    rows = []
    for t in range(max(0, len(series) - months), len(series)):
        b = baseline(values, t, level)
        rows.append(
            {
                "metric": metric,
                "period": series["period"].iloc[t],
                "value": values[t],
                "expected": b.expected if b else math.nan,
                "low": b.low if b else math.nan,
                "high": b.high if b else math.nan,
            }
        )
    return pd.DataFrame(rows, columns=["metric", "period", "value", "expected", "low", "high"])
