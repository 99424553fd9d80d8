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

from bindung.i18n import N_, both, tr
from bindung.insights.segments import SEGMENTS
from bindung.report import pages as pages_mod
from bindung.web.catalogue import PERIODS

#: The title of the section that names the wrong values (German, English).
TITLE = both("Invalid value in the address")
#: The line under them (German, English).
HINT = both("Choose the page in the navigation above to see it without this value.")


def _accepted_by_name(name: str, lang: str) -> str | None:
    """What the pages accept for their own parameters, in ``lang``."""
    if name == "period":
        keys = ", ".join(PERIODS)
        names = ", ".join(german for german, _ in PERIODS.values())
        return tr(lang, "{keys} (or {names})", keys=keys, names=names)
    if name == "segment":
        keys = ", ".join(s.key for s in SEGMENTS)
        labels = ", ".join(s.label(lang) for s in SEGMENTS)
        return tr(lang, "{keys} or the names the page shows: {labels}", keys=keys, labels=labels)
    if name == "lang":
        return tr(lang, "de (German), en (English)")
    if name == "page":
        return ", ".join(pages_mod.PAGES)
    return None


def _accepted_by_rule(error: Mapping[str, Any], lang: str) -> str:
    """What the declaration of a parameter accepts (pydantic's error type and context)."""
    kind, ctx = str(error.get("type", "")), dict(error.get("ctx") or {})
    if kind == "literal_error":
        values = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return ", ".join(values)
    if kind == "int_parsing" or kind == "int_from_float":
        return tr(lang, "a whole number (e.g. 12)")
    if kind == "float_parsing":
        return tr(lang, "a number (e.g. 12.5)")
    bounds = {
        "greater_than_equal": ("ge", N_("a number of at least {}")),
        "greater_than": ("gt", N_("a number above {}")),
        "less_than_equal": ("le", N_("a number up to {}")),
        "less_than": ("lt", N_("a number below {}")),
        "string_too_long": ("max_length", N_("at most {} characters")),
        "string_too_short": ("min_length", N_("at least {} characters")),
        "string_pattern_mismatch": ("pattern", N_("text matching the pattern {}")),
    }
    if kind in bounds:
        key, text = bounds[kind]
        return tr(lang, text).format(ctx.get(key))
    return tr(lang, "another value")


def describe(errors: Sequence[Mapping[str, Any]], lang: str) -> list[str]:
    """One line per parameter with a wrong value (the first error of each), in ``lang``."""
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
            lines.append(tr(lang, '"{name}" is missing.', name=name))
            continue
        value = str(error.get("input", ""))[:200]
        accepted = _accepted_by_name(name, lang) or _accepted_by_rule(error, lang)
        lines.append(
            tr(
                lang,
                '"{name}" = "{value}" is not accepted here. Accepted: {accepted}.',
                name=name,
                value=value,
                accepted=accepted,
            )
        )
    return lines
