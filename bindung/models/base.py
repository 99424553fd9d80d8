"""The contract every model keeps.

>>> model = BetaGeoModel().fit(summary)          # doctest: +SKIP  (fit returns the model)
>>> model.params_                                # doctest: +SKIP  {"r": 0.243, ...}
>>> print(model.summary)                         # doctest: +SKIP  estimates, SEs, LL
>>> BetaGeoModel.from_dict(model.to_dict())      # doctest: +SKIP  JSON, never pickle

Fitted values end in ``_``.  ``summary`` holds the estimates with standard errors (from the
Hessian of the negative log-likelihood at the optimum, see :mod:`bindung.models.numeric`),
95 % intervals, the log-likelihood, AIC and BIC.  ``to_dict`` is plain JSON (numbers, strings,
lists); ``from_dict`` checks the model name, the parameter names and their values.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

import numpy as np
import pandas as pd

from bindung.models.errors import ModelInputError, NotFittedError
from bindung.models.inputs import FloatArray
from bindung.models.numeric import Gradient, Objective, Optimum, maximise

FORMAT = 1
Z95 = 1.959963984540054

_REGISTRY: dict[str, type[Model]] = {}


@dataclass(frozen=True)
class FitResult:
    """What a fit found beyond the parameters."""

    log_likelihood: float
    n: float  # customers (sum of weights) or, for the sBG, the cohort size
    rows: int  # distinct rows the likelihood was evaluated on
    standard_errors: dict[str, float]
    covariance: list[list[float]]
    iterations: int
    evaluations: int
    seconds: float
    diagnostics: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "log_likelihood": self.log_likelihood,
            "n": self.n,
            "rows": self.rows,
            "standard_errors": dict(self.standard_errors),
            "covariance": [list(r) for r in self.covariance],
            "iterations": self.iterations,
            "evaluations": self.evaluations,
            "seconds": self.seconds,
            "diagnostics": dict(self.diagnostics),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], names: Sequence[str]) -> FitResult:
        try:
            se = {k: float(data["standard_errors"][k]) for k in names}
            cov = [[float(v) for v in row] for row in data["covariance"]]
            result = cls(
                log_likelihood=float(data["log_likelihood"]),
                n=float(data["n"]),
                rows=int(data["rows"]),
                standard_errors=se,
                covariance=cov,
                iterations=int(data.get("iterations", 0)),
                evaluations=int(data.get("evaluations", 0)),
                seconds=float(data.get("seconds", 0.0)),
                diagnostics={str(k): float(v) for k, v in data.get("diagnostics", {}).items()},
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelInputError(f"fit: malformed ({exc!r})") from None
        if len(cov) != len(names) or any(len(r) != len(names) for r in cov):
            raise ModelInputError(f"fit: covariance must be {len(names)} x {len(names)}")
        return result


@dataclass(frozen=True)
class Summary:
    """Estimates with standard errors and 95 % intervals, and the fit's log-likelihood.

    ``table`` has one row per parameter: ``estimate``, ``std_error``, ``lower_95`` and
    ``upper_95``.  The intervals are Wald intervals on the log scale, ``exp(log(theta) +-
    1.96 se(log theta))``, so they stay positive like the parameters.
    """

    model: str
    table: pd.DataFrame
    log_likelihood: float
    n: float
    rows: int
    aic: float
    bic: float
    iterations: int
    seconds: float
    diagnostics: dict[str, float]

    def __str__(self) -> str:
        lines = [
            f"{self.model}: {self.n:,.0f} customers ({self.rows:,} distinct rows)",
            f"log-likelihood {self.log_likelihood:,.2f}   AIC {self.aic:,.1f}   "
            f"BIC {self.bic:,.1f}   ({self.iterations} iterations, {self.seconds:.2f} s)",
            "",
            f"{'':>8} {'estimate':>12} {'std error':>12} {'lower 95%':>12} {'upper 95%':>12}",
        ]
        for name, row in self.table.iterrows():
            lines.append(
                f"{name!s:>8} {row.estimate:>12.4f} {row.std_error:>12.4f} "
                f"{row.lower_95:>12.4f} {row.upper_95:>12.4f}"
            )
        for key, value in self.diagnostics.items():
            lines.append(f"{key}: {value:.4g}")
        return "\n".join(lines)


class Model:
    """Base class: parameters, summary, JSON round trip.  Subclasses define ``fit``."""

    name: ClassVar[str]
    title: ClassVar[str]
    param_names: ClassVar[tuple[str, ...]]
    #: Typical causes of unidentified estimates and what to do, for ConvergenceError.
    advice: ClassVar[str] = ""

    def __init__(self) -> None:
        self._params: dict[str, float] | None = None
        self._fit: FitResult | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _REGISTRY[cls.name] = cls

    # -- fitted values
    @property
    def params_(self) -> dict[str, float]:
        """The parameter estimates (a copy), in the papers' names."""
        if self._params is None:
            raise NotFittedError(
                f"{self.title}: no parameters yet; call fit() or use from_params()/from_dict()"
            )
        return dict(self._params)

    @property
    def fit_(self) -> FitResult | None:
        """Details of the fit; ``None`` for a model made from given parameters."""
        return self._fit

    @property
    def log_likelihood_(self) -> float:
        return self._fitted().log_likelihood

    @property
    def standard_errors_(self) -> dict[str, float]:
        return dict(self._fitted().standard_errors)

    @property
    def summary(self) -> Summary:
        fit = self._fitted()
        params = self.params_
        cov = np.asarray(fit.covariance)
        rows = []
        for i, name in enumerate(self.param_names):
            est = params[name]
            se_log = math.sqrt(cov[i, i]) / est
            rows.append(
                {
                    "estimate": est,
                    "std_error": fit.standard_errors[name],
                    "lower_95": est * math.exp(-Z95 * se_log),
                    "upper_95": est * math.exp(Z95 * se_log),
                }
            )
        k = len(self.param_names)
        return Summary(
            model=self.title,
            table=pd.DataFrame(rows, index=pd.Index(self.param_names, name="parameter")),
            log_likelihood=fit.log_likelihood,
            n=fit.n,
            rows=fit.rows,
            aic=2 * k - 2 * fit.log_likelihood,
            bic=k * math.log(max(fit.n, 1.0)) - 2 * fit.log_likelihood,
            iterations=fit.iterations,
            seconds=fit.seconds,
            diagnostics=dict(fit.diagnostics),
        )

    def _fitted(self) -> FitResult:
        if self._fit is None:
            self.params_  # noqa: B018  (raises NotFittedError when there are no parameters)
            raise NotFittedError(
                f"{self.title}: made from given parameters; only fit() yields standard errors "
                "and a log-likelihood"
            )
        return self._fit

    def _theta(self) -> FloatArray:
        p = self.params_
        return np.array([p[n] for n in self.param_names], dtype=np.float64)

    # -- construction
    @classmethod
    def from_params(cls, **params: float) -> Self:
        """A model with given parameters (e.g. published estimates), without a fit."""
        model = cls()
        model._params = cls._check_params(params)
        return model

    @classmethod
    def _check_params(cls, params: Mapping[str, Any]) -> dict[str, float]:
        names = set(cls.param_names)
        if set(params) != names:
            raise ModelInputError(
                f"{cls.title}: expected parameters {', '.join(cls.param_names)}; got "
                f"{', '.join(map(str, params)) or 'none'}"
            )
        out: dict[str, float] = {}
        for name in cls.param_names:
            try:
                value = float(params[name])
            except (TypeError, ValueError):
                raise ModelInputError(f"{cls.title}: {name} is not a number") from None
            if not (math.isfinite(value) and value > 0):
                raise ModelInputError(f"{cls.title}: {name} must be positive and finite: {value}")
            out[name] = value
        return out

    # -- serialisation
    def to_dict(self) -> dict[str, Any]:
        """Plain JSON: ``{"model", "format", "params", "fit"}`` (``fit`` is null when the model
        was made from given parameters)."""
        return {
            "model": self.name,
            "format": FORMAT,
            "params": self.params_,
            "fit": self._fit.to_dict() if self._fit is not None else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """The model written by :meth:`to_dict` (of this class)."""
        if not isinstance(data, Mapping):
            raise ModelInputError(f"{cls.title}: expected a mapping, got {type(data).__name__}")
        if data.get("model") != cls.name:
            raise ModelInputError(
                f"{cls.title}: the data describe model {data.get('model')!r}, not {cls.name!r}"
            )
        if data.get("format") != FORMAT:
            raise ModelInputError(
                f"{cls.title}: format {data.get('format')!r} is not supported (expected {FORMAT})"
            )
        params = data.get("params")
        if not isinstance(params, Mapping):
            raise ModelInputError(f"{cls.title}: params missing")
        model = cls.from_params(**params)
        if data.get("fit") is not None:
            model._fit = FitResult.from_dict(data["fit"], cls.param_names)
        return model

    def __repr__(self) -> str:
        if self._params is None:
            return f"<{type(self).__name__}: not fitted>"
        shown = ", ".join(f"{k}={v:.4g}" for k, v in self._params.items())
        fitted = f", n={self._fit.n:,.0f}" if self._fit is not None else ""
        return f"<{type(self).__name__}: {shown}{fitted}>"

    # -- estimation, for subclasses
    def _estimate(
        self,
        nll: Objective,
        starts: Sequence[FloatArray],
        *,
        n: float,
        rows: int,
        gradient: Gradient | None = None,
        diagnostics: Mapping[str, float] | None = None,
    ) -> None:
        """Maximise the likelihood (``nll`` of log-parameters) and store the results."""
        opt: Optimum = maximise(
            nll,
            starts,
            names=self.param_names,
            model=self.title,
            scale=max(n, 1.0),
            gradient=gradient,
            advice=self.advice,
        )
        theta = np.exp(opt.u)
        cov = opt.covariance()
        self._params = {k: float(v) for k, v in zip(self.param_names, theta, strict=True)}
        self._fit = FitResult(
            log_likelihood=-opt.nll,
            n=n,
            rows=rows,
            standard_errors={
                k: float(math.sqrt(cov[i, i])) for i, k in enumerate(self.param_names)
            },
            covariance=[[float(v) for v in row] for row in cov],
            iterations=opt.iterations,
            evaluations=opt.evaluations,
            seconds=opt.seconds,
            diagnostics=dict(diagnostics or {}),
        )


def starts_from(initial: Mapping[str, float] | None, names: Sequence[str]) -> list[FloatArray]:
    """Starting points (log scale): the user's ``initial`` first, then a few fixed ones."""
    starts: list[FloatArray] = []
    if initial is not None:
        if set(initial) != set(names):
            raise ModelInputError(f"initial: expected values for {', '.join(names)}")
        values = np.array([float(initial[k]) for k in names])
        if not np.all(np.isfinite(values) & (values > 0)):
            raise ModelInputError("initial: values must be positive and finite")
        starts.append(np.log(values))
    k = len(names)
    starts += [np.zeros(k), np.full(k, -1.0), np.full(k, 1.0)]
    return starts


def from_dict(data: Mapping[str, Any]) -> Model:
    """Any model written by ``to_dict``: the ``model`` key picks the class."""
    name = data.get("model") if isinstance(data, Mapping) else None
    cls = _REGISTRY.get(str(name))
    if cls is None:
        raise ModelInputError(
            f"unknown model {name!r}; expected one of {', '.join(sorted(_REGISTRY))}"
        )
    return cls.from_dict(data)
