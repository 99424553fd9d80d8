"""Time and memory of the what-if and the business phase, against the monthly KPI table.

    python bench/bench_measures.py --workspace bench/data/kpi_1000000 bench/data/kpi_10000000 \\
        --repeat 3 --profile

The workspaces are the KPI benchmark's (``bench/make_kpi_data.py``): ``kpi_1000000`` holds
100,000 customers and 1,000,000 orders, ``kpi_10000000`` 1,000,000 customers and 10,000,000
orders (36 months, Europe/Berlin).  Each is **copied** to a temporary folder first, because the
CLV fit is stored in the workspace (table ``bindung_models``); the original is never opened
for writing.  On the copy, each measure in a fresh child process (``python -c``):

* **fit** (once): ``workflow.current(ws)`` on the writable copy, which holds no fit yet: the
  per-customer summary, BG/NBD and Gamma-Gamma fits, and storing them.  When the fit fails
  (on these generated workspaces it does: their customers buy until the end, so BG/NBD's
  ``b`` runs off), its time until the error is reported and :data:`FALLBACK` (the published
  CDNOW estimates) is stored in its place, so that the what-if can still be measured;
* **baseline**: ``bindung.open(copy, read_only=True).kpis(period="month")``, the catalogue's
  monthly KPI table (every metric);
* **what-if**: ``retention_whatif(ws, points=5, years=3)`` (``bindung.insights.budget``) on the
  read-only copy, after the fit is stored: the KPI table for the last 12 months, the stored
  fit (loaded; a refit fails the run), ``customer_values``, the posterior draws, ``k`` by
  brentq and the two projections;
* **phase**: ``business_phase(ws)`` (``bindung.insights.phase``) on the read-only copy: the KPI
  table (two metrics) and one query splitting the revenue by first order.

Baseline, what-if and phase alternate, ``--repeat`` runs each; the figures are medians.  Time
= open .. close, measured inside the child (imports excluded); peak RSS = the child's
``ru_maxrss`` from ``os.wait4``.  Each time is divided by the baseline's median of the same
workspace in the same run.  Inside the child the main steps are wrapped with a timer (the
wrapper only adds ``perf_counter`` calls), which gives the breakdown table.  ``--profile`` adds
one cProfile run per measure (not counted in the times) and lists the functions with the most
own time.  The what-if's and the phase's results are printed, and must be the same in every
run (the draws are seeded).

Results go to the ``measures-benchmark`` section of ``bench/RESULTS.md`` (``--out``); the
other sections are kept.  No targets: the issue sets none for these measures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_import import ChildCrashed, Run, child, gib, machine, write_section  # noqa: E402

START, END = "<!-- measures-benchmark:start -->", "<!-- measures-benchmark:end -->"
MEASURES = ("baseline", "what-if", "phase")
#: Stored instead when the fit fails (the KPI workspaces' orders show no dropout, and BG/NBD's
#: b runs off): the published CDNOW estimates, weekly units -- BG/NBD from Fader, Hardie & Lee
#: (2005), "Counting your customers the easy way", Marketing Science 24(2), 275-284;
#: Gamma-Gamma from Fader & Hardie (2013), note 025.  The what-if's cost does not depend on
#: the parameter values (beyond brentq's iterations), only on the customers and their (x, T).
FALLBACK = {
    "bgnbd": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426},
    "gammagamma": {"p": 6.25, "q": 3.74, "gamma": 15.44},
}

CHILD = r"""
import json, sys, time
mode, folder, profile = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
import bindung
from bindung import workspace
from bindung.insights import budget, phase
from bindung.models import projection, workflow
from bindung.models.bgnbd import BetaGeoModel
from bindung.models.errors import ModelError
from bindung.models.gammagamma import GammaGammaModel

FALLBACK = json.loads(sys.argv[4])
parts, calls, last = {}, {}, {}


def timed(owner, name, label, clock=True, keep=False):
    inner = getattr(owner, name)

    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            value = inner(*args, **kwargs)
            if keep:  # only where asked: keeping results would change the peak
                last[label] = value
            return value
        finally:
            if clock:
                parts[label] = parts.get(label, 0.0) + time.perf_counter() - t
            calls[label] = calls.get(label, 0) + 1

    setattr(owner, name, wrapper)


timed(workspace.Workspace, "kpis", "ws.kpis")
timed(workflow, "fit", "workflow.fit")
timed(workflow, "load", "workflow.load")
timed(workflow, "summary", "workflow.summary (RFM query)")
timed(workflow, "save", "workflow.save")
timed(workflow, "last_order_day", "workflow.last_order_day")
timed(workflow, "customer_values", "workflow.customer_values")
timed(BetaGeoModel, "fit", "BetaGeoModel.fit")
timed(GammaGammaModel, "fit", "GammaGammaModel.fit")
timed(BetaGeoModel, "p_alive", "BetaGeoModel.p_alive")
timed(BetaGeoModel, "expected_purchases", "BetaGeoModel.expected_purchases")
timed(workflow, "predicted_clv", "predicted_clv")
timed(projection, "posterior_draws", "projection.posterior_draws", keep=True)
timed(projection, "_solve", "projection._solve (k by brentq)")
timed(projection, "project", "projection.project")
timed(projection.Draws, "blocks", "passes", clock=False)  # a generator: count only
timed(budget, "last_year", "budget.last_year")
timed(phase, "_first_order", "phase._first_order")
timed(phase, "_split_revenue", "phase._split_revenue")

profiler = None
if profile:
    import cProfile

    profiler = cProfile.Profile()

t0 = time.perf_counter()
if profiler is not None:
    profiler.enable()
ws = bindung.open(folder, read_only=(mode != "fit"))
result = {}
if mode == "baseline":
    frame = ws.kpis(period="month")
    result = {"periods": int(len(frame)), "columns": int(frame.shape[1])}
elif mode == "fit":
    if workflow.load(ws) is not None:
        raise SystemExit("the copy already holds a fit")
    try:
        fit = workflow.current(ws)
        result = {
            "model": type(fit.purchases).__name__,
            "params": {k: round(v, 6) for k, v in fit.purchases.params_.items()},
            "customers": fit.customers,
            "repeat_customers": fit.repeat_customers,
            "warnings": fit.warnings,
        }
    except ModelError as exc:
        result = {"failed": f"{type(exc).__name__}: {str(exc).split('. ')[0]}"}
elif mode == "what-if":
    stored = workflow.load(ws)
    if stored is None or stored.data_version != ws.data_version():
        raise SystemExit("no current stored fit in the copy")
    w = budget.retention_whatif(ws, points=5, years=3)
    result = {
        "model": w.model,
        "customers_today": round(w.customers_today, 3),
        "retention": round(w.retention, 6),
        "retention_whatif": round(w.retention_whatif, 6),
        "k": round(w.k, 9),
        "extra_profit_percent": round(w.extra_profit_percent, 6),
        "groups": last["projection.posterior_draws"].groups,
        "draws": last["projection.posterior_draws"].draws,
        "cached": last["projection.posterior_draws"].groups
        * last["projection.posterior_draws"].draws <= projection.CACHE_FLOATS,
        "passes": calls.get("passes", 0),
    }
elif mode == "phase":
    p = phase.business_phase(ws)
    result = {
        "phase": p.phase,
        "existing_share": round(p.existing_share, 6),
        "new_growth": round(p.new_growth, 6),
        "age_months": p.age_months,
    }
else:
    raise SystemExit(f"unknown mode {mode}")
ws.close()
if profiler is not None:
    profiler.disable()
t1 = time.perf_counter()
if mode == "fit" and "failed" in result:
    # Store the published CDNOW estimates instead, so that the what-if can be measured.
    from datetime import UTC, datetime

    ws = bindung.open(folder)
    workflow.save(ws, workflow.ClvFit(
        purchases=BetaGeoModel.from_params(**FALLBACK["bgnbd"]),
        spend=GammaGammaModel.from_params(**FALLBACK["gammagamma"]),
        unit="weeks",
        calibration_end=workflow.last_order_day(ws),
        holdout_end=None,
        data_version=ws.data_version(),
        fitted_at=datetime.now(UTC).replace(tzinfo=None, microsecond=0),
        warnings=["bench_measures.py: published CDNOW estimates, not fitted"],
    ))
    ws.close()
    result["stored_instead"] = FALLBACK
if mode in ("what-if", "phase") and calls.get("workflow.fit"):
    raise SystemExit("the stored fit was not reused")
top = []
if profiler is not None:
    import pstats

    stats = pstats.Stats(profiler).stats
    rows = sorted(stats.items(), key=lambda kv: kv[1][2], reverse=True)[:12]
    for (file, line, func), (cc, nc, tt, ct, _) in rows:
        top.append([f"{file.rsplit('site-packages/', 1)[-1]}:{line}({func})", nc, tt, ct])
print(json.dumps({"seconds": t1 - t0, "parts": parts, "calls": calls, "result": result,
                  "top": top}))
"""


@dataclass
class Series:
    """The runs of one measure on one workspace."""

    measure: str
    runs: list[Run] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak(self) -> int:
        return int(statistics.median(r.peak_bytes for r in self.runs))

    @property
    def peak_max(self) -> int:
        return max(r.peak_bytes for r in self.runs)

    def part(self, label: str) -> float:
        """Median over the runs of the time spent in ``label`` (0 where it was not called)."""
        return statistics.median(float(_parts(r).get(label, 0.0)) for r in self.runs)


@dataclass
class SizeResult:
    workspace: Path
    data: dict[str, Any]
    series: dict[str, Series]
    profiles: dict[str, list[list[Any]]] = field(default_factory=dict)
    load_waited: tuple[float, float] = (0.0, 0.0)


def _parts(run: Run) -> dict[str, float]:
    parts = run.detail.get("parts", {})
    return parts if isinstance(parts, dict) else {}


def parent_peak() -> int:
    """Peak RSS of this process in bytes (a floor for the children's ``ru_maxrss``)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def wait_for_load(limit: float | None, longest: float) -> tuple[float, float]:
    """Wait until the 1-minute load average is below ``limit``; (load, seconds waited)."""
    started = time.monotonic()
    load = os.getloadavg()[0]
    while limit is not None and load >= limit and time.monotonic() - started < longest:
        print(f"  load {load:.2f} >= {limit}: waiting", flush=True)
        time.sleep(30)
        load = os.getloadavg()[0]
    return load, time.monotonic() - started


def run_child(series: Series, mode: str, folder: Path, *, profile: bool = False) -> Run:
    """One child run of ``mode`` on ``folder``; a crashed attempt is recorded and repeated."""
    for _ in range(3):
        load = os.getloadavg()[0]
        try:
            run = child(CHILD, mode, str(folder), "1" if profile else "0", json.dumps(FALLBACK))
        except ChildCrashed as exc:
            series.crashes.append(str(exc))
            print(f"    crashed: {exc}; retrying", flush=True)
            continue
        if not profile:
            series.loads.append(load)
            series.runs.append(run)
        return run
    raise RuntimeError(f"{mode}: 3 attempts crashed: {series.crashes}")


def _show(run: Run, series: Series, label: str) -> None:
    print(
        f"  {label:<9} {run.seconds:8.2f} s  {run.peak_bytes / 2**30:5.2f} GiB  "
        f"(load {os.getloadavg()[0]:.2f}, others used {run.other_cpu:.0%} CPU)  "
        f"{json.dumps(run.detail.get('result'))}",
        flush=True,
    )


def bench_workspace(source: Path, repeat: int, args: argparse.Namespace) -> SizeResult:
    if not (source / "bindung.toml").exists():
        raise SystemExit(
            f"{source}: no workspace; make it with bench/make_kpi_data.py --rows N --out {source}"
        )
    data = json.loads((source / "kpi_data.json").read_text())
    temp = Path(tempfile.mkdtemp(prefix="bindung-measures-"))
    folder = temp / source.name
    try:
        shutil.copytree(source, folder)
        load, waited = wait_for_load(args.wait_load, args.wait_max)
        print(f"{source}: copied to {folder}; load {load:.2f} (waited {waited:.0f} s)")
        series = {name: Series(name) for name in ("fit", *MEASURES)}
        _show(run_child(series["fit"], "fit", folder), series["fit"], "fit")
        for _ in range(repeat):
            for name in MEASURES:
                run = run_child(series[name], name, folder)
                _show(run, series[name], name)
        for name in ("what-if", "phase"):
            results = {json.dumps(r.detail["result"], sort_keys=True) for r in series[name].runs}
            if len(results) != 1:
                raise AssertionError(f"{name}: the runs disagree: {results}")
        profiles: dict[str, list[list[Any]]] = {}
        if args.profile:
            for name in MEASURES:
                run = run_child(series[name], name, folder, profile=True)
                top = run.detail.get("top", [])
                profiles[name] = top if isinstance(top, list) else []
        return SizeResult(source, data, series, profiles, (load, waited))
    finally:
        if args.keep:
            print(f"  kept {folder}")
        else:
            shutil.rmtree(temp, ignore_errors=True)


# -- results -------------------------------------------------------------------------------

#: The steps shown in the breakdown, per measure (nested steps are indented).
STEPS: dict[str, list[tuple[str, int]]] = {
    "fit": [
        ("workflow.load", 0),
        ("workflow.fit", 0),
        ("workflow.last_order_day", 1),
        ("workflow.summary (RFM query)", 1),
        ("BetaGeoModel.fit", 1),
        ("GammaGammaModel.fit", 1),
        ("workflow.save", 1),
    ],
    "baseline": [("ws.kpis", 0)],
    "what-if": [
        ("budget.last_year", 0),
        ("ws.kpis", 1),
        ("workflow.load", 0),
        ("workflow.last_order_day", 0),
        ("workflow.customer_values", 0),
        ("workflow.summary (RFM query)", 1),
        ("BetaGeoModel.p_alive", 1),
        ("BetaGeoModel.expected_purchases", 1),
        ("predicted_clv", 1),
        ("projection.posterior_draws", 0),
        ("projection._solve (k by brentq)", 0),
        ("projection.project", 0),
    ],
    "phase": [
        ("phase._first_order", 0),
        ("ws.kpis", 0),
        ("phase._split_revenue", 0),
    ],
}


def _failed(s: Series) -> str:
    """The error of a failed fit ('' when it worked)."""
    result = s.runs[-1].detail.get("result") if s.runs else None
    return str(result.get("failed", "")) if isinstance(result, dict) else ""


def _whatif(res: SizeResult) -> dict[str, Any]:
    result = res.series["what-if"].runs[-1].detail.get("result")
    return result if isinstance(result, dict) else {}


def _size(res: SizeResult) -> str:
    return f"{int(res.data['customers']):,} customers / {int(res.data['rows']):,} orders"


def _main_part(s: Series, measure: str) -> tuple[str, float]:
    """The top-level step with the most time, and its share of the measure (0..1)."""
    tops = [(label, s.part(label)) for label, depth in STEPS[measure] if depth == 0]
    label, seconds = max(tops, key=lambda kv: kv[1])
    return label, seconds / s.seconds if s.seconds else float("nan")


def reading(results: list[SizeResult]) -> str:
    """One paragraph from the figures (regenerated with them)."""
    sentences: list[str] = []
    for res in results:
        s = res.series
        base = s["baseline"].seconds
        w_label, w_share = _main_part(s["what-if"], "what-if")
        p_label, p_share = _main_part(s["phase"], "phase")
        w = _whatif(res)
        fit = (
            f"the fit attempt {s['fit'].seconds:.2f} s ({s['fit'].seconds / base:.1f}×) before it "
            "failed"
            if _failed(s["fit"])
            else f"the one-off fit {s['fit'].seconds:.2f} s ({s['fit'].seconds / base:.1f}×)"
        )
        sentences.append(
            f"At {_size(res)} the monthly KPI table takes {base:.2f} s; the what-if "
            f"{s['what-if'].seconds:.2f} s ({s['what-if'].seconds / base:.1f}× the KPI table; "
            f"`{w_label}` is {w_share:.0%} of it, `projection.project` (twice) "
            f"{s['what-if'].part('projection.project') / s['what-if'].seconds:.0%}, the KPI "
            f"table inside `budget.last_year` "
            f"{s['what-if'].part('ws.kpis') / s['what-if'].seconds:.0%}; the draws cover "
            f"{int(w.get('groups', 0)):,} distinct (x, T) × {w.get('draws')} and are "
            f"{'kept in memory' if w.get('cached') else 'regenerated'} on each of "
            f"{w.get('passes')} passes), the business phase {s['phase'].seconds:.2f} s "
            f"({s['phase'].seconds / base:.1f}×; `{p_label}` {p_share:.0%}), and {fit}."
        )
    if any(_failed(res.series["fit"]) for res in results):
        sentences.append(
            "`workflow.current(ws)` fails on these workspaces (the generator's customers buy "
            "until the end, so BG/NBD's b runs off), so the what-if was measured on the "
            "published CDNOW estimates stored in its place; its work per customer is the same."
        )
    if len(results) >= 2:
        small, large = results[0], results[-1]
        grow = float(large.data["rows"]) / float(small.data["rows"])

        def factor(name: str) -> str:
            return f"{large.series[name].seconds / small.series[name].seconds:.1f}×"

        sentences.append(
            f"With {grow:.0f}× the orders and customers, the KPI table takes {factor('baseline')} "
            f"as long, the what-if {factor('what-if')}, the phase {factor('phase')}, the fit "
            f"{factor('fit')}."
        )
    sentences.append(
        "Both measures recompute the monthly KPI table for their inputs (the what-if all "
        "metrics through `budget.last_year`, the phase two metrics), so a ratio near or above 1 "
        "is built in; what they add on top is in the breakdown."
    )
    return " ".join(sentences)


def section(
    results: list[SizeResult], command: str, started: datetime, facts: dict[str, str]
) -> str:
    lines = [
        START,
        "# What-if and business phase benchmark (bench/bench_measures.py)",
        "",
        f"Run {started:%Y-%m-%d %H:%M} UTC, written by `bench/bench_measures.py` (regenerate "
        "with the command below; do not edit the figures by hand).",
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
        "Data: the KPI benchmark's workspaces (`bench/make_kpi_data.py`), each copied to a "
        "temporary folder first (the fit is stored in the workspace).",
        "",
        '* **baseline**: `ws.kpis(period="month")`, the whole catalogue by month;',
        "* **fit** (once, on the copy without a stored fit): `workflow.current(ws)` = RFM "
        "summary, BG/NBD, Gamma-Gamma, stored;",
        "* **what-if**: `retention_whatif(ws, points=5, years=3)` after the fit is stored "
        "(the stored fit is loaded; a refit would fail the run);",
        "* **phase**: `business_phase(ws)`.",
        "",
        "Time = open .. close inside a fresh child process (imports excluded), median of the "
        "runs; baseline, what-if and phase alternate. Peak = the child's `ru_maxrss` (it "
        f"includes the benchmark process's own {parent_peak() / 2**20:.0f} MiB). Ratio = the "
        "measure's median / the baseline's median on the same workspace in the same run.",
        "",
        "| workspace | measure | runs | time (median) | runs (s) | peak RSS (median / max) "
        "| time / baseline |",
        "|---|---|---:|---:|---|---:|---:|",
    ]
    for res in results:
        base = res.series["baseline"].seconds
        for name in ("baseline", "fit", "what-if", "phase"):
            s = res.series[name]
            runs = ", ".join(f"{r.seconds:.2f}" for r in s.runs)
            label = f"{name} (**failed**, see below)" if _failed(s) else name
            lines.append(
                f"| {_size(res)} | {label} | {len(s.runs)} | {s.seconds:.2f} s | {runs} | "
                f"{gib(s.peak)} / {gib(s.peak_max)} | {s.seconds / base:.2f} |"
            )
    lines += [
        "",
        "Breakdown (median seconds over the runs; indented steps are inside the step above):",
        "",
        "| workspace | measure | step | time (median) | share of the measure |",
        "|---|---|---|---:|---:|",
    ]
    for res in results:
        for name in ("fit", "what-if", "phase"):
            s = res.series[name]
            for label, depth in STEPS[name]:
                seconds = s.part(label)
                if seconds == 0:
                    continue
                shown = ("… " * depth) + f"`{label}`"
                lines.append(
                    f"| {_size(res)} | {name} | {shown} | {seconds:.3f} s | "
                    f"{seconds / s.seconds:.0%} |"
                )
    failed = [res for res in results if _failed(res.series["fit"])]
    if failed:
        lines += [
            "",
            "**The fit failed** on "
            + ", ".join(_size(res) for res in failed)
            + f" (`{_failed(failed[0].series['fit'])}`): its time is the time until the "
            "error. The benchmark then stored the published CDNOW estimates in its place "
            "(BG/NBD r 0.243, α 4.414, a 0.793, b 2.426, weeks: Fader, Hardie & Lee 2005; "
            "Gamma-Gamma p 6.25, q 3.74, γ 15.44: Fader & Hardie, note 025), so that the "
            "what-if could be measured: its cost depends on the customers and their (x, T), "
            "not on the parameter values (apart from brentq's iterations).",
        ]
    lines += ["", "Results (the same in every run):", ""]
    for res in results:
        for name in ("fit", "what-if", "phase"):
            detail = res.series[name].runs[-1].detail.get("result")
            lines.append(f"* {_size(res)}, {name}: `{json.dumps(detail)}`")
    lines.append("")
    loads = [x for res in results for s in res.series.values() for x in s.loads]
    others = [r.other_cpu for res in results for s in res.series.values() for r in s.runs]
    lines.append(
        f"Load average (1 min) at the runs' starts {min(loads):.2f} .. {max(loads):.2f}; other "
        f"processes used {min(others):.0%} .. {max(others):.0%} of the machine's CPU "
        f"({os.cpu_count()} cores) during the runs. The busier the machine, the more the "
        "absolute times are inflated; the ratios move less."
    )
    crashes = [(res, s) for res in results for s in res.series.values() if s.crashes]
    for res, s in crashes:
        lines.append(
            f"\n**{s.measure} on {_size(res)} crashed {len(s.crashes)} time(s)** "
            f"({'; '.join(sorted(set(s.crashes)))}); repeated, not in the figures."
        )
    lines += ["", "**Reading.** " + reading(results), ""]
    if any(res.profiles for res in results):
        lines += ["Profile (one extra cProfile run per measure, not in the times; own time):", ""]
        for res in results:
            for name, top in res.profiles.items():
                shown = "; ".join(f"`{f}` {tt:.2f} s ({nc} calls)" for f, nc, tt, _ in top[:6])
                lines.append(f"* {_size(res)}, {name}: {shown}")
        lines.append("")
    lines += [END, ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--workspace",
        type=Path,
        nargs="+",
        default=[HERE / "data" / "kpi_1000000", HERE / "data" / "kpi_10000000"],
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="one cProfile run per measure")
    parser.add_argument("--wait-load", type=float, default=None)
    parser.add_argument("--wait-max", type=float, default=900.0)
    parser.add_argument("--keep", action="store_true", help="keep the copies (prints where)")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    shown = [str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p) for p in args.workspace]
    argv = ["--workspace", *shown, "--repeat", str(args.repeat)]
    if args.profile:
        argv.append("--profile")
    if args.wait_load is not None:
        argv += ["--wait-load", str(args.wait_load)]
    command = "python bench/bench_measures.py " + shlex.join(argv)
    started = datetime.now(UTC)
    results = [bench_workspace(p.resolve(), args.repeat, args) for p in args.workspace]
    text = section(results, command, started, machine())
    write_section(args.out, text, START, END)
    print(text)


if __name__ == "__main__":
    main()
