"""The business phase — start, growth, secure growth, establishment, success — and source 003's
advice for it.

>>> phase = business_phase(ws)                                           # doctest: +SKIP
>>> phase.phase, phase.reason_en, ADVICE[phase.phase][1]                 # doctest: +SKIP

**Windows** (:func:`windows`).  Up to three consecutive 12-month windows of complete calendar
months in the workspace time zone (:mod:`bindung.metrics.periods`), the latest ending with the
last complete month — as the budget advice takes "the last 12 complete months"
(:func:`bindung.insights.budget.last_year`).  Only months from the month of the first order on
count ("12 complete months of orders").  Per window:

* ``new_customers`` — the catalogue's monthly ``new_customers`` (first activity ever inside the
  month, DESIGN.md "Definitions") summed over the 12 months;
* ``revenue`` — the catalogue's monthly ``revenue`` summed (sum of order revenue, returns not
  netted: :mod:`bindung.metrics.catalogue`);
* ``revenue_existing`` — revenue of the window's orders by customers whose **first order** lies
  before the window start; ``revenue_new`` — revenue of the window's orders by customers whose
  first order lies inside the window (the rest: both are measured on the orders, and together
  they make the catalogue's revenue);
* ``existing_share = revenue_existing / revenue × 100`` (undefined without revenue);
* ``new_growth = (N_t − N_{t−1}) / N_{t−1} × 100``, the change of new customers against the
  window before (undefined for the first window and when the window before had none);
* ``revenue_growth``, the same change of the revenue;
* ``revenue_cv = standard deviation / mean × 100`` of the window's 12 monthly revenues (how
  steady the sales were; undefined without revenue).

**Phase** (:func:`judge`, :func:`business_phase`).  Source 003 names the phases and what to do in
each (:data:`ADVICE`); it gives no thresholds.  These are **Bindung's thresholds**, judged on
the latest window:

* *start* — fewer than :data:`START_MONTHS` (12) complete months since the first order, or
  existing customers bring less than :data:`START_SHARE_BELOW` (30 %) of the revenue;
* *growth* — else new customers grew by at least :data:`GROWTH_FROM` (+10 %) against the 12
  months before;
* *secure growth* (source 003: "sichere Wachstumsphase", growth with stable sales) — else the
  revenue grew by at least :data:`GROWTH_FROM` (+10 %) with steady monthly sales: their
  coefficient of variation is at most :data:`STABLE_CV` (25 %);
* *establishment* — else existing customers bring less than :data:`MATURE_SHARE_FROM` (70 %);
* *success* — else: existing customers bring 70 % or more and neither new customers nor the
  revenue grow by 10 % with steady sales.

When the growth of new customers cannot be judged (one window only, or no new customers in the
window before) the growth rule is skipped and the shares decide; the reason says so.

``age_months`` counts whole calendar months from the local day of the first order to the end of
the latest window (a first order on 15 January 2025 and a window ending on 1 January 2026 give
11: the half month of the first order does not count).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

import ibis
import pandas as pd

from bindung import formatting as fmt
from bindung.errors import BindungError
from bindung.i18n import N_, Pairs, both, tr
from bindung.metrics.periods import local_midnight_utc, to_local_day

if TYPE_CHECKING:
    from bindung.store.protocol import Store

PhaseName = Literal["start", "growth", "secure_growth", "establishment", "success"]
PHASES: tuple[PhaseName, ...] = ("start", "growth", "secure_growth", "establishment", "success")

#: Bindung's thresholds (source 003 names the phases, not the thresholds).
START_MONTHS = 12
START_SHARE_BELOW = 30.0
GROWTH_FROM = 10.0
MATURE_SHARE_FROM = 70.0
#: Monthly revenue counts as steady up to this coefficient of variation (%).
STABLE_CV = 25.0
#: Months per window and the most windows shown.
WINDOW_MONTHS = 12
MAX_WINDOWS = 3

#: The phase's name in German and English.
PHASE_NAMES = Pairs(
    {
        "start": N_("start"),
        "growth": N_("growth"),
        "secure_growth": N_("secure growth"),
        "establishment": N_("establishment"),
        "success": N_("success"),
    }
)

#: What source 003 advises in each phase (German, English); the budget split in it is the rule
#: of source 000.
ADVICE = Pairs(
    {
        "start": N_(
            "Win customers first and build a customer base, but measure the repeat customer rate "
            "from the first order on. The budget rule of source 000 (70–80 % of the budget for "
            "keeping customers) applies only once there are customers to keep."
        ),
        "growth": N_(
            "Keep winning customers, but invest in the second purchase (onboarding, follow-up "
            "after the first order). Now the split of source 000 matters: 60 % for keeping, 40 % "
            "for winning – 70–80 % for keeping while the repeat customer rate is below 30 %."
        ),
        "secure_growth": N_(
            "Grow with the customers you have: cross-selling and personalised offers, a loyalty "
            "or referral programme for the regular buyers, and the split of source 000 (60 % for "
            "keeping, 40 % for winning). Steady sales make this the time to invest in the base."
        ),
        "establishment": N_(
            "Shift money from winning to keeping customers: 60 % for keeping, 40 % for winning "
            "(70–80 % for keeping while the repeat customer rate is below 30 %), with loyalty "
            "offers and good service."
        ),
        "success": N_(
            "Existing customers carry the business: protect the valuable ones (at-risk list, "
            "win-back, loyalty programme). Winning new customers mainly replaces those lost."
        ),
    }
)

COLUMNS = (
    "window",
    "start",
    "end",
    "new_customers",
    "revenue",
    "revenue_existing",
    "revenue_new",
    "existing_share",
    "new_growth",
    "revenue_growth",
    "revenue_cv",
)


class PhaseUnavailable(BindungError):
    """The data do not allow judging the phase; ``de``/``en`` say why, ``months`` counts the
    complete months of orders."""

    def __init__(self, de: str, en: str, months: int) -> None:
        super().__init__(en)
        self.de = de
        self.en = en
        self.months = months


def _too_few(months: int) -> PhaseUnavailable:
    return PhaseUnavailable(
        *both(
            "The business phase needs {needed} complete calendar months of orders; the data "
            "hold {months}.",
            lambda _: {"needed": START_MONTHS, "months": months},
        ),
        months,
    )


@dataclass(frozen=True, eq=False)
class Phase:
    phase: PhaseName
    windows: pd.DataFrame  # see windows()
    age_months: int  # complete months since the first order
    existing_share: float  # % of the latest window's revenue from existing customers
    new_growth: float  # % change of new customers, latest window against the one before
    reason_de: str
    reason_en: str

    @property
    def advice(self) -> tuple[str, str]:
        """What source 003 advises in this phase (German, English)."""
        return ADVICE[self.phase]


def _first_order(ws: Store) -> datetime | None:
    """The first order's time (naive UTC), ``None`` without orders."""
    o = ws.table("orders")
    value = o.ordered_at.min().to_pandas()
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).to_pydatetime()


def _measure(ws: Store) -> tuple[pd.DataFrame, datetime]:
    first = _first_order(ws)
    if first is None:
        raise _too_few(0)
    tz = ws.settings.timezone
    first_month = to_local_day(first, tz).replace(day=1)
    from bindung.metrics.run import kpi_wide

    rows = kpi_wide(ws, "month")  # from the KPI answer's table (made once per refresh)
    months = rows[(~rows["partial"]) & (rows["start"] >= first_month)].sort_values("k")
    n = min(MAX_WINDOWS, len(months) // WINDOW_MONTHS)
    if n == 0:
        raise _too_few(len(months))
    months = months.iloc[len(months) - n * WINDOW_MONTHS :]
    spans: list[tuple[str, date, date, float, float]] = []
    steadiness: list[float] = []
    for i in range(n):
        part = months.iloc[i * WINDOW_MONTHS : (i + 1) * WINDOW_MONTHS]
        spans.append(
            (
                f"{part['period'].iloc[0]} … {part['period'].iloc[-1]}",
                pd.Timestamp(part["start"].iloc[0]).date(),
                pd.Timestamp(part["end"].iloc[-1]).date(),
                float(part["new_customers"].sum()),
                float(part["revenue"].sum()),
            )
        )
        steadiness.append(variation(part["revenue"].to_numpy(dtype=float)))
    split = _split_revenue(ws, [(s, e) for _, s, e, _, _ in spans])
    records = []
    previous = math.nan
    previous_revenue = math.nan
    for (label, start, end, new, revenue), (existing, fresh), cv in zip(
        spans, split, steadiness, strict=True
    ):
        records.append(
            {
                "window": label,
                "start": start,
                "end": end,
                "new_customers": new,
                "revenue": revenue,
                "revenue_existing": existing,
                "revenue_new": fresh,
                "existing_share": 100 * existing / revenue if revenue > 0 else math.nan,
                "new_growth": 100 * (new - previous) / previous if previous > 0 else math.nan,
                "revenue_growth": 100 * (revenue - previous_revenue) / previous_revenue
                if previous_revenue > 0
                else math.nan,
                "revenue_cv": cv,
            }
        )
        previous = new
        previous_revenue = revenue
    return pd.DataFrame(records, columns=list(COLUMNS)), first


def variation(monthly: Any) -> float:
    """Coefficient of variation of monthly revenues in % (population standard deviation / mean
    × 100); NaN without revenue."""
    import numpy as np

    values = np.asarray(monthly, dtype=float)
    mean = float(values.mean()) if len(values) else math.nan
    if not mean > 0:
        return math.nan
    return 100.0 * float(values.std()) / mean


def _split_revenue(ws: Store, spans: list[tuple[date, date]]) -> list[tuple[float, float]]:
    """Per window ``[start, end)`` (local days): revenue of orders by customers whose first
    order lies before the start, and by those whose first order lies inside — one Ibis query."""
    tz = ws.settings.timezone
    o = ws.table("orders").select("customer_id", "ordered_at", "revenue")
    firsts = o.group_by("customer_id").aggregate(first_at=o.ordered_at.min())
    j = o.join(firsts, "customer_id")
    aggs: dict[str, Any] = {}
    for i, (start, end) in enumerate(spans):
        s = ibis.literal(local_midnight_utc(start, tz), type="timestamp")
        e = ibis.literal(local_midnight_utc(end, tz), type="timestamp")
        inside = (j.ordered_at >= s) & (j.ordered_at < e)
        old = j.first_at < s
        aggs[f"existing_{i}"] = (inside & old).ifelse(j.revenue, 0).sum().cast("float64")
        aggs[f"new_{i}"] = (inside & ~old).ifelse(j.revenue, 0).sum().cast("float64")
    row = j.aggregate(**aggs).to_pandas().iloc[0]

    def value(key: str) -> float:
        v = row[key]
        return 0.0 if v is None or pd.isna(v) else float(v)

    return [(value(f"existing_{i}"), value(f"new_{i}")) for i in range(len(spans))]


def windows(ws: Store) -> pd.DataFrame:
    """The last up to three 12-month windows of complete months (latest last): window, start,
    end (exclusive, local days), new_customers, revenue, revenue_existing, revenue_new,
    existing_share (0–100), new_growth (%).  :class:`PhaseUnavailable` with fewer than 12
    complete months of orders."""
    return _measure(ws)[0]


def complete_months_between(first_day: date, end: date) -> int:
    """Whole calendar months from ``first_day`` up to ``end`` (exclusive day)."""
    months = (end.year - first_day.year) * 12 + end.month - first_day.month
    if end.day < first_day.day:
        months -= 1
    return max(months, 0)


def _pct(v: float, lang: str) -> str:
    return fmt.number(v, lang, 1) + "\u00a0%"


def _signed(v: float, lang: str) -> str:
    sign = "\u2212" if v < 0 else "+"
    return sign + _pct(abs(v), lang)


def judge(
    age_months: int,
    existing_share: float,
    new_growth: float,
    revenue_growth: float = math.nan,
    revenue_cv: float = math.nan,
) -> tuple[PhaseName, str, str]:
    """The phase by Bindung's thresholds (module docstring) with one sentence each in German
    and English naming the figures that decided it.  ``new_growth``, ``revenue_growth`` and
    ``revenue_cv`` may be NaN (not judged); ``existing_share`` must be a number once the age is
    12 months or more."""
    if age_months < START_MONTHS:
        phase: PhaseName = "start"
    elif math.isnan(existing_share):
        raise ValueError("existing_share is undefined (no revenue in the window)")
    elif existing_share < START_SHARE_BELOW:
        phase = "start"
    elif not math.isnan(new_growth) and new_growth >= GROWTH_FROM:
        phase = "growth"
    elif steady_growth(revenue_growth, revenue_cv):
        phase = "secure_growth"
    elif existing_share < MATURE_SHARE_FROM:
        phase = "establishment"
    else:
        phase = "success"
    de, en = (
        _reason(phase, age_months, existing_share, new_growth, lang, revenue_growth, revenue_cv)
        for lang in ("de", "en")
    )
    return phase, de, en


def steady_growth(revenue_growth: float, revenue_cv: float) -> bool:
    """Revenue up by :data:`GROWTH_FROM` or more with a monthly coefficient of variation of at
    most :data:`STABLE_CV` (both known)."""
    return (
        not math.isnan(revenue_growth)
        and not math.isnan(revenue_cv)
        and revenue_growth >= GROWTH_FROM
        and revenue_cv <= STABLE_CV
    )


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _reason(
    phase: PhaseName,
    age_months: int,
    existing_share: float,
    new_growth: float,
    lang: str,
    revenue_growth: float = math.nan,
    revenue_cv: float = math.nan,
) -> str:
    """The sentence of :func:`judge` in ``lang``."""
    if age_months < START_MONTHS:
        return tr(
            lang,
            "The first order was only {age} complete months ago (start: fewer than {months}).",
            age=age_months,
            months=START_MONTHS,
        )
    share = tr(
        lang,
        "existing customers brought {share} of the revenue of the last {months} months",
        share=_pct(existing_share, lang),
        months=WINDOW_MONTHS,
    )
    judged = not math.isnan(new_growth)
    if judged:
        growth = tr(
            lang,
            "new customers changed by {change} against the {months} months before",
            change=_signed(new_growth, lang),
            months=WINDOW_MONTHS,
        )
    else:
        growth = tr(
            lang,
            "the growth of new customers cannot be judged (no earlier {months} months with new "
            "customers to compare with), so the share decides",
            months=WINDOW_MONTHS,
        )
    low = f"{START_SHARE_BELOW:.0f}\u00a0%"
    high = f"{MATURE_SHARE_FROM:.0f}\u00a0%"
    rise = f"+{GROWTH_FROM:.0f}\u00a0%"
    if phase == "start":
        return tr(lang, "{share} (start: below {low}).", share=_cap(share), low=low)
    if phase == "growth":
        return tr(
            lang,
            "{growth} (growth: {rise} or more); {share} ({low} or more).",
            growth=_cap(growth),
            rise=rise,
            share=share,
            low=low,
        )
    not_growing = tr(lang, " (below {rise})", rise=rise) if judged else ""
    if phase == "secure_growth":
        return tr(
            lang,
            "The revenue changed by {change} against the {months} months before and varied "
            "from month to month by {cv} (secure growth: {rise} or more with at most {cv_max}); "
            "{growth}{not_growing}.",
            change=_signed(revenue_growth, lang),
            months=WINDOW_MONTHS,
            cv=_pct(revenue_cv, lang),
            rise=rise,
            cv_max=f"{STABLE_CV:.0f}\u00a0%",
            growth=growth,
            not_growing=not_growing,
        )
    if phase == "establishment":
        return tr(
            lang,
            "{share} (establishment: {low} to below {high}) and {growth}{not_growing}.",
            share=_cap(share),
            low=low,
            high=high,
            growth=growth,
            not_growing=not_growing,
        )
    return tr(
        lang,
        "{share} (success: {high} or more) and {growth}{not_growing}.",
        share=_cap(share),
        high=high,
        growth=growth,
        not_growing=not_growing,
    )


def business_phase(ws: Store) -> Phase:
    """The phase of the latest 12-month window (see the module docstring for the rule)."""
    frame, first = _measure(ws)
    latest = frame.iloc[-1]
    age = complete_months_between(to_local_day(first, ws.settings.timezone), latest["end"])
    share = float(latest["existing_share"])
    growth = float(latest["new_growth"])
    revenue_growth = float(latest["revenue_growth"])
    revenue_cv = float(latest["revenue_cv"])
    if age >= START_MONTHS and math.isnan(share):
        raise PhaseUnavailable(
            *both(
                "No orders in the last {months} complete months ({window}): without revenue "
                "there is no business phase.",
                lambda _: {"months": WINDOW_MONTHS, "window": latest["window"]},
            ),
            len(frame) * WINDOW_MONTHS,
        )
    phase, de, en = judge(age, share, growth, revenue_growth, revenue_cv)
    return Phase(phase, frame, age, share, growth, de, en)
