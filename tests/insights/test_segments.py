"""RFM scores, segments, CLV tiers and the win-back list: hand-computed fixtures through a real
workspace, an independent pandas computation of the scores, and properties of the rules."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import ibis
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bindung
from bindung.insights import (
    SEGMENTS,
    TIERS,
    InsightInputError,
    clv_tiers,
    rfm_scores,
    segment,
    segment_expr,
    segment_of,
    win_back,
)
from bindung.insights.segments import NEW_DAYS, SCORE_COLUMNS

AS_OF = datetime(2025, 1, 1)

# Ten customers with ties in every dimension (n = 10, so score = 1 + floor(w / 2), w = number
# of customers with a strictly worse value).  K01's order at as_of itself, K06's later order
# and K11 (only a later order) must not count.
ORDERS_CSV = """\
Order ID,Customer ID,Order date,Total
A01,K01,2024-01-15,50.00
A02,K01,2024-03-01,50.00
A03,K01,2024-05-01,50.00
A04,K01,2024-07-01,50.00
A05,K01,2024-10-01,50.00
A06,K01,2024-12-30 12:00,50.00
A07,K01,2025-01-01 00:00,999.00
B01,K02,2024-03-01,25.00
B02,K02,2024-06-01,25.00
B03,K02,2024-09-01,25.00
B04,K02,2024-12-20,25.00
C01,K03,2023-05-01,100.00
C02,K03,2023-09-01,100.00
C03,K03,2024-01-01,100.00
C04,K03,2024-06-01,100.00
D01,K04,2024-10-15,20.00
D02,K04,2024-11-15,20.00
D03,K04,2024-12-20,20.00
E01,K05,2024-02-01,50.00
E02,K05,2024-11-01,50.00
F01,K06,2024-12-01,80.00
F02,K06,2025-02-01,40.00
G01,K07,2023-12-01,15.00
H01,K08,2024-08-01,100.00
I01,K09,2023-03-01,5.00
J01,K10,2024-01-01,30.00
J02,K10,2024-09-01,30.00
L01,K11,2025-01-05,70.00
"""

# customer: recency_days, tenure_days, frequency, monetary, rfm, segment
EXPECTED: dict[str, tuple[float, float, int, float, str, str]] = {
    # R: 672, 397 -> w 0, 1 -> 1; 214, 153 -> 2; 122, 61 -> 3; 31 -> w 6 -> 4;
    #    12 (K02 and K04 tie) -> w 7 -> 4 both; 1.5 -> w 9 -> 5
    # F: 1 (four customers) -> w 0 -> 1; 2 (K05, K10) -> w 4 -> 3; 3 -> w 6 -> 4;
    #    4 (K02, K03) -> w 7 -> 4; 6 -> w 9 -> 5
    # M: 5 -> 1; 15 -> 1; 60 (K04, K10) -> w 2 -> 2; 80 -> w 4 -> 3;
    #    100 (K02, K05, K08) -> w 5 -> 3; 300 -> w 8 -> 5; 400 -> w 9 -> 5
    "K01": (1.5, 352.0, 6, 300.0, "555", "champions"),
    "K02": (12.0, 306.0, 4, 100.0, "443", "loyal"),
    "K03": (214.0, 611.0, 4, 400.0, "245", "at_risk"),
    "K04": (12.0, 78.0, 3, 60.0, "442", "new"),
    "K05": (61.0, 335.0, 2, 100.0, "333", "needs_attention"),
    "K06": (31.0, 31.0, 1, 80.0, "413", "new"),
    "K07": (397.0, 397.0, 1, 15.0, "111", "lost"),
    "K08": (153.0, 153.0, 1, 100.0, "213", "hibernating"),
    "K09": (672.0, 672.0, 1, 5.0, "111", "lost"),
    "K10": (122.0, 366.0, 2, 60.0, "332", "needs_attention"),
}


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[bindung.Workspace]:
    folder = tmp_path_factory.mktemp("segments")
    csv = folder / "orders.csv"
    csv.write_text(ORDERS_CSV)
    workspace = bindung.init(folder / "ws", locale="en_GB", timezone="UTC")
    result = workspace.import_file("orders", csv)
    assert (result.stored, result.rejected) == (28, 0)
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def con() -> Any:
    return ibis.duckdb.connect()


@pytest.fixture(scope="module")
def hand(ws: bindung.Workspace) -> pd.DataFrame:
    df: pd.DataFrame = segment_expr(rfm_scores(ws.table("orders"), as_of=AS_OF)).to_pandas()
    return df.set_index("customer_id")


def _orders(con: Any, rows: list[tuple[str, datetime, float]]) -> Any:
    frame = pd.DataFrame(rows, columns=["customer_id", "ordered_at", "revenue"])
    frame["ordered_at"] = pd.to_datetime(frame["ordered_at"]).astype("datetime64[us]")
    frame["revenue"] = frame["revenue"].astype("float64")
    table = ibis.memtable(
        frame, schema={"customer_id": "string", "ordered_at": "timestamp", "revenue": "float64"}
    )
    return table.mutate(revenue=table.revenue.cast("decimal(18, 2)"))


# -- RFM scores


def test_scores_by_hand(hand: pd.DataFrame) -> None:
    assert tuple(hand.reset_index().columns) == (*SCORE_COLUMNS, "segment")
    assert sorted(hand.index) == sorted(EXPECTED)  # K11 ordered only after as_of
    for cid, (recency, tenure, frequency, monetary, rfm, _) in EXPECTED.items():
        row = hand.loc[cid]
        assert row.recency_days == pytest.approx(recency, abs=1e-9), cid
        assert row.tenure_days == pytest.approx(tenure, abs=1e-9), cid
        assert (row.frequency, row.monetary, row.rfm) == (frequency, monetary, rfm), cid
        assert f"{row.r_score}{row.f_score}{row.m_score}" == rfm
    assert hand.loc["K01", "last_order_at"] == pd.Timestamp("2024-12-30 12:00")
    assert hand.loc["K03", "first_order_at"] == pd.Timestamp("2023-05-01")


def test_result_is_ordered_by_customer(hand: pd.DataFrame) -> None:
    assert list(hand.index) == sorted(hand.index)


def test_ties_get_equal_scores(hand: pd.DataFrame) -> None:
    # equal values, equal scores, where ntile would have split them
    assert hand.loc["K02"].r_score == hand.loc["K04"].r_score == 4
    assert set(hand.loc[["K06", "K07", "K08", "K09"]].f_score) == {1}
    assert set(hand.loc[["K02", "K05", "K08"]].m_score) == {3}
    for column, score in (("recency_days", "r_score"), ("frequency", "f_score")):
        assert (hand.groupby(column)[score].nunique() == 1).all()
    assert (hand.groupby("monetary")["m_score"].nunique() == 1).all()


def test_scores_are_monotone(hand: pd.DataFrame) -> None:
    by_r = hand.sort_values("recency_days")
    assert by_r.r_score.is_monotonic_decreasing
    assert hand.sort_values("frequency").f_score.is_monotonic_increasing
    assert hand.sort_values("monetary").m_score.is_monotonic_increasing


def _oracle(orders: pd.DataFrame, as_of: datetime) -> pd.DataFrame:
    """The scores computed in pandas, without ranks: w = number of strictly worse values."""
    live = orders[orders.ordered_at < as_of]
    g = live.groupby("customer_id")
    out = pd.DataFrame(
        {
            "recency_days": (as_of - g.ordered_at.max()).dt.total_seconds() / 86400,
            "frequency": g.size(),
            "monetary": g.revenue.sum().astype("float64"),
        }
    )
    n = len(out)

    def score(values: np.ndarray[Any, Any], higher_is_better: bool) -> np.ndarray[Any, Any]:
        worse = (
            values[None, :] < values[:, None]
            if higher_is_better
            else values[None, :] > values[:, None]
        )
        w: np.ndarray[Any, Any] = worse.sum(axis=1)
        return 1 + (5 * w) // n

    out["r_score"] = score(out.recency_days.to_numpy(), higher_is_better=False)
    out["f_score"] = score(out.frequency.to_numpy(), higher_is_better=True)
    out["m_score"] = score(out.monetary.to_numpy(), higher_is_better=True)
    return out


order_rows = st.lists(
    st.tuples(
        st.sampled_from([f"C{i:02d}" for i in range(12)]),
        st.integers(0, 40),  # day: ties in recency
        st.sampled_from([0.0, 5.0, 9.99, 10.0, 20.0, 100.0]),  # ties in monetary
    ),
    min_size=0,
    max_size=40,
)


@settings(max_examples=25, deadline=None)
@given(rows=order_rows)
def test_scores_match_an_independent_pandas_computation(
    con: Any, rows: list[tuple[str, int, float]]
) -> None:
    start = datetime(2024, 1, 1)
    as_of = start + timedelta(days=35)  # some orders lie at or after as_of
    orders = [(c, start + timedelta(days=d), r) for c, d, r in rows]
    got = con.execute(rfm_scores(_orders(con, orders), as_of=as_of)).set_index("customer_id")
    frame = pd.DataFrame(orders, columns=["customer_id", "ordered_at", "revenue"])
    frame["ordered_at"] = pd.to_datetime(frame["ordered_at"])
    expected = _oracle(frame, as_of)
    assert sorted(got.index) == sorted(expected.index)
    if expected.empty:
        return
    got = got.loc[expected.index]
    assert np.allclose(got.recency_days, expected.recency_days)
    assert np.allclose(got.monetary, expected.monetary)
    for column in ("frequency", "r_score", "f_score", "m_score"):
        assert list(got[column]) == list(expected[column]), column
    assert list(got.rfm) == [
        f"{r}{f}{m}" for r, f, m in zip(got.r_score, got.f_score, got.m_score, strict=True)
    ]


def test_distinct_values_give_equal_quintiles_like_qcut(con: Any) -> None:
    # 15 customers, all values distinct: three customers per score, as pandas' qcut
    start = datetime(2024, 1, 1)
    orders = []
    for i in range(15):
        cid = f"C{i:02d}"
        orders += [
            (cid, start + timedelta(days=(7 * i) % 15 + 20 * k), 10.0 + i) for k in range(i % 4 + 1)
        ]
    as_of = datetime(2024, 6, 1)
    got = con.execute(rfm_scores(_orders(con, orders), as_of=as_of)).set_index("customer_id")
    labels = [1, 2, 3, 4, 5]
    assert list(got.m_score) == list(pd.qcut(got.monetary, 5, labels=labels).astype(int))
    assert list(got.r_score) == list(pd.qcut(-got.recency_days, 5, labels=labels).astype(int))
    assert sorted(got.m_score.value_counts()) == [3] * 5


def test_no_orders_before_as_of_gives_no_rows(con: Any) -> None:
    orders = _orders(con, [("C1", datetime(2024, 5, 1), 10.0)])
    assert con.execute(rfm_scores(orders, as_of=datetime(2024, 5, 1))).empty


def test_as_of_must_be_a_naive_datetime(con: Any) -> None:
    orders = _orders(con, [("C1", datetime(2024, 5, 1), 10.0)])
    with pytest.raises(InsightInputError, match="time zone"):
        rfm_scores(orders, as_of=datetime(2025, 1, 1, tzinfo=UTC))
    with pytest.raises(InsightInputError, match="expected a datetime"):
        rfm_scores(orders, as_of="2025-01-01")  # type: ignore[arg-type]


@pytest.mark.parametrize("dialect", ["duckdb", "postgres", "snowflake", "bigquery", "trino"])
def test_the_expression_compiles_for_other_engines(ws: bindung.Workspace, dialect: str) -> None:
    expr = segment_expr(rfm_scores(ws.table("orders"), as_of=AS_OF))
    assert "SELECT" in ibis.to_sql(expr, dialect=dialect)


# -- segments


def test_segments_by_hand(hand: pd.DataFrame) -> None:
    assert {cid: hand.loc[cid, "segment"] for cid in EXPECTED} == {
        cid: row[-1] for cid, row in EXPECTED.items()
    }


def test_segment_declarations() -> None:
    keys = [s.key for s in SEGMENTS]
    assert len(set(keys)) == len(keys)
    for key in ("champions", "loyal", "at_risk", "hibernating", "lost", "new"):
        assert key in keys
    assert keys[0] == "new"
    for s in SEGMENTS:
        assert s.label_de and s.label_en and s.description
        assert 1 <= s.r[0] <= s.r[1] <= 5 and 1 <= s.f[0] <= s.f[1] <= 5
    assert segment("champions").rule == "R 5 and F 4–5"
    assert segment("promising").rule_text("de") == "R 4–5 und F 1"
    assert segment("new").rule == f"first order at most {NEW_DAYS:g} days before as_of"
    assert segment("lost").label("de") == "Verloren"
    with pytest.raises(KeyError, match="unknown segment"):
        segment("vip")


def test_the_grid_rules_partition_all_score_pairs() -> None:
    grid = [s for s in SEGMENTS if not s.new]
    for r in range(1, 6):
        for f in range(1, 6):
            hits = [s.key for s in grid if s.matches(r, f, tenure_days=1000.0)]
            assert len(hits) == 1, (r, f, hits)


score_rows = st.lists(
    st.tuples(
        st.integers(1, 5),
        st.integers(1, 5),
        st.one_of(st.floats(0, 2000, allow_nan=False), st.just(NEW_DAYS)),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=30, deadline=None)
@given(rows=score_rows, new_days=st.sampled_from([NEW_DAYS, 0.0, 30.0, 365.0]))
def test_every_customer_is_in_exactly_one_segment(
    con: Any, rows: list[tuple[int, int, float]], new_days: float
) -> None:
    frame = pd.DataFrame(rows, columns=["r_score", "f_score", "tenure_days"])
    scores = ibis.memtable(frame)
    grid = [s for s in SEGMENTS if not s.new]
    n_grid = sum(s.condition(scores, new_days).cast("int64") for s in grid)
    expr = segment_expr(scores, new_days=new_days).mutate(n_grid=n_grid)
    got = con.execute(expr)
    assert got.segment.notna().all()
    assert (got.n_grid == 1).all()  # the grid cells are disjoint and cover every (R, F)
    expected = [segment_of(r, f, t, new_days=new_days) for r, f, t in rows]
    assert list(got.segment) == expected
    for (r, f, t), key in zip(rows, expected, strict=True):
        assert (key == "new") == (t <= new_days)
        matching = [s.key for s in SEGMENTS if s.matches(r, f, t, new_days)]
        assert matching[0] == key


def test_segment_of_rejects_scores_outside_1_to_5() -> None:
    with pytest.raises(InsightInputError, match="R 0"):
        segment_of(0, 3, tenure_days=400.0)
    with pytest.raises(InsightInputError, match="new_days"):
        segment_of(3, 3, tenure_days=400.0, new_days=-1)


# -- CLV tiers


def test_tiers_by_hand() -> None:
    values = pd.Series([300.0, 1000.0, 100.0, 700.0, 900.0, 500.0, 200.0, 800.0, 600.0, 400.0])
    values.index = [f"C{i}" for i in range(10)]
    tiers = clv_tiers(values)
    assert tiers.name == "clv_tier"
    assert list(tiers.index) == list(values.index)
    # 1000, 900 -> A (top 20 %); 800, 700, 600 -> B (next 30 %); the rest C
    assert {v: t for v, t in zip(values, tiers, strict=True)} == {
        1000.0: "A", 900.0: "A", 800.0: "B", 700.0: "B", 600.0: "B",
        500.0: "C", 400.0: "C", 300.0: "C", 200.0: "C", 100.0: "C",
    }  # fmt: skip


def test_tiers_keep_ties_together() -> None:
    # the two 8s straddle the A/B boundary (positions 2 and 3 from the top): both B
    values = pd.Series([9.0, 8.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0])
    assert list(clv_tiers(values)) == ["A", "B", "B", "B", "B", "C", "C", "C", "C", "C"]
    # three equal top values (30 %): none is in the top 20 % alone, all B
    values = pd.Series([10.0, 10.0, 10.0, 5.0, 5.0, 3.0, 2.0, 1.0, 1.0, 0.0])
    assert list(clv_tiers(values)) == ["B"] * 5 + ["C"] * 5
    assert list(clv_tiers(pd.Series([4.0] * 6))) == ["C"] * 6


def test_tiers_leave_nan_as_nan() -> None:
    values = pd.Series([np.nan, 1.0, 2.0, 3.0, 4.0, 5.0, np.nan])
    tiers = clv_tiers(values)
    assert tiers.isna().tolist() == [True, False, False, False, False, False, True]
    # n = 5: 5 -> w 4 -> A; 4 -> w 3 -> B (3 >= 2.5); 3, 2, 1 -> C
    assert tiers.dropna().tolist() == ["C", "C", "C", "B", "A"]
    assert clv_tiers(pd.Series([], dtype="float64")).empty
    assert clv_tiers(pd.Series([np.nan, np.nan])).isna().all()


def test_tier_declarations() -> None:
    assert [t.key for t in TIERS] == ["A", "B", "C"]
    assert [t.upto_percent for t in TIERS] == [20, 50, 100]
    assert TIERS[0].label("de").startswith("A") and TIERS[0].label("en").startswith("A")


def test_tiers_want_numbers() -> None:
    with pytest.raises(InsightInputError, match="expected numbers"):
        clv_tiers(pd.Series(["a", "b"]))
    with pytest.raises(InsightInputError, match="pandas Series"):
        clv_tiers([1.0, 2.0])  # type: ignore[arg-type]


# -- win-back


def _win_back_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": [f"C{i:02d}" for i in range(1, 11)],
            # tiers: C01, C02 -> A; C03, C04, C05 -> B; C06..C10 -> C
            "clv": [1000.0, 900.0, 800.0, 700.0, 600.0, 500.0, 400.0, 300.0, 200.0, 100.0],
            "p_alive": [0.5, 0.78, 0.2, 0.3, 0.6, 0.1, np.nan, 0.2, 0.5, 0.5],
            "p_alive_before": [0.9, 0.8, 0.7, 0.6, 0.5, 0.9, 0.9, 0.9, 0.5, 0.5],
            "revenue_12m": [120.0, 80.0, 95.0, 60.0, 70.0, 40.0, 30.0, 20.0, 10.0, 5.0],
        }
    )


def test_win_back_by_hand() -> None:
    result = win_back(_win_back_frame())
    # C01 drop 0.4, risk 1000 × 0.5 = 500; C03 drop 0.5, risk 800 × 0.8 = 640;
    # C04 drop 0.3, risk 700 × 0.7 = 490.  Not: C02 (drop 0.02), C05 (rose), C06 and C08
    # (tier C), C07 (p_alive unknown).
    assert list(result.customer_id) == ["C03", "C01", "C04"]
    assert list(result.index) == [0, 1, 2]
    assert result.revenue_at_risk.tolist() == pytest.approx([640.0, 500.0, 490.0])
    assert result.p_alive_drop.tolist() == pytest.approx([0.5, 0.4, 0.3])
    assert list(result.clv_tier) == ["B", "A", "B"]
    assert list(result.revenue_12m) == [95.0, 120.0, 60.0]


def test_win_back_top_and_threshold() -> None:
    frame = _win_back_frame()
    assert list(win_back(frame, top=2).customer_id) == ["C03", "C01"]
    assert win_back(frame, top=0).empty
    assert list(win_back(frame, min_drop=0.45).customer_id) == ["C03"]
    # C02's drop of 0.02 counts with a lower threshold: risk 900 × 0.22 = 198
    assert list(win_back(frame, min_drop=0.01).customer_id) == ["C03", "C01", "C04", "C02"]
    assert list(win_back(frame, tiers=("A",)).customer_id) == ["C01"]


def test_win_back_breaks_ties_by_customer() -> None:
    frame = pd.DataFrame(
        {
            "customer_id": ["Z", "Y", "X", "W", "V"],
            "clv": [100.0, 100.0, 100.0, 1.0, 1.0],
            "p_alive": [0.5, 0.5, 0.5, 0.5, 0.5],
            "p_alive_before": [0.9, 0.9, 0.9, 0.9, 0.9],
            "revenue_12m": [1.0] * 5,
        }
    )
    # the three 100s are tied: w = 2 of 5 -> 200 < 250, so C -- only with tier C allowed
    assert win_back(frame).empty
    assert list(win_back(frame, tiers=("C",)).customer_id) == ["X", "Y", "Z", "V", "W"]


def test_win_back_checks_its_input() -> None:
    frame = _win_back_frame()
    with pytest.raises(InsightInputError, match="lacks p_alive_before"):
        win_back(frame.drop(columns="p_alive_before"))
    with pytest.raises(InsightInputError, match="min_drop"):
        win_back(frame, min_drop=-0.1)
    with pytest.raises(InsightInputError, match="min_drop"):
        win_back(frame, min_drop=math.nan)
    with pytest.raises(InsightInputError, match="top"):
        win_back(frame, top=-1)
    with pytest.raises(InsightInputError, match="tiers"):
        win_back(frame, tiers=("D",))


def test_win_back_leaves_the_input_alone() -> None:
    frame = _win_back_frame()
    before = frame.copy()
    win_back(frame)
    pd.testing.assert_frame_equal(frame, before)
