"""Metrics: the catalogue of retention KPIs, compiled to Ibis expressions over the store.

>>> src = Source(ws.table, make_grid("month", "Europe/Berlin", first, last))   # doctest: +SKIP
>>> kpi_expr(src).to_pandas()                                                  # doctest: +SKIP
"""

from typing import Any

_LAZY = {
    "CATALOGUE": "bindung.metrics.catalogue",
    "Metric": "bindung.metrics.catalogue",
    "metric": "bindung.metrics.catalogue",
    "cohort_expr": "bindung.metrics.cohorts",
    "changes": "bindung.metrics.kpis",
    "kpi_expr": "bindung.metrics.kpis",
    "metric_expr": "bindung.metrics.kpis",
    "Grid": "bindung.metrics.periods",
    "make_grid": "bindung.metrics.periods",
    "Options": "bindung.metrics.source",
    "Source": "bindung.metrics.source",
}

__all__ = [
    "CATALOGUE",
    "Grid",
    "Metric",
    "Options",
    "Source",
    "changes",
    "cohort_expr",
    "kpi_expr",
    "make_grid",
    "metric",
    "metric_expr",
]


def __getattr__(name: str) -> Any:
    """The names above, imported on first use (``bindung kpis`` reads a stored answer without
    loading the query engine)."""
    import importlib

    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
