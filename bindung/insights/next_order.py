r"""Each customer's predicted next order date, its 80 % interval and whether it is overdue.

The purchase models (BG/NBD, Fader, Hardie & Lee 2005, "Counting your customers the easy
way", Marketing Science 24(2); Pareto/NBD, Schmittlein, Morrison & Colombo 1987) let a
customer who is still buying purchase as a Poisson process with rate λ, and λ varies across
customers as Gamma(r, α) (shape r, rate α, in the model's time unit).  Poisson counts with a
gamma prior are conjugate (the Poisson-Gamma mixture behind the NBD): after x repeat
purchases in the T time units since the first one, the customer's rate is, while she is alive,

    λ | x, T  ~  Gamma(r + x, α + T)

(FHL 2005, section 3; the same posterior in the Pareto/NBD, Fader & Hardie 2005, note 009,
for a customer alive at T).  Given λ the time between two orders is exponential; mixed over
the posterior the gap is Lomax (Pareto type II) with shape k = r + x and scale s = α + T:

    P(gap > t) = (s / (s + t))^k,      quantile  t_q = s · ((1 − q)^(−1/k) − 1)

The customer's own rhythm is that gap: next order = last order + median gap (q = 0.5), the
80 % interval runs from the 10 % to the 90 % quantile, and a customer is *overdue* when the
as-of day lies after the interval's upper end (her current gap is longer than 9 of 10 gaps
her rhythm gives).  The dates say when she would order *if she is still a customer*; the
probability that she is (P(alive)) is a column of its own.  Gaps are rounded to whole days;
a date more than :data:`MAX_GAP_DAYS` after the last order (a one-time buyer's long tail) is
left empty: no useful date, and never overdue.

Vectorised over all customers (numpy, no loop per customer).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd

#: The interval's quantiles (80 %: from the 10 % to the 90 % quantile) and the median.
LOW, MEDIAN, HIGH = 0.10, 0.50, 0.90
#: Dates further than this after the last order are left empty (about 30 years).
MAX_GAP_DAYS = 11_000
COLUMNS = ("next_order", "next_order_low", "next_order_high", "overdue")


def gap_quantile(shape: Any, scale: Any, q: float) -> np.ndarray:
    """The ``q`` quantile of the Lomax gap with ``shape`` r + x and ``scale`` α + T (in the
    model's time unit): s · ((1 − q)^(−1/k) − 1), computed as s · expm1(−ln(1 − q) / k) so
    that it stays accurate for large k."""
    k = np.asarray(shape, dtype=np.float64)
    s = np.asarray(scale, dtype=np.float64)
    with np.errstate(over="ignore"):
        out: np.ndarray = s * np.expm1(-np.log1p(-q) / k)
    return out


def next_orders(
    frequency: Any,
    recency: Any,
    T: Any,
    *,
    r: float,
    alpha: float,
    days_per_unit: float,
    as_of: date,
) -> pd.DataFrame:
    """Per customer (the summary's ``frequency`` x, ``recency`` t_x and ``T`` in the model's
    time unit, measured up to the day ``as_of``): ``next_order``, ``next_order_low``,
    ``next_order_high`` (dates; empty beyond :data:`MAX_GAP_DAYS`) and ``overdue`` (see the
    module docstring); ``r`` and ``alpha`` are the fitted purchase model's gamma parameters."""
    x = np.asarray(frequency, dtype=np.float64)
    t_x = np.asarray(recency, dtype=np.float64)
    t_end = np.asarray(T, dtype=np.float64)
    shape = r + x
    scale = alpha + t_end
    day0 = np.datetime64(as_of, "D")
    # the last order's day: T − t_x units before as_of (whole days in the summary)
    last = day0 - np.rint((t_end - t_x) * days_per_unit).astype(np.int64)
    out: dict[str, Any] = {}
    for name, q in (("next_order", MEDIAN), ("next_order_low", LOW), ("next_order_high", HIGH)):
        gap = np.rint(gap_quantile(shape, scale, q) * days_per_unit)
        far = ~(gap <= MAX_GAP_DAYS)  # also NaN/inf
        days = np.where(far, 0, gap).astype(np.int64)
        when = last + days
        out[name] = np.where(far, np.datetime64("NaT"), when)
    high = out["next_order_high"]
    overdue = ~np.isnat(high) & (day0 > high)
    # dates as Python dates (ISO text in the stored answer), empty as None
    frame = pd.DataFrame({k: v.astype(object) for k, v in out.items()})
    frame["overdue"] = overdue
    return frame
