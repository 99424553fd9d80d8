r"""What-if: customers kept, purchases and revenue when retention rises by N points.

From a fitted BG/NBD or Pareto/NBD model, today's customers are projected month by month,
once as fitted and once with their dropout hazard multiplied by ``k`` (``k < 1``: they stay
longer), ``k`` chosen so that the yearly retention of today's customers rises by ``points``
percentage points (source 000 quotes "+5 points retention, +25–95 % profit"; Reichheld & Sasser
1990, "Zero Defections", *Harvard Business Review* 68(5); this module shows the figure the
fitted models give).

Posterior of a customer who is ALIVE at T (given ``x`` repeat purchases in ``(0, T]``)
------------------------------------------------------------------------------------
The alive branch of the likelihood is ``λ^x e^{−λT}`` times, for BG/NBD, ``(1−p)^x`` (no
dropout after any of the ``x`` purchases), for Pareto/NBD ``e^{−μT}``; with the gamma and
beta priors this gives, independently:

* BG/NBD (Fader, Hardie & Lee 2005a, *Marketing Science* 24(2), 275-284)::

      λ | alive ~ Gamma(r + x, rate α + T),   p | alive ~ Beta(a, b + x)

  Purchases are Poisson(λ) and after each one she drops out with probability ``p``, so the
  number of purchases up to and including the one she drops after is Geometric(p) and the
  time to dropout is Exponential(λ p): hazard ``h = λ p``.  Purchases in ``(T, T+t]``::

      E[X(t) | λ, p, alive] = ∫_0^t λ e^{−λ p s} ds = (1 − e^{−λ p t}) / p   (FHL 2005a, eq. 7)

  (the purchase after which she drops counts, as in the model).
* Pareto/NBD (Schmittlein, Morrison & Colombo 1987, *Management Science* 33(1), 1-24;
  Fader & Hardie 2005, note 009)::

      λ | alive ~ Gamma(r + x, α + T),   μ | alive ~ Gamma(s, β + T),   h = μ
      E[X(t) | λ, μ, alive] = (λ / μ)(1 − e^{−μ t})

Both are ``λ t · g(h t)`` with ``g(u) = (1 − e^{−u}) / u`` (``g(0) = 1``).  The posterior
depends on ``(x, T)`` only: ``t_x`` enters through P(alive) alone.  A dead customer buys
nothing, so a customer's expectation is ``P_i · E[· | alive]`` with ``P_i`` the model's own
``p_alive``.  With these draws, ``P_i · mean_m X_im(t)`` reproduces the closed forms
``expected_purchases`` (FHL 2005a eq. 10; note 009 eq. 27) up to Monte Carlo error.

Scenario
--------
The dropout hazard is multiplied by ``k``: BG/NBD ``p → min(k p, 1)``, Pareto/NBD
``μ → k μ``; ``k = 1`` is the fitted model.

Monte Carlo
-----------
``M`` draws (default 400) of ``(λ, p)`` or ``(λ, μ)`` per distinct ``(x, T)``, from
``numpy.random.default_rng([seed, chunk])``: the same draws for every ``k`` (common random
numbers), so that results are smooth in ``k``.  Customers with equal ``(x, T)`` have the same
posterior and share draws (the expectation is unchanged; with a million customers the
distinct pairs are a small fraction).  Draws are regenerated chunk by chunk, so that no more
than :data:`CHUNK_FLOATS` floats are in memory at a time.  :func:`what_if` draws once and keeps
the draws while they fit in :data:`CACHE_FLOATS` (else it draws once for the root search and
once for both projections together); the monthly sums run over row slices that stay in the
processor's cache (:data:`SLICE_FLOATS`), all months of a slice at a time.

Yearly retention of today's customers (``Y`` = one year in model units, 365.25 days)::

    R(k) = Σ_i P_i · mean_m e^{−k h_im Y} / Σ_i P_i

and :func:`scale_for_points` solves ``R(k) = R(1) + points/100`` (``scipy.optimize.brentq``
on ``[0, 1]``; ``R(0) = 1``).

Projection (month = 365.25/12 days; ``t_m = m · Δ``), per month ``m = 1..months``::

    customers_alive_m = Σ_i P_i · mean e^{−h t_m}                 (+ new customers)
    purchases_m       = Σ_i P_i · mean λ ∫_{t_{m−1}}^{t_m} e^{−h s} ds
                      = Σ_i P_i · mean e^{−h t_{m−1}} · λ Δ g(h Δ)  (+ new customers)
    revenue_m         = Σ_i P_i · spend_i · (the same)              (+ new customers)

with ``spend_i`` the expected spend per purchase (Gamma-Gamma, FHL 2005b / note 025, eq. 5).
New customers: ``new_per_month`` arrive at the start of each month (x = 0, T = 0, alive;
their posterior is the prior), make their first purchase at arrival and repeat purchases by
the same formula, all valued at ``new_spend``.  With ``S_u`` and ``E_u`` one new customer's
survival and cumulative repeat purchases after ``u`` months::

    new_alive_m     = n · Σ_{u=1..m} S_u
    new_purchases_m = n · (1 + E_m)   (month m's arrivals: 1 each; cohort j: E_{m−j+1} − E_{m−j})
    new_revenue_m   = new_spend · new_purchases_m

Profit is ``margin × revenue`` (no cost of the retention measure is known), so its relative
change equals that of revenue.

>>> values = workflow.customer_values(ws, fit)                          # doctest: +SKIP
>>> d = posterior_draws(fit.purchases, values.frequency, values.recency, values.T,
...                     unit=fit.unit)                                   # doctest: +SKIP
>>> w = what_if(d, values.p_alive, values.expected_spend, points=5, margin=0.3)  # doctest: +SKIP
>>> w.totals()                                                           # doctest: +SKIP
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.optimize import brentq  # type: ignore[import-untyped]

from bindung.errors import BindungError
from bindung.i18n import N_, both, tr
from bindung.models import inputs
from bindung.models.bgnbd import BetaGeoModel
from bindung.models.errors import ModelInputError
from bindung.models.inputs import FloatArray
from bindung.models.paretonbd import ParetoNBDModel
from bindung.models.summary import DAYS_PER_UNIT, Unit

Kind = Literal["bgnbd", "paretonbd"]
IntArray = npt.NDArray[np.intp]

#: Floats held in memory at a time while drawing (about 160 MB).
CHUNK_FLOATS = 20_000_000
#: Arrays of draws' shape alive at once in the projection's inner loop.
_WORK_ARRAYS = 8
#: Below this many floats (about 512 MB, and a temporary of a block's size while
#: evaluating), :func:`what_if` keeps the draws (λ, the dropout parameter and the hazards) for
#: the root search and both projections instead of drawing twice: 3 arrays of groups × draws.
#: 1,000,000 customers of the benchmark hold about 48,600 distinct (x, T): 3 × 48,600 × 400
#: = 58 M floats, 470 MB.
CACHE_FLOATS = 64_000_000
#: Floats per array in a slice of the monthly loop (512 KB: the slice's survival, monthly
#: purchases and monthly survival factor stay in the processor's cache for all months).
SLICE_FLOATS = 65_536
DAYS_PER_YEAR = 365.25

#: Labels and units of :func:`project`'s columns (German, English, unit of
#: ``bindung.report.tables.Column``).
#: (German, English, unit) of each column
COLUMN_LABELS: dict[str, tuple[str, str, str]] = {
    "month": (*both("month"), "count"),
    "customers_alive": (*both("customers alive"), "count"),
    "purchases": (*both("purchases"), "count"),
    "revenue": (*both("revenue"), "money"),
    "new_alive": (*both("of which new customers alive"), "count"),
    "new_purchases": (*both("of which purchases by new customers"), "count"),
    "new_revenue": (*both("of which revenue from new customers"), "money"),
}

MESSAGES: dict[str, str] = {
    "points": N_(
        "retention points: expected a positive number of percentage points such as 5, got {points}"
    ),
    "too_high": N_(
        "retention cannot rise by {points} points: today's customers keep {base} % a "
        "year under the fitted model, and a target of {target} % is not below 100 %; choose "
        "fewer points"
    ),
    "nobody_alive": N_(
        "no customer is alive under the fitted model (every P(alive) is 0), so there "
        "is no retention to raise"
    ),
}


def _message(key: str, lang: str, **values: Any) -> str:
    return tr(lang, MESSAGES[key], **values)


def units_per_year(unit: Unit) -> float:
    """One year (365.25 days) in the model's time ``unit`` ("days" or "weeks")."""
    return DAYS_PER_YEAR / _days_per_unit(unit)


def units_per_month(unit: Unit) -> float:
    """One month (365.25/12 days) in the model's time ``unit``."""
    return units_per_year(unit) / 12


def _days_per_unit(unit: str) -> float:
    if unit not in DAYS_PER_UNIT:
        raise ModelInputError(f"unit {unit!r}: expected 'days' or 'weeks'")
    return DAYS_PER_UNIT[unit]


@dataclass(frozen=True, eq=False)
class Draws:
    """Posterior draws of the alive branch, per distinct ``(x, T)``, regenerated on demand.

    ``index[i]`` is customer ``i``'s group; ``x`` and ``T`` are the groups' frequency and
    age.  :meth:`blocks` yields the draws of consecutive groups: ``λ`` and the dropout
    parameter (``p`` for BG/NBD, ``μ`` for Pareto/NBD), each ``groups × draws``.
    """

    kind: Kind
    params: tuple[float, float, float, float]
    x: FloatArray
    T: FloatArray
    index: IntArray
    draws: int
    seed: int
    unit: Unit = "weeks"

    @property
    def customers(self) -> int:
        return len(self.index)

    @property
    def groups(self) -> int:
        return len(self.x)

    @property
    def chunk_rows(self) -> int:
        """Groups per block, so that :data:`_WORK_ARRAYS` arrays of a block fit in
        :data:`CHUNK_FLOATS` floats (fixed by ``draws``, so the draws do not depend on the
        number of customers)."""
        return max(1, CHUNK_FLOATS // (_WORK_ARRAYS * self.draws))

    def blocks(self) -> Iterator[tuple[slice, FloatArray, FloatArray]]:
        """``(groups, λ, dropout)`` block by block; the same numbers on every call."""
        r, alpha, c, d = self.params
        rows, m = self.chunk_rows, self.draws
        for number, start in enumerate(range(0, self.groups, rows)):
            part = slice(start, min(start + rows, self.groups))
            x, age = self.x[part, None], self.T[part, None]
            n = len(self.x[part])
            rng = np.random.default_rng([self.seed, number])
            lam = rng.standard_gamma(r + x, size=(n, m))
            lam /= alpha + age
            if self.kind == "bgnbd":
                drop = rng.beta(c, d + x, size=(n, m))  # p ~ Beta(a, b + x)
            else:
                drop = rng.standard_gamma(c, size=(n, m))  # mu ~ Gamma(s, beta + T)
                drop /= d + age
            yield part, lam, drop
            del lam, drop  # let the next block's draws replace these, not join them

    def hazard(
        self,
        lam: FloatArray,
        drop: FloatArray,
        k: float,
        *,
        times: float = 1.0,
        out: FloatArray | None = None,
    ) -> FloatArray:
        """``times`` × the dropout hazard under scenario ``k`` (λ·min(k p, 1) or k μ), written
        into ``out`` (default ``drop``: in place, to keep memory low) and returned."""
        res = drop if out is None else out
        if self.kind == "bgnbd":
            np.multiply(drop, k, out=res)
            np.minimum(res, 1.0, out=res)
            np.multiply(res, lam, out=res)
            if times != 1.0:
                np.multiply(res, times, out=res)
        else:
            np.multiply(drop, k * times, out=res)
        return res


def posterior_draws(
    model: BetaGeoModel | ParetoNBDModel,
    frequency: Any,
    recency: Any = None,
    T: Any = None,
    *,
    draws: int = 400,
    seed: int = 0,
    unit: Unit = "weeks",
) -> Draws:
    """Draws of each customer's rate and dropout given alive at ``T`` (module docstring),
    for a fitted (or :meth:`from_params`) BG/NBD or Pareto/NBD ``model``.  ``frequency``,
    ``recency``, ``T`` as for the models (or a table with these columns), in the model's
    time ``unit``."""
    if isinstance(model, BetaGeoModel):
        kind: Kind = "bgnbd"
    elif isinstance(model, ParetoNBDModel):
        kind = "paretonbd"
    else:
        raise ModelInputError(
            f"model: expected a BG/NBD or Pareto/NBD model, got {type(model).__name__}"
        )
    if isinstance(draws, bool) or not isinstance(draws, int | np.integer) or draws < 1:
        raise ModelInputError(f"draws: expected a whole number >= 1, got {draws!r}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ModelInputError(f"seed: expected a whole number >= 0, got {seed!r}")
    _days_per_unit(unit)
    fitted = model.params_  # raises NotFittedError for a model without parameters
    data = inputs.customers(frequency, recency, T)
    if data.rows == 0:
        raise ModelInputError("frequency: no customers")
    pairs = pd.MultiIndex.from_arrays([data.x + 0.0, data.T + 0.0])
    codes, levels = pd.factorize(pairs)
    x = np.asarray(levels.get_level_values(0), dtype=np.float64)
    age = np.asarray(levels.get_level_values(1), dtype=np.float64)
    r, alpha, c, d = (float(fitted[name]) for name in model.param_names)
    params = (r, alpha, c, d)
    return Draws(kind, params, x, age, codes.astype(np.intp), int(draws), int(seed), unit)


#: Draws for the new customers' prior: one group, so many draws cost little.
NEW_CUSTOMER_DRAWS = 20_000


def prior_draws(draws: Draws, *, count: int | None = None, seed: int | None = None) -> Draws:
    """Draws for one new customer (x = 0, T = 0: the prior) of the same model and unit:
    ``count`` draws (default the larger of :data:`NEW_CUSTOMER_DRAWS` and ``draws.draws``),
    seeded with ``seed`` (default ``draws.seed + 1``)."""
    m = max(NEW_CUSTOMER_DRAWS, draws.draws) if count is None else count
    if isinstance(m, bool) or not isinstance(m, int | np.integer) or m < 1:
        raise ModelInputError(f"count: expected a whole number >= 1, got {count!r}")
    return Draws(
        draws.kind,
        draws.params,
        np.zeros(1),
        np.zeros(1),
        np.zeros(1, dtype=np.intp),
        int(m),
        draws.seed + 1 if seed is None else seed,
        draws.unit,
    )


def _g(u: FloatArray) -> FloatArray:
    """g(u) = (1 − e^{−u}) / u = −expm1(−u)/u, with g(0) = 1 (a new array, no other
    temporaries)."""
    out = np.negative(u)
    np.expm1(out, out=out)
    np.negative(out, out=out)
    positive = u > 0
    np.divide(out, u, out=out, where=positive)
    out[~positive] = 1.0
    return out


def _exp_minus(u: FloatArray) -> FloatArray:
    """e^{−u} in place of ``u``."""
    np.negative(u, out=u)
    return np.exp(u, out=u)


def _k(k: float) -> float:
    value = float(k)
    if not (math.isfinite(value) and value >= 0):
        raise ModelInputError(f"k: expected a hazard factor >= 0 such as 0.8, got {k}")
    return value


def _time(name: str, value: float) -> float:
    v = float(value)
    if not (math.isfinite(v) and v >= 0):
        raise ModelInputError(f"{name}: expected a time >= 0 in the model's unit, got {value}")
    return v


def _per_customer(draws: Draws, f: Callable[[FloatArray, FloatArray], FloatArray]) -> FloatArray:
    out = np.empty(draws.groups)
    for part, lam, drop in draws.blocks():
        out[part] = f(lam, drop).mean(axis=1)
    return out[draws.index]


def survival(draws: Draws, t: float, *, k: float = 1.0) -> FloatArray:
    """Per customer, P(still alive after ``t`` | alive now) = mean_m e^{−k h_m t}."""
    kk, tt = _k(k), _time("t", t)
    return _per_customer(draws, lambda lam, drop: _exp_minus(draws.hazard(lam, drop, kk, times=tt)))


def expected_purchases(draws: Draws, t: float, *, k: float = 1.0) -> FloatArray:
    """Per customer, purchases in the next ``t`` given alive now: mean_m λ t g(h t)."""
    kk, tt = _k(k), _time("t", t)

    def purchases(lam: FloatArray, drop: FloatArray) -> FloatArray:
        g = _g(draws.hazard(lam, drop, kk, times=tt))
        np.multiply(g, lam, out=g)
        return np.multiply(g, tt, out=g)

    return _per_customer(draws, purchases)


def _weights(draws: Draws, name: str, values: Any) -> FloatArray:
    """``values`` (one per customer) summed per group."""
    v = inputs.vector(name, values)
    if len(v) == 1 and draws.customers != 1:
        v = np.full(draws.customers, v[0])
    if len(v) != draws.customers:
        raise ModelInputError(f"{name}: {len(v)} values for {draws.customers} customers")
    return np.asarray(np.bincount(draws.index, weights=v, minlength=draws.groups), dtype=np.float64)


def _alive_weights(draws: Draws, p_alive: Any) -> FloatArray:
    p = inputs.vector("p_alive", p_alive)
    inputs.check("p_alive", p, (p < 0) | (p > 1), "probabilities in [0, 1]")
    return _weights(draws, "p_alive", p)


def _year(draws: Draws, year: float | None) -> float:
    if year is None:
        return units_per_year(draws.unit)
    y = _time("year", year)
    if y <= 0:
        raise ModelInputError(f"year: expected a positive time in the model's unit, got {year}")
    return y


def yearly_retention(
    draws: Draws, p_alive: Any, *, k: float = 1.0, year: float | None = None
) -> float:
    """R(k) = Σ P_i mean_m e^{−k h_im Y} / Σ P_i: the share of today's (alive) customers
    still alive a year on (``year`` in model units; default 365.25 days).  A share in [0, 1];
    NaN when no customer is alive."""
    w = _alive_weights(draws, p_alive)
    kk, y = _k(k), _year(draws, year)
    total = 0.0
    for part, lam, drop in draws.blocks():
        kept = _exp_minus(draws.hazard(lam, drop, kk, times=y))
        total += float(w[part] @ kept.sum(axis=1))
    alive = float(w.sum())
    return total / draws.draws / alive if alive > 0 else float("nan")


Blocks = list[tuple[slice, FloatArray, FloatArray]]


def _kept_blocks(draws: Draws, arrays: int = 3) -> Blocks | None:
    """All blocks of draws in memory, when ``arrays`` arrays of the draws' size fit in
    :data:`CACHE_FLOATS` floats (λ, the dropout parameter and one derived array); else None."""
    if arrays * draws.groups * draws.draws > CACHE_FLOATS:
        return None
    return list(draws.blocks())


def _retention_function(
    draws: Draws, w: FloatArray, year: float, blocks: Blocks | None = None
) -> Callable[[float], float]:
    """k ↦ R(k) for 0 <= k <= 1 (where h(k) = k h(1) for both models), keeping ``h Y`` in
    memory when it is small and redrawing block by block otherwise; ``blocks``: the draws,
    already in memory (left unchanged)."""
    alive = float(w.sum()) * draws.draws
    if blocks is not None or draws.groups * draws.draws <= CACHE_FLOATS:
        source = draws.blocks() if blocks is None else blocks

        def fresh(drop: FloatArray) -> FloatArray:
            return drop if blocks is None else np.empty_like(drop)

        kept = [
            (w[part], draws.hazard(lam, drop, 1.0, times=year, out=fresh(drop)))
            for part, lam, drop in source
        ]

        def cached(k: float) -> float:
            return sum(float(wp @ np.exp(-k * c).sum(axis=1)) for wp, c in kept) / alive

        return cached

    def redrawn(k: float) -> float:
        total = 0.0
        for part, lam, drop in draws.blocks():
            c = draws.hazard(lam, drop, k, times=year)
            total += float(w[part] @ _exp_minus(c).sum(axis=1))
        return total / alive

    return redrawn


def scale_for_points(
    draws: Draws,
    p_alive: Any,
    points: float,
    *,
    year: float | None = None,
    lang: str = "en",
) -> float:
    """The hazard factor ``k`` (in (0, 1)) with R(k) = R(1) + points/100 (brentq on [0, 1]).

    Raises :class:`BindungError` (in ``lang``, "de" or "en") when ``points`` is not positive,
    when nobody is alive, or when the target reaches 100 %."""
    return _solve(draws, p_alive, points, year, lang)[0]


def _solve(
    draws: Draws,
    p_alive: Any,
    points: float,
    year: float | None,
    lang: str,
    blocks: Blocks | None = None,
) -> tuple[float, float, float]:
    """``(k, R(1), R(k))`` for :func:`scale_for_points` (``blocks``: the draws in memory)."""
    pts = float(points)
    if not (math.isfinite(pts) and pts > 0):
        raise BindungError(_message("points", lang, points=points))
    w = _alive_weights(draws, p_alive)
    if float(w.sum()) <= 0:
        raise BindungError(_message("nobody_alive", lang))
    retention = _retention_function(draws, w, _year(draws, year), blocks)
    base = retention(1.0)
    target = base + pts / 100
    if target >= 1:
        raise BindungError(
            _message(
                "too_high",
                lang,
                points=f"{pts:g}",
                base=f"{base * 100:.1f}",
                target=f"{target * 100:.1f}",
            )
        )
    k = float(brentq(lambda v: retention(v) - target, 0.0, 1.0, xtol=1e-10, rtol=1e-10))
    return k, base, retention(k)


def _month_units(draws: Draws, month_units: float | None) -> float:
    if month_units is None:
        return units_per_month(draws.unit)
    m = _time("month_units", month_units)
    if m <= 0:
        raise ModelInputError(f"month_units: expected a positive time, got {month_units}")
    return m


def _monthly(
    draws: Draws,
    weights: list[FloatArray],
    ks: list[float],
    months: int,
    step: float,
    blocks: Blocks | None = None,
) -> list[tuple[FloatArray, list[FloatArray]]]:
    """For each hazard factor in ``ks``: Σ_g weights_g · mean_m e^{−h t_u} for u = 1..months
    (with ``weights[0]``) and, for each weight vector, Σ_g weights_g · mean_m (purchases in
    month u).  One pass over the draws for all ``ks`` (``blocks``: the draws in memory, left
    unchanged; else they are drawn block by block)."""
    alive = [np.zeros(months) for _ in ks]
    bought = [[np.zeros(months) for _ in weights] for _ in ks]
    rows = max(1, SLICE_FLOATS // draws.draws)
    for part, lam, drop in draws.blocks() if blocks is None else blocks:
        parts = [w[part] for w in weights]
        for i, k in enumerate(ks):
            # h Δ; the last k of drawn blocks works in place: four arrays of draws' shape, λ
            # (then λ Δ g(h Δ)), the dropout parameter (then e^{−h Δ}) and g
            last = blocks is None and i == len(ks) - 1
            u = draws.hazard(lam, drop, k, times=step, out=drop if last else np.empty_like(drop))
            g = _g(u)
            in_month = np.multiply(lam, g, out=lam if last else g)
            del g
            in_month *= step  # λ Δ g(h Δ): a month's purchases of a customer alive at its start
            step_factor = _exp_minus(u)  # e^{−h Δ}
            for start in range(0, len(step_factor), rows):
                piece = slice(start, start + rows)
                factor, purchases = step_factor[piece], in_month[piece]
                wps = [wp[piece] for wp in parts]
                surv = np.ones_like(factor)
                for month in range(months):
                    month_sum = np.einsum("ij,ij->i", surv, purchases)
                    surv *= factor
                    alive[i][month] += float(wps[0] @ surv.sum(axis=1))
                    for j, wp in enumerate(wps):
                        bought[i][j][month] += float(wp @ month_sum)
            del in_month, step_factor, u
    return [
        (a / draws.draws, [b / draws.draws for b in per_k])
        for a, per_k in zip(alive, bought, strict=True)
    ]


def project(
    draws: Draws,
    p_alive: Any,
    spend: Any,
    *,
    k: float = 1.0,
    months: int = 12,
    month_units: float | None = None,
    new_per_month: float = 0.0,
    new_spend: float = 0.0,
    new_draws: Draws | None = None,
) -> pd.DataFrame:
    """Month by month under hazard factor ``k``: expected ``customers_alive`` at the month's
    end, ``purchases`` and ``revenue`` in the month, today's customers plus new ones; the new
    customers' share also in ``new_alive``, ``new_purchases``, ``new_revenue`` (formulas in
    the module docstring).  ``spend``: expected spend per purchase, one per customer (or one
    number); ``month_units``: a month in model units (default 365.25/12 days);
    ``new_draws``: one new customer's draws (default :func:`prior_draws`)."""
    return _project(
        draws,
        p_alive,
        spend,
        [_k(k)],
        months=months,
        month_units=month_units,
        new_per_month=new_per_month,
        new_spend=new_spend,
        new_draws=new_draws,
    )[0]


def _project(
    draws: Draws,
    p_alive: Any,
    spend: Any,
    ks: list[float],
    *,
    months: int,
    month_units: float | None,
    new_per_month: float,
    new_spend: float,
    new_draws: Draws | None = None,
    blocks: Blocks | None = None,
) -> list[pd.DataFrame]:
    """:func:`project` for each hazard factor in ``ks``, in one pass over the draws."""
    if isinstance(months, bool) or not isinstance(months, int | np.integer) or months < 1:
        raise ModelInputError(f"months: expected a whole number >= 1, got {months!r}")
    step = _month_units(draws, month_units)
    sp = inputs.vector("spend", spend)
    inputs.check("spend", sp, sp < 0, ">= 0")
    n_new = float(new_per_month)
    if not (math.isfinite(n_new) and n_new >= 0):
        raise ModelInputError(f"new_per_month: expected a number >= 0, got {new_per_month}")
    s_new = float(new_spend)
    if not (math.isfinite(s_new) and s_new >= 0):
        raise ModelInputError(f"new_spend: expected an amount >= 0, got {new_spend}")

    p = inputs.vector("p_alive", p_alive)
    inputs.check("p_alive", p, (p < 0) | (p > 1), "probabilities in [0, 1]")
    w = _weights(draws, "p_alive", p)
    if len(sp) == 1:
        sp = np.full(len(p), sp[0])
    if len(sp) != len(p):
        raise ModelInputError(f"spend: {len(sp)} values for {len(p)} customers")
    w_spend = _weights(draws, "spend", p * sp)
    n_months = int(months)
    today = _monthly(draws, [w, w_spend], ks, n_months, step, blocks)

    new: list[tuple[FloatArray, FloatArray]] = [
        (np.zeros(n_months), np.zeros(n_months)) for _ in ks
    ]
    if n_new > 0:
        one = new_draws if new_draws is not None else prior_draws(draws)
        if one.customers != 1:
            raise ModelInputError(
                f"new_draws: expected the draws of one new customer, got {one.customers}"
            )
        new = [
            # n · Σ_{u<=m} S_u  and  n · (1 + E_m)
            (n_new * np.cumsum(survive), n_new * (1 + np.cumsum(bought)))
            for survive, (bought,) in _monthly(one, [np.ones(1)], ks, n_months, step)
        ]
    frames = []
    for kk, (alive, (purchases, revenue)), (new_alive, new_purchases) in zip(
        ks, today, new, strict=True
    ):
        new_revenue = s_new * new_purchases
        frame = pd.DataFrame(
            {
                "month": np.arange(1, n_months + 1),
                "t": step * np.arange(1, n_months + 1),
                "customers_alive": alive + new_alive,
                "purchases": purchases + new_purchases,
                "revenue": revenue + new_revenue,
                "new_alive": new_alive,
                "new_purchases": new_purchases,
                "new_revenue": new_revenue,
            }
        )
        frame.attrs["k"] = kk
        frame.attrs["month_units"] = step
        frames.append(frame)
    return frames


@dataclass(frozen=True)
class WhatIf:
    """The fitted model (``base``) against ``points`` more yearly retention (``scenario``)."""

    points: float
    k: float
    #: yearly retention of today's customers, in % (0–100)
    retention_base: float
    retention_scenario: float
    margin: float
    base: pd.DataFrame
    scenario: pd.DataFrame

    def totals(self) -> pd.DataFrame:
        """Rows ``base``, ``scenario``: customers alive at the horizon's end, purchases,
        revenue and profit (margin × revenue) over the horizon; and ``change_percent``, the
        scenario's change in % of the base."""
        figures = []
        for frame in (self.base, self.scenario):
            revenue = float(frame["revenue"].sum())
            figures.append(
                [
                    float(frame["customers_alive"].iloc[-1]),
                    float(frame["purchases"].sum()),
                    revenue,
                    self.margin * revenue,
                ]
            )
        base, scenario = np.array(figures[0]), np.array(figures[1])
        with np.errstate(divide="ignore", invalid="ignore"):
            change = np.where(base != 0, (scenario / base - 1) * 100, np.nan)
        return pd.DataFrame(
            [base, scenario, change],
            index=["base", "scenario", "change_percent"],
            columns=["customers_alive", "purchases", "revenue", "profit"],
        )


def what_if(
    draws: Draws,
    p_alive: Any,
    spend: Any,
    *,
    points: float = 5.0,
    months: int = 12,
    margin: float = 1.0,
    year: float | None = None,
    month_units: float | None = None,
    new_per_month: float = 0.0,
    new_spend: float = 0.0,
    lang: str = "en",
) -> WhatIf:
    """Project today's (and new) customers over ``months`` as fitted and with yearly
    retention ``points`` percentage points higher (see :func:`scale_for_points`)."""
    m = float(margin)
    if not (math.isfinite(m) and m >= 0):
        raise ModelInputError(f"margin: expected a share >= 0 such as 0.3, got {margin}")
    blocks = _kept_blocks(draws)  # drawn once for the root search and both projections
    k, base, raised = _solve(draws, p_alive, points, year, lang, blocks)
    base_frame, scenario = _project(
        draws,
        p_alive,
        spend,
        [1.0, k],
        months=months,
        month_units=month_units,
        new_per_month=new_per_month,
        new_spend=new_spend,
        blocks=blocks,
    )
    return WhatIf(
        points=float(points),
        k=k,
        retention_base=base * 100,
        retention_scenario=raised * 100,
        margin=m,
        base=base_frame,
        scenario=scenario,
    )
