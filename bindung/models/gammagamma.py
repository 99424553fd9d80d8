"""Gamma-Gamma: the average spend per purchase of repeat customers.

Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "RFM and CLV: Using Iso-Value Curves for
Customer Base Analysis." *Journal of Marketing Research* 42(4), 415-430 (FHL 2005b), section
"Adding monetary value", and Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value"
(note 025), eqs. 1-5; after Colombo & Jiang (1999).

Each purchase's value is ``Gamma(p, nu)``; ``nu ~ Gamma(q, gamma)`` across customers.  The
model assumes that spend per purchase does not depend on the number of purchases.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any, Self

import numpy as np
from scipy.special import digamma, gammaln  # type: ignore[import-untyped]

from bindung.models import inputs
from bindung.models.base import Model, starts_from
from bindung.models.errors import (
    InsufficientDataError,
    ModelError,
    ModelInputError,
    SpendFrequencyCorrelationWarning,
)
from bindung.models.inputs import FloatArray
from bindung.models.numeric import ValueAndGradient, weighted_sum

#: Above this absolute (weighted Pearson) correlation of spend and frequency, fit() warns.
CORRELATION_WARNING = 0.3


class GammaGammaModel(Model):
    r"""The Gamma-Gamma model of spend per purchase (FHL 2005b; note 025).

    Log-likelihood of a customer with ``x`` repeat purchases of mean value ``m`` (note 025,
    eq. 3)::

        LL = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m + px ln x
             − (px+q) ln(γ + m x)

    Only customers with ``x > 0`` enter the fit (the others have no repeat spend).
    """

    name = "gammagamma"
    title = "Gamma-Gamma"
    param_names = ("p", "q", "gamma")
    advice = (
        "Typical causes: mean spend differs too little between customers for a gamma mixture "
        "(q and gamma grow together: everyone spends alike, so use the overall mean spend), "
        "or too few repeat customers"
    )

    def fit(
        self,
        frequency: Any,
        monetary: Any = None,
        weights: Any = None,
        *,
        initial: Mapping[str, float] | None = None,
    ) -> Self:
        """Estimates from ``frequency`` (repeat purchases) and ``monetary`` (the mean value of
        the repeat purchases) — or a table with these columns.

        Raises :class:`ModelInputError` when a repeat customer's mean spend is zero or
        negative (the model has no room for them: drop refund-only or free orders, or fit on
        gross revenue) and :class:`InsufficientDataError` with fewer than 10 repeat customers;
        warns (:class:`SpendFrequencyCorrelationWarning`) when spend and frequency correlate
        by more than 0.3 in absolute value.
        """
        x, m, w = _repeaters(frequency, monetary, weights)
        if w.sum() < inputs.MIN_REPEAT_CUSTOMERS:
            raise InsufficientDataError(
                f"{self.title} needs at least {inputs.MIN_REPEAT_CUSTOMERS} customers with a "
                f"repeat purchase; the data have {w.sum():g}"
            )
        corr = _correlation(x, m, w)
        if abs(corr) > CORRELATION_WARNING:
            warnings.warn(
                f"{self.title}: spend per purchase and purchase frequency correlate "
                f"(Pearson r = {corr:.2f} over {w.sum():,.0f} repeat customers); the model "
                "assumes they are independent, so its spend forecasts for frequent buyers are "
                "biased. Consider segmenting customers or modelling spend per segment",
                SpendFrequencyCorrelationWarning,
                stacklevel=2,
            )
        starts = starts_from(initial, self.param_names)
        starts.insert(1 if initial else 0, np.log([1.0, 1.0, float(np.average(m, weights=w))]))

        stats = _Sufficient(x, m, w)

        def value_and_gradient(u: FloatArray) -> tuple[float, FloatArray]:
            theta = np.exp(u)
            ll, g = stats.evaluate(theta)
            return -ll, -(g * theta)

        objective = ValueAndGradient(value_and_gradient)
        self._estimate(
            objective.value,
            starts,
            n=float(w.sum()),
            rows=len(x),
            gradient=objective.gradient,
            diagnostics={"spend_frequency_correlation": corr},
        )
        return self

    @property
    def spend_frequency_correlation_(self) -> float:
        """Weighted Pearson correlation of mean spend and frequency among repeat customers."""
        return self._fitted().diagnostics["spend_frequency_correlation"]

    def log_likelihood(self, frequency: Any, monetary: Any = None) -> FloatArray:
        """Each repeat customer's log-likelihood (customers with x = 0 are left out)."""
        x, m, _ = _repeaters(frequency, monetary, None)
        return _loglik(self._theta(), x, m)

    def expected_spend(self, frequency: Any, monetary: Any = None) -> FloatArray:
        """E[M | x, m], the expected value of a customer's future purchases (note 025, eq. 5)::

            p (γ + x m) / (p x + q − 1)
            = (q−1)/(px+q−1) · pγ/(q−1) + px/(px+q−1) · m

        a weighted mean of the population mean and the customer's own mean.  For ``x = 0``
        this is the population mean ``pγ/(q−1)`` (``monetary`` is then ignored).
        """
        f, mon = inputs.columns(frequency, ("frequency", "monetary"), (monetary,))
        x, m = inputs.broadcast(
            frequency=inputs.vector("frequency", f), monetary=inputs.vector("monetary", mon)
        )
        inputs.check("frequency", x, (x < 0) | (x != np.floor(x)), "whole numbers >= 0")
        inputs.check("monetary", m, (x > 0) & (m <= 0), "positive for repeat customers")
        p, q, gamma = self._theta()
        if q <= 1:
            raise ModelError(
                f"{self.title}: q = {q:.3g} <= 1, so the mean spend is infinite under this model "
                "and no expected spend exists; the spend data are too heavy-tailed for it"
            )
        m = np.where(x > 0, m, 0.0)
        return np.asarray(p * (gamma + x * m) / (p * x + q - 1), dtype=np.float64)

    def expected_spend_new_customer(self) -> float:
        """The population mean spend per purchase, pγ/(q−1) (note 025, eq. 4)."""
        return float(self.expected_spend(0, 0.0)[0])


def _repeaters(
    frequency: Any, monetary: Any, weights: Any
) -> tuple[FloatArray, FloatArray, FloatArray]:
    f, mon = inputs.columns(frequency, ("frequency", "monetary"), (monetary,))
    x, m = inputs.broadcast(
        frequency=inputs.vector("frequency", f), monetary=inputs.vector("monetary", mon)
    )
    w = inputs.weights_vector(weights, len(x))
    inputs.check("frequency", x, (x < 0) | (x != np.floor(x)), "whole numbers >= 0")
    bad = (x > 0) & (m <= 0)
    if bad.any():
        i = int(np.argmax(bad))
        raise ModelInputError(
            f"monetary: {int(bad.sum())} repeat customer(s) have a mean spend of zero or less "
            f"(first at position {i}: {m[i]:g}); Gamma-Gamma needs positive spend. Remove "
            "free or refund-only purchases from the repeat spend, or leave these customers out"
        )
    keep = x > 0
    return x[keep], m[keep], w[keep]


def _correlation(x: FloatArray, m: FloatArray, w: FloatArray) -> float:
    if len(x) < 2:
        return 0.0
    dx = x - np.average(x, weights=w)
    dm = m - np.average(m, weights=w)
    sx, sm = weighted_sum(w, dx**2), weighted_sum(w, dm**2)
    if sx == 0 or sm == 0:
        return 0.0
    return float(weighted_sum(w, dx * dm) / np.sqrt(sx * sm))


def _loglik(theta: FloatArray, x: FloatArray, m: FloatArray) -> FloatArray:
    """Each customer's LL (note 025, eq. 3; see :class:`GammaGammaModel`)."""
    p, q, gamma = theta
    px = p * x
    return np.asarray(
        gammaln(px + q)
        - gammaln(px)
        + px * np.log(x)
        - gammaln(q)
        + q * np.log(gamma)
        + (px - 1) * np.log(m)
        - (px + q) * np.log(gamma + m * x),
        dtype=np.float64,
    )


def _gradient(theta: FloatArray, x: FloatArray, m: FloatArray, w: FloatArray) -> FloatArray:
    """d LL / d (p, q, gamma), summed over customers with their weights."""
    return _Sufficient(x, m, w).evaluate(theta)[1]


class _Sufficient:
    r"""The weighted log-likelihood and its gradient from statistics computed once per fit.

    Summed over customers with weights ``w`` (``W = Σw``, ``W_k`` = the weight of the
    customers with the k-th distinct frequency ``x_k``, ``L = ln(γ + m x)``), note 025's
    eq. 3 is::

        Σ w LL = Σ_k W_k [ln Γ(p x_k + q) − ln Γ(p x_k) + p x_k ln x_k] − W ln Γ(q) + W q ln γ
                 + p Σ w x ln m − Σ w ln m − p Σ w x L − q Σ w L

    and its derivatives (ψ = digamma)::

        d/dp = Σ_k W_k x_k [ψ(p x_k + q) − ψ(p x_k) + ln x_k] + Σ w x ln m − Σ w x L
        d/dq = Σ_k W_k ψ(p x_k + q) − W ψ(q) + W ln γ − Σ w L
        d/dγ = W q / γ − p Σ w x / (γ + m x) − q Σ w / (γ + m x)

    The ``ln m`` sums are constants, and the gamma functions are needed once per distinct
    ``x``; what is left per customer and evaluation is one logarithm and one reciprocal of
    ``γ + m x`` and four weighted sums.
    """

    def __init__(self, x: FloatArray, m: FloatArray, w: FloatArray) -> None:
        levels, index = np.unique(x, return_inverse=True)
        self.levels = levels
        self.log_levels = np.log(levels)
        self.level_weights: FloatArray = np.asarray(
            np.bincount(index, weights=w, minlength=len(levels)), dtype=np.float64
        )
        self.total = float(np.sum(w))
        self.w = w
        self.wx = w * x
        self.mx = m * x
        log_m = np.log(m)
        self.sum_w_log_m = weighted_sum(w, log_m)
        self.sum_wx_log_m = weighted_sum(self.wx, log_m)
        self._z = np.empty_like(self.mx)
        self._work = np.empty_like(self.mx)

    def evaluate(self, theta: FloatArray) -> tuple[float, FloatArray]:
        """``(Σ w LL, d Σ w LL / d (p, q, γ))`` at ``theta = (p, q, γ)``."""
        p, q, gamma = (float(v) for v in theta)
        z, work = self._z, self._work
        np.add(self.mx, gamma, out=z)
        np.log(z, out=work)
        sum_w_L, sum_wx_L = weighted_sum(self.w, work), weighted_sum(self.wx, work)
        np.reciprocal(z, out=work)
        sum_w_inv, sum_wx_inv = weighted_sum(self.w, work), weighted_sum(self.wx, work)
        W, Wk = self.total, self.level_weights
        px = p * self.levels
        psi_pxq = digamma(px + q)
        ll = (
            weighted_sum(Wk, gammaln(px + q) - gammaln(px) + px * self.log_levels)
            - W * gammaln(q)
            + W * q * np.log(gamma)
            + p * self.sum_wx_log_m
            - self.sum_w_log_m
            - p * sum_wx_L
            - q * sum_w_L
        )
        d_p = (
            weighted_sum(Wk * self.levels, psi_pxq - digamma(px) + self.log_levels)
            + self.sum_wx_log_m
            - sum_wx_L
        )
        d_q = weighted_sum(Wk, psi_pxq) - W * digamma(q) + W * np.log(gamma) - sum_w_L
        d_gamma = W * q / gamma - p * sum_wx_inv - q * sum_w_inv
        return float(ll), np.array([d_p, d_q, d_gamma])
