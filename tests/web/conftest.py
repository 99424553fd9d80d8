"""Real dashboard servers for the web tests: ``bindung serve`` in a subprocess on a free port.

* ``server``: the full demo workspace (read only use: every test that uploads gets a copy).
* ``small_demo``: a demo of 500 customers (every page builds in about a second), for the
  security and schemathesis tests that request many parameter combinations.
* ``servers.start(folder, *args, host=...)`` starts another server; all are terminated at the
  end of the session.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

import bindung.demo

BINDUNG = Path(sys.executable).parent / "bindung"
PAGE_KEYS = (
    "overview",
    "retention",
    "value",
    "social",
    "complaints",
    "loyalty",
    "experiments",
    "roi",
    "goals",
    "imports",
)
#: An access token of the length ``bindung serve`` asks for (16 characters or more).
TOKEN = "secret-token-of-the-tests"
# the first build of the social and ROI pages of the full demo takes tens of seconds on a busy
# machine; later requests are served from the page cache
TIMEOUT = httpx.Timeout(300.0, connect=10.0)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def server_env(tmp: Path | None = None) -> dict[str, str]:
    """The environment of a server: no token or workspace from the caller's shell; with
    ``tmp``, its temporary files (upload previews) go there instead of /tmp."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"BINDUNG_TOKEN", "BINDUNG_WORKSPACE", "BINDUNG_ALLOW_HOSTS"}
    }
    env["COLUMNS"] = "200"  # rich must not wrap messages in the middle of an option name
    if tmp is not None:
        env["TMPDIR"] = str(tmp)
    return env


@dataclass
class Server:
    base: str
    folder: Path
    process: subprocess.Popen[bytes]
    log: Path

    def client(self, headers: dict[str, str] | None = None) -> httpx.Client:
        """A client like the dashboard's own pages: its forms come from the server's origin
        (a POST without ``Origin`` is refused, bindung.web.security)."""
        return httpx.Client(
            base_url=self.base, timeout=TIMEOUT, headers={"Origin": self.base, **(headers or {})}
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)


class Servers:
    """Starts ``bindung serve`` processes and terminates exactly those at the end.  Their
    temporary files go to ``tmp`` (or the folder ``start`` is given), never to /tmp."""

    def __init__(self, logs: Path, tmp: Path) -> None:
        self.logs = logs
        self.tmp = tmp
        self.started: list[Server] = []

    def start(
        self,
        folder: Path,
        *args: str,
        host: str = "127.0.0.1",
        headers: dict[str, str] | None = None,
        tmp: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> Server:
        port = free_port()
        log = self.logs / f"serve-{port}.log"
        cmd = [str(BINDUNG), "serve", "-w", str(folder), "--host", host, "--port", str(port)]
        environment = {**server_env(tmp or self.tmp), **(env or {})}
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*cmd, *args], stdout=out, stderr=subprocess.STDOUT, env=environment
            )
        server = Server(f"http://127.0.0.1:{port}", folder, process, log)
        self.started.append(server)
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                pytest.fail(f"bindung serve exited {process.returncode}: {log.read_text()}")
            try:
                httpx.get(f"{server.base}/favicon.ico", headers=headers, timeout=2)
                return server
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    server.stop()
                    pytest.fail(f"bindung serve did not answer in 120 s: {log.read_text()}")
                time.sleep(0.2)

    def stop_all(self) -> None:
        for server in self.started:
            server.stop()


def copy_workspace(folder: Path, target: Path) -> Path:
    """A writable copy of a workspace folder (uploads write to the store)."""
    shutil.copytree(folder, target)
    return target


def csrf_of(html: str) -> str:
    """The CSRF token of the upload form (sent as ``?csrf=`` too: the server checks it before
    it reads the file)."""
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "the imports page has no CSRF field"
    return match.group(1)


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    started = Servers(tmp_path_factory.mktemp("serve_logs"), tmp_path_factory.mktemp("serve_tmp"))
    yield started
    started.stop_all()


@pytest.fixture(scope="session")
def server(servers: Servers, demo_full: Path) -> Server:
    """A server on the full demo workspace (tests must not upload to it)."""
    return servers.start(demo_full)


@pytest.fixture(scope="session")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo workspace of 500 customers (same generator as ``demo_full``)."""
    from bindung.answers.refresh import refresh

    folder = tmp_path_factory.mktemp("demo_small") / "demo"
    ws, _ = bindung.demo.build(folder, customers=500)
    ws.close()
    refresh(folder)
    return folder


@pytest.fixture(scope="module")
def writable_server(
    servers: Servers, demo_full: Path, tmp_path_factory: pytest.TempPathFactory
) -> Server:
    """A server on a private copy of the full demo, for tests that upload."""
    folder = copy_workspace(demo_full, tmp_path_factory.mktemp("demo_copy") / "demo")
    return servers.start(folder)
