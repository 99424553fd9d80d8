WITH "t26" AS (
  SELECT
    "t25"."customer_id",
    "t25"."island",
    MIN("t25"."s") AS "s",
    MAX("t25"."e") AS "e"
  FROM (
    SELECT
      "t24"."customer_id",
      "t24"."s",
      "t24"."e",
      "t24"."reach",
      "t24"."fresh",
      SUM("t24"."fresh") OVER (
        PARTITION BY "t24"."customer_id"
        ORDER BY "t24"."s" ASC, "t24"."e" ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS "island"
    FROM (
      SELECT
        "t23"."customer_id",
        "t23"."s",
        "t23"."e",
        "t23"."reach",
        CASE
          WHEN (
            "t23"."reach" IS NULL
          ) OR (
            "t23"."s" > "t23"."reach"
          )
          THEN 1
          ELSE 0
        END AS "fresh"
      FROM (
        SELECT
          "t22"."customer_id",
          "t22"."s",
          "t22"."e",
          MAX("t22"."e") OVER (
            PARTITION BY "t22"."customer_id"
            ORDER BY "t22"."s" ASC, "t22"."e" ASC
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 preceding
          ) AS "reach"
        FROM (
          SELECT
            *
          FROM (
            SELECT
              CAST("t18"."customer_id" AS TEXT) AS "customer_id",
              CAST("t18"."ordered_at" AS TIMESTAMP) AS "s",
              CAST(CASE WHEN "t18"."is_end" THEN "t18"."ordered_at" ELSE "t18"."after" END + INTERVAL '365' DAY AS TIMESTAMP) AS "e"
            FROM (
              SELECT
                "t16"."customer_id",
                "t16"."ordered_at",
                "t16"."n",
                "t16"."is_start",
                "t16"."is_end",
                LEAD("t16"."ordered_at") OVER (
                  PARTITION BY "t16"."customer_id"
                  ORDER BY "t16"."n" ASC
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
                FROM (
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
                ) AS "t13"
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
              ) AS "t16"
            ) AS "t18"
            WHERE
              "t18"."is_start"
          ) AS "t21"
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
        ) AS "t22"
      ) AS "t23"
    ) AS "t24"
  ) AS "t25"
  GROUP BY
    1,
    2
), "t33" AS (
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
      "t27"."customer_id",
      "t27"."s",
      "t27"."e",
      '' AS "g"
    FROM "t26" AS "t27"
  ) AS "t29"
), "t38" AS (
  SELECT
    "t36"."customer_id",
    "t36"."s",
    "t36"."e",
    "t36"."g",
    "t36"."lo",
    "t36"."hi",
    "t36"."f",
    "t36"."first",
    LAG("t36"."hi") OVER (
      PARTITION BY "t36"."customer_id"
      ORDER BY "t36"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "before",
    LEAD("t36"."lo") OVER (
      PARTITION BY "t36"."customer_id"
      ORDER BY "t36"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "after"
  FROM (
    SELECT
      *
    FROM "t33" AS "t34"
    WHERE
      "t34"."lo" <= "t34"."hi"
  ) AS "t36"
)
SELECT
  "t62"."g",
  "t62"."k",
  "t62"."period",
  CASE
    WHEN (
      CASE
        WHEN (
          CAST((
            "t62"."S" - "t62"."lost"
          ) + "t62"."gained_re" AS DOUBLE) IS NULL
        )
        OR (
          CAST((
            "t62"."S" - "t62"."lost"
          ) + "t62"."gained_re" AS DOUBLE) = 0
        )
        THEN CAST(NULL AS DOUBLE)
        ELSE (
          "t62"."cost_retention" / CAST((
            "t62"."S" - "t62"."lost"
          ) + "t62"."gained_re" AS DOUBLE)
        ) * 1.0
      END IS NULL
    )
    OR (
      CASE
        WHEN (
          CAST((
            "t62"."S" - "t62"."lost"
          ) + "t62"."gained_re" AS DOUBLE) IS NULL
        )
        OR (
          CAST((
            "t62"."S" - "t62"."lost"
          ) + "t62"."gained_re" AS DOUBLE) = 0
        )
        THEN CAST(NULL AS DOUBLE)
        ELSE (
          "t62"."cost_retention" / CAST((
            "t62"."S" - "t62"."lost"
          ) + "t62"."gained_re" AS DOUBLE)
        ) * 1.0
      END = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      CASE
        WHEN (
          CAST("t62"."N" AS DOUBLE) IS NULL
        ) OR (
          CAST("t62"."N" AS DOUBLE) = 0
        )
        THEN CAST(NULL AS DOUBLE)
        ELSE (
          CASE
            WHEN "t62"."cost_acquisition" > 0
            THEN "t62"."cost_acquisition"
            ELSE "t62"."cac_recorded"
          END / CAST("t62"."N" AS DOUBLE)
        ) * 1.0
      END / CASE
        WHEN (
          CAST((
            "t62"."S" - "t62"."lost"
          ) + "t62"."gained_re" AS DOUBLE) IS NULL
        )
        OR (
          CAST((
            "t62"."S" - "t62"."lost"
          ) + "t62"."gained_re" AS DOUBLE) = 0
        )
        THEN CAST(NULL AS DOUBLE)
        ELSE (
          "t62"."cost_retention" / CAST((
            "t62"."S" - "t62"."lost"
          ) + "t62"."gained_re" AS DOUBLE)
        ) * 1.0
      END
    ) * 1.0
  END AS "cost_ratio"
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
    "t61"."cac_recorded",
    "t61"."E",
    "t61"."N",
    (
      (
        "t61"."E" - "t61"."gained_new"
      ) - "t61"."gained_re"
    ) + "t61"."lost" AS "S"
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
      "t60"."new",
      "t60"."gained_new",
      "t60"."gained_re",
      "t60"."lost",
      "t60"."cost_acquisition",
      "t60"."cost_retention",
      "t60"."cost_mixed",
      "t60"."cac_recorded",
      SUM((
        "t60"."gained_new" + "t60"."gained_re"
      ) - "t60"."lost") OVER (
        PARTITION BY "t60"."g"
        ORDER BY "t60"."k" ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS "E",
      "t60"."new" AS "N"
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
        "t59"."cost_acquisition",
        "t59"."cost_retention",
        "t59"."cost_mixed",
        COALESCE("t59"."cac_recorded", 0) AS "cac_recorded"
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
            "t57"."cost_acquisition",
            "t57"."cost_retention",
            "t57"."cost_mixed",
            "t42"."cg",
            "t42"."ck",
            "t42"."cac_recorded"
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
              "t55"."new",
              "t55"."gained_new",
              "t55"."gained_re",
              "t55"."lost",
              COALESCE("t55"."cost_acquisition", 0) AS "cost_acquisition",
              COALESCE("t55"."cost_retention", 0) AS "cost_retention",
              COALESCE("t55"."cost_mixed", 0) AS "cost_mixed"
            FROM (
              SELECT
                "t54".*
                EXCLUDE ("cg", "ck")
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
                  "t20"."cg",
                  "t20"."ck",
                  "t20"."cost_acquisition",
                  "t20"."cost_retention",
                  "t20"."cost_mixed"
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
                    COALESCE("t51"."new", 0) AS "new",
                    COALESCE("t51"."gained_new", 0) AS "gained_new",
                    COALESCE("t51"."gained_re", 0) AS "gained_re",
                    COALESCE("t51"."lost", 0) AS "lost"
                  FROM (
                    SELECT
                      "t50".*
                      EXCLUDE ("cg", "ck")
                    FROM (
                      SELECT
                        "t9"."k",
                        "t9"."period",
                        "t9"."start",
                        "t9"."end",
                        "t9"."start_utc",
                        "t9"."end_utc",
                        "t9"."partial",
                        "t9"."g",
                        "t49"."cg",
                        "t49"."ck",
                        "t49"."new",
                        "t49"."gained_new",
                        "t49"."gained_re",
                        "t49"."lost"
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
                      ) AS "t9"
                      LEFT OUTER JOIN (
                        SELECT
                          "t47"."g" AS "cg",
                          "t47"."k" AS "ck",
                          "t47"."new",
                          "t47"."gained_new",
                          "t47"."gained_re",
                          "t47"."lost"
                        FROM (
                          SELECT
                            "t46"."g",
                            "t46"."k",
                            SUM("t46"."new") AS "new",
                            SUM("t46"."gained_new") AS "gained_new",
                            SUM("t46"."gained_re") AS "gained_re",
                            SUM("t46"."lost") AS "lost"
                          FROM (
                            SELECT
                              *
                            FROM (
                              SELECT
                                *
                              FROM (
                                SELECT
                                  "t34"."g",
                                  "t34"."f" AS "k",
                                  1 AS "new",
                                  0 AS "gained_new",
                                  0 AS "gained_re",
                                  0 AS "lost"
                                FROM "t33" AS "t34"
                                WHERE
                                  "t34"."first"
                              ) AS "t35"
                              UNION ALL
                              SELECT
                                *
                              FROM (
                                SELECT
                                  "t39"."g",
                                  "t39"."lo" - 1 AS "k",
                                  0 AS "new",
                                  CASE WHEN "t39"."f" = (
                                    "t39"."lo" - 1
                                  ) THEN 1 ELSE 0 END AS "gained_new",
                                  CASE WHEN "t39"."f" = (
                                    "t39"."lo" - 1
                                  ) THEN 0 ELSE 1 END AS "gained_re",
                                  0 AS "lost"
                                FROM "t38" AS "t39"
                                WHERE
                                  (
                                    "t39"."before" IS NULL
                                  ) OR (
                                    "t39"."before" < (
                                      "t39"."lo" - 1
                                    )
                                  )
                              ) AS "t44"
                            ) AS "t45"
                            UNION ALL
                            SELECT
                              *
                            FROM (
                              SELECT
                                "t39"."g",
                                "t39"."hi" AS "k",
                                0 AS "new",
                                0 AS "gained_new",
                                0 AS "gained_re",
                                1 AS "lost"
                              FROM "t38" AS "t39"
                              WHERE
                                (
                                  (
                                    "t39"."after" IS NULL
                                  ) OR (
                                    "t39"."after" > (
                                      "t39"."hi" + 1
                                    )
                                  )
                                )
                                AND "t39"."hi" < 12
                            ) AS "t43"
                          ) AS "t46"
                          GROUP BY
                            1,
                            2
                        ) AS "t47"
                      ) AS "t49"
                        ON "t9"."g" = "t49"."cg" AND "t9"."k" = "t49"."ck"
                    ) AS "t50"
                  ) AS "t51"
                ) AS "t53"
                LEFT OUTER JOIN (
                  SELECT
                    "t17"."g" AS "cg",
                    "t17"."k" AS "ck",
                    "t17"."cost_acquisition",
                    "t17"."cost_retention",
                    "t17"."cost_mixed"
                  FROM (
                    SELECT
                      "t15"."g",
                      "t15"."k",
                      SUM(CASE WHEN "t15"."purpose" = 'acquisition' THEN "t15"."share" ELSE 0.0 END) AS "cost_acquisition",
                      SUM(CASE WHEN "t15"."purpose" = 'retention' THEN "t15"."share" ELSE 0.0 END) AS "cost_retention",
                      SUM(CASE WHEN "t15"."purpose" = 'mixed' THEN "t15"."share" ELSE 0.0 END) AS "cost_mixed"
                    FROM (
                      SELECT
                        *
                      FROM (
                        SELECT
                          '' AS "g",
                          "t5"."k",
                          "t6"."purpose",
                          (
                            CAST("t6"."amount" AS DOUBLE) * CAST(DATE_DIFF(
                              'DAY',
                              GREATEST("t6"."period_start", "t5"."start"),
                              LEAST("t6"."period_end" + INTERVAL '1' DAY, "t5"."end")
                            ) AS DOUBLE)
                          ) / CAST(DATE_DIFF('DAY', "t6"."period_start", "t6"."period_end" + INTERVAL '1' DAY) AS DOUBLE) AS "share"
                        FROM "costs" AS "t6"
                        INNER JOIN "periods" AS "t5"
                          ON "t6"."period_start" < "t5"."end" AND "t6"."period_end" >= "t5"."start"
                      ) AS "t14"
                      WHERE
                        "t14"."g" IS NOT NULL
                    ) AS "t15"
                    GROUP BY
                      1,
                      2
                  ) AS "t17"
                ) AS "t20"
                  ON "t53"."g" = "t20"."cg" AND "t53"."k" = "t20"."ck"
              ) AS "t54"
            ) AS "t55"
          ) AS "t57"
          LEFT OUTER JOIN (
            SELECT
              "t40"."g" AS "cg",
              "t40"."k" AS "ck",
              "t40"."cac_recorded"
            FROM (
              SELECT
                "t37"."g",
                "t37"."k",
                SUM(CAST("t37"."acquisition_cost" AS DOUBLE)) AS "cac_recorded"
              FROM (
                SELECT
                  "t32"."customer_id",
                  "t32"."fs",
                  "t32"."acquisition_cost",
                  '' AS "g",
                  CASE
                    WHEN "t32"."fs" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                    THEN CASE
                      WHEN "t32"."fs" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                      THEN CASE
                        WHEN "t32"."fs" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                        THEN CASE WHEN "t32"."fs" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
                        ELSE CASE WHEN "t32"."fs" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
                      END
                      ELSE CASE
                        WHEN "t32"."fs" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                        THEN CASE WHEN "t32"."fs" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
                        ELSE 5
                      END
                    END
                    ELSE CASE
                      WHEN "t32"."fs" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                      THEN CASE
                        WHEN "t32"."fs" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                        THEN CASE WHEN "t32"."fs" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
                        ELSE CASE WHEN "t32"."fs" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
                      END
                      ELSE CASE
                        WHEN "t32"."fs" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                        THEN CASE WHEN "t32"."fs" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
                        ELSE 12
                      END
                    END
                  END AS "k"
                FROM (
                  SELECT
                    "t31"."customer_id",
                    MIN("t31"."s") AS "fs",
                    MAX("t31"."acquisition_cost") AS "acquisition_cost"
                  FROM (
                    SELECT
                      "t30"."customer_id",
                      "t30"."s",
                      "t30"."e",
                      "t12"."acquisition_cost"
                    FROM (
                      SELECT
                        "t27"."customer_id",
                        "t27"."s",
                        "t27"."e"
                      FROM "t26" AS "t27"
                    ) AS "t30"
                    INNER JOIN (
                      SELECT
                        "t1"."customer_id",
                        "t1"."acquisition_cost"
                      FROM "customers" AS "t1"
                      WHERE
                        "t1"."acquisition_cost" IS NOT NULL
                    ) AS "t12"
                      ON "t30"."customer_id" = "t12"."customer_id"
                  ) AS "t31"
                  GROUP BY
                    1
                ) AS "t32"
              ) AS "t37"
              GROUP BY
                1,
                2
            ) AS "t40"
          ) AS "t42"
            ON "t57"."g" = "t42"."cg" AND "t57"."k" = "t42"."ck"
        ) AS "t58"
      ) AS "t59"
    ) AS "t60"
  ) AS "t61"
) AS "t62"
ORDER BY
  "t62"."g" ASC,
  "t62"."k" ASC
