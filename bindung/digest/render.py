"""A digest as plain text, as HTML (an e-mail with inline styles: mail programs drop style
sheets) and as the messages of incoming webhooks:

* Slack: ``{"text": …}`` with Slack's *mrkdwn* (``*bold*``, ``<url|text>``; Slack API,
  "Sending messages using incoming webhooks");
* Mattermost: ``{"text": …}`` with Markdown (Mattermost, "Incoming webhooks");
* Microsoft Teams (a workflow's "When a Teams webhook request is received"): a ``message`` with
  one Adaptive Card attachment (``application/vnd.microsoft.card.adaptive``, card version 1.4:
  text blocks and a fact set).
"""

from __future__ import annotations

from html import escape
from typing import Any

from bindung.digest.compose import Digest
from bindung.i18n import tr

LEVEL_COLOUR = {"good": "#1b7f3b", "warning": "#b25e00", "alarm": "#b00020", "info": "#333333"}


def _headings(lang: str) -> dict[str, str]:
    return {
        "tiles": tr(lang, "Key figures"),
        "movers": tr(lang, "What changed most"),
        "goals": tr(lang, "Goals"),
        "alerts": tr(lang, "Alerts"),
        "at_risk": tr(lang, "Most valuable customers at risk"),
        "next_euro": tr(lang, "Where the next euro goes"),
        "missing": tr(lang, "Not computed yet (run bindung refresh)"),
        "dashboard": tr(lang, "Open the dashboard"),
        "none": tr(lang, "none"),
    }


def _risk_line(r: dict[str, str], lang: str) -> str:
    return tr(
        lang,
        "{customer} ({segment}): {at_risk} at risk, CLV {clv}, P(alive) {p_alive}",
        **r,
    )


def _tile_line(t: Any) -> str:
    status = f" · {t.status}" if t.status else ""
    return f"{t.label}: {t.value} ({t.change}){status}"


def _blocks(d: Digest) -> list[tuple[str, list[tuple[str, str]], bool]]:
    """The digest after its key figures, in order: heading, items (text, level), and whether
    the block is shown when it is empty (saying "none")."""
    h = _headings(d.lang)
    blocks = [
        (h["movers"], [(m.text, m.level) for m in d.movers], True),
        (h["goals"], [(g.text, g.level) for g in d.goals], True),
        (h["alerts"], [(a.text, a.level) for a in d.alerts], True),
        (h["at_risk"], [(_risk_line(r, d.lang), "info") for r in d.at_risk], True),
    ]
    if d.next_euro is not None:
        blocks.append((h["next_euro"], [(d.next_euro.text, d.next_euro.level)], False))
    blocks.append((h["missing"], [(m, "warning") for m in d.missing], False))
    return blocks


def text(d: Digest) -> str:
    """The plain-text part of the e-mail (and what ``bindung digest`` prints)."""
    h = _headings(d.lang)
    lines = [d.subject, "=" * len(d.subject), ""]

    def block(title: str, items: list[str]) -> None:
        lines.append(title)
        lines.extend(f"  - {i}" for i in items) if items else lines.append(f"  {h['none']}")
        lines.append("")

    block(h["tiles"], [_tile_line(t) for t in d.tiles])
    for title, items, always in _blocks(d):
        if items or always:
            block(title, [item for item, _ in items])
    if d.dashboard_url:
        lines.append(f"{h['dashboard']}: {d.dashboard_url}")
    return "\n".join(lines).rstrip() + "\n"


def html(d: Digest) -> str:
    """The HTML part of the e-mail: tiles as a table, the rest as lists, inline styles."""
    h = _headings(d.lang)
    font = "font-family:Arial,Helvetica,sans-serif;color:#222"
    parts = [
        f'<html lang="{d.lang}"><body style="{font}">',
        f'<h1 style="font-size:20px">{escape(d.subject)}</h1>',
    ]
    if d.tiles:
        parts.append(f'<h2 style="font-size:16px">{escape(h["tiles"])}</h2>')
        parts.append('<table style="border-collapse:collapse">')
        for t in d.tiles:
            colour = (
                LEVEL_COLOUR["info"]
                if t.good is None
                else LEVEL_COLOUR["good" if t.good else "alarm"]
            )
            cell = 'style="padding:4px 12px 4px 0;border-bottom:1px solid #ddd"'
            parts.append(
                f"<tr><td {cell}>{escape(t.label)}</td>"
                f"<td {cell}><b>{escape(t.value)}</b></td>"
                f'<td {cell}><span style="color:{colour}">{escape(t.change)}</span></td>'
                f"<td {cell}>{escape(t.status)}</td></tr>"
            )
        parts.append("</table>")

    def block(title: str, items: list[tuple[str, str]]) -> None:
        parts.append(f'<h2 style="font-size:16px">{escape(title)}</h2><ul>')
        if not items:
            parts.append(f"<li>{escape(h['none'])}</li>")
        for item, level in items:
            colour = LEVEL_COLOUR.get(level, LEVEL_COLOUR["info"])
            parts.append(f'<li style="color:{colour}">{escape(item)}</li>')
        parts.append("</ul>")

    for title, items, always in _blocks(d):
        if items or always:
            block(title, items)
    if d.dashboard_url:
        url = escape(d.dashboard_url, quote=True)
        parts.append(f'<p><a href="{url}">{escape(h["dashboard"])}</a></p>')
    parts.append("</body></html>")
    return "\n".join(parts)


def _markdown(d: Digest, bold: str, link: str) -> str:
    """Markdown-like text: ``bold`` wraps a heading (``*`` for Slack, ``**`` for Mattermost);
    ``link`` formats the dashboard link from ``url`` and ``text``."""
    h = _headings(d.lang)
    lines = [f"{bold}{d.subject}{bold}"]

    def block(title: str, items: list[str]) -> None:
        if items:
            lines.append(f"{bold}{title}{bold}")
            lines.extend(f"• {i}" for i in items)

    block(h["tiles"], [_tile_line(t) for t in d.tiles])
    for title, items, _ in _blocks(d):
        block(title, [item for item, _ in items])
    if d.dashboard_url:
        lines.append(link.format(url=d.dashboard_url, text=h["dashboard"]))
    return "\n".join(lines)


def slack(d: Digest) -> dict[str, Any]:
    return {"text": _markdown(d, "*", "<{url}|{text}>")}


def mattermost(d: Digest) -> dict[str, Any]:
    return {"text": _markdown(d, "**", "[{text}]({url})")}


def teams(d: Digest) -> dict[str, Any]:
    h = _headings(d.lang)
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": d.subject, "size": "Large", "weight": "Bolder", "wrap": True}
    ]
    if d.tiles:
        body.append({"type": "TextBlock", "text": h["tiles"], "weight": "Bolder"})
        body.append(
            {
                "type": "FactSet",
                "facts": [{"title": t.label, "value": f"{t.value} ({t.change})"} for t in d.tiles],
            }
        )

    def block(title: str, items: list[str]) -> None:
        if items:
            body.append({"type": "TextBlock", "text": title, "weight": "Bolder", "wrap": True})
            body.append(
                {"type": "TextBlock", "text": "\n".join(f"- {i}" for i in items), "wrap": True}
            )

    for title, items, _ in _blocks(d):
        block(title, [item for item, _ in items])
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    }
    if d.dashboard_url:
        card["actions"] = [
            {"type": "Action.OpenUrl", "title": h["dashboard"], "url": d.dashboard_url}
        ]
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": card,
            }
        ],
    }


WEBHOOK_MESSAGES = {"slack": slack, "mattermost": mattermost, "teams": teams}
