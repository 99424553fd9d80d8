"""The ROI per measure as ``bindung refresh`` computes it: in one process with one ``memo``, the
monthly KPI table (baseline, timed before and after), the answers whose estimates the measures
read (loyalty, complaints, roi; timed together), then ``measures`` (timed).

    python bench/bench_measures_in_refresh.py bench/data/answers_1000000

(the workspaces of ``bench/bench_answers.py``).  Prints one line; the results are written by
hand into bench/RESULTS.md (block answers-benchmark-issue16)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import bindung
from bindung.answers import refresh as refresh_mod
from bindung.answers.registry import spec


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main(folder: Path) -> None:
    ws = bindung.open(folder, read_only=True)
    ws.memo = {}  # as in a refresh: one memo for all answers

    def kpis() -> object:
        return ws.kpis(period="month", compare=True)

    def before() -> None:
        for key, params in (("loyalty", {}), ("complaints", {"period": "month"}), ("roi", {})):
            refresh_mod.compute(spec(key), ws, params)

    base = timed(kpis)
    others = timed(before)
    measures = timed(lambda: refresh_mod.compute(spec("measures"), ws, {}))
    base2 = timed(kpis)
    ratio = measures / ((base + base2) / 2)
    print(
        f"{folder.name}: KPI table {base:.2f} s / {base2:.2f} s; loyalty+complaints+roi "
        f"{others:.1f} s; measures after them {measures:.2f} s = {ratio:.2f}x"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
