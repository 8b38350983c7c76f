"""What the insight pages and exports show of the latest finished run.

Every list is read with an indexed query on the run's rows (ix_insight_idea_*), so the
page costs the same however many ideas there are. Support by declared segment is only
ever shown for answers that at least MIN_SLICE members gave (the run stores no smaller
slice: analysis.segment_support).
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session, col, select

from app.models import (
    Idea,
    InsightGroup,
    InsightIdea,
    InsightMember,
    InsightRun,
    InsightWeek,
    Segment,
    Theme,
)
from app.services.insight.analysis import MIN_GROUP_ANSWERS
from app.services.insight.compute import latest_finished
from app.services.rounds.state import hidden_counts_sql

LIST_SIZE = 10
MAP_POINTS = 1_500
SCAN_LIMIT = 2_000  # rows walked to fill a filtered list
COMMON_LEANING = 0.5  # every group that answered leans this far to support


@dataclass(frozen=True)
class GroupLeaning:
    label: str
    rate: float  # smoothed support, (supports + 1) / (answers + 2)
    answers: int


@dataclass(frozen=True)
class IdeaScore:
    id: int
    title: str
    theme_name: str
    supports: int
    disagrees: int
    passes: int
    consensus: float
    bridging: float
    spread: float
    divisive: bool
    groups: list[GroupLeaning]

    @property
    def answers(self) -> int:
        return self.supports + self.disagrees + self.passes


@dataclass(frozen=True)
class Representative:
    idea_id: int
    title: str
    kind: str  # "support" or "disagree"
    ratio: float
    rate: float


@dataclass(frozen=True)
class GroupView:
    label: str
    size: int
    share: float  # of the members placed in groups
    representative: list[Representative]


@dataclass(frozen=True)
class SegmentSlice:
    option: str
    supports: int
    answers: int

    @property
    def rate(self) -> float:
        return self.supports / self.answers if self.answers else 0.0


@dataclass(frozen=True)
class SegmentView:
    question: str
    slug: str
    # Ideas with the most common ground, each with its support in every answer's slice.
    ideas: list[tuple[IdeaScore, list[SegmentSlice]]]
    everywhere: list[IdeaScore]  # supported by a majority in every slice


@dataclass(frozen=True)
class MapPoint:
    x: float  # 0..1 across the map
    y: float
    label: str


@dataclass
class InsightView:
    run: InsightRun | None
    groups: list[GroupView] = field(default_factory=list)
    common_ground: list[IdeaScore] = field(default_factory=list)
    by_consensus: list[IdeaScore] = field(default_factory=list)
    divisive: list[IdeaScore] = field(default_factory=list)
    segments: list[SegmentView] = field(default_factory=list)
    weeks: list[InsightWeek] = field(default_factory=list)
    points: list[MapPoint] = field(default_factory=list)

    @property
    def computed_at(self) -> datetime | None:
        return self.run.finished_at if self.run else None


def _leanings(groups: dict) -> list[GroupLeaning]:
    leanings = []
    for label, (supports, disagrees, passes) in sorted(groups.items()):
        answers = supports + disagrees + passes
        leanings.append(GroupLeaning(label, (supports + 1) / (answers + 2), answers))
    return leanings


def _score(row: InsightIdea, title: str, theme_name: str) -> IdeaScore:
    return IdeaScore(
        id=row.idea_id,
        title=title,
        theme_name=theme_name,
        supports=row.supports,
        disagrees=row.disagrees,
        passes=row.passes,
        consensus=row.consensus,
        bridging=row.bridging,
        spread=row.spread,
        divisive=row.divisive,
        groups=_leanings(row.groups),
    )


def is_common_ground(score: IdeaScore) -> bool:
    """Every group that answered it enough leans to support it (and it is not divisive):
    a group's support alone, however large or organised, never makes common ground."""
    answered = [g for g in score.groups if g.answers >= MIN_GROUP_ANSWERS]
    return not score.divisive and bool(answered) and all(g.rate >= COMMON_LEANING for g in answered)


def _ranked(
    session: Session, run_id: int, order, *, theme_id: int | None, limit: int,
    round_id: int | None = None,
):  # fmt: skip
    query = (
        select(InsightIdea, Idea.title, Theme.name)
        .join(Idea, col(Idea.id) == InsightIdea.idea_id)
        .join(Theme, col(Theme.id) == Idea.theme_id)
        .where(InsightIdea.run_id == run_id, col(Idea.hidden_at).is_(None), _counts_shown())
        .order_by(*order)
        .limit(limit)
    )
    if theme_id is not None:
        query = query.where(Idea.theme_id == theme_id)
    if round_id is not None:
        query = query.where(Idea.round_id == round_id)
    for row, title, theme_name in session.exec(query):
        yield _score(row, title, theme_name)


def _counts_shown():
    """Ideas of a round that hides its totals stay out of the insight until it closes:
    every figure here is a count of answers (app/services/rounds/state.py)."""
    return ~hidden_counts_sql(Idea.round_id)


def common_ground(
    session: Session, run_id: int, *, theme_id=None, limit=LIST_SIZE, round_id=None
):  # fmt: skip
    """The ideas with the most common ground: by bridging score, among those every group
    leans to support."""
    order = (col(InsightIdea.bridging).desc(), col(InsightIdea.idea_id).desc())
    found = []
    ranked = _ranked(session, run_id, order, theme_id=theme_id, limit=SCAN_LIMIT, round_id=round_id)
    for score in ranked:
        if is_common_ground(score):
            found.append(score)
            if len(found) == limit:
                break
    return found


def divisive_ideas(session: Session, run_id: int, *, round_id=None, limit=LIST_SIZE):
    """The ideas that divide the groups most, among the divisive ones."""
    order = (col(InsightIdea.spread).desc(), col(InsightIdea.idea_id).desc())
    ranked = _ranked(session, run_id, order, theme_id=None, limit=SCAN_LIMIT, round_id=round_id)
    return [score for score in ranked if score.divisive][:limit]


def read_insight(session: Session, *, theme_id: int | None = None) -> InsightView:
    run = latest_finished(session)
    if run is None:
        return InsightView(run=None)
    consensus_order = (col(InsightIdea.consensus).desc(), col(InsightIdea.idea_id).desc())
    spread_order = (col(InsightIdea.spread).desc(), col(InsightIdea.idea_id).desc())
    view = InsightView(
        run=run,
        common_ground=common_ground(session, run.id, theme_id=theme_id),
        by_consensus=list(
            _ranked(session, run.id, consensus_order, theme_id=theme_id, limit=LIST_SIZE)
        ),
        divisive=[
            score
            for score in _ranked(session, run.id, spread_order, theme_id=theme_id, limit=SCAN_LIMIT)
            if score.divisive
        ][:LIST_SIZE],
        weeks=list(
            session.exec(
                select(InsightWeek)
                .where(InsightWeek.run_id == run.id)
                .order_by(col(InsightWeek.week))
            )
        ),
    )
    view.groups = groups(session, run)
    view.segments = _segments(session, run.id, view.common_ground)
    view.points = _points(session, run.id)
    return view


def groups(session: Session, run: InsightRun) -> list[GroupView]:
    """The run's groups, largest share first as lettered, with what sets each apart."""
    rows = list(
        session.exec(
            select(InsightGroup).where(InsightGroup.run_id == run.id).order_by(InsightGroup.label)
        )
    )
    ids = {item[0] for row in rows for item in row.representative}
    titles = dict(session.exec(select(Idea.id, Idea.title).where(col(Idea.id).in_(ids))).all())
    placed = sum(row.size for row in rows) or 1
    return [
        GroupView(
            label=row.label,
            size=row.size,
            share=row.size / placed,
            representative=[
                Representative(idea, titles[idea], kind, ratio, rate)
                for idea, kind, ratio, rate in row.representative
                if idea in titles
            ],
        )
        for row in rows
    ]


def _segments(session: Session, run_id: int, ideas: list[IdeaScore]) -> list[SegmentView]:
    segments = session.exec(
        select(Segment).where(col(Segment.archived_at).is_(None)).order_by(col(Segment.position))
    ).all()
    stored = {
        row.idea_id: row.segments
        for row in session.exec(
            select(InsightIdea).where(
                InsightIdea.run_id == run_id, col(InsightIdea.idea_id).in_([i.id for i in ideas])
            )
        )
    }
    views = []
    for segment in segments:
        rows, everywhere = [], []
        for idea in ideas:
            slices = [
                SegmentSlice(option, supports, answers)
                for option, (supports, answers) in stored.get(idea.id, {})
                .get(segment.slug, {})
                .items()
                if option in segment.options
            ]
            if not slices:
                continue
            slices.sort(key=lambda s: segment.options.index(s.option))
            rows.append((idea, slices))
            if all(s.rate > 0.5 for s in slices if s.answers >= MIN_GROUP_ANSWERS):
                everywhere.append(idea)
        if rows:
            views.append(SegmentView(segment.question, segment.slug, rows, everywhere))
    return views


def _points(session: Session, run_id: int) -> list[MapPoint]:
    """At most MAP_POINTS members, spread evenly over the run, scaled into 0..1."""
    rows = session.exec(
        select(InsightMember.x, InsightMember.y, InsightMember.label)
        .where(InsightMember.run_id == run_id)
        .order_by(col(InsightMember.user_id))
    ).all()
    if not rows:
        return []
    rows = rows[:: max(1, len(rows) // MAP_POINTS)]
    xs, ys = [r[0] for r in rows], [r[1] for r in rows]
    low_x, high_x, low_y, high_y = min(xs), max(xs), min(ys), max(ys)
    width, height = (high_x - low_x) or 1.0, (high_y - low_y) or 1.0
    return [MapPoint((x - low_x) / width, (y - low_y) / height, label) for x, y, label in rows]


# --- open data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportRow:
    score: IdeaScore
    segments: dict  # slug -> option -> [supports, answers], only slices of MIN_SLICE or more


def export_rows(session: Session, *, batch: int = 1_000) -> Iterator[ExportRow]:
    """Every idea of the latest run, in id order, read in batches."""
    run = latest_finished(session)
    if run is None:
        return
    after = 0
    while True:
        rows = session.exec(
            select(InsightIdea, Idea.title, Theme.name)
            .join(Idea, col(Idea.id) == InsightIdea.idea_id)
            .join(Theme, col(Theme.id) == Idea.theme_id)
            .where(
                InsightIdea.run_id == run.id,
                col(InsightIdea.idea_id) > after,
                col(Idea.hidden_at).is_(None),
                _counts_shown(),
            )
            .order_by(col(InsightIdea.idea_id))
            .limit(batch)
        ).all()
        session.commit()
        if not rows:
            return
        for row, title, theme_name in rows:
            yield ExportRow(_score(row, title, theme_name), row.segments)
        after = rows[-1][0].idea_id


def week_label(week: date) -> str:
    return week.strftime("%-d %b %Y")
