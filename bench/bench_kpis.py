"""Benchmark: the monthly KPI table over 36 months, against a hand-written DuckDB SQL baseline.

    python bench/bench_kpis.py --rows 10000000 100000000 --repeat 3 2 --wait-load 1.0

For every size, on a workspace made by ``bench/make_kpi_data.py`` (``rows`` orders,
``rows // 10`` customers, ~4 % returns, 36 months in Europe/Berlin; generated into
``bench/data/kpi_<rows>/`` when missing), in the same run:

* **baseline**: ``bench/kpi_baseline.sql`` on a read-only DuckDB connection to the store:
  one hand-written query for the monthly figures of the activity basis ``orders`` (S, E, N,
  kept, lost, reactivated, retention/churn rates, revenue, orders, AOV new/existing, repeat and
  loyal rates, purchase interval mean/median, return rates, historical CLV: the
  :data:`COVERED` metrics), fetched into pandas;
* **bindung**: ``bindung.open(folder, read_only=True).kpis(period="month", basis="orders")``:
  the full catalogue (the covered metrics plus MRR, cost and simple-CLV metrics, which are
  empty or NULL here: the data have no subscriptions, costs or acquisition costs), grid from
  the data, one Ibis expression, fetched into pandas;
* with ``--covered`` also **bindung-covered**: the same restricted to the :data:`COVERED`
  metrics (``metrics=COVERED``), the like-for-like comparison.

Before any time is reported, the baseline's and Bindung's tables must agree: counts exactly,
other figures within a relative 1e-9 (sums of floating-point numbers in another order),
NULL where the other is NULL.  ``--brute`` (for the sizes up to 2 M rows) also checks the baseline's
S, E, kept, lost, reactivated and N against a brute-force query that tests every customer at
every month start.

Each run is a child process (``python -c``), the variants alternate; time is measured inside
the child from connect/open to the fetched table (imports excluded, the same for both), peak
RSS is the child's ``ru_maxrss`` from ``os.wait4``.  Figures are medians.  DuckDB runs with its
defaults (2 threads, memory limit 80 % of RAM) in both.

Other people use the machine: ``--wait-load X`` waits (up to ``--wait-max`` s) before each size
until the 1-minute load average is below X; the load at the start of every run and the share
of CPU that other processes used during it are recorded.

Results go to the KPI section of ``bench/RESULTS.md`` (between the markers; the rest of the
file is kept).  Targets (from the issue): at 100 M rows under 60 s, under 12 GB, at most 1.5x
the baseline.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import bench_import  # noqa: E402
import make_kpi_data  # noqa: E402
from bench_import import ChildCrashed, Run, child, gib, machine, write_section  # noqa: E402

TARGET_ROWS = 100_000_000
TARGET_SECONDS = 60.0
TARGET_PEAK = 12 * 1024**3  # bytes
TARGET_RATIO = 1.5
START, END = "<!-- kpi-benchmark:start -->", "<!-- kpi-benchmark:end -->"
BRUTE_MAX_ROWS = 2_000_000  # the brute-force check joins every order with 12 month starts

# The catalogue metrics the baseline computes (all that the bench data make non-empty).
COVERED = (
    "customers_start",
    "customers_end",
    "new_customers",
    "kept_customers",
    "lost_customers",
    "reactivated_customers",
    "retention_rate",
    "retention_rate_strict",
    "churn_rate",
    "revenue",
    "orders",
    "repeat_customer_rate",
    "loyal_customer_rate",
    "aov",
    "aov_new",
    "aov_existing",
    "aov_ratio",
    "purchase_interval_mean",
    "purchase_interval_median",
    "return_rate_items",
    "return_rate_amount",
    "clv_historical",
)
COUNTS = {c for c in COVERED if c.endswith("_customers") or c.startswith("customers_")}
COUNTS.add("orders")

BASELINE = """
import json, sys, time
import duckdb, pandas
store, sql, settings = sys.argv[1], open(sys.argv[2]).read(), json.loads(sys.argv[3])
t0 = time.perf_counter()
con = duckdb.connect(store, read_only=True)
con.execute("SET TimeZone = 'UTC'")
con.execute("SET enable_progress_bar = false")
for name, value in settings.items():
    con.execute(f"SET VARIABLE {name} = ?", [value])
frame = con.execute(sql).df()
con.close()
t1 = time.perf_counter()
print(json.dumps({"seconds": t1 - t0, "table": frame.to_dict(orient="list")}))
"""

BINDUNG = """
import json, sys, time
import duckdb, ibis, pandas
import bindung
folder, metrics = sys.argv[1], json.loads(sys.argv[2])
t0 = time.perf_counter()
ws = bindung.open(folder, read_only=True)
frame = ws.kpis(period="month", basis="orders", metrics=metrics)
ws.close()
t1 = time.perf_counter()
frame["start"] = frame["start"].astype(str)
frame["end"] = frame["end"].astype(str)
print(json.dumps({"seconds": t1 - t0, "table": frame.to_dict(orient="list")}))
"""


@dataclass
class Series(bench_import.Series):
    """The import benchmark's series, with the load average at each run's start."""

    loads: list[float] = field(default_factory=list)


@dataclass
class SizeResult:
    rows: int
    meta: dict[str, Any]
    series: list[Series]
    load_before: float
    waited: float
    checks: list[str]


def helper(code: str, *args: str) -> Any:
    """Run ``python -c code args`` and return the JSON of its last output line.

    Untimed work (settings, generation, the brute-force check) runs in children too: a child
    starts with the parent's memory (vfork), so its ``ru_maxrss`` can never be below the
    parent's peak, and the parent must stay small."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"helper failed ({done.returncode}):\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


SETTINGS = """
import json, sys
import bindung
ws = bindung.open(sys.argv[1])  # for writing once: a store made before a schema change migrates
s = ws.settings
ws.close()
print(json.dumps({"tz": s.timezone, "window_days": s.activity_window_days,
                  "loyalty": s.loyalty_threshold, "margin": float(s.margin)}))
"""


def settings_of(folder: Path) -> dict[str, Any]:
    """The workspace settings the baseline needs (``SET VARIABLE name = value``).

    The helper opens the workspace for writing once, so a store made before a schema change
    is migrated (the timed runs open it read-only)."""
    settings: dict[str, Any] = helper(SETTINGS, str(folder))
    return settings


def ensure_data(rows: int, data: Path) -> tuple[Path, dict[str, Any]]:
    folder = data / f"kpi_{rows}"
    meta_path = folder / "kpi_data.json"
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("version") == make_kpi_data.VERSION and meta.get("rows") == rows:
            return folder, meta
    if folder.exists():
        shutil.rmtree(folder)
    print(f"generating {folder} ...", flush=True)
    meta: dict[str, Any] = helper(
        "import json, sys; from pathlib import Path; sys.path.insert(0, 'bench'); "
        "import make_kpi_data; "
        "print(json.dumps(make_kpi_data.make(int(sys.argv[1]), Path(sys.argv[2]))))",
        str(rows),
        str(folder),
    )
    print(f"  {int(meta['bytes']) / 1e9:.1f} GB in {meta['seconds']} s", flush=True)
    return folder, meta


def wait_for_load(limit: float | None, longest: float) -> tuple[float, float]:
    """Wait until the 1-minute load average is below ``limit``; (load, seconds waited)."""
    started = time.monotonic()
    load = os.getloadavg()[0]
    if limit is None:
        return load, 0.0
    while load >= limit and time.monotonic() - started < longest:
        print(f"  load {load:.2f} >= {limit}: waiting", flush=True)
        time.sleep(30)
        load = os.getloadavg()[0]
    return load, time.monotonic() - started


# -- checks --------------------------------------------------------------------------------


def compare(base: dict[str, list[Any]], other: dict[str, list[Any]], label: str) -> None:
    """Raise unless ``other`` has the baseline's figures (period by period)."""
    if base["period"] != other["period"]:
        raise AssertionError(f"{label}: periods differ: {base['period']} / {other['period']}")
    problems = []
    for key in COVERED:
        for period, x, y in zip(base["period"], base[key], other[key], strict=True):
            if _missing(x) or _missing(y):
                same = _missing(x) and _missing(y)
            elif key in COUNTS:
                same = float(x) == float(y)
            else:
                same = math.isclose(float(x), float(y), rel_tol=1e-9, abs_tol=1e-9)
            if not same:
                problems.append(f"{key} {period}: baseline {x}, {label} {y}")
    if problems:
        raise AssertionError(f"{label} disagrees with the baseline:\n  " + "\n  ".join(problems))


def _missing(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


BRUTE = """
WITH bounds AS (
    SELECT k, start_at, lead(start_at) OVER (ORDER BY k) AS next_at FROM (
        SELECT (row_number() OVER (ORDER BY month) - 1)::BIGINT AS k,
               timezone(getvariable('tz'), month)::TIMESTAMP AS start_at
        FROM (SELECT unnest(generate_series(
                  date_trunc('month', timezone(getvariable('tz'), min(ordered_at)::TIMESTAMPTZ)),
                  date_trunc('month', timezone(getvariable('tz'), greatest(max(ordered_at),
                      (SELECT max(returned_at) FROM returns))::TIMESTAMPTZ)) + INTERVAL 1 MONTH,
                  INTERVAL 1 MONTH)) AS month FROM orders))
),
-- customer c is active at bound k: an order in [at_k - W, at_k)
active AS (
    SELECT DISTINCT o.customer_id, b.k
    FROM orders o JOIN bounds b
      ON o.ordered_at >= b.start_at - to_days(getvariable('window_days'))
     AND o.ordered_at < b.start_at
),
firsts AS (SELECT customer_id, min(ordered_at) AS first_at FROM orders GROUP BY ALL),
per AS (
    SELECT b.k,
           (SELECT count(*) FROM active a WHERE a.k = b.k) AS s,
           (SELECT count(*) FROM active a WHERE a.k = b.k + 1) AS e,
           (SELECT count(*) FROM active a JOIN active a2 ON a2.customer_id = a.customer_id
             AND a2.k = a.k + 1 WHERE a.k = b.k) AS kept,
           (SELECT count(*) FROM active a2 JOIN firsts f USING (customer_id)
             WHERE a2.k = b.k + 1 AND f.first_at < b.start_at AND NOT EXISTS
               (SELECT 1 FROM active a WHERE a.customer_id = a2.customer_id AND a.k = b.k))
               AS reactivated,
           (SELECT count(*) FROM firsts f WHERE f.first_at >= b.start_at AND f.first_at < b.next_at)
               AS new
    FROM bounds b WHERE b.next_at IS NOT NULL
)
SELECT k, s, e, kept, s - kept AS lost, reactivated, new FROM per ORDER BY k
"""


BRUTE_CHILD = """
import json, sys
import duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
con.execute("SET TimeZone = 'UTC'")
for name, value in json.loads(sys.argv[2]).items():
    con.execute(f"SET VARIABLE {name} = ?", [value])
print(json.dumps(con.execute(sys.argv[3]).fetchall()))
"""


def brute_check(folder: Path, settings: dict[str, Any], base: dict[str, list[Any]]) -> str:
    """Check the baseline's activity counts against the brute-force definition."""
    rows = helper(BRUTE_CHILD, str(folder / "bindung.duckdb"), json.dumps(settings), BRUTE)
    names = {
        "s": "customers_start",
        "e": "customers_end",
        "kept": "kept_customers",
        "lost": "lost_customers",
        "reactivated": "reactivated_customers",
        "new": "new_customers",
    }
    for i, row in enumerate(rows):
        for (short, key), value in zip(names.items(), row[1:], strict=True):
            if float(base[key][i]) != float(value):
                raise AssertionError(
                    f"brute force: {key} period {i}: {value}, baseline {base[key][i]} ({short})"
                )
    return f"brute-force activity check of the baseline: {len(rows)} months agree"


# -- running -------------------------------------------------------------------------------


def run_child(series: Series, code: str, *args: str, attempts: int = 3) -> Run:
    for _ in range(attempts):
        series.loads.append(os.getloadavg()[0])
        try:
            return child(code, *args)
        except ChildCrashed as exc:
            series.loads.pop()
            print(f"    crashed: {exc}; retrying", flush=True)
    raise RuntimeError(f"{series.variant}: {attempts} attempts crashed")


def bench_size(rows: int, repeat: int, data: Path, args: argparse.Namespace) -> SizeResult:
    folder, meta = ensure_data(rows, data)
    settings = settings_of(folder)
    store = str(folder / "bindung.duckdb")
    sql_file = str(HERE / "kpi_baseline.sql")
    load, waited = wait_for_load(args.wait_load, args.wait_max)
    print(f"  load average (1 min) {load:.2f} after waiting {waited:.0f} s", flush=True)
    variants: list[tuple[str, str, tuple[str, ...]]] = [
        ("baseline", BASELINE, (store, sql_file, json.dumps(settings))),
        ("bindung", BINDUNG, (str(folder), json.dumps(None))),
    ]
    if args.covered:
        variants.append(("bindung-covered", BINDUNG, (str(folder), json.dumps(list(COVERED)))))
    series = {name: Series(name, rows) for name, _, _ in variants}
    checks: list[str] = []
    for i in range(repeat):
        for name, code, child_args in variants:
            run = run_child(series[name], code, *child_args)
            table = run.detail.pop("table")
            if i == 0:
                if name == "baseline":
                    base_table = table
                    if args.brute and rows <= BRUTE_MAX_ROWS:
                        checks.append(brute_check(folder, settings, table))
                        print(f"  {checks[-1]}", flush=True)
                else:
                    compare(base_table, table, name)
                    checks.append(
                        f"{name} agrees with the baseline on {len(COVERED)} "
                        f"metrics x {len(table['period'])} months"
                    )
                    print(f"  {checks[-1]}", flush=True)
            series[name].runs.append(run)
            print(
                f"  {rows:>11,} {name:<15} #{i + 1}: {run.seconds:7.2f} s, "
                f"{run.peak_bytes / 2**30:6.2f} GiB  (load {series[name].loads[-1]:.2f}, "
                f"others used {run.other_cpu:.0%} CPU)",
                flush=True,
            )
    return SizeResult(rows, meta, list(series.values()), load, waited, checks)


# -- results -------------------------------------------------------------------------------


def section(
    results: list[SizeResult], command: str, started: datetime, facts: dict[str, str]
) -> str:
    lines = [
        START,
        "# KPI benchmark: the monthly KPI table against hand-written SQL",
        "",
        f"Run {started:%Y-%m-%d %H:%M} UTC, written by `bench/bench_kpis.py` (regenerate with "
        "the command below; do not edit the figures by hand).",
        "",
        "```",
        command,
        "```",
        "",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in facts.items() if k != "commit") + ".",
        "",
        f"Code: the working tree at run time (HEAD {facts.get('commit', '?')}; uncommitted "
        "changes, if any, included).",
        "",
        "Data: `bench/make_kpi_data.py`: a workspace with N orders, N/10 customers (customer "
        "numbers in order of acquisition, more customers later; 35-40 % buy once, a few buy "
        "hundreds of times; 4 % of further orders win back long-known customers), ~4 % returns, "
        "36 months 2023-11 .. 2026-10 in Europe/Berlin; W = 365 days, loyalty threshold 3.",
        "",
        "* **baseline**: `bench/kpi_baseline.sql`, one hand-written DuckDB query (one window "
        "pass over the orders, spells, months from a quarter-hour -> month table joined on an "
        "integer), read-only connection, fetched into pandas;",
        '* **bindung**: `bindung.open(folder, read_only=True).kpis(period="month", '
        'basis="orders")`: the **full catalogue** (31 metrics; MRR, cost and simple-CLV '
        "metrics are NULL on these data), grid from the data (3 small queries), one Ibis "
        "expression, fetched into pandas;",
        "* **bindung-covered** (if present): the same with `metrics=` the 22 metrics the "
        "baseline computes.",
        "",
        "Before timing counts: baseline and Bindung agree on the 22 covered metrics for every "
        "month (counts exactly, other figures within a relative 1e-9).",
        "",
        "Time = connect/open .. table fetched, inside a fresh child process (imports excluded); "
        "peak = the child's `ru_maxrss` (it includes the benchmark process's own "
        f"{parent_peak() / 2**20:.0f} MiB: children start as a copy of it). Median of the "
        "runs; variants alternate. DuckDB defaults in both (2 threads, memory limit 80 % of "
        "RAM).",
        "",
        "| orders | customers | variant | runs | time (median) | peak RSS (median / max) "
        "| process wall | ratio to baseline |",
        "|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for res in results:
        base = res.series[0]
        for s in res.series:
            lines.append(
                f"| {res.rows:,} | {res.meta['customers']:,} | {s.variant} | {len(s.runs)} "
                f"| {s.seconds:.2f} s | {gib(s.peak)} / {gib(s.peak_max)} "
                f"| {s.process_seconds:.2f} s | {s.seconds / base.seconds:.2f} |"
            )
    lines += [
        "",
        "Per run (seconds), load average (1 min) at the start of each run, and the "
        "share of the machine's CPU other processes used during it (from /proc/stat minus "
        "the child's own CPU time). The load average includes the benchmark's own previous "
        "runs (a 30 s run on 2 cores lifts it by ~1); the CPU share of others is the measure "
        "of interference:",
        "",
    ]
    for res in results:
        lines.append(
            f"* {res.rows:,} orders ({int(res.meta['bytes']) / 1e6:,.0f} MB store, "
            f"{res.meta['counts']['returns']:,} returns; load {res.load_before:.2f} before the "
            f"first run, after waiting {res.waited:.0f} s):"
        )
        for s in res.series:
            runs = ", ".join(
                f"{r.seconds:.2f} (load {ld:.2f}, others {r.other_cpu:.0%})"
                for r, ld in zip(s.runs, s.loads, strict=True)
            )
            lines.append(f"  * {s.variant}: {runs}")
        for check in res.checks:
            lines.append(f"  * check: {check}")
    lines.append("")
    at_target = [r for r in results if r.rows == TARGET_ROWS]
    if at_target:
        res = at_target[0]
        base = res.series[0]
        bind = next(s for s in res.series if s.variant == "bindung")
        ratio = bind.seconds / base.seconds
        ok_t, ok_m, ok_r = (
            bind.seconds < TARGET_SECONDS,
            bind.peak_max < TARGET_PEAK,
            ratio <= TARGET_RATIO,
        )
        verdict = "**met**" if ok_t and ok_m and ok_r else "**not met**"
        lines.append(
            f"Targets at {TARGET_ROWS:,} rows (< 60 s, < 12 GiB, <= 1.5x the baseline): "
            f"{verdict}: {bind.seconds:.1f} s ({'ok' if ok_t else 'too slow'}), peak "
            f"{gib(bind.peak_max)} ({'ok' if ok_m else 'too much'}), ratio {ratio:.2f} "
            f"({'ok' if ok_r else 'too high'})."
        )
    else:
        lines.append(f"Targets at {TARGET_ROWS:,} rows: not measured in this run.")
    lines += ["", END, ""]
    return "\n".join(lines)


def parent_peak() -> int:
    """Peak RSS of this process in bytes (a floor for the children's ``ru_maxrss``)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000_000, 100_000_000])
    parser.add_argument(
        "--repeat",
        type=int,
        nargs="+",
        default=[3],
        help="runs per size: one value, or one per --rows value",
    )
    parser.add_argument(
        "--covered",
        action="store_true",
        help="also run Bindung restricted to the metrics the baseline covers",
    )
    parser.add_argument(
        "--brute",
        action="store_true",
        help="check the baseline's activity counts by brute force (sizes <= 2 M rows)",
    )
    parser.add_argument(
        "--wait-load",
        type=float,
        default=None,
        help="before each size, wait until the 1-min load average is below this",
    )
    parser.add_argument("--wait-max", type=float, default=1200.0)
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    if len(args.repeat) not in (1, len(args.rows)):
        parser.error("--repeat: give one value, or one per --rows value")
    repeats = args.repeat * len(args.rows) if len(args.repeat) == 1 else args.repeat
    argv = ["--rows", *map(str, args.rows), "--repeat", *map(str, args.repeat)]
    if args.covered:
        argv.append("--covered")
    if args.brute:
        argv.append("--brute")
    if args.wait_load is not None:
        argv += ["--wait-load", str(args.wait_load)]
    command = "python bench/bench_kpis.py " + shlex.join(argv)
    started = datetime.now(UTC)
    args.data.mkdir(parents=True, exist_ok=True)
    results = []
    for rows, repeat in zip(args.rows, repeats, strict=True):
        print(f"{rows:,} rows, {repeat} run(s) each", flush=True)
        results.append(bench_size(rows, repeat, args.data, args))
    text = section(results, command, started, machine())
    write_section(args.out, text, START, END)
    print(text)


if __name__ == "__main__":
    main()
