"""Votes: one per member per idea, and the idea's counters kept with them.

Vote and unvote are idempotent. Each runs in one transaction that first locks the idea
row (FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transaction already holds the only
write lock), then inserts or deletes the vote and, only if a row really changed, moves
`vote_count` and `trending_score`. The UNIQUE(idea_id, user_id) constraint backs this:
a racing duplicate insert does nothing instead of counting twice.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from app.db import begin_write
from app.models import Idea, IdeaStatus, User, Vote, utcnow
from app.services import follows, trending
from app.services.errors import Forbidden, NotFound


@dataclass(frozen=True)
class VoteState:
    idea_id: int
    voted: bool
    vote_count: int


def _lock_votable_idea(session: Session, user: User, idea_id: int) -> Idea:
    if not user.is_verified:
        raise Forbidden("Confirm your email address to vote.")
    begin_write(session)
    idea = session.exec(select(Idea).where(Idea.id == idea_id).with_for_update()).first()
    if idea is None or idea.hidden_at is not None:
        raise NotFound("There is no idea at this address. It may have been removed.")
    if idea.status == IdeaStatus.merged:
        raise Forbidden("This idea has been merged into another; vote for that one instead.")
    return idea


def cast_vote(*, session: Session, user: User, idea_id: int) -> VoteState:
    idea = _lock_votable_idea(session, user, idea_id)
    now = utcnow()
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    inserted = session.exec(
        insert(Vote)
        .values(idea_id=idea_id, user_id=user.id, created_at=now)
        .on_conflict_do_nothing(index_elements=["idea_id", "user_id"])
        .returning(col(Vote.id))
    ).first()
    if inserted is not None:
        idea.vote_count += 1
        idea.trending_score = trending.add_activity(idea.trending_score, now)
        idea.last_activity_at = now
        session.add(idea)
        follows.auto_follow_idea(session, user_id=user.id, idea_id=idea_id, reason="vote")
    session.commit()
    return VoteState(idea_id=idea_id, voted=True, vote_count=idea.vote_count)


def withdraw_vote(*, session: Session, user: User, idea_id: int) -> VoteState:
    idea = _lock_votable_idea(session, user, idea_id)
    removed = session.exec(
        delete(Vote)
        .where(col(Vote.idea_id) == idea_id, col(Vote.user_id) == user.id)
        .returning(col(Vote.created_at))
    ).first()
    if removed is not None:
        idea.vote_count -= 1
        idea.trending_score = trending.remove_activity(
            idea.trending_score, removed[0], floor=trending.initial_score(idea.created_at)
        )
        session.add(idea)
    session.commit()
    return VoteState(idea_id=idea_id, voted=False, vote_count=idea.vote_count)


def voted_idea_ids(*, session: Session, user: User | None, idea_ids: Iterable[int]) -> set[int]:
    """Which of these ideas the member has voted for: one query for a whole page."""
    ids = list(idea_ids)
    if user is None or not ids:
        return set()
    rows = session.exec(
        select(Vote.idea_id).where(Vote.user_id == user.id, col(Vote.idea_id).in_(ids))
    )
    return set(rows)


def vote_state(*, session: Session, user: User | None, idea: Idea) -> VoteState:
    voted = bool(user and voted_idea_ids(session=session, user=user, idea_ids=[idea.id]))
    return VoteState(idea_id=idea.id, voted=voted, vote_count=idea.vote_count)
