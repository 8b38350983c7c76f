"""In-app notifications and each member's choice of mail for them.

A notification is written in the transaction of the action that causes it (a comment,
a new idea, a status change, a merge), so the two stand or fall together. Its mail is
not composed there: the notification records whether it waits for the mail worker's
next pass (`mail_state` immediate) or for the member's digest (`digest`), and
`app.services.notification_mail` composes and queues the mail from it afterwards. That
keeps the actions free of templates and settings, and lets a mail reflect the member's
choices and the comment as they are when it goes out.

Each member is told once per action, with the most specific kind: a reply to their
comment, else a mention, else a comment on their idea. Nobody is told of their own
actions.

Notifications are shown in groups, as GitHub and Discourse do: the comments, replies or
mentions of one kind about one idea on one day (UTC), all unread or all read, are one
entry ("Ana Patel and 2 others commented on ... (7 comments)"), read together. Status
changes, merges and new ideas each stay an entry of their own: each is news by itself.
The rule is `group_key` (SQL) and `NotificationView.group_key` (Python), which agree.

Moderation (status changes and merges) is written on another branch; it calls
`idea_status_changed` and `idea_merged` inside its own transactions.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, case, delete, func, literal, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from app.db import write_transaction
from app.models import (
    Comment,
    Idea,
    IdeaStatus,
    MailFrequency,
    MailState,
    Notification,
    NotificationKind,
    NotificationSettings,
    Theme,
    User,
    UserState,
    utcnow,
)
from app.services.errors import NotFound, ValidationFailed
from app.services.finding import mentions
from app.services.notifying import follows, outbox
from app.services.rounds.state import shown_count_sql

PAGE_SIZE = 30

# --- preferences ---------------------------------------------------------------------


def preferences(session: Session, user_id: int) -> NotificationSettings:
    """The member's settings, or the defaults (an unsaved row) if they never chose."""
    return session.get(NotificationSettings, user_id) or NotificationSettings(user_id=user_id)


def preferences_for(session: Session, user_ids: list[int]) -> dict[int, NotificationSettings]:
    saved = session.exec(
        select(NotificationSettings).where(col(NotificationSettings.user_id).in_(user_ids))
    ).all()
    found = {row.user_id: row for row in saved}
    return {uid: found.get(uid) or NotificationSettings(user_id=uid) for uid in user_ids}


def _settings_row(session: Session, user_id: int) -> NotificationSettings:
    row = session.get(NotificationSettings, user_id)
    if row is None:
        row = NotificationSettings(user_id=user_id)
        session.add(row)
    return row


def save_preferences(
    *,
    session: Session,
    user: User,
    frequencies: Mapping[str, str],
    follow_on_propose: bool,
    follow_on_vote: bool,
    follow_on_comment: bool,
    mail_round_opened: bool = False,
) -> NotificationSettings:
    errors = {
        f"mail_{kind}": "Choose how often to be emailed about this."
        for kind in NotificationKind
        if frequencies.get(kind) not in set(MailFrequency)
    }
    if errors:
        raise ValidationFailed(errors)
    with write_transaction(session):
        row = _settings_row(session, user.id)
        for kind in NotificationKind:
            setattr(row, f"mail_{kind}", MailFrequency(frequencies[kind]))
        row.follow_on_propose = follow_on_propose
        row.follow_on_vote = follow_on_vote
        row.follow_on_comment = follow_on_comment
        row.mail_round_opened = mail_round_opened
    return row


def _kinds_in_scope(row: NotificationSettings, scope: str) -> list[NotificationKind]:
    if scope in set(NotificationKind):
        return [NotificationKind(scope)]
    if scope in (MailFrequency.daily, MailFrequency.weekly):
        return [kind for kind in NotificationKind if row.frequency(kind) == scope]
    return list(NotificationKind)


def is_unsubscribed(row: NotificationSettings, scope: str) -> bool:
    """Whether the mail an unsubscribe link with `scope` stops has already stopped."""
    return all(row.frequency(kind) == MailFrequency.never for kind in _kinds_in_scope(row, scope))


def unsubscribe(*, session: Session, user_id: int, scope: str) -> NotificationSettings:
    """Stop the mail `scope` names: one kind, one digest (every kind it gathers), or all."""
    with write_transaction(session):
        if session.get(User, user_id) is None:
            raise NotFound("This unsubscribe link is for an account that no longer exists.")
        row = _settings_row(session, user_id)
        for kind in _kinds_in_scope(row, scope):
            setattr(row, f"mail_{kind}", MailFrequency.never)
    return row


# --- writing notifications (inside the caller's transaction) ---------------------------


def _mail_state(frequency: MailFrequency) -> MailState:
    if frequency == MailFrequency.immediately:
        return MailState.immediate
    if frequency == MailFrequency.never:
        return MailState.done
    return MailState.digest


def _add(
    session: Session, user_ids: Iterable[int], kind: NotificationKind, *, idea_id: int, **fields
) -> set[int]:
    ids = sorted(set(user_ids))
    if ids:  # a former member (an erased account) is told nothing
        ids = list(
            session.exec(
                select(User.id)
                .where(col(User.id).in_(ids), User.state != UserState.deleted)
                .order_by(col(User.id))
            )
        )
    if not ids:
        return set()
    now = utcnow()
    wants_mail_now = False
    for user_id, row in preferences_for(session, ids).items():
        state = _mail_state(row.frequency(kind))
        wants_mail_now |= state == MailState.immediate
        session.add(
            Notification(
                user_id=user_id,
                kind=kind,
                idea_id=idea_id,
                mail_state=state,
                created_at=now,
                **fields,
            )
        )
    if wants_mail_now:
        outbox.wake_worker_after_commit(session)
    return set(ids)


def comment_added(
    session: Session, *, comment: Comment, idea: Idea, author: User, replied_to: Comment | None
) -> None:
    """Tell the author of the comment replied to, the members mentioned, and the idea's
    author (unless they unfollowed their own idea)."""
    told = {author.id}
    common = {"idea_id": idea.id, "comment_id": comment.id, "actor_id": author.id}
    if replied_to is not None and replied_to.author_id not in told:
        told |= _add(session, [replied_to.author_id], NotificationKind.reply, **common)
    mentioned = mentions.mentioned_user_ids(session, text=comment.body, idea_id=idea.id)
    told |= _add(session, mentioned - told, NotificationKind.mention, **common)
    if idea.author_id not in told and not follows.unfollowed_idea(
        session, user_id=idea.author_id, idea_id=idea.id
    ):
        _add(session, [idea.author_id], NotificationKind.comment, **common)


def comment_deleted(session: Session, *, comment_id: int) -> None:
    """The comment's author deleted it: what it told others goes too (unread or read), so
    nobody opens a notification of a comment that is no longer there."""
    session.exec(delete(Notification).where(col(Notification.comment_id) == comment_id))


def idea_created(session: Session, *, idea: Idea, author: User) -> None:
    """Tell the followers of the idea's theme."""
    followers = set(follows.theme_follower_ids(session, idea.theme_id)) - {author.id}
    _add(session, followers, NotificationKind.new_idea, idea_id=idea.id, actor_id=author.id)


def idea_status_changed(
    session: Session, *, idea: Idea, actor: User | None, response: str | None = None
) -> None:
    """Tell the idea's followers of its new status (`idea.status`) and the official
    response given with it (`response`, else the idea's current official response).

    For moderation: call it after changing the idea, in the same transaction, before
    committing; call it too when only the official response changes.
    """
    response = response if response is not None else idea.official_response
    followers = set(follows.idea_follower_ids(session, idea.id)) - {actor.id if actor else None}
    _add(
        session,
        followers,
        NotificationKind.status,
        idea_id=idea.id,
        actor_id=actor.id if actor else None,
        status=idea.status,
        response=response or None,
    )


def idea_merged(session: Session, *, idea: Idea, into: Idea, actor: User | None) -> None:
    """Tell the author of `idea` it was merged into `into`, tell its followers (as a
    status change to merged), and have its followers follow `into` from now on.

    For moderation: call it in the merge's transaction, before committing.
    """
    actor_id = actor.id if actor else None
    told = {actor_id}
    common = {"idea_id": idea.id, "actor_id": actor_id, "other_idea_id": into.id}
    if idea.author_id not in told:
        told |= _add(session, [idea.author_id], NotificationKind.merged, **common)
    followers = set(follows.idea_follower_ids(session, idea.id)) - told
    _add(session, followers, NotificationKind.status, status=IdeaStatus.merged, **common)
    follows.move_idea_followers(session, from_idea_id=idea.id, to_idea_id=into.id)


# --- reading -------------------------------------------------------------------------


@dataclass(frozen=True)
class NotificationView:
    id: int
    user_id: int
    kind: str
    created_at: datetime
    read: bool
    idea_id: int
    idea_title: str
    idea_status: str
    idea_vote_count: int | None  # None while its round hides the totals
    theme_name: str
    theme_slug: str
    actor_name: str | None
    comment_id: int | None
    comment_body: str | None  # None when the comment has been removed since
    status: str | None
    response: str | None
    other_idea_id: int | None
    other_idea_title: str | None

    @property
    def idea_is_merged(self) -> bool:
        """The idea it is about has since been merged into another."""
        return self.idea_status == IdeaStatus.merged

    @property
    def summary(self) -> str:
        """One plain-text sentence; pages and mail escape it."""
        who = self.actor_name or "Someone"
        title = f"“{self.idea_title}”"
        other = f"“{self.other_idea_title}”" if self.other_idea_title else "another idea"
        match self.kind:
            case NotificationKind.status if self.status == IdeaStatus.merged:
                return f"{title}, which you follow, was merged into {other}"
            case NotificationKind.status:
                label = IdeaStatus(self.status).label if self.status else "updated"
                answered = " with an official response" if self.response else ""
                return f"{title}, which you follow, is now {label}{answered}"
            case NotificationKind.comment:
                return f"{who} commented on your idea {title}"
            case NotificationKind.reply:
                return f"{who} replied to your comment on {title}"
            case NotificationKind.mention:
                return f"{who} mentioned you in a comment on {title}"
            case NotificationKind.new_idea:
                return f"New idea in {self.theme_name}: {title}"
            case NotificationKind.merged:
                return f"Your idea {title} was merged into {other}"
        return title

    @property
    def group_key(self) -> tuple:
        """The Python twin of `group_key()`: equal keys, one entry."""
        alone = None if self.kind in GROUPED_KINDS else self.id
        return (self.kind, self.idea_id, self.created_at.date(), not self.read, alone)

    @property
    def link_idea_id(self) -> int:
        if self.kind == NotificationKind.merged and self.other_idea_id:
            return self.other_idea_id
        return self.idea_id

    @property
    def anchor(self) -> str:
        return f"comment-{self.comment_id}" if self.comment_id and self.comment_body else ""


# The kinds whose notifications about one idea on one day are one entry.
GROUPED_KINDS = (NotificationKind.comment, NotificationKind.reply, NotificationKind.mention)


def group_key(table=Notification) -> tuple:
    """The columns one entry's notifications share (`table` may be a subquery's)."""
    grouped = col(table.kind).in_(GROUPED_KINDS)
    return (
        table.kind,
        table.idea_id,
        func.date(table.created_at),
        case((col(table.read_at).is_(None), 1), else_=0),
        case((grouped, literal(0)), else_=table.id),
    )


def _who(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} and {len(names) - 1} others"


@dataclass(frozen=True)
class NotificationGroup:
    """One entry of the list: one notification, or several of a kind about one idea."""

    items: list[NotificationView]  # newest first

    @property
    def latest(self) -> NotificationView:
        return self.items[0]

    @property
    def ids(self) -> list[int]:
        return [item.id for item in self.items]

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def read(self) -> bool:
        return all(item.read for item in self.items)

    @property
    def actor_names(self) -> list[str]:
        """Who acted, newest first, each once."""
        names = [item.actor_name or "Someone" for item in self.items]
        return list(dict.fromkeys(names))

    @property
    def summary(self) -> str:
        latest = self.latest
        if self.count == 1:
            return latest.summary
        who, title, count = _who(self.actor_names), f"“{latest.idea_title}”", self.count
        match latest.kind:
            case NotificationKind.comment:
                return f"{who} commented on your idea {title} ({count} comments)"
            case NotificationKind.reply:
                return f"{who} replied to you on {title} ({count} replies)"
            case NotificationKind.mention:
                return f"{who} mentioned you in comments on {title} ({count} comments)"
        return latest.summary

    @property
    def link_idea_id(self) -> int:
        return self.latest.link_idea_id

    @property
    def anchor_comment_id(self) -> int | None:
        """The earliest comment of the group still there: read on from it."""
        return next((item.comment_id for item in reversed(self.items) if item.anchor), None)

    @property
    def anchor(self) -> str:
        return f"comment-{self.anchor_comment_id}" if self.anchor_comment_id else ""


def grouped(
    views: Iterable[NotificationView], *, read_apart: bool = True
) -> list[NotificationGroup]:
    """`views` (newest first) in entries, each placed where its newest one is. Mail
    (`read_apart=False`) groups read and unread alike: it tells of them all anew."""
    groups: dict[tuple, list[NotificationView]] = {}
    for view in views:
        key = view.group_key if read_apart else view.group_key[:3] + view.group_key[4:]
        groups.setdefault(key, []).append(view)
    return [NotificationGroup(items=items) for items in groups.values()]


def views_query():
    """Notifications with what their sentence needs; ideas hidden since are left out."""
    actor = aliased(User)
    other = aliased(Idea)
    return (
        select(
            Notification,
            Idea.title,
            Idea.status,
            shown_count_sql(Idea.vote_count, Idea.round_id),
            Theme.name,
            Theme.slug,
            actor.display_name,
            Comment.body,
            Comment.deleted_at,
            Comment.hidden_at,
            other.title,
        )
        .join(Idea, col(Idea.id) == Notification.idea_id)
        .join(Theme, col(Theme.id) == Idea.theme_id)
        .outerjoin(actor, col(actor.id) == Notification.actor_id)
        .outerjoin(Comment, col(Comment.id) == Notification.comment_id)
        .outerjoin(other, col(other.id) == Notification.other_idea_id)
        .where(col(Idea.hidden_at).is_(None))
    )


def to_view(row) -> NotificationView:
    (note, title, status, votes, theme, slug, actor_name, body, deleted, hidden, other) = row
    return NotificationView(
        id=note.id,
        user_id=note.user_id,
        kind=note.kind,
        created_at=note.created_at,
        read=note.read_at is not None,
        idea_id=note.idea_id,
        idea_title=title,
        idea_status=status,
        idea_vote_count=votes,
        theme_name=theme,
        theme_slug=slug,
        actor_name=actor_name,
        comment_id=note.comment_id,
        comment_body=body if deleted is None and hidden is None else None,
        status=note.status,
        response=note.response,
        other_idea_id=note.other_idea_id,
        other_idea_title=other,
    )


@dataclass(frozen=True)
class NotificationPage:
    items: list[NotificationGroup]
    next_before: int | None


def list_notifications(
    *, session: Session, user: User, before: int | None = None, limit: int = PAGE_SIZE
) -> NotificationPage:
    """The member's notifications in entries (see `group_key`), newest first, a page of
    entries at a time (keyset on each entry's newest id, so none is split by a page)."""
    entries = (
        select(func.max(Notification.id), func.min(Notification.id))
        .join(Idea, col(Idea.id) == Notification.idea_id)
        .where(Notification.user_id == user.id, col(Idea.hidden_at).is_(None))
        .group_by(*group_key())
        .order_by(func.max(Notification.id).desc())
        .limit(limit + 1)
    )
    if before is not None:
        entries = entries.having(func.max(Notification.id) < before)
    found = session.exec(entries).all()
    shown = found[:limit]
    if not shown:
        return NotificationPage(items=[], next_before=None)
    newest = {row[0] for row in shown}
    rows = session.exec(
        views_query()
        .where(
            Notification.user_id == user.id,
            col(Notification.id).between(min(row[1] for row in shown), max(newest)),
        )
        .order_by(col(Notification.id).desc())
    ).all()
    items = [group for group in grouped(map(to_view, rows)) if group.latest.id in newest]
    next_before = items[-1].latest.id if len(found) > limit else None
    return NotificationPage(items=items, next_before=next_before)


# Every page shows the unread count, so it is counted only up to here (and shown as
# "99+"), among the newest UNREAD_SCANNED unread notifications: a page then costs the
# same however many notifications a member has let pile up.
UNREAD_COUNTED = 100
UNREAD_SCANNED = 500


def unread_query(user_id):
    """How many unread entries (groups, as the list shows them) the member has, at most
    UNREAD_COUNTED: one count row. `user_id` may be `User.id` of an enclosing query (the
    member page cache's, app/fast/member_pages.py)."""
    unread = (
        select(Notification.id, Notification.kind, Notification.idea_id)
        .add_columns(Notification.created_at, Notification.read_at)
        .join(Idea, col(Idea.id) == Notification.idea_id)
        .where(
            Notification.user_id == user_id,
            col(Notification.read_at).is_(None),
            col(Idea.hidden_at).is_(None),
        )
        .order_by(col(Notification.id).desc())
        .limit(UNREAD_SCANNED)
        .correlate(User)
        .subquery()
    )
    entries = (
        select(literal(1))
        .select_from(unread)
        .group_by(*group_key(unread.c))
        .limit(UNREAD_COUNTED)
        .subquery()
    )
    return select(func.count()).select_from(entries)


# Built once: every signed-in page asks it, and building it cost more than running it.
_UNREAD_COUNT = unread_query(bindparam("user_id"))


def unread_count(*, session: Session, user: User) -> int:
    """The member's unread entries, at most UNREAD_COUNTED."""
    return session.exec(_UNREAD_COUNT, params={"user_id": user.id}).one()


def mark_read(*, session: Session, user: User, ids: Iterable[int]) -> None:
    """Mark these of the member's notifications read (they have been shown)."""
    ids = list(ids)
    if not ids:
        return
    with write_transaction(session):
        session.exec(
            update(Notification)
            .where(
                col(Notification.user_id) == user.id,
                col(Notification.id).in_(ids),
                col(Notification.read_at).is_(None),
            )
            .values(read_at=utcnow())
        )


def mark_all_read(*, session: Session, user: User) -> None:
    with write_transaction(session):
        session.exec(
            update(Notification)
            .where(col(Notification.user_id) == user.id, col(Notification.read_at).is_(None))
            .values(read_at=utcnow())
        )


@dataclass(frozen=True)
class OpenedNotifications:
    page: NotificationPage
    unread_left: int


def open_notifications(
    *, session: Session, user: User, before: int | None = None
) -> OpenedNotifications:
    """A page of the member's notifications, which count as read once shown."""
    page = list_notifications(session=session, user=user, before=before)
    unread = [note.id for entry in page.items for note in entry.items if not note.read]
    mark_read(session=session, user=user, ids=unread)
    return OpenedNotifications(page=page, unread_left=unread_count(session=session, user=user))
