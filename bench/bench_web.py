"""Latency of the dashboard under concurrent clients: every page, its JSON twin, and every
stored answer's document.

    python bench/bench_web.py --workspace bench/data/answers_1000000 --clients 20 --requests 200

The workspace is one of ``bench/bench_answers.py``'s (the demo business scaled to 1,000,000
customers and about 10 orders each), with its answers stored by ``bindung refresh`` (run here
first when ``answers/state.json`` is missing, or with ``--refresh``).  The benchmark starts
``bindung serve -w FOLDER --port N --refresh-every 0`` (no background refresh) in a child
process and, per endpoint:

* sends one request alone (**first**: the server reads the stored answer from disk and renders
  it; the response is then cached until the answers or settings change);
* then ``--clients`` client processes (separate OS processes, as separate browsers are: no
  client waits for another's Python; started once with ``multiprocessing``'s spawn context and
  used for every endpoint) send ``--requests`` requests in total (responses larger than
  ``--big-bytes``: 3 per client; larger than ``--huge-bytes``: one client, 3 requests, so that
  a client process can hold them).  Per endpoint each client opens a new HTTP client (keeping
  its cookies) and first sends one untimed request, which sets the CSRF cookie a returning
  browser has (HTML pages are cached only for requests with it); then all clients are
  released together by a barrier, each times its requests itself with ``time.perf_counter``
  (request sent .. body received) and sends the latencies back; together they give p50, p95
  and p99.

Endpoints: the baseline ``/favicon.ico`` (a constant response of the same app: what server,
middleware and HTTP stack cost on this machine under this load), measured first and last;
the HTML pages ``/overview``, ``/retention``, ``/value``, ``/social``, ``/roi``, ``/imports``
and their JSON ``/api/pages/{page}``; and ``/api/answers/{key}`` for every stored answer key
(the default variant: month, no group or segment; the first experiment), which is the first
page of the answer (1000 rows per table), and for every answer with more rows its second
page (the ``next`` link of its first page).  Each p95 is divided
by the baseline's p95 (both baseline phases pooled).  The server's peak RSS is its
``ru_maxrss``.  Per load phase (release .. last response) the shares of the machine's CPU
used by the server, by the client processes and by all other processes are reported.

Results go to the ``web-benchmark`` section of ``bench/RESULTS.md`` (``web-benchmark-1m`` for a
workspace of 1,000,000 customers or more).  Target (from the issue): p95 ≤ 100 ms per endpoint.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_answers import Code, code_snapshot  # noqa: E402
from bench_import import _busy_seconds, gib, machine, write_section  # noqa: E402

TARGET_P95_MS = 100.0
PAGES = ("overview", "retention", "value", "social", "roi", "imports")
BASELINE = "/favicon.ico"


@dataclass
class Phase:
    name: str
    path: str
    kind: str  # baseline, page, api page, answer
    first_ms: float = 0.0
    first_status: int = 0
    size: int = 0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    other_cpu: float = 0.0  # share of the machine's CPU used by other processes
    server_cpu: float = 0.0  # share used by the server
    client_cpu: float = 0.0  # share used by the client processes
    wall: float = 0.0
    clients: int = 0

    def q(self, p: float) -> float:
        return quantile(self.latencies, p)

    def cpu_shares(self) -> str:
        """Server / clients / others, in % of the machine's CPU during the load phase."""
        return " / ".join(
            f"{x * 100:.0f}" for x in (self.server_cpu, self.client_cpu, self.other_cpu)
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(workspace: Path, port: int, code: Code) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).parent / "bindung"
    proc = subprocess.Popen(
        [str(exe), "serve", "-w", str(workspace), "--port", str(port), "--refresh-every", "0"],
        cwd=code.path,
        env=code.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}{BASELINE}", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    raise RuntimeError("the server did not start")


def stop_server(proc: subprocess.Popen[bytes]) -> int:
    """Stop the server (SIGTERM to its own process group); its peak RSS in bytes."""
    os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        pid, _, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            return int(usage.ru_maxrss * 1024)
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    _, _, usage = os.wait4(proc.pid, 0)
    return int(usage.ru_maxrss * 1024)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


#: A client's task: (path, requests); ``requests`` 0: idle in this phase (only the barrier).
Task = tuple[str, int]
#: A client's answer: (latencies in ms, status counts, error or None).
Answer = tuple[list[float], dict[int, int], str | None]


def client_process(
    base: str, barrier: Barrier, tasks: Queue[Task | None], answers: Queue[Answer]
) -> None:
    """One client (a separate process, as a browser is), for every phase until ``None``.

    Per phase: a new HTTP client (its own cookies), one untimed request, then the barrier
    three times (ready, go, done) with the timed requests between go and done.
    """
    barrier.wait()  # started (imports done): no start-up competes with a first request
    while (task := tasks.get()) is not None:
        path, requests = task
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        error = None
        with httpx.Client(base_url=base, timeout=600) as client:
            try:
                if requests:
                    client.get(path)  # connection, cookies (the CSRF cookie), not timed
            except httpx.HTTPError as e:
                error = repr(e)
            barrier.wait()  # ready
            barrier.wait()  # go
            try:
                for _ in range(requests if error is None else 0):
                    t0 = time.perf_counter()
                    r = client.get(path)
                    _ = r.content
                    latencies.append((time.perf_counter() - t0) * 1000)
                    statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
            except httpx.HTTPError as e:
                error = repr(e)
            barrier.wait()  # done
        answers.put((latencies, statuses, error))


class Clients:
    """``n`` client processes, started once; ``run`` measures one phase with some of them."""

    def __init__(self, base: str, n: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.barrier = ctx.Barrier(n + 1, timeout=1800)  # the clients and this process
        self.tasks: list[Queue[Task | None]] = [ctx.Queue() for _ in range(n)]
        self.answers: Queue[Answer] = ctx.Queue()
        self.procs = [
            ctx.Process(target=client_process, args=(base, self.barrier, q, self.answers))
            for q in self.tasks
        ]
        for p in self.procs:
            p.start()
        self.barrier.wait()

    def cpu(self) -> float:
        return sum(cpu_seconds(p.pid or 0) for p in self.procs)

    def run(self, phase: Phase, clients: int, total: int, server: int) -> None:
        """``total`` GETs of ``phase.path`` from ``clients`` processes; latencies in ms."""
        per_client = max(1, total // clients)
        for i, q in enumerate(self.tasks):
            q.put((phase.path, per_client if i < clients else 0))
        self.barrier.wait()  # every client has sent its untimed request
        busy, mine, used, served = _busy_seconds(), own_cpu(), self.cpu(), cpu_seconds(server)
        t0 = time.perf_counter()
        self.barrier.wait()  # go
        self.barrier.wait()  # every client is done
        phase.wall = time.perf_counter() - t0
        capacity = phase.wall * (os.cpu_count() or 1)
        served = cpu_seconds(server) - served
        used = self.cpu() - used
        mine = own_cpu() - mine
        phase.server_cpu = served / capacity
        phase.client_cpu = used / capacity
        phase.other_cpu = max(0.0, _busy_seconds() - busy - served - used - mine) / capacity
        for _ in self.tasks:
            latencies, statuses, error = self.answers.get()
            if error is not None:
                raise RuntimeError(f"{phase.path}: {error}")
            phase.latencies += latencies
            for status, count in statuses.items():
                phase.statuses[status] = phase.statuses.get(status, 0) + count

    def close(self) -> None:
        for q in self.tasks:
            q.put(None)
        for p in self.procs:
            p.join(5)
            if p.is_alive():
                p.kill()


def quantile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def default_params(entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per stored answer key the variant a plain request shows."""
    chosen: dict[str, dict[str, Any]] = {}
    for e in entries:
        key, params = e["key"], dict(e.get("params") or {})
        if params.get("lang", "de") != "de":
            continue
        plain = (
            params.get("period", "month") == "month"
            and params.get("by") is None
            and params.get("segment") is None
        )
        if key not in chosen or (plain and not chosen[key].get("_plain")):
            chosen[key] = {**params, "_plain": plain}
    return {k: {p: v for p, v in ps.items() if p != "_plain"} for k, ps in chosen.items()}


def answer_path(key: str, params: dict[str, Any]) -> str:
    query = {k: v for k, v in params.items() if v is not None and k != "lang"}
    return f"/api/answers/{key}" + (f"?{urlencode(query)}" if query else "")


def second_page(ph: Phase, response: httpx.Response) -> str | None:
    """The address of an answer's second page (the first table's ``next`` link), if any."""
    if ph.kind != "answer" or ph.name.endswith("page 2") or response.status_code != 200:
        return None
    tables = response.json().get("tables", {})
    return next((str(t["next"]) for t in tables.values() if t.get("next")), None)


def ensure_answers(workspace: Path, force: bool, code: Code) -> str:
    if (workspace / "answers" / "state.json").exists() and not force:
        state = json.loads((workspace / "answers" / "state.json").read_text())
        return f"answers stored by a refresh at {state.get('refreshed_at')}"
    exe = Path(sys.executable).parent / "bindung"
    t0 = time.perf_counter()
    proc = subprocess.run(
        [str(exe), "refresh", "-w", str(workspace), "--quiet"],
        capture_output=True,
        text=True,
        cwd=code.path,
        env=code.env(),
    )
    return (
        f"answers stored by `bindung refresh` just before (exit {proc.returncode}, "
        f"{time.perf_counter() - t0:.0f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workspace", type=Path, default=HERE / "data" / "answers_1000000")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--big-bytes", type=int, default=5 * 2**20)
    parser.add_argument("--huge-bytes", type=int, default=64 * 2**20)
    parser.add_argument("--refresh", action="store_true", help="refresh the answers first")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument(
        "--code",
        choices=("head", "worktree"),
        default="head",
        help="serve a git-archive snapshot of HEAD (default) or the working tree",
    )
    args = parser.parse_args()
    workspace = args.workspace.resolve()
    if not (workspace / "bindung.toml").exists():
        raise SystemExit(
            f"{workspace}: no workspace; build it with bench/bench_answers.py --build-only "
            "--customers 1000000"
        )
    started = datetime.now(UTC)
    code = code_snapshot(args.code)
    print(f"code: {code.describe()}", flush=True)
    answers_note = ensure_answers(workspace, args.refresh, code)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    t0 = time.perf_counter()
    proc = start_server(workspace, port, code)
    startup = time.perf_counter() - t0
    phases: list[Phase] = []
    server_peak = 0
    clients = Clients(base, args.clients)
    try:
        entries = httpx.get(f"{base}/api/answers", timeout=600).json()
        chosen = default_params(entries)
        plan: list[Phase] = [Phase("baseline (first)", BASELINE, "baseline")]
        plan += [Phase(f"page {p}", f"/{p}", "page") for p in PAGES]
        plan += [Phase(f"JSON page {p}", f"/api/pages/{p}", "api page") for p in PAGES]
        plan += [
            Phase(f"answer {k}", answer_path(k, params), "answer") for k, params in chosen.items()
        ]
        plan.append(Phase("baseline (last)", BASELINE, "baseline"))
        while plan:
            ph = plan.pop(0)
            t = time.perf_counter()
            with httpx.Client(base_url=base, timeout=600) as client:
                r = client.get(ph.path)
                body = r.content
            ph.first_ms = (time.perf_counter() - t) * 1000
            ph.first_status, ph.size = r.status_code, len(body)
            following = second_page(ph, r)
            if following is not None:
                plan.insert(0, Phase(f"{ph.name}, page 2", following, "answer"))
            ph.clients = args.clients if ph.size <= args.huge_bytes else 1
            total = args.requests if ph.size <= args.big_bytes else ph.clients * 3
            clients.run(ph, ph.clients, total, proc.pid)
            phases.append(ph)
            print(
                f"  {ph.name:<28} {ph.path:<45} first {ph.first_ms:8.1f} ms  "
                f"p50 {ph.q(0.5):7.1f}  p95 {ph.q(0.95):7.1f} ms  {ph.size / 1024:9.1f} KiB  "
                f"{ph.statuses}  CPU {ph.cpu_shares()}",
                flush=True,
            )
    finally:
        clients.close()
        server_peak = stop_server(proc)
    text = section(phases, args, started, answers_note, startup, server_peak, workspace, code)
    write_section(args.out, text, *markers(workspace))
    print(text)


def workspace_size(workspace: Path) -> dict[str, Any]:
    """``answers_data.json`` of a bench_answers.py workspace (customers, counts), or {}."""
    meta_path = workspace / "answers_data.json"
    return dict(json.loads(meta_path.read_text())) if meta_path.exists() else {}


def markers(workspace: Path) -> tuple[str, str]:
    """The RESULTS.md section: ``web-benchmark``, or ``web-benchmark-1m`` from 1 M customers."""
    name = "web-benchmark"
    if int(workspace_size(workspace).get("customers", 0)) >= 1_000_000:
        name += "-1m"
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def section(
    phases: list[Phase],
    args: argparse.Namespace,
    started: datetime,
    answers_note: str,
    startup: float,
    server_peak: int,
    workspace: Path,
    code: Code,
) -> str:
    facts = machine()
    shown = str(workspace.relative_to(ROOT)) if workspace.is_relative_to(ROOT) else str(workspace)
    argv = ["--workspace", shown, "--clients", str(args.clients), "--requests", str(args.requests)]
    if args.code != "head":
        argv += ["--code", args.code]
    command = ".venv/bin/python bench/bench_web.py " + shlex.join(argv)
    start, end = markers(workspace)
    meta = workspace_size(workspace)
    size = ""
    if meta:
        counts = meta.get("counts", {})
        size = (
            f"{int(meta.get('customers', 0)):,} customers, {int(counts.get('orders', 0)):,} "
            "orders (the demo business scaled by `bench/bench_answers.py`)"
        )
    baseline = [x for ph in phases if ph.kind == "baseline" for x in ph.latencies]
    base_p95 = quantile(baseline, 0.95)
    lines = [
        start,
        "# Dashboard and API latency (bench/bench_web.py)",
        "",
        f"Run {started:%Y-%m-%d %H:%M} UTC, written by `bench/bench_web.py` (regenerate with the "
        "command below; do not edit the figures by hand).",
        "",
        "```",
        command,
        "```",
        "",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in facts.items() if k != "commit") + ".",
        f"Code: {code.describe()}.",
        "",
        f"Workspace `{shown}`: {size}; {answers_note}. Server: `bindung serve --refresh-every 0` "
        f"(up in {startup:.1f} s; peak RSS over the run {gib(server_peak)}). Per endpoint: one "
        f"request alone from a new client (**first**: read from disk and rendered, then cached), "
        "then "
        f"{args.clients} concurrent clients, each a separate process with its own HTTP client "
        "(each after one untimed request that sets its cookies; then all released together by "
        f"a barrier), {args.requests} requests in total (responses over "
        f"{args.big_bytes / 2**20:.0f} MiB: 3 per client; over {args.huge_bytes / 2**20:.0f} "
        "MiB: one client, 3 requests, so that the client process holds them). Latency = "
        "request sent .. body received, measured with `time.perf_counter` inside each client "
        "process (no client waits for another's Python interpreter, as separate browsers do "
        "not). Until 2026-12-07 the clients were threads of one Python process, and their "
        "waiting for its GIL dominated the latencies (the favicon baseline's p95 110 ms at 1 M "
        "customers, the server using 5–15 % of the CPU).",
        "",
        "| endpoint | path | first | clients × requests | p50 | p95 | p99 | p95 / baseline p95 "
        "| size | status | CPU % server / clients / others | ≤ 100 ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---|",
    ]
    for ph in phases:
        p95 = ph.q(0.95)
        ok = "–" if ph.kind == "baseline" else ("yes" if p95 <= TARGET_P95_MS else "**no**")
        statuses = ", ".join(f"{k}×{v}" for k, v in sorted(ph.statuses.items()))
        size_text = (
            f"{ph.size / 2**20:,.1f} MiB" if ph.size >= 2**20 else f"{ph.size / 1024:,.1f} KiB"
        )
        lines.append(
            f"| {ph.name} | `{ph.path}` | {ph.first_ms:,.0f} ms | "
            f"{ph.clients} × {len(ph.latencies) // max(1, ph.clients)} | "
            f"{ph.q(0.5):,.1f} ms | {p95:,.1f} ms | {ph.q(0.99):,.1f} ms | "
            f"{p95 / base_p95:,.1f} | {size_text} | {statuses} | {ph.cpu_shares()} | {ok} |"
        )
    measured = [ph for ph in phases if ph.kind != "baseline"]
    over = [ph for ph in measured if ph.q(0.95) > TARGET_P95_MS]
    not_ok = [ph for ph in measured if set(ph.statuses) - {200}]
    others = [ph.other_cpu for ph in phases]
    served = [ph.server_cpu for ph in phases]
    used = [ph.client_cpu for ph in phases]
    walls = [ph.wall for ph in phases]
    lines += [
        "",
        f"During the load phases (release .. last response: {min(walls):.2f} .. {max(walls):.2f} "
        f"s; CPU time counted in clock ticks of {1000 / os.sysconf('SC_CLK_TCK'):.0f} ms, so "
        f"the shares are rough) the server used {min(served):.0%} "
        f".. {max(served):.0%} of the machine's CPU ({os.cpu_count()} cores), the client "
        f"processes {min(used):.0%} .. {max(used):.0%} (median {statistics.median(used):.0%}; "
        "they share the cores with the server), other processes (not the server, not the "
        f"benchmark) {min(others):.0%} .. {max(others):.0%} (median "
        f"{statistics.median(others):.0%}): the more, the more the latencies are inflated.",
        "",
        f"Target p95 ≤ {TARGET_P95_MS:.0f} ms: **{len(measured) - len(over)} of {len(measured)} "
        "endpoints met**"
        + (
            "; over: "
            + ", ".join(
                f"`{ph.path}` {ph.q(0.95):,.0f} ms" for ph in sorted(over, key=lambda p: -p.q(0.95))
            )
            if over
            else ""
        )
        + "."
        + (
            " Not HTTP 200: " + ", ".join(f"`{ph.path}` {ph.statuses}" for ph in not_ok) + "."
            if not_ok
            else ""
        ),
        "",
        end,
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
