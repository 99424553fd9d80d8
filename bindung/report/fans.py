"""The "fans against others" and ROI sections: numbers from :mod:`bindung.insights.fans` and
:mod:`bindung.insights.roi`, labelled and put into plain words.  No number is computed here."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from bindung.i18n import N_, Pairs, benchmark, both, literature, pboth, tr
from bindung.insights.fans import LITERATURE_CLAIM_PERCENT, Estimate, FanComparison, compare_fans
from bindung.insights.roi import RoiResult, roi_comparison, roi_percent, social_roi
from bindung.report import format as fmt
from bindung.report.tables import Column, Finding, Section, Table

if TYPE_CHECKING:
    from bindung.store.protocol import Store

METHOD_LABELS = Pairs(
    {
        "raw": N_("raw (fans against everybody else)"),
        "history": N_("weighted on history"),
        "within": N_("within customers (before/after)"),
    }
)
OUTCOME_LABELS = Pairs(
    {
        "repurchase": N_("bought in the window (kept)"),
        "orders": N_("orders"),
        "revenue": N_("revenue"),
    }
)


def _pct(v: float, lang: str) -> str:
    return fmt.number(v, lang, 1) + "\u00a0%"


def _signed(v: float, lang: str, unit: str) -> str:
    sign = "+" if v > 0 else ("±" if v == 0 else "−")
    body = fmt.number(abs(v), lang, 1)
    return f"{sign}{body}\u00a0" + ("%" if unit == "percent" else fmt.text("points", lang))


def _interval(e: Estimate, lang: str) -> str:
    unit = "\u00a0%" if e.unit == "percent" else "\u00a0" + fmt.text("points", lang)
    low, high = fmt.number(e.low, lang, 1), fmt.number(e.high, lang, 1)
    return tr(lang, "95\u00a0% CI {low} … {high}{unit}", low=low, high=high, unit=unit)


def _rows(estimates: list[Estimate]) -> pd.DataFrame:
    rows = []
    for e in estimates:
        outcome, method = OUTCOME_LABELS[e.outcome], METHOD_LABELS[e.method]
        rows.append(
            {
                "outcome": e.outcome,
                "method": e.method,
                "outcome_de": outcome[0],
                "outcome_en": outcome[1],
                "method_de": method[0],
                "method_en": method[1],
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
    suffix = "de" if lang == "de" else "en"
    label = Column(f"outcome_{suffix}", *both("outcome"))
    method = Column(f"method_{suffix}", *both("comparison"))
    tables = [
        Table(
            "buy_more",
            *both(
                "Do fans buy more often and spend more? (window {start} … {end})",
                lambda _: {"start": r.window_start, "end": r.window_end},
            ),
            [
                label,
                method,
                Column("fans", *both("fans"), "count"),
                Column("others", *pboth("comparison group", "others"), "count"),
                Column("fans_value", *both("fans per customer"), "score"),
                Column("others_value", *both("others per customer"), "score"),
                Column("effect", *both("difference %"), "percent"),
                Column("low", *both("95 % CI from"), "percent"),
                Column("high", *both("95 % CI to"), "percent"),
            ],
            more.reset_index(drop=True),
            keys=("outcome", "method"),
        ),
        Table(
            "stay",
            *both("Do fans stay longer? (share buying in the window)"),
            [
                label,
                method,
                Column("fans", *both("fans"), "count"),
                Column("others", *pboth("comparison group", "others"), "count"),
                Column("fans_value", *both("fans %"), "percent"),
                Column("others_value", *both("others %"), "percent"),
                Column("effect", *both("difference (pp)"), "points"),
                Column("low", *both("95 % CI from"), "points"),
                Column("high", *both("95 % CI to"), "points"),
            ],
            stay.reset_index(drop=True),
            keys=("outcome", "method"),
        ),
        Table(
            "by_platform",
            *both("Orders per month by first platform (within customers)"),
            [
                Column("platform", *both("platform")),
                Column("fans", *both("fans"), "count"),
                Column("effect", *both("difference %"), "percent"),
                Column("low", *both("95 % CI from"), "percent"),
                Column("high", *both("95 % CI to"), "percent"),
            ],
            by_platform.reset_index(drop=True),
            keys=("outcome", "method"),
        ),
    ]
    return Section(
        "fans",
        *both("Fans against non-fans"),
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
        texts = [_within_text(within, clear, lang) for lang in ("de", "en")]
        out.append(Finding(texts[0], texts[1], "good" if within.low > 0 else "info"))
    if raw is not None and within is not None and raw.low > within.high:
        out.append(
            Finding(
                *both(
                    "Unadjusted it would look like {raw}: fans bought more before they first "
                    "engaged; that difference is not an effect of social media.",
                    lambda lang: {"raw": _signed(raw.value, lang, "percent")},
                ),
                "warning",
            )
        )
    revenue = get("revenue", "within")
    if revenue is not None:
        out.append(
            Finding(
                *both(
                    "Revenue per month: {change} ({interval}).",
                    lambda lang: {
                        "change": _signed(revenue.value, lang, "percent"),
                        "interval": _interval(revenue, lang),
                    },
                )
            )
        )
    stay_raw, stay = get("repurchase", "raw"), get("repurchase", "history")
    if stay_raw is not None and stay is not None:
        out.append(
            Finding(
                *both(
                    "Kept (bought in the window): fans {fans} against {others} (raw {raw}); "
                    "weighted on history {weighted} ({interval}).",
                    lambda lang: {
                        "fans": _pct(stay_raw.fans_value, lang),
                        "others": _pct(stay_raw.others_value, lang),
                        "raw": _signed(stay_raw.value, lang, "p"),
                        "weighted": _signed(stay.value, lang, "p"),
                        "interval": _interval(stay, lang),
                    },
                )
            )
        )
    return out


def _within_text(within: Estimate, clear: bool, lang: str) -> str:
    values = {
        "change": _pct(abs(within.value), lang),
        "interval": _interval(within, lang),
        "benchmark": benchmark("001", lang),
        "literature": _pct(LITERATURE_CLAIM_PERCENT, lang),
    }
    if within.value >= 0:
        text = tr(
            lang,
            "After their first engagement fans bought {change} more often than before, compared "
            "with customers without engagement in the same months ({interval}); {benchmark}: "
            "{literature}.",
            **values,
        )
    else:
        text = tr(
            lang,
            "After their first engagement fans bought {change} less often than before, compared "
            "with customers without engagement in the same months ({interval}); {benchmark}: "
            "{literature}.",
            **values,
        )
    if not clear:
        text += tr(lang, " The difference cannot be told apart from zero.")
    return text


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
            *both("ROI of one measure"),
            [
                Column("clv", *both("CLV"), "money"),
                Column("kept", *both("customers kept"), "count"),
                Column("cost", *both("cost"), "money"),
                Column("roi", *both("ROI %"), "percent"),
            ],
            frame,
        )
        sentence = {
            lg: f"(({fmt.value(clv, 'money', lg, currency)} × {fmt.number(kept, lg)}) − "
            f"{fmt.value(cost, 'money', lg, currency)}) / {fmt.value(cost, 'money', lg, currency)}"
            f" × 100 = {_pct(value, lg)}"
            for lg in ("de", "en")
        }
        return Section("roi", *both("ROI"), [table], [Finding(sentence["de"], sentence["en"])])
    result = social_roi(ws, comparison or roi_comparison(ws, horizon=horizon))
    return _roi_tables(result, lang, currency)


def _roi_tables(result: RoiResult, lang: str, currency: str) -> Section:
    frame = pd.DataFrame([vars(r) for r in result.rows])
    frame["platform"] = frame["platform"].fillna(tr(lang, "all platforms"))
    table = Table(
        "social_roi",
        *both(
            "ROI of the social-media measures ({start} … {end})",
            lambda _: {"start": result.window_start, "end": result.window_end},
        ),
        [
            Column("measure", *pboth("marketing", "measure")),
            Column("platform", *both("platform")),
            Column("cost", *both("cost"), "money"),
            Column("fans", *both("fans"), "count"),
            Column("clv", *both("CLV per kept customer"), "money"),
            Column("kept_naive", *both("kept (all fans)"), "count"),
            Column("roi_naive", *both("ROI (all fans) %"), "percent"),
            Column("kept_incremental", *both("kept (incremental)"), "score"),
            Column("roi_incremental", *both("ROI (incremental) %"), "percent"),
            Column("roi_low", *both("95 % CI from"), "percent"),
            Column("roi_high", *both("95 % CI to"), "percent"),
            Column("extra_revenue", *both("extra revenue × margin"), "money"),
            Column("roi_extra_revenue", *both("ROI (extra revenue) %"), "percent"),
            Column("note", *both("note")),
        ],
        frame,
    )
    total = result.rows[-1]
    months = round(result.horizon_days / 30.44)
    if result.clv_variant == "predicted":
        basis = both(
            "predicted CLV (BG/NBD × Gamma-Gamma), {months} months, margin {margin}, discounted "
            "at 10 % a year.",
            lambda lang: {"months": months, "margin": _pct(result.margin * 100, lang)},
        )
    else:
        basis = both(
            "historical CLV (margin × revenue in the window), margin {margin}, not discounted "
            "(no CLV model could be fitted).",
            lambda lang: {"margin": _pct(result.margin * 100, lang)},
        )
    findings = [
        Finding(*basis),
        Finding(
            *both(
                "All measures together: counting every kept fan, as the {literature} does, the "
                "ROI is {naive}; counting only the customers kept in addition {incremental} "
                "(95 % CI {low} … {high} %).",
                lambda lang: {
                    "literature": literature("000", lang),
                    "naive": _pct(total.roi_naive, lang),
                    "incremental": _pct(total.roi_incremental, lang),
                    "low": fmt.number(total.roi_low, lang, 1),
                    "high": fmt.number(total.roi_high, lang, 1),
                },
            ),
            "warning" if total.roi_high < 0 else "info",
        ),
        Finding(
            *both(
                "Through more frequent buying the fans brought {revenue} extra revenue × margin "
                "(ROI {roi}).",
                lambda lang: {
                    "revenue": fmt.value(total.extra_revenue, "money", lang, currency),
                    "roi": _pct(total.roi_extra_revenue, lang),
                },
            ),
            "good"
            if total.roi_extra_revenue > 0 and not math.isnan(total.roi_extra_revenue)
            else "info",
        ),
        Finding(
            *both(
                "To plan with: the ROI per measure (bindung measures) values the fans' effect on "
                "how much they buy at their CLV, with its interval, beside the loyalty "
                "programme, complaint handling and A/B tests. The customers kept in addition "
                "count only fans who would otherwise have stopped buying, so they leave out "
                "most of an effect on how often fans buy."
            )
        ),
    ]
    return Section(
        "roi",
        *both("Retention ROI"),
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
