"""The goals section: table by priority, findings in German and English, every view renders."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

import bindung
from bindung.ingest.goals import set_goal
from bindung.report.goals import goals_section
from bindung.report.tables import render_terminal, to_csv, to_json, to_xlsx
from bindung.workspace import Workspace

# Revenue 100, 110, 120, 130 in Sep..Dec 2025 and 40 so far in January 2026.
ORDERS = """order_id,customer_id,ordered_at,revenue
o1,c1,2025-09-10 12:00:00,100
o2,c2,2025-10-10 12:00:00,110
o3,c1,2025-11-10 12:00:00,120
o4,c2,2025-12-10 12:00:00,130
o5,c1,2026-01-10 12:00:00,40
"""


@pytest.fixture
def shop(workspace: Workspace, write: Callable[..., Path]) -> Workspace:
    assert workspace.import_file("orders", write("orders.csv", ORDERS)).rejected == 0
    set_goal(workspace, "revenue", "2025-12", 125, priority=2)
    set_goal(workspace, "revenue", "2026-01", 150)
    set_goal(workspace, "nps", "2026", 30, priority=3)
    return workspace


def test_section_table_and_findings(shop: Workspace, tmp_path: Path) -> None:
    section = goals_section(shop)
    frame = section.table("goals").frame
    assert list(frame["priority"]) == [1, 2, 3]
    assert list(frame["status"]) == ["behind", "met", "not measured"]
    en = [f.en for f in section.findings]
    de = [f.de for f in section.findings]
    # Dec: 130 ordered against 125.  Jan: September is the first month of the data and left
    # out, so the line runs through Oct..Dec (k = 1..3: 110, 120, 130) = 100 + 10 k, which is
    # 140 at k = 4 (an exact fit: the band collapses onto it), below the target of 150.
    assert en[0] == (
        "Goal Revenue 2026-01: €150.00 – so far: €40.00; forecast €140.00 "
        "(95 % band €140.00 … €140.00, trend of 3 periods): behind."
    )
    assert de[0] == (
        "Ziel Umsatz 2026-01: 150,00\u00a0€ – bisher: 40,00\u00a0€; Prognose 140,00\u00a0€ "
        "(95-%-Band 140,00\u00a0€ … 140,00\u00a0€, Trend aus 3 Zeiträumen): liegt zurück."
    )
    assert en[1] == "Goal Revenue 2025-12: €125.00 – achieved: €130.00 (met)."
    assert de[1] == "Ziel Umsatz 2025-12: 125,00\u00a0€ – erreicht: 130,00\u00a0€ (erfüllt)."
    assert de[2] == "Ziel NPS 2026: 30,0 – nicht gemessen: keine Daten."
    assert [f.level for f in section.findings] == ["warning", "good", "info"]

    data = json.loads(to_json(section))
    assert "goals" in json.dumps(data)
    csv = to_csv(section, "en")
    assert csv.splitlines()[0].startswith("priority,metric,period,target")
    assert to_xlsx(section, "de", tmp_path / "goals.xlsx").stat().st_size > 0
    console = Console(width=160, record=True)
    for part in render_terminal(section, "de"):
        console.print(part)
    assert "liegt zurück" in console.export_text()


def test_demo_findings_in_german(demo_full: Path) -> None:
    ws = bindung.open(demo_full, read_only=True)
    try:
        section = goals_section(ws)
        q3 = ws.kpis(period="quarter").set_index("period").loc["2026-Q3", "retention_rate"]
        shown = f"{q3:.1f}".replace(".", ",")
        expected = f"Ziel Kundenbindungsrate (CRR) 2026-Q3: 64,0\u00a0% – erreicht: {shown}\u00a0%"
        assert any(f.de.startswith(expected) for f in section.findings), section.findings
        levels = {f.de.split(":")[0]: f.level for f in section.findings}
        assert levels["Ziel Kundenbindungsrate (CRR) 2026-Q1"] == "good"
    finally:
        ws.close()
