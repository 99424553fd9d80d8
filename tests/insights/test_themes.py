"""Themes of what customers write: shares, NPS and repurchase on a hand-made set of texts
(counted by hand below), the keyword grammar in DuckDB, the discovery of a theme the list does
not hold, and the negative-mentions alert on a hand-made series with and without a surge."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from scipy import stats

from bindung.errors import BindungError
from bindung.insights.themes import discover, surge_bands, text_themes
from bindung.report.themes import theme_alerts, themes_section
from bindung.theme_list import Theme, keyword_pattern, theme_list
from bindung.workspace import Workspace

ORDERS = """order_id,customer_id,ordered_at,revenue
O1,C1,2023-12-01 12:00,10
O2,C1,2024-06-01 12:00,10
O3,C2,2023-12-05 12:00,10
O4,C2,2024-02-12 12:00,10
O5,C2,2025-03-01 12:00,10
O6,C3,2023-12-10 12:00,10
O7,C3,2024-12-01 12:00,10
O8,C4,2023-12-15 12:00,10
O9,C5,2023-12-20 12:00,10
O10,C5,2024-04-01 12:00,10
O11,C6,2023-12-25 12:00,10
O12,Z,2023-12-01 12:00,10
O13,Z,2026-01-01 12:00,10
"""
SURVEY = """response_id,customer_id,responded_at,survey,score,comment
S1,C1,2024-01-10 12:00,nps,3,Die Lieferung kam zu spät.
S2,C2,2024-02-10 12:00,nps,9,"Super Kaffee, tolles Aroma"
S3,C3,2024-03-10 12:00,nps,10,Alles bestens
S4,,2024-04-10 12:00,nps,6,Versand zu teuer
S5,C1,2024-05-01 12:00,nps,8,
S6,C4,2024-03-01 12:00,nps,5,
"""
COMPLAINTS = """complaint_id,customer_id,opened_at,text
K1,C4,2024-02-01 12:00,"Paket beschädigt, Hotline nicht erreichbar"
K2,C5,2024-03-01 12:00,
"""
MENTIONS = """mention_id,platform,at,author,customer_id,sentiment,text
M1,instagram,2024-02-15 12:00,@c2,,negative,Shipping was slow
M2,facebook,2024-06-01 12:00,@x,,positive,Love the app
M3,instagram,2024-07-01 12:00,@c6,C6,neutral,Wo ist meine Apparatur?
"""
IDENTITIES = "platform,handle,customer_id\ninstagram,@c2,C2\n"


@pytest.fixture
def texts_ws(workspace: Workspace, write: Callable[..., Path]) -> Workspace:
    workspace.import_file("orders", write("o.csv", ORDERS))
    workspace.import_file("survey_responses", write("s.csv", SURVEY))
    workspace.import_file("complaints", write("c.csv", COMPLAINTS))
    workspace.import_file("identities", write("i.csv", IDENTITIES))
    result = workspace.import_file("social_mentions", write("m.csv", MENTIONS))
    assert result.rejected == 0, result.rejects
    return workspace


def _row(frame: pd.DataFrame, theme: str) -> pd.Series:
    return frame.set_index("theme").loc[theme]


def test_shares_by_source_are_the_hand_counted_ones(texts_ws: Workspace) -> None:
    r = text_themes(texts_ws)
    # By hand: texts S1-S4 (S5, S6 have no comment), K1 (K2 is empty), M1-M3: 4 + 1 + 3.
    assert r.texts == {"survey": 4, "complaint": 1, "mention": 3, "all": 8}
    # delivery: S1 (Lieferung), S4 (Versand), K1 (Paket), M1 (Shipping)
    d = _row(r.themes, "delivery")
    assert d["texts"] == 4
    assert d["share"] == pytest.approx(100 * 4 / 8)
    assert d["share_survey"] == pytest.approx(100 * 2 / 4)
    assert d["share_complaint"] == pytest.approx(100.0)
    assert d["share_mention"] == pytest.approx(100 * 1 / 3)
    # price: S4 (teuer); quality: S2 (Aroma); service: K1 (Hotline, erreichbar);
    # app: M2 ("app"), not M3 ("Apparatur": a whole word only)
    for theme in ("price", "quality", "service", "app"):
        assert _row(r.themes, theme)["texts"] == 1, theme
    assert not r.themes["discovered"].any()  # 8 texts: too few to discover anything


def test_nps_of_the_customers_who_name_a_theme_is_the_hand_counted_one(
    texts_ws: Workspace,
) -> None:
    r = text_themes(texts_ws)
    d = _row(r.nps, "delivery")
    # Delivery is named by C1 (S1), C4 (K1) and C2 (M1, linked through identities); S4 has
    # no customer.  Their NPS answers: C1 3 and 8, C2 9, C4 5 -> 1 promoter, 2 detractors.
    assert (d["customers"], d["responses"]) == (3, 4)
    assert d["nps"] == pytest.approx(100 * (1 - 2) / 4)
    p, det, n = 1 / 4, 2 / 4, 4
    se = 100 * math.sqrt((p + det - (p - det) ** 2) / n)
    z = stats.norm.ppf(0.975)
    assert d["low"] == pytest.approx(max(-25 - z * se, -100))  # clipped to the scale
    assert d["high"] == pytest.approx(min(-25 + z * se, 100))
    # The others: C3 (S3, 10) and C6 (M3, no NPS answer).
    assert (d["others_customers"], d["others_responses"]) == (1, 1)
    assert d["others_nps"] == pytest.approx(100.0)


def _wilson(k: int, n: int) -> tuple[float, float]:
    z = stats.norm.ppf(0.975)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def _newcombe(y1: int, n1: int, y0: int, n0: int) -> tuple[float, float]:
    """Newcombe's (1998) hybrid score interval of p1 − p0, written out."""
    p1, p0 = y1 / n1, y0 / n0
    l1, u1 = _wilson(y1, n1)
    l0, u0 = _wilson(y0, n0)
    d = p1 - p0
    return d - math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2), d + math.sqrt(
        (u1 - p1) ** 2 + (p0 - l0) ** 2
    )


def test_repurchase_of_the_customers_who_name_a_theme_is_the_hand_counted_one(
    texts_ws: Workspace,
) -> None:
    r = text_themes(texts_ws)
    d = _row(r.repurchase, "delivery")
    # From the first delivery text: C1 2024-01-10 -> order 2024-06-01 (yes); C4 2024-02-01 ->
    # none (no); C2 2024-02-15 -> 2025-03-01 is after 365 days (no; 2024-02-12 was before).
    # Others from their first text: C3 2024-03-10 -> 2024-12-01 (yes); C6 2024-07-01 -> no.
    assert (d["customers"], d["others"]) == (3, 2)
    assert d["rate"] == pytest.approx(100 / 3)
    assert d["others_rate"] == pytest.approx(50.0)
    low, high = _newcombe(1, 3, 1, 2)
    assert d["diff"] == pytest.approx(100 * (1 / 3 - 1 / 2))
    assert d["low"] == pytest.approx(100 * low)
    assert d["high"] == pytest.approx(100 * high)
    # quality: C2 from S2 (2024-02-10) bought on 2024-02-12; the others: C1 yes, C3 yes,
    # C4 no, C6 no
    q = _row(r.repurchase, "quality")
    assert (q["customers"], q["rate"]) == (1, pytest.approx(100.0))
    assert (q["others"], q["others_rate"]) == (4, pytest.approx(50.0))


def test_sentiment_per_platform_and_quarter(texts_ws: Workspace) -> None:
    s = text_themes(texts_ws).sentiment.set_index(["platform", "quarter"])
    assert s.loc[("instagram", "2024-Q1"), "negative"] == pytest.approx(100.0)
    assert s.loc[("instagram", "2024-Q3"), "neutral"] == pytest.approx(100.0)
    assert s.loc[("facebook", "2024-Q2"), "positive"] == pytest.approx(100.0)
    assert s.loc[("", "2024-Q1"), "mentions"] == 1  # all platforms together


def test_a_theme_of_ones_own_and_a_changed_default(texts_ws: Workspace) -> None:
    (texts_ws.folder / "bindung.toml").write_text(
        (texts_ws.folder / "bindung.toml").read_text(encoding="utf-8")
        + '\n[themes]\nBestens = ["bestens"]\napp = []\ndelivery = ["liefer*"]\n',
        encoding="utf-8",
    )
    from bindung.config import load

    texts_ws.settings = load(texts_ws.folder)  # as read from bindung.toml
    r = text_themes(texts_ws)
    assert list(r.themes["theme"]) == ["delivery", "price", "quality", "service", "Bestens"]
    assert _row(r.themes, "delivery")["texts"] == 1  # only S1 says "Lieferung"
    assert _row(r.themes, "Bestens")["texts"] == 1  # S3


def test_the_section_has_its_tables_in_both_languages(texts_ws: Workspace) -> None:
    section = themes_section(texts_ws)
    keys = [t.key for t in section.tables]
    assert keys == ["themes", "trend", "nps", "repurchase", "sentiment", "negative_mentions"]
    assert section.tables[0].columns[0].show("delivery", "en") == "Delivery"


@pytest.mark.parametrize(
    ("keyword", "text", "found"),
    [
        ("liefer*", "Die Lieferung kam", True),
        ("liefer*", "wurde geliefert", False),
        ("*liefer*", "wurde geliefert", True),
        ("*service", "Der Kundenservice", True),
        ("app", "Die App stürzt ab", True),
        ("app", "Apparatur", False),
        ("app", "die Happy Hour", False),
        ("zu spät", "kam  zu\nspät!", True),
        ("zu spät", "zu später Stunde", False),
        ("qualität*", "Qualitaet mies", True),
        ("süß", "viel zu suess", True),
        ("rösterei", "Die RÖSTEREI", True),
    ],
)
def test_keywords_match_word_stems_in_duckdb(keyword: str, text: str, found: bool) -> None:
    con = duckdb.connect()
    hit = con.execute(
        "SELECT regexp_matches(lower(?), ?)", [text, Theme("x", (keyword,)).pattern]
    ).fetchone()
    assert hit == (found,), keyword_pattern(keyword)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"delivery": "liefer*"}, "expected a list of words"),
        ({"Mahlgrad": ["mahl*grad"]}, "only at the start or the end"),
        ({"Mahlgrad": ["*"]}, "no word"),
    ],
)
def test_a_bad_theme_list_says_what_is_wrong(table: dict[str, object], message: str) -> None:
    with pytest.raises(BindungError, match=message):
        theme_list(table)  # type: ignore[arg-type]


def test_discovery_finds_a_theme_the_list_does_not_hold() -> None:
    rng = np.random.default_rng(5)
    grind = ["Der Mahlgrad ist viel zu fein.", "Mahlgrad zu grob für Espresso.",
             "Bitte einen feineren Mahlgrad anbieten."]  # fmt: skip
    other = ["Weiter so!", "Gerne wieder.", "Bin rundum zufrieden.", "Tolles Team."]
    texts = [grind[i % 3] if rng.random() < 0.3 else other[i % 4] for i in range(400)]
    found = discover(texts, theme_list({}))
    assert found and all(t.discovered for t in found)
    mahlgrad = [t for t in found if "mahlgrad*" in t.keywords]
    assert len(mahlgrad) == 1
    # the oracle: the texts that contain the word, counted by Python
    assert sum("mahlgrad" in t.lower() for t in texts) == sum(t in grind for t in texts)


def _mentions_csv(counts: list[int], last_day: str) -> str:
    """``counts[k]`` negative mentions in month k from 2023-01, one positive mention in each
    month, and a last mention on ``last_day`` (the last month's last day: complete)."""
    lines = ["mention_id,platform,at,sentiment,customer_id"]
    k = 0
    for m, n in enumerate(counts):
        month = pd.Timestamp("2023-01-01") + pd.DateOffset(months=m)
        for i in range(n):
            k += 1
            customer = "C1" if m == len(counts) - 1 and i == 0 else ""
            lines.append(f"M{k},instagram,{month + pd.Timedelta(days=i % 27, hours=12)},"
                         f"negative,{customer}")  # fmt: skip
        k += 1
        lines.append(f"M{k},instagram,{month + pd.Timedelta(days=3, hours=10)},positive,")
    lines.append(f"M{k + 1},instagram,{last_day} 20:00,positive,")
    return "\n".join(lines) + "\n"


def _seasonal(months: int) -> list[int]:
    """A seasonal series with deterministic noise (December high)."""
    return [
        round(20 * (1 + 0.4 * math.cos(2 * math.pi * (m - 11) / 12)) + (m * 7) % 5 - 2)
        for m in range(months)
    ]


def _expected(values: list[int]) -> float:
    """The seasonal naive forecast with drift of the last value, written out."""
    y, t = values, len(values) - 1
    return y[t - 12] * sum(y[t - 3 : t]) / sum(y[t - 15 : t - 12])


@pytest.mark.parametrize("surge", [True, False])
def test_negative_mentions_alert_only_beyond_their_seasonal_range(
    workspace: Workspace, write: Callable[..., Path], surge: bool
) -> None:
    counts = _seasonal(36)  # 2023-01 … 2025-12
    if surge:
        counts[-1] = 3 * counts[-1]
    workspace.import_file("orders", write("o.csv", "order_id,customer_id,ordered_at,revenue\n"
                                                   "O1,C1,2023-01-05 12:00,10\n"))  # fmt: skip
    result = workspace.import_file(
        "social_mentions", write("m.csv", _mentions_csv(counts, "2025-12-31"))
    )
    assert result.rejected == 0, result.rejects
    found = theme_alerts(workspace)
    r = text_themes(workspace)
    last = r.surge.iloc[-1]
    assert last["period"] == "2025-12" and last["value"] == counts[-1]
    assert last["expected"] == pytest.approx(_expected(counts))
    assert last["alert"] == surge
    if surge:
        assert [a["key"] for a in found] == ["negative_mentions_surge"]
        assert found[0]["value"] == counts[-1] and found[0]["customer_ids"] == ["C1"]
    else:
        assert found == []


def test_an_incomplete_last_month_is_not_checked() -> None:
    counts = _seasonal(30)
    series = pd.DataFrame(
        {"period": [str(pd.Period("2023-01", "M") + m) for m in range(30)], "negative": counts}
    )
    _, check = surge_bands(series, pd.Timestamp("2025-06-15 10:00"), 0.99)
    assert check is not None and check.period == "2025-05"
    _, check = surge_bands(series, pd.Timestamp("2025-06-30 10:00"), 0.99)
    assert check is not None and check.period == "2025-06"


def test_the_cli_shows_the_answer_as_json(texts_ws: Workspace) -> None:
    import json

    from typer.testing import CliRunner

    from bindung.cli import app

    texts_ws.close()
    args = ["themes", "-w", str(texts_ws.folder), "--fresh", "--format", "json", "--lang", "en"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert set(body["tables"]) == {
        "themes", "trend", "nps", "repurchase", "sentiment", "negative_mentions"
    }  # fmt: skip
    first = body["findings"][0]
    assert first["en"] == (
        "Texts read: 8 (survey comments: 4, complaint texts: 1, mentions: 3)."
    ), first
