"""Reply speed and retention: do customers whose message was answered quickly stay longer,
buy more often and spend more — measured on the workspace's own data?

>>> result = reply_speed(ws)                                                # doctest: +SKIP
>>> result.effect(30, "repurchase", "history").value                        # doctest: +SKIP

Source 000 („Social Media ROI von Kundenbindung", citing Convince & Convert) says that replies
within 30 minutes bring **+33 % retention** (:data:`LITERATURE_CLAIM_PERCENT`).  This answer
tests that claim on the customers' own messages and orders.

**The message.**  Every customer's *first message needing a reply*: a complaint
(``complaints``: ``opened_at``, ``first_reply_at``) or a social mention with ``needs_reply``
(``social_mentions``: ``at``, ``first_reply_at``), linked to the customer through its
``customer_id`` or the identities (platform, handle = author).  The earliest by time (a complaint
before a mention at the same instant).  *Reply time* = ``first_reply_at − at`` in minutes of the
clock, not of business hours: the customer waits in clock time, and the literature's 30
minutes are clock minutes (the SMRT of the ``social`` answer counts open minutes when
``business_hours`` is set; this answer does not read that setting).  A reply stamped before
its message is an error of the export: such customers are left out and counted
(``invalid``).

**Bands**: answered within 15 minutes, within 30, within 60 (each band excludes the faster
ones), later, never answered.

**Outcomes** in the :data:`HORIZON_DAYS` (365) days after the message, ``(at, at + 365 days]``:
*retention* = bought again (at least one order), *orders*, *revenue*.  Only customers whose
365 days end by the latest order in the data take part in the outcomes (``complete``).

**History** at the message (what the adjustment weighs on): repeat orders before it (orders
before the message minus the first), months since the last order and since the first, mean
order value, acquisition channel, segment and message kind (complaint or mention: the social
team answers mentions faster than customer care answers complaints, and only engaged customers
write mentions), each category as its own indicators.

**Comparisons** (within ``t`` = 15, 30, 60 minutes against answered later; never answered
left out), with the estimators of the fan comparison (:mod:`bindung.insights.fans`, decision
0006), reused, not re-implemented:

``raw``
    the plain comparison: retention difference in points with Newcombe's interval, orders and
    revenue as the ratio of means from a Poisson GLM with HC1 errors
    (:func:`bindung.insights.fans.raw_effects`);
``history``
    the customers answered fast against those answered later, weighted to look like the fast
    ones on their history (inverse probability weighting for the effect on the fast-answered,
    :func:`bindung.insights.fans.history_effects`).

A comparison needs :data:`MIN_CUSTOMERS` customers on each side; one whose fit does not
converge (separation in a small sample) gives no estimate and is named in ``notes``.

The within-customer estimator of the fan comparison does not apply: the message is a single
event at the start of the outcome window, and the speed of its reply is a property of the
customer's one message, not a state the customer enters and leaves.

Vectorised: one Ibis query (the messages, linked, first per customer) and one join of those
customers' orders aggregated per customer; the comparisons are closed-form fits over one row
per customer with a message.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from bindung.errors import BindungError
from bindung.insights import fans

if TYPE_CHECKING:
    from bindung.store.protocol import Store

#: Source 000 (citing Convince & Convert): replies within 30 minutes → +33 % retention.
LITERATURE_CLAIM_PERCENT = 33.0
LITERATURE_MINUTES = 30
#: The thresholds compared ("answered within t minutes against later").
THRESHOLDS = (15, 30, 60)
#: Days after the message in which retention, orders and revenue are measured.
HORIZON_DAYS = 365
#: Band keys, fastest first.
BANDS = ("15", "30", "60", "later", "never")
KINDS = ("complaint", "mention")
CONFIDENCE = 0.95
#: Customers needed on each side of a comparison (as the fan comparison's weighting needs).
MIN_CUSTOMERS = 10
MONTH_DAYS = 30.4375


class ReplyError(BindungError, ValueError):
    """No message needing a reply is linked to a customer, or none carries a reply time."""


@dataclass(frozen=True)
class ReplyEffect:
    """One comparison: answered within ``minutes`` against later.  ``value`` is a difference
    in points for ``repurchase`` (retention) and a change in percent for orders and revenue;
    ``kind`` is ``"all"``, ``"complaint"`` or ``"mention"``."""

    minutes: int
    kind: str
    outcome: str
    method: str
    value: float
    low: float
    high: float
    fast: int
    later: int
    fast_value: float  # the fast-answered customers' share (%) or mean per customer
    later_value: float  # the comparison's (for "history": weighted to the fast ones' history)


@dataclass
class ReplyResult:
    bands: pd.DataFrame  # band, customers, complete, retained, retention, orders, revenue, ...
    effects: list[ReplyEffect]
    customers: pd.DataFrame = field(default_factory=pd.DataFrame)  # one row per customer
    horizon_days: int = HORIZON_DAYS
    invalid: int = 0  # replies stamped before their message
    incomplete: int = 0  # customers whose outcome window has not ended
    notes: list[str] = field(default_factory=list)  # comparisons that could not be made

    def effect(
        self, minutes: int, outcome: str, method: str, kind: str = "all"
    ) -> ReplyEffect | None:
        for e in self.effects:
            if (e.minutes, e.outcome, e.method, e.kind) == (minutes, outcome, method, kind):
                return e
        return None

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([vars(e) for e in self.effects])


def _messages(ws: Store) -> Any:
    """Ibis: every message needing a reply linked to a customer (customer_id, at,
    first_reply_at, kind)."""
    import ibis

    c = ws.table("complaints")
    complaints = c.select(
        customer_id=c.customer_id.cast("string"),
        at=c.opened_at.cast("timestamp(6)"),
        first_reply_at=c.first_reply_at.cast("timestamp(6)"),
        kind=ibis.literal("complaint"),
    )
    m = ws.table("social_mentions")
    m = m.filter(m.needs_reply.fill_null(False))
    ids = ws.table("identities").select("platform", "handle", id_customer="customer_id")
    j = m.left_join(ids, [m.platform == ids.platform, m.author == ids.handle])
    mentions = j.select(
        customer_id=ibis.coalesce(j.customer_id, j.id_customer).cast("string"),
        at=j.at.cast("timestamp(6)"),
        first_reply_at=j.first_reply_at.cast("timestamp(6)"),
        kind=ibis.literal("mention"),
    )
    both = complaints.union(mentions, distinct=False)
    return both.filter(both.customer_id.notnull() & both.at.notnull())


def first_messages(ws: Store) -> Any:
    """Ibis: per customer the first message needing a reply (by time, a complaint first)."""
    import ibis

    msgs = _messages(ws)
    w = ibis.window(group_by=msgs.customer_id, order_by=[msgs.at, msgs.kind, msgs.first_reply_at])
    ranked = msgs.mutate(rank=ibis.row_number().over(w))
    return ranked.filter(ranked.rank == 0).drop("rank")


def customer_replies(ws: Store, *, horizon_days: int = HORIZON_DAYS) -> pd.DataFrame:
    """One row per customer with a message (no ids): ``kind``, ``delay`` (minutes, NaN: no
    reply), history at the message (``repeat``, ``spent``, ``recency``, ``tenure`` in months,
    ``acquisition_channel``, ``segment``), outcomes (``orders``, ``revenue``) and
    ``complete``."""
    import ibis

    first = first_messages(ws)
    o = ws.table("orders")
    o = o.filter(o.ordered_at.notnull()).select(
        "customer_id", "ordered_at", revenue=o.revenue.cast("float64")
    )
    j = first.left_join(o, "customer_id")
    before = j.ordered_at <= j.at
    after = (j.ordered_at > j.at) & (j.ordered_at <= j.at + ibis.interval(days=horizon_days))
    per = j.group_by(["customer_id", "at", "first_reply_at", "kind"]).aggregate(
        n_before=j.ordered_at.count(where=before),
        spent=j.revenue.sum(where=before),
        first_at=j.ordered_at.min(),
        last_before=j.ordered_at.max(where=before),
        orders=j.ordered_at.count(where=after),
        revenue=j.revenue.sum(where=after),
    )
    cust = ws.table("customers").select("customer_id", "acquisition_channel", "segment")
    per = per.left_join(cust, "customer_id")
    latest = ws.table("orders").ordered_at.max().as_scalar()
    per = per.mutate(
        complete=(per.at + ibis.interval(days=horizon_days)) <= latest,
        delay=(per.first_reply_at.epoch_seconds() - per.at.epoch_seconds()) / 60.0,
        recency=(per.at.epoch_seconds() - per.last_before.epoch_seconds()) / 86400.0,
        tenure=(per.at.epoch_seconds() - per.first_at.epoch_seconds()) / 86400.0,
    )
    frame: pd.DataFrame = per.select(
        "kind",
        "delay",
        "n_before",
        "spent",
        "recency",
        "tenure",
        "acquisition_channel",
        "segment",
        "orders",
        "revenue",
        "complete",
    ).to_pandas()
    frame["orders"] = frame["orders"].fillna(0).astype(np.float64)
    frame["revenue"] = frame["revenue"].fillna(0.0).astype(np.float64)
    frame["spent"] = frame["spent"].fillna(0.0).astype(np.float64)
    frame["n_before"] = frame["n_before"].fillna(0).astype(np.float64)
    # no order before the message: recency and tenure 0 (the history says "new")
    frame["recency"] = (frame["recency"].fillna(0.0).clip(lower=0) / MONTH_DAYS).astype(float)
    frame["tenure"] = (frame["tenure"].fillna(0.0).clip(lower=0) / MONTH_DAYS).astype(float)
    frame["complete"] = frame["complete"].fillna(False).astype(bool)
    return frame


def band_of(delay: pd.Series) -> pd.Series:
    """Band key per reply time in minutes (NaN: never answered)."""
    d = delay.to_numpy(np.float64)
    out = np.select([np.isnan(d), d <= 15, d <= 30, d <= 60], ["never", "15", "30", "60"], "later")
    return pd.Series(out, index=delay.index)


def _bands(frame: pd.DataFrame) -> pd.DataFrame:
    b = frame.assign(band=band_of(frame["delay"]), retained=frame["orders"] > 0)
    done = b[b["complete"]]
    out = pd.DataFrame(index=pd.Index(BANDS, name="band"))
    out["customers"] = b.groupby("band").size()
    out["complaints"] = b[b["kind"] == "complaint"].groupby("band").size()
    out["mentions"] = b[b["kind"] == "mention"].groupby("band").size()
    g = done.groupby("band")
    out["complete"] = g.size()
    out["retained"] = g["retained"].sum()
    out = out.fillna(0).astype("int64")
    out["retention"] = 100.0 * out["retained"] / out["complete"].where(out["complete"] > 0)
    out["orders"] = g["orders"].mean()
    out["revenue"] = g["revenue"].mean()
    return out.reset_index()


def _cohort(frame: pd.DataFrame, fast: pd.Series) -> pd.DataFrame:
    """The frame the fan comparison's estimators read: eng_k 0 (fast) or NEVER (later)."""
    segments = pd.get_dummies(
        frame["segment"].fillna("?").astype(str), prefix="x_segment", drop_first=True
    )
    return pd.DataFrame(
        {
            "eng_k": np.where(fast, 0, fans.NEVER),
            "platform": None,
            "repeat": (frame["n_before"] - 1).clip(lower=0),
            "spent": frame["spent"],
            "recency": frame["recency"],
            "tenure": frame["tenure"],
            "acquisition_channel": frame["acquisition_channel"],
            "x_mention": (frame["kind"] == "mention").astype(np.float64),
            "bought": (frame["orders"] > 0).astype(np.float64),
            "orders": frame["orders"],
            "revenue": frame["revenue"],
        },
        index=frame.index,
    ).join(segments.astype(np.float64))


def _compare(
    frame: pd.DataFrame, minutes: int, kind: str, confidence: float
) -> tuple[list[ReplyEffect], str | None]:
    answered = frame[frame["complete"] & frame["delay"].notna()]
    if kind != "all":
        answered = answered[answered["kind"] == kind]
    fast = answered["delay"] <= minutes
    out: list[ReplyEffect] = []
    n_fast, n_later = int(fast.sum()), int((~fast).sum())
    if min(n_fast, n_later) < MIN_CUSTOMERS:
        return out, (
            f"{minutes} min, {kind}: {n_fast} customers answered fast, {n_later} later "
            f"(at least {MIN_CUSTOMERS} each)"
        )
    c = _cohort(answered, fast)
    from statsmodels.tools import sm_exceptions as sme

    estimates: list[fans.Estimate] = []
    note = None
    for method in (fans.raw_effects, partial(fans.history_effects, w0=1)):
        try:
            with warnings.catch_warnings():
                # a fit that does not converge (separation in a small sample) is no estimate
                for kind_of in (
                    sme.ConvergenceWarning,
                    sme.PerfectSeparationWarning,
                    sme.HessianInversionWarning,
                    RuntimeWarning,
                ):
                    warnings.simplefilter("error", kind_of)
                estimates += method(c, confidence=confidence)
        except (
            fans.FanComparisonError,
            np.linalg.LinAlgError,
            sme.ConvergenceWarning,
            sme.PerfectSeparationWarning,
            sme.HessianInversionWarning,
            RuntimeWarning,
        ) as exc:
            note = f"{minutes} min, {kind}: {exc}"
    for e in estimates:
        if not all(map(math.isfinite, (e.value, e.low, e.high))):
            continue
        out.append(
            ReplyEffect(
                minutes,
                kind,
                e.outcome,
                e.method,
                e.value,
                e.low,
                e.high,
                e.fans,
                e.others,
                e.fans_value,
                e.others_value,
            )
        )
    return out, note


def compare(
    frame: pd.DataFrame, minutes: int, kind: str = "all", confidence: float = CONFIDENCE
) -> list[ReplyEffect]:
    """Answered within ``minutes`` against later (``raw`` and ``history``) over the
    per-customer frame of :func:`customer_replies` (none if the data do not allow it)."""
    return _compare(frame, minutes, kind, confidence)[0]


def reply_speed(
    ws: Store, *, horizon_days: int = HORIZON_DAYS, confidence: float = CONFIDENCE
) -> ReplyResult:
    """Customers by the speed of the first reply to their first message, and the comparisons
    of the module docstring."""
    frame = customer_replies(ws, horizon_days=horizon_days)
    if frame.empty:
        raise ReplyError(
            "no message needing a reply is linked to a customer: import complaints "
            "(bindung import complaints FILE) or social_mentions with needs_reply and "
            "identities that link the authors to customers"
        )
    invalid = frame["delay"] < 0
    frame = frame[~invalid].reset_index(drop=True)
    if frame["delay"].notna().sum() == 0:
        raise ReplyError(
            "no message carries the time of its first reply: import complaints or "
            "social_mentions with a first_reply_at column"
        )
    effects: list[ReplyEffect] = []
    notes: list[str] = []
    for minutes in THRESHOLDS:
        for kind in ("all", *KINDS):
            if kind != "all" and minutes != LITERATURE_MINUTES:
                continue
            found, note = _compare(frame, minutes, kind, confidence)
            effects += found
            if note is not None:
                notes.append(note)
    return ReplyResult(
        bands=_bands(frame),
        effects=effects,
        customers=frame,
        horizon_days=horizon_days,
        invalid=int(invalid.sum()),
        incomplete=int((~frame["complete"]).sum()),
        notes=notes,
    )
