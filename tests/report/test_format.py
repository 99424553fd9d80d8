"""Number formats by unit and language (the strings every view shows)."""

from __future__ import annotations

import math

import pytest

from bindung.report import format as fmt

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "unit", "lang", "expected"),
    [
        (12857.0, "customers", "de", "12.857"),
        (12857.0, "customers", "en", "12,857"),
        (97.19219, "percent", "de", f"97,2{NBSP}%"),
        (97.19219, "percent", "en", f"97.2{NBSP}%"),
        (280636.5, "money", "de", f"280.636,50{NBSP}€"),
        (280636.5, "money", "en", "€280,636.50"),
        (48.5885, "days", "de", f"48,6{NBSP}Tage"),
        (48.5885, "days", "en", f"48.6{NBSP}days"),
        (1.0241, "factor", "de", "1,02×"),
        (4909.0, "orders", "en", "4,909"),
    ],
)
def test_values_follow_unit_and_locale(value: float, unit: str, lang: str, expected: str) -> None:
    assert fmt.value(value, unit, lang) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("missing", [None, math.nan])
def test_undefined_values_say_so_instead_of_zero(missing: float | None) -> None:
    assert fmt.value(missing, "percent", "de") == "nicht definiert"
    assert fmt.value(missing, "money", "en") == "not defined"
    assert fmt.change(missing, "percent", "de") == "–"


def test_rates_change_in_points_everything_else_in_percent() -> None:
    assert fmt.change(0.25, "percent", "de") == f"+0,3{NBSP}Pp"
    assert fmt.change(-1.04, "percent", "en") == f"−1.0{NBSP}pp"
    assert fmt.change(12.345, "money", "de") == f"+12,3{NBSP}%"
    assert fmt.change(0.0, "customers", "en") == f"±0.0{NBSP}%"


def test_other_currencies_use_their_symbol() -> None:
    assert fmt.value(1234.5, "money", "de", "CHF") == f"1.234,50{NBSP}CHF"
