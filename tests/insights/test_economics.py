"""Unit economics (bindung.insights.economics): curves, CAC, LTV and payback."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import bindung
from bindung.insights.economics import (
    LTV_HORIZON_DAYS,
    channel_curves,
    cumulative,
    flag,
    payback_month,
    unit_economics,
)
from bindung.workspace import Workspace

COMPLETE = ["2025-01", "2025-02", "2025-03"]
# revenue of each cohort in its months since acquisition (NaN: no row in the cohort matrix)
MATRIX = pd.DataFrame(
    {
        "channel": ["Ads", "Ads", "Shop", "Shop"],
        "cohort": ["2025-01", "2025-02", "2025-01", "2025-04"],
        "size": [2, 4, 1, 3],
        "0": [100.0, 200.0, 50.0, 90.0],
        "1": [np.nan, 40.0, 10.0, np.nan],  # Ads 2025-01 bought nothing in its month 1
        "2": [30.0, np.nan, 5.0, np.nan],  # Ads 2025-02 has not reached month 2
    }
)


def test_cumulative_leaves_months_not_reached_empty() -> None:
    summed, reached = cumulative(MATRIX, COMPLETE)
    # Ads 2025-01: 100, 100 + 0, 100 + 0 + 30; Ads 2025-02: 200, 240, (not reached)
    assert summed.loc[0, ["0", "1", "2"]].tolist() == [100.0, 100.0, 130.0]
    assert summed.loc[1, ["0", "1"]].tolist() == [200.0, 240.0]
    assert math.isnan(summed.loc[1, "2"])
    # the 2025-04 cohort lies in an incomplete month: nothing reached
    assert not reached[3].any()


def test_channel_curves_pool_the_cohorts_that_reached_the_month() -> None:
    curves = channel_curves(MATRIX, COMPLETE, margin=0.5).set_index(["channel", "month"])
    # Ads month 0: (100 + 200) / (2 + 4); month 1: (100 + 240) / 6; month 2: 130 / 2
    assert curves.loc[("Ads", 0), "revenue_per_customer"] == pytest.approx(300 / 6)
    assert curves.loc[("Ads", 1), "revenue_per_customer"] == pytest.approx(340 / 6)
    assert curves.loc[("Ads", 2), "revenue_per_customer"] == pytest.approx(130 / 2)
    assert curves.loc[("Ads", 2), "customers"] == 2
    assert curves.loc[("Ads", 2), "margin_per_customer"] == pytest.approx(0.5 * 130 / 2)
    # Shop: only the 2025-01 cohort of one customer counts
    assert curves.loc[("Shop", 2), "revenue_per_customer"] == pytest.approx(65.0)
    assert curves.loc[("Shop", 0), "customers"] == 1


def test_payback_and_flags() -> None:
    curve = pd.DataFrame({"month": [0, 1, 2, 3], "margin_per_customer": [10.0, 25.0, 40.0, 55]})
    assert payback_month(curve, 25.0) == 1
    assert payback_month(curve, 9.0) == 0
    assert math.isnan(payback_month(curve, 60.0))
    assert math.isnan(payback_month(curve, math.nan))
    assert flag(4.0, 2, 10.0, 3.0, 12) == "ok"
    assert flag(2.9, 2, 10.0, 3.0, 12) == "ltv_cac_low"
    assert flag(4.0, 13, 10.0, 3.0, 12) == "payback_long"
    assert flag(4.0, math.nan, 10.0, 3.0, 12) == "payback_long"
    assert flag(1.0, 13, 10.0, 3.0, 12) == "both"
    assert flag(math.nan, math.nan, math.nan, 3.0, 12) == "no_cac"


@pytest.mark.slow
def test_demo_against_pandas_on_the_exports(demo_full: Path) -> None:
    """Curves, CAC and payback from the demo's export files with pandas; the LTV from the
    model's per-customer values, averaged in pandas."""
    from bindung.models import workflow

    exports = demo_full / "exports"
    orders = pd.read_csv(
        exports / "bestellungen.csv", sep=";", encoding="cp1252", decimal=",", thousands="."
    )
    orders["at"] = pd.to_datetime(orders["Bestelldatum"], format="%d.%m.%Y %H:%M")
    orders["month"] = orders["at"].dt.to_period("M")
    customers = pd.read_excel(exports / "kunden.xlsx", engine="openpyxl")
    costs = pd.read_csv(
        exports / "kosten.csv",
        sep=";",
        encoding="cp1252",
        decimal=",",
        thousands=".",
        dtype={"Von": str, "Bis": str},
    )
    first = orders.sort_values(["at", "Bestellnummer"]).groupby("Kundennummer").first()
    channel = customers.set_index("Kundennummer")["Akquisekanal"]
    first["channel"] = channel.reindex(first.index).fillna(first["Kanal"])
    orders = orders.join(
        first[["month", "channel"]].rename(columns={"month": "cohort"}), on="Kundennummer"
    )
    orders["i"] = (orders["month"] - orders["cohort"]).apply(lambda d: d.n)
    last_complete = orders["month"].max()
    if orders["at"].max() < (last_complete.end_time - pd.Timedelta(days=1)):
        last_complete -= 1
    with bindung.open(demo_full, read_only=True) as ws:
        e = unit_economics(ws)
        fit = workflow.current(ws)
        values = workflow.customer_values(
            ws, fit, horizon_days=LTV_HORIZON_DAYS, as_of=workflow.last_order_day(ws)
        )
        margin = float(ws.settings.margin)
    curves = e.channel_curves.set_index(["channel", "month"])
    sizes = first.groupby(["channel", "month"]).size()
    for (ch, i), row in curves.sample(40, random_state=1).iterrows():
        cohorts = [c for (g, c) in sizes.index if g == ch and c + i <= last_complete]
        n = sum(sizes[(ch, c)] for c in cohorts)
        mine = orders[
            (orders["channel"] == ch) & orders["cohort"].isin(cohorts) & (orders["i"] <= i)
        ]
        assert row["customers"] == n
        assert row["revenue_per_customer"] == pytest.approx(mine["Bestellwert"].sum() / n)
    by_cohort = e.cohort_curves.set_index("cohort")
    cohort_sizes = first.groupby("month").size()
    for c in list(cohort_sizes.index)[::7]:
        for i in (0, 5, 11):
            if c + i > last_complete:
                continue
            mine = orders[(orders["cohort"] == c) & (orders["i"] <= i)]
            assert by_cohort.loc[str(c), str(i)] == pytest.approx(
                mine["Bestellwert"].sum() / cohort_sizes[c]
            )
    # CAC of the last 12 complete months, costs prorated by days
    end = last_complete.end_time.normalize() + pd.Timedelta(days=1)
    start = end - pd.DateOffset(months=12)
    lo = pd.to_datetime(costs["Von"], format="%d.%m.%Y")
    hi = pd.to_datetime(costs["Bis"], format="%d.%m.%Y") + pd.Timedelta(days=1)
    share = ((hi.clip(upper=end) - lo.clip(lower=start)).dt.days.clip(lower=0)) / (hi - lo).dt.days
    costs["in"] = costs["Betrag"] * share
    acquisition = costs[costs["Zweck"] == "Neukundengewinnung"].groupby("Kanal")["in"].sum()
    won = first[(first["at"] >= start) & (first["at"] < end)]
    new = won.groupby("channel").size()
    revenue = orders.groupby("Kundennummer")["Bestellwert"].sum()
    clv = values.set_index("customer_id")["clv"]
    channels = e.channels.set_index("channel")
    for ch, row in channels.iterrows():
        assert row["new_customers"] == new[ch]
        assert row["cac"] == pytest.approx(acquisition.get(ch, 0.0) / new[ch], rel=1e-9)
        ids = won.index[won["channel"] == ch]
        # every new customer has a model value (the ids match), and it adds to the margin
        assert clv.reindex(ids.astype(str)).notna().all()
        assert row["ltv"] > margin * revenue[ids].mean() + 1.0
        ltv = (margin * revenue[ids] + clv.reindex(ids.astype(str)).fillna(0).to_numpy()).mean()
        assert row["ltv"] == pytest.approx(ltv, rel=1e-9)
        curve = curves.loc[ch].reset_index()
        hit = curve.loc[curve["margin_per_customer"] >= row["cac"], "month"]
        assert row["payback_month"] == (
            hit.min() if len(hit) else pytest.approx(math.nan, nan_ok=True)
        )


def test_pooled_adds_the_channels_of_a_cohort() -> None:
    from bindung.insights.economics import pooled

    out = pooled(MATRIX).set_index("cohort")
    assert out.loc["2025-01", "size"] == 3
    assert out.loc["2025-01", "0"] == 150.0
    assert out.loc["2025-01", "1"] == 10.0  # NaN (Ads) + 10 (Shop)
    assert out.loc["2025-01", "2"] == 35.0
    assert math.isnan(out.loc["2025-02", "2"])  # empty in its only channel


def _channel_shop(workspace: Workspace, write: Callable[..., Path]) -> Workspace:
    orders = [
        "order_id,customer_id,ordered_at,revenue",
        "a3,A3,2024-05-01 10:00,40",  # before the window (2025-01 … 2025-12)
        "a1,A1,2025-03-05 10:00,40",
        "a2,A2,2025-06-01 10:00,40",
        "s1,S1,2025-02-01 10:00,40",
        "s2,S2,2025-08-01 10:00,40",
        "g,G,2025-12-31 10:00,40",
    ]
    customers = [
        "customer_id,acquisition_channel,acquisition_cost",
        "A1,Ads,",
        "A2,Ads,",
        "A3,Ads,",
        "G,Ads,",
        "S1,Shop,12",
        "S2,Shop,8",
    ]
    costs = [
        "period_start,period_end,channel,purpose,program,amount",
        "2025-01-01,2025-12-31,Ads,acquisition,Ads,300",
        "2025-01-01,2025-12-31,E-Mail,retention,Newsletter,50",
    ]
    for kind, lines in (("orders", orders), ("customers", customers), ("costs", costs)):
        assert (
            workspace.import_file(kind, write(f"{kind}.csv", "\n".join(lines) + "\n")).rejected == 0
        )
    return workspace


def test_acquisition_costs_equal_the_cost_comparison_by_channel(
    workspace: Workspace, write: Callable[..., Path]
) -> None:
    from bindung.insights.economics import acquisition_costs
    from bindung.metrics.costs import cost_comparison

    _channel_shop(workspace, write)
    matrix = workspace.cohorts(period="month", measure="revenue", by="channel")
    mine, window, start, _ = acquisition_costs(workspace, matrix)
    assert str(start) == "2025-01-01"
    assert window == "2025-01 … 2025-12"
    # Ads: 300 over A1, A2 and G; Shop: no spend recorded in the costs, so the customers'
    # recorded acquisition costs 12 + 8 over S1 and S2 (the catalogue's fallback)
    assert mine.loc["Ads", "new_customers"] == 3
    assert mine.loc["Ads", "acquisition_cost_per_new"] == pytest.approx(100.0)
    assert mine.loc["Shop", "acquisition_spend"] == pytest.approx(20.0)
    assert mine.loc["Shop", "acquisition_cost_per_new"] == pytest.approx(10.0)
    assert "E-Mail" not in mine.index
    engine = cost_comparison(workspace, by="channel")
    engine = engine[engine["period"] == window].set_index("channel")
    for column in ("new_customers", "acquisition_spend", "acquisition_cost_per_new"):
        assert mine[column].to_dict() == pytest.approx(engine.loc[mine.index, column].to_dict())


def test_without_a_clv_model_the_answer_says_why(
    workspace: Workspace, write: Callable[..., Path]
) -> None:
    from bindung.answers import sections

    # nobody bought twice: no purchase model can be fitted, the costs still count
    section = sections.economics(_channel_shop(workspace, write))
    channels = section.table("channels").frame.set_index("channel")
    assert channels.loc["Ads", "cac"] == pytest.approx(100.0)
    assert channels["ltv"].isna().all()
    assert any("No LTV without a CLV model" in f.en for f in section.findings)


@pytest.mark.slow
def test_cdnow_without_new_customers_in_the_window(workspace: Workspace) -> None:
    """The CDNOW log: every customer bought first in early 1997, so its last 12 months have no
    new customers (and it has no costs or channels): the answer stands, without CAC or LTV."""
    from bindung.answers import sections

    master = Path(__file__).resolve().parents[3] / "shared" / "data" / "cdnow" / "CDNOW_master.txt"
    assert workspace.import_file("orders", master, preset="cdnow").rejected == 0
    section = sections.economics(workspace)
    channels = section.table("channels").frame
    assert channels["new_customers"].tolist() == [0.0]
    assert channels["ltv"].isna().all() and channels["flag"].tolist() == ["no_cac"]
    curves = section.table("channel_curves").frame
    # month 0: the 23,570 customers' first-month revenue per customer
    assert curves.loc[curves["month"] == 0, "customers"].iloc[0] == 23_570
