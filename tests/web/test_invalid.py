"""A page asked for with a value it does not take answers with the page frame and a line naming
the parameter, the value and what is accepted (status 422), in the page's language; the JSON
API and non-browser clients keep FastAPI's JSON 422 (bindung/web/invalid.py).

Oracles: the periods, segments and pages as declared (bindung.web.catalogue.PERIODS,
bindung.insights.segments.SEGMENTS, bindung.report.pages.PAGES), written out here.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from bindung.web.invalid import describe
from tests.web.conftest import PAGE_KEYS, Server, Servers

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture(scope="module")
def demo_server(servers: Servers, small_demo: Path) -> Server:
    """The small demo (German workspace)."""
    return servers.start(small_demo)


def main_text(page: str) -> str:
    found = re.search(r"<main>(.*?)</main>", page, re.S)
    assert found is not None
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())


@pytest.mark.parametrize(
    ("path", "lang", "said"),
    [
        (
            "/retention?period=fortnight",
            "de",
            "„period“ = „fortnight“ ist hier nicht möglich. Möglich: week, month, quarter, "
            "year (oder Woche, Monat, Quartal, Jahr).",
        ),
        (
            "/retention?period=fortnight&lang=en",
            "en",
            '"period" = "fortnight" is not accepted here. Accepted: week, month, quarter, '
            "year (or Woche, Monat, Quartal, Jahr).",
        ),
        (
            "/overview?lang=fr",
            "de",
            "„lang“ = „fr“ ist hier nicht möglich. Möglich: de (Deutsch), en (Englisch).",
        ),
        (
            "/nowhere?lang=en",
            "en",
            '"page" = "nowhere" is not accepted here. Accepted: ' + ", ".join(PAGE_KEYS) + ".",
        ),
        (
            "/welcome?lang=fr",
            "de",
            "„lang“ = „fr“ ist hier nicht möglich. Möglich: de (Deutsch), en (Englisch).",
        ),
        (
            "/customers/K1?lang=xx",
            "de",
            "„lang“ = „xx“ ist hier nicht möglich. Möglich: de (Deutsch), en (Englisch).",
        ),
    ],
)
def test_a_wrong_value_in_a_page_address_answers_with_the_page(
    demo_server: Server, path: str, lang: str, said: str
) -> None:
    with demo_server.client(headers=BROWSER) as client:
        response = client.get(path)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    body = response.text
    assert f'<html lang="{lang}">' in body
    # the page frame: every page in the navigation, the period box
    assert all(f'data-page="{key}"' in body for key in PAGE_KEYS)
    assert 'id="period"' in body or path.startswith("/welcome")
    text = main_text(body)
    assert said in text
    assert text.index(said) < 400  # at the top of the page, under its title
    title = "Ungültige Angabe in der Adresse" if lang == "de" else "Invalid value in the address"
    assert title in text
    assert text.index(title) < text.index(said)  # at the top of the page


def test_a_wrong_segment_names_the_segments(demo_server: Server) -> None:
    with demo_server.client(headers=BROWSER) as client:
        response = client.get("/value", params={"segment": "Stammkunden", "lang": "en"})
    assert response.status_code == 422
    text = main_text(response.text)
    assert '"segment" = "Stammkunden" is not accepted here. Accepted: new, champions,' in text
    assert "or the names the page shows: " in text and "At risk" in text
    assert 'class="active" data-page="value"' in response.text  # the frame of the value page


@pytest.mark.parametrize(
    "path", ["/api/pages/overview?period=decade", "/api/answers/customers?limit=some"]
)
def test_the_json_api_keeps_its_json_errors(demo_server: Server, path: str) -> None:
    with demo_server.client(headers=BROWSER) as client:
        response = client.get(path)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/json"
    assert response.json()["detail"][0]["loc"][0] == "query"


def test_a_client_that_does_not_ask_for_html_gets_json(demo_server: Server) -> None:
    with demo_server.client(headers={"Accept": "application/json"}) as client:
        response = client.get("/retention", params={"period": "fortnight"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/json"


def test_describe_names_rules_of_other_parameters() -> None:
    errors = [
        {"type": "int_parsing", "loc": ("query", "limit"), "input": "zehn"},
        {"type": "greater_than_equal", "loc": ("query", "offset"), "input": "-1", "ctx": {"ge": 0}},
        {"type": "missing", "loc": ("body", "file"), "input": None},
        # a union: one error per member, one line per parameter
        {
            "type": "literal_error",
            "loc": ("query", "ext", "a"),
            "input": "pdf",
            "ctx": {"expected": "'csv' or 'xlsx'"},
        },
        {
            "type": "literal_error",
            "loc": ("query", "ext", "b"),
            "input": "pdf",
            "ctx": {"expected": "''"},
        },
    ]
    assert describe(errors, "de") == [
        "„limit“ = „zehn“ ist hier nicht möglich. Möglich: eine ganze Zahl (z. B. 12).",
        "„offset“ = „-1“ ist hier nicht möglich. Möglich: eine Zahl ab 0.",
        "„file“ fehlt.",
        "„ext“ = „pdf“ ist hier nicht möglich. Möglich: csv, xlsx.",
    ]
    assert describe(errors, "en")[:2] == [
        '"limit" = "zehn" is not accepted here. Accepted: a whole number (e.g. 12).',
        '"offset" = "-1" is not accepted here. Accepted: a number of at least 0.',
    ]
