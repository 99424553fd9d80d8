"""The demo's planted themes (ground_truth.json, ``themes``) recovered by the stored answer:
delivery by the default theme list, packaging (not in the list) by the discovery, each within
2 points of the share the generator counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bindung.answers import section

TOLERANCE = 2.0


@pytest.mark.slow
def test_the_planted_themes_shares_are_recovered(demo_full: Path) -> None:
    truth = json.loads((demo_full / "exports" / "ground_truth.json").read_text("utf-8"))["themes"]
    stored = section(demo_full, "themes")
    themes = stored.table("themes").frame.set_index("theme")
    assert stored.meta["texts"]["all"] == truth["texts"]["all"]
    delivery = themes.loc["delivery"]
    assert delivery["kind"] == "list"  # from the theme list
    assert abs(delivery["share"] - truth["delivery"]["share_pct"]) <= TOLERANCE
    for source in ("survey", "complaint", "mention"):
        planted = truth["delivery"]["by_source_pct"][source]
        assert abs(delivery[f"share_{source}"] - planted) <= TOLERANCE, source
    found = themes[(themes["kind"] == "discovered") & themes["keywords"].str.contains("verpackung")]
    assert len(found) == 1, themes[["kind", "keywords", "share"]]
    assert abs(found["share"].iloc[0] - truth["packaging"]["share_pct"]) <= TOLERANCE


@pytest.mark.slow
def test_customers_who_write_about_delivery_give_a_lower_nps(demo_full: Path) -> None:
    """The demo writes delivery complaints more often with low scores (demo_texts.RATES): the
    NPS of those who name delivery lies below the others' (its interval too)."""
    nps = section(demo_full, "themes").table("nps").frame.set_index("theme")
    assert nps.loc["delivery", "high"] < nps.loc["delivery", "others_nps"]
