"""Every answer of Bindung, registered once: what it reads, which variants are stored, and the
builder that ``bindung refresh`` runs (the builders of :mod:`bindung.report` and the insights
they label).  No view calls these builders; views read the stored answers.

Within one refresh, intermediate results that several answers share (the KPI table per
period, the CLV fit, the per-customer table) are computed once (:func:`memo`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import pandas as pd

from bindung import formatting
from bindung.answers.registry import CORE_SETTINGS, Params, answer
from bindung.errors import BindungError
from bindung.i18n import both, ptr, tr
from bindung.metrics.catalogue import BY_KEY
from bindung.metrics.periods import UNITS
from bindung.report.tables import Column, Finding, Section, Table
from bindung.store import schema

if TYPE_CHECKING:
    from bindung.store.protocol import Store

T = TypeVar("T")

KPI_TABLES = ("orders", "customers", "subscriptions", "returns", "costs")
SOCIAL_TABLES = ("social_posts", "social_interactions", "social_mentions", "identities")
ALERT_SETTINGS = (
    "business_hours",
    "csat_satisfied_from",
    "alert_smcss_below",
    "alert_smer_b_weak",
    "alert_smer_b_strong",
    "alert_smai_typical",
    "alert_smai_excellent",
    "alert_reply_minutes",
    "alert_nps_drop_points",
    "alert_negative_mentions_level",
)
ALL_SETTINGS = CORE_SETTINGS + ALERT_SETTINGS
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
KPI_BY = ("channel", "segment", "country", "cohort")
COHORT_UNITS = ("week", "month", "quarter")


def memo(ws: Store, key: tuple[Any, ...], make: Callable[[], T]) -> T:
    """``make()`` once per refresh (:func:`bindung.store.protocol.shared`)."""
    from bindung.store.protocol import shared

    return shared(ws, key, make)


def kpi_rows(ws: Store, period: str, by: str | None = None) -> pd.DataFrame:
    from bindung.metrics.run import kpi_table

    return kpi_table(ws, period, by)


def cohort_shares(ws: Store, period: str, **options: Any) -> pd.DataFrame:
    """The cohort matrix in % of each cohort (the cohorts and the retention answers show the
    same one; made once per refresh)."""
    key = ("cohorts", period, "percent", tuple(sorted(options.items())))
    return memo(ws, key, lambda: ws.cohorts(period=period, percent=True, **options))


def clv_fit(ws: Store) -> Any:
    from bindung.models import workflow

    return workflow.current(ws)  # made once per refresh (it keeps it in ws.memo)


def customer_frame(ws: Store) -> pd.DataFrame:
    from bindung.insights import customers as customers_mod

    return memo(ws, ("customers",), lambda: customers_mod.customer_table(ws, clv_fit(ws)))


def by_period(_: Any) -> list[Params]:
    """``period`` ∈ week, month, quarter, year"""
    return [{"period": p} for p in UNITS]


# -- imports (first: cheap, and what a user looks at right after an upload) -------------


@answer("imports", *both("Imports"), depends_on=("imports", "rejects"), settings=("timezone",))
def imports(ws: Store) -> Section:
    """The import history and the rows not stored with their reasons (the first 500):
    rejected rows (errors) and excluded ones (not orders: cancelled, ...), marked apart."""
    history = ws.imports()
    rejects = ws.rejects()
    # Stores since schema version 3 mark excluded rows (rejects.excluded, with imports.excluded).
    excluded: set[tuple[int, int]] = set()
    if "excluded" in history.columns and not rejects.empty:
        found = ws.sql("SELECT import_id, line FROM rejects WHERE excluded")
        excluded = {(int(i), int(n)) for i, n in zip(found.import_id, found.line, strict=True)}
    hist_cols = [
        c
        for c in (
            "import_id",
            "kind",
            "file",
            "rows_read",
            "stored",
            "rejected",
            "excluded",
            "duplicates",
            "at",
        )
        if c in history.columns
    ]
    counts = ("import_id", "rows_read", "stored", "rejected", "excluded", "duplicates")
    heads = {
        "import_id": ("Import", "import"),
        "kind": ("Tabelle", "table"),
        "file": ("Datei", "file"),
        "rows_read": ("gelesen", "read"),
        "stored": ("gespeichert", "stored"),
        "rejected": ("abgelehnt", "rejected"),
        "excluded": ("ausgenommen", "excluded"),
        "duplicates": ("Duplikate", "duplicates"),
        "at": ("Zeit", "time"),
    }
    hist = history[hist_cols].copy()
    # the file's name (the import log keeps the whole path), the time in the workspace's zone
    hist["file"] = hist["file"].map(lambda f: PurePath(str(f)).name if f else f)
    hist["at"] = formatting.local_minutes(hist["at"], ws.settings.timezone)
    if "excluded" in hist.columns:  # imports logged before the column: none excluded
        hist["excluded"] = hist["excluded"].fillna(0).astype("int64")
    kinds = tuple((k, de, en) for k, (de, en) in schema.TABLE_LABELS.items())
    hist_table = Table(
        "history",
        *both("Imports"),
        [
            Column(c, *heads[c], "count" if c in counts else "text", kinds if c == "kind" else ())
            for c in hist_cols
        ],
        hist,
    )
    rej = rejects[["import_id", "line", "raw", "reasons"]].head(500).copy()
    rej["reasons"] = rej["reasons"].map(lambda r: "; ".join(r) if r is not None else "")
    rej["excluded"] = [
        (int(i), int(n)) in excluded for i, n in zip(rej["import_id"], rej["line"], strict=True)
    ]
    rej_table = Table(
        "rejects",
        *both("Rejected and excluded rows"),
        [
            Column("import_id", *both("import"), "count"),
            Column("line", *both("line"), "count"),
            Column("excluded", *both("excluded"), "flag"),
            Column("raw", *both("raw row")),
            Column("reasons", *both("reasons")),
        ],
        rej,
    )
    return Section(
        "imports",
        *both("Imports"),
        [hist_table, rej_table],
        [],
        {"rejected": len(rejects) - len(excluded), "excluded": len(excluded)},
    )


def monthly(_: Any) -> list[Params]:
    """``period`` = month (other periods: computed on request)"""
    return [{"period": "month"}]


# -- retention KPIs ---------------------------------------------------------------------------

KPI_COLUMNS = (
    Column("period", *both("period")),
    Column("start", *both("from"), "date"),
    Column("end", *both("to (excl.)"), "date"),
    Column("partial", *both("partial"), "flag"),
    Column("small", *both("few customers"), "flag"),
    Column("metric", *both("metric (key)")),
    Column("unit", *both("unit")),
    Column("value", *both("value"), "score"),
    Column("previous", *both("previous period"), "score"),
    Column("change", *both("change vs previous period"), "score"),
    Column("year_ago", *both("a year earlier"), "score"),
    Column("change_year", *both("change vs a year earlier"), "score"),
)


def kpi_variants(_: Any) -> list[Params]:
    """``period`` ∈ week, month, quarter, year; by month also ``by`` ∈ channel, segment,
    country, cohort"""
    return [{"period": p, "by": None} for p in UNITS] + [
        {"period": "month", "by": b} for b in KPI_BY
    ]


@answer(
    "kpis",
    *both("KPIs per period"),
    depends_on=KPI_TABLES,
    variants=kpi_variants,
)
def kpis(
    ws: Store, *, period: str = "month", by: str | None = None, basis: str | None = None
) -> Section:
    """The retention KPIs per period (and group): value, previous period, a year earlier and
    both changes, for every metric of the catalogue (docs/metrics.md)."""
    from bindung.report.kpis import kpi_section

    if basis is None:
        rows = kpi_rows(ws, period, by)
        ks = kpi_section(_Rows(ws, rows), period=period, by=by)
    else:
        ks = kpi_section(ws, period=period, by=by, basis=basis)
    frame = ks.rows.copy()
    findings: list[Finding] = []
    if period != "year":
        # over weeks, months or quarters these compare a flow with a stock (metrics/costs.py)
        from bindung.metrics.costs import TWELVE_MONTHS

        frame = frame[~frame["metric"].isin(TWELVE_MONTHS)].reset_index(drop=True)
        findings.append(
            Finding(
                *both(
                    "Retention cost per kept customer and the acquisition-to-retention cost ratio "
                    "are read over 12 months: see Costs (bindung costs) or --period year."
                )
            )
        )
    frame["unit"] = frame["metric"].map(lambda k: BY_KEY[k].unit)
    columns = list(KPI_COLUMNS)
    if by:
        columns.insert(5, Column(by, by, by))
        frame[by] = frame[by].astype(str)
    meta = {k: v for k, v in ks.meta.items() if k not in ("generated_at", "workspace")}
    table = Table("kpis", *both("KPIs"), columns, frame, keys=("k",))
    return Section("kpis", *both("KPIs per period"), [table], findings, meta)


class _Rows:
    """The workspace with the KPI table already computed (so a refresh computes it once)."""

    def __init__(self, ws: Store, rows: pd.DataFrame) -> None:
        self._ws, self._rows = ws, rows

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ws, name)

    def kpis(self, period: str = "month", **_: Any) -> pd.DataFrame:
        return self._rows


def cohort_variants(_: Any) -> list[Params]:
    """``period`` ∈ week, month, quarter (customers, active in the period)"""
    return [{"period": p} for p in COHORT_UNITS]


@answer(
    "cohorts",
    *both("Cohorts"),
    depends_on=("orders", "customers", "subscriptions"),
    variants=cohort_variants,
)
def cohorts(
    ws: Store,
    *,
    period: str = "month",
    measure: str = "customers",
    mode: str = "on",
    by: str | None = None,
    basis: str | None = None,
) -> Section:
    """The cohort matrix: acquisition period × periods since, as counts (customers or
    revenue) and as % of the cohort."""
    options: dict[str, Any] = {"measure": measure, "mode": mode, "by": by, "basis": basis}
    counts = ws.cohorts(period=period, **options)
    shares = cohort_shares(ws, period, **options)
    unit: Any = "count" if measure == "customers" else "money"

    def table(key: str, frame: pd.DataFrame, de: str, en: str, cells: Any) -> Table:
        cols = [Column("cohort", *both("cohort"))]
        if by:
            cols.append(Column(by, by, by))
        cols.append(Column("size", *both("cohort size"), "count"))
        # periods after the data's end are not reached yet: empty cells, not "undefined"
        cols += [Column(c, c, c, cells, blank=True) for c in frame.columns if str(c).isdigit()]
        out = frame.copy()
        out.columns = [str(c) for c in out.columns]
        if by:
            out[by] = out[by].astype(str)
        return Table(key, de, en, cols, out)

    meta = {"period": period, "measure": measure, "mode": mode, "by": by}
    return Section(
        "cohorts",
        *both("Cohorts"),
        [
            table("counts", counts, "Kohorten (Anzahl)", "Cohorts (counts)", unit),
            table(
                "percent", shares, "Kohorten (% der Kohorte)", "Cohorts (% of cohort)", "percent"
            ),
        ],
        [],
        meta,
    )


# -- the overview -----------------------------------------------------------------------------


def tile_variants(_: Any) -> list[Params]:
    """``period`` ∈ week, month, quarter, year"""
    return [{"period": p} for p in UNITS]


@answer(
    "tiles",
    *both("Key figures"),
    depends_on=(*KPI_TABLES, "goals"),
    variants=tile_variants,
    per_language=True,
)
def tiles(ws: Store, *, period: str = "month") -> Section:
    """The overview's KPI tiles for every period: value, previous, change, the goal's target
    and whether it was met (the page shows the last complete period or a chosen one)."""
    lang = ws.settings.lang
    rows = kpi_rows(ws, period)
    goals = ws.table("goals").to_pandas()
    picked = rows[rows["metric"].isin(TILES)].copy()
    picked["_o"] = picked["metric"].map({k: i for i, k in enumerate(TILES)})
    picked = picked.sort_values(["k", "_o"])
    goals = goals[["metric", "period", "target"]].astype({"period": str})
    picked = picked.assign(period=picked["period"].astype(str)).merge(
        goals, on=["metric", "period"], how="left"
    )
    higher = picked["metric"].map(lambda k: BY_KEY[k].higher_is_better)
    met = np.where(higher, picked["value"] >= picked["target"], picked["value"] <= picked["target"])
    known = picked["target"].notna() & picked["value"].notna() & higher.notna()
    words = (ptr(lang, "tile", "met"), ptr(lang, "tile", "missed"))
    picked["status"] = np.where(known, np.where(met, words[0], words[1]), "")
    picked["label"] = picked["metric"].map(lambda k: BY_KEY[k].label(lang))
    picked["unit"] = picked["metric"].map(lambda k: BY_KEY[k].unit)
    picked["benchmark"] = picked["metric"].map(lambda k: BY_KEY[k].benchmark(lang))
    frame = picked[
        [
            "period",
            "partial",
            "metric",
            "label",
            "unit",
            "value",
            "previous",
            "change",
            "target",
            "status",
            "benchmark",
        ]
    ].reset_index(drop=True)
    table = Table(
        "tiles",
        *both("Key figures"),
        [
            Column("label", *both("metric")),
            Column("value", *both("value"), "score"),
            Column("change", *both("vs previous period"), "score"),
            Column("target", *both("target"), "score"),
            Column("status", *both("target met?")),
            Column("benchmark", *both("benchmark")),
        ],
        frame,
        keys=("period", "partial", "metric", "unit"),
    )
    from bindung.metrics import periods
    from bindung.metrics.run import data_span

    last = periods.to_local_day(data_span(ws.table, lang).last, ws.settings.timezone)
    meta = {"unit": period, "last_day": last.isoformat(), "currency": ws.settings.currency}
    return Section("kpis", *both("Key figures"), [table], [], meta)


@answer(
    "alerts",
    *both("Alerts"),
    depends_on=(*KPI_TABLES, *SOCIAL_TABLES, "survey_responses", "complaints", "bindung_models"),
    settings=(*ALL_SETTINGS, "alert_rules"),
    per_language=True,
)
def alerts(ws: Store) -> Section:
    """Every alert against the benchmarks (SMCSS, SMER-B, SMAI, reply time, falling NPS,
    complaints), each with the customers concerned and the revenue at risk, and the alert
    rules on any key figure: thresholds, changes and anomalies against a seasonal baseline
    (:mod:`bindung.insights.watch`)."""
    from bindung.report.alerts import alerts_section

    section: Section = alerts_section(ws)
    return section


@answer(
    "goals",
    *both("Goals"),
    depends_on=(*KPI_TABLES, "goals", "survey_responses", *SOCIAL_TABLES),
    settings=ALL_SETTINGS,
    per_language=True,
)
def goals(ws: Store) -> Section:
    """Every goal by priority: target, value so far, status and the forecast to the end of a
    running period."""
    from bindung.report.goals import goals_section

    return goals_section(ws)


# -- retention --------------------------------------------------------------------------------


@answer(
    "retention",
    *both("Retention"),
    depends_on=("orders", "customers", "subscriptions", "returns", "costs"),
    variants=by_period,
)
def retention(ws: Store, *, period: str = "month") -> Section:
    """Retention and churn per period, and the cohort matrix in % of each cohort."""
    from bindung.report import charts

    rows = kpi_rows(ws, period)
    series = rows[rows["metric"].isin(RETENTION_SERIES)]
    wide = series.pivot_table(index="period", columns="metric", values="value", sort=True)
    wide = wide.reindex(columns=list(RETENTION_SERIES)).reset_index()
    wide["period"] = wide["period"].astype(str)
    wide["warming"] = _warming(ws, rows, wide["period"])
    table = Table(
        "retention_over_time",
        *both("Retention and churn per period"),
        [Column("period", *both("period"))]
        + [Column(k, BY_KEY[k].label_de, BY_KEY[k].label_en, "percent") for k in RETENTION_SERIES]
        + [Column("warming", *both("first activity window"), "flag")],
        wide,
    )
    matrix = cohort_shares(ws, period)
    return Section("retention", *both("Retention"), [table, charts.cohort_table(matrix)], [], {})


def _warming(ws: Store, rows: pd.DataFrame, labels: pd.Series) -> list[bool]:
    """Per period label: does the period start inside the first activity window of the data
    (``activity_window_days`` after the first order)?  Nobody can have been gone a whole
    window by then, so retention by orders reads close to 100 % there: the figures are
    computed, but not yet comparable (with ``activity_basis = "subscriptions"`` nothing is
    flagged: a subscription is active from its start)."""
    from datetime import timedelta

    from bindung.metrics import periods
    from bindung.metrics.run import data_span

    if ws.settings.activity_basis == "subscriptions":
        return [False] * len(labels)
    span = data_span(ws.table)
    first = periods.to_local_day(span.first, ws.settings.timezone)
    ends = first + timedelta(days=int(ws.settings.activity_window_days))
    per = rows.drop_duplicates("period")
    start_of = dict(
        zip(per["period"].astype(str), pd.to_datetime(per["start"]).dt.date, strict=True)
    )
    return [bool(start_of.get(label, ends) < ends) for label in labels]


@answer("survival", *both("Subscriptions"), depends_on=("subscriptions", "orders"))
def survival(ws: Store) -> Section:
    """Observed survival of subscriptions by tenure (30-day periods) and the sBG model."""
    from bindung.metrics.run import data_span
    from bindung.models import subscriptions

    if ws.table("subscriptions").count().to_pandas() == 0:
        raise BindungError("no subscriptions / keine Abos")
    as_of = data_span(ws.table, ws.settings.lang).last
    observed = subscriptions.survivors(ws.table("subscriptions"), period_days=30, as_of=as_of)
    model = subscriptions.fit_survival(observed)
    report = subscriptions.survival_report(model, horizon=36, discount_rate=0.01)
    frame = report.merge(observed[["tenure", "survival_km"]], on="tenure", how="left")
    frame["survival"] *= 100
    frame["survival_km"] *= 100
    table = Table(
        "survival",
        *both("Subscription survival by tenure (30-day periods)"),
        [
            Column("tenure", *both("tenure"), "count"),
            Column("survival_km", *both("observed %"), "percent"),
            Column("survival", *both("sBG model %"), "percent"),
        ],
        frame,
    )
    return Section("survival", *both("Subscriptions"), [table], [], {"params": model.params_})


# -- customer value ---------------------------------------------------------------------------

CUSTOMER_COLUMNS = (
    Column("customer_id", *both("customer")),
    Column("segment", *both("segment (key)")),
    Column("rfm", *both("RFM")),
    # RFM's frequency and monetary: every order and their total revenue (rfm_scores)
    Column("frequency", *both("orders"), "count"),
    Column("monetary", *both("revenue"), "money"),
    Column("recency_days", *both("days since purchase"), "count"),
    Column("revenue_12m", *both("revenue 12 months"), "money"),
    Column("p_alive", *both("P(alive)"), "score"),
    Column("p_alive_before", *both("P(alive) 90 days ago"), "score"),
    Column("clv", *both("CLV"), "money"),
    Column("clv_tier", *both("CLV tier")),
    Column("revenue_at_risk", *both("revenue at risk"), "money"),
    Column("next_order", *both("next order expected"), "date"),
    Column("next_order_low", *both("next order from (80 %)"), "date"),
    Column("next_order_high", *both("next order to (80 %)"), "date"),
    Column("overdue", *both("overdue"), "flag"),
)


@answer(
    "customers",
    *both("Customers"),
    depends_on=("orders", "customers", "bindung_models"),
)
def customers(ws: Store) -> Section:
    """Per customer: RFM segment, probability alive (now and 90 days ago), CLV, tier,
    revenue at risk = CLV × (1 − P(alive)), the predicted next order date with its 80 %
    interval and overdue (as-of day after the interval's end; insights.next_order)."""
    frame = customer_frame(ws)
    cols = [c for c in CUSTOMER_COLUMNS if c.key in frame.columns]
    out = frame[[c.key for c in cols]].copy()
    out["clv_tier"] = out["clv_tier"].astype(str)
    meta = {str(k): v for k, v in frame.attrs.items()}
    table = Table("customers", *both("Customers"), cols, out)
    return Section("customers", *both("Customers"), [table], [], meta)


def value_variants(_: Any) -> list[Params]:
    """``segment``: all customers, and each RFM segment"""
    from bindung.insights.segments import SEGMENTS

    return [{"segment": None}] + [{"segment": s.key} for s in SEGMENTS]


@answer(
    "value",
    *both("Customer value"),
    depends_on=("orders", "customers", "bindung_models"),
    variants=value_variants,
    per_language=True,
)
def value(ws: Store, *, segment: str | None = None) -> Section:
    """Segments with customers, total CLV and revenue at risk; the 50 valuable customers most
    at risk; the CLV distribution (40 bins up to the 99th percentile)."""
    from bindung.insights.segments import BY_KEY as SEGMENTS

    lang = ws.settings.lang
    frame = customer_frame(ws)
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
        *both("Segments"),
        [
            Column("label", *both("segment")),
            Column("customers", *both("customers"), "count"),
            Column("clv", *both("total CLV"), "money"),
            Column("at_risk", *both("revenue at risk"), "money"),
        ],
        overview,
        keys=("segment",),
    )
    at_risk = frame.sort_values("revenue_at_risk", ascending=False).head(50)
    at_risk = at_risk.assign(label=at_risk["segment"].map(lambda k: SEGMENTS[k].label(lang)))
    risk_table = Table(
        "at_risk",
        *both("Valuable customers at risk (top 50)"),
        [
            Column("customer_id", *both("customer")),
            Column("label", *both("segment")),
            Column("p_alive", *both("P(alive)"), "score"),
            Column("clv", *both("CLV"), "money"),
            Column("revenue_at_risk", *both("revenue at risk"), "money"),
        ],
        at_risk[["customer_id", "segment", "label", "p_alive", "clv", "revenue_at_risk"]],
        keys=("segment",),
    )
    return Section(
        "value",
        *both("Customer value"),
        [seg_table, risk_table, clv_bins(frame["clv"])],
        [],
        {
            "as_of": frame.attrs.get("as_of"),
            "customers": len(frame),
            "segment": segment,
            "currency": ws.settings.currency,
        },
    )


def clv_bins(values: pd.Series, bins: int = 40) -> Table:
    """The CLV distribution up to its 99th percentile, in ``bins`` equal bins."""
    clean = values.dropna().to_numpy(dtype=float)
    upper = float(np.quantile(clean, 0.99)) if clean.size else 1.0
    counts, edges = np.histogram(clean[clean <= upper], bins=bins)
    frame = pd.DataFrame({"low": edges[:-1], "high": edges[1:], "customers": counts})
    return Table(
        "clv_distribution",
        *both("CLV distribution (up to the 99th percentile)"),
        [
            Column("low", *both("CLV from"), "money"),
            Column("high", *both("to"), "money"),
            Column("customers", *both("customers"), "count"),
        ],
        frame,
    )


@answer("clv", *both("CLV models"), depends_on=("orders", "customers", "bindung_models"))
def clv(ws: Store) -> Section:
    """The fitted purchase and spend models: parameters with standard errors and 95 %
    intervals, log-likelihood, customers and the data version they were fitted on."""
    fit = clv_fit(ws)
    parts = []
    for role, model in (("purchases", fit.purchases), ("spend", fit.spend)):
        if model is None:
            continue
        summary = model.summary
        table = summary.table.reset_index().rename(columns={"index": "parameter"})
        table = table.rename(columns={table.columns[0]: "parameter"})
        table.insert(0, "model", summary.model)
        table.insert(0, "role", role)
        table["log_likelihood"] = summary.log_likelihood
        parts.append(table)
    frame = pd.concat(parts, ignore_index=True)
    table = Table(
        "parameters",
        *both("Parameters"),
        [
            Column("model", *both("model")),
            Column("parameter", *both("parameter")),
            Column("estimate", *both("estimate"), "factor"),
            Column("std_error", *both("std. error"), "factor"),
            Column("lower_95", *both("95 % low"), "factor"),
            Column("upper_95", *both("95 % high"), "factor"),
            Column("log_likelihood", *both("log-likelihood"), "score"),
        ],
        frame,
        keys=("role",),
    )
    meta = {
        "unit": fit.unit,
        "calibration_end": fit.calibration_end,
        "holdout_end": fit.holdout_end,
        "data_version": fit.data_version,
        "fitted_at": fit.fitted_at,
        "customers": fit.customers,
        "repeat_customers": fit.repeat_customers,
    }
    findings = [Finding(w, w, "warning") for w in fit.warnings]
    return Section("clv", *both("CLV models"), [table], findings, meta)


# -- social media, satisfaction, complaints, fans ----------------------------------------------


@answer(
    "social",
    *both("Social media"),
    depends_on=(*SOCIAL_TABLES, "customers", "orders"),
    settings=ALL_SETTINGS,
    variants=by_period,
)
def social(
    ws: Store, *, period: str = "month", start: str | None = None, end: str | None = None
) -> Section:
    """Reply times (SMRT), SMER-B, SMAI and the community share per platform and period."""
    from bindung.report.social import social_section

    section: Section = social_section(ws, period=period, start=start, end=end)
    return section


@answer(
    "satisfaction",
    *both("Satisfaction"),
    depends_on=("survey_responses", "orders", "customers", *SOCIAL_TABLES),
    settings=ALL_SETTINGS,
    variants=by_period,
    per_language=True,
)
def satisfaction(
    ws: Store,
    *,
    period: str = "month",
    start: str | None = None,
    end: str | None = None,
    points: float | None = None,
    cost: float | None = None,
) -> Section:
    """NPS with interval, split and trend; SMCSS; CSAT; the value of one point of
    satisfaction (and with ``points`` and ``cost`` the ROI of a measure)."""
    from bindung.report.satisfaction import satisfaction_section

    return satisfaction_section(ws, period=period, start=start, end=end, points=points, cost=cost)


@answer(
    "complaints",
    *both("Complaints"),
    depends_on=("complaints", "orders", "customers"),
    variants=monthly,
)
def complaints(
    ws: Store, *, period: str = "month", start: str | None = None, end: str | None = None
) -> Section:
    """Reply and resolution times, resolution rate and outcomes; buying after resolved and
    unresolved complaints, raw and within customers (decision 0006)."""
    from bindung.report.complaints import complaints_section

    section: Section = complaints_section(ws, period=period, start=start, end=end)
    return section


@answer(
    "themes",
    *both("Themes and sentiment"),
    depends_on=("survey_responses", "complaints", *SOCIAL_TABLES, "orders"),
    settings=(
        *CORE_SETTINGS,
        "themes",
        "themes_discovered",
        "alert_negative_mentions_level",
    ),
)
def themes(ws: Store) -> Section:
    """Themes of survey comments, complaint texts and mentions (the theme list's and those
    discovered by TF-IDF + NMF): share by source, trend by quarter, NPS and repurchase of the
    customers who name them; sentiment per platform; negative mentions against their seasonal
    range (:mod:`bindung.insights.themes`)."""
    from bindung.report.themes import themes_section

    return themes_section(ws)


FAN_TABLES = ("orders", "customers", *SOCIAL_TABLES, "costs", "bindung_models")


def fan_comparison(ws: Store, horizon: int) -> Any:
    from bindung.insights.fans import compare_fans

    return memo(ws, ("fans", horizon), lambda: compare_fans(ws, horizon=horizon))


def roi_comparison(ws: Store, horizon: int) -> Any:
    """:func:`bindung.insights.roi.shared_roi_comparison`."""
    from bindung.insights.roi import shared_roi_comparison

    return shared_roi_comparison(ws, horizon)


@answer("fans", *both("Fans"), depends_on=FAN_TABLES, per_language=True)
def fans(ws: Store, *, horizon: int = 12) -> Section:
    """Do customers who engage on social media buy again more often, spend more and stay
    longer?  Raw, weighted on history and within customers, each with a 95 % interval."""
    from bindung.report.fans import fans_section

    return fans_section(ws, horizon=horizon, comparison=fan_comparison(ws, horizon))


@answer("roi", *both("ROI"), depends_on=FAN_TABLES, per_language=True)
def roi(
    ws: Store,
    *,
    horizon: int = 12,
    clv: float | None = None,
    kept: float | None = None,
    cost: float | None = None,
) -> Section:
    """ROI per measure and platform: ((CLV × customers kept) − cost) / cost × 100, kept
    customers counted naively and incrementally."""
    from bindung.report.fans import roi_section

    calculator = clv is not None or kept is not None or cost is not None
    comparison = None if calculator else roi_comparison(ws, horizon)
    return roi_section(ws, clv=clv, kept=kept, cost=cost, horizon=horizon, comparison=comparison)


# -- ROI, budget, measures --------------------------------------------------------------------


@answer("costs", *both("Costs"), depends_on=KPI_TABLES)
def costs(ws: Store) -> Section:
    """Acquisition cost per new customer against retention cost per kept customer, over the
    last 12 complete months and the 12-month windows before them (one definition for this
    answer, the KPI table by year and the budget advice: :mod:`bindung.metrics.costs`)."""
    from bindung.i18n import benchmark
    from bindung.metrics.costs import LITERATURE_RATIO, cost_comparison

    frame = cost_comparison(ws)
    money: Any = "money"
    count: Any = "count"
    table = Table(
        "costs",
        *both("Winning against keeping (per 12 months)"),
        [
            Column("period", *both("12 months")),
            Column("new_customers", *both("new customers"), count),
            Column("acquisition_spend", *both("spent on winning"), money),
            Column("acquisition_cost_per_new", *both("cost per new customer"), money),
            Column("kept_customers", *both("kept customers"), count),
            Column("retention_spend", *both("spent on keeping"), money),
            Column(
                "retention_cost_per_kept",
                *both("cost per kept customer"),
                money,
            ),
            Column("cost_ratio", *both("ratio"), "factor"),
        ],
        frame,
        keys=("start", "end"),
    )
    findings: list[Finding] = []
    last = frame.iloc[-1]
    low, high = (formatting.number(v, "de", 0) for v in LITERATURE_RATIO)
    ratio = float(last["cost_ratio"])
    if np.isfinite(ratio):
        decimals = 2 if ratio < 10 else 1
        findings.append(
            Finding(
                *both(
                    "{period}: winning a new customer cost {ratio} times as much as keeping one. "
                    "{benchmark}: {low} to {high} times – a reference, not a fact about your "
                    "business.",
                    lambda lang: {
                        "period": last["period"],
                        "ratio": formatting.number(ratio, lang, decimals),
                        "benchmark": benchmark("003", lang),
                        "low": low,
                        "high": high,
                    },
                )
            )
        )
    else:
        findings.append(
            Finding(
                *both(
                    "{period}: without spend on keeping customers, or without kept customers, "
                    "there is no ratio (bindung import costs FILE).",
                    lambda _: {"period": last["period"]},
                )
            )
        )
    return Section("costs", *both("Costs"), [table], findings, {})


#: The flags of a channel in the unit economics (code, German, English).
ECONOMICS_FLAGS = (
    ("ok", *both("fine")),
    ("ltv_cac_low", *both("LTV:CAC too low")),
    ("payback_long", *both("payback too late")),
    ("both", *both("LTV:CAC too low, payback too late")),
    ("no_cac", *both("no acquisition cost recorded")),
)


@answer(
    "economics",
    *both("Unit economics"),
    depends_on=(*KPI_TABLES, "bindung_models"),
    settings=(*CORE_SETTINGS, "ltv_cac_min", "payback_months_max"),
)
def economics(ws: Store) -> Section:
    """Unit economics per acquisition channel: cumulative revenue and margin per customer by
    months since acquisition (per cohort and per channel), CAC over the last 12 months, LTV
    from the fitted CLV model, LTV:CAC and the payback month, flagged against the settings
    ltv_cac_min and payback_months_max (:mod:`bindung.insights.economics`)."""
    from bindung.insights.economics import LTV_HORIZON_DAYS, unit_economics

    e = unit_economics(ws)
    money: Any = "money"
    count: Any = "count"
    channels = Table(
        "channels",
        *both(
            "Acquisition channels: cost and value per new customer ({window})",
            lambda _: {"window": e.window},
        ),
        [
            Column("channel", *both("channel")),
            Column("new_customers", *both("new customers"), count),
            Column("acquisition_spend", *both("spent on winning"), money),
            Column("cac", *both("cost per new customer (CAC)"), money),
            Column("ltv", *both("customer value (LTV)"), money),
            Column("ltv_cac", *both("LTV:CAC"), "factor"),
            Column("payback_month", *both("paid back in month"), count),
            Column("flag", *both("assessment"), labels=ECONOMICS_FLAGS),
        ],
        e.channels,
    )
    curves = e.channel_curves
    names = sorted(curves["channel"].unique())
    wide = curves.pivot_table(
        index="month", columns="channel", values="margin_per_customer", sort=True
    ).reindex(columns=names)
    wide.columns = [f"c{i}" for i in range(len(names))]
    wide = wide.reset_index()
    payback = Table(
        "payback",
        *both("Margin per customer since acquisition, per channel"),
        [
            Column("month", *both("months since acquisition"), count),
            *[Column(f"c{i}", n, n, money) for i, n in enumerate(names)],
        ],
        wide,
    )
    long = Table(
        "channel_curves",
        *both("Revenue and margin per customer, cumulative, per channel"),
        [
            Column("channel", *both("channel")),
            Column("month", *both("months since acquisition"), count),
            Column("customers", *both("customers (cohorts so far)"), count),
            Column("revenue_per_customer", *both("revenue per customer"), money),
            Column("margin_per_customer", *both("margin per customer"), money),
        ],
        curves,
    )
    cohort_frame = e.cohort_curves.copy()
    cohort_frame.columns = [str(c) for c in cohort_frame.columns]
    cohorts_ = Table(
        "cohort_curves",
        *both("Revenue per customer, cumulative, per cohort"),
        [
            Column("cohort", *both("cohort")),
            Column("size", *both("cohort size"), count),
            *[Column(c, c, c, money, blank=True) for c in cohort_frame.columns if str(c).isdigit()],
        ],
        cohort_frame,
    )
    findings = _economics_findings(e, LTV_HORIZON_DAYS)
    meta = {
        "window": e.window,
        "margin": e.margin,
        "ltv_horizon_days": LTV_HORIZON_DAYS,
        "currency": ws.settings.currency,
        "ltv_cac_min": e.ltv_cac_min,
        "payback_months_max": e.payback_months_max,
    }
    return Section(
        "economics",
        *both("Unit economics"),
        [channels, payback, long, cohorts_],
        findings,
        meta,
    )


def _economics_findings(e: Any, horizon_days: int) -> list[Finding]:
    out: list[Finding] = []
    years = horizon_days // 365
    for row in e.channels.itertuples():
        if row.flag in ("ok", "no_cac"):
            continue
        texts = [_channel_flag(e, row, lang) for lang in ("de", "en")]
        out.append(Finding(texts[0], texts[1], "warning"))
    ranked = e.channels[np.isfinite(e.channels["ltv_cac"])].sort_values("ltv_cac")
    if len(ranked) >= 2:
        best, worst = ranked.iloc[-1], ranked.iloc[0]
        out.append(
            Finding(
                *both(
                    "Best customer value for the acquisition cost: {best} ({best_ratio}), "
                    "weakest: {worst} ({worst_ratio}).",
                    lambda lang: {
                        "best": best["channel"],
                        "best_ratio": formatting.number(best["ltv_cac"], lang, 1),
                        "worst": worst["channel"],
                        "worst_ratio": formatting.number(worst["ltv_cac"], lang, 1),
                    },
                )
            )
        )
    if e.ltv_note:
        out.append(
            Finding(
                *both("No LTV without a CLV model: {note}", lambda _: {"note": e.ltv_note}),
                "warning",
            )
        )
        return out
    out.append(
        Finding(
            *both(
                "LTV: the margin so far plus the value the CLV model predicts for the next "
                "{years} years, averaged over the new customers of {window} (margin {margin} %, "
                "setting margin).",
                lambda lang: {
                    "years": years,
                    "window": e.window,
                    "margin": formatting.number(100 * e.margin, lang, 0),
                },
            )
        )
    )
    return out


def _channel_flag(e: Any, row: Any, lang: str) -> str:
    """A flagged channel of the unit economics in words."""
    if np.isfinite(row.payback_month):
        when = tr(lang, "paid back in month {month}", month=int(row.payback_month))
    else:
        when = tr(lang, "not paid back yet")
    return tr(
        lang,
        "{channel}: LTV:CAC {ratio} (threshold {low}), {when} (threshold {months} months).",
        channel=row.channel,
        ratio=formatting.number(row.ltv_cac, lang, 1) if np.isfinite(row.ltv_cac) else "–",
        low=formatting.number(e.ltv_cac_min, lang, 1),
        when=when,
        months=e.payback_months_max,
    )


@answer(
    "budget",
    *both("Budget"),
    depends_on=(*KPI_TABLES, "bindung_models"),
    per_language=True,
)
def budget(ws: Store, *, points: float = 5.0, years: int = 3) -> Section:
    """Retention against acquisition spend (the 60/40 rule of source 000), the business
    phase, and what ``points`` more retention would bring according to the fitted model."""
    from bindung.report.budget import budget_section

    return budget_section(ws, points=points, years=years)


@answer(
    "loyalty",
    *both("Loyalty programme"),
    depends_on=(
        "loyalty_events",
        "orders",
        "customers",
        *SOCIAL_TABLES,
        "complaints",
        "bindung_models",
    ),
    per_language=True,
)
def loyalty(ws: Store) -> Section:
    """Programme figures, referred customers' CLV, members against comparable non-members
    (matched, and each member against themselves; decision 0007)."""
    from bindung.report.loyalty import loyalty_section

    return loyalty_section(ws)


@answer(
    "measures",
    *both("ROI per measure"),
    depends_on=(
        "orders",
        "customers",
        "costs",
        "loyalty_events",
        "complaints",
        "assignments",
        "campaigns",
        "campaign_recipients",
        *SOCIAL_TABLES,
        "bindung_models",
    ),
    settings=(*CORE_SETTINGS, "measures"),
    per_language=True,
)
def measures(ws: Store) -> Section:
    """What every retention measure returns: incremental ROI with its 95 % interval from the
    estimator that fits its data (fans weighted on history, members and complainants within
    customers, A/B tests), the naive ROI beside it, the cumulative ROI month by month since
    the measure started, and where the next euro goes (:mod:`bindung.insights.measures`)."""
    from bindung.report.measures import measures_section

    return measures_section(ws)


@answer(
    "campaigns",
    *both("E-mail campaigns"),
    depends_on=("campaigns", "campaign_recipients", "orders", "customers"),
    per_language=True,
)
def campaigns(ws: Store) -> Section:
    """Per e-mail campaign: share buying and revenue per recipient in the 30 days after
    sending against the holdout group (Newcombe, Welch), or matched non-recipients (an upper
    bound), with 95 % intervals (:mod:`bindung.insights.campaigns`)."""
    from bindung.report.campaigns import campaigns_section

    return campaigns_section(ws)


@answer(
    "channels",
    *both("Sales channels"),
    depends_on=("orders",),
)
def channels(ws: Store) -> Section:
    """Multi- against single-channel buyers (sales channel of the orders): retention, orders
    and revenue in the year after the first half year, unadjusted and matched on the number of
    orders in the first half year; the channel migration matrix (first-order channel → later
    channels) and customers by channels used (:mod:`bindung.insights.channels`)."""
    from bindung.report.channels import channels_section

    return channels_section(ws)


@answer(
    "replies",
    *both("Reply speed and retention"),
    depends_on=("complaints", "social_mentions", "identities", "orders", "customers"),
)
def replies(ws: Store) -> Section:
    """Customers by the speed of the first reply to their first message (complaint or
    mention needing a reply): retention, orders and revenue in the following 365 days; answered
    within 15/30/60 minutes against later, unadjusted and weighted on history, beside the +33 %
    of source 000 (:mod:`bindung.insights.replies`)."""
    from bindung.report.replies import replies_section

    return replies_section(ws)


@answer(
    "content",
    *both("Content formats and posting rhythm"),
    depends_on=(*SOCIAL_TABLES, "orders", "customers"),
    settings=ALL_SETTINGS,
    per_language=True,
)
def content(ws: Store, *, horizon: int = 12) -> Section:
    """Per platform and post format: posts, reach among existing customers, SMER-B and buying
    again against customers with the same purchase history (weighted as the fan comparison);
    posting rhythm: customer interactions per post by posts per week
    (:mod:`bindung.insights.content`)."""
    from bindung.report.content import content_section

    return content_section(ws, horizon=horizon)


def review_periods(_: Any) -> list[Params]:
    """``period`` ∈ month, quarter"""
    return [{"period": "month"}, {"period": "quarter"}]


@answer(
    "reviews",
    *both("Reviews"),
    depends_on=("reviews", "orders", "customers"),
    variants=review_periods,
    per_language=True,
)
def reviews(ws: Store, *, period: str = "month", horizon: int = 12) -> Section:
    """Ratings per platform and month or quarter (mean with 95 % interval, shares of 1–2 and
    4–5 stars); reviewers against customers without a review: bought again, raw and weighted
    on purchase history, by rating band (:mod:`bindung.insights.reviews`)."""
    from bindung.report.reviews import reviews_section

    return reviews_section(ws, period=period, horizon=horizon)


def experiment_variants(ws: Store) -> list[Params]:
    """``name``: every experiment in ``assignments``"""
    from bindung.insights.experiments import experiments

    return [{"name": n} for n in experiments(ws)]


@answer(
    "experiment",
    *both("Experiment"),
    depends_on=("assignments", "orders", "customers", "bindung_models"),
    variants=experiment_variants,
    per_language=True,
)
def experiment(ws: Store, *, name: str, window_days: int | None = None) -> Section:
    """Each variant of an A/B test against its control: share buying, orders, revenue,
    retention (and CLV) with 95 % intervals, p-values and the sample-ratio check."""
    from bindung.report.experiments import experiment_section

    return experiment_section(ws, name, window_days=window_days)


@answer(
    "products",
    *both("Products"),
    # order lines come with their orders' import: the orders' version covers them
    depends_on=("orders", "customers", "bindung_models"),
)
def products(ws: Store) -> Section:
    """From the order lines: repeat rate, days to the second order and mean CLV by first
    product and first category; products bought together (support, confidence, lift); the
    next product to offer per RFM segment; re-order timing of consumables and the customers
    due to re-order, highest CLV first (:mod:`bindung.insights.products`)."""
    from bindung.report.products import products_section

    counts = ws.sql("SELECT count(*) AS n FROM order_lines")
    if not int(counts["n"][0]):
        return products_section(ws, None)
    try:
        frame = customer_frame(ws)[["customer_id", "segment", "clv"]]
    except BindungError:  # no CLV model fits these data: the tables without CLV and segments
        frame = None
    return products_section(ws, frame)
