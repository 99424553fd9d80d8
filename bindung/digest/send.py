"""Sending a digest: an e-mail over SMTP (plain text and HTML, the report attached) and the
webhook messages, each tried :data:`ATTEMPTS` times; every delivery, sent or failed, is written
to ``digests.log`` in the workspace (one JSON line: time, period, channel, result, attempts,
error), so that a failed send is never silently lost.

Secrets (the SMTP password, webhook URLs) are read when sending (:mod:`bindung.digest_settings`)
and never printed: an error message that would contain one has it replaced by ``***``.
"""

from __future__ import annotations

import json
import smtplib
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

from bindung.digest import render
from bindung.digest.compose import Digest
from bindung.digest_settings import DigestSettings
from bindung.errors import BindungError

#: Tries per channel, and the seconds to wait before the second and third.
ATTEMPTS = 3
DELAYS = (2.0, 10.0)
TIMEOUT = 30.0
LOG = "digests.log"


@dataclass(frozen=True)
class Delivery:
    channel: str
    ok: bool
    attempts: int
    error: str = ""


def message(d: Digest, settings: DigestSettings, report: bytes | None) -> EmailMessage:
    """The e-mail: plain text and HTML alternatives, the HTML report attached."""
    msg = EmailMessage()
    msg["Subject"] = d.subject
    msg["From"] = settings.email_from
    msg["To"] = ", ".join(settings.email_to)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=settings.email_from.rpartition("@")[2] or None)
    msg.set_content(render.text(d))
    msg.add_alternative(render.html(d), subtype="html")
    if report is not None:
        name = f"bindung-{d.workspace}-{d.unit}-{d.period or 'report'}.html"
        msg.add_attachment(report, maintype="text", subtype="html", filename=name)
    return msg


def send_email(msg: EmailMessage, settings: DigestSettings, workspace: Path) -> None:
    password = settings.smtp_password.read(workspace) if settings.smtp_password else ""
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if settings.smtp_security == "ssl":
        smtp = smtplib.SMTP_SSL(
            settings.smtp_host, settings.smtp_port, timeout=TIMEOUT, context=context
        )
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT)
    with smtp:
        if settings.smtp_security == "starttls":
            smtp.starttls(context=context)
        if settings.smtp_user:
            smtp.login(settings.smtp_user, password)
        smtp.send_message(msg)


def post(url: str, payload: dict[str, Any]) -> None:
    """POST ``payload`` as JSON; an answer other than 2xx is an error."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        if not 200 <= response.status < 300:
            raise BindungError(f"HTTP {response.status}")


def _hidden(text: str, secrets: Sequence[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def _describe(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        return f"{type(exc).__name__}: {exc.reason}"
    return f"{type(exc).__name__}: {exc}"


def _try(
    channel: str,
    run: Callable[[], None],
    secrets: Sequence[str],
    attempts: int,
    delays: Sequence[float],
    sleep: Callable[[float], None],
) -> Delivery:
    error = ""
    for attempt in range(1, attempts + 1):
        try:
            run()
            return Delivery(channel, True, attempt)
        except Exception as exc:  # any failure is retried, then reported
            error = _hidden(_describe(exc), secrets)
            if attempt < attempts:
                sleep(delays[min(attempt - 1, len(delays) - 1)] if delays else 0.0)
    return Delivery(channel, False, attempts, error)


def deliver(
    workspace: Path,
    d: Digest,
    settings: DigestSettings,
    report: bytes | None = None,
    *,
    attempts: int = ATTEMPTS,
    delays: Sequence[float] = DELAYS,
    sleep: Callable[[float], None] = time.sleep,
) -> list[Delivery]:
    """Send ``d`` to every channel of ``settings`` (module docstring); one :class:`Delivery`
    per channel, also written to ``workspace/digests.log``."""
    results: list[Delivery] = []
    if settings.email_to:
        secrets: list[str] = []

        def mail() -> None:
            if settings.smtp_password is not None:
                secrets.append(settings.smtp_password.read(workspace))
            send_email(message(d, settings, report), settings, workspace)

        results.append(_try("e-mail", mail, secrets, attempts, delays, sleep))
    for hook in settings.webhooks:
        urls: list[str] = []

        def webhook(hook: Any = hook, urls: list[str] = urls) -> None:
            url = hook.url.read(workspace)
            urls.append(url)
            post(url, render.WEBHOOK_MESSAGES[hook.kind](d))

        results.append(_try(hook.kind, webhook, urls, attempts, delays, sleep))
    log(workspace, d, results)
    return results


def log(workspace: Path, d: Digest, results: Sequence[Delivery]) -> None:
    """Append one JSON line per delivery to ``workspace/digests.log``."""
    at = datetime.now(UTC).replace(microsecond=0).isoformat()
    with (workspace / LOG).open("a", encoding="utf-8") as fh:
        for r in results:
            entry = {"at": at, "unit": d.unit, "period": d.period, "lang": d.lang, **asdict(r)}
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
