WITH `t10` AS (
  SELECT DISTINCT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        CAST(`t1`.`customer_id` AS STRING) AS `customer_id`,
        IF(
          `t1`.`ordered_at` < DATETIME('2024-06-30T22:00:00'),
          IF(
            `t1`.`ordered_at` < DATETIME('2024-03-31T22:00:00'),
            IF(
              `t1`.`ordered_at` < DATETIME('2024-01-31T23:00:00'),
              IF(`t1`.`ordered_at` < DATETIME('2023-12-31T23:00:00'), -1, 0),
              IF(`t1`.`ordered_at` < DATETIME('2024-02-29T23:00:00'), 1, 2)
            ),
            IF(
              `t1`.`ordered_at` < DATETIME('2024-05-31T22:00:00'),
              IF(`t1`.`ordered_at` < DATETIME('2024-04-30T22:00:00'), 3, 4),
              5
            )
          ),
          IF(
            `t1`.`ordered_at` < DATETIME('2024-10-31T23:00:00'),
            IF(
              `t1`.`ordered_at` < DATETIME('2024-08-31T22:00:00'),
              IF(`t1`.`ordered_at` < DATETIME('2024-07-31T22:00:00'), 6, 7),
              IF(`t1`.`ordered_at` < DATETIME('2024-09-30T22:00:00'), 8, 9)
            ),
            IF(
              `t1`.`ordered_at` < DATETIME('2024-12-31T23:00:00'),
              IF(`t1`.`ordered_at` < DATETIME('2024-11-30T23:00:00'), 10, 11),
              12
            )
          )
        ) AS `k`
      FROM `orders` AS `t1`
    ) AS `t5`
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        `t7`.`customer_id`,
        `t4`.`k`
      FROM (
        SELECT
          CAST(`t2`.`customer_id` AS STRING) AS `customer_id`,
          IF(
            `t2`.`started_at` < DATETIME('2024-06-30T22:00:00'),
            IF(
              `t2`.`started_at` < DATETIME('2024-03-31T22:00:00'),
              IF(
                `t2`.`started_at` < DATETIME('2024-01-31T23:00:00'),
                IF(`t2`.`started_at` < DATETIME('2023-12-31T23:00:00'), -1, 0),
                IF(`t2`.`started_at` < DATETIME('2024-02-29T23:00:00'), 1, 2)
              ),
              IF(
                `t2`.`started_at` < DATETIME('2024-05-31T22:00:00'),
                IF(`t2`.`started_at` < DATETIME('2024-04-30T22:00:00'), 3, 4),
                5
              )
            ),
            IF(
              `t2`.`started_at` < DATETIME('2024-10-31T23:00:00'),
              IF(
                `t2`.`started_at` < DATETIME('2024-08-31T22:00:00'),
                IF(`t2`.`started_at` < DATETIME('2024-07-31T22:00:00'), 6, 7),
                IF(`t2`.`started_at` < DATETIME('2024-09-30T22:00:00'), 8, 9)
              ),
              IF(
                `t2`.`started_at` < DATETIME('2024-12-31T23:00:00'),
                IF(`t2`.`started_at` < DATETIME('2024-11-30T23:00:00'), 10, 11),
                12
              )
            )
          ) AS `lo`,
          GREATEST(
            IF(
              `t2`.`started_at` < DATETIME('2024-06-30T22:00:00'),
              IF(
                `t2`.`started_at` < DATETIME('2024-03-31T22:00:00'),
                IF(
                  `t2`.`started_at` < DATETIME('2024-01-31T23:00:00'),
                  IF(`t2`.`started_at` < DATETIME('2023-12-31T23:00:00'), -1, 0),
                  IF(`t2`.`started_at` < DATETIME('2024-02-29T23:00:00'), 1, 2)
                ),
                IF(
                  `t2`.`started_at` < DATETIME('2024-05-31T22:00:00'),
                  IF(`t2`.`started_at` < DATETIME('2024-04-30T22:00:00'), 3, 4),
                  5
                )
              ),
              IF(
                `t2`.`started_at` < DATETIME('2024-10-31T23:00:00'),
                IF(
                  `t2`.`started_at` < DATETIME('2024-08-31T22:00:00'),
                  IF(`t2`.`started_at` < DATETIME('2024-07-31T22:00:00'), 6, 7),
                  IF(`t2`.`started_at` < DATETIME('2024-09-30T22:00:00'), 8, 9)
                ),
                IF(
                  `t2`.`started_at` < DATETIME('2024-12-31T23:00:00'),
                  IF(`t2`.`started_at` < DATETIME('2024-11-30T23:00:00'), 10, 11),
                  12
                )
              )
            ),
            LEAST(
              IF(
                TIMESTAMP_SUB(
                  COALESCE(`t2`.`ended_at`, DATETIME('2200-01-01T00:00:00')),
                  INTERVAL '1' MICROSECOND
                ) < DATETIME('2024-06-30T22:00:00'),
                IF(
                  TIMESTAMP_SUB(
                    COALESCE(`t2`.`ended_at`, DATETIME('2200-01-01T00:00:00')),
                    INTERVAL '1' MICROSECOND
                  ) < DATETIME('2024-03-31T22:00:00'),
                  IF(
                    TIMESTAMP_SUB(
                      COALESCE(`t2`.`ended_at`, DATETIME('2200-01-01T00:00:00')),
                      INTERVAL '1' MICROSECOND
                    ) < DATETIME('2024-01-31T23:00:00'),
                    IF(
                      TIMESTAMP_SUB(
                        COALESCE(`t2`.`ended_at`, DATETIME('2200-01-01T00:00:00')),
                        INTERVAL '1' MICROSECOND
                      ) < DATETIME('2023-12-31T23:00:00'),
                      -1,
                      0
                    ),
                    IF(
                      TIMESTAMP_SUB(
                        COALESCE(`t2`.`ended_at`, DATETIME('2200-01-01T00:00:00')),
                        INTERVAL '1' MICROSECOND
                      ) < DATETIME('2024-02-29T23:00:00'),
                      1,
                      2
                    )
                  ),
                  IF(
                    TIMESTAMP_SUB(
                      COALESCE(`t2`.`ended_at`, DATETIME('2200-01-01T00:00:00')),
                      INTERVAL '1' MICROSECOND
                    ) < DATETIME('2024-05-31T22:00:00'),
                    IF(
                      TIMESTAMP_SUB(
                        COALESCE(`t2`.`ended_at`, DATETIME('2200-01-01T00:00:00')),
                        INTERVAL '1' MICROSECOND
                      ) < DATETIME('2024-04-30T22:00:00'),
                      3,
                      4
                    ),
                    5
                  )
                ),
                IF(
                  TIMESTAMP_SUB(
                    COALESCE(`t2`.`ended_at`, DATETIME('2200-01-01T00:00:00')),
                    INTERVAL '1' MICROSECOND
                  ) < DATETIME('2024-10-31T23:00:00'),
                  IF(
                    TIMESTAMP_SUB(
                      COALESCE(`t2`.`ended_at`, DATETIME('2200-01-01T00:00:00')),
                      INTERVAL '1' MICROSECOND
                    ) < DATETIME('2024-08-31T22:00:00'),
                    IF(
                      TIMESTAMP_SUB(
                        COALESCE(`t2`.`ended_at`, DATETIME('2200-01-01T00:00:00')),
                        INTERVAL '1' MICROSECOND
                      ) < DATETIME('2024-07-31T22:00:00'),
                      6,
                      7
                    ),
                    IF(
                      TIMESTAMP_SUB(
                        COALESCE(`t2`.`ended_at`, DATETIME('2200-01-01T00:00:00')),
                        INTERVAL '1' MICROSECOND
                      ) < DATETIME('2024-09-30T22:00:00'),
                      8,
                      9
                    )
                  ),
                  IF(
                    TIMESTAMP_SUB(
                      COALESCE(`t2`.`ended_at`, DATETIME('2200-01-01T00:00:00')),
                      INTERVAL '1' MICROSECOND
                    ) < DATETIME('2024-12-31T23:00:00'),
                    IF(
                      TIMESTAMP_SUB(
                        COALESCE(`t2`.`ended_at`, DATETIME('2200-01-01T00:00:00')),
                        INTERVAL '1' MICROSECOND
                      ) < DATETIME('2024-11-30T23:00:00'),
                      10,
                      11
                    ),
                    12
                  )
                )
              ),
              11
            )
          ) AS `hi`
        FROM `subscriptions` AS `t2`
      ) AS `t7`
      INNER JOIN (
        SELECT
          `t0`.`k`
        FROM `periods` AS `t0`
      ) AS `t4`
        ON `t4`.`k` >= `t7`.`lo` AND `t4`.`k` <= `t7`.`hi`
    ) AS `t8`
  ) AS `t9`
), `t14` AS (
  SELECT
    `t13`.`customer_id`,
    `t13`.`c`,
    `t13`.`last`,
    '' AS `g`
  FROM (
    SELECT
      `t11`.`customer_id`,
      MIN(`t11`.`k`) AS `c`,
      MAX(`t11`.`k`) AS `last`
    FROM `t10` AS `t11`
    GROUP BY
      1
  ) AS `t13`
)
SELECT
  *
FROM (
  SELECT
    `t23`.`g`,
    `t23`.`c`,
    `t23`.`i`,
    `t23`.`size`,
    COALESCE(`t24`.`v`, 0.0) AS `value`
  FROM (
    SELECT
      `t18`.`g`,
      `t18`.`c`,
      `t18`.`size`,
      `t4`.`k` - `t18`.`c` AS `i`
    FROM (
      SELECT
        `t15`.`g`,
        `t15`.`c`,
        COUNT(*) AS `size`
      FROM `t14` AS `t15`
      GROUP BY
        1,
        2
    ) AS `t18`
    INNER JOIN (
      SELECT
        `t0`.`k`
      FROM `periods` AS `t0`
    ) AS `t4`
      ON `t4`.`k` >= `t18`.`c`
  ) AS `t23`
  LEFT OUTER JOIN (
    SELECT
      `t19`.`g`,
      `t19`.`c`,
      `t19`.`i`,
      SUM(`t19`.`x`) AS `v`
    FROM (
      SELECT
        `t16`.`g`,
        `t16`.`c`,
        `t12`.`k` - `t16`.`c` AS `i`,
        1.0 AS `x`
      FROM `t10` AS `t12`
      INNER JOIN `t14` AS `t16`
        ON `t12`.`customer_id` = `t16`.`customer_id`
    ) AS `t19`
    GROUP BY
      1,
      2,
      3
  ) AS `t24`
    ON `t23`.`g` = `t24`.`g` AND `t23`.`c` = `t24`.`c` AND `t23`.`i` = `t24`.`i`
) AS `t25`
ORDER BY
  `t25`.`g` ASC NULLS LAST,
  `t25`.`c` ASC NULLS LAST,
  `t25`.`i` ASC NULLS LAST
