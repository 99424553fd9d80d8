"""The message catalogue (bindung/i18n.py, bindung/locale/, docs/translations.md): every text the
code marks has a German translation with the same placeholders, the committed .mo is the
compiled .po, and no text is left in the code as a German/English pair."""

from __future__ import annotations

import ast
import io
import re
import shlex
import string
from collections.abc import Iterator
from fnmatch import fnmatch
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_keywords
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import bindung
from bindung import i18n

PACKAGE = Path(bindung.__file__).resolve().parent
ROOT = PACKAGE.parent
PO = PACKAGE / "locale" / "de" / "LC_MESSAGES" / "bindung.po"
MO = PO.with_suffix(".mo")


def _makefile_keywords() -> list[str]:
    """The extraction keywords of ``make catalogue`` (the Makefile's I18N_KEYWORDS)."""
    found = re.search(r"^I18N_KEYWORDS\s*:=\s*(.+)$", (ROOT / "Makefile").read_text(), re.M)
    assert found, "the Makefile defines I18N_KEYWORDS"
    words = shlex.split(found.group(1))
    return [w for flag, w in zip(words[::2], words[1::2], strict=True) if flag == "-k"]


KEYWORDS = parse_keywords(_makefile_keywords())


def _catalogue() -> Catalog:
    with PO.open("rb") as po:
        return read_po(po, locale="de")


CATALOGUE = _catalogue()
MESSAGES = [m for m in CATALOGUE if m.id]


def _extracted() -> dict[tuple[str | None, str], str]:
    """(context, msgid) of every marked text in the package, with where it is."""
    found: dict[tuple[str | None, str], str] = {}
    for file, line, message, _comments, context in extract_from_dir(
        str(PACKAGE), keywords=KEYWORDS, comment_tags=("i18n:",)
    ):
        assert isinstance(message, str), f"{file}:{line}: a plural is not used: {message!r}"
        found.setdefault((context, message), f"bindung/{file}:{line}")
    return found


EXTRACTED = _extracted()


def _key(message: Message) -> tuple[str | None, str]:
    assert isinstance(message.id, str)
    return message.context, message.id


def test_the_keywords_are_the_marking_functions() -> None:
    assert set(KEYWORDS) == {"N_", "tr", "ptr", "both", "pboth"}
    assert all(callable(getattr(i18n, name)) for name in KEYWORDS)


def test_every_marked_text_has_a_german_translation() -> None:
    by_key = {_key(m): m for m in MESSAGES}
    problems = []
    for key, where in EXTRACTED.items():
        message = by_key.get(key)
        if message is None:
            problems.append(f"{where}: not in the catalogue (make catalogue): {key[1]!r}")
        elif message.fuzzy or not message.string:
            state = "fuzzy" if message.fuzzy else "untranslated"
            problems.append(f"{where}: {state} in bindung.po: {key[1]!r}")
    assert not problems, "\n".join(problems)
    assert len(EXTRACTED) >= 85


def test_the_catalogue_holds_only_marked_texts() -> None:
    stale = [key for key in map(_key, MESSAGES) if key not in EXTRACTED]
    assert not stale, f"no longer in the code (make catalogue): {stale}"
    assert not any(m.fuzzy for m in MESSAGES)


def test_the_committed_mo_is_the_compiled_po() -> None:
    """`make catalogue` compiles it; nobody has to remember to."""
    compiled = io.BytesIO()
    write_mo(compiled, CATALOGUE)
    assert MO.read_bytes() == compiled.getvalue(), "run make catalogue and commit the .mo"


def _placeholders(text: str) -> list[tuple[str, str, str]]:
    return sorted(
        (name, conversion or "", spec or "")
        for _literal, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    )


@pytest.mark.parametrize("message", MESSAGES, ids=lambda m: m.id[:40])
def test_a_translation_has_the_placeholders_of_its_text(message: Message) -> None:
    assert isinstance(message.id, str) and isinstance(message.string, str)
    assert _placeholders(message.string) == _placeholders(message.id)


def test_english_is_the_text_itself_and_german_the_translation() -> None:
    assert i18n.t("file_missing", "en", file="a.csv") == "a.csv: no such file"
    assert i18n.t("file_missing", "de", file="a.csv") == "a.csv: Datei nicht gefunden"
    assert i18n.tr("de", "{file}: no such file", file="a.csv") == "a.csv: Datei nicht gefunden"
    assert i18n.both(i18n.MESSAGES["file_missing"], lambda lang: {"file": lang}) == (
        "de: Datei nicht gefunden",
        "en: no such file",
    )
    assert i18n.text("file_format", "de").endswith("oder jsonl")  # unformatted: {format!r}
    assert i18n.tr("de", "a text nobody translated") == "a text nobody translated"


def test_every_message_key_is_a_marked_text() -> None:
    assert {(None, m) for m in i18n.MESSAGES.values()} <= set(EXTRACTED)


def test_the_package_ships_the_compiled_catalogue() -> None:
    """pyproject's package data takes the .mo into the wheel (no build step on install)."""
    text = (ROOT / "pyproject.toml").read_text()
    data = re.search(r"\[tool\.setuptools\.package-data\]\s*bindung = (\[.*?\])", text, re.S)
    assert data
    patterns = ast.literal_eval(re.sub(r"#[^\n]*", "", data.group(1)))
    assert any(fnmatch(str(MO.relative_to(PACKAGE)), p) for p in patterns)


# -- no text left in the code as a German/English pair

#: The old ways of writing a text twice: ``{"de": …, "en": …}``, ``… if lang == "de" else …``,
#: ``title_de=`` / ``de = …`` (each language's text built apart).
PAIR_PATTERNS = {
    "text keyed by language": re.compile(r"""["'](?:de|en)["']\s*:"""),
    "text chosen by language": re.compile(r"""\b\w*lang\w*\s*[!=]=\s*["'](?:de|en)["']"""),
    "German text of its own": re.compile(
        r"""\b(?:\w+_de|de)\s*=[^=]|\bde, en\b|\b\w+_de, \w+_en\b"""
    ),
}

#: Lines that match a pattern but hold no text (the language picks a locale or a field).
NOT_TEXT: dict[str, tuple[str, ...]] = {
    "bindung/i18n.py": ('    if lang != "de":',),
    "bindung/formatting.py": ('    return "de_DE" if lang == "de" else "en_GB"',),
}

#: Modules whose texts still are German/English pairs: converted one by one (issue 15); a module
#: leaves the list when it is converted, and the list only shrinks (the last test below).
NOT_CONVERTED = {
    "bindung/answers/__init__.py",
    "bindung/answers/access.py",
    "bindung/answers/refresh.py",
    "bindung/answers/registry.py",
    "bindung/answers/sections.py",
    "bindung/answers/store.py",
    "bindung/cli.py",
    "bindung/ingest/presets.py",
    "bindung/insights/phase.py",
    "bindung/insights/roi.py",
    "bindung/insights/segments.py",
    "bindung/metrics/catalogue.py",
    "bindung/metrics/goals.py",
    "bindung/reference.py",
    "bindung/report/budget.py",
    "bindung/report/charts.py",
    "bindung/report/complaints.py",
    "bindung/report/contents.py",
    "bindung/report/document.py",
    "bindung/report/experiments.py",
    "bindung/report/export.py",
    "bindung/report/fans.py",
    "bindung/report/goals.py",
    "bindung/report/kpis.py",
    "bindung/report/members.py",
    "bindung/report/pages.py",
    "bindung/report/phase.py",
    "bindung/report/satisfaction.py",
    "bindung/report/social.py",
    "bindung/report/summary.py",
    "bindung/report/tables.py",
    "bindung/report/tiles.py",
    "bindung/web/app.py",
    "bindung/web/catalogue.py",
    "bindung/web/pages.py",
    "bindung/web/schemas.py",
    "bindung/web/uploads.py",
    "bindung/web/welcome.py",
}


def _modules() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py"))


def _pairs(module: str) -> Iterator[str]:
    allowed = NOT_TEXT.get(module, ())
    for number, line in enumerate((ROOT / module).read_text().splitlines(), 1):
        if line in allowed or line.lstrip().startswith("#"):
            continue
        for what, pattern in PAIR_PATTERNS.items():
            if pattern.search(line):
                yield f"{module}:{number}: {what}: {line.strip()}"


@pytest.mark.parametrize("module", [m for m in _modules() if m not in NOT_CONVERTED])
def test_no_text_is_written_as_a_german_english_pair(module: str) -> None:
    found = list(_pairs(module))
    assert not found, "mark the English text for the catalogue instead:\n" + "\n".join(found)


def test_the_list_of_modules_to_convert_only_shrinks() -> None:
    converted = sorted(m for m in NOT_CONVERTED if not any(_pairs(m)))
    assert not converted, f"converted: take them off NOT_CONVERTED: {converted}"
    assert set(_modules()) >= NOT_CONVERTED


@pytest.mark.parametrize(
    "line",
    [
        'label = {"de": "Umsatz", "en": "revenue"}',
        'x = "Umsatz" if lang == "de" else "revenue"',
        'Finding(de=f"{n} Kunden", en=f"{n} customers")',
        '    title_de = "Umsatz"',
    ],
)
def test_the_check_finds_a_pair(line: str) -> None:
    assert any(p.search(line) for p in PAIR_PATTERNS.values())
