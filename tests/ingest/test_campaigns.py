"""Campaigns and their recipients: German headers, recipients named by customer number or
by e-mail address (matched through the customer's hash), rejects with their reasons."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bindung.workspace import Workspace

CUSTOMERS = "Kundennummer;E-Mail\nK1;anna@example.de\nK2;bernd@example.de\nK3;\n"
CAMPAIGNS = (
    "Kampagnen-ID;Kampagnenname;Versendet am;Kosten\n"
    "NL-01;Newsletter Januar;15.01.2025 09:00;120,00\n"
    "NL-02;Newsletter Februar;15.02.2025 09:00;\n"
    "NL-03;;15.03.2025 09:00;10,00\n"
)
RECIPIENTS = (
    "Kampagne;Kundennummer;Kontrollgruppe;Versendet am;Geöffnet am;Geklickt am\n"
    "NL-01;K1;nein;15.01.2025 09:00;15.01.2025 10:00;15.01.2025 10:05\n"
    "NL-01;K2;ja;;;\n"
    "NL-01;K3;nein;15.01.2025 09:00;;\n"
    "NL-09;K1;nein;15.01.2025 09:00;;\n"
    "NL-01;K7;nein;15.01.2025 09:00;;\n"
    "NL-02;K1;nein;15.02.2025 09:00;14.02.2025 10:00;\n"
)
# As e-mail tools report their recipients: by address (Mailchimp "Email Address").
BY_ADDRESS = (
    "Campaign ID,Email Address,Opened,Clicked\n"
    "NL-02,Anna@Example.de,2025-02-15 11:00:00,\n"
    "NL-02,bernd@example.de,,\n"
    "NL-02,nobody@example.de,,\n"
)


@pytest.fixture
def shop(workspace: Workspace, write: Callable[..., Path]) -> Workspace:
    assert workspace.import_file("customers", write("customers.csv", CUSTOMERS)).rejected == 0
    return workspace


def test_campaigns_are_imported_and_a_nameless_one_rejected(
    shop: Workspace, write: Callable[..., Path]
) -> None:
    result = shop.import_file("campaigns", write("campaigns.csv", CAMPAIGNS))
    assert (result.read, result.stored, result.rejected) == (3, 2, 1)
    rows = shop.sql("SELECT * FROM campaigns ORDER BY campaign_id").to_dict("records")
    assert [r["campaign_id"] for r in rows] == ["NL-01", "NL-02"]
    assert rows[0]["name"] == "Newsletter Januar"
    assert rows[0]["channel"] == "email"
    assert str(rows[0]["sent_at"]) == "2025-01-15 08:00:00"  # 09:00 Berlin = 08:00 UTC
    assert float(rows[0]["cost"]) == 120.0
    assert rows[1]["cost"] is None or rows[1]["cost"] != rows[1]["cost"]
    (reject,) = result.rejects
    assert reject.line == 4
    assert any("name" in r and "required" in r for r in reject.reasons), reject.reasons


def test_recipients_with_reasons_for_unknown_campaigns_customers_and_times(
    shop: Workspace, write: Callable[..., Path]
) -> None:
    shop.import_file("campaigns", write("campaigns.csv", CAMPAIGNS))
    result = shop.import_file("campaign_recipients", write("recipients.csv", RECIPIENTS))
    assert (result.read, result.stored, result.rejected) == (6, 3, 3)
    rows = shop.sql(
        "SELECT customer_id, holdout, opened_at IS NOT NULL AS opened FROM campaign_recipients "
        "ORDER BY customer_id"
    ).to_dict("records")
    assert rows == [
        {"customer_id": "K1", "holdout": False, "opened": True},
        {"customer_id": "K2", "holdout": True, "opened": False},
        {"customer_id": "K3", "holdout": False, "opened": False},
    ]
    reasons = {r.line: " ".join(r.reasons) for r in result.rejects}
    assert "'NL-09' is not a known campaign" in reasons[5]
    assert "'K7' is not a known customer" in reasons[6]
    assert "before" in reasons[7] and "Geöffnet am" in reasons[7]


def test_recipients_named_by_their_address_are_matched_to_customers(
    shop: Workspace, write: Callable[..., Path]
) -> None:
    shop.import_file("campaigns", write("campaigns.csv", CAMPAIGNS))
    result = shop.import_file("campaign_recipients", write("by_address.csv", BY_ADDRESS))
    assert (result.read, result.stored, result.rejected) == (3, 2, 1)
    got = shop.sql("SELECT customer_id FROM campaign_recipients ORDER BY 1").customer_id
    assert got.tolist() == ["K1", "K2"]
    (reject,) = result.rejects
    assert "nobody@example.de" not in (reject.raw or "") + " ".join(reject.reasons)
    assert "not a known customer" in " ".join(reject.reasons)
