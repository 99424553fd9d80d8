"""``forget`` erases for real (issue 18): the deleted text is gone from the store file's bytes,
the customer's social handles go with their interactions and mentions, the answers showing
rejected raw rows are dropped and the web caches' stamp changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import bindung
from bindung.answers.store import AnswerStore
from bindung.store import schema
from bindung.workspace import Workspace

# Distinctive texts: found in the file's bytes only if the row is there.
SECRET_ID = "KUNDE-QUELLMALZ-4711"
SECRET_TEXT = "Zacharias Quellmalz wohnt in der Unverwechselbarstrasse 17"
ORDERS = (
    "Bestellnummer;Kundennummer;Bestelldatum;Bestellwert;Anzahl\r\n"
    f"A1;{SECRET_ID};05.03.2024 10:00;12,50;1\r\n"
    f"A2;{SECRET_ID};01.02.2024 09:00;10,00;1\r\n"
    "A3;K2;15.03.2024 23:30;99,90;1\r\n"
    # rejected (no date): its raw line holds the customer and the text
    f"A4;{SECRET_ID};kein Datum {SECRET_TEXT};5,00;1\r\n"
    "A5;K2;kein Datum;5,00;1\r\n"
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    workspace = bindung.init(tmp_path / "ws", locale="en_GB")
    workspace.import_file("orders", write(tmp_path / "o.csv", ORDERS))
    return workspace


def _store_bytes(ws: Workspace) -> bytes:
    assert ws.path is not None
    found = b""
    for path in sorted(ws.path.parent.glob(ws.path.name + "*")):  # the store, its WAL
        found += path.read_bytes()
    return found


def test_the_deleted_text_is_gone_from_the_store_files_bytes(ws: Workspace) -> None:
    ws.con.execute("CHECKPOINT")
    # The oracle: the bytes hold the texts before (else the check below proves nothing) ...
    assert SECRET_TEXT.encode() in _store_bytes(ws)
    assert SECRET_ID.encode() in _store_bytes(ws)
    result = ws.forget(SECRET_ID)
    assert result.rows == {"customers": 1, "orders": 2, "rejects": 1}
    ws.close()
    data = _store_bytes(ws)
    assert SECRET_TEXT.encode() not in data
    assert SECRET_ID.encode() not in data
    assert b"Quellmalz" not in data
    # ... and everything else is still there, readable as before.
    with bindung.open(ws.folder) as again:
        assert again.sql("SELECT order_id FROM orders ORDER BY 1").order_id.tolist() == ["A3"]
        assert again.rejects().line.tolist() == [6]
        assert again.imports().stored.tolist() == [3]


def test_a_delete_and_checkpoint_alone_leave_the_text_in_the_file(tmp_path: Path) -> None:
    """Why the store is rewritten: a row deleted from a row group that keeps other rows is
    only marked deleted; its text stays in the file after a checkpoint."""
    ws = bindung.init(tmp_path / "ws", locale="en_GB")
    ws.import_file("orders", write(tmp_path / "o.csv", ORDERS))
    ws.con.execute("DELETE FROM rejects WHERE raw LIKE '%Quellmalz%'")
    ws.con.execute("CHECKPOINT")
    ws.close()
    assert SECRET_TEXT.encode() in _store_bytes(ws)


def test_the_rewritten_store_keeps_every_other_row_and_the_salt(
    ws: Workspace, tmp_path: Path
) -> None:
    ws.import_file(
        "survey_responses",
        write(
            tmp_path / "s.csv",
            "response_id,customer_id,responded_at,survey,score\n"
            f"S1,{SECRET_ID},2024-03-01 10:00,nps,9\nS2,K2,2024-03-02 10:00,nps,3\n",
        ),
    )
    hashed = ws.email_hash("anna@example.de")
    before = {t.name: ws.sql(f"SELECT * FROM {t.name}").astype(str) for t in schema.TABLES}
    meta = ws.sql("SELECT * FROM bindung_meta ORDER BY key")
    log = ws.imports()
    ws.forget(SECRET_ID)
    assert ws.email_hash("anna@example.de") == hashed
    assert ws.sql("SELECT * FROM bindung_meta ORDER BY key").equals(meta)
    pd.testing.assert_frame_equal(ws.imports(), log)
    for name, frame in before.items():
        # The oracle: the rows before, without the erased customer's, by pandas.
        keep = frame
        if "customer_id" in frame.columns:
            keep = frame[frame.customer_id != SECRET_ID]
        after = ws.sql(f"SELECT * FROM {name}").astype(str)
        key = list(frame.columns)
        pd.testing.assert_frame_equal(
            after.sort_values(key).reset_index(drop=True),
            keep.sort_values(key).reset_index(drop=True),
        )
    # The workspace goes on working on the new file (a write, then a read-only open).
    ws.import_file("orders", write(tmp_path / "o2.csv", ORDERS.replace(SECRET_ID, "K3")))
    assert ws.counts()["orders"] == 3
    ws.close()
    with bindung.open(ws.folder, read_only=True) as ro:
        assert ro.counts()["orders"] == 3
    assert not list(ws.folder.glob("*.fresh*"))


def test_social_handles_linked_through_identities_go_with_their_activity(
    ws: Workspace, tmp_path: Path
) -> None:
    ws.import_file(
        "identities",
        write(
            tmp_path / "i.csv",
            f"platform,handle,customer_id\ninstagram,@zq_4711,{SECRET_ID}\ninstagram,@k2,K2\n",
        ),
    )
    ws.import_file(
        "social_posts",
        write(tmp_path / "p.csv", "post_id,platform,published_at\nP1,instagram,2024-03-01 10:00\n"),
    )
    ws.import_file(
        "social_interactions",
        write(
            tmp_path / "si.csv",
            "interaction_id,post_id,platform,actor,kind,at\n"
            "I1,P1,instagram,@zq_4711,like,2024-03-01 11:00\n"
            "I2,P1,instagram,zq_4711,comment,2024-03-01 12:00\n"
            "I3,P1,instagram,@k2,like,2024-03-01 13:00\n"
            "I4,P1,instagram,@someone,like,2024-03-01 14:00\n",
        ),
    )
    ws.import_file(
        "social_mentions",
        write(
            tmp_path / "sm.csv",
            "mention_id,platform,at,author,sentiment\n"
            "M1,instagram,2024-03-02 10:00,@ZQ_4711,negative\n"
            "M2,instagram,2024-03-02 11:00,@k2,positive\n",
        ),
    )
    result = ws.forget(SECRET_ID)
    # By hand: identities 1 (@zq_4711), interactions I1 and I2 (with and without "@"),
    # mention M1 (other case); K2's and the stranger's stay.
    assert result.rows["identities"] == 1
    assert result.rows["social_interactions"] == 2
    assert result.rows["social_mentions"] == 1
    assert ws.sql(
        "SELECT interaction_id FROM social_interactions ORDER BY 1"
    ).interaction_id.tolist() == [
        "I3",
        "I4",
    ]
    assert ws.sql("SELECT mention_id FROM social_mentions").mention_id.tolist() == ["M2"]
    ws.close()
    assert b"zq_4711" not in _store_bytes(ws).lower()


def test_the_texts_of_a_forgotten_customers_complaints_and_mentions_go(
    ws: Workspace, tmp_path: Path
) -> None:
    ws.import_file(
        "complaints",
        write(
            tmp_path / "c.csv",
            "complaint_id,customer_id,opened_at,text\n"
            f"C1,{SECRET_ID},2024-03-01 10:00,{SECRET_TEXT}\nC2,K2,2024-03-01 11:00,Lieferung\n",
        ),
    )
    ws.import_file(
        "social_mentions",
        write(
            tmp_path / "m.csv",
            "mention_id,platform,at,customer_id,text\n"
            f"M1,instagram,2024-03-02 10:00,{SECRET_ID},Quellmalz schreibt: Mahlgrad zu fein\n"
            "M2,instagram,2024-03-02 11:00,K2,Alles gut\n",
        ),
    )
    ws.con.execute("CHECKPOINT")
    assert SECRET_TEXT.encode() in _store_bytes(ws)  # the oracle: there before
    result = ws.forget(SECRET_ID)
    assert result.rows["complaints"] == 1 and result.rows["social_mentions"] == 1
    assert ws.sql("SELECT text FROM complaints").text.tolist() == ["Lieferung"]
    assert ws.sql("SELECT text FROM social_mentions").text.tolist() == ["Alles gut"]
    ws.close()
    assert b"Quellmalz" not in _store_bytes(ws)


def test_the_answers_showing_deleted_rejects_are_dropped_and_the_stamp_changes(
    ws: Workspace,
) -> None:
    from bindung.answers.refresh import refresh

    ws.close()
    outcomes = refresh(ws.folder, only=["imports"])
    assert [o.status for o in outcomes] != [] and all(o.status != "failed" for o in outcomes)
    answers = AnswerStore(ws.folder)
    docs = sorted(p.parent.name for p in answers.root.glob("*/*.json"))
    assert "imports" in docs
    # The oracle: the stored answer shows the rejected raw line (text, not a customer value).
    assert any(
        SECRET_TEXT in p.read_text("utf-8") or SECRET_TEXT.encode() in p.read_bytes()
        for p in answers.root.glob("imports/*")
    )
    stamp = answers.stamp()
    with bindung.open(ws.folder) as again:
        result = again.forget(SECRET_ID)
    assert any(a.startswith("imports/") for a in result.answers)
    assert not list(answers.root.glob("imports/*"))
    assert answers.stamp() != stamp


def test_the_stamp_changes_even_when_no_answer_held_the_customer(ws: Workspace) -> None:
    answers = AnswerStore(ws.folder)
    stamp = answers.stamp()
    assert ws.forget("K2").rows
    assert answers.stamp() is not None and answers.stamp() != stamp


def test_a_leftover_fresh_file_from_a_crashed_rewrite_is_replaced(ws: Workspace) -> None:
    assert ws.path is not None
    leftover = ws.path.with_name(ws.path.name + ".fresh")
    leftover.write_bytes(b"half a copy")
    ws.forget(SECRET_ID)
    assert not leftover.exists()
    assert ws.counts()["orders"] == 1


def test_a_store_copy_holds_what_forget_left(ws: Workspace, tmp_path: Path) -> None:
    """The rewritten file is an ordinary DuckDB store (opened here without Bindung)."""
    ws.forget(SECRET_ID)
    ws.close()
    assert ws.path is not None
    copy = tmp_path / "copy.duckdb"
    shutil.copy(ws.path, copy)
    con = duckdb.connect(str(copy), read_only=True)
    try:
        found = con.execute("SELECT count(*) FROM orders WHERE customer_id = ?", [SECRET_ID])
        assert found.fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM orders").fetchone() == (1,)
    finally:
        con.close()


def test_asking_again_after_an_interrupted_rewrite_finishes_the_erasure(ws: Workspace) -> None:
    """A crash between the deletions and the rename leaves the rows deleted, their bytes in
    the file and a ``.fresh`` leftover: ``forget`` again (nothing left to delete) rewrites."""
    assert ws.path is not None
    ws.con.execute("DELETE FROM rejects WHERE raw LIKE '%Quellmalz%'")
    ws.con.execute("CHECKPOINT")
    ws.path.with_name(ws.path.name + ".fresh").write_bytes(b"half a copy")
    assert SECRET_TEXT.encode() in _store_bytes(ws)
    ws.forget("nobody-at-all")
    ws.con.execute("CHECKPOINT")
    assert SECRET_TEXT.encode() not in _store_bytes(ws)
    assert not ws.path.with_name(ws.path.name + ".fresh").exists()


def test_an_export_naming_the_customer_by_address_only_is_deleted(tmp_path: Path) -> None:
    """A list for an e-mail tool may hold the address without the customer id."""
    ws = bindung.init(tmp_path / "ws", locale="en_GB", contacts_enabled=True)
    ws.import_file("orders", write(tmp_path / "o.csv", ORDERS))
    ws.import_file(
        "contacts",
        write(
            tmp_path / "c.csv",
            f"customer_id,email,first_name\n{SECRET_ID},zq@example.de,Zacharias\n"
            "K2,k2@example.de,Karl\n",
        ),
    )
    exports = ws.folder / "exports"
    exports.mkdir()
    write(exports / "mailchimp.csv", "Email Address,First Name\nzq@example.de,Zacharias\n")
    write(exports / "others.csv", "Email Address,First Name\nk2@example.de,Karl\n")
    result = ws.forget(SECRET_ID)
    assert result.rows["contacts"] == 1
    assert result.files == ("exports/mailchimp.csv",)
    assert not (exports / "mailchimp.csv").exists() and (exports / "others.csv").exists()
    ws.close()
    assert b"zq@example.de" not in _store_bytes(ws)


def test_no_process_opens_the_store_while_its_file_is_replaced(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From closing the old file to opening the new one, an opener waits (here: refused
    after its wait of 0 s): a writer there would write into the file being replaced, and
    its rows would be lost.  Before and after the swap, opening works."""
    import os

    from bindung.errors import BusyError
    from bindung.store import connection

    assert ws.path is not None
    path = ws.path
    seen: list[str] = []
    real_replace = os.replace

    def replace_while_someone_knocks(src: str | Path, dst: str | Path) -> None:
        if Path(dst) != path:  # the answers' files
            real_replace(src, dst)
            return
        try:
            con = connection.connect(path, wait=0.0)
        except BusyError as exc:
            seen.append(str(exc))
        else:  # the race this lock closes: a second writer on the old file
            con.close()
            seen.append("opened")
        real_replace(src, dst)

    monkeypatch.setattr("bindung.workspace.os.replace", replace_while_someone_knocks)
    ws.forget(SECRET_ID)
    assert len(seen) == 1 and "is being rewritten" in seen[0]
    ws.close()
    with bindung.open(ws.folder) as again:  # the lock is released
        assert again.counts()["orders"] == 1


def test_a_customers_reviews_go_and_their_text_is_gone_from_the_file(
    ws: Workspace, tmp_path: Path
) -> None:
    reviews = (
        "review_id;rating;title;reviewed_at;order_reference;email\n"
        f"r1;2;{SECRET_TEXT};06.03.2024 10:00;A1;zacharias@example.de\n"
        "r2;5;Gut;16.03.2024 10:00;A3;k2@example.de\n"
    )
    r = ws.import_file("reviews", write(tmp_path / "r.csv", reviews))
    assert (r.stored, r.rejected) == (2, 0)
    # linked by the order number: r1 is the secret customer's, r2 is K2's
    linked = ws.sql("SELECT review_id, customer_id FROM reviews ORDER BY 1")
    assert linked.customer_id.tolist() == [SECRET_ID, "K2"]
    result = ws.forget(SECRET_ID)
    assert result.rows["reviews"] == 1
    ws.close()
    assert SECRET_TEXT.encode() not in _store_bytes(ws)
    with bindung.open(ws.folder) as again:
        assert again.sql("SELECT review_id FROM reviews").review_id.tolist() == ["r2"]
