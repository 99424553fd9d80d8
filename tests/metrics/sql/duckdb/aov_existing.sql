WITH "t9" AS (
  SELECT
    "t7"."order_id",
    "t7"."customer_id",
    "t7"."ordered_at",
    "t7"."revenue",
    "t7"."items",
    "t7"."channel",
    LAG("t7"."ordered_at") OVER (
      PARTITION BY "t7"."customer_id"
      ORDER BY "t7"."ordered_at" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "prev",
    LEAD("t7"."ordered_at") OVER (
      PARTITION BY "t7"."customer_id"
      ORDER BY "t7"."ordered_at" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "nxt",
    ROW_NUMBER() OVER (
      PARTITION BY "t7"."customer_id"
      ORDER BY "t7"."ordered_at" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) - 1 AS "n",
    MIN("t7"."ordered_at") OVER (
      PARTITION BY "t7"."customer_id"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "first"
  FROM (
    SELECT
      "t3"."order_id",
      "t3"."customer_id",
      "t3"."ordered_at",
      "t3"."revenue",
      "t3"."items",
      "t3"."channel"
    FROM (
      SELECT
        "t1".*
        EXCLUDE ("import_id")
      FROM "orders" AS "t1"
    ) AS "t3"
  ) AS "t7"
), "t24" AS (
  SELECT
    "t23"."customer_id",
    "t23"."s",
    "t23"."e",
    "t23"."g",
    CASE
      WHEN "t23"."s" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
      THEN CASE
        WHEN "t23"."s" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
        THEN CASE
          WHEN "t23"."s" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
          THEN CASE WHEN "t23"."s" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
          ELSE CASE WHEN "t23"."s" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
        END
        ELSE CASE
          WHEN "t23"."s" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
          THEN CASE WHEN "t23"."s" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
          ELSE 5
        END
      END
      ELSE CASE
        WHEN "t23"."s" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
        THEN CASE
          WHEN "t23"."s" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
          THEN CASE WHEN "t23"."s" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
          ELSE CASE WHEN "t23"."s" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
        END
        ELSE CASE
          WHEN "t23"."s" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
          THEN CASE WHEN "t23"."s" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
          ELSE 12
        END
      END
    END + 1 AS "lo",
    LEAST(
      CASE
        WHEN "t23"."e" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
        THEN CASE
          WHEN "t23"."e" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
          THEN CASE
            WHEN "t23"."e" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
            THEN CASE WHEN "t23"."e" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
            ELSE CASE WHEN "t23"."e" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
          END
          ELSE CASE
            WHEN "t23"."e" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
            THEN CASE WHEN "t23"."e" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
            ELSE 5
          END
        END
        ELSE CASE
          WHEN "t23"."e" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
          THEN CASE
            WHEN "t23"."e" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
            THEN CASE WHEN "t23"."e" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
            ELSE CASE WHEN "t23"."e" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
          END
          ELSE CASE
            WHEN "t23"."e" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
            THEN CASE WHEN "t23"."e" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
            ELSE 12
          END
        END
      END,
      12
    ) AS "hi",
    CASE
      WHEN MIN("t23"."s") OVER (
        PARTITION BY "t23"."customer_id"
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
      THEN CASE
        WHEN MIN("t23"."s") OVER (
          PARTITION BY "t23"."customer_id"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
        THEN CASE
          WHEN MIN("t23"."s") OVER (
            PARTITION BY "t23"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
          THEN CASE
            WHEN MIN("t23"."s") OVER (
              PARTITION BY "t23"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
            THEN -1
            ELSE 0
          END
          ELSE CASE
            WHEN MIN("t23"."s") OVER (
              PARTITION BY "t23"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
            THEN 1
            ELSE 2
          END
        END
        ELSE CASE
          WHEN MIN("t23"."s") OVER (
            PARTITION BY "t23"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
          THEN CASE
            WHEN MIN("t23"."s") OVER (
              PARTITION BY "t23"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
            THEN 3
            ELSE 4
          END
          ELSE 5
        END
      END
      ELSE CASE
        WHEN MIN("t23"."s") OVER (
          PARTITION BY "t23"."customer_id"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
        THEN CASE
          WHEN MIN("t23"."s") OVER (
            PARTITION BY "t23"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
          THEN CASE
            WHEN MIN("t23"."s") OVER (
              PARTITION BY "t23"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
            THEN 6
            ELSE 7
          END
          ELSE CASE
            WHEN MIN("t23"."s") OVER (
              PARTITION BY "t23"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
            THEN 8
            ELSE 9
          END
        END
        ELSE CASE
          WHEN MIN("t23"."s") OVER (
            PARTITION BY "t23"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
          THEN CASE
            WHEN MIN("t23"."s") OVER (
              PARTITION BY "t23"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
            THEN 10
            ELSE 11
          END
          ELSE 12
        END
      END
    END AS "f",
    "t23"."s" = MIN("t23"."s") OVER (
      PARTITION BY "t23"."customer_id"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "first"
  FROM (
    SELECT
      "t22"."customer_id",
      "t22"."s",
      "t22"."e",
      '' AS "g"
    FROM (
      SELECT
        "t21"."customer_id",
        "t21"."island",
        MIN("t21"."s") AS "s",
        MAX("t21"."e") AS "e"
      FROM (
        SELECT
          "t20"."customer_id",
          "t20"."s",
          "t20"."e",
          "t20"."reach",
          "t20"."fresh",
          SUM("t20"."fresh") OVER (
            PARTITION BY "t20"."customer_id"
            ORDER BY "t20"."s" ASC, "t20"."e" ASC
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
          ) AS "island"
        FROM (
          SELECT
            "t19"."customer_id",
            "t19"."s",
            "t19"."e",
            "t19"."reach",
            CASE
              WHEN (
                "t19"."reach" IS NULL
              ) OR (
                "t19"."s" > "t19"."reach"
              )
              THEN 1
              ELSE 0
            END AS "fresh"
          FROM (
            SELECT
              "t17"."customer_id",
              "t17"."s",
              "t17"."e",
              MAX("t17"."e") OVER (
                PARTITION BY "t17"."customer_id"
                ORDER BY "t17"."s" ASC, "t17"."e" ASC
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 preceding
              ) AS "reach"
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  CAST("t13"."customer_id" AS TEXT) AS "customer_id",
                  CAST("t13"."ordered_at" AS TIMESTAMP) AS "s",
                  CAST(CASE WHEN "t13"."is_end" THEN "t13"."ordered_at" ELSE "t13"."after" END + INTERVAL '365' DAY AS TIMESTAMP) AS "e"
                FROM (
                  SELECT
                    "t11"."customer_id",
                    "t11"."ordered_at",
                    "t11"."n",
                    "t11"."is_start",
                    "t11"."is_end",
                    LEAD("t11"."ordered_at") OVER (
                      PARTITION BY "t11"."customer_id"
                      ORDER BY "t11"."n" ASC
                      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                    ) AS "after"
                  FROM (
                    SELECT
                      "t10"."customer_id",
                      "t10"."ordered_at",
                      "t10"."n",
                      (
                        "t10"."prev" IS NULL
                      )
                      OR (
                        "t10"."ordered_at" > (
                          "t10"."prev" + INTERVAL '365' DAY
                        )
                      ) AS "is_start",
                      (
                        "t10"."nxt" IS NULL
                      )
                      OR (
                        "t10"."nxt" > (
                          "t10"."ordered_at" + INTERVAL '365' DAY
                        )
                      ) AS "is_end"
                    FROM "t9" AS "t10"
                    WHERE
                      (
                        "t10"."prev" IS NULL
                      )
                      OR (
                        "t10"."ordered_at" > (
                          "t10"."prev" + INTERVAL '365' DAY
                        )
                      )
                      OR (
                        (
                          "t10"."nxt" IS NULL
                        )
                        OR (
                          "t10"."nxt" > (
                            "t10"."ordered_at" + INTERVAL '365' DAY
                          )
                        )
                      )
                  ) AS "t11"
                ) AS "t13"
                WHERE
                  "t13"."is_start"
              ) AS "t15"
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  CAST("t4"."customer_id" AS TEXT) AS "customer_id",
                  CAST("t4"."started_at" AS TIMESTAMP) AS "s",
                  COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) AS "e"
                FROM (
                  SELECT
                    "t2".*
                    EXCLUDE ("import_id")
                  FROM "subscriptions" AS "t2"
                ) AS "t4"
              ) AS "t8"
            ) AS "t17"
          ) AS "t19"
        ) AS "t20"
      ) AS "t21"
      GROUP BY
        1,
        2
    ) AS "t22"
  ) AS "t23"
), "t28" AS (
  SELECT
    "t27"."customer_id",
    "t27"."s",
    "t27"."e",
    "t27"."g",
    "t27"."lo",
    "t27"."hi",
    "t27"."f",
    "t27"."first",
    LAG("t27"."hi") OVER (
      PARTITION BY "t27"."customer_id"
      ORDER BY "t27"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "before",
    LEAD("t27"."lo") OVER (
      PARTITION BY "t27"."customer_id"
      ORDER BY "t27"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "after"
  FROM (
    SELECT
      *
    FROM "t24" AS "t25"
    WHERE
      "t25"."lo" <= "t25"."hi"
  ) AS "t27"
)
SELECT
  "t44"."g",
  "t44"."k",
  "t44"."period",
  CASE
    WHEN (
      CAST("t44"."orders" - "t44"."orders_new" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t44"."orders" - "t44"."orders_new" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t44"."revenue" - "t44"."revenue_new" AS DOUBLE) / CAST("t44"."orders" - "t44"."orders_new" AS DOUBLE)
    ) * 1.0
  END AS "aov_existing"
FROM (
  SELECT
    "t43"."k",
    "t43"."period",
    "t43"."start",
    "t43"."end",
    "t43"."start_utc",
    "t43"."end_utc",
    "t43"."partial",
    "t43"."g",
    "t43"."new",
    "t43"."gained_new",
    "t43"."gained_re",
    "t43"."lost",
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
    "t43"."loyal_orders",
    SUM((
      "t43"."gained_new" + "t43"."gained_re"
    ) - "t43"."lost") OVER (
      PARTITION BY "t43"."g"
      ORDER BY "t43"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "E",
    "t43"."new" AS "N",
    SUM("t43"."first_orders") OVER (
      PARTITION BY "t43"."g"
      ORDER BY "t43"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "buyers_to_date",
    SUM("t43"."second_orders") OVER (
      PARTITION BY "t43"."g"
      ORDER BY "t43"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "repeat_to_date",
    SUM("t43"."loyal_orders") OVER (
      PARTITION BY "t43"."g"
      ORDER BY "t43"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "loyal_to_date",
    SUM(CAST("t43"."revenue" AS DOUBLE)) OVER (
      PARTITION BY "t43"."g"
      ORDER BY "t43"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "net_revenue_to_date"
  FROM (
    SELECT
      "t42"."k",
      "t42"."period",
      "t42"."start",
      "t42"."end",
      "t42"."start_utc",
      "t42"."end_utc",
      "t42"."partial",
      "t42"."g",
      "t42"."new",
      "t42"."gained_new",
      "t42"."gained_re",
      "t42"."lost",
      "t42"."interval_median",
      COALESCE("t42"."orders", 0) AS "orders",
      COALESCE("t42"."revenue", 0) AS "revenue",
      COALESCE("t42"."items", 0) AS "items",
      COALESCE("t42"."orders_new", 0) AS "orders_new",
      COALESCE("t42"."revenue_new", 0) AS "revenue_new",
      COALESCE("t42"."interval_n", 0) AS "interval_n",
      COALESCE("t42"."interval_sum", 0) AS "interval_sum",
      COALESCE("t42"."first_orders", 0) AS "first_orders",
      COALESCE("t42"."second_orders", 0) AS "second_orders",
      COALESCE("t42"."loyal_orders", 0) AS "loyal_orders"
    FROM (
      SELECT
        "t41".*
        EXCLUDE ("cg", "ck")
      FROM (
        SELECT
          "t40"."k",
          "t40"."period",
          "t40"."start",
          "t40"."end",
          "t40"."start_utc",
          "t40"."end_utc",
          "t40"."partial",
          "t40"."g",
          "t40"."new",
          "t40"."gained_new",
          "t40"."gained_re",
          "t40"."lost",
          "t18"."cg",
          "t18"."ck",
          "t18"."interval_median",
          "t18"."orders",
          "t18"."revenue",
          "t18"."items",
          "t18"."orders_new",
          "t18"."revenue_new",
          "t18"."interval_n",
          "t18"."interval_sum",
          "t18"."first_orders",
          "t18"."second_orders",
          "t18"."loyal_orders"
        FROM (
          SELECT
            "t38"."k",
            "t38"."period",
            "t38"."start",
            "t38"."end",
            "t38"."start_utc",
            "t38"."end_utc",
            "t38"."partial",
            "t38"."g",
            COALESCE("t38"."new", 0) AS "new",
            COALESCE("t38"."gained_new", 0) AS "gained_new",
            COALESCE("t38"."gained_re", 0) AS "gained_re",
            COALESCE("t38"."lost", 0) AS "lost"
          FROM (
            SELECT
              "t37".*
              EXCLUDE ("cg", "ck")
            FROM (
              SELECT
                "t6"."k",
                "t6"."period",
                "t6"."start",
                "t6"."end",
                "t6"."start_utc",
                "t6"."end_utc",
                "t6"."partial",
                "t6"."g",
                "t36"."cg",
                "t36"."ck",
                "t36"."new",
                "t36"."gained_new",
                "t36"."gained_re",
                "t36"."lost"
              FROM (
                SELECT
                  "t0"."k",
                  "t0"."period",
                  "t0"."start",
                  "t0"."end",
                  "t0"."start_utc",
                  "t0"."end_utc",
                  "t0"."partial",
                  '' AS "g"
                FROM "periods" AS "t0"
              ) AS "t6"
              LEFT OUTER JOIN (
                SELECT
                  "t34"."g" AS "cg",
                  "t34"."k" AS "ck",
                  "t34"."new",
                  "t34"."gained_new",
                  "t34"."gained_re",
                  "t34"."lost"
                FROM (
                  SELECT
                    "t33"."g",
                    "t33"."k",
                    SUM("t33"."new") AS "new",
                    SUM("t33"."gained_new") AS "gained_new",
                    SUM("t33"."gained_re") AS "gained_re",
                    SUM("t33"."lost") AS "lost"
                  FROM (
                    SELECT
                      *
                    FROM (
                      SELECT
                        *
                      FROM (
                        SELECT
                          "t25"."g",
                          "t25"."f" AS "k",
                          1 AS "new",
                          0 AS "gained_new",
                          0 AS "gained_re",
                          0 AS "lost"
                        FROM "t24" AS "t25"
                        WHERE
                          "t25"."first"
                      ) AS "t26"
                      UNION ALL
                      SELECT
                        *
                      FROM (
                        SELECT
                          "t29"."g",
                          "t29"."lo" - 1 AS "k",
                          0 AS "new",
                          CASE WHEN "t29"."f" = (
                            "t29"."lo" - 1
                          ) THEN 1 ELSE 0 END AS "gained_new",
                          CASE WHEN "t29"."f" = (
                            "t29"."lo" - 1
                          ) THEN 0 ELSE 1 END AS "gained_re",
                          0 AS "lost"
                        FROM "t28" AS "t29"
                        WHERE
                          (
                            "t29"."before" IS NULL
                          ) OR (
                            "t29"."before" < (
                              "t29"."lo" - 1
                            )
                          )
                      ) AS "t31"
                    ) AS "t32"
                    UNION ALL
                    SELECT
                      *
                    FROM (
                      SELECT
                        "t29"."g",
                        "t29"."hi" AS "k",
                        0 AS "new",
                        0 AS "gained_new",
                        0 AS "gained_re",
                        1 AS "lost"
                      FROM "t28" AS "t29"
                      WHERE
                        (
                          (
                            "t29"."after" IS NULL
                          ) OR (
                            "t29"."after" > (
                              "t29"."hi" + 1
                            )
                          )
                        )
                        AND "t29"."hi" < 12
                    ) AS "t30"
                  ) AS "t33"
                  GROUP BY
                    1,
                    2
                ) AS "t34"
              ) AS "t36"
                ON "t6"."g" = "t36"."cg" AND "t6"."k" = "t36"."ck"
            ) AS "t37"
          ) AS "t38"
        ) AS "t40"
        LEFT OUTER JOIN (
          SELECT
            "t14"."g" AS "cg",
            "t14"."k" AS "ck",
            "t14"."interval_median",
            "t14"."orders",
            "t14"."revenue",
            "t14"."items",
            "t14"."orders_new",
            "t14"."revenue_new",
            "t14"."interval_n",
            "t14"."interval_sum",
            "t14"."first_orders",
            "t14"."second_orders",
            "t14"."loyal_orders"
          FROM (
            SELECT
              "t12"."g",
              "t12"."k",
              QUANTILE_CONT("t12"."gap", 0.5) AS "interval_median",
              COUNT(*) AS "orders",
              SUM("t12"."revenue") AS "revenue",
              SUM(COALESCE("t12"."items", 0)) AS "items",
              SUM(CASE WHEN "t12"."is_new" THEN 1 ELSE 0 END) AS "orders_new",
              SUM(CASE WHEN "t12"."is_new" THEN "t12"."revenue" ELSE 0 END) AS "revenue_new",
              COUNT("t12"."gap") AS "interval_n",
              SUM("t12"."gap") AS "interval_sum",
              SUM(CASE WHEN "t12"."n" = 0 THEN 1 ELSE 0 END) AS "first_orders",
              SUM(CASE WHEN "t12"."n" = 1 THEN 1 ELSE 0 END) AS "second_orders",
              SUM(CASE WHEN "t12"."n" = 2 THEN 1 ELSE 0 END) AS "loyal_orders"
            FROM (
              SELECT
                "t10"."order_id",
                "t10"."customer_id",
                "t10"."ordered_at",
                "t10"."revenue",
                "t10"."items",
                "t10"."channel",
                "t10"."prev",
                "t10"."nxt",
                "t10"."n",
                "t10"."first",
                '' AS "g",
                CASE
                  WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                  THEN CASE
                    WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                    THEN CASE
                      WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                      THEN CASE
                        WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                        THEN -1
                        ELSE 0
                      END
                      ELSE CASE
                        WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                        THEN 1
                        ELSE 2
                      END
                    END
                    ELSE CASE
                      WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                      THEN CASE
                        WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                        THEN 3
                        ELSE 4
                      END
                      ELSE 5
                    END
                  END
                  ELSE CASE
                    WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                    THEN CASE
                      WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                      THEN CASE
                        WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                        THEN 6
                        ELSE 7
                      END
                      ELSE CASE
                        WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                        THEN 8
                        ELSE 9
                      END
                    END
                    ELSE CASE
                      WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                      THEN CASE
                        WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                        THEN 10
                        ELSE 11
                      END
                      ELSE 12
                    END
                  END
                END AS "k",
                CASE
                  WHEN "t10"."first" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                  THEN CASE
                    WHEN "t10"."first" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                    THEN CASE
                      WHEN "t10"."first" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                      THEN CASE
                        WHEN "t10"."first" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                        THEN -1
                        ELSE 0
                      END
                      ELSE CASE WHEN "t10"."first" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
                    END
                    ELSE CASE
                      WHEN "t10"."first" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                      THEN CASE WHEN "t10"."first" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
                      ELSE 5
                    END
                  END
                  ELSE CASE
                    WHEN "t10"."first" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                    THEN CASE
                      WHEN "t10"."first" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                      THEN CASE WHEN "t10"."first" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
                      ELSE CASE WHEN "t10"."first" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
                    END
                    ELSE CASE
                      WHEN "t10"."first" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                      THEN CASE
                        WHEN "t10"."first" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                        THEN 10
                        ELSE 11
                      END
                      ELSE 12
                    END
                  END
                END = CASE
                  WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                  THEN CASE
                    WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                    THEN CASE
                      WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                      THEN CASE
                        WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                        THEN -1
                        ELSE 0
                      END
                      ELSE CASE
                        WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                        THEN 1
                        ELSE 2
                      END
                    END
                    ELSE CASE
                      WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                      THEN CASE
                        WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                        THEN 3
                        ELSE 4
                      END
                      ELSE 5
                    END
                  END
                  ELSE CASE
                    WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                    THEN CASE
                      WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                      THEN CASE
                        WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                        THEN 6
                        ELSE 7
                      END
                      ELSE CASE
                        WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                        THEN 8
                        ELSE 9
                      END
                    END
                    ELSE CASE
                      WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                      THEN CASE
                        WHEN "t10"."ordered_at" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                        THEN 10
                        ELSE 11
                      END
                      ELSE 12
                    END
                  END
                END AS "is_new",
                CAST(DATE_DIFF('MICROSECOND', "t10"."prev", "t10"."ordered_at") AS DOUBLE) / 86400000000 AS "gap"
              FROM "t9" AS "t10"
            ) AS "t12"
            GROUP BY
              1,
              2
          ) AS "t14"
        ) AS "t18"
          ON "t40"."g" = "t18"."cg" AND "t40"."k" = "t18"."ck"
      ) AS "t41"
    ) AS "t42"
  ) AS "t43"
) AS "t44"
ORDER BY
  "t44"."g" ASC,
  "t44"."k" ASC
