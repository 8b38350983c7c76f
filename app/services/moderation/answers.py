"""Official answers: an idea's status and response, its history, and the roadmap.

Every change locks the idea (FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transaction
already holds the only write lock) and records one audit event.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from app.db import write_transaction
from app.models import (
    OFFICIAL_STATUSES,
    ROADMAP_STATUSES,
    Idea,
    IdeaStatus,
    IdeaStatusChange,
    User,
    WebhookEvent,
    utcnow,
)
from app.services.errors import Conflict, ValidationFailed
from app.services.ideas.listing import status_is
from app.services.ideas.locking import lock_idea
from app.services.moderation import audit
from app.services.notifying import notifications
from app.services.rounds.state import shown_count_sql
from app.services.sharing import webhooks

RESPONSE_MAX = 10_000
ROADMAP_LIMIT = 30


@dataclass(frozen=True)
class StatusEntry:
    status: str
    from_status: str
    response: str | None
    actor_name: str | None
    created_at: datetime


def set_status(*, session: Session, actor: User, idea_id: int, status: str, response: str) -> Idea:
    """Answer an idea: its status and the official response (Markdown; required when
    the idea is declined, otherwise it may be empty)."""
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
    elif new_status == IdeaStatus.declined and not response:
        # A member whose idea is turned down is owed the reason.
        errors["response"] = "Say why it is declined: the author and its backers read this."
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
        webhooks.idea_event(session, WebhookEvent.idea_status_changed, idea)
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
    vote_count: int | None  # None while its round hides the totals
    status_changed_at: datetime | None


def roadmap(*, session: Session, limit: int = ROADMAP_LIMIT) -> dict[IdeaStatus, list[RoadmapItem]]:
    """Shown ideas that are planned, in progress or done, newest change first, at most
    `limit` of each (the idea list filtered by status has them all)."""
    columns = {}
    for status in ROADMAP_STATUSES:
        rows = session.exec(
            select(
                Idea.id,
                Idea.title,
                shown_count_sql(Idea.vote_count, Idea.round_id),
                Idea.status_changed_at,
            )
            .where(status_is(status), col(Idea.hidden_at).is_(None))
            # Walks ix_idea_roadmap backwards: every idea given one of these statuses
            # has status_changed_at (set_status sets it; the migration backfilled it).
            .order_by(col(Idea.status_changed_at).desc(), col(Idea.id).desc())
            .limit(limit)
        ).all()
        columns[status] = [RoadmapItem(*row) for row in rows]
    return columns
