"""Goals: writing one (validation, upsert, traceability), progress and the trend forecast."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import bindung
from bindung.errors import WorkspaceError
from bindung.ingest.goals import GOAL_FILE, GoalError, set_goal
from bindung.insights.goals import goal_progress, linear_forecast, reaches
from bindung.workspace import Workspace

# One order per month on the 10th: Jul–Dec 2025 revenue 100, 110, …, 150 (a straight line,
# +10 a month), then January 2026 (still running when the data stop) 40 so far.
MONTHLY = [("2025-07", 100), ("2025-08", 110), ("2025-09", 120)]
MONTHLY += [("2025-10", 130), ("2025-11", 140), ("2025-12", 150), ("2026-01", 40)]


def _orders_csv() -> str:
    lines = ["order_id,customer_id,ordered_at,revenue"]
    for i, (month, revenue) in enumerate(MONTHLY):
        lines.append(f"o{i},c{i % 2},{month}-10 12:00:00,{revenue}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def shop(workspace: Workspace, write: Callable[..., Path]) -> Workspace:
    result = workspace.import_file("orders", write("orders.csv", _orders_csv()))
    assert result.rejected == 0
    return workspace


def _goals(ws: Workspace) -> pd.DataFrame:
    return ws.sql("SELECT metric, period, target, priority FROM goals ORDER BY metric, period")


# ----------------------------------------------------------------------------- writing


def test_set_goal_writes_and_upserts(workspace: Workspace) -> None:
    first = set_goal(workspace, "retention_rate", "2026-q1", 75)
    assert (first.period, first.previous_target, first.changed) == ("2026-Q1", None, True)
    second = set_goal(workspace, "retention_rate", "2026-Q1", 80.5, priority=2)
    assert second.previous_target == 75.0
    set_goal(workspace, "nps", "2026", -10, priority=3)
    same = set_goal(workspace, "nps", "2026", -10.0, priority=3)
    assert not same.changed
    goals = _goals(workspace)
    assert goals.to_dict("records") == [
        {"metric": "nps", "period": "2026", "target": -10.0, "priority": 3},
        {"metric": "retention_rate", "period": "2026-Q1", "target": 80.5, "priority": 2},
    ]
    log = workspace.imports()
    assert list(log["kind"]) == ["goals"] * 4
    assert list(log["file"]) == [GOAL_FILE] * 4
    assert list(log["stored"]) == [1, 1, 1, 0]
    assert list(log["duplicates"]) == [0, 0, 0, 1]
    assert list(log["import_id"]) == [1, 2, 3, 4]


def test_set_goal_normalises_period_labels(workspace: Workspace) -> None:
    set_goal(workspace, "churn_rate", "2026-3", 9)
    set_goal(workspace, "revenue", "2026-w5", 1_000_000)
    assert sorted(_goals(workspace)["period"]) == ["2026-03", "2026-W05"]


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("retention", "2026-Q1", 70), "metric"),
        (("'; DROP TABLE goals; --", "2026-Q1", 70), "metric"),
        (("retention_rate", "2026-Q5", 70), "period"),
        (("retention_rate", "2026-03-15", 70), "period"),
        (("retention_rate", "2026-13", 70), "period"),
        (("retention_rate", "Q1", 70), "period"),
        (("retention_rate", "2026-Q1", 120), "target"),
        (("retention_rate", "2026-Q1", -1), "target"),
        (("retention_rate", "2026-Q1", "70"), "target"),
        (("retention_rate", "2026-Q1", math.nan), "target"),
        (("retention_rate", "2026-Q1", True), "target"),
        (("nps", "2026", 101), "target"),
    ],
)
def test_set_goal_refuses_bad_arguments(
    workspace: Workspace, args: tuple[object, ...], named: str
) -> None:
    with pytest.raises(GoalError, match=f"^{named} "):
        set_goal(workspace, *args)  # type: ignore[arg-type]
    assert _goals(workspace).empty
    assert workspace.imports().empty


@pytest.mark.parametrize("priority", [0, -1, 1.5, "1", None])
def test_set_goal_refuses_bad_priority(workspace: Workspace, priority: object) -> None:
    with pytest.raises(GoalError, match=r"^priority .*whole number of at least 1"):
        set_goal(workspace, "revenue", "2026", 10, priority=priority)  # type: ignore[arg-type]
    assert _goals(workspace).empty


def test_set_goal_needs_a_writable_workspace(workspace: Workspace) -> None:
    folder = workspace.folder
    workspace.close()
    ws = bindung.open(folder, read_only=True)
    try:
        with pytest.raises(WorkspaceError, match="read-only"):
            set_goal(ws, "revenue", "2026", 10)
    finally:
        ws.close()


# ----------------------------------------------------------------------------- forecast


def test_forecast_of_a_straight_line_is_the_line() -> None:
    x = np.arange(6)
    fc = linear_forecast(x, 3.0 + 2.0 * x, 9)
    assert fc.value == pytest.approx(21.0)
    assert fc.slope == pytest.approx(2.0)
    assert fc.low == pytest.approx(21.0) and fc.high == pytest.approx(21.0)


def test_forecast_band_is_the_ols_prediction_interval() -> None:
    x = np.arange(6.0)
    y = np.array([10.0, 12.5, 13.0, 16.5, 17.0, 20.5])
    fc = linear_forecast(x, y, 8)
    ols = sm.OLS(y, sm.add_constant(x)).fit()
    pred = ols.get_prediction(np.array([[1.0, 8.0]])).summary_frame(alpha=0.05)
    assert fc.value == pytest.approx(float(pred["mean"].iloc[0]))
    assert fc.low == pytest.approx(float(pred["obs_ci_lower"].iloc[0]))
    assert fc.high == pytest.approx(float(pred["obs_ci_upper"].iloc[0]))


def test_forecast_needs_three_points() -> None:
    with pytest.raises(ValueError, match="at least 3"):
        linear_forecast([0, 1], [1.0, 2.0], 3)


def test_direction() -> None:
    assert reaches(64.0, 64.0, True) and not reaches(63.9, 64.0, True)
    assert reaches(8.0, 8.0, False) and not reaches(8.1, 8.0, False)
    assert reaches(5.0, 4.0, None)


# ----------------------------------------------------------------------------- progress


def test_progress_on_hand_made_orders(shop: Workspace) -> None:
    set_goal(shop, "revenue", "2025-11", 140)  # 140 ordered: met exactly
    set_goal(shop, "revenue", "2025-12", 160, priority=2)  # 150 ordered: missed
    set_goal(shop, "revenue", "2026-01", 155)  # running: the line says 160
    set_goal(shop, "revenue", "2026-03", 200, priority=3)  # after the data
    set_goal(shop, "orders", "2025-Q4", 3)  # three orders (Oct, Nov, Dec)
    set_goal(shop, "smcss", "2026", 8)
    progress = goal_progress(shop)
    assert list(progress["priority"]) == [1, 1, 1, 1, 2, 3]
    rows = progress.set_index(["metric", "period"])

    nov = rows.loc[("revenue", "2025-11")]
    assert (nov["value"], nov["status"], nov["unit"]) == (140.0, "met", "month")
    dec = rows.loc[("revenue", "2025-12")]
    assert (dec["value"], dec["status"]) == (150.0, "missed")
    q4 = rows.loc[("orders", "2025-Q4")]
    assert (q4["value"], q4["status"], q4["unit"]) == (3.0, "met", "quarter")

    # January: 40 so far.  July (k = 0) is the first month of the data, which may have begun
    # before the data, so the trend uses Aug..Dec (100 + 10 k, k = 1..5): 160 at k = 6.
    jan = rows.loc[("revenue", "2026-01")]
    assert jan["value"] == 40.0 and bool(jan["partial"])
    assert jan["forecast"] == pytest.approx(160.0)
    assert jan["forecast_low"] == pytest.approx(160.0)
    assert jan["trend_points"] == 5
    assert jan["status"] == "on track"

    # March lies two months after January (k = 8): 100 + 10 * 8 = 180, not started.
    mar = rows.loc[("revenue", "2026-03")]
    assert mar["status"] == "not started"
    assert mar["forecast"] == pytest.approx(180.0)

    smcss = rows.loc[("smcss", "2026")]
    assert smcss["status"] == "not measured" and "not measured" in smcss["reason_en"]


def test_progress_as_of_a_later_day(shop: Workspace) -> None:
    set_goal(shop, "revenue", "2026-01", 170)
    row = goal_progress(shop, as_of=date(2026, 3, 1)).iloc[0]
    # the month has ended but its data stop on the 10th: still judged on the forecast (160)
    assert row["status"] == "behind"
    before = goal_progress(shop, as_of=date(2025, 12, 20)).iloc[0]
    assert before["status"] == "not started"


def test_no_goals_gives_an_empty_frame(shop: Workspace) -> None:
    assert goal_progress(shop).empty


# ----------------------------------------------------------------------------- demo


def test_demo_progress_matches_kpis(demo_full: Path) -> None:
    ws = bindung.open(demo_full, read_only=True)
    try:
        rows = goal_progress(ws)
        quarters = ws.kpis(period="quarter").set_index("period")
        years = ws.kpis(period="year").set_index("period")
        by_key = rows.set_index(["metric", "period"])
        for period in ("2026-Q1", "2026-Q2", "2026-Q3"):
            got = by_key.loc[("retention_rate", period), "value"]
            assert got == pytest.approx(quarters.loc[period, "retention_rate"])
            assert by_key.loc[("retention_rate", period), "status"] == "met"
        churn = by_key.loc[("churn_rate", "2026-Q3")]
        assert churn["value"] == pytest.approx(quarters.loc["2026-Q3", "churn_rate"])
        assert churn["status"] == ("missed" if churn["value"] > 8 else "met")
        repeat = by_key.loc[("repeat_customer_rate", "2026")]
        assert repeat["value"] == pytest.approx(years.loc["2026", "repeat_customer_rate"])

        # NPS 2026 from the raw responses: % promoters (9–10) − % detractors (0–6), local year.
        zone = ZoneInfo(ws.settings.timezone)
        lo, hi = (
            datetime(y, 1, 1, tzinfo=zone).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
            for y in (2026, 2027)
        )
        scores = ws.sql(
            "SELECT score FROM survey_responses WHERE survey = 'nps' "
            "AND responded_at >= ? AND responded_at < ?",
            [lo, hi],
        )["score"]
        expected = 100 * ((scores >= 9).mean() - (scores <= 6).mean())
        assert by_key.loc[("nps", "2026"), "value"] == pytest.approx(expected)
        for metric in ("smcss", "smrt_median_minutes"):
            assert (by_key.xs(metric, level="metric")["status"] == "not measured").all()
        assert list(rows["priority"]) == sorted(rows["priority"])
    finally:
        ws.close()


def test_demo_running_quarter_forecast_is_the_trend(demo_full: Path) -> None:
    """Judged on 15 Aug 2026, 2026-Q3 runs: the forecast is the line through the six quarters
    2024-Q3 … 2026-Q2 of ws.kpis, refitted here with numpy."""
    ws = bindung.open(demo_full, read_only=True)
    try:
        rows = goal_progress(ws, as_of=date(2026, 8, 15)).set_index(["metric", "period"])
        quarters = ws.kpis(period="quarter").reset_index(drop=True)
        k3 = int(quarters.index[quarters["period"] == "2026-Q3"][0])
        past = quarters.iloc[k3 - 6 : k3]
        slope, intercept = np.polyfit(past.index.to_numpy(float), past["retention_rate"], 1)
        row = rows.loc[("retention_rate", "2026-Q3")]
        assert row["forecast"] == pytest.approx(intercept + slope * k3)
        assert row["forecast_low"] < row["forecast"] < row["forecast_high"]
        assert row["status"] == ("on track" if row["forecast"] >= 64 else "behind")
    finally:
        ws.close()
