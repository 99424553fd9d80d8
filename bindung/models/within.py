"""Within-customer rate ratios: Poisson regression with a fixed effect per customer.

>>> fit = within_rate_ratios(panel.orders, {"fan": panel.fan}, panel.customer,
...                          {"month": panel.month, "tenure": panel.tenure})  # doctest: +SKIP
>>> fit.effects["fan"].ratio                                                  # doctest: +SKIP
1.19

**Why.**  Customers who follow a brand, join a loyalty programme or complain are not a random
draw: they bought more (or less) to begin with, for reasons no export records.  Comparing each
customer with *themselves* — how often they buy after the event against before, relative to how
the same months and the same customer ages go for everybody else — removes every difference
between customers that does not change over time, observed or not (decision 0006).

**Model** (Hausman, Hall & Griliches, *Econometrica* 52, 1984; Wooldridge, *Econometric Analysis
of Cross Section and Panel Data*, 2nd ed., 2010, §18.7.4).  Rows are customer-months ``(g, t)``
with an outcome ``y_gt ≥ 0`` (orders, or revenue)::

    E[y_gt] = c_g · exp(Σ_j β_j D_jgt + month_t + tenure_gt)

``c_g`` is the customer's own level, ``D_j`` are 0/1 indicators ("after the first
interaction"), ``month`` and ``tenure`` are categorical controls (calendar month: season and
trend; months since the first order: the common decline as customers drop out).  Conditioning
on each customer's total ``Y_g = Σ_t y_gt`` removes ``c_g`` (the conditional Poisson
likelihood, a multinomial)::

    ℓ(β) = Σ_g Σ_t y_gt · log π_gt,        π_gt = exp(x_gt β) / Σ_s exp(x_gs β)

``exp(β_j)`` is the rate ratio: "after the event the customer buys exp(β_j) times as often".
The estimate equals ``statsmodels.discrete.conditional_models.ConditionalPoisson`` (the tests
check it to 1e-6); this module maximises the same likelihood with vectorised Newton steps,
because statsmodels' loop over customers takes ~25 s on the demo where this takes ~1 s.
Poisson *quasi*-likelihood needs only the mean to be right (Wooldridge 1999), so revenue works
as an outcome too.

**Uncertainty.**  The interval uses the cluster-robust sandwich by customer,
``V = H⁻¹ (Σ_g s_g s_gᵀ) H⁻¹ · G/(G−1)`` with ``s_g`` the customer's score and ``H`` the
Hessian: counts of one customer are not independent Poisson draws (customers drop out), so the
model-based variance would be too small.  95 % interval: ``exp(β ± z · se)``; checked by
simulation in ``tests/models/test_within.py``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats  # type: ignore[import-untyped]

from bindung.models.errors import ModelError

Array = npt.NDArray[np.float64]
CONFIDENCE = 0.95


@dataclass(frozen=True)
class RateRatio:
    """One effect: ``ratio = exp(β)`` with its interval."""

    term: str
    ratio: float
    low: float
    high: float
    beta: float
    se: float
    treated_customers: int  # customers with the indicator on in at least one of their rows

    @property
    def percent(self) -> float:
        """The change in percent: (ratio − 1) · 100."""
        return (self.ratio - 1.0) * 100.0


@dataclass(frozen=True)
class WithinFit:
    effects: dict[str, RateRatio]
    customers: int  # customers that carry information (an outcome total > 0)
    rows: int
    iterations: int
    loglik: float
    params: Array  # all coefficients: effects first, then the control dummies
    se_model: Array  # model-based standard errors (for comparison with statsmodels)


def design(
    treatments: Mapping[str, npt.ArrayLike], controls: Mapping[str, npt.ArrayLike]
) -> tuple[Array, list[str]]:
    """The dense design: the 0/1 treatment columns, then one dummy per control level except
    each control's first level."""
    columns: list[Array] = []
    names: list[str] = []
    for name, values in treatments.items():
        columns.append(np.asarray(values, dtype=np.float64))
        names.append(name)
    for name, values in controls.items():
        codes, levels = pd.factorize(pd.Series(np.asarray(values)), sort=True)
        for i in range(1, len(levels)):
            columns.append((codes == i).astype(np.float64))
            names.append(f"{name}[{levels[i]}]")
    return np.column_stack(columns), names


def within_rate_ratios(
    outcome: npt.ArrayLike,
    treatments: Mapping[str, npt.ArrayLike],
    customer: npt.ArrayLike,
    controls: Mapping[str, npt.ArrayLike] | None = None,
    *,
    confidence: float = CONFIDENCE,
    max_iter: int = 50,
    tol: float = 1e-10,
) -> WithinFit:
    """Fit the conditional (fixed-effects) Poisson model; see the module docstring.

    ``outcome``, every treatment and control and ``customer`` are aligned 1-d arrays (one
    element per customer-period row).  Customers whose outcome total is 0 carry no information
    and are left out; a treatment that never varies within any remaining customer cannot be
    estimated and raises :class:`ModelError`.
    """
    y = np.asarray(outcome, dtype=np.float64)
    if not np.all(np.isfinite(y)) or (y < 0).any():
        raise ModelError("the outcome must be finite and not negative")
    x, names = design(treatments, controls or {})
    groups = pd.factorize(pd.Series(np.asarray(customer)))[0]
    totals = np.asarray(np.bincount(groups, weights=y), dtype=np.float64)
    keep = totals[groups] > 0
    y, x, groups = y[keep], x[keep], pd.factorize(groups[keep])[0]
    totals = np.asarray(np.bincount(groups, weights=y), dtype=np.float64)
    n_groups = len(totals)
    k_treat = len(treatments)
    # drop control dummies without variation left (e.g. a month with no rows)
    varying = np.ones(x.shape[1], dtype=bool)
    for j in range(x.shape[1]):
        varying[j] = _varies_within(x[:, j], groups, n_groups)
    for j, name in enumerate(names[:k_treat]):
        if not varying[j]:
            raise ModelError(
                f"{name}: no customer has rows both with and without it; there is nothing to "
                "compare within customers"
            )
    x, names = x[:, varying], [n for n, v in zip(names, varying, strict=True) if v]
    beta = np.zeros(x.shape[1])
    loglik = -math.inf
    iterations = 0
    for iterations in range(1, max_iter + 1):  # noqa: B007
        loglik, score, hess, _ = _derivatives(beta, y, x, groups, n_groups, totals)
        try:
            step = np.linalg.solve(-hess, score)
        except np.linalg.LinAlgError:
            raise ModelError(
                "the design is singular: a treatment is collinear with the controls"
            ) from None
        # halve the step while the likelihood does not improve
        for _ in range(30):
            new = beta + step
            new_ll = _loglik(new, y, x, groups, n_groups)
            if new_ll >= loglik - 1e-12:
                break
            step /= 2
        beta = new
        if np.max(np.abs(step)) < tol or abs(new_ll - loglik) < tol * max(1.0, abs(loglik)):
            break
    loglik, score, hess, group_scores = _derivatives(beta, y, x, groups, n_groups, totals)
    bread = np.linalg.inv(-hess)
    meat = group_scores.T @ group_scores
    robust = bread @ meat @ bread * (n_groups / max(n_groups - 1, 1))
    se = np.sqrt(np.diag(robust))
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    effects = {}
    for j, name in enumerate(names[:k_treat]):
        d = x[:, j]
        switched = np.bincount(groups, weights=d) > 0
        effects[name] = RateRatio(
            term=name,
            ratio=math.exp(beta[j]),
            low=math.exp(beta[j] - z * se[j]),
            high=math.exp(beta[j] + z * se[j]),
            beta=float(beta[j]),
            se=float(se[j]),
            treated_customers=int(switched.sum()),
        )
    return WithinFit(
        effects=effects,
        customers=n_groups,
        rows=len(y),
        iterations=iterations,
        loglik=float(loglik),
        params=beta,
        se_model=np.sqrt(np.diag(bread)),
    )


def _varies_within(col: Array, groups: npt.NDArray[np.intp], n_groups: int) -> bool:
    lo = np.full(n_groups, np.inf)
    hi = np.full(n_groups, -np.inf)
    np.minimum.at(lo, groups, col)
    np.maximum.at(hi, groups, col)
    return bool((hi > lo).any())


def _shares(
    beta: Array, x: Array, groups: npt.NDArray[np.intp], n_groups: int
) -> tuple[Array, Array]:
    eta = x @ beta
    top = np.full(n_groups, -np.inf)
    np.maximum.at(top, groups, eta)
    e = np.exp(eta - top[groups])
    sums = np.bincount(groups, weights=e, minlength=n_groups)
    return e / sums[groups], np.log(sums) + top


def _loglik(beta: Array, y: Array, x: Array, groups: npt.NDArray[np.intp], n_groups: int) -> float:
    pi, _ = _shares(beta, x, groups, n_groups)
    pos = y > 0
    return float(np.sum(y[pos] * np.log(pi[pos])))


def _derivatives(
    beta: Array,
    y: Array,
    x: Array,
    groups: npt.NDArray[np.intp],
    n_groups: int,
    totals: Array,
) -> tuple[float, Array, Array, Array]:
    """Log-likelihood, score, Hessian and the per-customer scores."""
    pi, _ = _shares(beta, x, groups, n_groups)
    pos = y > 0
    loglik = float(np.sum(y[pos] * np.log(pi[pos])))
    resid = y - totals[groups] * pi
    k = x.shape[1]
    group_scores = np.empty((n_groups, k))
    xbar = np.empty((n_groups, k))
    for j in range(k):
        group_scores[:, j] = np.bincount(groups, weights=x[:, j] * resid, minlength=n_groups)
        xbar[:, j] = np.bincount(groups, weights=x[:, j] * pi, minlength=n_groups)
    w = totals[groups] * pi
    hess = -(x.T @ (x * w[:, None])) + (xbar.T * totals) @ xbar
    return loglik, group_scores.sum(axis=0), hess, group_scores
