WITH "t16" AS (
  SELECT
    "t15"."customer_id",
    "t15"."g",
    "t15"."j",
    SUM("t15"."mrr") AS "m"
  FROM (
    SELECT
      "t13"."subscription_id",
      "t13"."customer_id",
      "t13"."plan",
      "t13"."started_at",
      "t13"."ended_at",
      "t13"."mrr",
      "t13"."g",
      "t13"."lo",
      "t13"."hi",
      "t4"."j"
    FROM (
      SELECT
        "t5"."subscription_id",
        "t5"."customer_id",
        "t5"."plan",
        "t5"."started_at",
        "t5"."ended_at",
        "t5"."mrr",
        '' AS "g",
        CASE
          WHEN "t5"."started_at" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
          THEN CASE
            WHEN "t5"."started_at" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
            THEN CASE
              WHEN "t5"."started_at" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
              THEN CASE
                WHEN "t5"."started_at" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                THEN -1
                ELSE 0
              END
              ELSE CASE
                WHEN "t5"."started_at" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                THEN 1
                ELSE 2
              END
            END
            ELSE CASE
              WHEN "t5"."started_at" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
              THEN CASE
                WHEN "t5"."started_at" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                THEN 3
                ELSE 4
              END
              ELSE 5
            END
          END
          ELSE CASE
            WHEN "t5"."started_at" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
            THEN CASE
              WHEN "t5"."started_at" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
              THEN CASE
                WHEN "t5"."started_at" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                THEN 6
                ELSE 7
              END
              ELSE CASE
                WHEN "t5"."started_at" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                THEN 8
                ELSE 9
              END
            END
            ELSE CASE
              WHEN "t5"."started_at" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
              THEN CASE
                WHEN "t5"."started_at" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                THEN 10
                ELSE 11
              END
              ELSE 12
            END
          END
        END + 1 AS "lo",
        LEAST(
          CASE
            WHEN COALESCE("t5"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
            THEN CASE
              WHEN COALESCE("t5"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
              THEN CASE
                WHEN COALESCE("t5"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                THEN CASE
                  WHEN COALESCE("t5"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                  THEN -1
                  ELSE 0
                END
                ELSE CASE
                  WHEN COALESCE("t5"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                  THEN 1
                  ELSE 2
                END
              END
              ELSE CASE
                WHEN COALESCE("t5"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                THEN CASE
                  WHEN COALESCE("t5"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                  THEN 3
                  ELSE 4
                END
                ELSE 5
              END
            END
            ELSE CASE
              WHEN COALESCE("t5"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
              THEN CASE
                WHEN COALESCE("t5"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                THEN CASE
                  WHEN COALESCE("t5"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                  THEN 6
                  ELSE 7
                END
                ELSE CASE
                  WHEN COALESCE("t5"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                  THEN 8
                  ELSE 9
                END
              END
              ELSE CASE
                WHEN COALESCE("t5"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                THEN CASE
                  WHEN COALESCE("t5"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
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
          "t2".*
          EXCLUDE ("import_id")
        FROM "subscriptions" AS "t2"
      ) AS "t5"
    ) AS "t13"
    INNER JOIN "bounds" AS "t4"
      ON "t4"."j" >= "t13"."lo" AND "t4"."j" <= "t13"."hi"
  ) AS "t15"
  GROUP BY
    1,
    2,
    3
), "t35" AS (
  SELECT
    "t34"."customer_id",
    "t34"."s",
    "t34"."e",
    "t34"."g",
    CASE
      WHEN "t34"."s" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
      THEN CASE
        WHEN "t34"."s" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
        THEN CASE
          WHEN "t34"."s" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
          THEN CASE WHEN "t34"."s" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
          ELSE CASE WHEN "t34"."s" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
        END
        ELSE CASE
          WHEN "t34"."s" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
          THEN CASE WHEN "t34"."s" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
          ELSE 5
        END
      END
      ELSE CASE
        WHEN "t34"."s" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
        THEN CASE
          WHEN "t34"."s" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
          THEN CASE WHEN "t34"."s" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
          ELSE CASE WHEN "t34"."s" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
        END
        ELSE CASE
          WHEN "t34"."s" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
          THEN CASE WHEN "t34"."s" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
          ELSE 12
        END
      END
    END + 1 AS "lo",
    LEAST(
      CASE
        WHEN "t34"."e" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
        THEN CASE
          WHEN "t34"."e" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
          THEN CASE
            WHEN "t34"."e" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
            THEN CASE WHEN "t34"."e" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
            ELSE CASE WHEN "t34"."e" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
          END
          ELSE CASE
            WHEN "t34"."e" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
            THEN CASE WHEN "t34"."e" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
            ELSE 5
          END
        END
        ELSE CASE
          WHEN "t34"."e" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
          THEN CASE
            WHEN "t34"."e" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
            THEN CASE WHEN "t34"."e" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
            ELSE CASE WHEN "t34"."e" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
          END
          ELSE CASE
            WHEN "t34"."e" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
            THEN CASE WHEN "t34"."e" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
            ELSE 12
          END
        END
      END,
      12
    ) AS "hi",
    CASE
      WHEN MIN("t34"."s") OVER (
        PARTITION BY "t34"."customer_id"
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
      THEN CASE
        WHEN MIN("t34"."s") OVER (
          PARTITION BY "t34"."customer_id"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
        THEN CASE
          WHEN MIN("t34"."s") OVER (
            PARTITION BY "t34"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
          THEN CASE
            WHEN MIN("t34"."s") OVER (
              PARTITION BY "t34"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
            THEN -1
            ELSE 0
          END
          ELSE CASE
            WHEN MIN("t34"."s") OVER (
              PARTITION BY "t34"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
            THEN 1
            ELSE 2
          END
        END
        ELSE CASE
          WHEN MIN("t34"."s") OVER (
            PARTITION BY "t34"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
          THEN CASE
            WHEN MIN("t34"."s") OVER (
              PARTITION BY "t34"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
            THEN 3
            ELSE 4
          END
          ELSE 5
        END
      END
      ELSE CASE
        WHEN MIN("t34"."s") OVER (
          PARTITION BY "t34"."customer_id"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
        THEN CASE
          WHEN MIN("t34"."s") OVER (
            PARTITION BY "t34"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
          THEN CASE
            WHEN MIN("t34"."s") OVER (
              PARTITION BY "t34"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
            THEN 6
            ELSE 7
          END
          ELSE CASE
            WHEN MIN("t34"."s") OVER (
              PARTITION BY "t34"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
            THEN 8
            ELSE 9
          END
        END
        ELSE CASE
          WHEN MIN("t34"."s") OVER (
            PARTITION BY "t34"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
          THEN CASE
            WHEN MIN("t34"."s") OVER (
              PARTITION BY "t34"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
            THEN 10
            ELSE 11
          END
          ELSE 12
        END
      END
    END AS "f",
    "t34"."s" = MIN("t34"."s") OVER (
      PARTITION BY "t34"."customer_id"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "first"
  FROM (
    SELECT
      "t33"."customer_id",
      "t33"."s",
      "t33"."e",
      '' AS "g"
    FROM (
      SELECT
        "t30"."customer_id",
        "t30"."island",
        MIN("t30"."s") AS "s",
        MAX("t30"."e") AS "e"
      FROM (
        SELECT
          "t28"."customer_id",
          "t28"."s",
          "t28"."e",
          "t28"."reach",
          "t28"."fresh",
          SUM("t28"."fresh") OVER (
            PARTITION BY "t28"."customer_id"
            ORDER BY "t28"."s" ASC, "t28"."e" ASC
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
          ) AS "island"
        FROM (
          SELECT
            "t26"."customer_id",
            "t26"."s",
            "t26"."e",
            "t26"."reach",
            CASE
              WHEN (
                "t26"."reach" IS NULL
              ) OR (
                "t26"."s" > "t26"."reach"
              )
              THEN 1
              ELSE 0
            END AS "fresh"
          FROM (
            SELECT
              "t24"."customer_id",
              "t24"."s",
              "t24"."e",
              MAX("t24"."e") OVER (
                PARTITION BY "t24"."customer_id"
                ORDER BY "t24"."s" ASC, "t24"."e" ASC
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 preceding
              ) AS "reach"
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  CAST("t17"."customer_id" AS TEXT) AS "customer_id",
                  CAST("t17"."ordered_at" AS TIMESTAMP) AS "s",
                  CAST(CASE WHEN "t17"."is_end" THEN "t17"."ordered_at" ELSE "t17"."after" END + INTERVAL '365' DAY AS TIMESTAMP) AS "e"
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
                      "t11"."customer_id",
                      "t11"."ordered_at",
                      "t11"."n",
                      (
                        "t11"."prev" IS NULL
                      )
                      OR (
                        "t11"."ordered_at" > (
                          "t11"."prev" + INTERVAL '365' DAY
                        )
                      ) AS "is_start",
                      (
                        "t11"."nxt" IS NULL
                      )
                      OR (
                        "t11"."nxt" > (
                          "t11"."ordered_at" + INTERVAL '365' DAY
                        )
                      ) AS "is_end"
                    FROM (
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
                          "t6"."order_id",
                          "t6"."customer_id",
                          "t6"."ordered_at",
                          "t6"."revenue",
                          "t6"."items",
                          "t6"."channel"
                        FROM (
                          SELECT
                            "t3".*
                            EXCLUDE ("import_id")
                          FROM "orders" AS "t3"
                        ) AS "t6"
                      ) AS "t9"
                    ) AS "t11"
                    WHERE
                      (
                        "t11"."prev" IS NULL
                      )
                      OR (
                        "t11"."ordered_at" > (
                          "t11"."prev" + INTERVAL '365' DAY
                        )
                      )
                      OR (
                        (
                          "t11"."nxt" IS NULL
                        )
                        OR (
                          "t11"."nxt" > (
                            "t11"."ordered_at" + INTERVAL '365' DAY
                          )
                        )
                      )
                  ) AS "t14"
                ) AS "t17"
                WHERE
                  "t17"."is_start"
              ) AS "t23"
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  CAST("t5"."customer_id" AS TEXT) AS "customer_id",
                  CAST("t5"."started_at" AS TIMESTAMP) AS "s",
                  COALESCE("t5"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) AS "e"
                FROM (
                  SELECT
                    "t2".*
                    EXCLUDE ("import_id")
                  FROM "subscriptions" AS "t2"
                ) AS "t5"
              ) AS "t10"
            ) AS "t24"
          ) AS "t26"
        ) AS "t28"
      ) AS "t30"
      GROUP BY
        1,
        2
    ) AS "t33"
  ) AS "t34"
), "t39" AS (
  SELECT
    "t38"."customer_id",
    "t38"."s",
    "t38"."e",
    "t38"."g",
    "t38"."lo",
    "t38"."hi",
    "t38"."f",
    "t38"."first",
    LAG("t38"."hi") OVER (
      PARTITION BY "t38"."customer_id"
      ORDER BY "t38"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "before",
    LEAD("t38"."lo") OVER (
      PARTITION BY "t38"."customer_id"
      ORDER BY "t38"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "after"
  FROM (
    SELECT
      *
    FROM "t35" AS "t36"
    WHERE
      "t36"."lo" <= "t36"."hi"
  ) AS "t38"
)
SELECT
  "t55"."g",
  "t55"."k",
  "t55"."period",
  CASE
    WHEN (
      CAST("t55"."mrr_start" AS DOUBLE) IS NULL
    )
    OR (
      CAST("t55"."mrr_start" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CAST("t55"."mrr_churned" + "t55"."mrr_contraction" AS DOUBLE) / CAST("t55"."mrr_start" AS DOUBLE)
    ) * 100
  END AS "revenue_churn_rate"
FROM (
  SELECT
    "t54"."k",
    "t54"."period",
    "t54"."start",
    "t54"."end",
    "t54"."start_utc",
    "t54"."end_utc",
    "t54"."partial",
    "t54"."g",
    "t54"."new",
    "t54"."gained_new",
    "t54"."gained_re",
    "t54"."lost",
    "t54"."mrr_start",
    "t54"."mrr_end",
    "t54"."mrr_churned",
    "t54"."mrr_contraction",
    "t54"."mrr_expansion",
    SUM((
      "t54"."gained_new" + "t54"."gained_re"
    ) - "t54"."lost") OVER (
      PARTITION BY "t54"."g"
      ORDER BY "t54"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "E",
    "t54"."new" AS "N"
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
      COALESCE("t53"."mrr_start", 0) AS "mrr_start",
      COALESCE("t53"."mrr_end", 0) AS "mrr_end",
      COALESCE("t53"."mrr_churned", 0) AS "mrr_churned",
      COALESCE("t53"."mrr_contraction", 0) AS "mrr_contraction",
      COALESCE("t53"."mrr_expansion", 0) AS "mrr_expansion"
    FROM (
      SELECT
        "t52".*
        EXCLUDE ("cg", "ck")
      FROM (
        SELECT
          "t51"."k",
          "t51"."period",
          "t51"."start",
          "t51"."end",
          "t51"."start_utc",
          "t51"."end_utc",
          "t51"."partial",
          "t51"."g",
          "t51"."new",
          "t51"."gained_new",
          "t51"."gained_re",
          "t51"."lost",
          "t32"."cg",
          "t32"."ck",
          "t32"."mrr_start",
          "t32"."mrr_end",
          "t32"."mrr_churned",
          "t32"."mrr_contraction",
          "t32"."mrr_expansion"
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
            COALESCE("t49"."new", 0) AS "new",
            COALESCE("t49"."gained_new", 0) AS "gained_new",
            COALESCE("t49"."gained_re", 0) AS "gained_re",
            COALESCE("t49"."lost", 0) AS "lost"
          FROM (
            SELECT
              "t48".*
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
                "t47"."cg",
                "t47"."ck",
                "t47"."new",
                "t47"."gained_new",
                "t47"."gained_re",
                "t47"."lost"
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
              ) AS "t8"
              LEFT OUTER JOIN (
                SELECT
                  "t45"."g" AS "cg",
                  "t45"."k" AS "ck",
                  "t45"."new",
                  "t45"."gained_new",
                  "t45"."gained_re",
                  "t45"."lost"
                FROM (
                  SELECT
                    "t44"."g",
                    "t44"."k",
                    SUM("t44"."new") AS "new",
                    SUM("t44"."gained_new") AS "gained_new",
                    SUM("t44"."gained_re") AS "gained_re",
                    SUM("t44"."lost") AS "lost"
                  FROM (
                    SELECT
                      *
                    FROM (
                      SELECT
                        *
                      FROM (
                        SELECT
                          "t36"."g",
                          "t36"."f" AS "k",
                          1 AS "new",
                          0 AS "gained_new",
                          0 AS "gained_re",
                          0 AS "lost"
                        FROM "t35" AS "t36"
                        WHERE
                          "t36"."first"
                      ) AS "t37"
                      UNION ALL
                      SELECT
                        *
                      FROM (
                        SELECT
                          "t40"."g",
                          "t40"."lo" - 1 AS "k",
                          0 AS "new",
                          CASE WHEN "t40"."f" = (
                            "t40"."lo" - 1
                          ) THEN 1 ELSE 0 END AS "gained_new",
                          CASE WHEN "t40"."f" = (
                            "t40"."lo" - 1
                          ) THEN 0 ELSE 1 END AS "gained_re",
                          0 AS "lost"
                        FROM "t39" AS "t40"
                        WHERE
                          (
                            "t40"."before" IS NULL
                          ) OR (
                            "t40"."before" < (
                              "t40"."lo" - 1
                            )
                          )
                      ) AS "t42"
                    ) AS "t43"
                    UNION ALL
                    SELECT
                      *
                    FROM (
                      SELECT
                        "t40"."g",
                        "t40"."hi" AS "k",
                        0 AS "new",
                        0 AS "gained_new",
                        0 AS "gained_re",
                        1 AS "lost"
                      FROM "t39" AS "t40"
                      WHERE
                        (
                          (
                            "t40"."after" IS NULL
                          ) OR (
                            "t40"."after" > (
                              "t40"."hi" + 1
                            )
                          )
                        )
                        AND "t40"."hi" < 12
                    ) AS "t41"
                  ) AS "t44"
                  GROUP BY
                    1,
                    2
                ) AS "t45"
              ) AS "t47"
                ON "t8"."g" = "t47"."cg" AND "t8"."k" = "t47"."ck"
            ) AS "t48"
          ) AS "t49"
        ) AS "t51"
        LEFT OUTER JOIN (
          SELECT
            "t29"."g" AS "cg",
            "t29"."k" AS "ck",
            "t29"."mrr_start",
            "t29"."mrr_end",
            "t29"."mrr_churned",
            "t29"."mrr_contraction",
            "t29"."mrr_expansion"
          FROM (
            SELECT
              "t27"."g",
              "t27"."k",
              SUM("t27"."ma") AS "mrr_start",
              SUM("t27"."mb") AS "mrr_end",
              SUM(
                CASE
                  WHEN (
                    "t27"."ma" > 0
                  ) AND (
                    "t27"."mb" = 0
                  )
                  THEN "t27"."ma"
                  ELSE CAST(0.00 AS DECIMAL(18, 2))
                END
              ) AS "mrr_churned",
              SUM(
                CASE
                  WHEN (
                    "t27"."mb" > 0
                  ) AND (
                    "t27"."mb" < "t27"."ma"
                  )
                  THEN "t27"."ma" - "t27"."mb"
                  ELSE CAST(0.00 AS DECIMAL(18, 2))
                END
              ) AS "mrr_contraction",
              SUM(
                CASE
                  WHEN (
                    "t27"."ma" > 0
                  ) AND (
                    "t27"."mb" > "t27"."ma"
                  )
                  THEN "t27"."mb" - "t27"."ma"
                  ELSE CAST(0.00 AS DECIMAL(18, 2))
                END
              ) AS "mrr_expansion"
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  COALESCE("t21"."ga", "t22"."gb") AS "g",
                  COALESCE("t21"."ja", "t22"."jb" - 1) AS "k",
                  COALESCE("t21"."ma", CAST(0.00 AS DECIMAL(18, 2))) AS "ma",
                  COALESCE("t22"."mb", CAST(0.00 AS DECIMAL(18, 2))) AS "mb"
                FROM (
                  SELECT
                    "t18"."customer_id" AS "ca",
                    "t18"."g" AS "ga",
                    "t18"."j" AS "ja",
                    "t18"."m" AS "ma"
                  FROM "t16" AS "t18"
                ) AS "t21"
                FULL OUTER JOIN (
                  SELECT
                    "t18"."customer_id" AS "cb",
                    "t18"."g" AS "gb",
                    "t18"."j" AS "jb",
                    "t18"."m" AS "mb"
                  FROM "t16" AS "t18"
                ) AS "t22"
                  ON "t21"."ca" = "t22"."cb" AND (
                    "t21"."ja" + 1
                  ) = "t22"."jb"
              ) AS "t25"
              WHERE
                "t25"."k" >= 0 AND "t25"."k" < 12
            ) AS "t27"
            GROUP BY
              1,
              2
          ) AS "t29"
        ) AS "t32"
          ON "t51"."g" = "t32"."cg" AND "t51"."k" = "t32"."ck"
      ) AS "t52"
    ) AS "t53"
  ) AS "t54"
) AS "t55"
ORDER BY
  "t55"."g" ASC,
  "t55"."k" ASC
