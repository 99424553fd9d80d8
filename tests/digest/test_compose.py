"""The digest reads stored answers only: a small shop counted by hand (the last complete
month's key figures, what changed most, goals met and missed, answers not yet computed), the
command in both languages, and on the 500-customer demo the customers at risk against the
stored value answer."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import bindung
from bindung import answers
from bindung.answers.refresh import refresh
from bindung.cli import app
from bindung.digest import compose, render
from bindung.errors import BindungError

# Orders of a small shop, 2025-01 .. 2025-04 (April ends on its last day: complete).
# January: A, B new; February: A again, C new; March: nobody; April: B, D.
ORDERS = [
    ("A", "2025-01-10", 100),
    ("B", "2025-01-20", 50),
    ("A", "2025-02-05", 70),
    ("C", "2025-02-25", 30),
    ("B", "2025-04-02", 80),
    ("D", "2025-04-30", 20),
]
GOALS = "metric,period,target,priority\nrevenue,2025-04,90,1\nnew_customers,2025-04,3,2\n"


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("digest") / "shop"
    ws = bindung.init(folder, locale="en_GB")
    orders = folder / "orders.csv"
    orders.write_text(
        "order_id,customer_id,ordered_at,revenue\n"
        + "".join(f"O{i},{c},{d} 12:00,{v}\n" for i, (c, d, v) in enumerate(ORDERS)),
        encoding="utf-8",
    )
    goals = folder / "goals.csv"
    goals.write_text(GOALS, encoding="utf-8")
    assert ws.import_file("orders", orders).rejected == 0
    assert ws.import_file("goals", goals).rejected == 0
    ws.close()
    refresh(folder, only=["tiles", "goals", "alerts"])
    return folder


def test_the_last_complete_month_by_hand(shop: Path) -> None:
    d = compose(shop, period="month", lang="en")
    assert d.period == "2025-04"
    assert d.subject == "Bindung · shop · month 2025-04"
    tiles = {t.label: t for t in d.tiles}
    # April: revenue 80 + 20 = 100 (March: 0, so no relative change); new customers: D
    revenue = tiles["Revenue"]
    assert revenue.value == "€100.00"
    new = tiles["New customers (N)"]
    assert new.value == "1"
    # goals: new customers 1 < 3 behind (listed); revenue 100 >= 90 (counted)
    assert [g.level for g in d.goals] == ["warning", "good"]
    assert d.goals[0].text == "Goal New customers (N) 2025-04: 3 – so far: 1: behind."
    assert d.goals[1].text == "Goals met or on track: 1"
    # never computed: the value answer (customers at risk) and the ROI per measure
    assert d.missing == ["Customer value", "ROI per measure"]
    assert d.at_risk == [] and d.next_euro is None


def test_what_changed_most_is_ranked_by_the_size_of_the_change(shop: Path) -> None:
    d = compose(shop, period="month", lang="en")
    stored = answers.section(shop, "tiles", {"period": "month"}, lang="en").tables[0].frame
    april = stored[(stored["period"] == "2025-04") & stored["change"].notna()]
    april = april[april["change"] != 0]
    expected = april.reindex(april["change"].abs().sort_values(ascending=False).index)
    labels = [m.text.split(":")[0] for m in d.movers]
    assert labels == list(expected["label"].head(3))


def test_german_and_english(shop: Path) -> None:
    de, en = (render.text(compose(shop, lang=lang)) for lang in ("de", "en"))
    assert "Kennzahlen" in de and "Umsatz: 100,00\u00a0€" in de
    assert "Key figures" in en and "Revenue: €100.00" in en
    assert "Key figures" not in de and "Kennzahlen" not in en


def test_the_command_prints_it_and_needs_channels_to_send(
    shop: Path, tmp_path: Path, write: Callable[..., Path]
) -> None:
    runner = CliRunner()
    printed = runner.invoke(app, ["digest", "-w", str(shop), "--lang", "de"])
    assert printed.exit_code == 0, printed.output
    assert "Kennzahlen" in printed.stdout
    html = tmp_path / "digest.html"
    runner.invoke(app, ["digest", "-w", str(shop), "--out", str(html)])
    assert html.read_text(encoding="utf-8").startswith('<html lang="en">')
    no_channels = runner.invoke(app, ["digest", "-w", str(shop), "--send"])
    assert no_channels.exit_code == 2
    assert "no channels to send to" in no_channels.stderr
    wrong = runner.invoke(app, ["digest", "-w", str(shop), "--period", "year"])
    assert wrong.exit_code == 2 and "expected month or week" in wrong.stderr


def test_a_failed_send_ends_with_exit_code_1(shop: Path, tmp_path: Path) -> None:
    copy = tmp_path / "shop"
    import shutil

    shutil.copytree(shop, copy)
    toml = copy / "bindung.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8")
        + '\n[digest]\nwebhooks = [{kind = "slack", url_env = "BINDUNG_TEST_NO_SUCH_HOOK"}]\n'
        + "attach_report = false\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["digest", "-w", str(copy), "--send"])
    assert result.exit_code == 1
    assert "not sent: slack after 3 attempts" in result.stderr
    assert "BINDUNG_TEST_NO_SUCH_HOOK is not set" in result.stderr
    (entry,) = [json.loads(x) for x in (copy / "digests.log").read_text().splitlines()]
    assert (entry["channel"], entry["ok"], entry["attempts"]) == ("slack", False, 3)


def test_only_month_or_week(shop: Path) -> None:
    with pytest.raises(BindungError, match="expected month or week"):
        compose(shop, period="quarter")


@pytest.mark.slow
def test_demo_customers_at_risk_are_the_stored_ones(tmp_path: Path) -> None:
    import bindung.demo

    folder = tmp_path / "demo"
    ws, _ = bindung.demo.build(folder, customers=500)
    ws.close()
    refresh(folder, only=["tiles", "goals", "alerts", "value", "measures"])
    for lang in ("de", "en"):
        d = compose(folder, lang=lang, at_risk=4)
        stored = answers.section(folder, "value", {"segment": None}, lang=lang)
        frame = stored.table("at_risk").frame
        top = frame.sort_values("revenue_at_risk", ascending=False).head(4)
        assert [r["customer"] for r in d.at_risk] == [str(c) for c in top["customer_id"]]
        assert [r["segment"] for r in d.at_risk] == list(top["label"])
        goals = answers.section(folder, "goals", lang=lang).findings
        behind = [f.text(lang) for f in goals if f.level != "good"]
        assert sorted(g.text for g in d.goals if g.level != "good") == sorted(behind)
        assert d.missing == []
