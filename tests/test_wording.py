"""User-facing text names the literature's sources ("Quelle 000" / "source 000"), never "the
seeds" (the word of earlier notes that no user knows; DESIGN.md "Sources"), and German text
carries no English source phrase.

Scanned: every registered answer's section built on a small demo workspace (titles, column
labels, findings in both languages, text cells), the settings' help texts, the metric
catalogue and the message catalogue (bindung/locale); and, as a net for branches the demo does
not reach, every string literal in the package that is not a docstring.  A random-number seed
(``seed=``, ``SEED``) is another word and stays.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from babel.messages.pofile import read_po

import bindung
import bindung.demo
from bindung.answers.registry import Spec, all_specs
from bindung.config import SETTINGS, Setting
from bindung.errors import BindungError
from bindung.i18n import MESSAGES, SOURCES, benchmark, literature
from bindung.metrics.catalogue import CATALOGUE, Metric
from bindung.report.tables import Section

#: "seed"/"seeds" as a word, but not a random-number seed given as ``seed=``.
SEEDS = re.compile(r"\bseeds?\b(?!\s*=)", re.IGNORECASE)
#: English source phrases that must not appear in German text, and German ones in English.
ENGLISH_IN_GERMAN = re.compile(r"trade literature|\bsource \d{3}|benchmark from", re.IGNORECASE)
GERMAN_IN_ENGLISH = re.compile(r"Fachliteratur|\bQuelle \d{3}|Richtwert laut")

PACKAGE = Path(bindung.__file__).resolve().parent
SPECS = all_specs()


def _problems(lang: str, where: str, text: object) -> list[str]:
    if not isinstance(text, str):
        return []
    found = []
    if SEEDS.search(text):
        found.append(f"{where} ({lang}) says 'seed(s)': {text!r}")
    wrong = ENGLISH_IN_GERMAN if lang == "de" else GERMAN_IN_ENGLISH
    if wrong.search(text):
        found.append(f"{where} ({lang}) mixes languages: {text!r}")
    return found


def _texts(section: Section, lang: str) -> Iterator[tuple[str, str, object]]:
    """(language, where, text) of everything a user reads in ``section``; ``lang`` is the
    language its text cells are in."""
    yield from (("de", "title", section.title_de), ("en", "title", section.title_en))
    for table in section.tables:
        yield "de", f"table {table.key}", table.title_de
        yield "en", f"table {table.key}", table.title_en
        for col in table.columns:
            yield "de", f"column {table.key}.{col.key}", col.de
            yield "en", f"column {table.key}.{col.key}", col.en
        for name in table.frame.columns:
            values = table.frame[name]
            if values.dtype == object:
                for value in pd.unique(values.dropna()):
                    yield lang, f"cell {table.key}.{name}", value
    for i, finding in enumerate(section.findings):
        yield "de", f"finding {i}", finding.de
        yield "en", f"finding {i}", finding.en


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wording") / "demo"
    ws, _ = bindung.demo.build(folder, customers=600)
    ws.close()
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("spec", SPECS, ids=[s.key for s in SPECS])
def test_an_answer_names_sources_and_keeps_to_its_language(spec: Spec, small: Path) -> None:
    problems: list[str] = []
    built = 0
    for lang in ("de", "en") if spec.per_language else ("en",):
        ws = bindung.open(small, read_only=True)
        ws.settings = replace(ws.settings, locale="de_DE" if lang == "de" else "en_GB")
        try:
            for params in spec.variants(ws)[:1] or [{}]:
                try:
                    section = spec.build(ws, **params)
                except BindungError:
                    continue  # not available on this workspace: nothing shown but the error
                built += 1
                for text_lang, where, text in _texts(section, lang):
                    problems += _problems(text_lang, f"{spec.key}: {where}", text)
        finally:
            ws.close()
    assert not problems, "\n".join(problems)


def test_the_check_finds_the_old_word_and_english_in_german() -> None:
    assert _problems("en", "x", "the seeds quote 28 %")
    assert _problems("de", "x", "die Seeds nennen 28 %")
    assert _problems("de", "x", "Einfacher CLV (Seed-Formel)")
    assert _problems("de", "x", "Rat der trade literature (source 003)")
    assert _problems("en", "x", "advice of the Fachliteratur (Quelle 003)")
    assert not _problems("en", "x", "demo(folder, seed=7)")
    assert not _problems("de", "x", f"Rat der {literature('003', 'de')} für diese Phase")
    assert not _problems("en", "x", f"{benchmark('001', 'en')}: 28 %")
    assert SOURCES_AS_SEEDS.search("with the seeds' benchmarks")
    assert SOURCES_AS_SEEDS.search("seed 002's formula")
    assert not SOURCES_AS_SEEDS.search("Random seed.")


def test_the_source_phrases_name_a_known_source() -> None:
    assert benchmark("000", "de") == "Richtwert laut Fachliteratur (Quelle 000)"
    assert benchmark("000", "en") == "benchmark from the trade literature (source 000)"
    assert literature("003", "de") == "Fachliteratur (Quelle 003)"
    assert sorted(SOURCES) == ["000", "001", "002", "003", "004"]
    with pytest.raises(KeyError, match="unknown source '005'"):
        literature("005", "en")


@pytest.mark.parametrize("setting", SETTINGS, ids=[s.name for s in SETTINGS])
def test_a_setting_help_names_sources(setting: Setting) -> None:
    assert not _problems("en", f"setting {setting.name}", setting.help)


@pytest.mark.parametrize("metric", CATALOGUE, ids=[m.key for m in CATALOGUE])
def test_a_metric_names_sources(metric: Metric) -> None:
    problems = _problems("de", "label", metric.label_de)
    problems += _problems("de", "benchmarks_de", metric.benchmarks_de)
    for field in ("label_en", "formula", "source", "benchmarks", "note"):
        problems += _problems("en", field, getattr(metric, field))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("metric", [m for m in CATALOGUE if m.benchmarks], ids=lambda m: m.key)
def test_a_metric_benchmark_is_shown_in_the_readers_language(metric: Metric) -> None:
    # the overview's tiles show it: a German page must not get the English sentence
    assert metric.benchmark("en") == metric.benchmarks
    assert metric.benchmark("de") == metric.benchmarks_de != ""
    assert not re.search(r"\b(the|of|from|below|customers?|more)\b", metric.benchmark("de"))


def test_no_message_says_seeds() -> None:
    """Every text of the message catalogue (bindung/locale), in English and in German."""
    with (PACKAGE / "locale" / "de" / "LC_MESSAGES" / "bindung.po").open("rb") as po:
        catalogue = read_po(po)
    problems = [
        p
        for message in catalogue
        if message.id
        for lang, text in (("en", message.id), ("de", message.string))
        for p in _problems(lang, str(message.id)[:40], text)
    ]
    assert not problems, "\n".join(problems)
    assert len(catalogue) >= len(MESSAGES)


def _string_literals(path: Path) -> Iterator[tuple[int, str]]:
    """The string constants of a module that are not docstrings, with their line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            yield node.lineno, node.value


#: "the seeds" meaning the sources, in any string (a random-number seed is singular and stays).
SOURCES_AS_SEEDS = re.compile(r"\bseeds\b|\bseed[- ](?:formel|formula|\d{3})", re.IGNORECASE)


def test_no_string_in_the_package_says_seeds() -> None:
    """Also the branches the demo does not reach: any string literal outside docstrings."""
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {text!r}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line, text in _string_literals(path)
        if SOURCES_AS_SEEDS.search(text)
    ]
    assert not found, "\n".join(found)
