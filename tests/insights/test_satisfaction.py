"""NPS, SMCSS and CSAT: hand-computed fixtures, edge cases, an Ibis table and the coverage of
the NPS interval in simulation."""

from __future__ import annotations

import math
from typing import Any

import ibis
import numpy as np
import pytest

from bindung.insights.satisfaction import (
    NPS_COLUMNS,
    NpsResult,
    csat,
    nps,
    nps_from_counts,
    nps_table,
    smcss,
)
from bindung.insights.segments import InsightInputError

Z95 = 1.959963984540054

# -- NPS


def test_nps_by_hand() -> None:
    # promoters 10, 9, 9, 10, 9 (5); passives 8, 7 (2); detractors 6, 5, 3 (3)
    r = nps([10, 9, 9, 8, 7, 6, 5, 10, 3, 9])
    assert (r.n, r.promoters, r.passives, r.detractors) == (10, 5, 2, 3)
    assert r.nps == pytest.approx(20.0)
    # var = (0.5 + 0.3 - 0.2²) / 10 = 0.076
    assert r.se == pytest.approx(100 * math.sqrt(0.076))
    assert r.low == pytest.approx(20 - Z95 * 27.568097504180443)
    assert r.high == pytest.approx(20 + Z95 * 27.568097504180443)


def test_nps_class_boundaries() -> None:
    r = nps(range(11))  # 0..6 detractors (7), 7..8 passives (2), 9..10 promoters (2)
    assert (r.promoters, r.passives, r.detractors) == (2, 2, 7)
    assert r.nps == pytest.approx(100 * (2 - 7) / 11)


def test_nps_empty_is_nan() -> None:
    r = nps([])
    assert (r.n, r.promoters, r.passives, r.detractors) == (0, 0, 0, 0)
    assert all(math.isnan(x) for x in (r.nps, r.se, r.low, r.high))


def test_nps_all_promoters_and_all_detractors() -> None:
    r = nps([9, 10] * 20)
    assert (r.nps, r.se, r.low, r.high) == (100.0, 0.0, 100.0, 100.0)
    r = nps([0, 6] * 20)
    assert (r.nps, r.low, r.high) == (-100.0, -100.0, -100.0)


def test_nps_interval_clipped() -> None:
    r = nps([10, 0])  # 0 ± 1.96 · 70.7 crosses both bounds
    assert r.nps == 0.0
    assert (r.low, r.high) == (-100.0, 100.0)
    r = nps([10, 10, 10, 0])  # 50 ± 1.96 · 43.3 crosses 100 only
    assert r.se == pytest.approx(100 * math.sqrt(0.1875))
    assert r.low == pytest.approx(50 - Z95 * r.se)
    assert r.high == 100.0
    r = nps([10] * 19 + [8])  # 95 ± 1.96 · 4.87 crosses 100 only
    assert r.high == 100.0
    assert -100.0 < r.low < 95.0


def test_nps_confidence_level() -> None:
    r90 = nps([10, 9, 9, 8, 7, 6, 5, 10, 3, 9], confidence=0.90)
    assert r90.high - r90.nps == pytest.approx(1.6448536269514722 * r90.se)
    with pytest.raises(InsightInputError):
        nps([9], confidence=1.0)


@pytest.mark.parametrize("bad", [[11], [-1], [8.5], [float("nan")], ["x"]])
def test_nps_rejects_invalid_scores(bad: list[Any]) -> None:
    with pytest.raises(InsightInputError):
        nps(bad)


def test_nps_from_counts_matches_nps() -> None:
    assert nps_from_counts(5, 2, 3) == nps([10, 9, 9, 8, 7, 6, 5, 10, 3, 9])
    with pytest.raises(InsightInputError):
        nps_from_counts(-1, 2, 3)


def test_nps_interval_coverage() -> None:
    """The Wald interval covers the true NPS in about 95 % of 2000 samples of n = 400."""
    probs = np.array([0.03, 0.02, 0.02, 0.03, 0.04, 0.06, 0.08, 0.12, 0.18, 0.20, 0.22])
    true_nps = 100 * (probs[9:].sum() - probs[:7].sum())  # 42 - 28 = 14
    assert true_nps == pytest.approx(14.0)
    rng = np.random.default_rng(20260101)
    reps, n = 2000, 400
    samples = rng.choice(11, size=(reps, n), p=probs)
    covered = 0
    for sample in samples:
        r = nps(sample)
        covered += r.low <= true_nps <= r.high
    coverage = covered / reps
    assert 0.93 <= coverage <= 0.97, coverage


# -- nps_table


def _responses() -> Any:
    return ibis.memtable(
        {
            "response_id": ["r1", "r2", "r3", "r4", "r5", "r6", "r7"],
            "survey": ["nps", "nps", "nps", "csat", "nps", "nps", "smcss"],
            "score": [10.0, 3.0, 9.0, 5.0, 8.0, 6.0, 2.0],
            "channel": ["web", "web", None, "web", "shop", "web", "web"],
        },
        schema={
            "response_id": "string",
            "survey": "string",
            "score": "float64",
            "channel": "string",
        },
    )


class _Workspace:
    def __init__(self, table: Any) -> None:
        self._table = table

    def table(self, name: str) -> Any:
        assert name == "survey_responses"
        return self._table


def test_nps_table_overall() -> None:
    frame = nps_table(_Workspace(_responses()))
    assert list(frame.columns) == list(NPS_COLUMNS)
    assert len(frame) == 1
    row = frame.iloc[0]
    # nps responses 10, 3, 9, 8, 6: promoters 2, passive 1, detractors 2
    assert NpsResult(**{str(k): v for k, v in row.to_dict().items()}) == nps([10, 3, 9, 8, 6])
    assert row["n"] == 5
    assert row["nps"] == pytest.approx(0.0)


def test_nps_table_by_channel() -> None:
    frame = nps_table(_responses(), by="channel")
    assert list(frame.columns) == ["channel", *NPS_COLUMNS]
    assert frame["channel"].iloc[:2].tolist() == ["shop", "web"]
    assert frame["channel"].isna().iloc[2]
    web = frame.iloc[1]
    assert (web["n"], web["promoters"], web["detractors"]) == (3, 1, 2)
    assert web["nps"] == pytest.approx(100 * (1 - 2) / 3)
    assert frame.iloc[2]["nps"] == 100.0  # the response without a channel
    assert frame["n"].sum() == 5


def test_nps_table_without_responses() -> None:
    t = _responses()
    empty = t.filter(t.survey == "ces")
    overall = nps_table(empty)
    assert overall["n"].tolist() == [0]
    assert math.isnan(overall["nps"].iloc[0])
    assert nps_table(empty, by="channel").empty
    with pytest.raises(InsightInputError):
        nps_table(t, by="nope")


# -- SMCSS


def test_smcss_by_hand() -> None:
    r = smcss([8, 7, 9, 6])
    assert r.mean == pytest.approx(7.5)
    sd = math.sqrt((0.25 + 0.25 + 2.25 + 2.25) / 3)
    assert r.sd == pytest.approx(sd)
    t = 3.182446305284263  # t_{3, 0.975}
    assert r.low == pytest.approx(7.5 - t * sd / 2)
    assert r.high == pytest.approx(7.5 + t * sd / 2)
    assert r.alarm is False  # 7.5 is not below 7.5
    assert smcss([8, 7, 9, 5]).alarm is True
    assert smcss([8, 7, 9, 5], threshold=7.0).alarm is False


def test_smcss_edge_cases() -> None:
    empty = smcss([])
    assert empty.n == 0 and math.isnan(empty.mean) and empty.alarm is False
    one = smcss([6])
    assert one.mean == 6.0 and one.alarm is True
    assert math.isnan(one.low) and math.isnan(one.high)
    with pytest.raises(InsightInputError):
        smcss([0, 5])


# -- CSAT


def _wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def test_csat_by_hand() -> None:
    r = csat([5, 4, 3, 5, 2])
    assert (r.n, r.satisfied, r.share) == (5, 3, 0.6)
    low, high = _wilson(3, 5)
    assert r.low == pytest.approx(low)
    assert r.high == pytest.approx(high)


def test_csat_edges_and_scales() -> None:
    r = csat([5] * 10)
    assert (
        r.share == 1.0
        and r.high == pytest.approx(1.0)
        and r.low == pytest.approx(_wilson(10, 10)[0])
    )
    assert math.isnan(csat([]).share)
    r7 = csat([7, 6, 5, 1], satisfied_from=6, scale_max=7)
    assert (r7.satisfied, r7.share) == (2, 0.5)
    with pytest.raises(InsightInputError):
        csat([6])
    with pytest.raises(InsightInputError):
        csat([4], satisfied_from=6)
