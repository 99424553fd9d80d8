"""The themes section (``bindung themes``): numbers from :mod:`bindung.insights.themes`,
labelled and put into plain words.  No number is computed here."""

from __future__ import annotations

import math
from functools import partial
from typing import TYPE_CHECKING, Any

import pandas as pd

from bindung.i18n import N_, both
from bindung.insights.themes import SOURCES, Surge, ThemeResult, negative_surge, text_themes
from bindung.report import format as fmt
from bindung.report.tables import Column, Finding, Section, Table
from bindung.theme_list import DEFAULT_THEMES

if TYPE_CHECKING:
    from bindung.store.protocol import Store

#: The default themes' labels: (key, German, English).
THEME_LABELS = tuple((key, *both(msgid)) for key, msgid, _ in DEFAULT_THEMES)
SOURCE_TITLES = {
    "survey": N_("share of survey comments %"),
    "complaint": N_("share of complaint texts %"),
    "mention": N_("share of mentions %"),
}
KIND_LABELS = (("discovered", *both("discovered")), ("list", *both("theme list")))


def _label(key: str, lang: str) -> str:
    """A theme's name for the reader: a default theme's label, else the name as written."""
    return str(_theme_column().show(key, lang))


def _theme_column() -> Column:
    return Column("theme", *both("theme"), labels=THEME_LABELS)


def _pct(v: float, lang: str) -> str:
    return "–" if not math.isfinite(v) else fmt.number(v, lang, 1) + "\u00a0%"


def _signed(v: float, lang: str) -> str:
    if not math.isfinite(v):
        return "–"
    sign = "+" if v > 0 else ("±" if v == 0 else "−")
    return f"{sign}{fmt.number(abs(v), lang, 1)}"


def _tables(result: ThemeResult) -> list[Table]:
    kind = result.themes["discovered"].map({True: "discovered", False: "list"})
    themes = result.themes.assign(kind=kind.astype(str))
    share_cols = [
        Column(f"share_{s}", *both(SOURCE_TITLES[s]), "percent")
        for s in SOURCES
    ]  # fmt: skip
    nps = result.nps
    sentiment = result.sentiment
    return [
        Table(
            "themes",
            *both("Themes of what customers write: share of texts"),
            [
                _theme_column(),
                Column("kind", *both("found by"), labels=KIND_LABELS),
                Column("keywords", *both("keywords"), literal=True),
                Column("texts", *both("texts"), "count"),
                Column("share", *both("share of all texts %"), "percent"),
                *share_cols,
            ],
            themes[
                ["theme", "kind", "keywords", "texts", "share", *(f"share_{s}" for s in SOURCES)]
            ],
        ),
        Table(
            "trend",
            *both("Themes by quarter: share of the quarter's texts"),
            [
                Column("quarter", *both("quarter")),
                _theme_column(),
                Column("texts", *both("texts"), "count"),
                Column("all_texts", *both("all texts"), "count"),
                Column("share", *both("share %"), "percent"),
            ],
            result.trend,
        ),
        Table(
            "nps",
            *both("NPS of the customers who write about a theme"),
            [
                _theme_column(),
                Column("customers", *both("customers with NPS answers"), "count"),
                Column("responses", *both("NPS answers"), "count"),
                Column("nps", *both("NPS"), "score"),
                Column("low", *both("CI from"), "score"),
                Column("high", *both("CI to"), "score"),
                Column("others_responses", *both("NPS answers of the others"), "count"),
                Column("others_nps", *both("NPS of the others"), "score"),
                Column("diff", *both("difference"), "points"),
            ],
            nps[
                [
                    "theme",
                    "customers",
                    "responses",
                    "nps",
                    "low",
                    "high",
                    "others_responses",
                    "others_nps",
                    "diff",
                ]
            ],
        ),
        Table(
            "repurchase",
            *both("Bought again within a year of the text: theme against other texts"),
            [
                _theme_column(),
                Column("customers", *both("customers"), "count"),
                Column("rate", *both("bought again %"), "percent"),
                Column("others", *both("customers with other texts"), "count"),
                Column("others_rate", *both("of them bought again %"), "percent"),
                Column("diff", *both("difference"), "points"),
                Column("low", *both("difference CI from"), "points"),
                Column("high", *both("difference CI to"), "points"),
            ],
            result.repurchase,
        ),
        Table(
            "sentiment",
            *both("Sentiment of the mentions per platform and quarter"),
            [
                Column("platform", *both("platform"), labels=(("", *both("all platforms")),)),
                Column("quarter", *both("quarter")),
                Column("mentions", *both("mentions"), "count"),
                Column("positive", *both("positive %"), "percent"),
                Column("neutral", *both("neutral %"), "percent"),
                Column("negative", *both("negative %"), "percent"),
                Column("unknown", *both("without sentiment"), "count"),
            ],
            sentiment,
        ),
        negative_table(result.surge),
    ]


def negative_table(surge: pd.DataFrame) -> Table:
    return Table(
        "negative_mentions",
        *both("Negative mentions per month against their seasonal range"),
        [
            Column("period", *both("month")),
            Column("value", *both("negative mentions"), "count"),
            Column("expected", *both("expected"), "score"),
            Column("low", *both("range from"), "score"),
            Column("high", *both("range to"), "score"),
            Column("alert", *both("above the range"), "flag"),
        ],
        surge,
    )


def _surge_finding(s: Surge) -> Finding:
    values = {
        "period": s.period,
        "value": int(s.value),
        "expected": round(s.expected),
        "high": round(s.high),
    }
    if s.alert:
        return Finding(
            *both(
                "Negative mentions in {period}: {value}, above their seasonal range (expected "
                "{expected}, up to {high}).",
                lambda _: values,
            ),
            "alarm",
        )
    return Finding(
        *both(
            "Negative mentions in {period}: {value}, within their seasonal range (expected "
            "{expected}, up to {high}).",
            lambda _: values,
        ),
        "good",
    )


def _repurchase_values(row: dict[Any, Any], lang: str) -> dict[str, object]:
    return {
        "theme": _label(str(row["theme"]), lang),
        "rate": _pct(float(row["rate"]), lang),
        "others": _pct(float(row["others_rate"]), lang),
        "diff": _signed(float(row["diff"]), lang),
        "low": _signed(float(row["low"]), lang),
        "high": _signed(float(row["high"]), lang),
    }


def _findings(result: ThemeResult) -> list[Finding]:
    out: list[Finding] = []
    t = result.themes
    n = result.texts
    out.append(
        Finding(
            *both(
                "Texts read: {all} (survey comments: {survey}, complaint texts: {complaint}, "
                "mentions: {mention}).",
                lambda lang: {k: fmt.number(v, lang) for k, v in n.items()},
            )
        )
    )
    if not t.empty:
        top = t.sort_values("share", ascending=False, kind="stable").iloc[0]
        out.append(
            Finding(
                *both(
                    "The most frequent theme is {theme}: {share} of all texts ({complaint} of "
                    "the complaints).",
                    lambda lang: {
                        "theme": _label(str(top["theme"]), lang),
                        "share": _pct(float(top["share"]), lang),
                        "complaint": _pct(float(top["share_complaint"]), lang),
                    },
                )
            )
        )
    found = t[t["discovered"]]
    if not found.empty:
        out.append(
            Finding(
                *both(
                    "Found beyond the theme list: {themes}. Add them to [themes] in "
                    "bindung.toml to name and keep them.",
                    lambda lang: {
                        "themes": "; ".join(
                            f"{name} ({_pct(float(share), lang)})"
                            for name, share in zip(found["theme"], found["share"], strict=True)
                        )
                    },
                )
            )
        )
    nps = result.nps.dropna(subset=["nps", "others_nps"])
    if not nps.empty:
        worst = nps.sort_values("diff", kind="stable").iloc[0]
        if worst["high"] < worst["others_nps"]:
            out.append(
                Finding(
                    *both(
                        "Customers who write about {theme} give an NPS of {nps} (95 % CI {low} "
                        "… {high}) against {others} of the others.",
                        lambda lang: {
                            "theme": _label(str(worst["theme"]), lang),
                            "nps": _signed(float(worst["nps"]), lang),
                            "low": _signed(float(worst["low"]), lang),
                            "high": _signed(float(worst["high"]), lang),
                            "others": _signed(float(worst["others_nps"]), lang),
                        },
                    ),
                    "warning",
                )
            )
    rep = result.repurchase.dropna(subset=["diff"])
    for row in rep[(rep["high"] < 0)].to_dict("records"):
        out.append(
            Finding(
                *both(
                    "Of the customers who wrote about {theme}, {rate} bought again within a "
                    "year, against {others} of those who wrote about other things ({diff} "
                    "points, 95 % CI {low} … {high}; unadjusted).",
                    partial(_repurchase_values, row),
                ),
                "warning",
            )
        )
    if result.last_surge is not None:
        out.append(_surge_finding(result.last_surge))
    out.append(
        Finding(
            *both(
                "A text names a theme when one of its keywords occurs (a text may name several). "
                "Repurchase: an order within 365 days after the customer's first text on the "
                "theme, against customers who wrote only about other things; a plain "
                "comparison, not the effect of the theme."
            )
        )
    )
    return out


def themes_section(ws: Store) -> Section:
    """Themes of survey comments, complaint texts and mentions (share, trend, NPS,
    repurchase), sentiment per platform and negative mentions against their seasonal range."""
    result = text_themes(ws)
    return Section(
        "themes",
        *both("Themes and sentiment"),
        _tables(result),
        _findings(result),
        {
            "texts": result.texts,
            "sample": result.sample,
            "incomplete": result.incomplete,
            "confidence": 0.95,
            "horizon_days": 365,
        },
    )


def theme_alerts(ws: Store) -> list[dict[str, Any]]:
    """The alerts' source (:mod:`bindung.report.alerts`): negative mentions of the last
    complete month above their seasonal range."""
    _, surge = negative_surge(ws)
    if surge is None or not surge.alert:
        return []
    return [
        {
            "key": "negative_mentions_surge",
            "value": surge.value,
            "threshold": surge.high,
            "period": surge.period,
            "customer_ids": surge.customer_ids,
            "expected": surge.expected,
        }
    ]
