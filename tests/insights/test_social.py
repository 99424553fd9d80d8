"""Social reply times (SMRT) and SMER-B on hand fixtures in an in-memory DuckDB; every
expected figure below is computed by hand in the comments."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import ibis
import pandas as pd
import pytest

from bindung.insights.social import reply_times, smer_b


def _t(day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, second)


@pytest.fixture
def con() -> Iterator[Any]:
    connection = ibis.duckdb.connect()
    yield connection
    connection.disconnect()


MENTIONS = [
    # id, platform, at, needs_reply, sentiment, first_reply_at
    # instagram: needing a reply = m1, m2, m3, m4, m5, m9 (6); m5 replied before it (bad)
    ("m1", "instagram", _t(2, 10, 0), True, "neutral", _t(2, 10, 20)),  # 20 min
    ("m2", "instagram", _t(2, 11, 0), None, "negative", _t(2, 11, 10)),  # 10 min, negative
    ("m3", "instagram", _t(2, 12, 0), None, "negative", None),  # never answered, negative
    ("m4", "instagram", _t(2, 13, 0), True, "positive", _t(2, 14, 30)),  # 90 min
    ("m5", "instagram", _t(2, 15, 0), True, "neutral", _t(2, 14, 50)),  # reply before: bad
    ("m6", "instagram", _t(2, 9, 0), False, "negative", _t(2, 12, 0)),  # explicit no: out
    ("m7", "instagram", _t(2, 9, 30), None, "positive", _t(2, 9, 31)),  # null, not neg: out
    ("m8", "instagram", _t(2, 9, 40), None, None, None),  # nothing known: out
    ("m9", "instagram", _t(2, 16, 0), True, "neutral", _t(2, 16, 45)),  # 45 min
    # x: 15.5, 15 and 30 minutes (the last across midnight)
    ("n1", "x", _t(3, 8, 0), True, "negative", _t(3, 8, 15, 30)),  # 15.5 min: not ≤ 15
    ("n2", "x", _t(3, 9, 0), True, "negative", _t(3, 9, 15)),  # 15 min: ≤ 15
    ("n3", "x", _t(3, 23, 50), True, "neutral", _t(4, 0, 20)),  # 30 min: ≤ 30
    # facebook: its only mention needing a reply is a reply before the mention
    ("f1", "facebook", _t(5, 12, 0), True, "neutral", _t(5, 11, 0)),
]


@pytest.fixture
def mentions(con: Any) -> Any:
    frame = pd.DataFrame(
        MENTIONS,
        columns=["mention_id", "platform", "at", "needs_reply", "sentiment", "first_reply_at"],
    )
    frame["needs_reply"] = frame["needs_reply"].astype("boolean")
    frame["at"] = pd.to_datetime(frame["at"])
    frame["first_reply_at"] = pd.to_datetime(frame["first_reply_at"])
    frame["author"] = frame["mention_id"] + "_author"
    frame["customer_id"] = None
    frame["resolved_at"] = pd.NaT
    schema = ibis.schema(
        {
            "mention_id": "string",
            "platform": "string",
            "at": "timestamp",
            "needs_reply": "boolean",
            "sentiment": "string",
            "first_reply_at": "timestamp",
            "author": "string",
            "customer_id": "string",
            "resolved_at": "timestamp",
        }
    )
    return con.create_table("social_mentions", ibis.memtable(frame, schema=schema))


def _rows(expr: Any) -> dict[str, dict[str, Any]]:
    frame = expr.to_pandas()
    return {row["platform"]: row for row in frame.to_dict("records")}


def test_reply_times_by_hand(mentions: Any) -> None:
    rows = _rows(reply_times(mentions))
    assert list(rows) == ["facebook", "instagram", "x"]

    ig = rows["instagram"]
    # answered: 10, 20, 45, 90 minutes; m3 unanswered; m5 bad
    assert (ig["needing_reply"], ig["answered"], ig["unanswered"], ig["bad_rows"]) == (6, 4, 1, 1)
    assert ig["median_minutes"] == pytest.approx(32.5)  # (20 + 45) / 2
    assert ig["mean_minutes"] == pytest.approx(41.25)  # 165 / 4
    assert ig["p90_minutes"] == pytest.approx(76.5)  # h = 3 · 0.9 = 2.7: 45 + 0.7 · 45
    assert ig["share_within_60"] == pytest.approx(3 / 5)  # 10, 20, 45 of 5 valid
    assert ig["share_within_30"] == pytest.approx(2 / 5)  # 10, 20 of 5 valid
    assert ig["negative_needing_reply"] == 2  # m2, m3 (m6 said no)
    assert ig["share_negative_within_15"] == pytest.approx(1 / 2)  # m2 yes, m3 never

    x = rows["x"]
    assert (x["needing_reply"], x["answered"], x["unanswered"], x["bad_rows"]) == (3, 3, 0, 0)
    assert x["median_minutes"] == pytest.approx(15.5)  # 15, 15.5, 30
    assert x["mean_minutes"] == pytest.approx(60.5 / 3)
    assert x["p90_minutes"] == pytest.approx(27.1)  # h = 1.8: 15.5 + 0.8 · 14.5
    assert x["share_within_60"] == pytest.approx(1.0)
    assert x["share_within_30"] == pytest.approx(1.0)  # 30 ≤ 30
    assert x["share_negative_within_15"] == pytest.approx(1 / 2)  # 15 yes, 15.5 no

    fb = rows["facebook"]
    assert (fb["needing_reply"], fb["answered"], fb["unanswered"], fb["bad_rows"]) == (1, 0, 0, 1)
    for column in (
        "median_minutes",
        "mean_minutes",
        "p90_minutes",
        "share_within_60",
        "share_within_30",
        "share_negative_within_15",
    ):
        assert fb[column] is None or math.isnan(fb[column]), column
    assert fb["negative_needing_reply"] == 0


def test_reply_times_balances(mentions: Any) -> None:
    frame = reply_times(mentions).to_pandas()
    total = frame["answered"] + frame["unanswered"] + frame["bad_rows"]
    assert (total == frame["needing_reply"]).all()
    assert int(frame["bad_rows"].sum()) == 2


POSTS = [
    ("p1", "instagram"),
    ("p2", "instagram"),
    ("p3", "instagram"),
    ("p4", "instagram"),
    ("q1", "x"),
    ("f1", "facebook"),
    ("f2", "facebook"),
]

INTERACTIONS = [
    # id, post, platform, actor, customer_id, kind
    ("i1", "p1", "instagram", "alice", "c1", "like"),
    ("i2", "p2", "instagram", "alice", "c1", "comment"),
    ("i3", "p3", None, "alice", "c1", "share"),  # platform from the post
    ("i4", "p1", "instagram", "bob", None, "like"),  # identity instagram/bob → c2
    ("i5", "p2", "instagram", "bob", None, "like"),
    ("i6", "p1", "instagram", "carol", None, "like"),  # no link: not a customer
    ("i7", "p4", "instagram", "dave", None, "like"),  # dave is linked on x only
    ("i8", "p4", "instagram", "eve", "c9", "save"),  # c9 not in the customers table
    ("i9", "q1", "x", "dave", None, "like"),  # identity x/dave → c3
    ("i10", "q1", "x", "dave", None, "comment"),
]

INTERACTION_COLUMNS = [
    "interaction_id",
    "post_id",
    "platform",
    "actor",
    "customer_id",
    "kind",
    "at",
]

IDENTITIES = [("instagram", "bob", "c2"), ("x", "dave", "c3"), ("email", "h1", "c1")]


@pytest.fixture
def social(con: Any) -> tuple[Any, Any, Any, Any]:
    posts = con.create_table(
        "social_posts",
        pd.DataFrame(
            [(pid, pf, datetime(2026, 3, 1), "photo") for pid, pf in POSTS],
            columns=["post_id", "platform", "published_at", "kind"],
        ),
    )
    interactions = con.create_table(
        "social_interactions",
        ibis.memtable(
            pd.DataFrame(
                [(*row, datetime(2026, 3, 2)) for row in INTERACTIONS],
                columns=INTERACTION_COLUMNS,
            ),
            schema=ibis.schema(
                {
                    "interaction_id": "string",
                    "post_id": "string",
                    "platform": "string",
                    "actor": "string",
                    "customer_id": "string",
                    "kind": "string",
                    "at": "timestamp",
                }
            ),
        ),
    )
    identities = con.create_table(
        "identities", pd.DataFrame(IDENTITIES, columns=["platform", "handle", "customer_id"])
    )
    customers = con.create_table("customers", pd.DataFrame({"customer_id": ["c1", "c2", "c3"]}))
    return posts, interactions, identities, customers


def test_smer_b_by_hand(social: tuple[Any, Any, Any, Any]) -> None:
    posts, interactions, identities, _ = social
    rows = _rows(smer_b(posts, interactions, identities))
    assert list(rows) == ["facebook", "instagram", "x"]

    ig = rows["instagram"]
    # community alice, bob, carol, dave, eve; customers c1, c2, c9 with 3 + 2 + 1 interactions
    assert (ig["posts"], ig["community"], ig["customers_in_community"]) == (4, 5, 3)
    assert ig["customer_interactions"] == 6
    assert ig["smer_b"] == pytest.approx(6 / 3 / 4 * 100)  # 50 %

    x = rows["x"]
    assert (x["posts"], x["community"], x["customers_in_community"]) == (1, 1, 1)
    assert x["smer_b"] == pytest.approx(2 / 1 / 1 * 100)  # 200 %

    fb = rows["facebook"]
    assert (fb["posts"], fb["community"], fb["customers_in_community"]) == (2, 0, 0)
    assert fb["customer_interactions"] == 0
    assert fb["smer_b"] is None or math.isnan(fb["smer_b"])


def test_smer_b_only_existing_customers(social: tuple[Any, Any, Any, Any]) -> None:
    posts, interactions, identities, customers = social
    rows = _rows(smer_b(posts, interactions, identities, customers))
    ig = rows["instagram"]
    # eve's c9 is not a customer: c1 (3) and c2 (2)
    assert (ig["customers_in_community"], ig["customer_interactions"]) == (2, 5)
    assert ig["smer_b"] == pytest.approx(5 / 2 / 4 * 100)  # 62.5 %
    assert rows["x"]["smer_b"] == pytest.approx(200.0)
