"""Merging duplicate ideas, and undoing a merge exactly.

Merging idea A into the survivor B moves A's supporters to B, counting each member once:

- a vote on A from a member who has not voted for B is moved: the row now counts for B;
- a vote on A from a member who also voted for B is set aside (the row is removed), since
  that member already counts for B.

Each is written down, by member, as a MergedVote of the merge (IdeaMerge), so the unmerge
takes back exactly what the merge brought: a moved member's vote on B goes back to A
(unless they have since withdrawn it), a set-aside vote is put back on A, and a member
who had voted for both keeps their vote on each. Votes on B from anyone else, cast
before or after the merge, stay with B. Matching by member rather than by vote row lets
chained merges unwind: after A into B and B into C, unmerging B and then A returns every
vote to where it started.
Both directions lock both ideas (in id order, so two merges cannot deadlock) and keep
`vote_count`, `trending_score` and the themes' idea counts exact in the same transaction.

CONSUL refused to move supports when merging and Decidim merges only ideas with no votes;
UserVoice moves them. This is UserVoice's behaviour, made reversible.
"""

from sqlalchemy import delete
from sqlmodel import Session, col, select

from app.db import locking, write_transaction
from app.models import Idea, IdeaMerge, IdeaStatus, MergedVote, User, Vote, WebhookEvent, utcnow
from app.services.bounds import is_id, parse_id
from app.services.errors import Conflict, NotFound, ValidationFailed
from app.services.finding import search
from app.services.ideas import counters
from app.services.ideas.listing import IdeaCard, card, card_query
from app.services.moderation import audit
from app.services.notifying import notifications
from app.services.sharing import webhooks

CHAIN_LIMIT = 100


def _lock_pair(session: Session, first_id: int, second_id: int) -> dict[int, Idea]:
    rows = session.exec(
        locking(select(Idea).where(col(Idea.id).in_([first_id, second_id])).order_by(col(Idea.id)))
    ).all()
    return {idea.id: idea for idea in rows}


def _makes_a_cycle(session: Session, idea_id: int, into: Idea) -> bool:
    """Whether following "merged into" links from the survivor leads back to the idea."""
    current, seen = into, 0
    while current.merged_into_id is not None and seen < CHAIN_LIMIT:
        if current.merged_into_id == idea_id:
            return True
        current = session.get_one(Idea, current.merged_into_id)
        seen += 1
    return False


def _into_id(into: str | int) -> int:
    found = parse_id(str(into).strip().lstrip("#"))
    if found is None:
        raise ValidationFailed(
            {"into": "Enter the number of the idea to merge into, e.g. 42 for /ideas/42."}
        )
    return found


def merge_idea(*, session: Session, actor: User, idea_id: int, into: str | int) -> IdeaMerge:
    """Merge an idea into a survivor; refused with a message for the `into` field when the
    survivor is the idea itself, is merged or hidden, or would close a cycle."""
    into_id = _into_id(into)
    with write_transaction(session):
        locked = _lock_pair(session, idea_id, into_id)
        idea = locked.get(idea_id)
        if idea is None:
            raise NotFound("There is no idea at this address.")
        if into_id == idea_id:
            raise ValidationFailed({"into": "An idea can't be merged into itself."})
        survivor = locked.get(into_id)
        if survivor is None:
            raise ValidationFailed({"into": f"There is no idea number {into_id}."})
        if idea.status == IdeaStatus.merged:
            raise ValidationFailed({"into": "This idea is already merged. Unmerge it first."})
        if _makes_a_cycle(session, idea.id, survivor):
            raise ValidationFailed(
                {"into": "That idea was merged into this one: merging back would make a cycle."}
            )
        if survivor.status == IdeaStatus.merged:
            raise ValidationFailed(
                {"into": "That idea is itself merged into another. Merge into that one instead."}
            )
        if survivor.hidden_at is not None:
            raise ValidationFailed({"into": "That idea is hidden. Choose a shown idea."})

        merge = IdeaMerge(
            idea_id=idea.id,
            into_id=survivor.id,
            actor_id=actor.id,
            previous_status=idea.status,
            previous_status_changed_at=idea.status_changed_at,
        )
        session.add(merge)
        session.flush()

        survivor_voters = set(
            session.exec(select(Vote.user_id).where(Vote.idea_id == survivor.id)).all()
        )
        moved = set_aside = 0
        for vote in session.exec(select(Vote).where(Vote.idea_id == idea.id)).all():
            also_voted = vote.user_id in survivor_voters
            session.add(
                MergedVote(
                    merge_id=merge.id,
                    user_id=vote.user_id,
                    voted_at=vote.created_at,
                    moved=not also_voted,
                )
            )
            counters.vote_removed(idea, vote.created_at)
            if also_voted:
                session.delete(vote)
                set_aside += 1
            else:
                vote.idea_id = survivor.id
                session.add(vote)
                counters.vote_added(survivor, vote.created_at)
                moved += 1

        was_shown = counters.is_shown(idea)
        idea.status = IdeaStatus.merged
        idea.merged_into_id = survivor.id
        idea.pinned = False
        counters.idea_shown_changed(session, idea, was_shown=was_shown)
        session.add_all([idea, survivor])
        audit.record(
            session, actor=actor, action="idea.merge", target_type="idea", target_id=idea.id,
            before={"status": merge.previous_status, "vote_count": moved + set_aside},
            after={
                "status": IdeaStatus.merged.value, "merged_into_id": survivor.id,
                "votes_moved": moved, "votes_already_there": set_aside,
            },
        )  # fmt: skip
        notifications.idea_merged(session=session, idea=idea, into=survivor, actor=actor)
        webhooks.idea_event(session, WebhookEvent.idea_merged, idea)
    return merge


def unmerge_idea(*, session: Session, actor: User, idea_id: int) -> Idea:
    """Undo the idea's merge: its status, its place in its theme, and its votes."""
    with write_transaction(session):
        idea = session.exec(select(Idea).where(Idea.id == idea_id)).first()
        if idea is None:
            raise NotFound("There is no idea at this address.")
        if idea.status != IdeaStatus.merged or idea.merged_into_id is None:
            raise Conflict("This idea is not merged.")
        locked = _lock_pair(session, idea.id, idea.merged_into_id)
        idea, survivor = locked[idea.id], locked[idea.merged_into_id]
        if survivor.status == IdeaStatus.merged:
            raise Conflict(
                f"The idea this was merged into (#{survivor.id}) has since been merged into "
                "another. Unmerge that one first, so that every vote finds its way back."
            )
        merge = session.exec(
            locking(select(IdeaMerge))
            .where(
                IdeaMerge.idea_id == idea.id,
                IdeaMerge.into_id == survivor.id,
                col(IdeaMerge.undone_at).is_(None),
            )
            .order_by(col(IdeaMerge.id).desc())
        ).first()
        if merge is None:
            raise Conflict("There is no record of this merge, so it can't be undone.")

        returned = restored = 0
        for taken in session.exec(select(MergedVote).where(MergedVote.merge_id == merge.id)):
            if taken.moved:
                # Still on the survivor? The member may have withdrawn it since.
                vote = session.exec(
                    select(Vote).where(Vote.user_id == taken.user_id, Vote.idea_id == survivor.id)
                ).first()
                if vote is None:
                    continue
                vote.idea_id = idea.id
                session.add(vote)
                counters.vote_removed(survivor, vote.created_at)
                returned += 1
            else:
                session.add(Vote(idea_id=idea.id, user_id=taken.user_id, created_at=taken.voted_at))
                restored += 1
            counters.vote_added(idea, taken.voted_at)
        session.exec(delete(MergedVote).where(col(MergedVote.merge_id) == merge.id))

        merge.undone_at = utcnow()
        idea.status = merge.previous_status
        idea.status_changed_at = merge.previous_status_changed_at
        idea.merged_into_id = None
        counters.idea_shown_changed(session, idea, was_shown=False)
        session.add_all([merge, idea, survivor])
        audit.record(
            session, actor=actor, action="idea.unmerge", target_type="idea", target_id=idea.id,
            before={"status": IdeaStatus.merged.value, "merged_into_id": survivor.id},
            after={
                "status": idea.status, "votes_returned": returned, "votes_restored": restored,
            },
        )  # fmt: skip
    return idea


# --- choosing the other idea -----------------------------------------------------------

CANDIDATES = 10


def merge_candidates(*, session: Session, idea_id: int, q: str) -> list[IdeaCard]:
    """Ideas the idea could merge with: `q` is words of the other's title or text, or its
    number ("42", "#42"); the idea itself, merged and hidden ideas are left out."""
    q = q.strip()
    number = parse_id(q.lstrip("#"))
    if number is not None:
        found = idea_cards(session=session, ids=[number])
    else:
        found = search.search_ideas(session=session, q=q, limit=CANDIDATES + 1).items
    return [card for card in found if card.id != idea_id][:CANDIDATES]


def idea_cards(*, session: Session, ids: list[int]) -> list[IdeaCard]:
    """The cards of the shown, unmerged ideas among `ids`, in that order."""
    if not ids or not all(is_id(i) for i in ids):
        return []
    rows = session.exec(card_query().where(col(Idea.id).in_(ids))).all()
    by_id = {row.id: card(row) for row in rows}
    return [by_id[i] for i in ids if i in by_id]
