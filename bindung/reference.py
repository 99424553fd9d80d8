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
    if col.type == "email":
        parts.append("a valid e-mail address")
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
    for table in (*schema.TABLES, *schema.PRIVATE_TABLES.values()):
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
        if "email" in synonyms and "email" not in table.column_names:
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


def answers_markdown() -> str:
    """Every registered answer: what it reads, which variants a refresh stores, what it is."""
    from bindung.answers.registry import all_specs

    lines = [
        "# Answers",
        "",
        "Generated from the registry (`bindung/answers/sections.py`) by "
        "`python -m bindung.reference docs`; do not edit.",
        "",
        "Every answer is computed by `bindung refresh` once per data version and settings and",
        "stored in the workspace's `answers/` folder; the CLI, the API (`/api/answers/{key}`),",
        "the dashboard and the reports only read it. An answer is recomputed when a table it",
        "reads or a setting it reads changed. The tables and columns of each answer, as stored",
        "for the demo workspace: [answer-columns.md](answer-columns.md).",
        "",
        "| answer | title | reads tables | reads settings | stored variants |",
        "|---|---|---|---|---|",
    ]
    for spec in all_specs():
        variants = " ".join((spec.variants.__doc__ or "").split())
        if spec.per_language:
            variants += "; per language (de, en)"
        lines.append(
            f"| `{spec.key}` | {spec.title_de} / {spec.title_en} | "
            f"{', '.join(f'`{t}`' for t in spec.depends_on)} | "
            f"{', '.join(f'`{s}`' for s in spec.settings) or '–'} | {variants} |"
        )
    lines.append("")
    for spec in all_specs():
        lines += [f"## {spec.key}", "", " ".join(spec.doc.split()), ""]
    return "\n".join(lines)


def answer_columns_markdown(folder: Path) -> str:
    """The tables and typed columns of every answer stored in the workspace ``folder``."""
    from bindung.answers.registry import all_specs
    from bindung.answers.store import AnswerStore

    store = AnswerStore(folder)
    seen: dict[str, dict[str, dict[str, tuple[str, str, str]]]] = {}
    found_tables: dict[str, dict[str, tuple[str, str, str]]] | None
    for entry in store.entries():
        found = store.read(entry["key"], entry["params"])
        if found is None or found.section is None:
            continue
        tables = seen.setdefault(found.key, {})
        for table in found.section.tables:
            cols = tables.setdefault(table.key, {})
            for col in table.columns:
                cols.setdefault(col.key, (col.unit, col.de, col.en))
    lines = [
        "# Answer columns",
        "",
        "Generated by `python -m bindung.reference columns WORKSPACE` from the answers stored for",
        "the demo workspace (`bindung demo`); do not edit. Units: text, date, count, percent",
        "(0–100), points, money (workspace currency), days, minutes, score, factor, pvalue, flag.",
        "",
    ]
    for spec in all_specs():
        lines += [f"## {spec.key}", ""]
        found_tables = seen.get(spec.key)
        if not found_tables:
            lines += ["(not stored for the demo workspace)", ""]
            continue
        for name, cols in found_tables.items():
            lines += [f"### {spec.key}.{name}", "", "| column | unit | de | en |"]
            lines.append("|---|---|---|---|")
            for key, (unit, de, en) in cols.items():
                lines.append(f"| `{key}` | {unit} | {de} | {en} |")
            lines.append("")
    return "\n".join(lines)


PAGES = {
    "answers-reference.md": answers_markdown,
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
    if len(sys.argv) > 2 and sys.argv[1] == "columns":
        target = Path(sys.argv[3] if len(sys.argv) > 3 else "docs") / "answer-columns.md"
        target.write_text(answer_columns_markdown(Path(sys.argv[2])), encoding="utf-8")
        print(target)
    else:
        for path in write(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")):
            print(path)
