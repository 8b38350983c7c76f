"""The schema comes from the migrations, and SQLite is configured for safe concurrency."""

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from app.db import begin_write, normalise_url, open_session
from app.models import described_by_models


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


sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@sqlite_only
def test_sqlite_connections_use_wal_full_sync_foreign_keys_and_a_busy_timeout(engine):
    with engine.connect() as connection:
        pragma = lambda name: connection.execute(text(f"PRAGMA {name}")).scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") >= 5000


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
        begin_write(writer)
        assert not another_writer_can_start(), "a write transaction holds the write lock"
        writer.commit()
        assert another_writer_can_start()


def test_plain_postgresql_urls_use_psycopg_3():
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"
