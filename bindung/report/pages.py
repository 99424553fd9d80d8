"""The report's pages: the sections of :mod:`bindung.report` grouped the way the dashboard, the
JSON API and the HTML and Excel reports show them, with their charts.

>>> page = build_page(ws, "overview", period="month")                     # doctest: +SKIP
>>> [s.key for s in page.sections], [c.key for c in page.charts]          # doctest: +SKIP

Every number comes from the sections' builders (metrics, models, insights); a page only picks
and arranges them, and :mod:`bindung.report.charts` draws from the same tables.  Pages:

``overview``   KPI tiles of the last complete period (change against the previous period, the
               target from ``goals`` and its status), the alerts with revenue at risk.
``retention``  retention and churn per period, the cohort matrix, subscription survival.
``value``      CLV distribution, segments, the at-risk list (drill-down: :func:`customer_orders`).
``social``     social media, satisfaction, fans against non-fans.
``roi``        retention ROI per measure and platform, acquisition against retention cost.
``imports``    import history and the rejected rows with their reasons.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from bindung.errors import BindungError
from bindung.metrics.catalogue import BY_KEY
from bindung.report import charts
from bindung.report.tables import Column, Finding, Section, Table

PAGES: dict[str, tuple[str, str]] = {
    "overview": ("Überblick", "Overview"),
    "retention": ("Kundenbindung", "Retention"),
    "value": ("Kundenwert", "Customer value"),
    "social": ("Social Media & Zufriedenheit", "Social & satisfaction"),
    "roi": ("ROI & Budget", "ROI & budget"),
    "imports": ("Importe", "Imports"),
}
#: The KPI tiles of the overview, in order.
TILES = (
    "customers_end",
    "new_customers",
    "retention_rate",
    "churn_rate",
    "revenue",
    "net_revenue_retention",
    "repeat_customer_rate",
    "aov_ratio",
)
RETENTION_SERIES = ("retention_rate", "retention_rate_strict", "churn_rate")


@dataclass
class Page:
    key: str
    sections: list[Section]
    charts: list[charts.Chart] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def title(self, lang: str) -> str:
        de, en = PAGES[self.key]
        return de if lang == "de" else en


def build_page(ws: Any, key: str, *, period: str = "month", segment: str | None = None) -> Page:
    """The page ``key`` (one of :data:`PAGES`) for the workspace, in its language."""
    if key not in PAGES:
        raise BindungError(f"unknown page {key!r}; expected one of {', '.join(PAGES)}")
    builders: dict[str, Callable[[], Page]] = {
        "overview": lambda: overview(ws, period),
        "retention": lambda: retention(ws, period),
        "value": lambda: value(ws, segment),
        "social": lambda: social(ws, period),
        "roi": lambda: roi(ws),
        "imports": lambda: imports(ws),
    }
    page = builders[key]()
    page.meta |= {"page": key, "period": period, "segment": segment}
    return page


def _kpis(ws: Any, period: str) -> pd.DataFrame:
    rows: pd.DataFrame = ws.kpis(period=period, compare=True)
    return rows


def _last_complete(rows: pd.DataFrame) -> str | None:
    complete = rows[~rows["partial"]]
    return None if complete.empty else str(complete["period"].iloc[-1])


def _goals(ws: Any) -> pd.DataFrame:
    goals: pd.DataFrame = ws.table("goals").to_pandas()
    return goals


def overview(ws: Any, period: str) -> Page:
    lang = ws.settings.lang
    rows = _kpis(ws, period)
    shown = _last_complete(rows)
    goals = _goals(ws)
    tiles = []
    for key in TILES:
        r = rows[(rows["metric"] == key) & (rows["period"] == shown)]
        if r.empty:
            continue
        rec = r.iloc[0]
        m = BY_KEY[key]
        goal = goals[(goals["metric"] == key) & (goals["period"] == shown)]
        target = float(goal["target"].iloc[0]) if not goal.empty else float("nan")
        status = ""
        if not goal.empty and pd.notna(rec["value"]) and m.higher_is_better is not None:
            met = rec["value"] >= target if m.higher_is_better else rec["value"] <= target
            status = (
                ("erreicht" if met else "verfehlt")
                if lang == "de"
                else ("met" if met else "missed")
            )
        tiles.append(
            {
                "metric": key,
                "label": m.label(lang),
                "unit": m.unit,
                "value": rec["value"],
                "previous": rec["previous"],
                "change": rec["change"],
                "target": target,
                "status": status,
                "benchmark": m.benchmarks,
            }
        )
    frame = pd.DataFrame(
        tiles,
        columns=[
            "metric",
            "label",
            "unit",
            "value",
            "previous",
            "change",
            "target",
            "status",
            "benchmark",
        ],
    )
    table = Table(
        "tiles",
        f"Kennzahlen {shown or ''}",
        f"Key figures {shown or ''}",
        [
            Column("label", "Kennzahl", "metric"),
            Column("value", "Wert", "value", "score"),
            Column("change", "ggü. Vorperiode", "vs previous period", "score"),
            Column("target", "Ziel", "target", "score"),
            Column("status", "Ziel erreicht?", "target met?"),
            Column("benchmark", "Richtwert", "benchmark"),
        ],
        frame,
        keys=("metric", "unit"),
    )
    kpis = Section(
        "kpis", "Kennzahlen", "Key figures", [table], [], {"period": shown, "unit": period}
    )
    from bindung.report.alerts import alerts_section
    from bindung.report.goals import goals_section

    sections = [kpis, alerts_section(ws)]
    if not goals.empty:
        sections.append(goals_section(ws))
    return Page("overview", sections, [], {"shown_period": shown})


def retention(ws: Any, period: str) -> Page:
    lang = ws.settings.lang
    rows = _kpis(ws, period)
    series = rows[rows["metric"].isin(RETENTION_SERIES)]
    wide = series.pivot_table(index="period", columns="metric", values="value", sort=True)
    wide = wide.reindex(columns=list(RETENTION_SERIES)).reset_index()
    table = Table(
        "retention_over_time",
        "Bindung und Abwanderung je Periode",
        "Retention and churn per period",
        [Column("period", "Periode", "period")]
        + [Column(k, BY_KEY[k].label_de, BY_KEY[k].label_en, "percent") for k in RETENTION_SERIES],
        wide,
    )
    matrix = ws.cohorts(period=period, percent=True)
    cohort_table = charts.cohort_table(matrix)
    sections = [
        Section("retention", "Kundenbindung", "Retention", [table, cohort_table], [], {}),
    ]
    page_charts = [
        charts.lines(table, "period", list(RETENTION_SERIES), lang),
        charts.heatmap(cohort_table, lang),
    ]
    survival = _survival(ws, lang)
    if survival is not None:
        sections.append(survival)
        page_charts.append(charts.survival_chart(survival.tables[0], lang))
    return Page("retention", sections, page_charts)


def _survival(ws: Any, lang: str) -> Section | None:
    """Observed survival of subscriptions by tenure (30-day periods) and the sBG projection."""
    from bindung.metrics.run import data_span
    from bindung.models import subscriptions

    if ws.table("subscriptions").count().to_pandas() == 0:
        return None
    try:
        as_of = data_span(ws.table, lang).last
        observed = subscriptions.survivors(ws.table("subscriptions"), period_days=30, as_of=as_of)
        model = subscriptions.fit_survival(observed)
        report = subscriptions.survival_report(model, horizon=36, discount_rate=0.01)
    except BindungError:
        return None
    frame = report.merge(observed[["tenure", "survival_km"]], on="tenure", how="left")
    frame["survival"] *= 100
    frame["survival_km"] *= 100
    table = Table(
        "survival",
        "Abo-Überleben nach Laufzeit (Perioden à 30 Tage)",
        "Subscription survival by tenure (30-day periods)",
        [
            Column("tenure", "Laufzeit", "tenure", "count"),
            Column("survival_km", "beobachtet %", "observed %", "percent"),
            Column("survival", "sBG-Modell %", "sBG model %", "percent"),
        ],
        frame,
    )
    return Section("survival", "Abos", "Subscriptions", [table], [], {})


def value(ws: Any, segment: str | None) -> Page:
    from bindung.insights import customers as customers_mod
    from bindung.insights.segments import BY_KEY as SEGMENTS
    from bindung.models import workflow

    lang = ws.settings.lang
    frame = customers_mod.customer_table(ws, workflow.current(ws))
    if segment:
        frame = frame[frame["segment"] == segment.replace("-", "_")]
    overview = (
        frame.groupby("segment", sort=False)
        .agg(
            customers=("customer_id", "size"),
            clv=("clv", "sum"),
            at_risk=("revenue_at_risk", "sum"),
        )
        .reset_index()
    )
    overview["label"] = overview["segment"].map(lambda k: SEGMENTS[k].label(lang))
    seg_table = Table(
        "segments",
        "Segmente",
        "Segments",
        [
            Column("label", "Segment", "segment"),
            Column("customers", "Kunden", "customers", "count"),
            Column("clv", "CLV gesamt", "total CLV", "money"),
            Column("at_risk", "Umsatz in Gefahr", "revenue at risk", "money"),
        ],
        overview,
        keys=("segment",),
    )
    at_risk = frame.sort_values("revenue_at_risk", ascending=False).head(50)
    risk_table = Table(
        "at_risk",
        "Wertvolle Kunden in Gefahr (Top 50)",
        "Valuable customers at risk (top 50)",
        [
            Column("customer_id", "Kunde", "customer"),
            Column("segment", "Segment", "segment"),
            Column("p_alive", "P(aktiv)", "P(alive)", "score"),
            Column("clv", "CLV", "CLV", "money"),
            Column("revenue_at_risk", "Umsatz in Gefahr", "revenue at risk", "money"),
        ],
        at_risk[["customer_id", "segment", "p_alive", "clv", "revenue_at_risk"]],
    )
    section = Section(
        "value",
        "Kundenwert",
        "Customer value",
        [seg_table, risk_table],
        [],
        {"as_of": frame.attrs.get("as_of"), "customers": len(frame)},
    )
    return Page("value", [section], [charts.histogram(frame["clv"], "clv", lang)])


def customer_orders(ws: Any, customer_id: str) -> Section:
    """One customer's orders, newest first (the drill-down of the at-risk list)."""
    orders = ws.table("orders")
    rows = (
        orders.filter(orders.customer_id == customer_id)
        .order_by(orders.ordered_at.desc())
        .select("order_id", "ordered_at", "revenue", "items", "channel")
        .to_pandas()
    )
    if rows.empty:
        raise BindungError(f"no orders for customer {customer_id!r}")
    table = Table(
        "orders",
        f"Bestellungen von {customer_id}",
        f"Orders of {customer_id}",
        [
            Column("order_id", "Bestellung", "order"),
            Column("ordered_at", "Zeit (UTC)", "time (UTC)", "text"),
            Column("revenue", "Umsatz", "revenue", "money"),
            Column("items", "Artikel", "items", "count"),
            Column("channel", "Kanal", "channel"),
        ],
        rows.assign(ordered_at=rows["ordered_at"].astype(str)),
    )
    return Section("customer", "Kunde", "Customer", [table], [], {"customer_id": customer_id})


def social(ws: Any, period: str) -> Page:
    from bindung.report.fans import fans_section
    from bindung.report.satisfaction import satisfaction_section
    from bindung.report.social import social_section

    lang = ws.settings.lang
    sections = [social_section(ws, period=period), satisfaction_section(ws, period=period)]
    try:
        sections.append(fans_section(ws))
    except BindungError as exc:
        sections.append(
            Section("fans", "Fans", "Fans", [], [Finding(str(exc), str(exc), "info")], {})
        )
    page_charts = []
    trend = sections[1].table("nps_trend")
    if not trend.frame.empty:
        page_charts.append(charts.lines(trend, "period", ["nps"], lang))
    reply = sections[0].table("reply_times")
    if not reply.frame.empty:
        page_charts.append(charts.bars(reply, "platform", "median_minutes", lang))
    return Page("social", sections, page_charts)


def roi(ws: Any) -> Page:
    from bindung.report.fans import roi_section

    lang = ws.settings.lang
    rows = _kpis(ws, "year")
    costs = rows[
        rows["metric"].isin(("acquisition_cost_per_new", "retention_cost_per_kept", "cost_ratio"))
    ]
    wide = costs.pivot_table(index="period", columns="metric", values="value", sort=True)
    wide = wide.reindex(
        columns=["acquisition_cost_per_new", "retention_cost_per_kept", "cost_ratio"]
    ).reset_index()
    cost_table = Table(
        "costs",
        "Gewinnen gegen Halten (je Jahr)",
        "Winning against keeping (per year)",
        [
            Column("period", "Jahr", "year"),
            Column(
                "acquisition_cost_per_new", "Kosten je Neukunde", "cost per new customer", "money"
            ),
            Column(
                "retention_cost_per_kept",
                "Kosten je gehaltenem Kunden",
                "cost per kept customer",
                "money",
            ),
            Column("cost_ratio", "Verhältnis", "ratio", "factor"),
        ],
        wide,
    )
    sections = [Section("costs", "Kosten", "Costs", [cost_table], [], {})]
    from bindung.report.budget import budget_section

    try:
        sections.append(budget_section(ws))
    except BindungError as exc:
        sections.append(
            Section("budget", "Budget", "Budget", [], [Finding(str(exc), str(exc))], {})
        )
    try:
        sections.insert(0, roi_section(ws))
    except BindungError as exc:
        sections.insert(0, Section("roi", "ROI", "ROI", [], [Finding(str(exc), str(exc))], {}))
    page_charts = []
    if sections[0].tables:
        page_charts.append(charts.bars(sections[0].tables[0], "measure", "roi_incremental", lang))
    return Page("roi", sections, page_charts)


def imports(ws: Any) -> Page:
    history = ws.imports()
    rejects = ws.rejects()
    hist_cols = [
        c
        for c in ("import_id", "kind", "file", "read", "accepted", "rejected", "at")
        if c in history.columns
    ]
    hist_table = Table(
        "history",
        "Importe",
        "Imports",
        [
            Column(c, c, c, "count" if c in ("read", "accepted", "rejected") else "text")
            for c in hist_cols
        ],
        history[hist_cols].astype(
            {c: str for c in hist_cols if c not in ("read", "accepted", "rejected")}
        ),
    )
    rej_cols = [c for c in ("import_id", "line", "raw", "reasons") if c in rejects.columns]
    rej_table = Table(
        "rejects",
        "Abgelehnte Zeilen",
        "Rejected rows",
        [Column(c, c, c, "text") for c in rej_cols],
        rejects[rej_cols].head(500).astype(str),
    )
    return Page(
        "imports", [Section("imports", "Importe", "Imports", [hist_table, rej_table], [], {})]
    )
