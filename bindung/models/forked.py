"""Independent pieces of one computation on the machine's cores, in forked processes.

>>> fits = forked.run(lambda r: fit(draw(r)), range(5), size=len(panel.frame))  # doctest: +SKIP

The random draws of the comparisons on the customer-month panel (complaint events, loyalty
enrolments) are independent of each other and spend their time in NumPy code that holds the
GIL for most of a draw, so threads do not help (measured in decision 0008); processes do.  A
forked worker sees the parent's prepared arrays without copying them (copy-on-write), computes
some of the draws and sends back their results (small: coefficients and covariances).

The results are the same as computed one after the other, whatever the number of workers:
each piece gets only its own inputs (its index; the draws are seeded by it).  Pieces run in
the calling process, in order, when forking is not safe or not worth it:

* the platform cannot fork (Windows) or forks unsafely by default (macOS);
* the process has further Python threads (``bindung serve``: a forked child would hold copies
  of locks those threads may hold) or is itself a worker (daemonic);
* one core, one piece, or less than :data:`MIN_SIZE` rows of work (forking costs ~10 ms and
  the imports it shares);
* ``BINDUNG_WORKERS=1`` in the environment (any other number caps the workers).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")

#: Below this many rows of work the pieces run one after the other.
MIN_SIZE = 2_000_000

_task: Callable[[Any], Any] | None = None


def _call(item: Any) -> Any:
    assert _task is not None
    return _task(item)


def workers() -> int:
    """How many processes may work at once: the cores this process may use, capped by
    ``BINDUNG_WORKERS``; 1 where forking is not safe (module docstring)."""
    if (
        sys.platform not in ("linux", "linux2")
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return 1
    if threading.active_count() > 1 or multiprocessing.current_process().daemon:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    limit = os.environ.get("BINDUNG_WORKERS", "").strip()
    if limit.isdigit() and int(limit) > 0:
        cores = min(cores, int(limit))
    return max(cores, 1)


def run(task: Callable[[Any], T], items: Iterable[Any], *, size: int) -> list[T]:
    """``[task(i) for i in items]``, on forked workers when that is safe and worth it
    (``size``: rows of work of one piece, compared with :data:`MIN_SIZE`).  An exception of a
    piece is raised here, as in the loop."""
    global _task
    pieces = list(items)
    n = min(workers(), len(pieces))
    if n <= 1 or size < MIN_SIZE:
        return [task(i) for i in pieces]
    _task = task
    try:
        with multiprocessing.get_context("fork").Pool(n) as pool:
            return pool.map(_call, pieces, chunksize=1)
    finally:
        _task = None
