"""Benchmark: import a German-format orders CSV with validation, against a plain DuckDB load.

    python bench/bench_import.py --rows 1000000 10000000 --repeat 3 2

For every size, in the same run (machines are noisy, so the figure that matters is the ratio):

* **baseline**: a fresh DuckDB file and ``CREATE TABLE t AS SELECT * FROM read_csv(file,
  delim=';', all_varchar=true, header=true)``: reading and storing, no validation;
* **bindung**: ``bindung.init(fresh folder).import_file('orders', file)``: detection, staging,
  validation of every row, key checks, upsert and customer creation in one transaction.

Each run is a child process (``python -c``); wall time is measured inside the child around
the work (connect/init .. close, so the final checkpoint counts), and peak RSS is the child's
``ru_maxrss`` as reported by ``os.wait4`` (the high-water mark of the whole process, Python
and its imports included).  Baseline and Bindung runs alternate.  The figures are medians.

A child that dies from a signal (DuckDB 1.5.6 sometimes segfaults in the validation query)
is recorded with the crash site (``-X faulthandler``) and the run is repeated on a fresh
store; RESULTS.md says how often that happened.

The CSV files are made by ``bench/make_orders.py`` into ``bench/data/`` (git-ignored) when
missing.  The import's bookkeeping is asserted: ``read == stored + rejected + duplicates``,
``read`` = rows in the file and ``rejected`` = the bad rows planted by the generator.

Results go to ``bench/RESULTS.md`` (``--out``).  Target (from the issue): at 10 M rows at
least 500,000 rows/s and a peak under 4 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import make_orders  # noqa: E402

TARGET_ROWS = 10_000_000
TARGET_RATE = 500_000  # rows/s
TARGET_PEAK = 4 * 1024**3  # bytes

BASELINE = """
import json, sys, time
import duckdb
db, csv = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
con = duckdb.connect(db)
con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?, delim=';', all_varchar=true, "
            "header=true)", [csv])
t1 = time.perf_counter()
con.close()
t2 = time.perf_counter()
con = duckdb.connect(db, read_only=True)
rows = con.execute("SELECT count(*) FROM t").fetchone()[0]
con.close()
print(json.dumps({"seconds": t2 - t0, "work": t1 - t0, "close": t2 - t1, "rows": rows}))
"""

BINDUNG = """
import json, sys, time
import bindung
folder, csv = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
ws = bindung.init(folder)
t1 = time.perf_counter()
r = ws.import_file("orders", csv)
t2 = time.perf_counter()
ws.close()
t3 = time.perf_counter()
ws = bindung.open(folder, read_only=True)
counts = ws.counts()
ws.close()
print(json.dumps({"seconds": t3 - t0, "init": t1 - t0, "work": t2 - t1, "close": t3 - t2,
                  "read": r.read, "stored": r.stored, "rejected": r.rejected,
                  "duplicates": r.duplicates, "status": r.status,
                  "customers_created": r.customers_created,
                  "orders": counts["orders"], "customers": counts["customers"]}))
"""


@dataclass
class Run:
    seconds: float  # connect/init .. close, measured in the child
    process_seconds: float  # the child process from start to exit, measured here
    peak_bytes: int
    detail: dict[str, object]
    other_cpu: float = 0.0  # share of the machine's CPU used by other processes during the run


class ChildCrashed(RuntimeError):
    """The child died from a signal (e.g. SIGSEGV inside DuckDB)."""


@dataclass
class Series:
    variant: str
    rows: int
    runs: list[Run] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)  # where each crashed attempt died

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def process_seconds(self) -> float:
        return statistics.median(r.process_seconds for r in self.runs)

    @property
    def peak(self) -> int:
        return int(statistics.median(r.peak_bytes for r in self.runs))

    @property
    def peak_max(self) -> int:
        return max(r.peak_bytes for r in self.runs)

    @property
    def rate(self) -> float:
        return self.rows / self.seconds


def child(code: str, *args: str) -> Run:
    """Run ``python -c code args`` and return its JSON line, wall time and peak RSS."""
    # Output goes to files, not pipes: a pipe that fills up would block the child.
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        busy_before = _busy_seconds()
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-X", "faulthandler", "-c", code, *args],
            cwd=ROOT,
            stdout=out,
            stderr=err,
            text=True,
        )
        # wait4 gives the rusage of exactly this child (RUSAGE_CHILDREN would be the maximum
        # over every child this process has waited for).
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        busy = _busy_seconds() - busy_before
        own = usage.ru_utime + usage.ru_stime
        other = max(0.0, busy - own) / (elapsed * (os.cpu_count() or 1))
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        out_text, err_text = out.read(), err.read()
    if proc.returncode < 0:
        raise ChildCrashed(_crash_site(proc.returncode, err_text))
    if proc.returncode != 0:
        raise RuntimeError(f"child failed ({proc.returncode}):\n{err_text}")
    detail = json.loads(out_text.strip().splitlines()[-1])
    return Run(float(detail["seconds"]), elapsed, usage.ru_maxrss * 1024, detail, other)


def _crash_site(code: int, stderr: str) -> str:
    """'SIGSEGV in load.py:148 (_import_staged)' from faulthandler's output."""
    try:
        import signal

        name = signal.Signals(-code).name
    except ValueError:
        name = f"signal {-code}"
    for line in stderr.splitlines():
        line = line.strip()
        if line.startswith('File "') and "<string>" not in line:
            path, _, rest = line[6:].partition('", line ')
            number, _, func = rest.partition(" in ")
            return f"{name} in {Path(path).name}:{number} ({func})"
    return name


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
        Path(str(path) + ".wal").unlink(missing_ok=True)


def run_with_retries(series: Series, code: str, target: Path, csv: Path, attempts: int = 4) -> Run:
    """Run the child on a fresh ``target``; a crashed attempt is recorded and retried."""
    for _ in range(attempts):
        remove(target)
        try:
            return child(code, str(target), str(csv))
        except ChildCrashed as exc:
            series.crashes.append(str(exc))
            print(f"    crashed: {exc}; retrying", flush=True)
    raise RuntimeError(f"{series.variant}: {attempts} attempts crashed: {series.crashes}")


def _busy_seconds() -> float:
    """CPU seconds the whole machine has been busy (all cores, from /proc/stat)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def ensure_data(rows: int, data: Path) -> tuple[Path, dict[str, int]]:
    path = data / f"orders_{rows}.csv"
    meta_path = Path(str(path) + ".meta.json")
    if path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("rows") == rows and meta.get("bytes") == path.stat().st_size:
            return path, meta
    print(f"generating {path} ...", flush=True)
    meta = make_orders.make(rows, path)
    print(f"  {meta['bytes'] / 1e6:.0f} MB in {meta['seconds']} s", flush=True)
    return path, meta  # type: ignore[return-value]


def check_import(detail: dict[str, object], rows: int, bad: int) -> None:
    read, stored = int(detail["read"]), int(detail["stored"])  # type: ignore[arg-type]
    rejected, duplicates = int(detail["rejected"]), int(detail["duplicates"])  # type: ignore[arg-type]
    assert read == stored + rejected + duplicates, detail
    assert read == rows, (read, rows)
    assert rejected == bad, f"rejected {rejected}, planted {bad}"
    assert duplicates == 0, detail
    assert detail["orders"] == stored == rows - bad, detail


def bench_size(rows: int, repeat: int, data: Path, work: Path) -> tuple[Series, Series, dict]:
    path, meta = ensure_data(rows, data)
    base, bind = Series("baseline", rows), Series("bindung", rows)
    for i in range(repeat):
        db = work / f"baseline_{rows}_{i}.duckdb"
        run = run_with_retries(base, BASELINE, db, path)
        assert run.detail["rows"] == rows, run.detail
        base.runs.append(run)
        print(
            f"  {rows:>11,} baseline #{i + 1}: {run.seconds:7.2f} s, "
            f"{run.peak_bytes / 2**20:7.0f} MiB  (others used {run.other_cpu:.0%} CPU)",
            flush=True,
        )
        remove(db)

        folder = work / f"ws_{rows}_{i}"
        run = run_with_retries(bind, BINDUNG, folder, path)
        check_import(run.detail, rows, int(meta["bad_rows"]))
        bind.runs.append(run)
        d = run.detail
        print(
            f"  {rows:>11,} bindung  #{i + 1}: {run.seconds:7.2f} s, "
            f"{run.peak_bytes / 2**20:7.0f} MiB  (read {d['read']:,}, stored {d['stored']:,}, "
            f"rejected {d['rejected']:,}, duplicates {d['duplicates']:,}, "
            f"customers {d['customers_created']:,}; others used {run.other_cpu:.0%} CPU)",
            flush=True,
        )
        remove(folder)
    return base, bind, meta


def machine() -> dict[str, str]:
    mem = "?"
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 2**20:.1f} GiB"
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        from importlib.metadata import version

        bindung_version = version("bindung")
    except Exception:  # not installed
        bindung_version = "?"
    return {
        "nproc": str(os.cpu_count()),
        "memory": mem,
        "cpu": cpu,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "bindung": bindung_version,
        "commit": _commit(),
    }


def _commit() -> str:
    """The checked-out commit, read from .git without running git."""
    head = ROOT / ".git" / "HEAD"
    try:
        ref = head.read_text().strip()
        if ref.startswith("ref: "):
            name = ref[5:]
            loose = ROOT / ".git" / name
            if loose.exists():
                return loose.read_text().strip()[:12]
            packed = ROOT / ".git" / "packed-refs"
            if packed.exists():
                for line in packed.read_text().splitlines():
                    if line.endswith(" " + name):
                        return line.split()[0][:12]
            return f"(no commit yet on {name})"
        return ref[:12]
    except OSError:
        return "?"


def gib(n: float) -> str:
    return f"{n / 2**30:.2f} GiB"


START, END = "<!-- import-benchmark:start -->", "<!-- import-benchmark:end -->"


def write_section(out: Path, text: str, start: str = START, end: str = END) -> None:
    """Replace the section between ``start`` and ``end`` in ``out`` (or append ``text``, which
    carries both markers), keeping the other benchmarks' sections."""
    current = out.read_text() if out.exists() else ""
    if start in current and end in current:
        head, rest = current.split(start, 1)
        _, tail = rest.split(end, 1)
        new = head + text.rstrip("\n") + tail
    else:
        new = current.rstrip("\n") + ("\n\n" if current else "") + text
    out.write_text(new)


def write_results(
    out: Path,
    results: list[tuple[Series, Series, dict]],
    command: str,
    started: datetime,
    facts: dict[str, str],
) -> str:
    lines = [
        START,
        "# Import benchmark: German-format orders CSV with validation",
        "",
        f"Run {started:%Y-%m-%d %H:%M} UTC, written by `bench/bench_import.py` "
        "(regenerate with the command below; do not edit the figures by hand).",
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
        "Data: `bench/make_orders.py`: `Bestellnummer;Kundennummer;Bestelldatum;Bestellwert;"
        "Anzahl;Kanal`, `;`, decimal comma with `.` thousands (`1.234,56`), "
        "`dd.mm.yyyy HH:MM`, CRLF, UTF-8, ~1 customer per 10 orders, 0.2 % planted bad rows "
        "(0.1 % `31.02.2025`, 0.1 % amount `k.A.`).",
        "",
        "* **baseline**: fresh DuckDB file, `CREATE TABLE t AS SELECT * FROM read_csv(file, "
        "delim=';', all_varchar=true, header=true)` (no parsing, no validation);",
        "* **bindung**: `bindung.init(fresh folder).import_file('orders', file)` (staging, "
        "validation of every row, key checks, upsert, customers, one transaction).",
        "",
        "Time = connect/init .. close (checkpoint included), measured inside a child process; "
        "peak = the child's `ru_maxrss` (whole process). Median of the runs; runs alternate "
        "baseline/bindung.",
        "",
        "| rows | variant | runs | time (median) | rows/s | peak RSS (median / max) "
        "| process wall | time ratio bindung/baseline |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for base, bind, _meta in results:
        ratio = bind.seconds / base.seconds
        for s, r in ((base, "1.00"), (bind, f"{ratio:.2f}")):
            lines.append(
                f"| {s.rows:,} | {s.variant} | {len(s.runs)} | {s.seconds:.2f} s | "
                f"{s.rate:,.0f} | {gib(s.peak)} / {gib(s.peak_max)} | "
                f"{s.process_seconds:.2f} s | {r} |"
            )
    lines += ["", "Per run (seconds; bindung: init + import_file + close):", ""]
    for base, bind, meta in results:
        b = ", ".join(f"{r.seconds:.2f}" for r in base.runs)
        i = ", ".join(
            f"{r.seconds:.2f} (import_file {float(r.detail['work']):.2f}, "  # type: ignore[arg-type]
            f"close {float(r.detail['close']):.2f})"
            for r in bind.runs  # type: ignore[arg-type]
        )
        d = bind.runs[-1].detail
        lines.append(
            f"* {base.rows:,} rows ({int(meta['bytes']) / 1e6:.0f} MB): baseline {b}; "
            f"bindung {i}. Counts: read {d['read']:,} = stored {d['stored']:,} + rejected "
            f"{d['rejected']:,} (planted {meta['bad_rows']:,}) + duplicates "
            f"{d['duplicates']:,}; customers created {d['customers_created']:,}."
        )
    lines.append("")
    for base, bind, _meta in results:
        for s in (base, bind):
            if s.crashes:
                attempts = len(s.runs) + len(s.crashes)
                sites = "; ".join(sorted(set(s.crashes)))
                lines.append(
                    f"**{s.variant} at {s.rows:,} rows crashed in {len(s.crashes)} of {attempts} "
                    f"attempts** ({sites}); crashed attempts were repeated and are not in the "
                    "figures."
                )
                lines.append("")
    if not any(s.crashes for b, i, _ in results for s in (b, i)):
        lines += ["No run crashed.", ""]
    others = [r.other_cpu for b, i, _ in results for r in (*b.runs, *i.runs)]
    lines += [
        f"Other processes used {min(others):.0%} .. {max(others):.0%} of the machine's "
        f"CPU ({os.cpu_count()} cores) during the runs (from /proc/stat minus the child's "
        "own CPU time); the more, the more the absolute times are inflated.",
        "",
    ]
    at_target = [(b, i) for b, i, _ in results if i.rows == TARGET_ROWS]
    if at_target:
        _, bind = at_target[0]
        rate_ok, peak_ok = bind.rate >= TARGET_RATE, bind.peak_max < TARGET_PEAK
        verdict = "**met**" if rate_ok and peak_ok else "**not met**"
        lines.append(
            f"Target at {TARGET_ROWS:,} rows (>= {TARGET_RATE:,} rows/s and < 4 GB): {verdict}: "
            f"{bind.rate:,.0f} rows/s ({'ok' if rate_ok else 'too slow'}; "
            f"{bind.rate / TARGET_RATE:.0%} of the target), peak {gib(bind.peak_max)} "
            f"({'ok' if peak_ok else 'too much'})."
        )
    else:
        lines.append(f"Target at {TARGET_ROWS:,} rows: not measured in this run.")
    lines += ["", END, ""]
    text = "\n".join(lines)
    write_section(out, text)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument(
        "--repeat",
        type=int,
        nargs="+",
        default=[3],
        help="runs per size: one value for all sizes, or one per --rows value",
    )
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    if len(args.repeat) not in (1, len(args.rows)):
        parser.error("--repeat: give one value, or one per --rows value")
    repeats = args.repeat * len(args.rows) if len(args.repeat) == 1 else args.repeat
    command = "python bench/bench_import.py " + shlex.join(
        ["--rows", *map(str, args.rows), "--repeat", *map(str, args.repeat)]
    )
    started = datetime.now(UTC)
    args.data.mkdir(parents=True, exist_ok=True)
    work = args.data / "runs"
    work.mkdir(exist_ok=True)
    results = []
    for rows, repeat in zip(args.rows, repeats, strict=True):
        print(f"{rows:,} rows, {repeat} run(s) each", flush=True)
        results.append(bench_size(rows, repeat, args.data, work))
    print(write_results(args.out, results, command, started, machine()))


if __name__ == "__main__":
    main()
