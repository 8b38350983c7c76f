"""What the Atom feeds show: the newest ideas (everywhere or in a theme), and an idea's
debate. Hidden ideas and comments never appear; merged ideas leave the idea feeds."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from app.models import Comment, Idea, IdeaStatus, Theme, User
from app.services.errors import NotFound

FEED_SIZE = 50


@dataclass(frozen=True)
class FeedIdea:
    id: int
    title: str
    body_html: str
    status: str
    author_name: str
    theme_name: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class FeedComment:
    id: int
    author_name: str
    stance: str
    body_html: str
    created_at: datetime
    updated_at: datetime


def _select_feed_ideas():
    """An idea's columns a feed shows, with its author's name and its theme's."""
    return (
        select(
            Idea.id,
            Idea.title,
            Idea.body_html,
            Idea.status,
            User.display_name,
            Theme.name,
            Idea.created_at,
            Idea.updated_at,
        )  # fmt: skip
        .join(User, col(User.id) == Idea.author_id)
        .join(Theme, col(Theme.id) == Idea.theme_id)
    )


def _feed_ideas(session: Session, theme_id: int | None) -> list[FeedIdea]:
    query = (
        _select_feed_ideas()
        .where(col(Idea.hidden_at).is_(None), Idea.status != IdeaStatus.merged)
        .order_by(col(Idea.created_at).desc(), col(Idea.id).desc())
        .limit(FEED_SIZE)
    )
    if theme_id is not None:
        query = query.where(Idea.theme_id == theme_id)
    return [FeedIdea(*row) for row in session.exec(query)]


def newest_ideas(*, session: Session) -> list[FeedIdea]:
    return _feed_ideas(session, None)


def theme_ideas(*, session: Session, slug: str) -> tuple[Theme, list[FeedIdea]]:
    theme = session.exec(select(Theme).where(Theme.slug == slug)).first()
    if theme is None:
        raise NotFound("There is no theme at this address.")
    return theme, _feed_ideas(session, theme.id)


def idea_debate(*, session: Session, idea_id: int) -> tuple[FeedIdea, list[FeedComment]]:
    """The idea and its newest shown comments."""
    row = session.exec(
        _select_feed_ideas().where(Idea.id == idea_id, col(Idea.hidden_at).is_(None))
    ).first()
    if row is None:
        raise NotFound("There is no idea at this address. It may have been removed.")
    comments = session.exec(
        select(
            Comment.id,
            User.display_name,
            Comment.stance,
            Comment.body_html,
            Comment.created_at,
            Comment.edited_at,
        )  # fmt: skip
        .join(User, col(User.id) == Comment.author_id)
        .where(
            Comment.idea_id == idea_id,
            col(Comment.hidden_at).is_(None),
            col(Comment.deleted_at).is_(None),
        )
        .order_by(col(Comment.created_at).desc(), col(Comment.id).desc())
        .limit(FEED_SIZE)
    ).all()
    return FeedIdea(*row), [
        FeedComment(
            id=c[0],
            author_name=c[1],
            stance=c[2],
            body_html=c[3],
            created_at=c[4],
            updated_at=c[5] or c[4],
        )  # fmt: skip
        for c in comments
    ]
