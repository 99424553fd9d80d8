"""Saved segments: rules over the customer list, checked against pandas on hand-made rows;
everything that is not a rule over the fields is refused with what is expected; saving,
listing and the command on a small shop."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from bindung.answers.refresh import refresh
from bindung.cli import app
from bindung.segment_rules import (
    FIELDS,
    RuleError,
    check,
    delete,
    mask,
    save,
    saved,
    with_fields,
)

ROWS = pd.DataFrame(
    {
        "customer_id": ["A", "B", "C", "D"],
        "segment": ["champions", "loyal", "at_risk", "champions"],
        "frequency": [5, 3, 1, 2],
        "monetary": [500.0, 90.0, 20.0, 300.0],
        "clv": [800.0, 120.0, math.nan, 400.0],
        "overdue": [False, True, True, False],
        "p_alive": [0.9, 0.5, 0.2, 0.8],
    }
)
ATTRIBUTES = pd.DataFrame(
    {
        "customer_id": ["A", "B", "C", "D"],
        "segment": ["Geschäftskunde", "Privatkunde", "Geschäftskunde", "Privatkunde"],
        "acquisition_channel": ["Instagram", "Empfehlung", "Instagram", None],
        "country": ["DE", "AT", "DE", "DE"],
    }
)


def _picked(rule: str) -> list[str]:
    frame = with_fields(ROWS, ATTRIBUTES)
    return list(frame.loc[mask(frame, rule).to_numpy(), "customer_id"])


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("orders >= 3 and customer_group = 'Geschäftskunde'", ["A"]),
        ("orders >= 3 and customer_group == 'Geschäftskunde'", ["A"]),
        ("clv > 300 or overdue", ["A", "B", "C", "D"]),
        ("clv > 300 and not overdue", ["A", "D"]),
        ("clv < 1000", ["A", "B", "D"]),  # C has no CLV: no comparison holds for it
        ("segment in ['champions', 'loyal'] and revenue > 100", ["A", "D"]),
        ("channel not in ['Instagram']", ["B"]),  # D has no channel
        ("(p_alive < 0.6 or country = 'AT') and orders != 1", ["B"]),
        ("overdue = true", ["B", "C"]),
        ("revenue >= -5", ["A", "B", "C", "D"]),
    ],
)
def test_rules_against_pandas_by_hand(rule: str, expected: list[str]) -> None:
    assert _picked(rule) == expected


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("umsatz > 3", "unknown field 'umsatz'"),
        ("__import__('os')", "Call is not allowed"),
        ("clv > 3 +", "not an expression at column"),
        ("orders.real > 1", "Attribute is not allowed"),
        ("clv + 1 > 3", "BinOp is not allowed"),
    ],
)
def test_what_is_not_a_rule_is_refused(rule: str, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        check(rule)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("segment = 3", "holds texts; put the value in quotes"),
        ("clv > '3'", "holds numbers; write the value without quotes"),
        ("customer_group = 'B2B'", "no customer has 'B2B'; the values are: Geschäftskunde, Priv"),
    ],
)
def test_a_comparison_that_could_only_give_nobody_is_an_error(rule: str, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        _picked(rule)


def test_saved_segments(tmp_path: Path) -> None:
    save(tmp_path, "Stammkunden B2B", "orders >= 3 and customer_group = 'Geschäftskunde'")
    save(tmp_path, "teuer", "clv > 500")
    assert saved(tmp_path) == {
        "Stammkunden B2B": "orders >= 3 and customer_group = 'Geschäftskunde'",
        "teuer": "clv > 500",
    }
    with pytest.raises(RuleError, match="unknown field"):
        save(tmp_path, "kaputt", "umsatz > 1")
    with pytest.raises(RuleError, match="segment name"):
        save(tmp_path, "../x", "clv > 1")
    delete(tmp_path, "teuer")
    assert list(saved(tmp_path)) == ["Stammkunden B2B"]
    with pytest.raises(Exception, match="no saved segment 'teuer'"):
        delete(tmp_path, "teuer")


@pytest.mark.slow
def test_the_commands_on_the_demo(tmp_path: Path) -> None:
    import bindung
    import bindung.demo
    from bindung import answers

    folder = tmp_path / "demo"
    ws, _ = bindung.demo.build(folder, customers=500)
    ws.close()
    refresh(folder, only=["customers"])
    stored = answers.section(folder, "customers", lang="en").table("customers").frame
    with bindung.open(folder, read_only=True) as ws:
        groups = ws.sql("select customer_id, segment as customer_group from customers")
    both = stored.merge(groups, on="customer_id")
    expected = both[(both["frequency"] >= 3) & (both["customer_group"] == "Geschäftskunde")]
    assert 0 < len(expected) < len(stored)
    runner = CliRunner()
    rule = "orders >= 3 and customer_group = 'Geschäftskunde'"
    saved_ = runner.invoke(app, ["segment", "save", "B2B", rule, "-w", str(folder)])
    assert saved_.exit_code == 0, saved_.output
    listed = runner.invoke(app, ["segment", "list", "-w", str(folder), "--lang", "en"])
    assert f"│ {len(expected)} " in listed.stdout
    picked = runner.invoke(
        app, ["customers", "-w", str(folder), "--saved", "B2B", "--format", "json"]
    )
    assert picked.exit_code == 0, picked.output
    import json

    rows = json.loads(picked.stdout)["rows"]
    assert sorted(r["customer_id"] for r in rows) == sorted(expected["customer_id"])
    unknown = runner.invoke(app, ["customers", "-w", str(folder), "--saved", "nope"])
    assert unknown.exit_code == 2 and "kein solches gespeichertes Segment" in unknown.stderr
    english = ["customers", "-w", str(folder), "--saved", "nope", "--lang", "en"]
    unknown = runner.invoke(app, english)
    assert unknown.exit_code == 2 and "no such saved segment" in unknown.stderr


def test_a_rule_error_is_said_in_either_language() -> None:
    with pytest.raises(RuleError) as caught:
        check("umsatz > 3")
    assert str(caught.value) == caught.value.said("en")
    assert caught.value.said("en").startswith("rule 'umsatz > 3': unknown field 'umsatz'")
    german = caught.value.said("de")
    assert german.startswith("Regel 'umsatz > 3': unbekanntes Feld 'umsatz'; erlaubt sind ")
    assert german.endswith(", ".join(FIELDS))
