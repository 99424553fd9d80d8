"""Issue 18, "nothing lost, nothing leaked": no silent wrong value at import.

Every case is a file an audit imported with a wrong value stored, a traceback or an unreadable
message.  Expected values are counted by hand from the file text written in each test.
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bindung.errors import BindungError, InputFileError, MappingError
from bindung.workspace import Workspace

HEAD = "order_id;customer_id;ordered_at;revenue\n"


def stored(
    ws: Workspace, sql: str = "SELECT order_id, revenue FROM orders ORDER BY 1"
) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in ws.con.execute(sql).fetchall()]


def reasons(result: Any) -> dict[int, str]:
    return {r.line: " | ".join(r.reasons) for r in result.rejects}


# ----------------------------------------------------------------------------- amounts


def test_a_third_decimal_is_a_reject_naming_the_value(workspace: Workspace, write: Any) -> None:
    path = write("o.csv", HEAD + "A;c1;2024-01-02;10,50\nB;c2;2024-01-03;10,999\n")
    result = workspace.import_file("orders", path)
    assert (result.read, result.stored, result.rejected) == (2, 1, 1)
    assert stored(workspace) == [("A", Decimal("10.50"))]
    assert "more than 2 decimals" in reasons(result)[3]
    assert "'10,999'" in reasons(result)[3]


def test_trailing_zero_decimals_are_exact_and_stored(workspace: Workspace, write: Any) -> None:
    path = write("o.csv", HEAD + "A;c1;2024-01-02;10,50\nB;c2;2024-01-03;10,900\n")
    result = workspace.import_file("orders", path)
    assert result.stored == 2
    assert stored(workspace) == [("A", Decimal("10.50")), ("B", Decimal("10.90"))]


@pytest.mark.parametrize("delim", [";", ","])
def test_ambiguous_thousands_or_decimal_is_a_question(
    workspace: Workspace, write: Any, delim: str
) -> None:
    head = delim.join(("order_id", "customer_id", "ordered_at", "revenue"))
    body = head + "\n" + delim.join(("A", "c1", "2024-01-02", '"1,234"')) + "\n"
    path = write("o.csv", body)
    with pytest.raises(MappingError) as info:
        workspace.import_file("orders", path)
    text = str(info.value)
    assert "'1,234'" in text and "--decimal" in text and "--thousands" in text
    assert stored(workspace) == []


def test_thousands_option_settles_the_question(workspace: Workspace, write: Any) -> None:
    path = write("o.csv", HEAD + "A;c1;2024-01-02;1,234\nB;c2;2024-01-03;2,000\n")
    result = workspace.import_file("orders", path, thousands=",")
    assert result.stored == 2
    assert stored(workspace) == [("A", Decimal("1234.00")), ("B", Decimal("2000.00"))]


def test_decimal_option_settles_the_question_as_sub_cent_rejects(
    workspace: Workspace, write: Any
) -> None:
    path = write("o.csv", HEAD + "A;c1;2024-01-02;1,234\nB;c2;2024-01-03;2,000\n")
    result = workspace.import_file("orders", path, decimal=",")
    assert (result.stored, result.rejected) == (1, 1)
    assert stored(workspace) == [("B", Decimal("2.00"))]
    assert "more than 2 decimals" in reasons(result)[2]


def test_a_column_with_decimals_decides_its_grouping(workspace: Workspace, write: Any) -> None:
    # 12.50 decides decimal point: 1,234 is one thousand two hundred thirty-four
    path = write(
        "o.csv",
        "order_id,customer_id,ordered_at,revenue\n"
        + 'A,c1,2024-01-02,"1,234"\nB,c2,2024-01-03,12.50\n',
    )
    result = workspace.import_file("orders", path)
    assert result.stored == 2
    assert stored(workspace) == [("A", Decimal("1234.00")), ("B", Decimal("12.50"))]


@pytest.mark.parametrize(
    ("value", "code"),
    [("$ 12,50", "USD"), ("12,50 USD", "USD"), ("£5,00", "GBP"), ("CHF 3,00", "CHF")],
)
def test_an_amount_in_another_currency_without_rates_is_a_reject_naming_it(
    workspace: Workspace, write: Any, value: str, code: str
) -> None:
    path = write("o.csv", HEAD + f"A;c1;2024-01-02;{value}\nB;c2;2024-01-03;12,50 €\n")
    result = workspace.import_file("orders", path)
    assert (result.stored, result.rejected) == (1, 1)
    assert stored(workspace) == [("B", Decimal("12.50"))]
    why = reasons(result)[2]
    assert f"no exchange rate for {code}" in why


def test_an_amount_in_another_currency_is_converted_at_the_ecb_rate(
    workspace: Workspace, write: Any
) -> None:
    workspace.import_file(
        "exchange_rates", Path(__file__).parent / "exports" / "eurofxref-hist.csv"
    )
    # 2026-01-05: 1 EUR = 1.0700 USD and 0.8380 GBP; 10.70 USD = 10.00 EUR, 8.38 GBP = 10.00 EUR
    path = write("o.csv", HEAD + "A;c1;2026-01-05 12:00;$ 10,70\nB;c2;2026-01-05 12:00;8,38 GBP\n")
    result = workspace.import_file("orders", path)
    assert result.stored == 2, result
    assert stored(
        workspace,
        "SELECT order_id, revenue, revenue_original, upper(currency) FROM orders ORDER BY 1",
    ) == [
        ("A", Decimal("10.00"), Decimal("10.70"), "USD"),
        ("B", Decimal("10.00"), Decimal("8.38"), "GBP"),
    ]


# ----------------------------------------------------------------------------- missing values


@pytest.mark.parametrize("token", ["NULL", "null", "n/a", "N/A", "-", "—", "#N/A", "None"])
def test_null_tokens_are_missing_values(workspace: Workspace, write: Any, token: str) -> None:
    path = write("o.csv", HEAD + f"A;{token};2024-01-02;10,00\nB;c2;2024-01-03;12,50\n")
    result = workspace.import_file("orders", path)
    assert (result.stored, result.rejected) == (1, 1)
    assert "is empty" in reasons(result)[2]
    assert stored(workspace, "SELECT customer_id FROM customers") == [("c2",)]


# ----------------------------------------------------------------------------- structure


def test_unterminated_quote_rejects_its_row_and_keeps_the_next(
    workspace: Workspace, write: Any
) -> None:
    text = (
        HEAD
        + 'A;c1;2024-01-02;10,00\nB;"c2;2024-01-03;11,00\n'
        + "C;c3;2024-01-04;12,00\nD;c4;2024-01-05;13,00\n"
    )
    result = workspace.import_file("orders", write("o.csv", text))
    assert result.read == 4
    assert (result.stored, result.rejected) == (3, 1)
    assert "unterminated quote starting at line 3" in reasons(result)[3]
    assert [r[0] for r in stored(workspace)] == ["A", "C", "D"]


def test_unterminated_quote_on_the_last_row(workspace: Workspace, write: Any) -> None:
    text = HEAD + 'A;c1;2024-01-02;10,00\nB;"c2;2024-01-03;11,00\n'
    result = workspace.import_file("orders", write("o.csv", text))
    assert (result.read, result.stored, result.rejected) == (2, 1, 1)
    assert "unterminated quote starting at line 3" in reasons(result)[3]


# ----------------------------------------------------------------------------- encodings


def test_one_latin1_line_in_a_utf8_file_keeps_the_other_umlauts(
    workspace: Workspace, write: Any
) -> None:
    text = (
        HEAD.encode()
        + "A;Müller;2024-01-02;10,00\n".encode()
        + "B;Jäger;2024-01-03;11,00\n".encode("latin-1")
        + "C;Größe;2024-01-04;12,00\n".encode()
    )
    result = workspace.import_file("orders", write("o.csv", text))
    assert result.stored == 3
    assert stored(workspace, "SELECT order_id, customer_id FROM orders ORDER BY 1") == [
        ("A", "Müller"),
        ("B", "Jäger"),
        ("C", "Größe"),
    ]
    assert any("line 3" in n and "Windows-1252" in n for n in result.notes)


def test_bom_over_a_latin1_body_is_no_traceback(workspace: Workspace, write: Any) -> None:
    text = b"\xef\xbb\xbf" + (HEAD + "A;Jäger;2024-01-02;10,00\n").encode("latin-1")
    result = workspace.import_file("orders", write("o.csv", text))
    assert stored(workspace, "SELECT customer_id FROM orders") == [("Jäger",)]
    assert any("line 2" in n for n in result.notes)


def test_explicit_utf8_on_a_latin1_file_is_a_clear_error(workspace: Workspace, write: Any) -> None:
    path = write("o.csv", (HEAD + "A;Jäger;2024-01-02;10,00\n").encode("latin-1"))
    with pytest.raises(InputFileError) as info:
        workspace.import_file("orders", path, encoding="utf-8")
    assert "line 2" in str(info.value) and "utf-8" in str(info.value)


def test_utf16_without_bom_is_read_with_the_encoding_option(
    workspace: Workspace, write: Any
) -> None:
    path = write("o.csv", (HEAD + "A;Jäger;2024-01-02;10,00\n").encode("utf-16-le"))
    result = workspace.import_file("orders", path, encoding="utf-16-le")
    assert result.stored == 1
    assert stored(workspace, "SELECT customer_id FROM orders") == [("Jäger",)]


def test_utf16_without_bom_says_which_option_reads_it(workspace: Workspace, write: Any) -> None:
    path = write("o.csv", (HEAD + "A;Jäger;2024-01-02;10,00\n").encode("utf-16-le"))
    with pytest.raises(InputFileError) as info:
        workspace.import_file("orders", path)
    assert "--encoding utf-16-le" in str(info.value)


# ----------------------------------------------------------------------------- XLSX


def _xlsx(path: Path, rows: list[list[Any]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_xlsx_numbers_are_read_as_shown(workspace: Workspace, tmp_path: Path) -> None:
    from datetime import datetime

    path = _xlsx(
        tmp_path / "o.xlsx",
        [
            ["order_id", "customer_id", "ordered_at", "revenue"],
            [10**16, 123456789012345, datetime(2024, 1, 2, 10), 0.1 + 0.2],
            ["B", 7, datetime(2024, 1, 3), 19.99],
        ],
    )
    result = workspace.import_file("orders", path)
    assert result.stored == 2
    assert stored(workspace, "SELECT order_id, customer_id, revenue FROM orders ORDER BY 1") == [
        ("10000000000000000", "123456789012345", Decimal("0.30")),
        ("B", "7", Decimal("19.99")),
    ]


def test_csv_text_named_xlsx_says_so(workspace: Workspace, write: Any) -> None:
    path = write("o.xlsx", HEAD + "A;c1;2024-01-02;10,00\n")
    with pytest.raises(InputFileError) as info:
        workspace.import_file("orders", path)
    text = str(info.value)
    assert "not an Excel workbook" in text and "--format csv" in text
    assert "EOCD" not in text


def test_xlsx_zip_bomb_is_refused_before_reading(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    good = _xlsx(tmp_path / "good.xlsx", [["order_id", "revenue"], ["A", 1]])
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = data + b" " * (210 << 20)  # 210 MB of blanks: a 200 KB member
            dst.writestr(info.filename, data)
    assert path.stat().st_size < 2 << 20
    with pytest.raises(InputFileError) as refused:
        workspace.import_file("orders", path)
    assert "1024 MB" in str(refused.value) and "100×" in str(refused.value)  # the ratio refused it


# ----------------------------------------------------------------------------- dates


def test_us_dates_are_read_month_first_when_a_value_decides(
    workspace: Workspace, write: Any
) -> None:
    path = write("o.csv", HEAD + "A;c1;12/01/2024;10,00\nB;c2;01/13/2024;11,00\n")
    result = workspace.import_file("orders", path)
    assert result.stored == 2
    got = stored(
        workspace,
        "SELECT order_id, CAST(ordered_at + INTERVAL 12 HOUR AS DATE) FROM orders ORDER BY 1",
    )
    from datetime import date

    assert got == [("A", date(2024, 12, 1)), ("B", date(2024, 1, 13))]


def test_day_first_slash_dates_when_a_value_decides(workspace: Workspace, write: Any) -> None:
    path = write("o.csv", HEAD + "A;c1;12/01/2024;10,00\nB;c2;13/01/2024;11,00\n")
    result = workspace.import_file("orders", path)
    assert result.stored == 2
    from datetime import date

    got = stored(
        workspace,
        "SELECT order_id, CAST(ordered_at + INTERVAL 12 HOUR AS DATE) FROM orders ORDER BY 1",
    )
    assert got == [("A", date(2024, 1, 12)), ("B", date(2024, 1, 13))]


def test_undecided_slash_dates_are_a_question(workspace: Workspace, write: Any) -> None:
    path = write("o.csv", HEAD + "A;c1;12/01/2024;10,00\nB;c2;03/04/2024;11,00\n")
    with pytest.raises(MappingError) as info:
        workspace.import_file("orders", path)
    assert "--date-format" in str(info.value) and "'12/01/2024'" in str(info.value)
    result = workspace.import_file("orders", path, dateformat="%m/%d/%Y")
    assert result.stored == 2


def test_slash_dates_in_both_orders_are_a_question(workspace: Workspace, write: Any) -> None:
    path = write("o.csv", HEAD + "A;c1;12/13/2024;10,00\nB;c2;13/12/2024;11,00\n")
    with pytest.raises(MappingError) as info:
        workspace.import_file("orders", path)
    text = str(info.value)
    assert "'12/13/2024'" in text and "'13/12/2024'" in text


# ----------------------------------------------------------------------------- messages


def test_a_huge_junk_line_gives_a_short_message(workspace: Workspace, write: Any) -> None:
    junk = "x" * 2_000_000
    path = write("o.csv", HEAD + f"A;c1;2024-01-02;{junk}\nB;{junk};{junk}\n")
    result = workspace.import_file("orders", path)
    assert result.rejected == 2
    for r in result.rejects:
        assert sum(len(x) for x in r.reasons) < 1000


def test_a_huge_junk_header_gives_a_short_message(workspace: Workspace, write: Any) -> None:
    path = write("o.csv", "y" * 2_000_000 + ";z\n1;2\n")
    with pytest.raises(BindungError) as info:
        workspace.import_file("orders", path)
    assert len(str(info.value)) < 2000


def test_reject_reasons_follow_the_lang_option(tmp_path: Path) -> None:
    import bindung
    from bindung.cli import app

    bindung.init(tmp_path / "ws").close()  # German workspace
    (tmp_path / "o.csv").write_text(HEAD + "A;c1;2024-01-02;zehn\n", encoding="utf-8")
    run = CliRunner().invoke(
        app,
        ["import", "orders", str(tmp_path / "o.csv"), "-w", str(tmp_path / "ws"), "--lang", "en"],
    )
    assert "is not an amount" in run.output, run.output
    assert "kein Betrag" not in run.output


def test_goals_import_rejects_unknown_metrics(workspace: Workspace, write: Any) -> None:
    path = write("g.csv", "metric;period;target\nretention_rate;2026-Q1;75\nhappiness;2026;3\n")
    result = workspace.import_file("goals", path)
    assert (result.stored, result.rejected) == (1, 1)
    why = reasons(result)[3]
    assert "'happiness'" in why and "retention_rate" in why


def _unused() -> None:  # keep io imported for helpers added later
    io.BytesIO()


def test_xlsx_sheet_spanning_too_many_cells_is_refused(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "wide.xlsx"
    good = _xlsx(tmp_path / "good.xlsx", [["order_id", "revenue"], ["A", 1]])
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                # 16,384 columns x 1,048,576 rows: what a sheet may claim to span
                data = data.replace(b'<dimension ref="A1:B2"', b'<dimension ref="A1:XFD1048576"')
            dst.writestr(info.filename, data)
    with pytest.raises(InputFileError) as refused:
        workspace.import_file("orders", path)
    assert "20,000,000" in str(refused.value)


def test_thousands_option_is_checked(workspace: Workspace, write: Any) -> None:
    path = write("o.csv", HEAD + "A;c1;2024-01-02;1,234\n")
    with pytest.raises(MappingError, match=r"expected ',' or '\.'"):
        workspace.import_file("orders", path, thousands="x")
    with pytest.raises(MappingError, match="one mark cannot be both"):
        workspace.import_file("orders", path, thousands=",", decimal=",")


def test_a_mark_is_compared_with_the_row_currency(workspace: Workspace, write: Any) -> None:
    head = "order_id;customer_id;ordered_at;revenue;currency\n"
    path = write("o.csv", head + "A;c1;2024-01-02;$ 12,50;EUR\nB;c2;2024-01-03;12,50 €;EUR\n")
    result = workspace.import_file("orders", path)
    assert (result.stored, result.rejected) == (1, 1)
    assert "USD" in reasons(result)[2]


def test_date_format_option_is_spelt_both_ways(tmp_path: Path) -> None:
    import bindung
    from bindung.cli import app

    bindung.init(tmp_path / "ws", locale="en_GB").close()
    (tmp_path / "o.csv").write_text(HEAD + "A;c1;12/01/2024;10,00\n", encoding="utf-8")
    asked = CliRunner().invoke(
        app, ["import", "orders", str(tmp_path / "o.csv"), "-w", str(tmp_path / "ws")]
    )
    assert asked.exit_code != 0 and "--date-format" in asked.output
    run = CliRunner().invoke(
        app,
        [
            "import",
            "orders",
            str(tmp_path / "o.csv"),
            "-w",
            str(tmp_path / "ws"),
            "--date-format",
            "%m/%d/%Y",
        ],
    )
    assert run.exit_code == 0, run.output
    with bindung.open(tmp_path / "ws", read_only=True) as ws:
        got = ws.con.execute(
            "SELECT CAST(ordered_at + INTERVAL 12 HOUR AS DATE) FROM orders"
        ).fetchall()
    from datetime import date

    assert got == [(date(2024, 12, 1),)]


def test_a_deciding_amount_after_100000_rows_decides(workspace: Workspace, write: Any) -> None:
    # 100,001 rows of whole amounts (no vote), then 1,234 and 12,50: the decimal comma
    body = "".join(f"O{i};c{i % 7};2024-01-02;{i % 900 + 1}\n" for i in range(100_001))
    path = write("o.csv", HEAD + body + "X;c1;2024-01-02;1,234\nY;c1;2024-01-02;12,50\n")
    result = workspace.import_file("orders", path)
    assert (result.stored, result.rejected) == (100_002, 1)
    assert "more than 2 decimals" in reasons(result)[100_003]
    assert stored(workspace, "SELECT revenue FROM orders WHERE order_id = 'Y'") == [
        (Decimal("12.50"),)
    ]
