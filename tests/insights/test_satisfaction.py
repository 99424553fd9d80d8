"""NPS, SMCSS and CSAT: hand-computed fixtures, edge cases, an Ibis table and the coverage of
the NPS interval in simulation."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

import ibis
import numpy as np
import pytest

from bindung.insights.satisfaction import (
    NPS_COLUMNS,
    NPS_SPLIT_COLUMNS,
    NpsResult,
    csat,
    csat_summary,
    csat_trend,
    nps,
    nps_breakdown,
    nps_from_counts,
    nps_split,
    nps_summary,
    nps_table,
    nps_trend,
    smcss,
    smcss_summary,
    smcss_table,
    survey_grid,
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


# -- over the store: real workspaces through the importer

CUSTOMERS = """customer_id,segment,acquisition_channel
c1,Privat,Google
c2,Privat,Google
c3,Business,Instagram
c4,,
"""

# Times in UTC ("Z"); the workspace time zone is Europe/Berlin (UTC+1 in winter).
RESPONSES = """response_id,customer_id,responded_at,survey,score,channel
r1,c1,2026-01-10T10:00:00Z,nps,10,web
r2,c2,2026-01-20T10:00:00Z,nps,3,web
r3,c3,2026-01-31T22:30:00Z,nps,9,app
r4,,2026-01-31T23:30:00Z,nps,0,web
r5,c4,2026-02-15T12:00:00Z,nps,8,
r6,c1,2026-04-02T10:00:00Z,nps,9,app
r7,,2026-04-03T10:00:00Z,nps,10,app
s1,c1,2026-02-01T10:00:00Z,smcss,8,instagram
s2,c2,2026-02-02T10:00:00Z,smcss,6,instagram
s3,c3,2026-02-03T10:00:00Z,smcss,9,tiktok
s4,,2026-02-04T10:00:00Z,smcss,5,
k1,c1,2026-03-05T10:00:00Z,csat,5,E-Mail
k2,c2,2026-03-06T10:00:00Z,csat,2,E-Mail
k3,c3,2026-03-07T10:00:00Z,csat,4,E-Mail
"""


@pytest.fixture
def survey_ws(workspace: Any, write: Any) -> Any:
    assert workspace.import_file("customers", write("customers.csv", CUSTOMERS)).rejected == 0
    result = workspace.import_file("survey_responses", write("survey.csv", RESPONSES))
    assert (result.stored, result.rejected) == (14, 0)
    return workspace


def test_out_of_range_scores_are_rejects_with_a_reason(workspace: Any, write: Any) -> None:
    """bindung.store.schema gives survey_responses score ranges per survey; the importer turns
    a row outside them into a reject that names the range (upper-case survey names too)."""
    path = write(
        "bad.csv",
        "response_id,responded_at,survey,score\n"
        "b1,2026-01-10T10:00:00Z,nps,11\n"
        "b2,2026-01-10T10:00:00Z,csat,6\n"
        "b3,2026-01-10T10:00:00Z,smcss,0\n"
        "b4,2026-01-10T10:00:00Z,NPS,12\n"
        "ok,2026-01-10T10:00:00Z,NPS,10\n",
    )
    result = workspace.import_file("survey_responses", path)
    assert (result.stored, result.rejected) == (1, 4)
    reasons = [" ".join(r) for r in workspace.rejects()["reasons"]]
    assert "outside 0–10 for survey nps" in reasons[0]
    assert "outside 1–5 for survey csat" in reasons[1]
    assert "outside 1–10 for survey smcss" in reasons[2]
    assert "outside 0–10 for survey nps" in reasons[3]
    stored = workspace.sql("select survey, score from survey_responses")
    assert stored.values.tolist() == [["nps", 10.0]]


def test_nps_split_shares() -> None:
    split = nps_split(nps([10, 9, 8, 3]))
    assert split["promoter_pct"] == pytest.approx(50.0)
    assert split["passive_pct"] == pytest.approx(25.0)
    assert split["detractor_pct"] == pytest.approx(25.0)
    assert split["nps"] == pytest.approx(25.0)
    empty = nps_split(nps([]))
    assert empty["n"] == 0 and math.isnan(empty["promoter_pct"]) and math.isnan(empty["nps"])


def test_nps_summary_and_window(survey_ws: Any) -> None:
    # all seven: promoters 10, 9, 9, 10 (4); passive 8; detractors 3, 0 (2)
    r = nps_summary(survey_ws)
    assert (r.n, r.promoters, r.passives, r.detractors) == (7, 4, 1, 2)
    assert r.nps == pytest.approx(100 * (4 - 2) / 7)
    # [2026-02-01 00:00 Berlin, 2026-04-01 00:00 Berlin) in UTC: r4 (00:30 Berlin) and r5
    r = nps_summary(survey_ws, since=datetime(2026, 1, 31, 23), until=datetime(2026, 3, 31, 22))
    assert (r.n, r.promoters, r.passives, r.detractors) == (2, 0, 1, 1)


def test_nps_breakdown_by_segment_channel_and_acquisition(survey_ws: Any) -> None:
    seg = nps_breakdown(survey_ws, "segment", unknown="unbekannt")
    assert list(seg.columns) == ["segment", *NPS_SPLIT_COLUMNS]
    # Business: c3 9 -> 100; Privat: c1 10, c2 3, c1 9 -> (2 - 1) / 3;
    # unbekannt: anonymous 0 and 10 and c4 (no segment) 8 -> (1 - 1) / 3
    assert seg["segment"].tolist() == ["Business", "Privat", "unbekannt"]
    assert seg["n"].tolist() == [1, 3, 3]
    assert seg["nps"].tolist() == pytest.approx([100.0, 100 / 3, 0.0])
    assert seg["detractor_pct"].tolist() == pytest.approx([0.0, 100 / 3, 100 / 3])

    ch = nps_breakdown(survey_ws, "channel")
    # app: 9, 9, 10 -> 100; web: 10, 3, 0 -> (1 - 2) / 3; no channel: 8 -> 0
    assert ch["channel"].tolist() == ["app", "web", "unknown"]
    assert ch["nps"].tolist() == pytest.approx([100.0, -100 / 3, 0.0])

    acq = nps_breakdown(survey_ws, "acquisition_channel")
    # Google (c1, c2): 10, 3, 9; Instagram (c3): 9; unknown: anonymous 0, 10 and c4 8
    assert acq["acquisition_channel"].tolist() == ["Google", "Instagram", "unknown"]
    assert acq["n"].tolist() == [3, 1, 3]
    assert acq["nps"].tolist() == pytest.approx([100 / 3, 100.0, 0.0])
    with pytest.raises(InsightInputError):
        nps_breakdown(survey_ws, "country")


def test_nps_trend_local_months_and_empty_period(survey_ws: Any) -> None:
    grid = survey_grid(survey_ws, "month")
    assert grid is not None
    trend = nps_trend(survey_ws, grid)
    assert trend["period"].tolist() == ["2026-01", "2026-02", "2026-03", "2026-04"]
    # January (Berlin): r1 10, r2 3, r3 9 (22:30 UTC = 23:30 on 31 Jan) -> (2 - 1) / 3
    # February: r4 0 (23:30 UTC on 31 Jan = 00:30 on 1 Feb), r5 8 -> (0 - 1) / 2
    # March: no NPS response (only CSAT) -> kept with n = 0; April: 9, 10 -> 100
    assert trend["n"].tolist() == [3, 2, 0, 2]
    assert trend["nps"].iloc[[0, 1, 3]].tolist() == pytest.approx([100 / 3, -50.0, 100.0])
    assert math.isnan(trend["nps"].iloc[2]) and math.isnan(trend["low"].iloc[2])
    assert trend["change"].iloc[1] == pytest.approx(-50.0 - 100 / 3)
    assert trend["change"].isna().tolist() == [True, False, True, True]
    assert trend["promoter_pct"].iloc[3] == pytest.approx(100.0)

    quarters = nps_trend(survey_ws, survey_grid(survey_ws, "quarter"))  # type: ignore[arg-type]
    # Q1: 10, 3, 9, 0, 8 -> (2 - 2) / 5 = 0; Q2: 9, 10 -> 100
    assert quarters["period"].tolist() == ["2026-Q1", "2026-Q2"]
    assert quarters["nps"].tolist() == pytest.approx([0.0, 100.0])
    assert quarters["change"].iloc[1] == pytest.approx(100.0)


def test_survey_grid_start_end(survey_ws: Any) -> None:
    grid = survey_grid(survey_ws, "month", start=date(2025, 12, 1), end=date(2026, 3, 1))
    assert grid is not None and grid.labels == ("2025-12", "2026-01", "2026-02")
    trend = nps_trend(survey_ws, grid)
    assert trend["n"].tolist() == [0, 3, 2]  # December before the data: n = 0, not dropped
    # an end that is not a period start runs to the end of its period
    grid = survey_grid(survey_ws, "month", start=date(2026, 2, 10), end=date(2026, 2, 11))
    assert grid is not None and grid.labels == ("2026-02",)
    with pytest.raises(InsightInputError):
        survey_grid(survey_ws, "month", start=date(2026, 3, 1), end=date(2026, 3, 1))


def test_survey_grid_without_responses(workspace: Any) -> None:
    assert survey_grid(workspace, "month") is None
    grid = survey_grid(workspace, "month", start=date(2026, 1, 1), end=date(2026, 3, 1))
    assert grid is not None
    trend = nps_trend(workspace, grid)
    assert trend["n"].tolist() == [0, 0] and trend["nps"].isna().all()
    assert nps_breakdown(workspace, "segment").empty


def test_smcss_table_per_platform(survey_ws: Any) -> None:
    table = smcss_table(survey_ws, threshold=7.5)
    assert table["platform"].tolist() == ["instagram", "tiktok", "unknown"]
    insta = table.iloc[0]
    # 8 and 6: mean 7, s = sqrt(2), se = s / sqrt(2) = 1, t_{1, 0.975} = 12.7062...
    assert insta["mean"] == pytest.approx(7.0)
    assert insta["low"] == pytest.approx(7 - 12.706204736174707)
    assert bool(insta["alarm"]) is True
    assert bool(table.iloc[1]["alarm"]) is False  # tiktok 9, one response
    overall = smcss_summary(survey_ws, threshold=7.5)
    assert (overall.n, overall.mean) == (4, pytest.approx(7.0))


def test_csat_summary_and_trend(survey_ws: Any) -> None:
    total = csat_summary(survey_ws, satisfied_from=4)
    assert (total.n, total.satisfied) == (3, 2)  # 5 and 4 of 5, 4 and 2
    low, high = _wilson(2, 3)
    assert (total.low, total.high) == (pytest.approx(low), pytest.approx(high))
    assert csat_summary(survey_ws, satisfied_from=5).satisfied == 1
    trend = csat_trend(survey_ws, survey_grid(survey_ws, "month"))  # type: ignore[arg-type]
    assert trend["n"].tolist() == [0, 0, 3, 0]
    assert trend["share_pct"].iloc[2] == pytest.approx(200 / 3)
    assert trend["low_pct"].iloc[2] == pytest.approx(100 * low)
    assert trend["share_pct"].isna().tolist() == [True, True, False, True]
