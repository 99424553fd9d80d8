"""The CLI: exit codes, exact messages, both languages (run in-process with Typer's runner)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bindung.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    code, output = run("init", str(tmp_path / "ws"), "--locale", "en_GB")
    assert code == 0, output
    return tmp_path / "ws"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_init_reports_the_workspace_in_german_by_default(tmp_path: Path) -> None:
    code, output = run("init", str(tmp_path / "neu"))
    assert code == 0
    assert output.strip() == f"Arbeitsbereich bereit: {tmp_path / 'neu'} (Speicher bindung.duckdb)"


def test_a_clean_import_exits_0_and_prints_the_counts(folder: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path / "o.csv", "Order ID,Customer ID,Order date,Total\nA1,K1,2024-03-01,1234.50\n"
    )
    code, output = run("import", "orders", str(path), "-w", str(folder))
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0] == "o.csv → orders: 1 read · 1 stored · 0 rejected · 0 duplicates skipped"
    assert lines[1] == (
        "  columns: Order ID → order_id, Customer ID → customer_id, Order date → ordered_at, "
        "Total → revenue"
    )
    assert lines[2] == "  1 new customers created from orders"


def test_rejected_rows_exit_1_and_name_line_column_and_reason(folder: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path / "o.csv",
        "Bestellnummer;Kundennummer;Bestelldatum;Bestellwert\n"
        "A1;K1;01.03.2024;12,50\n"
        "A2;K1;31.02.2024;12,50\n",
    )
    code, output = run("import", "orders", str(path), "-w", str(folder))
    assert code == 1
    assert "o.csv → orders: 2 read · 1 stored · 1 rejected · 0 duplicates skipped" in output
    assert (
        "o.csv:3: column 'Bestelldatum' (ordered_at): '31.02.2024' is not a date; "
        "expected dd.mm.yyyy [hh:mm[:ss]], dd.mm.yy or yyyy-mm-dd[Thh:mm:ss]"
    ) in output
    code, listing = run("rejects", "-w", str(folder))
    assert code == 0 and "31.02.2024" in listing


def test_strict_refuses_the_file_and_stores_nothing(folder: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path / "o.csv",
        "Order ID,Customer ID,Order date,Total\nA1,K1,2024-03-01,5\nA2,,2024-03-01,5\n",
    )
    code, output = run("import", "orders", str(path), "--strict", "-w", str(folder))
    assert code == 1
    assert "o.csv: refused (--strict): 1 of 2 rows are invalid; nothing stored" in output
    code, status = run("status", "-w", str(folder))
    assert code == 0
    assert "│ orders              │ 0    │" in status


def test_a_missing_required_field_exits_2_with_the_map_to_use(folder: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "o.csv", "Kunde;Wann;Summe\nK1;01.03.2024;5\n")
    code, output = run("import", "orders", str(path), "-w", str(folder))
    assert code == 2
    assert f"{path}: cannot find the required field(s) ordered_at for orders." in output
    assert "Columns in the file: Kunde, Wann, Summe" in output
    assert '--map "Wann=ordered_at"' in output
    code, output = run("import", "orders", str(path), "-w", str(folder), "--map", "Wann=ordered_at")
    assert code == 0, output


def test_lang_switches_the_output_language(folder: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "o.csv", "Order ID,Customer ID,Order date,Total\nA1,K1,2024-03-01,5\n")
    code, output = run("import", "orders", str(path), "-w", str(folder), "--lang", "de")
    assert code == 0
    assert output.startswith("o.csv → orders: 1 gelesen · 1 gespeichert · 0 abgelehnt")


def test_forget_says_how_many_rows_went(folder: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path / "o.csv",
        "Order ID,Customer ID,Order date,Total\nA1,K1,2024-03-01,5\nA2,K1,2024-03-02,6\n",
    )
    run("import", "orders", str(path), "-w", str(folder))
    code, output = run("forget", "K1", "--yes", "-w", str(folder))
    assert code == 0
    assert output.splitlines() == ["Customer K1: 3 rows deleted", "  customers: 1", "  orders: 2"]


def test_an_unknown_table_is_named_with_the_valid_ones(folder: Path, tmp_path: Path) -> None:
    code, output = run("import", "bestellungen", "x.csv", "-w", str(folder))
    assert code == 2
    assert "unknown table 'bestellungen'; expected one of: customers, orders" in output


def test_outside_a_workspace_the_error_says_how_to_create_one(tmp_path: Path) -> None:
    code, output = run("status", "-w", str(tmp_path))
    assert code == 2
    assert (
        f"{tmp_path} is not a Bindung workspace (no bindung.toml); run `bindung init {tmp_path}`"
        in output
    )


def test_a_header_only_file_says_it_has_no_rows(folder: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "o.csv", "Order ID,Customer ID,Order date,Total\n")
    code, output = run("import", "orders", str(path), "-w", str(folder))
    assert code == 0
    assert "  o.csv: the file has a header but no rows" in output.splitlines()
