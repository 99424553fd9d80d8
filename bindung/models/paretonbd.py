"""Pareto/NBD: repeat purchases while alive, dropout at any time.

Schmittlein, D. C., Morrison, D. G. & Colombo, R. (1987). "Counting Your Customers: Who Are
They and What Will They Do Next?" *Management Science* 33(1), 1-24; the likelihood as derived
in Fader, P. S. & Hardie, B. G. S. (2005), "A Note on Deriving the Pareto/NBD Model and
Related Expressions" (note 009), eqs. 18-22, and the estimates on CDNOW in Fader, Hardie &
Lee (2005a), *Marketing Science* 24(2), Table 1.

While alive a customer buys at Poisson rate ``lambda ~ Gamma(r, alpha)``; her lifetime is
exponential with rate ``mu ~ Gamma(s, beta)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

import numpy as np
from scipy.special import gammaln  # type: ignore[import-untyped]

from bindung.models import inputs
from bindung.models.base import Model, starts_from
from bindung.models.inputs import Customers, FloatArray
from bindung.models.numeric import expm1_ratio, log1mexp, log_hyp2f1_positive, weighted_sum


class ParetoNBDModel(Model):
    r"""The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987).

    Likelihood of one customer (Fader & Hardie 2005, note 009, eq. 22)::

        L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s + s/(r+s+x) · A₀ ]

    with, for α ≥ β (for α < β swap α and β and use ``r+x`` for ``s+1``)::

        A₀ = ₂F₁(r+s+x, s+1; r+s+x+1; (α−β)/(α+t_x)) / (α+t_x)^(r+s+x)
           − ₂F₁(r+s+x, s+1; r+s+x+1; (α−β)/(α+T))   / (α+T)^(r+s+x)

    ``s/(r+s+x) · A₀`` is ``s ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ``, the probability of
    dying between the last purchase and ``T``.  Both terms are combined in log space
    (log-sum-exp), and ``A₀`` as ``F(t_x) · (1 − F(T)/F(t_x))`` with ``log1mexp``, so that
    neither underflows for customers with hundreds of purchases.
    """

    name = "paretonbd"
    title = "Pareto/NBD"
    param_names = ("r", "alpha", "s", "beta")
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
        """Maximum-likelihood estimates; arguments as for :meth:`BetaGeoModel.fit`."""
        data = inputs.customers(frequency, recency, T, weights).collapsed()
        inputs.require_repeaters(data, self.title)
        scale = float(np.mean(data.T)) or 1.0
        starts = starts_from(initial, self.param_names)
        starts.insert(1 if initial else 0, np.log([1.0, scale, 1.0, scale]))

        def nll(u: FloatArray) -> float:
            return -weighted_sum(data.w, _loglik(np.exp(u), data))

        self._estimate(nll, starts, n=data.n, rows=data.rows)
        return self

    # -- per customer
    def log_likelihood(self, frequency: Any, recency: Any = None, T: Any = None) -> FloatArray:
        """Each customer's log-likelihood at the fitted parameters."""
        return _loglik(self._theta(), inputs.customers(frequency, recency, T))

    def p_alive(self, frequency: Any, recency: Any = None, T: Any = None) -> FloatArray:
        """P(alive at T | x, t_x, T) (note 009, eq. 24): the share of the likelihood's first
        term, ``(α+T)^−(r+x) (β+T)^−s / [ ... + s/(r+s+x) A₀ ]``."""
        data = inputs.customers(frequency, recency, T)
        alive, dead = _terms(self._theta(), data)
        return np.asarray(np.exp(alive - np.logaddexp(alive, dead)), dtype=np.float64)

    def expected_purchases(
        self, frequency: Any, recency: Any = None, T: Any = None, *, t: Any
    ) -> FloatArray:
        """E[Y(t) | x, t_x, T], purchases expected in the next ``t`` (note 009, eq. 27;
        Schmittlein et al. 1987, eq. 22)::

            (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive)

        ``[1 − y^(s−1)]/(s−1)`` is evaluated with ``expm1`` and its limit ``−ln y`` at s = 1.
        """
        data = inputs.customers(frequency, recency, T)
        tt = inputs.vector("t", t)
        x, t_x, age, tt = inputs.broadcast(frequency=data.x, recency=data.t_x, T=data.T, t=tt)
        inputs.check("t", tt, tt < 0, ">= 0")
        theta = self._theta()
        r, alpha, s, beta = theta
        alive, dead = _terms(theta, Customers(x, t_x, age, np.ones_like(x)))
        p = np.exp(alive - np.logaddexp(alive, dead))
        rate = (r + x) / (alpha + age)
        span = (beta + age) * expm1_ratio(s - 1, -np.log1p(tt / (beta + age)))
        return np.asarray(rate * span * p, dtype=np.float64)

    def expected_purchases_new_customer(self, t: Any) -> FloatArray:
        """E[Y(t)] for a new customer (note 009, eq. 25)::

        r β / (α (s−1)) · [1 − (β/(β+t))^(s−1)]
        """
        tt = inputs.vector("t", t)
        inputs.check("t", tt, tt < 0, ">= 0")
        r, alpha, s, beta = self._theta()
        return np.asarray(
            r / alpha * beta * expm1_ratio(s - 1, -np.log1p(tt / beta)), dtype=np.float64
        )


def _log_A0(theta: FloatArray, data: Customers) -> FloatArray:
    """ln A₀ (−inf where t_x = T, when there is no interval to have died in)."""
    r, alpha, s, beta = theta
    m = max(alpha, beta)
    diff = abs(alpha - beta)

    def log_f(x: FloatArray, t: FloatArray) -> FloatArray:
        rsx = r + s + x
        b_arg = s + 1 if alpha >= beta else r + x
        log_hyp = log_hyp2f1_positive(rsx, b_arg, rsx + 1, diff / (m + t))
        return np.asarray(log_hyp - rsx * np.log(m + t), dtype=np.float64)

    # each term depends on (x, t_x) or (x, T) only: evaluated once per distinct pair
    log_f_tx = data.per_pair("t_x", log_f)
    log_f_T = data.per_pair("T", log_f)
    gap = data.t_x < data.T
    out = np.full_like(data.x, -np.inf)
    out[gap] = log_f_tx[gap] + log1mexp(np.minimum(log_f_T[gap] - log_f_tx[gap], 0.0))
    return out


def _terms(theta: FloatArray, data: Customers) -> tuple[FloatArray, FloatArray]:
    """The log of the likelihood's two terms, without the common factor: alive at T, and
    dead between t_x and T."""
    r, alpha, s, beta = theta
    x, T = data.x, data.T
    alive = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    dead = np.log(s) - np.log(r + s + x) + _log_A0(theta, data)
    return alive, dead


def _loglik(theta: FloatArray, data: Customers) -> FloatArray:
    r, alpha, s, beta = theta
    alive, dead = _terms(theta, data)
    head = data.per_x(lambda v: gammaln(r + v)) - gammaln(r) + r * np.log(alpha) + s * np.log(beta)
    return np.asarray(head + np.logaddexp(alive, dead), dtype=np.float64)
