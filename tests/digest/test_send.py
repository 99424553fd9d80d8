"""Sending digests to a local SMTP server (aiosmtpd) and a local webhook receiver, in German and
English; failed sends are retried, reported and logged, and secrets never show."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from aiosmtpd.controller import Controller

from bindung.digest import render
from bindung.digest.compose import Digest, Line, Tile
from bindung.digest.send import DELAYS, LOG, deliver
from bindung.digest_settings import digest_settings


def _digest(lang: str) -> Digest:
    """A digest as compose makes it (the figures are placeholders; compose has its own tests)."""
    words = {
        "de": ("Kunden am Ende (E)", "13.139", "+2,2 %", "Ziel NPS 2026: liegt zurück."),
        "en": ("Customers at end (E)", "13,139", "+2.2 %", "Goal NPS 2026: behind."),
    }[lang]
    return Digest(
        workspace="shop",
        lang=lang,
        unit="month",
        period="2026-10",
        subject=f"Bindung · shop · {lang} 2026-10",
        tiles=[Tile(words[0], words[1], words[2], "", True)],
        movers=[Line(f"{words[0]}: {words[2]}", "good")],
        goals=[Line(words[3], "warning")],
        alerts=[],
        at_risk=[
            {
                "customer": "K-1",
                "segment": "Champions",
                "p_alive": "27 %",
                "clv": "1.231,02 €",
                "at_risk": "897,24 €",
            }
        ],
        next_euro=Line("Winback", "good"),
        dashboard_url="https://bindung.example/overview",
    )


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[int, _Inbox]]:
    inbox = _Inbox()
    with socket.socket() as probe:  # a free port (aiosmtpd needs a fixed one)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


class _Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[str, dict[str, Any]]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Receiver.received.append((self.path, json.loads(body)))
        self.send_response(500 if self.path.startswith("/broken") else 200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def hooks() -> Iterator[tuple[str, list[tuple[str, dict[str, Any]]]]]:
    _Receiver.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", _Receiver.received
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_e_mail_has_text_html_and_the_report(
    tmp_path: Path, smtp: tuple[int, _Inbox], lang: str
) -> None:
    port, inbox = smtp
    settings = digest_settings(
        {
            "email_to": ["chefin@example.de"],
            "email_from": "bindung@example.de",
            "smtp_host": "127.0.0.1",
            "smtp_port": port,
            "smtp_security": "none",
        }
    )
    d = _digest(lang)
    results = deliver(tmp_path, d, settings, b"<html>report</html>")
    assert [(r.channel, r.ok, r.attempts) for r in results] == [("e-mail", True, 1)]
    (msg,) = inbox.messages
    assert msg["Subject"] == d.subject
    assert msg["To"] == "chefin@example.de"
    parts = {
        p.get_content_type(): p for p in msg.walk() if not p.is_multipart() and not p.get_filename()
    }
    plain = parts["text/plain"].get_payload(decode=True).decode("utf-8")
    html = parts["text/html"].get_payload(decode=True).decode("utf-8")
    tile = d.tiles[0]
    assert f"{tile.label}: {tile.value} ({tile.change})" in plain
    assert d.goals[0].text in plain and "K-1" in plain
    heading = {"de": "Kennzahlen", "en": "Key figures"}[lang]
    assert heading in plain and heading in html
    assert f'<html lang="{lang}">' in html and 'href="https://bindung.example/overview"' in html
    (attached,) = [p for p in msg.walk() if p.get_filename()]
    assert attached.get_filename() == "bindung-shop-month-2026-10.html"
    assert attached.get_payload(decode=True) == b"<html>report</html>"
    logged = [json.loads(x) for x in (tmp_path / LOG).read_text(encoding="utf-8").splitlines()]
    assert [(e["channel"], e["ok"], e["period"]) for e in logged] == [("e-mail", True, "2026-10")]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_webhook_messages(
    tmp_path: Path,
    hooks: tuple[str, list[tuple[str, dict[str, Any]]]],
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    base, received = hooks
    for kind in ("slack", "teams", "mattermost"):
        monkeypatch.setenv(f"HOOK_{kind.upper()}", f"{base}/{kind}/secret-token")
    settings = digest_settings(
        {
            "webhooks": [
                {"kind": k, "url_env": f"HOOK_{k.upper()}"}
                for k in ("slack", "teams", "mattermost")
            ]
        }
    )
    d = _digest(lang)
    results = deliver(tmp_path, d, settings)
    assert [(r.channel, r.ok) for r in results] == [
        ("slack", True),
        ("teams", True),
        ("mattermost", True),
    ]
    got = {path.split("/")[1]: body for path, body in received}
    heading = {"de": "Kennzahlen", "en": "Key figures"}[lang]
    assert got["slack"]["text"].startswith(f"*{d.subject}*")
    assert f"*{heading}*" in got["slack"]["text"]
    assert "<https://bindung.example/overview|" in got["slack"]["text"]
    assert f"**{heading}**" in got["mattermost"]["text"]
    assert "](https://bindung.example/overview)" in got["mattermost"]["text"]
    card = got["teams"]["attachments"][0]
    assert got["teams"]["type"] == "message"
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    content = card["content"]
    assert (content["type"], content["version"]) == ("AdaptiveCard", "1.4")
    facts = next(b for b in content["body"] if b["type"] == "FactSet")["facts"]
    tile = d.tiles[0]
    assert facts == [{"title": tile.label, "value": f"{tile.value} ({tile.change})"}]
    assert content["actions"][0]["url"] == "https://bindung.example/overview"


def test_a_failed_send_is_retried_reported_and_logged_without_the_secret(
    tmp_path: Path,
    hooks: tuple[str, list[tuple[str, dict[str, Any]]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base, received = hooks
    secret_url = f"{base}/broken/T000/B000/XXXXSECRET"
    monkeypatch.setenv("HOOK_BROKEN", secret_url)
    monkeypatch.setenv("HOOK_OK", f"{base}/fine/YYYYSECRET")
    settings = digest_settings(
        {
            "webhooks": [
                {"kind": "slack", "url_env": "HOOK_BROKEN"},
                {"kind": "mattermost", "url_env": "HOOK_OK"},
            ]
        }
    )
    waited: list[float] = []
    results = deliver(tmp_path, _digest("en"), settings, sleep=waited.append)
    broken, fine = results
    assert (broken.channel, broken.ok, broken.attempts) == ("slack", False, 3)
    assert broken.error.startswith("HTTP 500")
    assert (fine.ok, fine.attempts) == (True, 1)
    assert waited == list(DELAYS)  # before the second and the third try
    assert [p.split("/")[1] for p, _ in received] == ["broken"] * 3 + ["fine"]
    log = (tmp_path / LOG).read_text(encoding="utf-8")
    assert "SECRET" not in log and "SECRET" not in broken.error
    entries = [json.loads(x) for x in log.splitlines()]
    assert [(e["channel"], e["ok"], e["attempts"]) for e in entries] == [
        ("slack", False, 3),
        ("mattermost", True, 1),
    ]


def test_an_unreachable_smtp_server_is_reported(tmp_path: Path) -> None:
    settings = digest_settings(
        {
            "email_to": ["a@example.de"],
            "email_from": "b@example.de",
            "smtp_host": "127.0.0.1",
            "smtp_port": 9,  # discard: nothing listens
            "smtp_security": "none",
        }
    )
    (r,) = deliver(tmp_path, _digest("de"), settings, attempts=2, sleep=lambda _: None)
    assert (r.channel, r.ok, r.attempts) == ("e-mail", False, 2)
    assert "ConnectionRefusedError" in r.error


def test_html_escapes_what_it_shows() -> None:
    d = _digest("en")
    d.alerts = [Line("<script>alert(1)</script>", "alarm")]
    html = render.html(d)
    assert "<script>" not in html and "&lt;script&gt;" in html
