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
from bindung.i18n import LANGUAGES, N_, Pairs, both, tr
from bindung.insights.segments import SEGMENTS
from bindung.report import pages as pages_mod

#: The calendar periods (German, English), as the period box names them.
PERIODS = Pairs(
    {"week": N_("week"), "month": N_("month"), "quarter": N_("quarter"), "year": N_("year")}
)
#: The languages' names (English; in the order of :data:`bindung.i18n.LANGUAGES`).
LANGUAGE_NAMES = (N_("German"), N_("English"))
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

_AT_RISK = next(s for s in SEGMENTS if s.key == "at_risk")
SEGMENT_HELP = (
    "Only this segment: its key or its label as the value page shows it, in German or "
    f"English (`{_AT_RISK.key}`, `{_AT_RISK.label_de}`, `{_AT_RISK.label_en}`)."
)
PERIOD_HELP = (
    f"Calendar period: {', '.join(PERIODS)} (or {', '.join(de for de, _ in PERIODS.values())})."
)


def by_language(texts: tuple[str, str]) -> dict[str, str]:
    """A text's ``(German, English)`` as the JSON writes it, by language code."""
    return dict(zip(LANGUAGES, texts, strict=True))


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
        labels = {s.key: by_language((s.label_de, s.label_en)) for s in SEGMENTS}
        out["labels"] = {v: labels[v] for v in values if v in labels}
    elif name == "period":
        out["labels"] = {v: by_language(PERIODS[v]) for v in values if v in PERIODS}
    elif name == "lang":
        out["labels"] = {
            code: by_language(both(language))
            for code, language in zip(LANGUAGES, LANGUAGE_NAMES, strict=True)
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
                "titles": by_language((spec.title_de, spec.title_en)),
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
    for key, titles in pages_mod.PAGES.items():
        params = page_params + (
            [_values("segment", [s.key for s in SEGMENTS])] if key == "value" else []
        )
        shown.append(
            {
                "key": key,
                "title": tr(lang, pages_mod.PAGE_TITLES[key]),
                "titles": by_language(titles),
                "url": f"/api/pages/{key}",
                "html": f"/{key}",
                "parameters": params,
            }
        )
    return {
        "lang": lang,
        "title": tr(lang, "Bindung: JSON API"),
        "docs": "/docs",
        "openapi": "/openapi.json",
        "answers": listed,
        "pages": shown,
        "endpoints": [
            {
                "url": "/api/answers",
                "text": tr(lang, "the stored answers, when and on which data version computed"),
            },
            {
                "url": "/api/status",
                "text": tr(lang, "when the answers were computed and whether a refresh runs"),
            },
            {
                "url": "/api/customers/{customer_id}/orders",
                "text": tr(lang, "one customer's orders"),
            },
        ],
    }
