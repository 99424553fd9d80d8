"""E-mail campaigns as a touchpoint: do recipients buy more after a campaign than they would have?

>>> effects = campaign_effects(ws)                                          # doctest: +SKIP
>>> effects[0].share_pp, effects[0].share_low, effects[0].share_high

Tables ``campaigns`` (one row per campaign, its send time ``T``) and ``campaign_recipients``
(one row per customer sent the campaign, or held out from it: ``holdout = true``).

**Outcomes** per customer, in the window ``[T, T + N days)`` (``N`` = ``window_days``,
default :data:`WINDOW_DAYS` = 30; ``T`` is the campaign's ``sent_at`` for everyone, so the
holdout group, which was sent nothing, has the same window): *bought* (an order in the window;
0/1) and *revenue* (order revenue in the window, returns not netted).  Recipients are the
customers sent the campaign (``holdout`` false); the *share buying* is bought recipients /
recipients × 100.  Source 002 names e-mail campaigns a retention measure; source 004: measure
the effect of every measure.

**1. Against the holdout group** (when the campaign has holdout rows: a random part of the
audience that was not sent the campaign).  An A/B test: the difference of the shares (points)
with Newcombe's hybrid-score interval and the pooled z-test, the difference of revenue per
customer with Welch's interval (:func:`bindung.insights.experiments.share_difference`,
:func:`~bindung.insights.experiments.mean_difference`; Newcombe 1998, Welch 1947).

**2. Against comparable non-recipients** (no holdout).  Coarsened exact matching (Iacus, King
& Porro 2012), as the loyalty comparison (:mod:`bindung.insights.members`) does it, on days:
customers with an order before ``T`` and no row in the campaign are comparable with a recipient
when they agree, at ``T``, on

* orders in the 365 days before ``T``: 0, 1, 2, 3, 4–5, 6–8, 9–12, 13+ (:data:`ORDER_BINS`),
* days since the last order: 1–30, 31–91, 92–182, 183–364, 365+ (:data:`RECENCY_DAYS`),
* days since the first order: 0–30, 31–91, 92–182, 183–364, 365–729, 730+
  (:data:`TENURE_DAYS`).

With ``n_s`` recipients and ``m_s ≥ 1`` non-recipients in stratum ``s`` and ``N = Σ n_s``
(recipients without comparable customers, or without an order before ``T``, are left out and
counted as ``unmatched``), the effect on the recipients is the weighted difference

    d = Σ_s (n_s / N) · (ȳ_T,s − ȳ_C,s),   Var(d) = Σ_s (n_s / N)² · (s²_T,s / n_s + s²_C,s / m_s)

(``s²`` the sample variance, 0 for a group of one) with the normal interval ``d ± z · √Var``
and its two-sided p-value, for *bought* (in points) and *revenue* alike.

**The matched difference is an upper bound**, not an effect: who gets a newsletter is not
random.  Subscribers chose to subscribe (and the shop chose whom to mail), and among
customers with the same orders, recency and tenure the subscribers are still the keener
buyers; part of their extra buying would have happened without the e-mail.  Only a holdout
measures the effect; plan one (10 % of the audience is enough for a large list).

Incremental buyers = recipients × difference in the share buying / 100 (the ``campaign`` kind
of the ROI per measure, :mod:`bindung.insights.measures`).  A window not yet over at the end of
the data (a day after the last order) is computed as it stands and flagged ``complete = False``.

Vectorised: the orders are read once; per campaign one pass of numpy over them
(``bincount`` per customer) and one pandas ``groupby`` over the strata.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats  # type: ignore[import-untyped]

from bindung.errors import BindungError
from bindung.insights.experiments import mean_difference, share_difference
from bindung.insights.members import ORDER_BINS

if TYPE_CHECKING:
    from bindung.store.protocol import Store

#: Days after sending in which a recipient's order counts.
WINDOW_DAYS = 30
#: Days before sending that describe a customer's recent orders.
LOOKBACK_DAYS = 365
#: Lower bounds (days) of the recency and tenure strata.
RECENCY_DAYS = (0, 31, 92, 183, 365)
TENURE_DAYS = (0, 31, 92, 183, 365, 730)
CONFIDENCE = 0.95
HOLDOUT = "holdout"
MATCHED = "matched"
DAY_NS = 86_400 * 10**9

Array = npt.NDArray[np.float64]


class CampaignError(BindungError):
    """No campaigns imported, or an unknown campaign."""


@dataclass(frozen=True)
class CampaignEffect:
    """One campaign: its recipients against the holdout or matched non-recipients.

    Shares in percent, differences of shares in points, revenue per customer in money.
    ``basis`` is :data:`HOLDOUT` or :data:`MATCHED` (an upper bound, see the module)."""

    campaign_id: str
    name: str
    sent_at: datetime  # UTC, naive
    window_days: int
    basis: str
    recipients: int  # sent the campaign (matched ones only for the matched basis)
    comparison: int  # holdout customers, or matched non-recipients
    unmatched: int  # recipients left out of the matched comparison
    opened: int
    clicked: int
    share_recipients: float
    share_comparison: float
    share_pp: float
    share_low: float
    share_high: float
    share_p: float
    revenue_recipients: float
    revenue_comparison: float
    revenue_diff: float
    revenue_low: float
    revenue_high: float
    revenue_p: float
    cost: float | None
    complete: bool

    @property
    def incremental_buyers(self) -> float:
        """Recipients × the difference in the share buying."""
        return self.recipients * self.share_pp / 100.0


@dataclass(frozen=True)
class _Orders:
    """Every order as arrays: customer code, time (ns since the epoch, sorted) and revenue."""

    code: npt.NDArray[np.intp]
    at: npt.NDArray[np.int64]
    revenue: Array
    ids: pd.Index
    first: npt.NDArray[np.int64]  # per customer code: first order (ns); max int64 if none


def _orders(ws: Store, extra_ids: pd.Index) -> _Orders:
    o = ws.table("orders")
    frame = o.select("customer_id", "ordered_at", revenue=o.revenue.cast("float64")).to_pandas()
    frame = frame.dropna(subset=["ordered_at"]).sort_values("ordered_at", kind="stable")
    codes, ids = pd.factorize(pd.concat([frame["customer_id"], pd.Series(extra_ids)]))
    code = np.asarray(codes[: len(frame)], dtype=np.intp)
    at = pd.to_datetime(frame["ordered_at"]).to_numpy("datetime64[ns]").view(np.int64)
    first = np.full(len(ids), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, code, at)
    revenue = frame["revenue"].fillna(0.0).to_numpy(np.float64)
    return _Orders(code, at, revenue, pd.Index(ids), first)


def _window(orders: _Orders, lo: int, hi: int) -> tuple[Array, Array]:
    """Per customer code: orders and revenue in ``[lo, hi)`` (ns)."""
    a, b = np.searchsorted(orders.at, [lo, hi], side="left")
    n = len(orders.ids)
    code = orders.code[a:b]
    count = np.bincount(code, minlength=n).astype(np.float64)
    money = np.bincount(code, weights=orders.revenue[a:b], minlength=n).astype(np.float64)
    return count, money


def _last_before(orders: _Orders, t: int) -> npt.NDArray[np.int64]:
    """Per customer code: the time of the last order before ``t`` (ns; −1 when none)."""
    b = int(np.searchsorted(orders.at, t, side="left"))
    last = np.full(len(orders.ids), -1, dtype=np.int64)
    np.maximum.at(last, orders.code[:b], orders.at[:b])
    return last


def _strata(orders: _Orders, t: int) -> npt.NDArray[np.int64]:
    """Per customer code the stratum at ``t`` (module docstring); −1: no order before ``t``."""
    before, _ = _window(orders, t - LOOKBACK_DAYS * DAY_NS, t)
    last = _last_before(orders, t)
    seen = last >= 0
    recency = (t - last) // DAY_NS
    tenure = (t - np.where(seen, orders.first, t)) // DAY_NS
    o = np.searchsorted(ORDER_BINS, before, side="right") - 1
    r = np.searchsorted(RECENCY_DAYS, recency, side="right") - 1
    k = np.searchsorted(TENURE_DAYS, tenure, side="right") - 1
    stratum = (o * len(RECENCY_DAYS) + r) * len(TENURE_DAYS) + k
    return np.where(seen, stratum, -1).astype(np.int64)


def _stratified(
    stratum: npt.NDArray[np.int64],
    treated: npt.NDArray[np.bool_],
    y: Array,
    confidence: float,
) -> tuple[float, float, float, float, float, float, int, int]:
    """Weighted difference over strata with comparisons (module docstring): treated mean,
    control mean (weighted as the treated), difference, low, high, p, treated and controls
    counted."""
    frame = pd.DataFrame({"s": stratum, "t": treated, "y": y})
    g = frame.groupby(["s", "t"])["y"].agg(["size", "mean", "var"]).unstack("t")
    if True not in g["size"].columns or False not in g["size"].columns:
        return (math.nan,) * 6 + (0, 0)  # type: ignore[return-value]
    g = g[g[("size", True)].notna() & g[("size", False)].notna()]
    if g.empty:
        return (math.nan,) * 6 + (0, 0)  # type: ignore[return-value]
    n = g[("size", True)].to_numpy(np.float64)
    m = g[("size", False)].to_numpy(np.float64)
    w = n / n.sum()
    mt, mc = g[("mean", True)].to_numpy(np.float64), g[("mean", False)].to_numpy(np.float64)
    vt = np.nan_to_num(g[("var", True)].to_numpy(np.float64))
    vc = np.nan_to_num(g[("var", False)].to_numpy(np.float64))
    d = float(np.sum(w * (mt - mc)))
    se = math.sqrt(float(np.sum(w**2 * (vt / n + vc / m))))
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    p = float(2 * stats.norm.sf(abs(d) / se)) if se > 0 else math.nan
    low, high = (d - z * se, d + z * se) if se > 0 else (math.nan, math.nan)
    return float(np.sum(w * mt)), float(np.sum(w * mc)), d, low, high, p, int(n.sum()), int(m.sum())


def campaigns(ws: Store) -> pd.DataFrame:
    """The campaigns table (campaign_id, name, sent_at, cost), by sending time."""
    c = ws.table("campaigns").to_pandas()
    out: pd.DataFrame = c.sort_values(["sent_at", "campaign_id"]).reset_index(drop=True)
    return out


def campaign_effects(
    ws: Store,
    *,
    window_days: int = WINDOW_DAYS,
    confidence: float = CONFIDENCE,
    only: str | None = None,
) -> list[CampaignEffect]:
    """Every campaign with recipients (or campaign ``only``), by sending time."""
    if window_days <= 0:
        raise CampaignError(f"window_days {window_days}: expected a positive number of days")
    camps = campaigns(ws)
    if only is not None:
        if only not in set(camps["campaign_id"]):
            known = ", ".join(camps["campaign_id"]) or "none (import campaigns first)"
            raise CampaignError(f"campaign {only!r} not found; known campaigns: {known}")
        camps = camps[camps["campaign_id"] == only]
    r = ws.table("campaign_recipients")
    rec = r.select("campaign_id", "customer_id", "holdout", "opened_at", "clicked_at").to_pandas()
    if camps.empty or rec.empty:
        raise CampaignError(
            "no campaigns with recipients: import campaigns and campaign_recipients "
            "(bindung import campaigns FILE; bindung import campaign_recipients FILE)"
        )
    orders = _orders(ws, pd.Index(rec["customer_id"].unique()))
    end = int(orders.at[-1]) + DAY_NS if len(orders.at) else 0
    rec["code"] = orders.ids.get_indexer(pd.Index(rec["customer_id"]))
    rec["holdout"] = rec["holdout"].fillna(False).astype(bool)
    out = []
    for row in camps.to_dict("records"):
        mine = rec[rec["campaign_id"] == row["campaign_id"]]
        if mine.empty:
            continue
        t = int(pd.Timestamp(row["sent_at"]).value)
        hi = t + window_days * DAY_NS
        count, money = _window(orders, t, hi)
        bought = (count > 0).astype(np.float64)
        sent = mine[~mine["holdout"]]
        code = sent["code"].to_numpy(np.intp)
        held = mine.loc[mine["holdout"], "code"].to_numpy(np.intp)
        common = {
            "campaign_id": str(row["campaign_id"]),
            "name": str(row["name"]),
            "sent_at": pd.Timestamp(row["sent_at"]).to_pydatetime(),
            "window_days": window_days,
            "opened": int(sent["opened_at"].notna().sum()),
            "clicked": int(sent["clicked_at"].notna().sum()),
            "cost": None if pd.isna(row["cost"]) else float(row["cost"]),
            "complete": hi <= end,
        }
        if len(held) and len(code):
            x1, x0 = int(bought[code].sum()), int(bought[held].sum())
            d, low, high, p = share_difference(x1, len(code), x0, len(held), confidence=confidence)
            rd, rlow, rhigh, rp = mean_difference(money[code], money[held], confidence=confidence)
            out.append(
                CampaignEffect(
                    basis=HOLDOUT,
                    recipients=len(code),
                    comparison=len(held),
                    unmatched=0,
                    share_recipients=100.0 * x1 / len(code),
                    share_comparison=100.0 * x0 / len(held),
                    share_pp=d,
                    share_low=low,
                    share_high=high,
                    share_p=p,
                    revenue_recipients=float(money[code].mean()),
                    revenue_comparison=float(money[held].mean()),
                    revenue_diff=rd,
                    revenue_low=rlow,
                    revenue_high=rhigh,
                    revenue_p=rp,
                    **common,  # type: ignore[arg-type]
                )
            )
            continue
        stratum = _strata(orders, t)
        treated = np.zeros(len(orders.ids), dtype=bool)
        treated[code] = True
        excluded = np.zeros(len(orders.ids), dtype=bool)
        excluded[mine["code"].to_numpy(np.intp)] = True  # in the campaign: never a control
        pool = (stratum >= 0) & (treated | ~excluded)
        s, tr = stratum[pool], treated[pool]
        st, sc, d, low, high, p, n_t, n_c = _stratified(s, tr, 100.0 * bought[pool], confidence)
        rt, rc, rd, rlow, rhigh, rp, _, _ = _stratified(s, tr, money[pool], confidence)
        out.append(
            CampaignEffect(
                basis=MATCHED,
                recipients=n_t,
                comparison=n_c,
                unmatched=len(code) - n_t,
                share_recipients=st,
                share_comparison=sc,
                share_pp=d,
                share_low=low,
                share_high=high,
                share_p=p,
                revenue_recipients=rt,
                revenue_comparison=rc,
                revenue_diff=rd,
                revenue_low=rlow,
                revenue_high=rhigh,
                revenue_p=rp,
                **common,  # type: ignore[arg-type]
            )
        )
    if not out:
        raise CampaignError("no campaign has recipients: import campaign_recipients")
    return out


def buyers_of(
    ws: Store, effect: CampaignEffect, recipients: pd.DataFrame | None = None
) -> pd.Series:
    """The customer ids of the recipients (not held out) of ``effect`` with an order in its
    window — whose mean CLV values the campaign's incremental buyers."""
    r = ws.table("campaign_recipients")
    if recipients is None:
        recipients = (
            r.filter(r.campaign_id == effect.campaign_id)
            .select("customer_id", "holdout")
            .to_pandas()
        )
    ids = recipients.loc[~recipients["holdout"].fillna(False).astype(bool), "customer_id"]
    t = pd.Timestamp(effect.sent_at)
    hi = t + pd.Timedelta(days=effect.window_days)
    o = ws.table("orders")
    inside = (
        o.filter((o.ordered_at >= t.to_pydatetime()) & (o.ordered_at < hi.to_pydatetime()))
        .select("customer_id")
        .distinct()
        .to_pandas()["customer_id"]
    )
    out: pd.Series = ids[ids.isin(set(inside))].reset_index(drop=True)
    return out
