"""BG/NBD: repeat purchases while alive, dropout after any purchase.

Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "'Counting Your Customers' the Easy Way:
An Alternative to the Pareto/NBD Model." *Marketing Science* 24(2), 275-284 (FHL 2005a), and
Fader, Hardie & Lee (2008), "Computing P(alive) using the BG/NBD model" (note 021).

While alive a customer buys at Poisson rate ``lambda ~ Gamma(r, alpha)``; after each
purchase she drops out with probability ``p ~ Beta(a, b)``.  A customer is summarised by
``x`` repeat purchases, the time ``t_x`` of the last one and her age ``T`` (all times from
her first purchase).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

import numpy as np
from scipy.special import betaln, digamma, expit, gammaln  # type: ignore[import-untyped]

from bindung.models import inputs
from bindung.models.base import Model, starts_from
from bindung.models.inputs import Customers, FloatArray
from bindung.models.numeric import (
    ValueAndGradient,
    hyp2f1_robust,
    hyp2f1_series,
    weighted_sum,
)


class BetaGeoModel(Model):
    r"""The BG/NBD model (FHL 2005a).

    Log-likelihood of one customer (FHL 2005a, eq. 6, written with ``log1p`` so that it stays
    finite for any ``x``)::

        LL = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b) − (r+x) ln(α+T)
             + δ(x>0) ln[1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)]

    Examples
    --------
    >>> model = BetaGeoModel().fit(frequency, recency, T)        # doctest: +SKIP
    >>> model.p_alive(frequency, recency, T)                     # doctest: +SKIP
    >>> model.expected_purchases(frequency, recency, T, t=39)    # doctest: +SKIP
    """

    name = "bgnbd"
    title = "BG/NBD"
    param_names = ("r", "alpha", "a", "b")
    advice = (
        "Typical causes: no sign of customers dropping out (every repeat buyer bought until "
        "the end), customers too alike for a gamma mixture, too few repeat customers, or a "
        "time unit far from the purchase rhythm (try weeks instead of days). Fit on more "
        "customers or a longer calibration period, check for a few extreme customers (e.g. "
        "wholesale accounts) dominating the fit, or use a simpler model"
    )

    def fit(
        self,
        frequency: Any,
        recency: Any = None,
        T: Any = None,
        weights: Any = None,
        *,
        initial: Mapping[str, float] | None = None,
    ) -> Self:
        """Maximum-likelihood estimates from per-customer ``frequency`` (repeat purchases),
        ``recency`` (time of the last repeat purchase), ``T`` (age) — or a table with these
        columns — and optional ``weights`` (customers per row).  Rows with equal (x, t_x, T)
        are merged before fitting."""
        data = inputs.customers(frequency, recency, T, weights).collapsed()
        inputs.require_repeaters(data, self.title)
        scale = float(np.mean(data.T)) or 1.0
        starts = starts_from(initial, self.param_names)
        # alpha is on the time scale of the data: start it at the mean age
        starts.insert(1 if initial else 0, np.log([1.0, scale, 1.0, 1.0]))

        evaluator = _Evaluator(data)

        def value_and_gradient(u: FloatArray) -> tuple[float, FloatArray]:
            theta = np.exp(u)
            ll, g = evaluator.evaluate(theta)
            return -ll, -(g * theta)

        objective = ValueAndGradient(value_and_gradient)
        self._estimate(
            objective.value, starts, n=data.n, rows=data.rows, gradient=objective.gradient
        )
        return self

    # -- per customer
    def log_likelihood(self, frequency: Any, recency: Any = None, T: Any = None) -> FloatArray:
        """Each customer's log-likelihood at the fitted parameters."""
        data = inputs.customers(frequency, recency, T)
        return _loglik(self._theta(), data)

    def p_alive(self, frequency: Any, recency: Any = None, T: Any = None) -> FloatArray:
        """P(alive at T | x, t_x, T) (FHL 2008, note 021, eq. 1)::

            1 / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x))

        A customer without repeat purchase is alive with certainty (she cannot have dropped
        out: dropout happens only right after a purchase).
        """
        data = inputs.customers(frequency, recency, T)
        return np.where(data.x > 0, expit(-_log_odds_dead(self._theta(), data)), 1.0)

    def expected_purchases(
        self, frequency: Any, recency: Any = None, T: Any = None, *, t: Any
    ) -> FloatArray:
        """E[X(T, T+t) | x, t_x, T], purchases expected in the next ``t`` (FHL 2005a, eq. 10)::

            (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)]
            · P(alive),   z = t/(α+T+t)

        with the hypergeometric term in whichever of this form and its Euler transform
        converges at z = 1, and guarded against scipy's ``hyp2f1`` failures (see
        ``_expected``), so that it stays finite for hundreds of purchases and any horizon.
        """
        data = inputs.customers(frequency, recency, T)
        tt = inputs.vector("t", t)
        x, t_x, age, tt = inputs.broadcast(frequency=data.x, recency=data.t_x, T=data.T, t=tt)
        inputs.check("t", tt, tt < 0, ">= 0")
        odds = _log_odds_dead(self._theta(), Customers(x, t_x, age, np.ones_like(x)))
        alive = np.where(x > 0, expit(-odds), 1.0)
        return _expected(self._theta(), x, age, tt) * alive

    def expected_purchases_new_customer(self, t: Any) -> FloatArray:
        """E[X(t)], repeat purchases of a new customer in her first ``t`` (FHL 2005a, eq. 9)::

        (a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))]
        """
        tt = inputs.vector("t", t)
        inputs.check("t", tt, tt < 0, ">= 0")
        zero = np.zeros_like(tt)
        return _expected(self._theta(), zero, zero, tt)


def _log_odds_dead(theta: FloatArray, data: Customers) -> FloatArray:
    """ln[a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)]: log odds of 'dropped out' against 'alive'
    for customers with x > 0 (any value for x = 0, where it is not used)."""
    r, alpha, a, b = theta
    x = np.maximum(data.x, 1.0)
    odds = (
        np.log(a) - np.log(b + x - 1) + (r + x) * np.log1p((data.T - data.t_x) / (alpha + data.t_x))
    )
    return np.asarray(odds, dtype=np.float64)


def _loglik(theta: FloatArray, data: Customers) -> FloatArray:
    r, alpha, a, b = theta
    x = data.x
    ll = (
        data.per_x(lambda v: gammaln(r + v) + betaln(a, b + v))
        - gammaln(r)
        + r * np.log(alpha)
        - betaln(a, b)
        - (r + x) * np.log(alpha + data.T)
    )
    return np.asarray(
        ll + np.where(x > 0, np.logaddexp(0.0, _log_odds_dead(theta, data)), 0.0),
        dtype=np.float64,
    )


def _gradient(theta: FloatArray, data: Customers) -> FloatArray:
    """d LL / d (r, alpha, a, b), summed over customers with their weights."""
    return _Evaluator(data).evaluate(theta)[1]


class _Evaluator:
    r"""The weighted log-likelihood and its gradient together, for one fit's data.

    With weights ``w`` (``W = Σw``; ``W_k`` the weight of the k-th distinct frequency
    ``x_k``), the odds ``o = _log_odds_dead`` and ``P = 1/(1+e^−o)`` (P(dropped out), 0 for
    x = 0), the sum of FHL 2005a's eq. 6 over customers is::

        Σ w LL = Σ_k W_k [ln Γ(r+x_k) + ln B(a, b+x_k)] − W ln Γ(r) + W r ln α − W ln B(a, b)
                 − Σ w (r+x) ln(α+T) + Σ_{x>0} w ln(1 + e^o)

    and its derivatives (ψ = digamma, ``ℓ = ln[(α+T)/(α+t_x)]``)::

        d/dr = Σ_k W_k ψ(r+x_k) − W ψ(r) + W ln α − Σ w ln(α+T) + Σ w P ℓ
        d/dα = W r/α − Σ w (r+x)/(α+T) + Σ w P (r+x) [1/(α+T) − 1/(α+t_x)]
        d/da = W ψ(a+b) − Σ_k W_k ψ(a+b+x_k) + Σ w P / a
        d/db = Σ_k W_k [ψ(b+x_k) − ψ(a+b+x_k)] − W ψ(b) + W ψ(a+b) − Σ w P/(b+x−1)

    Functions of x alone are evaluated once per distinct x; ``o`` and ``ℓ`` once per point
    and only for the repeat customers (``o`` is the same expression as in
    :func:`_log_odds_dead`).
    """

    def __init__(self, data: Customers) -> None:
        levels, index = np.unique(data.x, return_inverse=True)
        self.levels = levels
        self.level_weights: FloatArray = np.asarray(
            np.bincount(index, weights=data.w, minlength=len(levels)), dtype=np.float64
        )
        self.total = float(np.sum(data.w))
        self.w, self.T = data.w, data.T
        self.wx = data.w * data.x
        rep = data.x > 0
        self.rep_x, self.rep_t_x = data.x[rep], data.t_x[rep]
        self.rep_T, self.rep_w = data.T[rep], data.w[rep]
        self.rep_gap = self.rep_T - self.rep_t_x

    def evaluate(self, theta: FloatArray) -> tuple[float, FloatArray]:
        """``(Σ w LL, d Σ w LL / d (r, α, a, b))`` at ``theta = (r, α, a, b)``."""
        r, alpha, a, b = (float(v) for v in theta)
        W, Wk, xk = self.total, self.level_weights, self.levels
        # all customers
        age = alpha + self.T
        log_age = np.log(age)
        inv_age = 1 / age
        sum_w_log_age = weighted_sum(self.w, log_age)
        sum_w_inv_age = weighted_sum(self.w, inv_age)
        sum_wx_log_age = weighted_sum(self.wx, log_age)
        sum_wx_inv_age = weighted_sum(self.wx, inv_age)
        # repeat customers: log odds of having dropped out
        x, w = self.rep_x, self.rep_w
        inv_last = 1 / (alpha + self.rep_t_x)
        ell = np.log1p(self.rep_gap * inv_last)
        rx = r + x
        odds = np.log(a) - np.log(b + x - 1) + rx * ell
        share = expit(odds)  # P(dropped out)
        ws = w * share
        ab = digamma(a + b)
        abx = digamma(a + b + xk)
        ll = (
            weighted_sum(Wk, gammaln(r + xk) + betaln(a, b + xk))
            - W * gammaln(r)
            + W * r * np.log(alpha)
            - W * betaln(a, b)
            - r * sum_w_log_age
            - sum_wx_log_age
            + weighted_sum(w, np.logaddexp(0.0, odds))
        )
        d_r = (
            weighted_sum(Wk, digamma(r + xk))
            - W * digamma(r)
            + W * np.log(alpha)
            - sum_w_log_age
            + weighted_sum(ws, ell)
        )
        d_alpha = (
            W * r / alpha
            - r * sum_w_inv_age
            - sum_wx_inv_age
            + weighted_sum(ws, rx * (1 / (alpha + self.rep_T) - inv_last))
        )
        sum_ws = float(np.sum(ws))
        d_a = W * ab - weighted_sum(Wk, abx) + sum_ws / a
        d_b = (
            weighted_sum(Wk, digamma(b + xk) - abx)
            - W * digamma(b)
            + W * ab
            - weighted_sum(ws, 1 / (b + x - 1))
        )
        return float(ll), np.array([d_r, d_alpha, d_a, d_b])


def _expected(theta: FloatArray, x: FloatArray, T: FloatArray, t: FloatArray) -> FloatArray:
    """(a+b+x−1)/(a−1) · [1 − G],  z = t/(α+T+t), with

        G = (1−z)^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)              (FHL 2005a, eq. 10)
          = (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z)          (Euler's transformation)

    Of the two, the one whose series converges at z = 1 (``c − a − b > 0``) is used, so that
    neither a vanishing power times a diverging series (0 · inf) nor a cancellation occurs
    for long horizons.  ``1 − G`` is ``−expm1(u) − e^u (₂F₁ − 1)`` with ``u`` the power's log,
    and ``₂F₁ − 1`` is summed as a series for small ``z``, so that short horizons keep their
    relative precision.  For a > 1, ``G`` is a probability-like mean, ``E[(1 + p
    t/(α+T))^−(r+x)]`` over ``p ~ Beta(a−1, b+x)``, in [0, 1]; and the expectation is never
    negative.  Values that break these bounds (scipy's ``hyp2f1`` can fail for large
    parameters near z = 1) are recomputed by direct summation.  At a = 1 the expression is
    0/0; a is nudged by 1e-7 there (relative error ~1e-7).
    """
    r, alpha, a, b = theta
    if abs(a - 1) < 1e-7:
        a = 1 + 1e-7
    log1mz = -np.log1p(t / (alpha + T))  # ln(1 − z)
    z = -np.expm1(log1mz)
    c = a + b + x - 1
    original = a - 1 - r - x > 0  # c − a − b of the original series
    power = np.where(original, r + x, a - 1)
    first = np.where(original, r + x, a + b - 1 - r)
    second = np.where(original, b + x, a - 1)
    u = power * log1mz
    with np.errstate(all="ignore"):
        bracket = -np.expm1(u) - np.exp(u) * _hyp2f1_minus_one(first, second, c, z)
    # E >= 0, and for a > 1 the bracket is 1 − G with G in [0, 1]
    factor = c / (a - 1)
    bad = ~(factor * bracket >= -1e-12 * np.abs(factor))
    if a > 1:
        bad |= ~(bracket <= 1 + 1e-12)
    if bad.any():
        bracket[bad] = 1 - hyp2f1_series(first[bad], second[bad], c[bad], z[bad], u[bad])
    return np.asarray(np.maximum(c / (a - 1) * bracket, 0.0), dtype=np.float64)


def _hyp2f1_minus_one(A: FloatArray, B: FloatArray, C: FloatArray, z: FloatArray) -> FloatArray:
    """₂F₁(A, B; C; z) − 1, by its power series where ``z`` is small (so that the difference
    keeps its relative precision) and by :func:`hyp2f1_robust` elsewhere."""
    small = z * (1 + np.abs(A)) * (1 + np.abs(B)) < 1e-2
    out = np.zeros_like(z)
    if (~small).any():
        out[~small] = hyp2f1_robust(A[~small], B[~small], C[~small], z[~small]) - 1.0
    if small.any():
        a_s, b_s, c_s, z_s = A[small], B[small], C[small], z[small]
        term = np.ones_like(z_s)
        total = np.zeros_like(z_s)
        for k in range(40):
            term = term * (a_s + k) * (b_s + k) / ((c_s + k) * (k + 1)) * z_s
            total += term
            if np.all(np.abs(term) <= 1e-17 * np.abs(total)):
                break
        out[small] = total
    return out
