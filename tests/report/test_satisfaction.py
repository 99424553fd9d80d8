"""The satisfaction section: checked against pandas on the same rows of the demo workspace, the
alarms (with the customers concerned), edge cases on small workspaces and every view."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import bindung
from bindung.errors import BindungError
from bindung.report import tables
from bindung.report.satisfaction import satisfaction_alerts, satisfaction_section

TABLES = [
    "nps_overall",
    "nps_trend",
    "nps_by_segment",
    "nps_by_channel",
    "smcss_by_platform",
    "csat",
    "value_of_satisfaction",
    "repurchase_by_score",
]


def _nps(scores: pd.Series) -> float:
    return float(100 * ((scores >= 9).mean() - (scores <= 6).mean()))


@pytest.fixture(scope="module")
def demo(demo_full: Path) -> Any:
    ws = bindung.open(demo_full, read_only=True)
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def demo_section(demo: Any) -> tables.Section:
    return satisfaction_section(demo)


def _local_month(ws: Any, times: pd.Series) -> pd.Series:
    local = times.dt.tz_localize("UTC").dt.tz_convert(ws.settings.timezone)
    return local.dt.strftime("%Y-%m")


# -- the demo against pandas


def test_demo_nps_overall_and_trend_match_pandas(demo: Any, demo_section: tables.Section) -> None:
    rows = demo.sql("select * from survey_responses where survey = 'nps'")
    overall = demo_section.table("nps_overall").frame.iloc[0]
    assert overall["n"] == len(rows)
    assert overall["nps"] == pytest.approx(_nps(rows["score"]))
    assert overall["promoter_pct"] == pytest.approx(100 * (rows["score"] >= 9).mean())
    assert overall["low"] < overall["nps"] < overall["high"]

    by_month = rows.groupby(_local_month(demo, rows["responded_at"]))["score"]
    expected = by_month.apply(_nps)
    trend = demo_section.table("nps_trend").frame.set_index("period")
    assert trend.index.tolist() == expected.index.tolist()  # no month without responses here
    assert trend["n"].tolist() == by_month.size().tolist()
    assert trend["nps"].tolist() == pytest.approx(expected.tolist())
    assert trend["change"].iloc[1:].tolist() == pytest.approx(expected.diff().iloc[1:].tolist())

    # the finding states the overall NPS, its count and the change of the latest month
    text = demo_section.findings[0].de
    assert text.startswith(f"NPS {round(_nps(rows['score']))} (95 % KI ")
    assert f"aus {len(rows):,} Antworten".replace(",", ".") in text
    change = round(float(expected.diff().iloc[-1]))
    sign = "+" if change > 0 else "−"
    assert f"gegenüber dem Vormonat {sign}{abs(change)} Punkte" in text


def test_demo_nps_by_segment_and_channel_match_pandas(
    demo: Any, demo_section: tables.Section
) -> None:
    rows = demo.sql("select * from survey_responses where survey = 'nps'")
    customers = demo.sql("select customer_id, segment, acquisition_channel from customers")
    merged = rows.merge(customers, on="customer_id", how="left")
    assert merged["customer_id"].isna().sum() > 0  # the demo has anonymous responses

    seg = demo_section.table("nps_by_segment").frame.set_index("segment")
    expected = merged.groupby(merged["segment"].fillna("unbekannt"))["score"].apply(_nps)
    assert sorted(seg.index) == sorted(expected.index)
    assert seg.loc[expected.index, "nps"].tolist() == pytest.approx(expected.tolist())
    assert seg.loc["unbekannt", "n"] == rows["customer_id"].isna().sum()

    channels = demo_section.table("nps_by_channel").frame
    acq = channels[channels["acquisition_channel"].notna()].set_index("acquisition_channel")
    expected = merged.groupby(merged["acquisition_channel"].fillna("unbekannt"))["score"]
    assert acq.loc[expected.size().index, "n"].tolist() == expected.size().tolist()
    assert acq.loc[expected.size().index, "nps"].tolist() == pytest.approx(
        expected.apply(_nps).tolist()
    )
    survey = channels[channels["survey_channel"].notna()].set_index("survey_channel")
    expected = rows.groupby(rows["channel"].fillna("unbekannt"))["score"].apply(_nps)
    assert survey.loc[expected.index, "nps"].tolist() == pytest.approx(expected.tolist())


def test_demo_smcss_and_csat_match_pandas(demo: Any, demo_section: tables.Section) -> None:
    smcss = demo.sql("select channel, score from survey_responses where survey = 'smcss'")
    table = demo_section.table("smcss_by_platform").frame.set_index("platform")
    expected = smcss.groupby("channel")["score"]
    assert table.loc[expected.mean().index, "mean"].tolist() == pytest.approx(
        expected.mean().tolist()
    )
    assert table.loc["alle Plattformen", "mean"] == pytest.approx(smcss["score"].mean())
    assert table.loc["alle Plattformen", "n"] == len(smcss)
    assert (table["alarm"] == (table["mean"] < demo.settings.alert_smcss_below)).all()

    csat = demo.sql("select responded_at, score from survey_responses where survey = 'csat'")
    frame = demo_section.table("csat").frame
    assert frame["period"].iloc[0] == "gesamt"
    assert frame["share_pct"].iloc[0] == pytest.approx(100 * (csat["score"] >= 4).mean())
    by_month = (csat["score"] >= 4).groupby(_local_month(demo, csat["responded_at"])).mean()
    per_period = frame.iloc[1:].set_index("period")
    assert per_period.loc[by_month.index, "share_pct"].tolist() == pytest.approx(
        (100 * by_month).tolist()
    )
    assert "≥ 4 von 5" in demo_section.table("csat").title_de


def test_demo_value_of_satisfaction_matches_pandas(demo: Any, demo_section: tables.Section) -> None:
    responses = demo.sql("select * from survey_responses where survey = 'nps'")
    orders = demo.sql("select customer_id, ordered_at, revenue from orders")
    data_end = orders["ordered_at"].max()
    horizon = pd.Timedelta(days=365)
    known = responses[responses["customer_id"].notna()]
    eligible = known[known["responded_at"] + horizon <= data_end]
    pairs = eligible.merge(orders, on="customer_id")
    after = pairs[
        (pairs["ordered_at"] > pairs["responded_at"])
        & (pairs["ordered_at"] <= pairs["responded_at"] + horizon)
    ]
    bought = eligible["response_id"].isin(after["response_id"])
    summary = demo_section.table("value_of_satisfaction").frame.iloc[0]
    assert summary["responses_used"] == len(eligible)
    assert summary["anonymous"] == responses["customer_id"].isna().sum()
    assert summary["too_recent"] == len(known) - len(eligible)
    revenue = after.groupby("response_id")["revenue"].sum().astype(float)
    assert summary["revenue_per_repurchaser"] == pytest.approx(revenue.mean())

    rates = demo_section.table("repurchase_by_score").frame.set_index("group")
    classes = np.select(
        [eligible["score"] >= 9, eligible["score"] >= 7], ["promoters", "passives"], "detractors"
    )
    expected = bought.groupby(classes).mean()
    labels = {
        "promoters": "Promotoren (9–10)",
        "passives": "Passive (7–8)",
        "detractors": "Kritiker (0–6)",
    }
    for name, label in labels.items():
        assert rates.loc[label, "rate_pct"] == pytest.approx(100 * expected[name])
    by_score = bought.groupby(eligible["score"].astype(int)).mean()
    for score, rate in by_score.items():
        assert rates.loc[str(score), "rate_pct"] == pytest.approx(100 * rate)
    # revenue per point = (pp per point / 100) × customers per year × revenue per repurchaser
    assert summary["revenue_per_point"] == pytest.approx(
        summary["marginal_pp"] / 100 * summary["customers_per_year"] * revenue.mean()
    )
    year = known[known["responded_at"] > data_end - horizon]
    assert summary["customers_per_year"] == year["customer_id"].nunique()
    texts = " ".join(f.de for f in demo_section.findings)
    assert "Zusammenhang, kein Beweis der Ursache" in texts
    assert "(Pp je Punkt / 100) × befragte Kunden je Jahr × Umsatz je Wiederkäufer" in texts


def test_demo_smcss_alarm_and_customers_concerned(demo: Any) -> None:
    """With the benchmark raised to 7.8 the platforms whose pandas mean lies below it alarm;
    the customers concerned are those whose latest SMCSS there lies below 7.8."""
    original = demo.settings
    demo.settings = replace(original, alert_smcss_below=7.8)
    try:
        alerts = satisfaction_alerts(demo)
        section = satisfaction_section(demo)
    finally:
        demo.settings = original
    smcss = demo.sql(
        "select customer_id, responded_at, channel, score from survey_responses "
        "where survey = 'smcss'"
    )
    means = smcss.groupby("channel")["score"].mean()
    low = sorted(means[means < 7.8].index)
    assert low  # the demo has platforms between 7.5 and 7.8
    found = {a["platform"]: a for a in alerts if a["key"] == "smcss_low"}
    assert sorted(found) == low
    for platform in low:
        alert = found[platform]
        assert alert["value"] == pytest.approx(means[platform])
        assert alert["threshold"] == 7.8
        mine = smcss[(smcss["channel"] == platform) & smcss["customer_id"].notna()]
        latest = mine.sort_values("responded_at").groupby("customer_id").tail(1)
        assert alert["customer_ids"] == sorted(latest.loc[latest["score"] < 7.8, "customer_id"])
        assert any(f.level == "alarm" and f"SMCSS auf {platform}" in f.de for f in section.findings)
    json.dumps(alerts)  # plain data


# -- small workspaces

CUSTOMERS = "customer_id,segment\nc1,A\nc2,A\nc3,B\nc4,B\nc5,A\nc6,B\nc7,A\n"
# January (Berlin): four promoters; February: c5 10, c6 3, c7 5, an anonymous 2; March: none;
# April: c1 9.  SMCSS: instagram 6 and 7 (mean 6.5, below 7.5).
RESPONSES = """response_id,customer_id,responded_at,survey,score,channel
n1,c1,2026-01-05T10:00:00Z,nps,10,E-Mail
n2,c2,2026-01-06T10:00:00Z,nps,9,E-Mail
n3,c3,2026-01-07T10:00:00Z,nps,10,E-Mail
n4,c4,2026-01-08T10:00:00Z,nps,9,E-Mail
n5,c5,2026-02-05T10:00:00Z,nps,10,E-Mail
n6,c6,2026-02-06T10:00:00Z,nps,3,E-Mail
n7,c7,2026-02-07T10:00:00Z,nps,5,E-Mail
n8,,2026-02-08T10:00:00Z,nps,2,E-Mail
n9,c1,2026-04-02T10:00:00Z,nps,9,E-Mail
s1,c1,2026-02-01T10:00:00Z,smcss,6,instagram
s2,c2,2026-02-02T10:00:00Z,smcss,7,instagram
s3,c1,2026-02-03T10:00:00Z,smcss,8,instagram
s4,c3,2026-02-04T10:00:00Z,smcss,3,instagram
c1,c1,2026-01-20T10:00:00Z,csat,5,E-Mail
"""


def _small(ws: Any, write: Any, responses: str = RESPONSES) -> Any:
    assert ws.import_file("customers", write("customers.csv", CUSTOMERS)).rejected == 0
    assert ws.import_file("survey_responses", write("survey.csv", responses)).rejected == 0
    return ws


def test_nps_falling_alarm(workspace: Any, write: Any) -> None:
    responses = "\n".join(RESPONSES.splitlines()[:9]) + "\n"  # January and February NPS only
    ws = _small(workspace, write, responses)
    alerts = satisfaction_alerts(ws)
    assert len(alerts) == 1
    alert = alerts[0]
    # January 100; February (1 − 3) / 4 = −50; change −150 ≤ −5
    assert alert["key"] == "nps_falling"
    assert (alert["period"], alert["previous_period"]) == ("2026-02", "2026-01")
    assert alert["value"] == pytest.approx(-150.0)
    assert alert["threshold"] == -5.0
    assert (alert["nps"], alert["previous_nps"]) == (pytest.approx(-50.0), pytest.approx(100.0))
    assert alert["customer_ids"] == ["c6", "c7"]  # the detractors of February; n8 is anonymous
    section = satisfaction_section(ws)
    alarms = [f for f in section.findings if f.level == "alarm"]
    assert len(alarms) == 1 and "fell by 150.0 points in 2026-02" in alarms[0].en
    first = section.findings[0].en
    assert first.startswith("NPS 25 (95 % CI ") and "from 8 responses" in first
    assert "−150 points against the previous month" in first
    # a drop below the threshold raises nothing; a single quarter has nothing to compare
    ws.settings = replace(ws.settings, alert_nps_drop_points=151.0)
    assert satisfaction_alerts(ws) == []
    ws.settings = replace(ws.settings, alert_nps_drop_points=5.0)
    assert satisfaction_alerts(ws, period="quarter") == []


def test_smcss_alarm_customers_latest_score(workspace: Any, write: Any) -> None:
    ws = _small(workspace, write)
    (alert,) = (a for a in satisfaction_alerts(ws) if a["key"] == "smcss_low")
    # instagram 6, 7, 8, 3: mean 6; latest per customer: c1 8, c2 7, c3 3 -> c2 and c3
    assert alert["platform"] == "instagram"
    assert alert["value"] == pytest.approx(6.0) and alert["threshold"] == 7.5
    assert alert["customer_ids"] == ["c2", "c3"]
    # April has NPS 100 after an empty March: no comparison, no NPS alarm
    assert [a["key"] for a in satisfaction_alerts(ws)] == ["smcss_low"]


def test_section_empty_period_window_and_errors(workspace: Any, write: Any) -> None:
    ws = _small(workspace, write)
    section = satisfaction_section(ws)
    trend = section.table("nps_trend").frame
    assert trend["period"].tolist() == ["2026-01", "2026-02", "2026-03", "2026-04"]
    assert trend["n"].tolist() == [4, 4, 0, 1]
    assert math.isnan(trend["nps"].iloc[2]) and math.isnan(trend["change"].iloc[3])
    assert section.table("nps_overall").frame["n"].iloc[0] == 9
    window = satisfaction_section(ws, period="month", start="2026-02", end="2026-03-15")
    assert window.table("nps_trend").frame["period"].tolist() == ["2026-02", "2026-03"]
    by_date = satisfaction_section(ws, start=date(2026, 2, 10), end=date(2026, 3, 31))
    assert by_date.table("nps_trend").frame["period"].tolist() == ["2026-02", "2026-03"]
    assert window.table("nps_overall").frame["n"].iloc[0] == 4
    assert window.table("smcss_by_platform").frame["n"].iloc[-1] == 4
    assert window.table("csat").frame["n"].tolist() == [0, 0, 0]  # total, February, March
    segments = window.table("nps_by_segment").frame.set_index("segment")
    # February: A c5 10, c7 5; B c6 3; anonymous 2
    assert segments["n"].to_dict() == {"A": 2, "B": 1, "unknown": 1}
    with pytest.raises(BindungError):
        satisfaction_section(ws, period="day")
    with pytest.raises(BindungError):
        satisfaction_section(ws, start="2026-04", end="2026-01")


def test_section_without_any_response(workspace: Any) -> None:
    section = satisfaction_section(workspace)
    assert [t.key for t in section.tables] == TABLES
    assert section.table("nps_overall").frame["n"].tolist() == [0]
    assert section.table("nps_trend").frame.empty
    assert section.findings[0].en == "No NPS responses in the period."
    assert satisfaction_alerts(workspace) == []
    tables.render_terminal(section, "en")


def test_section_renders_in_every_view(workspace_de: Any, write: Any, tmp_path: Path) -> None:
    ws = _small(workspace_de, write)
    section = satisfaction_section(ws)
    assert [t.key for t in section.tables] == TABLES
    body = json.loads(tables.to_json(section))
    assert list(body["tables"]) == TABLES
    assert body["tables"]["nps_overall"]["rows"][0]["n"] == 9
    assert body["tables"]["nps_trend"]["rows"][2]["nps"] is None  # March: undefined, not 0
    segment = body["tables"]["nps_by_segment"]["rows"]
    assert [r["segment"] for r in segment] == ["A", "B", "unbekannt"]
    for key in TABLES:
        for lang in ("de", "en"):
            assert tables.to_csv(section, lang, key).count("\n") >= 2
    csv_de = tables.to_csv(section, "de", "nps_overall")
    assert csv_de.splitlines()[0].startswith("Antworten;Promotoren (9–10)")
    assert tables.to_xlsx(section, "de", tmp_path / "z.xlsx").stat().st_size > 0
    parts = tables.render_terminal(section, "de")
    assert len(parts) == 1 + len(section.findings) + len(TABLES)
    # promoters n1–n5 and n9 (6), detractors n6–n8 (3) of 9: 33.3; negative low end in words
    assert section.findings[0].de.startswith("NPS 33 (95 % KI −28 bis 95) aus 9 Antworten")
