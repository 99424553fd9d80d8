"""The demo business: deterministic files in real-world formats that import without rejects,
with planted effects that the stored data reproduces."""

from __future__ import annotations

import json
import math
import re
import time
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bindung import ImportResult, Workspace, demo
from bindung.store import schema

SMALL = 3000  # customers in the module's demo workspace
Z95 = 1.959964


def utc(text: str) -> datetime:
    """Local midnight of ``'2026-05-01'`` in Europe/Berlin as a naive UTC timestamp."""
    local = datetime.fromisoformat(text).replace(tzinfo=ZoneInfo("Europe/Berlin"))
    return local.astimezone(UTC).replace(tzinfo=None)


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Workspace, list[ImportResult], Path]]:
    folder = tmp_path_factory.mktemp("demo")
    ws, results = demo.build(folder, customers=SMALL)
    yield ws, results, folder
    ws.close()


def truth(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "exports" / demo.GROUND_TRUTH).read_text("utf-8"))
    return data


def ab_estimate(ws: Workspace) -> tuple[float, float, float, int, int]:
    """(treatment rate, control rate, standard error of the difference, n_t, n_c)."""
    rows = ws.sql(
        """SELECT a.variant, EXISTS (
               SELECT 1 FROM orders o WHERE o.customer_id = a.customer_id
               AND o.ordered_at >= ? AND o.ordered_at < ?) AS bought
           FROM assignments a WHERE a.experiment = ?""",
        [utc("2026-05-01"), utc("2026-08-01"), demo.EXPERIMENT],
    )
    rates = rows.groupby("variant")["bought"].agg(["mean", "count"]).to_dict("index")
    p_t, n_t = float(rates["treatment"]["mean"]), int(rates["treatment"]["count"])
    p_c, n_c = float(rates["control"]["mean"]), int(rates["control"]["count"])
    se = math.sqrt(p_t * (1 - p_t) / n_t + p_c * (1 - p_c) / n_c)
    return p_t, p_c, se, n_t, n_c


def assert_ab_recovered(ws: Workspace, folder: Path) -> None:
    planted = truth(folder)["effects"]["winback_ab_test"]["uplift_pp"] / 100
    p_t, p_c, se, n_t, n_c = ab_estimate(ws)
    diff = p_t - p_c
    low, high = diff - Z95 * se, diff + Z95 * se
    assert n_t > 100 and n_c > 100
    assert low <= planted <= high, (diff, se, planted)
    assert low > 0, "the win-back coupon works: the interval excludes zero"


# ----------------------------------------------------------------------------- determinism


def test_same_seed_gives_identical_files(
    built: tuple[Workspace, list[ImportResult], Path], tmp_path: Path
) -> None:
    _, _, folder = built
    again = demo.generate(tmp_path / "again", customers=SMALL)
    names = [*demo.FILES.values(), demo.GROUND_TRUTH]
    assert set(again) == set(schema.KINDS) | set(demo.LINE_IMPORTS)
    for name in names:
        first = (folder / "exports" / name).read_bytes()
        second = (tmp_path / "again" / "exports" / name).read_bytes()
        assert first == second, name


def test_other_seed_gives_other_files(
    built: tuple[Workspace, list[ImportResult], Path], tmp_path: Path
) -> None:
    _, _, folder = built
    other = demo.generate(tmp_path / "other", seed=8, customers=SMALL)
    for kind in ("customers", "orders", "social_interactions", "loyalty_events"):
        assert other[kind].read_bytes() != (folder / "exports" / demo.FILES[kind]).read_bytes()


# ----------------------------------------------------------------------------- import


def test_every_table_filled_without_rejects(
    built: tuple[Workspace, list[ImportResult], Path],
) -> None:
    ws, results, folder = built
    tables, line_imports = results[: len(demo.IMPORT_ORDER)], results[len(demo.IMPORT_ORDER) :]
    assert [r.kind for r in tables] == list(demo.IMPORT_ORDER)
    assert set(demo.IMPORT_ORDER) == set(schema.KINDS)
    for r in tables:
        assert r.rejected == 0, (r.kind, r.rejects[:3])
        assert r.read == r.stored > 0, r.kind
        assert r.duplicates == 0 and r.status == "ok", r.kind
    counts = ws.counts()
    assert all(counts[kind] > 0 for kind in schema.KINDS), counts
    assert counts["customers"] == SMALL
    # The order lines (one row per product, WooCommerce) repeat the orders export's orders
    # exactly: every row is a duplicate of a stored order, and the lines are stored.
    lines = truth(folder)["counts"]["order_lines"]
    assert [r.kind for r in line_imports] == list(demo.LINE_IMPORTS.values())
    (r,) = line_imports
    assert r.rejected == 0 and r.stored == 0 and r.read == r.duplicates == lines
    assert r.status == "ok"
    assert counts.pop("order_lines") == lines
    assert {r.kind: r.stored for r in tables} == counts


def test_counts_match_ground_truth(built: tuple[Workspace, list[ImportResult], Path]) -> None:
    ws, _, folder = built
    expected = truth(folder)["counts"]
    counts = ws.counts()
    for kind, n in expected.items():
        if kind in counts:
            assert counts[kind] == n, kind
    assert expected["subscription_rows"] == counts["subscriptions"]


def test_order_lines_add_up_to_their_orders(
    built: tuple[Workspace, list[ImportResult], Path],
) -> None:
    ws, _, _ = built
    per_order = ws.sql(
        """SELECT o.order_id, o.items, o.revenue, o.customer_id, count(l.line) AS n,
            sum(l.quantity) AS qty, sum(l.quantity * l.unit_price - l.discount) AS net,
            count(DISTINCT l.customer_id) AS custs, max(l.customer_id) AS cust,
            count(l.category) AS with_category
        FROM orders o LEFT JOIN order_lines l USING (order_id) GROUP BY ALL"""
    )
    assert (per_order["n"] >= 1).all()  # every order has lines
    assert (per_order["qty"] == per_order["items"]).all()
    assert (per_order["net"].astype(float) <= per_order["revenue"].astype(float) + 0.005).all()
    assert (per_order["cust"] == per_order["customer_id"]).all()
    assert (per_order["with_category"] == per_order["n"]).all()
    categories = set(ws.sql("SELECT DISTINCT category FROM order_lines")["category"])
    assert categories == {"Kaffee", "Espresso", "Entkoffeiniert", "Zubehör", "Geschenkset"}


def test_stored_values_are_consistent(built: tuple[Workspace, list[ImportResult], Path]) -> None:
    ws, _, _ = built
    one = ws.sql  # each query below returns one row
    # first_seen from the customer list equals the first order
    assert (
        one("""SELECT count(*) AS n FROM customers c JOIN (
        SELECT customer_id, min(ordered_at) AS f FROM orders GROUP BY 1) o USING (customer_id)
        WHERE c.first_seen <> o.f""")["n"][0]
        == 0
    )
    assert (
        one("""SELECT count(*) AS n FROM returns r JOIN orders o USING (order_id)
        WHERE r.amount > o.revenue OR r.returned_at < o.ordered_at
           OR r.customer_id <> o.customer_id""")["n"][0]
        == 0
    )
    # nothing after 2026-10-31 (local)
    last = one("""SELECT greatest(max(o.ordered_at), (SELECT max("at") FROM social_interactions),
        (SELECT max(resolved_at) FROM social_mentions), (SELECT max(resolved_at) FROM complaints),
        (SELECT max("at") FROM loyalty_events)) AS t FROM orders o""")["t"][0]
    assert last < utc("2026-11-01")
    # the e-mail identities hash to the customers' e-mail hashes
    assert (
        one("""SELECT count(*) AS n FROM identities i LEFT JOIN customers c
        ON c.email_hash = i.handle AND c.customer_id = i.customer_id
        WHERE i.platform = 'email' AND c.customer_id IS NULL""")["n"][0]
        == 0
    )
    # German words became the stored categories
    outcomes = set(one("SELECT DISTINCT outcome FROM complaints")["outcome"])
    assert outcomes <= {"resolved", "partly_resolved", "unresolved", "open"}
    assert {"resolved", "unresolved"} <= outcomes
    kinds = set(one("SELECT DISTINCT kind FROM loyalty_events")["kind"])
    assert kinds == {"enroll", "earn", "redeem", "tier", "referral"}
    purposes = set(one("SELECT DISTINCT purpose FROM costs")["purpose"])
    assert purposes == {"retention", "acquisition", "mixed"}
    surveys = set(one("SELECT DISTINCT survey FROM survey_responses")["survey"])
    assert surveys == {"nps", "smcss", "csat"}
    # referrals name customers who exist and who came through 'Empfehlung'
    assert (
        one("""SELECT count(*) AS n FROM loyalty_events l JOIN customers c
        ON c.customer_id = l.referred_customer_id
        WHERE l.kind = 'referral' AND c.acquisition_channel <> 'Empfehlung'""")["n"][0]
        == 0
    )
    # upgrades and downgrades: the old row ends where the new one begins
    assert (
        one("""SELECT count(*) AS n FROM subscriptions s JOIN subscriptions t
        ON t.customer_id = s.customer_id AND t.started_at = s.ended_at""")["n"][0]
        > 0
    )


# ----------------------------------------------------------------------------- formats


def test_files_are_in_the_stated_formats(
    built: tuple[Workspace, list[ImportResult], Path],
) -> None:
    _, _, folder = built
    ex = folder / "exports"
    orders = (ex / demo.FILES["orders"]).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        orders.decode("utf-8")  # 'Ladengeschäft' in Windows-1252
    text = orders.decode("cp1252")
    lines = text.split("\r\n")
    assert lines[0] == "Bestellnummer;Kundennummer;Bestelldatum;Bestellwert;Anzahl;Kanal"
    assert "\n" not in text.replace("\r\n", "")
    fields = [line.split(";") for line in lines[1:] if line]
    assert all(len(f) == 6 for f in fields)
    assert all(re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", f[2]) for f in fields)
    assert all(re.fullmatch(r"\d{1,3}(\.\d{3})*,\d\d", f[3]) for f in fields)
    assert any(f[5] == "Ladengeschäft" for f in fields)

    customers = ex / demo.FILES["customers"]
    assert zipfile.is_zipfile(customers)
    with zipfile.ZipFile(customers) as book:
        assert "xl/workbook.xml" in book.namelist()
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    for header in ("Kundennummer", "Erstkauf", "Akquisekanal", "Akquisekosten", "E-Mail"):
        assert header in sheet

    for kind in ("returns", "complaints"):
        raw = (ex / demo.FILES[kind]).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and b";" in raw.splitlines()[0], kind
    assert "Gelöst am" in (ex / demo.FILES["complaints"]).read_text("utf-8-sig")
    costs = (ex / demo.FILES["costs"]).read_text("utf-8").splitlines()
    assert costs[0] == "Von;Bis;Kanal;Zweck;Programm;Betrag"
    assert re.match(r"\d\d\.\d\d\.\d{4};\d\d\.\d\d\.\d{4};", costs[1])
    assert (ex / demo.FILES["loyalty_events"]).read_bytes()[:4] == b"PAR1"
    for line in (ex / demo.FILES["survey_responses"]).read_text("utf-8").splitlines():
        assert isinstance(json.loads(line)["score"], int)
    subs = (ex / demo.FILES["subscriptions"]).read_text("utf-8").splitlines()
    assert subs[0].split(",")[0] == "subscription_id"
    assert re.search(r",\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d,", subs[1])
    for kind in (
        "social_posts",
        "social_interactions",
        "social_mentions",
        "identities",
        "assignments",
        "goals",
    ):
        assert "," in (ex / demo.FILES[kind]).read_text("utf-8").splitlines()[0], kind


def test_no_times_in_the_daylight_saving_hour(
    built: tuple[Workspace, list[ImportResult], Path],
) -> None:
    _, _, folder = built
    for kind, encoding in (
        ("orders", "cp1252"),
        ("returns", "utf-8-sig"),
        ("complaints", "utf-8-sig"),
    ):
        assert " 02:" not in (folder / "exports" / demo.FILES[kind]).read_text(encoding)
    for kind in ("subscriptions", "social_interactions", "social_mentions"):
        assert "T02:" not in (folder / "exports" / demo.FILES[kind]).read_text("utf-8")


# ----------------------------------------------------------------------------- ground truth


def test_ground_truth_lists_the_planted_effects(
    built: tuple[Workspace, list[ImportResult], Path],
) -> None:
    _, _, folder = built
    gt = truth(folder)
    gen = gt["generator"]
    assert gen["seed"] == 7 and gen["customers"] == SMALL
    assert gen["period"]["start"] == "2023-11-01" and gen["period"]["end"] == "2026-10-31"
    for name in ("r", "alpha", "a", "b", "p_spend", "q_spend", "gamma_spend"):
        assert isinstance(gen["params"][name], float)
    effects = gt["effects"]
    for name in (
        "social_engagement",
        "complaint_resolved",
        "complaint_unresolved",
        "loyalty_membership",
        "referred_customers",
        "winback_ab_test",
        "reply_speed",
        "multichannel",
    ):
        effect = effects[name]
        assert isinstance(effect["value"], float | int), name
        assert len(effect["description"]) > 40, name
    social = effects["social_engagement"]
    assert social["value"] > 1
    assert "selection" in social and social["selection"]["fan_selection_slope"] > 0
    sel = social["selection"]
    assert sel["mean_purchase_rate_fans"] > sel["mean_purchase_rate_others"]
    assert effects["complaint_resolved"]["value"] > 1 > effects["complaint_unresolved"]["value"]
    assert effects["winback_ab_test"]["uplift_pp"] > 0


# ----------------------------------------------------------------------------- planted effects


def test_the_exports_carry_the_reply_delays_and_channels_the_simulation_decided() -> None:
    """The reply-speed and multi-channel effects act on what the files show: every exported
    complaint's first reply comes exactly the simulated delay after its opening (or never, as
    simulated); a customer whose first message the exports show answered within 30 minutes got
    the effect in the simulation (a complaint the simulation counted after a mention aside);
    and a customer with orders in two sales channels is one the simulation let take up a
    second channel, in the month of their first order there."""
    import numpy as np

    b = demo._Business(7, 3000, demo.Params())
    sim = b.sim
    # complaints: the exported delays within the hour are simulated ones (a reply after 02:00
    # is moved past the skipped hour, which no reply within the hour of a message opened from
    # 06:00 on reaches), and no complaint the simulation left unanswered has a reply
    from collections import Counter

    answered = b.c_reply >= 0
    exported = Counter((b.c_reply[answered] - b.c_opened[answered]).tolist())
    simulated = Counter(sim.complaint_delay[~sim.complaint_unanswered].tolist())
    fast = Counter({d: k for d, k in exported.items() if d <= 60})
    assert fast and not fast - simulated
    assert answered.sum() <= (~sim.complaint_unanswered).sum()
    cust, at, delay, _ = b._first_messages()
    fast = (delay >= 0) & (delay <= demo.REPLY_FAST_MINUTES)
    month = np.searchsorted(demo.MONTH_STARTS, at, side="right") - 1
    effect_from = sim.reply_fast_from[cust[fast]]
    assert np.mean(effect_from <= month[fast] + 2) > 0.95
    slow = delay > demo.REPLY_FAST_MINUTES
    assert np.mean(sim.reply_fast_from[cust[slow]] >= demo.NEVER_MONTH) > 0.95
    # channels: an order off the home channel only after the simulated take-up
    home = np.array(demo.SALES_CHANNELS)[b.home_channel[b.o_cust]]
    away = b.o_channel != home
    took = sim.second_month[b.o_cust[away]]
    month_of = np.searchsorted(demo.MONTH_STARTS, b.o_time[away], side="right") - 1
    assert away.any() and (took >= 0).all() and (month_of >= took).all()


def test_ab_effect_is_recovered(built: tuple[Workspace, list[ImportResult], Path]) -> None:
    ws, _, folder = built
    assert_ab_recovered(ws, folder)


def test_fans_vs_others_is_biased_by_selection(
    built: tuple[Workspace, list[ImportResult], Path],
) -> None:
    """The raw engaged-vs-not difference in repurchase exceeds the planted causal effect."""
    ws, _, folder = built
    rows = ws.sql(
        """WITH engaged AS (
               SELECT DISTINCT i.customer_id FROM identities i
               JOIN social_interactions s ON s.platform = i.platform AND s.actor = i.handle)
           SELECT c.customer_id, c.customer_id IN (SELECT customer_id FROM engaged) AS engaged,
                  EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id
                          AND o.ordered_at >= ?) AS bought
           FROM customers c WHERE c.first_seen < ?""",
        [utc("2025-11-01"), utc("2025-11-01")],
    )
    rates = rows.groupby("engaged")["bought"].mean()
    raw_pp = 100 * float(rates[True] - rates[False])
    comparison = truth(folder)["effects"]["social_engagement"]["comparison"]
    # the stored data reproduce the generator's own comparison ...
    assert raw_pp == pytest.approx(comparison["raw_difference_pp"], abs=0.01)
    assert int(rows["engaged"].sum()) == comparison["customers_engaged"]
    # ... and the raw difference is far larger than the causal effect on the same customers
    assert raw_pp > comparison["causal_effect_on_engaged_pp"] + 3


# ----------------------------------------------------------------------------- full size


@pytest.mark.slow
def test_full_demo_builds_fast_and_recovers_the_ab_effect(tmp_path: Path) -> None:
    started = time.perf_counter()
    ws, results = demo.build(tmp_path / "full")
    elapsed = time.perf_counter() - started
    try:
        assert elapsed < 120, f"build of 20,000 customers took {elapsed:.1f} s"
        tables = results[: len(demo.IMPORT_ORDER)]
        assert all(r.rejected == 0 and r.read == r.stored for r in tables)
        assert all(r.rejected == 0 and r.stored == 0 for r in results[len(tables) :])
        counts = ws.counts()
        assert counts["customers"] == 20_000
        assert 80_000 <= counts["orders"] <= 130_000
        assert_ab_recovered(ws, tmp_path / "full")
    finally:
        ws.close()
