"""The readers: any text in, never a crash; both CSV paths agree; encodings and formats.

The two Hypothesis tests are the importer's safety net:

* any CSV-ish text imported as orders either raises InputFileError/MappingError or returns a
  result with ``read = stored + rejected + duplicates`` that matches the store's bookkeeping;
* for files without multi-line fields, DuckDB's fast path and the Python ``csv`` path stage the
  same rows with the same line numbers and raw text (the Python path is the oracle).
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bindung
from bindung.errors import InputFileError, MappingError
from bindung.ingest import readers
from bindung.workspace import Workspace

HEADERS = (
    ("Bestellnummer", "Kundennummer", "Bestelldatum", "Betrag"),
    ("order_id", "customer_id", "ordered_at", "revenue", "items", "currency"),
    ("Order ID", "Customer", "Date", "Total", "Kanal"),
    ("Datum", "Betrag", "Kunde"),  # no order id: the key is derived from the content
    ("Notiz", "Betrag"),  # required fields missing: MappingError
)
DELIMITERS = (";", ",", "\t", "|")
SPECIAL = (
    "",
    " ",
    '"',
    '""',
    "'",
    ";",
    ",",
    "\t",
    "|",
    "\n",
    "\r\n",
    "\r",
    "\x00",
    "\ufeff",
    "=cmd|' /C calc'!A0",
    "@SUM(A1)",
    "-",
    "+49 30 1234",
    "€",
    "ä",
    "ß",
    "\u00a0",
    "NULL",
    "1.234,56",
    "1,234.56",
    "-5,00",
    "1e309",
    "NaN",
    "inf",
    "31.02.2024",
    "29.02.2024",
    "2024-03-31T02:30:00",
    "2024-01-01T00:00:00Z",
    "2024-06-01 12:00:00+02:00",
    "01.01.2099",
    "x" * 300,
    "Zürich 😀",
)

_counter = itertools.count()


def _amount(cents: int, style: str) -> str:
    euros, rest = divmod(abs(cents), 100)
    sign = "-" if cents < 0 else ""
    if style == "de":
        return f"{sign}{euros:,}".replace(",", ".") + f",{rest:02d}"
    if style == "en":
        return f"{sign}{euros:,}.{rest:02d}"
    return f"{sign}{euros}"


amounts = st.builds(_amount, st.integers(-(10**9), 10**9), st.sampled_from(["de", "en", "plain"]))
date_texts = st.builds(
    lambda d, fmt: d.strftime(fmt),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31)),
    st.sampled_from(
        [
            "%d.%m.%Y",
            "%d.%m.%y",
            "%Y-%m-%d",
            "%Y-%m-%dT%H:%M:%S",
            "%d.%m.%Y %H:%M",
            "%Y-%m-%d %H:%M:%S+02:00",
            "%Y-%m-%dT%H:%M:%SZ",
            "%Y%m%d",
            "%d/%m/%Y",
        ]
    ),
)
fields = st.one_of(
    st.text(max_size=12),
    st.sampled_from(SPECIAL),
    amounts,
    date_texts,
    st.integers(-(10**20), 10**20).map(str),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)).map(str),
)


def _render(value: str, delim: str, how: str) -> str:
    """A field as a CSV writer (``quoted``) or a careless export (``raw``) would write it."""
    if how == "quoted" or (how == "auto" and any(c in value for c in (delim, '"', "\n", "\r"))):
        return '"' + value.replace('"', '""') + '"'
    return value


@st.composite
def csv_files(draw: st.DrawFn, multiline: bool = True) -> bytes:
    """Bytes of a CSV-ish file: a header, rows of random width, any quoting and line ends."""
    header = list(draw(st.sampled_from(HEADERS)))
    if draw(st.booleans()):
        header = draw(st.permutations(header))
    delim = draw(st.sampled_from(DELIMITERS))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    value = fields if multiline else fields.filter(lambda v: "\n" not in v and "\r" not in v)
    if header and draw(st.integers(0, 4)) == 0:  # a header name that is anything at all
        header[draw(st.integers(0, len(header) - 1))] = draw(value)
    how = st.sampled_from(["auto", "auto", "auto", "quoted", "raw"])
    rows = draw(
        st.lists(
            st.lists(
                st.tuples(value, how), min_size=max(0, len(header) - 2), max_size=len(header) + 2
            ),
            max_size=8,
        )
    )
    lines = [delim.join(_render(name, delim, "auto") for name in header)]
    for row in rows:
        lines.append(delim.join(_render(v, delim, h) for v, h in row))
        if multiline and draw(st.integers(0, 9)) == 0:
            lines.append(draw(st.sampled_from(["", " ", delim * (len(header) - 1)])))
    text = newline.join(lines) + (newline if draw(st.booleans()) else "")
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8")


any_text = st.one_of(
    st.text(max_size=300).map(lambda s: s.encode("utf-8")),
    st.binary(max_size=300),
)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, Path]]:
    """One workspace for all examples: imports pile up, the bookkeeping must still add up."""
    folder = tmp_path_factory.mktemp("hypothesis")
    ws = bindung.init(folder / "ws", locale="en_GB")
    yield ws, folder
    ws.close()


def _import_and_check(ws: Workspace, path: Path, **options: Any) -> None:
    before = ws.counts()["orders"]
    try:
        r = ws.import_file("orders", path, **options)
    except (InputFileError, MappingError):
        return
    assert r.read == r.stored + r.rejected + r.duplicates
    assert r.status == ("rejects" if r.rejected else "ok")
    row = (
        ws.sql(
            "SELECT rows_read, stored, rejected, duplicates FROM imports WHERE import_id = ?",
            [r.import_id],
        )
        .iloc[0]
        .tolist()
    )
    assert row == [r.read, r.stored, r.rejected, r.duplicates]
    kept = ws.sql("SELECT count(*) AS n FROM rejects WHERE import_id = ?", [r.import_id])
    assert int(kept.n[0]) == r.rejected
    assert 0 <= ws.counts()["orders"] - before <= r.stored
    assert all(reject.line >= 1 and reject.reasons for reject in r.rejects)


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=csv_files())
def test_any_csv_text_never_crashes_and_rows_add_up(
    shared: tuple[Workspace, Path], content: bytes
) -> None:
    ws, folder = shared
    path = folder / f"orders-{next(_counter)}.csv"
    path.write_bytes(content)
    _import_and_check(ws, path)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=any_text)
def test_any_bytes_never_crash_the_importer(shared: tuple[Workspace, Path], content: bytes) -> None:
    ws, folder = shared
    path = folder / f"bytes-{next(_counter)}.csv"
    path.write_bytes(content)
    _import_and_check(ws, path)


# ----------------------------------------------------------------------------- the oracle


def _stage(con: duckdb.DuckDBPyConnection, staged: readers.Staged) -> dict[str, Any]:
    width = len(staged.headers)
    cols = ", ".join(["__line", *(f"f{i}" for i in range(width))])
    rows = con.execute(f"SELECT {cols} FROM __stage ORDER BY __line").fetchall()
    raws = con.execute("SELECT __line, __raw FROM __stage ORDER BY __line").fetchall()
    if staged.text_path is not None:  # fast path: raw text is read back from the file
        found = staged.raw_lines([line for line, _ in raws])
        raws = [(line, found[line]) for line, _ in raws]
    readers.drop_stage(con)
    return {
        "headers": staged.headers,
        "rows": rows,
        "raws": raws,
        "structural": sorted(staged.structural),
    }


def _both_paths(path: Path) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(fast path, Python path) stagings of ``path``, or None when the fast path declined."""
    con = duckdb.connect()
    try:
        try:
            fast = readers.read(con, path, readers.ReadOptions())
        except InputFileError:
            return None
        if fast.text_path is None:
            return None
        assert fast.delimiter is not None and fast.encoding is not None
        fast_rows = _stage(con, fast)
        exact = readers._read_python(
            con,
            path,
            fast.text_path,
            fast.encoding,
            fast.delimiter,
            readers.ReadOptions(),
            whitespace=False,
        )
        exact_rows = _stage(con, exact)
        if fast.text_path != path:
            fast.text_path.unlink()
        return fast_rows, exact_rows
    finally:
        con.close()


@settings(max_examples=200, deadline=None)
@given(content=csv_files(multiline=False))
def test_duckdb_fast_path_and_python_path_stage_identical_rows(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "orders.csv"
        path.write_bytes(content)
        both = _both_paths(path)
    if both is not None:
        fast, exact = both
        assert fast == exact


def test_fast_path_is_taken_for_a_plain_export(write: Any) -> None:
    path = write("o.csv", "a;b\n1;2\n3;4\n")
    con = duckdb.connect()
    staged = readers.read(con, path, readers.ReadOptions())
    assert staged.text_path == path
    assert con.execute("SELECT __line, f0, f1 FROM __stage ORDER BY 1").fetchall() == [
        (2, "1", "2"),
        (3, "3", "4"),
    ]


def test_ragged_rows_keep_their_line_numbers_on_the_fast_path(write: Any) -> None:
    path = write("o.csv", "a;b\n1;2\n3\n4;5;6\n7;8\n")
    con = duckdb.connect()
    staged = readers.read(con, path, readers.ReadOptions())
    assert staged.text_path == path
    assert con.execute("SELECT __line, f0 FROM __stage ORDER BY 1").fetchall() == [
        (2, "1"),
        (5, "7"),
    ]
    assert staged.structural == [
        (3, "3", "has 1 field(s), expected 2 (as in the header)"),
        (4, "4;5;6", "has 3 field(s), expected 2 (as in the header)"),
    ]


def test_quoted_line_break_uses_the_python_path_with_physical_lines(write: Any) -> None:
    path = write("o.csv", 'a;b\n1;"x\ny"\n2;z\n')
    con = duckdb.connect()
    staged = readers.read(con, path, readers.ReadOptions())
    assert staged.text_path is None
    assert con.execute("SELECT __line, __raw, f1 FROM __stage ORDER BY 1").fetchall() == [
        (2, '1;"x\ny"', "x\ny"),
        (4, "2;z", "z"),
    ]


# ----------------------------------------------------------------------------- detection


@pytest.mark.parametrize(
    ("delimiter", "expected"),
    [
        (";", ";"),
        (",", ","),
        ("\t", "\t"),
        ("|", "|"),
    ],
)
def test_delimiter_is_detected(write: Any, delimiter: str, expected: str) -> None:
    path = write("o.csv", delimiter.join(["a", "b", "c"]) + "\n" + delimiter.join("123") + "\n")
    con = duckdb.connect()
    assert readers.read(con, path, readers.ReadOptions()).delimiter == expected


def test_comma_inside_german_amounts_does_not_fool_the_sniffer(write: Any) -> None:
    path = write("o.csv", "Nr;Betrag;Datum\n1;1.234,56;01.02.2024\n2;3,50;02.02.2024\n")
    con = duckdb.connect()
    assert readers.read(con, path, readers.ReadOptions()).delimiter == ";"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("cp1252", "cp1252"),
        ("utf-16", "utf-16"),
    ],
)
def test_encoding_is_detected(write: Any, encoding: str, expected: str) -> None:
    path = write("o.csv", "Kunde;Straße\nK-1;Königsallee 1 €\n", encoding=encoding)
    con = duckdb.connect()
    staged = readers.read(con, path, readers.ReadOptions())
    assert staged.encoding == expected
    assert staged.headers == ["Kunde", "Straße"]
    assert con.execute("SELECT f1 FROM __stage").fetchone() == ("Königsallee 1 €",)
    if staged.text_path is not None and staged.text_path != path:
        staged.text_path.unlink()


def test_explicit_delimiter_and_encoding_override_detection(
    workspace: Workspace, write: Any
) -> None:
    path = write(
        "o.csv", "Bestellnummer|Kunde|Datum|Betrag\nA;1|K|01.02.2024|2,00\n", encoding="cp1252"
    )
    r = workspace.import_file("orders", path, delimiter="|", encoding="cp1252")
    assert (r.read, r.stored) == (1, 1)
    assert workspace.sql("SELECT order_id FROM orders").order_id.tolist() == ["A;1"]


def test_transcoded_temporary_files_are_removed(
    workspace: Workspace, write: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    fast = write(
        "fast.csv", "Bestellnummer;Kunde;Datum;Betrag\nA-1;Kö;01.02.2024;2,00\n", encoding="cp1252"
    )
    slow = write(
        "slow.csv",
        "Bestellnummer;Kunde;Datum;Betrag\n\nA-2;Kö;01.02.2024;2,00\n",
        encoding="cp1252",
    )
    empty = write("empty.csv", "\n \n", encoding="utf-16")
    assert workspace.import_file("orders", fast).stored == 1
    assert workspace.import_file("orders", slow).stored == 1
    with pytest.raises(InputFileError):
        workspace.import_file("orders", empty)
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize("name", ["o.xlsx", "o.parquet"])
def test_broken_workbook_or_parquet_names_the_file_and_format(
    workspace: Workspace, write: Any, name: str
) -> None:
    path = write(name, b"PK\x03\x04 not really a zip" if name.endswith("xlsx") else b"PAR1 junk")
    with pytest.raises(InputFileError) as err:
        workspace.import_file("orders", path)
    fmt = name.rsplit(".", 1)[1]
    assert str(err.value).startswith(f"{path}: cannot be read as {fmt}: ")


def test_unknown_format_option_is_refused(workspace: Workspace, write: Any) -> None:
    path = write("o.csv", "a;b\n1;2\n")
    with pytest.raises(InputFileError) as err:
        workspace.import_file("orders", path, format="pdf")
    assert str(err.value) == (
        f"{path}: cannot read format 'pdf'; expected csv, xlsx, parquet or jsonl"
    )


def test_missing_file_is_named(workspace: Workspace, tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as err:
        workspace.import_file("orders", tmp_path / "nope.csv")
    assert str(err.value) == f"{tmp_path / 'nope.csv'}: no such file"


def test_missing_file_message_is_german_by_default(workspace_de: Workspace, tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as err:
        workspace_de.import_file("orders", tmp_path / "nope.csv")
    assert str(err.value) == f"{tmp_path / 'nope.csv'}: Datei nicht gefunden"


# ----------------------------------------------------------------------------- limits


def test_field_over_4_mb_rejects_its_row_and_the_next_rows_are_read(
    workspace: Workspace, write: Any
) -> None:
    path = write(
        "s.csv",
        "Datum;Umfrage;Wert;Kommentar\n01.02.2024;nps;1;a\n"
        f"01.02.2024;nps;2;{'y' * 5_000_000}\n"
        '01.02.2024;nps;3;"c\nd"\n01.02.2024;nps;4;e\n',
    )
    r = workspace.import_file("survey_responses", path)
    assert (r.read, r.stored, r.rejected) == (4, 3, 1)
    assert [(x.line, len(x.raw), x.reasons) for x in r.rejects] == [
        (3, 10_000, ("has a field longer than 4194304 characters; the row cannot be read",))
    ]
    assert workspace.con.execute(
        "SELECT score, comment FROM survey_responses ORDER BY score"
    ).fetchall() == [(1.0, "a"), (3.0, "c\nd"), (4.0, "e")]


def test_json_nested_too_deep_or_with_huge_numbers_is_a_reject(
    workspace: Workspace, write: Any
) -> None:
    path = write(
        "o.jsonl",
        '{"order_id": "A", "customer_id": "K", "ordered_at": "2024-01-01", '
        '"revenue": 1}\n' + "[" * 100_000 + "\n" + '{"a": ' + "1" * 5000 + "}\n",
    )
    r = workspace.import_file("orders", path)
    assert (r.read, r.stored, r.rejected) == (3, 1, 2)
    assert [x.line for x in r.rejects] == [2, 3]
    assert r.rejects[0].reasons == (
        "is not a JSON object: maximum recursion depth exceeded "
        "while decoding a JSON array from a unicode string",
    )


def test_parquet_column_names_with_quotes_are_read(workspace: Workspace, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "o.parquet"
    pq.write_table(
        pa.table({"order_id": ["A"], 'Kunde "X"': ["K"], "Datum": ["2024-01-01"], "Betrag": [1.5]}),
        path,
    )
    r = workspace.import_file("orders", path, columns={'Kunde "X"': "customer_id"})
    assert (r.read, r.stored) == (1, 1)


def test_parquet_rows_are_numbered_in_file_order(workspace: Workspace, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    n = 50_000
    path = tmp_path / "o.parquet"
    pq.write_table(
        pa.table(
            {
                "order_id": [f"A{i}" for i in range(n)],
                "customer_id": ["K"] * n,
                "ordered_at": ["2024-01-01"] * n,
                "revenue": [-1.0 if i == 41_234 else 1.0 for i in range(n)],
            }
        ),
        path,
        row_group_size=2_000,
    )
    r = workspace.import_file("orders", path)
    assert [(x.line, x.raw) for x in r.rejects] == [(41_235, "A41234;K;2024-01-01;-1.0")]


# ----------------------------------------------------------------------------- German reasons


def test_structural_reasons_are_german_in_a_german_workspace(
    workspace_de: Workspace, write: Any
) -> None:
    csv_path = write("o.csv", "Bestellnummer;Kunde;Datum;Betrag\nA;K;01.02.2024\n")
    r = workspace_de.import_file("orders", csv_path)
    assert r.rejects[0].reasons == ("hat 3 Feld(er), erwartet 4 (wie in der Kopfzeile)",)
    blank = write("b.csv", "Bestellnummer;Kunde;Datum;Betrag\n\nA;K;01.02.2024\n")
    r = workspace_de.import_file("orders", blank)
    assert [(x.line, x.reasons) for x in r.rejects] == [
        (3, ("hat 3 Feld(er), erwartet 4 (wie in der Kopfzeile)",))
    ]
    json_path = write(
        "o.jsonl",
        '[1]\n{"order_id": "A", "customer_id": "K", "ordered_at": "2024-01-01", "revenue": 1}\n',
    )
    r = workspace_de.import_file("orders", json_path)
    assert [(x.line, x.reasons) for x in r.rejects] == [(1, ("ist kein JSON-Objekt: list",))]


# ----------------------------------------------------------------------------- regressions
# Files Hypothesis found that crashed the importer or made the two CSV paths disagree.


def test_mixed_line_ends_keep_physical_line_numbers(workspace: Workspace, write: Any) -> None:
    path = write(
        "o.csv", b"Bestellnummer;Kunde;Datum;Betrag\nA;K;01.02.2024;1\n;\r\n;\nB;K;01.02.2024;-1\n"
    )
    r = workspace.import_file("orders", path)
    assert (r.read, r.stored, r.rejected) == (4, 1, 3)
    assert [(x.line, x.raw) for x in r.rejects] == [(3, ";"), (4, ";"), (5, "B;K;01.02.2024;-1")]


def test_short_crlf_line_is_reported_with_its_own_text(workspace: Workspace, write: Any) -> None:
    path = write("o.csv", "Bestellnummer;Kunde;Datum;Betrag\n;\n A\n", newline="\r\n")
    r = workspace.import_file("orders", path)
    assert [(x.line, x.raw, x.reasons) for x in r.rejects] == [
        (2, ";", ("has 2 field(s), expected 4 (as in the header)",)),
        (3, " A", ("has 1 field(s), expected 4 (as in the header)",)),
    ]


@pytest.mark.parametrize("blank", ["", " ", "\t", '""'])
def test_blank_records_are_skipped_on_both_paths(
    workspace: Workspace, write: Any, blank: str
) -> None:
    path = write(
        "o.csv", f"Bestellnummer;Kunde;Datum;Betrag\nA;K;01.02.2024;1\n{blank}\nB;K;01.02.2024;-1\n"
    )
    r = workspace.import_file("orders", path)
    assert (r.read, r.stored, r.rejected) == (2, 1, 1)
    assert r.rejects[0].line == 4


def test_empty_trailing_fields_are_ignored_on_both_paths(workspace: Workspace, write: Any) -> None:
    rows = "A;K;01.02.2024;1;;\nB;K;01.02.2024;2;\n"
    fast = write("fast.csv", "Bestellnummer;Kunde;Datum;Betrag\n" + rows)
    slow = write(
        "slow.csv",
        "Bestellnummer;Kunde;Datum;Betrag\n\n" + rows.replace("A", "C").replace("B", "D"),
    )
    assert workspace.import_file("orders", fast).stored == 2
    assert workspace.import_file("orders", slow).stored == 2


def test_next_line_character_in_a_header_does_not_split_it(
    workspace: Workspace, write: Any
) -> None:
    path = write("o.csv", "Notiz\u0085;Bestellnummer;Kunde;Datum;Betrag\nx;A;K;01.02.2024;1\n")
    r = workspace.import_file("orders", path)
    assert (r.read, r.stored) == (1, 1)


def test_a_json_array_export_imports_with_the_line_each_object_starts_on(tmp_path: Path) -> None:
    ws = bindung.init(tmp_path / "ws", locale="en_GB")
    path = tmp_path / "orders.json"
    path.write_text(
        "[\n"
        '  {"order_id": "A1", "customer_id": "K1", "ordered_at": "2024-03-01T10:00:00Z",\n'
        '   "revenue": 12.5},\n'
        '  {"order_id": "A2", "customer_id": "K1", "ordered_at": "2024-02-31",\n'
        '   "revenue": 3},\n'
        '  {"order_id": "A3", "customer_id": "K2", "ordered_at": "2024-03-02", "revenue": 7}\n'
        "]\n",
        encoding="utf-8",
    )
    result = ws.import_file("orders", path)
    assert (result.read, result.stored, result.rejected) == (3, 2, 1)
    assert [r.line for r in result.rejects] == [4]
    assert "'2024-02-31' is not a date" in result.rejects[0].reasons[0]
    stored = ws.sql("SELECT order_id, ordered_at FROM orders ORDER BY 1")
    assert str(stored.ordered_at[0]) == "2024-03-01 10:00:00"
    ws.close()


def test_broken_json_array_names_the_line(tmp_path: Path) -> None:
    ws = bindung.init(tmp_path / "ws", locale="en_GB")
    path = tmp_path / "orders.json"
    path.write_text('[\n {"order_id": "A1"},\n {"order_id": }\n]\n', encoding="utf-8")
    with pytest.raises(bindung.InputFileError, match=r"orders.json: not valid JSON \(line 3: "):
        ws.import_file("orders", path)
    ws.close()


def test_a_short_row_cut_by_an_unterminated_quote_gets_the_same_reason_on_both_paths(
    tmp_path: Path,
) -> None:
    """Found by the fuzz test above: DuckDB called this line too long, the Python path an
    unterminated quote; a line whose quote does not close is left to the Python path."""
    path = tmp_path / "orders.csv"
    path.write_bytes(b';Kundennummer;Bestelldatum;Betrag\n;;;;0;"')
    both = _both_paths(path)
    if both is not None:
        fast, exact = both
        assert fast == exact
    con = duckdb.connect()
    try:
        staged = readers.read(con, path, readers.ReadOptions())
    finally:
        con.close()
    ((line, _, reason),) = staged.structural
    assert line == 2 and "unterminated quote" in reason
