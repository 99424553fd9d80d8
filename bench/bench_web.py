"""Latency of the dashboard under concurrent clients.

    python bench/bench_web.py --workspace bench/data/kpi_10000000 --clients 20 --requests 600

The workspace of ``bench/make_kpi_data.py --rows 10000000`` holds 1,000,000 customers and
10,000,000 orders (it is generated when missing).  The benchmark starts ``bindung serve`` in a
child process, requests the overview once (the cold computation, which the page cache then
keeps for the data version), and then lets ``--clients`` threads send ``--requests`` requests
in total, in three phases with the same concurrency:

* **baseline**: ``/favicon.ico``, a constant response of the same app (what the server, the
  middleware and the HTTP stack cost on this machine under this load);
* **overview JSON**: ``/api/pages/overview``;
* **overview page**: ``/overview`` (HTML with the tiles, alerts and script tags).

It reports p50, p95 and p99 of each, and the ratio of each p95 to the baseline's, and writes
its section of ``bench/RESULTS.md``.  Target from the issue: p95 < 200 ms.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_import import machine, write_section  # noqa: E402

START, END = "<!-- web-benchmark:start -->", "<!-- web-benchmark:end -->"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(workspace: Path, port: int) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).parent / "bindung"
    proc = subprocess.Popen(
        [str(exe), "serve", "-w", str(workspace), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/favicon.ico", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not start")


def phase(base: str, path: str, clients: int, total: int) -> list[float]:
    """``total`` GETs of ``path`` from ``clients`` threads; latencies in ms."""
    latencies: list[float] = []
    lock = threading.Lock()
    per_client = max(1, total // clients)

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            for _ in range(per_client):
                t0 = time.perf_counter()
                r = client.get(path)
                elapsed = (time.perf_counter() - t0) * 1000
                if r.status_code != 200:
                    raise RuntimeError(f"{path}: HTTP {r.status_code}")
                with lock:
                    latencies.append(elapsed)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies


def quantile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workspace", type=Path, default=HERE / "data" / "kpi_10000000")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    if not (args.workspace / "bindung.toml").exists():
        subprocess.run(
            [
                sys.executable,
                str(HERE / "make_kpi_data.py"),
                "--rows",
                "10000000",
                "--out",
                str(args.workspace),
            ],
            check=True,
        )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(args.workspace, port)
    try:
        t0 = time.perf_counter()
        httpx.get(f"{base}/api/pages/overview", timeout=600).raise_for_status()
        cold_json = time.perf_counter() - t0
        t0 = time.perf_counter()
        httpx.get(f"{base}/overview", timeout=600).raise_for_status()
        first_page = time.perf_counter() - t0
        results = {}
        for name, path in (
            ("baseline /favicon.ico", "/favicon.ico"),
            ("overview JSON /api/pages/overview", "/api/pages/overview"),
            ("overview page /overview", "/overview"),
        ):
            lat = phase(base, path, args.clients, args.requests)
            results[name] = lat
            print(name, f"p50 {quantile(lat, 0.5):.1f} ms  p95 {quantile(lat, 0.95):.1f} ms")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    base_p95 = quantile(results["baseline /favicon.ico"], 0.95)
    facts = machine()
    shown = args.workspace
    if shown.is_relative_to(ROOT):
        shown = shown.relative_to(ROOT)
    lines = [
        START,
        "## Dashboard latency (bench/bench_web.py)",
        "",
        f"`python bench/bench_web.py --workspace {shown} "
        f"--clients {args.clients} --requests {args.requests}` — "
        + ", ".join(f"{k}: {v}" for k, v in facts.items()),
        "",
        f"Workspace: 1,000,000 customers, 10,000,000 orders. Cold overview (first request, "
        f"computes and caches the page): {cold_json:.1f} s; first HTML page after it: "
        f"{first_page * 1000:.0f} ms. Then {args.clients} concurrent clients, "
        f"{args.requests} requests per phase:",
        "",
        "| requests | p50 | p95 | p99 | p95 / baseline p95 |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, lat in results.items():
        lines.append(
            f"| {name} | {quantile(lat, 0.5):.1f} ms | {quantile(lat, 0.95):.1f} ms | "
            f"{quantile(lat, 0.99):.1f} ms | {quantile(lat, 0.95) / base_p95:.2f} |"
        )
    lines += ["", "Target: p95 < 200 ms.", END]
    write_section(args.out, "\n".join(lines) + "\n", START, END)
    print("\n".join(lines))
    os.sync()


if __name__ == "__main__":
    main()
