"""The KPI and cohort sections of the report: numbers from :mod:`bindung.metrics`, labelled
and laid out for the views (terminal, CSV, JSON, Excel).  No number is computed here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pandas as pd

from bindung.i18n import N_, tr
from bindung.metrics.catalogue import BY_KEY, CATALOGUE
from bindung.report import export
from bindung.report import format as fmt
from bindung.report.export import Sheet

if TYPE_CHECKING:
    from bindung.store.protocol import Store

HEADERS: dict[str, str] = {
    "period": N_("period"),
    "start": N_("from"),
    "end": N_("to (excl.)"),
    "partial": N_("partial"),
    "small": N_("few customers"),
    "metric": N_("metric (key)"),
    "label": N_("metric"),
    "unit": N_("unit"),
    "value": N_("value"),
    "previous": N_("previous period"),
    "change": N_("change vs previous period"),
    "year_ago": N_("a year earlier"),
    "change_year": N_("change vs a year earlier"),
    "channel": N_("channel"),
    "segment": N_("segment"),
    "country": N_("country"),
    "cohort": N_("cohort"),
    "size": N_("cohort size"),
}
# Excel number formats by unit (Excel shows them in the reader's own locale).
XLSX_FORMATS = {
    "customers": "#,##0",
    "orders": "#,##0",
    "percent": '#,##0.0" %"',
    "money": "#,##0.00",
    "days": "#,##0.0",
    "factor": "0.00",
}


def header(key: str, lang: str) -> str:
    return tr(lang, HEADERS[key]) if key in HEADERS else key


@dataclass
class KpiSection:
    """The long KPI table (one row per group, period and metric) with its context."""

    rows: pd.DataFrame
    lang: str
    currency: str
    period: str
    by: str | None
    basis: str
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def periods(self) -> list[str]:
        return list(dict.fromkeys(self.rows["period"]))

    @property
    def groups(self) -> list[str]:
        if self.by is None:
            return [""]
        return sorted(set(self.rows[self.by]))

    def export_frame(self, *, localised: bool) -> pd.DataFrame:
        """Rows for CSV/Excel/JSON: labels and units added, ``k`` dropped."""
        frame = self.rows.drop(columns=["k"]).copy()
        frame["label"] = frame["metric"].map(lambda k: BY_KEY[k].label(self.lang))
        frame["unit"] = frame["metric"].map(lambda k: BY_KEY[k].unit)
        first = [c for c in frame.columns if c not in ("label", "unit")]
        at = first.index("metric") + 1
        frame = frame[[*first[:at], "label", "unit", *first[at:]]]
        if localised:
            frame = frame.rename(columns={c: header(c, self.lang) for c in frame.columns})
        return frame

    def sheet(self) -> Sheet:
        """The Excel sheet: values in their unit's number format, changes in points or %."""
        frame = self.export_frame(localised=True)
        unit = header("unit", self.lang)
        points = (
            '+0.0" '
            + fmt.text("points", self.lang)
            + '";-0.0" '
            + fmt.text("points", self.lang)
            + '"'
        )
        relative = '+0.0" %";-0.0" %"'

        money = export.money_format(self.currency, self.lang)

        def of_unit(row: dict[str, Any]) -> str:
            return money if row[unit] == "money" else XLSX_FORMATS[str(row[unit])]

        def of_change(row: dict[str, Any]) -> str:
            return points if row[unit] == "percent" else relative

        values = {header(c, self.lang): of_unit for c in ("value", "previous", "year_ago")}
        changes = {header(c, self.lang): of_change for c in ("change", "change_year")}
        dates = {header(c, self.lang): "date" for c in ("start", "end")}
        flags = {header(c, self.lang): "flag" for c in ("partial", "small")}
        return Sheet(frame, {}, values | changes, units=dates | flags)


def kpi_section(
    ws: Store,
    *,
    period: str = "month",
    by: str | None = None,
    basis: str | None = None,
    start: str | None = None,
    end: str | None = None,
    lang: str | None = None,
) -> KpiSection:
    from bindung.metrics.run import kpi_long  # here: it loads Ibis, the views need not

    rows = kpi_long(ws, period, by=by, basis=basis, start=start, end=end)
    order = {m.key: i for i, m in enumerate(CATALOGUE)}
    sort = [c for c in (by,) if c] + ["k"]
    rows = rows.assign(_o=rows["metric"].map(order)).sort_values([*sort, "_o"])
    rows = rows.drop(columns=["_o"]).reset_index(drop=True)
    settings = ws.settings
    chosen_basis = basis or settings.activity_basis
    meta = {
        "workspace": str(ws.folder),
        "generated_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "period": period,
        "by": by,
        "activity_basis": chosen_basis,
        "activity_window_days": settings.activity_window_days,
        "loyalty_threshold": settings.loyalty_threshold,
        "margin": settings.margin,
        "timezone": settings.timezone,
        "currency": settings.currency,
        "definitions": "docs/metrics.md",
    }
    return KpiSection(
        rows, lang or settings.lang, settings.currency, period, by, chosen_basis, meta
    )


def cohort_frame(matrix: pd.DataFrame, lang: str, by: str | None) -> pd.DataFrame:
    """The cohort matrix with localised headers for the first columns."""
    names = {c: header(c, lang) for c in ("cohort", "size", *([by] if by else []))}
    return matrix.rename(columns=names)
