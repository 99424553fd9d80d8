"""Members against comparable non-members, for the loyalty section: the matched comparison,
the balance behind it, and the within-customer effect.  Numbers come from
:mod:`bindung.insights.members`; nothing is computed here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from bindung.errors import BindungError
from bindung.i18n import N_, Pairs, both
from bindung.insights.members import HORIZON, MemberComparison, member_comparison
from bindung.report import format as fmt
from bindung.report.tables import Column, Finding, Table
from bindung.store.protocol import shared

if TYPE_CHECKING:
    from bindung.store.protocol import Store

OUTCOME_LABELS = Pairs(
    {
        "still_buying": N_("still buying (%)"),
        "orders": N_("orders"),
        "revenue": N_("revenue"),
    }
)
BALANCE_LABELS = Pairs(
    {
        "orders_anchor": N_("orders in the month of joining"),
        "orders_before": N_("orders in the 12 months before"),
        "revenue_before": N_("revenue in the 12 months before"),
        "recency": N_("months since last order (0 = none)"),
        "tenure": N_("months since first order"),
    }
)


def _labelled(frame: pd.DataFrame, key: str, labels: Pairs) -> pd.DataFrame:
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
    label = Column("label_de" if ws.settings.lang == "de" else "label_en", *both("measure"))
    outcomes = Table(
        "members",
        *both(
            "Members against comparable non-members, {months} months after joining",
            lambda _: {"months": HORIZON},
        ),
        [
            label,
            Column("members", *both("members"), "score"),
            Column("controls", *both("comparable"), "score"),
            Column("difference", *both("difference"), "score"),
            Column("difference_low", *both("95 % CI from"), "score"),
            Column("difference_high", *both("95 % CI to"), "score"),
            Column("ratio", *both("ratio"), "factor"),
            Column("p_value", *both("p-value"), "pvalue"),
        ],
        _labelled(r.outcomes, "outcome", OUTCOME_LABELS),
        keys=("outcome",),
    )
    balance = Table(
        "members_balance",
        *both("Behaviour before joining (what is matched)"),
        [
            label,
            Column("members", *both("members"), "score"),
            Column("matched", *both("matched"), "score"),
            Column("all_candidates", *both("all non-members"), "score"),
            Column("smd_matched", *both("std. diff. after"), "score"),
            Column("smd_all", *both("std. diff. before"), "score"),
        ],
        _labelled(r.balance, "variable", BALANCE_LABELS),
        keys=("variable",),
    )
    within = Table(
        "members_within",
        *both("Each member against themselves (rate ratio after joining)"),
        [
            label,
            Column("ratio", *both("ratio"), "factor"),
            Column("low", *both("95 % CI from"), "factor"),
            Column("high", *both("95 % CI to"), "factor"),
            Column("p_value", *both("p-value"), "pvalue"),
            Column("members", *both("members in the model"), "count"),
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
            *both(
                "Against non-members who had bought alike before joining ({matched} of "
                "{members} members matched): {still_members} % against {still_controls} % buy "
                "again within {months} months; orders {orders}, revenue {revenue}. Heavier "
                "buyers join more often even with the same history, so this is an upper bound.",
                lambda lang: {
                    "matched": fmt.number(r.matched, lang),
                    "members": fmt.number(r.members, lang),
                    "still_members": fmt.number(float(still["members"]), lang, 1),
                    "still_controls": fmt.number(float(still["controls"]), lang, 1),
                    "months": r.horizon,
                    "orders": _pct(float(orders["ratio"]), lang),
                    "revenue": _pct(float(revenue["ratio"]), lang),
                },
            )
        ),
        Finding(
            *both(
                "Each member against themselves: after joining {orders} orders (95 % CI "
                "{orders_ci}), {revenue} revenue ({revenue_ci}). This is the programme's effect "
                "to plan with.",
                lambda lang: {
                    "orders": _pct(float(w_orders["ratio"]), lang),
                    "orders_ci": span(w_orders, lang),
                    "revenue": _pct(float(w_revenue["ratio"]), lang),
                    "revenue_ci": span(w_revenue, lang),
                },
            ),
            "good" if float(w_orders["low"]) > 1 else "info",
        ),
    ]
