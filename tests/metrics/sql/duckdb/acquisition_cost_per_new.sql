WITH "t30" AS (
  SELECT
    "t29"."customer_id",
    "t29"."island",
    MIN("t29"."s") AS "s",
    MAX("t29"."e") AS "e"
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
        "t27"."customer_id",
        "t27"."s",
        "t27"."e",
        "t27"."reach",
        CASE
          WHEN (
            "t27"."reach" IS NULL
          ) OR (
            "t27"."s" > "t27"."reach"
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
              CAST("t22"."customer_id" AS TEXT) AS "customer_id",
              CAST("t22"."ordered_at" AS TIMESTAMP) AS "s",
              CAST(CASE WHEN "t22"."is_end" THEN "t22"."ordered_at" ELSE "t22"."after" END + INTERVAL '365' DAY AS TIMESTAMP) AS "e"
            FROM (
              SELECT
                "t20"."customer_id",
                "t20"."ordered_at",
                "t20"."n",
                "t20"."is_start",
                "t20"."is_end",
                LEAD("t20"."ordered_at") OVER (
                  PARTITION BY "t20"."customer_id"
                  ORDER BY "t20"."n" ASC
                  ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                ) AS "after"
              FROM (
                SELECT
                  "t17"."customer_id",
                  "t17"."ordered_at",
                  "t17"."n",
                  (
                    "t17"."prev" IS NULL
                  )
                  OR (
                    "t17"."ordered_at" > (
                      "t17"."prev" + INTERVAL '365' DAY
                    )
                  ) AS "is_start",
                  (
                    "t17"."nxt" IS NULL
                  )
                  OR (
                    "t17"."nxt" > (
                      "t17"."ordered_at" + INTERVAL '365' DAY
                    )
                  ) AS "is_end"
                FROM (
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
                ) AS "t17"
                WHERE
                  (
                    "t17"."prev" IS NULL
                  )
                  OR (
                    "t17"."ordered_at" > (
                      "t17"."prev" + INTERVAL '365' DAY
                    )
                  )
                  OR (
                    (
                      "t17"."nxt" IS NULL
                    )
                    OR (
                      "t17"."nxt" > (
                        "t17"."ordered_at" + INTERVAL '365' DAY
                      )
                    )
                  )
              ) AS "t20"
            ) AS "t22"
            WHERE
              "t22"."is_start"
          ) AS "t25"
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
        ) AS "t26"
      ) AS "t27"
    ) AS "t28"
  ) AS "t29"
  GROUP BY
    1,
    2
), "t37" AS (
  SELECT
    "t33"."customer_id",
    "t33"."s",
    "t33"."e",
    "t33"."g",
    CASE
      WHEN "t33"."s" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
      THEN CASE
        WHEN "t33"."s" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
        THEN CASE
          WHEN "t33"."s" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
          THEN CASE WHEN "t33"."s" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
          ELSE CASE WHEN "t33"."s" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
        END
        ELSE CASE
          WHEN "t33"."s" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
          THEN CASE WHEN "t33"."s" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
          ELSE 5
        END
      END
      ELSE CASE
        WHEN "t33"."s" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
        THEN CASE
          WHEN "t33"."s" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
          THEN CASE WHEN "t33"."s" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
          ELSE CASE WHEN "t33"."s" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
        END
        ELSE CASE
          WHEN "t33"."s" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
          THEN CASE WHEN "t33"."s" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
          ELSE 12
        END
      END
    END + 1 AS "lo",
    LEAST(
      CASE
        WHEN "t33"."e" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
        THEN CASE
          WHEN "t33"."e" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
          THEN CASE
            WHEN "t33"."e" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
            THEN CASE WHEN "t33"."e" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
            ELSE CASE WHEN "t33"."e" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
          END
          ELSE CASE
            WHEN "t33"."e" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
            THEN CASE WHEN "t33"."e" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
            ELSE 5
          END
        END
        ELSE CASE
          WHEN "t33"."e" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
          THEN CASE
            WHEN "t33"."e" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
            THEN CASE WHEN "t33"."e" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
            ELSE CASE WHEN "t33"."e" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
          END
          ELSE CASE
            WHEN "t33"."e" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
            THEN CASE WHEN "t33"."e" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
            ELSE 12
          END
        END
      END,
      12
    ) AS "hi",
    CASE
      WHEN MIN("t33"."s") OVER (
        PARTITION BY "t33"."customer_id"
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
      THEN CASE
        WHEN MIN("t33"."s") OVER (
          PARTITION BY "t33"."customer_id"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
        THEN CASE
          WHEN MIN("t33"."s") OVER (
            PARTITION BY "t33"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
          THEN CASE
            WHEN MIN("t33"."s") OVER (
              PARTITION BY "t33"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
            THEN -1
            ELSE 0
          END
          ELSE CASE
            WHEN MIN("t33"."s") OVER (
              PARTITION BY "t33"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
            THEN 1
            ELSE 2
          END
        END
        ELSE CASE
          WHEN MIN("t33"."s") OVER (
            PARTITION BY "t33"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
          THEN CASE
            WHEN MIN("t33"."s") OVER (
              PARTITION BY "t33"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
            THEN 3
            ELSE 4
          END
          ELSE 5
        END
      END
      ELSE CASE
        WHEN MIN("t33"."s") OVER (
          PARTITION BY "t33"."customer_id"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
        THEN CASE
          WHEN MIN("t33"."s") OVER (
            PARTITION BY "t33"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
          THEN CASE
            WHEN MIN("t33"."s") OVER (
              PARTITION BY "t33"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
            THEN 6
            ELSE 7
          END
          ELSE CASE
            WHEN MIN("t33"."s") OVER (
              PARTITION BY "t33"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
            THEN 8
            ELSE 9
          END
        END
        ELSE CASE
          WHEN MIN("t33"."s") OVER (
            PARTITION BY "t33"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
          THEN CASE
            WHEN MIN("t33"."s") OVER (
              PARTITION BY "t33"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
            THEN 10
            ELSE 11
          END
          ELSE 12
        END
      END
    END AS "f",
    "t33"."s" = MIN("t33"."s") OVER (
      PARTITION BY "t33"."customer_id"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "first"
  FROM (
    SELECT
      "t31"."customer_id",
      "t31"."s",
      "t31"."e",
      '' AS "g"
    FROM "t30" AS "t31"
  ) AS "t33"
), "t42" AS (
  SELECT
    "t40"."customer_id",
    "t40"."s",
    "t40"."e",
    "t40"."g",
    "t40"."lo",
    "t40"."hi",
    "t40"."f",
    "t40"."first",
    LAG("t40"."hi") OVER (
      PARTITION BY "t40"."customer_id"
      ORDER BY "t40"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "before",
    LEAD("t40"."lo") OVER (
      PARTITION BY "t40"."customer_id"
      ORDER BY "t40"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "after"
  FROM (
    SELECT
      *
    FROM "t37" AS "t38"
    WHERE
      "t38"."lo" <= "t38"."hi"
  ) AS "t40"
)
SELECT
  "t65"."g",
  "t65"."k",
  "t65"."period",
  CASE
    WHEN (
      CAST("t65"."N" AS DOUBLE) IS NULL
    ) OR (
      CAST("t65"."N" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CASE
        WHEN "t65"."cost_acquisition" > 0
        THEN "t65"."cost_acquisition"
        ELSE "t65"."cac_recorded"
      END / CAST("t65"."N" AS DOUBLE)
    ) * 1.0
  END AS "acquisition_cost_per_new"
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
    "t64"."new",
    "t64"."gained_new",
    "t64"."gained_re",
    "t64"."lost",
    "t64"."cost_acquisition",
    "t64"."cost_retention",
    "t64"."cost_mixed",
    "t64"."cac_recorded",
    SUM((
      "t64"."gained_new" + "t64"."gained_re"
    ) - "t64"."lost") OVER (
      PARTITION BY "t64"."g"
      ORDER BY "t64"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "E",
    "t64"."new" AS "N"
  FROM (
    SELECT
      "t63"."k",
      "t63"."period",
      "t63"."start",
      "t63"."end",
      "t63"."start_utc",
      "t63"."end_utc",
      "t63"."partial",
      "t63"."g",
      "t63"."new",
      "t63"."gained_new",
      "t63"."gained_re",
      "t63"."lost",
      "t63"."cost_acquisition",
      "t63"."cost_retention",
      "t63"."cost_mixed",
      COALESCE("t63"."cac_recorded", 0) AS "cac_recorded"
    FROM (
      SELECT
        "t62".*
        EXCLUDE ("cg", "ck")
      FROM (
        SELECT
          "t61"."k",
          "t61"."period",
          "t61"."start",
          "t61"."end",
          "t61"."start_utc",
          "t61"."end_utc",
          "t61"."partial",
          "t61"."g",
          "t61"."new",
          "t61"."gained_new",
          "t61"."gained_re",
          "t61"."lost",
          "t61"."cost_acquisition",
          "t61"."cost_retention",
          "t61"."cost_mixed",
          "t46"."cg",
          "t46"."ck",
          "t46"."cac_recorded"
        FROM (
          SELECT
            "t59"."k",
            "t59"."period",
            "t59"."start",
            "t59"."end",
            "t59"."start_utc",
            "t59"."end_utc",
            "t59"."partial",
            "t59"."g",
            "t59"."new",
            "t59"."gained_new",
            "t59"."gained_re",
            "t59"."lost",
            COALESCE("t59"."cost_acquisition", 0) AS "cost_acquisition",
            COALESCE("t59"."cost_retention", 0) AS "cost_retention",
            COALESCE("t59"."cost_mixed", 0) AS "cost_mixed"
          FROM (
            SELECT
              "t58".*
              EXCLUDE ("cg", "ck")
            FROM (
              SELECT
                "t57"."k",
                "t57"."period",
                "t57"."start",
                "t57"."end",
                "t57"."start_utc",
                "t57"."end_utc",
                "t57"."partial",
                "t57"."g",
                "t57"."new",
                "t57"."gained_new",
                "t57"."gained_re",
                "t57"."lost",
                "t24"."cg",
                "t24"."ck",
                "t24"."cost_acquisition",
                "t24"."cost_retention",
                "t24"."cost_mixed"
              FROM (
                SELECT
                  "t55"."k",
                  "t55"."period",
                  "t55"."start",
                  "t55"."end",
                  "t55"."start_utc",
                  "t55"."end_utc",
                  "t55"."partial",
                  "t55"."g",
                  COALESCE("t55"."new", 0) AS "new",
                  COALESCE("t55"."gained_new", 0) AS "gained_new",
                  COALESCE("t55"."gained_re", 0) AS "gained_re",
                  COALESCE("t55"."lost", 0) AS "lost"
                FROM (
                  SELECT
                    "t54".*
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
                      "t53"."cg",
                      "t53"."ck",
                      "t53"."new",
                      "t53"."gained_new",
                      "t53"."gained_re",
                      "t53"."lost"
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
                    ) AS "t12"
                    LEFT OUTER JOIN (
                      SELECT
                        "t51"."g" AS "cg",
                        "t51"."k" AS "ck",
                        "t51"."new",
                        "t51"."gained_new",
                        "t51"."gained_re",
                        "t51"."lost"
                      FROM (
                        SELECT
                          "t50"."g",
                          "t50"."k",
                          SUM("t50"."new") AS "new",
                          SUM("t50"."gained_new") AS "gained_new",
                          SUM("t50"."gained_re") AS "gained_re",
                          SUM("t50"."lost") AS "lost"
                        FROM (
                          SELECT
                            *
                          FROM (
                            SELECT
                              *
                            FROM (
                              SELECT
                                "t38"."g",
                                "t38"."f" AS "k",
                                1 AS "new",
                                0 AS "gained_new",
                                0 AS "gained_re",
                                0 AS "lost"
                              FROM "t37" AS "t38"
                              WHERE
                                "t38"."first"
                            ) AS "t39"
                            UNION ALL
                            SELECT
                              *
                            FROM (
                              SELECT
                                "t43"."g",
                                "t43"."lo" - 1 AS "k",
                                0 AS "new",
                                CASE WHEN "t43"."f" = (
                                  "t43"."lo" - 1
                                ) THEN 1 ELSE 0 END AS "gained_new",
                                CASE WHEN "t43"."f" = (
                                  "t43"."lo" - 1
                                ) THEN 0 ELSE 1 END AS "gained_re",
                                0 AS "lost"
                              FROM "t42" AS "t43"
                              WHERE
                                (
                                  "t43"."before" IS NULL
                                ) OR (
                                  "t43"."before" < (
                                    "t43"."lo" - 1
                                  )
                                )
                            ) AS "t48"
                          ) AS "t49"
                          UNION ALL
                          SELECT
                            *
                          FROM (
                            SELECT
                              "t43"."g",
                              "t43"."hi" AS "k",
                              0 AS "new",
                              0 AS "gained_new",
                              0 AS "gained_re",
                              1 AS "lost"
                            FROM "t42" AS "t43"
                            WHERE
                              (
                                (
                                  "t43"."after" IS NULL
                                ) OR (
                                  "t43"."after" > (
                                    "t43"."hi" + 1
                                  )
                                )
                              )
                              AND "t43"."hi" < 12
                          ) AS "t47"
                        ) AS "t50"
                        GROUP BY
                          1,
                          2
                      ) AS "t51"
                    ) AS "t53"
                      ON "t12"."g" = "t53"."cg" AND "t12"."k" = "t53"."ck"
                  ) AS "t54"
                ) AS "t55"
              ) AS "t57"
              LEFT OUTER JOIN (
                SELECT
                  "t21"."g" AS "cg",
                  "t21"."k" AS "ck",
                  "t21"."cost_acquisition",
                  "t21"."cost_retention",
                  "t21"."cost_mixed"
                FROM (
                  SELECT
                    "t19"."g",
                    "t19"."k",
                    SUM(CASE WHEN "t19"."purpose" = 'acquisition' THEN "t19"."share" ELSE 0.0 END) AS "cost_acquisition",
                    SUM(CASE WHEN "t19"."purpose" = 'retention' THEN "t19"."share" ELSE 0.0 END) AS "cost_retention",
                    SUM(CASE WHEN "t19"."purpose" = 'mixed' THEN "t19"."share" ELSE 0.0 END) AS "cost_mixed"
                  FROM (
                    SELECT
                      *
                    FROM (
                      SELECT
                        '' AS "g",
                        "t5"."k",
                        "t11"."purpose",
                        (
                          CAST("t11"."amount" AS DOUBLE) * CAST(DATE_DIFF(
                            'DAY',
                            GREATEST("t11"."period_start", "t5"."start"),
                            LEAST("t11"."period_end" + INTERVAL '1' DAY, "t5"."end")
                          ) AS DOUBLE)
                        ) / CAST(DATE_DIFF('DAY', "t11"."period_start", "t11"."period_end" + INTERVAL '1' DAY) AS DOUBLE) AS "share"
                      FROM (
                        SELECT
                          "t2".*
                          EXCLUDE ("import_id")
                        FROM "costs" AS "t2"
                      ) AS "t11"
                      INNER JOIN "periods" AS "t5"
                        ON "t11"."period_start" < "t5"."end" AND "t11"."period_end" >= "t5"."start"
                    ) AS "t18"
                    WHERE
                      "t18"."g" IS NOT NULL
                  ) AS "t19"
                  GROUP BY
                    1,
                    2
                ) AS "t21"
              ) AS "t24"
                ON "t57"."g" = "t24"."cg" AND "t57"."k" = "t24"."ck"
            ) AS "t58"
          ) AS "t59"
        ) AS "t61"
        LEFT OUTER JOIN (
          SELECT
            "t44"."g" AS "cg",
            "t44"."k" AS "ck",
            "t44"."cac_recorded"
          FROM (
            SELECT
              "t41"."g",
              "t41"."k",
              SUM(CAST("t41"."acquisition_cost" AS DOUBLE)) AS "cac_recorded"
            FROM (
              SELECT
                "t36"."customer_id",
                "t36"."fs",
                "t36"."acquisition_cost",
                '' AS "g",
                CASE
                  WHEN "t36"."fs" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                  THEN CASE
                    WHEN "t36"."fs" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                    THEN CASE
                      WHEN "t36"."fs" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                      THEN CASE WHEN "t36"."fs" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
                      ELSE CASE WHEN "t36"."fs" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
                    END
                    ELSE CASE
                      WHEN "t36"."fs" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                      THEN CASE WHEN "t36"."fs" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
                      ELSE 5
                    END
                  END
                  ELSE CASE
                    WHEN "t36"."fs" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                    THEN CASE
                      WHEN "t36"."fs" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                      THEN CASE WHEN "t36"."fs" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
                      ELSE CASE WHEN "t36"."fs" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
                    END
                    ELSE CASE
                      WHEN "t36"."fs" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                      THEN CASE WHEN "t36"."fs" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
                      ELSE 12
                    END
                  END
                END AS "k"
              FROM (
                SELECT
                  "t35"."customer_id",
                  MIN("t35"."s") AS "fs",
                  MAX("t35"."acquisition_cost") AS "acquisition_cost"
                FROM (
                  SELECT
                    "t34"."customer_id",
                    "t34"."s",
                    "t34"."e",
                    "t16"."acquisition_cost"
                  FROM (
                    SELECT
                      "t31"."customer_id",
                      "t31"."s",
                      "t31"."e"
                    FROM "t30" AS "t31"
                  ) AS "t34"
                  INNER JOIN (
                    SELECT
                      "t6"."customer_id",
                      "t6"."acquisition_cost"
                    FROM (
                      SELECT
                        "t1".*
                        EXCLUDE ("import_id")
                      FROM "customers" AS "t1"
                    ) AS "t6"
                    WHERE
                      "t6"."acquisition_cost" IS NOT NULL
                  ) AS "t16"
                    ON "t34"."customer_id" = "t16"."customer_id"
                ) AS "t35"
                GROUP BY
                  1
              ) AS "t36"
            ) AS "t41"
            GROUP BY
              1,
              2
          ) AS "t44"
        ) AS "t46"
          ON "t61"."g" = "t46"."cg" AND "t61"."k" = "t46"."ck"
      ) AS "t62"
    ) AS "t63"
  ) AS "t64"
) AS "t65"
ORDER BY
  "t65"."g" ASC,
  "t65"."k" ASC
