"""KPI tiles of a page: formatted figures, signed changes, tone, targets, sparklines."""

from __future__ import annotations

import math

import pandas as pd

from bindung.report.tables import Column, Section, Table
from bindung.report.tiles import SPARK_BOX, spark_points, tile_views, tone


def _stored(rows: list[dict[str, object]]) -> Section:
    frame = pd.DataFrame(rows)
    table = Table("tiles", "Kennzahlen", "Key figures", [Column("label", "K", "k")], frame)
    return Section("kpis", "Kennzahlen", "Key figures", [table], [], {"currency": "EUR"})


def _row(
    period: str, metric: str, value: float, change: float, **extra: object
) -> dict[str, object]:
    unit = {"retention_rate": "percent", "churn_rate": "percent", "revenue": "money"}[metric]
    return {
        "period": period,
        "partial": extra.get("partial", False),
        "metric": metric,
        "label": metric.replace("_", " "),
        "unit": unit,
        "value": value,
        "previous": math.nan,
        "change": change,
        "target": extra.get("target", math.nan),
        "status": extra.get("status", ""),
        "benchmark": "",
    }


def test_tiles_of_the_shown_period_with_sign_unit_and_tone() -> None:
    rows = []
    for i, p in enumerate(["2026-07", "2026-08", "2026-09", "2026-10"]):
        rows.append(_row(p, "retention_rate", 90.0 + i, 1.0))
        rows.append(_row(p, "churn_rate", 10.0 - i, -1.0 if i else 0.0))
        rows.append(_row(p, "revenue", 1000.0 * (i + 1), 25.0, target=3500.0, status="erreicht"))
    rows.append(_row("2026-11", "retention_rate", 50.0, -43.0, partial=True))
    views = tile_views(_stored(rows), "2026-09", lang="de")
    assert [v.metric for v in views] == ["retention_rate", "churn_rate", "revenue"]
    retention, churn, revenue = views
    # by hand: rates change in percentage points, money relatively; the true minus sign
    assert retention.value == "92,0\u00a0%" and retention.change == "+1,0\u00a0Pp"
    assert churn.change == "−1,0\u00a0Pp"
    assert revenue.value == "3.000,00\u00a0€" and revenue.change == "+25,0\u00a0%"
    # higher retention is good, lower churn is good, more revenue is good
    assert (retention.tone, churn.tone, revenue.tone) == ("good", "good", "good")
    assert revenue.target == "3.500,00\u00a0€" and revenue.status == "met"
    assert revenue.status_text == "erreicht" and retention.target is None
    # the sparkline runs over the complete periods up to the shown one
    assert (retention.spark_from, retention.spark_to) == ("2026-07", "2026-09")
    assert retention.period == "2026-09"
    assert len(retention.spark.split()) == 3
    english = tile_views(_stored(rows), "2026-09", metrics=["revenue"], lang="en")
    assert [v.metric for v in english] == ["revenue"]
    assert english[0].value == "€3,000.00"
    assert tile_views(_stored(rows), "2025-01", lang="de") == []


def test_tone_follows_the_better_direction() -> None:
    assert tone("churn_rate", 2.0) == "bad"
    assert tone("retention_rate", -0.5) == "bad"
    assert tone("retention_rate", 0.0) == ""
    assert tone("retention_rate", math.nan) == ""
    assert tone("no_such_metric", 1.0) == ""


def test_spark_points_place_the_largest_value_at_the_top() -> None:
    width, height = SPARK_BOX
    points = [tuple(map(float, p.split(","))) for p in spark_points([1.0, 3.0, 2.0]).split()]
    assert [x for x, _ in points] == [0.0, width / 2, width]
    ys = [y for _, y in points]
    assert ys[1] == min(ys) and ys[0] == max(ys)  # 3 on top, 1 at the bottom
    assert min(ys) >= 0 and max(ys) <= height
    # an undefined value leaves a gap, not a zero; one value draws nothing
    assert len(spark_points([1.0, math.nan, 2.0]).split()) == 2
    assert spark_points([1.0]) == ""
    assert spark_points([2.0, 2.0]) == f"0.0,{height / 2:.1f} {width:.1f},{height / 2:.1f}"
