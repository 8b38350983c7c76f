from dataclasses import replace

import pytest
from sqlalchemy import func
from sqlmodel import select

from app.models import Idea, IdeaStatus, Stance, Vote, utcnow
from app.services.errors import Forbidden, NotFound
from app.services.ideas import counters, votes
from tests.factories import make_idea, make_user


def _vote_rows(session, idea_id: int) -> int:
    return session.exec(select(func.count()).select_from(Vote).where(Vote.idea_id == idea_id)).one()


def test_cast_vote_twice_keeps_one_vote(session):
    idea, member = make_idea(session), make_user(session)

    first = votes.cast_vote(session=session, user=member, idea_id=idea.id)
    second = votes.cast_vote(session=session, user=member, idea_id=idea.id)

    assert (first.voted, first.vote_count) == (True, 1)
    assert (second.voted, second.vote_count) == (True, 1)
    assert _vote_rows(session, idea.id) == 1


def test_withdraw_vote_twice_removes_it_once(session):
    idea, member, other = make_idea(session), make_user(session), make_user(session)
    votes.cast_vote(session=session, user=member, idea_id=idea.id)
    votes.cast_vote(session=session, user=other, idea_id=idea.id)

    votes.withdraw_vote(session=session, user=member, idea_id=idea.id)
    state = votes.withdraw_vote(session=session, user=member, idea_id=idea.id)

    assert (state.voted, state.vote_count) == (False, 1)
    assert _vote_rows(session, idea.id) == 1


def test_vote_count_matches_rows_after_mixed_votes(session):
    idea = make_idea(session)
    members = [make_user(session) for _ in range(6)]
    for step, member in enumerate(members * 3):
        action = votes.cast_vote if step % 4 != 3 else votes.withdraw_vote
        action(session=session, user=member, idea_id=idea.id)

    session.expire_all()
    stored = session.get(Idea, idea.id).vote_count
    assert stored == _vote_rows(session, idea.id)


def test_unvote_restores_trending_score(session):
    idea, member = make_idea(session), make_user(session)
    before = session.get(Idea, idea.id).trending_score

    votes.cast_vote(session=session, user=member, idea_id=idea.id)
    raised = session.get(Idea, idea.id).trending_score
    votes.withdraw_vote(session=session, user=member, idea_id=idea.id)

    assert raised > before
    assert session.get(Idea, idea.id).trending_score == pytest.approx(before, abs=1e-6)


def test_unverified_member_cannot_vote(session):
    idea, member = make_idea(session), make_user(session, verified=False)

    with pytest.raises(Forbidden):
        votes.cast_vote(session=session, user=member, idea_id=idea.id)

    assert _vote_rows(session, idea.id) == 0


def test_vote_on_hidden_or_missing_idea_is_not_found(session):
    idea, member = make_idea(session), make_user(session)
    idea.hidden_at = utcnow()
    session.add(idea)
    session.commit()

    with pytest.raises(NotFound):
        votes.cast_vote(session=session, user=member, idea_id=idea.id)
    with pytest.raises(NotFound):
        votes.cast_vote(session=session, user=member, idea_id=idea.id + 1000)


def test_vote_on_merged_idea_is_refused(session):
    idea, member = make_idea(session), make_user(session)
    idea.status = IdeaStatus.merged
    session.add(idea)
    session.commit()

    with pytest.raises(Forbidden):
        votes.cast_vote(session=session, user=member, idea_id=idea.id)


def test_voted_idea_ids_lists_only_the_members_votes(session):
    first, second = make_idea(session), make_idea(session)
    member, other = make_user(session), make_user(session)
    votes.cast_vote(session=session, user=member, idea_id=first.id)
    votes.cast_vote(session=session, user=other, idea_id=second.id)

    voted = votes.voted_idea_ids(session=session, user=member, idea_ids=[first.id, second.id])

    assert voted == {first.id}
    assert votes.voted_idea_ids(session=session, user=None, idea_ids=[first.id]) == set()


# --- stances: disagree and pass beside support -------------------------------------------

START = {None: None, "support": votes.Change.vote, "disagree": votes.Change.disagree,
         "pass": votes.Change.pass_}  # fmt: skip
AFTER = {
    votes.Change.vote: "support", votes.Change.disagree: "disagree",
    votes.Change.pass_: "pass", votes.Change.clear: None,
}  # fmt: skip


@pytest.mark.parametrize("start", list(START))
@pytest.mark.parametrize("change", list(votes.Change))
def test_every_change_of_answer_leaves_one_answer_and_exact_counts(session, start, change):
    idea, member, other = make_idea(session), make_user(session), make_user(session)
    votes.answer_idea(session=session, user=other, idea_id=idea.id, change=votes.Change.disagree)
    if START[start] is not None:
        votes.answer_idea(session=session, user=member, idea_id=idea.id, change=START[start])

    state = votes.answer_idea(session=session, user=member, idea_id=idea.id, change=change)

    # unvote withdraws support only: a disagree or pass stays.
    expected = start if change == votes.Change.unvote and start != "support" else AFTER.get(change)
    assert state.answer == expected
    stored = session.get(Idea, idea.id)
    session.refresh(stored)
    kept, counted = counters.stored_idea_counts(stored), counters.recount_idea(session, stored)
    assert replace(kept, trending_score=0) == replace(counted, trending_score=0)
    assert kept.trending_score == pytest.approx(counted.trending_score)
    assert (state.vote_count, state.disagree_count, state.pass_count) == (
        stored.vote_count, stored.disagree_count, stored.pass_count
    )  # fmt: skip
    rows = session.exec(select(func.count()).select_from(Stance).where(Stance.user_id == member.id))
    assert rows.one() == (1 if expected in ("disagree", "pass") else 0)
    assert votes.vote_state(session=session, user=member, idea=stored).answer == expected
