"""The contact import files of the e-mail tools: each header as the tool documents it, a
hand-made list with umlauts byte for byte, UTF-8 without a byte order mark, and the customers
left out (no contact row, consent "no") counted."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from bindung.report import mailing

#: The header lines as the tools' documentation names the columns (see the module docstring).
HEADERS = {
    "cleverreach": "email;vorname;nachname;kundennummer;segment;clv;naechste_bestellung",
    "brevo": "EMAIL;FIRSTNAME;LASTNAME;CUSTOMER_ID;SEGMENT;CLV;NEXT_ORDER",
    "mailchimp": "Email Address,First Name,Last Name,Customer ID,Segment,CLV,Next Order",
    "klaviyo": "Email,First Name,Last Name,Customer ID,Segment,CLV,Next Order",
}

CUSTOMERS = pd.DataFrame(
    {
        "customer_id": ["K1", "K2", "K3", "K4"],
        "segment": ["at_risk", "champions", "lost", "loyal"],
        "clv": [1234.5, 87.125, 5.0, 10.0],
        # as a stored answer gives them back: ISO text, or dates when just computed
        "next_order": ["2026-04-02", date(2026, 5, 1), None, "2026-06-01"],
    }
)
CONTACTS = pd.DataFrame(
    {
        "customer_id": ["K2", "K1", "K4"],
        "email": ["anna@example.de", "jürgen.müller@beispiel-shop.de", "no@example.de"],
        "first_name": ["Anna", "Jürgen", "Nein"],
        "last_name": ["Groß", "Müller, Sohn", "Danke"],
        "consent": [None, True, False],
    }
)


def test_every_tool_has_its_documented_header_and_source() -> None:
    assert set(mailing.LAYOUTS) == set(HEADERS)
    for key, layout in mailing.LAYOUTS.items():
        assert layout.source.startswith("https://"), key
        assert {f for _, f in layout.columns} == set(mailing.FIELDS), key
        assert layout.delimiter.join(layout.header) == HEADERS[key]


def test_customers_without_contact_or_consent_are_left_out_and_counted() -> None:
    found = mailing.contact_list(CUSTOMERS, CONTACTS)
    assert (found.chosen, found.without_contact, found.without_consent) == (4, 1, 1)
    assert list(found.rows["customer_id"]) == ["K1", "K2"]  # the list's order
    assert list(found.rows.columns) == list(mailing.FIELDS)


@pytest.mark.parametrize("key", sorted(HEADERS))
def test_a_hand_made_list_comes_out_right(key: str) -> None:
    rows = mailing.contact_list(CUSTOMERS, CONTACTS).rows
    data = mailing.render(mailing.LAYOUTS[key], rows)
    assert not data.startswith(b"\xef\xbb\xbf")  # none of the four asks for a BOM
    sep = mailing.LAYOUTS[key].delimiter
    quoted = '"Müller, Sohn"' if sep == "," else "Müller, Sohn"
    expected = (
        HEADERS[key]
        + "\r\n"
        + sep.join(
            [
                "jürgen.müller@beispiel-shop.de",
                "Jürgen",
                quoted,
                "K1",
                "at_risk",
                "1234.50",
                "2026-04-02",
            ]
        )
        + "\r\n"
        + sep.join(["anna@example.de", "Anna", "Groß", "K2", "champions", "87.12", "2026-05-01"])
        + "\r\n"
    )
    assert data.decode("utf-8") == expected


def test_an_empty_list_is_the_header_alone(tmp_path: object) -> None:
    rows = mailing.contact_list(CUSTOMERS.iloc[:0], CONTACTS).rows
    assert mailing.render(mailing.LAYOUTS["brevo"], rows) == (HEADERS["brevo"] + "\r\n").encode()
