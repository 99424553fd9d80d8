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
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
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
    """(context, msgid) of every marked text in the package (its modules and templates, as
    ``make catalogue`` reads them: babel.cfg), with where it is."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: dict[tuple[str | None, str], str] = {}
    for file, line, message, _comments, context in extract_from_dir(
        str(PACKAGE),
        method_map=method_map,
        options_map=options_map,
        keywords=KEYWORDS,
        comment_tags=("i18n:",),
    ):
        assert isinstance(message, str), f"{file}:{line}: a plural is not used: {message!r}"
        found.setdefault((context, message), f"bindung/{file}:{line}")
        EXTRACTED_FROM.add(f"bindung/{file}")
    return found


#: the files that hold marked texts
EXTRACTED_FROM: set[str] = set()
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


def _marked(path: Path) -> Iterator[tuple[int, str | None, str]]:
    """(line, context, text) of each marking call with literal text in a module, read from
    its syntax tree: also the calls inside an f-string, which the extractor does not see."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        spec = KEYWORDS.get(node.func.id, ...)
        if spec is ...:
            continue
        positions = (1,) if spec is None else spec
        context, text = None, None
        for position in positions:
            index, is_context = (
                (position[0], True) if isinstance(position, tuple) else (position, False)
            )
            if len(node.args) < index or not isinstance(node.args[index - 1], ast.Constant):
                break
            value = node.args[index - 1].value
            if is_context:
                context = value
            else:
                text = value
        if isinstance(text, str):
            yield node.lineno, context, text


def test_every_marked_text_is_in_the_catalogue() -> None:
    """A marked text inside an f-string is not extracted: it would stay English."""
    missing = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line, context, text in _marked(path)
        if (context, text) not in EXTRACTED
    ]
    assert not missing, "not extracted (inside an f-string?):\n" + "\n".join(missing)


def test_a_marked_text_is_one_literal_or_a_name() -> None:
    """``tr(lang, "a" if x else "b")`` is extracted as one text "ab"; an f-string not at all."""
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                spec = KEYWORDS.get(node.func.id, ...)
                if spec is ...:
                    continue
                positions = (1,) if spec is None else spec
                for position in positions:
                    index = position[0] if isinstance(position, tuple) else position
                    arg = node.args[index - 1] if len(node.args) >= index else None
                    if isinstance(arg, ast.JoinedStr) or (
                        isinstance(arg, ast.IfExp | ast.BinOp)
                        and any(
                            isinstance(c, ast.Constant) and isinstance(c.value, str)
                            for c in ast.walk(arg)
                        )
                    ):
                        wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not wrong, "mark each text on its own:\n" + "\n".join(wrong)


def test_the_templates_texts_are_extracted() -> None:
    """The templates mark their texts as the code does (``tr(lang, 'Period')``)."""
    templates = {f"bindung/{p.relative_to(PACKAGE)}" for p in PACKAGE.rglob("templates/*.html")}
    assert templates and templates <= EXTRACTED_FROM
    assert EXTRACTED[(None, "What matters most")].startswith("bindung/report/templates/report.html")


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
#: ``title_de="…"`` / ``de = f"…"`` (each language's text built apart).
PAIR_PATTERNS = {
    "text keyed by language": re.compile(r"""["'](?:de|en)["']\s*:"""),
    "text chosen by language": re.compile(r"""[!=]=\s*["'](?:de|en)["']"""),
    "German text of its own": re.compile(r"""\b(?:\w+_de|de)\s*\+?=\s*(?:f?["']|\()"""),
    "text written twice (template)": re.compile(r"""\bt\(\s*'[^']*',\s*'[^']*'\s*\)"""),
}
#: German in a string literal (the German text belongs in bindung.po)
GERMAN = re.compile(r"[äöüßÄÖÜ„]")

#: Lines that match a pattern but hold no text: the stored answers keep each label in both
#: languages (``Column.de``/``.en``, ``title_de``, the JSON's ``{"de": …, "en": …}``), and the
#: language picks a locale, a separator or a stored column.
NOT_TEXT: dict[str, tuple[str, ...]] = {
    "bindung/i18n.py": ('if lang != "de":',),
    "bindung/formatting.py": ('return "de_DE" if lang == "de" else "en_GB"',),
    "bindung/cli.py": (
        'return str(format_decimal(value, locale="de_DE" if lang == "de" else "en_GB"))',
    ),
    "bindung/report/tables.py": (
        'return self.de if lang == "de" else self.en',
        'return de if lang == "de" else en',
        'return self.title_de if lang == "de" else self.title_en',
        '"title": {"de": section.title_de, "en": section.title_en},',
        '"findings": [{"level": f.level, "de": f.de, "en": f.en} for f in section.findings],',
        '"title": {"de": t.title_de, "en": t.title_en},',
        '{"key": c.key, "unit": c.unit, "de": c.de, "en": c.en}',
    ),
    "bindung/report/charts.py": (
        'return self.title_de if lang == "de" else self.title_en',
        'return ",." if lang == "de" else ".,"',
        'text = (flag_text or ("", ""))[0 if lang == "de" else 1]',
    ),
    "bindung/report/export.py": (
        'DATE_FORMATS = {"de": "dd.mm.yyyy", "en": "yyyy-mm-dd"}',
        'DATETIME_FORMATS = {"de": "dd.mm.yyyy hh:mm", "en": "yyyy-mm-dd hh:mm"}',
        'return text.replace(".", ",") if lang == "de" else text',
        'writer = csv.writer(buffer, delimiter=";" if lang == "de" else ",", lineterminator="\\n")',
        'if lang == "de":',
        'lang = "de" if lang == "de" else "en"',
    ),
    "bindung/report/summary.py": ('suffix = "de" if lang == "de" else "en"',),
    "bindung/web/pages.py": ('i = 0 if lang == "de" else 1',),
    "bindung/web/app.py": (
        'ws.settings = replace(ws.settings, locale="de_DE" if lang == "de" else "en_GB")',
    ),
    "bindung/web/schemas.py": (
        'title={"de": t.title_de, "en": t.title_en},',
        'title={"de": section.title_de, "en": section.title_en},',
        'ChartOut(key=c.key, title={"de": c.title_de, "en": c.title_en}, figure=c.figure)',
    ),
    "bindung/report/contents.py": (
        'return self.title_de if lang == "de" else self.title_en',
        'return de if lang == "de" else en',
        "label = f\"label_{'de' if lang == 'de' else 'en'}\"",
    ),
    "bindung/report/goals.py": ('suffix = "de" if lang == "de" else "en"',),
    "bindung/report/fans.py": ('suffix = "de" if lang == "de" else "en"',),
    "bindung/report/budget.py": (
        'label = Column("label_de" if lang == "de" else "label_en", *both("purpose"))',
    ),
    "bindung/metrics/catalogue.py": (
        'return self.label_de if lang == "de" else self.label_en',
        'return self.benchmarks_de if lang == "de" else self.benchmarks',
    ),
    "bindung/report/members.py": (
        'label = Column("label_de" if ws.settings.lang == "de" else "label_en", *both("measure"))',
    ),
    "bindung/answers/registry.py": ('return self.title_de if lang == "de" else self.title_en',),
    "bindung/answers/refresh.py": (
        'ws.settings = replace(before, locale="de_DE" if lang == "de" else "en_GB")',
        '"title": {"de": spec.title_de, "en": spec.title_en},',
    ),
    "bindung/answers/access.py": ('"title": {"de": the_spec.title_de, "en": the_spec.title_en},',),
    "bindung/answers/store.py": (
        'title = doc.get("title", {"de": doc["section"], "en": doc["section"]})',
    ),
}

#: Modules whose string literals hold German that is no text for the reader: words of the
#: files Bindung reads, and the titles of its German sources.
GERMAN_DATA = {
    "bindung/demo.py": "the demo business's own files (a German coffee roaster's exports)",
    "bindung/demo_texts.py": "what the demo's customers write (German comments and mentions)",
    "bindung/insights/stopwords.py": "German stop words of the texts read",
    "bindung/theme_list.py": "German keywords of the default themes, matched in the texts read",
    "bindung/demo_lines.py": "the demo business's product range (German product names)",
    "bindung/i18n.py": "SOURCES: the titles of the German trade articles",
    "bindung/ingest/load.py": "German words of the files read (täglich, wöchentlich)",
    "bindung/ingest/mapping.py": "German column names of the files read",
    "bindung/ingest/parse.py": "German values of the files read (gefällt mir, eingelöst)",
}

#: Modules whose texts still are German/English pairs: converted one by one (issue 15); a module
#: leaves the list when it is converted, and the list only shrinks (the last test below).
NOT_CONVERTED: set[str] = set()


def _modules() -> list[str]:
    """The package's modules and templates."""
    found = [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("templates/*.html")]
    return sorted(str(p.relative_to(ROOT)) for p in found)


def _german_literals(source: str) -> Iterator[tuple[int, str]]:
    """The string constants with German letters that are not docstrings, with their line."""
    tree = ast.parse(source)
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
            and GERMAN.search(node.value)
        ):
            yield node.lineno, node.value


def _pairs(module: str) -> Iterator[str]:
    allowed = NOT_TEXT.get(module, ())
    source = (ROOT / module).read_text(encoding="utf-8")
    for number, line in enumerate(source.splitlines(), 1):
        if line.strip() in allowed or line.lstrip().startswith("#"):
            continue
        for what, pattern in PAIR_PATTERNS.items():
            if pattern.search(line):
                yield f"{module}:{number}: {what}: {line.strip()}"
    if module in GERMAN_DATA:
        return
    if module.endswith(".py"):
        for number, text in _german_literals(source):
            yield f"{module}:{number}: German text: {text!r}"
    else:
        for number, line in enumerate(source.splitlines(), 1):
            if GERMAN.search(line):
                yield f"{module}:{number}: German text: {line.strip()}"


@pytest.mark.parametrize("module", [m for m in _modules() if m not in NOT_CONVERTED])
def test_no_text_is_written_as_a_german_english_pair(module: str) -> None:
    found = list(_pairs(module))
    assert not found, "mark the English text for the catalogue instead:\n" + "\n".join(found)


def test_the_list_of_modules_to_convert_only_shrinks() -> None:
    converted = sorted(m for m in NOT_CONVERTED if (ROOT / m).exists() and not any(_pairs(m)))
    assert not converted, f"converted: take them off NOT_CONVERTED: {converted}"


@pytest.mark.parametrize(
    "line",
    [
        'label = {"de": "Umsatz", "en": "revenue"}',
        'x = "Umsatz" if lang == "de" else "revenue"',
        'Finding(de=f"{n} Kunden", en=f"{n} customers")',
        '    title_de = "Umsatz"',
        '    de += f", {prev_de} Punkte"',
        "<dt>{{ t('Periode', 'Period') }}</dt>",
    ],
)
def test_the_check_finds_a_pair(line: str) -> None:
    assert any(p.search(line) for p in PAIR_PATTERNS.values())


def test_the_check_finds_german_in_a_literal() -> None:
    found = list(_german_literals('"""Docstring: Kundenbindung für alle."""\nX = ("Käufe", "a")\n'))
    assert found == [(2, "Käufe")]
