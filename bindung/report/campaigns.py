"""The campaigns section (``bindung campaigns``): numbers from :mod:`bindung.insights.campaigns`,
labelled and put into plain words.  No number is computed here."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from bindung.i18n import N_, both, tr
from bindung.insights.campaigns import HOLDOUT, WINDOW_DAYS, CampaignEffect, campaign_effects
from bindung.report import format as fmt
from bindung.report.tables import Column, Finding, Level, Section, Table

if TYPE_CHECKING:
    from bindung.store.protocol import Store

BASIS_LABELS = (
    (HOLDOUT, *both("against the holdout group")),
    ("matched", *both("against matched non-recipients (upper bound)")),
)
UPPER_BOUND = N_(
    "Campaigns without a holdout group are compared with non-recipients of the same orders, "
    "recency and tenure: an upper bound, since the recipients are the keener buyers. Hold "
    "back a random 10 % of the audience to measure the effect itself."
)


def _frame(effects: list[CampaignEffect]) -> pd.DataFrame:
    rows = [
        {
            "campaign_id": e.campaign_id,
            "name": e.name,
            "sent_at": e.sent_at,
            "basis": e.basis,
            "recipients": e.recipients,
            "comparison": e.comparison,
            "unmatched": e.unmatched,
            "opened": 100.0 * e.opened / e.recipients if e.recipients else math.nan,
            "clicked": 100.0 * e.clicked / e.recipients if e.recipients else math.nan,
            "share_recipients": e.share_recipients,
            "share_comparison": e.share_comparison,
            "share_pp": e.share_pp,
            "share_low": e.share_low,
            "share_high": e.share_high,
            "share_p": e.share_p,
            "incremental_buyers": e.incremental_buyers,
            "revenue_recipients": e.revenue_recipients,
            "revenue_comparison": e.revenue_comparison,
            "revenue_diff": e.revenue_diff,
            "revenue_low": e.revenue_low,
            "revenue_high": e.revenue_high,
            "revenue_p": e.revenue_p,
            "cost": math.nan if e.cost is None else e.cost,
            "complete": e.complete,
        }
        for e in effects
    ]
    return pd.DataFrame(rows)


def _sentence(e: CampaignEffect, lang: str) -> str:
    values = {
        "name": e.name,
        "pp": fmt.number(e.share_pp, lang, 1),
        "low": fmt.number(e.share_low, lang, 1),
        "high": fmt.number(e.share_high, lang, 1),
        "days": e.window_days,
        "recipients": fmt.number(e.recipients, lang),
    }
    if e.basis == HOLDOUT:
        return tr(
            lang,
            "{name}: {pp} points more of the {recipients} recipients bought within {days} days "
            "than of the holdout group (95 % CI {low} … {high}).",
            **values,
        )
    return tr(
        lang,
        "{name}: {pp} points more of the {recipients} recipients bought within {days} days "
        "than comparable non-recipients (95 % CI {low} … {high}; an upper bound).",
        **values,
    )


def _findings(effects: list[CampaignEffect]) -> list[Finding]:
    out: list[Finding] = []
    for e in effects[-3:]:  # the latest campaigns
        if math.isnan(e.share_low):
            continue
        clear = e.share_low > 0 or e.share_high < 0
        level: Level = "good" if clear and e.share_pp > 0 else ("warning" if clear else "info")
        out.append(Finding(_sentence(e, "de"), _sentence(e, "en"), level))
    if any(e.basis != HOLDOUT for e in effects):
        out.append(Finding(tr("de", UPPER_BOUND), tr("en", UPPER_BOUND), "info"))
    return out


def campaigns_section(ws: Store, *, window_days: int | None = None) -> Section:
    """Per campaign: recipients, opens and clicks, share buying and revenue per recipient
    against the holdout group or matched non-recipients, with 95 % intervals."""
    effects = campaign_effects(ws, window_days=window_days or WINDOW_DAYS)
    frame = _frame(effects)
    days = effects[0].window_days
    table = Table(
        "campaigns",
        *both("E-mail campaigns ({days} days after sending)", lambda _: {"days": days}),
        [
            Column("campaign_id", *both("campaign")),
            Column("name", *both("name")),
            Column("sent_at", *both("sent"), "date"),
            Column("basis", *both("compared"), labels=BASIS_LABELS),
            Column("recipients", *both("recipients"), "count"),
            Column("comparison", *both("comparison group"), "count"),
            Column("unmatched", *both("recipients without comparison"), "count"),
            Column("opened", *both("opened %"), "percent"),
            Column("clicked", *both("clicked %"), "percent"),
            Column("share_recipients", *both("recipients buying %"), "percent"),
            Column("share_comparison", *both("comparison buying %"), "percent"),
            Column("share_pp", *both("difference (points)"), "points"),
            Column("share_low", *both("CI from"), "points"),
            Column("share_high", *both("CI to"), "points"),
            Column("share_p", *both("p-value"), "pvalue"),
            Column("incremental_buyers", *both("additional buyers"), "score"),
            Column("revenue_recipients", *both("revenue per recipient"), "money"),
            Column("revenue_comparison", *both("revenue per comparison customer"), "money"),
            Column("revenue_diff", *both("revenue difference"), "money"),
            Column("revenue_low", *both("revenue CI from"), "money"),
            Column("revenue_high", *both("revenue CI to"), "money"),
            Column("revenue_p", *both("revenue p-value"), "pvalue"),
            Column("cost", *both("cost"), "money"),
            Column("complete", *both("window complete"), "flag"),
        ],
        frame,
    )
    return Section(
        "campaigns",
        *both("E-mail campaigns"),
        [table],
        _findings(effects),
        {"window_days": days, "confidence": 0.95},
    )
