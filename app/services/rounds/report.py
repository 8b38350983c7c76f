"""A round's report: what the organisers heard and will do, beside the figures of who
took part, read straight from the tables (a round is small next to the forum, and a
report is read far less than a list page).

Counted: the round's ideas that are shown (not hidden, not merged away), the votes
and comments (not hidden or deleted) on them, and the members who proposed, voted,
answered or commented. Organisations are the distinct organisation names those members
gave. Segments count members by their declared answer, and, as everywhere else, a slice
of fewer than MIN_SLICE members is never shown. Common ground and divisive ideas are
the latest insight run's, among the round's ideas.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.markdown import render_markdown
from app.models import (
    Comment,
    Idea,
    IdeaStatus,
    Round,
    Segment,
    SegmentAnswer,
    Stance,
    Theme,
    User,
    Vote,
)
from app.services.insight import reading as insight
from app.services.insight.analysis import MIN_SLICE
from app.services.insight.compute import latest_finished
from app.services.rounds.state import RoundState, london, state_of

TOP_IDEAS = 10


@dataclass(frozen=True)
class Participation:
    members: int
    organisations: int
    ideas: int
    votes: int
    comments: int


@dataclass(frozen=True)
class WeekRow:
    week: date  # its Monday
    ideas: int
    votes: int
    comments: int

    @property
    def label(self) -> str:
        return self.week.strftime("%-d %b %Y")


@dataclass(frozen=True)
class SegmentRow:
    question: str
    option: str
    members: int


@dataclass(frozen=True)
class ReportIdea:
    id: int
    title: str
    theme_name: str
    status: str
    votes: int
    comments: int
    response_html: str = ""


@dataclass
class Report:
    round: Round
    state: RoundState
    participation: Participation
    weeks: list[WeekRow] = field(default_factory=list)
    segments: list[SegmentRow] = field(default_factory=list)
    small_slices: int = 0  # answers left out: fewer than MIN_SLICE members gave them
    top_ideas: list[ReportIdea] = field(default_factory=list)
    common_ground: list[insight.IdeaScore] = field(default_factory=list)
    divisive: list[insight.IdeaScore] = field(default_factory=list)
    responses: list[ReportIdea] = field(default_factory=list)
    heard_html: str = ""
    next_steps_html: str = ""

    @property
    def opens(self) -> str:
        return london(self.round.opens_at)

    @property
    def closes(self) -> str:
        return london(self.round.closes_at)


def _shown_ideas(round_id: int):
    return select(Idea.id).where(
        Idea.round_id == round_id, col(Idea.hidden_at).is_(None), Idea.status != IdeaStatus.merged
    )


def _shown_comments(round_id: int):
    return (
        col(Comment.idea_id).in_(_shown_ideas(round_id)),
        col(Comment.hidden_at).is_(None),
        col(Comment.deleted_at).is_(None),
    )


def participant_ids(session: Session, round_id: int) -> set[int]:
    ideas = _shown_ideas(round_id)
    found = set(session.exec(select(Idea.author_id).where(col(Idea.id).in_(ideas))))
    found.update(session.exec(select(Vote.user_id).where(col(Vote.idea_id).in_(ideas))))
    found.update(session.exec(select(Stance.user_id).where(col(Stance.idea_id).in_(ideas))))
    found.update(session.exec(select(Comment.author_id).where(*_shown_comments(round_id))))
    return found


def _monday(moment: datetime) -> date:
    day = moment.date()
    return day - timedelta(days=day.weekday())


def _weeks(session: Session, round_id: int) -> list[WeekRow]:
    ideas = _shown_ideas(round_id)
    counts: dict[str, Counter] = {
        "ideas": Counter(
            _monday(t) for t in session.exec(select(Idea.created_at).where(col(Idea.id).in_(ideas)))
        ),
        "votes": Counter(
            _monday(t)
            for t in session.exec(select(Vote.created_at).where(col(Vote.idea_id).in_(ideas)))
        ),
        "comments": Counter(
            _monday(t)
            for t in session.exec(select(Comment.created_at).where(*_shown_comments(round_id)))
        ),
    }
    weeks = sorted(set().union(*counts.values()))
    return [
        WeekRow(w, counts["ideas"][w], counts["votes"][w], counts["comments"][w]) for w in weeks
    ]


def _segments(session: Session, members: set[int]) -> tuple[list[SegmentRow], int]:
    rows, small = [], 0
    if not members:
        return rows, small
    segments = session.exec(
        select(Segment).where(col(Segment.archived_at).is_(None)).order_by(col(Segment.position))
    ).all()
    for segment in segments:
        answers = Counter(
            session.exec(
                select(SegmentAnswer.option).where(
                    SegmentAnswer.segment_id == segment.id,
                    col(SegmentAnswer.user_id).in_(members),
                )
            )
        )
        for option in segment.options:
            if answers[option] >= MIN_SLICE:
                rows.append(SegmentRow(segment.question, option, answers[option]))
            elif answers[option]:
                small += 1
    return rows, small


def _ideas(session: Session, round_id: int, *, answered: bool) -> list[ReportIdea]:
    query = (
        select(Idea, Theme.name)
        .join(Theme, col(Theme.id) == Idea.theme_id)
        .where(col(Idea.id).in_(_shown_ideas(round_id)))
    )
    if answered:
        query = query.where(col(Idea.official_response).is_not(None)).order_by(
            col(Idea.status_changed_at).desc(), col(Idea.id).desc()
        )
    else:
        query = query.order_by(col(Idea.vote_count).desc(), col(Idea.id)).limit(TOP_IDEAS)
    return [
        ReportIdea(
            id=idea.id,
            title=idea.title,
            theme_name=theme_name,
            status=idea.status,
            votes=idea.vote_count,
            comments=idea.comment_count,
            response_html=render_markdown(idea.official_response) if answered else "",
        )  # fmt: skip
        for idea, theme_name in session.exec(query)
    ]


def participation(session: Session, round_id: int) -> tuple[Participation, set[int]]:
    ideas = _shown_ideas(round_id)
    members = participant_ids(session, round_id)
    organisations = set()
    if members:
        organisations = {
            " ".join(name.split()).casefold()
            for name in session.exec(select(User.organisation).where(col(User.id).in_(members)))
            if name and name.strip()
        }
    count = lambda query: session.exec(query).one()  # noqa: E731
    figures = Participation(
        members=len(members),
        organisations=len(organisations),
        ideas=count(select(func.count()).select_from(ideas.subquery())),
        votes=count(select(func.count()).select_from(Vote).where(col(Vote.idea_id).in_(ideas))),
        comments=count(select(func.count()).select_from(Comment).where(*_shown_comments(round_id))),
    )
    return figures, members


def build_report(*, session: Session, round_: Round) -> Report:
    figures, members = participation(session, round_.id)
    segments, small = _segments(session, members)
    run = latest_finished(session)
    common, divisive = [], []
    if run is not None:
        common = insight.common_ground(session, run.id, round_id=round_.id)
        divisive = insight.divisive_ideas(session, run.id, round_id=round_.id)
    return Report(
        round=round_,
        state=state_of(round_),
        participation=figures,
        weeks=_weeks(session, round_.id),
        segments=segments,
        small_slices=small,
        top_ideas=_ideas(session, round_.id, answered=False),
        common_ground=common,
        divisive=divisive,
        responses=_ideas(session, round_.id, answered=True),
        heard_html=render_markdown(round_.heard),
        next_steps_html=render_markdown(round_.next_steps),
    )


def report_json(report: Report) -> dict:
    """The report as open data (/rounds/{slug}/report.json)."""
    r = report.round
    score = lambda s: {"id": s.id, "title": s.title, "theme": s.theme_name,  # noqa: E731
                       "supports": s.supports, "disagrees": s.disagrees, "passes": s.passes,
                       "consensus": s.consensus, "bridging": s.bridging}  # fmt: skip
    idea = lambda i: {"id": i.id, "title": i.title, "theme": i.theme_name,  # noqa: E731
                      "status": i.status, "votes": i.votes, "comments": i.comments}  # fmt: skip
    p = report.participation
    return {
        "round": {
            "slug": r.slug, "title": r.title, "question": r.question,
            "opens_at": r.opens_at.isoformat(), "closes_at": r.closes_at.isoformat(),
            "reported_at": r.reported_at.isoformat() if r.reported_at else None,
        },
        "participation": {"members": p.members, "organisations": p.organisations,
                          "ideas": p.ideas, "votes": p.votes, "comments": p.comments},
        "weeks": [{"week": w.week.isoformat(), "ideas": w.ideas, "votes": w.votes,
                   "comments": w.comments} for w in report.weeks],
        "segments": [{"question": s.question, "option": s.option, "members": s.members}
                     for s in report.segments],
        "most_supported": [idea(i) for i in report.top_ideas],
        "common_ground": [score(s) for s in report.common_ground],
        "divisive": [score(s) for s in report.divisive],
        "responses": [{**idea(i), "response_html": i.response_html} for i in report.responses],
        "what_we_heard": r.heard,
        "what_happens_next": r.next_steps,
    }  # fmt: skip


def report_csv_rows(report: Report) -> list[list]:
    """The report's figures as rows of one CSV: section, name, and the values."""
    p = report.participation
    rows: list[list] = [["section", "item", "title", "value", "votes", "comments"]]
    for name in ("members", "organisations", "ideas", "votes", "comments"):
        rows.append(["participation", name, "", getattr(p, name), "", ""])
    for w in report.weeks:
        rows.append(["week", w.week.isoformat(), "", w.ideas, w.votes, w.comments])
    for s in report.segments:
        rows.append(["segment", s.question, s.option, s.members, "", ""])
    for i in report.top_ideas:
        rows.append(["most_supported", i.id, i.title, i.status, i.votes, i.comments])
    for s in report.common_ground:
        rows.append(["common_ground", s.id, s.title, round(s.bridging, 4), s.supports, ""])
    for s in report.divisive:
        rows.append(["divisive", s.id, s.title, round(s.spread, 4), s.supports, ""])
    for i in report.responses:
        rows.append(["response", i.id, i.title, i.status, i.votes, i.comments])
    return rows
