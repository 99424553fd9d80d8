"""The RFM summary as an Ibis expression: the CDNOW sample through a real workspace, checked
against pandas and the shipped summary, and the definitions on hand-made orders."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import ibis
import pandas as pd
import pytest

import bindung
from bindung.models import BetaGeoModel, ModelInputError, rfm_summary
from bindung.models.summary import offset_changes

from .conftest import CDNOW_SAMPLE, needs_data, pandas_summary, read_cdnow_sample


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[bindung.Workspace]:
    """The sample imported with the cdnow preset into a workspace (time zone Europe/Berlin).

    The sample has no header and an extra id column, which the preset (written for
    CDNOW_master.txt) does not expect: the test adds the header line to a copy.
    """
    if not CDNOW_SAMPLE.exists():
        pytest.skip("../shared/data is not beside the clone")
    folder = tmp_path_factory.mktemp("cdnow_sample")
    copy = folder / "sample.txt"
    header = "master_id customer_id date number_of_cds dollar_value\n"
    copy.write_text(header + CDNOW_SAMPLE.read_text())
    workspace = bindung.init(folder / "ws", locale="en_GB")
    result = workspace.import_file("orders", copy, preset="cdnow")
    assert (result.stored, result.rejected) == (6919, 0)
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def summary(ws: bindung.Workspace) -> pd.DataFrame:
    expr = rfm_summary(
        ws.table("orders"),
        calibration_end="1997-09-30",
        holdout_end="1998-06-30",
        timezone=ws.settings.timezone,
    )
    df = expr.to_pandas()
    df.index = df.customer_id.astype(int)
    return df


@needs_data
def test_summary_equals_pandas_on_the_same_orders(summary: pd.DataFrame) -> None:
    oracle = pandas_summary(read_cdnow_sample())
    assert len(summary) == len(oracle) == 2357
    s = summary.loc[oracle.index]
    assert (s.frequency == oracle.frequency).all()
    assert (s.frequency_holdout == oracle.frequency_holdout).all()
    for column in ("recency", "T", "monetary", "monetary_holdout"):
        pd.testing.assert_series_equal(s[column], oracle[column], check_names=False, rtol=1e-12)
    assert (s.duration_holdout == 39.0).all()


@needs_data
def test_summary_equals_the_shipped_summary(summary: pd.DataFrame, cdnow_csv: pd.DataFrame) -> None:
    ref = cdnow_csv.set_index("ID")
    s = summary.loc[ref.index]
    assert (s.frequency == ref.x).all()
    assert (s.recency - ref.t_x).abs().max() <= 0.005 + 1e-9  # the file rounds to 0.01 weeks
    assert (s["T"] - ref["T"]).abs().max() <= 0.005 + 1e-9
    assert (s.monetary - ref.zbar).abs().max() <= 0.005 + 1e-9


@needs_data
def test_bgnbd_fitted_on_the_summary_reproduces_the_paper(summary: pd.DataFrame) -> None:
    model = BetaGeoModel().fit(summary)
    assert {k: round(v, 3) for k, v in model.params_.items()} == {
        "r": 0.243,
        "alpha": 4.414,
        "a": 0.793,
        "b": 2.426,
    }
    assert round(model.log_likelihood_, 1) == -9582.4


@needs_data
def test_days_are_seven_times_weeks(ws: bindung.Workspace, summary: pd.DataFrame) -> None:
    days = rfm_summary(
        ws.table("orders"),
        calibration_end="1997-09-30",
        unit="days",
        timezone=ws.settings.timezone,
    ).to_pandas()
    days.index = days.customer_id.astype(int)
    assert list(days.columns) == ["customer_id", "frequency", "recency", "T", "monetary"]
    pd.testing.assert_series_equal(days["T"], 7 * summary["T"], check_names=False, rtol=1e-12)


def orders(*rows: tuple[str, str, float]) -> ibis.Table:
    df = pd.DataFrame(rows, columns=["customer_id", "ordered_at", "revenue"])
    df["ordered_at"] = pd.to_datetime(df.ordered_at)
    return ibis.memtable(df)


def test_orders_on_the_same_day_are_one_purchase() -> None:
    table = orders(
        ("a", "2024-01-01 09:00", 10.0),
        ("a", "2024-01-01 17:00", 5.0),  # same day as the first: one purchase of 15
        ("a", "2024-01-08 10:00", 20.0),
        ("a", "2024-01-08 11:00", 30.0),  # one repeat purchase of 50
        ("a", "2024-01-15 10:00", 70.0),  # a second repeat purchase
    )
    row = rfm_summary(table, calibration_end="2024-01-31", unit="days").to_pandas().iloc[0]
    assert row.frequency == 2
    assert row.recency == 14.0
    assert row["T"] == 30.0
    assert row.monetary == 60.0  # mean of 50 and 70; the first purchase is left out


def test_the_local_calendar_day_counts() -> None:
    # 22:30 UTC on 30 June is 00:30 on 1 July in Berlin (summer time, UTC+2)
    table = orders(("a", "2024-01-01 12:00", 1.0), ("a", "2024-06-30 22:30", 2.0))
    utc = rfm_summary(table, calibration_end="2024-06-30", unit="days").to_pandas()
    berlin = rfm_summary(
        table, calibration_end="2024-06-30", unit="days", timezone="Europe/Berlin"
    ).to_pandas()
    assert (utc.frequency[0], berlin.frequency[0]) == (1, 0)


def test_customers_who_start_after_the_calibration_are_left_out() -> None:
    table = orders(("a", "2024-01-01", 1.0), ("b", "2024-02-02", 1.0))
    df = rfm_summary(table, calibration_end="2024-01-31", holdout_end="2024-03-31").to_pandas()
    assert df.customer_id.tolist() == ["a"]
    assert df.frequency_holdout.tolist() == [0]


def test_holdout_purchases_are_counted_and_averaged() -> None:
    table = orders(
        ("a", "2024-01-01", 10.0),
        ("a", "2024-02-10", 20.0),
        ("a", "2024-03-10", 40.0),
        ("a", "2024-04-10", 99.0),  # after the holdout
    )
    row = (
        rfm_summary(table, calibration_end="2024-01-31", holdout_end="2024-03-31", unit="days")
        .to_pandas()
        .iloc[0]
    )
    assert (row.frequency, row.frequency_holdout, row.monetary_holdout) == (0, 2, 30.0)
    assert row.duration_holdout == 60.0


def test_the_expression_compiles_for_other_engines() -> None:
    table = ibis.table(
        {"customer_id": "string", "ordered_at": "timestamp", "revenue": "decimal(18, 2)"},
        name="orders",
    )
    expr = rfm_summary(
        table, calibration_end="2024-06-30", holdout_end="2024-12-31", timezone="Europe/Berlin"
    )
    for dialect in ("postgres", "bigquery", "snowflake"):
        assert "orders" in ibis.to_sql(expr, dialect=dialect)


def test_berlin_changes_its_offset_twice_a_year() -> None:
    start, changes = offset_changes("Europe/Berlin", 2024, 2024)
    assert start == 3600
    assert changes == ((datetime(2024, 3, 31, 1), 7200), (datetime(2024, 10, 27, 1), 3600))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"calibration_end": "2024-06-30", "holdout_end": "2024-06-01"}, "must lie after"),
        ({"calibration_end": "30.06.2024"}, "expected a date like"),
        ({"calibration_end": "2024-06-30", "unit": "months"}, "expected 'days' or 'weeks'"),
        ({"calibration_end": "2024-06-30", "timezone": "Mars/Olympus"}, "unknown"),
    ],
)
def test_bad_options_are_refused(options: dict[str, str], message: str, tmp_path: Path) -> None:
    with pytest.raises(ModelInputError, match=message):
        rfm_summary(orders(("a", "2024-01-01", 1.0)), **options)  # type: ignore[arg-type]


def test_summaries_of_several_ends_by_hand_and_equal_to_one_at_a_time() -> None:
    from bindung.models.summary import rfm_summaries

    con = ibis.duckdb.connect()
    frame = pd.DataFrame(
        [
            ("a", "2024-01-01 09:00", 10.0),
            ("a", "2024-01-08 10:00", 20.0),
            ("a", "2024-01-08 11:00", 30.0),  # the same day: one purchase of 50
            ("a", "2024-03-05 10:00", 70.0),
            ("b", "2024-02-10 10:00", 5.0),
            ("b", "2024-02-20 10:00", 7.0),
            ("c", "2024-03-20 10:00", 9.0),
        ],
        columns=["customer_id", "ordered_at", "revenue"],
    )
    frame["ordered_at"] = pd.to_datetime(frame["ordered_at"])
    table = con.create_table("orders", frame)
    march, january = rfm_summaries(
        table, calibration_ends=["2024-03-31", "2024-01-31"], unit="days"
    )
    m = march.to_pandas().set_index("customer_id")
    # by hand, as of 31 March: a bought on 8 Jan (50) and 5 Mar (70) after her first day
    assert m.loc["a"].tolist() == [2, 64.0, 90.0, 60.0]  # frequency, recency, T, monetary
    assert m.loc["b"].tolist() == [1, 10.0, 50.0, 7.0]
    assert m.loc["c"].tolist() == [0, 0.0, 11.0, 0.0]
    j = january.to_pandas().set_index("customer_id")
    # as of 31 January only a had started: one repeat purchase of 50 on day 7
    assert j.index.tolist() == ["a"]
    assert j.loc["a"].tolist() == [1, 7.0, 30.0, 50.0]
    for end, got in (("2024-03-31", march), ("2024-01-31", january)):
        one = rfm_summary(table, calibration_end=end, unit="days").to_pandas()
        pd.testing.assert_frame_equal(got.to_pandas(), one, check_exact=True)
