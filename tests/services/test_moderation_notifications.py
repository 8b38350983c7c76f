"""Moderation tells the people involved: followers hear of official answers, the author
of a merged idea hears where it went."""

from sqlmodel import select

from app.models import Notification, NotificationKind, Role
from app.services.ideas import merging, votes
from app.services.moderation import answers
from tests.factories import make_idea, make_user


def _notes(session, user):
    return session.exec(select(Notification).where(Notification.user_id == user.id)).all()


def test_an_official_answer_notifies_the_ideas_followers(session):
    idea = make_idea(session)
    voter = make_user(session)
    votes.cast_vote(session=session, user=voter, idea_id=idea.id)  # voting follows the idea
    moderator = make_user(session, role=Role.moderator)

    answers.set_status(
        session=session, actor=moderator, idea_id=idea.id, status="planned",
        response="We will pilot this in the spring.",
    )  # fmt: skip

    [note] = _notes(session, voter)
    assert (note.kind, note.status, note.response) == (
        NotificationKind.status,
        "planned",
        "We will pilot this in the spring.",
    )
    assert _notes(session, moderator) == []


def test_merging_tells_the_author_where_their_idea_went(session):
    author = make_user(session)
    merged = make_idea(session, author=author, title="Payroll shared between charities")
    survivor = make_idea(session, title="Shared payroll service")
    moderator = make_user(session, role=Role.moderator)

    merging.merge_idea(session=session, actor=moderator, idea_id=merged.id, into=survivor.id)

    kinds = {(n.kind, n.other_idea_id) for n in _notes(session, author)}
    assert (NotificationKind.merged, survivor.id) in kinds
