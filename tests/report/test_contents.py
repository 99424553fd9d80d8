"""The report's chapters (bindung.report.contents) from stored sections given by a reader: the
cohort matrix in % is shown once (the retention and the cohorts answers both hold it)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from bindung.errors import BindungError
from bindung.report import charts
from bindung.report.contents import build_chapters
from bindung.report.tables import Column, Section, Table


def _matrix() -> pd.DataFrame:
    return pd.DataFrame(
        {"cohort": ["2024-01", "2024-02"], "size": [10, 8], 0: [100.0, 100.0], 1: [60.0, None]}
    )


def _reader(stored_cohorts: str) -> Any:
    """Sections as the registry stores them: retention (its table and the % matrix) and
    cohorts of the period unit ``stored_cohorts`` (counts and %)."""

    def read(key: str, params: dict[str, Any]) -> Section:
        if key == "retention":
            over = Table(
                "retention_over_time",
                "Bindung",
                "Retention",
                [Column("period", "Periode", "period")],
                pd.DataFrame({"period": ["2024-01"]}),
            )
            return Section(
                "retention", "Kundenbindung", "Retention", [over, charts.cohort_table(_matrix())]
            )
        if key == "cohorts":
            assert params == {"period": stored_cohorts}
            frame = _matrix().rename(columns=str)
            cols = [Column(c, c, c) for c in frame.columns]
            return Section(
                "cohorts",
                "Kohorten",
                "Cohorts",
                [
                    Table("counts", "Kohorten (Anzahl)", "Cohorts (counts)", cols, frame),
                    Table("percent", "Kohorten (% der Kohorte)", "Cohorts (%)", cols, frame),
                ],
                [],
                {"period": stored_cohorts},
            )
        raise BindungError(f"{key}: not stored")  # survival: no subscriptions

    return read


def _tables(period: str, stored_cohorts: str) -> list[tuple[str, str]]:
    (chapter,) = build_chapters(_reader(stored_cohorts), period=period, chosen=["retention"])
    return [(s.key, t.key) for s in chapter.sections for t in s.tables]


def test_the_cohort_matrix_in_percent_is_shown_once() -> None:
    assert _tables("month", "month") == [
        ("retention", "retention_over_time"),
        ("retention", "cohorts"),
        ("cohorts", "counts"),
    ]


def test_cohorts_of_another_period_unit_keep_their_matrix() -> None:
    # a yearly report: the retention matrix is by year, the stored cohorts by quarter
    assert _tables("year", "quarter") == [
        ("retention", "retention_over_time"),
        ("retention", "cohorts"),
        ("cohorts", "counts"),
        ("cohorts", "percent"),
    ]
