"""Pieces of work on forked workers: the same results, in order, as one after the other."""

from __future__ import annotations

import os
import threading

import pytest

from bindung.errors import BindungError
from bindung.models import forked

BIG = forked.MIN_SIZE


def _pid_and_square(i: int) -> tuple[int, int]:
    return os.getpid(), i * i


@pytest.fixture
def cores(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.delenv("BINDUNG_WORKERS", raising=False)
    if forked.workers() < 2:
        pytest.skip("one core (or no fork): the pieces always run in this process")
    return forked.workers()


def test_pieces_run_in_other_processes_in_order(cores: int) -> None:
    out = forked.run(_pid_and_square, range(7), size=BIG)
    assert [sq for _, sq in out] == [i * i for i in range(7)]
    assert os.getpid() not in {pid for pid, _ in out}


def test_a_closure_sees_the_parents_arrays(cores: int) -> None:
    prepared = list(range(100, 110))  # made before the fork, never sent to the workers
    assert forked.run(lambda i: prepared[i] + i, range(10), size=BIG) == [
        100 + 2 * i for i in range(10)
    ]


def test_an_error_of_a_piece_is_raised_here(cores: int) -> None:
    def piece(i: int) -> int:
        if i == 2:
            raise BindungError("piece 2 cannot be computed")
        return i

    with pytest.raises(BindungError, match="piece 2 cannot be computed"):
        forked.run(piece, range(4), size=BIG)


def test_small_work_stays_in_this_process(cores: int) -> None:
    out = forked.run(_pid_and_square, range(3), size=BIG - 1)
    assert {pid for pid, _ in out} == {os.getpid()}


def test_setting_one_worker_stays_in_this_process(
    cores: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BINDUNG_WORKERS", "1")
    assert forked.workers() == 1
    out = forked.run(_pid_and_square, range(3), size=BIG)
    assert {pid for pid, _ in out} == {os.getpid()}


def test_no_fork_beside_other_threads(cores: int) -> None:
    # bindung serve: request threads beside the refresh; a fork would copy their locks
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert forked.workers() == 1
        out = forked.run(_pid_and_square, range(3), size=BIG)
        assert {pid for pid, _ in out} == {os.getpid()}
    finally:
        stop.set()
        other.join()
