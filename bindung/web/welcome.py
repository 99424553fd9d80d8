"""The first run: a workspace without orders (and without subscriptions) opens a welcome page
instead of pages full of "not computed" and "import first" messages.

* :class:`Emptiness` says whether the workspace holds no orders and no subscriptions yet; it
  asks the store (read-only) once per modification stamp of the store file, its WAL and
  ``bindung.toml`` (:func:`bindung.answers.access.store_stamp`).
* :func:`welcome_context` is what the welcome page shows: what Bindung needs (the orders export
  at least, every other table optional, one line each), the upload form with the presets of
  :mod:`bindung.ingest.presets` ("automatisch erkennen" by default) and how to try the demo.
* :func:`for_browser` rewrites an import's error for a web user: the command line's ``--map``
  becomes what to do in the browser (rename the column in the file, choose a preset, upload
  again).

The demo is not loaded from the server: :func:`bindung.demo.build` creates a workspace of its
own (its generated export files included), and filling the user's workspace with an invented
coffee roaster would leave it mixed up with their own data later.  The page shows the two
commands instead.
"""

from __future__ import annotations

import functools
import re
import threading
from pathlib import Path
from typing import Any

from bindung import config
from bindung.answers.access import store_stamp
from bindung.errors import BindungError, MappingError
from bindung.ingest import presets
from bindung.store import connection

#: What each table is, one line each (German, English); orders first, the only required one.
TABLES: dict[str, tuple[str, str]] = {
    "orders": (
        "Bestellungen: eine Zeile je Bestellung mit Kundennummer, Datum und Betrag (die "
        "Bestellnummer, wenn vorhanden), z. B. der Bestellexport Ihres Shops; die Vorlagen für "
        "Shopify, WooCommerce und Shopware erkennen Kunden auch an der E-Mail.",
        "Orders: one row per order with customer number, date and amount (and the order "
        "number where there is one), e.g. your shop's order export; the presets for Shopify, "
        "WooCommerce and Shopware also recognise customers by their e-mail.",
    ),
    "customers": (
        "Kunden: Herkunftskanal, Akquisekosten, Segment, Land.",
        "Customers: acquisition channel and cost, segment, country.",
    ),
    "returns": ("Retouren: zurückgeschickte Artikel und Beträge.", "Returns: items and amounts."),
    "subscriptions": (
        "Abonnements: Beginn, Ende und Monatsbetrag (für Abo-Geschäfte statt oder neben "
        "Bestellungen).",
        "Subscriptions: start, end and monthly amount (for subscription businesses, instead of "
        "or besides orders).",
    ),
    "survey_responses": (
        "Umfragen: NPS, CSAT, Zufriedenheit mit Social Media.",
        "Surveys: NPS, CSAT, social media satisfaction.",
    ),
    "social_posts": ("Social-Media-Beiträge.", "Social media posts."),
    "social_interactions": (
        "Interaktionen mit den Beiträgen (Likes, Kommentare, Shares).",
        "Interactions with the posts (likes, comments, shares).",
    ),
    "social_mentions": (
        "Erwähnungen und Nachrichten mit Antwortzeiten.",
        "Mentions and messages with reply times.",
    ),
    "identities": (
        "Zuordnung von Social-Media-Namen und E-Mails zu Kunden.",
        "Which social media handles and e-mails belong to which customer.",
    ),
    "complaints": ("Beschwerden und wie sie gelöst wurden.", "Complaints and how they ended."),
    "costs": (
        "Kosten für Kundenbindung und Neukundengewinnung (für den ROI).",
        "Costs of retention and acquisition (for the ROI).",
    ),
    "loyalty_events": (
        "Treueprogramm: Anmeldungen, Punkte, Empfehlungen.",
        "Loyalty programme: sign-ups, points, referrals.",
    ),
    "assignments": (
        "Experimente: welche Kunden welche Variante bekamen.",
        "Experiments: which customer got which variant.",
    ),
    "goals": ("Ziele je Kennzahl und Periode.", "Goals per metric and period."),
}
#: Names of the export's systems as their makers write them.
PRESET_NAMES = {
    "shopify": "Shopify",
    "woocommerce": "WooCommerce",
    "shopware6": "Shopware 6",
    "stripe": "Stripe",
    "cdnow": "CDNOW",
}


@functools.cache
def preset_choices() -> tuple[tuple[str, str, str, str], ...]:
    """Every preset: name, shown name, the exports it reads in German and in English."""
    out = []
    for name in presets.names():
        de, en = [], []
        for kind in TABLES:
            try:
                found = presets.load(name, kind)
            except MappingError:
                continue
            # a preset without a label (CDNOW): the table's name
            de.append(found.label.get("de") or TABLES[kind][0].partition(":")[0])
            en.append(found.label.get("en") or TABLES[kind][1].partition(":")[0])
        out.append((name, PRESET_NAMES.get(name, name), ", ".join(de), ", ".join(en)))
    return tuple(out)


def welcome_context(lang: str) -> dict[str, Any]:
    """The welcome page's own variables (``page.html`` shows them when ``welcome`` is set)."""
    de = lang == "de"
    return {
        "tables": [(k, texts[0] if de else texts[1]) for k, texts in TABLES.items()],
        "presets": [
            (name, f"{shown} ({de_text if de else en_text})")
            for name, shown, de_text, en_text in preset_choices()
        ],
    }


class Emptiness:
    """Whether the workspace in ``folder`` has no orders and no subscriptions yet, asked once
    per stamp of the store's files.  A store another engine holds is never called empty."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._known: tuple[Any, bool] | None = None
        self._guard = threading.Lock()

    def cached(self) -> bool | None:
        """The answer for the files as they are now, when known (no database opened)."""
        stamp = store_stamp(self.folder)
        with self._guard:
            if self._known is not None and self._known[0] == stamp:
                return self._known[1]
        return None

    def __call__(self) -> bool:
        stamp = store_stamp(self.folder)
        with self._guard:
            if self._known is not None and self._known[0] == stamp:
                return self._known[1]
        empty = self._ask()
        if empty is None:  # an import writes right now: the last answer, else not empty
            with self._guard:
                return self._known[1] if self._known is not None else False
        with self._guard:
            self._known = (stamp, empty)
        return empty

    def _ask(self) -> bool | None:
        settings = config.load(self.folder)
        if not connection.is_duckdb(settings.store):
            return False
        path = connection.store_path(settings.store, self.folder)
        try:
            con = connection.connect(path, read_only=True, wait=min(connection.busy_wait(), 5.0))
        except BindungError:
            return None
        try:
            row = con.execute(
                "SELECT (SELECT count(*) FROM (SELECT 1 FROM orders LIMIT 1)) "
                "+ (SELECT count(*) FROM (SELECT 1 FROM subscriptions LIMIT 1))"
            ).fetchone()
        except Exception:  # an old or foreign store without these tables: not ours to judge
            return False
        finally:
            con.close()
        return bool(row is not None and row[0] == 0)


_MAP = re.compile(r'--map\s+"([^"=]*)=([^"]*)"')
_MAP_RUN = re.compile(r'(?:--map\s+"[^"=]*=[^"]*"[ \t]*)+')


def _rename(match: re.Match[str], de: bool) -> str:
    column, field = match.group(1), match.group(2).partition(":")[0]
    if column == "COLUMN":
        return f"eine Spalte in „{field}“ umbenennen" if de else f'rename a column to "{field}"'
    if field == "-":
        return f"Spalte „{column}“ löschen" if de else f'delete the column "{column}"'
    return (
        f"Spalte „{column}“ in „{field}“ umbenennen"
        if de
        else f'rename the column "{column}" to "{field}"'
    )


#: Sentences of the command line's import errors and what they say in the browser.
_PHRASES = (
    ("Name them with --map, e.g.:", "In the file, for example:"),
    ("Zuordnen mit --map, z. B.:", "In der Datei zum Beispiel:"),
    ("Settle it with --map, e.g.:", "In the file, for example:"),
    ("Mit --map festlegen, z. B.:", "In der Datei zum Beispiel:"),
    ("Settle it:", "In the file:"),
    ("Festlegen:", "In der Datei:"),
    ("name the customer column yourself:", "in the file:"),
    ("die Kundenspalte selbst zuordnen:", "in der Datei:"),
    ("zum Übernehmen oder", "zum Übernehmen, oder"),
    ("which --preset woocommerce reads", "which Bindung reads with the preset WooCommerce"),
    ("die --preset woocommerce liest", "die Bindung mit der Vorlage WooCommerce liest"),
)


def for_browser(message: str, lang: str) -> str:
    """An import's error as a web user can act on it: no command-line options, and what to do
    in the browser instead."""
    de = lang == "de"
    text = message
    for cli, web in _PHRASES:
        text = text.replace(cli, web)
    text = _MAP_RUN.sub(
        lambda run: (
            ", ".join(_rename(m, de) for m in _MAP.finditer(run.group(0)))
            + (" " if run.group(0).endswith(" ") else "")
        ),
        text,
    )
    text = re.sub(r"--preset (\w+)", r"die Vorlage \1" if de else r"the preset \1", text)
    text = text.replace("(--map ", "(").replace("--map", "")
    if message != text or "--" in message:
        text = text.rstrip()
        text += "" if text.endswith((".", "!", "?")) else "."
        text += (
            " Im Browser: die Spaltenüberschriften in der Datei anpassen (z. B. in Excel) oder "
            "oben die passende Vorlage wählen, dann die Datei erneut hochladen. Die erkannten "
            "Spaltennamen je Tabelle stehen in der Anleitung (docs/tables.md)."
            if de
            else " In the browser: change the column headers in the file (e.g. in Excel) or "
            "choose the matching preset above, then upload the file again. The column names "
            "Bindung recognises for each table are in the manual (docs/tables.md)."
        )
    return text
