"""The digest of a workspace for one period unit, from its stored answers only (nothing is
computed here; an answer that was never stored is named in ``missing``).

* **Key figures**: the ``tiles`` answer's rows of the last complete period (``month`` or
  ``week``): value, change against the period before (percentage points for rates, % else) and
  whether a goal's target was met.
* **What changed most**: the :data:`MOVERS` key figures with the largest change, each marked
  better or worse by the metric's direction of good (the catalogue's ``higher_is_better``).
* **Goals** and **alerts**: the findings of the ``goals`` and ``alerts`` answers; of the goals
  those behind or missed (missed first), and how many are met or on track.
* **At risk**: the ``value`` answer's customers at risk, the first ``at_risk`` by revenue at
  risk (p(alive) and CLV from the fitted model).
* **Next euro**: the first finding of the ``measures`` answer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from bindung import answers, config, formatting
from bindung.errors import BindungError
from bindung.i18n import ptr, tr
from bindung.metrics.catalogue import BY_KEY

#: How many key figures "what changed most" names.
MOVERS = 3
PERIODS = ("month", "week")


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    change: str
    status: str
    #: True: the change is good, False: bad, None: no direction or no change
    good: bool | None


@dataclass(frozen=True)
class Line:
    """A sentence with how it should be read (info, good, warning, alarm)."""

    text: str
    level: str = "info"


@dataclass
class Digest:
    workspace: str
    lang: str
    unit: str  # month | week
    period: str  # the period's label, e.g. 2026-10
    subject: str
    tiles: list[Tile] = field(default_factory=list)
    movers: list[Line] = field(default_factory=list)
    goals: list[Line] = field(default_factory=list)
    alerts: list[Line] = field(default_factory=list)
    at_risk: list[dict[str, str]] = field(default_factory=list)
    next_euro: Line | None = None
    missing: list[str] = field(default_factory=list)
    dashboard_url: str = ""


def _section(folder: Path, key: str, params: dict[str, Any], lang: str, missing: list[str]) -> Any:
    """The stored section, or ``None`` (its title added to ``missing``)."""
    try:
        return answers.section(folder, key, params, lang=lang)
    except BindungError:
        missing.append(answers.spec(key).title(lang))
        return None


def _last_period(frame: pd.DataFrame) -> pd.DataFrame:
    complete = frame[~frame["partial"].astype(bool)]
    rows = complete if not complete.empty else frame
    last = rows["period"].iloc[-1]
    picked: pd.DataFrame = rows[rows["period"] == last]
    return picked


def _direction(metric: str, change: float) -> bool | None:
    better = BY_KEY[metric].higher_is_better if metric in BY_KEY else None
    if better is None or not math.isfinite(change) or change == 0:
        return None
    return (change > 0) == better


def compose(
    folder: Path,
    *,
    period: str = "month",
    lang: str | None = None,
    at_risk: int | None = None,
    dashboard_url: str | None = None,
) -> Digest:
    """The digest of ``folder`` for the last complete ``period`` (module docstring)."""
    if period not in PERIODS:
        raise BindungError(f"--period {period!r}: expected {' or '.join(PERIODS)}")
    folder = Path(folder)
    settings = config.load(folder)
    lang = lang or settings.lang
    digest_table = settings.digest
    if at_risk is None:
        at_risk = int(digest_table.get("at_risk", 5))
    currency = settings.currency
    missing: list[str] = []
    tiles = _section(folder, "tiles", {"period": period}, lang, missing)
    label = ""
    out = Digest(folder.name, lang, period, "", "", missing=missing)
    if tiles is not None and not tiles.tables[0].frame.empty:
        rows = _last_period(tiles.tables[0].frame)
        label = str(rows["period"].iloc[0])
        for r in rows.to_dict("records"):
            change = float(r["change"]) if pd.notna(r["change"]) else math.nan
            out.tiles.append(
                Tile(
                    label=str(r["label"]),
                    value=formatting.value(r["value"], r["unit"], lang, currency),
                    change=formatting.change(change, r["unit"], lang),
                    status=str(r["status"] or ""),
                    good=_direction(str(r["metric"]), change),
                )
            )
        ranked = sorted(
            (r for r in rows.to_dict("records") if pd.notna(r["change"]) and r["change"] != 0),
            key=lambda r: -abs(float(r["change"])),
        )[:MOVERS]
        for r in ranked:
            good = _direction(str(r["metric"]), float(r["change"]))
            word = "" if good is None else (tr(lang, "better") if good else tr(lang, "worse"))
            text = f"{r['label']}: {formatting.change(r['change'], r['unit'], lang)}"
            out.movers.append(
                Line(f"{text} ({word})" if word else text, "good" if good else "warning")
            )
    goals = _section(folder, "goals", {}, lang, missing)
    if goals is not None:
        order = {"alarm": 0, "warning": 1, "info": 2}
        open_ = sorted(
            (f for f in goals.findings if f.level != "good"), key=lambda f: order.get(f.level, 2)
        )
        out.goals = [Line(f.text(lang), f.level) for f in open_]
        met = sum(f.level == "good" for f in goals.findings)
        if met:
            out.goals.append(Line(tr(lang, "Goals met or on track: {n}", n=met), "good"))
    alerts = _section(folder, "alerts", {}, lang, missing)
    if alerts is not None:
        out.alerts = [Line(f.text(lang), f.level) for f in alerts.findings]
    value = _section(folder, "value", {"segment": None}, lang, missing)
    if value is not None and at_risk > 0:
        table = next((t for t in value.tables if t.key == "at_risk"), None)
        if table is not None:
            top = table.frame.sort_values("revenue_at_risk", ascending=False).head(at_risk)
            for r in top.to_dict("records"):
                out.at_risk.append(
                    {
                        "customer": str(r["customer_id"]),
                        "segment": str(r["label"]),
                        "p_alive": formatting.value(100 * float(r["p_alive"]), "percent", lang),
                        "clv": formatting.value(r["clv"], "money", lang, currency),
                        "at_risk": formatting.value(r["revenue_at_risk"], "money", lang, currency),
                    }
                )
    measures = _section(folder, "measures", {}, lang, missing)
    if measures is not None and measures.findings:
        first = measures.findings[0]
        out.next_euro = Line(first.text(lang), first.level)
    out.period = label
    unit_word = ptr(lang, "digest", "month") if period == "month" else ptr(lang, "digest", "week")
    out.subject = tr(
        lang,
        "Bindung · {workspace} · {unit} {period}",
        workspace=folder.name,
        unit=unit_word,
        period=label or "–",
    )
    out.dashboard_url = (
        dashboard_url if dashboard_url is not None else str(digest_table.get("dashboard_url", ""))
    )
    return out
