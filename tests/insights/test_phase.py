"""The business phase: the 12-month windows by hand on small shops, the thresholds of ``judge``
at their boundaries, and on the demo against the KPI table and pandas on the orders."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import bindung
from bindung.insights.phase import (
    ADVICE,
    PHASES,
    PhaseUnavailable,
    business_phase,
    complete_months_between,
    judge,
    windows,
)
from bindung.workspace import Workspace

NBSP = "\u00a0"


def shop(workspace: Workspace, write: Callable[..., Path]) -> Workspace:
    """37 complete months (2022-12 … 2025-12) and a partial January 2026; times are local
    (Europe/Berlin).  Three windows: 2023, 2024, 2025; December 2022 lies before them."""
    rows = [
        # before the windows: A1, A2 (first orders on 2022-12-01)
        ("a1-0", "A1", "2022-12-01 10:00", 100),
        ("a2-0", "A2", "2022-12-01 11:00", 100),
        # 2023: new B1..B4 (4 × 50 = 200 new), existing A1 300
        *[(f"b{i}", f"B{i}", "2023-03-10 10:00", 50) for i in range(1, 5)],
        ("a1-1", "A1", "2023-06-01 10:00", 300),
        # 2024: new C1..C4 (4 × 100) and Z (10, at 23:30 local on New Year's Eve) = 410 new;
        # existing A1 100, B1 200, B2 180 = 480
        *[(f"c{i}", f"C{i}", "2024-05-05 10:00", 100) for i in range(1, 5)],
        ("z-0", "Z", "2024-12-31 23:30", 10),
        ("a1-2", "A1", "2024-02-02 10:00", 100),
        ("b1-1", "B1", "2024-07-07 10:00", 200),
        ("b2-1", "B2", "2024-08-08 10:00", 180),
        # 2025: new D1..D4 (4 × 25) and D1 again 20 = 120 new; existing Z 40 (00:30 local on
        # 1 January = 23:30 UTC on 31 December), C1 300, A2 260 = 600
        *[(f"d{i}", f"D{i}", "2025-04-04 10:00", 25) for i in range(1, 5)],
        ("d1-1", "D1", "2025-12-31 23:59", 20),
        ("z-1", "Z", "2025-01-01 00:30", 40),
        ("c1-1", "C1", "2025-06-06 10:00", 300),
        ("a2-1", "A2", "2025-09-09 10:00", 260),
        # partial January 2026: left out
        ("e1", "E1", "2026-01-10 10:00", 999),
    ]
    lines = ["order_id,customer_id,ordered_at,revenue"]
    lines += [f"{o},{c},{t},{r}" for o, c, t, r in rows]
    result = workspace.import_file("orders", write("orders.csv", "\n".join(lines) + "\n"))
    assert result.rejected == 0
    return workspace


def test_windows_by_hand(workspace: Workspace, write: Callable[..., Path]) -> None:
    ws = shop(workspace, write)
    w = windows(ws)
    assert list(w["window"]) == ["2023-01 … 2023-12", "2024-01 … 2024-12", "2025-01 … 2025-12"]
    assert list(w["start"]) == [date(2023, 1, 1), date(2024, 1, 1), date(2025, 1, 1)]
    assert list(w["end"]) == [date(2024, 1, 1), date(2025, 1, 1), date(2026, 1, 1)]
    assert list(w["new_customers"]) == [4, 5, 4]
    assert list(w["revenue"]) == pytest.approx([500, 890, 720])
    assert list(w["revenue_existing"]) == pytest.approx([300, 480, 600])
    assert list(w["revenue_new"]) == pytest.approx([200, 410, 120])
    assert list(w["existing_share"]) == pytest.approx([60.0, 100 * 480 / 890, 100 * 600 / 720])
    assert math.isnan(w["new_growth"].iloc[0])
    assert list(w["new_growth"].iloc[1:]) == pytest.approx([100 * (5 - 4) / 4, 100 * (4 - 5) / 5])
    assert list(w["revenue_growth"].iloc[1:]) == pytest.approx(
        [100 * (890 - 500) / 500, 100 * (720 - 890) / 890]
    )
    # 2025 month by month (local months): Z 40 in January, D1..D4 100 in April, C1 300 in June,
    # A2 260 in September, D1 20 on 31 December 23:59
    monthly_2025 = [40, 0, 0, 100, 0, 300, 0, 0, 260, 0, 0, 20]
    mean = sum(monthly_2025) / 12
    sd = math.sqrt(sum((v - mean) ** 2 for v in monthly_2025) / 12)
    assert w["revenue_cv"].iloc[2] == pytest.approx(100 * sd / mean)
    # the split adds up to the catalogue's revenue of each window
    months = ws.kpis(period="month")
    for row in w.itertuples():
        inside = months[(months["start"] >= row.start) & (months["end"] <= row.end)]
        assert len(inside) == 12
        assert row.revenue_existing + row.revenue_new == pytest.approx(inside["revenue"].sum())


def test_shop_is_in_success(workspace: Workspace, write: Callable[..., Path]) -> None:
    p = business_phase(shop(workspace, write))
    # first order 2022-12-01, latest window ends 2026-01-01: 37 whole months
    assert p.age_months == 37
    assert p.phase == "success"
    assert p.existing_share == pytest.approx(100 * 600 / 720)
    assert p.new_growth == pytest.approx(-20.0)
    assert p.reason_en == (
        f"Existing customers brought 83.3{NBSP}% of the revenue of the last 12 months "
        f"(success: 70{NBSP}% or more) and new customers changed by \u221220.0{NBSP}% against "
        f"the 12 months before (below +10{NBSP}%)."
    )
    assert "83,3" in p.reason_de and "\u221220,0" in p.reason_de
    assert p.advice == ADVICE["success"]


def test_young_shop_is_in_start_by_age(workspace: Workspace, write: Callable[..., Path]) -> None:
    # first order on 15 January 2024; complete months 2024-01 … 2024-12 (January 2025 partial)
    lines = ["order_id,customer_id,ordered_at,revenue", "o0,C0,2024-01-15 10:00,100"]
    lines += [f"o{m},C{m},2024-{m:02d}-10 10:00,100" for m in range(2, 13)]
    lines += ["o0b,C0,2024-12-01 10:00,900", "late,C99,2025-01-20 10:00,5"]
    ws = workspace
    assert ws.import_file("orders", write("o.csv", "\n".join(lines) + "\n")).rejected == 0
    p = business_phase(ws)
    assert len(p.windows) == 1 and p.windows["window"].iloc[0] == "2024-01 … 2024-12"
    # 15 January 2024 to 1 January 2025: 11 whole months; the window has no earlier customers
    assert p.age_months == 11
    assert p.phase == "start"
    assert p.existing_share == 0.0
    assert "11 complete months" in p.reason_en and "11 volle Monate" in p.reason_de


def test_one_window_falls_through_to_the_shares(
    workspace: Workspace, write: Callable[..., Path]
) -> None:
    # 13 complete months (2023-12 … 2024-12): one window, 2024, with X1 from December 2023
    lines = [
        "order_id,customer_id,ordered_at,revenue",
        "x0,X1,2023-12-01 10:00,100",
        "x1,X1,2024-06-01 10:00,500",
        "y1,Y1,2024-03-03 10:00,300",
        "y2,Y2,2025-01-05 10:00,10",
    ]
    ws = workspace
    assert ws.import_file("orders", write("o.csv", "\n".join(lines) + "\n")).rejected == 0
    p = business_phase(ws)
    assert p.age_months == 13
    assert list(p.windows["new_customers"]) == [1]
    assert math.isnan(p.new_growth)
    assert p.existing_share == pytest.approx(100 * 500 / 800)
    assert p.phase == "establishment"
    assert "cannot be judged" in p.reason_en and "nicht beurteilbar" in p.reason_de


def test_fewer_than_12_months(workspace: Workspace, write: Callable[..., Path]) -> None:
    lines = [
        "order_id,customer_id,ordered_at,revenue",
        "a,A,2024-03-01 10:00,100",
        "b,B,2025-01-20 10:00,100",
    ]
    ws = workspace
    assert ws.import_file("orders", write("o.csv", "\n".join(lines) + "\n")).rejected == 0
    with pytest.raises(PhaseUnavailable) as info:
        windows(ws)
    assert info.value.months == 10  # 2024-03 … 2024-12
    assert "10" in info.value.de and "12" in info.value.en


def test_no_orders(workspace: Workspace) -> None:
    with pytest.raises(PhaseUnavailable) as info:
        business_phase(workspace)
    assert info.value.months == 0


@pytest.mark.parametrize(
    ("age", "share", "growth", "expected"),
    [
        (11, 90.0, 50.0, "start"),  # too young, whatever the figures
        (12, 29.99, 50.0, "start"),  # existing share below 30 %
        (12, 30.0, 50.0, "growth"),  # 30 % is no longer start
        (12, 30.0, 10.0, "growth"),  # +10 % is growth
        (12, 30.0, 9.99, "establishment"),
        (12, 69.99, 0.0, "establishment"),
        (12, 70.0, 9.99, "success"),  # 70 % is success
        (12, 70.0, 10.0, "growth"),  # growth is judged before the 70 % rule
        (12, 95.0, -30.0, "success"),
        (12, 29.0, math.nan, "start"),  # growth not judged: the shares decide
        (12, 50.0, math.nan, "establishment"),
        (12, 80.0, math.nan, "success"),
    ],
)
def test_judge_boundaries(age: int, share: float, growth: float, expected: str) -> None:
    phase, de, en = judge(age, share, growth)
    assert phase == expected
    assert de.endswith(".") and en.endswith(".")
    assert ("nicht beurteilbar" in de) == (math.isnan(growth) and age >= 12 and share >= 30)


@pytest.mark.parametrize(
    ("share", "growth", "revenue_growth", "cv", "expected"),
    [
        (50.0, 5.0, 12.0, 20.0, "secure_growth"),  # revenue up, steady sales
        (50.0, 5.0, 10.0, 25.0, "secure_growth"),  # both bounds count
        (50.0, 5.0, 12.0, 25.01, "establishment"),  # unsteady sales
        (50.0, 5.0, 9.99, 5.0, "establishment"),  # revenue not up enough
        (80.0, 5.0, 30.0, 10.0, "secure_growth"),  # judged before the 70 % rule
        (80.0, 12.0, 30.0, 10.0, "growth"),  # new customers first
        (20.0, 5.0, 30.0, 10.0, "start"),  # the start rule first
        (80.0, 5.0, math.nan, 10.0, "success"),  # not judged without the revenue's growth
    ],
)
def test_secure_growth(
    share: float, growth: float, revenue_growth: float, cv: float, expected: str
) -> None:
    assert judge(24, share, growth, revenue_growth, cv)[0] == expected


def test_secure_growth_reason() -> None:
    _, de, en = judge(24, 55.0, 4.0, 15.0, 12.5)
    assert en == (
        f"The revenue changed by +15.0{NBSP}% against the 12 months before and varied from "
        f"month to month by 12.5{NBSP}% (secure growth: +10{NBSP}% or more with at most "
        f"25{NBSP}%); new customers changed by +4.0{NBSP}% against the 12 months before "
        f"(below +10{NBSP}%)."
    )
    assert "+15,0" in de and "12,5" in de


def test_judge_reason_names_the_figures() -> None:
    _, de, en = judge(24, 45.25, 12.5)
    assert de == (
        f"Die Zahl der Neukunden änderte sich um +12,5{NBSP}% gegenüber den 12 Monaten davor "
        f"(Wachstum: ab +10{NBSP}%); Bestandskunden brachten 45,3{NBSP}% des Umsatzes der "
        f"letzten 12 Monate (ab 30{NBSP}%)."
    )
    assert en == (
        f"New customers changed by +12.5{NBSP}% against the 12 months before (growth: "
        f"+10{NBSP}% or more); existing customers brought 45.3{NBSP}% of the revenue of the "
        f"last 12 months (30{NBSP}% or more)."
    )
    _, de, en = judge(24, 20.0, math.nan)
    assert de == f"Bestandskunden brachten 20,0{NBSP}% des Umsatzes der letzten 12 Monate " + (
        f"(Start: unter 30{NBSP}%)."
    )


def test_judge_needs_a_share_once_old_enough() -> None:
    assert judge(3, math.nan, math.nan)[0] == "start"
    with pytest.raises(ValueError, match="existing_share"):
        judge(12, math.nan, 5.0)


def test_advice_for_every_phase() -> None:
    assert set(ADVICE) == set(PHASES)
    for de, en in ADVICE.values():
        assert de and en and de != en
    assert "70–80 %" in ADVICE["start"][1]
    assert "60 %" in ADVICE["establishment"][0] and "40 %" in ADVICE["establishment"][1]
    assert "win-back" in ADVICE["success"][1]
    assert "cross-selling" in ADVICE["secure_growth"][1]


@pytest.mark.parametrize(
    ("first", "end", "months"),
    [
        (date(2022, 12, 1), date(2026, 1, 1), 37),
        (date(2024, 1, 15), date(2025, 1, 1), 11),
        (date(2024, 1, 1), date(2025, 1, 1), 12),
        (date(2025, 12, 31), date(2026, 1, 1), 0),
    ],
)
def test_complete_months_between(first: date, end: date, months: int) -> None:
    assert complete_months_between(first, end) == months


def test_demo_against_kpis_and_orders(demo_full: Path) -> None:
    with bindung.open(demo_full, read_only=True) as ws:
        p = business_phase(ws)
        months = ws.kpis(period="month")
        orders = ws.table("orders").select("customer_id", "ordered_at", "revenue").to_pandas()
        tz = ws.settings.timezone
    w = p.windows
    assert list(w["window"]) == ["2023-11 … 2024-10", "2024-11 … 2025-10", "2025-11 … 2026-10"]
    local = pd.to_datetime(orders["ordered_at"]).dt.tz_localize("UTC").dt.tz_convert(tz)
    revenue = orders["revenue"].astype("float64")
    first = local.groupby(orders["customer_id"]).transform("min")
    previous = math.nan
    for row in w.itertuples():
        inside_months = months[(months["start"] >= row.start) & (months["end"] <= row.end)]
        assert len(inside_months) == 12 and not inside_months["partial"].any()
        assert row.revenue == pytest.approx(inside_months["revenue"].sum())
        assert row.revenue_existing + row.revenue_new == pytest.approx(
            inside_months["revenue"].sum()
        )
        assert row.new_customers == inside_months["new_customers"].sum()
        start = pd.Timestamp(row.start).tz_localize(tz)
        end = pd.Timestamp(row.end).tz_localize(tz)
        inside = (local >= start) & (local < end)
        existing = float(revenue[inside & (first < start)].sum())
        assert row.revenue_existing == pytest.approx(existing)
        assert row.existing_share == pytest.approx(100 * existing / revenue[inside].sum())
        if not math.isnan(previous):
            assert row.new_growth == pytest.approx(100 * (row.new_customers / previous - 1))
        previous = row.new_customers
    # the demo's first window starts with its first month: no customer is older than it
    assert w["revenue_existing"].iloc[0] == 0.0
    assert p.existing_share == w["existing_share"].iloc[-1]
    first_day = local.min().date()
    assert p.age_months == (2026 - first_day.year) * 12 + 11 - first_day.month - (
        1 if first_day.day > 1 else 0
    )
    # by the rule, from the pandas figures: 30 % <= share < 70 %, new customers +10 % or more
    latest = w.iloc[-1]
    assert 30 <= latest["existing_share"] < 70 and latest["new_growth"] >= 10
    assert p.phase == "growth"
