"""The registry: every answer declares what it reads, and the reference lists every answer."""

from __future__ import annotations

from dataclasses import fields

import pytest

from bindung import reference
from bindung.answers.refresh import BOOKKEEPING
from bindung.answers.registry import all_specs
from bindung.config import Settings
from bindung.store import schema

SPECS = all_specs()
SETTINGS = {f.name for f in fields(Settings)}


def test_keys_are_unique_and_cover_every_answer_a_view_shows() -> None:
    keys = [s.key for s in SPECS]
    assert len(keys) == len(set(keys))
    shown = {
        "kpis", "cohorts", "tiles", "alerts", "goals", "retention", "survival", "customers",
        "value", "clv", "social", "satisfaction", "complaints", "fans", "roi", "costs",
        "budget", "loyalty", "experiment", "imports",
    }  # fmt: skip
    assert shown <= set(keys)


@pytest.mark.parametrize("spec", SPECS, ids=[s.key for s in SPECS])
def test_an_answer_names_real_tables_and_settings_and_says_what_it_is(spec: object) -> None:
    from bindung.answers.registry import Spec

    assert isinstance(spec, Spec)
    assert spec.title_de.strip() and spec.title_en.strip() and spec.doc.strip()
    tables = set(schema.KINDS) | set(BOOKKEEPING)
    assert spec.depends_on and set(spec.depends_on) <= tables, spec.depends_on
    assert set(spec.settings) <= SETTINGS, set(spec.settings) - SETTINGS
    assert "store" not in spec.settings and "locale" not in spec.settings
    assert (spec.variants.__doc__ or "").strip(), "variants need a description for the docs"


def test_the_fingerprint_changes_with_what_the_answer_reads_and_nothing_else() -> None:
    spec = next(s for s in SPECS if s.key == "fans")
    versions = {t: [1, 1] for t in (*schema.KINDS, *BOOKKEEPING)}
    settings = {f.name: getattr(Settings(), f.name) for f in fields(Settings)}
    base = spec.fingerprint({}, versions, settings)
    assert spec.fingerprint({}, {**versions, "goals": [2, 9]}, settings) == base
    assert spec.fingerprint({}, {**versions, "orders": [2, 9]}, settings) != base
    assert spec.fingerprint({}, versions, {**settings, "alert_smcss_below": 8.0}) == base
    assert spec.fingerprint({}, versions, {**settings, "margin": 0.4}) != base
    assert spec.fingerprint({"horizon": 6}, versions, settings) != base


def test_the_reference_lists_every_answer() -> None:
    text = reference.answers_markdown()
    for spec in SPECS:
        assert f"| `{spec.key}` |" in text and f"## {spec.key}\n" in text
