"""The content section (``bindung content``): numbers from :mod:`bindung.insights.content`,
labelled and put into plain words.  No number is computed here."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

import pandas as pd

from bindung.i18n import N_, benchmark, both
from bindung.insights.content import RHYTHM_BANDS, ContentResult, content_formats
from bindung.report import format as fmt
from bindung.report.tables import Column, Finding, Level, Section, Table

if TYPE_CHECKING:
    from bindung.store.protocol import Store

#: SMER-B benchmarks of source 000: below 1 % weak, above 3.5 % strong.
WEAK, STRONG = 1.0, 3.5
DEFINITION = N_(
    "Reach: existing customers who interacted with posts of the format, as a share of the "
    "customers with a linked account on the platform and of the {active} active customers. "
    "SMER-B per format: interactions by existing customers / existing customers reached / "
    "posts × 100. Bought again: an order from {start} to {end}, customers who engaged with the "
    "format before {start} against customers never engaged on social media, weighted to the "
    "same purchase history."
)


def _signed(v: float, lang: str) -> str:
    sign = "+" if v > 0 else ("±" if v == 0 else "−")
    return f"{sign}{fmt.number(abs(v), lang, 1)}"


def _formats_table(frame: pd.DataFrame) -> Table:
    columns = [
        Column("platform", *both("platform")),
        Column("kind", *both("format")),
        Column("posts", *both("posts"), "count"),
        Column("reach", *both("customers reached"), "count"),
        Column("reach_linked", *both("of linked customers %"), "percent"),
        Column("reach_active", *both("of active customers %"), "percent"),
        Column("customer_interactions", *both("interactions by customers"), "count"),
        Column("smer_b", *both("SMER-B %"), "percent"),
        Column("engaged", *both("engaged customers compared"), "count"),
        Column("engaged_value", *both("engaged: bought again %"), "percent"),
        Column("others_value", *both("comparable: bought again %"), "percent"),
        Column("effect", *both("difference (points)"), "points"),
        Column("low", *both("CI from"), "points"),
        Column("high", *both("CI to"), "points"),
    ]
    keep = [c.key for c in columns]
    frame = frame.reindex(columns=keep)
    return Table("formats", *both("Post formats: reach, SMER-B and buying again"), columns, frame)


def _rhythm_table(frame: pd.DataFrame) -> Table:
    return Table(
        "rhythm",
        *both("Posting rhythm: posts per week against customer interactions per post"),
        [
            Column("platform", *both("platform")),
            Column("band", *both("posts per week")),
            Column("weeks", *both("weeks"), "count"),
            Column("posts", *both("posts"), "count"),
            Column("customer_interactions", *both("interactions by customers"), "count"),
            Column("per_post", *both("per post"), "score"),
            Column("low", *both("CI from"), "score"),
            Column("high", *both("CI to"), "score"),
            Column("smer_b", *both("SMER-B % (mean of the weeks)"), "percent"),
        ],
        frame,
    )


def _best_values(
    best: Mapping[Hashable, Any], worst: Mapping[Hashable, Any], lang: str
) -> dict[str, object]:
    return {
        "platform": best["platform"],
        "best": best["kind"],
        "worst": worst["kind"],
        "high": fmt.number(best["smer_b"], lang, 2) + "\u00a0%",
        "low": fmt.number(worst["smer_b"], lang, 2) + "\u00a0%",
        "benchmark": benchmark("000", lang),
        "weak": fmt.number(WEAK, lang, 1) + "\u00a0%",
        "strong": fmt.number(STRONG, lang, 1) + "\u00a0%",
    }


def _effect_values(row: Mapping[Hashable, Any], lang: str) -> dict[str, object]:
    return {
        "platform": row["platform"],
        "kind": row["kind"],
        "diff": _signed(row["effect"], lang),
        "low": _signed(row["low"], lang),
        "high": _signed(row["high"], lang),
    }


BEST = N_(
    "{platform}: {best} engages existing customers most (SMER-B {high}), {worst} least "
    "({low}); SMER-B, {benchmark}: below {weak} weak, above {strong} strong."
)
EFFECT = N_(
    "Customers who engaged with {platform} {kind} posts bought again {diff} points more often "
    "than comparable customers (95 % CI {low} … {high})."
)


def _findings(r: ContentResult) -> list[Finding]:
    out: list[Finding] = []
    f = r.formats
    for _, group in f.groupby("platform", sort=True):
        rated = group[group["smer_b"].notna()].sort_values("smer_b", kind="stable")
        if len(rated) >= 2:
            records = rated.to_dict("records")
            best, worst = records[-1], records[0]
            out.append(Finding(*both(BEST, partial(_best_values, best, worst))))
    if "effect" in f.columns:
        clear = f[(f["low"] > 0) | (f["high"] < 0)]
        for row in clear.to_dict("records"):
            level: Level = "good" if row["effect"] > 0 else "warning"
            out.append(Finding(*both(EFFECT, partial(_effect_values, row)), level))
        if clear.empty and f["effect"].notna().any():
            out.append(
                Finding(
                    *both(
                        "No format's engaged customers bought again measurably more or less "
                        "often than comparable customers (every 95 % interval includes zero)."
                    )
                )
            )
    out.append(
        Finding(
            *both(
                DEFINITION,
                lambda lang: {
                    "active": fmt.number(r.active_customers, lang),
                    "start": r.window_start or "–",
                    "end": r.window_end or "–",
                },
            )
        )
    )
    return out


def content_section(ws: Store, *, horizon: int = 12) -> Section:
    """Per platform and post format: posts, reach among existing customers, SMER-B and buying
    again against comparable customers; the posting rhythm per band of posts per week."""
    r = content_formats(ws, horizon=horizon)
    return Section(
        "content",
        *both("Content formats and posting rhythm"),
        [_formats_table(r.formats), _rhythm_table(r.rhythm)],
        _findings(r),
        {
            "horizon": horizon,
            "active_customers": r.active_customers,
            "window_start": r.window_start,
            "window_end": r.window_end,
            "skipped": r.skipped,
            "rhythm_bands": list(RHYTHM_BANDS),
            "smer_b_benchmarks": [WEAK, STRONG],
            "confidence": 0.95,
        },
    )
