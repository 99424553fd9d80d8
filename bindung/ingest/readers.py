"""Read an export file into a staging table of text columns with exact line numbers.

Every reader produces the same thing: a temporary DuckDB table ``__stage`` with ``__line``
(the physical line, or the sheet row, where the record starts), ``__raw`` (the record's text,
or NULL when it can be read back from the file) and one VARCHAR column ``f0 .. fN`` per file
column, plus the records that could not be split into fields (``structural`` rejects).

CSV is detected the way German Excel and shop exports write it: UTF-8, UTF-8 with BOM or
Windows-1252; ``;``, ``,``, tab or ``|``; CRLF or LF.  Two paths read it:

* the fast path: DuckDB's parallel CSV reader, used when every record is one physical line
  (then record *k* is line *k + 1*, and DuckDB reports ragged records with their number);
* the exact path: Python's ``csv`` module, for files with quoted line breaks or blank lines.

Both give identical results (tests/ingest/test_readers.py checks this with Hypothesis).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from bindung.errors import InputFileError
from bindung.i18n import t
from bindung.store.schema import q

FORMATS = ("csv", "xlsx", "parquet", "jsonl", "whitespace")
DELIMITERS = (";", ",", "\t", "|")
SNIFF_BYTES = 1 << 16
MAX_FIELD = 1 << 20  # 1 MiB: longer fields are rejected by the validator, not the reader
STAGE = "__stage"
MAX_NAME = 200  # a column name is cut to this many characters


@dataclass(frozen=True)
class ReadOptions:
    format: str | None = None
    sheet: str | None = None
    delimiter: str | None = None
    encoding: str | None = None
    lang: str = "en"
    header: bool = True  # False: the file has no header line; ``columns`` names its columns
    columns: tuple[str, ...] = ()
    # The fast CSV path stages only the columns ``keep(headers)`` names (the others are
    # NULL): called with ``__stage`` holding the first SAMPLE records, it decides the mapping
    # from the header and that sample.  A Shopify export has 79 columns and an import reads
    # ~10 of them (staging: 4.6 -> 1.3 s at 1 M lines).  None: every column.
    keep: Callable[[list[str]], set[int] | None] | None = field(default=None, compare=False)


SAMPLE = 1000


@dataclass
class Staged:
    """What a reader left in ``__stage``."""

    file: Path
    format: str
    headers: list[str]
    rows: int
    encoding: str | None = None
    delimiter: str | None = None
    structural: list[tuple[int, str, str]] = field(default_factory=list)
    text_path: Path | None = None  # UTF-8 text to read raw lines back from (fast CSV path)
    titles: list[tuple[int, str]] = field(default_factory=list)  # title rows skipped (line, text)
    notes: list[str] = field(default_factory=list)  # what the summary must say (odd encodings)

    def raw_lines(self, lines: Iterable[int]) -> dict[int, str]:
        """The physical lines ``lines`` of the file (only for the fast CSV path)."""
        if self.text_path is None:
            return {}
        return _lines_of(self.text_path, lines)


def _lines_of(text_path: Path, lines: Iterable[int]) -> dict[int, str]:
    """The physical lines ``lines`` (numbered from 1, split at ``\\n``) of a UTF-8 file."""
    wanted = set(lines)
    found: dict[int, str] = {}
    if not wanted:
        return found
    last = max(wanted)
    with text_path.open(encoding="utf-8-sig", newline="\n") as fh:
        for number, line in enumerate(fh, start=1):
            if number in wanted:
                found[number] = line.rstrip("\r\n")
            if number >= last:
                break
    return found


LINES_SOURCE = "__stage_lines"


def drop_stage(con: duckdb.DuckDBPyConnection) -> None:
    """Drop ``__stage`` (a table, or a view over ``__stage_k`` or, after a merge of line
    rows, ``__stage_c``) and what it stands on, and ``__stage_lines`` (see
    :func:`keep_as_lines_source`)."""
    objects = con.execute(
        "SELECT 'VIEW', view_name FROM duckdb_views() WHERE temporary AND view_name IN (?, ?) "
        "UNION ALL SELECT 'TABLE', table_name FROM duckdb_tables() "
        "WHERE temporary AND table_name IN (?, ?, ?, ?)",
        [STAGE, LINES_SOURCE, STAGE, f"{STAGE}_k", f"{STAGE}_c", LINES_SOURCE],
    ).fetchall()
    for kind, name in sorted(objects, key=lambda o: o[0] != "VIEW"):
        con.execute(f"DROP {kind} IF EXISTS {name}")


def keep_as_lines_source(con: duckdb.DuckDBPyConnection) -> None:
    """Rename ``__stage`` to ``__stage_lines`` (kept for the order lines while ``__stage``
    becomes the merged records); ``__stage_k`` under a view stays until
    :func:`drop_lines_source`."""
    view = con.execute(
        "SELECT count(*) FROM duckdb_views() WHERE temporary AND view_name = ?", [STAGE]
    ).fetchone()
    kind = "VIEW" if view and view[0] else "TABLE"
    con.execute(f"ALTER {kind} {STAGE} RENAME TO {LINES_SOURCE}")


def drop_lines_source(con: duckdb.DuckDBPyConnection) -> None:
    """Drop ``__stage_lines`` and the ``__stage_k`` a view of it stood on."""
    objects = con.execute(
        "SELECT 'VIEW', view_name FROM duckdb_views() WHERE temporary AND view_name = ? "
        "UNION ALL SELECT 'TABLE', table_name FROM duckdb_tables() "
        "WHERE temporary AND table_name IN (?, ?)",
        [LINES_SOURCE, LINES_SOURCE, f"{STAGE}_k"],
    ).fetchall()
    for kind, name in sorted(objects, key=lambda o: o[0] != "VIEW"):
        con.execute(f"DROP {kind} IF EXISTS {name}")


def detect_format(path: Path, options: ReadOptions) -> str:
    if options.format:
        if options.format not in FORMATS:
            raise InputFileError(t("file_format", options.lang, file=path, format=options.format))
        return options.format
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"PAR1"):
        return "parquet"
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix == ".parquet":
        return "parquet"
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    return "csv"


def read(con: duckdb.DuckDBPyConnection, path: Path, options: ReadOptions) -> Staged:
    """Stage ``path`` into ``__stage`` on ``con``; raises InputFileError when unreadable."""
    if not path.is_file():
        raise InputFileError(t("file_missing", options.lang, file=path))
    if options.header == bool(options.columns):  # --no-header needs --columns, and only it
        raise InputFileError(t("no_header_columns", options.lang, file=path))
    fmt = detect_format(path, options)
    drop_stage(con)
    if fmt == "xlsx":
        return _read_xlsx(con, path, options)
    if fmt == "parquet":
        return _read_parquet(con, path, options)
    if path.stat().st_size == 0:
        raise InputFileError(t("file_empty", options.lang, file=path))
    text_path, encoding, odd_lines = _utf8_text(path, options)
    try:
        if fmt == "jsonl":
            staged = _read_jsonl(con, path, text_path, encoding, options)
        else:
            staged = _read_delimited(
                con, path, text_path, encoding, options, whitespace=fmt == "whitespace"
            )
    except BaseException:
        if text_path != path:
            text_path.unlink(missing_ok=True)
        raise
    if staged.text_path is None and text_path != path:
        text_path.unlink(missing_ok=True)  # only the fast path reads raw lines back later
    if odd_lines:
        staged.notes.append(
            t("lines_cp1252", options.lang, lines=_line_list(odd_lines), n=len(odd_lines))
        )
    return staged


def _line_list(lines: list[int], shown: int = 10) -> str:
    """``3, 7, 9`` or ``3, 7, 9, … (25 lines)``."""
    text = ", ".join(str(n) for n in lines[:shown])
    return text if len(lines) <= shown else f"{text}, … ({len(lines)})"


def clip(text: str, width: int = 80) -> str:
    """``text`` cut to ``width`` characters (with ``…``), for echoing a value in a message."""
    return text if len(text) <= width else text[:width] + "…"


# ----------------------------------------------------------------------------- text and CSV


def _utf8_text(path: Path, options: ReadOptions) -> tuple[Path, str, list[int]]:
    """A UTF-8 version of ``path`` (the file itself when it already is), its encoding and the
    lines of a UTF-8 file that were not UTF-8 (read as Windows-1252, see ADR 0002)."""
    with path.open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
    encoding = options.encoding
    if encoding is not None:
        try:
            encoding = codecs.lookup(encoding).name
        except LookupError:
            raise InputFileError(
                t("encoding_unknown", options.lang, file=path, encoding=clip(encoding))
            ) from None
    wide = encoding is not None and encoding.startswith(("utf-16", "utf-32"))
    nul = head.find(b"\x00")
    if nul >= 0 and not wide and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        guess = _utf16_guess(head)
        if guess is not None and encoding is None:
            raise InputFileError(t("file_utf16", options.lang, file=path, encoding=guess))
        raise InputFileError(t("file_binary", options.lang, file=path, offset=nul))
    odd: list[int] = []
    if encoding is None:
        encoding, odd = _detect_encoding(path, head)
    elif encoding in ("utf-8", "utf-8-sig"):
        _check_utf8(path, encoding, options.lang)
    if encoding in ("utf-8", "utf-8-sig") and not odd:
        return path, encoding, odd
    # Windows-1252 and UTF-16 exports are transcoded once to a temporary UTF-8 file; a UTF-8
    # file with some lines in another encoding is transcoded line by line.
    handle, name = tempfile.mkstemp(prefix="bindung-", suffix=".csv")
    os.close(handle)
    out = Path(name)
    if odd:
        _transcode_lines(path, out)
        return out, encoding, odd
    with (
        path.open("r", encoding=encoding, errors="replace", newline="") as src,
        out.open("w", encoding="utf-8", newline="") as dst,
    ):
        while chunk := src.read(1 << 22):
            dst.write(chunk)
    return out, encoding, odd


def _utf16_guess(head: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when the NUL bytes sit at every other position (text in
    UTF-16 without a byte order mark), else None."""
    even, odd = head[0::2], head[1::2]
    if len(head) < 4:
        return None
    if odd.count(0) > 0.8 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.8 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _first_bad_utf8(path: Path) -> tuple[int, int, int] | None:
    """(line, column, byte) of the first byte sequence that is not UTF-8, or None."""
    with path.open("rb") as fh:
        for number, line in enumerate(fh, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                column = len(line[: exc.start].decode("utf-8", errors="replace")) + 1
                return number, column, line[exc.start]
    return None


def _check_utf8(path: Path, encoding: str, lang: str) -> None:
    """``--encoding utf-8`` on a file that is not: an error naming the line, no traceback."""
    if _valid_utf8(path):
        return
    bad = _first_bad_utf8(path)
    assert bad is not None
    line, column, byte = bad
    raise InputFileError(
        t(
            "not_utf8",
            lang,
            file=path,
            encoding=encoding,
            line=line,
            column=column,
            byte=f"0x{byte:02X}",
        )
    )


def _valid_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 22):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _detect_encoding(path: Path, head: bytes) -> tuple[str, list[int]]:
    """The file's encoding and, for a UTF-8 file with lines that are not, those lines.

    A file that is valid UTF-8 is UTF-8.  One that is not is Windows-1252 unless it declares
    UTF-8 (a byte order mark) or holds UTF-8 lines with non-ASCII characters: then it is a
    UTF-8 file with some lines written otherwise (pasted from an old export), and only those
    lines are read as Windows-1252 (decoding the whole file as Windows-1252 turned every
    umlaut of its UTF-8 lines into mojibake)."""
    bom = head.startswith(codecs.BOM_UTF8)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", []
    if _valid_utf8(path):
        return ("utf-8-sig" if bom else "utf-8"), []
    odd: list[int] = []
    utf8_lines = 0
    with path.open("rb") as fh:
        for number, line in enumerate(fh, start=1):
            if number == 1 and bom:
                line = line[len(codecs.BOM_UTF8) :]
            if line.isascii():
                continue
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError:
                odd.append(number)
            else:
                utf8_lines += _plausible_utf8(text)
    # A Windows-1252 line can be valid UTF-8 by accident ("Ä°" is the bytes of "İ"): only
    # more UTF-8 lines than others make a UTF-8 file (or its byte order mark).
    if bom or utf8_lines > len(odd):
        return ("utf-8-sig" if bom else "utf-8"), odd
    return "cp1252", []


def _plausible_utf8(text: str) -> bool:
    """Whether the non-ASCII characters of a valid UTF-8 line are what text holds (Latin
    letters, punctuation and currency signs, letters of other scripts) rather than what
    Windows-1252 bytes decode to by accident (C1 controls, Syriac, NKo, ...)."""
    for c in text:
        if c.isascii() or "\u00a0" <= c <= "\u024f" or "\u2000" <= c <= "\u20cf":
            continue
        if c.isalpha() and not "\u0590" <= c <= "\u08ff":
            continue
        return False
    return True


def _transcode_lines(path: Path, out: Path) -> None:
    """Each line of ``path`` as UTF-8 when it is, else as Windows-1252, into ``out``."""
    with path.open("rb") as src, out.open("wb") as dst:
        for number, line in enumerate(src, start=1):
            if number == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8) :]
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                line = line.decode("cp1252", errors="replace").encode("utf-8")
            dst.write(line)


def _split_lines(text: str) -> list[str]:
    """Lines split at CRLF, LF or CR only (``str.splitlines`` also splits at U+0085, U+2028,
    form feeds, ..., which CSV readers keep inside a field)."""
    return re.split(r"\r\n|\r|\n", text)


def _sniff_delimiter(sample: str) -> str:
    """The candidate that splits the first lines into the same number (> 1) of fields."""
    lines = [line for line in _split_lines(sample)[:50] if line.strip()]
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the last sampled line may be cut off
    best, best_score = ";", (-1.0, 0)
    for delim in DELIMITERS:
        counts = [len(row) for row in csv.reader(lines, delimiter=delim)]
        if not counts or counts[0] < 2:
            continue
        agree = sum(1 for c in counts if c == counts[0]) / len(counts)
        score = (agree, counts[0])
        if score > best_score:
            best, best_score = delim, score
    return best


def _clean_header(names: list[str]) -> list[str]:
    out = []
    for i, name in enumerate(names):
        name = " ".join(name.replace("\ufeff", "").split())
        # a junk header line of megabytes is not echoed whole in every message
        out.append(clip(name, MAX_NAME) if name else f"column {i + 1}")
    return out


def _read_delimited(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    text_path: Path,
    encoding: str,
    options: ReadOptions,
    *,
    whitespace: bool,
) -> Staged:
    with text_path.open(encoding="utf-8-sig", newline="") as fh:
        sample = fh.read(SNIFF_BYTES)
    if not sample.strip():
        raise InputFileError(t("file_empty", options.lang, file=path))
    if not options.header:
        return _read_headerless(con, path, text_path, encoding, sample, options, whitespace)
    if whitespace:
        return _read_python(con, path, text_path, encoding, " ", options, whitespace=True)
    titles, delim = _title_lines(sample, options.delimiter)
    if titles:  # the exact path skips them, keeping every line number
        return _read_python(
            con, path, text_path, encoding, delim, options, whitespace=False, skip_lines=titles
        )
    first = _split_lines(sample)[0]
    headers = _clean_header(next(csv.reader([first], delimiter=delim), []))
    staged = _read_duckdb(
        con, path, text_path, encoding, delim, headers, options.lang, keep=options.keep
    )
    if staged is not None:
        return staged
    return _read_python(con, path, text_path, encoding, delim, options, whitespace=False)


TITLE_LINES = 5  # at most this many title/blank lines above a header are skipped


def _filled(row: list[str]) -> int:
    return sum(1 for c in row if c.strip())


def _title_lines(sample: str, delimiter: str | None) -> tuple[int, str]:
    """(physical lines above the header, delimiter).

    Title lines are what reports and spreadsheets write above a table: "Bestellungen Januar
    2026", an export date, blank lines; each holds at most one non-empty field.  The header is
    the first line with two or more, found within TITLE_LINES + 1 lines, and the delimiter is
    sniffed from it and the lines below.  No such line: no title lines.
    """
    lines = _split_lines(sample)[: TITLE_LINES + 60]
    try:  # a title line has at most one filled field whatever the delimiter
        first = [next(csv.reader([lines[0]], delimiter=d), []) for d in DELIMITERS]
    except csv.Error:
        first = []
    if not first or any(_filled(row) > 1 for row in first):
        return 0, delimiter or _sniff_delimiter(sample)
    for k in range(1, min(TITLE_LINES, len(lines) - 1) + 1):
        rest = "\n".join(lines[k:])
        delim = delimiter or _sniff_delimiter(rest)
        try:
            rows = list(csv.reader(lines[: k + 1], delimiter=delim))
        except csv.Error:
            return 0, delimiter or _sniff_delimiter(sample)
        if len(rows) != k + 1 or any(_filled(r) > 1 for r in rows[:k]):
            break
        if _filled(rows[k]) >= 2 and any(_filled(r) == 1 for r in rows[:k]):
            return k, delim
    return 0, delimiter or _sniff_delimiter(sample)


def _read_headerless(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    text_path: Path,
    encoding: str,
    sample: str,
    options: ReadOptions,
    whitespace: bool,
) -> Staged:
    """``--no-header --columns a,b,c``: every line is a record, named by ``columns``."""
    headers = _clean_header(list(options.columns))
    if whitespace:
        return _read_python(
            con, path, text_path, encoding, " ", options, whitespace=True, headers=headers
        )
    delim = options.delimiter or _sniff_delimiter(sample)
    staged = _read_duckdb(
        con, path, text_path, encoding, delim, headers, options.lang, header=False
    )
    if staged is not None:
        return staged
    return _read_python(
        con, path, text_path, encoding, delim, options, whitespace=False, headers=headers
    )


def _physical_lines(path: Path) -> int | None:
    """Lines in ``path``; None when it mixes line ends (LF, CRLF, lone CR): DuckDB then numbers
    lines differently from the file (``a\\n;\\r\\n;`` put line 3 on line 4)."""
    lf = cr = crlf = 0
    last = b"\n"
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 24):
            lf += chunk.count(b"\n")
            cr_here = chunk.count(b"\r")
            cr += cr_here
            if cr_here:  # counting CRLF is a third pass over the block: only where a CR is
                crlf += chunk.count(b"\r\n")
            crlf += last == b"\r" and chunk[:1] == b"\n"
            last = chunk[-1:]
    if cr != crlf or crlf not in (0, lf):
        return None
    return lf + (0 if last == b"\n" else 1)


def _has_blank_or_cr_only_lines(path: Path) -> bool:
    with path.open("rb") as fh:
        data = fh.read(SNIFF_BYTES)
    return b"\n\n" in data or b"\n\r\n" in data or (b"\r" in data and b"\n" not in data)


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _read_duckdb(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    text_path: Path,
    encoding: str,
    delim: str,
    headers: list[str],
    lang: str = "en",
    header: bool = True,
    keep: Callable[[list[str]], set[int] | None] | None = None,
) -> Staged | None:
    """DuckDB's reader; ``None`` when records and physical lines do not correspond 1:1."""
    top = 1 if header else 0  # lines above the first record
    if _has_blank_or_cr_only_lines(text_path):
        return None
    names = [f"f{i}" for i in range(len(headers))]
    columns = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
    source = f"""read_csv(
                {_sql_str(str(text_path))}, header = {str(header).lower()}, auto_detect = false,
                delim = {_sql_str(delim)}, quote = '"', escape = '"', columns = {columns},
                store_rejects = true, max_line_size = {4 * MAX_FIELD}, strict_mode = true,
                null_padding = false)"""
    staged_names = names  # the columns read into the table; the others are NULL in the view
    if keep is not None:
        try:
            con.execute(
                f"CREATE TEMP TABLE {STAGE} AS SELECT NULL::BIGINT AS __line, "
                f"NULL::VARCHAR AS __raw, * FROM {source} LIMIT {SAMPLE}"
            )
        except duckdb.Error:
            con.execute(f"DROP TABLE IF EXISTS {STAGE}")
            return None
        try:
            wanted = keep(headers)
        finally:
            con.execute(f"DROP TABLE IF EXISTS {STAGE}")
        if wanted:
            staged_names = [n for i, n in enumerate(names) if i in wanted]
    kept = set(staged_names)
    full = ", ".join(n if n in kept else f"NULL::VARCHAR AS {n}" for n in names)
    con.execute("DROP TABLE IF EXISTS reject_errors; DROP TABLE IF EXISTS reject_scans")
    try:
        con.execute(f"CREATE TEMP TABLE {STAGE} AS SELECT {', '.join(staged_names)} FROM {source}")
    except duckdb.Error:
        con.execute(f"DROP TABLE IF EXISTS {STAGE}")
        return None
    rejected = con.execute(
        "SELECT line, any_value(error_type), any_value(csv_line) FROM reject_errors "
        "GROUP BY line ORDER BY line"
    ).fetchall()
    n_valid = _scalar(con, f"SELECT count(*) FROM {STAGE}")
    if _physical_lines(text_path) != top + n_valid + len(rejected) or any(
        kind not in ("TOO MANY COLUMNS", "MISSING COLUMNS") for _, kind, _ in rejected
    ):
        con.execute(f"DROP TABLE {STAGE}")
        return None
    # The raw text comes from the file, not from DuckDB's ``csv_line`` (which cut a CRLF line
    # apart); a blank record DuckDB reports as too short is skipped, as the Python path does.
    raws = _lines_of(text_path, (int(line) for line, _, _ in rejected))
    structural = []
    for line, _kind, _ in rejected:
        raw = raws.get(int(line), "")
        if raw.count('"') % 2:  # a quote the line does not close: the Python path names it
            con.execute(f"DROP TABLE {STAGE}")
            return None
        try:
            row = next(csv.reader([raw], delimiter=delim), [])
        except csv.Error:
            con.execute(f"DROP TABLE {STAGE}")
            return None
        if len(row) <= 1 and not "".join(row).strip():
            continue
        structural.append(
            (int(line), raw, t("ragged", lang, found=len(row), expected=len(headers)))
        )
    if rejected:
        bad = np.array([line for line, _, _ in rejected], dtype=np.int64)
        lines = np.setdiff1d(np.arange(top + 1, top + 1 + n_valid + len(bad), dtype=np.int64), bad)
        con.register("__lines", pa.table({"__k": np.arange(1, n_valid + 1), "__line": lines}))
        select = "l.__line, NULL::VARCHAR AS __raw, " + ", ".join(
            f"s.{n}" if n in kept else f"NULL::VARCHAR AS {n}" for n in names
        )
        con.execute(
            f"CREATE TEMP TABLE __stage2 AS SELECT {select} FROM "
            f"(SELECT rowid + 1 AS __k, * FROM {STAGE}) s "
            "JOIN __lines l USING (__k) ORDER BY l.__line"
        )
        con.unregister("__lines")
        con.execute(f"DROP TABLE {STAGE}; ALTER TABLE __stage2 RENAME TO {STAGE}")
    else:
        # Record k (rowid k - 1: rows are stored in file order) is line k + 1; a view says so
        # without rewriting millions of rows.
        con.execute(f"ALTER TABLE {STAGE} RENAME TO {STAGE}_k")
        con.execute(
            f"CREATE TEMP VIEW {STAGE} AS SELECT rowid + {top + 1} AS __line, "
            f"NULL::VARCHAR AS __raw, {full} FROM {STAGE}_k"
        )
    return Staged(path, "csv", headers, n_valid, encoding, delim, structural, text_path)


UNTERMINATED = "\x00\x01"  # the field list of a record cut at an unterminated quote


def _records(
    fh: io.TextIOBase, delim: str, whitespace: bool, width: list[int] | None = None
) -> Iterator[tuple[int, str, list[str]]]:
    """(start line, raw text, fields) for every non-blank record.

    ``width`` holds the number of columns once the header is read.  A record spanning lines
    of which one, read alone, is a full record of that width is taken for an unterminated
    quote (``B;"c2;...``, whose quote would swallow the rows below up to the next quote): it
    is yielded as ``[UNTERMINATED]`` with its first line only, and the lines after it are
    read again as records of their own.
    """
    line_no = 0
    pending: list[str] = []  # lines given back after an unterminated quote
    source_lines = iter(fh)

    def lines() -> Iterator[str]:
        nonlocal line_no
        while True:
            if pending:
                line = pending.pop()
            else:
                read = next(source_lines, None)
                if read is None:
                    return
                line = read
            line_no += 1
            yield line

    if whitespace:
        for line in lines():
            if line.strip():
                yield line_no, line.rstrip("\r\n"), line.split()
        return
    buffer: list[str] = []

    def capture() -> Iterator[str]:
        for line in lines():
            buffer.append(line)
            yield line

    def swallowed() -> bool:
        if "".join(buffer).count('"') % 2:  # odd: maybe a quote the file never closes
            try:
                for _ in csv.reader(buffer, delimiter=delim, strict=True):
                    pass
            except csv.Error as exc:
                if "end of data" in str(exc) or "newline inside string" in str(exc):
                    return True
        expected = width[0] if width else 0
        if expected < 2 or len(buffer) < 2 or '"' not in buffer[0]:
            return False
        for line in buffer[1:]:
            try:
                row = next(csv.reader([line.rstrip("\r\n")], delimiter=delim), [])
            except csv.Error:
                continue
            if len(row) == expected and '"' not in line:
                return True
        return False

    reader = csv.reader(capture(), delimiter=delim, quotechar='"', doublequote=True, strict=False)
    while True:
        buffer.clear()
        start = line_no + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # e.g. a field over the size limit
            yield start, "".join(buffer).rstrip("\r\n"), [f"\x00{exc}"]
            continue
        if swallowed():
            yield start, buffer[0].rstrip("\r\n"), [UNTERMINATED]
            pending.extend(reversed(buffer[1:]))
            line_no = start
            # the reader may have seen the end of the file: a new one reads the lines given back
            reader = csv.reader(
                capture(), delimiter=delim, quotechar='"', doublequote=True, strict=False
            )
            continue
        raw = "".join(buffer).rstrip("\r\n")
        if not row or (len(row) == 1 and not row[0].strip() and "\n" not in row[0]):
            continue
        yield start, raw, row


def _read_python(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    text_path: Path,
    encoding: str,
    delim: str,
    options: ReadOptions,
    *,
    whitespace: bool,
    skip_lines: int = 0,
    headers: list[str] | None = None,
) -> Staged:
    """The exact path.  ``skip_lines``: title lines above the header (kept in ``titles``);
    ``headers``: the column names of a file without a header line."""
    csv.field_size_limit(4 * MAX_FIELD)
    titles: list[tuple[int, str]] = []
    with text_path.open(encoding="utf-8-sig", newline="") as fh:
        width_holder = [len(headers)] if headers is not None else []
        records = _records(fh, delim, whitespace, width_holder)
        if headers is None:
            first = next(records, None)
            while first is not None and first[0] <= skip_lines:
                text = " ".join(c.strip() for c in first[2] if c.strip())
                if text:
                    titles.append((first[0], text))
                first = next(records, None)
            if first is None:
                raise InputFileError(t("file_empty", options.lang, file=path))
            headers = _clean_header(first[2])
        width = len(headers)
        width_holder[:] = [width]
        lines: list[int] = []
        raws: list[str] = []
        columns: list[list[str | None]] = [[] for _ in range(width)]
        structural: list[tuple[int, str, str]] = []
        for line, raw, row in records:
            if row == [UNTERMINATED]:
                structural.append((line, raw, t("unterminated_quote", options.lang, line=line)))
                continue
            if len(row) == 1 and row[0].startswith("\x00"):
                detail = row[0][1:]
                if "field limit" in detail:
                    detail = t("field_too_large", options.lang, limit=4 * MAX_FIELD)
                structural.append((line, raw[:10_000], detail))
                continue
            if len(row) > width and not any(row[width:]):
                row = row[:width]  # empty trailing fields (``1;2;;``), as DuckDB and XLSX allow
            if len(row) != width:
                structural.append(
                    (line, raw, t("ragged", options.lang, found=len(row), expected=width))
                )
                continue
            lines.append(line)
            raws.append(raw)
            for i, value in enumerate(row):
                columns[i].append(value if value != "" else None)
    staged = _stage_columns(
        con,
        path,
        "whitespace" if whitespace else "csv",
        headers,
        lines,
        raws,
        columns,
        structural,
        encoding=encoding,
        delimiter=None if whitespace else delim,
    )
    staged.titles = titles
    return staged


def _stage_columns(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    fmt: str,
    headers: list[str],
    lines: list[int],
    raws: list[str],
    columns: list[list[str | None]],
    structural: list[tuple[int, str, str]],
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> Staged:
    data: dict[str, Any] = {
        "__line": pa.array(lines, type=pa.int64()),
        "__raw": pa.array(raws, type=pa.string()),
    }
    for i, col in enumerate(columns):
        data[f"f{i}"] = pa.array(col, type=pa.string())
    con.register("__arrow_stage", pa.table(data))
    con.execute(f"CREATE TEMP TABLE {STAGE} AS SELECT * FROM __arrow_stage")
    con.unregister("__arrow_stage")
    return Staged(path, fmt, headers, len(lines), encoding, delimiter, structural)


# ----------------------------------------------------------------------------- other formats


def _cell_text(value: Any) -> str | None:
    """A typed spreadsheet/JSON value as the text the validator parses (ISO dates, '.' decimals)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if value.is_integer():  # 1e16 is the id 10000000000000000, not '1e+16'
            return str(int(value))
        # A spreadsheet shows at most 15 significant digits: 0.1 + 0.2 is 0.3, as shown.
        return format(Decimal(f"{value:.15g}"), "f")
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    return text if text != "" else None


XLSX_PART_LIMIT = 1024  # MB a workbook part may unpack to (1 M customers x 10 columns: 374 MB)
XLSX_RATIO_LIMIT = 100  # ... and at most this many times its packed size (above 20 MB)
XLSX_CELL_LIMIT = 20_000_000  # cells a sheet may span (its <dimension>), read into memory
_DIMENSION = re.compile(rb'<dimension ref="([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?"')


def _column_number(letters: bytes) -> int:
    number = 0
    for c in letters:
        number = number * 26 + c - 64
    return number


def _sheet_cells(book: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """The cells a worksheet says it spans (its ``<dimension ref="A1:Z9">``), 0 if unsaid."""
    with book.open(info) as fh:
        head = fh.read(1 << 14)
    found = _DIMENSION.search(head)
    if found is None or found.group(3) is None:
        return 0
    rows = int(found.group(4)) - int(found.group(2)) + 1
    columns = _column_number(found.group(3)) - _column_number(found.group(1)) + 1
    return max(rows, 0) * max(columns, 0)


def _check_workbook(path: Path, options: ReadOptions) -> None:
    """Refuse what is no workbook (CSV text named .xlsx) and what would unpack to gigabytes
    (a zip bomb: 1.2 MB took the reader to 2.2 GB) before the reader sees it."""
    if not zipfile.is_zipfile(path):
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
        if head and b"\x00" not in head and not head.startswith(b"PK"):
            raise InputFileError(t("xlsx_is_text", options.lang, file=path))
        return  # an old .xls or a broken file: the reader says what it finds
    with zipfile.ZipFile(path) as book:
        for info in book.infolist():
            size = info.file_size
            ratio = size / max(info.compress_size, 1)
            if size > XLSX_PART_LIMIT << 20 or (size > 20 << 20 and ratio > XLSX_RATIO_LIMIT):
                raise InputFileError(
                    t(
                        "xlsx_too_large",
                        options.lang,
                        file=path,
                        part=clip(info.filename),
                        size=size >> 20,
                        limit=XLSX_PART_LIMIT,
                        ratio=XLSX_RATIO_LIMIT,
                    )
                )
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                cells = _sheet_cells(book, info)
                if cells > XLSX_CELL_LIMIT:
                    raise InputFileError(
                        t(
                            "xlsx_too_many_cells",
                            options.lang,
                            file=path,
                            part=clip(info.filename),
                            cells=f"{cells:,}",
                            limit=f"{XLSX_CELL_LIMIT:,}",
                        )
                    )


def _read_xlsx(con: duckdb.DuckDBPyConnection, path: Path, options: ReadOptions) -> Staged:
    from python_calamine import CalamineWorkbook

    _check_workbook(path, options)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for broken files
        raise InputFileError(
            t("file_unreadable", options.lang, file=path, format="xlsx", detail=exc)
        ) from None
    names = list(book.sheet_names)
    if options.sheet is not None and options.sheet not in names:
        raise InputFileError(
            t(
                "sheet_missing",
                options.lang,
                file=path,
                sheet=options.sheet,
                sheets=", ".join(names),
            )
        )
    sheet = book.get_sheet_by_name(options.sheet or names[0])
    rows = sheet.to_python(skip_empty_area=False)
    numbered = [(i + 1, row) for i, row in enumerate(rows) if any(c not in ("", None) for c in row)]
    if not numbered:
        raise InputFileError(t("file_empty", options.lang, file=path))
    titles: list[tuple[int, str]] = []
    if options.header:
        # Title rows above the header ("Bestellungen Januar 2026" in A1): at most one filled
        # cell each, followed by a row with two or more.
        filled = [sum(1 for c in row if _cell_text(c)) for _, row in numbered]
        top = next((k for k, n in enumerate(filled[: TITLE_LINES + 1]) if n >= 2), 0)
        titles = [
            (line, " ".join(_cell_text(c) or "" for c in row if _cell_text(c)))
            for line, row in numbered[:top]
        ]
        header = numbered[top][1]
        headers = _clean_header([_cell_text(c) or "" for c in header])
        body = numbered[top + 1 :]
    else:
        headers = _clean_header(list(options.columns))
        body = numbered
    width = len(headers)
    lines, raws = [], []
    columns: list[list[str | None]] = [[] for _ in range(width)]
    structural = []
    for line, row in body:
        cells = [_cell_text(c) for c in row]
        raw = ";".join(c or "" for c in cells)
        extra = [c for c in cells[width:] if c is not None]
        if extra:
            found = width + len(extra)
            structural.append((line, raw, t("ragged", options.lang, found=found, expected=width)))
            continue
        cells = (cells + [None] * width)[:width]
        lines.append(line)
        raws.append(raw)
        for i, value in enumerate(cells):
            columns[i].append(value)
    staged = _stage_columns(con, path, "xlsx", headers, lines, raws, columns, structural)
    staged.titles = titles
    return staged


def _read_parquet(con: duckdb.DuckDBPyConnection, path: Path, options: ReadOptions) -> Staged:
    try:
        rel = con.sql(f"SELECT * FROM read_parquet({_sql_str(str(path))})")
        headers = list(rel.columns)
    except duckdb.Error as exc:
        raise InputFileError(
            t("file_unreadable", options.lang, file=path, format="parquet", detail=exc)
        ) from None
    if not headers:
        raise InputFileError(t("file_empty", options.lang, file=path))
    # Column names are quoted as identifiers (a '"' in a name broke the SQL); __line is the
    # row's position in the file, which a parallel scan's row_number() does not promise.
    cols = ", ".join(f"CAST({q(h)} AS VARCHAR) AS f{i}" for i, h in enumerate(headers))
    raw = " || ';' || ".join(f"coalesce(CAST({q(h)} AS VARCHAR), '')" for h in headers)
    try:
        con.execute(
            f"CREATE TEMP TABLE {STAGE} AS SELECT file_row_number + 1 AS __line, "
            f"{raw} AS __raw, {cols} "
            f"FROM read_parquet({_sql_str(str(path))}, file_row_number = true) ORDER BY 1"
        )
    except duckdb.Error as exc:
        raise InputFileError(
            t("file_unreadable", options.lang, file=path, format="parquet", detail=exc)
        ) from None
    rows = _scalar(con, f"SELECT count(*) FROM {STAGE}")
    return Staged(path, "parquet", _clean_header(headers), rows)


def _read_jsonl(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    text_path: Path,
    encoding: str,
    options: ReadOptions,
) -> Staged:
    records: list[tuple[int, str, dict[str, Any]]] = []
    structural: list[tuple[int, str, str]] = []
    with text_path.open(encoding="utf-8-sig") as fh:
        text = fh.read(SNIFF_BYTES)
    if path.suffix.lower() == ".json" and text.lstrip().startswith("["):
        return _read_json_array(con, path, text_path, encoding, options)
    with text_path.open(encoding="utf-8-sig") as fh:
        for line_no, line in enumerate(fh, start=1):
            raw = line.rstrip("\r\n")
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except (ValueError, RecursionError) as exc:  # also too deep, too many digits
                detail = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
                structural.append((line_no, raw, t("bad_json", options.lang, detail=detail)))
                continue
            if not isinstance(obj, dict):
                structural.append(
                    (line_no, raw, t("bad_json", options.lang, detail=type(obj).__name__))
                )
                continue
            records.append((line_no, raw, obj))
    return _stage_objects(con, path, "jsonl", records, structural, encoding, options)


def _read_json_array(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    text_path: Path,
    encoding: str,
    options: ReadOptions,
) -> Staged:
    """A ``.json`` export holding one array of objects; each row's line is where it starts."""
    text = text_path.read_text(encoding="utf-8-sig")
    try:
        items = json.loads(text)
    except (ValueError, RecursionError) as exc:
        detail = (
            f"line {exc.lineno}: {exc.msg}" if isinstance(exc, json.JSONDecodeError) else str(exc)
        )
        raise InputFileError(t("bad_json_file", options.lang, file=path, detail=detail)) from None
    decoder = json.JSONDecoder()
    starts: list[int] = []
    pos = text.index("[") + 1
    for _ in items:  # find where each element starts, to report physical lines
        while text[pos] in " \t\r\n,":
            pos += 1
        starts.append(pos)
        pos = decoder.raw_decode(text, pos)[1]
    line_of, line, previous = [], 1, 0
    for start in starts:  # counted incrementally: linear in the file size
        line += text.count("\n", previous, start)
        line_of.append(line)
        previous = start
    records: list[tuple[int, str, dict[str, Any]]] = []
    structural: list[tuple[int, str, str]] = []
    for line, item in zip(line_of, items, strict=True):
        raw = json.dumps(item, ensure_ascii=False)
        if not isinstance(item, dict):
            detail = type(item).__name__
            structural.append((line, raw, t("bad_json", options.lang, detail=detail)))
            continue
        records.append((line, raw, item))
    return _stage_objects(con, path, "json", records, structural, encoding, options)


def _stage_objects(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    fmt: str,
    records: list[tuple[int, str, dict[str, Any]]],
    structural: list[tuple[int, str, str]],
    encoding: str,
    options: ReadOptions,
) -> Staged:
    """Stage JSON objects: one column per key, in order of first appearance."""
    if not records and not structural:
        raise InputFileError(t("file_empty", options.lang, file=path))
    names = list(dict.fromkeys(key for _, _, obj in records for key in obj))
    columns = [[_cell_text(obj.get(h)) for _, _, obj in records] for h in names]
    return _stage_columns(
        con,
        path,
        fmt,
        _clean_header(names),
        [r[0] for r in records],
        [r[1] for r in records],
        columns,
        structural,
        encoding=encoding,
    )


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0
