"""The registry of answers: every answer Bindung gives is declared once here, with the tables
and settings it depends on and the variants ``bindung refresh`` stores.

>>> spec = REGISTRY["fans"]                                        # doctest: +SKIP
>>> spec.depends_on, spec.settings                                 # doctest: +SKIP
>>> section = spec.build(ws, **spec.variants(ws)[0])               # doctest: +SKIP

An answer's result is a :class:`bindung.report.tables.Section` (tables with typed columns and
findings in German and English).  It is stored per variant (a dict of parameters such as
``{"period": "quarter"}``) together with its fingerprint: the versions of the tables it reads,
the values of the settings it reads and the parameters.  A view renders the stored answer; only
``bindung refresh`` (and ``--fresh``) calls :attr:`Spec.build`.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bindung.report.tables import Section

Params = dict[str, Any]
Builder = Callable[..., Section]

#: Settings that change almost every number (activity, currency, time zone, margin, ...).
CORE_SETTINGS: tuple[str, ...] = (
    "currency",
    "timezone",
    "activity_window_days",
    "loyalty_threshold",
    "activity_basis",
    "margin",
    "min_customers",
)


@functools.cache
def code_version() -> str:
    """A hash of Bindung's own code (its Python modules and preset files): part of every
    answer's fingerprint, so that answers stored by another version of the code are out of
    date and the next refresh computes them again (a fix of a formula, or a new column,
    reaches stored answers without waiting for new data)."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".toml") and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def one(_: Any) -> list[Params]:
    """one (no parameters)"""
    return [{}]


@dataclass(frozen=True)
class Spec:
    """One registered answer.

    ``depends_on`` names the store's tables it reads (canonical tables, ``imports``,
    ``rejects``, ``bindung_models``); ``settings`` the fields of ``bindung.toml`` it reads;
    ``variants`` lists the parameter sets ``bindung refresh`` stores for a workspace;
    ``per_language`` answers carry text in one language and are stored once per language.
    """

    key: str
    title_de: str
    title_en: str
    build: Builder
    depends_on: tuple[str, ...]
    settings: tuple[str, ...] = CORE_SETTINGS
    variants: Callable[[Any], list[Params]] = one
    per_language: bool = False
    doc: str = ""
    #: the tables of the answer and their columns, for the generated reference (key, unit)
    columns: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    def title(self, lang: str) -> str:
        return self.title_de if lang == "de" else self.title_en

    def fingerprint(
        self, params: Params, versions: Mapping[str, Any], settings: Mapping[str, Any]
    ) -> str:
        """What the stored answer was computed from: equal fingerprints, equal answers."""
        body = {
            "key": self.key,
            "code": code_version(),
            "params": params,
            "tables": {t: versions.get(t) for t in sorted(self.depends_on)},
            "settings": {s: settings.get(s) for s in sorted(self.settings)},
        }
        text = json.dumps(body, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


REGISTRY: dict[str, Spec] = {}


def answer(
    key: str,
    title_de: str,
    title_en: str,
    *,
    depends_on: tuple[str, ...],
    settings: tuple[str, ...] = CORE_SETTINGS,
    variants: Callable[[Any], list[Params]] = one,
    per_language: bool = False,
) -> Callable[[Builder], Builder]:
    """Register the decorated builder ``(ws, **params) -> Section`` as answer ``key``."""

    def register(build: Builder) -> Builder:
        if key in REGISTRY:
            raise ValueError(f"answer {key!r} is registered twice")
        REGISTRY[key] = Spec(
            key=key,
            title_de=title_de,
            title_en=title_en,
            build=build,
            depends_on=depends_on,
            settings=settings,
            variants=variants,
            per_language=per_language,
            doc=(build.__doc__ or "").strip(),
        )
        return build

    return register


def spec(key: str) -> Spec:
    """The answer ``key``; an unknown key names the known ones."""
    from bindung.answers import sections  # noqa: F401 - registers the answers

    try:
        return REGISTRY[key]
    except KeyError:
        raise KeyError(f"unknown answer {key!r}; expected one of {', '.join(REGISTRY)}") from None


def all_specs() -> list[Spec]:
    """Every registered answer, in the order of registration."""
    from bindung.answers import sections  # noqa: F401 - registers the answers

    return list(REGISTRY.values())


def slug(params: Params) -> str:
    """A file-name-safe, canonical name of a variant (``default`` without parameters)."""
    if not params:
        return "default"
    parts = []
    for name in sorted(params):
        value = params[name]
        text = "-" if value is None else str(value)
        safe = "".join(c if c.isalnum() or c in "._" else "_" for c in text)[:40]
        parts.append(f"{name}={safe}")
    digest = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()
    return ",".join(parts) + "," + digest[:8]
