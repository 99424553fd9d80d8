"""Map a file's column names onto the fields of a canonical table.

Order of precedence: ``--map "Spalte=field"`` and a TOML mapping file, then a preset, then the
common German and English header names in :data:`SYNONYMS`.  A field mapped with ``:hash``
(``"E-Mail=customer_id:hash"``) stores the salted hash of the value instead of the value.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from bindung.errors import MappingError
from bindung.i18n import t
from bindung.store.schema import Table

# Extra input fields that are not stored as such: an e-mail address becomes a hash (of the
# customer; campaign recipients are then matched to their customer by it, see load.py).
EMAIL_FIELDS = {
    "customers": "email_hash",
    "campaign_recipients": "customer_id",
    "reviews": "email_hash",
}

# What people wrote (complaints, mentions): the free-text column's usual names.
_TEXT: tuple[str, ...] = (
    "text",
    "freitext",
    "nachricht",
    "nachrichtentext",
    "beschreibung",
    "inhalt",
    "kommentar",
    "message",
    "body",
    "content",
    "description",
    "comment",
    "details",
)

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
        "text": (*_TEXT, "post", "beitrag", "caption", "tweet", "mention", "erwaehnungstext"),
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
        "text": (*_TEXT, "beschwerde", "beschwerdetext", "reklamation", "anliegen", "problem"),
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
    "campaigns": {
        "campaign_id": ("campaignid", "kampagnenid", "kampagnennummer", "mailingid", "id"),
        "name": (
            "name",
            "campaignname",
            "kampagnenname",
            "kampagne",
            "campaign",
            "title",
            "titel",
            "subject",
            "betreff",
            "mailingname",
        ),
        "channel": _COMMON["channel"],
        "sent_at": (
            "sentat",
            "sendtime",
            "senddate",
            "sentdate",
            "versendetam",
            "versandam",
            "versanddatum",
            "versand",
            "gesendetam",
            "datum",
            "date",
        ),
        "cost": ("cost", "costs", "kosten", "betrag", "amount"),
    },
    "campaign_recipients": {
        "campaign_id": (
            "campaignid",
            "kampagnenid",
            "kampagne",
            "campaign",
            "mailingid",
            "mailing",
        ),
        "customer_id": _COMMON["customer_id"],
        "email": (
            "email",
            "emailaddress",
            "emailadresse",
            "mail",
            "empfaenger",
            "recipient",
            "contactemail",
        ),
        "variant": ("variant", "variante", "version", "abvariant", "splittestvariante"),
        "holdout": ("holdout", "kontrollgruppe", "controlgroup", "control", "zurueckgehalten"),
        "sent_at": ("sentat", "sendtime", "senddate", "versendetam", "versandam", "zugestelltam"),
        "opened_at": (
            "openedat",
            "opentime",
            "firstopen",
            "firstopened",
            "opened",
            "geoeffnetam",
            "geoeffnet",
            "erstesoeffnen",
            "oeffnungsdatum",
        ),
        "clicked_at": (
            "clickedat",
            "clicktime",
            "firstclick",
            "firstclicked",
            "clicked",
            "geklicktam",
            "geklickt",
            "ersterklick",
            "klickdatum",
        ),
    },
    "reviews": {
        "review_id": ("reviewid", "bewertungsid", "bewertungsnummer", "rezensionsid", "id"),
        "platform": ("platform", "plattform", "portal", "bewertungsportal", "source", "quelle"),
        "rating": (
            "rating",
            "stars",
            "sterne",
            "bewertung",
            "note",
            "starrating",
            "reviewstars",
            "score",
        ),
        "title": ("title", "titel", "ueberschrift", "reviewtitle", "headline"),
        "text": (
            "text",
            "comment",
            "kommentar",
            "reviewtext",
            "bewertungstext",
            "review",
            "inhalt",
        ),
        "reviewed_at": (
            "reviewedat",
            "reviewdate",
            "bewertetam",
            "bewertungsdatum",
            "datum",
            "date",
            "createdat",
            "submittedat",
        ),
        "customer_id": _COMMON["customer_id"],
        "order_reference": (
            "orderreference",
            "ordernumber",
            "orderid",
            "bestellnummer",
            "referenz",
            "reference",
            "referenceid",
        ),
        "email": ("email", "emailaddress", "emailadresse", "mail", "reviewer email"),
        "reply_text": ("reply", "antwort", "replytext", "companyreply", "haendlerantwort"),
        "replied_at": ("repliedat", "replydate", "beantwortetam", "antwortdatum"),
    },
    "contacts": {
        "customer_id": _COMMON["customer_id"],
        "email": ("email", "emailaddress", "mail", "emailadresse", "epost"),
        "first_name": ("firstname", "vorname", "givenname", "forename"),
        "last_name": ("lastname", "nachname", "surname", "familyname", "familienname"),
        "consent": (
            "consent",
            "einwilligung",
            "newsletter",
            "optin",
            "acceptsmarketing",
            "marketingconsent",
            "newsletteranmeldung",
        ),
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

# Known phrasings, compared as sets of words (see ``tokens``): "Datum der Bestellung" is
# {datum, bestellung}, "Anzahl Artikel" {anzahl, artikel}, "Order Total Amount" {order, total,
# amount}.  A header whose words, without NOISE, are one of these sets (or join to one of the
# SYNONYMS) is matched to the field, but only when its values parse as the field.
_P = frozenset
PHRASES: dict[str, dict[str, tuple[frozenset[str], ...]]] = {
    "orders": {
        "order_id": (
            _P({"nummer", "bestellung"}),
            _P({"nr", "bestellung"}),
            _P({"order", "number"}),
            _P({"order", "no"}),
            _P({"order", "id"}),
            _P({"auftrag", "nr"}),
            _P({"auftrag", "nummer"}),
        ),
        "customer_id": (
            _P({"kunden", "nr"}),
            _P({"kunden", "nummer"}),
            _P({"nummer", "kunde"}),
            _P({"nummer", "kunden"}),
            _P({"customer", "number"}),
            _P({"customer", "no"}),
            _P({"client", "id"}),
            _P({"user", "id"}),
        ),
        "ordered_at": (
            _P({"datum", "bestellung"}),
            _P({"bestellung", "datum"}),
            _P({"bestellt"}),
            _P({"datum", "auftrag"}),
            _P({"auftrag", "datum"}),
            _P({"kaufdatum"}),
            _P({"datum", "kauf"}),
            _P({"order", "date"}),
            _P({"date", "order"}),
            _P({"order", "created"}),
            _P({"purchase", "date"}),
            _P({"date", "purchase"}),
            _P({"order", "placed"}),
        ),
        "revenue": (
            _P({"order", "total"}),
            _P({"order", "total", "amount"}),
            _P({"total", "amount"}),
            _P({"order", "amount"}),
            _P({"order", "value"}),
            _P({"grand", "total"}),
            _P({"total", "price"}),
            _P({"bestell", "wert"}),
            _P({"wert", "bestellung"}),
            _P({"gesamt", "betrag"}),
            _P({"betrag", "gesamt"}),
            _P({"rechnungsbetrag"}),
            _P({"summe", "bestellung"}),
            _P({"umsatz", "brutto"}),
        ),
        "items": (
            _P({"anzahl", "artikel"}),
            _P({"artikel", "anzahl"}),
            _P({"artikelanzahl"}),
            _P({"artikelmenge"}),
            _P({"anzahl", "positionen"}),
            _P({"anzahl", "produkte"}),
            _P({"anzahl", "stueck"}),
            _P({"menge", "gesamt"}),
            _P({"number", "items"}),
            _P({"number", "of", "items"}),
            _P({"item", "count"}),
            _P({"items", "count"}),
            _P({"total", "items"}),
            _P({"items", "sold"}),
            _P({"total", "quantity"}),
        ),
        "channel": (
            _P({"sales", "channel"}),
            _P({"order", "source"}),
            _P({"bestellkanal"}),
            _P({"vertriebs", "kanal"}),
        ),
        "currency": (_P({"currency", "code"}), _P({"waehrungscode"}), _P({"order", "currency"})),
    },
}
# Words that say nothing about a column's meaning: articles, prepositions, currency and units.
NOISE = frozenset(
    {
        "der", "die", "das", "des", "den", "dem", "the", "of", "in", "im", "am", "an", "je",
        "per", "pro", "zum", "zur", "eur", "euro", "usd", "chf", "gbp", "utc", "stk", "stck",
        "pcs", "inkl", "incl",
    }
)  # fmt: skip
# Words that make a column *look like* a field with a schema default (items = 1): such a
# column is never left out silently while the default would be filled in.
LOOKS_LIKE: dict[str, frozenset[str]] = {
    "items": frozenset(
        {
            "items", "item", "quantity", "qty", "anzahl", "menge", "stueck", "stueckzahl",
            "artikel", "artikelanzahl", "artikelmenge", "positionen", "pieces", "units",
            "einheiten", "produkte", "products",
        }
    ),
    "priority": frozenset({"priority", "prioritaet", "prio", "rang", "rank"}),
}  # fmt: skip

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e"})
_NON_ALNUM = re.compile(r"[^a-z0-9]")
_WORDS = re.compile(r"[a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def tokens(name: str) -> frozenset[str]:
    """The words of a header without NOISE: ``'Datum der Bestellung'`` → {datum, bestellung},
    ``'Bestellwert (€)'`` → {bestellwert}, ``'orderTotal'`` → {order, total}."""
    text = _CAMEL.sub(" ", name).lower().translate(_UMLAUTS)
    return frozenset(w for w in _WORDS.findall(text) if w not in NOISE)


def phrase_match(table: str, name: str, header: str) -> bool:
    """Whether ``header`` is a known phrasing of field ``name`` (by its words)."""
    words = tokens(header)
    if not words:
        return False
    if words in PHRASES.get(table, {}).get(name, ()):
        return True
    synonyms = {name.replace("_", ""), *SYNONYMS.get(table, {}).get(name, ())}
    # The words in the header's order, joined: "Bestellwert (in EUR)" -> "bestellwert".
    text = _CAMEL.sub(" ", header).lower().translate(_UMLAUTS)
    joined = "".join(w for w in _WORDS.findall(text) if w not in NOISE)
    return joined in synonyms


def looks_like(name: str, header: str) -> bool:
    """Whether ``header`` has a word of field ``name``'s vocabulary (LOOKS_LIKE)."""
    words = LOOKS_LIKE.get(name, frozenset())
    return bool(tokens(header) & words) or normalise(header) in words


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
    ignored: set[int] = field(default_factory=set)  # columns mapped to "-": left out on purpose

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
    probe: Callable[[int, str], bool] | None = None,
) -> Mapping:
    """Decide which file column feeds which field; raise MappingError naming what is missing.

    ``probe(index, field)`` says whether the column's values parse as the field (a sample);
    matches by words and suggestions need it to hold.
    """
    allowed = input_fields(table)
    by_name = {h: i for i, h in enumerate(headers)}
    by_norm: dict[str, int] = {}
    for i, h in enumerate(headers):
        by_norm.setdefault(normalise(h), i)
    mapping = Mapping()

    def assign(column: str, target: str, item: str, strict: bool) -> None:
        name, _, flag = target.partition(":")
        if name == "-":  # "--map 'Zahlungsart=-'": the column is not used, on purpose
            index = by_name.get(column, by_norm.get(normalise(column)))
            if index is None:
                raise MappingError(
                    t(
                        "mapping_unknown_column",
                        lang,
                        item=item,
                        column=column,
                        headers=", ".join(headers),
                    )
                )
            mapping.ignored.add(index)
            return
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
    used = {s.index for s in mapping.fields.values()} | mapping.ignored
    for name in allowed:
        if name in mapping.fields:
            continue
        for synonym in (name.replace("_", ""), *SYNONYMS.get(table.name, {}).get(name, ())):
            index = by_norm.get(synonym)
            if index is not None and index not in used:
                mapping.fields[name] = FieldSource(index, headers[index])
                used.add(index)
                break
    # Known phrasings by their words ("Anzahl Artikel", "Datum der Bestellung"), taken only
    # when the column's values parse as the field; two such columns for one field are a
    # question, not a guess.
    for name in allowed:
        if name in mapping.fields:
            continue
        found = [
            i
            for i, h in enumerate(headers)
            if i not in used
            and phrase_match(table.name, name, h)
            and (probe is None or probe(i, name))
        ]
        if len(found) > 1:
            raise MappingError(
                t(
                    "mapping_ambiguous",
                    lang,
                    file=file,
                    field=name,
                    columns=", ".join(repr(headers[i]) for i in found),
                    example=" ".join(f'--map "{headers[i]}={name}"' for i in found[:1])
                    + " ".join(f' --map "{headers[i]}=-"' for i in found[1:]),
                )
            )
        if found:
            mapping.fields[name] = FieldSource(found[0], headers[found[0]])
            used.add(found[0])
    for source in mapping.fields.values():
        if headers.count(source.column) > 1:  # which of the two is meant cannot be guessed
            raise MappingError(t("header_duplicate", lang, file=file, name=source.column))
    missing = [f for f in table.required if f not in mapping.fields]
    if "email" in mapping.fields:  # the field the address stands in for (EMAIL_FIELDS)
        missing = [f for f in missing if f != EMAIL_FIELDS.get(table.name)]
    if table.derived_key:
        missing = [f for f in missing if f not in table.key]
    if missing and table.name == "orders":
        _refuse_summary_table(headers, file, lang)
    if missing:
        # A column is suggested only when its name is like the field's and its values parse
        # as the field (never a used one): "Name" is no customer id, "Recency" no order date.
        # A typed field (a date, an amount) may also be suggested when exactly one unused
        # column's values parse as it ("Wann" holding dates).
        pairs = []
        for f in missing:
            free = [i for i in range(len(headers)) if i not in used]
            named = [i for i in free if _similar(table.name, f, headers[i])]
            fits = [i for i in named if probe is None or probe(i, f)]
            typed = f in table.column_names and table.column(f).type not in _UNTYPED
            if not fits and typed and probe is not None:
                parsing = [i for i in free if probe(i, f)]
                fits = parsing if len(parsing) == 1 else []
            if fits:
                pairs.append(f'--map "{headers[fits[0]]}={f}"')
                used.add(fits[0])
            else:
                pairs.append(f'--map "COLUMN={f}"')
        example = " ".join(pairs)
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


# Columns of a per-customer summary (RFM, the BG/NBD inputs x, t_x, T), normalised.
SUMMARY_COLUMNS = frozenset(
    {
        "recency", "frequency", "monetary", "monetaryvalue", "tx", "zbar", "rfm", "rfmscore",
        "rezenz", "frequenz", "kaufhaeufigkeit", "monetaererwert", "dayssincelastorder",
        "dayssincelastpurchase", "tageseitletzterbestellung", "tageseitletztemkauf",
        "totalorders", "ordercount", "numberoforders", "anzahlbestellungen", "totalspent",
        "lifetimevalue", "customerlifetimevalue",
    }
)  # fmt: skip


def _refuse_summary_table(headers: list[str], file: str, lang: str) -> None:
    """A file of one row per customer (Recency, Frequency, Monetary; x, t_x, T) is not a
    list of orders: say so instead of suggesting ``Recency=ordered_at``."""
    found = [h for h in headers if normalise(h) in SUMMARY_COLUMNS]
    if len(found) >= 2:
        raise MappingError(t("summary_table", lang, file=file, columns=", ".join(headers)))


_UNTYPED = ("id", "text", "category", "boolean")


def _similar(table: str, name: str, header: str) -> bool:
    """Whether a header is named like field ``name``: a known phrasing, one of its words, or
    a synonym inside the header's name ("Kundennummer intern")."""
    if phrase_match(table, name, header):
        return True
    synonyms = {name.replace("_", ""), *SYNONYMS.get(table, {}).get(name, ())}
    words = (
        set().union(*PHRASES.get(table, {}).get(name, ()))
        | synonyms
        | LOOKS_LIKE.get(name, frozenset())
    )
    norm = normalise(header)
    return bool(tokens(header) & words) or any(len(s) >= 5 and s in norm for s in synonyms)


def value_probe(con: duckdb.DuckDBPyConnection, table: Table) -> Callable[[int, str], bool]:
    """``probe(index, field)``: every non-empty value of column ``index`` among the staged
    rows' first 1,000 parses as ``field`` (numbers, whole numbers, dates; text always)."""
    from bindung.ingest import parse

    cache: dict[tuple[int, str], bool] = {}

    def probe(index: int, name: str) -> bool:
        if (index, name) in cache:
            return cache[(index, name)]
        kind = table.column(name).type if name in table.column_names else "text"
        x = "x"
        if kind == "integer":
            ok = f"regexp_full_match({x}, '[+-]?[0-9]{{1,18}}')"
        elif kind in ("money", "number"):
            n = parse.number_text(x)
            ok = f"regexp_full_match({n}, '[-+]?([0-9]+[.,]?)+[0-9]*')"
        elif kind in ("timestamp", "date"):
            local, offset = parse.local_timestamp(x), parse.offset_timestamp(x)
            ok = f"({local} IS NOT NULL OR {offset} IS NOT NULL)"
        else:
            cache[(index, name)] = True
            return True
        row = con.execute(
            f"SELECT count(x), count(*) FILTER (WHERE {ok}) FROM "
            f"(SELECT {parse.clean_text(f'f{index}')} AS x FROM __stage LIMIT 1000)"
        ).fetchone()
        result = bool(row and row[0] and row[0] == row[1])
        cache[(index, name)] = result
        return result

    return probe
