"""Votes and stances written in batches, many to a commit, for the fast path (votes.py)."""

import asyncio
import logging
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from functools import cache
from typing import NamedTuple

import psycopg
from sqlalchemy import Connection, Dialect, Engine, bindparam

from app.db import WRITE_NOWAIT, WRITE_OPTION, RawQuery, WriteLockBusy
from app.models import utcnow
from app.services.accounts.sessions import live_member_query
from app.services.errors import DomainError
from app.services.ideas.votes import Change, VoteState, statements_for

log = logging.getLogger(__name__)

# How long a batch on the event loop may wait for a row lock on PostgreSQL.
LOOP_LOCK_TIMEOUT_MS = 200


class MemberVote(NamedTuple):
    """A vote the batched writer made, and the member it made it for."""

    user_id: int
    state: VoteState


def _pipeline(dbapi_connection):
    """psycopg's pipeline on `dbapi_connection`, or nothing where libpq has none (< 14)."""
    if psycopg.Pipeline.is_supported():
        return dbapi_connection.pipeline()
    return nullcontext()


@cache
def _live_member_for(dialect: Dialect) -> RawQuery:
    """The live, active, verified member holding a session (accounts.sessions)."""
    return RawQuery(live_member_query(bindparam("digest", ""), bindparam("now", utcnow())), dialect)


class VoteWriter:
    """Votes written in batches: every vote that arrives while a batch is being written
    goes into the next one, in one transaction with one commit ("group commit").

    A commit waits for the disk (fsync); one per vote caps a database at about a
    thousand votes a second on this kind of machine, however little else a vote costs.
    Batched, the wait is shared, and each vote is still answered only once it is on
    disk. Each vote is checked and counted exactly as `votes.cast_vote` does it; one that is
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

    async def change(self, *, session_digest: str, idea_id: int, change: Change):
        """Make `change` (a vote, an unvote, a stance), in the next batch, for the member
        whose session cookie's digest is `session_digest`: a MemberVote once committed, the
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
        return await batches.change(session_digest, idea_id, change)

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
        self.pending: list[tuple[str, int, Change, asyncio.Future]] = []
        self.writing: asyncio.Task | None = None
        # The batches' own connection, kept between them (never waited for on the loop).
        self.connection: Connection | None = None

    def close(self) -> None:
        self.thread.shutdown(wait=True)
        self._drop_connection()

    async def change(self, session_digest: str, idea_id: int, change: Change):
        future = asyncio.get_running_loop().create_future()
        self.pending.append((session_digest, idea_id, change, future))
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

    @classmethod
    def _changes(cls, connection: Connection, batch: list) -> list:
        dbapi_connection = connection.connection.dbapi_connection
        if connection.dialect.name != "postgresql":
            return cls._each_change(connection, dbapi_connection, batch)
        # Pipeline mode: a statement whose answer is not read (the follow, the counters,
        # the lock timeout) goes with the next one that is, so a vote waits for three
        # round trips (member, idea, vote row), not five. Measured in the bench's vote case.
        with _pipeline(dbapi_connection):
            # The statements run on the event loop: a row lock held elsewhere fails the
            # batch (its votes are then made the usual way) instead of stalling the loop.
            dbapi_connection.execute(f"SET LOCAL lock_timeout = '{LOOP_LOCK_TIMEOUT_MS}ms'")
            return cls._each_change(connection, dbapi_connection, batch)

    @staticmethod
    def _each_change(connection: Connection, dbapi_connection, batch: list) -> list:
        statements = statements_for(connection.dialect)
        live_member = _live_member_for(connection.dialect)
        now = utcnow()
        results: list = []
        for session_digest, idea_id, change, _future in batch:
            member = live_member.rows(dbapi_connection, digest=session_digest, now=now)
            if not member:
                results.append(None)  # the app answers: sign in, or why not
                continue
            try:
                user_id = member[0].id
                state = statements.change(
                    dbapi_connection, user_id=user_id, idea_id=idea_id, change=change, now=now
                )
                results.append(MemberVote(user_id, state))
            except DomainError as refusal:
                results.append(refusal)
        return results
