"""The digests' schedule with a fake clock: a missed run runs once at the next start, a new
schedule does not send at once, a failed run is retried an hour later and reported; the cron and
systemd lines; the command."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

import bindung
from bindung.cli import app
from bindung.digest import schedule
from bindung.digest.schedule import Job, load_state, run_due


def _workspace(tmp_path: Path, lines: str) -> Path:
    folder = tmp_path / "ws"
    bindung.init(folder, locale="en_GB").close()
    toml = folder / "bindung.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text + "\n[digest]\n" + lines, encoding="utf-8")
    return folder


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_a_missed_run_runs_once_at_the_next_start(tmp_path: Path) -> None:
    folder = _workspace(tmp_path, 'send_month = "0 8 1 * *"\n')
    calls: list[str] = []

    def runner(f: Path, job: Job) -> tuple[bool, str]:
        calls.append(job.period)
        return True, ""

    # first seen on 1 October at 09:30 Berlin (after that day's 08:00): counts from then on
    assert run_due(folder, _at("2026-10-01T07:30"), runner) == []
    # the machine was off over 1 November and 1 December 08:00 (Berlin): one run, for December
    assert run_due(folder, _at("2026-12-03T10:00"), runner) == [("send_month", True)]
    assert calls == ["month"]
    entry = load_state(folder)["send_month"]
    assert entry["fire"] == "2026-12-01T08:00:00+01:00" and entry["ok"] is True
    assert run_due(folder, _at("2026-12-20T10:00"), runner) == []
    # 1 January 08:00 Berlin is 07:00 UTC
    assert run_due(folder, _at("2027-01-01T06:59"), runner) == []
    assert run_due(folder, _at("2027-01-01T07:00"), runner) == [("send_month", True)]
    assert calls == ["month", "month"]


def test_a_failed_run_is_retried_an_hour_later_and_reported(tmp_path: Path) -> None:
    folder = _workspace(tmp_path, 'send_week = "0 8 * * 1"\n')
    results = iter([(False, "HTTP 500"), (True, "")])
    reported: list[str] = []

    def runner(f: Path, job: Job) -> tuple[bool, str]:
        return next(results)

    run_due(folder, _at("2026-12-01T00:00"), runner, reported.append)
    # Monday 7 December 08:00 Berlin = 07:00 UTC
    assert run_due(folder, _at("2026-12-07T07:05"), runner, reported.append) == [
        ("send_week", False)
    ]
    assert reported == [
        "bindung schedule: send_week for 2026-12-07T08:00:00+01:00 failed: HTTP 500"
    ]
    assert run_due(folder, _at("2026-12-07T07:30"), runner, reported.append) == []
    assert run_due(folder, _at("2026-12-07T08:06"), runner, reported.append) == [
        ("send_week", True)
    ]
    assert load_state(folder)["send_week"]["ok"] is True


def test_a_changed_schedule_counts_from_the_change(tmp_path: Path) -> None:
    folder = _workspace(tmp_path, 'send_week = "0 8 * * 1"\n')
    run_due(folder, _at("2026-12-01T00:00"), lambda f, j: (True, ""))
    toml = folder / "bindung.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('"0 8 * * 1"', '"0 8 * * 3"'), encoding="utf-8"
    )
    # the new expression starts counting on 10 December: Wednesday 9 December does not run
    assert run_due(folder, _at("2026-12-10T12:00"), lambda f, j: (True, "")) == []
    assert load_state(folder)["send_week"]["expr"] == "0 8 * * 3"


def test_cron_and_systemd_lines(tmp_path: Path) -> None:
    folder = _workspace(tmp_path, 'send_month = "0 8 1 * *"\nsend_week = "0 7 * * 1"\n')
    text = schedule.crontab(folder, "/usr/local/bin/bindung")
    where = folder.resolve()
    assert "CRON_TZ=Europe/Berlin" in text
    assert (
        f"0 8 1 * * /usr/local/bin/bindung refresh --quiet -w {where} && "
        f"/usr/local/bin/bindung digest --send --period month -w {where}"
    ) in text
    assert "OnCalendar=*-*-1 08:00:00 Europe/Berlin" in text
    assert "OnCalendar=Mon *-*-* 07:00:00 Europe/Berlin" in text
    assert text.count("\nPersistent=true\n") == 2


def test_the_command(tmp_path: Path) -> None:
    runner = CliRunner()
    bare = tmp_path / "bare"
    bindung.init(bare, locale="en_GB").close()
    none = runner.invoke(app, ["schedule", "-w", str(bare)])
    assert none.exit_code == 2 and "no schedule" in none.stderr
    folder = _workspace(tmp_path, 'send_month = "0 8 1 * *"\n')
    shown = runner.invoke(app, ["schedule", "-w", str(folder)])
    assert shown.exit_code == 0, shown.output
    upcoming = Job("send_month", "month", "0 8 1 * *", "Europe/Berlin").next_after(
        datetime.now(UTC)
    )
    assert upcoming is not None
    assert f"send_month (0 8 1 * *): next {upcoming:%Y-%m-%d} 08:00 Europe/Berlin" in shown.stdout
    printed = runner.invoke(app, ["schedule", "-w", str(folder), "--print-cron"])
    assert "OnCalendar=*-*-1 08:00:00 Europe/Berlin" in printed.stdout


@pytest.mark.parametrize("expr", ["0 8 * * 8", "every day"])
def test_a_wrong_schedule_is_an_error_of_the_settings(tmp_path: Path, expr: str) -> None:
    from bindung.errors import WorkspaceError

    folder = tmp_path / "ws"
    bindung.init(folder).close()
    toml = folder / "bindung.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + f'[digest]\nsend_week = "{expr}"\n', "utf-8")
    with pytest.raises(WorkspaceError, match=r"digest\.send_week"):
        bindung.config.load(folder)
