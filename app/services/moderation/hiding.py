"""Hiding and restoring ideas and comments.

Every action locks the rows it changes, moves the counters that depend on them in the
same transaction, and records one audit event. Hiding takes an idea out of every list
and out of its theme's count; hiding a comment takes it out of its idea's comment count
and stance tally; restoring puts back exactly what hiding took. Hiding resolves the open
reports on the item as upheld; restoring resolves them as dismissed.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from app.db import write_transaction
from app.models import (
    Comment,
    Flag,
    Idea,
    User,
    utcnow,
)
from app.services.errors import NotFound
from app.services.ideas import counters
from app.services.ideas.locking import lock_comment, lock_idea
from app.services.moderation import audit

HIDDEN_LIST_LIMIT = 50


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


# --- hiding and restoring ideas --------------------------------------------------------


def set_idea_hidden(session: Session, idea: Idea, hidden: bool) -> None:
    """Hide or show an idea inside the caller's transaction, keeping its theme's count."""
    was_shown = counters.is_shown(idea)
    idea.hidden_at = (idea.hidden_at or utcnow()) if hidden else None
    counters.idea_shown_changed(session, idea, was_shown=was_shown)
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
    comment.hidden_at = utcnow() if hidden else None
    if hidden:
        counters.comment_unshown(idea, comment)
    else:
        counters.comment_shown(idea, comment)
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
