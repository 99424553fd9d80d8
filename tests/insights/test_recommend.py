"""Do fans recommend more (bindung.insights.recommend): by hand where the weights are even, and
the demo's planted effect (fans answer 0.6 points higher)."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pytest

import bindung
from bindung.errors import BindungError
from bindung.insights.recommend import fans_recommend
from bindung.workspace import Workspace

FANS = [10, 10, 9, 9, 9, 8, 7, 6, 10, 3]  # 6 promoters, 2 detractors: NPS +40
OTHERS = [10, 9, 8, 8, 7, 7, 6, 5, 4, 10, 2, 8]  # 3 promoters, 4 detractors: NPS −8.3


def _shop(ws: Workspace, write: Callable[..., Path], fans: list[int] = FANS) -> Workspace:
    # every customer: one order of 50 on 2024-01-01, the NPS answer on 2024-02-01 - the same
    # history for all, so the weights are even and "comparable" = all others
    people = [(f"f{i}", s) for i, s in enumerate(fans)] + [
        (f"n{i}", s) for i, s in enumerate(OTHERS)
    ]
    people.append(("late", 10))  # engages only after the answer: left out
    orders = ["order_id,customer_id,ordered_at,revenue"]
    answers = ["response_id,customer_id,responded_at,survey,score"]
    for cid, score in people:
        orders.append(f"o-{cid},{cid},2024-01-01 10:00,50")
        answers.append(f"r-{cid},{cid},2024-02-01 12:00,nps,{score}")
    likes = ["interaction_id,post_id,platform,actor,customer_id,kind,at"]
    likes += [f"i{i},p1,Instagram,@f{i},f{i},like,2024-01-15 09:00" for i in range(len(fans))]
    likes.append("i-late,p1,Instagram,@late,late,like,2024-03-01 09:00")
    posts = ["post_id,platform,published_at", "p1,Instagram,2024-01-10 08:00"]
    for kind, lines in (
        ("orders", orders),
        ("social_posts", posts),
        ("survey_responses", answers),
        ("social_interactions", likes),
    ):
        assert ws.import_file(kind, write(f"{kind}.csv", "\n".join(lines) + "\n")).rejected == 0
    return ws


def test_even_weights_by_hand(workspace: Workspace, write: Callable[..., Path]) -> None:
    r = fans_recommend(_shop(workspace, write))
    assert (r.n_fans, r.n_others, r.left_out) == (10, 12, 1)
    share = r.frame.set_index("measure").loc["promoter_share"]
    assert share["fans"] == pytest.approx(60.0)
    assert share["comparable"] == pytest.approx(25.0)
    assert share["others"] == pytest.approx(25.0)
    assert share["difference"] == pytest.approx(35.0)
    assert share["percent"] == pytest.approx(100 * (0.60 / 0.25 - 1))
    # with even weights the GMM variance is the two-sample one (n in the denominators)
    se = math.sqrt(0.6 * 0.4 / 10 + 0.25 * 0.75 / 12)
    assert share["high"] - share["difference"] == pytest.approx(100 * 1.959964 * se, rel=1e-3)
    nps = r.frame.set_index("measure").loc["nps"]
    assert nps["fans"] == pytest.approx(40.0)
    assert nps["comparable"] == pytest.approx(100 * (3 - 4) / 12)
    assert nps["difference"] == pytest.approx(40.0 - 100 * (3 - 4) / 12)


def test_too_few_answers(workspace: Workspace, write: Callable[..., Path]) -> None:
    ws = _shop(workspace, write, fans=FANS[:3])
    with pytest.raises(BindungError, match="3 fans, 12 others"):
        fans_recommend(ws)


@pytest.mark.slow
def test_demo_fans_answer_higher(demo_full: Path) -> None:
    with bindung.open(demo_full, read_only=True) as ws:
        r = fans_recommend(ws)
    frame = r.frame.set_index("measure")
    # the generator adds 0.6 points to every fan's NPS score: both measures rise, and the
    # interval of the weighted difference lies above zero
    assert frame.loc["nps", "low"] > 0
    assert frame.loc["promoter_share", "percent_low"] > 0
    assert r.n_fans > 500


def test_histories_that_do_not_overlap_cannot_be_weighted(
    workspace: Workspace, write: Callable[..., Path]
) -> None:
    from bindung.insights.recommend import NotComparable

    ws = _shop(workspace, write)
    # every fan ordered three more times before answering, no other customer did: the history
    # tells them apart completely, and the weighting logit has no maximum
    extra = ["order_id,customer_id,ordered_at,revenue"]
    extra += [
        f"x{i}-{j},f{i},2024-01-{10 + j:02d} 10:00,20" for i in range(len(FANS)) for j in range(3)
    ]
    assert ws.import_file("orders", write("extra.csv", "\n".join(extra) + "\n")).rejected == 0
    with pytest.raises(NotComparable) as info:
        fans_recommend(ws)
    assert "weighted to the same history" in info.value.en
    assert "Gewichtungsmodell" in info.value.de
