WITH "t12" AS (
  SELECT DISTINCT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        CAST("t3"."customer_id" AS TEXT) AS "customer_id",
        CASE
          WHEN "t3"."ordered_at" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
          THEN CASE
            WHEN "t3"."ordered_at" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
            THEN CASE
              WHEN "t3"."ordered_at" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
              THEN CASE
                WHEN "t3"."ordered_at" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                THEN -1
                ELSE 0
              END
              ELSE CASE
                WHEN "t3"."ordered_at" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                THEN 1
                ELSE 2
              END
            END
            ELSE CASE
              WHEN "t3"."ordered_at" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
              THEN CASE
                WHEN "t3"."ordered_at" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                THEN 3
                ELSE 4
              END
              ELSE 5
            END
          END
          ELSE CASE
            WHEN "t3"."ordered_at" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
            THEN CASE
              WHEN "t3"."ordered_at" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
              THEN CASE
                WHEN "t3"."ordered_at" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                THEN 6
                ELSE 7
              END
              ELSE CASE
                WHEN "t3"."ordered_at" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                THEN 8
                ELSE 9
              END
            END
            ELSE CASE
              WHEN "t3"."ordered_at" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
              THEN CASE
                WHEN "t3"."ordered_at" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                THEN 10
                ELSE 11
              END
              ELSE 12
            END
          END
        END AS "k"
      FROM (
        SELECT
          "t1".*
          EXCLUDE ("import_id")
        FROM "orders" AS "t1"
      ) AS "t3"
    ) AS "t7"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t9"."customer_id",
        "t6"."k"
      FROM (
        SELECT
          CAST("t4"."customer_id" AS TEXT) AS "customer_id",
          CASE
            WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
            THEN CASE
              WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
              THEN CASE
                WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                THEN CASE
                  WHEN "t4"."started_at" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                  THEN -1
                  ELSE 0
                END
                ELSE CASE
                  WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                  THEN 1
                  ELSE 2
                END
              END
              ELSE CASE
                WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                THEN CASE
                  WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                  THEN 3
                  ELSE 4
                END
                ELSE 5
              END
            END
            ELSE CASE
              WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
              THEN CASE
                WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                THEN CASE
                  WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                  THEN 6
                  ELSE 7
                END
                ELSE CASE
                  WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                  THEN 8
                  ELSE 9
                END
              END
              ELSE CASE
                WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                THEN CASE
                  WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                  THEN 10
                  ELSE 11
                END
                ELSE 12
              END
            END
          END AS "lo",
          GREATEST(
            CASE
              WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
              THEN CASE
                WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                THEN CASE
                  WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                  THEN CASE
                    WHEN "t4"."started_at" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                    THEN -1
                    ELSE 0
                  END
                  ELSE CASE
                    WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                    THEN 1
                    ELSE 2
                  END
                END
                ELSE CASE
                  WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                  THEN CASE
                    WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                    THEN 3
                    ELSE 4
                  END
                  ELSE 5
                END
              END
              ELSE CASE
                WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                THEN CASE
                  WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                  THEN CASE
                    WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                    THEN 6
                    ELSE 7
                  END
                  ELSE CASE
                    WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                    THEN 8
                    ELSE 9
                  END
                END
                ELSE CASE
                  WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                  THEN CASE
                    WHEN "t4"."started_at" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                    THEN 10
                    ELSE 11
                  END
                  ELSE 12
                END
              END
            END,
            LEAST(
              CASE
                WHEN (
                  COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
                ) < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                THEN CASE
                  WHEN (
                    COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
                  ) < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                  THEN CASE
                    WHEN (
                      COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
                    ) < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                    THEN CASE
                      WHEN (
                        COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
                      ) < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                      THEN -1
                      ELSE 0
                    END
                    ELSE CASE
                      WHEN (
                        COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
                      ) < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                      THEN 1
                      ELSE 2
                    END
                  END
                  ELSE CASE
                    WHEN (
                      COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
                    ) < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                    THEN CASE
                      WHEN (
                        COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
                      ) < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                      THEN 3
                      ELSE 4
                    END
                    ELSE 5
                  END
                END
                ELSE CASE
                  WHEN (
                    COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
                  ) < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                  THEN CASE
                    WHEN (
                      COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
                    ) < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                    THEN CASE
                      WHEN (
                        COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
                      ) < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                      THEN 6
                      ELSE 7
                    END
                    ELSE CASE
                      WHEN (
                        COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
                      ) < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                      THEN 8
                      ELSE 9
                    END
                  END
                  ELSE CASE
                    WHEN (
                      COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
                    ) < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                    THEN CASE
                      WHEN (
                        COALESCE("t4"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
                      ) < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                      THEN 10
                      ELSE 11
                    END
                    ELSE 12
                  END
                END
              END,
              11
            )
          ) AS "hi"
        FROM (
          SELECT
            "t2".*
            EXCLUDE ("import_id")
          FROM "subscriptions" AS "t2"
        ) AS "t4"
      ) AS "t9"
      INNER JOIN (
        SELECT
          "t0"."k"
        FROM "periods" AS "t0"
      ) AS "t6"
        ON "t6"."k" >= "t9"."lo" AND "t6"."k" <= "t9"."hi"
    ) AS "t10"
  ) AS "t11"
), "t16" AS (
  SELECT
    "t15"."customer_id",
    "t15"."c",
    "t15"."last",
    '' AS "g"
  FROM (
    SELECT
      "t13"."customer_id",
      MIN("t13"."k") AS "c",
      MAX("t13"."k") AS "last"
    FROM "t12" AS "t13"
    GROUP BY
      1
  ) AS "t15"
)
SELECT
  *
FROM (
  SELECT
    "t25"."g",
    "t25"."c",
    "t25"."i",
    "t25"."size",
    COALESCE("t26"."v", 0.0) AS "value"
  FROM (
    SELECT
      "t20"."g",
      "t20"."c",
      "t20"."size",
      "t6"."k" - "t20"."c" AS "i"
    FROM (
      SELECT
        "t17"."g",
        "t17"."c",
        COUNT(*) AS "size"
      FROM "t16" AS "t17"
      GROUP BY
        1,
        2
    ) AS "t20"
    INNER JOIN (
      SELECT
        "t0"."k"
      FROM "periods" AS "t0"
    ) AS "t6"
      ON "t6"."k" >= "t20"."c"
  ) AS "t25"
  LEFT OUTER JOIN (
    SELECT
      "t21"."g",
      "t21"."c",
      "t21"."i",
      SUM("t21"."x") AS "v"
    FROM (
      SELECT
        "t18"."g",
        "t18"."c",
        "t14"."k" - "t18"."c" AS "i",
        1.0 AS "x"
      FROM "t12" AS "t14"
      INNER JOIN "t16" AS "t18"
        ON "t14"."customer_id" = "t18"."customer_id"
    ) AS "t21"
    GROUP BY
      1,
      2,
      3
  ) AS "t26"
    ON "t25"."g" = "t26"."g" AND "t25"."c" = "t26"."c" AND "t25"."i" = "t26"."i"
) AS "t27"
ORDER BY
  "t27"."g" ASC,
  "t27"."c" ASC,
  "t27"."i" ASC
