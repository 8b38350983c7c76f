"""Moderating ideas and comments: official status and response, hide and restore, pin.

Every action locks the rows it changes (FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE
transaction already holds the only write lock), moves the counters that depend on them in
the same transaction, and records one audit event. Hiding takes an idea out of every
list and out of its theme's count; hiding a comment takes it out of its idea's comment
count and stance tally; restoring puts back exactly what hiding took. Hiding resolves the
open reports on the item as upheld; restoring resolves them as dismissed.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from app.db import write_transaction
from app.models import (
    OFFICIAL_STATUSES,
    ROADMAP_STATUSES,
    Comment,
    Flag,
    Idea,
    IdeaStatus,
    IdeaStatusChange,
    User,
    utcnow,
)
from app.services import audit, notifications, trending
from app.services.comments import TALLY_COLUMNS
from app.services.errors import Conflict, NotFound, ValidationFailed
from app.services.ideas import change_theme_count, is_shown, status_is

RESPONSE_MAX = 10_000
MAX_PINNED_PER_THEME = 5
ROADMAP_LIMIT = 30
HIDDEN_LIST_LIMIT = 50


# --- locking ---------------------------------------------------------------------------


def lock_idea(session: Session, idea_id: int) -> Idea:
    idea = session.exec(
        select(Idea)
        .where(Idea.id == idea_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if idea is None:
        raise NotFound("There is no idea at this address.")
    return idea


def lock_comment(session: Session, comment_id: int) -> tuple[Comment, Idea]:
    """The comment and its idea, idea first (the order every comment writer locks in)."""
    idea_id = session.exec(select(Comment.idea_id).where(Comment.id == comment_id)).first()
    if idea_id is None:
        raise NotFound("There is no comment at this address.")
    idea = lock_idea(session, idea_id)
    comment = session.exec(
        select(Comment)
        .where(Comment.id == comment_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    return comment, idea


def _lock_undeleted_comment(session: Session, comment_id: int) -> tuple[Comment, Idea]:
    comment, idea = lock_comment(session, comment_id)
    if comment.deleted_at is not None:
        raise NotFound("Its author has deleted this comment.")
    return comment, idea


def resolve_open_flags(
    session: Session, *, actor: User | None, resolution: str, idea_id=None, comment_id=None
) -> int:
    """Close the open reports on one item; returns how many there were."""
    target = Flag.idea_id == idea_id if idea_id is not None else Flag.comment_id == comment_id
    return session.exec(
        update(Flag)
        .where(target, col(Flag.resolved_at).is_(None))
        .values(
            resolved_at=utcnow(),
            resolved_by_id=actor.id if actor else None,
            resolution=resolution,
        )
    ).rowcount


# --- official status -------------------------------------------------------------------


@dataclass(frozen=True)
class StatusEntry:
    status: str
    from_status: str
    response: str | None
    actor_name: str | None
    created_at: datetime


def set_status(*, session: Session, actor: User, idea_id: int, status: str, response: str) -> Idea:
    """Answer an idea: its status and the official response (Markdown, may be empty)."""
    response = response.strip()
    errors = {}
    try:
        new_status = IdeaStatus(status)
    except ValueError:
        new_status = None
    if new_status not in OFFICIAL_STATUSES:
        errors["status"] = "Choose a status from the list."
    if len(response) > RESPONSE_MAX:
        errors["response"] = f"Keep the response to {RESPONSE_MAX:,} characters."
    if errors:
        raise ValidationFailed(errors)
    assert new_status is not None
    with write_transaction(session):
        idea = lock_idea(session, idea_id)
        if idea.status == IdeaStatus.merged:
            raise Conflict("This idea is merged into another. Unmerge it to change its status.")
        before = {"status": idea.status, "response": idea.official_response}
        after = {"status": new_status.value, "response": response or None}
        if before == after:
            return idea
        now = utcnow()
        session.add(
            IdeaStatusChange(
                idea_id=idea.id,
                actor_id=actor.id,
                from_status=idea.status,
                status=new_status,
                response=response or None,
                created_at=now,
            )
        )
        idea.status = new_status
        idea.official_response = response or None
        idea.status_changed_at = now
        session.add(idea)
        audit.record(
            session, actor=actor, action="idea.status", target_type="idea", target_id=idea.id,
            before=before, after=after,
        )  # fmt: skip
        notifications.idea_status_changed(
            session=session, idea=idea, actor=actor, response=response or None
        )
    return idea


def status_history(*, session: Session, idea_id: int) -> list[StatusEntry]:
    """Official changes, newest first: the first is the current answer."""
    rows = session.exec(
        select(IdeaStatusChange, User.display_name)
        .outerjoin(User, col(User.id) == IdeaStatusChange.actor_id)
        .where(IdeaStatusChange.idea_id == idea_id)
        .order_by(col(IdeaStatusChange.created_at).desc(), col(IdeaStatusChange.id).desc())
    ).all()
    return [
        StatusEntry(
            status=change.status,
            from_status=change.from_status,
            response=change.response,
            actor_name=name,
            created_at=change.created_at,
        )
        for change, name in rows
    ]


@dataclass(frozen=True)
class RoadmapItem:
    id: int
    title: str
    vote_count: int
    status_changed_at: datetime | None


def roadmap(*, session: Session, limit: int = ROADMAP_LIMIT) -> dict[IdeaStatus, list[RoadmapItem]]:
    """Shown ideas that are planned, in progress or done, newest change first, at most
    `limit` of each (the idea list filtered by status has them all)."""
    columns = {}
    for status in ROADMAP_STATUSES:
        rows = session.exec(
            select(Idea.id, Idea.title, Idea.vote_count, Idea.status_changed_at)
            .where(status_is(status), col(Idea.hidden_at).is_(None))
            # Walks ix_idea_roadmap backwards: every idea given one of these statuses
            # has status_changed_at (set_status sets it; the migration backfilled it).
            .order_by(col(Idea.status_changed_at).desc(), col(Idea.id).desc())
            .limit(limit)
        ).all()
        columns[status] = [RoadmapItem(*row) for row in rows]
    return columns


# --- hiding and restoring ideas --------------------------------------------------------


def set_idea_hidden(session: Session, idea: Idea, hidden: bool) -> None:
    """Hide or show an idea inside the caller's transaction, keeping its theme's count."""
    was_shown = is_shown(idea)
    idea.hidden_at = (idea.hidden_at or utcnow()) if hidden else None
    change_theme_count(session, idea.theme_id, int(is_shown(idea)) - int(was_shown))
    session.add(idea)


def hide_idea(*, session: Session, actor: User, idea_id: int) -> Idea:
    with write_transaction(session):
        idea = lock_idea(session, idea_id)
        was_hidden = idea.hidden_at is not None
        set_idea_hidden(session, idea, True)
        resolved = resolve_open_flags(session, actor=actor, resolution="hidden", idea_id=idea.id)
        if was_hidden and not resolved:
            return idea
        audit.record(
            session, actor=actor, action="idea.hide", target_type="idea", target_id=idea.id,
            before={"hidden": was_hidden}, after={"hidden": True, "reports_upheld": resolved},
        )  # fmt: skip
    return idea


def restore_idea(*, session: Session, actor: User, idea_id: int) -> Idea:
    with write_transaction(session):
        idea = lock_idea(session, idea_id)
        if idea.hidden_at is None:
            return idea
        set_idea_hidden(session, idea, False)
        resolved = resolve_open_flags(session, actor=actor, resolution="dismissed", idea_id=idea.id)
        audit.record(
            session, actor=actor, action="idea.restore", target_type="idea", target_id=idea.id,
            before={"hidden": True}, after={"hidden": False, "reports_dismissed": resolved},
        )  # fmt: skip
    return idea


# --- hiding and restoring comments -----------------------------------------------------


def set_comment_hidden(session: Session, comment: Comment, idea: Idea, hidden: bool) -> None:
    """Hide or show a (not deleted) comment, keeping its idea's counters exact."""
    if (comment.hidden_at is not None) == hidden:
        return
    delta = -1 if hidden else +1
    comment.hidden_at = utcnow() if hidden else None
    idea.comment_count += delta
    column = TALLY_COLUMNS[comment.stance]
    setattr(idea, column, getattr(idea, column) + delta)
    if hidden:
        idea.trending_score = trending.remove_activity(
            idea.trending_score, comment.created_at, floor=trending.initial_score(idea.created_at)
        )
    else:
        idea.trending_score = trending.add_activity(idea.trending_score, comment.created_at)
    session.add_all([comment, idea])


def hide_comment(*, session: Session, actor: User, comment_id: int) -> Comment:
    with write_transaction(session):
        comment, idea = _lock_undeleted_comment(session, comment_id)
        was_hidden = comment.hidden_at is not None
        set_comment_hidden(session, comment, idea, True)
        resolved = resolve_open_flags(
            session, actor=actor, resolution="hidden", comment_id=comment.id
        )
        if was_hidden and not resolved:
            return comment
        audit.record(
            session, actor=actor, action="comment.hide", target_type="comment",
            target_id=comment.id, before={"hidden": was_hidden},
            after={"hidden": True, "reports_upheld": resolved},
        )  # fmt: skip
    return comment


def restore_comment(*, session: Session, actor: User, comment_id: int) -> Comment:
    with write_transaction(session):
        comment, idea = _lock_undeleted_comment(session, comment_id)
        if comment.hidden_at is None:
            return comment
        set_comment_hidden(session, comment, idea, False)
        resolved = resolve_open_flags(
            session, actor=actor, resolution="dismissed", comment_id=comment.id
        )
        audit.record(
            session, actor=actor, action="comment.restore", target_type="comment",
            target_id=comment.id, before={"hidden": True},
            after={"hidden": False, "reports_dismissed": resolved},
        )  # fmt: skip
    return comment


@dataclass(frozen=True)
class HiddenItem:
    kind: str
    id: int
    idea_id: int
    title: str
    excerpt: str
    hidden_at: datetime


def hidden_items(*, session: Session, limit: int = HIDDEN_LIST_LIMIT) -> list[HiddenItem]:
    """The most recently hidden ideas and comments, for moderators to review or restore."""
    ideas = session.exec(
        select(Idea.id, Idea.title, Idea.hidden_at)
        .where(col(Idea.hidden_at).is_not(None))
        .order_by(col(Idea.hidden_at).desc())
        .limit(limit)
    ).all()
    comments = session.exec(
        select(Comment.id, Comment.idea_id, Idea.title, Comment.body, Comment.hidden_at)
        .join(Idea, col(Idea.id) == Comment.idea_id)
        .where(col(Comment.hidden_at).is_not(None), col(Comment.deleted_at).is_(None))
        .order_by(col(Comment.hidden_at).desc())
        .limit(limit)
    ).all()
    items = [HiddenItem("idea", i, i, title, "", at) for i, title, at in ideas] + [
        HiddenItem("comment", c, idea_id, title, body[:200], at)
        for c, idea_id, title, body, at in comments
    ]
    return sorted(items, key=lambda item: item.hidden_at, reverse=True)[:limit]


# --- pinning ---------------------------------------------------------------------------


def pin_idea(*, session: Session, actor: User, idea_id: int) -> Idea:
    """Pinned ideas lead the landing page and their theme's page."""
    with write_transaction(session):
        idea = lock_idea(session, idea_id)
        if idea.pinned:
            return idea
        if not is_shown(idea):
            raise Conflict("Only an idea that is shown (not hidden, not merged) can be pinned.")
        pinned_here = session.exec(
            select(Idea.id).where(
                Idea.theme_id == idea.theme_id,
                col(Idea.pinned).is_(True),
                col(Idea.hidden_at).is_(None),
                Idea.status != IdeaStatus.merged,
            )
        ).all()
        if len(pinned_here) >= MAX_PINNED_PER_THEME:
            raise Conflict(
                f"This theme already has {MAX_PINNED_PER_THEME} pinned ideas. "
                "Unpin one before pinning another."
            )
        idea.pinned = True
        session.add(idea)
        audit.record(
            session, actor=actor, action="idea.pin", target_type="idea", target_id=idea.id,
            before={"pinned": False}, after={"pinned": True},
        )  # fmt: skip
    return idea


def unpin_idea(*, session: Session, actor: User, idea_id: int) -> Idea:
    with write_transaction(session):
        idea = lock_idea(session, idea_id)
        if not idea.pinned:
            return idea
        idea.pinned = False
        session.add(idea)
        audit.record(
            session, actor=actor, action="idea.unpin", target_type="idea", target_id=idea.id,
            before={"pinned": True}, after={"pinned": False},
        )  # fmt: skip
    return idea
