"""The server's background refresh: whenever the store or ``bindung.toml`` changed, run
``bindung refresh`` in a child process (so the answers are recomputed without the web
process's interpreter lock, and a crash of a model fit cannot take the server down).

The check is cheap: the modification stamps of the settings file and the store (file and
WAL) against those the last refresh recorded (``answers/state.json``).  A failed refresh is
not retried until the stamps change again.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from bindung.answers.access import store_stamp
from bindung.answers.store import AnswerStore


class Refresher:
    """Run ``bindung refresh`` for ``folder`` whenever its data or settings changed; checks
    every ``every`` seconds."""

    def __init__(self, folder: Path, *, every: float = 2.0) -> None:
        self.folder = Path(folder)
        self.every = every
        self.running = False
        self.runs = 0
        self.last_error = ""
        self._tried: Any = None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="bindung-refresh", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Check now (after an upload) instead of at the next tick."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def due(self) -> bool:
        """The store or the settings changed since the last refresh (or since a failed one)."""
        try:
            now = store_stamp(self.folder)
        except Exception:  # the workspace is being changed under us: check again later
            return False
        recorded = AnswerStore(self.folder).state().get("stamp")
        return now != recorded and now != self._tried

    def run_once(self) -> int:
        """One refresh in a child process; its exit code."""
        self._tried = store_stamp(self.folder)
        self.running = True
        try:
            done = subprocess.run(
                [sys.executable, "-m", "bindung", "refresh", "--quiet", "-w", str(self.folder)],
                capture_output=True,
                text=True,
                check=False,
            )
        finally:
            self.running = False
            self.runs += 1
        self.last_error = done.stderr[-2000:] if done.returncode else ""
        if done.returncode:
            print(f"bindung refresh failed ({done.returncode}):\n{done.stderr}", file=sys.stderr)
        return done.returncode

    def _loop(self) -> None:
        while not self._stop.is_set():
            if self.due():
                self.run_once()
            self._wake.wait(self.every)
            self._wake.clear()
