"""The complaints section and alerts: layout, findings, alarms and rendering through every view
of :mod:`bindung.report.tables`."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from rich.console import Console

from bindung.report.complaints import (
    REPLY_ALARM_HOURS,
    complaint_alerts,
    complaints_section,
)
from bindung.report.tables import render_terminal, to_csv, to_json, to_xlsx
from bindung.workspace import Workspace

ORDERS = """order_id,customer_id,ordered_at,revenue
O1,K1,2025-12-20 10:00,20
O2,K2,2025-12-21 10:00,30
O3,K3,2025-12-22 10:00,40
O4,K1,2026-02-20 10:00,20
"""
# local times (Europe/Berlin); C4 opened 23:30 on 31 January -> January
COMPLAINTS = """\
complaint_id,customer_id,channel,opened_at,first_reply_at,resolved_at,outcome,compensation
C1,K1,E-Mail,2026-01-10 10:00,2026-01-11 12:00,2026-01-12 10:00,resolved,10.00
C2,K1,E-Mail,2026-01-11 08:00,2026-01-12 12:00,2026-01-16 08:00,partly_resolved,
C3,K2,E-Mail,2026-01-20 09:00,2026-01-21 19:00,,unresolved,
C4,K2,Telefon,2026-01-31 23:30,2026-02-02 00:30,,open,
C5,K3,E-Mail,2026-02-03 10:00,,,open,
C6,K3,Telefon,2026-02-05 10:00,2026-02-06 06:00,2026-02-13 10:00,resolved,25.50
"""


@pytest.fixture
def ws(workspace: Workspace, write: Callable[..., Path]) -> Workspace:
    workspace.import_file("orders", write("orders.csv", ORDERS))
    workspace.import_file("complaints", write("complaints.csv", COMPLAINTS))
    return workspace


def test_section_tables_and_alarm(ws: Workspace) -> None:
    section = complaints_section(ws, period="month")
    keys = [t.key for t in section.tables]
    assert keys == [
        "handling",
        "handling_trend",
        "outcomes",
        "retention_by_outcome",
        "effect_by_outcome",
    ]
    overall = section.table("handling").frame.set_index("channel").loc["all"]
    # reply hours: 26, 28, 34, 25, 20 (C5 never) -> median 26 h = 1560 min > 24 h: alarm
    assert overall["reply_median_minutes"] == pytest.approx(26 * 60)
    assert overall["unanswered"] == 1
    assert overall["resolution_rate"] == pytest.approx(50.0)
    alarms = [f for f in section.findings if f.level == "alarm"]
    assert len(alarms) == 1 and "24" in alarms[0].en and "26,0" in alarms[0].de
    assert REPLY_ALARM_HOURS == 24.0
    trend = section.table("handling_trend").frame
    assert list(trend["period"]) == ["2026-01", "2026-02"]
    assert list(trend["complaints"]) == [4, 2]
    outcomes = section.table("outcomes").frame.set_index("outcome")
    assert outcomes.loc["open", "complaints"] == 2
    assert outcomes.loc["resolved", "share"] == pytest.approx(100 * 2 / 6)
    # too little history for the effect: said in words, not raised
    assert any("cannot be measured" in f.en or "ohne" in f.de for f in section.findings) or (
        not section.table("effect_by_outcome").frame.empty
    )
    window = complaints_section(ws, period="month", start="2026-02")
    assert list(window.table("handling_trend").frame["period"]) == ["2026-02"]
    assert window.table("handling").frame.iloc[0]["complaints"] == 2


def test_section_renders(ws: Workspace, tmp_path: Path) -> None:
    section = complaints_section(ws, period="quarter")
    body = json.loads(to_json(section))
    assert body["tables"]["handling"]["rows"][0]["complaints"] == 6
    assert set(body["tables"]) >= {"handling", "handling_trend", "outcomes"}
    csv_de = to_csv(section, "de")
    assert "Kanal" in csv_de.splitlines()[0] and ";" in csv_de
    assert "channel" in to_csv(section, "en", table="handling").splitlines()[0]
    assert to_xlsx(section, "de", tmp_path / "c.xlsx").exists()
    console = Console(record=True, width=300)
    for lang in ("de", "en"):
        for part in render_terminal(section, lang):
            console.print(part)
    text = console.export_text()
    assert "Bearbeitung" in text and "Handling" in text and "2026-Q1" in text


def test_alerts(ws: Workspace) -> None:
    # as of 12 February 2026 (UTC): C4 (12 days) and C5 (9 days) are open for more than
    # 7 days; C3 (unresolved, 20 January) lies within 90 days
    alerts = {a["key"]: a for a in complaint_alerts(ws, as_of=datetime(2026, 2, 12))}
    assert alerts["open_complaints_old"]["value"] == 2.0
    assert alerts["open_complaints_old"]["threshold"] == 7.0
    assert alerts["open_complaints_old"]["customer_ids"] == ["K2", "K3"]
    assert alerts["unresolved_recent"]["customer_ids"] == ["K2"]
    assert alerts["unresolved_recent"]["threshold"] == 90.0
    # 8 February: C5 is only 5 days open; C3 still recent
    early = {a["key"]: a for a in complaint_alerts(ws, as_of=datetime(2026, 2, 8))}
    assert early["open_complaints_old"]["complaint_ids"] == ["C4"]
    # half a year later nothing is recent any more, both open ones are old
    late = {a["key"] for a in complaint_alerts(ws, as_of=datetime(2026, 8, 1))}
    assert late == {"open_complaints_old"}
    # default: the end of the data (C6 resolved 13 February 09:00 UTC)
    default = {a["key"]: a for a in complaint_alerts(ws)}
    assert default["open_complaints_old"]["as_of"] == datetime(2026, 2, 20, 9, 0)
