"""the site: pages that build trust, agreements, site settings

Revision ID: 0ff71572bfbb
Revises: 9dcca1cd5eab
Create Date: 2026-12-03 13:01:54.123493
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0ff71572bfbb'
down_revision: str | None = '9dcca1cd5eab'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('site_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('tagline', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('landing_intro', sa.Text(), nullable=False),
    sa.Column('accent', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('accent_dark', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('footer_links', sa.Text(), nullable=False),
    sa.Column('contact_email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('roadmap_label', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('logo', sa.LargeBinary(), nullable=True),
    sa.Column('logo_type', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('logo_alt', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('page_agreement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('agreed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('page_agreement', schema=None) as batch_op:
        batch_op.create_index('ix_page_agreement_user', ['user_id', 'slug', 'version'], unique=False)

    op.create_table('site_page_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('asks_again', sa.Boolean(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slug', 'version', name='uq_site_page_version')
    )


def downgrade() -> None:
    op.drop_table('site_page_version')
    with op.batch_alter_table('page_agreement', schema=None) as batch_op:
        batch_op.drop_index('ix_page_agreement_user')

    op.drop_table('page_agreement')
    op.drop_table('site_settings')
