"""Saved segments on the Value page (bindung.web.segments), over real HTTP on a copy of the
500-customer demo: saved through the form, counted and listed as pandas counts the stored
customers answer, downloaded, deleted; a wrong rule is refused with its reason and kept in
the form; a form without its CSRF token changes nothing."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import httpx
import pandas as pd
import pytest

from bindung import answers, segment_rules
from tests.web.conftest import Server, Servers, copy_workspace, csrf_of


@pytest.fixture(scope="module")
def segment_server(
    servers: Servers, small_demo: Path, tmp_path_factory: pytest.TempPathFactory
) -> Server:
    folder = copy_workspace(small_demo, tmp_path_factory.mktemp("segments") / "demo")
    return servers.start(folder)


def customers(folder: Path) -> pd.DataFrame:
    frame: pd.DataFrame = answers.section(folder, "customers", lang="en").table("customers").frame
    return frame


def save(client: httpx.Client, name: str, rule: str, lang: str = "en") -> httpx.Response:
    token = csrf_of(client.get("/value", params={"lang": lang}).text)
    return client.post(
        "/segments/save", data={"csrf": token, "name": name, "rule": rule, "lang": lang}
    )


def test_a_segment_saved_in_the_browser_lists_the_customers_its_rule_selects(
    segment_server: Server,
) -> None:
    frame = customers(segment_server.folder)
    # the oracle: pandas on the stored answer's rows
    expected = frame[(frame["frequency"] >= 3) & (frame["clv"] > 100)].sort_values(
        "clv", ascending=False, kind="stable"
    )
    assert 0 < len(expected) < len(frame)
    with segment_server.client() as client:
        empty = client.get("/value", params={"lang": "en"})
        assert 'id="no-saved-segments"' in empty.text
        response = save(client, "Frequent buyers", "orders >= 3 and clv > 100")
        assert response.status_code == 303
        assert response.headers["location"].startswith("/value?saved=Frequent%20buyers")
        assert segment_rules.saved(segment_server.folder) == {
            "Frequent buyers": "orders >= 3 and clv > 100"
        }
        page = client.get("/value", params={"saved": "Frequent buyers", "lang": "en"}).text
        listed = re.search(r'<table id="table-saved-segments">(.*?)</table>', page, re.S)
        assert listed is not None
        row = re.sub(r"<[^>]+>", " ", listed.group(1))
        assert "Frequent buyers" in row
        assert f" {len(expected):,} " in row
        heading = re.search(r'<section class="block" id="saved-segment">\s*<h2>([^<]+)</h2>', page)
        assert heading is not None
        assert f"{len(expected):,} customers" in heading.group(1)
        shown = re.search(r'<table id="table-saved-segment">(.*?)</table>', page, re.S)
        assert shown is not None
        ids = re.findall(r'<a href="/customers/[^"]+">([^<]+)</a>', shown.group(1))
        assert ids == [str(i) for i in expected["customer_id"].head(50)]
        # the segment is named, not keyed: "At risk", never "at_risk"
        assert ">at_risk<" not in shown.group(1)

        download = client.get("/segments/Frequent buyers.csv", params={"lang": "en"})
        assert download.status_code == 200
        assert "attachment" in download.headers["content-disposition"]
        got = pd.read_csv(io.StringIO(download.content.decode("utf-8-sig")), dtype=str)
        assert list(got["customer"]) == [str(i) for i in expected["customer_id"]]
        assert "orders" in got.columns
        workbook = client.get("/segments/Frequent buyers.xlsx", params={"lang": "de"})
        assert workbook.status_code == 200
        sheet = pd.read_excel(
            io.BytesIO(workbook.content), sheet_name=0, dtype=str, engine="openpyxl"
        )
        assert list(sheet["Kunde"]) == [str(i) for i in expected["customer_id"]]
        assert client.get("/segments/nobody.csv").status_code == 404

        token = csrf_of(page)
        gone = client.post(
            "/segments/delete", data={"csrf": token, "name": "Frequent buyers", "lang": "en"}
        )
        assert gone.status_code == 303
        assert segment_rules.saved(segment_server.folder) == {}
        assert 'id="no-saved-segments"' in client.get("/value", params={"lang": "en"}).text


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        ("segment = 3", "segment"),
        ("umsatz > 3", "umsatz"),
        ("__import__('os')", "__import__"),
        ("segment = 'vip'", "vip"),
    ],
)
def test_a_wrong_rule_is_refused_with_its_reason_and_kept_in_the_form(
    segment_server: Server, rule: str, reason: str
) -> None:
    with segment_server.client() as client:
        response = save(client, "broken", rule)
    assert response.status_code == 422
    problem = re.search(r'id="segment-problem"[^>]*>([^<]+)<', response.text)
    assert problem is not None
    assert reason in problem.group(1)
    assert 'value="broken"' in response.text  # the form keeps what was typed
    assert "broken" not in segment_rules.saved(segment_server.folder)


def test_a_form_without_its_token_changes_nothing(segment_server: Server) -> None:
    with segment_server.client() as client:
        client.get("/value")
        response = client.post(
            "/segments/save", data={"csrf": "guessed", "name": "x", "rule": "orders > 1"}
        )
    assert response.status_code == 403
    assert segment_rules.saved(segment_server.folder) == {}


def test_the_german_page_speaks_german(segment_server: Server) -> None:
    with segment_server.client() as client:
        assert save(client, "Treue", "orders >= 2", lang="de").status_code == 303
        page = client.get("/value", params={"saved": "Treue", "lang": "de"}).text
        token = csrf_of(page)
        client.post("/segments/delete", data={"csrf": token, "name": "Treue", "lang": "de"})
    block = page[page.index('id="saved-segments"') :]
    assert "Gespeicherte Segmente" in block
    assert "Segment speichern" in block
    assert "Saved segments" not in block


def test_a_wrong_rule_is_explained_in_the_page_language(segment_server: Server) -> None:
    with segment_server.client() as client:
        german = save(client, "kaputt", "umsatz > 3", lang="de")
        english = save(client, "broken", "umsatz > 3", lang="en")
    reasons = []
    for response in (german, english):
        assert response.status_code == 422
        found = re.search(r'id="segment-problem"[^>]*>([^<]+)<', response.text)
        assert found is not None
        reasons.append(html.unescape(found.group(1)))
    assert "unbekanntes Feld 'umsatz'" in reasons[0]
    assert "unknown field" not in reasons[0]
    assert "unknown field 'umsatz'" in reasons[1]
