"""The duplicates queue: pairs of ideas that read alike, most similar first, for a
moderator to merge in one action or mark "not duplicates" for good.

Pairs are found when an idea is posted or edited, in the same transaction (one
similar-ideas query), so the queue is a plain indexed read however many ideas there are.
`find_all` rebuilds them for a whole forum (`commonground find-duplicates`, the demo).
"""

from dataclasses import dataclass

from sqlalchemy import delete, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from app.db import lock_row, write_transaction
from app.models import DuplicatePair, Idea, IdeaStatus, User, utcnow
from app.services.errors import NotFound
from app.services.finding import similar, vectors
from app.services.moderation import audit

QUEUE_SIZE = 50
SUMMARY_LENGTH = 240
# Ideas still open to debate; an answered one (done, declined) is left as it is.
QUEUED_STATUSES = (
    IdeaStatus.open,
    IdeaStatus.under_review,
    IdeaStatus.planned,
    IdeaStatus.in_progress,
)


@dataclass(frozen=True)
class QueuedIdea:
    id: int
    title: str
    status: str
    vote_count: int
    summary: str = ""  # the start of the body, to read the two side by side


@dataclass(frozen=True)
class QueuedPair:
    """A likely duplicate pair; `keep` is the one to merge into (more votes, then older)."""

    id: int
    similarity: float
    keep: QueuedIdea
    merge: QueuedIdea


def record_pairs(
    *, session: Session, idea: Idea, found: list[similar.SimilarIdea] | None = None
) -> None:
    """Queue the pairs of `idea` and its likely duplicates, in the caller's transaction:
    `found` if the caller searched before its transaction began (so that no search runs
    while the write lock is held), else found here. Pairs a moderator dismissed stay
    dismissed; the others are found afresh."""
    if found is None:  # by its stored embedding: the model need not run again
        stored = vectors.index_for(session).vector_of(idea.id)
        found = similar.likely_duplicates(
            session=session, title=idea.title, body=idea.body, exclude_id=idea.id, vector=stored
        )
    session.flush()
    involving = or_(DuplicatePair.first_id == idea.id, DuplicatePair.second_id == idea.id)
    session.exec(delete(DuplicatePair).where(involving, col(DuplicatePair.dismissed_at).is_(None)))
    dismissed = {
        (pair.first_id, pair.second_id)
        for pair in session.exec(select(DuplicatePair).where(involving))
    }
    for other in found:
        first, second = sorted((idea.id, other.id))
        if (first, second) not in dismissed:
            session.add(
                DuplicatePair(first_id=first, second_id=second, similarity=other.similarity)
            )


def find_all(*, session: Session) -> int:
    """Rebuild the queue for every idea still open; returns the number of pairs queued."""
    with write_transaction(session):
        ids = session.exec(select(Idea.id).where(*_queued(Idea))).all()
        for idea_id in ids:
            record_pairs(session=session, idea=session.get_one(Idea, idea_id))
        session.flush()
        return len(session.exec(select(DuplicatePair.id).where(_waiting())).all())


def _queued(idea) -> tuple:
    return (col(idea.hidden_at).is_(None), col(idea.status).in_(QUEUED_STATUSES))


def _waiting():
    return col(DuplicatePair.dismissed_at).is_(None)


def queue(*, session: Session, limit: int = QUEUE_SIZE) -> list[QueuedPair]:
    """The pairs waiting for a moderator, most similar first."""
    first, second = aliased(Idea), aliased(Idea)
    columns = lambda idea: (idea.id, idea.title, idea.status, idea.vote_count, idea.created_at,  # noqa: E731
                            func.substr(idea.body, 1, SUMMARY_LENGTH + 1))  # fmt: skip
    rows = session.exec(
        select(DuplicatePair.id, DuplicatePair.similarity, *columns(first), *columns(second))
        .join(first, col(first.id) == DuplicatePair.first_id)
        .join(second, col(second.id) == DuplicatePair.second_id)
        .where(_waiting(), *_queued(first), *_queued(second))
        .order_by(col(DuplicatePair.similarity).desc(), col(DuplicatePair.id))
        .limit(limit)
    )
    pairs = []
    for pair_id, score, *ideas in rows:
        a, b = ideas[:6], ideas[6:]
        # Keep the better-supported idea; on a tie, the older one (it was there first).
        keep, merge = (a, b) if (a[3], -a[4].timestamp()) >= (b[3], -b[4].timestamp()) else (b, a)
        pairs.append(
            QueuedPair(id=pair_id, similarity=score, keep=_queued_idea(keep),
                       merge=_queued_idea(merge))
        )  # fmt: skip
    return pairs


def _queued_idea(row) -> QueuedIdea:
    idea_id, title, status, vote_count, _created, body = row
    summary = body if len(body) <= SUMMARY_LENGTH else body[:SUMMARY_LENGTH].rsplit(" ", 1)[0] + "…"
    return QueuedIdea(idea_id, title, status, vote_count, summary)


def dismiss(*, session: Session, actor: User, pair_id: int) -> DuplicatePair:
    """Mark a pair "not duplicates": it leaves the queue and is never queued again."""
    with write_transaction(session):
        pair = lock_row(session, DuplicatePair, pair_id)
        if pair is None or pair.dismissed_at is not None:
            raise NotFound("That pair is no longer in the duplicates queue.")
        pair.dismissed_at = utcnow()
        pair.dismissed_by_id = actor.id
        session.add(pair)
        audit.record(
            session, actor=actor, action="duplicates.dismiss", target_type="idea",
            target_id=pair.first_id, after={"not_duplicate_of": pair.second_id},
        )  # fmt: skip
    return pair
