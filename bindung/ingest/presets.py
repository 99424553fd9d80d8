"""Presets: how common exports (Shopify, WooCommerce, Stripe, CDNOW) map onto the tables.

A preset is a TOML file in ``bindung/ingest/presets/``; per table it may set the reader
``format``, the ``decimal`` separator, a ``dateformat``, the ``timezone`` of its times,
``collapse`` (one order spread over line-item rows), ``keep_status`` (rows whose status column
holds another value are rejected with that reason) and the ``columns`` mapping.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from bindung.errors import MappingError
from bindung.i18n import t


@dataclass(frozen=True)
class TablePreset:
    columns: dict[str, str] = field(default_factory=dict)
    format: str | None = None
    decimal: str | None = None
    dateformat: str | None = None
    timezone: str | None = None
    collapse: bool = False
    keep_status: dict[str, Any] | None = None


def names() -> list[str]:
    folder = resources.files("bindung.ingest") / "presets"
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


def load(name: str, kind: str, lang: str = "en") -> TablePreset:
    """The preset ``name`` for table ``kind``; MappingError for unknown names or tables."""
    if name not in names():
        raise MappingError(t("preset_unknown", lang, preset=name, presets=", ".join(names())))
    text = (resources.files("bindung.ingest") / "presets" / f"{name}.toml").read_text("utf-8")
    data = tomllib.loads(text)
    kinds = [k for k, v in data.items() if isinstance(v, dict)]
    if kind not in kinds:
        raise MappingError(t("preset_kind", lang, preset=name, kinds=", ".join(kinds), kind=kind))
    section = dict(data[kind])
    return TablePreset(columns=section.pop("columns", {}), **section)


def describe(name: str) -> str:
    text = (resources.files("bindung.ingest") / "presets" / f"{name}.toml").read_text("utf-8")
    return str(tomllib.loads(text).get("description", ""))
