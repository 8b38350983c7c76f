"""Pinning: pinned ideas lead the landing page and their theme's page."""

from sqlmodel import Session, col, select

from app.db import write_transaction
from app.models import (
    Idea,
    IdeaStatus,
    User,
)
from app.services.errors import Conflict
from app.services.ideas.counters import is_shown
from app.services.ideas.locking import lock_idea
from app.services.moderation import audit

MAX_PINNED_PER_THEME = 5


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
