"""Numbers as a reader expects them: German or English formats by unit (Babel).

Every view (terminal, CSV, HTML, Excel) formats through here, so "97,2 %", "280.636,50 €",
"+0,3 Pp" look the same everywhere.  A value that is not defined (NULL/NaN) is shown as
"nicht definiert" / "not defined", never as 0.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from babel.numbers import format_currency, format_decimal

if TYPE_CHECKING:
    from bindung.metrics.catalogue import Unit


TEXT: dict[str, dict[str, str]] = {
    "undefined": {"de": "nicht definiert", "en": "not defined"},
    "points": {"de": "Pp", "en": "pp"},
    "days": {"de": "Tage", "en": "days"},
    "vs_previous": {"de": "ggü. Vorperiode", "en": "vs previous period"},
    "vs_year": {"de": "ggü. Vorjahr", "en": "vs a year earlier"},
    "partial": {"de": "unvollständig", "en": "partial"},
    "small": {"de": "wenige Kunden", "en": "few customers"},
}


def text(key: str, lang: str) -> str:
    return TEXT[key]["de" if lang == "de" else "en"]


def locale_of(lang: str) -> str:
    return "de_DE" if lang == "de" else "en_GB"


def missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def rounded(value: float, decimals: int) -> Decimal:
    """Commercial rounding (half away from zero: 0,25 -> 0,3), not Babel's half-even."""
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def number(value: float, lang: str, decimals: int = 0) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return str(format_decimal(rounded(value, decimals), format=pattern, locale=locale_of(lang)))


def value(value: Any, unit: Unit, lang: str, currency: str = "EUR") -> str:
    """One figure in its unit: counts, %, money, days or a factor."""
    if missing(value):
        return text("undefined", lang)
    v = float(value)
    if unit in ("customers", "orders"):
        return number(v, lang)
    if unit == "percent":
        return number(v, lang, 1) + "\u00a0%"
    if unit == "money":
        return str(format_currency(rounded(v, 2), currency, locale=locale_of(lang)))
    if unit == "days":
        return number(v, lang, 1) + "\u00a0" + text("days", lang)
    return number(v, lang, 2) + "\u00d7"


def change(delta: Any, unit: Unit, lang: str) -> str:
    """A change: percentage points for rates, relative % for everything else; '–' if none."""
    if missing(delta):
        return "–"
    d = float(delta)
    sign = "+" if d > 0 else ("±" if d == 0 else "−")
    body = number(abs(d), lang, 1)
    if unit == "percent":
        return f"{sign}{body}\u00a0{text('points', lang)}"
    return f"{sign}{body}\u00a0%"
