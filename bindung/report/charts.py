"""Charts of the report: Plotly figures drawn from the sections' tables (no number is computed
here).  A :class:`Chart` holds the figure as plain JSON, which the dashboard passes to
plotly.js (served by the app itself) and the HTML report embeds.

Every chart is a trace of :data:`PLOTLY_TRACES` (scatter, bar, heatmap): the plotly.js both
use is a partial bundle of exactly those (:func:`plotly_js`, vendored in ``static/``), a
quarter of the full plotly.min.js."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bindung.i18n import N_, both, tr
from bindung.report.tables import Column, Table

STATIC = Path(__file__).parent / "static"
#: The trace types of the vendored plotly.js bundle; a chart of another type would not draw.
PLOTLY_TRACES = ("scatter", "bar", "heatmap")
#: The plotly.js release of the bundle (the one the Python package plotly ships).
PLOTLY_JS_VERSION = "4.1.1"
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
    """plotly.js for the browser: the partial bundle (core with scatter, plus bar and heatmap;
    about 1.1 MB instead of 4.6 MB) vendored with Bindung, with its MIT licence, built from
    the npm package plotly.js at :data:`PLOTLY_JS_VERSION` (decision 0010).  Served by the
    app, inlined by the HTML report: nothing is loaded from the internet, not even at
    install time."""
    return STATIC / "plotly-bindung.min.js"


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


#: Axis titles by the unit of the plotted columns.
UNIT_AXIS: dict[str, str] = {
    "percent": N_("share (%)"),
    "points": N_("percentage points"),
    "count": N_("number"),
    "minutes": N_("minutes"),
    "days": N_("days"),
    "score": N_("value"),
    "factor": N_("factor"),
}


def _unit(table: Table, key: str) -> str:
    for c in table.columns:
        if c.key == key:
            return c.unit
    return "text"


def _value_axis(table: Table, ys: Sequence[str], lang: str, currency: str | None) -> str:
    """The value axis's title: the unit the columns share (money in ``currency``), else the
    single column's label."""
    units = {_unit(table, y) for y in ys}
    if len(units) == 1:
        unit = units.pop()
        if unit == "money":
            word = tr(lang, "amount")
            return f"{word} ({currency})" if currency else word
        if unit in UNIT_AXIS:
            axis = tr(lang, UNIT_AXIS[unit])
            if len(ys) == 1:
                label = _label(table, ys[0], lang)
                if unit == "percent" and "%" in label:  # "Unterschied %", not "... (Anteil (%))"
                    return label
                if unit == "percent":  # "ROI (%)": a percentage need not be a share
                    return f"{label} (%)"
                return f"{label} ({axis})"
            return axis
    return _label(table, ys[0], lang) if len(ys) == 1 else ""


def _column(table: Table, key: str) -> Column | None:
    return next((c for c in table.columns if c.key == key), None)


def _categories(values: pd.Series, column: Column | None = None, lang: str = "de") -> list[str]:
    """Axis categories as the reader writes them: whole numbers without ".0", coded values
    by their labels (:meth:`Column.show`)."""
    if column is not None and column.labels:
        return [str(column.show(v, lang)) for v in values]
    if pd.api.types.is_numeric_dtype(values):
        numbers = values.to_numpy(dtype=float)
        if np.isfinite(numbers).all() and (numbers == np.round(numbers)).all():
            return [str(int(v)) for v in numbers]
    return values.astype(str).tolist()


def _runs(flags: Sequence[bool]) -> list[tuple[int, int]]:
    """``(first, last)`` positions of each run of true flags."""
    out: list[tuple[int, int]] = []
    start = None
    for i, on in enumerate([*flags, False]):
        if on and start is None:
            start = i
        elif not on and start is not None:
            out.append((start, i - 1))
            start = None
    return out


def lines(
    table: Table,
    x: str,
    ys: Sequence[str],
    lang: str,
    *,
    currency: str | None = None,
    flag: str | None = None,
    flag_text: tuple[str, str] | None = None,
) -> Chart:
    """One line per column ``ys`` over ``x``, with axis titles from the columns' labels and
    units.  ``flag`` names a true/false column: its runs of true rows are shaded and labelled
    ``flag_text`` (German, English) — figures that are there but not yet to be trusted."""
    import plotly.graph_objects as go

    fig = go.Figure()
    xs = _categories(table.frame[x], _column(table, x), lang)
    for y in ys:
        fig.add_trace(
            go.Scatter(
                x=xs, y=table.frame[y].tolist(), mode="lines+markers", name=_label(table, y, lang)
            )
        )
    fig.update_layout(
        **LAYOUT,
        separators=_separators(lang),
        title=table.title(lang),
        # above the plot: below it the legend ran into the rotated periods and the axis title
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
    )
    fig.update_layout(margin={**LAYOUT["margin"], "t": 70})
    # periods as the tables name them ("2024-03", "2024-Q1"), not re-read as dates
    fig.update_xaxes(title_text=_label(table, x, lang), type="category")
    fig.update_yaxes(title_text=_value_axis(table, ys, lang, currency))
    if flag is not None and flag in table.frame:
        text = (flag_text or ("", ""))[0 if lang == "de" else 1]
        for first, last in _runs(table.frame[flag].fillna(False).astype(bool).tolist()):
            fig.add_vrect(
                x0=first - 0.5,
                x1=last + 0.5,
                fillcolor="#9e9e9e",
                opacity=0.15,
                line_width=0,
                annotation_text=text,
                annotation_position="left",
            )
    return Chart(f"{table.key}_lines", table.title_de, table.title_en, _figure(fig))


def bars(
    table: Table,
    x: str,
    y: str,
    lang: str,
    *,
    currency: str | None = None,
    interval: tuple[str, str] | None = None,
) -> Chart:
    """Bars of ``y`` over ``x``; ``interval`` names the columns of the 95 % interval's ends,
    drawn as error bars."""
    import plotly.graph_objects as go

    error = None
    if interval is not None:
        values = table.frame[y].astype(float)
        low, high = (table.frame[c].astype(float) for c in interval)
        error = {
            "type": "data",
            "symmetric": False,
            "array": (high - values).clip(lower=0).tolist(),
            "arrayminus": (values - low).clip(lower=0).tolist(),
        }
    fig = go.Figure(
        go.Bar(
            x=_categories(table.frame[x], _column(table, x), lang),
            y=table.frame[y].tolist(),
            name=_label(table, y, lang),
            error_y=error,
        )
    )
    fig.update_layout(
        **LAYOUT,
        separators=_separators(lang),
        title=f"{table.title(lang)}: {_label(table, y, lang)}",
    )
    fig.update_xaxes(title_text=_label(table, x, lang), type="category")
    fig.update_yaxes(title_text=_value_axis(table, [y], lang, currency))
    return Chart(f"{table.key}_{y}_bars", table.title_de, table.title_en, _figure(fig))


def cohort_table(matrix: pd.DataFrame) -> Table:
    """The cohort matrix (% of each cohort active k periods later) as a report table."""
    offsets = [c for c in matrix.columns if c not in ("cohort", "size")]
    frame = matrix.rename(columns={c: f"p{c}" for c in offsets})
    columns = [Column("cohort", *both("cohort")), Column("size", *both("size"), "count")]
    # a cohort's periods after the data's end are not reached yet: empty, not "undefined"
    columns += [Column(f"p{c}", f"+{c}", f"+{c}", "percent", blank=True) for c in offsets]
    return Table("cohorts", *both("Cohorts (% active)"), columns, frame)


def heatmap(table: Table, lang: str) -> Chart:
    """The cohort matrix as a heat map.  The colour scale runs from 0 to the largest share
    after the first period: the first column is 100 % by definition and would otherwise take
    the whole scale (every later cell pale).  Cells not reached yet stay empty."""
    import plotly.graph_objects as go

    cols = [c.key for c in table.columns if c.key.startswith("p")]
    raw = table.frame[cols].to_numpy(dtype=float)
    z = [[None if np.isnan(v) else float(v) for v in row] for row in raw]
    later = raw[:, 1:] if raw.shape[1] > 1 else raw
    top = float(np.nanmax(later)) if np.isfinite(later).any() else 100.0
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[f"+{c[1:]}" for c in cols],
            y=table.frame["cohort"].astype(str).tolist(),
            colorscale="Blues",
            zmin=0.0,
            zmax=max(top, 1.0),
            colorbar={"title": tr(lang, "% active")},
            # i18n: a Plotly hover template: keep %{y}, %{x} and %{z:.1f}
            hovertemplate=tr(lang, "cohort %{y}, %{x}: %{z:.1f} %<extra></extra>"),
            hoverongaps=False,
        )
    )
    fig.update_layout(**LAYOUT, separators=_separators(lang), title=table.title(lang))
    fig.update_xaxes(title_text=tr(lang, "periods after the first purchase"))
    fig.update_yaxes(autorange="reversed", type="category", title_text=tr(lang, "cohort"))
    return Chart("cohort_heatmap", table.title_de, table.title_en, _figure(fig))


def histogram(table: Table, key: str, lang: str, *, currency: str | None = None) -> Chart:
    """A histogram from a table of bins (``low``, ``high``, ``customers``)."""
    import plotly.graph_objects as go

    frame = table.frame
    centres = ((frame["low"] + frame["high"]) / 2).tolist()
    widths = (frame["high"] - frame["low"]).tolist()
    fig = go.Figure(go.Bar(x=centres, y=frame["customers"].tolist(), width=widths))
    fig.update_layout(**LAYOUT, separators=_separators(lang), title=table.title(lang), bargap=0.02)
    unit = f" ({currency})" if currency else ""
    fig.update_xaxes(title_text=f"{key.upper() if key == 'clv' else key}{unit}")
    fig.update_yaxes(title_text=_label(table, "customers", lang))
    return Chart(f"{key}_histogram", table.title_de, table.title_en, _figure(fig))


def survival_chart(table: Table, lang: str) -> Chart:
    return lines(table, "tenure", ["survival_km", "survival"], lang)
