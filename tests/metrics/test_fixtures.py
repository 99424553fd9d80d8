"""Tiny workspaces whose KPIs are computed by hand.

Times in the CSVs are Berlin wall-clock time; the importer stores UTC.  Until 2024-03-31 02:00
Berlin is UTC+1 (CET), afterwards UTC+2 (CEST).  Month bounds in UTC are therefore
Jan 1 = 2023-12-31 23:00, Feb 1 = 2024-01-31 23:00, Mar 1 = 2024-02-29 23:00,
Apr 1 = 2024-03-31 22:00, May 1 = 2024-04-30 22:00.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import bindung
from bindung.workspace import Workspace

NAN = float("nan")
# metric subsets for the tests that need only a few (each full KPI query compiles ~0.5 s)
ACTIVITY = [
    "customers_start",
    "customers_end",
    "new_customers",
    "kept_customers",
    "lost_customers",
    "reactivated_customers",
    "churn_rate",
    "revenue",
    "orders",
    "mrr_end",
]
COST = [
    "new_customers",
    "kept_customers",
    "acquisition_cost_per_new",
    "retention_cost_per_kept",
    "cost_ratio",
]
COMPARED = ["churn_rate", "retention_rate_strict", "mrr_end", "customers_start"]


def make(folder: Path, files: dict[str, str], **settings: Any) -> Workspace:
    """A workspace (English messages) with ``files`` (kind -> CSV text) imported in order."""
    ws = bindung.init(folder / "ws", locale="en_GB", **settings)
    for kind, text in files.items():
        path = folder / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        result = ws.import_file(kind, path)
        assert result.rejected == 0, ws.rejects()
    return ws


def values(frame: pd.DataFrame, key: str) -> list[float]:
    return [float(v) for v in frame[key]]


def check(frame: pd.DataFrame, expected: dict[str, list[float]]) -> None:
    """Every listed metric equals its hand-computed values (NaN: not defined)."""
    for key, want in expected.items():
        assert values(frame, key) == pytest.approx(want, rel=1e-12, nan_ok=True), key


# -- a small shop: orders and one return -------------------------------------------------------
#
# W = 20 days, min_customers = 1, margin = 0.5.  In UTC:
#   A1  c1  Jan 10 09:00   100.00  2 items   |  A2, A2b: c1, Jan 10 17:00 (same time), 50 + 10
#   A3  c2  Jan 31 22:30    40.00  (23:30 local: January)
#   A4  c2  Jan 31 23:30    60.00  (00:30 local on Feb 1: February)
#   A5  c1  Apr 15 10:00    30.00  (c1 lapsed for more than W and returns: reactivated)
#   A6  c3  Apr 20 08:00    20.00  (new)
#   R1  return of A4 on Feb 5: 2 items, 80.00 (more than the order's 1 item and 60.00)
SHOP_ORDERS = """order_id,customer_id,ordered_at,revenue,items,channel
A1,c1,2024-01-10 10:00,100.00,2,Shop
A2,c1,2024-01-10 18:00,50.00,1,Shop
A2b,c1,2024-01-10 18:00,10.00,1,Shop
A3,c2,2024-01-31 23:30,40.00,1,Ads
A4,c2,2024-02-01 00:30,60.00,1,Ads
A5,c1,2024-04-15 12:00,30.00,1,Shop
A6,c3,2024-04-20 10:00,20.00,1,Ads
"""
SHOP_RETURNS = """return_id,order_id,returned_at,items,amount
R1,A4,2024-02-05 10:00,2,80.00
"""


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = make(
        tmp_path_factory.mktemp("shop"),
        {"orders": SHOP_ORDERS, "returns": SHOP_RETURNS},
        activity_window_days=20,
        min_customers=1,
        margin=0.5,
    )
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def shop_month(shop: Workspace) -> pd.DataFrame:
    return shop.kpis(period="month")


def test_shop_periods_and_flags(shop_month: pd.DataFrame) -> None:
    k = shop_month
    assert list(k.period) == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert [str(d) for d in k.start] == ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"]
    assert str(k.end.iloc[-1]) == "2024-05-01"
    # small: S < min_customers = 1, i.e. S = 0 (S = 0, 1, 0, 0, see below)
    assert list(k.small) == [True, False, True, True]
    # partial: the data end on Apr 20 (A6), more than a day before April ends
    assert list(k.partial) == [False, False, False, True]


def test_shop_orders_across_the_month_boundary(shop_month: pd.DataFrame) -> None:
    k = shop_month
    # A3 (23:30 on Jan 31) is January's, A4 (00:30 on Feb 1) February's; March has none
    check(
        k,
        {
            "orders": [4, 1, 0, 2],  # A1 A2 A2b A3 | A4 | - | A5 A6
            "revenue": [200, 60, 0, 50],  # 100+50+10+40 | 60 | 0 | 30+20
        },
    )


def test_shop_activity_with_a_lapse_and_an_empty_month(shop_month: pd.DataFrame) -> None:
    k = shop_month
    # Active at a bound b: an order in [b - 20 days, b).
    #   Jan 1: nobody.  Feb 1 (Jan 31 23:00 UTC): window from Jan 11 23:00, so c1 (Jan 10)
    #   has lapsed and only c2 (A3, 22:30) is active; A4 (23:30) is after the bound.
    #   Mar 1: window from Feb 9 23:00: nobody (A4 is Jan 31).  Apr 1: nobody.
    #   May 1 (Apr 30 22:00): window from Apr 10 22:00: c1 (A5) and c3 (A6).
    check(
        k,
        {
            "customers_start": [0, 1, 0, 0],
            "customers_end": [1, 0, 0, 2],
            "new_customers": [2, 0, 0, 1],  # c1 and c2 in January, c3 in April
            "kept_customers": [0, 0, 0, 0],
            "lost_customers": [0, 1, 0, 0],  # c2 in February
            "reactivated_customers": [0, 0, 0, 1],  # c1 in April (first order in January)
            # (E - N) / S: (0 - 0) / 1 in February; not defined where S = 0
            "retention_rate": [NAN, 0, NAN, NAN],
            "retention_rate_strict": [NAN, 0, NAN, NAN],
            "churn_rate": [NAN, 100, NAN, NAN],  # 1 / 1
        },
    )


def test_shop_order_values_and_intervals(shop_month: pd.DataFrame) -> None:
    k = shop_month
    day = 1.0
    hour = day / 24
    check(
        k,
        {
            "aov": [50, 60, NAN, 25],  # 200/4 | 60/1 | 0 orders | 50/2
            # January: all four orders are first-month orders of c1 and c2; February: A4 is
            # c2's (first order in January): existing; April: A6 new (20), A5 existing (30)
            "aov_new": [50, NAN, NAN, 20],
            "aov_existing": [NAN, 60, NAN, 30],
            "aov_ratio": [NAN, NAN, NAN, 1.5],  # 30 / 20
            # January: A1 -> A2 is 8 h, A2 -> A2b 0 h (same time): mean and median 4 h;
            # February: A3 -> A4 is 1 h; April: A2b (Jan 10 17:00) -> A5 (Apr 15 10:00):
            # 21 + 29 + 31 + 15 = 96 days less 7 hours
            "purchase_interval_mean": [4 * hour, hour, NAN, 96 - 7 * hour],
            "purchase_interval_median": [4 * hour, hour, NAN, 96 - 7 * hour],
        },
    )


def test_shop_repeat_loyal_returns_and_clv(shop_month: pd.DataFrame) -> None:
    k = shop_month
    # orders per customer by each month's end: Jan c1 3, c2 1 | Feb, Mar c1 3, c2 2 |
    # Apr c1 4, c2 2, c3 1; loyal = at least 3 orders (the default loyalty_threshold)
    check(
        k,
        {
            "repeat_customer_rate": [50, 100, 100, 200 / 3],  # 1/2, 2/2, 2/2, 2/3
            "loyal_customer_rate": [50, 50, 50, 100 / 3],  # 1/2, 1/2, 1/2, 1/3
            # the return is larger than the order: 2 items of 1 sold, 80.00 of 60.00
            "return_rate_items": [0, 200, NAN, 0],  # 0/5, 2/1, 0/0, 0/2
            "return_rate_amount": [0, 80 / 60 * 100, NAN, 0],
            # margin 0.5 x (revenue - returns) to date / buyers to date:
            # 0.5 x 200/2 | 0.5 x (260 - 80)/2 | same | 0.5 x (310 - 80)/3
            "clv_historical": [50, 45, 45, 0.5 * 230 / 3],
            # no costs, no recorded acquisition cost: 0 per new customer, undefined without one
            "acquisition_cost_per_new": [0, NAN, NAN, 0],
            # aov x repeat rate - acquisition cost: 50 x 0.5 - 0 | ... | 25 x 2/3 - 0
            "clv_simple": [25, NAN, NAN, 25 * 2 / 3],
            # no retention spend: 0 / (kept + reactivated): 0/0 until April, 0/1 in April
            "retention_cost_per_kept": [NAN, NAN, NAN, 0],
            "cost_ratio": [NAN, NAN, NAN, NAN],  # 0 / 0 in April
            # no subscriptions at all
            "mrr_start": [0, 0, 0, 0],
            "revenue_churn_rate": [NAN, NAN, NAN, NAN],
        },
    )


def test_shop_from_range_does_not_make_old_customers_new(shop: Workspace) -> None:
    k = shop.kpis(period="month", start="2024-02", metrics=ACTIVITY)
    assert list(k.period) == ["2024-02", "2024-03", "2024-04"]
    # c2's first order in the range (A4) is not their first order; c1 returns in April but
    # first ordered in January: only c3 is new.  History before the range still counts:
    # c2 is active at the start of February.
    check(
        k,
        {
            "new_customers": [0, 0, 1],
            "reactivated_customers": [0, 0, 1],
            "customers_start": [1, 0, 0],
        },
    )
    k = shop.kpis(period="month", start="2024-02", end="2024-03", metrics=["orders"])
    assert list(k.period) == ["2024-02", "2024-03"]


def test_shop_to_range_extends_the_grid(shop: Workspace) -> None:
    k = shop.kpis(period="month", start="2024-05", end="2024-06", metrics=[*ACTIVITY, "aov"])
    assert list(k.period) == ["2024-05", "2024-06"]
    # May: c1 and c3 active at the start (A5, A6 within 20 days), gone at the end
    check(k, {"customers_start": [2, 0], "lost_customers": [2, 0], "churn_rate": [100, NAN]})
    check(k, {"orders": [0, 0], "revenue": [0, 0], "aov": [NAN, NAN]})
    assert list(k.partial) == [True, True]


def test_shop_compare_a_year_back(shop: Workspace) -> None:
    long = shop.kpis(period="month", end="2025-01", compare=True, metrics=["orders"])
    orders = long[long.metric == "orders"].set_index("period")
    jan = orders.loc["2025-01"]
    # 0 orders in January 2025 against 4 a year earlier: -100 % (relative: orders are counts)
    assert (jan.value, jan.year_ago, jan.change_year) == (0, 4, pytest.approx(-100))
    assert orders.loc["2024-12", "change_year"] != orders.loc["2024-12", "change_year"]  # NaN


# -- subscriptions: downgrade, pause, cancel, upgrade ------------------------------------------
#
#   c1: s1 30.00 Jan 15 - Mar 10, then s2 20.00 from Mar 10 (downgrade: contraction 10)
#   c2: s3 25.00 Jan 5 - Feb 10, pause, s4 25.00 from Mar 20 (lost in Feb, reactivated in Mar)
#   c3: s5 40.00 Jan 20 - Mar 25 (cancelled: churned MRR 40 in March)
#   c4: s6 10.00 Jan 8 - Feb 15, then s7 50.00 from Feb 15 (upgrade: expansion 40)
#   c5: s8 15.00 from Apr 3 (new in April)
SUBSCRIPTIONS = """subscription_id,customer_id,plan,started_at,ended_at,mrr
s1,c1,Basic,2024-01-15 10:00,2024-03-10 10:00,30.00
s2,c1,Mini,2024-03-10 10:00,,20.00
s3,c2,Basic,2024-01-05 10:00,2024-02-10 10:00,25.00
s4,c2,Basic,2024-03-20 10:00,,25.00
s5,c3,Plus,2024-01-20 10:00,2024-03-25 10:00,40.00
s6,c4,Mini,2024-01-08 10:00,2024-02-15 10:00,10.00
s7,c4,Max,2024-02-15 10:00,,50.00
s8,c5,Mini,2024-04-03 10:00,,15.00
"""
# MRR per customer at the bounds Jan 1 | Feb 1 | Mar 1 | Apr 1 | May 1:
#   c1: 0 | 30 | 30 | 20 | 20        c2: 0 | 25 |  0 | 25 | 25
#   c3: 0 | 40 | 40 |  0 |  0        c4: 0 | 10 | 50 | 50 | 50      c5: 0 | 0 | 0 | 0 | 15
#   total: 0 | 105 | 120 | 95 | 110


@pytest.fixture(scope="module")
def subs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = make(tmp_path_factory.mktemp("subs"), {"subscriptions": SUBSCRIPTIONS}, min_customers=1)
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def subs_month(subs: Workspace) -> pd.DataFrame:
    return subs.kpis(period="month", basis="subscriptions")


def test_subscriptions_mrr_movements(subs_month: pd.DataFrame) -> None:
    k = subs_month
    assert list(k.period) == ["2024-01", "2024-02", "2024-03", "2024-04"]
    check(
        k,
        {
            "mrr_start": [0, 105, 120, 95],
            "mrr_end": [105, 120, 95, 110],
            # Feb: c2 cancels (25 -> 0), c4 upgrades (10 -> 50: +40)
            #   churn 25/105; GRR (105 - 25)/105; NRR (105 - 25 + 40)/105
            # Mar: c3 cancels (40), c1 downgrades (30 -> 20: 10); c2's return (0 -> 25) is
            #   neither expansion nor churn: churn (40 + 10)/120, GRR = NRR = 70/120
            # Apr: nothing lost; c5 is new and not counted
            "revenue_churn_rate": [NAN, 25 / 105 * 100, 50 / 120 * 100, 0],
            "gross_revenue_retention": [NAN, 80 / 105 * 100, 70 / 120 * 100, 100],
            "net_revenue_retention": [NAN, 120 / 105 * 100, 70 / 120 * 100, 100],
        },
    )


def test_subscriptions_customers_with_a_pause(subs: Workspace, subs_month: pd.DataFrame) -> None:
    k = subs_month
    # active (started_at < b <= ended_at): Jan 1 {} | Feb 1 {c1 c2 c3 c4} | Mar 1 {c1 c3 c4}
    #   | Apr 1 {c1 c2 c4} | May 1 {c1 c2 c4 c5}.  c1's and c4's plan changes leave no gap.
    check(
        k,
        {
            "customers_start": [0, 4, 3, 3],
            "customers_end": [4, 3, 3, 4],
            "new_customers": [4, 0, 0, 1],
            "kept_customers": [0, 3, 2, 3],
            "lost_customers": [0, 1, 1, 0],  # c2 (pause) in Feb, c3 (cancel) in Mar
            "reactivated_customers": [0, 0, 1, 0],  # c2 back in March
            # the rate of source 003, (E - N)/S, counts the reactivated c2 as kept: 3/3 in March
            "retention_rate": [NAN, 75, 100, 100],  # 3/4, (3-0)/3, (4-1)/3
            "retention_rate_strict": [NAN, 75, 200 / 3, 100],  # 3/4, 2/3, 3/3
            "churn_rate": [NAN, 25, 100 / 3, 0],
        },
    )
    # without orders the order-based basis sees nobody
    orders_basis = subs.kpis(period="month", basis="orders", metrics=ACTIVITY)
    check(orders_basis, {"customers_end": [0, 0, 0, 0], "new_customers": [0, 0, 0, 0]})
    # the MRR does not depend on the activity basis
    check(orders_basis, {"mrr_end": [105, 120, 95, 110]})


def test_compare_changes_in_points_and_percent(subs: Workspace) -> None:
    long = subs.kpis(period="month", basis="subscriptions", compare=True, metrics=COMPARED)
    assert {"metric", "value", "previous", "change", "year_ago", "change_year"} <= set(long)
    at = long.set_index(["metric", "period"])
    # churn rate 25 % (Feb) -> 33.33 % (Mar): +8.33 percentage points, not +33 %
    assert at.loc[("churn_rate", "2024-03"), "change"] == pytest.approx(100 / 3 - 25)
    assert at.loc[("retention_rate_strict", "2024-03"), "change"] == pytest.approx(200 / 3 - 75)
    # MRR at end 120 -> 95: -25/120 = -20.83 % (relative)
    assert at.loc[("mrr_end", "2024-03"), "change"] == pytest.approx(-25 / 120 * 100)
    # customers at start 0 (Jan) -> 4 (Feb): no relative change from 0
    assert pd.isna(at.loc[("customers_start", "2024-02"), "change"])
    # the first period has no previous one; no period has one a year earlier
    assert at.xs("2024-01", level="period")["change"].isna().all()
    assert long["year_ago"].isna().all()
    assert long["change_year"].isna().all()


# -- costs spread over days; acquisition against retention cost -------------------------------
#
# W = 365 days.  c4 was bought for 40.00 (customers.acquisition_cost).
#   O1 c1 Jan 10 Ads 100 | O2 c2 Jan 20 Mail 50 | O3 c3 Feb 5 Ads 30 | O4 c1 Feb 10 Ads 60
#   O5 c2 Feb 12 Mail 90 | O6 c4 Mar 5 Mail 70
#   K1 Ads acquisition 300.00, Jan 17 - Feb 15: 15 days in Jan, 15 in Feb: 150 + 150
#   K2 Mail retention 290.00, Feb 1 - Feb 29 (inclusive: all of February 2024)
#   K3 Mail retention 62.00, Jan 1 - Jan 31
COST_CUSTOMERS = """customer_id,acquisition_cost
c4,40.00
"""
COST_ORDERS = """order_id,customer_id,ordered_at,revenue,items,channel
O1,c1,2024-01-10 10:00,100.00,1,Ads
O2,c2,2024-01-20 10:00,50.00,1,Mail
O3,c3,2024-02-05 10:00,30.00,1,Ads
O4,c1,2024-02-10 10:00,60.00,1,Ads
O5,c2,2024-02-12 10:00,90.00,1,Mail
O6,c4,2024-03-05 10:00,70.00,1,Mail
"""
COSTS = """cost_id,period_start,period_end,channel,purpose,amount
K1,2024-01-17,2024-02-15,Ads,acquisition,300.00
K2,2024-02-01,2024-02-29,Mail,retention,290.00
K3,2024-01-01,2024-01-31,Mail,retention,62.00
"""


@pytest.fixture(scope="module")
def costs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    files = {"customers": COST_CUSTOMERS, "orders": COST_ORDERS, "costs": COSTS}
    ws = make(tmp_path_factory.mktemp("costs"), files)
    yield ws
    ws.close()


def test_costs_spread_over_days(costs: Workspace) -> None:
    k = costs.kpis(period="month")
    # active: Feb 1 {c1 c2}, Mar 1 {c1 c2 c3}, Apr 1 {c1 c2 c3 c4}
    check(
        k,
        {
            "new_customers": [2, 1, 1],
            "kept_customers": [0, 2, 3],
            "reactivated_customers": [0, 0, 0],
            # Jan 150/2 | Feb 150/1 | Mar: no acquisition spend recorded in the costs table,
            # so the customers' recorded acquisition_cost: 40/1
            "acquisition_cost_per_new": [75, 150, 40],
            # Jan 62/(0 kept + 0 reactivated): not defined | Feb 290/2 | Mar 0/3
            "retention_cost_per_kept": [NAN, 145, 0],
            "cost_ratio": [NAN, 150 / 145, NAN],  # Mar: 40/0 not defined
            # aov x repeat rate - CAC: 75 x 0/2 - 75 | 60 x 2/3 - 150 | 70 x 2/4 - 40
            "clv_simple": [-75, -110, -5],
        },
    )


def test_costs_by_channel(costs: Workspace) -> None:
    k = costs.kpis(period="month", by="channel", metrics=COST).set_index(["channel", "period"])
    # groups: Ads {c1 c3} (their first orders' channel), Mail {c2 c4}
    ads, mail = k.loc["Ads"], k.loc["Mail"]
    check(ads, {"new_customers": [1, 1, 0], "kept_customers": [0, 1, 2]})
    check(mail, {"new_customers": [1, 0, 1], "kept_customers": [0, 1, 1]})
    # Ads' acquisition spend 150 | 150 | 0 over its new customers 1 | 1 | 0
    check(ads, {"acquisition_cost_per_new": [150, 150, NAN]})
    # Mail has no acquisition spend: recorded costs of its new customers, 0/1 | - | 40/1
    check(mail, {"acquisition_cost_per_new": [0, NAN, 40]})
    # retention spend is all Mail's: 62/0 | 290/1 | 0/1; Ads 0/0 | 0/1 | 0/2
    check(mail, {"retention_cost_per_kept": [NAN, 290, 0]})
    check(ads, {"retention_cost_per_kept": [NAN, 0, 0]})


def test_costs_cannot_be_attributed_to_segments(costs: Workspace) -> None:
    k = costs.kpis(period="month", by="segment", metrics=COST)
    assert set(k.segment) == {"unknown"}
    # costs name a channel, not a customer: not defined per segment (not a silent 0) ...
    check(k, {"retention_cost_per_kept": [NAN, NAN, NAN], "cost_ratio": [NAN, NAN, NAN]})
    # ... while recorded acquisition costs belong to customers: 0/2 | 0/1 | 40/1
    check(k, {"acquisition_cost_per_new": [0, 0, 40]})


def test_costs_quarterly(costs: Workspace) -> None:
    k = costs.kpis(period="quarter", metrics=COST)
    assert list(k.period) == ["2024-Q1"]
    # acquisition spend 300 (K1 whole) over N = 4; nobody active at the quarter's start
    check(k, {"acquisition_cost_per_new": [75], "retention_cost_per_kept": [NAN]})


# -- weeks: ISO weeks across DST and the year's end ---------------------------------------------
WEEK_ORDERS = """order_id,customer_id,ordered_at,revenue,items
W1,c1,2024-03-31 23:30,10.00,1
W2,c1,2024-04-01 00:30,10.00,1
W3,c2,2024-12-29 23:30,10.00,1
W4,c2,2024-12-30 00:30,10.00,1
"""


def test_weeks_split_at_local_monday_midnight(tmp_path: Path) -> None:
    ws = make(tmp_path, {"orders": WEEK_ORDERS})
    k = ws.kpis(period="week", metrics=["orders"]).set_index("period")
    # Sunday 23:30 and Monday 00:30 fall into different ISO weeks, on the night DST began
    # (W1 21:30 UTC, W2 22:30 UTC) and across the year's end (2024-12-30 is in 2025-W01)
    assert k.loc["2024-W13", "orders"] == 1
    assert k.loc["2024-W14", "orders"] == 1
    assert k.loc["2024-W52", "orders"] == 1
    assert k.loc["2025-W01", "orders"] == 1
    assert k.orders.sum() == 4
    assert str(k.loc["2025-W01", "start"]) == "2024-12-30"
    assert len(k) == 41  # 2024-W13 .. 2024-W52 (2024 has 52 ISO weeks), 2025-W01
    ws.close()
