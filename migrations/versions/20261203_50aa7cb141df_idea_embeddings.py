"""idea embeddings: each idea's sentence embedding, for similar ideas by meaning

Existing ideas get theirs from `commonground reindex`; until then they are found by words.

Revision ID: 50aa7cb141df
Revises: b18c0a7e5d21
Create Date: 2026-12-03 13:12:42.287615
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "50aa7cb141df"
down_revision: str | None = 'b18c0a7e5d21'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "idea_embedding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("model", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["idea_id"], ["idea.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idea_id"),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("idea_embedding")
