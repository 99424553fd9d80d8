"""The ROI per measure as ``bindung refresh`` computes it: in one process with one ``memo``, the
monthly KPI table (baseline, timed before and after), the answers whose estimates the measures
read (loyalty, complaints, roi; timed together), then ``measures`` (timed).

    python bench/bench_measures_in_refresh.py bench/data/answers_1000000

(the workspaces of ``bench/bench_answers.py``).  Prints one line; the results are written by
hand into bench/RESULTS.md (block answers-benchmark-issue16)."""

import sys, time
from pathlib import Path
import bindung
from bindung.answers.registry import spec
from bindung.answers import refresh as refresh_mod

folder = Path(sys.argv[1])
ws = bindung.open(folder, read_only=True)
ws.memo = {}
t = time.perf_counter()
ws.kpis(period="month", compare=True)
base = time.perf_counter() - t
t = time.perf_counter()
for key, params in (("loyalty", {}), ("complaints", {"period": "month"}), ("roi", {})):
    s = spec(key)
    try:
        refresh_mod.compute(s, ws, params)
    except Exception as exc:
        print(key, "failed", exc)
others = time.perf_counter() - t
t = time.perf_counter()
refresh_mod.compute(spec("measures"), ws, {})
m = time.perf_counter() - t
t = time.perf_counter()
ws.kpis(period="month", compare=True)
base2 = time.perf_counter() - t
print(
    f"{folder.name}: KPI table {base:.2f} s / {base2:.2f} s; loyalty+complaints+roi {others:.1f} s; measures after them {m:.2f} s = {m / ((base + base2) / 2):.2f}x"
)
