"""Social-media customer care and engagement: reply times (SMRT) and the engagement rate of
existing customers (SMER-B), as defined in ``DESIGN.md`` ("Definitions").

>>> reply_times(ws.table("social_mentions")).to_pandas()                  # doctest: +SKIP
>>> smer_b(ws.table("social_posts"), ws.table("social_interactions"),
...        ws.table("identities")).to_pandas()                            # doctest: +SKIP

Both functions build lazy Ibis expressions (one row per platform); nothing runs until the
caller executes them.  Times are naive UTC timestamps.

**SMRT — social media reply time** (:func:`reply_times`).  Source: DESIGN.md, "Definitions",
SMRT: time from a customer's mention needing a reply to the first reply — median, mean, p90,
share answered within 60 and 30 minutes, and negative mentions answered within 15 minutes
(the 60-minute benchmark is one of the seeds' defaults).

* A mention *needs a reply* when ``needs_reply`` is true; when ``needs_reply`` is null the
  sentiment decides: a negative mention needs a reply, any other (or unknown) one does not.
  An explicit ``needs_reply = false`` wins over a negative sentiment.
* ``reply_minutes = (first_reply_at − at)`` in minutes, to the second (epoch seconds / 60).
* A reply *before* its mention (``first_reply_at < at``) is a data error: the row is left out
  of every figure below except ``needing_reply`` and counted in ``bad_rows``.  So
  ``needing_reply = answered + unanswered + bad_rows``.
* ``median_minutes`` / ``p90_minutes`` are exact, interpolated quantiles over the answered
  mentions (Ibis ``median()`` / ``quantile(0.9)``, DuckDB ``quantile_cont``, i.e. the
  linear-interpolation definition, type 7 of Hyndman & Fan 1996); ``mean_minutes`` is the
  arithmetic mean.  Unanswered mentions have no reply time and do not enter them (they are
  reported in ``unanswered``); with nothing answered the three are null.
* ``share_within_60`` / ``share_within_30`` = mentions answered with
  ``reply_minutes ≤ limit`` / (``needing_reply − bad_rows``): unanswered mentions count as
  *not* answered within the limit.  ``share_negative_within_15`` is the same over the
  negative mentions only (null when a platform has none).  A share whose denominator is 0 is
  null.

**SMER-B — engagement rate of existing customers** (:func:`smer_b`).  Source: DESIGN.md,
"Definitions", SMER-B: ``(interactions by existing customers / existing customers in the
community) / posts × 100``; below 1 % weak, above 3.5 % strong.  Per platform:

* ``posts`` — posts published on the platform (``social_posts``); one row per platform that
  has posts (interactions on a platform without posts have no rate and are left out);
* an interaction's platform is its post's platform (``interactions.platform`` when the post is
  unknown); an interaction belongs to a *customer* through ``interactions.customer_id``, or
  else through ``identities`` on (platform, ``actor``) = (platform, handle);
* ``community`` — distinct handles (``actor``) that interacted;
* ``customers_in_community`` — distinct customers among them; with a ``customers`` table
  only customer ids present there count as *existing* customers;
* ``customer_interactions`` — interactions by those customers;
* ``smer_b = customer_interactions / customers_in_community / posts × 100`` (null when either
  denominator is 0).
"""

from __future__ import annotations

from typing import Any

__all__ = ["reply_times", "smer_b"]


def _share(numerator: Any, denominator: Any) -> Any:
    return numerator.cast("float64") / denominator.nullif(0).cast("float64")


def reply_times(mentions: Any) -> Any:
    """SMRT per platform over a ``social_mentions`` table (see the module docstring).

    Columns: platform, needing_reply, answered, unanswered, bad_rows, median_minutes,
    mean_minutes, p90_minutes, share_within_60, share_within_30, negative_needing_reply,
    share_negative_within_15.
    """
    import ibis

    m = mentions
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
    out = base.group_by("platform").aggregate(
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
    return out.order_by("platform")


def smer_b(posts: Any, interactions: Any, identities: Any, customers: Any = None) -> Any:
    """SMER-B per platform (see the module docstring).

    Columns: platform, posts, community, customers_in_community, customer_interactions, smer_b
    (a percentage).
    """
    import ibis

    p = posts.select(post_id="post_id", _post_platform="platform")
    i = interactions.left_join(p, "post_id")
    i = i.select(
        platform=ibis.coalesce(i._post_platform, i.platform),
        actor=i.actor,
        _direct=i.customer_id,
    ).view()  # a new relation: Ibis would otherwise fold the next join into this one
    ids = identities.select("platform", actor="handle", _id_customer="customer_id")
    i = i.left_join(ids, ["platform", "actor"])
    i = i.select("platform", "actor", customer=ibis.coalesce(i._direct, i._id_customer)).view()
    if customers is not None:
        known = customers.select(customer="customer_id").distinct().mutate(_known=True)
        i = i.left_join(known, "customer")
        i = i.select(
            "platform",
            "actor",
            customer=ibis.ifelse(i._known.notnull(), i.customer, ibis.null(i.customer.type())),
        )
    engaged = i.group_by("platform").aggregate(
        community=i.actor.nunique(),
        customers_in_community=i.customer.nunique(),
        customer_interactions=i.customer.count(),
    )
    counts = posts.group_by("platform").aggregate(posts=posts.count())
    j = counts.left_join(engaged, "platform")
    community = j.community.fill_null(0)
    in_community = j.customers_in_community.fill_null(0)
    by_customers = j.customer_interactions.fill_null(0)
    out = j.select(
        platform=j.platform,
        posts=j.posts,
        community=community,
        customers_in_community=in_community,
        customer_interactions=by_customers,
        smer_b=_share(by_customers, in_community) / j.posts.nullif(0).cast("float64") * 100.0,
    )
    return out.order_by("platform")
