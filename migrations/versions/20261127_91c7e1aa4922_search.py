"""search: full-text indexes on ideas and comments

SQLite: FTS5 tables (unicode61 with Porter stemming) over the idea and comment rows,
kept in step by triggers, so every insert, edit and delete updates the index in the
same transaction. PostgreSQL: generated tsvector columns (English configuration, title
weighted A above body B) with GIN indexes, which the database keeps in step itself.
Hidden and merged ideas stay indexed and are filtered out when searching, so hiding,
restoring, merging and unmerging change results at once with no re-indexing.

A later migration that rebuilds the idea or comment table on SQLite (batch mode copies
it to a new table) drops these triggers with it, and must create them again.

Revision ID: 91c7e1aa4922
Revises: 81dbced6fc59
Create Date: 2026-11-27 05:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "91c7e1aa4922"
down_revision: str | None = "81dbced6fc59"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = [
    """CREATE VIRTUAL TABLE idea_fts USING fts5(
        title, body, content='idea', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER idea_fts_insert AFTER INSERT ON idea BEGIN
        INSERT INTO idea_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER idea_fts_delete AFTER DELETE ON idea BEGIN
        INSERT INTO idea_fts(idea_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER idea_fts_update AFTER UPDATE OF title, body ON idea BEGIN
        INSERT INTO idea_fts(idea_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO idea_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    "INSERT INTO idea_fts(idea_fts) VALUES ('rebuild')",
    """CREATE VIRTUAL TABLE comment_fts USING fts5(
        body, content='comment', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER comment_fts_insert AFTER INSERT ON comment BEGIN
        INSERT INTO comment_fts(rowid, body) VALUES (new.id, new.body);
    END""",
    """CREATE TRIGGER comment_fts_delete AFTER DELETE ON comment BEGIN
        INSERT INTO comment_fts(comment_fts, rowid, body) VALUES ('delete', old.id, old.body);
    END""",
    """CREATE TRIGGER comment_fts_update AFTER UPDATE OF body ON comment BEGIN
        INSERT INTO comment_fts(comment_fts, rowid, body) VALUES ('delete', old.id, old.body);
        INSERT INTO comment_fts(rowid, body) VALUES (new.id, new.body);
    END""",
    "INSERT INTO comment_fts(comment_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER comment_fts_update",
    "DROP TRIGGER comment_fts_delete",
    "DROP TRIGGER comment_fts_insert",
    "DROP TABLE comment_fts",
    "DROP TRIGGER idea_fts_update",
    "DROP TRIGGER idea_fts_delete",
    "DROP TRIGGER idea_fts_insert",
    "DROP TABLE idea_fts",
]
POSTGRESQL_UP = [
    """ALTER TABLE idea ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(body, '')), 'B')) STORED""",
    "CREATE INDEX ix_idea_search_vector ON idea USING gin (search_vector)",
    """ALTER TABLE comment ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('english', coalesce(body, ''))) STORED""",
    "CREATE INDEX ix_comment_search_vector ON comment USING gin (search_vector)",
]
POSTGRESQL_DOWN = [
    "DROP INDEX ix_comment_search_vector",
    "ALTER TABLE comment DROP COLUMN search_vector",
    "DROP INDEX ix_idea_search_vector",
    "ALTER TABLE idea DROP COLUMN search_vector",
]


def _run(statements: dict[str, list[str]]) -> None:
    for statement in statements[op.get_bind().dialect.name]:
        op.execute(statement)


def upgrade() -> None:
    _run({"sqlite": SQLITE_UP, "postgresql": POSTGRESQL_UP})


def downgrade() -> None:
    _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRESQL_DOWN})
