"""Votes: one per member per idea, and the idea's counters kept with them.

Vote and unvote are idempotent. Each runs in one transaction that first locks the idea
row (FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transaction already holds the only
write lock), then inserts or deletes the vote and, only if a row really changed, moves
`vote_count` and `trending_score` (counters.py). The UNIQUE(idea_id, user_id) constraint
backs this: a racing duplicate insert does nothing instead of counting twice.

Votes are the forum's busiest write, so their few statements are compiled once and run
straight on the connection (`VoteStatements`): by the routes here, and by the fast lane's
batched writer, which makes many votes in one commit.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Dialect, String, bindparam, cast, delete, func, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, col, select

from app.db import RawQuery, write_transaction
from app.models import Idea, IdeaStatus, User, Vote, utcnow
from app.services.errors import Forbidden, NotFound
from app.services.ideas import counters
from app.services.notifying import follows


@dataclass(frozen=True)
class VoteState:
    idea_id: int
    voted: bool
    vote_count: int


class VoteStatements:
    """A vote's statements, compiled once per database and run straight on the
    connection: the app's routes and the batched writer below change votes through
    these, so the rules are written once."""

    def __init__(self, dialect: Dialect) -> None:
        def compiled(statement) -> RawQuery:
            return RawQuery(statement, dialect)

        idea_id, user_id, now = (
            bindparam("idea_id", 0),
            bindparam("user_id", 0),
            bindparam("now", utcnow()),
        )
        insert = postgresql.insert if dialect.name == "postgresql" else sqlite.insert
        # Core statements on the tables: an ORM-enabled one compiles only in a Session.
        ideas, votes = Idea.__table__.c, Vote.__table__
        self.lock_idea = compiled(
            select(ideas.status, ideas.hidden_at, ideas.vote_count, ideas.trending_score,
                   ideas.created_at)
            .where(ideas.id == idea_id)
            .with_for_update()
        )  # fmt: skip
        self.add = compiled(
            insert(votes)
            .values(idea_id=idea_id, user_id=user_id, created_at=now)
            .on_conflict_do_nothing(index_elements=["idea_id", "user_id"])
            .returning(votes.c.id)
        )
        self.remove = compiled(
            delete(votes)
            .where(votes.c.idea_id == idea_id, votes.c.user_id == user_id)
            .returning(votes.c.created_at)
        )
        counters = {
            "vote_count": bindparam("vote_count", 0),
            "trending_score": bindparam("score", 0.0),
        }
        self.count_up = compiled(
            update(Idea.__table__)
            .where(ideas.id == idea_id)
            .values(**counters, last_activity_at=now)
        )
        self.count_down = compiled(
            update(Idea.__table__).where(ideas.id == idea_id).values(**counters)
        )
        self.follow = compiled(follows.auto_follow_statement(dialect.name, "vote"))

    def change(
        self, connection, *, user_id: int, idea_id: int, voted: bool, now: datetime
    ) -> VoteState:
        """Cast (`voted`) or withdraw the member's vote, inside the caller's write
        transaction on the DBAPI `connection`. NotFound or Forbidden, having written
        nothing, if the idea cannot be voted on."""
        found = self.lock_idea.rows(connection, idea_id=idea_id)
        if not found or found[0].hidden_at is not None:
            raise NotFound("There is no idea at this address. It may have been removed.")
        idea = found[0]
        if idea.status == IdeaStatus.merged:
            raise Forbidden("This idea has been merged into another; vote for that one instead.")
        count, score = idea.vote_count, idea.trending_score
        who = {"idea_id": idea_id, "user_id": user_id}
        if voted and self.add.rows(connection, **who, now=now):
            count, score = counters.after_vote_added(count, score, now)
            self.count_up.rows(connection, idea_id=idea_id, vote_count=count, score=score, now=now)
            self.follow.rows(connection, **who, now=now)
        elif not voted and (removed := self.remove.rows(connection, **who)):
            count, score = counters.after_vote_removed(
                count, score, removed[0].created_at, idea.created_at
            )
            self.count_down.rows(connection, idea_id=idea_id, vote_count=count, score=score)
        return VoteState(idea_id=idea_id, voted=voted, vote_count=count)


_statements: dict[str, VoteStatements] = {}


def statements_for(dialect: Dialect) -> VoteStatements:
    if dialect.name not in _statements:
        _statements[dialect.name] = VoteStatements(dialect)
    return _statements[dialect.name]


def cast_vote(*, session: Session, user: User, idea_id: int) -> VoteState:
    return _change(session, user, idea_id, voted=True)


def withdraw_vote(*, session: Session, user: User, idea_id: int) -> VoteState:
    return _change(session, user, idea_id, voted=False)


def _change(session: Session, user: User, idea_id: int, *, voted: bool) -> VoteState:
    if not user.is_verified:
        raise Forbidden("Confirm your email address to vote.")
    with write_transaction(session):
        connection = session.connection()
        state = statements_for(connection.dialect).change(
            connection.connection.dbapi_connection,
            user_id=user.id, idea_id=idea_id, voted=voted, now=utcnow(),
        )  # fmt: skip
    # The counters changed round the ORM: a copy of the idea this session holds is stale.
    held = session.identity_map.get(identity_key(Idea, idea_id))
    if held is not None:
        session.expire(held)
    return state


def voted_query(user_id, idea_ids: list[int]):
    """Which of these ideas the member has voted for."""
    return select(Vote.idea_id).where(Vote.user_id == user_id, col(Vote.idea_id).in_(idea_ids))


def voted_list_query(user_id, idea_ids: list[int]):
    """`voted_query` as one value: the ids with commas between them, or NULL (for a
    lookup that asks it together with other things in one statement)."""
    ids = cast(Vote.idea_id, String)
    return select(func.aggregate_strings(ids, ",")).where(
        Vote.user_id == user_id, col(Vote.idea_id).in_(idea_ids)
    )


def voted_idea_ids(*, session: Session, user: User | None, idea_ids: Iterable[int]) -> set[int]:
    """Which of these ideas the member has voted for: one query for a whole page."""
    ids = list(idea_ids)
    if user is None or not ids:
        return set()
    return set(session.exec(voted_query(user.id, ids)))


def vote_state(*, session: Session, user: User | None, idea: Idea) -> VoteState:
    voted = bool(user and voted_idea_ids(session=session, user=user, idea_ids=[idea.id]))
    return VoteState(idea_id=idea.id, voted=voted, vote_count=idea.vote_count)
