"""Contact details in free text (survey comments) are replaced at import and counted."""

from __future__ import annotations

from pathlib import Path

import duckdb

import bindung
from bindung.store import migrations
from bindung.workspace import Workspace

SURVEY = (
    "response_id,customer_id,responded_at,survey,score,comment\n"
    'S1,K1,2024-03-01 10:00,nps,9,"Super! Rückruf bitte: 0151 2345678 oder anna@example.de"\n'
    'S2,K2,2024-03-02 10:00,nps,3,"Lieferung am 05.03.2024 kam nicht, Bestellung 4711"\n'
    'S3,K3,2024-03-03 10:00,nps,7,"Tel. 030/1234567, +49 (0)30 1234567, jürgen@müller-shop.de"\n'
    "S4,K4,2024-03-04 10:00,nps,10,\n"
)
# By hand: what each comment must read as stored.
EXPECTED = {
    "S1": "Super! Rückruf bitte: [phone] oder [e-mail]",
    "S2": "Lieferung am 05.03.2024 kam nicht, Bestellung 4711",
    "S3": "Tel. [phone], [phone], [e-mail]",
    "S4": None,
}


def test_comments_lose_addresses_and_phone_numbers_and_the_summary_counts_them(
    workspace: Workspace, tmp_path: Path
) -> None:
    workspace.import_file("orders", _orders(tmp_path))
    path = tmp_path / "survey.csv"
    path.write_text(SURVEY, encoding="utf-8")
    result = workspace.import_file("survey_responses", path)
    assert (result.stored, result.rejected) == (4, 0), result.rejects
    assert result.scrubbed == {"comment": (2, 3)}
    assert any("2 e-mail addresses and 3 phone numbers replaced" in n for n in result.notes)
    stored = workspace.sql("SELECT response_id, comment FROM survey_responses ORDER BY 1")
    got = {
        r: (None if c is None or c != c else c)
        for r, c in zip(stored.response_id, stored.comment, strict=True)
    }
    assert got == EXPECTED
    again = workspace.import_file("survey_responses", path)  # the same rows: duplicates
    assert (again.stored, again.duplicates) == (0, 4)


def test_a_file_without_contact_details_says_nothing(workspace: Workspace, tmp_path: Path) -> None:
    workspace.import_file("orders", _orders(tmp_path))
    path = tmp_path / "survey.csv"
    path.write_text(
        "response_id,customer_id,responded_at,survey,score,comment\n"
        "S1,K1,2024-03-01 10:00,nps,9,Alles gut\n",
        encoding="utf-8",
    )
    result = workspace.import_file("survey_responses", path)
    assert result.scrubbed == {} and not any("[e-mail]" in n for n in result.notes)


def test_comments_stored_before_are_scrubbed_by_the_migration(tmp_path: Path) -> None:
    with bindung.init(tmp_path) as ws:
        ws.import_file("orders", _orders(tmp_path))
        ws.con.execute(
            "INSERT INTO survey_responses (response_id, customer_id, responded_at, survey, "
            "score, comment) VALUES ('S1', 'K1', TIMESTAMP '2024-03-01', 'nps', 9, "
            "'Mail: anna@example.de, Tel 0151 2345678'), ('S2', 'K1', TIMESTAMP '2024-03-02', "
            "'nps', 8, 'ok')"
        )
    con = duckdb.connect(str(tmp_path / "bindung.duckdb"))
    con.execute("UPDATE bindung_meta SET value = '7' WHERE key = 'schema_version'")
    con.close()
    with bindung.open(tmp_path) as ws:
        assert migrations.current_version(ws.con) == migrations.SCHEMA_VERSION
        comments = ws.sql("SELECT comment FROM survey_responses ORDER BY response_id").comment
        assert comments.tolist() == ["Mail: [e-mail], Tel [phone]", "ok"]


def _orders(folder: Path) -> Path:
    path = folder / "o.csv"
    rows = "".join(f"A{i},K{i},2024-01-0{i},5\n" for i in range(1, 5))
    path.write_text("Order ID,Customer ID,Order date,Total\n" + rows)
    return path


def test_a_rejected_survey_row_keeps_its_line_without_phone_numbers(
    workspace: Workspace, tmp_path: Path
) -> None:
    workspace.import_file("orders", _orders(tmp_path))
    path = tmp_path / "survey.csv"
    path.write_text(
        "response_id,customer_id,responded_at,survey,score,comment\n"
        "S1,K1,gestern,nps,9,Ruf an: 0151 2345678 oder anna@example.de\n",
        encoding="utf-8",
    )
    result = workspace.import_file("survey_responses", path)
    assert result.rejected == 1
    raw = workspace.rejects().raw.tolist()
    # By hand: the line as read, the number and the address masked, the rest kept.
    assert raw == ["S1,K1,gestern,nps,9,Ruf an: [phone] oder <e-mail>"]


def test_complaint_and_mention_texts_are_scrubbed_and_found_by_their_usual_headers(
    workspace: Workspace, tmp_path: Path
) -> None:
    workspace.import_file("orders", _orders(tmp_path))
    complaints = tmp_path / "beschwerden.csv"
    complaints.write_text(
        "Ticketnummer;Kundennummer;Eingangsdatum;Beschreibung\n"
        "T1;K1;01.03.2024 10:00;Lieferung fehlt, bitte Rückruf: 0151 2345678\n"
        "T2;K2;02.03.2024 10:00;Mahlgrad zu fein\n",
        encoding="utf-8",
    )
    result = workspace.import_file("complaints", complaints)
    assert result.mapping["text"] == "Beschreibung"
    assert (result.stored, result.scrubbed) == (2, {"text": (0, 1)})
    mentions = tmp_path / "mentions.csv"
    mentions.write_text(
        "mention_id,platform,at,message\n"
        "M1,instagram,2024-03-02 10:00,Schreibt mir: anna@example.de\n",
        encoding="utf-8",
    )
    result = workspace.import_file("social_mentions", mentions)
    assert result.mapping["text"] == "message"
    assert result.scrubbed == {"text": (1, 0)}
    # By hand: what each text must read as stored.
    assert workspace.sql("SELECT text FROM complaints ORDER BY 1").text.tolist() == [
        "Lieferung fehlt, bitte Rückruf: [phone]",
        "Mahlgrad zu fein",
    ]
    assert workspace.sql("SELECT text FROM social_mentions").text.tolist() == [
        "Schreibt mir: [e-mail]"
    ]
