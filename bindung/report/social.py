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
from bindung.insights import social
from bindung.metrics.periods import UNITS, Grid, Unit, window_day
from bindung.report import format as fmt
from bindung.report.tables import PERIOD_COLUMNS, Column, Finding, Section, Table

if TYPE_CHECKING:
    from bindung.store.protocol import Store

__all__ = ["social_alerts", "social_section"]

PLATFORM = Column(
    "platform", "Plattform", "platform", labels=(("all", "alle Plattformen", "all platforms"),)
)


def _reply_columns(prefix: str, de: str, en: str) -> tuple[Column, ...]:
    return (
        Column(f"{prefix}median_minutes", f"Median{de}", f"median{en}", "minutes"),
        Column(f"{prefix}mean_minutes", f"Mittelwert{de}", f"mean{en}", "minutes"),
        Column(f"{prefix}p90_minutes", f"90-%-Quantil{de}", f"90th percentile{en}", "minutes"),
        Column(
            f"{prefix}share_within_60",
            f"in 60 min beantwortet{de}",
            f"within 60 min{en}",
            "percent",
        ),
        Column(
            f"{prefix}share_within_30",
            f"in 30 min beantwortet{de}",
            f"within 30 min{en}",
            "percent",
        ),
        Column(
            f"{prefix}share_negative_within_15",
            f"negative in 15 min{de}",
            f"negative within 15 min{en}",
            "percent",
        ),
    )


REPLY_COUNTS = (
    Column("needing_reply", "Antwort nötig", "needing a reply", "count"),
    Column("answered", "beantwortet", "answered", "count"),
    Column("unanswered", "unbeantwortet", "unanswered", "count"),
    Column("bad_rows", "Antwort vor Erwähnung", "reply before mention", "count"),
    Column(
        "negative_needing_reply", "negative, Antwort nötig", "negative needing a reply", "count"
    ),
)
CLOCK = _reply_columns("", "", "")
OPEN = _reply_columns("open_", " (Öffnungszeit)", " (open hours)")
ENGAGEMENT = (
    Column("posts", "Beiträge", "posts", "count"),
    Column("community", "Community (Handles)", "community (handles)", "count"),
    Column(
        "customers_in_community",
        "Bestandskunden in der Community",
        "existing customers in the community",
        "count",
    ),
    Column(
        "customer_interactions",
        "Interaktionen von Bestandskunden",
        "interactions by existing customers",
        "count",
    ),
    Column("smer_b", "SMER-B", "SMER-B", "percent"),
    Column("customers", "Kunden (aktiv am Ende)", "customers (active at the end)", "count"),
    Column("customer_mentions", "Erwähnungen durch Kunden", "mentions by customers", "count"),
    Column("customer_shares", "Teilungen durch Kunden", "shares by customers", "count"),
    Column("smai", "SMAI", "SMAI", "score"),
    Column("community_members", "Community-Mitglieder", "community members", "count"),
    Column("community_customers", "davon Kunden", "of them customers", "count"),
    Column(
        "community_share", "Kundenanteil der Community", "customer share of community", "percent"
    ),
)
SHARES = (
    "share_within_60",
    "share_within_30",
    "share_negative_within_15",
    "open_share_within_60",
    "open_share_within_30",
    "open_share_negative_within_15",
)
ALL_LABEL = {"de": "alle Plattformen", "en": "all platforms"}


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
    return ALL_LABEL["de" if lang == "de" else "en"] if platform == social.ALL else platform


def _smer_b_findings(ws: Store, engagement: pd.DataFrame) -> list[Finding]:
    s = ws.settings
    weak, strong = float(s.alert_smer_b_weak), float(s.alert_smer_b_strong)
    out: list[Finding] = []
    for row in engagement.to_dict("records"):
        p, value = str(row["platform"]), row["smer_b"]
        de_p, en_p = _name(p, "de"), _name(p, "en")
        if fmt.missing(value):
            out.append(
                Finding(
                    f"SMER-B {de_p}: nicht definiert (keine Beiträge oder keine Bestandskunden "
                    "in der Community).",
                    f"SMER-B {en_p}: not defined (no posts or no existing customers in the "
                    "community).",
                )
            )
            continue
        v = float(value)
        if v < weak:
            de, en, level = (
                f"schwach (unter {_n(weak, 'de', 1)} %)",
                f"weak (below {_n(weak, 'en', 1)} %)",
                "warning",
            )
        elif v > strong:
            de, en, level = (
                f"stark (über {_n(strong, 'de', 1)} %)",
                f"strong (above {_n(strong, 'en', 1)} %)",
                "good",
            )
        else:
            de, en, level = (
                f"im üblichen Bereich ({_n(weak, 'de', 1)}–{_n(strong, 'de', 1)} %)",
                f"in the usual range ({_n(weak, 'en', 1)}–{_n(strong, 'en', 1)} %)",
                "info",
            )
        out.append(
            Finding(
                f"SMER-B {de_p}: {_n(v, 'de', 2)} % – {de}. Jeder Bestandskunde in der "
                f"Community interagierte im Schnitt {_n(v, 'de', 2)}-mal je 100 Beiträge.",
                f"SMER-B {en_p}: {_n(v, 'en', 2)} % – {en}. Each existing customer in the "
                f"community interacted {_n(v, 'en', 2)} times per 100 posts on average.",
                level,  # type: ignore[arg-type]
            )
        )
    return out


def _smai_finding(ws: Store, engagement: pd.DataFrame) -> list[Finding]:
    s = ws.settings
    typical, excellent = float(s.alert_smai_typical), float(s.alert_smai_excellent)
    rows = engagement[engagement["platform"] == social.ALL]
    if rows.empty or fmt.missing(rows.iloc[0]["smai"]):
        return [
            Finding(
                "SMAI: nicht definiert (keine aktiven Kunden).",
                "SMAI: not defined (no active customers).",
            )
        ]
    v = float(rows.iloc[0]["smai"])
    if v < typical:
        de, en, level = (
            f"unter dem typischen Wert {_n(typical, 'de', 2)}",
            f"below the typical value {_n(typical, 'en', 2)}",
            "warning",
        )
    elif v > excellent:
        de, en, level = (
            f"exzellent (über {_n(excellent, 'de', 2)})",
            f"excellent (above {_n(excellent, 'en', 2)})",
            "good",
        )
    else:
        de, en, level = (
            f"typisch ({_n(typical, 'de', 2)}–{_n(excellent, 'de', 2)})",
            f"typical ({_n(typical, 'en', 2)}–{_n(excellent, 'en', 2)})",
            "info",
        )
    return [
        Finding(
            f"SMAI (alle Plattformen): {_n(v, 'de', 2)} Erwähnungen und Teilungen je Kunde – {de}.",
            f"SMAI (all platforms): {_n(v, 'en', 2)} mentions and shares per customer – {en}.",
            level,  # type: ignore[arg-type]
        )
    ]


def _reply_findings(ws: Store, replies: pd.DataFrame, hours: BusinessHours | None) -> list[Finding]:
    limit = float(ws.settings.alert_reply_minutes)
    column = "open_median_minutes" if hours is not None else "median_minutes"
    de_basis = " (in Öffnungszeit)" if hours is not None else ""
    en_basis = " (in open hours)" if hours is not None else ""
    out: list[Finding] = []
    for row in replies.to_dict("records"):
        p, value = str(row["platform"]), row[column]
        de_p, en_p = _name(p, "de"), _name(p, "en")
        if int(row["bad_rows"]):
            out.append(
                Finding(
                    f"{de_p}: {int(row['bad_rows'])} Erwähnungen mit Antwort vor der Erwähnung "
                    "(Datenfehler) sind nicht mitgezählt.",
                    f"{en_p}: {int(row['bad_rows'])} mentions with a reply before the mention "
                    "(a data error) are left out.",
                    "warning",
                )
            )
        if fmt.missing(value):
            continue
        v = float(value)
        slow = v > limit
        unanswered, needing = int(row["unanswered"]), int(row["needing_reply"])
        out.append(
            Finding(
                f"Antwortzeit {de_p}: Median {_n(v, 'de', 1)} min{de_basis} – "
                + (
                    f"langsamer als {_n(limit, 'de')} min (Alarm)"
                    if slow
                    else f"innerhalb von {_n(limit, 'de')} min"
                )
                + f"; unbeantwortet: {_n(unanswered, 'de')} von {_n(needing, 'de')}.",
                f"Reply time {en_p}: median {_n(v, 'en', 1)} min{en_basis} – "
                + (
                    f"slower than {_n(limit, 'en')} min (alarm)"
                    if slow
                    else f"within {_n(limit, 'en')} min"
                )
                + f"; unanswered: {_n(unanswered, 'en')} of {_n(needing, 'en')}.",
                "alarm" if slow else "good",
            )
        )
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
            "Antwortzeiten (SMRT) je Plattform",
            "Reply times (SMRT) per platform",
            [PLATFORM, *reply_columns],
            replies,
        ),
        Table(
            "reply_trend",
            "Antwortzeiten (SMRT) je Periode",
            "Reply times (SMRT) per period",
            [*PERIOD_COLUMNS, PLATFORM, *reply_columns],
            reply_trend,
        ),
        Table(
            "engagement",
            "Engagement (SMER-B, SMAI, Community) je Plattform",
            "Engagement (SMER-B, SMAI, community) per platform",
            [PLATFORM, *ENGAGEMENT],
            engagement,
        ),
        Table(
            "engagement_trend",
            "Engagement je Periode",
            "Engagement per period",
            [*PERIOD_COLUMNS, PLATFORM, *ENGAGEMENT],
            engagement_trend,
        ),
    ]
    if w.grid is None:
        findings = [
            Finding(
                "Keine Social-Media-Daten im gewählten Zeitraum.",
                "No social-media data in the chosen range.",
            )
        ]
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
    return Section("social", "Social Media", "Social media", tables, findings, meta)


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
