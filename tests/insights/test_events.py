"""Events against comparison events within customers (:mod:`bindung.insights.events`).

Rubin's rules against a hand computation; :func:`event_rate_ratios` on a hand-built
customer-month panel against :func:`bindung.models.within.within_rate_ratios` called directly
on the rows and treatment counts written out here with plain loops."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
import pytest

from bindung.errors import BindungError
from bindung.insights.events import TENURE_CAP, EventModel, event_fits, event_rate_ratios, rubin
from bindung.insights.panel import CustomerMonths
from bindung.metrics import periods
from bindung.models.within import within_rate_ratios

# -- Rubin's rules --------------------------------------------------------------------------


def test_rubin_by_hand() -> None:
    # betas 0.1, 0.2, 0.3: mean 0.2, var (ddof 1) = (0.01 + 0 + 0.01) / 2 = 0.01
    # ses 0.1, 0.2, 0.2: mean se² = (0.01 + 0.04 + 0.04) / 3 = 0.03
    # se² = 0.03 + (1 + 1/3) · 0.01 = 0.043333…
    beta, se = rubin([0.1, 0.2, 0.3], [0.1, 0.2, 0.2])
    assert beta == pytest.approx(0.2, abs=1e-12)
    assert se == pytest.approx(math.sqrt(0.03 + 4 / 3 * 0.01), abs=1e-12)
    assert se == pytest.approx(0.208166599946613, abs=1e-12)


def test_rubin_single_draw_keeps_its_se() -> None:
    # one draw: no between-draw variance, se stays the draw's own
    assert rubin([0.5], [0.25]) == (pytest.approx(0.5), pytest.approx(0.25))


# -- a hand panel ---------------------------------------------------------------------------

#: customer -> month of the first order; panel rows run first+1 .. FULL-1 (panel.py)
FIRST = {"A": 0, "B": 1, "C": 2, "D": 3, "E": 0, "F": 1, "G": 2, "H": 3}
FULL = 30
#: (customer, anchor month, term, stratum); "" is a comparison event.  Z is not in the panel.
EVENTS = [
    ("A", 5, "x", 1),
    ("B", 10, "x", 2),
    ("C", 7, "", 1),
    ("D", 12, "", 2),
    ("E", 20, "", 1),
    ("F", 8, "", 2),
    ("F", 15, "x", 1),
    ("Z", 4, "x", 1),
]
#: customers who start following the brand, and the first month after which they follow
SOCIAL = {"A": 12, "G": 9}


def hand_panel() -> CustomerMonths:
    rows = [(c, k, k - first) for c, first in FIRST.items() for k in range(first + 1, FULL)]
    frame = pd.DataFrame(rows, columns=["customer_id", "k", "tenure"])
    # fixed counts (a seeded draw is just a way of writing 220 numbers down)
    orders = np.random.default_rng(5).poisson(1.2, len(frame))
    frame["orders"] = orders.astype(np.int64)
    frame["revenue"] = orders * 20.0
    first = pd.DataFrame({"customer_id": list(FIRST), "first_k": list(FIRST.values())})
    grid = periods.make_grid("month", "Europe/Berlin", datetime(2023, 1, 10), datetime(2025, 6, 28))
    assert grid.n == FULL
    return CustomerMonths(frame=frame, first=first, grid=grid, full_months=FULL)


def event_frame(with_stratum: bool = True) -> pd.DataFrame:
    frame = pd.DataFrame(EVENTS, columns=["customer_id", "a", "term", "stratum"])
    return frame if with_stratum else frame.drop(columns="stratum")


def social_column(panel: CustomerMonths) -> np.ndarray:
    f = panel.frame
    return np.array(
        [
            1.0 if c in SOCIAL and k > SOCIAL[c] else 0.0
            for c, k in zip(f["customer_id"], f["k"], strict=True)
        ]
    )


def expected_inputs(
    panel: CustomerMonths, with_stratum: bool = True, drop_anchor: bool = True
) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """The rows the fit should use and the treatment counts, with plain loops: a row (g, t)
    is dropped when t is the anchor month of one of g's events; n_x = x-events of g anchored
    before t; event[s] = events of g of stratum s (any term) anchored before t."""
    f = panel.frame.assign(social=social_column(panel))
    anchors = {(c, a) for c, a, _, _ in EVENTS} if drop_anchor else set()
    keep = [(c, k) not in anchors for c, k in zip(f["customer_id"], f["k"], strict=True)]
    rows = f[keep].reset_index(drop=True)
    x, s1, s2, every = [], [], [], []
    for c, k in zip(rows["customer_id"], rows["k"], strict=True):
        mine = [(a, term, s) for cc, a, term, s in EVENTS if cc == c and a < k]
        x.append(float(sum(term == "x" for _, term, _ in mine)))
        s1.append(float(sum(s == 1 for _, _, s in mine)))
        s2.append(float(sum(s == 2 for _, _, s in mine)))
        every.append(float(len(mine)))
    treatments = {"x": np.array(x)}
    if with_stratum:
        treatments["event[1]"] = np.array(s1)
        treatments["event[2]"] = np.array(s2)
    else:
        treatments["event"] = np.array(every)
    treatments["social"] = rows["social"].to_numpy()
    return rows, treatments


@pytest.mark.parametrize("outcome", ["orders", "revenue"])
def test_event_rate_ratios_equal_a_direct_within_fit(outcome: str) -> None:
    panel = hand_panel()
    fit = event_rate_ratios(
        panel,
        event_frame(),
        ("x",),
        outcome=outcome,
        covariates={"social": social_column(panel)},
    )
    # one comparison term per stratum, the covariate as a term of its own
    assert set(fit.effects) == {"x", "event[1]", "event[2]", "social"}
    rows, treatments = expected_inputs(panel)
    # rows: A, E 29; B, F 28; C, G 27; D, H 26 = 220; the 7 anchor months of panel customers
    # (A5, B10, C7, D12, E20, F8, F15; Z is not in the panel) are left out: 213
    assert len(panel.frame) == 220 and len(rows) == 213
    direct = within_rate_ratios(
        rows[outcome].to_numpy(),
        treatments,
        rows["customer_id"].to_numpy(),
        {"month": rows["k"].to_numpy(), "tenure": np.minimum(rows["tenure"], TENURE_CAP)},
    )
    assert fit.rows == direct.rows == 213
    for name, effect in direct.effects.items():
        assert fit.effects[name].beta == pytest.approx(effect.beta, abs=1e-8), name
        assert fit.effects[name].se == pytest.approx(effect.se, abs=1e-8), name
    # x: A, B, F have rows after their x-event
    assert fit.effects["x"].treated_customers == 3
    assert fit.effects["social"].treated_customers == 2


def test_anchor_month_matters() -> None:
    """The comparison above can fail: the same fit with the anchor rows kept differs."""
    panel = hand_panel()
    fit = event_rate_ratios(panel, event_frame(), ("x",))
    rows, treatments = expected_inputs(panel, drop_anchor=False)
    del treatments["social"]
    every_row = within_rate_ratios(
        rows["orders"].to_numpy(),
        treatments,
        rows["customer_id"].to_numpy(),
        {"month": rows["k"].to_numpy(), "tenure": np.minimum(rows["tenure"], TENURE_CAP)},
    )
    assert every_row.rows == fit.rows + 7
    assert abs(fit.effects["x"].beta - every_row.effects["x"].beta) > 1e-3


def test_without_stratum_one_comparison_term() -> None:
    panel = hand_panel()
    fit = event_rate_ratios(panel, event_frame(with_stratum=False), ("x",))
    assert set(fit.effects) == {"x", "event"}
    rows, treatments = expected_inputs(panel, with_stratum=False)
    del treatments["social"]
    direct = within_rate_ratios(
        rows["orders"].to_numpy(),
        treatments,
        rows["customer_id"].to_numpy(),
        {"month": rows["k"].to_numpy(), "tenure": np.minimum(rows["tenure"], TENURE_CAP)},
    )
    assert fit.effects["x"].beta == pytest.approx(direct.effects["x"].beta, abs=1e-8)
    assert fit.effects["event"].beta == pytest.approx(direct.effects["event"].beta, abs=1e-8)


def test_term_without_a_following_month_is_left_out() -> None:
    panel = hand_panel()
    # y's only event is anchored in the last month: nothing follows it
    events = pd.concat(
        [event_frame(), pd.DataFrame([("G", FULL - 1, "y", 1)], columns=list(event_frame()))],
        ignore_index=True,
    )
    fit = event_rate_ratios(panel, events, ("x", "y"))
    assert "y" not in fit.effects and "x" in fit.effects


def test_no_event_followed_by_a_month_is_a_clear_error() -> None:
    panel = hand_panel()
    last = pd.DataFrame(
        [("A", FULL - 1, "x", 1), ("C", FULL - 1, "", 1), ("Z", 3, "x", 1)],
        columns=["customer_id", "a", "term", "stratum"],
    )
    with pytest.raises(BindungError, match="no event is followed by a month"):
        event_rate_ratios(panel, last, ("x",))


# -- prepared events and draws ------------------------------------------------------------------

#: a draw of comparison events: on customers with prepared events (C, F), on customers without
#: (G, H), a new stratum (3), and one before any panel month
DRAW = [("C", 15, "", 2), ("F", 20, "", 3), ("G", 6, "", 1), ("H", 11, "", 3), ("H", 2, "", 1)]


def _close(a: Any, b: Any) -> None:
    assert set(a.effects) == set(b.effects)
    assert (a.rows, a.customers) == (b.rows, b.customers)
    for name, effect in b.effects.items():
        assert a.effects[name].beta == pytest.approx(effect.beta, abs=1e-8), name
        assert a.effects[name].se == pytest.approx(effect.se, abs=1e-8), name
        assert a.effects[name].treated_customers == effect.treated_customers, name


@pytest.mark.parametrize("with_stratum", [True, False])
def test_prepared_events_and_a_draw_equal_one_fit_of_all_events(with_stratum: bool) -> None:
    panel = hand_panel()
    fixed = event_frame(with_stratum)
    draw = pd.DataFrame(DRAW, columns=["customer_id", "a", "term", "stratum"])
    if not with_stratum:
        draw = draw.drop(columns="stratum")
    covariates = {"social": social_column(panel)}
    model = EventModel(panel, fixed, ("x",), outcomes=("orders", "revenue"), covariates=covariates)
    both = pd.concat([fixed, draw], ignore_index=True)
    for outcome, fit in model.fit(draw).items():
        direct = event_rate_ratios(panel, both, ("x",), outcome=outcome, covariates=covariates)
        _close(fit, direct)
    # the prepared events alone, and a second draw on the same preparation
    _close(model.fit()["orders"], event_rate_ratios(panel, fixed, ("x",), covariates=covariates))
    again = model.fit(draw.iloc[:2])["orders"]
    _close(
        again,
        event_rate_ratios(
            panel,
            pd.concat([fixed, draw.iloc[:2]], ignore_index=True),
            ("x",),
            covariates=covariates,
        ),
    )


@pytest.mark.parametrize("with_codes", [True, False])
def test_a_draw_given_by_codes_equals_the_draw_given_by_ids(with_codes: bool) -> None:
    """Draws name customers by their row in ``panel.first`` (no text look-up per draw): the
    same fit as by id, on a panel that carries its row codes and on one that does not."""
    panel = hand_panel()
    if with_codes:
        codes = pd.Index(panel.first["customer_id"]).get_indexer(panel.frame["customer_id"])
        panel = replace(panel, codes=codes.astype(np.int64))
    draw = pd.DataFrame(DRAW, columns=["customer_id", "a", "term", "stratum"])
    by_code = draw.assign(
        code=pd.Index(panel.first["customer_id"]).get_indexer(draw["customer_id"])
    )
    by_code = by_code.drop(columns="customer_id")
    model = EventModel(panel, event_frame(), ("x",), outcomes=("orders",))
    _close(model.fit(by_code)["orders"], model.fit(draw)["orders"])


def test_left_out_customers_are_as_if_not_in_the_panel() -> None:
    panel = hand_panel()
    gone = ["B", "G"]
    fit = event_fits(panel, event_frame(), ("x",), leave_out=gone)["orders"]
    f = panel.frame
    smaller = CustomerMonths(
        f[~f["customer_id"].isin(gone)].reset_index(drop=True), panel.first, panel.grid, FULL
    )
    _close(fit, event_rate_ratios(smaller, event_frame(), ("x",)))


def test_the_dense_panel_structure_equals_the_general_one() -> None:
    """The patterns read off the panel's layout give the fit of the patterns found by
    comparing every customer's cells; a panel whose rows are not laid out month after month
    per customer takes the general way."""
    from bindung.insights.events import _dense_structure
    from bindung.models import within

    panel = hand_panel()
    f = panel.frame
    codes = pd.factorize(f["customer_id"])[0].astype(np.int64)
    k = f["k"].to_numpy(np.int64)
    tenure = f["tenure"].to_numpy(np.int64)
    months, tenures = within.levels(k), within.levels(np.minimum(tenure, TENURE_CAP))
    controls = np.column_stack([months[0], tenures[0]])
    levels = [np.asarray(months[1]), np.asarray(tenures[1])]
    n = int(codes.max()) + 1
    dense = _dense_structure(codes, k, tenure, controls, n, levels)
    general = within.structure(controls, np.zeros((len(k), 0)), codes, n)
    assert dense is not None
    assert dense.n_patterns == general.n_patterns == 4  # first months 0, 1, 2, 3
    layout = within.Layout(
        (),
        (
            ("month", tuple(str(v) for v in range(int(controls[:, 0].max()) + 1))),
            ("tenure", tuple(str(v) for v in range(int(controls[:, 1].max()) + 1))),
        ),
    )
    y = f["orders"].to_numpy(np.float64)[None, :]
    a = within.statistics(dense, layout, y)
    b = within.statistics(general, layout, y)
    np.testing.assert_allclose(a.cross, b.cross)
    assert sorted(a.total[0]) == pytest.approx(sorted(b.total[0]))
    # every row's entry names its own month and tenure
    np.testing.assert_array_equal(dense.codes[dense.cell[dense.entry_of]], controls)
    shuffled = np.random.default_rng(1).permutation(len(k))
    again = _dense_structure(codes[shuffled], k[shuffled], tenure[shuffled], controls, n, levels)
    assert again is None
