"""The counters kept on the rows they describe, and the one place they change.

An idea stores `vote_count`, `comment_count`, its comments' stance tally
(`comments_for`, `comments_against`, `comments_neutral`) and `trending_score`; a theme
stores `idea_count`, its shown ideas. Pages sort by them and show them without counting
(app/models.py), so they must always equal a count of the rows. Every change of votes,
comments, merges, hiding and the demo moves them through this module, inside the
transaction that changes the rows; `recount_idea` and `recount_theme` count the slow
way, for tests (tests/services/test_counters.py runs random sequences of actions against
them) and for repairs.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from app.models import Answer, Comment, CommentStance, Idea, IdeaStatus, Stance, Theme, Vote
from app.services.ideas import trending

TALLY_COLUMNS = {
    CommentStance.for_: "comments_for",
    CommentStance.against: "comments_against",
    CommentStance.neutral: "comments_neutral",
}


# --- votes -----------------------------------------------------------------------------


def vote_added(idea: Idea, voted_at: datetime) -> None:
    """A vote cast at `voted_at` now counts for `idea`."""
    idea.vote_count, idea.trending_score = after_vote_added(
        idea.vote_count, idea.trending_score, voted_at
    )


def vote_removed(idea: Idea, voted_at: datetime) -> None:
    """A vote cast at `voted_at` no longer counts for `idea`."""
    idea.vote_count, idea.trending_score = after_vote_removed(
        idea.vote_count, idea.trending_score, voted_at, idea.created_at
    )


def after_vote_added(count: int, score: float, voted_at: datetime) -> tuple[int, float]:
    """(vote_count, trending_score) once a vote is added: for the votes' own compiled
    statements, which work on the values rather than on an Idea."""
    return count + 1, trending.add_activity(score, voted_at)


def after_vote_removed(
    count: int, score: float, voted_at: datetime, created_at: datetime
) -> tuple[int, float]:
    floor = trending.initial_score(created_at)
    return count - 1, trending.remove_activity(score, voted_at, floor=floor)


@dataclass(frozen=True)
class AnswerCounts:
    """An idea's answer counters as values, for the answers' compiled statements
    (votes.py), which work on the row's values rather than on an Idea."""

    votes: int
    disagrees: int
    passes: int
    trending: float

    def vote_added(self, voted_at: datetime) -> "AnswerCounts":
        votes, trending = after_vote_added(self.votes, self.trending, voted_at)
        return replace(self, votes=votes, trending=trending)

    def vote_removed(self, voted_at: datetime, created_at: datetime) -> "AnswerCounts":
        votes, trending = after_vote_removed(self.votes, self.trending, voted_at, created_at)
        return replace(self, votes=votes, trending=trending)

    def stance_added(self, answer: str) -> "AnswerCounts":
        return self._stance(answer, +1)

    def stance_removed(self, answer: str) -> "AnswerCounts":
        return self._stance(answer, -1)

    def _stance(self, answer: str, delta: int) -> "AnswerCounts":
        if answer == Answer.disagree:
            return replace(self, disagrees=self.disagrees + delta)
        return replace(self, passes=self.passes + delta)


def stance_added(idea: Idea, answer: str) -> None:
    """A member's disagree or pass now counts for `idea` (the demo's stances)."""
    counts = AnswerCounts(idea.vote_count, idea.disagree_count, idea.pass_count, 0.0)
    counts = counts.stance_added(answer)
    idea.disagree_count, idea.pass_count = counts.disagrees, counts.passes


def stance_removed(idea: Idea, answer: str) -> None:
    """A member's disagree or pass no longer counts for `idea` (their account is gone)."""
    counts = AnswerCounts(idea.vote_count, idea.disagree_count, idea.pass_count, 0.0)
    counts = counts.stance_removed(answer)
    idea.disagree_count, idea.pass_count = counts.disagrees, counts.passes


# --- comments --------------------------------------------------------------------------


def comment_shown(idea: Idea, comment: Comment) -> None:
    """A comment now counts on its idea: posted, or brought back by a moderator."""
    _move_comment(idea, comment.stance, +1)
    idea.trending_score = trending.add_activity(idea.trending_score, comment.created_at)


def comment_unshown(idea: Idea, comment: Comment) -> None:
    """A comment no longer counts: deleted by its author or hidden by a moderator."""
    _move_comment(idea, comment.stance, -1)
    floor = trending.initial_score(idea.created_at)
    idea.trending_score = trending.remove_activity(
        idea.trending_score, comment.created_at, floor=floor
    )


def stance_changed(idea: Idea, before: str, after: str) -> None:
    """A shown comment's stance changed from `before` to `after`."""
    if before != after:
        _tally(idea, before, -1)
        _tally(idea, after, +1)


def _move_comment(idea: Idea, stance: str, delta: int) -> None:
    idea.comment_count += delta
    _tally(idea, stance, delta)


def _tally(idea: Idea, stance: str, delta: int) -> None:
    if not stance:  # a reply that took no stance
        return
    column = TALLY_COLUMNS[CommentStance(stance)]
    setattr(idea, column, getattr(idea, column) + delta)


# --- themes ----------------------------------------------------------------------------


def is_shown(idea: Idea) -> bool:
    """Shown in lists and counted in its theme: not hidden and not merged away."""
    return idea.hidden_at is None and idea.status != IdeaStatus.merged


def theme_ideas_changed(session: Session, theme_id: int | None, delta: int) -> None:
    """Move a theme's `idea_count` by `delta` (one atomic UPDATE)."""
    if not delta:
        return
    session.exec(
        update(Theme).where(col(Theme.id) == theme_id).values(idea_count=Theme.idea_count + delta)
    )


def idea_shown_changed(session: Session, idea: Idea, *, was_shown: bool) -> None:
    """After hiding, restoring, merging or unmerging `idea`: its theme counts it if it
    is shown now."""
    theme_ideas_changed(session, idea.theme_id, int(is_shown(idea)) - int(was_shown))


def idea_moved(session: Session, idea: Idea, *, to_theme_id: int) -> None:
    """`idea` moves to another theme (the caller sets `theme_id` after this)."""
    if to_theme_id != idea.theme_id and is_shown(idea):
        theme_ideas_changed(session, idea.theme_id, -1)
        theme_ideas_changed(session, to_theme_id, +1)


# --- counting the slow way -------------------------------------------------------------


@dataclass(frozen=True)
class IdeaCounts:
    vote_count: int
    comment_count: int
    comments_for: int
    comments_against: int
    comments_neutral: int
    trending_score: float
    disagree_count: int = 0
    pass_count: int = 0


def stored_idea_counts(idea: Idea) -> IdeaCounts:
    return IdeaCounts(
        vote_count=idea.vote_count,
        comment_count=idea.comment_count,
        comments_for=idea.comments_for,
        comments_against=idea.comments_against,
        comments_neutral=idea.comments_neutral,
        trending_score=idea.trending_score,
        disagree_count=idea.disagree_count,
        pass_count=idea.pass_count,
    )


def recount_idea(session: Session, idea: Idea) -> IdeaCounts:
    """What `idea`'s counters should be, counted from its rows."""
    vote_times = session.exec(select(Vote.created_at).where(Vote.idea_id == idea.id)).all()
    shown = session.exec(
        select(Comment.stance, Comment.created_at).where(
            Comment.idea_id == idea.id,
            col(Comment.hidden_at).is_(None),
            col(Comment.deleted_at).is_(None),
        )
    ).all()
    score = trending.initial_score(idea.created_at)
    for moment in sorted([*vote_times, *(created for _stance, created in shown)]):
        score = trending.add_activity(score, moment)
    stances = [stance for stance, _created in shown]
    answers = session.exec(select(Stance.answer).where(Stance.idea_id == idea.id)).all()
    return IdeaCounts(
        vote_count=len(vote_times),
        comment_count=len(shown),
        comments_for=stances.count(CommentStance.for_),
        comments_against=stances.count(CommentStance.against),
        comments_neutral=stances.count(CommentStance.neutral),
        trending_score=score,
        disagree_count=answers.count(Answer.disagree),
        pass_count=answers.count(Answer.pass_),
    )


def recount_theme(session: Session, theme_id: int) -> int:
    """How many shown ideas the theme has, counted."""
    return session.exec(
        select(func.count())
        .select_from(Idea)
        .where(
            Idea.theme_id == theme_id,
            col(Idea.hidden_at).is_(None),
            Idea.status != IdeaStatus.merged,
        )
    ).one()
