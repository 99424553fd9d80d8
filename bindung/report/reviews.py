"""The reviews section (``bindung reviews``): numbers from :mod:`bindung.insights.reviews`,
labelled and put into plain words.  No number is computed here."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from bindung.i18n import N_, both, tr
from bindung.insights.reviews import (
    ALL,
    BANDS,
    ReviewerComparison,
    ReviewError,
    rating_trend,
    review_counts,
    reviewer_retention,
)
from bindung.report import format as fmt
from bindung.report.tables import Column, Finding, Section, Table

if TYPE_CHECKING:
    from bindung.store.protocol import Store

METHOD_LABELS = (
    ("raw", *both("all customers, unadjusted")),
    ("history", *both("weighted on purchase history")),
)
OUTCOME_LABELS = (
    ("repurchase", *both("bought again (share %)")),
    ("orders", *both("orders per customer")),
)


def _band_label(band: str) -> tuple[str, str, str]:
    return (band, *both("first review {band} stars", lambda _: {"band": band}))


GROUP_LABELS = (("", *both("all reviewers")), *(_band_label(band) for band in BANDS))
DEFINITION = N_(
    "Reviewers: customers whose first review (linked by customer id, order number or e-mail) "
    "came before {start}; bought again: an order from {start} to {end}. Weighted: customers "
    "without a review, weighted to the reviewers' purchase history at {start} (orders, "
    "recency, time as a customer, spend, acquisition channel)."
)
NOTHING = N_(
    "No reviews imported. Import the review export of your review platform (Trusted Shops, "
    "Google Business Profile, Trustpilot: `bindung import reviews FILE`); with the reviewer's "
    "e-mail or order number the reviews are linked to customers."
)


def _signed(v: float, lang: str, unit: str = "") -> str:
    sign = "+" if v > 0 else ("±" if v == 0 else "−")
    return f"{sign}{fmt.number(abs(v), lang, 1)}{unit}"


def _trend_table(trend: pd.DataFrame, period: str) -> Table:
    return Table(
        "trend",
        *both(
            "Ratings per {period}",
            lambda lang: {
                "period": tr(lang, "month") if period == "month" else tr(lang, "quarter")
            },
        ),
        [
            Column("platform", *both("platform"), labels=((ALL, *both("all platforms")),)),
            Column("period", *both("period")),
            Column("reviews", *both("reviews"), "count"),
            Column("mean", *both("mean rating"), "score"),
            Column("low", *both("CI from"), "score"),
            Column("high", *both("CI to"), "score"),
            Column("low_share", *both("1–2 stars %"), "percent"),
            Column("high_share", *both("4–5 stars %"), "percent"),
        ],
        trend,
    )


def _comparison_frame(result: ReviewerComparison | None) -> pd.DataFrame:
    rows = [
        {
            "group": e.platform or "",
            "outcome": e.outcome,
            "method": e.method,
            "reviewers": e.fans,
            "others": e.others,
            "reviewers_value": e.fans_value,
            "others_value": e.others_value,
            "effect": e.value,
            "low": e.low,
            "high": e.high,
        }
        for e in (result.estimates if result else [])
    ]
    columns = ["group", "outcome", "method", "reviewers", "others", "reviewers_value"]
    columns += ["others_value", "effect", "low", "high"]
    return pd.DataFrame(rows, columns=columns)


def _comparison_table(result: ReviewerComparison | None) -> Table:
    return Table(
        "reviewers",
        *both("Reviewers against customers without a review"),
        [
            Column("group", *both("reviewers"), labels=GROUP_LABELS),
            Column("outcome", *both("outcome"), labels=OUTCOME_LABELS),
            Column("method", *both("compared"), labels=METHOD_LABELS),
            Column("reviewers", *both("reviewers"), "count"),
            Column("others", *both("without review"), "count"),
            Column("reviewers_value", *both("reviewers' value"), "score"),
            Column("others_value", *both("comparison's value"), "score"),
            Column("effect", *both("difference (points or %)"), "points"),
            Column("low", *both("CI from"), "points"),
            Column("high", *both("CI to"), "points"),
        ],
        _comparison_frame(result),
    )


def _findings(trend: pd.DataFrame, result: ReviewerComparison | None, why: str) -> list[Finding]:
    out: list[Finding] = []
    several = (trend["platform"] == ALL).any()
    overall = trend[trend["platform"] == ALL] if several else trend
    if len(overall) >= 1:
        last = overall.iloc[-1]
        out.append(
            Finding(
                *both(
                    "{period}: {n} reviews, mean rating {mean} of 5; {high} with 4–5 stars, "
                    "{low} with 1–2.",
                    lambda lang: {
                        "period": last["period"],
                        "n": fmt.number(last["reviews"], lang),
                        "mean": fmt.number(last["mean"], lang, 2),
                        "high": fmt.number(last["high_share"], lang, 1) + "\u00a0%",
                        "low": fmt.number(last["low_share"], lang, 1) + "\u00a0%",
                    },
                )
            )
        )
    if len(overall) >= 2:
        prev, last = overall.iloc[-2], overall.iloc[-1]
        apart = (last["low"] > prev["high"]) or (last["high"] < prev["low"])
        if apart:
            better = last["mean"] > prev["mean"]
            out.append(
                Finding(
                    *both(
                        "The mean rating moved from {before} ({p0}) to {now} ({p1}); the 95 % "
                        "intervals do not overlap.",
                        lambda lang: {
                            "before": fmt.number(prev["mean"], lang, 2),
                            "now": fmt.number(last["mean"], lang, 2),
                            "p0": prev["period"],
                            "p1": last["period"],
                        },
                    ),
                    "good" if better else "warning",
                )
            )
    if result is None:
        if why:
            out.append(
                Finding(
                    *both(
                        "Reviewers cannot be compared with other customers: {why}",
                        lambda _: {"why": why},
                    )
                )
            )
        return out
    main = next(
        (
            e
            for e in result.estimates
            if e.outcome == "repurchase" and e.method == "history" and not e.platform
        ),
        None,
    )
    raw = next(
        (e for e in result.estimates if e.outcome == "repurchase" and e.method == "raw"), None
    )
    if main is not None:
        clear = main.low > 0 or main.high < 0
        text = N_(
            "{reviewers} of the reviewers bought again from {start} to {end}, against "
            "{others} of customers without a review and the same purchase history "
            "({diff} points, 95 % CI {low} … {high}); unadjusted {raw} points."
        )
        values = {
            "start": result.window_start,
            "end": result.window_end,
        }
        out.append(
            Finding(
                *both(
                    text,
                    lambda lang: {
                        **values,
                        "reviewers": fmt.number(main.fans_value, lang, 1) + "\u00a0%",
                        "others": fmt.number(main.others_value, lang, 1) + "\u00a0%",
                        "diff": _signed(main.value, lang),
                        "low": _signed(main.low, lang),
                        "high": _signed(main.high, lang),
                        "raw": _signed(raw.value, lang) if raw is not None else "–",
                    },
                ),
                "good" if clear and main.value > 0 else "info",
            )
        )
        if not clear:
            out.append(Finding(*both("The difference cannot be told apart from zero."), "info"))
    elif raw is not None:
        why_not = result.skipped_bands.get("", "")
        out.append(
            Finding(
                *both(
                    "Unadjusted, {reviewers} of the reviewers bought again from {start} to "
                    "{end}, against {others} of customers without a review ({diff} points); "
                    "weighting on purchase history was not possible ({why}), so the "
                    "difference mixes reviewing with buying more often.",
                    lambda lang: {
                        "reviewers": fmt.number(raw.fans_value, lang, 1) + "\u00a0%",
                        "others": fmt.number(raw.others_value, lang, 1) + "\u00a0%",
                        "diff": _signed(raw.value, lang),
                        "start": result.window_start,
                        "end": result.window_end,
                        "why": why_not,
                    },
                ),
                "warning",
            )
        )
    out.append(
        Finding(
            *both(
                DEFINITION,
                lambda _: {"start": result.window_start, "end": result.window_end},
            )
        )
    )
    return out


def reviews_section(ws: Store, *, period: str = "month", horizon: int = 12) -> Section:
    """Rating trend per platform and period; reviewers against non-reviewers (raw and
    weighted on history, by rating band)."""
    total, linked = review_counts(ws)
    trend = rating_trend(ws, period)
    meta: dict[str, object] = {
        "period": period,
        "horizon": horizon,
        "reviews": total,
        "linked_reviews": linked,
        "confidence": 0.95,
    }
    if total == 0:
        return Section(
            "reviews",
            *both("Reviews"),
            [_trend_table(trend, period), _comparison_table(None)],
            [Finding(*both(NOTHING), "info")],
            meta,
        )
    result: ReviewerComparison | None = None
    why = ""
    try:
        result = reviewer_retention(ws, horizon=horizon)
    except ReviewError as exc:
        why = str(exc)
    if result is not None:
        meta.update(
            window_start=result.window_start,
            window_end=result.window_end,
            reviewers=result.reviewers,
            reviewers_in_window=result.in_window,
            cohort=result.cohort,
            skipped=result.skipped_bands,
        )
    return Section(
        "reviews",
        *both("Reviews"),
        [_trend_table(trend, period), _comparison_table(result)],
        _findings(trend, result, why),
        meta,
    )
