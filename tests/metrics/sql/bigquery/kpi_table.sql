WITH `t17` AS (
  SELECT
    `t11`.`order_id`,
    `t11`.`customer_id`,
    `t11`.`ordered_at`,
    `t11`.`revenue`,
    `t11`.`items`,
    `t11`.`channel`,
    LAG(`t11`.`ordered_at`) OVER (PARTITION BY `t11`.`customer_id` ORDER BY `t11`.`ordered_at` ASC) AS `prev`,
    LEAD(`t11`.`ordered_at`) OVER (PARTITION BY `t11`.`customer_id` ORDER BY `t11`.`ordered_at` ASC) AS `nxt`,
    ROW_NUMBER() OVER (PARTITION BY `t11`.`customer_id` ORDER BY `t11`.`ordered_at` ASC) - 1 AS `n`,
    MIN(`t11`.`ordered_at`) OVER (
      PARTITION BY `t11`.`customer_id`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `first`
  FROM (
    SELECT
      `t5`.`order_id`,
      `t5`.`customer_id`,
      `t5`.`ordered_at`,
      `t5`.`revenue`,
      `t5`.`items`,
      `t5`.`channel`
    FROM `orders` AS `t5`
  ) AS `t11`
), `t31` AS (
  SELECT
    `t26`.`customer_id`,
    `t26`.`g`,
    `t26`.`j`,
    SUM(`t26`.`mrr`) AS `m`
  FROM (
    SELECT
      `t21`.`subscription_id`,
      `t21`.`customer_id`,
      `t21`.`plan`,
      `t21`.`started_at`,
      `t21`.`ended_at`,
      `t21`.`mrr`,
      `t21`.`g`,
      `t21`.`lo`,
      `t21`.`hi`,
      `t9`.`j`
    FROM (
      SELECT
        `t4`.`subscription_id`,
        `t4`.`customer_id`,
        `t4`.`plan`,
        `t4`.`started_at`,
        `t4`.`ended_at`,
        `t4`.`mrr`,
        '' AS `g`,
        IF(
          `t4`.`started_at` < DATETIME('2024-06-30T22:00:00'),
          IF(
            `t4`.`started_at` < DATETIME('2024-03-31T22:00:00'),
            IF(
              `t4`.`started_at` < DATETIME('2024-01-31T23:00:00'),
              IF(`t4`.`started_at` < DATETIME('2023-12-31T23:00:00'), -1, 0),
              IF(`t4`.`started_at` < DATETIME('2024-02-29T23:00:00'), 1, 2)
            ),
            IF(
              `t4`.`started_at` < DATETIME('2024-05-31T22:00:00'),
              IF(`t4`.`started_at` < DATETIME('2024-04-30T22:00:00'), 3, 4),
              5
            )
          ),
          IF(
            `t4`.`started_at` < DATETIME('2024-10-31T23:00:00'),
            IF(
              `t4`.`started_at` < DATETIME('2024-08-31T22:00:00'),
              IF(`t4`.`started_at` < DATETIME('2024-07-31T22:00:00'), 6, 7),
              IF(`t4`.`started_at` < DATETIME('2024-09-30T22:00:00'), 8, 9)
            ),
            IF(
              `t4`.`started_at` < DATETIME('2024-12-31T23:00:00'),
              IF(`t4`.`started_at` < DATETIME('2024-11-30T23:00:00'), 10, 11),
              12
            )
          )
        ) + 1 AS `lo`,
        LEAST(
          IF(
            COALESCE(`t4`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2024-06-30T22:00:00'),
            IF(
              COALESCE(`t4`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2024-03-31T22:00:00'),
              IF(
                COALESCE(`t4`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2024-01-31T23:00:00'),
                IF(
                  COALESCE(`t4`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2023-12-31T23:00:00'),
                  -1,
                  0
                ),
                IF(
                  COALESCE(`t4`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2024-02-29T23:00:00'),
                  1,
                  2
                )
              ),
              IF(
                COALESCE(`t4`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2024-05-31T22:00:00'),
                IF(
                  COALESCE(`t4`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2024-04-30T22:00:00'),
                  3,
                  4
                ),
                5
              )
            ),
            IF(
              COALESCE(`t4`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2024-10-31T23:00:00'),
              IF(
                COALESCE(`t4`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2024-08-31T22:00:00'),
                IF(
                  COALESCE(`t4`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2024-07-31T22:00:00'),
                  6,
                  7
                ),
                IF(
                  COALESCE(`t4`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2024-09-30T22:00:00'),
                  8,
                  9
                )
              ),
              IF(
                COALESCE(`t4`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2024-12-31T23:00:00'),
                IF(
                  COALESCE(`t4`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2024-11-30T23:00:00'),
                  10,
                  11
                ),
                12
              )
            )
          ),
          12
        ) AS `hi`
      FROM `subscriptions` AS `t4`
    ) AS `t21`
    INNER JOIN `bounds` AS `t9`
      ON `t9`.`j` >= `t21`.`lo` AND `t9`.`j` <= `t21`.`hi`
  ) AS `t26`
  GROUP BY
    1,
    2,
    3
), `t59` AS (
  SELECT
    `t55`.`customer_id`,
    `t55`.`island`,
    MIN(`t55`.`s`) AS `s`,
    MAX(`t55`.`e`) AS `e`
  FROM (
    SELECT
      `t51`.`customer_id`,
      `t51`.`s`,
      `t51`.`e`,
      `t51`.`reach`,
      `t51`.`fresh`,
      SUM(`t51`.`fresh`) OVER (
        PARTITION BY `t51`.`customer_id`
        ORDER BY `t51`.`s` ASC, `t51`.`e` ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS `island`
    FROM (
      SELECT
        `t47`.`customer_id`,
        `t47`.`s`,
        `t47`.`e`,
        `t47`.`reach`,
        IF((
          `t47`.`reach` IS NULL
        ) OR (
          `t47`.`s` > `t47`.`reach`
        ), 1, 0) AS `fresh`
      FROM (
        SELECT
          `t44`.`customer_id`,
          `t44`.`s`,
          `t44`.`e`,
          MAX(`t44`.`e`) OVER (
            PARTITION BY `t44`.`customer_id`
            ORDER BY `t44`.`s` ASC, `t44`.`e` ASC
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 preceding
          ) AS `reach`
        FROM (
          SELECT
            *
          FROM (
            SELECT
              CAST(`t33`.`customer_id` AS STRING) AS `customer_id`,
              CAST(`t33`.`ordered_at` AS DATETIME) AS `s`,
              CAST(TIMESTAMP_ADD(IF(`t33`.`is_end`, `t33`.`ordered_at`, `t33`.`after`), INTERVAL '365' DAY) AS DATETIME) AS `e`
            FROM (
              SELECT
                `t27`.`customer_id`,
                `t27`.`ordered_at`,
                `t27`.`n`,
                `t27`.`is_start`,
                `t27`.`is_end`,
                LEAD(`t27`.`ordered_at`) OVER (PARTITION BY `t27`.`customer_id` ORDER BY `t27`.`n` ASC) AS `after`
              FROM (
                SELECT
                  `t18`.`customer_id`,
                  `t18`.`ordered_at`,
                  `t18`.`n`,
                  (
                    `t18`.`prev` IS NULL
                  )
                  OR (
                    `t18`.`ordered_at` > TIMESTAMP_ADD(`t18`.`prev`, INTERVAL '365' DAY)
                  ) AS `is_start`,
                  (
                    `t18`.`nxt` IS NULL
                  )
                  OR (
                    `t18`.`nxt` > TIMESTAMP_ADD(`t18`.`ordered_at`, INTERVAL '365' DAY)
                  ) AS `is_end`
                FROM `t17` AS `t18`
                WHERE
                  (
                    `t18`.`prev` IS NULL
                  )
                  OR (
                    `t18`.`ordered_at` > TIMESTAMP_ADD(`t18`.`prev`, INTERVAL '365' DAY)
                  )
                  OR (
                    (
                      `t18`.`nxt` IS NULL
                    )
                    OR (
                      `t18`.`nxt` > TIMESTAMP_ADD(`t18`.`ordered_at`, INTERVAL '365' DAY)
                    )
                  )
              ) AS `t27`
            ) AS `t33`
            WHERE
              `t33`.`is_start`
          ) AS `t43`
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              CAST(`t4`.`customer_id` AS STRING) AS `customer_id`,
              CAST(`t4`.`started_at` AS DATETIME) AS `s`,
              COALESCE(`t4`.`ended_at`, DATETIME('2200-01-01T00:00:00')) AS `e`
            FROM `subscriptions` AS `t4`
          ) AS `t14`
        ) AS `t44`
      ) AS `t47`
    ) AS `t51`
  ) AS `t55`
  GROUP BY
    1,
    2
), `t68` AS (
  SELECT
    `t64`.`customer_id`,
    `t64`.`s`,
    `t64`.`e`,
    `t64`.`g`,
    IF(
      `t64`.`s` < DATETIME('2024-06-30T22:00:00'),
      IF(
        `t64`.`s` < DATETIME('2024-03-31T22:00:00'),
        IF(
          `t64`.`s` < DATETIME('2024-01-31T23:00:00'),
          IF(`t64`.`s` < DATETIME('2023-12-31T23:00:00'), -1, 0),
          IF(`t64`.`s` < DATETIME('2024-02-29T23:00:00'), 1, 2)
        ),
        IF(
          `t64`.`s` < DATETIME('2024-05-31T22:00:00'),
          IF(`t64`.`s` < DATETIME('2024-04-30T22:00:00'), 3, 4),
          5
        )
      ),
      IF(
        `t64`.`s` < DATETIME('2024-10-31T23:00:00'),
        IF(
          `t64`.`s` < DATETIME('2024-08-31T22:00:00'),
          IF(`t64`.`s` < DATETIME('2024-07-31T22:00:00'), 6, 7),
          IF(`t64`.`s` < DATETIME('2024-09-30T22:00:00'), 8, 9)
        ),
        IF(
          `t64`.`s` < DATETIME('2024-12-31T23:00:00'),
          IF(`t64`.`s` < DATETIME('2024-11-30T23:00:00'), 10, 11),
          12
        )
      )
    ) + 1 AS `lo`,
    LEAST(
      IF(
        `t64`.`e` < DATETIME('2024-06-30T22:00:00'),
        IF(
          `t64`.`e` < DATETIME('2024-03-31T22:00:00'),
          IF(
            `t64`.`e` < DATETIME('2024-01-31T23:00:00'),
            IF(`t64`.`e` < DATETIME('2023-12-31T23:00:00'), -1, 0),
            IF(`t64`.`e` < DATETIME('2024-02-29T23:00:00'), 1, 2)
          ),
          IF(
            `t64`.`e` < DATETIME('2024-05-31T22:00:00'),
            IF(`t64`.`e` < DATETIME('2024-04-30T22:00:00'), 3, 4),
            5
          )
        ),
        IF(
          `t64`.`e` < DATETIME('2024-10-31T23:00:00'),
          IF(
            `t64`.`e` < DATETIME('2024-08-31T22:00:00'),
            IF(`t64`.`e` < DATETIME('2024-07-31T22:00:00'), 6, 7),
            IF(`t64`.`e` < DATETIME('2024-09-30T22:00:00'), 8, 9)
          ),
          IF(
            `t64`.`e` < DATETIME('2024-12-31T23:00:00'),
            IF(`t64`.`e` < DATETIME('2024-11-30T23:00:00'), 10, 11),
            12
          )
        )
      ),
      12
    ) AS `hi`,
    IF(
      MIN(`t64`.`s`) OVER (
        PARTITION BY `t64`.`customer_id`
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) < DATETIME('2024-06-30T22:00:00'),
      IF(
        MIN(`t64`.`s`) OVER (
          PARTITION BY `t64`.`customer_id`
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < DATETIME('2024-03-31T22:00:00'),
        IF(
          MIN(`t64`.`s`) OVER (
            PARTITION BY `t64`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < DATETIME('2024-01-31T23:00:00'),
          IF(
            MIN(`t64`.`s`) OVER (
              PARTITION BY `t64`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < DATETIME('2023-12-31T23:00:00'),
            -1,
            0
          ),
          IF(
            MIN(`t64`.`s`) OVER (
              PARTITION BY `t64`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < DATETIME('2024-02-29T23:00:00'),
            1,
            2
          )
        ),
        IF(
          MIN(`t64`.`s`) OVER (
            PARTITION BY `t64`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < DATETIME('2024-05-31T22:00:00'),
          IF(
            MIN(`t64`.`s`) OVER (
              PARTITION BY `t64`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < DATETIME('2024-04-30T22:00:00'),
            3,
            4
          ),
          5
        )
      ),
      IF(
        MIN(`t64`.`s`) OVER (
          PARTITION BY `t64`.`customer_id`
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < DATETIME('2024-10-31T23:00:00'),
        IF(
          MIN(`t64`.`s`) OVER (
            PARTITION BY `t64`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < DATETIME('2024-08-31T22:00:00'),
          IF(
            MIN(`t64`.`s`) OVER (
              PARTITION BY `t64`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < DATETIME('2024-07-31T22:00:00'),
            6,
            7
          ),
          IF(
            MIN(`t64`.`s`) OVER (
              PARTITION BY `t64`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < DATETIME('2024-09-30T22:00:00'),
            8,
            9
          )
        ),
        IF(
          MIN(`t64`.`s`) OVER (
            PARTITION BY `t64`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < DATETIME('2024-12-31T23:00:00'),
          IF(
            MIN(`t64`.`s`) OVER (
              PARTITION BY `t64`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < DATETIME('2024-11-30T23:00:00'),
            10,
            11
          ),
          12
        )
      )
    ) AS `f`,
    `t64`.`s` = MIN(`t64`.`s`) OVER (
      PARTITION BY `t64`.`customer_id`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `first`
  FROM (
    SELECT
      `t61`.`customer_id`,
      `t61`.`s`,
      `t61`.`e`,
      '' AS `g`
    FROM `t59` AS `t61`
  ) AS `t64`
), `t73` AS (
  SELECT
    `t71`.`customer_id`,
    `t71`.`s`,
    `t71`.`e`,
    `t71`.`g`,
    `t71`.`lo`,
    `t71`.`hi`,
    `t71`.`f`,
    `t71`.`first`,
    LAG(`t71`.`hi`) OVER (PARTITION BY `t71`.`customer_id` ORDER BY `t71`.`lo` ASC) AS `before`,
    LEAD(`t71`.`lo`) OVER (PARTITION BY `t71`.`customer_id` ORDER BY `t71`.`lo` ASC) AS `after`
  FROM (
    SELECT
      *
    FROM `t68` AS `t69`
    WHERE
      `t69`.`lo` <= `t69`.`hi`
  ) AS `t71`
)
SELECT
  `t109`.`g`,
  `t109`.`k`,
  `t109`.`period`,
  `t109`.`start`,
  `t109`.`end`,
  `t109`.`partial`,
  `t109`.`S` < 30 AS `small`,
  `t109`.`S` AS `customers_start`,
  `t109`.`E` AS `customers_end`,
  `t109`.`N` AS `new_customers`,
  `t109`.`S` - `t109`.`lost` AS `kept_customers`,
  `t109`.`lost` AS `lost_customers`,
  `t109`.`gained_re` AS `reactivated_customers`,
  IF(
    (
      CAST(`t109`.`S` AS FLOAT64) IS NULL
    )
    OR (
      CAST(`t109`.`S` AS FLOAT64) = 0
    ),
    CAST(NULL AS FLOAT64),
    ieee_divide(CAST(`t109`.`E` - `t109`.`N` AS FLOAT64), CAST(`t109`.`S` AS FLOAT64)) * 100
  ) AS `retention_rate`,
  IF(
    (
      CAST(`t109`.`S` AS FLOAT64) IS NULL
    )
    OR (
      CAST(`t109`.`S` AS FLOAT64) = 0
    ),
    CAST(NULL AS FLOAT64),
    ieee_divide(CAST(`t109`.`S` - `t109`.`lost` AS FLOAT64), CAST(`t109`.`S` AS FLOAT64)) * 100
  ) AS `retention_rate_strict`,
  IF(
    (
      CAST(`t109`.`S` AS FLOAT64) IS NULL
    )
    OR (
      CAST(`t109`.`S` AS FLOAT64) = 0
    ),
    CAST(NULL AS FLOAT64),
    ieee_divide(CAST(`t109`.`lost` AS FLOAT64), CAST(`t109`.`S` AS FLOAT64)) * 100
  ) AS `churn_rate`,
  CAST(`t109`.`revenue` AS FLOAT64) AS `revenue`,
  `t109`.`orders`,
  CAST(`t109`.`mrr_start` AS FLOAT64) AS `mrr_start`,
  CAST(`t109`.`mrr_end` AS FLOAT64) AS `mrr_end`,
  IF(
    (
      CAST(`t109`.`mrr_start` AS FLOAT64) IS NULL
    )
    OR (
      CAST(`t109`.`mrr_start` AS FLOAT64) = 0
    ),
    CAST(NULL AS FLOAT64),
    ieee_divide(
      CAST(`t109`.`mrr_churned` + `t109`.`mrr_contraction` AS FLOAT64),
      CAST(`t109`.`mrr_start` AS FLOAT64)
    ) * 100
  ) AS `revenue_churn_rate`,
  IF(
    (
      CAST(`t109`.`mrr_start` AS FLOAT64) IS NULL
    )
    OR (
      CAST(`t109`.`mrr_start` AS FLOAT64) = 0
    ),
    CAST(NULL AS FLOAT64),
    ieee_divide(
      CAST((
        `t109`.`mrr_start` - `t109`.`mrr_churned`
      ) - `t109`.`mrr_contraction` AS FLOAT64),
      CAST(`t109`.`mrr_start` AS FLOAT64)
    ) * 100
  ) AS `gross_revenue_retention`,
  IF(
    (
      CAST(`t109`.`mrr_start` AS FLOAT64) IS NULL
    )
    OR (
      CAST(`t109`.`mrr_start` AS FLOAT64) = 0
    ),
    CAST(NULL AS FLOAT64),
    ieee_divide(
      CAST((
        (
          `t109`.`mrr_start` - `t109`.`mrr_churned`
        ) - `t109`.`mrr_contraction`
      ) + `t109`.`mrr_expansion` AS FLOAT64),
      CAST(`t109`.`mrr_start` AS FLOAT64)
    ) * 100
  ) AS `net_revenue_retention`,
  IF(
    (
      CAST(`t109`.`buyers_to_date` AS FLOAT64) IS NULL
    )
    OR (
      CAST(`t109`.`buyers_to_date` AS FLOAT64) = 0
    ),
    CAST(NULL AS FLOAT64),
    ieee_divide(CAST(`t109`.`repeat_to_date` AS FLOAT64), CAST(`t109`.`buyers_to_date` AS FLOAT64)) * 100
  ) AS `repeat_customer_rate`,
  IF(
    (
      CAST(`t109`.`buyers_to_date` AS FLOAT64) IS NULL
    )
    OR (
      CAST(`t109`.`buyers_to_date` AS FLOAT64) = 0
    ),
    CAST(NULL AS FLOAT64),
    ieee_divide(CAST(`t109`.`loyal_to_date` AS FLOAT64), CAST(`t109`.`buyers_to_date` AS FLOAT64)) * 100
  ) AS `loyal_customer_rate`,
  IF(
    (
      CAST(`t109`.`orders` AS FLOAT64) IS NULL
    )
    OR (
      CAST(`t109`.`orders` AS FLOAT64) = 0
    ),
    CAST(NULL AS FLOAT64),
    ieee_divide(CAST(`t109`.`revenue` AS FLOAT64), CAST(`t109`.`orders` AS FLOAT64)) * 1.0
  ) AS `aov`,
  IF(
    (
      CAST(`t109`.`orders_new` AS FLOAT64) IS NULL
    )
    OR (
      CAST(`t109`.`orders_new` AS FLOAT64) = 0
    ),
    CAST(NULL AS FLOAT64),
    ieee_divide(CAST(`t109`.`revenue_new` AS FLOAT64), CAST(`t109`.`orders_new` AS FLOAT64)) * 1.0
  ) AS `aov_new`,
  IF(
    (
      CAST(`t109`.`orders` - `t109`.`orders_new` AS FLOAT64) IS NULL
    )
    OR (
      CAST(`t109`.`orders` - `t109`.`orders_new` AS FLOAT64) = 0
    ),
    CAST(NULL AS FLOAT64),
    ieee_divide(
      CAST(`t109`.`revenue` - `t109`.`revenue_new` AS FLOAT64),
      CAST(`t109`.`orders` - `t109`.`orders_new` AS FLOAT64)
    ) * 1.0
  ) AS `aov_existing`,
  IF(
    (
      IF(
        (
          CAST(`t109`.`orders_new` AS FLOAT64) IS NULL
        )
        OR (
          CAST(`t109`.`orders_new` AS FLOAT64) = 0
        ),
        CAST(NULL AS FLOAT64),
        ieee_divide(CAST(`t109`.`revenue_new` AS FLOAT64), CAST(`t109`.`orders_new` AS FLOAT64)) * 1.0
      ) IS NULL
    )
    OR (
      IF(
        (
          CAST(`t109`.`orders_new` AS FLOAT64) IS NULL
        )
        OR (
          CAST(`t109`.`orders_new` AS FLOAT64) = 0
        ),
        CAST(NULL AS FLOAT64),
        ieee_divide(CAST(`t109`.`revenue_new` AS FLOAT64), CAST(`t109`.`orders_new` AS FLOAT64)) * 1.0
      ) = 0
    ),
    CAST(NULL AS FLOAT64),
    ieee_divide(
      IF(
        (
          CAST(`t109`.`orders` - `t109`.`orders_new` AS FLOAT64) IS NULL
        )
        OR (
          CAST(`t109`.`orders` - `t109`.`orders_new` AS FLOAT64) = 0
        ),
        CAST(NULL AS FLOAT64),
        ieee_divide(
          CAST(`t109`.`revenue` - `t109`.`revenue_new` AS FLOAT64),
          CAST(`t109`.`orders` - `t109`.`orders_new` AS FLOAT64)
        ) * 1.0
      ),
      IF(
        (
          CAST(`t109`.`orders_new` AS FLOAT64) IS NULL
        )
        OR (
          CAST(`t109`.`orders_new` AS FLOAT64) = 0
        ),
        CAST(NULL AS FLOAT64),
        ieee_divide(CAST(`t109`.`revenue_new` AS FLOAT64), CAST(`t109`.`orders_new` AS FLOAT64)) * 1.0
      )
    ) * 1.0
  ) AS `aov_ratio`,
  IF(
    (
      CAST(`t109`.`interval_n` AS FLOAT64) IS NULL
    )
    OR (
      CAST(`t109`.`interval_n` AS FLOAT64) = 0
    ),
    CAST(NULL AS FLOAT64),
    ieee_divide(`t109`.`interval_sum`, CAST(`t109`.`interval_n` AS FLOAT64)) * 1.0
  ) AS `purchase_interval_mean`,
  `t109`.`interval_median` AS `purchase_interval_median`,
  IF(
    (
      CAST(`t109`.`items` AS FLOAT64) IS NULL
    )
    OR (
      CAST(`t109`.`items` AS FLOAT64) = 0
    ),
    CAST(NULL AS FLOAT64),
    ieee_divide(CAST(`t109`.`items_returned` AS FLOAT64), CAST(`t109`.`items` AS FLOAT64)) * 100
  ) AS `return_rate_items`,
  IF(
    (
      CAST(`t109`.`revenue` AS FLOAT64) IS NULL
    )
    OR (
      CAST(`t109`.`revenue` AS FLOAT64) = 0
    ),
    CAST(NULL AS FLOAT64),
    ieee_divide(CAST(`t109`.`amount_returned` AS FLOAT64), CAST(`t109`.`revenue` AS FLOAT64)) * 100
  ) AS `return_rate_amount`,
  IF(
    (
      CAST(`t109`.`buyers_to_date` AS FLOAT64) IS NULL
    )
    OR (
      CAST(`t109`.`buyers_to_date` AS FLOAT64) = 0
    ),
    CAST(NULL AS FLOAT64),
    ieee_divide(`t109`.`net_revenue_to_date`, CAST(`t109`.`buyers_to_date` AS FLOAT64)) * 1.0
  ) AS `clv_historical`,
  (
    IF(
      (
        CAST(`t109`.`orders` AS FLOAT64) IS NULL
      )
      OR (
        CAST(`t109`.`orders` AS FLOAT64) = 0
      ),
      CAST(NULL AS FLOAT64),
      ieee_divide(CAST(`t109`.`revenue` AS FLOAT64), CAST(`t109`.`orders` AS FLOAT64)) * 1.0
    ) * IF(
      (
        CAST(`t109`.`buyers_to_date` AS FLOAT64) IS NULL
      )
      OR (
        CAST(`t109`.`buyers_to_date` AS FLOAT64) = 0
      ),
      CAST(NULL AS FLOAT64),
      ieee_divide(CAST(`t109`.`repeat_to_date` AS FLOAT64), CAST(`t109`.`buyers_to_date` AS FLOAT64)) * 1.0
    )
  ) - IF(
    (
      CAST(`t109`.`N` AS FLOAT64) IS NULL
    )
    OR (
      CAST(`t109`.`N` AS FLOAT64) = 0
    ),
    CAST(NULL AS FLOAT64),
    ieee_divide(
      IF(`t109`.`cost_acquisition` > 0, `t109`.`cost_acquisition`, `t109`.`cac_recorded`),
      CAST(`t109`.`N` AS FLOAT64)
    ) * 1.0
  ) AS `clv_simple`,
  IF(
    (
      CAST(`t109`.`N` AS FLOAT64) IS NULL
    )
    OR (
      CAST(`t109`.`N` AS FLOAT64) = 0
    ),
    CAST(NULL AS FLOAT64),
    ieee_divide(
      IF(`t109`.`cost_acquisition` > 0, `t109`.`cost_acquisition`, `t109`.`cac_recorded`),
      CAST(`t109`.`N` AS FLOAT64)
    ) * 1.0
  ) AS `acquisition_cost_per_new`,
  IF(
    (
      CAST((
        `t109`.`S` - `t109`.`lost`
      ) + `t109`.`gained_re` AS FLOAT64) IS NULL
    )
    OR (
      CAST((
        `t109`.`S` - `t109`.`lost`
      ) + `t109`.`gained_re` AS FLOAT64) = 0
    ),
    CAST(NULL AS FLOAT64),
    ieee_divide(
      `t109`.`cost_retention`,
      CAST((
        `t109`.`S` - `t109`.`lost`
      ) + `t109`.`gained_re` AS FLOAT64)
    ) * 1.0
  ) AS `retention_cost_per_kept`,
  IF(
    (
      IF(
        (
          CAST((
            `t109`.`S` - `t109`.`lost`
          ) + `t109`.`gained_re` AS FLOAT64) IS NULL
        )
        OR (
          CAST((
            `t109`.`S` - `t109`.`lost`
          ) + `t109`.`gained_re` AS FLOAT64) = 0
        ),
        CAST(NULL AS FLOAT64),
        ieee_divide(
          `t109`.`cost_retention`,
          CAST((
            `t109`.`S` - `t109`.`lost`
          ) + `t109`.`gained_re` AS FLOAT64)
        ) * 1.0
      ) IS NULL
    )
    OR (
      IF(
        (
          CAST((
            `t109`.`S` - `t109`.`lost`
          ) + `t109`.`gained_re` AS FLOAT64) IS NULL
        )
        OR (
          CAST((
            `t109`.`S` - `t109`.`lost`
          ) + `t109`.`gained_re` AS FLOAT64) = 0
        ),
        CAST(NULL AS FLOAT64),
        ieee_divide(
          `t109`.`cost_retention`,
          CAST((
            `t109`.`S` - `t109`.`lost`
          ) + `t109`.`gained_re` AS FLOAT64)
        ) * 1.0
      ) = 0
    ),
    CAST(NULL AS FLOAT64),
    ieee_divide(
      IF(
        (
          CAST(`t109`.`N` AS FLOAT64) IS NULL
        )
        OR (
          CAST(`t109`.`N` AS FLOAT64) = 0
        ),
        CAST(NULL AS FLOAT64),
        ieee_divide(
          IF(`t109`.`cost_acquisition` > 0, `t109`.`cost_acquisition`, `t109`.`cac_recorded`),
          CAST(`t109`.`N` AS FLOAT64)
        ) * 1.0
      ),
      IF(
        (
          CAST((
            `t109`.`S` - `t109`.`lost`
          ) + `t109`.`gained_re` AS FLOAT64) IS NULL
        )
        OR (
          CAST((
            `t109`.`S` - `t109`.`lost`
          ) + `t109`.`gained_re` AS FLOAT64) = 0
        ),
        CAST(NULL AS FLOAT64),
        ieee_divide(
          `t109`.`cost_retention`,
          CAST((
            `t109`.`S` - `t109`.`lost`
          ) + `t109`.`gained_re` AS FLOAT64)
        ) * 1.0
      )
    ) * 1.0
  ) AS `cost_ratio`
FROM (
  SELECT
    `t108`.`k`,
    `t108`.`period`,
    `t108`.`start`,
    `t108`.`end`,
    `t108`.`start_utc`,
    `t108`.`end_utc`,
    `t108`.`partial`,
    `t108`.`g`,
    `t108`.`new`,
    `t108`.`gained_new`,
    `t108`.`gained_re`,
    `t108`.`lost`,
    `t108`.`orders`,
    `t108`.`revenue`,
    `t108`.`items`,
    `t108`.`orders_new`,
    `t108`.`revenue_new`,
    `t108`.`interval_n`,
    `t108`.`interval_sum`,
    `t108`.`first_orders`,
    `t108`.`second_orders`,
    `t108`.`loyal_orders`,
    `t108`.`interval_median`,
    `t108`.`mrr_start`,
    `t108`.`mrr_end`,
    `t108`.`mrr_churned`,
    `t108`.`mrr_contraction`,
    `t108`.`mrr_expansion`,
    `t108`.`items_returned`,
    `t108`.`amount_returned`,
    `t108`.`cost_acquisition`,
    `t108`.`cost_retention`,
    `t108`.`cost_mixed`,
    `t108`.`cac_recorded`,
    `t108`.`E`,
    `t108`.`N`,
    `t108`.`buyers_to_date`,
    `t108`.`repeat_to_date`,
    `t108`.`loyal_to_date`,
    `t108`.`net_revenue_to_date`,
    (
      (
        `t108`.`E` - `t108`.`gained_new`
      ) - `t108`.`gained_re`
    ) + `t108`.`lost` AS `S`
  FROM (
    SELECT
      `t107`.`k`,
      `t107`.`period`,
      `t107`.`start`,
      `t107`.`end`,
      `t107`.`start_utc`,
      `t107`.`end_utc`,
      `t107`.`partial`,
      `t107`.`g`,
      `t107`.`new`,
      `t107`.`gained_new`,
      `t107`.`gained_re`,
      `t107`.`lost`,
      `t107`.`orders`,
      `t107`.`revenue`,
      `t107`.`items`,
      `t107`.`orders_new`,
      `t107`.`revenue_new`,
      `t107`.`interval_n`,
      `t107`.`interval_sum`,
      `t107`.`first_orders`,
      `t107`.`second_orders`,
      `t107`.`loyal_orders`,
      `t107`.`interval_median`,
      `t107`.`mrr_start`,
      `t107`.`mrr_end`,
      `t107`.`mrr_churned`,
      `t107`.`mrr_contraction`,
      `t107`.`mrr_expansion`,
      `t107`.`items_returned`,
      `t107`.`amount_returned`,
      `t107`.`cost_acquisition`,
      `t107`.`cost_retention`,
      `t107`.`cost_mixed`,
      `t107`.`cac_recorded`,
      SUM((
        `t107`.`gained_new` + `t107`.`gained_re`
      ) - `t107`.`lost`) OVER (
        PARTITION BY `t107`.`g`
        ORDER BY `t107`.`k` ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS `E`,
      `t107`.`new` AS `N`,
      SUM(`t107`.`first_orders`) OVER (
        PARTITION BY `t107`.`g`
        ORDER BY `t107`.`k` ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS `buyers_to_date`,
      SUM(`t107`.`second_orders`) OVER (
        PARTITION BY `t107`.`g`
        ORDER BY `t107`.`k` ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS `repeat_to_date`,
      SUM(`t107`.`loyal_orders`) OVER (
        PARTITION BY `t107`.`g`
        ORDER BY `t107`.`k` ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS `loyal_to_date`,
      SUM(CAST(`t107`.`revenue` AS FLOAT64) - CAST(`t107`.`amount_returned` AS FLOAT64)) OVER (
        PARTITION BY `t107`.`g`
        ORDER BY `t107`.`k` ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS `net_revenue_to_date`
    FROM (
      SELECT
        `t106`.`k`,
        `t106`.`period`,
        `t106`.`start`,
        `t106`.`end`,
        `t106`.`start_utc`,
        `t106`.`end_utc`,
        `t106`.`partial`,
        `t106`.`g`,
        `t106`.`new`,
        `t106`.`gained_new`,
        `t106`.`gained_re`,
        `t106`.`lost`,
        `t106`.`orders`,
        `t106`.`revenue`,
        `t106`.`items`,
        `t106`.`orders_new`,
        `t106`.`revenue_new`,
        `t106`.`interval_n`,
        `t106`.`interval_sum`,
        `t106`.`first_orders`,
        `t106`.`second_orders`,
        `t106`.`loyal_orders`,
        `t106`.`interval_median`,
        `t106`.`mrr_start`,
        `t106`.`mrr_end`,
        `t106`.`mrr_churned`,
        `t106`.`mrr_contraction`,
        `t106`.`mrr_expansion`,
        `t106`.`items_returned`,
        `t106`.`amount_returned`,
        `t106`.`cost_acquisition`,
        `t106`.`cost_retention`,
        `t106`.`cost_mixed`,
        COALESCE(`t106`.`cac_recorded`, 0) AS `cac_recorded`
      FROM (
        SELECT
          `t105`.*
          EXCEPT (`cg`, `ck`)
        FROM (
          SELECT
            `t104`.`k`,
            `t104`.`period`,
            `t104`.`start`,
            `t104`.`end`,
            `t104`.`start_utc`,
            `t104`.`end_utc`,
            `t104`.`partial`,
            `t104`.`g`,
            `t104`.`new`,
            `t104`.`gained_new`,
            `t104`.`gained_re`,
            `t104`.`lost`,
            `t104`.`orders`,
            `t104`.`revenue`,
            `t104`.`items`,
            `t104`.`orders_new`,
            `t104`.`revenue_new`,
            `t104`.`interval_n`,
            `t104`.`interval_sum`,
            `t104`.`first_orders`,
            `t104`.`second_orders`,
            `t104`.`loyal_orders`,
            `t104`.`interval_median`,
            `t104`.`mrr_start`,
            `t104`.`mrr_end`,
            `t104`.`mrr_churned`,
            `t104`.`mrr_contraction`,
            `t104`.`mrr_expansion`,
            `t104`.`items_returned`,
            `t104`.`amount_returned`,
            `t104`.`cost_acquisition`,
            `t104`.`cost_retention`,
            `t104`.`cost_mixed`,
            `t77`.`cg`,
            `t77`.`ck`,
            `t77`.`cac_recorded`
          FROM (
            SELECT
              `t102`.`k`,
              `t102`.`period`,
              `t102`.`start`,
              `t102`.`end`,
              `t102`.`start_utc`,
              `t102`.`end_utc`,
              `t102`.`partial`,
              `t102`.`g`,
              `t102`.`new`,
              `t102`.`gained_new`,
              `t102`.`gained_re`,
              `t102`.`lost`,
              `t102`.`orders`,
              `t102`.`revenue`,
              `t102`.`items`,
              `t102`.`orders_new`,
              `t102`.`revenue_new`,
              `t102`.`interval_n`,
              `t102`.`interval_sum`,
              `t102`.`first_orders`,
              `t102`.`second_orders`,
              `t102`.`loyal_orders`,
              `t102`.`interval_median`,
              `t102`.`mrr_start`,
              `t102`.`mrr_end`,
              `t102`.`mrr_churned`,
              `t102`.`mrr_contraction`,
              `t102`.`mrr_expansion`,
              `t102`.`items_returned`,
              `t102`.`amount_returned`,
              COALESCE(`t102`.`cost_acquisition`, 0) AS `cost_acquisition`,
              COALESCE(`t102`.`cost_retention`, 0) AS `cost_retention`,
              COALESCE(`t102`.`cost_mixed`, 0) AS `cost_mixed`
            FROM (
              SELECT
                `t101`.*
                EXCEPT (`cg`, `ck`)
              FROM (
                SELECT
                  `t100`.`k`,
                  `t100`.`period`,
                  `t100`.`start`,
                  `t100`.`end`,
                  `t100`.`start_utc`,
                  `t100`.`end_utc`,
                  `t100`.`partial`,
                  `t100`.`g`,
                  `t100`.`new`,
                  `t100`.`gained_new`,
                  `t100`.`gained_re`,
                  `t100`.`lost`,
                  `t100`.`orders`,
                  `t100`.`revenue`,
                  `t100`.`items`,
                  `t100`.`orders_new`,
                  `t100`.`revenue_new`,
                  `t100`.`interval_n`,
                  `t100`.`interval_sum`,
                  `t100`.`first_orders`,
                  `t100`.`second_orders`,
                  `t100`.`loyal_orders`,
                  `t100`.`interval_median`,
                  `t100`.`mrr_start`,
                  `t100`.`mrr_end`,
                  `t100`.`mrr_churned`,
                  `t100`.`mrr_contraction`,
                  `t100`.`mrr_expansion`,
                  `t100`.`items_returned`,
                  `t100`.`amount_returned`,
                  `t35`.`cg`,
                  `t35`.`ck`,
                  `t35`.`cost_acquisition`,
                  `t35`.`cost_retention`,
                  `t35`.`cost_mixed`
                FROM (
                  SELECT
                    `t98`.`k`,
                    `t98`.`period`,
                    `t98`.`start`,
                    `t98`.`end`,
                    `t98`.`start_utc`,
                    `t98`.`end_utc`,
                    `t98`.`partial`,
                    `t98`.`g`,
                    `t98`.`new`,
                    `t98`.`gained_new`,
                    `t98`.`gained_re`,
                    `t98`.`lost`,
                    `t98`.`orders`,
                    `t98`.`revenue`,
                    `t98`.`items`,
                    `t98`.`orders_new`,
                    `t98`.`revenue_new`,
                    `t98`.`interval_n`,
                    `t98`.`interval_sum`,
                    `t98`.`first_orders`,
                    `t98`.`second_orders`,
                    `t98`.`loyal_orders`,
                    `t98`.`interval_median`,
                    `t98`.`mrr_start`,
                    `t98`.`mrr_end`,
                    `t98`.`mrr_churned`,
                    `t98`.`mrr_contraction`,
                    `t98`.`mrr_expansion`,
                    COALESCE(`t98`.`items_returned`, 0) AS `items_returned`,
                    COALESCE(`t98`.`amount_returned`, 0) AS `amount_returned`
                  FROM (
                    SELECT
                      `t97`.*
                      EXCEPT (`cg`, `ck`)
                    FROM (
                      SELECT
                        `t96`.`k`,
                        `t96`.`period`,
                        `t96`.`start`,
                        `t96`.`end`,
                        `t96`.`start_utc`,
                        `t96`.`end_utc`,
                        `t96`.`partial`,
                        `t96`.`g`,
                        `t96`.`new`,
                        `t96`.`gained_new`,
                        `t96`.`gained_re`,
                        `t96`.`lost`,
                        `t96`.`orders`,
                        `t96`.`revenue`,
                        `t96`.`items`,
                        `t96`.`orders_new`,
                        `t96`.`revenue_new`,
                        `t96`.`interval_n`,
                        `t96`.`interval_sum`,
                        `t96`.`first_orders`,
                        `t96`.`second_orders`,
                        `t96`.`loyal_orders`,
                        `t96`.`interval_median`,
                        `t96`.`mrr_start`,
                        `t96`.`mrr_end`,
                        `t96`.`mrr_churned`,
                        `t96`.`mrr_contraction`,
                        `t96`.`mrr_expansion`,
                        `t25`.`cg`,
                        `t25`.`ck`,
                        `t25`.`items_returned`,
                        `t25`.`amount_returned`
                      FROM (
                        SELECT
                          `t94`.`k`,
                          `t94`.`period`,
                          `t94`.`start`,
                          `t94`.`end`,
                          `t94`.`start_utc`,
                          `t94`.`end_utc`,
                          `t94`.`partial`,
                          `t94`.`g`,
                          `t94`.`new`,
                          `t94`.`gained_new`,
                          `t94`.`gained_re`,
                          `t94`.`lost`,
                          `t94`.`orders`,
                          `t94`.`revenue`,
                          `t94`.`items`,
                          `t94`.`orders_new`,
                          `t94`.`revenue_new`,
                          `t94`.`interval_n`,
                          `t94`.`interval_sum`,
                          `t94`.`first_orders`,
                          `t94`.`second_orders`,
                          `t94`.`loyal_orders`,
                          `t94`.`interval_median`,
                          COALESCE(`t94`.`mrr_start`, 0) AS `mrr_start`,
                          COALESCE(`t94`.`mrr_end`, 0) AS `mrr_end`,
                          COALESCE(`t94`.`mrr_churned`, 0) AS `mrr_churned`,
                          COALESCE(`t94`.`mrr_contraction`, 0) AS `mrr_contraction`,
                          COALESCE(`t94`.`mrr_expansion`, 0) AS `mrr_expansion`
                        FROM (
                          SELECT
                            `t93`.*
                            EXCEPT (`cg`, `ck`)
                          FROM (
                            SELECT
                              `t92`.`k`,
                              `t92`.`period`,
                              `t92`.`start`,
                              `t92`.`end`,
                              `t92`.`start_utc`,
                              `t92`.`end_utc`,
                              `t92`.`partial`,
                              `t92`.`g`,
                              `t92`.`new`,
                              `t92`.`gained_new`,
                              `t92`.`gained_re`,
                              `t92`.`lost`,
                              `t92`.`orders`,
                              `t92`.`revenue`,
                              `t92`.`items`,
                              `t92`.`orders_new`,
                              `t92`.`revenue_new`,
                              `t92`.`interval_n`,
                              `t92`.`interval_sum`,
                              `t92`.`first_orders`,
                              `t92`.`second_orders`,
                              `t92`.`loyal_orders`,
                              `t92`.`interval_median`,
                              `t57`.`cg`,
                              `t57`.`ck`,
                              `t57`.`mrr_start`,
                              `t57`.`mrr_end`,
                              `t57`.`mrr_churned`,
                              `t57`.`mrr_contraction`,
                              `t57`.`mrr_expansion`
                            FROM (
                              SELECT
                                `t90`.`k`,
                                `t90`.`period`,
                                `t90`.`start`,
                                `t90`.`end`,
                                `t90`.`start_utc`,
                                `t90`.`end_utc`,
                                `t90`.`partial`,
                                `t90`.`g`,
                                `t90`.`new`,
                                `t90`.`gained_new`,
                                `t90`.`gained_re`,
                                `t90`.`lost`,
                                COALESCE(`t90`.`orders`, 0) AS `orders`,
                                COALESCE(`t90`.`revenue`, 0) AS `revenue`,
                                COALESCE(`t90`.`items`, 0) AS `items`,
                                COALESCE(`t90`.`orders_new`, 0) AS `orders_new`,
                                COALESCE(`t90`.`revenue_new`, 0) AS `revenue_new`,
                                COALESCE(`t90`.`interval_n`, 0) AS `interval_n`,
                                COALESCE(`t90`.`interval_sum`, 0) AS `interval_sum`,
                                COALESCE(`t90`.`first_orders`, 0) AS `first_orders`,
                                COALESCE(`t90`.`second_orders`, 0) AS `second_orders`,
                                COALESCE(`t90`.`loyal_orders`, 0) AS `loyal_orders`,
                                `t90`.`interval_median`
                              FROM (
                                SELECT
                                  `t89`.*
                                  EXCEPT (`cg`, `ck`)
                                FROM (
                                  SELECT
                                    `t88`.`k`,
                                    `t88`.`period`,
                                    `t88`.`start`,
                                    `t88`.`end`,
                                    `t88`.`start_utc`,
                                    `t88`.`end_utc`,
                                    `t88`.`partial`,
                                    `t88`.`g`,
                                    `t88`.`new`,
                                    `t88`.`gained_new`,
                                    `t88`.`gained_re`,
                                    `t88`.`lost`,
                                    `t62`.`cg`,
                                    `t62`.`ck`,
                                    `t62`.`orders`,
                                    `t62`.`revenue`,
                                    `t62`.`items`,
                                    `t62`.`orders_new`,
                                    `t62`.`revenue_new`,
                                    `t62`.`interval_n`,
                                    `t62`.`interval_sum`,
                                    `t62`.`first_orders`,
                                    `t62`.`second_orders`,
                                    `t62`.`loyal_orders`,
                                    `t62`.`interval_median`
                                  FROM (
                                    SELECT
                                      `t86`.`k`,
                                      `t86`.`period`,
                                      `t86`.`start`,
                                      `t86`.`end`,
                                      `t86`.`start_utc`,
                                      `t86`.`end_utc`,
                                      `t86`.`partial`,
                                      `t86`.`g`,
                                      COALESCE(`t86`.`new`, 0) AS `new`,
                                      COALESCE(`t86`.`gained_new`, 0) AS `gained_new`,
                                      COALESCE(`t86`.`gained_re`, 0) AS `gained_re`,
                                      COALESCE(`t86`.`lost`, 0) AS `lost`
                                    FROM (
                                      SELECT
                                        `t85`.*
                                        EXCEPT (`cg`, `ck`)
                                      FROM (
                                        SELECT
                                          `t13`.`k`,
                                          `t13`.`period`,
                                          `t13`.`start`,
                                          `t13`.`end`,
                                          `t13`.`start_utc`,
                                          `t13`.`end_utc`,
                                          `t13`.`partial`,
                                          `t13`.`g`,
                                          `t84`.`cg`,
                                          `t84`.`ck`,
                                          `t84`.`new`,
                                          `t84`.`gained_new`,
                                          `t84`.`gained_re`,
                                          `t84`.`lost`
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
                                        ) AS `t13`
                                        LEFT OUTER JOIN (
                                          SELECT
                                            `t82`.`g` AS `cg`,
                                            `t82`.`k` AS `ck`,
                                            `t82`.`new`,
                                            `t82`.`gained_new`,
                                            `t82`.`gained_re`,
                                            `t82`.`lost`
                                          FROM (
                                            SELECT
                                              `t81`.`g`,
                                              `t81`.`k`,
                                              SUM(`t81`.`new`) AS `new`,
                                              SUM(`t81`.`gained_new`) AS `gained_new`,
                                              SUM(`t81`.`gained_re`) AS `gained_re`,
                                              SUM(`t81`.`lost`) AS `lost`
                                            FROM (
                                              SELECT
                                                *
                                              FROM (
                                                SELECT
                                                  *
                                                FROM (
                                                  SELECT
                                                    `t69`.`g`,
                                                    `t69`.`f` AS `k`,
                                                    1 AS `new`,
                                                    0 AS `gained_new`,
                                                    0 AS `gained_re`,
                                                    0 AS `lost`
                                                  FROM `t68` AS `t69`
                                                  WHERE
                                                    `t69`.`first`
                                                ) AS `t70`
                                                UNION ALL
                                                SELECT
                                                  *
                                                FROM (
                                                  SELECT
                                                    `t74`.`g`,
                                                    `t74`.`lo` - 1 AS `k`,
                                                    0 AS `new`,
                                                    IF(`t74`.`f` = (
                                                      `t74`.`lo` - 1
                                                    ), 1, 0) AS `gained_new`,
                                                    IF(`t74`.`f` = (
                                                      `t74`.`lo` - 1
                                                    ), 0, 1) AS `gained_re`,
                                                    0 AS `lost`
                                                  FROM `t73` AS `t74`
                                                  WHERE
                                                    (
                                                      `t74`.`before` IS NULL
                                                    ) OR (
                                                      `t74`.`before` < (
                                                        `t74`.`lo` - 1
                                                      )
                                                    )
                                                ) AS `t79`
                                              ) AS `t80`
                                              UNION ALL
                                              SELECT
                                                *
                                              FROM (
                                                SELECT
                                                  `t74`.`g`,
                                                  `t74`.`hi` AS `k`,
                                                  0 AS `new`,
                                                  0 AS `gained_new`,
                                                  0 AS `gained_re`,
                                                  1 AS `lost`
                                                FROM `t73` AS `t74`
                                                WHERE
                                                  (
                                                    (
                                                      `t74`.`after` IS NULL
                                                    ) OR (
                                                      `t74`.`after` > (
                                                        `t74`.`hi` + 1
                                                      )
                                                    )
                                                  )
                                                  AND `t74`.`hi` < 12
                                              ) AS `t78`
                                            ) AS `t81`
                                            GROUP BY
                                              1,
                                              2
                                          ) AS `t82`
                                        ) AS `t84`
                                          ON `t13`.`g` = `t84`.`cg` AND `t13`.`k` = `t84`.`ck`
                                      ) AS `t85`
                                    ) AS `t86`
                                  ) AS `t88`
                                  LEFT OUTER JOIN (
                                    SELECT
                                      `t58`.`g` AS `cg`,
                                      `t58`.`k` AS `ck`,
                                      `t58`.`orders`,
                                      `t58`.`revenue`,
                                      `t58`.`items`,
                                      `t58`.`orders_new`,
                                      `t58`.`revenue_new`,
                                      `t58`.`interval_n`,
                                      `t58`.`interval_sum`,
                                      `t58`.`first_orders`,
                                      `t58`.`second_orders`,
                                      `t58`.`loyal_orders`,
                                      `t58`.`interval_median`
                                    FROM (
                                      SELECT
                                        `t56`.*
                                        EXCEPT (`mg`, `mk`)
                                      FROM (
                                        SELECT
                                          `t42`.`g`,
                                          `t42`.`k`,
                                          `t42`.`orders`,
                                          `t42`.`revenue`,
                                          `t42`.`items`,
                                          `t42`.`orders_new`,
                                          `t42`.`revenue_new`,
                                          `t42`.`interval_n`,
                                          `t42`.`interval_sum`,
                                          `t42`.`first_orders`,
                                          `t42`.`second_orders`,
                                          `t42`.`loyal_orders`,
                                          `t52`.`mg`,
                                          `t52`.`mk`,
                                          `t52`.`interval_median`
                                        FROM (
                                          SELECT
                                            `t28`.`g`,
                                            `t28`.`k`,
                                            COUNT(*) AS `orders`,
                                            SUM(`t28`.`revenue`) AS `revenue`,
                                            SUM(COALESCE(`t28`.`items`, 0)) AS `items`,
                                            SUM(IF(`t28`.`is_new`, 1, 0)) AS `orders_new`,
                                            SUM(IF(`t28`.`is_new`, `t28`.`revenue`, 0)) AS `revenue_new`,
                                            COUNT(`t28`.`gap`) AS `interval_n`,
                                            SUM(`t28`.`gap`) AS `interval_sum`,
                                            SUM(IF(`t28`.`n` = 0, 1, 0)) AS `first_orders`,
                                            SUM(IF(`t28`.`n` = 1, 1, 0)) AS `second_orders`,
                                            SUM(IF(`t28`.`n` = 2, 1, 0)) AS `loyal_orders`
                                          FROM (
                                            SELECT
                                              `t18`.`order_id`,
                                              `t18`.`customer_id`,
                                              `t18`.`ordered_at`,
                                              `t18`.`revenue`,
                                              `t18`.`items`,
                                              `t18`.`channel`,
                                              `t18`.`prev`,
                                              `t18`.`nxt`,
                                              `t18`.`n`,
                                              `t18`.`first`,
                                              '' AS `g`,
                                              IF(
                                                `t18`.`ordered_at` < DATETIME('2024-06-30T22:00:00'),
                                                IF(
                                                  `t18`.`ordered_at` < DATETIME('2024-03-31T22:00:00'),
                                                  IF(
                                                    `t18`.`ordered_at` < DATETIME('2024-01-31T23:00:00'),
                                                    IF(`t18`.`ordered_at` < DATETIME('2023-12-31T23:00:00'), -1, 0),
                                                    IF(`t18`.`ordered_at` < DATETIME('2024-02-29T23:00:00'), 1, 2)
                                                  ),
                                                  IF(
                                                    `t18`.`ordered_at` < DATETIME('2024-05-31T22:00:00'),
                                                    IF(`t18`.`ordered_at` < DATETIME('2024-04-30T22:00:00'), 3, 4),
                                                    5
                                                  )
                                                ),
                                                IF(
                                                  `t18`.`ordered_at` < DATETIME('2024-10-31T23:00:00'),
                                                  IF(
                                                    `t18`.`ordered_at` < DATETIME('2024-08-31T22:00:00'),
                                                    IF(`t18`.`ordered_at` < DATETIME('2024-07-31T22:00:00'), 6, 7),
                                                    IF(`t18`.`ordered_at` < DATETIME('2024-09-30T22:00:00'), 8, 9)
                                                  ),
                                                  IF(
                                                    `t18`.`ordered_at` < DATETIME('2024-12-31T23:00:00'),
                                                    IF(`t18`.`ordered_at` < DATETIME('2024-11-30T23:00:00'), 10, 11),
                                                    12
                                                  )
                                                )
                                              ) AS `k`,
                                              IF(
                                                `t18`.`first` < DATETIME('2024-06-30T22:00:00'),
                                                IF(
                                                  `t18`.`first` < DATETIME('2024-03-31T22:00:00'),
                                                  IF(
                                                    `t18`.`first` < DATETIME('2024-01-31T23:00:00'),
                                                    IF(`t18`.`first` < DATETIME('2023-12-31T23:00:00'), -1, 0),
                                                    IF(`t18`.`first` < DATETIME('2024-02-29T23:00:00'), 1, 2)
                                                  ),
                                                  IF(
                                                    `t18`.`first` < DATETIME('2024-05-31T22:00:00'),
                                                    IF(`t18`.`first` < DATETIME('2024-04-30T22:00:00'), 3, 4),
                                                    5
                                                  )
                                                ),
                                                IF(
                                                  `t18`.`first` < DATETIME('2024-10-31T23:00:00'),
                                                  IF(
                                                    `t18`.`first` < DATETIME('2024-08-31T22:00:00'),
                                                    IF(`t18`.`first` < DATETIME('2024-07-31T22:00:00'), 6, 7),
                                                    IF(`t18`.`first` < DATETIME('2024-09-30T22:00:00'), 8, 9)
                                                  ),
                                                  IF(
                                                    `t18`.`first` < DATETIME('2024-12-31T23:00:00'),
                                                    IF(`t18`.`first` < DATETIME('2024-11-30T23:00:00'), 10, 11),
                                                    12
                                                  )
                                                )
                                              ) = IF(
                                                `t18`.`ordered_at` < DATETIME('2024-06-30T22:00:00'),
                                                IF(
                                                  `t18`.`ordered_at` < DATETIME('2024-03-31T22:00:00'),
                                                  IF(
                                                    `t18`.`ordered_at` < DATETIME('2024-01-31T23:00:00'),
                                                    IF(`t18`.`ordered_at` < DATETIME('2023-12-31T23:00:00'), -1, 0),
                                                    IF(`t18`.`ordered_at` < DATETIME('2024-02-29T23:00:00'), 1, 2)
                                                  ),
                                                  IF(
                                                    `t18`.`ordered_at` < DATETIME('2024-05-31T22:00:00'),
                                                    IF(`t18`.`ordered_at` < DATETIME('2024-04-30T22:00:00'), 3, 4),
                                                    5
                                                  )
                                                ),
                                                IF(
                                                  `t18`.`ordered_at` < DATETIME('2024-10-31T23:00:00'),
                                                  IF(
                                                    `t18`.`ordered_at` < DATETIME('2024-08-31T22:00:00'),
                                                    IF(`t18`.`ordered_at` < DATETIME('2024-07-31T22:00:00'), 6, 7),
                                                    IF(`t18`.`ordered_at` < DATETIME('2024-09-30T22:00:00'), 8, 9)
                                                  ),
                                                  IF(
                                                    `t18`.`ordered_at` < DATETIME('2024-12-31T23:00:00'),
                                                    IF(`t18`.`ordered_at` < DATETIME('2024-11-30T23:00:00'), 10, 11),
                                                    12
                                                  )
                                                )
                                              ) AS `is_new`,
                                              ieee_divide(
                                                CAST(DATETIME_DIFF(`t18`.`ordered_at`, `t18`.`prev`, MICROSECOND) AS FLOAT64),
                                                86400000000
                                              ) AS `gap`
                                            FROM `t17` AS `t18`
                                          ) AS `t28`
                                          GROUP BY
                                            1,
                                            2
                                        ) AS `t42`
                                        LEFT OUTER JOIN (
                                          SELECT
                                            `t48`.`g` AS `mg`,
                                            `t48`.`k` AS `mk`,
                                            ieee_divide(`t48`.`_lo` + `t48`.`_hi`, 2) AS `interval_median`
                                          FROM (
                                            SELECT
                                              `t45`.`g`,
                                              `t45`.`k`,
                                              MIN(`t45`.`gap`) AS `_lo`,
                                              MAX(`t45`.`gap`) AS `_hi`
                                            FROM (
                                              SELECT
                                                *
                                              FROM (
                                                SELECT
                                                  `t29`.`order_id`,
                                                  `t29`.`customer_id`,
                                                  `t29`.`ordered_at`,
                                                  `t29`.`revenue`,
                                                  `t29`.`items`,
                                                  `t29`.`channel`,
                                                  `t29`.`prev`,
                                                  `t29`.`nxt`,
                                                  `t29`.`n`,
                                                  `t29`.`first`,
                                                  `t29`.`g`,
                                                  `t29`.`k`,
                                                  `t29`.`is_new`,
                                                  `t29`.`gap`,
                                                  ROW_NUMBER() OVER (PARTITION BY `t29`.`g`, `t29`.`k` ORDER BY `t29`.`gap` ASC) - 1 AS `_r`,
                                                  COUNT(*) OVER (
                                                    PARTITION BY `t29`.`g`, `t29`.`k`
                                                    ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                                                  ) AS `_m`
                                                FROM (
                                                  SELECT
                                                    `t18`.`order_id`,
                                                    `t18`.`customer_id`,
                                                    `t18`.`ordered_at`,
                                                    `t18`.`revenue`,
                                                    `t18`.`items`,
                                                    `t18`.`channel`,
                                                    `t18`.`prev`,
                                                    `t18`.`nxt`,
                                                    `t18`.`n`,
                                                    `t18`.`first`,
                                                    '' AS `g`,
                                                    IF(
                                                      `t18`.`ordered_at` < DATETIME('2024-06-30T22:00:00'),
                                                      IF(
                                                        `t18`.`ordered_at` < DATETIME('2024-03-31T22:00:00'),
                                                        IF(
                                                          `t18`.`ordered_at` < DATETIME('2024-01-31T23:00:00'),
                                                          IF(`t18`.`ordered_at` < DATETIME('2023-12-31T23:00:00'), -1, 0),
                                                          IF(`t18`.`ordered_at` < DATETIME('2024-02-29T23:00:00'), 1, 2)
                                                        ),
                                                        IF(
                                                          `t18`.`ordered_at` < DATETIME('2024-05-31T22:00:00'),
                                                          IF(`t18`.`ordered_at` < DATETIME('2024-04-30T22:00:00'), 3, 4),
                                                          5
                                                        )
                                                      ),
                                                      IF(
                                                        `t18`.`ordered_at` < DATETIME('2024-10-31T23:00:00'),
                                                        IF(
                                                          `t18`.`ordered_at` < DATETIME('2024-08-31T22:00:00'),
                                                          IF(`t18`.`ordered_at` < DATETIME('2024-07-31T22:00:00'), 6, 7),
                                                          IF(`t18`.`ordered_at` < DATETIME('2024-09-30T22:00:00'), 8, 9)
                                                        ),
                                                        IF(
                                                          `t18`.`ordered_at` < DATETIME('2024-12-31T23:00:00'),
                                                          IF(`t18`.`ordered_at` < DATETIME('2024-11-30T23:00:00'), 10, 11),
                                                          12
                                                        )
                                                      )
                                                    ) AS `k`,
                                                    IF(
                                                      `t18`.`first` < DATETIME('2024-06-30T22:00:00'),
                                                      IF(
                                                        `t18`.`first` < DATETIME('2024-03-31T22:00:00'),
                                                        IF(
                                                          `t18`.`first` < DATETIME('2024-01-31T23:00:00'),
                                                          IF(`t18`.`first` < DATETIME('2023-12-31T23:00:00'), -1, 0),
                                                          IF(`t18`.`first` < DATETIME('2024-02-29T23:00:00'), 1, 2)
                                                        ),
                                                        IF(
                                                          `t18`.`first` < DATETIME('2024-05-31T22:00:00'),
                                                          IF(`t18`.`first` < DATETIME('2024-04-30T22:00:00'), 3, 4),
                                                          5
                                                        )
                                                      ),
                                                      IF(
                                                        `t18`.`first` < DATETIME('2024-10-31T23:00:00'),
                                                        IF(
                                                          `t18`.`first` < DATETIME('2024-08-31T22:00:00'),
                                                          IF(`t18`.`first` < DATETIME('2024-07-31T22:00:00'), 6, 7),
                                                          IF(`t18`.`first` < DATETIME('2024-09-30T22:00:00'), 8, 9)
                                                        ),
                                                        IF(
                                                          `t18`.`first` < DATETIME('2024-12-31T23:00:00'),
                                                          IF(`t18`.`first` < DATETIME('2024-11-30T23:00:00'), 10, 11),
                                                          12
                                                        )
                                                      )
                                                    ) = IF(
                                                      `t18`.`ordered_at` < DATETIME('2024-06-30T22:00:00'),
                                                      IF(
                                                        `t18`.`ordered_at` < DATETIME('2024-03-31T22:00:00'),
                                                        IF(
                                                          `t18`.`ordered_at` < DATETIME('2024-01-31T23:00:00'),
                                                          IF(`t18`.`ordered_at` < DATETIME('2023-12-31T23:00:00'), -1, 0),
                                                          IF(`t18`.`ordered_at` < DATETIME('2024-02-29T23:00:00'), 1, 2)
                                                        ),
                                                        IF(
                                                          `t18`.`ordered_at` < DATETIME('2024-05-31T22:00:00'),
                                                          IF(`t18`.`ordered_at` < DATETIME('2024-04-30T22:00:00'), 3, 4),
                                                          5
                                                        )
                                                      ),
                                                      IF(
                                                        `t18`.`ordered_at` < DATETIME('2024-10-31T23:00:00'),
                                                        IF(
                                                          `t18`.`ordered_at` < DATETIME('2024-08-31T22:00:00'),
                                                          IF(`t18`.`ordered_at` < DATETIME('2024-07-31T22:00:00'), 6, 7),
                                                          IF(`t18`.`ordered_at` < DATETIME('2024-09-30T22:00:00'), 8, 9)
                                                        ),
                                                        IF(
                                                          `t18`.`ordered_at` < DATETIME('2024-12-31T23:00:00'),
                                                          IF(`t18`.`ordered_at` < DATETIME('2024-11-30T23:00:00'), 10, 11),
                                                          12
                                                        )
                                                      )
                                                    ) AS `is_new`,
                                                    ieee_divide(
                                                      CAST(DATETIME_DIFF(`t18`.`ordered_at`, `t18`.`prev`, MICROSECOND) AS FLOAT64),
                                                      86400000000
                                                    ) AS `gap`
                                                  FROM `t17` AS `t18`
                                                  WHERE
                                                    ieee_divide(
                                                      CAST(DATETIME_DIFF(`t18`.`ordered_at`, `t18`.`prev`, MICROSECOND) AS FLOAT64),
                                                      86400000000
                                                    ) IS NOT NULL
                                                ) AS `t29`
                                              ) AS `t41`
                                              WHERE
                                                (
                                                  `t41`.`_r` * 2
                                                ) >= (
                                                  `t41`.`_m` - 2
                                                )
                                                AND (
                                                  `t41`.`_r` * 2
                                                ) <= `t41`.`_m`
                                            ) AS `t45`
                                            GROUP BY
                                              1,
                                              2
                                          ) AS `t48`
                                        ) AS `t52`
                                          ON `t42`.`g` = `t52`.`mg` AND `t42`.`k` = `t52`.`mk`
                                      ) AS `t56`
                                    ) AS `t58`
                                  ) AS `t62`
                                    ON `t88`.`g` = `t62`.`cg` AND `t88`.`k` = `t62`.`ck`
                                ) AS `t89`
                              ) AS `t90`
                            ) AS `t92`
                            LEFT OUTER JOIN (
                              SELECT
                                `t53`.`g` AS `cg`,
                                `t53`.`k` AS `ck`,
                                `t53`.`mrr_start`,
                                `t53`.`mrr_end`,
                                `t53`.`mrr_churned`,
                                `t53`.`mrr_contraction`,
                                `t53`.`mrr_expansion`
                              FROM (
                                SELECT
                                  `t49`.`g`,
                                  `t49`.`k`,
                                  SUM(`t49`.`ma`) AS `mrr_start`,
                                  SUM(`t49`.`mb`) AS `mrr_end`,
                                  SUM(
                                    IF((
                                      `t49`.`ma` > 0
                                    ) AND (
                                      `t49`.`mb` = 0
                                    ), `t49`.`ma`, CAST('0.00' AS NUMERIC))
                                  ) AS `mrr_churned`,
                                  SUM(
                                    IF(
                                      (
                                        `t49`.`mb` > 0
                                      ) AND (
                                        `t49`.`mb` < `t49`.`ma`
                                      ),
                                      `t49`.`ma` - `t49`.`mb`,
                                      CAST('0.00' AS NUMERIC)
                                    )
                                  ) AS `mrr_contraction`,
                                  SUM(
                                    IF(
                                      (
                                        `t49`.`ma` > 0
                                      ) AND (
                                        `t49`.`mb` > `t49`.`ma`
                                      ),
                                      `t49`.`mb` - `t49`.`ma`,
                                      CAST('0.00' AS NUMERIC)
                                    )
                                  ) AS `mrr_expansion`
                                FROM (
                                  SELECT
                                    *
                                  FROM (
                                    SELECT
                                      COALESCE(`t38`.`ga`, `t39`.`gb`) AS `g`,
                                      COALESCE(`t38`.`ja`, `t39`.`jb` - 1) AS `k`,
                                      COALESCE(`t38`.`ma`, CAST('0.00' AS NUMERIC)) AS `ma`,
                                      COALESCE(`t39`.`mb`, CAST('0.00' AS NUMERIC)) AS `mb`
                                    FROM (
                                      SELECT
                                        `t32`.`customer_id` AS `ca`,
                                        `t32`.`g` AS `ga`,
                                        `t32`.`j` AS `ja`,
                                        `t32`.`m` AS `ma`
                                      FROM `t31` AS `t32`
                                    ) AS `t38`
                                    FULL OUTER JOIN (
                                      SELECT
                                        `t32`.`customer_id` AS `cb`,
                                        `t32`.`g` AS `gb`,
                                        `t32`.`j` AS `jb`,
                                        `t32`.`m` AS `mb`
                                      FROM `t31` AS `t32`
                                    ) AS `t39`
                                      ON `t38`.`ca` = `t39`.`cb` AND (
                                        `t38`.`ja` + 1
                                      ) = `t39`.`jb`
                                  ) AS `t46`
                                  WHERE
                                    `t46`.`k` >= 0 AND `t46`.`k` < 12
                                ) AS `t49`
                                GROUP BY
                                  1,
                                  2
                              ) AS `t53`
                            ) AS `t57`
                              ON `t92`.`g` = `t57`.`cg` AND `t92`.`k` = `t57`.`ck`
                          ) AS `t93`
                        ) AS `t94`
                      ) AS `t96`
                      LEFT OUTER JOIN (
                        SELECT
                          `t22`.`g` AS `cg`,
                          `t22`.`k` AS `ck`,
                          `t22`.`items_returned`,
                          `t22`.`amount_returned`
                        FROM (
                          SELECT
                            `t16`.`g`,
                            `t16`.`k`,
                            SUM(COALESCE(`t16`.`items`, 0)) AS `items_returned`,
                            SUM(COALESCE(`t16`.`amount`, 0)) AS `amount_returned`
                          FROM (
                            SELECT
                              `t3`.`return_id`,
                              `t3`.`order_id`,
                              `t3`.`customer_id`,
                              `t3`.`returned_at`,
                              `t3`.`items`,
                              `t3`.`amount`,
                              '' AS `g`,
                              IF(
                                `t3`.`returned_at` < DATETIME('2024-06-30T22:00:00'),
                                IF(
                                  `t3`.`returned_at` < DATETIME('2024-03-31T22:00:00'),
                                  IF(
                                    `t3`.`returned_at` < DATETIME('2024-01-31T23:00:00'),
                                    IF(`t3`.`returned_at` < DATETIME('2023-12-31T23:00:00'), -1, 0),
                                    IF(`t3`.`returned_at` < DATETIME('2024-02-29T23:00:00'), 1, 2)
                                  ),
                                  IF(
                                    `t3`.`returned_at` < DATETIME('2024-05-31T22:00:00'),
                                    IF(`t3`.`returned_at` < DATETIME('2024-04-30T22:00:00'), 3, 4),
                                    5
                                  )
                                ),
                                IF(
                                  `t3`.`returned_at` < DATETIME('2024-10-31T23:00:00'),
                                  IF(
                                    `t3`.`returned_at` < DATETIME('2024-08-31T22:00:00'),
                                    IF(`t3`.`returned_at` < DATETIME('2024-07-31T22:00:00'), 6, 7),
                                    IF(`t3`.`returned_at` < DATETIME('2024-09-30T22:00:00'), 8, 9)
                                  ),
                                  IF(
                                    `t3`.`returned_at` < DATETIME('2024-12-31T23:00:00'),
                                    IF(`t3`.`returned_at` < DATETIME('2024-11-30T23:00:00'), 10, 11),
                                    12
                                  )
                                )
                              ) AS `k`
                            FROM `returns` AS `t3`
                          ) AS `t16`
                          GROUP BY
                            1,
                            2
                        ) AS `t22`
                      ) AS `t25`
                        ON `t96`.`g` = `t25`.`cg` AND `t96`.`k` = `t25`.`ck`
                    ) AS `t97`
                  ) AS `t98`
                ) AS `t100`
                LEFT OUTER JOIN (
                  SELECT
                    `t30`.`g` AS `cg`,
                    `t30`.`k` AS `ck`,
                    `t30`.`cost_acquisition`,
                    `t30`.`cost_retention`,
                    `t30`.`cost_mixed`
                  FROM (
                    SELECT
                      `t23`.`g`,
                      `t23`.`k`,
                      SUM(IF(`t23`.`purpose` = 'acquisition', `t23`.`share`, 0.0)) AS `cost_acquisition`,
                      SUM(IF(`t23`.`purpose` = 'retention', `t23`.`share`, 0.0)) AS `cost_retention`,
                      SUM(IF(`t23`.`purpose` = 'mixed', `t23`.`share`, 0.0)) AS `cost_mixed`
                    FROM (
                      SELECT
                        *
                      FROM (
                        SELECT
                          '' AS `g`,
                          `t8`.`k`,
                          `t7`.`purpose`,
                          ieee_divide(
                            CAST(`t7`.`amount` AS FLOAT64) * CAST(DATE_DIFF(
                              LEAST(DATE_ADD(`t7`.`period_end`, INTERVAL '1' DAY), `t8`.`end`),
                              GREATEST(`t7`.`period_start`, `t8`.`start`),
                              DAY
                            ) AS FLOAT64),
                            CAST(DATE_DIFF(DATE_ADD(`t7`.`period_end`, INTERVAL '1' DAY), `t7`.`period_start`, DAY) AS FLOAT64)
                          ) AS `share`
                        FROM `costs` AS `t7`
                        INNER JOIN `periods` AS `t8`
                          ON `t7`.`period_start` < `t8`.`end` AND `t7`.`period_end` >= `t8`.`start`
                      ) AS `t19`
                      WHERE
                        `t19`.`g` IS NOT NULL
                    ) AS `t23`
                    GROUP BY
                      1,
                      2
                  ) AS `t30`
                ) AS `t35`
                  ON `t100`.`g` = `t35`.`cg` AND `t100`.`k` = `t35`.`ck`
              ) AS `t101`
            ) AS `t102`
          ) AS `t104`
          LEFT OUTER JOIN (
            SELECT
              `t75`.`g` AS `cg`,
              `t75`.`k` AS `ck`,
              `t75`.`cac_recorded`
            FROM (
              SELECT
                `t72`.`g`,
                `t72`.`k`,
                SUM(CAST(`t72`.`acquisition_cost` AS FLOAT64)) AS `cac_recorded`
              FROM (
                SELECT
                  `t67`.`customer_id`,
                  `t67`.`fs`,
                  `t67`.`acquisition_cost`,
                  '' AS `g`,
                  IF(
                    `t67`.`fs` < DATETIME('2024-06-30T22:00:00'),
                    IF(
                      `t67`.`fs` < DATETIME('2024-03-31T22:00:00'),
                      IF(
                        `t67`.`fs` < DATETIME('2024-01-31T23:00:00'),
                        IF(`t67`.`fs` < DATETIME('2023-12-31T23:00:00'), -1, 0),
                        IF(`t67`.`fs` < DATETIME('2024-02-29T23:00:00'), 1, 2)
                      ),
                      IF(
                        `t67`.`fs` < DATETIME('2024-05-31T22:00:00'),
                        IF(`t67`.`fs` < DATETIME('2024-04-30T22:00:00'), 3, 4),
                        5
                      )
                    ),
                    IF(
                      `t67`.`fs` < DATETIME('2024-10-31T23:00:00'),
                      IF(
                        `t67`.`fs` < DATETIME('2024-08-31T22:00:00'),
                        IF(`t67`.`fs` < DATETIME('2024-07-31T22:00:00'), 6, 7),
                        IF(`t67`.`fs` < DATETIME('2024-09-30T22:00:00'), 8, 9)
                      ),
                      IF(
                        `t67`.`fs` < DATETIME('2024-12-31T23:00:00'),
                        IF(`t67`.`fs` < DATETIME('2024-11-30T23:00:00'), 10, 11),
                        12
                      )
                    )
                  ) AS `k`
                FROM (
                  SELECT
                    `t66`.`customer_id`,
                    MIN(`t66`.`s`) AS `fs`,
                    MAX(`t66`.`acquisition_cost`) AS `acquisition_cost`
                  FROM (
                    SELECT
                      `t65`.`customer_id`,
                      `t65`.`s`,
                      `t65`.`e`,
                      `t15`.`acquisition_cost`
                    FROM (
                      SELECT
                        `t61`.`customer_id`,
                        `t61`.`s`,
                        `t61`.`e`
                      FROM `t59` AS `t61`
                    ) AS `t65`
                    INNER JOIN (
                      SELECT
                        `t0`.`customer_id`,
                        `t0`.`acquisition_cost`
                      FROM `customers` AS `t0`
                      WHERE
                        `t0`.`acquisition_cost` IS NOT NULL
                    ) AS `t15`
                      ON `t65`.`customer_id` = `t15`.`customer_id`
                  ) AS `t66`
                  GROUP BY
                    1
                ) AS `t67`
              ) AS `t72`
              GROUP BY
                1,
                2
            ) AS `t75`
          ) AS `t77`
            ON `t104`.`g` = `t77`.`cg` AND `t104`.`k` = `t77`.`ck`
        ) AS `t105`
      ) AS `t106`
    ) AS `t107`
  ) AS `t108`
) AS `t109`
ORDER BY
  `t109`.`g` ASC NULLS LAST,
  `t109`.`k` ASC NULLS LAST
