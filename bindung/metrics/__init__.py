"""Metrics: the catalogue of retention KPIs, compiled to Ibis expressions over the store.

>>> src = Source(ws.table, make_grid("month", "Europe/Berlin", first, last))   # doctest: +SKIP
>>> kpi_expr(src).to_pandas()                                                  # doctest: +SKIP
"""

from bindung.metrics.catalogue import CATALOGUE, Metric, metric
from bindung.metrics.cohorts import cohort_expr
from bindung.metrics.kpis import changes, kpi_expr, metric_expr
from bindung.metrics.periods import Grid, make_grid
from bindung.metrics.source import Options, Source

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
