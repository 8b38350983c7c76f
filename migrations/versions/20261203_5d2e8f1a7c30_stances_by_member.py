"""stances by member: an index for a member's own answers (profile, download, erasure)

Revision ID: 5d2e8f1a7c30
Revises: 9c7adc6e993e
Create Date: 2026-12-03 12:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "5d2e8f1a7c30"
down_revision: str | None = "9c7adc6e993e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_stance_user", "stance", ["user_id", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_stance_user", table_name="stance")
