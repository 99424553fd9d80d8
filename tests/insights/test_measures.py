"""ROI per measure: links, costs per month, the realised margin and the verdicts by hand; on the
demo each measure's ROI interval against the value its planted effect implies (ground truth and
the cost file, counted in pandas)."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import bindung
from bindung.config import load
from bindung.errors import WorkspaceError
from bindung.insights.measures import (
    COLUMNS,
    Effect,
    MeasureError,
    advice,
    links,
    monthly_costs,
    parse_link,
    realised,
)
from bindung.insights.panel import customer_months
from bindung.workspace import Workspace

PROGRAMMES = pd.DataFrame(
    [
        ("Community-Management", "Social Media"),
        ("VIP-Community", "Instagram"),
        ("Treueprogramm", "Onlineshop"),
        ("Beschwerdemanagement", "Kundenservice"),
        ("Winback-Kampagne 2026", "E-Mail"),
        ("Newsletter", "E-Mail"),
    ],
    columns=["program", "channel"],
)


def _links(configured: dict[str, str] | None = None) -> dict[str, tuple[str | None, str | None]]:
    found = links(
        PROGRAMMES,
        configured=configured or {},
        platforms={"Instagram", "TikTok"},
        loyalty_programmes={"Treueprogramm"},
        experiments=["winback-2026", "preis-test"],
    )
    return {link.programme: (link.kind, link.target) for link in found}


def test_links_by_name_and_channel() -> None:
    assert _links() == {
        "Community-Management": ("fans", None),
        "VIP-Community": ("fans", "Instagram"),
        "Treueprogramm": ("loyalty", "Treueprogramm"),
        "Beschwerdemanagement": ("complaints", None),
        "Winback-Kampagne 2026": ("experiment", "winback-2026"),
        "Newsletter": (None, None),
    }


def test_links_from_the_settings_come_first() -> None:
    found = _links({"Newsletter": "experiment:preis-test", "VIP-Community": "none"})
    assert found["Newsletter"] == ("experiment", "preis-test")
    assert found["VIP-Community"] == (None, None)
    assert found["Treueprogramm"] == ("loyalty", "Treueprogramm")


@pytest.mark.parametrize(
    ("configured", "message"),
    [
        ({"Newsletter": "mailing"}, "expected one of fans, loyalty, complaints, experiment"),
        ({"Newsletter": "experiment"}, "name the experiment"),
        ({"Newsletter": "experiment:nope"}, "no experiment 'nope'; known: winback-2026"),
        ({"Flyer": "fans"}, "no cost programme named 'Flyer'"),
    ],
)
def test_wrong_links_are_errors(configured: dict[str, str], message: str) -> None:
    with pytest.raises(MeasureError, match=message):
        _links(configured)


def test_the_settings_check_the_links(tmp_path: Path) -> None:
    bindung.init(tmp_path / "ws").close()
    path = tmp_path / "ws" / "bindung.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + '\n[measures]\n"Newsletter" = "mailing"\n', encoding="utf-8")
    with pytest.raises(WorkspaceError, match=r"bindung\.toml: measures: 'Newsletter'"):
        load(tmp_path / "ws")
    path.write_text(
        path.read_text(encoding="utf-8").replace('"mailing"', '"experiment:x"'), encoding="utf-8"
    )
    assert load(tmp_path / "ws").measures == {"Newsletter": "experiment:x"}
    assert parse_link("N", "NONE").kind is None


# Orders of three customers in 2024-2025 (24 complete months; k = 0 is 2024-01).
ORDERS = [
    ("A", "2024-01-10", 100),  # k0
    ("A", "2024-05-10", 200),  # k4
    ("A", "2024-12-10", 300),  # k11
    ("B", "2024-02-10", 100),  # k1
    ("B", "2024-07-10", 80),  # k6
    ("C", "2024-03-10", 40),  # k2
    ("C", "2025-12-31", 10),  # k23: the data end on the month's last day
]
COSTS = (
    "period_start,period_end,channel,purpose,program,amount\n"
    # 31 days: 17 in January, 14 in February
    "2024-01-15,2024-02-14,E-Mail,retention,Winback,310\n"
    "2024-03-01,2024-03-31,E-Mail,retention,Winback,5\n"
    "2024-03-01,2024-03-31,Ads,acquisition,Ads,99\n"
)


def _shop(ws: Workspace, write: Callable[..., Path]) -> Workspace:
    lines = ["order_id,customer_id,ordered_at,revenue"]
    lines += [f"{c}{i},{c},{day} 12:00,{v}" for i, (c, day, v) in enumerate(ORDERS)]
    assert ws.import_file("orders", write("o.csv", "\n".join(lines) + "\n")).rejected == 0
    assert ws.import_file("costs", write("c.csv", COSTS)).rejected == 0
    return ws


def test_costs_per_month_are_prorated_by_days(
    workspace: Workspace, write: Callable[..., Path]
) -> None:
    panel = customer_months(_shop(workspace, write))
    costs = monthly_costs(workspace, panel)
    got = {(r.program, r.k): r.cost for r in costs.itertuples()}
    assert got == {
        ("Winback", 0): pytest.approx(170.0),
        ("Winback", 1): pytest.approx(140.0),
        ("Winback", 2): pytest.approx(5.0),
        ("Ads", 2): pytest.approx(99.0),
    }


def test_the_latest_event_before_a_month_decides(
    workspace: Workspace, write: Callable[..., Path]
) -> None:
    panel = customer_months(_shop(workspace, write))
    assert panel.full_months == 24
    codes = pd.Index(panel.first["customer_id"]).get_indexer(["A", "B", "A", "Z"])
    effect = Effect(
        estimate=0.0,
        low=0.0,
        high=0.0,
        unit="percent",
        touched=2,
        reach=100.0,
        codes=codes.astype(np.int64),
        # A from k3 on (fraction 0.5) until its second event after k10 (fraction 0);
        # B from k6 on (0.25); Z has no orders (code -1) and is ignored
        after=np.array([2, 5, 10, 0]),
        fraction=(
            np.array([0.5, 0.25, 0.0, 1.0]),
            np.array([0.1, 0.1, 0.0, 1.0]),
            np.array([0.9, 0.5, 0.0, 1.0]),
        ),
    )
    out = realised(panel, effect, 0.5, first_k=0).set_index("k")
    # k4: A 200 x 0.5; k6: B 80 x 0.25; k11: A 300 x 0 (the later event); margin 0.5
    expected = {4: 0.5 * 100.0, 6: 0.5 * 20.0}
    assert {k: v for k, v in out["margin"].items() if v} == pytest.approx(expected)
    assert out["low"].sum() == pytest.approx(0.5 * (200 * 0.1 + 80 * 0.1))
    assert out["high"].sum() == pytest.approx(0.5 * (200 * 0.9 + 80 * 0.5))
    # from k5 on only B counts (touched after k5; A's first event, after k2, came before)
    later = realised(panel, effect, 0.5, first_k=5)
    assert list(later["k"]) == list(range(5, 24))
    assert later["margin"].sum() == pytest.approx(10.0)
    assert realised(panel, effect, 0.5, first_k=4)["margin"].sum() == pytest.approx(10.0)
    assert realised(panel, effect, 0.5, first_k=3)["margin"].sum() == pytest.approx(60.0)


def _row(measure: str, roi: float, low: float, high: float, reach: float) -> dict[str, object]:
    row: dict[str, object] = dict.fromkeys(COLUMNS, math.nan)
    row |= {"measure": measure, "roi": roi, "roi_low": low, "roi_high": high, "reach": reach}
    row |= {"verdict": "", "roi_window": math.nan}
    return row


def test_verdicts_and_the_next_euro() -> None:
    table = pd.DataFrame(
        [
            _row("saturated", 500, 100, 900, 95),
            _row("uncertain", 400, -50, 800, 10),
            _row("best with room", 200, 50, 350, 30),
            _row("second", 100, 20, 180, 30),
            _row("loses", -60, -90, -10, 30),
            {**_row("unlinked", math.nan, math.nan, math.nan, math.nan), "verdict": "no_estimate"},
        ]
    )
    out = advice(table)
    assert list(out["measure"]) == [
        "saturated",
        "uncertain",
        "best with room",
        "second",
        "loses",
        "unlinked",
    ]
    assert list(out["verdict"]) == [
        "saturated",
        "uncertain",
        "next_euro",
        "pays_back",
        "loses",
        "no_estimate",
    ]


def _window_costs(exports: Path) -> pd.DataFrame:
    """The demo's cost file, prorated by days to 2025-11-01 … 2026-10-31 and in all."""
    costs = pd.read_csv(exports / "kosten.csv", sep=";", decimal=",", thousands=".", dtype=str)
    costs["Betrag"] = costs["Betrag"].str.replace(".", "").str.replace(",", ".").astype(float)
    lo = pd.to_datetime(costs["Von"], format="%d.%m.%Y")
    hi = pd.to_datetime(costs["Bis"], format="%d.%m.%Y") + pd.Timedelta(days=1)
    start, end = pd.Timestamp("2025-11-01"), pd.Timestamp("2026-11-01")
    share = (hi.clip(upper=end) - lo.clip(lower=start)).dt.days.clip(lower=0) / (hi - lo).dt.days
    costs["window"] = costs["Betrag"] * share
    return costs.groupby("Programm")[["window", "Betrag"]].sum()


@pytest.mark.slow
def test_demo_intervals_cover_the_planted_effects(demo_full: Path) -> None:
    from bindung.models import workflow
    from bindung.report.measures import measures_section

    exports = demo_full / "exports"
    truth = json.loads((exports / "ground_truth.json").read_text(encoding="utf-8"))["effects"]
    costs = _window_costs(exports)
    with bindung.open(demo_full, read_only=True) as ws:
        section = measures_section(ws)
        values = workflow.customer_values(
            ws, workflow.current(ws), as_of=workflow.last_order_day(ws), horizon_days=365
        )
        members = ws.sql("select distinct customer_id from loyalty_events where kind = 'enroll'")
        buyers = ws.sql("select distinct customer_id from orders")
        complaints = ws.sql("select customer_id, opened_at, outcome from complaints")
    clv = values.set_index("customer_id")["clv"].astype(float)
    table = section.table("measures").frame.set_index("measure")
    over = section.table("over_time").frame

    def covers(measure: str, implied_value: float) -> None:
        row = table.loc[measure]
        cost = costs.loc[measure, "window"]
        assert row["cost"] == pytest.approx(cost)
        implied = (implied_value - cost) / cost * 100
        assert row["roi_low"] <= implied <= row["roi_high"], (measure, implied, row)

    # loyalty: every member with orders, x1.10 on their purchase rate
    ids = set(members["customer_id"]) & set(buyers["customer_id"])
    member_clv = clv.reindex(sorted(ids)).fillna(0.0).sum()
    loyal = table.loc["Treueprogramm"]
    assert loyal["customers"] == len(ids)
    assert loyal["value"] == pytest.approx(member_clv * (1 - 1 / (1 + loyal["effect"] / 100)))
    covers("Treueprogramm", member_clv * (1 - 1 / truth["loyalty_membership"]["value"]))

    # complaint handling: each complainant's last complaint of the window; without handling
    # it would have ended unresolved (x0.60 instead of x1.15 or x1.00)
    c = complaints.assign(
        local=pd.to_datetime(complaints["opened_at"])
        .dt.tz_localize("UTC")
        .dt.tz_convert("Europe/Berlin")
    )
    c = c[(c["local"] >= "2025-11-01") & (c["local"] < "2026-11-01")]
    last = c.sort_values(["customer_id", "opened_at"]).groupby("customer_id").last()
    unresolved = truth["complaint_unresolved"]["value"]
    q = {
        "resolved": truth["complaint_resolved"]["value"] / unresolved,
        "partly_resolved": truth["complaint_partly_resolved"]["value"] / unresolved,
    }
    handled = last[last["outcome"].isin(list(q))]
    implied = sum(clv.get(cid, 0.0) * (1 - 1 / q[o]) for cid, o in handled["outcome"].items())
    assert table.loc["Beschwerdemanagement", "customers"] == len(last)
    covers("Beschwerdemanagement", implied)

    # fans: x1.20 on the purchase rate, valued like the estimate (the same customers' CLV)
    for measure in ("Community-Management", "VIP-Community"):
        row = table.loc[measure]
        point = 1 - 1 / (1 + row["effect"] / 100)
        covers(measure, row["value"] * (1 - 1 / truth["social_engagement"]["value"]) / point)

    # win-back: treated x the planted uplift, at the treated buyers' CLV
    ab = truth["winback_ab_test"]
    row = table.loc["Winback-Kampagne 2026"]
    assert row["customers"] == ab["treatment"]
    covers(
        "Winback-Kampagne 2026",
        ab["treatment"] * ab["uplift_pp"] / 100 * row["value"] / row["kept"],
    )

    # where selection was planted the naive ROI is larger than the incremental one
    for measure in ("Treueprogramm", "Community-Management", "VIP-Community"):
        assert table.loc[measure, "roi_naive"] > table.loc[measure, "roi_high"]
    # the newsletter (linked by name to its campaigns): recipients x the planted uplift of
    # each campaign, at the recipients' buyers' CLV
    nl = truth["newsletter_campaigns"]["campaigns"]
    row = table.loc["Newsletter"]
    assert row["kind"] == "campaign"
    implied_buyers = sum(c["recipients"] * c["uplift_pp"] / 100 for c in nl.values())
    covers("Newsletter", implied_buyers * row["value"] / row["kept"])
    # over time: the cost so far ends at the programme's whole cost in the file
    for measure, curve in over.groupby("measure"):
        assert curve["cost"].iloc[-1] == pytest.approx(costs.loc[measure, "Betrag"])
        assert list(curve["months_since_start"]) == list(range(len(curve)))


CAMPAIGNS = pd.DataFrame(
    [
        ("NL-1", "Newsletter 2026-01"),
        ("NL-2", "Newsletter 2026-02"),
        ("S-1", "Sommer-Sale"),
    ],
    columns=["campaign_id", "name"],
)


def _campaign_links(configured: dict[str, str] | None = None) -> dict[str, object]:
    programmes = pd.concat(
        [
            PROGRAMMES,
            pd.DataFrame([("Sommer-Sale Mailing", "E-Mail")], columns=["program", "channel"]),
        ]
    )
    found = links(
        programmes,
        configured=configured or {},
        platforms={"Instagram"},
        loyalty_programmes={"Treueprogramm"},
        experiments=["winback-2026"],
        campaigns=CAMPAIGNS,
    )
    return {link.programme: (link.kind, link.target) for link in found}


def test_campaign_links_by_name_and_from_the_settings() -> None:
    found = _campaign_links()
    # every word of the programme in campaigns' names: the series of newsletters
    assert found["Newsletter"] == ("campaign", "Newsletter")
    # every word of one campaign's name in the programme's name
    assert found["Sommer-Sale Mailing"] == ("campaign", "Sommer-Sale")
    assert found["Winback-Kampagne 2026"] == ("experiment", "winback-2026")
    assert _campaign_links({"Newsletter": "campaign:NL-2"})["Newsletter"] == ("campaign", "NL-2")
    with pytest.raises(MeasureError, match="no campaign 'Herbst'; known: Newsletter 2026-01"):
        _campaign_links({"Newsletter": "campaign:Herbst"})
    with pytest.raises(MeasureError, match="name the campaign"):
        _campaign_links({"Newsletter": "campaign"})


def test_campaign_effect_by_hand(workspace: Workspace, write: Callable[..., Path]) -> None:
    """The hand holdout campaign of tests/insights/test_campaigns.py: 4 recipients, 3 of them
    buying (75 %), against 1 of 2 held out (50 %): 1 additional buyer with the interval of
    Newcombe's, valued at the mean CLV of the 3 recipients who bought."""
    from bindung.insights.campaigns import campaign_effects
    from bindung.insights.experiments import share_difference
    from bindung.insights.measures import _value, campaign_effect
    from tests.insights.test_campaigns import HOLDOUT_ORDERS, HOLDOUT_RECIPIENTS, _load

    _load(workspace, write, HOLDOUT_ORDERS, HOLDOUT_RECIPIENTS)
    panel = customer_months(workspace)
    effects = campaign_effects(workspace)
    k = int(panel.month_of(pd.Series([effects[0].sent_at]))[0])
    ab = campaign_effect(workspace, panel, effects, "März", 0.3, k, k + 1)
    e = ab.effect
    d, low, high, _ = share_difference(3, 4, 1, 2)
    assert (e.estimate, e.low, e.high) == pytest.approx((d, low, high))
    assert e.kept == pytest.approx((4 * d / 100, 4 * low / 100, 4 * high / 100))
    assert e.touched == 4 and sorted(e.kept_ids) == ["a1", "a2", "a3"]
    clv = pd.Series({"a1": 100.0, "a2": 50.0, "a3": 0.0, "a4": 999.0, "h1": 999.0})
    assert _value(e, clv) == pytest.approx(tuple(x * 50.0 for x in e.kept))
    (row,) = ab.months.to_dict("records")
    revenue = effects[0]
    assert row["k"] == k
    assert row["margin"] == pytest.approx(0.3 * 4 * revenue.revenue_diff)
    with pytest.raises(bindung.errors.BindungError, match="none of its campaigns"):
        campaign_effect(workspace, panel, effects, "März", 0.3, k + 1, k + 2)
