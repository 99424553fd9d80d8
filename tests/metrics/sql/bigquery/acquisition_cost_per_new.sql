WITH `t26` AS (
  SELECT
    `t25`.`customer_id`,
    `t25`.`island`,
    MIN(`t25`.`s`) AS `s`,
    MAX(`t25`.`e`) AS `e`
  FROM (
    SELECT
      `t24`.`customer_id`,
      `t24`.`s`,
      `t24`.`e`,
      `t24`.`reach`,
      `t24`.`fresh`,
      SUM(`t24`.`fresh`) OVER (
        PARTITION BY `t24`.`customer_id`
        ORDER BY `t24`.`s` ASC, `t24`.`e` ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS `island`
    FROM (
      SELECT
        `t23`.`customer_id`,
        `t23`.`s`,
        `t23`.`e`,
        `t23`.`reach`,
        IF((
          `t23`.`reach` IS NULL
        ) OR (
          `t23`.`s` > `t23`.`reach`
        ), 1, 0) AS `fresh`
      FROM (
        SELECT
          `t22`.`customer_id`,
          `t22`.`s`,
          `t22`.`e`,
          MAX(`t22`.`e`) OVER (
            PARTITION BY `t22`.`customer_id`
            ORDER BY `t22`.`s` ASC, `t22`.`e` ASC
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 preceding
          ) AS `reach`
        FROM (
          SELECT
            *
          FROM (
            SELECT
              CAST(`t18`.`customer_id` AS STRING) AS `customer_id`,
              CAST(`t18`.`ordered_at` AS DATETIME) AS `s`,
              CAST(TIMESTAMP_ADD(IF(`t18`.`is_end`, `t18`.`ordered_at`, `t18`.`after`), INTERVAL '365' DAY) AS DATETIME) AS `e`
            FROM (
              SELECT
                `t16`.`customer_id`,
                `t16`.`ordered_at`,
                `t16`.`n`,
                `t16`.`is_start`,
                `t16`.`is_end`,
                LEAD(`t16`.`ordered_at`) OVER (PARTITION BY `t16`.`customer_id` ORDER BY `t16`.`n` ASC) AS `after`
              FROM (
                SELECT
                  `t13`.`customer_id`,
                  `t13`.`ordered_at`,
                  `t13`.`n`,
                  (
                    `t13`.`prev` IS NULL
                  )
                  OR (
                    `t13`.`ordered_at` > TIMESTAMP_ADD(`t13`.`prev`, INTERVAL '365' DAY)
                  ) AS `is_start`,
                  (
                    `t13`.`nxt` IS NULL
                  )
                  OR (
                    `t13`.`nxt` > TIMESTAMP_ADD(`t13`.`ordered_at`, INTERVAL '365' DAY)
                  ) AS `is_end`
                FROM (
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
                ) AS `t13`
                WHERE
                  (
                    `t13`.`prev` IS NULL
                  )
                  OR (
                    `t13`.`ordered_at` > TIMESTAMP_ADD(`t13`.`prev`, INTERVAL '365' DAY)
                  )
                  OR (
                    (
                      `t13`.`nxt` IS NULL
                    )
                    OR (
                      `t13`.`nxt` > TIMESTAMP_ADD(`t13`.`ordered_at`, INTERVAL '365' DAY)
                    )
                  )
              ) AS `t16`
            ) AS `t18`
            WHERE
              `t18`.`is_start`
          ) AS `t21`
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
        ) AS `t22`
      ) AS `t23`
    ) AS `t24`
  ) AS `t25`
  GROUP BY
    1,
    2
), `t33` AS (
  SELECT
    `t29`.`customer_id`,
    `t29`.`s`,
    `t29`.`e`,
    `t29`.`g`,
    IF(
      `t29`.`s` < DATETIME('2024-06-30T22:00:00'),
      IF(
        `t29`.`s` < DATETIME('2024-03-31T22:00:00'),
        IF(
          `t29`.`s` < DATETIME('2024-01-31T23:00:00'),
          IF(`t29`.`s` < DATETIME('2023-12-31T23:00:00'), -1, 0),
          IF(`t29`.`s` < DATETIME('2024-02-29T23:00:00'), 1, 2)
        ),
        IF(
          `t29`.`s` < DATETIME('2024-05-31T22:00:00'),
          IF(`t29`.`s` < DATETIME('2024-04-30T22:00:00'), 3, 4),
          5
        )
      ),
      IF(
        `t29`.`s` < DATETIME('2024-10-31T23:00:00'),
        IF(
          `t29`.`s` < DATETIME('2024-08-31T22:00:00'),
          IF(`t29`.`s` < DATETIME('2024-07-31T22:00:00'), 6, 7),
          IF(`t29`.`s` < DATETIME('2024-09-30T22:00:00'), 8, 9)
        ),
        IF(
          `t29`.`s` < DATETIME('2024-12-31T23:00:00'),
          IF(`t29`.`s` < DATETIME('2024-11-30T23:00:00'), 10, 11),
          12
        )
      )
    ) + 1 AS `lo`,
    LEAST(
      IF(
        `t29`.`e` < DATETIME('2024-06-30T22:00:00'),
        IF(
          `t29`.`e` < DATETIME('2024-03-31T22:00:00'),
          IF(
            `t29`.`e` < DATETIME('2024-01-31T23:00:00'),
            IF(`t29`.`e` < DATETIME('2023-12-31T23:00:00'), -1, 0),
            IF(`t29`.`e` < DATETIME('2024-02-29T23:00:00'), 1, 2)
          ),
          IF(
            `t29`.`e` < DATETIME('2024-05-31T22:00:00'),
            IF(`t29`.`e` < DATETIME('2024-04-30T22:00:00'), 3, 4),
            5
          )
        ),
        IF(
          `t29`.`e` < DATETIME('2024-10-31T23:00:00'),
          IF(
            `t29`.`e` < DATETIME('2024-08-31T22:00:00'),
            IF(`t29`.`e` < DATETIME('2024-07-31T22:00:00'), 6, 7),
            IF(`t29`.`e` < DATETIME('2024-09-30T22:00:00'), 8, 9)
          ),
          IF(
            `t29`.`e` < DATETIME('2024-12-31T23:00:00'),
            IF(`t29`.`e` < DATETIME('2024-11-30T23:00:00'), 10, 11),
            12
          )
        )
      ),
      12
    ) AS `hi`,
    IF(
      MIN(`t29`.`s`) OVER (
        PARTITION BY `t29`.`customer_id`
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) < DATETIME('2024-06-30T22:00:00'),
      IF(
        MIN(`t29`.`s`) OVER (
          PARTITION BY `t29`.`customer_id`
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < DATETIME('2024-03-31T22:00:00'),
        IF(
          MIN(`t29`.`s`) OVER (
            PARTITION BY `t29`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < DATETIME('2024-01-31T23:00:00'),
          IF(
            MIN(`t29`.`s`) OVER (
              PARTITION BY `t29`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < DATETIME('2023-12-31T23:00:00'),
            -1,
            0
          ),
          IF(
            MIN(`t29`.`s`) OVER (
              PARTITION BY `t29`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < DATETIME('2024-02-29T23:00:00'),
            1,
            2
          )
        ),
        IF(
          MIN(`t29`.`s`) OVER (
            PARTITION BY `t29`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < DATETIME('2024-05-31T22:00:00'),
          IF(
            MIN(`t29`.`s`) OVER (
              PARTITION BY `t29`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < DATETIME('2024-04-30T22:00:00'),
            3,
            4
          ),
          5
        )
      ),
      IF(
        MIN(`t29`.`s`) OVER (
          PARTITION BY `t29`.`customer_id`
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < DATETIME('2024-10-31T23:00:00'),
        IF(
          MIN(`t29`.`s`) OVER (
            PARTITION BY `t29`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < DATETIME('2024-08-31T22:00:00'),
          IF(
            MIN(`t29`.`s`) OVER (
              PARTITION BY `t29`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < DATETIME('2024-07-31T22:00:00'),
            6,
            7
          ),
          IF(
            MIN(`t29`.`s`) OVER (
              PARTITION BY `t29`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < DATETIME('2024-09-30T22:00:00'),
            8,
            9
          )
        ),
        IF(
          MIN(`t29`.`s`) OVER (
            PARTITION BY `t29`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < DATETIME('2024-12-31T23:00:00'),
          IF(
            MIN(`t29`.`s`) OVER (
              PARTITION BY `t29`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < DATETIME('2024-11-30T23:00:00'),
            10,
            11
          ),
          12
        )
      )
    ) AS `f`,
    `t29`.`s` = MIN(`t29`.`s`) OVER (
      PARTITION BY `t29`.`customer_id`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `first`
  FROM (
    SELECT
      `t27`.`customer_id`,
      `t27`.`s`,
      `t27`.`e`,
      '' AS `g`
    FROM `t26` AS `t27`
  ) AS `t29`
), `t38` AS (
  SELECT
    `t36`.`customer_id`,
    `t36`.`s`,
    `t36`.`e`,
    `t36`.`g`,
    `t36`.`lo`,
    `t36`.`hi`,
    `t36`.`f`,
    `t36`.`first`,
    LAG(`t36`.`hi`) OVER (PARTITION BY `t36`.`customer_id` ORDER BY `t36`.`lo` ASC) AS `before`,
    LEAD(`t36`.`lo`) OVER (PARTITION BY `t36`.`customer_id` ORDER BY `t36`.`lo` ASC) AS `after`
  FROM (
    SELECT
      *
    FROM `t33` AS `t34`
    WHERE
      `t34`.`lo` <= `t34`.`hi`
  ) AS `t36`
)
SELECT
  `t61`.`g`,
  `t61`.`k`,
  `t61`.`period`,
  IF(
    (
      CAST(`t61`.`N` AS FLOAT64) IS NULL
    ) OR (
      CAST(`t61`.`N` AS FLOAT64) = 0
    ),
    CAST(NULL AS FLOAT64),
    ieee_divide(
      IF(`t61`.`cost_acquisition` > 0, `t61`.`cost_acquisition`, `t61`.`cac_recorded`),
      CAST(`t61`.`N` AS FLOAT64)
    ) * 1.0
  ) AS `acquisition_cost_per_new`
FROM (
  SELECT
    `t60`.`k`,
    `t60`.`period`,
    `t60`.`start`,
    `t60`.`end`,
    `t60`.`start_utc`,
    `t60`.`end_utc`,
    `t60`.`partial`,
    `t60`.`g`,
    `t60`.`new`,
    `t60`.`gained_new`,
    `t60`.`gained_re`,
    `t60`.`lost`,
    `t60`.`cost_acquisition`,
    `t60`.`cost_retention`,
    `t60`.`cost_mixed`,
    `t60`.`cac_recorded`,
    SUM((
      `t60`.`gained_new` + `t60`.`gained_re`
    ) - `t60`.`lost`) OVER (
      PARTITION BY `t60`.`g`
      ORDER BY `t60`.`k` ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS `E`,
    `t60`.`new` AS `N`
  FROM (
    SELECT
      `t59`.`k`,
      `t59`.`period`,
      `t59`.`start`,
      `t59`.`end`,
      `t59`.`start_utc`,
      `t59`.`end_utc`,
      `t59`.`partial`,
      `t59`.`g`,
      `t59`.`new`,
      `t59`.`gained_new`,
      `t59`.`gained_re`,
      `t59`.`lost`,
      `t59`.`cost_acquisition`,
      `t59`.`cost_retention`,
      `t59`.`cost_mixed`,
      COALESCE(`t59`.`cac_recorded`, 0) AS `cac_recorded`
    FROM (
      SELECT
        `t58`.*
        EXCEPT (`cg`, `ck`)
      FROM (
        SELECT
          `t57`.`k`,
          `t57`.`period`,
          `t57`.`start`,
          `t57`.`end`,
          `t57`.`start_utc`,
          `t57`.`end_utc`,
          `t57`.`partial`,
          `t57`.`g`,
          `t57`.`new`,
          `t57`.`gained_new`,
          `t57`.`gained_re`,
          `t57`.`lost`,
          `t57`.`cost_acquisition`,
          `t57`.`cost_retention`,
          `t57`.`cost_mixed`,
          `t42`.`cg`,
          `t42`.`ck`,
          `t42`.`cac_recorded`
        FROM (
          SELECT
            `t55`.`k`,
            `t55`.`period`,
            `t55`.`start`,
            `t55`.`end`,
            `t55`.`start_utc`,
            `t55`.`end_utc`,
            `t55`.`partial`,
            `t55`.`g`,
            `t55`.`new`,
            `t55`.`gained_new`,
            `t55`.`gained_re`,
            `t55`.`lost`,
            COALESCE(`t55`.`cost_acquisition`, 0) AS `cost_acquisition`,
            COALESCE(`t55`.`cost_retention`, 0) AS `cost_retention`,
            COALESCE(`t55`.`cost_mixed`, 0) AS `cost_mixed`
          FROM (
            SELECT
              `t54`.*
              EXCEPT (`cg`, `ck`)
            FROM (
              SELECT
                `t53`.`k`,
                `t53`.`period`,
                `t53`.`start`,
                `t53`.`end`,
                `t53`.`start_utc`,
                `t53`.`end_utc`,
                `t53`.`partial`,
                `t53`.`g`,
                `t53`.`new`,
                `t53`.`gained_new`,
                `t53`.`gained_re`,
                `t53`.`lost`,
                `t20`.`cg`,
                `t20`.`ck`,
                `t20`.`cost_acquisition`,
                `t20`.`cost_retention`,
                `t20`.`cost_mixed`
              FROM (
                SELECT
                  `t51`.`k`,
                  `t51`.`period`,
                  `t51`.`start`,
                  `t51`.`end`,
                  `t51`.`start_utc`,
                  `t51`.`end_utc`,
                  `t51`.`partial`,
                  `t51`.`g`,
                  COALESCE(`t51`.`new`, 0) AS `new`,
                  COALESCE(`t51`.`gained_new`, 0) AS `gained_new`,
                  COALESCE(`t51`.`gained_re`, 0) AS `gained_re`,
                  COALESCE(`t51`.`lost`, 0) AS `lost`
                FROM (
                  SELECT
                    `t50`.*
                    EXCEPT (`cg`, `ck`)
                  FROM (
                    SELECT
                      `t9`.`k`,
                      `t9`.`period`,
                      `t9`.`start`,
                      `t9`.`end`,
                      `t9`.`start_utc`,
                      `t9`.`end_utc`,
                      `t9`.`partial`,
                      `t9`.`g`,
                      `t49`.`cg`,
                      `t49`.`ck`,
                      `t49`.`new`,
                      `t49`.`gained_new`,
                      `t49`.`gained_re`,
                      `t49`.`lost`
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
                    ) AS `t9`
                    LEFT OUTER JOIN (
                      SELECT
                        `t47`.`g` AS `cg`,
                        `t47`.`k` AS `ck`,
                        `t47`.`new`,
                        `t47`.`gained_new`,
                        `t47`.`gained_re`,
                        `t47`.`lost`
                      FROM (
                        SELECT
                          `t46`.`g`,
                          `t46`.`k`,
                          SUM(`t46`.`new`) AS `new`,
                          SUM(`t46`.`gained_new`) AS `gained_new`,
                          SUM(`t46`.`gained_re`) AS `gained_re`,
                          SUM(`t46`.`lost`) AS `lost`
                        FROM (
                          SELECT
                            *
                          FROM (
                            SELECT
                              *
                            FROM (
                              SELECT
                                `t34`.`g`,
                                `t34`.`f` AS `k`,
                                1 AS `new`,
                                0 AS `gained_new`,
                                0 AS `gained_re`,
                                0 AS `lost`
                              FROM `t33` AS `t34`
                              WHERE
                                `t34`.`first`
                            ) AS `t35`
                            UNION ALL
                            SELECT
                              *
                            FROM (
                              SELECT
                                `t39`.`g`,
                                `t39`.`lo` - 1 AS `k`,
                                0 AS `new`,
                                IF(`t39`.`f` = (
                                  `t39`.`lo` - 1
                                ), 1, 0) AS `gained_new`,
                                IF(`t39`.`f` = (
                                  `t39`.`lo` - 1
                                ), 0, 1) AS `gained_re`,
                                0 AS `lost`
                              FROM `t38` AS `t39`
                              WHERE
                                (
                                  `t39`.`before` IS NULL
                                ) OR (
                                  `t39`.`before` < (
                                    `t39`.`lo` - 1
                                  )
                                )
                            ) AS `t44`
                          ) AS `t45`
                          UNION ALL
                          SELECT
                            *
                          FROM (
                            SELECT
                              `t39`.`g`,
                              `t39`.`hi` AS `k`,
                              0 AS `new`,
                              0 AS `gained_new`,
                              0 AS `gained_re`,
                              1 AS `lost`
                            FROM `t38` AS `t39`
                            WHERE
                              (
                                (
                                  `t39`.`after` IS NULL
                                ) OR (
                                  `t39`.`after` > (
                                    `t39`.`hi` + 1
                                  )
                                )
                              )
                              AND `t39`.`hi` < 12
                          ) AS `t43`
                        ) AS `t46`
                        GROUP BY
                          1,
                          2
                      ) AS `t47`
                    ) AS `t49`
                      ON `t9`.`g` = `t49`.`cg` AND `t9`.`k` = `t49`.`ck`
                  ) AS `t50`
                ) AS `t51`
              ) AS `t53`
              LEFT OUTER JOIN (
                SELECT
                  `t17`.`g` AS `cg`,
                  `t17`.`k` AS `ck`,
                  `t17`.`cost_acquisition`,
                  `t17`.`cost_retention`,
                  `t17`.`cost_mixed`
                FROM (
                  SELECT
                    `t15`.`g`,
                    `t15`.`k`,
                    SUM(IF(`t15`.`purpose` = 'acquisition', `t15`.`share`, 0.0)) AS `cost_acquisition`,
                    SUM(IF(`t15`.`purpose` = 'retention', `t15`.`share`, 0.0)) AS `cost_retention`,
                    SUM(IF(`t15`.`purpose` = 'mixed', `t15`.`share`, 0.0)) AS `cost_mixed`
                  FROM (
                    SELECT
                      *
                    FROM (
                      SELECT
                        '' AS `g`,
                        `t5`.`k`,
                        `t6`.`purpose`,
                        ieee_divide(
                          CAST(`t6`.`amount` AS FLOAT64) * CAST(DATE_DIFF(
                            LEAST(DATE_ADD(`t6`.`period_end`, INTERVAL '1' DAY), `t5`.`end`),
                            GREATEST(`t6`.`period_start`, `t5`.`start`),
                            DAY
                          ) AS FLOAT64),
                          CAST(DATE_DIFF(DATE_ADD(`t6`.`period_end`, INTERVAL '1' DAY), `t6`.`period_start`, DAY) AS FLOAT64)
                        ) AS `share`
                      FROM `costs` AS `t6`
                      INNER JOIN `periods` AS `t5`
                        ON `t6`.`period_start` < `t5`.`end` AND `t6`.`period_end` >= `t5`.`start`
                    ) AS `t14`
                    WHERE
                      `t14`.`g` IS NOT NULL
                  ) AS `t15`
                  GROUP BY
                    1,
                    2
                ) AS `t17`
              ) AS `t20`
                ON `t53`.`g` = `t20`.`cg` AND `t53`.`k` = `t20`.`ck`
            ) AS `t54`
          ) AS `t55`
        ) AS `t57`
        LEFT OUTER JOIN (
          SELECT
            `t40`.`g` AS `cg`,
            `t40`.`k` AS `ck`,
            `t40`.`cac_recorded`
          FROM (
            SELECT
              `t37`.`g`,
              `t37`.`k`,
              SUM(CAST(`t37`.`acquisition_cost` AS FLOAT64)) AS `cac_recorded`
            FROM (
              SELECT
                `t32`.`customer_id`,
                `t32`.`fs`,
                `t32`.`acquisition_cost`,
                '' AS `g`,
                IF(
                  `t32`.`fs` < DATETIME('2024-06-30T22:00:00'),
                  IF(
                    `t32`.`fs` < DATETIME('2024-03-31T22:00:00'),
                    IF(
                      `t32`.`fs` < DATETIME('2024-01-31T23:00:00'),
                      IF(`t32`.`fs` < DATETIME('2023-12-31T23:00:00'), -1, 0),
                      IF(`t32`.`fs` < DATETIME('2024-02-29T23:00:00'), 1, 2)
                    ),
                    IF(
                      `t32`.`fs` < DATETIME('2024-05-31T22:00:00'),
                      IF(`t32`.`fs` < DATETIME('2024-04-30T22:00:00'), 3, 4),
                      5
                    )
                  ),
                  IF(
                    `t32`.`fs` < DATETIME('2024-10-31T23:00:00'),
                    IF(
                      `t32`.`fs` < DATETIME('2024-08-31T22:00:00'),
                      IF(`t32`.`fs` < DATETIME('2024-07-31T22:00:00'), 6, 7),
                      IF(`t32`.`fs` < DATETIME('2024-09-30T22:00:00'), 8, 9)
                    ),
                    IF(
                      `t32`.`fs` < DATETIME('2024-12-31T23:00:00'),
                      IF(`t32`.`fs` < DATETIME('2024-11-30T23:00:00'), 10, 11),
                      12
                    )
                  )
                ) AS `k`
              FROM (
                SELECT
                  `t31`.`customer_id`,
                  MIN(`t31`.`s`) AS `fs`,
                  MAX(`t31`.`acquisition_cost`) AS `acquisition_cost`
                FROM (
                  SELECT
                    `t30`.`customer_id`,
                    `t30`.`s`,
                    `t30`.`e`,
                    `t12`.`acquisition_cost`
                  FROM (
                    SELECT
                      `t27`.`customer_id`,
                      `t27`.`s`,
                      `t27`.`e`
                    FROM `t26` AS `t27`
                  ) AS `t30`
                  INNER JOIN (
                    SELECT
                      `t1`.`customer_id`,
                      `t1`.`acquisition_cost`
                    FROM `customers` AS `t1`
                    WHERE
                      `t1`.`acquisition_cost` IS NOT NULL
                  ) AS `t12`
                    ON `t30`.`customer_id` = `t12`.`customer_id`
                ) AS `t31`
                GROUP BY
                  1
              ) AS `t32`
            ) AS `t37`
            GROUP BY
              1,
              2
          ) AS `t40`
        ) AS `t42`
          ON `t57`.`g` = `t42`.`cg` AND `t57`.`k` = `t42`.`ck`
      ) AS `t58`
    ) AS `t59`
  ) AS `t60`
) AS `t61`
ORDER BY
  `t61`.`g` ASC NULLS LAST,
  `t61`.`k` ASC NULLS LAST
