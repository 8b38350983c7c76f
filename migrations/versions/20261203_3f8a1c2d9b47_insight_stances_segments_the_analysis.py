"""insight: stances, segments, the analysis

Revision ID: 3f8a1c2d9b47
Revises: e7a2c4b91f30
Create Date: 2026-12-03 10:03:54.353406
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '3f8a1c2d9b47'
down_revision: str | None = 'e7a2c4b91f30'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table("insight_run",
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('computed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('finished_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('seconds', sa.Float(), nullable=False),
    sa.Column('members', sa.Integer(), nullable=False),
    sa.Column('clustered', sa.Integer(), nullable=False),
    sa.Column('ideas', sa.Integer(), nullable=False),
    sa.Column('answers', sa.Integer(), nullable=False),
    sa.Column('silhouette', sa.Float(), nullable=True),
    sa.Column('answers_seen', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('job_lease',
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('holder', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('until', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('segment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('question', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('archived_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slug')
    )
    op.create_table('insight_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('representative', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['insight_run.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('insight_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_insight_group_run_id'), ['run_id'], unique=False)

    op.create_table('insight_member',
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('x', sa.Float(), nullable=False),
    sa.Column('y', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['insight_run.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('run_id', 'user_id')
    )
    op.create_table('insight_week',
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('members', sa.Integer(), nullable=False),
    sa.Column('ideas', sa.Integer(), nullable=False),
    sa.Column('answers', sa.Integer(), nullable=False),
    sa.Column('comments', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['insight_run.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('run_id', 'week')
    )
    op.create_table('segment_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('segment_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('option', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('answered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['segment_id'], ['segment.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('segment_id', 'user_id', name='uq_segment_answer_user')
    )
    with op.batch_alter_table('segment_answer', schema=None) as batch_op:
        batch_op.create_index('ix_segment_answer_user', ['user_id'], unique=False)

    op.create_table('insight_idea',
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('supports', sa.Integer(), nullable=False),
    sa.Column('disagrees', sa.Integer(), nullable=False),
    sa.Column('passes', sa.Integer(), nullable=False),
    sa.Column('consensus', sa.Float(), nullable=False),
    sa.Column('bridging', sa.Float(), nullable=False),
    sa.Column('spread', sa.Float(), nullable=False),
    sa.Column('divisive', sa.Boolean(), nullable=False),
    sa.Column('groups', sa.JSON(), nullable=False),
    sa.Column('segments', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['insight_run.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('run_id', 'idea_id')
    )
    with op.batch_alter_table('insight_idea', schema=None) as batch_op:
        batch_op.create_index('ix_insight_idea_bridging', ['run_id', 'bridging', 'idea_id'], unique=False)
        batch_op.create_index('ix_insight_idea_consensus', ['run_id', 'consensus', 'idea_id'], unique=False)
        batch_op.create_index('ix_insight_idea_spread', ['run_id', 'spread', 'idea_id'], unique=False)

    op.create_table('stance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('answer', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('idea_id', 'user_id', name='uq_stance_idea_user')
    )
    # Plain ADD COLUMN with a default, on both databases: a batch rebuild of the idea
    # table on SQLite would copy every idea and recreate its search triggers.
    op.add_column('idea', sa.Column('disagree_count', sa.Integer(), nullable=False, server_default='0'))
    op.add_column('idea', sa.Column('pass_count', sa.Integer(), nullable=False, server_default='0'))



def downgrade() -> None:
    op.drop_column("idea", "pass_count")
    op.drop_column('idea', 'disagree_count')

    op.drop_table('stance')
    with op.batch_alter_table('insight_idea', schema=None) as batch_op:
        batch_op.drop_index('ix_insight_idea_spread')
        batch_op.drop_index('ix_insight_idea_consensus')
        batch_op.drop_index('ix_insight_idea_bridging')

    op.drop_table('insight_idea')
    with op.batch_alter_table('segment_answer', schema=None) as batch_op:
        batch_op.drop_index('ix_segment_answer_user')

    op.drop_table('segment_answer')
    op.drop_table('insight_week')
    op.drop_table('insight_member')
    with op.batch_alter_table('insight_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_insight_group_run_id'))

    op.drop_table('insight_group')
    op.drop_table('segment')
    op.drop_table('job_lease')
    op.drop_table('insight_run')
