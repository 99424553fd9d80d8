"""The report's pages: stored answers (:mod:`bindung.answers`) grouped the way the dashboard,
the JSON API and the HTML and Excel reports show them, with their charts.

>>> page = build_page(reader, "overview", period="month", lang="de")     # doctest: +SKIP
>>> [s.key for s in page.sections], [c.key for c in page.charts]          # doctest: +SKIP

``reader(key, params)`` returns the stored section of an answer (or raises the reason there is
none); a page only picks and arranges sections, and :mod:`bindung.report.charts` draws from the
same tables.  Nothing here computes a number.  Pages:

``overview``   KPI tiles of the last complete period (or the ``focus`` period) with the change
               against the previous period, the goal's target and its status; the alerts with
               revenue at risk; the goals.
``retention``  retention and churn per period, the cohort matrix, subscription survival.
``value``      segments, the at-risk list (drill-down: :func:`customer_orders`), the CLV
               distribution.
``social``     social media, satisfaction, fans against non-fans, themes and sentiment of
               what customers write.
``complaints`` handling times, resolution, outcomes, buying after a complaint by outcome;
               reply speed and retention (``replies``).
``loyalty``    programme figures, referred customers' CLV, members against comparable
               non-members.
``experiments`` every stored A/B test: lift with its interval, sample-ratio check.
``roi``        retention ROI per measure and platform, acquisition against retention cost,
               budget.
``goals``      every goal with its progress and forecast; every alert with the revenue at
               risk.
``imports``    import history and the rejected rows with their reasons.

A page shows at most :data:`PAGE_ROWS` rows of a table (:func:`shown_rows`); ``Page.sources``
names the stored answer (key and parameters) of each section, so that a view can link to all
rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import pandas as pd

from bindung import formatting
from bindung.errors import BindungError
from bindung.i18n import N_, both, tr
from bindung.report import charts
from bindung.report import tables as tables_mod
from bindung.report.charts import Chart
from bindung.report.tables import Column, Finding, Section, Table
from bindung.report.tiles import TileView, tile_views

if TYPE_CHECKING:
    from bindung.store.protocol import Store

PAGE_TITLES: dict[str, str] = {
    "overview": N_("Overview"),
    "retention": N_("Retention"),
    "value": N_("Customer value"),
    "social": N_("Social & satisfaction"),
    "complaints": N_("Complaints"),
    "loyalty": N_("Loyalty & referrals"),
    "experiments": N_("Experiments"),
    "roi": N_("ROI & budget"),
    "goals": N_("Goals & alerts"),
    "imports": N_("Imports"),
}
#: (German, English) title of each page
PAGES: dict[str, tuple[str, str]] = {key: both(title) for key, title in PAGE_TITLES.items()}
RETENTION_SERIES = ("retention_rate", "retention_rate_strict", "churn_rate")
#: The shading of the retention chart's first activity window (German, English).
WARMING_TEXT = both("first activity window: nobody can have left yet")
#: The KPI tiles a page opens with (metric keys of the stored ``tiles`` answer; ``None``: all
#: of them); pages not named here open with their charts.
PAGE_TILES: dict[str, tuple[str, ...] | None] = {
    "overview": None,
    "retention": ("retention_rate", "churn_rate", "repeat_customer_rate", "customers_end"),
    "value": ("revenue", "aov_ratio", "repeat_customer_rate", "new_customers"),
    "roi": ("net_revenue_retention", "retention_rate", "new_customers", "revenue"),
}
#: Rows of a table a page shows; the full table is a link away (the answer's JSON and CSV).
PAGE_ROWS = tables_mod.SHOWN_ROWS

#: ``reader(key, params) -> Section``: the stored answer (raises when there is none).
Reader = Callable[[str, dict[str, Any]], Section]


@dataclass
class Page:
    key: str
    sections: list[Section]
    charts: list[charts.Chart] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    #: section key -> (answer key, parameters without the language) it was read from
    sources: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    #: the KPI tiles the page opens with (:data:`PAGE_TILES`)
    tiles: list[TileView] = field(default_factory=list)

    def title(self, lang: str) -> str:
        return tr(lang, PAGE_TITLES[self.key])


def build_page(
    read: Reader,
    key: str,
    *,
    period: str = "month",
    segment: str | None = None,
    lang: str = "de",
    focus: str | None = None,
    experiments: Sequence[str] = (),
) -> Page:
    """The page ``key`` (one of :data:`PAGES`) from the stored answers (``experiments``:
    the names of the stored experiments, for their page)."""
    if key not in PAGES:
        raise BindungError(f"unknown page {key!r}; expected one of {', '.join(PAGES)}")
    sources: dict[str, tuple[str, dict[str, Any]]] = {}
    plain_read = read

    def tracked(answer: str, params: dict[str, Any]) -> Section:
        section = plain_read(answer, params)
        sources[section.key] = (answer, {k: v for k, v in params.items() if k != "lang"})
        return section

    read = tracked
    builders: dict[str, Callable[[], Page]] = {
        "overview": lambda: overview(read, period, lang, focus),
        "retention": lambda: retention(read, period, lang),
        "value": lambda: value(read, segment, lang),
        "social": lambda: social(read, period, lang),
        "roi": lambda: roi(read, lang),
        "imports": lambda: imports(read),
        "complaints": lambda: complaints_page(read, lang),
        "loyalty": lambda: Page("loyalty", [_optional(read, "loyalty", {}, PAGES["loyalty"])]),
        "experiments": lambda: experiments_page(read, experiments, lang),
        "goals": lambda: goals_page(read, lang),
    }
    page = builders[key]()
    page.meta |= {"page": key, "period": period, "segment": segment}
    page.sources = sources
    if key in PAGE_TILES:
        page.tiles = page_tiles(plain_read, period, lang, focus, PAGE_TILES[key])
    return page


def page_tiles(
    read: Reader, period: str, lang: str, focus: str | None, metrics: tuple[str, ...] | None
) -> list[TileView]:
    """The tiles of the last complete period (or ``focus``), from the stored ``tiles``
    answer; none when it is not stored (a new workspace)."""
    try:
        stored = read("tiles", {"period": period, "lang": lang})
        _, shown = pick_tiles(stored, focus)
    except BindungError:
        return []
    return tile_views(stored, shown, metrics=metrics, lang=lang)


def shown_rows(table: Table, limit: int = PAGE_ROWS) -> tuple[pd.DataFrame, str]:
    """:func:`bindung.report.tables.shown_rows` (the same rule for pages and the terminal)."""
    return tables_mod.shown_rows(table, limit)


def _optional(read: Reader, key: str, params: dict[str, Any], title: tuple[str, str]) -> Section:
    """The stored answer, or a section that says why there is none (no data, not computed)."""
    try:
        return read(key, params)
    except BindungError as exc:
        return Section(key, title[0], title[1], [], [Finding(str(exc), str(exc), "info")], {})


def overview(read: Reader, period: str, lang: str, focus: str | None = None) -> Page:
    stored = read("tiles", {"period": period, "lang": lang})
    kpis, shown = pick_tiles(stored, focus)
    sections = [kpis, _optional(read, "alerts", {}, both("Alerts"))]
    goals = _optional(read, "goals", {}, both("Goals"))
    if goals.tables and not goals.tables[0].frame.empty:
        sections.append(goals)
    return Page("overview", sections, [], {"shown_period": shown})


def pick_tiles(stored: Section, focus: str | None) -> tuple[Section, str | None]:
    """The tiles of one period: ``focus``, or the last complete one."""
    table = stored.table("tiles")
    frame = table.frame
    periods = list(dict.fromkeys(frame["period"].astype(str)))
    if focus is not None:
        hit = frame[frame["period"].astype(str) == focus]
        if hit.empty:
            raise BindungError(
                f"focus {focus!r} is not a {stored.meta.get('unit', 'period')} of the data; "
                f"expected one of {', '.join(periods)}"
            )
        if bool(hit["partial"].astype(bool).any()):
            raise BindungError(f"focus {focus!r} is an incomplete period")
        shown: str | None = focus
    else:
        complete = frame[~frame["partial"].astype(bool)]
        shown = None if complete.empty else str(complete["period"].iloc[-1])
    rows = frame[frame["period"].astype(str) == shown].reset_index(drop=True)
    titles = both("Key figures {period}", lambda _: {"period": shown or ""})
    picked = replace(
        table,
        title_de=titles[0],
        title_en=titles[1],
        frame=rows,
    )
    meta = {"period": shown, "unit": stored.meta.get("unit")}
    return Section("kpis", *both("Key figures"), [picked], [], meta), shown


def retention(read: Reader, period: str, lang: str) -> Page:
    stored = read("retention", {"period": period})
    table, cohort_table = stored.table("retention_over_time"), stored.table("cohorts")
    sections = [stored]
    page_charts = [
        charts.lines(
            table,
            "period",
            list(RETENTION_SERIES),
            lang,
            flag="warming",
            flag_text=WARMING_TEXT,
        ),
        charts.heatmap(cohort_table, lang),
    ]
    try:
        survival = read("survival", {})
    except BindungError:
        survival = None
    if survival is not None:
        sections.append(survival)
        page_charts.append(charts.survival_chart(survival.tables[0], lang))
    return Page("retention", sections, page_charts)


def value(read: Reader, segment: str | None, lang: str) -> Page:
    chosen = segment.replace("-", "_") if segment else None
    section = read("value", {"segment": chosen, "lang": lang})
    shown = Section(
        section.key,
        section.title_de,
        section.title_en,
        [section.table("segments"), section.table("at_risk")],
        section.findings,
        section.meta,
    )
    currency = section.meta.get("currency")
    histogram = charts.histogram(section.table("clv_distribution"), "clv", lang, currency=currency)
    channels = _optional(read, "channels", {}, both("Sales channels"))
    usage = bars_of(channels, "usage", "channels", "revenue_per_customer", lang, currency=currency)
    products = _optional(read, "products", {}, both("Products"))
    first = bars_of(products, "first_category", "category", "repeat_rate", lang)
    return Page("value", [shown, channels, products], [histogram, *usage, *first])


def customer_orders(ws: Store, customer_id: str) -> Section:
    """One customer's orders, newest first (the drill-down of the at-risk list: raw rows,
    read from the store, not an answer: :func:`bindung.insights.customers.orders_of`)."""
    from bindung.insights.customers import orders_of

    rows = orders_of(ws, customer_id)
    if rows.empty:
        raise BindungError(f"no orders for customer {customer_id!r}")
    table = Table(
        "orders",
        *both("Orders of {customer}", lambda _: {"customer": customer_id}),
        [
            Column("order_id", *both("order")),
            Column("local_time", *both("time"), "text"),
            Column("revenue", *both("revenue"), "money"),
            Column("items", *both("items"), "count"),
            Column("channel", *both("channel")),
        ],
        rows.assign(
            ordered_at=rows["ordered_at"].astype(str),
            local_time=formatting.local_minutes(rows["ordered_at"], ws.settings.timezone),
        ),
        keys=("ordered_at",),  # UTC for machines (JSON); the page shows the local time
    )
    return Section("customer", *both("Customer"), [table], [], {"customer_id": customer_id})


def social(read: Reader, period: str, lang: str) -> Page:
    sections = [
        _optional(read, "social", {"period": period}, both("Social media")),
        _optional(read, "satisfaction", {"period": period}, both("Satisfaction")),
        _optional(read, "fans", {}, both("Fans")),
        _optional(read, "themes", {}, both("Themes and sentiment")),
        _optional(read, "content", {}, both("Content formats and posting rhythm")),
        _optional(
            read,
            "reviews",
            {"period": "quarter" if period in ("quarter", "year") else "month"},
            both("Reviews"),
        ),
    ]
    page_charts = []
    trend = table_of(sections[1], "nps_trend")
    if trend is not None and not trend.frame.empty:
        page_charts.append(charts.lines(trend, "period", ["nps"], lang))
    reply = table_of(sections[0], "reply_times")
    if reply is not None and not reply.frame.empty:
        page_charts.append(charts.bars(reply, "platform", "median_minutes", lang))
    page_charts += bars_of(sections[3], "themes", "theme", "share", lang)
    page_charts += lines_of(
        sections[3], "negative_mentions", "period", ["value", "expected", "high"], lang
    )
    return Page("social", sections, page_charts)


def table_of(section: Section, key: str) -> Table | None:
    """The section's table ``key``, or ``None``."""
    try:
        return section.table(key)
    except KeyError:
        return None


def bars_of(section: Section, key: str, x: str, y: str, lang: str, **kw: Any) -> list[Chart]:
    """The bar chart of table ``key``; none when the table, its rows or a column is missing
    (an answer stored by an older version may lack a column: no chart, not an error)."""
    table = table_of(section, key)
    if table is None or table.frame.empty or x not in table.frame or y not in table.frame:
        return []
    return [charts.bars(table, x, y, lang, **kw)]


def lines_of(
    section: Section, key: str, x: str, ys: Sequence[str], lang: str, **kw: Any
) -> list[Chart]:
    """The line chart of table ``key`` with those of ``ys`` it has (as :func:`bars_of`)."""
    table = table_of(section, key)
    if table is None or table.frame.empty or x not in table.frame:
        return []
    present = [y for y in ys if y in table.frame]
    return [charts.lines(table, x, present, lang, **kw)] if present else []


def roi(read: Reader, lang: str) -> Page:
    sections = [
        _optional(read, "measures", {}, both("ROI per measure")),
        _optional(read, "roi", {}, both("ROI")),
        _optional(read, "costs", {}, both("Costs")),
        _optional(read, "economics", {}, both("Unit economics")),
        _optional(read, "budget", {}, both("Budget")),
    ]
    page_charts = measure_charts(sections[0], lang)
    if sections[1].tables:
        page_charts.append(charts.bars(sections[1].tables[0], "measure", "roi_incremental", lang))
    page_charts += economics_charts(sections[3], lang)
    return Page("roi", sections, page_charts)


def measure_charts(section: Section, lang: str) -> list[Chart]:
    """ROI per measure with its interval, and each measure's cumulative ROI by months since
    its start, the months of source 000's full effect shaded (none without the answer)."""
    out = bars_of(section, "measures", "measure", "roi", lang, interval=("roi_low", "roi_high"))
    curves = table_of(section, "roi_curves")
    measures = [c.key for c in curves.columns if c.key != "months_since_start"] if curves else []
    return out + lines_of(
        section,
        "roi_curves",
        "months_since_start",
        measures,
        lang,
        flag="expected",
        flag_text=both("full effect expected (source 000)"),
    )


def goals_page(read: Reader, lang: str) -> Page:
    """Goals and alerts, with the revenue against its seasonal range."""
    alerts = _optional(read, "alerts", {}, both("Alerts"))
    return Page(
        "goals", [_optional(read, "goals", {}, both("Goals")), alerts], alert_charts(alerts, lang)
    )


def alert_charts(section: Section, lang: str) -> list[Chart]:
    """Each figure with an anomaly rule against its seasonal range (the first one: revenue by
    default), as lines; none without the answer."""
    table = table_of(section, "baseline")
    if table is None or table.frame.empty:
        return []
    first = str(table.frame["metric"].iloc[0])
    rows = table.frame[table.frame["metric"] == first].reset_index(drop=True)
    column = table.columns[0]

    def named(language: str) -> str:
        return f"{table.title(language)}: {column.show(first, language)}"

    one = Table("baseline", named("de"), named("en"), table.columns, rows, keys=table.keys)
    currency = section.meta.get("currency") if first in ("revenue",) else None
    return [
        charts.lines(one, "period", ["value", "expected", "low", "high"], lang, currency=currency)
    ]


def economics_charts(section: Section, lang: str) -> list[Chart]:
    """The unit economics' margin per customer by months since acquisition, one line per
    acquisition channel (none when the answer is missing)."""
    payback = table_of(section, "payback")
    channels = [c.key for c in payback.columns if c.key != "month"] if payback else []
    return lines_of(
        section, "payback", "month", channels, lang, currency=section.meta.get("currency")
    )


def complaints_page(read: Reader, lang: str) -> Page:
    """Complaints per month and unanswered ones; buying after a complaint by its outcome;
    reply speed and retention (complaints and mentions: customers bought again by the speed
    of the first reply)."""
    section = _optional(read, "complaints", {"period": "month"}, PAGES["complaints"])
    replies = _optional(read, "replies", {}, both("Reply speed and retention"))
    page_charts = (
        lines_of(section, "handling_trend", "period", ["complaints", "unanswered"], lang)
        + bars_of(section, "effect_by_outcome", "outcome", "percent", lang)
        + bars_of(replies, "bands", "band", "retention", lang)
    )
    return Page("complaints", [section, replies], page_charts)


def experiments_page(read: Reader, names: Sequence[str], lang: str) -> Page:
    """Every stored experiment, one section each (without any, a section that says so), and
    the e-mail campaigns with a bar per campaign of its difference in the share buying."""
    sections = [
        _optional(read, "experiment", {"name": name}, (f"Experiment {name}", f"Experiment {name}"))
        for name in names
    ]
    if not sections:
        note = Finding(
            *both(
                "No experiments stored: import the assignments of an A/B test "
                "(bindung import assignments FILE)."
            ),
            "info",
        )
        sections = [Section("experiment", *both("Experiments"), [], [note], {})]
    campaigns = _optional(read, "campaigns", {}, both("E-mail campaigns"))
    page_charts = bars_of(campaigns, "campaigns", "name", "share_pp", lang)
    return Page("experiments", [*sections, campaigns], page_charts)


def imports(read: Reader) -> Page:
    return Page("imports", [read("imports", {})])


def frame_of(section: Section, key: str) -> pd.DataFrame:
    """A stored table's frame (for views that need the raw rows)."""
    return section.table(key).frame
