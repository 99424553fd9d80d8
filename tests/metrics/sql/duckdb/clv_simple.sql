WITH "t17" AS (
  SELECT
    "t13"."order_id",
    "t13"."customer_id",
    "t13"."ordered_at",
    "t13"."revenue",
    "t13"."items",
    "t13"."channel",
    LAG("t13"."ordered_at") OVER (
      PARTITION BY "t13"."customer_id"
      ORDER BY "t13"."ordered_at" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "prev",
    LEAD("t13"."ordered_at") OVER (
      PARTITION BY "t13"."customer_id"
      ORDER BY "t13"."ordered_at" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "nxt",
    ROW_NUMBER() OVER (
      PARTITION BY "t13"."customer_id"
      ORDER BY "t13"."ordered_at" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) - 1 AS "n",
    MIN("t13"."ordered_at") OVER (
      PARTITION BY "t13"."customer_id"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "first"
  FROM (
    SELECT
      "t9"."order_id",
      "t9"."customer_id",
      "t9"."ordered_at",
      "t9"."revenue",
      "t9"."items",
      "t9"."channel"
    FROM (
      SELECT
        "t4".*
        EXCLUDE ("import_id")
      FROM "orders" AS "t4"
    ) AS "t9"
  ) AS "t13"
), "t39" AS (
  SELECT
    "t38"."customer_id",
    "t38"."island",
    MIN("t38"."s") AS "s",
    MAX("t38"."e") AS "e"
  FROM (
    SELECT
      "t36"."customer_id",
      "t36"."s",
      "t36"."e",
      "t36"."reach",
      "t36"."fresh",
      SUM("t36"."fresh") OVER (
        PARTITION BY "t36"."customer_id"
        ORDER BY "t36"."s" ASC, "t36"."e" ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS "island"
    FROM (
      SELECT
        "t32"."customer_id",
        "t32"."s",
        "t32"."e",
        "t32"."reach",
        CASE
          WHEN (
            "t32"."reach" IS NULL
          ) OR (
            "t32"."s" > "t32"."reach"
          )
          THEN 1
          ELSE 0
        END AS "fresh"
      FROM (
        SELECT
          "t30"."customer_id",
          "t30"."s",
          "t30"."e",
          MAX("t30"."e") OVER (
            PARTITION BY "t30"."customer_id"
            ORDER BY "t30"."s" ASC, "t30"."e" ASC
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 preceding
          ) AS "reach"
        FROM (
          SELECT
            *
          FROM (
            SELECT
              CAST("t24"."customer_id" AS TEXT) AS "customer_id",
              CAST("t24"."ordered_at" AS TIMESTAMP) AS "s",
              CAST(CASE WHEN "t24"."is_end" THEN "t24"."ordered_at" ELSE "t24"."after" END + INTERVAL '365' DAY AS TIMESTAMP) AS "e"
            FROM (
              SELECT
                "t21"."customer_id",
                "t21"."ordered_at",
                "t21"."n",
                "t21"."is_start",
                "t21"."is_end",
                LEAD("t21"."ordered_at") OVER (
                  PARTITION BY "t21"."customer_id"
                  ORDER BY "t21"."n" ASC
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
              ) AS "t21"
            ) AS "t24"
            WHERE
              "t24"."is_start"
          ) AS "t28"
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              CAST("t8"."customer_id" AS TEXT) AS "customer_id",
              CAST("t8"."started_at" AS TIMESTAMP) AS "s",
              COALESCE("t8"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) AS "e"
            FROM (
              SELECT
                "t3".*
                EXCLUDE ("import_id")
              FROM "subscriptions" AS "t3"
            ) AS "t8"
          ) AS "t15"
        ) AS "t30"
      ) AS "t32"
    ) AS "t36"
  ) AS "t38"
  GROUP BY
    1,
    2
), "t46" AS (
  SELECT
    "t42"."customer_id",
    "t42"."s",
    "t42"."e",
    "t42"."g",
    CASE
      WHEN "t42"."s" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
      THEN CASE
        WHEN "t42"."s" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
        THEN CASE
          WHEN "t42"."s" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
          THEN CASE WHEN "t42"."s" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
          ELSE CASE WHEN "t42"."s" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
        END
        ELSE CASE
          WHEN "t42"."s" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
          THEN CASE WHEN "t42"."s" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
          ELSE 5
        END
      END
      ELSE CASE
        WHEN "t42"."s" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
        THEN CASE
          WHEN "t42"."s" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
          THEN CASE WHEN "t42"."s" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
          ELSE CASE WHEN "t42"."s" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
        END
        ELSE CASE
          WHEN "t42"."s" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
          THEN CASE WHEN "t42"."s" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
          ELSE 12
        END
      END
    END + 1 AS "lo",
    LEAST(
      CASE
        WHEN "t42"."e" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
        THEN CASE
          WHEN "t42"."e" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
          THEN CASE
            WHEN "t42"."e" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
            THEN CASE WHEN "t42"."e" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
            ELSE CASE WHEN "t42"."e" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
          END
          ELSE CASE
            WHEN "t42"."e" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
            THEN CASE WHEN "t42"."e" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
            ELSE 5
          END
        END
        ELSE CASE
          WHEN "t42"."e" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
          THEN CASE
            WHEN "t42"."e" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
            THEN CASE WHEN "t42"."e" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
            ELSE CASE WHEN "t42"."e" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
          END
          ELSE CASE
            WHEN "t42"."e" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
            THEN CASE WHEN "t42"."e" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
            ELSE 12
          END
        END
      END,
      12
    ) AS "hi",
    CASE
      WHEN MIN("t42"."s") OVER (
        PARTITION BY "t42"."customer_id"
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
      THEN CASE
        WHEN MIN("t42"."s") OVER (
          PARTITION BY "t42"."customer_id"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
        THEN CASE
          WHEN MIN("t42"."s") OVER (
            PARTITION BY "t42"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
          THEN CASE
            WHEN MIN("t42"."s") OVER (
              PARTITION BY "t42"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
            THEN -1
            ELSE 0
          END
          ELSE CASE
            WHEN MIN("t42"."s") OVER (
              PARTITION BY "t42"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
            THEN 1
            ELSE 2
          END
        END
        ELSE CASE
          WHEN MIN("t42"."s") OVER (
            PARTITION BY "t42"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
          THEN CASE
            WHEN MIN("t42"."s") OVER (
              PARTITION BY "t42"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
            THEN 3
            ELSE 4
          END
          ELSE 5
        END
      END
      ELSE CASE
        WHEN MIN("t42"."s") OVER (
          PARTITION BY "t42"."customer_id"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
        THEN CASE
          WHEN MIN("t42"."s") OVER (
            PARTITION BY "t42"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
          THEN CASE
            WHEN MIN("t42"."s") OVER (
              PARTITION BY "t42"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
            THEN 6
            ELSE 7
          END
          ELSE CASE
            WHEN MIN("t42"."s") OVER (
              PARTITION BY "t42"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
            THEN 8
            ELSE 9
          END
        END
        ELSE CASE
          WHEN MIN("t42"."s") OVER (
            PARTITION BY "t42"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
          THEN CASE
            WHEN MIN("t42"."s") OVER (
              PARTITION BY "t42"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
            THEN 10
            ELSE 11
          END
          ELSE 12
        END
      END
    END AS "f",
    "t42"."s" = MIN("t42"."s") OVER (
      PARTITION BY "t42"."customer_id"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "first"
  FROM (
    SELECT
      "t40"."customer_id",
      "t40"."s",
      "t40"."e",
      '' AS "g"
    FROM "t39" AS "t40"
  ) AS "t42"
), "t51" AS (
  SELECT
    "t49"."customer_id",
    "t49"."s",
    "t49"."e",
    "t49"."g",
    "t49"."lo",
    "t49"."hi",
    "t49"."f",
    "t49"."first",
    LAG("t49"."hi") OVER (
      PARTITION BY "t49"."customer_id"
      ORDER BY "t49"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "before",
    LEAD("t49"."lo") OVER (
      PARTITION BY "t49"."customer_id"
      ORDER BY "t49"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "after"
  FROM (
    SELECT
      *
    FROM "t46" AS "t47"
    WHERE
      "t47"."lo" <= "t47"."hi"
  ) AS "t49"
)
SELECT
  "t74"."g",
  "t74"."k",
  "t74"."period",
  (
    CASE
      WHEN (
        CAST("t74"."orders" AS DOUBLE) IS NULL
      )
      OR (
        CAST("t74"."orders" AS DOUBLE) = 0
      )
      THEN CAST(NULL AS DOUBLE)
      ELSE (
        CAST("t74"."revenue" AS DOUBLE) / CAST("t74"."orders" AS DOUBLE)
      ) * 1.0
    END * CASE
      WHEN (
        CAST("t74"."buyers_to_date" AS DOUBLE) IS NULL
      )
      OR (
        CAST("t74"."buyers_to_date" AS DOUBLE) = 0
      )
      THEN CAST(NULL AS DOUBLE)
      ELSE (
        CAST("t74"."repeat_to_date" AS DOUBLE) / CAST("t74"."buyers_to_date" AS DOUBLE)
      ) * 1.0
    END
  ) - CASE
    WHEN (
      CAST("t74"."N" AS DOUBLE) IS NULL
    ) OR (
      CAST("t74"."N" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CASE
        WHEN "t74"."cost_acquisition" > 0
        THEN "t74"."cost_acquisition"
        ELSE "t74"."cac_recorded"
      END / CAST("t74"."N" AS DOUBLE)
    ) * 1.0
  END AS "clv_simple"
FROM (
  SELECT
    "t73"."k",
    "t73"."period",
    "t73"."start",
    "t73"."end",
    "t73"."start_utc",
    "t73"."end_utc",
    "t73"."partial",
    "t73"."g",
    "t73"."interval_median",
    "t73"."orders",
    "t73"."revenue",
    "t73"."items",
    "t73"."orders_new",
    "t73"."revenue_new",
    "t73"."interval_n",
    "t73"."interval_sum",
    "t73"."first_orders",
    "t73"."second_orders",
    "t73"."loyal_orders",
    "t73"."new",
    "t73"."gained_new",
    "t73"."gained_re",
    "t73"."lost",
    "t73"."cost_acquisition",
    "t73"."cost_retention",
    "t73"."cost_mixed",
    "t73"."cac_recorded",
    SUM((
      "t73"."gained_new" + "t73"."gained_re"
    ) - "t73"."lost") OVER (
      PARTITION BY "t73"."g"
      ORDER BY "t73"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "E",
    "t73"."new" AS "N",
    SUM("t73"."first_orders") OVER (
      PARTITION BY "t73"."g"
      ORDER BY "t73"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "buyers_to_date",
    SUM("t73"."second_orders") OVER (
      PARTITION BY "t73"."g"
      ORDER BY "t73"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "repeat_to_date",
    SUM("t73"."loyal_orders") OVER (
      PARTITION BY "t73"."g"
      ORDER BY "t73"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "loyal_to_date",
    SUM(CAST("t73"."revenue" AS DOUBLE)) OVER (
      PARTITION BY "t73"."g"
      ORDER BY "t73"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "net_revenue_to_date"
  FROM (
    SELECT
      "t72"."k",
      "t72"."period",
      "t72"."start",
      "t72"."end",
      "t72"."start_utc",
      "t72"."end_utc",
      "t72"."partial",
      "t72"."g",
      "t72"."interval_median",
      "t72"."orders",
      "t72"."revenue",
      "t72"."items",
      "t72"."orders_new",
      "t72"."revenue_new",
      "t72"."interval_n",
      "t72"."interval_sum",
      "t72"."first_orders",
      "t72"."second_orders",
      "t72"."loyal_orders",
      "t72"."new",
      "t72"."gained_new",
      "t72"."gained_re",
      "t72"."lost",
      "t72"."cost_acquisition",
      "t72"."cost_retention",
      "t72"."cost_mixed",
      COALESCE("t72"."cac_recorded", 0) AS "cac_recorded"
    FROM (
      SELECT
        "t71".*
        EXCLUDE ("cg", "ck")
      FROM (
        SELECT
          "t70"."k",
          "t70"."period",
          "t70"."start",
          "t70"."end",
          "t70"."start_utc",
          "t70"."end_utc",
          "t70"."partial",
          "t70"."g",
          "t70"."interval_median",
          "t70"."orders",
          "t70"."revenue",
          "t70"."items",
          "t70"."orders_new",
          "t70"."revenue_new",
          "t70"."interval_n",
          "t70"."interval_sum",
          "t70"."first_orders",
          "t70"."second_orders",
          "t70"."loyal_orders",
          "t70"."new",
          "t70"."gained_new",
          "t70"."gained_re",
          "t70"."lost",
          "t70"."cost_acquisition",
          "t70"."cost_retention",
          "t70"."cost_mixed",
          "t55"."cg",
          "t55"."ck",
          "t55"."cac_recorded"
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
            COALESCE("t68"."cost_acquisition", 0) AS "cost_acquisition",
            COALESCE("t68"."cost_retention", 0) AS "cost_retention",
            COALESCE("t68"."cost_mixed", 0) AS "cost_mixed"
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
                "t26"."cg",
                "t26"."ck",
                "t26"."cost_acquisition",
                "t26"."cost_retention",
                "t26"."cost_mixed"
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
                  COALESCE("t64"."new", 0) AS "new",
                  COALESCE("t64"."gained_new", 0) AS "gained_new",
                  COALESCE("t64"."gained_re", 0) AS "gained_re",
                  COALESCE("t64"."lost", 0) AS "lost"
                FROM (
                  SELECT
                    "t63".*
                    EXCLUDE ("cg", "ck")
                  FROM (
                    SELECT
                      "t37"."k",
                      "t37"."period",
                      "t37"."start",
                      "t37"."end",
                      "t37"."start_utc",
                      "t37"."end_utc",
                      "t37"."partial",
                      "t37"."g",
                      "t37"."interval_median",
                      "t37"."orders",
                      "t37"."revenue",
                      "t37"."items",
                      "t37"."orders_new",
                      "t37"."revenue_new",
                      "t37"."interval_n",
                      "t37"."interval_sum",
                      "t37"."first_orders",
                      "t37"."second_orders",
                      "t37"."loyal_orders",
                      "t62"."cg",
                      "t62"."ck",
                      "t62"."new",
                      "t62"."gained_new",
                      "t62"."gained_re",
                      "t62"."lost"
                    FROM (
                      SELECT
                        "t34"."k",
                        "t34"."period",
                        "t34"."start",
                        "t34"."end",
                        "t34"."start_utc",
                        "t34"."end_utc",
                        "t34"."partial",
                        "t34"."g",
                        "t34"."interval_median",
                        COALESCE("t34"."orders", 0) AS "orders",
                        COALESCE("t34"."revenue", 0) AS "revenue",
                        COALESCE("t34"."items", 0) AS "items",
                        COALESCE("t34"."orders_new", 0) AS "orders_new",
                        COALESCE("t34"."revenue_new", 0) AS "revenue_new",
                        COALESCE("t34"."interval_n", 0) AS "interval_n",
                        COALESCE("t34"."interval_sum", 0) AS "interval_sum",
                        COALESCE("t34"."first_orders", 0) AS "first_orders",
                        COALESCE("t34"."second_orders", 0) AS "second_orders",
                        COALESCE("t34"."loyal_orders", 0) AS "loyal_orders"
                      FROM (
                        SELECT
                          "t33".*
                          EXCLUDE ("cg", "ck")
                        FROM (
                          SELECT
                            "t12"."k",
                            "t12"."period",
                            "t12"."start",
                            "t12"."end",
                            "t12"."start_utc",
                            "t12"."end_utc",
                            "t12"."partial",
                            "t12"."g",
                            "t31"."cg",
                            "t31"."ck",
                            "t31"."interval_median",
                            "t31"."orders",
                            "t31"."revenue",
                            "t31"."items",
                            "t31"."orders_new",
                            "t31"."revenue_new",
                            "t31"."interval_n",
                            "t31"."interval_sum",
                            "t31"."first_orders",
                            "t31"."second_orders",
                            "t31"."loyal_orders"
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
                          ) AS "t12"
                          LEFT OUTER JOIN (
                            SELECT
                              "t27"."g" AS "cg",
                              "t27"."k" AS "ck",
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
                                "t22"."g",
                                "t22"."k",
                                QUANTILE_CONT("t22"."gap", 0.5) AS "interval_median",
                                COUNT(*) AS "orders",
                                SUM("t22"."revenue") AS "revenue",
                                SUM(COALESCE("t22"."items", 0)) AS "items",
                                SUM(CASE WHEN "t22"."is_new" THEN 1 ELSE 0 END) AS "orders_new",
                                SUM(CASE WHEN "t22"."is_new" THEN "t22"."revenue" ELSE 0 END) AS "revenue_new",
                                COUNT("t22"."gap") AS "interval_n",
                                SUM("t22"."gap") AS "interval_sum",
                                SUM(CASE WHEN "t22"."n" = 0 THEN 1 ELSE 0 END) AS "first_orders",
                                SUM(CASE WHEN "t22"."n" = 1 THEN 1 ELSE 0 END) AS "second_orders",
                                SUM(CASE WHEN "t22"."n" = 2 THEN 1 ELSE 0 END) AS "loyal_orders"
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
                              ) AS "t22"
                              GROUP BY
                                1,
                                2
                            ) AS "t27"
                          ) AS "t31"
                            ON "t12"."g" = "t31"."cg" AND "t12"."k" = "t31"."ck"
                        ) AS "t33"
                      ) AS "t34"
                    ) AS "t37"
                    LEFT OUTER JOIN (
                      SELECT
                        "t60"."g" AS "cg",
                        "t60"."k" AS "ck",
                        "t60"."new",
                        "t60"."gained_new",
                        "t60"."gained_re",
                        "t60"."lost"
                      FROM (
                        SELECT
                          "t59"."g",
                          "t59"."k",
                          SUM("t59"."new") AS "new",
                          SUM("t59"."gained_new") AS "gained_new",
                          SUM("t59"."gained_re") AS "gained_re",
                          SUM("t59"."lost") AS "lost"
                        FROM (
                          SELECT
                            *
                          FROM (
                            SELECT
                              *
                            FROM (
                              SELECT
                                "t47"."g",
                                "t47"."f" AS "k",
                                1 AS "new",
                                0 AS "gained_new",
                                0 AS "gained_re",
                                0 AS "lost"
                              FROM "t46" AS "t47"
                              WHERE
                                "t47"."first"
                            ) AS "t48"
                            UNION ALL
                            SELECT
                              *
                            FROM (
                              SELECT
                                "t52"."g",
                                "t52"."lo" - 1 AS "k",
                                0 AS "new",
                                CASE WHEN "t52"."f" = (
                                  "t52"."lo" - 1
                                ) THEN 1 ELSE 0 END AS "gained_new",
                                CASE WHEN "t52"."f" = (
                                  "t52"."lo" - 1
                                ) THEN 0 ELSE 1 END AS "gained_re",
                                0 AS "lost"
                              FROM "t51" AS "t52"
                              WHERE
                                (
                                  "t52"."before" IS NULL
                                ) OR (
                                  "t52"."before" < (
                                    "t52"."lo" - 1
                                  )
                                )
                            ) AS "t57"
                          ) AS "t58"
                          UNION ALL
                          SELECT
                            *
                          FROM (
                            SELECT
                              "t52"."g",
                              "t52"."hi" AS "k",
                              0 AS "new",
                              0 AS "gained_new",
                              0 AS "gained_re",
                              1 AS "lost"
                            FROM "t51" AS "t52"
                            WHERE
                              (
                                (
                                  "t52"."after" IS NULL
                                ) OR (
                                  "t52"."after" > (
                                    "t52"."hi" + 1
                                  )
                                )
                              )
                              AND "t52"."hi" < 12
                          ) AS "t56"
                        ) AS "t59"
                        GROUP BY
                          1,
                          2
                      ) AS "t60"
                    ) AS "t62"
                      ON "t37"."g" = "t62"."cg" AND "t37"."k" = "t62"."ck"
                  ) AS "t63"
                ) AS "t64"
              ) AS "t66"
              LEFT OUTER JOIN (
                SELECT
                  "t23"."g" AS "cg",
                  "t23"."k" AS "ck",
                  "t23"."cost_acquisition",
                  "t23"."cost_retention",
                  "t23"."cost_mixed"
                FROM (
                  SELECT
                    "t20"."g",
                    "t20"."k",
                    SUM(CASE WHEN "t20"."purpose" = 'acquisition' THEN "t20"."share" ELSE 0.0 END) AS "cost_acquisition",
                    SUM(CASE WHEN "t20"."purpose" = 'retention' THEN "t20"."share" ELSE 0.0 END) AS "cost_retention",
                    SUM(CASE WHEN "t20"."purpose" = 'mixed' THEN "t20"."share" ELSE 0.0 END) AS "cost_mixed"
                  FROM (
                    SELECT
                      *
                    FROM (
                      SELECT
                        '' AS "g",
                        "t7"."k",
                        "t10"."purpose",
                        (
                          CAST("t10"."amount" AS DOUBLE) * CAST(DATE_DIFF(
                            'DAY',
                            GREATEST("t10"."period_start", "t7"."start"),
                            LEAST("t10"."period_end" + INTERVAL '1' DAY, "t7"."end")
                          ) AS DOUBLE)
                        ) / CAST(DATE_DIFF('DAY', "t10"."period_start", "t10"."period_end" + INTERVAL '1' DAY) AS DOUBLE) AS "share"
                      FROM (
                        SELECT
                          "t1".*
                          EXCLUDE ("import_id")
                        FROM "costs" AS "t1"
                      ) AS "t10"
                      INNER JOIN "periods" AS "t7"
                        ON "t10"."period_start" < "t7"."end" AND "t10"."period_end" >= "t7"."start"
                    ) AS "t19"
                    WHERE
                      "t19"."g" IS NOT NULL
                  ) AS "t20"
                  GROUP BY
                    1,
                    2
                ) AS "t23"
              ) AS "t26"
                ON "t66"."g" = "t26"."cg" AND "t66"."k" = "t26"."ck"
            ) AS "t67"
          ) AS "t68"
        ) AS "t70"
        LEFT OUTER JOIN (
          SELECT
            "t53"."g" AS "cg",
            "t53"."k" AS "ck",
            "t53"."cac_recorded"
          FROM (
            SELECT
              "t50"."g",
              "t50"."k",
              SUM(CAST("t50"."acquisition_cost" AS DOUBLE)) AS "cac_recorded"
            FROM (
              SELECT
                "t45"."customer_id",
                "t45"."fs",
                "t45"."acquisition_cost",
                '' AS "g",
                CASE
                  WHEN "t45"."fs" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                  THEN CASE
                    WHEN "t45"."fs" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                    THEN CASE
                      WHEN "t45"."fs" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                      THEN CASE WHEN "t45"."fs" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
                      ELSE CASE WHEN "t45"."fs" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
                    END
                    ELSE CASE
                      WHEN "t45"."fs" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                      THEN CASE WHEN "t45"."fs" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
                      ELSE 5
                    END
                  END
                  ELSE CASE
                    WHEN "t45"."fs" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                    THEN CASE
                      WHEN "t45"."fs" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                      THEN CASE WHEN "t45"."fs" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
                      ELSE CASE WHEN "t45"."fs" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
                    END
                    ELSE CASE
                      WHEN "t45"."fs" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                      THEN CASE WHEN "t45"."fs" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
                      ELSE 12
                    END
                  END
                END AS "k"
              FROM (
                SELECT
                  "t44"."customer_id",
                  MIN("t44"."s") AS "fs",
                  MAX("t44"."acquisition_cost") AS "acquisition_cost"
                FROM (
                  SELECT
                    "t43"."customer_id",
                    "t43"."s",
                    "t43"."e",
                    "t16"."acquisition_cost"
                  FROM (
                    SELECT
                      "t40"."customer_id",
                      "t40"."s",
                      "t40"."e"
                    FROM "t39" AS "t40"
                  ) AS "t43"
                  INNER JOIN (
                    SELECT
                      "t5"."customer_id",
                      "t5"."acquisition_cost"
                    FROM (
                      SELECT
                        "t0".*
                        EXCLUDE ("import_id")
                      FROM "customers" AS "t0"
                    ) AS "t5"
                    WHERE
                      "t5"."acquisition_cost" IS NOT NULL
                  ) AS "t16"
                    ON "t43"."customer_id" = "t16"."customer_id"
                ) AS "t44"
                GROUP BY
                  1
              ) AS "t45"
            ) AS "t50"
            GROUP BY
              1,
              2
          ) AS "t53"
        ) AS "t55"
          ON "t70"."g" = "t55"."cg" AND "t70"."k" = "t55"."ck"
      ) AS "t71"
    ) AS "t72"
  ) AS "t73"
) AS "t74"
ORDER BY
  "t74"."g" ASC,
  "t74"."k" ASC
