WITH `t25` AS (
  SELECT
    `t24`.`customer_id`,
    `t24`.`s`,
    `t24`.`e`,
    `t24`.`g`,
    IF(
      `t24`.`s` < CAST('2024-06-30T22:00:00' AS TIMESTAMP),
      IF(
        `t24`.`s` < CAST('2024-03-31T22:00:00' AS TIMESTAMP),
        IF(
          `t24`.`s` < CAST('2024-01-31T23:00:00' AS TIMESTAMP),
          IF(`t24`.`s` < CAST('2023-12-31T23:00:00' AS TIMESTAMP), -1, 0),
          IF(`t24`.`s` < CAST('2024-02-29T23:00:00' AS TIMESTAMP), 1, 2)
        ),
        IF(
          `t24`.`s` < CAST('2024-05-31T22:00:00' AS TIMESTAMP),
          IF(`t24`.`s` < CAST('2024-04-30T22:00:00' AS TIMESTAMP), 3, 4),
          5
        )
      ),
      IF(
        `t24`.`s` < CAST('2024-10-31T23:00:00' AS TIMESTAMP),
        IF(
          `t24`.`s` < CAST('2024-08-31T22:00:00' AS TIMESTAMP),
          IF(`t24`.`s` < CAST('2024-07-31T22:00:00' AS TIMESTAMP), 6, 7),
          IF(`t24`.`s` < CAST('2024-09-30T22:00:00' AS TIMESTAMP), 8, 9)
        ),
        IF(
          `t24`.`s` < CAST('2024-12-31T23:00:00' AS TIMESTAMP),
          IF(`t24`.`s` < CAST('2024-11-30T23:00:00' AS TIMESTAMP), 10, 11),
          12
        )
      )
    ) + 1 AS `lo`,
    LEAST(
      IF(
        `t24`.`e` < CAST('2024-06-30T22:00:00' AS TIMESTAMP),
        IF(
          `t24`.`e` < CAST('2024-03-31T22:00:00' AS TIMESTAMP),
          IF(
            `t24`.`e` < CAST('2024-01-31T23:00:00' AS TIMESTAMP),
            IF(`t24`.`e` < CAST('2023-12-31T23:00:00' AS TIMESTAMP), -1, 0),
            IF(`t24`.`e` < CAST('2024-02-29T23:00:00' AS TIMESTAMP), 1, 2)
          ),
          IF(
            `t24`.`e` < CAST('2024-05-31T22:00:00' AS TIMESTAMP),
            IF(`t24`.`e` < CAST('2024-04-30T22:00:00' AS TIMESTAMP), 3, 4),
            5
          )
        ),
        IF(
          `t24`.`e` < CAST('2024-10-31T23:00:00' AS TIMESTAMP),
          IF(
            `t24`.`e` < CAST('2024-08-31T22:00:00' AS TIMESTAMP),
            IF(`t24`.`e` < CAST('2024-07-31T22:00:00' AS TIMESTAMP), 6, 7),
            IF(`t24`.`e` < CAST('2024-09-30T22:00:00' AS TIMESTAMP), 8, 9)
          ),
          IF(
            `t24`.`e` < CAST('2024-12-31T23:00:00' AS TIMESTAMP),
            IF(`t24`.`e` < CAST('2024-11-30T23:00:00' AS TIMESTAMP), 10, 11),
            12
          )
        )
      ),
      12
    ) AS `hi`,
    IF(
      MIN(`t24`.`s`) OVER (
        PARTITION BY `t24`.`customer_id`
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) < CAST('2024-06-30T22:00:00' AS TIMESTAMP),
      IF(
        MIN(`t24`.`s`) OVER (
          PARTITION BY `t24`.`customer_id`
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < CAST('2024-03-31T22:00:00' AS TIMESTAMP),
        IF(
          MIN(`t24`.`s`) OVER (
            PARTITION BY `t24`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < CAST('2024-01-31T23:00:00' AS TIMESTAMP),
          IF(
            MIN(`t24`.`s`) OVER (
              PARTITION BY `t24`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < CAST('2023-12-31T23:00:00' AS TIMESTAMP),
            -1,
            0
          ),
          IF(
            MIN(`t24`.`s`) OVER (
              PARTITION BY `t24`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < CAST('2024-02-29T23:00:00' AS TIMESTAMP),
            1,
            2
          )
        ),
        IF(
          MIN(`t24`.`s`) OVER (
            PARTITION BY `t24`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < CAST('2024-05-31T22:00:00' AS TIMESTAMP),
          IF(
            MIN(`t24`.`s`) OVER (
              PARTITION BY `t24`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < CAST('2024-04-30T22:00:00' AS TIMESTAMP),
            3,
            4
          ),
          5
        )
      ),
      IF(
        MIN(`t24`.`s`) OVER (
          PARTITION BY `t24`.`customer_id`
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < CAST('2024-10-31T23:00:00' AS TIMESTAMP),
        IF(
          MIN(`t24`.`s`) OVER (
            PARTITION BY `t24`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < CAST('2024-08-31T22:00:00' AS TIMESTAMP),
          IF(
            MIN(`t24`.`s`) OVER (
              PARTITION BY `t24`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < CAST('2024-07-31T22:00:00' AS TIMESTAMP),
            6,
            7
          ),
          IF(
            MIN(`t24`.`s`) OVER (
              PARTITION BY `t24`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < CAST('2024-09-30T22:00:00' AS TIMESTAMP),
            8,
            9
          )
        ),
        IF(
          MIN(`t24`.`s`) OVER (
            PARTITION BY `t24`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < CAST('2024-12-31T23:00:00' AS TIMESTAMP),
          IF(
            MIN(`t24`.`s`) OVER (
              PARTITION BY `t24`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < CAST('2024-11-30T23:00:00' AS TIMESTAMP),
            10,
            11
          ),
          12
        )
      )
    ) AS `f`,
    `t24`.`s` = MIN(`t24`.`s`) OVER (
      PARTITION BY `t24`.`customer_id`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `first`
  FROM (
    SELECT
      `t23`.`customer_id`,
      `t23`.`s`,
      `t23`.`e`,
      '' AS `g`
    FROM (
      SELECT
        `t22`.`customer_id`,
        `t22`.`island`,
        MIN(`t22`.`s`) AS `s`,
        MAX(`t22`.`e`) AS `e`
      FROM (
        SELECT
          `t21`.`customer_id`,
          `t21`.`s`,
          `t21`.`e`,
          `t21`.`reach`,
          `t21`.`fresh`,
          SUM(`t21`.`fresh`) OVER (
            PARTITION BY `t21`.`customer_id`
            ORDER BY `t21`.`s` ASC NULLS LAST, `t21`.`e` ASC NULLS LAST
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
          ) AS `island`
        FROM (
          SELECT
            `t20`.`customer_id`,
            `t20`.`s`,
            `t20`.`e`,
            `t20`.`reach`,
            IF((
              `t20`.`reach` IS NULL
            ) OR (
              `t20`.`s` > `t20`.`reach`
            ), 1, 0) AS `fresh`
          FROM (
            SELECT
              `t19`.`customer_id`,
              `t19`.`s`,
              `t19`.`e`,
              MAX(`t19`.`e`) OVER (
                PARTITION BY `t19`.`customer_id`
                ORDER BY `t19`.`s` ASC NULLS LAST, `t19`.`e` ASC NULLS LAST
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
              ) AS `reach`
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  CAST(`t15`.`customer_id` AS STRING) AS `customer_id`,
                  CAST(`t15`.`ordered_at` AS TIMESTAMP) AS `s`,
                  CAST(IF(`t15`.`is_end`, `t15`.`ordered_at`, `t15`.`after`) + INTERVAL '365' DAY AS TIMESTAMP) AS `e`
                FROM (
                  SELECT
                    `t13`.`customer_id`,
                    `t13`.`ordered_at`,
                    `t13`.`n`,
                    `t13`.`is_start`,
                    `t13`.`is_end`,
                    LEAD(`t13`.`ordered_at`) OVER (PARTITION BY `t13`.`customer_id` ORDER BY `t13`.`n` ASC NULLS LAST) AS `after`
                  FROM (
                    SELECT
                      `t10`.`customer_id`,
                      `t10`.`ordered_at`,
                      `t10`.`n`,
                      (
                        `t10`.`prev` IS NULL
                      )
                      OR (
                        `t10`.`ordered_at` > (
                          `t10`.`prev` + INTERVAL '365' DAY
                        )
                      ) AS `is_start`,
                      (
                        `t10`.`nxt` IS NULL
                      )
                      OR (
                        `t10`.`nxt` > (
                          `t10`.`ordered_at` + INTERVAL '365' DAY
                        )
                      ) AS `is_end`
                    FROM (
                      SELECT
                        `t7`.`order_id`,
                        `t7`.`customer_id`,
                        `t7`.`ordered_at`,
                        `t7`.`revenue`,
                        `t7`.`items`,
                        `t7`.`channel`,
                        LAG(`t7`.`ordered_at`) OVER (PARTITION BY `t7`.`customer_id` ORDER BY `t7`.`ordered_at` ASC NULLS LAST) AS `prev`,
                        LEAD(`t7`.`ordered_at`) OVER (PARTITION BY `t7`.`customer_id` ORDER BY `t7`.`ordered_at` ASC NULLS LAST) AS `nxt`,
                        ROW_NUMBER() OVER (PARTITION BY `t7`.`customer_id` ORDER BY `t7`.`ordered_at` ASC NULLS LAST) - 1 AS `n`,
                        MIN(`t7`.`ordered_at`) OVER (
                          PARTITION BY `t7`.`customer_id`
                          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                        ) AS `first`
                      FROM (
                        SELECT
                          `t3`.`order_id`,
                          `t3`.`customer_id`,
                          `t3`.`ordered_at`,
                          `t3`.`revenue`,
                          `t3`.`items`,
                          `t3`.`channel`
                        FROM `orders` AS `t3`
                      ) AS `t7`
                    ) AS `t10`
                    WHERE
                      (
                        `t10`.`prev` IS NULL
                      )
                      OR (
                        `t10`.`ordered_at` > (
                          `t10`.`prev` + INTERVAL '365' DAY
                        )
                      )
                      OR (
                        (
                          `t10`.`nxt` IS NULL
                        )
                        OR (
                          `t10`.`nxt` > (
                            `t10`.`ordered_at` + INTERVAL '365' DAY
                          )
                        )
                      )
                  ) AS `t13`
                ) AS `t15`
                WHERE
                  `t15`.`is_start`
              ) AS `t18`
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  CAST(`t2`.`customer_id` AS STRING) AS `customer_id`,
                  CAST(`t2`.`started_at` AS TIMESTAMP) AS `s`,
                  COALESCE(`t2`.`ended_at`, CAST('2200-01-01T00:00:00' AS TIMESTAMP)) AS `e`
                FROM `subscriptions` AS `t2`
              ) AS `t9`
            ) AS `t19`
          ) AS `t20`
        ) AS `t21`
      ) AS `t22`
      GROUP BY
        1,
        2
    ) AS `t23`
  ) AS `t24`
), `t29` AS (
  SELECT
    `t28`.`customer_id`,
    `t28`.`s`,
    `t28`.`e`,
    `t28`.`g`,
    `t28`.`lo`,
    `t28`.`hi`,
    `t28`.`f`,
    `t28`.`first`,
    LAG(`t28`.`hi`) OVER (PARTITION BY `t28`.`customer_id` ORDER BY `t28`.`lo` ASC NULLS LAST) AS `before`,
    LEAD(`t28`.`lo`) OVER (PARTITION BY `t28`.`customer_id` ORDER BY `t28`.`lo` ASC NULLS LAST) AS `after`
  FROM (
    SELECT
      *
    FROM `t25` AS `t26`
    WHERE
      `t26`.`lo` <= `t26`.`hi`
  ) AS `t28`
)
SELECT
  `t45`.`g`,
  `t45`.`k`,
  `t45`.`period`,
  IF(
    CAST((
      (
        (
          (
            `t45`.`E` - `t45`.`gained_new`
          ) - `t45`.`gained_re`
        ) + `t45`.`lost`
      ) - `t45`.`lost`
    ) + `t45`.`gained_re` AS DOUBLE) IS NULL
    OR ISNAN(
      CAST((
        (
          (
            (
              `t45`.`E` - `t45`.`gained_new`
            ) - `t45`.`gained_re`
          ) + `t45`.`lost`
        ) - `t45`.`lost`
      ) + `t45`.`gained_re` AS DOUBLE)
    )
    OR (
      CAST((
        (
          (
            (
              `t45`.`E` - `t45`.`gained_new`
            ) - `t45`.`gained_re`
          ) + `t45`.`lost`
        ) - `t45`.`lost`
      ) + `t45`.`gained_re` AS DOUBLE) = 0
    ),
    CAST(NULL AS DOUBLE),
    (
      `t45`.`cost_retention` / CAST((
        (
          (
            (
              `t45`.`E` - `t45`.`gained_new`
            ) - `t45`.`gained_re`
          ) + `t45`.`lost`
        ) - `t45`.`lost`
      ) + `t45`.`gained_re` AS DOUBLE)
    ) * 1.0
  ) AS `retention_cost_per_kept`
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
    `t44`.`lost`,
    `t44`.`cost_acquisition`,
    `t44`.`cost_retention`,
    `t44`.`cost_mixed`,
    SUM((
      `t44`.`gained_new` + `t44`.`gained_re`
    ) - `t44`.`lost`) OVER (
      PARTITION BY `t44`.`g`
      ORDER BY `t44`.`k` ASC NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS `E`,
    `t44`.`new` AS `N`,
    0.0 AS `cac_recorded`
  FROM (
    SELECT
      `t43`.`k`,
      `t43`.`period`,
      `t43`.`start`,
      `t43`.`end`,
      `t43`.`start_utc`,
      `t43`.`end_utc`,
      `t43`.`partial`,
      `t43`.`g`,
      `t43`.`new`,
      `t43`.`gained_new`,
      `t43`.`gained_re`,
      `t43`.`lost`,
      COALESCE(`t43`.`cost_acquisition`, 0) AS `cost_acquisition`,
      COALESCE(`t43`.`cost_retention`, 0) AS `cost_retention`,
      COALESCE(`t43`.`cost_mixed`, 0) AS `cost_mixed`
    FROM (
      SELECT
        `t42`.`k`,
        `t42`.`period`,
        `t42`.`start`,
        `t42`.`end`,
        `t42`.`start_utc`,
        `t42`.`end_utc`,
        `t42`.`partial`,
        `t42`.`g`,
        `t42`.`new`,
        `t42`.`gained_new`,
        `t42`.`gained_re`,
        `t42`.`lost`,
        `t42`.`cost_acquisition`,
        `t42`.`cost_retention`,
        `t42`.`cost_mixed`
      FROM (
        SELECT
          `t41`.`k`,
          `t41`.`period`,
          `t41`.`start`,
          `t41`.`end`,
          `t41`.`start_utc`,
          `t41`.`end_utc`,
          `t41`.`partial`,
          `t41`.`g`,
          `t41`.`new`,
          `t41`.`gained_new`,
          `t41`.`gained_re`,
          `t41`.`lost`,
          `t17`.`cg`,
          `t17`.`ck`,
          `t17`.`cost_acquisition`,
          `t17`.`cost_retention`,
          `t17`.`cost_mixed`
        FROM (
          SELECT
            `t39`.`k`,
            `t39`.`period`,
            `t39`.`start`,
            `t39`.`end`,
            `t39`.`start_utc`,
            `t39`.`end_utc`,
            `t39`.`partial`,
            `t39`.`g`,
            COALESCE(`t39`.`new`, 0) AS `new`,
            COALESCE(`t39`.`gained_new`, 0) AS `gained_new`,
            COALESCE(`t39`.`gained_re`, 0) AS `gained_re`,
            COALESCE(`t39`.`lost`, 0) AS `lost`
          FROM (
            SELECT
              `t38`.`k`,
              `t38`.`period`,
              `t38`.`start`,
              `t38`.`end`,
              `t38`.`start_utc`,
              `t38`.`end_utc`,
              `t38`.`partial`,
              `t38`.`g`,
              `t38`.`new`,
              `t38`.`gained_new`,
              `t38`.`gained_re`,
              `t38`.`lost`
            FROM (
              SELECT
                `t8`.`k`,
                `t8`.`period`,
                `t8`.`start`,
                `t8`.`end`,
                `t8`.`start_utc`,
                `t8`.`end_utc`,
                `t8`.`partial`,
                `t8`.`g`,
                `t37`.`cg`,
                `t37`.`ck`,
                `t37`.`new`,
                `t37`.`gained_new`,
                `t37`.`gained_re`,
                `t37`.`lost`
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
              ) AS `t8`
              LEFT OUTER JOIN (
                SELECT
                  `t35`.`g` AS `cg`,
                  `t35`.`k` AS `ck`,
                  `t35`.`new`,
                  `t35`.`gained_new`,
                  `t35`.`gained_re`,
                  `t35`.`lost`
                FROM (
                  SELECT
                    `t34`.`g`,
                    `t34`.`k`,
                    SUM(`t34`.`new`) AS `new`,
                    SUM(`t34`.`gained_new`) AS `gained_new`,
                    SUM(`t34`.`gained_re`) AS `gained_re`,
                    SUM(`t34`.`lost`) AS `lost`
                  FROM (
                    SELECT
                      *
                    FROM (
                      SELECT
                        *
                      FROM (
                        SELECT
                          `t26`.`g`,
                          `t26`.`f` AS `k`,
                          1 AS `new`,
                          0 AS `gained_new`,
                          0 AS `gained_re`,
                          0 AS `lost`
                        FROM `t25` AS `t26`
                        WHERE
                          `t26`.`first`
                      ) AS `t27`
                      UNION ALL
                      SELECT
                        *
                      FROM (
                        SELECT
                          `t30`.`g`,
                          `t30`.`lo` - 1 AS `k`,
                          0 AS `new`,
                          IF(`t30`.`f` = (
                            `t30`.`lo` - 1
                          ), 1, 0) AS `gained_new`,
                          IF(`t30`.`f` = (
                            `t30`.`lo` - 1
                          ), 0, 1) AS `gained_re`,
                          0 AS `lost`
                        FROM `t29` AS `t30`
                        WHERE
                          (
                            `t30`.`before` IS NULL
                          ) OR (
                            `t30`.`before` < (
                              `t30`.`lo` - 1
                            )
                          )
                      ) AS `t32`
                    ) AS `t33`
                    UNION ALL
                    SELECT
                      *
                    FROM (
                      SELECT
                        `t30`.`g`,
                        `t30`.`hi` AS `k`,
                        0 AS `new`,
                        0 AS `gained_new`,
                        0 AS `gained_re`,
                        1 AS `lost`
                      FROM `t29` AS `t30`
                      WHERE
                        (
                          (
                            `t30`.`after` IS NULL
                          ) OR (
                            `t30`.`after` > (
                              `t30`.`hi` + 1
                            )
                          )
                        )
                        AND `t30`.`hi` < 12
                    ) AS `t31`
                  ) AS `t34`
                  GROUP BY
                    1,
                    2
                ) AS `t35`
              ) AS `t37`
                ON `t8`.`g` = `t37`.`cg` AND `t8`.`k` = `t37`.`ck`
            ) AS `t38`
          ) AS `t39`
        ) AS `t41`
        LEFT OUTER JOIN (
          SELECT
            `t14`.`g` AS `cg`,
            `t14`.`k` AS `ck`,
            `t14`.`cost_acquisition`,
            `t14`.`cost_retention`,
            `t14`.`cost_mixed`
          FROM (
            SELECT
              `t12`.`g`,
              `t12`.`k`,
              SUM(IF(`t12`.`purpose` = 'acquisition', `t12`.`share`, 0.0)) AS `cost_acquisition`,
              SUM(IF(`t12`.`purpose` = 'retention', `t12`.`share`, 0.0)) AS `cost_retention`,
              SUM(IF(`t12`.`purpose` = 'mixed', `t12`.`share`, 0.0)) AS `cost_mixed`
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  '' AS `g`,
                  `t4`.`k`,
                  `t5`.`purpose`,
                  (
                    CAST(`t5`.`amount` AS DOUBLE) * CAST(DATEDIFF(
                      DAY,
                      GREATEST(`t5`.`period_start`, `t4`.`start`),
                      LEAST(`t5`.`period_end` + INTERVAL '1' DAY, `t4`.`end`)
                    ) AS DOUBLE)
                  ) / CAST(DATEDIFF(DAY, `t5`.`period_start`, `t5`.`period_end` + INTERVAL '1' DAY) AS DOUBLE) AS `share`
                FROM `costs` AS `t5`
                INNER JOIN `periods` AS `t4`
                  ON `t5`.`period_start` < `t4`.`end` AND `t5`.`period_end` >= `t4`.`start`
              ) AS `t11`
              WHERE
                `t11`.`g` IS NOT NULL
            ) AS `t12`
            GROUP BY
              1,
              2
          ) AS `t14`
        ) AS `t17`
          ON `t41`.`g` = `t17`.`cg` AND `t41`.`k` = `t17`.`ck`
      ) AS `t42`
    ) AS `t43`
  ) AS `t44`
) AS `t45`
ORDER BY
  `t45`.`g` ASC NULLS LAST,
  `t45`.`k` ASC NULLS LAST
