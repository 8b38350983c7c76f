"""Which ideas belong to a round, and what a closed round's ideas (and answered ideas)
refuse: a vote or a stance after close is a 403 with a clear page and changes nothing,
whether the fast lane or the app would have made it."""

from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from app.models import Idea, IdeaStatus, Stance, Vote
from app.services.ideas import votes
from app.services.rounds import reading
from tests.factories import make_idea, make_round, make_theme, make_user, make_vote
from tests.pages import soup


def _close(session, round_):
    """Let the round's time run out (as the clock would): its close moves into the past."""
    round_.closes_at = round_.opens_at + timedelta(minutes=1)
    session.add(round_)
    session.commit()


def _answers(session, idea_id: int) -> tuple[int, int, int, int]:
    """(vote rows, stance rows, vote_count, disagree_count) from the tables."""
    session.expire_all()
    idea = session.get(Idea, idea_id)
    count = lambda model: session.exec(  # noqa: E731
        select(func.count()).select_from(model).where(model.idea_id == idea_id)
    ).one()
    return count(Vote), count(Stance), idea.vote_count, idea.disagree_count


def test_an_idea_proposed_in_a_rounds_theme_inside_the_window_belongs_to_it(session):
    theme, other = make_theme(session), make_theme(session)
    round_ = make_round(session, themes=[theme])

    inside = make_idea(session, theme=theme)
    elsewhere = make_idea(session, theme=other)

    assert inside.round_id == round_.id
    assert elsewhere.round_id is None
    assert reading.round_view(session=session, round_=round_).idea_count == 1


@pytest.mark.parametrize(
    "opens_in, closes_in",
    [(timedelta(days=1), timedelta(days=8)), (timedelta(days=-8), timedelta(days=-1))],
    ids=["before it opens", "after it closes"],
)
def test_an_idea_proposed_outside_the_window_does_not_belong_to_it(session, opens_in, closes_in):
    theme = make_theme(session)
    make_round(session, themes=[theme], opens_in=opens_in, closes_in=closes_in)

    assert make_idea(session, theme=theme).round_id is None


def test_overlapping_rounds_take_an_idea_into_the_one_closing_first(session):
    theme = make_theme(session)
    make_round(session, themes=[theme], closes_in=timedelta(days=20))
    first = make_round(session, themes=[theme], closes_in=timedelta(days=5))

    assert make_idea(session, theme=theme).round_id == first.id


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize(
    "path, form",
    [("vote", {}), ("unvote", {}), ("stance", {"stance": "disagree"}),
     ("stance", {"stance": "support"}), ("stance", {"stance": "clear"})],
    ids=["vote", "unvote", "disagree", "support", "clear"],
)  # fmt: skip
def test_an_answer_after_close_is_refused_and_changes_nothing(client, session, path, form, htmx):
    theme = make_theme(session)
    round_ = make_round(session, themes=[theme])
    idea = make_idea(session, theme=theme)
    member = make_user(session)
    make_vote(session, idea=idea, user=member)
    _close(session, round_)
    before = _answers(session, idea.id)
    client.login(member)

    answer = client.submit(f"/ideas/{idea.id}/{path}", form, htmx=htmx)

    assert answer.status_code == 403
    assert "closed" in soup(answer).get_text() and round_.title in soup(answer).get_text()
    assert _answers(session, idea.id) == before


@pytest.mark.parametrize("status", [IdeaStatus.done, IdeaStatus.declined])
def test_a_done_or_declined_idea_takes_no_new_votes(client, session, status):
    idea = make_idea(session)
    idea.status = status
    session.add(idea)
    session.commit()
    client.login(make_user(session))

    for path, form in (("vote", {}), ("stance", {"stance": "pass"})):
        answer = client.submit(f"/ideas/{idea.id}/{path}", form)
        assert answer.status_code == 403, path
        assert status.label.lower() in soup(answer).get_text()
    assert _answers(session, idea.id) == (0, 0, 0, 0)


def test_an_idea_of_an_open_round_takes_votes(client, session):
    theme = make_theme(session)
    make_round(session, themes=[theme])
    idea = make_idea(session, theme=theme)
    client.login(make_user(session))

    assert client.submit(f"/ideas/{idea.id}/vote").status_code == 303
    assert _answers(session, idea.id)[0] == 1


def test_the_idea_page_of_a_closed_round_says_why_it_takes_no_votes(client, session):
    theme = make_theme(session)
    round_ = make_round(session, themes=[theme])
    idea = make_idea(session, theme=theme)
    _close(session, round_)
    client.login(make_user(session))

    page = soup(client.get(f"/ideas/{idea.id}"))

    assert page.select_one(f"#idea-vote-{idea.id} form") is None
    assert "Voting closed" in page.select_one(f"#idea-vote-{idea.id}").get_text()
    assert round_.title in page.select_one(".notice--closed").get_text()
    assert not page.select(".stance__choices")


def test_comments_close_with_the_round_when_it_says_so(client, session):
    theme = make_theme(session)
    round_ = make_round(session, themes=[theme], comments_after_close=False)
    idea = make_idea(session, theme=theme)
    _close(session, round_)
    client.login(make_user(session))

    answer = client.submit(f"/ideas/{idea.id}/comments", {"body": "Too late, but here goes."})

    assert answer.status_code == 403
    session.expire_all()
    assert session.get(Idea, idea.id).comment_count == 0


def test_the_service_refuses_too(session):
    theme = make_theme(session)
    round_ = make_round(session, themes=[theme])
    idea = make_idea(session, theme=theme)
    _close(session, round_)

    with pytest.raises(votes.Forbidden):
        votes.cast_vote(session=session, user=make_user(session), idea_id=idea.id)
