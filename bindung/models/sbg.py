"""Shifted-beta-geometric (sBG): contract renewals of a subscription cohort.

Fader, P. S. & Hardie, B. G. S. (2007). "How to Project Customer Retention." *Journal of
Interactive Marketing* 21(1), 76-90 (FH 2007), eqs. 1-7 and appendix B; the discounted
expected residual lifetime from Fader & Hardie (2010), "Customer-Base Valuation in a
Contractual Setting: The Perils of Ignoring Heterogeneity." *Marketing Science* 29(1), 85-93
(FH 2010), eq. 6.

At the end of each period a customer cancels with probability ``theta ~ Beta(gamma, delta)``,
constant over her lifetime; ``T`` is the period in which she cancels.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

import numpy as np
from scipy.special import betaln  # type: ignore[import-untyped]

from bindung.models import inputs
from bindung.models.base import Model, starts_from
from bindung.models.errors import InsufficientDataError, ModelInputError
from bindung.models.inputs import FloatArray
from bindung.models.numeric import hyp2f1_robust, hyp2f1_series


class ShiftedBetaGeometricModel(Model):
    r"""The sBG model of contract duration (FH 2007).

    ::

        P(T = t) = B(γ+1, δ+t−1) / B(γ, δ)        (FH 2007, eq. 5)
        S(t)     = B(γ, δ+t) / B(γ, δ)            (eq. 6)
        r_t      = (δ+t−1) / (γ+δ+t−1)            (eq. 7, retention rate in period t)

    Fitted to one cohort: ``active[t]`` customers still active after ``t`` periods (``active[0]``
    the cohort at the start), by maximising (appendix B, eq. B3)::

        LL = Σ_{t=1..n} (active[t−1] − active[t]) ln P(T=t) + active[n] ln S(n)
    """

    name = "sbg"
    title = "sBG"
    param_names = ("gamma", "delta")
    advice = (
        "Typical causes: retention rates that do not rise with tenure (then customers are "
        "alike and a constant churn rate fits), or too few periods. Use more periods or a "
        "plain geometric model"
    )

    def fit(self, active: Any, *, initial: Mapping[str, float] | None = None) -> Self:
        """Estimates from a cohort's survivors ``active[0], active[1], ..., active[n]`` (counts
        of customers; the log-likelihood and the standard errors scale with them)."""
        alive = inputs.vector("active", active)
        if len(alive) < 3:
            raise InsufficientDataError(
                f"{self.title}: needs the cohort at the start and after at least 2 periods "
                f"(got {len(alive)} value(s)) to estimate two parameters"
            )
        inputs.check("active", alive, alive < 0, ">= 0")
        if alive[0] <= 0:
            raise ModelInputError("active: the cohort at the start (active[0]) must be positive")
        inputs.check(
            "active",
            alive,
            np.concatenate([[False], np.diff(alive) > 0]),
            "non-increasing (a cohort cannot grow; count new customers in a new cohort)",
        )
        lost = -np.diff(alive)
        if lost.sum() <= 0:
            raise InsufficientDataError(
                f"{self.title}: nobody cancelled in {len(lost)} periods, so churn cannot be "
                "estimated; wait for more periods"
            )
        periods = np.arange(1, len(alive), dtype=np.float64)

        def nll(u: FloatArray) -> float:
            g, d = np.exp(u)
            churned = float(np.dot(lost, _log_churn(g, d, periods)))
            return -(churned + float(alive[-1] * _log_survival(g, d, periods[-1:])[0]))

        self._estimate(
            nll, starts_from(initial, self.param_names), n=float(alive[0]), rows=len(alive)
        )
        return self

    def survival(self, t: Any) -> FloatArray:
        """S(t), the share of a cohort still active after ``t`` periods (FH 2007, eq. 6)."""
        tt = _periods("t", t, minimum=0)
        g, d = self._theta()
        return np.asarray(np.exp(_log_survival(g, d, tt)), dtype=np.float64)

    def churn_probability(self, t: Any) -> FloatArray:
        """P(T = t), the share of a cohort cancelling in period ``t >= 1`` (FH 2007, eq. 5)."""
        tt = _periods("t", t, minimum=1)
        g, d = self._theta()
        return np.asarray(np.exp(_log_churn(g, d, tt)), dtype=np.float64)

    def retention_rate(self, t: Any) -> FloatArray:
        """r_t = S(t)/S(t−1) = (δ+t−1)/(γ+δ+t−1), the retention rate in period ``t >= 1``
        (FH 2007, eq. 7); it rises with tenure as the customers likely to cancel leave."""
        tt = _periods("t", t, minimum=1)
        g, d = self._theta()
        return np.asarray((d + tt - 1) / (g + d + tt - 1), dtype=np.float64)

    def derl(self, discount_rate: float, renewals: Any = 0) -> FloatArray:
        """Discounted expected residual lifetime of a customer who has made ``renewals`` (n−1)
        renewals, just before her next renewal decision (FH 2010, eq. 6)::

            DERL = (δ+n−1)/(γ+δ+n−1) · ₂F₁(1, δ+n; γ+δ+n; 1/(1+d))

        i.e. Σ_{k>=0} P(she pays period n+k | active in n−1) / (1+d)^k: the expected number
        of future payments, each discounted at ``discount_rate`` per period.  Multiply by the
        margin per period for her residual lifetime value.
        """
        d_rate = _discount(discount_rate)
        n = _periods("renewals", renewals, minimum=0) + 1
        g, d = self._theta()
        unique, back = np.unique(n, return_inverse=True)
        first = (d + unique - 1) / (g + d + unique - 1)
        return np.asarray(first * _sum_of_ratios(g, d + unique, d_rate)[back], dtype=np.float64)

    def discounted_expected_lifetime(self, discount_rate: float) -> float:
        """DEL = ₂F₁(1, δ; γ+δ; 1/(1+d)), the discounted number of payments of a new
        customer, the first (at sign-up) included (FH 2010, eq. 4)."""
        d_rate = _discount(discount_rate)
        g, d = self._theta()
        return float(_sum_of_ratios(g, np.array([d]), d_rate)[0])


def _sum_of_ratios(g: float, b: FloatArray, rate: float) -> FloatArray:
    """₂F₁(1, b; g+b; 1/(1+rate)) = Σ_k (b)_k/(g+b)_k (1+rate)^−k, a discounted sum of
    survival ratios, so it lies in [1, (1+rate)/rate].  scipy's ``hyp2f1`` returns NaN or
    wrong values here for small rates and large ``b`` (and near g = 1); values outside the
    bounds are summed directly."""
    z = np.full_like(b, 1 / (1 + rate))
    total = hyp2f1_robust(1.0, b, g + b, z)
    upper = (1 + rate) / rate * (1 + 1e-12)
    bad = ~((total >= 1 - 1e-12) & (total <= upper))
    if bad.any():
        total[bad] = hyp2f1_series(
            np.ones(int(bad.sum())), b[bad], g + b[bad], z[bad], np.zeros(int(bad.sum()))
        )
    return total


def _log_churn(g: float, d: float, t: FloatArray) -> FloatArray:
    return np.asarray(betaln(g + 1, d + t - 1) - betaln(g, d), dtype=np.float64)


def _log_survival(g: float, d: float, t: FloatArray) -> FloatArray:
    return np.asarray(betaln(g, d + t) - betaln(g, d), dtype=np.float64)


def _periods(name: str, t: Any, *, minimum: int) -> FloatArray:
    tt = inputs.vector(name, t)
    inputs.check(name, tt, (tt < minimum) | (tt != np.floor(tt)), f"whole numbers >= {minimum}")
    return tt


def _discount(rate: float) -> float:
    value = float(rate)
    if not (np.isfinite(value) and value > 0):
        raise ModelInputError(
            f"discount_rate: must be positive per period (e.g. 0.1 for 10 %), got {rate}; "
            "without discounting the expected lifetime may be infinite"
        )
    return value
