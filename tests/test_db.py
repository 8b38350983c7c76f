"""The schema comes from the migrations, and SQLite is configured for safe concurrency."""

import sqlite3
from datetime import datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import DateTime, bindparam, inspect, select, text
from sqlmodel import SQLModel

from app.config import PROJECT_ROOT
from app.db import (
    SQLITE_CHECKPOINT_PAGES,
    WRITE_NOWAIT,
    WRITE_OPTION,
    RawQuery,
    WriteLockBusy,
    make_engine,
    normalise_url,
    open_session,
    write_transaction,
)
from app.models import described_by_models
from tests.conftest import fresh_postgres_database

CORE_FORUM = "4493f7c4e5dc"


def test_migrations_match_the_models(migrated_engine):
    with migrated_engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": described_by_models}
        )
        differences = compare_metadata(context, SQLModel.metadata)

    assert differences == [], f"the models differ from the migrations: {differences}"


def test_every_list_sort_has_an_index(migrated_engine):
    indexes = {
        tuple(index["column_names"]) for index in inspect(migrated_engine).get_indexes("idea")
    }
    for column in ("trending_score", "vote_count", "created_at", "comment_count"):
        assert (column, "id") in indexes
        assert ("theme_id", column, "id") in indexes


def test_votes_are_unique_per_member_and_idea(migrated_engine):
    constraints = inspect(migrated_engine).get_unique_constraints("vote")

    assert any(set(c["column_names"]) == {"idea_id", "user_id"} for c in constraints)


@pytest.fixture
def scratch_url(database_url, tmp_path):
    """An empty database of the same kind as the test database, for migrating by hand."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'scratch.db'}"
        return
    with fresh_postgres_database(database_url, prefix="commonground_scratch") as url:
        yield url


def _migrate(engine, step: str, revision: str) -> None:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, step)(config, revision)


CONTENT = [
    'INSERT INTO "user" (id, email, display_name, organisation, sector_role, role, state,'
    " created_at) VALUES (1, 'a@example.org', 'A', '', '', 'admin', 'active', :at)",
    "INSERT INTO theme (id, slug, name, description, position, idea_count)"
    " VALUES (1, 'theme', 'Theme', '', 0, 2)",
    "INSERT INTO idea (id, title, body, body_html, author_id, theme_id, status, vote_count,"
    " comment_count, comments_for, comments_against, comments_neutral, trending_score, pinned,"
    " created_at, updated_at, last_activity_at) VALUES"
    " (1, 'Planned idea', '', '', 1, 1, 'planned', 1, 1, 1, 0, 0, 0, false, :at, :at, :at),"
    " (2, 'Open idea', '', '', 1, 1, 'open', 0, 0, 0, 0, 0, 0, false, :at, :at, :at)",
    "INSERT INTO vote (id, idea_id, user_id, created_at) VALUES (1, 1, 1, :at)",
    "INSERT INTO comment (id, idea_id, author_id, body, body_html, stance, created_at)"
    " VALUES (1, 1, 1, 'Yes', '<p>Yes</p>', 'for', :at)",
]


def test_the_moderation_migration_runs_up_and_down_over_existing_content(scratch_url):
    engine = make_engine(scratch_url)
    try:
        _migrate(engine, "upgrade", CORE_FORUM)
        with engine.begin() as connection:
            for statement in CONTENT:
                connection.execute(text(statement), {"at": "2026-01-01 09:00:00"})

        _migrate(engine, "upgrade", "head")
        with engine.connect() as connection:
            answered = connection.execute(
                text("SELECT id FROM idea WHERE status_changed_at = created_at")
            ).all()
            assert answered == [(1,)], "answered ideas get a time for the roadmap"
        _migrate(engine, "downgrade", CORE_FORUM)
        _migrate(engine, "upgrade", "head")

        with engine.connect() as connection:
            counts = [
                connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()  # noqa: S608
                for table in ('"user"', "theme", "idea", "vote", "comment")
            ]
        assert counts == [1, 1, 2, 1, 1]
    finally:
        engine.dispose()


sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@sqlite_only
def test_sqlite_connections_use_wal_full_sync_foreign_keys_and_a_busy_timeout(engine):
    with engine.connect() as connection:
        pragma = lambda name: connection.execute(text(f"PRAGMA {name}")).scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") >= 5000
        assert pragma("wal_autocheckpoint") == SQLITE_CHECKPOINT_PAGES


@sqlite_only
def test_sqlite_write_transactions_begin_immediate_and_reads_do_not(engine):
    path = engine.url.database

    def another_writer_can_start() -> bool:
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError as error:
            assert "locked" in str(error)
            return False
        finally:
            other.close()

    with open_session(engine) as reader:
        reader.exec(text("SELECT 1"))
        assert another_writer_can_start()
    with open_session(engine) as writer:
        writer.exec(text("SELECT 1"))
        assert another_writer_can_start()
        with write_transaction(writer):
            assert not another_writer_can_start(), "a write transaction holds the write lock"
        assert another_writer_can_start()


def test_plain_postgresql_urls_use_psycopg_3():
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"


@sqlite_only
@pytest.mark.parametrize("holder", ["this process", "another process"])
def test_a_write_that_must_not_wait_is_told_the_lock_is_busy(engine, holder):
    """WRITE_NOWAIT (the vote writer, on the event loop): no waiting, no lock kept."""
    nowait = {WRITE_OPTION: True, WRITE_NOWAIT: True}
    if holder == "this process":
        held = engine.connect().execution_options(**{WRITE_OPTION: True})
        held.begin()
    else:  # a connection of its own, as another worker's would be
        held = sqlite3.connect(engine.url.database, isolation_level=None)
        held.execute("BEGIN IMMEDIATE")

    with engine.connect().execution_options(**nowait) as hurried:
        with pytest.raises(WriteLockBusy):
            hurried.begin()
        assert not hurried.in_transaction()
        held.rollback()
        held.close()

        with hurried.begin():  # free now: taken at once, and still waits when it may
            assert hurried.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_a_raw_query_binds_each_datetime_it_is_given(engine):
    """RawQuery remembers the last datetime it formatted (a batch binds one `now` many
    times): a repeated value, a new one and one equal to an earlier one all come back."""
    echo = RawQuery(select(bindparam("when", type_=DateTime)), engine.dialect)
    first, second = datetime(2026, 3, 1, 9, 30, 15, 250), datetime(2026, 3, 2)
    given = [first, first, second, first.replace(), None, second]

    with engine.connect() as connection:
        dbapi_connection = connection.connection.dbapi_connection
        seen = [echo.rows(dbapi_connection, when=value)[0][0] for value in given]

    assert seen == given
