WITH `t17` AS (
  SELECT
    `t16`.`customer_id`,
    `t16`.`s`,
    `t16`.`e`,
    `t16`.`g`,
    IF(
      `t16`.`s` < CAST('2024-06-30T22:00:00' AS TIMESTAMP),
      IF(
        `t16`.`s` < CAST('2024-03-31T22:00:00' AS TIMESTAMP),
        IF(
          `t16`.`s` < CAST('2024-01-31T23:00:00' AS TIMESTAMP),
          IF(`t16`.`s` < CAST('2023-12-31T23:00:00' AS TIMESTAMP), -1, 0),
          IF(`t16`.`s` < CAST('2024-02-29T23:00:00' AS TIMESTAMP), 1, 2)
        ),
        IF(
          `t16`.`s` < CAST('2024-05-31T22:00:00' AS TIMESTAMP),
          IF(`t16`.`s` < CAST('2024-04-30T22:00:00' AS TIMESTAMP), 3, 4),
          5
        )
      ),
      IF(
        `t16`.`s` < CAST('2024-10-31T23:00:00' AS TIMESTAMP),
        IF(
          `t16`.`s` < CAST('2024-08-31T22:00:00' AS TIMESTAMP),
          IF(`t16`.`s` < CAST('2024-07-31T22:00:00' AS TIMESTAMP), 6, 7),
          IF(`t16`.`s` < CAST('2024-09-30T22:00:00' AS TIMESTAMP), 8, 9)
        ),
        IF(
          `t16`.`s` < CAST('2024-12-31T23:00:00' AS TIMESTAMP),
          IF(`t16`.`s` < CAST('2024-11-30T23:00:00' AS TIMESTAMP), 10, 11),
          12
        )
      )
    ) + 1 AS `lo`,
    LEAST(
      IF(
        `t16`.`e` < CAST('2024-06-30T22:00:00' AS TIMESTAMP),
        IF(
          `t16`.`e` < CAST('2024-03-31T22:00:00' AS TIMESTAMP),
          IF(
            `t16`.`e` < CAST('2024-01-31T23:00:00' AS TIMESTAMP),
            IF(`t16`.`e` < CAST('2023-12-31T23:00:00' AS TIMESTAMP), -1, 0),
            IF(`t16`.`e` < CAST('2024-02-29T23:00:00' AS TIMESTAMP), 1, 2)
          ),
          IF(
            `t16`.`e` < CAST('2024-05-31T22:00:00' AS TIMESTAMP),
            IF(`t16`.`e` < CAST('2024-04-30T22:00:00' AS TIMESTAMP), 3, 4),
            5
          )
        ),
        IF(
          `t16`.`e` < CAST('2024-10-31T23:00:00' AS TIMESTAMP),
          IF(
            `t16`.`e` < CAST('2024-08-31T22:00:00' AS TIMESTAMP),
            IF(`t16`.`e` < CAST('2024-07-31T22:00:00' AS TIMESTAMP), 6, 7),
            IF(`t16`.`e` < CAST('2024-09-30T22:00:00' AS TIMESTAMP), 8, 9)
          ),
          IF(
            `t16`.`e` < CAST('2024-12-31T23:00:00' AS TIMESTAMP),
            IF(`t16`.`e` < CAST('2024-11-30T23:00:00' AS TIMESTAMP), 10, 11),
            12
          )
        )
      ),
      12
    ) AS `hi`,
    IF(
      MIN(`t16`.`s`) OVER (
        PARTITION BY `t16`.`customer_id`
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) < CAST('2024-06-30T22:00:00' AS TIMESTAMP),
      IF(
        MIN(`t16`.`s`) OVER (
          PARTITION BY `t16`.`customer_id`
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < CAST('2024-03-31T22:00:00' AS TIMESTAMP),
        IF(
          MIN(`t16`.`s`) OVER (
            PARTITION BY `t16`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < CAST('2024-01-31T23:00:00' AS TIMESTAMP),
          IF(
            MIN(`t16`.`s`) OVER (
              PARTITION BY `t16`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < CAST('2023-12-31T23:00:00' AS TIMESTAMP),
            -1,
            0
          ),
          IF(
            MIN(`t16`.`s`) OVER (
              PARTITION BY `t16`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < CAST('2024-02-29T23:00:00' AS TIMESTAMP),
            1,
            2
          )
        ),
        IF(
          MIN(`t16`.`s`) OVER (
            PARTITION BY `t16`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < CAST('2024-05-31T22:00:00' AS TIMESTAMP),
          IF(
            MIN(`t16`.`s`) OVER (
              PARTITION BY `t16`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < CAST('2024-04-30T22:00:00' AS TIMESTAMP),
            3,
            4
          ),
          5
        )
      ),
      IF(
        MIN(`t16`.`s`) OVER (
          PARTITION BY `t16`.`customer_id`
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < CAST('2024-10-31T23:00:00' AS TIMESTAMP),
        IF(
          MIN(`t16`.`s`) OVER (
            PARTITION BY `t16`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < CAST('2024-08-31T22:00:00' AS TIMESTAMP),
          IF(
            MIN(`t16`.`s`) OVER (
              PARTITION BY `t16`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < CAST('2024-07-31T22:00:00' AS TIMESTAMP),
            6,
            7
          ),
          IF(
            MIN(`t16`.`s`) OVER (
              PARTITION BY `t16`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < CAST('2024-09-30T22:00:00' AS TIMESTAMP),
            8,
            9
          )
        ),
        IF(
          MIN(`t16`.`s`) OVER (
            PARTITION BY `t16`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < CAST('2024-12-31T23:00:00' AS TIMESTAMP),
          IF(
            MIN(`t16`.`s`) OVER (
              PARTITION BY `t16`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < CAST('2024-11-30T23:00:00' AS TIMESTAMP),
            10,
            11
          ),
          12
        )
      )
    ) AS `f`,
    `t16`.`s` = MIN(`t16`.`s`) OVER (
      PARTITION BY `t16`.`customer_id`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `first`
  FROM (
    SELECT
      `t15`.`customer_id`,
      `t15`.`s`,
      `t15`.`e`,
      '' AS `g`
    FROM (
      SELECT
        `t14`.`customer_id`,
        `t14`.`island`,
        MIN(`t14`.`s`) AS `s`,
        MAX(`t14`.`e`) AS `e`
      FROM (
        SELECT
          `t13`.`customer_id`,
          `t13`.`s`,
          `t13`.`e`,
          `t13`.`reach`,
          `t13`.`fresh`,
          SUM(`t13`.`fresh`) OVER (
            PARTITION BY `t13`.`customer_id`
            ORDER BY `t13`.`s` ASC NULLS LAST, `t13`.`e` ASC NULLS LAST
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
          ) AS `island`
        FROM (
          SELECT
            `t12`.`customer_id`,
            `t12`.`s`,
            `t12`.`e`,
            `t12`.`reach`,
            IF((
              `t12`.`reach` IS NULL
            ) OR (
              `t12`.`s` > `t12`.`reach`
            ), 1, 0) AS `fresh`
          FROM (
            SELECT
              `t11`.`customer_id`,
              `t11`.`s`,
              `t11`.`e`,
              MAX(`t11`.`e`) OVER (
                PARTITION BY `t11`.`customer_id`
                ORDER BY `t11`.`s` ASC NULLS LAST, `t11`.`e` ASC NULLS LAST
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
              ) AS `reach`
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  CAST(`t9`.`customer_id` AS STRING) AS `customer_id`,
                  CAST(`t9`.`ordered_at` AS TIMESTAMP) AS `s`,
                  CAST(IF(`t9`.`is_end`, `t9`.`ordered_at`, `t9`.`after`) + INTERVAL '365' DAY AS TIMESTAMP) AS `e`
                FROM (
                  SELECT
                    `t8`.`customer_id`,
                    `t8`.`ordered_at`,
                    `t8`.`n`,
                    `t8`.`is_start`,
                    `t8`.`is_end`,
                    LEAD(`t8`.`ordered_at`) OVER (PARTITION BY `t8`.`customer_id` ORDER BY `t8`.`n` ASC NULLS LAST) AS `after`
                  FROM (
                    SELECT
                      `t7`.`customer_id`,
                      `t7`.`ordered_at`,
                      `t7`.`n`,
                      (
                        `t7`.`prev` IS NULL
                      )
                      OR (
                        `t7`.`ordered_at` > (
                          `t7`.`prev` + INTERVAL '365' DAY
                        )
                      ) AS `is_start`,
                      (
                        `t7`.`nxt` IS NULL
                      )
                      OR (
                        `t7`.`nxt` > (
                          `t7`.`ordered_at` + INTERVAL '365' DAY
                        )
                      ) AS `is_end`
                    FROM (
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
                          `t2`.`order_id`,
                          `t2`.`customer_id`,
                          `t2`.`ordered_at`,
                          `t2`.`revenue`,
                          `t2`.`items`,
                          `t2`.`channel`
                        FROM `orders` AS `t2`
                      ) AS `t4`
                    ) AS `t7`
                    WHERE
                      (
                        `t7`.`prev` IS NULL
                      )
                      OR (
                        `t7`.`ordered_at` > (
                          `t7`.`prev` + INTERVAL '365' DAY
                        )
                      )
                      OR (
                        (
                          `t7`.`nxt` IS NULL
                        )
                        OR (
                          `t7`.`nxt` > (
                            `t7`.`ordered_at` + INTERVAL '365' DAY
                          )
                        )
                      )
                  ) AS `t8`
                ) AS `t9`
                WHERE
                  `t9`.`is_start`
              ) AS `t10`
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  CAST(`t1`.`customer_id` AS STRING) AS `customer_id`,
                  CAST(`t1`.`started_at` AS TIMESTAMP) AS `s`,
                  COALESCE(`t1`.`ended_at`, CAST('2200-01-01T00:00:00' AS TIMESTAMP)) AS `e`
                FROM `subscriptions` AS `t1`
              ) AS `t6`
            ) AS `t11`
          ) AS `t12`
        ) AS `t13`
      ) AS `t14`
      GROUP BY
        1,
        2
    ) AS `t15`
  ) AS `t16`
), `t21` AS (
  SELECT
    `t20`.`customer_id`,
    `t20`.`s`,
    `t20`.`e`,
    `t20`.`g`,
    `t20`.`lo`,
    `t20`.`hi`,
    `t20`.`f`,
    `t20`.`first`,
    LAG(`t20`.`hi`) OVER (PARTITION BY `t20`.`customer_id` ORDER BY `t20`.`lo` ASC NULLS LAST) AS `before`,
    LEAD(`t20`.`lo`) OVER (PARTITION BY `t20`.`customer_id` ORDER BY `t20`.`lo` ASC NULLS LAST) AS `after`
  FROM (
    SELECT
      *
    FROM `t17` AS `t18`
    WHERE
      `t18`.`lo` <= `t18`.`hi`
  ) AS `t20`
)
SELECT
  `t33`.`g`,
  `t33`.`k`,
  `t33`.`period`,
  `t33`.`lost` AS `lost_customers`
FROM (
  SELECT
    `t32`.`k`,
    `t32`.`period`,
    `t32`.`start`,
    `t32`.`end`,
    `t32`.`start_utc`,
    `t32`.`end_utc`,
    `t32`.`partial`,
    `t32`.`g`,
    `t32`.`new`,
    `t32`.`gained_new`,
    `t32`.`gained_re`,
    `t32`.`lost`,
    SUM((
      `t32`.`gained_new` + `t32`.`gained_re`
    ) - `t32`.`lost`) OVER (
      PARTITION BY `t32`.`g`
      ORDER BY `t32`.`k` ASC NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS `E`,
    `t32`.`new` AS `N`
  FROM (
    SELECT
      `t31`.`k`,
      `t31`.`period`,
      `t31`.`start`,
      `t31`.`end`,
      `t31`.`start_utc`,
      `t31`.`end_utc`,
      `t31`.`partial`,
      `t31`.`g`,
      COALESCE(`t31`.`new`, 0) AS `new`,
      COALESCE(`t31`.`gained_new`, 0) AS `gained_new`,
      COALESCE(`t31`.`gained_re`, 0) AS `gained_re`,
      COALESCE(`t31`.`lost`, 0) AS `lost`
    FROM (
      SELECT
        `t30`.`k`,
        `t30`.`period`,
        `t30`.`start`,
        `t30`.`end`,
        `t30`.`start_utc`,
        `t30`.`end_utc`,
        `t30`.`partial`,
        `t30`.`g`,
        `t30`.`new`,
        `t30`.`gained_new`,
        `t30`.`gained_re`,
        `t30`.`lost`
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
          `t29`.`cg`,
          `t29`.`ck`,
          `t29`.`new`,
          `t29`.`gained_new`,
          `t29`.`gained_re`,
          `t29`.`lost`
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
            `t27`.`g` AS `cg`,
            `t27`.`k` AS `ck`,
            `t27`.`new`,
            `t27`.`gained_new`,
            `t27`.`gained_re`,
            `t27`.`lost`
          FROM (
            SELECT
              `t26`.`g`,
              `t26`.`k`,
              SUM(`t26`.`new`) AS `new`,
              SUM(`t26`.`gained_new`) AS `gained_new`,
              SUM(`t26`.`gained_re`) AS `gained_re`,
              SUM(`t26`.`lost`) AS `lost`
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    `t18`.`g`,
                    `t18`.`f` AS `k`,
                    1 AS `new`,
                    0 AS `gained_new`,
                    0 AS `gained_re`,
                    0 AS `lost`
                  FROM `t17` AS `t18`
                  WHERE
                    `t18`.`first`
                ) AS `t19`
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    `t22`.`g`,
                    `t22`.`lo` - 1 AS `k`,
                    0 AS `new`,
                    IF(`t22`.`f` = (
                      `t22`.`lo` - 1
                    ), 1, 0) AS `gained_new`,
                    IF(`t22`.`f` = (
                      `t22`.`lo` - 1
                    ), 0, 1) AS `gained_re`,
                    0 AS `lost`
                  FROM `t21` AS `t22`
                  WHERE
                    (
                      `t22`.`before` IS NULL
                    ) OR (
                      `t22`.`before` < (
                        `t22`.`lo` - 1
                      )
                    )
                ) AS `t24`
              ) AS `t25`
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  `t22`.`g`,
                  `t22`.`hi` AS `k`,
                  0 AS `new`,
                  0 AS `gained_new`,
                  0 AS `gained_re`,
                  1 AS `lost`
                FROM `t21` AS `t22`
                WHERE
                  (
                    (
                      `t22`.`after` IS NULL
                    ) OR (
                      `t22`.`after` > (
                        `t22`.`hi` + 1
                      )
                    )
                  )
                  AND `t22`.`hi` < 12
              ) AS `t23`
            ) AS `t26`
            GROUP BY
              1,
              2
          ) AS `t27`
        ) AS `t29`
          ON `t5`.`g` = `t29`.`cg` AND `t5`.`k` = `t29`.`ck`
      ) AS `t30`
    ) AS `t31`
  ) AS `t32`
) AS `t33`
ORDER BY
  `t33`.`g` ASC NULLS LAST,
  `t33`.`k` ASC NULLS LAST
