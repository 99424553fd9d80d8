"""What customers buy: first products that bring loyal customers, products bought together, a
next product per segment and when a consumable is due again — from the order lines.

>>> result = product_insights(ws, customers=customer_frame)     # doctest: +SKIP
>>> result.first_product.head(), result.pairs.head(), result.due   # doctest: +SKIP

Reads ``order_lines`` (one row per line: ``sku``, ``product_name``, ``category``,
``quantity``, ``unit_price``) with their ``orders`` (customer, ``ordered_at``), and per customer
the CLV and RFM segment of the stored customers answer (``customers``).  A *product* is the
line's SKU, or its name where the export has no SKU; its name and category are the most
frequent ones written for it.  ``as_of`` is the latest ``ordered_at`` in the orders.

**First product** (cross-selling and personalised offers, source 003).  A customer's first
order is their earliest (``ordered_at``, then ``order_id``); their *first product* is the
line of that order with the largest amount (quantity × unit price, then quantity, then the
lowest line number), its category the *first category*.  Per first product and per first
category:

* ``customers``: customers whose first order has lines;
* ``observed``: those whose first order lies at least ``H`` = :data:`HORIZON_DAYS` days
  before ``as_of`` (only they could have shown a second order within ``H`` days);
* ``repeat_rate`` = observed customers with a second order within ``H`` days of the first /
  observed × 100 (the second order is any order, with lines or not);
* ``median_days`` = median days from the first to the second order of those repeaters;
* ``mean_clv`` = mean CLV (the customers answer's) of all ``customers`` with a CLV.

**Bought together** (association rules, Agrawal, Imieliński & Swami 1993).  Over the ``N``
orders with lines, ``n_A`` orders containing product A, ``n_AB`` containing A and B:
``support = n_AB / N``, ``confidence(A → B) = n_AB / n_A``, ``lift = n_AB · N / (n_A · n_B)``
(1 = as often as by chance).  Only pairs in at least ``max(MIN_PAIR_ORDERS, ⌈MIN_PAIR_SHARE ·
N⌉)`` orders count, so that a pair seen in two orders cannot lead; hence only products in that
many orders take part (at most :data:`MAX_PAIR_PRODUCTS`, the most frequent).  The top
:data:`TOP_PAIRS` by lift (then support) are kept.

**Next product per segment**.  For each RFM segment ``S``: its *typical product* ``T`` is the
product bought by the most customers of ``S``; the *suggestion* is the product other than
``T`` that the most customers of ``S`` who bought ``T`` bought in a later order (an order
after their first order with ``T``); ties go to the first product id in sort order.
Reported: customers of ``S`` with ``T``, the share of them who bought the suggestion later,
and the *audience*: customers of ``S`` with ``T`` who never bought the suggestion (those to
offer it to).

**Replenishment**.  Per customer and product the times of the orders with the product; an
*interval* is the time between two consecutive ones (days; two orders at the same instant
give none).  A product is a *consumable* when at least :data:`MIN_REBUYERS` customers bought
it in at least ``REBUYS + 1`` orders (:data:`REBUYS` re-orders).  Per consumable: the median
interval, its quartiles and 90th percentile (the spread) over all intervals of all its
customers.
*Due to re-order*: a customer whose last purchase of a consumable lies ``d`` days before
``as_of`` with ``median < d ≤ p90``: later than the product's typical interval, but not yet
later than 9 in 10 re-orders come (beyond that the customer has more likely stopped or
switched than forgotten); highest CLV first.

Everything is aggregated in DuckDB (temporary tables of this connection), no per-customer
Python: order-product rows, per-customer first orders, pairs by a self-join of the orders'
frequent products.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from bindung.errors import BindungError

if TYPE_CHECKING:
    from bindung.store.protocol import Store

#: Days after the first order in which a second order counts as a repeat.
HORIZON_DAYS = 365
#: A pair counts from this many orders on ...
MIN_PAIR_ORDERS = 10
#: ... or this share of the orders with lines, whichever is larger.
MIN_PAIR_SHARE = 0.001
#: At most this many (the most frequent) products enter the pair count.
MAX_PAIR_PRODUCTS = 1000
#: Product ids are below this (the key of an order and product as one integer).
MAX_PRODUCT_IDS = 2**31
#: Pairs kept, by lift.
TOP_PAIRS = 25
#: A consumable is re-ordered at least this many times ...
REBUYS = 2
#: ... by at least this many customers.
MIN_REBUYERS = 20


class NoOrderLines(BindungError):
    """The workspace has no order lines (an orders export with one row per order)."""


@dataclass(frozen=True)
class ProductsResult:
    first_product: pd.DataFrame  # product, name, category, customers, observed, repeaters, ...
    first_category: pd.DataFrame  # category, customers, observed, repeaters, repeat_rate, ...
    pairs: pd.DataFrame  # product_a, name_a, product_b, name_b, orders, support, confidence...
    next_product: pd.DataFrame  # segment, typical, suggestion, buyers, later, share, audience
    replenishment: pd.DataFrame  # product, name, category, customers, intervals, median, ...
    due: pd.DataFrame  # customer_id, segment, product, name, last_purchase, days_since, ...
    orders: int  # orders with lines
    lines: int
    products: int
    customers: int  # customers with lines in their first order
    as_of: Any
    min_pair_orders: int
    meta: dict[str, Any] = field(default_factory=dict)


def product_insights(
    ws: Store,
    *,
    customers: pd.DataFrame | None = None,
    horizon_days: int = HORIZON_DAYS,
    min_pair_orders: int = MIN_PAIR_ORDERS,
    min_pair_share: float = MIN_PAIR_SHARE,
    top_pairs: int = TOP_PAIRS,
    rebuys: int = REBUYS,
    min_rebuyers: int = MIN_REBUYERS,
) -> ProductsResult:
    """The products' tables (module docstring).  ``customers``: ``customer_id``, ``segment``,
    ``clv`` per customer (the customers answer), or None (no CLV, no segments).

    Raises :class:`NoOrderLines` when the workspace has no order lines."""
    con = ws.con
    tag = uuid.uuid4().hex[:12]
    op, cp, first, seg, catalogue = (
        f"_products_{n}_{tag}" for n in ("op", "cp", "first", "seg", "catalogue")
    )
    frame = (
        customers[["customer_id", "segment", "clv"]].copy()
        if customers is not None
        else pd.DataFrame({"customer_id": [], "segment": [], "clv": []})
    )
    frame["customer_id"] = frame["customer_id"].astype(str)
    frame["segment"] = frame["segment"].astype(object).where(frame["segment"].notna(), None)
    frame["clv"] = pd.to_numeric(frame["clv"], errors="coerce").astype(float)
    temps = (op, cp, first, catalogue, seg)
    view = f"{seg}_frame"
    con.register(view, frame)
    try:
        # once into DuckDB: every scan of a registered frame converts its Python strings
        con.execute(f"CREATE OR REPLACE TEMP TABLE {seg} AS SELECT * FROM {view}")
    finally:
        con.unregister(view)
    try:
        key = "coalesce(nullif(trim(l.sku), ''), nullif(trim(l.product_name), ''))"
        # products numbered in sort order (pid): the joins and groups below run on integers,
        # and pid order is product order (pairs are written a < b, ties go to the first)
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE {catalogue} AS
            SELECT product, CAST(row_number() OVER (ORDER BY product) AS INTEGER) AS pid,
                name, category
            FROM (SELECT {key} AS product, mode(l.product_name) AS name,
                mode(l.category) AS category
                FROM order_lines l WHERE {key} IS NOT NULL GROUP BY product)"""
        )
        # one row per order and product (oid: the order's row number in the store); a product
        # on two lines of one order is summed (grouping every line costs 2.5x as much as
        # finding that no product repeats within an order, the common case)
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE {op} AS
            SELECT o.rowid AS oid, o.customer_id, o.ordered_at, c.pid,
                (coalesce(l.quantity, 0) * coalesce(l.unit_price, 0))::DOUBLE AS amount,
                coalesce(l.quantity, 0) AS qty, l.line
            FROM order_lines l JOIN orders o ON o.order_id = l.order_id
            JOIN {catalogue} c ON c.product = {key}
            WHERE o.ordered_at IS NOT NULL"""
        )
        counts = con.execute(
            f"SELECT count(*), count(DISTINCT oid * {MAX_PRODUCT_IDS} + pid), "
            f"count(DISTINCT oid), count(DISTINCT pid) FROM {op}"
        ).fetchone()
        if not counts or not counts[0]:
            raise NoOrderLines("no order lines")
        n_rows, n_distinct, n_orders, n_products = counts
        if n_rows > n_distinct:
            con.execute(
                f"""CREATE OR REPLACE TEMP TABLE {op} AS
                SELECT oid, any_value(customer_id) AS customer_id,
                    any_value(ordered_at) AS ordered_at, pid, sum(amount) AS amount,
                    sum(qty) AS qty, min(line) AS line
                FROM {op} GROUP BY oid, pid"""
            )
        as_of = con.execute("SELECT max(ordered_at) FROM orders").fetchone()[0]  # type: ignore[index]
        lines = int(con.execute("SELECT count(*) FROM order_lines").fetchone()[0])  # type: ignore[index]
        # per customer and product: first and last purchase, times bought
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE {cp} AS
            SELECT customer_id, pid, min(ordered_at) AS first_at, max(ordered_at) AS last_at,
                count(*) AS times
            FROM {op} GROUP BY customer_id, pid"""
        )
        first_product, first_category, n_customers = _first(
            con, op, first, seg, catalogue, as_of, horizon_days
        )
        need = max(min_pair_orders, math.ceil(min_pair_share * int(n_orders)))
        pairs = _pairs(con, op, catalogue, int(n_orders), need, top_pairs)
        nxt = _next_product(con, cp, seg, catalogue)
        replenishment, due = _replenishment(
            con, op, cp, seg, catalogue, as_of, rebuys, min_rebuyers
        )
    finally:
        for name in temps:
            con.execute(f"DROP TABLE IF EXISTS {name}")
    return ProductsResult(
        first_product=first_product,
        first_category=first_category,
        pairs=pairs,
        next_product=nxt,
        replenishment=replenishment,
        due=due,
        orders=int(n_orders),
        lines=lines,
        products=int(n_products),
        customers=n_customers,
        as_of=as_of,
        min_pair_orders=need,
        meta={"horizon_days": horizon_days, "rebuys": rebuys, "min_rebuyers": min_rebuyers},
    )


def _first(
    con: Any, op: str, first: str, seg: str, catalogue: str, as_of: Any, horizon_days: int
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Per first product and first category: customers, observed, repeaters, repeat rate,
    median days to the second order, mean CLV."""
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {first} AS
        WITH o AS (
            SELECT customer_id, arg_min(rowid, (ordered_at, order_id)) AS first_oid,
                min(ordered_at, 2) AS two
            FROM orders WHERE ordered_at IS NOT NULL GROUP BY customer_id),
        f AS (
            SELECT o.customer_id, any_value(o.two)[1] AS first_at,
                CASE WHEN len(any_value(o.two)) > 1 THEN any_value(o.two)[2] END AS second_at,
                arg_max(p.pid, struct_pack(a := p.amount, q := p.qty, l := -p.line)) AS pid
            FROM o JOIN {op} p ON p.oid = o.first_oid
            GROUP BY o.customer_id)
        SELECT f.*, c.product, c.category, s.clv,
            f.first_at <= ?::TIMESTAMP - INTERVAL ({horizon_days}) DAY AS observed,
            date_diff('second', f.first_at, f.second_at) / 86400.0 AS days_to_second
        FROM f JOIN {catalogue} c USING (pid) LEFT JOIN {seg} s USING (customer_id)""",
        [as_of],
    )
    measures = f"""count(*) AS customers, count(*) FILTER (WHERE observed) AS observed,
        count(*) FILTER (WHERE observed AND days_to_second <= {horizon_days}) AS repeaters,
        median(days_to_second) FILTER (WHERE observed AND days_to_second <= {horizon_days})
            AS median_days,
        avg(clv) AS mean_clv, count(clv) AS with_clv"""
    by_product: pd.DataFrame = con.execute(
        f"""SELECT c.product, c.name, c.category, {measures}
        FROM {first} f JOIN {catalogue} c USING (pid)
        GROUP BY c.product, c.name, c.category ORDER BY customers DESC, c.product"""
    ).df()
    by_category: pd.DataFrame = con.execute(
        f"""SELECT category, {measures} FROM {first} WHERE category IS NOT NULL
        GROUP BY category ORDER BY customers DESC, category"""
    ).df()
    n = int(con.execute(f"SELECT count(*) FROM {first}").fetchone()[0])
    for frame in (by_product, by_category):
        frame["repeat_rate"] = (
            100 * frame["repeaters"] / frame["observed"].where(frame["observed"] > 0)
        )
    return by_product, by_category, n


def _pairs(con: Any, op: str, catalogue: str, n_orders: int, need: int, top: int) -> pd.DataFrame:
    """The top pairs by lift among pairs in at least ``need`` orders."""
    frame: pd.DataFrame = con.execute(
        f"""WITH freq AS (
            SELECT pid, count(*) AS n FROM {op} GROUP BY pid HAVING count(*) >= ?
            ORDER BY n DESC, pid LIMIT {MAX_PAIR_PRODUCTS}),
        b AS (SELECT p.oid, p.pid FROM {op} p SEMI JOIN freq USING (pid)),
        multi AS (SELECT oid FROM b GROUP BY oid HAVING count(*) > 1),
        bb AS (SELECT * FROM b SEMI JOIN multi USING (oid)),
        pairs AS (
            SELECT x.pid AS pid_a, y.pid AS pid_b, count(*) AS orders
            FROM bb x JOIN bb y ON x.oid = y.oid AND x.pid < y.pid
            GROUP BY x.pid, y.pid HAVING count(*) >= ?)
        SELECT ca.product AS product_a, ca.name AS name_a, cb.product AS product_b,
            cb.name AS name_b, p.orders, fa.n AS orders_a, fb.n AS orders_b,
            100.0 * p.orders / ? AS support,
            100.0 * p.orders / fa.n AS confidence_ab,
            100.0 * p.orders / fb.n AS confidence_ba,
            p.orders::DOUBLE * ? / (fa.n::DOUBLE * fb.n) AS lift
        FROM pairs p JOIN freq fa ON fa.pid = p.pid_a
        JOIN freq fb ON fb.pid = p.pid_b
        JOIN {catalogue} ca ON ca.pid = p.pid_a
        JOIN {catalogue} cb ON cb.pid = p.pid_b
        ORDER BY lift DESC, p.orders DESC, p.pid_a, p.pid_b LIMIT {int(top)}""",
        [need, need, n_orders, n_orders],
    ).df()
    return frame


def _next_product(con: Any, cp: str, seg: str, catalogue: str) -> pd.DataFrame:
    """Per segment: typical product, the suggestion, buyers of the typical product, how many
    of them bought the suggestion later, the audience (with the typical, never the suggestion)."""
    frame: pd.DataFrame = con.execute(
        f"""WITH sc AS (
            SELECT s.segment, c.* FROM {cp} c JOIN {seg} s USING (customer_id)
            WHERE s.segment IS NOT NULL),
        typical AS (
            SELECT segment, first(pid ORDER BY n DESC, pid) AS typical, max(n) AS buyers
            FROM (SELECT segment, pid, count(*) AS n FROM sc GROUP BY ALL)
            GROUP BY segment),
        t AS (SELECT sc.* FROM sc JOIN typical ty
            ON ty.segment = sc.segment AND ty.typical = sc.pid),
        later AS (
            SELECT t.segment, q.pid, count(*) AS n
            FROM t JOIN sc q ON q.customer_id = t.customer_id AND q.pid <> t.pid
                AND q.last_at > t.first_at
            GROUP BY ALL),
        pick AS (
            SELECT segment, first(pid ORDER BY n DESC, pid) AS suggestion, max(n) AS later
            FROM later GROUP BY segment),
        has AS (
            SELECT p.segment, count(*) AS with_both
            FROM pick p JOIN t ON t.segment = p.segment
            JOIN sc q ON q.customer_id = t.customer_id AND q.pid = p.suggestion
            GROUP BY p.segment)
        SELECT ty.segment, ct.product AS typical, ct.name AS typical_name,
            cs.product AS suggestion, cs.name AS suggestion_name, ty.buyers,
            coalesce(p.later, 0) AS later,
            100.0 * coalesce(p.later, 0) / ty.buyers AS later_share,
            CASE WHEN p.suggestion IS NOT NULL
                THEN ty.buyers - coalesce(h.with_both, 0) END AS audience
        FROM typical ty JOIN {catalogue} ct ON ct.pid = ty.typical
        LEFT JOIN pick p USING (segment) LEFT JOIN has h USING (segment)
        LEFT JOIN {catalogue} cs ON cs.pid = p.suggestion
        ORDER BY ty.buyers DESC, ty.segment"""
    ).df()
    return frame


def _replenishment(
    con: Any,
    op: str,
    cp: str,
    seg: str,
    catalogue: str,
    as_of: Any,
    rebuys: int,
    min_rebuyers: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per consumable: intervals' median, quartiles, p90; the due list."""
    stats: pd.DataFrame = con.execute(
        f"""WITH buyers AS (
            SELECT pid, count(*) AS customers, count(*) FILTER (WHERE times >= ?) AS rebuyers
            FROM {cp} GROUP BY pid),
        cons AS (SELECT * FROM buyers WHERE rebuyers >= ?),
        t AS (SELECT p.customer_id, p.pid, p.ordered_at FROM {op} p
            SEMI JOIN cons USING (pid)),
        iv AS (
            SELECT pid, date_diff('second', lag(ordered_at) OVER (
                PARTITION BY customer_id, pid ORDER BY ordered_at), ordered_at) / 86400.0
                AS days
            FROM t),
        q AS (
            SELECT pid, count(days) AS intervals,
                quantile_cont(days, [0.5, 0.25, 0.75, 0.9]) AS q
            FROM iv WHERE days > 0 GROUP BY pid),
        s AS (
            SELECT pid, intervals, q[1] AS median_days, q[2] AS p25_days, q[3] AS p75_days,
                q[4] AS p90_days
            FROM q)
        SELECT s.pid, c.product, c.name, c.category, cons.rebuyers, cons.customers,
            s.intervals, s.median_days, s.p25_days, s.p75_days, s.p90_days
        FROM s JOIN cons USING (pid) JOIN {catalogue} c USING (pid)
        ORDER BY cons.rebuyers DESC, c.product""",
        [rebuys + 1, min_rebuyers],
    ).df()
    con.register(f"{seg}_cons", stats[["pid", "median_days", "p90_days"]])
    try:
        due: pd.DataFrame = con.execute(
            f"""WITH d AS (
                SELECT c.customer_id, c.pid, c.last_at, c.times, k.median_days, k.p90_days,
                    date_diff('second', c.last_at, ?::TIMESTAMP) / 86400.0 AS days_since
                FROM {cp} c JOIN {seg}_cons k USING (pid))
            SELECT d.customer_id, s.segment, g.product, g.name, d.last_at AS last_purchase,
                d.days_since, d.median_days AS typical_days, d.times, s.clv
            FROM d JOIN {catalogue} g USING (pid) LEFT JOIN {seg} s USING (customer_id)
            WHERE d.days_since > d.median_days AND d.days_since <= d.p90_days
            ORDER BY s.clv DESC NULLS LAST, d.customer_id, g.product""",
            [as_of],
        ).df()
    finally:
        con.unregister(f"{seg}_cons")
    return stats.drop(columns="pid"), due
