"""The replies section (``bindung replies``): numbers from :mod:`bindung.insights.replies`,
labelled and put into plain words.  No number is computed here.

Tables: ``bands`` (customers by the speed of the first reply to their first message, with
retention, orders and revenue in the following 365 days), ``retention``, ``orders`` and
``revenue`` (answered within 15/30/60 minutes against later: unadjusted and weighted on the
history; at 30 minutes also per message kind)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from bindung.i18n import N_, benchmark, both, tr
from bindung.insights.replies import (
    BANDS,
    HORIZON_DAYS,
    LITERATURE_CLAIM_PERCENT,
    LITERATURE_MINUTES,
    ReplyEffect,
    ReplyError,
    ReplyResult,
    reply_speed,
)
from bindung.report import format as fmt
from bindung.report.tables import CellUnit, Column, Finding, Level, Section, Table

if TYPE_CHECKING:
    from bindung.store.protocol import Store

BAND_LABELS = (
    ("15", *both("within 15 minutes")),
    ("30", *both("within 16–30 minutes")),
    ("60", *both("within 31–60 minutes")),
    ("later", *both("later than 60 minutes")),
    ("never", *both("never answered")),
)
KIND_LABELS = (
    ("all", *both("all messages")),
    ("complaint", *both("complaints")),
    ("mention", *both("social mentions")),
)
METHOD_LABELS = (
    ("raw", *both("unadjusted")),
    ("history", *both("weighted on history")),
)
OUTCOMES = {
    "repurchase": (
        "retention",
        N_("Bought again within a year: answered fast against answered later"),
    ),
    "orders": ("orders", N_("Orders in the following year: answered fast against answered later")),
    "revenue": (
        "revenue",
        N_("Revenue in the following year: answered fast against answered later"),
    ),
}
VALUE_UNITS: dict[str, CellUnit] = {"repurchase": "percent", "orders": "score", "revenue": "money"}
EFFECT_UNITS: dict[str, CellUnit] = {
    "repurchase": "points",
    "orders": "percent",
    "revenue": "percent",
}
DEFINITION = N_(
    "Each customer's first message needing a reply (a complaint, or a social mention that "
    "needs a reply, linked through the identities); reply time in clock minutes from the "
    "message to the first reply (not business hours: the customer waits in clock time); "
    "outcomes in the {days} days after the message, for the customers whose {days} days are "
    "in the data. Weighted on history: compared with customers answered later who looked "
    "alike before the message (orders, months since the last and the first order, order "
    "value, acquisition channel, segment and kind of message)."
)
NO_MESSAGES = N_(
    "No message needing a reply is linked to a customer. Import complaints with reply times "
    "(bindung import complaints FILE) or social mentions with needs_reply and first_reply_at "
    "and identities that link their authors to customers (bindung import social_mentions "
    "FILE, bindung import identities FILE)."
)
NO_REPLY_TIMES = N_(
    "The messages carry no reply time: import complaints or social mentions with the time "
    "of the first reply (the column first_reply_at; German exports: Erste Antwort)."
)


def _sentence(text: str) -> str:
    """``text`` starting a sentence (its first letter capital)."""
    return text[:1].upper() + text[1:]


def _signed(v: float, lang: str, unit: str = "\u00a0%") -> str:
    sign = "+" if v > 0 else ("±" if v == 0 else "−")
    return f"{sign}{fmt.number(abs(v), lang, 1)}{unit}"


def _pct(v: float, lang: str) -> str:
    return fmt.number(v, lang, 1) + "\u00a0%"


def _bands_table(bands: pd.DataFrame) -> Table:
    return Table(
        "bands",
        *both("Customers by the speed of the first reply to their first message"),
        [
            Column("band", *both("first reply"), labels=BAND_LABELS),
            Column("customers", *both("customers"), "count"),
            Column("complaints", *both("of them by complaint"), "count"),
            Column("mentions", *both("of them by mention"), "count"),
            Column("complete", *both("with a full year after it"), "count"),
            Column("retained", *both("bought again"), "count"),
            Column("retention", *both("bought again %"), "percent"),
            Column("orders", *both("orders per customer"), "score"),
            Column("revenue", *both("revenue per customer"), "money"),
        ],
        bands,
    )


EFFECT_COLUMNS = [
    "minutes",
    "kind",
    "method",
    "fast",
    "later",
    "fast_value",
    "later_value",
    "value",
    "low",
    "high",
]


def _effect_table(outcome: str, effects: list[ReplyEffect]) -> Table:
    key, title = OUTCOMES[outcome]
    rows = pd.DataFrame(
        [vars(e) for e in effects if e.outcome == outcome],
        columns=[*EFFECT_COLUMNS, "outcome"],
    )[EFFECT_COLUMNS]
    unit, effect = VALUE_UNITS[outcome], EFFECT_UNITS[outcome]
    change = both("difference (points)") if outcome == "repurchase" else both("difference %")
    return Table(
        key,
        *both(title),
        [
            Column("minutes", *both("answered within (minutes)"), "count"),
            Column("kind", *both("messages"), labels=KIND_LABELS),
            Column("method", *both("compared"), labels=METHOD_LABELS),
            Column("fast", *both("customers answered fast"), "count"),
            Column("later", *both("customers answered later"), "count"),
            Column("fast_value", *both("answered fast"), unit),
            Column("later_value", *both("answered later"), unit),
            Column("value", *change, effect),
            Column("low", *both("CI from"), effect),
            Column("high", *both("CI to"), effect),
        ],
        rows,
    )


def _main_finding(result: ReplyResult) -> Finding | None:
    e = result.effect(LITERATURE_MINUTES, "repurchase", "history")
    raw = result.effect(LITERATURE_MINUTES, "repurchase", "raw")
    if e is None:
        return None

    def values(lang: str) -> dict[str, object]:
        relative = (e.fast_value / e.later_value - 1) * 100 if e.later_value > 0 else math.nan
        return {
            "n": fmt.number(e.fast, lang),
            "fast": _pct(e.fast_value, lang),
            "later": _pct(e.later_value, lang),
            "diff": _signed(e.value, lang, ""),
            "low": _signed(e.low, lang, ""),
            "high": _signed(e.high, lang, ""),
            "relative": _signed(relative, lang) if math.isfinite(relative) else "–",
            "raw_later": _pct(raw.later_value, lang) if raw is not None else "–",
            "benchmark": _sentence(benchmark("000", lang)),
            "claim": f"+{LITERATURE_CLAIM_PERCENT:g}\u00a0%",
            "minutes": LITERATURE_MINUTES,
        }

    text = N_(
        "Of the {n} customers whose first message was answered within {minutes} minutes, "
        "{fast} bought again within a year, against {later} of comparable customers answered "
        "later ({diff} points, 95 % CI {low} … {high}; relative {relative}; all customers "
        "answered later: {raw_later}). {benchmark}: replies within 30 minutes bring {claim} "
        "retention."
    )
    clear = e.low > 0 or e.high < 0
    level: Level = "good" if clear and e.value > 0 else "info"
    de, en = both(text, values)
    if not clear:
        de += tr("de", " The difference cannot be told apart from zero.")
        en += tr("en", " The difference cannot be told apart from zero.")
    return Finding(de, en, level)


def _orders_finding(result: ReplyResult) -> Finding | None:
    e = result.effect(LITERATURE_MINUTES, "orders", "history")
    raw = result.effect(LITERATURE_MINUTES, "orders", "raw")
    if e is None or raw is None:
        return None
    return Finding(
        *both(
            "Orders in the following year of the customers answered within {minutes} "
            "minutes against comparable customers answered later: {change} (95 % CI {low} … "
            "{high}); unadjusted {raw}.",
            lambda lang: {
                "minutes": LITERATURE_MINUTES,
                "change": _signed(e.value, lang),
                "low": _signed(e.low, lang),
                "high": _signed(e.high, lang),
                "raw": _signed(raw.value, lang),
            },
        ),
        "good" if e.low > 0 else "info",
    )


def _findings(result: ReplyResult) -> list[Finding]:
    out = [f for f in (_main_finding(result), _orders_finding(result)) if f is not None]
    if not out:
        out.append(
            Finding(
                *both(
                    "Too few customers answered within and after {minutes} minutes with a "
                    "full year after their message to compare them (at least 10 each).",
                    lambda _: {"minutes": LITERATURE_MINUTES},
                ),
                "warning",
            )
        )
    bands = result.bands.set_index("band")
    total = int(bands["customers"].sum())
    never = int(bands["customers"].get("never", 0))
    if total and never:
        out.append(
            Finding(
                *both(
                    "{n} of {total} customers ({share}) never got a reply to their first message.",
                    lambda lang: {
                        "n": fmt.number(never, lang),
                        "total": fmt.number(total, lang),
                        "share": _pct(100 * never / total, lang),
                    },
                ),
                "warning",
            )
        )
    if result.invalid:
        out.append(
            Finding(
                *both(
                    "{n} customers are left out: the first reply to their message is stamped "
                    "before the message.",
                    lambda lang: {"n": fmt.number(result.invalid, lang)},
                ),
                "warning",
            )
        )
    out.append(Finding(*both(DEFINITION, lambda _: {"days": result.horizon_days})))
    return out


def _empty(text: str) -> Section:
    bands = pd.DataFrame(
        {"band": list(BANDS)}
        | {c: 0 for c in ("customers", "complaints", "mentions", "complete", "retained")}
        | {c: math.nan for c in ("retention", "orders", "revenue")}
    )
    tables = [_bands_table(bands)] + [_effect_table(o, []) for o in OUTCOMES]
    return Section(
        "replies",
        *both("Reply speed and retention"),
        tables,
        [Finding(*both(text), "warning")],
        {"horizon_days": HORIZON_DAYS, "literature_percent": LITERATURE_CLAIM_PERCENT},
    )


def replies_section(ws: Store) -> Section:
    """Customers by the speed of the first reply to their first message, and answered within
    15/30/60 minutes against later (unadjusted and weighted on history)."""
    try:
        result = reply_speed(ws)
    except ReplyError as exc:
        return _empty(NO_REPLY_TIMES if "first_reply_at" in str(exc) else NO_MESSAGES)
    tables = [_bands_table(result.bands)]
    tables += [_effect_table(o, result.effects) for o in OUTCOMES]
    return Section(
        "replies",
        *both("Reply speed and retention"),
        tables,
        _findings(result),
        {
            "horizon_days": result.horizon_days,
            "incomplete": result.incomplete,
            "invalid": result.invalid,
            "confidence": 0.95,
            "literature_percent": LITERATURE_CLAIM_PERCENT,
            "literature_minutes": LITERATURE_MINUTES,
            "not_compared": result.notes,
        },
    )
