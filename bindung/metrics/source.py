"""What a metric query reads: the canonical tables of one engine, a period grid and options.

The tables come from any Ibis backend (the workspace's DuckDB store by default, Spark, BigQuery,
...); every expression built from a :class:`Source` is engine-neutral.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from bindung.errors import BindungError
from bindung.metrics.periods import Grid, index_expr

Basis = Literal["orders", "subscriptions", "both"]
BASES: tuple[Basis, ...] = ("orders", "subscriptions", "both")
GROUPS: tuple[str, ...] = ("channel", "segment", "country", "cohort")
UNKNOWN = "unknown"
# Open subscriptions run "forever"; a fixed far bound keeps the SQL identical on every engine.
FOREVER = datetime(2200, 1, 1)


@dataclass(frozen=True)
class Options:
    """Metric options (from the workspace settings unless given)."""

    window_days: int = 365
    loyalty_threshold: int = 3
    basis: Basis = "both"
    margin: float = 1.0
    min_customers: int = 30
    by: str | None = None

    def __post_init__(self) -> None:
        if self.basis not in BASES:
            raise BindungError(f"--basis {self.basis!r}: expected one of {', '.join(BASES)}")
        if self.by is not None and self.by not in GROUPS:
            raise BindungError(f"--by {self.by!r}: expected one of {', '.join(GROUPS)}")


@dataclass
class Source:
    """Tables (name -> Ibis table), grid and options; sub-expressions are built once."""

    tables: Callable[[str], Any]
    grid: Grid
    options: Options = field(default_factory=Options)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def table(self, name: str) -> Any:
        return self.tables(name)

    def index(self, ts: Any) -> Any:
        """Period index of a UTC timestamp expression (see :func:`periods.index_expr`)."""
        return index_expr(ts, self.grid.bounds)

    def cached(self, key: str, build: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def periods(self) -> Any:
        """The grid as an Ibis table (k, period, start, end, start_utc, end_utc, partial)."""
        import ibis

        return self.cached("periods", lambda: ibis.memtable(self.grid.frame()))

    def bounds(self) -> Any:
        """Bound indices 0 .. n as an Ibis table (column ``j``)."""
        import ibis
        import pandas as pd

        return self.cached(
            "bounds", lambda: ibis.memtable(pd.DataFrame({"j": list(range(self.grid.n + 1))}))
        )


def require(value: bool, message: str) -> None:
    if not value:
        raise BindungError(message)
