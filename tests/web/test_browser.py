"""The dashboard in a real browser: Debian's chromium driven by Playwright (sync API).

Never ``playwright install``: the browser is /usr/bin/chromium (``make test`` installs it with
apt).  Full-page screenshots of every page go to tests/web/artifacts/ (ignored by git).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, sync_playwright

from tests.web.conftest import PAGE_KEYS, Server

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
#: what a drawn chart holds: traces of lines and bars, the heat map's image
MARKS = "g.trace, g.hm, g.heatmaplayer image"
# the first build of a page of the full demo can take a minute or two on a busy machine
WAIT_MS = 300_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"{CHROMIUM} missing: apt-get install chromium (make test does it)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


class Console:
    """Errors the page logged or threw."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        page.on("console", self._message)
        page.on("pageerror", self._error)

    def _message(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} at {message.location}")

    def _error(self, error: Error) -> None:
        self.errors.append(f"pageerror: {error.message}")


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="de-DE")
    opened = context.new_page()
    opened.set_default_timeout(WAIT_MS)
    opened.set_default_navigation_timeout(WAIT_MS)
    yield opened
    context.close()


@pytest.mark.parametrize("key", PAGE_KEYS)
def test_every_page_renders_its_charts_without_errors(server: Server, page: Page, key: str) -> None:
    console = Console(page)
    response = page.goto(f"{server.base}/{key}", wait_until="load")
    assert response is not None and response.status == 200
    charts = page.locator("div.chart")
    count = charts.count()
    with server.client() as client:
        twin = client.get(f"/api/pages/{key}").json()
    assert count == len(twin["charts"])
    if key in ("retention", "value", "social", "roi"):
        assert count >= 1
    for i in range(count):
        chart = charts.nth(i)
        chart.locator(".main-svg").first.wait_for(state="attached")
        assert chart.locator(".main-svg").count() >= 1, chart.get_attribute("id")
        # plotly drew marks, not only the empty frame
        assert chart.locator(MARKS).count() >= 1
    assert page.locator("h1").inner_text() == twin["title"]
    assert page.locator("section.block").count() >= len(twin["sections"])
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{key}.png"), full_page=True)
    assert console.errors == []


def test_language_switch_changes_the_heading(server: Server, page: Page) -> None:
    console = Console(page)
    page.goto(f"{server.base}/overview")
    assert page.locator("h1").inner_text() == "Überblick"
    assert page.locator("html").get_attribute("lang") == "de"
    switch = page.locator("#switch-lang")
    assert switch.inner_text() == "English"
    switch.click()
    page.wait_for_url("**lang=en**")
    assert page.locator("h1").inner_text() == "Overview"
    assert page.locator("html").get_attribute("lang") == "en"
    value = page.locator("a[data-page=value]")  # the short name, the title as its tooltip
    assert (value.inner_text(), value.get_attribute("title")) == ("Value", "Customer value")
    assert page.locator("#switch-lang").inner_text() == "Deutsch"
    page.locator("#switch-lang").click()
    page.wait_for_url("**lang=de**")
    assert page.locator("h1").inner_text() == "Überblick"
    assert console.errors == []


def nav_boxes(page: Page) -> list[dict[str, float]]:
    """The boxes of the brand, every navigation link and every control of the header."""
    boxes: list[dict[str, float]] = page.locator(
        "header strong, header a, header select"
    ).evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,"
        " link: e.tagName === 'A' ? 1 : 0}; })"
    )
    return boxes


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_navigation_is_one_line_at_1400_px_and_usable_at_400(
    server: Server, browser: Browser, lang: str
) -> None:
    """At 1400 px the whole bar (brand, ten pages, period, segment, language) is one line,
    on the value page too (the only one with the segment box); at 400 px it wraps into a
    few rows inside the window, every link a target of at least 20 px."""
    for width in (1400, 400):
        context = browser.new_context(viewport={"width": width, "height": 900})
        opened = context.new_page()
        opened.set_default_timeout(WAIT_MS)
        for key in ("value", "imports"):
            opened.goto(f"{server.base}/{key}?lang={lang}")
            boxes = nav_boxes(opened)
            assert len(boxes) >= 1 + len(PAGE_KEYS) + 1
            header = opened.locator("header").bounding_box()
            assert header is not None
            if width == 1400:
                # one line: every box overlaps every other vertically
                assert max(b["top"] for b in boxes) < min(b["bottom"] for b in boxes), boxes
                assert header["height"] < 60
            else:
                assert all(b["left"] >= 0 and b["right"] <= width for b in boxes)
                assert all(b["bottom"] - b["top"] >= 20 for b in boxes if b["link"])
                assert header["height"] < 220
            ARTIFACTS.mkdir(exist_ok=True)
            opened.screenshot(
                path=str(ARTIFACTS / f"nav-{key}-{lang}-{width}.png"),
                clip={"x": 0, "y": 0, "width": width, "height": header["height"] + 40},
            )
        context.close()


def test_period_select_reloads_with_quarters(server: Server, page: Page) -> None:
    console = Console(page)
    page.goto(f"{server.base}/overview")
    tiles = page.locator("#tiles")
    before = tiles.inner_text()
    heading = page.locator("#tiles-period").inner_text()
    assert heading.startswith("Kennzahlen 20")
    assert "-Q" not in heading
    page.select_option("#period", "quarter")
    page.wait_for_url("**period=quarter**")
    assert parse_qs(urlsplit(page.url).query)["period"] == ["quarter"]
    assert page.locator("#period").input_value() == "quarter"
    after_heading = page.locator("#tiles-period").inner_text()
    assert after_heading.startswith("Kennzahlen 20") and "-Q" in after_heading
    assert page.locator("#tiles").inner_text() != before
    # the navigation keeps the chosen period
    assert "period=quarter" in (page.locator("a[data-page=retention]").get_attribute("href") or "")
    assert console.errors == []


def test_upload_from_the_imports_page(writable_server: Server, page: Page, tmp_path: Path) -> None:
    csv = tmp_path / "bestellungen.csv"
    csv.write_text(
        "order_id,customer_id,ordered_at,revenue,items,channel\n"
        "UI-OK-1,100001,2026-10-20 09:00:00,10.00,1,Onlineshop\n"
        "UI-OK-2,100002,2026-10-20 10:00:00,20.00,2,Onlineshop\n"
        "UI-BAD-1,100003,2026-10-20 11:00:00,-3.00,1,Onlineshop\n",
        encoding="utf-8",
    )
    console = Console(page)
    # the page seen a second time: its form carries the CSRF cookie of the first view (the
    # first view's form does not, see test_http.test_first_visit_form_token_equals_the_csrf_cookie)
    page.goto(f"{writable_server.base}/imports")
    page.reload()
    page.select_option("select[name=kind]", "orders")
    page.set_input_files("#upload-file", str(csv))
    page.click("#upload-submit")
    page.wait_for_url("**/imports?stored=**")
    query = parse_qs(urlsplit(page.url).query)
    assert (query["stored"], query["rejected"], query["duplicates"]) == (["2"], ["1"], ["0"])
    rejects = page.locator("#table-imports-rejects").inner_text()
    assert "UI-BAD-1" in rejects
    assert "UI-OK-1" not in rejects
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "imports-after-upload.png"), full_page=True)
    assert console.errors == []
