"""A crash while DuckDB writes an import's commit never leaves a half import.

The oracle is two stores made independently of the code under test's repair: the store
before the import (``before``) and the store after the same import completed and closed
normally (``after``).  Every crashed store, once opened, must equal one of them, table by
table and row by row, with the import log agreeing.

(a) The import runs in a real subprocess on a real DuckDB file and the process ends without a
checkpoint right after the commit: its write-ahead log is complete.  That log is then cut at
many offsets (every one of the last bytes, where DuckDB 1.5 replays a bulk insert without the
rest of its transaction, and evenly spread ones), as a crash in the middle of writing it
would leave it.  (b) The import is killed (SIGKILL) at many moments, among them just as the
log appears.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import bindung
from bindung.errors import WorkspaceError
from bindung.store import schema

STORE = "bindung.duckdb"
# Ends without closing: no checkpoint, the WAL stays as the commit wrote it.  A large
# checkpoint threshold keeps DuckDB from checkpointing at the commit itself.
CHILD_CRASH_AFTER_COMMIT = (
    "import os, sys, bindung\n"
    "ws = bindung.open(sys.argv[1])\n"
    "ws.con.execute(\"SET checkpoint_threshold = '10GB'\")\n"
    "ws.import_file('orders', sys.argv[2])\n"
    "os._exit(0)\n"
)
CHILD_IMPORT = (
    "import sys, bindung\n"
    "ws = bindung.open(sys.argv[1])\n"
    "print('ready', flush=True)\n"
    "ws.import_file('orders', sys.argv[2])\n"
    "ws.close()\n"
)
# More than one row group (122,880 rows): DuckDB writes it straight into the database file.
BIG = 140_000


def _orders_csv(path: Path, rows: int, start: int = 0, customers: int = 5_000) -> Path:
    lines = ["Bestellnummer;Kundennummer;Bestelldatum;Bestellwert;Anzahl"]
    for i in range(start, start + rows):
        lines.append(
            f"B{i};K{i % customers};{1 + i % 28:02d}.{1 + i % 12:02d}.2024 12:00;{i % 997},50;1"
        )
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def _fingerprint(folder: Path) -> tuple[dict[str, str], list[tuple[object, ...]]]:
    """A digest of every canonical table's rows (import ids left out: the oracle's complete
    import and a replayed one may be numbered alike, but compare on the data), and the log."""
    with bindung.open(folder, read_only=True) as ws:
        digests = {}
        for t in (*schema.TABLES, schema.CONTACTS):
            cols = ", ".join(schema.q(c) for c in t.column_names)
            row = ws.con.execute(
                f"SELECT count(*) || ':' || coalesce(md5(string_agg(CAST(x AS VARCHAR), '|' "
                f"ORDER BY CAST(x AS VARCHAR))), '') FROM (SELECT {cols} FROM {t.name}) x"
            ).fetchone()
            assert row is not None
            digests[t.name] = str(row[0])
        log = ws.con.execute(
            "SELECT import_id, kind, rows_read, stored, rejected, duplicates FROM imports "
            "ORDER BY import_id"
        ).fetchall()
        rejects = ws.con.execute("SELECT count(*) FROM rejects").fetchone()
        digests["rejects"] = str(rejects[0]) if rejects else ""
    return digests, log


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``base`` (one small import), ``big.csv`` (new orders and 20,000 new customers),
    ``done`` (base + big, closed normally) and ``crashed`` (base + big, ended right after the
    commit: database file + complete WAL)."""
    root = tmp_path_factory.mktemp("torn")
    base = root / "base"
    with bindung.init(base, locale="en_GB") as ws:
        ws.import_file("orders", _orders_csv(root / "first.csv", 2_000))
    big = _orders_csv(root / "big.csv", BIG, start=10_000, customers=25_000)
    done = root / "done"
    shutil.copytree(base, done)
    with bindung.open(done) as ws:
        ws.import_file("orders", big)
    crashed = root / "crashed"
    shutil.copytree(base, crashed)
    subprocess.run(
        [sys.executable, "-c", CHILD_CRASH_AFTER_COMMIT, str(crashed), str(big)],
        check=True,
        timeout=300,
        capture_output=True,
    )
    assert (crashed / f"{STORE}.wal").stat().st_size > 0
    return {"root": root, "base": base, "big": big, "done": done, "crashed": crashed}


def _cut_copy(crashed: Path, target: Path, length: int) -> None:
    """``crashed`` with its WAL cut to ``length`` bytes."""
    shutil.copytree(crashed, target)
    wal = target / f"{STORE}.wal"
    with wal.open("r+b") as fh:
        fh.truncate(length)


def _offsets(size: int, last: int, spread: int) -> list[int]:
    """The whole WAL, every one of its ``last`` bytes cut, and ``spread`` even cuts."""
    return sorted({size - k for k in range(last + 1)} | {size * i // spread for i in range(spread)})


def _check_cut_wals(stores: dict[str, Path], last: int, spread: int) -> list[str]:
    before, after = _fingerprint(stores["base"]), _fingerprint(stores["done"])
    assert before != after and after[0]["orders"].startswith(f"{2_000 + BIG}:")
    size = (stores["crashed"] / f"{STORE}.wal").stat().st_size
    outcomes = []
    for length in _offsets(size, last, spread):
        target = stores["root"] / f"cut{length}"
        _cut_copy(stores["crashed"], target, length)
        # Read-only first: it must not show a half import (it refuses, or shows a whole state).
        read_only = target.with_name(target.name + "-ro")
        shutil.copytree(target, read_only)
        try:
            seen = _fingerprint(read_only)
        except WorkspaceError as exc:
            assert "bindung status" in str(exc)
        else:
            assert seen in (before, after), f"cut at {length}/{size}: read-only half import"
        shutil.rmtree(read_only)
        with bindung.open(target, read_only=False) as ws:  # opening for writing repairs
            notices = list(ws.notices)
        state = _fingerprint(target)
        assert state in (before, after), f"cut at {length}/{size}: neither before nor after"
        outcome = "before" if state == before else "after"
        if notices:  # a repair is reported only when rows were left, and it rolls back
            assert outcome == "before" and "rolled back" in notices[0], notices
            outcome = "repaired"
        outcomes.append(outcome)
        shutil.rmtree(target)
    return outcomes


def test_a_wal_cut_at_any_offset_leaves_the_import_whole_or_absent(
    stores: dict[str, Path],
) -> None:
    outcomes = _check_cut_wals(stores, last=24, spread=6)
    # The complete WAL is the whole import; the cuts of its last bytes are where DuckDB
    # replays the bulk insert alone: without the repair those would be half imports.
    assert "repaired" in outcomes, (
        f"{outcomes}: no cut WAL left half an import; if DuckDB no longer replays part of a "
        "commit, decision 0014's reproduction says so too"
    )
    assert "before" in outcomes and "after" in outcomes, outcomes


@pytest.mark.slow
def test_a_wal_cut_at_every_one_of_its_last_bytes(stores: dict[str, Path]) -> None:
    _check_cut_wals(stores, last=200, spread=40)


def test_the_repair_is_reported_and_the_file_imports_again_completely(
    stores: dict[str, Path],
) -> None:
    size = (stores["crashed"] / f"{STORE}.wal").stat().st_size
    target = stores["root"] / "again"
    _cut_copy(stores["crashed"], target, size - 1)
    with bindung.open(target) as ws:
        assert ws.notices and "import its file again" in ws.notices[0]
        assert f"orders {BIG}" in ws.notices[0]
        again = ws.import_file("orders", stores["big"])
        assert (again.stored, again.duplicates) == (BIG, 0)
    assert _fingerprint(target)[0] == _fingerprint(stores["done"])[0]
    shutil.rmtree(target)


def _kill_run(stores: dict[str, Path], target: Path, delay: float | None) -> None:
    """Import big.csv into ``target`` in a subprocess and SIGKILL it ``delay`` seconds after
    it is ready, or (None) the moment its WAL appears."""
    shutil.copytree(stores["base"], target)
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD_IMPORT, str(target), str(stores["big"])],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    wal = target / f"{STORE}.wal"
    if delay is None:
        deadline = time.monotonic() + 120
        while not wal.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.0005)
    else:
        time.sleep(delay)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)


def _check_kills(stores: dict[str, Path], delays: list[float | None]) -> list[str]:
    before, after = _fingerprint(stores["base"]), _fingerprint(stores["done"])
    outcomes = []
    for n, delay in enumerate(delays):
        target = stores["root"] / f"kill{n}"
        _kill_run(stores, target, delay)
        bindung.open(target).close()  # opening for writing repairs
        state = _fingerprint(target)
        assert state in (before, after), f"kill after {delay}: neither before nor after"
        outcomes.append("before" if state == before else "after")
        shutil.rmtree(target)
    return outcomes


def test_sigkill_as_the_wal_appears_and_during_the_import(stores: dict[str, Path]) -> None:
    _check_kills(stores, [None, None, 0.5, 1.5])


@pytest.mark.slow
def test_sigkill_at_many_moments(stores: dict[str, Path]) -> None:
    rng = random.Random(20261207)
    _check_kills(stores, [None] * 6 + [rng.uniform(0.0, 8.0) for _ in range(10)])


def test_bindung_status_repairs_and_says_so(stores: dict[str, Path]) -> None:
    from typer.testing import CliRunner

    from bindung.cli import app

    size = (stores["crashed"] / f"{STORE}.wal").stat().st_size
    target = stores["root"] / "status"
    _cut_copy(stores["crashed"], target, size - 3)
    with pytest.raises(WorkspaceError, match="run `bindung status` to remove them"):
        bindung.open(target, read_only=True)
    result = CliRunner().invoke(app, ["status", "-w", str(target)])
    assert result.exit_code == 0, result.output
    assert "an interrupted import (no. 2) was rolled back" in result.output
    assert f"orders {BIG}" in result.output and "import its file again" in result.output
    assert _fingerprint(target) == _fingerprint(stores["base"])
    shutil.rmtree(target)
