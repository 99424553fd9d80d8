"""Reply speed and retention: band counts and retention counted by hand on a small workspace
imported through the importer; a simulation with a planted effect of fast replies and
selection; and, on the demo, the adjusted interval against the planted effect of
``ground_truth.json`` (with the channels answer's interval against its planted effect)."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bindung.insights.replies import (
    BANDS,
    ReplyError,
    compare,
    reply_speed,
)
from bindung.workspace import Workspace

CUSTOMERS = """customer_id,segment,acquisition_channel
a,Privat,Shop
b,Privat,Shop
c,Privat,Instagram
d,Firma,Shop
e,Privat,Shop
f,Privat,Instagram
i,Privat,Shop
j,Firma,Shop
"""
# Times are local (Europe/Berlin); no message and reply straddle a change of summer time.
ORDERS = """order_id,customer_id,ordered_at,revenue
o1,a,2023-12-01 10:00,10.00
o2,a,2024-03-01 10:00,20.00
o3,b,2023-12-01 10:00,30.00
o4,c,2023-11-01 10:00,10.00
o5,c,2024-06-01 10:00,40.00
o6,c,2025-03-01 10:00,50.00
o7,d,2023-10-01 10:00,10.00
o8,d,2024-01-20 10:00,15.00
o9,d,2024-05-01 10:00,25.00
o10,e,2023-12-15 10:00,10.00
o11,f,2023-12-15 10:00,10.00
o12,f,2024-04-15 10:00,10.00
o13,i,2024-12-01 10:00,10.00
o14,j,2023-12-01 10:00,60.00
o15,j,2024-01-10 10:00,70.00
o16,j,2024-02-01 10:00,80.00
o17,zz,2025-06-30 10:00,1.00
"""
COMPLAINTS = """complaint_id,customer_id,opened_at,first_reply_at,outcome
k1,a,2024-01-10 10:00,2024-01-10 10:10,resolved
k2,b,2024-01-10 10:00,2024-01-10 10:25,resolved
k3,d,2024-01-05 09:00,2024-01-05 15:00,resolved
k4,e,2024-01-10 10:00,,open
k5,i,2025-05-01 10:00,2025-05-01 11:30,resolved
k6,j,2024-01-10 10:00,2024-01-10 12:00,resolved
"""
MENTIONS = """mention_id,platform,at,author,sentiment,needs_reply,first_reply_at
m1,instagram,2024-02-01 12:00,carla,negative,true,2024-02-01 12:45
m2,instagram,2024-01-02 09:00,dora,neutral,true,2024-01-02 09:05
m3,instagram,2024-01-03 09:00,fritz,positive,false,2024-01-03 09:01
m4,instagram,2024-01-03 09:00,nobody,negative,true,2024-01-03 09:02
"""
IDENTITIES = """platform,handle,customer_id
instagram,carla,c
instagram,dora,d
instagram,fritz,f
"""


def _import(ws: Workspace, write: Callable[..., Path], files: tuple[tuple[str, str], ...]) -> None:
    for kind, text in files:
        result = ws.import_file(kind, write(f"{kind}.csv", text))
        assert result.rejected == 0, (kind, result.rejects)


@pytest.fixture
def hand(workspace: Workspace, write: Callable[..., Path]) -> Workspace:
    _import(
        workspace,
        write,
        (
            ("customers", CUSTOMERS),
            ("orders", ORDERS),
            ("complaints", COMPLAINTS),
            ("identities", IDENTITIES),
            ("social_mentions", MENTIONS),
        ),
    )
    return workspace


def test_bands_and_retention_counted_by_hand(hand: Workspace) -> None:
    # First message per customer and its reply time:
    #   a complaint 10 min -> 15;  b complaint 25 min -> 30;  c mention 45 min -> 60;
    #   d mention 2024-01-02 5 min (before its complaint of 01-05) -> 15;  e complaint, no
    #   reply -> never;  i complaint 90 min -> later (2025-05-01: its year is not in the data,
    #   which end 2025-06-30);  j complaint 120 min -> later;  f's mention needs no reply and
    #   m4's author is no customer: no message.
    # Orders in the 365 days after the message (complete customers only):
    #   a 1 (03-01), b 0, c 1 (2024-06-01; 2025-03-01 is after 2025-01-31), d 2, e 0, j 1.
    result = reply_speed(hand)
    bands = result.bands.set_index("band")
    assert list(bands.index) == list(BANDS)
    expected = {
        "15": (2, 1, 1, 2, 2, 100.0, 1.5),
        "30": (1, 1, 0, 1, 0, 0.0, 0.0),
        "60": (1, 0, 1, 1, 1, 100.0, 1.0),
        "later": (2, 2, 0, 1, 1, 100.0, 1.0),
        "never": (1, 1, 0, 1, 0, 0.0, 0.0),
    }
    for band, (n, complaints, mentions, complete, retained, share, orders) in expected.items():
        row = bands.loc[band]
        assert (row["customers"], row["complaints"], row["mentions"]) == (n, complaints, mentions)
        assert (row["complete"], row["retained"]) == (complete, retained), band
        assert row["retention"] == pytest.approx(share)
        assert row["orders"] == pytest.approx(orders)
    # revenue after the message: a 20; d 15 + 25 = 40 -> 15-band mean 30
    assert bands.loc["15", "revenue"] == pytest.approx(30.0)
    assert result.incomplete == 1
    assert result.effects == []  # far too few customers to compare
    assert result.notes


def test_history_at_the_message_by_hand(hand: Workspace) -> None:
    frame = reply_speed(hand).customers
    d = frame[(frame["kind"] == "mention") & (frame["delay"] == 5)].iloc[0]
    # d: one order (2023-10-01) before the mention of 2024-01-02 09:00
    assert d["n_before"] == 1
    assert d["spent"] == pytest.approx(10.0)
    days = (pd.Timestamp("2024-01-02 09:00") - pd.Timestamp("2023-10-01 10:00")).total_seconds()
    assert d["tenure"] == pytest.approx(days / 86400 / 30.4375, rel=1e-3)
    assert d["segment"] == "Firma"


def test_no_messages_says_what_to_import(workspace: Workspace, write: Callable[..., Path]) -> None:
    from bindung.report.replies import replies_section

    _import(workspace, write, (("orders", ORDERS),))
    with pytest.raises(ReplyError, match="import complaints"):
        reply_speed(workspace)
    section = replies_section(workspace)
    assert "bindung import complaints" in section.findings[0].en
    assert section.table("bands").frame["customers"].sum() == 0


def test_no_reply_times(workspace: Workspace, write: Callable[..., Path]) -> None:
    from bindung.report.replies import replies_section

    complaints = "complaint_id,customer_id,opened_at,outcome\nk1,a,2024-01-10 10:00,open\n"
    _import(workspace, write, (("orders", ORDERS), ("complaints", complaints)))
    with pytest.raises(ReplyError, match="first_reply_at"):
        reply_speed(workspace)
    assert "first_reply_at" in replies_section(workspace).findings[0].en


def _simulate(n: int, seed: int, effect: float = 1.3) -> tuple[pd.DataFrame, dict[str, float]]:
    """Customers with a purchase rate, a history drawn from it and a message: business
    customers (who buy 1.5x as often) and customers with many orders are answered faster;
    answered within 30 minutes, the rate in the following year is ``effect`` times higher."""
    rng = np.random.default_rng(seed)
    business = rng.random(n) < 0.2
    lam = rng.gamma(1.2, 1 / 2.0, n) * np.where(business, 1.5, 1.0)  # orders per month
    tenure = rng.uniform(3, 24, n)  # months before the message
    n_before = 1 + rng.poisson(lam * tenure)
    spent = n_before * rng.gamma(5.0, 8.0, n)
    recency = np.minimum(tenure, rng.exponential(1 / np.maximum(lam, 0.05)))
    log_median = np.log(90) - 1.2 * business - 0.25 * np.log(n_before)
    delay = np.exp(log_median + 1.1 * rng.standard_normal(n))
    fast = delay <= 30
    rate = 12 * lam * np.where(fast, effect, 1.0)
    orders = rng.poisson(rate)
    frame = pd.DataFrame(
        {
            "kind": np.where(rng.random(n) < 0.3, "mention", "complaint"),
            "delay": delay,
            "n_before": n_before.astype(float),
            "spent": spent,
            "recency": recency,
            "tenure": tenure,
            "acquisition_channel": rng.choice(["Shop", "Ads"], n),
            "segment": np.where(business, "Firma", "Privat"),
            "orders": orders.astype(float),
            "revenue": orders * 30.0,
            "complete": True,
        }
    )
    base = 12 * lam[fast]
    truth = {
        "orders": (effect - 1) * 100,
        "repurchase": 100 * float((np.exp(-base) - np.exp(-base * effect)).mean()),
    }
    return frame, truth


def test_a_planted_effect_is_recovered_and_the_plain_comparison_overstates_it() -> None:
    frame, truth = _simulate(20_000, seed=5)
    effects = {(e.outcome, e.method): e for e in compare(frame, 30)}
    for outcome in ("orders", "repurchase"):
        adjusted, raw = effects[(outcome, "history")], effects[(outcome, "raw")]
        assert adjusted.low <= truth[outcome] <= adjusted.high, (outcome, adjusted, truth)
        assert raw.value > adjusted.high, (outcome, raw, adjusted)


def test_no_effect_planted_none_found() -> None:
    frame, _ = _simulate(20_000, seed=6, effect=1.0)
    for e in compare(frame, 30):
        if e.method == "history":
            assert e.low <= 0 <= e.high, e


def test_the_replies_answer_and_command(hand: Workspace) -> None:
    from typer.testing import CliRunner

    from bindung.cli import app

    folder = hand.folder
    hand.close()
    runner = CliRunner()
    result = runner.invoke(app, ["replies", "-w", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{") :])
    assert set(data["tables"]) == {"bands", "retention", "orders", "revenue"}
    rows = {r["band"]: r for r in data["tables"]["bands"]["rows"]}
    assert rows["15"]["customers"] == 2 and rows["never"]["customers"] == 1
    result = runner.invoke(app, ["replies", "-w", str(folder), "--lang", "de"])
    assert result.exit_code == 0, result.output


@pytest.mark.slow
def test_demo_the_adjusted_interval_covers_the_planted_reply_effect(demo_full: Path) -> None:
    import bindung

    truth = json.loads((demo_full / "exports" / "ground_truth.json").read_text())
    planted = truth["effects"]["reply_speed"]["comparison"]
    ws = bindung.open(demo_full, read_only=True)
    try:
        result = reply_speed(ws)
    finally:
        ws.close()
    orders = result.effect(30, "orders", "history")
    assert orders is not None
    assert (orders.fast, orders.later) == (planted["customers_fast"], planted["customers_later"])
    effect = planted["causal_effect_on_fast"]["orders"]["percent"]
    assert orders.low <= effect <= orders.high, (orders, effect)
    assert orders.fast_value == pytest.approx(planted["raw_orders_per_customer_fast"], rel=0.02)
    retention = result.effect(30, "repurchase", "history")
    assert retention is not None
    points = planted["causal_effect_on_fast"]["retention"]["difference"]
    assert retention.low <= points <= retention.high, (retention, points)


@pytest.mark.slow
def test_demo_the_channels_interval_covers_the_planted_multichannel_effect(
    demo_full: Path,
) -> None:
    import bindung
    from bindung.insights.channels import MATCHED, RAW, channel_comparison

    truth = json.loads((demo_full / "exports" / "ground_truth.json").read_text())
    planted = truth["effects"]["multichannel"]["comparison"]
    ws = bindung.open(demo_full, read_only=True)
    try:
        result = channel_comparison(ws)
    finally:
        ws.close()
    effects = {(e.outcome, e.basis): e for e in result.effects}
    raw = effects[("orders", RAW)]
    assert raw.multi == planted["multi_channel_customers"]
    for outcome, key in (("orders", "orders"), ("value", "orders")):
        adjusted = effects[(outcome, MATCHED)]
        effect = planted["causal_effect_on_multi_channel"][key]["percent"]
        assert adjusted.low <= effect <= adjusted.high, (outcome, adjusted, effect)
        assert effects[(outcome, RAW)].low > 3 * max(adjusted.high, effect)
    adjusted = effects[("retention", MATCHED)]
    effect = planted["causal_effect_on_multi_channel"]["retention"]["percent"]
    assert adjusted.low <= effect <= adjusted.high
    assert not math.isnan(raw.percent)
