"""Open the workspace's store from its URL.

Only DuckDB files are writable stores for now (``duckdb:///path``, relative to the workspace);
DuckDB itself locks the file, so a second writing process fails at connect time and we turn
that into a :class:`~bindung.errors.BusyError` instead of waiting or corrupting anything.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

try:
    import fcntl
except ImportError:  # not POSIX: no swap lock (the store is rewritten only by `forget`)
    fcntl = None  # type: ignore[assignment]

if TYPE_CHECKING:
    import duckdb

from bindung.errors import BusyError, WorkspaceError

_PID = re.compile(r"PID (\d+)")


def is_duckdb(url: str) -> bool:
    """True for the workspace's own DuckDB store; other URLs name another engine
    (docs/backends.md)."""
    return url.startswith("duckdb://")


def store_path(url: str, folder: Path) -> Path:
    """The DuckDB file named by ``url`` (``duckdb:///rel/path`` or ``duckdb:////abs/path``)."""
    if not url.startswith("duckdb://"):
        scheme = url.split(":", 1)[0]
        raise WorkspaceError(
            f"store {url!r}: the '{scheme}' engine is not supported as a workspace store yet; "
            "expected duckdb:///FILE (e.g. duckdb:///bindung.duckdb)"
        )
    rest = url.removeprefix("duckdb://")
    if not rest.startswith("/") or rest == "/":
        raise WorkspaceError(
            f"store {url!r}: expected duckdb:///FILE, e.g. duckdb:///bindung.duckdb"
        )
    rest = rest[1:]
    path = Path(rest)
    return path if path.is_absolute() else folder / path


def swap_lock_path(path: Path) -> Path:
    """The lock file beside the store that :func:`swapping` holds while the store file is
    replaced (``bindung.duckdb.lock``)."""
    return path.with_name(path.name + ".lock")


def _flock(path: Path, operation: int, deadline: float) -> int | None:
    """An open descriptor of the swap lock file holding ``operation`` (shared or exclusive);
    waits until ``deadline`` (monotonic) and then raises ``BusyError``.  None without fcntl."""
    if fcntl is None:
        return None
    try:
        fd = os.open(swap_lock_path(path), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:  # a read-only folder: nobody can rewrite the store there either
        return None
    pause = 0.02
    while True:
        try:
            fcntl.flock(fd, operation | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise BusyError(
                    f"workspace is busy: {path.name} is being rewritten (bindung forget); try "
                    f"again when it has finished (Arbeitsbereich ist belegt: {path.name} wird "
                    "neu geschrieben)"
                ) from None
            time.sleep(pause)
            pause = min(pause * 2, 0.5)


@contextlib.contextmanager
def swapping(path: Path, wait: float) -> Iterator[None]:
    """Hold the swap lock exclusively: no process opens the store at ``path`` meanwhile
    (:func:`connect` waits for it), so nothing is written into, or read from, a file that is
    about to be replaced."""
    fd = _flock(path, fcntl.LOCK_EX if fcntl is not None else 0, time.monotonic() + wait)
    try:
        yield
    finally:
        if fd is not None:
            os.close(fd)  # closing the descriptor releases the lock


def connect(
    path: Path, *, read_only: bool = False, wait: float = 0.0, swap_locked: bool = False
) -> duckdb.DuckDBPyConnection:
    """Connect to the DuckDB file at ``path``; a lock held elsewhere raises ``BusyError``,
    after waiting up to ``wait`` seconds for it to be released (an import takes seconds; a
    refresh holds the store only while it copies it).  The file is opened under the shared
    swap lock, so never while :func:`swapping` replaces it; ``swap_locked``: the caller holds
    that lock already (the rewrite reopening its new file)."""
    deadline = time.monotonic() + wait
    pause = 0.05
    while True:
        fd = None if swap_locked else _flock(path, _SHARED, deadline)
        try:
            return _connect(path, read_only=read_only)
        except BusyError:
            if time.monotonic() >= deadline:
                raise
        finally:
            if fd is not None:
                os.close(fd)
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


_SHARED = fcntl.LOCK_SH if fcntl is not None else 0


def busy_wait() -> float:
    """Seconds the CLI and the web app wait for a busy store: ``$BINDUNG_BUSY_WAIT`` (30)."""
    try:
        return max(0.0, float(os.environ.get("BINDUNG_BUSY_WAIT", "30")))
    except ValueError:
        return 30.0


def _connect(path: Path, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    import duckdb

    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        text = str(exc)
        if "lock" not in text.lower():
            raise WorkspaceError(f"{path}: cannot open the store: {text}") from None
        pid = _PID.search(text)
        who = f"process {pid.group(1)}" if pid else "another process"
        raise BusyError(
            f"workspace is busy: {who} is using {path.name}; try again when it has finished "
            f"(Arbeitsbereich ist belegt: {who} nutzt {path.name})"
        ) from None
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET enable_progress_bar = false")  # it would print into CLI output
    return con
