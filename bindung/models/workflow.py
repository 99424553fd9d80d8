"""Fitting the CLV models on a workspace, storing them, and using them.

``fit`` builds the per-customer summary from the workspace's orders (calibration up to a date,
optionally a holdout after it), fits a purchase model (BG/NBD or Pareto/NBD) and Gamma-Gamma
for spend, and stores both in the table ``bindung_models`` as JSON with the workspace's data
version.  ``load`` returns the stored fit; the report layer reuses it while the data version is
unchanged instead of refitting.  ``evaluate`` compares the holdout purchases predicted for each
frequency group with the actual ones; ``customer_values`` gives each customer's probability
alive, expected purchases, expected spend and predicted CLV.
"""

from __future__ import annotations

import json
import math
import warnings
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from bindung.errors import BindungError
from bindung.i18n import t
from bindung.metrics.periods import to_local_day
from bindung.models import base, inputs
from bindung.models.bgnbd import BetaGeoModel
from bindung.models.clv import discounted_expected_purchases
from bindung.models.errors import ModelError, ModelWarning
from bindung.models.gammagamma import GammaGammaModel
from bindung.models.paretonbd import ParetoNBDModel
from bindung.models.summary import DAYS_PER_UNIT, Unit, rfm_summaries, rfm_summary
from bindung.store.protocol import shared

if TYPE_CHECKING:
    from bindung.store.protocol import Store

PURCHASE_MODELS: dict[str, type[BetaGeoModel] | type[ParetoNBDModel]] = {
    "bgnbd": BetaGeoModel,
    "paretonbd": ParetoNBDModel,
}
#: Fewer repeat buyers than this and a fit is refused (the estimates would be noise).
MIN_REPEAT_CUSTOMERS = 20


@dataclass
class ClvFit:
    """A stored (or just fitted) pair of models and how they were fitted."""

    purchases: Any
    spend: GammaGammaModel | None
    unit: Unit
    calibration_end: date
    holdout_end: date | None
    data_version: str
    fitted_at: datetime
    customers: int = 0
    repeat_customers: int = 0
    warnings: list[str] = field(default_factory=list)

    def options(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "calibration_end": self.calibration_end.isoformat(),
            "holdout_end": self.holdout_end.isoformat() if self.holdout_end else None,
            "customers": self.customers,
            "repeat_customers": self.repeat_customers,
            "warnings": self.warnings,
        }


def last_order_day(ws: Store) -> date:
    """The local calendar day of the workspace's last order."""
    orders = ws.table("orders")
    last = orders.ordered_at.max().to_pandas()
    if last is None or pd.isna(last):
        raise BindungError(t("clv_no_orders", ws.settings.lang))
    return to_local_day(pd.Timestamp(last).to_pydatetime(), ws.settings.timezone)


#: Days back at which the customer table compares each customer's P(alive) with today's
#: (:func:`bindung.insights.customers.customer_table`).
TREND_DAYS = 90


def _summary_key(ws: Store, end: date, holdout_end: date | None, unit: Unit) -> tuple[Any, ...]:
    return ("rfm_summary", end, holdout_end, unit, ws.settings.timezone)


def _prefetch_summaries(ws: Store, end: date, unit: Unit) -> None:
    """Within a refresh: the summaries as of ``end`` and :data:`TREND_DAYS` before it (what the
    fit and the customer values read) from one pass over the orders
    (:func:`bindung.models.summary.rfm_summaries`), into the refresh's memo."""
    memo = getattr(ws, "memo", None)
    if memo is None or ws.remote:
        return
    ends = [end, end - timedelta(days=TREND_DAYS)]
    keys = [_summary_key(ws, e, None, unit) for e in ends]
    if all(k in memo for k in keys):
        return
    exprs = rfm_summaries(
        ws.table("orders"), calibration_ends=ends, unit=unit, timezone=ws.settings.timezone
    )
    for key, expr in zip(keys, exprs, strict=True):
        if key not in memo:
            memo[key] = expr.to_pandas()


def summary(
    ws: Store, *, calibration_end: date, holdout_end: date | None = None, unit: Unit = "weeks"
) -> pd.DataFrame:
    """The per-customer summary (see :func:`bindung.models.summary.rfm_summary`) as pandas (a
    copy of the one made once per refresh: the fit and the customer values read the same)."""

    def make() -> pd.DataFrame:
        expr = rfm_summary(
            ws.table("orders"),
            calibration_end=calibration_end,
            holdout_end=holdout_end,
            unit=unit,
            timezone=ws.settings.timezone,
        )
        frame: pd.DataFrame = expr.to_pandas()
        return frame

    key = _summary_key(ws, calibration_end, holdout_end, unit)
    return shared(ws, key, make).copy()


def fit(
    ws: Store,
    *,
    model: str = "bgnbd",
    holdout: date | None = None,
    unit: Unit = "weeks",
    store: bool = True,
) -> ClvFit:
    """Fit the purchase model and Gamma-Gamma; with ``holdout`` the calibration ends on that
    day and the rest of the data is kept for :func:`evaluate`."""
    if model not in PURCHASE_MODELS:
        raise BindungError(f"--model {model!r}: expected one of {', '.join(PURCHASE_MODELS)}")
    last = last_order_day(ws)
    if holdout is not None and holdout >= last:
        raise BindungError(t("clv_holdout_late", ws.settings.lang, holdout=holdout, last=last))
    calibration_end = holdout or last
    holdout_end = last if holdout is not None else None
    if holdout is None:
        _prefetch_summaries(ws, calibration_end, unit)
    table = summary(ws, calibration_end=calibration_end, holdout_end=holdout_end, unit=unit)
    repeaters = int((table["frequency"] > 0).sum())
    if repeaters < MIN_REPEAT_CUSTOMERS:
        raise BindungError(
            t(
                "clv_few_repeaters",
                ws.settings.lang,
                n=repeaters,
                end=calibration_end,
                minimum=MIN_REPEAT_CUSTOMERS,
            )
        )
    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ModelWarning)
        purchases = PURCHASE_MODELS[model]().fit(table)
        spend: GammaGammaModel | None
        free = _free_repeaters(table)
        if free.any():
            notes.append(
                f"{int(free.sum())} customers whose repeat purchases were all free (spend 0) "
                "are left out of the spend model and valued at the average spend"
            )
        try:
            spend = GammaGammaModel().fit(table[~free])
        except ModelError as exc:
            spend = None
            notes.append(f"Gamma-Gamma not fitted: {exc}; CLV uses the mean order value")
    notes += [str(w.message) for w in caught if issubclass(w.category, ModelWarning)]
    result = ClvFit(
        purchases=purchases,
        spend=spend,
        unit=unit,
        calibration_end=calibration_end,
        holdout_end=holdout_end,
        data_version=ws.data_version(),
        fitted_at=datetime.now(UTC).replace(tzinfo=None, microsecond=0),
        customers=len(table),
        repeat_customers=repeaters,
        warnings=notes,
    )
    if store:
        save(ws, result)
    return result


def _free_repeaters(table: pd.DataFrame) -> pd.Series:
    """Repeat customers whose repeat purchases had no value (Gamma-Gamma needs spend > 0)."""
    free: pd.Series = (table["frequency"] > 0) & (table["monetary"] <= 0)
    return free


def save(ws: Store, result: ClvFit) -> None:
    """Replace the stored models by ``result`` (one transaction)."""
    rows = [("purchases", result.purchases)]
    if result.spend is not None:
        rows.append(("spend", result.spend))
    con = ws.con
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM bindung_models")
        for role, m in rows:
            con.execute(
                "INSERT INTO bindung_models VALUES (?, ?, ?, ?, ?, ?)",
                [
                    role,
                    m.name,
                    json.dumps(m.to_dict()),
                    json.dumps(result.options()),
                    result.data_version,
                    result.fitted_at,
                ],
            )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def load(ws: Store) -> ClvFit | None:
    """The stored fit, or None when no model was fitted yet."""
    rows = ws.con.execute(
        "SELECT role, document, options, data_version, fitted_at FROM bindung_models"
    ).fetchall()
    if not rows:
        return None
    models = {role: json.loads(doc) for role, doc, *_ in rows}
    _, _, options_text, version, fitted_at = rows[0]
    return _from_parts(models, json.loads(options_text), str(version), fitted_at)


def to_document(result: ClvFit) -> dict[str, Any]:
    """The fit as one JSON document (what :func:`save` stores in rows), for keeping it
    beside the stored answers: :func:`from_document` gives the same fit back."""
    models = {"purchases": result.purchases.to_dict()}
    if result.spend is not None:
        models["spend"] = result.spend.to_dict()
    return {
        "models": models,
        "options": result.options(),
        "data_version": result.data_version,
        "fitted_at": result.fitted_at.isoformat(),
    }


def from_document(doc: dict[str, Any]) -> ClvFit:
    """The fit of a :func:`to_document` document."""
    fitted_at = datetime.fromisoformat(str(doc["fitted_at"]))
    return _from_parts(doc["models"], doc["options"], str(doc["data_version"]), fitted_at)


def _from_parts(
    models: dict[str, Any], options: dict[str, Any], version: str, fitted_at: datetime
) -> ClvFit:
    fitted = {role: base.from_dict(doc) for role, doc in models.items()}
    spend = fitted.get("spend")
    return ClvFit(
        purchases=fitted["purchases"],
        spend=spend if isinstance(spend, GammaGammaModel) else None,
        unit=options["unit"],
        calibration_end=date.fromisoformat(options["calibration_end"]),
        holdout_end=(
            date.fromisoformat(options["holdout_end"]) if options["holdout_end"] else None
        ),
        data_version=version,
        fitted_at=fitted_at,
        customers=int(options.get("customers", 0)),
        repeat_customers=int(options.get("repeat_customers", 0)),
        warnings=list(options.get("warnings", [])),
    )


def current(ws: Store, **fit_options: Any) -> ClvFit:
    """The stored fit when it was made on the current data, else a new fit (stored when the
    workspace is writable).  Within one refresh (``ws.memo``) the default fit is made once."""
    cache = getattr(ws, "memo", None) if not fit_options else None
    if cache is not None and ("clv_fit",) in cache:
        hit: ClvFit = cache[("clv_fit",)]
        return hit
    stored = load(ws)
    if stored is not None and stored.data_version == ws.data_version():
        result = stored
    else:
        result = fit(ws, store=not ws.read_only, **fit_options)
    if cache is not None:
        cache[("clv_fit",)] = result
    return result


def holdout(ws: Store, result: ClvFit) -> pd.DataFrame:
    """Per customer of the calibration: frequency, the holdout's actual purchases and the
    purchases the model predicts for the holdout's length (attribute ``duration``)."""
    if result.holdout_end is None:
        raise BindungError(t("clv_no_holdout", ws.settings.lang))
    table = summary(
        ws,
        calibration_end=result.calibration_end,
        holdout_end=result.holdout_end,
        unit=result.unit,
    )
    duration = float(table["duration_holdout"].iloc[0])
    predicted = result.purchases.expected_purchases(
        table["frequency"], table["recency"], table["T"], t=duration
    )
    frame = pd.DataFrame(
        {
            "frequency": table["frequency"].to_numpy(),
            "actual": table["frequency_holdout"].to_numpy(dtype=float),
            "predicted": np.asarray(predicted, dtype=float),
        }
    )
    frame.attrs["duration"] = duration
    return frame


def evaluate(ws: Store, result: ClvFit, *, max_group: int = 7) -> pd.DataFrame:
    """Holdout check: per calibration frequency group (0, 1, …, ``max_group``+), customers,
    actual and predicted mean purchases in the holdout period."""
    frame = holdout(ws, result)
    frame["group"] = np.minimum(frame["frequency"], max_group)
    grouped = frame.groupby("group").agg(
        customers=("actual", "size"), actual=("actual", "mean"), predicted=("predicted", "mean")
    )
    grouped = grouped.reset_index()
    grouped["group"] = [f"{g}+" if g == max_group else str(g) for g in grouped["group"]]
    total = pd.DataFrame(
        {
            "group": ["all"],
            "customers": [len(frame)],
            "actual": [frame["actual"].mean()],
            "predicted": [frame["predicted"].mean()],
        }
    )
    return pd.concat([grouped, total], ignore_index=True)


def error_figures(ws: Store, result: ClvFit) -> dict[str, float]:
    """Per-customer holdout errors: mean absolute error, root mean squared error, bias of the
    total (predicted − actual purchases, in % of actual)."""
    frame = holdout(ws, result)
    actual = frame["actual"].to_numpy()
    diff = frame["predicted"].to_numpy() - actual
    return {
        "customers": float(len(actual)),
        "holdout_length": float(frame.attrs["duration"]),
        "mae": float(np.mean(np.abs(diff))),
        "rmse": float(np.sqrt(np.mean(diff**2))),
        "bias_percent": float(diff.sum() / actual.sum() * 100) if actual.sum() else float("nan"),
    }


def customer_values(
    ws: Store,
    result: ClvFit,
    *,
    horizon_days: int = 365,
    margin: float | None = None,
    discount_rate_year: float = 0.1,
    as_of: date | None = None,
) -> pd.DataFrame:
    """Per customer: frequency, recency, T, monetary, probability alive, expected purchases and
    predicted CLV over ``horizon_days`` (margin from the workspace settings unless given;
    discounted monthly at the equivalent of ``discount_rate_year``), as of the calibration
    end (or ``as_of``)."""
    end = as_of or (result.holdout_end or result.calibration_end)
    key = ("customer_values", id(result), horizon_days, margin, discount_rate_year, end)
    memo = getattr(ws, "memo", None)  # within one refresh: computed once
    if memo is not None and key in memo:
        cached: pd.DataFrame = memo[key].copy()
        cached.attrs = dict(memo[key].attrs)
        return cached
    if result.holdout_end is None and end in (
        result.calibration_end,
        result.calibration_end - timedelta(days=TREND_DAYS),
    ):
        # the values today and TREND_DAYS before (the customer table reads both) from one
        # pass, also when the fit was not made in this refresh but kept from an earlier one
        _prefetch_summaries(ws, result.calibration_end, result.unit)
    table = summary(ws, calibration_end=end, unit=result.unit)
    table = values_of(
        table,
        result,
        horizon_days,
        ws.settings.margin if margin is None else margin,
        discount_rate_year,
    )
    table.attrs["as_of"] = end.isoformat()
    if memo is not None:
        memo[key] = table.copy()
        memo[key].attrs = dict(table.attrs)
    return table


def values_of(
    table: pd.DataFrame,
    result: ClvFit,
    horizon_days: int,
    margin: float,
    discount_rate_year: float = 0.1,
) -> pd.DataFrame:
    """The model's values of the customers of a summary ``table`` (:func:`summary`, or one
    made for some customers with :func:`bindung.models.summary.rfm_summary`): probability
    alive, expected purchases, spend and CLV over ``horizon_days`` (see
    :func:`customer_values`); adds the columns to ``table`` and returns it.  Without a spend
    model the expected spend is the mean order value of the table's repeat buyers, so a part of
    the customers gets another one than all of them would."""
    per_unit = DAYS_PER_UNIT[result.unit]
    horizon = horizon_days / per_unit
    step = (365.25 / 12) / per_unit
    monthly = (1 + discount_rate_year) ** (1 / 12) - 1
    f, r, t_ = table["frequency"], table["recency"], table["T"]
    # P(alive) and the purchases depend on (x, t_x, T) alone: evaluated once per distinct
    # row (a tenth of the customers at a million) and gathered back to every customer
    code, (uf, ur, ut) = inputs.distinct_rows((f.to_numpy(), r.to_numpy(), t_.to_numpy()))
    table["p_alive"] = result.purchases.p_alive(uf, ur, ut)[code]
    table["expected_purchases"] = result.purchases.expected_purchases(uf, ur, ut, t=horizon)[code]
    if result.spend is not None:
        # customers whose repeat purchases were all free get the population's mean spend
        known = f.where(~_free_repeaters(table), 0)
        table["expected_spend"] = result.spend.expected_spend(known, table["monetary"])
    else:
        table["expected_spend"] = float(table.loc[table["frequency"] > 0, "monetary"].mean())
    m = float(margin)
    if not (math.isfinite(m) and m >= 0):
        raise ModelError(f"margin: expected a share >= 0 such as 0.3, got {m}")
    # predicted_clv's margin × spend × discounted purchases, the purchases per distinct row
    discounted = discounted_expected_purchases(
        result.purchases, uf, ur, ut, horizon=horizon, discount_rate=monthly, step=step
    )[code]
    table["clv"] = np.asarray(m * table["expected_spend"].to_numpy() * discounted, np.float64)
    table.attrs["horizon_days"] = horizon_days
    table.attrs["margin"] = m
    return table
