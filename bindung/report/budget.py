"""The budget section: the budget rule of source 000 (60/40) against the actual split, cost per
new against per kept customer, the business phase, and the what-if of a higher retention rate
from the fitted models.  Numbers come from
:mod:`bindung.insights.budget`; nothing is computed here."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from bindung.errors import BindungError
from bindung.i18n import benchmark, both, literature
from bindung.insights.budget import (
    LITERATURE_PROFIT_RANGE,
    Window,
    budget_advice,
    check_whatif,
    last_year,
    retention_whatif,
)
from bindung.report import format as fmt
from bindung.report.phase import phase_tables
from bindung.report.tables import Column, Finding, Level, Section, Table
from bindung.store.protocol import shared

if TYPE_CHECKING:
    from bindung.store.protocol import Store

#: How the purchase models are named in the text.
MODEL_NAMES = {"BetaGeoModel": "BG/NBD", "ParetoNBDModel": "Pareto/NBD"}


def _money(v: float, lang: str, currency: str) -> str:
    return fmt.value(v, "money", lang, currency)


def _pct(v: float, lang: str) -> str:
    return fmt.number(v, lang, 1) + "\u00a0%"


def _labels(texts: tuple[str, str]) -> dict[str, str]:
    return {"label_de": texts[0], "label_en": texts[1]}


def budget_section(ws: Store, *, points: float = 5.0, years: int = 3) -> Section:
    check_whatif(points, years)
    currency = ws.settings.currency
    window = last_year(ws)
    a = budget_advice(ws, window=window)
    split = pd.DataFrame(
        [
            {
                "purpose": "retention",
                **_labels(both("keeping customers")),
                "amount": a.retention,
            },
            {
                "purpose": "acquisition",
                **_labels(both("winning customers")),
                "amount": a.acquisition,
            },
            {
                "purpose": "mixed",
                **_labels(both("mixed (assigned to neither)")),
                "amount": a.mixed,
            },
        ]
    )
    paid = a.retention + a.acquisition
    split["share"] = [
        100 * a.retention / paid if paid else math.nan,
        100 * a.acquisition / paid if paid else math.nan,
        math.nan,
    ]
    lang = ws.settings.lang
    label = Column("label_de" if lang == "de" else "label_en", *both("purpose"))
    split_table = Table(
        "split",
        *both("Spend {first} … {last}", lambda _: {"first": a.first, "last": a.last}),
        [
            label,
            Column("amount", *both("amount"), "money"),
            Column("share", *both("share"), "percent"),
        ],
        split,
        keys=("purpose",),
    )
    advice: tuple[str, str, Level]
    if paid == 0:
        advice = (
            *both(
                "No costs for keeping or winning customers between {first} and {last}: without "
                "them there is no advice on the split (bindung import costs FILE).",
                lambda _: {"first": a.first, "last": a.last},
            ),
            "info",
        )
    elif a.shift > 0:

        def advised(lang: str) -> dict[str, object]:
            share = fmt.number(a.advised_low, lang)
            if a.advised_high != a.advised_low:
                share += "–" + fmt.number(a.advised_high, lang)
            return {
                "literature": literature("000", lang),
                "advised": share,
                "share": _pct(a.retention_share, lang),
                "amount": _money(a.shift, lang, currency),
            }

        advice = (
            *both(
                "The {literature} advises {advised} % for keeping customers; so far {share}: "
                "move about {amount} from winning to keeping customers.",
                advised,
            ),
            "warning",
        )
    elif a.shift < 0:
        advice = (
            *both(
                "Keeping customers gets {share}, more than the advised {advised} %: about "
                "{amount} could go to winning new customers.",
                lambda lang: {
                    "share": _pct(a.retention_share, lang),
                    "advised": fmt.number(a.advised_high, lang),
                    "amount": _money(-a.shift, lang, currency),
                },
            ),
            "info",
        )
    else:
        advice = (
            *both(
                "The split ({share} for keeping) follows the rule of the {literature}.",
                lambda lang: {
                    "share": _pct(a.retention_share, lang),
                    "literature": literature("000", lang),
                },
            ),
            "good",
        )

    def repeat_rate(lang: str) -> dict[str, object]:
        return {"rate": _pct(a.repeat_rate, lang)}

    if a.repeat_rate < 30:
        rule = both("Repeat customer rate {rate}: below 30 %, so 70–80 % for keeping.", repeat_rate)
    else:
        rule = both("Repeat customer rate {rate}: 30 % or more, so 60/40.", repeat_rate)
    cost = both(
        "A new customer cost {new}, a kept customer {kept} ({benchmark}: 5–25× as much for "
        "winning).",
        lambda lang: {
            "new": _money(a.cost_per_new, lang, currency),
            "kept": _money(a.cost_per_kept, lang, currency),
            "benchmark": benchmark("003", lang),
        },
    )
    phase_tables_, phase_findings = phase_tables(ws)
    findings = [Finding(*advice), Finding(*rule)]
    if paid > 0:
        findings.append(Finding(*cost))
    findings += phase_findings
    whatif_tables, whatif_findings, whatif_meta = _whatif(ws, points, years, window)
    findings += whatif_findings
    meta = {
        "window": f"{a.first} … {a.last}",
        **whatif_meta,
    }
    return Section(
        "budget", *both("Budget"), [split_table, *phase_tables_, *whatif_tables], findings, meta
    )


def _whatif(
    ws: Store, points: float, years: int, window: Window
) -> tuple[list[Table], list[Finding], dict[str, Any]]:
    """The what-if table, its findings and the figures behind it; without a fitted model a
    finding that says why."""
    currency = ws.settings.currency
    try:
        # the numbers are the same in both languages: made once per refresh
        w = shared(
            ws,
            ("budget.whatif", float(points), int(years), window.first, window.last),
            lambda: retention_whatif(ws, points=points, years=years, window=window),
        )
    except BindungError as exc:
        problem = str(exc)
        return (
            [],
            [
                Finding(
                    *both(
                        "No what-if from the CLV model: {problem}", lambda _: {"problem": problem}
                    ),
                    "info",
                )
            ],
            {"points": points, "years": years},
        )
    whatif_table = Table(
        "whatif",
        *both(
            "What if retention rose by {points} points",
            lambda lang: {"points": fmt.number(points, lang, 1)},
        ),
        [
            Column("year", *both("year"), "count"),
            Column("customers", *both("active customers (as now)"), "count"),
            Column(
                "customers_whatif",
                *both("customers (higher retention)"),
                "count",
            ),
            Column("extra_customers", *both("kept in addition"), "count"),
            Column("revenue", *both("revenue (as now)"), "money"),
            Column("revenue_whatif", *both("revenue (higher retention)"), "money"),
            Column("extra_profit", *both("extra profit"), "money"),
        ],
        w.years.copy(),
    )
    extra = w.extra_profit_percent
    whatif = both(
        "+{points} points of retention (the {model} model keeps {retention} of today's active "
        "customers for a year; with lower dropout {whatif}) would bring {gain} more profit in "
        "{years} years ({extra}); {benchmark}: {low}–{high} %.",
        lambda lang: {
            "points": fmt.number(points, lang, 1),
            "model": MODEL_NAMES.get(w.model, w.model),
            "retention": _pct(w.retention, lang),
            "whatif": _pct(w.retention_whatif, lang),
            "gain": _money(float(w.years["extra_profit"].sum()), lang, currency),
            "years": years,
            "extra": ("+" if extra >= 0 else "") + _pct(extra, lang),
            "benchmark": benchmark("000", lang),
            "low": format(LITERATURE_PROFIT_RANGE[0], ".0f"),
            "high": format(LITERATURE_PROFIT_RANGE[1], ".0f"),
        },
    )
    first_year = float(w.years["revenue"].iloc[0])
    calibration = both(
        "Without a change the model expects {first_year} of revenue in the first year; the last "
        "12 months ({first} … {last}) brought {last_year}. New customers: {new} a year as "
        "lately, {spend} per order.",
        lambda lang: {
            "first_year": _money(first_year, lang, currency),
            "first": w.first,
            "last": w.last,
            "last_year": _money(w.revenue_last_year, lang, currency),
            "new": fmt.number(w.new_per_year, lang),
            "spend": _money(w.new_spend, lang, currency),
        },
    )
    meta = {
        "model": w.model,
        "as_of": w.as_of,
        "customers_today": w.customers_today,
        "retention_rate_percent": w.retention,
        "retention_rate_whatif_percent": w.retention_whatif,
        "hazard_factor": w.k,
        "new_customers_per_year": w.new_per_year,
        "new_customer_spend": w.new_spend,
        "revenue_last_12_months": w.revenue_last_year,
        "margin": w.margin,
        "points": points,
        "years": years,
    }
    return [whatif_table], [Finding(*whatif), Finding(*calibration)], meta
