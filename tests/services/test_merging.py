import pytest
from sqlalchemy import func
from sqlmodel import select

from app.models import AuditEvent, Idea, IdeaStatus, Theme, Vote
from app.services.errors import Conflict, Forbidden, ValidationFailed
from app.services.ideas import comments, merging, votes
from app.services.moderation import hiding
from tests.factories import make_idea, make_moderator, make_theme, make_user, make_vote


def _voters(session, idea_id: int) -> set[int]:
    return set(session.exec(select(Vote.user_id).where(Vote.idea_id == idea_id)).all())


def _state(session, *ideas: Idea) -> dict:
    """Each idea's stored count, its vote rows and its voters, read fresh."""
    session.expire_all()
    state = {}
    for idea in ideas:
        stored = session.exec(select(Idea.vote_count).where(Idea.id == idea.id)).one()
        rows = session.exec(
            select(func.count()).select_from(Vote).where(Vote.idea_id == idea.id)
        ).one()
        state[idea.id] = (stored, rows, _voters(session, idea.id))
    return state


def _vote_for(session, idea: Idea, voters) -> None:
    for voter in voters:
        votes.cast_vote(session=session, user=voter, idea_id=idea.id)


def test_merge_then_unmerge_returns_every_vote_count_and_counts_each_member_once(session):
    moderator = make_moderator(session)
    duplicate, survivor, bystander = make_idea(session), make_idea(session), make_idea(session)
    only_duplicate = [make_user(session) for _ in range(3)]
    both = [make_user(session) for _ in range(2)]
    only_survivor = [make_user(session)]
    _vote_for(session, duplicate, only_duplicate + both)
    _vote_for(session, survivor, both + only_survivor)
    _vote_for(session, bystander, both)
    before = _state(session, duplicate, survivor, bystander)
    scores = {i.id: session.get(Idea, i.id).trending_score for i in (duplicate, survivor)}

    merging.merge_idea(session=session, actor=moderator, idea_id=duplicate.id, into=survivor.id)

    merged = _state(session, duplicate, survivor, bystander)
    everyone = {m.id for m in only_duplicate + both + only_survivor}
    assert merged[survivor.id] == (6, 6, everyone), "each member counts once"
    assert merged[duplicate.id] == (0, 0, set())
    assert merged[bystander.id] == before[bystander.id]
    closed = session.get(Idea, duplicate.id)
    assert (closed.status, closed.merged_into_id) == (IdeaStatus.merged, survivor.id)

    merging.unmerge_idea(session=session, actor=moderator, idea_id=duplicate.id)

    assert _state(session, duplicate, survivor, bystander) == before
    reopened = session.get(Idea, duplicate.id)
    assert (reopened.status, reopened.merged_into_id) == (IdeaStatus.open, None)
    for idea_id, score in scores.items():
        assert session.get(Idea, idea_id).trending_score == pytest.approx(score, abs=1e-6)


def test_unmerge_leaves_votes_cast_since_and_honours_withdrawn_ones(session):
    moderator = make_moderator(session)
    duplicate, survivor = make_idea(session), make_idea(session)
    stays, withdraws, backer, newcomer = (make_user(session) for _ in range(4))
    _vote_for(session, duplicate, [stays, withdraws])
    _vote_for(session, survivor, [backer])
    merging.merge_idea(session=session, actor=moderator, idea_id=duplicate.id, into=survivor.id)

    votes.cast_vote(session=session, user=newcomer, idea_id=survivor.id)
    votes.withdraw_vote(session=session, user=withdraws, idea_id=survivor.id)
    merging.unmerge_idea(session=session, actor=moderator, idea_id=duplicate.id)

    state = _state(session, duplicate, survivor)
    assert state[duplicate.id] == (1, 1, {stays.id})
    assert state[survivor.id] == (2, 2, {backer.id, newcomer.id})


def test_a_merged_idea_takes_no_votes_or_comments_and_leaves_its_theme_count(session):
    moderator, member = make_moderator(session), make_user(session)
    theme = make_theme(session)
    duplicate, survivor = make_idea(session, theme=theme), make_idea(session, theme=theme)
    merging.merge_idea(session=session, actor=moderator, idea_id=duplicate.id, into=survivor.id)

    with pytest.raises(Forbidden):
        votes.cast_vote(session=session, user=member, idea_id=duplicate.id)
    with pytest.raises(Forbidden):
        comments.add_comment(session=session, author=member, idea_id=duplicate.id, body="Hi")
    session.expire_all()
    assert session.get(Theme, theme.id).idea_count == 1

    merging.unmerge_idea(session=session, actor=moderator, idea_id=duplicate.id)
    session.expire_all()
    assert session.get(Theme, theme.id).idea_count == 2


def _refusal(session, moderator, idea: Idea, into) -> str:
    with pytest.raises(ValidationFailed) as refused:
        merging.merge_idea(session=session, actor=moderator, idea_id=idea.id, into=into)
    return refused.value.errors["into"]


def test_merge_is_refused_with_a_clear_message(session):
    moderator = make_moderator(session)
    first, second, third, hidden = (make_idea(session) for _ in range(4))
    hiding.hide_idea(session=session, actor=moderator, idea_id=hidden.id)
    merging.merge_idea(session=session, actor=moderator, idea_id=first.id, into=second.id)

    assert "itself" in _refusal(session, moderator, third, third.id)
    assert "merged into another" in _refusal(session, moderator, third, first.id)
    assert "hidden" in _refusal(session, moderator, third, hidden.id)
    assert "cycle" in _refusal(session, moderator, second, first.id)
    assert "already merged" in _refusal(session, moderator, first, third.id)
    assert "no idea number" in _refusal(session, moderator, third, 999_999)
    assert "number" in _refusal(session, moderator, third, "the other one")
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "idea.merge")).all()
    assert len(events) == 1


def test_chained_merges_unwind_only_from_the_last(session):
    moderator = make_moderator(session)
    first, second, third = (make_idea(session) for _ in range(3))
    _vote_for(session, first, [make_user(session) for _ in range(2)])
    _vote_for(session, second, [make_user(session)])
    shared = make_user(session)
    _vote_for(session, first, [shared])
    _vote_for(session, third, [shared])
    before = _state(session, first, second, third)

    merging.merge_idea(session=session, actor=moderator, idea_id=first.id, into=second.id)
    merging.merge_idea(session=session, actor=moderator, idea_id=second.id, into=third.id)
    assert _state(session, third)[third.id][0] == 4

    with pytest.raises(Conflict):
        merging.unmerge_idea(session=session, actor=moderator, idea_id=first.id)
    merging.unmerge_idea(session=session, actor=moderator, idea_id=second.id)
    merging.unmerge_idea(session=session, actor=moderator, idea_id=first.id)

    assert _state(session, first, second, third) == before


def test_unmerge_of_an_idea_that_is_not_merged_is_refused(session):
    with pytest.raises(Conflict):
        merging.unmerge_idea(
            session=session, actor=make_moderator(session), idea_id=make_idea(session).id
        )


def test_merge_and_unmerge_each_write_one_audit_event(session):
    moderator = make_moderator(session)
    duplicate, survivor = make_idea(session), make_idea(session)
    make_vote(session, idea=duplicate)

    merging.merge_idea(session=session, actor=moderator, idea_id=duplicate.id, into=survivor.id)
    merging.unmerge_idea(session=session, actor=moderator, idea_id=duplicate.id)

    events = session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor_id, e.target_id) for e in events] == [
        ("idea.merge", moderator.id, duplicate.id),
        ("idea.unmerge", moderator.id, duplicate.id),
    ]
    assert events[0].after["merged_into_id"] == survivor.id
    assert events[0].after["votes_moved"] == 1
