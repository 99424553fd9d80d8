"""Stored answers: one JSON document per answer and variant in the workspace's ``answers/``
folder, written only by ``bindung refresh`` (or ``--fresh``) and read by every view.

Layout::

    answers/
      state.json                         what the last refresh stored (its time is the stamp
                                         the web app's caches key on)
      fans/default.json                  the document: provenance + the section
      kpis/by=-,period=month,1a2b3c4d.json
      customers/default.3f…9a.customers.parquet   rows of a large table (> LARGE_ROWS),
                                         in row groups of ROW_GROUP rows

A document is replaced atomically (written to a temporary file, then renamed), so a reader
never sees half an answer and never waits for a writer; no database is opened to read.  The
document is the JSON that ``--format json`` prints and ``/api/answers/{key}?limit=all``
serves; :meth:`AnswerStore.read_page` gives a page of it (``/api/answers/{key}``'s default)
and reads only the Parquet row groups the page needs.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from bindung.answers.registry import Params, slug
from bindung.report.tables import Column, Finding, Section, Table, document

FOLDER = "answers"
#: Tables with more rows than this are stored as Parquet beside the document.
LARGE_ROWS = 5_000
#: The CLV fit of the last refresh (:meth:`AnswerStore.write_fit`).
FIT_FILE = "clv_fit.json"
#: Rows per Parquet row group: a page of a large table decodes at most two row groups.
ROW_GROUP = 10_000


@dataclass
class Stored:
    """A stored answer: the section (or why there is none) and where it came from."""

    key: str
    params: Params
    fingerprint: str
    data_version: str
    computed_at: str
    seconds: float
    section: Section | None
    error: str | None
    raw: dict[str, Any]

    def document(self) -> dict[str, Any]:
        """The stored document with every row inlined (what ``--format json`` prints and
        the API serves)."""
        doc = dict(self.raw)
        if self.section is not None and any(b.get("rows_file") for b in doc["tables"].values()):
            doc["tables"] = {k: dict(b) for k, b in doc["tables"].items()}
            for key, body in doc["tables"].items():
                if body.pop("rows_file", None):
                    body["rows"] = self.section.table(key).records()
        return doc


def section_document(section: Section) -> dict[str, Any]:
    """The JSON body of a section (:func:`bindung.report.tables.document`)."""
    return document(section)


def section_from_document(doc: dict[str, Any], frames: dict[str, pd.DataFrame]) -> Section:
    """The section back from its document (``frames``: tables stored as Parquet)."""
    tables = []
    for key, body in doc["tables"].items():
        columns, keys = _columns(body)
        names = [*keys, *(c.key for c in columns if c.key not in keys)]
        if key in frames:
            frame = frames[key]
        else:
            frame = pd.DataFrame.from_records(body["rows"], columns=names)
        tables.append(_table(key, body, frame))
    findings = [Finding(f["de"], f["en"], f["level"]) for f in doc["findings"]]
    title = doc.get("title", {"de": doc["section"], "en": doc["section"]})
    return Section(doc["section"], title["de"], title["en"], tables, findings, doc["meta"])


def _columns(body: dict[str, Any]) -> tuple[list[Column], tuple[str, ...]]:
    columns = [
        Column(
            c["key"],
            c["de"],
            c["en"],
            c["unit"],
            tuple((str(v), str(de), str(en)) for v, de, en in c.get("labels", ())),
            bool(c.get("blank", False)),
            bool(c.get("literal", False)),
        )
        for c in body["columns"]
    ]
    return columns, tuple(body.get("keys", ()))


def _table(key: str, body: dict[str, Any], frame: pd.DataFrame) -> Table:
    """The table of a document's ``body`` with the rows of ``frame``."""
    columns, keys = _columns(body)
    for c in columns:  # JSON has no dates or NaN: give numbers their dtype back
        if c.unit not in ("text", "date", "flag") and c.key in frame:
            frame[c.key] = pd.to_numeric(frame[c.key], errors="coerce").astype(float)
    return Table(key, body["title"]["de"], body["title"]["en"], columns, frame, keys)


def parquet_rows(path: Path, offset: int, limit: int | None) -> tuple[int, pd.DataFrame]:
    """The number of rows of a Parquet file and its rows ``offset .. offset + limit`` (all
    from ``offset`` when ``limit`` is None), decoding only the row groups that hold them."""
    found = pq.ParquetFile(path)
    meta = found.metadata
    total = int(meta.num_rows)
    stop = total if limit is None else min(total, offset + limit)
    groups: list[int] = []
    first = start = 0
    for i in range(meta.num_row_groups):
        n = meta.row_group(i).num_rows
        if start < stop and start + n > offset:
            if not groups:
                first = start
            groups.append(i)
        start += n
    if not groups:
        return total, found.schema_arrow.empty_table().to_pandas()
    rows = found.read_row_groups(groups).slice(offset - first, stop - offset)
    return total, rows.to_pandas()


class AnswerStore:
    """The ``answers/`` folder of a workspace."""

    def __init__(self, workspace_folder: Path) -> None:
        self.root = Path(workspace_folder) / FOLDER

    def path(self, key: str, params: Params) -> Path:
        return self.root / key / f"{slug(params)}.json"

    # -- writing (refresh only)
    def write(
        self,
        key: str,
        params: Params,
        provenance: dict[str, Any],
        section: Section | None,
        error: str | None = None,
    ) -> dict[str, Any]:
        """Store one answer atomically and return its document (large tables inlined)."""
        target = self.path(key, params)
        target.parent.mkdir(parents=True, exist_ok=True)
        body = section_document(section) if section is not None else {"tables": {}}
        stored_body = json.loads(json.dumps(body))  # a copy whose large rows move to Parquet
        written: set[str] = set()
        if section is not None:
            for t in section.tables:
                if len(t.frame) <= LARGE_ROWS:
                    continue
                name = f"{target.stem}.{provenance['fingerprint']}.{t.key}.parquet"
                records = pd.DataFrame.from_records(
                    stored_body["tables"][t.key]["rows"],
                    columns=[*t.keys, *(c.key for c in t.columns if c.key not in t.keys)],
                )
                _atomic_parquet(records, target.parent / name)
                stored_body["tables"][t.key]["rows"] = []
                stored_body["tables"][t.key]["rows_file"] = name
                written.add(name)
        doc = {"answer": {**provenance, "key": key, "params": params, "error": error}, **body}
        stored = {**doc, **stored_body, "answer": doc["answer"]}
        _atomic_text(target, json.dumps(stored, ensure_ascii=False))
        for old in target.parent.glob(f"{target.stem}.*.parquet"):
            if old.name not in written:
                old.unlink(missing_ok=True)
        self._touch()
        return doc

    def _touch(self) -> None:
        """Mark that an answer changed (the stamp readers' caches key on)."""
        _atomic_text(self.root / "version", str(time.time_ns()))

    def write_state(self, state: dict[str, Any]) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        _atomic_text(self.root / "state.json", json.dumps(state, ensure_ascii=False, indent=1))
        self._touch()

    def write_fit(self, document: dict[str, Any]) -> None:
        """Keep the CLV fit a refresh made (:func:`bindung.models.workflow.to_document`, with
        its data version) beside the answers, so that one answer computed on its own later on
        the same data (``--fresh``) uses the same fit instead of fitting again."""
        self.root.mkdir(parents=True, exist_ok=True)
        _atomic_text(self.root / FIT_FILE, json.dumps(document))

    def read_fit(self) -> dict[str, Any] | None:
        """The document :meth:`write_fit` kept, or None."""
        try:
            doc: dict[str, Any] = json.loads((self.root / FIT_FILE).read_text("utf-8"))
        except (FileNotFoundError, ValueError):
            return None
        return doc

    # -- reading (every view)
    def read(self, key: str, params: Params) -> Stored | None:
        """The stored answer, or None when it was never computed."""
        path = self.path(key, params)
        for _ in range(3):  # a refresh may replace the Parquet file between the two reads
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))
                frames = {
                    k: pd.read_parquet(path.parent / body["rows_file"])
                    for k, body in doc.get("tables", {}).items()
                    if body.get("rows_file")
                }
            except FileNotFoundError:
                if not path.exists():
                    return None
                continue
            return _stored(doc, frames)
        return None

    def read_page(
        self, key: str, params: Params, *, offset: int = 0, limit: int | None = None
    ) -> dict[str, Any] | None:
        """A page of the stored document (None when it was never computed): every table's
        rows ``offset .. offset + limit`` (``limit`` None: all rows from ``offset``), each
        table with ``rows_total``, ``offset`` and ``limit`` besides its rows.  The rows are
        those of :meth:`Stored.document` (the same values and types); of a table stored as
        Parquet only the row groups holding the page are read."""
        if offset < 0 or (limit is not None and limit < 0):
            raise ValueError("offset and limit must not be negative")
        path = self.path(key, params)
        for _ in range(3):  # a refresh may replace the Parquet file between the two reads
            try:
                doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
                doc["tables"] = {
                    name: self._page_of(path.parent, name, body, offset, limit)
                    for name, body in doc.get("tables", {}).items()
                }
            except FileNotFoundError:
                if not path.exists():
                    return None
                continue
            return doc
        return None

    @staticmethod
    def _page_of(
        folder: Path, name: str, body: dict[str, Any], offset: int, limit: int | None
    ) -> dict[str, Any]:
        body = dict(body)
        stop = None if limit is None else offset + limit
        rows_file = body.pop("rows_file", None)
        if rows_file:
            total, frame = parquet_rows(folder / rows_file, offset, limit)
            body["rows"] = _table(name, body, frame).records()
        else:
            total = len(body["rows"])
            body["rows"] = body["rows"][offset:stop]
        body |= {"rows_total": total, "offset": offset, "limit": limit}
        return body

    def entries(self) -> Iterator[dict[str, Any]]:
        """The provenance of every stored answer (no rows read)."""
        if not self.root.exists():
            return
        for path in sorted(self.root.glob("*/*.json")):
            try:
                yield json.loads(path.read_text(encoding="utf-8"))["answer"]
            except (OSError, ValueError, KeyError):
                continue

    def stored_params(self, key: str) -> list[Params]:
        """The parameters of every stored variant of ``key`` (no rows read), sorted by slug."""
        out = []
        for path in sorted((self.root / key).glob("*.json")):
            try:
                params = json.loads(path.read_text(encoding="utf-8"))["answer"]["params"]
            except (OSError, ValueError, KeyError):
                continue
            if isinstance(params, dict):
                out.append(params)
        return out

    def stamp(self) -> str | None:
        """Changes whenever an answer was stored (for the web app's caches)."""
        try:
            return (self.root / "version").read_text()
        except FileNotFoundError:
            return None

    def state(self) -> dict[str, Any]:
        try:
            state: dict[str, Any] = json.loads((self.root / "state.json").read_text("utf-8"))
        except (FileNotFoundError, ValueError):
            return {}
        return state


def _stored(doc: dict[str, Any], frames: dict[str, pd.DataFrame]) -> Stored:
    answer = doc["answer"]
    section = None
    if answer.get("error") is None:
        section = section_from_document(doc, frames)
    return Stored(
        key=answer["key"],
        params=answer["params"],
        fingerprint=answer["fingerprint"],
        data_version=answer.get("data_version", ""),
        computed_at=answer.get("computed_at", ""),
        seconds=float(answer.get("seconds", 0.0)),
        section=section,
        error=answer.get("error"),
        raw=doc,
    )


def _atomic_text(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _atomic_parquet(frame: pd.DataFrame, path: Path) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".parquet")
    os.close(fd)
    try:
        frame.to_parquet(tmp, index=False, row_group_size=ROW_GROUP)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
