"""The tables. Times are timezone-aware UTC (`utcnow()`); SQLModel stores them as
`timestamptz` on PostgreSQL and as UTC text on SQLite.

Counters that pages sort by (`vote_count`, `comment_count`, `trending_score`) live on the
idea and change in the same transaction as the rows they count, with an index behind each
sort, so a list page costs the same at 1,000 ideas or 1,000,000 votes.
"""

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Column, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Role(StrEnum):
    member = "member"
    moderator = "moderator"
    admin = "admin"


class UserState(StrEnum):
    active = "active"
    suspended = "suspended"


class IdeaStatus(StrEnum):
    open = "open"
    under_review = "under_review"
    planned = "planned"
    in_progress = "in_progress"
    done = "done"
    declined = "declined"
    merged = "merged"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Stance(StrEnum):
    for_ = "for"
    against = "against"
    neutral = "neutral"


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # Stored lower-cased, so the unique index makes addresses unique case-insensitively.
    email: str = Field(sa_column=Column(String(254), nullable=False, unique=True))
    display_name: str = Field(max_length=60)
    organisation: str = Field(default="", max_length=120)
    sector_role: str = Field(default="", max_length=120)
    password_hash: str | None = Field(default=None, max_length=255)
    email_verified_at: datetime | None = None
    role: str = Field(default=Role.member, max_length=20)
    state: str = Field(default=UserState.active, max_length=20)
    created_at: datetime = Field(default_factory=utcnow)

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_moderator(self) -> bool:
        return self.role in (Role.moderator, Role.admin)


class UserSession(SQLModel, table=True):
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is stored,
    so a leaked database cannot be replayed as cookies. Logout deletes the row."""

    __tablename__ = "user_session"

    id: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime


class Theme(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=80, unique=True)
    name: str = Field(max_length=80)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    position: int = Field(default=0)
    archived_at: datetime | None = None
    # Ideas shown under the theme (not hidden, not merged): kept with the ideas it counts.
    idea_count: int = Field(default=0)


class Idea(SQLModel, table=True):
    __table_args__ = (
        Index("ix_idea_trending", "trending_score", "id"),
        Index("ix_idea_top", "vote_count", "id"),
        Index("ix_idea_new", "created_at", "id"),
        Index("ix_idea_discussed", "comment_count", "id"),
        Index("ix_idea_theme_trending", "theme_id", "trending_score", "id"),
        Index("ix_idea_theme_top", "theme_id", "vote_count", "id"),
        Index("ix_idea_theme_new", "theme_id", "created_at", "id"),
        Index("ix_idea_theme_discussed", "theme_id", "comment_count", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=160)
    body: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    body_html: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    author_id: int = Field(foreign_key="user.id", index=True)
    theme_id: int = Field(foreign_key="theme.id")
    status: str = Field(default=IdeaStatus.open, max_length=20, index=True)
    official_response: str | None = Field(default=None, sa_column=Column(Text))
    merged_into_id: int | None = Field(default=None, foreign_key="idea.id")
    vote_count: int = Field(default=0)
    comment_count: int = Field(default=0)
    comments_for: int = Field(default=0)
    comments_against: int = Field(default=0)
    comments_neutral: int = Field(default=0)
    trending_score: float = Field(default=0.0)
    pinned: bool = Field(default=False)
    hidden_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    edited_at: datetime | None = None
    last_activity_at: datetime = Field(default_factory=utcnow)


class Vote(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("idea_id", "user_id", name="uq_vote_idea_user"),
        Index("ix_vote_user_idea", "user_id", "idea_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    idea_id: int = Field(foreign_key="idea.id", ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)


class Comment(SQLModel, table=True):
    __table_args__ = (Index("ix_comment_idea_created", "idea_id", "created_at", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    idea_id: int = Field(foreign_key="idea.id", ondelete="CASCADE")
    author_id: int = Field(foreign_key="user.id", index=True)
    parent_id: int | None = Field(default=None, foreign_key="comment.id", index=True)
    body: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    body_html: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    stance: str = Field(default=Stance.neutral, max_length=10)
    hidden_at: datetime | None = None
    edited_at: datetime | None = None
    deleted_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


# The search migration adds what SQLModel cannot describe: FTS5 tables on SQLite, and
# generated tsvector columns with GIN indexes on PostgreSQL. Autogenerate must leave them be.
SEARCH_SCHEMA = ("idea_fts", "comment_fts", "search_vector", "ix_idea_search_vector",
                 "ix_comment_search_vector")  # fmt: skip


def described_by_models(_object, name, _type, _reflected, _compare_to) -> bool:
    """Alembic's include_object: skip the search objects the models do not describe."""
    return not (name and name.startswith(SEARCH_SCHEMA))
