WITH "t22" AS (
  SELECT
    "t17"."order_id",
    "t17"."customer_id",
    "t17"."ordered_at",
    "t17"."revenue",
    "t17"."items",
    "t17"."channel",
    LAG("t17"."ordered_at") OVER (
      PARTITION BY "t17"."customer_id"
      ORDER BY "t17"."ordered_at" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "prev",
    LEAD("t17"."ordered_at") OVER (
      PARTITION BY "t17"."customer_id"
      ORDER BY "t17"."ordered_at" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "nxt",
    ROW_NUMBER() OVER (
      PARTITION BY "t17"."customer_id"
      ORDER BY "t17"."ordered_at" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) - 1 AS "n",
    MIN("t17"."ordered_at") OVER (
      PARTITION BY "t17"."customer_id"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "first"
  FROM (
    SELECT
      "t12"."order_id",
      "t12"."customer_id",
      "t12"."ordered_at",
      "t12"."revenue",
      "t12"."items",
      "t12"."channel"
    FROM (
      SELECT
        "t5".*
        EXCLUDE ("import_id")
      FROM "orders" AS "t5"
    ) AS "t12"
  ) AS "t17"
), "t35" AS (
  SELECT
    "t31"."customer_id",
    "t31"."g",
    "t31"."j",
    SUM("t31"."mrr") AS "m"
  FROM (
    SELECT
      "t26"."subscription_id",
      "t26"."customer_id",
      "t26"."plan",
      "t26"."started_at",
      "t26"."ended_at",
      "t26"."mrr",
      "t26"."g",
      "t26"."lo",
      "t26"."hi",
      "t13"."j"
    FROM (
      SELECT
        "t11"."subscription_id",
        "t11"."customer_id",
        "t11"."plan",
        "t11"."started_at",
        "t11"."ended_at",
        "t11"."mrr",
        '' AS "g",
        CASE
          WHEN "t11"."started_at" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
          THEN CASE
            WHEN "t11"."started_at" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
            THEN CASE
              WHEN "t11"."started_at" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
              THEN CASE
                WHEN "t11"."started_at" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                THEN -1
                ELSE 0
              END
              ELSE CASE
                WHEN "t11"."started_at" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                THEN 1
                ELSE 2
              END
            END
            ELSE CASE
              WHEN "t11"."started_at" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
              THEN CASE
                WHEN "t11"."started_at" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                THEN 3
                ELSE 4
              END
              ELSE 5
            END
          END
          ELSE CASE
            WHEN "t11"."started_at" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
            THEN CASE
              WHEN "t11"."started_at" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
              THEN CASE
                WHEN "t11"."started_at" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                THEN 6
                ELSE 7
              END
              ELSE CASE
                WHEN "t11"."started_at" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                THEN 8
                ELSE 9
              END
            END
            ELSE CASE
              WHEN "t11"."started_at" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
              THEN CASE
                WHEN "t11"."started_at" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                THEN 10
                ELSE 11
              END
              ELSE 12
            END
          END
        END + 1 AS "lo",
        LEAST(
          CASE
            WHEN COALESCE("t11"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
            THEN CASE
              WHEN COALESCE("t11"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
              THEN CASE
                WHEN COALESCE("t11"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                THEN CASE
                  WHEN COALESCE("t11"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                  THEN -1
                  ELSE 0
                END
                ELSE CASE
                  WHEN COALESCE("t11"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                  THEN 1
                  ELSE 2
                END
              END
              ELSE CASE
                WHEN COALESCE("t11"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                THEN CASE
                  WHEN COALESCE("t11"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                  THEN 3
                  ELSE 4
                END
                ELSE 5
              END
            END
            ELSE CASE
              WHEN COALESCE("t11"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
              THEN CASE
                WHEN COALESCE("t11"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                THEN CASE
                  WHEN COALESCE("t11"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                  THEN 6
                  ELSE 7
                END
                ELSE CASE
                  WHEN COALESCE("t11"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                  THEN 8
                  ELSE 9
                END
              END
              ELSE CASE
                WHEN COALESCE("t11"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                THEN CASE
                  WHEN COALESCE("t11"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                  THEN 10
                  ELSE 11
                END
                ELSE 12
              END
            END
          END,
          12
        ) AS "hi"
      FROM (
        SELECT
          "t4".*
          EXCLUDE ("import_id")
        FROM "subscriptions" AS "t4"
      ) AS "t11"
    ) AS "t26"
    INNER JOIN "bounds" AS "t13"
      ON "t13"."j" >= "t26"."lo" AND "t13"."j" <= "t26"."hi"
  ) AS "t31"
  GROUP BY
    1,
    2,
    3
), "t57" AS (
  SELECT
    "t55"."customer_id",
    "t55"."island",
    MIN("t55"."s") AS "s",
    MAX("t55"."e") AS "e"
  FROM (
    SELECT
      "t52"."customer_id",
      "t52"."s",
      "t52"."e",
      "t52"."reach",
      "t52"."fresh",
      SUM("t52"."fresh") OVER (
        PARTITION BY "t52"."customer_id"
        ORDER BY "t52"."s" ASC, "t52"."e" ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS "island"
    FROM (
      SELECT
        "t50"."customer_id",
        "t50"."s",
        "t50"."e",
        "t50"."reach",
        CASE
          WHEN (
            "t50"."reach" IS NULL
          ) OR (
            "t50"."s" > "t50"."reach"
          )
          THEN 1
          ELSE 0
        END AS "fresh"
      FROM (
        SELECT
          "t47"."customer_id",
          "t47"."s",
          "t47"."e",
          MAX("t47"."e") OVER (
            PARTITION BY "t47"."customer_id"
            ORDER BY "t47"."s" ASC, "t47"."e" ASC
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 preceding
          ) AS "reach"
        FROM (
          SELECT
            *
          FROM (
            SELECT
              CAST("t37"."customer_id" AS TEXT) AS "customer_id",
              CAST("t37"."ordered_at" AS TIMESTAMP) AS "s",
              CAST(CASE WHEN "t37"."is_end" THEN "t37"."ordered_at" ELSE "t37"."after" END + INTERVAL '365' DAY AS TIMESTAMP) AS "e"
            FROM (
              SELECT
                "t32"."customer_id",
                "t32"."ordered_at",
                "t32"."n",
                "t32"."is_start",
                "t32"."is_end",
                LEAD("t32"."ordered_at") OVER (
                  PARTITION BY "t32"."customer_id"
                  ORDER BY "t32"."n" ASC
                  ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                ) AS "after"
              FROM (
                SELECT
                  "t23"."customer_id",
                  "t23"."ordered_at",
                  "t23"."n",
                  (
                    "t23"."prev" IS NULL
                  )
                  OR (
                    "t23"."ordered_at" > (
                      "t23"."prev" + INTERVAL '365' DAY
                    )
                  ) AS "is_start",
                  (
                    "t23"."nxt" IS NULL
                  )
                  OR (
                    "t23"."nxt" > (
                      "t23"."ordered_at" + INTERVAL '365' DAY
                    )
                  ) AS "is_end"
                FROM "t22" AS "t23"
                WHERE
                  (
                    "t23"."prev" IS NULL
                  )
                  OR (
                    "t23"."ordered_at" > (
                      "t23"."prev" + INTERVAL '365' DAY
                    )
                  )
                  OR (
                    (
                      "t23"."nxt" IS NULL
                    )
                    OR (
                      "t23"."nxt" > (
                        "t23"."ordered_at" + INTERVAL '365' DAY
                      )
                    )
                  )
              ) AS "t32"
            ) AS "t37"
            WHERE
              "t37"."is_start"
          ) AS "t45"
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              CAST("t11"."customer_id" AS TEXT) AS "customer_id",
              CAST("t11"."started_at" AS TIMESTAMP) AS "s",
              COALESCE("t11"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) AS "e"
            FROM (
              SELECT
                "t4".*
                EXCLUDE ("import_id")
              FROM "subscriptions" AS "t4"
            ) AS "t11"
          ) AS "t19"
        ) AS "t47"
      ) AS "t50"
    ) AS "t52"
  ) AS "t55"
  GROUP BY
    1,
    2
), "t64" AS (
  SELECT
    "t60"."customer_id",
    "t60"."s",
    "t60"."e",
    "t60"."g",
    CASE
      WHEN "t60"."s" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
      THEN CASE
        WHEN "t60"."s" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
        THEN CASE
          WHEN "t60"."s" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
          THEN CASE WHEN "t60"."s" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
          ELSE CASE WHEN "t60"."s" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
        END
        ELSE CASE
          WHEN "t60"."s" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
          THEN CASE WHEN "t60"."s" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
          ELSE 5
        END
      END
      ELSE CASE
        WHEN "t60"."s" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
        THEN CASE
          WHEN "t60"."s" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
          THEN CASE WHEN "t60"."s" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
          ELSE CASE WHEN "t60"."s" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
        END
        ELSE CASE
          WHEN "t60"."s" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
          THEN CASE WHEN "t60"."s" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
          ELSE 12
        END
      END
    END + 1 AS "lo",
    LEAST(
      CASE
        WHEN "t60"."e" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
        THEN CASE
          WHEN "t60"."e" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
          THEN CASE
            WHEN "t60"."e" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
            THEN CASE WHEN "t60"."e" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
            ELSE CASE WHEN "t60"."e" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
          END
          ELSE CASE
            WHEN "t60"."e" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
            THEN CASE WHEN "t60"."e" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
            ELSE 5
          END
        END
        ELSE CASE
          WHEN "t60"."e" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
          THEN CASE
            WHEN "t60"."e" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
            THEN CASE WHEN "t60"."e" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
            ELSE CASE WHEN "t60"."e" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
          END
          ELSE CASE
            WHEN "t60"."e" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
            THEN CASE WHEN "t60"."e" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
            ELSE 12
          END
        END
      END,
      12
    ) AS "hi",
    CASE
      WHEN MIN("t60"."s") OVER (
        PARTITION BY "t60"."customer_id"
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
      THEN CASE
        WHEN MIN("t60"."s") OVER (
          PARTITION BY "t60"."customer_id"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
        THEN CASE
          WHEN MIN("t60"."s") OVER (
            PARTITION BY "t60"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
          THEN CASE
            WHEN MIN("t60"."s") OVER (
              PARTITION BY "t60"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
            THEN -1
            ELSE 0
          END
          ELSE CASE
            WHEN MIN("t60"."s") OVER (
              PARTITION BY "t60"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
            THEN 1
            ELSE 2
          END
        END
        ELSE CASE
          WHEN MIN("t60"."s") OVER (
            PARTITION BY "t60"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
          THEN CASE
            WHEN MIN("t60"."s") OVER (
              PARTITION BY "t60"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
            THEN 3
            ELSE 4
          END
          ELSE 5
        END
      END
      ELSE CASE
        WHEN MIN("t60"."s") OVER (
          PARTITION BY "t60"."customer_id"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
        THEN CASE
          WHEN MIN("t60"."s") OVER (
            PARTITION BY "t60"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
          THEN CASE
            WHEN MIN("t60"."s") OVER (
              PARTITION BY "t60"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
            THEN 6
            ELSE 7
          END
          ELSE CASE
            WHEN MIN("t60"."s") OVER (
              PARTITION BY "t60"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
            THEN 8
            ELSE 9
          END
        END
        ELSE CASE
          WHEN MIN("t60"."s") OVER (
            PARTITION BY "t60"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
          THEN CASE
            WHEN MIN("t60"."s") OVER (
              PARTITION BY "t60"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
            THEN 10
            ELSE 11
          END
          ELSE 12
        END
      END
    END AS "f",
    "t60"."s" = MIN("t60"."s") OVER (
      PARTITION BY "t60"."customer_id"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "first"
  FROM (
    SELECT
      "t58"."customer_id",
      "t58"."s",
      "t58"."e",
      '' AS "g"
    FROM "t57" AS "t58"
  ) AS "t60"
), "t69" AS (
  SELECT
    "t67"."customer_id",
    "t67"."s",
    "t67"."e",
    "t67"."g",
    "t67"."lo",
    "t67"."hi",
    "t67"."f",
    "t67"."first",
    LAG("t67"."hi") OVER (
      PARTITION BY "t67"."customer_id"
      ORDER BY "t67"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "before",
    LEAD("t67"."lo") OVER (
      PARTITION BY "t67"."customer_id"
      ORDER BY "t67"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "after"
  FROM (
    SELECT
      *
    FROM "t64" AS "t65"
    WHERE
      "t65"."lo" <= "t65"."hi"
  ) AS "t67"
)
SELECT
  "t105"."g",
  "t105"."k",
  "t105"."period",
  "t105"."start",
  "t105"."end",
  "t105"."partial",
  "t105"."S" < 30 AS "small",
  "t105"."S" AS "customers_start",
  "t105"."E" AS "customers_end",
  "t105"."N" AS "new_customers",
  "t105"."S" - "t105"."lost" AS "kept_customers",
  "t105"."lost" AS "lost_customers",
  "t105"."gained_re" AS "reactivated_customers",
  CASE
    WHEN (
      CAST("t105"."S" AS DOUBLE) IS NULL
    ) OR (
      CAST("t105"."S" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t105"."E" - "t105"."N" AS DOUBLE) / CAST("t105"."S" AS DOUBLE)
    ) * 100
  END AS "retention_rate",
  CASE
    WHEN (
      CAST("t105"."S" AS DOUBLE) IS NULL
    ) OR (
      CAST("t105"."S" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t105"."S" - "t105"."lost" AS DOUBLE) / CAST("t105"."S" AS DOUBLE)
    ) * 100
  END AS "retention_rate_strict",
  CASE
    WHEN (
      CAST("t105"."S" AS DOUBLE) IS NULL
    ) OR (
      CAST("t105"."S" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t105"."lost" AS DOUBLE) / CAST("t105"."S" AS DOUBLE)
    ) * 100
  END AS "churn_rate",
  CAST("t105"."revenue" AS DOUBLE) AS "revenue",
  "t105"."orders",
  CAST("t105"."mrr_start" AS DOUBLE) AS "mrr_start",
  CAST("t105"."mrr_end" AS DOUBLE) AS "mrr_end",
  CASE
    WHEN (
      CAST("t105"."mrr_start" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t105"."mrr_start" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t105"."mrr_churned" + "t105"."mrr_contraction" AS DOUBLE) / CAST("t105"."mrr_start" AS DOUBLE)
    ) * 100
  END AS "revenue_churn_rate",
  CASE
    WHEN (
      CAST("t105"."mrr_start" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t105"."mrr_start" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST((
        "t105"."mrr_start" - "t105"."mrr_churned"
      ) - "t105"."mrr_contraction" AS DOUBLE) / CAST("t105"."mrr_start" AS DOUBLE)
    ) * 100
  END AS "gross_revenue_retention",
  CASE
    WHEN (
      CAST("t105"."mrr_start" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t105"."mrr_start" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST((
        (
          "t105"."mrr_start" - "t105"."mrr_churned"
        ) - "t105"."mrr_contraction"
      ) + "t105"."mrr_expansion" AS DOUBLE) / CAST("t105"."mrr_start" AS DOUBLE)
    ) * 100
  END AS "net_revenue_retention",
  CASE
    WHEN (
      CAST("t105"."buyers_to_date" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t105"."buyers_to_date" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t105"."repeat_to_date" AS DOUBLE) / CAST("t105"."buyers_to_date" AS DOUBLE)
    ) * 100
  END AS "repeat_customer_rate",
  CASE
    WHEN (
      CAST("t105"."buyers_to_date" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t105"."buyers_to_date" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t105"."loyal_to_date" AS DOUBLE) / CAST("t105"."buyers_to_date" AS DOUBLE)
    ) * 100
  END AS "loyal_customer_rate",
  CASE
    WHEN (
      CAST("t105"."orders" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t105"."orders" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t105"."revenue" AS DOUBLE) / CAST("t105"."orders" AS DOUBLE)
    ) * 1.0
  END AS "aov",
  CASE
    WHEN (
      CAST("t105"."orders_new" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t105"."orders_new" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t105"."revenue_new" AS DOUBLE) / CAST("t105"."orders_new" AS DOUBLE)
    ) * 1.0
  END AS "aov_new",
  CASE
    WHEN (
      CAST("t105"."orders" - "t105"."orders_new" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t105"."orders" - "t105"."orders_new" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t105"."revenue" - "t105"."revenue_new" AS DOUBLE) / CAST("t105"."orders" - "t105"."orders_new" AS DOUBLE)
    ) * 1.0
  END AS "aov_existing",
  CASE
    WHEN (
      CASE
        WHEN (
          CAST("t105"."orders_new" AS DOUBLE) IS NULL
        )
        OR (
          CAST("t105"."orders_new" AS DOUBLE) = 0
        )
        THEN CAST(NULL AS DOUBLE)
        ELSE (
          CAST("t105"."revenue_new" AS DOUBLE) / CAST("t105"."orders_new" AS DOUBLE)
        ) * 1.0
      END IS NULL
    )
    OR (
      CASE
        WHEN (
          CAST("t105"."orders_new" AS DOUBLE) IS NULL
        )
        OR (
          CAST("t105"."orders_new" AS DOUBLE) = 0
        )
        THEN CAST(NULL AS DOUBLE)
        ELSE (
          CAST("t105"."revenue_new" AS DOUBLE) / CAST("t105"."orders_new" AS DOUBLE)
        ) * 1.0
      END = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CASE
        WHEN (
          CAST("t105"."orders" - "t105"."orders_new" AS DOUBLE) IS NULL
        )
        OR (
          CAST("t105"."orders" - "t105"."orders_new" AS DOUBLE) = 0
        )
        THEN CAST(NULL AS DOUBLE)
        ELSE (
          CAST("t105"."revenue" - "t105"."revenue_new" AS DOUBLE) / CAST("t105"."orders" - "t105"."orders_new" AS DOUBLE)
        ) * 1.0
      END / CASE
        WHEN (
          CAST("t105"."orders_new" AS DOUBLE) IS NULL
        )
        OR (
          CAST("t105"."orders_new" AS DOUBLE) = 0
        )
        THEN CAST(NULL AS DOUBLE)
        ELSE (
          CAST("t105"."revenue_new" AS DOUBLE) / CAST("t105"."orders_new" AS DOUBLE)
        ) * 1.0
      END
    ) * 1.0
  END AS "aov_ratio",
  CASE
    WHEN (
      CAST("t105"."interval_n" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t105"."interval_n" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      "t105"."interval_sum" / CAST("t105"."interval_n" AS DOUBLE)
    ) * 1.0
  END AS "purchase_interval_mean",
  "t105"."interval_median" AS "purchase_interval_median",
  CASE
    WHEN (
      CAST("t105"."items" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t105"."items" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t105"."items_returned" AS DOUBLE) / CAST("t105"."items" AS DOUBLE)
    ) * 100
  END AS "return_rate_items",
  CASE
    WHEN (
      CAST("t105"."revenue" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t105"."revenue" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t105"."amount_returned" AS DOUBLE) / CAST("t105"."revenue" AS DOUBLE)
    ) * 100
  END AS "return_rate_amount",
  CASE
    WHEN (
      CAST("t105"."buyers_to_date" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t105"."buyers_to_date" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      "t105"."net_revenue_to_date" / CAST("t105"."buyers_to_date" AS DOUBLE)
    ) * 1.0
  END AS "clv_historical",
  (
    CASE
      WHEN (
        CAST("t105"."orders" AS DOUBLE) IS NULL
      )
      OR (
        CAST("t105"."orders" AS DOUBLE) = 0
      )
      THEN CAST(NULL AS DOUBLE)
      ELSE (
        CAST("t105"."revenue" AS DOUBLE) / CAST("t105"."orders" AS DOUBLE)
      ) * 1.0
    END * CASE
      WHEN (
        CAST("t105"."buyers_to_date" AS DOUBLE) IS NULL
      )
      OR (
        CAST("t105"."buyers_to_date" AS DOUBLE) = 0
      )
      THEN CAST(NULL AS DOUBLE)
      ELSE (
        CAST("t105"."repeat_to_date" AS DOUBLE) / CAST("t105"."buyers_to_date" AS DOUBLE)
      ) * 1.0
    END
  ) - CASE
    WHEN (
      CAST("t105"."N" AS DOUBLE) IS NULL
    ) OR (
      CAST("t105"."N" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CASE
        WHEN "t105"."cost_acquisition" > 0
        THEN "t105"."cost_acquisition"
        ELSE "t105"."cac_recorded"
      END / CAST("t105"."N" AS DOUBLE)
    ) * 1.0
  END AS "clv_simple",
  CASE
    WHEN (
      CAST("t105"."N" AS DOUBLE) IS NULL
    ) OR (
      CAST("t105"."N" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CASE
        WHEN "t105"."cost_acquisition" > 0
        THEN "t105"."cost_acquisition"
        ELSE "t105"."cac_recorded"
      END / CAST("t105"."N" AS DOUBLE)
    ) * 1.0
  END AS "acquisition_cost_per_new",
  CASE
    WHEN (
      CAST((
        "t105"."S" - "t105"."lost"
      ) + "t105"."gained_re" AS DOUBLE) IS NULL
    )
    OR (
      CAST((
        "t105"."S" - "t105"."lost"
      ) + "t105"."gained_re" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      "t105"."cost_retention" / CAST((
        "t105"."S" - "t105"."lost"
      ) + "t105"."gained_re" AS DOUBLE)
    ) * 1.0
  END AS "retention_cost_per_kept",
  CASE
    WHEN (
      CASE
        WHEN (
          CAST((
            "t105"."S" - "t105"."lost"
          ) + "t105"."gained_re" AS DOUBLE) IS NULL
        )
        OR (
          CAST((
            "t105"."S" - "t105"."lost"
          ) + "t105"."gained_re" AS DOUBLE) = 0
        )
        THEN CAST(NULL AS DOUBLE)
        ELSE (
          "t105"."cost_retention" / CAST((
            "t105"."S" - "t105"."lost"
          ) + "t105"."gained_re" AS DOUBLE)
        ) * 1.0
      END IS NULL
    )
    OR (
      CASE
        WHEN (
          CAST((
            "t105"."S" - "t105"."lost"
          ) + "t105"."gained_re" AS DOUBLE) IS NULL
        )
        OR (
          CAST((
            "t105"."S" - "t105"."lost"
          ) + "t105"."gained_re" AS DOUBLE) = 0
        )
        THEN CAST(NULL AS DOUBLE)
        ELSE (
          "t105"."cost_retention" / CAST((
            "t105"."S" - "t105"."lost"
          ) + "t105"."gained_re" AS DOUBLE)
        ) * 1.0
      END = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CASE
        WHEN (
          CAST("t105"."N" AS DOUBLE) IS NULL
        ) OR (
          CAST("t105"."N" AS DOUBLE) = 0
        )
        THEN CAST(NULL AS DOUBLE)
        ELSE (
          CASE
            WHEN "t105"."cost_acquisition" > 0
            THEN "t105"."cost_acquisition"
            ELSE "t105"."cac_recorded"
          END / CAST("t105"."N" AS DOUBLE)
        ) * 1.0
      END / CASE
        WHEN (
          CAST((
            "t105"."S" - "t105"."lost"
          ) + "t105"."gained_re" AS DOUBLE) IS NULL
        )
        OR (
          CAST((
            "t105"."S" - "t105"."lost"
          ) + "t105"."gained_re" AS DOUBLE) = 0
        )
        THEN CAST(NULL AS DOUBLE)
        ELSE (
          "t105"."cost_retention" / CAST((
            "t105"."S" - "t105"."lost"
          ) + "t105"."gained_re" AS DOUBLE)
        ) * 1.0
      END
    ) * 1.0
  END AS "cost_ratio"
FROM (
  SELECT
    "t104"."k",
    "t104"."period",
    "t104"."start",
    "t104"."end",
    "t104"."start_utc",
    "t104"."end_utc",
    "t104"."partial",
    "t104"."g",
    "t104"."new",
    "t104"."gained_new",
    "t104"."gained_re",
    "t104"."lost",
    "t104"."interval_median",
    "t104"."orders",
    "t104"."revenue",
    "t104"."items",
    "t104"."orders_new",
    "t104"."revenue_new",
    "t104"."interval_n",
    "t104"."interval_sum",
    "t104"."first_orders",
    "t104"."second_orders",
    "t104"."loyal_orders",
    "t104"."mrr_start",
    "t104"."mrr_end",
    "t104"."mrr_churned",
    "t104"."mrr_contraction",
    "t104"."mrr_expansion",
    "t104"."items_returned",
    "t104"."amount_returned",
    "t104"."cost_acquisition",
    "t104"."cost_retention",
    "t104"."cost_mixed",
    "t104"."cac_recorded",
    "t104"."E",
    "t104"."N",
    "t104"."buyers_to_date",
    "t104"."repeat_to_date",
    "t104"."loyal_to_date",
    "t104"."net_revenue_to_date",
    (
      (
        "t104"."E" - "t104"."gained_new"
      ) - "t104"."gained_re"
    ) + "t104"."lost" AS "S"
  FROM (
    SELECT
      "t103"."k",
      "t103"."period",
      "t103"."start",
      "t103"."end",
      "t103"."start_utc",
      "t103"."end_utc",
      "t103"."partial",
      "t103"."g",
      "t103"."new",
      "t103"."gained_new",
      "t103"."gained_re",
      "t103"."lost",
      "t103"."interval_median",
      "t103"."orders",
      "t103"."revenue",
      "t103"."items",
      "t103"."orders_new",
      "t103"."revenue_new",
      "t103"."interval_n",
      "t103"."interval_sum",
      "t103"."first_orders",
      "t103"."second_orders",
      "t103"."loyal_orders",
      "t103"."mrr_start",
      "t103"."mrr_end",
      "t103"."mrr_churned",
      "t103"."mrr_contraction",
      "t103"."mrr_expansion",
      "t103"."items_returned",
      "t103"."amount_returned",
      "t103"."cost_acquisition",
      "t103"."cost_retention",
      "t103"."cost_mixed",
      "t103"."cac_recorded",
      SUM((
        "t103"."gained_new" + "t103"."gained_re"
      ) - "t103"."lost") OVER (
        PARTITION BY "t103"."g"
        ORDER BY "t103"."k" ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS "E",
      "t103"."new" AS "N",
      SUM("t103"."first_orders") OVER (
        PARTITION BY "t103"."g"
        ORDER BY "t103"."k" ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS "buyers_to_date",
      SUM("t103"."second_orders") OVER (
        PARTITION BY "t103"."g"
        ORDER BY "t103"."k" ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS "repeat_to_date",
      SUM("t103"."loyal_orders") OVER (
        PARTITION BY "t103"."g"
        ORDER BY "t103"."k" ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS "loyal_to_date",
      SUM(CAST("t103"."revenue" AS DOUBLE) - CAST("t103"."amount_returned" AS DOUBLE)) OVER (
        PARTITION BY "t103"."g"
        ORDER BY "t103"."k" ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS "net_revenue_to_date"
    FROM (
      SELECT
        "t102"."k",
        "t102"."period",
        "t102"."start",
        "t102"."end",
        "t102"."start_utc",
        "t102"."end_utc",
        "t102"."partial",
        "t102"."g",
        "t102"."new",
        "t102"."gained_new",
        "t102"."gained_re",
        "t102"."lost",
        "t102"."interval_median",
        "t102"."orders",
        "t102"."revenue",
        "t102"."items",
        "t102"."orders_new",
        "t102"."revenue_new",
        "t102"."interval_n",
        "t102"."interval_sum",
        "t102"."first_orders",
        "t102"."second_orders",
        "t102"."loyal_orders",
        "t102"."mrr_start",
        "t102"."mrr_end",
        "t102"."mrr_churned",
        "t102"."mrr_contraction",
        "t102"."mrr_expansion",
        "t102"."items_returned",
        "t102"."amount_returned",
        "t102"."cost_acquisition",
        "t102"."cost_retention",
        "t102"."cost_mixed",
        COALESCE("t102"."cac_recorded", 0) AS "cac_recorded"
      FROM (
        SELECT
          "t101".*
          EXCLUDE ("cg", "ck")
        FROM (
          SELECT
            "t100"."k",
            "t100"."period",
            "t100"."start",
            "t100"."end",
            "t100"."start_utc",
            "t100"."end_utc",
            "t100"."partial",
            "t100"."g",
            "t100"."new",
            "t100"."gained_new",
            "t100"."gained_re",
            "t100"."lost",
            "t100"."interval_median",
            "t100"."orders",
            "t100"."revenue",
            "t100"."items",
            "t100"."orders_new",
            "t100"."revenue_new",
            "t100"."interval_n",
            "t100"."interval_sum",
            "t100"."first_orders",
            "t100"."second_orders",
            "t100"."loyal_orders",
            "t100"."mrr_start",
            "t100"."mrr_end",
            "t100"."mrr_churned",
            "t100"."mrr_contraction",
            "t100"."mrr_expansion",
            "t100"."items_returned",
            "t100"."amount_returned",
            "t100"."cost_acquisition",
            "t100"."cost_retention",
            "t100"."cost_mixed",
            "t73"."cg",
            "t73"."ck",
            "t73"."cac_recorded"
          FROM (
            SELECT
              "t98"."k",
              "t98"."period",
              "t98"."start",
              "t98"."end",
              "t98"."start_utc",
              "t98"."end_utc",
              "t98"."partial",
              "t98"."g",
              "t98"."new",
              "t98"."gained_new",
              "t98"."gained_re",
              "t98"."lost",
              "t98"."interval_median",
              "t98"."orders",
              "t98"."revenue",
              "t98"."items",
              "t98"."orders_new",
              "t98"."revenue_new",
              "t98"."interval_n",
              "t98"."interval_sum",
              "t98"."first_orders",
              "t98"."second_orders",
              "t98"."loyal_orders",
              "t98"."mrr_start",
              "t98"."mrr_end",
              "t98"."mrr_churned",
              "t98"."mrr_contraction",
              "t98"."mrr_expansion",
              "t98"."items_returned",
              "t98"."amount_returned",
              COALESCE("t98"."cost_acquisition", 0) AS "cost_acquisition",
              COALESCE("t98"."cost_retention", 0) AS "cost_retention",
              COALESCE("t98"."cost_mixed", 0) AS "cost_mixed"
            FROM (
              SELECT
                "t97".*
                EXCLUDE ("cg", "ck")
              FROM (
                SELECT
                  "t96"."k",
                  "t96"."period",
                  "t96"."start",
                  "t96"."end",
                  "t96"."start_utc",
                  "t96"."end_utc",
                  "t96"."partial",
                  "t96"."g",
                  "t96"."new",
                  "t96"."gained_new",
                  "t96"."gained_re",
                  "t96"."lost",
                  "t96"."interval_median",
                  "t96"."orders",
                  "t96"."revenue",
                  "t96"."items",
                  "t96"."orders_new",
                  "t96"."revenue_new",
                  "t96"."interval_n",
                  "t96"."interval_sum",
                  "t96"."first_orders",
                  "t96"."second_orders",
                  "t96"."loyal_orders",
                  "t96"."mrr_start",
                  "t96"."mrr_end",
                  "t96"."mrr_churned",
                  "t96"."mrr_contraction",
                  "t96"."mrr_expansion",
                  "t96"."items_returned",
                  "t96"."amount_returned",
                  "t39"."cg",
                  "t39"."ck",
                  "t39"."cost_acquisition",
                  "t39"."cost_retention",
                  "t39"."cost_mixed"
                FROM (
                  SELECT
                    "t94"."k",
                    "t94"."period",
                    "t94"."start",
                    "t94"."end",
                    "t94"."start_utc",
                    "t94"."end_utc",
                    "t94"."partial",
                    "t94"."g",
                    "t94"."new",
                    "t94"."gained_new",
                    "t94"."gained_re",
                    "t94"."lost",
                    "t94"."interval_median",
                    "t94"."orders",
                    "t94"."revenue",
                    "t94"."items",
                    "t94"."orders_new",
                    "t94"."revenue_new",
                    "t94"."interval_n",
                    "t94"."interval_sum",
                    "t94"."first_orders",
                    "t94"."second_orders",
                    "t94"."loyal_orders",
                    "t94"."mrr_start",
                    "t94"."mrr_end",
                    "t94"."mrr_churned",
                    "t94"."mrr_contraction",
                    "t94"."mrr_expansion",
                    COALESCE("t94"."items_returned", 0) AS "items_returned",
                    COALESCE("t94"."amount_returned", 0) AS "amount_returned"
                  FROM (
                    SELECT
                      "t93".*
                      EXCLUDE ("cg", "ck")
                    FROM (
                      SELECT
                        "t92"."k",
                        "t92"."period",
                        "t92"."start",
                        "t92"."end",
                        "t92"."start_utc",
                        "t92"."end_utc",
                        "t92"."partial",
                        "t92"."g",
                        "t92"."new",
                        "t92"."gained_new",
                        "t92"."gained_re",
                        "t92"."lost",
                        "t92"."interval_median",
                        "t92"."orders",
                        "t92"."revenue",
                        "t92"."items",
                        "t92"."orders_new",
                        "t92"."revenue_new",
                        "t92"."interval_n",
                        "t92"."interval_sum",
                        "t92"."first_orders",
                        "t92"."second_orders",
                        "t92"."loyal_orders",
                        "t92"."mrr_start",
                        "t92"."mrr_end",
                        "t92"."mrr_churned",
                        "t92"."mrr_contraction",
                        "t92"."mrr_expansion",
                        "t30"."cg",
                        "t30"."ck",
                        "t30"."items_returned",
                        "t30"."amount_returned"
                      FROM (
                        SELECT
                          "t90"."k",
                          "t90"."period",
                          "t90"."start",
                          "t90"."end",
                          "t90"."start_utc",
                          "t90"."end_utc",
                          "t90"."partial",
                          "t90"."g",
                          "t90"."new",
                          "t90"."gained_new",
                          "t90"."gained_re",
                          "t90"."lost",
                          "t90"."interval_median",
                          "t90"."orders",
                          "t90"."revenue",
                          "t90"."items",
                          "t90"."orders_new",
                          "t90"."revenue_new",
                          "t90"."interval_n",
                          "t90"."interval_sum",
                          "t90"."first_orders",
                          "t90"."second_orders",
                          "t90"."loyal_orders",
                          COALESCE("t90"."mrr_start", 0) AS "mrr_start",
                          COALESCE("t90"."mrr_end", 0) AS "mrr_end",
                          COALESCE("t90"."mrr_churned", 0) AS "mrr_churned",
                          COALESCE("t90"."mrr_contraction", 0) AS "mrr_contraction",
                          COALESCE("t90"."mrr_expansion", 0) AS "mrr_expansion"
                        FROM (
                          SELECT
                            "t89".*
                            EXCLUDE ("cg", "ck")
                          FROM (
                            SELECT
                              "t88"."k",
                              "t88"."period",
                              "t88"."start",
                              "t88"."end",
                              "t88"."start_utc",
                              "t88"."end_utc",
                              "t88"."partial",
                              "t88"."g",
                              "t88"."new",
                              "t88"."gained_new",
                              "t88"."gained_re",
                              "t88"."lost",
                              "t88"."interval_median",
                              "t88"."orders",
                              "t88"."revenue",
                              "t88"."items",
                              "t88"."orders_new",
                              "t88"."revenue_new",
                              "t88"."interval_n",
                              "t88"."interval_sum",
                              "t88"."first_orders",
                              "t88"."second_orders",
                              "t88"."loyal_orders",
                              "t56"."cg",
                              "t56"."ck",
                              "t56"."mrr_start",
                              "t56"."mrr_end",
                              "t56"."mrr_churned",
                              "t56"."mrr_contraction",
                              "t56"."mrr_expansion"
                            FROM (
                              SELECT
                                "t86"."k",
                                "t86"."period",
                                "t86"."start",
                                "t86"."end",
                                "t86"."start_utc",
                                "t86"."end_utc",
                                "t86"."partial",
                                "t86"."g",
                                "t86"."new",
                                "t86"."gained_new",
                                "t86"."gained_re",
                                "t86"."lost",
                                "t86"."interval_median",
                                COALESCE("t86"."orders", 0) AS "orders",
                                COALESCE("t86"."revenue", 0) AS "revenue",
                                COALESCE("t86"."items", 0) AS "items",
                                COALESCE("t86"."orders_new", 0) AS "orders_new",
                                COALESCE("t86"."revenue_new", 0) AS "revenue_new",
                                COALESCE("t86"."interval_n", 0) AS "interval_n",
                                COALESCE("t86"."interval_sum", 0) AS "interval_sum",
                                COALESCE("t86"."first_orders", 0) AS "first_orders",
                                COALESCE("t86"."second_orders", 0) AS "second_orders",
                                COALESCE("t86"."loyal_orders", 0) AS "loyal_orders"
                              FROM (
                                SELECT
                                  "t85".*
                                  EXCLUDE ("cg", "ck")
                                FROM (
                                  SELECT
                                    "t84"."k",
                                    "t84"."period",
                                    "t84"."start",
                                    "t84"."end",
                                    "t84"."start_utc",
                                    "t84"."end_utc",
                                    "t84"."partial",
                                    "t84"."g",
                                    "t84"."new",
                                    "t84"."gained_new",
                                    "t84"."gained_re",
                                    "t84"."lost",
                                    "t48"."cg",
                                    "t48"."ck",
                                    "t48"."interval_median",
                                    "t48"."orders",
                                    "t48"."revenue",
                                    "t48"."items",
                                    "t48"."orders_new",
                                    "t48"."revenue_new",
                                    "t48"."interval_n",
                                    "t48"."interval_sum",
                                    "t48"."first_orders",
                                    "t48"."second_orders",
                                    "t48"."loyal_orders"
                                  FROM (
                                    SELECT
                                      "t82"."k",
                                      "t82"."period",
                                      "t82"."start",
                                      "t82"."end",
                                      "t82"."start_utc",
                                      "t82"."end_utc",
                                      "t82"."partial",
                                      "t82"."g",
                                      COALESCE("t82"."new", 0) AS "new",
                                      COALESCE("t82"."gained_new", 0) AS "gained_new",
                                      COALESCE("t82"."gained_re", 0) AS "gained_re",
                                      COALESCE("t82"."lost", 0) AS "lost"
                                    FROM (
                                      SELECT
                                        "t81".*
                                        EXCLUDE ("cg", "ck")
                                      FROM (
                                        SELECT
                                          "t16"."k",
                                          "t16"."period",
                                          "t16"."start",
                                          "t16"."end",
                                          "t16"."start_utc",
                                          "t16"."end_utc",
                                          "t16"."partial",
                                          "t16"."g",
                                          "t80"."cg",
                                          "t80"."ck",
                                          "t80"."new",
                                          "t80"."gained_new",
                                          "t80"."gained_re",
                                          "t80"."lost"
                                        FROM (
                                          SELECT
                                            "t2"."k",
                                            "t2"."period",
                                            "t2"."start",
                                            "t2"."end",
                                            "t2"."start_utc",
                                            "t2"."end_utc",
                                            "t2"."partial",
                                            '' AS "g"
                                          FROM "periods" AS "t2"
                                        ) AS "t16"
                                        LEFT OUTER JOIN (
                                          SELECT
                                            "t78"."g" AS "cg",
                                            "t78"."k" AS "ck",
                                            "t78"."new",
                                            "t78"."gained_new",
                                            "t78"."gained_re",
                                            "t78"."lost"
                                          FROM (
                                            SELECT
                                              "t77"."g",
                                              "t77"."k",
                                              SUM("t77"."new") AS "new",
                                              SUM("t77"."gained_new") AS "gained_new",
                                              SUM("t77"."gained_re") AS "gained_re",
                                              SUM("t77"."lost") AS "lost"
                                            FROM (
                                              SELECT
                                                *
                                              FROM (
                                                SELECT
                                                  *
                                                FROM (
                                                  SELECT
                                                    "t65"."g",
                                                    "t65"."f" AS "k",
                                                    1 AS "new",
                                                    0 AS "gained_new",
                                                    0 AS "gained_re",
                                                    0 AS "lost"
                                                  FROM "t64" AS "t65"
                                                  WHERE
                                                    "t65"."first"
                                                ) AS "t66"
                                                UNION ALL
                                                SELECT
                                                  *
                                                FROM (
                                                  SELECT
                                                    "t70"."g",
                                                    "t70"."lo" - 1 AS "k",
                                                    0 AS "new",
                                                    CASE WHEN "t70"."f" = (
                                                      "t70"."lo" - 1
                                                    ) THEN 1 ELSE 0 END AS "gained_new",
                                                    CASE WHEN "t70"."f" = (
                                                      "t70"."lo" - 1
                                                    ) THEN 0 ELSE 1 END AS "gained_re",
                                                    0 AS "lost"
                                                  FROM "t69" AS "t70"
                                                  WHERE
                                                    (
                                                      "t70"."before" IS NULL
                                                    ) OR (
                                                      "t70"."before" < (
                                                        "t70"."lo" - 1
                                                      )
                                                    )
                                                ) AS "t75"
                                              ) AS "t76"
                                              UNION ALL
                                              SELECT
                                                *
                                              FROM (
                                                SELECT
                                                  "t70"."g",
                                                  "t70"."hi" AS "k",
                                                  0 AS "new",
                                                  0 AS "gained_new",
                                                  0 AS "gained_re",
                                                  1 AS "lost"
                                                FROM "t69" AS "t70"
                                                WHERE
                                                  (
                                                    (
                                                      "t70"."after" IS NULL
                                                    ) OR (
                                                      "t70"."after" > (
                                                        "t70"."hi" + 1
                                                      )
                                                    )
                                                  )
                                                  AND "t70"."hi" < 12
                                              ) AS "t74"
                                            ) AS "t77"
                                            GROUP BY
                                              1,
                                              2
                                          ) AS "t78"
                                        ) AS "t80"
                                          ON "t16"."g" = "t80"."cg" AND "t16"."k" = "t80"."ck"
                                      ) AS "t81"
                                    ) AS "t82"
                                  ) AS "t84"
                                  LEFT OUTER JOIN (
                                    SELECT
                                      "t44"."g" AS "cg",
                                      "t44"."k" AS "ck",
                                      "t44"."interval_median",
                                      "t44"."orders",
                                      "t44"."revenue",
                                      "t44"."items",
                                      "t44"."orders_new",
                                      "t44"."revenue_new",
                                      "t44"."interval_n",
                                      "t44"."interval_sum",
                                      "t44"."first_orders",
                                      "t44"."second_orders",
                                      "t44"."loyal_orders"
                                    FROM (
                                      SELECT
                                        "t33"."g",
                                        "t33"."k",
                                        QUANTILE_CONT("t33"."gap", 0.5) AS "interval_median",
                                        COUNT(*) AS "orders",
                                        SUM("t33"."revenue") AS "revenue",
                                        SUM(COALESCE("t33"."items", 0)) AS "items",
                                        SUM(CASE WHEN "t33"."is_new" THEN 1 ELSE 0 END) AS "orders_new",
                                        SUM(CASE WHEN "t33"."is_new" THEN "t33"."revenue" ELSE 0 END) AS "revenue_new",
                                        COUNT("t33"."gap") AS "interval_n",
                                        SUM("t33"."gap") AS "interval_sum",
                                        SUM(CASE WHEN "t33"."n" = 0 THEN 1 ELSE 0 END) AS "first_orders",
                                        SUM(CASE WHEN "t33"."n" = 1 THEN 1 ELSE 0 END) AS "second_orders",
                                        SUM(CASE WHEN "t33"."n" = 2 THEN 1 ELSE 0 END) AS "loyal_orders"
                                      FROM (
                                        SELECT
                                          "t23"."order_id",
                                          "t23"."customer_id",
                                          "t23"."ordered_at",
                                          "t23"."revenue",
                                          "t23"."items",
                                          "t23"."channel",
                                          "t23"."prev",
                                          "t23"."nxt",
                                          "t23"."n",
                                          "t23"."first",
                                          '' AS "g",
                                          CASE
                                            WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                                            THEN CASE
                                              WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                                              THEN CASE
                                                WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                                                THEN CASE
                                                  WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                                                  THEN -1
                                                  ELSE 0
                                                END
                                                ELSE CASE
                                                  WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                                                  THEN 1
                                                  ELSE 2
                                                END
                                              END
                                              ELSE CASE
                                                WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                                                THEN CASE
                                                  WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                                                  THEN 3
                                                  ELSE 4
                                                END
                                                ELSE 5
                                              END
                                            END
                                            ELSE CASE
                                              WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                                              THEN CASE
                                                WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                                                THEN CASE
                                                  WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                                                  THEN 6
                                                  ELSE 7
                                                END
                                                ELSE CASE
                                                  WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                                                  THEN 8
                                                  ELSE 9
                                                END
                                              END
                                              ELSE CASE
                                                WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                                                THEN CASE
                                                  WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                                                  THEN 10
                                                  ELSE 11
                                                END
                                                ELSE 12
                                              END
                                            END
                                          END AS "k",
                                          CASE
                                            WHEN "t23"."first" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                                            THEN CASE
                                              WHEN "t23"."first" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                                              THEN CASE
                                                WHEN "t23"."first" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                                                THEN CASE
                                                  WHEN "t23"."first" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                                                  THEN -1
                                                  ELSE 0
                                                END
                                                ELSE CASE WHEN "t23"."first" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
                                              END
                                              ELSE CASE
                                                WHEN "t23"."first" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                                                THEN CASE WHEN "t23"."first" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
                                                ELSE 5
                                              END
                                            END
                                            ELSE CASE
                                              WHEN "t23"."first" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                                              THEN CASE
                                                WHEN "t23"."first" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                                                THEN CASE WHEN "t23"."first" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
                                                ELSE CASE WHEN "t23"."first" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
                                              END
                                              ELSE CASE
                                                WHEN "t23"."first" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                                                THEN CASE
                                                  WHEN "t23"."first" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                                                  THEN 10
                                                  ELSE 11
                                                END
                                                ELSE 12
                                              END
                                            END
                                          END = CASE
                                            WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                                            THEN CASE
                                              WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                                              THEN CASE
                                                WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                                                THEN CASE
                                                  WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                                                  THEN -1
                                                  ELSE 0
                                                END
                                                ELSE CASE
                                                  WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                                                  THEN 1
                                                  ELSE 2
                                                END
                                              END
                                              ELSE CASE
                                                WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                                                THEN CASE
                                                  WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                                                  THEN 3
                                                  ELSE 4
                                                END
                                                ELSE 5
                                              END
                                            END
                                            ELSE CASE
                                              WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                                              THEN CASE
                                                WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                                                THEN CASE
                                                  WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                                                  THEN 6
                                                  ELSE 7
                                                END
                                                ELSE CASE
                                                  WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                                                  THEN 8
                                                  ELSE 9
                                                END
                                              END
                                              ELSE CASE
                                                WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                                                THEN CASE
                                                  WHEN "t23"."ordered_at" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                                                  THEN 10
                                                  ELSE 11
                                                END
                                                ELSE 12
                                              END
                                            END
                                          END AS "is_new",
                                          CAST(DATE_DIFF('MICROSECOND', "t23"."prev", "t23"."ordered_at") AS DOUBLE) / 86400000000 AS "gap"
                                        FROM "t22" AS "t23"
                                      ) AS "t33"
                                      GROUP BY
                                        1,
                                        2
                                    ) AS "t44"
                                  ) AS "t48"
                                    ON "t84"."g" = "t48"."cg" AND "t84"."k" = "t48"."ck"
                                ) AS "t85"
                              ) AS "t86"
                            ) AS "t88"
                            LEFT OUTER JOIN (
                              SELECT
                                "t53"."g" AS "cg",
                                "t53"."k" AS "ck",
                                "t53"."mrr_start",
                                "t53"."mrr_end",
                                "t53"."mrr_churned",
                                "t53"."mrr_contraction",
                                "t53"."mrr_expansion"
                              FROM (
                                SELECT
                                  "t51"."g",
                                  "t51"."k",
                                  SUM("t51"."ma") AS "mrr_start",
                                  SUM("t51"."mb") AS "mrr_end",
                                  SUM(
                                    CASE
                                      WHEN (
                                        "t51"."ma" > 0
                                      ) AND (
                                        "t51"."mb" = 0
                                      )
                                      THEN "t51"."ma"
                                      ELSE CAST(0.00 AS DECIMAL(18, 2))
                                    END
                                  ) AS "mrr_churned",
                                  SUM(
                                    CASE
                                      WHEN (
                                        "t51"."mb" > 0
                                      ) AND (
                                        "t51"."mb" < "t51"."ma"
                                      )
                                      THEN "t51"."ma" - "t51"."mb"
                                      ELSE CAST(0.00 AS DECIMAL(18, 2))
                                    END
                                  ) AS "mrr_contraction",
                                  SUM(
                                    CASE
                                      WHEN (
                                        "t51"."ma" > 0
                                      ) AND (
                                        "t51"."mb" > "t51"."ma"
                                      )
                                      THEN "t51"."mb" - "t51"."ma"
                                      ELSE CAST(0.00 AS DECIMAL(18, 2))
                                    END
                                  ) AS "mrr_expansion"
                                FROM (
                                  SELECT
                                    *
                                  FROM (
                                    SELECT
                                      COALESCE("t42"."ga", "t43"."gb") AS "g",
                                      COALESCE("t42"."ja", "t43"."jb" - 1) AS "k",
                                      COALESCE("t42"."ma", CAST(0.00 AS DECIMAL(18, 2))) AS "ma",
                                      COALESCE("t43"."mb", CAST(0.00 AS DECIMAL(18, 2))) AS "mb"
                                    FROM (
                                      SELECT
                                        "t36"."customer_id" AS "ca",
                                        "t36"."g" AS "ga",
                                        "t36"."j" AS "ja",
                                        "t36"."m" AS "ma"
                                      FROM "t35" AS "t36"
                                    ) AS "t42"
                                    FULL OUTER JOIN (
                                      SELECT
                                        "t36"."customer_id" AS "cb",
                                        "t36"."g" AS "gb",
                                        "t36"."j" AS "jb",
                                        "t36"."m" AS "mb"
                                      FROM "t35" AS "t36"
                                    ) AS "t43"
                                      ON "t42"."ca" = "t43"."cb" AND (
                                        "t42"."ja" + 1
                                      ) = "t43"."jb"
                                  ) AS "t49"
                                  WHERE
                                    "t49"."k" >= 0 AND "t49"."k" < 12
                                ) AS "t51"
                                GROUP BY
                                  1,
                                  2
                              ) AS "t53"
                            ) AS "t56"
                              ON "t88"."g" = "t56"."cg" AND "t88"."k" = "t56"."ck"
                          ) AS "t89"
                        ) AS "t90"
                      ) AS "t92"
                      LEFT OUTER JOIN (
                        SELECT
                          "t27"."g" AS "cg",
                          "t27"."k" AS "ck",
                          "t27"."items_returned",
                          "t27"."amount_returned"
                        FROM (
                          SELECT
                            "t21"."g",
                            "t21"."k",
                            SUM(COALESCE("t21"."items", 0)) AS "items_returned",
                            SUM(COALESCE("t21"."amount", 0)) AS "amount_returned"
                          FROM (
                            SELECT
                              "t10"."return_id",
                              "t10"."order_id",
                              "t10"."customer_id",
                              "t10"."returned_at",
                              "t10"."items",
                              "t10"."amount",
                              '' AS "g",
                              CASE
                                WHEN "t10"."returned_at" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                                THEN CASE
                                  WHEN "t10"."returned_at" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                                  THEN CASE
                                    WHEN "t10"."returned_at" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                                    THEN CASE
                                      WHEN "t10"."returned_at" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                                      THEN -1
                                      ELSE 0
                                    END
                                    ELSE CASE
                                      WHEN "t10"."returned_at" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                                      THEN 1
                                      ELSE 2
                                    END
                                  END
                                  ELSE CASE
                                    WHEN "t10"."returned_at" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                                    THEN CASE
                                      WHEN "t10"."returned_at" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                                      THEN 3
                                      ELSE 4
                                    END
                                    ELSE 5
                                  END
                                END
                                ELSE CASE
                                  WHEN "t10"."returned_at" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                                  THEN CASE
                                    WHEN "t10"."returned_at" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                                    THEN CASE
                                      WHEN "t10"."returned_at" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                                      THEN 6
                                      ELSE 7
                                    END
                                    ELSE CASE
                                      WHEN "t10"."returned_at" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                                      THEN 8
                                      ELSE 9
                                    END
                                  END
                                  ELSE CASE
                                    WHEN "t10"."returned_at" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                                    THEN CASE
                                      WHEN "t10"."returned_at" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                                      THEN 10
                                      ELSE 11
                                    END
                                    ELSE 12
                                  END
                                END
                              END AS "k"
                            FROM (
                              SELECT
                                "t3".*
                                EXCLUDE ("import_id")
                              FROM "returns" AS "t3"
                            ) AS "t10"
                          ) AS "t21"
                          GROUP BY
                            1,
                            2
                        ) AS "t27"
                      ) AS "t30"
                        ON "t92"."g" = "t30"."cg" AND "t92"."k" = "t30"."ck"
                    ) AS "t93"
                  ) AS "t94"
                ) AS "t96"
                LEFT OUTER JOIN (
                  SELECT
                    "t34"."g" AS "cg",
                    "t34"."k" AS "ck",
                    "t34"."cost_acquisition",
                    "t34"."cost_retention",
                    "t34"."cost_mixed"
                  FROM (
                    SELECT
                      "t28"."g",
                      "t28"."k",
                      SUM(CASE WHEN "t28"."purpose" = 'acquisition' THEN "t28"."share" ELSE 0.0 END) AS "cost_acquisition",
                      SUM(CASE WHEN "t28"."purpose" = 'retention' THEN "t28"."share" ELSE 0.0 END) AS "cost_retention",
                      SUM(CASE WHEN "t28"."purpose" = 'mixed' THEN "t28"."share" ELSE 0.0 END) AS "cost_mixed"
                    FROM (
                      SELECT
                        *
                      FROM (
                        SELECT
                          '' AS "g",
                          "t9"."k",
                          "t14"."purpose",
                          (
                            CAST("t14"."amount" AS DOUBLE) * CAST(DATE_DIFF(
                              'DAY',
                              GREATEST("t14"."period_start", "t9"."start"),
                              LEAST("t14"."period_end" + INTERVAL '1' DAY, "t9"."end")
                            ) AS DOUBLE)
                          ) / CAST(DATE_DIFF('DAY', "t14"."period_start", "t14"."period_end" + INTERVAL '1' DAY) AS DOUBLE) AS "share"
                        FROM (
                          SELECT
                            "t1".*
                            EXCLUDE ("import_id")
                          FROM "costs" AS "t1"
                        ) AS "t14"
                        INNER JOIN "periods" AS "t9"
                          ON "t14"."period_start" < "t9"."end" AND "t14"."period_end" >= "t9"."start"
                      ) AS "t24"
                      WHERE
                        "t24"."g" IS NOT NULL
                    ) AS "t28"
                    GROUP BY
                      1,
                      2
                  ) AS "t34"
                ) AS "t39"
                  ON "t96"."g" = "t39"."cg" AND "t96"."k" = "t39"."ck"
              ) AS "t97"
            ) AS "t98"
          ) AS "t100"
          LEFT OUTER JOIN (
            SELECT
              "t71"."g" AS "cg",
              "t71"."k" AS "ck",
              "t71"."cac_recorded"
            FROM (
              SELECT
                "t68"."g",
                "t68"."k",
                SUM(CAST("t68"."acquisition_cost" AS DOUBLE)) AS "cac_recorded"
              FROM (
                SELECT
                  "t63"."customer_id",
                  "t63"."fs",
                  "t63"."acquisition_cost",
                  '' AS "g",
                  CASE
                    WHEN "t63"."fs" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                    THEN CASE
                      WHEN "t63"."fs" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                      THEN CASE
                        WHEN "t63"."fs" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                        THEN CASE WHEN "t63"."fs" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
                        ELSE CASE WHEN "t63"."fs" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
                      END
                      ELSE CASE
                        WHEN "t63"."fs" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                        THEN CASE WHEN "t63"."fs" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
                        ELSE 5
                      END
                    END
                    ELSE CASE
                      WHEN "t63"."fs" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                      THEN CASE
                        WHEN "t63"."fs" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                        THEN CASE WHEN "t63"."fs" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
                        ELSE CASE WHEN "t63"."fs" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
                      END
                      ELSE CASE
                        WHEN "t63"."fs" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                        THEN CASE WHEN "t63"."fs" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
                        ELSE 12
                      END
                    END
                  END AS "k"
                FROM (
                  SELECT
                    "t62"."customer_id",
                    MIN("t62"."s") AS "fs",
                    MAX("t62"."acquisition_cost") AS "acquisition_cost"
                  FROM (
                    SELECT
                      "t61"."customer_id",
                      "t61"."s",
                      "t61"."e",
                      "t20"."acquisition_cost"
                    FROM (
                      SELECT
                        "t58"."customer_id",
                        "t58"."s",
                        "t58"."e"
                      FROM "t57" AS "t58"
                    ) AS "t61"
                    INNER JOIN (
                      SELECT
                        "t7"."customer_id",
                        "t7"."acquisition_cost"
                      FROM (
                        SELECT
                          "t0".*
                          EXCLUDE ("import_id")
                        FROM "customers" AS "t0"
                      ) AS "t7"
                      WHERE
                        "t7"."acquisition_cost" IS NOT NULL
                    ) AS "t20"
                      ON "t61"."customer_id" = "t20"."customer_id"
                  ) AS "t62"
                  GROUP BY
                    1
                ) AS "t63"
              ) AS "t68"
              GROUP BY
                1,
                2
            ) AS "t71"
          ) AS "t73"
            ON "t100"."g" = "t73"."cg" AND "t100"."k" = "t73"."ck"
        ) AS "t101"
      ) AS "t102"
    ) AS "t103"
  ) AS "t104"
) AS "t105"
ORDER BY
  "t105"."g" ASC,
  "t105"."k" ASC
