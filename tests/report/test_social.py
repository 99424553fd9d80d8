"""The social-media section and its alarms: the hand workspace of
``tests/insights/test_social.py`` (figures computed by hand there and below) and the full demo,
where one figure per table is recomputed with pandas on the raw rows."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from rich.console import Console

import bindung
from bindung.errors import BindungError, WorkspaceError
from bindung.insights.social import ALL
from bindung.report.social import social_alerts, social_section
from bindung.report.tables import Section, render_terminal, to_csv, to_json, to_xlsx
from bindung.workspace import Workspace
from tests.insights.test_social import import_hand_social

# Thresholds that the hand workspace crosses (the defaults are source 000's 1 / 3.5 %, 0.3 / 0.5
# and 60 minutes).
STRICT = {
    "alert_smer_b_weak": 60.0,
    "alert_smer_b_strong": 100.0,
    "alert_smai_typical": 3.0,
    "alert_smai_excellent": 5.0,
    "alert_reply_minutes": 30,
}


@pytest.fixture
def hand(workspace: Workspace, write: Callable[..., Path]) -> Workspace:
    return import_hand_social(workspace, write)


def _row(section: Section, table: str, **where: Any) -> dict[str, Any]:
    frame = section.table(table).frame
    for key, value in where.items():
        frame = frame[frame[key] == value]
    assert len(frame) == 1, (table, where)
    row: dict[str, Any] = frame.iloc[0].to_dict()
    return row


def _texts(section: Section, lang: str) -> list[str]:
    return [f.text(lang) for f in section.findings]


def test_tables_by_hand(hand: Workspace) -> None:
    section = social_section(hand)
    assert [t.key for t in section.tables] == [
        "reply_times",
        "reply_trend",
        "engagement",
        "engagement_trend",
    ]
    # Instagram needs replies for m1 (40 min), m4 (never), m5 (120), m6 (10): median 40, mean
    # 170 / 3, p90 h = 1.8: 40 + 0.8 · 80 = 104; within 60: m1, m6 of 4; negatives m1, m6:
    # within 15 only m6.
    ig = _row(section, "reply_times", platform="instagram")
    assert (ig["needing_reply"], ig["answered"], ig["unanswered"]) == (4, 3, 1)
    assert ig["median_minutes"] == pytest.approx(40.0)
    assert ig["mean_minutes"] == pytest.approx(170 / 3)
    assert ig["p90_minutes"] == pytest.approx(104.0)
    assert ig["share_within_60"] == pytest.approx(50.0)  # a percentage
    assert ig["share_within_30"] == pytest.approx(25.0)
    assert ig["share_negative_within_15"] == pytest.approx(50.0)
    assert "open_median_minutes" not in [c.key for c in section.table("reply_times").columns]
    # February (m1 at 23:30 on 28 Feb, m5): 40 and 120; March (m6 at 00:30 on 1 Mar, m4)
    feb = _row(section, "reply_trend", period="2025-02", platform="instagram")
    assert (feb["needing_reply"], feb["median_minutes"]) == (2, pytest.approx(80.0))
    mar = _row(section, "reply_trend", period="2025-03", platform="instagram")
    assert (mar["unanswered"], mar["median_minutes"]) == (1, pytest.approx(10.0))
    # Engagement over February and March (see test_engagement_over_the_whole_span_by_hand)
    total = _row(section, "engagement", platform=ALL)
    assert total["smer_b"] == pytest.approx(50.0)
    assert total["smai"] == pytest.approx(7 / 3)
    # members: c1, c2, c3, c4, eve, frank, zed; customers c1-c4
    assert total["community_share"] == pytest.approx(400 / 7)
    march = _row(section, "engagement_trend", period="2025-03", platform="instagram")
    assert march["posts"] == 0 and pd.isna(march["smer_b"])  # no posts: undefined
    assert march["smai"] == pytest.approx(1.0)


def test_findings_with_the_benchmarks_of_source_000(hand: Workspace) -> None:
    section = social_section(hand)
    en, de = _texts(section, "en"), _texts(section, "de")
    # replies: instagram, all platforms (x has no mention needing a reply); then SMER-B
    assert en[2].startswith("SMER-B instagram: 83.33 % – strong (above 3.5 %). Each existing")
    assert de[2].startswith("SMER-B instagram: 83,33 % – stark (über 3,5 %). Jeder Bestand")
    assert en[-1].startswith("SMAI (all platforms): 2.33 mentions and shares per customer")
    assert "exzellent (über 0,50)" in de[-1]
    assert en[0] == ("Reply time instagram: median 40.0 min – within 60 min; unanswered: 1 of 4.")
    assert {f.level for f in section.findings} == {"good"}


def test_findings_and_alerts_against_strict_thresholds(hand: Workspace) -> None:
    hand.settings = replace(hand.settings, **STRICT)
    section = social_section(hand)
    levels = {f.en.split(":")[0]: f.level for f in section.findings}
    assert levels["Reply time instagram"] == "alarm"  # median 40 > 30
    assert levels["SMER-B x"] == "warning"  # 50 % < 60 %
    assert levels["SMER-B instagram"] == "info"  # 83.33 % between 60 and 100
    de = _texts(section, "de")
    assert any("SMER-B x: 50,00 % – schwach (unter 60,0 %)" in t for t in de)
    assert any("langsamer als 30 min (Alarm)" in t for t in de)
    assert "unter dem typischen Wert 3,00" in de[-1]

    alerts = {(a["key"], a["platform"]): a for a in social_alerts(hand)}
    assert set(alerts) == {("smer_b_weak", "x"), ("smai_low", ALL), ("reply_slow", "instagram")}
    weak = alerts[("smer_b_weak", "x")]
    assert (weak["value"], weak["threshold"], weak["customer_ids"]) == (50.0, 60.0, ["c1"])
    low = alerts[("smai_low", ALL)]
    assert low["value"] == pytest.approx(7 / 3)
    assert low["customer_ids"] == ["c1", "c2", "c4"]  # existing customers who interacted
    slow = alerts[("reply_slow", "instagram")]
    assert (slow["value"], slow["threshold"], slow["minutes"]) == (40.0, 30.0, "clock")
    # m1 (c1) waited 40 minutes, m4 (c2) was never answered; m6 (c2, 10 min) alone would not
    assert slow["customer_ids"] == ["c1", "c2"]


def test_business_hours_add_open_minutes(hand: Workspace) -> None:
    hand.settings = replace(hand.settings, business_hours="Mo-Fr 08:00-18:00", **STRICT)
    section = social_section(hand)
    ig = _row(section, "reply_times", platform="instagram")
    # m1 Fri 23:30 -> Sat 00:10 and m6 Sat 00:30 -> 00:40 lie outside the hours (0 open
    # minutes); m5 Wed 10:00 -> 12:00 is 120 open minutes
    assert ig["median_minutes"] == pytest.approx(40.0)  # clock minutes stay
    assert ig["open_median_minutes"] == pytest.approx(0.0)
    assert ig["open_mean_minutes"] == pytest.approx(40.0)
    assert ig["open_share_within_60"] == pytest.approx(50.0)  # m1, m6 of 4
    assert ig["open_share_negative_within_15"] == pytest.approx(100.0)
    assert any("Median 0,0 min (in Öffnungszeit)" in t for t in _texts(section, "de"))
    # the open median (0) is within 30 minutes: no reply alarm
    assert "reply_slow" not in {a["key"] for a in social_alerts(hand)}


def test_unreadable_business_hours_are_a_clear_error(hand: Workspace) -> None:
    hand.settings = replace(hand.settings, business_hours="weekdays 8 to 6")
    with pytest.raises(WorkspaceError, match=r"^bindung\.toml: business_hours 'weekdays 8 to 6'"):
        social_section(hand)


def test_window_keeps_the_overlapping_periods(hand: Workspace) -> None:
    section = social_section(hand, start="2025-03", end="2025-03-31")
    assert set(section.table("reply_trend").frame["period"]) == {"2025-03"}
    ig = _row(section, "reply_times", platform="instagram")  # m4 (never), m6 (10 min)
    assert (ig["needing_reply"], ig["median_minutes"]) == (2, pytest.approx(10.0))
    assert str(section.meta["start"]) == "2025-03-01"


def test_unknown_period_is_refused(hand: Workspace) -> None:
    with pytest.raises(BindungError, match="--period 'day'"):
        social_section(hand, period="day")


def test_no_social_data(workspace: Workspace) -> None:
    section = social_section(workspace)
    assert all(t.frame.empty for t in section.tables)
    assert section.findings[0].en == "No social-media data in the chosen range."
    assert social_alerts(workspace) == []
    render_terminal(section, "en")


def test_section_renders_in_every_view(hand: Workspace, tmp_path: Path) -> None:
    hand.settings = replace(hand.settings, business_hours="Mo-Fr 08:00-18:00")
    section = social_section(hand)
    body = json.loads(to_json(section))
    assert set(body["tables"]) == {"reply_times", "reply_trend", "engagement", "engagement_trend"}
    rows = body["tables"]["engagement_trend"]["rows"]
    undefined = [r for r in rows if r["period"] == "2025-03" and r["platform"] == "instagram"]
    assert undefined[0]["smer_b"] is None
    assert body["findings"][0]["level"] in ("good", "alarm")
    csv = to_csv(section, "de", table="reply_times")
    assert csv.splitlines()[0].startswith("Plattform;Antwort nötig;")
    assert "40,0" in csv  # instagram's median in the German format
    path = to_xlsx(section, "en", tmp_path / "social.xlsx")
    assert path.exists() and path.stat().st_size > 0
    console = Console(width=400, record=True)
    for part in render_terminal(section, "de"):
        console.print(part)
    text = console.export_text()
    assert "nicht definiert" in text and "Median (Öffnungszeit)" in text


# -- the demo: one figure per table against pandas on the raw rows -------------------------


def _local_month(times: pd.Series, timezone: str) -> pd.Series:
    local = times.dt.tz_localize("UTC").dt.tz_convert(timezone).dt.tz_localize(None)
    return local.dt.strftime("%Y-%m")


@pytest.mark.slow
def test_demo_figures_against_pandas(demo_full: Path) -> None:
    with bindung.open(demo_full, read_only=True) as ws:
        section = social_section(ws)
        tz = ws.settings.timezone
        mentions = ws.sql("SELECT * FROM social_mentions")
        needs = mentions["needs_reply"].astype("boolean")
        needs = needs.fillna(mentions["sentiment"] == "negative").astype(bool)
        waits = mentions[needs].copy()
        waits["minutes"] = (waits["first_reply_at"] - waits["at"]).dt.total_seconds() / 60
        waits["month"] = _local_month(waits["at"], tz)
        interactions = ws.sql(
            "SELECT i.*, p.platform AS post_platform FROM social_interactions i "
            "LEFT JOIN social_posts p USING (post_id)"
        )
        posts = ws.sql("SELECT * FROM social_posts")
        identities = ws.sql("SELECT platform, handle, customer_id AS linked FROM identities")
        customers = ws.sql("SELECT customer_id, first_seen FROM customers")
        orders = ws.sql("SELECT customer_id, ordered_at FROM orders")
        subscriptions = ws.sql("SELECT customer_id, started_at, ended_at FROM subscriptions")
        kpis = ws.kpis(period="month", start="2026-03", end="2026-03")

    # reply_times: Instagram's median reply in clock minutes over all data
    ig = waits[waits["platform"] == "instagram"]
    expected = ig["minutes"].dropna().median()
    got = _row(section, "reply_times", platform="instagram")["median_minutes"]
    assert got == pytest.approx(expected)

    # reply_trend: Facebook's share answered within 60 minutes in June 2025 (local month)
    fb = waits[(waits["platform"] == "facebook") & (waits["month"] == "2025-06")]
    expected = 100 * (fb["minutes"] <= 60).sum() / len(fb)
    got = _row(section, "reply_trend", period="2025-06", platform="facebook")["share_within_60"]
    assert got == pytest.approx(expected)

    # engagement: SMER-B on Instagram over all data
    i = interactions.assign(platform=interactions["post_platform"].fillna(interactions["platform"]))
    i = i.merge(
        identities, left_on=["platform", "actor"], right_on=["platform", "handle"], how="left"
    )
    i["customer"] = i["customer_id"].fillna(i["linked"])
    i = i.merge(customers.rename(columns={"customer_id": "customer"}), on="customer", how="left")
    existing = i[i["customer"].notna() & (i["first_seen"] < i["at"])]
    e_ig = existing[existing["platform"] == "instagram"]
    n_posts = int((posts["platform"] == "instagram").sum())
    expected = len(e_ig) / e_ig["customer"].nunique() / n_posts * 100
    got = _row(section, "engagement", platform="instagram")["smer_b"]
    assert got == pytest.approx(expected)

    # engagement_trend: SMAI over all platforms in March 2026.  Customers active at the end
    # E = local midnight of 1 April: an order in [E - 365 days, E) or a subscription with
    # started_at < E <= ended_at (open ones run on).
    end = pd.Timestamp("2026-04-01", tz=tz).tz_convert("UTC").tz_localize(None)
    window = timedelta(days=ws.settings.activity_window_days)
    by_orders = orders[(orders["ordered_at"] >= end - window) & (orders["ordered_at"] < end)]
    subs = subscriptions
    by_subs = subs[
        (subs["started_at"] < end) & (subs["ended_at"].isna() | (subs["ended_at"] >= end))
    ]
    active = set(by_orders["customer_id"]) | set(by_subs["customer_id"])
    m = mentions.merge(
        identities, left_on=["platform", "author"], right_on=["platform", "handle"], how="left"
    )
    m["customer"] = m["customer_id"].fillna(m["linked"])
    in_march = _local_month(m["at"], tz) == "2026-03"
    n_mentions = int((in_march & m["customer"].isin(active)).sum())
    shares = i[(i["kind"] == "share") & (_local_month(i["at"], tz) == "2026-03")]
    n_shares = int(shares["customer"].isin(active).sum())
    expected = (n_mentions + n_shares) / len(active)
    row = _row(section, "engagement_trend", period="2026-03", platform=ALL)
    assert row["customers"] == len(active)
    assert row["customers"] == kpis["customers_end"].iloc[0]  # the KPI "customers at end"
    assert row["smai"] == pytest.approx(expected)
