"""A round's report: its figures equal a recount from the tables (done here in Python,
row by row), shown on the page, in the CSV and in the JSON; and the notices a round
sends through the outbox, each once."""

import csv
import io
import random
from collections import Counter
from datetime import timedelta

from sqlmodel import select

from app.models import (
    Comment,
    Idea,
    OutboxMail,
    Round,
    Segment,
    SegmentAnswer,
    Stance,
    User,
    Vote,
    utcnow,
)
from app.services.ideas import votes
from app.services.moderation import hiding
from app.services.notifying import notifications
from app.services.rounds import notices, report
from tests.factories import (
    make_comment,
    make_idea,
    make_moderator,
    make_round,
    make_theme,
    make_user,
    make_vote,
)
from tests.pages import soup


def _world(session):
    """A round with ideas, votes, stances, comments (one hidden) and segment answers, and
    the same kind of activity outside it."""
    rng = random.Random(16)
    theme, other = make_theme(session), make_theme(session)
    round_ = make_round(session, themes=[theme], opens_in=timedelta(days=-20))
    segment = Segment(slug="kind", question="What kind of organisation?",
                      options=["Charity", "Social enterprise"])  # fmt: skip
    session.add(segment)
    session.commit()
    orgs = ["Northfield Food Bank", "northfield  food bank", "Leeds Carers", "", "Hull Arts"]
    members = [make_user(session, organisation=orgs[i % len(orgs)]) for i in range(14)]
    for i, member in enumerate(members[:12]):
        session.add(SegmentAnswer(segment_id=segment.id, user_id=member.id,
                                  option="Charity" if i < 7 else "Social enterprise"))  # fmt: skip
    session.commit()
    ideas = [make_idea(session, theme=theme, author=members[i]) for i in range(4)]
    outside = make_idea(session, theme=other, author=members[13])
    for idea in [*ideas, outside]:
        for member in rng.sample(members, rng.randint(1, 8)):
            make_vote(session, idea=idea, user=member)
    stancer = make_user(session)
    votes.answer_idea(session=session, user=stancer, idea_id=ideas[0].id,
                      change=votes.Change.disagree)  # fmt: skip
    for idea in ideas[:3]:
        make_comment(session, idea=idea, author=rng.choice(members))
    hidden = make_comment(session, idea=ideas[1], author=make_user(session))
    hiding.hide_comment(session=session, actor=make_moderator(session), comment_id=hidden.id)
    make_comment(session, idea=outside, author=members[0])
    round_.closes_at = utcnow() - timedelta(minutes=5)
    session.add(round_)
    session.commit()
    return round_


def _recount(session, round_) -> dict:
    session.expire_all()
    ideas = [
        i for i in session.exec(select(Idea)).all()
        if i.round_id == round_.id and i.hidden_at is None and i.status != "merged"
    ]  # fmt: skip
    ids = {i.id for i in ideas}
    votes_ = [v for v in session.exec(select(Vote)).all() if v.idea_id in ids]
    stances = [s for s in session.exec(select(Stance)).all() if s.idea_id in ids]
    comments = [c for c in session.exec(select(Comment)).all()
                if c.idea_id in ids and c.hidden_at is None and c.deleted_at is None]  # fmt: skip
    members = ({i.author_id for i in ideas} | {v.user_id for v in votes_}
               | {s.user_id for s in stances} | {c.author_id for c in comments})  # fmt: skip
    users = {u.id: u for u in session.exec(select(User)).all()}
    orgs = {" ".join(users[m].organisation.split()).casefold() for m in members
            if users[m].organisation.strip()}  # fmt: skip
    answers = Counter(a.option for a in session.exec(select(SegmentAnswer)).all()
                      if a.user_id in members)  # fmt: skip
    top = sorted(ideas, key=lambda i: (-len([v for v in votes_ if v.idea_id == i.id]), i.id))
    return {
        "members": len(members), "organisations": len(orgs), "ideas": len(ideas),
        "votes": len(votes_), "comments": len(comments),
        "segments": {k: n for k, n in answers.items() if n >= 5},
        "top": [i.id for i in top][:10],
        "week_votes": len(votes_),
    }  # fmt: skip


def test_the_report_figures_equal_a_recount_from_the_tables(session):
    round_ = _world(session)
    expected = _recount(session, round_)

    found = report.build_report(session=session, round_=session.get(Round, round_.id))

    p = found.participation
    assert (p.members, p.organisations, p.ideas, p.votes, p.comments) == (
        expected["members"], expected["organisations"], expected["ideas"], expected["votes"],
        expected["comments"],
    )  # fmt: skip
    assert {s.option: s.members for s in found.segments} == expected["segments"]
    assert [i.id for i in found.top_ideas] == expected["top"]
    assert sum(w.votes for w in found.weeks) == expected["week_votes"]
    assert sum(w.ideas for w in found.weeks) == expected["ideas"]


def test_the_page_csv_and_json_carry_the_same_figures(client, session):
    round_ = _world(session)
    expected = _recount(session, round_)
    round_ = session.get(Round, round_.id)
    round_.heard, round_.next_steps = "We heard **a lot**.", "A pilot."
    round_.reported_at = utcnow()
    session.add(round_)
    session.commit()

    page = soup(client.get(f"/rounds/{round_.slug}/report"))
    data = client.get(f"/rounds/{round_.slug}/report.json").json()
    rows = list(csv.DictReader(io.StringIO(client.get(f"/rounds/{round_.slug}/report.csv").text)))

    terms, values = page.select(".figures dt"), page.select(".figures dd")
    shown = {dt.get_text(): int(dd.get_text()) for dt, dd in zip(terms, values, strict=True)}
    names = ("members", "organisations", "ideas", "votes", "comments")
    assert shown == {name.capitalize(): expected[name] for name in names}
    assert data["participation"] == {name: expected[name] for name in names}
    assert {r["item"]: int(r["value"]) for r in rows if r["section"] == "participation"} == {
        name: expected[name] for name in names
    }
    assert [i["id"] for i in data["most_supported"]] == expected["top"]
    assert page.select_one("#heard-title + .prose strong").get_text() == "a lot"


def _mails(session, kind):
    session.expire_all()
    return sorted(m.to_address for m in session.exec(select(OutboxMail)) if m.kind == kind)


def test_a_round_tells_who_asked_when_it_opens_and_who_took_part_before_it_closes(
    session, settings
):
    theme = make_theme(session)
    keen, idle, taker = make_user(session), make_user(session), make_user(session)
    weekly = {kind: "weekly" for kind in notifications.NotificationKind}
    notifications.save_preferences(
        session=session, user=keen, frequencies=weekly,
        follow_on_propose=True, follow_on_vote=True, follow_on_comment=True, mail_round_opened=True,
    )  # fmt: skip
    round_ = make_round(session, themes=[theme], closes_in=timedelta(days=10))
    make_vote(session, idea=make_idea(session, theme=theme, author=taker), user=idle)

    notices.send_due(session=session, settings=settings)
    assert _mails(session, "round_opened") == [keen.email]
    assert _mails(session, "round_closing") == []

    soon = utcnow() + timedelta(days=8)
    notices.send_due(session=session, settings=settings, now=soon)
    notices.send_due(session=session, settings=settings, now=soon)
    assert _mails(session, "round_closing") == sorted([idle.email, taker.email])
    assert _mails(session, "round_opened") == [keen.email]  # once

    round_ = session.get(Round, round_.id)
    round_.reported_at = utcnow()
    session.add(round_)
    session.commit()
    notices.send_due(session=session, settings=settings)
    assert _mails(session, "round_report") == sorted([idle.email, taker.email])
