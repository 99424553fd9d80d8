"""Members against comparable non-members, for the loyalty section: the matched comparison,
the balance behind it, and the within-customer effect.  Numbers come from
:mod:`bindung.insights.members`; nothing is computed here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from bindung.errors import BindungError
from bindung.insights.members import HORIZON, MemberComparison, member_comparison
from bindung.report import format as fmt
from bindung.report.tables import Column, Finding, Table
from bindung.store.protocol import shared

if TYPE_CHECKING:
    from bindung.store.protocol import Store

OUTCOME_LABELS = {
    "still_buying": ("kauft weiter (%)", "still buying (%)"),
    "orders": ("Bestellungen", "orders"),
    "revenue": ("Umsatz", "revenue"),
}
BALANCE_LABELS = {
    "orders_anchor": ("Bestellungen im Beitrittsmonat", "orders in the month of joining"),
    "orders_before": ("Bestellungen 12 Monate davor", "orders in the 12 months before"),
    "revenue_before": ("Umsatz 12 Monate davor", "revenue in the 12 months before"),
    "recency": ("Monate seit letzter Bestellung (0 = keine)", "months since last order (0 = none)"),
    "tenure": ("Monate seit erster Bestellung", "months since first order"),
}


def _labelled(frame: pd.DataFrame, key: str, labels: dict[str, tuple[str, str]]) -> pd.DataFrame:
    out = frame.copy()
    out["label_de"] = [labels[k][0] for k in out[key]]
    out["label_en"] = [labels[k][1] for k in out[key]]
    return out


def _pct(ratio: float, lang: str) -> str:
    value = (ratio - 1) * 100
    return ("+" if value >= 0 else "") + fmt.number(value, lang, 1) + "\u00a0%"


def member_tables(ws: Store) -> tuple[list[Table], list[Finding]]:
    """Tables ``members``, ``members_balance`` and ``members_within`` with their findings;
    without members (or too little data) one finding saying why."""
    try:
        # the same comparison for both languages: made once per refresh
        r = shared(ws, ("members.comparison",), lambda: member_comparison(ws))
    except BindungError as exc:
        return [], [Finding(str(exc), str(exc), "info")]
    label = Column("label_de" if ws.settings.lang == "de" else "label_en", "Größe", "measure")
    outcomes = Table(
        "members",
        f"Mitglieder gegen vergleichbare Nicht-Mitglieder, {HORIZON} Monate nach dem Beitritt",
        f"Members against comparable non-members, {HORIZON} months after joining",
        [
            label,
            Column("members", "Mitglieder", "members", "score"),
            Column("controls", "vergleichbare", "comparable", "score"),
            Column("difference", "Unterschied", "difference", "score"),
            Column("difference_low", "95 % KI von", "95 % CI from", "score"),
            Column("difference_high", "95 % KI bis", "95 % CI to", "score"),
            Column("ratio", "Verhältnis", "ratio", "factor"),
            Column("p_value", "p-Wert", "p-value", "pvalue"),
        ],
        _labelled(r.outcomes, "outcome", OUTCOME_LABELS),
        keys=("outcome",),
    )
    balance = Table(
        "members_balance",
        "Verhalten vor dem Beitritt (worauf verglichen wird)",
        "Behaviour before joining (what is matched)",
        [
            label,
            Column("members", "Mitglieder", "members", "score"),
            Column("matched", "vergleichbare", "matched", "score"),
            Column("all_candidates", "alle Nicht-Mitglieder", "all non-members", "score"),
            Column("smd_matched", "std. Diff. nach", "std. diff. after", "score"),
            Column("smd_all", "std. Diff. vorher", "std. diff. before", "score"),
        ],
        _labelled(r.balance, "variable", BALANCE_LABELS),
        keys=("variable",),
    )
    within = Table(
        "members_within",
        "Jedes Mitglied gegen sich selbst (Ratenverhältnis nach dem Beitritt)",
        "Each member against themselves (rate ratio after joining)",
        [
            label,
            Column("ratio", "Verhältnis", "ratio", "factor"),
            Column("low", "95 % KI von", "95 % CI from", "factor"),
            Column("high", "95 % KI bis", "95 % CI to", "factor"),
            Column("p_value", "p-Wert", "p-value", "pvalue"),
            Column("members", "Mitglieder im Modell", "members in the model", "count"),
        ],
        _labelled(r.within, "outcome", OUTCOME_LABELS),
        keys=("outcome",),
    )
    if r.within.empty:
        return [outcomes, balance], [*_findings(r)[:1], Finding(r.within_note, r.within_note)]
    return [outcomes, balance, within], _findings(r)


def _by_outcome(frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    return {str(x["outcome"]): {str(k): v for k, v in x.items()} for x in frame.to_dict("records")}


def _findings(r: MemberComparison) -> list[Finding]:
    out = _by_outcome(r.outcomes)
    within = _by_outcome(r.within)
    orders, revenue, still = out["orders"], out["revenue"], out["still_buying"]
    w_orders, w_revenue = within["orders"], within["revenue"]

    def span(row: dict[str, Any], lang: str) -> str:
        return f"{_pct(float(row['low']), lang)} … {_pct(float(row['high']), lang)}"

    return [
        Finding(
            f"Verglichen mit Nicht-Mitgliedern, die vor dem Beitritt gleich gekauft hatten "
            f"({fmt.number(r.matched, 'de')} von {fmt.number(r.members, 'de')} Mitgliedern "
            f"gefunden): {fmt.number(float(still['members']), 'de', 1)} % gegen "
            f"{fmt.number(float(still['controls']), 'de', 1)} % kaufen in {r.horizon} Monaten "
            f"wieder; Bestellungen {_pct(float(orders['ratio']), 'de')}, Umsatz "
            f"{_pct(float(revenue['ratio']), 'de')}. Wer mehr kauft, tritt eher bei – auch bei "
            "gleicher Vorgeschichte, daher ist das eine Obergrenze.",
            f"Against non-members who had bought alike before joining "
            f"({fmt.number(r.matched, 'en')} of {fmt.number(r.members, 'en')} members matched): "
            f"{fmt.number(float(still['members']), 'en', 1)} % against "
            f"{fmt.number(float(still['controls']), 'en', 1)} % buy again within {r.horizon} "
            f"months; orders {_pct(float(orders['ratio']), 'en')}, revenue "
            f"{_pct(float(revenue['ratio']), 'en')}. Heavier buyers join more often even with "
            "the same history, so this is an upper bound.",
        ),
        Finding(
            f"Jedes Mitglied gegen sich selbst: nach dem Beitritt "
            f"{_pct(float(w_orders['ratio']), 'de')} Bestellungen (95 % KI "
            f"{span(w_orders, 'de')}), {_pct(float(w_revenue['ratio']), 'de')} Umsatz "
            f"({span(w_revenue, 'de')}). Das ist die Wirkung des Programms, mit der man "
            "rechnen sollte.",
            f"Each member against themselves: after joining "
            f"{_pct(float(w_orders['ratio']), 'en')} orders (95 % CI {span(w_orders, 'en')}), "
            f"{_pct(float(w_revenue['ratio']), 'en')} revenue ({span(w_revenue, 'en')}). This "
            "is the programme's effect to plan with.",
            "good" if float(w_orders["low"]) > 1 else "info",
        ),
    ]
