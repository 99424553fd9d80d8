"""The answer commands (compare fans, roi, social, satisfaction, complaints, alerts) on the
demo: every format renders, the languages switch, bad options exit 2 with a message."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

import bindung
from bindung.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_compare_fans_json_and_plain_words(demo_full: Path) -> None:
    code, output = run("compare", "fans", "-w", str(demo_full), "--format", "json", "--lang", "en")
    assert code == 0, output
    body = json.loads(output)
    assert set(body["tables"]) == {"buy_more", "stay", "by_platform"}
    rows = body["tables"]["buy_more"]["rows"]
    within = next(r for r in rows if r["method"] == "within" and r["outcome"] == "orders")
    assert within["low"] < 20 < within["high"]
    assert body["meta"]["seed_claim_percent"] == 28.0
    assert "benchmark from the trade literature (source 001): 28.0" in body["findings"][0]["en"]
    assert "Richtwert laut Fachliteratur (Quelle 001): 28,0" in body["findings"][0]["de"]


def test_compare_fans_csv_table_and_xlsx(demo_full: Path, tmp_path: Path) -> None:
    code, output = run("compare", "fans", "-w", str(demo_full), "--format", "csv", "--table", "x")
    assert code == 2 and "expected one of buy_more, stay, by_platform" in output
    out = tmp_path / "fans.xlsx"
    code, output = run("compare", "fans", "-w", str(demo_full), "--format", "xlsx", "-o", str(out))
    assert code == 0, output
    book = openpyxl.load_workbook(out)
    assert "Befunde" in book.sheetnames
    stay = book[book.sheetnames[1]]
    assert [c.value for c in stay[1]][:3] == ["Ergebnis", "Methode", "Fans"]


def test_roi_calculator_and_measures(demo_full: Path) -> None:
    code, output = run(
        "roi",
        "-w",
        str(demo_full),
        "--clv",
        "2500",
        "--kept",
        "200",
        "--cost",
        "50000",
        "--format",
        "json",
    )
    assert code == 0, output
    assert json.loads(output)["tables"]["roi"]["rows"][0]["roi"] == pytest.approx(900.0)
    code, output = run("roi", "-w", str(demo_full), "--clv", "2500")
    assert code == 2 and "go together" in output
    code, output = run("roi", "-w", str(demo_full), "--format", "xlsx")
    assert code == 2 and "needs --out" in output
    code, output = run("roi", "-w", str(demo_full), "--format", "json", "--lang", "en")
    assert code == 0, output
    body = json.loads(output)
    measures = [r["measure"] for r in body["tables"]["social_roi"]["rows"]]
    assert measures == ["Community-Management", "VIP-Community", "Social media (all)"]
    assert body["meta"]["clv_variant"] == "predicted"


def test_empty_workspace_says_what_to_import(tmp_path: Path) -> None:
    code, output = run("init", str(tmp_path / "ws"), "--locale", "en_GB")
    assert code == 0, output
    code, output = run("compare", "fans", "-w", str(tmp_path / "ws"))
    assert code == 2 and "import orders first" in output


@pytest.mark.parametrize(
    ("command", "tables"),
    [
        ("social", {"reply_times", "reply_trend", "engagement", "engagement_trend"}),
        (
            "satisfaction",
            {
                "nps_overall",
                "nps_trend",
                "nps_by_segment",
                "nps_by_channel",
                "smcss_by_platform",
                "csat",
                "value_of_satisfaction",
            },
        ),
        (
            "complaints",
            {"handling", "handling_trend", "outcomes", "retention_by_outcome", "effect_by_outcome"},
        ),
        ("alerts", {"alerts"}),
    ],
)
def test_answer_commands_render_json(demo_full: Path, command: str, tables: set[str]) -> None:
    args = [command, "-w", str(demo_full), "--format", "json", "--lang", "en"]
    if command != "alerts":
        args += ["--period", "quarter", "--from", "2026-01"]
    code, output = run(*args)
    assert code == 0, output
    body = json.loads(output)
    assert tables <= set(body["tables"]), set(body["tables"])
    assert body["findings"], "every answer says something in plain words"


def test_answer_commands_reject_a_bad_period(demo_full: Path) -> None:
    for command in ("social", "satisfaction", "complaints"):
        code, output = run(command, "-w", str(demo_full), "--period", "fortnight")
        assert code == 2, (command, output)
        assert "fortnight" in output


def test_python_api_returns_the_same_sections(demo_full: Path) -> None:
    import bindung

    with bindung.open(demo_full, read_only=True) as ws:
        social = ws.social(period="quarter")
        assert "smer_b" in social.table("engagement").frame.columns
        assert ws.roi(clv=2500, kept=200, cost=50_000).table().frame["roi"].iloc[0] == 900.0
        alerts = ws.alerts()
        assert all(a.revenue_at_risk >= 0 for a in alerts)
        # the answers of the retention-measures issue: the same sections as the commands
        test = ws.experiment("winback-2026", window_days=92)
        assert test.key == "experiment" and test.tables
        goals = ws.goals().table("goals").frame
        assert set(goals["status"]) <= {
            "met",
            "missed",
            "on track",
            "behind",
            "not started",
            "not measured",
        }
        assert ws.budget(points=3, years=2).table("whatif").frame["year"].tolist() == [1, 2]


def test_satisfaction_measure_roi(demo_full: Path) -> None:
    code, output = run(
        "satisfaction",
        "-w",
        str(demo_full),
        "--points",
        "1,5",  # the demo workspace is German: numbers as German writes them
        "--cost",
        "8000",
        "--format",
        "json",
    )
    assert code == 0, output
    body = json.loads(output)
    row = body["tables"]["measure_roi"]["rows"][0]
    # ((revenue per point x points x margin) - cost) / cost x 100, margin 100 % in the demo
    expected = (row["revenue_per_point"] * 1.5 * 1.0 - 8000) / 8000 * 100
    assert row["roi"] == pytest.approx(expected)
    assert row["low"] < row["roi"] < row["high"]
    code, output = run("satisfaction", "-w", str(demo_full), "--cost", "8000")
    assert code == 2 and "--points and --cost go together" in output


def test_budget_and_loyalty_commands(demo_full: Path) -> None:
    code, output = run("budget", "-w", str(demo_full), "--format", "json", "--points", "5")
    assert code == 0, output
    body = json.loads(output)
    assert {"split", "phase", "whatif"} <= set(body["tables"])
    assert len(body["tables"]["whatif"]["rows"]) == 3
    assert len(body["tables"]["phase"]["rows"]) == 3
    # the model's yearly retention rises by the asked points
    meta = body["meta"]
    assert meta["retention_rate_whatif_percent"] - meta["retention_rate_percent"] == pytest.approx(
        5.0, abs=1e-6
    )
    code, output = run("budget", "-w", str(demo_full), "--years", "0")
    assert code == 2 and "--years" in output
    code, output = run("loyalty", "-w", str(demo_full), "--format", "json", "--lang", "en")
    assert code == 0, output
    body = json.loads(output)
    assert body["tables"]["programmes"]["rows"][0]["members"] > 0
    assert any("trade literature (source 003): 37" in f["en"] for f in body["findings"])
    assert {"members", "members_balance", "members_within"} <= set(body["tables"])
    within = {r["outcome"]: r for r in body["tables"]["members_within"]["rows"]}
    assert within["orders"]["low"] < within["orders"]["ratio"] < within["orders"]["high"]
    text = next(f["en"] for f in body["findings"] if f["en"].startswith("Each member"))
    assert f"+{(within['orders']['ratio'] - 1) * 100:.1f}\u00a0% orders" in text


def test_experiment_show_and_plan(demo_full: Path) -> None:
    truth = json.loads((demo_full / "exports" / "ground_truth.json").read_text())
    planted = truth["effects"]["winback_ab_test"]["uplift_pp"]
    code, output = run(
        "experiment",
        "show",
        "winback-2026",
        "-w",
        str(demo_full),
        "--window-days",
        "92",
        "--format",
        "json",
    )
    assert code == 0, output
    body = json.loads(output)
    share = next(r for r in body["tables"]["differences"]["rows"] if r["outcome"] == "share")
    assert share["low"] < planted < share["high"]
    code, output = run("experiment", "show", "nope", "-w", str(demo_full))
    assert code == 2 and "known experiments: winback-2026" in output
    code, output = run(
        "experiment",
        "plan",
        "--baseline",
        "0.1",
        "--lift",
        "2",
        "--per-week",
        "500",
        "--lang",
        "en",
    )
    assert code == 0 and "3,835 customers per group" in output and "15.3 weeks" in output


def test_goal_set_and_goals(demo_full: Path, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "demo"
    shutil.copytree(demo_full, folder, ignore=shutil.ignore_patterns("exports"))
    code, output = run(
        "goal", "set", "churn_rate", "2026-Q3", "9.5", "-w", str(folder), "--lang", "en"
    )
    assert code == 0 and "Goal churn_rate 2026-Q3: 9.5 (was 8), priority 1" in output
    assert "answers out of date" in output and "goals" in output
    code, output = run("goal", "set", "churn_rate", "2026-Q3", "120", "-w", str(folder))
    assert code == 2 and "target" in output
    code, output = run("goals", "-w", str(folder), "--lang", "en")
    assert code == 0 and "The data or settings changed since" in output  # stale, and says so
    code, output = run("refresh", "--only", "goals", "-w", str(folder), "--lang", "en")
    assert code == 0, output
    code, output = run("goals", "-w", str(folder), "--format", "json", "--lang", "en")
    assert code == 0, output
    body = json.loads(output)
    churn = next(
        r
        for r in body["tables"]["goals"]["rows"]
        if r["metric"] == "churn_rate" and r["period"] == "2026-Q3"
    )
    assert churn["target"] == 9.5
    with bindung.open(folder, read_only=True) as ws:
        kpis = ws.kpis(period="quarter")
    actual = float(kpis.loc[kpis["period"] == "2026-Q3", "churn_rate"].iloc[0])
    assert churn["value"] == pytest.approx(actual)
    assert (actual > 9.5) == ("miss" in json.dumps(churn).lower())
