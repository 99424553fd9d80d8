"""KPI tiles as a page opens with them: the figure, its change against the previous period
with sign and unit, coloured by whether the change is good, the target where a goal exists,
and a sparkline of the last :data:`SPARK_PERIODS` complete periods.

>>> views = tile_views(stored_tiles, shown="2026-10", metrics=None, lang="de")  # doctest: +SKIP
>>> views[0].value, views[0].change, views[0].tone                          # doctest: +SKIP
('4.812', '+2,2 %', 'good')

Everything comes from the stored ``tiles`` answer (one row per period and metric, every
period of the data): nothing is computed but the placement of the sparkline's points.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from bindung.i18n import ptr
from bindung.metrics.catalogue import BY_KEY, Unit
from bindung.report import format as fmt
from bindung.report.tables import Section

#: Periods a sparkline shows (the shown one and those before it).
SPARK_PERIODS = 12
#: The sparkline's drawing box (SVG user units): width, height.
SPARK_BOX = (100.0, 28.0)


@dataclass(frozen=True)
class TileView:
    """One tile, every text already formatted for the reader."""

    metric: str
    period: str  # the period the figure is of
    label: str
    value: str
    change: str  # "+2,2 %" (relative) or "+0,2 Pp" (rates); "" when not defined
    tone: str  # "good", "bad" or "" (no direction, no change, or not defined)
    target: str | None  # None: no goal for this metric and period
    status: str  # "met", "missed" or ""
    status_text: str
    spark: str  # SVG polyline points, "" with fewer than two values
    spark_from: str  # first and last period of the sparkline
    spark_to: str


def tone(metric: str, change: Any) -> str:
    """``good`` when the change goes the metric's better way, ``bad`` the other way."""
    m = BY_KEY.get(metric)
    if m is None or m.higher_is_better is None or fmt.missing(change):
        return ""
    c = float(change)
    if not math.isfinite(c) or c == 0:
        return ""
    return "good" if (c > 0) == m.higher_is_better else "bad"


def spark_points(values: Sequence[float]) -> str:
    """The values as polyline points in :data:`SPARK_BOX` (left to right, the largest at
    the top); undefined values are left out; "" with fewer than two values."""
    width, height = SPARK_BOX
    pairs = [(i, v) for i, v in enumerate(values) if v is not None and math.isfinite(v)]
    if len(pairs) < 2:
        return ""
    low = min(v for _, v in pairs)
    high = max(v for _, v in pairs)
    span = high - low
    step = width / max(len(values) - 1, 1)
    pad = 2.0
    out = []
    for i, v in pairs:
        y = height / 2 if span == 0 else pad + (high - v) / span * (height - 2 * pad)
        out.append(f"{i * step:.1f},{y:.1f}")
    return " ".join(out)


def status_text(status: str, lang: str) -> str:
    """A tile's goal status in words: ``met`` / ``missed`` (``""``: no goal)."""
    if status == "met":
        return ptr(lang, "tile", "met")
    return ptr(lang, "tile", "missed") if status else ""


def tile_views(
    stored: Section,
    shown: str | None,
    *,
    metrics: Sequence[str] | None = None,
    lang: str = "de",
) -> list[TileView]:
    """The tiles of period ``shown`` (``metrics`` in this order, or every stored one), each
    with the sparkline of the complete periods up to it."""
    frame = stored.table("tiles").frame
    currency = str(stored.meta.get("currency") or "EUR")
    periods = list(dict.fromkeys(frame["period"].astype(str)))
    if shown is None or shown not in periods:
        return []
    complete = frame[~frame["partial"].astype(bool)]
    upto = [p for p in periods[: periods.index(shown) + 1]]
    window = [p for p in upto if p in set(complete["period"].astype(str))][-SPARK_PERIODS:]
    rows = frame[frame["period"].astype(str) == shown]
    order = list(metrics) if metrics is not None else list(dict.fromkeys(rows["metric"]))
    out = []
    for metric in order:
        hit = rows[rows["metric"] == metric]
        if hit.empty:
            continue
        rec = hit.iloc[0].to_dict()
        unit: Unit = rec["unit"]
        history = complete[complete["metric"] == metric].assign(
            period=lambda f: f["period"].astype(str)
        )
        by_period = dict(zip(history["period"], history["value"], strict=True))
        values = [_number(by_period.get(p)) for p in window]
        has_goal = not fmt.missing(rec.get("target"))
        status = ""
        if has_goal and rec.get("status"):
            status = "met" if rec["status"] in ("erreicht", "met") else "missed"
        change = _finite(rec.get("change"))
        out.append(
            TileView(
                metric=metric,
                period=shown,
                label=str(rec["label"]),
                value=fmt.value(_finite(rec["value"]), unit, lang, currency),
                change="" if fmt.missing(change) else fmt.change(change, unit, lang),
                tone=tone(metric, change),
                target=fmt.value(rec["target"], unit, lang, currency) if has_goal else None,
                status=status,
                status_text=status_text(status, lang),
                spark=spark_points(values),
                spark_from=window[0] if window else "",
                spark_to=window[-1] if window else "",
            )
        )
    return out


def _finite(value: Any) -> Any:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return float("nan")
    return value


def _number(value: Any) -> float:
    if value is None or fmt.missing(value) or value is pd.NA:
        return float("nan")
    return float(value)
