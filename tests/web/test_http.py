"""The dashboard over real HTTP (``bindung serve`` in a subprocess, httpx as the client).

Oracles: the workspace opened read-only in the test and computed with the library
(``ws.kpis``), pandas on ``ws.table("orders")``, and the page titles written out here.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

import bindung
from bindung.web.schemas import PageOut
from tests.web.conftest import PAGE_KEYS, Server, Servers, copy_workspace, csrf_of

TITLES = {
    "overview": ("Überblick", "Overview"),
    "retention": ("Kundenbindung", "Retention"),
    "value": ("Kundenwert", "Customer value"),
    "social": ("Social Media & Zufriedenheit", "Social & satisfaction"),
    "roi": ("ROI & Budget", "ROI & budget"),
    "imports": ("Importe", "Imports"),
    "complaints": ("Beschwerden", "Complaints"),
    "loyalty": ("Treue & Empfehlungen", "Loyalty & referrals"),
    "experiments": ("Experimente", "Experiments"),
    "goals": ("Ziele & Warnungen", "Goals & alerts"),
}
#: the sections every page has, in this order
SECTIONS = {
    "overview": ["kpis", "alerts"],
    "retention": ["retention", "survival"],
    "value": ["value", "channels"],
    "social": ["social", "satisfaction", "fans", "themes"],
    "roi": ["roi", "costs"],
    "imports": ["imports"],
    "complaints": ["complaints", "replies"],
    "loyalty": ["loyalty"],
    "experiments": ["experiment"],
    "goals": ["goals", "alerts"],
}
#: at least these charts per page
CHARTS = {"overview": 0, "retention": 3, "value": 1, "social": 2, "roi": 1, "imports": 0}
CHARTS |= {"complaints": 2, "loyalty": 0, "experiments": 0, "goals": 0}
ORDER_COLUMNS = "order_id,customer_id,ordered_at,revenue,items,channel\n"


def get_json(server: Server, path: str, **params: str) -> dict[str, Any]:
    with server.client() as client:
        response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    data: dict[str, Any] = response.json()
    return data


def table(page: dict[str, Any], section: str, key: str) -> dict[str, Any]:
    for s in page["sections"]:
        if s["section"] == section:
            found: dict[str, Any] = s["tables"][key]
            return found
    raise AssertionError(f"no section {section!r} on page {page['page']!r}")


def counts(folder: Path) -> dict[str, int]:
    """Stored orders and logged imports, read with the library (closed again at once)."""
    ws = bindung.open(folder, read_only=True)
    try:
        return {
            "orders": int(ws.table("orders").count().to_pandas()),
            "imports": len(ws.imports()),
            "rejects": len(ws.rejects()),
        }
    finally:
        ws.close()


def kpis(folder: Path, period: str) -> pd.DataFrame:
    ws = bindung.open(folder, read_only=True)
    try:
        frame: pd.DataFrame = ws.kpis(period=period)
        return frame
    finally:
        ws.close()


# ----------------------------------------------------------------------------- pages


@pytest.mark.parametrize("key", PAGE_KEYS)
def test_every_page_is_html_with_its_title_and_plotly(server: Server, key: str) -> None:
    with server.client() as client:
        response = client.get(f"/{key}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    text = html.unescape(response.text)
    de, _ = TITLES[key]
    assert f"<title>Bindung · {de}</title>" in text
    assert f"<h1>{de}</h1>" in text
    assert '<script src="/static/plotly.min.js"></script>' in text
    # one chart container per chart of the page's JSON twin
    twin = get_json(server, f"/api/pages/{key}")
    shown = re.findall(r'<div class="chart" id="chart-([^"]+)"', text)
    assert shown == [c["key"] for c in twin["charts"]]
    assert len(shown) >= CHARTS[key]


def test_root_redirects_to_overview(server: Server) -> None:
    with server.client() as client:
        response = client.get("/")
    assert response.status_code == 302
    assert response.headers["location"] == "/overview"


def test_plotly_is_served_offline(server: Server) -> None:
    with server.client() as client:
        response = client.get("/static/plotly.min.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/javascript")
    assert len(response.content) > 1_000_000
    assert b"plotly" in response.content[:2000].lower()


# ----------------------------------------------------------------------------- JSON API


@pytest.mark.parametrize("key", PAGE_KEYS)
def test_api_page_matches_the_schema(server: Server, key: str) -> None:
    data = get_json(server, f"/api/pages/{key}")
    PageOut.model_validate(data)  # raises on a missing or mistyped field
    assert data["page"] == key
    assert data["title"] == TITLES[key][0]  # the demo workspace is German
    assert data["lang"] == "de"
    assert data["meta"]["page"] == key
    assert data["meta"]["period"] == "month"
    # the sections the page promises (pages may grow more; order as listed)
    shown = [s["section"] for s in data["sections"]]
    assert [s for s in shown if s in SECTIONS[key]] == SECTIONS[key], shown
    assert len(data["charts"]) >= CHARTS[key]
    for section in data["sections"]:
        for name, t in section["tables"].items():
            columns = {c["key"] for c in t["columns"]}
            for row in t["rows"]:
                assert columns <= set(row), f"{key}/{name}: row without {columns - set(row)}"
    for chart in data["charts"]:
        assert chart["figure"]["data"], chart["key"]
        assert isinstance(chart["figure"]["layout"], dict)
        assert chart["title"]["de"] and chart["title"]["en"]


@pytest.mark.parametrize("period", ["month", "quarter"])
def test_overview_tiles_equal_the_library_kpis(server: Server, period: str) -> None:
    data = get_json(server, "/api/pages/overview", period=period)
    wide = kpis(server.folder, period)
    complete = wide[~wide["partial"]]
    shown = str(complete["period"].iloc[-1])
    assert data["meta"]["shown_period"] == shown
    row = complete.iloc[-1]
    before = complete.iloc[-2]
    tiles = {t["metric"]: t for t in table(data, "kpis", "tiles")["rows"]}
    assert {"retention_rate", "churn_rate", "customers_end", "revenue"} <= set(tiles)
    for metric, tile in tiles.items():
        assert tile["value"] == pytest.approx(float(row[metric]), rel=1e-9), metric
    # change against the previous period: percentage points for rates ...
    rr = tiles["retention_rate"]
    assert rr["change"] == pytest.approx(row["retention_rate"] - before["retention_rate"])
    # ... and relative percent for counts and money
    ce = tiles["customers_end"]
    expected = (row["customers_end"] / before["customers_end"] - 1) * 100
    assert ce["change"] == pytest.approx(expected)
    # DESIGN.md, Definitions: CRR = (E - N) / S x 100, churn = lost / S x 100
    e, n, s = row["customers_end"], row["new_customers"], row["customers_start"]
    assert tiles["retention_rate"]["value"] == pytest.approx((e - n) / s * 100)
    assert tiles["churn_rate"]["value"] == pytest.approx(row["lost_customers"] / s * 100)


def test_value_segments_cover_every_customer_with_orders(server: Server) -> None:
    data = get_json(server, "/api/pages/value")
    segments = table(data, "value", "segments")["rows"]
    ws = bindung.open(server.folder, read_only=True)
    try:
        buyers = ws.table("orders").to_pandas()["customer_id"].nunique()
    finally:
        ws.close()
    assert sum(r["customers"] for r in segments) == buyers
    assert data["sections"][0]["meta"]["customers"] == buyers
    assert len({r["segment"] for r in segments}) == len(segments)
    # the segment filter keeps one segment with the same count
    champions = next(r for r in segments if r["segment"] == "champions")
    only = get_json(server, "/api/pages/value", segment="champions")
    rows = table(only, "value", "segments")["rows"]
    assert [r["segment"] for r in rows] == ["champions"]
    assert rows[0]["customers"] == champions["customers"]
    assert {r["segment"] for r in table(only, "value", "at_risk")["rows"]} == {"champions"}


def test_lang_en_switches_the_labels(server: Server) -> None:
    de = get_json(server, "/api/pages/overview")
    en = get_json(server, "/api/pages/overview", lang="en")
    assert (de["lang"], en["lang"]) == ("de", "en")
    assert (de["title"], en["title"]) == ("Überblick", "Overview")
    label_de = {t["metric"]: t["label"] for t in table(de, "kpis", "tiles")["rows"]}
    label_en = {t["metric"]: t["label"] for t in table(en, "kpis", "tiles")["rows"]}
    assert label_de.keys() == label_en.keys()
    assert label_de["retention_rate"] != label_en["retention_rate"]
    assert "Kunden" in label_de["customers_end"]
    assert "ustomers" in label_en["customers_end"]
    # the numbers do not depend on the language
    values_de = {t["metric"]: t["value"] for t in table(de, "kpis", "tiles")["rows"]}
    values_en = {t["metric"]: t["value"] for t in table(en, "kpis", "tiles")["rows"]}
    assert values_de == values_en
    with server.client() as client:
        page = client.get("/overview", params={"lang": "en"})
    assert '<html lang="en">' in page.text
    assert "<h1>Overview</h1>" in page.text


def test_period_quarter_changes_the_periods(server: Server) -> None:
    month = get_json(server, "/api/pages/retention")
    quarter = get_json(server, "/api/pages/retention", period="quarter")
    months = [r["period"] for r in table(month, "retention", "retention_over_time")["rows"]]
    quarters = [r["period"] for r in table(quarter, "retention", "retention_over_time")["rows"]]
    assert all(re.fullmatch(r"\d{4}-\d{2}", p) for p in months), months
    assert all(re.fullmatch(r"\d{4}-Q[1-4]", p) for p in quarters), quarters
    # every quarter with a retention rate (the first has no customers at its start)
    library = kpis(server.folder, "quarter")
    assert quarters == list(library.loc[library["retention_rate"].notna(), "period"].astype(str))
    rates = {
        r["period"]: r["retention_rate"]
        for r in table(quarter, "retention", "retention_over_time")["rows"]
    }
    assert rates[quarters[-2]] == pytest.approx(
        float(library.set_index("period").loc[quarters[-2], "retention_rate"])
    )
    assert len(quarters) < len(months)
    assert quarter["meta"]["period"] == "quarter"


@pytest.mark.parametrize(
    "path",
    [
        "/api/pages/overview?period=decade",
        "/api/pages/overview?lang=fr",
        "/api/pages/nowhere",
        "/overview?period=decade",
    ],
)
def test_bad_parameters_are_rejected_with_422(server: Server, path: str) -> None:
    with server.client() as client:
        response = client.get(path)
    assert response.status_code == 422


def test_at_risk_segments_are_named_in_the_readers_language(server: Server) -> None:
    """The at-risk list names each customer's segment as the segments table does: in German
    on a German page, in English on an English one (the key stays beside it)."""
    from bindung.insights.segments import BY_KEY

    for lang in ("de", "en"):
        rows = table(get_json(server, "/api/pages/value", lang=lang), "value", "at_risk")["rows"]
        assert rows
        assert all(r["label"] == BY_KEY[r["segment"]].label(lang) for r in rows), lang
    german = table(get_json(server, "/api/pages/value", lang="de"), "value", "at_risk")["rows"]
    assert any(r["label"] != r["segment"] for r in german)


def test_customer_drill_down_lists_that_customers_orders(server: Server) -> None:
    value = get_json(server, "/api/pages/value", lang="en")
    customer = table(value, "value", "at_risk")["rows"][0]["customer_id"]
    data = get_json(server, f"/api/customers/{customer}/orders")
    ws = bindung.open(server.folder, read_only=True)
    try:
        orders = ws.table("orders").to_pandas()
    finally:
        ws.close()
    mine = orders[orders["customer_id"] == customer]
    assert len(mine) > 0
    rows = data["tables"]["orders"]["rows"]
    assert data["meta"]["customer_id"] == customer
    assert len(rows) == len(mine)
    assert {r["order_id"] for r in rows} == set(mine["order_id"])
    by_id = mine.set_index("order_id")
    for r in rows:
        assert float(r["revenue"]) == pytest.approx(float(by_id.loc[r["order_id"], "revenue"]))
        assert r["items"] == by_id.loc[r["order_id"], "items"]
    times = [pd.Timestamp(r["ordered_at"]) for r in rows]
    assert times == sorted(times, reverse=True)  # newest first
    assert max(times) == mine["ordered_at"].max()


def test_drill_down_money_is_a_json_number(server: Server) -> None:
    """Schema: rows hold raw values, money as a number in the workspace currency."""
    data = get_json(server, "/api/customers/100001/orders")
    units = {c["key"]: c["unit"] for c in data["tables"]["orders"]["columns"]}
    assert units["revenue"] == "money"
    revenues = [r["revenue"] for r in data["tables"]["orders"]["rows"]]
    assert revenues
    assert all(isinstance(v, int | float) for v in revenues), revenues[:3]


def test_unknown_customer_is_404(server: Server) -> None:
    with server.client() as client:
        api = client.get("/api/customers/no-such-customer/orders")
        page = client.get("/customers/no-such-customer")
    assert api.status_code == 404
    assert "no-such-customer" in api.json()["detail"]
    assert page.status_code == 404


def test_second_request_of_a_page_is_the_same_answer(server: Server) -> None:
    first = get_json(server, "/api/pages/retention", period="year")
    second = get_json(server, "/api/pages/retention", period="year")
    assert first == second
    assert first["meta"]["period"] == "year"


# ----------------------------------------------------------------------------- uploads


def test_first_visit_form_token_equals_the_csrf_cookie(writable_server: Server) -> None:
    """Double submit: the form field of the first page view must equal the cookie set with it,
    or a visitor's first upload is refused."""
    with writable_server.client() as client:
        first = client.get("/imports")
    assert first.status_code == 200
    assert csrf_of(first.text) == first.cookies.get("bindung_csrf")


def upload(
    server: Server, content: bytes, *, kind: str = "orders", forged: str | None = None
) -> tuple[int, str]:
    """POST /imports/upload as the form does, from a visitor who has opened a page before
    (the CSRF cookie is set; see the test above for the first view)."""
    with server.client() as client:
        assert client.get("/favicon.ico").status_code == 200
        client.get("/imports")
        form = client.get("/imports")
        assert form.status_code == 200
        token = csrf_of(form.text)
        assert client.cookies.get("bindung_csrf") == token
        response = client.post(
            "/imports/upload",
            params={"csrf": forged if forged is not None else token},
            data={"kind": kind},
            files={"file": ("orders.csv", content, "text/csv")},
        )
    return response.status_code, response.headers.get("location", "")


def test_upload_with_csrf_stores_the_rows(writable_server: Server) -> None:
    before = counts(writable_server.folder)
    history = get_json(writable_server, "/api/pages/imports")
    assert get_json(writable_server, "/api/pages/imports") == history  # cached, unchanged
    csv = (
        ORDER_COLUMNS
        + "WEB-OK-1,100001,2026-10-15 10:00:00,19.90,1,Onlineshop\n"
        + "WEB-OK-2,100002,2026-10-16 11:30:00,45.00,3,Onlineshop\n"
    )
    status, location = upload(writable_server, csv.encode())
    assert status == 303
    assert location.startswith("/imports?")
    assert parse_qs(urlsplit(location).query) == {
        "stored": ["2"],
        "rejected": ["0"],
        "excluded": ["0"],
        "duplicates": ["0"],
    }
    after = counts(writable_server.folder)
    assert after["orders"] == before["orders"] + 2
    assert after["imports"] == before["imports"] + 1
    ws = bindung.open(writable_server.folder, read_only=True)
    try:
        orders = ws.table("orders").to_pandas().set_index("order_id")
    finally:
        ws.close()
    assert float(orders.loc["WEB-OK-2", "revenue"]) == pytest.approx(45.0)
    assert orders.loc["WEB-OK-1", "customer_id"] == "100001"
    # a new import is a new data version: the cached page is not served again
    now = get_json(writable_server, "/api/pages/imports")
    rows = table(now, "imports", "history")["rows"]
    assert len(rows) == len(table(history, "imports", "history")["rows"]) + 1
    newest = max(rows, key=lambda r: int(r["import_id"]))
    assert (newest["kind"], newest["rejected"]) == ("orders", 0)


def test_upload_with_bad_rows_shows_them_as_rejects(writable_server: Server) -> None:
    before = counts(writable_server.folder)
    csv = (
        ORDER_COLUMNS
        + "WEB-MIX-1,100003,2026-10-17 09:00:00,12.50,1,Onlineshop\n"
        + "WEB-BAD-1,100004,2026-10-17 09:05:00,-5.00,1,Onlineshop\n"
        + "WEB-BAD-2,100005,not a date,7.00,1,Onlineshop\n"
    )
    status, location = upload(writable_server, csv.encode())
    assert status == 303
    query = parse_qs(urlsplit(location).query)
    assert (query["stored"], query["rejected"]) == (["1"], ["2"])
    after = counts(writable_server.folder)
    assert after["orders"] == before["orders"] + 1
    assert after["rejects"] == before["rejects"] + 2
    rejects = table(get_json(writable_server, "/api/pages/imports"), "imports", "rejects")
    raws = " ".join(r["raw"] for r in rejects["rows"])
    assert "WEB-BAD-1" in raws and "WEB-BAD-2" in raws
    assert "WEB-MIX-1" not in raws
    assert all(r["reasons"] for r in rejects["rows"])


def test_upload_without_csrf_is_403(writable_server: Server) -> None:
    before = counts(writable_server.folder)
    csv = (ORDER_COLUMNS + "WEB-CSRF-1,100001,2026-10-15 10:00:00,1.00,1,Onlineshop\n").encode()
    # a field that does not match the cookie
    status, _ = upload(writable_server, csv, forged="not-the-cookie")
    assert status == 403
    # a field but no cookie (a form posted from another site)
    with writable_server.client() as client:
        response = client.post(
            "/imports/upload",
            params={"csrf": "guessed"},
            data={"kind": "orders"},
            files={"file": ("orders.csv", csv, "text/csv")},
        )
    assert response.status_code == 403
    assert counts(writable_server.folder) == before


def test_upload_over_the_size_limit_is_413(
    servers: Servers, small_demo: Path, tmp_path: Path
) -> None:
    folder = copy_workspace(small_demo, tmp_path / "ws")
    limited = servers.start(folder, "--max-upload-mb", "1")
    before = counts(folder)
    line = b"WEB-BIG-%07d,100001,2026-10-15 10:00:00,1.00,1,Onlineshop\n"
    body = ORDER_COLUMNS.encode() + b"".join(line % i for i in range(40_000))
    assert len(body) > 2 * 1024 * 1024
    status, _ = upload(limited, body)
    assert status == 413
    assert counts(folder) == before
    # the same server takes a small file
    status, location = upload(limited, ORDER_COLUMNS.encode() + line % 1)
    assert status == 303
    assert "stored=1" in location
    limited.stop()


@pytest.mark.parametrize(
    ("cli_args", "path", "params"),
    [
        (("compare", "fans", "--lang", "en"), "/api/answers/fans", {"lang": "en"}),
        (("social", "--period", "quarter"), "/api/answers/social", {"period": "quarter"}),
        (("alerts", "--lang", "de"), "/api/answers/alerts", {"lang": "de"}),
        (("loyalty", "--lang", "en"), "/api/answers/loyalty", {"lang": "en"}),
    ],
)
def test_the_cli_json_and_the_api_json_of_an_answer_are_one_document(
    server: Server, cli_args: tuple[str, ...], path: str, params: dict[str, str]
) -> None:
    import json
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "bindung", *cli_args, "--format", "json", "-w", str(server.folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    from_cli = json.loads(done.stdout)
    # the whole document: ?limit=all
    from_api = get_json(server, path, **params, limit="all")
    assert from_api == from_cli
    assert from_api["answer"]["data_version"] and from_api["tables"]
    # the default page: the same document when every table fits into it, with each table
    # saying how many rows it has and that there is no next page
    page = get_json(server, path, **params)
    for name, body in page["tables"].items():
        fields = tuple(body.pop(k) for k in ("rows_total", "offset", "limit", "next"))
        assert fields == (len(from_cli["tables"][name]["rows"]), 0, 1000, None), name
    assert page == from_cli


# ----------------------------------------------------------------------------- paging


def test_paging_the_customers_answer_gives_every_stored_row_once(server: Server) -> None:
    """Oracle: pandas on the Parquet file the refresh stored the 20,000 customers in."""
    (parquet,) = (server.folder / "answers" / "customers").glob("*.parquet")
    stored = pd.read_parquet(parquet)
    assert len(stored) == 20_000
    first = get_json(server, "/api/answers/customers")["tables"]["customers"]
    assert (first["rows_total"], first["offset"], first["limit"]) == (20_000, 0, 1000)
    assert len(first["rows"]) == 1000
    assert first["next"] == "/api/answers/customers?limit=1000&offset=1000"
    # follow the next links with pages of 6,000 rows: 4 pages, the last one of 2,000
    rows: list[dict[str, Any]] = []
    path: str | None = "/api/answers/customers?limit=6000"
    sizes = []
    while path is not None:
        with server.client() as client:
            response = client.get(path)
        assert response.status_code == 200, response.text
        table_ = response.json()["tables"]["customers"]
        assert table_["offset"] == len(rows) and table_["rows_total"] == 20_000
        sizes.append(len(table_["rows"]))
        rows += table_["rows"]
        path = table_["next"]
    assert sizes == [6000, 6000, 6000, 2000]
    assert [r["customer_id"] for r in rows] == stored["customer_id"].tolist()
    assert [r["segment"] for r in rows] == stored["segment"].tolist()
    for column in ("clv", "p_alive", "revenue_at_risk", "frequency"):
        got = [float("nan") if r[column] is None else r[column] for r in rows]
        assert got == pytest.approx(stored[column].astype(float).tolist(), nan_ok=True), column
    # a page is the same rows as the whole document has there
    whole = get_json(server, "/api/answers/customers", limit="all")["tables"]["customers"]
    assert set(whole) == {"title", "columns", "keys", "rows"}  # no paging fields
    assert whole["rows"] == rows
    middle = get_json(server, "/api/answers/customers", offset="12345", limit="10")
    assert middle["tables"]["customers"]["rows"] == rows[12345:12355]
    beyond = get_json(server, "/api/answers/customers", offset="20000")["tables"]["customers"]
    assert (beyond["rows"], beyond["next"]) == ([], None)


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=10001", "limit=-5", "limit=some", "offset=-1", "offset=x"]
)
def test_bad_page_parameters_are_rejected_with_422(server: Server, query: str) -> None:
    with server.client() as client:
        response = client.get(f"/api/answers/customers?{query}")
    assert response.status_code == 422


# ----------------------------------------------------------------------------- cached pages


def test_a_cached_page_carries_each_visitors_own_csrf_token(writable_server: Server) -> None:
    """The Imports page is rendered once and cached: the form of every visitor still holds
    that visitor's token, equal to their cookie, and never another visitor's."""
    seen = []
    for _ in range(3):
        with writable_server.client() as client:
            first = client.get("/imports")
            again = client.get("/imports")
        token = csrf_of(first.text)
        assert token == first.cookies.get("bindung_csrf")
        assert csrf_of(again.text) == token  # the returning visitor: their cookie's token
        assert "set-cookie" not in again.headers
        seen.append((token, first.text))
    tokens = [t for t, _ in seen]
    assert len(set(tokens)) == 3
    # apart from the token the pages are one page
    assert len({text.replace(token, "") for token, text in seen}) == 1
    assert "bindung-csrf-slot" not in seen[0][1]


def test_the_upload_result_line_is_the_visitors_and_escaped(writable_server: Server) -> None:
    with writable_server.client() as client:
        plain = client.get("/imports", params={"lang": "en"})
        shown = client.get(
            "/imports",
            params={"lang": "en", "stored": "2", "rejected": "0", "duplicates": "<b>x</b>"},
        )
    assert 'id="import-result"' not in plain.text
    assert "<!--bindung:import-result-->" not in plain.text
    line = re.search(r'<p class="block" id="import-result">(.*?)</p>', shown.text)
    assert line is not None
    assert line.group(1) == "Stored: 2 · rejected: 0 · duplicates: &lt;b&gt;x&lt;/b&gt;"


def test_long_tables_show_fifty_rows_and_link_to_all_of_them(server: Server) -> None:
    """Oracle: the stored answer's JSON (every row) and the CSV the link gives."""
    import io

    with server.client() as client:
        page = client.get("/social", params={"lang": "en"})
    more = re.findall(
        r'<p class="more" id="more-([a-z_]+)-([a-z_]+)">Shown: the (newest|first) (\d+) of '
        r'(\d+) rows · all rows: <a href="([^"]+)" class="csv" download>CSV</a> · '
        r'<a href="([^"]+)" class="json">JSON</a></p>',
        page.text,
    )
    assert more, "the social page of the demo has tables longer than 50 rows"
    series = 0
    for section, key, which, shown, total, csv_link, json_link in more:
        with server.client() as client:
            whole = client.get(html.unescape(json_link))
            csv = client.get(html.unescape(csv_link))
        assert whole.status_code == 200 and csv.status_code == 200
        assert csv.headers["content-type"].startswith("text/csv")
        rows = whole.json()["tables"][key]["rows"]
        assert len(rows) == int(total) > 50
        assert len(pd.read_csv(io.StringIO(csv.text))) == len(rows)
        body = re.search(rf'<table id="table-{section}-{key}">(.*?)</table>', page.text, re.S)
        assert body is not None
        assert body.group(1).count("<tr>") == 1 + 50
        if next(iter(rows[0])) != "period":  # a ranked table: its first 50 rows
            assert (which, shown) == ("first", "50")
            continue
        # a series over periods: the newest 50 rows
        series += 1
        assert (which, shown) == ("newest", "50")
        newest = {str(r["period"]) for r in rows[-50:]}
        older = {str(r["period"]) for r in rows[:-50]} - newest
        assert older, "the oldest rows are of other periods"
        assert all(f">{p}<" in body.group(1) for p in newest)
        assert not any(f">{p}<" in body.group(1) for p in older)
    assert series, "the social page of the demo has series longer than 50 periods"


def test_pages_open_with_tiles_then_charts_then_tables_under_details(server: Server) -> None:
    """Oracle: the library's KPI table (``ws.kpis``) formatted by hand for the tiles."""
    wide = kpis(server.folder, "month")
    complete = wide[~wide["partial"]]
    row, before = complete.iloc[-1], complete.iloc[-2]
    with server.client() as client:
        overview = client.get("/overview", params={"lang": "de"}).text
        retention = client.get("/retention", params={"lang": "de"}).text
    tiles = dict(
        re.findall(
            r'<div class="tile [a-z]*" data-metric="([a-z_]+)">.*?<div class="value">([^<]+)</div>',
            overview,
            re.S,
        )
    )
    assert {"customers_end", "retention_rate", "churn_rate", "revenue"} <= set(tiles)
    customers = f"{int(row['customers_end']):,}".replace(",", ".")
    assert tiles["customers_end"] == customers
    rate = f"{row['retention_rate']:.1f}".replace(".", ",")
    assert tiles["retention_rate"] == f"{rate}\u00a0%"
    # the tile's colour says whether the change went the good way (churn: down is good)
    churn_tone = re.search(r'<div class="tile ([a-z]*)" data-metric="churn_rate">', overview)
    assert churn_tone is not None
    expected = "good" if row["churn_rate"] < before["churn_rate"] else "bad"
    assert churn_tone.group(1) == (expected if row["churn_rate"] != before["churn_rate"] else "")
    # tiles, then the charts, then the tables, closed under "Details"
    first_tile = retention.index('class="tile')
    first_chart = retention.index('class="chart"')
    first_details = retention.index('<details class="tables"')
    assert first_tile < first_chart < first_details
    assert re.search(r'<details class="tables" id="details-retention">', retention)


def test_every_table_downloads_as_csv_and_excel(server: Server) -> None:
    """Oracle: the stored answer's JSON rows and the German labels of its columns."""
    import io

    from openpyxl import load_workbook

    with server.client() as client:
        page = client.get("/retention", params={"lang": "de"}).text
        found = re.search(
            r'<p class="downloads" id="downloads-retention-retention_over_time">Herunterladen: '
            r'<a href="([^"]+)" class="csv" download>CSV</a> '
            r'<a href="([^"]+)" class="xlsx" download>Excel</a></p>',
            page,
        )
        assert found is not None
        csv = client.get(html.unescape(found.group(1)))
        xlsx = client.get(html.unescape(found.group(2)))
        whole = client.get("/api/answers/retention", params={"period": "month", "limit": "all"})
    rows = whole.json()["tables"]["retention_over_time"]["rows"]
    labels = [c["de"] for c in whole.json()["tables"]["retention_over_time"]["columns"]]
    assert csv.status_code == 200 and csv.content.startswith(b"\xef\xbb\xbf")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].split(";") == labels
    assert len(text.splitlines()) == 1 + len(rows)
    assert xlsx.status_code == 200
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(xlsx.content))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == labels
    assert sheet.max_row == 1 + len(rows)
    assert sheet.freeze_panes == "A2"
