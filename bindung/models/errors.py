"""Errors and warnings of the models.  Each message says what was wrong and what to do."""

from __future__ import annotations

from bindung.errors import BindungError


class ModelError(BindungError):
    """Base class of the errors raised by :mod:`bindung.models`."""


class ModelInputError(ModelError, ValueError):
    """The data handed to a model are malformed (lengths, signs, NaN, recency > T, ...)."""


class InsufficientDataError(ModelError):
    """Too few customers (or repeat customers, or periods) to estimate the model."""


class ConvergenceError(ModelError):
    """The maximum-likelihood search did not reach a proper maximum."""


class NotFittedError(ModelError):
    """A fitted quantity was asked of a model that has no parameters yet."""


class ModelWarning(UserWarning):
    """Base class of the warnings of :mod:`bindung.models`."""


class SpendFrequencyCorrelationWarning(ModelWarning):
    """Gamma-Gamma assumes spend per purchase and purchase frequency are independent."""
