"""What an import would do, without storing anything: the file's format, its columns, which
column would feed which field, and its first rows — read by the importer's own readers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from bindung.errors import BindungError
from bindung.ingest import mapping as mapping_mod
from bindung.ingest import readers
from bindung.ingest.load import refusal
from bindung.store import schema


@dataclass
class Preview:
    file: str
    kind: str
    format: str
    encoding: str | None
    delimiter: str | None
    headers: list[str]
    rows: int
    mapping: dict[str, str]  # field -> file column
    problem: str | None  # why the mapping fails, if it does
    sample: list[list[str | None]] = field(default_factory=list)


def preview(kind: str, path: Path, *, name: str | None = None, lang: str = "en") -> Preview:
    """Read ``path`` as the importer would for table ``kind``; nothing is stored."""
    table = schema.table(kind)
    con = duckdb.connect()
    try:
        staged = readers.read(con, path, readers.ReadOptions(lang=lang))
        # no SQL from the file's text: select everything, drop the importer's own columns here
        cursor = con.execute(f"SELECT * FROM {readers.STAGE} LIMIT 5")
        names = [d[0] for d in cursor.description]
        keep = [i for i, n in enumerate(names) if not n.startswith("__")]
        sample = [tuple(row[i] for i in keep) for row in cursor.fetchall()]
        # An export recognised and refused (WooCommerce Analytics orders) shows why, as the
        # import would say it, instead of a mapping the import would not use.
        problem = refusal(table, staged.headers, {}, name or path.name, lang)
        described: dict[str, str] = {}
        if problem is None:
            try:
                found = mapping_mod.resolve(
                    table,
                    staged.headers,
                    {},
                    {},
                    file=name or path.name,
                    lang=lang,
                    probe=mapping_mod.value_probe(con, table),
                )
                described = found.describe()
            except BindungError as exc:
                problem = str(exc)
        return Preview(
            file=name or path.name,
            kind=kind,
            format=staged.format,
            encoding=staged.encoding,
            delimiter=staged.delimiter,
            headers=list(staged.headers),
            rows=staged.rows,
            mapping=described,
            problem=problem,
            sample=[[None if v is None else str(v) for v in row] for row in sample],
        )
    finally:
        con.close()
        if "staged" in locals() and staged.text_path is not None and staged.text_path != path:
            staged.text_path.unlink(missing_ok=True)
