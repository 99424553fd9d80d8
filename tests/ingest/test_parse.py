"""Parsing of German and English numbers, dates, times and yes/no, in SQL and through imports."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import duckdb
import pytest

from bindung.errors import MappingError
from bindung.ingest import parse
from bindung.workspace import Workspace

BERLIN = "Europe/Berlin"


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    c = duckdb.connect()
    c.execute("SET TimeZone = 'UTC'")  # as the store's connection does
    yield c
    c.close()


def value_of(con: duckdb.DuckDBPyConnection, sql: str, text: str) -> Any:
    row = con.execute(f"SELECT {sql} FROM (SELECT ?::VARCHAR AS x)", [text]).fetchone()
    assert row is not None
    return row[0]


# ----------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("1234,56", "1234.56"),
        ("12,5", "12.50"),
        ("0,99", "0.99"),
        ("1.000.000", "1000000.00"),
        ("2.500", "2500.00"),
        ("-5,00", "-5.00"),
        ("+3", "3.00"),
        ("12,50 €", "12.50"),
        ("€ 3,00", "3.00"),
        ("EUR 7,10", "7.10"),
        ("1 234,56", "1234.56"),
        ("1\u00a0234,56", "1234.56"),
        ("abc", None),
        ("1,2,3", None),
        ("1.23.4,5", None),
        ("1,234.56", None),
        ("12,5x", None),
        ("5e3", None),
        ("--5", None),
    ],
)
def test_german_amount(con: duckdb.DuckDBPyConnection, text: str, expected: str | None) -> None:
    value, _ = parse.money("x", comma=True)
    assert value_of(con, value, text) == (Decimal(expected) if expected else None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234.56", "1234.56"),
        ("1234.56", "1234.56"),
        ("99.9", "99.90"),
        ("12,000", "12000.00"),
        ("1,000,000.00", "1000000.00"),
        ("$5.00", "5.00"),
        ("-0.5", "-0.50"),
        ("£ 2", "2.00"),
        ("1.234,56", None),
        ("1,23", None),
        ("12.5.2024", None),
        ("NaN", None),
    ],
)
def test_english_amount(con: duckdb.DuckDBPyConnection, text: str, expected: str | None) -> None:
    value, _ = parse.money("x", comma=False)
    assert value_of(con, value, text) == (Decimal(expected) if expected else None)


@pytest.mark.parametrize(
    ("text", "comma", "expected"),
    [
        ("7,5", True, 7.5),
        ("7.5", False, 7.5),
        ("10", True, 10.0),
        ("-1", False, -1.0),
        ("1.234,5", True, 1234.5),
        ("inf", False, None),
        ("1e309", False, None),
        ("NaN", True, None),
    ],
)
def test_number(
    con: duckdb.DuckDBPyConnection, text: str, comma: bool, expected: float | None
) -> None:
    value, _ = parse.number("x", comma)
    assert value_of(con, value, text) == expected


@pytest.mark.parametrize(
    ("text", "comma", "expected"),
    [
        ("3", True, 3),
        ("3,0", True, 3),
        ("1.000", True, 1000),
        ("1.500", True, 1500),
        ("1.000.000", True, 1_000_000),
        ("-40", True, -40),
        ("+7", False, 7),
        ("3.0", False, 3),
        ("3.00", False, 3),
        ("1,000", False, 1000),
        ("1.000", False, 1),
        ("2,5", True, None),
        ("2.5", False, None),
        ("zwei", True, None),
        ("1.50", True, None),
        ("99999999999999999999", False, None),
    ],
)
def test_integer(
    con: duckdb.DuckDBPyConnection, text: str, comma: bool, expected: int | None
) -> None:
    value, _ = parse.integer("x", comma)
    assert value_of(con, value, text) == expected


def test_decimal_style_is_detected_per_column(workspace: Workspace, write: Any) -> None:
    path = write(
        "o.csv",
        "Bestellnummer;Kunde;Datum;Betrag;Anzahl\n"
        "A;K;01.02.2024;1,234.50;1000\n"
        "B;K;01.02.2024;99.90;2\n",
    )
    r = workspace.import_file("orders", path)
    assert (r.read, r.stored) == (2, 2)
    assert workspace.con.execute(
        "SELECT order_id, revenue, items FROM orders ORDER BY 1"
    ).fetchall() == [("A", Decimal("1234.50"), 1000), ("B", Decimal("99.90"), 2)]


def test_an_undecided_column_with_1_000_is_a_question(workspace: Workspace, write: Any) -> None:
    """Issue 18: ``1.000`` items is 1 or 1000; the amounts' style does not decide another
    column (before, the delimiter did: 1000 in a ';' file)."""
    path = write(
        "o.csv",
        "Bestellnummer;Kunde;Datum;Betrag;Anzahl\nA;K;01.02.2024;1,234.50;1.000\n",
    )
    with pytest.raises(MappingError, match=r"'Anzahl' holds '1\.000'"):
        workspace.import_file("orders", path)


@pytest.mark.parametrize("delimiter", [";", ","])
def test_ambiguous_amounts_are_a_question_whatever_the_delimiter(
    workspace: Workspace, write: Any, delimiter: str
) -> None:
    """``1.234`` alone says nothing (issue 18: before, ';' made it 1234.00 and ',' 1.23)."""
    rows = ["Bestellnummer", "Kunde", "Datum", "Betrag"], ["A", "K", "2024-02-01", "1.234"]
    path = write("o.csv", "\n".join(delimiter.join(r) for r in rows) + "\n")
    with pytest.raises(MappingError, match=r"--thousands '\.' or --decimal '\.'"):
        workspace.import_file("orders", path)
    assert workspace.con.execute("SELECT revenue FROM orders").fetchall() == []


@pytest.mark.parametrize(
    ("option", "expected"), [({"decimal": ","}, "1234.00"), ({"thousands": "."}, "1234.00")]
)
def test_decimal_option_overrides_detection(
    workspace: Workspace, write: Any, option: dict[str, str], expected: str
) -> None:
    path = write("o.csv", "Bestellnummer;Kunde;Datum;Betrag\nA;K;01.02.2024;1.234\n")
    workspace.import_file("orders", path, **option)
    assert workspace.con.execute("SELECT revenue FROM orders").fetchall() == [(Decimal(expected),)]


def test_decimal_point_on_three_decimals_is_a_reject_not_rounded(
    workspace: Workspace, write: Any
) -> None:
    path = write("o.csv", "Bestellnummer;Kunde;Datum;Betrag\nA;K;01.02.2024;1.234\n")
    r = workspace.import_file("orders", path, decimal=".")
    assert (r.stored, r.rejected) == (0, 1)
    assert "'1.234' has more than 2 decimals" in r.rejects[0].reasons[0]


# ----------------------------------------------------------------------------- dates and times


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # local times (Europe/Berlin: UTC+1 in winter, UTC+2 in summer)
        ("15.01.2024", datetime(2024, 1, 14, 23, 0)),
        ("15.01.2024 10:30", datetime(2024, 1, 15, 9, 30)),
        ("15.01.2024 10:30:15", datetime(2024, 1, 15, 9, 30, 15)),
        ("1.2.2024", datetime(2024, 1, 31, 23, 0)),
        ("01.02.2024 9:05", datetime(2024, 2, 1, 8, 5)),
        ("15.07.24", datetime(2024, 7, 14, 22, 0)),
        ("15.07.99", datetime(1999, 7, 14, 22, 0)),
        ("15.07.24 18:00", datetime(2024, 7, 15, 16, 0)),
        ("2024-07-15", datetime(2024, 7, 14, 22, 0)),
        ("2024-07-15 18:00", datetime(2024, 7, 15, 16, 0)),
        ("2024-07-15T18:00", datetime(2024, 7, 15, 16, 0)),
        ("2024-07-15T18:00:05", datetime(2024, 7, 15, 16, 0, 5)),
        ("2024-07-15 18:00:05.5", datetime(2024, 7, 15, 16, 0, 5, 500_000)),
        ("20240715", datetime(2024, 7, 14, 22, 0)),
        ("15/07/2024", datetime(2024, 7, 14, 22, 0)),
        # absolute times: the offset wins over the time zone
        ("2024-07-15T18:00:00Z", datetime(2024, 7, 15, 18, 0)),
        ("2024-07-15T18:00:00+02:00", datetime(2024, 7, 15, 16, 0)),
        ("2024-07-15 18:00:00+0200", datetime(2024, 7, 15, 16, 0)),
        ("2024-07-15 18:00:00 +02:00", datetime(2024, 7, 15, 16, 0)),
        ("2024-07-15 18:00:00-05:00", datetime(2024, 7, 15, 23, 0)),
        ("2024-07-15 18:00:00+00", datetime(2024, 7, 15, 18, 0)),
        ("2024-07-15T18:00:00.123Z", datetime(2024, 7, 15, 18, 0, 0, 123_000)),
        # across the turn of the year and of a month
        ("01.01.2024 00:30", datetime(2023, 12, 31, 23, 30)),
        ("01.08.2024 00:30", datetime(2024, 7, 31, 22, 30)),
    ],
)
def test_timestamp_is_converted_to_utc(
    con: duckdb.DuckDBPyConnection, text: str, expected: datetime
) -> None:
    assert value_of(con, parse.timestamp("x", BERLIN), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31.03.2024 01:30", datetime(2024, 3, 31, 0, 30)),  # before the switch: CET (+1)
        ("31.03.2024 03:30", datetime(2024, 3, 31, 1, 30)),  # after it: CEST (+2)
        ("31.03.2024 02:30", datetime(2024, 3, 31, 1, 30)),  # does not exist; read as 03:30 CEST
        ("27.10.2024 01:30", datetime(2024, 10, 26, 23, 30)),  # CEST
        ("27.10.2024 02:30", datetime(2024, 10, 27, 1, 30)),  # twice; read as the second (CET)
        ("27.10.2024 03:30", datetime(2024, 10, 27, 2, 30)),  # CET
    ],
)
def test_daylight_saving_edges(
    con: duckdb.DuckDBPyConnection, text: str, expected: datetime
) -> None:
    assert value_of(con, parse.timestamp("x", BERLIN), text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "31.02.2024",
        "29.02.2023",
        "2024-13-01",
        "00.01.2024",
        "32.01.2024",
        "01.01.2024 25:00",
        "01.01.2024 10:61",
        "gestern",
        "2024",
        "15.07",
        "15.07.2024T",
        "2024-07-15T18:00:00+2",
        "",
    ],
)
def test_impossible_dates_are_null(con: duckdb.DuckDBPyConnection, text: str) -> None:
    assert value_of(con, parse.timestamp("x", BERLIN), text) is None


@pytest.mark.parametrize(
    "text",
    [
        "2024-02-30T10:00:00Z",
        "2023-02-29 10:00:00+0100",
        "2024-04-31 10:00:00 +0200",
        "2024-06-31T10:00:00.5+02:00",
        "2024-09-31T10:00+02:00",
    ],
)
def test_impossible_dates_with_an_offset_are_null(
    con: duckdb.DuckDBPyConnection, text: str
) -> None:
    # DuckDB 1.5's try_strptime with a list of formats carried 30 February over into
    # March for times with an offset; each format on its own refuses it.
    assert value_of(con, parse.timestamp("x", BERLIN), text) is None
    assert value_of(con, parse.offset_timestamp("x"), text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31.12.2024", date(2024, 12, 31)),
        ("1.1.24", date(2024, 1, 1)),
        ("2024-12-31", date(2024, 12, 31)),
        ("2024-12-31T23:59:00", date(2024, 12, 31)),
        ("31.12.2024 10:00", date(2024, 12, 31)),
        ("30.02.2024", None),
    ],
)
def test_date(con: duckdb.DuckDBPyConnection, text: str, expected: date | None) -> None:
    assert value_of(con, parse.date("x"), text) == expected


def test_dateformat_option_reads_us_dates(workspace: Workspace, write: Any) -> None:
    path = write("o.csv", "order_id,customer_id,ordered_at,revenue\nA,K,07/15/2024,1.00\n")
    r = workspace.import_file("orders", path, dateformat="%m/%d/%Y")
    assert (r.read, r.stored) == (1, 1)
    assert workspace.sql("SELECT ordered_at FROM orders").ordered_at.tolist() == [
        datetime(2024, 7, 14, 22, 0)
    ]


def test_future_dates_are_rejected_and_today_is_not(workspace: Workspace, write: Any) -> None:
    today = datetime.now().strftime("%d.%m.%Y")
    later = (datetime.now() + timedelta(days=3)).strftime("%d.%m.%Y")
    path = write("o.csv", f"Bestellnummer;Kunde;Datum;Betrag\nA;K;{today};1\nB;K;{later};1\n")
    r = workspace.import_file("orders", path)
    assert (r.read, r.stored, r.rejected) == (2, 1, 1)
    assert r.rejects[0].reasons == (f"column 'Datum' (ordered_at): '{later}' lies in the future",)


def test_future_period_end_of_costs_is_rejected(workspace: Workspace, write: Any) -> None:
    path = write(
        "c.csv",
        "Von;Bis;Zweck;Betrag\n01.01.2024;31.01.2024;Bindung;100\n"
        "01.01.2024;31.12.2099;Akquise;100\n",
    )
    r = workspace.import_file("costs", path)
    assert (r.read, r.stored, r.rejected) == (2, 1, 1)
    assert r.rejects[0].reasons == ("column 'Bis' (period_end): '31.12.2099' lies in the future",)
    assert workspace.sql("SELECT purpose FROM costs").purpose.tolist() == ["retention"]


# ----------------------------------------------------------------------------- yes/no


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ja", True),
        ("Ja", True),
        ("JA", True),
        ("j", True),
        ("yes", True),
        ("true", True),
        ("wahr", True),
        ("1", True),
        ("x", True),
        ("nein", False),
        ("Nein", False),
        ("n", False),
        ("no", False),
        ("false", False),
        ("falsch", False),
        ("0", False),
        ("vielleicht", None),
        ("2", None),
    ],
)
def test_boolean(con: duckdb.DuckDBPyConnection, text: str, expected: bool | None) -> None:
    assert value_of(con, parse.boolean("x"), text) is expected


def test_ja_nein_column_is_imported_and_other_words_are_rejected(
    workspace: Workspace, write: Any
) -> None:
    path = write(
        "m.csv",
        "Plattform;Datum;Stimmung;Antwort erforderlich\n"
        "instagram;01.02.2024;negativ;ja\n"
        "facebook;01.02.2024;positiv;Nein\n"
        "tiktok;01.02.2024;neutral;vielleicht\n",
    )
    r = workspace.import_file("social_mentions", path)
    assert (r.read, r.stored, r.rejected) == (3, 2, 1)
    assert r.rejects[0].line == 4
    assert r.rejects[0].reasons == (
        "column 'Antwort erforderlich' (needs_reply): 'vielleicht' is not yes/no; expected "
        "ja/nein, yes/no, true/false or 1/0",
    )
    got = workspace.sql(
        "SELECT platform, sentiment, needs_reply FROM social_mentions ORDER BY platform"
    ).values.tolist()
    assert got == [["facebook", "positive", False], ["instagram", "negative", True]]


def test_german_reasons_for_the_german_locale(workspace_de: Workspace, write: Any) -> None:
    path = write("o.csv", "Bestellnummer;Kunde;Datum;Betrag;Anzahl\nA;K;31.02.2024;12,5x;zwei\n")
    r = workspace_de.import_file("orders", path)
    assert r.rejects[0].reasons == (
        "Spalte 'Datum' (ordered_at): '31.02.2024' ist kein Datum; erwartet TT.MM.JJJJ "
        "[hh:mm[:ss]], TT.MM.JJ oder JJJJ-MM-TT[Thh:mm:ss]",
        "Spalte 'Betrag' (revenue): '12,5x' ist kein Betrag; erwartet z. B. 1.234,56",
        "Spalte 'Anzahl' (items): 'zwei' ist keine ganze Zahl; erwartet z. B. 3",
    )


def test_local_times_follow_the_workspace_time_zone(tmp_path: Any, write: Any) -> None:
    import bindung

    ws = bindung.init(tmp_path / "ny", locale="en_GB", timezone="America/New_York")
    try:
        path = write(
            "o.csv",
            "Bestellnummer;Kunde;Datum;Betrag\nA;K;15.01.2024 10:00;1\n"
            "B;K;2024-07-15T10:00:00Z;1\n",
        )
        ws.import_file("orders", path)
        assert ws.con.execute("SELECT order_id, ordered_at FROM orders ORDER BY 1").fetchall() == [
            ("A", datetime(2024, 1, 15, 15, 0)),
            ("B", datetime(2024, 7, 15, 10, 0)),
        ]
    finally:
        ws.close()
