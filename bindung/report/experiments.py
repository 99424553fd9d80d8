"""The experiment section (``bindung experiment show NAME``): numbers from
:mod:`bindung.insights.experiments`, labelled and put into plain words.  No number is computed
here."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from bindung.i18n import N_, both, tr
from bindung.insights.experiments import (
    NO_CLV_MODEL,
    Difference,
    ExperimentResult,
    experiment_result,
)
from bindung.report import format as fmt
from bindung.report.tables import Column, Finding, Level, Section, Table

if TYPE_CHECKING:
    from bindung.store.protocol import Store

OUTCOMES = {
    "share": N_("share with an order in the window"),
    "retention": N_("active at the window's end"),
    "orders": N_("orders per customer"),
    "revenue": N_("revenue per customer"),
    "clv": N_("CLV per customer"),
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
        return fmt.number(v, lang, 1) + "\u00a0" + fmt.text("points", lang)
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
                "outcome_label": tr(lang, OUTCOMES[d.outcome]),
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


def _difference(r: ExperimentResult, d: Difference, clear: bool, lang: str, currency: str) -> str:
    """A difference against the reference in words, in ``lang``."""
    if math.isnan(d.low):
        interval = tr(lang, "CI {undefined}", undefined=fmt.text("undefined", lang))
    else:
        interval = tr(
            lang,
            "{confidence} CI {low} … {high}",
            confidence=fmt.number(100 * r.confidence, lang) + "\u00a0%",
            low=_num(d.low, d.unit, lang, currency),
            high=_num(d.high, d.unit, lang, currency),
        )
    values = {
        "variant": d.variant,
        "what": tr(lang, OUTCOMES[d.outcome]),
        "reference": d.reference,
        "size": _num(abs(d.value), d.unit, lang, currency),
        "interval": interval,
        "p": _p(d.p_value, lang),
    }
    if d.value >= 0:
        text = tr(
            lang,
            "{variant} raised the {what} against {reference} by {size} ({interval}; {p}).",
            **values,
        )
    else:
        text = tr(
            lang,
            "{variant} lowered the {what} against {reference} by {size} ({interval}; {p}).",
            **values,
        )
    if not clear:
        text += tr(lang, " The difference cannot be told apart from zero.")
    return text


def _findings(r: ExperimentResult, currency: str) -> list[Finding]:
    out: list[Finding] = []
    for d in r.differences:
        if d.outcome not in ("share", "revenue", "clv"):
            continue
        clear = not math.isnan(d.low) and (d.low > 0 or d.high < 0)
        level: Level = "good" if clear and d.value > 0 else ("warning" if clear else "info")
        out.append(
            Finding(
                _difference(r, d, clear, "de", currency),
                _difference(r, d, clear, "en", currency),
                level,
            )
        )
    if r.srm.flagged:
        counts = ", ".join(f"{k} {v}" for k, v in r.srm.counts.items())
        out.append(
            Finding(
                *both(
                    "Sample-ratio mismatch against an equal split ({counts}; {p}): the "
                    "assignment is probably broken; do not trust the results.",
                    lambda lang: {"counts": counts, "p": _p(r.srm.p_value, lang)},
                ),
                "alarm",
            )
        )
    for note in r.notes:
        # the notes are English (bindung.insights.experiments); the known one is translated
        if note == NO_CLV_MODEL:
            german = tr("de", NO_CLV_MODEL)
        else:
            german = tr("de", "CLV left out: {note}", note=note)
        out.append(Finding(german, note))
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
    days = r.activity_window_days
    tables = [
        Table(
            "variants",
            *both("Variants (window {period}, end exclusive)", lambda _: {"period": period}),
            [
                Column("variant", *both("variant")),
                Column("reference", *both("reference"), "flag"),
                Column("customers", *both("customers"), "count"),
                Column("buyers", *both("buyers"), "count"),
                Column("share", *both("share buying %"), "percent"),
                Column("orders", *both("orders per customer"), "score"),
                Column("revenue", *both("revenue per customer"), "money"),
                Column(
                    "retention",
                    *both("active at the end ({days} d) %", lambda _: {"days": days}),
                    "percent",
                ),
                Column("clv", *both("CLV per customer"), "money"),
            ],
            variants,
        ),
        Table(
            "differences",
            *both(
                "Differences against the reference ({level} CI)",
                lambda lang: {"level": fmt.number(100 * r.confidence, lang) + " %"},
            ),
            [
                Column("outcome_label", *both("outcome")),
                Column("variant", *both("variant")),
                Column("reference", *both("reference")),
                Column("value", *both("difference"), "score"),
                Column("low", *both("CI from"), "score"),
                Column("high", *both("CI to"), "score"),
                Column("p_value", *both("p-value"), "pvalue"),
                Column("unit", *both("unit")),
            ],
            diffs,
            keys=("outcome",),
        ),
        Table(
            "srm",
            *both("Sample ratio (chi-square against an equal split)"),
            [
                Column("variants", *both("variants"), "count"),
                Column("customers", *both("customers"), "count"),
                Column("chi2", *both("chi-square"), "score"),
                Column("p_value", *both("p-value"), "pvalue"),
                Column("flagged", *both("mismatch (p < 0.001)"), "flag"),
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
