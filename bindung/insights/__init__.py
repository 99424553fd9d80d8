"""Insights on top of the store and the models: RFM scores and segments, CLV tiers and the
win-back list.

>>> from datetime import datetime
>>> from bindung.insights import rfm_scores, segment_expr, clv_tiers, win_back
>>> scores = rfm_scores(ws.table("orders"), as_of=datetime(2026, 1, 1))  # doctest: +SKIP
>>> segment_expr(scores).to_pandas()                                      # doctest: +SKIP
>>> win_back(frame, top=50)                                               # doctest: +SKIP
"""

from bindung.insights.segments import (
    SEGMENTS,
    TIERS,
    InsightInputError,
    Segment,
    Tier,
    clv_tiers,
    rfm_scores,
    segment,
    segment_expr,
    segment_of,
    win_back,
)

__all__ = [
    "SEGMENTS",
    "TIERS",
    "InsightInputError",
    "Segment",
    "Tier",
    "clv_tiers",
    "rfm_scores",
    "segment",
    "segment_expr",
    "segment_of",
    "win_back",
]
