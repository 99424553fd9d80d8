"""The predicted next order date: Lomax quantiles against scipy, hand-made overdue cases, and
the columns of the customer table on the CDNOW sample against an independent computation."""

from __future__ import annotations

import time
from datetime import date, timedelta

import numpy as np
import pytest
from scipy import stats

from bindung.insights import next_order


@pytest.mark.parametrize(
    ("r", "alpha", "x", "T"),
    [
        (0.243, 4.414, 0, 30.0),  # CDNOW's BG/NBD fit, a one-time buyer
        (0.243, 4.414, 5, 38.9),
        (1.5, 10.0, 40, 120.0),  # a frequent buyer
        (2.0, 0.5, 300, 500.0),  # large shape: expm1 keeps the precision
    ],
)
@pytest.mark.parametrize("q", [0.1, 0.5, 0.9])
def test_gap_quantile_is_scipys_lomax(r: float, alpha: float, x: int, T: float, q: float) -> None:
    expected = stats.lomax.ppf(q, c=r + x, scale=alpha + T)
    got = next_order.gap_quantile(r + x, alpha + T, q)
    assert float(got) == pytest.approx(expected, rel=1e-10)
    # and the definition: P(gap > t_q) = ((α+T)/(α+T+t_q))^(r+x) = 1 − q
    assert ((alpha + T) / (alpha + T + float(got))) ** (r + x) == pytest.approx(1 - q)


def test_dates_interval_and_overdue_by_hand() -> None:
    """Two customers with r = 1, α = 6 (days), last order 10 days before the as-of day: the one
    with 9 repeat orders in 60 days has gaps of about a week, so she is overdue; the one with
    one repeat order is not."""
    as_of = date(2026, 3, 31)
    frame = next_order.next_orders(
        [9, 1], [50.0, 50.0], [60.0, 60.0], r=1.0, alpha=6.0, days_per_unit=1.0, as_of=as_of
    )
    last = as_of - timedelta(days=10)
    for row, x in ((0, 9), (1, 1)):
        k, s = 1.0 + x, 6.0 + 60.0
        for col, q in (("next_order", 0.5), ("next_order_low", 0.1), ("next_order_high", 0.9)):
            gap = round(float(stats.lomax.ppf(q, c=k, scale=s)))
            assert frame.loc[row, col] == last + timedelta(days=gap), (row, col)
    # x = 9: k = 10, s = 66: 90 % quantile 66 · (10^0.1 − 1) = 17.1 -> 17 days: overdue? no,
    # 10 days since the last order are less; as of 8 days later she is
    assert frame.loc[0, "next_order_high"] == last + timedelta(days=17)
    assert not frame["overdue"].any()
    later = next_order.next_orders(
        [9, 1],
        [50.0, 50.0],
        [68.0, 68.0],
        r=1.0,
        alpha=6.0,
        days_per_unit=1.0,
        as_of=as_of + timedelta(days=8),
    )
    # now 18 days since the last order; her 90 % gap (s = 74): 74 · 0.2589 = 19.2 -> 19 days
    assert later.loc[0, "next_order_high"] == last + timedelta(days=19)
    assert not later.loc[0, "overdue"]
    again = next_order.next_orders(
        [9, 1],
        [50.0, 50.0],
        [75.0, 75.0],
        r=1.0,
        alpha=6.0,
        days_per_unit=1.0,
        as_of=as_of + timedelta(days=15),
    )
    # 25 days since the last order, 90 % gap 81 · 0.2589 = 21 days: overdue; the other not
    assert again.loc[0, "next_order_high"] == last + timedelta(days=21)
    assert list(again["overdue"]) == [True, False]


def test_weeks_are_converted_to_days() -> None:
    frame = next_order.next_orders(
        [4], [10.0], [12.0], r=0.5, alpha=2.0, days_per_unit=7.0, as_of=date(2026, 1, 31)
    )
    last = date(2026, 1, 31) - timedelta(days=14)
    gap = round(float(stats.lomax.ppf(0.5, c=4.5, scale=14.0)) * 7)
    assert frame.loc[0, "next_order"] == last + timedelta(days=gap)


def test_a_date_too_far_is_left_empty_and_never_overdue() -> None:
    # a one-time buyer with a small r: the 90 % gap is thousands of years
    frame = next_order.next_orders(
        [0], [0.0], [300.0], r=0.05, alpha=4.0, days_per_unit=7.0, as_of=date(2026, 1, 31)
    )
    assert frame.loc[0, "next_order_high"] is None
    assert not frame.loc[0, "overdue"]


def test_a_million_customers_in_seconds() -> None:
    rng = np.random.default_rng(1)
    n = 1_000_000
    T = rng.uniform(0, 80, n)
    x = rng.poisson(2, n)
    recency = T * rng.uniform(0, 1, n) * (x > 0)
    start = time.perf_counter()
    frame = next_order.next_orders(
        x, recency, T, r=0.24, alpha=4.4, days_per_unit=7.0, as_of=date(1998, 6, 30)
    )
    assert time.perf_counter() - start < 10
    assert len(frame) == n and frame["overdue"].dtype == bool
