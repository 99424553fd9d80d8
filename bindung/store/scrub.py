"""E-mail addresses and phone numbers removed from free text before it is stored.

A survey comment ("Bitte rufen Sie mich an: 0151 2345678, anna@example.de") is kept for
reading, but the contact details in it are personal data that no answer needs and that
``bindung forget`` could not find by a customer id: they are replaced by ``[e-mail]`` and
``[phone]`` at import (``Column.free_text`` marks the columns), and counted in the import's
summary.

The patterns are RE2 (DuckDB's regular expressions), applied in SQL:

* an address: :data:`EMAIL` (letters may be umlauts, like the contacts' check);
* a phone number: an international prefix (``+49``, ``+49 (0)``) or a leading ``0`` at a word
  start, a first group of 2-5 digits, then at least 3 more digits, groups separated by one
  space, ``-`` or ``/``: ``0151 2345678``, ``030/1234567``, ``+49 30 123456-78``.  Dates
  (``05.03.2024``, ``05/03/2024``), amounts and order numbers without a leading zero are not
  phone numbers; an order number written with a leading zero and 6+ digits is (a false
  positive costs a digit string in a comment, never a stored figure).
"""

from __future__ import annotations

import re

EMAIL = r"[\pL\pN._%+\-]+@[\pL\pN\-]+(\.[\pL\pN\-]+)*\.\pL{2,}"
PHONE = r"(\+[0-9]{1,3}[ \-]?(\(0\)[ ]?)?|\b0)[0-9]{2,5}[ /\-]?[0-9]{3,}([ \-]?[0-9]{2,})*"
#: :data:`PHONE` for Python: the raw line kept for a rejected row of a table with free text
#: (its addresses are masked by the importer's own rule)
PHONE_RE = re.compile(PHONE)
EMAIL_MARK = "[e-mail]"
PHONE_MARK = "[phone]"


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def scrubbed_sql(column: str) -> str:
    """``column`` (an SQL expression) with addresses, then phone numbers, replaced."""
    emails = f"regexp_replace({column}, {_lit(EMAIL)}, {_lit(EMAIL_MARK)}, 'g')"
    return f"regexp_replace({emails}, {_lit(PHONE)}, {_lit(PHONE_MARK)}, 'g')"


def counts_sql(column: str, source: str) -> str:
    """A query of (addresses, phone numbers) in ``column`` of ``source``, counted as
    :func:`scrubbed_sql` replaces them (phone numbers in the text without the addresses)."""
    emails = f"regexp_replace({column}, {_lit(EMAIL)}, {_lit(EMAIL_MARK)}, 'g')"
    return (
        f"SELECT coalesce(sum(len(regexp_extract_all({column}, {_lit(EMAIL)}))), 0), "
        f"coalesce(sum(len(regexp_extract_all({emails}, {_lit(PHONE)}))), 0) "
        f"FROM {source} WHERE {column} IS NOT NULL"
    )


def matches_sql(column: str) -> str:
    """True where ``column`` holds an address or a phone number."""
    return f"(regexp_matches({column}, {_lit(EMAIL)}) OR regexp_matches({column}, {_lit(PHONE)}))"
