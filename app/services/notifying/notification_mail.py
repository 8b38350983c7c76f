"""Mail about notifications: at once, or gathered into daily and weekly digests.

Both run in the mail worker (and `commonground send-digests`), never in a request. Each
reads the member's choices as they are now, so an unsubscribe or a changed setting
applies to what is still waiting, and a comment removed in the meantime is not mailed.

Digests go out on a schedule: daily ones at `COMMONGROUND_DIGEST_HOUR` (UTC), weekly ones
at that hour on `COMMONGROUND_DIGEST_WEEKDAY`. At each scheduled moment (the "slot"), a
member who has notifications waiting from before it, and whose last digest of that kind
was made before it, is due. Their digest is made in one transaction that first locks
their settings row and records the slot as done, so two workers never send the same
digest twice, and a member with nothing new gets nothing.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, literal
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from app.config import Settings
from app.db import locking, write_transaction
from app.models import (
    IdeaStatus,
    MailFrequency,
    MailState,
    Notification,
    NotificationKind,
    NotificationSettings,
    User,
    UserState,
    Vote,
    utcnow,
)
from app.services.notifying import emails, notifications, outbox
from app.services.notifying.notifications import NotificationGroup, NotificationView

BATCH = 100
SECTION_LIMIT = 20
DIGESTS = (MailFrequency.daily, MailFrequency.weekly)
DIGEST_SECTIONS = [
    ("news", "Status changes and official responses", {NotificationKind.status}),
    ("merged", "Your ideas merged into others", {NotificationKind.merged}),
    ("replies", "Replies and mentions", {NotificationKind.reply, NotificationKind.mention}),
    ("comments", "New comments on your ideas", {NotificationKind.comment}),
    (
        "ideas",
        "Ideas in themes you follow that you have not voted on yet",
        {NotificationKind.new_idea},
    ),
]


def _mailable(user: User | None) -> bool:
    return user is not None and user.is_verified and user.state == UserState.active


# --- immediately -----------------------------------------------------------------------


def queue_immediate(*, session: Session, settings: Settings, now: datetime | None = None) -> int:
    """Queue a mail for each notification waiting to be mailed at once; returns how many."""
    queued = 0
    while True:
        count, more = _queue_immediate_batch(session, settings, now or utcnow())
        queued += count
        if not more:
            return queued


def _queue_immediate_batch(session: Session, settings: Settings, now: datetime) -> tuple[int, bool]:
    waiting = Notification.mail_state == MailState.immediate
    # A plain read first: an idle worker never takes SQLite's write lock.
    nothing_waiting = session.exec(select(Notification.id).where(waiting).limit(1)).first() is None
    session.commit()
    if nothing_waiting:
        return 0, False
    with write_transaction(session):
        rows = list(
            session.exec(
                select(Notification)
                .where(waiting)
                .order_by(col(Notification.id))
                .limit(BATCH)
                .with_for_update(skip_locked=True)
            )
        )
        if not rows:
            return 0, False
        ids = [row.id for row in rows]
        views = {
            view.id: view
            for view in map(
                notifications.to_view,
                session.exec(notifications.views_query().where(col(Notification.id).in_(ids))),
            )
        }
        user_ids = list({row.user_id for row in rows})
        users = {u.id: u for u in session.exec(select(User).where(col(User.id).in_(user_ids)))}
        preferences = notifications.preferences_for(session, user_ids)
        to_mail: list[NotificationView] = []
        for row in rows:
            frequency = preferences[row.user_id].frequency(row.kind)
            row.mail_state = MailState.done
            if frequency in DIGESTS:
                row.mail_state = MailState.digest
            elif frequency == MailFrequency.immediately:
                view, user = views.get(row.id), users.get(row.user_id)
                if view is not None and _still_worth_telling(view) and _mailable(user):
                    to_mail.append(view)
            session.add(row)
        queued = 0
        by_id = {row.id: row for row in rows}
        for entry in notifications.grouped(sorted(to_mail, key=lambda v: -v.id), read_apart=False):
            if _already_mailed_and_unread(session, entry.latest):
                continue
            user = users[entry.latest.user_id]
            mail = emails.compose(
                settings, "notification", to=user.email, user_id=user.id,
                unsubscribe=entry.latest.kind, user=user, note=entry.latest, entry=entry,
            )  # fmt: skip
            outbox.queue(session, mail, kind=f"notification.{entry.latest.kind}", user_id=user.id)
            for note_id in entry.ids:
                by_id[note_id].emailed_at = now
            queued += 1
    return queued, len(rows) == BATCH


def _already_mailed_and_unread(session: Session, view: NotificationView) -> bool:
    """An earlier notification of the same entry was mailed and is still unread: that mail
    brings the member to the entry, which shows this one too; seven replies in two
    minutes are one mail, not seven."""
    if view.kind not in notifications.GROUPED_KINDS:
        return False
    kind, idea_id, day, _, _ = notifications.group_key()
    earlier = select(Notification.id).where(
        Notification.user_id == view.user_id,
        kind == view.kind,
        idea_id == view.idea_id,
        day == func.date(literal(view.created_at)),
        col(Notification.emailed_at).is_not(None),
        col(Notification.read_at).is_(None),
        Notification.id < view.id,
    )
    return session.exec(earlier.limit(1)).first() is not None


def _still_worth_telling(view: NotificationView) -> bool:
    """A comment removed since is not mailed, nor a merge undone since."""
    comment_kinds = {NotificationKind.comment, NotificationKind.reply, NotificationKind.mention}
    if view.kind in comment_kinds:
        return view.comment_body is not None
    told_of_a_merge = view.kind == NotificationKind.merged or (
        view.kind == NotificationKind.status and view.status == IdeaStatus.merged
    )
    return view.idea_is_merged if told_of_a_merge else True


# --- digests ---------------------------------------------------------------------------


def latest_slot(settings: Settings, frequency: MailFrequency, now: datetime) -> datetime:
    """The most recent scheduled moment for this digest at or before `now`."""
    slot = now.replace(hour=settings.digest_hour, minute=0, second=0, microsecond=0)
    if slot > now:
        slot -= timedelta(days=1)
    if frequency == MailFrequency.weekly:
        slot -= timedelta(days=(slot.weekday() - settings.digest_weekday) % 7)
    return slot


@dataclass
class Digest:
    frequency: MailFrequency
    sections: list[tuple[str, str, list[NotificationGroup]]] = field(default_factory=list)
    more: dict[str, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(len(items) + self.more.get(key, 0) for key, _, items in self.sections)


def queue_digests(*, session: Session, settings: Settings, now: datetime | None = None) -> int:
    """Make every digest that is due; returns how many were queued for sending."""
    now = now or utcnow()
    queued = 0
    for frequency in DIGESTS:
        slot = latest_slot(settings, frequency, now)
        for user_id in _digest_candidates(session, slot, frequency):
            queued += _make_digest(session, settings, user_id, frequency, slot, now)
    return queued


def _digest_column(frequency: MailFrequency):
    return (
        NotificationSettings.daily_digest_at
        if frequency == MailFrequency.daily
        else NotificationSettings.weekly_digest_at
    )


def _digest_candidates(session: Session, slot: datetime, frequency: MailFrequency) -> list[int]:
    """Members with notifications waiting from before `slot` and no digest since it."""
    column = _digest_column(frequency)
    waiting = (
        select(Notification.user_id)
        .outerjoin(NotificationSettings, col(NotificationSettings.user_id) == Notification.user_id)
        .where(Notification.mail_state == MailState.digest, Notification.created_at < slot)
        .where((col(column).is_(None)) | (col(column) < slot))
        .distinct()
    )
    user_ids = list(session.exec(waiting))
    session.commit()  # end the read transaction before the writes
    return sorted(user_ids)


def _lock_settings(session: Session, user_id: int) -> NotificationSettings:
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.exec(
        insert(NotificationSettings)
        .values(**NotificationSettings(user_id=user_id).model_dump())
        .on_conflict_do_nothing(index_elements=["user_id"])
    )
    return session.exec(
        locking(select(NotificationSettings).where(NotificationSettings.user_id == user_id))
    ).one()


def _make_digest(
    session: Session,
    settings: Settings,
    user_id: int,
    frequency: MailFrequency,
    slot: datetime,
    now: datetime,
) -> int:
    with write_transaction(session):
        preferences = _lock_settings(session, user_id)
        last = getattr(preferences, _digest_column(frequency).key)
        if last is not None and last >= slot:
            return 0  # another worker made it meanwhile
        waiting = list(
            session.exec(
                select(Notification)
                .where(Notification.user_id == user_id, Notification.mail_state == MailState.digest)
                .order_by(col(Notification.id))
            )
        )
        included = []
        for row in waiting:
            chosen = preferences.frequency(row.kind)
            if chosen == frequency:
                included.append(row)
            elif chosen not in DIGESTS:
                # Now "immediately" or "never": no longer waiting for any digest.
                row.mail_state = MailState.done
                session.add(row)
        digest = _build(session, user_id, frequency, [row.id for row in included])
        user = session.get(User, user_id)
        sent = digest.count > 0 and _mailable(user)
        for row in included:
            row.mail_state = MailState.done
            row.emailed_at = now if sent else None
            session.add(row)
        if sent:
            assert user is not None
            mail = emails.compose(
                settings, "digest", to=user.email, user_id=user.id, unsubscribe=frequency,
                user=user, digest=digest,
            )  # fmt: skip
            outbox.queue(session, mail, kind=f"digest.{frequency}", user_id=user.id)
        setattr(preferences, _digest_column(frequency).key, now)
        session.add(preferences)
    return int(sent)


def _build(session: Session, user_id: int, frequency: MailFrequency, ids: list[int]) -> Digest:
    digest = Digest(frequency=frequency)
    if not ids:
        return digest
    views = [
        notifications.to_view(row)
        for row in session.exec(
            notifications.views_query()
            .where(col(Notification.id).in_(ids))
            .order_by(col(Notification.id))
        )
    ]
    voted = set(
        session.exec(
            select(Vote.idea_id).where(
                Vote.user_id == user_id, col(Vote.idea_id).in_({v.idea_id for v in views})
            )
        )
    )
    views.reverse()  # newest first, as entries are
    for key, title, kinds in DIGEST_SECTIONS:
        found = [v for v in views if v.kind in kinds and _still_worth_telling(v)]
        if key == "ideas":
            found = [v for v in found if v.idea_id not in voted and not v.idea_is_merged]
            found.sort(key=lambda v: (-(v.idea_vote_count or 0), -v.id))
        items = notifications.grouped(found, read_apart=False)
        if items:
            digest.sections.append((key, title, items[:SECTION_LIMIT]))
            if len(items) > SECTION_LIMIT:
                digest.more[key] = len(items) - SECTION_LIMIT
    return digest
