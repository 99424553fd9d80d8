"""Social reply times (SMRT), SMER-B, SMAI and the community share on hand fixtures (an
in-memory DuckDB, and a real workspace built through the importer); every expected figure
below is computed by hand in the comments."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import ibis
import pandas as pd
import pytest

from bindung.hours import parse_business_hours
from bindung.insights.social import (
    ALL,
    activity_grid,
    community_frame,
    engagement,
    mention_waits,
    open_reply_times,
    reply_times,
    shared_engagement,
    smer_b,
    summarise_waits,
    waiting_customers,
)
from bindung.metrics.periods import Grid, make_grid
from bindung.workspace import Workspace


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
    customers = con.create_table(
        "customers",
        pd.DataFrame({"customer_id": ["c1", "c2", "c3"], "first_seen": [datetime(2026, 1, 1)] * 3}),
    )
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


# -- the total over all platforms, periods, open minutes -----------------------------------


@pytest.fixture
def no_identities(con: Any) -> Any:
    return con.create_table(
        "identities",
        ibis.memtable(
            pd.DataFrame({"platform": [], "handle": [], "customer_id": []}),
            schema=ibis.schema({"platform": "string", "handle": "string", "customer_id": "string"}),
        ),
    )


def test_reply_times_overall_row_by_hand(mentions: Any) -> None:
    rows = _rows(reply_times(mentions, overall=True))
    assert list(rows) == [ALL, "facebook", "instagram", "x"]
    total = rows[ALL]
    # answered: 10, 15, 15.5, 20, 30, 45, 90 (7); m3 unanswered; m5 and f1 bad
    assert (total["needing_reply"], total["answered"], total["unanswered"]) == (10, 7, 1)
    assert total["bad_rows"] == 2
    assert total["median_minutes"] == pytest.approx(20.0)
    assert total["mean_minutes"] == pytest.approx(225.5 / 7)
    assert total["p90_minutes"] == pytest.approx(63.0)  # h = 6 · 0.9 = 5.4: 45 + 0.4 · 45
    assert total["share_within_60"] == pytest.approx(6 / 8)  # all but 90 and m3, of 8 valid
    assert total["share_within_30"] == pytest.approx(5 / 8)
    assert total["negative_needing_reply"] == 4  # m2, m3, n1, n2
    assert total["share_negative_within_15"] == pytest.approx(2 / 4)  # m2 (10), n2 (15)


@pytest.mark.parametrize(
    ("timezone", "utc", "period"),
    [
        # 23:30 local on 31 March (summer time, UTC+2) = 21:30 UTC: March
        ("Europe/Berlin", datetime(2026, 3, 31, 21, 30), "2026-03"),
        # 00:30 local on 1 April = 22:30 UTC on 31 March: April, though March in UTC
        ("Europe/Berlin", datetime(2026, 3, 31, 22, 30), "2026-04"),
        # 23:30 local on 31 March in New York (UTC-4) = 03:30 UTC on 1 April: March
        ("America/New_York", datetime(2026, 4, 1, 3, 30), "2026-03"),
    ],
)
def test_reply_times_period_is_the_local_month(
    con: Any, timezone: str, utc: datetime, period: str
) -> None:
    frame = pd.DataFrame(
        {
            "mention_id": ["a", "b"],
            "platform": ["x", "x"],
            "at": [utc, datetime(2026, 3, 15, 12, 0)],
            "needs_reply": [True, True],
            "sentiment": ["neutral", "neutral"],
            "first_reply_at": [utc.replace(minute=50), datetime(2026, 3, 15, 12, 5)],
        }
    )
    table = con.create_table("m", frame)
    grid = make_grid("month", timezone, datetime(2026, 3, 2), datetime(2026, 4, 20))
    out = reply_times(table, grid.bounds).to_pandas()
    labels = dict(enumerate(grid.labels))
    got = {labels[int(r["k"])]: (r["needing_reply"], r["mean_minutes"]) for _, r in out.iterrows()}
    # the mention at the month's edge waited 20 minutes, the one on 15 March 5 minutes
    if period == "2026-03":
        assert got == {"2026-03": (2, pytest.approx(12.5))}
    else:
        assert got == {"2026-03": (1, pytest.approx(5.0)), "2026-04": (1, pytest.approx(20.0))}


def test_summarise_waits_matches_reply_times(mentions: Any, no_identities: Any) -> None:
    waits = mention_waits(mentions, no_identities).to_pandas()
    assert len(waits) == 10  # the mentions needing a reply
    pandas_way = summarise_waits(waits, "minutes", ["platform"]).set_index("platform")
    sql_way = reply_times(mentions).to_pandas().set_index("platform")
    pd.testing.assert_frame_equal(pandas_way, sql_way, check_dtype=False)


def test_open_reply_times_by_hand(mentions: Any, no_identities: Any) -> None:
    # Mon-Fri 09:00-17:00 in UTC.  x: n1 08:00 -> 08:15:30 is before opening (0 open minutes),
    # n2 09:00 -> 09:15 (15), n3 Tue 23:50 -> Wed 00:20 (0).  Instagram (Mon 2 March) lies
    # inside the hours: 20, 10, 90, 45 as on the clock.
    waits = mention_waits(mentions, no_identities).to_pandas()
    hours = parse_business_hours("Mo-Fr 09:00-17:00")
    assert hours is not None
    rows = open_reply_times(waits, hours, "UTC", overall=True).set_index("platform")
    x = rows.loc["x"]
    assert (x["median_minutes"], x["mean_minutes"]) == (pytest.approx(0.0), pytest.approx(5.0))
    assert x["p90_minutes"] == pytest.approx(12.0)  # 0, 0, 15: h = 1.8 -> 0 + 0.8 · 15
    assert x["share_negative_within_15"] == pytest.approx(1.0)  # n1 0, n2 15 (clock: 1/2)
    ig = rows.loc["instagram"]
    assert ig["median_minutes"] == pytest.approx(32.5)
    assert ig["share_within_30"] == pytest.approx(2 / 5)
    assert rows.loc[ALL, "needing_reply"] == 10


def test_open_minutes_around_the_clock_equal_clock_minutes(
    mentions: Any, no_identities: Any
) -> None:
    waits = mention_waits(mentions, no_identities).to_pandas()
    hours = parse_business_hours("Mo-Su 00:00-24:00")
    assert hours is not None
    opened = open_reply_times(waits, hours, "Europe/Berlin").set_index("platform")
    clock = reply_times(mentions).to_pandas().set_index("platform")
    pd.testing.assert_frame_equal(opened, clock, check_dtype=False)


# -- a real workspace: SMER-B, SMAI and the community per month ----------------------------

# Times are local (Europe/Berlin); the importer stores them in UTC.
ORDERS_CSV = """order_id,customer_id,ordered_at,revenue
o1,c1,2025-01-10 10:00,50.00
o2,c1,2025-03-05 10:00,30.00
o3,c2,2025-02-20 10:00,20.00
o4,c3,2023-01-05 10:00,40.00
o5,c4,2025-03-20 10:00,25.00
"""
# c1 has three handles on two platforms
IDENTITIES_CSV = """platform,handle,customer_id
instagram,alice,c1
instagram,alice2,c1
x,alice_x,c1
instagram,bob,c2
instagram,carl,c3
instagram,dora,c4
"""
# no Instagram post in March
POSTS_CSV = """post_id,platform,published_at,kind
P1,instagram,2025-02-03 10:00,photo
P2,instagram,2025-02-10 10:00,photo
X1,x,2025-02-05 10:00,text
X2,x,2025-03-03 10:00,text
"""
INTERACTIONS_CSV = """interaction_id,post_id,platform,actor,kind,at
i1,P1,instagram,alice,like,2025-02-03 11:00
i2,P1,instagram,alice2,share,2025-02-03 12:00
i3,P2,instagram,bob,comment,2025-02-11 09:00
i4,P2,instagram,eve,like,2025-02-11 10:00
i5,P1,instagram,dora,like,2025-02-04 10:00
i6,X1,x,alice_x,share,2025-02-06 10:00
i7,P2,instagram,bob,share,2025-03-02 10:00
i8,X2,x,zed,like,2025-03-04 10:00
i9,P2,instagram,dora,like,2025-03-25 10:00
i10,P1,instagram,alice,like,2025-02-05 10:00
"""
# m1: 23:30 on the last day of February (a Friday), answered on Saturday 1 March after 40 min;
# m6: 00:30 on 1 March (23:30 UTC on 28 February) belongs to March
MENTIONS_CSV = """mention_id,platform,at,author,sentiment,needs_reply,first_reply_at
m1,instagram,2025-02-28 23:30,alice,negative,true,2025-03-01 00:10
m2,instagram,2025-02-15 10:00,carl,positive,false,
m3,x,2025-02-07 10:00,alice_x,positive,false,
m4,instagram,2025-03-10 09:00,bob,neutral,true,
m5,instagram,2025-02-12 10:00,frank,neutral,true,2025-02-12 12:00
m6,instagram,2025-03-01 00:30,bob,negative,true,2025-03-01 00:40
"""
HAND_FILES = (
    ("orders", ORDERS_CSV),
    ("identities", IDENTITIES_CSV),
    ("social_posts", POSTS_CSV),
    ("social_interactions", INTERACTIONS_CSV),
    ("social_mentions", MENTIONS_CSV),
)


def import_hand_social(ws: Workspace, write: Callable[..., Path]) -> Workspace:
    """Import the hand-made social fixture above into ``ws`` (every row must be stored)."""
    for kind, text in HAND_FILES:
        result = ws.import_file(kind, write(f"{kind}.csv", text))
        assert result.rejected == 0, (kind, result.rejects)
    return ws


@pytest.fixture
def hand(workspace: Workspace, write: Callable[..., Path]) -> Workspace:
    return import_hand_social(workspace, write)


def _months(ws: Workspace) -> Grid:
    return make_grid("month", ws.settings.timezone, datetime(2025, 2, 3), datetime(2025, 3, 25))


def _by(frame: pd.DataFrame, grid: Grid) -> dict[tuple[str, str], dict[str, Any]]:
    labels = dict(enumerate(grid.labels))
    return {(labels[int(r["k"])], r["platform"]): r for r in frame.to_dict("records")}


def test_smer_b_per_month_by_hand(hand: Workspace) -> None:
    grid = _months(hand)
    t = hand.table
    expr = smer_b(
        t("social_posts"),
        t("social_interactions"),
        t("identities"),
        t("customers"),
        grid.bounds,
        overall=True,
    )
    rows = _by(expr.to_pandas(), grid)
    # February, Instagram: posts P1, P2; handles alice, alice2, bob, eve, dora (5).  Existing
    # customers: only c1 (alice, alice2: i1, i2, i10) — bob's first order (20 Feb) comes after
    # his comment (11 Feb) and dora's (20 Mar) after her like.  3 / 1 / 2 × 100 = 150 %.
    ig = rows[("2025-02", "instagram")]
    assert (ig["posts"], ig["community"], ig["customers_in_community"]) == (2, 5, 1)
    assert ig["customer_interactions"] == 3
    assert ig["smer_b"] == pytest.approx(150.0)
    x = rows[("2025-02", "x")]  # alice_x (c1): 1 / 1 / 1 × 100
    assert (x["posts"], x["customers_in_community"], x["smer_b"]) == (1, 1, pytest.approx(100.0))
    total = rows[("2025-02", ALL)]  # 3 posts, c1 with 4 interactions, 6 handles
    assert (total["posts"], total["community"], total["customers_in_community"]) == (3, 6, 1)
    assert total["smer_b"] == pytest.approx(4 / 1 / 3 * 100)
    # March, Instagram: no post, but bob (c2) and dora (c4, customer since 20 Mar) interacted
    ig = rows[("2025-03", "instagram")]
    assert (ig["posts"], ig["customers_in_community"], ig["customer_interactions"]) == (0, 2, 2)
    assert ig["smer_b"] is None or math.isnan(ig["smer_b"])  # undefined, not 0
    x = rows[("2025-03", "x")]  # one post, only zed (no customer): undefined
    assert (x["posts"], x["community"], x["customers_in_community"]) == (1, 1, 0)
    assert x["smer_b"] is None or math.isnan(x["smer_b"])
    assert rows[("2025-03", ALL)]["smer_b"] == pytest.approx(2 / 2 / 1 * 100)


def test_smai_per_month_by_hand(hand: Workspace) -> None:
    grid = _months(hand)
    frame = engagement(hand.table, hand.settings, grid, by_period=True)
    rows = _by(frame, grid)
    # Customers at the end of February (orders in the 365 days before 1 March): c1, c2 (c3's
    # order is from 2023, c4 buys on 20 March).  By them in February: mentions m1 (alice, at
    # 23:30 on 28 Feb), m3 (alice_x); shares i2 (alice2), i6 (alice_x).  m2 (carl = c3) and m5
    # (frank, unlinked) do not count.
    ig, x, total = (rows[("2025-02", p)] for p in ("instagram", "x", ALL))
    assert (ig["customers"], ig["customer_mentions"], ig["customer_shares"]) == (2, 1, 1)
    assert ig["smai"] == pytest.approx(2 / 2)
    assert x["smai"] == pytest.approx(2 / 2)
    assert total["smai"] == pytest.approx(4 / 2)
    # End of March: c1, c2, c4.  Mentions m4, m6 (bob = c2), share i7 (bob): 3 / 3.
    ig, x, total = (rows[("2025-03", p)] for p in ("instagram", "x", ALL))
    assert (ig["customers"], ig["customer_mentions"], ig["customer_shares"]) == (3, 2, 1)
    assert ig["smai"] == pytest.approx(1.0)
    assert x["smai"] == pytest.approx(0.0)
    assert total["smai"] == pytest.approx(1.0)
    # the platforms add up to the total
    for month in ("2025-02", "2025-03"):
        parts = sum(rows[(month, p)]["smai"] for p in ("instagram", "x"))
        assert parts == pytest.approx(rows[(month, ALL)]["smai"])


def test_community_share_counts_a_customer_once(hand: Workspace) -> None:
    grid = _months(hand)
    rows = _by(engagement(hand.table, hand.settings, grid, by_period=True), grid)
    # February, Instagram: c1 (alice, alice2: one member), c2 (bob), c4 (dora), c3 (carl, a
    # mention), eve and frank (unlinked): 4 of 6 members are customers.
    ig = rows[("2025-02", "instagram")]
    assert (ig["community_members"], ig["community_customers"]) == (6, 4)
    assert ig["community_share"] == pytest.approx(400 / 6)
    x = rows[("2025-02", "x")]  # alice_x = c1
    assert (x["community_members"], x["community_customers"]) == (1, 1)
    # all platforms: c1 once for her three handles on two platforms
    total = rows[("2025-02", ALL)]
    assert (total["community_members"], total["community_customers"]) == (6, 4)
    # March: bob (c2) and dora (c4) on Instagram, zed on x
    total = rows[("2025-03", ALL)]
    assert (total["community_members"], total["community_customers"]) == (3, 2)
    assert rows[("2025-03", "x")]["community_share"] == pytest.approx(0.0)


def test_engagement_over_the_whole_span_by_hand(hand: Workspace) -> None:
    frame = engagement(hand.table, hand.settings, _months(hand), by_period=False)
    rows = frame.set_index("platform")
    assert list(rows.index) == ["instagram", "x", ALL]
    # SMAI: customers active at the end of March: c1, c2, c4.  Instagram: mentions m1, m4, m6
    # and shares i2, i7 -> 5 / 3; x: m3 and i6 -> 2 / 3.
    assert rows.loc["instagram", "smai"] == pytest.approx(5 / 3)
    assert rows.loc["x", "smai"] == pytest.approx(2 / 3)
    assert rows.loc[ALL, "smai"] == pytest.approx(7 / 3)
    # SMER-B: Instagram 2 posts; existing customers' interactions i1, i2, i10 (c1), i7 (c2),
    # i9 (c4): 5 / 3 / 2 × 100.  x: 2 posts, i6 (c1): 1 / 1 / 2 × 100.  All: 6 / 3 / 4 × 100.
    assert rows.loc["instagram", "smer_b"] == pytest.approx(5 / 3 / 2 * 100)
    assert rows.loc["x", "smer_b"] == pytest.approx(50.0)
    assert rows.loc[ALL, "smer_b"] == pytest.approx(50.0)
    assert rows.loc[ALL, "community"] == 7  # handles: 5 on Instagram, 2 on x


def test_mention_waits_link_customers(hand: Workspace) -> None:
    waits = mention_waits(hand.table("social_mentions"), hand.table("identities")).to_pandas()
    linked = {
        m: None if pd.isna(c) else c
        for m, c in zip(waits["mention_id"], waits["customer_id"], strict=True)
    }
    assert linked == {"m1": "c1", "m4": "c2", "m5": None, "m6": "c2"}
    minutes = dict(zip(waits["mention_id"], waits["minutes"], strict=True))
    assert minutes["m1"] == pytest.approx(40.0)  # 23:30 -> 00:10 across the month's end
    assert minutes["m5"] == pytest.approx(120.0)


def test_activity_grid_keeps_the_overlapping_months(hand: Workspace) -> None:
    # social activity from February to March 2025
    assert activity_grid(hand, "month").labels == ("2025-02", "2025-03")
    assert activity_grid(hand, "month", date(2025, 3, 1)).labels == ("2025-03",)
    assert activity_grid(hand, "month", None, date(2025, 2, 1)) is None  # all before Feb


def test_community_and_waiting_customers_by_hand(hand: Workspace) -> None:
    grid = activity_grid(hand, "month")
    assert grid is not None
    # existing customers who interacted (see test_engagement_over_the_whole_span_by_hand):
    # Instagram c1 (i1, i2, i10), c2 (i7), c4 (i9); x c1 (i6)
    community = community_frame(hand, grid)
    assert list(community.itertuples(index=False, name=None)) == [
        ("instagram", "c1"),
        ("instagram", "c2"),
        ("instagram", "c4"),
        ("x", "c1"),
    ]
    # m1 (c1) waited 40 minutes, m4 (c2) was never answered, m6 (c2) 10 minutes; m5 is by
    # no customer
    assert waiting_customers(hand, grid, None, "instagram", 30.0) == ["c1", "c2"]
    assert waiting_customers(hand, grid, None, "instagram", 60.0) == ["c2"]


def test_shared_engagement_is_made_once_per_refresh(hand: Workspace) -> None:
    grid = _months(hand)
    bounds = tuple(grid.bounds)
    hand.memo = {}
    try:
        first = shared_engagement(hand, grid, by_period=False)
        first["smai"] = -1.0  # the caller's copy: the shared frame stays as it was
        trend = shared_engagement(hand, grid, by_period=True)
        assert set(hand.memo) == {
            ("social.activity",),  # the activity rows: the same for every grid
            ("social.prepared", bounds),
            ("social.engagement", bounds, False),
            ("social.engagement", bounds, True),
        }
        again = shared_engagement(hand, grid, by_period=False)
    finally:
        hand.memo = None
    plain = engagement(hand.table, hand.settings, grid, by_period=False)
    pd.testing.assert_frame_equal(again, plain)
    pd.testing.assert_frame_equal(
        trend, engagement(hand.table, hand.settings, grid, by_period=True)
    )
    # outside a refresh (no memo) it is made every time, with the same figures
    pd.testing.assert_frame_equal(shared_engagement(hand, grid, by_period=False), plain)


def test_importer_rejects_a_reply_before_the_mention(
    workspace: Workspace, write: Callable[..., Path]
) -> None:
    # bindung.store.schema declares Order("at", "first_reply_at"): the row never reaches the
    # store, so reply_times' bad_rows stays 0 in a workspace.
    text = (
        "mention_id,platform,at,author,needs_reply,first_reply_at\n"
        "ok,x,2025-02-01 10:00,a,true,2025-02-01 10:30\n"
        "bad,x,2025-02-01 10:00,b,true,2025-02-01 09:00\n"
    )
    result = workspace.import_file("social_mentions", write("m.csv", text))
    assert (result.stored, result.rejected) == (1, 1)
    (reasons,) = workspace.rejects()["reasons"]
    assert "first_reply_at" in str(reasons)
    assert "is before at" in str(reasons)
    row = reply_times(workspace.table("social_mentions")).to_pandas().iloc[0]
    assert (row["needing_reply"], row["answered"], row["bad_rows"]) == (1, 1, 0)


def test_linked_customers_match_a_pandas_oracle_also_without_platform() -> None:
    """``_linked``: the direct customer, else the identity of (platform, handle), else the
    customer of any other row of the same (platform, handle) — rows without a platform
    included (they share a handle's customer with each other, not with other platforms)."""
    import ibis

    from bindung.insights.social import _linked

    con = ibis.duckdb.connect()
    rows = pd.DataFrame(
        {
            "platform": ["ig", "ig", "ig", None, None, "fb", "fb", "ig", None],
            "handle": ["@a", "@a", "@b", "@a", "@a", "@a", "@c", None, None],
            "direct": [None, "c1", None, None, "c9", None, None, "c5", None],
        }
    )
    ids = pd.DataFrame(
        {"platform": ["fb", "ig"], "handle": ["@c", "@b"], "customer_id": ["c3", "c2"]}
    )
    got = (
        _linked(con.create_table("r", rows), con.create_table("i", ids))
        .to_pandas()
        .sort_values(["platform", "handle", "customer"], na_position="first")
    )
    # oracle: identity or direct per row, then the max of the known customers of the handle
    want = rows.merge(ids, on=["platform", "handle"], how="left")
    want["customer"] = want["direct"].fillna(want["customer_id"])
    key = want["platform"].fillna("\0") + "|" + want["handle"].fillna("\0")
    handle_max = want.groupby(key)["customer"].transform("max")
    want["customer"] = want["customer"].where(
        want["handle"].isna(), want["customer"].fillna(handle_max)
    )
    want = want[["platform", "handle", "customer"]].sort_values(
        ["platform", "handle", "customer"], na_position="first"
    )
    assert (
        got[["platform", "handle", "customer"]]
        .astype(object)
        .where(got[["platform", "handle", "customer"]].notna(), None)
        .values.tolist()
        == want.astype(object).where(want.notna(), None).values.tolist()
    )
    # by hand: ig @a -> c1 (both rows), ig @b -> c2 (identity), no platform @a -> c9 (both),
    # fb @a -> nobody, fb @c -> c3, ig without handle -> c5, the row with nothing -> nobody
    linked = dict(
        zip(
            range(len(rows)),
            _linked(con.create_table("r2", rows.assign(n=range(9))), con.create_table("i2", ids))
            .to_pandas()
            .sort_values("n")["customer"],
            strict=True,
        )
    )
    assert [linked[i] if isinstance(linked[i], str) else None for i in range(9)] == [
        "c1",
        "c1",
        "c2",
        "c9",
        "c9",
        None,
        "c3",
        "c5",
        None,
    ]
