"""What every retention measure returns: incremental ROI with its interval, the naive ROI of the
literature beside it, the ROI month by month since the measure started, and where the next euro
goes.

>>> inputs = measure_inputs(ws, measure_links(ws))  # bindung.report.measures  # doctest: +SKIP
>>> result = measure_roi(ws, inputs)                                       # doctest: +SKIP
>>> result.table[["measure", "roi", "roi_low", "roi_high", "roi_naive"]]   # doctest: +SKIP

**Measures.**  A measure is a programme of the costs table (purpose ``retention`` or ``mixed``)
linked to the customers it touched and to the estimator that fits those data (:func:`links`):

==============  ================================  =============================================
kind            customers touched                 estimator (its effect, 95 % interval)
==============  ================================  =============================================
``fans``        customers following the brand on  within customers: the revenue rate ratio
                social media (on the platform     ``rr`` after the first engagement
                the cost channel names, or any),  (:func:`bindung.insights.fans.compare_fans`)
                of the comparison's cohort
``loyalty``     members of the loyalty programme  within customers: the members' revenue rate
                                                  ratio ``rr`` (decision 0007)
``complaints``  customers whose complaint was     within customers: the rate ratio after a
                opened in the window              resolved (partly resolved) complaint over the
                                                  one after an unresolved complaint,
                                                  ``q = rr_o / rr_unresolved`` (decision 0006)
``experiment``  the treated variants of an A/B    A/B difference of the share buying in the
                test                              outcome window (Newcombe), revenue (Welch)
``campaign``    the recipients of the e-mail      per campaign the difference of the share
                campaigns it names, sent in the   buying in the 30 days after sending against
                window                            the holdout (Newcombe) or matched
                                                  non-recipients (an upper bound;
                                                  :mod:`bindung.insights.campaigns`)
==============  ================================  =============================================

A link is set in ``bindung.toml`` (``[measures]``, ``"Winback-Kampagne 2026" =
"experiment:winback-2026"``; ``"none"`` leaves a programme out) or found by name: a programme
whose cost channel is a social platform or "Social Media" is ``fans``; one named like a
programme of ``loyalty_events`` is ``loyalty``; one whose name holds "Beschwerde", "complaint"
or "Reklamation" is ``complaints``; one whose name holds every word of an experiment's name is
that ``experiment``; one whose name holds every word of a campaign's name, or whose every word
is in campaigns' names (the programme "Newsletter" and the campaigns "Newsletter 2026-01",
...), is ``campaign`` (``"campaign:NAME"`` in ``bindung.toml``: the campaigns whose id or name
is NAME or whose name holds every word of it). A programme with no link is listed without an
ROI, with what would link it. The complaint handling's counterfactual is stated, not estimated:
without the handling the complaints it resolved would have stayed unresolved. Social-media
programmes on the same platform touch the same fans, so their values overlap (each is what the
fans' effect is worth against that programme's cost). **Reach**: fans and members over the
customers who could take part (the fans' cohort; the customers by the window's end), complaints
handled (resolved or partly) over those opened in the window, an experiment's treated over its
assigned customers, a campaign's recipients over the customers by the window's end.

**Window**: the last 12 complete months ``[W0, W1)`` (the one cost comparison's window,
:mod:`bindung.metrics.costs`).  **Cost**: the programme's costs prorated to the window by days.
**CLV**: per customer the predicted margin over the next 365 days (BG/NBD × Gamma-Gamma,
discounted; :func:`bindung.models.workflow.customer_values`, as of the last order day).

**Incremental value** (what the measure added, in customer value)::

    experiment:          kept_inc = treated × effect (points) / 100
                         value    = kept_inc × mean CLV of the treated customers kept
    campaign:            kept_inc = Σ_c recipients_c × effect_c (points) / 100
                         value    = kept_inc × mean CLV of the recipients who bought
                         (each end: the campaigns' distances from their point to that end,
                         times recipients_c / 100, added in quadrature — campaigns taken as
                         independent; one campaign keeps its own Newcombe interval)
    fans, loyalty:       value    = Σ_touched CLV_i × (1 − 1 / rr)
    complaints:          value    = Σ_o Σ_{complainants i with outcome o} CLV_i × (1 − 1 / q_o)

    ROI = (value − cost) / cost × 100                                             (percent)

The interval's ends come from the effect's interval (the value is increasing in the effect).
**Naive ROI** (source 000, the literature's way): every touched customer who was kept (bought
in the window after being touched) × their CLV; an upper bound wherever the customers who take
part differ from the others.

**Realised margin** in the window: ``margin ×`` the revenue of the customers touched since the
measure started (its first cost month) after being touched × ``(1 − 1/rr)`` (complaints:
``1 − 1/q_o`` of the latest complaint before the month, 0 after an unresolved or open one); for
an experiment ``margin × treated × (revenue per treated − per control customer)`` (Welch's
interval); for campaigns ``margin × recipients × revenue difference`` per campaign, in the month
of its sending.  **ROI over time**: per month ``m`` from the programme's first cost month to the
last complete month, ``(Σ_{≤m} realised margin − Σ_{≤m} cost) / Σ_{≤m} cost × 100``; the month
it turns positive is compared with what source 000 expects (first effects after 60–90 days, the
full effect after 6–12 months).

**Where the next euro goes** (:func:`advice`): measures whose interval lies above 0 pay back;
among them the one with the highest ROI and room to grow (its reach, touched customers over
those it could touch, below :data:`SATURATED` %).  A measure whose interval lies below 0 costs
more than it returns; one whose interval holds 0 is not yet shown to work either way.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats  # type: ignore[import-untyped]

from bindung.errors import BindungError
from bindung.i18n import N_
from bindung.measure_links import Link, MeasureError, parse_link

if TYPE_CHECKING:
    from bindung.insights.panel import CustomerMonths
    from bindung.store.protocol import Store

Array = npt.NDArray[np.float64]

#: The estimator each kind of measure uses.
ESTIMATORS = {
    "fans": N_("within customers"),
    "loyalty": N_("within customers"),
    "complaints": N_("within customers"),
    "experiment": N_("A/B test"),
    "campaign": N_("holdout or matched"),
}
#: Words in a programme's name that make it the complaint handling.
COMPLAINT_WORDS = ("beschwerde", "complaint", "reklamation")
#: A measure reaching this share of the customers it could reach has little room to grow.
SATURATED = 80.0
#: Source 000: first effects after 60–90 days, the full effect after 6–12 months.
FIRST_EFFECT_DAYS = (60, 90)
FULL_EFFECT_MONTHS = (6, 12)
#: The CLV horizon of the value (days).
HORIZON_DAYS = 365
#: The verdicts of :func:`advice` (the answer labels them).
VERDICTS = ("next_euro", "pays_back", "saturated", "uncertain", "loses", "no_estimate")


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[\W_]+", text.casefold()) if w}


def links(
    programmes: pd.DataFrame,
    *,
    configured: Mapping[str, str],
    platforms: set[str],
    loyalty_programmes: set[str],
    experiments: list[str],
    campaigns: pd.DataFrame | None = None,
) -> list[Link]:
    """One link per programme (``programmes``: ``program``, ``channel`` of its cost rows);
    configured links first, then by name (module docstring)."""
    from bindung.insights.roi import SOCIAL_CHANNELS

    social = {p.casefold() for p in platforms} | set(SOCIAL_CHANNELS)
    loyal = {p.casefold(): p for p in loyalty_programmes}
    unknown = sorted(set(configured) - set(programmes["program"]))
    if unknown:
        raise MeasureError(
            f"bindung.toml: measures: no cost programme named {', '.join(map(repr, unknown))}; "
            f"the costs name {', '.join(map(repr, sorted(programmes['program'])))}"
        )
    camps = campaigns if campaigns is not None else pd.DataFrame(columns=["campaign_id", "name"])
    out = []
    for programme, rows in programmes.groupby("program", sort=True):
        name = str(programme)
        if name in configured:
            link = parse_link(name, configured[name])
            if link.kind == "experiment" and link.target not in experiments:
                raise MeasureError(
                    f"bindung.toml: measures: {name!r}: no experiment {link.target!r}; known: "
                    f"{', '.join(experiments) or 'none (import assignments first)'}"
                )
            if link.kind == "campaign" and not campaigns_named(camps, link.target or ""):
                raise MeasureError(
                    f"bindung.toml: measures: {name!r}: no campaign {link.target!r}; known: "
                    f"{', '.join(sorted(set(camps['name']))) or 'none (import campaigns first)'}"
                )
            out.append(link)
            continue
        channels = {str(c).strip().casefold() for c in rows["channel"]}
        words = _words(name)
        if channels & social:
            named_platform = sorted(p for p in platforms if p.casefold() in channels)
            out.append(Link(name, "fans", named_platform[0] if named_platform else None))
        elif name.casefold() in loyal:
            out.append(Link(name, "loyalty", loyal[name.casefold()]))
        elif any(w in name.casefold() for w in COMPLAINT_WORDS):
            out.append(Link(name, "complaints"))
        else:
            named = [e for e in experiments if _words(e) and _words(e) <= words]
            target = _campaign_target(name, camps)
            if len(named) == 1:
                out.append(Link(name, "experiment", named[0]))
            elif target is not None:
                out.append(Link(name, "campaign", target))
            else:
                out.append(Link(name, None))
    return out


def campaigns_named(campaigns: pd.DataFrame, target: str) -> list[str]:
    """The ids of the campaigns ``target`` names: by id, by name, or every word of it in the
    campaign's name."""
    wanted = _words(target)
    return [
        str(c)
        for c, n in zip(campaigns["campaign_id"], campaigns["name"], strict=True)
        if target in (str(c), str(n)) or (wanted and wanted <= _words(str(n)))
    ]


def _campaign_target(programme: str, campaigns: pd.DataFrame) -> str | None:
    """A programme's campaigns by name: the one campaign name whose every word the programme's
    name holds, else the programme's name when its every word is in campaigns' names."""
    words = _words(programme)
    names = sorted({str(n) for n in campaigns["name"]})
    held = [n for n in names if _words(n) and _words(n) <= words]
    if len(held) == 1:
        return held[0]
    if words and campaigns_named(campaigns, programme):
        return programme
    return None


@dataclass
class Effect:
    """What one measure's estimator gives: the customers touched (panel rows and the month
    after which the effect counts), the fraction of their later revenue due to the measure
    (point, low, high, per customer), kept customers where the estimator counts them, and the
    reach."""

    estimate: float  # the estimator's own figure (points or percent)
    low: float
    high: float
    unit: str  # "points" | "percent"
    touched: int
    reach: float  # touched / could be touched, percent
    codes: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    after: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    fraction: tuple[Array, Array, Array] | None = None
    kept: tuple[float, float, float] | None = None
    kept_ids: pd.Index | None = None  # the touched customers kept (naive count)
    value_ids: pd.Index | None = None  # the touched customers whose CLV the fraction values
    #: their fractions, when they are not ``fraction`` (events of other customers too)
    value_fraction: tuple[Array, Array, Array] | None = None
    #: the touched customers (rows, month after which they count) for the naive count, when
    #: they are not ``codes``/``after``
    kept_codes: npt.NDArray[np.int64] | None = None
    kept_after: npt.NDArray[np.int64] | None = None
    note: str = ""


@dataclass
class MeasureRoi:
    """The answer: ``table`` one row per measure (ranked), ``over_time`` per measure and month,
    the window and the notes."""

    table: pd.DataFrame
    over_time: pd.DataFrame
    window_start: str
    window_end: str
    margin: float
    clv_variant: str
    notes: list[str] = field(default_factory=list)


COLUMNS = (
    "measure",
    "kind",
    "linked",
    "estimator",
    "customers",
    "reach",
    "effect",
    "effect_low",
    "effect_high",
    "effect_unit",
    "kept",
    "kept_low",
    "kept_high",
    "cost",
    "value",
    "value_low",
    "value_high",
    "roi",
    "roi_low",
    "roi_high",
    "kept_naive",
    "roi_naive",
    "margin_window",
    "margin_low",
    "margin_high",
    "roi_window",
    "start",
    "positive_month",
    "verdict",
    "note",
)
OVER_TIME = (
    "measure",
    "month",
    "months_since_start",
    "cost",
    "margin",
    "roi",
    "roi_low",
    "roi_high",
)


def roi_percent(value: float, cost: float) -> float:
    """(value − cost) / cost × 100; NaN without a positive cost."""
    return (value - cost) / cost * 100.0 if cost > 0 else math.nan


# -- the estimators --------------------------------------------------------------------------


def _codes(panel: CustomerMonths, ids: Any) -> npt.NDArray[np.int64]:
    index = pd.Index(panel.first["customer_id"])
    codes: npt.NDArray[np.int64] = index.get_indexer(pd.Index(ids)).astype(np.int64)
    return codes


def _kept_after(
    panel: CustomerMonths, codes: npt.NDArray[np.int64], after: npt.NDArray[np.int64], w0: int
) -> npt.NDArray[np.bool_]:
    """Per touched customer: an order in the window ``[w0, full)`` in a month after ``after``."""
    m = panel.monthly
    assert m is not None
    first = np.full(len(panel.first), -1, dtype=np.int64)
    first[codes] = np.maximum(after, w0 - 1)
    hit = (first[m.code] >= 0) & (m.k > first[m.code]) & (m.k < panel.full_months)
    bought = np.zeros(len(panel.first), dtype=bool)
    bought[m.code[hit]] = True
    return bought[codes]


def loyalty_effect(
    ws: Store, panel: CustomerMonths, programme: str | None, comparison: Any, w1: int
) -> Effect:
    """Members (enrolled with an anchor month before the window's end) and the within-customer
    revenue rate ratio of :func:`bindung.insights.members.member_comparison`."""
    from bindung.insights.members import enrolments

    within = comparison.within
    if within is None or within.empty or "revenue" not in set(within["outcome"]):
        raise BindungError(comparison.within_note or "no within-customer estimate of the members")
    row = within.set_index("outcome").loc["revenue"]
    rr, low, high = float(row["ratio"]), float(row["low"]), float(row["high"])
    enrol = enrolments(ws, panel, programme)
    enrol = enrol[enrol["a"] < w1]
    codes = _codes(panel, enrol["customer_id"])
    after = enrol["a"].to_numpy(np.int64)
    n = len(codes)
    fraction = tuple(np.full(n, 1 - 1 / r) for r in (rr, low, high))
    active = int((panel.first["first_k"].to_numpy() < w1).sum())
    return Effect(
        estimate=(rr - 1) * 100,
        low=(low - 1) * 100,
        high=(high - 1) * 100,
        unit="percent",
        touched=n,
        reach=100 * n / active if active else math.nan,
        codes=codes,
        after=after,
        fraction=(fraction[0], fraction[1], fraction[2]),
        value_ids=pd.Index(enrol["customer_id"]),
    )


def complaint_effect(ws: Store, panel: CustomerMonths, effects: Any, w0: int, w1: int) -> Effect:
    """Complainants of the window and ``q_o = rr_o / rr_unresolved`` per outcome (resolved,
    partly resolved; the interval of ``log q`` from both intervals, taken as independent)."""
    from bindung.insights.complaints import complaint_frame, panel_anchors

    found = effects.effects
    if "unresolved" not in found:
        raise BindungError(NO_UNRESOLVED)
    z = float(stats.norm.ppf(0.975))

    def log_se(e: Any) -> float:
        return (math.log(e.high) - math.log(e.low)) / (2 * z)

    base = found["unresolved"]
    q: dict[str, tuple[float, float, float]] = {}
    for outcome in ("resolved", "partly_resolved"):
        if outcome in found:
            e = found[outcome]
            b = math.log(e.ratio) - math.log(base.ratio)
            se = math.hypot(log_se(e), log_se(base))
            q[outcome] = (math.exp(b), math.exp(b - z * se), math.exp(b + z * se))
    frame = complaint_frame(ws)
    ids = pd.Index(panel.first["customer_id"])
    frame = frame[ids.get_indexer(pd.Index(frame["customer_id"])) >= 0].reset_index(drop=True)
    frame["a"] = panel_anchors(ws, panel, frame["customer_id"], frame["opened_at"])
    frame["m"] = panel.month_of(frame["opened_at"])
    # every complaint is an event: after it, its outcome decides until the next one (effects
    # multiply, so changing only the latest one's outcome changes the later rate by its q)
    parts = [
        frame["outcome"]
        .map(lambda o, i=i: 1 - 1 / q[str(o)][i] if str(o) in q else 0.0)
        .to_numpy(np.float64)
        for i in range(3)
    ]
    inside = frame[(frame["m"] >= w0) & (frame["m"] < w1)]
    last = inside.sort_values(["customer_id", "opened_at"]).drop_duplicates(
        "customer_id", keep="last"
    )
    handled = last[last["outcome"].isin(list(q))]
    resolved = q.get("resolved", (math.nan,) * 3)
    complained = len(last)
    value_fraction = [
        handled["outcome"].map(lambda o, i=i: 1 - 1 / q[str(o)][i]).to_numpy(np.float64)
        for i in range(3)
    ]
    return Effect(
        estimate=(resolved[0] - 1) * 100,
        low=(resolved[1] - 1) * 100,
        high=(resolved[2] - 1) * 100,
        unit="percent",
        touched=complained,
        reach=100 * len(handled) / complained if complained else math.nan,
        codes=_codes(panel, frame["customer_id"]),
        after=frame["a"].to_numpy(np.int64),
        fraction=(parts[0], parts[1], parts[2]),
        value_ids=pd.Index(handled["customer_id"]),
        value_fraction=(value_fraction[0], value_fraction[1], value_fraction[2]),
        kept_codes=_codes(panel, handled["customer_id"]),
        kept_after=handled["a"].to_numpy(np.int64),
    )


def fan_effect(panel: CustomerMonths, comparison: Any, platform: str | None) -> Effect:
    """The fans of the comparison's cohort (on ``platform``, or any) engaged before the end of
    the data, and the within-customer revenue ratio after the first engagement
    (:func:`bindung.insights.fans.compare_fans`)."""
    c = comparison.customers
    fans = c[c["eng_k"] < panel.full_months]
    note = ""
    if platform is not None:
        fans = fans[fans["platform"] == platform]
        note = N_("the effect is the one of all platforms' fans")
    ratio = comparison.estimate("revenue", "within")
    parts = [
        np.full(len(fans), 1 - 1 / (1 + v / 100)) for v in (ratio.value, ratio.low, ratio.high)
    ]
    codes = _codes(panel, fans.index)
    after = fans["eng_k"].to_numpy(np.int64)
    return Effect(
        estimate=ratio.value,
        low=ratio.low,
        high=ratio.high,
        unit="percent",
        touched=len(fans),
        reach=100 * len(fans) / len(c) if len(c) else math.nan,
        codes=codes,
        after=after,
        fraction=(parts[0], parts[1], parts[2]),
        value_ids=pd.Index(fans.index),
        note=note,
    )


@dataclass
class AbEffect:
    """An experiment's treated customers, the share difference and the monthly revenue
    difference per treated customer (point, low, high)."""

    effect: Effect
    months: pd.DataFrame  # k, margin, low, high (realised, scaled to the treated)


def experiment_effect(
    ws: Store, panel: CustomerMonths, result: Any, margin: float, w0: int
) -> AbEffect:
    """Treated = every variant but the reference; the share difference (points, Newcombe) and
    per month the cumulative revenue difference per customer (Welch), times the treated."""
    a = ws.table("assignments")
    assigned = a.filter(a.experiment == result.name).to_pandas()
    assigned = assigned.drop_duplicates("customer_id")
    treated_mask = assigned["variant"].astype(str) != result.reference
    treated = assigned[treated_mask]
    diffs = [d for d in result.differences if d.outcome == "share"]
    n_treated = len(treated)
    # the treated variants pooled: their shares weighted by size
    sizes = {v.variant: v.customers for v in result.variants if v.variant != result.reference}
    total = sum(sizes.values())
    point = sum(d.value * sizes[d.variant] for d in diffs) / total
    low = sum(d.low * sizes[d.variant] for d in diffs) / total
    high = sum(d.high * sizes[d.variant] for d in diffs) / total
    kept = (n_treated * point / 100, n_treated * low / 100, n_treated * high / 100)
    codes = _codes(panel, assigned["customer_id"])
    start_k = int(panel.month_of(pd.Series([assigned["assigned_at"].min()]))[0])
    # revenue per assigned customer and month from the assignment's month on
    m = panel.monthly
    assert m is not None
    row_of = np.full(len(panel.first), -1, dtype=np.int64)
    ok = codes >= 0
    row_of[codes[ok]] = np.flatnonzero(ok)
    keep = (row_of[m.code] >= 0) & (m.k >= start_k) & (m.k < panel.full_months)
    months = np.arange(start_k, panel.full_months)
    grid = np.zeros((len(assigned), len(months)))
    np.add.at(grid, (row_of[m.code[keep]], m.k[keep] - start_k), m.revenue[keep])
    cum = np.cumsum(grid, axis=1)
    t = treated_mask.to_numpy()
    rows = []
    previous = (0.0, 0.0, 0.0)
    for j, k in enumerate(months):
        x, y = cum[t, j], cum[~t, j]
        test = stats.ttest_ind(x, y, equal_var=False)
        ci = test.confidence_interval(0.95) if np.isfinite(test.statistic) else None
        d = float(x.mean() - y.mean())
        lo, hi = (float(ci.low), float(ci.high)) if ci is not None else (d, d)
        total_now = tuple(margin * n_treated * v for v in (d, lo, hi))
        rows.append(
            {
                "k": int(k),
                "margin": total_now[0] - previous[0],
                "low": total_now[1] - previous[1],
                "high": total_now[2] - previous[2],
            }
        )
        previous = (total_now[0], total_now[1], total_now[2])
    buyers = _kept_after(panel, codes[t & ok], np.full(int((t & ok).sum()), start_k - 1), w0)
    treated_ids = pd.Index(assigned.loc[t & ok, "customer_id"])
    return AbEffect(
        Effect(
            estimate=point,
            low=low,
            high=high,
            unit="points",
            touched=n_treated,
            reach=100 * n_treated / len(assigned) if len(assigned) else math.nan,
            kept=kept,
            kept_ids=treated_ids[buyers],
        ),
        pd.DataFrame(rows, columns=["k", "margin", "low", "high"]),
    )


def campaign_effect(
    ws: Store, panel: CustomerMonths, effects: Any, target: str, margin: float, w0: int, w1: int
) -> AbEffect:
    """The campaigns ``target`` names sent in the window ``[w0, w1)``: incremental buyers
    ``Σ_c recipients_c × d_c / 100``, each end of the interval at the distances
    ``recipients_c × (d_c − low_c) / 100`` (and ``high_c − d_c``) added in quadrature (the
    campaigns taken as independent; one campaign keeps its Newcombe ends), the recipients
    who bought (whose mean CLV values them) and per month of
    sending ``margin × recipients × revenue difference`` (low, high)."""
    from bindung.insights.campaigns import HOLDOUT, buyers_of

    frame = pd.DataFrame(
        {"campaign_id": [e.campaign_id for e in effects], "name": [e.name for e in effects]}
    )
    named = set(campaigns_named(frame, target))
    chosen = [e for e in effects if e.campaign_id in named]
    if chosen:
        k = panel.month_of(pd.Series([e.sent_at for e in chosen]))
        chosen = [e for e, m in zip(chosen, k, strict=True) if w0 <= m < w1]
    if not chosen:
        raise BindungError(NO_CAMPAIGNS_IN_WINDOW)
    n = np.array([e.recipients for e in chosen], dtype=np.float64)
    d = np.array([e.share_pp for e in chosen])
    below = np.nan_to_num(d - np.array([e.share_low for e in chosen]))
    above = np.nan_to_num(np.array([e.share_high for e in chosen]) - d)
    point = float((n * d).sum() / 100)
    # each side's distance added in quadrature: one campaign keeps its own (Newcombe) ends
    down = math.sqrt(float(((n * below / 100) ** 2).sum()))
    up = math.sqrt(float(((n * above / 100) ** 2).sum()))
    r = ws.table("campaign_recipients")
    recipients = (
        r.filter(r.campaign_id.isin([e.campaign_id for e in chosen]))
        .select("campaign_id", "customer_id", "holdout")
        .to_pandas()
    )
    sent = recipients[~recipients["holdout"].fillna(False).astype(bool)]
    buyers = pd.concat(
        [buyers_of(ws, e, recipients[recipients["campaign_id"] == e.campaign_id]) for e in chosen]
    ).drop_duplicates()
    touched = int(sent["customer_id"].nunique())
    could = int((panel.first["first_k"].to_numpy() < w1).sum())
    months = (
        pd.DataFrame(
            {
                "k": panel.month_of(pd.Series([e.sent_at for e in chosen])),
                "margin": [margin * e.recipients * e.revenue_diff for e in chosen],
                "low": [margin * e.recipients * e.revenue_low for e in chosen],
                "high": [margin * e.recipients * e.revenue_high for e in chosen],
            }
        )
        .fillna(0.0)
        .groupby("k", as_index=False)
        .sum()
    )
    mean = point / n.sum() * 100 if n.sum() else math.nan
    return AbEffect(
        Effect(
            estimate=mean,
            low=(point - down) / n.sum() * 100 if n.sum() else math.nan,
            high=(point + up) / n.sum() * 100 if n.sum() else math.nan,
            unit="points",
            touched=touched,
            reach=100 * touched / could if could else math.nan,
            kept=(point, point - down, point + up),
            kept_ids=pd.Index(buyers),
            note="" if all(e.basis == HOLDOUT for e in chosen) else CAMPAIGN_UPPER_BOUND,
        ),
        months,
    )


# -- money -----------------------------------------------------------------------------------


def realised(panel: CustomerMonths, effect: Effect, margin: float, first_k: int) -> pd.DataFrame:
    """Per month ``k ≥ first_k``: margin × the revenue of the customers touched since
    ``first_k`` (the measure's start) × the fraction of their latest event before ``k``
    (events: ``codes``, ``after``; point, low, high)."""
    months = np.arange(first_k, panel.full_months)
    out = pd.DataFrame({"k": months})
    # customers touched since the measure started (an anchor may be the month before)
    ok = (effect.codes >= 0) & (effect.after >= first_k - 1)
    if effect.fraction is None or not ok.any():
        for name in ("margin", "low", "high"):
            out[name] = 0.0
        return out
    m = panel.monthly
    assert m is not None
    width = int(max(panel.full_months, int(effect.after.max(initial=0)) + 1)) + 2
    key = effect.codes[ok] * width + (effect.after[ok] + 1)
    order = np.argsort(key, kind="stable")
    key = key[order]
    fractions = [f[ok][order] for f in effect.fraction]
    inside = (m.k >= first_k) & (m.k < panel.full_months)
    code, k, revenue = m.code[inside], m.k[inside], m.revenue[inside]
    # the latest event with after < k, i.e. after + 1 <= k
    at = np.searchsorted(key, code * width + k, side="right") - 1
    hit = at >= 0
    hit[hit] = key[at[hit]] // width == code[hit]
    for name, fraction in zip(("margin", "low", "high"), fractions, strict=True):
        weights = np.where(hit, margin * revenue * fraction[np.maximum(at, 0)], 0.0)
        out[name] = np.bincount(k - first_k, weights=weights, minlength=len(months))
    return out


def monthly_costs(ws: Store, panel: CustomerMonths) -> pd.DataFrame:
    """Costs per programme and local month of the panel (prorated by days)."""
    frame = ws.table("costs").to_pandas()
    if frame.empty:
        return pd.DataFrame(columns=["program", "k", "cost"])
    starts = pd.to_datetime(pd.Series(panel.grid.starts)).to_numpy()
    first = pd.to_datetime(frame["period_start"]).to_numpy()[:, None]
    after = (pd.to_datetime(frame["period_end"]) + timedelta(days=1)).to_numpy()[:, None]
    lo = np.maximum(first, starts[None, :-1])
    hi = np.minimum(after, starts[None, 1:])
    days = np.clip((hi - lo) / np.timedelta64(1, "D"), 0, None)
    share = days / ((after - first) / np.timedelta64(1, "D"))
    cost = share * frame["amount"].astype(float).to_numpy()[:, None]
    wide = pd.DataFrame(cost, columns=range(panel.grid.n))
    wide["program"] = frame["program"].fillna("").astype(str).to_numpy()
    long = wide.groupby("program").sum().stack().reset_index()
    long.columns = pd.Index(["program", "k", "cost"])
    return long[long["cost"] > 0].reset_index(drop=True)


def _value(effect: Effect, clv: pd.Series | None) -> tuple[float, float, float]:
    """The incremental customer value (module docstring)."""
    if clv is None:
        return (math.nan, math.nan, math.nan)
    if effect.kept is not None:
        ids = effect.kept_ids if effect.kept_ids is not None else pd.Index([])
        mean = float(clv.reindex(ids).fillna(0.0).mean()) if len(ids) else math.nan
        return (effect.kept[0] * mean, effect.kept[1] * mean, effect.kept[2] * mean)
    if effect.fraction is None or effect.value_ids is None:
        return (math.nan, math.nan, math.nan)
    values = clv.reindex(effect.value_ids).fillna(0.0).to_numpy(np.float64)
    fraction = effect.value_fraction or effect.fraction
    point, low, high = (float((values * f).sum()) for f in fraction)
    return (point, min(low, high), max(low, high))


def _naive(
    effect: Effect, panel: CustomerMonths, clv: pd.Series | None, w0: int
) -> tuple[int, float]:
    """Kept touched customers and their CLV (the literature's count)."""
    ids = effect.kept_ids
    if ids is None and effect.value_ids is not None:
        codes = effect.kept_codes if effect.kept_codes is not None else effect.codes
        after = effect.kept_after if effect.kept_after is not None else effect.after
        ok = codes >= 0
        kept = _kept_after(panel, codes[ok], after[ok], w0)
        ids = pd.Index(effect.value_ids[ok][kept])
    if ids is None:
        return 0, math.nan
    value = float(clv.reindex(ids).fillna(0.0).sum()) if clv is not None else math.nan
    return len(ids), value


# -- the answer ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """The estimates a refresh has made for other answers (:mod:`bindung.answers.sections`
    hands them in, each made once)."""

    panel: CustomerMonths
    clv: pd.Series | None
    clv_variant: str
    fans: Any = None  # FanComparison: the cohort and the within-customer revenue ratio
    members: Any = None  # MemberComparison, or the error's text
    complaints: Any = None  # OutcomeEffects, or the error's text
    experiments: Mapping[str, Any] = field(default_factory=dict)  # name -> ExperimentResult
    campaigns: Any = None  # list of CampaignEffect
    errors: Mapping[str, str] = field(default_factory=dict)  # kind -> why it has no estimate


def measure_links(ws: Store) -> list[Link]:
    """The links of the workspace's cost programmes (purpose retention or mixed)."""
    from bindung.insights.experiments import experiments

    costs = ws.table("costs")
    programmes = (
        costs.filter(costs.purpose.isin(("retention", "mixed")))
        .select("program", "channel")
        .distinct()
        .to_pandas()
    )
    programmes["program"] = programmes["program"].fillna("").astype(str)
    programmes = programmes[programmes["program"] != ""]
    platforms: set[str] = set()
    for name in ("social_posts", "social_mentions"):
        t = ws.table(name)
        platforms |= {str(p) for p in t.select("platform").distinct().to_pandas()["platform"]}
    events = ws.table("loyalty_events")
    loyal = {str(p) for p in events.select("program").distinct().to_pandas()["program"].dropna()}
    return links(
        programmes,
        configured=dict(ws.settings.measures),
        platforms=platforms,
        loyalty_programmes=loyal,
        experiments=experiments(ws),
        campaigns=ws.table("campaigns").select("campaign_id", "name").to_pandas(),
    )


def measure_roi(ws: Store, inputs: Inputs, found: list[Link] | None = None) -> MeasureRoi:
    """ROI per measure over the last 12 complete months and month by month (module
    docstring)."""
    panel = inputs.panel
    margin = float(ws.settings.margin)
    w1 = panel.full_months
    w0 = w1 - 12
    if w0 < 0:
        raise BindungError(
            f"the ROI per measure needs 12 complete months of orders; the data hold {w1}"
        )
    labels = panel.grid.labels
    found = found if found is not None else measure_links(ws)
    if not found:
        raise BindungError(
            "no retention programmes in the costs: import costs with purpose 'retention' and a "
            "programme (bindung import costs FILE)"
        )
    costs = monthly_costs(ws, panel)
    rows: list[dict[str, Any]] = []
    series: list[pd.DataFrame] = []
    for link in found:
        spent = costs[costs["program"] == link.programme]
        window_cost = float(spent.loc[(spent["k"] >= w0) & (spent["k"] < w1), "cost"].sum())
        start_k = int(spent["k"].min()) if not spent.empty else w0
        row: dict[str, Any] = dict.fromkeys(COLUMNS, math.nan)
        row |= {
            "measure": link.programme,
            "kind": link.kind or "",
            "linked": link.source if link.kind else "",
            "estimator": ESTIMATORS.get(link.kind or "", ""),
            "cost": window_cost,
            "start": labels[start_k] if start_k < len(labels) else "",
            "note": "",
            "effect_unit": "",
        }
        try:
            effect, months = _effect(ws, link, inputs, margin, w0, w1, start_k)
        except BindungError as exc:
            row["verdict"] = "no_estimate"
            row["note"] = str(exc)
            rows.append(row)
            continue
        value = _value(effect, inputs.clv)
        kept_naive, naive_value = _naive(effect, panel, inputs.clv, w0)
        inside = months[(months["k"] >= w0) & (months["k"] < w1)]
        realised_w = tuple(float(inside[c].sum()) for c in ("margin", "low", "high"))
        row |= {
            "customers": effect.touched,
            "reach": effect.reach,
            "effect": effect.estimate,
            "effect_low": effect.low,
            "effect_high": effect.high,
            "effect_unit": effect.unit,
            "kept": effect.kept[0] if effect.kept else math.nan,
            "kept_low": effect.kept[1] if effect.kept else math.nan,
            "kept_high": effect.kept[2] if effect.kept else math.nan,
            "value": value[0],
            "value_low": value[1],
            "value_high": value[2],
            "roi": roi_percent(value[0], window_cost),
            "roi_low": roi_percent(value[1], window_cost),
            "roi_high": roi_percent(value[2], window_cost),
            "kept_naive": kept_naive,
            "roi_naive": roi_percent(naive_value, window_cost),
            "margin_window": realised_w[0],
            "margin_low": min(realised_w[1:]),
            "margin_high": max(realised_w[1:]),
            "roi_window": roi_percent(realised_w[0], window_cost),
            "note": effect.note,
        }
        curve = _over_time(link.programme, months, spent, start_k, labels, w1)
        positive = curve[curve["roi"] >= 0]
        row["positive_month"] = (
            int(positive["months_since_start"].iloc[0]) if not positive.empty else math.nan
        )
        series.append(curve)
        rows.append(row)
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    table = advice(table)
    over_time = (
        pd.concat(series, ignore_index=True) if series else pd.DataFrame(columns=list(OVER_TIME))
    )
    notes = [] if inputs.clv is not None else [NO_CLV]
    return MeasureRoi(
        table=table,
        over_time=over_time,
        window_start=labels[w0],
        window_end=labels[w1 - 1],
        margin=margin,
        clv_variant=inputs.clv_variant,
        notes=notes,
    )


#: Why the value columns are empty.
NO_CLV = N_(
    "no CLV model fits the data (bindung clv fit): the customer value and the ROI on it are "
    "left out; the realised margin stands"
)


def _effect(
    ws: Store, link: Link, inputs: Inputs, margin: float, w0: int, w1: int, start_k: int
) -> tuple[Effect, pd.DataFrame]:
    panel = inputs.panel
    if link.kind is None:
        raise BindungError(NOT_LINKED)
    if link.kind in inputs.errors:
        raise BindungError(inputs.errors[link.kind])
    if link.kind == "experiment":
        result = inputs.experiments.get(link.target or "")
        if result is None:
            raise BindungError(f"no result of the experiment {link.target!r}")
        ab = experiment_effect(ws, panel, result, margin, w0)
        return ab.effect, ab.months[ab.months["k"] >= start_k].reset_index(drop=True)
    if link.kind == "campaign":
        if inputs.campaigns is None:
            raise BindungError(NO_CAMPAIGNS)
        ab = campaign_effect(ws, panel, inputs.campaigns, link.target or "", margin, w0, w1)
        return ab.effect, ab.months[ab.months["k"] >= start_k].reset_index(drop=True)
    if link.kind == "fans":
        if inputs.fans is None:
            raise BindungError(NO_FANS)
        effect = fan_effect(panel, inputs.fans, link.target)
    elif link.kind == "loyalty":
        effect = loyalty_effect(ws, panel, link.target, inputs.members, w1)
    else:
        effect = complaint_effect(ws, panel, inputs.complaints, w0, w1)
    return effect, realised(panel, effect, margin, start_k)


#: Why a measure has no estimate (shown in the reader's language).
NO_UNRESOLVED = N_("no unresolved complaints to compare the handled ones with")
NO_CAMPAIGNS = N_("no campaign comparison: import campaigns and campaign_recipients")
NO_CAMPAIGNS_IN_WINDOW = N_("none of its campaigns was sent in the last 12 complete months")
#: The note of a campaign measure compared without a holdout.
CAMPAIGN_UPPER_BOUND = N_("without a holdout group: an upper bound")
NO_FANS = N_("no comparison of fans: link customers to social-media handles (identities)")
#: Why a programme has no ROI.
NOT_LINKED = N_(
    "not linked to customers: name its kind in bindung.toml, e.g. [measures] "
    '"Newsletter" = "experiment:NAME" after an A/B test of it'
)


def _over_time(
    programme: str,
    months: pd.DataFrame,
    spent: pd.DataFrame,
    start_k: int,
    labels: tuple[str, ...],
    end: int,
) -> pd.DataFrame:
    """The cumulative cost, margin and ROI per month from ``start_k`` to ``end`` (exclusive: the
    last complete month is ``end - 1``; months without margin rows, e.g. before an experiment's
    assignment, earn 0)."""
    grid = pd.DataFrame({"k": np.arange(start_k, end, dtype=np.int64)})
    frame = grid.merge(months, on="k", how="left").merge(spent[["k", "cost"]], on="k", how="left")
    frame = frame.fillna({"cost": 0.0, "margin": 0.0, "low": 0.0, "high": 0.0})
    cost = frame["cost"].cumsum().to_numpy(np.float64)
    out = pd.DataFrame(
        {
            "measure": programme,
            "month": [labels[int(k)] for k in frame["k"]],
            "months_since_start": (frame["k"] - start_k).to_numpy(np.int64),
            "cost": cost,
            "margin": frame["margin"].cumsum().to_numpy(np.float64),
        }
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        for name, column in (("roi", "margin"), ("roi_low", "low"), ("roi_high", "high")):
            gained = frame[column].cumsum().to_numpy(np.float64)
            out[name] = np.where(cost > 0, (gained - cost) / cost * 100, np.nan)
    low = np.minimum(out["roi_low"], out["roi_high"])
    out["roi_high"] = np.maximum(out["roi_low"], out["roi_high"])
    out["roi_low"] = low
    return out[list(OVER_TIME)]


def advice(table: pd.DataFrame) -> pd.DataFrame:
    """Rank by incremental ROI and give each measure its verdict (module docstring); the
    measure for the next euro is the best that pays back with room to grow."""
    out = table.copy()
    has = out["verdict"] != "no_estimate"
    low = out["roi_low"].where(out["roi_low"].notna(), out["roi_window"])
    high = out["roi_high"].where(out["roi_high"].notna(), out["roi_window"])
    verdict = np.select(
        [~has, high < 0, low > 0],
        ["no_estimate", "loses", "pays_back"],
        default="uncertain",
    )
    verdict = np.where((verdict == "pays_back") & (out["reach"] >= SATURATED), "saturated", verdict)
    out["verdict"] = verdict
    rank = out["roi"].where(out["roi"].notna(), out["roi_window"])
    out = out.assign(_rank=rank).sort_values("_rank", ascending=False, na_position="last")
    candidates = out.index[out["verdict"] == "pays_back"]
    if len(candidates):
        out.loc[candidates[0], "verdict"] = "next_euro"
    return out.drop(columns="_rank").reset_index(drop=True)
