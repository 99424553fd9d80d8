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

from bindung.i18n import N_, tr

if TYPE_CHECKING:
    from bindung.metrics.catalogue import Unit


TEXT: dict[str, str] = {
    "undefined": N_("not defined"),
    # i18n: percentage points, after a number
    "points": N_("pp"),
    "days": N_("days"),
    "vs_previous": N_("vs previous period"),
    "vs_year": N_("vs a year earlier"),
    "partial": N_("partial"),
    "small": N_("few customers"),
}


def text(key: str, lang: str) -> str:
    return tr(lang, TEXT[key])


def locale_of(lang: str) -> str:
    return "de_DE" if lang == "de" else "en_GB"


def missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def rounded(value: float, decimals: int) -> Decimal:
    """Commercial rounding (half away from zero: 0,25 -> 0,3), not Babel's half-even.  NumPy
    numbers too (their ``repr`` is ``np.float64(…)``, so the shortest repr of the float)."""
    return Decimal(repr(float(value))).quantize(
        Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
    )


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


class NumberInputError(ValueError):
    """A number typed by the user that the locale does not read; ``suggestion`` is what
    Babel thinks was meant (the decimal reading), if anything."""

    def __init__(self, text: str, suggestion: str | None) -> None:
        super().__init__(text)
        self.text = text
        self.suggestion = suggestion


def parse_number(text: str, locale: str) -> Decimal:
    """A number as ``locale`` writes it (Babel, strict): in de_DE ``2.500`` is 2500 and
    ``2500,50`` is 2500.50; a dot in the wrong place (``2500.5``, ``0.1``) is an error
    (:class:`NumberInputError`), not silently a decimal point.  A decimal mark followed by
    exactly three digits that the other convention reads as thousands (``2,500``: 2,5 or
    2500?) is :class:`NumberAmbiguousError`; ``2,5``, ``0,125`` and ``2.500`` are not.  Not
    finite (``NaN``, ``inf``) is an error too."""
    from babel.numbers import NumberFormatError, parse_decimal

    try:
        parsed = parse_decimal(text.strip(), locale=locale, strict=True)
    except NumberFormatError as exc:
        suggestions = list(getattr(exc, "suggestions", None) or [])
        raise NumberInputError(text, suggestions[-1] if suggestions else None) from None
    if not parsed.is_finite():
        raise NumberInputError(text, None)
    other = _other_reading(text.strip(), locale)
    if other is not None and other != parsed:
        raise NumberAmbiguousError(text, parsed, other)
    return parsed


class NumberAmbiguousError(NumberInputError):
    """A number whose decimal mark is followed by exactly three digits (``2,500`` in de_DE)
    that the other convention reads as thousands (2500): which one is meant is unclear."""

    def __init__(self, text: str, ours: Decimal, other: Decimal) -> None:
        super().__init__(text, None)
        self.ours = ours
        self.other = other


def _other_reading(text: str, locale: str) -> Decimal | None:
    """``text`` read in the other convention (decimal point for a decimal-comma locale and
    the other way round), if it has ``locale``'s decimal mark and reads there (Babel, strict)
    at all; else ``None``."""
    from babel.numbers import NumberFormatError, get_decimal_symbol, parse_decimal

    decimal = get_decimal_symbol(locale)
    if decimal not in text:
        return None
    other = "en_GB" if decimal == "," else "de_DE"
    try:
        return parse_decimal(text, locale=other, strict=True)
    except NumberFormatError:
        return None


def number_rule(locale: str, lang: str) -> tuple[str, str]:
    """How ``locale`` writes numbers, in words, and three examples (2500, 2.500, 2.500,50)."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    decimal, group = get_decimal_symbol(locale), get_group_symbol(locale)
    plain = str(format_decimal(2500, format="0", locale=locale))
    grouped = str(format_decimal(2500, format="#,##0", locale=locale))
    cents = str(format_decimal(Decimal("2500.50"), format="#,##0.00", locale=locale))
    rule = tr(
        lang,
        "'{decimal}' before the decimals, '{group}' only between thousands",
        decimal=decimal,
        group=group,
    )
    return rule, tr(
        lang, "{plain}, {grouped} or {cents}", plain=plain, grouped=grouped, cents=cents
    )


def local_minutes(times: Any, tz: str) -> Any:
    """Naive-UTC time stamps (a pandas Series) as local "2026-12-07 12:55" in the time zone
    ``tz``; "" where there is no time."""
    import pandas as pd

    stamps = pd.to_datetime(times, errors="coerce")
    local = stamps.dt.tz_localize("UTC").dt.tz_convert(tz)
    return local.dt.strftime("%Y-%m-%d %H:%M").where(stamps.notna(), "")
