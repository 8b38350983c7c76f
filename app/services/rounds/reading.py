"""Rounds as pages show them: the list, one round, the round an idea joins, and the
round the landing page leads with."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.models import Idea, IdeaStatus, Round, RoundTheme, Theme, User, utcnow
from app.services.errors import NotFound
from app.services.rounds.state import RoundState, countdown, counts_hidden, state_of


@dataclass(frozen=True)
class RoundView:
    """A round with what every page about it shows."""

    round: Round
    state: RoundState
    themes: list[Theme]
    idea_count: int
    countdown: str  # until it closes (open) or opens (draft); "" otherwise

    @property
    def slug(self) -> str:
        return self.round.slug


def _view(session: Session, round_: Round, now: datetime) -> RoundView:
    themes = list(
        session.exec(
            select(Theme)
            .join(RoundTheme, col(RoundTheme.theme_id) == Theme.id)
            .where(RoundTheme.round_id == round_.id)
            .order_by(col(Theme.position), col(Theme.name))
        )
    )
    ideas = session.exec(
        select(func.count())
        .select_from(Idea)
        .where(
            Idea.round_id == round_.id,
            col(Idea.hidden_at).is_(None),
            Idea.status != IdeaStatus.merged,
        )
    ).one()
    state = state_of(round_, now)
    until = {RoundState.open: round_.closes_at, RoundState.draft: round_.opens_at}.get(state)
    return RoundView(round_, state, themes, ideas, countdown(until, now) if until else "")


def list_rounds(*, session: Session, viewer: User | None) -> list[RoundView]:
    """Every round, newest first; rounds not open yet only for moderators."""
    now = utcnow()
    query = select(Round).order_by(col(Round.opens_at).desc(), col(Round.id).desc())
    if not (viewer and viewer.is_moderator):
        query = query.where(Round.opens_at <= now)
    return [_view(session, round_, now) for round_ in session.exec(query)]


def get_round(*, session: Session, slug: str, viewer: User | None) -> RoundView:
    round_ = session.exec(select(Round).where(Round.slug == slug)).first()
    now = utcnow()
    if round_ is None or (
        state_of(round_, now) == RoundState.draft and not (viewer and viewer.is_moderator)
    ):
        raise NotFound("There is no round at this address.")
    return _view(session, round_, now)


def round_view(*, session: Session, round_: Round) -> RoundView:
    return _view(session, round_, utcnow())


def open_round_now(*, session: Session) -> RoundView | None:
    """The open round the landing page leads with: the one closing soonest."""
    now = utcnow()
    round_ = session.exec(
        select(Round)
        .where(Round.opens_at <= now, Round.closes_at > now, col(Round.reported_at).is_(None))
        .order_by(col(Round.closes_at), col(Round.id))
        .limit(1)
    ).first()
    return _view(session, round_, now) if round_ else None


def round_for_new_idea(session: Session, *, theme_id: int, now: datetime) -> int | None:
    """The open round an idea proposed now in this theme belongs to (the one closing
    soonest, if rounds overlap), or None."""
    return session.exec(
        select(Round.id)
        .join(RoundTheme, col(RoundTheme.round_id) == Round.id)
        .where(
            RoundTheme.theme_id == theme_id,
            Round.opens_at <= now,
            Round.closes_at > now,
            col(Round.reported_at).is_(None),
        )
        .order_by(col(Round.closes_at), col(Round.id))
        .limit(1)
    ).first()


def round_of_idea(*, session: Session, idea: Idea) -> Round | None:
    return session.get(Round, idea.round_id) if idea.round_id else None


def idea_counts_hidden(*, session: Session, idea: Idea) -> bool:
    """Whether the idea's totals are hidden now (its round hides them and runs)."""
    return counts_hidden(round_of_idea(session=session, idea=idea))
