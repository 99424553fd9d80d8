WITH "t7" AS (
  SELECT
    "t4"."order_id",
    "t4"."customer_id",
    "t4"."ordered_at",
    "t4"."revenue",
    "t4"."items",
    "t4"."channel",
    LAG("t4"."ordered_at") OVER (
      PARTITION BY "t4"."customer_id"
      ORDER BY "t4"."ordered_at" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "prev",
    LEAD("t4"."ordered_at") OVER (
      PARTITION BY "t4"."customer_id"
      ORDER BY "t4"."ordered_at" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "nxt",
    ROW_NUMBER() OVER (
      PARTITION BY "t4"."customer_id"
      ORDER BY "t4"."ordered_at" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) - 1 AS "n",
    MIN("t4"."ordered_at") OVER (
      PARTITION BY "t4"."customer_id"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "first"
  FROM (
    SELECT
      "t1"."order_id",
      "t1"."customer_id",
      "t1"."ordered_at",
      "t1"."revenue",
      "t1"."items",
      "t1"."channel"
    FROM "orders" AS "t1"
  ) AS "t4"
), "t22" AS (
  SELECT
    "t21"."customer_id",
    "t21"."s",
    "t21"."e",
    "t21"."g",
    CASE
      WHEN "t21"."s" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
      THEN CASE
        WHEN "t21"."s" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
        THEN CASE
          WHEN "t21"."s" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
          THEN CASE WHEN "t21"."s" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
          ELSE CASE WHEN "t21"."s" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
        END
        ELSE CASE
          WHEN "t21"."s" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
          THEN CASE WHEN "t21"."s" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
          ELSE 5
        END
      END
      ELSE CASE
        WHEN "t21"."s" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
        THEN CASE
          WHEN "t21"."s" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
          THEN CASE WHEN "t21"."s" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
          ELSE CASE WHEN "t21"."s" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
        END
        ELSE CASE
          WHEN "t21"."s" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
          THEN CASE WHEN "t21"."s" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
          ELSE 12
        END
      END
    END + 1 AS "lo",
    LEAST(
      CASE
        WHEN "t21"."e" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
        THEN CASE
          WHEN "t21"."e" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
          THEN CASE
            WHEN "t21"."e" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
            THEN CASE WHEN "t21"."e" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
            ELSE CASE WHEN "t21"."e" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
          END
          ELSE CASE
            WHEN "t21"."e" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
            THEN CASE WHEN "t21"."e" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
            ELSE 5
          END
        END
        ELSE CASE
          WHEN "t21"."e" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
          THEN CASE
            WHEN "t21"."e" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
            THEN CASE WHEN "t21"."e" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
            ELSE CASE WHEN "t21"."e" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
          END
          ELSE CASE
            WHEN "t21"."e" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
            THEN CASE WHEN "t21"."e" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
            ELSE 12
          END
        END
      END,
      12
    ) AS "hi",
    CASE
      WHEN MIN("t21"."s") OVER (
        PARTITION BY "t21"."customer_id"
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
      THEN CASE
        WHEN MIN("t21"."s") OVER (
          PARTITION BY "t21"."customer_id"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
        THEN CASE
          WHEN MIN("t21"."s") OVER (
            PARTITION BY "t21"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
          THEN CASE
            WHEN MIN("t21"."s") OVER (
              PARTITION BY "t21"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
            THEN -1
            ELSE 0
          END
          ELSE CASE
            WHEN MIN("t21"."s") OVER (
              PARTITION BY "t21"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
            THEN 1
            ELSE 2
          END
        END
        ELSE CASE
          WHEN MIN("t21"."s") OVER (
            PARTITION BY "t21"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
          THEN CASE
            WHEN MIN("t21"."s") OVER (
              PARTITION BY "t21"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
            THEN 3
            ELSE 4
          END
          ELSE 5
        END
      END
      ELSE CASE
        WHEN MIN("t21"."s") OVER (
          PARTITION BY "t21"."customer_id"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
        THEN CASE
          WHEN MIN("t21"."s") OVER (
            PARTITION BY "t21"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
          THEN CASE
            WHEN MIN("t21"."s") OVER (
              PARTITION BY "t21"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
            THEN 6
            ELSE 7
          END
          ELSE CASE
            WHEN MIN("t21"."s") OVER (
              PARTITION BY "t21"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
            THEN 8
            ELSE 9
          END
        END
        ELSE CASE
          WHEN MIN("t21"."s") OVER (
            PARTITION BY "t21"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
          THEN CASE
            WHEN MIN("t21"."s") OVER (
              PARTITION BY "t21"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
            THEN 10
            ELSE 11
          END
          ELSE 12
        END
      END
    END AS "f",
    "t21"."s" = MIN("t21"."s") OVER (
      PARTITION BY "t21"."customer_id"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "first"
  FROM (
    SELECT
      "t20"."customer_id",
      "t20"."s",
      "t20"."e",
      '' AS "g"
    FROM (
      SELECT
        "t19"."customer_id",
        "t19"."island",
        MIN("t19"."s") AS "s",
        MAX("t19"."e") AS "e"
      FROM (
        SELECT
          "t18"."customer_id",
          "t18"."s",
          "t18"."e",
          "t18"."reach",
          "t18"."fresh",
          SUM("t18"."fresh") OVER (
            PARTITION BY "t18"."customer_id"
            ORDER BY "t18"."s" ASC, "t18"."e" ASC
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
          ) AS "island"
        FROM (
          SELECT
            "t17"."customer_id",
            "t17"."s",
            "t17"."e",
            "t17"."reach",
            CASE
              WHEN (
                "t17"."reach" IS NULL
              ) OR (
                "t17"."s" > "t17"."reach"
              )
              THEN 1
              ELSE 0
            END AS "fresh"
          FROM (
            SELECT
              "t15"."customer_id",
              "t15"."s",
              "t15"."e",
              MAX("t15"."e") OVER (
                PARTITION BY "t15"."customer_id"
                ORDER BY "t15"."s" ASC, "t15"."e" ASC
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 preceding
              ) AS "reach"
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  CAST("t11"."customer_id" AS TEXT) AS "customer_id",
                  CAST("t11"."ordered_at" AS TIMESTAMP) AS "s",
                  CAST(CASE WHEN "t11"."is_end" THEN "t11"."ordered_at" ELSE "t11"."after" END + INTERVAL '365' DAY AS TIMESTAMP) AS "e"
                FROM (
                  SELECT
                    "t9"."customer_id",
                    "t9"."ordered_at",
                    "t9"."n",
                    "t9"."is_start",
                    "t9"."is_end",
                    LEAD("t9"."ordered_at") OVER (
                      PARTITION BY "t9"."customer_id"
                      ORDER BY "t9"."n" ASC
                      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                    ) AS "after"
                  FROM (
                    SELECT
                      "t8"."customer_id",
                      "t8"."ordered_at",
                      "t8"."n",
                      (
                        "t8"."prev" IS NULL
                      )
                      OR (
                        "t8"."ordered_at" > (
                          "t8"."prev" + INTERVAL '365' DAY
                        )
                      ) AS "is_start",
                      (
                        "t8"."nxt" IS NULL
                      )
                      OR (
                        "t8"."nxt" > (
                          "t8"."ordered_at" + INTERVAL '365' DAY
                        )
                      ) AS "is_end"
                    FROM "t7" AS "t8"
                    WHERE
                      (
                        "t8"."prev" IS NULL
                      )
                      OR (
                        "t8"."ordered_at" > (
                          "t8"."prev" + INTERVAL '365' DAY
                        )
                      )
                      OR (
                        (
                          "t8"."nxt" IS NULL
                        )
                        OR (
                          "t8"."nxt" > (
                            "t8"."ordered_at" + INTERVAL '365' DAY
                          )
                        )
                      )
                  ) AS "t9"
                ) AS "t11"
                WHERE
                  "t11"."is_start"
              ) AS "t13"
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  CAST("t2"."customer_id" AS TEXT) AS "customer_id",
                  CAST("t2"."started_at" AS TIMESTAMP) AS "s",
                  COALESCE("t2"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) AS "e"
                FROM "subscriptions" AS "t2"
              ) AS "t6"
            ) AS "t15"
          ) AS "t17"
        ) AS "t18"
      ) AS "t19"
      GROUP BY
        1,
        2
    ) AS "t20"
  ) AS "t21"
), "t26" AS (
  SELECT
    "t25"."customer_id",
    "t25"."s",
    "t25"."e",
    "t25"."g",
    "t25"."lo",
    "t25"."hi",
    "t25"."f",
    "t25"."first",
    LAG("t25"."hi") OVER (
      PARTITION BY "t25"."customer_id"
      ORDER BY "t25"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "before",
    LEAD("t25"."lo") OVER (
      PARTITION BY "t25"."customer_id"
      ORDER BY "t25"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "after"
  FROM (
    SELECT
      *
    FROM "t22" AS "t23"
    WHERE
      "t23"."lo" <= "t23"."hi"
  ) AS "t25"
)
SELECT
  "t42"."g",
  "t42"."k",
  "t42"."period",
  CASE
    WHEN (
      CAST("t42"."orders_new" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t42"."orders_new" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t42"."revenue_new" AS DOUBLE) / CAST("t42"."orders_new" AS DOUBLE)
    ) * 1.0
  END AS "aov_new"
FROM (
  SELECT
    "t41"."k",
    "t41"."period",
    "t41"."start",
    "t41"."end",
    "t41"."start_utc",
    "t41"."end_utc",
    "t41"."partial",
    "t41"."g",
    "t41"."new",
    "t41"."gained_new",
    "t41"."gained_re",
    "t41"."lost",
    "t41"."interval_median",
    "t41"."orders",
    "t41"."revenue",
    "t41"."items",
    "t41"."orders_new",
    "t41"."revenue_new",
    "t41"."interval_n",
    "t41"."interval_sum",
    "t41"."first_orders",
    "t41"."second_orders",
    "t41"."loyal_orders",
    SUM((
      "t41"."gained_new" + "t41"."gained_re"
    ) - "t41"."lost") OVER (
      PARTITION BY "t41"."g"
      ORDER BY "t41"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "E",
    "t41"."new" AS "N",
    SUM("t41"."first_orders") OVER (
      PARTITION BY "t41"."g"
      ORDER BY "t41"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "buyers_to_date",
    SUM("t41"."second_orders") OVER (
      PARTITION BY "t41"."g"
      ORDER BY "t41"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "repeat_to_date",
    SUM("t41"."loyal_orders") OVER (
      PARTITION BY "t41"."g"
      ORDER BY "t41"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "loyal_to_date",
    SUM(CAST("t41"."revenue" AS DOUBLE)) OVER (
      PARTITION BY "t41"."g"
      ORDER BY "t41"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "net_revenue_to_date"
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
      "t40"."interval_median",
      COALESCE("t40"."orders", 0) AS "orders",
      COALESCE("t40"."revenue", 0) AS "revenue",
      COALESCE("t40"."items", 0) AS "items",
      COALESCE("t40"."orders_new", 0) AS "orders_new",
      COALESCE("t40"."revenue_new", 0) AS "revenue_new",
      COALESCE("t40"."interval_n", 0) AS "interval_n",
      COALESCE("t40"."interval_sum", 0) AS "interval_sum",
      COALESCE("t40"."first_orders", 0) AS "first_orders",
      COALESCE("t40"."second_orders", 0) AS "second_orders",
      COALESCE("t40"."loyal_orders", 0) AS "loyal_orders"
    FROM (
      SELECT
        "t39".*
        EXCLUDE ("cg", "ck")
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
          "t38"."new",
          "t38"."gained_new",
          "t38"."gained_re",
          "t38"."lost",
          "t16"."cg",
          "t16"."ck",
          "t16"."interval_median",
          "t16"."orders",
          "t16"."revenue",
          "t16"."items",
          "t16"."orders_new",
          "t16"."revenue_new",
          "t16"."interval_n",
          "t16"."interval_sum",
          "t16"."first_orders",
          "t16"."second_orders",
          "t16"."loyal_orders"
        FROM (
          SELECT
            "t36"."k",
            "t36"."period",
            "t36"."start",
            "t36"."end",
            "t36"."start_utc",
            "t36"."end_utc",
            "t36"."partial",
            "t36"."g",
            COALESCE("t36"."new", 0) AS "new",
            COALESCE("t36"."gained_new", 0) AS "gained_new",
            COALESCE("t36"."gained_re", 0) AS "gained_re",
            COALESCE("t36"."lost", 0) AS "lost"
          FROM (
            SELECT
              "t35".*
              EXCLUDE ("cg", "ck")
            FROM (
              SELECT
                "t5"."k",
                "t5"."period",
                "t5"."start",
                "t5"."end",
                "t5"."start_utc",
                "t5"."end_utc",
                "t5"."partial",
                "t5"."g",
                "t34"."cg",
                "t34"."ck",
                "t34"."new",
                "t34"."gained_new",
                "t34"."gained_re",
                "t34"."lost"
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
              ) AS "t5"
              LEFT OUTER JOIN (
                SELECT
                  "t32"."g" AS "cg",
                  "t32"."k" AS "ck",
                  "t32"."new",
                  "t32"."gained_new",
                  "t32"."gained_re",
                  "t32"."lost"
                FROM (
                  SELECT
                    "t31"."g",
                    "t31"."k",
                    SUM("t31"."new") AS "new",
                    SUM("t31"."gained_new") AS "gained_new",
                    SUM("t31"."gained_re") AS "gained_re",
                    SUM("t31"."lost") AS "lost"
                  FROM (
                    SELECT
                      *
                    FROM (
                      SELECT
                        *
                      FROM (
                        SELECT
                          "t23"."g",
                          "t23"."f" AS "k",
                          1 AS "new",
                          0 AS "gained_new",
                          0 AS "gained_re",
                          0 AS "lost"
                        FROM "t22" AS "t23"
                        WHERE
                          "t23"."first"
                      ) AS "t24"
                      UNION ALL
                      SELECT
                        *
                      FROM (
                        SELECT
                          "t27"."g",
                          "t27"."lo" - 1 AS "k",
                          0 AS "new",
                          CASE WHEN "t27"."f" = (
                            "t27"."lo" - 1
                          ) THEN 1 ELSE 0 END AS "gained_new",
                          CASE WHEN "t27"."f" = (
                            "t27"."lo" - 1
                          ) THEN 0 ELSE 1 END AS "gained_re",
                          0 AS "lost"
                        FROM "t26" AS "t27"
                        WHERE
                          (
                            "t27"."before" IS NULL
                          ) OR (
                            "t27"."before" < (
                              "t27"."lo" - 1
                            )
                          )
                      ) AS "t29"
                    ) AS "t30"
                    UNION ALL
                    SELECT
                      *
                    FROM (
                      SELECT
                        "t27"."g",
                        "t27"."hi" AS "k",
                        0 AS "new",
                        0 AS "gained_new",
                        0 AS "gained_re",
                        1 AS "lost"
                      FROM "t26" AS "t27"
                      WHERE
                        (
                          (
                            "t27"."after" IS NULL
                          ) OR (
                            "t27"."after" > (
                              "t27"."hi" + 1
                            )
                          )
                        )
                        AND "t27"."hi" < 12
                    ) AS "t28"
                  ) AS "t31"
                  GROUP BY
                    1,
                    2
                ) AS "t32"
              ) AS "t34"
                ON "t5"."g" = "t34"."cg" AND "t5"."k" = "t34"."ck"
            ) AS "t35"
          ) AS "t36"
        ) AS "t38"
        LEFT OUTER JOIN (
          SELECT
            "t12"."g" AS "cg",
            "t12"."k" AS "ck",
            "t12"."interval_median",
            "t12"."orders",
            "t12"."revenue",
            "t12"."items",
            "t12"."orders_new",
            "t12"."revenue_new",
            "t12"."interval_n",
            "t12"."interval_sum",
            "t12"."first_orders",
            "t12"."second_orders",
            "t12"."loyal_orders"
          FROM (
            SELECT
              "t10"."g",
              "t10"."k",
              QUANTILE_CONT("t10"."gap", 0.5) AS "interval_median",
              COUNT(*) AS "orders",
              SUM("t10"."revenue") AS "revenue",
              SUM(COALESCE("t10"."items", 0)) AS "items",
              SUM(CASE WHEN "t10"."is_new" THEN 1 ELSE 0 END) AS "orders_new",
              SUM(CASE WHEN "t10"."is_new" THEN "t10"."revenue" ELSE 0 END) AS "revenue_new",
              COUNT("t10"."gap") AS "interval_n",
              SUM("t10"."gap") AS "interval_sum",
              SUM(CASE WHEN "t10"."n" = 0 THEN 1 ELSE 0 END) AS "first_orders",
              SUM(CASE WHEN "t10"."n" = 1 THEN 1 ELSE 0 END) AS "second_orders",
              SUM(CASE WHEN "t10"."n" = 2 THEN 1 ELSE 0 END) AS "loyal_orders"
            FROM (
              SELECT
                "t8"."order_id",
                "t8"."customer_id",
                "t8"."ordered_at",
                "t8"."revenue",
                "t8"."items",
                "t8"."channel",
                "t8"."prev",
                "t8"."nxt",
                "t8"."n",
                "t8"."first",
                '' AS "g",
                CASE
                  WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                  THEN CASE
                    WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                    THEN CASE
                      WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                      THEN CASE
                        WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                        THEN -1
                        ELSE 0
                      END
                      ELSE CASE
                        WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                        THEN 1
                        ELSE 2
                      END
                    END
                    ELSE CASE
                      WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                      THEN CASE
                        WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                        THEN 3
                        ELSE 4
                      END
                      ELSE 5
                    END
                  END
                  ELSE CASE
                    WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                    THEN CASE
                      WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                      THEN CASE
                        WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                        THEN 6
                        ELSE 7
                      END
                      ELSE CASE
                        WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                        THEN 8
                        ELSE 9
                      END
                    END
                    ELSE CASE
                      WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                      THEN CASE
                        WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                        THEN 10
                        ELSE 11
                      END
                      ELSE 12
                    END
                  END
                END AS "k",
                CASE
                  WHEN "t8"."first" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                  THEN CASE
                    WHEN "t8"."first" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                    THEN CASE
                      WHEN "t8"."first" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                      THEN CASE WHEN "t8"."first" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
                      ELSE CASE WHEN "t8"."first" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
                    END
                    ELSE CASE
                      WHEN "t8"."first" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                      THEN CASE WHEN "t8"."first" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
                      ELSE 5
                    END
                  END
                  ELSE CASE
                    WHEN "t8"."first" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                    THEN CASE
                      WHEN "t8"."first" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                      THEN CASE WHEN "t8"."first" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
                      ELSE CASE WHEN "t8"."first" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
                    END
                    ELSE CASE
                      WHEN "t8"."first" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                      THEN CASE
                        WHEN "t8"."first" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                        THEN 10
                        ELSE 11
                      END
                      ELSE 12
                    END
                  END
                END = CASE
                  WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                  THEN CASE
                    WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                    THEN CASE
                      WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                      THEN CASE
                        WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                        THEN -1
                        ELSE 0
                      END
                      ELSE CASE
                        WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                        THEN 1
                        ELSE 2
                      END
                    END
                    ELSE CASE
                      WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                      THEN CASE
                        WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                        THEN 3
                        ELSE 4
                      END
                      ELSE 5
                    END
                  END
                  ELSE CASE
                    WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                    THEN CASE
                      WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                      THEN CASE
                        WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                        THEN 6
                        ELSE 7
                      END
                      ELSE CASE
                        WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                        THEN 8
                        ELSE 9
                      END
                    END
                    ELSE CASE
                      WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                      THEN CASE
                        WHEN "t8"."ordered_at" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                        THEN 10
                        ELSE 11
                      END
                      ELSE 12
                    END
                  END
                END AS "is_new",
                CAST(DATE_DIFF('MICROSECOND', "t8"."prev", "t8"."ordered_at") AS DOUBLE) / 86400000000 AS "gap"
              FROM "t7" AS "t8"
            ) AS "t10"
            GROUP BY
              1,
              2
          ) AS "t12"
        ) AS "t16"
          ON "t38"."g" = "t16"."cg" AND "t38"."k" = "t16"."ck"
      ) AS "t39"
    ) AS "t40"
  ) AS "t41"
) AS "t42"
ORDER BY
  "t42"."g" ASC,
  "t42"."k" ASC
