"""Charts of the report: Plotly figures drawn from the sections' tables (no number is computed
here).  A :class:`Chart` holds the figure as plain JSON, which the dashboard passes to
plotly.js (served by the app itself) and the HTML report embeds."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bindung.report.tables import Column, Table

LAYOUT: dict[str, Any] = {
    "margin": {"l": 50, "r": 20, "t": 40, "b": 40},
    "height": 360,
    "template": "plotly_white",
}


@dataclass(frozen=True)
class Chart:
    key: str
    title_de: str
    title_en: str
    figure: dict[str, Any]  # Plotly figure as JSON (data + layout)

    def title(self, lang: str) -> str:
        return self.title_de if lang == "de" else self.title_en


def plotly_js() -> Path:
    """plotly.js as the installed plotly package ships it (served by the app, inlined by the
    HTML report: nothing is loaded from the internet)."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def _figure(fig: Any) -> dict[str, Any]:
    figure: dict[str, Any] = json.loads(fig.to_json())
    return figure


def _label(table: Table, key: str, lang: str) -> str:
    for c in table.columns:
        if c.key == key:
            return c.label(lang)
    return key


def _separators(lang: str) -> str:
    return ",." if lang == "de" else ".,"


def lines(table: Table, x: str, ys: Sequence[str], lang: str) -> Chart:
    """One line per column ``ys`` over ``x``."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for y in ys:
        fig.add_trace(
            go.Scatter(
                x=table.frame[x].astype(str).tolist(),
                y=table.frame[y].tolist(),
                mode="lines+markers",
                name=_label(table, y, lang),
            )
        )
    fig.update_layout(**LAYOUT, separators=_separators(lang), title=table.title(lang))
    return Chart(f"{table.key}_lines", table.title_de, table.title_en, _figure(fig))


def bars(table: Table, x: str, y: str, lang: str) -> Chart:
    import plotly.graph_objects as go

    fig = go.Figure(
        go.Bar(
            x=table.frame[x].astype(str).tolist(),
            y=table.frame[y].tolist(),
            name=_label(table, y, lang),
        )
    )
    fig.update_layout(
        **LAYOUT,
        separators=_separators(lang),
        title=f"{table.title(lang)}: {_label(table, y, lang)}",
    )
    return Chart(f"{table.key}_{y}_bars", table.title_de, table.title_en, _figure(fig))


def cohort_table(matrix: pd.DataFrame) -> Table:
    """The cohort matrix (% of each cohort active k periods later) as a report table."""
    offsets = [c for c in matrix.columns if c not in ("cohort", "size")]
    frame = matrix.rename(columns={c: f"p{c}" for c in offsets})
    columns = [Column("cohort", "Kohorte", "cohort"), Column("size", "Größe", "size", "count")]
    columns += [Column(f"p{c}", f"+{c}", f"+{c}", "percent") for c in offsets]
    return Table("cohorts", "Kohorten (% aktiv)", "Cohorts (% active)", columns, frame)


def heatmap(table: Table, lang: str) -> Chart:
    import plotly.graph_objects as go

    cols = [c.key for c in table.columns if c.key.startswith("p")]
    raw = table.frame[cols].to_numpy(dtype=float)
    z = [[None if np.isnan(v) else float(v) for v in row] for row in raw]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[c[1:] for c in cols],
            y=table.frame["cohort"].astype(str).tolist(),
            colorscale="Blues",
            colorbar={"title": "%"},
        )
    )
    fig.update_layout(**LAYOUT, separators=_separators(lang), title=table.title(lang))
    fig.update_yaxes(autorange="reversed")
    return Chart("cohort_heatmap", table.title_de, table.title_en, _figure(fig))


def histogram(table: Table, key: str, lang: str) -> Chart:
    """A histogram from a table of bins (``low``, ``high``, ``customers``)."""
    import plotly.graph_objects as go

    frame = table.frame
    centres = ((frame["low"] + frame["high"]) / 2).tolist()
    widths = (frame["high"] - frame["low"]).tolist()
    fig = go.Figure(go.Bar(x=centres, y=frame["customers"].tolist(), width=widths))
    fig.update_layout(**LAYOUT, separators=_separators(lang), title=table.title(lang), bargap=0.02)
    return Chart(f"{key}_histogram", table.title_de, table.title_en, _figure(fig))


def survival_chart(table: Table, lang: str) -> Chart:
    return lines(table, "tenure", ["survival_km", "survival"], lang)
