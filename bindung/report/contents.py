"""What the e-mailable report holds after its summary: chapters of stored answers, each answer
one part with its charts (drawn by :mod:`bindung.report.charts` from the answer's own tables).

>>> chapters = build_chapters(read, period="month", lang="de")      # doctest: +SKIP
>>> [(c.key, [p.answer for p in c.parts]) for c in chapters]     # doctest: +SKIP

Order (the questions a reader asks, most asked first): key figures; goals and alerts;
retention; customer value; social media, satisfaction and complaints; loyalty and referrals;
experiments; ROI, budget and business phase; imports.  Every registered answer has its part
(:data:`CHAPTERS`; a test walks the registry) except the list of every customer
(:data:`LEFT_OUT`).  An answer that is not stored (its data were
not imported, or the data did not allow it) is one line saying so, not an error.

``read(key, params)`` returns the stored section (or raises the reason there is none);
nothing here queries the store or computes a number: the parts pick tables, the charts draw
them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from bindung.errors import BindungError
from bindung.i18n import both
from bindung.report import charts
from bindung.report.charts import Chart
from bindung.report.pages import (
    RETENTION_SERIES,
    WARMING_TEXT,
    Reader,
    alert_charts,
    bars_of,
    economics_charts,
    lines_of,
    measure_charts,
    pick_tiles,
    table_of,
)
from bindung.report.tables import Column, Section, Table

#: Chapters in order: key, German and English title, the answers they hold.
CHAPTERS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("kpis", *both("Key figures"), ("tiles", "kpis")),
    ("goals", *both("Goals & alerts"), ("goals", "alerts")),
    ("retention", *both("Retention"), ("retention", "cohorts", "survival")),
    ("value", *both("Customer value"), ("value", "clv", "channels", "products")),
    (
        "social",
        *both("Social media, satisfaction & complaints"),
        ("social", "satisfaction", "fans", "content", "reviews", "complaints", "replies", "themes"),
    ),
    ("loyalty", *both("Loyalty & referrals"), ("loyalty",)),
    ("experiments", *both("Experiments"), ("experiment", "campaigns")),
    (
        "roi",
        *both("ROI, budget & business phase"),
        ("measures", "roi", "costs", "economics", "budget"),
    ),
    ("imports", *both("Imports"), ("imports",)),
)
ALL_CHAPTERS: tuple[str, ...] = tuple(c[0] for c in CHAPTERS)
#: Answers the forwarded files leave out on purpose: the record of every customer does not
#: belong in a file sent by e-mail (the value chapter has the 50 most valuable customers at
#: risk); ``bindung customers --out kunden.xlsx`` writes the whole list when it is needed.
LEFT_OUT: tuple[str, ...] = ("customers",)
#: Tables left out for the same reason: lists of single customers (``bindung products
#: --table due --out faellig.xlsx`` writes the customers due to re-order).
LEFT_OUT_TABLES: dict[str, tuple[str, ...]] = {"products": ("due",)}
#: The KPI-per-period lines drawn in the key figures chapter (counts of customers).
KPI_LINES = ("customers_end", "new_customers")
#: Answers stored only for some period units (the report asks for the nearest stored one).
COHORT_UNITS = ("week", "month", "quarter")


@dataclass
class Part:
    """One answer in the report: its stored section and charts, or why there is none."""

    answer: str
    title_de: str
    title_en: str
    section: Section | None
    charts: list[Chart] = field(default_factory=list)
    missing: tuple[str, str] | None = None  # (German, English) when the section is None
    anchor: str = ""

    def title(self, lang: str) -> str:
        if self.section is not None:
            return self.section.title(lang)
        return self.title_de if lang == "de" else self.title_en

    def missing_text(self, lang: str) -> str:
        de, en = self.missing or ("", "")
        return de if lang == "de" else en


@dataclass
class Chapter:
    """A theme of the report: its parts in order."""

    key: str
    title_de: str
    title_en: str
    parts: list[Part]

    def title(self, lang: str) -> str:
        return self.title_de if lang == "de" else self.title_en

    @property
    def sections(self) -> list[Section]:
        """The stored sections (the Excel workbook writes one sheet each)."""
        return [p.section for p in self.parts if p.section is not None]

    @property
    def charts(self) -> list[Chart]:
        return [c for p in self.parts for c in p.charts]


def _missing(exc: BindungError) -> tuple[str, str]:
    """The first line of the reason (one short line in the report)."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return text, text


def _has_rows(table: Table | None) -> bool:
    return table is not None and not table.frame.empty


def kpi_lines(section: Section, lang: str) -> Table | None:
    """The counts of :data:`KPI_LINES` per period, side by side (the stored long table
    rearranged: one column per metric; no number changes)."""
    table = table_of(section, "kpis")
    if not _has_rows(table) or table is None:
        return None
    frame = table.frame[table.frame["metric"].isin(KPI_LINES)]
    if frame.empty:
        return None
    wide = frame.pivot_table(index="period", columns="metric", values="value", sort=True)
    wide = wide.reindex(columns=[k for k in KPI_LINES if k in wide.columns]).reset_index()
    from bindung.metrics.catalogue import BY_KEY

    columns = [Column("period", "Periode", "period")]
    columns += [
        Column(k, BY_KEY[k].label("de"), BY_KEY[k].label("en"), "count")
        for k in KPI_LINES
        if k in wide.columns
    ]
    wide["period"] = wide["period"].astype(str)
    return Table("kpi_customers", "Kunden je Periode", "Customers per period", columns, wide)


def draw(key: str, section: Section, lang: str, currency: str | None) -> list[Chart]:
    """The charts of the answer ``key`` (empty for answers whose tables are the point)."""
    label = f"label_{'de' if lang == 'de' else 'en'}"
    money = {"currency": currency}
    if key == "kpis":
        wide = kpi_lines(section, lang)
        return [charts.lines(wide, "period", list(wide.frame.columns[1:]), lang)] if wide else []
    if key == "retention":
        out = lines_of(
            section,
            "retention_over_time",
            "period",
            RETENTION_SERIES,
            lang,
            flag="warming",
            flag_text=WARMING_TEXT,
        )
        cohorts = table_of(section, "cohorts")
        if _has_rows(cohorts) and cohorts is not None:
            out.append(charts.heatmap(cohorts, lang))
        return out
    if key == "survival":
        table = table_of(section, "survival")
        return [charts.survival_chart(table, lang)] if _has_rows(table) and table else []
    if key == "value":
        out = []
        dist = table_of(section, "clv_distribution")
        if _has_rows(dist) and dist is not None:
            out.append(charts.histogram(dist, "clv", lang, currency=currency))
        return out + bars_of(section, "segments", "label", "at_risk", lang, **money)
    if key == "social":
        return bars_of(section, "reply_times", "platform", "median_minutes", lang)
    if key == "satisfaction":
        return lines_of(section, "nps_trend", "period", ["nps"], lang)
    if key == "fans":
        return bars_of(section, "by_platform", "platform", "effect", lang)
    if key == "complaints":
        return lines_of(
            section, "handling_trend", "period", ["complaints", "unanswered"], lang
        ) + bars_of(section, "effect_by_outcome", "outcome", "percent", lang)
    if key == "themes":
        return bars_of(section, "themes", "theme", "share", lang) + lines_of(
            section, "negative_mentions", "period", ["value", "expected", "high"], lang
        )
    if key == "loyalty":
        return bars_of(section, "members_within", label, "ratio", lang)
    if key == "experiment":
        return bars_of(section, "variants", "variant", "share", lang)
    if key == "campaigns":
        return bars_of(section, "campaigns", "name", "share_pp", lang)
    if key == "channels":
        return bars_of(section, "usage", "channels", "revenue_per_customer", lang, **money)
    if key == "replies":
        return bars_of(section, "bands", "band", "retention", lang)
    if key == "products":
        return bars_of(section, "first_category", "category", "repeat_rate", lang)
    if key == "roi":
        return bars_of(section, "social_roi", "measure", "roi_incremental", lang)
    if key == "costs":
        return lines_of(
            section,
            "costs",
            "period",
            ["acquisition_cost_per_new", "retention_cost_per_kept"],
            lang,
            **money,
        )
    if key == "economics":
        return economics_charts(section, lang)
    if key == "measures":
        return measure_charts(section, lang)
    if key == "budget":
        return bars_of(section, "split", label, "amount", lang, **money) + lines_of(
            section, "whatif", "year", ["revenue", "revenue_whatif"], lang, **money
        )
    if key == "alerts":
        return bars_of(section, "alerts", "alert", "revenue_at_risk", lang, **money) + (
            alert_charts(section, lang)
        )
    return []


def _variants(key: str, period: str, experiments: Sequence[str]) -> list[dict[str, Any]]:
    """The stored variants the report shows of ``key`` for the period unit ``period``."""
    if key in ("tiles", "retention", "social", "satisfaction"):
        return [{"period": period}]
    if key == "kpis":
        return [{"period": period, "by": None}]
    if key == "cohorts":
        return [{"period": period if period in COHORT_UNITS else "quarter"}]
    if key == "complaints":
        return [{"period": "month"}]  # the one stored variant (monthly trend)
    if key == "reviews":
        return [{"period": "quarter" if period in ("quarter", "year") else "month"}]
    if key == "value":
        return [{"segment": None}]
    if key == "experiment":
        return [{"name": n} for n in experiments]
    return [{}]


def build_chapters(
    read: Reader,
    *,
    period: str = "month",
    lang: str = "de",
    currency: str | None = None,
    focus: str | None = None,
    experiments: Sequence[str] = (),
    chosen: Sequence[str] = ALL_CHAPTERS,
    titles: Mapping[str, tuple[str, str]] | None = None,
) -> list[Chapter]:
    """The chapters ``chosen`` (keys of :data:`CHAPTERS`) from the stored answers;
    ``experiments`` names the stored experiments, ``titles`` the answers' registered titles
    (German, English; shown when an answer is missing)."""
    unknown = [c for c in chosen if c not in ALL_CHAPTERS]
    if unknown or not chosen:
        raise BindungError(
            f"unknown chapters {unknown}; expected some of {', '.join(ALL_CHAPTERS)}"
        )
    out = []
    for key, title_de, title_en, answers in CHAPTERS:
        if key not in chosen:
            continue
        parts = []
        for answer in answers:
            de, en = (titles or {}).get(answer, (answer, answer))
            variants = _variants(answer, period, experiments)
            if not variants:  # no experiment stored
                parts.append(
                    Part(
                        answer,
                        de,
                        en,
                        None,
                        missing=("keine Experimente importiert", "no experiments imported"),
                    )
                )
            for params in variants:
                parts.append(_part(read, answer, params, (de, en), period, lang, currency, focus))
        if key == "retention":
            _one_cohort_matrix(parts, period)
        for i, part in enumerate(parts):
            part.anchor = f"part-{key}-{i}-{part.answer}"
        out.append(Chapter(key, title_de, title_en, parts))
    return out


def _one_cohort_matrix(parts: list[Part], period: str) -> None:
    """The retention answer holds the cohort matrix in % (beside its heat map) and so does the
    cohorts answer (its ``percent`` table, next to the counts): for the same period unit
    they are one matrix (:func:`bindung.answers.sections.cohort_shares`), shown once, with
    the retention part.  A cohorts answer of another unit (the report's period is a year:
    cohorts are stored by quarter) is another matrix and stays."""
    shown = any(
        p.answer == "retention"
        and p.section is not None
        and any(t.key == "cohorts" for t in p.section.tables)
        for p in parts
    )
    for part in parts:
        if not shown or part.answer != "cohorts" or part.section is None:
            continue
        if part.section.meta.get("period") != period:
            continue
        tables = [t for t in part.section.tables if t.key != "percent"]
        part.section = replace(part.section, tables=tables)


def _part(
    read: Reader,
    answer: str,
    params: dict[str, Any],
    titles: tuple[str, str],
    period: str,
    lang: str,
    currency: str | None,
    focus: str | None,
) -> Part:
    de, en = titles
    if "name" in params:
        de, en = f"{de} {params['name']}", f"{en} {params['name']}"
    try:
        section = read(answer, params)
    except BindungError as exc:
        return Part(answer, de, en, None, missing=_missing(exc))
    if answer in LEFT_OUT_TABLES:
        kept = [t for t in section.tables if t.key not in LEFT_OUT_TABLES[answer]]
        section = replace(section, tables=kept)
    if answer == "tiles":
        section, _ = pick_tiles(section, focus)
    elif "name" in params and str(params["name"]) not in section.title_de:
        section = Section(
            section.key,
            f"{section.title_de} {params['name']}",
            f"{section.title_en} {params['name']}",
            section.tables,
            section.findings,
            section.meta,
        )
    return Part(answer, de, en, section, draw(answer, section, lang, currency))
