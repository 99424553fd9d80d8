"""The business phase for the budget section: the 12-month windows behind it (new customers,
their growth, revenue from existing and new customers), the phase with the figures that decided
it, and what source 003 advises for it.  Numbers come from :mod:`bindung.insights.phase`; nothing
is computed here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bindung.i18n import both, literature, tr
from bindung.insights.phase import ADVICE, PHASE_NAMES, PhaseUnavailable, business_phase
from bindung.report.tables import Column, Finding, Table

if TYPE_CHECKING:
    from bindung.store.protocol import Store

COLUMNS = (
    Column("window", *both("window")),
    Column("start", *both("from"), "date"),
    Column("end", *both("to (excl.)"), "date"),
    Column("new_customers", *both("new customers"), "count"),
    Column("new_growth", *both("new customers vs 12 months before"), "percent"),
    Column("revenue", *both("revenue"), "money"),
    Column("revenue_existing", *both("revenue from existing customers"), "money"),
    Column("revenue_new", *both("revenue from new customers"), "money"),
    Column("existing_share", *both("share of revenue from existing customers"), "percent"),
    Column("revenue_growth", *both("revenue vs 12 months before"), "percent"),
    Column("revenue_cv", *both("month-to-month variation of revenue"), "percent"),
)


def phase_tables(ws: Store) -> tuple[list[Table], list[Finding]]:
    """The table ``phase`` (one row per 12-month window) and the findings: the phase with its
    reason, and the advice of source 003.  Without 12 complete months of orders: no table and one
    finding saying so."""
    try:
        p = business_phase(ws)
    except PhaseUnavailable as e:
        return [], [Finding(e.de, e.en, "info")]
    table = Table(
        "phase",
        *both("Business phase: windows of 12 complete months"),
        list(COLUMNS),
        p.windows,
    )
    name, advice = PHASE_NAMES.texts[p.phase], ADVICE.texts[p.phase]
    findings = [
        Finding(
            *both(
                "Business phase: {name}. {reason}",
                lambda lang: {"name": tr(lang, name), "reason": getattr(p, f"reason_{lang}")},
            )
        ),
        Finding(
            *both(
                "Advice of the {literature} for this phase: {advice}",
                lambda lang: {"literature": literature("003", lang), "advice": tr(lang, advice)},
            )
        ),
    ]
    return [table], findings
