from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

import bindung
from bindung.errors import WorkspaceError
from bindung.store import migrations


def test_a_new_store_is_at_the_current_schema_version(tmp_path: Path) -> None:
    with bindung.init(tmp_path) as ws:
        assert migrations.current_version(ws.con) == migrations.SCHEMA_VERSION
        salt = ws.sql("SELECT value FROM bindung_meta WHERE key = 'email_salt'")
        assert len(salt.iloc[0, 0]) == 32


def test_migrating_twice_changes_nothing(tmp_path: Path) -> None:
    with bindung.init(tmp_path) as ws:
        salt = ws.sql("SELECT * FROM bindung_meta ORDER BY key")
        assert migrations.migrate(ws.con) == []
        assert ws.sql("SELECT * FROM bindung_meta ORDER BY key").equals(salt)


def test_a_store_from_a_newer_bindung_is_refused(tmp_path: Path) -> None:
    bindung.init(tmp_path).close()
    con = duckdb.connect(str(tmp_path / "bindung.duckdb"))
    con.execute("UPDATE bindung_meta SET value = '999' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(WorkspaceError, match="schema version 999, newer than this Bindung"):
        bindung.open(tmp_path)


def test_a_version_1_store_gains_the_models_table_and_keeps_its_data(tmp_path: Path) -> None:
    with bindung.init(tmp_path) as ws:
        orders = tmp_path / "o.csv"
        orders.write_text("Order ID,Customer ID,Order date,Total\nA,1,2024-01-01,5\n")
        ws.import_file("orders", orders)
    con = duckdb.connect(str(tmp_path / "bindung.duckdb"))
    con.execute("DROP TABLE bindung_models")
    con.execute("UPDATE bindung_meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    with bindung.open(tmp_path) as ws:
        assert migrations.current_version(ws.con) == migrations.SCHEMA_VERSION
        assert ws.sql("SELECT count(*) AS n FROM bindung_models").n[0] == 0
        assert ws.counts()["orders"] == 1


def test_a_version_2_store_gains_the_excluded_columns_and_goal_set_works(tmp_path: Path) -> None:
    from bindung.ingest.goals import set_goal

    with bindung.init(tmp_path) as ws:
        orders = tmp_path / "o.csv"
        orders.write_text("Order ID,Customer ID,Order date,Total\nA,1,2024-01-01,5\n")
        ws.import_file("orders", orders)
    con = duckdb.connect(str(tmp_path / "bindung.duckdb"))
    con.execute("ALTER TABLE imports DROP COLUMN excluded")
    con.execute("ALTER TABLE rejects DROP COLUMN excluded")
    con.execute("ALTER TABLE orders DROP COLUMN revenue_original")
    con.execute("UPDATE bindung_meta SET value = '2' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(WorkspaceError, match="needs a migration"):
        bindung.open(tmp_path, read_only=True)
    with bindung.open(tmp_path) as ws:
        assert migrations.current_version(ws.con) == migrations.SCHEMA_VERSION
        log = ws.imports()
        assert list(log["excluded"]) == [0] and list(log["stored"]) == [1]
        set_goal(ws, "retention_rate", "2024-02", 90.0)
        assert list(ws.imports()["excluded"]) == [0, 0]
        assert ws.sql("SELECT count(*) AS n FROM rejects WHERE NOT excluded").n[0] == 0
        assert ws.sql("SELECT count(revenue_original) AS n FROM orders").n[0] == 0


def test_a_version_6_store_gains_import_ids_and_its_rows_are_not_taken_for_a_torn_import(
    tmp_path: Path,
) -> None:
    from bindung.store import schema

    with bindung.init(tmp_path) as ws:
        orders = tmp_path / "o.csv"
        orders.write_text("Order ID,Customer ID,Order date,Total\nA,1,2024-01-01,5\n")
        ws.import_file("orders", orders)
    con = duckdb.connect(str(tmp_path / "bindung.duckdb"))
    tagged = [t.name for t in (*schema.TABLES, schema.CONTACTS)]
    for name in tagged:
        con.execute(f"ALTER TABLE {name} DROP COLUMN import_id")
    con.execute("UPDATE bindung_meta SET value = '6' WHERE key = 'schema_version'")
    con.close()
    with bindung.open(tmp_path) as ws:
        assert migrations.current_version(ws.con) == migrations.SCHEMA_VERSION
        assert ws.notices == []  # rows from before (import id NULL) are no torn import
        assert ws.counts()["orders"] == 1 and ws.counts()["customers"] == 1
        have = set(
            ws.sql(
                "SELECT table_name FROM duckdb_columns() WHERE column_name = 'import_id'"
            ).table_name
        )
        assert set(tagged) <= have
        second = tmp_path / "o2.csv"
        second.write_text("Order ID,Customer ID,Order date,Total\nB,2,2024-01-02,5\n")
        ws.import_file("orders", second)
        ids = ws.sql("SELECT order_id, import_id FROM orders ORDER BY order_id")
        assert ids.order_id.tolist() == ["A", "B"]
        assert ids.import_id.isna().tolist() == [True, False]
        assert int(ids.import_id[1]) == int(ws.imports().import_id.max())


def test_a_version_8_store_gains_the_texts_of_complaints_and_mentions(tmp_path: Path) -> None:
    with bindung.init(tmp_path) as ws:
        mentions = tmp_path / "m.csv"
        mentions.write_text("mention_id,platform,at\nM1,instagram,2024-03-02 10:00\n")
        ws.import_file("social_mentions", mentions)
    con = duckdb.connect(str(tmp_path / "bindung.duckdb"))
    con.execute('ALTER TABLE complaints DROP COLUMN "text"')
    con.execute('ALTER TABLE social_mentions DROP COLUMN "text"')
    con.execute("UPDATE bindung_meta SET value = '8' WHERE key = 'schema_version'")
    con.close()
    with bindung.open(tmp_path) as ws:
        assert migrations.current_version(ws.con) == migrations.SCHEMA_VERSION
        # the old row is kept, without a text; a new import fills the column (by name, though
        # it now comes after import_id in the old store)
        assert ws.sql("SELECT count(text) AS n FROM social_mentions").n[0] == 0
        second = tmp_path / "m2.csv"
        second.write_text(
            "mention_id,platform,at,Nachricht\nM2,instagram,2024-03-03 10:00,Mahlgrad zu fein\n"
        )
        ws.import_file("social_mentions", second)
        rows = ws.sql("SELECT mention_id, text FROM social_mentions ORDER BY 1")
        assert rows.mention_id.tolist() == ["M1", "M2"]
        assert rows.text.isna().tolist() == [True, False]
        assert rows.text[1] == "Mahlgrad zu fein"
    # applying the step again (a store made by this Bindung at version 1) changes nothing
    con = duckdb.connect(str(tmp_path / "bindung.duckdb"))
    migrations._texts(con)
    assert con.execute("SELECT count(*) FROM social_mentions").fetchone() == (2,)
    con.close()
