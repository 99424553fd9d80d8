"""docs/answer-columns.md lists every table and column the demo's answers have."""

from __future__ import annotations

from pathlib import Path

import pytest

from bindung.answers.store import AnswerStore

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.slow
def test_every_stored_table_and_column_of_the_demo_is_documented(demo_full: Path) -> None:
    text = (DOCS / "answer-columns.md").read_text(encoding="utf-8")
    store = AnswerStore(demo_full)
    missing = []
    for entry in store.entries():
        found = store.read(entry["key"], entry["params"])
        if found is None or found.section is None:
            continue
        for table in found.section.tables:
            heading = f"### {found.key}.{table.key}\n"
            if heading not in text:
                missing.append(heading.strip())
                continue
            part = text.split(heading, 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
            missing += [
                f"{found.key}.{table.key}.{c.key}"
                for c in table.columns
                if f"| `{c.key}` | {c.unit} |" not in part
            ]
    assert not missing, f"run `python -m bindung.reference columns DEMO docs`: {missing[:10]}"
