"""status indexes: partial, leaving the open ideas out

Revision ID: e7a2c4b91f30
Revises: 5b1e0c9a7d21
Create Date: 2026-11-27 19:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'e7a2c4b91f30'
down_revision: str | None = '5b1e0c9a7d21'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


STATUS_INDEXES = {
    "ix_idea_status_trending": "trending_score",
    "ix_idea_status_top": "vote_count",
    "ix_idea_status_new": "created_at",
    "ix_idea_status_discussed": "comment_count",
    "ix_idea_roadmap": "status_changed_at",
}
NOT_OPEN = "status <> 'open'"


def upgrade() -> None:
    """Open ideas are listed from the plain sort indexes, so a vote on one no longer moves
    its entries in the status indexes (app/models.py, NOT_OPEN). All the indexes led by
    status change together: one left whole would tempt the planner into sorting every
    open idea. Plain index operations: batch mode may copy the idea table on SQLite,
    which would drop the full-text triggers on it."""
    for name, column in STATUS_INDEXES.items():
        op.drop_index(name, table_name="idea")
        op.create_index(
            name, "idea", ["status", column, "id"],
            sqlite_where=sa.text(NOT_OPEN), postgresql_where=sa.text(NOT_OPEN),
        )  # fmt: skip


def downgrade() -> None:
    for name, column in STATUS_INDEXES.items():
        op.drop_index(name, table_name="idea")
        op.create_index(name, "idea", ["status", column, "id"])
