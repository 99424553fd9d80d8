"""RFM scores and named segments, CLV tiers and the win-back list.

>>> scores = rfm_scores(ws.table("orders"), as_of=datetime(2026, 1, 1))   # doctest: +SKIP
>>> segment_expr(scores).to_pandas()                                      # doctest: +SKIP
>>> frame["clv_tier"] = clv_tiers(frame.clv)                              # doctest: +SKIP
>>> win_back(frame, top=50)                                               # doctest: +SKIP

**RFM scores** (:func:`rfm_scores`).  Per customer, from the orders before ``as_of``:
``recency_days`` (days from the last order to ``as_of``), ``frequency`` (orders) and
``monetary`` (total revenue), each scored 1–5 with 5 the best (most recent, most orders, most
revenue) by quintiles over the customers — the 1–5 quintile codes of direct-marketing RFM
(Hughes, *Strategic Database Marketing*, 1994), each dimension scored on its own::

    score = 1 + floor(5 · w / n)

where ``n`` is the number of customers and ``w`` the number of customers with a strictly
*worse* value (``ibis.rank()``, i.e. SQL ``RANK() − 1``, ordered from worst to best).  So the
score says which fifth of the customers a value lies in, and **equal values get equal
scores**: a group of ties gets the score of its lowest-placed member.  With distinct values
and ``n`` a multiple of 5 every score holds exactly a fifth of the customers; ties make some
scores larger and others smaller or empty.  Example: if 60 % of the customers ordered once,
all of them get F = 1 and F = 2, 3 are empty (plain ``ntile`` would split equal customers over
F = 1…3 by chance).  Recency is scored on the exact ``recency_days`` (seconds resolution):
orders imported as dates fall on the same instant and tie.

**Segments** (:data:`SEGMENTS`, :func:`segment_expr`).  The names are the widely used RFM
segments (champions, loyal customers, potential loyalists, promising, need attention, about
to sleep, can't lose them, at risk, hibernating, lost; e.g. the 11-segment scheme in the
Bloomreach Engagement documentation, "RFM segmentation") laid out on the common 5×5 grid of
the R and F scores, with two changes: *new* is decided by the age of the first order (at
most :data:`NEW_DAYS` days before ``as_of``), not by R = 5, F = 1, because a young
customer's frequency cannot be judged yet; and the grid's hibernating corner (R 1–2, F 1–2)
is split into *hibernating* (R 2) and *lost* (R 1).  M is not used in the rules: value is
what the CLV tiers are for.  The rules are tried in declaration order and the first match
wins; apart from *new*, which comes first, the grid cells are disjoint and cover all 25
(R, F) pairs, so every customer is in exactly one segment.

**CLV tiers** (:data:`TIERS`, :func:`clv_tiers`): A = the top 20 % by value, B = the next
30 %, C = the rest, with the same tie rule as the scores.

**Win-back list** (:func:`win_back`): customers of tier A or B whose probability alive fell
by more than ``min_drop``, ranked by ``revenue_at_risk = clv × (1 − p_alive)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from bindung.errors import BindungError
from bindung.i18n import both, tr
from bindung.metrics.periods import require_naive_utc

#: Number of score classes (quintiles).
SCORE_BINS = 5
#: A customer whose first order lies at most this many days before ``as_of`` is *new*.
NEW_DAYS = 90.0
#: :func:`win_back`: p_alive must lie more than this below p_alive_before.
MIN_DROP = 0.05
#: :func:`win_back`: the tiers that count as valuable.
VALUABLE_TIERS = ("A", "B")

SECONDS_PER_DAY = 86_400

SCORE_COLUMNS = (
    "customer_id",
    "first_order_at",
    "last_order_at",
    "recency_days",
    "tenure_days",
    "frequency",
    "monetary",
    "r_score",
    "f_score",
    "m_score",
    "rfm",
)
WIN_BACK_COLUMNS = ("customer_id", "clv", "p_alive", "p_alive_before", "revenue_12m")


class InsightInputError(BindungError, ValueError):
    """The data or parameters handed to an insight are malformed; the message says how."""


# -- RFM scores


def rfm_scores(orders: Any, *, as_of: datetime) -> Any:
    """One row per customer with the columns of :data:`SCORE_COLUMNS`, ordered by
    ``customer_id`` (an Ibis expression; see the module docstring for the scores).

    ``orders`` is an Ibis table with ``customer_id``, ``ordered_at`` (naive UTC timestamp) and
    ``revenue``, e.g. ``ws.table("orders")``; orders before ``as_of`` (a naive UTC datetime,
    exclusive) count, orders without a customer do not.  ``recency_days`` and
    ``tenure_days`` are the days (with fractions) from the last and from the first order to
    ``as_of``; ``frequency`` counts orders (not days with orders, unlike
    :func:`bindung.models.rfm_summary`); ``monetary`` is the total revenue; ``rfm`` is the
    three scores as text, e.g. ``"545"``.  Only portable Ibis operations are used.
    """
    import ibis

    cutoff = _naive_utc(as_of)
    live = orders.filter(orders.customer_id.notnull(), orders.ordered_at < cutoff)
    agg = live.group_by("customer_id").aggregate(
        first_order_at=live.ordered_at.min(),
        last_order_at=live.ordered_at.max(),
        frequency=live.ordered_at.count().cast("int64"),
        monetary=live.revenue.sum().cast("float64"),
    )

    def days_before_cutoff(ts: Any) -> Any:
        # both sides through the engine's epoch conversion, so a session time zone cancels
        return (ibis.literal(cutoff).epoch_seconds() - ts.epoch_seconds()) / SECONDS_PER_DAY

    base = agg.mutate(
        recency_days=days_before_cutoff(agg.last_order_at).cast("float64"),
        tenure_days=days_before_cutoff(agg.first_order_at).cast("float64"),
        n_customers=agg.customer_id.count().over(ibis.window()),
    )
    n = base.n_customers
    scored = base.mutate(
        r_score=_score(ibis.desc(base.recency_days), n),
        f_score=_score(base.frequency, n),
        m_score=_score(base.monetary, n),
    )
    rfm = (
        scored.r_score.cast("string")
        + scored.f_score.cast("string")
        + scored.m_score.cast("string")
    )
    return scored.mutate(rfm=rfm).select(*SCORE_COLUMNS).order_by("customer_id")


def _score(worst_to_best: Any, n: Any) -> Any:
    """``1 + floor(5 · w / n)``, ``w`` = customers strictly worse (ties share the minimum)."""
    import ibis

    worse = ibis.rank().over(order_by=worst_to_best)
    return ((worse * SCORE_BINS) // n + 1).cast("int64")


def _naive_utc(value: datetime) -> datetime:
    return require_naive_utc(value, InsightInputError, "the orders' ordered_at is naive UTC")


# -- segments


@dataclass(frozen=True)
class Segment:
    """A named RFM segment: the R and F score ranges it covers (inclusive), or ``new`` (first
    order at most ``new_days`` before ``as_of``).  :attr:`rule` renders the rule as text."""

    key: str
    label_de: str
    label_en: str
    description: str
    r: tuple[int, int] = (1, SCORE_BINS)
    f: tuple[int, int] = (1, SCORE_BINS)
    new: bool = False

    def label(self, lang: str) -> str:
        return tr(lang, self.label_en)

    @property
    def rule(self) -> str:
        """The rule in English, e.g. ``"R 5 and F 4–5"``."""
        return self.rule_text("en")

    def rule_text(self, lang: str = "en", new_days: float = NEW_DAYS) -> str:
        days = f"{new_days:g}"
        if self.new:
            return tr(lang, "first order at most {days} days before as_of", days=days)
        parts = [_range_text(name, rng) for name, rng in (("R", self.r), ("F", self.f))]
        present = [p for p in parts if p]
        if not present:
            return tr(lang, "all others")
        return tr(lang, " and ").join(present)

    def matches(
        self, r_score: int, f_score: int, tenure_days: float, new_days: float = NEW_DAYS
    ) -> bool:
        """Whether this rule (on its own, ignoring the rules before it) holds."""
        if self.new:
            return tenure_days <= new_days
        return self.r[0] <= r_score <= self.r[1] and self.f[0] <= f_score <= self.f[1]

    def condition(self, scores: Any, new_days: float = NEW_DAYS) -> Any:
        """This rule (on its own) as an Ibis boolean over a table of :func:`rfm_scores`."""
        if self.new:
            return scores.tenure_days <= new_days
        return scores.r_score.between(*self.r) & scores.f_score.between(*self.f)


def _range_text(name: str, rng: tuple[int, int]) -> str:
    lo, hi = rng
    if (lo, hi) == (1, SCORE_BINS):
        return ""
    return f"{name} {lo}" if lo == hi else f"{name} {lo}–{hi}"


SEGMENTS: tuple[Segment, ...] = (
    Segment(
        "new",
        *both("New customers"),
        "First order only recently: too early to judge by recency and frequency. Welcome "
        "them and make the second order easy.",
        new=True,
    ),
    Segment(
        "champions",
        *both("Champions"),
        "Bought very recently and among the most often: the best customers. Reward them, "
        "ask for reviews and referrals.",
        r=(5, 5),
        f=(4, 5),
    ),
    Segment(
        "loyal",
        *both("Loyal customers"),
        "Buy often and not long ago. Keep them close: loyalty benefits, new products first.",
        r=(3, 4),
        f=(4, 5),
    ),
    Segment(
        "potential_loyalists",
        *both("Potential loyalists"),
        "Recent buyers with average frequency. Nurture them into regular buyers.",
        r=(4, 5),
        f=(2, 3),
    ),
    Segment(
        "promising",
        *both("Promising"),
        "Recent buyers who have bought rarely so far. Follow up to win the next order.",
        r=(4, 5),
        f=(1, 1),
    ),
    Segment(
        "needs_attention",
        *both("Need attention"),
        "Average recency and frequency. A timely, personal offer before they slip away.",
        r=(3, 3),
        f=(3, 3),
    ),
    Segment(
        "about_to_sleep",
        *both("About to sleep"),
        "Average recency, few orders. Reactivate with a relevant offer soon.",
        r=(3, 3),
        f=(1, 2),
    ),
    Segment(
        "cannot_lose",
        *both("Can't lose them"),
        "Among the most frequent buyers, but not for a long time. Win them back personally "
        "and find out why they stopped.",
        r=(1, 2),
        f=(5, 5),
    ),
    Segment(
        "at_risk",
        *both("At risk"),
        "Bought often, but not for a long time. Win-back campaign.",
        r=(1, 2),
        f=(3, 4),
    ),
    Segment(
        "hibernating",
        *both("Hibernating"),
        "Few orders, long ago. Low-cost reactivation at most.",
        r=(2, 2),
        f=(1, 2),
    ),
    Segment(
        "lost",
        *both("Lost"),
        "Fewest orders and the longest gone. Lowest priority.",
        r=(1, 1),
        f=(1, 2),
    ),
)

BY_KEY: dict[str, Segment] = {s.key: s for s in SEGMENTS}


def segment(key: str) -> Segment:
    try:
        return BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown segment {key!r}; expected one of: {', '.join(BY_KEY)}") from None


def segment_expr(scores: Any, *, new_days: float = NEW_DAYS) -> Any:
    """``scores`` (a table with ``r_score``, ``f_score`` and ``tenure_days``, as from
    :func:`rfm_scores`) with the column ``segment``: the key of the first segment of
    :data:`SEGMENTS` whose rule holds."""
    import ibis

    _check_new_days(new_days)
    cases = [(s.condition(scores, new_days), s.key) for s in SEGMENTS]
    return scores.mutate(segment=ibis.cases(*cases, else_=ibis.null("string")))


def segment_of(
    r_score: int, f_score: int, tenure_days: float, *, new_days: float = NEW_DAYS
) -> str:
    """The segment key of one customer (the same rules as :func:`segment_expr`, in Python)."""
    _check_new_days(new_days)
    for s in SEGMENTS:
        if s.matches(r_score, f_score, tenure_days, new_days):
            return s.key
    raise InsightInputError(
        f"scores R {r_score}, F {f_score}: expected whole numbers from 1 to {SCORE_BINS}"
    )


def _check_new_days(new_days: float) -> None:
    if not (isinstance(new_days, int | float) and math.isfinite(new_days) and new_days >= 0):
        raise InsightInputError(f"new_days {new_days!r}: expected a number of days >= 0")


# -- CLV tiers


@dataclass(frozen=True)
class Tier:
    """A CLV tier: the customers within the top ``upto_percent`` % by value (cumulative) not
    in an earlier tier."""

    key: str
    label_de: str
    label_en: str
    upto_percent: int
    description: str

    def label(self, lang: str) -> str:
        return tr(lang, self.label_en)


TIERS: tuple[Tier, ...] = (
    Tier("A", *both("A (top 20 %)"), 20, "the most valuable fifth"),
    Tier("B", *both("B (next 30 %)"), 50, "the next 30 %, down to the median"),
    Tier("C", *both("C (other 50 %)"), 100, "the less valuable half"),
)


def clv_tiers(values: pd.Series) -> pd.Series:
    """The tier key (``"A"``, ``"B"``, ``"C"``; see :data:`TIERS`) of each value, NaN where
    the value is NaN; same index, name ``clv_tier``.

    A value is in the first tier whose ``upto_percent`` satisfies
    ``w ≥ (100 − upto_percent) % · n``, where ``n`` counts the non-NaN values and ``w`` those
    strictly lower: ties stay together in the tier of their lowest-placed member (the rule of
    the RFM scores), so tier A holds at most 20 % of the customers and, if all values are
    equal, everybody is in C.  Compared in whole numbers, so 20 % of 10 is exactly 2.
    """
    if not isinstance(values, pd.Series):
        raise InsightInputError(f"values: expected a pandas Series, got {type(values).__name__}")
    if not pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype):
        raise InsightInputError(f"values {values.name!r}: expected numbers, got {values.dtype}")
    v = values.astype("float64")
    n = int(v.notna().sum())
    below = (v.rank(method="min") - 1).to_numpy()  # NaN stays NaN
    keys = np.full(len(v), np.nan, dtype=object)
    done = np.isnan(below)
    for tier in TIERS:
        hit = ~done & (100 * below >= (100 - tier.upto_percent) * n)
        keys[hit] = tier.key
        done |= hit
    return pd.Series(keys, index=values.index, name="clv_tier")


# -- win-back


def win_back(
    frame: pd.DataFrame,
    *,
    top: int | None = None,
    min_drop: float = MIN_DROP,
    tiers: tuple[str, ...] = VALUABLE_TIERS,
) -> pd.DataFrame:
    """Valuable customers whose probability alive is falling, most revenue at risk first.

    ``frame`` has one row per customer — all customers, since the tiers are relative — with
    :data:`WIN_BACK_COLUMNS`: ``clv`` (predicted), ``p_alive`` (now), ``p_alive_before`` (the
    same model's probability alive at an earlier date, e.g. 90 days before) and
    ``revenue_12m`` (revenue in the last 12 months).  Selected are the customers whose
    :func:`clv_tiers` tier is one of ``tiers`` (A or B) and whose ``p_alive`` lies more than
    ``min_drop`` below ``p_alive_before`` (``p_alive_drop > min_drop``).  The result holds
    the input columns and ``clv_tier``, ``p_alive_drop`` (``p_alive_before − p_alive``) and
    ``revenue_at_risk``, sorted by ``revenue_at_risk`` descending (then ``customer_id``), the
    first ``top`` rows (all with ``None``), indexed 0, 1, ….  Rows with NaN in the columns
    used are never selected.

    ``revenue_at_risk = clv × (1 − p_alive)``: the predicted value times the chance that the
    customer has already gone.  A model CLV (BG/NBD or Pareto/NBD with Gamma-Gamma) already
    contains ``p_alive`` — it is ``p_alive × V`` with ``V`` the value if the customer is
    alive — so this is ``V · p(1 − p)``: largest for valuable customers whose status is most
    uncertain, where an action can still change something, and small both for the surely
    active and the surely gone.  Alternatives, computable from the result:

    * ``revenue_12m × (1 − p_alive)``: last year's revenue that will not recur if the
      customer has gone — observed money, independent of the CLV forecast;
    * ``clv × (1 − p_alive) / p_alive`` (= ``V − clv``): what reactivation would add —
      grows without bound as ``p_alive`` → 0, so it favours the long gone;
    * ``V × (p_alive_before − p_alive)`` or ``clv_before − clv``: the value lost since the
      earlier date (needs the earlier CLV).

    With a margin in the CLV the amount is margin, not revenue.
    """
    missing = [c for c in WIN_BACK_COLUMNS if c not in frame.columns]
    if missing:
        raise InsightInputError(
            f"win_back: the frame lacks {', '.join(missing)}; "
            f"expected the columns {', '.join(WIN_BACK_COLUMNS)}"
        )
    if not (isinstance(min_drop, int | float) and math.isfinite(min_drop) and min_drop >= 0):
        raise InsightInputError(f"min_drop {min_drop!r}: expected a number >= 0, e.g. 0.05")
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 0):
        raise InsightInputError(f"top {top!r}: expected a whole number >= 0 or None")
    unknown = [t for t in tiers if t not in {tier.key for tier in TIERS}]
    if unknown:
        raise InsightInputError(
            f"tiers {', '.join(map(repr, unknown))}: expected keys of "
            f"{', '.join(t.key for t in TIERS)}"
        )

    out = frame.copy()
    out["clv_tier"] = clv_tiers(out["clv"])
    p_alive = out["p_alive"].astype("float64")
    before = out["p_alive_before"].astype("float64")
    out["p_alive_drop"] = before - p_alive
    out["revenue_at_risk"] = out["clv"].astype("float64") * (1.0 - p_alive)
    chosen = out["clv_tier"].isin(tiers) & (out["p_alive_drop"] > min_drop)
    result = out[chosen.to_numpy()].sort_values(
        ["revenue_at_risk", "customer_id"], ascending=[False, True], kind="mergesort"
    )
    if top is not None:
        result = result.head(top)
    return result.reset_index(drop=True)


def select(
    frame: pd.DataFrame, *, segment: str | None = None, top: int | None = None
) -> pd.DataFrame:
    """Customers of one segment (or the ``win-back`` list), most valuable first."""
    if segment is None:
        chosen = frame.sort_values(["clv", "customer_id"], ascending=[False, True])
    elif segment.replace("-", "_") == "win_back":
        chosen = win_back(frame)
    else:
        key = segment.replace("-", "_")
        chosen = frame[frame["segment"] == key].sort_values(
            ["clv", "customer_id"], ascending=[False, True]
        )
    if top is not None:
        chosen = chosen.head(top)
    return chosen.reset_index(drop=True)
