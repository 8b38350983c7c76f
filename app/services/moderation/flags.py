"""Reports ("flags") on ideas and comments, and the moderators' queue.

A verified member reports an item once (UNIQUE per member and item: a second report is
a no-op). When the open reports on an item, each from a different member, reach the
threshold (setting `flag_threshold`, 3 by default, as in Decidim), the item is hidden
pending review, in the same transaction as the report that tipped it. A moderator then
dismisses the reports (the item stays, or comes back if it was hidden) or hides it (the
reports are upheld). A member whose report was dismissed cannot report the same item
again, so a dismissal is not undone by the same people reporting twice.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from app.config import Settings
from app.db import write_transaction
from app.links import Links
from app.models import Comment, Flag, FlagReason, Idea, Role, User, UserState, utcnow
from app.services.accounts import registration
from app.services.errors import Forbidden, NotFound, ValidationFailed
from app.services.ideas.locking import lock_comment, lock_idea
from app.services.ideas.proposals import get_author
from app.services.moderation import audit, trust
from app.services.moderation.hiding import resolve_open_flags, set_comment_hidden, set_idea_hidden

NOTE_MAX = 1_000
QUEUE_LIMIT = 50


@dataclass(frozen=True)
class FlagOutcome:
    created: bool
    hidden: bool
    idea_id: int


def _validate(reason: str, note: str) -> FlagReason:
    errors = {}
    try:
        parsed = FlagReason(reason)
    except ValueError:
        errors["reason"] = "Choose why you are reporting this."
        parsed = FlagReason.other
    if len(note) > NOTE_MAX:
        errors["note"] = f"Keep the note to {NOTE_MAX:,} characters."
    if errors:
        raise ValidationFailed(errors)
    return parsed


def _insert_flag(session: Session, **values) -> bool:
    """Insert unless this member already reported the item; True if it went in."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    target = "idea_id" if values.get("idea_id") is not None else "comment_id"
    inserted = session.exec(
        insert(Flag)
        .values(**values, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=[target, "reporter_id"])
        .returning(col(Flag.id))
    ).first()
    return inserted is not None


def _open_flags(session: Session, target) -> int:
    """The open reports on `target` that count towards hiding it: one per established
    reporter (trust.py)."""
    return session.exec(
        select(func.count(func.distinct(Flag.reporter_id))).where(
            target, col(Flag.resolved_at).is_(None), trust.established(Flag.reporter_id)
        )
    ).one()


def _report(reporter: User, reason: str, note: str) -> tuple[FlagReason, str]:
    """The report's reason and note, checked before any write."""
    if not reporter.is_verified:
        raise Forbidden("Confirm your email address to report content.")
    note = note.strip()
    return _validate(reason, note), note


def _tell_moderators(session: Session, settings: Settings | None, what: str, idea: Idea) -> None:
    """Mail every moderator that members' reports hid `what` (in the same transaction)."""
    if settings is None:
        return
    moderators = session.exec(
        select(User).where(
            col(User.role).in_((Role.moderator, Role.admin)),
            User.state == UserState.active,
            col(User.email_verified_at).is_not(None),
        )
    ).all()
    for moderator in moderators:
        registration.mail_member(
            session, settings, "reports_hid", moderator, what=what, idea=idea,
            queue_url=Links(settings).report_queue(),
        )  # fmt: skip


def flag_idea(
    *,
    session: Session,
    reporter: User,
    idea_id: int,
    reason: str,
    note: str,
    threshold: int,
    settings: Settings | None = None,
) -> FlagOutcome:
    """Report an idea; with `settings`, the moderators are mailed if the report hides it."""
    parsed, note = _report(reporter, reason, note)
    with write_transaction(session):
        idea = lock_idea(session, idea_id)
        if idea.hidden_at is not None:
            raise NotFound("There is no idea at this address. It may have been removed.")
        if idea.author_id == reporter.id:
            raise Forbidden("You can't report your own idea. You can edit it instead.")
        created = _insert_flag(
            session, idea_id=idea.id, reporter_id=reporter.id, reason=parsed, note=note
        )
        hidden = False
        if created and _open_flags(session, Flag.idea_id == idea.id) >= threshold:
            set_idea_hidden(session, idea, True)
            hidden = True
            audit.record(
                session, actor=None, action="idea.auto_hide", target_type="idea",
                target_id=idea.id, before={"hidden": False},
                after={"hidden": True, "open_reports": threshold},
            )  # fmt: skip
            _tell_moderators(session, settings, "an idea", idea)
    return FlagOutcome(created=created, hidden=hidden, idea_id=idea.id)


def flag_comment(
    *,
    session: Session,
    reporter: User,
    comment_id: int,
    reason: str,
    note: str,
    threshold: int,
    settings: Settings | None = None,
) -> FlagOutcome:
    parsed, note = _report(reporter, reason, note)
    with write_transaction(session):
        comment, idea = lock_comment(session, comment_id)
        if comment.hidden_at or comment.deleted_at or idea.hidden_at:
            raise NotFound("There is no comment at this address. It may have been removed.")
        if comment.author_id == reporter.id:
            raise Forbidden("You can't report your own comment. You can edit it instead.")
        created = _insert_flag(
            session, comment_id=comment.id, reporter_id=reporter.id, reason=parsed, note=note
        )
        hidden = False
        if created and _open_flags(session, Flag.comment_id == comment.id) >= threshold:
            set_comment_hidden(session, comment, idea, True)
            hidden = True
            audit.record(
                session, actor=None, action="comment.auto_hide", target_type="comment",
                target_id=comment.id, before={"hidden": False},
                after={"hidden": True, "open_reports": threshold},
            )  # fmt: skip
            _tell_moderators(session, settings, "a comment", idea)
    return FlagOutcome(created=created, hidden=hidden, idea_id=idea.id)


@dataclass(frozen=True)
class Reported:
    """What the signed-in member has already reported on one idea page."""

    idea: bool = False
    comment_ids: frozenset[int] = frozenset()


def reported_by(*, session: Session, user: User | None, idea_id: int) -> Reported:
    if user is None:
        return Reported()
    idea = session.exec(
        select(Flag.id).where(Flag.idea_id == idea_id, Flag.reporter_id == user.id)
    ).first()
    comment_ids = session.exec(
        select(Flag.comment_id)
        .join(Comment, col(Comment.id) == Flag.comment_id)
        .where(Comment.idea_id == idea_id, Flag.reporter_id == user.id)
    ).all()
    return Reported(idea=idea is not None, comment_ids=frozenset(comment_ids))


# --- the moderators' queue -------------------------------------------------------------


@dataclass
class ReportView:
    reason: str
    note: str
    reporter_name: str
    created_at: datetime

    @property
    def reason_label(self) -> str:
        return FlagReason(self.reason).label


@dataclass
class QueueItem:
    kind: str  # "idea" or "comment"
    id: int
    idea_id: int
    idea_title: str
    author_name: str
    body_html: str
    hidden: bool
    created_at: datetime
    parent_excerpt: str | None = None
    reports: list[ReportView] = field(default_factory=list)


def queue(*, session: Session, limit: int = QUEUE_LIMIT) -> tuple[list[QueueItem], int]:
    """Items with open reports, longest waiting first, with the content and its context;
    and how many items wait in all."""
    targets = session.exec(_waiting().order_by("first").limit(limit)).all()
    items = []
    for idea_id, comment_id, _first in targets:
        item = (
            _idea_item(session, idea_id)
            if idea_id is not None
            else _comment_item(session, comment_id)
        )
        target = Flag.idea_id == idea_id if idea_id is not None else Flag.comment_id == comment_id
        reports = session.exec(
            select(Flag, User.display_name)
            .join(User, col(User.id) == Flag.reporter_id)
            .where(target, col(Flag.resolved_at).is_(None))
            .order_by(col(Flag.created_at))
        ).all()
        item.reports = [
            ReportView(flag.reason, flag.note, name, flag.created_at) for flag, name in reports
        ]
        items.append(item)
    return items, count_waiting(session=session)


def _waiting():
    """One row per reported item with open reports, with its oldest report's time."""
    return (
        select(Flag.idea_id, Flag.comment_id, func.min(Flag.created_at).label("first"))
        .where(col(Flag.resolved_at).is_(None))
        .group_by(Flag.idea_id, Flag.comment_id)
    )


def count_waiting(*, session: Session) -> int:
    """How many items wait for review."""
    return session.exec(select(func.count()).select_from(_waiting().subquery())).one()


def _idea_item(session: Session, idea_id: int) -> QueueItem:
    idea = session.get_one(Idea, idea_id)
    return QueueItem(
        kind="idea",
        id=idea.id,
        idea_id=idea.id,
        idea_title=idea.title,
        author_name=get_author(session=session, idea=idea).display_name,
        body_html=idea.body_html,
        hidden=idea.hidden_at is not None,
        created_at=idea.created_at,
    )


def _comment_item(session: Session, comment_id: int) -> QueueItem:
    comment = session.get_one(Comment, comment_id)
    idea = session.get_one(Idea, comment.idea_id)
    author = session.get_one(User, comment.author_id)
    parent = session.get(Comment, comment.parent_id) if comment.parent_id else None
    return QueueItem(
        kind="comment",
        id=comment.id,
        idea_id=idea.id,
        idea_title=idea.title,
        author_name=author.display_name,
        body_html=comment.body_html,
        hidden=comment.hidden_at is not None,
        created_at=comment.created_at,
        parent_excerpt=(parent.body[:200] if parent and not parent.deleted_at else None),
    )


def dismiss_flags(*, session: Session, actor: User, kind: str, target_id: int) -> int:
    """The item stays: its open reports are closed as dismissed and, if the reports had
    hidden it, it is shown again. Returns how many reports were closed."""
    with write_transaction(session):
        if kind == "idea":
            idea = lock_idea(session, target_id)
            was_hidden = idea.hidden_at is not None
            resolved = resolve_open_flags(
                session, actor=actor, resolution="dismissed", idea_id=idea.id
            )
            if resolved:
                set_idea_hidden(session, idea, False)
        else:
            comment, idea = lock_comment(session, target_id)
            was_hidden = comment.hidden_at is not None
            resolved = resolve_open_flags(
                session, actor=actor, resolution="dismissed", comment_id=comment.id
            )
            if resolved and comment.deleted_at is None:
                set_comment_hidden(session, comment, idea, False)
        if not resolved:
            return 0
        audit.record(
            session, actor=actor, action="flags.dismiss", target_type=kind, target_id=target_id,
            before={"hidden": was_hidden, "open_reports": resolved},
            after={"hidden": False, "open_reports": 0},
        )  # fmt: skip
    return resolved
