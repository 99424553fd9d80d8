"""``bindung refresh`` stores every answer once per data version and settings; an import,
``goal set`` or a settings change makes stale exactly what it affects; a read never computes."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

import bindung
from bindung import answers
from bindung.answers import access
from bindung.answers import refresh as refresh_mod
from bindung.answers.registry import REGISTRY
from bindung.cli import app
from bindung.errors import BindungError

ORDERS = """order_id,customer_id,ordered_at,revenue
A1,K1,2024-01-10,100.00
A2,K2,2024-01-20,50.00
A3,K1,2024-02-15,30.00
A4,K3,2024-02-05,20.00
"""
runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    folder = tmp_path / "shop"
    with bindung.init(folder, locale="en_GB") as ws:
        (tmp_path / "o.csv").write_text(ORDERS, encoding="utf-8")
        ws.import_file("orders", tmp_path / "o.csv")
    return folder


def _kpi(folder: Path, period: str, metric: str) -> float | None:
    section = answers.section(folder, "kpis", {"period": "month", "by": None})
    frame = section.table("kpis").frame
    row = frame[(frame["period"] == period) & (frame["metric"] == metric)]
    value = row["value"].iloc[0]
    return None if value != value else float(value)


def test_refresh_stores_the_kpis_a_hand_computation_gives(shop: Path) -> None:
    outcomes = refresh_mod.refresh(shop, only=["kpis", "tiles", "imports"])
    assert {o.status for o in outcomes} == {"computed"}
    # February: S = {K1, K2}, E = {K1, K2, K3}, N = {K3}: (3 - 1) / 2 = 100 %
    assert _kpi(shop, "2024-02", "retention_rate") == pytest.approx(100.0)
    assert _kpi(shop, "2024-02", "revenue") == pytest.approx(50.0)
    assert _kpi(shop, "2024-01", "retention_rate") is None  # S = 0: not defined
    again = refresh_mod.refresh(shop, only=["kpis", "tiles", "imports"])
    assert {o.status for o in again} == {"current"}


def test_an_import_makes_stale_what_reads_orders(shop: Path, tmp_path: Path) -> None:
    refresh_mod.refresh(shop, only=["kpis", "imports", "survival"])
    (tmp_path / "more.csv").write_text(
        "order_id,customer_id,ordered_at,revenue\nA5,K2,2024-02-20,70.00\n", encoding="utf-8"
    )
    with bindung.open(shop) as ws:
        ws.import_file("orders", tmp_path / "more.csv")
    stale = {key for key, _ in refresh_mod.stale(shop)}
    assert {"kpis", "imports"} <= stale
    # the stored answer is still the old one, and a reader is told so
    got = access.get(shop, "kpis", {"period": "month", "by": None}, lang="en")
    assert got.state == "stale" and "bindung refresh" in got.note
    assert _kpi(shop, "2024-02", "revenue") == pytest.approx(50.0)
    outcomes = {(o.key, o.status) for o in refresh_mod.refresh(shop, only=["kpis"])}
    assert ("kpis", "computed") in outcomes
    assert _kpi(shop, "2024-02", "revenue") == pytest.approx(120.0)  # 30 + 20 + 70


def test_goal_set_and_a_settings_change_make_stale_only_what_they_affect(shop: Path) -> None:
    keys = ["kpis", "tiles", "alerts", "imports"]
    refresh_mod.refresh(shop, only=keys)
    code, output = run("goal", "set", "retention_rate", "2024-02", "90", "-w", str(shop))
    assert code == 0, output
    stale = {key for key, _ in refresh_mod.stale(shop) if key in keys}
    assert "tiles" in stale and "kpis" not in stale and "alerts" not in stale
    refresh_mod.refresh(shop, only=keys)
    tiles = answers.section(shop, "tiles", {"period": "month"}, lang="en").table("tiles").frame
    row = tiles[(tiles["period"] == "2024-02") & (tiles["metric"] == "retention_rate")]
    assert float(row["target"].iloc[0]) == 90.0 and row["status"].iloc[0] == "met"  # 100 ≥ 90
    toml = shop / "bindung.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            "alert_smcss_below = 7.5", "alert_smcss_below = 8.0"
        ),
        encoding="utf-8",
    )
    stale = {key for key, _ in refresh_mod.stale(shop) if key in keys}
    assert stale == {"alerts"}


def test_reading_never_computes(shop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    refresh_mod.refresh(shop, only=["kpis", "cohorts"])

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("a read called a builder")

    for key in ("kpis", "cohorts"):
        monkeypatch.setitem(REGISTRY, key, replace(REGISTRY[key], build=refuse))
    code, output = run("kpis", "-w", str(shop), "--format", "json")
    assert code == 0, output
    code, output = run("cohorts", "-w", str(shop), "--format", "json")
    assert code == 0, output
    # --fresh does compute
    result = runner.invoke(app, ["kpis", "-w", str(shop), "--fresh"])
    assert isinstance(result.exception, AssertionError)


def test_a_missing_answer_is_computed_once_and_stored(shop: Path) -> None:
    assert answers.read(shop, "kpis", {"period": "quarter", "by": None}) is None
    got = access.get(shop, "kpis", {"period": "quarter", "by": None}, lang="de")
    assert got.state == "computed" and "gespeichert" in got.note
    stored = answers.read(shop, "kpis", {"period": "quarter", "by": None})
    assert stored is not None
    # options that are not a stored variant are computed, said so, and not stored
    got = access.get(
        shop,
        "kpis",
        {"period": "quarter", "by": None, "basis": "orders"},
        lang="en",
        stored_variant=False,
    )
    assert got.state == "adhoc" and "not stored" in got.note


def test_the_data_not_allowing_an_answer_is_stored_as_its_reason(shop: Path) -> None:
    outcomes = refresh_mod.refresh(shop, only=["fans"])
    assert {o.status for o in outcomes} == {"unavailable"}  # in both languages
    with pytest.raises(BindungError):
        answers.section(shop, "fans")
    code, output = run("compare", "fans", "-w", str(shop))
    assert code == 2 and output.strip()


@pytest.mark.slow
def test_imports_goal_set_and_reads_work_while_a_refresh_runs(shop: Path, tmp_path: Path) -> None:
    """A refresh holds the store only while it copies it: writers and readers go on."""
    code = (
        "import sys, time\n"
        "from dataclasses import replace\n"
        "from bindung.answers import registry, sections\n"
        "from bindung.answers.refresh import refresh\n"
        "spec = registry.REGISTRY['kpis']\n"
        "calls = []\n"
        "def build(ws, **p):\n"
        "    calls.append(1)\n"
        "    if len(calls) == 1:  # the first answer takes 45 s\n"
        "        open(sys.argv[2], 'w').close()\n"
        "        time.sleep(45)\n"
        "    return spec.build(ws, **p)\n"
        "registry.REGISTRY['kpis'] = replace(spec, build=build)\n"
        "refresh(sys.argv[1], only=['kpis'])\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(shop), str(tmp_path / "computing")],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not (tmp_path / "computing").exists():  # until it computes on its snapshot
            assert child.poll() is None, child.communicate()[1]
            assert time.monotonic() < deadline
            time.sleep(0.1)
        (tmp_path / "more.csv").write_text(
            "order_id,customer_id,ordered_at,revenue\nA9,K9,2024-02-21,5.00\n", encoding="utf-8"
        )
        code, output = run("import", "orders", str(tmp_path / "more.csv"), "-w", str(shop))
        assert code == 0, output
        code, output = run("goal", "set", "revenue", "2024-02", "100", "-w", str(shop))
        assert code == 0, output
        code, output = run("status", "-w", str(shop))
        assert code == 0, output
        # all three finished while the refresh was still computing: nobody waited for it
        assert child.poll() is None, "the refresh should still be running"
    finally:
        _, err = child.communicate(timeout=300)
    assert child.returncode == 0, err
    # the refresh stored what it saw at its snapshot: now stale, the import came after
    assert {key for key, _ in refresh_mod.stale(shop)} >= {"kpis"}


def _repeat_buyers(folder: Path, tmp_path: Path) -> None:
    """A shop of 150 customers through 2024: each buys at their own rhythm until they drop
    out (enough repeat buyers, and dropping out, for the CLV models)."""
    import numpy as np

    rng = np.random.default_rng(4)
    lines = ["order_id,customer_id,ordered_at,revenue"]
    for c in range(150):
        day, stop = int(rng.integers(0, 120)), rng.exponential(200.0)
        gap, start, n = rng.gamma(2.0, 20.0), None, 0
        while day < 365 and (start is None or day - start < stop):
            start = day if start is None else start
            at = np.datetime64("2024-01-01") + np.timedelta64(day, "D")
            lines.append(f"O{c}-{n},K{c},{at},{20 + 5 * (c % 7) + n}.00")
            day += 1 + int(rng.exponential(gap))
            n += 1
    (tmp_path / "orders.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with bindung.init(folder, locale="en_GB") as ws:
        ws.import_file("orders", tmp_path / "orders.csv")


def test_an_answer_computed_alone_uses_the_fit_the_refresh_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refresh keeps its CLV fit beside the answers; an answer computed on its own on the
    same data (``--fresh``) uses it instead of fitting again, and after an import it fits."""
    from bindung.answers.store import AnswerStore
    from bindung.models import workflow

    folder = tmp_path / "shop"
    _repeat_buyers(folder, tmp_path)
    outcomes = refresh_mod.refresh(folder, only=["clv"])
    assert [o.status for o in outcomes] == ["computed"]
    kept = AnswerStore(folder).read_fit()
    assert kept is not None
    stored = answers.section(folder, "clv", {}).tables[0].frame

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("fitted again")

    monkeypatch.setattr(workflow, "fit", refuse)
    with bindung.open(folder, read_only=True) as ws:
        assert kept["data_version"] == ws.data_version()
        again = refresh_mod.compute(REGISTRY["clv"], ws, {}).tables[0].frame
    # the same fit: the same parameters, to the digit
    assert again.to_dict("records") == stored.to_dict("records")
    # new data: the kept fit is out of date, and the answer fits (refused here)
    (tmp_path / "more.csv").write_text(
        "order_id,customer_id,ordered_at,revenue\nX1,K1,2024-12-30,10.00\n", encoding="utf-8"
    )
    with bindung.open(folder) as ws:
        ws.import_file("orders", tmp_path / "more.csv")
    with bindung.open(folder, read_only=True) as ws, pytest.raises(AssertionError, match="fitted"):
        refresh_mod.compute(REGISTRY["clv"], ws, {})


def test_answers_stored_by_other_code_are_out_of_date(
    shop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fingerprint holds a hash of Bindung's own code: after an upgrade (a fixed formula,
    a new column) every stored answer is recomputed by the next refresh, not kept until new
    data arrive."""
    from bindung.answers import registry

    refresh_mod.refresh(shop, only=["kpis", "imports"])
    assert not {"kpis", "imports"} & {key for key, _ in refresh_mod.stale(shop)}
    monkeypatch.setattr(registry, "code_version", lambda: "another-version")
    assert {"kpis", "imports"} <= {key for key, _ in refresh_mod.stale(shop)}
    outcomes = refresh_mod.refresh(shop, only=["kpis", "imports"])
    assert {o.status for o in outcomes} == {"computed"}
    assert not {"kpis", "imports"} & {key for key, _ in refresh_mod.stale(shop)}
