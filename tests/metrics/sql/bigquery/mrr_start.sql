WITH `t14` AS (
  SELECT
    `t13`.`customer_id`,
    `t13`.`g`,
    `t13`.`j`,
    SUM(`t13`.`mrr`) AS `m`
  FROM (
    SELECT
      `t11`.`subscription_id`,
      `t11`.`customer_id`,
      `t11`.`plan`,
      `t11`.`started_at`,
      `t11`.`ended_at`,
      `t11`.`mrr`,
      `t11`.`g`,
      `t11`.`lo`,
      `t11`.`hi`,
      `t4`.`j`
    FROM (
      SELECT
        `t1`.`subscription_id`,
        `t1`.`customer_id`,
        `t1`.`plan`,
        `t1`.`started_at`,
        `t1`.`ended_at`,
        `t1`.`mrr`,
        '' AS `g`,
        IF(
          `t1`.`started_at` < DATETIME('2024-06-30T22:00:00'),
          IF(
            `t1`.`started_at` < DATETIME('2024-03-31T22:00:00'),
            IF(
              `t1`.`started_at` < DATETIME('2024-01-31T23:00:00'),
              IF(`t1`.`started_at` < DATETIME('2023-12-31T23:00:00'), -1, 0),
              IF(`t1`.`started_at` < DATETIME('2024-02-29T23:00:00'), 1, 2)
            ),
            IF(
              `t1`.`started_at` < DATETIME('2024-05-31T22:00:00'),
              IF(`t1`.`started_at` < DATETIME('2024-04-30T22:00:00'), 3, 4),
              5
            )
          ),
          IF(
            `t1`.`started_at` < DATETIME('2024-10-31T23:00:00'),
            IF(
              `t1`.`started_at` < DATETIME('2024-08-31T22:00:00'),
              IF(`t1`.`started_at` < DATETIME('2024-07-31T22:00:00'), 6, 7),
              IF(`t1`.`started_at` < DATETIME('2024-09-30T22:00:00'), 8, 9)
            ),
            IF(
              `t1`.`started_at` < DATETIME('2024-12-31T23:00:00'),
              IF(`t1`.`started_at` < DATETIME('2024-11-30T23:00:00'), 10, 11),
              12
            )
          )
        ) + 1 AS `lo`,
        LEAST(
          IF(
            COALESCE(`t1`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2024-06-30T22:00:00'),
            IF(
              COALESCE(`t1`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2024-03-31T22:00:00'),
              IF(
                COALESCE(`t1`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2024-01-31T23:00:00'),
                IF(
                  COALESCE(`t1`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2023-12-31T23:00:00'),
                  -1,
                  0
                ),
                IF(
                  COALESCE(`t1`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2024-02-29T23:00:00'),
                  1,
                  2
                )
              ),
              IF(
                COALESCE(`t1`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2024-05-31T22:00:00'),
                IF(
                  COALESCE(`t1`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2024-04-30T22:00:00'),
                  3,
                  4
                ),
                5
              )
            ),
            IF(
              COALESCE(`t1`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2024-10-31T23:00:00'),
              IF(
                COALESCE(`t1`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2024-08-31T22:00:00'),
                IF(
                  COALESCE(`t1`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2024-07-31T22:00:00'),
                  6,
                  7
                ),
                IF(
                  COALESCE(`t1`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2024-09-30T22:00:00'),
                  8,
                  9
                )
              ),
              IF(
                COALESCE(`t1`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2024-12-31T23:00:00'),
                IF(
                  COALESCE(`t1`.`ended_at`, DATETIME('2200-01-01T00:00:00')) < DATETIME('2024-11-30T23:00:00'),
                  10,
                  11
                ),
                12
              )
            )
          ),
          12
        ) AS `hi`
      FROM `subscriptions` AS `t1`
    ) AS `t11`
    INNER JOIN `bounds` AS `t4`
      ON `t4`.`j` >= `t11`.`lo` AND `t4`.`j` <= `t11`.`hi`
  ) AS `t13`
  GROUP BY
    1,
    2,
    3
), `t33` AS (
  SELECT
    `t32`.`customer_id`,
    `t32`.`s`,
    `t32`.`e`,
    `t32`.`g`,
    IF(
      `t32`.`s` < DATETIME('2024-06-30T22:00:00'),
      IF(
        `t32`.`s` < DATETIME('2024-03-31T22:00:00'),
        IF(
          `t32`.`s` < DATETIME('2024-01-31T23:00:00'),
          IF(`t32`.`s` < DATETIME('2023-12-31T23:00:00'), -1, 0),
          IF(`t32`.`s` < DATETIME('2024-02-29T23:00:00'), 1, 2)
        ),
        IF(
          `t32`.`s` < DATETIME('2024-05-31T22:00:00'),
          IF(`t32`.`s` < DATETIME('2024-04-30T22:00:00'), 3, 4),
          5
        )
      ),
      IF(
        `t32`.`s` < DATETIME('2024-10-31T23:00:00'),
        IF(
          `t32`.`s` < DATETIME('2024-08-31T22:00:00'),
          IF(`t32`.`s` < DATETIME('2024-07-31T22:00:00'), 6, 7),
          IF(`t32`.`s` < DATETIME('2024-09-30T22:00:00'), 8, 9)
        ),
        IF(
          `t32`.`s` < DATETIME('2024-12-31T23:00:00'),
          IF(`t32`.`s` < DATETIME('2024-11-30T23:00:00'), 10, 11),
          12
        )
      )
    ) + 1 AS `lo`,
    LEAST(
      IF(
        `t32`.`e` < DATETIME('2024-06-30T22:00:00'),
        IF(
          `t32`.`e` < DATETIME('2024-03-31T22:00:00'),
          IF(
            `t32`.`e` < DATETIME('2024-01-31T23:00:00'),
            IF(`t32`.`e` < DATETIME('2023-12-31T23:00:00'), -1, 0),
            IF(`t32`.`e` < DATETIME('2024-02-29T23:00:00'), 1, 2)
          ),
          IF(
            `t32`.`e` < DATETIME('2024-05-31T22:00:00'),
            IF(`t32`.`e` < DATETIME('2024-04-30T22:00:00'), 3, 4),
            5
          )
        ),
        IF(
          `t32`.`e` < DATETIME('2024-10-31T23:00:00'),
          IF(
            `t32`.`e` < DATETIME('2024-08-31T22:00:00'),
            IF(`t32`.`e` < DATETIME('2024-07-31T22:00:00'), 6, 7),
            IF(`t32`.`e` < DATETIME('2024-09-30T22:00:00'), 8, 9)
          ),
          IF(
            `t32`.`e` < DATETIME('2024-12-31T23:00:00'),
            IF(`t32`.`e` < DATETIME('2024-11-30T23:00:00'), 10, 11),
            12
          )
        )
      ),
      12
    ) AS `hi`,
    IF(
      MIN(`t32`.`s`) OVER (
        PARTITION BY `t32`.`customer_id`
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) < DATETIME('2024-06-30T22:00:00'),
      IF(
        MIN(`t32`.`s`) OVER (
          PARTITION BY `t32`.`customer_id`
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < DATETIME('2024-03-31T22:00:00'),
        IF(
          MIN(`t32`.`s`) OVER (
            PARTITION BY `t32`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < DATETIME('2024-01-31T23:00:00'),
          IF(
            MIN(`t32`.`s`) OVER (
              PARTITION BY `t32`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < DATETIME('2023-12-31T23:00:00'),
            -1,
            0
          ),
          IF(
            MIN(`t32`.`s`) OVER (
              PARTITION BY `t32`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < DATETIME('2024-02-29T23:00:00'),
            1,
            2
          )
        ),
        IF(
          MIN(`t32`.`s`) OVER (
            PARTITION BY `t32`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < DATETIME('2024-05-31T22:00:00'),
          IF(
            MIN(`t32`.`s`) OVER (
              PARTITION BY `t32`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < DATETIME('2024-04-30T22:00:00'),
            3,
            4
          ),
          5
        )
      ),
      IF(
        MIN(`t32`.`s`) OVER (
          PARTITION BY `t32`.`customer_id`
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < DATETIME('2024-10-31T23:00:00'),
        IF(
          MIN(`t32`.`s`) OVER (
            PARTITION BY `t32`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < DATETIME('2024-08-31T22:00:00'),
          IF(
            MIN(`t32`.`s`) OVER (
              PARTITION BY `t32`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < DATETIME('2024-07-31T22:00:00'),
            6,
            7
          ),
          IF(
            MIN(`t32`.`s`) OVER (
              PARTITION BY `t32`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < DATETIME('2024-09-30T22:00:00'),
            8,
            9
          )
        ),
        IF(
          MIN(`t32`.`s`) OVER (
            PARTITION BY `t32`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < DATETIME('2024-12-31T23:00:00'),
          IF(
            MIN(`t32`.`s`) OVER (
              PARTITION BY `t32`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < DATETIME('2024-11-30T23:00:00'),
            10,
            11
          ),
          12
        )
      )
    ) AS `f`,
    `t32`.`s` = MIN(`t32`.`s`) OVER (
      PARTITION BY `t32`.`customer_id`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `first`
  FROM (
    SELECT
      `t31`.`customer_id`,
      `t31`.`s`,
      `t31`.`e`,
      '' AS `g`
    FROM (
      SELECT
        `t28`.`customer_id`,
        `t28`.`island`,
        MIN(`t28`.`s`) AS `s`,
        MAX(`t28`.`e`) AS `e`
      FROM (
        SELECT
          `t26`.`customer_id`,
          `t26`.`s`,
          `t26`.`e`,
          `t26`.`reach`,
          `t26`.`fresh`,
          SUM(`t26`.`fresh`) OVER (
            PARTITION BY `t26`.`customer_id`
            ORDER BY `t26`.`s` ASC, `t26`.`e` ASC
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
          ) AS `island`
        FROM (
          SELECT
            `t24`.`customer_id`,
            `t24`.`s`,
            `t24`.`e`,
            `t24`.`reach`,
            IF((
              `t24`.`reach` IS NULL
            ) OR (
              `t24`.`s` > `t24`.`reach`
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
                  CAST(`t15`.`customer_id` AS STRING) AS `customer_id`,
                  CAST(`t15`.`ordered_at` AS DATETIME) AS `s`,
                  CAST(TIMESTAMP_ADD(IF(`t15`.`is_end`, `t15`.`ordered_at`, `t15`.`after`), INTERVAL '365' DAY) AS DATETIME) AS `e`
                FROM (
                  SELECT
                    `t12`.`customer_id`,
                    `t12`.`ordered_at`,
                    `t12`.`n`,
                    `t12`.`is_start`,
                    `t12`.`is_end`,
                    LEAD(`t12`.`ordered_at`) OVER (PARTITION BY `t12`.`customer_id` ORDER BY `t12`.`n` ASC) AS `after`
                  FROM (
                    SELECT
                      `t9`.`customer_id`,
                      `t9`.`ordered_at`,
                      `t9`.`n`,
                      (
                        `t9`.`prev` IS NULL
                      )
                      OR (
                        `t9`.`ordered_at` > TIMESTAMP_ADD(`t9`.`prev`, INTERVAL '365' DAY)
                      ) AS `is_start`,
                      (
                        `t9`.`nxt` IS NULL
                      )
                      OR (
                        `t9`.`nxt` > TIMESTAMP_ADD(`t9`.`ordered_at`, INTERVAL '365' DAY)
                      ) AS `is_end`
                    FROM (
                      SELECT
                        `t6`.`order_id`,
                        `t6`.`customer_id`,
                        `t6`.`ordered_at`,
                        `t6`.`revenue`,
                        `t6`.`items`,
                        `t6`.`channel`,
                        LAG(`t6`.`ordered_at`) OVER (PARTITION BY `t6`.`customer_id` ORDER BY `t6`.`ordered_at` ASC) AS `prev`,
                        LEAD(`t6`.`ordered_at`) OVER (PARTITION BY `t6`.`customer_id` ORDER BY `t6`.`ordered_at` ASC) AS `nxt`,
                        ROW_NUMBER() OVER (PARTITION BY `t6`.`customer_id` ORDER BY `t6`.`ordered_at` ASC) - 1 AS `n`,
                        MIN(`t6`.`ordered_at`) OVER (
                          PARTITION BY `t6`.`customer_id`
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
                      ) AS `t6`
                    ) AS `t9`
                    WHERE
                      (
                        `t9`.`prev` IS NULL
                      )
                      OR (
                        `t9`.`ordered_at` > TIMESTAMP_ADD(`t9`.`prev`, INTERVAL '365' DAY)
                      )
                      OR (
                        (
                          `t9`.`nxt` IS NULL
                        )
                        OR (
                          `t9`.`nxt` > TIMESTAMP_ADD(`t9`.`ordered_at`, INTERVAL '365' DAY)
                        )
                      )
                  ) AS `t12`
                ) AS `t15`
                WHERE
                  `t15`.`is_start`
              ) AS `t21`
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  CAST(`t1`.`customer_id` AS STRING) AS `customer_id`,
                  CAST(`t1`.`started_at` AS DATETIME) AS `s`,
                  COALESCE(`t1`.`ended_at`, DATETIME('2200-01-01T00:00:00')) AS `e`
                FROM `subscriptions` AS `t1`
              ) AS `t8`
            ) AS `t22`
          ) AS `t24`
        ) AS `t26`
      ) AS `t28`
      GROUP BY
        1,
        2
    ) AS `t31`
  ) AS `t32`
), `t37` AS (
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
  `t53`.`g`,
  `t53`.`k`,
  `t53`.`period`,
  CAST(`t53`.`mrr_start` AS FLOAT64) AS `mrr_start`
FROM (
  SELECT
    `t52`.`k`,
    `t52`.`period`,
    `t52`.`start`,
    `t52`.`end`,
    `t52`.`start_utc`,
    `t52`.`end_utc`,
    `t52`.`partial`,
    `t52`.`g`,
    `t52`.`new`,
    `t52`.`gained_new`,
    `t52`.`gained_re`,
    `t52`.`lost`,
    `t52`.`mrr_start`,
    `t52`.`mrr_end`,
    `t52`.`mrr_churned`,
    `t52`.`mrr_contraction`,
    `t52`.`mrr_expansion`,
    SUM((
      `t52`.`gained_new` + `t52`.`gained_re`
    ) - `t52`.`lost`) OVER (
      PARTITION BY `t52`.`g`
      ORDER BY `t52`.`k` ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS `E`,
    `t52`.`new` AS `N`
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
      `t51`.`new`,
      `t51`.`gained_new`,
      `t51`.`gained_re`,
      `t51`.`lost`,
      COALESCE(`t51`.`mrr_start`, 0) AS `mrr_start`,
      COALESCE(`t51`.`mrr_end`, 0) AS `mrr_end`,
      COALESCE(`t51`.`mrr_churned`, 0) AS `mrr_churned`,
      COALESCE(`t51`.`mrr_contraction`, 0) AS `mrr_contraction`,
      COALESCE(`t51`.`mrr_expansion`, 0) AS `mrr_expansion`
    FROM (
      SELECT
        `t50`.*
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
          `t49`.`new`,
          `t49`.`gained_new`,
          `t49`.`gained_re`,
          `t49`.`lost`,
          `t30`.`cg`,
          `t30`.`ck`,
          `t30`.`mrr_start`,
          `t30`.`mrr_end`,
          `t30`.`mrr_churned`,
          `t30`.`mrr_contraction`,
          `t30`.`mrr_expansion`
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
            COALESCE(`t47`.`new`, 0) AS `new`,
            COALESCE(`t47`.`gained_new`, 0) AS `gained_new`,
            COALESCE(`t47`.`gained_re`, 0) AS `gained_re`,
            COALESCE(`t47`.`lost`, 0) AS `lost`
          FROM (
            SELECT
              `t46`.*
              EXCEPT (`cg`, `ck`)
            FROM (
              SELECT
                `t7`.`k`,
                `t7`.`period`,
                `t7`.`start`,
                `t7`.`end`,
                `t7`.`start_utc`,
                `t7`.`end_utc`,
                `t7`.`partial`,
                `t7`.`g`,
                `t45`.`cg`,
                `t45`.`ck`,
                `t45`.`new`,
                `t45`.`gained_new`,
                `t45`.`gained_re`,
                `t45`.`lost`
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
              ) AS `t7`
              LEFT OUTER JOIN (
                SELECT
                  `t43`.`g` AS `cg`,
                  `t43`.`k` AS `ck`,
                  `t43`.`new`,
                  `t43`.`gained_new`,
                  `t43`.`gained_re`,
                  `t43`.`lost`
                FROM (
                  SELECT
                    `t42`.`g`,
                    `t42`.`k`,
                    SUM(`t42`.`new`) AS `new`,
                    SUM(`t42`.`gained_new`) AS `gained_new`,
                    SUM(`t42`.`gained_re`) AS `gained_re`,
                    SUM(`t42`.`lost`) AS `lost`
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
                          `t38`.`g`,
                          `t38`.`lo` - 1 AS `k`,
                          0 AS `new`,
                          IF(`t38`.`f` = (
                            `t38`.`lo` - 1
                          ), 1, 0) AS `gained_new`,
                          IF(`t38`.`f` = (
                            `t38`.`lo` - 1
                          ), 0, 1) AS `gained_re`,
                          0 AS `lost`
                        FROM `t37` AS `t38`
                        WHERE
                          (
                            `t38`.`before` IS NULL
                          ) OR (
                            `t38`.`before` < (
                              `t38`.`lo` - 1
                            )
                          )
                      ) AS `t40`
                    ) AS `t41`
                    UNION ALL
                    SELECT
                      *
                    FROM (
                      SELECT
                        `t38`.`g`,
                        `t38`.`hi` AS `k`,
                        0 AS `new`,
                        0 AS `gained_new`,
                        0 AS `gained_re`,
                        1 AS `lost`
                      FROM `t37` AS `t38`
                      WHERE
                        (
                          (
                            `t38`.`after` IS NULL
                          ) OR (
                            `t38`.`after` > (
                              `t38`.`hi` + 1
                            )
                          )
                        )
                        AND `t38`.`hi` < 12
                    ) AS `t39`
                  ) AS `t42`
                  GROUP BY
                    1,
                    2
                ) AS `t43`
              ) AS `t45`
                ON `t7`.`g` = `t45`.`cg` AND `t7`.`k` = `t45`.`ck`
            ) AS `t46`
          ) AS `t47`
        ) AS `t49`
        LEFT OUTER JOIN (
          SELECT
            `t27`.`g` AS `cg`,
            `t27`.`k` AS `ck`,
            `t27`.`mrr_start`,
            `t27`.`mrr_end`,
            `t27`.`mrr_churned`,
            `t27`.`mrr_contraction`,
            `t27`.`mrr_expansion`
          FROM (
            SELECT
              `t25`.`g`,
              `t25`.`k`,
              SUM(`t25`.`ma`) AS `mrr_start`,
              SUM(`t25`.`mb`) AS `mrr_end`,
              SUM(
                IF((
                  `t25`.`ma` > 0
                ) AND (
                  `t25`.`mb` = 0
                ), `t25`.`ma`, CAST('0.00' AS NUMERIC))
              ) AS `mrr_churned`,
              SUM(
                IF(
                  (
                    `t25`.`mb` > 0
                  ) AND (
                    `t25`.`mb` < `t25`.`ma`
                  ),
                  `t25`.`ma` - `t25`.`mb`,
                  CAST('0.00' AS NUMERIC)
                )
              ) AS `mrr_contraction`,
              SUM(
                IF(
                  (
                    `t25`.`ma` > 0
                  ) AND (
                    `t25`.`mb` > `t25`.`ma`
                  ),
                  `t25`.`mb` - `t25`.`ma`,
                  CAST('0.00' AS NUMERIC)
                )
              ) AS `mrr_expansion`
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  COALESCE(`t19`.`ga`, `t20`.`gb`) AS `g`,
                  COALESCE(`t19`.`ja`, `t20`.`jb` - 1) AS `k`,
                  COALESCE(`t19`.`ma`, CAST('0.00' AS NUMERIC)) AS `ma`,
                  COALESCE(`t20`.`mb`, CAST('0.00' AS NUMERIC)) AS `mb`
                FROM (
                  SELECT
                    `t16`.`customer_id` AS `ca`,
                    `t16`.`g` AS `ga`,
                    `t16`.`j` AS `ja`,
                    `t16`.`m` AS `ma`
                  FROM `t14` AS `t16`
                ) AS `t19`
                FULL OUTER JOIN (
                  SELECT
                    `t16`.`customer_id` AS `cb`,
                    `t16`.`g` AS `gb`,
                    `t16`.`j` AS `jb`,
                    `t16`.`m` AS `mb`
                  FROM `t14` AS `t16`
                ) AS `t20`
                  ON `t19`.`ca` = `t20`.`cb` AND (
                    `t19`.`ja` + 1
                  ) = `t20`.`jb`
              ) AS `t23`
              WHERE
                `t23`.`k` >= 0 AND `t23`.`k` < 12
            ) AS `t25`
            GROUP BY
              1,
              2
          ) AS `t27`
        ) AS `t30`
          ON `t49`.`g` = `t30`.`cg` AND `t49`.`k` = `t30`.`ck`
      ) AS `t50`
    ) AS `t51`
  ) AS `t52`
) AS `t53`
ORDER BY
  `t53`.`g` ASC NULLS LAST,
  `t53`.`k` ASC NULLS LAST
