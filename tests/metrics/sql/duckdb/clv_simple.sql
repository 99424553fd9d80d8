WITH "t13" AS (
  SELECT
    "t8"."order_id",
    "t8"."customer_id",
    "t8"."ordered_at",
    "t8"."revenue",
    "t8"."items",
    "t8"."channel",
    LAG("t8"."ordered_at") OVER (
      PARTITION BY "t8"."customer_id"
      ORDER BY "t8"."ordered_at" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "prev",
    LEAD("t8"."ordered_at") OVER (
      PARTITION BY "t8"."customer_id"
      ORDER BY "t8"."ordered_at" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "nxt",
    ROW_NUMBER() OVER (
      PARTITION BY "t8"."customer_id"
      ORDER BY "t8"."ordered_at" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) - 1 AS "n",
    MIN("t8"."ordered_at") OVER (
      PARTITION BY "t8"."customer_id"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "first"
  FROM (
    SELECT
      "t4"."order_id",
      "t4"."customer_id",
      "t4"."ordered_at",
      "t4"."revenue",
      "t4"."items",
      "t4"."channel"
    FROM "orders" AS "t4"
  ) AS "t8"
), "t35" AS (
  SELECT
    "t34"."customer_id",
    "t34"."island",
    MIN("t34"."s") AS "s",
    MAX("t34"."e") AS "e"
  FROM (
    SELECT
      "t32"."customer_id",
      "t32"."s",
      "t32"."e",
      "t32"."reach",
      "t32"."fresh",
      SUM("t32"."fresh") OVER (
        PARTITION BY "t32"."customer_id"
        ORDER BY "t32"."s" ASC, "t32"."e" ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS "island"
    FROM (
      SELECT
        "t28"."customer_id",
        "t28"."s",
        "t28"."e",
        "t28"."reach",
        CASE
          WHEN (
            "t28"."reach" IS NULL
          ) OR (
            "t28"."s" > "t28"."reach"
          )
          THEN 1
          ELSE 0
        END AS "fresh"
      FROM (
        SELECT
          "t26"."customer_id",
          "t26"."s",
          "t26"."e",
          MAX("t26"."e") OVER (
            PARTITION BY "t26"."customer_id"
            ORDER BY "t26"."s" ASC, "t26"."e" ASC
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 preceding
          ) AS "reach"
        FROM (
          SELECT
            *
          FROM (
            SELECT
              CAST("t20"."customer_id" AS TEXT) AS "customer_id",
              CAST("t20"."ordered_at" AS TIMESTAMP) AS "s",
              CAST(CASE WHEN "t20"."is_end" THEN "t20"."ordered_at" ELSE "t20"."after" END + INTERVAL '365' DAY AS TIMESTAMP) AS "e"
            FROM (
              SELECT
                "t17"."customer_id",
                "t17"."ordered_at",
                "t17"."n",
                "t17"."is_start",
                "t17"."is_end",
                LEAD("t17"."ordered_at") OVER (
                  PARTITION BY "t17"."customer_id"
                  ORDER BY "t17"."n" ASC
                  ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                ) AS "after"
              FROM (
                SELECT
                  "t14"."customer_id",
                  "t14"."ordered_at",
                  "t14"."n",
                  (
                    "t14"."prev" IS NULL
                  )
                  OR (
                    "t14"."ordered_at" > (
                      "t14"."prev" + INTERVAL '365' DAY
                    )
                  ) AS "is_start",
                  (
                    "t14"."nxt" IS NULL
                  )
                  OR (
                    "t14"."nxt" > (
                      "t14"."ordered_at" + INTERVAL '365' DAY
                    )
                  ) AS "is_end"
                FROM "t13" AS "t14"
                WHERE
                  (
                    "t14"."prev" IS NULL
                  )
                  OR (
                    "t14"."ordered_at" > (
                      "t14"."prev" + INTERVAL '365' DAY
                    )
                  )
                  OR (
                    (
                      "t14"."nxt" IS NULL
                    )
                    OR (
                      "t14"."nxt" > (
                        "t14"."ordered_at" + INTERVAL '365' DAY
                      )
                    )
                  )
              ) AS "t17"
            ) AS "t20"
            WHERE
              "t20"."is_start"
          ) AS "t24"
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              CAST("t3"."customer_id" AS TEXT) AS "customer_id",
              CAST("t3"."started_at" AS TIMESTAMP) AS "s",
              COALESCE("t3"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) AS "e"
            FROM "subscriptions" AS "t3"
          ) AS "t11"
        ) AS "t26"
      ) AS "t28"
    ) AS "t32"
  ) AS "t34"
  GROUP BY
    1,
    2
), "t42" AS (
  SELECT
    "t38"."customer_id",
    "t38"."s",
    "t38"."e",
    "t38"."g",
    CASE
      WHEN "t38"."s" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
      THEN CASE
        WHEN "t38"."s" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
        THEN CASE
          WHEN "t38"."s" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
          THEN CASE WHEN "t38"."s" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
          ELSE CASE WHEN "t38"."s" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
        END
        ELSE CASE
          WHEN "t38"."s" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
          THEN CASE WHEN "t38"."s" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
          ELSE 5
        END
      END
      ELSE CASE
        WHEN "t38"."s" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
        THEN CASE
          WHEN "t38"."s" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
          THEN CASE WHEN "t38"."s" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
          ELSE CASE WHEN "t38"."s" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
        END
        ELSE CASE
          WHEN "t38"."s" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
          THEN CASE WHEN "t38"."s" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
          ELSE 12
        END
      END
    END + 1 AS "lo",
    LEAST(
      CASE
        WHEN "t38"."e" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
        THEN CASE
          WHEN "t38"."e" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
          THEN CASE
            WHEN "t38"."e" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
            THEN CASE WHEN "t38"."e" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
            ELSE CASE WHEN "t38"."e" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
          END
          ELSE CASE
            WHEN "t38"."e" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
            THEN CASE WHEN "t38"."e" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
            ELSE 5
          END
        END
        ELSE CASE
          WHEN "t38"."e" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
          THEN CASE
            WHEN "t38"."e" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
            THEN CASE WHEN "t38"."e" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
            ELSE CASE WHEN "t38"."e" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
          END
          ELSE CASE
            WHEN "t38"."e" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
            THEN CASE WHEN "t38"."e" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
            ELSE 12
          END
        END
      END,
      12
    ) AS "hi",
    CASE
      WHEN MIN("t38"."s") OVER (
        PARTITION BY "t38"."customer_id"
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
      THEN CASE
        WHEN MIN("t38"."s") OVER (
          PARTITION BY "t38"."customer_id"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
        THEN CASE
          WHEN MIN("t38"."s") OVER (
            PARTITION BY "t38"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
          THEN CASE
            WHEN MIN("t38"."s") OVER (
              PARTITION BY "t38"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
            THEN -1
            ELSE 0
          END
          ELSE CASE
            WHEN MIN("t38"."s") OVER (
              PARTITION BY "t38"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
            THEN 1
            ELSE 2
          END
        END
        ELSE CASE
          WHEN MIN("t38"."s") OVER (
            PARTITION BY "t38"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
          THEN CASE
            WHEN MIN("t38"."s") OVER (
              PARTITION BY "t38"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
            THEN 3
            ELSE 4
          END
          ELSE 5
        END
      END
      ELSE CASE
        WHEN MIN("t38"."s") OVER (
          PARTITION BY "t38"."customer_id"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
        THEN CASE
          WHEN MIN("t38"."s") OVER (
            PARTITION BY "t38"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
          THEN CASE
            WHEN MIN("t38"."s") OVER (
              PARTITION BY "t38"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
            THEN 6
            ELSE 7
          END
          ELSE CASE
            WHEN MIN("t38"."s") OVER (
              PARTITION BY "t38"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
            THEN 8
            ELSE 9
          END
        END
        ELSE CASE
          WHEN MIN("t38"."s") OVER (
            PARTITION BY "t38"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
          THEN CASE
            WHEN MIN("t38"."s") OVER (
              PARTITION BY "t38"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
            THEN 10
            ELSE 11
          END
          ELSE 12
        END
      END
    END AS "f",
    "t38"."s" = MIN("t38"."s") OVER (
      PARTITION BY "t38"."customer_id"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "first"
  FROM (
    SELECT
      "t36"."customer_id",
      "t36"."s",
      "t36"."e",
      '' AS "g"
    FROM "t35" AS "t36"
  ) AS "t38"
), "t47" AS (
  SELECT
    "t45"."customer_id",
    "t45"."s",
    "t45"."e",
    "t45"."g",
    "t45"."lo",
    "t45"."hi",
    "t45"."f",
    "t45"."first",
    LAG("t45"."hi") OVER (
      PARTITION BY "t45"."customer_id"
      ORDER BY "t45"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "before",
    LEAD("t45"."lo") OVER (
      PARTITION BY "t45"."customer_id"
      ORDER BY "t45"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "after"
  FROM (
    SELECT
      *
    FROM "t42" AS "t43"
    WHERE
      "t43"."lo" <= "t43"."hi"
  ) AS "t45"
)
SELECT
  "t70"."g",
  "t70"."k",
  "t70"."period",
  (
    CASE
      WHEN (
        CAST("t70"."orders" AS DOUBLE) IS NULL
      )
      OR (
        CAST("t70"."orders" AS DOUBLE) = 0
      )
      THEN CAST(NULL AS DOUBLE)
      ELSE (
        CAST("t70"."revenue" AS DOUBLE) / CAST("t70"."orders" AS DOUBLE)
      ) * 1.0
    END * CASE
      WHEN (
        CAST("t70"."buyers_to_date" AS DOUBLE) IS NULL
      )
      OR (
        CAST("t70"."buyers_to_date" AS DOUBLE) = 0
      )
      THEN CAST(NULL AS DOUBLE)
      ELSE (
        CAST("t70"."repeat_to_date" AS DOUBLE) / CAST("t70"."buyers_to_date" AS DOUBLE)
      ) * 1.0
    END
  ) - CASE
    WHEN (
      CAST("t70"."N" AS DOUBLE) IS NULL
    ) OR (
      CAST("t70"."N" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CASE
        WHEN "t70"."cost_acquisition" > 0
        THEN "t70"."cost_acquisition"
        ELSE "t70"."cac_recorded"
      END / CAST("t70"."N" AS DOUBLE)
    ) * 1.0
  END AS "clv_simple"
FROM (
  SELECT
    "t69"."k",
    "t69"."period",
    "t69"."start",
    "t69"."end",
    "t69"."start_utc",
    "t69"."end_utc",
    "t69"."partial",
    "t69"."g",
    "t69"."interval_median",
    "t69"."orders",
    "t69"."revenue",
    "t69"."items",
    "t69"."orders_new",
    "t69"."revenue_new",
    "t69"."interval_n",
    "t69"."interval_sum",
    "t69"."first_orders",
    "t69"."second_orders",
    "t69"."loyal_orders",
    "t69"."new",
    "t69"."gained_new",
    "t69"."gained_re",
    "t69"."lost",
    "t69"."cost_acquisition",
    "t69"."cost_retention",
    "t69"."cost_mixed",
    "t69"."cac_recorded",
    SUM((
      "t69"."gained_new" + "t69"."gained_re"
    ) - "t69"."lost") OVER (
      PARTITION BY "t69"."g"
      ORDER BY "t69"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "E",
    "t69"."new" AS "N",
    SUM("t69"."first_orders") OVER (
      PARTITION BY "t69"."g"
      ORDER BY "t69"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "buyers_to_date",
    SUM("t69"."second_orders") OVER (
      PARTITION BY "t69"."g"
      ORDER BY "t69"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "repeat_to_date",
    SUM("t69"."loyal_orders") OVER (
      PARTITION BY "t69"."g"
      ORDER BY "t69"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "loyal_to_date",
    SUM(CAST("t69"."revenue" AS DOUBLE)) OVER (
      PARTITION BY "t69"."g"
      ORDER BY "t69"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "net_revenue_to_date"
  FROM (
    SELECT
      "t68"."k",
      "t68"."period",
      "t68"."start",
      "t68"."end",
      "t68"."start_utc",
      "t68"."end_utc",
      "t68"."partial",
      "t68"."g",
      "t68"."interval_median",
      "t68"."orders",
      "t68"."revenue",
      "t68"."items",
      "t68"."orders_new",
      "t68"."revenue_new",
      "t68"."interval_n",
      "t68"."interval_sum",
      "t68"."first_orders",
      "t68"."second_orders",
      "t68"."loyal_orders",
      "t68"."new",
      "t68"."gained_new",
      "t68"."gained_re",
      "t68"."lost",
      "t68"."cost_acquisition",
      "t68"."cost_retention",
      "t68"."cost_mixed",
      COALESCE("t68"."cac_recorded", 0) AS "cac_recorded"
    FROM (
      SELECT
        "t67".*
        EXCLUDE ("cg", "ck")
      FROM (
        SELECT
          "t66"."k",
          "t66"."period",
          "t66"."start",
          "t66"."end",
          "t66"."start_utc",
          "t66"."end_utc",
          "t66"."partial",
          "t66"."g",
          "t66"."interval_median",
          "t66"."orders",
          "t66"."revenue",
          "t66"."items",
          "t66"."orders_new",
          "t66"."revenue_new",
          "t66"."interval_n",
          "t66"."interval_sum",
          "t66"."first_orders",
          "t66"."second_orders",
          "t66"."loyal_orders",
          "t66"."new",
          "t66"."gained_new",
          "t66"."gained_re",
          "t66"."lost",
          "t66"."cost_acquisition",
          "t66"."cost_retention",
          "t66"."cost_mixed",
          "t51"."cg",
          "t51"."ck",
          "t51"."cac_recorded"
        FROM (
          SELECT
            "t64"."k",
            "t64"."period",
            "t64"."start",
            "t64"."end",
            "t64"."start_utc",
            "t64"."end_utc",
            "t64"."partial",
            "t64"."g",
            "t64"."interval_median",
            "t64"."orders",
            "t64"."revenue",
            "t64"."items",
            "t64"."orders_new",
            "t64"."revenue_new",
            "t64"."interval_n",
            "t64"."interval_sum",
            "t64"."first_orders",
            "t64"."second_orders",
            "t64"."loyal_orders",
            "t64"."new",
            "t64"."gained_new",
            "t64"."gained_re",
            "t64"."lost",
            COALESCE("t64"."cost_acquisition", 0) AS "cost_acquisition",
            COALESCE("t64"."cost_retention", 0) AS "cost_retention",
            COALESCE("t64"."cost_mixed", 0) AS "cost_mixed"
          FROM (
            SELECT
              "t63".*
              EXCLUDE ("cg", "ck")
            FROM (
              SELECT
                "t62"."k",
                "t62"."period",
                "t62"."start",
                "t62"."end",
                "t62"."start_utc",
                "t62"."end_utc",
                "t62"."partial",
                "t62"."g",
                "t62"."interval_median",
                "t62"."orders",
                "t62"."revenue",
                "t62"."items",
                "t62"."orders_new",
                "t62"."revenue_new",
                "t62"."interval_n",
                "t62"."interval_sum",
                "t62"."first_orders",
                "t62"."second_orders",
                "t62"."loyal_orders",
                "t62"."new",
                "t62"."gained_new",
                "t62"."gained_re",
                "t62"."lost",
                "t22"."cg",
                "t22"."ck",
                "t22"."cost_acquisition",
                "t22"."cost_retention",
                "t22"."cost_mixed"
              FROM (
                SELECT
                  "t60"."k",
                  "t60"."period",
                  "t60"."start",
                  "t60"."end",
                  "t60"."start_utc",
                  "t60"."end_utc",
                  "t60"."partial",
                  "t60"."g",
                  "t60"."interval_median",
                  "t60"."orders",
                  "t60"."revenue",
                  "t60"."items",
                  "t60"."orders_new",
                  "t60"."revenue_new",
                  "t60"."interval_n",
                  "t60"."interval_sum",
                  "t60"."first_orders",
                  "t60"."second_orders",
                  "t60"."loyal_orders",
                  COALESCE("t60"."new", 0) AS "new",
                  COALESCE("t60"."gained_new", 0) AS "gained_new",
                  COALESCE("t60"."gained_re", 0) AS "gained_re",
                  COALESCE("t60"."lost", 0) AS "lost"
                FROM (
                  SELECT
                    "t59".*
                    EXCLUDE ("cg", "ck")
                  FROM (
                    SELECT
                      "t33"."k",
                      "t33"."period",
                      "t33"."start",
                      "t33"."end",
                      "t33"."start_utc",
                      "t33"."end_utc",
                      "t33"."partial",
                      "t33"."g",
                      "t33"."interval_median",
                      "t33"."orders",
                      "t33"."revenue",
                      "t33"."items",
                      "t33"."orders_new",
                      "t33"."revenue_new",
                      "t33"."interval_n",
                      "t33"."interval_sum",
                      "t33"."first_orders",
                      "t33"."second_orders",
                      "t33"."loyal_orders",
                      "t58"."cg",
                      "t58"."ck",
                      "t58"."new",
                      "t58"."gained_new",
                      "t58"."gained_re",
                      "t58"."lost"
                    FROM (
                      SELECT
                        "t30"."k",
                        "t30"."period",
                        "t30"."start",
                        "t30"."end",
                        "t30"."start_utc",
                        "t30"."end_utc",
                        "t30"."partial",
                        "t30"."g",
                        "t30"."interval_median",
                        COALESCE("t30"."orders", 0) AS "orders",
                        COALESCE("t30"."revenue", 0) AS "revenue",
                        COALESCE("t30"."items", 0) AS "items",
                        COALESCE("t30"."orders_new", 0) AS "orders_new",
                        COALESCE("t30"."revenue_new", 0) AS "revenue_new",
                        COALESCE("t30"."interval_n", 0) AS "interval_n",
                        COALESCE("t30"."interval_sum", 0) AS "interval_sum",
                        COALESCE("t30"."first_orders", 0) AS "first_orders",
                        COALESCE("t30"."second_orders", 0) AS "second_orders",
                        COALESCE("t30"."loyal_orders", 0) AS "loyal_orders"
                      FROM (
                        SELECT
                          "t29".*
                          EXCLUDE ("cg", "ck")
                        FROM (
                          SELECT
                            "t10"."k",
                            "t10"."period",
                            "t10"."start",
                            "t10"."end",
                            "t10"."start_utc",
                            "t10"."end_utc",
                            "t10"."partial",
                            "t10"."g",
                            "t27"."cg",
                            "t27"."ck",
                            "t27"."interval_median",
                            "t27"."orders",
                            "t27"."revenue",
                            "t27"."items",
                            "t27"."orders_new",
                            "t27"."revenue_new",
                            "t27"."interval_n",
                            "t27"."interval_sum",
                            "t27"."first_orders",
                            "t27"."second_orders",
                            "t27"."loyal_orders"
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
                          ) AS "t10"
                          LEFT OUTER JOIN (
                            SELECT
                              "t23"."g" AS "cg",
                              "t23"."k" AS "ck",
                              "t23"."interval_median",
                              "t23"."orders",
                              "t23"."revenue",
                              "t23"."items",
                              "t23"."orders_new",
                              "t23"."revenue_new",
                              "t23"."interval_n",
                              "t23"."interval_sum",
                              "t23"."first_orders",
                              "t23"."second_orders",
                              "t23"."loyal_orders"
                            FROM (
                              SELECT
                                "t18"."g",
                                "t18"."k",
                                QUANTILE_CONT("t18"."gap", 0.5) AS "interval_median",
                                COUNT(*) AS "orders",
                                SUM("t18"."revenue") AS "revenue",
                                SUM(COALESCE("t18"."items", 0)) AS "items",
                                SUM(CASE WHEN "t18"."is_new" THEN 1 ELSE 0 END) AS "orders_new",
                                SUM(CASE WHEN "t18"."is_new" THEN "t18"."revenue" ELSE 0 END) AS "revenue_new",
                                COUNT("t18"."gap") AS "interval_n",
                                SUM("t18"."gap") AS "interval_sum",
                                SUM(CASE WHEN "t18"."n" = 0 THEN 1 ELSE 0 END) AS "first_orders",
                                SUM(CASE WHEN "t18"."n" = 1 THEN 1 ELSE 0 END) AS "second_orders",
                                SUM(CASE WHEN "t18"."n" = 2 THEN 1 ELSE 0 END) AS "loyal_orders"
                              FROM (
                                SELECT
                                  "t14"."order_id",
                                  "t14"."customer_id",
                                  "t14"."ordered_at",
                                  "t14"."revenue",
                                  "t14"."items",
                                  "t14"."channel",
                                  "t14"."prev",
                                  "t14"."nxt",
                                  "t14"."n",
                                  "t14"."first",
                                  '' AS "g",
                                  CASE
                                    WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                                    THEN CASE
                                      WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                                      THEN CASE
                                        WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                                        THEN CASE
                                          WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                                          THEN -1
                                          ELSE 0
                                        END
                                        ELSE CASE
                                          WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                                          THEN 1
                                          ELSE 2
                                        END
                                      END
                                      ELSE CASE
                                        WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                                        THEN CASE
                                          WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                                          THEN 3
                                          ELSE 4
                                        END
                                        ELSE 5
                                      END
                                    END
                                    ELSE CASE
                                      WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                                      THEN CASE
                                        WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                                        THEN CASE
                                          WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                                          THEN 6
                                          ELSE 7
                                        END
                                        ELSE CASE
                                          WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                                          THEN 8
                                          ELSE 9
                                        END
                                      END
                                      ELSE CASE
                                        WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                                        THEN CASE
                                          WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                                          THEN 10
                                          ELSE 11
                                        END
                                        ELSE 12
                                      END
                                    END
                                  END AS "k",
                                  CASE
                                    WHEN "t14"."first" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                                    THEN CASE
                                      WHEN "t14"."first" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                                      THEN CASE
                                        WHEN "t14"."first" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                                        THEN CASE
                                          WHEN "t14"."first" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                                          THEN -1
                                          ELSE 0
                                        END
                                        ELSE CASE WHEN "t14"."first" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
                                      END
                                      ELSE CASE
                                        WHEN "t14"."first" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                                        THEN CASE WHEN "t14"."first" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
                                        ELSE 5
                                      END
                                    END
                                    ELSE CASE
                                      WHEN "t14"."first" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                                      THEN CASE
                                        WHEN "t14"."first" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                                        THEN CASE WHEN "t14"."first" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
                                        ELSE CASE WHEN "t14"."first" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
                                      END
                                      ELSE CASE
                                        WHEN "t14"."first" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                                        THEN CASE
                                          WHEN "t14"."first" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                                          THEN 10
                                          ELSE 11
                                        END
                                        ELSE 12
                                      END
                                    END
                                  END = CASE
                                    WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                                    THEN CASE
                                      WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                                      THEN CASE
                                        WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                                        THEN CASE
                                          WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                                          THEN -1
                                          ELSE 0
                                        END
                                        ELSE CASE
                                          WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                                          THEN 1
                                          ELSE 2
                                        END
                                      END
                                      ELSE CASE
                                        WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                                        THEN CASE
                                          WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                                          THEN 3
                                          ELSE 4
                                        END
                                        ELSE 5
                                      END
                                    END
                                    ELSE CASE
                                      WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                                      THEN CASE
                                        WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                                        THEN CASE
                                          WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                                          THEN 6
                                          ELSE 7
                                        END
                                        ELSE CASE
                                          WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                                          THEN 8
                                          ELSE 9
                                        END
                                      END
                                      ELSE CASE
                                        WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                                        THEN CASE
                                          WHEN "t14"."ordered_at" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                                          THEN 10
                                          ELSE 11
                                        END
                                        ELSE 12
                                      END
                                    END
                                  END AS "is_new",
                                  CAST(DATE_DIFF('MICROSECOND', "t14"."prev", "t14"."ordered_at") AS DOUBLE) / 86400000000 AS "gap"
                                FROM "t13" AS "t14"
                              ) AS "t18"
                              GROUP BY
                                1,
                                2
                            ) AS "t23"
                          ) AS "t27"
                            ON "t10"."g" = "t27"."cg" AND "t10"."k" = "t27"."ck"
                        ) AS "t29"
                      ) AS "t30"
                    ) AS "t33"
                    LEFT OUTER JOIN (
                      SELECT
                        "t56"."g" AS "cg",
                        "t56"."k" AS "ck",
                        "t56"."new",
                        "t56"."gained_new",
                        "t56"."gained_re",
                        "t56"."lost"
                      FROM (
                        SELECT
                          "t55"."g",
                          "t55"."k",
                          SUM("t55"."new") AS "new",
                          SUM("t55"."gained_new") AS "gained_new",
                          SUM("t55"."gained_re") AS "gained_re",
                          SUM("t55"."lost") AS "lost"
                        FROM (
                          SELECT
                            *
                          FROM (
                            SELECT
                              *
                            FROM (
                              SELECT
                                "t43"."g",
                                "t43"."f" AS "k",
                                1 AS "new",
                                0 AS "gained_new",
                                0 AS "gained_re",
                                0 AS "lost"
                              FROM "t42" AS "t43"
                              WHERE
                                "t43"."first"
                            ) AS "t44"
                            UNION ALL
                            SELECT
                              *
                            FROM (
                              SELECT
                                "t48"."g",
                                "t48"."lo" - 1 AS "k",
                                0 AS "new",
                                CASE WHEN "t48"."f" = (
                                  "t48"."lo" - 1
                                ) THEN 1 ELSE 0 END AS "gained_new",
                                CASE WHEN "t48"."f" = (
                                  "t48"."lo" - 1
                                ) THEN 0 ELSE 1 END AS "gained_re",
                                0 AS "lost"
                              FROM "t47" AS "t48"
                              WHERE
                                (
                                  "t48"."before" IS NULL
                                ) OR (
                                  "t48"."before" < (
                                    "t48"."lo" - 1
                                  )
                                )
                            ) AS "t53"
                          ) AS "t54"
                          UNION ALL
                          SELECT
                            *
                          FROM (
                            SELECT
                              "t48"."g",
                              "t48"."hi" AS "k",
                              0 AS "new",
                              0 AS "gained_new",
                              0 AS "gained_re",
                              1 AS "lost"
                            FROM "t47" AS "t48"
                            WHERE
                              (
                                (
                                  "t48"."after" IS NULL
                                ) OR (
                                  "t48"."after" > (
                                    "t48"."hi" + 1
                                  )
                                )
                              )
                              AND "t48"."hi" < 12
                          ) AS "t52"
                        ) AS "t55"
                        GROUP BY
                          1,
                          2
                      ) AS "t56"
                    ) AS "t58"
                      ON "t33"."g" = "t58"."cg" AND "t33"."k" = "t58"."ck"
                  ) AS "t59"
                ) AS "t60"
              ) AS "t62"
              LEFT OUTER JOIN (
                SELECT
                  "t19"."g" AS "cg",
                  "t19"."k" AS "ck",
                  "t19"."cost_acquisition",
                  "t19"."cost_retention",
                  "t19"."cost_mixed"
                FROM (
                  SELECT
                    "t16"."g",
                    "t16"."k",
                    SUM(CASE WHEN "t16"."purpose" = 'acquisition' THEN "t16"."share" ELSE 0.0 END) AS "cost_acquisition",
                    SUM(CASE WHEN "t16"."purpose" = 'retention' THEN "t16"."share" ELSE 0.0 END) AS "cost_retention",
                    SUM(CASE WHEN "t16"."purpose" = 'mixed' THEN "t16"."share" ELSE 0.0 END) AS "cost_mixed"
                  FROM (
                    SELECT
                      *
                    FROM (
                      SELECT
                        '' AS "g",
                        "t6"."k",
                        "t5"."purpose",
                        (
                          CAST("t5"."amount" AS DOUBLE) * CAST(DATE_DIFF(
                            'DAY',
                            GREATEST("t5"."period_start", "t6"."start"),
                            LEAST("t5"."period_end" + INTERVAL '1' DAY, "t6"."end")
                          ) AS DOUBLE)
                        ) / CAST(DATE_DIFF('DAY', "t5"."period_start", "t5"."period_end" + INTERVAL '1' DAY) AS DOUBLE) AS "share"
                      FROM "costs" AS "t5"
                      INNER JOIN "periods" AS "t6"
                        ON "t5"."period_start" < "t6"."end" AND "t5"."period_end" >= "t6"."start"
                    ) AS "t15"
                    WHERE
                      "t15"."g" IS NOT NULL
                  ) AS "t16"
                  GROUP BY
                    1,
                    2
                ) AS "t19"
              ) AS "t22"
                ON "t62"."g" = "t22"."cg" AND "t62"."k" = "t22"."ck"
            ) AS "t63"
          ) AS "t64"
        ) AS "t66"
        LEFT OUTER JOIN (
          SELECT
            "t49"."g" AS "cg",
            "t49"."k" AS "ck",
            "t49"."cac_recorded"
          FROM (
            SELECT
              "t46"."g",
              "t46"."k",
              SUM(CAST("t46"."acquisition_cost" AS DOUBLE)) AS "cac_recorded"
            FROM (
              SELECT
                "t41"."customer_id",
                "t41"."fs",
                "t41"."acquisition_cost",
                '' AS "g",
                CASE
                  WHEN "t41"."fs" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                  THEN CASE
                    WHEN "t41"."fs" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                    THEN CASE
                      WHEN "t41"."fs" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                      THEN CASE WHEN "t41"."fs" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
                      ELSE CASE WHEN "t41"."fs" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
                    END
                    ELSE CASE
                      WHEN "t41"."fs" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                      THEN CASE WHEN "t41"."fs" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
                      ELSE 5
                    END
                  END
                  ELSE CASE
                    WHEN "t41"."fs" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                    THEN CASE
                      WHEN "t41"."fs" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                      THEN CASE WHEN "t41"."fs" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
                      ELSE CASE WHEN "t41"."fs" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
                    END
                    ELSE CASE
                      WHEN "t41"."fs" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                      THEN CASE WHEN "t41"."fs" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
                      ELSE 12
                    END
                  END
                END AS "k"
              FROM (
                SELECT
                  "t40"."customer_id",
                  MIN("t40"."s") AS "fs",
                  MAX("t40"."acquisition_cost") AS "acquisition_cost"
                FROM (
                  SELECT
                    "t39"."customer_id",
                    "t39"."s",
                    "t39"."e",
                    "t12"."acquisition_cost"
                  FROM (
                    SELECT
                      "t36"."customer_id",
                      "t36"."s",
                      "t36"."e"
                    FROM "t35" AS "t36"
                  ) AS "t39"
                  INNER JOIN (
                    SELECT
                      "t0"."customer_id",
                      "t0"."acquisition_cost"
                    FROM "customers" AS "t0"
                    WHERE
                      "t0"."acquisition_cost" IS NOT NULL
                  ) AS "t12"
                    ON "t39"."customer_id" = "t12"."customer_id"
                ) AS "t40"
                GROUP BY
                  1
              ) AS "t41"
            ) AS "t46"
            GROUP BY
              1,
              2
          ) AS "t49"
        ) AS "t51"
          ON "t66"."g" = "t51"."cg" AND "t66"."k" = "t51"."ck"
      ) AS "t67"
    ) AS "t68"
  ) AS "t69"
) AS "t70"
ORDER BY
  "t70"."g" ASC,
  "t70"."k" ASC
