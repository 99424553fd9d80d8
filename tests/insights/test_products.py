"""What customers buy: a hand-made shop whose repeat rates, days to the second order, pairs
(support, confidence, lift), next products, re-order intervals and due list are counted by
hand below; and the demo's planted pair and re-order rule recovered."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import bindung
from bindung.insights.products import NoOrderLines, ProductsResult, product_insights
from bindung.report.products import products_section
from bindung.workspace import Workspace

# (order, customer, date (12:00 UTC), lines: (sku, quantity, unit price))
ORDERS: tuple[tuple[str, str, str, tuple[tuple[str, int, float], ...]], ...] = (
    ("o01", "A", "2023-01-01", (("K1", 1, 30.0), ("F1", 1, 5.0))),
    ("o02", "A", "2023-02-10", (("K1", 1, 30.0),)),
    ("o03", "A", "2023-03-22", (("K1", 1, 30.0),)),
    ("o04", "A", "2023-05-01", (("K1", 1, 30.0), ("F1", 1, 5.0))),
    ("o05", "B", "2023-02-01", (("K1", 1, 30.0),)),
    ("o06", "B", "2023-03-13", (("K1", 1, 30.0), ("M1", 1, 60.0))),
    ("o07", "B", "2023-05-12", (("K1", 1, 30.0),)),
    ("o08", "C", "2023-03-01", (("F1", 2, 5.0), ("M1", 1, 60.0))),
    ("o09", "D", "2023-04-01", (("M1", 1, 60.0), ("F1", 1, 5.0))),
    ("o10", "D", "2024-04-01", (("F1", 1, 5.0),)),
    ("o11", "E", "2023-06-01", (("E1", 1, 10.0),)),
    ("o12", "E", "2023-06-21", (("E1", 1, 10.0),)),
    ("o13", "G", "2024-10-01", (("K1", 1, 30.0), ("F1", 1, 5.0))),
    ("o14", "G", "2024-11-20", (("K1", 1, 30.0),)),
    ("o15", "Z", "2025-01-01", (("F1", 1, 5.0),)),
)
# C's second order comes from an export without lines (one row per order)
PLAIN = "order_id,customer_id,ordered_at,revenue\no16,C,2023-09-01 12:00:00,20.00\n"
NAMES = {
    "K1": ("Kaffee 1 kg", "Kaffee"),
    "F1": ("Filterpapier", "Zubehör"),
    "M1": ("Handmühle", "Zubehör"),
    "E1": ("Espresso 250 g", "Espresso"),
}
CUSTOMERS = pd.DataFrame(
    {
        "customer_id": ["A", "B", "C", "D", "E", "G"],
        "segment": ["champions", "champions", "loyal", "loyal", "loyal", "new"],
        "clv": [100.0, 200.0, 50.0, 10.0, 40.0, 300.0],
    }
)


def _lines_csv() -> str:
    rows = [
        "Order Number,Order Status,Order Date,Customer User ID,Order Total Amount,SKU,"
        "Item Name,Category,Quantity,Item Cost"
    ]
    for order, customer, day, lines in ORDERS:
        total = sum(q * p for _, q, p in lines)
        for sku, q, p in lines:
            name, category = NAMES[sku]
            rows.append(
                f"{order},completed,{day} 12:00:00,{customer},{total:.2f},{sku},{name},"
                f"{category},{q},{p:.2f}"
            )
    return "\n".join(rows) + "\n"


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[Workspace]:
    ws = bindung.init(tmp_path / "shop", locale="en_GB", timezone="UTC")
    (tmp_path / "plain.csv").write_text(PLAIN, encoding="utf-8")
    (tmp_path / "lines.csv").write_text(_lines_csv(), encoding="utf-8")
    assert ws.import_file("orders", tmp_path / "plain.csv").stored == 1
    r = ws.import_file("orders", tmp_path / "lines.csv")
    assert r.rejected == 0 and r.stored == len(ORDERS)
    yield ws
    ws.close()


@pytest.fixture
def result(shop: Workspace) -> ProductsResult:
    return product_insights(
        shop, customers=CUSTOMERS, min_pair_orders=2, min_pair_share=0.0, rebuys=1, min_rebuyers=2
    )


def _row(frame: pd.DataFrame, column: str, value: str) -> dict[str, object]:
    rows = frame[frame[column] == value].to_dict("records")
    assert len(rows) == 1, (value, frame)
    return rows[0]


def test_counts(result: ProductsResult) -> None:
    assert result.orders == 15  # o16 has no lines
    assert result.lines == sum(len(o[3]) for o in ORDERS)
    assert result.products == 4
    assert result.customers == 7  # A, B, C, D, E, G, Z: first orders with lines
    assert str(result.as_of) == "2025-01-01 12:00:00"


@pytest.mark.parametrize(
    ("product", "customers", "observed", "repeaters", "median_days", "mean_clv"),
    [
        # A (40 d), B (40 d) observed and back; G too recent; CLV (100 + 200 + 300) / 3
        ("K1", 3, 2, 2, 40.0, 200.0),
        # C back after 184 d (o16, an order without lines); D after 366 d: not within a year
        ("M1", 2, 2, 1, 184.0, 30.0),
        ("E1", 1, 1, 1, 20.0, 40.0),
        # Z: first order at the end of the data, not observed, no CLV
        ("F1", 1, 0, 0, math.nan, math.nan),
    ],
)
def test_first_product_hand_counted(
    result: ProductsResult,
    product: str,
    customers: int,
    observed: int,
    repeaters: int,
    median_days: float,
    mean_clv: float,
) -> None:
    row = _row(result.first_product, "product", product)
    assert row["name"] == NAMES[product][0] and row["category"] == NAMES[product][1]
    assert (row["customers"], row["observed"], row["repeaters"]) == (
        customers,
        observed,
        repeaters,
    )
    expected_rate = 100 * repeaters / observed if observed else math.nan
    assert row["repeat_rate"] == pytest.approx(expected_rate, nan_ok=True)
    assert row["median_days"] == pytest.approx(median_days, nan_ok=True)
    assert row["mean_clv"] == pytest.approx(mean_clv, nan_ok=True)


def test_first_product_is_the_largest_line(result: ProductsResult) -> None:
    # C's first order: 2 x 5.00 Filterpapier and 1 x 60.00 Handmühle -> Handmühle
    assert set(result.first_product["product"]) == {"K1", "M1", "E1", "F1"}


@pytest.mark.parametrize(
    ("category", "customers", "observed", "repeaters", "median_days", "mean_clv"),
    [
        ("Kaffee", 3, 2, 2, 40.0, 200.0),
        ("Zubehör", 3, 2, 1, 184.0, 30.0),  # C, D (M1) and Z (F1)
        ("Espresso", 1, 1, 1, 20.0, 40.0),
    ],
)
def test_first_category_hand_counted(
    result: ProductsResult,
    category: str,
    customers: int,
    observed: int,
    repeaters: int,
    median_days: float,
    mean_clv: float,
) -> None:
    row = _row(result.first_category, "category", category)
    assert (row["customers"], row["observed"], row["repeaters"]) == (
        customers,
        observed,
        repeaters,
    )
    assert row["repeat_rate"] == pytest.approx(100 * repeaters / observed)
    assert row["median_days"] == pytest.approx(median_days)
    assert row["mean_clv"] == pytest.approx(mean_clv)


def test_pairs_hand_counted(result: ProductsResult) -> None:
    # 15 orders with lines: K1 in 9, F1 in 7, M1 in 3; K1+F1 in o01, o04, o13; F1+M1 in o08,
    # o09; K1+M1 only in o06 (below the minimum of 2 orders)
    pairs = result.pairs
    assert list(zip(pairs["product_a"], pairs["product_b"], strict=True)) == [
        ("F1", "M1"),
        ("F1", "K1"),
    ]
    fm, fk = pairs.to_dict("records")
    assert (fm["orders"], fm["orders_a"], fm["orders_b"]) == (2, 7, 3)
    assert fm["support"] == pytest.approx(100 * 2 / 15)
    assert fm["confidence_ab"] == pytest.approx(100 * 2 / 7)
    assert fm["confidence_ba"] == pytest.approx(100 * 2 / 3)
    assert fm["lift"] == pytest.approx(2 * 15 / (7 * 3))
    assert (fk["orders"], fk["orders_a"], fk["orders_b"]) == (3, 7, 9)
    assert fk["support"] == pytest.approx(20.0)
    assert fk["confidence_ab"] == pytest.approx(100 * 3 / 7)
    assert fk["confidence_ba"] == pytest.approx(100 * 3 / 9)
    assert fk["lift"] == pytest.approx(3 * 15 / (7 * 9))


def test_pairs_need_the_minimum_support(shop: Workspace) -> None:
    r = product_insights(shop, customers=CUSTOMERS, min_pair_orders=3, min_pair_share=0.0)
    assert list(r.pairs["product_b"]) == ["K1"]  # only K1+F1 is in 3 orders
    # the share wins when it asks for more: 0.2 x 15 = 3 orders
    r = product_insights(shop, customers=CUSTOMERS, min_pair_orders=1, min_pair_share=0.2)
    assert list(r.pairs["product_b"]) == ["K1"]


def test_next_product_per_segment_hand_counted(result: ProductsResult) -> None:
    nxt = result.next_product.set_index("segment")
    # champions A, B: K1 bought by both (typical); later: A bought F1 after K1, B M1: a tie,
    # the first id wins -> F1; 1 of 2 bought it later; B has K1 and never F1 -> audience 1
    champions = nxt.loc["champions"]
    assert (champions["typical"], champions["suggestion"]) == ("K1", "F1")
    assert (champions["buyers"], champions["later"], champions["audience"]) == (2, 1, 1)
    assert champions["later_share"] == pytest.approx(50.0)
    # loyal C, D, E: F1 (C, D) and M1 (C, D) tie -> F1; nothing bought after F1 -> none
    loyal = nxt.loc["loyal"]
    assert (loyal["typical"], loyal["buyers"], loyal["later"]) == ("F1", 2, 0)
    assert pd.isna(loyal["suggestion"]) and pd.isna(loyal["audience"])
    # new G: F1 and K1 tie -> F1; K1 bought again on 2024-11-20 -> K1, G has it: audience 0
    new = nxt.loc["new"]
    assert (new["typical"], new["suggestion"], new["later"], new["audience"]) == ("F1", "K1", 1, 0)


def test_replenishment_hand_counted(result: ProductsResult) -> None:
    rep = result.replenishment.set_index("product")
    # rebuys=1, min_rebuyers=2: K1 (A 4x, B 3x, G 2x) and F1 (A 2x, D 2x); E1 only E
    assert list(rep.index) == ["K1", "F1"]
    k1, f1 = rep.loc["K1"], rep.loc["F1"]
    # K1 intervals: A 40, 40, 40; B 40, 60; G 50 -> sorted 40 40 40 40 50 60
    assert (k1["customers"], k1["rebuyers"], k1["intervals"]) == (3, 3, 6)
    assert k1["median_days"] == pytest.approx(40.0)
    assert k1["p25_days"] == pytest.approx(40.0)
    assert k1["p75_days"] == pytest.approx(47.5)  # position 3.75: between 40 and 50
    assert k1["p90_days"] == pytest.approx(55.0)  # position 4.5 between 50 and 60
    # F1 intervals: A 120 (o01 -> o04), D 366 (o09 -> o10); bought by A, C, D, G, Z
    assert (f1["customers"], f1["rebuyers"], f1["intervals"]) == (5, 2, 2)
    assert f1["median_days"] == pytest.approx(243.0)
    assert f1["p90_days"] == pytest.approx(120 + 0.9 * 246)


def test_due_list_hand_counted(result: ProductsResult) -> None:
    # G: K1 last on 2024-11-20, 42 days before the end: 40 < 42 <= 55 -> due (CLV 300)
    # D: F1 last on 2024-04-01, 275 days: 243 < 275 <= 341.4 -> due (CLV 10)
    # A (K1 611 days, F1 611), B (K1 600), C, G (F1 92), Z (F1 0): not due
    due = result.due
    assert list(zip(due["customer_id"], due["product"], strict=True)) == [
        ("G", "K1"),
        ("D", "F1"),
    ]
    assert list(due["days_since"]) == pytest.approx([42.0, 275.0])
    assert list(due["typical_days"]) == pytest.approx([40.0, 243.0])
    assert list(due["segment"]) == ["new", "loyal"]
    assert list(due["times"]) == [2, 2]


def test_section_tables_and_english_findings(shop: Workspace) -> None:
    section = products_section(
        shop, CUSTOMERS, min_pair_orders=2, min_pair_share=0.0, rebuys=1, min_rebuyers=2
    )
    assert [t.key for t in section.tables] == [
        "first_product",
        "first_category",
        "pairs",
        "next_product",
        "replenishment",
        "due",
    ]
    texts = " ".join(f.en for f in section.findings)
    assert "Filterpapier and Handmühle are bought together 1.4 times as often" in texts
    assert "66.7\u00a0% of the orders with Handmühle also hold Filterpapier" in texts
    assert "Kaffee 1 kg is re-ordered typically every 40 days" in texts
    assert "1 customers are due now" in texts
    assert section.meta["order_lines"] == sum(len(o[3]) for o in ORDERS)


def test_without_order_lines_a_finding_names_the_exports(tmp_path: Path) -> None:
    ws = bindung.init(tmp_path / "plain", locale="en_GB")
    try:
        (tmp_path / "plain.csv").write_text(PLAIN, encoding="utf-8")
        ws.import_file("orders", tmp_path / "plain.csv")
        with pytest.raises(NoOrderLines):
            product_insights(ws)
        section = products_section(ws, None)
        assert all(t.frame.empty for t in section.tables)
        (finding,) = section.findings
        assert finding.level == "warning"
        for export in ("Shopify", "WooCommerce"):
            assert export in finding.en
        assert "Shopware 6's order export names its products only as ids" in finding.en
    finally:
        ws.close()


@pytest.mark.slow
def test_demo_pair_and_reorder_interval_recovered(tmp_path: Path) -> None:
    """The planted pair's counts and lift, and the 1 kg bags' re-order intervals, as the
    generator counted them on its own arrays (ground_truth.json).  The pair counts are exact
    (same orders); the intervals may differ by the daylight saving hour (the generator counts
    in local wall-clock time, the store in UTC): 1/24 day, so a tolerance of 0.05 days."""
    from bindung import demo

    ws, _ = demo.build(tmp_path / "demo")
    try:
        truth = json.loads((tmp_path / "demo" / "exports" / demo.GROUND_TRUTH).read_text())
        planted = truth["products"]
        r = product_insights(ws)
        pair = planted["planted_pair"]
        row = _row(r.pairs.assign(key=r.pairs["product_b"]), "key", pair["products"][0])
        assert row["product_a"] == pair["products"][1]
        assert r.orders == pair["orders"]
        assert (row["orders"], row["orders_b"], row["orders_a"]) == (
            pair["orders_with_both"],
            pair["orders_with_first"],
            pair["orders_with_second"],
        )
        assert row["lift"] == pytest.approx(pair["lift"], abs=0.001)
        assert r.pairs.iloc[0]["lift"] == row["lift"]  # the planted pair leads
        reorder = planted["reorder_interval"]
        rep = r.replenishment.set_index("product")
        for sku, median in reorder["median_days_by_sku"].items():
            assert rep.loc[sku, "median_days"] == pytest.approx(median, abs=0.05), sku
            # the rule: never sooner than the planted interval
            assert rep.loc[sku, "p25_days"] >= reorder["min_days"] - 0.05
    finally:
        ws.close()


def test_a_product_on_two_lines_of_an_order_counts_once(tmp_path: Path) -> None:
    ws = bindung.init(tmp_path / "twice", locale="en_GB", timezone="UTC")
    try:
        rows = [
            "Order Number,Order Status,Order Date,Customer User ID,Order Total Amount,SKU,"
            "Item Name,Quantity,Item Cost",
            "x1,completed,2024-01-01 12:00:00,Q,110.00,K1,Kaffee,1,30.00",
            "x1,completed,2024-01-01 12:00:00,Q,110.00,M1,Mühle,1,50.00",
            "x1,completed,2024-01-01 12:00:00,Q,110.00,K1,Kaffee,1,30.00",
            "x2,completed,2024-02-01 12:00:00,Q,30.00,K1,Kaffee,1,30.00",
        ]
        (tmp_path / "twice.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        assert ws.import_file("orders", tmp_path / "twice.csv").stored == 2
        r = product_insights(ws, min_pair_orders=1, min_pair_share=0.0, rebuys=1, min_rebuyers=1)
        # K1's two lines add up to 60.00 > M1's 50.00: K1 is the first product
        assert list(r.first_product["product"]) == ["K1"]
        (pair,) = r.pairs.to_dict("records")
        assert (pair["orders"], pair["orders_a"], pair["orders_b"]) == (1, 2, 1)
        assert pair["lift"] == pytest.approx(1 * 2 / (2 * 1))
        # K1 in 2 orders (not 3 lines): one interval of 31 days
        (k1,) = r.replenishment.to_dict("records")
        assert (k1["product"], k1["intervals"], k1["median_days"]) == ("K1", 1, 31.0)
    finally:
        ws.close()


def test_the_registered_answer_builds_on_the_shop(shop: Workspace) -> None:
    """``bindung refresh``'s build (where no CLV model fits so few customers, the tables come
    without CLV and segments rather than no answer at all)."""
    import bindung.answers.sections  # noqa: F401 - registers the answers
    from bindung.answers import refresh, registry

    section = refresh.compute(registry.spec("products"), shop, {})
    assert section.key == "products"
    first = section.table("first_product").frame
    assert list(first["product"]) == ["K1", "M1", "E1", "F1"]  # by customers: 3, 2, 1, 1
    assert section.meta["orders"] == 15
