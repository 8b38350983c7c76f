"""The tables. Times are timezone-aware UTC (`utcnow()`); SQLModel stores them as
`timestamptz` on PostgreSQL and as UTC text on SQLite.

Counters that pages sort by (`vote_count`, `comment_count`, `trending_score`) live on the
idea and change in the same transaction as the rows they count, with an index behind each
sort, so a list page costs the same at 1,000 ideas or 1,000,000 votes.
"""

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, Index, String, Text, UniqueConstraint
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


class NotificationKind(StrEnum):
    status = "status"  # a status change or official response on an idea the member follows
    comment = "comment"  # a new comment on the member's idea
    reply = "reply"  # a reply to the member's comment
    new_idea = "new_idea"  # a new idea in a theme the member follows
    merged = "merged"  # the member's idea was merged into another
    mention = "mention"  # someone wrote @ and the member's name

    @property
    def label(self) -> str:
        return {
            "status": "Status changes and official responses on ideas you follow",
            "reply": "Replies to your comments",
            "comment": "New comments on your ideas",
            "mention": "Mentions of you",
            "new_idea": "New ideas in themes you follow",
            "merged": "Your ideas merged into others",
        }[self.value]


class MailFrequency(StrEnum):
    immediately = "immediately"
    daily = "daily"
    weekly = "weekly"
    never = "never"

    @property
    def label(self) -> str:
        return {
            "immediately": "Immediately",
            "daily": "In a daily digest",
            "weekly": "In a weekly digest",
            "never": "Never",
        }[self.value]


class MailState(StrEnum):
    """Where a notification's email stands: waiting for the mail worker's next pass
    (`immediate`), for the member's next digest (`digest`), or `done` (sent or not wanted)."""

    immediate = "immediate"
    digest = "digest"
    done = "done"


class OutboxStatus(StrEnum):
    pending = "pending"
    sent = "sent"
    failed = "failed"


class TokenPurpose(StrEnum):
    sign_in = "sign_in"
    password_reset = "password_reset"  # noqa: S105 - a purpose, not a password
    email_change = "email_change"


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


class Follow(SQLModel, table=True):
    """A member following an idea or a theme. Unfollowing keeps the row with
    `unfollowed_at` set, so that voting or commenting later does not follow it again
    against the member's stated wish (only an explicit follow does)."""

    __table_args__ = (
        UniqueConstraint("user_id", "idea_id", name="uq_follow_user_idea"),
        UniqueConstraint("user_id", "theme_id", name="uq_follow_user_theme"),
        Index("ix_follow_idea", "idea_id"),
        Index("ix_follow_theme", "theme_id"),
        CheckConstraint("(idea_id IS NULL) <> (theme_id IS NULL)", name="ck_follow_one_target"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    idea_id: int | None = Field(default=None, foreign_key="idea.id", ondelete="CASCADE")
    theme_id: int | None = Field(default=None, foreign_key="theme.id", ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)
    unfollowed_at: datetime | None = None


class Notification(SQLModel, table=True):
    """Something a member has not read yet (or has). Written in the transaction of the
    action that causes it; its email goes out later, by the mail worker or in a digest."""

    __table_args__ = (
        Index("ix_notification_user_id", "user_id", "id"),
        Index("ix_notification_user_unread", "user_id", "read_at"),
        Index("ix_notification_mail_state", "mail_state", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    kind: str = Field(max_length=20)
    idea_id: int | None = Field(default=None, foreign_key="idea.id", ondelete="CASCADE")
    comment_id: int | None = Field(default=None, foreign_key="comment.id", ondelete="CASCADE")
    actor_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    # For `status`: the new status and the official response given with it.
    status: str | None = Field(default=None, max_length=20)
    response: str | None = Field(default=None, sa_column=Column(Text))
    # For `merged`: the idea it was merged into.
    other_idea_id: int | None = Field(default=None, foreign_key="idea.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow)
    read_at: datetime | None = None
    mail_state: str = Field(default=MailState.done, max_length=10)
    emailed_at: datetime | None = None


class NotificationSettings(SQLModel, table=True):
    """A member's mail choices per kind, auto-follow switches, and when their last
    digests went out. No row means the defaults."""

    __tablename__ = "notification_settings"

    user_id: int = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    mail_status: str = Field(default=MailFrequency.immediately, max_length=12)
    mail_comment: str = Field(default=MailFrequency.weekly, max_length=12)
    mail_reply: str = Field(default=MailFrequency.immediately, max_length=12)
    mail_new_idea: str = Field(default=MailFrequency.weekly, max_length=12)
    mail_merged: str = Field(default=MailFrequency.weekly, max_length=12)
    mail_mention: str = Field(default=MailFrequency.weekly, max_length=12)
    follow_on_propose: bool = Field(default=True)
    follow_on_vote: bool = Field(default=True)
    follow_on_comment: bool = Field(default=True)
    daily_digest_at: datetime | None = None
    weekly_digest_at: datetime | None = None

    def frequency(self, kind: str) -> MailFrequency:
        return MailFrequency(getattr(self, f"mail_{kind}"))


class OutboxMail(SQLModel, table=True):
    """A mail to send. The request that causes it only adds this row; the mail worker
    claims it for a lease, sends it, then marks it sent (or schedules a retry)."""

    __tablename__ = "outbox_mail"
    __table_args__ = (Index("ix_outbox_mail_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=30)
    user_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    to_address: str = Field(max_length=254)
    subject: str = Field(sa_column=Column(Text, nullable=False))
    text_body: str = Field(sa_column=Column(Text, nullable=False))
    html_body: str = Field(sa_column=Column(Text, nullable=False))
    # Extra headers (List-Unsubscribe...), as JSON.
    headers: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))
    # The body holds a one-time link or code: it is blanked once the mail is sent or
    # given up, so the database keeps no usable copy (EmailToken keeps only digests).
    secret: bool = Field(default=False)
    message_id: str = Field(max_length=255)
    status: str = Field(default=OutboxStatus.pending, max_length=10)
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(default_factory=utcnow)
    lease_token: str | None = Field(default=None, max_length=64)
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None


class EmailToken(SQLModel, table=True):
    """A one-time token sent by mail: a sign-in link (with its six-digit code), a password
    reset or an email change. Only SHA-256 digests are stored; using it sets `used_at`."""

    __tablename__ = "email_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    purpose: str = Field(max_length=20)
    token_digest: str = Field(max_length=64, unique=True)
    code_digest: str | None = Field(default=None, max_length=64)
    new_email: str | None = Field(default=None, max_length=254)
    attempts: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None
