"""Social-media customer care and engagement: reply times (SMRT), the engagement rate of
existing customers (SMER-B), advocacy per customer (SMAI) and the share of the community that
are customers, as defined in ``DESIGN.md`` ("Definitions").

>>> reply_times(ws.table("social_mentions")).to_pandas()                  # doctest: +SKIP
>>> smer_b(ws.table("social_posts"), ws.table("social_interactions"),
...        ws.table("identities")).to_pandas()                            # doctest: +SKIP
>>> engagement(ws.table, ws.settings, grid)                               # doctest: +SKIP

The functions that take a workspace (:func:`activity_grid`, :func:`shared_engagement`,
:func:`replies`, :func:`waiting_customers`, :func:`community_frame`) run these on its tables
for :mod:`bindung.report.social`, which only lays the results out.

The figure functions build lazy Ibis expressions (one row per platform, or per period ``k``
and platform when ``bounds`` are given); nothing runs until the caller executes them.  Times
are naive UTC timestamps.  Open minutes (business hours) are computed in Python
(:func:`open_reply_times`, :mod:`bindung.hours`) on the mentions needing a reply.

**Periods and the total.**  With ``bounds`` (the UTC bounds of a local calendar grid,
:attr:`bindung.metrics.periods.Grid.bounds`) a row belongs to the period ``k`` with
``bounds[k] ≤ time < bounds[k+1]`` (mentions by ``at``, posts by ``published_at``,
interactions by ``at``); rows outside the grid are left out.  A mention at 23:30 local time on
31 January (22:30 UTC) is a January mention.  With ``overall=True`` every figure is also given
for all platforms together, as platform :data:`ALL`.

**Linking people to customers.**  An interaction (actor) or a mention (author) is *by a
customer* through its own ``customer_id``, else through ``identities`` on
(platform, handle) = (platform, actor/author).  A handle that is linked once (through
identities or any of its rows) is linked in all its rows on that platform.  Customers are
counted as distinct ids: a customer with several handles (several identities rows, on one or
several platforms) counts once per platform and once in :data:`ALL`.

**SMRT — social media reply time** (:func:`reply_times`).  Source: DESIGN.md, "Definitions",
SMRT: time from a customer's mention needing a reply to the first reply — median, mean, p90,
share answered within 60 and 30 minutes, and negative mentions answered within 15 minutes
(the 60-minute benchmark is one of the defaults from source 000).

* A mention *needs a reply* when ``needs_reply`` is true; when ``needs_reply`` is null the
  sentiment decides: a negative mention needs a reply, any other (or unknown) one does not.
  An explicit ``needs_reply = false`` wins over a negative sentiment.
* ``reply_minutes = (first_reply_at − at)`` in minutes, to the second (epoch seconds / 60).
  In *open minutes* (:func:`open_reply_times`) only the minutes inside the business hours
  count, in the workspace time zone (:mod:`bindung.hours`).
* A reply *before* its mention (``first_reply_at < at``) is a data error: the row is left out
  of every figure below except ``needing_reply`` and counted in ``bad_rows``.  So
  ``needing_reply = answered + unanswered + bad_rows``.  The importer already rejects such a
  row (``bindung.store.schema``: ``Order("at", "first_reply_at")``, reason "… is before at"),
  so in a workspace ``bad_rows`` is 0; the flag guards tables read from another engine.
* ``median_minutes`` / ``p90_minutes`` are exact, interpolated quantiles over the answered
  mentions (Ibis ``median()`` / ``quantile(0.9)``, DuckDB ``quantile_cont``; pandas
  ``quantile`` for open minutes: the linear-interpolation definition, type 7 of Hyndman & Fan
  1996); ``mean_minutes`` is the arithmetic mean.  Unanswered mentions have no reply time and
  do not enter them (they are reported in ``unanswered``); with nothing answered the three
  are null.
* ``share_within_60`` / ``share_within_30`` = mentions answered with
  ``reply_minutes ≤ limit`` / (``needing_reply − bad_rows``): unanswered mentions count as
  *not* answered within the limit.  ``share_negative_within_15`` is the same over the
  negative mentions only (null when there are none).  A share whose denominator is 0 is null.
  Shares are fractions 0–1 here (the report shows them as 0–100).

**SMER-B — engagement rate of existing customers** (:func:`smer_b`).  Source: DESIGN.md,
"Definitions", SMER-B: ``(interactions by existing customers / existing customers in the
community) / posts × 100``; below 1 % weak, above 3.5 % strong.  Per platform (and period):

* ``posts`` — posts published (``social_posts.published_at`` in the period);
* an interaction's platform is its post's platform (``interactions.platform`` when the post is
  unknown); ``community`` — distinct handles (``actor``) that interacted;
* with a ``customers`` table an interaction is by an *existing* customer when its customer
  is in that table and became a customer before it: ``first_seen < at`` (``first_seen`` is
  the first order or subscription, filled from the orders at import; a customer without any
  known date counts as existing);
* ``customers_in_community`` — distinct (existing) customers among the actors;
  ``customer_interactions`` — their interactions;
* ``smer_b = customer_interactions / customers_in_community / posts × 100``, null when either
  denominator is 0: a period without posts has no rate (not 0, not an error).

**SMAI — social media advocacy index** (:func:`smai`).  Source: DESIGN.md, "Definitions",
SMAI: ``(brand mentions by customers + shares by customers) / customers``; 0.3 typical, above
0.5 excellent.  *Customers* of a period ``[S, E)`` are the customers **active at its end**
``E`` (DESIGN.md: an order in ``[E − W, E)``, W = ``activity_window_days``, or a subscription
covering ``E``, by ``activity_basis``; the activity spells of
:func:`bindung.metrics.components.spells`, so the count equals the KPI "customers at end").
Mentions (any ``social_mentions`` row, any sentiment) and shares (interactions of kind
``share``) in the period count when they are by one of *these* customers, so SMAI is a mean
per customer of the base.  Per platform the denominator is the same customer base, so the
platforms' SMAI add up to the overall one.

**Community share** (:func:`community_share`).  Community members of a platform and period
are the people who interacted or mentioned the brand there: a linked handle is its customer
(one member however many handles), an unlinked handle is one member.
``community_share = community_customers / community_members × 100``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from bindung.config import Settings
from bindung.hours import BusinessHours
from bindung.metrics.periods import Grid, Unit, index_expr, make_grid
from bindung.store.protocol import shared

if TYPE_CHECKING:
    from bindung.store.protocol import Store

__all__ = [
    "ALL",
    "REPLY_COLUMNS",
    "activity_grid",
    "activity_span",
    "community_customers",
    "community_frame",
    "community_share",
    "engagement",
    "mention_waits",
    "open_reply_times",
    "prepare",
    "replies",
    "reply_table",
    "reply_times",
    "shared_engagement",
    "shared_prepared",
    "smai",
    "smer_b",
    "summarise_waits",
    "waiting_customers",
]

#: The platform name of the figures over all platforms together.
ALL = "all"
#: The figures of :func:`reply_times` (after the keys).
REPLY_COLUMNS = (
    "needing_reply",
    "answered",
    "unanswered",
    "bad_rows",
    "median_minutes",
    "mean_minutes",
    "p90_minutes",
    "share_within_60",
    "share_within_30",
    "negative_needing_reply",
    "share_negative_within_15",
)
_SEP = "\x1f"  # between platform and handle in a member key


def _share(numerator: Any, denominator: Any) -> Any:
    return numerator.cast("float64") / denominator.nullif(0).cast("float64")


def _period(table: Any, column: str, bounds: Sequence[datetime]) -> Any:
    """``table`` with the period index ``k`` of ``column``; rows outside the grid left out."""
    t = table.mutate(k=index_expr(table[column], tuple(bounds)))
    return t.filter((t.k >= 0) & (t.k < len(bounds) - 1))


def _with_all(table: Any) -> Any:
    """``table`` and a copy of it with platform :data:`ALL`."""
    import ibis

    columns = list(table.columns)
    copy = table.mutate(platform=ibis.literal(ALL, type="string")).select(*columns)
    return table.union(copy)


def _keys(bounds: Sequence[datetime] | None) -> list[str]:
    return ["platform"] if bounds is None else ["k", "platform"]


def reply_times(
    mentions: Any, bounds: Sequence[datetime] | None = None, *, overall: bool = False
) -> Any:
    """SMRT in clock minutes per platform (and period ``k`` with ``bounds``; platform
    :data:`ALL` too with ``overall``) over a ``social_mentions`` table (see the module).

    Columns: [k,] platform, then :data:`REPLY_COLUMNS`.
    """
    import ibis

    m = mentions.mutate(platform=mentions.platform.cast("string"))
    if bounds is not None:
        m = _period(m, "at", bounds)
    if overall:
        m = _with_all(m)
    negative = (m.sentiment == "negative").fill_null(False)
    needs = m.needs_reply.fill_null(negative).fill_null(False)
    minutes = (m.first_reply_at.epoch_seconds() - m.at.epoch_seconds()).cast("float64") / 60.0
    base = m.filter(needs).mutate(
        _negative=negative,
        _bad=(m.first_reply_at < m.at).fill_null(False),
        _answered=(m.first_reply_at >= m.at).fill_null(False),
        _minutes=minutes,
    )
    valid = ~base._bad
    answered_minutes = ibis.ifelse(base._answered, base._minutes, ibis.null("float64"))

    def within(limit: float) -> Any:
        return (base._answered & (base._minutes <= limit)).cast("int64").sum()

    neg_valid = (base._negative & valid).cast("int64").sum()
    keys = _keys(bounds)
    out = base.group_by(keys).aggregate(
        needing_reply=base.count(),
        answered=base._answered.cast("int64").sum(),
        unanswered=base.first_reply_at.isnull().cast("int64").sum(),
        bad_rows=base._bad.cast("int64").sum(),
        median_minutes=answered_minutes.median(),
        mean_minutes=answered_minutes.mean(),
        p90_minutes=answered_minutes.quantile(0.9),
        share_within_60=_share(within(60), valid.cast("int64").sum()),
        share_within_30=_share(within(30), valid.cast("int64").sum()),
        negative_needing_reply=neg_valid,
        share_negative_within_15=_share(
            (base._negative & base._answered & (base._minutes <= 15)).cast("int64").sum(),
            neg_valid,
        ),
    )
    return out.order_by(keys)


# -- people: handles linked to customers ---------------------------------------------------


def _linked(rows: Any, identities: Any) -> Any:
    """``rows`` (platform, handle, direct, ...) with ``customer``: ``direct``, else the
    identity of (platform, handle), else the customer of any other row of the handle."""
    import ibis

    ids = identities.select(
        _ip=identities.platform.cast("string"),
        _ih=identities.handle.cast("string"),
        _ic=identities.customer_id.cast("string"),
    )
    j = rows.left_join(ids, (rows.platform == ids._ip) & (rows.handle == ids._ih))
    j = j.mutate(customer=ibis.coalesce(j.direct, j._ic)).drop("_ip", "_ih", "_ic", "direct")
    j = j.view()
    # the customer of any row of the handle: one aggregate per (platform, handle) joined back
    # (the same as max() over a window partitioned by them, without sorting every row)
    known = j.filter(j.handle.notnull() & j.customer.notnull())
    per_handle = known.group_by(_hp=known.platform, _hh=known.handle).aggregate(
        _hc=known.customer.max()
    )
    same = j.platform.identical_to(per_handle._hp) & (j.handle == per_handle._hh)
    k = j.left_join(per_handle, same)  # platform may be missing: NULL matches NULL, as in a window
    linked = ibis.ifelse(k.handle.isnull(), k.customer, ibis.coalesce(k.customer, k._hc))
    return k.mutate(customer=linked).drop("_hp", "_hh", "_hc").view()


def _activity(posts: Any, interactions: Any, identities: Any, mentions: Any = None) -> Any:
    """One row per interaction (and mention): source ('interaction' or 'mention'), platform,
    handle, kind, at and the linked ``customer``."""
    import ibis

    p = posts.select(post_id="post_id", _post_platform=posts.platform.cast("string"))
    i = interactions.left_join(p, "post_id")
    rows = i.select(
        source=ibis.literal("interaction", type="string"),
        platform=ibis.coalesce(i._post_platform, i.platform.cast("string")),
        handle=i.actor.cast("string"),
        direct=i.customer_id.cast("string"),
        kind=i.kind.cast("string"),
        at=i.at.cast("timestamp"),
    ).view()
    if mentions is not None:
        m = mentions.select(
            source=ibis.literal("mention", type="string"),
            platform=mentions.platform.cast("string"),
            handle=mentions.author.cast("string"),
            direct=mentions.customer_id.cast("string"),
            kind=ibis.literal("mention", type="string"),
            at=mentions.at.cast("timestamp"),
        )
        rows = rows.union(m)
    return _linked(rows, identities)


def _existing(rows: Any, customers: Any) -> Any:
    """Keep ``customer`` only where it names an existing customer at the row's time."""
    import ibis

    known = customers.select(
        _c=customers.customer_id.cast("string"), _since=customers.first_seen.cast("timestamp")
    )
    j = rows.left_join(known, rows.customer == known._c)
    existing = j._c.notnull() & (j._since.isnull() | (j._since < j.at))
    out = j.mutate(customer=ibis.ifelse(existing, j.customer, ibis.null("string")))
    return out.drop("_c", "_since").view()


def _interaction_rows(
    posts: Any,
    interactions: Any,
    identities: Any,
    customers: Any,
    mentions: Any,
    activity: Any = None,
) -> Any:
    rows = _activity(posts, interactions, identities, mentions) if activity is None else activity
    rows = rows.filter(rows.source == "interaction")
    if customers is not None:
        rows = _existing(rows, customers)
    return rows.mutate(member=rows.platform + _SEP + rows.handle)


# -- SMER-B --------------------------------------------------------------------------------


def smer_b(
    posts: Any,
    interactions: Any,
    identities: Any,
    customers: Any = None,
    bounds: Sequence[datetime] | None = None,
    *,
    mentions: Any = None,
    overall: bool = False,
    activity: Any = None,
) -> Any:
    """SMER-B per platform (and period ``k`` with ``bounds``; :data:`ALL` with ``overall``),
    see the module.  ``mentions``, when given, only help to link handles to customers.

    One row per platform (and period) with posts or interactions.  Columns: [k,] platform,
    posts, community, customers_in_community, customer_interactions, smer_b (a percentage).
    ``activity``: the rows of :func:`_activity` of these tables with ``mentions``, when
    already computed.
    """
    import ibis

    i = _interaction_rows(posts, interactions, identities, customers, mentions, activity)
    p = posts.select(platform=posts.platform.cast("string"), at=posts.published_at)
    if bounds is not None:
        i, p = _period(i, "at", bounds), _period(p, "at", bounds)
    if overall:
        i, p = _with_all(i), _with_all(p)
    keys = _keys(bounds)
    engaged = i.group_by(keys).aggregate(
        community=i.member.nunique(),
        customers_in_community=i.customer.nunique(),
        customer_interactions=i.customer.count(),
    )
    counts = p.group_by(keys).aggregate(posts=p.count())
    j = counts.outer_join(engaged, keys)
    n_posts = j.posts.fill_null(0)
    in_community = j.customers_in_community.fill_null(0)
    by_customers = j.customer_interactions.fill_null(0)
    out = j.select(
        **{key: ibis.coalesce(j[key], j[f"{key}_right"]) for key in keys},
        posts=n_posts,
        community=j.community.fill_null(0),
        customers_in_community=in_community,
        customer_interactions=by_customers,
        smer_b=_share(by_customers, in_community) / n_posts.nullif(0).cast("float64") * 100.0,
    )
    return out.order_by(keys)


def community_customers(
    posts: Any,
    interactions: Any,
    identities: Any,
    customers: Any = None,
    bounds: Sequence[datetime] | None = None,
    *,
    mentions: Any = None,
    activity: Any = None,
) -> Any:
    """The existing customers in each platform's SMER-B community: (platform, customer_id),
    distinct; with ``bounds`` those who interacted inside ``[bounds[0], bounds[-1])``
    (``activity``: as for :func:`smer_b`)."""
    i = _interaction_rows(posts, interactions, identities, customers, mentions, activity)
    if bounds is not None:
        i = _period(i, "at", (bounds[0], bounds[-1]))
    i = i.filter(i.customer.notnull())
    return (
        i.select("platform", customer_id=i.customer)
        .distinct()
        .order_by(["platform", "customer_id"])
    )


# -- SMAI and the community ---------------------------------------------------------------


def _spell_ends(spells: Any, bounds: Sequence[datetime]) -> Any:
    """Per spell (customer, lo, hi): the bounds ``j`` with ``lo <= j <= hi`` are those the
    spell ``(s, e]`` covers; a customer is active at the end of period ``k`` when one of her
    spells covers bound ``k + 1`` (see :mod:`bindung.metrics.components`).  A customer's
    spells are disjoint, so at most one covers a bound."""
    import ibis

    n = len(bounds) - 1
    return spells.select(
        _sc=spells.customer_id.cast("string"),
        _lo=index_expr(spells.s, tuple(bounds)) + 1,
        _hi=ibis.least(index_expr(spells.e, tuple(bounds)), n),
    )


def _active_counts(sp: Any, n: int) -> Any:
    """(k, customers): customers active at the end of period ``k``, for k = 0..n−1, from the
    spells of :func:`_spell_ends` without listing (customer, period) pairs: +1 at each spell's
    first covered bound, −1 after its last, summed cumulatively over the bounds."""
    import ibis

    covering = sp.filter(sp._lo <= sp._hi).select(lo=ibis.greatest(sp._lo, 1), hi=sp._hi)
    covering = covering.filter(covering.lo <= covering.hi)
    opened = covering.group_by(j=covering.lo).aggregate(d=covering.count())
    closed = covering.group_by(j=covering.hi + 1).aggregate(d=-covering.count())
    deltas = opened.union(closed)
    deltas = deltas.group_by("j").aggregate(d=deltas.d.sum())
    ends = ibis.memtable(pd.DataFrame({"j": np.arange(1, n + 1, dtype=np.int64)}))
    j = ends.left_join(deltas, "j").select("j", d=deltas.d.fill_null(0))
    running = j.d.sum().over(ibis.cumulative_window(order_by=j.j))
    return j.select(k=j.j - 1, customers=running.cast("int64"))


def _platform_grid(rows: Any, posts: Any, n: int, overall: bool) -> Any:
    import ibis

    platforms = rows.select("platform").union(posts.select(platform=posts.platform.cast("string")))
    platforms = platforms.filter(platforms.platform.notnull()).distinct()
    if overall:
        platforms = platforms.union(ibis.memtable(pd.DataFrame({"platform": [ALL]})))
    ks = ibis.memtable(pd.DataFrame({"k": np.arange(n, dtype=np.int64)}))
    return platforms.cross_join(ks)


def smai(
    mentions: Any,
    interactions: Any,
    posts: Any,
    identities: Any,
    spells: Any,
    bounds: Sequence[datetime],
    *,
    overall: bool = False,
    activity: Any = None,
) -> Any:
    """SMAI per period ``k`` and platform (see the module); ``spells`` (customer_id, s, e) are
    the activity spells of :func:`bindung.metrics.components.spells`.

    One row for every period and every platform seen in posts, interactions or mentions.
    Columns: k, platform, customers, customer_mentions, customer_shares, smai.
    """
    n = len(bounds) - 1
    sp = _spell_ends(spells, bounds)
    rows = _activity(posts, interactions, identities, mentions) if activity is None else activity
    acts = rows.filter((rows.source == "mention") | (rows.kind == "share"))
    acts = _period(acts, "at", bounds)
    # by customers active at the end of the act's period: a spell of hers covers bound k + 1
    acts = acts.semi_join(sp, [acts.customer == sp._sc, sp._lo <= acts.k + 1, acts.k + 1 <= sp._hi])
    acts = acts.select("k", "platform", "source")
    if overall:
        acts = _with_all(acts)
    counted = acts.group_by(["k", "platform"]).aggregate(
        customer_mentions=(acts.source == "mention").cast("int64").sum(),
        customer_shares=(acts.source == "interaction").cast("int64").sum(),
    )
    base = _active_counts(sp, n)
    grid = _platform_grid(rows, posts, n, overall)
    j = grid.left_join(counted, ["k", "platform"])
    j = j.select("k", "platform", "customer_mentions", "customer_shares").view()
    j = j.left_join(base, "k")
    customers = j.customers.fill_null(0)
    mentioned = j.customer_mentions.fill_null(0)
    shared = j.customer_shares.fill_null(0)
    out = j.select(
        k=j.k,
        platform=j.platform,
        customers=customers,
        customer_mentions=mentioned,
        customer_shares=shared,
        smai=_share(mentioned + shared, customers),
    )
    return out.order_by(["k", "platform"])


def community_share(
    mentions: Any,
    interactions: Any,
    posts: Any,
    identities: Any,
    bounds: Sequence[datetime] | None = None,
    *,
    overall: bool = False,
    activity: Any = None,
) -> Any:
    """Share of the community that are customers per platform (and period ``k``), see the
    module.  Columns: [k,] platform, community_members, community_customers,
    community_share (a percentage)."""
    import ibis

    rows = _activity(posts, interactions, identities, mentions) if activity is None else activity
    rows = rows.filter(rows.handle.notnull() | rows.customer.notnull())
    member = ibis.coalesce(
        "c" + _SEP + rows.customer, "h" + _SEP + rows.platform + _SEP + rows.handle
    )
    rows = rows.select("platform", "at", "customer", member=member)
    if bounds is not None:
        rows = _period(rows, "at", bounds)
    if overall:
        rows = _with_all(rows)
    keys = _keys(bounds)
    out = rows.group_by(keys).aggregate(
        community_members=rows.member.nunique(), community_customers=rows.customer.nunique()
    )
    out = out.mutate(community_share=_share(out.community_customers, out.community_members) * 100.0)
    return out.order_by(keys)


# -- reply times in open minutes -----------------------------------------------------------


def mention_waits(mentions: Any, identities: Any, bounds: Sequence[datetime] | None = None) -> Any:
    """One row per mention needing a reply (see the module): mention_id, platform, at,
    first_reply_at, negative, bad, answered, minutes (clock), customer_id (linked) [, k]."""
    import ibis

    m = mentions
    negative = (m.sentiment == "negative").fill_null(False)
    needs = m.needs_reply.fill_null(negative).fill_null(False)
    rows = m.filter(needs).select(
        mention_id=m.mention_id.cast("string"),
        platform=m.platform.cast("string"),
        handle=m.author.cast("string"),
        direct=m.customer_id.cast("string"),
        at=m.at,
        first_reply_at=m.first_reply_at,
        negative=negative,
        bad=(m.first_reply_at < m.at).fill_null(False),
        answered=(m.first_reply_at >= m.at).fill_null(False),
        minutes=(m.first_reply_at.epoch_seconds() - m.at.epoch_seconds()).cast("float64") / 60.0,
    )
    # only the identities and the mention itself link here (not other mentions of the handle)
    ids = identities.select(
        _ip=identities.platform.cast("string"),
        _ih=identities.handle.cast("string"),
        _ic=identities.customer_id.cast("string"),
    )
    j = rows.left_join(ids, (rows.platform == ids._ip) & (rows.handle == ids._ih))
    out = j.mutate(customer_id=ibis.coalesce(j.direct, j._ic)).drop(
        "_ip", "_ih", "_ic", "direct", "handle"
    )
    if bounds is not None:
        out = _period(out, "at", bounds)
    return out.order_by(["at", "mention_id"])


def summarise_waits(frame: pd.DataFrame, minutes: str, keys: Sequence[str]) -> pd.DataFrame:
    """The SMRT figures of :func:`reply_times` computed in pandas over ``frame[minutes]``
    (rows of :func:`mention_waits`: negative, bad, answered, the minutes), grouped by
    ``keys``.  Quantiles: ``pandas.Series.quantile`` (linear, type 7)."""
    records: list[dict[str, Any]] = []
    for key, g in frame.groupby(list(keys), sort=True):
        values = key if isinstance(key, tuple) else (key,)
        answered = g["answered"].to_numpy(bool)
        bad = g["bad"].to_numpy(bool)
        negative = g["negative"].to_numpy(bool)
        x = g[minutes].to_numpy(float)
        done = x[answered]
        valid = int((~bad).sum())
        neg_valid = int((negative & ~bad).sum())

        records.append(
            {
                **dict(zip(keys, values, strict=True)),
                "needing_reply": len(g),
                "answered": int(answered.sum()),
                "unanswered": int(g["first_reply_at"].isna().sum()),
                "bad_rows": int(bad.sum()),
                "median_minutes": float(np.median(done)) if len(done) else float("nan"),
                "mean_minutes": float(done.mean()) if len(done) else float("nan"),
                "p90_minutes": float(pd.Series(done).quantile(0.9)) if len(done) else float("nan"),
                "share_within_60": _within(60, answered, x, valid),
                "share_within_30": _within(30, answered, x, valid),
                "negative_needing_reply": neg_valid,
                "share_negative_within_15": _within(15, answered & negative, x, neg_valid),
            }
        )
    return pd.DataFrame(records, columns=[*keys, *REPLY_COLUMNS])


def _within(limit: float, counted: Any, minutes: Any, denominator: int) -> float:
    """Share of rows ``counted`` (answered) with ``minutes ≤ limit``; NaN for no rows."""
    if denominator == 0:
        return float("nan")
    return float((counted & (minutes <= limit)).sum()) / denominator


def open_reply_times(
    waits: pd.DataFrame,
    hours: BusinessHours,
    timezone: str,
    *,
    by_period: bool = False,
    overall: bool = False,
) -> pd.DataFrame:
    """SMRT in open minutes (business ``hours`` in ``timezone``) over the rows of
    :func:`mention_waits` (executed), per platform (and ``k`` with ``by_period``)."""
    frame = waits.copy()
    frame["open_minutes"] = hours.open_minutes(frame["at"], frame["first_reply_at"], timezone)
    if overall:
        frame = pd.concat([frame, frame.assign(platform=ALL)], ignore_index=True)
    keys = ["k", "platform"] if by_period else ["platform"]
    return summarise_waits(frame, "open_minutes", keys)


# -- whole tables for the report -----------------------------------------------------------


def _source(tables: Callable[[str], Any], settings: Settings, grid: Grid) -> Any:
    from bindung.metrics.run import options_from
    from bindung.metrics.source import Source

    return Source(tables, grid, options_from(settings))


def reply_table(
    tables: Callable[[str], Any],
    grid: Grid,
    hours: BusinessHours | None,
    *,
    by_period: bool,
) -> pd.DataFrame:
    """SMRT for every platform and :data:`ALL` over ``grid`` (its periods with
    ``by_period``, else its whole span as one period), in clock minutes and — with business
    ``hours`` — in open minutes (the same figures prefixed ``open_``)."""
    bounds = grid.bounds if by_period else (grid.bounds[0], grid.bounds[-1])
    mentions = tables("social_mentions")
    clock = reply_times(mentions, bounds, overall=True).to_pandas()
    keys = ["k", "platform"] if by_period else ["platform"]
    if not by_period:
        clock = clock.drop(columns="k")
    if hours is None:
        return _all_last(clock)
    waits = mention_waits(mentions, tables("identities"), bounds).to_pandas()
    opened = open_reply_times(waits, hours, grid.timezone, by_period=True, overall=True)
    if not by_period:
        opened = opened.drop(columns="k")
    opened = opened[[*keys, *REPLY_COLUMNS[4:]]]
    opened = opened.drop(columns="negative_needing_reply").add_prefix("open_")
    opened = opened.rename(columns={f"open_{key}": key for key in keys})
    return _all_last(clock.merge(opened, on=keys, how="left"))


@dataclass(frozen=True)
class Prepared:
    """What :func:`engagement` reads, computed once and kept in DuckDB (temporary tables)
    for several calls: the linked activity rows (:func:`_activity`) and the activity spells
    of the customers."""

    activity: Any
    spells: Any


def activity_rows(tables: Callable[[str], Any]) -> Any:
    """The linked activity rows (:func:`_activity` of posts, interactions, identities and
    mentions), materialised in a temporary table: the same for every grid."""
    from bindung.store.temporary import materialise

    rows = _activity(
        tables("social_posts"),
        tables("social_interactions"),
        tables("identities"),
        tables("social_mentions"),
    )
    return materialise(rows)


def prepare(
    tables: Callable[[str], Any], settings: Settings, grid: Grid, activity: Any = None
) -> Prepared:
    """Materialise the activity rows (unless given: :func:`activity_rows`) and the spells of
    ``grid`` once (temporary tables)."""
    from bindung.metrics.components import spells
    from bindung.store.temporary import materialise

    rows = activity_rows(tables) if activity is None else activity
    return Prepared(rows, materialise(spells(_source(tables, settings, grid))))


def engagement(
    tables: Callable[[str], Any],
    settings: Settings,
    grid: Grid,
    *,
    by_period: bool,
    prepared: Prepared | None = None,
) -> pd.DataFrame:
    """SMER-B, SMAI and the community share for every platform and :data:`ALL`, per period
    of ``grid`` (``by_period``) or over its whole span (the customers of SMAI are then those
    active at the end of the span).  ``prepared``: :func:`prepare` of the same tables and
    grid, to share between calls."""
    if prepared is None:
        prepared = prepare(tables, settings, grid)
    bounds = grid.bounds if by_period else (grid.bounds[0], grid.bounds[-1])
    posts, interactions = tables("social_posts"), tables("social_interactions")
    mentions, identities = tables("social_mentions"), tables("identities")
    rows, sp = prepared.activity, prepared.spells
    base = smai(
        mentions, interactions, posts, identities, sp, bounds, overall=True, activity=rows
    ).to_pandas()
    rate = smer_b(
        posts,
        interactions,
        identities,
        tables("customers"),
        bounds,
        mentions=mentions,
        overall=True,
        activity=rows,
    ).to_pandas()
    share = community_share(
        mentions, interactions, posts, identities, bounds, overall=True, activity=rows
    ).to_pandas()
    out = base.merge(rate, on=["k", "platform"], how="left").merge(
        share, on=["k", "platform"], how="left"
    )
    counts = [
        "posts",
        "community",
        "customers_in_community",
        "customer_interactions",
        "community_members",
        "community_customers",
    ]
    out[counts] = out[counts].fillna(0).astype("int64")
    out = _all_last(out)
    return out if by_period else out.drop(columns="k")


def _all_last(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows by period, then platform, with :data:`ALL` after the platforms."""
    order = frame.assign(_is_all=frame["platform"] == ALL)
    keys = [c for c in ("k",) if c in frame.columns]
    order = order.sort_values([*keys, "_is_all", "platform"], kind="stable")
    return order.drop(columns="_is_all").reset_index(drop=True)


def activity_span(ws: Store) -> tuple[datetime, datetime] | None:
    """First and last social activity (naive UTC) over posts, interactions and mentions: the
    span of the periods of ``bindung social`` and of the reply-time goals; ``None`` without
    any social data."""
    found: list[datetime] = []
    for name, column in (
        ("social_posts", "published_at"),
        ("social_interactions", "at"),
        ("social_mentions", "at"),
    ):
        t = ws.table(name)
        row = t.aggregate(first=t[column].min(), last=t[column].max()).to_pandas().iloc[0]
        found += [pd.Timestamp(v).to_pydatetime() for v in row if pd.notna(v)]
    return (min(found), max(found)) if found else None


# -- what the report reads from a workspace ------------------------------------------------


def activity_grid(
    ws: Store, unit: Unit, first: date | None = None, stop: date | None = None
) -> Grid | None:
    """The local calendar periods of ``unit`` (workspace time zone) from the first to the last
    social activity (:func:`activity_span`) that overlap the local days ``[first, stop)``
    (``None``: unbounded); ``None`` when there is no social data in that window."""
    span = activity_span(ws)
    if span is None:
        return None
    grid = make_grid(unit, ws.settings.timezone, span[0], span[1], data_end=span[1])
    return grid.overlapping(first, stop)


def shared_prepared(ws: Store, grid: Grid) -> Prepared:
    """:func:`prepare` of the workspace's tables for ``grid``: the activity rows (once per
    refresh for every grid) and the spells of the grid, materialised once per refresh
    (:func:`bindung.store.protocol.shared`)."""
    rows = shared(ws, ("social.activity",), lambda: activity_rows(ws.table))
    return shared(
        ws,
        ("social.prepared", tuple(grid.bounds)),
        lambda: prepare(ws.table, ws.settings, grid, rows),
    )


def shared_engagement(ws: Store, grid: Grid, *, by_period: bool) -> pd.DataFrame:
    """:func:`engagement` of the workspace over ``grid``, made once per refresh for a grid
    (the social answer and the alerts read the same), with the activity rows of
    :func:`shared_prepared` for both ``by_period`` calls.  A copy: the caller may change it."""

    def make() -> pd.DataFrame:
        return engagement(
            ws.table, ws.settings, grid, by_period=by_period, prepared=shared_prepared(ws, grid)
        )

    frame = shared(ws, ("social.engagement", tuple(grid.bounds), by_period), make)
    return frame.copy()


def replies(ws: Store, grid: Grid, hours: BusinessHours | None, *, by_period: bool) -> pd.DataFrame:
    """:func:`reply_table` of the workspace's tables."""
    return reply_table(ws.table, grid, hours, by_period=by_period)


def waiting_customers(
    ws: Store, grid: Grid, hours: BusinessHours | None, platform: str, limit: float
) -> list[str]:
    """Customers (distinct, sorted) with a mention on ``platform`` within ``grid`` that waited
    longer than ``limit`` minutes (open minutes with business ``hours``, else clock minutes)
    or was never answered; mentions with a reply before them (data errors) are left out."""
    bounds = (grid.bounds[0], grid.bounds[-1])
    waits = mention_waits(ws.table("social_mentions"), ws.table("identities"), bounds)
    waits = waits.filter(waits.platform == platform, waits.customer_id.notnull(), ~waits.bad)
    frame = waits.to_pandas()
    if hours is not None:
        minutes = hours.open_minutes(frame["at"], frame["first_reply_at"], grid.timezone)
    else:
        minutes = frame["minutes"].to_numpy(float)
    slow = frame["first_reply_at"].isna().to_numpy() | (minutes > limit)
    return sorted({str(c) for c in frame.loc[slow, "customer_id"]})


def community_frame(ws: Store, grid: Grid) -> pd.DataFrame:
    """:func:`community_customers` of the workspace over the whole span of ``grid`` (one row
    per platform and existing customer who interacted), on the activity rows of
    :func:`shared_prepared`."""
    bounds = (grid.bounds[0], grid.bounds[-1])
    expr = community_customers(
        ws.table("social_posts"),
        ws.table("social_interactions"),
        ws.table("identities"),
        ws.table("customers"),
        bounds,
        mentions=ws.table("social_mentions"),
        activity=shared_prepared(ws, grid).activity,
    )
    frame: pd.DataFrame = expr.to_pandas()
    return frame
