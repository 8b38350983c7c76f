"""A member's answer to an idea: support (the vote), "I disagree", or pass; and the idea's
counters kept with them.

One answer per member per idea: support is a Vote row, disagree and pass a Stance row,
never both. Every change is idempotent. Each runs in one transaction that first locks the
idea row (FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transaction already holds the only
write lock), then inserts or deletes the rows and, only if a row really changed, moves
`vote_count`, `disagree_count`, `pass_count` and `trending_score` (counters.py). The
UNIQUE(idea_id, user_id) constraints back this: a racing duplicate insert does nothing
instead of counting twice.

Votes are the forum's busiest write, so their few statements are compiled once and run
straight on the connection (`AnswerStatements`): by the routes here, and by the fast lane's
batched writer, which makes many votes in one commit.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Dialect, String, bindparam, cast, delete, func, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, col, select

from app.db import RawQuery, write_transaction
from app.models import (
    ANSWERED_STATUSES,
    Answer,
    Idea,
    IdeaStatus,
    Round,
    Stance,
    User,
    Vote,
    utcnow,
)
from app.services.errors import Forbidden, NotFound
from app.services.ideas import counters
from app.services.notifying import follows
from app.services.rounds.state import counts_hidden, london


class Change(StrEnum):
    """What a member asks of their answer to an idea."""

    vote = "vote"  # support it (POST /vote, or stance=support)
    unvote = "unvote"  # withdraw support, if given (POST /unvote)
    disagree = "disagree"
    pass_ = "pass"  # noqa: S105 - the answer, not a password
    clear = "clear"  # no answer at all (stance=clear)

    @property
    def answer(self) -> Answer | None:
        """The answer this change leaves, where it says (unvote leaves a stance be)."""
        return {"vote": Answer.support, "disagree": Answer.disagree, "pass": Answer.pass_}.get(
            self.value
        )


# The form's `stance` field to a change: support is the same as /vote, clear as /unvote
# for a member who supported.
STANCE_FIELD = {
    "support": Change.vote,
    "disagree": Change.disagree,
    "pass": Change.pass_,
    "clear": Change.clear,
}


@dataclass(frozen=True)
class VoteState:
    """A member's answer to an idea once a change is made, and the idea's counts."""

    idea_id: int
    answer: str | None  # Answer, or None
    vote_count: int
    disagree_count: int = 0
    pass_count: int = 0
    # The idea's round hides its totals while it runs (rounds.state); why it takes no
    # new answers, if it does not.
    counts_hidden: bool = False
    closed: str | None = None

    @property
    def voted(self) -> bool:
        return self.answer == Answer.support


class AnswerStatements:
    """The statements of a member's answer (a vote, or a disagree or pass stance),
    compiled once per database and run straight on the connection: the app's routes and
    the fast lane's batched writer change answers through these, so the rules are
    written once."""

    def __init__(self, dialect: Dialect) -> None:
        def compiled(statement) -> RawQuery:
            return RawQuery(statement, dialect)

        idea_id, user_id, now = (
            bindparam("idea_id", 0),
            bindparam("user_id", 0),
            bindparam("now", utcnow()),
        )
        insert = postgresql.insert if dialect.name == "postgresql" else sqlite.insert
        # Core statements on the tables: an ORM-enabled one compiles only in a Session.
        ideas, votes, stances = Idea.__table__.c, Vote.__table__, Stance.__table__
        rounds = Round.__table__.c
        in_round = rounds.id == ideas.round_id
        round_closes = select(rounds.closes_at).where(in_round).scalar_subquery()
        round_title = select(rounds.title).where(in_round).scalar_subquery()
        round_hides = select(rounds.hide_counts).where(in_round).scalar_subquery()
        held = (
            select(stances.c.answer)
            .where(stances.c.idea_id == idea_id, stances.c.user_id == user_id)
            .scalar_subquery()
            .label("stance")
        )
        # The idea, locked, and the member's stance on it: one round trip.
        self.lock_idea = compiled(
            select(ideas.status, ideas.hidden_at, ideas.vote_count, ideas.disagree_count,
                   ideas.pass_count, ideas.trending_score, ideas.created_at,
                   ideas.last_activity_at, held, round_closes.label("round_closes_at"),
                   round_title.label("round_title"), round_hides.label("round_hides"))
            .where(ideas.id == idea_id)
            .with_for_update(of=Idea.__table__)
        )  # fmt: skip
        self.add = compiled(
            insert(votes)
            .values(idea_id=idea_id, user_id=user_id, created_at=now)
            .on_conflict_do_nothing(index_elements=["idea_id", "user_id"])
            .returning(votes.c.id)
        )
        self.remove = compiled(
            delete(votes)
            .where(votes.c.idea_id == idea_id, votes.c.user_id == user_id)
            .returning(votes.c.created_at)
        )
        self.drop_stance = compiled(
            delete(stances).where(stances.c.idea_id == idea_id, stances.c.user_id == user_id)
        )
        self.add_stance = compiled(
            insert(stances)
            .values(
                idea_id=idea_id, user_id=user_id, answer=bindparam("answer", ""), created_at=now
            )
            # Said outright: PostgreSQL's compiler would add it for the primary key anyway.
            .returning(stances.c.id)
        )
        self.count = compiled(
            update(Idea.__table__)
            .where(ideas.id == idea_id)
            .values(
                vote_count=bindparam("vote_count", 0),
                disagree_count=bindparam("disagree_count", 0),
                pass_count=bindparam("pass_count", 0),
                trending_score=bindparam("score", 0.0),
                last_activity_at=bindparam("active", utcnow()),
            )
        )
        self.follow = compiled(follows.auto_follow_statement(dialect.name, "vote"))

    def change(
        self, connection, *, user_id: int, idea_id: int, change: Change, now: datetime
    ) -> VoteState:
        """Make the member's `change` inside the caller's write transaction on the DBAPI
        `connection`. NotFound or Forbidden, having written nothing, if the idea cannot
        be answered."""
        found = self.lock_idea.rows(connection, idea_id=idea_id, user_id=user_id)
        if not found or found[0].hidden_at is not None:
            raise NotFound("There is no idea at this address. It may have been removed.")
        idea = found[0]
        if idea.status == IdeaStatus.merged:
            raise Forbidden("This idea has been merged into another; vote for that one instead.")
        refusal = closed_to_answers(idea, now)
        if refusal:
            raise Forbidden(refusal)
        before = counters.AnswerCounts(
            idea.vote_count, idea.disagree_count, idea.pass_count, idea.trending_score
        )
        counts, active, stance = before, idea.last_activity_at, idea.stance
        who = {"idea_id": idea_id, "user_id": user_id}
        if change == Change.vote:
            if self.add.rows(connection, **who, now=now):
                counts, active = counts.vote_added(now), now
                self.follow.rows(connection, **who, now=now)
        elif removed := self.remove.rows(connection, **who):
            counts = counts.vote_removed(removed[0].created_at, idea.created_at)
        wanted = change.answer
        # A member has one answer: any other change replaces the stance (unvote keeps it).
        if stance is not None and change != Change.unvote and wanted != stance:
            self.drop_stance.rows(connection, **who)
            counts, stance = counts.stance_removed(stance), None
        if wanted in (Answer.disagree, Answer.pass_) and stance is None:
            self.add_stance.rows(connection, **who, answer=wanted.value, now=now)
            counts, stance = counts.stance_added(wanted), wanted
        if counts != before:
            self.count.rows(
                connection, idea_id=idea_id, vote_count=counts.votes,
                disagree_count=counts.disagrees, pass_count=counts.passes, score=counts.trending,
                active=active,
            )  # fmt: skip
        return VoteState(
            idea_id=idea_id,
            answer=Answer.support if change == Change.vote else stance,
            vote_count=counts.votes,
            disagree_count=counts.disagrees,
            pass_count=counts.passes,
            counts_hidden=bool(idea.round_hides),  # the round is open: it took the answer
        )


def closed_to_answers(idea, now: datetime) -> str | None:
    """Why the idea (a row of `lock_idea`, or an Idea with `round_closes_at` and
    `round_title` given) takes no answers now, or None if it does."""
    return answers_refused(
        status=idea.status, round_title=idea.round_title, round_closes_at=idea.round_closes_at,
        now=now,
    )  # fmt: skip


def answers_refused(
    *, status: str, round_title: str | None, round_closes_at, now: datetime
) -> str | None:
    """Why an idea with this status, in a round closing then (or none), takes no answers."""
    if status in ANSWERED_STATUSES:
        label = IdeaStatus(status).label.lower()
        return f"This idea is {label}: its tally is final, so it takes no new votes or stances."
    closes_at = round_closes_at
    if closes_at is not None:
        if isinstance(closes_at, str):  # SQLite hands a subquery's time back as text
            closes_at = datetime.fromisoformat(closes_at)
        if closes_at.tzinfo is None:
            closes_at = closes_at.replace(tzinfo=UTC)
        if closes_at <= now:
            return (
                f"The round “{round_title}” closed on {london(closes_at)}: its ideas take no "
                "new votes or stances."
            )
    return None


_statements: dict[str, AnswerStatements] = {}


def statements_for(dialect: Dialect) -> AnswerStatements:
    if dialect.name not in _statements:
        _statements[dialect.name] = AnswerStatements(dialect)
    return _statements[dialect.name]


def cast_vote(*, session: Session, user: User, idea_id: int) -> VoteState:
    return answer_idea(session=session, user=user, idea_id=idea_id, change=Change.vote)


def withdraw_vote(*, session: Session, user: User, idea_id: int) -> VoteState:
    return answer_idea(session=session, user=user, idea_id=idea_id, change=Change.unvote)


def answer_idea(*, session: Session, user: User, idea_id: int, change: Change) -> VoteState:
    """Support an idea, disagree with it, pass, or take the answer back; idempotent."""
    if not user.is_verified:
        raise Forbidden("Confirm your email address to vote.")
    # Only counts change on the pages: the caches may show the old ones for their bound.
    with write_transaction(session, counts_only=True):
        connection = session.connection()
        state = statements_for(connection.dialect).change(
            connection.connection.dbapi_connection,
            user_id=user.id, idea_id=idea_id, change=change, now=utcnow(),
        )  # fmt: skip
    # The counters changed round the ORM: a copy of the idea this session holds is stale.
    held = session.identity_map.get(identity_key(Idea, idea_id))
    if held is not None:
        session.expire(held)
    return state


def voted_query(user_id, idea_ids: list[int]):
    """Which of these ideas the member has voted for."""
    return select(Vote.idea_id).where(Vote.user_id == user_id, col(Vote.idea_id).in_(idea_ids))


# Built once: every signed-in list asks it.
_VOTED = voted_query(bindparam("user_id"), bindparam("idea_ids", expanding=True))


def voted_list_query(user_id, idea_ids: list[int]):
    """`voted_query` as one value: the ids with commas between them, or NULL (for a
    lookup that asks it together with other things in one statement)."""
    ids = cast(Vote.idea_id, String)
    return select(func.aggregate_strings(ids, ",")).where(
        Vote.user_id == user_id, col(Vote.idea_id).in_(idea_ids)
    )


def voted_idea_ids(*, session: Session, user: User | None, idea_ids: Iterable[int]) -> set[int]:
    """Which of these ideas the member has voted for: one query for a whole page."""
    ids = list(idea_ids)
    if user is None or not ids:
        return set()
    return set(session.exec(_VOTED, params={"user_id": user.id, "idea_ids": ids}))


def vote_state(*, session: Session, user: User | None, idea: Idea) -> VoteState:
    """The member's answer to `idea` and its counts (no answer for a visitor), whether
    they are hidden, and why it takes no answers if it does not."""
    round_ = session.get(Round, idea.round_id) if idea.round_id else None
    now = utcnow()
    closed = answers_refused(
        status=idea.status, round_title=round_.title if round_ else None,
        round_closes_at=round_.closes_at if round_ else None, now=now,
    )  # fmt: skip
    answer = None
    if user is not None:
        if voted_idea_ids(session=session, user=user, idea_ids=[idea.id]):
            answer = Answer.support
        else:
            answer = session.exec(
                select(Stance.answer).where(Stance.idea_id == idea.id, Stance.user_id == user.id)
            ).first()
    return VoteState(
        idea_id=idea.id,
        answer=answer,
        vote_count=idea.vote_count,
        disagree_count=idea.disagree_count,
        pass_count=idea.pass_count,
        counts_hidden=counts_hidden(round_, now),
        closed=closed,
    )
