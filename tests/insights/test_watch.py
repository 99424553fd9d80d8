"""Alert rules: the seasonal baseline against a computation with pandas, thresholds and changes
by hand, the rules' grammar, and on the demo a planted drop is flagged while the December peaks
are not."""

from __future__ import annotations

import math
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from scipy import stats

import bindung
from bindung.alert_rules import Rule, rule
from bindung.errors import BindungError
from bindung.insights.watch import baseline, check, watch
from bindung.metrics.catalogue import BY_KEY
from bindung.metrics.run import kpi_table
from bindung.workspace import Workspace


def test_the_seasonal_baseline_equals_a_pandas_computation() -> None:
    rng = np.random.default_rng(3)
    months = 30
    season = np.tile([1.0, 0.9, 1.0, 1.0, 1.1, 1.0, 0.9, 0.9, 1.0, 1.1, 1.3, 1.6], 3)[:months]
    values = 1000 * 1.01 ** np.arange(months) * season * np.exp(rng.normal(0, 0.03, months))
    y = pd.Series(values)
    # ŷ_t = y_{t-12} · (y_{t-1} + y_{t-2} + y_{t-3}) / (y_{t-13} + y_{t-14} + y_{t-15})
    recent = y.shift(1) + y.shift(2) + y.shift(3)
    predicted = y.shift(12) * recent / recent.shift(12)
    t = months - 1
    errors = (np.log(y) - np.log(predicted)).iloc[15:t].dropna()
    sigma = errors.std(ddof=1)
    z = stats.norm.ppf(0.995)
    spread = z * sigma * math.sqrt(1 + 1 / len(errors))
    b = baseline(values, t, 0.99)
    assert b is not None and b.errors == len(errors) == 14
    assert b.expected == pytest.approx(predicted.iloc[t])
    assert b.low == pytest.approx(predicted.iloc[t] * math.exp(-spread))
    assert b.high == pytest.approx(predicted.iloc[t] * math.exp(spread))
    # too short: 12 + 3 months before the first prediction, 6 errors before the checked month
    assert baseline(values, 20, 0.99) is None
    assert baseline(values, 21, 0.99) is not None


# Monthly revenue of a small shop, 2025-01 .. 2025-06: 100, 120, 90, 150, 150, 60 (June is
# complete: the last order is on its last day).
MONTHS = [("2025-01", 100), ("2025-02", 120), ("2025-03", 90), ("2025-04", 150)]
MONTHS += [("2025-05", 150), ("2025-06", 60)]


def _shop(ws: Workspace, write: Callable[..., Path]) -> Workspace:
    lines = ["order_id,customer_id,ordered_at,revenue"]
    for i, (month, revenue) in enumerate(MONTHS):
        day = "30" if month == "2025-06" else "15"
        lines.append(f"O{i},C{i % 2},{month}-{day} 12:00,{revenue}")
    assert ws.import_file("orders", write("o.csv", "\n".join(lines) + "\n")).rejected == 0
    return ws


def test_thresholds_and_changes_by_hand(workspace: Workspace, write: Callable[..., Path]) -> None:
    ws = _shop(workspace, write)
    kpis = kpi_table(ws, "month")
    below = check(Rule("revenue", "below", 100.0), kpis)
    assert below is not None
    assert (below.period, below.value, below.alert) == ("2025-06", 60.0, True)
    assert below.revenue_at_risk == pytest.approx(40.0)  # 100 − 60
    assert check(Rule("revenue", "below", 50.0), kpis).alert is False  # type: ignore[union-attr]
    assert check(Rule("revenue", "above", 50.0), kpis).alert is True  # type: ignore[union-attr]
    # June against May: (60 − 150) / 150 = −60 %; a rule on a fall of 50 % alerts
    fall = check(Rule("revenue", "change", -50.0), kpis)
    assert fall is not None and fall.expected == pytest.approx(-60.0) and fall.alert
    assert fall.revenue_at_risk == pytest.approx(90.0)  # 150 − 60
    assert check(Rule("revenue", "change", -70.0), kpis).alert is False  # type: ignore[union-attr]
    # six months are too few for a seasonal baseline: no anomaly check
    assert check(Rule("revenue", "anomaly"), kpis) is None
    found = watch(ws, [{"metric": "revenue", "kind": "below", "value": 100}])
    assert [(c.rule.metric, c.alert) for c in found] == [("revenue", True)]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"metric": "umsatz"}, "not in the catalogue"),
        ({"metric": "revenue", "kind": "drop"}, "expected one of anomaly, below"),
        ({"metric": "revenue", "kind": "below"}, "needs a number as value"),
        ({"metric": "revenue", "kind": "anomaly", "period": "week"}, "anomaly: month"),
        ({"metric": "revenue", "level": 1.0}, r"level must lie in \[0.5, 1\)"),
        ({"metric": "revenue", "limit": 3}, "unknown key"),
    ],
)
def test_wrong_rules_say_what_is_expected(table: dict[str, object], message: str) -> None:
    with pytest.raises(BindungError, match=message):
        rule(table, "alert_rules[0]", BY_KEY)


def test_rules_in_bindung_toml_are_checked(tmp_path: Path) -> None:
    from bindung.config import load
    from bindung.errors import WorkspaceError

    bindung.init(tmp_path / "ws").close()
    path = tmp_path / "ws" / "bindung.toml"
    text = path.read_text(encoding="utf-8").replace(
        "alert_rules = []", 'alert_rules = [{metric = "revenue", kind = "below"}]'
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WorkspaceError, match=r"bindung\.toml: alert_rules\[0\]: kind 'below'"):
        load(tmp_path / "ws")


@pytest.mark.slow
def test_demo_a_planted_drop_is_flagged_and_december_is_not(
    demo_full: Path, tmp_path: Path
) -> None:
    with bindung.open(demo_full, read_only=True) as ws:
        kpis = kpi_table(ws, "month")
        labels = dict(zip(kpis["k"], kpis["period"], strict=False))
        k_of = {v: k for k, v in labels.items()}
        revenue = Rule("revenue", "anomaly")
        for december in ("2024-12", "2025-12"):
            c = check(revenue, kpis, at=k_of[december])
            if c is not None:  # 2024-12 has too little history for a baseline
                assert not c.alert, c
        assert check(revenue, kpis, at=k_of["2025-12"]) is not None
        october = check(revenue, kpis)
        assert october is not None and october.period == "2026-10" and not october.alert
    # plant a drop: 40 % of October 2026's orders (every order whose number ends in 0-3) gone
    copy = tmp_path / "demo"
    shutil.copytree(demo_full, copy, ignore=shutil.ignore_patterns("answers"))
    with duckdb.connect(str(copy / "bindung.duckdb")) as con:
        con.execute(
            "delete from orders where ordered_at >= timestamp '2026-09-30 22:00' "
            "and regexp_matches(order_id, '[0-3]$')"
        )
    with bindung.open(copy, read_only=True) as ws:
        dropped = check(revenue, kpi_table(ws, "month"))
    assert dropped is not None and dropped.alert and dropped.value < dropped.low
    assert dropped.revenue_at_risk == pytest.approx(dropped.expected - dropped.value)
    assert dropped.value == pytest.approx(october.value * 0.6, rel=0.05)
