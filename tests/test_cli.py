"""The CLI: exit codes, exact messages, both languages (run in-process with Typer's runner)."""

from __future__ import annotations

import itertools
import json
from datetime import date
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
    assert output.splitlines() == [
        "Customer K1: 3 rows deleted",
        "  customers: 1",
        "  orders: 2",
        f"  files outside the workspace folder {folder} (reports or exports written elsewhere "
        "with --out, copies) are not known to Bindung: delete those by hand",
    ]


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


# -- kpis, cohorts, metrics ------------------------------------------------------------------

ORDERS = """Order ID,Customer ID,Order date,Total
A1,K1,2024-01-10,100.00
A2,K2,2024-01-20,50.00
A3,K1,2024-02-15,30.00
A4,K3,2024-02-05,20.00
"""


@pytest.fixture
def shop(folder: Path, tmp_path: Path) -> Path:
    code, output = run(
        "import", "orders", str(write(tmp_path / "o.csv", ORDERS)), "-w", str(folder)
    )
    assert code == 0, output
    return folder


def test_kpis_json_gives_every_period_with_hand_computed_figures(shop: Path) -> None:
    code, output = run("kpis", "-w", str(shop), "--format", "json")
    assert code == 0, output
    data = json.loads(output)
    assert data["answer"]["key"] == "kpis" and data["answer"]["params"]["period"] == "month"
    rows = {(r["period"], r["metric"]): r for r in data["tables"]["kpis"]["rows"]}
    # January: nobody was active on 1 January -> S = 0, rates not defined (null, not 0).
    assert rows[("2024-01", "customers_start")]["value"] == 0
    assert rows[("2024-01", "retention_rate")]["value"] is None
    assert rows[("2024-01", "new_customers")]["value"] == 2
    # February: S = {K1, K2}, E = {K1, K2, K3}, N = {K3}: (3 - 1) / 2 = 100 %.
    assert rows[("2024-02", "customers_start")]["value"] == 2
    assert rows[("2024-02", "customers_end")]["value"] == 3
    assert rows[("2024-02", "retention_rate")]["value"] == pytest.approx(100.0)
    # revenue 30 + 20 = 50 against 150 in January: -66.7 %
    assert rows[("2024-02", "revenue")]["value"] == pytest.approx(50.0)
    assert rows[("2024-02", "revenue")]["change"] == pytest.approx(-100 / 1.5)
    # repeat rate by the end of February: K1 of {K1, K2, K3}
    assert rows[("2024-02", "repeat_customer_rate")]["value"] == pytest.approx(100 / 3)
    assert rows[("2024-02", "repeat_customer_rate")]["change"] == pytest.approx(100 / 3)
    assert rows[("2024-02", "customers_start")]["small"] is True
    assert data["meta"]["activity_window_days"] == 365


def test_kpis_table_shows_labels_values_and_undefined_in_the_language(shop: Path) -> None:
    code, output = run("kpis", "-w", str(shop), "--lang", "en")
    assert code == 0, output
    assert "Customer retention rate (CRR)" in output
    assert "not defined" in output  # January: S = 0
    assert "100.0" in output and "pp" in output
    code, output = run("kpis", "-w", str(shop), "--lang", "de", "--from", "2024-02")
    assert code == 0, output
    assert "Kundenbindungsrate (CRR)" in output and "100,0" in output
    assert "2024-01" not in output


def test_kpis_csv_is_german_and_xlsx_needs_out(shop: Path, tmp_path: Path) -> None:
    code, output = run("kpis", "-w", str(shop), "--format", "csv", "--lang", "de")
    assert code == 0
    head = output.splitlines()[0]
    assert head.startswith("Periode;von;") and "Kennzahl" in head
    code, output = run("kpis", "-w", str(shop), "--format", "xlsx")
    assert code == 2 and "--out" in output
    code, _ = run("kpis", "-w", str(shop), "--format", "xlsx", "-o", str(tmp_path / "k.xlsx"))
    assert code == 0 and (tmp_path / "k.xlsx").stat().st_size > 0


def test_kpis_errors_name_the_option_and_what_was_expected(shop: Path, folder: Path) -> None:
    code, output = run("kpis", "-w", str(shop), "--period", "fortnight")
    assert code == 2 and "--period 'fortnight'" in output and "month" in output
    code, output = run("kpis", "-w", str(shop), "--from", "Q3/2024")
    assert code == 2 and "--from 'Q3/2024'" in output and "2026-Q1" in output
    code, output = run("kpis", "-w", str(shop), "--by", "colour")
    assert code == 2 and "channel" in output


def test_kpis_on_an_empty_workspace_says_what_to_import(folder: Path) -> None:
    code, output = run("kpis", "-w", str(folder), "--lang", "en")
    assert code == 2
    assert "no orders and no subscriptions" in output


def test_cohorts_prints_counts_and_percent(shop: Path) -> None:
    code, output = run("cohorts", "-w", str(shop), "--lang", "en", "--format", "json")
    assert code == 0, output
    data = json.loads(output)
    counts = {r["cohort"]: r for r in data["tables"]["counts"]["rows"]}
    # January cohort {K1, K2}: both active in January, K1 again in February.
    assert counts["2024-01"]["size"] == 2
    assert counts["2024-01"]["0"] == 2 and counts["2024-01"]["1"] == 1
    assert counts["2024-02"]["0"] == 1 and counts["2024-02"].get("1") is None
    shares = {r["cohort"]: r for r in data["tables"]["percent"]["rows"]}
    assert shares["2024-01"]["1"] == pytest.approx(50.0)
    code, output = run("cohorts", "-w", str(shop), "--mode", "sometimes")
    assert code == 2 and "on-or-after" in output


def test_metrics_lists_the_catalogue_in_both_languages() -> None:
    code, output = run("metrics", "--lang", "de")
    assert code == 0 and "Kundenbindungsrate (CRR)" in output and "(E − N) / S × 100" in output
    code, output = run("metrics", "--format", "json")
    keys = [m["key"] for m in json.loads(output)]
    assert "retention_rate" in keys and len(keys) == len(set(keys))


SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "cdnow" / "CDNOW_sample.txt"


@pytest.mark.skipif(not SAMPLE.exists(), reason="../shared/data is not beside the clone")
def test_clv_fit_show_evaluate_export(folder: Path, tmp_path: Path) -> None:
    copy = write(
        tmp_path / "sample.txt",
        "master_id customer_id date number_of_cds dollar_value\n" + SAMPLE.read_text(),
    )
    assert run("import", "orders", str(copy), "--preset", "cdnow", "-w", str(folder))[0] == 0
    code, output = run("clv", "show", "-w", str(folder))
    assert code == 1 and "bindung clv fit" in output
    code, output = run("clv", "fit", "--holdout", "1997-09-30", "-w", str(folder))
    assert code == 0, output
    assert "BG/NBD" in output and "0.2426" in output and "Gamma-Gamma" in output
    assert "946 bought again" in output
    code, output = run("clv", "show", "-w", str(folder))
    assert code == 0 and "on the current data" in output
    code, output = run("clv", "evaluate", "-w", str(folder))
    assert code == 0 and "7+" in output and "2,357" in output
    code, output = run("clv", "export", "--format", "json", "-w", str(folder))
    rows = json.loads(output)["rows"]
    assert len(rows) == 2357 and all(0 <= r["p_alive"] <= 1 for r in rows)
    code, output = run("clv", "fit", "--holdout", "30/09/1997", "-w", str(folder))
    assert code == 2 and "--holdout" in output


@pytest.mark.skipif(not SAMPLE.exists(), reason="../shared/data is not beside the clone")
def test_customers_lists_a_segment_and_the_win_back_list(folder: Path, tmp_path: Path) -> None:
    copy = write(
        tmp_path / "sample.txt",
        "master_id customer_id date number_of_cds dollar_value\n" + SAMPLE.read_text(),
    )
    assert run("import", "orders", str(copy), "--preset", "cdnow", "-w", str(folder))[0] == 0
    code, output = run("customers", "-w", str(folder))  # fits on the fly (no stored model)
    assert code == 0, output
    assert "Champions" in output and "At risk" in output and "revenue at risk" in output
    code, output = run(
        "customers", "--segment", "at-risk", "--top", "3", "--format", "json", "-w", str(folder)
    )
    assert code == 0, output
    rows = json.loads(output)["rows"]
    assert len(rows) == 3 and {r["segment"] for r in rows} == {"at_risk"}
    assert rows[0]["clv"] >= rows[1]["clv"] >= rows[2]["clv"]
    out_file = tmp_path / "back.xlsx"
    code, _ = run(
        "customers",
        "--segment",
        "win-back",
        "--format",
        "xlsx",
        "-o",
        str(out_file),
        "-w",
        str(folder),
    )
    assert code == 0 and out_file.exists()
    code, output = run("customers", "--segment", "vip", "-w", str(folder))
    assert code == 2 and "win-back" in output


@pytest.mark.skipif(not SAMPLE.exists(), reason="../shared/data is not beside the clone")
def test_customers_export_for_an_e_mail_tool(folder: Path, tmp_path: Path) -> None:
    """--overdue narrows the list; --export is refused without contacts_enabled (saying how
    to enable it), then writes the customers with a contact and counts the others."""
    copy = write(
        tmp_path / "sample.txt",
        "master_id customer_id date number_of_cds dollar_value\n" + SAMPLE.read_text(),
    )
    assert run("import", "orders", str(copy), "--preset", "cdnow", "-w", str(folder))[0] == 0
    code, output = run("customers", "--overdue", "--format", "json", "-w", str(folder))
    assert code == 0, output
    rows = json.loads(output)["rows"]
    assert rows and all(r["overdue"] is True for r in rows)
    assert all(r["next_order_high"] < "1998-06-30" for r in rows)
    target = tmp_path / "out" / "klaviyo.csv"
    code, output = run("customers", "--export", "klaviyo", "--out", str(target), "-w", str(folder))
    assert code == 2 and not target.exists()
    assert "set contacts_enabled = true in bindung.toml" in " ".join(output.split())
    code, output = run(
        "import",
        "contacts",
        str(write(tmp_path / "c.csv", "customer_id,email\n0001,a@b.de\n")),
        "-w",
        str(folder),
    )
    assert code == 2 and "contacts_enabled = true" in " ".join(output.split())
    toml = folder / "bindung.toml"
    toml.write_text(toml.read_text().replace("contacts_enabled = false", "contacts_enabled = true"))
    contacts = write(
        tmp_path / "contacts.csv",
        "Kundennummer;E-Mail;Vorname;Nachname\n"
        "0001;jürgen@example.de;Jürgen;Müller\n0002;anna@example.de;Anna;Groß\n",
    )
    code, output = run("import", "contacts", str(contacts), "-w", str(folder))
    assert code == 0, output
    assert "@" not in output  # the import summary names no address
    code, output = run("customers", "--export", "klaviyo", "--out", str(target), "-w", str(folder))
    assert code == 0, output
    assert "2 contacts for Klaviyo (2,357 customers chosen)" in output
    assert "2,355 customers left out: no contact row" in output
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "Email,First Name,Last Name,Customer ID,Segment,CLV,Next Order"
    assert sorted(line.split(",")[:4] for line in lines[1:]) == [
        ["anna@example.de", "Anna", "Groß", "0002"],
        ["jürgen@example.de", "Jürgen", "Müller", "0001"],
    ]
    code, output = run(
        "customers",
        "--export",
        "brevo",
        "--segment",
        "champions",
        "--at-risk",
        "--out",
        str(tmp_path / "b.csv"),
        "-w",
        str(folder),
    )
    assert code == 0, output
    code, output = run("customers", "--export", "outlook", "--out", str(target), "-w", str(folder))
    assert code == 2 and "cleverreach, brevo, mailchimp, klaviyo" in output


def test_clv_survival_projects_the_subscriptions(tmp_path: Path) -> None:
    import bindung.demo

    ws, _ = bindung.demo.build(tmp_path / "demo", customers=2000)
    ws.close()
    code, output = run(
        "clv", "survival", "--horizon", "24", "--format", "json", "-w", str(tmp_path / "demo")
    )
    assert code == 0, output
    data = json.loads(output)
    rows = data["rows"]
    assert set(data["meta"]["params"]) == {"gamma", "delta"}
    assert rows[0]["survival"] == 1 and rows[0]["retention_rate"] is None
    rates = [r["retention_rate"] for r in rows[1:]]
    assert all(a < b for a, b in itertools.pairwise(rates))  # heterogeneity: rising
    close = [r for r in rows if r["at_risk"] is not None and r["at_risk"] >= 40]
    assert len(close) > 10
    assert max(abs(r["survival"] - r["observed_survival"]) for r in close) < 0.05
    code, output = run("clv", "survival", "--lang", "en", "-w", str(tmp_path / "demo"))
    assert code == 0 and "retention rate" in output and "DERL" in output


def test_forget_by_email_erases_the_hashed_customer_and_their_answers(folder: Path) -> None:
    import pandas as pd

    import bindung

    shopify = Path(__file__).parent / "ingest" / "exports" / "shopify_orders_export.csv"
    code, output = run("import", "orders", str(shopify), "-w", str(folder))
    assert code == 0, output  # the cancelled and the pending order are excluded: no error
    assert "  detected: Shopify order export" in output.splitlines()
    with bindung.open(folder) as ws:
        anna = ws.email_hash("anna@example.com")
        bernd = ws.email_hash("bernd@example.com")
    # Stored answers as refresh writes them: a per-customer table in Parquet beside its
    # document (anna in it), one naming her in the document, and one that does not name her.
    answers = folder / "answers"
    (answers / "customers").mkdir(parents=True, exist_ok=True)
    (answers / "customers" / "default.json").write_text(
        '{"answer": {"key": "customers"}, "tables": {"customers": '
        '{"rows": [], "rows_file": "default.f1.customers.parquet"}}}',
        encoding="utf-8",
    )
    pd.DataFrame({"customer_id": [bernd, anna], "orders": [2, 2]}).to_parquet(
        answers / "customers" / "default.f1.customers.parquet"
    )
    (answers / "alerts").mkdir(exist_ok=True)
    (answers / "alerts" / "default.json").write_text(
        f'{{"answer": {{"key": "alerts"}}, "tables": {{"risk": {{"rows": [["{anna}", 34.9]]}}}}}}',
        encoding="utf-8",
    )
    (answers / "kpis").mkdir(exist_ok=True)
    (answers / "kpis" / "default.json").write_text(
        f'{{"answer": {{"key": "kpis"}}, "tables": {{"k": {{"rows": [["{bernd}"]]}}}}}}',
        encoding="utf-8",
    )

    # Written as the customer typed it: the hash is of the lower-cased address.
    code, output = run("forget", "Anna@Example.com", "--yes", "-w", str(folder))
    assert code == 0, output
    # Anna: orders #1001 and #1003, their lines (2 + 1) and her customer row = 6 rows.
    assert output.splitlines() == [
        "Customer Anna@Example.com: 6 rows deleted",
        f"  customers erased: {anna[:12]}…",
        "  customers: 1",
        "  orders: 2",
        "  order_lines: 3",
        "  stored answers deleted (computed again by the next refresh): alerts/default, "
        "customers/default",
        f"  files outside the workspace folder {folder} (reports or exports written elsewhere "
        "with --out, copies) are not known to Bindung: delete those by hand",
    ]
    assert not (answers / "customers" / "default.json").exists()
    assert not (answers / "customers" / "default.f1.customers.parquet").exists()
    assert not (answers / "alerts" / "default.json").exists()
    assert (answers / "kpis" / "default.json").exists()  # names only bernd
    assert (answers / "imports" / "default.json").exists()
    with bindung.open(folder) as ws:
        assert ws.sql("SELECT count(*) n FROM orders").n[0] == 2  # bernd's #1002 and #1006
        assert ws.sql("SELECT count(*) n FROM customers WHERE customer_id = ?", [anna]).n[0] == 0
        assert ws.sql("SELECT count(*) n FROM customers").n[0] == 1

    code, output = run("forget", "anna@example.com", "--yes", "-w", str(folder))
    assert code == 1
    assert (
        "Customer anna@example.com: not found in any table (no customer id or e-mail address "
        "anna@example.com); nothing deleted" in output
    )
    code, output = run("forget", "K404", "--yes", "-w", str(folder))
    assert code == 1
    assert "nothing deleted" in output


def test_an_export_is_recognised_and_said_so_in_german(tmp_path: Path) -> None:
    code, output = run("init", str(tmp_path / "ws"), "--locale", "de_DE")
    assert code == 0, output
    shopify = Path(__file__).parent / "ingest" / "exports" / "shopify_orders_export.csv"
    code, output = run("import", "orders", str(shopify), "-w", str(tmp_path / "ws"))
    assert code == 0  # a cancelled and a pending order are not orders: excluded, named
    lines = output.splitlines()
    assert lines[0] == (
        "shopify_orders_export.csv → orders: 11 gelesen · 4 gespeichert · 0 abgelehnt · "
        "2 ausgenommen (1 storniert, 1 Status pending) · 5 Duplikate übersprungen"
    )
    assert lines[1] == "  erkannt: Shopify-Bestellexport"
    assert lines[2] == (
        "  Spalten: Name → order_id, Email (hash) → customer_id, Created at → ordered_at, "
        "Total → revenue, Lineitem quantity → items, Source → channel, Currency → currency, "
        "Refunded Amount → refund, Cancelled at → cancelled, Financial Status → status, "
        "Lineitem sku, Lineitem name, Lineitem quantity, Lineitem price, Lineitem discount "
        "→ order_lines"
    )
    assert "shopify_orders_export.csv:7: Spalte 'Cancelled at': die Bestellung wurde storniert" in (
        output
    )
    assert (
        "  ausgenommene Zeilen sind keine Bestellungen; sie bleiben mit ihrem Grund erhalten "
        "(bindung rejects --import 1) und sind kein Fehler"
    ) in lines


def test_cancelled_orders_are_excluded_listed_and_no_error_even_strict(folder: Path) -> None:
    shopify = Path(__file__).parent / "ingest" / "exports" / "shopify_orders_export.csv"
    code, output = run("import", "orders", str(shopify), "--strict", "-w", str(folder))
    assert code == 0, output
    assert output.splitlines()[0] == (
        "shopify_orders_export.csv → orders: 11 read · 4 stored · 0 rejected · "
        "2 excluded (1 cancelled, 1 status pending) · 5 duplicates skipped"
    )
    # Nothing is lost: `bindung rejects` lists both with their reasons (lines 7 and 9).
    code, output = run("rejects", "-w", str(folder))
    assert code == 0, output
    assert "cancelled" in output and "pending" in output  # (the table wraps the reasons)
    assert output.count("(excluded)") == 2
    import bindung

    with bindung.open(folder) as ws:
        assert list(ws.rejects().line) == [7, 9]
        assert ws.imports()[["rows_read", "stored", "rejected", "excluded"]].values.tolist() == [
            [11, 4, 0, 2]
        ]
    code, output = run("imports", "-w", str(folder))
    assert code == 0, output


def test_columns_not_used_are_named_in_the_summary(tmp_path: Path) -> None:
    code, output = run("init", str(tmp_path / "ws"), "--locale", "de_DE")
    assert code == 0, output
    german = Path(__file__).parent / "ingest" / "exports" / "german_shop_export.csv"
    code, output = run("import", "orders", str(german), "-w", str(tmp_path / "ws"))
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0] == (
        "german_shop_export.csv → orders: 6 gelesen · 6 gespeichert · 0 abgelehnt · "
        "0 Duplikate übersprungen"
    )
    assert lines[1] == (
        "  Spalten: Bestellnummer → order_id, Kundennummer → customer_id, Bestellwert (€) → "
        "revenue, Datum der Bestellung → ordered_at, Anzahl Artikel → items"
    )
    assert "  nicht übernommen: Zahlungsart, Versandart" in lines


def test_title_rows_and_headerless_files_from_the_command_line(
    folder: Path, tmp_path: Path
) -> None:
    titled = Path(__file__).parent / "ingest" / "exports" / "german_orders_with_title.csv"
    code, output = run("import", "orders", str(titled), "-w", str(folder))
    assert code == 0, output
    assert (
        "  title rows above the header skipped: 'Bestellungen Januar 2026' (1)"
        in output.splitlines()
    )
    plain = write(tmp_path / "plain.csv", "A1;K9;05.01.2026;10,00\nA2;K9;09.01.2026;2,50\n")
    code, output = run(
        "import",
        "orders",
        str(plain),
        "--no-header",
        "--columns",
        "Bestellnummer,Kunde,Datum,Betrag",
        "-w",
        str(folder),
    )
    assert code == 0, output
    assert output.splitlines()[0] == (
        "plain.csv → orders: 2 read · 2 stored · 0 rejected · 0 duplicates skipped"
    )


def test_exchange_rates_import_from_the_command_line(folder: Path) -> None:
    exports = Path(__file__).parent / "ingest" / "exports"
    code, output = run(
        "import", "exchange_rates", str(exports / "eurofxref-hist.csv"), "-w", str(folder)
    )
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0] == (
        "eurofxref-hist.csv → exchange_rates: 6 read · 6 stored · 0 rejected · 0 duplicates skipped"
    )
    assert "  5 currencies, 2026-01-02 to 2026-01-09; 13 cells N/A (no rate that day)" in lines
    code, output = run(
        "import", "orders", str(exports / "orders_two_currencies.csv"), "-w", str(folder)
    )
    assert code == 1, output  # W-6 and W-8 have no rate: rejects that say so
    assert output.splitlines()[0] == (
        "orders_two_currencies.csv → orders: 9 read · 7 stored · 2 rejected · 0 duplicates skipped"
    )


def test_woocommerce_analytics_download_is_refused_and_stores_nothing(folder: Path) -> None:
    path = Path(__file__).parent / "ingest" / "exports" / "woocommerce_analytics_orders.csv"
    code, output = run("import", "orders", str(path), "-w", str(folder))
    assert code == 2, output
    assert output.startswith(
        "woocommerce_analytics_orders.csv: this is the WooCommerce Analytics orders report "
        "(WooCommerce → Analytics → Orders → Download). It has no customer id and no e-mail "
        "address, only the customer's name in column 'Customer'"
    )
    assert output.rstrip().endswith(
        'name the customer column yourself: --map "Customer=customer_id"'
    )
    from bindung.workspace import open_workspace

    with open_workspace(folder, read_only=True) as ws:  # nothing stored, nothing logged
        assert ws.con.execute(
            "SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM customers), "
            "(SELECT count(*) FROM imports), (SELECT count(*) FROM rejects)"
        ).fetchone() == (0, 0, 0, 0)
    # With the customer column named explicitly the user takes the risk: 4 orders stored.
    code, output = run(
        "import", "orders", str(path), "-w", str(folder), "--map", "Customer=customer_id"
    )
    assert code == 0, output
    assert output.splitlines()[0] == (
        "woocommerce_analytics_orders.csv → orders: 4 read · 4 stored · 0 rejected · "
        "0 duplicates skipped"
    )


def test_forget_deletes_the_workspace_files_that_hold_the_customer(
    folder: Path, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    outside = write(
        tmp_path / "o.csv",
        "Order ID,Customer ID,Order date,Total\nA1,K1,2024-03-01,5\nA2,K2,2024-03-02,6\n",
    )
    inside = write(
        folder / "more.csv", "Order ID,Customer ID,Order date,Total\nA3,K1,2024-03-03,7\n"
    )
    for path in (outside, inside):
        code, output = run("import", "orders", str(path), "-w", str(folder))
        assert code == 0, output
    # What Bindung writes into the folder when told to (bindung report --out/--xlsx, an
    # answer's --out), holding K1 as a cell or field:
    (folder / "bericht.html").write_text(
        "<table><tr><th>customer</th><th>CLV</th></tr><tr><td>K1</td><td>12,50 €</td></tr></table>",
        encoding="utf-8",
    )
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["customer_id", "orders"])
    sheet.append(["K1", 2])
    book.save(folder / "bericht.xlsx")
    (folder / "exports").mkdir()
    write(folder / "exports" / "clv.csv", "customer_id;clv\nK2;3,00\nK1;12,50\n")
    # ... and files that do not hold K1: another customer K10, a year 2024, only K2.
    write(folder / "exports" / "k10.csv", "customer_id,clv\nK10,4.00\n")
    write(folder / "kpis.csv", "period,orders\n2024-03,3\n")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["customer_id", "orders"])
    sheet.append(["K2", 1])
    book.save(folder / "k2.xlsx")
    elsewhere = write(tmp_path / "report_elsewhere.csv", "customer_id\nK1\n")

    code, output = run("forget", "K1", "--yes", "-w", str(folder))
    assert code == 0, output
    assert output.splitlines() == [
        "Customer K1: 3 rows deleted",  # customer K1, orders A1 and A3
        "  customers: 1",
        "  orders: 2",
        "  files deleted from the workspace folder (they held the customer): bericht.html, "
        "bericht.xlsx, exports/clv.csv",
        "  kept: import sources in the workspace folder that hold the customer (your own "
        "files: delete or edit them by hand, or importing them again brings the customer "
        "back): more.csv",
        f"  files outside the workspace folder {folder} (reports or exports written elsewhere "
        "with --out, copies) are not known to Bindung: delete those by hand",
    ]
    for gone in ("bericht.html", "bericht.xlsx", "exports/clv.csv"):
        assert not (folder / gone).exists(), gone
    for kept in ("more.csv", "exports/k10.csv", "kpis.csv", "k2.xlsx", "bindung.toml"):
        assert (folder / kept).exists(), kept
    assert elsewhere.exists() and outside.exists()


def test_forget_in_german_names_the_deleted_files(tmp_path: Path) -> None:
    code, output = run("init", str(tmp_path / "ws"), "--locale", "de_DE")
    assert code == 0, output
    folder = tmp_path / "ws"
    path = write(
        tmp_path / "o.csv", "Bestellnummer;Kundennummer;Datum;Betrag\nA1;K7;01.03.2024;5\n"
    )
    code, output = run("import", "orders", str(path), "-w", str(folder))
    assert code == 0, output
    write(folder / "kundenwerte.json", '{"rows": [["K7", 12.5]]}')
    code, output = run("forget", "K7", "--yes", "-w", str(folder))
    assert code == 0, output
    assert output.splitlines()[3:] == [
        "  Dateien im Arbeitsbereich gelöscht (sie enthielten den Kunden): kundenwerte.json",
        f"  Dateien außerhalb des Arbeitsbereichs {folder} (anderswo mit --out geschriebene "
        "Berichte oder Exporte, Kopien) kennt Bindung nicht: diese von Hand löschen",
    ]
    assert not (folder / "kundenwerte.json").exists()


@pytest.mark.parametrize(
    ("content", "held"),
    [
        (b"customer_id\nK1\n", True),
        (b'"K1";"12,50"\r\n', True),
        (b"<td>K1</td>", True),
        (b'{"id": "K1"}', True),
        (b"K1", True),
        (b"customer_id\nK10\n", False),
        (b"customer K1 bought", False),  # prose, not a value of its own
        (b"xK1,", False),
        ("\ufeffid\nK1\n".encode("utf-16"), True),
    ],
)
def test_a_file_holds_an_id_only_as_a_whole_value(
    tmp_path: Path, content: bytes, held: bool
) -> None:
    from bindung.workspace import files_hold

    path = tmp_path / "f.csv"
    path.write_bytes(content)
    assert files_hold(path, ["K1"]) is held


def test_an_id_across_a_read_chunk_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bindung.workspace as workspace_mod

    monkeypatch.setattr(workspace_mod, "_CHUNK", 4)
    path = tmp_path / "f.csv"
    path.write_bytes(b"id\nK10\nxx\nK1\n")  # chunks: 'id\nK', '10\nx', 'x\nK1', '\n'
    assert workspace_mod.files_hold(path, ["K1"]) is True
    path.write_bytes(b"id\nK10\nxx\nK12\n")
    assert workspace_mod.files_hold(path, ["K1"]) is False


def test_forget_asks_before_deleting_files(folder: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "o.csv", "Order ID,Customer ID,Order date,Total\nA1,K1,2024-03-01,5\n")
    run("import", "orders", str(path), "-w", str(folder))
    write(folder / "clv.csv", "customer_id\nK1\n")
    result = runner.invoke(app, ["forget", "K1", "-w", str(folder)], input="n\n")
    assert result.exit_code == 1
    assert result.output.startswith(
        "Delete customer K1 from every table, the stored answers and the files in the "
        "workspace folder that hold them (import sources there are kept)? [y/N]"
    )
    assert (folder / "clv.csv").exists()  # declined: nothing deleted


@pytest.fixture
def shop_de(tmp_path: Path) -> Path:
    """The shop of ``ORDERS`` in a German workspace (de_DE, EUR, Europe/Berlin)."""
    folder = tmp_path / "de"
    code, output = run("init", str(folder), "--locale", "de_DE")
    assert code == 0, output
    code, output = run(
        "import", "orders", str(write(tmp_path / "o.csv", ORDERS)), "-w", str(folder)
    )
    assert code == 0, output
    return folder


def test_csv_file_for_german_excel(shop_de: Path, tmp_path: Path) -> None:
    import csv
    import io

    out = tmp_path / "kpis.csv"
    code, output = run("kpis", "-w", str(shop_de), "--format", "csv", "--out", str(out))
    assert code == 0, output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark: Excel reads the umlauts
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert "unvollständig" in rows[0]  # the umlaut survives
    feb = {r["Kennzahl (Schlüssel)"]: r for r in rows if r["Periode"] == "2024-02"}
    # hand-computed (see test_kpis_json_...): 3 customers at the end of February, 50 € revenue
    assert feb["customers_end"]["Wert"] == "3"  # a count: no ",0"
    assert feb["revenue"]["Wert"] == "50"
    assert feb["customers_start"]["wenige Kunden"] == "ja"
    jan = {r["Kennzahl (Schlüssel)"]: r for r in rows if r["Periode"] == "2024-01"}
    assert jan["retention_rate"]["Wert"] == ""  # not defined: empty, never nan/None
    text = data.decode("utf-8-sig")
    assert "True" not in text and "False" not in text and "nan" not in text
    # the terminal gets no byte order mark
    code, output = run("kpis", "-w", str(shop_de), "--format", "csv")
    assert code == 0 and not output.startswith("\ufeff") and output.startswith("Periode;")


def test_xlsx_file_has_formats_dates_filter_and_frozen_header(
    shop_de: Path, tmp_path: Path
) -> None:
    import openpyxl

    out = tmp_path / "kpis.xlsx"
    code, output = run("kpis", "-w", str(shop_de), "--format", "xlsx", "--out", str(out))
    assert code == 0, output
    sheet = openpyxl.load_workbook(out)["KPIs"]
    assert sheet.freeze_panes == "A2"
    assert (
        sheet.auto_filter.ref
        == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
    )
    heads = [c.value for c in sheet[1]]
    rows = [dict(zip(heads, (c for c in r), strict=True)) for r in sheet.iter_rows(min_row=2)]
    feb_revenue = next(
        r
        for r in rows
        if r["Periode"].value == "2024-02" and r["Kennzahl (Schlüssel)"].value == "revenue"
    )
    assert feb_revenue["Wert"].value == 50 and "€" in feb_revenue["Wert"].number_format
    start = feb_revenue["von"]
    assert start.is_date and start.value.date() == date(2024, 2, 1)  # a real date, not text
    count = next(
        r
        for r in rows
        if r["Periode"].value == "2024-02" and r["Kennzahl (Schlüssel)"].value == "customers_end"
    )
    assert count["Wert"].value == 3 and count["Wert"].number_format == "#,##0"
    assert feb_revenue["unvollständig"].value == "ja"  # the data end on 15 February


def _roi(folder: Path, *args: str) -> tuple[int, str]:
    return run("roi", "-w", str(folder), "--format", "json", *args)


def test_roi_reads_amounts_as_the_german_workspace_writes_them(shop_de: Path) -> None:
    def by_hand(clv: float, kept: float, cost: float) -> float:
        return (clv * kept - cost) / cost * 100  # ((CLV x kept) - cost) / cost x 100

    results = {}
    for clv in ("2.500", "2500", "2500,50"):
        code, output = _roi(shop_de, "--clv", clv, "--kept", "200", "--cost", "50.000")
        assert code == 0, output
        results[clv] = json.loads(output)["tables"]["roi"]["rows"][0]["roi"]
    assert results["2.500"] == pytest.approx(by_hand(2500, 200, 50000))  # 900 %, not -99 %
    assert results["2500"] == pytest.approx(by_hand(2500, 200, 50000))
    assert results["2500,50"] == pytest.approx(by_hand(2500.5, 200, 50000))


def test_a_number_not_in_german_form_exits_2_with_a_german_message(shop_de: Path) -> None:
    code, output = _roi(shop_de, "--clv", "2500.5", "--kept", "200", "--cost", "50000")
    assert code == 2
    assert output.strip() == (
        "--clv '2500.5' ist keine Zahl im Format de_DE („,“ vor den Nachkommastellen, „.“ "
        "nur zwischen Tausendern); erwartet z. B. 2500, 2.500 oder 2.500,50; gemeint ist "
        "vielleicht 2.500,5"
    )
    code, output = _roi(shop_de, "--clv", "2,500", "--kept", "200", "--cost", "50000")
    assert code == 2
    assert output.strip() == (
        "--clv '2,500' ist mehrdeutig: 2,5 im Format de_DE, aber 2.500 mit ',' als "
        "Tausendertrenner; bitte 2,5 oder 2500 schreiben"
    )
    code, output = run("satisfaction", "-w", str(shop_de), "--points", "1.5", "--cost", "8000")
    assert code == 2 and "--points '1.5' ist keine Zahl" in output and "1,5" in output


def test_english_workspace_reads_english_numbers(shop: Path) -> None:
    code, output = _roi(shop, "--clv", "2,500", "--kept", "200", "--cost", "50000")
    assert code == 0, output
    assert json.loads(output)["tables"]["roi"]["rows"][0]["roi"] == pytest.approx(900.0)
    code, output = _roi(shop, "--clv", "2500,50", "--kept", "200", "--cost", "50000")
    assert code == 2
    assert "--clv '2500,50' is not a number as en_GB writes it" in output
    assert "perhaps you meant 2,500.5" in output


def test_goal_and_experiment_plan_read_german_decimals(shop_de: Path) -> None:
    code, output = run("goal", "set", "churn_rate", "2024-Q1", "9,5", "-w", str(shop_de))
    assert code == 0, output
    assert "Ziel churn_rate 2024-Q1: 9,5," in output
    code, output = run("goal", "set", "churn_rate", "2024-Q1", "9.5", "-w", str(shop_de))
    assert code == 2 and "TARGET '9.5' ist keine Zahl" in output
    # no workspace: German unless --lang en
    code, output = run("experiment", "plan", "--baseline", "0,1", "--lift", "2")
    assert code == 0 and "3.835 Kunden je Gruppe" in output
    code, output = run("experiment", "plan", "--baseline", "0.1", "--lift", "2", "--lang", "en")
    assert code == 0 and "3,835 customers per group" in output


def _rejects_shown(output: str) -> int:
    return sum(1 for line in output.splitlines() if "WRONG" in line)


def test_whole_numbers_are_read_as_the_workspace_writes_them(shop_de: Path, tmp_path: Path) -> None:
    """Whole-number options (--limit, --top, --priority, ...) follow the workspace's locale as
    the decimal ones do: 1.000 is a thousand in German; a decimal, an ambiguous or an
    unreadable value exits 2 with the message in the workspace's language."""
    lines = "".join(f"WRONG{i};K{i};kein Datum;1\n" for i in range(3))
    bad = write(tmp_path / "bad.csv", "order_id;customer_id;ordered_at;revenue\n" + lines)
    code, output = run("import", "orders", str(bad), "-w", str(shop_de))
    assert code == 1, output
    code, output = run("rejects", "-w", str(shop_de), "--limit", "1.000")
    assert code == 0, output
    assert _rejects_shown(output) == 3
    code, output = run("rejects", "-w", str(shop_de), "--limit", "2")
    assert code == 0 and _rejects_shown(output) == 2
    german = (
        "ist keine ganze Zahl im Format de_DE („.“ nur zwischen Tausendern, keine "
        "Nachkommastellen); erwartet z. B. 1000 oder 1.000"
    )
    for given in ("1,5", "zehn", "1,000", "1000.0"):
        code, output = run("rejects", "-w", str(shop_de), "--limit", given)
        assert code == 2
        assert output.strip() == f"--limit '{given}' {german}"
    code, output = run(
        "goal", "set", "churn_rate", "2024-Q1", "9,5", "--priority", "2,5", "-w", str(shop_de)
    )
    assert code == 2 and output.strip() == f"--priority '2,5' {german}"
    # --lang en: English messages and English numbers
    code, output = run("rejects", "-w", str(shop_de), "--limit", "1.5", "--lang", "en")
    assert code == 2
    assert output.strip() == (
        "--limit '1.5' is not a whole number as en_GB writes it (',' only between thousands, "
        "no decimals); expected e.g. 1000 or 1,000"
    )
    # no workspace: German unless --lang en
    code, output = run(
        "experiment", "plan", "--baseline", "0,1", "--lift", "2", "--per-week", "1.000"
    )
    assert code == 0 and "; 7,7 Wochen." in output, output  # 7.670 at 1.000 a week
    code, output = run("demo", str(tmp_path / "demo"), "--customers", "1,5")
    assert code == 2 and output.strip() == f"--customers '1,5' {german}"
    assert not (tmp_path / "demo").exists()


def test_english_workspace_reads_english_whole_numbers(shop: Path) -> None:
    goal = ("goal", "set", "churn_rate", "2024-Q1", "9.5", "-w", str(shop))
    code, output = run(*goal, "--priority", "1,000")
    assert code == 0, output
    assert "priority 1,000" in output or "priority 1000" in output, output
    code, output = run(*goal, "--priority", "1.000")
    assert code == 2
    assert output.strip().startswith("--priority '1.000' is not a whole number as en_GB writes")
