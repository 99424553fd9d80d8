"""The customer table on the CDNOW sample: model values as of the data end and 90 days before,
revenue in the last 12 months and the selection, checked against pandas on the raw file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import bindung
from bindung.insights import customers
from bindung.models import workflow

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "data" / "cdnow" / "CDNOW_sample.txt"


def raw_orders() -> pd.DataFrame:
    raw = pd.read_csv(
        SAMPLE,
        sep=r"\s+",
        header=None,
        names=["master", "customer_id", "date", "cds", "value"],
        dtype={"customer_id": str, "date": str},
    )
    raw["day"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    return raw


def weeks_summary(raw: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """x, t_x, T in weeks as of ``end`` (inclusive), purchases = customer-days."""
    days = raw[raw.day <= end].groupby(["customer_id", "day"], as_index=False).value.sum()
    g = days.groupby("customer_id").day.agg(["min", "max", "size"])
    return pd.DataFrame(
        {
            "frequency": g["size"] - 1,
            "recency": (g["max"] - g["min"]).dt.days / 7,
            "T": (end - g["min"]).dt.days / 7,
        }
    )


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[pd.DataFrame, object]]:
    if not SAMPLE.exists():
        pytest.skip("../shared/data is not beside the clone")
    folder = tmp_path_factory.mktemp("customers")
    copy = folder / "sample.txt"
    copy.write_text("master_id customer_id date number_of_cds dollar_value\n" + SAMPLE.read_text())
    ws = bindung.init(folder / "ws", locale="en_GB")
    ws.import_file("orders", copy, preset="cdnow")
    result = workflow.fit(ws, holdout=date(1997, 9, 30))
    yield customers.customer_table(ws, result), result
    ws.close()


def test_every_customer_once_with_a_segment_and_a_tier(table: tuple[pd.DataFrame, object]) -> None:
    frame, _ = table
    assert len(frame) == 2357 and frame.customer_id.is_unique
    assert frame.segment.notna().all() and set(frame.clv_tier) <= {"A", "B", "C"}
    assert frame.attrs["as_of"] == "1998-06-30"
    np.testing.assert_allclose(frame.revenue_at_risk, frame.clv * (1 - frame.p_alive))


def test_p_alive_now_and_90_days_before_match_the_model_on_pandas_summaries(
    table: tuple[pd.DataFrame, object],
) -> None:
    frame, result = table
    model = result.purchases  # type: ignore[attr-defined]
    raw = raw_orders()
    indexed = frame.set_index("customer_id")
    for end, column in (
        (pd.Timestamp("1998-06-30"), "p_alive"),
        (pd.Timestamp("1998-06-30") - timedelta(days=90), "p_alive_before"),
    ):
        s = weeks_summary(raw, end)
        expected = pd.Series(model.p_alive(s.frequency, s.recency, s["T"]), index=s.index)
        got = indexed.loc[expected.index, column]
        np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=1e-9)


def test_revenue_of_the_last_12_months_matches_pandas(table: tuple[pd.DataFrame, object]) -> None:
    frame, _ = table
    raw = raw_orders()
    recent = raw[raw.day > pd.Timestamp("1998-06-30") - timedelta(days=365)]
    expected = recent.groupby("customer_id").value.sum()
    got = frame.set_index("customer_id").revenue_12m
    np.testing.assert_allclose(got.loc[expected.index], expected, rtol=1e-9)
    assert (got.drop(expected.index) == 0).all()


def test_select_a_segment_most_valuable_first_and_the_win_back_list(
    table: tuple[pd.DataFrame, object],
) -> None:
    frame, _ = table
    at_risk = customers.select(frame, segment="at-risk", top=5)
    assert len(at_risk) == 5 and (at_risk.segment == "at_risk").all()
    assert at_risk.clv.is_monotonic_decreasing
    assert at_risk.clv.iloc[0] == frame[frame.segment == "at_risk"].clv.max()
    back = customers.select(frame, segment="win-back")
    assert (back.p_alive < back.p_alive_before - 0.05).all()
    assert back.revenue_at_risk.is_monotonic_decreasing
    assert set(back.clv_tier) <= {"A", "B"}


def test_next_order_dates_match_scipy_lomax_on_pandas_summaries(
    table: tuple[pd.DataFrame, object],
) -> None:
    """next order = last order day + median gap, interval the 10 % and 90 % quantiles of the
    Lomax gap with shape r + x and scale α + T (weeks), from the raw file with scipy."""
    from scipy import stats

    frame, result = table
    params = result.purchases.params_  # type: ignore[attr-defined]
    raw = raw_orders()
    end = pd.Timestamp("1998-06-30")
    s = weeks_summary(raw, end)
    last = raw.groupby("customer_id").day.max()
    indexed = frame.set_index("customer_id")
    sample = s.index[::50]
    for cid in sample:
        k, scale = params["r"] + s.frequency[cid], params["alpha"] + s["T"][cid]
        for col, q in (("next_order", 0.5), ("next_order_low", 0.1), ("next_order_high", 0.9)):
            days = round(float(stats.lomax.ppf(q, c=k, scale=scale)) * 7)
            got = indexed.loc[cid, col]
            if days > 11_000:
                assert got is None, (cid, col)
            else:
                assert got == (last[cid] + timedelta(days=days)).date(), (cid, col)
        high = indexed.loc[cid, "next_order_high"]
        assert indexed.loc[cid, "overdue"] == (high is not None and end.date() > high)
    assert frame["overdue"].dtype == bool and 0 < frame["overdue"].sum() < len(frame)
