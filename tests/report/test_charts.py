"""Charts: axis titles in the reader's language, the cohort heat map's colour scale, the
first activity window shaded on the retention chart."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bindung.answers import refresh as refresh_mod
from bindung.answers.registry import spec
from bindung.report import charts
from bindung.report.tables import Column, Table
from bindung.workspace import Workspace


def _cohorts() -> Table:
    matrix = pd.DataFrame(
        {
            "cohort": ["2024-01", "2024-02", "2024-03"],
            "size": [10, 8, 5],
            0: [100.0, 100.0, 100.0],
            1: [40.0, 62.5, math.nan],
            2: [30.0, math.nan, math.nan],
        }
    )
    return charts.cohort_table(matrix)


def test_heatmap_scale_ends_at_the_largest_share_after_the_first_period() -> None:
    fig = charts.heatmap(_cohorts(), "de").figure
    trace = fig["data"][0]
    # by hand: the cells after +0 are 40, 62.5 and 30; +0 (100 % by definition) is left out
    assert trace["zmin"] == 0.0
    assert trace["zmax"] == 62.5
    # cells not reached yet stay empty (no "0", no text)
    assert trace["z"][1][2] is None and trace["z"][2][1] is None
    assert trace["x"] == ["+0", "+1", "+2"]
    assert fig["layout"]["xaxis"]["title"]["text"] == "Perioden nach dem ersten Kauf"
    assert fig["layout"]["yaxis"]["title"]["text"] == "Kohorte"
    en = charts.heatmap(_cohorts(), "en").figure
    assert en["layout"]["xaxis"]["title"]["text"] == "periods after the first purchase"
    assert en["data"][0]["colorbar"]["title"]["text"] == "% active"


def _series(flags: list[bool]) -> Table:
    frame = pd.DataFrame(
        {
            "period": [f"2024-{m:02d}" for m in range(1, len(flags) + 1)],
            "retention_rate": np.linspace(100, 90, len(flags)),
            "warming": flags,
        }
    )
    return Table(
        "retention_over_time",
        "Bindung",
        "Retention",
        [
            Column("period", "Periode", "period"),
            Column("retention_rate", "Bindungsrate", "retention rate", "percent"),
            Column("warming", "erstes Aktivitätsfenster", "first activity window", "flag"),
        ],
        frame,
    )


def test_lines_have_axis_titles_and_shade_each_run_of_flagged_periods() -> None:
    table = _series([True, True, False, False, True, False])
    fig = charts.lines(
        table, "period", ["retention_rate"], "de", flag="warming", flag_text=("früh", "early")
    ).figure
    shapes = fig["layout"]["shapes"]
    # two runs: positions 0-1 and 4
    assert [(s["x0"], s["x1"]) for s in shapes] == [(-0.5, 1.5), (3.5, 4.5)]
    assert {a["text"] for a in fig["layout"]["annotations"]} == {"früh"}
    assert fig["layout"]["xaxis"]["title"]["text"] == "Periode"
    assert fig["layout"]["yaxis"]["title"]["text"] == "Bindungsrate (%)"
    plain = charts.lines(table, "period", ["retention_rate"], "en").figure
    assert "shapes" not in plain["layout"] or not plain["layout"]["shapes"]
    assert plain["layout"]["yaxis"]["title"]["text"] == "retention rate (%)"


def test_bars_and_histogram_name_their_axes() -> None:
    bins = Table(
        "clv_distribution",
        "Verteilung",
        "Distribution",
        [
            Column("low", "CLV von", "CLV from", "money"),
            Column("high", "bis", "to", "money"),
            Column("customers", "Kunden", "customers", "count"),
        ],
        pd.DataFrame({"low": [0.0, 10.0], "high": [10.0, 20.0], "customers": [3, 4]}),
    )
    fig = charts.histogram(bins, "clv", "de", currency="EUR").figure
    assert fig["layout"]["xaxis"]["title"]["text"] == "CLV (EUR)"
    assert fig["layout"]["yaxis"]["title"]["text"] == "Kunden"
    reply = Table(
        "reply_times",
        "Antwortzeiten",
        "Reply times",
        [
            Column("platform", "Plattform", "platform"),
            Column("median_minutes", "Median", "median", "minutes"),
        ],
        pd.DataFrame({"platform": ["instagram"], "median_minutes": [42.0]}),
    )
    bar = charts.bars(reply, "platform", "median_minutes", "en").figure
    assert bar["layout"]["xaxis"]["title"]["text"] == "platform"
    assert bar["layout"]["yaxis"]["title"]["text"] == "median (minutes)"
    effect = Table(
        "by_platform",
        "Wirkung",
        "Effect",
        [
            Column("platform", "Plattform", "platform"),
            Column("effect", "Unterschied %", "difference %", "percent"),
        ],
        pd.DataFrame({"platform": ["instagram"], "effect": [12.5]}),
    )
    # a label that names % already gets no second "(Anteil (%))"
    bar = charts.bars(effect, "platform", "effect", "de").figure
    assert bar["layout"]["yaxis"]["title"]["text"] == "Unterschied %"


@pytest.fixture
def two_years(workspace: Workspace, write: Callable[..., Path]) -> Workspace:
    # first order 2024-03-15 (Berlin); the window of 365 days ends 2025-03-15
    rows = ["order_id,customer_id,ordered_at,revenue"]
    n = 0
    for month in range(3, 13):
        for c in ("A", "B", "C"):
            n += 1
            rows.append(f"o{n},{c},2024-{month:02d}-15 10:00,10.00")
    for month in range(1, 7):
        n += 1
        rows.append(f"o{n},A,2025-{month:02d}-15 10:00,10.00")
    workspace.import_file("orders", write("o.csv", "\n".join(rows) + "\n"))
    return workspace


def test_periods_starting_in_the_first_activity_window_are_flagged(two_years: Workspace) -> None:
    section = refresh_mod.compute(spec("retention"), two_years, {"period": "month"})
    frame = section.table("retention_over_time").frame
    flagged = dict(zip(frame["period"], frame["warming"], strict=True))
    # by hand: a month is flagged when its first day is before 2025-03-15
    for label, value in flagged.items():
        year, month = map(int, label.split("-"))
        assert value == ((year, month) <= (2025, 3)), label
    quarters = refresh_mod.compute(spec("retention"), two_years, {"period": "quarter"})
    q = quarters.table("retention_over_time").frame
    q_flags = {p: bool(v) for p, v in zip(q["period"], q["warming"], strict=True)}
    assert q_flags["2025-Q1"] and not q_flags["2025-Q2"]


def test_whole_numbers_on_a_category_axis_have_no_decimals() -> None:
    table = Table(
        "survival",
        "Überleben",
        "Survival",
        [Column("tenure", "Laufzeit", "tenure"), Column("survival", "Anteil", "share", "percent")],
        pd.DataFrame({"tenure": [0.0, 1.0, 2.0], "survival": [100.0, 90.0, 80.0]}),
    )
    fig = charts.lines(table, "tenure", ["survival"], "de").figure
    assert list(fig["data"][0]["x"]) == ["0", "1", "2"]
    assert fig["layout"]["xaxis"]["type"] == "category"


def test_coded_categories_show_their_labels() -> None:
    platform = Column(
        "platform", "Plattform", "platform", labels=(("all", "alle Plattformen", "all platforms"),)
    )
    table = Table(
        "reply_times",
        "Antwortzeiten",
        "Reply times",
        [platform, Column("median_minutes", "Median", "median", "minutes")],
        pd.DataFrame({"platform": ["instagram", "all"], "median_minutes": [42.0, 40.0]}),
    )
    fig = charts.bars(table, "platform", "median_minutes", "de").figure
    assert list(fig["data"][0]["x"]) == ["instagram", "alle Plattformen"]
