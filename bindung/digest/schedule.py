"""When the digests go out by themselves: ``send_month`` and ``send_week`` in ``[digest]`` of
``bindung.toml`` are crontab(5) expressions in the workspace's time zone
(:mod:`bindung.cron`); ``bindung serve`` runs each job when it is due (:class:`Scheduler`) —
first ``bindung refresh`` (so the digest reads current answers), then ``bindung digest --send``
— and ``bindung schedule --print-cron`` prints the crontab lines and systemd units for
installations without the server.

**State** (``schedule.json`` in the workspace): per job the fire time it last ran for, whether
that run succeeded, and when it was last tried.  A job is *due* at ``now`` when a fire time
lies after the one it last ran for and at or before ``now``; several missed ones (the machine
was off) make one run, at the next start.  A job seen for the first time starts counting from
then (a new schedule does not send last month's digest at once).  A failed run (refresh or
sending; the sending itself tries each channel three times) is tried again
:data:`RETRY_AFTER` later until it succeeds or the next regular run takes over; every failure
is printed and each delivery is in ``digests.log``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bindung import config, cron

STATE = "schedule.json"
RETRY_AFTER = timedelta(hours=1)
#: The jobs a workspace can schedule: setting in [digest] -> digest period.
JOBS = {"send_month": "month", "send_week": "week"}


@dataclass(frozen=True)
class Job:
    name: str  # send_month | send_week
    period: str  # month | week
    expr: str  # the crontab expression
    timezone: str

    def next_after(self, moment: datetime) -> datetime | None:
        """The first fire time strictly after ``moment``."""
        fire: datetime | None = cron.trigger(self.expr, self.timezone).get_next_fire_time(
            None, moment + timedelta(microseconds=1)
        )
        return fire


def jobs(folder: Path) -> list[Job]:
    """The scheduled jobs of the workspace (none without ``send_month`` / ``send_week``)."""
    settings = config.load(folder)
    table = settings.digest
    return [
        Job(name, period, str(table[name]), settings.timezone)
        for name, period in JOBS.items()
        if table.get(name)
    ]


def load_state(folder: Path) -> dict[str, dict[str, Any]]:
    path = folder / STATE
    if not path.is_file():
        return {}
    state: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return state


def save_state(folder: Path, state: dict[str, dict[str, Any]]) -> None:
    path = folder / STATE
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(state, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    temporary.replace(path)


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def due(job: Job, entry: dict[str, Any] | None, now: datetime) -> datetime | None:
    """The fire time ``job`` should run for at ``now``, or ``None`` (module docstring)."""
    if entry is None:
        return None
    last = _time(entry.get("fire")) or _time(entry.get("since"))
    if last is None:
        return None
    fire = job.next_after(last)
    latest = None
    while fire is not None and fire <= now:  # the missed ones make one run: the latest
        latest = fire
        fire = job.next_after(fire)
    if latest is not None:
        return latest
    tried = _time(entry.get("tried"))
    if entry.get("ok") is False and tried is not None and tried + RETRY_AFTER <= now:
        return _time(entry.get("fire"))
    return None


def run_job(folder: Path, job: Job) -> tuple[bool, str]:
    """``bindung refresh`` then ``bindung digest --send``, each in a child process."""
    base = [sys.executable, "-m", "bindung"]
    for args in (
        ["refresh", "--quiet", "-w", str(folder)],
        ["digest", "--send", "--period", job.period, "-w", str(folder)],
    ):
        done = subprocess.run([*base, *args], capture_output=True, text=True, check=False)
        if done.returncode:
            return False, f"bindung {args[0]} ({done.returncode}): {done.stderr.strip()[-1000:]}"
    return True, ""


def run_due(
    folder: Path,
    now: datetime,
    runner: Callable[[Path, Job], tuple[bool, str]] = run_job,
    report: Callable[[str], None] = lambda text: print(text, file=sys.stderr),
) -> list[tuple[str, bool]]:
    """Run every job due at ``now`` (an aware time); record the state; the jobs that ran."""
    state = load_state(folder)
    ran: list[tuple[str, bool]] = []
    for job in jobs(folder):
        entry = state.get(job.name)
        if entry is None or entry.get("expr") != job.expr:
            # new (or changed) schedule: count from now on
            state[job.name] = {"expr": job.expr, "since": now.isoformat()}
            continue
        fire = due(job, entry, now)
        if fire is None:
            continue
        ok, error = runner(folder, job)
        entry.update(fire=fire.isoformat(), ok=ok, tried=now.isoformat(), error=error)
        ran.append((job.name, ok))
        if not ok:
            report(f"bindung schedule: {job.name} for {fire.isoformat()} failed: {error}")
    save_state(folder, state)
    return ran


class Scheduler:
    """Checks every ``every`` seconds which jobs are due and runs them (in a thread of
    ``bindung serve``)."""

    def __init__(self, folder: Path, *, every: float = 30.0) -> None:
        self.folder = Path(folder)
        self.every = every
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="bindung-schedule", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                run_due(self.folder, datetime.now(UTC))
            except Exception as exc:  # a broken setting must not stop the dashboard
                print(f"bindung schedule: {exc}", file=sys.stderr)
            self._stop.wait(self.every)


def crontab(folder: Path, program: str) -> str:
    """crontab(5) lines and systemd units that run the jobs without ``bindung serve``."""
    found = jobs(folder)
    if not found:
        return ""
    folder = folder.resolve()
    lines = [
        "# crontab -e  (cron uses the system's time zone; cronie reads CRON_TZ)",
        f"CRON_TZ={found[0].timezone}",
    ]
    for job in found:
        command = (
            f"{program} refresh --quiet -w {folder} && "
            f"{program} digest --send --period {job.period} -w {folder}"
        )
        lines.append(f"{job.expr} {command}")
    lines.append("")
    lines.append("# or systemd (Persistent=true runs a missed run at the next start):")
    for job in found:
        unit = f"bindung-digest-{job.period}"
        lines += [
            f"# /etc/systemd/system/{unit}.service",
            "[Unit]",
            f"Description=Bindung digest ({job.period}) for {folder}",
            "[Service]",
            "Type=oneshot",
            f"ExecStart={program} refresh --quiet -w {folder}",
            f"ExecStart={program} digest --send --period {job.period} -w {folder}",
            f"# /etc/systemd/system/{unit}.timer",
            "[Unit]",
            f"Description=Bindung digest ({job.period})",
            "[Timer]",
            f"OnCalendar={cron.on_calendar(job.expr, job.timezone)}",
            "Persistent=true",
            "[Install]",
            "WantedBy=timers.target",
            "",
        ]
    return "\n".join(lines)
