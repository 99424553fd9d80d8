"""Issue 18's fuzz suite: random orders tables, written in every format and dialect the
readers take, imported into a real DuckDB workspace.  Every generated row is stored with its
exact value or rejected with a reason about its amount; an import stopped by a question names
a value both number styles read differently, and stores nothing.  None lost, none changed.

The oracle is the generator's own values (Python ``Decimal``, ``datetime``, ``zoneinfo``),
never the importer's parsing.
"""

from __future__ import annotations

import csv
import io
import itertools
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bindung
from bindung.errors import MappingError
from bindung.workspace import Workspace

BERLIN = ZoneInfo("Europe/Berlin")
# Windows-1252 holds these; none is a byte 0x80-0xBF, so no line of them is UTF-8 by accident.
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüÄÖÜßé"
TEXT = LETTERS + "0123456789 '\";,\t\n|"
DIALECTS = [
    (delim, encoding, newline)
    for delim, encoding, newline in itertools.product(
        (",", ";", "\t", "|"), ("utf-8", "utf-8-sig", "cp1252", "utf-16"), ("\n", "\r\n")
    )
]
COUNTER = itertools.count()


@dataclass(frozen=True)
class Row:
    customer: str
    local: datetime  # the order time as written (Europe/Berlin)
    with_time: bool
    iso: bool
    cents: int
    decimals: int  # 0, 1 or 2 written
    grouped: bool

    def amount(self) -> Decimal:
        return Decimal(self.cents) / 100

    def date_text(self) -> str:
        if self.iso:
            return self.local.strftime("%Y-%m-%d %H:%M" if self.with_time else "%Y-%m-%d")
        return self.local.strftime("%d.%m.%Y %H:%M" if self.with_time else "%d.%m.%Y")

    def amount_text(self, comma: bool) -> str:
        whole, frac = divmod(self.cents, 100)
        digits = f"{whole:,}" if self.grouped else str(whole)
        point, group = (",", ".") if comma else (".", ",")
        digits = digits.replace(",", group)
        fraction = f"{frac:02d}"[: self.decimals]
        return digits + (point + fraction if self.decimals else "")


@st.composite
def rows(draw: st.DrawFn) -> Row:
    first = draw(st.sampled_from(LETTERS))
    rest = draw(st.text(TEXT, max_size=12))
    day = draw(st.dates(min_value=date(2015, 1, 1), max_value=date(2025, 12, 31)))
    with_time = draw(st.booleans())
    hour, minute = (draw(st.integers(8, 20)), draw(st.integers(0, 59))) if with_time else (0, 0)
    # a third of the amounts in the thousands: 1.234 / 1,234 is where the styles differ
    whole = draw(st.one_of(st.integers(0, 999), st.integers(1000, 9999), st.integers(0, 10**6)))
    cents = whole * 100 + draw(st.integers(0, 99))
    decimals = draw(st.sampled_from((0, 1, 2)))
    # an amount written with fewer decimals holds no more than it shows
    cents -= cents % (10 ** (2 - decimals))
    return Row(
        first + rest,
        datetime(day.year, day.month, day.day, hour, minute),
        with_time,
        draw(st.booleans()),
        cents,
        decimals,
        draw(st.booleans()),
    )


@pytest.fixture(scope="module")
def shared() -> Iterator[Workspace]:
    with tempfile.TemporaryDirectory() as folder:
        ws = bindung.init(Path(folder) / "ws", locale="en_GB")
        yield ws
        ws.close()


def write_csv(
    path: Path, table: list[list[str]], delim: str, encoding: str, newline: str
) -> list[int]:
    """Write ``table`` (header first); the physical line each data row starts on."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delim, lineterminator=newline)
    starts, line = [], 1
    for i, record in enumerate(table):
        before = buffer.tell()
        writer.writerow(record)
        if i:
            starts.append(line)
        line += buffer.getvalue()[before:].count("\n")
    path.write_bytes(buffer.getvalue().encode(encoding))
    return starts


def write_xlsx(
    path: Path, generated: list[Row], ids: list[str], comma: bool, typed: bool
) -> list[int]:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["order_id", "customer_id", "ordered_at", "revenue"])
    for order_id, row in zip(ids, generated, strict=True):
        when: Any = row.local if typed else row.date_text()
        amount: Any = float(row.amount()) if typed else row.amount_text(comma)
        sheet.append([order_id, row.customer, when, amount])
    book.save(path)
    return list(range(2, len(generated) + 2))


def ambiguous(text: str) -> bool:
    """``1,234`` / ``1.234``: thousands or three decimals."""
    import re

    return re.fullmatch(r"\d{1,3}[.,]\d{3}", text) is not None


def deciding(text: str, comma: bool) -> bool:
    import re

    if comma:
        return re.search(r",\d{1,2}$", text) is not None or re.search(r"\.\d{3},", text) is not None
    return re.search(r"\.\d{1,2}$", text) is not None or re.search(r",\d{3}\.", text) is not None


def check(
    ws: Workspace,
    path: Path,
    ids: list[str],
    generated: list[Row],
    starts: list[int],
    texts: list[str] | None,
) -> None:
    prefix = ids[0].split("-")[0]
    try:
        result = ws.import_file("orders", path)
    except MappingError as exc:
        # a question: only when no amount decides the style and one reads two ways
        assert texts is not None, exc
        assert any(ambiguous(t) for t in texts), exc
        assert not any(deciding(t, c) for t in texts for c in (True, False)), exc
        assert ws.con.execute(
            "SELECT count(*) FROM orders WHERE order_id LIKE ?", [prefix + "-%"]
        ).fetchone() == (0,)
        return
    assert result.read == len(generated), result
    assert result.read == result.stored + result.rejected + result.duplicates
    got = {
        r[0]: r[1:]
        for r in ws.con.execute(
            "SELECT order_id, customer_id, ordered_at, revenue FROM orders WHERE order_id LIKE ?",
            [prefix + "-%"],
        ).fetchall()
    }
    rejected = {r.line: r.reasons for r in result.rejects}
    assert len(got) + len(rejected) == len(generated), (got, rejected)
    for order_id, row, line in zip(ids, generated, starts, strict=True):
        if order_id not in got:
            reasons = rejected[line]
            # the only row a file may not say exactly is its amount's number style
            assert all("(revenue)" in r for r in reasons), (row, reasons)
            continue
        customer, ordered_at, revenue = got[order_id]
        expected_at = row.local.replace(tzinfo=BERLIN).astimezone(UTC).replace(tzinfo=None)
        assert customer == row.customer.strip(" \t"), (row, customer)
        assert ordered_at == expected_at, (row, ordered_at)
        assert revenue == row.amount(), (row, revenue)


def table_of(
    generated: list[Row], ids: list[str], comma: bool
) -> tuple[list[list[str]], list[str]]:
    texts = [row.amount_text(comma) for row in generated]
    body = [
        [order_id, row.customer, row.date_text(), text]
        for order_id, row, text in zip(ids, generated, texts, strict=True)
    ]
    return [["order_id", "customer_id", "ordered_at", "revenue"], *body], texts


FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def csv_case(
    ws: Workspace,
    folder: Path,
    generated: list[Row],
    dialect: tuple[str, str, str],
    comma: bool,
) -> None:
    delim, encoding, newline = dialect
    prefix = f"F{next(COUNTER)}"
    ids = [f"{prefix}-{i}" for i in range(len(generated))]
    table, texts = table_of(generated, ids, comma)
    path = folder / "orders.csv"
    starts = write_csv(path, table, delim, encoding, newline)
    check(ws, path, ids, generated, starts, texts)


@FUZZ
@given(
    generated=st.lists(rows(), min_size=1, max_size=6),
    dialect=st.sampled_from(DIALECTS),
    comma=st.booleans(),
)
def test_csv_rows_are_stored_exactly_or_rejected(
    shared: Workspace,
    tmp_path_factory: pytest.TempPathFactory,
    generated: list[Row],
    dialect: tuple[str, str, str],
    comma: bool,
) -> None:
    csv_case(shared, tmp_path_factory.mktemp("fuzz"), generated, dialect, comma)


@FUZZ
@given(
    generated=st.lists(rows(), min_size=1, max_size=6),
    comma=st.booleans(),
    typed=st.booleans(),
)
def test_xlsx_rows_are_stored_exactly_or_rejected(
    shared: Workspace,
    tmp_path_factory: pytest.TempPathFactory,
    generated: list[Row],
    comma: bool,
    typed: bool,
) -> None:
    prefix = f"X{next(COUNTER)}"
    ids = [f"{prefix}-{i}" for i in range(len(generated))]
    path = tmp_path_factory.mktemp("fuzz") / "orders.xlsx"
    starts = write_xlsx(path, generated, ids, comma, typed)
    texts = None if typed else [row.amount_text(comma) for row in generated]
    check(shared, path, ids, generated, starts, texts)


@pytest.mark.slow
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    generated=st.lists(rows(), min_size=1, max_size=60),
    dialect=st.sampled_from(DIALECTS),
    comma=st.booleans(),
)
def test_csv_rows_large(
    shared: Workspace,
    tmp_path_factory: pytest.TempPathFactory,
    generated: list[Row],
    dialect: tuple[str, str, str],
    comma: bool,
) -> None:
    csv_case(shared, tmp_path_factory.mktemp("fuzz"), generated, dialect, comma)
