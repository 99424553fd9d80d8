WITH "t28" AS (
  SELECT
    "t27"."customer_id",
    "t27"."s",
    "t27"."e",
    "t27"."g",
    CASE
      WHEN "t27"."s" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
      THEN CASE
        WHEN "t27"."s" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
        THEN CASE
          WHEN "t27"."s" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
          THEN CASE WHEN "t27"."s" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
          ELSE CASE WHEN "t27"."s" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
        END
        ELSE CASE
          WHEN "t27"."s" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
          THEN CASE WHEN "t27"."s" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
          ELSE 5
        END
      END
      ELSE CASE
        WHEN "t27"."s" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
        THEN CASE
          WHEN "t27"."s" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
          THEN CASE WHEN "t27"."s" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
          ELSE CASE WHEN "t27"."s" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
        END
        ELSE CASE
          WHEN "t27"."s" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
          THEN CASE WHEN "t27"."s" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
          ELSE 12
        END
      END
    END + 1 AS "lo",
    LEAST(
      CASE
        WHEN "t27"."e" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
        THEN CASE
          WHEN "t27"."e" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
          THEN CASE
            WHEN "t27"."e" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
            THEN CASE WHEN "t27"."e" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0) THEN -1 ELSE 0 END
            ELSE CASE WHEN "t27"."e" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0) THEN 1 ELSE 2 END
          END
          ELSE CASE
            WHEN "t27"."e" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
            THEN CASE WHEN "t27"."e" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0) THEN 3 ELSE 4 END
            ELSE 5
          END
        END
        ELSE CASE
          WHEN "t27"."e" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
          THEN CASE
            WHEN "t27"."e" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
            THEN CASE WHEN "t27"."e" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0) THEN 6 ELSE 7 END
            ELSE CASE WHEN "t27"."e" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0) THEN 8 ELSE 9 END
          END
          ELSE CASE
            WHEN "t27"."e" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
            THEN CASE WHEN "t27"."e" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0) THEN 10 ELSE 11 END
            ELSE 12
          END
        END
      END,
      12
    ) AS "hi",
    CASE
      WHEN MIN("t27"."s") OVER (
        PARTITION BY "t27"."customer_id"
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
      THEN CASE
        WHEN MIN("t27"."s") OVER (
          PARTITION BY "t27"."customer_id"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
        THEN CASE
          WHEN MIN("t27"."s") OVER (
            PARTITION BY "t27"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
          THEN CASE
            WHEN MIN("t27"."s") OVER (
              PARTITION BY "t27"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
            THEN -1
            ELSE 0
          END
          ELSE CASE
            WHEN MIN("t27"."s") OVER (
              PARTITION BY "t27"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
            THEN 1
            ELSE 2
          END
        END
        ELSE CASE
          WHEN MIN("t27"."s") OVER (
            PARTITION BY "t27"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
          THEN CASE
            WHEN MIN("t27"."s") OVER (
              PARTITION BY "t27"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
            THEN 3
            ELSE 4
          END
          ELSE 5
        END
      END
      ELSE CASE
        WHEN MIN("t27"."s") OVER (
          PARTITION BY "t27"."customer_id"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
        THEN CASE
          WHEN MIN("t27"."s") OVER (
            PARTITION BY "t27"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
          THEN CASE
            WHEN MIN("t27"."s") OVER (
              PARTITION BY "t27"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
            THEN 6
            ELSE 7
          END
          ELSE CASE
            WHEN MIN("t27"."s") OVER (
              PARTITION BY "t27"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
            THEN 8
            ELSE 9
          END
        END
        ELSE CASE
          WHEN MIN("t27"."s") OVER (
            PARTITION BY "t27"."customer_id"
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
          THEN CASE
            WHEN MIN("t27"."s") OVER (
              PARTITION BY "t27"."customer_id"
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            ) < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
            THEN 10
            ELSE 11
          END
          ELSE 12
        END
      END
    END AS "f",
    "t27"."s" = MIN("t27"."s") OVER (
      PARTITION BY "t27"."customer_id"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "first"
  FROM (
    SELECT
      "t26"."customer_id",
      "t26"."s",
      "t26"."e",
      '' AS "g"
    FROM (
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
                        "t11"."order_id",
                        "t11"."customer_id",
                        "t11"."ordered_at",
                        "t11"."revenue",
                        "t11"."items",
                        "t11"."channel",
                        LAG("t11"."ordered_at") OVER (
                          PARTITION BY "t11"."customer_id"
                          ORDER BY "t11"."ordered_at" ASC
                          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                        ) AS "prev",
                        LEAD("t11"."ordered_at") OVER (
                          PARTITION BY "t11"."customer_id"
                          ORDER BY "t11"."ordered_at" ASC
                          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                        ) AS "nxt",
                        ROW_NUMBER() OVER (
                          PARTITION BY "t11"."customer_id"
                          ORDER BY "t11"."ordered_at" ASC
                          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                        ) - 1 AS "n",
                        MIN("t11"."ordered_at") OVER (
                          PARTITION BY "t11"."customer_id"
                          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                        ) AS "first"
                      FROM (
                        SELECT
                          "t7"."order_id",
                          "t7"."customer_id",
                          "t7"."ordered_at",
                          "t7"."revenue",
                          "t7"."items",
                          "t7"."channel"
                        FROM (
                          SELECT
                            "t3".*
                            EXCLUDE ("import_id")
                          FROM "orders" AS "t3"
                        ) AS "t7"
                      ) AS "t11"
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
                  CAST("t6"."customer_id" AS TEXT) AS "customer_id",
                  CAST("t6"."started_at" AS TIMESTAMP) AS "s",
                  COALESCE("t6"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) AS "e"
                FROM (
                  SELECT
                    "t2".*
                    EXCLUDE ("import_id")
                  FROM "subscriptions" AS "t2"
                ) AS "t6"
              ) AS "t12"
            ) AS "t22"
          ) AS "t23"
        ) AS "t24"
      ) AS "t25"
      GROUP BY
        1,
        2
    ) AS "t26"
  ) AS "t27"
), "t32" AS (
  SELECT
    "t31"."customer_id",
    "t31"."s",
    "t31"."e",
    "t31"."g",
    "t31"."lo",
    "t31"."hi",
    "t31"."f",
    "t31"."first",
    LAG("t31"."hi") OVER (
      PARTITION BY "t31"."customer_id"
      ORDER BY "t31"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "before",
    LEAD("t31"."lo") OVER (
      PARTITION BY "t31"."customer_id"
      ORDER BY "t31"."lo" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "after"
  FROM (
    SELECT
      *
    FROM "t28" AS "t29"
    WHERE
      "t29"."lo" <= "t29"."hi"
  ) AS "t31"
)
SELECT
  "t48"."g",
  "t48"."k",
  "t48"."period",
  CASE
    WHEN (
      CAST((
        (
          (
            (
              "t48"."E" - "t48"."gained_new"
            ) - "t48"."gained_re"
          ) + "t48"."lost"
        ) - "t48"."lost"
      ) + "t48"."gained_re" AS DOUBLE) IS NULL
    )
    OR (
      CAST((
        (
          (
            (
              "t48"."E" - "t48"."gained_new"
            ) - "t48"."gained_re"
          ) + "t48"."lost"
        ) - "t48"."lost"
      ) + "t48"."gained_re" AS DOUBLE) = 0
    )
    THEN CAST(NULL AS DOUBLE)
    ELSE (
      "t48"."cost_retention" / CAST((
        (
          (
            (
              "t48"."E" - "t48"."gained_new"
            ) - "t48"."gained_re"
          ) + "t48"."lost"
        ) - "t48"."lost"
      ) + "t48"."gained_re" AS DOUBLE)
    ) * 1.0
  END AS "retention_cost_per_kept"
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
    "t47"."cost_acquisition",
    "t47"."cost_retention",
    "t47"."cost_mixed",
    SUM((
      "t47"."gained_new" + "t47"."gained_re"
    ) - "t47"."lost") OVER (
      PARTITION BY "t47"."g"
      ORDER BY "t47"."k" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS "E",
    "t47"."new" AS "N",
    0.0 AS "cac_recorded"
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
      COALESCE("t46"."cost_acquisition", 0) AS "cost_acquisition",
      COALESCE("t46"."cost_retention", 0) AS "cost_retention",
      COALESCE("t46"."cost_mixed", 0) AS "cost_mixed"
    FROM (
      SELECT
        "t45".*
        EXCLUDE ("cg", "ck")
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
          "t44"."new",
          "t44"."gained_new",
          "t44"."gained_re",
          "t44"."lost",
          "t20"."cg",
          "t20"."ck",
          "t20"."cost_acquisition",
          "t20"."cost_retention",
          "t20"."cost_mixed"
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
            COALESCE("t42"."new", 0) AS "new",
            COALESCE("t42"."gained_new", 0) AS "gained_new",
            COALESCE("t42"."gained_re", 0) AS "gained_re",
            COALESCE("t42"."lost", 0) AS "lost"
          FROM (
            SELECT
              "t41".*
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
                "t40"."cg",
                "t40"."ck",
                "t40"."new",
                "t40"."gained_new",
                "t40"."gained_re",
                "t40"."lost"
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
              ) AS "t10"
              LEFT OUTER JOIN (
                SELECT
                  "t38"."g" AS "cg",
                  "t38"."k" AS "ck",
                  "t38"."new",
                  "t38"."gained_new",
                  "t38"."gained_re",
                  "t38"."lost"
                FROM (
                  SELECT
                    "t37"."g",
                    "t37"."k",
                    SUM("t37"."new") AS "new",
                    SUM("t37"."gained_new") AS "gained_new",
                    SUM("t37"."gained_re") AS "gained_re",
                    SUM("t37"."lost") AS "lost"
                  FROM (
                    SELECT
                      *
                    FROM (
                      SELECT
                        *
                      FROM (
                        SELECT
                          "t29"."g",
                          "t29"."f" AS "k",
                          1 AS "new",
                          0 AS "gained_new",
                          0 AS "gained_re",
                          0 AS "lost"
                        FROM "t28" AS "t29"
                        WHERE
                          "t29"."first"
                      ) AS "t30"
                      UNION ALL
                      SELECT
                        *
                      FROM (
                        SELECT
                          "t33"."g",
                          "t33"."lo" - 1 AS "k",
                          0 AS "new",
                          CASE WHEN "t33"."f" = (
                            "t33"."lo" - 1
                          ) THEN 1 ELSE 0 END AS "gained_new",
                          CASE WHEN "t33"."f" = (
                            "t33"."lo" - 1
                          ) THEN 0 ELSE 1 END AS "gained_re",
                          0 AS "lost"
                        FROM "t32" AS "t33"
                        WHERE
                          (
                            "t33"."before" IS NULL
                          ) OR (
                            "t33"."before" < (
                              "t33"."lo" - 1
                            )
                          )
                      ) AS "t35"
                    ) AS "t36"
                    UNION ALL
                    SELECT
                      *
                    FROM (
                      SELECT
                        "t33"."g",
                        "t33"."hi" AS "k",
                        0 AS "new",
                        0 AS "gained_new",
                        0 AS "gained_re",
                        1 AS "lost"
                      FROM "t32" AS "t33"
                      WHERE
                        (
                          (
                            "t33"."after" IS NULL
                          ) OR (
                            "t33"."after" > (
                              "t33"."hi" + 1
                            )
                          )
                        )
                        AND "t33"."hi" < 12
                    ) AS "t34"
                  ) AS "t37"
                  GROUP BY
                    1,
                    2
                ) AS "t38"
              ) AS "t40"
                ON "t10"."g" = "t40"."cg" AND "t10"."k" = "t40"."ck"
            ) AS "t41"
          ) AS "t42"
        ) AS "t44"
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
                  "t4"."k",
                  "t9"."purpose",
                  (
                    CAST("t9"."amount" AS DOUBLE) * CAST(DATE_DIFF(
                      'DAY',
                      GREATEST("t9"."period_start", "t4"."start"),
                      LEAST("t9"."period_end" + INTERVAL '1' DAY, "t4"."end")
                    ) AS DOUBLE)
                  ) / CAST(DATE_DIFF('DAY', "t9"."period_start", "t9"."period_end" + INTERVAL '1' DAY) AS DOUBLE) AS "share"
                FROM (
                  SELECT
                    "t1".*
                    EXCLUDE ("import_id")
                  FROM "costs" AS "t1"
                ) AS "t9"
                INNER JOIN "periods" AS "t4"
                  ON "t9"."period_start" < "t4"."end" AND "t9"."period_end" >= "t4"."start"
              ) AS "t14"
              WHERE
                "t14"."g" IS NOT NULL
            ) AS "t15"
            GROUP BY
              1,
              2
          ) AS "t17"
        ) AS "t20"
          ON "t44"."g" = "t20"."cg" AND "t44"."k" = "t20"."ck"
      ) AS "t45"
    ) AS "t46"
  ) AS "t47"
) AS "t48"
ORDER BY
  "t48"."g" ASC,
  "t48"."k" ASC
