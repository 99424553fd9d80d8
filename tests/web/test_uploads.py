"""Uploads from the browser (bindung/web/uploads.py) over real HTTP: the preview reads the file
with the preset chosen in the form, as the import then does.

Oracles: the preset files (CDNOW: whitespace-separated, nothing in its header to detect it
by) and the import log read with the library.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

import bindung
from tests.web.conftest import Server, Servers, csrf_of

CDNOW = (
    b"customer_id date number_of_cds dollar_value\n"
    b"00001 19970101 1 11.77\n"
    b"00002 19970112 1 12.00\n"
    b"00002 19970112 5 77.00\n"
)


def text_of(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.fixture
def empty(servers: Servers, tmp_path: Path) -> Server:
    """A server on a new English workspace (nothing imported); its temporary files in
    ``tmp_path / "tmp"``."""
    folder = tmp_path / "ws"
    bindung.init(folder, locale="en_GB").close()
    (tmp_path / "tmp").mkdir()
    return servers.start(folder, tmp=tmp_path / "tmp")


def post(server: Server, path: str, files: Any = None, **fields: str) -> Any:
    """POST a form of the welcome page as a browser does (the CSRF cookie set before)."""
    with server.client() as client:
        client.get("/welcome")
        token = csrf_of(client.get("/welcome").text)
        # the file forms send the token in the address too: checked before the file is read
        return client.post(
            path, params={"csrf": token}, data={"csrf": token, **fields}, files=files
        )


def preview(server: Server, content: bytes, name: str, **fields: str) -> Any:
    return post(
        server,
        "/imports/preview",
        files={"file": (name, content, "text/plain")},
        kind="orders",
        lang="en",
        **fields,
    )


def confirm_fields(page: str) -> dict[str, str]:
    form = re.search(r'<section class="block" id="confirm">(.*?)</section>', page, re.S)
    assert form is not None, "the preview offers no import"
    return dict(re.findall(r'name="(\w+)" value="([^"]*)"', form.group(1)))


def test_the_preview_reads_the_file_with_the_chosen_preset(empty: Server) -> None:
    guessed = preview(empty, CDNOW, "CDNOW_sample.txt")
    assert guessed.status_code == 200
    assert 'id="confirm"' not in guessed.text  # not readable without the preset
    response = preview(empty, CDNOW, "CDNOW_sample.txt", preset="cdnow")
    assert response.status_code == 200
    said = text_of(response.text)
    assert "CDNOW_sample.txt: whitespace, utf-8; 3 rows → table orders." in said
    assert "Preset: CDNOW (chosen)." in said
    mapping = re.search(r'<table id="table-preview-mapping">(.*?)</table>', response.text, re.S)
    assert mapping is not None
    pairs = re.findall(r"<td[^>]*>([^<]*)</td>\s*<td[^>]*>([^<]*)</td>", mapping.group(1))
    assert pairs == [
        ("customer_id", "customer_id"),
        ("ordered_at", "date"),
        ("items", "number_of_cds"),
        ("revenue", "dollar_value"),
    ]
    fields = confirm_fields(response.text)
    assert (fields["preset"], fields["kind"]) == ("cdnow", "orders")
    stored = post(empty, "/imports/confirm", **{k: v for k, v in fields.items() if k != "csrf"})
    assert stored.status_code == 303
    assert "stored=3&rejected=0" in stored.headers["location"]


def logged_files(folder: Path) -> list[str]:
    ws = bindung.open(folder, read_only=True)
    try:
        return [str(f) for f in ws.imports()["file"]]
    finally:
        ws.close()


ORDERS = b"order_id,customer_id,ordered_at,revenue\nW1,K1,2026-10-15 10:00:00,19.90\n"


def test_the_import_log_names_the_uploaded_file(empty: Server) -> None:
    """Not the server's temporary copy (``/tmp/.../upload.csv``): the visitor's file name,
    its last part only (a browser may send a Windows path)."""
    direct = post(
        empty,
        "/imports/upload",
        files={"file": ("C:\\Users\\me\\Bestellungen Oktober.csv", ORDERS, "text/csv")},
        kind="orders",
    )
    assert direct.status_code == 303 and "stored=1" in direct.headers["location"]
    shown = preview(empty, CDNOW, "CDNOW_sample.txt", preset="cdnow")
    fields = confirm_fields(shown.text)
    confirmed = post(empty, "/imports/confirm", **{k: v for k, v in fields.items() if k != "csrf"})
    assert confirmed.status_code == 303
    assert logged_files(empty.folder) == ["Bestellungen Oktober.csv", "CDNOW_sample.txt"]
    with empty.client() as client:
        page = client.get("/imports", params={"lang": "en"}).text
    history = re.search(r'<table id="table-imports-history">(.*?)</table>', page, re.S)
    assert history is not None
    assert "Bestellungen Oktober.csv" in history.group(1) and "upload" not in history.group(1)


@pytest.mark.parametrize(
    ("sent", "logged"),
    [
        ("bestellungen.csv", "bestellungen.csv"),
        ("/home/anna/exports/bestellungen.csv", "bestellungen.csv"),
        ("C:\\Users\\Anna\\Bestellungen Q3.xlsx", "Bestellungen Q3.xlsx"),
        ("a\x00b\n.csv", "ab.csv"),
        (None, ""),
    ],
)
def test_sent_name_keeps_the_last_part_only(sent: str | None, logged: str) -> None:
    from bindung.web.uploads import sent_name

    assert sent_name(sent) == logged


# ----------------------------------------------------------------------------- kept previews


def kept(tmp: Path) -> list[Path]:
    """The preview folders in a server's temporary folder, with their files."""
    return sorted(tmp.glob("bindung-uploads-*"))


def test_a_previewed_file_is_deleted_when_imported_cancelled_or_refused(
    servers: Servers, tmp_path: Path
) -> None:
    folder, tmp = tmp_path / "ws", tmp_path / "tmp"
    bindung.init(folder, locale="en_GB").close()
    tmp.mkdir()
    server = servers.start(folder, tmp=tmp)
    assert kept(tmp) == []  # nothing made before a file is previewed
    # imported
    fields = confirm_fields(preview(server, CDNOW, "CDNOW_sample.txt", preset="cdnow").text)
    (held,) = kept(tmp)
    assert held.name == f"bindung-uploads-{fields['upload_id']}"
    assert sorted(p.name for p in held.iterdir()) == ["name", "upload.txt"]
    stored = post(server, "/imports/confirm", **{k: v for k, v in fields.items() if k != "csrf"})
    assert stored.status_code == 303
    assert kept(tmp) == []
    # cancelled: the button of the preview's form, back to the form
    fields = confirm_fields(preview(server, ORDERS, "orders.csv").text)
    assert len(kept(tmp)) == 1
    cancelled = post(server, "/imports/cancel", upload_id=fields["upload_id"], lang="en")
    assert cancelled.status_code == 303
    assert cancelled.headers["location"] == "/imports?lang=en"
    assert kept(tmp) == []
    again = post(server, "/imports/confirm", upload_id=fields["upload_id"], kind="orders")
    assert again.status_code == 404
    assert "The previewed file is gone" in text_of(again.text)
    # a file the import could not read is not kept for a confirmation that cannot come
    refused = preview(server, CDNOW, "CDNOW_sample.txt")
    assert refused.status_code == 200 and 'id="confirm"' not in refused.text
    assert kept(tmp) == []
    # the server stops with a preview not confirmed: deleted too
    preview(server, ORDERS, "orders.csv")
    assert len(kept(tmp)) == 1
    server.stop()
    assert server.process.returncode is not None
    assert kept(tmp) == []


def test_a_preview_expires(tmp_path: Path) -> None:
    """A timer deletes a preview's folder ``keep`` seconds after the upload; an expired one
    is refused; the sweep deletes what a killed server left and the empty folders of older
    versions, only when expired and only of this user."""
    import os
    import time

    from bindung.web.uploads import Previews

    previews = Previews(keep=0.5, root=tmp_path)
    upload_id, folder = previews.new()
    (folder / "upload.csv").write_text("a,b\n")
    assert previews.get(upload_id) == folder
    deadline = time.monotonic() + 10
    while folder.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not folder.exists()
    assert previews.get(upload_id) is None

    slow = Previews(keep=3600, root=tmp_path)
    left = tmp_path / "bindung-uploads-0123456789abcdef0123456789abcdef"  # a killed server's
    legacy = tmp_path / "bindung-uploads-k3x9_a1b"  # an older version's, made at its start
    fresh = tmp_path / "bindung-uploads-fedcba9876543210fedcba9876543210"
    other = tmp_path / "something-else"
    for path in (left, legacy, fresh, other):
        path.mkdir()
    (left / "upload.csv").write_text("x")
    hours_ago = time.time() - 2 * 3600
    for path in (left, legacy, other):
        os.utime(path, (hours_ago, hours_ago))
    assert slow.sweep() == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([fresh.name, other.name])
    # an expired folder is refused even before its timer or a sweep removed it
    stale = slow.folder("00" * 16)
    stale.mkdir()
    os.utime(stale, (hours_ago, hours_ago))
    assert slow.get("00" * 16) is None and not stale.exists()
