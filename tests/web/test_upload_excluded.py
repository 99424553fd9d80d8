"""Excluded rows (not orders: cancelled, a status that is none) in the upload result line and
in the Imports answer, next to stored, rejected and duplicates (a server on a new, small
workspace)."""

from __future__ import annotations

import re
from pathlib import Path

import bindung
from bindung.answers import sections
from bindung.workspace import open_workspace
from tests.web.conftest import Servers, csrf_of

SHOPIFY = Path(__file__).parents[1] / "ingest" / "exports" / "shopify_orders_export.csv"


def test_an_upload_shows_what_it_excluded(servers: Servers, tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    bindung.init(folder, locale="en_GB").close()
    server = servers.start(folder)
    with server.client() as client:
        client.get("/imports")  # the first view sets the CSRF cookie
        token = csrf_of(client.get("/imports").text)
        sent = client.post(
            "/imports/upload",
            params={"csrf": token},
            data={"kind": "orders"},
            files={"file": ("orders_export.csv", SHOPIFY.read_bytes(), "text/csv")},
        )
        assert sent.status_code == 303
        # The Shopify fixture by hand (tests/ingest/test_exports.py): 11 line rows, 4 orders
        # stored, 0 rejected, 2 excluded (#1004 cancelled, #1005 pending), 5 line rows merged.
        assert sent.headers["location"] == "/imports?stored=4&rejected=0&excluded=2&duplicates=5"
        lines = {}
        for lang in ("en", "de"):
            page = client.get(sent.headers["location"] + f"&lang={lang}").text
            found = re.search(r'<p class="block" id="import-result">(.*?)</p>', page)
            assert found is not None
            lines[lang] = found.group(1)
    server.stop()
    assert lines == {
        "en": "Stored: 4 · rejected: 0 · excluded: 2 · duplicates: 5",
        "de": "Gespeichert: 4 · abgelehnt: 0 · ausgenommen: 2 · Duplikate: 5",
    }

    ws = open_workspace(folder, read_only=True)
    try:
        section = sections.imports(ws)
    finally:
        ws.close()
    history = section.table("history")
    labels = {c.key: (c.de, c.en) for c in history.columns}
    assert labels["excluded"] == ("ausgenommen", "excluded")
    assert [c.key for c in history.columns][3:7] == ["rows_read", "stored", "rejected", "excluded"]
    row = history.frame.iloc[0]
    assert (row.rows_read, row.stored, row.rejected, row.excluded, row.duplicates) == (
        11,
        4,
        0,
        2,
        5,
    )
    rows = section.table("rejects")
    assert {c.key: (c.de, c.en, c.unit) for c in rows.columns}["excluded"] == (
        "ausgenommen",
        "excluded",
        "flag",
    )
    # Lines 7 (#1004, Cancelled at) and 9 (#1005, pending): kept, both excluded, no error.
    assert rows.frame[["line", "excluded"]].values.tolist() == [[7, True], [9, True]]
    assert section.meta == {"rejected": 0, "excluded": 2}


def test_an_old_result_link_without_excluded_still_reads(servers: Servers, tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    bindung.init(folder, locale="en_GB").close()
    server = servers.start(folder)
    with server.client() as client:
        page = client.get("/imports?stored=2&rejected=1&duplicates=0&lang=en").text
    server.stop()
    found = re.search(r'<p class="block" id="import-result">(.*?)</p>', page)
    assert found is not None and found.group(1) == "Stored: 2 · rejected: 1 · duplicates: 0"
