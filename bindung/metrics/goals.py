"""Goals' metrics and periods: which metrics a goal may name (the KPI catalogue and the survey
and social-media figures), their units and directions, and the period labels a goal accepts.
Shared by the writer (:mod:`bindung.ingest.goals`) and the progress report
(:mod:`bindung.insights.goals`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from bindung.errors import BindungError
from bindung.i18n import both, tr
from bindung.metrics import periods
from bindung.metrics.catalogue import BY_KEY

#: Goal metrics outside the KPI catalogue (survey and social-media figures, as in the demo):
#: key -> (German label, English label, lowest target, highest target, higher is better).
EXTRA_METRICS: dict[str, tuple[str, str, float, float, bool]] = {
    "nps": (*both("NPS"), -100.0, 100.0, True),
    "smcss": (*both("SMCSS"), 1.0, 10.0, True),
    "smrt_median_minutes": (
        *both("social-media reply time (median, minutes)"),
        0.0,
        math.inf,
        False,
    ),
}

_UNIT_PATTERNS: tuple[tuple[re.Pattern[str], periods.Unit], ...] = (
    (re.compile(r"^\d{4}-W\d{1,2}$", re.IGNORECASE), "week"),
    (re.compile(r"^\d{4}-\d{1,2}$"), "month"),
    (re.compile(r"^\d{4}-Q[1-4]$", re.IGNORECASE), "quarter"),
    (re.compile(r"^\d{4}$"), "year"),
)


class GoalError(BindungError, ValueError):
    """A goal's metric, period, target or priority is not valid; the message says why."""


@dataclass(frozen=True)
class GoalPeriod:
    """A goal's period: its canonical label, unit and local days ``[start, end)``."""

    label: str
    unit: periods.Unit
    start: date
    end: date


def goal_metrics() -> tuple[str, ...]:
    """Every metric a goal may name: the catalogue keys and :data:`EXTRA_METRICS`."""
    return (*BY_KEY, *EXTRA_METRICS)


def metric_label(metric: str, lang: str) -> str:
    if metric in BY_KEY:
        return BY_KEY[metric].label(lang)
    if metric in EXTRA_METRICS:
        return tr(lang, EXTRA_METRICS[metric][1])
    return metric


def higher_is_better(metric: str) -> bool | None:
    if metric in BY_KEY:
        return BY_KEY[metric].higher_is_better
    if metric in EXTRA_METRICS:
        return EXTRA_METRICS[metric][4]
    return None


def metric_unit(metric: str) -> str:
    """The catalogue unit; ``score`` for NPS and SMCSS, ``minutes`` for the reply time."""
    if metric in BY_KEY:
        return BY_KEY[metric].unit
    return "minutes" if metric == "smrt_median_minutes" else "score"


def check_metric(metric: Any) -> str:
    if not isinstance(metric, str) or metric.strip() not in goal_metrics():
        raise GoalError(
            f"metric {metric!r}: not a goal metric; expected one of: {', '.join(goal_metrics())}"
        )
    return metric.strip()


def parse_period(text: Any) -> GoalPeriod:
    """A period label (``2026``, ``2026-Q1``, ``2026-03``, ``2026-W05``) -> its canonical label,
    unit and days; a single day or anything else is refused."""
    value = text.strip() if isinstance(text, str) else ""
    unit = next((u for pattern, u in _UNIT_PATTERNS if pattern.match(value)), None)
    if unit is None:
        raise GoalError(
            f"period {text!r}: not a period label; expected a year (2026), quarter (2026-Q1), "
            "month (2026-03) or ISO week (2026-W05)"
        )
    try:
        start, end = periods.parse(value, option="period")
    except BindungError as exc:
        raise GoalError(str(exc)) from None
    return GoalPeriod(periods.label(start, unit), unit, start, end)


def check_target(metric: str, target: Any) -> float:
    if isinstance(target, bool) or not isinstance(target, int | float):
        raise GoalError(f"target {target!r}: expected a number")
    value = float(target)
    if not math.isfinite(value):
        raise GoalError(f"target {target!r}: expected a finite number")
    if metric in EXTRA_METRICS:
        _, _, low, high, _ = EXTRA_METRICS[metric]
    elif BY_KEY[metric].unit == "percent":
        low, high = 0.0, 100.0
    else:
        low, high = -math.inf, math.inf
    if not low <= value <= high:
        raise GoalError(
            f"target {target!r} for {metric}: expected a value from {low:g} to {high:g}"
            + (" (percent, 0–100)" if high == 100.0 and low == 0.0 else "")
        )
    return value


def check_priority(priority: Any) -> int:
    ok = isinstance(priority, int | float) and not isinstance(priority, bool)
    if not ok or not math.isfinite(priority) or priority != int(priority) or priority < 1:
        raise GoalError(f"priority {priority!r}: expected a whole number of at least 1")
    return int(priority)
