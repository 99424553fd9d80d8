"""Time and memory of every registered answer, against the monthly KPI table, and of a whole
``bindung refresh --force``.

    python bench/bench_answers.py --customers 100000 1000000 --repeat 3 1 --variants all \\
        --refresh --timeout 1200

Data: the demo business (``bindung.demo.build``) scaled to ``N`` customers, with every
customer's purchase rate times ``--rate-scale`` (default 2.2: about 10 orders per customer
instead of the demo's 5; ``demo.build(..., rate_scale=)``), seed 7.  Each workspace is built
once into ``bench/data/answers_<N>/`` (git-ignored; the export files are deleted after the
import, ``answers_data.json`` records the rows per table and the build's time and peak).

For each size, in the same run (the machine is shared, so the figure that matters is the
ratio to the baseline measured alongside):

* **baseline**: ``ws.kpis(period="month", compare=True)``, the monthly KPI table with the
  previous period and the year before (what the ``kpis``, ``tiles`` and ``retention`` answers
  read);
* **answers**: for every registered answer (``bindung.answers.registry.all_specs()``) its
  default variant (``period=month``, no group, no segment, ``lang=de`` where it has one;
  otherwise the first), built exactly as ``bindung refresh`` builds it
  (``refresh.compute(spec, ws, params)`` on a workspace with an empty ``memo``), baseline and
  answer alternating, ``--repeat`` times (an answer whose first run took longer than
  ``--repeat-below`` seconds runs once);
* with ``--variants all`` every other variant once (a baseline before every second; not
  for an answer whose default variant ran into the timeout);
* with ``--refresh``: ``bindung refresh -w FOLDER --force --quiet`` as one process (wall time
  and peak RSS of the process), and the seconds the refresh recorded for each variant.  The
  answers stay stored in the workspace (``bench/bench_web.py`` serves them).

Every run is a fresh child process. Answers and baseline open the workspace read-only, so
each answer pays for the intermediate results it needs (KPI table, customer-month panel,
per-customer table) that a refresh computes once and shares. The CLV fit is the one the last
refresh kept beside the answers (``answers/clv_fit.json``) when it was made on the same
data, as for ``bindung KEY --fresh`` (since 318913e; before, each answer fitted it again).
Time = open .. close, measured inside the child; the child first imports every module of
``bindung.report``, ``bindung.insights``, ``bindung.models`` and ``bindung.metrics`` (the
same in all children), so imports are not timed; BLAS runs with one thread
(``threadpoolctl``) when the measured refresh does so. Peak RSS = the child's ``ru_maxrss``
(``os.wait4``). A child running longer than ``--timeout`` seconds is killed and recorded as
such; an answer the data do not allow (``BindungError``) is recorded as unavailable, any
other exception as failed.

Results go to the ``answers-benchmark`` section of ``bench/RESULTS.md`` (other sections are
kept); the raw figures of each size also to ``bench/data/answers_<N>.result.json``.
``--reuse N`` renders a size from that file instead of measuring it again (the section says
when and on which commit it was measured).

Targets (from the issue): each answer at most 2x the KPI table; the whole refresh at 1 M
customers at most 10 min and 12 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_import import _busy_seconds, _crash_site, gib, machine, write_section  # noqa: E402

START, END = "<!-- answers-benchmark:start -->", "<!-- answers-benchmark:end -->"
SEED = 7
RATE_SCALE = 2.2
TARGET_RATIO = 2.0
TARGET_REFRESH_SECONDS = 600.0
TARGET_REFRESH_PEAK = 12 * 1024**3
TARGET_CUSTOMERS = 1_000_000


# -- the code under test --------------------------------------------------------------------


@dataclass
class Code:
    """Which ``bindung`` the children import: a snapshot of a commit, or the working tree."""

    kind: str  # "head" or "worktree"
    commit: str
    path: Path  # the folder holding the ``bindung`` package
    dirty: list[str] = field(default_factory=list)  # modified files (worktree only)

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.kind != "worktree":
            env["PYTHONPATH"] = str(self.path)
        return env

    def describe(self) -> str:
        if self.kind == "worktree":
            dirty = ", ".join(self.dirty) if self.dirty else "none"
            return (
                f"the working tree at HEAD {self.commit} (others' uncommitted changes "
                f"included; modified under bindung/ at the start: {dirty})"
            )
        return (
            f"commit {self.commit} (HEAD at the start, exported with `git archive` and put "
            "first on `PYTHONPATH`: the others' uncommitted changes are not measured)"
        )


def git(*args: str) -> str:
    # rstrip only: `git status --porcelain` lines start with a status column that may be " "
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.rstrip()


def code_snapshot(kind: str = "head") -> Code:
    """``head``: ``git archive HEAD bindung`` into a temporary folder (removed at exit)."""
    commit = git("rev-parse", "--short=12", "HEAD")
    if kind == "worktree":
        dirty = [
            line[3:]
            for line in git("status", "--porcelain", "--", "bindung").splitlines()
            if line.strip()
        ]
        return Code("worktree", commit, ROOT, dirty)
    target = Path(tempfile.mkdtemp(prefix="bindung-code-"))
    archive = subprocess.run(
        ["git", "archive", commit, "bindung"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    import atexit

    atexit.register(shutil.rmtree, target, True)
    return Code("head", commit, target)


#: Set by main(): the code every child runs.
CODE: Code | None = None


#: Imported by every child before its clock starts (the same for baseline and answers).
PRELUDE = r"""
import importlib, json, pkgutil, sys, time
import bindung
for _pkg in ("bindung.answers", "bindung.report", "bindung.insights", "bindung.models",
             "bindung.metrics"):
    _mod = importlib.import_module(_pkg)
    for _info in pkgutil.walk_packages(_mod.__path__, _pkg + "."):
        try:
            importlib.import_module(_info.name)
        except Exception:  # optional back ends (Spark)
            pass
from bindung.answers import refresh as refresh_mod
from bindung.answers.registry import all_specs, spec as get_spec
from bindung.errors import BindungError
"""

CHILD = (
    PRELUDE
    + r"""
mode, folder, key, params = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
status, message, rows = "computed", "", 0
# As bindung refresh does (since 8f0c5f5): BLAS with one thread around every build.
import contextlib, inspect
blas_limit = "threadpool_limits" in inspect.getsource(refresh_mod)
if blas_limit:
    from threadpoolctl import threadpool_limits
    limiter = threadpool_limits(limits=1, user_api="blas")
else:
    limiter = contextlib.nullcontext()
t0 = time.perf_counter()
ws = bindung.open(folder, read_only=True)
ws.memo = {}
try:
    if mode == "baseline":
        frame = ws.kpis(period="month", compare=True)
        rows = int(len(frame))
    else:
        section = refresh_mod.compute(get_spec(key), ws, params)
        rows = int(sum(len(t.frame) for t in section.tables))
except BindungError as exc:
    status, message = "unavailable", str(exc).splitlines()[0][:300]
except Exception as exc:
    text = str(exc).splitlines()[0][:300] if str(exc) else ""
    status, message = "failed", f"{type(exc).__name__}: {text}"
ws.close()
t1 = time.perf_counter()
limiter.__exit__(None, None, None)
print(json.dumps({"seconds": t1 - t0, "status": status, "message": message, "rows": rows,
                  "blas_limit": blas_limit}))
"""
)

VARIANTS = (
    PRELUDE
    + r"""
folder = sys.argv[1]
ws = bindung.open(folder, read_only=True)
out = []
for s in all_specs():
    out.append({"key": s.key, "per_language": s.per_language,
                "variants": refresh_mod.variants(s, ws, ("de", "en"))})
ws.close()
print(json.dumps({"file": bindung.__file__, "specs": out}, default=str))
"""
)

BUILD = r"""
import json, sys, time
from pathlib import Path
from bindung import demo
folder, customers = Path(sys.argv[1]), int(sys.argv[2])
scale, seed = float(sys.argv[3]), int(sys.argv[4])
t0 = time.perf_counter()
ws, results = demo.build(folder, customers=customers, rate_scale=scale, seed=seed)
t1 = time.perf_counter()
counts = ws.counts()
ws.close()
bad = {r.kind: r.rejected for r in results if getattr(r, "rejected", 0)}
print(json.dumps({"seconds": t1 - t0, "counts": counts, "rejected": bad}))
"""


# -- child processes --------------------------------------------------------------------------


@dataclass
class Run:
    """One child process."""

    label: str  # "baseline", an answer key, or "refresh"
    params: dict[str, Any]
    status: str  # computed, unavailable, failed, timeout, crashed
    seconds: float  # open .. close inside the child (the timeout when killed)
    process_seconds: float  # the process from start to exit, measured here
    peak_bytes: int
    other_cpu: float  # share of the machine's CPU used by other processes during the run
    load: float  # 1-minute load average at the start
    message: str = ""
    rows: int = 0
    detail: dict[str, Any] = field(default_factory=dict)


def spawn(
    argv: list[str], timeout: float | None, code: Code | None = None
) -> tuple[int | None, str, str, float, int, float, bool]:
    """Run ``argv``; (exit code, stdout, stderr, wall, peak bytes, others' CPU share, killed).

    The child runs ``code`` (default :data:`CODE`; its folder is the working directory, so
    that ``python -c`` does not find the working tree's ``bindung`` first) in its own process
    group; past ``timeout`` seconds, or when this process is interrupted, that group (only
    it) is killed.  ``os.wait4`` gives the child's own ``ru_maxrss``."""
    code = code or CODE
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        busy_before = _busy_seconds()
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            cwd=code.path if code else ROOT,
            env=code.env() if code else None,
            stdout=out,
            stderr=err,
            text=True,
            start_new_session=True,
        )
        killed = False
        try:
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                late = timeout is not None and time.perf_counter() - started > timeout
                if late and not killed:
                    os.killpg(proc.pid, signal.SIGKILL)
                    killed = True
                time.sleep(0.05)
        except BaseException:
            os.killpg(proc.pid, signal.SIGKILL)
            os.wait4(proc.pid, 0)
            raise
        elapsed = time.perf_counter() - started
        busy = _busy_seconds() - busy_before
        own = usage.ru_utime + usage.ru_stime
        other = max(0.0, busy - own) / (elapsed * (os.cpu_count() or 1))
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return code, out.read(), err.read(), elapsed, usage.ru_maxrss * 1024, other, killed


def python_child(
    code: str,
    label: str,
    params: dict[str, Any],
    args: list[str],
    timeout: float | None,
    using: Code | None = None,
) -> Run:
    load = os.getloadavg()[0]
    argv = [sys.executable, "-X", "faulthandler", "-c", code, *args]
    rc, out, err, elapsed, peak, other, killed = spawn(argv, timeout, using)
    if killed:
        return Run(label, params, "timeout", float(timeout or 0), elapsed, peak, other, load,
                   f"killed after {timeout:.0f} s")  # fmt: skip
    if rc is not None and rc < 0:
        return Run(label, params, "crashed", elapsed, elapsed, peak, other, load,
                   _crash_site(rc, err))  # fmt: skip
    if rc != 0:
        tail = err.strip().splitlines()[-1] if err.strip() else f"exit {rc}"
        return Run(label, params, "failed", elapsed, elapsed, peak, other, load, tail[:300])
    detail = json.loads(out.strip().splitlines()[-1])
    return Run(
        label,
        params,
        str(detail.get("status", "computed")),
        float(detail["seconds"]),
        elapsed,
        peak,
        other,
        load,
        str(detail.get("message", "")),
        int(detail.get("rows", 0)),
        detail,
    )


# -- data -------------------------------------------------------------------------------------


def workspace_folder(customers: int) -> Path:
    return HERE / "data" / f"answers_{customers}"


def ensure_workspace(customers: int, scale: float) -> dict[str, Any]:
    """The cached workspace of ``customers`` (built in a child process when missing)."""
    folder = workspace_folder(customers)
    meta_path = folder / "answers_data.json"
    if meta_path.exists():
        meta: dict[str, Any] = json.loads(meta_path.read_text())
        if meta.get("rate_scale") != scale or meta.get("seed") != SEED:
            raise SystemExit(
                f"{folder} was built with rate_scale {meta.get('rate_scale')}, seed "
                f"{meta.get('seed')}; remove it to rebuild with {scale}, {SEED}"
            )
        return meta
    if folder.exists():
        shutil.rmtree(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    print(f"building {folder} ({customers:,} customers, rate scale {scale}) ...", flush=True)
    # demo.build's rate_scale: the working tree's generator (the option is newer than some
    # commits one may want to measure)
    worktree = Code("worktree", git("rev-parse", "--short=12", "HEAD"), ROOT)
    run = python_child(BUILD, "build", {}, [str(folder), str(customers), str(scale), str(SEED)],
                       None, worktree)  # fmt: skip
    if run.status != "computed":
        raise SystemExit(f"building {folder} failed: {run.status} {run.message}")
    exports = folder / "exports"
    export_bytes = sum(p.stat().st_size for p in exports.glob("*") if p.is_file())
    truth = exports / "ground_truth.json"
    if truth.exists():
        shutil.copyfile(truth, folder / "ground_truth.json")
    shutil.rmtree(exports, ignore_errors=True)
    detail = run.detail
    meta = {
        "customers": customers,
        "rate_scale": scale,
        "seed": SEED,
        "counts": detail.get("counts", {}),
        "rejected": detail.get("rejected", {}),
        "build_seconds": run.process_seconds,
        "build_peak_bytes": run.peak_bytes,
        "export_bytes": export_bytes,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": machine()["commit"],
    }
    meta_path.write_text(json.dumps(meta, indent=1) + "\n")
    return meta


def store_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("bindung.duckdb*"))


# -- one size ---------------------------------------------------------------------------------


def default_variant(variants: list[dict[str, Any]]) -> dict[str, Any]:
    """The variant a plain ``bindung KEY`` shows: month, no group or segment, German."""
    german = [v for v in variants if v.get("lang", "de") == "de"] or variants
    for v in german:
        if v.get("period", "month") == "month" and v.get("by") is None and v.get("segment") is None:
            return v
    return german[0]


def bench_size(customers: int, repeat: int, args: argparse.Namespace) -> dict[str, Any]:
    meta = ensure_workspace(customers, args.rate_scale)
    folder = workspace_folder(customers)
    started = datetime.now(UTC)
    facts = machine()
    assert CODE is not None
    facts["commit"] = CODE.commit
    specs = _variants(folder)
    if args.only:
        specs = [s for s in specs if s["key"] in args.only]
    runs: list[Run] = []
    timeout = args.timeout

    def show(run: Run) -> None:
        params = ",".join(f"{k}={v}" for k, v in run.params.items())
        note = f"  {run.message[:100]}" if run.message else ""
        print(
            f"  {run.label:<13} {params:<32} {run.status:<11} {run.seconds:8.2f} s "
            f"{run.peak_bytes / 2**30:5.2f} GiB  load {run.load:4.2f}  others "
            f"{run.other_cpu:4.0%}{note}",
            flush=True,
        )
        runs.append(run)

    def baseline() -> None:
        show(python_child(CHILD, "baseline", {}, ["baseline", str(folder), "-", "{}"], timeout))

    def answer(key: str, params: dict[str, Any]) -> Run:
        run = python_child(
            CHILD, key, params, ["answer", str(folder), key, json.dumps(params)], timeout
        )
        show(run)
        return run

    print(f"{folder}: {meta['counts'].get('orders', 0):,} orders; load {os.getloadavg()[0]:.2f}")
    once: set[str] = set()
    for r in range(repeat):
        for s in specs:
            if s["key"] in once:
                continue
            params = default_variant(s["variants"])
            baseline()
            run = answer(s["key"], params)
            if run.seconds > args.repeat_below or run.status in ("timeout", "crashed"):
                once.add(s["key"])
        print(f"  -- repeat {r + 1}/{repeat} done", flush=True)
    if args.variants == "all":
        timed_out = {r.label for r in runs if r.status == "timeout"}
        others = [
            (s["key"], v)
            for s in specs
            for v in s["variants"]
            if v != default_variant(s["variants"]) and s["key"] not in timed_out
        ]
        for i, (key, params) in enumerate(others):
            if i % 2 == 0:
                baseline()
            answer(key, params)
    refresh: dict[str, Any] | None = None
    if args.refresh and not args.only:
        refresh = run_refresh(folder, args.refresh_timeout)
    return {
        "customers": customers,
        "data": meta,
        "store_bytes": store_bytes(folder),
        "started": started.isoformat(timespec="seconds"),
        "facts": facts,
        "code": CODE.describe(),
        "repeat": repeat,
        "variants": args.variants,
        "timeout": timeout,
        "specs": specs,
        "runs": [asdict(r) for r in runs],
        "refresh": refresh,
    }


def _variants(folder: Path) -> list[dict[str, Any]]:
    rc, out, err, *_ = spawn([sys.executable, "-c", VARIANTS, str(folder)], 600)
    if rc != 0:
        raise SystemExit(f"listing the variants failed: {err}")
    listing = json.loads(out.strip().splitlines()[-1])
    if CODE is not None and not Path(listing["file"]).is_relative_to(CODE.path):
        raise SystemExit(f"the children import {listing['file']}, not the code under {CODE.path}")
    found: list[dict[str, Any]] = listing["specs"]
    return found


def run_refresh(folder: Path, timeout: float) -> dict[str, Any]:
    """``bindung refresh -w folder --force --quiet`` as one process."""
    exe = Path(sys.executable).parent / "bindung"
    load = os.getloadavg()[0]
    started = datetime.now(UTC).replace(microsecond=0)
    print(f"  refresh --force (timeout {timeout:.0f} s) ...", flush=True)
    rc, _, err, elapsed, peak, other, killed = spawn(
        [str(exe), "refresh", "-w", str(folder), "--force", "--quiet"], timeout
    )
    if killed:  # what the killed refresh left behind
        shutil.rmtree(folder / "answers" / ".snapshot", ignore_errors=True)
    entries = []
    for path in sorted((folder / "answers").glob("*/*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        a = doc.get("answer", {})
        at = datetime.fromisoformat(str(a.get("computed_at", "1970-01-01T00:00:00+00:00")))
        if at < started:
            continue  # not from this refresh
        entries.append(
            {
                "key": a.get("key"),
                "params": a.get("params", {}),
                "seconds": float(a.get("seconds", 0.0)),
                "error": a.get("error") or doc.get("error"),
            }
        )
    state_path = folder / "answers" / "state.json"
    state = json.loads(state_path.read_text()) if state_path.exists() else {}
    result = {
        "exit": rc,
        "killed": killed,
        "timeout": timeout,
        "seconds": elapsed,
        "peak_bytes": peak,
        "other_cpu": other,
        "load": load,
        "stderr": err.strip().splitlines()[-5:],
        "entries": entries,
        "state_failed": state.get("failed", []) if not killed else [],
        "state_at": state.get("refreshed_at"),
    }
    print(
        f"  refresh: exit {rc}{' (killed)' if killed else ''}, {elapsed:.1f} s, "
        f"{peak / 2**30:.2f} GiB, {len(entries)} variants stored, others {other:.0%}",
        flush=True,
    )
    return result


# -- the section ------------------------------------------------------------------------------


def _runs(res: dict[str, Any]) -> list[Run]:
    return [Run(**r) for r in res["runs"]]


def _fmt_s(x: float) -> str:
    return f"{x:.2f} s" if x < 100 else f"{x:.0f} s"


def _params_text(params: dict[str, Any]) -> str:
    shown = [f"{k}={v}" for k, v in params.items() if v is not None]
    return ", ".join(shown) if shown else "–"


def _size(res: dict[str, Any]) -> str:
    c = res["data"]["counts"]
    return f"{res['customers']:,} customers / {int(c.get('orders', 0)):,} orders"


def ratios(runs: list[Run]) -> dict[int, float]:
    """Per answer run (by position): its time / the mean time of the baseline runs just
    before and just after it (the shared machine's load drifts; the neighbouring baselines
    saw about the same load)."""
    base = [i for i, r in enumerate(runs) if r.label == "baseline" and r.status == "computed"]
    out: dict[int, float] = {}
    for i, r in enumerate(runs):
        if r.label == "baseline":
            continue
        before = [j for j in base if j < i][-1:]
        after = [j for j in base if j > i][:1]
        near = [runs[j].seconds for j in before + after]
        if near:
            out[i] = r.seconds / statistics.mean(near)
    return out


def summarize(res: dict[str, Any]) -> dict[str, Any]:
    """Per answer (default variant): median time, ratio, peak; baseline figures."""
    runs = _runs(res)
    paired = ratios(runs)
    base = [r for r in runs if r.label == "baseline" and r.status == "computed"]
    base_median = statistics.median(r.seconds for r in base) if base else float("nan")
    rows = []
    for s in res["specs"]:
        params = default_variant(s["variants"])
        mine = [i for i, r in enumerate(runs) if r.label == s["key"] and r.params == params]
        if not mine:
            continue
        ok = [i for i in mine if runs[i].status in ("computed", "unavailable")]
        pick = ok or mine
        seconds = statistics.median(runs[i].seconds for i in pick)
        rows.append(
            {
                "key": s["key"],
                "params": params,
                "runs": [runs[i] for i in mine],
                "seconds": seconds,
                "ratio": statistics.median(paired.get(i, seconds / base_median) for i in pick),
                "peak": int(statistics.median(runs[i].peak_bytes for i in pick)),
                "peak_max": max(runs[i].peak_bytes for i in mine),
                "status": _status([runs[i] for i in mine]),
                "variants": len(s["variants"]),
            }
        )
    return {"base": base, "base_median": base_median, "rows": rows}


def _status(runs: list[Run]) -> str:
    states = sorted({r.status for r in runs})
    if states == ["computed"]:
        return "ok"
    parts = []
    for st in states:
        n = sum(r.status == st for r in runs)
        msg = next((r.message for r in runs if r.status == st and r.message), "")
        parts.append(
            f"{st}"
            + (f" ×{n}" if len(runs) > 1 else "")
            + (f" ({msg})" if msg and st != "computed" else "")
        )
    return "; ".join(parts)


def size_lines(res: dict[str, Any]) -> list[str]:
    summ = summarize(res)
    runs = _runs(res)
    base_median = summ["base_median"]
    data = res["data"]
    counts = data["counts"]
    lines = [
        f"## {_size(res)}",
        "",
        f"Measured {res['started'][:16].replace('T', ' ')} UTC; code: "
        + res.get("code", f"HEAD {res['facts']['commit']}")
        + ". Workspace "
        f"`bench/data/answers_{res['customers']}` ({res['store_bytes'] / 2**20:,.0f} MB store), "
        f"built by `demo.build(folder, customers={res['customers']}, "
        f"rate_scale={data['rate_scale']}, seed={data['seed']})` in "
        f"{data['build_seconds']:.0f} s (peak {gib(data['build_peak_bytes'])}): "
        + ", ".join(f"{k} {int(v):,}" for k, v in counts.items() if int(v))
        + f"; {int(counts.get('orders', 0)) / res['customers']:.2f} orders per customer.",
        "",
        f'Baseline `ws.kpis(period="month", compare=True)`: {len(summ["base"])} runs, median '
        f"**{_fmt_s(base_median)}** (runs "
        + ", ".join(f"{r.seconds:.2f}" for r in summ["base"])
        + f"), peak {gib(statistics.median(r.peak_bytes for r in summ['base']))}.",
        "",
        "Each answer's default variant, alone in a fresh process (its own KPI table, CLV fit and "
        "per-customer table included):",
        "",
        "| answer | variant | runs | time (median) | runs (s) | / KPI table | peak RSS "
        "(median / max) | status | others' CPU |",
        "|---|---|---:|---:|---|---:|---:|---|---:|",
    ]
    for row in summ["rows"]:
        ratio = row["ratio"]
        mark = f"**{ratio:.1f}×**" if ratio > TARGET_RATIO else f"{ratio:.2f}×"
        timed_out = any(r.status == "timeout" for r in row["runs"])
        shown = ("> " if timed_out else "") + _fmt_s(row["seconds"])
        others = ", ".join(f"{r.other_cpu:.0%}" for r in row["runs"])
        lines.append(
            f"| {row['key']} | {_params_text(row['params'])} | {len(row['runs'])} | {shown} | "
            + ", ".join(f"{r.seconds:.1f}" for r in row["runs"])
            + f" | {mark} | {gib(row['peak'])} / {gib(row['peak_max'])} | {row['status']} | "
            f"{others} |"
        )
    defaults = {(row["key"], json.dumps(row["params"], sort_keys=True)) for row in summ["rows"]}
    paired = ratios(runs)
    extra = [
        i
        for i, r in enumerate(runs)
        if r.label != "baseline" and (r.label, json.dumps(r.params, sort_keys=True)) not in defaults
    ]
    if extra:
        lines += [
            "",
            f"The other variants, one run each ({len(extra)} variants; a baseline run before "
            "every second, the ratio is to the nearest baselines before and after):",
            "",
            "| answer | variant | time | / KPI table | peak RSS | status | others' CPU |",
            "|---|---|---:|---:|---:|---|---:|",
        ]
        for i in extra:
            r = runs[i]
            ratio = paired.get(i, r.seconds / base_median)
            mark = f"**{ratio:.1f}×**" if ratio > TARGET_RATIO else f"{ratio:.2f}×"
            st = "ok" if r.status == "computed" else f"{r.status} ({r.message})"
            pre = "> " if r.status == "timeout" else ""
            lines.append(
                f"| {r.label} | {_params_text(r.params)} | {pre}{_fmt_s(r.seconds)} | {mark} | "
                f"{gib(r.peak_bytes)} | {st} | {r.other_cpu:.0%} |"
            )
    if paired:
        over = sorted({runs[i].label for i, x in paired.items() if x > TARGET_RATIO})
        lines += [
            "",
            f"Answers over {TARGET_RATIO:g}× the KPI table in any measured variant: "
            + (", ".join(f"`{k}`" for k in over) if over else "none")
            + ".",
        ]
    lines += refresh_lines(res)
    load = [r.load for r in runs]
    other = [r.other_cpu for r in runs]
    if runs:
        lines += [
            "",
            f"Load average (1 min) at the runs' starts {min(load):.2f} .. {max(load):.2f}; other "
            f"processes used {min(other):.0%} .. {max(other):.0%} (median "
            f"{statistics.median(other):.0%}) of the machine's CPU ({os.cpu_count()} cores) "
            "during the runs: the more, the more the absolute times are inflated; the ratios "
            "move less.",
        ]
    return lines


def refresh_lines(res: dict[str, Any]) -> list[str]:
    ref = res.get("refresh")
    if not ref:
        return []
    per: dict[str, list[dict[str, Any]]] = {}
    for e in ref["entries"]:
        per.setdefault(str(e["key"]), []).append(e)
    total_variants = sum(len(s["variants"]) for s in res["specs"])
    status = (
        f"**killed after {ref['timeout']:.0f} s** (timeout) with {len(ref['entries'])} of "
        f"{total_variants} variants stored"
        if ref["killed"]
        else f"exit {ref['exit']}, {len(ref['entries'])} of {total_variants} variants stored"
    )
    lines = [
        "",
        f"**`bindung refresh -w bench/data/answers_{res['customers']} --force --quiet`** (one "
        f"process, every answer and variant, intermediate results shared): "
        f"**{_fmt_s(ref['seconds'])}** wall, peak **{gib(ref['peak_bytes'])}**; {status}; "
        f"load at start {ref['load']:.2f}, other processes used {ref['other_cpu']:.0%} of "
        "the CPU meanwhile.",
    ]
    if ref.get("state_failed"):
        lines.append("Failed in the refresh: " + "; ".join(ref["state_failed"]) + ".")
    lines += [
        "",
        "Seconds the refresh recorded per answer (sum over its variants; a variant that "
        "reuses a shared intermediate result is cheap):",
        "",
        "| answer | variants stored | seconds (sum) | slowest variant | messages |",
        "|---|---:|---:|---|---|",
    ]
    spec_keys = [s["key"] for s in res["specs"]]
    for key in spec_keys:
        es = per.get(key, [])
        want = next(len(s["variants"]) for s in res["specs"] if s["key"] == key)
        if not es:
            lines.append(f"| {key} | 0 of {want} | – | – | not reached |")
            continue
        slow = max(es, key=lambda e: e["seconds"])
        errors = sorted({str(e["error"])[:120] for e in es if e.get("error")})
        lines.append(
            f"| {key} | {len(es)} of {want} | {sum(e['seconds'] for e in es):.1f} | "
            f"{_params_text(slow['params'])} ({slow['seconds']:.1f} s) | "
            + ("; ".join(errors) if errors else "")
            + " |"
        )
    return lines


def section(results: list[dict[str, Any]], command: str, started: datetime) -> str:
    facts = machine()
    lines = [
        START,
        "# Answers benchmark: every registered answer against the monthly KPI table, and the "
        "whole refresh (bench/bench_answers.py)",
        "",
        f"Written {started:%Y-%m-%d %H:%M} UTC by `bench/bench_answers.py` (regenerate with the "
        "command below; do not edit the figures by hand).",
        "",
        "```",
        command,
        "```",
        "",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in facts.items() if k != "commit") + ".",
        "",
        "Data: the demo business (`bindung.demo`) scaled: N customers, every purchase rate "
        f"×{results[0]['data']['rate_scale'] if results else RATE_SCALE} (`rate_scale`, about "
        "10 orders per customer; the 20,000-customer demo has 5), with all of its tables "
        "(returns, subscriptions, surveys, social media, complaints, costs, loyalty, the A/B "
        "test, goals).",
        "",
        '* **baseline**: `ws.kpis(period="month", compare=True)` (the monthly KPI table with '
        "previous period and year before);",
        "* **answer**: `refresh.compute(spec, ws, params)` as `bindung refresh` builds it, on a "
        "read-only workspace with an empty `memo` (each answer computes the KPI table, "
        "customer-month panel or per-customer table it needs itself; the refresh computes them "
        "once); the CLV fit is the one the last refresh kept (`answers/clv_fit.json`, same data "
        "version), as `--fresh` uses it, when the measured code keeps it (since 318913e);",
        "* BLAS limited to one thread in the children (`threadpoolctl`), as `bindung refresh` "
        "does since 8f0c5f5 (applied when the measured code's refresh module does it);",
        "* time = open .. close inside a fresh child process (every `bindung` module imported "
        "before the clock starts, in all children alike); peak = the child's `ru_maxrss`; "
        "baseline and answers alternate; ratio = the answer's time / the mean time of the "
        "baseline runs just before and just after it (median over the runs: the load of the "
        "shared machine drifts); "
        "`>` = killed at the timeout.",
        "",
    ]
    for res in results:
        lines += size_lines(res)
        lines.append("")
    lines += target_lines(results)
    lines += ["", END, ""]
    return "\n".join(lines)


def target_lines(results: list[dict[str, Any]]) -> list[str]:
    lines = ["## Targets", ""]
    for res in results:
        summ = summarize(res)
        rows = summ["rows"]
        if not rows:
            continue
        met = [r for r in rows if r["ratio"] <= TARGET_RATIO]
        worst = sorted(rows, key=lambda r: -r["ratio"])[:5]
        lines.append(
            f"* {_size(res)}, answers ≤ {TARGET_RATIO:g}× the KPI table "
            f"({_fmt_s(summ['base_median'])}): **{len(met)} of {len(rows)} met**; worst: "
            + ", ".join(f"`{r['key']}` {_fmt_s(r['seconds'])} ({r['ratio']:.1f}×)" for r in worst)
            + "."
        )
    for res in results:
        ref = res.get("refresh")
        if not ref or res["customers"] != TARGET_CUSTOMERS:
            continue
        ok_t = not ref["killed"] and ref["seconds"] <= TARGET_REFRESH_SECONDS
        ok_m = ref["peak_bytes"] <= TARGET_REFRESH_PEAK
        lines.append(
            f"* Refresh at {TARGET_CUSTOMERS:,} customers ≤ 10 min and ≤ 12 GB: time "
            f"{'>' if ref['killed'] else ''}{_fmt_s(ref['seconds'])} "
            f"(**{'met' if ok_t else 'not met'}**), peak {gib(ref['peak_bytes'])} "
            f"(**{'met' if ok_m else 'not met'}**"
            + (", a lower bound: the refresh was killed" if ref["killed"] else "")
            + ")."
        )
    return lines


# -- main -------------------------------------------------------------------------------------


def _interrupted(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def result_path(customers: int) -> Path:
    return HERE / "data" / f"answers_{customers}.result.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, nargs="+", default=[3, 1])
    parser.add_argument("--variants", choices=("default", "all"), default="default")
    parser.add_argument("--refresh", action="store_true", help="time bindung refresh --force")
    parser.add_argument("--timeout", type=float, default=1200.0, help="per child, seconds")
    parser.add_argument("--refresh-timeout", type=float, default=5400.0)
    parser.add_argument("--repeat-below", type=float, default=60.0)
    parser.add_argument("--rate-scale", type=float, default=RATE_SCALE)
    parser.add_argument("--only", nargs="+", help="only these answers (for trying it out)")
    parser.add_argument("--reuse", type=int, nargs="*", default=[], help="sizes to render from "
                        "their saved result instead of measuring")  # fmt: skip
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument(
        "--code",
        choices=("head", "worktree"),
        default="head",
        help="measure a git-archive snapshot of HEAD (default) or the working tree",
    )
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _interrupted)
    global CODE
    CODE = code_snapshot(args.code)
    print(f"code: {CODE.describe()}", flush=True)
    repeats = args.repeat + [args.repeat[-1]] * (len(args.customers) - len(args.repeat))
    if args.build_only:
        for n in args.customers:
            print(json.dumps(ensure_workspace(n, args.rate_scale)))
        return
    argv = [
        "--customers",
        *map(str, args.customers),
        "--repeat",
        *map(str, repeats[: len(args.customers)]),
    ]
    argv += ["--variants", args.variants, "--timeout", f"{args.timeout:g}"]
    if args.refresh:
        argv += ["--refresh", "--refresh-timeout", f"{args.refresh_timeout:g}"]
    if args.rate_scale != RATE_SCALE:
        argv += ["--rate-scale", f"{args.rate_scale:g}"]
    if args.only:
        argv += ["--only", *args.only]
    if args.reuse:
        argv += ["--reuse", *map(str, args.reuse)]
    if args.code != "head":
        argv += ["--code", args.code]
    command = ".venv/bin/python bench/bench_answers.py " + shlex.join(argv)
    started = datetime.now(UTC)
    results = []
    for n, repeat in zip(args.customers, repeats, strict=False):
        if n in args.reuse:
            results.append(json.loads(result_path(n).read_text()))
            continue
        res = bench_size(n, repeat, args)
        if not args.only:
            result_path(n).write_text(json.dumps(res, default=str) + "\n")
        results.append(res)
    text = section(results, command, started)
    if args.only:
        print(text)
        return
    write_section(args.out, text, START, END)
    print(text)


if __name__ == "__main__":
    main()
