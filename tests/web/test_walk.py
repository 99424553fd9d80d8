"""Every page as a reader sees it: German and English, 1400 px and 400 px wide, in Debian's
chromium (issue 15).  A page fails on what a reader would stumble over: the page wider than
the window, "nan"/"None"/"undefined" in the text, a raw key (``potential_loyalists``,
``import_id``), English words on a German page or German words on an English one, a chart
without marks, a console error, a request to another host."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Request

from tests.web.conftest import PAGE_KEYS, Server
from tests.web.test_browser import ARTIFACTS, MARKS, WAIT_MS, Console, browser  # noqa: F401

pytestmark = pytest.mark.slow

WIDTHS = (1400, 400)
#: Words that are not text: missing values printed as they are in Python and JavaScript.
MISSING = re.compile(r"\b(nan|NaN|None|undefined|null|NaT|inf)\b")
#: snake_case tokens: registry keys, column keys, segment keys left raw.
RAW_KEY = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b(?!\.[a-z]{2,5}\b)")  # not a file's name
#: Common words of the other language (whole words, case-sensitive where it matters).
ENGLISH = re.compile(
    r"\b(the|and|of|with|below|above|between|without|which|customers|revenue|share|"
    r"period|value|seeds?)\b"
)
GERMAN = re.compile(r"\b(und|der|das|nicht|für|Kunden|Umsatz|Anteil|Zeitraum|Periode)\b")


def raw_values() -> set[str]:
    """Keys that must never be a whole table cell: the segments' keys and the "all" row of
    the per-platform tables (the pages show their labels)."""
    from bindung.insights.segments import SEGMENTS

    return {s.key for s in SEGMENTS} | {"all"}


def visible_text(page: Page) -> str:
    """The page's text as a reader sees it, without what is written to be typed as it is
    (``<code>``: a command, a rule's field names such as ``recency_days``)."""
    text: str = page.evaluate(
        "(() => { const codes = [...document.querySelectorAll('code')];"
        " const kept = codes.map(c => c.textContent); codes.forEach(c => { c.textContent = ''; });"
        " const text = document.body.innerText;"
        " codes.forEach((c, i) => { c.textContent = kept[i]; }); return text; })()"
    )
    return text


@pytest.fixture
def reader(
    browser: Browser,  # noqa: F811
    request: pytest.FixtureRequest,
) -> Iterator[tuple[Page, str]]:
    lang, width = request.param
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="de-DE" if lang == "de" else "en-GB"
    )
    opened = context.new_page()
    opened.set_default_timeout(WAIT_MS)
    opened.set_default_navigation_timeout(WAIT_MS)
    yield opened, lang
    context.close()


CASES = [(lang, width) for lang in ("de", "en") for width in WIDTHS]


@pytest.mark.parametrize("reader", CASES, indirect=True, ids=[f"{c[0]}-{c[1]}" for c in CASES])
@pytest.mark.parametrize("key", PAGE_KEYS)
def test_page_reads_well(server: Server, reader: tuple[Page, str], key: str) -> None:
    page, lang = reader
    console = Console(page)
    hosts: list[str] = []
    base_host = urlsplit(server.base).netloc

    def record(req: Request) -> None:
        host = urlsplit(req.url).netloc
        if host and host != base_host:
            hosts.append(req.url)

    page.on("request", record)
    response = page.goto(f"{server.base}/{key}?lang={lang}", wait_until="load")
    assert response is not None and response.status == 200
    for i in range(page.locator("div.chart").count()):
        chart = page.locator("div.chart").nth(i)
        chart.locator(".main-svg").first.wait_for(state="attached")
        marks = chart.locator(MARKS).count()
        assert marks >= 1, f"chart {chart.get_attribute('id')} has no data"
    # the reader opens every "Details" (the tables): they must read well too
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    width = page.evaluate("window.innerWidth")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    name = f"walk-{key}-{lang}-{width}"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    text = visible_text(page).replace(server.folder.name, "")
    cells = {c.strip() for c in page.locator("td").all_inner_texts()}
    problems: list[str] = [f"raw value {v!r} in a cell" for v in sorted(cells & raw_values())]
    if scroll > width + 1:
        problems.append(f"page {scroll} px wide in a {width} px window")
    problems += [f"missing value {m!r}" for m in sorted(set(MISSING.findall(text)))]
    problems += [f"raw key {m!r}" for m in sorted(set(RAW_KEY.findall(text)))]
    other = ENGLISH if lang == "de" else GERMAN
    problems += [f"other language {m!r}" for m in sorted(set(other.findall(text)))]
    problems += [f"request to another host: {h}" for h in hosts]
    problems += console.errors
    assert not problems, f"{name}: " + "; ".join(problems)
