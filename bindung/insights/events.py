"""Events against comparison events, each customer against themselves (decision 0006).

>>> fit = event_rate_ratios(panel, events, ("resolved", "unresolved"))    # doctest: +SKIP
>>> fit.effects["resolved"].ratio                                          # doctest: +SKIP
1.2

``events`` holds one row per event: ``customer_id``, ``a`` (the *anchor month*, an index on the
panel's months) and ``term`` (the kind of event; ``""`` for a comparison event).  On the
customer-month panel (:mod:`bindung.insights.panel`) every row ``(g, t)`` gets, per term ``j``,

    n_j,gt  = events of customer g with term j anchored before month t   (a count)
    e_gt    = all events of customer g anchored before month t           (comparison included)

and the anchor month of every event is **left out** of the panel: it holds the purchase the
event follows by construction, and counting it on either side would make every event look
like a rise or a drop.  "After" starts with the month after the anchor.  The model is the
conditional Poisson of :func:`bindung.models.within.within_rate_ratios` with month and tenure
controls::

    E[y_gt] = c_g · exp(Σ_j β_j · n_j,gt + γ · e_gt + month_t + tenure_gt)

so ``exp(β_j)`` compares an event of kind ``j`` with an ordinary comparison event — a month of
the same kind (an order month) that is not an event.  The comparison events absorb the
selection that comes with anchoring on an order: a customer who just bought is, by that
fact, still a customer, while the month and tenure controls decline as others drop out.
Complaints (:mod:`bindung.insights.complaints`) draw their comparison events at random among
all order months; loyalty members (:mod:`bindung.insights.members`) draw one per customer,
like an enrolment, from a fitted enrolment hazard, compared within strata (``stratum``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from bindung.errors import BindungError
from bindung.insights.panel import CustomerMonths
from bindung.models.within import CONFIDENCE, WithinFit, within_rate_ratios

Array = npt.NDArray[np.float64]
#: Tenure above this many months is one control level.
TENURE_CAP = 24
#: The name of the all-events count in the fit (``γ`` above).
EVENT = "event"


def event_rate_ratios(
    panel: CustomerMonths,
    events: pd.DataFrame,
    terms: Sequence[str],
    *,
    outcome: str = "orders",
    confidence: float = CONFIDENCE,
    covariates: Mapping[str, Array] | None = None,
) -> WithinFit:
    """Fit the model of the module docstring.  Terms without an event followed by a panel
    month are left out of the fit; :class:`BindungError` when none is left.

    With a column ``stratum`` in ``events`` the comparison term is one per stratum (events are
    compared with comparison events of their own stratum).  ``covariates`` are further
    time-varying indicators aligned with the panel's rows (other measures that started at
    their own time, such as following the brand); they enter as treatments of their own."""
    f = panel.frame
    codes, ids = pd.factorize(f["customer_id"])
    pos = pd.Series(np.arange(len(ids)), index=ids)
    n_cust, n_months = len(ids), int(f["k"].max()) + 2
    k = f["k"].to_numpy(np.int64)
    flat = codes * n_months + k
    events = events[events["customer_id"].isin(ids)].reset_index(drop=True)
    ev_code = pos[events["customer_id"]].to_numpy()
    anchor = events["a"].to_numpy(np.int64)

    def counts(mask: npt.NDArray[np.bool_]) -> Array:
        """Per panel row: events in ``mask`` anchored before the row's month."""
        grid = np.zeros((n_cust, n_months))
        np.add.at(grid, (ev_code[mask], np.clip(anchor[mask] + 1, 0, n_months - 1)), 1.0)
        return np.asarray(np.cumsum(grid, axis=1).ravel()[flat], dtype=np.float64)

    anchored = np.zeros(n_cust * n_months, dtype=bool)
    inside = anchor >= 0
    anchored[ev_code[inside] * n_months + np.minimum(anchor[inside], n_months - 1)] = True
    keep = ~anchored[flat]
    kinds = events["term"].to_numpy()
    treatments: dict[str, Array] = {}
    for term in terms:
        d = counts(kinds == term)
        if (d[keep] > 0).any():
            treatments[term] = d[keep]
    if not treatments:
        raise BindungError("no event is followed by a month of data; nothing to compare")
    if "stratum" in events:
        # one comparison term per stratum: events are compared within their stratum
        strata = events["stratum"].to_numpy()
        for value in pd.unique(strata):
            treatments[f"{EVENT}[{value}]"] = counts(strata == value)[keep]
    else:
        treatments[EVENT] = counts(np.ones(len(events), dtype=bool))[keep]
    for name, values in (covariates or {}).items():
        column = np.asarray(values, dtype=np.float64)[keep]
        if (column > 0).any() and (column == 0).any():
            treatments[name] = column
    return within_rate_ratios(
        f[outcome].to_numpy()[keep],
        treatments,
        f["customer_id"].to_numpy()[keep],
        {"month": k[keep], "tenure": np.minimum(f["tenure"].to_numpy()[keep], TENURE_CAP)},
        confidence=confidence,
    )


def rubin(betas: Sequence[float], ses: Sequence[float]) -> tuple[float, float]:
    """Combine the fits of ``R`` random draws (Rubin, *Multiple Imputation for Nonresponse in
    Surveys*, 1987): ``β = mean β_r``, ``se² = mean se_r² + (1 + 1/R) · var(β_r)``, so that an
    interval includes the draw-to-draw variation.  Returns ``(β, se)``."""
    b = np.asarray(betas, dtype=np.float64)
    within = float(np.mean(np.asarray(ses, dtype=np.float64) ** 2))
    between = float(np.var(b, ddof=1)) if len(b) > 1 else 0.0
    return float(b.mean()), math.sqrt(within + (1 + 1 / len(b)) * between)
