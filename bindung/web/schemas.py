"""The JSON schema of the API (OpenAPI at /docs): pages made of sections, sections made of
findings and tables, tables with typed columns and rows of raw numbers."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from bindung.report import export
from bindung.report.pages import Page
from bindung.report.tables import Section


class ErrorOut(BaseModel):
    detail: str = Field(description="what is missing or wrong, in plain words")


class ColumnOut(BaseModel):
    key: str
    unit: str = Field(
        description="text, date, count, percent (0–100), points, money (workspace currency), "
        "days, minutes, score, factor, pvalue or flag"
    )
    de: str
    en: str


class TableOut(BaseModel):
    title: dict[str, str]
    columns: list[ColumnOut]
    rows: list[dict[str, Any]] = Field(description="raw values; null where not defined")


class FindingOut(BaseModel):
    level: str = Field(description="info, good, warning or alarm")
    de: str
    en: str


class SectionOut(BaseModel):
    section: str
    title: dict[str, str]
    findings: list[FindingOut]
    tables: dict[str, TableOut]
    meta: dict[str, Any]


class ChartOut(BaseModel):
    key: str
    title: dict[str, str]
    figure: dict[str, Any] = Field(description="a Plotly figure (data and layout)")


class TileOut(BaseModel):
    """A KPI tile as the page shows it (texts formatted in the page language)."""

    metric: str
    period: str
    label: str
    value: str
    change: str = Field(description='signed, with unit: "+2,2 %" or "−0,2 Pp"; "" if undefined')
    tone: str = Field(description='"good", "bad" or "" (the change against the better way)')
    target: str | None = None
    status: str = Field(description='"met", "missed" or "" (no goal)')
    spark: str = Field(description="SVG polyline points of the last 12 complete periods")
    spark_from: str
    spark_to: str


class PageOut(BaseModel):
    page: str
    title: str
    lang: str
    meta: dict[str, Any]
    tiles: list[TileOut] = Field(default_factory=list)
    sections: list[SectionOut]
    charts: list[ChartOut]


class AnswerInfo(BaseModel):
    key: str
    params: dict[str, Any] = Field(description='the variant, e.g. {"period": "quarter"}')
    computed_at: str | None = None
    data_version: str | None = None
    seconds: float | None = Field(None, description="time it took to compute")
    error: str | None = Field(None, description="why the data did not allow the answer")

    @classmethod
    def from_entry(cls, entry: dict[str, Any]) -> AnswerInfo:
        return cls(
            key=entry["key"],
            params=entry.get("params", {}),
            computed_at=entry.get("computed_at"),
            data_version=entry.get("data_version"),
            seconds=entry.get("seconds"),
            error=entry.get("error"),
        )


class TableDocOut(TableOut):
    keys: list[str] = Field(default_factory=list, description="row keys JSON carries, views hide")


class AnswerOut(BaseModel):
    answer: dict[str, Any] = Field(
        description="provenance: key, params, fingerprint, data_version, computed_at, seconds"
    )
    section: str
    title: dict[str, str]
    meta: dict[str, Any]
    findings: list[FindingOut]
    tables: dict[str, TableDocOut]


class StatusOut(BaseModel):
    refreshed_at: str | None
    data_version: str | None
    refreshing: bool
    answers: int


def section_out(section: Section) -> SectionOut:
    tables = {}
    for t in section.tables:
        tables[t.key] = TableOut(
            title={"de": t.title_de, "en": t.title_en},
            columns=[ColumnOut(key=c.key, unit=c.unit, de=c.de, en=c.en) for c in t.columns],
            rows=t.records(),
        )
    return SectionOut(
        section=section.key,
        title={"de": section.title_de, "en": section.title_en},
        findings=[FindingOut(level=f.level, de=f.de, en=f.en) for f in section.findings],
        tables=tables,
        meta={k: export.plain(v) for k, v in section.meta.items()},
    )


def page_out(page: Page, lang: str) -> PageOut:
    return PageOut(
        page=page.key,
        title=page.title(lang),
        lang=lang,
        meta={k: export.plain(v) for k, v in page.meta.items()},
        tiles=[
            TileOut(
                metric=t.metric,
                period=t.period,
                label=t.label,
                value=t.value,
                change=t.change,
                tone=t.tone,
                target=t.target,
                status=t.status,
                spark=t.spark,
                spark_from=t.spark_from,
                spark_to=t.spark_to,
            )
            for t in page.tiles
        ],
        sections=[section_out(s) for s in page.sections],
        charts=[
            ChartOut(key=c.key, title={"de": c.title_de, "en": c.title_en}, figure=c.figure)
            for c in page.charts
        ],
    )


class ParameterOut(BaseModel):
    name: str
    values: list[Any] = Field(description="the values a stored variant has (null: not given)")
    labels: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="the German and English label of a value; the API accepts labels too",
    )


class VariantOut(BaseModel):
    params: dict[str, Any]
    url: str = Field(description="where this stored variant is read")


class AnswerEntryOut(BaseModel):
    key: str
    title: str = Field(description="in the reader's language")
    titles: dict[str, str]
    description: str
    url: str = Field(description="/api/answers/{key}")
    per_language: bool = Field(description="stored once per language (`lang=de|en`)")
    variants_text: str
    parameters: list[ParameterOut]
    variants: list[VariantOut]


class PageEntryOut(BaseModel):
    key: str
    title: str
    titles: dict[str, str]
    url: str = Field(description="the page as JSON")
    html: str = Field(description="the page in the browser")
    parameters: list[ParameterOut]


class EndpointOut(BaseModel):
    url: str
    text: str


class ApiIndexOut(BaseModel):
    lang: str
    title: str
    docs: str = Field(description="the interactive API documentation (Swagger UI)")
    openapi: str
    answers: list[AnswerEntryOut] = Field(description="every registered answer")
    pages: list[PageEntryOut] = Field(description="every dashboard page as JSON")
    endpoints: list[EndpointOut]
