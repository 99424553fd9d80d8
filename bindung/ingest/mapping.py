"""Map a file's column names onto the fields of a canonical table.

Order of precedence: ``--map "Spalte=field"`` and a TOML mapping file, then a preset, then the
common German and English header names in :data:`SYNONYMS`.  A field mapped with ``:hash``
(``"E-Mail=customer_id:hash"``) stores the salted hash of the value instead of the value.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from bindung.errors import MappingError
from bindung.i18n import t
from bindung.store.schema import Table

# Extra input fields that are not stored as such: an e-mail address becomes a hash.
EMAIL_FIELDS = {"customers": "email_hash"}

# Normalised header names (see ``normalise``) per table field.  Shared names first.
_COMMON: dict[str, tuple[str, ...]] = {
    "customer_id": (
        "customerid",
        "customer",
        "kundennummer",
        "kundennr",
        "kundenid",
        "kunde",
        "kdnr",
        "clientid",
        "userid",
        "customernumber",
        "customerno",
        "kundenkonto",
        "debitor",
        "debitorennummer",
    ),
    "order_id": (
        "orderid",
        "ordernumber",
        "orderno",
        "order",
        "bestellnummer",
        "bestellnr",
        "bestellid",
        "auftragsnummer",
        "auftragsnr",
        "belegnummer",
        "rechnungsnummer",
    ),
    "channel": ("channel", "kanal", "vertriebskanal", "saleschannel", "source", "quelle"),
    "platform": ("platform", "plattform", "network", "netzwerk", "socialnetwork"),
    "at": (
        "at",
        "date",
        "datum",
        "time",
        "zeit",
        "timestamp",
        "zeitpunkt",
        "createdat",
        "erstelltam",
    ),
    "items": (
        "items",
        "quantity",
        "qty",
        "anzahl",
        "menge",
        "stueck",
        "stueckzahl",
        "artikel",
        "numberofitems",
        "itemcount",
    ),
    "amount": ("amount", "betrag", "summe", "wert", "value"),
    "post_id": ("postid", "post", "beitragsid", "beitrag", "beitragsnummer"),
    "first_reply_at": (
        "firstreplyat",
        "firstresponseat",
        "ersteantwort",
        "antwortam",
        "repliedat",
        "beantwortetam",
    ),
    "resolved_at": ("resolvedat", "geloestam", "erledigtam", "closedat", "geschlossenam"),
}

SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "customers": {
        "customer_id": _COMMON["customer_id"],
        "first_seen": (
            "firstseen",
            "firstorder",
            "erstkauf",
            "kundeseit",
            "customersince",
            "registriertam",
            "registeredat",
            "createdat",
            "angelegtam",
            "signupdate",
        ),
        "acquisition_channel": (
            "acquisitionchannel",
            "akquisekanal",
            "gewinnungskanal",
            "channel",
            "kanal",
            "source",
            "quelle",
            "herkunft",
        ),
        "acquisition_cost": ("acquisitioncost", "akquisekosten", "gewinnungskosten", "cac"),
        "segment": ("segment", "kundensegment", "kundengruppe", "customergroup", "tier"),
        "country": ("country", "land", "countrycode", "laendercode"),
        "email": ("email", "emailaddress", "mail", "emailadresse"),
    },
    "orders": {
        "order_id": _COMMON["order_id"],
        "customer_id": _COMMON["customer_id"],
        "ordered_at": (
            "orderdate",
            "orderedat",
            "bestelldatum",
            "datum",
            "date",
            "createdat",
            "auftragsdatum",
            "belegdatum",
            "rechnungsdatum",
            "zeitpunkt",
            "orderedon",
        ),
        "revenue": (
            "revenue",
            "total",
            "ordertotal",
            "bestellwert",
            "umsatz",
            "betrag",
            "amount",
            "gesamtbetrag",
            "summe",
            "brutto",
            "bruttobetrag",
            "gesamtsumme",
            "value",
            "ordervalue",
            "netsales",
            "nettoumsatz",
            "totalprice",
        ),
        "items": _COMMON["items"],
        "channel": _COMMON["channel"],
        "currency": ("currency", "waehrung", "curr"),
    },
    "returns": {
        "return_id": (
            "returnid",
            "return",
            "retourennummer",
            "retoureid",
            "retourennr",
            "ruecksendenummer",
            "rmanumber",
            "rma",
        ),
        "order_id": _COMMON["order_id"],
        "customer_id": _COMMON["customer_id"],
        "returned_at": (
            "returnedat",
            "returndate",
            "retourendatum",
            "ruecksendedatum",
            "datum",
            "date",
        ),
        "items": _COMMON["items"],
        "amount": (
            "amount",
            "refund",
            "refundamount",
            "erstattung",
            "erstattungsbetrag",
            "betrag",
            "gutschrift",
            "value",
        ),
    },
    "subscriptions": {
        "subscription_id": (
            "subscriptionid",
            "subscription",
            "aboid",
            "abonummer",
            "abo",
            "vertragsnummer",
            "vertragsid",
            "contractid",
        ),
        "customer_id": _COMMON["customer_id"],
        "plan": ("plan", "tarif", "paket", "produkt", "product", "planname"),
        "started_at": (
            "startedat",
            "start",
            "startdate",
            "beginn",
            "startdatum",
            "vertragsbeginn",
            "abobeginn",
            "von",
        ),
        "ended_at": (
            "endedat",
            "end",
            "enddate",
            "ende",
            "enddatum",
            "vertragsende",
            "gekuendigtzum",
            "canceledat",
            "cancelledat",
            "bis",
            "kuendigung",
        ),
        "mrr": (
            "mrr",
            "monthlyrevenue",
            "monatsumsatz",
            "monatlicherumsatz",
            "monatsbeitrag",
            "monthlyfee",
            "price",
            "preis",
            "betragmonatlich",
        ),
    },
    "survey_responses": {
        "response_id": ("responseid", "response", "antwortid", "antwortnummer", "id"),
        "customer_id": _COMMON["customer_id"],
        "responded_at": (
            "respondedat",
            "responsedate",
            "datum",
            "date",
            "antwortdatum",
            "submittedat",
            "zeitpunkt",
            "timestamp",
        ),
        "survey": ("survey", "umfrage", "surveytype", "umfragetyp", "typ", "type", "frage"),
        "score": ("score", "wert", "bewertung", "rating", "punkte", "note", "value"),
        "channel": _COMMON["channel"],
        "comment": ("comment", "kommentar", "anmerkung", "feedback", "text", "freitext"),
    },
    "social_posts": {
        "post_id": _COMMON["post_id"] + ("id",),
        "platform": _COMMON["platform"],
        "published_at": (
            "publishedat",
            "published",
            "veroeffentlicht",
            "veroeffentlichtam",
            "datum",
            "date",
            "postedat",
            "createdat",
        ),
        "kind": ("kind", "type", "typ", "art", "format", "posttype", "beitragstyp"),
    },
    "social_interactions": {
        "interaction_id": ("interactionid", "interaktionsid", "interaktion", "id"),
        "post_id": _COMMON["post_id"],
        "platform": _COMMON["platform"],
        "actor": (
            "actor",
            "handle",
            "user",
            "username",
            "nutzer",
            "nutzername",
            "account",
            "profil",
            "profile",
            "author",
            "autor",
        ),
        "customer_id": _COMMON["customer_id"],
        "kind": (
            "kind",
            "type",
            "typ",
            "art",
            "interactiontype",
            "interaktionstyp",
            "action",
            "aktion",
        ),
        "at": _COMMON["at"],
    },
    "social_mentions": {
        "mention_id": (
            "mentionid",
            "erwaehnungsid",
            "erwaehnung",
            "mention",
            "id",
            "messageid",
            "nachrichtenid",
        ),
        "platform": _COMMON["platform"],
        "at": _COMMON["at"] + ("postedat", "publishedat"),
        "author": ("author", "autor", "handle", "user", "username", "nutzer", "nutzername"),
        "customer_id": _COMMON["customer_id"],
        "sentiment": ("sentiment", "stimmung", "tonalitaet", "tonality", "polarity"),
        "needs_reply": (
            "needsreply",
            "antworterforderlich",
            "antwortnoetig",
            "requiresreply",
            "actionable",
        ),
        "first_reply_at": _COMMON["first_reply_at"],
        "resolved_at": _COMMON["resolved_at"],
    },
    "identities": {
        "platform": _COMMON["platform"],
        "handle": (
            "handle",
            "username",
            "nutzername",
            "account",
            "profil",
            "profile",
            "email",
            "emailaddress",
            "user",
        ),
        "customer_id": _COMMON["customer_id"],
    },
    "complaints": {
        "complaint_id": (
            "complaintid",
            "complaint",
            "beschwerdeid",
            "beschwerdenummer",
            "reklamationsnummer",
            "ticketid",
            "ticket",
            "ticketnummer",
            "fallnummer",
            "caseid",
        ),
        "customer_id": _COMMON["customer_id"],
        "channel": _COMMON["channel"],
        "opened_at": (
            "openedat",
            "opened",
            "eroeffnetam",
            "eingangsdatum",
            "eingang",
            "datum",
            "date",
            "createdat",
            "erstelltam",
        ),
        "first_reply_at": _COMMON["first_reply_at"],
        "resolved_at": _COMMON["resolved_at"],
        "outcome": ("outcome", "ergebnis", "status", "loesung", "resolution"),
        "compensation": (
            "compensation",
            "kompensation",
            "entschaedigung",
            "gutschrift",
            "kulanz",
            "erstattung",
        ),
    },
    "costs": {
        "cost_id": ("costid", "kostenid", "kostennummer", "buchungsnummer", "id"),
        "period_start": (
            "periodstart",
            "start",
            "von",
            "beginn",
            "from",
            "startdatum",
            "zeitraumvon",
        ),
        "period_end": ("periodend", "end", "bis", "ende", "to", "enddatum", "zeitraumbis"),
        "channel": _COMMON["channel"],
        "purpose": ("purpose", "zweck", "ziel", "kostenart", "art", "type", "typ"),
        "program": ("program", "programm", "massnahme", "kampagne", "campaign", "measure"),
        "amount": (
            "amount",
            "betrag",
            "kosten",
            "cost",
            "costs",
            "summe",
            "budget",
            "ausgaben",
            "spend",
        ),
    },
    "loyalty_events": {
        "event_id": ("eventid", "ereignisid", "id", "buchungsnummer", "transaktionsid"),
        "customer_id": _COMMON["customer_id"],
        "at": _COMMON["at"],
        "program": ("program", "programm", "bonusprogramm", "loyaltyprogram"),
        "kind": ("kind", "type", "typ", "art", "ereignis", "event", "aktion"),
        "points": ("points", "punkte", "bonuspunkte", "meilen"),
        "referred_customer_id": (
            "referredcustomerid",
            "referredcustomer",
            "geworbenerkunde",
            "geworbenekundennummer",
            "referee",
        ),
    },
    "assignments": {
        "experiment": ("experiment", "test", "abtest", "versuch", "testname"),
        "customer_id": _COMMON["customer_id"],
        "variant": ("variant", "variante", "gruppe", "group", "arm", "treatment"),
        "assigned_at": ("assignedat", "zugeordnetam", "datum", "date", "start"),
    },
    "goals": {
        "metric": ("metric", "metrik", "kennzahl", "kpi"),
        "period": (
            "period",
            "periode",
            "zeitraum",
            "quartal",
            "quarter",
            "monat",
            "month",
            "jahr",
            "year",
        ),
        "target": ("target", "ziel", "zielwert", "soll", "goal"),
        "priority": ("priority", "prioritaet", "prio", "rang", "rank"),
    },
}

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e"})
_NON_ALNUM = re.compile(r"[^a-z0-9]")


def normalise(name: str) -> str:
    """``'Bestell-Datum (UTC)'`` → ``'bestelldatumutc'``; ``'Kundennr.'`` → ``'kundennr'``."""
    return _NON_ALNUM.sub("", name.lower().translate(_UMLAUTS))


@dataclass(frozen=True)
class FieldSource:
    """Where a field comes from: a file column (index and name), maybe hashed."""

    index: int
    column: str
    hashed: bool = False


@dataclass
class Mapping:
    fields: dict[str, FieldSource] = field(default_factory=dict)

    def describe(self) -> dict[str, str]:
        return {f: s.column + (" (hash)" if s.hashed else "") for f, s in self.fields.items()}


def input_fields(table: Table) -> tuple[str, ...]:
    """Fields a file can provide: the table's columns plus input-only ones (``email``)."""
    extra = ("email",) if table.name in EMAIL_FIELDS else ()
    return table.column_names + extra


def parse_map_items(items: list[str], lang: str = "en") -> dict[str, str]:
    """``["Spalte=field", ...]`` → ``{"Spalte": "field"}``."""
    out = {}
    for item in items:
        column, sep, target = item.partition("=")
        if not sep or not column.strip() or not target.strip():
            raise MappingError(t("mapping_syntax", lang, item=item))
        out[column.strip()] = target.strip()
    return out


def load_mapping_file(path: Path) -> dict[str, str]:
    """A TOML file with ``[columns]`` ``"Spalte" = "field"`` (or the pairs at top level)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    columns = data.get("columns", data)
    return {str(k): str(v) for k, v in columns.items() if isinstance(v, str)}


def resolve(
    table: Table,
    headers: list[str],
    explicit: dict[str, str],
    preset: dict[str, str],
    *,
    file: str,
    lang: str = "en",
) -> Mapping:
    """Decide which file column feeds which field; raise MappingError naming what is missing."""
    allowed = input_fields(table)
    by_name = {h: i for i, h in enumerate(headers)}
    by_norm: dict[str, int] = {}
    for i, h in enumerate(headers):
        by_norm.setdefault(normalise(h), i)
    mapping = Mapping()

    def assign(column: str, target: str, item: str, strict: bool) -> None:
        name, _, flag = target.partition(":")
        if name not in allowed:
            raise MappingError(
                t(
                    "mapping_unknown_field",
                    lang,
                    item=item,
                    kind=table.name,
                    field=name,
                    fields=", ".join(allowed),
                )
            )
        index = by_name.get(column, by_norm.get(normalise(column)))
        if index is None:
            if strict:
                raise MappingError(
                    t(
                        "mapping_unknown_column",
                        lang,
                        item=item,
                        column=column,
                        headers=", ".join(headers),
                    )
                )
            return
        mapping.fields[name] = FieldSource(index, headers[index], hashed=flag == "hash")

    for column, target in explicit.items():
        assign(column, target, f"{column}={target}", strict=True)
    for column, target in preset.items():
        if target.partition(":")[0] not in mapping.fields:
            assign(column, target, f"{column}={target}", strict=False)
    used = {s.index for s in mapping.fields.values()}
    for name in allowed:
        if name in mapping.fields:
            continue
        for synonym in (name.replace("_", ""), *SYNONYMS.get(table.name, {}).get(name, ())):
            index = by_norm.get(synonym)
            if index is not None and index not in used:
                mapping.fields[name] = FieldSource(index, headers[index])
                used.add(index)
                break
    for source in mapping.fields.values():
        if headers.count(source.column) > 1:  # which of the two is meant cannot be guessed
            raise MappingError(t("header_duplicate", lang, file=file, name=source.column))
    missing = [f for f in table.required if f not in mapping.fields]
    if table.derived_key:
        missing = [f for f in missing if f not in table.key]
    if missing:
        unused = [h for i, h in enumerate(headers) if i not in used]  # never suggest a used one
        example = " ".join(f'--map "{col}={f}"' for col, f in zip(unused, missing, strict=False))
        raise MappingError(
            t(
                "mapping_missing",
                lang,
                file=file,
                missing=", ".join(missing),
                kind=table.name,
                headers=", ".join(headers),
                example=example or f'--map "COLUMN={missing[0]}"',
            )
        )
    return mapping
