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
