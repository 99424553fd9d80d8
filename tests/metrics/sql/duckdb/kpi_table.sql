WITH "t17" AS (
  SELECT
    "t11"."order_id",
    "t11"."customer_id",
    "t11"."ordered_at",
    "t11"."revenue",
    "t11"."items",
    "t11"."channel",
    LAG("t11"."ordered_at") OVER (
      PARTITION BY "t11"."customer_id"
      ORDER BY "t11"."ordered_at" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "prev",
    LEAD("t11"."ordered_at") OVER (
      PARTITION BY "t11"."customer_id"
      ORDER BY "t11"."ordered_at" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "nxt",
    ROW_NUMBER() OVER (
      PARTITION BY "t11"."customer_id"
      ORDER BY "t11"."ordered_at" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) - 1 AS "n",
    MIN("t11"."ordered_at") OVER (
      PARTITION BY "t11"."customer_id"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "first"
  FROM (
    SELECT
      "t5"."order_id",
      "t5"."customer_id",
      "t5"."ordered_at",
      "t5"."revenue",
      "t5"."items",
      "t5"."channel"
    FROM "orders" AS "t5"
  ) AS "t11"
), "t30" AS (
  SELECT
    "t26"."customer_id",
    "t26"."g",
    "t26"."j",
    SUM("t26"."mrr") AS "m"
  FROM (
    SELECT
      "t21"."subscription_id",
      "t21"."customer_id",
      "t21"."plan",
      "t21"."started_at",
      "t21"."ended_at",
      "t21"."mrr",
      "t21"."g",
      "t21"."lo",
      "t21"."hi",
      "t9"."j"
    FROM (
      SELECT
        "t4"."subscription_id",
        "t4"."customer_id",
        "t4"."plan",
        "t4"."started_at",
        "t4"."ended_at",
        "t4"."mrr",
        '' AS "g",
        CASE
          WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
          THEN CASE
            WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
            THEN CASE
              WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
              THEN CASE
                WHEN "t4"."started_at" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                THEN -1
                ELSE 0
              END
              ELSE CASE
                WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                THEN 1
                ELSE 2
              END
            END
            ELSE CASE
              WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
              THEN CASE
                WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                THEN 3
                ELSE 4
              END
              ELSE 5
            END
          END
          ELSE CASE
            WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
            THEN CASE
              WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
              THEN CASE
                WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                THEN 6
                ELSE 7
              END
              ELSE CASE
                WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                THEN 8
                ELSE 9
              END
            END
            ELSE CASE
              WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
              THEN CASE
                WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                THEN 10
                ELSE 11
              END
              ELSE 12
            END
          END
        END + 1 AS "lo",
        LEAST(
          CASE
            WHEN COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
            THEN CASE
              WHEN COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
              THEN CASE
                WHEN COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                THEN CASE
                  WHEN COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                  THEN -1
                  ELSE 0
                END
                ELSE CASE
                  WHEN COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                  THEN 1
                  ELSE 2
                END
              END
              ELSE CASE
                WHEN COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                THEN CASE
                  WHEN COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                  THEN 3
                  ELSE 4
                END
                ELSE 5
              END
            END
            ELSE CASE
              WHEN COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
              THEN CASE
                WHEN COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                THEN CASE
                  WHEN COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                  THEN 6
                  ELSE 7
                END
                ELSE CASE
                  WHEN COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                  THEN 8
                  ELSE 9
                END
              END
              ELSE CASE
                WHEN COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                THEN CASE
                  WHEN COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                  THEN 10
                  ELSE 11
                END
                ELSE 12
              END
            END
          END,
          12
        ) AS "hi"
      FROM "subscriptions" AS "t4"
    ) AS "t21"
    INNER JOIN "bounds" AS "t9"
      ON "t9"."j" >= "t21"."lo" AND "t9"."j" <= "t21"."hi"
  ) AS "t26"
  GROUP BY
    1,
    2,
    3
), "t52" AS (
  SELECT
    "t50"."customer_id",
    "t50"."island",
    MIN("t50"."s") AS "s",
    MAX("t50"."e") AS "e"
  FROM (
    SELECT
      "t47"."customer_id",
      "t47"."s",
      "t47"."e",
      "t47"."reach",
      "t47"."fresh",
      SUM("t47"."fresh") OVER (
        PARTITION BY "t47"."customer_id"
        ORDER BY "t47"."s" ASC, "t47"."e" ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS "island"
    FROM (
      SELECT
        "t45"."customer_id",
        "t45"."s",
        "t45"."e",
        "t45"."reach",
        CASE
          WHEN (
            "t45"."reach" IS NULL
          ) OR (
            "t45"."s" > "t45"."reach"
          )
          THEN 1
          ELSE 0
        END AS "fresh"
      FROM (
        SELECT
          "t42"."customer_id",
          "t42"."s",
          "t42"."e",
          MAX("t42"."e") OVER (
            PARTITION BY "t42"."customer_id"
            ORDER BY "t42"."s" ASC, "t42"."e" ASC
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 preceding
          ) AS "reach"
        FROM (
          SELECT
            *
          FROM (
            SELECT
              CAST("t32"."customer_id" AS TEXT) AS "customer_id",
              CAST("t32"."ordered_at" AS TIMESTAMP) AS "s",
              CAST(CASE WHEN "t32"."is_end" THEN "t32"."ordered_at" ELSE "t32"."after" END + INTERVAL '365' DAY AS TIMESTAMP) AS "e"
            FROM (
              SELECT
                "t27"."customer_id",
                "t27"."ordered_at",
                "t27"."n",
                "t27"."is_start",
                "t27"."is_end",
                LEAD("t27"."ordered_at") OVER (
                  PARTITION BY "t27"."customer_id"
                  ORDER BY "t27"."n" ASC
                  ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                ) AS "after"
              FROM (
                SELECT
                  "t18"."customer_id",
                  "t18"."ordered_at",
                  "t18"."n",
                  (
                    "t18"."prev" IS NULL
                  )
                  OR (
                    "t18"."ordered_at" > (
                      "t18"."prev" + INTERVAL '365' DAY
                    )
                  ) AS "is_start",
                  (
                    "t18"."nxt" IS NULL
                  )
                  OR (
                    "t18"."nxt" > (
                      "t18"."ordered_at" + INTERVAL '365' DAY
                    )
                  ) AS "is_end"
                FROM "t17" AS "t18"
                WHERE
                  (
                    "t18"."prev" IS NULL
                  )
                  OR (
                    "t18"."ordered_at" > (
                      "t18"."prev" + INTERVAL '365' DAY
                    )
                  )
                  OR (
                    (
                      "t18"."nxt" IS NULL
                    )
                    OR (
                      "t18"."nxt" > (
                        "t18"."ordered_at" + INTERVAL '365' DAY
                      )
                    )
                  )
              ) AS "t27"
            ) AS "t32"
            WHERE
              "t32"."is_start"
          ) AS "t40"
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              CAST("t4"."customer_id" AS TEXT) AS "customer_id",
              CAST("t4"."started_at" AS TIMESTAMP) AS "s",
              COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) AS "e"
            FROM "subscriptions" AS "t4"
          ) AS "t14"
        ) AS "t42"
      ) AS "t45"
    ) AS "t47"
  ) AS "t50"
  GROUP BY
    1,
    2
), "t59" AS (
  SELECT
    "t55"."customer_id",
    "t55"."s",
    "t55"."e",
    "t55"."g",
    CASE
      WHEN "t55"."s" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
      THEN CASE
        WHEN "t55"."s" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
        THEN CASE
          WHEN "t55"."s" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
          THEN CASE WHEN "t55"."s" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
          ELSE CASE WHEN "t55"."s" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
        END
        ELSE CASE
          WHEN "t55"."s" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
          THEN CASE WHEN "t55"."s" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
          ELSE 5
        END
      END
      ELSE CASE
        WHEN "t55"."s" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
        THEN CASE
          WHEN "t55"."s" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
          THEN CASE WHEN "t55"."s" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
          ELSE CASE WHEN "t55"."s" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
        END
        ELSE CASE
          WHEN "t55"."s" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
          THEN CASE WHEN "t55"."s" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
          ELSE 12
        END
      END
    END + 1 AS "lo",
    LEAST(
      CASE
        WHEN "t55"."e" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
        THEN CASE
          WHEN "t55"."e" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
          THEN CASE
            WHEN "t55"."e" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
            THEN CASE WHEN "t55"."e" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
            ELSE CASE WHEN "t55"."e" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
          END
          ELSE CASE
            WHEN "t55"."e" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
            THEN CASE WHEN "t55"."e" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
            ELSE 5
          END
        END
        ELSE CASE
          WHEN "t55"."e" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
          THEN CASE
            WHEN "t55"."e" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
            THEN CASE WHEN "t55"."e" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
            ELSE CASE WHEN "t55"."e" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
          END
          ELSE CASE
            WHEN "t55"."e" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
            THEN CASE WHEN "t55"."e" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
            ELSE 12
          END
        END
      END,
      12
    ) AS "hi",
    CASE
      WHEN MIN("t55"."s") OVER (
        PARTITION BY "t55"."customer_id"
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
      THEN CASE
        WHEN MIN("t55"."s") OVER (
          PARTITION BY "t55"."customer_id"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
        THEN CASE
          WHEN MIN("t55"."s") OVER (
            PARTITION BY "t55"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
          THEN CASE
            WHEN MIN("t55"."s") OVER (
              PARTITION BY "t55"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
            THEN -1
            ELSE 0
          END
          ELSE CASE
            WHEN MIN("t55"."s") OVER (
              PARTITION BY "t55"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
            THEN 1
            ELSE 2
          END
        END
        ELSE CASE
          WHEN MIN("t55"."s") OVER (
            PARTITION BY "t55"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
          THEN CASE
            WHEN MIN("t55"."s") OVER (
              PARTITION BY "t55"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
            THEN 3
            ELSE 4
          END
          ELSE 5
        END
      END
      ELSE CASE
        WHEN MIN("t55"."s") OVER (
          PARTITION BY "t55"."customer_id"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
        THEN CASE
          WHEN MIN("t55"."s") OVER (
            PARTITION BY "t55"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
          THEN CASE
            WHEN MIN("t55"."s") OVER (
              PARTITION BY "t55"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
            THEN 6
            ELSE 7
          END
          ELSE CASE
            WHEN MIN("t55"."s") OVER (
              PARTITION BY "t55"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
            THEN 8
            ELSE 9
          END
        END
        ELSE CASE
          WHEN MIN("t55"."s") OVER (
            PARTITION BY "t55"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
          THEN CASE
            WHEN MIN("t55"."s") OVER (
              PARTITION BY "t55"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
            THEN 10
            ELSE 11
          END
          ELSE 12
        END
      END
    END AS "f",
    "t55"."s" = MIN("t55"."s") OVER (
      PARTITION BY "t55"."customer_id"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "first"
  FROM (
    SELECT
      "t53"."customer_id",
      "t53"."s",
      "t53"."e",
      '' AS "g"
    FROM "t52" AS "t53"
  ) AS "t55"
), "t64" AS (
  SELECT
    "t62"."customer_id",
    "t62"."s",
    "t62"."e",
    "t62"."g",
    "t62"."lo",
    "t62"."hi",
    "t62"."f",
    "t62"."first",
    LAG("t62"."hi") OVER (
      PARTITION BY "t62"."customer_id"
      ORDER BY "t62"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "before",
    LEAD("t62"."lo") OVER (
      PARTITION BY "t62"."customer_id"
      ORDER BY "t62"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "after"
  FROM (
    SELECT
      *
    FROM "t59" AS "t60"
    WHERE
      "t60"."lo" <= "t60"."hi"
  ) AS "t62"
)
SELECT
  "t100"."g",
  "t100"."k",
  "t100"."period",
  "t100"."start",
  "t100"."end",
  "t100"."partial",
  "t100"."S" < 30 AS "small",
  "t100"."S" AS "customers_start",
  "t100"."E" AS "customers_end",
  "t100"."N" AS "new_customers",
  "t100"."S" - "t100"."lost" AS "kept_customers",
  "t100"."lost" AS "lost_customers",
  "t100"."gained_re" AS "reactivated_customers",
  CASE
    WHEN (
      CAST("t100"."S" AS DOUBLE) IS NULL
    ) OR (
      CAST("t100"."S" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t100"."E" - "t100"."N" AS DOUBLE) / CAST("t100"."S" AS DOUBLE)
    ) * 100
  END AS "retention_rate",
  CASE
    WHEN (
      CAST("t100"."S" AS DOUBLE) IS NULL
    ) OR (
      CAST("t100"."S" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t100"."S" - "t100"."lost" AS DOUBLE) / CAST("t100"."S" AS DOUBLE)
    ) * 100
  END AS "retention_rate_strict",
  CASE
    WHEN (
      CAST("t100"."S" AS DOUBLE) IS NULL
    ) OR (
      CAST("t100"."S" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t100"."lost" AS DOUBLE) / CAST("t100"."S" AS DOUBLE)
    ) * 100
  END AS "churn_rate",
  CAST("t100"."revenue" AS DOUBLE) AS "revenue",
  "t100"."orders",
  CAST("t100"."mrr_start" AS DOUBLE) AS "mrr_start",
  CAST("t100"."mrr_end" AS DOUBLE) AS "mrr_end",
  CASE
    WHEN (
      CAST("t100"."mrr_start" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t100"."mrr_start" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t100"."mrr_churned" + "t100"."mrr_contraction" AS DOUBLE) / CAST("t100"."mrr_start" AS DOUBLE)
    ) * 100
  END AS "revenue_churn_rate",
  CASE
    WHEN (
      CAST("t100"."mrr_start" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t100"."mrr_start" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST((
        "t100"."mrr_start" - "t100"."mrr_churned"
      ) - "t100"."mrr_contraction" AS DOUBLE) / CAST("t100"."mrr_start" AS DOUBLE)
    ) * 100
  END AS "gross_revenue_retention",
  CASE
    WHEN (
      CAST("t100"."mrr_start" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t100"."mrr_start" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST((
        (
          "t100"."mrr_start" - "t100"."mrr_churned"
        ) - "t100"."mrr_contraction"
      ) + "t100"."mrr_expansion" AS DOUBLE) / CAST("t100"."mrr_start" AS DOUBLE)
    ) * 100
  END AS "net_revenue_retention",
  CASE
    WHEN (
      CAST("t100"."buyers_to_date" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t100"."buyers_to_date" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t100"."repeat_to_date" AS DOUBLE) / CAST("t100"."buyers_to_date" AS DOUBLE)
    ) * 100
  END AS "repeat_customer_rate",
  CASE
    WHEN (
      CAST("t100"."buyers_to_date" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t100"."buyers_to_date" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t100"."loyal_to_date" AS DOUBLE) / CAST("t100"."buyers_to_date" AS DOUBLE)
    ) * 100
  END AS "loyal_customer_rate",
  CASE
    WHEN (
      CAST("t100"."orders" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t100"."orders" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t100"."revenue" AS DOUBLE) / CAST("t100"."orders" AS DOUBLE)
    ) * 1.0
  END AS "aov",
  CASE
    WHEN (
      CAST("t100"."orders_new" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t100"."orders_new" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t100"."revenue_new" AS DOUBLE) / CAST("t100"."orders_new" AS DOUBLE)
    ) * 1.0
  END AS "aov_new",
  CASE
    WHEN (
      CAST("t100"."orders" - "t100"."orders_new" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t100"."orders" - "t100"."orders_new" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t100"."revenue" - "t100"."revenue_new" AS DOUBLE) / CAST("t100"."orders" - "t100"."orders_new" AS DOUBLE)
    ) * 1.0
  END AS "aov_existing",
  CASE
    WHEN (
      CASE
        WHEN (
          CAST("t100"."orders_new" AS DOUBLE) IS NULL
        )
        OR (
          CAST("t100"."orders_new" AS DOUBLE) = 0
        )
        THEN CAST(NULL AS DOUBLE)
        ELSE (
          CAST("t100"."revenue_new" AS DOUBLE) / CAST("t100"."orders_new" AS DOUBLE)
        ) * 1.0
      END IS NULL
    )
    OR (
      CASE
        WHEN (
          CAST("t100"."orders_new" AS DOUBLE) IS NULL
        )
        OR (
          CAST("t100"."orders_new" AS DOUBLE) = 0
        )
        THEN CAST(NULL AS DOUBLE)
        ELSE (
          CAST("t100"."revenue_new" AS DOUBLE) / CAST("t100"."orders_new" AS DOUBLE)
        ) * 1.0
      END = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CASE
        WHEN (
          CAST("t100"."orders" - "t100"."orders_new" AS DOUBLE) IS NULL
        )
        OR (
          CAST("t100"."orders" - "t100"."orders_new" AS DOUBLE) = 0
        )
        THEN CAST(NULL AS DOUBLE)
        ELSE (
          CAST("t100"."revenue" - "t100"."revenue_new" AS DOUBLE) / CAST("t100"."orders" - "t100"."orders_new" AS DOUBLE)
        ) * 1.0
      END / CASE
        WHEN (
          CAST("t100"."orders_new" AS DOUBLE) IS NULL
        )
        OR (
          CAST("t100"."orders_new" AS DOUBLE) = 0
        )
        THEN CAST(NULL AS DOUBLE)
        ELSE (
          CAST("t100"."revenue_new" AS DOUBLE) / CAST("t100"."orders_new" AS DOUBLE)
        ) * 1.0
      END
    ) * 1.0
  END AS "aov_ratio",
  CASE
    WHEN (
      CAST("t100"."interval_n" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t100"."interval_n" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      "t100"."interval_sum" / CAST("t100"."interval_n" AS DOUBLE)
    ) * 1.0
  END AS "purchase_interval_mean",
  "t100"."interval_median" AS "purchase_interval_median",
  CASE
    WHEN (
      CAST("t100"."items" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t100"."items" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t100"."items_returned" AS DOUBLE) / CAST("t100"."items" AS DOUBLE)
    ) * 100
  END AS "return_rate_items",
  CASE
    WHEN (
      CAST("t100"."revenue" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t100"."revenue" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t100"."amount_returned" AS DOUBLE) / CAST("t100"."revenue" AS DOUBLE)
    ) * 100
  END AS "return_rate_amount",
  CASE
    WHEN (
      CAST("t100"."buyers_to_date" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t100"."buyers_to_date" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      "t100"."net_revenue_to_date" / CAST("t100"."buyers_to_date" AS DOUBLE)
    ) * 1.0
  END AS "clv_historical",
  (
    CASE
      WHEN (
        CAST("t100"."orders" AS DOUBLE) IS NULL
      )
      OR (
        CAST("t100"."orders" AS DOUBLE) = 0
      )
      THEN CAST(NULL AS DOUBLE)
      ELSE (
        CAST("t100"."revenue" AS DOUBLE) / CAST("t100"."orders" AS DOUBLE)
      ) * 1.0
    END * CASE
      WHEN (
        CAST("t100"."buyers_to_date" AS DOUBLE) IS NULL
      )
      OR (
        CAST("t100"."buyers_to_date" AS DOUBLE) = 0
      )
      THEN CAST(NULL AS DOUBLE)
      ELSE (
        CAST("t100"."repeat_to_date" AS DOUBLE) / CAST("t100"."buyers_to_date" AS DOUBLE)
      ) * 1.0
    END
  ) - CASE
    WHEN (
      CAST("t100"."N" AS DOUBLE) IS NULL
    ) OR (
      CAST("t100"."N" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CASE
        WHEN "t100"."cost_acquisition" > 0
        THEN "t100"."cost_acquisition"
        ELSE "t100"."cac_recorded"
      END / CAST("t100"."N" AS DOUBLE)
    ) * 1.0
  END AS "clv_simple",
  CASE
    WHEN (
      CAST("t100"."N" AS DOUBLE) IS NULL
    ) OR (
      CAST("t100"."N" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CASE
        WHEN "t100"."cost_acquisition" > 0
        THEN "t100"."cost_acquisition"
        ELSE "t100"."cac_recorded"
      END / CAST("t100"."N" AS DOUBLE)
    ) * 1.0
  END AS "acquisition_cost_per_new",
  CASE
    WHEN (
      CAST((
        "t100"."S" - "t100"."lost"
      ) + "t100"."gained_re" AS DOUBLE) IS NULL
    )
    OR (
      CAST((
        "t100"."S" - "t100"."lost"
      ) + "t100"."gained_re" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      "t100"."cost_retention" / CAST((
        "t100"."S" - "t100"."lost"
      ) + "t100"."gained_re" AS DOUBLE)
    ) * 1.0
  END AS "retention_cost_per_kept",
  CASE
    WHEN (
      CASE
        WHEN (
          CAST((
            "t100"."S" - "t100"."lost"
          ) + "t100"."gained_re" AS DOUBLE) IS NULL
        )
        OR (
          CAST((
            "t100"."S" - "t100"."lost"
          ) + "t100"."gained_re" AS DOUBLE) = 0
        )
        THEN CAST(NULL AS DOUBLE)
        ELSE (
          "t100"."cost_retention" / CAST((
            "t100"."S" - "t100"."lost"
          ) + "t100"."gained_re" AS DOUBLE)
        ) * 1.0
      END IS NULL
    )
    OR (
      CASE
        WHEN (
          CAST((
            "t100"."S" - "t100"."lost"
          ) + "t100"."gained_re" AS DOUBLE) IS NULL
        )
        OR (
          CAST((
            "t100"."S" - "t100"."lost"
          ) + "t100"."gained_re" AS DOUBLE) = 0
        )
        THEN CAST(NULL AS DOUBLE)
        ELSE (
          "t100"."cost_retention" / CAST((
            "t100"."S" - "t100"."lost"
          ) + "t100"."gained_re" AS DOUBLE)
        ) * 1.0
      END = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CASE
        WHEN (
          CAST("t100"."N" AS DOUBLE) IS NULL
        ) OR (
          CAST("t100"."N" AS DOUBLE) = 0
        )
        THEN CAST(NULL AS DOUBLE)
        ELSE (
          CASE
            WHEN "t100"."cost_acquisition" > 0
            THEN "t100"."cost_acquisition"
            ELSE "t100"."cac_recorded"
          END / CAST("t100"."N" AS DOUBLE)
        ) * 1.0
      END / CASE
        WHEN (
          CAST((
            "t100"."S" - "t100"."lost"
          ) + "t100"."gained_re" AS DOUBLE) IS NULL
        )
        OR (
          CAST((
            "t100"."S" - "t100"."lost"
          ) + "t100"."gained_re" AS DOUBLE) = 0
        )
        THEN CAST(NULL AS DOUBLE)
        ELSE (
          "t100"."cost_retention" / CAST((
            "t100"."S" - "t100"."lost"
          ) + "t100"."gained_re" AS DOUBLE)
        ) * 1.0
      END
    ) * 1.0
  END AS "cost_ratio"
FROM (
  SELECT
    "t99"."k",
    "t99"."period",
    "t99"."start",
    "t99"."end",
    "t99"."start_utc",
    "t99"."end_utc",
    "t99"."partial",
    "t99"."g",
    "t99"."new",
    "t99"."gained_new",
    "t99"."gained_re",
    "t99"."lost",
    "t99"."interval_median",
    "t99"."orders",
    "t99"."revenue",
    "t99"."items",
    "t99"."orders_new",
    "t99"."revenue_new",
    "t99"."interval_n",
    "t99"."interval_sum",
    "t99"."first_orders",
    "t99"."second_orders",
    "t99"."loyal_orders",
    "t99"."mrr_start",
    "t99"."mrr_end",
    "t99"."mrr_churned",
    "t99"."mrr_contraction",
    "t99"."mrr_expansion",
    "t99"."items_returned",
    "t99"."amount_returned",
    "t99"."cost_acquisition",
    "t99"."cost_retention",
    "t99"."cost_mixed",
    "t99"."cac_recorded",
    "t99"."E",
    "t99"."N",
    "t99"."buyers_to_date",
    "t99"."repeat_to_date",
    "t99"."loyal_to_date",
    "t99"."net_revenue_to_date",
    (
      (
        "t99"."E" - "t99"."gained_new"
      ) - "t99"."gained_re"
    ) + "t99"."lost" AS "S"
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
      "t98"."cost_acquisition",
      "t98"."cost_retention",
      "t98"."cost_mixed",
      "t98"."cac_recorded",
      SUM((
        "t98"."gained_new" + "t98"."gained_re"
      ) - "t98"."lost") OVER (
        PARTITION BY "t98"."g"
        ORDER BY "t98"."k" ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS "E",
      "t98"."new" AS "N",
      SUM("t98"."first_orders") OVER (
        PARTITION BY "t98"."g"
        ORDER BY "t98"."k" ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS "buyers_to_date",
      SUM("t98"."second_orders") OVER (
        PARTITION BY "t98"."g"
        ORDER BY "t98"."k" ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS "repeat_to_date",
      SUM("t98"."loyal_orders") OVER (
        PARTITION BY "t98"."g"
        ORDER BY "t98"."k" ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS "loyal_to_date",
      SUM(CAST("t98"."revenue" AS DOUBLE) - CAST("t98"."amount_returned" AS DOUBLE)) OVER (
        PARTITION BY "t98"."g"
        ORDER BY "t98"."k" ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS "net_revenue_to_date"
    FROM (
      SELECT
        "t97"."k",
        "t97"."period",
        "t97"."start",
        "t97"."end",
        "t97"."start_utc",
        "t97"."end_utc",
        "t97"."partial",
        "t97"."g",
        "t97"."new",
        "t97"."gained_new",
        "t97"."gained_re",
        "t97"."lost",
        "t97"."interval_median",
        "t97"."orders",
        "t97"."revenue",
        "t97"."items",
        "t97"."orders_new",
        "t97"."revenue_new",
        "t97"."interval_n",
        "t97"."interval_sum",
        "t97"."first_orders",
        "t97"."second_orders",
        "t97"."loyal_orders",
        "t97"."mrr_start",
        "t97"."mrr_end",
        "t97"."mrr_churned",
        "t97"."mrr_contraction",
        "t97"."mrr_expansion",
        "t97"."items_returned",
        "t97"."amount_returned",
        "t97"."cost_acquisition",
        "t97"."cost_retention",
        "t97"."cost_mixed",
        COALESCE("t97"."cac_recorded", 0) AS "cac_recorded"
      FROM (
        SELECT
          "t96".*
          EXCLUDE ("cg", "ck")
        FROM (
          SELECT
            "t95"."k",
            "t95"."period",
            "t95"."start",
            "t95"."end",
            "t95"."start_utc",
            "t95"."end_utc",
            "t95"."partial",
            "t95"."g",
            "t95"."new",
            "t95"."gained_new",
            "t95"."gained_re",
            "t95"."lost",
            "t95"."interval_median",
            "t95"."orders",
            "t95"."revenue",
            "t95"."items",
            "t95"."orders_new",
            "t95"."revenue_new",
            "t95"."interval_n",
            "t95"."interval_sum",
            "t95"."first_orders",
            "t95"."second_orders",
            "t95"."loyal_orders",
            "t95"."mrr_start",
            "t95"."mrr_end",
            "t95"."mrr_churned",
            "t95"."mrr_contraction",
            "t95"."mrr_expansion",
            "t95"."items_returned",
            "t95"."amount_returned",
            "t95"."cost_acquisition",
            "t95"."cost_retention",
            "t95"."cost_mixed",
            "t68"."cg",
            "t68"."ck",
            "t68"."cac_recorded"
          FROM (
            SELECT
              "t93"."k",
              "t93"."period",
              "t93"."start",
              "t93"."end",
              "t93"."start_utc",
              "t93"."end_utc",
              "t93"."partial",
              "t93"."g",
              "t93"."new",
              "t93"."gained_new",
              "t93"."gained_re",
              "t93"."lost",
              "t93"."interval_median",
              "t93"."orders",
              "t93"."revenue",
              "t93"."items",
              "t93"."orders_new",
              "t93"."revenue_new",
              "t93"."interval_n",
              "t93"."interval_sum",
              "t93"."first_orders",
              "t93"."second_orders",
              "t93"."loyal_orders",
              "t93"."mrr_start",
              "t93"."mrr_end",
              "t93"."mrr_churned",
              "t93"."mrr_contraction",
              "t93"."mrr_expansion",
              "t93"."items_returned",
              "t93"."amount_returned",
              COALESCE("t93"."cost_acquisition", 0) AS "cost_acquisition",
              COALESCE("t93"."cost_retention", 0) AS "cost_retention",
              COALESCE("t93"."cost_mixed", 0) AS "cost_mixed"
            FROM (
              SELECT
                "t92".*
                EXCLUDE ("cg", "ck")
              FROM (
                SELECT
                  "t91"."k",
                  "t91"."period",
                  "t91"."start",
                  "t91"."end",
                  "t91"."start_utc",
                  "t91"."end_utc",
                  "t91"."partial",
                  "t91"."g",
                  "t91"."new",
                  "t91"."gained_new",
                  "t91"."gained_re",
                  "t91"."lost",
                  "t91"."interval_median",
                  "t91"."orders",
                  "t91"."revenue",
                  "t91"."items",
                  "t91"."orders_new",
                  "t91"."revenue_new",
                  "t91"."interval_n",
                  "t91"."interval_sum",
                  "t91"."first_orders",
                  "t91"."second_orders",
                  "t91"."loyal_orders",
                  "t91"."mrr_start",
                  "t91"."mrr_end",
                  "t91"."mrr_churned",
                  "t91"."mrr_contraction",
                  "t91"."mrr_expansion",
                  "t91"."items_returned",
                  "t91"."amount_returned",
                  "t34"."cg",
                  "t34"."ck",
                  "t34"."cost_acquisition",
                  "t34"."cost_retention",
                  "t34"."cost_mixed"
                FROM (
                  SELECT
                    "t89"."k",
                    "t89"."period",
                    "t89"."start",
                    "t89"."end",
                    "t89"."start_utc",
                    "t89"."end_utc",
                    "t89"."partial",
                    "t89"."g",
                    "t89"."new",
                    "t89"."gained_new",
                    "t89"."gained_re",
                    "t89"."lost",
                    "t89"."interval_median",
                    "t89"."orders",
                    "t89"."revenue",
                    "t89"."items",
                    "t89"."orders_new",
                    "t89"."revenue_new",
                    "t89"."interval_n",
                    "t89"."interval_sum",
                    "t89"."first_orders",
                    "t89"."second_orders",
                    "t89"."loyal_orders",
                    "t89"."mrr_start",
                    "t89"."mrr_end",
                    "t89"."mrr_churned",
                    "t89"."mrr_contraction",
                    "t89"."mrr_expansion",
                    COALESCE("t89"."items_returned", 0) AS "items_returned",
                    COALESCE("t89"."amount_returned", 0) AS "amount_returned"
                  FROM (
                    SELECT
                      "t88".*
                      EXCLUDE ("cg", "ck")
                    FROM (
                      SELECT
                        "t87"."k",
                        "t87"."period",
                        "t87"."start",
                        "t87"."end",
                        "t87"."start_utc",
                        "t87"."end_utc",
                        "t87"."partial",
                        "t87"."g",
                        "t87"."new",
                        "t87"."gained_new",
                        "t87"."gained_re",
                        "t87"."lost",
                        "t87"."interval_median",
                        "t87"."orders",
                        "t87"."revenue",
                        "t87"."items",
                        "t87"."orders_new",
                        "t87"."revenue_new",
                        "t87"."interval_n",
                        "t87"."interval_sum",
                        "t87"."first_orders",
                        "t87"."second_orders",
                        "t87"."loyal_orders",
                        "t87"."mrr_start",
                        "t87"."mrr_end",
                        "t87"."mrr_churned",
                        "t87"."mrr_contraction",
                        "t87"."mrr_expansion",
                        "t25"."cg",
                        "t25"."ck",
                        "t25"."items_returned",
                        "t25"."amount_returned"
                      FROM (
                        SELECT
                          "t85"."k",
                          "t85"."period",
                          "t85"."start",
                          "t85"."end",
                          "t85"."start_utc",
                          "t85"."end_utc",
                          "t85"."partial",
                          "t85"."g",
                          "t85"."new",
                          "t85"."gained_new",
                          "t85"."gained_re",
                          "t85"."lost",
                          "t85"."interval_median",
                          "t85"."orders",
                          "t85"."revenue",
                          "t85"."items",
                          "t85"."orders_new",
                          "t85"."revenue_new",
                          "t85"."interval_n",
                          "t85"."interval_sum",
                          "t85"."first_orders",
                          "t85"."second_orders",
                          "t85"."loyal_orders",
                          COALESCE("t85"."mrr_start", 0) AS "mrr_start",
                          COALESCE("t85"."mrr_end", 0) AS "mrr_end",
                          COALESCE("t85"."mrr_churned", 0) AS "mrr_churned",
                          COALESCE("t85"."mrr_contraction", 0) AS "mrr_contraction",
                          COALESCE("t85"."mrr_expansion", 0) AS "mrr_expansion"
                        FROM (
                          SELECT
                            "t84".*
                            EXCLUDE ("cg", "ck")
                          FROM (
                            SELECT
                              "t83"."k",
                              "t83"."period",
                              "t83"."start",
                              "t83"."end",
                              "t83"."start_utc",
                              "t83"."end_utc",
                              "t83"."partial",
                              "t83"."g",
                              "t83"."new",
                              "t83"."gained_new",
                              "t83"."gained_re",
                              "t83"."lost",
                              "t83"."interval_median",
                              "t83"."orders",
                              "t83"."revenue",
                              "t83"."items",
                              "t83"."orders_new",
                              "t83"."revenue_new",
                              "t83"."interval_n",
                              "t83"."interval_sum",
                              "t83"."first_orders",
                              "t83"."second_orders",
                              "t83"."loyal_orders",
                              "t51"."cg",
                              "t51"."ck",
                              "t51"."mrr_start",
                              "t51"."mrr_end",
                              "t51"."mrr_churned",
                              "t51"."mrr_contraction",
                              "t51"."mrr_expansion"
                            FROM (
                              SELECT
                                "t81"."k",
                                "t81"."period",
                                "t81"."start",
                                "t81"."end",
                                "t81"."start_utc",
                                "t81"."end_utc",
                                "t81"."partial",
                                "t81"."g",
                                "t81"."new",
                                "t81"."gained_new",
                                "t81"."gained_re",
                                "t81"."lost",
                                "t81"."interval_median",
                                COALESCE("t81"."orders", 0) AS "orders",
                                COALESCE("t81"."revenue", 0) AS "revenue",
                                COALESCE("t81"."items", 0) AS "items",
                                COALESCE("t81"."orders_new", 0) AS "orders_new",
                                COALESCE("t81"."revenue_new", 0) AS "revenue_new",
                                COALESCE("t81"."interval_n", 0) AS "interval_n",
                                COALESCE("t81"."interval_sum", 0) AS "interval_sum",
                                COALESCE("t81"."first_orders", 0) AS "first_orders",
                                COALESCE("t81"."second_orders", 0) AS "second_orders",
                                COALESCE("t81"."loyal_orders", 0) AS "loyal_orders"
                              FROM (
                                SELECT
                                  "t80".*
                                  EXCLUDE ("cg", "ck")
                                FROM (
                                  SELECT
                                    "t79"."k",
                                    "t79"."period",
                                    "t79"."start",
                                    "t79"."end",
                                    "t79"."start_utc",
                                    "t79"."end_utc",
                                    "t79"."partial",
                                    "t79"."g",
                                    "t79"."new",
                                    "t79"."gained_new",
                                    "t79"."gained_re",
                                    "t79"."lost",
                                    "t43"."cg",
                                    "t43"."ck",
                                    "t43"."interval_median",
                                    "t43"."orders",
                                    "t43"."revenue",
                                    "t43"."items",
                                    "t43"."orders_new",
                                    "t43"."revenue_new",
                                    "t43"."interval_n",
                                    "t43"."interval_sum",
                                    "t43"."first_orders",
                                    "t43"."second_orders",
                                    "t43"."loyal_orders"
                                  FROM (
                                    SELECT
                                      "t77"."k",
                                      "t77"."period",
                                      "t77"."start",
                                      "t77"."end",
                                      "t77"."start_utc",
                                      "t77"."end_utc",
                                      "t77"."partial",
                                      "t77"."g",
                                      COALESCE("t77"."new", 0) AS "new",
                                      COALESCE("t77"."gained_new", 0) AS "gained_new",
                                      COALESCE("t77"."gained_re", 0) AS "gained_re",
                                      COALESCE("t77"."lost", 0) AS "lost"
                                    FROM (
                                      SELECT
                                        "t76".*
                                        EXCLUDE ("cg", "ck")
                                      FROM (
                                        SELECT
                                          "t13"."k",
                                          "t13"."period",
                                          "t13"."start",
                                          "t13"."end",
                                          "t13"."start_utc",
                                          "t13"."end_utc",
                                          "t13"."partial",
                                          "t13"."g",
                                          "t75"."cg",
                                          "t75"."ck",
                                          "t75"."new",
                                          "t75"."gained_new",
                                          "t75"."gained_re",
                                          "t75"."lost"
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
                                        ) AS "t13"
                                        LEFT OUTER JOIN (
                                          SELECT
                                            "t73"."g" AS "cg",
                                            "t73"."k" AS "ck",
                                            "t73"."new",
                                            "t73"."gained_new",
                                            "t73"."gained_re",
                                            "t73"."lost"
                                          FROM (
                                            SELECT
                                              "t72"."g",
                                              "t72"."k",
                                              SUM("t72"."new") AS "new",
                                              SUM("t72"."gained_new") AS "gained_new",
                                              SUM("t72"."gained_re") AS "gained_re",
                                              SUM("t72"."lost") AS "lost"
                                            FROM (
                                              SELECT
                                                *
                                              FROM (
                                                SELECT
                                                  *
                                                FROM (
                                                  SELECT
                                                    "t60"."g",
                                                    "t60"."f" AS "k",
                                                    1 AS "new",
                                                    0 AS "gained_new",
                                                    0 AS "gained_re",
                                                    0 AS "lost"
                                                  FROM "t59" AS "t60"
                                                  WHERE
                                                    "t60"."first"
                                                ) AS "t61"
                                                UNION ALL
                                                SELECT
                                                  *
                                                FROM (
                                                  SELECT
                                                    "t65"."g",
                                                    "t65"."lo" - 1 AS "k",
                                                    0 AS "new",
                                                    CASE WHEN "t65"."f" = (
                                                      "t65"."lo" - 1
                                                    ) THEN 1 ELSE 0 END AS "gained_new",
                                                    CASE WHEN "t65"."f" = (
                                                      "t65"."lo" - 1
                                                    ) THEN 0 ELSE 1 END AS "gained_re",
                                                    0 AS "lost"
                                                  FROM "t64" AS "t65"
                                                  WHERE
                                                    (
                                                      "t65"."before" IS NULL
                                                    ) OR (
                                                      "t65"."before" < (
                                                        "t65"."lo" - 1
                                                      )
                                                    )
                                                ) AS "t70"
                                              ) AS "t71"
                                              UNION ALL
                                              SELECT
                                                *
                                              FROM (
                                                SELECT
                                                  "t65"."g",
                                                  "t65"."hi" AS "k",
                                                  0 AS "new",
                                                  0 AS "gained_new",
                                                  0 AS "gained_re",
                                                  1 AS "lost"
                                                FROM "t64" AS "t65"
                                                WHERE
                                                  (
                                                    (
                                                      "t65"."after" IS NULL
                                                    ) OR (
                                                      "t65"."after" > (
                                                        "t65"."hi" + 1
                                                      )
                                                    )
                                                  )
                                                  AND "t65"."hi" < 12
                                              ) AS "t69"
                                            ) AS "t72"
                                            GROUP BY
                                              1,
                                              2
                                          ) AS "t73"
                                        ) AS "t75"
                                          ON "t13"."g" = "t75"."cg" AND "t13"."k" = "t75"."ck"
                                      ) AS "t76"
                                    ) AS "t77"
                                  ) AS "t79"
                                  LEFT OUTER JOIN (
                                    SELECT
                                      "t39"."g" AS "cg",
                                      "t39"."k" AS "ck",
                                      "t39"."interval_median",
                                      "t39"."orders",
                                      "t39"."revenue",
                                      "t39"."items",
                                      "t39"."orders_new",
                                      "t39"."revenue_new",
                                      "t39"."interval_n",
                                      "t39"."interval_sum",
                                      "t39"."first_orders",
                                      "t39"."second_orders",
                                      "t39"."loyal_orders"
                                    FROM (
                                      SELECT
                                        "t28"."g",
                                        "t28"."k",
                                        QUANTILE_CONT("t28"."gap", 0.5) AS "interval_median",
                                        COUNT(*) AS "orders",
                                        SUM("t28"."revenue") AS "revenue",
                                        SUM(COALESCE("t28"."items", 0)) AS "items",
                                        SUM(CASE WHEN "t28"."is_new" THEN 1 ELSE 0 END) AS "orders_new",
                                        SUM(CASE WHEN "t28"."is_new" THEN "t28"."revenue" ELSE 0 END) AS "revenue_new",
                                        COUNT("t28"."gap") AS "interval_n",
                                        SUM("t28"."gap") AS "interval_sum",
                                        SUM(CASE WHEN "t28"."n" = 0 THEN 1 ELSE 0 END) AS "first_orders",
                                        SUM(CASE WHEN "t28"."n" = 1 THEN 1 ELSE 0 END) AS "second_orders",
                                        SUM(CASE WHEN "t28"."n" = 2 THEN 1 ELSE 0 END) AS "loyal_orders"
                                      FROM (
                                        SELECT
                                          "t18"."order_id",
                                          "t18"."customer_id",
                                          "t18"."ordered_at",
                                          "t18"."revenue",
                                          "t18"."items",
                                          "t18"."channel",
                                          "t18"."prev",
                                          "t18"."nxt",
                                          "t18"."n",
                                          "t18"."first",
                                          '' AS "g",
                                          CASE
                                            WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                                            THEN CASE
                                              WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                                              THEN CASE
                                                WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                                                THEN CASE
                                                  WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                                                  THEN -1
                                                  ELSE 0
                                                END
                                                ELSE CASE
                                                  WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                                                  THEN 1
                                                  ELSE 2
                                                END
                                              END
                                              ELSE CASE
                                                WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                                                THEN CASE
                                                  WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                                                  THEN 3
                                                  ELSE 4
                                                END
                                                ELSE 5
                                              END
                                            END
                                            ELSE CASE
                                              WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                                              THEN CASE
                                                WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                                                THEN CASE
                                                  WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                                                  THEN 6
                                                  ELSE 7
                                                END
                                                ELSE CASE
                                                  WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                                                  THEN 8
                                                  ELSE 9
                                                END
                                              END
                                              ELSE CASE
                                                WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                                                THEN CASE
                                                  WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                                                  THEN 10
                                                  ELSE 11
                                                END
                                                ELSE 12
                                              END
                                            END
                                          END AS "k",
                                          CASE
                                            WHEN "t18"."first" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                                            THEN CASE
                                              WHEN "t18"."first" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                                              THEN CASE
                                                WHEN "t18"."first" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                                                THEN CASE
                                                  WHEN "t18"."first" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                                                  THEN -1
                                                  ELSE 0
                                                END
                                                ELSE CASE WHEN "t18"."first" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
                                              END
                                              ELSE CASE
                                                WHEN "t18"."first" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                                                THEN CASE WHEN "t18"."first" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
                                                ELSE 5
                                              END
                                            END
                                            ELSE CASE
                                              WHEN "t18"."first" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                                              THEN CASE
                                                WHEN "t18"."first" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                                                THEN CASE WHEN "t18"."first" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
                                                ELSE CASE WHEN "t18"."first" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
                                              END
                                              ELSE CASE
                                                WHEN "t18"."first" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                                                THEN CASE
                                                  WHEN "t18"."first" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                                                  THEN 10
                                                  ELSE 11
                                                END
                                                ELSE 12
                                              END
                                            END
                                          END = CASE
                                            WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                                            THEN CASE
                                              WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                                              THEN CASE
                                                WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                                                THEN CASE
                                                  WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                                                  THEN -1
                                                  ELSE 0
                                                END
                                                ELSE CASE
                                                  WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                                                  THEN 1
                                                  ELSE 2
                                                END
                                              END
                                              ELSE CASE
                                                WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                                                THEN CASE
                                                  WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                                                  THEN 3
                                                  ELSE 4
                                                END
                                                ELSE 5
                                              END
                                            END
                                            ELSE CASE
                                              WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                                              THEN CASE
                                                WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                                                THEN CASE
                                                  WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                                                  THEN 6
                                                  ELSE 7
                                                END
                                                ELSE CASE
                                                  WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                                                  THEN 8
                                                  ELSE 9
                                                END
                                              END
                                              ELSE CASE
                                                WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                                                THEN CASE
                                                  WHEN "t18"."ordered_at" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                                                  THEN 10
                                                  ELSE 11
                                                END
                                                ELSE 12
                                              END
                                            END
                                          END AS "is_new",
                                          CAST(DATE_DIFF('MICROSECOND', "t18"."prev", "t18"."ordered_at") AS DOUBLE) / 86400000000 AS "gap"
                                        FROM "t17" AS "t18"
                                      ) AS "t28"
                                      GROUP BY
                                        1,
                                        2
                                    ) AS "t39"
                                  ) AS "t43"
                                    ON "t79"."g" = "t43"."cg" AND "t79"."k" = "t43"."ck"
                                ) AS "t80"
                              ) AS "t81"
                            ) AS "t83"
                            LEFT OUTER JOIN (
                              SELECT
                                "t48"."g" AS "cg",
                                "t48"."k" AS "ck",
                                "t48"."mrr_start",
                                "t48"."mrr_end",
                                "t48"."mrr_churned",
                                "t48"."mrr_contraction",
                                "t48"."mrr_expansion"
                              FROM (
                                SELECT
                                  "t46"."g",
                                  "t46"."k",
                                  SUM("t46"."ma") AS "mrr_start",
                                  SUM("t46"."mb") AS "mrr_end",
                                  SUM(
                                    CASE
                                      WHEN (
                                        "t46"."ma" > 0
                                      ) AND (
                                        "t46"."mb" = 0
                                      )
                                      THEN "t46"."ma"
                                      ELSE CAST(0.00 AS DECIMAL(18, 2))
                                    END
                                  ) AS "mrr_churned",
                                  SUM(
                                    CASE
                                      WHEN (
                                        "t46"."mb" > 0
                                      ) AND (
                                        "t46"."mb" < "t46"."ma"
                                      )
                                      THEN "t46"."ma" - "t46"."mb"
                                      ELSE CAST(0.00 AS DECIMAL(18, 2))
                                    END
                                  ) AS "mrr_contraction",
                                  SUM(
                                    CASE
                                      WHEN (
                                        "t46"."ma" > 0
                                      ) AND (
                                        "t46"."mb" > "t46"."ma"
                                      )
                                      THEN "t46"."mb" - "t46"."ma"
                                      ELSE CAST(0.00 AS DECIMAL(18, 2))
                                    END
                                  ) AS "mrr_expansion"
                                FROM (
                                  SELECT
                                    *
                                  FROM (
                                    SELECT
                                      COALESCE("t37"."ga", "t38"."gb") AS "g",
                                      COALESCE("t37"."ja", "t38"."jb" - 1) AS "k",
                                      COALESCE("t37"."ma", CAST(0.00 AS DECIMAL(18, 2))) AS "ma",
                                      COALESCE("t38"."mb", CAST(0.00 AS DECIMAL(18, 2))) AS "mb"
                                    FROM (
                                      SELECT
                                        "t31"."customer_id" AS "ca",
                                        "t31"."g" AS "ga",
                                        "t31"."j" AS "ja",
                                        "t31"."m" AS "ma"
                                      FROM "t30" AS "t31"
                                    ) AS "t37"
                                    FULL OUTER JOIN (
                                      SELECT
                                        "t31"."customer_id" AS "cb",
                                        "t31"."g" AS "gb",
                                        "t31"."j" AS "jb",
                                        "t31"."m" AS "mb"
                                      FROM "t30" AS "t31"
                                    ) AS "t38"
                                      ON "t37"."ca" = "t38"."cb" AND (
                                        "t37"."ja" + 1
                                      ) = "t38"."jb"
                                  ) AS "t44"
                                  WHERE
                                    "t44"."k" >= 0 AND "t44"."k" < 12
                                ) AS "t46"
                                GROUP BY
                                  1,
                                  2
                              ) AS "t48"
                            ) AS "t51"
                              ON "t83"."g" = "t51"."cg" AND "t83"."k" = "t51"."ck"
                          ) AS "t84"
                        ) AS "t85"
                      ) AS "t87"
                      LEFT OUTER JOIN (
                        SELECT
                          "t22"."g" AS "cg",
                          "t22"."k" AS "ck",
                          "t22"."items_returned",
                          "t22"."amount_returned"
                        FROM (
                          SELECT
                            "t16"."g",
                            "t16"."k",
                            SUM(COALESCE("t16"."items", 0)) AS "items_returned",
                            SUM(COALESCE("t16"."amount", 0)) AS "amount_returned"
                          FROM (
                            SELECT
                              "t3"."return_id",
                              "t3"."order_id",
                              "t3"."customer_id",
                              "t3"."returned_at",
                              "t3"."items",
                              "t3"."amount",
                              '' AS "g",
                              CASE
                                WHEN "t3"."returned_at" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                                THEN CASE
                                  WHEN "t3"."returned_at" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                                  THEN CASE
                                    WHEN "t3"."returned_at" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                                    THEN CASE
                                      WHEN "t3"."returned_at" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                                      THEN -1
                                      ELSE 0
                                    END
                                    ELSE CASE
                                      WHEN "t3"."returned_at" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                                      THEN 1
                                      ELSE 2
                                    END
                                  END
                                  ELSE CASE
                                    WHEN "t3"."returned_at" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                                    THEN CASE
                                      WHEN "t3"."returned_at" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                                      THEN 3
                                      ELSE 4
                                    END
                                    ELSE 5
                                  END
                                END
                                ELSE CASE
                                  WHEN "t3"."returned_at" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                                  THEN CASE
                                    WHEN "t3"."returned_at" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                                    THEN CASE
                                      WHEN "t3"."returned_at" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                                      THEN 6
                                      ELSE 7
                                    END
                                    ELSE CASE
                                      WHEN "t3"."returned_at" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                                      THEN 8
                                      ELSE 9
                                    END
                                  END
                                  ELSE CASE
                                    WHEN "t3"."returned_at" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                                    THEN CASE
                                      WHEN "t3"."returned_at" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                                      THEN 10
                                      ELSE 11
                                    END
                                    ELSE 12
                                  END
                                END
                              END AS "k"
                            FROM "returns" AS "t3"
                          ) AS "t16"
                          GROUP BY
                            1,
                            2
                        ) AS "t22"
                      ) AS "t25"
                        ON "t87"."g" = "t25"."cg" AND "t87"."k" = "t25"."ck"
                    ) AS "t88"
                  ) AS "t89"
                ) AS "t91"
                LEFT OUTER JOIN (
                  SELECT
                    "t29"."g" AS "cg",
                    "t29"."k" AS "ck",
                    "t29"."cost_acquisition",
                    "t29"."cost_retention",
                    "t29"."cost_mixed"
                  FROM (
                    SELECT
                      "t23"."g",
                      "t23"."k",
                      SUM(CASE WHEN "t23"."purpose" = 'acquisition' THEN "t23"."share" ELSE 0.0 END) AS "cost_acquisition",
                      SUM(CASE WHEN "t23"."purpose" = 'retention' THEN "t23"."share" ELSE 0.0 END) AS "cost_retention",
                      SUM(CASE WHEN "t23"."purpose" = 'mixed' THEN "t23"."share" ELSE 0.0 END) AS "cost_mixed"
                    FROM (
                      SELECT
                        *
                      FROM (
                        SELECT
                          '' AS "g",
                          "t8"."k",
                          "t7"."purpose",
                          (
                            CAST("t7"."amount" AS DOUBLE) * CAST(DATE_DIFF(
                              'DAY',
                              GREATEST("t7"."period_start", "t8"."start"),
                              LEAST("t7"."period_end" + INTERVAL '1' DAY, "t8"."end")
                            ) AS DOUBLE)
                          ) / CAST(DATE_DIFF('DAY', "t7"."period_start", "t7"."period_end" + INTERVAL '1' DAY) AS DOUBLE) AS "share"
                        FROM "costs" AS "t7"
                        INNER JOIN "periods" AS "t8"
                          ON "t7"."period_start" < "t8"."end" AND "t7"."period_end" >= "t8"."start"
                      ) AS "t19"
                      WHERE
                        "t19"."g" IS NOT NULL
                    ) AS "t23"
                    GROUP BY
                      1,
                      2
                  ) AS "t29"
                ) AS "t34"
                  ON "t91"."g" = "t34"."cg" AND "t91"."k" = "t34"."ck"
              ) AS "t92"
            ) AS "t93"
          ) AS "t95"
          LEFT OUTER JOIN (
            SELECT
              "t66"."g" AS "cg",
              "t66"."k" AS "ck",
              "t66"."cac_recorded"
            FROM (
              SELECT
                "t63"."g",
                "t63"."k",
                SUM(CAST("t63"."acquisition_cost" AS DOUBLE)) AS "cac_recorded"
              FROM (
                SELECT
                  "t58"."customer_id",
                  "t58"."fs",
                  "t58"."acquisition_cost",
                  '' AS "g",
                  CASE
                    WHEN "t58"."fs" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                    THEN CASE
                      WHEN "t58"."fs" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                      THEN CASE
                        WHEN "t58"."fs" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                        THEN CASE WHEN "t58"."fs" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
                        ELSE CASE WHEN "t58"."fs" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
                      END
                      ELSE CASE
                        WHEN "t58"."fs" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                        THEN CASE WHEN "t58"."fs" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
                        ELSE 5
                      END
                    END
                    ELSE CASE
                      WHEN "t58"."fs" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                      THEN CASE
                        WHEN "t58"."fs" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                        THEN CASE WHEN "t58"."fs" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
                        ELSE CASE WHEN "t58"."fs" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
                      END
                      ELSE CASE
                        WHEN "t58"."fs" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                        THEN CASE WHEN "t58"."fs" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
                        ELSE 12
                      END
                    END
                  END AS "k"
                FROM (
                  SELECT
                    "t57"."customer_id",
                    MIN("t57"."s") AS "fs",
                    MAX("t57"."acquisition_cost") AS "acquisition_cost"
                  FROM (
                    SELECT
                      "t56"."customer_id",
                      "t56"."s",
                      "t56"."e",
                      "t15"."acquisition_cost"
                    FROM (
                      SELECT
                        "t53"."customer_id",
                        "t53"."s",
                        "t53"."e"
                      FROM "t52" AS "t53"
                    ) AS "t56"
                    INNER JOIN (
                      SELECT
                        "t0"."customer_id",
                        "t0"."acquisition_cost"
                      FROM "customers" AS "t0"
                      WHERE
                        "t0"."acquisition_cost" IS NOT NULL
                    ) AS "t15"
                      ON "t56"."customer_id" = "t15"."customer_id"
                  ) AS "t57"
                  GROUP BY
                    1
                ) AS "t58"
              ) AS "t63"
              GROUP BY
                1,
                2
            ) AS "t66"
          ) AS "t68"
            ON "t95"."g" = "t68"."cg" AND "t95"."k" = "t68"."ck"
        ) AS "t96"
      ) AS "t97"
    ) AS "t98"
  ) AS "t99"
) AS "t100"
ORDER BY
  "t100"."g" ASC,
  "t100"."k" ASC
