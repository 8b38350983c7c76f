"""Engines and sessions for SQLite (embedded) and PostgreSQL (production).

SQLite allows one writer at a time. A transaction that starts as a reader and later
writes can fail at once with "database is locked" when another writer got in first,
whatever the busy timeout; a transaction that begins IMMEDIATE takes the write lock up
front and waits its turn instead. So every service writes inside
`with write_transaction(session):`, the one way to write, and every other transaction is
a plain (deferred) reader.

The write lock is held only inside that block, which commits at its end and rolls back
on any exception: a refusal (a form error, a 403) never keeps the lock while the route
renders its answer, and a request never keeps it while waiting for a thread-pool slot, so
requests queued on the lock cannot starve the one that holds it.

Within one process, write transactions also queue on a plain thread lock before they
reach SQLite. SQLite's own busy handler polls with sleeps that grow to 100 ms, so forty
threads waiting on it leave the database idle between polls (shared/PERFORMANCE.md saw a
vote p99 of 3 s); a thread lock hands over the moment the writer commits. Other
processes still wait through busy_timeout.
"""

import sqlite3
import threading
import weakref
from collections import namedtuple
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import Dialect, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session, select

SQLITE_BUSY_TIMEOUT_MS = 15_000
SQLITE_MMAP_BYTES = 1 << 30
# Copy the WAL back into the database (and fsync it) every 2,000 pages, not SQLite's
# 1,000: under votes a batch writes some 100-400 pages, and a page changed by several
# batches between two checkpoints is written back once. Measured (make bench, votes,
# SQLite): +5-10% on the large forum and +20% on the small one; the checkpoint a batch
# now and then waits for is longer (vote p99 38 -> 47-71 ms). The WAL stays ~10 MB.
SQLITE_CHECKPOINT_PAGES = 2000
WRITE_OPTION = "commonground_write"
# With WRITE_OPTION: take the write lock only if it is free now, else raise WriteLockBusy
# (for a caller that must not wait, such as an event loop). PostgreSQL ignores it.
WRITE_NOWAIT = "commonground_write_nowait"
HOLDS_WRITE_LOCK = "commonground_holds_write_lock"


class WriteLockBusy(Exception):
    """Another writer holds SQLite's write lock (see WRITE_NOWAIT)."""


def normalise_url(url: str) -> str:
    """Accept the usual `postgresql://` form and use psycopg 3 for it."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(database_url: str, *, pool_size: int = 10) -> Engine:
    url = make_url(normalise_url(database_url))
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=10)

    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        pool_size=pool_size,
        max_overflow=10,
    )

    @event.listens_for(engine, "connect")
    def _configure_sqlite(dbapi_connection, _record) -> None:
        # Hand transaction control to SQLAlchemy's "begin" hook below instead of the
        # sqlite3 module's implicit BEGIN (the SQLAlchemy pysqlite recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # Read the file through a memory map (the operating system's page cache, shared
        # by every connection and worker) rather than copying pages into each
        # connection's own 2 MB cache: at a million votes the indexes a vote walks no
        # longer fit in the latter.
        cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
        cursor.execute(f"PRAGMA wal_autocheckpoint={SQLITE_CHECKPOINT_PAGES}")
        cursor.close()

    write_lock = threading.Lock()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        options = connection.get_execution_options()
        if not options.get(WRITE_OPTION, False):
            _run(connection, "BEGIN")
            return
        if options.get(WRITE_NOWAIT, False):
            _begin_now(connection)
            return
        if not write_lock.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000):
            raise TimeoutError("timed out waiting for the database write lock")
        connection.info[HOLDS_WRITE_LOCK] = True
        try:
            _run(connection, "BEGIN IMMEDIATE")
        except BaseException:
            _release(connection.info)
            raise

    def _begin_now(connection) -> None:
        if not write_lock.acquire(blocking=False):
            raise WriteLockBusy()
        connection.info[HOLDS_WRITE_LOCK] = True
        _run(connection, "PRAGMA busy_timeout=0")  # another process: don't wait
        try:
            _run(connection, "BEGIN IMMEDIATE")
        except OperationalError as busy:
            _release(connection.info)
            raise WriteLockBusy() from busy
        except BaseException:
            _release(connection.info)
            raise
        finally:
            _run(connection, f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")

    def _release(info: dict) -> None:
        if info.pop(HOLDS_WRITE_LOCK, False):
            write_lock.release()

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _end(connection) -> None:
        _release(connection.info)

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection, record) -> None:
        # A connection handed back mid-transaction (an error path) must not keep the lock.
        _release(record.info)

    return engine


def _run(connection, sql: str) -> None:
    """`sql` straight on the driver's connection: through exec_driver_sql, BEGIN costs
    some 50 µs of SQLAlchemy for a statement SQLite runs in one or two. An error comes
    out wrapped as SQLAlchemy's own (OperationalError, ...), as exec_driver_sql's would."""
    try:
        connection.connection.dbapi_connection.execute(sql)
    except sqlite3.Error as error:
        raise DBAPIError.instance(sql, (), error, sqlite3.Error) from error


class AppSession(Session):
    """The app's sessions. After a commit that wrote something they tell whoever asked
    (`on_committed_write`): the fast lane's page caches listen there."""


def open_session(engine: Engine) -> Session:
    return AppSession(engine, expire_on_commit=False)


def locking(statement):
    """`statement` (a SELECT) locking the rows it reads until the transaction ends (FOR
    UPDATE on PostgreSQL; SQLite's write transaction already holds the only write lock),
    and reading them as they are once locked: sessions keep their objects across commits
    (expire_on_commit=False), and without populate_existing a locking SELECT would hand
    back an object the session already holds, with the values it had before the lock."""
    return statement.with_for_update().execution_options(populate_existing=True)


def lock_row(session: Session, model, row_id):
    """The row of `model` with this primary key, locked (see `locking`); None if none."""
    return session.exec(locking(select(model).where(model.id == row_id))).first()


_WRITING = "commonground_writing"  # session.info: inside write_transaction
_WROTE = "commonground_wrote"  # session.info: this transaction wrote something
_UNSEEN = "commonground_unseen"  # session.info: ...but nothing any page shows
_COUNTS = "commonground_counts"  # session.info: ...or only counts (votes, stances)
_SITE = "commonground_site"  # session.info: ...and some of it in SITE_TABLES
# What every page is furnished with and no count is part of: the site's settings, its
# pages' versions, its themes. A commit that wrote one tells the hooks `site=True` (the
# fast lane then reads what it remembers of them again); the others leave them be. A new
# idea is one (its theme's count).
SITE_TABLES = frozenset({"site_settings", "site_page_version", "theme"})


@contextmanager
def write_transaction(
    session: Session, *, unseen: bool = False, counts_only: bool = False
) -> Iterator[None]:
    """The one way services write: BEGIN IMMEDIATE on SQLite (the write lock, taken up
    front), then commit at the end of the block, or roll back if anything in it raises.

    Ends the read transaction a request may already have open (the signed-in member was
    looked up in one), so that the write starts from a fresh snapshot. Inside another
    write_transaction on the same session it joins that one: the outer block commits.

    `unseen`: nothing it writes shows on a page (a session's or a token's last use), so
    its commit tells no `on_committed_write` hook, and the page caches stay warm.
    `counts_only`: all it changes on a page is a count and the order that count gives (a
    vote or a stance): the hooks hear `counts_only=True`, and the page caches may show the
    old count for their documented bound (app/fast/__init__.py).
    """
    if session.info.get(_WRITING):
        yield
        return
    if session.in_transaction():
        session.commit()
    session.info[_WRITING] = True
    try:
        session.connection(execution_options={WRITE_OPTION: True})
        session.info[_WROTE] = True  # statements run round the ORM (RawQuery) count too
        yield
        if unseen:
            session.info[_UNSEEN] = True
        if counts_only:
            session.info[_COUNTS] = True
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.info.pop(_WRITING, None)
        session.info.pop(_UNSEEN, None)
        session.info.pop(_COUNTS, None)


_committed_write_hooks: "weakref.WeakKeyDictionary[Engine, list[Callable[[], None]]]" = (
    weakref.WeakKeyDictionary()
)


def on_committed_write(engine: Engine, hook: Callable[..., None]) -> None:
    """Call `hook(counts_only=..., site=...)` after every commit of an AppSession on
    `engine` that wrote: a write_transaction, or an ORM flush; `counts_only` is True only
    for a write_transaction(counts_only=True) that wrote nothing else, `site` only if an
    ORM flush or statement of the transaction wrote to a table in SITE_TABLES. (Writes on a bare
    Connection tell no one: their owner calls its own hook after its commit, as the fast
    lane's vote writer does.)"""
    _committed_write_hooks.setdefault(engine, []).append(hook)


@event.listens_for(AppSession, "after_flush")
def _note_flush(session: Session, _flush_context) -> None:
    session.info[_WROTE] = True
    # After a flush its new, dirty and deleted objects are still listed.
    written = (*session.new, *session.dirty, *session.deleted)
    if any(getattr(instance, "__tablename__", None) in SITE_TABLES for instance in written):
        session.info[_SITE] = True


@event.listens_for(AppSession, "do_orm_execute")
def _note_statement(state) -> None:
    """An INSERT, UPDATE or DELETE statement (not a flush) run through the session."""
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in SITE_TABLES:
            state.session.info[_SITE] = True


@event.listens_for(AppSession, "after_commit")
def _after_commit(session: Session) -> None:
    counts_only = session.info.pop(_COUNTS, False)
    site = session.info.pop(_SITE, False)
    if session.info.pop(_WROTE, False) and not session.info.pop(_UNSEEN, False):
        bind = session.get_bind()
        for hook in _committed_write_hooks.get(getattr(bind, "engine", bind), ()):
            hook(counts_only=counts_only and not site, site=site)


@event.listens_for(AppSession, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_WROTE, None)
    session.info.pop(_COUNTS, None)
    session.info.pop(_SITE, None)


class RawQuery:
    """A statement compiled once, run straight on a DBAPI connection.

    For the statements made on every request of a hot path (the page cache's member
    lookups, a vote): building, compiling and running a statement through SQLAlchemy
    costs some hundred microseconds, the query itself a few. Name the parameters that
    change from run to run with `bindparam("name", example)` (the example gives the
    type); any other value is fixed at compile time. Values go in, and rows come out,
    through the column types as SQLAlchemy would convert them (dates on SQLite); a row
    is a named tuple of the statement's columns (`row.display_name`).
    """

    def __init__(self, statement, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
        self.sql = compiled.string
        self._positions = compiled.positiontup  # None for drivers taking named parameters
        self._fixed = compiled.params
        self._processors = {
            name: _remembering_last(processor)
            for name, bind in compiled.binds.items()
            if (processor := bind.type.dialect_impl(dialect).bind_processor(dialect))
        }
        self._dialect = dialect
        columns = list(getattr(statement, "exported_columns", ()))
        self._result_types = [column.type for column in columns]
        self._results: list | None = None  # converters, made from the first result
        self._row = namedtuple("Row", [column.key or "_" for column in columns], rename=True)

    def rows(self, dbapi_connection, **values) -> list:
        params = {**self._fixed, **values}
        for name, process in self._processors.items():
            params[name] = process(params[name])
        if self._positions is not None:
            params = [params[name] for name in self._positions]
        # Both drivers (sqlite3, psycopg 3) have Connection.execute: a cursor, made in C.
        cursor = dbapi_connection.execute(self.sql, params)
        if not self._result_types:
            # Nothing to read, so nothing to wait for: in psycopg's pipeline mode the
            # statement is sent with the next one that is read (see vote_writer).
            return []
        rows = cursor.fetchall()
        if self._results is None:
            self._results = self._converters(cursor.description)
        make = self._row._make
        if not any(self._results):
            return [make(row) for row in rows]
        return [
            make(value if convert is None else convert(value)
                 for convert, value in zip(self._results, row, strict=True))
            for row in rows
        ]  # fmt: skip

    def _converters(self, description) -> list:
        dialect = self._dialect
        return [
            kind.dialect_impl(dialect).result_processor(dialect, column[1])
            for kind, column in zip(self._result_types, description, strict=True)
        ]


def _remembering_last(process):
    """`process` (a bind processor), answering again at once for the datetime it was
    last given: a batch of votes binds the same `now` five times a vote, and SQLite's
    DATETIME formats it each time. Only datetimes, which cannot change; the one held
    cannot be freed, so no other value can come with its id."""
    last: tuple = (None, None)

    def remembering(value):
        nonlocal last
        seen = last  # one read: another thread may replace it, never half of it
        if value is seen[0] and value is not None:
            return seen[1]
        result = process(value)
        if isinstance(value, datetime):
            last = (value, result)
        return result

    return remembering
