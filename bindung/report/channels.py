"""The channels section (``bindung channels``): numbers from :mod:`bindung.insights.channels`,
labelled and put into plain words.  No number is computed here."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import asdict
from functools import partial
from typing import TYPE_CHECKING, Any

import pandas as pd

from bindung.i18n import N_, benchmark, both, tr
from bindung.insights.channels import (
    MATCHED,
    RAW,
    ChannelEffect,
    ChannelResult,
    channel_comparison,
)
from bindung.report import format as fmt
from bindung.report.tables import CellUnit, Column, Finding, Level, Section, Table

if TYPE_CHECKING:
    from bindung.store.protocol import Store

#: Source 000 (citing Gartner): omnichannel customers are worth 35–45 % more.
LITERATURE_LOW, LITERATURE_HIGH = 35, 45

BASIS_LABELS = (
    (RAW, *both("all customers, unadjusted")),
    (MATCHED, *both("same number of orders in the first half year")),
)
OUTCOME_TITLES = {
    "retention": N_("Still buying a year later: multi- against single-channel buyers"),
    "orders": N_("Orders in the following year: multi- against single-channel buyers"),
    "value": N_("Revenue in the following year (12-month value): multi- against single-channel "
                "buyers"),
}  # fmt: skip
OUTCOME_UNITS: dict[str, CellUnit] = {"retention": "percent", "orders": "score", "value": "money"}
DIFF_UNITS: dict[str, CellUnit] = {"retention": "points", "orders": "score", "value": "money"}
DEFINITION = N_(
    "Multi-channel: at least two sales channels among the orders of a customer's first "
    "{pre} days; outcomes in the {horizon} days after that. Adjusted: compared with "
    "single-channel buyers with the same number of orders in those first days, the same "
    "first channel and the same quarter of arrival, because multi-channel buyers simply buy "
    "more often."
)


MOVED = N_(
    "Of the {n} customers whose first order was in {channel} and who ordered again, {share} "
    "ordered later in another channel."
)


def _moved_values(row: Mapping[Hashable, Any], lang: str) -> dict[str, object]:
    return {
        "n": fmt.number(row["repeat_customers"], lang),
        "channel": row["first_channel"],
        "share": fmt.number(row["moved_share"], lang, 1) + "\u00a0%",
    }


def _effect_table(outcome: str, effects: list[ChannelEffect]) -> Table:
    rows = pd.DataFrame([asdict(e) for e in effects if e.outcome == outcome]).drop(
        columns="outcome"
    )
    unit, diff = OUTCOME_UNITS[outcome], DIFF_UNITS[outcome]
    return Table(
        outcome,
        *both(OUTCOME_TITLES[outcome]),
        [
            Column("basis", *both("compared"), labels=BASIS_LABELS),
            Column("multi", *both("multi-channel buyers"), "count"),
            Column("single", *both("single-channel buyers"), "count"),
            Column("unmatched", *both("multi-channel without comparison"), "count"),
            Column("mean_multi", *both("multi-channel"), unit),
            Column("mean_single", *both("single-channel"), unit),
            Column("diff", *both("difference"), diff),
            Column("diff_low", *both("difference CI from"), diff),
            Column("diff_high", *both("difference CI to"), diff),
            Column("percent", *both("difference %"), "percent"),
            Column("low", *both("CI from %"), "percent"),
            Column("high", *both("CI to %"), "percent"),
        ],
        rows,
    )


def _signed(v: float, lang: str, unit: str = "\u00a0%") -> str:
    sign = "+" if v > 0 else ("±" if v == 0 else "−")
    return f"{sign}{fmt.number(abs(v), lang, 1)}{unit}"


def _get(result: ChannelResult, outcome: str, basis: str) -> ChannelEffect | None:
    for e in result.effects:
        if e.outcome == outcome and e.basis == basis and not math.isnan(e.percent):
            return e
    return None


def _value_text(e: ChannelEffect, raw: ChannelEffect | None, lang: str) -> str:
    values = {
        "change": _signed(e.percent, lang),
        "low": _signed(e.low, lang),
        "high": _signed(e.high, lang),
        "raw": _signed(raw.percent, lang) if raw is not None else "–",
        "benchmark": benchmark("000", lang),
        "lit_low": LITERATURE_LOW,
        "lit_high": LITERATURE_HIGH,
    }
    text = tr(
        lang,
        "Multi-channel buyers brought {change} revenue in the following year against "
        "single-channel buyers with the same number of orders (95 % CI {low} … {high}); "
        "unadjusted {raw}. {benchmark}: +{lit_low} … +{lit_high} %.",
        **values,
    )
    if e.low <= 0 <= e.high:
        text += tr(lang, " The difference cannot be told apart from zero.")
    return text


def _findings(result: ChannelResult) -> list[Finding]:
    out: list[Finding] = []
    value, raw_value = _get(result, "value", MATCHED), _get(result, "value", RAW)
    if value is not None:
        clear = value.low > 0 or value.high < 0
        level: Level = "good" if clear and value.percent > 0 else "info"
        out.append(
            Finding(_value_text(value, raw_value, "de"), _value_text(value, raw_value, "en"), level)
        )
    stay, raw_stay = _get(result, "retention", MATCHED), _get(result, "retention", RAW)
    if stay is not None and raw_stay is not None:
        out.append(
            Finding(
                *both(
                    "Still buying a year later: {multi} of the multi-channel buyers against "
                    "{single} of comparable single-channel buyers ({diff} points, 95 % CI "
                    "{low} … {high}); against all single-channel buyers {raw_single}.",
                    lambda lang: {
                        "multi": fmt.number(stay.mean_multi, lang, 1) + "\u00a0%",
                        "single": fmt.number(stay.mean_single, lang, 1) + "\u00a0%",
                        "diff": _signed(stay.diff, lang, ""),
                        "low": _signed(stay.diff_low, lang, ""),
                        "high": _signed(stay.diff_high, lang, ""),
                        "raw_single": fmt.number(raw_stay.mean_single, lang, 1) + "\u00a0%",
                    },
                )
            )
        )
    orders, raw_orders = _get(result, "orders", MATCHED), _get(result, "orders", RAW)
    if orders is not None and raw_orders is not None and raw_orders.low > orders.high:
        out.append(
            Finding(
                *both(
                    "Unadjusted, multi-channel buyers would seem to order {raw} more; among "
                    "customers who bought as often at first it is {change} (95 % CI {low} … "
                    "{high}). Most of the plain difference is purchase frequency, not the "
                    "channels.",
                    lambda lang: {
                        "raw": _signed(raw_orders.percent, lang),
                        "change": _signed(orders.percent, lang),
                        "low": _signed(orders.low, lang),
                        "high": _signed(orders.high, lang),
                    },
                ),
                "warning",
            )
        )
    for row in result.moved.head(3).to_dict("records"):
        out.append(Finding(*both(MOVED, partial(_moved_values, row))))
    unmatched = value.unmatched if value is not None else 0
    if unmatched:
        out.append(
            Finding(
                *both(
                    "{n} multi-channel buyers had no single-channel buyer with as many orders "
                    "and are left out of the adjusted comparison (the heaviest buyers).",
                    lambda lang: {"n": fmt.number(unmatched, lang)},
                )
            )
        )
    out.append(
        Finding(
            *both(
                DEFINITION,
                lambda _: {"pre": result.pre_days, "horizon": result.horizon_days},
            )
        )
    )
    return out


def channels_section(ws: Store) -> Section:
    """Multi- against single-channel buyers (retention, orders, 12-month value; unadjusted and
    matched on purchase frequency), the channel migration matrix and customers by channels
    used."""
    result = channel_comparison(ws)
    tables = [_effect_table(k, result.effects) for k in ("retention", "orders", "value")]
    tables.append(
        Table(
            "migration",
            *both("Channel migration: first-order channel → channels of later orders"),
            [
                Column("first_channel", *both("first order")),
                Column("later_channel", *both("later orders")),
                Column("repeat_customers", *both("customers with a later order"), "count"),
                Column("customers", *both("of them in this channel"), "count"),
                Column("share", *both("share of customers %"), "percent"),
                Column("orders", *both("later orders in this channel"), "count"),
                Column("order_share", *both("share of later orders %"), "percent"),
                Column("same", *both("same channel"), "flag"),
            ],
            result.migration,
        )
    )
    tables.append(
        Table(
            "usage",
            *both("Customers by number of sales channels used"),
            [
                Column("channels", *both("channels"), "count"),
                Column("customers", *both("customers"), "count"),
                Column("share", *both("share %"), "percent"),
                Column("orders_per_customer", *both("orders per customer"), "score"),
                Column("revenue_per_customer", *both("revenue per customer"), "money"),
            ],
            result.usage,
        )
    )
    return Section(
        "channels",
        *both("Sales channels"),
        tables,
        _findings(result),
        {
            "pre_days": result.pre_days,
            "horizon_days": result.horizon_days,
            "incomplete": result.incomplete,
            "confidence": 0.95,
            "literature_percent": [LITERATURE_LOW, LITERATURE_HIGH],
        },
    )
