"""Exchange rates (the ECB's eurofxref-hist.csv as published) and orders in other currencies.

The rate file tests/ingest/exports/eurofxref-hist.csv has the ECB's layout (Date first, one
column per currency, N/A, a trailing comma on every line, newest day first, no weekend or
1 January); its rates are written for this test.  Expected amounts are computed by hand below.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import bindung
from bindung.errors import MappingError
from bindung.workspace import Workspace

EXPORTS = Path(__file__).parent / "exports"
RATES = EXPORTS / "eurofxref-hist.csv"
ORDERS = EXPORTS / "orders_two_currencies.csv"


def test_the_ecb_file_as_published(workspace: Workspace) -> None:
    r = workspace.import_file("exchange_rates", RATES)
    # 6 days; 7 currency columns and the empty column after the trailing comma (not listed
    # as unused: it is empty on every line).
    assert (r.read, r.stored, r.rejected, r.duplicates) == (6, 6, 0, 0)
    assert r.unused == []
    # Rates: USD, CZK, GBP, CHF on 6 days = 24, JPY on 5 (N/A on 2026-01-06) = 29; BGN and
    # CYP are N/A on every day.  N/A cells: 6 + 6 + 1 = 13.
    assert workspace.con.execute(
        "SELECT count(*), count(DISTINCT currency) FROM exchange_rates"
    ).fetchone() == (29, 5)
    assert r.notes == ["5 currencies, 2026-01-02 to 2026-01-09; 13 cells N/A (no rate that day)"]
    assert workspace.con.execute(
        "SELECT rate FROM exchange_rates WHERE day = '2026-01-05' AND currency = 'CHF'"
    ).fetchone() == (0.928,)
    again = workspace.import_file("exchange_rates", RATES)
    assert (again.read, again.stored, again.duplicates) == (6, 0, 6)


def test_a_bad_rate_or_date_rejects_its_day_and_names_it(workspace: Workspace, write: Any) -> None:
    path = write(
        "eurofxref-hist.csv",
        "Date,USD,JPY,\n2026-01-09,1.1000,abc,\n09.01.2026,1.1,170,\n2026-01-08,1.09,-2,\n",
    )
    r = workspace.import_file("exchange_rates", path)
    assert (r.read, r.stored, r.rejected) == (3, 0, 3)
    assert [(x.line, x.reasons) for x in r.rejects] == [
        (
            2,
            (
                "column 'JPY': 'abc' is not an exchange rate; expected a number above 0 with a "
                "decimal point (1.0956) or N/A",
            ),
        ),
        (
            3,
            (
                "column 'Date': '09.01.2026' is not a date; expected yyyy-mm-dd as the ECB "
                "writes it",
            ),
        ),
        (
            4,
            (
                "column 'JPY': '-2' is not an exchange rate; expected a number above 0 with a "
                "decimal point (1.0956) or N/A",
            ),
        ),
    ]


def test_a_file_that_is_no_rate_file_is_refused(workspace: Workspace, write: Any) -> None:
    path = write("rates.csv", "Tag;Kurs\n2026-01-09;1,1\n")
    with pytest.raises(MappingError, match="not an exchange-rate file as the ECB publishes it"):
        workspace.import_file("exchange_rates", path)


def test_orders_in_two_currencies_are_converted_at_the_days_rate(workspace: Workspace) -> None:
    workspace.import_file("exchange_rates", RATES)
    r = workspace.import_file("orders", ORDERS)
    # 9 orders; W-6 (CHF on 2025-12-20: no rate in the file that early) and W-8 (SEK: not in
    # the file) are rejected, saying so; 7 stored.
    assert (r.read, r.stored, r.rejected) == (9, 7, 2)
    assert [(x.line, x.reasons) for x in r.rejects] == [
        (
            7,
            (
                "column 'Currency': no exchange rate for CHF on 2025-12-20 (nor in the 4 days "
                "before); import the ECB reference rates first: bindung import exchange_rates "
                "eurofxref-hist.csv",
            ),
        ),
        (
            9,
            (
                "column 'Currency': no exchange rate for SEK on 2026-01-08 (nor in the 4 days "
                "before); import the ECB reference rates first: bindung import exchange_rates "
                "eurofxref-hist.csv",
            ),
        ),
    ]
    rows = workspace.con.execute(
        "SELECT order_id, revenue, currency, revenue_original FROM orders ORDER BY 1"
    ).fetchall()
    assert rows == [
        ("W-1", Decimal("100.00"), "eur", None),  # the workspace currency: as it is
        # CHF on Mon 2026-01-05 at 0.9280 CHF per EUR: 93.40 / 0.9280 = 100.6465... -> 100.65
        ("W-2", Decimal("100.65"), "chf", Decimal("93.40")),
        # GBP on 2026-01-07 at 0.8400: 50.00 / 0.84 = 59.5238... -> 59.52
        ("W-3", Decimal("59.52"), "gbp", Decimal("50.00")),
        # Saturday 2026-01-10: Friday's rate 0.9400 is in force: 25.00 / 0.94 = 26.5957 -> 26.60
        ("W-4", Decimal("26.60"), "chf", Decimal("25.00")),
        # Sunday 2026-01-04: the last rate is Friday 2026-01-02's 0.8350 (2 days before):
        # 10.00 / 0.835 = 11.9760... -> 11.98
        ("W-5", Decimal("11.98"), "gbp", Decimal("10.00")),
        # JPY is N/A on 2026-01-06: the rate of 2026-01-05, 168.00: 1000 / 168 = 5.9523 -> 5.95
        ("W-7", Decimal("5.95"), "jpy", Decimal("1000.00")),
        # 2026-01-09 00:30 in Berlin is 2026-01-08 23:30 UTC: the local day's rate 0.9400
        # applies (not 01-08's 0.9350, which would give 10.05): 9.40 / 0.94 = 10.00
        ("W-9", Decimal("10.00"), "chf", Decimal("9.40")),
    ]
    # Revenue in EUR: 100.00 + 100.65 + 59.52 + 26.60 + 11.98 + 5.95 + 10.00 = 314.70.
    assert workspace.con.execute("SELECT sum(revenue) FROM orders").fetchone() == (
        Decimal("314.70"),
    )
    # Original amounts kept: CHF 93.40 + 25.00 + 9.40 = 127.80; GBP 50.00 + 10.00 = 60.00.
    assert workspace.con.execute(
        "SELECT currency, sum(revenue_original) FROM orders WHERE revenue_original IS NOT NULL "
        "GROUP BY 1 ORDER BY 1"
    ).fetchall() == [
        ("chf", Decimal("127.80")),
        ("gbp", Decimal("60.00")),
        ("jpy", Decimal("1000.00")),
    ]
    again = workspace.import_file("orders", ORDERS)
    assert (again.stored, again.rejected, again.duplicates) == (0, 2, 7)


def test_without_rates_every_foreign_order_is_a_reject_saying_so(workspace: Workspace) -> None:
    r = workspace.import_file("orders", ORDERS)
    # Only W-1 is in EUR; the 8 others have no rate at all.
    assert (r.read, r.stored, r.rejected) == (9, 1, 8)
    assert all("bindung import exchange_rates" in x.reasons[0] for x in r.rejects)


def test_a_workspace_in_francs_converts_through_the_euro(tmp_path: Path) -> None:
    with bindung.init(tmp_path / "ws", currency="CHF") as ws:
        ws.import_file("exchange_rates", RATES)
        path = tmp_path / "orders.csv"
        path.write_text(
            "Order ID,Customer ID,Order Date,Total,Currency\n"
            "E-1,C1,2026-01-05 10:00,100.00,EUR\n"
            "E-2,C2,2026-01-07 09:00,50.00,GBP\n"
            "E-3,C3,2026-01-07 09:00,20.00,CHF\n",
            encoding="utf-8",
        )
        r = ws.import_file("orders", path)
        assert r.stored == 3
        assert ws.con.execute(
            "SELECT order_id, revenue, revenue_original FROM orders ORDER BY 1"
        ).fetchall() == [
            # 100.00 EUR x 0.9280 CHF per EUR (2026-01-05) = 92.80 CHF
            ("E-1", Decimal("92.80"), Decimal("100.00")),
            # 50.00 GBP / 0.84 x 0.93 (2026-01-07) = 55.3571... -> 55.36 CHF
            ("E-2", Decimal("55.36"), Decimal("50.00")),
            ("E-3", Decimal("20.00"), None),  # the workspace currency
        ]
