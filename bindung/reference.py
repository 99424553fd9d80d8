"""Reference documentation generated from the declarations (never written by hand).

``python -m bindung.reference`` rewrites ``docs/tables.md`` and ``docs/settings.md``;
tests/test_reference.py fails when they are stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bindung.config import SETTINGS
from bindung.ingest.mapping import SYNONYMS
from bindung.store import schema


def column_checks(table: schema.Table, col: schema.Column) -> str:
    """The checks on ``col`` in words (docs/tables.md and ``bindung tables``)."""
    parts: list[str] = []
    if col.name in table.key:
        parts.append("key" if len(table.key) == 1 else "part of the key")
    if col.required:
        parts.append("required")
    if col.choices:
        parts.append("one of " + ", ".join(f"`{c}`" for c in col.choices))
    if col.type in ("money", "number", "integer") and not col.negative:
        parts.append("≥ 0")
    if col.minimum:
        parts.append(f"≥ {col.minimum:g}")
    if col.type in ("timestamp", "date"):
        parts.append("not in the future")
    for ref in table.references:
        if ref.column == col.name:
            parts.append(
                f"must exist in `{ref.table}`"
                if not ref.creates
                else f"creates missing `{ref.table}` rows"
            )
    for rule in table.orders:
        if rule.later == col.name:
            parts.append(f"not before `{rule.earlier}`")
    if col.name == "score" and table.score_ranges:
        ranges = "; ".join(f"{s} {lo:g}–{hi:g}" for s, (lo, hi) in table.score_ranges.items())
        parts.append(f"range by survey: {ranges}")
    return "; ".join(parts)


def tables_markdown() -> str:
    lines = [
        "# Canonical tables",
        "",
        "Generated from `bindung/store/schema.py` by `python -m bindung.reference`; do not edit.",
        "Times are stored in UTC (converted from the workspace time zone at import); money is",
        "`DECIMAL(18,2)` in the workspace currency. Headers in the *recognised* column are",
        "compared after lower-casing, replacing umlauts and dropping everything but letters and",
        "digits (`Bestell-Datum` → `bestelldatum`).",
        "",
    ]
    for table in schema.TABLES:
        lines.append(f"## {table.name}")
        lines.append("")
        if table.doc:
            lines.append(table.doc)
            lines.append("")
        if table.derived_key:
            lines.append(
                f"Without a `{table.key[0]}` column the key is derived from the row's content "
                "(re-importing the same file stays idempotent)."
            )
            lines.append("")
        lines.append("| column | type | checks | recognised headers |")
        lines.append("|---|---|---|---|")
        synonyms = SYNONYMS.get(table.name, {})
        for col in table.columns:
            names = ", ".join(synonyms.get(col.name, ()))
            lines.append(
                f"| `{col.name}` | {col.sql_type} | {column_checks(table, col)} | {names} |"
            )
        if "email" in synonyms:
            names = ", ".join(synonyms["email"])
            lines.append(f"| *(e-mail)* | → `email_hash` | salted SHA-256 | {names} |")
        lines.append("")
    return "\n".join(lines)


def settings_markdown() -> str:
    lines = [
        "# Workspace settings (`bindung.toml`)",
        "",
        "Generated from `bindung/config.py` by `python -m bindung.reference`; do not edit.",
        "",
        "| setting | default | meaning |",
        "|---|---|---|",
    ]
    for s in SETTINGS:
        lines.append(f"| `{s.name}` | `{s.default}` | {s.help} |")
    lines.append("")
    return "\n".join(lines)


def metrics_markdown() -> str:
    from bindung.metrics.catalogue import CATALOGUE

    better = {True: "higher", False: "lower", None: "neither (context)"}
    lines = [
        "# Metric catalogue",
        "",
        "Generated from `bindung/metrics/catalogue.py` by `python -m bindung.reference`; do not",
        "edit. `bindung metrics` prints the same list; `bindung kpis` computes every metric per",
        "period. Definitions of activity, periods and spells: the docstrings of",
        "`bindung/metrics/components.py` and `bindung/metrics/periods.py`, and",
        "[decision 0004](decisions/0004-activity-spells.md).",
        "",
        "* A period is `[start, end)` between local midnights in the workspace time zone.",
        "* A customer is *active* at an instant `t` when they have an order in `[t − W, t)`",
        "  (W = `activity_window_days`) or a subscription with `started_at < t <= ended_at`;",
        "  `activity_basis` chooses orders, subscriptions or both.",
        "* A value that cannot be computed (a rate over zero customers) is *not defined* (empty",
        "  in CSV, `null` in JSON), never 0. Periods with fewer than `min_customers` customers",
        "  at the start are flagged `small`; a period whose data end more than a day before its",
        "  end is flagged `partial`.",
        "* Changes: rates (unit percent) change in percentage points, everything else in % of",
        "  the earlier value; the year-earlier period is 12 months, 4 quarters, 1 year or 52",
        "  weeks back.",
        "",
        "| key | label (de / en) | unit | better |",
        "|---|---|---|---|",
    ]
    for m in CATALOGUE:
        lines.append(
            f"| [`{m.key}`](#{m.key}) | {m.label_de} / {m.label_en} | {m.unit} | "
            f"{better[m.higher_is_better]} |"
        )
    lines.append("")
    for m in CATALOGUE:
        lines += [
            f"## {m.key}",
            "",
            f"**{m.label_de}** / **{m.label_en}**",
            "",
            f"* Formula: {m.formula}",
            f"* Unit: {m.unit}; better: {better[m.higher_is_better]}",
            f"* Source: {m.source}",
            f"* Reads: {', '.join(m.needs)}",
        ]
        if m.benchmarks:
            lines.append(f"* Benchmarks: {m.benchmarks}")
        if m.note:
            lines.append(f"* Note: {m.note}")
        lines.append("")
    return "\n".join(lines)


def segments_markdown() -> str:
    from bindung.insights.segments import SEGMENTS, TIERS

    lines = [
        "# Customer segments and CLV tiers",
        "",
        "Generated from `bindung/insights/segments.py` by `python -m bindung.reference`; do not",
        "edit. `bindung customers` shows them; `--segment KEY` lists one segment (use `-` or",
        "`_` in keys), `--segment win-back` the valuable customers whose probability alive fell.",
        "",
        "R, F and M scores are 1–5 (5 best: most recent, most orders, most revenue) by fifths",
        "of the customers; customers with equal values get equal scores. Rules are tried in",
        "this order and the first match wins, so every customer is in exactly one segment.",
        "",
        "| key | Segment (de) | segment (en) | rule | description |",
        "|---|---|---|---|---|",
    ]
    for seg in SEGMENTS:
        lines.append(
            f"| `{seg.key}` | {seg.label_de} | {seg.label_en} | {seg.rule_text('en')} | "
            f"{seg.description} |"
        )
    lines += ["", "## CLV tiers", "", "| tier | de | en | description |", "|---|---|---|---|"]
    for tier in TIERS:
        lines.append(f"| {tier.key} | {tier.label_de} | {tier.label_en} | {tier.description} |")
    lines.append("")
    return "\n".join(lines)


PAGES = {
    "segments.md": segments_markdown,
    "tables.md": tables_markdown,
    "settings.md": settings_markdown,
    "metrics.md": metrics_markdown,
}


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, render in PAGES.items():
        path = folder / name
        path.write_text(render(), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")):
        print(path)
