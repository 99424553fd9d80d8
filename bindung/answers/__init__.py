"""Answers: every figure Bindung shows is a registered section, computed once per data version
and settings by ``bindung refresh`` and stored in the workspace; the CLI, the API, the pages
and the reports only read and render stored answers.

>>> from bindung import answers
>>> found = answers.read(Path("shop"), "fans")                       # doctest: +SKIP
>>> found.section.tables, found.computed_at, found.data_version      # doctest: +SKIP

Modules: :mod:`~bindung.answers.registry` (the declaration of an answer),
:mod:`~bindung.answers.sections` (every answer, registered), :mod:`~bindung.answers.store`
(documents on disk) and :mod:`~bindung.answers.refresh` (what ``bindung refresh`` does).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bindung.answers.registry import Params, Spec, all_specs, spec
from bindung.answers.store import AnswerStore, Stored
from bindung.errors import BindungError
from bindung.i18n import tr
from bindung.report.tables import Section

__all__ = [
    "AnswerStore",
    "NotComputed",
    "Params",
    "Spec",
    "Stored",
    "all_specs",
    "read",
    "section",
    "spec",
    "variant",
]


class NotComputed(BindungError):
    """The answer was never computed for this workspace (run ``bindung refresh``)."""


def variant(key: str, params: Params | None, lang: str) -> Params:
    """The stored variant's parameters: ``params`` without ``None`` defaults it does not
    declare, plus the language for per-language answers."""
    found = spec(key)
    chosen = dict(params or {})
    if found.per_language:
        chosen["lang"] = lang
    return chosen


def read(
    folder: Path, key: str, params: Params | None = None, *, lang: str = "de"
) -> Stored | None:
    """The stored answer ``key`` for ``params`` (None when it was never computed)."""
    return AnswerStore(Path(folder)).read(key, variant(key, params, lang))


def section(folder: Path, key: str, params: Params | None = None, *, lang: str = "de") -> Section:
    """The stored section; :class:`NotComputed` without one, the stored message (a
    :class:`BindungError`) when the data did not allow the answer."""
    found = read(folder, key, params, lang=lang)
    if found is None:
        raise NotComputed(_not_computed(key, lang))
    if found.section is None:
        raise BindungError(found.error or key)
    return found.section


def _not_computed(key: str, lang: str) -> str:
    title = spec(key).title(lang)
    return tr(lang, "“{title}” has not been computed yet: run `bindung refresh`.", title=title)


def provenance(found: Stored, lang: str) -> str:
    """One line saying when and on which data version the answer was computed."""
    at = found.computed_at.replace("T", " ").replace("+00:00", " UTC")
    return tr(
        lang,
        "Computed {at} on data version {version} ({seconds:.1f} s).",
        at=at,
        version=found.data_version,
        seconds=found.seconds,
    )


def describe(found: Stored) -> dict[str, Any]:
    return found.raw["answer"]  # type: ignore[no-any-return]
