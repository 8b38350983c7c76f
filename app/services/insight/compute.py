"""Running the analysis: load every answer, analyse it (analysis.py), store the results.

Run in the background only: by `commonground compute-insight`, or by the app's insight
worker once enough has changed (`due`). One process at a time (a lease in `job_lease`).
The results go in in chunks, each its own short write transaction, so a run never keeps
SQLite's write lock long enough to hold up a vote; pages read the latest run whose
`finished_at` is set, so they never see half a run. The run before it is kept (its groups
give the new run's groups their letters) and older ones are deleted.
"""

import logging
import os
import socket
import time
from collections.abc import Iterator
from datetime import date, timedelta

import numpy as np
from sqlalchemy import delete, func, insert, literal_column, union_all, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from app.db import write_transaction
from app.models import (
    Answer,
    Comment,
    Idea,
    IdeaStatus,
    InsightGroup,
    InsightIdea,
    InsightMember,
    InsightRun,
    InsightWeek,
    JobLease,
    Segment,
    SegmentAnswer,
    Stance,
    Vote,
    utcnow,
)
from app.services.insight import analysis
from app.services.insight.analysis import Analysis, Answers

log = logging.getLogger(__name__)

LEASE = "insight"
LEASE_SECONDS = 600
CHUNK = 5_000
VALUES = {Answer.disagree.value: analysis.DISAGREE, Answer.pass_.value: analysis.PASS}


# --- loading ---------------------------------------------------------------------------


# Ideas that are shown (not hidden, not merged away): their answers count, and every one
# of them is in the run, answered or not.
SHOWN = (col(Idea.hidden_at).is_(None), Idea.status != IdeaStatus.merged)


def _shown(idea_id_column):
    return idea_id_column.in_(select(Idea.id).where(*SHOWN))


def load_answers(session: Session) -> Answers:
    """Every answer on a shown idea, sorted by member and idea."""
    connection = session.connection()
    votes = connection.execute(
        select(Vote.user_id, Vote.idea_id).where(_shown(col(Vote.idea_id)))
    ).all()
    stances = connection.execute(
        select(Stance.user_id, Stance.idea_id, Stance.answer).where(_shown(col(Stance.idea_id)))
    ).all()
    rows = [(user, idea, analysis.SUPPORT) for user, idea in votes]
    rows += [(user, idea, VALUES[answer]) for user, idea, answer in stances]
    return Answers.of(rows)


def load_segments(session: Session) -> dict[str, dict[int, str]]:
    """Question slug -> member id -> their answer, for the questions still asked."""
    rows = session.exec(
        select(Segment.slug, SegmentAnswer.user_id, SegmentAnswer.option)
        .join(Segment, col(Segment.id) == SegmentAnswer.segment_id)
        .where(col(Segment.archived_at).is_(None))
    ).all()
    declared: dict[str, dict[int, str]] = {}
    for slug, user_id, option in rows:
        declared.setdefault(slug, {})[user_id] = option
    return declared


def answer_mark(session: Session) -> int:
    """A number that grows with every answer given (the newest vote and stance ids):
    two index lookups, however many answers there are."""
    newest_vote = session.exec(select(func.max(Vote.id))).one() or 0
    newest_stance = session.exec(select(func.max(Stance.id))).one() or 0
    return newest_vote + newest_stance


def latest_finished(session: Session) -> InsightRun | None:
    return session.exec(
        select(InsightRun)
        .where(col(InsightRun.finished_at).is_not(None))
        .order_by(col(InsightRun.id).desc())
        .limit(1)
    ).first()


def _previous_labels(session: Session, run: InsightRun | None) -> dict[int, str]:
    if run is None:
        return {}
    rows = session.exec(
        select(InsightMember.user_id, InsightMember.label).where(InsightMember.run_id == run.id)
    ).all()
    return dict(rows)


# --- running ---------------------------------------------------------------------------


def due(session: Session, settings) -> bool:
    """Whether enough has changed since the last run for the worker to run again."""
    last = latest_finished(session)
    mark = answer_mark(session)
    session.commit()
    if last is None:
        return mark > 0
    if mark - last.answers_seen >= settings.insight_every_answers:
        return True
    old = utcnow() - last.finished_at > timedelta(seconds=settings.insight_max_age_seconds)
    return old and mark != last.answers_seen


def compute_insight(*, session: Session, settings) -> InsightRun | None:
    """Analyse every answer and store the results; None if another process is at it."""
    holder = f"{socket.gethostname()}:{os.getpid()}:{time.monotonic_ns()}"
    if not claim_lease(session, LEASE, holder=holder, seconds=LEASE_SECONDS):
        return None
    try:
        return _compute(session, settings)
    finally:
        release_lease(session, LEASE, holder=holder)


def _compute(session: Session, settings) -> InsightRun:
    started = time.perf_counter()
    mark = answer_mark(session)
    answers = load_answers(session)
    shown = np.array(session.exec(select(Idea.id).where(*SHOWN)).all(), dtype=np.int64)
    declared = load_segments(session)
    previous = latest_finished(session)
    labels = _previous_labels(session, previous)
    session.commit()  # end the reads: the analysis holds no transaction open

    result = analysis.analyse(
        answers, ideas=shown, previous_labels=labels, min_answers=settings.insight_min_answers
    )
    slices = analysis.segment_support(answers, result.idea_ids, declared)

    with write_transaction(session):
        run = InsightRun(
            members=result.members,
            clustered=len(result.member_ids),
            ideas=len(result.idea_ids),
            answers=len(answers.value),
            silhouette=result.silhouette,
            answers_seen=mark,
        )
        session.add(run)
        session.flush()
        for group in result.groups:
            session.add(
                InsightGroup(
                    run_id=run.id,
                    label=group.label,
                    size=group.size,
                    representative=[list(item) for item in group.representative],
                )
            )
    run_id = run.id
    _insert_chunks(session, InsightMember, _member_rows(run_id, result))
    _insert_chunks(session, InsightIdea, _idea_rows(run_id, result, slices))
    weeks = participation(session)
    with write_transaction(session):
        session.add_all(InsightWeek(run_id=run_id, **week) for week in weeks)
        session.exec(
            update(InsightRun)
            .where(col(InsightRun.id) == run_id)
            .values(finished_at=utcnow(), seconds=round(time.perf_counter() - started, 3))
        )
        older = select(InsightRun.id).where(col(InsightRun.id) < (previous.id if previous else 0))
        session.exec(delete(InsightRun).where(col(InsightRun.id).in_(older)))
    found = session.get_one(InsightRun, run_id)
    session.refresh(found)
    log.info(
        "insight: %d members (%d in %d groups), %d ideas, %d answers in %.1f s",
        found.members, found.clustered, len(result.groups), found.ideas, found.answers,
        found.seconds,
    )  # fmt: skip
    return found


def _member_rows(run_id: int, result: Analysis) -> Iterator[dict]:
    for member, label, (x, y) in zip(
        result.member_ids.tolist(), result.member_labels, result.points.tolist(), strict=True
    ):
        yield {"run_id": run_id, "user_id": member, "label": label, "x": x, "y": y}


def _idea_rows(run_id: int, result: Analysis, slices) -> Iterator[dict]:
    counts = {
        label: [array.tolist() for array in arrays] for label, arrays in result.group_counts.items()
    }
    slice_lists = {
        slug: {option: (s.tolist(), n.tolist()) for option, (s, n) in options.items()}
        for slug, options in slices.items()
    }
    for j, idea_id in enumerate(result.idea_ids.tolist()):
        yield {
            "run_id": run_id,
            "idea_id": idea_id,
            "supports": int(result.supports[j]),
            "disagrees": int(result.disagrees[j]),
            "passes": int(result.passes[j]),
            "consensus": float(result.consensus[j]),
            "bridging": float(result.bridging[j]),
            "spread": float(result.spread[j]),
            "divisive": bool(result.divisive[j]),
            "groups": {label: [c[0][j], c[1][j], c[2][j]] for label, c in counts.items()},
            "segments": {
                slug: {option: [s[j], n[j]] for option, (s, n) in options.items() if n[j]}
                for slug, options in slice_lists.items()
            },
        }


def _insert_chunks(session: Session, model, rows: Iterator[dict]) -> None:
    """Insert `rows` a chunk per short write transaction."""
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            with write_transaction(session):
                session.exec(insert(model), params=chunk)
            chunk = []
    if chunk:
        with write_transaction(session):
            session.exec(insert(model), params=chunk)


# --- participation over time ------------------------------------------------------------


def _week(dialect: str, column):
    """The Monday (UTC) of the week of `column`, as a date string the same on both."""
    if dialect == "postgresql":
        utc = func.timezone("UTC", column)
        return func.to_char(func.date_trunc("week", utc), literal_column("'YYYY-MM-DD'"))
    return func.date(column, "weekday 0", "-6 days")


def participation(session: Session) -> list[dict]:
    """Per week: members who proposed, answered or commented, and how many ideas, answers
    and comments came in."""
    dialect = session.get_bind().dialect.name
    sources = {
        "ideas": (Idea.created_at, Idea.author_id),
        "answers": (Vote.created_at, Vote.user_id),
        "stances": (Stance.created_at, Stance.user_id),
        "comments": (Comment.created_at, Comment.author_id),
    }
    weeks: dict[str, dict] = {}
    every = []
    for name, (moment, who) in sources.items():
        week = _week(dialect, moment).label("week")
        table = moment.class_
        for found, count in session.exec(
            select(week, func.count()).select_from(table).group_by(week)
        ):
            entry = weeks.setdefault(found, {"members": 0, "ideas": 0, "answers": 0, "comments": 0})
            entry["answers" if name == "stances" else name] += count
        every.append(select(week, who.label("who")).select_from(table))
    both = union_all(*every).subquery()
    members = session.exec(
        select(both.c.week, func.count(func.distinct(both.c.who))).group_by(both.c.week)
    ).all()
    for found, count in members:
        weeks.setdefault(found, {"members": 0, "ideas": 0, "answers": 0, "comments": 0})
        weeks[found]["members"] = count
    session.commit()
    return [
        {"week": date.fromisoformat(str(w)[:10]), **counts} for w, counts in sorted(weeks.items())
    ]


# --- one process at a time ----------------------------------------------------------------


def claim_lease(session: Session, name: str, *, holder: str, seconds: int) -> bool:
    """Take the lease `name` if nobody holds it (or their hold has run out)."""
    now = utcnow()
    dialect = session.get_bind().dialect.name
    insert_ = postgresql.insert if dialect == "postgresql" else sqlite.insert
    with write_transaction(session):
        session.exec(
            insert_(JobLease)
            .values(name=name, holder="", until=now)
            .on_conflict_do_nothing(index_elements=["name"])
        )
        taken = session.exec(
            update(JobLease)
            .where(col(JobLease.name) == name, col(JobLease.until) <= now)
            .values(holder=holder, until=now + timedelta(seconds=seconds))
            .returning(col(JobLease.holder))
        ).first()
    return taken is not None


def release_lease(session: Session, name: str, *, holder: str) -> None:
    with write_transaction(session):
        session.exec(
            update(JobLease)
            .where(col(JobLease.name) == name, col(JobLease.holder) == holder)
            .values(holder="", until=utcnow())
        )
