"""The papers' data sets, summarised independently with pandas, and fitted models to share.

The data live in ../shared/data (read-only); tests that need them are skipped without it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bindung.models import (
    BetaGeoBetaBinomModel,
    BetaGeoModel,
    GammaGammaModel,
    ParetoNBDModel,
)

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
CDNOW_SAMPLE = DATA / "cdnow" / "CDNOW_sample.txt"
CDNOW_SUMMARY = DATA / "cdnow" / "cdnow_customers_summary_with_transactions.csv"
DONATIONS = DATA / "donations" / "donations.csv"
RETENTION = DATA / "sbg" / "retention_fader_hardie_2007.csv"
CALIBRATION_END = pd.Timestamp("1997-09-30")
HOLDOUT_END = pd.Timestamp("1998-06-30")

needs_data = pytest.mark.skipif(
    not CDNOW_SAMPLE.exists(), reason="../shared/data is not beside the clone"
)


def read_cdnow_sample() -> pd.DataFrame:
    """The 1/10 sample's purchases: sample id (1..2357), day and dollar value."""
    raw = pd.read_csv(
        CDNOW_SAMPLE,
        sep=r"\s+",
        header=None,
        names=["master_id", "customer_id", "date", "cds", "value"],
        dtype={"date": str},
    )
    raw["day"] = pd.to_datetime(raw.date, format="%Y%m%d")
    return raw


def pandas_summary(orders: pd.DataFrame) -> pd.DataFrame:
    """The RFM summary in weeks by the papers' definitions, computed with plain pandas:
    purchases are customer-days; calibration to 1997-09-30, holdout to 1998-06-30."""
    days = orders.groupby(["customer_id", "day"], as_index=False).value.sum()
    days = days.sort_values(["customer_id", "day"])
    first = days.groupby("customer_id").day.transform("min")
    cal = days[days.day <= CALIBRATION_END]
    hold = days[(days.day > CALIBRATION_END) & (days.day <= HOLDOUT_END)]
    cal_first = first[cal.index]
    g = cal.assign(first=cal_first, repeat=np.where(cal.day > cal_first, cal.value, np.nan))
    out = g.groupby("customer_id").agg(
        n=("day", "size"), first=("first", "min"), last=("day", "max"), repeat=("repeat", "mean")
    )
    out["frequency"] = out.n - 1
    out["recency"] = (out["last"] - out["first"]).dt.days / 7
    out["T"] = (CALIBRATION_END - out["first"]).dt.days / 7
    out["monetary"] = out.repeat.fillna(0.0)
    h = hold.groupby("customer_id").value.agg(["size", "mean"])
    out["frequency_holdout"] = h["size"].reindex(out.index).fillna(0).astype(int)
    out["monetary_holdout"] = h["mean"].reindex(out.index).fillna(0.0)
    return out[["frequency", "recency", "T", "monetary", "frequency_holdout", "monetary_holdout"]]


@pytest.fixture(scope="session")
def cdnow() -> pd.DataFrame:
    """The CDNOW sample summarised with exact times (the published CSV rounds to 0.01)."""
    if not CDNOW_SAMPLE.exists():
        pytest.skip("../shared/data is not beside the clone")
    return pandas_summary(read_cdnow_sample())


@pytest.fixture(scope="session")
def cdnow_csv() -> pd.DataFrame:
    """The summary as shipped (ID, x, t_x, T, zbar; times rounded to 0.01 weeks)."""
    if not CDNOW_SUMMARY.exists():
        pytest.skip("../shared/data is not beside the clone")
    return pd.read_csv(CDNOW_SUMMARY)


@pytest.fixture(scope="session")
def donations() -> pd.DataFrame:
    if not DONATIONS.exists():
        pytest.skip("../shared/data is not beside the clone")
    return pd.read_csv(DONATIONS)


@pytest.fixture(scope="session")
def retention() -> pd.DataFrame:
    if not RETENTION.exists():
        pytest.skip("../shared/data is not beside the clone")
    return pd.read_csv(RETENTION)


@pytest.fixture(scope="session")
def bgnbd(cdnow: pd.DataFrame) -> BetaGeoModel:
    return BetaGeoModel().fit(cdnow)


@pytest.fixture(scope="session")
def pnbd(cdnow: pd.DataFrame) -> ParetoNBDModel:
    return ParetoNBDModel().fit(cdnow)


@pytest.fixture(scope="session")
def gammagamma(cdnow: pd.DataFrame) -> GammaGammaModel:
    return GammaGammaModel().fit(cdnow)


@pytest.fixture(scope="session")
def bgbb(donations: pd.DataFrame) -> BetaGeoBetaBinomModel:
    d = donations
    return BetaGeoBetaBinomModel().fit(d.frequency, d.recency, d.periods, d.weights)
