"""The theme list: which words make a text (a survey comment, a complaint, a mention) one about
delivery, price, quality, service or the app and website, and the user's own themes.

Checked when the settings are read; applied by :mod:`bindung.insights.themes`.

**Keywords** (case-insensitive, in German and English; ``ä`` also matches ``ae``, ``ö`` ``oe``,
``ü`` ``ue``, ``ß`` ``ss``):

* ``liefer*`` — a word that begins with ``liefer`` (Lieferung, liefern, Lieferzeit);
* ``*service`` — a word that ends with ``service`` (Kundenservice);
* ``*liefer*`` — a word that contains ``liefer`` (geliefert, Auslieferung);
* ``app`` — the whole word only (not Apparat);
* ``zu spät`` — these words in this order (each end as above).

**In ``bindung.toml``** a ``[themes]`` table changes the list::

    [themes]
    Mahlgrad = ["mahlgrad*", "gemahlen", "grind*"]   # a theme of your own
    delivery = ["liefer*", "versand*", "dhl"]        # the default theme's words, replaced
    app = []                                         # a default theme left out

A default theme is named by its key (:data:`DEFAULT_THEMES`); any other name is a theme of
its own, shown as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bindung.errors import BindungError
from bindung.i18n import N_

#: The default themes: key, English msgid of the label, keywords (German and English).
DEFAULT_THEMES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "delivery",
        N_("Delivery"),
        (
            "*liefer*", "versand*", "*versend*", "verschick*", "zustell*", "zugestellt",
            "paket*", "dhl", "hermes", "dpd", "sendung*", "lieferzeit*",
            "deliver*", "shipping", "shipped", "shipment*", "parcel*", "courier*",
        ),
    ),
    (
        "price",
        N_("Price"),
        (
            "*preis*", "teuer*", "günstig*", "billig*", "kostet", "kosten", "rabatt*",
            "price*", "pricing", "expensive", "cheap*", "overpriced", "cost*", "discount*",
            "value for money",
        ),
    ),
    (
        "quality",
        N_("Quality"),
        (
            "qualität*", "geschmack*", "schmeck*", "aroma*", "frisch*", "bohne", "bohnen",
            "röst*", "bitter*", "säure*",
            "quality", "taste*", "tasty", "flavo*", "fresh*", "stale", "beans", "roast*",
        ),
    ),
    (
        "service",
        N_("Customer service"),
        (
            "*service*", "kundendienst*", "hotline*", "support*", "erreichbar*",
            "unerreichbar*", "*antwort*", "freundlich*", "unfreundlich*", "mitarbeiter*",
            "support", "staff", "helpful", "unhelpful", "rude", "repl*", "answer*",
        ),
    ),
    (
        "app",
        N_("App and website"),
        (
            "app", "apps", "website*", "webseite*", "homepage", "onlineshop*", "online-shop*",
            "login*", "einlogg*", "checkout", "passwort*", "bezahlvorgang*",
            "site", "log in", "password*",
        ),
    ),
)  # fmt: skip
DEFAULT_KEYS = tuple(k for k, _, _ in DEFAULT_THEMES)

#: Letters and digits (lower case; Latin-1: umlauts, accents).  RE2 builds a large automaton
#: for the Unicode classes (\pL): 500 times slower on 12,000 texts.  Letters of other
#: scripts count as separators.
_LETTERS = "0-9a-zß-öø-ÿ"
_UMLAUT = {"ä": "(?:ä|ae)", "ö": "(?:ö|oe)", "ü": "(?:ü|ue)", "ß": "(?:ß|ss)"}


@dataclass(frozen=True)
class Theme:
    """One theme of the list: ``key`` (a default's key or the user's name), the label's
    English msgid for a default (``None``: the key is the label), its keywords."""

    key: str
    keywords: tuple[str, ...]
    msgid: str | None = None
    discovered: bool = False

    @property
    def pattern(self) -> str:
        """One RE2 pattern matching any keyword in a lower-cased text (DuckDB's
        ``regexp_matches(lower(text), pattern)``)."""
        return "(?:" + "|".join(keyword_pattern(k) for k in self.keywords) + ")"


def keyword_pattern(keyword: str) -> str:
    """The RE2 pattern of one keyword (module docstring): ``liefer*`` →
    ``(?:^|[^0-9a-zß-öø-ÿ])liefer``; ``app`` → ``(?:^|[^…])app(?:[^…]|$)``."""
    text = keyword.strip().lower()
    start, end = text.startswith("*"), text.endswith("*")
    words = text.strip("*").split()
    body = r"\s+".join("".join(_UMLAUT.get(ch, re.escape(ch)) for ch in word) for word in words)
    return (
        ("" if start else f"(?:^|[^{_LETTERS}])") + body + ("" if end else f"(?:[^{_LETTERS}]|$)")
    )


def _keywords(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BindungError(
            f'{where}: expected a list of words such as ["liefer*", "versand*"], got {value!r}'
        )
    out = []
    for v in value:
        word = v.strip()
        if not word.strip("*").strip():
            raise BindungError(f"{where}: {v!r} is no word (a keyword needs letters)")
        if "*" in word.strip("*"):
            raise BindungError(
                f"{where}: {v!r}: '*' may stand only at the start or the end of a keyword"
            )
        out.append(word)
    return tuple(out)


def theme_list(table: dict[str, Any] | None, where: str = "themes") -> list[Theme]:
    """The defaults changed by ``table`` (``[themes]`` of ``bindung.toml``); a
    :class:`BindungError` says what is wrong."""
    table = table or {}
    if not isinstance(table, dict):
        raise BindungError(
            f'{where}: expected a table such as [themes] Mahlgrad = ["mahlgrad*"], got {table!r}'
        )
    chosen = {str(k): _keywords(v, f"{where}.{k}") for k, v in table.items()}
    out = []
    for key, msgid, words in DEFAULT_THEMES:
        keywords = chosen.pop(key, words)
        if keywords:
            out.append(Theme(key, keywords, msgid))
    for key, keywords in chosen.items():
        if not key.strip():
            raise BindungError(f"{where}: a theme needs a name")
        if keywords:
            out.append(Theme(key, keywords))
    return out
