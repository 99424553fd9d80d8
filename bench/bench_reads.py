"""Wall time of every CLI command that reads a stored answer, as a whole process.

    python bench/bench_reads.py --workspace /tmp/bench_demo --repeat 5

The workspace is the 20,000-customer demo (``bindung demo FOLDER`` builds it and computes
every answer; made when missing).  Before timing, ``bindung refresh -w FOLDER`` brings every
stored answer up to date with the code and data of the moment, and the benchmark checks that
none is stale (``bindung.answers.refresh.stale``).

Each command (:data:`COMMANDS`) runs as ``.venv/bin/bindung ... -w FOLDER``, its output
going to a file (not a terminal): wall time from process start to exit (interpreter start,
imports, reading the answer, rendering the table), peak RSS (``ru_maxrss`` from ``os.wait4``),
and the share of the CPU other processes used meanwhile.  One warm-up run per command (not
counted: it fills the page cache), then ``--repeat`` rounds in which the commands take turns;
the figures are medians.  A run whose stderr says the answer was computed rather than read
("Jetzt berechnet" / "Computed now") is flagged: it did not measure a read.

Two baselines in the same rounds: ``python -c pass`` (the interpreter alone) and ``bindung
--help`` (the CLI's imports, no workspace).

Results go to the ``reads-benchmark`` section of ``bench/RESULTS.md``.  Target (from the
issue): each command at most 1.5 s.
"""

from __future__ import annotations

import argparse
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

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_answers import Code, code_snapshot  # noqa: E402
from bench_import import _busy_seconds, gib, machine, write_section  # noqa: E402

START, END = "<!-- reads-benchmark:start -->", "<!-- reads-benchmark:end -->"
TARGET_SECONDS = 1.5
BIN = Path(sys.executable).parent
#: (label, arguments after ``bindung``); ``-w FOLDER`` is appended.
COMMANDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("kpis", ("kpis",)),
    ("compare fans", ("compare", "fans")),
    ("roi", ("roi",)),
    ("social", ("social",)),
    ("satisfaction", ("satisfaction",)),
    ("complaints", ("complaints",)),
    ("alerts", ("alerts",)),
    ("loyalty", ("loyalty",)),
    ("budget", ("budget",)),
    ("goals", ("goals",)),
    ("customers", ("customers",)),
    ("cohorts", ("cohorts",)),
    ("experiment show", ("experiment", "show", "{experiment}")),
)
BASELINES: tuple[tuple[str, list[str]], ...] = (
    ("python -c pass", [sys.executable, "-c", "pass"]),
    ("bindung --help", [str(BIN / "bindung"), "--help"]),
)
COMPUTED_NOW = ("Jetzt berechnet", "Computed now", "Jetzt für diese", "computed now")


@dataclass
class Series:
    label: str
    argv: list[str]
    baseline: bool = False
    seconds: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)
    others: list[float] = field(default_factory=list)
    exits: list[int] = field(default_factory=list)
    computed: int = 0  # runs that computed instead of reading
    out_bytes: int = 0
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def run(argv: list[str], code: Code) -> tuple[float, int, float, int, str, int]:
    """(wall seconds, peak bytes, others' CPU share, exit code, stderr, stdout bytes)."""
    with tempfile.TemporaryFile("w+b") as out, tempfile.TemporaryFile("w+") as err:
        busy = _busy_seconds()
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv, cwd=code.path, env=code.env(), stdout=out, stderr=err, text=False
        )
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        other = max(0.0, _busy_seconds() - busy - usage.ru_utime - usage.ru_stime) / (
            elapsed * (os.cpu_count() or 1)
        )
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code
        size = out.tell()
        err.seek(0)
        return elapsed, usage.ru_maxrss * 1024, other, code, err.read(), size


def prepare(folder: Path, code: Code) -> tuple[str, int]:
    """Build the demo when missing, refresh what is stale; (what was done, stale left)."""
    exe = str(BIN / "bindung")
    where = {"cwd": code.path, "env": code.env()}
    if not (folder / "bindung.toml").exists():
        subprocess.run([exe, "demo", str(folder)], check=True, capture_output=True, **where)
        done = f"built with `bindung demo {folder}`"
    else:
        done = "existing"
    t0 = time.perf_counter()
    proc = subprocess.run(
        [exe, "refresh", "-w", str(folder), "--quiet"], capture_output=True, text=True, **where
    )
    done += (
        f"; `bindung refresh -w {folder}` before timing took {time.perf_counter() - t0:.1f} s "
        f"(exit {proc.returncode})"
    )
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from bindung.answers import refresh; "
            "print(len(refresh.stale(Path(sys.argv[1]))))",
            str(folder),
        ],
        capture_output=True,
        text=True,
        check=True,
        **where,
    )
    return done, int(check.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workspace", type=Path, default=Path("/tmp/bench_demo"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--experiment", default="winback-2026")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument(
        "--code",
        choices=("head", "worktree"),
        default="head",
        help="run a git-archive snapshot of HEAD (default) or the working tree",
    )
    args = parser.parse_args()
    folder = args.workspace.resolve()
    started = datetime.now(UTC)
    code = code_snapshot(args.code)
    print(f"code: {code.describe()}", flush=True)
    prepared, stale = prepare(folder, code)
    print(f"{folder}: {prepared}; {stale} stale answers", flush=True)
    series = [Series(label, argv, baseline=True) for label, argv in BASELINES]
    for label, cmd in COMMANDS:
        words = [w.format(experiment=args.experiment) for w in cmd]
        series.append(Series(label, [str(BIN / "bindung"), *words, "-w", str(folder)]))
    for s in series:  # warm-up
        _, _, _, rc, err, size = run(s.argv, code)
        s.out_bytes = size
        if rc != 0:
            s.note = f"exit {rc}: {err.strip().splitlines()[-1] if err.strip() else ''}"
    for r in range(args.repeat):
        for s in series:
            seconds, peak, other, rc, err, _ = run(s.argv, code)
            s.seconds.append(seconds)
            s.peaks.append(peak)
            s.others.append(other)
            s.exits.append(rc)
            if any(marker in err for marker in COMPUTED_NOW):
                s.computed += 1
        print(f"  round {r + 1}/{args.repeat}: load {os.getloadavg()[0]:.2f}", flush=True)
    for s in series:
        print(f"  {s.label:<16} {s.median:6.2f} s  {gib(statistics.median(s.peaks))}  {s.note}")
    text = section(series, args, started, prepared, stale, code)
    write_section(args.out, text, START, END)
    print(text)


def section(
    series: list[Series],
    args: argparse.Namespace,
    started: datetime,
    prepared: str,
    stale: int,
    code: Code,
) -> str:
    facts = machine()
    shown = str(args.workspace)
    argv = ["--workspace", shown, "--repeat", str(args.repeat)]
    if args.code != "head":
        argv += ["--code", args.code]
    command = ".venv/bin/python bench/bench_reads.py " + shlex.join(argv)
    python = next(s for s in series if s.label == "python -c pass")
    cli = next(s for s in series if s.label == "bindung --help")
    lines = [
        START,
        "# Reading stored answers: CLI commands as whole processes (bench/bench_reads.py)",
        "",
        f"Run {started:%Y-%m-%d %H:%M} UTC, written by `bench/bench_reads.py` (regenerate with "
        "the command below; do not edit the figures by hand).",
        "",
        "```",
        command,
        "```",
        "",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in facts.items() if k != "commit") + ".",
        f"Code: {code.describe()}.",
        "",
        f"Workspace: the 20,000-customer demo in `{shown}` ({prepared}; {stale} answers stale "
        "when timing began). Each command runs as `.venv/bin/bindung COMMAND -w FOLDER` with "
        "its output to a file; time = process start to exit (interpreter, imports, reading "
        "the stored answer, rendering); one warm-up run, then "
        f"{args.repeat} rounds with the commands taking turns; medians. Baselines in the same "
        "rounds: `python -c pass` and `bindung --help`.",
        "",
        "| command | runs | wall (median) | min – max | − `bindung --help` | peak RSS | output "
        "| read, not computed | ≤ 1.5 s |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for s in series:
        ok = "–" if s.baseline else ("yes" if s.median <= TARGET_SECONDS else "**no**")
        read = (
            "–"
            if s.baseline
            else ("yes" if s.computed == 0 else f"**no** ({s.computed} runs computed)")
        )
        if any(s.exits):
            read += f" (exit codes {sorted(set(s.exits))})"
        label = f"`{s.label}`" if s.baseline else f"`bindung {s.label}`"
        lines.append(
            f"| {label} | {len(s.seconds)} | {s.median:.2f} s | {min(s.seconds):.2f} – "
            f"{max(s.seconds):.2f} s | {s.median - cli.median:+.2f} s | "
            f"{gib(statistics.median(s.peaks))} | {s.out_bytes / 1024:,.0f} KiB | {read} | {ok} |"
        )
    commands = [s for s in series if not s.baseline]
    over = [s for s in commands if s.median > TARGET_SECONDS]
    others = [o for s in series for o in s.others]
    worst = max(commands, key=lambda s: s.median)
    lines += [
        "",
        f"Other processes used {min(others):.0%} .. {max(others):.0%} (median "
        f"{statistics.median(others):.0%}) of the machine's CPU ({os.cpu_count()} cores) during "
        "the runs; the more, the more the times are inflated.",
        "",
        f"Target ≤ {TARGET_SECONDS} s per command: **{len(commands) - len(over)} of "
        f"{len(commands)} met**"
        + (
            "; over: " + ", ".join(f"`bindung {s.label}` {s.median:.2f} s" for s in over)
            if over
            else ""
        )
        + f". Slowest: `bindung {worst.label}` {worst.median:.2f} s. The interpreter alone takes "
        f"{python.median:.2f} s and `bindung --help` {cli.median:.2f} s of every command's time.",
        "",
        END,
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
