"""The analysis on a synthetic electorate with planted groups (tests/insight/electorate.py):
it finds the groups, ranks the planted common ground first by both scores, lists the
planted divisive idea as divisive, and a brigade does not manufacture common ground."""

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from app.services.insight.analysis import Answers, analyse
from app.services.insight.reading import GroupLeaning, IdeaScore, is_common_ground
from tests.insight.electorate import CROSS, DIVISIVE, OWN_IDEAS, electorate


def _rows(found, offset: int = 1):
    """(member id, idea id, value) with ids from 1, as the database would have them."""
    return [(member + offset, idea + 1, value) for member, idea, value in found.answers]


@pytest.fixture(scope="module")
def planted():
    found = electorate()
    return found, analyse(Answers.of(_rows(found)))


def _rank(result, scores, idea_id: int) -> int:
    return list(result.idea_ids[np.argsort(-scores, kind="stable")]).index(idea_id) + 1


def _common_ground_ranking(result) -> list[int]:
    """Idea ids as the insight lists common ground: by bridging, those every group
    leans to support (reading.is_common_ground)."""
    order = np.argsort(-result.bridging, kind="stable")
    found = []
    for j in order:
        groups = [
            GroupLeaning(label, (c[0][j] + 1) / (c[0][j] + c[1][j] + c[2][j] + 2),
                         int(c[0][j] + c[1][j] + c[2][j]))
            for label, c in result.group_counts.items()
        ]  # fmt: skip
        score = IdeaScore(
            id=int(result.idea_ids[j]), title="", theme_name="", supports=0, disagrees=0,
            passes=0, consensus=0, bridging=0, spread=0, divisive=bool(result.divisive[j]),
            groups=groups,
        )  # fmt: skip
        if is_common_ground(score):
            found.append(score.id)
    return found


def test_the_planted_groups_are_found(planted):
    found, result = planted
    truth = [found.groups[member - 1] for member in result.member_ids.tolist()]

    assert adjusted_rand_score(truth, result.member_labels) >= 0.9
    assert sorted(g.size for g in result.groups) == [50, 80, 120]
    assert [g.label for g in result.groups] == ["A", "B", "C"]


def test_the_cross_group_idea_ranks_first_by_both_consensus_scores(planted):
    _found, result = planted
    cross = CROSS + 1

    assert _rank(result, result.consensus, cross) == 1
    assert _rank(result, result.bridging, cross) == 1
    assert _common_ground_ranking(result)[0] == cross


def test_the_divisive_idea_is_divisive_and_not_common_ground(planted):
    _found, result = planted
    divisive = DIVISIVE + 1

    assert bool(result.divisive[list(result.idea_ids).index(divisive)])
    assert not bool(result.divisive[list(result.idea_ids).index(CROSS + 1)])
    assert divisive not in _common_ground_ranking(result)


def test_each_group_is_characterised_by_its_own_ideas(planted):
    found, result = planted
    for group in result.groups:
        members = result.member_ids[np.array(result.member_labels) == group.label]
        planted_group = found.groups[int(members[0]) - 1]
        own = {2 + planted_group * OWN_IDEAS + k + 1 for k in range(OWN_IDEAS)}
        assert group.representative, group.label
        assert {idea for idea, kind, _ratio, _rate in group.representative} <= own | {DIVISIVE + 1}


def test_a_group_keeps_its_letter_while_its_members_stay(planted):
    found, result = planted
    previous = dict(zip(result.member_ids.tolist(), result.member_labels, strict=True))
    # The next run sees the same members in a different order of ids, plus newcomers.
    again = analyse(Answers.of(_rows(found) + [(9_000 + k, 3, 1) for k in range(20)]),
                    previous_labels=previous)  # fmt: skip
    after = dict(zip(again.member_ids.tolist(), again.member_labels, strict=True))

    assert all(after[member] == label for member, label in previous.items())


def test_a_brigade_for_one_idea_changes_nothing(planted):
    found, result = planted
    target = 2 + 2 * OWN_IDEAS + 1  # an idea of the smallest group only
    brigade = _rows(found) + [(10_000 + k, target, 1) for k in range(150)]

    attacked = analyse(Answers.of(brigade))

    assert target not in _common_ground_ranking(attacked)[:10]
    assert _rank(attacked, attacked.bridging, target) > 10
    assert _rank(attacked, attacked.consensus, target) > 10
    assert np.allclose(attacked.consensus, result.consensus)


def test_a_brigade_for_its_own_camp_does_not_make_common_ground(planted):
    found, _result = planted
    camp = [2 + 2 * OWN_IDEAS + k + 1 for k in range(OWN_IDEAS)]
    brigade = _rows(found) + [(20_000 + k, idea, 1) for k in range(150) for idea in camp]

    attacked = analyse(Answers.of(brigade))

    ranking = _common_ground_ranking(attacked)
    assert ranking[0] == CROSS + 1
    assert not set(camp) & set(ranking[:10])
    assert all(_rank(attacked, attacked.bridging, idea) > 10 for idea in camp)


def test_too_few_members_make_one_group_and_no_map():
    result = analyse(Answers.of([(1, 1, 1), (1, 2, -1), (2, 1, 1)]), min_answers=2)

    assert [g.label for g in result.groups] == ["A"]
    assert result.silhouette is None
    assert list(result.supports) == [2, 0]
