"""Content formats and posting rhythm: which post formats reach and engage existing customers,
and do customers who engage with a format buy again more often than comparable customers?

>>> result = content_formats(ws)                                           # doctest: +SKIP
>>> result.formats[["platform", "kind", "posts", "reach", "smer_b"]]       # doctest: +SKIP

Reads ``social_posts`` (``platform``, ``published_at``, ``kind``: photo, video, story, ...; a
post without a kind is format ``-``), ``social_interactions``, ``identities``, ``customers``
and ``orders``.  The definitions are those of :mod:`bindung.insights.social` (DESIGN.md,
"Definitions"), applied per format:

**Per platform and format** (one row per (platform, kind) over all the data):

* ``posts`` — posts of that format;
* an interaction belongs to its post's format (interactions whose post is not in
  ``social_posts`` have no format and are left out); it is *by a customer* through its own
  ``customer_id``, else through the customer its handle is linked to on that platform (an
  identity, or another row of the handle: the linked activity rows of the social answer);
* ``reach`` — distinct *existing* customers (``first_seen`` before the interaction, as for
  SMER-B) who interacted with posts of that format; ``reach_linked`` = reach / customers with
  a handle on that platform in ``identities`` × 100; ``reach_active`` = reach / customers
  active at the end of the orders (an order in the last ``activity_window_days`` up to the
  latest order) × 100;
* ``smer_b`` — SMER-B of that format: (interactions by existing customers / existing
  customers among those who interacted with the format) / posts of the format × 100,
  computed by :func:`bindung.insights.social.smer_b` on the posts of the format (their
  platform key is "platform, format");
* **repurchase against comparable customers** — the fan comparison's ``history`` estimate
  (:func:`bindung.insights.fans.history_effects`, decisions 0006 and 0008) with "engaged with
  this format" as the fans: the outcome window is the last ``horizon`` complete months of the
  orders, the cohort the customers whose first order is before it; *engaged* are cohort
  customers whose first interaction with the format lies before the window, *comparable*
  customers never engaged on social media at all (customers engaged only with other formats
  are in neither group), weighted to the engaged customers' purchase history at the window's
  start (orders, recency, tenure, spend, acquisition channel).  Outcome: an order in the
  window; the difference in points with its 95 % interval; formats with fewer than 10
  engaged customers are not compared.

**Posting rhythm** (per platform and local calendar week, from
:func:`bindung.insights.social.smer_b` over a weekly grid): weeks with at least one post are
banded by posts that week (:data:`RHYTHM_BANDS`: 1, 2, 3, 4–6, 7+); per band ``weeks``,
``posts``, ``customer_interactions`` (interactions by existing customers in those weeks),
``per_post`` = Σ interactions / Σ posts with a 95 % interval from the weeks' spread (ratio
estimator: ``se² = n/(n−1) · Σ (I_w − r·P_w)² / (Σ P_w)²``, normal quantile; none for a
single week) and the mean of the weeks' SMER-B.  Interactions are counted in the week they
happen (as SMER-B counts them), not the week their post was published.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import stats  # type: ignore[import-untyped]

from bindung.errors import BindungError
from bindung.insights import fans, social
from bindung.insights.panel import shared_customer_months
from bindung.insights.reviews import NOT_WEIGHTED, weighted
from bindung.store.protocol import shared

if TYPE_CHECKING:
    from bindung.store.protocol import Store

CONFIDENCE = 0.95
NO_KIND = "-"
SEP = "\x1f"  # between platform and format in the platform key given to smer_b
#: Bands of posts per week: label -> (lowest, highest) posts.
RHYTHM_BANDS: dict[str, tuple[int, float]] = {
    "1": (1, 1),
    "2": (2, 2),
    "3": (3, 3),
    "4-6": (4, 6),
    "7+": (7, math.inf),
}


class ContentError(BindungError):
    """No social posts."""


@dataclass
class ContentResult:
    formats: pd.DataFrame  # platform, kind, posts, reach, reach_linked, reach_active, smer_b, ...
    rhythm: pd.DataFrame  # platform, band, weeks, posts, customer_interactions, per_post, ...
    active_customers: int
    window_start: str = ""
    window_end: str = ""
    skipped: dict[str, str] = field(default_factory=dict)  # "platform/kind" -> why not compared


def _activity(ws: Store) -> object:
    """The social answer's linked activity rows (once per refresh)."""
    return shared(ws, ("social.activity",), lambda: social.activity_rows(ws.table))


def format_rows(ws: Store) -> tuple[object, object]:
    """(posts with the platform key "platform␟kind", one activity row per interaction on a
    known post with that key and its linked ``customer``), as Ibis expressions."""
    import ibis

    act = _activity(ws)
    known = act.filter(act.handle.notnull() & act.customer.notnull())  # type: ignore[attr-defined]
    handles = known.group_by(_hp=known.platform, _hh=known.handle).aggregate(
        _hc=known.customer.max()
    )
    posts = ws.table("social_posts")
    key = posts.platform.cast("string") + SEP + ibis.coalesce(posts.kind.cast("string"), NO_KIND)
    keyed = posts.mutate(platform=key)
    p = posts.select("post_id", _pp=posts.platform.cast("string"), _key=key.name("_key"))
    i = ws.table("social_interactions")
    j = i.inner_join(p, "post_id")
    j = j.left_join(handles, (j._pp == handles._hp) & (j.actor.cast("string") == handles._hh))
    rows = j.select(
        source=ibis.literal("interaction", type="string"),
        platform=j._key,
        handle=j.actor.cast("string"),
        kind=j.kind.cast("string"),
        at=j.at.cast("timestamp"),
        customer=ibis.coalesce(j.customer_id.cast("string"), j._hc),
    )
    return keyed, rows.view()


def _split(frame: pd.DataFrame) -> pd.DataFrame:
    parts = frame["platform"].str.split(SEP, n=1, expand=True)
    return frame.assign(platform=parts[0], kind=parts[1])


def active_customers(ws: Store) -> int:
    """Customers with an order in the ``activity_window_days`` up to the latest order."""
    days = int(ws.settings.activity_window_days)
    found = ws.sql(
        "SELECT count(DISTINCT customer_id) AS n FROM orders WHERE ordered_at > "
        f"(SELECT max(ordered_at) FROM orders) - INTERVAL {days} DAY"
    )
    return int(found["n"].iloc[0] or 0)


def _formats(ws: Store, keyed: object, rows: object) -> pd.DataFrame:
    rate = social.smer_b(
        keyed,
        ws.table("social_interactions"),
        ws.table("identities"),
        ws.table("customers"),
        activity=rows,
    ).to_pandas()  # type: ignore[attr-defined]
    rate = rate[rate["platform"].str.contains(SEP, regex=False)]
    out = _split(rate).rename(columns={"customers_in_community": "reach"})
    ids = ws.table("identities")
    ids = ids.filter(ids.platform != "email")
    linked = (
        ids.group_by(platform=ids.platform.cast("string"))
        .aggregate(linked=ids.customer_id.nunique())
        .to_pandas()
    )
    out = out.merge(linked, on="platform", how="left")
    out["linked"] = out["linked"].fillna(0).astype(np.int64)
    reach = out["reach"].astype(np.float64)
    out["reach_linked"] = 100 * reach / out["linked"].where(out["linked"] > 0)
    active = active_customers(ws)
    out["reach_active"] = 100 * reach / active if active else np.nan
    return out.sort_values(["platform", "kind"]).reset_index(drop=True)


def _repurchase(
    ws: Store, rows: object, formats: pd.DataFrame, horizon: int, confidence: float
) -> tuple[pd.DataFrame, dict[str, str], str, str]:
    """Per format the history-weighted repurchase difference (module docstring)."""
    columns = ["platform", "kind", "engaged", "others", "engaged_value", "others_value"]
    columns += ["effect", "low", "high"]
    empty = pd.DataFrame(columns=columns)
    skipped: dict[str, str] = {}
    eng = fans.engagement(ws)
    if eng.empty:
        return empty, {"": "no social engagement linked to customers"}, "", ""
    panel = shared_customer_months(ws)
    if panel.full_months <= horizon + 1:
        why = (
            f"the orders cover {panel.full_months} complete months; more than {horizon + 1} needed"
        )
        return empty, {"": why}, "", ""
    ids = pd.Index(panel.first["customer_id"])
    any_k = np.full(len(panel.first), fans.NEVER, dtype=np.int64)
    at = ids.get_indexer(pd.Index(eng["customer_id"]))
    any_k[at[at >= 0]] = panel.month_of(eng["first_at"])[at >= 0]
    w0 = panel.full_months - horizon
    cohort = fans._cohort(panel, any_k, w0, fans._rows(panel))
    in_cohort = panel.first["first_k"].to_numpy() < w0
    never = cohort["eng_k"].to_numpy() >= fans.NEVER
    r = rows.filter(rows.customer.notnull())  # type: ignore[attr-defined]
    firsts = r.group_by(["platform", "customer"]).aggregate(first_at=r.at.min()).to_pandas()
    firsts = _split(firsts)
    out = []
    for (platform, kind), group in firsts.groupby(["platform", "kind"], sort=True):
        k = np.full(len(panel.first), fans.NEVER, dtype=np.int64)
        pos = ids.get_indexer(pd.Index(group["customer"]))
        k[pos[pos >= 0]] = panel.month_of(group["first_at"])[pos >= 0]
        k = k[in_cohort]
        c = cohort.copy()
        # engaged with this format: its first month; never engaged: NEVER; engaged only with
        # other formats (or with this one inside the window): in neither group
        c["eng_k"] = np.where(k < w0, k, np.where(never, fans.NEVER, w0))
        try:
            found = weighted(c, w0, confidence)
        except NOT_WEIGHTED as exc:
            skipped[f"{platform}/{kind}"] = str(exc) or type(exc).__name__
            continue
        e = next(x for x in found if x.outcome == "repurchase")
        out.append(
            (platform, kind, e.fans, e.others, e.fans_value, e.others_value, e.value, e.low, e.high)
        )
    labels = panel.labels()
    frame = pd.DataFrame(out, columns=columns) if out else empty
    return frame, skipped, labels[w0], labels[panel.full_months - 1]


def _band(posts: np.ndarray) -> np.ndarray:
    out = np.full(len(posts), None, dtype=object)
    for label, (low, high) in RHYTHM_BANDS.items():
        out[(posts >= low) & (posts <= high)] = label
    return out


def posting_rhythm(ws: Store, confidence: float = CONFIDENCE) -> pd.DataFrame:
    """Per platform and band of posts per week (module docstring)."""
    columns = ["platform", "band", "weeks", "posts", "customer_interactions", "per_post"]
    columns += ["low", "high", "smer_b"]
    grid = social.activity_grid(ws, "week")
    if grid is None:
        return pd.DataFrame(columns=columns)
    weekly = social.smer_b(
        ws.table("social_posts"),
        ws.table("social_interactions"),
        ws.table("identities"),
        ws.table("customers"),
        grid.bounds,
        activity=_activity(ws),
    ).to_pandas()
    weekly = weekly[weekly["posts"] > 0].copy()
    if weekly.empty:
        return pd.DataFrame(columns=columns)
    weekly["band"] = _band(weekly["posts"].to_numpy(np.float64))
    weekly["i"] = weekly["customer_interactions"].astype(np.float64)
    weekly["p"] = weekly["posts"].astype(np.float64)
    g = weekly.groupby(["platform", "band"], sort=False)
    out = g.agg(
        weeks=("p", "size"),
        posts=("p", "sum"),
        customer_interactions=("i", "sum"),
        smer_b=("smer_b", "mean"),
    ).reset_index()
    out["per_post"] = out["customer_interactions"] / out["posts"]
    ratio = weekly.merge(out[["platform", "band", "per_post"]], on=["platform", "band"])
    ratio["e2"] = (ratio["i"] - ratio["per_post"] * ratio["p"]) ** 2
    sums = ratio.groupby(["platform", "band"], sort=False)["e2"].sum()
    e2 = sums.reindex(pd.MultiIndex.from_frame(out[["platform", "band"]])).to_numpy()
    n = out["weeks"].to_numpy(np.float64)
    se = np.sqrt(np.where(n > 1, n / np.maximum(n - 1, 1) * e2, np.nan)) / out["posts"]
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    out["low"] = out["per_post"] - z * se
    out["high"] = out["per_post"] + z * se
    order = {label: i for i, label in enumerate(RHYTHM_BANDS)}
    out["_o"] = out["band"].map(order)
    out = out.sort_values(["platform", "_o"]).drop(columns="_o").reset_index(drop=True)
    for column in ("weeks", "posts", "customer_interactions"):
        out[column] = out[column].astype(np.int64)
    result: pd.DataFrame = out[columns]
    return result


def content_formats(
    ws: Store, *, horizon: int = 12, confidence: float = CONFIDENCE
) -> ContentResult:
    """Formats (reach, SMER-B, repurchase against comparable customers) and posting rhythm."""
    count = ws.table("social_posts").count().to_pandas()
    if not int(count):
        raise ContentError(
            "no social media posts: import social_posts (with their format in kind) and "
            "social_interactions"
        )
    keyed, rows = format_rows(ws)
    formats = _formats(ws, keyed, rows)
    effects, skipped, start, end = _repurchase(ws, rows, formats, horizon, confidence)
    formats = formats.merge(effects, on=["platform", "kind"], how="left")
    return ContentResult(
        formats=formats,
        rhythm=posting_rhythm(ws, confidence),
        active_customers=active_customers(ws),
        window_start=start,
        window_end=end,
        skipped=skipped,
    )
