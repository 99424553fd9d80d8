"""Presets: how common exports (Shopify, WooCommerce, Stripe, CDNOW, Mailchimp) map onto the tables.

A preset is a TOML file in ``bindung/ingest/presets/``; per table it may set the reader
``format``, the ``decimal`` separator, a ``dateformat``, the ``timezone`` of its times,
``collapse`` (one order spread over line-item rows), ``keep_status`` (rows whose status column
holds another value are rejected with that reason) and the ``columns`` mapping.

What an export means beyond its columns (docs/imports.md):

* ``detect``: header sets (each a list of column names) that identify the export; a file whose
  header holds every name of one set is read with this preset without ``--preset``, and the
  import says so with ``label`` (in English; :data:`LABELS` marks it for the catalogue, which
  has its German);
* ``refunds``: columns (the first present is used) holding the amount refunded on the order:
  revenue is stored net of it; a refund larger than the amount is a reject;
* ``excluded_when_set``: columns (e.g. Shopify's ``Cancelled at``) whose value, when present,
  means the row is not an order: it is rejected with that reason;
* ``guest_email`` and ``guest_ids``: when the customer column is empty or holds one of
  ``guest_ids`` (WooCommerce writes 0 for guests), the customer is the salted hash of the
  first present ``guest_email`` column;
* ``interval``, ``interval_count``, ``quantity``: subscriptions whose amount is per price
  interval (Stripe): MRR = amount x quantity normalised to one month;
* ``trial_end``: subscriptions (times in UTC, ISO) pay from the end of their trial: that is
  their start; one that ended before its trial did is not a paying subscription (rejected);
* ``keep_status`` may name ``excluded`` values too: then a status that is neither kept nor
  excluded is not known to be an order or not, and the row is a reject naming it;
* ``line_items``: columns (first present) listing an order's lines as ``<quantity>x <product
  id>`` joined by ``|`` (Shopware 6): ``items`` is the sum of the quantities of the lines
  with a product id; a value in another form is a reject;
* ``status_ids``: columns that hold the status only as an id (Shopware's ``order_state_id``):
  when the file has one of them and no readable status column, the import says that
  cancelled orders cannot be told apart (message ``status_only_id``);
* ``notes``: message keys said in every import summary of this export;
* ``lines``: with ``collapse``, the columns of each line item (``sku``, ``name``, ``category``,
  ``quantity``, ``price`` per unit, ``discount``; each a list, the first present is read):
  the import writes them to ``order_lines`` with the orders;
* ``opened_flag``, ``clicked_flag`` (campaign recipients): columns (first present) saying
  *whether* the recipient opened or clicked: yes/no, 1/0 or a count of openings (0 = no).
  A yes without a time in ``opened_at`` / ``clicked_at`` is stored at the sending time (the
  row's ``sent_at``, else the campaign's) and the summary counts such rows (message
  ``flag_time_filled``): the shares opened and clicked are right, the times are not known.
  A no beside a time, or a value that is neither, is a reject naming both;
* ``events`` (campaign recipients): the file is an event log, one row per event (``column``
  the event's name, ``time`` when it happened, ``sent_time`` when the campaign went out; the
  names of ``opened``, ``clicked``, ``sent`` and ``other`` events): each recipient becomes one
  row with the first opening and click (see ``load._pivot_events``); another event name or
  an unreadable time is a reject;
* ``keep_status`` for campaign recipients lists every status the tool writes (a bounced or
  unsubscribed recipient was still sent the campaign and is stored); another status is a
  reject: whether the e-mail went out cannot be decided.

* ``constants`` (reviews): a value for a column the export does not have, the same in every
  row (``platform = "trustpilot"``);
* ``values``: per column, the export's words for its values (Google's ``starRating`` ONE to
  FIVE -> 1 to 5, compared in upper case); a word not listed stays as written and is a reject.

An export of the same system that cannot be read without guessing is declared as
``[[<table>.refused]]`` (``detect``, ``label``, the catalogue ``message`` that says why and
what to export instead, and the ``customer`` column it only has a name in): :func:`refused`
finds it from the header like :func:`detect`, and the import stops with the message unless
``--map``/``--mapping`` names the ``customer_id`` column (the user takes the risk).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from bindung.errors import MappingError
from bindung.i18n import N_, t, tr
from bindung.ingest.mapping import normalise

#: The presets' ``label``s as their TOML files write them (English), marked here for the
#: catalogue: an import names the export in the reader's language (:meth:`TablePreset.label_in`).
LABELS = (
    N_("Shopify order export"),
    N_("Shopify customer export"),
    N_("Shopware 6 order export"),
    N_("Stripe payments export"),
    N_("Stripe subscriptions export"),
    N_("WooCommerce order export"),
    N_("WooCommerce Analytics orders report"),
    N_("Mailchimp campaign reports (API)"),
    N_("Mailchimp campaign recipients (API sent-to)"),
    N_("Mailchimp email activity (API)"),
    N_("Brevo marketing events (webhook fields)"),
    N_("Trustpilot service reviews"),
    N_("Google Business Profile reviews (API)"),
    N_("Trusted Shops reviews (eTrusted API)"),
)


@dataclass(frozen=True)
class TablePreset:
    columns: dict[str, str] = field(default_factory=dict)
    format: str | None = None
    decimal: str | None = None
    dateformat: str | None = None
    timezone: str | None = None
    collapse: bool = False
    keep_status: dict[str, Any] | None = None
    detect: list[list[str]] = field(default_factory=list)
    label: str = ""
    refunds: list[str] = field(default_factory=list)
    excluded_when_set: list[str] = field(default_factory=list)
    guest_email: list[str] = field(default_factory=list)
    guest_ids: list[str] = field(default_factory=list)
    interval: list[str] = field(default_factory=list)
    interval_count: list[str] = field(default_factory=list)
    quantity: list[str] = field(default_factory=list)
    trial_end: list[str] = field(default_factory=list)
    line_items: list[str] = field(default_factory=list)
    status_ids: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lines: dict[str, list[str]] = field(default_factory=dict)
    events: dict[str, Any] = field(default_factory=dict)
    opened_flag: list[str] = field(default_factory=list)
    clicked_flag: list[str] = field(default_factory=list)
    constants: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def label_in(self, lang: str) -> str:
        return tr(lang, self.label) if self.label else ""

    def first_present(self, names: list[str], headers: list[str]) -> int | None:
        """The index in ``headers`` of the first of ``names`` the file has (exactly, else
        by normalised name: ``ID`` for ``id``)."""
        for name in names:
            if name in headers:
                return headers.index(name)
        normalised = [normalise(h) for h in headers]
        for name in names:
            if normalise(name) in normalised:
                return normalised.index(normalise(name))
        return None


def names() -> list[str]:
    folder = resources.files("bindung.ingest") / "presets"
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


def load(name: str, kind: str, lang: str = "en") -> TablePreset:
    """The preset ``name`` for table ``kind``; MappingError for unknown names or tables."""
    if name not in names():
        raise MappingError(t("preset_unknown", lang, preset=name, presets=", ".join(names())))
    text = (resources.files("bindung.ingest") / "presets" / f"{name}.toml").read_text("utf-8")
    data = tomllib.loads(text)
    kinds = [k for k, v in data.items() if isinstance(v, dict)]
    if kind not in kinds:
        raise MappingError(t("preset_kind", lang, preset=name, kinds=", ".join(kinds), kind=kind))
    section = dict(data[kind])
    section.pop("refused", None)
    return TablePreset(columns=section.pop("columns", {}), **section)


@dataclass(frozen=True)
class Refused:
    """An export recognised from its header that is not imported (see the module doc)."""

    preset: str
    message: str
    customer: str
    label: str = ""

    def label_in(self, lang: str) -> str:
        return tr(lang, self.label) if self.label else ""


def refused(kind: str, headers: list[str]) -> Refused | None:
    """The refused export of table ``kind`` whose ``detect`` header set the file holds."""
    present = {normalise(h) for h in headers}
    for name in names():
        text = (resources.files("bindung.ingest") / "presets" / f"{name}.toml").read_text("utf-8")
        section = tomllib.loads(text).get(kind)
        if not isinstance(section, dict):
            continue
        for entry in section.get("refused", []):
            sets = [{normalise(n) for n in names_} for names_ in entry.get("detect", [])]
            if any(wanted and wanted <= present for wanted in sets):
                return Refused(
                    preset=name,
                    message=str(entry["message"]),
                    customer=str(entry.get("customer", "")),
                    label=str(entry.get("label", "")),
                )
    return None


def detect(kind: str, headers: list[str], lang: str = "en") -> tuple[str, TablePreset] | None:
    """The preset whose ``detect`` header set the file's header holds (name and preset)."""
    present = {normalise(h) for h in headers}
    for name in names():
        text = (resources.files("bindung.ingest") / "presets" / f"{name}.toml").read_text("utf-8")
        section = tomllib.loads(text).get(kind)
        if not isinstance(section, dict):
            continue
        sets = [{normalise(n) for n in names_} for names_ in section.get("detect", [])]
        if any(wanted and wanted <= present for wanted in sets):
            return name, load(name, kind, lang)
    return None


def describe(name: str) -> str:
    text = (resources.files("bindung.ingest") / "presets" / f"{name}.toml").read_text("utf-8")
    return str(tomllib.loads(text).get("description", ""))
