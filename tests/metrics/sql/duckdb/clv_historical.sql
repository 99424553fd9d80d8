WITH "t9" AS (
  SELECT
    "t5"."order_id",
    "t5"."customer_id",
    "t5"."ordered_at",
    "t5"."revenue",
    "t5"."items",
    "t5"."channel",
    LAG("t5"."ordered_at") OVER (
      PARTITION BY "t5"."customer_id"
      ORDER BY "t5"."ordered_at" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "prev",
    LEAD("t5"."ordered_at") OVER (
      PARTITION BY "t5"."customer_id"
      ORDER BY "t5"."ordered_at" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "nxt",
    ROW_NUMBER() OVER (
      PARTITION BY "t5"."customer_id"
      ORDER BY "t5"."ordered_at" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) - 1 AS "n",
    MIN("t5"."ordered_at") OVER (
      PARTITION BY "t5"."customer_id"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "first"
  FROM (
    SELECT
      "t2"."order_id",
      "t2"."customer_id",
      "t2"."ordered_at",
      "t2"."revenue",
      "t2"."items",
      "t2"."channel"
    FROM "orders" AS "t2"
  ) AS "t5"
), "t27" AS (
  SELECT
    "t26"."customer_id",
    "t26"."s",
    "t26"."e",
    "t26"."g",
    CASE
      WHEN "t26"."s" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
      THEN CASE
        WHEN "t26"."s" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
        THEN CASE
          WHEN "t26"."s" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
          THEN CASE WHEN "t26"."s" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
          ELSE CASE WHEN "t26"."s" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
        END
        ELSE CASE
          WHEN "t26"."s" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
          THEN CASE WHEN "t26"."s" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
          ELSE 5
        END
      END
      ELSE CASE
        WHEN "t26"."s" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
        THEN CASE
          WHEN "t26"."s" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
          THEN CASE WHEN "t26"."s" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
          ELSE CASE WHEN "t26"."s" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
        END
        ELSE CASE
          WHEN "t26"."s" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
          THEN CASE WHEN "t26"."s" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
          ELSE 12
        END
      END
    END + 1 AS "lo",
    LEAST(
      CASE
        WHEN "t26"."e" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
        THEN CASE
          WHEN "t26"."e" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
          THEN CASE
            WHEN "t26"."e" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
            THEN CASE WHEN "t26"."e" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
            ELSE CASE WHEN "t26"."e" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
          END
          ELSE CASE
            WHEN "t26"."e" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
            THEN CASE WHEN "t26"."e" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
            ELSE 5
          END
        END
        ELSE CASE
          WHEN "t26"."e" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
          THEN CASE
            WHEN "t26"."e" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
            THEN CASE WHEN "t26"."e" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
            ELSE CASE WHEN "t26"."e" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
          END
          ELSE CASE
            WHEN "t26"."e" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
            THEN CASE WHEN "t26"."e" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
            ELSE 12
          END
        END
      END,
      12
    ) AS "hi",
    CASE
      WHEN MIN("t26"."s") OVER (
        PARTITION BY "t26"."customer_id"
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
      THEN CASE
        WHEN MIN("t26"."s") OVER (
          PARTITION BY "t26"."customer_id"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
        THEN CASE
          WHEN MIN("t26"."s") OVER (
            PARTITION BY "t26"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
          THEN CASE
            WHEN MIN("t26"."s") OVER (
              PARTITION BY "t26"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
            THEN -1
            ELSE 0
          END
          ELSE CASE
            WHEN MIN("t26"."s") OVER (
              PARTITION BY "t26"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
            THEN 1
            ELSE 2
          END
        END
        ELSE CASE
          WHEN MIN("t26"."s") OVER (
            PARTITION BY "t26"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
          THEN CASE
            WHEN MIN("t26"."s") OVER (
              PARTITION BY "t26"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
            THEN 3
            ELSE 4
          END
          ELSE 5
        END
      END
      ELSE CASE
        WHEN MIN("t26"."s") OVER (
          PARTITION BY "t26"."customer_id"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
        THEN CASE
          WHEN MIN("t26"."s") OVER (
            PARTITION BY "t26"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
          THEN CASE
            WHEN MIN("t26"."s") OVER (
              PARTITION BY "t26"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
            THEN 6
            ELSE 7
          END
          ELSE CASE
            WHEN MIN("t26"."s") OVER (
              PARTITION BY "t26"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
            THEN 8
            ELSE 9
          END
        END
        ELSE CASE
          WHEN MIN("t26"."s") OVER (
            PARTITION BY "t26"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
          THEN CASE
            WHEN MIN("t26"."s") OVER (
              PARTITION BY "t26"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
            THEN 10
            ELSE 11
          END
          ELSE 12
        END
      END
    END AS "f",
    "t26"."s" = MIN("t26"."s") OVER (
      PARTITION BY "t26"."customer_id"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "first"
  FROM (
    SELECT
      "t25"."customer_id",
      "t25"."s",
      "t25"."e",
      '' AS "g"
    FROM (
      SELECT
        "t24"."customer_id",
        "t24"."island",
        MIN("t24"."s") AS "s",
        MAX("t24"."e") AS "e"
      FROM (
        SELECT
          "t23"."customer_id",
          "t23"."s",
          "t23"."e",
          "t23"."reach",
          "t23"."fresh",
          SUM("t23"."fresh") OVER (
            PARTITION BY "t23"."customer_id"
            ORDER BY "t23"."s" ASC, "t23"."e" ASC
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
          ) AS "island"
        FROM (
          SELECT
            "t22"."customer_id",
            "t22"."s",
            "t22"."e",
            "t22"."reach",
            CASE
              WHEN (
                "t22"."reach" IS NULL
              ) OR (
                "t22"."s" > "t22"."reach"
              )
              THEN 1
              ELSE 0
            END AS "fresh"
          FROM (
            SELECT
              "t20"."customer_id",
              "t20"."s",
              "t20"."e",
              MAX("t20"."e") OVER (
                PARTITION BY "t20"."customer_id"
                ORDER BY "t20"."s" ASC, "t20"."e" ASC
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 preceding
              ) AS "reach"
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  CAST("t16"."customer_id" AS TEXT) AS "customer_id",
                  CAST("t16"."ordered_at" AS TIMESTAMP) AS "s",
                  CAST(CASE WHEN "t16"."is_end" THEN "t16"."ordered_at" ELSE "t16"."after" END + INTERVAL '365' DAY AS TIMESTAMP) AS "e"
                FROM (
                  SELECT
                    "t14"."customer_id",
                    "t14"."ordered_at",
                    "t14"."n",
                    "t14"."is_start",
                    "t14"."is_end",
                    LEAD("t14"."ordered_at") OVER (
                      PARTITION BY "t14"."customer_id"
                      ORDER BY "t14"."n" ASC
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
                  ) AS "t14"
                ) AS "t16"
                WHERE
                  "t16"."is_start"
              ) AS "t18"
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  CAST("t3"."customer_id" AS TEXT) AS "customer_id",
                  CAST("t3"."started_at" AS TIMESTAMP) AS "s",
                  COALESCE("t3"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) AS "e"
                FROM "subscriptions" AS "t3"
              ) AS "t7"
            ) AS "t20"
          ) AS "t22"
        ) AS "t23"
      ) AS "t24"
      GROUP BY
        1,
        2
    ) AS "t25"
  ) AS "t26"
), "t31" AS (
  SELECT
    "t30"."customer_id",
    "t30"."s",
    "t30"."e",
    "t30"."g",
    "t30"."lo",
    "t30"."hi",
    "t30"."f",
    "t30"."first",
    LAG("t30"."hi") OVER (
      PARTITION BY "t30"."customer_id"
      ORDER BY "t30"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "before",
    LEAD("t30"."lo") OVER (
      PARTITION BY "t30"."customer_id"
      ORDER BY "t30"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "after"
  FROM (
    SELECT
      *
    FROM "t27" AS "t28"
    WHERE
      "t28"."lo" <= "t28"."hi"
  ) AS "t30"
)
SELECT
  "t51"."g",
  "t51"."k",
  "t51"."period",
  CASE
    WHEN (
      CAST("t51"."buyers_to_date" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t51"."buyers_to_date" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      "t51"."net_revenue_to_date" / CAST("t51"."buyers_to_date" AS DOUBLE)
    ) * 1.0
  END AS "clv_historical"
FROM (
  SELECT
    "t50"."k",
    "t50"."period",
    "t50"."start",
    "t50"."end",
    "t50"."start_utc",
    "t50"."end_utc",
    "t50"."partial",
    "t50"."g",
    "t50"."new",
    "t50"."gained_new",
    "t50"."gained_re",
    "t50"."lost",
    "t50"."interval_median",
    "t50"."orders",
    "t50"."revenue",
    "t50"."items",
    "t50"."orders_new",
    "t50"."revenue_new",
    "t50"."interval_n",
    "t50"."interval_sum",
    "t50"."first_orders",
    "t50"."second_orders",
    "t50"."loyal_orders",
    "t50"."items_returned",
    "t50"."amount_returned",
    SUM((
      "t50"."gained_new" + "t50"."gained_re"
    ) - "t50"."lost") OVER (
      PARTITION BY "t50"."g"
      ORDER BY "t50"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "E",
    "t50"."new" AS "N",
    SUM("t50"."first_orders") OVER (
      PARTITION BY "t50"."g"
      ORDER BY "t50"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "buyers_to_date",
    SUM("t50"."second_orders") OVER (
      PARTITION BY "t50"."g"
      ORDER BY "t50"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "repeat_to_date",
    SUM("t50"."loyal_orders") OVER (
      PARTITION BY "t50"."g"
      ORDER BY "t50"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "loyal_to_date",
    SUM(CAST("t50"."revenue" AS DOUBLE) - CAST("t50"."amount_returned" AS DOUBLE)) OVER (
      PARTITION BY "t50"."g"
      ORDER BY "t50"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "net_revenue_to_date"
  FROM (
    SELECT
      "t49"."k",
      "t49"."period",
      "t49"."start",
      "t49"."end",
      "t49"."start_utc",
      "t49"."end_utc",
      "t49"."partial",
      "t49"."g",
      "t49"."new",
      "t49"."gained_new",
      "t49"."gained_re",
      "t49"."lost",
      "t49"."interval_median",
      "t49"."orders",
      "t49"."revenue",
      "t49"."items",
      "t49"."orders_new",
      "t49"."revenue_new",
      "t49"."interval_n",
      "t49"."interval_sum",
      "t49"."first_orders",
      "t49"."second_orders",
      "t49"."loyal_orders",
      COALESCE("t49"."items_returned", 0) AS "items_returned",
      COALESCE("t49"."amount_returned", 0) AS "amount_returned"
    FROM (
      SELECT
        "t48".*
        EXCLUDE ("cg", "ck")
      FROM (
        SELECT
          "t47"."k",
          "t47"."period",
          "t47"."start",
          "t47"."end",
          "t47"."start_utc",
          "t47"."end_utc",
          "t47"."partial",
          "t47"."g",
          "t47"."new",
          "t47"."gained_new",
          "t47"."gained_re",
          "t47"."lost",
          "t47"."interval_median",
          "t47"."orders",
          "t47"."revenue",
          "t47"."items",
          "t47"."orders_new",
          "t47"."revenue_new",
          "t47"."interval_n",
          "t47"."interval_sum",
          "t47"."first_orders",
          "t47"."second_orders",
          "t47"."loyal_orders",
          "t13"."cg",
          "t13"."ck",
          "t13"."items_returned",
          "t13"."amount_returned"
        FROM (
          SELECT
            "t45"."k",
            "t45"."period",
            "t45"."start",
            "t45"."end",
            "t45"."start_utc",
            "t45"."end_utc",
            "t45"."partial",
            "t45"."g",
            "t45"."new",
            "t45"."gained_new",
            "t45"."gained_re",
            "t45"."lost",
            "t45"."interval_median",
            COALESCE("t45"."orders", 0) AS "orders",
            COALESCE("t45"."revenue", 0) AS "revenue",
            COALESCE("t45"."items", 0) AS "items",
            COALESCE("t45"."orders_new", 0) AS "orders_new",
            COALESCE("t45"."revenue_new", 0) AS "revenue_new",
            COALESCE("t45"."interval_n", 0) AS "interval_n",
            COALESCE("t45"."interval_sum", 0) AS "interval_sum",
            COALESCE("t45"."first_orders", 0) AS "first_orders",
            COALESCE("t45"."second_orders", 0) AS "second_orders",
            COALESCE("t45"."loyal_orders", 0) AS "loyal_orders"
          FROM (
            SELECT
              "t44".*
              EXCLUDE ("cg", "ck")
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
                "t21"."cg",
                "t21"."ck",
                "t21"."interval_median",
                "t21"."orders",
                "t21"."revenue",
                "t21"."items",
                "t21"."orders_new",
                "t21"."revenue_new",
                "t21"."interval_n",
                "t21"."interval_sum",
                "t21"."first_orders",
                "t21"."second_orders",
                "t21"."loyal_orders"
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
                  COALESCE("t41"."new", 0) AS "new",
                  COALESCE("t41"."gained_new", 0) AS "gained_new",
                  COALESCE("t41"."gained_re", 0) AS "gained_re",
                  COALESCE("t41"."lost", 0) AS "lost"
                FROM (
                  SELECT
                    "t40".*
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
                      "t39"."cg",
                      "t39"."ck",
                      "t39"."new",
                      "t39"."gained_new",
                      "t39"."gained_re",
                      "t39"."lost"
                    FROM (
                      SELECT
                        "t1"."k",
                        "t1"."period",
                        "t1"."start",
                        "t1"."end",
                        "t1"."start_utc",
                        "t1"."end_utc",
                        "t1"."partial",
                        '' AS "g"
                      FROM "periods" AS "t1"
                    ) AS "t6"
                    LEFT OUTER JOIN (
                      SELECT
                        "t37"."g" AS "cg",
                        "t37"."k" AS "ck",
                        "t37"."new",
                        "t37"."gained_new",
                        "t37"."gained_re",
                        "t37"."lost"
                      FROM (
                        SELECT
                          "t36"."g",
                          "t36"."k",
                          SUM("t36"."new") AS "new",
                          SUM("t36"."gained_new") AS "gained_new",
                          SUM("t36"."gained_re") AS "gained_re",
                          SUM("t36"."lost") AS "lost"
                        FROM (
                          SELECT
                            *
                          FROM (
                            SELECT
                              *
                            FROM (
                              SELECT
                                "t28"."g",
                                "t28"."f" AS "k",
                                1 AS "new",
                                0 AS "gained_new",
                                0 AS "gained_re",
                                0 AS "lost"
                              FROM "t27" AS "t28"
                              WHERE
                                "t28"."first"
                            ) AS "t29"
                            UNION ALL
                            SELECT
                              *
                            FROM (
                              SELECT
                                "t32"."g",
                                "t32"."lo" - 1 AS "k",
                                0 AS "new",
                                CASE WHEN "t32"."f" = (
                                  "t32"."lo" - 1
                                ) THEN 1 ELSE 0 END AS "gained_new",
                                CASE WHEN "t32"."f" = (
                                  "t32"."lo" - 1
                                ) THEN 0 ELSE 1 END AS "gained_re",
                                0 AS "lost"
                              FROM "t31" AS "t32"
                              WHERE
                                (
                                  "t32"."before" IS NULL
                                ) OR (
                                  "t32"."before" < (
                                    "t32"."lo" - 1
                                  )
                                )
                            ) AS "t34"
                          ) AS "t35"
                          UNION ALL
                          SELECT
                            *
                          FROM (
                            SELECT
                              "t32"."g",
                              "t32"."hi" AS "k",
                              0 AS "new",
                              0 AS "gained_new",
                              0 AS "gained_re",
                              1 AS "lost"
                            FROM "t31" AS "t32"
                            WHERE
                              (
                                (
                                  "t32"."after" IS NULL
                                ) OR (
                                  "t32"."after" > (
                                    "t32"."hi" + 1
                                  )
                                )
                              )
                              AND "t32"."hi" < 12
                          ) AS "t33"
                        ) AS "t36"
                        GROUP BY
                          1,
                          2
                      ) AS "t37"
                    ) AS "t39"
                      ON "t6"."g" = "t39"."cg" AND "t6"."k" = "t39"."ck"
                  ) AS "t40"
                ) AS "t41"
              ) AS "t43"
              LEFT OUTER JOIN (
                SELECT
                  "t17"."g" AS "cg",
                  "t17"."k" AS "ck",
                  "t17"."interval_median",
                  "t17"."orders",
                  "t17"."revenue",
                  "t17"."items",
                  "t17"."orders_new",
                  "t17"."revenue_new",
                  "t17"."interval_n",
                  "t17"."interval_sum",
                  "t17"."first_orders",
                  "t17"."second_orders",
                  "t17"."loyal_orders"
                FROM (
                  SELECT
                    "t15"."g",
                    "t15"."k",
                    QUANTILE_CONT("t15"."gap", 0.5) AS "interval_median",
                    COUNT(*) AS "orders",
                    SUM("t15"."revenue") AS "revenue",
                    SUM(COALESCE("t15"."items", 0)) AS "items",
                    SUM(CASE WHEN "t15"."is_new" THEN 1 ELSE 0 END) AS "orders_new",
                    SUM(CASE WHEN "t15"."is_new" THEN "t15"."revenue" ELSE 0 END) AS "revenue_new",
                    COUNT("t15"."gap") AS "interval_n",
                    SUM("t15"."gap") AS "interval_sum",
                    SUM(CASE WHEN "t15"."n" = 0 THEN 1 ELSE 0 END) AS "first_orders",
                    SUM(CASE WHEN "t15"."n" = 1 THEN 1 ELSE 0 END) AS "second_orders",
                    SUM(CASE WHEN "t15"."n" = 2 THEN 1 ELSE 0 END) AS "loyal_orders"
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
                  ) AS "t15"
                  GROUP BY
                    1,
                    2
                ) AS "t17"
              ) AS "t21"
                ON "t43"."g" = "t21"."cg" AND "t43"."k" = "t21"."ck"
            ) AS "t44"
          ) AS "t45"
        ) AS "t47"
        LEFT OUTER JOIN (
          SELECT
            "t11"."g" AS "cg",
            "t11"."k" AS "ck",
            "t11"."items_returned",
            "t11"."amount_returned"
          FROM (
            SELECT
              "t8"."g",
              "t8"."k",
              SUM(COALESCE("t8"."items", 0)) AS "items_returned",
              SUM(COALESCE("t8"."amount", 0)) AS "amount_returned"
            FROM (
              SELECT
                "t0"."return_id",
                "t0"."order_id",
                "t0"."customer_id",
                "t0"."returned_at",
                "t0"."items",
                "t0"."amount",
                '' AS "g",
                CASE
                  WHEN "t0"."returned_at" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                  THEN CASE
                    WHEN "t0"."returned_at" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                    THEN CASE
                      WHEN "t0"."returned_at" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                      THEN CASE
                        WHEN "t0"."returned_at" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                        THEN -1
                        ELSE 0
                      END
                      ELSE CASE
                        WHEN "t0"."returned_at" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                        THEN 1
                        ELSE 2
                      END
                    END
                    ELSE CASE
                      WHEN "t0"."returned_at" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                      THEN CASE
                        WHEN "t0"."returned_at" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                        THEN 3
                        ELSE 4
                      END
                      ELSE 5
                    END
                  END
                  ELSE CASE
                    WHEN "t0"."returned_at" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                    THEN CASE
                      WHEN "t0"."returned_at" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                      THEN CASE
                        WHEN "t0"."returned_at" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                        THEN 6
                        ELSE 7
                      END
                      ELSE CASE
                        WHEN "t0"."returned_at" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                        THEN 8
                        ELSE 9
                      END
                    END
                    ELSE CASE
                      WHEN "t0"."returned_at" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                      THEN CASE
                        WHEN "t0"."returned_at" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                        THEN 10
                        ELSE 11
                      END
                      ELSE 12
                    END
                  END
                END AS "k"
              FROM "returns" AS "t0"
            ) AS "t8"
            GROUP BY
              1,
              2
          ) AS "t11"
        ) AS "t13"
          ON "t47"."g" = "t13"."cg" AND "t47"."k" = "t13"."ck"
      ) AS "t48"
    ) AS "t49"
  ) AS "t50"
) AS "t51"
ORDER BY
  "t51"."g" ASC,
  "t51"."k" ASC
