"""Number and text formatting for the views: :mod:`bindung.formatting` (one module for every
layer; this name is kept for the report's views)."""

from bindung.formatting import (
    TEXT,
    change,
    locale_of,
    missing,
    number,
    rounded,
    text,
    value,
)

__all__ = [
    "TEXT",
    "change",
    "locale_of",
    "missing",
    "number",
    "rounded",
    "text",
    "value",
]
