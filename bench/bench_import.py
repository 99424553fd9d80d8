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

**Shopify export** (``--shopify 1000000``, issue 14): a Shopify orders export in the layout of
``tests/ingest/exports/shopify_orders_export.csv`` (79 columns, one row per line item, order
fields on an order's first row, ``Cancelled at``, ``Refunded Amount``, pending orders), made
in DuckDB SQL (:func:`make_shopify`); Bindung imports it with the preset detected from the
header (line items merged, refunds netted, cancelled and pending orders excluded, customers by
e-mail hash) against a plain ``read_csv(file, all_varchar=true)`` of the same file.  Its
bookkeeping is asserted against the generator's counts.  Target: >= 300,000 line rows/s and a
peak <= 4 GB.  ``--rows`` with no value runs only the Shopify case; its table is written into
the import section of RESULTS.md (between its own markers) and kept when the German-CSV part
is written again.
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
SHOPIFY_TARGET_RATE = 300_000  # line rows/s

SHOPIFY_HEADER = (
    (ROOT / "tests" / "ingest" / "exports" / "shopify_orders_export.csv")
    .read_text(encoding="utf-8")
    .splitlines()[0]
    .split(",")
)

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

BASELINE_SHOPIFY = """
import json, sys, time
import duckdb
db, csv = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
con = duckdb.connect(db)
con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?, delim=',', all_varchar=true, "
            "header=true)", [csv])
t1 = time.perf_counter()
con.close()
t2 = time.perf_counter()
con = duckdb.connect(db, read_only=True)
rows = con.execute("SELECT count(*) FROM t").fetchone()[0]
con.close()
print(json.dumps({"seconds": t2 - t0, "work": t1 - t0, "close": t2 - t1, "rows": rows}))
"""

BINDUNG_SHOPIFY = """
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
revenue = float(ws.con.execute("SELECT coalesce(sum(revenue), 0) FROM orders").fetchone()[0])
items = int(ws.con.execute("SELECT coalesce(sum(items), 0) FROM orders").fetchone()[0])
ws.close()
print(json.dumps({"seconds": t3 - t0, "init": t1 - t0, "work": t2 - t1, "close": t3 - t2,
                  "read": r.read, "stored": r.stored, "rejected": r.rejected,
                  "excluded": r.excluded, "duplicates": r.duplicates, "status": r.status,
                  "preset": r.preset, "customers_created": r.customers_created,
                  "orders": counts["orders"], "customers": counts["customers"],
                  "revenue": revenue, "items": items}))
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


def shopify_sql(lines: int) -> str:
    """A Shopify orders export of ``lines`` line rows, as SQL (columns in the export's order).

    Orders have 1-4 lines (about 2.2 on average); ~1 customer per 3 orders; of the orders,
    3 % are cancelled (``Cancelled at`` set, financial status ``voided``), 2 % pending, 6 %
    partially refunded and 1 % refunded in full; the rest paid.  The last order may lose
    lines to the cut at ``lines`` (its first line, which carries the order, is kept).
    """
    orders = lines  # enough: every order has at least one line
    customers = max(1, lines // 6)
    cols = {name: "NULL" for name in SHOPIFY_HEADER}
    first = "k = 1"
    cols.update(
        {
            "Name": "'#' || CAST(1000 + o AS VARCHAR)",
            "Email": "'c' || CAST(cust AS VARCHAR) || '@example.com'",
            "Financial Status": f"CASE WHEN {first} THEN status END",
            "Paid at": f"CASE WHEN {first} AND status <> 'pending' THEN created END",
            "Fulfillment Status": f"CASE WHEN {first} THEN 'fulfilled' END",
            "Accepts Marketing": f"CASE WHEN {first} THEN 'no' END",
            "Currency": f"CASE WHEN {first} THEN 'EUR' END",
            "Subtotal": f"CASE WHEN {first} THEN cents_text END",
            "Shipping": f"CASE WHEN {first} THEN '4.90' END",
            "Taxes": f"CASE WHEN {first} THEN '0.00' END",
            "Total": f"CASE WHEN {first} THEN cents_text END",
            "Discount Amount": f"CASE WHEN {first} THEN '0.00' END",
            "Created at": "created",
            "Lineitem quantity": "CAST(qty AS VARCHAR)",
            "Lineitem name": "'Kaffee ' || CAST(250 * (1 + k) AS VARCHAR) || 'g'",
            "Lineitem price": "'10.00'",
            "Lineitem sku": "'K-' || CAST(k AS VARCHAR)",
            "Lineitem requires shipping": "'true'",
            "Lineitem taxable": "'true'",
            "Lineitem fulfillment status": "'fulfilled'",
            "Billing Country": f"CASE WHEN {first} THEN 'DE' END",
            "Shipping Country": f"CASE WHEN {first} THEN 'DE' END",
            "Cancelled at": f"CASE WHEN {first} AND cancelled THEN created END",
            "Payment Method": f"CASE WHEN {first} THEN 'Shopify Payments' END",
            "Refunded Amount": f"CASE WHEN {first} THEN refund_text END",
            "Vendor": "'Röstwerk'",
            "Outstanding Balance": f"CASE WHEN {first} THEN '0.00' END",
            "Id": f"CASE WHEN {first} THEN CAST(5500000 + o AS VARCHAR) END",
            "Risk Level": f"CASE WHEN {first} THEN 'Low' END",
            "Source": f"CASE WHEN {first} THEN source END",
            "Lineitem discount": "'0.00'",
        }
    )
    select = ",\n        ".join(f'{expr} AS "{name}"' for name, expr in cols.items())
    return f"""
    WITH o AS (
        SELECT o, (hash(o, 'c') % {customers}) + 1 AS cust,
               1 + CAST(hash(o, 'n') % 100 >= 35 AS INT) + CAST(hash(o, 'n') % 100 >= 75 AS INT)
                 + CAST(hash(o, 'n') % 100 >= 92 AS INT) AS n,
               hash(o, 's') % 100 AS u_status,
               490 + hash(o, 'a') % 20000 AS cents,
               TIMESTAMP '2025-01-01 08:00:00' + to_minutes(CAST(hash(o, 'd') % 525600 AS BIGINT))
                 AS ts
        FROM range(1, {orders} + 1) r(o)
    ),
    typed AS (
        SELECT o, cust, n, cents,
               strftime(ts, '%Y-%m-%d %H:%M:%S') || ' +0100' AS created,
               u_status < 3 AS cancelled,
               CASE WHEN u_status < 3 THEN 'voided' WHEN u_status < 5 THEN 'pending'
                    WHEN u_status < 11 THEN 'partially_refunded'
                    WHEN u_status < 12 THEN 'refunded' ELSE 'paid' END AS status,
               CASE WHEN hash(o, 'w') % 10 < 7 THEN 'web' WHEN hash(o, 'w') % 10 < 9 THEN 'pos'
                    ELSE 'shopify_draft_order' END AS source,
               format('{{:d}}.{{:02d}}', cents // 100, cents % 100) AS cents_text,
               CASE WHEN u_status BETWEEN 5 AND 10 THEN format('{{:d}}.{{:02d}}',
                        (cents // 3) // 100, (cents // 3) % 100)
                    WHEN u_status = 11 THEN format('{{:d}}.{{:02d}}', cents // 100, cents % 100)
                    ELSE '0.00' END AS refund_text,
               sum(n) OVER (ORDER BY o) - n AS before
        FROM o
    ),
    lines AS (
        SELECT t.*, k, 1 + hash(o, k) % 3 AS qty
        FROM typed t, range(1, 5) r(k)
        WHERE k <= n AND before + k <= {lines}
    )
    SELECT
        {select}
    FROM lines ORDER BY o, k
    """


def make_shopify(lines: int, out: Path) -> dict[str, object]:
    """Write the export and its expected counts (``<out>.meta.json``), both from one table."""
    out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute(f"CREATE TEMP TABLE x AS {shopify_sql(lines)}")
    path = str(out).replace("'", "''")
    con.execute(f"COPY x TO '{path}' (FORMAT csv, DELIMITER ',', HEADER true, QUOTE '\"')")
    row = con.execute(
        """SELECT count(*), count(DISTINCT "Name"),
            count(*) FILTER (WHERE "Cancelled at" IS NOT NULL),
            count(*) FILTER (WHERE "Financial Status" = 'pending'),
            count(DISTINCT "Email") FILTER (WHERE "Name" IN (
                SELECT "Name" FROM x WHERE "Financial Status" IN
                ('paid', 'partially_refunded', 'refunded') AND "Cancelled at" IS NULL))
        FROM x"""
    ).fetchone()
    con.close()
    assert row is not None and row[0] == lines, row
    orders, cancelled, pending = int(row[1]), int(row[2]), int(row[3])
    meta: dict[str, object] = {
        "rows": lines,
        "orders": orders,
        "excluded": cancelled + pending,
        "stored": orders - cancelled - pending,
        "duplicates": lines - orders,
        "customers": int(row[4]),
        "bytes": out.stat().st_size,
        "seconds": round(time.perf_counter() - started, 2),
        "generator": "bench/bench_import.py make_shopify",
    }
    Path(str(out) + ".meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    return meta


def ensure_shopify(lines: int, data: Path) -> tuple[Path, dict[str, object]]:
    path = data / f"shopify_orders_{lines}.csv"
    meta_path = Path(str(path) + ".meta.json")
    if path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("rows") == lines and meta.get("bytes") == path.stat().st_size:
            return path, meta
    print(f"generating {path} ...", flush=True)
    # In a child process: the generator's memory would otherwise count in every later
    # child's ru_maxrss (the high-water mark survives fork and exec).
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.path.insert(0, sys.argv[1]); import bench_import; "
            "bench_import.make_shopify(int(sys.argv[2]), __import__('pathlib').Path(sys.argv[3]))",
            str(HERE),
            str(lines),
            str(path),
        ],
        check=True,
        cwd=ROOT,
    )
    meta = json.loads(meta_path.read_text())
    print(f"  {int(meta['bytes']) / 1e6:.0f} MB in {meta['seconds']} s", flush=True)  # type: ignore[call-overload]
    return path, meta


def check_shopify(detail: dict[str, object], meta: dict[str, object]) -> None:
    keys = ("read", "stored", "rejected", "excluded", "duplicates")
    read, stored, rejected, excluded, duplicates = (int(detail[k]) for k in keys)  # type: ignore[call-overload]
    assert read == stored + rejected + excluded + duplicates, detail
    assert detail["preset"] == "shopify", detail
    assert (read, stored, rejected, excluded, duplicates) == (
        meta["rows"],
        meta["stored"],
        0,
        meta["excluded"],
        meta["duplicates"],
    ), (detail, meta)
    assert detail["orders"] == stored and detail["customers"] == meta["customers"], (detail, meta)


def bench_shopify(lines: int, repeat: int, data: Path, work: Path) -> tuple[Series, Series, dict]:
    path, meta = ensure_shopify(lines, data)
    base, bind = Series("baseline", lines), Series("bindung", lines)
    for i in range(repeat):
        db = work / f"shopify_baseline_{lines}_{i}.duckdb"
        run = run_with_retries(base, BASELINE_SHOPIFY, db, path)
        assert run.detail["rows"] == lines, run.detail
        base.runs.append(run)
        print(
            f"  shopify {lines:>11,} baseline #{i + 1}: {run.seconds:7.2f} s, "
            f"{run.peak_bytes / 2**20:7.0f} MiB  (others used {run.other_cpu:.0%} CPU)",
            flush=True,
        )
        remove(db)
        folder = work / f"shopify_ws_{lines}_{i}"
        run = run_with_retries(bind, BINDUNG_SHOPIFY, folder, path)
        check_shopify(run.detail, meta)
        bind.runs.append(run)
        d = run.detail
        print(
            f"  shopify {lines:>11,} bindung  #{i + 1}: {run.seconds:7.2f} s, "
            f"{run.peak_bytes / 2**20:7.0f} MiB  (read {d['read']:,}, stored {d['stored']:,}, "
            f"excluded {d['excluded']:,}, duplicates {d['duplicates']:,}, "
            f"customers {d['customers']:,}; others used {run.other_cpu:.0%} CPU)",
            flush=True,
        )
        remove(folder)
    return base, bind, meta


SHOP_START = "<!-- import-benchmark-shopify:start -->"
SHOP_END = "<!-- import-benchmark-shopify:end -->"


def write_shopify(
    out: Path, result: tuple[Series, Series, dict], command: str, started: datetime, facts: dict
) -> str:
    base, bind, meta = result
    ratio = bind.seconds / base.seconds
    lines = [
        SHOP_START,
        f"## Shopify orders export, {base.rows:,} line rows (issue 14)",
        "",
        f"Run {started:%Y-%m-%d %H:%M} UTC, HEAD {facts.get('commit', '?')} (working tree), "
        "written by `bench/bench_import.py` (do not edit the figures by hand):",
        "",
        "```",
        command,
        "```",
        "",
        f"Data: `make_shopify` in bench/bench_import.py: {meta['rows']:,} line rows "
        f"({int(meta['bytes']) / 1e6:.0f} MB, 79 columns as in "
        f"tests/ingest/exports/shopify_orders_export.csv), {meta['orders']:,} orders of 1-4 "
        "lines, 3 % cancelled, 2 % pending, 7 % (partly) refunded. Bindung: "
        "`import_file('orders', file)` with the preset detected from the header; baseline: "
        "`read_csv(file, delim=',', all_varchar=true, header=true)` into a fresh DuckDB file. "
        "Same timing and peak as above; runs alternate.",
        "",
        "| line rows | variant | runs | time (median) | line rows/s | peak RSS (median / max) "
        "| process wall | time ratio bindung/baseline |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for s, r in ((base, "1.00"), (bind, f"{ratio:.2f}")):
        lines.append(
            f"| {s.rows:,} | {s.variant} | {len(s.runs)} | {s.seconds:.2f} s | {s.rate:,.0f} | "
            f"{gib(s.peak)} / {gib(s.peak_max)} | {s.process_seconds:.2f} s | {r} |"
        )
    d = bind.runs[-1].detail
    b = ", ".join(f"{r.seconds:.2f}" for r in base.runs)
    i = ", ".join(f"{r.seconds:.2f}" for r in bind.runs)
    others = [r.other_cpu for r in (*base.runs, *bind.runs)]
    rate_ok, peak_ok = bind.rate >= SHOPIFY_TARGET_RATE, bind.peak_max <= TARGET_PEAK
    verdict = "**met**" if rate_ok and peak_ok else "**not met**"
    crashes = [c for s in (base, bind) for c in s.crashes]
    lines += [
        "",
        f"Per run (seconds): baseline {b}; bindung {i}. Counts (asserted against the "
        f"generator): read {d['read']:,} = stored {d['stored']:,} + rejected {d['rejected']:,} "
        f"+ excluded {d['excluded']:,} (cancelled and pending) + duplicates "
        f"{d['duplicates']:,} (further line rows merged into their order); customers "
        f"{d['customers']:,}; items {d['items']:,}; net revenue {d['revenue']:,.2f}.",
        "",
        (
            f"Crashed attempts (repeated, not in the figures): {'; '.join(crashes)}."
            if crashes
            else "No run crashed."
        )
        + f" Other processes used {min(others):.0%} .. {max(others):.0%} of the CPU.",
        "",
        f"Target (>= {SHOPIFY_TARGET_RATE:,} line rows/s, peak <= 4 GB): {verdict}: "
        f"{bind.rate:,.0f} line rows/s ({bind.rate / SHOPIFY_TARGET_RATE:.0%} of the target), "
        f"peak {gib(bind.peak_max)}; {ratio:.2f}x the plain read_csv's time.",
        "",
        SHOP_END,
    ]
    text = "\n".join(lines)
    current = out.read_text() if out.exists() else ""
    if SHOP_START in current and SHOP_END in current:
        head, rest = current.split(SHOP_START, 1)
        _, tail = rest.split(SHOP_END, 1)
        out.write_text(head + text + tail)
    elif END in current:  # inside the import section, before its end marker
        head, tail = current.split(END, 1)
        out.write_text(head + text + "\n\n" + END + tail)
    else:
        write_section(out, START + "\n" + text + "\n" + END + "\n")
    return text


def _shopify_block(out: Path) -> str:
    """The Shopify part of the import section as it stands (kept when the rest is rewritten)."""
    current = out.read_text() if out.exists() else ""
    if SHOP_START in current and SHOP_END in current:
        return SHOP_START + current.split(SHOP_START, 1)[1].split(SHOP_END, 1)[0] + SHOP_END
    return ""


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
    shopify = _shopify_block(out)
    lines += ["", *([shopify, ""] if shopify else []), END, ""]
    text = "\n".join(lines)
    write_section(out, text)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[1_000_000, 10_000_000])
    parser.add_argument(
        "--shopify", type=int, default=0, help="line rows of the Shopify export case (0: skip)"
    )
    parser.add_argument("--shopify-repeat", type=int, default=3)
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
    if args.rows and len(args.repeat) not in (1, len(args.rows)):
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
    if results:
        print(write_results(args.out, results, command, started, machine()))
    if args.shopify:
        print(f"Shopify export, {args.shopify:,} line rows, {args.shopify_repeat} run(s) each")
        shop = bench_shopify(args.shopify, args.shopify_repeat, args.data, work)
        shop_command = (
            f"python bench/bench_import.py --rows --shopify {args.shopify} "
            f"--shopify-repeat {args.shopify_repeat}"
        )
        print(write_shopify(args.out, shop, shop_command, started, machine()))


if __name__ == "__main__":
    main()
