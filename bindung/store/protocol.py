"""What the layers above the store may ask of a workspace: :class:`Store`, a typed protocol
that :class:`bindung.workspace.Workspace` implements (and test doubles or another engine's
adapter may), instead of ``ws: Any``.

>>> def revenue(ws: Store) -> float:                                  # doctest: +SKIP
...     return float(ws.table("orders").revenue.sum().execute())
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

    from bindung.config import Settings

T = TypeVar("T")


class Store(Protocol):
    """A workspace as the metrics, models, insights and answers read it."""

    folder: Path
    settings: Settings
    read_only: bool
    #: results shared by the answers of one refresh (None outside a refresh)
    memo: dict[Any, Any] | None

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection (raises for a store of another engine)."""
        ...

    @property
    def remote(self) -> bool:
        """True when the store is another engine than DuckDB (read-only)."""
        ...

    def table(self, name: str) -> Any:
        """The canonical table ``name`` as an Ibis table expression."""
        ...

    def kpis(self, period: str = "month", **options: Any) -> pd.DataFrame: ...

    def cohorts(self, period: str = "month", **options: Any) -> pd.DataFrame: ...

    def data_version(self) -> str: ...

    def counts(self) -> dict[str, int]: ...

    def imports(self) -> pd.DataFrame: ...

    def rejects(self, import_id: int | None = None) -> pd.DataFrame: ...

    def sql(self, query: str, params: list[Any] | None = None) -> pd.DataFrame: ...


def shared(ws: Any, key: tuple[Any, ...], make: Callable[[], T]) -> T:
    """``make()`` once per refresh: within ``bindung refresh`` the workspace has a ``memo``
    dict, and answers that need the same intermediate result (the KPI table of a period, the
    CLV fit, the social engagement of a window) find it there; outside a refresh (no
    ``memo``) ``make()`` runs every time."""
    cache: dict[Any, Any] | None = getattr(ws, "memo", None)
    if cache is None:
        return make()
    if key not in cache:
        cache[key] = make()
    value: T = cache[key]
    return value
