"""Writing one goal: a target for a metric in a calendar period, with a priority.

``set_goal(ws, "retention_rate", "2026-Q1", 75, priority=1)`` validates its arguments and
writes the row like an import does (:mod:`bindung.ingest.load`): one transaction, an upsert by
the table's key ``(metric, period)`` (docs/tables.md, ``goals``), and a line in the ``imports``
table with the file ``"goal set"`` so that every goal stays traceable.  Values reach DuckDB as
query parameters only; no user text is ever spliced into SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bindung.ingest import load
from bindung.ingest.load import now_utc
from bindung.metrics.goals import (  # noqa: F401 - re-exported for callers of this module
    EXTRA_METRICS,
    GoalError,
    GoalPeriod,
    check_metric,
    check_priority,
    check_target,
    goal_metrics,
    higher_is_better,
    metric_label,
    metric_unit,
    parse_period,
)

if TYPE_CHECKING:
    from bindung.workspace import Workspace

GOAL_FILE = "goal set"


@dataclass(frozen=True)
class SetGoalResult:
    metric: str
    period: str
    target: float
    priority: int
    import_id: int
    previous_target: float | None  # None: a new goal
    changed: bool


def set_goal(
    ws: Workspace, metric: str, period: str, target: float, priority: int = 1
) -> SetGoalResult:
    """Write (or replace) the goal for ``metric`` in ``period``.

    One transaction: the row keyed by ``(metric, canonical period label)`` is replaced and an
    ``imports`` line (kind ``goals``, file ``"goal set"``, 1 row read; stored 1, or a duplicate
    when the same target and priority were already stored) records it.
    Raises :class:`GoalError` for a bad argument and ``WorkspaceError`` when read-only.
    """
    ws._writable()
    key = check_metric(metric)
    label = parse_period(period).label
    value = check_target(key, target)
    prio = check_priority(priority)
    con = ws.con
    con.execute("BEGIN TRANSACTION")
    try:
        row = con.execute(
            "SELECT target, priority FROM goals WHERE metric = ? AND period = ?", [key, label]
        ).fetchone()
        previous = None if row is None else float(row[0])
        changed = row is None or (float(row[0]), int(row[1])) != (value, prio)
        if changed:
            con.execute("DELETE FROM goals WHERE metric = ? AND period = ?", [key, label])
            con.execute(
                "INSERT INTO goals (metric, period, target, priority) VALUES (?, ?, ?, ?)",
                [key, label, value, prio],
            )
        import_id = load._next_import_id(con)
        load.log_import(
            con,
            import_id,
            "goals",
            GOAL_FILE,
            "",
            (1, int(changed), 0, int(not changed), 0),
            "ok",
            now_utc().replace(tzinfo=None),
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return SetGoalResult(key, label, value, prio, import_id, previous, changed)
