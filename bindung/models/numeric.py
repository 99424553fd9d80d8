"""Maximum likelihood on log-parameters, finite-difference derivatives, stable log helpers.

Every model maximises its log-likelihood over ``u = log(params)`` (all parameters are
positive), so the search is unconstrained but for wide bounds ``|u| <= BOUND`` that keep
``exp(u)`` finite.  The search is L-BFGS-B (``scipy.optimize.minimize``) followed by Newton
steps on a finite-difference Hessian, which both sharpens the optimum and yields the Hessian
used for standard errors.

Derivatives (numdifftools is not used; the formulas are the textbook ones):

* gradient without an analytic one: central differences, step ``h_i = eps**(1/3) * max(1,
  |u_i|)`` (truncation error O(h^2), rounding error O(eps |f| / h); this ``h`` balances both);
* Hessian with an analytic gradient: central differences of the gradient with the same step,
  then symmetrised;
* Hessian without one: the second-order central formulas on ``f`` with ``h_i = eps**(1/4) *
  max(1, |u_i|)``::

      H_ii = (f(u + h_i e_i) - 2 f(u) + f(u - h_i e_i)) / h_i^2
      H_ij = (f(u + h_i e_i + h_j e_j) - f(u + h_i e_i - h_j e_j)
              - f(u - h_i e_i + h_j e_j) + f(u - h_i e_i - h_j e_j)) / (4 h_i h_j)

The covariance of the log-parameters is the inverse of the Hessian of the negative
log-likelihood; that of the parameters follows by the delta method, ``cov(theta) = D cov(u) D``
with ``D = diag(theta)`` (exact at the optimum, where the gradient vanishes).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import minimize  # type: ignore[import-untyped]
from scipy.special import gammaln, gammasgn, hyp2f1  # type: ignore[import-untyped]

from bindung.models.errors import ConvergenceError
from bindung.models.inputs import FloatArray

Objective = Callable[[FloatArray], float]
Gradient = Callable[[FloatArray], FloatArray]

_ADVICE = (
    "Typical causes: too little data, or data the model's story does not fit. Fit on more "
    "data, check for a few extreme customers dominating the fit, or use a simpler model"
)
#: Bound on every log-parameter: parameters stay within [1.5e-8, 6.6e7].
BOUND = 18.0
#: A search that ends this close to the bound (in log space) is running off along a ridge,
#: not converging: a parameter above ~6e7 is the limit of the model, not an estimate.  (With
#: scipy 1.17 a ridge search stopped at 17.997, just inside a tolerance of 1e-3.)
AT_BOUND = 0.1
EPS = float(np.finfo(np.float64).eps)


def weighted_sum(w: FloatArray, v: FloatArray) -> float:
    """``Σ w_i v_i`` in numpy's own loop (``einsum``), not as a BLAS dot product.

    ``w @ v`` calls BLAS ``ddot``, which OpenBLAS spreads over all cores above a size
    threshold; its worker threads then spin between calls and compete with the main thread
    (and with scipy's OpenBLAS inside L-BFGS-B), which made the fits 1.6-1.9x slower on a
    quiet machine and far slower on a busy one.  ``einsum`` without ``optimize`` never calls
    BLAS and is as fast as a single-threaded ``ddot``.
    """
    return float(np.einsum("i,i->", w, v))


class ValueAndGradient:
    """Objective and gradient for :func:`maximise` from one function ``fun(u) -> (value,
    gradient)`` that computes both together, evaluated once per point.

    L-BFGS-B asks for the value and the gradient at the same point, and a Newton step asks
    for the gradient where its line search has just evaluated the value; both share most of
    their work, so the last point's results are kept.
    """

    def __init__(self, fun: Callable[[FloatArray], tuple[float, FloatArray]]) -> None:
        self.fun = fun
        self._u: FloatArray | None = None
        self._value = 0.0
        self._gradient: FloatArray = np.zeros(0)

    def _at(self, u: FloatArray) -> None:
        if self._u is None or not np.array_equal(u, self._u):
            value, gradient = self.fun(u)
            self._u = np.array(u, dtype=np.float64, copy=True)
            self._value = float(value)
            self._gradient = np.asarray(gradient, dtype=np.float64)

    def value(self, u: FloatArray) -> float:
        self._at(u)
        return self._value

    def gradient(self, u: FloatArray) -> FloatArray:
        self._at(u)
        return self._gradient.copy()


def log1mexp(d: FloatArray) -> FloatArray:
    """``log(1 - exp(d))`` for ``d <= 0``, accurate near 0 and for very negative ``d``
    (Mächler 2012, "Accurately computing log(1 - exp(-|a|))")."""
    d = np.minimum(d, 0.0)
    out = np.full_like(d, -np.inf)
    near = d > -np.log(2.0)
    far = ~near
    nz = near & (d < 0)
    out[nz] = np.log(-np.expm1(d[nz]))
    out[far] = np.log1p(-np.exp(d[far]))
    return out


def expm1_ratio(k: FloatArray | float, L: FloatArray) -> FloatArray:
    """``(1 - exp(k L)) / k``, and its limit ``-L`` as ``k -> 0``.

    With ``L = log(y)`` this is ``(1 - y**k) / k``, the form in which the Pareto/NBD
    expectations contain ``s - 1``; the limit keeps ``s = 1`` finite.
    """
    k_arr = np.broadcast_to(np.asarray(k, dtype=np.float64), np.shape(L))
    small = np.abs(k_arr) < 1e-8
    safe_k = np.where(small, 1.0, k_arr)
    exact = -np.expm1(k_arr * L) / safe_k
    series = -L * (1.0 + 0.5 * k_arr * L)
    return np.asarray(np.where(small, series, exact), dtype=np.float64)


def hyp2f1_robust(A: Any, B: Any, C: Any, z: Any) -> FloatArray:
    """``scipy.special.hyp2f1`` with repairs for real ``0 <= z < 1``.

    Near ``z = 1`` scipy transforms to ``1 − z``, which is degenerate when ``c − a − b`` is
    an integer: it returns NaN there (e.g. ``hyp2f1(1, 10, 109, 0.95)``) and values off by
    orders of magnitude within about 1e-5 of one (``hyp2f1(1.5623, 1, 2.5623, 0.999)`` gives
    −38.9).  The function is smooth in ``c``, so within 1e-4 of an integer ``m`` (and for
    ``z > 0.5``) it is interpolated (cubic, Lagrange) from the values at ``c − a − b = m ±
    h, m ± 2h``, ``h = 2e-4``, where scipy is accurate (relative error ~1e-9; the
    interpolation adds ``(4h ln(1−z))^4``).  Whatever is still not finite is summed directly
    (:func:`hyp2f1_series`).
    """
    A, B, C, z = np.broadcast_arrays(
        *(np.atleast_1d(np.asarray(v, dtype=np.float64)) for v in (A, B, C, z))
    )
    with np.errstate(all="ignore"):
        F = np.asarray(hyp2f1(A, B, C, z), dtype=np.float64)
        gap = C - A - B
        off = gap - np.round(gap)
        bad = ((np.abs(off) < 1e-4) & (z > 0.5)) | ~np.isfinite(F)
        if bad.any():
            a, b, zz, d = A[bad], B[bad], z[bad], off[bad]
            c0 = C[bad] - d  # c − a − b exactly the integer
            h = 2e-4
            nodes = (-2 * h, -h, h, 2 * h)
            total = np.zeros_like(d)
            for j, u in enumerate(nodes):
                weight = np.ones_like(d)
                for k, v in enumerate(nodes):
                    if k != j:
                        weight *= (d - v) / (u - v)
                total += weight * hyp2f1(a, b, c0 + u, zz)
            F[bad] = total
            bad = ~np.isfinite(F)
        if bad.any():
            F[bad] = hyp2f1_series(A[bad], B[bad], C[bad], z[bad], np.zeros(int(bad.sum())))
    return F


def log_hyp2f1_positive(A: Any, B: Any, C: Any, z: FloatArray) -> FloatArray:
    """``ln ₂F₁(A, B; C; z)`` for ``A, B, C > 0`` and ``0 <= z < 1`` (so the function is >= 1).

    Where ``C − A − B < 0`` the series diverges as ``z -> 1`` and the value overflows for
    large parameters; there Euler's transformation ``₂F₁(A,B;C;z) = (1−z)^(C−A−B)
    ₂F₁(C−A, C−B; C; z)`` is used in log form, whose series converges at ``z = 1``.
    """
    A, B, C, z = np.broadcast_arrays(*(np.asarray(v, dtype=np.float64) for v in (A, B, C, z)))
    euler = C - A - B < 0
    a = np.where(euler, C - A, A)
    b = np.where(euler, C - B, B)
    with np.errstate(all="ignore"):
        log_power = np.where(euler, (C - A - B) * np.log1p(-z), 0.0)
        return np.asarray(log_power + np.log(hyp2f1_robust(a, b, C, z)), dtype=np.float64)


def hyp2f1_series(
    A: FloatArray, B: FloatArray, C: FloatArray, z: FloatArray, log_scale: FloatArray
) -> FloatArray:
    """``exp(log_scale) · ₂F₁(A, B; C; z)`` by summing the power series in blocks, each term
    as a sign and a logarithm (``gammaln``/``gammasgn``), so that huge terms times a tiny
    ``exp(log_scale)`` neither overflow nor underflow.

    Slow near ``z = 1`` (about ``40 / (1 − z)`` terms) and meant for the few values where
    the closed-form routes fail; needs ``C − A − B > 0`` or ``z`` bounded away from 1.
    """
    out = np.empty(len(z))
    block = np.arange(65_536, dtype=np.float64)
    for i in range(len(z)):
        a, b, c, x = float(A[i]), float(B[i]), float(C[i]), float(z[i])
        if x == 0:
            out[i] = np.exp(log_scale[i])
            continue
        head = -gammaln(a) - gammaln(b) + gammaln(c)
        head_sign = gammasgn(a) * gammasgn(b) * gammasgn(c)
        top, total = -np.inf, 0.0
        for start in range(0, 400 * len(block), len(block)):
            k = block + start
            with np.errstate(all="ignore"):
                lt = (
                    head
                    + gammaln(a + k)
                    + gammaln(b + k)
                    - gammaln(c + k)
                    - gammaln(k + 1)
                    + k * np.log(x)
                )
                sign = head_sign * gammasgn(a + k) * gammasgn(b + k) * gammasgn(c + k)
            # integer a or b <= 0 end the series (Pochhammer zero): those terms are exact 0
            sign = np.where(np.isfinite(lt), sign, 0.0)
            lt = np.where(np.isfinite(lt), lt, -np.inf)
            m = float(lt.max())
            if m > top:
                total *= np.exp(top - m) if np.isfinite(top) else 0.0
                top = m
            total += float(np.sum(sign * np.exp(lt - top)))
            if lt[-1] < top + np.log(1e-18 * max(abs(total), 1e-300)) and lt[-1] <= lt[-2]:
                break
        out[i] = np.sign(total) * np.exp(top + log_scale[i] + np.log(abs(total)))
    return out


def central_gradient(f: Objective, u: FloatArray) -> FloatArray:
    g = np.empty_like(u)
    h = EPS ** (1 / 3) * np.maximum(1.0, np.abs(u))
    for i in range(len(u)):
        e = np.zeros_like(u)
        e[i] = h[i]
        g[i] = (f(u + e) - f(u - e)) / (2 * h[i])
    return g


def hessian(f: Objective, u: FloatArray, grad: Gradient | None = None) -> FloatArray:
    """Finite-difference Hessian of ``f`` at ``u`` (see the module docstring)."""
    k = len(u)
    H = np.empty((k, k))
    if grad is not None:
        h = EPS ** (1 / 3) * np.maximum(1.0, np.abs(u))
        for j in range(k):
            e = np.zeros(k)
            e[j] = h[j]
            H[:, j] = (grad(u + e) - grad(u - e)) / (2 * h[j])
        return (H + H.T) / 2
    h = EPS**0.25 * np.maximum(1.0, np.abs(u))
    f0 = f(u)
    for i in range(k):
        ei = np.zeros(k)
        ei[i] = h[i]
        H[i, i] = (f(u + ei) - 2 * f0 + f(u - ei)) / h[i] ** 2
        for j in range(i):
            ej = np.zeros(k)
            ej[j] = h[j]
            H[i, j] = H[j, i] = (
                f(u + ei + ej) - f(u + ei - ej) - f(u - ei + ej) + f(u - ei - ej)
            ) / (4 * h[i] * h[j])
    return H


def _positive_definite(H: FloatArray) -> bool:
    if not np.all(np.isfinite(H)):
        return False
    try:
        np.linalg.cholesky(H)
    except np.linalg.LinAlgError:
        return False
    return True


@dataclass(frozen=True)
class Optimum:
    """The maximum found: log-parameters, negative log-likelihood, Hessian and effort."""

    u: FloatArray
    nll: float
    hessian: FloatArray
    decrement: float  # Newton decrement g' H^-1 g at u (about twice the LL still to gain)
    iterations: int
    evaluations: int
    seconds: float

    @property
    def covariance_log(self) -> FloatArray:
        return np.asarray(np.linalg.inv(self.hessian), dtype=np.float64)

    def covariance(self) -> FloatArray:
        """Covariance of the parameters ``exp(u)`` (delta method)."""
        d = np.exp(self.u)
        return np.asarray(self.covariance_log * np.outer(d, d), dtype=np.float64)


class _Counted:
    """``f`` with NaN turned into +inf and its evaluations counted."""

    def __init__(self, f: Objective) -> None:
        self.f = f
        self.calls = 0

    def __call__(self, u: FloatArray) -> float:
        self.calls += 1
        with np.errstate(all="ignore"):
            value = float(self.f(np.asarray(u, dtype=np.float64)))
        return value if np.isfinite(value) else np.inf


def _newton(
    f: _Counted, grad: Gradient, u: FloatArray, fu: float, hess: Callable[[FloatArray], FloatArray]
) -> tuple[FloatArray, float, int]:
    """Damped Newton steps from ``u``; stops when the decrement is negligible."""
    steps = 0
    for _ in range(10):
        g = grad(u)
        H = hess(u)
        if not (np.all(np.isfinite(g)) and _positive_definite(H)):
            break
        step = np.linalg.solve(H, g)
        if float(g @ step) < 1e-14 * max(1.0, abs(fu)):
            break
        t = 1.0
        while t > 1e-6:
            cand = np.clip(u - t * step, -BOUND, BOUND)
            fc = f(cand)
            if fc <= fu:
                break
            t /= 2
        else:
            break
        steps += 1
        moved = float(np.max(np.abs(cand - u)))
        u, fu = cand, fc
        if moved < 1e-12:
            break
    return u, fu, steps


def maximise(
    nll: Objective,
    starts: Sequence[FloatArray],
    *,
    names: Sequence[str],
    model: str,
    scale: float,
    gradient: Gradient | None = None,
    advice: str = "",
) -> Optimum:
    """Minimise the negative log-likelihood ``nll`` over log-parameters from each start.

    ``scale`` (the number of customers) divides ``nll`` inside the search so that tolerances
    do not depend on the size of the data.  ``advice`` (the model's typical causes of
    unidentified parameters) is added to the errors.  Raises :class:`ConvergenceError` when no start
    reaches a maximum with a positive definite Hessian inside the bounds.
    """
    began = time.perf_counter()
    f = _Counted(nll)

    def grad(u: FloatArray) -> FloatArray:
        with np.errstate(all="ignore"):
            g = gradient(u) if gradient is not None else central_gradient(f, u)
        return np.asarray(g, dtype=np.float64)

    def hess(u: FloatArray) -> FloatArray:
        with np.errstate(all="ignore"):
            return hessian(f, u, grad if gradient is not None else None)

    def scaled(u: FloatArray) -> tuple[float, FloatArray]:
        value = f(u)
        g = grad(u) if np.isfinite(value) else np.zeros_like(u)
        if not np.all(np.isfinite(g)):
            g = np.zeros_like(u)
        return value / scale, g / scale

    best: _Candidate | None = None
    for start in starts:
        u0 = np.clip(np.asarray(start, dtype=np.float64), -BOUND, BOUND)
        if not np.isfinite(f(u0)):
            continue
        res = minimize(
            scaled,
            u0,
            jac=True,
            method="L-BFGS-B",
            bounds=[(-BOUND, BOUND)] * len(u0),
            options={"maxiter": 5000, "ftol": 1e-15, "gtol": 1e-10, "maxls": 50},
        )
        u = np.asarray(res.x, dtype=np.float64)
        fu = f(u)
        if not np.isfinite(fu):
            continue
        u, fu, steps = _newton(f, grad, u, fu, hess)
        cand = _Candidate(u, fu, int(res.nit) + steps, hess(u), grad(u))
        if best is None or cand.nll < best.nll:
            best = cand
        if cand.converged:
            break
    if best is None:
        raise ConvergenceError(
            f"{model}: the log-likelihood is not finite at any starting point; check the data "
            "(e.g. the time unit: ages of thousands of days fit better in weeks)"
        )
    if best.at_bound.any():
        i = int(np.argmax(best.at_bound))
        raise ConvergenceError(
            f"{model}: parameter {names[i]} ran off to {np.exp(best.u[i]):.3g} (the edge of the "
            f"search): the data do not pin it down. {advice or _ADVICE}"
        )
    if not best.positive_definite:
        raise ConvergenceError(
            f"{model}: the search stopped where the likelihood is flat (along "
            f"{_flat_direction(best.H, names)}), so the estimates are not identified. "
            f"{advice or _ADVICE}"
        )
    if not best.converged:
        raise ConvergenceError(
            f"{model}: the maximum-likelihood search did not converge (Newton decrement "
            f"{best.decrement:.2g} after {best.iterations} iterations). Try other starting "
            "values (initial=...), a different time unit, or more data"
        )
    return Optimum(
        u=best.u,
        nll=best.nll,
        hessian=best.H,
        decrement=best.decrement,
        iterations=best.iterations,
        evaluations=f.calls,
        seconds=time.perf_counter() - began,
    )


def _flat_direction(H: FloatArray, names: Sequence[str]) -> str:
    """The parameters that dominate the Hessian's least curved direction."""
    if not np.all(np.isfinite(H)):
        return ", ".join(names)
    values, vectors = np.linalg.eigh(H)
    v = np.abs(vectors[:, int(np.argmin(values))])
    return " and ".join(n for n, c in zip(names, v, strict=True) if c >= 0.3 * v.max())


class _Candidate:
    """The end of one search: where, how good, and whether it is a proper maximum."""

    def __init__(self, u: FloatArray, nll: float, iterations: int, H: FloatArray, g: FloatArray):
        self.u, self.nll, self.iterations, self.H = u, nll, iterations, H
        self.at_bound = np.abs(u) >= BOUND - AT_BOUND
        self.positive_definite = _positive_definite(H) and bool(np.all(np.isfinite(g)))
        self.decrement = (
            float(g @ np.linalg.solve(H, g)) if self.positive_definite else float("inf")
        )
        self.converged = (
            self.positive_definite
            and not self.at_bound.any()
            and self.decrement <= 1e-5 + 1e-10 * abs(nll)
        )
