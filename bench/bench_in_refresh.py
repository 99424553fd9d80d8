"""One answer as ``bindung refresh`` computes it: in one process with one ``memo``, the
monthly KPI table (baseline, timed before and after), the answers it shares intermediate
results with (timed together), then the answer (timed).

    python bench/bench_in_refresh.py bench/data/answers_1000000 products customers

(the workspaces of ``bench/bench_answers.py``; the first name is the answer, the rest are
computed before it).  Prints one line; the results are written by hand into
bench/RESULTS.md."""

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


def main(folder: Path, answer: str, before: list[str]) -> None:
    ws = bindung.open(folder, read_only=True)
    ws.memo = {}  # as in a refresh: one memo for all answers

    def kpis() -> object:
        return ws.kpis(period="month", compare=True)

    def first() -> None:
        for key in before:
            refresh_mod.compute(spec(key), ws, {})

    base = timed(kpis)
    others = timed(first)
    own = timed(lambda: refresh_mod.compute(spec(answer), ws, {}))
    base2 = timed(kpis)
    ratio = own / ((base + base2) / 2)
    print(
        f"{folder.name}: KPI table {base:.2f} s / {base2:.2f} s; {'+'.join(before) or '-'} "
        f"{others:.1f} s; {answer} after them {own:.2f} s = {ratio:.2f}x"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3:])
