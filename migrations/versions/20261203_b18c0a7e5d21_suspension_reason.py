"""suspension reason: why the moderators suspended a member, told to them

Revision ID: b18c0a7e5d21
Revises: 0ff71572bfbb
Create Date: 2026-12-03 13:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b18c0a7e5d21"
down_revision: str | None = "0ff71572bfbb"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: SQLite adds it in place (no copy of the user table).
    op.add_column(
        "user", sa.Column("suspension_reason", sa.Text(), nullable=False, server_default="")
    )


def downgrade() -> None:
    # Not batch mode: SQLite's copy-and-move would cascade to every row pointing at a user.
    op.execute(sa.text('ALTER TABLE "user" DROP COLUMN suspension_reason'))
