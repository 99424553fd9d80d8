"""What customers write about: themes of survey comments, complaint texts and social media
mentions, with the NPS and the repurchase of the customers who name them; the sentiment of
mentions per platform and an alert when negative mentions rise beyond their seasonal range.

>>> result = text_themes(ws)                                              # doctest: +SKIP
>>> result.themes[["theme", "texts", "share"]]                            # doctest: +SKIP

**Texts.**  ``survey_responses.comment``, ``complaints.text`` and ``social_mentions.text``,
each a text when it holds more than white space.  A text's customer is its ``customer_id``;
a mention's is linked through ``identities`` as the social answers link it
(:func:`bindung.insights.social._linked`).  Times: ``responded_at``, ``opened_at``, ``at``.

**Listed themes** (:mod:`bindung.theme_list`: the defaults delivery, price, quality, service,
app and website, changed by ``[themes]`` in ``bindung.toml``): a text names a theme when one
of its keywords matches (case-insensitive, on word stems), one ``regexp_matches`` per theme
over all texts in the store.  A text may name several themes.

**Discovered themes** (scikit-learn): TF-IDF (sublinear term frequency, words of three or
more letters, German and English stop words of :mod:`bindung.insights.stopwords`) and
non-negative matrix factorisation (NMF, ``n`` = :data:`COMPONENTS` components, NNDSVDa start,
fixed ``random_state``) on a deterministic sample of at most :data:`SAMPLE` texts that name
no listed theme (ordered by a hash of the text and its time).  Each component is named by its
top words (weight at least :data:`TOP_SHARE` of the first, at most :data:`TOP_WORDS`, the most
frequent first); its words become keywords (``word*``) and it is counted over *all* texts like
a listed theme.  A component sharing a word with a heavier one (NMF splits a theme worded in
several ways) or with a share of all texts below :data:`MIN_SHARE` % is left out; the
``themes_discovered`` largest are kept.

**Per theme** (``k`` texts naming it, ``n`` texts):

* *share* = k / n × 100, overall and per source (survey, complaint, mention), and per
  calendar quarter (UTC) of the text;
* *NPS of the customers who name it*: the NPS (% promoters 9–10 − % detractors 0–6, with
  its 95 % interval, :func:`bindung.insights.satisfaction.nps_from_counts`) of all NPS
  answers of the customers with at least one text naming the theme, against the NPS answers
  of the customers whose texts never name it;
* *repurchase*: a customer who names the theme, from their first text naming it (``t₀``), a
  customer who wrote only about other things from their first text; *bought again* = an
  order in ``(t₀, t₀ + 365 days]``; only customers whose window has ended by the last order
  in the store take part.  Unadjusted: the difference of the two shares in points with
  Newcombe's 95 % interval (hybrid score, from the two Wilson intervals; Newcombe 1998).  Not
  a causal effect: a customer who writes about delivery may differ in other ways.

**Sentiment per platform**: mentions by ``sentiment`` (positive, neutral, negative; unknown
apart) per platform and quarter, in % of the mentions with a sentiment.

**Negative mentions beyond their seasonal range**: the number of negative mentions per
calendar month (UTC) against the seasonal baseline of the alert rules
(:func:`bindung.insights.watch.baseline`: the same month a year earlier times the growth of
the three months before, a prediction interval from the log errors of earlier months with
coverage ``alert_negative_mentions_level``).  The last complete month (the month of the last
mention is complete when that mention is on the month's last day) alerts when its count
lies above the interval.  Needs 21 months of mentions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import ibis
import numpy as np
import pandas as pd
from scipy import stats  # type: ignore[import-untyped]

from bindung.errors import BindungError
from bindung.store.temporary import materialise
from bindung.theme_list import Theme, theme_list

if TYPE_CHECKING:
    from bindung.store.protocol import Store

SOURCES = ("survey", "complaint", "mention")
SAMPLE = 20_000
COMPONENTS = 8
TOP_WORDS = 4
TOP_SHARE = 0.35
MIN_SHARE = 1.0
DISCOVERED = 3
HORIZON_DAYS = 365
CONFIDENCE = 0.95
SENTIMENTS = ("positive", "neutral", "negative")
#: Months of the surge table (the last complete ones).
SURGE_MONTHS = 12


class ThemeError(BindungError):
    """No text to read: no comments, complaint texts or mention texts in the store."""


@dataclass(frozen=True)
class Surge:
    """The last complete month's negative mentions against their seasonal range."""

    period: str
    value: float
    expected: float
    low: float
    high: float
    alert: bool
    customer_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ThemeResult:
    themes: pd.DataFrame  # theme, discovered, keywords, texts, share, share_<source>
    trend: pd.DataFrame  # quarter, theme, texts, share
    nps: pd.DataFrame  # theme, customers, responses, nps, low, high, others_*
    repurchase: pd.DataFrame  # theme, customers, rate, others, others_rate, diff, low, high
    texts: dict[str, int]  # texts per source and "all"
    sentiment: pd.DataFrame  # platform, quarter, mentions, positive, neutral, negative, unknown
    surge: pd.DataFrame  # period, value, expected, low, high, alert
    last_surge: Surge | None
    theme_list: list[Theme]
    sample: int  # texts the discovery was fitted on
    incomplete: int  # customers whose repurchase window has not ended


def _z() -> float:
    return float(stats.norm.ppf(0.5 + CONFIDENCE / 2))


def _texts(ws: Store) -> Any:
    """One row per text: source, customer, at, text."""
    from bindung.insights.social import _linked

    s = ws.table("survey_responses")
    c = ws.table("complaints")
    m = ws.table("social_mentions")
    parts = [
        s.select(
            source=ibis.literal("survey"),
            customer=s.customer_id.cast("string"),
            at=s.responded_at.cast("timestamp"),
            text=s.comment.cast("string"),
        )
    ]
    if "text" in c.columns:  # a store before migration 9 is read (read-only) as it is
        parts.append(
            c.select(
                source=ibis.literal("complaint"),
                customer=c.customer_id.cast("string"),
                at=c.opened_at.cast("timestamp"),
                text=c.text.cast("string"),
            )
        )
    if "text" in m.columns:
        rows = m.select(
            platform=m.platform.cast("string"),
            handle=m.author.cast("string"),
            direct=m.customer_id.cast("string"),
            at=m.at.cast("timestamp"),
            text=m.text.cast("string"),
        )
        linked = _linked(rows, ws.table("identities"))
        parts.append(
            linked.select(
                source=ibis.literal("mention"),
                customer=linked.customer,
                at=linked.at,
                text=linked.text,
            )
        )
    union = ibis.union(*parts)
    return union.filter(union.text.notnull() & (union.text.strip().length() > 0))


def _flags(texts: Any, themes: list[Theme]) -> Any:
    """``texts`` with one boolean column ``t<i>`` per theme (any keyword matches)."""
    low = texts.text.lower()
    return texts.mutate(**{f"t{i}": low.re_search(theme.pattern) for i, theme in enumerate(themes)})


def discover(
    sample: list[str], listed: list[Theme], *, components: int = COMPONENTS
) -> list[Theme]:
    """Themes found by TF-IDF + NMF in ``sample`` (texts naming no listed theme), each named by
    its top words; duplicates (the same top word) left out.  Deterministic."""
    from sklearn.decomposition import NMF  # type: ignore[import-untyped]
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]

    from bindung.insights.stopwords import stop_words

    if len(sample) < 20:
        return []
    vectoriser = TfidfVectorizer(
        lowercase=True,
        stop_words=stop_words(),
        token_pattern=r"(?u)\b[^\W\d_]{3,}\b",
        min_df=max(3, int(0.002 * len(sample))),
        max_df=0.5,
        sublinear_tf=True,
    )
    try:
        matrix = vectoriser.fit_transform(sample)
    except ValueError:  # no word left after the stop words
        return []
    words = vectoriser.get_feature_names_out()
    n = min(components, matrix.shape[1], matrix.shape[0])
    if n < 1:
        return []
    model = NMF(n_components=n, init="nndsvda", random_state=0, max_iter=500)
    model.fit(matrix)
    known = {k.strip("*").lower() for t in listed for k in t.keywords}
    df = np.asarray((matrix > 0).sum(axis=0)).ravel()  # texts of the sample with each word
    found: list[Theme] = []
    seen: set[str] = set()
    # components by their weight in the sample, the largest first
    weight = model.transform(matrix).sum(axis=0)
    for j in np.argsort(-weight, kind="stable"):
        row = model.components_[j]
        if row.max() <= 0:
            continue
        top = np.argsort(-row, kind="stable")[:TOP_WORDS]
        picked = [i for i in top if row[i] >= TOP_SHARE * row[top[0]]]
        picked = [i for i in picked if str(words[i]) not in known]
        chosen = [str(words[i]) for i in sorted(picked, key=lambda i: (-df[i], str(words[i])))]
        # a component sharing a word with an earlier one is a part of it (NMF splits a
        # theme whose texts are worded in several ways): the earlier one's words count them
        if not chosen or seen.intersection(chosen):
            continue
        seen.update(chosen)
        found.append(Theme(" · ".join(chosen), tuple(f"{w}*" for w in chosen), discovered=True))
    return found


def _sample(flagged: Any, listed: int, size: int = SAMPLE) -> list[str]:
    """At most ``size`` texts that name none of the first ``listed`` themes, chosen by a hash
    of the text and its time (the same data give the same sample)."""
    rows = flagged
    if listed:
        covered = ibis.or_(*[rows[f"t{i}"] for i in range(listed)])
        rows = rows.filter(~covered)
    key = (rows.text.concat(rows.at.cast("string").fill_null(""))).hash()
    picked = rows.mutate(_k=key).order_by(["_k", "text"]).limit(size)
    return [str(t) for t in picked.select("text").to_pandas()["text"]]


def _shares(flagged: Any, themes: list[Theme]) -> tuple[pd.DataFrame, dict[str, int]]:
    agg = flagged.group_by("source").aggregate(
        n=flagged.count(),
        **{f"k{i}": flagged[f"t{i}"].sum() for i in range(len(themes))},
    )
    per = agg.to_pandas().set_index("source").reindex(list(SOURCES)).fillna(0)
    counts = {s: int(per.loc[s, "n"]) for s in SOURCES}
    counts["all"] = sum(counts.values())
    rows = []
    for i, theme in enumerate(themes):
        k = per[f"k{i}"].astype("int64")
        row: dict[str, Any] = {
            "theme": theme.key,
            "discovered": theme.discovered,
            "keywords": ", ".join(theme.keywords),
            "texts": int(k.sum()),
            "share": 100.0 * k.sum() / counts["all"] if counts["all"] else math.nan,
        }
        for s in SOURCES:
            row[f"share_{s}"] = 100.0 * k[s] / counts[s] if counts[s] else math.nan
        rows.append(row)
    return pd.DataFrame(rows), counts


def _quarter(at: Any) -> Any:
    return at.year().cast("string") + "-Q" + ((at.month() - 1) // 3 + 1).cast("string")


def _trend(flagged: Any, themes: list[Theme]) -> pd.DataFrame:
    q = flagged.mutate(quarter=_quarter(flagged.at))
    agg = q.group_by("quarter").aggregate(
        n=q.count(), **{f"k{i}": q[f"t{i}"].sum() for i in range(len(themes))}
    )
    wide = agg.to_pandas().sort_values("quarter").reset_index(drop=True)
    out = []
    for i, theme in enumerate(themes):
        out.append(
            pd.DataFrame(
                {
                    "quarter": wide["quarter"].astype(str),
                    "theme": theme.key,
                    "texts": wide[f"k{i}"].astype("int64"),
                    "all_texts": wide["n"].astype("int64"),
                    "share": 100.0 * wide[f"k{i}"] / wide["n"],
                }
            )
        )
    cols = ["quarter", "theme", "texts", "all_texts", "share"]
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=cols)


def _customers(ws: Store, flagged: Any, themes: list[Theme]) -> tuple[pd.DataFrame, Any]:
    """Per customer with a text: first text, first text per theme, the NPS answers' classes
    and whether they bought in the 365 days after each of those times."""
    from bindung.insights.satisfaction import DETRACTOR_TO, PROMOTER_FROM

    f = flagged.filter(flagged.customer.notnull())
    per = materialise(
        f.group_by("customer").aggregate(
            first=f.at.min(), **{f"f{i}": f.at.min(where=f[f"t{i}"]) for i in range(len(themes))}
        )
    )
    o = ws.table("orders")
    o = o.select(customer=o.customer_id.cast("string"), ordered_at=o.ordered_at)
    latest = ws.table("orders").ordered_at.max().as_scalar()
    window = ibis.interval(days=HORIZON_DAYS)
    j = per.inner_join(o, "customer")

    def start(i: int) -> Any:
        return ibis.coalesce(j[f"f{i}"], j["first"])

    bought = j.group_by("customer").aggregate(
        **{
            f"b{i}": ((j.ordered_at > start(i)) & (j.ordered_at <= start(i) + window)).any()
            for i in range(len(themes))
        }
    )
    s = ws.table("survey_responses")
    s = s.filter((s.survey.lower() == "nps") & s.customer_id.notnull())
    s = s.select(customer=s.customer_id.cast("string"), score=s.score)
    nps = s.group_by("customer").aggregate(
        promoters=(s.score >= PROMOTER_FROM).sum(),
        detractors=(s.score <= DETRACTOR_TO).sum(),
        answers=s.count(),
    )
    out = per.left_join(bought, "customer").drop("customer_right")
    out = out.left_join(nps, "customer").drop("customer_right")
    frame = out.mutate(latest=latest).to_pandas()
    return frame, latest


def _nps_rows(frame: pd.DataFrame, themes: list[Theme]) -> pd.DataFrame:
    from bindung.insights.satisfaction import nps_from_counts

    answers = frame["answers"].fillna(0).astype("int64")
    promoters = frame["promoters"].fillna(0).astype("int64")
    detractors = frame["detractors"].fillna(0).astype("int64")
    rows = []
    for i, theme in enumerate(themes):
        names = frame[f"f{i}"].notna().to_numpy()
        row: dict[str, Any] = {"theme": theme.key}
        for prefix, mask in (("", names), ("others_", ~names)):
            n, p, d = (
                int(answers[mask].sum()),
                int(promoters[mask].sum()),
                int(detractors[mask].sum()),
            )
            r = nps_from_counts(p, n - p - d, d)
            row[prefix + "customers"] = int((mask & (answers > 0).to_numpy()).sum())
            row[prefix + "responses"] = n
            row[prefix + "nps"] = r.nps
            row[prefix + "low"] = r.low
            row[prefix + "high"] = r.high
        row["diff"] = row["nps"] - row["others_nps"]
        rows.append(row)
    return pd.DataFrame(rows)


def repurchase_difference(
    y1: int, n1: int, y0: int, n0: int
) -> tuple[float, float, float, float, float]:
    """Shares in % of two groups, their difference in points and Newcombe's 95 % interval of
    it (the hybrid score interval from two Wilson intervals, as the experiments use it: the
    normal interval collapses for a small group that all or none bought)."""
    from statsmodels.stats.proportion import (  # type: ignore[import-untyped]
        confint_proportions_2indep,
    )

    nan = math.nan
    if n1 == 0 or n0 == 0:
        p1 = 100.0 * y1 / n1 if n1 else nan
        p0 = 100.0 * y0 / n0 if n0 else nan
        return p1, p0, nan, nan, nan
    p1, p0 = y1 / n1, y0 / n0
    if y1 + y0 in (0, n1 + n0):  # both groups all or nothing alike: no interval
        return 100 * p1, 100 * p0, 100 * (p1 - p0), nan, nan
    low, high = confint_proportions_2indep(
        y1, n1, y0, n0, method="newcombe", compare="diff", alpha=1 - CONFIDENCE
    )
    return 100 * p1, 100 * p0, 100 * (p1 - p0), 100 * float(low), 100 * float(high)


def _repurchase_rows(frame: pd.DataFrame, themes: list[Theme]) -> tuple[pd.DataFrame, int]:
    latest = pd.Timestamp(frame["latest"].iloc[0]) if len(frame) else pd.NaT
    window = pd.Timedelta(days=HORIZON_DAYS)
    rows = []
    incomplete = 0
    for i, theme in enumerate(themes):
        names = frame[f"f{i}"].notna()
        start = frame[f"f{i}"].where(names, frame["first"])
        done = (
            (pd.to_datetime(start) + window <= latest).to_numpy()
            if pd.notna(latest)
            else (np.zeros(len(frame), dtype=bool))
        )
        bought = frame[f"b{i}"].fillna(False).astype(bool).to_numpy()
        mask = names.to_numpy()
        n1, n0 = int((mask & done).sum()), int((~mask & done).sum())
        y1, y0 = int((mask & done & bought).sum()), int((~mask & done & bought).sum())
        p1, p0, d, low, high = repurchase_difference(y1, n1, y0, n0)
        incomplete = max(incomplete, int((~done).sum()))
        rows.append(
            {
                "theme": theme.key,
                "customers": n1,
                "rate": p1,
                "others": n0,
                "others_rate": p0,
                "diff": d,
                "low": low,
                "high": high,
            }
        )
    return pd.DataFrame(rows), incomplete


def sentiment_table(ws: Store) -> pd.DataFrame:
    """Mentions per platform and quarter by sentiment, in % of those with a sentiment; the
    platform ``""`` holds all platforms together."""
    m = ws.table("social_mentions")
    m = m.mutate(
        quarter=_quarter(m.at),
        platform=m.platform.cast("string").lower(),
        s=m.sentiment.cast("string").lower(),
    )
    agg = m.group_by(["platform", "quarter"]).aggregate(
        mentions=m.count(), **{k: (m.s == k).sum() for k in SENTIMENTS}
    )
    frame = agg.to_pandas()
    if frame.empty:
        return pd.DataFrame(columns=["platform", "quarter", "mentions", *SENTIMENTS, "unknown"])
    total = frame.groupby("quarter", as_index=False)[["mentions", *SENTIMENTS]].sum()
    total["platform"] = ""
    frame = pd.concat([total, frame], ignore_index=True)
    known = frame[list(SENTIMENTS)].sum(axis=1)
    frame["unknown"] = (frame["mentions"] - known).astype("int64")
    for k in SENTIMENTS:
        frame[k] = np.where(known > 0, 100.0 * frame[k] / known.where(known > 0, 1), np.nan)
    frame = frame.sort_values(["platform", "quarter"], kind="stable").reset_index(drop=True)
    frame["mentions"] = frame["mentions"].astype("int64")
    out: pd.DataFrame = frame[["platform", "quarter", "mentions", *SENTIMENTS, "unknown"]]
    return out


def monthly_negatives(ws: Store) -> tuple[pd.DataFrame, pd.Timestamp | None]:
    """Negative mentions per calendar month (UTC), every month from the first mention to the
    last (zeros filled), and the time of the last mention."""
    m = ws.table("social_mentions")
    m = m.filter(m.at.notnull())
    month = m.at.truncate("M")
    agg = m.group_by(month=month).aggregate(
        negative=(m.sentiment.cast("string").lower() == "negative").sum(), last=m.at.max()
    )
    frame = agg.to_pandas()
    if frame.empty:
        return pd.DataFrame(columns=["period", "negative"]), None
    last = pd.Timestamp(frame["last"].max())
    months = pd.period_range(pd.Timestamp(frame["month"].min()), last, freq="M")
    counts = frame.assign(p=pd.to_datetime(frame["month"]).dt.to_period("M")).set_index("p")
    series = counts["negative"].reindex(months, fill_value=0).astype("float64")
    out = pd.DataFrame({"period": [str(p) for p in months], "negative": series.to_numpy()})
    return out, last


def surge_bands(
    series: pd.DataFrame, last: pd.Timestamp | None, level: float, months: int = SURGE_MONTHS
) -> tuple[pd.DataFrame, Surge | None]:
    """The seasonal range of the last ``months`` complete months of ``series`` (period,
    negative) and the check of the last complete one (module docstring)."""
    from bindung.insights.watch import baseline

    cols = ["period", "value", "expected", "low", "high", "alert"]
    if series.empty or last is None:
        return pd.DataFrame(columns=cols), None
    end_of_month = (last + pd.offsets.MonthEnd(0)).normalize()
    complete = len(series) if last.normalize() >= end_of_month else len(series) - 1
    values = series["negative"].to_numpy(np.float64)[:complete]
    rows = []
    for t in range(max(0, complete - months), complete):
        b = baseline(values, t, level)
        rows.append(
            {
                "period": series["period"].iloc[t],
                "value": values[t],
                "expected": b.expected if b else math.nan,
                "low": b.low if b else math.nan,
                "high": b.high if b else math.nan,
                "alert": bool(b is not None and values[t] > b.high),
            }
        )
    frame = pd.DataFrame(rows, columns=cols)
    if frame.empty or pd.isna(frame["high"].iloc[-1]):
        return frame, None
    r = frame.iloc[-1]
    check = Surge(
        str(r["period"]),
        float(r["value"]),
        float(r["expected"]),
        float(r["low"]),
        float(r["high"]),
        bool(r["alert"]),
    )
    return frame, check


def negative_surge(ws: Store, level: float | None = None) -> tuple[pd.DataFrame, Surge | None]:
    """The seasonal range of negative mentions and the last complete month's check, with the
    customers who wrote that month's negative mentions when it alerts."""
    from bindung.insights.social import _linked

    chosen = level if level is not None else ws.settings.alert_negative_mentions_level
    series, last = monthly_negatives(ws)
    frame, check = surge_bands(series, last, chosen)
    if check is None or not check.alert:
        return frame, check
    start = pd.Period(check.period, freq="M").to_timestamp()
    end = (pd.Period(check.period, freq="M") + 1).to_timestamp()
    m = ws.table("social_mentions")
    m = m.filter(
        (m.sentiment.cast("string").lower() == "negative")
        & (m.at >= start.to_pydatetime())
        & (m.at < end.to_pydatetime())
    )
    rows = m.select(
        platform=m.platform.cast("string"),
        handle=m.author.cast("string"),
        direct=m.customer_id.cast("string"),
    )
    linked = _linked(rows, ws.table("identities"))
    ids = linked.filter(linked.customer.notnull()).select("customer").distinct().to_pandas()
    customers = sorted(str(c) for c in ids["customer"])
    return frame, Surge(**{**check.__dict__, "customer_ids": customers})


def text_themes(ws: Store, *, discovered: int | None = None, sample: int = SAMPLE) -> ThemeResult:
    """Every listed and discovered theme with its share, trend, NPS and repurchase; the
    sentiment of mentions per platform and the negative mentions' seasonal range (module
    docstring)."""
    listed = theme_list(ws.settings.themes)
    keep = ws.settings.themes_discovered if discovered is None else discovered
    texts = materialise(_texts(ws))
    n_texts = int(texts.count().to_pandas())
    if n_texts == 0 and int(ws.table("social_mentions").count().to_pandas()) == 0:
        raise ThemeError(
            "no texts: import survey responses with comments, complaints or social media "
            "mentions with a text column (bindung import ...)"
        )
    flagged = materialise(_flags(texts, listed))
    found: list[Theme] = []
    fitted = 0
    if keep > 0 and n_texts:
        texts_sample = _sample(flagged, len(listed), sample)
        fitted = len(texts_sample)
        found = discover(texts_sample, listed)
    themes = listed + found
    if found:
        flagged = materialise(_flags(texts, themes))
    shares, counts = _shares(flagged, themes)
    # discovered themes: the `keep` largest with at least MIN_SHARE % of the texts
    share = shares["share"].to_numpy()
    found_ix = [i for i, t in enumerate(themes) if t.discovered and share[i] >= MIN_SHARE]
    found_ix = sorted(found_ix, key=lambda i: -share[i])[:keep]
    use = [i for i, t in enumerate(themes) if not t.discovered] + found_ix
    if use != list(range(len(themes))):
        themes = [themes[i] for i in use]
        flagged = materialise(
            flagged.select(
                "source", "customer", "at", "text",
                **{f"t{j}": flagged[f"t{i}"] for j, i in enumerate(use)},
            )
        )  # fmt: skip
        shares = shares.iloc[use].reset_index(drop=True)
    frame, _ = _customers(ws, flagged, themes)
    repurchase, incomplete = _repurchase_rows(frame, themes)
    surge, last = negative_surge(ws)
    return ThemeResult(
        themes=shares,
        trend=_trend(flagged, themes),
        nps=_nps_rows(frame, themes),
        repurchase=repurchase,
        texts=counts,
        sentiment=sentiment_table(ws),
        surge=surge,
        last_surge=last,
        theme_list=themes,
        sample=fitted,
        incomplete=incomplete,
    )
