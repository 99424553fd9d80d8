"""Run a command and report the peak memory of its whole process tree.

    python bench/pss.py bindung refresh -w bench/data/answers_1000000 --force --quiet

Samples the proportional set size (PSS) of the command and every descendant every 0.5 s
from ``/proc/<pid>/smaps_rollup`` (Linux): pages that forked workers share with their
parent count once, split among them, so the sum is the memory the tree really holds (the
``ru_maxrss`` of a worker counts the parent's pages it reads as its own).  Prints the exit
code, the wall time and the peak to standard error; exits with the command's code.
"""

from __future__ import annotations

import subprocess
import sys
import time


def tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux ``/proc/<pid>/task/<pid>/children``)."""
    out = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            children = f.read().split()
    except OSError:
        return out
    for child in children:
        out += tree(int(child))
    return out


def pss(pid: int) -> int:
    """The process's PSS in bytes (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def main() -> int:
    started = time.perf_counter()
    proc = subprocess.Popen(sys.argv[1:])
    peak, processes = 0, 0
    while proc.poll() is None:
        pids = tree(proc.pid)
        total = sum(pss(p) for p in pids)
        if total > peak:
            peak, processes = total, len(pids)
        time.sleep(0.5)
    wall = time.perf_counter() - started
    print(
        f"exit {proc.returncode} wall {wall:.1f}s peak PSS (process tree) "
        f"{peak / 2**30:.2f} GiB with {processes} processes",
        file=sys.stderr,
    )
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
