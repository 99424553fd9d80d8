WITH `t9` AS (
  SELECT
    `t5`.`order_id`,
    `t5`.`customer_id`,
    `t5`.`ordered_at`,
    `t5`.`revenue`,
    `t5`.`items`,
    `t5`.`channel`,
    LAG(`t5`.`ordered_at`) OVER (PARTITION BY `t5`.`customer_id` ORDER BY `t5`.`ordered_at` ASC NULLS LAST) AS `prev`,
    LEAD(`t5`.`ordered_at`) OVER (PARTITION BY `t5`.`customer_id` ORDER BY `t5`.`ordered_at` ASC NULLS LAST) AS `nxt`,
    ROW_NUMBER() OVER (PARTITION BY `t5`.`customer_id` ORDER BY `t5`.`ordered_at` ASC NULLS LAST) - 1 AS `n`,
    MIN(`t5`.`ordered_at`) OVER (
      PARTITION BY `t5`.`customer_id`
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
  ) AS `t5`
), `t36` AS (
  SELECT
    `t35`.`customer_id`,
    `t35`.`s`,
    `t35`.`e`,
    `t35`.`g`,
    IF(
      `t35`.`s` < CAST('2024-06-30T22:00:00' AS TIMESTAMP),
      IF(
        `t35`.`s` < CAST('2024-03-31T22:00:00' AS TIMESTAMP),
        IF(
          `t35`.`s` < CAST('2024-01-31T23:00:00' AS TIMESTAMP),
          IF(`t35`.`s` < CAST('2023-12-31T23:00:00' AS TIMESTAMP), -1, 0),
          IF(`t35`.`s` < CAST('2024-02-29T23:00:00' AS TIMESTAMP), 1, 2)
        ),
        IF(
          `t35`.`s` < CAST('2024-05-31T22:00:00' AS TIMESTAMP),
          IF(`t35`.`s` < CAST('2024-04-30T22:00:00' AS TIMESTAMP), 3, 4),
          5
        )
      ),
      IF(
        `t35`.`s` < CAST('2024-10-31T23:00:00' AS TIMESTAMP),
        IF(
          `t35`.`s` < CAST('2024-08-31T22:00:00' AS TIMESTAMP),
          IF(`t35`.`s` < CAST('2024-07-31T22:00:00' AS TIMESTAMP), 6, 7),
          IF(`t35`.`s` < CAST('2024-09-30T22:00:00' AS TIMESTAMP), 8, 9)
        ),
        IF(
          `t35`.`s` < CAST('2024-12-31T23:00:00' AS TIMESTAMP),
          IF(`t35`.`s` < CAST('2024-11-30T23:00:00' AS TIMESTAMP), 10, 11),
          12
        )
      )
    ) + 1 AS `lo`,
    LEAST(
      IF(
        `t35`.`e` < CAST('2024-06-30T22:00:00' AS TIMESTAMP),
        IF(
          `t35`.`e` < CAST('2024-03-31T22:00:00' AS TIMESTAMP),
          IF(
            `t35`.`e` < CAST('2024-01-31T23:00:00' AS TIMESTAMP),
            IF(`t35`.`e` < CAST('2023-12-31T23:00:00' AS TIMESTAMP), -1, 0),
            IF(`t35`.`e` < CAST('2024-02-29T23:00:00' AS TIMESTAMP), 1, 2)
          ),
          IF(
            `t35`.`e` < CAST('2024-05-31T22:00:00' AS TIMESTAMP),
            IF(`t35`.`e` < CAST('2024-04-30T22:00:00' AS TIMESTAMP), 3, 4),
            5
          )
        ),
        IF(
          `t35`.`e` < CAST('2024-10-31T23:00:00' AS TIMESTAMP),
          IF(
            `t35`.`e` < CAST('2024-08-31T22:00:00' AS TIMESTAMP),
            IF(`t35`.`e` < CAST('2024-07-31T22:00:00' AS TIMESTAMP), 6, 7),
            IF(`t35`.`e` < CAST('2024-09-30T22:00:00' AS TIMESTAMP), 8, 9)
          ),
          IF(
            `t35`.`e` < CAST('2024-12-31T23:00:00' AS TIMESTAMP),
            IF(`t35`.`e` < CAST('2024-11-30T23:00:00' AS TIMESTAMP), 10, 11),
            12
          )
        )
      ),
      12
    ) AS `hi`,
    IF(
      MIN(`t35`.`s`) OVER (
        PARTITION BY `t35`.`customer_id`
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) < CAST('2024-06-30T22:00:00' AS TIMESTAMP),
      IF(
        MIN(`t35`.`s`) OVER (
          PARTITION BY `t35`.`customer_id`
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < CAST('2024-03-31T22:00:00' AS TIMESTAMP),
        IF(
          MIN(`t35`.`s`) OVER (
            PARTITION BY `t35`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < CAST('2024-01-31T23:00:00' AS TIMESTAMP),
          IF(
            MIN(`t35`.`s`) OVER (
              PARTITION BY `t35`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < CAST('2023-12-31T23:00:00' AS TIMESTAMP),
            -1,
            0
          ),
          IF(
            MIN(`t35`.`s`) OVER (
              PARTITION BY `t35`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < CAST('2024-02-29T23:00:00' AS TIMESTAMP),
            1,
            2
          )
        ),
        IF(
          MIN(`t35`.`s`) OVER (
            PARTITION BY `t35`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < CAST('2024-05-31T22:00:00' AS TIMESTAMP),
          IF(
            MIN(`t35`.`s`) OVER (
              PARTITION BY `t35`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < CAST('2024-04-30T22:00:00' AS TIMESTAMP),
            3,
            4
          ),
          5
        )
      ),
      IF(
        MIN(`t35`.`s`) OVER (
          PARTITION BY `t35`.`customer_id`
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < CAST('2024-10-31T23:00:00' AS TIMESTAMP),
        IF(
          MIN(`t35`.`s`) OVER (
            PARTITION BY `t35`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < CAST('2024-08-31T22:00:00' AS TIMESTAMP),
          IF(
            MIN(`t35`.`s`) OVER (
              PARTITION BY `t35`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < CAST('2024-07-31T22:00:00' AS TIMESTAMP),
            6,
            7
          ),
          IF(
            MIN(`t35`.`s`) OVER (
              PARTITION BY `t35`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < CAST('2024-09-30T22:00:00' AS TIMESTAMP),
            8,
            9
          )
        ),
        IF(
          MIN(`t35`.`s`) OVER (
            PARTITION BY `t35`.`customer_id`
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < CAST('2024-12-31T23:00:00' AS TIMESTAMP),
          IF(
            MIN(`t35`.`s`) OVER (
              PARTITION BY `t35`.`customer_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < CAST('2024-11-30T23:00:00' AS TIMESTAMP),
            10,
            11
          ),
          12
        )
      )
    ) AS `f`,
    `t35`.`s` = MIN(`t35`.`s`) OVER (
      PARTITION BY `t35`.`customer_id`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `first`
  FROM (
    SELECT
      `t32`.`customer_id`,
      `t32`.`s`,
      `t32`.`e`,
      '' AS `g`
    FROM (
      SELECT
        `t29`.`customer_id`,
        `t29`.`island`,
        MIN(`t29`.`s`) AS `s`,
        MAX(`t29`.`e`) AS `e`
      FROM (
        SELECT
          `t27`.`customer_id`,
          `t27`.`s`,
          `t27`.`e`,
          `t27`.`reach`,
          `t27`.`fresh`,
          SUM(`t27`.`fresh`) OVER (
            PARTITION BY `t27`.`customer_id`
            ORDER BY `t27`.`s` ASC NULLS LAST, `t27`.`e` ASC NULLS LAST
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
                ORDER BY `t22`.`s` ASC NULLS LAST, `t22`.`e` ASC NULLS LAST
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
              ) AS `reach`
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  CAST(`t17`.`customer_id` AS STRING) AS `customer_id`,
                  CAST(`t17`.`ordered_at` AS TIMESTAMP) AS `s`,
                  CAST(IF(`t17`.`is_end`, `t17`.`ordered_at`, `t17`.`after`) + INTERVAL '365' DAY AS TIMESTAMP) AS `e`
                FROM (
                  SELECT
                    `t14`.`customer_id`,
                    `t14`.`ordered_at`,
                    `t14`.`n`,
                    `t14`.`is_start`,
                    `t14`.`is_end`,
                    LEAD(`t14`.`ordered_at`) OVER (PARTITION BY `t14`.`customer_id` ORDER BY `t14`.`n` ASC NULLS LAST) AS `after`
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
                    FROM `t9` AS `t10`
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
                  ) AS `t14`
                ) AS `t17`
                WHERE
                  `t17`.`is_start`
              ) AS `t21`
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  CAST(`t3`.`customer_id` AS STRING) AS `customer_id`,
                  CAST(`t3`.`started_at` AS TIMESTAMP) AS `s`,
                  COALESCE(`t3`.`ended_at`, CAST('2200-01-01T00:00:00' AS TIMESTAMP)) AS `e`
                FROM `subscriptions` AS `t3`
              ) AS `t7`
            ) AS `t22`
          ) AS `t24`
        ) AS `t27`
      ) AS `t29`
      GROUP BY
        1,
        2
    ) AS `t32`
  ) AS `t35`
), `t40` AS (
  SELECT
    `t39`.`customer_id`,
    `t39`.`s`,
    `t39`.`e`,
    `t39`.`g`,
    `t39`.`lo`,
    `t39`.`hi`,
    `t39`.`f`,
    `t39`.`first`,
    LAG(`t39`.`hi`) OVER (PARTITION BY `t39`.`customer_id` ORDER BY `t39`.`lo` ASC NULLS LAST) AS `before`,
    LEAD(`t39`.`lo`) OVER (PARTITION BY `t39`.`customer_id` ORDER BY `t39`.`lo` ASC NULLS LAST) AS `after`
  FROM (
    SELECT
      *
    FROM `t36` AS `t37`
    WHERE
      `t37`.`lo` <= `t37`.`hi`
  ) AS `t39`
)
SELECT
  `t60`.`g`,
  `t60`.`k`,
  `t60`.`period`,
  IF(
    CAST(`t60`.`buyers_to_date` AS DOUBLE) IS NULL
    OR ISNAN(CAST(`t60`.`buyers_to_date` AS DOUBLE))
    OR (
      CAST(`t60`.`buyers_to_date` AS DOUBLE) = 0
    ),
    CAST(NULL AS DOUBLE),
    (
      `t60`.`net_revenue_to_date` / CAST(`t60`.`buyers_to_date` AS DOUBLE)
    ) * 1.0
  ) AS `clv_historical`
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
    `t59`.`orders`,
    `t59`.`revenue`,
    `t59`.`items`,
    `t59`.`orders_new`,
    `t59`.`revenue_new`,
    `t59`.`interval_n`,
    `t59`.`interval_sum`,
    `t59`.`first_orders`,
    `t59`.`second_orders`,
    `t59`.`loyal_orders`,
    `t59`.`interval_median`,
    `t59`.`items_returned`,
    `t59`.`amount_returned`,
    SUM((
      `t59`.`gained_new` + `t59`.`gained_re`
    ) - `t59`.`lost`) OVER (
      PARTITION BY `t59`.`g`
      ORDER BY `t59`.`k` ASC NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS `E`,
    `t59`.`new` AS `N`,
    SUM(`t59`.`first_orders`) OVER (
      PARTITION BY `t59`.`g`
      ORDER BY `t59`.`k` ASC NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS `buyers_to_date`,
    SUM(`t59`.`second_orders`) OVER (
      PARTITION BY `t59`.`g`
      ORDER BY `t59`.`k` ASC NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS `repeat_to_date`,
    SUM(`t59`.`loyal_orders`) OVER (
      PARTITION BY `t59`.`g`
      ORDER BY `t59`.`k` ASC NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS `loyal_to_date`,
    SUM(CAST(`t59`.`revenue` AS DOUBLE) - CAST(`t59`.`amount_returned` AS DOUBLE)) OVER (
      PARTITION BY `t59`.`g`
      ORDER BY `t59`.`k` ASC NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS `net_revenue_to_date`
  FROM (
    SELECT
      `t58`.`k`,
      `t58`.`period`,
      `t58`.`start`,
      `t58`.`end`,
      `t58`.`start_utc`,
      `t58`.`end_utc`,
      `t58`.`partial`,
      `t58`.`g`,
      `t58`.`new`,
      `t58`.`gained_new`,
      `t58`.`gained_re`,
      `t58`.`lost`,
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
      `t58`.`interval_median`,
      COALESCE(`t58`.`items_returned`, 0) AS `items_returned`,
      COALESCE(`t58`.`amount_returned`, 0) AS `amount_returned`
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
        `t57`.`orders`,
        `t57`.`revenue`,
        `t57`.`items`,
        `t57`.`orders_new`,
        `t57`.`revenue_new`,
        `t57`.`interval_n`,
        `t57`.`interval_sum`,
        `t57`.`first_orders`,
        `t57`.`second_orders`,
        `t57`.`loyal_orders`,
        `t57`.`interval_median`,
        `t57`.`items_returned`,
        `t57`.`amount_returned`
      FROM (
        SELECT
          `t56`.`k`,
          `t56`.`period`,
          `t56`.`start`,
          `t56`.`end`,
          `t56`.`start_utc`,
          `t56`.`end_utc`,
          `t56`.`partial`,
          `t56`.`g`,
          `t56`.`new`,
          `t56`.`gained_new`,
          `t56`.`gained_re`,
          `t56`.`lost`,
          `t56`.`orders`,
          `t56`.`revenue`,
          `t56`.`items`,
          `t56`.`orders_new`,
          `t56`.`revenue_new`,
          `t56`.`interval_n`,
          `t56`.`interval_sum`,
          `t56`.`first_orders`,
          `t56`.`second_orders`,
          `t56`.`loyal_orders`,
          `t56`.`interval_median`,
          `t13`.`cg`,
          `t13`.`ck`,
          `t13`.`items_returned`,
          `t13`.`amount_returned`
        FROM (
          SELECT
            `t54`.`k`,
            `t54`.`period`,
            `t54`.`start`,
            `t54`.`end`,
            `t54`.`start_utc`,
            `t54`.`end_utc`,
            `t54`.`partial`,
            `t54`.`g`,
            `t54`.`new`,
            `t54`.`gained_new`,
            `t54`.`gained_re`,
            `t54`.`lost`,
            COALESCE(`t54`.`orders`, 0) AS `orders`,
            COALESCE(`t54`.`revenue`, 0) AS `revenue`,
            COALESCE(`t54`.`items`, 0) AS `items`,
            COALESCE(`t54`.`orders_new`, 0) AS `orders_new`,
            COALESCE(`t54`.`revenue_new`, 0) AS `revenue_new`,
            COALESCE(`t54`.`interval_n`, 0) AS `interval_n`,
            COALESCE(`t54`.`interval_sum`, 0) AS `interval_sum`,
            COALESCE(`t54`.`first_orders`, 0) AS `first_orders`,
            COALESCE(`t54`.`second_orders`, 0) AS `second_orders`,
            COALESCE(`t54`.`loyal_orders`, 0) AS `loyal_orders`,
            `t54`.`interval_median`
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
              `t53`.`orders`,
              `t53`.`revenue`,
              `t53`.`items`,
              `t53`.`orders_new`,
              `t53`.`revenue_new`,
              `t53`.`interval_n`,
              `t53`.`interval_sum`,
              `t53`.`first_orders`,
              `t53`.`second_orders`,
              `t53`.`loyal_orders`,
              `t53`.`interval_median`
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
                `t34`.`cg`,
                `t34`.`ck`,
                `t34`.`orders`,
                `t34`.`revenue`,
                `t34`.`items`,
                `t34`.`orders_new`,
                `t34`.`revenue_new`,
                `t34`.`interval_n`,
                `t34`.`interval_sum`,
                `t34`.`first_orders`,
                `t34`.`second_orders`,
                `t34`.`loyal_orders`,
                `t34`.`interval_median`
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
                  COALESCE(`t50`.`new`, 0) AS `new`,
                  COALESCE(`t50`.`gained_new`, 0) AS `gained_new`,
                  COALESCE(`t50`.`gained_re`, 0) AS `gained_re`,
                  COALESCE(`t50`.`lost`, 0) AS `lost`
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
                    `t49`.`lost`
                  FROM (
                    SELECT
                      `t6`.`k`,
                      `t6`.`period`,
                      `t6`.`start`,
                      `t6`.`end`,
                      `t6`.`start_utc`,
                      `t6`.`end_utc`,
                      `t6`.`partial`,
                      `t6`.`g`,
                      `t48`.`cg`,
                      `t48`.`ck`,
                      `t48`.`new`,
                      `t48`.`gained_new`,
                      `t48`.`gained_re`,
                      `t48`.`lost`
                    FROM (
                      SELECT
                        `t1`.`k`,
                        `t1`.`period`,
                        `t1`.`start`,
                        `t1`.`end`,
                        `t1`.`start_utc`,
                        `t1`.`end_utc`,
                        `t1`.`partial`,
                        '' AS `g`
                      FROM `periods` AS `t1`
                    ) AS `t6`
                    LEFT OUTER JOIN (
                      SELECT
                        `t46`.`g` AS `cg`,
                        `t46`.`k` AS `ck`,
                        `t46`.`new`,
                        `t46`.`gained_new`,
                        `t46`.`gained_re`,
                        `t46`.`lost`
                      FROM (
                        SELECT
                          `t45`.`g`,
                          `t45`.`k`,
                          SUM(`t45`.`new`) AS `new`,
                          SUM(`t45`.`gained_new`) AS `gained_new`,
                          SUM(`t45`.`gained_re`) AS `gained_re`,
                          SUM(`t45`.`lost`) AS `lost`
                        FROM (
                          SELECT
                            *
                          FROM (
                            SELECT
                              *
                            FROM (
                              SELECT
                                `t37`.`g`,
                                `t37`.`f` AS `k`,
                                1 AS `new`,
                                0 AS `gained_new`,
                                0 AS `gained_re`,
                                0 AS `lost`
                              FROM `t36` AS `t37`
                              WHERE
                                `t37`.`first`
                            ) AS `t38`
                            UNION ALL
                            SELECT
                              *
                            FROM (
                              SELECT
                                `t41`.`g`,
                                `t41`.`lo` - 1 AS `k`,
                                0 AS `new`,
                                IF(`t41`.`f` = (
                                  `t41`.`lo` - 1
                                ), 1, 0) AS `gained_new`,
                                IF(`t41`.`f` = (
                                  `t41`.`lo` - 1
                                ), 0, 1) AS `gained_re`,
                                0 AS `lost`
                              FROM `t40` AS `t41`
                              WHERE
                                (
                                  `t41`.`before` IS NULL
                                ) OR (
                                  `t41`.`before` < (
                                    `t41`.`lo` - 1
                                  )
                                )
                            ) AS `t43`
                          ) AS `t44`
                          UNION ALL
                          SELECT
                            *
                          FROM (
                            SELECT
                              `t41`.`g`,
                              `t41`.`hi` AS `k`,
                              0 AS `new`,
                              0 AS `gained_new`,
                              0 AS `gained_re`,
                              1 AS `lost`
                            FROM `t40` AS `t41`
                            WHERE
                              (
                                (
                                  `t41`.`after` IS NULL
                                ) OR (
                                  `t41`.`after` > (
                                    `t41`.`hi` + 1
                                  )
                                )
                              )
                              AND `t41`.`hi` < 12
                          ) AS `t42`
                        ) AS `t45`
                        GROUP BY
                          1,
                          2
                      ) AS `t46`
                    ) AS `t48`
                      ON `t6`.`g` = `t48`.`cg` AND `t6`.`k` = `t48`.`ck`
                  ) AS `t49`
                ) AS `t50`
              ) AS `t52`
              LEFT OUTER JOIN (
                SELECT
                  `t31`.`g` AS `cg`,
                  `t31`.`k` AS `ck`,
                  `t31`.`orders`,
                  `t31`.`revenue`,
                  `t31`.`items`,
                  `t31`.`orders_new`,
                  `t31`.`revenue_new`,
                  `t31`.`interval_n`,
                  `t31`.`interval_sum`,
                  `t31`.`first_orders`,
                  `t31`.`second_orders`,
                  `t31`.`loyal_orders`,
                  `t31`.`interval_median`
                FROM (
                  SELECT
                    `t30`.`g`,
                    `t30`.`k`,
                    `t30`.`orders`,
                    `t30`.`revenue`,
                    `t30`.`items`,
                    `t30`.`orders_new`,
                    `t30`.`revenue_new`,
                    `t30`.`interval_n`,
                    `t30`.`interval_sum`,
                    `t30`.`first_orders`,
                    `t30`.`second_orders`,
                    `t30`.`loyal_orders`,
                    `t30`.`interval_median`
                  FROM (
                    SELECT
                      `t20`.`g`,
                      `t20`.`k`,
                      `t20`.`orders`,
                      `t20`.`revenue`,
                      `t20`.`items`,
                      `t20`.`orders_new`,
                      `t20`.`revenue_new`,
                      `t20`.`interval_n`,
                      `t20`.`interval_sum`,
                      `t20`.`first_orders`,
                      `t20`.`second_orders`,
                      `t20`.`loyal_orders`,
                      `t28`.`mg`,
                      `t28`.`mk`,
                      `t28`.`interval_median`
                    FROM (
                      SELECT
                        `t15`.`g`,
                        `t15`.`k`,
                        COUNT(*) AS `orders`,
                        SUM(`t15`.`revenue`) AS `revenue`,
                        SUM(COALESCE(`t15`.`items`, 0)) AS `items`,
                        SUM(IF(`t15`.`is_new`, 1, 0)) AS `orders_new`,
                        SUM(IF(`t15`.`is_new`, `t15`.`revenue`, 0)) AS `revenue_new`,
                        COUNT(`t15`.`gap`) AS `interval_n`,
                        SUM(`t15`.`gap`) AS `interval_sum`,
                        SUM(IF(`t15`.`n` = 0, 1, 0)) AS `first_orders`,
                        SUM(IF(`t15`.`n` = 1, 1, 0)) AS `second_orders`,
                        SUM(IF(`t15`.`n` = 2, 1, 0)) AS `loyal_orders`
                      FROM (
                        SELECT
                          `t10`.`order_id`,
                          `t10`.`customer_id`,
                          `t10`.`ordered_at`,
                          `t10`.`revenue`,
                          `t10`.`items`,
                          `t10`.`channel`,
                          `t10`.`prev`,
                          `t10`.`nxt`,
                          `t10`.`n`,
                          `t10`.`first`,
                          '' AS `g`,
                          IF(
                            `t10`.`ordered_at` < CAST('2024-06-30T22:00:00' AS TIMESTAMP),
                            IF(
                              `t10`.`ordered_at` < CAST('2024-03-31T22:00:00' AS TIMESTAMP),
                              IF(
                                `t10`.`ordered_at` < CAST('2024-01-31T23:00:00' AS TIMESTAMP),
                                IF(`t10`.`ordered_at` < CAST('2023-12-31T23:00:00' AS TIMESTAMP), -1, 0),
                                IF(`t10`.`ordered_at` < CAST('2024-02-29T23:00:00' AS TIMESTAMP), 1, 2)
                              ),
                              IF(
                                `t10`.`ordered_at` < CAST('2024-05-31T22:00:00' AS TIMESTAMP),
                                IF(`t10`.`ordered_at` < CAST('2024-04-30T22:00:00' AS TIMESTAMP), 3, 4),
                                5
                              )
                            ),
                            IF(
                              `t10`.`ordered_at` < CAST('2024-10-31T23:00:00' AS TIMESTAMP),
                              IF(
                                `t10`.`ordered_at` < CAST('2024-08-31T22:00:00' AS TIMESTAMP),
                                IF(`t10`.`ordered_at` < CAST('2024-07-31T22:00:00' AS TIMESTAMP), 6, 7),
                                IF(`t10`.`ordered_at` < CAST('2024-09-30T22:00:00' AS TIMESTAMP), 8, 9)
                              ),
                              IF(
                                `t10`.`ordered_at` < CAST('2024-12-31T23:00:00' AS TIMESTAMP),
                                IF(`t10`.`ordered_at` < CAST('2024-11-30T23:00:00' AS TIMESTAMP), 10, 11),
                                12
                              )
                            )
                          ) AS `k`,
                          IF(
                            `t10`.`first` < CAST('2024-06-30T22:00:00' AS TIMESTAMP),
                            IF(
                              `t10`.`first` < CAST('2024-03-31T22:00:00' AS TIMESTAMP),
                              IF(
                                `t10`.`first` < CAST('2024-01-31T23:00:00' AS TIMESTAMP),
                                IF(`t10`.`first` < CAST('2023-12-31T23:00:00' AS TIMESTAMP), -1, 0),
                                IF(`t10`.`first` < CAST('2024-02-29T23:00:00' AS TIMESTAMP), 1, 2)
                              ),
                              IF(
                                `t10`.`first` < CAST('2024-05-31T22:00:00' AS TIMESTAMP),
                                IF(`t10`.`first` < CAST('2024-04-30T22:00:00' AS TIMESTAMP), 3, 4),
                                5
                              )
                            ),
                            IF(
                              `t10`.`first` < CAST('2024-10-31T23:00:00' AS TIMESTAMP),
                              IF(
                                `t10`.`first` < CAST('2024-08-31T22:00:00' AS TIMESTAMP),
                                IF(`t10`.`first` < CAST('2024-07-31T22:00:00' AS TIMESTAMP), 6, 7),
                                IF(`t10`.`first` < CAST('2024-09-30T22:00:00' AS TIMESTAMP), 8, 9)
                              ),
                              IF(
                                `t10`.`first` < CAST('2024-12-31T23:00:00' AS TIMESTAMP),
                                IF(`t10`.`first` < CAST('2024-11-30T23:00:00' AS TIMESTAMP), 10, 11),
                                12
                              )
                            )
                          ) = IF(
                            `t10`.`ordered_at` < CAST('2024-06-30T22:00:00' AS TIMESTAMP),
                            IF(
                              `t10`.`ordered_at` < CAST('2024-03-31T22:00:00' AS TIMESTAMP),
                              IF(
                                `t10`.`ordered_at` < CAST('2024-01-31T23:00:00' AS TIMESTAMP),
                                IF(`t10`.`ordered_at` < CAST('2023-12-31T23:00:00' AS TIMESTAMP), -1, 0),
                                IF(`t10`.`ordered_at` < CAST('2024-02-29T23:00:00' AS TIMESTAMP), 1, 2)
                              ),
                              IF(
                                `t10`.`ordered_at` < CAST('2024-05-31T22:00:00' AS TIMESTAMP),
                                IF(`t10`.`ordered_at` < CAST('2024-04-30T22:00:00' AS TIMESTAMP), 3, 4),
                                5
                              )
                            ),
                            IF(
                              `t10`.`ordered_at` < CAST('2024-10-31T23:00:00' AS TIMESTAMP),
                              IF(
                                `t10`.`ordered_at` < CAST('2024-08-31T22:00:00' AS TIMESTAMP),
                                IF(`t10`.`ordered_at` < CAST('2024-07-31T22:00:00' AS TIMESTAMP), 6, 7),
                                IF(`t10`.`ordered_at` < CAST('2024-09-30T22:00:00' AS TIMESTAMP), 8, 9)
                              ),
                              IF(
                                `t10`.`ordered_at` < CAST('2024-12-31T23:00:00' AS TIMESTAMP),
                                IF(`t10`.`ordered_at` < CAST('2024-11-30T23:00:00' AS TIMESTAMP), 10, 11),
                                12
                              )
                            )
                          ) AS `is_new`,
                          CAST(DATEDIFF(MICROSECOND, `t10`.`prev`, `t10`.`ordered_at`) AS DOUBLE) / 86400000000 AS `gap`
                        FROM `t9` AS `t10`
                      ) AS `t15`
                      GROUP BY
                        1,
                        2
                    ) AS `t20`
                    LEFT OUTER JOIN (
                      SELECT
                        `t25`.`g` AS `mg`,
                        `t25`.`k` AS `mk`,
                        (
                          `t25`.`_lo` + `t25`.`_hi`
                        ) / 2 AS `interval_median`
                      FROM (
                        SELECT
                          `t23`.`g`,
                          `t23`.`k`,
                          MIN(`t23`.`gap`) AS `_lo`,
                          MAX(`t23`.`gap`) AS `_hi`
                        FROM (
                          SELECT
                            *
                          FROM (
                            SELECT
                              `t16`.`order_id`,
                              `t16`.`customer_id`,
                              `t16`.`ordered_at`,
                              `t16`.`revenue`,
                              `t16`.`items`,
                              `t16`.`channel`,
                              `t16`.`prev`,
                              `t16`.`nxt`,
                              `t16`.`n`,
                              `t16`.`first`,
                              `t16`.`g`,
                              `t16`.`k`,
                              `t16`.`is_new`,
                              `t16`.`gap`,
                              ROW_NUMBER() OVER (PARTITION BY `t16`.`g`, `t16`.`k` ORDER BY `t16`.`gap` ASC NULLS LAST) - 1 AS `_r`,
                              COUNT(*) OVER (
                                PARTITION BY `t16`.`g`, `t16`.`k`
                                ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                              ) AS `_m`
                            FROM (
                              SELECT
                                `t10`.`order_id`,
                                `t10`.`customer_id`,
                                `t10`.`ordered_at`,
                                `t10`.`revenue`,
                                `t10`.`items`,
                                `t10`.`channel`,
                                `t10`.`prev`,
                                `t10`.`nxt`,
                                `t10`.`n`,
                                `t10`.`first`,
                                '' AS `g`,
                                IF(
                                  `t10`.`ordered_at` < CAST('2024-06-30T22:00:00' AS TIMESTAMP),
                                  IF(
                                    `t10`.`ordered_at` < CAST('2024-03-31T22:00:00' AS TIMESTAMP),
                                    IF(
                                      `t10`.`ordered_at` < CAST('2024-01-31T23:00:00' AS TIMESTAMP),
                                      IF(`t10`.`ordered_at` < CAST('2023-12-31T23:00:00' AS TIMESTAMP), -1, 0),
                                      IF(`t10`.`ordered_at` < CAST('2024-02-29T23:00:00' AS TIMESTAMP), 1, 2)
                                    ),
                                    IF(
                                      `t10`.`ordered_at` < CAST('2024-05-31T22:00:00' AS TIMESTAMP),
                                      IF(`t10`.`ordered_at` < CAST('2024-04-30T22:00:00' AS TIMESTAMP), 3, 4),
                                      5
                                    )
                                  ),
                                  IF(
                                    `t10`.`ordered_at` < CAST('2024-10-31T23:00:00' AS TIMESTAMP),
                                    IF(
                                      `t10`.`ordered_at` < CAST('2024-08-31T22:00:00' AS TIMESTAMP),
                                      IF(`t10`.`ordered_at` < CAST('2024-07-31T22:00:00' AS TIMESTAMP), 6, 7),
                                      IF(`t10`.`ordered_at` < CAST('2024-09-30T22:00:00' AS TIMESTAMP), 8, 9)
                                    ),
                                    IF(
                                      `t10`.`ordered_at` < CAST('2024-12-31T23:00:00' AS TIMESTAMP),
                                      IF(`t10`.`ordered_at` < CAST('2024-11-30T23:00:00' AS TIMESTAMP), 10, 11),
                                      12
                                    )
                                  )
                                ) AS `k`,
                                IF(
                                  `t10`.`first` < CAST('2024-06-30T22:00:00' AS TIMESTAMP),
                                  IF(
                                    `t10`.`first` < CAST('2024-03-31T22:00:00' AS TIMESTAMP),
                                    IF(
                                      `t10`.`first` < CAST('2024-01-31T23:00:00' AS TIMESTAMP),
                                      IF(`t10`.`first` < CAST('2023-12-31T23:00:00' AS TIMESTAMP), -1, 0),
                                      IF(`t10`.`first` < CAST('2024-02-29T23:00:00' AS TIMESTAMP), 1, 2)
                                    ),
                                    IF(
                                      `t10`.`first` < CAST('2024-05-31T22:00:00' AS TIMESTAMP),
                                      IF(`t10`.`first` < CAST('2024-04-30T22:00:00' AS TIMESTAMP), 3, 4),
                                      5
                                    )
                                  ),
                                  IF(
                                    `t10`.`first` < CAST('2024-10-31T23:00:00' AS TIMESTAMP),
                                    IF(
                                      `t10`.`first` < CAST('2024-08-31T22:00:00' AS TIMESTAMP),
                                      IF(`t10`.`first` < CAST('2024-07-31T22:00:00' AS TIMESTAMP), 6, 7),
                                      IF(`t10`.`first` < CAST('2024-09-30T22:00:00' AS TIMESTAMP), 8, 9)
                                    ),
                                    IF(
                                      `t10`.`first` < CAST('2024-12-31T23:00:00' AS TIMESTAMP),
                                      IF(`t10`.`first` < CAST('2024-11-30T23:00:00' AS TIMESTAMP), 10, 11),
                                      12
                                    )
                                  )
                                ) = IF(
                                  `t10`.`ordered_at` < CAST('2024-06-30T22:00:00' AS TIMESTAMP),
                                  IF(
                                    `t10`.`ordered_at` < CAST('2024-03-31T22:00:00' AS TIMESTAMP),
                                    IF(
                                      `t10`.`ordered_at` < CAST('2024-01-31T23:00:00' AS TIMESTAMP),
                                      IF(`t10`.`ordered_at` < CAST('2023-12-31T23:00:00' AS TIMESTAMP), -1, 0),
                                      IF(`t10`.`ordered_at` < CAST('2024-02-29T23:00:00' AS TIMESTAMP), 1, 2)
                                    ),
                                    IF(
                                      `t10`.`ordered_at` < CAST('2024-05-31T22:00:00' AS TIMESTAMP),
                                      IF(`t10`.`ordered_at` < CAST('2024-04-30T22:00:00' AS TIMESTAMP), 3, 4),
                                      5
                                    )
                                  ),
                                  IF(
                                    `t10`.`ordered_at` < CAST('2024-10-31T23:00:00' AS TIMESTAMP),
                                    IF(
                                      `t10`.`ordered_at` < CAST('2024-08-31T22:00:00' AS TIMESTAMP),
                                      IF(`t10`.`ordered_at` < CAST('2024-07-31T22:00:00' AS TIMESTAMP), 6, 7),
                                      IF(`t10`.`ordered_at` < CAST('2024-09-30T22:00:00' AS TIMESTAMP), 8, 9)
                                    ),
                                    IF(
                                      `t10`.`ordered_at` < CAST('2024-12-31T23:00:00' AS TIMESTAMP),
                                      IF(`t10`.`ordered_at` < CAST('2024-11-30T23:00:00' AS TIMESTAMP), 10, 11),
                                      12
                                    )
                                  )
                                ) AS `is_new`,
                                CAST(DATEDIFF(MICROSECOND, `t10`.`prev`, `t10`.`ordered_at`) AS DOUBLE) / 86400000000 AS `gap`
                              FROM `t9` AS `t10`
                              WHERE
                                (
                                  CAST(DATEDIFF(MICROSECOND, `t10`.`prev`, `t10`.`ordered_at`) AS DOUBLE) / 86400000000
                                ) IS NOT NULL
                                AND NOT ISNAN(
                                  CAST(DATEDIFF(MICROSECOND, `t10`.`prev`, `t10`.`ordered_at`) AS DOUBLE) / 86400000000
                                )
                            ) AS `t16`
                          ) AS `t19`
                          WHERE
                            (
                              `t19`.`_r` * 2
                            ) >= (
                              `t19`.`_m` - 2
                            )
                            AND (
                              `t19`.`_r` * 2
                            ) <= `t19`.`_m`
                        ) AS `t23`
                        GROUP BY
                          1,
                          2
                      ) AS `t25`
                    ) AS `t28`
                      ON `t20`.`g` = `t28`.`mg` AND `t20`.`k` = `t28`.`mk`
                  ) AS `t30`
                ) AS `t31`
              ) AS `t34`
                ON `t52`.`g` = `t34`.`cg` AND `t52`.`k` = `t34`.`ck`
            ) AS `t53`
          ) AS `t54`
        ) AS `t56`
        LEFT OUTER JOIN (
          SELECT
            `t11`.`g` AS `cg`,
            `t11`.`k` AS `ck`,
            `t11`.`items_returned`,
            `t11`.`amount_returned`
          FROM (
            SELECT
              `t8`.`g`,
              `t8`.`k`,
              SUM(COALESCE(`t8`.`items`, 0)) AS `items_returned`,
              SUM(COALESCE(`t8`.`amount`, 0)) AS `amount_returned`
            FROM (
              SELECT
                `t0`.`return_id`,
                `t0`.`order_id`,
                `t0`.`customer_id`,
                `t0`.`returned_at`,
                `t0`.`items`,
                `t0`.`amount`,
                '' AS `g`,
                IF(
                  `t0`.`returned_at` < CAST('2024-06-30T22:00:00' AS TIMESTAMP),
                  IF(
                    `t0`.`returned_at` < CAST('2024-03-31T22:00:00' AS TIMESTAMP),
                    IF(
                      `t0`.`returned_at` < CAST('2024-01-31T23:00:00' AS TIMESTAMP),
                      IF(`t0`.`returned_at` < CAST('2023-12-31T23:00:00' AS TIMESTAMP), -1, 0),
                      IF(`t0`.`returned_at` < CAST('2024-02-29T23:00:00' AS TIMESTAMP), 1, 2)
                    ),
                    IF(
                      `t0`.`returned_at` < CAST('2024-05-31T22:00:00' AS TIMESTAMP),
                      IF(`t0`.`returned_at` < CAST('2024-04-30T22:00:00' AS TIMESTAMP), 3, 4),
                      5
                    )
                  ),
                  IF(
                    `t0`.`returned_at` < CAST('2024-10-31T23:00:00' AS TIMESTAMP),
                    IF(
                      `t0`.`returned_at` < CAST('2024-08-31T22:00:00' AS TIMESTAMP),
                      IF(`t0`.`returned_at` < CAST('2024-07-31T22:00:00' AS TIMESTAMP), 6, 7),
                      IF(`t0`.`returned_at` < CAST('2024-09-30T22:00:00' AS TIMESTAMP), 8, 9)
                    ),
                    IF(
                      `t0`.`returned_at` < CAST('2024-12-31T23:00:00' AS TIMESTAMP),
                      IF(`t0`.`returned_at` < CAST('2024-11-30T23:00:00' AS TIMESTAMP), 10, 11),
                      12
                    )
                  )
                ) AS `k`
              FROM `returns` AS `t0`
            ) AS `t8`
            GROUP BY
              1,
              2
          ) AS `t11`
        ) AS `t13`
          ON `t56`.`g` = `t13`.`cg` AND `t56`.`k` = `t13`.`ck`
      ) AS `t57`
    ) AS `t58`
  ) AS `t59`
) AS `t60`
ORDER BY
  `t60`.`g` ASC NULLS LAST,
  `t60`.`k` ASC NULLS LAST
