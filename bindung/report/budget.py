"""The budget section: the budget rule of source 000 (60/40) against the actual split, cost per
new against per kept customer, the business phase, and the what-if of a higher retention rate
from the fitted models.  Numbers come from
:mod:`bindung.insights.budget`; nothing is computed here."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from bindung.errors import BindungError
from bindung.i18n import benchmark, literature
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
MODEL_NAMES = {"BetaGeoModel": ("BG/NBD", "BG/NBD"), "ParetoNBDModel": ("Pareto/NBD", "Pareto/NBD")}


def _money(v: float, lang: str, currency: str) -> str:
    return fmt.value(v, "money", lang, currency)


def _pct(v: float, lang: str) -> str:
    return fmt.number(v, lang, 1) + "\u00a0%"


def budget_section(ws: Store, *, points: float = 5.0, years: int = 3) -> Section:
    check_whatif(points, years)
    currency = ws.settings.currency
    window = last_year(ws)
    a = budget_advice(ws, window=window)
    split = pd.DataFrame(
        [
            {
                "purpose": "retention",
                "label_de": "Kunden halten",
                "label_en": "keeping customers",
                "amount": a.retention,
            },
            {
                "purpose": "acquisition",
                "label_de": "Kunden gewinnen",
                "label_en": "winning customers",
                "amount": a.acquisition,
            },
            {
                "purpose": "mixed",
                "label_de": "gemischt (keinem zugeordnet)",
                "label_en": "mixed (assigned to neither)",
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
    label = Column("label_de" if lang == "de" else "label_en", "Zweck", "purpose")
    split_table = Table(
        "split",
        f"Ausgaben {a.first} … {a.last}",
        f"Spend {a.first} … {a.last}",
        [
            label,
            Column("amount", "Betrag", "amount", "money"),
            Column("share", "Anteil", "share", "percent"),
        ],
        split,
        keys=("purpose",),
    )
    advice: tuple[str, str, Level]
    if paid == 0:
        advice = (
            f"Keine Kosten fürs Halten oder Gewinnen von Kunden zwischen {a.first} und {a.last}: "
            "ohne sie gibt es keinen Rat zur Aufteilung (bindung import costs DATEI).",
            f"No costs for keeping or winning customers between {a.first} and {a.last}: without "
            "them there is no advice on the split (bindung import costs FILE).",
            "info",
        )
    elif a.shift > 0:
        advice = (
            f"Die {literature('000', 'de')} rät zu {fmt.number(a.advised_low, 'de')}"
            + (f"–{fmt.number(a.advised_high, 'de')}" if a.advised_high != a.advised_low else "")
            + f" % für das Halten von Kunden; bisher {_pct(a.retention_share, 'de')}: etwa "
            f"{_money(a.shift, 'de', currency)} vom Gewinnen zum Halten verschieben.",
            f"The {literature('000', 'en')} advises {fmt.number(a.advised_low, 'en')}"
            + (f"–{fmt.number(a.advised_high, 'en')}" if a.advised_high != a.advised_low else "")
            + f" % for keeping customers; so far {_pct(a.retention_share, 'en')}: move about "
            f"{_money(a.shift, 'en', currency)} from winning to keeping customers.",
            "warning",
        )
    elif a.shift < 0:
        advice = (
            f"Das Halten bekommt {_pct(a.retention_share, 'de')}, mehr als die geratenen "
            f"{fmt.number(a.advised_high, 'de')} %: etwa {_money(-a.shift, 'de', currency)} "
            "könnten ins Gewinnen neuer Kunden gehen.",
            f"Keeping customers gets {_pct(a.retention_share, 'en')}, more than the advised "
            f"{fmt.number(a.advised_high, 'en')} %: about {_money(-a.shift, 'en', currency)} "
            "could go to winning new customers.",
            "info",
        )
    else:
        advice = (
            f"Die Aufteilung ({_pct(a.retention_share, 'de')} fürs Halten) entspricht der "
            f"Regel der {literature('000', 'de')}.",
            f"The split ({_pct(a.retention_share, 'en')} for keeping) follows the rule of the "
            f"{literature('000', 'en')}.",
            "good",
        )
    rule = (
        f"Wiederkaufrate {_pct(a.repeat_rate, 'de')}: "
        + (
            "unter 30 %, daher 70–80 % fürs Halten."
            if a.repeat_rate < 30
            else "ab 30 %, daher 60/40."
        ),
        f"Repeat customer rate {_pct(a.repeat_rate, 'en')}: "
        + (
            "below 30 %, so 70–80 % for keeping."
            if a.repeat_rate < 30
            else "30 % or more, so 60/40."
        ),
    )
    cost = (
        f"Ein Neukunde kostete {_money(a.cost_per_new, 'de', currency)}, ein gehaltener Kunde "
        f"{_money(a.cost_per_kept, 'de', currency)} ({benchmark('003', 'de')}: 5–25× so viel "
        "fürs Gewinnen).",
        f"A new customer cost {_money(a.cost_per_new, 'en', currency)}, a kept customer "
        f"{_money(a.cost_per_kept, 'en', currency)} ({benchmark('003', 'en')}: 5–25× as much "
        "for winning).",
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
        "budget", "Budget", "Budget", [split_table, *phase_tables_, *whatif_tables], findings, meta
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
        return (
            [],
            [
                Finding(
                    f"Kein Was-wäre-wenn aus dem CLV-Modell: {exc}",
                    f"No what-if from the CLV model: {exc}",
                    "info",
                )
            ],
            {"points": points, "years": years},
        )
    whatif_table = Table(
        "whatif",
        f"Was wäre, wenn die Bindungsrate um {fmt.number(points, 'de', 1)} Punkte stiege",
        f"What if retention rose by {fmt.number(points, 'en', 1)} points",
        [
            Column("year", "Jahr", "year", "count"),
            Column("customers", "aktive Kunden (wie bisher)", "active customers (as now)", "count"),
            Column(
                "customers_whatif",
                "Kunden (höhere Bindung)",
                "customers (higher retention)",
                "count",
            ),
            Column("extra_customers", "zusätzlich gehalten", "kept in addition", "count"),
            Column("revenue", "Umsatz (heute)", "revenue (as now)", "money"),
            Column(
                "revenue_whatif", "Umsatz (höhere Bindung)", "revenue (higher retention)", "money"
            ),
            Column("extra_profit", "zusätzlicher Gewinn", "extra profit", "money"),
        ],
        w.years.copy(),
    )
    extra = w.extra_profit_percent
    gain = _money(float(w.years["extra_profit"].sum()), "de", currency)
    gain_en = _money(float(w.years["extra_profit"].sum()), "en", currency)
    model_de, model_en = MODEL_NAMES.get(w.model, (w.model, w.model))
    whatif = (
        f"+{fmt.number(points, 'de', 1)} Punkte Bindung (das {model_de}-Modell hält heute "
        f"{_pct(w.retention, 'de')} der aktiven Kunden ein Jahr; mit niedrigerer Abwanderung "
        f"{_pct(w.retention_whatif, 'de')}) brächten in {years} Jahren {gain} mehr Gewinn "
        f"({'+' if extra >= 0 else ''}{_pct(extra, 'de')}); {benchmark('000', 'de')}: "
        f"{LITERATURE_PROFIT_RANGE[0]:.0f}–{LITERATURE_PROFIT_RANGE[1]:.0f} %.",
        f"+{fmt.number(points, 'en', 1)} points of retention (the {model_en} model keeps "
        f"{_pct(w.retention, 'en')} of today's active customers for a year; with lower dropout "
        f"{_pct(w.retention_whatif, 'en')}) would bring {gain_en} more profit in {years} years "
        f"({'+' if extra >= 0 else ''}{_pct(extra, 'en')}); {benchmark('000', 'en')}: "
        f"{LITERATURE_PROFIT_RANGE[0]:.0f}–{LITERATURE_PROFIT_RANGE[1]:.0f} %.",
    )
    first_year = float(w.years["revenue"].iloc[0])
    calibration = (
        f"Ohne Änderung erwartet das Modell im ersten Jahr {_money(first_year, 'de', currency)} "
        f"Umsatz; die letzten 12 Monate ({w.first} … {w.last}) brachten "
        f"{_money(w.revenue_last_year, 'de', currency)}. Neukunden: "
        f"{fmt.number(w.new_per_year, 'de')} pro Jahr wie zuletzt, je Bestellung "
        f"{_money(w.new_spend, 'de', currency)}.",
        f"Without a change the model expects {_money(first_year, 'en', currency)} of revenue in "
        f"the first year; the last 12 months ({w.first} … {w.last}) brought "
        f"{_money(w.revenue_last_year, 'en', currency)}. New customers: "
        f"{fmt.number(w.new_per_year, 'en')} a year as lately, "
        f"{_money(w.new_spend, 'en', currency)} per order.",
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
