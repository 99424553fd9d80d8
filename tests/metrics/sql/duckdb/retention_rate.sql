WITH "t19" AS (
  SELECT
    "t18"."customer_id",
    "t18"."s",
    "t18"."e",
    "t18"."g",
    CASE
      WHEN "t18"."s" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
      THEN CASE
        WHEN "t18"."s" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
        THEN CASE
          WHEN "t18"."s" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
          THEN CASE WHEN "t18"."s" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
          ELSE CASE WHEN "t18"."s" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
        END
        ELSE CASE
          WHEN "t18"."s" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
          THEN CASE WHEN "t18"."s" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
          ELSE 5
        END
      END
      ELSE CASE
        WHEN "t18"."s" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
        THEN CASE
          WHEN "t18"."s" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
          THEN CASE WHEN "t18"."s" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
          ELSE CASE WHEN "t18"."s" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
        END
        ELSE CASE
          WHEN "t18"."s" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
          THEN CASE WHEN "t18"."s" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
          ELSE 12
        END
      END
    END + 1 AS "lo",
    LEAST(
      CASE
        WHEN "t18"."e" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
        THEN CASE
          WHEN "t18"."e" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
          THEN CASE
            WHEN "t18"."e" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
            THEN CASE WHEN "t18"."e" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
            ELSE CASE WHEN "t18"."e" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
          END
          ELSE CASE
            WHEN "t18"."e" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
            THEN CASE WHEN "t18"."e" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
            ELSE 5
          END
        END
        ELSE CASE
          WHEN "t18"."e" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
          THEN CASE
            WHEN "t18"."e" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
            THEN CASE WHEN "t18"."e" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
            ELSE CASE WHEN "t18"."e" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
          END
          ELSE CASE
            WHEN "t18"."e" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
            THEN CASE WHEN "t18"."e" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
            ELSE 12
          END
        END
      END,
      12
    ) AS "hi",
    CASE
      WHEN MIN("t18"."s") OVER (
        PARTITION BY "t18"."customer_id"
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
      THEN CASE
        WHEN MIN("t18"."s") OVER (
          PARTITION BY "t18"."customer_id"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
        THEN CASE
          WHEN MIN("t18"."s") OVER (
            PARTITION BY "t18"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
          THEN CASE
            WHEN MIN("t18"."s") OVER (
              PARTITION BY "t18"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
            THEN -1
            ELSE 0
          END
          ELSE CASE
            WHEN MIN("t18"."s") OVER (
              PARTITION BY "t18"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
            THEN 1
            ELSE 2
          END
        END
        ELSE CASE
          WHEN MIN("t18"."s") OVER (
            PARTITION BY "t18"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
          THEN CASE
            WHEN MIN("t18"."s") OVER (
              PARTITION BY "t18"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
            THEN 3
            ELSE 4
          END
          ELSE 5
        END
      END
      ELSE CASE
        WHEN MIN("t18"."s") OVER (
          PARTITION BY "t18"."customer_id"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
        THEN CASE
          WHEN MIN("t18"."s") OVER (
            PARTITION BY "t18"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
          THEN CASE
            WHEN MIN("t18"."s") OVER (
              PARTITION BY "t18"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
            THEN 6
            ELSE 7
          END
          ELSE CASE
            WHEN MIN("t18"."s") OVER (
              PARTITION BY "t18"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
            THEN 8
            ELSE 9
          END
        END
        ELSE CASE
          WHEN MIN("t18"."s") OVER (
            PARTITION BY "t18"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
          THEN CASE
            WHEN MIN("t18"."s") OVER (
              PARTITION BY "t18"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
            THEN 10
            ELSE 11
          END
          ELSE 12
        END
      END
    END AS "f",
    "t18"."s" = MIN("t18"."s") OVER (
      PARTITION BY "t18"."customer_id"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "first"
  FROM (
    SELECT
      "t17"."customer_id",
      "t17"."s",
      "t17"."e",
      '' AS "g"
    FROM (
      SELECT
        "t16"."customer_id",
        "t16"."island",
        MIN("t16"."s") AS "s",
        MAX("t16"."e") AS "e"
      FROM (
        SELECT
          "t15"."customer_id",
          "t15"."s",
          "t15"."e",
          "t15"."reach",
          "t15"."fresh",
          SUM("t15"."fresh") OVER (
            PARTITION BY "t15"."customer_id"
            ORDER BY "t15"."s" ASC, "t15"."e" ASC
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
          ) AS "island"
        FROM (
          SELECT
            "t14"."customer_id",
            "t14"."s",
            "t14"."e",
            "t14"."reach",
            CASE
              WHEN (
                "t14"."reach" IS NULL
              ) OR (
                "t14"."s" > "t14"."reach"
              )
              THEN 1
              ELSE 0
            END AS "fresh"
          FROM (
            SELECT
              "t13"."customer_id",
              "t13"."s",
              "t13"."e",
              MAX("t13"."e") OVER (
                PARTITION BY "t13"."customer_id"
                ORDER BY "t13"."s" ASC, "t13"."e" ASC
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
                    "t10"."customer_id",
                    "t10"."ordered_at",
                    "t10"."n",
                    "t10"."is_start",
                    "t10"."is_end",
                    LEAD("t10"."ordered_at") OVER (
                      PARTITION BY "t10"."customer_id"
                      ORDER BY "t10"."n" ASC
                      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                    ) AS "after"
                  FROM (
                    SELECT
                      "t9"."customer_id",
                      "t9"."ordered_at",
                      "t9"."n",
                      (
                        "t9"."prev" IS NULL
                      )
                      OR (
                        "t9"."ordered_at" > (
                          "t9"."prev" + INTERVAL '365' DAY
                        )
                      ) AS "is_start",
                      (
                        "t9"."nxt" IS NULL
                      )
                      OR (
                        "t9"."nxt" > (
                          "t9"."ordered_at" + INTERVAL '365' DAY
                        )
                      ) AS "is_end"
                    FROM (
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
                          "t4"."order_id",
                          "t4"."customer_id",
                          "t4"."ordered_at",
                          "t4"."revenue",
                          "t4"."items",
                          "t4"."channel"
                        FROM (
                          SELECT
                            "t2".*
                            EXCLUDE ("import_id")
                          FROM "orders" AS "t2"
                        ) AS "t4"
                      ) AS "t7"
                    ) AS "t9"
                    WHERE
                      (
                        "t9"."prev" IS NULL
                      )
                      OR (
                        "t9"."ordered_at" > (
                          "t9"."prev" + INTERVAL '365' DAY
                        )
                      )
                      OR (
                        (
                          "t9"."nxt" IS NULL
                        )
                        OR (
                          "t9"."nxt" > (
                            "t9"."ordered_at" + INTERVAL '365' DAY
                          )
                        )
                      )
                  ) AS "t10"
                ) AS "t11"
                WHERE
                  "t11"."is_start"
              ) AS "t12"
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  CAST("t3"."customer_id" AS TEXT) AS "customer_id",
                  CAST("t3"."started_at" AS TIMESTAMP) AS "s",
                  COALESCE("t3"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) AS "e"
                FROM (
                  SELECT
                    "t1".*
                    EXCLUDE ("import_id")
                  FROM "subscriptions" AS "t1"
                ) AS "t3"
              ) AS "t8"
            ) AS "t13"
          ) AS "t14"
        ) AS "t15"
      ) AS "t16"
      GROUP BY
        1,
        2
    ) AS "t17"
  ) AS "t18"
), "t23" AS (
  SELECT
    "t22"."customer_id",
    "t22"."s",
    "t22"."e",
    "t22"."g",
    "t22"."lo",
    "t22"."hi",
    "t22"."f",
    "t22"."first",
    LAG("t22"."hi") OVER (
      PARTITION BY "t22"."customer_id"
      ORDER BY "t22"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "before",
    LEAD("t22"."lo") OVER (
      PARTITION BY "t22"."customer_id"
      ORDER BY "t22"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "after"
  FROM (
    SELECT
      *
    FROM "t19" AS "t20"
    WHERE
      "t20"."lo" <= "t20"."hi"
  ) AS "t22"
)
SELECT
  "t36"."g",
  "t36"."k",
  "t36"."period",
  CASE
    WHEN (
      CAST("t36"."S" AS DOUBLE) IS NULL
    ) OR (
      CAST("t36"."S" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t36"."E" - "t36"."N" AS DOUBLE) / CAST("t36"."S" AS DOUBLE)
    ) * 100
  END AS "retention_rate"
FROM (
  SELECT
    "t35"."k",
    "t35"."period",
    "t35"."start",
    "t35"."end",
    "t35"."start_utc",
    "t35"."end_utc",
    "t35"."partial",
    "t35"."g",
    "t35"."new",
    "t35"."gained_new",
    "t35"."gained_re",
    "t35"."lost",
    "t35"."E",
    "t35"."N",
    (
      (
        "t35"."E" - "t35"."gained_new"
      ) - "t35"."gained_re"
    ) + "t35"."lost" AS "S"
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
      "t34"."new",
      "t34"."gained_new",
      "t34"."gained_re",
      "t34"."lost",
      SUM((
        "t34"."gained_new" + "t34"."gained_re"
      ) - "t34"."lost") OVER (
        PARTITION BY "t34"."g"
        ORDER BY "t34"."k" ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS "E",
      "t34"."new" AS "N"
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
        COALESCE("t33"."new", 0) AS "new",
        COALESCE("t33"."gained_new", 0) AS "gained_new",
        COALESCE("t33"."gained_re", 0) AS "gained_re",
        COALESCE("t33"."lost", 0) AS "lost"
      FROM (
        SELECT
          "t32".*
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
            "t31"."cg",
            "t31"."ck",
            "t31"."new",
            "t31"."gained_new",
            "t31"."gained_re",
            "t31"."lost"
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
              "t29"."g" AS "cg",
              "t29"."k" AS "ck",
              "t29"."new",
              "t29"."gained_new",
              "t29"."gained_re",
              "t29"."lost"
            FROM (
              SELECT
                "t28"."g",
                "t28"."k",
                SUM("t28"."new") AS "new",
                SUM("t28"."gained_new") AS "gained_new",
                SUM("t28"."gained_re") AS "gained_re",
                SUM("t28"."lost") AS "lost"
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    *
                  FROM (
                    SELECT
                      "t20"."g",
                      "t20"."f" AS "k",
                      1 AS "new",
                      0 AS "gained_new",
                      0 AS "gained_re",
                      0 AS "lost"
                    FROM "t19" AS "t20"
                    WHERE
                      "t20"."first"
                  ) AS "t21"
                  UNION ALL
                  SELECT
                    *
                  FROM (
                    SELECT
                      "t24"."g",
                      "t24"."lo" - 1 AS "k",
                      0 AS "new",
                      CASE WHEN "t24"."f" = (
                        "t24"."lo" - 1
                      ) THEN 1 ELSE 0 END AS "gained_new",
                      CASE WHEN "t24"."f" = (
                        "t24"."lo" - 1
                      ) THEN 0 ELSE 1 END AS "gained_re",
                      0 AS "lost"
                    FROM "t23" AS "t24"
                    WHERE
                      (
                        "t24"."before" IS NULL
                      ) OR (
                        "t24"."before" < (
                          "t24"."lo" - 1
                        )
                      )
                  ) AS "t26"
                ) AS "t27"
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    "t24"."g",
                    "t24"."hi" AS "k",
                    0 AS "new",
                    0 AS "gained_new",
                    0 AS "gained_re",
                    1 AS "lost"
                  FROM "t23" AS "t24"
                  WHERE
                    (
                      (
                        "t24"."after" IS NULL
                      ) OR (
                        "t24"."after" > (
                          "t24"."hi" + 1
                        )
                      )
                    )
                    AND "t24"."hi" < 12
                ) AS "t25"
              ) AS "t28"
              GROUP BY
                1,
                2
            ) AS "t29"
          ) AS "t31"
            ON "t6"."g" = "t31"."cg" AND "t6"."k" = "t31"."ck"
        ) AS "t32"
      ) AS "t33"
    ) AS "t34"
  ) AS "t35"
) AS "t36"
ORDER BY
  "t36"."g" ASC,
  "t36"."k" ASC
