"""What the JSON API offers (``GET /api``) and the query values it accepts.

* :func:`index` lists every registered answer (:mod:`bindung.answers.registry`) with its key,
  German and English title, its parameters and stored variants and the address to read it,
  and the page endpoints; titles in the reader's language besides both.
* Query values accept what the pages show: a segment by its key or its label in either
  language (the value page shows "Gefährdet", the key is ``at_risk``), a period by its key or
  its German name (the period box shows "Quartal").  :data:`SegmentName` and
  :data:`PeriodName` declare them for FastAPI, so the OpenAPI schema lists them and an unknown
  value is a 422 naming every accepted one; :func:`segment_key` and :func:`period_key` turn
  what was given into the key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlencode

from bindung import answers
from bindung.answers.store import AnswerStore
from bindung.insights.segments import SEGMENTS
from bindung.report import pages as pages_mod

PERIODS: dict[str, tuple[str, str]] = {
    "week": ("Woche", "week"),
    "month": ("Monat", "month"),
    "quarter": ("Quartal", "quarter"),
    "year": ("Jahr", "year"),
}
#: every accepted spelling of a segment -> its key (key, German and English label)
SEGMENT_NAMES: dict[str, str] = {}
for _s in SEGMENTS:
    SEGMENT_NAMES.setdefault(_s.key, _s.key)
    SEGMENT_NAMES.setdefault(_s.label_de, _s.key)
    SEGMENT_NAMES.setdefault(_s.label_en, _s.key)
#: every accepted spelling of a period -> its key (key and German name)
PERIOD_NAMES: dict[str, str] = {k: k for k in PERIODS} | {de: k for k, (de, _) in PERIODS.items()}

if TYPE_CHECKING:
    SegmentName = str
    PeriodName = str
else:
    # Literal[("a", "b")] is Literal["a", "b"]: the schema's enum, pydantic's check and its
    # 422 message ("Input should be 'champions', 'Champions', ...") come from these values.
    SegmentName = Literal[tuple(SEGMENT_NAMES)]
    PeriodName = Literal[tuple(PERIOD_NAMES)]

SEGMENT_HELP = (
    "Only this segment: its key or its label as the value page shows it, in German or "
    "English (`at_risk`, `Gefährdet`, `At risk`)."
)
PERIOD_HELP = "Calendar period: week, month, quarter, year (or Woche, Monat, Quartal, Jahr)."


def segment_key(value: str | None) -> str | None:
    """The segment key of a key or label (None and "" stay None)."""
    if not value:
        return None
    return SEGMENT_NAMES[value]


def period_key(value: str | None) -> str | None:
    """The period key of a key or German name (None stays None)."""
    if value is None:
        return None
    return PERIOD_NAMES[value]


def answer_url(key: str, params: dict[str, Any]) -> str:
    query = urlencode({k: v for k, v in params.items() if v is not None and k != "lang"})
    return f"/api/answers/{key}" + (f"?{query}" if query else "")


def _values(name: str, values: list[Any]) -> dict[str, Any]:
    """A parameter with its values (and their labels where the pages show labels)."""
    out: dict[str, Any] = {"name": name, "values": values}
    if name == "segment":
        labels = {s.key: {"de": s.label_de, "en": s.label_en} for s in SEGMENTS}
        out["labels"] = {v: labels[v] for v in values if v in labels}
    elif name == "period":
        out["labels"] = {v: {"de": PERIODS[v][0], "en": v} for v in values if v in PERIODS}
    elif name == "lang":
        out["labels"] = {
            "de": {"de": "Deutsch", "en": "German"},
            "en": {"de": "Englisch", "en": "English"},
        }
    return out


def _variants(spec: answers.Spec, store: AnswerStore) -> list[dict[str, Any]]:
    """The variants ``bindung refresh`` stores of ``spec``, without the language."""
    try:
        found = spec.variants(None)
    except Exception:  # the variants depend on the data (experiments): the stored ones
        found = []
        for entry in store.entries():
            if entry.get("key") == spec.key:
                params = {k: v for k, v in entry.get("params", {}).items() if k != "lang"}
                if params not in found:
                    found.append(params)
    return [dict(v) for v in found]


def index(lang: str, store: AnswerStore) -> dict[str, Any]:
    """The body of ``GET /api``: every registered answer and every page endpoint."""
    listed = []
    for spec in answers.all_specs():
        variants = _variants(spec, store)
        names: dict[str, list[Any]] = {}
        for v in variants:
            for name, value in v.items():
                seen = names.setdefault(name, [])
                if value not in seen:
                    seen.append(value)
        parameters = [_values(n, vs) for n, vs in names.items()]
        if spec.per_language:
            parameters.append(_values("lang", ["de", "en"]))
        listed.append(
            {
                "key": spec.key,
                "title": spec.title(lang),
                "titles": {"de": spec.title_de, "en": spec.title_en},
                "description": spec.doc,
                "url": f"/api/answers/{spec.key}",
                "per_language": spec.per_language,
                "variants_text": (spec.variants.__doc__ or "").strip(),
                "parameters": parameters,
                "variants": [{"params": v, "url": answer_url(spec.key, v)} for v in variants],
            }
        )
    page_params = [_values("period", list(PERIODS)), _values("lang", ["de", "en"])]
    shown = []
    for key, (title_de, title_en) in pages_mod.PAGES.items():
        params = page_params + (
            [_values("segment", [s.key for s in SEGMENTS])] if key == "value" else []
        )
        shown.append(
            {
                "key": key,
                "title": title_de if lang == "de" else title_en,
                "titles": {"de": title_de, "en": title_en},
                "url": f"/api/pages/{key}",
                "html": f"/{key}",
                "parameters": params,
            }
        )
    de = lang == "de"
    return {
        "lang": lang,
        "title": "Bindung: JSON-Schnittstelle" if de else "Bindung: JSON API",
        "docs": "/docs",
        "openapi": "/openapi.json",
        "answers": listed,
        "pages": shown,
        "endpoints": [
            {
                "url": "/api/answers",
                "text": "die gespeicherten Antworten mit Zeitpunkt und Datenstand"
                if de
                else "the stored answers, when and on which data version computed",
            },
            {
                "url": "/api/status",
                "text": "Stand der Antworten und ob gerade neu berechnet wird"
                if de
                else "when the answers were computed and whether a refresh runs",
            },
            {
                "url": "/api/customers/{customer_id}/orders",
                "text": "die Bestellungen eines Kunden" if de else "one customer's orders",
            },
        ],
    }
