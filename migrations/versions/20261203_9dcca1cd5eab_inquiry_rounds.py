"""inquiry rounds: a question, a time window and a published answer; the ideas
proposed into each, and the members who want to hear when one opens

Revision ID: 9dcca1cd5eab
Revises: 5d2e8f1a7c30
Create Date: 2026-12-03 13:00:43.223246
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '9dcca1cd5eab'
down_revision: str | None = '5d2e8f1a7c30'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('question', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('introduction', sa.Text(), nullable=False),
    sa.Column('opens_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('closes_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('hide_counts', sa.Boolean(), nullable=False),
    sa.Column('comments_after_close', sa.Boolean(), nullable=False),
    sa.Column('heard', sa.Text(), nullable=False),
    sa.Column('next_steps', sa.Text(), nullable=False),
    sa.Column('reported_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('opened_notice_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('closing_notice_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('report_notice_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slug')
    )
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_closes_at'), ['closes_at'], unique=False)

    op.create_table('round_theme',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['theme.id'], ),
    sa.PrimaryKeyConstraint('round_id', 'theme_id')
    )
    with op.batch_alter_table('round_theme', schema=None) as batch_op:
        batch_op.create_index('ix_round_theme_theme', ['theme_id', 'round_id'], unique=False)

    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.add_column(sa.Column('round_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_idea_round_id'), ['round_id'], unique=False)

    with op.batch_alter_table('notification_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mail_round_opened', sa.Boolean(), nullable=False, server_default=sa.false()))



def downgrade() -> None:
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+), as the earlier migrations do: a
    # batch rebuild of `idea` would drop its full-text triggers (and SQLite refuses to drop
    # a table other statements still read).
    op.drop_column('notification_settings', 'mail_round_opened')
    op.drop_index(op.f('ix_idea_round_id'), table_name='idea')
    op.drop_column('idea', 'round_id')

    with op.batch_alter_table('round_theme', schema=None) as batch_op:
        batch_op.drop_index('ix_round_theme_theme')

    op.drop_table('round_theme')
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_closes_at'))

    op.drop_table('round')
