"""Checked model inputs: one-dimensional float arrays, the (x, t_x, T) triple, collapsing.

Every model validates what it is given here, so that bad data fail with a message naming the
argument, the number of bad values and the first bad position, never with a NaN estimate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from bindung.models.errors import InsufficientDataError, ModelInputError

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Below this many customers with a repeat purchase the models refuse to fit.
MIN_REPEAT_CUSTOMERS = 10


def vector(name: str, values: Any) -> FloatArray:
    """``values`` as a finite one-dimensional float64 array (a scalar becomes length 1)."""
    if isinstance(values, pd.DataFrame):
        raise ModelInputError(f"{name}: expected one column of numbers, got a table")
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ModelInputError(f"{name}: expected numbers ({exc})") from None
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise ModelInputError(f"{name}: expected a one-dimensional sequence, got shape {arr.shape}")
    bad = ~np.isfinite(arr)
    if bad.any():
        i = int(np.argmax(bad))
        raise ModelInputError(
            f"{name}: {int(bad.sum())} value(s) are missing or infinite "
            f"(first at position {i}: {arr[i]})"
        )
    return arr


def _first(mask: BoolArray) -> int:
    return int(np.argmax(mask))


def check(name: str, values: FloatArray, bad: BoolArray, expected: str) -> None:
    """Raise :class:`ModelInputError` when any ``bad``; ``expected`` says what was wanted."""
    if bad.any():
        i = _first(bad)
        raise ModelInputError(
            f"{name}: {int(bad.sum())} value(s) are not {expected} "
            f"(first at position {i}: {values[i]:g})"
        )


def broadcast(**arrays: FloatArray) -> list[FloatArray]:
    """Broadcast equal-length or length-1 arrays; a clear error for other mismatches."""
    lengths = {name: len(a) for name, a in arrays.items()}
    sizes = {n for n in lengths.values() if n != 1}
    if len(sizes) > 1:
        shown = ", ".join(f"{k}={v}" for k, v in lengths.items())
        raise ModelInputError(f"inputs of different lengths: {shown}")
    size = sizes.pop() if sizes else 1
    return [np.broadcast_to(a, (size,)).astype(np.float64) for a in arrays.values()]


def weights_vector(weights: Any, size: int) -> FloatArray:
    if weights is None:
        return np.ones(size)
    w = vector("weights", weights)
    if len(w) != size:
        raise ModelInputError(f"weights: {len(w)} values for {size} customers")
    check("weights", w, w <= 0, "positive")
    return w


def columns(data: Any, names: tuple[str, ...], rest: tuple[Any, ...]) -> tuple[Any, ...]:
    """``names`` from a DataFrame given as the first argument, or the arguments themselves."""
    if isinstance(data, pd.DataFrame):
        if any(v is not None for v in rest):
            raise ModelInputError(
                f"a table was given: pass {', '.join(names[1:])} as its columns, not separately"
            )
        missing = [n for n in names if n not in data.columns]
        if missing:
            raise ModelInputError(
                f"the table lacks column(s) {', '.join(missing)}; "
                f"it has {', '.join(map(str, data.columns))}"
            )
        return tuple(data[n].to_numpy(dtype=np.float64) for n in names)
    if any(v is None for v in rest):
        raise ModelInputError(f"expected {', '.join(names)} (or a table with these columns)")
    return (data, *rest)


@dataclass(frozen=True)
class Customers:
    """Per-customer repeat frequency ``x``, recency ``t_x``, age ``T`` and weights.

    For the discrete BG/BB model ``T`` holds the number of purchase opportunities ``n``.
    """

    x: FloatArray
    t_x: FloatArray
    T: FloatArray
    w: FloatArray

    @property
    def n(self) -> float:
        """Customers (the sum of the weights)."""
        return float(self.w.sum())

    @property
    def rows(self) -> int:
        return len(self.x)

    @cached_property
    def x_levels(self) -> tuple[FloatArray, npt.NDArray[np.intp]]:
        """The distinct frequencies and each row's index into them."""
        levels, index = np.unique(self.x, return_inverse=True)
        return levels, index

    def per_x(self, f: Callable[[FloatArray], Any]) -> FloatArray:
        """``f(x)`` evaluated once per distinct frequency (special functions of ``r + x`` and
        the like cost most of a likelihood; customers share few distinct ``x``)."""
        levels, index = self.x_levels
        return np.asarray(f(levels), dtype=np.float64)[index]

    @cached_property
    def _pair_levels(self) -> dict[str, tuple[FloatArray, FloatArray, npt.NDArray[np.intp]]]:
        out = {}
        for name, t in (("t_x", self.t_x), ("T", self.T)):
            levels, index = np.unique(self.x + 1j * t, return_inverse=True)
            out[name] = (levels.real.copy(), levels.imag.copy(), index)
        return out

    def per_pair(self, time: str, f: Callable[[FloatArray, FloatArray], Any]) -> FloatArray:
        """``f(x, t)`` once per distinct pair of frequency and ``time`` ("t_x" or "T")."""
        x, t, index = self._pair_levels[time]
        return np.asarray(f(x, t), dtype=np.float64)[index]

    def repeaters(self) -> float:
        return float(self.w[self.x > 0].sum())

    def collapsed(self) -> Customers:
        """Identical (x, t_x, T) rows merged into one with the summed weight, in ascending
        order of (x, t_x, T).

        The likelihood is a weighted sum over rows, so the fit is unchanged; with a million
        customers the distinct rows are typically a small fraction.  Rows are grouped by
        hashing (``pd.factorize`` per column, then on the combined codes) rather than by
        sorting all of them; only the distinct rows are sorted.
        """
        if self.rows < 2:
            return self
        code, values = _row_codes((self.x, self.t_x, self.T))
        w = np.asarray(np.bincount(code, weights=self.w, minlength=len(values[0])), np.float64)
        order = np.lexsort(values[::-1])
        x, t_x, T = (v[order] for v in values)
        return Customers(x, t_x, T, w[order])


def distinct_rows(
    columns: tuple[FloatArray, ...],
) -> tuple[npt.NDArray[np.intp], list[FloatArray]]:
    """Each row's group among the distinct rows of ``columns`` (equal float values, −0.0 =
    0.0) and the columns' values per group, in order of first appearance: a function of the
    row evaluated on the groups and gathered with ``values[code]`` gives every row's value."""
    return _row_codes(tuple(np.asarray(c, dtype=np.float64) for c in columns))


def _row_codes(columns: tuple[FloatArray, ...]) -> tuple[npt.NDArray[np.intp], list[FloatArray]]:
    """Each row's group (an index in 0..k−1 for k distinct rows of ``columns``) and the
    columns' values of each group.  Codes are combined two columns at a time and re-factorized,
    so that the combined code never exceeds rows² and cannot overflow."""
    # + 0.0 turns −0.0 into 0.0, so that the two zeros form one group (as they compare equal)
    codes, uniques = pd.factorize(columns[0] + 0.0)
    values = [np.asarray(uniques, dtype=np.float64)]
    for column in columns[1:]:
        c, u = pd.factorize(column + 0.0)
        combined, first = pd.factorize(codes.astype(np.int64) * len(u) + c)
        # map the groups' previous values through the combined codes
        previous = first // len(u)
        values = [v[previous] for v in values] + [np.asarray(u, dtype=np.float64)[first % len(u)]]
        codes = combined
    return codes.astype(np.intp, copy=False), values


def customers(
    frequency: Any,
    recency: Any,
    T: Any,
    weights: Any = None,
    *,
    discrete: bool = False,
) -> Customers:
    """Validated customers from arrays or from a table with frequency, recency and T columns.

    ``discrete`` (BG/BB): recency and T are whole numbers of purchase opportunities and
    ``x <= t_x <= n``.
    """
    t_name = "periods" if discrete else "T"
    f, r, t = columns(frequency, ("frequency", "recency", t_name), (recency, T))
    x, t_x, age = broadcast(
        frequency=vector("frequency", f),
        recency=vector("recency", r),
        **{t_name: vector(t_name, t)},
    )
    check("frequency", x, (x < 0) | (x != np.floor(x)), "whole numbers >= 0")
    check("recency", t_x, t_x < 0, ">= 0")
    check(t_name, age, age < 0, ">= 0")
    check(
        "recency",
        t_x,
        t_x > age,
        f"<= {t_name} (the last repeat purchase cannot lie after the end of the period)",
    )
    check(
        "recency",
        t_x,
        (x == 0) & (t_x != 0),
        "0 for customers without a repeat purchase (recency is the time from the first to "
        "the last purchase)",
    )
    if discrete:
        check("recency", t_x, t_x != np.floor(t_x), "whole numbers of periods")
        check(t_name, age, (age != np.floor(age)) | (age < 1), "whole numbers >= 1")
        check(
            "frequency",
            x,
            x > t_x,
            "<= recency (x purchases need at least x opportunities up to the last one)",
        )
    return Customers(x, t_x, age, weights_vector(weights, len(x)))


def require_repeaters(data: Customers, model: str, minimum: int = MIN_REPEAT_CUSTOMERS) -> None:
    repeat = data.repeaters()
    if repeat < minimum:
        raise InsufficientDataError(
            f"{model} needs at least {minimum} customers with a repeat purchase to estimate its "
            f"parameters; the data have {repeat:g} of {data.n:g} customers. Use a longer "
            "calibration period, more customers, or report historical figures instead"
        )
