""" "Have your say": ideas one at a time, for a member to support, disagree with or pass.

The next idea is one the member has not answered, among those with the fewest answers,
as Pol.is picks the next statement: a busy leader gives an opinion on twenty ideas in
two minutes, and the ideas that most need answers get them, which is what the insight's
analysis needs. The candidates are read from the least-voted end of the top sort's index
(ix_idea_top), so the deck costs the same at any size; among them the fewest answers in
all (support, disagree and pass) comes first.
"""

from dataclasses import dataclass

from sqlalchemy import exists
from sqlmodel import Session, col, func, select

from app.models import Idea, IdeaStatus, Stance, Theme, User, Vote
from app.services.ideas.listing import EXCERPT_CHARS, excerpt

CANDIDATES = 50
# Ideas still open to answers (issue 16 closes rounds; merged and hidden ones never are).
ANSWERABLE = (IdeaStatus.merged,)


@dataclass(frozen=True)
class DeckCard:
    id: int
    title: str
    excerpt: str
    theme_name: str
    author_name: str
    author_organisation: str
    vote_count: int
    answers: int


def _answered_by(user_id: int):
    voted = exists().where(Vote.idea_id == Idea.id, Vote.user_id == user_id)
    stood = exists().where(Stance.idea_id == Idea.id, Stance.user_id == user_id)
    return voted | stood


def _answerable():
    return col(Idea.hidden_at).is_(None), col(Idea.status).not_in(ANSWERABLE)


def next_card(*, session: Session, user: User) -> DeckCard | None:
    """The next idea for `user` to answer; None once they have answered every one."""
    rows = session.exec(
        select(
            Idea.id,
            Idea.title,
            func.substr(Idea.body, 1, 2 * EXCERPT_CHARS),
            Theme.name,
            User.display_name,
            User.organisation,
            Idea.vote_count,
            Idea.vote_count + Idea.disagree_count + Idea.pass_count,
        )
        .join(Theme, col(Theme.id) == Idea.theme_id)
        .join(User, col(User.id) == Idea.author_id)
        .where(*_answerable(), ~_answered_by(user.id))
        .order_by(col(Idea.vote_count), col(Idea.id))
        .limit(CANDIDATES)
    ).all()
    if not rows:
        return None
    row = min(rows, key=lambda r: (r[7], r[0]))
    return DeckCard(
        id=row[0], title=row[1], excerpt=excerpt(row[2]), theme_name=row[3],
        author_name=row[4], author_organisation=row[5], vote_count=row[6], answers=row[7],
    )  # fmt: skip
