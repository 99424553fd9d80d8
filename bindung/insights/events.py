"""Events against comparison events, each customer against themselves (decision 0006).

>>> fit = event_rate_ratios(panel, events, ("resolved", "unresolved"))    # doctest: +SKIP
>>> fit.effects["resolved"].ratio                                          # doctest: +SKIP
1.2

``events`` holds one row per event: ``customer_id`` (or ``code``, the customer's row in
``panel.first``, which spares looking up text ids in repeated draws), ``a`` (the *anchor
month*, an index on the panel's months) and ``term`` (the kind of event; ``""`` for a
comparison event).  On the
customer-month panel (:mod:`bindung.insights.panel`) every row ``(g, t)`` gets, per term ``j``,

    n_j,gt  = events of customer g with term j anchored before month t   (a count)
    e_gt    = all events of customer g anchored before month t           (comparison included)

and the anchor month of every event is **left out** of the panel: it holds the purchase the
event follows by construction, and counting it on either side would make every event look
like a rise or a drop.  "After" starts with the month after the anchor.  The model is the
conditional Poisson of :func:`bindung.models.within.within_rate_ratios` with month and tenure
controls::

    E[y_gt] = c_g · exp(Σ_j β_j · n_j,gt + γ · e_gt + month_t + tenure_gt)

so ``exp(β_j)`` compares an event of kind ``j`` with an ordinary comparison event — a month of
the same kind (an order month) that is not an event.  The comparison events absorb the
selection that comes with anchoring on an order: a customer who just bought is, by that
fact, still a customer, while the month and tenure controls decline as others drop out.
Complaints (:mod:`bindung.insights.complaints`) draw their comparison events at random among
all order months; loyalty members (:mod:`bindung.insights.members`) draw one per customer,
like an enrolment, from a fitted enrolment hazard, compared within strata (``stratum``).

**Computation** (decision 0008).  The fit runs on sufficient statistics
(:mod:`bindung.models.within`): customers without an event (most of them) keep the cells of
their months, so their sums are computed once per panel (kept in ``panel.cache``) and only the
customers with an event — or with a covariate switched on, or left out — are taken out of them
and summed anew in each call.  With repeated draws of comparison events (:class:`EventModel`)
the events that are the same in every draw (the complaints, the enrolments) are prepared once
as well, and a draw recomputes only the customers its own events fall on.  The fits of several
outcomes share one pass (:func:`event_fits`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from bindung.errors import BindungError
from bindung.insights.panel import CustomerMonths
from bindung.models import within
from bindung.models.within import CONFIDENCE, WithinFit

Array = npt.NDArray[np.float64]
Index = npt.NDArray[np.int64]
#: Tenure above this many months is one control level.
TENURE_CAP = 24
#: The name of the all-events count in the fit (``γ`` above).
EVENT = "event"


def event_rate_ratios(
    panel: CustomerMonths,
    events: pd.DataFrame,
    terms: Sequence[str],
    *,
    outcome: str = "orders",
    confidence: float = CONFIDENCE,
    covariates: Mapping[str, Array] | None = None,
) -> WithinFit:
    """Fit the model of the module docstring.  Terms without an event followed by a panel
    month are left out of the fit; :class:`BindungError` when none is left.

    With a column ``stratum`` in ``events`` the comparison term is one per stratum (events are
    compared with comparison events of their own stratum).  ``covariates`` are further
    time-varying indicators aligned with the panel's rows (other measures that started at
    their own time, such as following the brand); they enter as treatments of their own."""
    fits = event_fits(
        panel, events, terms, outcomes=(outcome,), confidence=confidence, covariates=covariates
    )
    return fits[outcome]


@dataclass(frozen=True)
class _Base:
    """What every call on one panel shares: customer codes and months of the rows, and the
    sufficient statistics of all customers as if none had an event."""

    ids: pd.Index  # customer id of each code
    by_first: bool  # the codes are the rows of ``panel.first``
    codes: Index  # (n,) customer code of each frame row
    has_rows: npt.NDArray[np.bool_]  # (G,)
    order: Index | None  # frame rows sorted by customer (None: the frame is)
    row_start: Index  # (G,) first position of the customer's rows in that order
    row_count: Index  # (G,)
    k: Index  # (n,)
    n_months: int
    controls: Index  # (n, 2) codes of month and capped tenure
    layout: within.Layout  # no treatments; month and tenure
    level_rows: tuple[Index, ...]  # rows per code of each control
    structure: within.Structure
    stats: dict[str, within.Cells]  # per outcome, all customers


def _base(panel: CustomerMonths) -> _Base:
    cached = panel.cache.get("events")
    if isinstance(cached, _Base):
        return cached
    f = panel.frame
    if panel.codes is not None:
        codes = np.asarray(panel.codes, dtype=np.int64)
        ids = pd.Index(panel.first["customer_id"])
    else:
        found, uniques = pd.factorize(f["customer_id"])
        codes, ids = found.astype(np.int64), pd.Index(uniques)
    n_customers = len(ids)
    row_count = np.bincount(codes, minlength=n_customers).astype(np.int64)
    order = None if bool(np.all(np.diff(codes) >= 0)) else np.argsort(codes, kind="stable")
    k = f["k"].to_numpy(np.int64)
    controls, labels, level_values = [], [], []
    for name, values in (
        ("month", k),
        ("tenure", np.minimum(f["tenure"].to_numpy(np.int64), TENURE_CAP)),
    ):
        c, levels = within.levels(values)
        level_values.append(np.asarray(levels, dtype=np.int64))
        controls.append(c)
        labels.append((name, tuple(str(v) for v in levels)))
    control_codes = np.column_stack(controls)
    layout = within.Layout((), tuple(labels))
    tenure = f["tenure"].to_numpy(np.int64)
    st = _dense_structure(codes, k, tenure, control_codes, n_customers, level_values)
    if st is None:
        st = within.structure(control_codes, np.zeros((len(f), 0)), codes, n_customers)
    base = _Base(
        ids=ids,
        by_first=panel.codes is not None,
        codes=codes,
        has_rows=row_count > 0,
        order=order,
        row_start=np.cumsum(row_count) - row_count,
        row_count=row_count,
        k=k,
        n_months=int(k.max()) + 2,
        controls=control_codes,
        layout=layout,
        level_rows=tuple(
            np.bincount(control_codes[:, i], minlength=len(labels[i][1])).astype(np.int64)
            for i in range(2)
        ),
        structure=st,
        stats={},
    )
    panel.cache["events"] = base
    return base


def _dense_structure(
    codes: Index,
    k: Index,
    tenure: Index,
    controls: Index,
    n_customers: int,
    levels: Sequence[Index],
) -> within.Structure | None:
    """:func:`bindung.models.within.structure` of the panel's rows without treatments, read
    off the panel's layout instead of comparing every customer's cells: when each customer's
    rows are together (codes ascending) and run over consecutive months with the tenure rising
    by one each month (what :func:`bindung.insights.panel.customer_months` builds), a
    customer's cells are fixed by their first month, first tenure and number of rows, so
    customers with the same three share a pattern.  ``controls`` are the rows' codes of the
    month and the capped tenure, ``levels`` the values of those codes.  ``None`` when the rows
    are not laid out so.
    (Customers whose different first tenures are all above the cap have the same cells but
    keep their own patterns: a finer grouping, the same fit.)"""
    n = len(k)
    if n == 0 or bool(np.any(np.diff(codes) < 0)):
        return None
    first = np.ones(n, dtype=bool)
    first[1:] = codes[1:] != codes[:-1]
    inside = ~first[1:]
    if not (np.all(np.diff(k)[inside] == 1) and np.all(np.diff(tenure)[inside] == 1)):
        return None
    starts = np.flatnonzero(first)
    lengths = np.diff(np.append(starts, n))
    k0, t0 = k[starts], tenure[starts]
    if k0.min() < 0 or t0.min() < 0 or max(k0.max(), t0.max(), lengths.max()) >= 2**20:
        return None
    key = (k0 << 40) | (t0 << 20) | lengths
    pattern_keys, pattern_of_customer = np.unique(key, return_inverse=True)
    p_k0, p_t0, p_len = (
        pattern_keys >> 40,
        (pattern_keys >> 20) & (2**20 - 1),
        pattern_keys & (2**20 - 1),
    )
    entry_start = np.cumsum(p_len) - p_len
    pattern = np.repeat(np.arange(len(pattern_keys), dtype=np.int64), p_len)
    offset = np.arange(int(p_len.sum()), dtype=np.int64) - np.repeat(entry_start, p_len)
    # the codes of each entry's month and capped tenure
    month_code = np.full(int(levels[0].max()) + 1, -1, dtype=np.int64)
    month_code[levels[0]] = np.arange(len(levels[0]))
    tenure_code = np.full(int(levels[1].max()) + 1, -1, dtype=np.int64)
    tenure_code[levels[1]] = np.arange(len(levels[1]))
    e_month = month_code[np.repeat(p_k0, p_len) + offset]
    e_tenure = tenure_code[np.minimum(np.repeat(p_t0, p_len) + offset, TENURE_CAP)]
    n_tenure = len(levels[1])
    cell_key = e_month * n_tenure + e_tenure
    seen = np.bincount(cell_key, minlength=int(cell_key.max()) + 1) > 0
    cell = (np.cumsum(seen) - 1)[cell_key]
    present = np.flatnonzero(seen)
    cell_codes = np.column_stack([present // n_tenure, present % n_tenure]).astype(np.int64)
    entry_of = np.repeat(entry_start[pattern_of_customer] - starts, lengths)
    entry_of += np.arange(n, dtype=np.int64)
    pattern_of = np.full(n_customers, -1, dtype=np.int64)
    pattern_of[codes[starts]] = pattern_of_customer
    return within.Structure(
        codes=cell_codes,
        values=np.zeros((len(cell_codes), 0)),
        pattern=pattern,
        cell=cell.astype(np.int64),
        mult=np.ones(len(pattern)),
        n_patterns=len(pattern_keys),
        pattern_of=pattern_of,
        entry_of=entry_of,
        group=codes,
    )


def _base_stats(base: _Base, panel: CustomerMonths, outcome: str) -> within.Cells:
    if outcome not in base.stats:
        y = panel.frame[outcome].to_numpy(np.float64)
        base.stats[outcome] = within.statistics(base.structure, base.layout, y[None, :])
    return base.stats[outcome]


def _stack(cells: Sequence[within.Cells]) -> within.Cells:
    """Statistics of several outcomes on one structure as one :class:`within.Cells`."""
    if len(cells) == 1:
        return cells[0]
    return replace(
        cells[0],
        y=np.concatenate([c.y for c in cells]),
        yy=np.concatenate([c.yy for c in cells]),
        total=np.concatenate([c.total for c in cells]),
        square=np.concatenate([c.square for c in cells]),
        customers=np.concatenate([c.customers for c in cells]),
        cross=np.concatenate([c.cross for c in cells]),
    )


def _pad(cells: within.Cells, n_treat: int) -> within.Cells:
    """Statistics without treatments, given ``n_treat`` treatment columns of zeros."""
    return _columns(cells, (), ("",) * n_treat)


def _columns(cells: within.Cells, have: Sequence[str], want: Sequence[str]) -> within.Cells:
    """Statistics with the treatment columns ``have`` rearranged to ``want`` (a name not in
    ``have`` is a column of zeros; a name not in ``want`` is dropped)."""
    if tuple(have) == tuple(want):
        return cells
    o, width, _ = cells.cross.shape
    n_controls = width - len(have)
    source = [list(have).index(n) if n in have else -1 for n in want]
    values = np.zeros((len(cells.codes), len(want)))
    for j, i in enumerate(source):
        if i >= 0:
            values[:, j] = cells.values[:, i]
    new = [j for j, i in enumerate(source) if i >= 0] + [len(want) + c for c in range(n_controls)]
    old = [i for i in source if i >= 0] + [len(have) + c for c in range(n_controls)]
    cross = np.zeros((o, len(want) + n_controls, len(want) + n_controls))
    cross[:, np.array(new)[:, None], np.array(new)[None, :]] = cells.cross[
        :, np.array(old)[:, None], np.array(old)[None, :]
    ]
    return replace(cells, values=values, cross=cross)


def _rows_of(base: _Base, customers: Index) -> Index:
    """The frame rows of ``customers`` (sorted codes), customer by customer."""
    lens = base.row_count[customers]
    pos = np.repeat(base.row_start[customers], lens) + (
        np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens, lens)
    )
    return pos if base.order is None else base.order[pos]


def _event_counts(
    base: _Base,
    rows: Index,
    code: Index,
    anchor: Index,
    masks: Sequence[npt.NDArray[np.bool_]],
) -> tuple[npt.NDArray[np.bool_], Array]:
    """For frame ``rows``: whether the row's month is the anchor month of one of the
    customer's events (``code``, ``anchor``), and per mask over the events the number of the
    customer's events in it anchored before the row's month."""
    n_months = base.n_months
    g = base.codes[rows]
    row_key = g * n_months + base.k[rows]
    has_anchor = anchor >= 0
    anchor_key = np.unique(
        code[has_anchor] * n_months + np.minimum(anchor[has_anchor], n_months - 1)
    )
    if len(anchor_key):
        at = np.minimum(np.searchsorted(anchor_key, row_key), len(anchor_key) - 1)
        anchored = anchor_key[at] == row_key
    else:
        anchored = np.zeros(len(rows), dtype=bool)
    # one search over all events (sorted by customer and first month after the anchor)
    shifted = code * n_months + np.clip(anchor + 1, 0, n_months - 1)
    by_key = np.argsort(shifted, kind="stable")
    sorted_key = shifted[by_key]
    hi = np.searchsorted(sorted_key, row_key, side="right")
    lo = np.searchsorted(sorted_key, g * n_months, side="left")
    counts = np.zeros((len(rows), len(masks)))
    for j, mask in enumerate(masks):
        running = np.concatenate([[0], np.cumsum(mask[by_key])])
        counts[:, j] = running[hi] - running[lo]
    return anchored, counts


def _any_by(group: Index, flags: npt.NDArray[np.bool_], n_groups: int) -> npt.NDArray[np.bool_]:
    """Per group and column: any flag set (``flags`` (rows, columns))."""
    out = np.zeros((n_groups, flags.shape[1]), dtype=bool)
    for j in range(flags.shape[1]):
        out[:, j] = np.bincount(group, weights=flags[:, j], minlength=n_groups) > 0
    return out


def _levels(base: _Base, rows: Index) -> list[Index]:
    return [
        np.bincount(base.controls[rows, i], minlength=len(base.level_rows[i])).astype(np.int64)
        for i in range(2)
    ]


class EventModel:
    """:func:`event_rate_ratios` prepared for repeated draws of comparison events: the
    ``events`` given here (and the covariates) are the same in every draw, and
    :meth:`fit` adds a draw's events to them.  What does not change between draws — the
    statistics of the customers without events and of those with only these events — is
    computed once; a draw recomputes only the customers its events fall on.  The fits are
    those of :func:`event_rate_ratios` on the events together (these first)."""

    def __init__(
        self,
        panel: CustomerMonths,
        events: pd.DataFrame,
        terms: Sequence[str],
        *,
        outcomes: Sequence[str] = ("orders",),
        confidence: float = CONFIDENCE,
        covariates: Mapping[str, Array] | None = None,
        leave_out: npt.ArrayLike | None = None,
    ) -> None:
        base = self.base = _base(panel)
        self.panel, self.terms, self.outcomes = panel, tuple(terms), tuple(outcomes)
        self.confidence = confidence
        n_customers = len(base.ids)
        self.gone = np.zeros(n_customers, dtype=bool)
        if leave_out is not None:
            out = base.ids.get_indexer(pd.Index(np.asarray(leave_out)))
            self.gone[out[out >= 0]] = True
        self.stratified = "stratum" in events
        self.fixed = self._events(events)
        self.cov = {
            name: np.asarray(values, dtype=np.float64)
            for name, values in (covariates or {}).items()
        }
        code = self.fixed["code"]
        special = self.gone.copy()
        special[code] = True
        for column in self.cov.values():
            special[base.codes[column != 0]] = True
        self.special = special
        fixed_customers = self.customers = np.flatnonzero(special)
        rows = self.rows = _rows_of(base, fixed_customers)
        self.strata = list(pd.unique(self.fixed["stratum"])) if self.stratified else []
        names, masks = self._names(self.fixed, self.strata)
        anchored, counts = _event_counts(base, rows, code, self.fixed["a"], masks)
        keep = ~anchored & ~self.gone[base.codes[rows]]
        kept = rows[keep]
        self.names = (*names, *self.cov)
        values = np.column_stack([counts[keep], *[c[kept] for c in self.cov.values()]])
        local = np.searchsorted(fixed_customers, base.codes[kept])
        self.structure = within.structure(
            base.controls[kept],
            values.reshape(len(kept), len(self.names)),
            local,
            len(fixed_customers),
        )
        self.layout = within.Layout(self.names, base.layout.controls)
        y = [panel.frame[o].to_numpy(np.float64) for o in self.outcomes]
        self.y = y
        self.kept_y = np.array([v[kept] for v in y]).reshape(len(y), len(kept))
        self.stats = within.statistics(self.structure, self.layout, self.kept_y)
        m = len(self.names)
        flags = values.reshape(len(kept), m)
        self.positive = _any_by(local, flags > 0, len(fixed_customers))
        self.zero = _any_by(local, flags == 0, len(fixed_customers))
        per = np.bincount(local, minlength=len(fixed_customers)).astype(np.int64)
        self.kept_start, self.kept_count = np.cumsum(per) - per, per
        self.kept_levels = _levels(base, kept)
        self.all_levels = _levels(base, rows)
        self.kept_rows = kept
        whole = _stack([_base_stats(base, panel, o) for o in self.outcomes])
        taken = within.statistics(
            base.structure, base.layout, np.array([v[rows] for v in y]).reshape(len(y), -1), rows
        )
        self.rest = within.subtract(whole, taken)
        self.other_rows = len(panel.frame) - len(rows)

    def _events(self, events: pd.DataFrame) -> dict[str, npt.NDArray[Any]]:
        """Codes, anchors, kinds and strata of the events of customers in the panel (not
        left out)."""
        base = self.base
        if "code" in events and base.by_first:
            code = events["code"].to_numpy(np.int64)
        else:
            ids = events["customer_id"] if "customer_id" in events else self._first_ids(events)
            code = base.ids.get_indexer(pd.Index(ids)).astype(np.int64)
        ok = code >= 0
        ok[ok] = base.has_rows[code[ok]] & ~self.gone[code[ok]]
        out: dict[str, npt.NDArray[Any]] = {
            "code": code[ok],
            "a": events["a"].to_numpy(np.int64)[ok],
            "term": events["term"].to_numpy()[ok],
        }
        if self.stratified:
            out["stratum"] = events["stratum"].to_numpy()[ok]
        return out

    def _first_ids(self, events: pd.DataFrame) -> pd.Index:
        """The ids of events given by ``code``, a row of ``panel.first``."""
        first = pd.Index(self.panel.first["customer_id"])
        taken: pd.Index = first.take(events["code"].to_numpy(np.int64))
        return taken

    def _names(
        self, events: dict[str, npt.NDArray[Any]], strata: Sequence[Any] = ()
    ) -> tuple[list[str], list[npt.NDArray[np.bool_]]]:
        """Names of the event columns (every term, then each of ``strata``, or
        :data:`EVENT`) and their masks over ``events``."""
        names = list(self.terms)
        masks = [events["term"] == t for t in self.terms]
        if self.stratified:
            for value in strata:
                names.append(f"{EVENT}[{value}]")
                masks.append(events["stratum"] == value)
        else:
            names.append(EVENT)
            masks.append(np.ones(len(events["code"]), dtype=bool))
        return names, masks

    def fit(
        self,
        events: pd.DataFrame | None = None,
        *,
        start: Mapping[str, Mapping[str, float]] | None = None,
    ) -> dict[str, WithinFit]:
        """The fits with the prepared events and ``events`` (a draw) together."""
        base, fixed = self.base, self.fixed
        empty = pd.DataFrame({"code": np.zeros(0, np.int64), "a": [], "term": [], "stratum": []})
        draw = self._events(events if events is not None else empty)
        hit = np.unique(draw["code"])
        hit_fixed = hit[self.special[hit]]
        hit_base = hit[~self.special[hit]]
        # the hit customers, with all their events
        mine = np.isin(fixed["code"], hit_fixed)
        together = {key: np.concatenate([fixed[key][mine], draw[key]]) for key in draw}
        strata = list(self.strata)
        if self.stratified and len(draw["stratum"]):
            # the order of pandas.unique over the prepared events, then the draw's
            strata = list(pd.unique(np.concatenate([fixed["stratum"], draw["stratum"]])))
        names, masks = self._names(together, strata)
        rows = _rows_of(base, hit)
        anchored, counts = _event_counts(base, rows, together["code"], together["a"], masks)
        kept = rows[~anchored]
        counts = counts[~anchored]
        cov = {name: c[kept] for name, c in self.cov.items()}
        # which columns enter (event_rate_ratios): terms followed by a month, every
        # comparison column, covariates that are on in some rows and off in others
        at = np.searchsorted(self.customers, hit_fixed)
        positive = self.positive.sum(axis=0) - self.positive[at].sum(axis=0)
        zero = self.zero.sum(axis=0) - self.zero[at].sum(axis=0)
        fixed_index = {n: j for j, n in enumerate(self.names)}
        chosen: list[tuple[str, Array]] = []
        for j, name in enumerate(names):
            column = counts[:, j]
            if j < len(self.terms):
                before = positive[fixed_index[name]] > 0
                if not before and not (column > 0).any():
                    continue
            chosen.append((name, column))
        if not any(n in self.terms for n, _ in chosen):
            raise BindungError("no event is followed by a month of data; nothing to compare")
        others = self.other_rows - int(base.row_count[hit_base].sum()) > 0
        for name, column in cov.items():
            j = fixed_index[name]
            on = positive[j] > 0 or bool((column > 0).any())
            off = zero[j] > 0 or bool((column == 0).any()) or others
            if on and off:
                chosen.append((name, column))
        layout = within.Layout(tuple(n for n, _ in chosen), base.layout.controls)
        local = np.searchsorted(hit, base.codes[kept])
        values = np.column_stack([c for _, c in chosen]) if chosen else np.zeros((len(kept), 0))
        st = within.structure(base.controls[kept], values, local, len(hit))
        ys = np.array([v[kept] for v in self.y]).reshape(len(self.y), len(kept))
        parts = [within.statistics(st, layout, ys)]
        # the prepared customers the draw did not touch
        lens = self.kept_count[at]
        where = np.repeat(self.kept_start[at], lens) + (
            np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens, lens)
        )
        touched = within.statistics(self.structure, self.layout, self.kept_y[:, where], where)
        parts.append(_columns(within.subtract(self.stats, touched), self.names, layout.treatments))
        # the customers without any event
        base_rows = _rows_of(base, hit_base)
        taken = within.statistics(
            base.structure,
            base.layout,
            np.array([v[base_rows] for v in self.y]).reshape(len(self.y), -1),
            base_rows,
        )
        parts.append(_pad(within.subtract(self.rest, taken), len(layout.treatments)))
        cells = within.merge(parts)
        touched_kept = _levels(base, self.kept_rows[where])
        present = [
            base.level_rows[i]
            - self.all_levels[i]
            - _levels(base, base_rows)[i]
            + self.kept_levels[i]
            - touched_kept[i]
            + _levels(base, kept)[i]
            > 0
            for i in range(2)
        ]
        return {
            o: within.fit_cells(
                cells,
                layout,
                outcome=j,
                present=present,
                confidence=self.confidence,
                start=(start or {}).get(o),
            )
            for j, o in enumerate(self.outcomes)
        }


def event_fits(
    panel: CustomerMonths,
    events: pd.DataFrame,
    terms: Sequence[str],
    *,
    outcomes: Sequence[str] = ("orders",),
    confidence: float = CONFIDENCE,
    covariates: Mapping[str, Array] | None = None,
    leave_out: npt.ArrayLike | None = None,
    start: Mapping[str, Mapping[str, float]] | None = None,
) -> dict[str, WithinFit]:
    """:func:`event_rate_ratios` for several outcomes at once (one fit each, sharing the
    events, rows and cells).  ``leave_out`` names customers whose rows leave the fit
    altogether; ``start`` gives starting values per outcome (by coefficient name)."""
    model = EventModel(
        panel,
        events,
        terms,
        outcomes=outcomes,
        confidence=confidence,
        covariates=covariates,
        leave_out=leave_out,
    )
    return model.fit(start=start)


def rubin(betas: Sequence[float], ses: Sequence[float]) -> tuple[float, float]:
    """Combine the fits of ``R`` random draws (Rubin, *Multiple Imputation for Nonresponse in
    Surveys*, 1987): ``β = mean β_r``, ``se² = mean se_r² + (1 + 1/R) · var(β_r)``, so that an
    interval includes the draw-to-draw variation.  Returns ``(β, se)``."""
    b = np.asarray(betas, dtype=np.float64)
    within = float(np.mean(np.asarray(ses, dtype=np.float64) ** 2))
    between = float(np.var(b, ddof=1)) if len(b) > 1 else 0.0
    return float(b.mean()), math.sqrt(within + (1 + 1 / len(b)) * between)
