"""Engines and request sessions for SQLite (embedded) and PostgreSQL (production).

SQLite allows one writer at a time. A transaction that starts as a reader and later
writes can fail at once with "database is locked" when another writer got in first,
whatever the busy timeout; a transaction that begins IMMEDIATE takes the write lock up
front and waits its turn instead. So requests that may write (every non-GET method) get
a session whose transactions begin IMMEDIATE, and GET requests a plain one: GET routes
never write.
"""

from collections.abc import Iterator
from pathlib import Path

from fastapi import Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SQLITE_BUSY_TIMEOUT_MS = 15_000
WRITE_OPTION = "commonground_write"


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
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def write_engine(engine: Engine) -> Engine:
    """The same pool, with transactions that take SQLite's write lock when they begin."""
    return engine.execution_options(**{WRITE_OPTION: True})


def open_session(engine: Engine, *, write: bool = False) -> Session:
    return Session(write_engine(engine) if write else engine, expire_on_commit=False)


def get_session(request: Request) -> Iterator[Session]:
    write = request.method not in SAFE_METHODS
    with open_session(request.app.state.engine, write=write) as session:
        yield session
