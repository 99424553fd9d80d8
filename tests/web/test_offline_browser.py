"""The welcome page and the API documentation in a real browser (Debian's chromium through
Playwright, as in test_browser.py), with every request to another host blocked and recorded:
nothing may come from the internet.

Screenshots (1400 px wide) go to tests/web/artifacts/ (ignored by git).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route

import bindung
from bindung.ingest import presets
from tests.web.conftest import Server, Servers
from tests.web.test_browser import ARTIFACTS, Console, browser, page

__all__ = ["browser", "page"]  # the fixtures, shared with test_browser.py

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def empty_server(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Server:
    folder = tmp_path_factory.mktemp("first_run_browser") / "ws"
    bindung.init(folder).close()
    return servers.start(folder)


class Offline:
    """Blocks every request to a host other than the server's, and records it."""

    def __init__(self, page: Page, base: str) -> None:
        self.own = urlsplit(base).netloc
        self.blocked: list[str] = []
        self.served: list[str] = []
        page.route("**/*", self._route)

    def _route(self, route: Route) -> None:
        url = route.request.url
        if urlsplit(url).netloc == self.own or url.startswith(("data:", "blob:")):
            self.served.append(url)
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_welcome_page_in_the_browser(empty_server: Server, page: Page, lang: str) -> None:
    offline = Offline(page, empty_server.base)
    console = Console(page)
    page.goto(f"{empty_server.base}/?lang={lang}", wait_until="load")
    assert urlsplit(page.url).path == "/welcome"
    heading = "Willkommen bei Bindung" if lang == "de" else "Welcome to Bindung"
    assert page.locator("h1").inner_text() == heading
    assert page.locator("html").get_attribute("lang") == lang
    # the form: orders chosen, presets offered, detect automatically by default
    assert page.locator("#upload-kind").input_value() == "orders"
    preset = page.locator("#upload-preset")
    assert preset.input_value() == ""
    default = "automatisch erkennen" if lang == "de" else "detect automatically"
    assert preset.locator("option").first.inner_text() == default
    values = [o.get_attribute("value") for o in preset.locator("option").all()]
    assert values == ["", *presets.names()]
    assert page.locator("#upload-file").is_visible()
    assert page.locator("#upload-submit").is_visible()
    assert page.locator("#needs-required li").count() == 1
    assert page.locator("#needs-optional li").count() >= 10
    assert "bindung demo demo" in page.locator("#demo-command").inner_text()
    # the navigation is there; the language link switches
    assert page.locator("a[data-page=overview]").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"welcome-{lang}.png"), full_page=True)
    page.locator("#switch-lang").click()
    other = "en" if lang == "de" else "de"
    page.wait_for_url(f"**lang={other}**")
    assert page.locator("html").get_attribute("lang") == other
    assert offline.blocked == []
    assert console.errors == []


def test_the_api_documentation_works_offline(empty_server: Server, page: Page) -> None:
    offline = Offline(page, empty_server.base)
    console = Console(page)
    page.goto(f"{empty_server.base}/docs", wait_until="load")
    # Swagger UI drew the operations from /openapi.json
    operation = page.locator(".opblock-summary-path", has_text="/api/answers/{key}")
    operation.first.wait_for(state="visible")
    assert page.get_by_text("/api/pages/{page}").first.is_visible()
    paths = [urlsplit(u).path for u in offline.served]
    assert "/static/docs/swagger-ui-bundle.js" in paths and "/openapi.json" in paths
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "api-docs.png"), full_page=True)
    assert offline.blocked == []
    assert console.errors == []


def test_redoc_leads_to_the_offline_documentation(empty_server: Server, page: Page) -> None:
    """ReDoc's bundle loads Redocly's logo from its CDN: /redoc is switched off and leads to
    /docs."""
    offline = Offline(page, empty_server.base)
    page.goto(f"{empty_server.base}/redoc", wait_until="load")
    assert urlsplit(page.url).path == "/docs"
    page.locator(".opblock-summary-path").first.wait_for(state="visible")
    assert offline.blocked == []
