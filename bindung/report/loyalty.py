"""The loyalty section: programme figures, the value of referred customers
(:mod:`bindung.insights.loyalty`) and members against comparable non-members
(:mod:`bindung.report.members`); nothing is computed here."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from bindung.errors import BindungError
from bindung.i18n import benchmark
from bindung.insights.loyalty import LITERATURE_REFERRAL_PERCENT, programme_summary, referral_value
from bindung.report import format as fmt
from bindung.report.members import member_tables
from bindung.report.tables import Column, Finding, Section, Table
from bindung.store.protocol import shared

if TYPE_CHECKING:
    from bindung.store.protocol import Store


def loyalty_section(ws: Store) -> Section:
    currency = ws.settings.currency
    summary = shared(ws, ("loyalty.programmes",), lambda: programme_summary(ws)).copy()
    tables = [
        Table(
            "programmes",
            "Treueprogramme",
            "Loyalty programmes",
            [
                Column("program", "Programm", "programme"),
                Column("members", "Mitglieder", "members", "count"),
                Column("new_members_12m", "neu (12 Monate)", "new (12 months)", "count"),
                Column("active_members_12m", "aktiv (12 Monate)", "active (12 months)", "count"),
                Column("points_earned", "Punkte vergeben", "points issued", "count"),
                Column("points_redeemed", "Punkte eingelöst", "points redeemed", "count"),
                Column("breakage", "Breakage", "breakage", "percent"),
                Column("tier_changes", "Stufenwechsel", "tier changes", "count"),
                Column("referrals", "Empfehlungen", "referrals", "count"),
            ],
            summary,
        )
    ]
    findings: list[Finding] = []
    for rec in summary.to_dict("records"):
        findings.append(
            Finding(
                f"{rec['program']}: {fmt.number(rec['members'], 'de')} Mitglieder, davon "
                f"{fmt.number(rec['active_members_12m'], 'de')} in den letzten 12 Monaten aktiv; "
                f"{fmt.number(rec['breakage'], 'de', 1)} % der Punkte nicht eingelöst.",
                f"{rec['program']}: {fmt.number(rec['members'], 'en')} members, "
                f"{fmt.number(rec['active_members_12m'], 'en')} of them active in the last 12 "
                f"months; {fmt.number(rec['breakage'], 'en', 1)} % of the points not redeemed.",
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
                "Geworbene Kunden gegen alle anderen (CLV)",
                "Referred customers against everybody else (CLV)",
                [
                    Column("referred", "geworben", "referred", "count"),
                    Column("others", "andere", "others", "count"),
                    Column("clv_referred", "CLV geworben", "CLV referred", "money"),
                    Column("clv_others", "CLV andere", "CLV others", "money"),
                    Column("difference", "Unterschied %", "difference %", "percent"),
                    Column("low", "95 % KI von", "95 % CI from", "percent"),
                    Column("high", "95 % KI bis", "95 % CI to", "percent"),
                    Column("p_value", "p-Wert", "p-value", "pvalue"),
                ],
                frame,
            )
        )
        findings.append(
            Finding(
                f"Geworbene Kunden haben einen {fmt.number(abs(r.percent), 'de', 1)} % "
                f"{'höheren' if r.percent >= 0 else 'niedrigeren'} CLV "
                f"({fmt.value(r.clv_referred, 'money', 'de', currency)} gegen "
                f"{fmt.value(r.clv_others, 'money', 'de', currency)}; 95 % KI "
                f"{fmt.number((r.low - 1) * 100, 'de', 1)} … "
                f"{fmt.number((r.high - 1) * 100, 'de', 1)}"
                f" %); {benchmark('003', 'de')}: "
                f"{fmt.number(LITERATURE_REFERRAL_PERCENT, 'de', 0)} %. Ein roher "
                "Vergleich: geworbene Kunden können sich auch sonst unterscheiden.",
                f"Referred customers have a {fmt.number(abs(r.percent), 'en', 1)} % "
                f"{'higher' if r.percent >= 0 else 'lower'} CLV "
                f"({fmt.value(r.clv_referred, 'money', 'en', currency)} against "
                f"{fmt.value(r.clv_others, 'money', 'en', currency)}; 95 % CI "
                f"{fmt.number((r.low - 1) * 100, 'en', 1)} … "
                f"{fmt.number((r.high - 1) * 100, 'en', 1)}"
                f" %); {benchmark('003', 'en')}: "
                f"{fmt.number(LITERATURE_REFERRAL_PERCENT, 'en', 0)} %. A raw "
                "comparison: referred customers may differ in other ways too.",
            )
        )
    member_tables_, member_findings = member_tables(ws)
    tables += member_tables_
    findings += member_findings
    return Section(
        "loyalty", "Treue und Empfehlungen", "Loyalty and referrals", tables, findings, {}
    )
