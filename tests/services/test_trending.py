import math
from datetime import UTC, datetime, timedelta

import pytest

from app.models import Idea
from app.services.ideas import listing, trending
from tests.factories import make_idea, make_theme

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def _score(created: datetime, activity: list[datetime]) -> float:
    score = trending.initial_score(created)
    for moment in activity:
        score = trending.add_activity(score, moment)
    return score


def test_recent_activity_outranks_more_activity_long_ago():
    old_but_busy = _score(NOW - timedelta(days=40), [NOW - timedelta(days=39)] * 20)
    new_and_lively = _score(NOW - timedelta(days=2), [NOW - timedelta(days=1)] * 4)

    assert new_and_lively > old_but_busy


def test_more_activity_at_the_same_time_ranks_higher():
    created = NOW - timedelta(days=3)
    assert _score(created, [NOW] * 5) > _score(created, [NOW] * 4)


def test_score_matches_the_decayed_sum_it_stands_for():
    created = NOW - timedelta(days=10)
    activity = [NOW - timedelta(days=d) for d in (9, 5, 1)]
    score = _score(created, activity)

    # log2 of the activity decayed to NOW, plus NOW's offset: the formula in the docstring.
    decayed = sum(2 ** (-(NOW - t) / trending.HALF_LIFE) for t in [created, *activity])
    offset = (NOW - trending.EPOCH) / trending.HALF_LIFE
    assert score == pytest.approx(offset + math.log2(decayed))


def test_removing_activity_returns_the_earlier_score():
    created = NOW - timedelta(days=5)
    base = _score(created, [NOW - timedelta(days=4)])
    with_vote = trending.add_activity(base, NOW)

    restored = trending.remove_activity(with_vote, NOW, floor=trending.initial_score(created))

    assert restored == pytest.approx(base)


def test_remove_activity_never_goes_below_the_floor():
    created = NOW - timedelta(days=1)
    floor = trending.initial_score(created)

    assert trending.remove_activity(floor, created, floor=floor) == floor


def test_trending_list_orders_by_decayed_activity(session):
    theme = make_theme(session)
    old = make_idea(session, theme=theme, title="An idea with many old votes")
    fresh = make_idea(session, theme=theme, title="An idea with a few new votes")
    old_row, fresh_row = session.get(Idea, old.id), session.get(Idea, fresh.id)
    old_row.trending_score = _score(NOW - timedelta(days=60), [NOW - timedelta(days=59)] * 30)
    fresh_row.trending_score = _score(NOW - timedelta(days=1), [NOW] * 3)
    session.add_all([old_row, fresh_row])
    session.commit()

    page = listing.list_ideas(session=session, sort="trending")

    assert [item.id for item in page.items] == [fresh.id, old.id]
