"""What an import would do, without storing anything: the file's format, its columns, which
column would feed which field, and its first rows — read by the importer's own readers.

The preview decides as the import does (:func:`bindung.ingest.load.run`): the preset given
(its reader format and its columns; else the one detected from the header), the explicit
``columns`` (``--map``), the refusal of an export that cannot be read without guessing, the
mapping and the checks made before any row is read (a preset's interval column, a defaulted
field an unused column looks like).  What it says is what the import would stop with."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from bindung.errors import BindungError
from bindung.i18n import t
from bindung.ingest import load, presets, readers
from bindung.ingest import mapping as mapping_mod
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
    preset: str | None = None  # the preset the import would use (given or detected)
    detected: str | None = None  # "detected: Shopify order export" when found from the header


def preview(
    kind: str,
    path: Path,
    *,
    name: str | None = None,
    lang: str = "en",
    preset: str | None = None,
    columns: dict[str, str] | None = None,
) -> Preview:
    """Read ``path`` as the importer would for table ``kind`` with ``preset`` (None: detected
    from the header) and the explicit ``columns`` ("file column" -> "field"); nothing is
    stored.  An unknown preset, or one without table ``kind``, raises MappingError as the
    import does."""
    table = schema.table(kind)
    explicit = dict(columns or {})
    chosen = presets.load(preset, table.name, lang) if preset else None
    con = duckdb.connect()
    try:
        read_opts = readers.ReadOptions(format=chosen.format if chosen else None, lang=lang)
        staged = readers.read(con, path, read_opts)
        # no SQL from the file's text: select everything, drop the importer's own columns here
        cursor = con.execute(f"SELECT * FROM {readers.STAGE} LIMIT 5")
        names = [d[0] for d in cursor.description]
        keep = [i for i, n in enumerate(names) if not n.startswith("__")]
        sample = [tuple(row[i] for i in keep) for row in cursor.fetchall()]
        # An export recognised and refused (WooCommerce Analytics orders) shows why, as the
        # import would say it, instead of a mapping the import would not use.
        problem = refusal(table, staged.headers, explicit, name or path.name, lang)
        described: dict[str, str] = {}
        used, detected = preset, None
        if chosen is None:
            found_preset = presets.detect(table.name, staged.headers, lang)
            if found_preset is not None:
                used, chosen = found_preset
                detected = t("preset_detected", lang, label=chosen.label_in(lang))
        if problem is None:
            try:
                found = mapping_mod.resolve(
                    table,
                    staged.headers,
                    explicit,
                    chosen.columns if chosen else {},
                    file=name or path.name,
                    lang=lang,
                    probe=mapping_mod.value_probe(con, table),
                )
                extras = load._flag_columns(
                    con, table, found, load.Extras.of(chosen, staged.headers)
                )
                options = load.ImportOptions(kind=kind, columns=explicit, preset=used)
                load._check_extras(found, options, chosen, extras, staged, lang)
                load._unused_columns(con, table, found, extras, staged, lang)
                described = found.describe()
                # yes/no columns read as whether the recipient opened or clicked
                flags = {"opened_flag": extras.opened_flag, "clicked_flag": extras.clicked_flag}
                described.update({k: staged.headers[i] for k, i in flags.items() if i is not None})
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
            preset=used,
            detected=detected,
        )
    finally:
        con.close()
        if "staged" in locals() and staged.text_path is not None and staged.text_path != path:
            staged.text_path.unlink(missing_ok=True)
