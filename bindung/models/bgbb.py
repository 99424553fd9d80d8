"""BG/BB: purchases at discrete opportunities (yearly donations, event visits, ...).

Fader, P. S., Hardie, B. G. S. & Shang, J. (2010). "Customer-Base Analysis in a
Discrete-Time Noncontractual Setting." *Marketing Science* 29(6), 1086-1108 (FHS 2010).

While alive a customer buys at each opportunity with probability ``p ~ Beta(alpha, beta)``;
before each opportunity she dies with probability ``theta ~ Beta(gamma, delta)``.  Of ``n``
opportunities after the first purchase she used ``x``, the last one at opportunity ``t_x``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

import numpy as np
from scipy.special import betaln, digamma, gammaln  # type: ignore[import-untyped]

from bindung.models import inputs
from bindung.models.base import Model, starts_from
from bindung.models.errors import ModelInputError
from bindung.models.inputs import Customers, FloatArray
from bindung.models.numeric import weighted_sum


class BetaGeoBetaBinomModel(Model):
    r"""The BG/BB model (FHS 2010).

    Likelihood of one customer (FHS 2010, eq. 5)::

        L = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
          + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ)

    summed in log space (log-sum-exp over the terms).
    """

    name = "bgbb"
    title = "BG/BB"
    param_names = ("alpha", "beta", "gamma", "delta")
    advice = (
        "Typical causes: too few opportunities to see customers drop out, customers too alike "
        "for a beta mixture, or too few repeat customers. Fit on more customers or more "
        "opportunities, or use a simpler model"
    )

    def fit(
        self,
        frequency: Any,
        recency: Any = None,
        periods: Any = None,
        weights: Any = None,
        *,
        initial: Mapping[str, float] | None = None,
    ) -> Self:
        """Estimates from per-customer ``frequency`` (opportunities used, ``x``), ``recency``
        (the last opportunity used, ``t_x``) and ``periods`` (opportunities, ``n``) — or a
        table with these columns — and optional ``weights`` (customers per pattern)."""
        data = inputs.customers(frequency, recency, periods, weights, discrete=True).collapsed()
        inputs.require_repeaters(data, self.title)

        def nll(u: FloatArray) -> float:
            return -weighted_sum(data.w, _loglik(np.exp(u), data))

        self._estimate(nll, starts_from(initial, self.param_names), n=data.n, rows=data.rows)
        return self

    def log_likelihood(
        self, frequency: Any, recency: Any = None, periods: Any = None
    ) -> FloatArray:
        """Each customer's log-likelihood at the fitted parameters."""
        return _loglik(self._theta(), inputs.customers(frequency, recency, periods, discrete=True))

    def p_alive(self, frequency: Any, recency: Any = None, periods: Any = None) -> FloatArray:
        """P(alive at opportunity n+1 | x, t_x, n) (FHS 2010, eq. 11)::

        B(α+x, β+n−x)/B(α,β) · B(γ, δ+n+1)/B(γ,δ) / L(α, β, γ, δ | x, t_x, n)
        """
        data = inputs.customers(frequency, recency, periods, discrete=True)
        a, b, g, d = self._theta()
        x, n = data.x, data.T
        log_alive = betaln(a + x, b + n - x) - betaln(a, b) + betaln(g, d + n + 1) - betaln(g, d)
        return np.asarray(np.exp(log_alive - _loglik(self._theta(), data)), dtype=np.float64)

    def expected_purchases(
        self, frequency: Any, recency: Any = None, periods: Any = None, *, t: Any
    ) -> FloatArray:
        """E[X(n, n+t) | x, t_x, n], purchases expected at the next ``t`` opportunities
        (FHS 2010, eq. 13)::

            1/L · B(α+x+1, β+n−x)/B(α,β) · δ/(γ−1) · Γ(γ+δ)/Γ(1+δ)
                · [Γ(1+δ+n)/Γ(γ+δ+n) − Γ(1+δ+n+t)/Γ(γ+δ+n+t)]

        The bracket over ``γ−1`` is evaluated with ``expm1`` (and its limit at γ = 1).
        """
        data = inputs.customers(frequency, recency, periods, discrete=True)
        tt = inputs.vector("t", t)
        x, t_x, n, tt = inputs.broadcast(frequency=data.x, recency=data.t_x, periods=data.T, t=tt)
        inputs.check("t", tt, tt < 0, ">= 0")
        theta = self._theta()
        a, b, g, d = theta
        ll = _loglik(theta, Customers(x, t_x, n, np.ones_like(x)))
        log_p = betaln(a + x + 1, b + n - x) - betaln(a, b)
        return np.asarray(np.exp(log_p - ll) * _alive_sum(g, d, n, tt), dtype=np.float64)

    def expected_purchases_new_customer(self, t: Any) -> FloatArray:
        """E[X(n)], purchases of a new customer at her first ``n = t`` opportunities
        (FHS 2010, eq. 9)::

            α/(α+β) · δ/(γ−1) · [1 − Γ(γ+δ)Γ(1+δ+n) / (Γ(γ+δ+n)Γ(1+δ))]
        """
        tt = inputs.vector("t", t)
        inputs.check("t", tt, tt < 0, ">= 0")
        a, b, g, d = self._theta()
        return np.asarray(a / (a + b) * _alive_sum(g, d, np.zeros_like(tt), tt), dtype=np.float64)

    def purchase_count_probability(self, x: Any, periods: Any) -> FloatArray:
        """P(X(n) = x), the probability of ``x`` purchases at the first ``n`` opportunities
        (FHS 2010, eq. 7)::

            C(n,x) B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
            + Σ_{i=x}^{n−1} C(i,x) B(α+x, β+i−x)/B(α,β) · B(γ+1, δ+i)/B(γ,δ)
        """
        xs, ns = inputs.broadcast(
            x=inputs.vector("x", x), periods=inputs.vector("periods", periods)
        )
        inputs.check("x", xs, (xs < 0) | (xs != np.floor(xs)), "whole numbers >= 0")
        inputs.check("periods", ns, (ns < xs) | (ns != np.floor(ns)), "whole numbers >= x")
        a, b, g, d = self._theta()
        base_ab, base_gd = betaln(a, b), betaln(g, d)
        total = _log_choose(ns, xs) + betaln(a + xs, b + ns - xs) - base_ab
        total += betaln(g, d + ns) - base_gd
        for i in range(int(ns.max()) if len(ns) else 0):
            use = (i >= xs) & (i < ns)
            if not use.any():
                continue
            term = _log_choose(np.full_like(xs, i), xs) + betaln(a + xs, b + i - xs) - base_ab
            term += betaln(g + 1, d + i) - base_gd
            total = np.where(use, np.logaddexp(total, np.where(use, term, -np.inf)), total)
        return np.asarray(np.exp(total), dtype=np.float64)


def _log_choose(n: FloatArray, k: FloatArray) -> FloatArray:
    k_safe = np.clip(k, 0, np.maximum(n, 0))
    return np.asarray(
        gammaln(n + 1) - gammaln(k_safe + 1) - gammaln(n - k_safe + 1), dtype=np.float64
    )


def _loglik(theta: FloatArray, data: Customers) -> FloatArray:
    a, b, g, d = theta
    x, t_x, n = data.x, data.t_x, data.T
    base = betaln(a, b) + betaln(g, d)
    total = betaln(a + x, b + n - x) + betaln(g, d + n) - base
    gaps = (n - t_x).astype(np.int64)
    for i in range(int(gaps.max()) if len(gaps) else 0):
        use = i < gaps
        term = betaln(a + x, b + t_x - x + i) + betaln(g + 1, d + t_x + i) - base
        total = np.where(use, np.logaddexp(total, np.where(use, term, -np.inf)), total)
    return np.asarray(total, dtype=np.float64)


def _alive_sum(g: float, d: float, n: FloatArray, t: FloatArray) -> FloatArray:
    """Σ_{k=1..t} B(γ, δ+n+k)/B(γ,δ) = δ/(γ−1) · Γ(γ+δ)/Γ(1+δ) · [G(n) − G(n+t)],
    G(j) = Γ(1+δ+j)/Γ(γ+δ+j): the expected number of the next ``t`` opportunities at which
    a customer alive at ``n`` is still alive, times P(alive at n) (non-integer ``t`` is
    interpolated by the closed form)."""
    if len(t) and np.any(t != np.floor(t)):
        raise ModelInputError("t: opportunities are whole numbers")
    log_g_n = gammaln(1 + d + n) - gammaln(g + d + n)
    # ln G(n+t) − ln G(n); both parts are smooth in γ, their difference vanishes with t
    delta_log = (gammaln(1 + d + n + t) - gammaln(1 + d + n)) - (
        gammaln(g + d + n + t) - gammaln(g + d + n)
    )
    log_front = np.log(d) + gammaln(g + d) - gammaln(1 + d) + log_g_n
    if abs(g - 1) < 1e-7:
        # limit γ -> 1: [G(n) − G(n+t)]/(γ−1) -> G(n) · (ψ(1+δ+n+t) − ψ(1+δ+n))
        ratio = digamma(1 + d + n + t) - digamma(1 + d + n)
    else:
        ratio = -np.expm1(delta_log) / (g - 1)
    return np.asarray(np.exp(log_front) * ratio, dtype=np.float64)
