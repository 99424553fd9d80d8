"""The "fans against others" and ROI sections: numbers from :mod:`bindung.insights.fans` and
:mod:`bindung.insights.roi`, labelled and put into plain words.  No number is computed here."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from bindung.i18n import benchmark, literature
from bindung.insights.fans import LITERATURE_CLAIM_PERCENT, Estimate, FanComparison, compare_fans
from bindung.insights.roi import RoiResult, roi_comparison, roi_percent, social_roi
from bindung.report import format as fmt
from bindung.report.tables import Column, Finding, Section, Table

if TYPE_CHECKING:
    from bindung.store.protocol import Store

METHOD_LABELS = {
    "raw": ("roh (Fans gegen alle anderen)", "raw (fans against everybody else)"),
    "history": ("gewichtet nach Vorgeschichte", "weighted on history"),
    "within": ("im Vergleich mit sich selbst", "within customers (before/after)"),
}
OUTCOME_LABELS = {
    "repurchase": ("Kauf im Fenster (Kunde gehalten)", "bought in the window (kept)"),
    "orders": ("Bestellungen", "orders"),
    "revenue": ("Umsatz", "revenue"),
}


def _pct(v: float, lang: str) -> str:
    return fmt.number(v, lang, 1) + "\u00a0%"


def _signed(v: float, lang: str, unit: str) -> str:
    sign = "+" if v > 0 else ("±" if v == 0 else "−")
    body = fmt.number(abs(v), lang, 1)
    return f"{sign}{body}\u00a0" + ("%" if unit == "percent" else fmt.text("points", lang))


def _interval(e: Estimate, lang: str) -> str:
    unit = "\u00a0%" if e.unit == "percent" else "\u00a0" + fmt.text("points", lang)
    low, high = fmt.number(e.low, lang, 1), fmt.number(e.high, lang, 1)
    return f"95\u00a0% {'KI' if lang == 'de' else 'CI'} {low} … {high}{unit}"


def _rows(estimates: list[Estimate]) -> pd.DataFrame:
    rows = []
    for e in estimates:
        de_o, en_o = OUTCOME_LABELS[e.outcome]
        de_m, en_m = METHOD_LABELS[e.method]
        rows.append(
            {
                "outcome": e.outcome,
                "method": e.method,
                "outcome_de": de_o,
                "outcome_en": en_o,
                "method_de": de_m,
                "method_en": en_m,
                "fans": e.fans,
                "others": e.others,
                "fans_value": e.fans_value,
                "others_value": e.others_value,
                "effect": e.value,
                "low": e.low,
                "high": e.high,
                "platform": e.platform or "",
            }
        )
    return pd.DataFrame(rows)


def fans_section(
    ws: Store, *, horizon: int = 12, comparison: FanComparison | None = None
) -> Section:
    """Fans against others: raw, weighted on history and within customers."""
    r = comparison or compare_fans(ws, horizon=horizon)
    lang = ws.settings.lang
    frame = _rows(r.estimates)
    overall = frame[frame["platform"] == ""]
    stay = overall[overall["outcome"] == "repurchase"]
    more = overall[overall["outcome"] != "repurchase"]
    by_platform = frame[frame["platform"] != ""]
    label = Column("outcome_de", "Ergebnis", "outcome")
    method = Column("method_de", "Methode", "comparison")
    if lang != "de":
        label = Column("outcome_en", "Ergebnis", "outcome")
        method = Column("method_en", "Methode", "comparison")
    tables = [
        Table(
            "buy_more",
            f"Kaufen Fans häufiger und mehr? (Fenster {r.window_start} … {r.window_end})",
            f"Do fans buy more often and spend more? (window {r.window_start} … {r.window_end})",
            [
                label,
                method,
                Column("fans", "Fans", "fans", "count"),
                Column("others", "Vergleichsgruppe", "others", "count"),
                Column("fans_value", "Fans je Kunde", "fans per customer", "score"),
                Column("others_value", "Vergleichsgruppe je Kunde", "others per customer", "score"),
                Column("effect", "Unterschied %", "difference %", "percent"),
                Column("low", "95 % KI von", "95 % CI from", "percent"),
                Column("high", "95 % KI bis", "95 % CI to", "percent"),
            ],
            more.reset_index(drop=True),
            keys=("outcome", "method"),
        ),
        Table(
            "stay",
            "Bleiben Fans länger? (Anteil mit Kauf im Fenster)",
            "Do fans stay longer? (share buying in the window)",
            [
                label,
                method,
                Column("fans", "Fans", "fans", "count"),
                Column("others", "Vergleichsgruppe", "others", "count"),
                Column("fans_value", "Fans %", "fans %", "percent"),
                Column("others_value", "Vergleichsgruppe %", "others %", "percent"),
                Column("effect", "Unterschied (Pp)", "difference (pp)", "points"),
                Column("low", "95 % KI von", "95 % CI from", "points"),
                Column("high", "95 % KI bis", "95 % CI to", "points"),
            ],
            stay.reset_index(drop=True),
            keys=("outcome", "method"),
        ),
        Table(
            "by_platform",
            "Bestellungen je Monat nach erster Plattform (im Vergleich mit sich selbst)",
            "Orders per month by first platform (within customers)",
            [
                Column("platform", "Plattform", "platform"),
                Column("fans", "Fans", "fans", "count"),
                Column("effect", "Unterschied %", "difference %", "percent"),
                Column("low", "95 % KI von", "95 % CI from", "percent"),
                Column("high", "95 % KI bis", "95 % CI to", "percent"),
            ],
            by_platform.reset_index(drop=True),
            keys=("outcome", "method"),
        ),
    ]
    return Section(
        "fans",
        "Fans gegen Nicht-Fans",
        "Fans against non-fans",
        tables,
        _fan_findings(r, lang),
        {
            "window_start": r.window_start,
            "window_end": r.window_end,
            "horizon_months": r.horizon,
            "cohort": r.cohort,
            "engaged_customers": r.engaged_customers,
            "seed_claim_percent": LITERATURE_CLAIM_PERCENT,
        },
    )


def _fan_findings(r: FanComparison, lang: str) -> list[Finding]:
    out: list[Finding] = []
    names = {e.outcome + e.method + (e.platform or "") for e in r.estimates}

    def get(outcome: Any, method: Any) -> Estimate | None:
        return r.estimate(outcome, method) if outcome + method in names else None

    within = get("orders", "within")
    raw = get("orders", "raw")
    if within is not None:
        clear = within.low > 0 or within.high < 0
        word_de = "häufiger" if within.value >= 0 else "seltener"
        word_en = "more" if within.value >= 0 else "less"
        body = {
            "de": (
                f"Fans kauften nach ihrem ersten Kontakt {_pct(abs(within.value), 'de')} "
                f"{word_de} als vorher, verglichen mit Kunden ohne Kontakt in denselben Monaten "
                f"({_interval(within, 'de')}); {benchmark('001', 'de')}: "
                f"{_pct(LITERATURE_CLAIM_PERCENT, 'de')}."
            ),
            "en": (
                f"After their first engagement fans bought {_pct(abs(within.value), 'en')} "
                f"{word_en} often than before, compared with customers without engagement in "
                f"the same months ({_interval(within, 'en')}); {benchmark('001', 'en')}: "
                f"{_pct(LITERATURE_CLAIM_PERCENT, 'en')}."
            ),
        }
        if not clear:
            body["de"] += " Der Unterschied ist nicht von null zu unterscheiden."
            body["en"] += " The difference cannot be told apart from zero."
        out.append(Finding(body["de"], body["en"], "good" if within.low > 0 else "info"))
    if raw is not None and within is not None and raw.low > within.high:
        out.append(
            Finding(
                f"Ohne Bereinigung sähe es nach {_signed(raw.value, 'de', 'percent')} aus: "
                "Fans kauften schon vor ihrem ersten Kontakt mehr; dieser Unterschied ist "
                "keine Wirkung von Social Media.",
                f"Unadjusted it would look like {_signed(raw.value, 'en', 'percent')}: fans "
                "bought more before they first engaged; that difference is not an effect of "
                "social media.",
                "warning",
            )
        )
    revenue = get("revenue", "within")
    if revenue is not None:
        out.append(
            Finding(
                f"Umsatz je Monat: {_signed(revenue.value, 'de', 'percent')} "
                f"({_interval(revenue, 'de')}).",
                f"Revenue per month: {_signed(revenue.value, 'en', 'percent')} "
                f"({_interval(revenue, 'en')}).",
            )
        )
    stay_raw, stay = get("repurchase", "raw"), get("repurchase", "history")
    if stay_raw is not None and stay is not None:
        out.append(
            Finding(
                f"Gehalten (Kauf im Fenster): Fans {_pct(stay_raw.fans_value, 'de')} gegen "
                f"{_pct(stay_raw.others_value, 'de')} (roh {_signed(stay_raw.value, 'de', 'p')}); "
                f"gewichtet nach Vorgeschichte {_signed(stay.value, 'de', 'p')} "
                f"({_interval(stay, 'de')}).",
                f"Kept (bought in the window): fans {_pct(stay_raw.fans_value, 'en')} against "
                f"{_pct(stay_raw.others_value, 'en')} (raw {_signed(stay_raw.value, 'en', 'p')}); "
                f"weighted on history {_signed(stay.value, 'en', 'p')} "
                f"({_interval(stay, 'en')}).",
            )
        )
    return out


def roi_section(
    ws: Store,
    *,
    clv: float | None = None,
    kept: float | None = None,
    cost: float | None = None,
    horizon: int = 12,
    comparison: FanComparison | None = None,
) -> Section:
    """ROI per measure and platform; with ``clv``, ``kept`` and ``cost`` the formula of
    source 000 for one measure instead (a calculator).  ``comparison``: a comparison of fans
    already at hand (it needs the cohort and the within-customer revenue ratio); else only that
    part is computed (:func:`~bindung.insights.roi.roi_comparison`)."""
    lang = ws.settings.lang
    currency = ws.settings.currency
    if clv is not None or kept is not None or cost is not None:
        if clv is None or kept is None or cost is None:
            from bindung.insights.segments import InsightInputError

            raise InsightInputError("--clv, --kept and --cost go together: give all three")
        value = roi_percent(clv, kept, cost)
        frame = pd.DataFrame([{"clv": clv, "kept": kept, "cost": cost, "roi": value}])
        table = Table(
            "roi",
            "ROI einer Maßnahme",
            "ROI of one measure",
            [
                Column("clv", "CLV", "CLV", "money"),
                Column("kept", "gehaltene Kunden", "customers kept", "count"),
                Column("cost", "Kosten", "cost", "money"),
                Column("roi", "ROI %", "ROI %", "percent"),
            ],
            frame,
        )
        sentence = {
            lg: f"(({fmt.value(clv, 'money', lg, currency)} × {fmt.number(kept, lg)}) − "
            f"{fmt.value(cost, 'money', lg, currency)}) / {fmt.value(cost, 'money', lg, currency)}"
            f" × 100 = {_pct(value, lg)}"
            for lg in ("de", "en")
        }
        return Section("roi", "ROI", "ROI", [table], [Finding(sentence["de"], sentence["en"])])
    result = social_roi(ws, comparison or roi_comparison(ws, horizon=horizon))
    return _roi_tables(result, lang, currency)


def _roi_tables(result: RoiResult, lang: str, currency: str) -> Section:
    frame = pd.DataFrame([vars(r) for r in result.rows])
    frame["platform"] = frame["platform"].fillna(
        "alle Plattformen" if lang == "de" else "all platforms"
    )
    table = Table(
        "social_roi",
        f"ROI der Social-Media-Maßnahmen ({result.window_start} … {result.window_end})",
        f"ROI of the social-media measures ({result.window_start} … {result.window_end})",
        [
            Column("measure", "Maßnahme", "measure"),
            Column("platform", "Plattform", "platform"),
            Column("cost", "Kosten", "cost", "money"),
            Column("fans", "Fans", "fans", "count"),
            Column("clv", "CLV je gehaltenem Kunden", "CLV per kept customer", "money"),
            Column("kept_naive", "gehalten (alle Fans)", "kept (all fans)", "count"),
            Column("roi_naive", "ROI (alle Fans) %", "ROI (all fans) %", "percent"),
            Column("kept_incremental", "gehalten (zusätzlich)", "kept (incremental)", "score"),
            Column("roi_incremental", "ROI (zusätzlich) %", "ROI (incremental) %", "percent"),
            Column("roi_low", "95 % KI von", "95 % CI from", "percent"),
            Column("roi_high", "95 % KI bis", "95 % CI to", "percent"),
            Column("extra_revenue", "Mehrumsatz × Marge", "extra revenue × margin", "money"),
            Column("roi_extra_revenue", "ROI (Mehrumsatz) %", "ROI (extra revenue) %", "percent"),
            Column("note", "Hinweis", "note"),
        ],
        frame,
    )
    total = result.rows[-1]
    variant = {
        "predicted": (
            "vorhergesagter CLV (BG/NBD × Gamma-Gamma)",
            "predicted CLV (BG/NBD × Gamma-Gamma)",
        ),
        "historical": (
            "historischer CLV (Marge × Umsatz im Fenster)",
            "historical CLV (margin × revenue in the window)",
        ),
    }[result.clv_variant]
    months = round(result.horizon_days / 30.44)
    if result.clv_variant == "predicted":
        basis = (
            f"{variant[0]}, {months} Monate, Marge {_pct(result.margin * 100, 'de')}, "
            "abgezinst mit 10 % pro Jahr.",
            f"{variant[1]}, {months} months, margin {_pct(result.margin * 100, 'en')}, "
            "discounted at 10 % a year.",
        )
    else:
        basis = (
            f"{variant[0]}, Marge {_pct(result.margin * 100, 'de')}, nicht abgezinst (kein "
            "CLV-Modell schätzbar).",
            f"{variant[1]}, margin {_pct(result.margin * 100, 'en')}, not discounted (no CLV "
            "model could be fitted).",
        )
    findings = [
        Finding(*basis),
        Finding(
            "Alle Maßnahmen zusammen: jeden gehaltenen Fan gezählt, wie in der "
            f"{literature('000', 'de')}, ergibt "
            f"sich ein ROI von {_pct(total.roi_naive, 'de')}; nur die zusätzlich gehaltenen "
            f"Kunden gezählt {_pct(total.roi_incremental, 'de')} (95 % KI "
            f"{fmt.number(total.roi_low, 'de', 1)} … {fmt.number(total.roi_high, 'de', 1)} %).",
            "All measures together: counting every kept fan, as the "
            f"{literature('000', 'en')} does, the ROI is "
            f"{_pct(total.roi_naive, 'en')}; counting only the customers kept in addition "
            f"{_pct(total.roi_incremental, 'en')} (95 % CI "
            f"{fmt.number(total.roi_low, 'en', 1)} … {fmt.number(total.roi_high, 'en', 1)} %).",
            "warning" if total.roi_high < 0 else "info",
        ),
        Finding(
            "Über häufigere Käufe brachten die Fans "
            f"{fmt.value(total.extra_revenue, 'money', 'de', currency)} Mehrumsatz × Marge "
            f"(ROI {_pct(total.roi_extra_revenue, 'de')}).",
            f"Through more frequent buying the fans brought "
            f"{fmt.value(total.extra_revenue, 'money', 'en', currency)} extra revenue × margin "
            f"(ROI {_pct(total.roi_extra_revenue, 'en')}).",
            "good"
            if total.roi_extra_revenue > 0 and not math.isnan(total.roi_extra_revenue)
            else "info",
        ),
    ]
    return Section(
        "roi",
        "ROI der Kundenbindung",
        "Retention ROI",
        [table],
        findings,
        {
            "window_start": result.window_start,
            "window_end": result.window_end,
            "clv_variant": result.clv_variant,
            "margin": result.margin,
            "horizon_days": result.horizon_days,
        },
    )
