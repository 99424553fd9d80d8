"""The within-customer rate ratio: equal to statsmodels' conditional Poisson, and its robust
interval covers the truth about 95 % of the time when customers differ in unseen ways."""

from __future__ import annotations

import numpy as np
import pytest
from statsmodels.discrete.conditional_models import ConditionalPoisson

from bindung.models.errors import ModelError
from bindung.models.within import design, within_rate_ratios


def _panel(
    rng: np.random.Generator, customers: int, months: int, effect: float
) -> tuple[np.ndarray, ...]:
    """Customers with a Gamma rate; heavier buyers are likelier to be treated (selection on
    the unseen rate) and switch on at a random month; a common season."""
    lam = rng.gamma(0.9, 1 / 1.5, customers)
    p_treat = 1 / (1 + np.exp(-(np.log(lam) - np.log(lam).mean())))
    treated = rng.random(customers) < p_treat
    start = rng.integers(1, months, customers)
    cust = np.repeat(np.arange(customers), months)
    month = np.tile(np.arange(months), customers)
    season = 1 + 0.3 * np.sin(2 * np.pi * month / 12)
    d = (treated[cust] & (month >= start[cust])).astype(float)
    y = rng.poisson(lam[cust] * season * np.where(d > 0, effect, 1.0))
    return y.astype(float), d, cust, month


def test_equals_statsmodels_conditional_poisson() -> None:
    rng = np.random.default_rng(5)
    y, d, cust, month = _panel(rng, 300, 10, 1.3)
    fit = within_rate_ratios(y, {"after": d}, cust, {"month": month})
    x, _ = design({"after": d}, {"month": month})
    keep = np.bincount(cust, weights=y)[cust] > 0
    ref = ConditionalPoisson(y[keep], x[keep], groups=cust[keep]).fit(
        method="newton", maxiter=100, disp=0, tol=1e-12
    )
    np.testing.assert_allclose(fit.params, ref.params, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(fit.se_model, ref.bse, rtol=1e-5)
    assert fit.effects["after"].ratio == pytest.approx(np.exp(ref.params[0]), rel=1e-6)


def test_hand_computed_two_period_ratio() -> None:
    # Two periods, no controls: the conditional MLE is the ratio of ratios
    # (sum after / sum before of the switched customers) / (same of the others) when the
    # others' split fixes the period effect.  Customer A: 2 then 6 (switched on in period 2);
    # customer B: 3 then 3 (never).  With a period dummy the model is saturated:
    # ratio = (6/2) / (3/3) = 3.
    y = np.array([2.0, 6.0, 3.0, 3.0])
    d = np.array([0.0, 1.0, 0.0, 0.0])
    cust = np.array([0, 0, 1, 1])
    period = np.array([0, 1, 0, 1])
    fit = within_rate_ratios(y, {"after": d}, cust, {"period": period})
    assert fit.effects["after"].ratio == pytest.approx(3.0, rel=1e-8)


def test_ignores_stable_differences_that_a_raw_comparison_picks_up() -> None:
    rng = np.random.default_rng(11)
    y, d, cust, month = _panel(rng, 4000, 24, 1.2)
    fit = within_rate_ratios(y, {"after": d}, cust, {"month": month})
    e = fit.effects["after"]
    assert e.low < 1.2 < e.high
    treated = np.bincount(cust, weights=d) > 0
    raw = y[treated[cust]].mean() / y[~treated[cust]].mean()
    assert raw > e.high  # the raw ratio is inflated by who gets treated


def test_robust_interval_covers_about_95_percent() -> None:
    rng = np.random.default_rng(2026)
    reps, hits = 200, 0
    for _ in range(reps):
        y, d, cust, month = _panel(rng, 300, 12, 1.2)
        e = within_rate_ratios(y, {"after": d}, cust, {"month": month}).effects["after"]
        hits += e.low <= 1.2 <= e.high
    print(f"coverage: {hits / reps:.3f}")
    assert 0.90 <= hits / reps <= 0.99, hits / reps


def test_nothing_to_compare_is_a_clear_error() -> None:
    y = np.array([1.0, 2.0, 0.0, 1.0])
    with pytest.raises(ModelError, match="nothing to compare within customers"):
        within_rate_ratios(y, {"after": np.array([1.0, 1.0, 0.0, 0.0])}, np.array([0, 0, 1, 1]))
    with pytest.raises(ModelError, match="finite"):
        within_rate_ratios(y, {"after": np.array([np.nan, 1.0, 0.0, 0.0])}, np.array([0, 0, 1, 1]))
    with pytest.raises(ModelError, match="not negative"):
        within_rate_ratios(-y, {"after": np.array([0.0, 1.0, 0.0, 0.0])}, np.array([0, 0, 1, 1]))


# -- the sufficient statistics against the row-wise computation ------------------------------


def _rowwise(
    y: np.ndarray, treatments: dict[str, np.ndarray], cust: np.ndarray, controls: dict
) -> tuple[np.ndarray, np.ndarray, float]:
    """The fit written out on the rows (dense design, one customer score per customer, the
    same Newton steps): coefficients, robust standard errors, log-likelihood."""
    x, _ = design(treatments, controls)
    groups = np.unique(cust, return_inverse=True)[1]
    keep = np.bincount(groups, weights=y)[groups] > 0
    y, x, groups = y[keep], x[keep], np.unique(groups[keep], return_inverse=True)[1]
    varying = [
        any(len(set(x[groups == g, j])) > 1 for g in range(groups.max() + 1))
        for j in range(x.shape[1])
    ]
    x = x[:, varying]
    n_g = groups.max() + 1
    totals = np.bincount(groups, weights=y)

    def parts(beta: np.ndarray) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
        eta = x @ beta
        e = np.exp(eta - eta.max())
        pi = e / np.bincount(groups, weights=e)[groups]
        ll = float(np.sum(y[y > 0] * np.log(pi[y > 0])))
        resid = y - totals[groups] * pi
        scores = np.array([x[groups == g].T @ resid[groups == g] for g in range(n_g)])
        xbar = np.array([x[groups == g].T @ pi[groups == g] for g in range(n_g)])
        hess = -(x.T @ (x * (totals[groups] * pi)[:, None])) + (xbar.T * totals) @ xbar
        return ll, scores.sum(axis=0), hess, scores

    beta = np.zeros(x.shape[1])
    for _ in range(50):
        ll, score, hess, _ = parts(beta)
        step = np.linalg.solve(-hess, score)
        beta = beta + step
        if np.max(np.abs(step)) < 1e-12:
            break
    ll, _, hess, scores = parts(beta)
    bread = np.linalg.inv(-hess)
    robust = bread @ (scores.T @ scores) @ bread * n_g / (n_g - 1)
    return beta, np.sqrt(np.diag(robust)), ll


def _messy_panel(rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """Customers starting in different months (so that many share their rows), two
    treatments (one a count), revenue-like outcomes, and tenure capped so that a customer has
    several rows with the same cell."""
    customers, months = 150, 9
    first = rng.integers(0, 4, customers)
    cust = np.repeat(np.arange(customers), months)
    month = np.tile(np.arange(months), customers)
    inside = month >= first[cust]
    cust, month = cust[inside], month[inside]
    start = rng.integers(2, months + 3, customers)
    treated = rng.random(customers) < 0.3
    a = (treated[cust] & (month >= start[cust])).astype(float)
    b = np.where(treated[cust], np.maximum(month - start[cust] - 1, 0), 0).astype(float)
    lam = rng.gamma(1.0, 1.0, customers)[cust] * np.where(a > 0, 1.3, 1.0)
    y = rng.poisson(lam).astype(float) * rng.gamma(3.0, 10.0, len(cust))
    return y, a, b, cust, month, np.minimum(month - first[cust], 3)


@pytest.mark.parametrize("shuffle", [False, True])
def test_sufficient_statistics_equal_the_rowwise_fit(shuffle: bool) -> None:
    rng = np.random.default_rng(8)
    y, a, b, cust, month, tenure = _messy_panel(rng)
    if shuffle:  # rows in any order
        order = rng.permutation(len(y))
        y, a, b, cust, month, tenure = (v[order] for v in (y, a, b, cust, month, tenure))
    treatments = {"a": a, "b": b}
    controls = {"month": month, "tenure": tenure}
    fit = within_rate_ratios(y, treatments, cust, controls)
    beta, se, ll = _rowwise(y, treatments, cust, controls)
    # (the fit stops at a log-likelihood change of 1e-10 relative, the loop above at steps
    # of 1e-12: the coefficients agree to about 1e-9)
    np.testing.assert_allclose(fit.params, beta, rtol=1e-7, atol=1e-8)
    assert fit.loglik == pytest.approx(ll, rel=1e-12)
    for j, name in enumerate(treatments):
        assert fit.effects[name].se == pytest.approx(se[j], rel=1e-7)
    # tenure capped: rows of one customer share cells (multiplicities), and customers share
    # patterns -- the point of the method
    assert fit.rows == int((np.bincount(cust, weights=y)[cust] > 0).sum())


def test_a_hash_collision_never_merges_different_customers(monkeypatch: pytest.MonkeyPatch) -> None:
    """With every cell weighing 1 the hash only counts cells: customers with as many cells
    collide, and the check against the pattern's first customer must separate them."""
    from bindung.models import within

    rng = np.random.default_rng(3)
    y, a, b, cust, month, tenure = _messy_panel(rng)
    treatments, controls = {"a": a, "b": b}, {"month": month, "tenure": tenure}
    honest = within_rate_ratios(y, treatments, cust, controls)
    monkeypatch.setattr(within, "_cell_weights", lambda n: np.ones(max(n, 1), dtype=np.uint64))
    colliding = within_rate_ratios(y, treatments, cust, controls)
    # the same maximum (summed in another order: equal to the stopping rule's precision)
    np.testing.assert_allclose(colliding.params, honest.params, rtol=1e-7, atol=1e-8)
    assert colliding.effects["a"].se == pytest.approx(honest.effects["a"].se, rel=1e-7)
    assert (colliding.rows, colliding.customers) == (honest.rows, honest.customers)


def test_recombined_columns_fit_like_the_combined_design() -> None:
    """Statistics computed once for two platform indicators serve the pooled fit (their sum)
    and a fit on one of them: each equals the row-wise fit of that design, and two outcomes
    from one pass equal their own fits."""
    from bindung.models import within

    rng = np.random.default_rng(21)
    y, a, _, cust, month, tenure = _messy_panel(rng)
    # split the treated customers over two "platforms"
    platform = rng.integers(0, 2, cust.max() + 1)[cust]
    p0, p1 = a * (platform == 0), a * (platform == 1)
    counts = rng.poisson(np.where(a > 0, 1.4, 1.0) * 0.8).astype(float)
    codes = np.column_stack([within.levels(month)[0], within.levels(tenure)[0]])
    layout = within.Layout(
        ("p0", "p1"),
        (
            ("month", tuple(str(v) for v in np.unique(month))),
            ("tenure", tuple(str(v) for v in np.unique(tenure))),
        ),
    )
    st = within.structure(codes, np.column_stack([p0, p1]), cust, int(cust.max()) + 1)
    cells = within.statistics(st, layout, np.array([y, counts]))
    pooled, pooled_layout = within.recombined(cells, layout, {"after": {"p0": 1.0, "p1": 1.0}})
    only, only_layout = within.recombined(cells, layout, {"p1": {"p1": 1.0}})
    controls = {"month": month, "tenure": tenure}
    for j, outcome in enumerate((y, counts)):
        got = within.fit_cells(pooled, pooled_layout, outcome=j)
        beta, se, _ = _rowwise(outcome, {"after": p0 + p1}, cust, controls)
        assert got.effects["after"].beta == pytest.approx(beta[0], rel=1e-7)
        assert got.effects["after"].se == pytest.approx(se[0], rel=1e-7)
    got = within.fit_cells(only, only_layout, outcome=1)
    beta, se, _ = _rowwise(counts, {"p1": p1}, cust, controls)
    assert got.effects["p1"].beta == pytest.approx(beta[0], rel=1e-7)
    assert got.effects["p1"].se == pytest.approx(se[0], rel=1e-7)
    assert got.effects["p1"].treated_customers == len(
        np.unique(cust[(p1 > 0) & (np.bincount(cust, weights=counts)[cust] > 0)])
    )
