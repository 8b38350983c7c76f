"""One notification per event per member, and none left for a deleted comment (issue 18)."""

from sqlmodel import col, select

from app.models import Notification
from app.services.ideas import comments
from tests.factories import make_comment, make_idea, make_user


def _rows(session, user) -> list[Notification]:
    session.commit()
    return list(
        session.exec(
            select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(col(Notification.id))
        )
    )


def test_mentioning_the_ideas_author_tells_them_once(session):
    author = make_user(session, display_name="Priya Shah")
    idea = make_idea(session, author=author)
    mine = make_comment(session, idea=idea, author=author)

    make_comment(session, idea=idea, body="@Priya Shah what did it cost?")
    make_comment(session, idea=idea, parent=mine, body="@Priya Shah agreed.", stance="")

    assert len(_rows(session, author)) == 2, "one for each comment, not one per reason"


def test_deleting_a_comment_takes_its_notifications_away(session):
    author, commenter = make_user(session), make_user(session)
    idea = make_idea(session, author=author)
    comment = make_comment(session, idea=idea, author=commenter)
    assert _rows(session, author)

    comments.delete_comment(session=session, user=commenter, comment_id=comment.id)

    assert _rows(session, author) == []
