"""``BINDUNG_SALT_FILE``: the e-mail salt outside the workspace (bindung/store/salt.py)."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import pytest

import bindung
from bindung.errors import WorkspaceError
from bindung.store import salt

ORDERS = (
    "Order ID,Customer ID,Order date,Total,Email\n"
    "A1,K1,2024-01-01,5,Anna@Example.de\nA2,K2,2024-01-02,6,bernd@example.de\n"
)


def _hash(key: str, address: str) -> str:
    """The oracle: the documented formula, sha256(salt || lower(address)), by hashlib."""
    return hashlib.sha256((key + address.lower()).encode()).hexdigest()


def _store_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.glob("bindung.duckdb*")))


def test_a_new_workspace_keeps_its_salt_only_in_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "secrets" / "bindung.salt"
    monkeypatch.setenv(salt.ENV, str(secret))
    with bindung.init(tmp_path / "ws") as ws:
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600
        key = secret.read_text().strip()
        assert len(key) == 32
        assert ws.sql("SELECT count(*) AS n FROM bindung_meta WHERE key = 'email_salt'").n[0] == 0
        assert ws.email_hash("anna@example.de") == _hash(key, "anna@example.de")
    assert key.encode() not in _store_bytes(tmp_path / "ws")
    # A second workspace shares the file: the same address, the same hash.
    with bindung.init(tmp_path / "other") as other:
        assert other.email_hash("Anna@Example.de") == _hash(key, "anna@example.de")


def test_an_existing_workspace_moves_its_salt_out_and_its_hashes_keep_matching(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(salt.ENV, raising=False)
    folder = tmp_path / "ws"
    orders = tmp_path / "o.csv"
    orders.write_text(ORDERS)
    with bindung.init(folder) as ws:
        ws.import_file("customers", _customers(tmp_path))
        own = str(ws.sql("SELECT value FROM bindung_meta WHERE key = 'email_salt'").value[0])
        before = ws.email_hash("anna@example.de")
        ws.con.execute("CHECKPOINT")
    assert own.encode() in _store_bytes(folder)  # the oracle for the check below
    secret = tmp_path / "bindung.salt"
    monkeypatch.setenv(salt.ENV, str(secret))
    with bindung.open(folder) as ws:
        assert secret.read_text().strip() == own
        assert ws.email_hash("anna@example.de") == before == _hash(own, "anna@example.de")
        stored = ws.sql("SELECT email_hash FROM customers WHERE customer_id = 'K1'").email_hash[0]
        assert stored == before
        assert ws.forget("anna@example.de").customer_ids[-1] == "K1"
    assert own.encode() not in _store_bytes(folder)
    # Without the variable the workspace refuses to hash rather than use another salt.
    monkeypatch.delenv(salt.ENV)
    with bindung.open(folder) as ws, pytest.raises(WorkspaceError, match="BINDUNG_SALT_FILE"):
        ws.import_file("orders", orders)


def test_a_salt_file_of_another_workspace_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(salt.ENV, raising=False)
    folder = tmp_path / "ws"
    with bindung.init(folder, locale="en_GB") as ws:  # the messages below in English
        ws.import_file("customers", _customers(tmp_path))
    other = tmp_path / "other.salt"
    other.write_text("ab" * 16 + "\n")
    monkeypatch.setenv(salt.ENV, str(other))
    with pytest.raises(WorkspaceError, match="not the one the workspace's e-mail hashes"):
        bindung.open(folder)
    bad = tmp_path / "bad.salt"
    bad.write_text("not a salt")
    monkeypatch.setenv(salt.ENV, str(bad))
    with pytest.raises(WorkspaceError, match="not a salt file"):
        bindung.open(folder)


def _customers(folder: Path) -> Path:
    path = folder / "c.csv"
    path.write_text("customer_id,email\nK1,Anna@Example.de\nK2,bernd@example.de\n")
    return path
