"""Predicted customer lifetime value over a horizon: purchases × spend × margin, discounted.

For customer ``i`` with expected cumulative purchases ``E_i(t)`` in the next ``t`` (from
BG/NBD, Pareto/NBD or BG/BB) and expected spend per purchase ``s_i`` (from Gamma-Gamma or
given)::

    CLV_i = margin · s_i · Σ_{k=1..K} [E_i(t_k) − E_i(t_{k−1})] / (1 + d)^k,
    t_k = min(k · step, horizon),  K = ceil(horizon / step)

that is, the purchases expected in each step of length ``step`` (in the model's time unit)
are valued at the end of that step and discounted at ``d = discount_rate`` per step — the
discrete form of Fader, Hardie & Lee (2005b, eq. 2) also used by the lifetimes package.
Example: a model fitted in weeks, ``horizon=52``, ``step=52/12`` and a monthly rate
``discount_rate=0.01`` value the next year month by month.
"""

from __future__ import annotations

import math
from typing import Any, Protocol

import numpy as np
import pandas as pd

from bindung.models import inputs
from bindung.models.errors import ModelInputError
from bindung.models.gammagamma import GammaGammaModel
from bindung.models.inputs import FloatArray


class PurchaseModel(Protocol):
    """A model that forecasts each customer's purchases in the next ``t``."""

    def expected_purchases(
        self, frequency: Any, recency: Any = None, T: Any = None, *, t: Any
    ) -> FloatArray: ...


def discounted_expected_purchases(
    purchases: PurchaseModel,
    frequency: Any,
    recency: Any = None,
    T: Any = None,
    *,
    horizon: float,
    discount_rate: float = 0.0,
    step: float = 1.0,
) -> FloatArray:
    """Σ_k [E(t_k) − E(t_{k−1})] / (1+d)^k per customer (see the module docstring)."""
    f, r, age = _customer_columns(frequency, recency, T)
    h, st, d = _horizon(horizon, step, discount_rate)
    steps = math.ceil(h / st - 1e-9) if h > 0 else 0
    total = np.zeros(len(inputs.vector("frequency", f)))
    before = np.zeros_like(total)
    for k in range(1, steps + 1):
        now = purchases.expected_purchases(f, r, age, t=min(k * st, h))
        total = total + (now - before) / (1 + d) ** k
        before = now
    return total


def predicted_clv(
    purchases: PurchaseModel,
    spend: GammaGammaModel | Any,
    frequency: Any,
    recency: Any = None,
    T: Any = None,
    monetary: Any = None,
    *,
    horizon: float,
    margin: float = 1.0,
    discount_rate: float = 0.0,
    step: float = 1.0,
) -> FloatArray:
    """Each customer's predicted lifetime value over ``horizon`` (see the module docstring).

    ``spend`` is a fitted :class:`GammaGammaModel` (then ``monetary``, the mean value of the
    repeat purchases, is needed) or the expected spend per purchase itself (a number or one
    per customer).  ``frequency`` may be a table with the columns frequency, recency, T (or
    periods) and monetary.
    """
    if isinstance(frequency, pd.DataFrame):
        table = frequency
        f, r, age = _customer_columns(table, None, None)
        if isinstance(spend, GammaGammaModel):
            if "monetary" not in table.columns:
                raise ModelInputError("the table lacks column monetary (needed by Gamma-Gamma)")
            monetary = table["monetary"].to_numpy(dtype=np.float64)
    else:
        f, r, age = frequency, recency, T
    if not (math.isfinite(margin) and margin >= 0):
        raise ModelInputError(f"margin: expected a share >= 0 such as 0.3, got {margin}")
    if isinstance(spend, GammaGammaModel):
        if monetary is None:
            raise ModelInputError("monetary: needed to predict spend with Gamma-Gamma")
        per_purchase = spend.expected_spend(f, monetary)
    else:
        per_purchase = inputs.vector("spend", spend)
        inputs.check("spend", per_purchase, per_purchase < 0, ">= 0")
    det = discounted_expected_purchases(
        purchases, f, r, age, horizon=horizon, discount_rate=discount_rate, step=step
    )
    return np.asarray(margin * per_purchase * det, dtype=np.float64)


def _customer_columns(frequency: Any, recency: Any, T: Any) -> tuple[Any, Any, Any]:
    if isinstance(frequency, pd.DataFrame):
        age = "T" if "T" in frequency.columns else "periods"
        f, r, t = inputs.columns(frequency, ("frequency", "recency", age), (recency, T))
        return f, r, t
    if recency is None or T is None:
        raise ModelInputError("expected frequency, recency and T (or a table with them)")
    return frequency, recency, T


def _horizon(horizon: float, step: float, discount_rate: float) -> tuple[float, float, float]:
    h, st, d = float(horizon), float(step), float(discount_rate)
    if not (math.isfinite(h) and h >= 0):
        raise ModelInputError(f"horizon: expected a time >= 0 in the model's unit, got {horizon}")
    if not (math.isfinite(st) and st > 0):
        raise ModelInputError(f"step: expected a positive time, got {step}")
    if not (math.isfinite(d) and d > -1):
        raise ModelInputError(f"discount_rate: expected a rate per step > -1, got {discount_rate}")
    return h, st, d
