"""The tables. Times are timezone-aware UTC (`utcnow()`); SQLModel stores them as
`timestamptz` on PostgreSQL and as UTC text on SQLite.

Counters that pages sort by (`vote_count`, `comment_count`, `trending_score`) live on the
idea and change in the same transaction as the rows they count, with an index behind each
sort, so a list page costs the same at 1,000 ideas or 1,000,000 votes.
"""

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
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
    # Erased at the member's request: the row stays, holding nothing personal, so that the
    # ideas and comments they chose to keep show as "a former member".
    deleted = "deleted"


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


# What a moderator may set with an official response; `merged` comes only from merging.
OFFICIAL_STATUSES = tuple(status for status in IdeaStatus if status != IdeaStatus.merged)
ROADMAP_STATUSES = (IdeaStatus.planned, IdeaStatus.in_progress, IdeaStatus.done)
# Answered ideas whose tally is final: they take no new votes or stances.
ANSWERED_STATUSES = (IdeaStatus.done, IdeaStatus.declined)


class FlagReason(StrEnum):
    spam = "spam"
    abusive = "abusive"
    off_topic = "off_topic"
    other = "other"

    @property
    def label(self) -> str:
        return {
            "spam": "Spam or advertising",
            "abusive": "Abusive or disrespectful",
            "off_topic": "Off topic",
            "other": "Something else",
        }[self.value]


class CommentStance(StrEnum):
    """Where a comment stands in the debate on its idea."""

    for_ = "for"
    against = "against"
    neutral = "neutral"


class Answer(StrEnum):
    """A member's answer to an idea: support is the vote; disagree and pass are stances."""

    support = "support"
    disagree = "disagree"
    pass_ = "pass"  # noqa: S105 - the answer, not a password


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
    account_delete = "account_delete"


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
    # Why the moderators suspended the member: told to them when they try to sign in.
    suspension_reason: str = Field(
        default="", sa_column=Column(Text, nullable=False, server_default="")
    )
    created_at: datetime = Field(default_factory=utcnow)
    # A few lines about themselves, shown on their profile (plain text).
    bio: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))

    @property
    def is_former(self) -> bool:
        return self.state == UserState.deleted

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
    # What the member sees in their list of sessions: the browser it was started in, and
    # when it was last used (written at most every few minutes: sessions.SEEN_EVERY).
    user_agent: str = Field(
        default="", sa_column=Column(String(200), nullable=False, server_default="")
    )
    last_seen_at: datetime | None = None


class Theme(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=80, unique=True)
    name: str = Field(max_length=80)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    position: int = Field(default=0)
    archived_at: datetime | None = None
    # The theme this one was merged into. No foreign key: adding one to an existing table
    # rebuilds it on SQLite, which its ideas' foreign keys forbid; themes are never deleted.
    merged_into_id: int | None = None
    # Ideas shown under the theme (not hidden, not merged): kept with the ideas it counts.
    idea_count: int = Field(default=0)


# The indexes led by status hold every idea but the open ones. Open ideas, most of them
# and most of the votes, are listed from the plain sort indexes with the status as a
# filter, so a vote on one moves four sort-index entries, not six (on a million votes,
# 16% more votes a second). A query for another status must state this very condition
# for the planners to use them: `ideas.status_is`.
NOT_OPEN = text(f"status <> '{IdeaStatus.open}'")


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
        # A status filter (?status=planned) sorts within the status; see NOT_OPEN.
        *(
            Index(name, "status", column, "id", sqlite_where=NOT_OPEN, postgresql_where=NOT_OPEN)
            for name, column in (
                ("ix_idea_status_trending", "trending_score"),
                ("ix_idea_status_top", "vote_count"),
                ("ix_idea_status_new", "created_at"),
                ("ix_idea_status_discussed", "comment_count"),
                ("ix_idea_roadmap", "status_changed_at"),
            )
        ),
        # Partial: they hold only the few pinned or hidden ideas, so a list that filters
        # on "not hidden" or "not pinned" can never pick them over its sort index.
        Index(
            "ix_idea_pinned",
            "theme_id",
            sqlite_where=text("pinned"),
            postgresql_where=text("pinned"),
        ),
        Index(
            "ix_idea_hidden",
            "hidden_at",
            sqlite_where=text("hidden_at IS NOT NULL"),
            postgresql_where=text("hidden_at IS NOT NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=160)
    body: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    body_html: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    author_id: int = Field(foreign_key="user.id", index=True)
    theme_id: int = Field(foreign_key="theme.id")
    status: str = Field(default=IdeaStatus.open, max_length=20)
    # Markdown source; rendered (and sanitised) when shown.
    official_response: str | None = Field(default=None, sa_column=Column(Text))
    status_changed_at: datetime | None = None
    merged_into_id: int | None = Field(default=None, foreign_key="idea.id")
    vote_count: int = Field(default=0)
    comment_count: int = Field(default=0)
    comments_for: int = Field(default=0)
    comments_against: int = Field(default=0)
    comments_neutral: int = Field(default=0)
    # Members who said "I disagree", or passed (support is vote_count).
    disagree_count: int = Field(default=0)
    pass_count: int = Field(default=0)
    trending_score: float = Field(default=0.0)
    pinned: bool = Field(default=False)
    hidden_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    edited_at: datetime | None = None
    last_activity_at: datetime = Field(default_factory=utcnow)
    # The inquiry round the idea was proposed into (app/services/rounds). No foreign key:
    # adding one to an existing table rebuilds it on SQLite (see Theme.merged_into_id).
    round_id: int | None = Field(default=None, index=True)


class Vote(SQLModel, table=True):
    __table_args__ = (
        # Also answers "which of these ideas has this member voted for" (user_id = ?
        # AND idea_id IN ...): a second index by member would only slow every vote.
        UniqueConstraint("idea_id", "user_id", name="uq_vote_idea_user"),
        # A member's own votes, newest first: their profile, their data download and
        # erasing their account. One more B-tree page for each vote to write.
        Index("ix_vote_user", "user_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    idea_id: int = Field(foreign_key="idea.id", ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)


class Comment(SQLModel, table=True):
    __table_args__ = (
        Index("ix_comment_idea_created", "idea_id", "created_at", "id"),
        Index("ix_comment_hidden", "hidden_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    idea_id: int = Field(foreign_key="idea.id", ondelete="CASCADE")
    author_id: int = Field(foreign_key="user.id", index=True)
    parent_id: int | None = Field(default=None, foreign_key="comment.id", index=True)
    body: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    body_html: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # "": a reply whose author took no stance on the idea (a top-level comment always has
    # one). Kept NOT NULL: on SQLite, dropping it would copy the table, and the copy's DROP
    # TABLE cascades to the flags and notifications that point at comments.
    stance: str = Field(default="", max_length=10)
    hidden_at: datetime | None = None
    edited_at: datetime | None = None
    deleted_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class IdeaStatusChange(SQLModel, table=True):
    """One official status change or response: the idea page shows the latest as the
    current answer and the earlier ones beneath it."""

    __tablename__ = "idea_status_change"
    __table_args__ = (Index("ix_idea_status_change_idea", "idea_id", "created_at", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    idea_id: int = Field(foreign_key="idea.id", ondelete="CASCADE")
    actor_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    from_status: str = Field(max_length=20)
    status: str = Field(max_length=20)
    response: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(default_factory=utcnow)


class IdeaMerge(SQLModel, table=True):
    """A merge of `idea_id` into `into_id`. The votes it moved are its MergedVote rows,
    so that undoing it takes back exactly those; `undone_at` is set by the unmerge."""

    __tablename__ = "idea_merge"

    id: int | None = Field(default=None, primary_key=True)
    idea_id: int = Field(foreign_key="idea.id", index=True, ondelete="CASCADE")
    into_id: int = Field(foreign_key="idea.id", index=True, ondelete="CASCADE")
    actor_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    previous_status: str = Field(max_length=20)
    previous_status_changed_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    undone_at: datetime | None = None


class MergedVote(SQLModel, table=True):
    """A member's vote that a merge took from the merged idea. `moved`: their vote now
    counts for the survivor. Not moved: they had voted for the survivor too, so this vote
    was set aside; either way it goes back to the merged idea on unmerge."""

    __tablename__ = "merged_vote"

    id: int | None = Field(default=None, primary_key=True)
    merge_id: int = Field(foreign_key="idea_merge.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    voted_at: datetime
    moved: bool


class Flag(SQLModel, table=True):
    """A member's report of an idea or a comment (exactly one of the two)."""

    __table_args__ = (
        UniqueConstraint("idea_id", "reporter_id", name="uq_flag_idea_reporter"),
        UniqueConstraint("comment_id", "reporter_id", name="uq_flag_comment_reporter"),
        CheckConstraint("(idea_id IS NULL) <> (comment_id IS NULL)", name="ck_flag_one_target"),
        Index("ix_flag_open", "resolved_at", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    idea_id: int | None = Field(default=None, foreign_key="idea.id", ondelete="CASCADE")
    comment_id: int | None = Field(default=None, foreign_key="comment.id", ondelete="CASCADE")
    reporter_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    reason: str = Field(max_length=20)
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_at: datetime = Field(default_factory=utcnow)
    resolved_at: datetime | None = None
    resolved_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    # "dismissed" (the item stays) or "hidden" (the moderator agreed).
    resolution: str | None = Field(default=None, max_length=20)


class DuplicatePair(SQLModel, table=True):
    """Two ideas that read alike, found when either was posted or edited, waiting in the
    moderators' duplicates queue. "Not duplicates" is remembered (`dismissed_at`), so the
    pair never comes back. `first_id` is the smaller id, so each pair is stored once."""

    __tablename__ = "duplicate_pair"
    __table_args__ = (
        UniqueConstraint("first_id", "second_id", name="uq_duplicate_pair"),
        CheckConstraint("first_id < second_id", name="ck_duplicate_pair_order"),
        Index("ix_duplicate_pair_queue", "dismissed_at", "similarity"),
        Index("ix_duplicate_pair_second", "second_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    first_id: int = Field(foreign_key="idea.id", ondelete="CASCADE")
    second_id: int = Field(foreign_key="idea.id", ondelete="CASCADE")
    similarity: float
    found_at: datetime = Field(default_factory=utcnow)
    dismissed_at: datetime | None = None
    dismissed_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")


class AuditEvent(SQLModel, table=True):
    """Who did what to what, when, with the before and after that matter. Written in the
    same transaction as the action. No actor: the system (auto-hide) or the command line."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_actor", "actor_id", "id"),
        Index("ix_audit_event_action", "action", "id"),
        Index("ix_audit_event_created", "created_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    actor_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    action: str = Field(max_length=40)
    target_type: str = Field(max_length=20)
    target_id: int | None = None
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    created_at: datetime = Field(default_factory=utcnow)


# The search migration adds what SQLModel cannot describe: FTS5 tables on SQLite, and
# generated tsvector columns with GIN indexes on PostgreSQL. Autogenerate must leave them be.
SEARCH_SCHEMA = ("idea_fts", "comment_fts", "search_vector", "ix_idea_search_vector",
                 "ix_comment_search_vector")  # fmt: skip


def described_by_models(_object, name, _type, _reflected, _compare_to) -> bool:
    """Alembic's include_object: skip the search objects the models do not describe."""
    return not (name and name.startswith(SEARCH_SCHEMA))


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
    # Mail when an inquiry round opens (opt in).
    mail_round_opened: bool = Field(default=False)
    daily_digest_at: datetime | None = None
    weekly_digest_at: datetime | None = None

    def frequency(self, kind: str) -> MailFrequency:
        return MailFrequency(getattr(self, f"mail_{kind}"))


class OutboxMail(SQLModel, table=True):
    """A mail to send. The request that causes it only adds this row; the mail worker
    claims it for a lease, sends it, then marks it sent (or schedules a retry)."""

    __tablename__ = "outbox_mail"
    __table_args__ = (
        Index("ix_outbox_mail_due", "status", "next_attempt_at"),
        Index("ix_outbox_mail_user", "user_id"),
    )

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


# --- insight: stances, declared segments, the analysis --------------------------------


class Stance(SQLModel, table=True):
    """A member's "I disagree" or "pass" on an idea. Support is a Vote; a member has at
    most one of the two on an idea (app/services/ideas/stances.py keeps it so)."""

    __table_args__ = (
        UniqueConstraint("idea_id", "user_id", name="uq_stance_idea_user"),
        # A member's own answers: their profile, download and erasure.
        Index("ix_stance_user", "user_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    idea_id: int = Field(foreign_key="idea.id", ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    answer: str = Field(max_length=10)  # Answer.disagree or Answer.pass_
    created_at: datetime = Field(default_factory=utcnow)


class Segment(SQLModel, table=True):
    """A profile question admins ask (organisation type, income band, nation, role):
    members answer it optionally; the insight shows support by answer."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=60, unique=True)
    question: str = Field(max_length=160)
    options: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # Shown on the member's public profile when they choose to (and in no other way).
    public: bool = Field(default=False)
    position: int = Field(default=0)
    archived_at: datetime | None = None


class SegmentAnswer(SQLModel, table=True):
    __tablename__ = "segment_answer"
    __table_args__ = (
        UniqueConstraint("segment_id", "user_id", name="uq_segment_answer_user"),
        Index("ix_segment_answer_user", "user_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    segment_id: int = Field(foreign_key="segment.id", ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    option: str = Field(max_length=120)
    answered_at: datetime = Field(default_factory=utcnow)


class InsightRun(SQLModel, table=True):
    """One analysis of how members answer (app/services/insight): pages read the latest."""

    __tablename__ = "insight_run"

    id: int | None = Field(default=None, primary_key=True)
    computed_at: datetime = Field(default_factory=utcnow)
    # Set once every row of the run is written: pages read the latest finished run.
    finished_at: datetime | None = None
    seconds: float = 0.0
    members: int = 0  # members who answered anything
    clustered: int = 0  # of them, those with enough answers to be placed in a group
    ideas: int = 0
    answers: int = 0
    silhouette: float | None = None
    # The answer count the run saw: the worker recomputes once enough has changed.
    answers_seen: int = 0


class InsightGroup(SQLModel, table=True):
    """An opinion group of a run: a stable letter while its members mostly stay, its
    size, and the ideas that set it apart (idea id, "support" or "disagree", how much
    more than the rest)."""

    __tablename__ = "insight_group"

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="insight_run.id", index=True, ondelete="CASCADE")
    label: str = Field(max_length=4)
    size: int
    representative: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class InsightMember(SQLModel, table=True):
    """Where a clustered member sits on the opinion map, and their group."""

    __tablename__ = "insight_member"

    run_id: int = Field(foreign_key="insight_run.id", primary_key=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    label: str = Field(max_length=4)
    x: float
    y: float


class InsightIdea(SQLModel, table=True):
    """An idea's answers and scores in a run. `groups`: label -> [supports, disagrees,
    passes] among the group's members; `segments`: segment slug -> option -> [supports,
    answers] among members who gave that answer."""

    __tablename__ = "insight_idea"
    __table_args__ = (
        Index("ix_insight_idea_bridging", "run_id", "bridging", "idea_id"),
        Index("ix_insight_idea_consensus", "run_id", "consensus", "idea_id"),
        Index("ix_insight_idea_spread", "run_id", "spread", "idea_id"),
    )

    run_id: int = Field(foreign_key="insight_run.id", primary_key=True, ondelete="CASCADE")
    idea_id: int = Field(foreign_key="idea.id", primary_key=True, ondelete="CASCADE")
    supports: int
    disagrees: int
    passes: int
    consensus: float
    bridging: float
    # The largest difference in (smoothed) support between two groups that answered it.
    spread: float
    divisive: bool
    groups: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    segments: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class InsightWeek(SQLModel, table=True):
    """Participation in one week (Monday, UTC) as a run counted it."""

    __tablename__ = "insight_week"

    run_id: int = Field(foreign_key="insight_run.id", primary_key=True, ondelete="CASCADE")
    week: date = Field(primary_key=True)
    members: int  # members who proposed, answered or commented that week
    ideas: int
    answers: int
    comments: int


class JobLease(SQLModel, table=True):
    """A background job one process at a time may run: claimed by moving `until` on."""

    __tablename__ = "job_lease"

    name: str = Field(primary_key=True, max_length=40)
    holder: str = Field(default="", max_length=64)
    until: datetime = Field(default_factory=utcnow)


# --- issue 19: members' own data, and the inquiry's data shared (API, webhooks) --------


class ApiScope(StrEnum):
    """What a personal API token may do; each includes the ones before it."""

    read = "read"
    write = "write"  # propose, edit, comment, vote: what the member may do on the pages
    moderate = "moderate"  # moderators' actions, for a token of a moderator

    @property
    def label(self) -> str:
        return {
            "read": "Read: ideas, comments, themes, profiles",
            "write": "Read and write: also propose, edit, comment and vote",
            "moderate": "Read, write and moderate",
        }[self.value]


class ApiToken(SQLModel, table=True):
    """A member's personal API token. Only its SHA-256 is stored; `hint` is its first
    characters, so the member can tell their tokens apart. Revoking deletes the row."""

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=60)
    scope: str = Field(default=ApiScope.read, max_length=10)
    token_digest: str = Field(max_length=64, unique=True)
    hint: str = Field(max_length=12)
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime | None = None


class DataExportStatus(StrEnum):
    pending = "pending"  # waiting for the worker
    ready = "ready"  # the ZIP is made and the link mailed
    downloaded = "downloaded"  # the link has been used (it works once)
    expired = "expired"  # not downloaded in time; the file is gone
    failed = "failed"


class DataExport(SQLModel, table=True):
    """A member's "download my data": made in the background by the worker (claimed with
    a lease, like outbox mail), mailed as a link that works once."""

    __tablename__ = "data_export"
    __table_args__ = (Index("ix_data_export_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    status: str = Field(default=DataExportStatus.pending, max_length=10)
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(default_factory=utcnow)
    lease_token: str | None = Field(default=None, max_length=64)
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    token_digest: str | None = Field(default=None, max_length=64, unique=True)
    file_name: str | None = Field(default=None, max_length=100)
    size_bytes: int | None = None
    created_at: datetime = Field(default_factory=utcnow)
    ready_at: datetime | None = None
    expires_at: datetime | None = None
    downloaded_at: datetime | None = None


class WebhookEvent(StrEnum):
    idea_created = "idea.created"
    comment_created = "comment.created"
    idea_status_changed = "idea.status_changed"
    idea_merged = "idea.merged"
    ping = "ping"  # the "send test" button

    @property
    def label(self) -> str:
        return {
            "idea.created": "A new idea",
            "comment.created": "A new comment",
            "idea.status_changed": "A status change or official response",
            "idea.merged": "An idea merged into another",
            "ping": "A test",
        }[self.value]


class Webhook(SQLModel, table=True):
    """An address that is told of what happens on the forum, configured by an admin.
    `secret` signs each payload (Standard Webhooks); it must be kept to sign, so it is
    stored as it is, and shown only to admins."""

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(sa_column=Column(String(500), nullable=False))
    description: str = Field(default="", max_length=120)
    secret: str = Field(max_length=100)
    # The events it wants, separated by spaces.
    events: str = Field(max_length=200)
    active: bool = Field(default=True)
    created_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow)

    @property
    def event_list(self) -> list[str]:
        return self.events.split()


class WebhookDelivery(SQLModel, table=True):
    """One event to deliver to one webhook: queued in the transaction of what happened,
    delivered by the worker with the outbox's claim, lease and back-off."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        Index("ix_webhook_delivery_due", "status", "next_attempt_at"),
        Index("ix_webhook_delivery_log", "webhook_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    webhook_id: int = Field(foreign_key="webhook.id", ondelete="CASCADE")
    event: str = Field(max_length=40)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default=OutboxStatus.pending, max_length=10)
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(default_factory=utcnow)
    lease_token: str | None = Field(default=None, max_length=64)
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    # The receiver's last answer: its status and the start of its body.
    response_status: int | None = None
    response_body: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(default_factory=utcnow)
    delivered_at: datetime | None = None


# --- inquiry rounds --------------------------------------------------------------------


class Round(SQLModel, table=True):
    """An inquiry round: a question put to the sector for a time window, and the answer
    published after it. Its state (draft, open, closed, reported) is derived from the
    dates and `reported_at` by app/services/rounds/state.py; nothing else stores it."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=80, unique=True)
    title: str = Field(max_length=120)
    question: str = Field(max_length=300)
    introduction: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    opens_at: datetime
    closes_at: datetime = Field(index=True)
    # Members see their own support but not the totals until the round closes.
    hide_counts: bool = Field(default=False)
    # Whether a closed round's ideas still take comments.
    comments_after_close: bool = Field(default=True)
    heard: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    next_steps: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    reported_at: datetime | None = None
    # When the notices went out (each once): opened, closing in three days, reported.
    opened_notice_at: datetime | None = None
    closing_notice_at: datetime | None = None
    report_notice_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class RoundTheme(SQLModel, table=True):
    """A theme a round covers."""

    __tablename__ = "round_theme"
    __table_args__ = (Index("ix_round_theme_theme", "theme_id", "round_id"),)

    round_id: int = Field(foreign_key="round.id", primary_key=True, ondelete="CASCADE")
    theme_id: int = Field(foreign_key="theme.id", primary_key=True)


# --- the site itself: its pages that build trust, its settings, the first admin ---------


class SitePageVersion(SQLModel, table=True):
    """One published version of a page that builds trust (about, privacy, code of conduct,
    accessibility, contact). Versions are kept, never edited: the newest is the page, and a
    member's agreement names the version they agreed to. `asks_again`: publishing it asks
    members who agreed to an older version to agree again (a change that matters)."""

    __tablename__ = "site_page_version"
    __table_args__ = (UniqueConstraint("slug", "version", name="uq_site_page_version"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=40)
    version: int
    title: str = Field(max_length=120)
    body: str = Field(sa_column=Column(Text, nullable=False))
    asks_again: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")


class PageAgreement(SQLModel, table=True):
    """A member's agreement to a version of a page (the code of conduct, the privacy
    notice read): recorded at sign-up, and again when a changed version asks."""

    __tablename__ = "page_agreement"
    __table_args__ = (Index("ix_page_agreement_user", "user_id", "slug", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    slug: str = Field(max_length=40)
    version: int
    agreed_at: datetime = Field(default_factory=utcnow)


class SiteSettings(SQLModel, table=True):
    """The site's own settings, one row (id 1), changed by admins at /mod/settings. An
    empty value means the default (COMMONGROUND_SITE_NAME for the name)."""

    __tablename__ = "site_settings"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(default="", max_length=80)
    tagline: str = Field(default="", max_length=200)
    landing_intro: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    accent: str = Field(default="", max_length=7)  # "#rrggbb", the light scheme's
    accent_dark: str = Field(default="", max_length=7)  # the dark scheme's
    footer_links: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    contact_email: str = Field(default="", max_length=254)
    roadmap_label: str = Field(default="", max_length=40)
    logo: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    logo_type: str = Field(default="", max_length=40)
    logo_alt: str = Field(default="", max_length=120)
    updated_at: datetime = Field(default_factory=utcnow)


class IdeaEmbedding(SQLModel, table=True):
    """An idea's sentence embedding (title and body), written with the idea, for similar
    ideas by meaning. Rewritten rows get a new `id`, so a process keeping the vectors in
    memory reads only the rows after the last one it saw (see finding/vectors.py)."""

    __tablename__ = "idea_embedding"
    # Ids never reused (SQLite would hand a deleted last id out again).
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    idea_id: int = Field(foreign_key="idea.id", ondelete="CASCADE", unique=True)
    model: str = Field(max_length=60)
    vector: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
