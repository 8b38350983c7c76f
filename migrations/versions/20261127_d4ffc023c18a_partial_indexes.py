"""list indexes: partial indexes for pinned and hidden ideas, one per sort within a status

Revision ID: d4ffc023c18a
Revises: cf48dc746c77
Create Date: 2026-11-27 06:54:46.023972
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'd4ffc023c18a'
down_revision: str | None = 'cf48dc746c77'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain index operations, not batch mode: batch mode may copy the idea table on SQLite,
# which would drop the full-text triggers on it.
INDEXES = {
    "ix_idea_pinned": (["theme_id"], "pinned", ["pinned", "theme_id"]),
    "ix_idea_hidden": (["hidden_at"], "hidden_at IS NOT NULL", ["hidden_at"]),
}
STATUS_SORTS = {
    "ix_idea_status_trending": "trending_score",
    "ix_idea_status_top": "vote_count",
    "ix_idea_status_new": "created_at",
    "ix_idea_status_discussed": "comment_count",
}


def upgrade() -> None:
    """Partial indexes: only the few pinned or hidden ideas, so that a list filtering on
    "not hidden" or "not pinned" is never planned on them instead of its sort index (on
    100,000 ideas that plan sorted every row: 120 ms a page instead of 1)."""
    for name, (columns, where, _old) in INDEXES.items():
        op.drop_index(name, table_name="idea")
        op.create_index(
            name, "idea", columns, sqlite_where=sa.text(where), postgresql_where=sa.text(where)
        )
    # A status filter sorts within the status; the plain status index would tempt the
    # planner into sorting every idea of a common status.
    op.drop_index("ix_idea_status", table_name="idea")
    for name, column in STATUS_SORTS.items():
        op.create_index(name, "idea", ["status", column, "id"])


def downgrade() -> None:
    for name in STATUS_SORTS:
        op.drop_index(name, table_name="idea")
    op.create_index("ix_idea_status", "idea", ["status"])
    for name, (_columns, _where, old) in INDEXES.items():
        op.drop_index(name, table_name="idea")
        op.create_index(name, "idea", old)
