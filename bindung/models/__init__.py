"""Probabilistic customer-base models, fitted by maximum likelihood and validated against
the papers' published estimates (see docs/models.md).

>>> from bindung.models import BetaGeoModel, GammaGammaModel, rfm_summary, predicted_clv
>>> summary = rfm_summary(ws.table("orders"), calibration_end="2025-12-31",
...                       timezone=ws.settings.timezone).to_pandas()     # doctest: +SKIP
>>> purchases = BetaGeoModel().fit(summary)                              # doctest: +SKIP
>>> spend = GammaGammaModel().fit(summary)                               # doctest: +SKIP
>>> predicted_clv(purchases, spend, summary, horizon=52, margin=0.3,
...               discount_rate=0.01, step=52 / 12)                      # doctest: +SKIP

Non-contractual purchases: :class:`BetaGeoModel` (BG/NBD), :class:`ParetoNBDModel`,
:class:`BetaGeoBetaBinomModel` (BG/BB, discrete opportunities); spend:
:class:`GammaGammaModel`; subscriptions: :class:`ShiftedBetaGeometricModel` (sBG).
"""

from bindung.models.base import FitResult, Model, Summary, from_dict
from bindung.models.bgbb import BetaGeoBetaBinomModel
from bindung.models.bgnbd import BetaGeoModel
from bindung.models.clv import discounted_expected_purchases, predicted_clv
from bindung.models.errors import (
    ConvergenceError,
    InsufficientDataError,
    ModelError,
    ModelInputError,
    ModelWarning,
    NotFittedError,
    SpendFrequencyCorrelationWarning,
)
from bindung.models.gammagamma import GammaGammaModel
from bindung.models.paretonbd import ParetoNBDModel
from bindung.models.sbg import ShiftedBetaGeometricModel
from bindung.models.summary import rfm_summary

__all__ = [
    "BetaGeoBetaBinomModel",
    "BetaGeoModel",
    "ConvergenceError",
    "FitResult",
    "GammaGammaModel",
    "InsufficientDataError",
    "Model",
    "ModelError",
    "ModelInputError",
    "ModelWarning",
    "NotFittedError",
    "ParetoNBDModel",
    "ShiftedBetaGeometricModel",
    "SpendFrequencyCorrelationWarning",
    "Summary",
    "discounted_expected_purchases",
    "from_dict",
    "predicted_clv",
    "rfm_summary",
]
