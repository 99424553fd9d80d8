"""Loyalty programmes and referrals, from ``loyalty_events`` (kinds enroll, earn, redeem, tier,
referral).

>>> programme_summary(ws)                                                # doctest: +SKIP
>>> referral_value(ws).ratio                                             # doctest: +SKIP

**Programme figures** (:func:`programme_summary`, per ``program``; the last 12 months are the
365 days up to the last event of the table):

* ``members`` — customers with an ``enroll`` event; ``new_members_12m`` — enrolled in the
  last 12 months; ``active_members_12m`` — members who earned or redeemed points in them;
* ``points_earned`` — points of ``enroll``, ``earn`` and ``referral`` events (bonuses
  included); ``points_redeemed`` — the absolute points of ``redeem`` events;
* ``breakage`` = 1 − redeemed / earned, as a percentage: the share of points issued that were
  not (yet) redeemed — an upper bound of the true breakage while points can still be redeemed;
* ``tier_changes`` — ``tier`` events; ``referrals`` — ``referral`` events.

**Referrals** (:func:`referral_value`).  Referred customers are those acquired through a
referral: named as ``referred_customer_id`` of a referral event, or with an acquisition channel
that names a referral (:data:`REFERRAL_CHANNELS`).  Their mean predicted CLV (12 months,
BG/NBD × Gamma-Gamma; :mod:`bindung.models.workflow`) against everybody else's, as a ratio with
a 95 % interval from Welch's t interval on the difference (``scipy.stats.ttest_ind``,
``equal_var=False``) divided by the others' mean (their sampling error is ignored there; it is
small with thousands of customers).  This is the raw comparison source 003 makes ("referred
customers are worth 37 % more"); referred customers may differ in other ways too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import stats  # type: ignore[import-untyped]

from bindung.errors import BindungError

if TYPE_CHECKING:
    from bindung.store.protocol import Store

#: Acquisition channels that mean "came through a referral" (compared case-insensitively).
REFERRAL_CHANNELS = ("empfehlung", "referral", "weiterempfehlung", "referrals")
#: The claim of source 003: referred customers have a 37 % higher CLV.
LITERATURE_REFERRAL_PERCENT = 37.0
EARNING = ("enroll", "earn", "referral")


def programme_summary(ws: Store) -> pd.DataFrame:
    """One row per programme (see the module docstring); one aggregate query per figure
    group, not the events in pandas."""
    import ibis

    t = ws.table("loyalty_events")
    columns = [
        "program",
        "members",
        "new_members_12m",
        "active_members_12m",
        "points_earned",
        "points_redeemed",
        "breakage",
        "tier_changes",
        "referrals",
    ]
    last = t.at.max().to_pandas()
    if last is None or pd.isna(last):
        return pd.DataFrame(columns=columns)
    since = ibis.literal(pd.Timestamp(last) - pd.Timedelta(days=365), type="timestamp")
    e = t.mutate(program=ibis.coalesce(t.program.cast("string"), ""), points=t.points.fill_null(0))
    enrolled = e.kind == "enroll"
    recent = e.at > since
    figures = e.group_by("program").aggregate(
        members=e.customer_id.nunique(where=enrolled),
        new_members_12m=e.customer_id.nunique(where=enrolled & recent),
        points_earned=e.points.sum(where=e.kind.isin(EARNING)),
        points_redeemed=e.points.abs().sum(where=e.kind == "redeem"),
        tier_changes=(e.kind == "tier").sum(),
        referrals=(e.kind == "referral").sum(),
    )
    members = e.filter(enrolled).select("program", "customer_id").distinct()
    moving = e.filter(e.kind.isin(("earn", "redeem")) & recent)
    moving = moving.semi_join(members, ["program", "customer_id"])
    active = moving.group_by("program").aggregate(active_members_12m=moving.customer_id.nunique())
    frame = figures.to_pandas().merge(active.to_pandas(), on="program", how="left")
    frame = frame.sort_values("program", kind="stable").reset_index(drop=True)
    for name in ("members", "new_members_12m", "active_members_12m", "tier_changes", "referrals"):
        frame[name] = frame[name].fillna(0).astype(int)
    for name in ("points_earned", "points_redeemed"):
        frame[name] = frame[name].fillna(0).astype(float)
    earned, redeemed = frame["points_earned"], frame["points_redeemed"]
    frame["breakage"] = np.where(
        earned > 0, 100 * (1 - redeemed / earned.where(earned > 0)), np.nan
    )
    out: pd.DataFrame = frame[columns]
    return out


@dataclass(frozen=True)
class ReferralValue:
    referred: int
    others: int
    clv_referred: float
    clv_others: float
    ratio: float  # referred / others
    low: float
    high: float
    p_value: float
    clv_variant: str

    @property
    def percent(self) -> float:
        return (self.ratio - 1) * 100


def referred_customers(ws: Store) -> set[str]:
    events = ws.table("loyalty_events")
    named = (
        events.filter(events.referred_customer_id.notnull())
        .select("referred_customer_id")
        .distinct()
        .to_pandas()["referred_customer_id"]
    )
    customers = ws.table("customers").select("customer_id", "acquisition_channel").to_pandas()
    channel = customers["acquisition_channel"].fillna("").astype(str).str.strip().str.lower()
    by_channel = customers.loc[channel.isin(REFERRAL_CHANNELS), "customer_id"]
    return {str(c) for c in named} | {str(c) for c in by_channel}


def referral_value(ws: Store, *, confidence: float = 0.95) -> ReferralValue:
    """Mean predicted CLV of referred customers against the others (module docstring)."""
    from bindung.models import workflow

    referred = referred_customers(ws)
    if not referred:
        raise BindungError(
            "no referred customers: import loyalty_events with referral events naming the "
            "referred customer, or customers with the acquisition channel 'Empfehlung'"
        )
    try:
        fit = workflow.current(ws)
        values = workflow.customer_values(ws, fit, as_of=workflow.last_order_day(ws))
        clv = values.set_index("customer_id")["clv"].astype(float)
        variant = "predicted"
    except BindungError:
        orders = ws.table("orders")
        frame = orders.group_by("customer_id").aggregate(r=orders.revenue.sum()).to_pandas()
        clv = frame.set_index("customer_id")["r"].astype(float) * float(ws.settings.margin)
        variant = "historical"
    is_ref = clv.index.astype(str).isin(list(referred))
    a, b = clv[is_ref].to_numpy(), clv[~is_ref].to_numpy()
    if len(a) < 2 or len(b) < 2:
        raise BindungError("too few referred or other customers with orders to compare")
    test = stats.ttest_ind(a, b, equal_var=False)
    ci = test.confidence_interval(confidence_level=confidence)
    mean_b = float(np.mean(b))
    return ReferralValue(
        referred=len(a),
        others=len(b),
        clv_referred=float(np.mean(a)),
        clv_others=mean_b,
        ratio=float(np.mean(a)) / mean_b,
        low=1 + float(ci.low) / mean_b,
        high=1 + float(ci.high) / mean_b,
        p_value=float(test.pvalue),
        clv_variant=variant,
    )
