WITH `t13` AS (
  SELECT
    `t8`.`order_id`,
    `t8`.`customer_id`,
    `t8`.`ordered_at`,
    `t8`.`revenue`,
    `t8`.`items`,
    `t8`.`channel`,
    LAG(`t8`.`ordered_at`) OVER (PARTITION BY `t8`.`customer_id` ORDER BY `t8`.`ordered_at` ASC) AS `prev`,
    LEAD(`t8`.`ordered_at`) OVER (PARTITION BY `t8`.`customer_id` ORDER BY `t8`.`ordered_at` ASC) AS `nxt`,
    ROW_NUMBER() OVER (PARTITION BY `t8`.`customer_id` ORDER BY `t8`.`ordered_at` ASC) - 1 AS `n`,
    MIN(`t8`.`ordered_at`) OVER (
      PARTITION BY `t8`.`customer_id`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `first`
  FROM (
    SELECT
      `t4`.`order_id`,
      `t4`.`customer_id`,
      `t4`.`ordered_at`,
      `t4`.`revenue`,
      `t4`.`items`,
      `t4`.`channel`
    FROM `orders` AS `t4`
  ) AS `t8`
), `t38` AS (
  SELECT
    `t35`.`customer_id`,
    `t35`.`island`,
    MIN(`t35`.`s`) AS `s`,
    MAX(`t35`.`e`) AS `e`
  FROM (
    SELECT
      `t33`.`customer_id`,
      `t33`.`s`,
      `t33`.`e`,
      `t33`.`reach`,
      `t33`.`fresh`,
      SUM(`t33`.`fresh`) OVER (
        PARTITION BY `t33`.`customer_id`
        ORDER BY `t33`.`s` ASC, `t33`.`e` ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS `island`
    FROM (
      SELECT
        `t30`.`customer_id`,
        `t30`.`s`,
        `t30`.`e`,
        `t30`.`reach`,
        IF((
          `t30`.`reach` IS NULL
        ) OR (
          `t30`.`s` > `t30`.`reach`
        ), 1, 0) AS `fresh`
      FROM (
        SELECT
          `t28`.`customer_id`,
          `t28`.`s`,
          `t28`.`e`,
          MAX(`t28`.`e`) OVER (
            PARTITION BY `t28`.`customer_id`
            ORDER BY `t28`.`s` ASC, `t28`.`e` ASC
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 preceding
          ) AS `reach`
        FROM (
          SELECT
            *
          FROM (
            SELECT
              CAST(`t21`.`customer_id` AS STRING) AS `customer_id`,
              CAST(`t21`.`ordered_at` AS DATETIME) AS `s`,
              CAST(TIMESTAMP_ADD(IF(`t21`.`is_end`, `t21`.`ordered_at`, `t21`.`after`), INTERVAL '365' DAY) AS DATETIME) AS `e`
            FROM (
              SELECT
                `t17`.`customer_id`,
                `t17`.`ordered_at`,
                `t17`.`n`,
                `t17`.`is_start`,
                `t17`.`is_end`,
                LEAD(`t17`.`ordered_at`) OVER (PARTITION BY `t17`.`customer_id` ORDER BY `t17`.`n` ASC) AS `after`
              FROM (
                SELECT
                  `t14`.`customer_id`,
                  `t14`.`ordered_at`,
                  `t14`.`n`,
                  (
                    `t14`.`prev` IS NULL
                  )
                  OR (
                    `t14`.`ordered_at` > TIMESTAMP_ADD(`t14`.`prev`, INTERVAL '365' DAY)
                  ) AS `is_start`,
                  (
                    `t14`.`nxt` IS NULL
                  )
                  OR (
                    `t14`.`nxt` > TIMESTAMP_ADD(`t14`.`ordered_at`, INTERVAL '365' DAY)
                  ) AS `is_end`
                FROM `t13` AS `t14`
                WHERE
                  (
                    `t14`.`prev` IS NULL
                  )
                  OR (
                    `t14`.`ordered_at` > TIMESTAMP_ADD(`t14`.`prev`, INTERVAL '365' DAY)
                  )
                  OR (
                    (
                      `t14`.`nxt` IS NULL
                    )
                    OR (
                      `t14`.`nxt` > TIMESTAMP_ADD(`t14`.`ordered_at`, INTERVAL '365' DAY)
                    )
                  )
              ) AS `t17`
            ) AS `t21`
            WHERE
              `t21`.`is_start`
          ) AS `t27`
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              CAST(`t3`.`customer_id` AS STRING) AS `customer_id`,
              CAST(`t3`.`started_at` AS DATETIME) AS `s`,
              COALESCE(`t3`.`ended_at`, DATETIME('2200-01-01T00:00:00')) AS `e`
            FROM `subscriptions` AS `t3`
          ) AS `t11`
        ) AS `t28`
      ) AS `t30`
    ) AS `t33`
  ) AS `t35`
  GROUP BY
    1,
    2
), `t51` AS (
  SELECT
    `t43`.`customer_id`,
    `t43`.`s`,
    `t43`.`e`,
    `t43`.`g`,
    IF(
      `t43`.`s` < DATETIME('2024-06-30T22:00:00'),
      IF(
        `t43`.`s` < DATETIME('2024-03-31T22:00:00'),
        IF(
          `t43`.`s` < DATETIME('2024-01-31T23:00:00'),
          IF(`t43`.`s` < DATETIME('2023-12-31T23:00:00'), -1, 0),
          IF(`t43`.`s` < DATETIME('2024-02-29T23:00:00'), 1, 2)
        ),
        IF(
          `t43`.`s` < DATETIME('2024-05-31T22:00:00'),
          IF(`t43`.`s` < DATETIME('2024-04-30T22:00:00'), 3, 4),
          5
        )
      ),
      IF(
        `t43`.`s` < DATETIME('2024-10-31T23:00:00'),
        IF(
          `t43`.`s` < DATETIME('2024-08-31T22:00:00'),
          IF(`t43`.`s` < DATETIME('2024-07-31T22:00:00'), 6, 7),
          IF(`t43`.`s` < DATETIME('2024-09-30T22:00:00'), 8, 9)
        ),
        IF(
          `t43`.`s` < DATETIME('2024-12-31T23:00:00'),
          IF(`t43`.`s` < DATETIME('2024-11-30T23:00:00'), 10, 11),
          12
        )
      )
    ) + 1 AS `lo`,
    LEAST(
      IF(
        `t43`.`e` < DATETIME('2024-06-30T22:00:00'),
        IF(
          `t43`.`e` < DATETIME('2024-03-31T22:00:00'),
          IF(
            `t43`.`e` < DATETIME('2024-01-31T23:00:00'),
            IF(`t43`.`e` < DATETIME('2023-12-31T23:00:00'), -1, 0),
            IF(`t43`.`e` < DATETIME('2024-02-29T23:00:00'), 1, 2)
          ),
          IF(
            `t43`.`e` < DATETIME('2024-05-31T22:00:00'),
            IF(`t43`.`e` < DATETIME('2024-04-30T22:00:00'), 3, 4),
            5
          )
        ),
        IF(
          `t43`.`e` < DATETIME('2024-10-31T23:00:00'),
          IF(
            `t43`.`e` < DATETIME('2024-08-31T22:00:00'),
            IF(`t43`.`e` < DATETIME('2024-07-31T22:00:00'), 6, 7),
            IF(`t43`.`e` < DATETIME('2024-09-30T22:00:00'), 8, 9)
          ),
          IF(
            `t43`.`e` < DATETIME('2024-12-31T23:00:00'),
            IF(`t43`.`e` < DATETIME('2024-11-30T23:00:00'), 10, 11),
            12
          )
        )
      ),
      12
    ) AS `hi`,
    IF(
      MIN(`t43`.`s`) OVER (
        PARTITION BY `t43`.`customer_id`
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) < DATETIME('2024-06-30T22:00:00'),
      IF(
        MIN(`t43`.`s`) OVER (
          PARTITION BY `t43`.`customer_id`
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < DATETIME('2024-03-31T22:00:00'),
        IF(
          MIN(`t43`.`s`) OVER (
            PARTITION BY `t43`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < DATETIME('2024-01-31T23:00:00'),
          IF(
            MIN(`t43`.`s`) OVER (
              PARTITION BY `t43`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < DATETIME('2023-12-31T23:00:00'),
            -1,
            0
          ),
          IF(
            MIN(`t43`.`s`) OVER (
              PARTITION BY `t43`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < DATETIME('2024-02-29T23:00:00'),
            1,
            2
          )
        ),
        IF(
          MIN(`t43`.`s`) OVER (
            PARTITION BY `t43`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < DATETIME('2024-05-31T22:00:00'),
          IF(
            MIN(`t43`.`s`) OVER (
              PARTITION BY `t43`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < DATETIME('2024-04-30T22:00:00'),
            3,
            4
          ),
          5
        )
      ),
      IF(
        MIN(`t43`.`s`) OVER (
          PARTITION BY `t43`.`customer_id`
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < DATETIME('2024-10-31T23:00:00'),
        IF(
          MIN(`t43`.`s`) OVER (
            PARTITION BY `t43`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < DATETIME('2024-08-31T22:00:00'),
          IF(
            MIN(`t43`.`s`) OVER (
              PARTITION BY `t43`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < DATETIME('2024-07-31T22:00:00'),
            6,
            7
          ),
          IF(
            MIN(`t43`.`s`) OVER (
              PARTITION BY `t43`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < DATETIME('2024-09-30T22:00:00'),
            8,
            9
          )
        ),
        IF(
          MIN(`t43`.`s`) OVER (
            PARTITION BY `t43`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < DATETIME('2024-12-31T23:00:00'),
          IF(
            MIN(`t43`.`s`) OVER (
              PARTITION BY `t43`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < DATETIME('2024-11-30T23:00:00'),
            10,
            11
          ),
          12
        )
      )
    ) AS `f`,
    `t43`.`s` = MIN(`t43`.`s`) OVER (
      PARTITION BY `t43`.`customer_id`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `first`
  FROM (
    SELECT
      `t40`.`customer_id`,
      `t40`.`s`,
      `t40`.`e`,
      '' AS `g`
    FROM `t38` AS `t40`
  ) AS `t43`
), `t56` AS (
  SELECT
    `t54`.`customer_id`,
    `t54`.`s`,
    `t54`.`e`,
    `t54`.`g`,
    `t54`.`lo`,
    `t54`.`hi`,
    `t54`.`f`,
    `t54`.`first`,
    LAG(`t54`.`hi`) OVER (PARTITION BY `t54`.`customer_id` ORDER BY `t54`.`lo` ASC) AS `before`,
    LEAD(`t54`.`lo`) OVER (PARTITION BY `t54`.`customer_id` ORDER BY `t54`.`lo` ASC) AS `after`
  FROM (
    SELECT
      *
    FROM `t51` AS `t52`
    WHERE
      `t52`.`lo` <= `t52`.`hi`
  ) AS `t54`
)
SELECT
  `t79`.`g`,
  `t79`.`k`,
  `t79`.`period`,
  (
    IF(
      (
        CAST(`t79`.`orders` AS FLOAT64) IS NULL
      )
      OR (
        CAST(`t79`.`orders` AS FLOAT64) = 0
      ),
      CAST(NULL AS FLOAT64),
      ieee_divide(CAST(`t79`.`revenue` AS FLOAT64), CAST(`t79`.`orders` AS FLOAT64)) * 1.0
    ) * IF(
      (
        CAST(`t79`.`buyers_to_date` AS FLOAT64) IS NULL
      )
      OR (
        CAST(`t79`.`buyers_to_date` AS FLOAT64) = 0
      ),
      CAST(NULL AS FLOAT64),
      ieee_divide(CAST(`t79`.`repeat_to_date` AS FLOAT64), CAST(`t79`.`buyers_to_date` AS FLOAT64)) * 1.0
    )
  ) - IF(
    (
      CAST(`t79`.`N` AS FLOAT64) IS NULL
    ) OR (
      CAST(`t79`.`N` AS FLOAT64) = 0
    ),
    CAST(NULL AS FLOAT64),
    ieee_divide(
      IF(`t79`.`cost_acquisition` > 0, `t79`.`cost_acquisition`, `t79`.`cac_recorded`),
      CAST(`t79`.`N` AS FLOAT64)
    ) * 1.0
  ) AS `clv_simple`
FROM (
  SELECT
    `t78`.`k`,
    `t78`.`period`,
    `t78`.`start`,
    `t78`.`end`,
    `t78`.`start_utc`,
    `t78`.`end_utc`,
    `t78`.`partial`,
    `t78`.`g`,
    `t78`.`orders`,
    `t78`.`revenue`,
    `t78`.`items`,
    `t78`.`orders_new`,
    `t78`.`revenue_new`,
    `t78`.`interval_n`,
    `t78`.`interval_sum`,
    `t78`.`first_orders`,
    `t78`.`second_orders`,
    `t78`.`loyal_orders`,
    `t78`.`interval_median`,
    `t78`.`new`,
    `t78`.`gained_new`,
    `t78`.`gained_re`,
    `t78`.`lost`,
    `t78`.`cost_acquisition`,
    `t78`.`cost_retention`,
    `t78`.`cost_mixed`,
    `t78`.`cac_recorded`,
    SUM((
      `t78`.`gained_new` + `t78`.`gained_re`
    ) - `t78`.`lost`) OVER (
      PARTITION BY `t78`.`g`
      ORDER BY `t78`.`k` ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS `E`,
    `t78`.`new` AS `N`,
    SUM(`t78`.`first_orders`) OVER (
      PARTITION BY `t78`.`g`
      ORDER BY `t78`.`k` ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS `buyers_to_date`,
    SUM(`t78`.`second_orders`) OVER (
      PARTITION BY `t78`.`g`
      ORDER BY `t78`.`k` ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS `repeat_to_date`,
    SUM(`t78`.`loyal_orders`) OVER (
      PARTITION BY `t78`.`g`
      ORDER BY `t78`.`k` ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS `loyal_to_date`,
    SUM(CAST(`t78`.`revenue` AS FLOAT64)) OVER (
      PARTITION BY `t78`.`g`
      ORDER BY `t78`.`k` ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS `net_revenue_to_date`
  FROM (
    SELECT
      `t77`.`k`,
      `t77`.`period`,
      `t77`.`start`,
      `t77`.`end`,
      `t77`.`start_utc`,
      `t77`.`end_utc`,
      `t77`.`partial`,
      `t77`.`g`,
      `t77`.`orders`,
      `t77`.`revenue`,
      `t77`.`items`,
      `t77`.`orders_new`,
      `t77`.`revenue_new`,
      `t77`.`interval_n`,
      `t77`.`interval_sum`,
      `t77`.`first_orders`,
      `t77`.`second_orders`,
      `t77`.`loyal_orders`,
      `t77`.`interval_median`,
      `t77`.`new`,
      `t77`.`gained_new`,
      `t77`.`gained_re`,
      `t77`.`lost`,
      `t77`.`cost_acquisition`,
      `t77`.`cost_retention`,
      `t77`.`cost_mixed`,
      COALESCE(`t77`.`cac_recorded`, 0) AS `cac_recorded`
    FROM (
      SELECT
        `t76`.*
        EXCEPT (`cg`, `ck`)
      FROM (
        SELECT
          `t75`.`k`,
          `t75`.`period`,
          `t75`.`start`,
          `t75`.`end`,
          `t75`.`start_utc`,
          `t75`.`end_utc`,
          `t75`.`partial`,
          `t75`.`g`,
          `t75`.`orders`,
          `t75`.`revenue`,
          `t75`.`items`,
          `t75`.`orders_new`,
          `t75`.`revenue_new`,
          `t75`.`interval_n`,
          `t75`.`interval_sum`,
          `t75`.`first_orders`,
          `t75`.`second_orders`,
          `t75`.`loyal_orders`,
          `t75`.`interval_median`,
          `t75`.`new`,
          `t75`.`gained_new`,
          `t75`.`gained_re`,
          `t75`.`lost`,
          `t75`.`cost_acquisition`,
          `t75`.`cost_retention`,
          `t75`.`cost_mixed`,
          `t60`.`cg`,
          `t60`.`ck`,
          `t60`.`cac_recorded`
        FROM (
          SELECT
            `t73`.`k`,
            `t73`.`period`,
            `t73`.`start`,
            `t73`.`end`,
            `t73`.`start_utc`,
            `t73`.`end_utc`,
            `t73`.`partial`,
            `t73`.`g`,
            `t73`.`orders`,
            `t73`.`revenue`,
            `t73`.`items`,
            `t73`.`orders_new`,
            `t73`.`revenue_new`,
            `t73`.`interval_n`,
            `t73`.`interval_sum`,
            `t73`.`first_orders`,
            `t73`.`second_orders`,
            `t73`.`loyal_orders`,
            `t73`.`interval_median`,
            `t73`.`new`,
            `t73`.`gained_new`,
            `t73`.`gained_re`,
            `t73`.`lost`,
            COALESCE(`t73`.`cost_acquisition`, 0) AS `cost_acquisition`,
            COALESCE(`t73`.`cost_retention`, 0) AS `cost_retention`,
            COALESCE(`t73`.`cost_mixed`, 0) AS `cost_mixed`
          FROM (
            SELECT
              `t72`.*
              EXCEPT (`cg`, `ck`)
            FROM (
              SELECT
                `t71`.`k`,
                `t71`.`period`,
                `t71`.`start`,
                `t71`.`end`,
                `t71`.`start_utc`,
                `t71`.`end_utc`,
                `t71`.`partial`,
                `t71`.`g`,
                `t71`.`orders`,
                `t71`.`revenue`,
                `t71`.`items`,
                `t71`.`orders_new`,
                `t71`.`revenue_new`,
                `t71`.`interval_n`,
                `t71`.`interval_sum`,
                `t71`.`first_orders`,
                `t71`.`second_orders`,
                `t71`.`loyal_orders`,
                `t71`.`interval_median`,
                `t71`.`new`,
                `t71`.`gained_new`,
                `t71`.`gained_re`,
                `t71`.`lost`,
                `t23`.`cg`,
                `t23`.`ck`,
                `t23`.`cost_acquisition`,
                `t23`.`cost_retention`,
                `t23`.`cost_mixed`
              FROM (
                SELECT
                  `t69`.`k`,
                  `t69`.`period`,
                  `t69`.`start`,
                  `t69`.`end`,
                  `t69`.`start_utc`,
                  `t69`.`end_utc`,
                  `t69`.`partial`,
                  `t69`.`g`,
                  `t69`.`orders`,
                  `t69`.`revenue`,
                  `t69`.`items`,
                  `t69`.`orders_new`,
                  `t69`.`revenue_new`,
                  `t69`.`interval_n`,
                  `t69`.`interval_sum`,
                  `t69`.`first_orders`,
                  `t69`.`second_orders`,
                  `t69`.`loyal_orders`,
                  `t69`.`interval_median`,
                  COALESCE(`t69`.`new`, 0) AS `new`,
                  COALESCE(`t69`.`gained_new`, 0) AS `gained_new`,
                  COALESCE(`t69`.`gained_re`, 0) AS `gained_re`,
                  COALESCE(`t69`.`lost`, 0) AS `lost`
                FROM (
                  SELECT
                    `t68`.*
                    EXCEPT (`cg`, `ck`)
                  FROM (
                    SELECT
                      `t49`.`k`,
                      `t49`.`period`,
                      `t49`.`start`,
                      `t49`.`end`,
                      `t49`.`start_utc`,
                      `t49`.`end_utc`,
                      `t49`.`partial`,
                      `t49`.`g`,
                      `t49`.`orders`,
                      `t49`.`revenue`,
                      `t49`.`items`,
                      `t49`.`orders_new`,
                      `t49`.`revenue_new`,
                      `t49`.`interval_n`,
                      `t49`.`interval_sum`,
                      `t49`.`first_orders`,
                      `t49`.`second_orders`,
                      `t49`.`loyal_orders`,
                      `t49`.`interval_median`,
                      `t67`.`cg`,
                      `t67`.`ck`,
                      `t67`.`new`,
                      `t67`.`gained_new`,
                      `t67`.`gained_re`,
                      `t67`.`lost`
                    FROM (
                      SELECT
                        `t46`.`k`,
                        `t46`.`period`,
                        `t46`.`start`,
                        `t46`.`end`,
                        `t46`.`start_utc`,
                        `t46`.`end_utc`,
                        `t46`.`partial`,
                        `t46`.`g`,
                        COALESCE(`t46`.`orders`, 0) AS `orders`,
                        COALESCE(`t46`.`revenue`, 0) AS `revenue`,
                        COALESCE(`t46`.`items`, 0) AS `items`,
                        COALESCE(`t46`.`orders_new`, 0) AS `orders_new`,
                        COALESCE(`t46`.`revenue_new`, 0) AS `revenue_new`,
                        COALESCE(`t46`.`interval_n`, 0) AS `interval_n`,
                        COALESCE(`t46`.`interval_sum`, 0) AS `interval_sum`,
                        COALESCE(`t46`.`first_orders`, 0) AS `first_orders`,
                        COALESCE(`t46`.`second_orders`, 0) AS `second_orders`,
                        COALESCE(`t46`.`loyal_orders`, 0) AS `loyal_orders`,
                        `t46`.`interval_median`
                      FROM (
                        SELECT
                          `t45`.*
                          EXCEPT (`cg`, `ck`)
                        FROM (
                          SELECT
                            `t10`.`k`,
                            `t10`.`period`,
                            `t10`.`start`,
                            `t10`.`end`,
                            `t10`.`start_utc`,
                            `t10`.`end_utc`,
                            `t10`.`partial`,
                            `t10`.`g`,
                            `t41`.`cg`,
                            `t41`.`ck`,
                            `t41`.`orders`,
                            `t41`.`revenue`,
                            `t41`.`items`,
                            `t41`.`orders_new`,
                            `t41`.`revenue_new`,
                            `t41`.`interval_n`,
                            `t41`.`interval_sum`,
                            `t41`.`first_orders`,
                            `t41`.`second_orders`,
                            `t41`.`loyal_orders`,
                            `t41`.`interval_median`
                          FROM (
                            SELECT
                              `t2`.`k`,
                              `t2`.`period`,
                              `t2`.`start`,
                              `t2`.`end`,
                              `t2`.`start_utc`,
                              `t2`.`end_utc`,
                              `t2`.`partial`,
                              '' AS `g`
                            FROM `periods` AS `t2`
                          ) AS `t10`
                          LEFT OUTER JOIN (
                            SELECT
                              `t37`.`g` AS `cg`,
                              `t37`.`k` AS `ck`,
                              `t37`.`orders`,
                              `t37`.`revenue`,
                              `t37`.`items`,
                              `t37`.`orders_new`,
                              `t37`.`revenue_new`,
                              `t37`.`interval_n`,
                              `t37`.`interval_sum`,
                              `t37`.`first_orders`,
                              `t37`.`second_orders`,
                              `t37`.`loyal_orders`,
                              `t37`.`interval_median`
                            FROM (
                              SELECT
                                `t36`.*
                                EXCEPT (`mg`, `mk`)
                              FROM (
                                SELECT
                                  `t26`.`g`,
                                  `t26`.`k`,
                                  `t26`.`orders`,
                                  `t26`.`revenue`,
                                  `t26`.`items`,
                                  `t26`.`orders_new`,
                                  `t26`.`revenue_new`,
                                  `t26`.`interval_n`,
                                  `t26`.`interval_sum`,
                                  `t26`.`first_orders`,
                                  `t26`.`second_orders`,
                                  `t26`.`loyal_orders`,
                                  `t34`.`mg`,
                                  `t34`.`mk`,
                                  `t34`.`interval_median`
                                FROM (
                                  SELECT
                                    `t18`.`g`,
                                    `t18`.`k`,
                                    COUNT(*) AS `orders`,
                                    SUM(`t18`.`revenue`) AS `revenue`,
                                    SUM(COALESCE(`t18`.`items`, 0)) AS `items`,
                                    SUM(IF(`t18`.`is_new`, 1, 0)) AS `orders_new`,
                                    SUM(IF(`t18`.`is_new`, `t18`.`revenue`, 0)) AS `revenue_new`,
                                    COUNT(`t18`.`gap`) AS `interval_n`,
                                    SUM(`t18`.`gap`) AS `interval_sum`,
                                    SUM(IF(`t18`.`n` = 0, 1, 0)) AS `first_orders`,
                                    SUM(IF(`t18`.`n` = 1, 1, 0)) AS `second_orders`,
                                    SUM(IF(`t18`.`n` = 2, 1, 0)) AS `loyal_orders`
                                  FROM (
                                    SELECT
                                      `t14`.`order_id`,
                                      `t14`.`customer_id`,
                                      `t14`.`ordered_at`,
                                      `t14`.`revenue`,
                                      `t14`.`items`,
                                      `t14`.`channel`,
                                      `t14`.`prev`,
                                      `t14`.`nxt`,
                                      `t14`.`n`,
                                      `t14`.`first`,
                                      '' AS `g`,
                                      IF(
                                        `t14`.`ordered_at` < DATETIME('2024-06-30T22:00:00'),
                                        IF(
                                          `t14`.`ordered_at` < DATETIME('2024-03-31T22:00:00'),
                                          IF(
                                            `t14`.`ordered_at` < DATETIME('2024-01-31T23:00:00'),
                                            IF(`t14`.`ordered_at` < DATETIME('2023-12-31T23:00:00'), -1, 0),
                                            IF(`t14`.`ordered_at` < DATETIME('2024-02-29T23:00:00'), 1, 2)
                                          ),
                                          IF(
                                            `t14`.`ordered_at` < DATETIME('2024-05-31T22:00:00'),
                                            IF(`t14`.`ordered_at` < DATETIME('2024-04-30T22:00:00'), 3, 4),
                                            5
                                          )
                                        ),
                                        IF(
                                          `t14`.`ordered_at` < DATETIME('2024-10-31T23:00:00'),
                                          IF(
                                            `t14`.`ordered_at` < DATETIME('2024-08-31T22:00:00'),
                                            IF(`t14`.`ordered_at` < DATETIME('2024-07-31T22:00:00'), 6, 7),
                                            IF(`t14`.`ordered_at` < DATETIME('2024-09-30T22:00:00'), 8, 9)
                                          ),
                                          IF(
                                            `t14`.`ordered_at` < DATETIME('2024-12-31T23:00:00'),
                                            IF(`t14`.`ordered_at` < DATETIME('2024-11-30T23:00:00'), 10, 11),
                                            12
                                          )
                                        )
                                      ) AS `k`,
                                      IF(
                                        `t14`.`first` < DATETIME('2024-06-30T22:00:00'),
                                        IF(
                                          `t14`.`first` < DATETIME('2024-03-31T22:00:00'),
                                          IF(
                                            `t14`.`first` < DATETIME('2024-01-31T23:00:00'),
                                            IF(`t14`.`first` < DATETIME('2023-12-31T23:00:00'), -1, 0),
                                            IF(`t14`.`first` < DATETIME('2024-02-29T23:00:00'), 1, 2)
                                          ),
                                          IF(
                                            `t14`.`first` < DATETIME('2024-05-31T22:00:00'),
                                            IF(`t14`.`first` < DATETIME('2024-04-30T22:00:00'), 3, 4),
                                            5
                                          )
                                        ),
                                        IF(
                                          `t14`.`first` < DATETIME('2024-10-31T23:00:00'),
                                          IF(
                                            `t14`.`first` < DATETIME('2024-08-31T22:00:00'),
                                            IF(`t14`.`first` < DATETIME('2024-07-31T22:00:00'), 6, 7),
                                            IF(`t14`.`first` < DATETIME('2024-09-30T22:00:00'), 8, 9)
                                          ),
                                          IF(
                                            `t14`.`first` < DATETIME('2024-12-31T23:00:00'),
                                            IF(`t14`.`first` < DATETIME('2024-11-30T23:00:00'), 10, 11),
                                            12
                                          )
                                        )
                                      ) = IF(
                                        `t14`.`ordered_at` < DATETIME('2024-06-30T22:00:00'),
                                        IF(
                                          `t14`.`ordered_at` < DATETIME('2024-03-31T22:00:00'),
                                          IF(
                                            `t14`.`ordered_at` < DATETIME('2024-01-31T23:00:00'),
                                            IF(`t14`.`ordered_at` < DATETIME('2023-12-31T23:00:00'), -1, 0),
                                            IF(`t14`.`ordered_at` < DATETIME('2024-02-29T23:00:00'), 1, 2)
                                          ),
                                          IF(
                                            `t14`.`ordered_at` < DATETIME('2024-05-31T22:00:00'),
                                            IF(`t14`.`ordered_at` < DATETIME('2024-04-30T22:00:00'), 3, 4),
                                            5
                                          )
                                        ),
                                        IF(
                                          `t14`.`ordered_at` < DATETIME('2024-10-31T23:00:00'),
                                          IF(
                                            `t14`.`ordered_at` < DATETIME('2024-08-31T22:00:00'),
                                            IF(`t14`.`ordered_at` < DATETIME('2024-07-31T22:00:00'), 6, 7),
                                            IF(`t14`.`ordered_at` < DATETIME('2024-09-30T22:00:00'), 8, 9)
                                          ),
                                          IF(
                                            `t14`.`ordered_at` < DATETIME('2024-12-31T23:00:00'),
                                            IF(`t14`.`ordered_at` < DATETIME('2024-11-30T23:00:00'), 10, 11),
                                            12
                                          )
                                        )
                                      ) AS `is_new`,
                                      ieee_divide(
                                        CAST(DATETIME_DIFF(`t14`.`ordered_at`, `t14`.`prev`, MICROSECOND) AS FLOAT64),
                                        86400000000
                                      ) AS `gap`
                                    FROM `t13` AS `t14`
                                  ) AS `t18`
                                  GROUP BY
                                    1,
                                    2
                                ) AS `t26`
                                LEFT OUTER JOIN (
                                  SELECT
                                    `t31`.`g` AS `mg`,
                                    `t31`.`k` AS `mk`,
                                    ieee_divide(`t31`.`_lo` + `t31`.`_hi`, 2) AS `interval_median`
                                  FROM (
                                    SELECT
                                      `t29`.`g`,
                                      `t29`.`k`,
                                      MIN(`t29`.`gap`) AS `_lo`,
                                      MAX(`t29`.`gap`) AS `_hi`
                                    FROM (
                                      SELECT
                                        *
                                      FROM (
                                        SELECT
                                          `t19`.`order_id`,
                                          `t19`.`customer_id`,
                                          `t19`.`ordered_at`,
                                          `t19`.`revenue`,
                                          `t19`.`items`,
                                          `t19`.`channel`,
                                          `t19`.`prev`,
                                          `t19`.`nxt`,
                                          `t19`.`n`,
                                          `t19`.`first`,
                                          `t19`.`g`,
                                          `t19`.`k`,
                                          `t19`.`is_new`,
                                          `t19`.`gap`,
                                          ROW_NUMBER() OVER (PARTITION BY `t19`.`g`, `t19`.`k` ORDER BY `t19`.`gap` ASC) - 1 AS `_r`,
                                          COUNT(*) OVER (
                                            PARTITION BY `t19`.`g`, `t19`.`k`
                                            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                                          ) AS `_m`
                                        FROM (
                                          SELECT
                                            `t14`.`order_id`,
                                            `t14`.`customer_id`,
                                            `t14`.`ordered_at`,
                                            `t14`.`revenue`,
                                            `t14`.`items`,
                                            `t14`.`channel`,
                                            `t14`.`prev`,
                                            `t14`.`nxt`,
                                            `t14`.`n`,
                                            `t14`.`first`,
                                            '' AS `g`,
                                            IF(
                                              `t14`.`ordered_at` < DATETIME('2024-06-30T22:00:00'),
                                              IF(
                                                `t14`.`ordered_at` < DATETIME('2024-03-31T22:00:00'),
                                                IF(
                                                  `t14`.`ordered_at` < DATETIME('2024-01-31T23:00:00'),
                                                  IF(`t14`.`ordered_at` < DATETIME('2023-12-31T23:00:00'), -1, 0),
                                                  IF(`t14`.`ordered_at` < DATETIME('2024-02-29T23:00:00'), 1, 2)
                                                ),
                                                IF(
                                                  `t14`.`ordered_at` < DATETIME('2024-05-31T22:00:00'),
                                                  IF(`t14`.`ordered_at` < DATETIME('2024-04-30T22:00:00'), 3, 4),
                                                  5
                                                )
                                              ),
                                              IF(
                                                `t14`.`ordered_at` < DATETIME('2024-10-31T23:00:00'),
                                                IF(
                                                  `t14`.`ordered_at` < DATETIME('2024-08-31T22:00:00'),
                                                  IF(`t14`.`ordered_at` < DATETIME('2024-07-31T22:00:00'), 6, 7),
                                                  IF(`t14`.`ordered_at` < DATETIME('2024-09-30T22:00:00'), 8, 9)
                                                ),
                                                IF(
                                                  `t14`.`ordered_at` < DATETIME('2024-12-31T23:00:00'),
                                                  IF(`t14`.`ordered_at` < DATETIME('2024-11-30T23:00:00'), 10, 11),
                                                  12
                                                )
                                              )
                                            ) AS `k`,
                                            IF(
                                              `t14`.`first` < DATETIME('2024-06-30T22:00:00'),
                                              IF(
                                                `t14`.`first` < DATETIME('2024-03-31T22:00:00'),
                                                IF(
                                                  `t14`.`first` < DATETIME('2024-01-31T23:00:00'),
                                                  IF(`t14`.`first` < DATETIME('2023-12-31T23:00:00'), -1, 0),
                                                  IF(`t14`.`first` < DATETIME('2024-02-29T23:00:00'), 1, 2)
                                                ),
                                                IF(
                                                  `t14`.`first` < DATETIME('2024-05-31T22:00:00'),
                                                  IF(`t14`.`first` < DATETIME('2024-04-30T22:00:00'), 3, 4),
                                                  5
                                                )
                                              ),
                                              IF(
                                                `t14`.`first` < DATETIME('2024-10-31T23:00:00'),
                                                IF(
                                                  `t14`.`first` < DATETIME('2024-08-31T22:00:00'),
                                                  IF(`t14`.`first` < DATETIME('2024-07-31T22:00:00'), 6, 7),
                                                  IF(`t14`.`first` < DATETIME('2024-09-30T22:00:00'), 8, 9)
                                                ),
                                                IF(
                                                  `t14`.`first` < DATETIME('2024-12-31T23:00:00'),
                                                  IF(`t14`.`first` < DATETIME('2024-11-30T23:00:00'), 10, 11),
                                                  12
                                                )
                                              )
                                            ) = IF(
                                              `t14`.`ordered_at` < DATETIME('2024-06-30T22:00:00'),
                                              IF(
                                                `t14`.`ordered_at` < DATETIME('2024-03-31T22:00:00'),
                                                IF(
                                                  `t14`.`ordered_at` < DATETIME('2024-01-31T23:00:00'),
                                                  IF(`t14`.`ordered_at` < DATETIME('2023-12-31T23:00:00'), -1, 0),
                                                  IF(`t14`.`ordered_at` < DATETIME('2024-02-29T23:00:00'), 1, 2)
                                                ),
                                                IF(
                                                  `t14`.`ordered_at` < DATETIME('2024-05-31T22:00:00'),
                                                  IF(`t14`.`ordered_at` < DATETIME('2024-04-30T22:00:00'), 3, 4),
                                                  5
                                                )
                                              ),
                                              IF(
                                                `t14`.`ordered_at` < DATETIME('2024-10-31T23:00:00'),
                                                IF(
                                                  `t14`.`ordered_at` < DATETIME('2024-08-31T22:00:00'),
                                                  IF(`t14`.`ordered_at` < DATETIME('2024-07-31T22:00:00'), 6, 7),
                                                  IF(`t14`.`ordered_at` < DATETIME('2024-09-30T22:00:00'), 8, 9)
                                                ),
                                                IF(
                                                  `t14`.`ordered_at` < DATETIME('2024-12-31T23:00:00'),
                                                  IF(`t14`.`ordered_at` < DATETIME('2024-11-30T23:00:00'), 10, 11),
                                                  12
                                                )
                                              )
                                            ) AS `is_new`,
                                            ieee_divide(
                                              CAST(DATETIME_DIFF(`t14`.`ordered_at`, `t14`.`prev`, MICROSECOND) AS FLOAT64),
                                              86400000000
                                            ) AS `gap`
                                          FROM `t13` AS `t14`
                                          WHERE
                                            ieee_divide(
                                              CAST(DATETIME_DIFF(`t14`.`ordered_at`, `t14`.`prev`, MICROSECOND) AS FLOAT64),
                                              86400000000
                                            ) IS NOT NULL
                                        ) AS `t19`
                                      ) AS `t25`
                                      WHERE
                                        (
                                          `t25`.`_r` * 2
                                        ) >= (
                                          `t25`.`_m` - 2
                                        )
                                        AND (
                                          `t25`.`_r` * 2
                                        ) <= `t25`.`_m`
                                    ) AS `t29`
                                    GROUP BY
                                      1,
                                      2
                                  ) AS `t31`
                                ) AS `t34`
                                  ON `t26`.`g` = `t34`.`mg` AND `t26`.`k` = `t34`.`mk`
                              ) AS `t36`
                            ) AS `t37`
                          ) AS `t41`
                            ON `t10`.`g` = `t41`.`cg` AND `t10`.`k` = `t41`.`ck`
                        ) AS `t45`
                      ) AS `t46`
                    ) AS `t49`
                    LEFT OUTER JOIN (
                      SELECT
                        `t65`.`g` AS `cg`,
                        `t65`.`k` AS `ck`,
                        `t65`.`new`,
                        `t65`.`gained_new`,
                        `t65`.`gained_re`,
                        `t65`.`lost`
                      FROM (
                        SELECT
                          `t64`.`g`,
                          `t64`.`k`,
                          SUM(`t64`.`new`) AS `new`,
                          SUM(`t64`.`gained_new`) AS `gained_new`,
                          SUM(`t64`.`gained_re`) AS `gained_re`,
                          SUM(`t64`.`lost`) AS `lost`
                        FROM (
                          SELECT
                            *
                          FROM (
                            SELECT
                              *
                            FROM (
                              SELECT
                                `t52`.`g`,
                                `t52`.`f` AS `k`,
                                1 AS `new`,
                                0 AS `gained_new`,
                                0 AS `gained_re`,
                                0 AS `lost`
                              FROM `t51` AS `t52`
                              WHERE
                                `t52`.`first`
                            ) AS `t53`
                            UNION ALL
                            SELECT
                              *
                            FROM (
                              SELECT
                                `t57`.`g`,
                                `t57`.`lo` - 1 AS `k`,
                                0 AS `new`,
                                IF(`t57`.`f` = (
                                  `t57`.`lo` - 1
                                ), 1, 0) AS `gained_new`,
                                IF(`t57`.`f` = (
                                  `t57`.`lo` - 1
                                ), 0, 1) AS `gained_re`,
                                0 AS `lost`
                              FROM `t56` AS `t57`
                              WHERE
                                (
                                  `t57`.`before` IS NULL
                                ) OR (
                                  `t57`.`before` < (
                                    `t57`.`lo` - 1
                                  )
                                )
                            ) AS `t62`
                          ) AS `t63`
                          UNION ALL
                          SELECT
                            *
                          FROM (
                            SELECT
                              `t57`.`g`,
                              `t57`.`hi` AS `k`,
                              0 AS `new`,
                              0 AS `gained_new`,
                              0 AS `gained_re`,
                              1 AS `lost`
                            FROM `t56` AS `t57`
                            WHERE
                              (
                                (
                                  `t57`.`after` IS NULL
                                ) OR (
                                  `t57`.`after` > (
                                    `t57`.`hi` + 1
                                  )
                                )
                              )
                              AND `t57`.`hi` < 12
                          ) AS `t61`
                        ) AS `t64`
                        GROUP BY
                          1,
                          2
                      ) AS `t65`
                    ) AS `t67`
                      ON `t49`.`g` = `t67`.`cg` AND `t49`.`k` = `t67`.`ck`
                  ) AS `t68`
                ) AS `t69`
              ) AS `t71`
              LEFT OUTER JOIN (
                SELECT
                  `t20`.`g` AS `cg`,
                  `t20`.`k` AS `ck`,
                  `t20`.`cost_acquisition`,
                  `t20`.`cost_retention`,
                  `t20`.`cost_mixed`
                FROM (
                  SELECT
                    `t16`.`g`,
                    `t16`.`k`,
                    SUM(IF(`t16`.`purpose` = 'acquisition', `t16`.`share`, 0.0)) AS `cost_acquisition`,
                    SUM(IF(`t16`.`purpose` = 'retention', `t16`.`share`, 0.0)) AS `cost_retention`,
                    SUM(IF(`t16`.`purpose` = 'mixed', `t16`.`share`, 0.0)) AS `cost_mixed`
                  FROM (
                    SELECT
                      *
                    FROM (
                      SELECT
                        '' AS `g`,
                        `t6`.`k`,
                        `t5`.`purpose`,
                        ieee_divide(
                          CAST(`t5`.`amount` AS FLOAT64) * CAST(DATE_DIFF(
                            LEAST(DATE_ADD(`t5`.`period_end`, INTERVAL '1' DAY), `t6`.`end`),
                            GREATEST(`t5`.`period_start`, `t6`.`start`),
                            DAY
                          ) AS FLOAT64),
                          CAST(DATE_DIFF(DATE_ADD(`t5`.`period_end`, INTERVAL '1' DAY), `t5`.`period_start`, DAY) AS FLOAT64)
                        ) AS `share`
                      FROM `costs` AS `t5`
                      INNER JOIN `periods` AS `t6`
                        ON `t5`.`period_start` < `t6`.`end` AND `t5`.`period_end` >= `t6`.`start`
                    ) AS `t15`
                    WHERE
                      `t15`.`g` IS NOT NULL
                  ) AS `t16`
                  GROUP BY
                    1,
                    2
                ) AS `t20`
              ) AS `t23`
                ON `t71`.`g` = `t23`.`cg` AND `t71`.`k` = `t23`.`ck`
            ) AS `t72`
          ) AS `t73`
        ) AS `t75`
        LEFT OUTER JOIN (
          SELECT
            `t58`.`g` AS `cg`,
            `t58`.`k` AS `ck`,
            `t58`.`cac_recorded`
          FROM (
            SELECT
              `t55`.`g`,
              `t55`.`k`,
              SUM(CAST(`t55`.`acquisition_cost` AS FLOAT64)) AS `cac_recorded`
            FROM (
              SELECT
                `t50`.`customer_id`,
                `t50`.`fs`,
                `t50`.`acquisition_cost`,
                '' AS `g`,
                IF(
                  `t50`.`fs` < DATETIME('2024-06-30T22:00:00'),
                  IF(
                    `t50`.`fs` < DATETIME('2024-03-31T22:00:00'),
                    IF(
                      `t50`.`fs` < DATETIME('2024-01-31T23:00:00'),
                      IF(`t50`.`fs` < DATETIME('2023-12-31T23:00:00'), -1, 0),
                      IF(`t50`.`fs` < DATETIME('2024-02-29T23:00:00'), 1, 2)
                    ),
                    IF(
                      `t50`.`fs` < DATETIME('2024-05-31T22:00:00'),
                      IF(`t50`.`fs` < DATETIME('2024-04-30T22:00:00'), 3, 4),
                      5
                    )
                  ),
                  IF(
                    `t50`.`fs` < DATETIME('2024-10-31T23:00:00'),
                    IF(
                      `t50`.`fs` < DATETIME('2024-08-31T22:00:00'),
                      IF(`t50`.`fs` < DATETIME('2024-07-31T22:00:00'), 6, 7),
                      IF(`t50`.`fs` < DATETIME('2024-09-30T22:00:00'), 8, 9)
                    ),
                    IF(
                      `t50`.`fs` < DATETIME('2024-12-31T23:00:00'),
                      IF(`t50`.`fs` < DATETIME('2024-11-30T23:00:00'), 10, 11),
                      12
                    )
                  )
                ) AS `k`
              FROM (
                SELECT
                  `t47`.`customer_id`,
                  MIN(`t47`.`s`) AS `fs`,
                  MAX(`t47`.`acquisition_cost`) AS `acquisition_cost`
                FROM (
                  SELECT
                    `t44`.`customer_id`,
                    `t44`.`s`,
                    `t44`.`e`,
                    `t12`.`acquisition_cost`
                  FROM (
                    SELECT
                      `t40`.`customer_id`,
                      `t40`.`s`,
                      `t40`.`e`
                    FROM `t38` AS `t40`
                  ) AS `t44`
                  INNER JOIN (
                    SELECT
                      `t0`.`customer_id`,
                      `t0`.`acquisition_cost`
                    FROM `customers` AS `t0`
                    WHERE
                      `t0`.`acquisition_cost` IS NOT NULL
                  ) AS `t12`
                    ON `t44`.`customer_id` = `t12`.`customer_id`
                ) AS `t47`
                GROUP BY
                  1
              ) AS `t50`
            ) AS `t55`
            GROUP BY
              1,
              2
          ) AS `t58`
        ) AS `t60`
          ON `t75`.`g` = `t60`.`cg` AND `t75`.`k` = `t60`.`ck`
      ) AS `t76`
    ) AS `t77`
  ) AS `t78`
) AS `t79`
ORDER BY
  `t79`.`g` ASC NULLS LAST,
  `t79`.`k` ASC NULLS LAST
