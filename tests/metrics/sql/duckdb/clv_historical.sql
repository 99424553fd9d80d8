WITH "t12" AS (
  SELECT
    "t9"."order_id",
    "t9"."customer_id",
    "t9"."ordered_at",
    "t9"."revenue",
    "t9"."items",
    "t9"."channel",
    LAG("t9"."ordered_at") OVER (
      PARTITION BY "t9"."customer_id"
      ORDER BY "t9"."ordered_at" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "prev",
    LEAD("t9"."ordered_at") OVER (
      PARTITION BY "t9"."customer_id"
      ORDER BY "t9"."ordered_at" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "nxt",
    ROW_NUMBER() OVER (
      PARTITION BY "t9"."customer_id"
      ORDER BY "t9"."ordered_at" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) - 1 AS "n",
    MIN("t9"."ordered_at") OVER (
      PARTITION BY "t9"."customer_id"
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
    FROM (
      SELECT
        "t2".*
        EXCLUDE ("import_id")
      FROM "orders" AS "t2"
    ) AS "t5"
  ) AS "t9"
), "t30" AS (
  SELECT
    "t29"."customer_id",
    "t29"."s",
    "t29"."e",
    "t29"."g",
    CASE
      WHEN "t29"."s" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
      THEN CASE
        WHEN "t29"."s" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
        THEN CASE
          WHEN "t29"."s" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
          THEN CASE WHEN "t29"."s" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
          ELSE CASE WHEN "t29"."s" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
        END
        ELSE CASE
          WHEN "t29"."s" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
          THEN CASE WHEN "t29"."s" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
          ELSE 5
        END
      END
      ELSE CASE
        WHEN "t29"."s" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
        THEN CASE
          WHEN "t29"."s" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
          THEN CASE WHEN "t29"."s" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
          ELSE CASE WHEN "t29"."s" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
        END
        ELSE CASE
          WHEN "t29"."s" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
          THEN CASE WHEN "t29"."s" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
          ELSE 12
        END
      END
    END + 1 AS "lo",
    LEAST(
      CASE
        WHEN "t29"."e" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
        THEN CASE
          WHEN "t29"."e" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
          THEN CASE
            WHEN "t29"."e" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
            THEN CASE WHEN "t29"."e" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
            ELSE CASE WHEN "t29"."e" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
          END
          ELSE CASE
            WHEN "t29"."e" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
            THEN CASE WHEN "t29"."e" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
            ELSE 5
          END
        END
        ELSE CASE
          WHEN "t29"."e" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
          THEN CASE
            WHEN "t29"."e" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
            THEN CASE WHEN "t29"."e" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
            ELSE CASE WHEN "t29"."e" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
          END
          ELSE CASE
            WHEN "t29"."e" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
            THEN CASE WHEN "t29"."e" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
            ELSE 12
          END
        END
      END,
      12
    ) AS "hi",
    CASE
      WHEN MIN("t29"."s") OVER (
        PARTITION BY "t29"."customer_id"
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
      THEN CASE
        WHEN MIN("t29"."s") OVER (
          PARTITION BY "t29"."customer_id"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
        THEN CASE
          WHEN MIN("t29"."s") OVER (
            PARTITION BY "t29"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
          THEN CASE
            WHEN MIN("t29"."s") OVER (
              PARTITION BY "t29"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
            THEN -1
            ELSE 0
          END
          ELSE CASE
            WHEN MIN("t29"."s") OVER (
              PARTITION BY "t29"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
            THEN 1
            ELSE 2
          END
        END
        ELSE CASE
          WHEN MIN("t29"."s") OVER (
            PARTITION BY "t29"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
          THEN CASE
            WHEN MIN("t29"."s") OVER (
              PARTITION BY "t29"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
            THEN 3
            ELSE 4
          END
          ELSE 5
        END
      END
      ELSE CASE
        WHEN MIN("t29"."s") OVER (
          PARTITION BY "t29"."customer_id"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
        THEN CASE
          WHEN MIN("t29"."s") OVER (
            PARTITION BY "t29"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
          THEN CASE
            WHEN MIN("t29"."s") OVER (
              PARTITION BY "t29"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
            THEN 6
            ELSE 7
          END
          ELSE CASE
            WHEN MIN("t29"."s") OVER (
              PARTITION BY "t29"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
            THEN 8
            ELSE 9
          END
        END
        ELSE CASE
          WHEN MIN("t29"."s") OVER (
            PARTITION BY "t29"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
          THEN CASE
            WHEN MIN("t29"."s") OVER (
              PARTITION BY "t29"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
            THEN 10
            ELSE 11
          END
          ELSE 12
        END
      END
    END AS "f",
    "t29"."s" = MIN("t29"."s") OVER (
      PARTITION BY "t29"."customer_id"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "first"
  FROM (
    SELECT
      "t28"."customer_id",
      "t28"."s",
      "t28"."e",
      '' AS "g"
    FROM (
      SELECT
        "t27"."customer_id",
        "t27"."island",
        MIN("t27"."s") AS "s",
        MAX("t27"."e") AS "e"
      FROM (
        SELECT
          "t26"."customer_id",
          "t26"."s",
          "t26"."e",
          "t26"."reach",
          "t26"."fresh",
          SUM("t26"."fresh") OVER (
            PARTITION BY "t26"."customer_id"
            ORDER BY "t26"."s" ASC, "t26"."e" ASC
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
          ) AS "island"
        FROM (
          SELECT
            "t25"."customer_id",
            "t25"."s",
            "t25"."e",
            "t25"."reach",
            CASE
              WHEN (
                "t25"."reach" IS NULL
              ) OR (
                "t25"."s" > "t25"."reach"
              )
              THEN 1
              ELSE 0
            END AS "fresh"
          FROM (
            SELECT
              "t23"."customer_id",
              "t23"."s",
              "t23"."e",
              MAX("t23"."e") OVER (
                PARTITION BY "t23"."customer_id"
                ORDER BY "t23"."s" ASC, "t23"."e" ASC
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 preceding
              ) AS "reach"
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  CAST("t19"."customer_id" AS TEXT) AS "customer_id",
                  CAST("t19"."ordered_at" AS TIMESTAMP) AS "s",
                  CAST(CASE WHEN "t19"."is_end" THEN "t19"."ordered_at" ELSE "t19"."after" END + INTERVAL '365' DAY AS TIMESTAMP) AS "e"
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
                      "t13"."customer_id",
                      "t13"."ordered_at",
                      "t13"."n",
                      (
                        "t13"."prev" IS NULL
                      )
                      OR (
                        "t13"."ordered_at" > (
                          "t13"."prev" + INTERVAL '365' DAY
                        )
                      ) AS "is_start",
                      (
                        "t13"."nxt" IS NULL
                      )
                      OR (
                        "t13"."nxt" > (
                          "t13"."ordered_at" + INTERVAL '365' DAY
                        )
                      ) AS "is_end"
                    FROM "t12" AS "t13"
                    WHERE
                      (
                        "t13"."prev" IS NULL
                      )
                      OR (
                        "t13"."ordered_at" > (
                          "t13"."prev" + INTERVAL '365' DAY
                        )
                      )
                      OR (
                        (
                          "t13"."nxt" IS NULL
                        )
                        OR (
                          "t13"."nxt" > (
                            "t13"."ordered_at" + INTERVAL '365' DAY
                          )
                        )
                      )
                  ) AS "t17"
                ) AS "t19"
                WHERE
                  "t19"."is_start"
              ) AS "t21"
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  CAST("t6"."customer_id" AS TEXT) AS "customer_id",
                  CAST("t6"."started_at" AS TIMESTAMP) AS "s",
                  COALESCE("t6"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) AS "e"
                FROM (
                  SELECT
                    "t3".*
                    EXCLUDE ("import_id")
                  FROM "subscriptions" AS "t3"
                ) AS "t6"
              ) AS "t10"
            ) AS "t23"
          ) AS "t25"
        ) AS "t26"
      ) AS "t27"
      GROUP BY
        1,
        2
    ) AS "t28"
  ) AS "t29"
), "t34" AS (
  SELECT
    "t33"."customer_id",
    "t33"."s",
    "t33"."e",
    "t33"."g",
    "t33"."lo",
    "t33"."hi",
    "t33"."f",
    "t33"."first",
    LAG("t33"."hi") OVER (
      PARTITION BY "t33"."customer_id"
      ORDER BY "t33"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "before",
    LEAD("t33"."lo") OVER (
      PARTITION BY "t33"."customer_id"
      ORDER BY "t33"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "after"
  FROM (
    SELECT
      *
    FROM "t30" AS "t31"
    WHERE
      "t31"."lo" <= "t31"."hi"
  ) AS "t33"
)
SELECT
  "t54"."g",
  "t54"."k",
  "t54"."period",
  CASE
    WHEN (
      CAST("t54"."buyers_to_date" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t54"."buyers_to_date" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      "t54"."net_revenue_to_date" / CAST("t54"."buyers_to_date" AS DOUBLE)
    ) * 1.0
  END AS "clv_historical"
FROM (
  SELECT
    "t53"."k",
    "t53"."period",
    "t53"."start",
    "t53"."end",
    "t53"."start_utc",
    "t53"."end_utc",
    "t53"."partial",
    "t53"."g",
    "t53"."new",
    "t53"."gained_new",
    "t53"."gained_re",
    "t53"."lost",
    "t53"."interval_median",
    "t53"."orders",
    "t53"."revenue",
    "t53"."items",
    "t53"."orders_new",
    "t53"."revenue_new",
    "t53"."interval_n",
    "t53"."interval_sum",
    "t53"."first_orders",
    "t53"."second_orders",
    "t53"."loyal_orders",
    "t53"."items_returned",
    "t53"."amount_returned",
    SUM((
      "t53"."gained_new" + "t53"."gained_re"
    ) - "t53"."lost") OVER (
      PARTITION BY "t53"."g"
      ORDER BY "t53"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "E",
    "t53"."new" AS "N",
    SUM("t53"."first_orders") OVER (
      PARTITION BY "t53"."g"
      ORDER BY "t53"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "buyers_to_date",
    SUM("t53"."second_orders") OVER (
      PARTITION BY "t53"."g"
      ORDER BY "t53"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "repeat_to_date",
    SUM("t53"."loyal_orders") OVER (
      PARTITION BY "t53"."g"
      ORDER BY "t53"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "loyal_to_date",
    SUM(CAST("t53"."revenue" AS DOUBLE) - CAST("t53"."amount_returned" AS DOUBLE)) OVER (
      PARTITION BY "t53"."g"
      ORDER BY "t53"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "net_revenue_to_date"
  FROM (
    SELECT
      "t52"."k",
      "t52"."period",
      "t52"."start",
      "t52"."end",
      "t52"."start_utc",
      "t52"."end_utc",
      "t52"."partial",
      "t52"."g",
      "t52"."new",
      "t52"."gained_new",
      "t52"."gained_re",
      "t52"."lost",
      "t52"."interval_median",
      "t52"."orders",
      "t52"."revenue",
      "t52"."items",
      "t52"."orders_new",
      "t52"."revenue_new",
      "t52"."interval_n",
      "t52"."interval_sum",
      "t52"."first_orders",
      "t52"."second_orders",
      "t52"."loyal_orders",
      COALESCE("t52"."items_returned", 0) AS "items_returned",
      COALESCE("t52"."amount_returned", 0) AS "amount_returned"
    FROM (
      SELECT
        "t51".*
        EXCLUDE ("cg", "ck")
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
          "t16"."cg",
          "t16"."ck",
          "t16"."items_returned",
          "t16"."amount_returned"
        FROM (
          SELECT
            "t48"."k",
            "t48"."period",
            "t48"."start",
            "t48"."end",
            "t48"."start_utc",
            "t48"."end_utc",
            "t48"."partial",
            "t48"."g",
            "t48"."new",
            "t48"."gained_new",
            "t48"."gained_re",
            "t48"."lost",
            "t48"."interval_median",
            COALESCE("t48"."orders", 0) AS "orders",
            COALESCE("t48"."revenue", 0) AS "revenue",
            COALESCE("t48"."items", 0) AS "items",
            COALESCE("t48"."orders_new", 0) AS "orders_new",
            COALESCE("t48"."revenue_new", 0) AS "revenue_new",
            COALESCE("t48"."interval_n", 0) AS "interval_n",
            COALESCE("t48"."interval_sum", 0) AS "interval_sum",
            COALESCE("t48"."first_orders", 0) AS "first_orders",
            COALESCE("t48"."second_orders", 0) AS "second_orders",
            COALESCE("t48"."loyal_orders", 0) AS "loyal_orders"
          FROM (
            SELECT
              "t47".*
              EXCLUDE ("cg", "ck")
            FROM (
              SELECT
                "t46"."k",
                "t46"."period",
                "t46"."start",
                "t46"."end",
                "t46"."start_utc",
                "t46"."end_utc",
                "t46"."partial",
                "t46"."g",
                "t46"."new",
                "t46"."gained_new",
                "t46"."gained_re",
                "t46"."lost",
                "t24"."cg",
                "t24"."ck",
                "t24"."interval_median",
                "t24"."orders",
                "t24"."revenue",
                "t24"."items",
                "t24"."orders_new",
                "t24"."revenue_new",
                "t24"."interval_n",
                "t24"."interval_sum",
                "t24"."first_orders",
                "t24"."second_orders",
                "t24"."loyal_orders"
              FROM (
                SELECT
                  "t44"."k",
                  "t44"."period",
                  "t44"."start",
                  "t44"."end",
                  "t44"."start_utc",
                  "t44"."end_utc",
                  "t44"."partial",
                  "t44"."g",
                  COALESCE("t44"."new", 0) AS "new",
                  COALESCE("t44"."gained_new", 0) AS "gained_new",
                  COALESCE("t44"."gained_re", 0) AS "gained_re",
                  COALESCE("t44"."lost", 0) AS "lost"
                FROM (
                  SELECT
                    "t43".*
                    EXCLUDE ("cg", "ck")
                  FROM (
                    SELECT
                      "t8"."k",
                      "t8"."period",
                      "t8"."start",
                      "t8"."end",
                      "t8"."start_utc",
                      "t8"."end_utc",
                      "t8"."partial",
                      "t8"."g",
                      "t42"."cg",
                      "t42"."ck",
                      "t42"."new",
                      "t42"."gained_new",
                      "t42"."gained_re",
                      "t42"."lost"
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
                    ) AS "t8"
                    LEFT OUTER JOIN (
                      SELECT
                        "t40"."g" AS "cg",
                        "t40"."k" AS "ck",
                        "t40"."new",
                        "t40"."gained_new",
                        "t40"."gained_re",
                        "t40"."lost"
                      FROM (
                        SELECT
                          "t39"."g",
                          "t39"."k",
                          SUM("t39"."new") AS "new",
                          SUM("t39"."gained_new") AS "gained_new",
                          SUM("t39"."gained_re") AS "gained_re",
                          SUM("t39"."lost") AS "lost"
                        FROM (
                          SELECT
                            *
                          FROM (
                            SELECT
                              *
                            FROM (
                              SELECT
                                "t31"."g",
                                "t31"."f" AS "k",
                                1 AS "new",
                                0 AS "gained_new",
                                0 AS "gained_re",
                                0 AS "lost"
                              FROM "t30" AS "t31"
                              WHERE
                                "t31"."first"
                            ) AS "t32"
                            UNION ALL
                            SELECT
                              *
                            FROM (
                              SELECT
                                "t35"."g",
                                "t35"."lo" - 1 AS "k",
                                0 AS "new",
                                CASE WHEN "t35"."f" = (
                                  "t35"."lo" - 1
                                ) THEN 1 ELSE 0 END AS "gained_new",
                                CASE WHEN "t35"."f" = (
                                  "t35"."lo" - 1
                                ) THEN 0 ELSE 1 END AS "gained_re",
                                0 AS "lost"
                              FROM "t34" AS "t35"
                              WHERE
                                (
                                  "t35"."before" IS NULL
                                ) OR (
                                  "t35"."before" < (
                                    "t35"."lo" - 1
                                  )
                                )
                            ) AS "t37"
                          ) AS "t38"
                          UNION ALL
                          SELECT
                            *
                          FROM (
                            SELECT
                              "t35"."g",
                              "t35"."hi" AS "k",
                              0 AS "new",
                              0 AS "gained_new",
                              0 AS "gained_re",
                              1 AS "lost"
                            FROM "t34" AS "t35"
                            WHERE
                              (
                                (
                                  "t35"."after" IS NULL
                                ) OR (
                                  "t35"."after" > (
                                    "t35"."hi" + 1
                                  )
                                )
                              )
                              AND "t35"."hi" < 12
                          ) AS "t36"
                        ) AS "t39"
                        GROUP BY
                          1,
                          2
                      ) AS "t40"
                    ) AS "t42"
                      ON "t8"."g" = "t42"."cg" AND "t8"."k" = "t42"."ck"
                  ) AS "t43"
                ) AS "t44"
              ) AS "t46"
              LEFT OUTER JOIN (
                SELECT
                  "t20"."g" AS "cg",
                  "t20"."k" AS "ck",
                  "t20"."interval_median",
                  "t20"."orders",
                  "t20"."revenue",
                  "t20"."items",
                  "t20"."orders_new",
                  "t20"."revenue_new",
                  "t20"."interval_n",
                  "t20"."interval_sum",
                  "t20"."first_orders",
                  "t20"."second_orders",
                  "t20"."loyal_orders"
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
                      "t13"."order_id",
                      "t13"."customer_id",
                      "t13"."ordered_at",
                      "t13"."revenue",
                      "t13"."items",
                      "t13"."channel",
                      "t13"."prev",
                      "t13"."nxt",
                      "t13"."n",
                      "t13"."first",
                      '' AS "g",
                      CASE
                        WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                        THEN CASE
                          WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                          THEN CASE
                            WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                            THEN CASE
                              WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                              THEN -1
                              ELSE 0
                            END
                            ELSE CASE
                              WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                              THEN 1
                              ELSE 2
                            END
                          END
                          ELSE CASE
                            WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                            THEN CASE
                              WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                              THEN 3
                              ELSE 4
                            END
                            ELSE 5
                          END
                        END
                        ELSE CASE
                          WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                          THEN CASE
                            WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                            THEN CASE
                              WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                              THEN 6
                              ELSE 7
                            END
                            ELSE CASE
                              WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                              THEN 8
                              ELSE 9
                            END
                          END
                          ELSE CASE
                            WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                            THEN CASE
                              WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                              THEN 10
                              ELSE 11
                            END
                            ELSE 12
                          END
                        END
                      END AS "k",
                      CASE
                        WHEN "t13"."first" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                        THEN CASE
                          WHEN "t13"."first" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                          THEN CASE
                            WHEN "t13"."first" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                            THEN CASE
                              WHEN "t13"."first" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                              THEN -1
                              ELSE 0
                            END
                            ELSE CASE WHEN "t13"."first" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
                          END
                          ELSE CASE
                            WHEN "t13"."first" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                            THEN CASE WHEN "t13"."first" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
                            ELSE 5
                          END
                        END
                        ELSE CASE
                          WHEN "t13"."first" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                          THEN CASE
                            WHEN "t13"."first" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                            THEN CASE WHEN "t13"."first" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
                            ELSE CASE WHEN "t13"."first" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
                          END
                          ELSE CASE
                            WHEN "t13"."first" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                            THEN CASE
                              WHEN "t13"."first" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                              THEN 10
                              ELSE 11
                            END
                            ELSE 12
                          END
                        END
                      END = CASE
                        WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                        THEN CASE
                          WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                          THEN CASE
                            WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                            THEN CASE
                              WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                              THEN -1
                              ELSE 0
                            END
                            ELSE CASE
                              WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                              THEN 1
                              ELSE 2
                            END
                          END
                          ELSE CASE
                            WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                            THEN CASE
                              WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                              THEN 3
                              ELSE 4
                            END
                            ELSE 5
                          END
                        END
                        ELSE CASE
                          WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                          THEN CASE
                            WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                            THEN CASE
                              WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                              THEN 6
                              ELSE 7
                            END
                            ELSE CASE
                              WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                              THEN 8
                              ELSE 9
                            END
                          END
                          ELSE CASE
                            WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                            THEN CASE
                              WHEN "t13"."ordered_at" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                              THEN 10
                              ELSE 11
                            END
                            ELSE 12
                          END
                        END
                      END AS "is_new",
                      CAST(DATE_DIFF('MICROSECOND', "t13"."prev", "t13"."ordered_at") AS DOUBLE) / 86400000000 AS "gap"
                    FROM "t12" AS "t13"
                  ) AS "t18"
                  GROUP BY
                    1,
                    2
                ) AS "t20"
              ) AS "t24"
                ON "t46"."g" = "t24"."cg" AND "t46"."k" = "t24"."ck"
            ) AS "t47"
          ) AS "t48"
        ) AS "t50"
        LEFT OUTER JOIN (
          SELECT
            "t14"."g" AS "cg",
            "t14"."k" AS "ck",
            "t14"."items_returned",
            "t14"."amount_returned"
          FROM (
            SELECT
              "t11"."g",
              "t11"."k",
              SUM(COALESCE("t11"."items", 0)) AS "items_returned",
              SUM(COALESCE("t11"."amount", 0)) AS "amount_returned"
            FROM (
              SELECT
                "t4"."return_id",
                "t4"."order_id",
                "t4"."customer_id",
                "t4"."returned_at",
                "t4"."items",
                "t4"."amount",
                '' AS "g",
                CASE
                  WHEN "t4"."returned_at" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                  THEN CASE
                    WHEN "t4"."returned_at" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                    THEN CASE
                      WHEN "t4"."returned_at" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                      THEN CASE
                        WHEN "t4"."returned_at" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                        THEN -1
                        ELSE 0
                      END
                      ELSE CASE
                        WHEN "t4"."returned_at" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                        THEN 1
                        ELSE 2
                      END
                    END
                    ELSE CASE
                      WHEN "t4"."returned_at" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                      THEN CASE
                        WHEN "t4"."returned_at" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                        THEN 3
                        ELSE 4
                      END
                      ELSE 5
                    END
                  END
                  ELSE CASE
                    WHEN "t4"."returned_at" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                    THEN CASE
                      WHEN "t4"."returned_at" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                      THEN CASE
                        WHEN "t4"."returned_at" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                        THEN 6
                        ELSE 7
                      END
                      ELSE CASE
                        WHEN "t4"."returned_at" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                        THEN 8
                        ELSE 9
                      END
                    END
                    ELSE CASE
                      WHEN "t4"."returned_at" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                      THEN CASE
                        WHEN "t4"."returned_at" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                        THEN 10
                        ELSE 11
                      END
                      ELSE 12
                    END
                  END
                END AS "k"
              FROM (
                SELECT
                  "t0".*
                  EXCLUDE ("import_id")
                FROM "returns" AS "t0"
              ) AS "t4"
            ) AS "t11"
            GROUP BY
              1,
              2
          ) AS "t14"
        ) AS "t16"
          ON "t50"."g" = "t16"."cg" AND "t50"."k" = "t16"."ck"
      ) AS "t51"
    ) AS "t52"
  ) AS "t53"
) AS "t54"
ORDER BY
  "t54"."g" ASC,
  "t54"."k" ASC
