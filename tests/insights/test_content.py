"""Content formats and posting rhythm: reach, SMER-B per format and the weekly rhythm on a
hand-made shop counted by hand; the answer and the command; the demo's formats against pandas
on the stored rows (slow)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import bindung
from bindung.insights.content import ContentError, content_formats
from bindung.workspace import Workspace

ORDERS = (
    "order_id,customer_id,ordered_at,revenue\n"
    "o1,c1,2024-01-05 10:00:00,10.00\n"
    "o2,c2,2024-01-05 10:00:00,10.00\n"
    "o3,c3,2024-01-05 10:00:00,10.00\n"
    "o4,c4,2024-01-05 10:00:00,10.00\n"
    "o5,c5,2024-06-01 10:00:00,10.00\n"
)
POSTS = (
    "post_id,platform,published_at,kind\n"
    "p1,instagram,2024-03-04 10:00:00,photo\n"
    "p2,instagram,2024-03-05 10:00:00,photo\n"
    "p3,instagram,2024-03-06 10:00:00,reel\n"
    "p4,facebook,2024-03-04 10:00:00,video\n"
    "p5,facebook,2024-03-12 10:00:00,\n"
)
IDENTITIES = (
    "platform,handle,customer_id\n"
    "instagram,anna,c1\n"
    "instagram,bert,c2\n"
    "instagram,carl,c3\n"
    "instagram,eve,c5\n"
    "facebook,anna.fb,c1\n"
)
INTERACTIONS = (
    "interaction_id,post_id,platform,actor,customer_id,kind,at\n"
    "i1,p1,instagram,anna,,like,2024-03-04 12:00:00\n"
    "i2,p1,instagram,bert,,like,2024-03-04 13:00:00\n"
    "i3,p2,instagram,anna,,comment,2024-03-05 12:00:00\n"
    "i4,p2,instagram,zed,,like,2024-03-05 13:00:00\n"
    "i5,p3,instagram,carl,,like,2024-03-06 12:00:00\n"
    "i6,p3,instagram,carl,,share,2024-03-06 13:00:00\n"
    "i7,p3,instagram,eve,,like,2024-03-06 14:00:00\n"
    "i8,p4,facebook,anna.fb,,like,2024-03-04 12:00:00\n"
    "i9,p5,facebook,anna.fb,,comment,2024-03-12 12:00:00\n"
    "i10,p5,facebook,dora,c4,like,2024-03-12 13:00:00\n"
)


@pytest.fixture
def shop(workspace: Workspace, write: Callable[..., Path]) -> Workspace:
    for kind, text in (
        ("orders", ORDERS),
        ("social_posts", POSTS),
        ("identities", IDENTITIES),
        ("social_interactions", INTERACTIONS),
    ):
        assert workspace.import_file(kind, write(f"{kind}.csv", text)).rejected == 0
    return workspace


def test_formats_by_hand(shop: Workspace) -> None:
    r = content_formats(shop)
    f = r.formats.set_index(["platform", "kind"])
    assert sorted(f.index) == [
        ("facebook", "-"),
        ("facebook", "video"),
        ("instagram", "photo"),
        ("instagram", "reel"),
    ]
    # by hand.  instagram photo: p1, p2; by existing customers i1 (c1), i2 (c2), i3 (c1);
    # zed is nobody.  reel: p3; i5, i6 (c3); eve is c5, a customer only from June.
    # facebook video: p4, i8 (c1); without a format: p5, i9 (c1) and i10 (c4, its own id).
    hand = {
        ("instagram", "photo"): (2, 2, 3, 3 / 2 / 2 * 100),
        ("instagram", "reel"): (1, 1, 2, 2 / 1 / 1 * 100),
        ("facebook", "video"): (1, 1, 1, 100.0),
        ("facebook", "-"): (1, 2, 2, 2 / 2 / 1 * 100),
    }
    for key, (posts, reach, interactions, smer_b) in hand.items():
        row = f.loc[key]
        assert (row["posts"], row["reach"], row["customer_interactions"]) == (
            posts,
            reach,
            interactions,
        )
        assert row["smer_b"] == pytest.approx(smer_b)
    # linked customers: instagram c1, c2, c3, c5 (4); facebook c1 (1); active: all 5
    assert r.active_customers == 5
    assert f.loc[("instagram", "photo"), "reach_linked"] == pytest.approx(50.0)
    assert f.loc[("instagram", "reel"), "reach_linked"] == pytest.approx(25.0)
    assert f.loc[("facebook", "-"), "reach_linked"] == pytest.approx(200.0)
    assert f.loc[("instagram", "photo"), "reach_active"] == pytest.approx(40.0)
    # five months of orders: too short for the comparison of buying again
    assert f["effect"].isna().all()
    assert "complete months" in r.skipped[""]


def test_posting_rhythm_by_hand(shop: Workspace) -> None:
    rhythm = content_formats(shop).rhythm.set_index(["platform", "band"])
    # instagram: one week (4-10 March) with 3 posts and 5 interactions by existing customers
    ig = rhythm.loc[("instagram", "3")]
    assert (ig["weeks"], ig["posts"], ig["customer_interactions"]) == (1, 3, 5)
    assert ig["per_post"] == pytest.approx(5 / 3)
    assert pd.isna(ig["low"])
    # facebook: two weeks with one post each, 1 and 2 interactions
    fb = rhythm.loc[("facebook", "1")]
    assert (fb["weeks"], fb["posts"], fb["customer_interactions"]) == (2, 2, 3)
    assert fb["per_post"] == pytest.approx(1.5)
    # ratio estimator by hand: residuals -0.5 and 0.5, se^2 = 2/1 * 0.5 / 2^2 = 0.25
    z = stats.norm.ppf(0.975)
    assert fb["low"] == pytest.approx(1.5 - z * 0.5)
    assert fb["high"] == pytest.approx(1.5 + z * 0.5)
    assert sorted(rhythm.index) == [("facebook", "1"), ("instagram", "3")]


def test_no_posts(workspace: Workspace) -> None:
    with pytest.raises(ContentError, match="no social media posts"):
        content_formats(workspace)


def test_the_content_answer_and_command(shop: Workspace) -> None:
    from typer.testing import CliRunner

    from bindung.cli import app

    folder = shop.folder
    shop.close()
    runner = CliRunner()
    result = runner.invoke(app, ["content", "-w", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{") :])
    assert set(data["tables"]) == {"formats", "rhythm"}
    rows = {(r["platform"], r["kind"]): r for r in data["tables"]["formats"]["rows"]}
    assert rows[("instagram", "reel")]["smer_b"] == pytest.approx(200.0)
    assert any("source 000" in f["en"] for f in data["findings"])


@pytest.mark.slow
def test_the_demo_formats_against_pandas(demo_full: Path) -> None:
    ws = bindung.open(demo_full, read_only=True)
    try:
        r = content_formats(ws)
        posts = ws.sql("SELECT post_id, platform, coalesce(kind, '-') AS kind FROM social_posts")
        inter = ws.sql('SELECT post_id, actor, customer_id, "at" FROM social_interactions')
        ids = ws.sql("SELECT platform, handle, customer_id AS linked FROM identities")
        customers = ws.sql("SELECT customer_id AS customer, first_seen FROM customers")
        rows = inter.merge(posts, on="post_id")
        rows = rows.merge(
            ids, left_on=["platform", "actor"], right_on=["platform", "handle"], how="left"
        )
        rows["customer"] = rows["customer_id"].fillna(rows["linked"])
        rows = rows.merge(customers, on="customer", how="left")
        existing = rows["customer"].notna() & (
            rows["first_seen"].isna() | (rows["first_seen"] < rows["at"])
        )
        rows = rows[existing]
        reach = rows.groupby(["platform", "kind"])["customer"].nunique()
        counted = rows.groupby(["platform", "kind"]).size()
        n_posts = posts.groupby(["platform", "kind"]).size()
        f = r.formats.set_index(["platform", "kind"])
        for key in n_posts.index:
            assert f.loc[key, "posts"] == n_posts[key]
            assert f.loc[key, "reach"] == reach[key]
            assert f.loc[key, "smer_b"] == pytest.approx(
                counted[key] / reach[key] / n_posts[key] * 100
            )
        assert np.isfinite(f["effect"]).any()
    finally:
        ws.close()
