"""The business phase's table and findings, rendered through every view; and the finding that
stands in for them without 12 complete months of orders."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from bindung.report.phase import phase_tables
from bindung.report.tables import Section, render_terminal, to_csv, to_json, to_xlsx
from bindung.workspace import Workspace
from tests.insights.test_phase import shop

NBSP = "\u00a0"


def test_section_renders(workspace: Workspace, write: Callable[..., Path], tmp_path: Path) -> None:
    tables, findings = phase_tables(shop(workspace, write))
    assert [t.key for t in tables] == ["phase"]
    assert [f.level for f in findings] == ["info", "info"]
    assert findings[0].de.startswith(
        f"Geschäftsphase: Erfolg. Bestandskunden brachten 83,3{NBSP}% des Umsatzes"
    )
    assert findings[0].en.startswith("Business phase: success. Existing customers brought")
    assert "Rückgewinnung" in findings[1].de and "win-back" in findings[1].en
    section = Section("budget", "Budget", "Budget", tables, findings)

    data = json.loads(to_json(section))
    rows = data["tables"]["phase"]["rows"]
    assert [r["window"] for r in rows] == [
        "2023-01 … 2023-12",
        "2024-01 … 2024-12",
        "2025-01 … 2025-12",
    ]
    assert [r["revenue_existing"] for r in rows] == [300.0, 480.0, 600.0]
    assert rows[0]["new_growth"] is None and rows[1]["new_growth"] == 25.0
    assert rows[2]["start"] == "2025-01-01" and rows[2]["end"] == "2026-01-01"
    units = {c["key"]: c["unit"] for c in data["tables"]["phase"]["columns"]}
    assert units["revenue_new"] == "money" and units["existing_share"] == "percent"
    assert units["new_customers"] == "count"

    csv = to_csv(section, "de", "phase").splitlines()
    assert csv[0].startswith("Zeitraum;von;bis (ausschl.);Neukunden;")
    assert csv[1].startswith("2023-01 … 2023-12;2023-01-01;2024-01-01;4")
    assert ";60,0" in csv[1]  # the existing share with a decimal comma
    assert to_xlsx(section, "en", tmp_path / "phase.xlsx").stat().st_size > 0

    console = Console(width=220, record=True)
    for part in render_terminal(section, "de"):
        console.print(part)
    text = console.export_text()
    assert "Geschäftsphase: Erfolg" in text
    row = next(line for line in text.splitlines() if line.startswith("│ 2025-01"))
    assert f"-20,0{NBSP}%" in row and f"720,00{NBSP}€" in row and f"83,3{NBSP}%" in row
    first = next(line for line in text.splitlines() if line.startswith("│ 2023-01"))
    assert "nicht definiert" in first  # no growth for the first window


def test_too_few_months_gives_one_finding(workspace: Workspace, write: Callable[..., Path]) -> None:
    lines = [
        "order_id,customer_id,ordered_at,revenue",
        "a,A,2024-06-01 10:00,100",
        "b,B,2025-01-20 10:00,100",
    ]
    assert workspace.import_file("orders", write("o.csv", "\n".join(lines) + "\n")).rejected == 0
    tables, findings = phase_tables(workspace)
    assert tables == []
    assert len(findings) == 1
    assert findings[0].de == (
        "Die Geschäftsphase braucht 12 volle Kalendermonate mit Bestellungen; die Daten "
        "enthalten 7."
    )
    assert findings[0].en == (
        "The business phase needs 12 complete calendar months of orders; the data hold 7."
    )


def test_empty_workspace_gives_one_finding(workspace: Workspace) -> None:
    tables, findings = phase_tables(workspace)
    assert tables == [] and "hold 0" in findings[0].en
