"""The grammar of ``alert_rules`` in ``bindung.toml`` (checked when the settings are read; the
rules are applied by :mod:`bindung.insights.watch`)."""

from __future__ import annotations

import math
from collections.abc import Container
from dataclasses import dataclass
from typing import Any

from bindung.errors import BindungError

KINDS = ("anomaly", "below", "above", "change")
PERIODS = ("month", "week", "quarter")
#: The rules in force when bindung.toml sets none: anomalies of the figures that move money.
DEFAULT_RULES: tuple[dict[str, Any], ...] = (
    {"metric": "revenue", "kind": "anomaly"},
    {"metric": "orders", "kind": "anomaly"},
    {"metric": "new_customers", "kind": "anomaly"},
)


@dataclass(frozen=True)
class Rule:
    metric: str
    kind: str
    value: float = math.nan
    period: str = "month"
    level: float = 0.99


def rule(
    table: dict[str, Any], where: str = "alert_rules", metrics: Container[str] | None = None
) -> Rule:
    """One rule checked; ``metrics``: the catalogue's keys (unchecked when ``None``).
    :class:`BindungError` says what is expected."""
    if not isinstance(table, dict):
        raise BindungError(f"{where}: expected a table {{metric = …, kind = …}}, got {table!r}")
    extra = sorted(set(table) - {"metric", "kind", "value", "period", "level"})
    if extra:
        raise BindungError(f"{where}: unknown key(s) {', '.join(extra)}")
    metric = table.get("metric")
    if not isinstance(metric, str) or (metrics is not None and metric not in metrics):
        raise BindungError(
            f"{where}: metric {metric!r} is not in the catalogue (bindung metrics lists them)"
        )
    kind = table.get("kind", "anomaly")
    if kind not in KINDS:
        raise BindungError(f"{where}: kind {kind!r}: expected one of {', '.join(KINDS)}")
    period = table.get("period", "month")
    if period not in PERIODS or (kind == "anomaly" and period != "month"):
        raise BindungError(
            f"{where}: period {period!r}: expected month, week or quarter (anomaly: month)"
        )
    value = table.get("value")
    if kind != "anomaly" and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise BindungError(f"{where}: kind {kind!r} needs a number as value, got {value!r}")
    level = table.get("level", 0.99)
    if isinstance(level, bool) or not isinstance(level, float | int) or not 0.5 <= level < 1:
        raise BindungError(f"{where}: level must lie in [0.5, 1), got {level!r}")
    return Rule(
        metric,
        str(kind),
        float(value) if value is not None else math.nan,
        str(period),
        float(level),
    )
