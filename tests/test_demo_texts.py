"""The demo's phrase lists agree with the default theme list: every sentence of a theme names
that theme (a keyword of it matches, in DuckDB as the answer matches) and no other default
theme; general sentences name none.  So the share the keywords find is the planted share."""

from __future__ import annotations

import duckdb
import numpy as np
import pytest

from bindung.demo_texts import GENERAL, PHRASES, THEMES, compose, truth
from bindung.theme_list import theme_list

DEFAULTS = {t.key: t.pattern for t in theme_list({})}
SENTENCES = [(theme, text) for (theme, _, _), texts in PHRASES.items() for text in texts]
SENTENCES += [(None, text) for texts in GENERAL.values() for text in texts]


@pytest.mark.parametrize(("theme", "text"), SENTENCES, ids=[t for _, t in SENTENCES])
def test_a_sentence_names_its_own_theme_and_no_other(theme: str | None, text: str) -> None:
    con = duckdb.connect()
    named = {
        key
        for key, pattern in DEFAULTS.items()
        if con.execute("SELECT regexp_matches(lower(?), ?)", [text, pattern]).fetchone() == (True,)
    }
    expected = {theme} & set(DEFAULTS) if theme else set()
    assert named == expected


def test_the_truth_counts_the_composed_texts() -> None:
    texts, has = compose(np.random.default_rng(1), ["complaint"] * 500 + ["survey_high"] * 500)
    assert len(texts) == 1000
    result = truth({"complaint": has[:500], "survey": has[500:]})
    j = THEMES.index("delivery")
    # the oracle: the texts holding a delivery sentence, found by their words
    words = [p for (t, _, _), ps in PHRASES.items() if t == "delivery" for p in ps]
    with_delivery = sum(any(p in text for p in words) for text in texts)
    assert result["delivery"]["texts"] == int(has[:, j].sum()) == with_delivery
    assert result["delivery"]["share_pct"] == round(100 * with_delivery / 1000, 2)
