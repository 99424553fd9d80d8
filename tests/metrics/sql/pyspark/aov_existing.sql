WITH `t7` AS (
  SELECT
    `t4`.`order_id`,
    `t4`.`customer_id`,
    `t4`.`ordered_at`,
    `t4`.`revenue`,
    `t4`.`items`,
    `t4`.`channel`,
    LAG(`t4`.`ordered_at`) OVER (PARTITION BY `t4`.`customer_id` ORDER BY `t4`.`ordered_at` ASC NULLS LAST) AS `prev`,
    LEAD(`t4`.`ordered_at`) OVER (PARTITION BY `t4`.`customer_id` ORDER BY `t4`.`ordered_at` ASC NULLS LAST) AS `nxt`,
    ROW_NUMBER() OVER (PARTITION BY `t4`.`customer_id` ORDER BY `t4`.`ordered_at` ASC NULLS LAST) - 1 AS `n`,
    MIN(`t4`.`ordered_at`) OVER (
      PARTITION BY `t4`.`customer_id`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `first`
  FROM (
    SELECT
      `t1`.`order_id`,
      `t1`.`customer_id`,
      `t1`.`ordered_at`,
      `t1`.`revenue`,
      `t1`.`items`,
      `t1`.`channel`
    FROM `orders` AS `t1`
  ) AS `t4`
), `t31` AS (
  SELECT
    `t30`.`customer_id`,
    `t30`.`s`,
    `t30`.`e`,
    `t30`.`g`,
    IF(
      `t30`.`s` < CAST('2024-06-30T22:00:00' AS TIMESTAMP),
      IF(
        `t30`.`s` < CAST('2024-03-31T22:00:00' AS TIMESTAMP),
        IF(
          `t30`.`s` < CAST('2024-01-31T23:00:00' AS TIMESTAMP),
          IF(`t30`.`s` < CAST('2023-12-31T23:00:00' AS TIMESTAMP), -1, 0),
          IF(`t30`.`s` < CAST('2024-02-29T23:00:00' AS TIMESTAMP), 1, 2)
        ),
        IF(
          `t30`.`s` < CAST('2024-05-31T22:00:00' AS TIMESTAMP),
          IF(`t30`.`s` < CAST('2024-04-30T22:00:00' AS TIMESTAMP), 3, 4),
          5
        )
      ),
      IF(
        `t30`.`s` < CAST('2024-10-31T23:00:00' AS TIMESTAMP),
        IF(
          `t30`.`s` < CAST('2024-08-31T22:00:00' AS TIMESTAMP),
          IF(`t30`.`s` < CAST('2024-07-31T22:00:00' AS TIMESTAMP), 6, 7),
          IF(`t30`.`s` < CAST('2024-09-30T22:00:00' AS TIMESTAMP), 8, 9)
        ),
        IF(
          `t30`.`s` < CAST('2024-12-31T23:00:00' AS TIMESTAMP),
          IF(`t30`.`s` < CAST('2024-11-30T23:00:00' AS TIMESTAMP), 10, 11),
          12
        )
      )
    ) + 1 AS `lo`,
    LEAST(
      IF(
        `t30`.`e` < CAST('2024-06-30T22:00:00' AS TIMESTAMP),
        IF(
          `t30`.`e` < CAST('2024-03-31T22:00:00' AS TIMESTAMP),
          IF(
            `t30`.`e` < CAST('2024-01-31T23:00:00' AS TIMESTAMP),
            IF(`t30`.`e` < CAST('2023-12-31T23:00:00' AS TIMESTAMP), -1, 0),
            IF(`t30`.`e` < CAST('2024-02-29T23:00:00' AS TIMESTAMP), 1, 2)
          ),
          IF(
            `t30`.`e` < CAST('2024-05-31T22:00:00' AS TIMESTAMP),
            IF(`t30`.`e` < CAST('2024-04-30T22:00:00' AS TIMESTAMP), 3, 4),
            5
          )
        ),
        IF(
          `t30`.`e` < CAST('2024-10-31T23:00:00' AS TIMESTAMP),
          IF(
            `t30`.`e` < CAST('2024-08-31T22:00:00' AS TIMESTAMP),
            IF(`t30`.`e` < CAST('2024-07-31T22:00:00' AS TIMESTAMP), 6, 7),
            IF(`t30`.`e` < CAST('2024-09-30T22:00:00' AS TIMESTAMP), 8, 9)
          ),
          IF(
            `t30`.`e` < CAST('2024-12-31T23:00:00' AS TIMESTAMP),
            IF(`t30`.`e` < CAST('2024-11-30T23:00:00' AS TIMESTAMP), 10, 11),
            12
          )
        )
      ),
      12
    ) AS `hi`,
    IF(
      MIN(`t30`.`s`) OVER (
        PARTITION BY `t30`.`customer_id`
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) < CAST('2024-06-30T22:00:00' AS TIMESTAMP),
      IF(
        MIN(`t30`.`s`) OVER (
          PARTITION BY `t30`.`customer_id`
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < CAST('2024-03-31T22:00:00' AS TIMESTAMP),
        IF(
          MIN(`t30`.`s`) OVER (
            PARTITION BY `t30`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < CAST('2024-01-31T23:00:00' AS TIMESTAMP),
          IF(
            MIN(`t30`.`s`) OVER (
              PARTITION BY `t30`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < CAST('2023-12-31T23:00:00' AS TIMESTAMP),
            -1,
            0
          ),
          IF(
            MIN(`t30`.`s`) OVER (
              PARTITION BY `t30`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < CAST('2024-02-29T23:00:00' AS TIMESTAMP),
            1,
            2
          )
        ),
        IF(
          MIN(`t30`.`s`) OVER (
            PARTITION BY `t30`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < CAST('2024-05-31T22:00:00' AS TIMESTAMP),
          IF(
            MIN(`t30`.`s`) OVER (
              PARTITION BY `t30`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < CAST('2024-04-30T22:00:00' AS TIMESTAMP),
            3,
            4
          ),
          5
        )
      ),
      IF(
        MIN(`t30`.`s`) OVER (
          PARTITION BY `t30`.`customer_id`
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < CAST('2024-10-31T23:00:00' AS TIMESTAMP),
        IF(
          MIN(`t30`.`s`) OVER (
            PARTITION BY `t30`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < CAST('2024-08-31T22:00:00' AS TIMESTAMP),
          IF(
            MIN(`t30`.`s`) OVER (
              PARTITION BY `t30`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < CAST('2024-07-31T22:00:00' AS TIMESTAMP),
            6,
            7
          ),
          IF(
            MIN(`t30`.`s`) OVER (
              PARTITION BY `t30`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < CAST('2024-09-30T22:00:00' AS TIMESTAMP),
            8,
            9
          )
        ),
        IF(
          MIN(`t30`.`s`) OVER (
            PARTITION BY `t30`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < CAST('2024-12-31T23:00:00' AS TIMESTAMP),
          IF(
            MIN(`t30`.`s`) OVER (
              PARTITION BY `t30`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < CAST('2024-11-30T23:00:00' AS TIMESTAMP),
            10,
            11
          ),
          12
        )
      )
    ) AS `f`,
    `t30`.`s` = MIN(`t30`.`s`) OVER (
      PARTITION BY `t30`.`customer_id`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `first`
  FROM (
    SELECT
      `t27`.`customer_id`,
      `t27`.`s`,
      `t27`.`e`,
      '' AS `g`
    FROM (
      SELECT
        `t24`.`customer_id`,
        `t24`.`island`,
        MIN(`t24`.`s`) AS `s`,
        MAX(`t24`.`e`) AS `e`
      FROM (
        SELECT
          `t22`.`customer_id`,
          `t22`.`s`,
          `t22`.`e`,
          `t22`.`reach`,
          `t22`.`fresh`,
          SUM(`t22`.`fresh`) OVER (
            PARTITION BY `t22`.`customer_id`
            ORDER BY `t22`.`s` ASC NULLS LAST, `t22`.`e` ASC NULLS LAST
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
          ) AS `island`
        FROM (
          SELECT
            `t19`.`customer_id`,
            `t19`.`s`,
            `t19`.`e`,
            `t19`.`reach`,
            IF((
              `t19`.`reach` IS NULL
            ) OR (
              `t19`.`s` > `t19`.`reach`
            ), 1, 0) AS `fresh`
          FROM (
            SELECT
              `t17`.`customer_id`,
              `t17`.`s`,
              `t17`.`e`,
              MAX(`t17`.`e`) OVER (
                PARTITION BY `t17`.`customer_id`
                ORDER BY `t17`.`s` ASC NULLS LAST, `t17`.`e` ASC NULLS LAST
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
              ) AS `reach`
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  CAST(`t12`.`customer_id` AS STRING) AS `customer_id`,
                  CAST(`t12`.`ordered_at` AS TIMESTAMP) AS `s`,
                  CAST(IF(`t12`.`is_end`, `t12`.`ordered_at`, `t12`.`after`) + INTERVAL '365' DAY AS TIMESTAMP) AS `e`
                FROM (
                  SELECT
                    `t9`.`customer_id`,
                    `t9`.`ordered_at`,
                    `t9`.`n`,
                    `t9`.`is_start`,
                    `t9`.`is_end`,
                    LEAD(`t9`.`ordered_at`) OVER (PARTITION BY `t9`.`customer_id` ORDER BY `t9`.`n` ASC NULLS LAST) AS `after`
                  FROM (
                    SELECT
                      `t8`.`customer_id`,
                      `t8`.`ordered_at`,
                      `t8`.`n`,
                      (
                        `t8`.`prev` IS NULL
                      )
                      OR (
                        `t8`.`ordered_at` > (
                          `t8`.`prev` + INTERVAL '365' DAY
                        )
                      ) AS `is_start`,
                      (
                        `t8`.`nxt` IS NULL
                      )
                      OR (
                        `t8`.`nxt` > (
                          `t8`.`ordered_at` + INTERVAL '365' DAY
                        )
                      ) AS `is_end`
                    FROM `t7` AS `t8`
                    WHERE
                      (
                        `t8`.`prev` IS NULL
                      )
                      OR (
                        `t8`.`ordered_at` > (
                          `t8`.`prev` + INTERVAL '365' DAY
                        )
                      )
                      OR (
                        (
                          `t8`.`nxt` IS NULL
                        )
                        OR (
                          `t8`.`nxt` > (
                            `t8`.`ordered_at` + INTERVAL '365' DAY
                          )
                        )
                      )
                  ) AS `t9`
                ) AS `t12`
                WHERE
                  `t12`.`is_start`
              ) AS `t16`
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  CAST(`t2`.`customer_id` AS STRING) AS `customer_id`,
                  CAST(`t2`.`started_at` AS TIMESTAMP) AS `s`,
                  COALESCE(`t2`.`ended_at`, CAST('2200-01-01T00:00:00' AS TIMESTAMP)) AS `e`
                FROM `subscriptions` AS `t2`
              ) AS `t6`
            ) AS `t17`
          ) AS `t19`
        ) AS `t22`
      ) AS `t24`
      GROUP BY
        1,
        2
    ) AS `t27`
  ) AS `t30`
), `t35` AS (
  SELECT
    `t34`.`customer_id`,
    `t34`.`s`,
    `t34`.`e`,
    `t34`.`g`,
    `t34`.`lo`,
    `t34`.`hi`,
    `t34`.`f`,
    `t34`.`first`,
    LAG(`t34`.`hi`) OVER (PARTITION BY `t34`.`customer_id` ORDER BY `t34`.`lo` ASC NULLS LAST) AS `before`,
    LEAD(`t34`.`lo`) OVER (PARTITION BY `t34`.`customer_id` ORDER BY `t34`.`lo` ASC NULLS LAST) AS `after`
  FROM (
    SELECT
      *
    FROM `t31` AS `t32`
    WHERE
      `t32`.`lo` <= `t32`.`hi`
  ) AS `t34`
)
SELECT
  `t51`.`g`,
  `t51`.`k`,
  `t51`.`period`,
  IF(
    CAST(`t51`.`orders` - `t51`.`orders_new` AS DOUBLE) IS NULL
    OR ISNAN(CAST(`t51`.`orders` - `t51`.`orders_new` AS DOUBLE))
    OR (
      CAST(`t51`.`orders` - `t51`.`orders_new` AS DOUBLE) = 0
    ),
    CAST(NULL AS DOUBLE),
    (
      CAST(`t51`.`revenue` - `t51`.`revenue_new` AS DOUBLE) / CAST(`t51`.`orders` - `t51`.`orders_new` AS DOUBLE)
    ) * 1.0
  ) AS `aov_existing`
FROM (
  SELECT
    `t50`.`k`,
    `t50`.`period`,
    `t50`.`start`,
    `t50`.`end`,
    `t50`.`start_utc`,
    `t50`.`end_utc`,
    `t50`.`partial`,
    `t50`.`g`,
    `t50`.`new`,
    `t50`.`gained_new`,
    `t50`.`gained_re`,
    `t50`.`lost`,
    `t50`.`orders`,
    `t50`.`revenue`,
    `t50`.`items`,
    `t50`.`orders_new`,
    `t50`.`revenue_new`,
    `t50`.`interval_n`,
    `t50`.`interval_sum`,
    `t50`.`first_orders`,
    `t50`.`second_orders`,
    `t50`.`loyal_orders`,
    `t50`.`interval_median`,
    SUM((
      `t50`.`gained_new` + `t50`.`gained_re`
    ) - `t50`.`lost`) OVER (
      PARTITION BY `t50`.`g`
      ORDER BY `t50`.`k` ASC NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS `E`,
    `t50`.`new` AS `N`,
    SUM(`t50`.`first_orders`) OVER (
      PARTITION BY `t50`.`g`
      ORDER BY `t50`.`k` ASC NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS `buyers_to_date`,
    SUM(`t50`.`second_orders`) OVER (
      PARTITION BY `t50`.`g`
      ORDER BY `t50`.`k` ASC NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS `repeat_to_date`,
    SUM(`t50`.`loyal_orders`) OVER (
      PARTITION BY `t50`.`g`
      ORDER BY `t50`.`k` ASC NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS `loyal_to_date`,
    SUM(CAST(`t50`.`revenue` AS DOUBLE)) OVER (
      PARTITION BY `t50`.`g`
      ORDER BY `t50`.`k` ASC NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS `net_revenue_to_date`
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
      `t49`.`new`,
      `t49`.`gained_new`,
      `t49`.`gained_re`,
      `t49`.`lost`,
      COALESCE(`t49`.`orders`, 0) AS `orders`,
      COALESCE(`t49`.`revenue`, 0) AS `revenue`,
      COALESCE(`t49`.`items`, 0) AS `items`,
      COALESCE(`t49`.`orders_new`, 0) AS `orders_new`,
      COALESCE(`t49`.`revenue_new`, 0) AS `revenue_new`,
      COALESCE(`t49`.`interval_n`, 0) AS `interval_n`,
      COALESCE(`t49`.`interval_sum`, 0) AS `interval_sum`,
      COALESCE(`t49`.`first_orders`, 0) AS `first_orders`,
      COALESCE(`t49`.`second_orders`, 0) AS `second_orders`,
      COALESCE(`t49`.`loyal_orders`, 0) AS `loyal_orders`,
      `t49`.`interval_median`
    FROM (
      SELECT
        `t48`.`k`,
        `t48`.`period`,
        `t48`.`start`,
        `t48`.`end`,
        `t48`.`start_utc`,
        `t48`.`end_utc`,
        `t48`.`partial`,
        `t48`.`g`,
        `t48`.`new`,
        `t48`.`gained_new`,
        `t48`.`gained_re`,
        `t48`.`lost`,
        `t48`.`orders`,
        `t48`.`revenue`,
        `t48`.`items`,
        `t48`.`orders_new`,
        `t48`.`revenue_new`,
        `t48`.`interval_n`,
        `t48`.`interval_sum`,
        `t48`.`first_orders`,
        `t48`.`second_orders`,
        `t48`.`loyal_orders`,
        `t48`.`interval_median`
      FROM (
        SELECT
          `t47`.`k`,
          `t47`.`period`,
          `t47`.`start`,
          `t47`.`end`,
          `t47`.`start_utc`,
          `t47`.`end_utc`,
          `t47`.`partial`,
          `t47`.`g`,
          `t47`.`new`,
          `t47`.`gained_new`,
          `t47`.`gained_re`,
          `t47`.`lost`,
          `t29`.`cg`,
          `t29`.`ck`,
          `t29`.`orders`,
          `t29`.`revenue`,
          `t29`.`items`,
          `t29`.`orders_new`,
          `t29`.`revenue_new`,
          `t29`.`interval_n`,
          `t29`.`interval_sum`,
          `t29`.`first_orders`,
          `t29`.`second_orders`,
          `t29`.`loyal_orders`,
          `t29`.`interval_median`
        FROM (
          SELECT
            `t45`.`k`,
            `t45`.`period`,
            `t45`.`start`,
            `t45`.`end`,
            `t45`.`start_utc`,
            `t45`.`end_utc`,
            `t45`.`partial`,
            `t45`.`g`,
            COALESCE(`t45`.`new`, 0) AS `new`,
            COALESCE(`t45`.`gained_new`, 0) AS `gained_new`,
            COALESCE(`t45`.`gained_re`, 0) AS `gained_re`,
            COALESCE(`t45`.`lost`, 0) AS `lost`
          FROM (
            SELECT
              `t44`.`k`,
              `t44`.`period`,
              `t44`.`start`,
              `t44`.`end`,
              `t44`.`start_utc`,
              `t44`.`end_utc`,
              `t44`.`partial`,
              `t44`.`g`,
              `t44`.`new`,
              `t44`.`gained_new`,
              `t44`.`gained_re`,
              `t44`.`lost`
            FROM (
              SELECT
                `t5`.`k`,
                `t5`.`period`,
                `t5`.`start`,
                `t5`.`end`,
                `t5`.`start_utc`,
                `t5`.`end_utc`,
                `t5`.`partial`,
                `t5`.`g`,
                `t43`.`cg`,
                `t43`.`ck`,
                `t43`.`new`,
                `t43`.`gained_new`,
                `t43`.`gained_re`,
                `t43`.`lost`
              FROM (
                SELECT
                  `t0`.`k`,
                  `t0`.`period`,
                  `t0`.`start`,
                  `t0`.`end`,
                  `t0`.`start_utc`,
                  `t0`.`end_utc`,
                  `t0`.`partial`,
                  '' AS `g`
                FROM `periods` AS `t0`
              ) AS `t5`
              LEFT OUTER JOIN (
                SELECT
                  `t41`.`g` AS `cg`,
                  `t41`.`k` AS `ck`,
                  `t41`.`new`,
                  `t41`.`gained_new`,
                  `t41`.`gained_re`,
                  `t41`.`lost`
                FROM (
                  SELECT
                    `t40`.`g`,
                    `t40`.`k`,
                    SUM(`t40`.`new`) AS `new`,
                    SUM(`t40`.`gained_new`) AS `gained_new`,
                    SUM(`t40`.`gained_re`) AS `gained_re`,
                    SUM(`t40`.`lost`) AS `lost`
                  FROM (
                    SELECT
                      *
                    FROM (
                      SELECT
                        *
                      FROM (
                        SELECT
                          `t32`.`g`,
                          `t32`.`f` AS `k`,
                          1 AS `new`,
                          0 AS `gained_new`,
                          0 AS `gained_re`,
                          0 AS `lost`
                        FROM `t31` AS `t32`
                        WHERE
                          `t32`.`first`
                      ) AS `t33`
                      UNION ALL
                      SELECT
                        *
                      FROM (
                        SELECT
                          `t36`.`g`,
                          `t36`.`lo` - 1 AS `k`,
                          0 AS `new`,
                          IF(`t36`.`f` = (
                            `t36`.`lo` - 1
                          ), 1, 0) AS `gained_new`,
                          IF(`t36`.`f` = (
                            `t36`.`lo` - 1
                          ), 0, 1) AS `gained_re`,
                          0 AS `lost`
                        FROM `t35` AS `t36`
                        WHERE
                          (
                            `t36`.`before` IS NULL
                          ) OR (
                            `t36`.`before` < (
                              `t36`.`lo` - 1
                            )
                          )
                      ) AS `t38`
                    ) AS `t39`
                    UNION ALL
                    SELECT
                      *
                    FROM (
                      SELECT
                        `t36`.`g`,
                        `t36`.`hi` AS `k`,
                        0 AS `new`,
                        0 AS `gained_new`,
                        0 AS `gained_re`,
                        1 AS `lost`
                      FROM `t35` AS `t36`
                      WHERE
                        (
                          (
                            `t36`.`after` IS NULL
                          ) OR (
                            `t36`.`after` > (
                              `t36`.`hi` + 1
                            )
                          )
                        )
                        AND `t36`.`hi` < 12
                    ) AS `t37`
                  ) AS `t40`
                  GROUP BY
                    1,
                    2
                ) AS `t41`
              ) AS `t43`
                ON `t5`.`g` = `t43`.`cg` AND `t5`.`k` = `t43`.`ck`
            ) AS `t44`
          ) AS `t45`
        ) AS `t47`
        LEFT OUTER JOIN (
          SELECT
            `t26`.`g` AS `cg`,
            `t26`.`k` AS `ck`,
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
            `t26`.`interval_median`
          FROM (
            SELECT
              `t25`.`g`,
              `t25`.`k`,
              `t25`.`orders`,
              `t25`.`revenue`,
              `t25`.`items`,
              `t25`.`orders_new`,
              `t25`.`revenue_new`,
              `t25`.`interval_n`,
              `t25`.`interval_sum`,
              `t25`.`first_orders`,
              `t25`.`second_orders`,
              `t25`.`loyal_orders`,
              `t25`.`interval_median`
            FROM (
              SELECT
                `t15`.`g`,
                `t15`.`k`,
                `t15`.`orders`,
                `t15`.`revenue`,
                `t15`.`items`,
                `t15`.`orders_new`,
                `t15`.`revenue_new`,
                `t15`.`interval_n`,
                `t15`.`interval_sum`,
                `t15`.`first_orders`,
                `t15`.`second_orders`,
                `t15`.`loyal_orders`,
                `t23`.`mg`,
                `t23`.`mk`,
                `t23`.`interval_median`
              FROM (
                SELECT
                  `t10`.`g`,
                  `t10`.`k`,
                  COUNT(*) AS `orders`,
                  SUM(`t10`.`revenue`) AS `revenue`,
                  SUM(COALESCE(`t10`.`items`, 0)) AS `items`,
                  SUM(IF(`t10`.`is_new`, 1, 0)) AS `orders_new`,
                  SUM(IF(`t10`.`is_new`, `t10`.`revenue`, 0)) AS `revenue_new`,
                  COUNT(`t10`.`gap`) AS `interval_n`,
                  SUM(`t10`.`gap`) AS `interval_sum`,
                  SUM(IF(`t10`.`n` = 0, 1, 0)) AS `first_orders`,
                  SUM(IF(`t10`.`n` = 1, 1, 0)) AS `second_orders`,
                  SUM(IF(`t10`.`n` = 2, 1, 0)) AS `loyal_orders`
                FROM (
                  SELECT
                    `t8`.`order_id`,
                    `t8`.`customer_id`,
                    `t8`.`ordered_at`,
                    `t8`.`revenue`,
                    `t8`.`items`,
                    `t8`.`channel`,
                    `t8`.`prev`,
                    `t8`.`nxt`,
                    `t8`.`n`,
                    `t8`.`first`,
                    '' AS `g`,
                    IF(
                      `t8`.`ordered_at` < CAST('2024-06-30T22:00:00' AS TIMESTAMP),
                      IF(
                        `t8`.`ordered_at` < CAST('2024-03-31T22:00:00' AS TIMESTAMP),
                        IF(
                          `t8`.`ordered_at` < CAST('2024-01-31T23:00:00' AS TIMESTAMP),
                          IF(`t8`.`ordered_at` < CAST('2023-12-31T23:00:00' AS TIMESTAMP), -1, 0),
                          IF(`t8`.`ordered_at` < CAST('2024-02-29T23:00:00' AS TIMESTAMP), 1, 2)
                        ),
                        IF(
                          `t8`.`ordered_at` < CAST('2024-05-31T22:00:00' AS TIMESTAMP),
                          IF(`t8`.`ordered_at` < CAST('2024-04-30T22:00:00' AS TIMESTAMP), 3, 4),
                          5
                        )
                      ),
                      IF(
                        `t8`.`ordered_at` < CAST('2024-10-31T23:00:00' AS TIMESTAMP),
                        IF(
                          `t8`.`ordered_at` < CAST('2024-08-31T22:00:00' AS TIMESTAMP),
                          IF(`t8`.`ordered_at` < CAST('2024-07-31T22:00:00' AS TIMESTAMP), 6, 7),
                          IF(`t8`.`ordered_at` < CAST('2024-09-30T22:00:00' AS TIMESTAMP), 8, 9)
                        ),
                        IF(
                          `t8`.`ordered_at` < CAST('2024-12-31T23:00:00' AS TIMESTAMP),
                          IF(`t8`.`ordered_at` < CAST('2024-11-30T23:00:00' AS TIMESTAMP), 10, 11),
                          12
                        )
                      )
                    ) AS `k`,
                    IF(
                      `t8`.`first` < CAST('2024-06-30T22:00:00' AS TIMESTAMP),
                      IF(
                        `t8`.`first` < CAST('2024-03-31T22:00:00' AS TIMESTAMP),
                        IF(
                          `t8`.`first` < CAST('2024-01-31T23:00:00' AS TIMESTAMP),
                          IF(`t8`.`first` < CAST('2023-12-31T23:00:00' AS TIMESTAMP), -1, 0),
                          IF(`t8`.`first` < CAST('2024-02-29T23:00:00' AS TIMESTAMP), 1, 2)
                        ),
                        IF(
                          `t8`.`first` < CAST('2024-05-31T22:00:00' AS TIMESTAMP),
                          IF(`t8`.`first` < CAST('2024-04-30T22:00:00' AS TIMESTAMP), 3, 4),
                          5
                        )
                      ),
                      IF(
                        `t8`.`first` < CAST('2024-10-31T23:00:00' AS TIMESTAMP),
                        IF(
                          `t8`.`first` < CAST('2024-08-31T22:00:00' AS TIMESTAMP),
                          IF(`t8`.`first` < CAST('2024-07-31T22:00:00' AS TIMESTAMP), 6, 7),
                          IF(`t8`.`first` < CAST('2024-09-30T22:00:00' AS TIMESTAMP), 8, 9)
                        ),
                        IF(
                          `t8`.`first` < CAST('2024-12-31T23:00:00' AS TIMESTAMP),
                          IF(`t8`.`first` < CAST('2024-11-30T23:00:00' AS TIMESTAMP), 10, 11),
                          12
                        )
                      )
                    ) = IF(
                      `t8`.`ordered_at` < CAST('2024-06-30T22:00:00' AS TIMESTAMP),
                      IF(
                        `t8`.`ordered_at` < CAST('2024-03-31T22:00:00' AS TIMESTAMP),
                        IF(
                          `t8`.`ordered_at` < CAST('2024-01-31T23:00:00' AS TIMESTAMP),
                          IF(`t8`.`ordered_at` < CAST('2023-12-31T23:00:00' AS TIMESTAMP), -1, 0),
                          IF(`t8`.`ordered_at` < CAST('2024-02-29T23:00:00' AS TIMESTAMP), 1, 2)
                        ),
                        IF(
                          `t8`.`ordered_at` < CAST('2024-05-31T22:00:00' AS TIMESTAMP),
                          IF(`t8`.`ordered_at` < CAST('2024-04-30T22:00:00' AS TIMESTAMP), 3, 4),
                          5
                        )
                      ),
                      IF(
                        `t8`.`ordered_at` < CAST('2024-10-31T23:00:00' AS TIMESTAMP),
                        IF(
                          `t8`.`ordered_at` < CAST('2024-08-31T22:00:00' AS TIMESTAMP),
                          IF(`t8`.`ordered_at` < CAST('2024-07-31T22:00:00' AS TIMESTAMP), 6, 7),
                          IF(`t8`.`ordered_at` < CAST('2024-09-30T22:00:00' AS TIMESTAMP), 8, 9)
                        ),
                        IF(
                          `t8`.`ordered_at` < CAST('2024-12-31T23:00:00' AS TIMESTAMP),
                          IF(`t8`.`ordered_at` < CAST('2024-11-30T23:00:00' AS TIMESTAMP), 10, 11),
                          12
                        )
                      )
                    ) AS `is_new`,
                    CAST(DATEDIFF(MICROSECOND, `t8`.`prev`, `t8`.`ordered_at`) AS DOUBLE) / 86400000000 AS `gap`
                  FROM `t7` AS `t8`
                ) AS `t10`
                GROUP BY
                  1,
                  2
              ) AS `t15`
              LEFT OUTER JOIN (
                SELECT
                  `t20`.`g` AS `mg`,
                  `t20`.`k` AS `mk`,
                  (
                    `t20`.`_lo` + `t20`.`_hi`
                  ) / 2 AS `interval_median`
                FROM (
                  SELECT
                    `t18`.`g`,
                    `t18`.`k`,
                    MIN(`t18`.`gap`) AS `_lo`,
                    MAX(`t18`.`gap`) AS `_hi`
                  FROM (
                    SELECT
                      *
                    FROM (
                      SELECT
                        `t11`.`order_id`,
                        `t11`.`customer_id`,
                        `t11`.`ordered_at`,
                        `t11`.`revenue`,
                        `t11`.`items`,
                        `t11`.`channel`,
                        `t11`.`prev`,
                        `t11`.`nxt`,
                        `t11`.`n`,
                        `t11`.`first`,
                        `t11`.`g`,
                        `t11`.`k`,
                        `t11`.`is_new`,
                        `t11`.`gap`,
                        ROW_NUMBER() OVER (PARTITION BY `t11`.`g`, `t11`.`k` ORDER BY `t11`.`gap` ASC NULLS LAST) - 1 AS `_r`,
                        COUNT(*) OVER (
                          PARTITION BY `t11`.`g`, `t11`.`k`
                          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                        ) AS `_m`
                      FROM (
                        SELECT
                          `t8`.`order_id`,
                          `t8`.`customer_id`,
                          `t8`.`ordered_at`,
                          `t8`.`revenue`,
                          `t8`.`items`,
                          `t8`.`channel`,
                          `t8`.`prev`,
                          `t8`.`nxt`,
                          `t8`.`n`,
                          `t8`.`first`,
                          '' AS `g`,
                          IF(
                            `t8`.`ordered_at` < CAST('2024-06-30T22:00:00' AS TIMESTAMP),
                            IF(
                              `t8`.`ordered_at` < CAST('2024-03-31T22:00:00' AS TIMESTAMP),
                              IF(
                                `t8`.`ordered_at` < CAST('2024-01-31T23:00:00' AS TIMESTAMP),
                                IF(`t8`.`ordered_at` < CAST('2023-12-31T23:00:00' AS TIMESTAMP), -1, 0),
                                IF(`t8`.`ordered_at` < CAST('2024-02-29T23:00:00' AS TIMESTAMP), 1, 2)
                              ),
                              IF(
                                `t8`.`ordered_at` < CAST('2024-05-31T22:00:00' AS TIMESTAMP),
                                IF(`t8`.`ordered_at` < CAST('2024-04-30T22:00:00' AS TIMESTAMP), 3, 4),
                                5
                              )
                            ),
                            IF(
                              `t8`.`ordered_at` < CAST('2024-10-31T23:00:00' AS TIMESTAMP),
                              IF(
                                `t8`.`ordered_at` < CAST('2024-08-31T22:00:00' AS TIMESTAMP),
                                IF(`t8`.`ordered_at` < CAST('2024-07-31T22:00:00' AS TIMESTAMP), 6, 7),
                                IF(`t8`.`ordered_at` < CAST('2024-09-30T22:00:00' AS TIMESTAMP), 8, 9)
                              ),
                              IF(
                                `t8`.`ordered_at` < CAST('2024-12-31T23:00:00' AS TIMESTAMP),
                                IF(`t8`.`ordered_at` < CAST('2024-11-30T23:00:00' AS TIMESTAMP), 10, 11),
                                12
                              )
                            )
                          ) AS `k`,
                          IF(
                            `t8`.`first` < CAST('2024-06-30T22:00:00' AS TIMESTAMP),
                            IF(
                              `t8`.`first` < CAST('2024-03-31T22:00:00' AS TIMESTAMP),
                              IF(
                                `t8`.`first` < CAST('2024-01-31T23:00:00' AS TIMESTAMP),
                                IF(`t8`.`first` < CAST('2023-12-31T23:00:00' AS TIMESTAMP), -1, 0),
                                IF(`t8`.`first` < CAST('2024-02-29T23:00:00' AS TIMESTAMP), 1, 2)
                              ),
                              IF(
                                `t8`.`first` < CAST('2024-05-31T22:00:00' AS TIMESTAMP),
                                IF(`t8`.`first` < CAST('2024-04-30T22:00:00' AS TIMESTAMP), 3, 4),
                                5
                              )
                            ),
                            IF(
                              `t8`.`first` < CAST('2024-10-31T23:00:00' AS TIMESTAMP),
                              IF(
                                `t8`.`first` < CAST('2024-08-31T22:00:00' AS TIMESTAMP),
                                IF(`t8`.`first` < CAST('2024-07-31T22:00:00' AS TIMESTAMP), 6, 7),
                                IF(`t8`.`first` < CAST('2024-09-30T22:00:00' AS TIMESTAMP), 8, 9)
                              ),
                              IF(
                                `t8`.`first` < CAST('2024-12-31T23:00:00' AS TIMESTAMP),
                                IF(`t8`.`first` < CAST('2024-11-30T23:00:00' AS TIMESTAMP), 10, 11),
                                12
                              )
                            )
                          ) = IF(
                            `t8`.`ordered_at` < CAST('2024-06-30T22:00:00' AS TIMESTAMP),
                            IF(
                              `t8`.`ordered_at` < CAST('2024-03-31T22:00:00' AS TIMESTAMP),
                              IF(
                                `t8`.`ordered_at` < CAST('2024-01-31T23:00:00' AS TIMESTAMP),
                                IF(`t8`.`ordered_at` < CAST('2023-12-31T23:00:00' AS TIMESTAMP), -1, 0),
                                IF(`t8`.`ordered_at` < CAST('2024-02-29T23:00:00' AS TIMESTAMP), 1, 2)
                              ),
                              IF(
                                `t8`.`ordered_at` < CAST('2024-05-31T22:00:00' AS TIMESTAMP),
                                IF(`t8`.`ordered_at` < CAST('2024-04-30T22:00:00' AS TIMESTAMP), 3, 4),
                                5
                              )
                            ),
                            IF(
                              `t8`.`ordered_at` < CAST('2024-10-31T23:00:00' AS TIMESTAMP),
                              IF(
                                `t8`.`ordered_at` < CAST('2024-08-31T22:00:00' AS TIMESTAMP),
                                IF(`t8`.`ordered_at` < CAST('2024-07-31T22:00:00' AS TIMESTAMP), 6, 7),
                                IF(`t8`.`ordered_at` < CAST('2024-09-30T22:00:00' AS TIMESTAMP), 8, 9)
                              ),
                              IF(
                                `t8`.`ordered_at` < CAST('2024-12-31T23:00:00' AS TIMESTAMP),
                                IF(`t8`.`ordered_at` < CAST('2024-11-30T23:00:00' AS TIMESTAMP), 10, 11),
                                12
                              )
                            )
                          ) AS `is_new`,
                          CAST(DATEDIFF(MICROSECOND, `t8`.`prev`, `t8`.`ordered_at`) AS DOUBLE) / 86400000000 AS `gap`
                        FROM `t7` AS `t8`
                        WHERE
                          (
                            CAST(DATEDIFF(MICROSECOND, `t8`.`prev`, `t8`.`ordered_at`) AS DOUBLE) / 86400000000
                          ) IS NOT NULL
                          AND NOT ISNAN(
                            CAST(DATEDIFF(MICROSECOND, `t8`.`prev`, `t8`.`ordered_at`) AS DOUBLE) / 86400000000
                          )
                      ) AS `t11`
                    ) AS `t14`
                    WHERE
                      (
                        `t14`.`_r` * 2
                      ) >= (
                        `t14`.`_m` - 2
                      )
                      AND (
                        `t14`.`_r` * 2
                      ) <= `t14`.`_m`
                  ) AS `t18`
                  GROUP BY
                    1,
                    2
                ) AS `t20`
              ) AS `t23`
                ON `t15`.`g` = `t23`.`mg` AND `t15`.`k` = `t23`.`mk`
            ) AS `t25`
          ) AS `t26`
        ) AS `t29`
          ON `t47`.`g` = `t29`.`cg` AND `t47`.`k` = `t29`.`ck`
      ) AS `t48`
    ) AS `t49`
  ) AS `t50`
) AS `t51`
ORDER BY
  `t51`.`g` ASC NULLS LAST,
  `t51`.`k` ASC NULLS LAST
