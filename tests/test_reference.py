from __future__ import annotations

from pathlib import Path

import pytest

from bindung import reference
from bindung.store import schema

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("name", sorted(reference.PAGES))
def test_generated_reference_docs_are_current(name: str) -> None:
    expected = reference.PAGES[name]()
    actual = (DOCS / name).read_text(encoding="utf-8")
    assert actual == expected, f"docs/{name} is stale: run `python -m bindung.reference`"


def test_every_table_and_column_is_documented() -> None:
    text = reference.tables_markdown()
    for table in schema.TABLES:
        assert f"## {table.name}\n" in text
        for col in table.columns:
            assert f"| `{col.name}` | {col.sql_type} |" in text


def test_every_metric_has_labels_formula_unit_and_source_and_is_documented() -> None:
    from bindung.metrics.catalogue import CATALOGUE

    text = reference.metrics_markdown()
    keys = [m.key for m in CATALOGUE]
    assert len(keys) == len(set(keys)), "metric keys must be unique"
    for m in CATALOGUE:
        for field in ("label_de", "label_en", "formula", "source", "unit"):
            assert getattr(m, field).strip(), f"{m.key}: {field} is empty"
        assert m.needs, f"{m.key}: names no component it reads"
        assert f"## {m.key}\n" in text and m.formula in text
