"""The ROI of every retention measure (:mod:`bindung.insights.measures`) as a section: one
table ranked by incremental ROI with the verdict, the cumulative ROI month by month, and the
findings that say where the next euro goes and why.  The estimates are the ones the loyalty,
complaints, fans/ROI and experiment answers make in the same refresh (each made once)."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from bindung import formatting
from bindung.errors import BindungError
from bindung.i18n import N_, both, pboth, tr
from bindung.insights import measures as im
from bindung.measure_links import Link
from bindung.report.tables import Column, Finding, Section, Table
from bindung.store.protocol import shared

if TYPE_CHECKING:
    from bindung.store.protocol import Store

#: The columns of the ranked table a reader sees (the others are keys: JSON carries them).
SHOWN = (
    "measure",
    "kind",
    "estimator",
    "customers",
    "reach",
    "effect_text",
    "cost",
    "value",
    "roi",
    "roi_low",
    "roi_high",
    "roi_naive",
    "margin_window",
    "roi_window",
    "positive_month",
    "verdict",
    "linked",
    "note",
)
#: The verdicts' labels (code, German, English).
VERDICT_LABELS = (
    ("next_euro", *both("next euro here")),
    ("pays_back", *both("pays back")),
    ("saturated", *both("pays back, little room left")),
    ("uncertain", *both("not yet shown")),
    ("loses", *both("costs more than it returns")),
    ("no_estimate", *both("no estimate")),
)
KIND_LABELS = (
    ("fans", *both("social media (fans)")),
    ("loyalty", *both("loyalty programme (members)")),
    ("complaints", *both("complaint handling (complainants)")),
    ("experiment", *both("A/B test (treated customers)")),
    ("campaign", *both("e-mail campaigns (recipients)")),
    ("", *both("not linked")),
)
LINKED_LABELS = (
    ("settings", *both("bindung.toml")),
    ("name", *both("by name")),
    ("", "–", "–"),
)


def clv_values(ws: Store) -> tuple[pd.Series | None, str]:
    """Per customer the predicted CLV over 365 days as of the last order day; ``None`` without
    a model that fits."""
    from bindung.models import workflow

    try:
        fit = workflow.current(ws)
        values = workflow.customer_values(
            ws, fit, as_of=workflow.last_order_day(ws), horizon_days=im.HORIZON_DAYS
        )
    except BindungError:
        return None, "none"
    clv: pd.Series = values.set_index("customer_id")["clv"].astype(float)
    return clv, "predicted"


def measure_inputs(ws: Store, links: list[Link], horizon: int = 12) -> im.Inputs:
    """The estimates the links need, each made once per refresh (shared with the answers
    that show them)."""
    from bindung.insights.panel import shared_customer_months

    panel = shared_customer_months(ws)
    kinds = {link.kind for link in links}
    clv, variant = shared(ws, ("measures.clv",), lambda: clv_values(ws))
    errors: dict[str, str] = {}
    fans = members = complaints = None
    experiments: dict[str, Any] = {}
    if "fans" in kinds:
        from bindung.insights.roi import shared_roi_comparison

        try:
            fans = shared_roi_comparison(ws, horizon)
        except BindungError as exc:
            errors["fans"] = str(exc)
    if "loyalty" in kinds:
        from bindung.insights.members import member_comparison

        try:
            members = shared(ws, ("members.comparison",), lambda: member_comparison(ws))
        except BindungError as exc:
            errors["loyalty"] = str(exc)
    if "complaints" in kinds:
        from bindung.insights.complaints import outcome_effects

        try:
            complaints = shared(
                ws, ("complaints.effects",), lambda: outcome_effects(ws, panel=panel)
            )
        except BindungError as exc:
            errors["complaints"] = str(exc)
    for link in links:
        if link.kind == "experiment" and link.target:
            from bindung.insights.experiments import experiment_result

            name = link.target
            try:
                experiments[name] = shared(
                    ws, ("experiment", name), partial(experiment_result, ws, name)
                )
            except BindungError as exc:
                errors.setdefault("experiment", str(exc))
    campaigns = None
    if "campaign" in kinds:
        from bindung.insights.campaigns import campaign_effects

        try:
            campaigns = shared(ws, ("campaigns.effects",), lambda: campaign_effects(ws))
        except BindungError as exc:
            errors["campaign"] = str(exc)
    return im.Inputs(
        panel=panel,
        clv=clv,
        clv_variant=variant,
        fans=fans,
        members=members,
        complaints=complaints,
        experiments=experiments,
        campaigns=campaigns,
        errors=errors,
    )


def measures_section(ws: Store) -> Section:
    lang = ws.settings.lang
    links = im.measure_links(ws)
    result = im.measure_roi(ws, measure_inputs(ws, links), links)
    table = result.table.copy()
    table["estimator"] = [tr(lang, e) if e else "" for e in table["estimator"]]
    table["note"] = [tr(lang, n) if isinstance(n, str) and n else "" for n in table["note"]]
    table["effect_text"] = [_effect_text(r, lang) for r in table.to_dict("records")]
    money: Any = "money"
    percent: Any = "percent"
    count: Any = "count"
    window = {"start": result.window_start, "end": result.window_end}
    ranked = Table(
        "measures",
        *both("ROI per measure ({start} … {end}), ranked", lambda _: window),
        [
            Column("measure", *pboth("marketing", "measure")),
            Column("kind", *both("linked to"), labels=KIND_LABELS),
            Column("estimator", *both("estimator")),
            Column("customers", *both("customers touched"), count),
            Column("reach", *both("reach"), percent),
            Column("effect_text", *both("effect (95 % interval)")),
            Column("cost", *both("cost (12 months)"), money),
            Column("value", *both("value added (CLV)"), money),
            Column("roi", *both("ROI"), percent),
            Column("roi_low", *both("ROI from"), percent),
            Column("roi_high", *both("ROI to"), percent),
            Column("roi_naive", *both("naive ROI (upper bound)"), percent),
            Column("margin_window", *both("margin earned (12 months)"), money),
            Column("roi_window", *both("ROI on margin earned"), percent),
            Column("positive_month", *both("positive after months"), count),
            Column("verdict", *both("verdict"), labels=VERDICT_LABELS),
            Column("linked", *both("link from"), labels=LINKED_LABELS),
            Column("note", *both("note")),
        ],
        table,
        # the figures behind the shown ones (JSON carries them; no view shows them)
        keys=tuple(c for c in im.COLUMNS if c not in SHOWN),
    )
    over = Table(
        "over_time",
        *both("Cumulative ROI since each measure started (on margin earned)"),
        [
            Column("measure", *pboth("marketing", "measure")),
            Column("month", *both("month")),
            Column("months_since_start", *both("months since start"), count),
            Column("cost", *both("cost so far"), money),
            Column("margin", *both("margin earned so far"), money),
            Column("roi", *both("ROI"), percent),
            Column("roi_low", *both("ROI from"), percent),
            Column("roi_high", *both("ROI to"), percent),
        ],
        result.over_time,
    )
    curves = _curves(result.over_time)
    meta = {
        "window_start": result.window_start,
        "window_end": result.window_end,
        "margin": result.margin,
        "clv": result.clv_variant,
        "clv_horizon_days": im.HORIZON_DAYS,
        "currency": ws.settings.currency,
        "saturated_reach": im.SATURATED,
    }
    findings = _findings(table, ws.settings.currency)
    findings += [Finding(*both(note), "warning") for note in result.notes]
    return Section("measures", *both("ROI per measure"), [ranked, curves, over], findings, meta)


def _curves(over_time: pd.DataFrame) -> Table:
    """The cumulative ROI by months since the start, one column per measure (``m0``, ``m1``,
    … labelled with the measure's name), and ``expected``: the months in which source 000
    expects the full effect."""
    names = list(dict.fromkeys(over_time["measure"]))
    wide = over_time.pivot_table(
        index="months_since_start", columns="measure", values="roi", sort=True, dropna=False
    ).reindex(columns=names)
    wide.columns = pd.Index([f"m{i}" for i in range(len(names))])
    wide = wide.reset_index()
    low, high = im.FULL_EFFECT_MONTHS
    wide["expected"] = wide["months_since_start"].between(low, high)
    return Table(
        "roi_curves",
        *both("Cumulative ROI by months since the start (on margin earned)"),
        [
            Column("months_since_start", *both("months since start"), "count"),
            *[Column(f"m{i}", n, n, "percent", blank=True) for i, n in enumerate(names)],
        ],
        wide,
        keys=("expected",),
    )


def _pct(v: float, lang: str) -> str:
    if not np.isfinite(v):
        return "–"
    sign = "−" if v < 0 else ""
    return f"{sign}{formatting.number(abs(v), lang, 0)}\u00a0%"


def _effect_text(row: dict[Any, Any], lang: str) -> str:
    """The estimator's effect with its interval: "+4,1 Pp (2,0 … 6,2)"."""
    v, low, high = row["effect"], row["effect_low"], row["effect_high"]
    if not isinstance(v, float | int) or not np.isfinite(v):
        return ""
    unit = (
        "\u00a0%" if row["effect_unit"] == "percent" else "\u00a0" + formatting.text("points", lang)
    )

    def signed(x: float) -> str:
        sign = "+" if x > 0 else ("±" if x == 0 else "−")
        return sign + formatting.number(abs(x), lang, 1)

    return f"{signed(v)}{unit} ({signed(low)} … {signed(high)})"


#: The finding on the naive ROI (source 000's count).
NAIVE = N_(
    "The naive ROI counts every kept customer as the measure's success (the way of source "
    "000); "
    "it is an upper bound wherever those who take part differ from the others. Plan with the "
    "ROI on the value added, and its interval."
)


def _findings(table: pd.DataFrame, currency: str) -> list[Finding]:
    out: list[Finding] = []
    rows = table.to_dict("records")
    best = [r for r in rows if r["verdict"] == "next_euro"]
    if best:
        r = best[0]
        out.append(
            Finding(
                *both(
                    "Next euro: {measure}. ROI {roi} (95 % interval {low} to {high}) on "
                    "{customers} customers; it reaches {reach} % of those it could reach, so "
                    "there is room to grow.",
                    _of(r),
                ),
                "good",
            )
        )
    else:
        out.append(
            Finding(
                *both(
                    "No measure is shown to pay back with room to grow: before more money, "
                    "test the most promising one against a control group (bindung experiment "
                    "plan)."
                ),
                "warning",
            )
        )
    for r in rows:
        values = _of(r)
        verdict = r["verdict"]
        if verdict == "saturated":
            out.append(
                Finding(
                    *both(
                        "{measure} pays back (ROI {roi}, interval {low} to {high}) but already "
                        "reaches {reach} % of those it could reach: little room for more money.",
                        values,
                    )
                )
            )
        elif verdict == "pays_back":
            out.append(
                Finding(
                    *both("{measure} pays back too: ROI {roi} (interval {low} to {high}).", values)
                )
            )
        elif verdict == "uncertain":
            out.append(
                Finding(
                    *both(
                        "{measure}: not yet shown to work either way – the interval of its ROI "
                        "runs from {low} to {high}. A test with a control group would settle it.",
                        values,
                    ),
                    "warning",
                )
            )
        elif verdict == "loses":
            out.append(
                Finding(
                    *both(
                        "{measure} returns less than it costs: ROI {roi} (interval {low} to "
                        "{high}). Rethink it before spending more.",
                        values,
                    ),
                    "alarm",
                )
            )
        elif verdict == "no_estimate":
            out.append(Finding(*both("{measure}: no ROI – {note}", values), "info"))
    timed = [r for r in rows if r["verdict"] != "no_estimate"]
    if timed:
        out.append(
            Finding(
                *both(
                    "When the margin earned covered the cost: {list}. Source 000 expects first "
                    "effects after 60–90 days and the full effect after 6–12 months.",
                    lambda lang: {"list": "; ".join(_timing(r, lang) for r in timed)},
                )
            )
        )
    if any(np.isfinite(r["roi_naive"]) for r in timed):
        out.append(Finding(*both(NAIVE)))
    return out


def _timing(r: dict[Any, Any], lang: str) -> str:
    """When one measure's margin earned covered its cost, in words."""
    months = r["positive_month"]
    if isinstance(months, float) and math.isnan(months):
        return tr(lang, "{measure} not yet (since {start})", **_values(r, lang))
    if months == 0:
        return tr(lang, "{measure} in its first month ({start})", **_values(r, lang))
    return tr(lang, "{measure} after {months} months (from {start})", **_values(r, lang))


def _of(r: dict[Any, Any]) -> Callable[[str], dict[str, object]]:
    """The placeholders of a measure's findings, per language."""
    return partial(_values, r)


def _values(r: dict[Any, Any], lang: str) -> dict[str, object]:
    months = r["positive_month"]
    return {
        "measure": r["measure"],
        "roi": _pct(_first(r["roi"], r["roi_window"]), lang),
        "low": _pct(_first(r["roi_low"], r["roi_window"]), lang),
        "high": _pct(_first(r["roi_high"], r["roi_window"]), lang),
        "customers": formatting.number(r["customers"], lang)
        if np.isfinite(r["customers"])
        else "–",
        "reach": formatting.number(r["reach"], lang, 0) if np.isfinite(r["reach"]) else "–",
        "note": r["note"],
        "start": r["start"],
        "months": int(months) if isinstance(months, int | float) and np.isfinite(months) else "",
    }


def _first(value: float, fallback: float) -> float:
    return value if isinstance(value, float | int) and np.isfinite(value) else fallback
