"""Members' public profiles: who they are (never their email), what they proposed and
said, and, on their own page only, what they voted for.

Each list is newest first, a page at a time by keyset on the id (`before`), over the
indexes by author and by voter. Only what the forum shows is listed: no hidden ideas or
comments, no deleted comments, nothing on a hidden idea. A former member (an erased
account) has no profile.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.models import Comment, Idea, Stance, User, UserState, Vote
from app.services.errors import NotFound
from app.services.rounds.state import shown_count_sql

PAGE_SIZE = 20
EXCERPT_CHARS = 200
T = TypeVar("T")


@dataclass(frozen=True)
class Profile:
    id: int
    display_name: str
    organisation: str
    bio: str
    joined_at: datetime
    role: str


@dataclass(frozen=True)
class Listed(Generic[T]):
    """One page of a profile's list; `before` for the next page, None at the end."""

    items: list[T]
    before: int | None


@dataclass(frozen=True)
class ProfileIdea:
    id: int
    title: str
    status: str
    vote_count: int | None  # None while its round hides the totals
    comment_count: int
    created_at: datetime


@dataclass(frozen=True)
class ProfileComment:
    id: int
    idea_id: int
    idea_title: str
    stance: str
    excerpt: str
    created_at: datetime


@dataclass(frozen=True)
class ProfileVote:
    id: int
    idea_id: int
    idea_title: str
    status: str
    voted_at: datetime


def get_profile(*, session: Session, member_id: int) -> Profile:
    user = session.get(User, member_id)
    if user is None or user.state == UserState.deleted:
        raise NotFound("There is no member at this address.")
    return Profile(
        id=user.id,
        display_name=user.display_name,
        organisation=user.organisation,
        bio=user.bio,
        joined_at=user.created_at,
        role=user.role,
    )


def _page(rows: list, limit: int, make) -> Listed:
    items = [make(row) for row in rows[:limit]]
    return Listed(items=items, before=items[-1].id if len(rows) > limit else None)


def member_ideas(
    *, session: Session, member_id: int, before: int | None = None, limit: int = PAGE_SIZE
) -> Listed[ProfileIdea]:
    query = (
        select(Idea.id, Idea.title, Idea.status, shown_count_sql(Idea.vote_count, Idea.round_id),
               Idea.comment_count, Idea.created_at)
        .where(Idea.author_id == member_id, col(Idea.hidden_at).is_(None))
        .order_by(col(Idea.id).desc())
        .limit(limit + 1)
    )  # fmt: skip
    if before is not None:
        query = query.where(col(Idea.id) < before)
    return _page(session.exec(query).all(), limit, lambda row: ProfileIdea(*row))


def member_comments(
    *, session: Session, member_id: int, before: int | None = None, limit: int = PAGE_SIZE
) -> Listed[ProfileComment]:
    query = (
        select(Comment.id, Comment.idea_id, Idea.title, Comment.stance,
               func.substr(Comment.body, 1, EXCERPT_CHARS + 1), Comment.created_at)
        .join(Idea, col(Idea.id) == Comment.idea_id)
        .where(
            Comment.author_id == member_id,
            col(Comment.hidden_at).is_(None),
            col(Comment.deleted_at).is_(None),
            col(Idea.hidden_at).is_(None),
        )
        .order_by(col(Comment.id).desc())
        .limit(limit + 1)
    )  # fmt: skip
    if before is not None:
        query = query.where(col(Comment.id) < before)

    def make(row) -> ProfileComment:
        id_, idea_id, title, stance, body, created = row
        text = " ".join(body.split())
        if len(body) > EXCERPT_CHARS:
            text = text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + "…"
        return ProfileComment(id_, idea_id, title, stance, text, created)

    return _page(session.exec(query).all(), limit, make)


def member_votes(
    *, session: Session, member_id: int, before: int | None = None, limit: int = PAGE_SIZE
) -> Listed[ProfileVote]:
    """The ideas the member voted for, latest vote first: for their own eyes only."""
    query = (
        select(Vote.id, Vote.idea_id, Idea.title, Idea.status, Vote.created_at)
        .join(Idea, col(Idea.id) == Vote.idea_id)
        .where(Vote.user_id == member_id, col(Idea.hidden_at).is_(None))
        .order_by(col(Vote.id).desc())
        .limit(limit + 1)
    )
    if before is not None:
        query = query.where(col(Vote.id) < before)
    return _page(session.exec(query).all(), limit, lambda row: ProfileVote(*row))


@dataclass(frozen=True)
class ProfileStance:
    id: int
    idea_id: int
    idea_title: str
    answer: str  # "disagree" or "pass"
    answered_at: datetime


def member_stances(
    *, session: Session, member_id: int, before: int | None = None, limit: int = PAGE_SIZE
) -> Listed[ProfileStance]:
    """The ideas the member disagreed with or passed on, latest first: their own eyes only."""
    query = (
        select(Stance.id, Stance.idea_id, Idea.title, Stance.answer, Stance.created_at)
        .join(Idea, col(Idea.id) == Stance.idea_id)
        .where(Stance.user_id == member_id, col(Idea.hidden_at).is_(None))
        .order_by(col(Stance.id).desc())
        .limit(limit + 1)
    )
    if before is not None:
        query = query.where(col(Stance.id) < before)
    return _page(session.exec(query).all(), limit, lambda row: ProfileStance(*row))
