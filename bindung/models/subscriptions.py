"""Contractual retention of subscriptions: survivors by tenure, the sBG fitted to them and
its projection.

>>> frame = survivors(ws.table("subscriptions"), as_of=datetime(2026, 11, 1))  # doctest: +SKIP
>>> model = fit_survival(frame)                                                # doctest: +SKIP
>>> survival_report(model, horizon=24, discount_rate=0.01)                     # doctest: +SKIP

Definitions (:func:`survivors`):

* a *contract* is a customer's unbroken run of subscription rows: rows of one customer that
  overlap or follow each other with a gap of at most :data:`MERGE_GAP` (a plan change ends
  one row and starts the next) are merged into one contract, from the first row's
  ``started_at`` to the last row's ``ended_at`` (open if any merged row is open).  A customer
  who comes back after a longer gap starts a new contract at tenure 0;
* ``as_of`` (naive UTC, like the stored timestamps) is the end of the observation: rows that
  start after it are ignored and ends after it are treated as open (not yet known);
* a contract's *lived periods* is its duration (``ended_at − started_at``) in periods of
  ``period_days``, rounded to the nearest whole number (half up) and at least 1 (the first
  period is paid at sign-up).  Rounding, not a strict ``ended_at >= started_at + t·period``,
  because cancellations take effect at a renewal date and calendar months (28-31 days) do
  not divide into 30-day periods: a monthly contract cancelled at its first renewal after
  31 days has lived 1 period, not 1.03.  An open contract lives on;
* tenure ``t`` is *at risk* for contracts that started at least ``t`` full periods before
  ``as_of`` (``started_at + t·period <= as_of``), and *alive* at ``t`` if it is at risk and
  has lived more than ``t`` periods, i.e. is still active after ``t`` periods (has renewed
  ``t`` times; FH 2007's S(t) = P(T > t), so every contract is alive at tenure 0);
  ``survival = alive / at_risk``;
* ``alive_before`` counts the contracts at risk at ``t`` alive at ``t − 1``, so
  ``alive / alive_before`` is the retention rate at tenure ``t`` among contracts observed long
  enough, and ``survival_km`` is their product (the Kaplan-Meier, product-limit estimate, which
  uses every contract's exposure and is non-increasing, unlike ``survival``).

Computed with pandas on the fetched table (a subscriptions table is small).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, overload

import numpy as np
import pandas as pd

from bindung.metrics.periods import require_naive_utc
from bindung.models.errors import InsufficientDataError, ModelInputError
from bindung.models.sbg import ShiftedBetaGeometricModel

#: Rows of one customer at most this far apart belong to one contract.
MERGE_GAP = timedelta(days=1)

COLUMNS = ("tenure", "at_risk", "alive", "alive_before", "survival", "survival_km")
REPORT_COLUMNS = ("tenure", "survival", "retention_rate", "derl")


def survivors(subscriptions: Any, *, period_days: int = 30, as_of: datetime) -> pd.DataFrame:
    """Contracts at risk and alive at each tenure ``0..T`` (``T`` the longest tenure any
    contract could have reached by ``as_of``), with the columns of :data:`COLUMNS`; see the
    module docstring for the definitions.

    ``subscriptions`` is an Ibis table (e.g. ``ws.table("subscriptions")``) or a pandas frame
    with ``customer_id``, ``started_at`` and ``ended_at`` (naive UTC, ``ended_at`` null while
    active).  Raises :class:`InsufficientDataError` without any subscription before ``as_of``.
    """
    cutoff = _naive_utc(as_of)
    if isinstance(period_days, bool) or not isinstance(period_days, int) or period_days <= 0:
        raise ModelInputError(f"period_days: expected a positive whole number, got {period_days!r}")
    contracts = _contracts(_fetch(subscriptions), cutoff)
    if contracts.empty:
        raise InsufficientDataError(
            f"subscriptions: no subscription started on or before as_of {cutoff.isoformat()}; "
            "import subscriptions (or choose a later as_of) to estimate retention"
        )
    start = contracts["start"].to_numpy(np.float64)
    exposure = np.floor((_days(cutoff) - start) / period_days)
    duration = (contracts["end"].to_numpy(np.float64) - start) / period_days
    # an open contract's duration is inf, so it lives on
    lived = np.maximum(np.floor(duration + 0.5), 1)
    tenure = np.arange(int(exposure.max()) + 1)[:, None]
    at_risk_mask = exposure[None, :] >= tenure
    at_risk = at_risk_mask.sum(axis=1)
    alive = (at_risk_mask & (lived[None, :] > tenure)).sum(axis=1)
    alive_before = (at_risk_mask & (lived[None, :] > tenure - 1)).sum(axis=1)
    rate = np.where(alive_before > 0, alive / np.maximum(alive_before, 1), np.nan)
    return pd.DataFrame(
        {
            "tenure": tenure[:, 0].astype(np.int64),
            "at_risk": at_risk.astype(np.int64),
            "alive": alive.astype(np.int64),
            "alive_before": alive_before.astype(np.int64),
            "survival": alive / at_risk,
            "survival_km": np.cumprod(rate),
        }
    )


def fit_survival(frame: pd.DataFrame, *, periods: int | None = None) -> ShiftedBetaGeometricModel:
    """The sBG fitted to a :func:`survivors` frame, on tenures ``0..periods`` (default: every
    tenure with contracts alive before it).

    :meth:`ShiftedBetaGeometricModel.fit` takes one cohort's survivors, but contracts start
    at different times and are observed for different tenures.  The fit uses the pseudo-cohort
    ``at_risk[0] · survival_km[t]``: the product-limit survival (which weighs each tenure's
    retention by the contracts observed there) scaled to all contracts.  The approximation
    treats the long tenures as if every contract had been observed that long: the estimates
    follow the product-limit curve, but their standard errors are too small when exposures
    differ much (and later tenures, seen by few contracts, weigh as much as early ones)."""
    missing = [c for c in ("tenure", "at_risk", "survival_km") if c not in frame.columns]
    if missing:
        raise ModelInputError(f"frame: missing column(s) {missing}; pass survivors(...)'s result")
    usable = frame[frame["survival_km"].notna()].sort_values("tenure")
    last = int(usable["tenure"].max()) if len(usable) else -1
    if periods is not None:
        if isinstance(periods, bool) or not isinstance(periods, int) or periods < 2:
            raise ModelInputError(f"periods: expected a whole number >= 2, got {periods!r}")
        if periods > last:
            raise InsufficientDataError(
                f"periods={periods}: contracts are observed up to tenure {last} only; "
                "choose fewer periods"
            )
        last = periods
    usable = usable[usable["tenure"] <= last]
    cohort = float(frame["at_risk"].iloc[0]) * usable["survival_km"].to_numpy(np.float64)
    return ShiftedBetaGeometricModel().fit(cohort)


def survival_report(
    model: ShiftedBetaGeometricModel, *, horizon: int, discount_rate: float
) -> pd.DataFrame:
    """Per tenure ``t = 0..horizon`` (columns :data:`REPORT_COLUMNS`): the projected
    ``survival`` S(t), the ``retention_rate`` r(t) = S(t)/S(t−1) (NaN at t = 0) and ``derl``,
    the discounted expected residual lifetime (in periods, ``discount_rate`` per period) of a
    customer who has renewed ``t`` times, just before her next renewal decision."""
    if isinstance(horizon, bool) or not isinstance(horizon, int) or horizon < 0:
        raise ModelInputError(f"horizon: expected a whole number >= 0, got {horizon!r}")
    tenure = np.arange(horizon + 1, dtype=np.int64)
    retention = np.full(horizon + 1, np.nan)
    if horizon:
        retention[1:] = model.retention_rate(tenure[1:])
    return pd.DataFrame(
        {
            "tenure": tenure,
            "survival": model.survival(tenure),
            "retention_rate": retention,
            "derl": model.derl(discount_rate, tenure),
        }
    )


def _fetch(subscriptions: Any) -> pd.DataFrame:
    columns = ["customer_id", "started_at", "ended_at"]
    if isinstance(subscriptions, pd.DataFrame):
        frame = subscriptions
    else:
        frame = subscriptions.select(*columns).to_pandas()
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ModelInputError(f"subscriptions: missing column(s) {missing}")
    out = frame[columns]
    if out["started_at"].isna().any():
        raise ModelInputError("subscriptions: started_at must not be null")
    return out


def _contracts(frame: pd.DataFrame, cutoff: datetime) -> pd.DataFrame:
    """One row per contract: customer_id, start and end in days since 1970 (end inf while
    open as of ``cutoff``); see the module docstring."""
    rows = pd.DataFrame(
        {
            "customer_id": frame["customer_id"].to_numpy(),
            "start": _days(frame["started_at"]),
            "end": _days(frame["ended_at"]),
        }
    )
    limit = _days(cutoff)
    rows = rows[rows["start"] <= limit].copy()
    if (rows["end"] < rows["start"]).any():
        raise ModelInputError("subscriptions: ended_at lies before started_at in some rows")
    rows.loc[rows["end"].isna() | (rows["end"] > limit), "end"] = np.inf
    rows = rows.sort_values(["customer_id", "start"], kind="stable")
    reach = rows.groupby("customer_id", sort=False)["end"].cummax()
    previous = reach.groupby(rows["customer_id"], sort=False).shift()
    gap = MERGE_GAP / timedelta(days=1)
    rows["contract"] = (previous.isna() | (rows["start"] > previous + gap)).cumsum()
    grouped = rows.groupby("contract", sort=True)
    return pd.DataFrame(
        {
            "customer_id": grouped["customer_id"].first(),
            "start": grouped["start"].min(),
            "end": grouped["end"].max(),
        }
    ).reset_index(drop=True)


@overload
def _days(value: datetime) -> float: ...
@overload
def _days(value: pd.Series) -> Any: ...
def _days(value: datetime | pd.Series) -> Any:
    """Days since 1970-01-01 (NaN for null timestamps)."""
    epoch = pd.Timestamp("1970-01-01")
    if isinstance(value, datetime):
        return (pd.Timestamp(value) - epoch) / pd.Timedelta(days=1)
    stamps = pd.to_datetime(value)
    return ((stamps - epoch) / pd.Timedelta(days=1)).to_numpy(np.float64)


def _naive_utc(value: datetime) -> datetime:
    return require_naive_utc(value, ModelInputError, "the subscriptions' timestamps are naive UTC")
