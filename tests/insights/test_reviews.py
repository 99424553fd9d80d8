"""Reviews: the rating trend against a hand count (local months, intervals by the t formula),
reviewers against non-reviewers on a hand-made shop where the count is plain, the empty
workspace's finding, the answer and the command; the demo's reviews (slow)."""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from scipy import stats

import bindung
from bindung.insights.reviews import ALL, rating_trend, reviewer_retention
from bindung.report.reviews import reviews_section
from bindung.workspace import Workspace

REVIEWS = (
    "review_id;platform;rating;reviewed_at\n"
    "t1;trustpilot;5;10.01.2025 10:00\n"
    "t2;trustpilot;4;15.01.2025 10:00\n"
    "t3;trustpilot;1;20.01.2025 10:00\n"
    # 00:30 in Berlin on 1 February is 23:30 UTC on 31 January: a February review
    "t4;trustpilot;2;01.02.2025 00:30\n"
    "g1;google;3;05.01.2025 09:00\n"
    # 23:30 in Berlin on 31 January (22:30 UTC): still January
    "g2;google;5;31.01.2025 23:30\n"
)


def test_the_rating_trend_by_hand(workspace: Workspace, write: Callable[..., Path]) -> None:
    assert workspace.import_file("reviews", write("r.csv", REVIEWS)).rejected == 0
    trend = rating_trend(workspace, "month").set_index(["platform", "period"])
    # by hand: trustpilot January 5, 4, 1; February 2; google January 3, 5; all January
    # 5, 4, 1, 3, 5 and February 2
    expected = {
        ("google", "2025-01"): [3, 5],
        ("trustpilot", "2025-01"): [5, 4, 1],
        ("trustpilot", "2025-02"): [2],
        (ALL, "2025-01"): [5, 4, 1, 3, 5],
        (ALL, "2025-02"): [2],
    }
    assert sorted(trend.index) == sorted(expected)
    for key, ratings in expected.items():
        row = trend.loc[key]
        n = len(ratings)
        assert row["reviews"] == n
        assert row["mean"] == pytest.approx(statistics.mean(ratings))
        assert row["low_share"] == pytest.approx(100 * sum(r <= 2 for r in ratings) / n)
        assert row["high_share"] == pytest.approx(100 * sum(r >= 4 for r in ratings) / n)
        if n < 2:
            assert pd.isna(row["low"]) and pd.isna(row["high"])
        else:
            half = stats.t.ppf(0.975, n - 1) * statistics.stdev(ratings) / n**0.5
            # clipped to the scale: google's two reviews give t-bounds beyond 1 and 5
            assert row["low"] == pytest.approx(max(statistics.mean(ratings) - half, 1))
            assert row["high"] == pytest.approx(min(statistics.mean(ratings) + half, 5))
    # all platforms last; the hand-counted January mean of all is 18 / 5
    assert trend.loc[(ALL, "2025-01"), "mean"] == pytest.approx(3.6)
    quarters = rating_trend(workspace, "quarter")
    assert quarters[quarters["platform"] == ALL]["period"].tolist() == ["2025-Q1"]
    assert quarters[quarters["platform"] == ALL]["reviews"].tolist() == [6]


def _shop() -> tuple[str, str]:
    """12 reviewers R01-R12 and 12 customers N01-N12 without a review, all with one order on
    10.03.2023 of 20.00; R01-R08 and N01-N03 order again on 10.06.2024; W1 reviews inside the
    window; zz's order on 31.01.2025 ends the data."""
    orders = ["order_id;customer_id;ordered_at;revenue"]
    reviews = ["review_id;rating;reviewed_at;order_reference"]
    for i in range(1, 13):
        orders.append(f"R{i:02d}a;R{i:02d};10.03.2023 10:00;20,00")
        orders.append(f"N{i:02d}a;N{i:02d};10.03.2023 10:00;20,00")
        rating = 5 if i <= 6 else (1 if i % 2 else 2)
        reviews.append(f"rv{i:02d};{rating};20.03.2023 10:00;R{i:02d}a")
        if i <= 8:
            orders.append(f"R{i:02d}b;R{i:02d};10.06.2024 10:00;20,00")
        if i <= 3:
            orders.append(f"N{i:02d}b;N{i:02d};10.06.2024 10:00;20,00")
    orders.append("W1a;W1;10.03.2023 10:00;20,00")
    reviews.append("rw;4;01.07.2024 10:00;W1a")
    reviews.append("rx;3;01.07.2024 10:00;nobody")  # an order number of no stored order
    orders.append("zz;zz;31.01.2025 12:00;20,00")
    return "\n".join(orders) + "\n", "\n".join(reviews) + "\n"


@pytest.fixture
def shop(workspace: Workspace, write: Callable[..., Path]) -> Workspace:
    orders, reviews = _shop()
    assert workspace.import_file("orders", write("o.csv", orders)).rejected == 0
    r = workspace.import_file("reviews", write("r.csv", reviews))
    assert (r.stored, r.rejected) == (14, 0)
    return workspace


def test_reviewers_against_non_reviewers_by_hand(shop: Workspace) -> None:
    r = reviewer_retention(shop)
    # the data run from 2023-03 to 2025-01: the window is the last 12 months
    assert (r.window_start, r.window_end) == ("2024-02", "2025-01")
    # cohort: R01-R12, N01-N12 and W1 (zz's first order is in the window)
    assert (r.cohort, r.reviewers, r.in_window) == (25, 12, 1)
    raw = next(e for e in r.estimates if e.outcome == "repurchase" and e.method == "raw")
    # by hand: 8 of 12 reviewers, 3 of 12 others bought again in the window
    assert (raw.fans, raw.others) == (12, 12)
    assert raw.fans_value == pytest.approx(100 * 8 / 12)
    assert raw.others_value == pytest.approx(100 * 3 / 12)
    assert raw.value == pytest.approx(100 * (8 / 12 - 3 / 12))
    # identical histories: the weights are all 1 and the weighted difference is the raw one
    weighted = next(e for e in r.estimates if e.outcome == "repurchase" and e.method == "history")
    assert weighted.value == pytest.approx(raw.value)
    assert weighted.low < weighted.value < weighted.high
    # 6 reviewers per band (4-5 and 1-2), none with 3: too few to weight
    assert set(r.skipped_bands) == {"1-2", "3", "4-5"}
    assert not [e for e in r.estimates if e.platform]


def test_a_workspace_without_reviews_says_what_to_import(workspace: Workspace) -> None:
    section = reviews_section(workspace)
    assert [t.frame.empty for t in section.tables] == [True, True]
    assert "Import the review export" in section.findings[0].en


def test_the_reviews_answer_and_command(shop: Workspace) -> None:
    from typer.testing import CliRunner

    from bindung.cli import app

    expected = reviewer_retention(shop)
    folder = shop.folder
    shop.close()
    runner = CliRunner()
    result = runner.invoke(app, ["reviews", "-w", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{") :])
    assert set(data["tables"]) == {"trend", "reviewers"}
    rows = data["tables"]["reviewers"]["rows"]
    raw = next(r for r in rows if r["method"] == "raw" and r["outcome"] == "repurchase")
    assert raw["effect"] == pytest.approx(100 * 5 / 12)
    assert len(rows) == len(expected.estimates)
    result = runner.invoke(app, ["reviews", "-w", str(folder), "--period", "quarter"])
    assert result.exit_code == 0, result.output


@pytest.mark.slow
def test_the_demo_reviews(demo_full: Path) -> None:
    ws = bindung.open(demo_full, read_only=True)
    try:
        file = demo_full / "exports" / "trustedshops_bewertungen.csv"
        raw = pd.read_csv(file)
        stored = ws.sql("SELECT rating, customer_id FROM reviews")
        # every row of the export is stored and linked (e-mail and order number are known)
        assert len(stored) == len(raw)
        assert stored["customer_id"].notna().all()
        assert stored["rating"].mean() == pytest.approx(raw["rating"].mean())
        r = reviewer_retention(ws)
        raw_e = next(e for e in r.estimates if e.outcome == "repurchase" and e.method == "raw")
        weighted = next(
            e for e in r.estimates if e.outcome == "repurchase" and e.method == "history"
        )
        # reviewers are selected on buying (no effect of reviewing is planted): the weighted
        # difference is well below the raw one
        assert weighted.value < raw_e.value / 2
    finally:
        ws.close()


def test_histories_that_separate_the_groups_are_not_weighted(
    workspace: Workspace, write: Callable[..., Path]
) -> None:
    orders, reviews = _shop()
    # every reviewer bought a second time before the window, no other customer did: the
    # history separates the groups perfectly and no weighting can make them alike
    extra = "".join(f"R{i:02d}c;R{i:02d};10.05.2023 10:00;20,00\n" for i in range(1, 13))
    workspace.import_file("orders", write("o.csv", orders + extra))
    workspace.import_file("reviews", write("r.csv", reviews))
    r = reviewer_retention(workspace)
    assert {e.method for e in r.estimates} == {"raw"}
    assert "Perfect separation" in r.skipped_bands[""]
    warned = [f for f in reviews_section(workspace).findings if f.level == "warning"]
    assert len(warned) == 1 and "weighting on purchase history was not possible" in warned[0].en
