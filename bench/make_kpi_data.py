"""Generate a workspace with synthetic orders (and a few returns) for the KPI benchmark.

    python bench/make_kpi_data.py --rows 10000000 --out bench/data/kpi_10000000

``bindung.init(out)`` creates the workspace (default settings: Europe/Berlin, W = 365 days,
loyalty threshold 3); its ``orders``, ``customers`` and ``returns`` tables are then filled
directly with DuckDB SQL from ``range()`` (the importer is bypassed; the rows satisfy the
schema: unique keys, every order's customer exists, ``first_seen`` = first order).
Pseudo-random values come from ``hash(i, salt)``, so the data are deterministic for a given
row count (and DuckDB version).

The shop (``rows`` orders, ``rows // 10`` customers, orders in the 36 local months
2023-11 .. 2026-10, Europe/Berlin):

* customer ``c`` places their first order at ``f_c``, increasing in ``c`` (customer numbers in
  order of acquisition) with more customers later (share acquired by time t ~ t^(1/0.7));
* a further order gets a time ``t`` (more orders later) and an age ``a`` of its customer
  (exponential, mean 300 days: the longer ago the first order, the less likely a customer
  still buys); it goes to a customer in the block of 100 acquired around ``t - a``, the
  block's first ones much more often (offset ``60 * v^1.5``), so customer rates differ from
  ~1 to hundreds of orders, and offsets 60..99 (40 %) buy only once ...
* ... unless won back: 4 % of the further orders go to any customer acquired more than 400
  days before (most of them lapsed: reactivations);
* revenue: a per-customer basket level times a per-order factor, further orders 15 % more
  (DECIMAL(18,2)); 1..4 items; six channels; currency EUR;
* 0.5 % of the further orders have the same time stamp as the customer's first order (ties
  that the ordering must handle);
* returns: about 4 % of the orders, 1..30 days later (dropped when after the data's end), one
  item, the full or half the order value.

Rows are written in the order of ``i``: the customers' first orders, then the further orders in
random time order (sorting 100 M rows would only slow generation down; the KPI queries
read every row either way).  10 M rows take ~15 s and 190 MB, 100 M rows 4-5 minutes and
1.9 GB on disk (2 cores, partly busy).
The parameters and counts go to ``<out>/kpi_data.json``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import duckdb

VERSION = 3  # bump when the data change: bench_kpis.py regenerates older workspaces
START_UTC = "2023-10-31 23:00:00"  # 2023-11-01 00:00 Europe/Berlin
END_UTC = "2026-10-31 23:00:00"  # 2026-11-01 00:00 Europe/Berlin (exclusive)
SPAN_SECONDS = 1096 * 86400  # START_UTC .. END_UTC
CHANNELS = ("webshop", "app", "marketplace", "phone", "store", "newsletter")
SHAPE = 0.7  # first orders: share of customers acquired by time t ~ (t / span)^(1 / SHAPE)
TIME_SHAPE = 0.6  # further orders: share placed by time t ~ (t / span)^(1 / TIME_SHAPE)
AGE_DAYS = 300  # mean customer age at a further order (exponential)
BLOCK, BUYERS, RATE_SKEW = 100, 60, 1.5  # see orders_sql
WIN_BACK, WIN_BACK_DAYS = 4, 400  # % of further orders to long-known customers


def _macros(customers: int) -> list[str]:
    """Temporary SQL macros: per-customer attributes as functions of the customer number."""
    return [
        # u(x, salt): a pseudo-random number in [0, 1)
        "CREATE TEMP MACRO u(x, salt) AS (hash(x, salt) % 1000000007) / 1000000007.0",
        # first order of customer c, seconds after START_UTC: increasing in c (customer numbers
        # are given in order of acquisition), more customers later
        f"CREATE TEMP MACRO first_s(c) AS floor(pow((c + u(c, 'f')) / {customers}, {SHAPE})"
        f" * {SPAN_SECONDS})::BIGINT",
        # the customer acquired at time s (inverse of first_s)
        f"CREATE TEMP MACRO acquired_at(s) AS least(floor(pow(s / {SPAN_SECONDS}, 1 / {SHAPE})"
        f" * {customers}), {customers - 1})::BIGINT",
        f"CREATE TEMP MACRO cid(c) AS 'K' || lpad(c::VARCHAR, {len(str(customers - 1))}, '0')",
        "CREATE TEMP MACRO basket(c) AS 15 + 70 * u(c, 'b')",
    ]


def orders_sql(rows: int, customers: int, sample: str = "true") -> str:
    """Orders 0 .. customers-1 are the customers' first orders, the rest further orders.

    ``sample``: a condition on the order number ``i`` (only those orders are made)."""
    channels = "[" + ", ".join(f"'{c}'" for c in CHANNELS) + "]"
    width = len(str(rows - 1))
    return f"""
    WITH further AS (
        -- time t of a further order (more orders later), age a of the buying customer
        -- (exponential: the longer ago the first order, the less likely a customer still buys)
        SELECT i, t, CASE WHEN a < t THEN a ELSE floor(u(i, 'w') * t)::BIGINT END AS a
        FROM (SELECT i,
                     floor(pow(u(i, 't'), {TIME_SHAPE}) * {SPAN_SECONDS})::BIGINT AS t,
                     floor(-ln(1 - u(i, 'a')) * {AGE_DAYS} * 86400)::BIGINT AS a
              FROM range({customers}, {rows}) r(i)
              WHERE {sample})
    ),
    picked AS (
        -- the customer: in the block of {BLOCK} customers acquired at about t - a, those at
        -- the block's start buy more often (offset v^{RATE_SKEW}); offsets >= {BUYERS} buy
        -- once, unless won back: {WIN_BACK} % of the further orders go to any customer acquired
        -- more than {WIN_BACK_DAYS} days before (most of them lapsed: reactivations)
        SELECT i, t,
               CASE WHEN u(i, 'q') < {WIN_BACK / 100} AND t > {WIN_BACK_DAYS * 86400}
                    THEN hash(i, 'r') % greatest(acquired_at(t - {WIN_BACK_DAYS * 86400}), 1)
                    ELSE least(acquired_at(t - a) // {BLOCK} * {BLOCK}
                               + floor({BUYERS} * pow(u(i, 'o'), {RATE_SKEW}))::BIGINT,
                               {customers - 1}) END::BIGINT AS c
        FROM further
    ),
    base AS (
        SELECT i, i AS c, first_s(i) AS s FROM range({customers}) r(i) WHERE {sample}
        UNION ALL
        -- an order drawn before the customer's first order moves to a day after it; 0.5 %
        -- of the further orders are placed at the very instant of the first order (ties)
        SELECT i, c, least(CASE WHEN hash(i, 'y') % 200 = 0 THEN f
                                WHEN t > f THEN t
                                ELSE f + 1 + hash(i, 's') % 86400 END,
                           {SPAN_SECONDS - 1}) AS s
        FROM (SELECT *, first_s(c) AS f FROM picked)
    )
    SELECT i,
           'B' || lpad(i::VARCHAR, {width}, '0') AS order_id,
           cid(c) AS customer_id,
           TIMESTAMP '{START_UTC}' + to_seconds(s) AS ordered_at,
           round(basket(c) * (0.4 + 1.2 * u(i, 'v'))
                 * CASE WHEN i < {customers} THEN 1.0 ELSE 1.15 END, 2)::DECIMAL(18,2)
               AS revenue,
           (1 + hash(i, 'n') % 4)::BIGINT AS items,
           {channels}[1 + (hash(i, 'h') % {len(CHANNELS)})::BIGINT] AS channel,
           'EUR' AS currency
    FROM base
    """


def make(rows: int, out: Path) -> dict[str, object]:
    """Create the workspace ``out`` with ``rows`` orders; returns the metadata written."""
    import bindung  # here, so that importing this module (for VERSION) stays light

    started = time.perf_counter()
    if (out / "bindung.toml").exists() or any(out.glob("*.duckdb*")):
        raise SystemExit(f"{out}: exists; remove it first")
    customers = max(1, rows // 10)
    ws = bindung.init(out)
    path = ws.path
    ws.close()
    con = duckdb.connect(str(path))
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET enable_progress_bar = false")
    con.execute("SET preserve_insertion_order = true")
    for macro in _macros(customers):
        con.execute(macro)
    steps: dict[str, float] = {}
    clock = time.perf_counter()

    def step(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        steps[name] = round(now - clock, 1)
        clock = now

    con.execute("BEGIN")
    con.execute(
        "INSERT INTO orders (order_id, customer_id, ordered_at, revenue, items, channel, "
        "currency) SELECT * EXCLUDE (i) FROM (" + orders_sql(rows, customers) + ")"
    )
    step("orders")
    con.execute(
        "INSERT INTO customers (customer_id, first_seen) "
        f"SELECT cid(c), TIMESTAMP '{START_UTC}' + to_seconds(first_s(c)) "
        f"FROM range({customers}) r(c)"
    )
    step("customers")
    con.execute(
        f"""
        INSERT INTO returns (return_id, order_id, customer_id, returned_at, items, amount)
        SELECT 'R' || substr(order_id, 2), order_id, customer_id, returned_at, 1,
               CASE WHEN hash(i, 'p') % 2 = 0 THEN revenue ELSE round(revenue / 2, 2) END
        FROM (SELECT *, ordered_at + to_seconds(86400 + hash(i, 'd') % (29 * 86400))
                        AS returned_at
              FROM ({orders_sql(rows, customers, "hash(i, 'x') % 100 < 4")}))
        WHERE returned_at < TIMESTAMP '{END_UTC}'
        """
    )
    step("returns")
    con.execute("COMMIT")
    step("commit")
    con.execute("CHECKPOINT")
    step("checkpoint")
    counts = {
        t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
        for t in ("orders", "customers", "returns")
    }
    span = con.execute("SELECT min(ordered_at), max(ordered_at) FROM orders").fetchone()
    con.close()
    assert span is not None
    meta: dict[str, object] = {
        "version": VERSION,
        "rows": rows,
        "customers": customers,
        "counts": counts,
        "first_order": str(span[0]),
        "last_order": str(span[1]),
        "seconds": round(time.perf_counter() - started, 1),
        "steps": steps,
        "bytes": sum(p.stat().st_size for p in out.iterdir() if p.is_file()),
        "duckdb": duckdb.__version__,
    }
    (out / "kpi_data.json").write_text(json.dumps(meta, indent=2) + "\n")
    return meta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    meta = make(args.rows, args.out)
    print(json.dumps(meta, indent=2))


if __name__ == "__main__":
    main()
