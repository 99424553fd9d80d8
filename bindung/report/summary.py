"""The report's first page: what a boss reads before (or instead of) the rest.

>>> summary = build_summary(chapters, lang="de", currency="EUR")        # doctest: +SKIP

* **Tiles**: the stored KPI tiles of the shown period (the last complete one, or the chosen
  ``focus``: :func:`bindung.report.pages.pick_tiles`), each value formatted by its metric's
  unit, the change against the previous period signed, in percentage points for rates and
  relative % otherwise (:func:`bindung.formatting.change`), the goal's target and whether it
  was met where a goal exists.
* **The three most important findings**, by this rule: alarms before warnings (good news and
  notes are not candidates); within a level, findings with revenue at risk (the alerts, whose
  table names it) first, the largest amount first; then the other findings in the report's
  order (key figures, goals, retention, value, ...).  Fewer than three when fewer exist.
* **Goals** with their target, value so far and status, formatted by the goal's metric unit
  as the goals' findings are (:func:`bindung.report.goals.figure`).
* **Alerts** not already among the three findings, with the revenue at risk in their text.

Nothing here computes a number: it picks stored rows and formats them (:mod:`format`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bindung.report import format as fmt
from bindung.report.contents import Chapter, Part
from bindung.report.goals import STATUS_LEVELS, figure
from bindung.report.tables import Finding
from bindung.report.tiles import status_text

#: Levels that can make the three most important findings, most urgent first.
URGENT = ("alarm", "warning")
TOP = 3


@dataclass(frozen=True)
class Tile:
    """One KPI tile as the reader sees it (every figure already formatted)."""

    metric: str
    label: str
    value: str
    change: str
    target: str | None  # None: no goal for this metric and period
    status: str  # "met", "missed" or "" (no goal)
    status_text: str


@dataclass(frozen=True)
class Highlight:
    """A finding picked for the summary, with where it comes from."""

    finding: Finding
    chapter: str  # chapter title
    part: str  # part title
    anchor: str  # the part's id in the document
    at_risk: float = 0.0


@dataclass(frozen=True)
class GoalLine:
    label: str
    period: str
    target: str
    value: str
    status: str  # the stored status word (met, missed, behind, on track ...)
    level: str  # good, warning, alarm, info (the goal's finding level by its status)


@dataclass
class Summary:
    period: str | None
    tiles: list[Tile] = field(default_factory=list)
    top: list[Highlight] = field(default_factory=list)
    goals: list[GoalLine] = field(default_factory=list)
    alerts: list[Highlight] = field(default_factory=list)
    #: alerts stored at all (0: "no alert"), besides those shown among the top findings
    alert_count: int = 0


def _part(chapters: Sequence[Chapter], answer: str) -> Part | None:
    for chapter in chapters:
        for part in chapter.parts:
            if part.answer == answer and part.section is not None:
                return part
    return None


def tiles(part: Part | None, lang: str, currency: str) -> tuple[str | None, list[Tile]]:
    """The tiles of the part holding the picked tiles table."""
    if part is None or part.section is None:
        return None, []
    section = part.section
    frame = section.table("tiles").frame
    out = []
    for rec in frame.to_dict("records"):
        unit = rec["unit"]
        has_goal = not fmt.missing(rec.get("target"))
        status = ""
        if has_goal and rec.get("status"):
            status = "met" if rec["status"] in ("erreicht", "met") else "missed"
        out.append(
            Tile(
                metric=str(rec["metric"]),
                label=str(rec["label"]),
                value=fmt.value(_finite(rec["value"]), unit, lang, currency),
                change=fmt.change(_finite(rec["change"]), unit, lang),
                target=fmt.value(rec["target"], unit, lang, currency) if has_goal else None,
                status=status,
                status_text=status_text(status, lang),
            )
        )
    period = section.meta.get("period")
    return (str(period) if period else None), out


def _finite(value: Any) -> Any:
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return float("nan")
    return value


def _number(value: Any) -> float:
    return float("nan") if fmt.missing(value) else float(value)


def _alert_risks(part: Part | None) -> list[float]:
    """Revenue at risk of each alert finding (the alerts table has one row per finding)."""
    if part is None or part.section is None:
        return []
    frame = part.section.table("alerts").frame
    if len(frame) != len(part.section.findings):
        return [0.0] * len(part.section.findings)
    return [0.0 if fmt.missing(v) else float(v) for v in frame["revenue_at_risk"]]


def candidates(chapters: Sequence[Chapter], lang: str) -> list[Highlight]:
    """Every alarm and warning of the report, in the report's order."""
    out = []
    for chapter in chapters:
        for part in chapter.parts:
            if part.section is None:
                continue
            risks = _alert_risks(part) if part.answer == "alerts" else []
            for i, finding in enumerate(part.section.findings):
                if finding.level not in URGENT:
                    continue
                out.append(
                    Highlight(
                        finding,
                        chapter.title(lang),
                        part.title(lang),
                        part.anchor,
                        risks[i] if i < len(risks) else 0.0,
                    )
                )
    return out


def most_important(found: Sequence[Highlight], n: int = TOP) -> list[Highlight]:
    """The module docstring's rule: alarm before warning, then the larger revenue at risk,
    then the report's order (``sorted`` is stable)."""
    ranked = sorted(found, key=lambda h: (URGENT.index(h.finding.level), -h.at_risk))
    return ranked[:n]


def goals(part: Part | None, lang: str, currency: str) -> list[GoalLine]:
    if part is None or part.section is None:
        return []
    frame = part.section.table("goals").frame
    suffix = "de" if lang == "de" else "en"
    out = []
    for rec in frame.to_dict("records"):
        unit = rec.get("metric_unit") or "score"
        out.append(
            GoalLine(
                label=str(rec.get(f"metric_{suffix}", rec.get("metric"))),
                period=str(rec.get("period", "")),
                target=figure(_number(rec.get("target")), unit, lang, currency),
                value=figure(_number(rec.get("value")), unit, lang, currency),
                status=str(rec.get(f"status_{suffix}", rec.get("status", ""))),
                level=STATUS_LEVELS.get(str(rec.get("status", "")), "info"),
            )
        )
    return out


def build_summary(
    chapters: Sequence[Chapter], *, lang: str, currency: str, period: str | None = None
) -> Summary:
    """The summary of the report whose parts are ``chapters``."""
    shown, tile_list = tiles(_part(chapters, "tiles"), lang, currency)
    found = candidates(chapters, lang)
    top = most_important(found)
    alert_part = _part(chapters, "alerts")
    alerts = [
        h
        for h in found
        if alert_part is not None and h.anchor == alert_part.anchor and h not in top
    ]
    count = 0
    if alert_part is not None and alert_part.section is not None:
        count = len(alert_part.section.table("alerts").frame)
    return Summary(
        period=shown or period,
        tiles=tile_list,
        top=top,
        goals=goals(_part(chapters, "goals"), lang, currency),
        alerts=alerts,
        alert_count=count,
    )
