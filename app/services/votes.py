"""Votes: one per member per idea, and the idea's counters kept with them.

Vote and unvote are idempotent. Each runs in one transaction that first locks the idea
row (FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transaction already holds the only
write lock), then inserts or deletes the vote and, only if a row really changed, moves
`vote_count` and `trending_score`. The UNIQUE(idea_id, user_id) constraint backs this:
a racing duplicate insert does nothing instead of counting twice.

Votes are the forum's busiest write, so their few statements are compiled once and run
straight on the connection (`VoteStatements`), by the routes and by `VoteWriter`, which
writes the votes of the fast path (app/web/fast_votes.py) many to a commit.
"""

import logging
import queue
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Dialect, Engine, String, bindparam, cast, delete, func, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, col, select

from app.db import WRITE_OPTION, RawQuery, begin_write, note_raw_write
from app.models import Idea, IdeaStatus, User, Vote, utcnow
from app.services import follows, trending
from app.services.errors import DomainError, Forbidden, NotFound

log = logging.getLogger(__name__)


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
        if not found or found[0][1] is not None:
            raise NotFound("There is no idea at this address. It may have been removed.")
        status, _hidden_at, count, score, created_at = found[0]
        if status == IdeaStatus.merged:
            raise Forbidden("This idea has been merged into another; vote for that one instead.")
        who = {"idea_id": idea_id, "user_id": user_id}
        if voted and self.add.rows(connection, **who, now=now):
            count, score = count + 1, trending.add_activity(score, now)
            self.count_up.rows(connection, idea_id=idea_id, vote_count=count, score=score, now=now)
            self.follow.rows(connection, **who, now=now)
        elif not voted and (removed := self.remove.rows(connection, **who)):
            floor = trending.initial_score(created_at)
            count, score = count - 1, trending.remove_activity(score, removed[0][0], floor=floor)
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
    begin_write(session)
    connection = session.connection()
    try:
        state = statements_for(connection.dialect).change(
            connection.connection.dbapi_connection,
            user_id=user.id, idea_id=idea_id, voted=voted, now=utcnow(),
        )  # fmt: skip
    except DomainError:
        session.rollback()
        raise
    note_raw_write(session)
    session.commit()
    # The counters changed round the ORM: a copy of the idea this session holds is stale.
    held = session.identity_map.get(identity_key(Idea, idea_id))
    if held is not None:
        session.expire(held)
    return state


# --- many votes, one commit ------------------------------------------------------------


@dataclass
class VoteJob:
    user_id: int
    idea_id: int
    voted: bool
    # Called (on the writer's thread) with a VoteState, the DomainError refusing the
    # vote, or None when the batch failed and nothing was written.
    done: Callable[[VoteState | DomainError | None], None]


class VoteWriter:
    """Votes written by one thread, in batches: every vote that arrived while the last
    batch was committing goes into the next one, in one transaction with one commit.

    A commit waits for the disk (fsync); one per vote caps a database at about a
    thousand votes a second on this kind of machine, however little else a vote costs.
    Batched ("group commit"), the wait is shared, and a vote is still answered only once
    it is on disk. Each vote is checked and counted exactly as `cast_vote` does it; one
    that is refused writes nothing and does not disturb the others; if the batch fails,
    none of it is written and each vote is told so (None), to be made the usual way.
    """

    MAX_BATCH = 256

    def __init__(self, engine: Engine, *, after_commit: Callable[[], None]) -> None:
        self.engine = engine
        self.after_commit = after_commit
        self._jobs: queue.SimpleQueue[VoteJob | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def submit(self, job: VoteJob) -> None:
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="vote-writer", daemon=True)
                self._thread.start()
        self._jobs.put(job)

    def stop(self) -> None:
        with self._start_lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._jobs.put(None)
            thread.join()

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            batch = [job]
            while len(batch) < self.MAX_BATCH:
                try:
                    job = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if job is None:
                    self._jobs.put(None)  # stop after this batch
                    break
                batch.append(job)
            self._write(batch)

    def _write(self, batch: list[VoteJob]) -> None:
        results: list = []
        try:
            options = {WRITE_OPTION: True}
            with (
                self.engine.connect().execution_options(**options) as connection,
                connection.begin(),
            ):
                statements = statements_for(connection.dialect)
                dbapi_connection = connection.connection.dbapi_connection
                now = utcnow()
                for job in batch:
                    try:
                        results.append(statements.change(
                            dbapi_connection, user_id=job.user_id, idea_id=job.idea_id,
                            voted=job.voted, now=now,
                        ))  # fmt: skip
                    except DomainError as refusal:
                        results.append(refusal)
            self.after_commit()
        except Exception:
            log.exception("a batch of %d votes failed; each is made the usual way", len(batch))
            results = [None] * len(batch)
        for job, result in zip(batch, results, strict=True):
            job.done(result)


def voted_query(user_id, idea_ids: list[int]):
    """Which of these ideas the member has voted for."""
    return select(Vote.idea_id).where(Vote.user_id == user_id, col(Vote.idea_id).in_(idea_ids))


def voted_list_query(user_id, idea_ids: list[int]):
    """`voted_query` as one value: the ids with commas between them, or NULL. (The
    member page cache asks it together with the member, app/web/member_pages.py.)"""
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
