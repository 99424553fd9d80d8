"""A seeded synthetic business for the demo and the tests: *Bohnenwerk*, an online coffee roaster.

``generate(folder)`` writes the exports a small shop really has into ``folder/exports/`` (a
German Excel order export, a customer list in XLSX, a survey tool's JSON lines, social media
exports, a budget sheet, ...) and ``ground_truth.json``, which states every effect planted in the
data.  ``build(folder)`` creates a workspace there and imports every export.  The same seed gives
byte-identical files.

Calendar: three years of history, 2023-11-01 to 2026-10-31, in Europe/Berlin wall-clock time
(the importer converts to UTC).  Orders, arrivals and other customer actions happen between 06:00
and 24:00; derived times (replies, interactions, renewals) may fall at night, but no time falls
into the 02:00-03:00 hour that daylight saving time skips or repeats.

Files (``FILES``): orders as a German Excel CSV (Windows-1252, ``;``, CRLF, ``dd.mm.yyyy HH:MM``,
``1.234,56``); customers as XLSX; returns and complaints as German CSV in UTF-8 with BOM; costs as
German CSV with ``dd.mm.yyyy`` dates; subscriptions, social posts, interactions, mentions,
identities, assignments and goals as English CSV with ISO times; surveys as JSON lines; the
loyalty programme as Parquet.  Social exports name handles, not customers: the identities file
links handles (and e-mail addresses, which the importer hashes) to customer numbers.  The order
lines (what each order held: :mod:`bindung.demo_lines`) are a WooCommerce line export in
English CSV, imported as orders after the rest (``LINE_IMPORTS``): the orders stay as the
orders export has them, their lines are added.

Processes
---------
*Customers* arrive over the three years (growing, with a Christmas peak) through six acquisition
channels, each with its own cost per customer.  Their first order is their arrival.

*Repeat purchases* follow a BG/NBD-like process in monthly steps: every customer has a purchase
rate ``lambda ~ Gamma(r, alpha)`` (orders per month) and a dropout probability
``p ~ Beta(a, b)``.  A living customer places ``Poisson(lambda * season * effects)`` orders a
month and drops out for good at the end of each month with probability ``p`` (dropout per month,
as in a discrete Pareto/NBD, rather than per purchase as in BG/NBD: with dropout per purchase
anything that makes customers buy more often would also make them drop out sooner, and a
planted "buys more often" effect would lower the share who buy again).

*Order values* follow the Gamma-Gamma model: every customer has a mean spend ``p_spend / nu``
with ``nu ~ Gamma(q_spend, gamma_spend)``, each order ``Gamma(p_spend, nu)`` (business customers
times ``business_spend``).

*Planted effects* multiply a customer's purchase rate from the month after the event on:

* social engagement (following and interacting with the brand's posts): ``fan_effect``;
* a complaint that was resolved / partly resolved / not resolved: ``complaint_*``;
* joining the loyalty programme (Treueprogramm): ``loyalty_effect``;
* customers who were referred (channel *Empfehlung*) buy ``referral_baseline`` times as often
  to begin with (a baseline difference, not caused by anything in the data);
* a first reply within ``REPLY_FAST_MINUTES`` (30) minutes to the customer's first message
  needing a reply (a complaint, or a social mention that needs a reply): ``reply_fast_effect``;
* buying in a second sales channel: ``multichannel_effect``.

*Reply speed*: the reply delays are decided where the messages are (before the monthly process
for the fans' mentions, ``_messages_and_channels``; inside it for complaints, one delay per
customer and month from a stream of its own), and the exports write exactly those delays.
Complaints are answered after a log-normal delay (median ``complaint_reply_median`` minutes,
business customers ``business_reply_factor`` times that: selection, as they also buy more
often), mentions faster (median 25 minutes for negative ones, 50 for the others).  Only the
first message counts: from the month after it (a complaint: from the second month after its
order, as it is opened up to ten days after that order) the customer buys ``reply_fast_effect``
times as often if it was answered within 30 minutes.

*Sales channels*: every customer has a home channel (marketplace customers the Marktplatz,
the others the Onlineshop, the App or the Ladengeschäft).  On each repeat order a
single-channel customer takes up a second channel with chance ``second_channel_chance``
(selection: who orders more often has more chances), places their first order of that month
there and ``second_channel_share`` of their later orders, and buys ``multichannel_effect``
times as often from the next month on.  (Newsletter orders, added after the monthly process,
stay in the home channel.)

*Selection*: customers with a higher purchase rate are more likely to become social media fans
(and to join the loyalty programme).  A raw comparison of fans and non-fans therefore shows a much
larger difference than the planted causal effect; ``ground_truth.json`` gives both, the causal
one computed from a counterfactual run of the same random numbers without the fan effect.
The same holds for the reply-speed effect (a run without it) and the multi-channel effect (a
run in which the customers who were multi-channel within their first half year take up the
second channel no earlier than its end): their ground truth is stated in the estimands of the
``replies`` and ``channels`` answers.

*Experiment* ``winback-2026``: on 2026-05-01 every lapsed customer (first order before
2025-05-01, no order since 2025-11-01) is randomised 50/50 into ``control`` and ``treatment``.
A treated customer who would not have bought in May-July 2026 anyway redeems the win-back coupon
with probability ``winback_conversion``; the resulting uplift of the repurchase rate is recorded
(from both potential outcomes of every assigned customer).

Subscriptions (Kaffee-Abo), returns, surveys (NPS, SMCSS, CSAT), social posts, interactions and
mentions, complaints, the loyalty programme, costs and goals complete the picture.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bindung import demo_lines
from bindung.ingest.load import ImportResult
from bindung.workspace import Workspace, init

Array = npt.NDArray[Any]

# ----------------------------------------------------------------------------- calendar

START = np.datetime64("2023-11-01T00:00", "m")  # local wall-clock time, Europe/Berlin
END = np.datetime64("2026-11-01T00:00", "m")  # exclusive
LAST = int((END - START).astype(np.int64)) - 1  # 2026-10-31 23:59, in minutes since START
MONTH_STARTS: Array = (
    np.arange("2023-11", "2026-12", dtype="datetime64[M]").astype("datetime64[m]") - START
).astype(np.int64)  # 37 boundaries: month m is [MONTH_STARTS[m], MONTH_STARTS[m + 1])
MONTHS = len(MONTH_STARTS) - 1
DAY = 1440


def _month_index(text: str) -> int:
    """Index of the month ``'2026-05'`` on the calendar (0 = 2023-11)."""
    return int((np.datetime64(text, "M") - np.datetime64("2023-11", "M")).astype(np.int64))


def _minutes(text: str) -> int:
    """Minutes since START of the local time ``'2026-05-01T09:00'``."""
    return int((np.datetime64(text, "m") - START).astype(np.int64))


LOYALTY_LAUNCH = _month_index("2024-03")
TIKTOK_LAUNCH = _minutes("2024-06-01T00:00")
VIP_LAUNCH = _month_index("2025-03")
EXPERIMENT = "winback-2026"
AB_ASSIGNED = _minutes("2026-05-01T09:00")
AB_FIRST_MONTH = _month_index("2026-05")
AB_MONTHS = 3  # May, June, July 2026
AB_LAPSED_SINCE = _month_index("2025-11")  # no order from here to the assignment
AB_FIRST_ORDER_BEFORE = _month_index("2025-05")
OUTCOME_MONTH = _month_index("2025-11")  # repurchase outcome window for the fan comparison
REPLY_FAST_MINUTES = 30  # a first reply within this many minutes triggers reply_fast_effect
# The channels answer's windows (bindung.insights.channels): status in the first half year
# after the first order, outcome in the year after that.
CHANNEL_STATUS_DAYS = 182
CHANNEL_HORIZON_DAYS = 365
# The replies answer's outcome window after a customer's first message
REPLY_HORIZON_DAYS = 365
# Sales channels of orders: a customer's home channel (marketplace customers: Marktplatz),
# and the channels a second one is drawn from.
SALES_CHANNELS = ("Onlineshop", "App", "Ladengeschäft", "Marktplatz")
HOME_SHARE = (0.70, 0.22, 0.08, 0.0)
SECOND_SHARE = (0.45, 0.30, 0.10, 0.15)
# The monthly newsletter with a 10 % random holdout: sent on the 10th at 10:00, January to
# April and August to September 2026 (it pauses while the win-back test runs, May to July,
# so that the test's outcome stays as planted); an order counts for it in the 30 days after
# sending.
NEWSLETTER_SENDS = tuple(_minutes(f"2026-{m:02d}-10T10:00") for m in (1, 2, 3, 4, 8, 9))
NEWSLETTER_WINDOW_DAYS = 30
NEWSLETTER_HOLDOUT = 0.10
NEWSLETTER_LATEST_ORDER_DAYS = 20  # a newsletter order falls within this many days of sending

# Calendar month (1..12) -> purchase-rate multiplier.
SEASON_BY_MONTH = {
    1: 0.85,
    2: 0.9,
    3: 1.0,
    4: 1.0,
    5: 1.0,
    6: 0.95,
    7: 0.9,
    8: 0.9,
    9: 1.0,
    10: 1.05,
    11: 1.25,
    12: 1.45,
}
SEASON: Array = np.array([SEASON_BY_MONTH[(10 + m) % 12 + 1] for m in range(MONTHS)])

# Acquisition channel -> (share of new customers, purchase-rate multiplier, mean cost per
# customer in EUR, cost programme).
CHANNELS: dict[str, tuple[float, float, float, str]] = {
    "Suchmaschine": (0.26, 1.00, 9.0, "SEO-Agentur"),
    "Google Ads": (0.22, 0.90, 38.0, "Google Ads"),
    "Instagram": (0.16, 1.00, 27.0, "Instagram Ads"),
    "Newsletter": (0.10, 1.15, 6.0, "Newsletter-Gutschein"),
    "Empfehlung": (0.10, 1.00, 15.0, "Empfehlungsprämie"),
    "Marktplatz": (0.16, 0.70, 11.0, "Marktplatzprovision"),
}
CHANNEL_NAMES = tuple(CHANNELS)
REFERRAL = CHANNEL_NAMES.index("Empfehlung")
MARKETPLACE = CHANNEL_NAMES.index("Marktplatz")

PLATFORMS = ("instagram", "facebook", "tiktok")
PLATFORM_SHARE = (0.60, 0.25, 0.15)
POSTS_PER_DAY = (0.8, 0.45, 0.3)
POST_KINDS = {
    "instagram": ("photo", "reel", "carousel", "story"),
    "facebook": ("photo", "link", "video"),
    "tiktok": ("video",),
}
INTERACTION_KINDS = ("like", "comment", "share", "save", "click")
INTERACTION_SHARE = (0.60, 0.12, 0.08, 0.10, 0.10)

WELCOME_POINTS = 100  # loyalty points for joining the Treueprogramm
PLANS = (("Abo S", 1990), ("Abo M", 2990), ("Abo L", 4490))  # (plan, MRR in cents)

# Complaint outcome index -> (German export word, stored value)
OUTCOMES = (
    ("gelöst", "resolved"),
    ("teilweise gelöst", "partly_resolved"),
    ("ungelöst", "unresolved"),
    ("offen", "open"),
)

# The order in which `build` imports the files (references first).
IMPORT_ORDER = (
    "customers",
    "orders",
    "returns",
    "subscriptions",
    "survey_responses",
    "social_posts",
    "social_interactions",
    "social_mentions",
    "identities",
    "complaints",
    "costs",
    "loyalty_events",
    "assignments",
    "campaigns",
    "campaign_recipients",
    "goals",
    "reviews",
)

FILES = {
    "customers": "kunden.xlsx",
    "orders": "bestellungen.csv",
    "returns": "retouren.csv",
    "subscriptions": "subscriptions.csv",
    "survey_responses": "survey_responses.jsonl",
    "social_posts": "social_posts.csv",
    "social_interactions": "social_interactions.csv",
    "social_mentions": "social_mentions.csv",
    "identities": "identities.csv",
    "complaints": "beschwerden.csv",
    "costs": "kosten.csv",
    "loyalty_events": "treueprogramm.parquet",
    "assignments": "assignments.csv",
    "campaigns": "kampagnen.csv",
    "campaign_recipients": "kampagnenbericht.csv",
    "goals": "goals.csv",
    "reviews": "trustedshops_bewertungen.csv",
    "order_lines": "bestellpositionen.csv",
}
#: Files imported into another table than their name: the order lines are a line-item export
#: of the same orders (WooCommerce, one row per product), imported as orders after the rest.
LINE_IMPORTS = {"order_lines": "orders"}
GROUND_TRUTH = "ground_truth.json"
#: Reviews (Trusted Shops): chance of a review after an order, and its rise per unit of
#: |satisfaction| / 1.2 (one standard deviation).
REVIEW_BASE, REVIEW_EXTREME = 0.04, 0.04
REVIEW_TITLES = {
    1: ("Enttäuscht", "Nie wieder", "Leider schlecht"),
    2: ("Geht besser", "Nicht überzeugt", "Mäßig"),
    3: ("Ganz okay", "In Ordnung", "Mittelmaß"),
    4: ("Guter Kaffee", "Empfehlenswert", "Schnell geliefert"),
    5: ("Hervorragend!", "Bester Kaffee", "Immer wieder gern"),
}
REVIEW_TEXTS = {
    1: "Bohnen kamen beschädigt an, der Kundenservice hat nicht geantwortet.",
    2: "Der Kaffee war zu bitter und die Lieferung hat lange gedauert.",
    3: "Solider Kaffee, Lieferung etwas langsam.",
    4: "Guter Kaffee, schnelle Lieferung, gerne wieder.",
    5: "Frisch geröstet, tolles Aroma und super schnell da.",
}
REVIEW_REPLIES = (
    "Das tut uns leid! Bitte melden Sie sich bei unserem Kundenservice, wir finden eine Lösung.",
    "Vielen Dank für Ihre Bewertung!",
)

FIRST_NAMES = (
    "anna",
    "lena",
    "marie",
    "sophie",
    "laura",
    "julia",
    "lea",
    "hannah",
    "emma",
    "mia",
    "lukas",
    "leon",
    "felix",
    "jonas",
    "paul",
    "max",
    "tim",
    "niklas",
    "jan",
    "david",
    "sarah",
    "lisa",
    "katrin",
    "sabine",
    "thomas",
    "michael",
    "stefan",
    "andreas",
    "petra",
    "claudia",
)
LAST_NAMES = (
    "mueller",
    "schmidt",
    "schneider",
    "fischer",
    "weber",
    "meyer",
    "wagner",
    "becker",
    "schulz",
    "hoffmann",
    "koch",
    "richter",
    "klein",
    "wolf",
    "neumann",
    "schwarz",
    "braun",
    "zimmermann",
    "krueger",
    "hartmann",
    "lange",
    "werner",
    "krause",
    "lehmann",
    "koenig",
    "huber",
    "kaiser",
    "fuchs",
    "peters",
    "jung",
)
NPS_COMMENTS = {
    "low": (
        "Lieferung kam zu spät.",
        "Kaffee war leider nicht frisch.",
        "Kundenservice schwer erreichbar.",
        "Zu teuer für die Menge.",
    ),
    "mid": (
        "Ganz okay.",
        "Guter Kaffee, Versand könnte schneller sein.",
        "Verpackung etwas aufwendig.",
    ),
    "high": (
        "Super Kaffee, immer wieder gern!",
        "Schnelle Lieferung, tolle Röstung.",
        "Das Abo ist großartig.",
        "Beste Bohnen, die ich kenne.",
    ),
}


@dataclass(frozen=True)
class Params:
    """Parameters of the generator (time unit: one month; money in EUR)."""

    # BG/NBD-like purchase process: lambda ~ Gamma(shape r, rate alpha), p ~ Beta(a, b)
    r: float = 0.9
    alpha: float = 2.1
    a: float = 1.2
    b: float = 14.0
    # Gamma-Gamma spend: order value ~ Gamma(p_spend, nu), nu ~ Gamma(q_spend, gamma_spend)
    p_spend: float = 6.0
    q_spend: float = 4.0
    gamma_spend: float = 24.0
    business_spend: float = 3.0  # business customers' order values are this many times larger
    business_rate: float = 1.3
    business_share: float = 0.08
    # planted effects (multipliers of the purchase rate from the month after the event on)
    fan_effect: float = 1.20
    complaint_resolved: float = 1.15
    complaint_partly: float = 1.00
    complaint_unresolved: float = 0.60
    loyalty_effect: float = 1.10
    #: a customer whose first message needing a reply (a complaint, or a social mention that
    #: needs a reply) was answered within :data:`REPLY_FAST_MINUTES` minutes buys this many
    #: times as often from the month after the message on
    reply_fast_effect: float = 1.30
    #: a customer who has bought in a second sales channel buys this many times as often from
    #: the month after their first order there on
    multichannel_effect: float = 1.25
    referral_baseline: float = 1.25
    winback_conversion: float = 0.10
    newsletter_conversion: float = 0.05  # a recipient who would not have bought, buys
    # selection into treatment-like states
    fan_share: float = 0.15  # about this share of customers become fans ...
    fan_selection: float = 1.0  # ... with log-odds rising by this per unit of log(lambda)
    loyalty_enrol: float = 0.06  # chance to enrol in a month with orders (at average lambda)
    loyalty_selection: float = 0.5  # ... times (lambda / mean lambda) ** this
    # other rates
    complaint_rate: float = 0.03  # chance of a complaint in a month with orders
    complaint_outcomes: tuple[float, float, float] = (0.62, 0.18, 0.20)
    #: median minutes to the first reply to a complaint (log-normal, sigma 1.2) ...
    complaint_reply_median: float = 120.0
    #: ... times this for business customers (selection: their tickets are answered first)
    business_reply_factor: float = 0.35
    #: a single-channel customer starts buying in a second sales channel on each repeat order
    #: with this chance (selection: who orders more often has more chances)
    second_channel_chance: float = 0.10
    #: share of a multi-channel customer's later orders placed in the second channel
    second_channel_share: float = 0.40
    return_rate: float = 0.09
    subscriber_share: float = 0.08
    survey_nps_rate: float = 0.07


# ----------------------------------------------------------------------------- public API


def generate(
    folder: Path | str, *, seed: int = 7, customers: int = 20_000, rate_scale: float = 1.0
) -> dict[str, Path]:
    """Write the demo business's export files to ``folder/exports/``; returns kind -> file.

    Also writes ``folder/exports/ground_truth.json`` with the planted effects.  Deterministic:
    the same ``seed``, ``customers`` and ``rate_scale`` give byte-identical files.

    ``rate_scale`` multiplies every customer's purchase rate (``alpha`` is divided by it, so
    the same random numbers are drawn): 1.0 gives about 5 orders per customer, 2.2 about 10
    (the benchmarks' larger businesses, ``bench/bench_answers.py``).
    """
    if customers < 100:
        raise ValueError(f"customers must be at least 100, got {customers}")
    if not rate_scale > 0:
        raise ValueError(f"rate_scale must be positive, got {rate_scale}")
    out = Path(folder) / "exports"
    out.mkdir(parents=True, exist_ok=True)
    params = Params() if rate_scale == 1.0 else replace(Params(), alpha=Params.alpha / rate_scale)
    business = _Business(seed, customers, params)
    paths = {kind: out / name for kind, name in FILES.items()}
    business.write(paths)
    truth = business.ground_truth()
    truth["products"] = business.lines.truth
    truth["counts"]["order_lines"] = len(business.lines.order)
    (out / GROUND_TRUTH).write_text(
        json.dumps(truth, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return paths


def build(
    folder: Path | str, *, seed: int = 7, customers: int = 20_000, rate_scale: float = 1.0
) -> tuple[Workspace, list[ImportResult]]:
    """Create a workspace in ``folder``, generate the demo exports and import them all
    (``rate_scale``: see :func:`generate`)."""
    ws = init(folder)
    paths = generate(folder, seed=seed, customers=customers, rate_scale=rate_scale)
    results = [ws.import_file(kind, paths[kind]) for kind in IMPORT_ORDER]
    results += [ws.import_file(table, paths[kind]) for kind, table in LINE_IMPORTS.items()]
    return ws, results


# ----------------------------------------------------------------------------- helpers


def _poisson_inv(u: Array, lam: Array, kmax: int = 30) -> Array:
    """Poisson(lam) draws by inverting the CDF at ``u`` (same u -> coupled draws)."""
    p = np.exp(-lam)
    cdf = p.copy()
    k = np.zeros(u.shape, dtype=np.int64)
    for j in range(1, kmax + 1):
        more = u > cdf
        if not more.any():
            break
        k += more
        p = p * lam / j
        cdf += p
    return k


def _time_of_day(rng: np.random.Generator, n: int) -> Array:
    """Minutes after midnight between 06:00 and 23:59, busier in the evening."""
    return (360 + np.floor(rng.beta(2.2, 1.6, n) * 1080)).astype(np.int64)


def _in_month(rng: np.random.Generator, months: Array) -> Array:
    """A random daytime minute within each month of ``months``."""
    length = (MONTH_STARTS[months + 1] - MONTH_STARTS[months]) // DAY
    day = np.floor(rng.random(len(months)) * length).astype(np.int64)
    return np.asarray(MONTH_STARTS[months] + day * DAY + _time_of_day(rng, len(months)))


def _daytime_between(rng: np.random.Generator, lo: Array, hi: Array) -> Array:
    """A random daytime minute on a day between the days of ``lo`` and ``hi`` (inclusive)."""
    lo_day, hi_day = lo // DAY, hi // DAY
    day = lo_day + np.floor(rng.random(len(lo)) * (hi_day - lo_day + 1)).astype(np.int64)
    return np.asarray(day * DAY + _time_of_day(rng, len(lo)))


def _awake(t: Array) -> Array:
    """Move times in the 02:00-02:59 hour (skipped or repeated on DST days) to 03:xx."""
    return np.where((t % DAY) // 60 == 2, t + 60, t)


def _delay(rng: np.random.Generator, median: float, sigma: float, n: int, cap: float) -> Array:
    """Log-normal delays in whole minutes (at least one)."""
    return np.maximum(1, np.minimum(cap, rng.lognormal(math.log(median), sigma, n))).astype(
        np.int64
    )


def _stamps(t: Array) -> Array:
    return START + np.asarray(t, dtype=np.int64).astype("timedelta64[m]")


def _iso(t: Array) -> list[str]:
    """``2026-05-01T09:00:00`` (local time); negative minutes mean missing -> ''."""
    t = np.asarray(t, dtype=np.int64)
    text = np.datetime_as_string(_stamps(np.maximum(t, 0)), unit="s")
    return [s if v >= 0 else "" for s, v in zip(text.tolist(), t.tolist(), strict=True)]


def _german(t: Array, *, time: bool = True) -> list[str]:
    """``01.05.2026 09:00`` or ``01.05.2026``; negative minutes mean missing -> ''."""
    t = np.asarray(t, dtype=np.int64)
    text = np.datetime_as_string(_stamps(np.maximum(t, 0)), unit="m").tolist()
    out = []
    for s, v in zip(text, t.tolist(), strict=True):
        if v < 0:
            out.append("")
        elif time:
            out.append(f"{s[8:10]}.{s[5:7]}.{s[0:4]} {s[11:16]}")
        else:
            out.append(f"{s[8:10]}.{s[5:7]}.{s[0:4]}")
    return out


def _money_de(cents: Iterable[int]) -> list[str]:
    """``1.234,56``: decimal comma and '.' thousands separators."""
    return [f"{c // 100:,}".replace(",", ".") + f",{c % 100:02d}" for c in cents]


def _money_en(cents: Iterable[int]) -> list[str]:
    return [f"{c // 100}.{c % 100:02d}" for c in cents]


def _write_csv(
    path: Path,
    header: Sequence[str],
    columns: Sequence[Sequence[object]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    crlf: bool = False,
) -> None:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n")
        writer.writerow(header)
        writer.writerows(zip(*columns, strict=True))


def _group_first(keys: Array) -> tuple[Array, Array]:
    """For sorted ``keys``: (unique keys, index of each key's first row)."""
    uniq, first = np.unique(keys, return_index=True)
    return uniq, first


def _handles(rng: np.random.Generator, n: int, offset: int) -> list[str]:
    """``anna.mueller1234``: unique (a distinct number per handle), no '@'."""
    first = rng.integers(0, len(FIRST_NAMES), n).tolist()
    last = rng.integers(0, len(LAST_NAMES), n).tolist()
    style = rng.integers(0, 3, n).tolist()
    numbers = (offset + rng.permutation(n) * 7 + 11).tolist()
    seps = (".", "_", "")
    return [
        f"{FIRST_NAMES[f]}{seps[s]}{LAST_NAMES[la]}{num}"
        for f, la, s, num in zip(first, last, style, numbers, strict=True)
    ]


def _deterministic_xlsx(data: bytes) -> bytes:
    """Re-pack an openpyxl workbook with fixed zip timestamps and document dates."""
    fixed = "2026-11-01T00:00:00Z"
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + fixed.encode() + rb"\g<3>",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=(2026, 11, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, content)
    return out.getvalue()


# ----------------------------------------------------------------------------- the business


@dataclass
class _Sim:
    """One run of the monthly purchase process."""

    counts: Array  # (customers, months) natural orders
    enrolled_month: Array  # month of joining the loyalty programme, -1 never
    complaint_customer: Array
    complaint_month: Array
    complaint_outcome: Array  # index into OUTCOMES (0..2)
    complaint_delay: Array  # minutes from opening to the first reply
    complaint_unanswered: Array  # never answered
    second_month: Array  # month of the first order in a second sales channel, -1 never
    reply_fast_from: Array  # first month with the fast-reply effect, NEVER_MONTH none


NEVER_MONTH = 10**6


class _Business:
    """All generated data of one seed; ``write`` puts it into files."""

    def __init__(self, seed: int, n: int, params: Params) -> None:
        self.seed, self.n, self.p = seed, n, params
        self._customers()
        self._messages_and_channels()
        self.sim = self._simulate()
        self.counterfactual = self._simulate(fan_effect=False)
        self.cf_reply = self._simulate(reply_effect=False)
        self._orders()
        self._experiment()
        self._finish_orders()
        self._channel_counterfactual()
        self._returns()
        self._complaints()
        self._loyalty()
        self._subscriptions()
        self._social()
        self._surveys()
        self._costs()
        self._newsletter()
        self._texts()
        self._reviews()

    def rng(self, stream: int) -> np.random.Generator:
        return np.random.default_rng([self.seed, stream])

    # -- customers -----------------------------------------------------------------------
    def _customers(self) -> None:
        p, n, rng = self.p, self.n, self.rng(0)
        weights = np.array(
            [
                (1 + 0.6 * m / (MONTHS - 1)) * (1.3 if SEASON[m] > 1.2 else 1.0)
                for m in range(MONTHS)
            ]
        )
        months = np.sort(rng.choice(MONTHS, size=n, p=weights / weights.sum()))
        birth = np.sort(_in_month(rng, months))  # customer numbers follow the first order
        self.birth = birth
        self.birth_month = np.searchsorted(MONTH_STARTS, birth, side="right") - 1
        self.ids = np.array([str(100_001 + i) for i in range(n)])
        shares = np.array([c[0] for c in CHANNELS.values()])
        self.channel = rng.choice(len(CHANNELS), size=n, p=shares / shares.sum())
        self.business = rng.random(n) < p.business_share
        cac_mean = np.array([c[2] for c in CHANNELS.values()])[self.channel]
        self.cac_cents = np.round(cac_mean * rng.gamma(8.0, 1 / 8.0, n) * 100).astype(np.int64)
        self.country = rng.choice(np.array(["DE", "AT", "CH"]), size=n, p=[0.82, 0.10, 0.08])
        channel_rate = np.array([c[1] for c in CHANNELS.values()])[self.channel]
        base = rng.gamma(p.r, 1 / p.alpha, n)
        self.lam = (
            base
            * channel_rate
            * np.where(self.channel == REFERRAL, p.referral_baseline, 1.0)
            * np.where(self.business, p.business_rate, 1.0)
        )
        self.p_drop = rng.beta(p.a, p.b, n)
        self.nu = rng.gamma(p.q_spend, 1 / p.gamma_spend, n)
        self.satisfaction = rng.normal(0.0, 1.2, n)
        # Selection into fandom: higher purchase rate -> more likely to follow the brand.
        loglam = np.log(self.lam)
        logit = math.log(p.fan_share / (1 - p.fan_share)) + p.fan_selection * (
            loglam - loglam.mean()
        )
        self.fan_prob = 1 / (1 + np.exp(-logit))
        fan = rng.random(n) < self.fan_prob
        platform = rng.choice(len(PLATFORMS), size=n, p=PLATFORM_SHARE)
        start = birth + rng.exponential(60 * DAY, n).astype(np.int64)
        start = np.where(
            platform == PLATFORMS.index("tiktok"),
            np.maximum(start, TIKTOK_LAUNCH + rng.integers(0, 60 * DAY, n)),
            start,
        )
        start = _awake((start // DAY) * DAY + _time_of_day(rng, n))
        fan &= start <= LAST - 30 * DAY
        self.fan = fan
        self.fan_platform = platform
        self.fan_start = np.where(fan, start, -1)
        self.fan_month = np.where(fan, np.searchsorted(MONTH_STARTS, start, side="right") - 1, -1)
        self.enrol_prob = np.minimum(
            0.5, p.loyalty_enrol * (self.lam / self.lam.mean()) ** p.loyalty_selection
        )

    # -- the monthly purchase process ----------------------------------------------------
    def _messages_and_channels(self) -> None:
        """Drawn before the purchase process, from a stream of their own: the fans' social
        mentions (with their reply delays) and every customer's home sales channel and the
        second channel they would take up."""
        rng, n = self.rng(13), self.n
        fans = np.nonzero(self.fan)[0]
        months_left = (LAST - self.fan_start[fans]) / (DAY * 30.44)
        count = rng.poisson(0.08 * months_left)
        author = np.repeat(fans, count)
        k = len(author)
        at = _daytime_between(rng, self.fan_start[author], np.full(k, LAST - DAY))
        sentiment = rng.choice(3, size=k, p=[0.5, 0.3, 0.2])  # positive, neutral, negative
        needs = rng.random(k) < np.array([0.1, 0.4, 0.8])[sentiment]
        median = np.where(sentiment == 2, 25, 50)
        delay = np.maximum(1, np.minimum(7 * DAY, median * rng.lognormal(0, 1.3, k))).astype(
            np.int64
        )
        reply = _awake(at + delay)
        replied = (needs & (rng.random(k) < 0.92)) | (~needs & (rng.random(k) < 0.2))
        reply = np.where(replied & (reply <= LAST), reply, -1)
        resolved = _awake(reply + _delay(rng, 360, 1.2, k, 10 * DAY))
        resolved = np.where(
            needs & (reply >= 0) & (rng.random(k) < 0.85) & (resolved <= LAST), resolved, -1
        )
        srt = np.lexsort((author, at))
        self.cm_author, self.cm_time = author[srt], at[srt]
        self.cm_sentiment, self.cm_needs = sentiment[srt], needs[srt]
        self.cm_reply, self.cm_resolved = reply[srt], resolved[srt]
        # each customer's first mention that needs a reply: its month and whether the first
        # reply came within REPLY_FAST_MINUTES
        self.mention_month = np.full(n, NEVER_MONTH, dtype=np.int64)
        self.mention_fast = np.zeros(n, dtype=bool)
        need = np.nonzero(self.cm_needs)[0]
        first_cust, first = np.unique(self.cm_author[need], return_index=True)
        row = need[first]
        t = self.cm_time[row]
        self.mention_month[first_cust] = np.searchsorted(MONTH_STARTS, t, side="right") - 1
        r = self.cm_reply[row]
        self.mention_fast[first_cust] = (r >= 0) & (r - t <= REPLY_FAST_MINUTES)
        # sales channels: marketplace customers buy on the marketplace, the others in the
        # online shop, the app or the shop in town; a second channel is one of the others
        home = rng.choice(len(SALES_CHANNELS), size=n, p=HOME_SHARE)
        self.home_channel = np.where(
            self.channel == MARKETPLACE, SALES_CHANNELS.index("Marktplatz"), home
        )
        share = np.tile(np.array(SECOND_SHARE), (n, 1))
        share[np.arange(n), self.home_channel] = 0.0
        cum = np.cumsum(share / share.sum(axis=1, keepdims=True), axis=1)
        u = rng.random(n)
        self.second_channel = np.minimum((u[:, None] > cum).sum(axis=1), len(SALES_CHANNELS) - 1)

    # -- the monthly purchase process ----------------------------------------------------
    def _simulate(
        self,
        *,
        fan_effect: bool = True,
        reply_effect: bool = True,
        channel_effect: bool = True,
        second_not_before: Array | None = None,
    ) -> _Sim:
        """Monthly BG/NBD-like process with the planted effects; same random numbers per run.

        ``second_not_before``: per customer the first month in which a second sales channel
        may be taken up (for the channels' counterfactual); the random numbers stay the same.
        """
        p, n, rng = self.p, self.n, self.rng(1)
        # the reply delays of complaints and the take-up of a second channel: a stream of
        # their own each, numbers per customer and month in every run (coupled draws)
        rng_msg, rng_channel = self.rng(12), self.rng(15)
        counts = np.zeros((n, MONTHS), dtype=np.int64)
        alive = np.ones(n, dtype=bool)
        effect = np.ones(n)
        enrolled = np.full(n, -1, dtype=np.int64)
        second = np.full(n, -1, dtype=np.int64)
        fast_from = np.full(n, NEVER_MONTH, dtype=np.int64)
        messaged = np.zeros(n, dtype=bool)  # the first message needing a reply has come
        outcome_effect = np.array(
            [p.complaint_resolved, p.complaint_partly, p.complaint_unresolved]
        )
        outcome_cum = np.cumsum(p.complaint_outcomes)
        reply_median = p.complaint_reply_median * np.where(
            self.business, p.business_reply_factor, 1.0
        )
        c_cust: list[Array] = []
        c_month: list[Array] = []
        c_out: list[Array] = []
        c_delay: list[Array] = []
        c_silent: list[Array] = []
        for m in range(MONTHS):
            u_count, u_drop, u_comp, u_out, u_enrol = (rng.random(n) for _ in range(5))
            z_delay, u_silent = rng_msg.standard_normal(n), rng_msg.random(n)
            u_second = rng_channel.random(n)
            rate = self.lam * SEASON[m] * effect
            if fan_effect:
                rate = np.where(
                    (self.fan_month >= 0) & (self.fan_month < m), rate * p.fan_effect, rate
                )
            if reply_effect:
                rate = np.where(fast_from <= m, rate * p.reply_fast_effect, rate)
            if channel_effect:
                rate = np.where((second >= 0) & (second < m), rate * p.multichannel_effect, rate)
            k = _poisson_inv(u_count, rate)
            k[~alive | (self.birth_month >= m)] = 0
            k[self.birth_month == m] = 1
            counts[:, m] = k
            bought = k > 0
            complaint = bought & (u_comp < p.complaint_rate)
            outcome = np.minimum(np.searchsorted(outcome_cum, u_out[complaint]), 2)
            effect[complaint] *= outcome_effect[outcome]
            delay = np.maximum(
                1, np.minimum(14 * DAY, reply_median * np.exp(1.2 * z_delay))
            ).astype(np.int64)
            silent = u_silent < 0.05
            c_cust.append(np.nonzero(complaint)[0])
            c_month.append(np.full(int(complaint.sum()), m))
            c_out.append(outcome)
            c_delay.append(delay[complaint])
            c_silent.append(silent[complaint])
            # the first message needing a reply: a mention this month comes first (its time
            # is known), else a complaint (opened up to ten days after its order, perhaps in
            # the next month: its effect starts the month after that)
            mention = ~messaged & (self.mention_month == m)
            fast = mention & self.mention_fast
            fast_from[fast] = m + 1
            by_complaint = ~messaged & ~mention & complaint
            fast = by_complaint & ~silent & (delay <= REPLY_FAST_MINUTES)
            fast_from[fast] = m + 2
            messaged |= mention | by_complaint
            # a second sales channel, on a repeat order of a single-channel customer
            repeat = np.where(self.birth_month == m, 0, k)
            chance = 1 - (1 - p.second_channel_chance) ** repeat
            start = (second < 0) & (repeat > 0) & (u_second < chance)
            if second_not_before is not None:
                start &= m >= second_not_before
            second[start] = m
            if m >= LOYALTY_LAUNCH:
                enrol = bought & (enrolled < 0) & (u_enrol < self.enrol_prob)
                enrolled[enrol] = m
                effect[enrol] *= p.loyalty_effect
            alive &= ~((u_drop < self.p_drop) & (self.birth_month <= m))
        return _Sim(
            counts,
            enrolled,
            np.concatenate(c_cust),
            np.concatenate(c_month),
            np.concatenate(c_out),
            np.concatenate(c_delay),
            np.concatenate(c_silent),
            second,
            fast_from,
        )

    # -- orders --------------------------------------------------------------------------
    def _orders(self) -> None:
        """Expand monthly counts into orders: the first at arrival, the rest in their month."""
        rng = self.rng(2)
        counts = self.sim.counts.copy()
        counts[np.arange(self.n), self.birth_month] = 0
        cust, month = np.nonzero(counts)
        reps = counts[cust, month]
        cust, month = np.repeat(cust, reps), np.repeat(month, reps)
        self.o_cust = np.concatenate([np.arange(self.n), cust])
        self.o_time = np.concatenate([self.birth, _in_month(rng, month)])

    def _experiment(self) -> None:
        """The randomised win-back test; adds the coupon orders of converted treated customers."""
        p, rng, counts = self.p, self.rng(3), self.sim.counts
        window = slice(AB_FIRST_MONTH, AB_FIRST_MONTH + AB_MONTHS)
        eligible = (self.birth_month < AB_FIRST_ORDER_BEFORE) & (
            counts[:, AB_LAPSED_SINCE:AB_FIRST_MONTH].sum(axis=1) == 0
        )
        idx = np.nonzero(eligible)[0]
        treated = rng.random(len(idx)) < 0.5
        convert = rng.random(len(idx)) < p.winback_conversion
        y0 = counts[idx, window].sum(axis=1) > 0  # natural repurchase (both arms)
        y1 = y0 | convert  # with the coupon
        self.ab_customers = idx
        self.ab_treated = treated
        self.ab_y0, self.ab_y1 = y0, y1
        extra = idx[treated & convert & ~y0]
        lo = np.full(len(extra), AB_ASSIGNED + 60)
        hi = np.full(len(extra), MONTH_STARTS[AB_FIRST_MONTH + AB_MONTHS] - DAY)
        self.o_cust = np.concatenate([self.o_cust, extra])
        self.o_time = np.concatenate([self.o_time, _daytime_between(rng, lo, hi)])
        self.o_winback = np.concatenate(
            [np.zeros(len(self.o_cust) - len(extra), dtype=bool), np.ones(len(extra), dtype=bool)]
        )

    def _finish_orders(self) -> None:
        """Sort orders by time, number them, and draw values, items and sales channels."""
        rng, p = self.rng(4), self.p
        order = np.lexsort((self.o_cust, self.o_time))
        self.o_cust, self.o_time = self.o_cust[order], self.o_time[order]
        self.o_winback = self.o_winback[order]
        m = len(self.o_cust)
        self.o_ids = np.array([f"B{1_000_001 + i}" for i in range(m)])
        nu = self.nu[self.o_cust]
        value = rng.gamma(p.p_spend, 1 / nu) * np.where(
            self.business[self.o_cust], p.business_spend, 1.0
        )
        self.o_cents = np.maximum(390, np.round(value * 100)).astype(np.int64)
        self.o_items = 1 + rng.poisson(self.o_cents / 4500)
        # (customer, month) -> first order of that month, for complaints and enrolment
        self.o_month = np.searchsorted(MONTH_STARTS, self.o_time, side="right") - 1
        by_cust = np.lexsort((self.o_time, self.o_cust))
        self.o_by_cust = by_cust
        keys = self.o_cust[by_cust] * MONTHS + self.o_month[by_cust]
        self._cm_keys, first = _group_first(keys)
        self._cm_first = by_cust[first]
        # sales channels: the home channel, until the month the simulation took up a second
        # one (its first order that month is placed there), then a share of the later orders
        second_month = self.sim.second_month
        cust = self.o_cust
        took = second_month >= 0
        channel = self.home_channel[cust].copy()
        later = took[cust] & (self.o_month > second_month[cust])
        u = self.rng(14).random(m)
        use = later & (u < p.second_channel_share)
        starters = np.nonzero(took)[0]
        use[self._first_order_in(starters, second_month[starters])] = True
        channel[use] = self.second_channel[cust[use]]
        self.o_channel = np.array(SALES_CHANNELS)[channel]

    def _channel_counterfactual(self) -> None:
        """The channels' counterfactual: the same random numbers again, but a customer who
        bought in two channels within the status window (as the channels answer defines it,
        and whose outcome window ends in the data) takes up the second channel no earlier than
        the window's last month: what they would have done had they stayed in one channel for
        their first half year, with the later take-up as everyone else's."""
        first = self.birth  # the first order is the arrival
        end = first + CHANNEL_STATUS_DAYS * DAY
        pre = self.o_time < end[self.o_cust]
        pairs = np.unique(self.o_cust[pre] * len(SALES_CHANNELS) + self._channel_index()[pre])
        k_pre = np.bincount(pairs // len(SALES_CHANNELS), minlength=self.n)
        complete = end + CHANNEL_HORIZON_DAYS * DAY <= self.o_time.max()
        self.multi = (k_pre >= 2) & complete
        hold = np.zeros(self.n, dtype=np.int64)
        hold[self.multi] = np.searchsorted(MONTH_STARTS, end[self.multi], side="right") - 1
        self.cf_channel = self._simulate(second_not_before=hold)

    def _channel_index(self) -> Array:
        """Each order's sales channel as a number (its place among the sorted names)."""
        names = np.sort(np.array(SALES_CHANNELS))
        return np.asarray(np.searchsorted(names, self.o_channel), dtype=np.int64)

    def _first_order_in(self, cust: Array, month: Array) -> Array:
        """Index of each customer's first order in the given month."""
        pos = np.searchsorted(self._cm_keys, cust * MONTHS + month)
        return np.asarray(self._cm_first[pos])

    # -- returns -------------------------------------------------------------------------
    def _returns(self) -> None:
        rng = self.rng(5)
        m = len(self.o_cust)
        chance = self.p.return_rate + 0.04 * (self.o_items > 2)
        ret = np.nonzero(rng.random(m) < chance)[0]
        items = self.o_items[ret]
        back = 1 + rng.binomial(items - 1, 0.3)
        at = _daytime_between(
            rng, self.o_time[ret] + 2 * DAY, self.o_time[ret] + rng.integers(3, 22, len(ret)) * DAY
        )
        keep = at <= LAST
        ret, back, at, items = ret[keep], back[keep], at[keep], items[keep]
        self.r_order = ret
        self.r_items = back
        self.r_time = at
        self.r_cents = self.o_cents[ret] * back // items  # never more than the order

    # -- complaints ----------------------------------------------------------------------
    def _complaints(self) -> None:
        rng, sim = self.rng(6), self.sim
        order = self._first_order_in(sim.complaint_customer, sim.complaint_month)
        opened = self.o_time[order] + rng.integers(60, 10 * DAY, len(order))
        opened = np.where(opened % DAY < 360, opened + 360, opened)
        keep = opened <= LAST
        cust, outcome, opened = (
            sim.complaint_customer[keep],
            sim.complaint_outcome[keep],
            opened[keep],
        )
        delay, no_reply = sim.complaint_delay[keep], sim.complaint_unanswered[keep]
        k = len(cust)
        srt = np.lexsort((cust, opened))
        cust, outcome, opened = cust[srt], outcome[srt], opened[srt]
        delay, no_reply = delay[srt], no_reply[srt]
        # the delays the simulation decided (its reply-speed effect acts on them); opened
        # lies between 06:00 and 24:00, so a reply within the hour never needs _awake's shift
        reply = _awake(opened + delay)
        reply = np.where(no_reply | (reply > LAST), -1, reply)
        settle = _awake(
            np.maximum(reply, opened)
            + np.where(
                outcome == 0,
                _delay(rng, 2 * DAY, 0.9, k, 40 * DAY),
                _delay(rng, 4 * DAY, 0.9, k, 60 * DAY),
            )
        )
        closed = (outcome < 2) & (reply >= 0) & (settle <= LAST)
        resolved = np.where(closed, settle, -1)
        # not settled by the end of the export: still open
        export_outcome = np.where((outcome < 2) & ~closed, 3, outcome)
        export_outcome = np.where((outcome == 2) & (reply < 0), 3, export_outcome)
        voucher = rng.choice(np.array([500, 1000, 1500, 2000, 2500]), size=k)
        gets = ((export_outcome == 0) & (rng.random(k) < 0.5)) | (
            (export_outcome == 1) & (rng.random(k) < 0.7)
        )
        self.c_cust, self.c_opened, self.c_reply, self.c_resolved = cust, opened, reply, resolved
        self.c_outcome = export_outcome
        self.c_sim_outcome = outcome
        self.c_comp = np.where(gets, voucher, 0)
        self.c_channel = rng.choice(
            np.array(["E-Mail", "Telefon", "Kontaktformular", "Instagram"]),
            size=k,
            p=[0.5, 0.2, 0.2, 0.1],
        )

    # -- loyalty programme ---------------------------------------------------------------
    def _loyalty(self) -> None:
        rng = self.rng(7)
        members = np.nonzero(self.sim.enrolled_month >= 0)[0]
        enrol_order = self._first_order_in(members, self.sim.enrolled_month[members])
        enrol_time = np.full(self.n, -1, dtype=np.int64)
        enrol_time[members] = self.o_time[enrol_order]
        self.enrol_time = enrol_time
        # earn points on every order from enrolment on (in customer/time order)
        o = self.o_by_cust
        earn = o[(enrol_time[self.o_cust[o]] >= 0) & (self.o_time[o] >= enrol_time[self.o_cust[o]])]
        cust, at = self.o_cust[earn], self.o_time[earn]
        points = self.o_cents[earn] // 100
        cum = np.cumsum(points)
        starts = np.r_[True, cust[1:] != cust[:-1]]
        offset = np.maximum.accumulate(np.where(starts, np.arange(len(cum)), 0))
        before = np.r_[0, cum[:-1]]
        cum = cum - before[offset]  # cumulative points per customer
        prev = cum - points
        crossed = (cum // 500) > (prev // 500)
        redeem = crossed & (rng.random(len(cum)) < 0.7)
        tier = ((prev < 1000) & (cum >= 1000)) | ((prev < 2500) & (cum >= 2500))
        # referrals: a member who joined before the referred customer's first order
        referred = np.nonzero(self.channel == REFERRAL)[0]
        srt = np.argsort(enrol_time[members], kind="stable")
        m_sorted, t_sorted = members[srt], enrol_time[members][srt]
        avail = np.searchsorted(t_sorted, self.birth[referred], side="left")
        referred = referred[avail > 0]
        avail = avail[avail > 0]
        referrer = m_sorted[np.floor(rng.random(len(referred)) * avail).astype(np.int64)]
        kinds = (
            ["Anmeldung"] * len(members)
            + ["Gesammelt"] * len(earn)
            + ["Eingelöst"] * int(redeem.sum())
            + ["Stufe"] * int(tier.sum())
            + ["Empfehlung"] * len(referred)
        )
        ev_cust = np.concatenate([members, cust, cust[redeem], cust[tier], referrer])
        ev_time = np.concatenate(
            [enrol_time[members], at, at[redeem], at[tier], self.birth[referred]]
        )
        ev_points = np.concatenate(
            [
                np.full(len(members), WELCOME_POINTS),
                points,
                np.full(int(redeem.sum()), -500),
                np.full(int(tier.sum()), -1),
                np.full(len(referred), 250),
            ]
        )
        ev_ref = np.concatenate([np.full(len(ev_cust) - len(referred), -1), referred])
        kind_rank = np.array(
            [
                {"Anmeldung": 0, "Gesammelt": 1, "Eingelöst": 2, "Stufe": 3, "Empfehlung": 4}[k]
                for k in kinds
            ]
        )
        srt = np.lexsort((kind_rank, ev_cust, ev_time))
        self.l_cust, self.l_time = ev_cust[srt], ev_time[srt]
        self.l_kind = np.array(kinds)[srt]
        self.l_points = ev_points[srt]  # -1 marks "no points" (tier events)
        self.l_ref = ev_ref[srt]
        self.redeemed_by_month = np.bincount(
            np.searchsorted(MONTH_STARTS, at[redeem], side="right") - 1, minlength=MONTHS
        )

    # -- subscriptions -------------------------------------------------------------------
    def _subscriptions(self) -> None:
        rng, p = self.rng(8), self.p
        subs = np.nonzero(rng.random(self.n) < p.subscriber_share)[0]
        start = _awake(self.birth[subs] + rng.exponential(90 * DAY, len(subs)).astype(np.int64))
        keep = start <= LAST - 30 * DAY
        subs, start = subs[keep], start[keep]
        k = len(subs)
        plan = rng.choice(3, size=k, p=[0.5, 0.35, 0.15])
        churn = rng.beta(1.2, 14.0, k)
        rows: list[tuple[int, int, int, int, int]] = []  # (sub, seq, plan, start, end)
        seq = np.ones(k, dtype=np.int64)
        row_start = start.copy()
        active = np.ones(k, dtype=bool)
        step = 43_830  # an average month in minutes
        for j in range(1, MONTHS + 1):
            t = _awake(start + j * step)
            live = active & (t <= LAST)
            if not live.any():
                break
            u = rng.random(k)
            cancel = live & (u < churn)
            change = live & ~cancel & (u > 0.975)
            new_plan = np.clip(plan + np.where(rng.random(k) < 0.6, 1, -1), 0, 2)
            change &= new_plan != plan
            for i in np.nonzero(cancel | change)[0].tolist():
                rows.append((i, int(seq[i]), int(plan[i]), int(row_start[i]), int(t[i])))
            seq[change] += 1
            row_start[change] = t[change]
            plan = np.where(change, new_plan, plan)
            active &= ~cancel
        for i in np.nonzero(active)[0].tolist():
            rows.append((i, int(seq[i]), int(plan[i]), int(row_start[i]), -1))
        rows.sort(key=lambda r: (int(subs[r[0]]), r[1]))
        self.s_rows = [
            (f"ABO{subs[i]:06d}-{s}", str(self.ids[subs[i]]), PLANS[pl][0], st, end, PLANS[pl][1])
            for i, s, pl, st, end in rows
        ]

    # -- social media --------------------------------------------------------------------
    def _social(self) -> None:
        rng = self.rng(9)
        days = (LAST + 1) // DAY
        # posts
        post_platform, post_time = [], []
        for i, _ in enumerate(PLATFORMS):
            per_day = rng.poisson(POSTS_PER_DAY[i], days)
            if PLATFORMS[i] == "tiktok":
                per_day[: TIKTOK_LAUNCH // DAY] = 0
            day = np.repeat(np.arange(days), per_day)
            post_time.append(day * DAY + 480 + rng.integers(0, 720, len(day)))
            post_platform.append(np.full(len(day), i))
        pp, pt = np.concatenate(post_platform), np.concatenate(post_time)
        srt = np.lexsort((pp, pt))
        self.p_platform, self.p_time = pp[srt], pt[srt]
        self.p_ids = np.array(
            [
                f"{PLATFORMS[x][:2].upper()}{1000 + i}"
                for i, x in enumerate(self.p_platform.tolist())
            ]
        )
        self.p_kind = np.array(
            [
                POST_KINDS[PLATFORMS[x]][int(u * len(POST_KINDS[PLATFORMS[x]]))]
                for x, u in zip(self.p_platform.tolist(), rng.random(len(pp)).tolist(), strict=True)
            ]
        )
        # actors: customer fans and followers who are not (known) customers
        fans = np.nonzero(self.fan)[0]
        n_other = 2 * len(fans) + 50
        other_start = _awake(
            np.floor(np.sqrt(rng.random(n_other)) * (LAST - 30 * DAY)).astype(np.int64) // DAY * DAY
            + _time_of_day(rng, n_other)
        )
        other_platform = rng.choice(len(PLATFORMS), size=n_other, p=PLATFORM_SHARE)
        other_start = np.where(
            other_platform == PLATFORMS.index("tiktok"),
            np.maximum(other_start, TIKTOK_LAUNCH),
            other_start,
        )
        a_platform = np.concatenate([self.fan_platform[fans], other_platform])
        a_start = np.concatenate([self.fan_start[fans], other_start])
        a_customer = np.concatenate([fans, np.full(n_other, -1)])
        handles = _handles(rng, len(a_platform), 1000)
        self.a_platform, self.a_start, self.a_customer = a_platform, a_start, a_customer
        self.a_handle = np.array(handles)
        n_act = len(a_platform)
        months_left = (LAST - a_start) / (DAY * 30.44)
        intensity = rng.gamma(1.5, 1 / 1.5, n_act) * np.where(a_customer >= 0, 1.2, 0.45)
        count = 1 + rng.poisson(intensity * months_left)
        actor = np.repeat(np.arange(n_act), count)
        first = np.r_[True, actor[1:] != actor[:-1]]
        post_idx = np.empty(len(actor), dtype=np.int64)
        for i, _ in enumerate(PLATFORMS):
            on = np.nonzero(self.p_platform == i)[0]
            times = self.p_time[on]
            sel = a_platform[actor] == i
            lo = np.minimum(np.searchsorted(times, a_start[actor[sel]], side="left"), len(on) - 1)
            pick = lo + np.floor(rng.random(int(sel.sum())) * (len(on) - lo)).astype(np.int64)
            post_idx[sel] = on[np.where(first[sel], lo, pick)]
        at = np.minimum(
            LAST, _awake(self.p_time[post_idx] + _delay(rng, 180, 1.5, len(actor), 14 * DAY))
        )
        srt = np.lexsort((actor, at))
        self.i_actor, self.i_post, self.i_time = actor[srt], post_idx[srt], at[srt]
        self.i_kind = rng.choice(len(INTERACTION_KINDS), size=len(actor), p=INTERACTION_SHARE)
        # mentions
        rate = np.where(a_customer >= 0, 0.08, 0.03)
        mcount = rng.poisson(rate * months_left)
        author = np.repeat(np.arange(n_act), mcount)
        k = len(author)
        m_at = _daytime_between(rng, a_start[author], np.full(k, LAST - DAY))
        sentiment = rng.choice(3, size=k, p=[0.5, 0.3, 0.2])  # positive, neutral, negative
        needs = rng.random(k) < np.array([0.1, 0.4, 0.8])[sentiment]
        median = np.where(sentiment == 2, 25, 50)
        reply = _awake(
            m_at
            + np.maximum(1, np.minimum(7 * DAY, median * rng.lognormal(0, 1.3, k))).astype(np.int64)
        )
        replied = (needs & (rng.random(k) < 0.92)) | (~needs & (rng.random(k) < 0.2))
        reply = np.where(replied & (reply <= LAST), reply, -1)
        resolved = _awake(reply + _delay(rng, 360, 1.2, k, 10 * DAY))
        resolved = np.where(
            needs & (reply >= 0) & (rng.random(k) < 0.85) & (resolved <= LAST), resolved, -1
        )
        # the customers' (fans') mentions were drawn before the purchase process
        # (_messages_and_channels), so that the reply-speed effect can act: they replace the
        # ones drawn here, whose random numbers stay drawn so the rest of the stream is unchanged
        other = a_customer[author] < 0
        fans_pos = np.searchsorted(fans, self.cm_author)  # actor index of each fan
        author = np.concatenate([author[other], fans_pos])
        m_at = np.concatenate([m_at[other], self.cm_time])
        sentiment = np.concatenate([sentiment[other], self.cm_sentiment])
        needs = np.concatenate([needs[other], self.cm_needs])
        reply = np.concatenate([reply[other], self.cm_reply])
        resolved = np.concatenate([resolved[other], self.cm_resolved])
        srt = np.lexsort((author, m_at))
        self.m_author, self.m_time = author[srt], m_at[srt]
        self.m_sentiment, self.m_needs = sentiment[srt], needs[srt]
        self.m_reply, self.m_resolved = reply[srt], resolved[srt]
        # e-mail identities: newsletter customers and a share of the rest
        newsletter = self.channel == CHANNEL_NAMES.index("Newsletter")
        self.email_identity = np.nonzero(newsletter | (rng.random(self.n) < 0.2))[0]

    # -- surveys -------------------------------------------------------------------------
    def _surveys(self) -> None:
        rng, p = self.rng(10), self.p
        rows: list[tuple[int, int, str, int, str, str]] = []  # (time, cust, survey, score, ...)
        # NPS a few days after some orders
        sel = np.nonzero(rng.random(len(self.o_cust)) < p.survey_nps_rate)[0]
        t = _daytime_between(rng, self.o_time[sel] + 2 * DAY, self.o_time[sel] + 10 * DAY)
        keep = t <= LAST
        sel, t = sel[keep], t[keep]
        cust = self.o_cust[sel]
        score = np.clip(
            np.round(
                7.9 + self.satisfaction[cust] + 0.6 * self.fan[cust] + rng.normal(0, 1.2, len(cust))
            ),
            0,
            10,
        ).astype(np.int64)
        anonymous = rng.random(len(cust)) < 0.05
        comment_u = rng.random(len(cust))
        pick = rng.random(len(cust))
        for ti, c, s, anon, cu, pk in zip(
            t.tolist(),
            cust.tolist(),
            score.tolist(),
            anonymous.tolist(),
            comment_u.tolist(),
            pick.tolist(),
            strict=True,
        ):
            band = "low" if s <= 6 else "mid" if s <= 8 else "high"
            text = NPS_COMMENTS[band][int(pk * len(NPS_COMMENTS[band]))] if cu < 0.25 else ""
            rows.append((ti, -1 if anon else c, "NPS", s, "E-Mail", text))
        # SMCSS from fans on their platform
        fans = np.nonzero(self.fan & (rng.random(self.n) < 0.35))[0]
        t = _daytime_between(rng, self.fan_start[fans] + DAY, np.full(len(fans), LAST - DAY))
        score = np.clip(
            np.round(7.9 + 0.5 * self.satisfaction[fans] + rng.normal(0, 1.3, len(fans))), 1, 10
        ).astype(np.int64)
        for ti, c, s in zip(t.tolist(), fans.tolist(), score.tolist(), strict=True):
            rows.append((ti, c, "SMCSS", s, PLATFORMS[int(self.fan_platform[c])], ""))
        # CSAT after closed complaints
        closed = np.nonzero((self.c_resolved >= 0) & (rng.random(len(self.c_cust)) < 0.4))[0]
        t = np.minimum(
            LAST, _awake(self.c_resolved[closed] + _delay(rng, DAY, 0.8, len(closed), 5 * DAY))
        )
        mean = np.array([4.5, 3.2, 1.6, 3.0])[self.c_outcome[closed]]
        score = np.clip(np.round(mean + rng.normal(0, 0.7, len(closed))), 1, 5).astype(np.int64)
        for ti, c, s in zip(t.tolist(), self.c_cust[closed].tolist(), score.tolist(), strict=True):
            rows.append((ti, c, "CSAT", s, "E-Mail", ""))
        rows.sort(key=lambda r: (r[0], r[1], r[2]))
        self.survey_rows = rows

    # -- texts ---------------------------------------------------------------------------
    def _texts(self) -> None:
        """What customers write (:mod:`bindung.demo_texts`): the NPS comments (replacing the
        short ones drawn in :meth:`_surveys`, which keeps its random numbers), a text for 90 %
        of the complaints and one per mention, with the planted themes' shares recorded for
        ``ground_truth.json``.  Its own random stream (1901: issue 19, item 1), so no other
        stream shifts."""
        from bindung.demo_texts import compose, truth

        rng = self.rng(1901)
        rows = self.survey_rows
        commented = [i for i, r in enumerate(rows) if r[5]]
        bands = ["survey_low" if rows[i][3] <= 6 else "survey_mid" if rows[i][3] <= 8
                 else "survey_high" for i in commented]  # fmt: skip
        texts, s_has = compose(rng, bands)
        for i, text in zip(commented, texts, strict=True):
            rows[i] = (*rows[i][:5], text)
        written = rng.random(len(self.c_cust)) < 0.9
        texts, c_has = compose(rng, ["complaint"] * int(written.sum()))
        self.c_text = np.full(len(self.c_cust), "", dtype=object)
        self.c_text[written] = texts
        names = ("mention_positive", "mention_neutral", "mention_negative")
        texts, m_has = compose(rng, [names[x] for x in self.m_sentiment.tolist()])
        self.m_text = texts
        self.text_truth = truth({"survey": s_has, "complaint": c_has, "mention": m_has})

    # -- costs ---------------------------------------------------------------------------
    def _costs(self) -> None:
        rows: list[tuple[int, str, str, str, int]] = []  # (month, channel, purpose, program, ct)
        cac = np.zeros((len(CHANNELS), MONTHS), dtype=np.int64)
        np.add.at(cac, (self.channel, self.birth_month), self.cac_cents)
        comp = np.bincount(
            np.searchsorted(MONTH_STARTS, self.c_opened, side="right") - 1,
            weights=self.c_comp,
            minlength=MONTHS,
        ).astype(np.int64)
        winback = int((self.o_winback).sum())
        for m in range(MONTHS):
            for c, (name, (_, _, _, program)) in enumerate(CHANNELS.items()):
                rows.append((m, name, "Neukundengewinnung", program, int(cac[c, m])))
            rows.append((m, "E-Mail", "gemischt", "Newsletter", 40_000))
            rows.append((m, "Social Media", "Kundenbindung", "Community-Management", 250_000))
            rows.append(
                (
                    m,
                    "Kundenservice",
                    "Kundenbindung",
                    "Beschwerdemanagement",
                    150_000 + int(comp[m]),
                )
            )
            if m >= LOYALTY_LAUNCH:
                rows.append(
                    (
                        m,
                        "Onlineshop",
                        "Kundenbindung",
                        "Treueprogramm",
                        120_000 + 500 * int(self.redeemed_by_month[m]),
                    )
                )
            if m >= VIP_LAUNCH:
                rows.append((m, "Instagram", "Kundenbindung", "VIP-Community", 180_000))
            if AB_FIRST_MONTH <= m < AB_FIRST_MONTH + AB_MONTHS:
                rows.append(
                    (
                        m,
                        "E-Mail",
                        "Kundenbindung",
                        "Winback-Kampagne 2026",
                        50_000 + (1000 * winback) // AB_MONTHS,
                    )
                )
        self.cost_rows = rows

    # -- the newsletter ------------------------------------------------------------------
    def _newsletter(self) -> None:
        """The monthly newsletter to the subscribers (the customers whose e-mail is in the
        identities) who had ordered by the sending, 10 % held out at random each time.  A
        recipient who would not have ordered in the 30 days after sending orders with
        probability ``newsletter_conversion`` within 20 days.  Drawn from a stream of its own
        after every other part, and its orders appended after all others, so that no other
        planted effect changes; each sending sees the orders of the ones before."""
        rng, p = self.rng(11), self.p
        subscribers = np.zeros(self.n, dtype=bool)
        subscribers[self.email_identity] = True
        window = NEWSLETTER_WINDOW_DAYS * DAY
        rows: list[
            tuple[int, Array, Array, Array, Array]
        ] = []  # (send, cust, held, opened, clicked)
        truth: list[dict[str, Any]] = []
        extra_cust: list[Array] = []
        extra_time: list[Array] = []
        for send in NEWSLETTER_SENDS:
            audience = np.nonzero(subscribers & (self.birth < send))[0]
            held = rng.random(len(audience)) < NEWSLETTER_HOLDOUT
            convert = rng.random(len(audience)) < p.newsletter_conversion
            opened = np.where(
                ~held & (rng.random(len(audience)) < 0.38),
                send + 1 + np.minimum(rng.exponential(360.0, len(audience)), 2 * DAY),
                -1,
            ).astype(np.int64)
            clicked = np.where(
                (opened >= 0) & (rng.random(len(audience)) < 0.25),
                opened + 1 + np.minimum(rng.exponential(10.0, len(audience)), 120),
                -1,
            ).astype(np.int64)
            times = np.concatenate([self.o_time, *extra_time])
            custs = np.concatenate([self.o_cust, *extra_cust])
            inside = (times >= send) & (times < send + window)
            bought = np.zeros(self.n, dtype=bool)
            bought[custs[inside]] = True
            y0 = bought[audience]
            y1 = y0 | convert
            new = audience[~held & convert & ~y0]
            lo = np.full(len(new), send + DAY)
            hi = np.full(len(new), send + NEWSLETTER_LATEST_ORDER_DAYS * DAY)
            extra_cust.append(new)
            extra_time.append(_daytime_between(rng, lo, hi))
            rows.append((send, audience, held, opened, clicked))
            truth.append(
                {
                    "recipients": int((~held).sum()),
                    "holdout": int(held.sum()),
                    "uplift_pp": round(100 * float((y1.astype(float) - y0).mean()), 2),
                    "expected_uplift_pp": round(
                        100 * p.newsletter_conversion * (1 - float(y0.mean())), 2
                    ),
                    "natural_repurchase_rate_pct": round(100 * float(y0.mean()), 2),
                    "newsletter_orders": len(new),
                }
            )
        cust = np.concatenate(extra_cust)
        k = len(cust)
        m = len(self.o_cust)
        value = rng.gamma(p.p_spend, 1 / self.nu[cust]) * np.where(
            self.business[cust], p.business_spend, 1.0
        )
        cents = np.maximum(390, np.round(value * 100)).astype(np.int64)
        self.o_cust = np.concatenate([self.o_cust, cust])
        self.o_time = np.concatenate([self.o_time, *extra_time])
        self.o_ids = np.concatenate([self.o_ids, [f"B{1_000_001 + m + i}" for i in range(k)]])
        self.o_cents = np.concatenate([self.o_cents, cents])
        self.o_items = np.concatenate([self.o_items, 1 + rng.poisson(cents / 4500)])
        # in the customer's home channel: an order elsewhere would be a second channel, which
        # the simulation (and its multi-channel effect) has not seen
        home = np.array(SALES_CHANNELS)[self.home_channel[cust]]
        self.o_channel = np.concatenate([self.o_channel, home])
        self.o_winback = np.concatenate([self.o_winback, np.zeros(k, dtype=bool)])
        self.o_newsletter = np.concatenate([np.zeros(m, dtype=bool), np.ones(k, dtype=bool)])
        self.nl_rows = rows
        self.nl_truth = truth

    @staticmethod
    def _campaign_id(send: int) -> str:
        return "NL-" + str((START + np.timedelta64(send, "m")).astype("datetime64[M]"))

    def _write_campaigns(self, paths: dict[str, Path]) -> None:
        """The campaigns (German CSV) and the e-mail tool's campaign report: one row per
        recipient by e-mail address, the holdout marked (German Excel CSV like the orders)."""
        sends = np.array([r[0] for r in self.nl_rows], dtype=np.int64)
        months = [self._campaign_id(int(t))[3:] for t in sends]
        _write_csv(
            paths["campaigns"],
            ["Kampagnen-ID", "Kampagnenname", "Versendet am", "Kosten"],
            [
                [self._campaign_id(int(t)) for t in sends],
                [f"Newsletter {m}" for m in months],
                _german(sends),
                _money_de([40_000] * len(sends)),
            ],
            delimiter=";",
            encoding="utf-8-sig",
            crlf=True,
        )
        cols: list[list[Any]] = [[], [], [], [], [], []]
        for send, audience, held, opened, clicked in self.nl_rows:
            cols[0] += [self._campaign_id(send)] * len(audience)
            cols[1] += [f"kunde{i}@example.de" for i in self.ids[audience].tolist()]
            cols[2] += ["ja" if h else "nein" for h in held.tolist()]
            sent = _german(np.full(len(audience), send))
            cols[3] += ["" if h else x for h, x in zip(held.tolist(), sent, strict=True)]
            for col, times in ((4, opened), (5, clicked)):
                text = _german(np.maximum(times, 0))
                cols[col] += ["" if t < 0 else x for t, x in zip(times.tolist(), text, strict=True)]
        _write_csv(
            paths["campaign_recipients"],
            [
                "Kampagne",
                "E-Mail-Adresse",
                "Kontrollgruppe",
                "Versendet am",
                "Geöffnet am",
                "Geklickt am",
            ],
            cols,
            delimiter=";",
            encoding="cp1252",
            crlf=True,
        )

    # -- files ---------------------------------------------------------------------------
    def write(self, paths: dict[str, Path]) -> None:
        self._write_customers(paths["customers"])
        self._write_order_lines(paths["order_lines"])
        ids = self.ids
        _write_csv(
            paths["orders"],
            ["Bestellnummer", "Kundennummer", "Bestelldatum", "Bestellwert", "Anzahl", "Kanal"],
            [
                self.o_ids.tolist(),
                ids[self.o_cust].tolist(),
                _german(self.o_time),
                _money_de(self.o_cents.tolist()),
                self.o_items.tolist(),
                self.o_channel.tolist(),
            ],
            delimiter=";",
            encoding="cp1252",
            crlf=True,
        )
        _write_csv(
            paths["returns"],
            [
                "Retourennummer",
                "Bestellnummer",
                "Kundennummer",
                "Retourendatum",
                "Anzahl",
                "Erstattungsbetrag",
            ],
            [
                [f"R{500_001 + i}" for i in range(len(self.r_order))],
                self.o_ids[self.r_order].tolist(),
                ids[self.o_cust[self.r_order]].tolist(),
                _german(self.r_time),
                self.r_items.tolist(),
                _money_de(self.r_cents.tolist()),
            ],
            delimiter=";",
            encoding="utf-8-sig",
            crlf=True,
        )
        s = self.s_rows
        _write_csv(
            paths["subscriptions"],
            ["subscription_id", "customer_id", "plan", "started_at", "ended_at", "mrr"],
            [
                [r[0] for r in s],
                [r[1] for r in s],
                [r[2] for r in s],
                _iso(np.array([r[3] for r in s], dtype=np.int64)),
                _iso(np.array([r[4] for r in s], dtype=np.int64)),
                _money_en([r[5] for r in s]),
            ],
        )
        self._write_surveys(paths["survey_responses"])
        _write_csv(
            paths["social_posts"],
            ["post_id", "platform", "published_at", "type"],
            [
                self.p_ids.tolist(),
                [PLATFORMS[x] for x in self.p_platform.tolist()],
                _iso(self.p_time),
                self.p_kind.tolist(),
            ],
        )
        _write_csv(
            paths["social_interactions"],
            ["interaction_id", "post_id", "platform", "username", "type", "timestamp"],
            [
                [f"I{1_000_001 + i}" for i in range(len(self.i_actor))],
                self.p_ids[self.i_post].tolist(),
                [PLATFORMS[x] for x in self.a_platform[self.i_actor].tolist()],
                self.a_handle[self.i_actor].tolist(),
                [INTERACTION_KINDS[x] for x in self.i_kind.tolist()],
                _iso(self.i_time),
            ],
        )
        _write_csv(
            paths["social_mentions"],
            [
                "mention_id",
                "platform",
                "created_at",
                "author",
                "sentiment",
                "needs_reply",
                "first_reply_at",
                "resolved_at",
                "text",
            ],
            [
                [f"M{100_001 + i}" for i in range(len(self.m_author))],
                [PLATFORMS[x] for x in self.a_platform[self.m_author].tolist()],
                _iso(self.m_time),
                self.a_handle[self.m_author].tolist(),
                [("positive", "neutral", "negative")[x] for x in self.m_sentiment.tolist()],
                ["yes" if x else "no" for x in self.m_needs.tolist()],
                _iso(self.m_reply),
                _iso(self.m_resolved),
                self.m_text,
            ],
        )
        fans = np.nonzero(self.a_customer >= 0)[0]
        mails = self.email_identity
        _write_csv(
            paths["identities"],
            ["platform", "handle", "customer_id"],
            [
                [PLATFORMS[x] for x in self.a_platform[fans].tolist()] + ["email"] * len(mails),
                self.a_handle[fans].tolist()
                + [f"kunde{ids[c]}@example.de" for c in mails.tolist()],
                ids[self.a_customer[fans]].tolist() + ids[mails].tolist(),
            ],
        )
        _write_csv(
            paths["complaints"],
            [
                "Ticketnummer",
                "Kundennummer",
                "Kanal",
                "Eingangsdatum",
                "Erste Antwort",
                "Gelöst am",
                "Ergebnis",
                "Kulanz",
                "Beschreibung",
            ],
            [
                [f"T{700_001 + i}" for i in range(len(self.c_cust))],
                ids[self.c_cust].tolist(),
                self.c_channel.tolist(),
                _german(self.c_opened),
                _german(self.c_reply),
                _german(self.c_resolved),
                [OUTCOMES[x][0] for x in self.c_outcome.tolist()],
                [
                    v if c > 0 else ""
                    for c, v in zip(
                        self.c_comp.tolist(), _money_de(self.c_comp.tolist()), strict=True
                    )
                ],
                self.c_text.tolist(),
            ],
            delimiter=";",
            encoding="utf-8-sig",
            crlf=True,
        )
        self._write_costs(paths["costs"])
        self._write_loyalty(paths["loyalty_events"])
        _write_csv(
            paths["assignments"],
            ["experiment", "customer_id", "variant", "assigned_at"],
            [
                [EXPERIMENT] * len(self.ab_customers),
                ids[self.ab_customers].tolist(),
                ["treatment" if x else "control" for x in self.ab_treated.tolist()],
                _iso(np.full(len(self.ab_customers), AB_ASSIGNED)),
            ],
        )
        self._write_campaigns(paths)
        self._write_reviews(paths["reviews"])
        goals = [
            ("retention_rate", "2026-Q1", "62", "1"),
            ("retention_rate", "2026-Q2", "63", "1"),
            ("retention_rate", "2026-Q3", "64", "1"),
            ("nps", "2026", "35", "1"),
            ("repeat_customer_rate", "2026", "30", "2"),
            ("smcss", "2026", "7.5", "2"),
            ("smrt_median_minutes", "2026-Q3", "60", "3"),
            ("churn_rate", "2026-Q3", "8", "2"),
        ]
        _write_csv(
            paths["goals"],
            ["metric", "period", "target", "priority"],
            list(zip(*goals, strict=True)),
        )

    def _reviews(self) -> None:
        """Reviews on Trusted Shops: after an order a customer writes one with probability
        ``REVIEW_BASE`` plus ``REVIEW_EXTREME`` per unit of |satisfaction| (strong feelings
        are written down), 2-14 days later (inside the calendar, 08:00-21:59); the rating is
        ``round(4 + 0.9 * satisfaction + N(0, 0.7))`` clipped to 1-5.  The shop replies to
        a quarter of the reviews and to most of those with 1-2 stars, 1-3 days later
        (08:00-21:59).  No effect of reviewing on buying is planted: reviewers differ from
        other customers through having ordered more (selection, as the fans).  A stream
        of its own (196), drawn after every other part, so no other data change."""
        rng = self.rng(196)
        m = len(self.o_cust)
        sat = self.satisfaction[self.o_cust]
        chance = np.minimum(0.5, REVIEW_BASE + REVIEW_EXTREME * np.abs(sat) / 1.2)
        day = 24 * 60
        wrote = rng.random(m) < chance
        delay_days = rng.integers(2, 15, m)
        clock = rng.integers(8 * 60, 22 * 60, m)
        day_start = (self.o_time // day + delay_days) * day
        at = day_start + clock
        wrote &= at <= LAST
        rating = np.clip(np.round(4 + 0.9 * sat + rng.normal(0, 0.7, m)), 1, 5).astype(np.int64)
        reply_p = np.where(rating <= 2, 0.8, 0.25)
        replied = rng.random(m) < reply_p
        reply_at = (at // day + rng.integers(1, 4, m)) * day + rng.integers(8 * 60, 22 * 60, m)
        replied &= reply_at <= LAST
        titles = rng.integers(0, len(REVIEW_TITLES[1]), m)
        keep = np.nonzero(wrote)[0]
        self.rv_order = keep
        self.rv_time = at[keep]
        self.rv_rating = rating[keep]
        self.rv_reply = np.where(replied[keep], reply_at[keep], -1)
        self.rv_title = titles[keep]

    def _write_reviews(self, path: Path) -> None:
        """The eTrusted review list flattened (the field names of the Trusted Shops preset),
        times in ISO 8601 with the Berlin offset."""
        import pandas as pd

        n = len(self.rv_order)

        def stamped(t: Array) -> list[str]:
            local = pd.DatetimeIndex(_stamps(np.maximum(t, 0)))
            text = local.tz_localize("Europe/Berlin").strftime("%Y-%m-%dT%H:%M:%S%z").tolist()
            return [
                f"{s[:-2]}:{s[-2:]}" if v >= 0 else ""
                for s, v in zip(text, np.asarray(t).tolist(), strict=True)
            ]

        cust = self.o_cust[self.rv_order]
        ratings = self.rv_rating.tolist()
        _write_csv(
            path,
            [
                "id",
                "channelRef",
                "rating",
                "title",
                "comment",
                "submittedAt",
                "customer.email",
                "transaction.reference",
                "reply.comment",
                "reply.createdAt",
            ],
            [
                [f"rev-{100_001 + i}" for i in range(n)],
                ["chl-bohnenwerk"] * n,
                ratings,
                [REVIEW_TITLES[r][k] for r, k in zip(ratings, self.rv_title.tolist(), strict=True)],
                [REVIEW_TEXTS[r] for r in ratings],
                stamped(self.rv_time),
                [f"kunde{self.ids[c]}@example.de" for c in cust.tolist()],
                self.o_ids[self.rv_order].tolist(),
                [
                    (REVIEW_REPLIES[0] if r <= 2 else REVIEW_REPLIES[1]) if t >= 0 else ""
                    for r, t in zip(ratings, self.rv_reply.tolist(), strict=True)
                ],
                stamped(self.rv_reply),
            ],
        )

    def _write_order_lines(self, path: Path) -> None:
        """The order lines (:mod:`bindung.demo_lines`, a stream of their own) as a WooCommerce
        "Advanced Order Export": one row per product, the order's fields on every row."""
        lines = demo_lines.draw(
            self.rng(demo_lines.STREAM),
            lam=self.lam,
            o_cust=self.o_cust,
            o_time=self.o_time,
            o_items=self.o_items,
            o_cents=self.o_cents,
            last=LAST,
        )
        demo_lines.check(lines, self.o_items, self.o_cents)
        self.lines = lines
        o = lines.order
        # texts made once per order and per product, then picked per line
        sku, name, category = (np.array([p[k] for p in demo_lines.PRODUCTS]) for k in (0, 1, 2))
        prices = np.array(_money_en(demo_lines.PRICES.tolist()))
        _write_csv(
            path,
            [
                "Order Number",
                "Order Status",
                "Order Date",
                "Customer User ID",
                "Order Total Amount",
                "Created Via",
                "SKU",
                "Item Name",
                "Category",
                "Quantity",
                "Item Cost",
                "Discount Amount",
            ],
            [
                self.o_ids[o].tolist(),
                ["completed"] * len(o),
                np.array(_iso(self.o_time))[o].tolist(),
                self.ids[self.o_cust[o]].tolist(),
                np.array(_money_en(self.o_cents.tolist()))[o].tolist(),
                self.o_channel[o].tolist(),
                sku[lines.product].tolist(),
                name[lines.product].tolist(),
                category[lines.product].tolist(),
                lines.quantity.tolist(),
                prices[lines.product].tolist(),
                _money_en(lines.discount.tolist()),
            ],
        )

    def _write_customers(self, path: Path) -> None:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        book.properties.creator = "Bindung demo"
        book.properties.created = datetime(2026, 11, 1)
        sheet = book.create_sheet("Kunden")
        sheet.append(
            [
                "Kundennummer",
                "Erstkauf",
                "Akquisekanal",
                "Akquisekosten",
                "Segment",
                "Land",
                "E-Mail",
            ]
        )
        first = _stamps(self.birth).tolist()
        for i in range(self.n):
            sheet.append(
                [
                    int(self.ids[i]),
                    first[i],
                    CHANNEL_NAMES[self.channel[i]],
                    int(self.cac_cents[i]) / 100,
                    "Geschäftskunde" if self.business[i] else "Privatkunde",
                    str(self.country[i]),
                    f"kunde{self.ids[i]}@example.de",
                ]
            )
        buffer = io.BytesIO()
        book.save(buffer)
        path.write_bytes(_deterministic_xlsx(buffer.getvalue()))

    def _write_surveys(self, path: Path) -> None:
        times = _iso(np.array([r[0] for r in self.survey_rows], dtype=np.int64))
        with path.open("w", encoding="utf-8", newline="\n") as fh:
            for i, (row, at) in enumerate(zip(self.survey_rows, times, strict=True)):
                _, cust, survey, score, channel, comment = row
                record = {
                    "response_id": f"S{300_001 + i}",
                    "customer_id": str(self.ids[cust]) if cust >= 0 else None,
                    "submitted_at": at,
                    "survey": survey,
                    "score": score,
                    "channel": channel,
                    "comment": comment or None,
                }
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")

    def _write_costs(self, path: Path) -> None:
        rows = self.cost_rows
        month = np.array([r[0] for r in rows])
        _write_csv(
            path,
            ["Von", "Bis", "Kanal", "Zweck", "Programm", "Betrag"],
            [
                _german(MONTH_STARTS[month], time=False),
                _german(MONTH_STARTS[month + 1] - DAY, time=False),
                [r[1] for r in rows],
                [r[2] for r in rows],
                [r[3] for r in rows],
                _money_de(r[4] for r in rows),
            ],
            delimiter=";",
            encoding="utf-8",
        )

    def _write_loyalty(self, path: Path) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        points = self.l_points
        table = pa.table(
            {
                "Buchungsnummer": [f"L{2_000_001 + i}" for i in range(len(self.l_cust))],
                "Kundennummer": self.ids[self.l_cust].tolist(),
                "Zeitpunkt": pa.array(
                    _stamps(self.l_time).astype("datetime64[s]"), type=pa.timestamp("s")
                ),
                "Programm": ["Treueprogramm"] * len(self.l_cust),
                "Aktion": self.l_kind.tolist(),
                "Punkte": pa.array(points, mask=self.l_kind == "Stufe", type=pa.int64()),
                "Geworbener Kunde": pa.array(
                    [str(self.ids[x]) if x >= 0 else None for x in self.l_ref.tolist()],
                    type=pa.string(),
                ),
            }
        )
        pq.write_table(table, path, compression="zstd")

    # -- ground truth of the reply-speed and multi-channel effects ---------------------
    @staticmethod
    def _month_share(start: Array, end: Array) -> Array:
        """(customers, months): the share of each calendar month inside ``[start, end)``."""
        lo, hi = MONTH_STARTS[:-1][None, :], MONTH_STARTS[1:][None, :]
        inside = np.minimum(hi, end[:, None]) - np.maximum(lo, start[:, None])
        return np.asarray(np.clip(inside, 0, None) / (hi - lo), dtype=np.float64)

    def _natural_in(self, cust: Array, start: Array, end: Array) -> tuple[Array, Array]:
        """Per customer of ``cust``: natural orders (neither win-back nor newsletter) with
        ``start < ordered_at < end`` in the data, and whether there is one."""
        natural = ~(self.o_winback | self.o_newsletter)
        pos = np.full(self.n, -1, dtype=np.int64)
        pos[cust] = np.arange(len(cust))
        at = pos[self.o_cust]
        sel = natural & (at >= 0)
        sel[sel] &= (self.o_time[sel] > start[at[sel]]) & (self.o_time[sel] < end[at[sel]])
        orders = np.bincount(at[sel], minlength=len(cust)).astype(np.float64)
        return orders, orders > 0

    @staticmethod
    def _contrast(with_: Array, without: Array, *, retention: bool = False) -> dict[str, float]:
        t, c = float(with_.mean()), float(without.mean())
        scale = 100.0 if retention else 1.0
        return {
            "with_effect": round(scale * t, 4),
            "without_effect": round(scale * c, 4),
            "difference": round(scale * (t - c), 4),
            "percent": round(100 * (t / c - 1), 2),
        }

    def _outcomes(
        self, cust: Array, start: Array, end: Array, cf: Array, from_month: Array
    ) -> dict[str, dict[str, float]]:
        """Orders and retention in ``(start, end)`` with the effect (the data's natural
        orders) and without (the counterfactual counts ``cf``): the data minus the expected
        orders the effect added, month by month from ``from_month`` (before it, both runs
        are the same) — so both sides share the data's noise."""
        share = self._month_share(start, end)
        share[np.arange(MONTHS)[None, :] < from_month[:, None]] = 0.0
        actual = self.sim.counts[cust]
        orders, bought = self._natural_in(cust, start, end)
        orders_cf = orders - ((actual - cf) * share).sum(axis=1)
        # retention: expected shares on both sides over the months from from_month on (the
        # orders placed uniformly within their month), the earlier months as in the data
        early_start, early_end = start, np.maximum(start, MONTH_STARTS[from_month])
        _, early = self._natural_in(cust, early_start, early_end)

        def kept(counts: Array) -> Array:
            none = np.prod((1 - share) ** counts, axis=1)
            return np.asarray(1 - np.where(early, 0.0, none))

        return {
            "orders": self._contrast(orders, orders_cf),
            "retention": self._contrast(kept(actual), kept(cf), retention=True),
            "retention_in_data_pct": {"with_effect": round(100 * float(bought.mean()), 2)},
        }

    def _first_messages(self) -> tuple[Array, Array, Array, Array]:
        """Per customer with a message needing a reply (a complaint, or a mention linked to
        them): (customers, time of the first, minutes to its first reply (-1 none), kind
        0 complaint / 1 mention) — as the replies answer reads the exports."""
        linked = self.a_customer[self.m_author] >= 0
        men = np.nonzero(linked & self.m_needs)[0]
        cust = np.concatenate([self.c_cust, self.a_customer[self.m_author[men]]])
        at = np.concatenate([self.c_opened, self.m_time[men]])
        reply = np.concatenate([self.c_reply, self.m_reply[men]])
        kind = np.concatenate([np.zeros(len(self.c_cust)), np.ones(len(men))]).astype(np.int64)
        srt = np.lexsort((kind, at, cust))
        cust, at, reply, kind = cust[srt], at[srt], reply[srt], kind[srt]
        first = np.r_[True, cust[1:] != cust[:-1]]
        cust, at, reply, kind = cust[first], at[first], reply[first], kind[first]
        return cust, at, np.where(reply >= 0, reply - at, -1), kind

    def _reply_truth(self) -> dict[str, Any]:
        p = self.p
        cust, at, delay, kind = self._first_messages()
        end = at + REPLY_HORIZON_DAYS * DAY
        complete = end <= self.o_time.max()
        fast = complete & (delay >= 0) & (delay <= REPLY_FAST_MINUTES)
        later = complete & (delay > REPLY_FAST_MINUTES)
        f = np.nonzero(fast)[0]
        month = np.searchsorted(MONTH_STARTS, at[f], side="right") - 1
        effect_from = self.sim.reply_fast_from[cust[f]]
        # a fast first reply in the data whose effect the simulation started later (or not:
        # a complaint the simulation counted after a mention) keeps its own start month
        from_month = np.minimum(effect_from, month + 1)
        # the answer's window is (at, at + 365 days]: _outcomes counts orders strictly inside
        truth = self._outcomes(
            cust[f], at[f], end[f] + 1, self.cf_reply.counts[cust[f]], from_month
        )
        raw_o, _ = self._natural_in(cust[later], at[later], end[later] + 1)
        fast_o, _ = self._natural_in(cust[f], at[f], end[f] + 1)
        business = self.business[cust]
        return {
            "kind": "purchase_rate_multiplier",
            "value": p.reply_fast_effect,
            "fast_minutes": REPLY_FAST_MINUTES,
            "description": (
                f"A customer whose first message needing a reply (a complaint, or a social "
                f"mention that needs a reply, linked through the identities) was answered "
                f"within {REPLY_FAST_MINUTES} minutes buys x{p.reply_fast_effect} as often "
                "from the month after the message on (a complaint: from the second month "
                "after the order that led to it, as it is opened up to ten days later). "
                "Later messages do not change it."
            ),
            "selection": (
                f"Complaints are answered after a log-normal delay (median "
                f"{p.complaint_reply_median:g} minutes, sigma 1.2; 5 % never), business "
                f"customers' (who buy x{p.business_rate} as often) after "
                f"x{p.business_reply_factor} of it; mentions (only fans, who buy more often, "
                "mention the brand) are answered faster than complaints (median 25 minutes "
                "for negative ones, 50 for the others, sigma 1.3), while a complaint follows "
                "an order (complainants have just bought). A plain comparison of fast and "
                "later answered customers mixes these differences with the effect."
            ),
            "comparison": {
                "definition": (
                    "customers by their first message needing a reply (complaint or mention), "
                    f"whose {REPLY_HORIZON_DAYS} days after it end by the last order in the "
                    f"data; answered within {REPLY_FAST_MINUTES} minutes against answered "
                    "later (never answered left out); outcomes in the "
                    f"{REPLY_HORIZON_DAYS} days after the message"
                ),
                "customers_fast": int(fast.sum()),
                "customers_later": int(later.sum()),
                "business_share_fast_pct": round(100 * float(business[fast].mean()), 2),
                "business_share_later_pct": round(100 * float(business[later].mean()), 2),
                "mention_share_fast_pct": round(100 * float(kind[fast].mean()), 2),
                "mention_share_later_pct": round(100 * float(kind[later].mean()), 2),
                "raw_orders_per_customer_fast": round(float(fast_o.mean()), 4),
                "raw_orders_per_customer_later": round(float(raw_o.mean()), 4),
                "raw_orders_percent": round(100 * (float(fast_o.mean() / raw_o.mean()) - 1), 2),
                "causal_effect_on_fast": truth,
                "causal_effect_method": (
                    "the same random numbers simulated again without the reply-speed effect; "
                    "for the customers answered fast: natural orders in the data against the "
                    "data minus the orders the effect added in expectation (month by month, "
                    "the share of each month inside the window); retention as expected shares"
                ),
            },
        }

    def _channel_truth(self) -> dict[str, Any]:
        p = self.p
        cust = np.nonzero(self.multi)[0]
        start = self.birth[cust] + CHANNEL_STATUS_DAYS * DAY
        end = start + CHANNEL_HORIZON_DAYS * DAY
        from_month = np.zeros(len(cust), dtype=np.int64)
        # the answer's window is [start, end): _outcomes counts orders strictly inside
        truth = self._outcomes(cust, start - 1, end, self.cf_channel.counts[cust], from_month)
        took = self.sim.second_month >= 0
        # what a plain comparison shows: the multi-channel against every other customer whose
        # outcome window ends in the data (natural orders)
        every = np.arange(self.n)
        begin = self.birth + CHANNEL_STATUS_DAYS * DAY
        stop = begin + CHANNEL_HORIZON_DAYS * DAY
        orders, _ = self._natural_in(every, begin - 1, stop)
        others = (stop <= self.o_time.max()) & ~self.multi
        raw = float(orders[self.multi].mean() / orders[others].mean() - 1)
        return {
            "kind": "purchase_rate_multiplier",
            "value": p.multichannel_effect,
            "description": (
                f"A customer who has bought in a second sales channel buys "
                f"x{p.multichannel_effect} as often from the month after their first order "
                "there on. Customers buy in their home channel (marketplace customers on the "
                "Marktplatz, the others in the Onlineshop, the App or the Ladengeschäft, "
                f"{HOME_SHARE[:3]}); on each repeat order a single-channel customer takes up "
                f"a second channel with chance {p.second_channel_chance}, and then places "
                f"{p.second_channel_share:.0%} of their later orders there."
            ),
            "selection": (
                "Who orders more often has more chances to take up a second channel: "
                "multi-channel customers are the heavier buyers, and a plain comparison is "
                "biased far upward. Given the number of orders, the take-up is random."
            ),
            "customers_with_a_second_channel": int(took.sum()),
            "comparison": {
                "definition": (
                    "the channels answer's estimand: customers with orders in at least two "
                    f"sales channels in the {CHANNEL_STATUS_DAYS} days from their first order "
                    f"and whose following {CHANNEL_HORIZON_DAYS} days end by the last order; "
                    "outcomes in those days"
                ),
                "multi_channel_customers": len(cust),
                "raw_orders_percent": round(100 * raw, 2),
                "causal_effect_on_multi_channel": truth,
                "causal_effect_method": (
                    "the same random numbers simulated again with these customers taking up "
                    "the second channel no earlier than the last month of their status window "
                    "(as single-channel customers would, later); natural orders in the data "
                    "against the data minus the orders the earlier take-up added in "
                    "expectation; order values do not depend on the channel, so revenue "
                    "changes by the same ratio as orders"
                ),
            },
        }

    # -- ground truth --------------------------------------------------------------------
    def ground_truth(self) -> dict[str, Any]:
        p = self.p
        counts, cf = self.sim.counts, self.counterfactual.counts
        cohort = self.birth_month < OUTCOME_MONTH
        # the orders added on top of the monthly process (win-back coupons, newsletter) are
        # in the data, all of them inside the outcome window
        winback_in_outcome = np.zeros(self.n, dtype=bool)
        winback_in_outcome[self.o_cust[self.o_winback | self.o_newsletter]] = True
        y_data = (counts[:, OUTCOME_MONTH:].sum(axis=1) > 0) | winback_in_outcome
        y_nat = counts[:, OUTCOME_MONTH:].sum(axis=1) > 0
        y_cf = cf[:, OUTCOME_MONTH:].sum(axis=1) > 0
        fans = cohort & self.fan
        non = cohort & ~self.fan
        raw = float(y_data[fans].mean() - y_data[non].mean())
        att = float((y_nat[fans].astype(float) - y_cf[fans]).mean())
        orders_with = counts[fans, OUTCOME_MONTH:].sum()
        orders_without = cf[fans, OUTCOME_MONTH:].sum()
        orders_non = counts[non, OUTCOME_MONTH:].sum()
        lam_fans, lam_non = float(self.lam[self.fan].mean()), float(self.lam[~self.fan].mean())
        members = self.sim.enrolled_month >= 0
        ab_y0, ab_y1, treated = self.ab_y0, self.ab_y1, self.ab_treated
        sate = float((ab_y1.astype(float) - ab_y0).mean())
        orders_total = len(self.o_cust)
        complaint_counts = {OUTCOMES[i][1]: int((self.c_outcome == i).sum()) for i in range(4)}

        def pct(x: float) -> float:
            return round(100 * x, 2)

        return {
            "description": (
                "Bohnenwerk, a synthetic online coffee roaster generated by bindung.demo. "
                "Effects are multipliers of a customer's monthly purchase rate (orders per "
                "month; for small rates the monthly chance of buying again changes by about "
                "the same relative amount) and apply from the calendar month after the event."
            ),
            "generator": {
                "seed": self.seed,
                "customers": self.n,
                "period": {
                    "start": "2023-11-01",
                    "end": "2026-10-31",
                    "months": MONTHS,
                    "timezone": "Europe/Berlin (all export times are local wall-clock)",
                },
                "params": asdict(p),
                "purchase_process": {
                    "model": "BG/NBD-like, in monthly steps (dropout per month)",
                    "unit": "month",
                    "purchase_rate": f"lambda ~ Gamma(shape r={p.r}, rate alpha={p.alpha}), "
                    f"mean {p.r / p.alpha:.3f} orders per month, times the "
                    "channel, segment, season and effect multipliers; orders "
                    "in a month ~ Poisson(rate)",
                    "dropout": f"p ~ Beta(a={p.a}, b={p.b}), mean {p.a / (p.a + p.b):.3f}; a "
                    "customer drops out for good at the end of each month with "
                    "probability p",
                },
                "gamma_gamma": f"order value ~ Gamma(shape {p.p_spend}, rate nu), nu ~ Gamma("
                f"shape {p.q_spend}, rate {p.gamma_spend}); mean "
                f"{p.p_spend * p.gamma_spend / (p.q_spend - 1):.2f} EUR; business "
                f"customers x{p.business_spend}",
                "seasonality": SEASON_BY_MONTH,
                "channels": {
                    name: {
                        "share": c[0],
                        "rate_multiplier": c[1],
                        "mean_acquisition_cost_eur": c[2],
                        "cost_program": c[3],
                    }
                    for name, c in CHANNELS.items()
                },
            },
            "effects": {
                "reply_speed": self._reply_truth(),
                "multichannel": self._channel_truth(),
                "social_engagement": {
                    "kind": "purchase_rate_multiplier",
                    "value": p.fan_effect,
                    "relative_change_pct": pct(p.fan_effect - 1),
                    "description": (
                        f"A customer who follows and interacts with the brand on social media "
                        f"(a 'fan': linked through identities, with interactions) buys "
                        f"{pct(p.fan_effect - 1):g} % more often (purchase rate "
                        f"x{p.fan_effect}) from the calendar month after they start following "
                        "on; their first interaction comes within hours to days of that. The "
                        "effect does not depend on how many interactions follow."
                    ),
                    "selection": {
                        "description": (
                            "Fans are different to begin with: the log-odds of becoming a fan "
                            f"rise by {p.fan_selection} per unit of log(purchase rate), around a "
                            f"base share of {p.fan_share}. A raw fans-vs-others comparison is "
                            "therefore biased upward."
                        ),
                        "fan_selection_slope": p.fan_selection,
                        "fans": int(self.fan.sum()),
                        "mean_purchase_rate_fans": round(lam_fans, 4),
                        "mean_purchase_rate_others": round(lam_non, 4),
                    },
                    "comparison": {
                        "definition": (
                            "customers with a first order before 2025-11-01; outcome: at least "
                            "one order from 2025-11-01 to 2026-10-31; engaged = has at least one "
                            "social interaction (through identities)"
                        ),
                        "customers_engaged": int(fans.sum()),
                        "customers_not_engaged": int(non.sum()),
                        "raw_difference_pp": pct(raw),
                        "causal_effect_on_engaged_pp": pct(att),
                        "orders_per_customer_engaged": round(orders_with / fans.sum(), 3),
                        "orders_per_customer_not_engaged": round(orders_non / non.sum(), 3),
                        "causal_effect_on_engaged_orders_pct": pct(
                            orders_with / orders_without - 1
                        ),
                        "causal_effect_method": (
                            "same random numbers simulated again without the fan effect; "
                            "mean over engaged customers of (repurchase with - without), "
                            "natural orders only"
                        ),
                    },
                },
                "complaint_resolved": {
                    "kind": "purchase_rate_multiplier",
                    "value": p.complaint_resolved,
                    "description": (
                        f"After a complaint that is resolved the customer buys "
                        f"x{p.complaint_resolved} as often (service recovery), from the month "
                        "after the order that caused the complaint on."
                    ),
                },
                "complaint_partly_resolved": {
                    "kind": "purchase_rate_multiplier",
                    "value": p.complaint_partly,
                    "description": "A partly resolved complaint leaves the purchase rate as it "
                    "was.",
                },
                "complaint_unresolved": {
                    "kind": "purchase_rate_multiplier",
                    "value": p.complaint_unresolved,
                    "description": (
                        f"An unresolved complaint cuts the purchase rate to "
                        f"x{p.complaint_unresolved}. Complaints happen in "
                        f"{pct(p.complaint_rate):g} % of months with orders; outcomes "
                        f"resolved/partly/unresolved {p.complaint_outcomes}; those not settled "
                        "by 2026-10-31 are exported as 'open'."
                    ),
                    "complaints_by_outcome": complaint_counts,
                },
                "loyalty_membership": {
                    "kind": "purchase_rate_multiplier",
                    "value": p.loyalty_effect,
                    "description": (
                        f"Joining the Treueprogramm (from 2024-03) raises the purchase rate "
                        f"x{p.loyalty_effect} from the month after enrolment."
                    ),
                    "selection": (
                        f"In a month with orders a customer enrols with probability "
                        f"{p.loyalty_enrol} x (lambda / mean lambda) ** {p.loyalty_selection} "
                        "(max 0.5): frequent buyers join more often."
                    ),
                    "members": int(members.sum()),
                },
                "referred_customers": {
                    "kind": "baseline_rate_multiplier",
                    "value": p.referral_baseline,
                    "description": (
                        f"Customers acquired through 'Empfehlung' buy x{p.referral_baseline} "
                        "as often as comparable customers from the start (a baseline "
                        "difference). Where a member had joined the Treueprogramm before "
                        "their first order, a referral event names them."
                    ),
                    "referred_customers": int((self.channel == REFERRAL).sum()),
                    "referral_events": int((self.l_kind == "Empfehlung").sum()),
                },
                "newsletter_campaigns": {
                    "kind": "repurchase_probability_uplift",
                    "campaigns": {
                        self._campaign_id(send): {
                            "sent_at": str(np.datetime64(START + np.timedelta64(send, "m")))
                            + " Europe/Berlin",
                            **truth,
                        }
                        for (send, *_), truth in zip(self.nl_rows, self.nl_truth, strict=True)
                    },
                    "window_days": NEWSLETTER_WINDOW_DAYS,
                    "holdout_share": NEWSLETTER_HOLDOUT,
                    "conversion_of_non_buyers": p.newsletter_conversion,
                    "description": (
                        "The monthly newsletter goes to the customers whose e-mail is known "
                        "(the identities) and who had ordered by the sending; 10 % of them are "
                        "held out at random each time. A recipient who would not have ordered "
                        f"in the {NEWSLETTER_WINDOW_DAYS} days after sending orders with "
                        f"probability {p.newsletter_conversion} (within 20 days). uplift_pp is "
                        "the difference between both potential outcomes averaged over the "
                        "audience (recipients and holdout): the recipients-minus-holdout "
                        "difference in the share with an order in the window estimates it "
                        "without bias."
                    ),
                },
                "winback_ab_test": {
                    "kind": "repurchase_probability_uplift",
                    "experiment": EXPERIMENT,
                    "variants": ["control", "treatment"],
                    "assigned_at": "2026-05-01 09:00 Europe/Berlin",
                    "window": {
                        "start": "2026-05-01",
                        "end": "2026-07-31",
                        "end_exclusive": "2026-08-01",
                    },
                    "eligible": "first order before 2025-05-01 and no order from 2025-11-01 to "
                    "2026-04-30; randomised 50/50",
                    "value": pct(sate),
                    "uplift_pp": pct(sate),
                    "conversion_of_non_buyers": p.winback_conversion,
                    "expected_uplift_pp": pct(p.winback_conversion * (1 - ab_y0.mean())),
                    "natural_repurchase_rate_pct": pct(float(ab_y0.mean())),
                    "customers": len(ab_y0),
                    "treatment": int(treated.sum()),
                    "control": int((~treated).sum()),
                    "description": (
                        f"A treated customer who would not have ordered in May-July 2026 "
                        f"orders with the win-back coupon with probability "
                        f"{p.winback_conversion}. uplift_pp is the difference between both "
                        "potential outcomes averaged over all assigned customers: the "
                        "treatment-minus-control difference in the share of customers with an "
                        "order in the window estimates it without bias."
                    ),
                },
            },
            "themes": self.text_truth,
            "counts": {
                "campaigns": len(self.nl_rows),
                "campaign_recipients": sum(len(r[1]) for r in self.nl_rows),
                "newsletter_orders": int(self.o_newsletter.sum()),
                "customers": self.n,
                "orders": orders_total,
                "winback_orders": int(self.o_winback.sum()),
                "returns": len(self.r_order),
                "subscription_rows": len(self.s_rows),
                "survey_responses": len(self.survey_rows),
                "social_posts": len(self.p_ids),
                "social_interactions": len(self.i_actor),
                "social_mentions": len(self.m_author),
                "identities": int((self.a_customer >= 0).sum()) + len(self.email_identity),
                "complaints": len(self.c_cust),
                "costs": len(self.cost_rows),
                "loyalty_events": len(self.l_cust),
                "assignments": len(self.ab_customers),
            },
        }
