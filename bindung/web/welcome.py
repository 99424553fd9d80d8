"""The first run: a workspace without orders (and without subscriptions) opens a welcome page
instead of pages full of "not computed" and "import first" messages.

* :class:`Emptiness` says whether the workspace holds no orders and no subscriptions yet; it
  asks the store (read-only) once per modification stamp of the store file, its WAL and
  ``bindung.toml`` (:func:`bindung.answers.access.store_stamp`).
* :func:`welcome_context` is what the welcome page shows: what Bindung needs (the orders export
  at least, every other table optional, one line each), the upload form with the presets of
  :mod:`bindung.ingest.presets` ("detect automatically" by default) and how to try the demo.
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
from bindung.i18n import LANGUAGES, N_, ptr, tr
from bindung.ingest import presets
from bindung.store import connection

#: What each table is, one line each; orders first, the only required one.
TABLES: dict[str, str] = {
    "orders": N_(
        "Orders: one row per order with customer number, date and amount (and the order "
        "number where there is one), e.g. your shop's order export; the presets for Shopify, "
        "WooCommerce and Shopware also recognise customers by their e-mail."
    ),
    "customers": N_("Customers: acquisition channel and cost, segment, country."),
    "returns": N_("Returns: items and amounts."),
    "subscriptions": N_(
        "Subscriptions: start, end and monthly amount (for subscription businesses, instead of "
        "or besides orders)."
    ),
    "survey_responses": N_("Surveys: NPS, CSAT, social media satisfaction."),
    "social_posts": N_("Social media posts."),
    "social_interactions": N_("Interactions with the posts (likes, comments, shares)."),
    "social_mentions": N_("Mentions and messages with reply times."),
    "identities": N_("Which social media handles and e-mails belong to which customer."),
    "complaints": N_("Complaints and how they ended."),
    "costs": N_("Costs of retention and acquisition (for the ROI)."),
    "loyalty_events": N_("Loyalty programme: sign-ups, points, referrals."),
    "assignments": N_("Experiments: which customer got which variant."),
    "campaigns": N_("E-mail campaigns: name, sending time, cost."),
    "campaign_recipients": N_(
        "Recipients of e-mail campaigns (the campaign report of your e-mail tool), with the "
        "holdout group."
    ),
    "goals": N_("Goals per metric and period."),
    "reviews": N_(
        "Reviews on review platforms (Trusted Shops, Google, Trustpilot): stars, text, replies; "
        "with the reviewer's e-mail or order number they are linked to customers."
    ),
}
#: Names of the export's systems as their makers write them.
PRESET_NAMES = {
    "shopify": "Shopify",
    "woocommerce": "WooCommerce",
    "shopware6": "Shopware 6",
    "stripe": "Stripe",
    "cdnow": "CDNOW",
    "mailchimp": "Mailchimp",
    "mailchimp_activity": "Mailchimp",
    "brevo": "Brevo",
    "trustedshops": "Trusted Shops",
    "google_reviews": "Google Business Profile",
    "trustpilot": "Trustpilot",
}


@functools.cache
def preset_choices(lang: str) -> tuple[tuple[str, str], ...]:
    """Every preset: name, and its shown name with the exports it reads in ``lang``."""
    out = []
    for name in presets.names():
        reads = []
        for kind in TABLES:
            try:
                found = presets.load(name, kind)
            except MappingError:
                continue
            # a preset without a label (CDNOW): the table's name
            reads.append(found.label_in(lang) or tr(lang, TABLES[kind]).partition(":")[0])
        out.append((name, f"{PRESET_NAMES.get(name, name)} ({', '.join(reads)})"))
    return tuple(out)


def welcome_context(lang: str) -> dict[str, Any]:
    """The welcome page's own variables (``page.html`` shows them when ``welcome`` is set)."""
    return {
        "tables": [(k, tr(lang, text)) for k, text in TABLES.items()],
        "presets": list(preset_choices(lang)),
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


def _rename(match: re.Match[str], lang: str) -> str:
    column, field = match.group(1), match.group(2).partition(":")[0]
    if column == "COLUMN":
        return tr(lang, 'rename a column to "{field}"', field=field)
    if field == "-":
        return tr(lang, 'delete the column "{column}"', column=column)
    return tr(lang, 'rename the column "{column}" to "{field}"', column=column, field=field)


#: Sentences of the command line's import errors (parts of the messages of
#: :data:`bindung.i18n.MESSAGES`, as the catalogue translates them there) and what they say in
#: the browser.
_PHRASES = (
    # i18n: a part of the message "cannot find the required field(s)", as translated there
    (N_("Name them with --map, e.g.:"), N_("In the file, for example:")),
    # i18n: a part of the message "the columns … all look like …", as translated there
    (N_("Settle it with --map, e.g.:"), N_("In the file, for example:")),
    # i18n: a part of the message "column … looks like …, which the file does not map"
    (N_("Settle it:"), N_("In the file:")),
    # i18n: a part of the message on WooCommerce's Analytics orders report, as translated there
    (N_("name the customer column yourself:"), N_("in the file:")),
    # i18n: a part of the message on WooCommerce's Analytics orders report, as translated there
    (N_("which --preset woocommerce reads"), N_("which Bindung reads with the preset WooCommerce")),
)


def for_browser(message: str, lang: str) -> str:
    """An import's error as a web user can act on it: no command-line options, and what to do
    in the browser instead."""
    text = message
    for said in LANGUAGES:  # the message's own language, whichever the page's is
        for cli, web in _PHRASES:
            text = text.replace(tr(said, cli), tr(said, web))
        # i18n: a part of the message "column … looks like …, which the file does not map"
        cli_or = ptr(said, "command line", "to read it, or")
        # i18n: the same part when the browser says it (the --map option replaced)
        text = text.replace(cli_or, ptr(said, "browser", "to read it, or"))
    text = _MAP_RUN.sub(
        lambda run: (
            ", ".join(_rename(m, lang) for m in _MAP.finditer(run.group(0)))
            + (" " if run.group(0).endswith(" ") else "")
        ),
        text,
    )
    text = re.sub(r"--preset (\w+)", lambda m: tr(lang, "the preset {name}", name=m.group(1)), text)
    text = text.replace("(--map ", "(").replace("--map", "")
    if message != text or "--" in message:
        text = text.rstrip()
        text += "" if text.endswith((".", "!", "?")) else "."
        text += " " + tr(
            lang,
            "In the browser: change the column headers in the file (e.g. in Excel) or "
            "choose the matching preset above, then upload the file again. The column names "
            "Bindung recognises for each table are in the manual (docs/tables.md).",
        )
    return text
