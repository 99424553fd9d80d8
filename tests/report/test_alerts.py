"""Alerts: every source's alarms in one list, valued by the revenue at risk of the customers
concerned; thresholds follow bindung.toml."""

from __future__ import annotations

import json
import math
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import bindung
from bindung.insights.risk import customer_risk
from bindung.models import workflow
from bindung.report.alerts import alerts, alerts_section, message
from bindung.report.tables import to_json
from bindung.workspace import Workspace

ORDERS = """order_id,customer_id,ordered_at,revenue
o1,A,2025-01-10 10:00,100
o2,A,2025-06-10 10:00,50
o3,B,2024-01-10 10:00,70
o4,B,2025-05-10 10:00,30
o5,C,2025-06-01 10:00,20
"""


def _fake(*found: dict[str, Any]) -> Callable[[Any], list[dict[str, Any]]]:
    return lambda ws: list(found)


def test_without_a_model_the_risk_is_the_revenue_of_the_last_year(
    workspace: Workspace, write: Callable[..., Path]
) -> None:
    workspace.import_file("orders", write("o.csv", ORDERS))
    # too few repeat buyers for a CLV model: revenue in the 365 days up to the last order
    # (2025-06-10): A 100 + 50, B 30 (its 2024 order is older), C 20
    risk, basis = customer_risk(workspace)
    assert basis == "revenue_12m"
    assert risk.to_dict() == {"A": 150.0, "B": 30.0, "C": 20.0}
    found = alerts(
        workspace,
        [
            _fake(
                {
                    "key": "reply_slow",
                    "platform": "instagram",
                    "value": 75.0,
                    "threshold": 60.0,
                    "customer_ids": ["A", "C"],
                }
            ),
            _fake(
                {
                    "key": "smai_low",
                    "platform": "all",
                    "value": 0.2,
                    "threshold": 0.3,
                    "customer_ids": ["B", "X"],
                }
            ),
        ],
    )
    assert [(a.key, a.customers, a.revenue_at_risk) for a in found] == [
        ("reply_slow", 2, 170.0),  # largest first
        ("smai_low", 2, 30.0),  # X is no customer: no revenue
    ]
    assert (
        message(found[0], "de") == "Antwortzeit instagram: Median 75,0 min – langsamer als 60,0 min"
    )
    section = alerts_section(workspace, found)
    body = json.loads(to_json(section))
    assert body["meta"]["basis"] == "revenue_12m"
    assert body["tables"]["alerts"]["rows"][0]["key"] == "reply_slow"
    assert section.findings[0].level == "alarm"


def test_no_alert_is_good_news(workspace: Workspace) -> None:
    section = alerts_section(workspace, [])
    assert section.findings[0].level == "good"
    assert section.tables[0].frame.empty


def test_demo_thresholds_from_the_settings_and_the_clv_risk(
    demo_full: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "demo"
    shutil.copytree(demo_full, folder, ignore=shutil.ignore_patterns("exports"))
    toml = folder / "bindung.toml"
    # stricter than source 000 (7.5): SMCSS 7.8
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            "alert_smcss_below = 7.5", "alert_smcss_below = 7.8"
        ),
        encoding="utf-8",
    )
    with bindung.open(folder, read_only=True) as ws:
        found = alerts(ws)
        values = workflow.customer_values(
            ws, workflow.current(ws), as_of=workflow.last_order_day(ws)
        )
        responses = ws.table("survey_responses").to_pandas()
    smcss = {a.platform: a for a in found if a.key == "smcss_low"}
    # oracle: the mean SMCSS per platform of the stored responses (pandas)
    means = responses[responses["survey"] == "smcss"].groupby("channel")["score"].mean()
    below = set(means[means < 7.8].index)
    assert below and any(means[p] >= 7.5 for p in below)  # under 7.8 only by the setting
    assert set(smcss) == below
    assert all(a.threshold == 7.8 and a.value < 7.8 for a in smcss.values())
    assert all(a.basis == "clv" for a in found)
    # oracle: CLV x (1 - P(alive)) summed over the customers concerned, from the model values
    risk = (values["clv"] * (1 - values["p_alive"])).set_axis(values["customer_id"])
    with bindung.open(folder, read_only=True) as ws:
        from bindung.report.satisfaction import satisfaction_alerts

        ids = {
            a["platform"]: a["customer_ids"]
            for a in satisfaction_alerts(ws)
            if a["key"] == "smcss_low"
        }
    for platform, a in smcss.items():
        expected = float(risk.reindex(ids[platform]).fillna(0).sum())
        assert a.customers == len(ids[platform])
        assert a.revenue_at_risk == pytest.approx(expected, rel=1e-6)
        assert not math.isnan(a.revenue_at_risk)
