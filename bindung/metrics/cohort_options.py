"""The options of the cohort matrix (:mod:`bindung.metrics.cohorts`), in a module of their own
so that the CLI can check them without importing the query code (and Ibis)."""

from __future__ import annotations

from typing import Literal

#: What a cell counts: customers active in the period, or their revenue.
Measure = Literal["customers", "revenue"]
#: ``on``: active in period k after acquisition; ``on-or-after``: active in k or later.
Mode = Literal["on", "on-or-after"]
MEASURES: tuple[Measure, ...] = ("customers", "revenue")
MODES: tuple[Mode, ...] = ("on", "on-or-after")
