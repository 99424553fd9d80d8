-- The monthly KPI table (activity basis: orders), written by hand in DuckDB SQL.
--
-- The baseline of bench/bench_kpis.py: the figures a good analyst would compute from a Bindung
-- store without Bindung, one query.  Run it in the DuckDB CLI on a store, after setting the
-- workspace's settings (bench_kpis.py does the same):
--
--   SET TimeZone = 'UTC';                      -- the store's times are naive UTC
--   SET VARIABLE tz = 'Europe/Berlin';         -- months are calendar months in this zone
--   SET VARIABLE window_days = 365;            -- activity window W
--   SET VARIABLE loyalty = 3;                  -- loyal = at least this many orders
--   SET VARIABLE margin = 1.0;                 -- gross margin for the historical CLV
--   .read bench/kpi_baseline.sql
--
-- Definitions (DESIGN.md; docs/decisions/0004): a customer is active at the instant b when
-- they have an order in [b - W, b).  S = active at the month's start, E = at its end,
-- N = first order in the month, kept = active at start and end, lost = active at the start
-- but not at the end, reactivated = active at the end, not at the start, first order before
-- the month.  Repeat/loyal rates are cumulative (orders up to the month's end); purchase
-- intervals are the days between consecutive orders of a customer, in the month of the later
-- order; returns count in the month of the return.
--
-- Months are found through a small dimension table: every quarter hour of the 36 months (UTC)
-- with the local month it falls in (time zones' offsets are whole quarter hours), built from the
-- 37 month starts converted to UTC once, joined on an integer quarter-hour number; converting
-- every order time with timezone() would cost ~4 s of CPU per 10 M rows, an ASOF JOIN against
-- the month starts ~1.5 s, a join on time_bucket(INTERVAL 15 MINUTE, ...) ~0.8 s, this ~0.35 s.
WITH
span AS (
    SELECT min(ordered_at) AS first_at,
           greatest(max(ordered_at), (SELECT max(returned_at) FROM returns)) AS last_at
    FROM orders
),
bounds AS (
    -- month starts (local) from the month of the first order to the one after the last time;
    -- k = 0 .. n, start_utc = the start as naive UTC; bound n ends the last month
    SELECT (row_number() OVER (ORDER BY month) - 1)::BIGINT AS k,
           month,
           timezone(getvariable('tz'), month)::TIMESTAMP AS start_utc
    FROM (SELECT unnest(generate_series(
                     date_trunc('month', timezone(getvariable('tz'), first_at::TIMESTAMPTZ)),
                     date_trunc('month', timezone(getvariable('tz'), last_at::TIMESTAMPTZ))
                         + INTERVAL 1 MONTH,
                     INTERVAL 1 MONTH)) AS month
          FROM span)
),
grid AS (SELECT max(k) AS n, max(start_utc) AS end_at FROM bounds),
clock AS (
    -- quarter hour (UTC; qn = microseconds since 1970 // 900,000,000) -> month k and its start;
    -- the last bound n as month n
    SELECT epoch_us(q) // 900000000 AS qn, k, start_utc
    FROM (SELECT unnest(generate_series(start_utc, next_at - INTERVAL 15 MINUTE,
                                        INTERVAL 15 MINUTE)) AS q, k, start_utc
          FROM (SELECT k, start_utc, lead(start_utc) OVER (ORDER BY k) AS next_at FROM bounds)
          WHERE next_at IS NOT NULL)
    UNION ALL
    SELECT epoch_us(end_at) // 900000000, n, end_at FROM grid
),
o AS (
    -- every order with its customer's previous and next order, its rank and their first order
    SELECT customer_id, ordered_at, revenue, items,
           lag(ordered_at) OVER w AS prev_at,
           lead(ordered_at) OVER w AS next_at,
           row_number() OVER w AS nr,
           first_value(ordered_at) OVER w AS first_at
    FROM orders
    -- no tie-break on order_id: orders of one customer at the same instant get the same
    -- month, interval (0) and spell flags whichever comes first, and the spells below are
    -- ordered by nr, so every figure is the same either way (the sort is ~25 % cheaper)
    WINDOW w AS (PARTITION BY customer_id ORDER BY ordered_at)
),
order_figures AS (
    SELECT b.k,
           count(*) AS orders,
           sum(o.revenue) AS revenue,
           sum(coalesce(o.items, 0)) AS items,
           -- orders of customers whose first order is in the same month
           count(*) FILTER (WHERE o.first_at >= b.start_utc) AS orders_new,
           coalesce(sum(o.revenue) FILTER (WHERE o.first_at >= b.start_utc), 0) AS revenue_new,
           count(o.prev_at) AS intervals,
           sum((epoch(o.ordered_at) - epoch(o.prev_at)) / 86400.0) AS interval_days,
           median((epoch(o.ordered_at) - epoch(o.prev_at)) / 86400.0) AS interval_median,
           count(*) FILTER (WHERE o.nr = 1) AS first_orders,   -- = new customers N
           count(*) FILTER (WHERE o.nr = 2) AS second_orders,
           count(*) FILTER (WHERE o.nr = getvariable('loyalty')) AS loyal_orders
    FROM o JOIN clock b ON b.qn = epoch_us(o.ordered_at) // 900000000
    GROUP BY b.k
),
-- Activity.  An order makes its customer active on (ordered_at, ordered_at + W]; orders at most
-- W apart merge into one spell (s, e] = (first order, last order + W].  A spell opens at an
-- order more than W after the previous one and closes at an order followed by none within W.
edges AS (
    SELECT customer_id, ordered_at, nr,
           prev_at IS NULL OR ordered_at > prev_at + to_days(getvariable('window_days'))
               AS opens,
           next_at IS NULL OR next_at > ordered_at + to_days(getvariable('window_days'))
               AS closes
    FROM o
    WHERE prev_at IS NULL OR ordered_at > prev_at + to_days(getvariable('window_days'))
       OR next_at IS NULL OR next_at > ordered_at + to_days(getvariable('window_days'))
),
spells AS (
    SELECT customer_id,
           ordered_at AS s,
           CASE WHEN closes THEN ordered_at
                ELSE lead(ordered_at) OVER (PARTITION BY customer_id ORDER BY nr) END
               + to_days(getvariable('window_days')) AS e
    FROM edges
    QUALIFY opens
),
-- The month bounds a spell covers: lo .. hi (bound j is covered when s < at_j <= e).
covered AS (
    SELECT sp.customer_id, bs.k + 1 AS lo, least(be.k, grid.n) AS hi
    FROM spells sp
    CROSS JOIN grid
    JOIN clock bs ON bs.qn = epoch_us(sp.s) // 900000000
    JOIN clock be ON be.qn = epoch_us(least(sp.e, grid.end_at)) // 900000000
),
runs AS (
    -- covered ranges with the customer's ranges before and after, and their first month
    SELECT customer_id, lo, hi,
           lag(hi) OVER c AS hi_before,
           lead(lo) OVER c AS lo_after,
           min(lo) OVER c0 - 1 AS first_k
    FROM covered
    WHERE lo <= hi
    WINDOW c AS (PARTITION BY customer_id ORDER BY lo), c0 AS (PARTITION BY customer_id)
),
changes AS (
    -- gained in month lo - 1 (active at its end, not at its start) unless the customer's
    -- previous range reached bound lo - 1; lost in month hi unless the next range starts at
    -- hi + 1 or the data end there
    SELECT lo - 1 AS k,
           (lo - 1 = first_k)::INT AS gained_new,
           (lo - 1 <> first_k)::INT AS gained_re,
           0 AS lost
    FROM runs
    WHERE hi_before IS NULL OR hi_before < lo - 1
    UNION ALL
    SELECT hi, 0, 0, 1
    FROM runs, grid
    WHERE hi < grid.n AND (lo_after IS NULL OR lo_after > hi + 1)
),
activity AS (
    SELECT k, sum(gained_new) AS gained_new, sum(gained_re) AS gained_re, sum(lost) AS lost
    FROM changes
    GROUP BY k
),
return_figures AS (
    SELECT b.k,
           sum(coalesce(r.items, 0)) AS items_returned,
           sum(coalesce(r.amount, 0)) AS amount_returned
    FROM returns r JOIN clock b ON b.qn = epoch_us(r.returned_at) // 900000000
    GROUP BY b.k
),
months AS (
    SELECT b.k, strftime(b.month, '%Y-%m') AS period,
           coalesce(a.gained_new, 0) AS gained_new,
           coalesce(a.gained_re, 0) AS gained_re,
           coalesce(a.lost, 0) AS lost,
           coalesce(f.orders, 0) AS orders,
           coalesce(f.revenue, 0)::DOUBLE AS revenue,
           coalesce(f.items, 0) AS items,
           coalesce(f.orders_new, 0) AS orders_new,
           coalesce(f.revenue_new, 0)::DOUBLE AS revenue_new,
           coalesce(f.intervals, 0) AS intervals,
           f.interval_days,
           f.interval_median,
           coalesce(f.first_orders, 0) AS new,
           coalesce(r.items_returned, 0) AS items_returned,
           coalesce(r.amount_returned, 0)::DOUBLE AS amount_returned,
           -- active at the month's end: everyone gained so far minus everyone lost so far
           sum(coalesce(a.gained_new + a.gained_re - a.lost, 0)) OVER upto AS e,
           sum(coalesce(f.first_orders, 0)) OVER upto AS buyers_to_date,
           sum(coalesce(f.second_orders, 0)) OVER upto AS repeat_to_date,
           sum(coalesce(f.loyal_orders, 0)) OVER upto AS loyal_to_date,
           sum(coalesce(f.revenue, 0)::DOUBLE - coalesce(r.amount_returned, 0)::DOUBLE)
               OVER upto AS net_revenue_to_date
    FROM bounds b
    CROSS JOIN grid
    LEFT JOIN activity a ON a.k = b.k
    LEFT JOIN order_figures f ON f.k = b.k
    LEFT JOIN return_figures r ON r.k = b.k
    WHERE b.k < grid.n
    WINDOW upto AS (ORDER BY b.k ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
counts AS (
    SELECT *, e - gained_new - gained_re + lost AS s FROM months
)
SELECT k,
       period,
       s AS customers_start,
       e AS customers_end,
       new AS new_customers,
       s - lost AS kept_customers,
       lost AS lost_customers,
       gained_re AS reactivated_customers,
       100.0 * (e - new) / nullif(s, 0) AS retention_rate,
       100.0 * (s - lost) / nullif(s, 0) AS retention_rate_strict,
       100.0 * lost / nullif(s, 0) AS churn_rate,
       revenue,
       orders,
       100.0 * repeat_to_date / nullif(buyers_to_date, 0) AS repeat_customer_rate,
       100.0 * loyal_to_date / nullif(buyers_to_date, 0) AS loyal_customer_rate,
       revenue / nullif(orders, 0) AS aov,
       revenue_new / nullif(orders_new, 0) AS aov_new,
       (revenue - revenue_new) / nullif(orders - orders_new, 0) AS aov_existing,
       ((revenue - revenue_new) / nullif(orders - orders_new, 0))
           / nullif(revenue_new / nullif(orders_new, 0), 0) AS aov_ratio,
       interval_days / nullif(intervals, 0) AS purchase_interval_mean,
       interval_median AS purchase_interval_median,
       100.0 * items_returned / nullif(items, 0) AS return_rate_items,
       100.0 * amount_returned / nullif(revenue, 0) AS return_rate_amount,
       getvariable('margin') * net_revenue_to_date / nullif(buyers_to_date, 0) AS clv_historical
FROM counts
ORDER BY k
