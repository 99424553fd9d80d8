"""A page asked for with a value it does not take (``/retention?period=fortnight``,
``/nowhere``, ``?lang=fr``): what the page says instead of FastAPI's JSON 422.

:func:`describe` turns the request's validation errors into one line per parameter in the
reader's language: the parameter, the value given and what is accepted (the pages' own
choices: periods by key or German name, segments by key or label, the languages, the pages;
for any other parameter what its declaration says: a whole number, at most N characters...).
:func:`bindung.web.app.create_app` shows them in the page frame (navigation, language of
``?lang`` or the workspace) with status 422, for browsers (``Accept: text/html``) on page
routes; the JSON API keeps its JSON errors.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bindung.insights.segments import SEGMENTS
from bindung.report import pages as pages_mod
from bindung.web.catalogue import PERIODS

#: The title of the section that names the wrong values (German, English).
TITLE = ("Ungültige Angabe in der Adresse", "Invalid value in the address")
#: The line under them (German, English).
HINT = (
    "Die Seite wird ohne diese Angabe gezeigt, wenn Sie sie in der Navigation oben wählen.",
    "Choose the page in the navigation above to see it without this value.",
)


def _accepted_by_name(name: str, lang: str) -> str | None:
    """What the pages accept for their own parameters, in ``lang``."""
    de = lang == "de"
    if name == "period":
        keys = ", ".join(PERIODS)
        names = ", ".join(german for german, _ in PERIODS.values())
        return f"{keys} (oder {names})" if de else f"{keys} (or {names})"
    if name == "segment":
        keys = ", ".join(s.key for s in SEGMENTS)
        labels = ", ".join(s.label(lang) for s in SEGMENTS)
        return (
            f"{keys} oder die Namen, die die Seite zeigt: {labels}"
            if de
            else f"{keys} or the names the page shows: {labels}"
        )
    if name == "lang":
        return "de (Deutsch), en (Englisch)" if de else "de (German), en (English)"
    if name == "page":
        return ", ".join(pages_mod.PAGES)
    return None


def _accepted_by_rule(error: Mapping[str, Any], lang: str) -> str:
    """What the declaration of a parameter accepts (pydantic's error type and context)."""
    de = lang == "de"
    kind, ctx = str(error.get("type", "")), dict(error.get("ctx") or {})
    if kind == "literal_error":
        values = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return ", ".join(values)
    if kind == "int_parsing" or kind == "int_from_float":
        return "eine ganze Zahl (z. B. 12)" if de else "a whole number (e.g. 12)"
    if kind == "float_parsing":
        return "eine Zahl (z. B. 12.5)" if de else "a number (e.g. 12.5)"
    bounds = {
        "greater_than_equal": ("ge", "eine Zahl ab {}", "a number of at least {}"),
        "greater_than": ("gt", "eine Zahl über {}", "a number above {}"),
        "less_than_equal": ("le", "eine Zahl bis {}", "a number up to {}"),
        "less_than": ("lt", "eine Zahl unter {}", "a number below {}"),
        "string_too_long": ("max_length", "höchstens {} Zeichen", "at most {} characters"),
        "string_too_short": ("min_length", "mindestens {} Zeichen", "at least {} characters"),
        "string_pattern_mismatch": (
            "pattern",
            "Text nach dem Muster {}",
            "text matching the pattern {}",
        ),
    }
    if kind in bounds:
        key, text_de, text_en = bounds[kind]
        return (text_de if de else text_en).format(ctx.get(key))
    return "ein anderer Wert" if de else "another value"


def describe(errors: Sequence[Mapping[str, Any]], lang: str) -> list[str]:
    """One line per parameter with a wrong value (the first error of each), in ``lang``."""
    de = lang == "de"
    lines: list[str] = []
    seen: set[str] = set()
    for error in errors:
        loc = tuple(error.get("loc") or ())
        if len(loc) < 2:
            continue
        name = str(loc[1])  # (query|path|body, name[, member of a union])
        if name in seen:
            continue
        seen.add(name)
        if error.get("type") == "missing":
            lines.append(f"„{name}“ fehlt." if de else f'"{name}" is missing.')
            continue
        value = str(error.get("input", ""))[:200]
        accepted = _accepted_by_name(name, lang) or _accepted_by_rule(error, lang)
        lines.append(
            f"„{name}“ = „{value}“ ist hier nicht möglich. Möglich: {accepted}."
            if de
            else f'"{name}" = "{value}" is not accepted here. Accepted: {accepted}.'
        )
    return lines
