"""The insight computed from the database and read back, on SQLite and PostgreSQL: the
stored results are those of the analysis of the same answers (so both databases give the
same), groups keep their letters between runs, one process computes at a time, and no
segment slice of fewer than five members is stored or shown."""

import pytest
from sqlalchemy import insert
from sqlmodel import select

from app.models import (
    Idea,
    InsightIdea,
    InsightMember,
    InsightRun,
    Segment,
    SegmentAnswer,
    Stance,
    Theme,
    User,
    Vote,
    utcnow,
)
from app.services.insight import analysis, compute, reading
from tests.insight.electorate import CROSS, DIVISIVE, electorate

VALUE = {1: "support", -1: "disagree", 0: "pass"}


def load_electorate(session, found=None, *, segments: bool = False) -> dict:
    """The electorate's members, ideas and answers, written straight into the tables (the
    analysis is under test here, not voting); member number -> user id, idea number ->
    idea id."""
    found = found or electorate()
    now = utcnow()
    theme = Theme(slug="inquiry", name="The inquiry")
    session.add(theme)
    session.commit()
    users = [
        {"email": f"m{n}@example.org", "display_name": f"Member {n}", "organisation": "Org",
         "email_verified_at": now, "created_at": now}
        for n in range(len(found.groups))
    ]  # fmt: skip
    session.exec(insert(User), params=users)
    ideas = [
        {"title": f"Planted idea number {n}", "author_id": None, "theme_id": theme.id,
         "created_at": now, "updated_at": now, "last_activity_at": now}
        for n in range(found.ideas)
    ]  # fmt: skip
    session.commit()
    user_ids = session.exec(select(User.id).order_by(User.id)).all()
    for row in ideas:
        row["author_id"] = user_ids[0]
    session.exec(insert(Idea), params=ideas)
    session.commit()
    idea_ids = session.exec(select(Idea.id).order_by(Idea.id)).all()
    votes, stances = [], []
    for member, idea, value in found.answers:
        who = {"user_id": user_ids[member], "idea_id": idea_ids[idea], "created_at": now}
        (votes if value == 1 else stances).append(
            who if value == 1 else {**who, "answer": VALUE[value]}
        )
    session.exec(insert(Vote), params=votes)
    session.exec(insert(Stance), params=stances)
    if segments:
        # Planted group as an answer, and a one-member answer that must never show.
        segment = Segment(
            slug="kind", question="Kind?", options=["first", "second", "third", "lone"]
        )
        session.add(segment)
        session.commit()
        answers = [
            {"segment_id": segment.id, "user_id": user_ids[m],
             "option": ["first", "second", "third"][g], "answered_at": now}
            for m, g in enumerate(found.groups[1:], start=1)
        ]  # fmt: skip
        answers.append({"segment_id": segment.id, "user_id": user_ids[0], "option": "lone",
                        "answered_at": now})  # fmt: skip
        session.exec(insert(SegmentAnswer), params=answers)
    session.commit()
    return {"users": user_ids, "ideas": idea_ids, "electorate": found}


def _in_memory(loaded) -> analysis.Analysis:
    users, ideas = loaded["users"], loaded["ideas"]
    rows = [(users[m], ideas[i], v) for m, i, v in loaded["electorate"].answers]
    return analysis.analyse(analysis.Answers.of(rows))


def test_the_stored_run_is_the_analysis_of_the_same_answers(session, settings):
    loaded = load_electorate(session)
    expected = _in_memory(loaded)

    run = compute.compute_insight(session=session, settings=settings)

    assert run is not None and run.finished_at is not None
    assert (run.members, run.clustered, run.answers) == (
        250,
        250,
        len(loaded["electorate"].answers),
    )
    stored = {
        row.idea_id: row
        for row in session.exec(select(InsightIdea).where(InsightIdea.run_id == run.id))
    }
    for j, idea_id in enumerate(expected.idea_ids.tolist()):
        row = stored[idea_id]
        assert (row.supports, row.disagrees, row.passes) == (
            expected.supports[j],
            expected.disagrees[j],
            expected.passes[j],
        )
        assert row.consensus == pytest.approx(float(expected.consensus[j]), rel=1e-12)
        assert row.bridging == pytest.approx(float(expected.bridging[j]), rel=1e-9, abs=1e-12)
        assert row.divisive == bool(expected.divisive[j])
    members = dict(session.exec(select(InsightMember.user_id, InsightMember.label)).all())
    assert members == dict(zip(expected.member_ids.tolist(), expected.member_labels, strict=True))


def test_the_page_lists_common_ground_and_divisive_ideas(session, settings):
    loaded = load_electorate(session)
    compute.compute_insight(session=session, settings=settings)

    view = reading.read_insight(session)

    cross, divisive = loaded["ideas"][CROSS], loaded["ideas"][DIVISIVE]
    assert view.common_ground[0].id == cross
    assert view.by_consensus[0].id == cross
    flagged = {row.score.id: row.score.divisive for row in reading.export_rows(session)}
    assert flagged[divisive] and not flagged[cross]
    assert view.divisive and all(score.divisive for score in view.divisive)
    assert divisive not in [score.id for score in view.common_ground]
    assert [(g.label, g.size) for g in view.groups] == [("A", 120), ("B", 80), ("C", 50)]
    assert len(view.points) == 250 and {p.label for p in view.points} == {"A", "B", "C"}
    assert all(0 <= p.x <= 1 and 0 <= p.y <= 1 for p in view.points)
    assert sum(week.answers for week in view.weeks) == len(loaded["electorate"].answers)


def test_no_slice_of_fewer_than_five_members_is_stored(session, settings):
    load_electorate(session, segments=True)
    run = compute.compute_insight(session=session, settings=settings)

    for row in session.exec(select(InsightIdea).where(InsightIdea.run_id == run.id)):
        assert set(row.segments.get("kind", {})) <= {"first", "second", "third"}
    view = reading.read_insight(session)
    [kind] = view.segments
    shown = {s.option for _idea, slices in kind.ideas for s in slices}
    assert shown == {"first", "second", "third"}
    assert view.common_ground[0] in kind.everywhere


def test_groups_keep_their_letters_on_the_next_run(session, settings):
    load_electorate(session)
    first = compute.compute_insight(session=session, settings=settings)
    before = dict(session.exec(
        select(InsightMember.user_id, InsightMember.label).where(InsightMember.run_id == first.id)
    ).all())  # fmt: skip

    second = compute.compute_insight(session=session, settings=settings)
    third = compute.compute_insight(session=session, settings=settings)

    after = dict(session.exec(
        select(InsightMember.user_id, InsightMember.label).where(InsightMember.run_id == third.id)
    ).all())  # fmt: skip
    assert after == before
    # The run before the latest is kept (for the letters); older ones are gone.
    assert session.exec(select(InsightRun.id).order_by(InsightRun.id)).all() == [
        second.id,
        third.id,
    ]


def test_one_process_computes_at_a_time(session, settings):
    load_electorate(session)
    assert compute.claim_lease(session, compute.LEASE, holder="elsewhere", seconds=60)

    assert compute.compute_insight(session=session, settings=settings) is None
    compute.release_lease(session, compute.LEASE, holder="elsewhere")
    assert compute.compute_insight(session=session, settings=settings) is not None


def test_the_worker_recomputes_once_enough_has_changed(session, settings):
    loaded = load_electorate(session)
    assert compute.due(session, settings)
    compute.compute_insight(session=session, settings=settings)
    assert not compute.due(session, settings)

    now = utcnow()
    idea = loaded["ideas"][CROSS]
    newcomers = [
        {"email": f"new{n}@example.org", "display_name": f"New {n}", "created_at": now}
        for n in range(settings.insight_every_answers)
    ]
    session.exec(insert(User), params=newcomers)
    session.commit()
    ids = session.exec(select(User.id).where(User.email.like("new%"))).all()
    session.exec(
        insert(Vote), params=[{"user_id": u, "idea_id": idea, "created_at": now} for u in ids]
    )
    session.commit()

    assert compute.due(session, settings)


def test_a_forum_with_no_answers_computes_an_empty_run(session, settings):
    run = compute.compute_insight(session=session, settings=settings)

    assert run is not None and (run.members, run.ideas, run.answers) == (0, 0, 0)
    view = reading.read_insight(session)
    assert view.common_ground == [] and view.groups == [] and view.points == []
