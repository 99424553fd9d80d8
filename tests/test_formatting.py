"""Numbers typed by the user, read as the locale writes them (Babel, strict)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bindung.formatting import NumberAmbiguousError, NumberInputError, parse_number


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("2.500", "de_DE", Decimal("2500")),  # the dot groups thousands in German
        ("2500", "de_DE", Decimal("2500")),
        ("2500,50", "de_DE", Decimal("2500.50")),
        ("2.500,50", "de_DE", Decimal("2500.50")),
        ("0,125", "de_DE", Decimal("0.125")),  # no English reading: not ambiguous
        ("-5", "de_DE", Decimal("-5")),
        ("2,500", "en_GB", Decimal("2500")),
        ("2500.5", "en_GB", Decimal("2500.5")),
        ("0.1", "en_GB", Decimal("0.1")),
        ("2'500.5", "de_CH", Decimal("2500.5")),  # Swiss German: point before the decimals
    ],
)
def test_numbers_read_in_the_locale(text: str, locale: str, expected: Decimal) -> None:
    assert parse_number(text, locale) == expected


@pytest.mark.parametrize(
    ("text", "locale", "meant"),
    [
        ("2500.5", "de_DE", "2.500,5"),  # a dot is never a decimal point in German
        ("0.1", "de_DE", "0,1"),
        ("2500,50", "en_GB", "2,500.5"),
        ("abc", "de_DE", None),
        ("NaN", "de_DE", None),
    ],
)
def test_numbers_not_of_the_locale_are_refused(text: str, locale: str, meant: str | None) -> None:
    with pytest.raises(NumberInputError) as caught:
        parse_number(text, locale)
    assert caught.value.suggestion == meant


@pytest.mark.parametrize(
    ("text", "locale", "ours", "other"),
    [
        ("2,500", "de_DE", Decimal("2.5"), Decimal("2500")),
        ("12,345", "de_DE", Decimal("12.345"), Decimal("12345")),
        ("2.500", "en_GB", Decimal("2.5"), Decimal("2500")),
    ],
)
def test_three_digits_after_the_decimal_mark_are_ambiguous(
    text: str, locale: str, ours: Decimal, other: Decimal
) -> None:
    with pytest.raises(NumberAmbiguousError) as caught:
        parse_number(text, locale)
    assert (caught.value.ours, caught.value.other) == (ours, other)


def test_local_minutes_in_the_workspace_zone_by_hand() -> None:
    import pandas as pd

    from bindung.formatting import local_minutes

    times = pd.Series(["2026-07-01 10:00:30", "2026-01-15 10:00:00", None])
    # Berlin: UTC+2 in summer, UTC+1 in winter; no time, no text
    assert local_minutes(times, "Europe/Berlin").tolist() == [
        "2026-07-01 12:00",
        "2026-01-15 11:00",
        "",
    ]


def test_numpy_numbers_format_like_floats() -> None:
    import numpy as np

    from bindung.formatting import number

    # NumPy 2 writes repr(np.float64(2.25)) as "np.float64(2.25)"; the rounding must not care
    assert number(np.float64(2.25), "de", 1) == "2,3"
    assert number(np.float32(1234.5), "en", 0) == "1,235"
