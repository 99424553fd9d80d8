WITH "t10" AS (
  SELECT DISTINCT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        CAST("t1"."customer_id" AS TEXT) AS "customer_id",
        CASE
          WHEN "t1"."ordered_at" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
          THEN CASE
            WHEN "t1"."ordered_at" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
            THEN CASE
              WHEN "t1"."ordered_at" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
              THEN CASE
                WHEN "t1"."ordered_at" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                THEN -1
                ELSE 0
              END
              ELSE CASE
                WHEN "t1"."ordered_at" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                THEN 1
                ELSE 2
              END
            END
            ELSE CASE
              WHEN "t1"."ordered_at" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
              THEN CASE
                WHEN "t1"."ordered_at" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                THEN 3
                ELSE 4
              END
              ELSE 5
            END
          END
          ELSE CASE
            WHEN "t1"."ordered_at" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
            THEN CASE
              WHEN "t1"."ordered_at" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
              THEN CASE
                WHEN "t1"."ordered_at" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                THEN 6
                ELSE 7
              END
              ELSE CASE
                WHEN "t1"."ordered_at" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                THEN 8
                ELSE 9
              END
            END
            ELSE CASE
              WHEN "t1"."ordered_at" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
              THEN CASE
                WHEN "t1"."ordered_at" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                THEN 10
                ELSE 11
              END
              ELSE 12
            END
          END
        END AS "k"
      FROM "orders" AS "t1"
    ) AS "t5"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t7"."customer_id",
        "t4"."k"
      FROM (
        SELECT
          CAST("t2"."customer_id" AS TEXT) AS "customer_id",
          CASE
            WHEN "t2"."started_at" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
            THEN CASE
              WHEN "t2"."started_at" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
              THEN CASE
                WHEN "t2"."started_at" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                THEN CASE
                  WHEN "t2"."started_at" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                  THEN -1
                  ELSE 0
                END
                ELSE CASE
                  WHEN "t2"."started_at" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                  THEN 1
                  ELSE 2
                END
              END
              ELSE CASE
                WHEN "t2"."started_at" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                THEN CASE
                  WHEN "t2"."started_at" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                  THEN 3
                  ELSE 4
                END
                ELSE 5
              END
            END
            ELSE CASE
              WHEN "t2"."started_at" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
              THEN CASE
                WHEN "t2"."started_at" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                THEN CASE
                  WHEN "t2"."started_at" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                  THEN 6
                  ELSE 7
                END
                ELSE CASE
                  WHEN "t2"."started_at" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                  THEN 8
                  ELSE 9
                END
              END
              ELSE CASE
                WHEN "t2"."started_at" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                THEN CASE
                  WHEN "t2"."started_at" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
                  THEN 10
                  ELSE 11
                END
                ELSE 12
              END
            END
          END AS "lo",
          GREATEST(
            CASE
              WHEN "t2"."started_at" < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
              THEN CASE
                WHEN "t2"."started_at" < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                THEN CASE
                  WHEN "t2"."started_at" < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                  THEN CASE
                    WHEN "t2"."started_at" < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                    THEN -1
                    ELSE 0
                  END
                  ELSE CASE
                    WHEN "t2"."started_at" < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                    THEN 1
                    ELSE 2
                  END
                END
                ELSE CASE
                  WHEN "t2"."started_at" < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                  THEN CASE
                    WHEN "t2"."started_at" < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                    THEN 3
                    ELSE 4
                  END
                  ELSE 5
                END
              END
              ELSE CASE
                WHEN "t2"."started_at" < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                THEN CASE
                  WHEN "t2"."started_at" < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                  THEN CASE
                    WHEN "t2"."started_at" < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                    THEN 6
                    ELSE 7
                  END
                  ELSE CASE
                    WHEN "t2"."started_at" < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                    THEN 8
                    ELSE 9
                  END
                END
                ELSE CASE
                  WHEN "t2"."started_at" < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                  THEN CASE
                    WHEN "t2"."started_at" < MAKE_TIMESTAMP(2024, 11, 30, 23, 0, 0.0)
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
                  COALESCE("t2"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
                ) < MAKE_TIMESTAMP(2024, 6, 30, 22, 0, 0.0)
                THEN CASE
                  WHEN (
                    COALESCE("t2"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
                  ) < MAKE_TIMESTAMP(2024, 3, 31, 22, 0, 0.0)
                  THEN CASE
                    WHEN (
                      COALESCE("t2"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
                    ) < MAKE_TIMESTAMP(2024, 1, 31, 23, 0, 0.0)
                    THEN CASE
                      WHEN (
                        COALESCE("t2"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
                      ) < MAKE_TIMESTAMP(2023, 12, 31, 23, 0, 0.0)
                      THEN -1
                      ELSE 0
                    END
                    ELSE CASE
                      WHEN (
                        COALESCE("t2"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
                      ) < MAKE_TIMESTAMP(2024, 2, 29, 23, 0, 0.0)
                      THEN 1
                      ELSE 2
                    END
                  END
                  ELSE CASE
                    WHEN (
                      COALESCE("t2"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
                    ) < MAKE_TIMESTAMP(2024, 5, 31, 22, 0, 0.0)
                    THEN CASE
                      WHEN (
                        COALESCE("t2"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
                      ) < MAKE_TIMESTAMP(2024, 4, 30, 22, 0, 0.0)
                      THEN 3
                      ELSE 4
                    END
                    ELSE 5
                  END
                END
                ELSE CASE
                  WHEN (
                    COALESCE("t2"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
                  ) < MAKE_TIMESTAMP(2024, 10, 31, 23, 0, 0.0)
                  THEN CASE
                    WHEN (
                      COALESCE("t2"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
                    ) < MAKE_TIMESTAMP(2024, 8, 31, 22, 0, 0.0)
                    THEN CASE
                      WHEN (
                        COALESCE("t2"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
                      ) < MAKE_TIMESTAMP(2024, 7, 31, 22, 0, 0.0)
                      THEN 6
                      ELSE 7
                    END
                    ELSE CASE
                      WHEN (
                        COALESCE("t2"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
                      ) < MAKE_TIMESTAMP(2024, 9, 30, 22, 0, 0.0)
                      THEN 8
                      ELSE 9
                    END
                  END
                  ELSE CASE
                    WHEN (
                      COALESCE("t2"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
                    ) < MAKE_TIMESTAMP(2024, 12, 31, 23, 0, 0.0)
                    THEN CASE
                      WHEN (
                        COALESCE("t2"."ended_at", MAKE_TIMESTAMP(2200, 1, 1, 0, 0, 0.0)) - INTERVAL '1' MICROSECOND
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
        FROM "subscriptions" AS "t2"
      ) AS "t7"
      INNER JOIN (
        SELECT
          "t0"."k"
        FROM "periods" AS "t0"
      ) AS "t4"
        ON "t4"."k" >= "t7"."lo" AND "t4"."k" <= "t7"."hi"
    ) AS "t8"
  ) AS "t9"
), "t14" AS (
  SELECT
    "t13"."customer_id",
    "t13"."c",
    "t13"."last",
    '' AS "g"
  FROM (
    SELECT
      "t11"."customer_id",
      MIN("t11"."k") AS "c",
      MAX("t11"."k") AS "last"
    FROM "t10" AS "t11"
    GROUP BY
      1
  ) AS "t13"
)
SELECT
  *
FROM (
  SELECT
    "t23"."g",
    "t23"."c",
    "t23"."i",
    "t23"."size",
    COALESCE("t24"."v", 0.0) AS "value"
  FROM (
    SELECT
      "t18"."g",
      "t18"."c",
      "t18"."size",
      "t4"."k" - "t18"."c" AS "i"
    FROM (
      SELECT
        "t15"."g",
        "t15"."c",
        COUNT(*) AS "size"
      FROM "t14" AS "t15"
      GROUP BY
        1,
        2
    ) AS "t18"
    INNER JOIN (
      SELECT
        "t0"."k"
      FROM "periods" AS "t0"
    ) AS "t4"
      ON "t4"."k" >= "t18"."c"
  ) AS "t23"
  LEFT OUTER JOIN (
    SELECT
      "t19"."g",
      "t19"."c",
      "t19"."i",
      SUM("t19"."x") AS "v"
    FROM (
      SELECT
        "t16"."g",
        "t16"."c",
        "t12"."k" - "t16"."c" AS "i",
        1.0 AS "x"
      FROM "t10" AS "t12"
      INNER JOIN "t14" AS "t16"
        ON "t12"."customer_id" = "t16"."customer_id"
    ) AS "t19"
    GROUP BY
      1,
      2,
      3
  ) AS "t24"
    ON "t23"."g" = "t24"."g" AND "t23"."c" = "t24"."c" AND "t23"."i" = "t24"."i"
) AS "t25"
ORDER BY
  "t25"."g" ASC,
  "t25"."c" ASC,
  "t25"."i" ASC
