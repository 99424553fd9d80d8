"""Benchmark: BG/NBD and Gamma-Gamma fits, Bindung against lifetimes 0.11.3, in the same run.

    .venv/bin/python bench/bench_clv.py --customers 1000000 --seed 2026 --repeat 5 \\
        --lifetimes-repeat 2 --wait-load 1.5 --profile

Data (both written to ``bench/data/``, git-ignored, and regenerated when missing):

* **CDNOW**: the 1/10 sample (``../shared/data/cdnow/CDNOW_sample.txt``, 2,357 customers)
  summarised as in ``tests/models/conftest.py`` (customer-days are purchases, weeks, 39-week
  calibration to 1997-09-30) -> ``clv_cdnow.csv``;
* **simulated**: ``--customers`` customers drawn from the BG/NBD and Gamma-Gamma models with
  known parameters (:data:`TRUE_BGNBD`, :data:`TRUE_GAMMAGAMMA`, fixed ``--seed``), first
  purchases spread over the first 12 weeks of a 39-week calibration (day resolution, as an
  RFM summary has it) -> ``clv_sim_<n>_seed<seed>.csv`` (+ ``.json`` with the truth).

Every fit runs in a fresh child process, one fit per process:

* **bindung**: ``bench/clv_bindung_child.py`` with this interpreter (the project's .venv);
* **lifetimes**: ``bench/clv_lifetimes_child.py`` with ``bench/.venv-lifetimes/bin/python``
  (made by ``--setup`` from ``bench/clv_lifetimes_requirements.txt``; lifetimes is never a
  dependency of Bindung).

The time is measured inside the child around the one ``fit`` call (data already in memory as
float64 arrays; imports and CSV reading excluded): for Bindung it includes input validation,
merging identical (x, t_x, T) rows (BG/NBD) and the Hessian for standard errors; for lifetimes
its input checks, BFGS and its autograd Hessian.  Peak RSS is the child's ``ru_maxrss``
(``os.wait4``, the whole process: interpreter, imports, data and fit).  Figures are medians.
Variants alternate run by run.

BLAS threads: the weighted sums in Bindung's likelihood are BLAS dot products, which
OpenBLAS runs on all cores; on a busy machine that is slow.  So each library also runs with
``OPENBLAS_NUM_THREADS=1`` (variant ``-1t``).  The plain variants run with the libraries'
defaults (``OPENBLAS_NUM_THREADS``, ``OMP_NUM_THREADS`` and ``MKL_NUM_THREADS`` removed from
the child's environment).  ``lifetimes-w`` passes merged rows with ``weights=`` (BG/NBD).

Others use the machine: before every run the script waits (up to ``--wait-max`` s before
a data set's first run, ``--wait-run`` s before later ones) until the 1-minute load average
is below ``--wait-load``; the load at each run's start and the share of CPU other processes
used during it are recorded.

Checks: the parameters of both libraries agree within :data:`TARGET_REL` (relative), and on
the simulated data Bindung's estimates lie within sampling error of the truth (z-scores with
Bindung's standard errors, Mahalanobis distance against chi-square).  ``--profile`` adds a
timed breakdown of Bindung's fits at the largest size (separate runs, not in the medians).

Results go to the CLV section of ``bench/RESULTS.md`` (between the markers; the rest of the
file is kept).  Target (from the issue): at 1 million customers at least 10x faster than
lifetimes, parameters within 1e-3 relative.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from bench_import import machine, write_section

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared" / "data"
CDNOW_SAMPLE = SHARED / "cdnow" / "CDNOW_sample.txt"
if not CDNOW_SAMPLE.exists():  # a worktree elsewhere: the workplace's shared folder
    CDNOW_SAMPLE = Path("/work/shared/data/cdnow/CDNOW_sample.txt")
LIFETIMES_VENV = HERE / ".venv-lifetimes"
LIFETIMES_PY = LIFETIMES_VENV / "bin" / "python"
LIFETIMES_REQUIREMENTS = HERE / "clv_lifetimes_requirements.txt"
BINDUNG_CHILD = HERE / "clv_bindung_child.py"
LIFETIMES_CHILD = HERE / "clv_lifetimes_child.py"

TRUE_BGNBD = {"r": 0.24, "alpha": 4.41, "a": 0.79, "b": 2.43}
TRUE_GAMMAGAMMA = {"p": 6.25, "q": 3.74, "gamma": 15.44}
PUBLISHED = {  # FHL 2005a (BG/NBD) and FHL 2005b / note 025 (Gamma-Gamma), CDNOW sample
    "bgnbd": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426},
    "gammagamma": {"p": 6.25, "q": 3.74, "gamma": 15.44},
}
CALIBRATION_END = pd.Timestamp("1997-09-30")
CALIBRATION_DAYS = 273  # 1997-01-01 .. 1997-09-30
FIRST_PURCHASE_DAYS = 84  # first purchases over the first 12 weeks
SIM_VERSION = 1

TARGET_CUSTOMERS = 1_000_000
TARGET_RATIO = 10.0
TARGET_REL = 1e-3
START, END = "<!-- clv-benchmark:start -->", "<!-- clv-benchmark:end -->"
MODELS = ("bgnbd", "gammagamma")
TITLES = {"bgnbd": "BG/NBD", "gammagamma": "Gamma-Gamma"}
THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
LARGE = 100_000  # data sets from this size on get --lifetimes-repeat lifetimes runs


# --------------------------------------------------------------------------- environment
def ensure_lifetimes_env(setup: bool) -> None:
    if LIFETIMES_PY.exists():
        return
    if not setup:
        raise SystemExit(
            f"{LIFETIMES_PY} is missing: run with --setup (python3 -m venv + pip install -r "
            f"{LIFETIMES_REQUIREMENTS.relative_to(ROOT)})"
        )
    print(f"creating {LIFETIMES_VENV} ...", flush=True)
    subprocess.run(["python3", "-m", "venv", str(LIFETIMES_VENV)], check=True)
    subprocess.run(
        [str(LIFETIMES_PY), "-m", "pip", "install", "-q", "-r", str(LIFETIMES_REQUIREMENTS)],
        check=True,
    )


def cdnow_summary() -> pd.DataFrame:
    """The CDNOW sample in weeks, 39-week calibration (as tests/models/conftest.py)."""
    raw = pd.read_csv(
        CDNOW_SAMPLE,
        sep=r"\s+",
        header=None,
        names=["master_id", "customer_id", "date", "cds", "value"],
        dtype={"date": str},
    )
    raw["day"] = pd.to_datetime(raw.date, format="%Y%m%d")
    days = raw.groupby(["customer_id", "day"], as_index=False).value.sum()
    days = days.sort_values(["customer_id", "day"])
    first = days.groupby("customer_id").day.transform("min")
    cal = days[days.day <= CALIBRATION_END]
    g = cal.assign(
        first=first[cal.index], repeat=np.where(cal.day > first[cal.index], cal.value, np.nan)
    )
    out = g.groupby("customer_id").agg(
        n=("day", "size"), first=("first", "min"), last=("day", "max"), repeat=("repeat", "mean")
    )
    return pd.DataFrame(
        {
            "frequency": (out.n - 1).astype(np.int64),
            "recency": (out["last"] - out["first"]).dt.days / 7,
            "T": (CALIBRATION_END - out["first"]).dt.days / 7,
            "monetary": out.repeat.fillna(0.0),
        }
    )


def simulate(n: int, seed: int) -> pd.DataFrame:
    """``n`` customers from BG/NBD (purchases) and Gamma-Gamma (spend), times in weeks.

    Customer i: first purchase on day ``d ~ U{0..83}``, age ``T = (273 - d)/7`` weeks; rate
    ``lambda ~ Gamma(r, 1/alpha)``, dropout probability ``p ~ Beta(a, b)``.  She would make
    ``N ~ Poisson(lambda T)`` repeat purchases if she never dropped out, and drops out right
    after repeat purchase ``J ~ Geometric(p)``; so ``x = min(N, J)``, and the time of the
    x-th of N uniform arrivals is ``T · Beta(x, N - x + 1)`` (order statistic), rounded to
    whole days.  Spend: ``nu ~ Gamma(q, 1/gamma)``, and the mean of x purchase values
    ``Gamma(p, 1/nu)`` is ``Gamma(p x, 1/(x nu))``.
    """
    r, alpha, a, b = (TRUE_BGNBD[k] for k in ("r", "alpha", "a", "b"))
    p, q, gamma = (TRUE_GAMMAGAMMA[k] for k in ("p", "q", "gamma"))
    rng = np.random.default_rng(seed)
    first_day = rng.integers(0, FIRST_PURCHASE_DAYS, n)
    age_days = CALIBRATION_DAYS - first_day
    age = age_days / 7.0
    lam = rng.gamma(r, 1.0 / alpha, n)
    drop = rng.beta(a, b, n)
    last = rng.geometric(drop)
    would = rng.poisson(lam * age)
    x = np.minimum(would, last)
    rep = x > 0
    t_days = np.zeros(n)
    t_days[rep] = np.minimum(
        np.rint(age_days[rep] * rng.beta(x[rep], would[rep] - x[rep] + 1)), age_days[rep]
    )
    nu = rng.gamma(q, 1.0 / gamma, n)
    monetary = np.zeros(n)
    monetary[rep] = rng.gamma(p * x[rep], 1.0 / (x[rep] * nu[rep]))
    return pd.DataFrame(
        {"frequency": x.astype(np.int64), "recency": t_days / 7.0, "T": age, "monetary": monetary}
    )


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """CSV (shortest round-trip floats); read back and compared, so the children get these bits."""
    frame.to_csv(path, index=False)
    back = pd.read_csv(path)
    for col in frame.columns:
        if not np.array_equal(back[col].to_numpy(), frame[col].to_numpy()):
            raise RuntimeError(f"{path}: column {col} does not round-trip")


def ensure_data(data: Path, customers: int, seed: int) -> list[dict[str, Any]]:
    data.mkdir(parents=True, exist_ok=True)
    sets = []
    cdnow = data / "clv_cdnow.csv"
    if not cdnow.exists():
        if not CDNOW_SAMPLE.exists():
            raise SystemExit(f"{CDNOW_SAMPLE} is missing (../shared/data beside the clone)")
        write_csv(cdnow_summary(), cdnow)
    sets.append({"name": "CDNOW sample", "key": "cdnow", "path": cdnow, "truth": None})
    sim = data / f"clv_sim_{customers}_seed{seed}.csv"
    meta_path = sim.with_suffix(".json")
    meta: dict[str, Any] = {}
    if sim.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
    if meta.get("version") != SIM_VERSION:
        print(f"simulating {customers:,} customers into {sim} ...", flush=True)
        t = time.perf_counter()
        frame = simulate(customers, seed)
        seconds = time.perf_counter() - t
        write_csv(frame, sim)
        meta = {
            "version": SIM_VERSION,
            "customers": customers,
            "seed": seed,
            "bgnbd": TRUE_BGNBD,
            "gammagamma": TRUE_GAMMAGAMMA,
            "simulate_seconds": round(seconds, 2),
            "bytes": sim.stat().st_size,
        }
        meta_path.write_text(json.dumps(meta, indent=1))
    sets.append(
        {
            "name": f"simulated, {customers:,} customers (seed {seed})",
            "key": "sim",
            "path": sim,
            "truth": {"bgnbd": TRUE_BGNBD, "gammagamma": TRUE_GAMMAGAMMA},
        }
    )
    return sets


def describe(path: Path) -> dict[str, Any]:
    from bindung.models import inputs

    df = pd.read_csv(path)
    x = df.frequency.to_numpy(np.float64)
    c = inputs.customers(x, df.recency.to_numpy(np.float64), df["T"].to_numpy(np.float64))
    merged = c.collapsed()
    return {
        "customers": len(df),
        "repeaters": int((x > 0).sum()),
        "mean_frequency": float(x.mean()),
        "max_frequency": int(x.max()),
        "distinct_rows": merged.rows,
        "T_min": float(df["T"].min()),
        "T_max": float(df["T"].max()),
        "mean_spend": float(df.monetary[x > 0].mean()),
        "bytes": path.stat().st_size,
    }


# --------------------------------------------------------------------------- runs
@dataclass(frozen=True)
class Variant:
    key: str
    library: str  # bindung | lifetimes
    what: str
    blas1: bool = False
    weighted: bool = False

    def command(self, model: str, path: Path, profile: bool = False) -> list[str]:
        if self.library == "bindung":
            cmd = [sys.executable, str(BINDUNG_CHILD), model, str(path)]
            return cmd + (["--profile"] if profile else [])
        cmd = [str(LIFETIMES_PY), str(LIFETIMES_CHILD), model, str(path)]
        return cmd + (["--weighted"] if self.weighted else [])

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in THREAD_VARS}
        if self.blas1:
            env["OPENBLAS_NUM_THREADS"] = "1"
        return env


VARIANTS = (
    Variant("bindung", "bindung", "Bindung, default BLAS threads"),
    Variant("lifetimes", "lifetimes", "lifetimes, default BLAS threads"),
    Variant("bindung-1t", "bindung", "Bindung, OPENBLAS_NUM_THREADS=1", blas1=True),
    Variant("lifetimes-1t", "lifetimes", "lifetimes, OPENBLAS_NUM_THREADS=1", blas1=True),
    Variant("lifetimes-w", "lifetimes", "lifetimes, merged rows + weights=", weighted=True),
)


@dataclass
class Run:
    seconds: float  # the fit call, inside the child
    wall: float  # the child process
    peak: int  # bytes, ru_maxrss of the child
    load: float  # 1-min load average at the start
    others: float  # share of all CPUs used by other processes during the run
    detail: dict[str, Any]


@dataclass
class Series:
    variant: Variant
    model: str
    planned: int
    runs: list[Run] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak(self) -> int:
        return int(statistics.median(r.peak for r in self.runs))

    @property
    def first(self) -> dict[str, Any]:
        return self.runs[0].detail


def _busy_seconds() -> float:
    """CPU seconds the whole machine has been busy (all cores, from /proc/stat)."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def child(cmd: list[str], env: dict[str, str], load: float) -> Run:
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        busy = _busy_seconds()
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=err, text=True, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        busy = _busy_seconds() - busy
        own = usage.ru_utime + usage.ru_stime
        others = max(0.0, busy - own) / (wall * (os.cpu_count() or 1))
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text, errors = out.read(), err.read()
    if code != 0:
        raise RuntimeError(f"{shlex.join(cmd)} failed ({code}):\n{errors[-4000:]}")
    detail = json.loads(text.strip().splitlines()[-1])
    detail["cpu_seconds"] = own
    return Run(float(detail["seconds"]), wall, usage.ru_maxrss * 1024, load, others, detail)


def wait_for_load(limit: float, longest: float) -> tuple[float, float]:
    """Wait until the 1-minute load average is below ``limit``; (load, seconds waited)."""
    started = time.monotonic()
    load = os.getloadavg()[0]
    announced = False
    while load >= limit and time.monotonic() - started < longest:
        if not announced:
            print(f"  load {load:.2f} >= {limit}: waiting (up to {longest:.0f} s) ...", flush=True)
            announced = True
        time.sleep(10)
        load = os.getloadavg()[0]
    return load, time.monotonic() - started


def plan(size: int, args: argparse.Namespace) -> list[Series]:
    large = size >= LARGE
    out = []
    for model in MODELS:
        for v in VARIANTS:
            if v.weighted and model != "bgnbd":
                continue
            if v.library == "bindung" or not large:
                n = args.repeat
            elif v.blas1:
                n = 1  # a control: lifetimes' hot loop uses no BLAS
            else:
                n = args.lifetimes_repeat
            if n > 0:
                out.append(Series(v, model, n))
    return out


@dataclass
class DataResult:
    name: str
    key: str
    path: Path
    info: dict[str, Any]
    truth: dict[str, dict[str, float]] | None
    series: list[Series]
    waited: float
    load_first: float
    profiles: list[dict[str, Any]] = field(default_factory=list)

    def get(self, model: str, key: str) -> Series | None:
        for s in self.series:
            if s.model == model and s.variant.key == key and s.runs:
                return s
        return None


def bench_data(ds: dict[str, Any], args: argparse.Namespace, profile: bool) -> DataResult:
    info = describe(ds["path"])
    series = plan(info["customers"], args)
    print(
        f"{ds['name']}: {info['customers']:,} customers, {info['distinct_rows']:,} distinct rows",
        flush=True,
    )
    first = True
    waited_total, load_first = 0.0, float("nan")
    for round_ in range(max(s.planned for s in series)):
        for s in series:
            if round_ >= s.planned:
                continue
            load, waited = wait_for_load(args.wait_load, args.wait_max if first else args.wait_run)
            waited_total += waited
            if first:
                load_first = load
            first = False
            run = child(s.variant.command(s.model, ds["path"]), s.variant.env(), load)
            s.runs.append(run)
            print(
                f"  {TITLES[s.model]:<11} {s.variant.key:<13} {run.seconds:8.3f} s  "
                f"peak {run.peak / 2**30:5.2f} GiB  load {load:4.2f}  "
                f"others {run.others:4.0%}",
                flush=True,
            )
    result = DataResult(
        ds["name"], ds["key"], ds["path"], info, ds["truth"], series, waited_total, load_first
    )
    if profile:
        for model in MODELS:
            for v in VARIANTS[:3:2]:  # bindung, bindung-1t
                runs = []
                for _ in range(args.profile_repeat):
                    load, _ = wait_for_load(args.wait_load, args.wait_run)
                    runs.append(child(v.command(model, ds["path"], profile=True), v.env(), load))
                    print(
                        f"  profile {TITLES[model]} {v.key}: {runs[-1].seconds:.3f} s", flush=True
                    )
                result.profiles.append({"model": model, "variant": v.key, "runs": runs})
    return result


# --------------------------------------------------------------------------- checks
def rel_diff(a: dict[str, float], b: dict[str, float]) -> dict[str, float]:
    return {k: abs(b[k] - a[k]) / abs(a[k]) for k in a}


def loglik_at(model: str, params: dict[str, float], path: Path) -> float:
    """The log-likelihood of ``params`` on the data, by Bindung's likelihood."""
    from bindung.models import BetaGeoModel, GammaGammaModel

    df = pd.read_csv(path)
    if model == "bgnbd":
        m = BetaGeoModel.from_params(**params)
        return float(m.log_likelihood(df.frequency, df.recency, df["T"]).sum())
    g = GammaGammaModel.from_params(**params)
    return float(g.log_likelihood(df.frequency, df.monetary).sum())


def recovery(truth: dict[str, float], detail: dict[str, Any]) -> dict[str, Any]:
    from scipy.stats import chi2  # type: ignore[import-untyped]

    names = list(truth)
    est = np.array([detail["params"][k] for k in names])
    tru = np.array([truth[k] for k in names])
    cov = np.array(detail["covariance"])
    se = np.sqrt(np.diag(cov))
    delta = est - tru
    d2 = float(delta @ np.linalg.solve(cov, delta))
    return {
        "z": {k: float(z) for k, z in zip(names, delta / se, strict=True)},
        "d2": d2,
        "dof": len(names),
        "p": float(chi2.sf(d2, len(names))),
    }


# --------------------------------------------------------------------------- report
def _rel(path: Path) -> Path:
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def fmt_s(x: float) -> str:
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


def gib(b: float) -> str:
    return f"{b / 2**30:.2f} GiB"


def section(
    results: list[DataResult],
    command: str,
    started: datetime,
    host: dict[str, str],
    args: argparse.Namespace,
) -> str:
    lines: list[str] = []
    add = lines.append
    add(START)
    add("# CLV model fits: BG/NBD and Gamma-Gamma, Bindung against lifetimes 0.11.3")
    add("")
    add(
        f"Run {started:%Y-%m-%d %H:%M} UTC, written by `bench/bench_clv.py` (regenerate with "
        "the command below; do not edit the figures by hand)."
    )
    add("")
    add("```")
    add(command)
    add("```")
    add("")
    some_b = next(s.first for r in results for s in r.series if s.variant.library == "bindung")
    some_l = next(s.first for r in results for s in r.series if s.variant.library == "lifetimes")
    vb, vl = some_b["versions"], some_l["versions"]
    add(
        f"Machine: nproc {host['nproc']}, memory {host['memory']}, cpu {host['cpu']}, os "
        f"{host['os']}. Code: the working tree at run time (HEAD {host['commit']}; uncommitted "
        "changes included)."
    )
    add("")
    add(
        f"* **bindung** {vb['bindung']} (project `.venv`): python {vb['python']}, numpy "
        f"{vb['numpy']}, scipy {vb['scipy']}, pandas {vb['pandas']};"
    )
    add(
        f"* **lifetimes** {vl['lifetimes']} (`bench/.venv-lifetimes`, from "
        f"`bench/clv_lifetimes_requirements.txt`): python {vl['python']}, autograd "
        f"{vl['autograd']}, numpy {vl['numpy']}, scipy {vl['scipy']}, pandas {vl['pandas']} "
        "(the same numpy/scipy/pandas as the project)."
    )
    add("")
    add(
        "**What is timed**: one `fit` call in a fresh child process, the data already in "
        "memory as float64 arrays (imports and CSV reading excluded; Gamma-Gamma gets the "
        "repeat customers only, in both libraries)."
    )
    add("")
    add(
        "* Bindung `BetaGeoModel().fit(frequency, recency, T)`: input validation, **merging of "
        "identical (x, t_x, T) rows** (lexsort + reduceat over all rows), L-BFGS-B, Newton "
        "polishing and the finite-difference Hessian for the standard errors; "
        "`GammaGammaModel().fit(frequency, monetary)`: validation, the spend/frequency "
        "correlation check, search and Hessian;"
    )
    add(
        "* lifetimes `BetaGeoFitter().fit(frequency, recency, T)` and "
        "`GammaGammaFitter().fit(frequency, monetary)` with their defaults (BFGS on autograd's "
        "value and gradient, tol 1e-7, autograd Hessian for the standard errors), on the raw "
        "rows as users call them; `lifetimes-w` merges identical rows first (same numpy "
        "method, inside the timed span) and passes `weights=`."
    )
    add(
        "* Variants without `-1t` run with the libraries' default threads (thread variables "
        "removed from the environment: OpenBLAS uses both cores); `-1t` sets "
        "`OPENBLAS_NUM_THREADS=1`."
    )
    add("")
    add(
        f"Peak RSS = the child's `ru_maxrss` (whole process: interpreter, imports — "
        "`bindung.models` pulls in ibis and DuckDB — data and fit). Times are medians; "
        "variants alternate run by run. Load = 1-minute load average at a run's start (the "
        f"script waits until it is below {args.wait_load}, up to {args.wait_max:.0f} s before "
        f"a data set and {args.wait_run:.0f} s before each later run); others = share of the "
        "machine's CPU used by other processes during the run."
    )
    add("")
    for r in results:
        i = r.info
        add(f"## {r.name}")
        add("")
        add(
            f"`{_rel(r.path)}`: {i['customers']:,} customers, "
            f"{i['repeaters']:,} with a repeat purchase, mean frequency "
            f"{i['mean_frequency']:.3f} (max {i['max_frequency']}), T {i['T_min']:.2f}–"
            f"{i['T_max']:.2f} weeks, mean spend of repeaters {i['mean_spend']:.2f}; "
            f"**{i['distinct_rows']:,} distinct (x, t_x, T) rows**. Waited "
            f"{r.waited:.0f} s for the load in all; load before the first run "
            f"{r.load_first:.2f}."
        )
        add("")
        add(
            "| model | variant | runs | fit time (median) | min – max | peak RSS (median) "
            "| RSS before fit | rows fitted | load at start (median / max) | others' CPU "
            "| lifetimes / this |"
        )
        add("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for model in MODELS:
            base = r.get(model, "lifetimes")
            for s in r.series:
                if s.model != model or not s.runs:
                    continue
                secs = [run.seconds for run in s.runs]
                loads = [run.load for run in s.runs]
                ratio = f"{base.seconds / s.seconds:.1f}×" if base else "—"
                add(
                    f"| {TITLES[model]} | {s.variant.key} | {len(s.runs)} | "
                    f"**{fmt_s(s.seconds)}** | {fmt_s(min(secs))} – {fmt_s(max(secs))} | "
                    f"{gib(s.peak)} | {gib(s.first['rss_before_fit'])} | "
                    f"{s.first['rows']:,} | {statistics.median(loads):.2f} / {max(loads):.2f} | "
                    f"{statistics.median(run.others for run in s.runs):.0%} | {ratio} |"
                )
        add("")
        add(_ratio_lines(r))
        add("")
        add(_param_lines(r))
        add("")
        if r.profiles:
            add(_profile_lines(r))
            add("")
        add(
            "Per run (fit seconds, in order): "
            + "; ".join(
                f"{TITLES[s.model]} {s.variant.key} "
                + ", ".join(f"{run.seconds:.3f}" for run in s.runs)
                for s in r.series
                if s.runs
            )
            + "."
        )
        add("")
    add(_verdict(results))
    add(END)
    return "\n".join(lines) + "\n"


def _ratio_lines(r: DataResult) -> str:
    out = ["Speed-up (lifetimes' median time / Bindung's; both fits = BG/NBD + Gamma-Gamma):", ""]
    out.append("| comparison | BG/NBD | Gamma-Gamma | both fits |")
    out.append("|---|---:|---:|---:|")
    pairs = [
        ("lifetimes / bindung (defaults, the headline)", "lifetimes", "bindung"),
        ("lifetimes / bindung-1t", "lifetimes", "bindung-1t"),
        ("lifetimes-1t / bindung-1t", "lifetimes-1t", "bindung-1t"),
        ("lifetimes-w / bindung (both merge rows)", "lifetimes-w", "bindung"),
        ("lifetimes-w / bindung-1t", "lifetimes-w", "bindung-1t"),
    ]
    for label, num, den in pairs:
        cells, tn, td = [], 0.0, 0.0
        complete = True
        for model in MODELS:
            n = r.get(model, num) or (r.get(model, "lifetimes") if num == "lifetimes-w" else None)
            d = r.get(model, den)
            if n is None or d is None:
                cells.append("—")
                complete = False
                continue
            cells.append(f"{n.seconds / d.seconds:.1f}×")
            tn += n.seconds
            td += d.seconds
        if all(c == "—" for c in cells):
            continue
        if num == "lifetimes-w":  # Gamma-Gamma has no merged variant: lifetimes' plain one
            cells[1] += " (plain)"
        out.append(
            f"| {label} | {cells[0]} | {cells[1]} | {f'{tn / td:.1f}×' if complete else '—'} |"
        )
    return "\n".join(out)


def _param_lines(r: DataResult) -> str:
    out = [
        "Parameters (Bindung's first default run; lifetimes' first default run; the "
        "log-likelihoods of both parameter sets evaluated with Bindung's likelihood on "
        "the same data):",
        "",
    ]
    for model in MODELS:
        b, lt = r.get(model, "bindung"), r.get(model, "lifetimes")
        if b is None or lt is None:
            continue
        pb, pl = b.first["params"], lt.first["params"]
        rd = rel_diff(pb, pl)
        se_rd = rel_diff(b.first["standard_errors"], lt.first["standard_errors"])
        # all runs of each library (threads may change the summation order)
        spread = 0.0
        for s in r.series:
            if s.model == model:
                ref = pb if s.variant.library == "bindung" else pl
                for run in s.runs:
                    spread = max(spread, max(rel_diff(ref, run.detail["params"]).values()))
        ll_b, ll_l = loglik_at(model, pb, r.path), loglik_at(model, pl, r.path)
        ref_name, ref = ("truth", r.truth[model]) if r.truth else ("published", PUBLISHED[model])
        out.append(
            f"**{TITLES[model]}** — max relative difference Bindung vs lifetimes "
            f"**{max(rd.values()):.1e}** (target ≤ {TARGET_REL:g}); standard errors "
            f"{max(se_rd.values()):.1e}; LL Bindung {ll_b:,.4f}, lifetimes {ll_l:,.4f} "
            f"(difference {ll_b - ll_l:+.2e}); largest spread between runs of one "
            f"library {spread:.1e}."
        )
        out.append("")
        head = "| | " + " | ".join(pb) + " |"
        out.append(head)
        out.append("|---|" + "---:|" * len(pb))
        out.append(f"| {ref_name} | " + " | ".join(f"{ref[k]:g}" for k in pb) + " |")
        out.append("| Bindung | " + " | ".join(f"{pb[k]:.6f}" for k in pb) + " |")
        out.append("| lifetimes | " + " | ".join(f"{pl[k]:.6f}" for k in pb) + " |")
        out.append("| relative difference | " + " | ".join(f"{rd[k]:.1e}" for k in pb) + " |")
        out.append(
            "| Bindung std error | "
            + " | ".join(f"{b.first['standard_errors'][k]:.6f}" for k in pb)
            + " |"
        )
        if r.truth:
            rec = recovery(r.truth[model], b.first)
            out.append(
                "| z = (Bindung − truth) / se | "
                + " | ".join(f"{rec['z'][k]:+.2f}" for k in pb)
                + " |"
            )
            out.append("")
            out.append(
                f"Recovery of the simulation's parameters: Mahalanobis distance² "
                f"{rec['d2']:.2f} on {rec['dof']} parameters (Bindung's covariance), "
                f"p = {rec['p']:.2f} against χ²({rec['dof']}): "
                + (
                    "within sampling error."
                    if rec["p"] > 0.01
                    else "**outside** sampling error (p ≤ 0.01)."
                )
            )
        else:
            out.append(
                "| relative to published | "
                + " | ".join(f"{abs(pb[k] - ref[k]) / ref[k]:.1e}" for k in pb)
                + " |"
            )
        out.append("")
    return "\n".join(out).rstrip()


def _profile_lines(r: DataResult) -> str:
    n = len(r.profiles[0]["runs"])
    out = [
        f"Where Bindung's time goes ({r.info['customers']:,} customers; {n} instrumented "
        "run(s) per row, medians, not part of the timings above; times are inclusive, so "
        "rows overlap: L-BFGS-B contains most log-likelihood and gradient calls, the Newton "
        "steps contain Hessians, a Hessian is 2 gradient calls per parameter):",
        "",
    ]
    out.append("| model | variant | fit | part | seconds | calls | per call |")
    out.append("|---|---|---:|---|---:|---:|---:|")
    for p in r.profiles:
        runs = p["runs"]
        parts = runs[0].detail["profile"]
        med = {
            k: statistics.median(run.detail["profile"][k]["seconds"] for run in runs) for k in parts
        }
        first = True
        for part in sorted(parts, key=lambda k: -med[k]):
            calls = parts[part]["calls"]
            out.append(
                f"| {TITLES[p['model']] if first else ''} | {p['variant'] if first else ''} | "
                f"{fmt_s(statistics.median(run.seconds for run in runs)) if first else ''} | "
                f"{part} | {med[part]:.3f} | {calls} | {med[part] / max(calls, 1) * 1000:.2f} ms |"
            )
            first = False
        mm = statistics.median(run.detail["weighted_sum"]["matmul"] for run in runs)
        ms = statistics.median(run.detail["weighted_sum"]["multiply_sum"] for run in runs)
        out.append(
            f"| | | | one weighted sum over {runs[0].detail['rows']:,} rows: `w @ v` "
            f"{mm:.0f} µs, `np.sum(w * v)` {ms:.0f} µs | | | |"
        )
    return "\n".join(out)


def _verdict(results: list[DataResult]) -> str:
    big = max(results, key=lambda r: r.info["customers"])
    out = [f"## Targets at {big.info['customers']:,} customers", ""]
    if big.info["customers"] < TARGET_CUSTOMERS:
        out.append(
            f"(The target is stated at {TARGET_CUSTOMERS:,} customers; this run's "
            f"largest set has {big.info['customers']:,}.)"
        )
        out.append("")
    for model in MODELS:
        lt, b, b1 = (big.get(model, k) for k in ("lifetimes", "bindung", "bindung-1t"))
        if not (lt and b):
            continue
        ratio = lt.seconds / b.seconds
        line = f"* {TITLES[model]}: speed-up **{ratio:.1f}×** with default threads " + (
            "(target ≥ 10×: **met**)"
            if ratio >= TARGET_RATIO
            else f"(target ≥ 10×: **missed**, by a factor {TARGET_RATIO / ratio:.2f})"
        )
        if b1:
            r1 = lt.seconds / b1.seconds
            line += f"; {r1:.1f}× with `OPENBLAS_NUM_THREADS=1` " + (
                "(met)" if r1 >= TARGET_RATIO else f"(missed by a factor {TARGET_RATIO / r1:.2f})"
            )
        rd = max(rel_diff(b.first["params"], lt.first["params"]).values())
        line += f"; parameters within {rd:.1e} relative " + (
            "(≤ 1e-3: **met**)." if rd <= TARGET_REL else "(≤ 1e-3: **missed**)."
        )
        out.append(line)
    tot = {k: [big.get(m, k) for m in MODELS] for k in ("lifetimes", "bindung", "bindung-1t")}
    if all(all(v) for v in tot.values()):
        sec = {k: sum(s.seconds for s in v if s) for k, v in tot.items()}
        both = sec["lifetimes"] / sec["bindung"]
        out.append(
            f"* Both fits together: **{both:.1f}×** with default threads, "
            f"{sec['lifetimes'] / sec['bindung-1t']:.1f}× with `OPENBLAS_NUM_THREADS=1`."
        )
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=TARGET_CUSTOMERS)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--repeat", type=int, default=5, help="runs per variant (Bindung; lifetimes on small data)"
    )
    parser.add_argument(
        "--lifetimes-repeat",
        type=int,
        default=2,
        help=f"lifetimes runs per variant on data of {LARGE:,}+ customers",
    )
    parser.add_argument("--wait-load", type=float, default=1.5)
    parser.add_argument("--wait-max", type=float, default=900.0)
    parser.add_argument("--wait-run", type=float, default=30.0)
    parser.add_argument(
        "--profile",
        action="store_true",
        help="add an instrumented breakdown of Bindung's fits (largest set)",
    )
    parser.add_argument("--profile-repeat", type=int, default=3, help="runs per profiled fit")
    parser.add_argument(
        "--setup", action="store_true", help="create bench/.venv-lifetimes if it is missing"
    )
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    ensure_lifetimes_env(args.setup)
    command = ".venv/bin/python bench/bench_clv.py " + shlex.join(
        [
            "--customers",
            str(args.customers),
            "--seed",
            str(args.seed),
            "--repeat",
            str(args.repeat),
            "--lifetimes-repeat",
            str(args.lifetimes_repeat),
            "--wait-load",
            f"{args.wait_load:g}",
        ]
        + (["--profile"] if args.profile else [])
    )
    started = datetime.now(UTC)
    sets = ensure_data(args.data, args.customers, args.seed)
    results = []
    for ds in sets:
        is_largest = ds is sets[-1]
        results.append(bench_data(ds, args, args.profile and is_largest))
    text = section(results, command, started, machine(), args)
    write_section(args.out, text, START, END)
    print(text)


if __name__ == "__main__":
    main()
