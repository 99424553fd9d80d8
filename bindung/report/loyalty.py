"""The loyalty section: programme figures, the value of referred customers
(:mod:`bindung.insights.loyalty`) and members against comparable non-members
(:mod:`bindung.report.members`); nothing is computed here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pandas as pd

from bindung.errors import BindungError
from bindung.i18n import benchmark, both, ptr
from bindung.insights.loyalty import LITERATURE_REFERRAL_PERCENT, programme_summary, referral_value
from bindung.report import format as fmt
from bindung.report.members import member_tables
from bindung.report.tables import Column, Finding, Section, Table
from bindung.store.protocol import shared

if TYPE_CHECKING:
    from bindung.store.protocol import Store


def _programme_values(rec: dict[Any, Any]) -> Callable[[str], dict[str, object]]:
    """A programme's figures in the reader's format."""
    return lambda lang: {
        "programme": rec["program"],
        "members": fmt.number(rec["members"], lang),
        "active": fmt.number(rec["active_members_12m"], lang),
        "breakage": fmt.number(rec["breakage"], lang, 1),
    }


def loyalty_section(ws: Store) -> Section:
    currency = ws.settings.currency
    summary = shared(ws, ("loyalty.programmes",), lambda: programme_summary(ws)).copy()
    tables = [
        Table(
            "programmes",
            *both("Loyalty programmes"),
            [
                Column("program", *both("programme")),
                Column("members", *both("members"), "count"),
                Column("new_members_12m", *both("new (12 months)"), "count"),
                Column("active_members_12m", *both("active (12 months)"), "count"),
                Column("points_earned", *both("points issued"), "count"),
                Column("points_redeemed", *both("points redeemed"), "count"),
                Column("breakage", *both("breakage"), "percent"),
                Column("tier_changes", *both("tier changes"), "count"),
                Column("referrals", *both("referrals"), "count"),
            ],
            summary,
        )
    ]
    findings: list[Finding] = []
    for rec in summary.to_dict("records"):
        findings.append(
            Finding(
                *both(
                    "{programme}: {members} members, {active} of them active in the last 12 "
                    "months; {breakage} % of the points not redeemed.",
                    _programme_values(rec),
                )
            )
        )
    try:
        r = shared(ws, ("loyalty.referrals",), lambda: referral_value(ws))
    except BindungError as exc:
        findings.append(Finding(str(exc), str(exc)))
    else:
        frame = pd.DataFrame(
            [
                {
                    "referred": r.referred,
                    "others": r.others,
                    "clv_referred": r.clv_referred,
                    "clv_others": r.clv_others,
                    "difference": r.percent,
                    "low": (r.low - 1) * 100,
                    "high": (r.high - 1) * 100,
                    "p_value": r.p_value,
                }
            ]
        )
        tables.append(
            Table(
                "referrals",
                *both("Referred customers against everybody else (CLV)"),
                [
                    Column("referred", *both("referred"), "count"),
                    Column("others", *both("others"), "count"),
                    Column("clv_referred", *both("CLV referred"), "money"),
                    Column("clv_others", *both("CLV others"), "money"),
                    Column("difference", *both("difference %"), "percent"),
                    Column("low", *both("95 % CI from"), "percent"),
                    Column("high", *both("95 % CI to"), "percent"),
                    Column("p_value", *both("p-value"), "pvalue"),
                ],
                frame,
            )
        )

        def higher(lang: str) -> str:
            if r.percent >= 0:
                return ptr(lang, "a higher CLV", "higher")
            return ptr(lang, "a lower CLV", "lower")

        findings.append(
            Finding(
                *both(
                    "Referred customers have a {percent} % {higher} CLV ({referred} against "
                    "{others}; 95 % CI {low} … {high} %); {benchmark}: {literature} %. A raw "
                    "comparison: referred customers may differ in other ways too.",
                    lambda lang: {
                        "percent": fmt.number(abs(r.percent), lang, 1),
                        "higher": higher(lang),
                        "referred": fmt.value(r.clv_referred, "money", lang, currency),
                        "others": fmt.value(r.clv_others, "money", lang, currency),
                        "low": fmt.number((r.low - 1) * 100, lang, 1),
                        "high": fmt.number((r.high - 1) * 100, lang, 1),
                        "benchmark": benchmark("003", lang),
                        "literature": fmt.number(LITERATURE_REFERRAL_PERCENT, lang, 0),
                    },
                )
            )
        )
    member_tables_, member_findings = member_tables(ws)
    tables += member_tables_
    findings += member_findings
    return Section("loyalty", *both("Loyalty and referrals"), tables, findings, {})
