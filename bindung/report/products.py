"""The products section (``bindung products``): numbers from :mod:`bindung.insights.products`,
labelled and put into plain words.  No number is computed here."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

import pandas as pd

from bindung.i18n import N_, both
from bindung.insights.products import (
    HORIZON_DAYS,
    NoOrderLines,
    ProductsResult,
    product_insights,
)
from bindung.insights.segments import SEGMENTS
from bindung.report import format as fmt
from bindung.report.tables import Column, Finding, Section, Table

if TYPE_CHECKING:
    from bindung.store.protocol import Store

#: A first product or category is named in a finding from this many observed customers on.
MIN_OBSERVED = 30
#: Consumables named in the findings.
NAMED_CONSUMABLES = 3

TITLE = both("Products")
SEGMENT_LABELS = tuple((s.key, s.label("de"), s.label("en")) for s in SEGMENTS)
NO_LINES = N_(
    "No order lines: the orders were imported from an export with one row per order. "
    "Products, products bought together and re-order timing need an order export with one row "
    "per product: Shopify (Orders > Export) or WooCommerce (one row per product, e.g. Advanced "
    "Order Export); import it as orders and the lines are stored with them. Shopware 6's order "
    "export names its products only as ids in one cell and carries no lines."
)
FIRST_COLUMNS = (
    Column("customers", *both("customers"), "count"),
    Column("observed", *both("observed a year"), "count"),
    Column("repeat_rate", *both("second order within a year %"), "percent"),
    Column("median_days", *both("median days to second order"), "days"),
    Column("mean_clv", *both("mean CLV"), "money"),
)


def _first_product_table(frame: pd.DataFrame) -> Table:
    return Table(
        "first_product",
        *both("Repeat rate, time to second order and CLV by first product"),
        [
            Column("product", *both("product")),
            Column("name", *both("name")),
            Column("category", *both("category")),
            *FIRST_COLUMNS,
        ],
        frame[["product", "name", "category", *(c.key for c in FIRST_COLUMNS)]],
    )


def _first_category_table(frame: pd.DataFrame) -> Table:
    return Table(
        "first_category",
        *both("Repeat rate, time to second order and CLV by first category"),
        [Column("category", *both("category")), *FIRST_COLUMNS],
        frame[["category", *(c.key for c in FIRST_COLUMNS)]],
    )


def _pairs_table(frame: pd.DataFrame) -> Table:
    return Table(
        "pairs",
        *both("Products bought together (top pairs by lift)"),
        [
            Column("name_a", *both("product A")),
            Column("name_b", *both("product B")),
            Column("orders", *both("orders with both"), "count"),
            Column("support", *both("support %"), "percent"),
            Column("confidence_ab", *both("confidence A → B %"), "percent"),
            Column("confidence_ba", *both("confidence B → A %"), "percent"),
            Column("lift", *both("lift"), "score"),
        ],
        frame[
            [
                "product_a",
                "product_b",
                "orders_a",
                "orders_b",
                "name_a",
                "name_b",
                "orders",
                "support",
                "confidence_ab",
                "confidence_ba",
                "lift",
            ]
        ],
        keys=("product_a", "product_b", "orders_a", "orders_b"),
    )


def _next_table(frame: pd.DataFrame) -> Table:
    return Table(
        "next_product",
        *both("Next product to offer per segment"),
        [
            Column("segment", *both("segment"), labels=SEGMENT_LABELS),
            Column("typical_name", *both("typical product")),
            Column("buyers", *both("customers with it"), "count"),
            Column("suggestion_name", *both("suggested next product")),
            Column("later_share", *both("of them bought it later %"), "percent"),
            Column("audience", *both("customers to offer it to"), "count"),
        ],
        frame[
            [
                "typical",
                "suggestion",
                "later",
                "segment",
                "typical_name",
                "buyers",
                "suggestion_name",
                "later_share",
                "audience",
            ]
        ],
        keys=("typical", "suggestion", "later"),
    )


def _replenishment_table(frame: pd.DataFrame) -> Table:
    return Table(
        "replenishment",
        *both("Re-order timing of consumables"),
        [
            Column("product", *both("product")),
            Column("name", *both("name")),
            Column("category", *both("category")),
            Column("customers", *both("customers"), "count"),
            Column("rebuyers", *both("customers re-ordering"), "count"),
            Column("intervals", *both("re-orders"), "count"),
            Column("median_days", *both("typical interval (median, days)"), "days"),
            Column("p25_days", *both("25 % of re-orders within (days)"), "days"),
            Column("p75_days", *both("75 % within (days)"), "days"),
            Column("p90_days", *both("90 % within (days)"), "days"),
        ],
        frame,
    )


def _due_table(frame: pd.DataFrame) -> Table:
    return Table(
        "due",
        *both("Due to re-order"),
        [
            Column("customer_id", *both("customer")),
            Column("segment", *both("segment"), labels=SEGMENT_LABELS),
            Column("name", *both("product")),
            Column("last_purchase", *both("last bought"), "date"),
            Column("days_since", *both("days since"), "days"),
            Column("typical_days", *both("typical interval (days)"), "days"),
            Column("times", *both("times bought"), "count"),
            Column("clv", *both("CLV"), "money"),
        ],
        frame[
            [
                "product",
                "customer_id",
                "segment",
                "name",
                "last_purchase",
                "days_since",
                "typical_days",
                "times",
                "clv",
            ]
        ],
        keys=("product",),
    )


REORDER = N_(
    "{name} is re-ordered typically every {median} days (half of the re-orders after {low} "
    "to {high} days); {due} customers are due now."
)


def _reorder_values(row: Mapping[Hashable, Any], n_due: int, lang: str) -> dict[str, object]:
    return {
        "name": row["name"],
        "median": fmt.number(row["median_days"], lang, 0),
        "low": fmt.number(row["p25_days"], lang, 0),
        "high": fmt.number(row["p75_days"], lang, 0),
        "due": fmt.number(n_due, lang),
    }


def _pct(v: float, lang: str) -> str:
    return fmt.number(v, lang, 1) + "\u00a0%"


def _findings(r: ProductsResult) -> list[Finding]:
    out: list[Finding] = []
    fp = r.first_product[r.first_product["observed"] >= MIN_OBSERVED]
    total_observed = int(r.first_product["observed"].sum())
    if len(fp) >= 2 and total_observed:
        overall = 100 * float(r.first_product["repeaters"].sum()) / total_observed
        best = fp.sort_values(["repeat_rate", "observed"], ascending=False).iloc[0]
        worst = fp.sort_values(["repeat_rate", "observed"], ascending=[True, False]).iloc[0]
        out.append(
            Finding(
                *both(
                    "Customers whose first order held {best} ordered again within a year most "
                    "often: {best_rate} of {best_n} (all customers: {overall}); least often "
                    "after {worst}: {worst_rate}. A first product brings the customers who "
                    "choose it: this is who they are, not what the product does.",
                    lambda lang: {
                        "best": best["name"],
                        "best_rate": _pct(best["repeat_rate"], lang),
                        "best_n": fmt.number(best["observed"], lang),
                        "overall": _pct(overall, lang),
                        "worst": worst["name"],
                        "worst_rate": _pct(worst["repeat_rate"], lang),
                    },
                ),
                "good",
            )
        )
    if not r.pairs.empty:
        top = r.pairs.iloc[0]
        if float(top["lift"]) > 1:
            out.append(
                Finding(
                    *both(
                        "{a} and {b} are bought together {lift} times as often as by chance "
                        "(in {orders} orders); {conf} of the orders with {b} also hold {a}.",
                        lambda lang: {
                            "a": top["name_a"],
                            "b": top["name_b"],
                            "lift": fmt.number(top["lift"], lang, 1),
                            "orders": fmt.number(top["orders"], lang),
                            "conf": _pct(top["confidence_ba"], lang),
                        },
                    ),
                    "good",
                )
            )
    due_counts = r.due.groupby("product").size() if not r.due.empty else pd.Series(dtype=int)
    for row in r.replenishment.head(NAMED_CONSUMABLES).to_dict("records"):
        n_due = int(due_counts.get(row["product"], 0))
        out.append(Finding(*both(REORDER, partial(_reorder_values, row, n_due))))
    out.append(
        Finding(
            *both(
                "First product: the line with the largest amount in a customer's first order. "
                "Repeat rate: a second order within {days} days, among customers whose first "
                "order lies at least {days} days back. Next product: per segment the product "
                "most often bought later by the segment's customers who have its typical "
                "product. Due to re-order: the last purchase of a consumable lies longer ago "
                "than its typical interval, but not longer than 9 in 10 re-orders take.",
                lambda _: {"days": HORIZON_DAYS},
            )
        )
    )
    return out


def _empty() -> Section:
    empty = ProductsResult(
        first_product=pd.DataFrame(
            columns=["product", "name", "category", *(c.key for c in FIRST_COLUMNS)]
        ),
        first_category=pd.DataFrame(columns=["category", *(c.key for c in FIRST_COLUMNS)]),
        pairs=pd.DataFrame(
            columns=[
                "product_a",
                "product_b",
                "orders_a",
                "orders_b",
                "name_a",
                "name_b",
                "orders",
                "support",
                "confidence_ab",
                "confidence_ba",
                "lift",
            ]
        ),
        next_product=pd.DataFrame(
            columns=[
                "typical",
                "suggestion",
                "later",
                "segment",
                "typical_name",
                "buyers",
                "suggestion_name",
                "later_share",
                "audience",
            ]
        ),
        replenishment=pd.DataFrame(
            columns=[
                "product",
                "name",
                "category",
                "customers",
                "rebuyers",
                "intervals",
                "median_days",
                "p25_days",
                "p75_days",
                "p90_days",
            ]
        ),
        due=pd.DataFrame(
            columns=[
                "product",
                "customer_id",
                "segment",
                "name",
                "last_purchase",
                "days_since",
                "typical_days",
                "times",
                "clv",
            ]
        ),
        orders=0,
        lines=0,
        products=0,
        customers=0,
        as_of=None,
        min_pair_orders=0,
    )
    return Section(
        "products",
        *TITLE,
        _tables(empty),
        [Finding(*both(NO_LINES), "warning")],
        {"order_lines": 0},
    )


def _tables(r: ProductsResult) -> list[Table]:
    return [
        _first_product_table(r.first_product),
        _first_category_table(r.first_category),
        _pairs_table(r.pairs),
        _next_table(r.next_product),
        _replenishment_table(r.replenishment),
        _due_table(r.due),
    ]


def products_section(ws: Store, customers: pd.DataFrame | None, **options: Any) -> Section:
    """What customers buy (:mod:`bindung.insights.products`; ``options`` go to
    :func:`~bindung.insights.products.product_insights`); ``customers``: customer_id,
    segment and CLV of the customers answer.  Without order lines: empty tables and a
    finding naming the exports that carry line items."""
    try:
        result = product_insights(ws, customers=customers, **options)
    except NoOrderLines:
        return _empty()
    meta: dict[str, Any] = {
        "order_lines": result.lines,
        "orders": result.orders,
        "products": result.products,
        "customers": result.customers,
        "as_of": str(result.as_of) if result.as_of is not None else None,
        "horizon_days": HORIZON_DAYS,
        "min_pair_orders": result.min_pair_orders,
        **result.meta,
    }
    return Section("products", *TITLE, _tables(result), _findings(result), meta)
