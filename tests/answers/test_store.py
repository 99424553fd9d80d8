"""Stored answers: a section survives the round trip through its document (and Parquet for
large tables) with its values, units and findings; writes are atomic."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bindung.answers.registry import slug
from bindung.answers.store import LARGE_ROWS, AnswerStore
from bindung.report.tables import Column, Finding, Section, Table, to_json


def _section(rows: int = 3) -> Section:
    frame = pd.DataFrame(
        {
            "code": [f"c{i}" for i in range(rows)],
            "label": [f"Zeile {i}" for i in range(rows)],
            "day": pd.date_range("2026-01-01", periods=rows, freq="D").date,
            "share": [float(i) / 2 for i in range(rows)],
            "money": [math.nan] + [10.25 * i for i in range(1, rows)],
            "ok": [i % 2 == 0 for i in range(rows)],
        }
    )
    table = Table(
        "t",
        "Tabelle",
        "Table",
        [
            Column("label", "Bezeichnung", "label"),
            Column("day", "Tag", "day", "date"),
            Column("share", "Anteil", "share", "percent"),
            Column("money", "Betrag", "amount", "money"),
            Column("ok", "gut", "good", "flag"),
        ],
        frame,
        keys=("code",),
    )
    finding = Finding("Fans kauften häufiger.", "Fans bought more often.", "good")
    return Section("demo", "Beispiel", "Example", [table], [finding], {"as_of": "2026-01-03"})


def _provenance(fp: str = "f" * 16) -> dict[str, object]:
    return {"fingerprint": fp, "data_version": "v1", "computed_at": "2026-12-07T00:00:00+00:00"}


@pytest.mark.parametrize("rows", [3, LARGE_ROWS + 7])
def test_a_section_round_trips_with_values_units_keys_and_findings(
    tmp_path: Path, rows: int
) -> None:
    store = AnswerStore(tmp_path)
    original = _section(rows)
    store.write("demo", {"period": "month"}, _provenance(), original)
    found = store.read("demo", {"period": "month"})
    assert found is not None and found.section is not None
    back = found.section
    assert back.title_de == "Beispiel" and back.findings == original.findings
    assert back.meta == {"as_of": "2026-01-03"}
    table = back.table("t")
    assert [(c.key, c.unit, c.de, c.en) for c in table.columns] == [
        (c.key, c.unit, c.de, c.en) for c in original.table("t").columns
    ]
    assert list(table.keys) == ["code"]
    assert table.frame["code"].tolist() == original.table("t").frame["code"].tolist()
    money = table.frame["money"].to_numpy(dtype=float)
    assert math.isnan(money[0])
    np.testing.assert_allclose(money[1:], [10.25 * i for i in range(1, rows)])
    assert table.frame["ok"].tolist() == [i % 2 == 0 for i in range(rows)]
    # the document a reader gets is the section's JSON plus its provenance, every row inlined
    doc = found.document()
    assert doc["answer"]["fingerprint"] == "f" * 16
    assert {k: v for k, v in doc.items() if k != "answer"} == json.loads(to_json(original))
    parquet = list((tmp_path / "answers" / "demo").glob("*.parquet"))
    assert len(parquet) == (1 if rows > LARGE_ROWS else 0)


def test_a_new_version_replaces_the_old_and_its_parquet_files(tmp_path: Path) -> None:
    store = AnswerStore(tmp_path)
    store.write("demo", {}, _provenance("a" * 16), _section(LARGE_ROWS + 1))
    store.write("demo", {}, _provenance("b" * 16), _section(2))
    folder = tmp_path / "answers" / "demo"
    assert sorted(p.name for p in folder.iterdir()) == ["default.json"]
    found = store.read("demo", {})
    assert found is not None and found.fingerprint == "b" * 16
    assert len(found.section.table("t").frame) == 2  # type: ignore[union-attr]


def test_an_answer_the_data_do_not_allow_is_stored_with_its_reason(tmp_path: Path) -> None:
    store = AnswerStore(tmp_path)
    store.write("fans", {}, _provenance(), None, "no social-media data")
    found = store.read("fans", {})
    assert found is not None and found.section is None
    assert found.error == "no social-media data"


def test_reading_what_was_never_stored_gives_none_and_variants_have_own_files(
    tmp_path: Path,
) -> None:
    store = AnswerStore(tmp_path)
    assert store.read("demo", {}) is None
    store.write("demo", {"period": "month"}, _provenance(), _section())
    assert store.read("demo", {"period": "quarter"}) is None
    assert slug({"period": "month"}) != slug({"period": "quarter"})
    assert slug({"name": "a/b"}) != slug({"name": "a_b"})  # the digest tells them apart


def test_every_write_changes_the_stamp_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    store = AnswerStore(tmp_path)
    assert store.stamp() is None
    store.write("demo", {}, _provenance(), _section())
    first = store.stamp()
    store.write("demo", {}, _provenance(), _section())
    assert store.stamp() not in (None, first)
    assert not list((tmp_path / "answers").rglob(".tmp-*"))


@pytest.mark.parametrize(
    ("offset", "limit"),
    [(0, 10), (995, 10), (1000, 1000), (2500, 2507), (5000, 100), (5007, 5), (9999, 3), (0, None)],
)
def test_a_page_of_a_parquet_table_is_that_slice_of_the_stored_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, offset: int, limit: int | None
) -> None:
    """Oracle: pandas on the stored Parquet file, and the full document's rows."""
    import pyarrow.parquet as pq

    from bindung.answers import store as store_mod

    monkeypatch.setattr(store_mod, "ROW_GROUP", 1000)
    rows = LARGE_ROWS + 7
    store = AnswerStore(tmp_path)
    store.write("demo", {}, _provenance(), _section(rows))
    (parquet,) = (tmp_path / "answers" / "demo").glob("*.parquet")
    assert pq.ParquetFile(parquet).metadata.num_row_groups == 6  # 5007 rows in groups of 1000
    read_groups: list[list[int]] = []
    real = pq.ParquetFile.read_row_groups

    def spy(self: pq.ParquetFile, groups: list[int], *args: object, **kw: object) -> object:
        read_groups.append(list(groups))
        return real(self, groups, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(pq.ParquetFile, "read_row_groups", spy)
    page = store.read_page("demo", {}, offset=offset, limit=limit)
    assert page is not None
    table = page["tables"]["t"]
    stop = rows if limit is None else min(rows, offset + limit)
    assert (table["rows_total"], table["offset"], table["limit"]) == (rows, offset, limit)
    assert "rows_file" not in table
    # the stored rows, read whole by pandas
    stored = pd.read_parquet(parquet).iloc[offset:stop]
    assert [r["code"] for r in table["rows"]] == stored["code"].tolist()
    assert [r["label"] for r in table["rows"]] == stored["label"].tolist()
    got_money = [math.nan if r["money"] is None else r["money"] for r in table["rows"]]
    np.testing.assert_array_equal(got_money, stored["money"].astype(float).to_numpy())
    assert [r["ok"] for r in table["rows"]] == stored["ok"].tolist()
    assert all(isinstance(r["day"], str) for r in table["rows"])
    # ... and exactly the rows of the whole document, with their types
    full = store.read("demo", {})
    assert full is not None
    assert table["rows"] == full.document()["tables"]["t"]["rows"][offset:stop]
    # only the row groups that hold the page were decoded
    wanted = sorted({i // 1000 for i in range(offset, stop)})
    assert read_groups[0] == wanted if wanted else read_groups == []
    # everything but the rows and the page fields is the stored document
    rest = {k: v for k, v in page.items() if k != "tables"}
    assert rest == {k: v for k, v in full.document().items() if k != "tables"}


def test_a_page_of_a_small_table_slices_its_inline_rows(tmp_path: Path) -> None:
    store = AnswerStore(tmp_path)
    store.write("demo", {}, _provenance(), _section(12))
    full = store.read("demo", {})
    assert full is not None
    rows = full.document()["tables"]["t"]["rows"]
    page = store.read_page("demo", {}, offset=10, limit=5)
    assert page is not None
    table = page["tables"]["t"]
    assert [r["code"] for r in table["rows"]] == ["c10", "c11"]
    assert table["rows"] == rows[10:]
    assert (table["rows_total"], table["offset"], table["limit"]) == (12, 10, 5)
    beyond = store.read_page("demo", {}, offset=50, limit=5)
    assert beyond is not None and beyond["tables"]["t"]["rows"] == []
    assert store.read_page("demo", {"period": "x"}, offset=0, limit=5) is None
    with pytest.raises(ValueError):
        store.read_page("demo", {}, offset=-1, limit=5)


def test_value_labels_of_a_column_survive_the_store_and_show_on_screens(tmp_path: Path) -> None:
    from bindung.report.tables import cell, render_terminal

    platform = Column(
        "platform", "Plattform", "platform", labels=(("all", "alle Plattformen", "all platforms"),)
    )
    frame = pd.DataFrame({"platform": ["instagram", "all"], "n": [3, 5]})
    section = Section(
        "s", "S", "S", [Table("t", "T", "T", [platform, Column("n", "n", "n", "count")], frame)]
    )
    store = AnswerStore(tmp_path)
    store.write("demo", {}, _provenance(), section)
    found = store.read("demo", {})
    assert found is not None and found.section is not None
    back = found.section.table("t")
    # the rows keep the value; the column knows its label
    assert back.frame["platform"].tolist() == ["instagram", "all"]
    assert back.columns[0].labels == platform.labels
    assert [back.columns[0].show(v, "de") for v in back.frame["platform"]] == [
        "instagram",
        "alle Plattformen",
    ]
    assert cell(back.columns[0].show("all", "en"), "text", "en") == "all platforms"
    from io import StringIO

    from rich.console import Console

    out = StringIO()
    console = Console(file=out, width=120)
    for part in render_terminal(found.section, "de"):
        console.print(part)
    assert "alle Plattformen" in out.getvalue()


def test_a_blank_column_stays_blank_after_the_store(tmp_path: Path) -> None:
    column = Column("p2", "+2", "+2", "percent", blank=True)
    section = Section("s", "S", "S", [Table("t", "T", "T", [column], pd.DataFrame({"p2": [1.0]}))])
    store = AnswerStore(tmp_path)
    store.write("demo", {}, _provenance(), section)
    found = store.read("demo", {})
    assert found is not None and found.section is not None
    assert found.section.table("t").columns[0].blank is True
