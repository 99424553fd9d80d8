"""The business phase for the budget section: the 12-month windows behind it (new customers,
their growth, revenue from existing and new customers), the phase with the figures that decided
it, and what source 003 advises for it.  Numbers come from :mod:`bindung.insights.phase`; nothing
is computed here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bindung.i18n import literature
from bindung.insights.phase import PHASE_NAMES, PhaseUnavailable, business_phase
from bindung.report.tables import Column, Finding, Table

if TYPE_CHECKING:
    from bindung.store.protocol import Store

COLUMNS = (
    Column("window", "Zeitraum", "window"),
    Column("start", "von", "from", "date"),
    Column("end", "bis (ausschl.)", "to (excl.)", "date"),
    Column("new_customers", "Neukunden", "new customers", "count"),
    Column(
        "new_growth",
        "Neukunden ggü. 12 Monaten davor",
        "new customers vs 12 months before",
        "percent",
    ),
    Column("revenue", "Umsatz", "revenue", "money"),
    Column("revenue_existing", "Umsatz Bestandskunden", "revenue from existing customers", "money"),
    Column("revenue_new", "Umsatz Neukunden", "revenue from new customers", "money"),
    Column(
        "existing_share",
        "Anteil Bestandskunden am Umsatz",
        "share of revenue from existing customers",
        "percent",
    ),
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
        "Geschäftsphase: Zeiträume von 12 vollen Monaten",
        "Business phase: windows of 12 complete months",
        list(COLUMNS),
        p.windows,
    )
    name_de, name_en = PHASE_NAMES[p.phase]
    advice_de, advice_en = p.advice
    findings = [
        Finding(
            f"Geschäftsphase: {name_de}. {p.reason_de}", f"Business phase: {name_en}. {p.reason_en}"
        ),
        Finding(
            f"Rat der {literature('003', 'de')} für diese Phase: {advice_de}",
            f"Advice of the {literature('003', 'en')} for this phase: {advice_en}",
        ),
    ]
    return [table], findings
