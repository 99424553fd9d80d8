"""Customer lists as the contact import files of the e-mail tools German shops use.

One declared :class:`Layout` per tool in :data:`LAYOUTS` (header, delimiter, encoding), after
each tool's documentation of its CSV contact import:

* **CleverReach** — "Import eigener Empfängerlisten",
  https://support.cleverreach.com/hc/de/articles/202372861: CSV (recommended), UTF-8 "so that
  umlauts and special characters are imported correctly"; the e-mail address is the only
  required field, every other column is assigned to a list field in the import dialog (new
  lists have only ``email``; first name, last name and custom fields are created by the
  user, as list fields or "listenübergreifende Felder").  Custom fields: yes.
* **Brevo** (formerly Sendinblue) — "Create a file to import your contacts" / "Format your
  contact import file", https://help.brevo.com/hc/en-us/articles/208729849: header = the
  contact attribute names, default attributes ``EMAIL``, ``FIRSTNAME``, ``LASTNAME``;
  separator semicolon, comma or tab; UTF-8 or Windows-1252; new attributes (upper case with
  underscores, like ``FIRST_CLASS`` in Brevo's example) can be created while mapping.
  Custom fields: yes.
* **Mailchimp** — "Format Guidelines for Your Import File",
  https://mailchimp.com/help/format-guidelines-for-your-import-file/: CSV; only the
  ``Email Address`` column is required; default audience fields ``First Name``, ``Last
  Name``; columns in any order; other columns map to text fields (255 bytes, numbers
  without thousands separators) or date fields (``YYYY-MM-DD``).  Custom fields: yes.
* **Klaviyo** — "How to create and add contacts to a new list",
  https://help.klaviyo.com/hc/en-us/articles/115005078967: CSV, the first column ``Email``
  (or ``Email Address``), Klaviyo properties by their names (``First Name``, ``Last
  Name``), any other column a custom property named by its header; dates ISO
  (``1992-06-21``).  Custom properties: yes.

None of the four asks for a byte order mark (all read UTF-8 without one), so none is written
(:attr:`Layout.bom`).  Beyond the address and the names every file carries the customer
number, the RFM segment, the predicted CLV and the predicted next order date (custom fields
in all four tools; the user creates them in CleverReach and Mailchimp before importing or
while mapping).  Numbers are written with a decimal point and no thousands separator, dates
as ``YYYY-MM-DD``.

E-mail addresses come only from the table ``contacts`` (imported when the workspace has
``contacts_enabled = true``), read here at export time and written only to the export file:
they are in no stored answer, log or report.  Customers without a contact row, and contacts
whose recorded consent is "no", are left out and counted (:class:`ContactList`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from bindung.report.export import safe_text

#: What a column of an export holds: a contact's field or a customer answer's column.
FIELDS = ("email", "first_name", "last_name", "customer_id", "segment", "clv", "next_order")


@dataclass(frozen=True)
class Layout:
    """The contact import file of one e-mail tool: headers for :data:`FIELDS`, in order."""

    key: str
    title: str
    #: the documentation page the layout follows
    source: str
    columns: tuple[tuple[str, str], ...]  # (header, field)
    delimiter: str = ","
    bom: bool = False

    @property
    def header(self) -> list[str]:
        return [h for h, _ in self.columns]


LAYOUTS: dict[str, Layout] = {
    layout.key: layout
    for layout in (
        Layout(
            "cleverreach",
            "CleverReach",
            "https://support.cleverreach.com/hc/de/articles/202372861",
            (
                ("email", "email"),
                ("vorname", "first_name"),
                ("nachname", "last_name"),
                ("kundennummer", "customer_id"),
                ("segment", "segment"),
                ("clv", "clv"),
                ("naechste_bestellung", "next_order"),
            ),
            delimiter=";",
        ),
        Layout(
            "brevo",
            "Brevo (Sendinblue)",
            "https://help.brevo.com/hc/en-us/articles/208729849",
            (
                ("EMAIL", "email"),
                ("FIRSTNAME", "first_name"),
                ("LASTNAME", "last_name"),
                ("CUSTOMER_ID", "customer_id"),
                ("SEGMENT", "segment"),
                ("CLV", "clv"),
                ("NEXT_ORDER", "next_order"),
            ),
            delimiter=";",
        ),
        Layout(
            "mailchimp",
            "Mailchimp",
            "https://mailchimp.com/help/format-guidelines-for-your-import-file/",
            (
                ("Email Address", "email"),
                ("First Name", "first_name"),
                ("Last Name", "last_name"),
                ("Customer ID", "customer_id"),
                ("Segment", "segment"),
                ("CLV", "clv"),
                ("Next Order", "next_order"),
            ),
        ),
        Layout(
            "klaviyo",
            "Klaviyo",
            "https://help.klaviyo.com/hc/en-us/articles/115005078967",
            (
                ("Email", "email"),
                ("First Name", "first_name"),
                ("Last Name", "last_name"),
                ("Customer ID", "customer_id"),
                ("Segment", "segment"),
                ("CLV", "clv"),
                ("Next Order", "next_order"),
            ),
        ),
    )
}


@dataclass
class ContactList:
    """The chosen customers with their contact: ``rows`` (one per customer with a contact,
    :data:`FIELDS`), ``chosen`` customers in all, ``without_contact`` left out for want of a
    contact row, ``without_consent`` left out because the contact's consent is "no"."""

    rows: pd.DataFrame
    chosen: int
    without_contact: int
    without_consent: int


def contact_list(customers: pd.DataFrame, contacts: pd.DataFrame) -> ContactList:
    """Join the chosen ``customers`` (rows of the customers answer, in their order) with their
    ``contacts``; customers without one and contacts with consent "no" are counted and left
    out."""
    merged = customers.merge(contacts, on="customer_id", how="left", validate="one_to_one")
    has_contact = merged["email"].notna()
    refused = has_contact & merged["consent"].eq(False).fillna(False).astype(bool)
    kept = merged[has_contact & ~refused]
    rows = kept.reindex(columns=list(FIELDS)).reset_index(drop=True)
    return ContactList(rows, len(customers), int((~has_contact).sum()), int(refused.sum()))


def _cell(value: Any, field: str) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if field == "clv":
        return f"{float(value):.2f}"
    if field == "next_order":
        return str(pd.Timestamp(value).date())
    return safe_text(str(value))  # a name starting with "=" is text, not a formula


def render(layout: Layout, rows: pd.DataFrame) -> bytes:
    """The import file's bytes: header and one line per row, UTF-8 (with a BOM only where
    the layout asks for one), CRLF line ends, fields quoted where needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=layout.delimiter, lineterminator="\r\n")
    writer.writerow(layout.header)
    records = rows.to_dict("records")
    for rec in records:
        writer.writerow([_cell(rec.get(field), field) for _, field in layout.columns])
    text = buffer.getvalue()
    return (("\ufeff" + text) if layout.bom else text).encode("utf-8")


def write(layout: Layout, rows: pd.DataFrame, path: Path) -> Path:
    """Write :func:`render` to ``path`` (replacing it)."""
    path.write_bytes(render(layout, rows))
    return path
