"""Within-customer rate ratios: Poisson regression with a fixed effect per customer.

>>> fit = within_rate_ratios(panel.orders, {"fan": panel.fan}, panel.customer,
...                          {"month": panel.month, "tenure": panel.tenure})  # doctest: +SKIP
>>> fit.effects["fan"].ratio                                                  # doctest: +SKIP
1.19

**Why.**  Customers who follow a brand, join a loyalty programme or complain are not a random
draw: they bought more (or less) to begin with, for reasons no export records.  Comparing each
customer with *themselves* — how often they buy after the event against before, relative to how
the same months and the same customer ages go for everybody else — removes every difference
between customers that does not change over time, observed or not (decision 0006).

**Model** (Hausman, Hall & Griliches, *Econometrica* 52, 1984; Wooldridge, *Econometric Analysis
of Cross Section and Panel Data*, 2nd ed., 2010, §18.7.4).  Rows are customer-months ``(g, t)``
with an outcome ``y_gt ≥ 0`` (orders, or revenue)::

    E[y_gt] = c_g · exp(Σ_j β_j D_jgt + month_t + tenure_gt)

``c_g`` is the customer's own level, ``D_j`` are 0/1 indicators ("after the first
interaction"), ``month`` and ``tenure`` are categorical controls (calendar month: season and
trend; months since the first order: the common decline as customers drop out).  Conditioning
on each customer's total ``Y_g = Σ_t y_gt`` removes ``c_g`` (the conditional Poisson
likelihood, a multinomial)::

    ℓ(β) = Σ_g Σ_t y_gt · log π_gt,        π_gt = exp(x_gt β) / Σ_s exp(x_gs β)

``exp(β_j)`` is the rate ratio: "after the event the customer buys exp(β_j) times as often".
The estimate equals ``statsmodels.discrete.conditional_models.ConditionalPoisson`` (the tests
check it to 1e-6).  Poisson *quasi*-likelihood needs only the mean to be right (Wooldridge
1999), so revenue works as an outcome too.

**Uncertainty.**  The interval uses the cluster-robust sandwich by customer,
``V = H⁻¹ (Σ_g s_g s_gᵀ) H⁻¹ · G/(G−1)`` with ``s_g`` the customer's score and ``H`` the
Hessian: counts of one customer are not independent Poisson draws (customers drop out), so the
model-based variance would be too small.  95 % interval: ``exp(β ± z · se)``; checked by
simulation in ``tests/models/test_within.py``.

**Computation: sufficient statistics** (decision 0008).  The likelihood never needs the rows,
only these sums:

* *cells* ``c``: the distinct covariate vectors ``x_c`` (month, tenure, treatment values);
  rows of one customer with the same cell are one entry with a multiplicity ``m_gc``;
* *patterns* ``p``: customers with the same cells and multiplicities.  Their normaliser
  ``Σ_c m_pc exp(x_c β)`` is the same function of β, so they add up: with ``y_pc = Σ_{g∈p}
  y_gc`` and ``Y_p = Σ_{g∈p} Y_g``, ``ℓ = Σ_p [Σ_c y_pc x_c β − Y_p log Σ_c m_pc exp(x_c β)]``,
  and the score and Hessian are sums over patterns as well.  On a customer-month panel every
  customer without an event shares the pattern of everybody with the same first month, so
  a hundred thousand customers are a few thousand patterns;
* for the sandwich, with ``u_g = Σ_c y_gc x_c`` (fixed) and ``x̄_p = Σ_c π_pc x_c``::

      Σ_g s_g s_gᵀ = Σ_g u_g u_gᵀ − Σ_p (v_p x̄_pᵀ + x̄_p v_pᵀ) + Σ_p q_p x̄_p x̄_pᵀ,
      v_p = Σ_{g∈p} Y_g u_g,   q_p = Σ_{g∈p} Y_g²

  so ``Σ_g u_g u_gᵀ`` (one matrix), ``Σ_{g∈p} Y_g y_gc`` and ``q_p`` are all it needs.

Patterns are found by a hash of each customer's cells (sums of random 64-bit weights), and
every customer is then compared cell by cell with its pattern's first customer; a customer who
differs (a hash collision) keeps a pattern of their own, so the result never depends on the
hash.  Newton steps on these sums give the same maximum as the row-wise computation (same
steps, same stopping rule) up to the order of floating-point additions.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import (  # type: ignore[import-untyped]
    sparse,
    stats,
)

from bindung.models.errors import ModelError

Array = npt.NDArray[np.float64]
Index = npt.NDArray[np.int64]
CONFIDENCE = 0.95
#: Seed of the random cell weights of the pattern hash (any seed gives the same result).
HASH_SEED = 0x5EED_CE11


@dataclass(frozen=True)
class RateRatio:
    """One effect: ``ratio = exp(β)`` with its interval."""

    term: str
    ratio: float
    low: float
    high: float
    beta: float
    se: float
    treated_customers: int  # customers with the indicator on in at least one of their rows

    @property
    def percent(self) -> float:
        """The change in percent: (ratio − 1) · 100."""
        return (self.ratio - 1.0) * 100.0


@dataclass(frozen=True)
class WithinFit:
    effects: dict[str, RateRatio]
    customers: int  # customers that carry information (an outcome total > 0)
    rows: int
    iterations: int
    loglik: float
    params: Array  # all coefficients: effects first, then the control dummies
    se_model: Array  # model-based standard errors (for comparison with statsmodels)
    names: tuple[str, ...] = ()  # the names of ``params``


def design(
    treatments: Mapping[str, npt.ArrayLike], controls: Mapping[str, npt.ArrayLike]
) -> tuple[Array, list[str]]:
    """The dense design: the 0/1 treatment columns, then one dummy per control level except
    each control's first level."""
    columns: list[Array] = []
    names: list[str] = []
    for name, values in treatments.items():
        columns.append(np.asarray(values, dtype=np.float64))
        names.append(name)
    for name, values in controls.items():
        codes, levels = pd.factorize(pd.Series(np.asarray(values)), sort=True)
        for i in range(1, len(levels)):
            columns.append((codes == i).astype(np.float64))
            names.append(f"{name}[{levels[i]}]")
    return np.column_stack(columns), names


def levels(values: Index) -> tuple[Index, list[Any]]:
    """Codes of integer values in the order of the sorted distinct values (what
    ``pandas.factorize(sort=True)`` gives), by counting when the values are small."""
    if len(values) and values.min() >= 0 and values.max() < 10 * len(values) + 1000:
        seen = np.bincount(values) > 0
        rank = np.cumsum(seen) - 1
        return rank[values].astype(np.int64), [np.int64(v) for v in np.flatnonzero(seen)]
    codes, uniques = pd.factorize(pd.Series(values), sort=True)
    return codes.astype(np.int64), list(uniques)


# -- the sufficient statistics -----------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """The raw covariates: treatment names, and per categorical control its name and the
    labels of its codes ``0 … L−1``.  The *full* columns are the treatments, then one column
    per code of every control (reference levels included)."""

    treatments: tuple[str, ...]
    controls: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def width(self) -> int:
        return len(self.treatments) + sum(len(labels) for _, labels in self.controls)

    def offsets(self) -> list[int]:
        """The first full column of each control."""
        out, at = [], len(self.treatments)
        for _, labels in self.controls:
            out.append(at)
            at += len(labels)
        return out


@dataclass(frozen=True)
class Structure:
    """Cells and patterns of a set of rows (module docstring), without any outcome."""

    codes: Index  # (C, controls) control codes of each cell
    values: Array  # (C, treatments) treatment values of each cell
    pattern: Index  # (E,) entries (a pattern's cells), sorted by pattern
    cell: Index  # (E,)
    mult: Array  # (E,) rows of the cell in each customer of the pattern
    n_patterns: int
    pattern_of: Index  # (G,) the pattern of each customer (−1: no rows)
    entry_of: Index  # (n,) the entry of each input row
    group: Index  # (n,) the customer of each input row


@dataclass(frozen=True)
class Cells:
    """A conditional-Poisson problem as sufficient statistics, for ``O`` outcomes at once:
    cells, entries of the patterns, and per outcome the sums the fit needs."""

    codes: Index  # (C, controls)
    values: Array  # (C, treatments)
    pattern: Index  # (E,) sorted
    cell: Index  # (E,)
    mult: Array  # (E,)
    y: Array  # (O, E) outcome of the entry summed over the pattern's customers
    yy: Array  # (O, E) Σ_g Y_g · y_gc over the pattern's customers
    total: Array  # (O, P) Σ_g Y_g
    square: Array  # (O, P) Σ_g Y_g²
    customers: Array  # (O, P) customers with Y_g > 0
    cross: Array  # (O, W, W) Σ_g u_g u_gᵀ in the full columns of the layout

    @property
    def n_patterns(self) -> int:
        return int(self.total.shape[1])


def _integer_codes(column: Array) -> tuple[Index, Array]:
    """Codes ``0 … V−1`` of a float column and the value of each code (sorted)."""
    if len(column) and np.all(column >= 0) and np.all(column < 2**20):
        as_int = column.astype(np.int64)
        if np.array_equal(as_int, column):
            return as_int, np.arange(int(as_int.max()) + 1, dtype=np.float64)
    codes, uniques = pd.factorize(column, sort=True)
    return codes.astype(np.int64), np.asarray(uniques, dtype=np.float64)


def _cells(codes: Index, values: Array) -> tuple[Index, Index, Array]:
    """Cell ids of rows (``codes`` (n, a) control codes ≥ 0, ``values`` (n, b) treatment
    values), numbered in the lexicographic order of (codes, values); with each cell's codes
    and values."""
    n, a, b = codes.shape[0], codes.shape[1], values.shape[1]
    if n == 0:
        return np.zeros(0, np.int64), np.zeros((0, a), np.int64), np.zeros((0, b))
    parts: list[tuple[Index, int]] = [(codes[:, i], int(codes[:, i].max()) + 1) for i in range(a)]
    decoded: list[Array] = []
    for j in range(b):
        c, uniq = _integer_codes(values[:, j])
        parts.append((c, len(uniq)))
        decoded.append(uniq)
    size = 1.0
    for _, r in parts:
        size *= r
    if size < 2**62:
        key = np.zeros(n, dtype=np.int64)
        for c, r in parts:
            key *= r
            key += c
        if size <= 4 * n + 2**16:
            # few combinations (month × tenure): rank the keys by counting, not hashing
            seen = np.bincount(key, minlength=int(size)) > 0
            rank = np.cumsum(seen) - 1
            cell = rank[key]
            keys = np.flatnonzero(seen).astype(np.int64)
        else:
            found, uniques = pd.factorize(key)
            order = np.argsort(uniques, kind="stable")
            rank = np.empty(len(order), dtype=np.int64)
            rank[order] = np.arange(len(order))
            cell = rank[found]
            keys = np.asarray(uniques, dtype=np.int64)[order]
        n_cells = len(keys)
        digits: list[Index] = []
        for _, r in reversed(parts):
            keys, d = np.divmod(keys, r)
            digits.append(d)
        digits.reverse()
    else:  # too many combinations for one integer key
        stacked = np.column_stack([c for c, _ in parts])
        table, inverse = np.unique(stacked, axis=0, return_inverse=True)
        cell = inverse.reshape(-1).astype(np.int64)
        digits = [table[:, i] for i in range(table.shape[1])]
        n_cells = len(table)
    cell_codes = np.zeros((n_cells, a), dtype=np.int64)
    cell_values = np.zeros((n_cells, b))
    for i in range(a):
        cell_codes[:, i] = digits[i]
    for j in range(b):
        cell_values[:, j] = decoded[j][digits[a + j]]
    return cell, cell_codes, cell_values


def _cell_weights(n_cells: int) -> npt.NDArray[np.uint64]:
    """Random odd 64-bit weights of the cells for the pattern hash (seeded: any seed gives
    the same patterns, the hash only proposes them)."""
    rng = np.random.default_rng(HASH_SEED)
    drawn = rng.integers(0, 2**63, size=max(n_cells, 1), dtype=np.uint64)
    return drawn * np.uint64(2) + np.uint64(1)


def structure(codes: Index, values: Array, group: Index, n_groups: int) -> Structure:
    """Cells, entries and patterns of rows with control ``codes`` (n, a), treatment
    ``values`` (n, b) and customer ``group`` (n,) in ``0 … n_groups−1``."""
    n = len(group)
    cell, cell_codes, cell_values = _cells(codes, values)
    if n == 0:
        none = np.zeros(0, dtype=np.int64)
        return Structure(
            cell_codes,
            cell_values,
            none,
            none,
            np.zeros(0),
            0,
            np.full(n_groups, -1, dtype=np.int64),
            none,
            group.astype(np.int64),
        )
    n_cells = len(cell_codes)
    gk = group * max(n_cells, 1) + cell
    order: Index | None = None
    if n > 1 and bool(np.any(gk[1:] < gk[:-1])):
        order = np.argsort(gk, kind="stable")
        gk = gk[order]
    sorted_group = group if order is None else group[order]
    sorted_cell = cell if order is None else cell[order]
    # runs of equal (customer, cell): one entry with its multiplicity
    step = gk[1:] != gk[:-1]
    run_of_row: Index | None = None
    if bool(step.all()):  # no cell twice in a customer (the usual case): a run is a row
        run_cell, run_group = sorted_cell, sorted_group
        run_mult = np.ones(n, dtype=np.int64)
        n_runs = n
    else:
        new = np.concatenate([[True], step])
        run_start = np.flatnonzero(new)
        run_of_row = np.cumsum(new) - 1
        run_cell = sorted_cell[run_start]
        run_group = sorted_group[run_start]
        run_mult = np.diff(np.append(run_start, n)).astype(np.int64)
        n_runs = len(run_start)
    # customers: consecutive runs of one customer
    first = np.ones(n_runs, dtype=bool)
    first[1:] = run_group[1:] != run_group[:-1]
    seg_start = np.flatnonzero(first)
    seg_len = np.diff(np.append(seg_start, n_runs))
    seg_of_run = np.repeat(np.arange(len(seg_start), dtype=np.int64), seg_len)
    # pattern hash: a sum of random weights of the cells (times the multiplicity)
    weight = _cell_weights(n_cells)
    with np.errstate(over="ignore"):
        term = weight[run_cell]
        if run_of_row is not None:
            term = term * run_mult.astype(np.uint64)
        h = np.add.reduceat(term, seg_start)
        h = h + seg_len.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    pat_of_seg, _ = pd.factorize(h)
    pat_of_seg = pat_of_seg.astype(np.int64)
    # verify against the first customer of each pattern; differing ones get their own pattern
    _, rep_seg = np.unique(pat_of_seg, return_index=True)
    # (per run: its place in the customer's runs; the customer's representative's run there;
    # np.repeat over the customers instead of gathers over the runs, in place where it can)
    offset = np.arange(n_runs, dtype=np.int64)
    offset -= np.repeat(seg_start, seg_len)
    rep_of_seg = rep_seg[pat_of_seg]
    same = seg_len == seg_len[rep_of_seg]
    rep_run = np.repeat(seg_start[rep_of_seg], seg_len)
    if same.all():
        rep_run += offset
    else:
        rep_run += np.where(np.repeat(same, seg_len), offset, 0)
    differs = run_cell != run_cell[rep_run]
    if run_of_row is not None:
        differs |= run_mult != run_mult[rep_run]
    bad = ~same
    if differs.any():
        bad[seg_of_run[differs]] = True
    if bad.any():
        pat_of_seg[bad] = pat_of_seg.max() + 1 + np.arange(int(bad.sum()))
        pat_of_seg, _ = pd.factorize(pat_of_seg)
        pat_of_seg = pat_of_seg.astype(np.int64)
        _, rep_seg = np.unique(pat_of_seg, return_index=True)
        rep_of_seg = rep_seg[pat_of_seg]
    n_patterns = len(rep_seg)
    pat_len = seg_len[rep_seg]
    entry_start = np.concatenate([[0], np.cumsum(pat_len)[:-1]]).astype(np.int64)
    rep_runs = np.repeat(seg_start[rep_seg], pat_len) + (
        np.arange(int(pat_len.sum())) - np.repeat(entry_start, pat_len)
    )
    entry_of_run = offset
    entry_of_run += np.repeat(entry_start[pat_of_seg], seg_len)
    entry_sorted = entry_of_run if run_of_row is None else entry_of_run[run_of_row]
    entry_of = np.empty(n, dtype=np.int64)
    if order is None:
        entry_of[:] = entry_sorted
    else:
        entry_of[order] = entry_sorted
    pattern_of = np.full(n_groups, -1, dtype=np.int64)
    pattern_of[run_group[seg_start]] = pat_of_seg
    return Structure(
        codes=cell_codes,
        values=cell_values,
        pattern=np.repeat(np.arange(n_patterns, dtype=np.int64), pat_len),
        cell=run_cell[rep_runs],
        mult=run_mult[rep_runs].astype(np.float64),
        n_patterns=n_patterns,
        pattern_of=pattern_of,
        entry_of=entry_of,
        group=group,
    )


def statistics(st: Structure, layout: Layout, outcomes: Array, rows: Index | None = None) -> Cells:
    """The sums of :class:`Cells` over the input rows ``rows`` (all when ``None``) of ``st``
    for the outcomes (O, rows) aligned with those rows.  Sums over disjoint sets of customers
    add up, so :func:`subtract` can take customers out again."""
    outcomes = np.atleast_2d(np.asarray(outcomes, dtype=np.float64))
    entry = st.entry_of if rows is None else st.entry_of[rows]
    group = st.group if rows is None else st.group[rows]
    n_groups, n_entries, n_patterns = len(st.pattern_of), len(st.cell), st.n_patterns
    width = layout.width
    offsets = layout.offsets()
    n_treat = len(layout.treatments)
    y_e, yy_e, tot, sq, cust, cross = [], [], [], [], [], []
    pat = np.maximum(st.pattern_of, 0)
    n_cells = len(st.codes)
    # D: the full columns of every cell (sparse: a cell has one level per control)
    d_rows, d_cols, d_vals = [], [], []
    for j in range(n_treat):
        nz = np.flatnonzero(st.values[:, j])
        d_rows.append(nz)
        d_cols.append(np.full(len(nz), j, dtype=np.int64))
        d_vals.append(st.values[nz, j])
    for i, at in enumerate(offsets):
        d_rows.append(np.arange(n_cells, dtype=np.int64))
        d_cols.append(at + st.codes[:, i])
        d_vals.append(np.ones(n_cells))
    cell_design = sparse.csr_matrix(
        (
            np.concatenate([np.zeros(0), *d_vals]),
            (
                np.concatenate([np.zeros(0, np.int64), *d_rows]),
                np.concatenate([np.zeros(0, np.int64), *d_cols]),
            ),
        ),
        shape=(n_cells, width),
    )
    for y in outcomes:
        # only the rows with an outcome add to any of the sums
        pos = y != 0
        g, e, v = group[pos], entry[pos], y[pos]
        big = np.bincount(g, weights=v, minlength=n_groups)
        y_e.append(np.bincount(e, weights=v, minlength=n_entries))
        yy_e.append(np.bincount(e, weights=v * big[g], minlength=n_entries))
        tot.append(np.bincount(pat, weights=big, minlength=n_patterns))
        sq.append(np.bincount(pat, weights=big * big, minlength=n_patterns))
        cust.append(np.bincount(pat, weights=(big > 0).astype(np.float64), minlength=n_patterns))
        # Σ_g u_g u_gᵀ = Dᵀ (Σ_g y_g y_gᵀ) D with y_g the customer's outcome per cell and D
        # the cells' design: the customer-level product runs over cells with an outcome
        # (a customer's months with orders), not over every design column of them
        by_cell = sparse.csr_matrix((v, (g, st.cell[e])), shape=(n_groups, n_cells))
        pairs = by_cell.T @ by_cell
        cross.append(np.asarray((cell_design.T @ pairs @ cell_design).toarray(), np.float64))
    return Cells(
        codes=st.codes,
        values=st.values,
        pattern=st.pattern,
        cell=st.cell,
        mult=st.mult,
        y=np.array(y_e, dtype=np.float64).reshape(len(outcomes), n_entries),
        yy=np.array(yy_e, dtype=np.float64).reshape(len(outcomes), n_entries),
        total=np.array(tot, dtype=np.float64).reshape(len(outcomes), n_patterns),
        square=np.array(sq, dtype=np.float64).reshape(len(outcomes), n_patterns),
        customers=np.array(cust, dtype=np.float64).reshape(len(outcomes), n_patterns),
        cross=np.array(cross, dtype=np.float64).reshape(len(outcomes), width, width),
    )


def subtract(whole: Cells, part: Cells) -> Cells:
    """``whole`` without the customers of ``part`` (both from :func:`statistics` on the same
    structure)."""
    customers = whole.customers - part.customers
    gone = customers <= 0
    total = np.where(gone, 0.0, whole.total - part.total)
    entry_gone = gone[:, whole.pattern]
    return Cells(
        codes=whole.codes,
        values=whole.values,
        pattern=whole.pattern,
        cell=whole.cell,
        mult=whole.mult,
        y=np.where(entry_gone, 0.0, whole.y - part.y),
        yy=np.where(entry_gone, 0.0, whole.yy - part.yy),
        total=total,
        square=np.where(gone, 0.0, whole.square - part.square),
        customers=np.maximum(customers, 0.0),
        cross=whole.cross - part.cross,
    )


def recombined(
    cells: Cells, layout: Layout, weights: Mapping[str, Mapping[str, float]]
) -> tuple[Cells, Layout]:
    """Statistics for new treatment columns that are linear combinations of the old ones:
    ``weights[new][old]`` (an old column not named counts 0).  Returns the new cells and layout:
    the values are :attr:`Cells.values` ``@ M`` and the cross products ``A · cross · Aᵀ`` (``A``
    maps the treatment part, the controls stay).  One structure and one pass of
    :func:`statistics` thus serve several fits: the pooled "after any platform" indicator is
    the sum of the per-platform ones.  Patterns stay as they were: customers with equal rows
    under the old columns have equal rows under the new ones, and the likelihood is a sum
    over patterns, so a finer grouping gives the same fit."""
    old = list(layout.treatments)
    names = tuple(weights)
    m = np.zeros((len(old), len(names)))
    for j, name in enumerate(names):
        for source, w in weights[name].items():
            m[old.index(source), j] = float(w)
    n_controls = layout.width - len(old)
    a = np.zeros((len(names) + n_controls, layout.width))
    a[: len(names), : len(old)] = m.T
    a[len(names) :, len(old) :] = np.eye(n_controls)
    cross = np.einsum("ij,ojk,lk->oil", a, cells.cross, a)
    new_layout = Layout(names, layout.controls)
    return replace(cells, values=cells.values @ m, cross=cross), new_layout


def merge(parts: Sequence[Cells]) -> Cells:
    """One problem from the statistics of disjoint sets of customers (same layout)."""
    if len(parts) == 1:
        return parts[0]
    cell_off = np.cumsum([0] + [len(p.codes) for p in parts])
    pat_off = np.cumsum([0] + [p.n_patterns for p in parts])
    return Cells(
        codes=np.concatenate([p.codes for p in parts]),
        values=np.concatenate([p.values for p in parts]),
        pattern=np.concatenate([p.pattern + pat_off[i] for i, p in enumerate(parts)]),
        cell=np.concatenate([p.cell + cell_off[i] for i, p in enumerate(parts)]),
        mult=np.concatenate([p.mult for p in parts]),
        y=np.concatenate([p.y for p in parts], axis=1),
        yy=np.concatenate([p.yy for p in parts], axis=1),
        total=np.concatenate([p.total for p in parts], axis=1),
        square=np.concatenate([p.square for p in parts], axis=1),
        customers=np.concatenate([p.customers for p in parts], axis=1),
        cross=np.sum([p.cross for p in parts], axis=0),
    )


# -- the fit -----------------------------------------------------------------------------------


def within_rate_ratios(
    outcome: npt.ArrayLike,
    treatments: Mapping[str, npt.ArrayLike],
    customer: npt.ArrayLike,
    controls: Mapping[str, npt.ArrayLike] | None = None,
    *,
    confidence: float = CONFIDENCE,
    max_iter: int = 50,
    tol: float = 1e-10,
) -> WithinFit:
    """Fit the conditional (fixed-effects) Poisson model; see the module docstring.

    ``outcome``, every treatment and control and ``customer`` are aligned 1-d arrays (one
    element per customer-period row).  Customers whose outcome total is 0 carry no information
    and are left out; a treatment that never varies within any remaining customer cannot be
    estimated and raises :class:`ModelError`.
    """
    y = np.asarray(outcome, dtype=np.float64)
    if not np.all(np.isfinite(y)) or (y < 0).any():
        raise ModelError("the outcome must be finite and not negative")
    controls = controls or {}
    code_columns: list[Index] = []
    labels: list[tuple[str, tuple[str, ...]]] = []
    for name, values in controls.items():
        codes, levels = pd.factorize(pd.Series(np.asarray(values)), sort=True)
        code_columns.append(codes.astype(np.int64))
        labels.append((name, tuple(str(v) for v in levels)))
    layout = Layout(tuple(treatments), tuple(labels))
    n = len(y)
    value_matrix = (
        np.column_stack([np.asarray(v, dtype=np.float64) for v in treatments.values()])
        if treatments
        else np.zeros((n, 0))
    )
    if not np.all(np.isfinite(value_matrix)):
        raise ModelError("the treatments must be finite numbers")
    code_matrix = np.column_stack(code_columns) if code_columns else np.zeros((n, 0), np.int64)
    groups, uniques = pd.factorize(pd.Series(np.asarray(customer)))
    st = structure(code_matrix, value_matrix, groups.astype(np.int64), len(uniques))
    return fit_cells(
        statistics(st, layout, y[None, :]),
        layout,
        confidence=confidence,
        max_iter=max_iter,
        tol=tol,
    )


@dataclass
class _Problem:
    """The entries of the patterns with customers, and the columns of the fit.

    The design is never formed: a column is a treatment (its values per cell) or a level of a
    control (a one-hot code per cell), so every product with it is a sum by code
    (``numpy.bincount``).  Only the ``P × K`` Gram products are dense; they go through
    ``numpy.einsum``, which runs in this thread (a threaded BLAS can stall a busy machine)."""

    pattern: Index  # (E,)
    starts: Index  # (P,) first entry of each pattern
    cell: Index
    mult: Array
    y: Array
    total: Array  # (P,)
    square: Array
    codes: Index  # (C, controls)
    values: Array  # (C, treatments)
    sizes: tuple[int, ...]  # levels per control
    offsets: tuple[int, ...]  # first full column of each control
    full: Index  # (K,) the full column of each column of the fit
    #: the last evaluation of :func:`_evaluate`: (β as bytes, (ℓ, π, log normalisers))
    last: tuple[bytes, tuple[float, Array, Array]] | None = None

    @cached_property
    def y_cells(self) -> Array:
        """The outcome summed per cell (over the entries)."""
        out = np.bincount(self.cell, weights=self.y, minlength=len(self.codes))
        return np.asarray(out, dtype=np.float64)

    @property
    def width(self) -> int:
        return int(self.values.shape[1]) + sum(self.sizes)

    def eta(self, beta: Array) -> Array:
        """``x_c β`` per cell."""
        spread = np.zeros(self.width)
        spread[self.full] = beta
        out = np.zeros(len(self.codes))
        for j in range(self.values.shape[1]):
            if spread[j] != 0.0:
                out += self.values[:, j] * spread[j]
        for i, at in enumerate(self.offsets):
            out += spread[at : at + self.sizes[i]][self.codes[:, i]]
        return out

    def gradient(self, per_cell: Array) -> Array:
        """``Xᵀ r`` for per-cell ``r``, in the fit's columns."""
        out = np.empty(self.width)
        for j in range(self.values.shape[1]):
            out[j] = float((self.values[:, j] * per_cell).sum())
        for i, at in enumerate(self.offsets):
            out[at : at + self.sizes[i]] = np.bincount(
                self.codes[:, i], weights=per_cell, minlength=self.sizes[i]
            )
        return out[self.full]

    def weighted_gram(self, h: Array) -> Array:
        """``Xᵀ diag(h) X`` for per-cell ``h``, in the fit's columns."""
        n_t = self.values.shape[1]
        out = np.zeros((self.width, self.width))
        for a in range(n_t):
            ha = h * self.values[:, a]
            for b in range(a, n_t):
                out[a, b] = out[b, a] = float((ha * self.values[:, b]).sum())
            for i, at in enumerate(self.offsets):
                col = np.bincount(self.codes[:, i], weights=ha, minlength=self.sizes[i])
                out[a, at : at + self.sizes[i]] = col
                out[at : at + self.sizes[i], a] = col
        for i, at in enumerate(self.offsets):
            li = self.sizes[i]
            out[at : at + li, at : at + li] = np.diag(
                np.bincount(self.codes[:, i], weights=h, minlength=li)
            )
            for j in range(i + 1, len(self.offsets)):
                lj, bt = self.sizes[j], self.offsets[j]
                block = np.bincount(
                    self.codes[:, i] * lj + self.codes[:, j], weights=h, minlength=li * lj
                ).reshape(li, lj)
                out[at : at + li, bt : bt + lj] = block
                out[bt : bt + lj, at : at + li] = block.T
        return out[np.ix_(self.full, self.full)]

    def mean_x(self, weights: Array) -> Array:
        """Per pattern ``Σ_e w_e x_{c_e}`` (P, K): one ``bincount`` over the entries' nonzero
        design values (:meth:`_spread`)."""
        n_p = len(self.starts)
        source, index, scale = self.spread
        out = np.bincount(index, weights=weights[source] * scale, minlength=n_p * self.width)
        return np.asarray(out, dtype=np.float64).reshape(n_p, self.width)[:, self.full]

    @cached_property
    def spread(self) -> tuple[Index, Index, Array]:
        """The nonzero design values of the entries: entry, position ``pattern · W + full
        column`` in a ``P × W`` table, and value."""
        width = self.width
        sources, indices, scales = [], [], []
        entries = np.arange(len(self.cell), dtype=np.int64)
        base = self.pattern * width
        for j in range(self.values.shape[1]):
            v = self.values[self.cell, j]
            nz = v != 0
            sources.append(entries[nz])
            indices.append(base[nz] + j)
            scales.append(v[nz])
        for i, at in enumerate(self.offsets):
            sources.append(entries)
            indices.append(base + at + self.codes[self.cell, i])
            scales.append(np.ones(len(entries)))
        if not sources:
            return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
        return np.concatenate(sources), np.concatenate(indices), np.concatenate(scales)


#: Rows per block of :func:`_gram`: a ``K × rows × K`` product below OpenBLAS's threshold for
#: threads (``m·n·k ≤ 4 · 65536``) runs in the calling thread.
_GRAM_WORK = 4 * 65536


def _gram(a: Array, b: Array) -> Array:
    """``aᵀ b`` for tall ``a`` and ``b``, summed over blocks of rows small enough for BLAS to
    keep to this thread: on a busy machine a threaded BLAS waits for its threads, and one
    product of a few thousand rows can take a second instead of a millisecond."""
    k = max(a.shape[1] * b.shape[1], 1)
    step = max(_GRAM_WORK // k, 1)
    out = np.zeros((a.shape[1], b.shape[1]))
    for lo in range(0, a.shape[0], step):
        out += a[lo : lo + step].T @ b[lo : lo + step]
    return out


def fit_cells(
    cells: Cells,
    layout: Layout,
    *,
    outcome: int = 0,
    present: Sequence[npt.NDArray[np.bool_]] | None = None,
    confidence: float = CONFIDENCE,
    max_iter: int = 50,
    tol: float = 1e-10,
    start: Mapping[str, float] | None = None,
) -> WithinFit:
    """Fit the model on sufficient statistics (module docstring).  ``present`` marks per
    control the codes that occur in the rows (default: the codes of the cells of the customers
    that carry information): the first of them is the reference level.  ``start`` optionally
    gives starting values by coefficient name."""
    n_treat = len(layout.treatments)
    keep = cells.customers[outcome] > 0
    renumber = np.cumsum(keep) - 1
    in_kept = keep[cells.pattern]
    pattern = renumber[cells.pattern[in_kept]]
    cell = cells.cell[in_kept]
    mult = cells.mult[in_kept]
    y = cells.y[outcome, in_kept]
    yy = cells.yy[outcome, in_kept]
    total = cells.total[outcome, keep]
    square = cells.square[outcome, keep]
    n_customers = cells.customers[outcome, keep]
    n_p = int(keep.sum())
    starts = np.flatnonzero(np.diff(pattern, prepend=-1)) if len(pattern) else np.zeros(0, np.int64)
    rows_of = np.bincount(pattern, weights=mult, minlength=n_p)
    # candidate columns: treatments, then each control's present codes but the first
    pieces: list[tuple[str, int, int]] = [("t", j, 0) for j in range(n_treat)]
    names = list(layout.treatments)
    full = list(range(n_treat))
    offsets = layout.offsets()
    for i, (name, labels) in enumerate(layout.controls):
        if present is not None:
            there = np.asarray(present[i], dtype=bool)
        else:
            there = np.bincount(cells.codes[cell, i], minlength=len(labels))[: len(labels)] > 0
        codes = np.flatnonzero(there)
        for code in codes[1:]:
            pieces.append(("c", i, int(code)))
            names.append(f"{name}[{labels[code]}]")
            full.append(offsets[i] + int(code))
    # drop columns without variation left within any customer
    varying = np.zeros(len(pieces), dtype=bool)
    length = np.diff(np.append(starts, len(pattern)))
    count_tables: dict[int, Array] = {}
    for col, (kind, i, code) in enumerate(pieces):
        if n_p == 0:
            break
        if kind == "t":
            v = cells.values[cell, i]
            varying[col] = bool(
                np.any(np.maximum.reduceat(v, starts) > np.minimum.reduceat(v, starts))
            )
        else:
            if i not in count_tables:
                size = len(layout.controls[i][1])
                key = pattern * size + cells.codes[cell, i]
                counted = np.bincount(key, minlength=n_p * size)
                count_tables[i] = np.asarray(counted, dtype=np.float64).reshape(n_p, size)
            cnt = count_tables[i][:, code]
            varying[col] = bool(np.any((cnt > 0) & (cnt < length)))
    for j, name in enumerate(layout.treatments):
        if not varying[j]:
            raise ModelError(
                f"{name}: no customer has rows both with and without it; there is nothing to "
                "compare within customers"
            )
    pieces = [p for p, v in zip(pieces, varying, strict=True) if v]
    names = [nm for nm, v in zip(names, varying, strict=True) if v]
    full = [f for f, v in zip(full, varying, strict=True) if v]
    prob = _Problem(
        pattern=pattern,
        starts=starts,
        cell=cell,
        mult=mult,
        y=y,
        total=total,
        square=square,
        codes=cells.codes,
        values=cells.values,
        sizes=tuple(len(labels) for _, labels in layout.controls),
        offsets=tuple(offsets),
        full=np.asarray(full, dtype=np.int64),
    )
    beta = np.zeros(len(pieces))
    if start:
        beta = np.array([float(start.get(nm, 0.0)) for nm in names])
    loglik = -math.inf
    iterations = 0
    new = beta
    for iterations in range(1, max_iter + 1):  # noqa: B007
        loglik, score, hess, _ = _derivatives(beta, prob)
        try:
            step = np.linalg.solve(-hess, score)
        except np.linalg.LinAlgError:
            raise ModelError(
                "the design is singular: a treatment is collinear with the controls"
            ) from None
        # halve the step while the likelihood does not improve
        new_ll = loglik
        for _ in range(30):
            new = beta + step
            new_ll = _loglik(new, prob)
            if new_ll >= loglik - 1e-12:
                break
            step /= 2
        beta = new
        if np.max(np.abs(step)) < tol or abs(new_ll - loglik) < tol * max(1.0, abs(loglik)):
            break
    loglik, score, hess, xbar = _derivatives(beta, prob)
    bread = np.linalg.inv(-hess)
    v = prob.mean_x(yy)
    cross = cells.cross[outcome][np.ix_(full, full)]
    mixed = _gram(v, xbar)
    meat = cross - mixed - mixed.T + _gram(xbar * square[:, None], xbar)
    n_groups = int(n_customers.sum())
    robust = bread @ meat @ bread * (n_groups / max(n_groups - 1, 1))
    se = np.sqrt(np.diag(robust))
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    effects = {}
    for j, name in enumerate(layout.treatments):
        on = np.bincount(pattern, weights=mult * cells.values[cell, j], minlength=n_p) > 0
        effects[name] = RateRatio(
            term=name,
            ratio=math.exp(beta[j]),
            low=math.exp(beta[j] - z * se[j]),
            high=math.exp(beta[j] + z * se[j]),
            beta=float(beta[j]),
            se=float(se[j]),
            treated_customers=round(float(n_customers[on].sum())),
        )
    return WithinFit(
        effects=effects,
        customers=n_groups,
        rows=round(float((n_customers * rows_of).sum())),
        iterations=iterations,
        loglik=float(loglik),
        params=beta,
        se_model=np.sqrt(np.diag(bread)),
        names=tuple(names),
    )


def _shares(eta: Array, prob: _Problem) -> tuple[Array, Array]:
    """Per entry (``eta`` = ``x β`` of its cell) the share ``π_e`` of its rows in the
    pattern's normaliser, and per pattern the log normaliser ``log Σ_e m_e exp(x_e β)``."""
    top = np.maximum.reduceat(eta, prob.starts)
    w = prob.mult * np.exp(eta - top[prob.pattern])
    sums = np.add.reduceat(w, prob.starts)
    return w / sums[prob.pattern], np.log(sums) + top


def _evaluate(beta: Array, prob: _Problem) -> tuple[float, Array, Array]:
    """Log-likelihood, the entries' shares ``π_e`` and the patterns' log normalisers at
    ``beta``; the last evaluation is kept, so that the Newton step after a line search that
    evaluated the new point does not evaluate it again.  ``ℓ = Σ_c y_c x_c β − Σ_p Y_p log
    Σ_e m_e exp(x_e β)``: the outcome per cell and the pattern totals, no pass over the
    entries' outcomes."""
    key = beta.tobytes()
    if prob.last is not None and prob.last[0] == key:
        return prob.last[1]
    eta_cells = prob.eta(beta)
    pi, log_norm = _shares(eta_cells[prob.cell], prob)
    # (sums of products, not ``@``: a threaded BLAS dot can stall a busy machine)
    loglik = float(np.sum(prob.y_cells * eta_cells) - np.sum(prob.total * log_norm))
    prob.last = (key, (loglik, pi, log_norm))
    return loglik, pi, log_norm


def _loglik(beta: Array, prob: _Problem) -> float:
    return _evaluate(beta, prob)[0]


def _derivatives(beta: Array, prob: _Problem) -> tuple[float, Array, Array, Array]:
    """Log-likelihood, score, Hessian and the patterns' mean rows ``x̄_p``."""
    n_cells = len(prob.codes)
    loglik, pi, _ = _evaluate(beta, prob)
    expected = prob.total[prob.pattern] * pi
    weight = np.asarray(np.bincount(prob.cell, weights=expected, minlength=n_cells), np.float64)
    resid = prob.y_cells - weight
    xbar = prob.mean_x(pi)
    hess = -prob.weighted_gram(weight) + _gram(xbar * prob.total[:, None], xbar)
    return loglik, prob.gradient(resid), hess, xbar
