"""The retention what-if against independent oracles: the models' closed forms, numerical
integrals over the posterior densities, and a forward simulation of the BG/NBD story.

Tolerances come from the Monte Carlo error: the standard error of the mean over the draws,
computed from the draws themselves, times 4 (a false alarm about once in 16,000 checks; the
seeds are fixed, so a test either always passes or always fails).
"""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, stats  # type: ignore[import-untyped]

import bindung
from bindung.errors import BindungError
from bindung.models import BetaGeoModel, ParetoNBDModel, projection, workflow
from bindung.models.errors import ModelInputError
from bindung.models.projection import (
    COLUMN_LABELS,
    Draws,
    expected_purchases,
    posterior_draws,
    prior_draws,
    project,
    scale_for_points,
    survival,
    units_per_month,
    units_per_year,
    what_if,
    yearly_retention,
)
from bindung.report import tables

# CDNOW estimates in weeks: BG/NBD (FHL 2005a, Table 1) and Pareto/NBD (same table)
BG = BetaGeoModel.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
PNBD = ParetoNBDModel.from_params(r=0.553, alpha=10.58, s=0.606, beta=11.67)
# a handful of customers (x, t_x, T) in weeks
X = np.array([0.0, 1.0, 2.0, 5.0, 0.0, 12.0])
TX = np.array([0.0, 30.43, 20.0, 35.0, 0.0, 38.0])
T = np.array([38.86, 38.86, 30.0, 38.0, 20.0, 38.86])
M = 20_000
YEAR = 365.25 / 7
MONTH = YEAR / 12


def per_draw(draws: Draws, f: object) -> np.ndarray:
    """``f(λ, dropout)`` for every draw of every group, as groups × draws (small tests)."""
    out = [f(lam, drop) for _, lam, drop in draws.blocks()]  # type: ignore[operator]
    return np.vstack(out)


def bg_purchases(t: float, k: float = 1.0):  # type: ignore[no-untyped-def]
    """FHL 2005a eq. 7 with p scaled: (1 − e^{−λ p t}) / p."""
    return lambda lam, p: (1 - np.exp(-lam * (k * p) * t)) / (k * p)


def pnbd_purchases(t: float, k: float = 1.0):  # type: ignore[no-untyped-def]
    """note 009: (λ/μ)(1 − e^{−μ t}) with μ scaled."""
    return lambda lam, mu: lam / (k * mu) * (1 - np.exp(-k * mu * t))


def tolerance(values: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """4 Monte Carlo standard errors of ``scale × mean(values)`` per group (row)."""
    return np.asarray(4 * scale * values.std(axis=1, ddof=1) / np.sqrt(values.shape[1]))


# -- k = 1 against the closed forms


@pytest.mark.parametrize(
    ("model", "formula"), [(BG, bg_purchases), (PNBD, pnbd_purchases)], ids=["bgnbd", "pnbd"]
)
@pytest.mark.parametrize("t", [13.0, 39.0, 104.0])
def test_k1_purchases_match_closed_form(model: object, formula: object, t: float) -> None:
    draws = posterior_draws(model, X, TX, T, draws=M, seed=7)  # type: ignore[arg-type]
    assert draws.groups == len(X)  # distinct (x, T): one group each, in input order here
    p_alive = model.p_alive(X, TX, T)  # type: ignore[attr-defined]
    closed = model.expected_purchases(X, TX, T, t=t)  # type: ignore[attr-defined]
    ours = p_alive * expected_purchases(draws, t)
    values = per_draw(draws, formula(t))  # type: ignore[operator]
    # the module's λ t g(h t) is the papers' form on the same draws
    np.testing.assert_allclose(values.mean(axis=1), ours / p_alive, rtol=1e-10)
    tol = tolerance(values, p_alive)
    assert np.all(np.abs(ours - closed) <= tol), (ours, closed, tol)
    # and the tolerance is tight enough to mean something (a few per cent at most)
    assert np.all(tol <= 0.06 * closed)


@pytest.mark.parametrize(
    ("model", "formula"), [(BG, bg_purchases), (PNBD, pnbd_purchases)], ids=["bgnbd", "pnbd"]
)
def test_new_customer_matches_closed_form(model: object, formula: object) -> None:
    draws = posterior_draws(model, 0, 0, 0, draws=M, seed=3)  # type: ignore[arg-type]
    for t in (4.0, 26.0, 78.0):
        closed = float(model.expected_purchases_new_customer(t)[0])  # type: ignore[attr-defined]
        values = per_draw(draws, formula(t))  # type: ignore[operator]
        ours = float(expected_purchases(draws, t)[0])
        assert abs(ours - closed) <= float(tolerance(values, np.ones(1))[0]), (t, ours, closed)


def test_projection_totals_match_closed_forms() -> None:
    """Cumulative purchases and revenue of the projection: Σ_i P_i E_i(t) and
    Σ_i spend_i P_i E_i(t) from FHL's eq. 10, month by month."""
    draws = posterior_draws(BG, X, TX, T, draws=M, seed=11)
    p_alive = BG.p_alive(X, TX, T)
    spend = np.array([10.0, 20.0, 35.0, 15.0, 50.0, 5.0])
    frame = project(draws, p_alive, spend, months=12, month_units=MONTH)
    assert list(frame["month"]) == list(range(1, 13))
    for m in (1, 6, 12):
        t = m * MONTH
        closed = BG.expected_purchases(X, TX, T, t=t)
        values = per_draw(draws, bg_purchases(t))
        tol = tolerance(values, p_alive)
        cum = frame["purchases"].iloc[:m].sum()
        assert abs(cum - closed.sum()) <= tol.sum()
        cum_revenue = frame["revenue"].iloc[:m].sum()
        assert abs(cum_revenue - (spend * closed).sum()) <= (spend * tol).sum()
    # no new customers asked for: their columns are zero
    assert (frame[["new_alive", "new_purchases", "new_revenue"]] == 0).all().all()


def test_pareto_scenario_matches_closed_form_with_scaled_mu() -> None:
    """k μ with μ ~ Gamma(s, β+T) is Gamma(s, (β+T)/k): note 009's eq. 27 with β+T → (β+T)/k
    (alive branch)::

        (r+x)/(α+T) · B/(s−1) · [1 − (B/(B+t))^(s−1)],  B = (β+T)/k
    """
    r, alpha, s, beta = 0.553, 10.58, 0.606, 11.67
    draws = posterior_draws(PNBD, X, TX, T, draws=M, seed=5)
    k, t = 0.6, 52.0
    big_b = (beta + T) / k
    alive_branch = (r + X) / (alpha + T) * big_b / (s - 1) * (1 - (big_b / (big_b + t)) ** (s - 1))
    ours = expected_purchases(draws, t, k=k)
    values = per_draw(draws, pnbd_purchases(t, k))
    assert np.all(np.abs(ours - alive_branch) <= tolerance(values, np.ones(len(X))))
    # survival: E[e^{−k μ t}] = (B/(B+t))^s, the gamma's Laplace transform
    surv = survival(draws, t, k=k)
    surv_values = per_draw(draws, lambda lam, mu: np.exp(-k * mu * t))
    exact = (big_b / (big_b + t)) ** s
    assert np.all(np.abs(surv - exact) <= tolerance(surv_values, np.ones(len(X))))


# -- survival against a double integral over the posterior densities


@pytest.mark.parametrize("k", [1.0, 0.6])
def test_bgnbd_survival_matches_double_integral(k: float) -> None:
    r, alpha, a, b = 0.243, 4.414, 0.793, 2.426
    x, t_x, age, t = 2.0, 20.0, 30.0, 52.18
    lam_pdf = stats.gamma(r + x, scale=1 / (alpha + age)).pdf
    p_pdf = stats.beta(a, b + x).pdf
    exact, err = integrate.dblquad(
        lambda lam, p: lam_pdf(lam) * p_pdf(p) * np.exp(-k * lam * p * t),
        0,
        1,
        0,
        np.inf,
        epsabs=1e-10,
        epsrel=1e-10,
    )
    assert err < 1e-6
    draws = posterior_draws(BG, x, t_x, age, draws=M, seed=2)
    ours = float(survival(draws, t, k=k)[0])
    values = per_draw(draws, lambda lam, p: np.exp(-lam * k * p * t))
    assert abs(ours - exact) <= float(tolerance(values, np.ones(1))[0])
    assert 0.5 < exact < 0.95  # a case where dropout matters


# -- retention and the factor for N points


def test_scale_for_points_hits_the_target() -> None:
    draws = posterior_draws(BG, X, TX, T, draws=2_000, seed=1)
    p_alive = BG.p_alive(X, TX, T)
    k = scale_for_points(draws, p_alive, 5)
    assert 0 < k < 1
    base = yearly_retention(draws, p_alive)
    raised = yearly_retention(draws, p_alive, k=k)
    assert abs(raised - base - 0.05) < 1e-6
    # the year defaults to 365.25 days in the draws' unit (weeks)
    assert base == pytest.approx(yearly_retention(draws, p_alive, year=YEAR), abs=1e-15)
    # R(1) by hand from the draws: Σ P_i mean e^{−λ p Y} / Σ P_i
    kept = per_draw(draws, lambda lam, p: np.exp(-lam * p * YEAR)).mean(axis=1)
    assert base == pytest.approx(float(p_alive @ kept / p_alive.sum()), rel=1e-12)


def test_scale_for_points_redrawn_equals_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above CACHE_FLOATS the hazards are redrawn for every k: same draws, same k."""
    draws = posterior_draws(PNBD, X, TX, T, draws=500, seed=4)
    p_alive = PNBD.p_alive(X, TX, T)
    cached = scale_for_points(draws, p_alive, 3)
    monkeypatch.setattr(projection, "CACHE_FLOATS", 0)
    assert scale_for_points(draws, p_alive, 3) == pytest.approx(cached, abs=1e-12)


def test_retention_is_smooth_and_decreasing_in_k() -> None:
    """Common random numbers: the same draws for every k, so R(k) is strictly decreasing
    even for steps far below the Monte Carlo error."""
    draws = posterior_draws(BG, X, TX, T, draws=200, seed=9)
    p_alive = BG.p_alive(X, TX, T)
    values = [yearly_retention(draws, p_alive, k=k) for k in np.linspace(0.5, 1.5, 41)]
    assert np.all(np.diff(values) < 0)
    assert yearly_retention(draws, p_alive, k=0.0) == pytest.approx(1.0, abs=1e-15)
    # and drawing again with the seed gives the same numbers
    again = posterior_draws(BG, X, TX, T, draws=200, seed=9)
    assert yearly_retention(again, p_alive) == values[20]


def test_scale_for_points_errors() -> None:
    draws = posterior_draws(BG, X, TX, T, draws=500, seed=1)
    p_alive = BG.p_alive(X, TX, T)
    base = yearly_retention(draws, p_alive)
    for bad in (0, -5, float("nan")):
        with pytest.raises(BindungError, match="positive number of percentage points"):
            scale_for_points(draws, p_alive, bad)
    too_many = (1 - base) * 100 + 0.5
    with pytest.raises(BindungError, match="not below 100 %"):
        scale_for_points(draws, p_alive, too_many)
    with pytest.raises(BindungError, match="Bindung kann nicht um"):
        scale_for_points(draws, p_alive, 100, lang="de")
    with pytest.raises(BindungError, match="kein Kunde"):
        scale_for_points(draws, np.zeros(len(X)), 5, lang="de")
    # just below the limit still works
    k = scale_for_points(draws, p_alive, (1 - base) * 100 - 0.5)
    assert yearly_retention(draws, p_alive, k=k) == pytest.approx(0.995, abs=1e-6)


def test_simulated_bgnbd_population_keeps_share_r_of_k() -> None:
    """New BG/NBD customers simulated forward in continuous time with p scaled by k: the
    number of purchases up to dropout is Geometric(k p) and the dropout instant the sum of
    that many Exponential(λ) gaps, Gamma(J, λ).  The share alive after a year is R(k)."""
    r, alpha, a, b = 0.243, 4.414, 0.793, 2.426
    rng = np.random.default_rng(20240601)
    n = 200_000
    lam = rng.gamma(r, 1 / alpha, n)
    p = rng.beta(a, b, n)
    draws = posterior_draws(BG, 0, 0, 0, draws=100_000, seed=8)
    for k in (1.0, 0.5):
        purchases = rng.geometric(np.clip(k * p, 1e-15, 1.0))
        with np.errstate(divide="ignore"):
            dropout = rng.standard_gamma(purchases.astype(float)) / lam
        simulated = float(np.mean(dropout > YEAR))
        model = yearly_retention(draws, [1.0], k=k)
        kept = per_draw(draws, lambda lam_, p_, k=k: np.exp(-lam_ * k * p_ * YEAR))[0]
        se = np.sqrt(simulated * (1 - simulated) / n + kept.var(ddof=1) / len(kept))
        assert abs(simulated - model) <= 4 * se, (k, simulated, model, se)


# -- new customers


def test_new_customers_pareto_closed_forms() -> None:
    """n new customers a month, existing customers all dead (P = 0): per month m

    new_alive_m     = n Σ_{u=1..m} (β/(β+uΔ))^s        (prior survival, Laplace transform)
    new_purchases_m = n (1 + E(mΔ))                     (E: note 009, eq. 25)
    """
    beta, s = 11.67, 0.606
    draws = posterior_draws(PNBD, X, TX, T, draws=100, seed=1)
    n, spend_new = 250.0, 42.0
    frame = project(
        draws,
        np.zeros(len(X)),
        20.0,
        months=6,
        month_units=MONTH,
        new_per_month=n,
        new_spend=spend_new,
    )
    u = np.arange(1, 7)
    alive = n * np.cumsum((beta / (beta + u * MONTH)) ** s)
    bought = n * (1 + PNBD.expected_purchases_new_customer(u * MONTH))
    new = prior_draws(draws)
    assert new.draws == projection.NEW_CUSTOMER_DRAWS
    # Monte Carlo tolerance: 4 se of one new customer's survival and purchases after u
    # months, scaled by the customers who contribute (loose by the cumulative sum)
    se_alive = np.array(
        [per_draw(new, lambda lam, mu, t=t: np.exp(-mu * t))[0].std() for t in u * MONTH]
    ) / np.sqrt(new.draws)
    se_bought = np.array([per_draw(new, pnbd_purchases(t))[0].std() for t in u * MONTH]) / np.sqrt(
        new.draws
    )
    np.testing.assert_array_less(np.abs(frame["new_alive"] - alive), 4 * n * np.cumsum(se_alive))
    np.testing.assert_array_less(np.abs(frame["new_purchases"] - bought), 4 * n * se_bought)
    np.testing.assert_allclose(frame["new_revenue"], spend_new * frame["new_purchases"])
    # nobody of today's customers is alive: the totals are the new customers'
    np.testing.assert_allclose(frame["customers_alive"], frame["new_alive"])
    np.testing.assert_allclose(frame["revenue"], frame["new_revenue"])
    # the first month: n arrivals, all alive at its start, each buying once at arrival
    assert frame["new_purchases"].iloc[0] > n
    assert frame["new_alive"].iloc[0] < n


def test_new_customers_add_to_existing_ones() -> None:
    draws = posterior_draws(BG, X, TX, T, draws=300, seed=1)
    p_alive = BG.p_alive(X, TX, T)
    alone = project(draws, p_alive, 10.0, months=4)
    both = project(draws, p_alive, 10.0, months=4, new_per_month=30, new_spend=25)
    for total, new in (
        ("customers_alive", "new_alive"),
        ("purchases", "new_purchases"),
        ("revenue", "new_revenue"),
    ):
        np.testing.assert_allclose(both[total] - both[new], alone[total], rtol=1e-12)
    # existing customers alive at each month's end: never more than Σ P, and falling
    assert alone["customers_alive"].iloc[0] < p_alive.sum()
    assert alone["customers_alive"].is_monotonic_decreasing


# -- the what-if


def test_what_if_totals() -> None:
    draws = posterior_draws(BG, X, TX, T, draws=1_000, seed=1)
    p_alive = BG.p_alive(X, TX, T)
    spend = np.array([10.0, 20.0, 35.0, 15.0, 50.0, 5.0])
    w = what_if(draws, p_alive, spend, points=5, months=12, margin=0.3)
    assert w.retention_scenario - w.retention_base == pytest.approx(5.0, abs=1e-4)
    assert w.k == pytest.approx(scale_for_points(draws, p_alive, 5), abs=1e-12)
    pd.testing.assert_frame_equal(w.base, project(draws, p_alive, spend, k=1.0, months=12))
    totals = w.totals()
    base_revenue = w.base["revenue"].sum()
    scenario_revenue = w.scenario["revenue"].sum()
    assert totals.loc["base", "revenue"] == pytest.approx(base_revenue)
    assert totals.loc["scenario", "profit"] == pytest.approx(0.3 * scenario_revenue)
    assert totals.loc["change_percent", "profit"] == pytest.approx(
        (scenario_revenue / base_revenue - 1) * 100
    )
    assert totals.loc["base", "customers_alive"] == pytest.approx(
        w.base["customers_alive"].iloc[-1]
    )
    # staying longer means more customers and more purchases
    assert (totals.loc["change_percent"] > 0).all()


def test_what_if_draws_once_and_equals_separate_projections(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """what_if draws today's customers once for the root search and both projections (the
    draws kept in memory), or, above CACHE_FLOATS, once for the search and once for both
    projections: the same figures as scale_for_points and two calls of project."""
    draws = posterior_draws(PNBD, X, TX, T, draws=700, seed=3)
    p_alive = PNBD.p_alive(X, TX, T)
    spend = np.array([10.0, 20.0, 35.0, 15.0, 50.0, 5.0])
    options = {"months": 14, "new_per_month": 12.0, "new_spend": 30.0}
    passes = {"count": 0}
    blocks = Draws.blocks

    def counted(self: Draws):  # type: ignore[no-untyped-def]
        if self is draws:
            passes["count"] += 1
        return blocks(self)

    monkeypatch.setattr(Draws, "blocks", counted)
    kept = what_if(draws, p_alive, spend, points=4, **options)  # type: ignore[arg-type]
    assert passes["count"] == 1
    assert kept.k == pytest.approx(scale_for_points(draws, p_alive, 4), abs=1e-12)
    for frame, k in ((kept.base, 1.0), (kept.scenario, kept.k)):
        alone = project(draws, p_alive, spend, k=k, **options)  # type: ignore[arg-type]
        pd.testing.assert_frame_equal(frame, alone, check_exact=False, rtol=1e-12)
    monkeypatch.setattr(projection, "CACHE_FLOATS", 0)
    passes["count"] = 0
    solve = projection._solve
    after_solve = {}

    def solved(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = solve(*args, **kwargs)
        after_solve["count"] = passes["count"]  # one pass per evaluation of R(k)
        return result

    monkeypatch.setattr(projection, "_solve", solved)
    redrawn = what_if(draws, p_alive, spend, points=4, **options)  # type: ignore[arg-type]
    assert passes["count"] == after_solve["count"] + 1  # both projections in one pass
    assert redrawn.k == pytest.approx(kept.k, abs=1e-12)
    for a, b in ((redrawn.base, kept.base), (redrawn.scenario, kept.scenario)):
        pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-9)


def test_monthly_slices_do_not_change_the_sums(monkeypatch: pytest.MonkeyPatch) -> None:
    """The monthly loop runs over row slices that stay in the cache: one row at a time gives
    the same figures as all rows at once."""
    draws = posterior_draws(BG, X, TX, T, draws=300, seed=2)
    p_alive = BG.p_alive(X, TX, T)
    whole = project(draws, p_alive, 10.0, k=0.7, months=6)
    monkeypatch.setattr(projection, "SLICE_FLOATS", 1)
    pd.testing.assert_frame_equal(
        project(draws, p_alive, 10.0, k=0.7, months=6), whole, check_exact=False, rtol=1e-13
    )


def test_units() -> None:
    assert units_per_year("weeks") == pytest.approx(365.25 / 7)
    assert units_per_month("days") == pytest.approx(365.25 / 12)
    days = posterior_draws(BG, X, TX * 7, T * 7, draws=50, seed=1, unit="days")
    frame = project(days, np.ones(len(X)), 1.0, months=2)
    assert frame["t"].tolist() == pytest.approx([365.25 / 12, 365.25 / 6])


def test_input_errors() -> None:
    draws = posterior_draws(BG, X, TX, T, draws=50, seed=1)
    with pytest.raises(ModelInputError, match="BG/NBD or Pareto/NBD"):
        posterior_draws(object(), X, TX, T)  # type: ignore[arg-type]
    with pytest.raises(ModelInputError, match="recency"):
        posterior_draws(BG, X, T + 1, T)
    with pytest.raises(ModelInputError, match="draws"):
        posterior_draws(BG, X, TX, T, draws=0)
    with pytest.raises(ModelInputError, match="p_alive"):
        yearly_retention(draws, np.full(len(X), 1.5))
    with pytest.raises(ModelInputError, match="3 values for 6 customers"):
        yearly_retention(draws, [0.5, 0.5, 0.5])
    with pytest.raises(ModelInputError, match="spend"):
        project(draws, np.ones(len(X)), -1.0)
    with pytest.raises(ModelInputError, match="months"):
        project(draws, np.ones(len(X)), 1.0, months=0)
    with pytest.raises(ModelInputError, match="k:"):
        survival(draws, 1.0, k=-1)


def test_table_input_and_shared_groups() -> None:
    """A table works like arrays; customers with equal (x, T) share one group."""
    table = pd.DataFrame({"frequency": [1, 1, 0], "recency": [5.0, 3.0, 0.0], "T": [9.0] * 3})
    draws = posterior_draws(BG, table, draws=100, seed=1)
    assert (draws.customers, draws.groups) == (3, 2)
    per_customer = expected_purchases(draws, 10.0)
    assert per_customer[0] == per_customer[1] != per_customer[2]


# -- memory


@pytest.mark.slow
def test_200k_customers_stay_within_memory() -> None:
    """200,000 customers with distinct (x, T) × 400 draws: 8e7 draws per parameter (640 MB
    each) are never held at once; the peak stays below CHUNK_FLOATS floats (160 MB)."""
    rng = np.random.default_rng(5)
    n = 200_000
    age = rng.uniform(1, 100, n)
    x = rng.poisson(2, n).astype(float)
    t_x = np.where(x > 0, rng.uniform(0, 1, n) * age, 0.0)
    p_alive = BG.p_alive(x, t_x, age)
    draws = posterior_draws(BG, x, t_x, age, draws=400, seed=1)
    assert draws.groups == n
    tracemalloc.start()
    try:
        retention = yearly_retention(draws, p_alive)
        frame = project(draws, p_alive, 10.0, months=3)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < projection.CHUNK_FLOATS * 8
    assert 0 < retention < 1
    assert frame["customers_alive"].iloc[0] < p_alive.sum()


# -- rendering and the demo


def test_projection_renders_as_a_report_table(tmp_path: Path) -> None:
    draws = posterior_draws(BG, X, TX, T, draws=100, seed=1)
    frame = project(draws, BG.p_alive(X, TX, T), 30.0, months=3, new_per_month=5, new_spend=30)
    columns = [tables.Column(key, de, en, unit) for key, (de, en, unit) in COLUMN_LABELS.items()]  # type: ignore[arg-type]
    section = tables.Section(
        "what_if",
        "Was wäre, wenn",
        "What if",
        [tables.Table("projection", "Projektion", "Projection", columns, frame)],
    )
    body = json.loads(tables.to_json(section))
    assert body["section"] == "what_if"
    assert "Umsatz" in tables.to_csv(section, "de")
    assert tables.to_xlsx(section, "en", tmp_path / "what_if.xlsx").exists()
    assert tables.render_terminal(section, "de")


@pytest.mark.slow
def test_demo_what_if(demo_full: Path) -> None:
    ws = bindung.open(demo_full, read_only=True)
    try:
        fit = workflow.current(ws)
        values = workflow.customer_values(ws, fit)
        draws = posterior_draws(
            fit.purchases, values["frequency"], values["recency"], values["T"], unit=fit.unit
        )
        w = what_if(
            draws, values["p_alive"], values["expected_spend"], points=5, margin=0.3, months=12
        )
    finally:
        ws.close()
    assert 0 < w.k < 1
    assert w.retention_scenario - w.retention_base == pytest.approx(5.0, abs=1e-4)
    # the base year's purchases: the closed form summed over customers, within 2 %
    closed = float(values["expected_purchases"].sum())  # 365 days
    assert w.base["purchases"].sum() == pytest.approx(closed, rel=0.02)
    assert w.totals().loc["change_percent", "revenue"] > 0
