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

import asyncio
import logging
import threading
import weakref
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import (
    Connection,
    Dialect,
    Engine,
    String,
    bindparam,
    cast,
    delete,
    func,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, col, select

from app.db import (
    WRITE_NOWAIT,
    WRITE_OPTION,
    RawQuery,
    WriteLockBusy,
    begin_write,
    note_raw_write,
)
from app.models import Idea, IdeaStatus, User, Vote, utcnow
from app.services import follows, trending
from app.services.accounts import live_member_query
from app.services.errors import DomainError, Forbidden, NotFound

log = logging.getLogger(__name__)

# How long a batch on the event loop may wait for a row lock on PostgreSQL.
LOOP_LOCK_TIMEOUT_MS = 200


@dataclass(frozen=True)
class VoteState:
    idea_id: int
    voted: bool
    vote_count: int


class MemberVote(NamedTuple):
    """A vote the batched writer made, and the member it made it for."""

    user_id: int
    state: VoteState


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
        self.live_member = compiled(live_member_query(bindparam("digest", ""), now))

    def live_member_id(self, connection, *, session_digest: str, now: datetime) -> int | None:
        """The live, active, verified member holding this session (see
        accounts.live_member_query), or None."""
        found = self.live_member.rows(connection, digest=session_digest, now=now)
        return found[0][0] if found else None

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


class VoteWriter:
    """Votes written in batches: every vote that arrives while a batch is being written
    goes into the next one, in one transaction with one commit ("group commit").

    A commit waits for the disk (fsync); one per vote caps a database at about a
    thousand votes a second on this kind of machine, however little else a vote costs.
    Batched, the wait is shared, and each vote is still answered only once it is on
    disk. Each vote is checked and counted exactly as `cast_vote` does it; one that is
    refused writes nothing and does not disturb the others; if the batch fails, none of
    it is written and each vote is told so (None), to be made the usual way.

    A batch's statements run on the event loop: a vote's are some tens of microseconds
    of SQLite work, and on a thread of their own they waited for the interpreter lock
    behind every request the loop served (measured on the large forum: 64 µs a vote
    alone, 220 µs beside the loop). What waits runs on a thread: taking the write lock
    (BEGIN IMMEDIATE) and the commit. That thread is the writer's own, one per event
    loop, not the shared pool: a batch holding the write lock must never queue for a
    thread behind requests that wait for the lock.
    """

    MAX_BATCH = 256

    def __init__(self, engine: Engine, *, after_commit: Callable[[], None]) -> None:
        self.engine = engine
        self.after_commit = after_commit
        self._batches: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    async def change(self, *, session_digest: str, idea_id: int, voted: bool):
        """Cast (`voted`) or withdraw, in the next batch, the vote of the member whose
        session cookie's digest is `session_digest`: a MemberVote once committed, the
        DomainError that refused it, or None if the session is not a live, verified
        member's or the batch failed.

        The member is looked up inside the batch's write transaction, on the writer's
        own connection: on its own, on the event loop, each lookup cost a transaction of
        its own on a connection whose page cache every batch's commit had emptied."""
        loop = asyncio.get_running_loop()
        with self._lock:
            if loop not in self._batches:
                self._batches[loop] = _Batches(self)
            batches = self._batches[loop]
        return await batches.change(session_digest, idea_id, voted)

    def stop(self) -> None:
        """Let the writer's threads end (at shutdown)."""
        with self._lock:
            batches, self._batches = list(self._batches.values()), weakref.WeakKeyDictionary()
        for batch in batches:
            batch.close()


class _Batches:
    """The batches of one event loop."""

    def __init__(self, writer: VoteWriter) -> None:
        self.writer = writer
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vote-writer")
        self.pending: list[tuple[str, int, bool, asyncio.Future]] = []
        self.writing: asyncio.Task | None = None
        # The batches' own connection, kept between them (never waited for on the loop).
        self.connection: Connection | None = None

    def close(self) -> None:
        self.thread.shutdown(wait=True)
        self._drop_connection()

    async def change(self, session_digest: str, idea_id: int, voted: bool):
        future = asyncio.get_running_loop().create_future()
        self.pending.append((session_digest, idea_id, voted, future))
        if self.writing is None:
            self.writing = asyncio.create_task(self._write_all())
        return await future

    async def _write_all(self) -> None:
        try:
            while self.pending:
                batch = self.pending[: self.writer.MAX_BATCH]
                del self.pending[: len(batch)]
                try:
                    results = await self._write(batch)
                except Exception:  # every vote waiting on this batch must get an answer
                    log.exception("a batch of %d votes failed; each is made the usual way",
                                  len(batch))  # fmt: skip
                    self._drop_connection()
                    results = [None] * len(batch)
                for (*_vote, future), result in zip(batch, results, strict=True):
                    if not future.done():  # the client may have gone
                        future.set_result(result)
        finally:
            self.writing = None

    async def _write(self, batch: list) -> list:
        """The batch's results; raises (having written nothing) if it failed."""
        loop = asyncio.get_running_loop()
        connection = await self._begin(loop)
        try:
            results = self._changes(connection, batch)
        except BaseException:
            # One trip to the thread to end the batch either way (each trip waits for
            # the interpreter lock while the loop is busy).
            await loop.run_in_executor(self.thread, connection.rollback)
            raise
        await loop.run_in_executor(self.thread, connection.commit)
        self.writer.after_commit()
        return results

    async def _begin(self, loop: asyncio.AbstractEventLoop) -> Connection:
        """The batch's transaction, begun on the loop when the write lock is free (the
        usual case: no trip to the thread), else on the thread, which may wait for it."""
        if self.connection is None:
            self.connection = await loop.run_in_executor(self.thread, self.writer.engine.connect)
        connection = self.connection
        try:
            connection.execution_options(**{WRITE_OPTION: True, WRITE_NOWAIT: True}).begin()
        except WriteLockBusy:
            connection.execution_options(**{WRITE_NOWAIT: False})
            await loop.run_in_executor(self.thread, connection.begin)
        return connection

    def _drop_connection(self) -> None:
        """After a failure, or at the end: the next batch gets a fresh connection, and
        this one lets go of the write lock (its rollback event does, whatever the
        database answers) and is closed, never reused."""
        connection, self.connection = self.connection, None
        if connection is None:
            return
        try:
            connection.rollback()
        except Exception:
            log.warning("rolling back a failed batch's connection failed", exc_info=True)
        connection.invalidate()
        connection.close()

    @staticmethod
    def _changes(connection: Connection, batch: list) -> list:
        statements = statements_for(connection.dialect)
        dbapi_connection = connection.connection.dbapi_connection
        if connection.dialect.name == "postgresql":
            # The statements run on the event loop: a row lock held elsewhere fails the
            # batch (its votes are then made the usual way) instead of stalling the loop.
            dbapi_connection.execute(f"SET LOCAL lock_timeout = '{LOOP_LOCK_TIMEOUT_MS}ms'")
        now = utcnow()
        results: list = []
        for session_digest, idea_id, voted, _future in batch:
            user_id = statements.live_member_id(
                dbapi_connection, session_digest=session_digest, now=now
            )
            if user_id is None:
                results.append(None)  # the app answers: sign in, or why not
                continue
            try:
                state = statements.change(
                    dbapi_connection, user_id=user_id, idea_id=idea_id, voted=voted, now=now
                )
                results.append(MemberVote(user_id, state))
            except DomainError as refusal:
                results.append(refusal)
        return results


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
