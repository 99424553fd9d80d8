"""The experiment section on the hand workspace of ``tests/insights/test_experiments.py``
(figures computed by hand there): tables, findings in both languages, the SRM alarm and every
view."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from rich.console import Console

from bindung.insights.experiments import ExperimentError, experiment_result, sample_ratio
from bindung.report.experiments import experiment_section
from bindung.report.tables import render_terminal, to_csv, to_json, to_xlsx
from bindung.workspace import Workspace
from tests.insights.test_experiments import import_hand_experiment


@pytest.fixture
def hand(workspace: Workspace, write: Callable[..., Path]) -> Workspace:
    return import_hand_experiment(workspace, write)


def test_section_tables_and_findings(hand: Workspace) -> None:
    s = experiment_section(hand, "spring", window_days=30)
    assert [t.key for t in s.tables] == ["variants", "differences", "srm"]
    variants = s.table("variants").frame
    assert variants["share"].tolist() == [25.0, 75.0]
    assert variants["reference"].tolist() == [True, False]
    diffs = s.table("differences").frame.set_index("outcome")
    assert diffs.loc["share", "value"] == pytest.approx(50.0)
    assert diffs.loc["revenue", "value"] == pytest.approx(20.0 - 5.0)
    share = s.findings[0]
    assert share.de.startswith("treatment erhöhte gegenüber control den Anteil mit Kauf")
    assert "um 50,0\u00a0Pp (95\u00a0% KI" in share.de
    assert "by 50.0\u00a0pp (95\u00a0% CI" in share.en
    # n = 4 per group: the interval includes 0
    assert "nicht von Null zu unterscheiden" in share.de and share.level == "info"
    assert any("CLV" in f.en and "clv fit" in f.en for f in s.findings)
    assert s.meta["window_end"].isoformat() == "2025-03-31"


def test_srm_alarm_finding(hand: Workspace) -> None:
    r = experiment_result(hand, "spring", window_days=30)
    broken = replace(r, srm=sample_ratio({"control": 700, "treatment": 300}))
    s = experiment_section(hand, "spring", result=broken)
    alarm = [f for f in s.findings if f.level == "alarm"]
    assert len(alarm) == 1 and "control 700, treatment 300" in alarm[0].en
    assert "Stichprobenverhältnis" in alarm[0].de
    assert bool(s.table("srm").frame["flagged"].iloc[0])


def test_unknown_experiment_is_a_clear_error(hand: Workspace) -> None:
    with pytest.raises(ExperimentError, match="known experiments: spring, three"):
        experiment_section(hand, "winback")


def test_section_renders_in_every_view(hand: Workspace, tmp_path: Path) -> None:
    s = experiment_section(hand, "spring", window_days=30)
    body = json.loads(to_json(s))
    assert set(body["tables"]) == {"variants", "differences", "srm"}
    assert body["tables"]["variants"]["rows"][0]["clv"] is None
    assert "Anteil mit Kauf %" in to_csv(s, "de")
    assert "share with an order in the window" in to_csv(s, "en", "differences")
    assert to_xlsx(s, "de", tmp_path / "exp.xlsx").stat().st_size > 0
    console = Console(record=True, width=200)
    for part in render_terminal(s, "en"):
        console.print(part)
    text = console.export_text()
    assert "Experiment spring" in text and "75.0" in text
