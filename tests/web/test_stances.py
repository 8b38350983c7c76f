"""Saying where you stand: POST /ideas/{id}/stance, the same contract as a vote (a plain
POST and a 303, or with htmx the control replacing itself), made by the app or by the
fast lane with the same answer; and "Have your say", ideas one at a time."""

import pytest
from sqlalchemy import func
from sqlmodel import select

from app.models import Idea, Stance, Vote
from app.services.ideas import votes
from tests.factories import make_idea, make_user
from tests.fast.test_member_pages import Statements
from tests.fast.test_votes import PAST_THE_FAST_LANE
from tests.pages import is_full_page, soup


def _answers(session, idea_id: int) -> tuple[int, int, int]:
    """(votes, disagree stances, pass stances) counted from the rows."""
    session.commit()

    def count(model, **where):
        query = select(func.count()).select_from(model).where(model.idea_id == idea_id)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return session.exec(query).one()

    return count(Vote), count(Stance, answer="disagree"), count(Stance, answer="pass")


def _stored(session, idea_id: int) -> tuple[int, int, int]:
    session.expire_all()
    idea = session.get(Idea, idea_id)
    return idea.vote_count, idea.disagree_count, idea.pass_count


def test_a_plain_stance_redirects_back_and_is_counted(client, session):
    idea = make_idea(session)
    client.login(make_user(session))

    answer = client.submit(f"/ideas/{idea.id}/stance", {"stance": "disagree", "next": "/ideas"})

    assert answer.status_code == 303 and answer.headers["location"] == f"/ideas#idea-{idea.id}"
    assert _answers(session, idea.id) == (0, 1, 0) == _stored(session, idea.id)


@pytest.mark.parametrize("stance", ["support", "disagree", "pass", "clear"])
def test_a_stance_twice_is_one_answer(client, session, stance):
    idea = make_idea(session)
    client.login(make_user(session))

    for _ in range(2):
        client.submit(f"/ideas/{idea.id}/stance", {"stance": stance})

    expected = {"support": (1, 0, 0), "disagree": (0, 1, 0), "pass": (0, 0, 1), "clear": (0, 0, 0)}
    assert _answers(session, idea.id) == expected[stance] == _stored(session, idea.id)


def test_changing_your_mind_replaces_the_answer(client, session):
    idea = make_idea(session)
    client.login(make_user(session))
    url = f"/ideas/{idea.id}/stance"

    client.submit(url, {"stance": "support"})
    client.submit(url, {"stance": "disagree"})
    assert _answers(session, idea.id) == (0, 1, 0) == _stored(session, idea.id)
    client.submit(f"/ideas/{idea.id}/vote")
    assert _answers(session, idea.id) == (1, 0, 0) == _stored(session, idea.id)
    client.submit(url, {"stance": "clear"})
    assert _answers(session, idea.id) == (0, 0, 0) == _stored(session, idea.id)


def test_the_idea_page_shows_the_stance_and_how_many_disagree(client, session):
    idea = make_idea(session)
    for _ in range(2):
        client.login(make_user(session)).submit(f"/ideas/{idea.id}/stance", {"stance": "disagree"})

    page = soup(client.get(f"/ideas/{idea.id}"))

    counts = page.select_one(f"#stance-{idea.id} .stance__counts").get_text(" ", strip=True)
    assert "2 disagree" in counts
    chosen = page.select_one(f"#stance-disagree-{idea.id}")
    assert chosen["aria-pressed"] == "true"
    assert chosen.find_parent("form").select_one("[name=stance]")["value"] == "clear"


def test_an_htmx_stance_swaps_the_control_and_the_vote_button(client, session):
    idea = make_idea(session)
    client.login(make_user(session))
    client.submit(f"/ideas/{idea.id}/vote")

    form = {"stance": "pass", "next": f"/ideas/{idea.id}"}
    response = client.submit(f"/ideas/{idea.id}/stance", form, htmx=True)
    answer = soup(response)

    assert not is_full_page(response)
    assert answer.select_one(f"#stance-pass-{idea.id}")["aria-pressed"] == "true"
    vote = answer.select_one(f"#idea-vote-{idea.id}")
    assert vote["data-hx-swap-oob"] == "true"
    assert "vote--voted" not in vote.select_one(".vote")["class"]
    assert "You passed" in answer.select_one("#announcer").get_text()
    assert _answers(session, idea.id) == (0, 0, 1)


def test_the_fast_lane_answers_a_stance_as_the_app_does(client, session, engine):
    idea = make_idea(session)
    client.login(make_user(session))
    url = f"/ideas/{idea.id}/stance"

    for htmx in (False, True):
        for stance in ("disagree", "support", "pass"):
            for back in ("/ideas", f"/ideas/{idea.id}", "/ideas/deck"):
                form = {"stance": stance, "next": back}
                with Statements(engine) as fast_statements:
                    fast = client.submit(url, form, htmx=htmx)
                with Statements(engine) as slow_statements:
                    slow = client.submit(url, {**form, **PAST_THE_FAST_LANE}, htmx=htmx)
                assert fast_statements.seen == [] and slow_statements.seen != []
                assert fast.status_code == slow.status_code
                assert dict(fast.headers) == dict(slow.headers)
                assert fast.text == slow.text
    assert _answers(session, idea.id) == (0, 0, 1) == _stored(session, idea.id)


def test_a_bad_stance_is_refused_and_changes_nothing(client, session):
    idea = make_idea(session)
    client.login(make_user(session))

    answer = client.submit(f"/ideas/{idea.id}/stance", {"stance": "maybe"})

    assert answer.status_code == 422
    assert _answers(session, idea.id) == (0, 0, 0)


def test_stances_need_a_confirmed_member(client, session):
    idea = make_idea(session)

    anonymous = client.submit(f"/ideas/{idea.id}/stance", {"stance": "disagree"})
    client.login(make_user(session, verified=False))
    unconfirmed = client.submit(f"/ideas/{idea.id}/stance", {"stance": "disagree"})

    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    assert unconfirmed.status_code == 403
    assert _answers(session, idea.id) == (0, 0, 0)


def test_a_stance_without_the_csrf_token_is_refused(client, session):
    idea = make_idea(session)
    client.login(make_user(session))

    answer = client.post(f"/ideas/{idea.id}/stance", data={"stance": "disagree"})

    assert answer.status_code == 403
    assert _answers(session, idea.id) == (0, 0, 0)


# --- have your say --------------------------------------------------------------------


def test_the_deck_shows_unanswered_ideas_fewest_answers_first(client, session):
    busy, quiet, answered = make_idea(session), make_idea(session), make_idea(session)
    for _ in range(3):
        votes.cast_vote(session=session, user=make_user(session), idea_id=busy.id)
    votes.cast_vote(session=session, user=make_user(session), idea_id=quiet.id)
    member = make_user(session)
    votes.answer_idea(session=session, user=member, idea_id=answered.id, change=votes.Change.pass_)
    client.login(member)

    first = soup(client.get("/ideas/deck")).select_one("#deck-title").get_text(strip=True)
    client.submit(f"/ideas/{quiet.id}/stance", {"stance": "support", "next": "/ideas/deck"})
    second = soup(client.get("/ideas/deck")).select_one("#deck-title").get_text(strip=True)
    client.submit(f"/ideas/{busy.id}/stance", {"stance": "disagree", "next": "/ideas/deck"})
    done = soup(client.get("/ideas/deck")).select_one(".deck__done")

    assert (first, second) == (quiet.title, busy.title)
    assert done is not None


def test_answering_a_card_without_javascript_comes_back_to_the_deck(client, session):
    idea = make_idea(session)
    client.login(make_user(session))
    form = soup(client.get("/ideas/deck")).select_one("[data-deck-key=d]").find_parent("form")
    fields = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}

    answer = client.submit(form["action"], fields)

    assert answer.status_code == 303 and answer.headers["location"] == "/ideas/deck"
    assert _answers(session, idea.id) == (0, 1, 0)


def test_the_deck_is_for_signed_in_members(client):
    answer = client.get("/ideas/deck")

    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
