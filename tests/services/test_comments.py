import pytest

from app.models import Idea
from app.services.errors import Forbidden, ValidationFailed
from app.services.ideas import comments
from tests.factories import make_comment, make_idea, make_user


def test_comments_count_and_tally_by_stance(session):
    idea = make_idea(session)
    for stance in ("for", "for", "against", "neutral"):
        make_comment(session, idea=idea, stance=stance)

    session.refresh(idea)
    assert idea.comment_count == 4
    assert (idea.comments_for, idea.comments_against, idea.comments_neutral) == (2, 1, 1)
    assert idea.comment_count == comments.count_shown_comments(session=session, idea_id=idea.id)


def test_a_reply_to_a_reply_joins_the_top_level_thread(session):
    idea = make_idea(session)
    top = make_comment(session, idea=idea)
    reply = make_comment(session, idea=idea, parent=top)
    reply_to_reply = make_comment(session, idea=idea, parent=reply)

    assert reply_to_reply.parent_id == top.id
    thread = comments.comment_thread(session=session, idea_id=idea.id)
    assert [c.id for c in thread] == [top.id]
    assert [c.id for c in thread[0].replies] == [reply.id, reply_to_reply.id]


def test_reply_to_a_comment_on_another_idea_is_refused(session):
    first, second = make_idea(session), make_idea(session)
    elsewhere = make_comment(session, idea=first)

    with pytest.raises(ValidationFailed) as caught:
        make_comment(session, idea=second, parent=elsewhere)
    assert "parent_id" in caught.value.errors


def test_empty_comment_and_unknown_stance_are_refused(session):
    idea = make_idea(session)

    with pytest.raises(ValidationFailed) as caught:
        make_comment(session, idea=idea, body="   ", stance="maybe")

    assert set(caught.value.errors) == {"body", "stance"}
    session.refresh(idea)
    assert idea.comment_count == 0


def test_deleting_a_comment_with_replies_leaves_it_removed(session):
    idea = make_idea(session)
    author = make_user(session)
    top = make_comment(session, idea=idea, author=author, stance="against")
    make_comment(session, idea=idea, parent=top)

    comments.delete_comment(session=session, user=author, comment_id=top.id)

    thread = comments.comment_thread(session=session, idea_id=idea.id)
    assert thread[0].removed and thread[0].body_html == ""
    assert len(thread[0].replies) == 1
    session.refresh(idea)
    assert (idea.comment_count, idea.comments_against) == (1, 0)


def test_deleting_a_comment_without_replies_removes_it_from_the_thread(session):
    idea = make_idea(session)
    author = make_user(session)
    lone = make_comment(session, idea=idea, author=author)

    comments.delete_comment(session=session, user=author, comment_id=lone.id)

    assert comments.comment_thread(session=session, idea_id=idea.id) == []


def test_editing_a_stance_moves_the_tally(session):
    idea = make_idea(session)
    author = make_user(session)
    comment = make_comment(session, idea=idea, author=author, stance="for")

    edited = comments.edit_comment(
        session=session,
        user=author,
        comment_id=comment.id,
        body="On reflection, no.",
        stance="against",
    )

    refreshed = session.get(Idea, idea.id)
    session.refresh(refreshed)
    assert (refreshed.comments_for, refreshed.comments_against) == (0, 1)
    assert edited.edited_at is not None and "On reflection" in edited.body_html


def test_only_the_author_can_edit_or_delete(session):
    idea = make_idea(session)
    comment = make_comment(session, idea=idea)
    other = make_user(session)

    with pytest.raises(Forbidden):
        comments.edit_comment(session=session, user=other, comment_id=comment.id, body="Mine now")
    with pytest.raises(Forbidden):
        comments.delete_comment(session=session, user=other, comment_id=comment.id)


def test_unverified_member_cannot_comment(session):
    idea = make_idea(session)
    with pytest.raises(Forbidden):
        make_comment(session, idea=idea, author=make_user(session, verified=False))
