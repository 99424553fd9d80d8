"""Multi- against single-channel buyers: the answer's numbers against pandas on the stored rows
(the formulas of :mod:`bindung.insights.channels` written out, stratum by stratum), and a
simulation with a planted effect of multi-channel buying and selection by purchase frequency."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from bindung.insights.channels import (
    HORIZON_DAYS,
    MATCHED,
    ORDER_BINS,
    PRE_DAYS,
    RAW,
    ChannelEffect,
    ChannelError,
    channel_comparison,
    compare,
)
from bindung.workspace import Workspace

CHANNELS = ("Onlineshop", "App", "Laden")


def _orders_csv(seed: int = 3, customers: int = 160) -> str:
    """Random orders: first orders through 2023, 1–9 orders within 700 days, a few without a
    channel; a last order in 2025-09 sets the end of the data."""
    rng = np.random.default_rng(seed)
    lines = ["order_id,customer_id,ordered_at,revenue,channel"]
    start = pd.Timestamp("2023-01-01 10:00:00")
    k = 0
    for c in range(customers):
        first = start + pd.Timedelta(days=int(rng.integers(0, 365)))
        n = int(rng.integers(1, 10))
        days = np.sort(np.r_[0, rng.integers(1, 700, size=n - 1)])
        for d in days:
            k += 1
            channel = "" if rng.random() < 0.05 else CHANNELS[int(rng.choice(3, p=[0.6, 0.3, 0.1]))]
            at = first + pd.Timedelta(days=int(d), hours=int(rng.integers(0, 8)))
            revenue = f"{rng.integers(500, 20000) / 100:.2f}"
            lines.append(f"o{k:05d},c{c:03d},{at:%Y-%m-%d %H:%M:%S},{revenue},{channel}")
    lines.append("o99999,zz,2025-09-30 12:00:00,10.00,Onlineshop")
    return "\n".join(lines) + "\n"


def _per_customer(rows: pd.DataFrame) -> pd.DataFrame:
    """Per customer from the stored order rows, as the module's docstring defines it."""
    rows = rows.sort_values(["customer_id", "ordered_at", "order_id"]).copy()
    rows["revenue"] = rows["revenue"].astype(float)
    latest = rows["ordered_at"].max()
    out = []
    for cid, g in rows.groupby("customer_id", sort=True):
        first = g["ordered_at"].iloc[0]
        start = first + pd.Timedelta(days=PRE_DAYS)
        end = start + pd.Timedelta(days=HORIZON_DAYS)
        pre = g[g["ordered_at"] < start]
        post = g[(g["ordered_at"] >= start) & (g["ordered_at"] < end)]
        out.append(
            {
                "customer_id": cid,
                "first_at": first,
                "first_channel": g["channel"].iloc[0],
                "n_pre": len(pre),
                "k_pre": pre["channel"].dropna().nunique(),
                "n_all": len(g),
                "k_all": g["channel"].dropna().nunique(),
                "n_post": len(post),
                "revenue_post": float(post["revenue"].sum()),
                "complete": end <= latest,
                "later": set(g["channel"].iloc[1:].dropna()),
                "later_orders": g["channel"].iloc[1:].dropna().value_counts().to_dict(),
            }
        )
    return pd.DataFrame(out)


def _by_hand(per: pd.DataFrame, outcome: str, matched: bool) -> tuple[float, float, float, float]:
    """(T, C, d, se of d) stratum by stratum."""
    done = per[per["complete"]].copy()
    done["y"] = {
        "retention": (done["n_post"] > 0).astype(float),
        "orders": done["n_post"].astype(float),
        "value": done["revenue_post"],
    }[outcome]
    done["multi"] = done["k_pre"] >= 2
    if matched:
        done = done[done["n_pre"] >= 2]
        bin_ = [sum(1 for b in ORDER_BINS if n >= b) for n in done["n_pre"]]
        quarter = [f"{t.year}Q{(t.month - 1) // 3}" for t in done["first_at"]]
        first = done["first_channel"].fillna("<none>")
        done["s"] = [f"{q}|{f}|{b}" for q, f, b in zip(quarter, first, bin_, strict=True)]
    else:
        done["s"] = "all"
    parts = []
    for _, g in done.groupby("s"):
        t, c = g[g["multi"]]["y"], g[~g["multi"]]["y"]
        if len(t) and len(c):
            vt = t.var(ddof=1) if len(t) > 1 else 0.0
            vc = c.var(ddof=1) if len(c) > 1 else 0.0
            parts.append((len(t), t.mean(), c.mean(), vt / len(t), vc / len(c)))
    n = sum(p[0] for p in parts)
    t = sum(p[0] / n * p[1] for p in parts)
    c = sum(p[0] / n * p[2] for p in parts)
    var = sum((p[0] / n) ** 2 * (p[3] + p[4]) for p in parts)
    return t, c, t - c, math.sqrt(var)


@pytest.fixture
def loaded(workspace: Workspace, write: Callable[..., Path]) -> Workspace:
    result = workspace.import_file("orders", write("orders.csv", _orders_csv()))
    assert result.rejected == 0
    return workspace


def test_effects_equal_the_formulas_on_the_stored_rows(loaded: Workspace) -> None:
    rows = loaded.table("orders").to_pandas()
    per = _per_customer(rows)
    result = channel_comparison(loaded)
    z = stats.norm.ppf(0.975)
    assert result.incomplete == int((~per["complete"]).sum())
    for outcome in ("retention", "orders", "value"):
        for basis in (RAW, MATCHED):
            (e,) = [x for x in result.effects if x.outcome == outcome and x.basis == basis]
            t, c, d, se = _by_hand(per, outcome, basis == MATCHED)
            scale = 100.0 if outcome == "retention" else 1.0
            assert e.mean_multi == pytest.approx(t * scale, rel=1e-9)
            assert e.mean_single == pytest.approx(c * scale, rel=1e-9)
            assert e.diff == pytest.approx(d * scale, rel=1e-9, abs=1e-9)
            assert e.diff_high - e.diff == pytest.approx(z * se * scale, rel=1e-9)
            assert e.percent == pytest.approx((t / c - 1) * 100, rel=1e-9)
            assert e.low < e.percent < e.high
    raw = next(x for x in result.effects if x.basis == RAW)
    done = per[per["complete"]]
    assert raw.multi == int((done["k_pre"] >= 2).sum())
    assert raw.single == int((done["k_pre"] < 2).sum())


def test_the_migration_matrix_by_hand(loaded: Workspace) -> None:
    per = _per_customer(loaded.table("orders").to_pandas())
    m = channel_comparison(loaded).migration
    repeat = per[(per["n_all"] >= 2) & per["first_channel"].notna()]
    expected = []
    for a, g in repeat.groupby("first_channel"):
        later_orders: dict[str, int] = {}
        for d in g["later_orders"]:
            for ch, k in d.items():
                later_orders[ch] = later_orders.get(ch, 0) + k
        for b in sorted(later_orders):
            users = int(sum(b in s for s in g["later"]))
            expected.append(
                (a, b, len(g), users, 100 * users / len(g), later_orders[b],
                 100 * later_orders[b] / sum(later_orders.values()))
            )  # fmt: skip
    got = list(
        m[["first_channel", "later_channel", "repeat_customers", "customers", "share", "orders",
           "order_share"]].itertuples(index=False, name=None)
    )  # fmt: skip
    assert len(got) == len(expected)
    for g_row, e_row in zip(got, expected, strict=True):
        assert g_row[:4] == e_row[:4] and g_row[5] == e_row[5]
        assert g_row[4] == pytest.approx(e_row[4]) and g_row[6] == pytest.approx(e_row[6])
    assert (m["same"] == (m["first_channel"] == m["later_channel"])).all()
    moved = channel_comparison(loaded).moved.set_index("first_channel")
    for a, g in repeat.groupby("first_channel"):
        n_moved = sum(bool(s - {a}) for s in g["later"])
        assert moved.loc[a, "repeat_customers"] == len(g)
        assert moved.loc[a, "moved"] == n_moved
        assert moved.loc[a, "moved_share"] == pytest.approx(100 * n_moved / len(g))


def _simulate(n: int, seed: int, factor: float = 1.3) -> tuple[pd.DataFrame, dict[str, float]]:
    """Customers with a monthly purchase probability ``p`` (gamma-distributed: heavy and light
    buyers).  Months 1–5 after the first order (the status window): an order with probability
    ``p``; each order's channel at random (30 % "App"), so heavier buyers have more orders and
    are more often multi-channel — selection by purchase frequency, nothing else.  Months 6–17
    (the outcome year): probability ``p × factor`` for multi-channel customers, ``p`` for the
    others (the planted effect); revenue per order gamma with mean 50.  Returns the frame of
    :func:`compare` and the true ratios (the multi-channel customers' expected outcome with
    and without the effect)."""
    rng = np.random.default_rng(seed)
    p = np.minimum(rng.gamma(1.5, 0.12, size=n), 0.7)
    pre_orders = rng.random((n, 5)) < p[:, None]
    n_pre = 1 + pre_orders.sum(axis=1)
    app = rng.random((n, 6)) < 0.3
    used = np.c_[np.ones(n, bool), pre_orders]
    apps = (app & used).sum(axis=1)
    k_pre = np.where((apps > 0) & (apps < n_pre), 2, 1)
    multi = k_pre >= 2
    q = np.where(multi, p * factor, p)
    n_post = rng.binomial(12, q)
    revenue = np.where(n_post > 0, rng.gamma(np.maximum(n_post, 1) * 2.0, 25.0), 0.0)
    first_at = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D")
    frame = pd.DataFrame(
        {
            "first_at": first_at,
            "first_channel": np.where(app[:, 0], "App", "Shop"),
            "n_pre": n_pre,
            "k_pre": k_pre,
            "n_post": n_post,
            "revenue_post": revenue,
            "complete": True,
        }
    )
    pm = p[multi]
    truth = {
        "orders": factor,
        "value": factor,
        "retention": float((1 - (1 - pm * factor) ** 12).mean() / (1 - (1 - pm) ** 12).mean()),
    }
    return frame, truth


def _pick(effects: list[ChannelEffect], outcome: str, basis: str) -> ChannelEffect:
    (e,) = [x for x in effects if x.outcome == outcome and x.basis == basis]
    return e


def test_a_planted_effect_is_recovered_and_the_plain_comparison_overstates_it() -> None:
    frame, truth = _simulate(60_000, seed=11)
    effects = compare(frame)
    for outcome in ("retention", "orders", "value"):
        adjusted, raw = _pick(effects, outcome, MATCHED), _pick(effects, outcome, RAW)
        planted = (truth[outcome] - 1) * 100
        assert adjusted.low <= planted <= adjusted.high, (outcome, adjusted, planted)
        assert raw.low > adjusted.high  # the plain comparison is visibly larger
        assert raw.percent > 2 * planted
    assert _pick(effects, "orders", MATCHED).percent == pytest.approx(30, abs=6)


def test_the_interval_covers_the_planted_effect_in_repeated_samples() -> None:
    hits = []
    for seed in range(40):
        frame, truth = _simulate(6_000, seed=100 + seed)
        e = _pick(compare(frame), "orders", MATCHED)
        hits.append(e.low <= (truth["orders"] - 1) * 100 <= e.high)
    assert np.mean(hits) >= 0.85


def test_no_effect_planted_none_found() -> None:
    frame, _ = _simulate(60_000, seed=5, factor=1.0)
    effects = compare(frame)
    for outcome in ("retention", "orders", "value"):
        e = _pick(effects, outcome, MATCHED)
        assert e.low <= 0 <= e.high, (outcome, e)
        assert _pick(effects, outcome, RAW).low > 20


def test_orders_without_channels(workspace: Workspace, write: Callable[..., Path]) -> None:
    csv = "order_id,customer_id,ordered_at,revenue\no1,a,2024-01-01 10:00:00,5.00\n"
    assert workspace.import_file("orders", write("o.csv", csv)).rejected == 0
    with pytest.raises(ChannelError, match="sales channel"):
        channel_comparison(workspace)


def test_the_channels_answer_and_command(loaded: Workspace) -> None:
    from typer.testing import CliRunner

    from bindung.cli import app

    expected = channel_comparison(loaded)
    folder = loaded.folder
    loaded.close()
    runner = CliRunner()
    result = runner.invoke(app, ["channels", "-w", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{") :])
    assert set(data["tables"]) == {"retention", "orders", "value", "migration", "usage"}
    rows = data["tables"]["value"]["rows"]
    matched = next(r for r in rows if r["basis"] == MATCHED)
    assert matched["percent"] == pytest.approx(_pick(expected.effects, "value", MATCHED).percent)
    assert len(data["tables"]["migration"]["rows"]) == len(expected.migration)
    assert any("source 000" in f["en"] for f in data["findings"])
    result = runner.invoke(app, ["channels", "-w", str(folder), "--lang", "de"])
    assert result.exit_code == 0, result.output
    assert "Quelle 000" in result.output
