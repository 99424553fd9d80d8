"""The experiment section (``bindung experiment show NAME``): numbers from
:mod:`bindung.insights.experiments`, labelled and put into plain words.  No number is computed
here."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from bindung.insights.experiments import ExperimentResult, experiment_result
from bindung.report import format as fmt
from bindung.report.tables import Column, Finding, Level, Section, Table

if TYPE_CHECKING:
    from bindung.store.protocol import Store

OUTCOMES = {
    "share": ("Anteil mit Kauf im Fenster", "share with an order in the window"),
    "retention": ("aktiv am Fensterende", "active at the window's end"),
    "orders": ("Bestellungen je Kunde", "orders per customer"),
    "revenue": ("Umsatz je Kunde", "revenue per customer"),
    "clv": ("CLV je Kunde", "CLV per customer"),
}


def _p(p: float, lang: str) -> str:
    if math.isnan(p):
        return "p " + fmt.text("undefined", lang)
    if p < 0.001:
        return "p < " + fmt.number(0.001, lang, 3)
    return "p = " + fmt.number(p, lang, 3)


def _num(v: float, unit: str, lang: str, currency: str) -> str:
    if unit == "money":
        return fmt.value(v, "money", lang, currency)
    if unit == "points":
        return fmt.number(v, lang, 1) + ("\u00a0Pp" if lang == "de" else "\u00a0pp")
    return fmt.number(v, lang, 2)


def _frames(r: ExperimentResult, lang: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    variants = pd.DataFrame(
        [
            {
                "variant": v.variant,
                "reference": v.variant == r.reference,
                "customers": v.customers,
                "buyers": v.buyers,
                "share": v.share,
                "orders": v.orders_per_customer,
                "revenue": v.revenue_per_customer,
                "retention": v.retention,
                "clv": math.nan if v.clv_per_customer is None else v.clv_per_customer,
            }
            for v in r.variants
        ]
    )
    diffs = pd.DataFrame(
        [
            {
                "outcome": d.outcome,
                "outcome_label": OUTCOMES[d.outcome][0 if lang == "de" else 1],
                "variant": d.variant,
                "reference": d.reference,
                "unit": d.unit,
                "value": d.value,
                "low": d.low,
                "high": d.high,
                "p_value": d.p_value,
            }
            for d in r.differences
        ],
        columns=[
            "outcome",
            "outcome_label",
            "variant",
            "reference",
            "unit",
            "value",
            "low",
            "high",
            "p_value",
        ],
    )
    srm = pd.DataFrame(
        [
            {
                "variants": len(r.srm.counts),
                "customers": sum(r.srm.counts.values()),
                "chi2": r.srm.chi2,
                "p_value": r.srm.p_value,
                "flagged": r.srm.flagged,
            }
        ]
    )
    return variants, diffs, srm


def _findings(r: ExperimentResult, currency: str) -> list[Finding]:
    out: list[Finding] = []
    ci = {"de": "KI", "en": "CI"}
    conf = {lg: fmt.number(100 * r.confidence, lg) + "\u00a0%" for lg in ("de", "en")}
    for d in r.differences:
        if d.outcome not in ("share", "revenue", "clv"):
            continue
        clear = not math.isnan(d.low) and (d.low > 0 or d.high < 0)
        text = {}
        for lg in ("de", "en"):
            if lg == "de":
                verb = "erhöhte" if d.value >= 0 else "senkte"
                what = OUTCOMES[d.outcome][0]
                head = f"{d.variant} {verb} gegenüber {d.reference} den {what} um "
            else:
                verb = "raised" if d.value >= 0 else "lowered"
                what = OUTCOMES[d.outcome][1]
                head = f"{d.variant} {verb} the {what} against {d.reference} by "
            interval = (
                f"{conf[lg]} {ci[lg]} {_num(d.low, d.unit, lg, currency)} … "
                f"{_num(d.high, d.unit, lg, currency)}"
                if not math.isnan(d.low)
                else f"{ci[lg]} " + fmt.text("undefined", lg)
            )
            size = _num(abs(d.value), d.unit, lg, currency)
            text[lg] = f"{head}{size} ({interval}; {_p(d.p_value, lg)})."

            if not clear:
                text[lg] += (
                    " Der Unterschied ist nicht von null zu unterscheiden."
                    if lg == "de"
                    else " The difference cannot be told apart from zero."
                )
        level: Level = "good" if clear and d.value > 0 else ("warning" if clear else "info")
        out.append(Finding(text["de"], text["en"], level))
    if r.srm.flagged:
        counts = ", ".join(f"{k} {v}" for k, v in r.srm.counts.items())
        out.append(
            Finding(
                f"Stichprobenverhältnis weicht von der Gleichverteilung ab ({counts}; "
                f"{_p(r.srm.p_value, 'de')}): die Zuteilung ist vermutlich fehlerhaft, die "
                "Ergebnisse sind nicht vertrauenswürdig.",
                f"Sample-ratio mismatch against an equal split ({counts}; "
                f"{_p(r.srm.p_value, 'en')}): the assignment is probably broken; do not trust "
                "the results.",
                "alarm",
            )
        )
    for note in r.notes:
        de = (
            "Kein CLV-Modell auf den aktuellen Daten geschätzt (bindung clv fit); CLV ausgelassen."
            if note.startswith("no CLV model")
            else "CLV ausgelassen: " + note
        )
        out.append(Finding(de, note))
    return out


def experiment_section(
    ws: Store,
    name: str,
    *,
    window_days: int | None = None,
    confidence: float = 0.95,
    result: ExperimentResult | None = None,
) -> Section:
    """Variants, differences against the reference (with intervals and p-values) and the
    sample-ratio check of experiment ``name``."""
    r = result or experiment_result(ws, name, window_days=window_days, confidence=confidence)
    lang = ws.settings.lang
    currency = ws.settings.currency
    variants, diffs, srm = _frames(r, lang)
    period = f"{r.window_start} … {r.window_end}"
    level = fmt.number(100 * r.confidence, "de") + " %"
    level_en = fmt.number(100 * r.confidence, "en") + " %"
    tables = [
        Table(
            "variants",
            f"Varianten (Fenster {period}, ausschl. Ende)",
            f"Variants (window {period}, end exclusive)",
            [
                Column("variant", "Variante", "variant"),
                Column("reference", "Referenz", "reference", "flag"),
                Column("customers", "Kunden", "customers", "count"),
                Column("buyers", "mit Kauf", "buyers", "count"),
                Column("share", "Anteil mit Kauf %", "share buying %", "percent"),
                Column("orders", "Bestellungen je Kunde", "orders per customer", "score"),
                Column("revenue", "Umsatz je Kunde", "revenue per customer", "money"),
                Column(
                    "retention",
                    f"aktiv am Ende ({r.activity_window_days} T.) %",
                    f"active at the end ({r.activity_window_days} d) %",
                    "percent",
                ),
                Column("clv", "CLV je Kunde", "CLV per customer", "money"),
            ],
            variants,
        ),
        Table(
            "differences",
            f"Unterschiede zur Referenz ({level} KI)",
            f"Differences against the reference ({level_en} CI)",
            [
                Column("outcome_label", "Ergebnis", "outcome"),
                Column("variant", "Variante", "variant"),
                Column("reference", "Referenz", "reference"),
                Column("value", "Unterschied", "difference", "score"),
                Column("low", "KI von", "CI from", "score"),
                Column("high", "KI bis", "CI to", "score"),
                Column("p_value", "p-Wert", "p-value", "pvalue"),
                Column("unit", "Einheit", "unit"),
            ],
            diffs,
            keys=("outcome",),
        ),
        Table(
            "srm",
            "Stichprobenverhältnis (Chi-Quadrat gegen Gleichverteilung)",
            "Sample ratio (chi-square against an equal split)",
            [
                Column("variants", "Varianten", "variants", "count"),
                Column("customers", "Kunden", "customers", "count"),
                Column("chi2", "Chi-Quadrat", "chi-square", "score"),
                Column("p_value", "p-Wert", "p-value", "pvalue"),
                Column("flagged", "Abweichung (p < 0,001)", "mismatch (p < 0.001)", "flag"),
            ],
            srm,
        ),
    ]
    return Section(
        "experiment",
        f"Experiment {r.name}",
        f"Experiment {r.name}",
        tables,
        _findings(r, currency),
        {
            "experiment": r.name,
            "reference": r.reference,
            "window_start": r.window_start,
            "window_end": r.window_end,
            "window_days": r.window_days,
            "activity_window_days": r.activity_window_days,
            "confidence": r.confidence,
            "notes": "; ".join(r.notes),
        },
    )
