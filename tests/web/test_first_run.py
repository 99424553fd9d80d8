"""The first run and the API's index over real HTTP (``bindung serve`` in a subprocess).

* A new workspace (``bindung init``, nothing imported) opens the welcome page: what Bindung
  needs, the upload form with the preset choice, the demo's commands; every other page shows
  the navigation and a pointer to it, never JSON; an upload error says what to do in the
  browser, not ``--map``.
* ``GET /api`` lists every registered answer; query values accept what the pages show (a
  segment's label in German or English) and reject anything else with 422 naming the accepted
  values.

Oracles: the registry (:func:`bindung.answers.all_specs`), the presets on disk
(:func:`bindung.ingest.presets.names`), the segments (:data:`bindung.insights.segments.SEGMENTS`)
and the counts of the Shopify fixture (tests/ingest/test_exports.py: 4 orders stored).
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

import bindung
from bindung import answers
from bindung.ingest import presets
from bindung.insights.segments import SEGMENTS
from tests.web.conftest import PAGE_KEYS, Server, Servers, csrf_of

SHOPIFY = Path(__file__).parents[1] / "ingest" / "exports" / "shopify_orders_export.csv"


@pytest.fixture(scope="module")
def empty_server(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Server:
    """A server on a new workspace: `bindung init`, nothing imported (German settings)."""
    folder = tmp_path_factory.mktemp("first_run") / "ws"
    bindung.init(folder).close()
    return servers.start(folder)


@pytest.fixture(scope="module")
def demo_server(servers: Servers, small_demo: Path) -> Server:
    return servers.start(small_demo)


def text_of(page: str) -> str:
    """The page's visible text, roughly: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.parametrize("lang", ["de", "en"])
def test_an_empty_workspace_opens_the_welcome_page(empty_server: Server, lang: str) -> None:
    with empty_server.client() as client:
        first = client.get("/", params={"lang": lang})
        assert first.status_code == 302
        assert first.headers["location"] == f"/welcome?lang={lang}"
        page = client.get(first.headers["location"])
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    body = page.text
    assert f'<html lang="{lang}">' in body
    title = "Willkommen bei Bindung" if lang == "de" else "Welcome to Bindung"
    assert f"<h1>{title}</h1>" in body
    # what Bindung needs: orders required, every other table one optional line
    required = re.search(r'<ul class="needs" id="needs-required">(.*?)</ul>', body, re.S)
    optional = re.search(r'<ul class="needs" id="needs-optional">(.*?)</ul>', body, re.S)
    assert required and optional
    assert re.findall(r'data-table="(\w+)"', required.group(1)) == ["orders"]
    listed = re.findall(r'data-table="(\w+)"', optional.group(1))
    assert "orders" not in listed and {"customers", "subscriptions", "costs"} <= set(listed)
    # the upload form: CSRF token, table (orders first and chosen), preset choice
    form = re.search(r'<section class="block" id="upload">(.*?)</section>', body, re.S)
    assert form is not None
    form_html = form.group(1)
    token = csrf_of(form_html)
    # the token in the address too: the server checks it before it reads the file
    assert f'action="/imports/upload?csrf={token}"' in form_html
    assert f'formaction="/imports/preview?csrf={token}"' in form_html
    kinds = re.findall(r'<option value="(\w+)">', form_html.split('name="preset"')[0])
    assert kinds[0] == "orders"
    preset_box = re.search(r'<select name="preset" id="upload-preset">(.*?)</select>', form_html)
    assert preset_box is not None
    options = re.findall(r'<option value="(\w*)"( selected)?>([^<]*)</option>', preset_box.group(1))
    assert options[0] == (
        "",
        " selected",
        "automatisch erkennen" if lang == "de" else "detect automatically",
    )
    assert [value for value, _, _ in options[1:]] == presets.names()
    assert any("Shopify" in text for _, _, text in options)
    # the demo: its own folder, with the command (no button that fills this workspace)
    assert "bindung demo demo" in body and "bindung serve -w demo" in body
    assert "--map" not in body


@pytest.mark.parametrize("key", PAGE_KEYS)
def test_every_page_of_an_empty_workspace_points_to_the_welcome_page(
    empty_server: Server, key: str
) -> None:
    with empty_server.client() as client:
        for lang, link in (("de", "Startseite"), ("en", "start page")):
            response = client.get(f"/{key}", params={"lang": lang})
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/html")
            body = response.text
            # the navigation, and the pointer instead of messages about commands
            assert all(f'data-page="{page}"' in body for page in PAGE_KEYS)
            assert 'data-page="welcome"' in body
            pointer = re.search(
                r'<section class="block pointer" id="first-run">(.*?)</section>', body, re.S
            )
            assert pointer is not None
            assert f'<a href="/welcome?lang={lang}">{link}</a>' in pointer.group(1)
            assert "bindung import" not in body and "bindung refresh" not in body
    if key == "imports":  # the Imports page keeps its upload form
        assert 'id="upload"' in body


def test_a_customer_page_of_an_empty_workspace_is_a_page_too(empty_server: Server) -> None:
    with empty_server.client() as client:
        response = client.get("/customers/K1")
    assert response.headers["content-type"].startswith("text/html")
    assert 'id="first-run"' in response.text


def upload(server: Server, content: bytes, name: str, **fields: str) -> Any:
    with server.client() as client:
        client.get("/welcome")  # the first view sets the CSRF cookie
        token = csrf_of(client.get("/welcome").text)
        return client.post(
            "/imports/upload",
            params={"csrf": token},
            data={"kind": "orders", **fields},
            files={"file": (name, content, "text/csv")},
        )


@pytest.mark.parametrize("lang", ["de", "en"])
def test_an_upload_error_says_what_to_do_in_the_browser(empty_server: Server, lang: str) -> None:
    """A file without a customer column: the command line would be told `--map`; the browser
    gets the page again with what to rename in the file."""
    csv = b"Bestellnummer;Datum;Betrag;Notiz\nA1;01.10.2026;10,00;x\n"
    response = upload(empty_server, csv, "bestellungen.csv", lang=lang, preset="")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    body = response.text
    problem = re.search(
        r'<section class="block problem" id="upload-problem"[^>]*>(.*?)</section>', body, re.S
    )
    assert problem is not None
    said = text_of(problem.group(1))
    assert "--map" not in body
    assert "customer_id" in said
    # the file as the visitor named it, not the server's temporary copy
    assert said.count("bestellungen.csv") == 1 and "/tmp" not in said
    if lang == "de":
        assert "Die Datei wurde nicht importiert" in said and "erneut hochladen" in said
    else:
        assert "The file was not imported" in said and "upload the file again" in said
    # the form is there again (still the welcome page: nothing was stored)
    assert 'id="upload-preset"' in body and "<h1>" in body


def test_an_unknown_preset_is_refused_with_a_page(empty_server: Server) -> None:
    response = upload(empty_server, b"a,b\n1,2\n", "x.csv", lang="en", preset="nosuch")
    assert response.status_code == 422
    expected = "Unknown preset 'nosuch'; available: " + ", ".join(presets.names())
    assert expected in text_of(response.text)


def test_an_upload_with_a_preset_ends_the_first_run(servers: Servers, tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    bindung.init(folder, locale="en_GB").close()
    server = servers.start(folder)
    response = upload(
        server, SHOPIFY.read_bytes(), "orders_export.csv", lang="en", preset="shopify"
    )
    assert response.status_code == 303
    assert response.headers["location"] == (
        "/imports?stored=4&rejected=0&excluded=2&duplicates=5&lang=en"
    )
    with server.client() as client:
        after = client.get("/")
        overview = client.get("/overview")
    server.stop()
    assert after.headers["location"] == "/overview"
    assert 'id="first-run"' not in overview.text


# ----------------------------------------------------------------------------- /api


def test_api_lists_every_registered_answer(demo_server: Server) -> None:
    with demo_server.client() as client:
        german = client.get("/api")
        english = client.get("/api", params={"lang": "en"})
    assert german.status_code == 200 and english.status_code == 200
    assert german.headers["content-type"] == "application/json"
    de, en = german.json(), english.json()
    specs = answers.all_specs()
    assert [a["key"] for a in de["answers"]] == [s.key for s in specs]
    for listed, spec in zip(de["answers"], specs, strict=True):
        assert listed["url"] == f"/api/answers/{spec.key}"
        assert listed["titles"] == {"de": spec.title_de, "en": spec.title_en}
        assert listed["title"] == spec.title_de
        assert listed["variants"], spec.key
    assert [a["title"] for a in en["answers"]] == [s.title_en for s in specs]
    assert (de["lang"], en["lang"]) == ("de", "en")
    assert [p["url"] for p in de["pages"]] == [f"/api/pages/{k}" for k in PAGE_KEYS]
    assert de["docs"] == "/docs"
    # parameters: the value answer's segments with their labels, the KPIs' periods
    value = next(a for a in de["answers"] if a["key"] == "value")
    segment = next(p for p in value["parameters"] if p["name"] == "segment")
    assert segment["values"] == [None] + [s.key for s in SEGMENTS]
    assert segment["labels"]["at_risk"] == {"de": "Gefährdet", "en": "At risk"}
    kpis = next(a for a in de["answers"] if a["key"] == "kpis")
    period = next(p for p in kpis["parameters"] if p["name"] == "period")
    assert period["values"] == ["week", "month", "quarter", "year"]
    assert {
        "params": {"period": "quarter", "by": None},
        "url": "/api/answers/kpis?period=quarter",
    } in kpis["variants"]
    # every variant's address serves the stored answer
    with demo_server.client() as client:
        for listed in de["answers"]:
            for variant in listed["variants"][:2]:
                joiner = "&" if "?" in variant["url"] else "?"
                response = client.get(variant["url"] + joiner + "limit=1")
                assert response.status_code == 200, (variant, response.text[:200])
                assert response.json()["answer"]["key"] == listed["key"]


@pytest.mark.parametrize("given", ["at_risk", "Gefährdet", "At risk"])
def test_a_segment_is_accepted_as_the_pages_show_it(demo_server: Server, given: str) -> None:
    with demo_server.client() as client:
        page = client.get("/api/pages/value", params={"segment": given})
        answer = client.get("/api/answers/value", params={"segment": given, "limit": "all"})
        shown = client.get("/value", params={"segment": given})
        by_key = client.get("/api/pages/value", params={"segment": "at_risk"})
    assert page.status_code == 200, page.text[:300]
    assert page.json()["meta"]["segment"] == "at_risk"
    assert page.json()["sections"] == by_key.json()["sections"]
    assert answer.status_code == 200
    assert answer.json()["answer"]["params"]["segment"] == "at_risk"
    assert shown.status_code == 200
    assert '<option value="at_risk" selected>Gefährdet</option>' in shown.text


@pytest.mark.parametrize("path", ["/api/pages/value", "/api/answers/value", "/value"])
def test_an_unknown_segment_is_422_naming_the_accepted_ones(demo_server: Server, path: str) -> None:
    with demo_server.client() as client:
        response = client.get(path, params={"segment": "Gefährlich"})
    assert response.status_code == 422
    message = response.json()["detail"][0]["msg"]
    for s in SEGMENTS:  # pydantic names each as repr() does ("Can't lose them")
        assert all(repr(name) in message for name in (s.key, s.label_de, s.label_en))


def test_a_period_is_accepted_by_its_german_name(demo_server: Server) -> None:
    with demo_server.client() as client:
        german = client.get("/api/pages/retention", params={"period": "Quartal"})
        key = client.get("/api/pages/retention", params={"period": "quarter"})
    assert german.status_code == 200
    assert german.json() == key.json()
