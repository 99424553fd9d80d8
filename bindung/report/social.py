"""The social-media section of the report (``bindung social``): reply times (SMRT) per platform
and period, the engagement of existing customers (SMER-B), advocacy per customer (SMAI) and the
share of the community that are customers; findings in plain words and the alarms.

>>> section = social_section(ws, period="quarter", start="2025-Q1")     # doctest: +SKIP
>>> social_alerts(ws)                                                   # doctest: +SKIP
[{'key': 'reply_slow', 'platform': 'tiktok', 'value': 74.0, 'threshold': 60.0, ...}]

The figures come from :mod:`bindung.insights.social` (formulas and sources there; DESIGN.md,
"Definitions") and :mod:`bindung.hours`; nothing is computed here but the layout.

* The periods are local calendar periods (workspace time zone) from the first to the last
  social activity (posts, interactions, mentions).  ``start``/``end`` are days or periods
  (``2026-03-15``, ``2026-03``, ``2026-Q1``, ``2026``): the periods that overlap
  ``[start, end]`` are kept, and the overall tables cover exactly those periods.
* Shares are shown as percentages 0–100, reply times in minutes; with ``business_hours`` set
  the reply tables also give the open minutes (columns ``open_…``).
* Benchmarks (settings, defaults from source 000): SMER-B below ``alert_smer_b_weak`` is weak,
  above ``alert_smer_b_strong`` strong; SMAI below ``alert_smai_typical`` is under the typical
  value, above ``alert_smai_excellent`` excellent (SMAI is judged over all platforms, since
  each platform's SMAI is a part of it); a median reply slower than ``alert_reply_minutes``
  (open minutes when business hours are set, else clock minutes) is an alarm.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from bindung.errors import BindungError
from bindung.hours import BusinessHours, parse_business_hours
from bindung.i18n import N_, both, tr
from bindung.insights import social
from bindung.metrics.periods import UNITS, Grid, Unit, window_day
from bindung.report import format as fmt
from bindung.report.tables import PERIOD_COLUMNS, Column, Finding, Level, Section, Table

if TYPE_CHECKING:
    from bindung.store.protocol import Store

__all__ = ["social_alerts", "social_section"]

#: "all platforms", the label of the rows over every platform
ALL_LABEL = N_("all platforms")
PLATFORM = Column("platform", *both("platform"), labels=(("all", *both(ALL_LABEL)),))
SMER_B_UNDEFINED = N_(
    "SMER-B {platform}: not defined (no posts or no existing customers in the community)."
)
REPLY_BEFORE_MENTION = N_(
    "{platform}: {n} mentions with a reply before the mention (a data error) are left out."
)


def _reply_columns(prefix: str, open_hours: bool) -> tuple[Column, ...]:
    def label(text: str) -> tuple[str, str]:
        if open_hours:
            # i18n: a reply column (median, mean, ...) counted in the business hours only
            return both("{label} (open hours)", lambda lang: {"label": tr(lang, text)})
        return both(text)

    return (
        Column(f"{prefix}median_minutes", *label(N_("median")), "minutes"),
        Column(f"{prefix}mean_minutes", *label(N_("mean")), "minutes"),
        Column(f"{prefix}p90_minutes", *label(N_("90th percentile")), "minutes"),
        Column(f"{prefix}share_within_60", *label(N_("within 60 min")), "percent"),
        Column(f"{prefix}share_within_30", *label(N_("within 30 min")), "percent"),
        Column(
            f"{prefix}share_negative_within_15", *label(N_("negative within 15 min")), "percent"
        ),
    )


REPLY_COUNTS = (
    Column("needing_reply", *both("needing a reply"), "count"),
    Column("answered", *both("answered"), "count"),
    Column("unanswered", *both("unanswered"), "count"),
    Column("bad_rows", *both("reply before mention"), "count"),
    Column("negative_needing_reply", *both("negative needing a reply"), "count"),
)
CLOCK = _reply_columns("", open_hours=False)
OPEN = _reply_columns("open_", open_hours=True)
ENGAGEMENT = (
    Column("posts", *both("posts"), "count"),
    Column("community", *both("community (handles)"), "count"),
    Column("customers_in_community", *both("existing customers in the community"), "count"),
    Column("customer_interactions", *both("interactions by existing customers"), "count"),
    Column("smer_b", *both("SMER-B"), "percent"),
    Column("customers", *both("customers (active at the end)"), "count"),
    Column("customer_mentions", *both("mentions by customers"), "count"),
    Column("customer_shares", *both("shares by customers"), "count"),
    Column("smai", *both("SMAI"), "score"),
    Column("community_members", *both("community members"), "count"),
    Column("community_customers", *both("of them customers"), "count"),
    Column("community_share", *both("customer share of community"), "percent"),
)
SHARES = (
    "share_within_60",
    "share_within_30",
    "share_negative_within_15",
    "open_share_within_60",
    "open_share_within_30",
    "open_share_negative_within_15",
)


@dataclass(frozen=True)
class _Window:
    """The kept periods (``grid``) or ``None`` when there is no social data in the window."""

    grid: Grid | None
    unit: Unit
    hours: BusinessHours | None


def _window(ws: Store, period: str, start: str | date | None, end: str | date | None) -> _Window:
    if period not in UNITS:
        raise BindungError(f"--period {period!r}: expected one of {', '.join(UNITS)}")
    unit: Unit = period  # type: ignore[assignment]
    hours = parse_business_hours(ws.settings.business_hours, ws.settings.lang)
    first = window_day(start, "--from", stop=False)
    stop = window_day(end, "--to", stop=True)
    if first is not None and stop is not None and stop <= first:
        raise BindungError(f"--to {end} lies before --from {start}")
    return _Window(social.activity_grid(ws, unit, first, stop), unit, hours)


def _percent(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in SHARES:
        if column in out.columns:
            out[column] = out[column] * 100.0
    return out


def _with_periods(frame: pd.DataFrame, grid: Grid) -> pd.DataFrame:
    periods: pd.DataFrame = grid.frame()[["k", "period", "start", "end", "partial"]]
    return periods.merge(frame, on="k", how="inner").drop(columns="k")


def _reply_tables(ws: Store, w: _Window) -> tuple[pd.DataFrame, pd.DataFrame]:
    columns = ["platform", *social.REPLY_COLUMNS]
    if w.hours is not None:
        columns += [c.key for c in OPEN]
    if w.grid is None:
        empty = pd.DataFrame(columns=columns)
        return empty, pd.DataFrame(columns=["period", "start", "end", "partial", *columns])
    overall = social.replies(ws, w.grid, w.hours, by_period=False)
    trend = social.replies(ws, w.grid, w.hours, by_period=True)
    return _percent(overall), _with_periods(_percent(trend), w.grid)


def _engagement_tables(ws: Store, w: _Window) -> tuple[pd.DataFrame, pd.DataFrame]:
    columns = ["platform", *(c.key for c in ENGAGEMENT)]
    if w.grid is None:
        empty = pd.DataFrame(columns=columns)
        return empty, pd.DataFrame(columns=["period", "start", "end", "partial", *columns])
    overall = social.shared_engagement(ws, w.grid, by_period=False)
    trend = social.shared_engagement(ws, w.grid, by_period=True)
    return overall, _with_periods(trend, w.grid)


# -- findings --------------------------------------------------------------------------------


def _n(value: float, lang: str, decimals: int = 0) -> str:
    return fmt.number(value, lang, decimals)


def _name(platform: str, lang: str) -> str:
    return tr(lang, ALL_LABEL) if platform == social.ALL else platform


def _smer_b_text(p: str, v: float, weak: float, strong: float, lang: str) -> str:
    if v < weak:
        status = tr(lang, "weak (below {weak} %)", weak=_n(weak, lang, 1))
    elif v > strong:
        status = tr(lang, "strong (above {strong} %)", strong=_n(strong, lang, 1))
    else:
        status = tr(
            lang,
            "in the usual range ({weak}–{strong} %)",
            weak=_n(weak, lang, 1),
            strong=_n(strong, lang, 1),
        )
    return tr(
        lang,
        "SMER-B {platform}: {value} % – {status}. Each existing customer in the community "
        "interacted {value} times per 100 posts on average.",
        platform=_name(p, lang),
        value=_n(v, lang, 2),
        status=status,
    )


def _smer_b_findings(ws: Store, engagement: pd.DataFrame) -> list[Finding]:
    s = ws.settings
    weak, strong = float(s.alert_smer_b_weak), float(s.alert_smer_b_strong)
    out: list[Finding] = []
    for row in engagement.to_dict("records"):
        p, value = str(row["platform"]), row["smer_b"]
        if fmt.missing(value):
            out.append(
                Finding(
                    tr("de", SMER_B_UNDEFINED, platform=_name(p, "de")),
                    tr("en", SMER_B_UNDEFINED, platform=_name(p, "en")),
                )
            )
            continue
        v = float(value)
        level: Level = "warning" if v < weak else ("good" if v > strong else "info")
        out.append(
            Finding(
                _smer_b_text(p, v, weak, strong, "de"),
                _smer_b_text(p, v, weak, strong, "en"),
                level,
            )
        )
    return out


def _smai_text(v: float, typical: float, excellent: float, lang: str) -> str:
    if v < typical:
        status = tr(lang, "below the typical value {typical}", typical=_n(typical, lang, 2))
    elif v > excellent:
        status = tr(lang, "excellent (above {excellent})", excellent=_n(excellent, lang, 2))
    else:
        status = tr(
            lang,
            "typical ({typical}–{excellent})",
            typical=_n(typical, lang, 2),
            excellent=_n(excellent, lang, 2),
        )
    return tr(
        lang,
        "SMAI (all platforms): {value} mentions and shares per customer – {status}.",
        value=_n(v, lang, 2),
        status=status,
    )


def _smai_finding(ws: Store, engagement: pd.DataFrame) -> list[Finding]:
    s = ws.settings
    typical, excellent = float(s.alert_smai_typical), float(s.alert_smai_excellent)
    rows = engagement[engagement["platform"] == social.ALL]
    if rows.empty or fmt.missing(rows.iloc[0]["smai"]):
        return [Finding(*both("SMAI: not defined (no active customers)."))]
    v = float(rows.iloc[0]["smai"])
    level: Level = "warning" if v < typical else ("good" if v > excellent else "info")
    return [
        Finding(
            _smai_text(v, typical, excellent, "de"),
            _smai_text(v, typical, excellent, "en"),
            level,
        )
    ]


def _reply_text(
    p: str, v: float, limit: float, unanswered: int, needing: int, open_hours: bool, lang: str
) -> str:
    if v > limit:
        speed = tr(lang, "slower than {limit} min (alarm)", limit=_n(limit, lang))
    else:
        speed = tr(lang, "within {limit} min", limit=_n(limit, lang))
    return tr(
        lang,
        "Reply time {platform}: median {value} min{basis} – {speed}; unanswered: {unanswered} "
        "of {needing}.",
        platform=_name(p, lang),
        value=_n(v, lang, 1),
        basis=tr(lang, " (in open hours)") if open_hours else "",
        speed=speed,
        unanswered=_n(unanswered, lang),
        needing=_n(needing, lang),
    )


def _reply_findings(ws: Store, replies: pd.DataFrame, hours: BusinessHours | None) -> list[Finding]:
    limit = float(ws.settings.alert_reply_minutes)
    column = "open_median_minutes" if hours is not None else "median_minutes"
    out: list[Finding] = []
    for row in replies.to_dict("records"):
        p, value = str(row["platform"]), row[column]
        if int(row["bad_rows"]):
            out.append(
                Finding(
                    tr("de", REPLY_BEFORE_MENTION, platform=_name(p, "de"), n=int(row["bad_rows"])),
                    tr("en", REPLY_BEFORE_MENTION, platform=_name(p, "en"), n=int(row["bad_rows"])),
                    "warning",
                )
            )
        if fmt.missing(value):
            continue
        v = float(value)
        unanswered, needing = int(row["unanswered"]), int(row["needing_reply"])
        texts = [
            _reply_text(p, v, limit, unanswered, needing, hours is not None, lang)
            for lang in ("de", "en")
        ]
        out.append(Finding(texts[0], texts[1], "alarm" if v > limit else "good"))
    return out


# -- the section -----------------------------------------------------------------------------


def social_section(
    ws: Store,
    *,
    period: str = "month",
    start: str | date | None = None,
    end: str | date | None = None,
) -> Section:
    """The social-media section: tables ``reply_times`` (per platform and all platforms),
    ``reply_trend`` (per period and platform), ``engagement`` (SMER-B, SMAI and the community
    share per platform) and ``engagement_trend``; findings with the benchmark status.

    Raises :class:`~bindung.errors.BindungError` for an unknown ``period`` or window, and
    :class:`~bindung.errors.WorkspaceError` for unreadable ``business_hours``.
    """
    w = _window(ws, period, start, end)
    replies, reply_trend = _reply_tables(ws, w)
    engagement, engagement_trend = _engagement_tables(ws, w)
    reply_columns = [*REPLY_COUNTS[:4], *CLOCK[:5], REPLY_COUNTS[4], CLOCK[5]]
    if w.hours is not None:
        reply_columns += OPEN
    tables = [
        Table(
            "reply_times",
            *both("Reply times (SMRT) per platform"),
            [PLATFORM, *reply_columns],
            replies,
        ),
        Table(
            "reply_trend",
            *both("Reply times (SMRT) per period"),
            [*PERIOD_COLUMNS, PLATFORM, *reply_columns],
            reply_trend,
        ),
        Table(
            "engagement",
            *both("Engagement (SMER-B, SMAI, community) per platform"),
            [PLATFORM, *ENGAGEMENT],
            engagement,
        ),
        Table(
            "engagement_trend",
            *both("Engagement per period"),
            [*PERIOD_COLUMNS, PLATFORM, *ENGAGEMENT],
            engagement_trend,
        ),
    ]
    if w.grid is None:
        findings = [Finding(*both("No social-media data in the chosen range."))]
    else:
        findings = [
            *_reply_findings(ws, replies, w.hours),
            *_smer_b_findings(ws, engagement),
            *_smai_finding(ws, engagement),
        ]
    s = ws.settings
    meta = {
        "period": w.unit,
        "start": None if w.grid is None else w.grid.starts[0],
        "end": None if w.grid is None else w.grid.starts[-1],
        "timezone": s.timezone,
        "business_hours": s.business_hours,
        "alert_reply_minutes": s.alert_reply_minutes,
        "alert_smer_b_weak": s.alert_smer_b_weak,
        "alert_smer_b_strong": s.alert_smer_b_strong,
        "alert_smai_typical": s.alert_smai_typical,
        "alert_smai_excellent": s.alert_smai_excellent,
    }
    return Section("social", *both("Social media"), tables, findings, meta)


# -- alarms ----------------------------------------------------------------------------------


def social_alerts(
    ws: Store, *, start: str | date | None = None, end: str | date | None = None
) -> list[dict[str, Any]]:
    """The social-media alarms over all data (or the months overlapping ``start``–``end``),
    as plain dicts ``{"key", "platform", "value", "threshold", "customer_ids", ...}``:

    * ``smer_b_weak`` — every platform whose SMER-B (%) lies below ``alert_smer_b_weak``;
      ``customer_ids``: the existing customers in that platform's community (who interacted);
    * ``smai_low`` — platform :data:`~bindung.insights.social.ALL` when the SMAI over all
      platforms lies below ``alert_smai_typical``; ``customer_ids``: the existing customers in
      the community of any platform;
    * ``reply_slow`` — every platform whose median reply time exceeds ``alert_reply_minutes``
      (``"minutes": "open"`` with business hours, else ``"clock"``); ``customer_ids``: the
      customers with a mention on it that waited longer than the threshold or was never
      answered.

    Customer ids are distinct and sorted, so the revenue at risk can be valued from them.
    """
    w = _window(ws, "month", start, end)
    if w.grid is None:
        return []
    s = ws.settings
    grid = w.grid
    engagement = social.shared_engagement(ws, grid, by_period=False)
    replies = social.replies(ws, grid, w.hours, by_period=False)
    community = social.community_frame(ws, grid)
    out: list[dict[str, Any]] = []
    weak = float(s.alert_smer_b_weak)
    for row in engagement.to_dict("records"):
        p, value = str(row["platform"]), row["smer_b"]
        if p == social.ALL or fmt.missing(value) or float(value) >= weak:
            continue
        ids = community.loc[community["platform"] == p, "customer_id"]
        out.append(_alert("smer_b_weak", p, float(value), weak, ids))
    typical = float(s.alert_smai_typical)
    total = engagement[engagement["platform"] == social.ALL]
    if not total.empty and not fmt.missing(total.iloc[0]["smai"]):
        value = float(total.iloc[0]["smai"])
        if value < typical:
            out.append(_alert("smai_low", social.ALL, value, typical, community["customer_id"]))
    limit = float(s.alert_reply_minutes)
    column = "open_median_minutes" if w.hours is not None else "median_minutes"
    for row in replies.to_dict("records"):
        p, value = str(row["platform"]), row[column]
        if p == social.ALL or fmt.missing(value) or float(value) <= limit:
            continue
        waiting = social.waiting_customers(ws, grid, w.hours, p, limit)
        alert = _alert("reply_slow", p, float(value), limit, waiting)
        alert["minutes"] = "open" if w.hours is not None else "clock"
        out.append(alert)
    return out


def _alert(key: str, platform: str, value: float, threshold: float, ids: Any) -> dict[str, Any]:
    return {
        "key": key,
        "platform": platform,
        "value": value,
        "threshold": threshold,
        "customer_ids": sorted({str(c) for c in ids}),
    }
