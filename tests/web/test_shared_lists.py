"""Signed-in list pages: rendered once, personalised per member (app/web/fragments.py)."""

from sqlalchemy import text

from app.security import CSRF_COOKIE
from app.services import votes
from tests.conftest import Client
from tests.factories import make_idea, make_theme, make_user
from tests.pages import soup


def _button(page, idea_id):
    return page.select_one(f"#idea-{idea_id} .vote")


def test_each_member_sees_their_own_votes_and_token(app, session):
    theme = make_theme(session)
    first, second = make_idea(session, theme=theme), make_idea(session, theme=theme)
    amara, ben = make_user(session), make_user(session)
    votes.cast_vote(session=session, user=amara, idea_id=first.id)
    as_amara, as_ben = Client(app).login(amara), Client(app).login(ben)
    as_amara.cookies.set(CSRF_COOKIE, "amara-token")
    as_ben.cookies.set(CSRF_COOKIE, "ben-token")

    amara_page, ben_page = soup(as_amara.get("/ideas")), soup(as_ben.get("/ideas"))

    assert "vote--voted" in _button(amara_page, first.id)["class"]
    assert "vote--voted" not in _button(amara_page, second.id)["class"]
    assert "vote--voted" not in _button(ben_page, first.id)["class"]
    assert {i["value"] for i in amara_page.select(".vote input[name=csrf_token]")} == {
        "amara-token"
    }
    assert {i["value"] for i in ben_page.select(".vote input[name=csrf_token]")} == {"ben-token"}


def test_a_members_vote_shows_at_once_on_their_next_page(client, session):
    idea = make_idea(session)
    member = make_user(session)
    client.login(member)
    assert "vote--voted" not in _button(soup(client.get("/ideas")), idea.id)["class"]

    client.submit(f"/ideas/{idea.id}/vote")

    page = soup(client.get("/ideas"))
    assert "vote--voted" in _button(page, idea.id)["class"]
    assert page.select_one(f"#idea-{idea.id} .vote__count strong").get_text() == "1"


def test_the_shared_cards_are_reused_until_a_write(client, session, engine):
    idea = make_idea(session, title="Shared payroll service")
    client.login(make_user(session))
    client.get("/ideas")
    with engine.begin() as connection:  # behind the app's back: nothing invalidates
        connection.execute(text("UPDATE idea SET title = 'Quietly renamed' WHERE id = :i"),
                           {"i": idea.id})  # fmt: skip

    assert "Shared payroll service" in client.get("/ideas").text
    make_user(session)  # any write through the app moves the generation on
    assert "Quietly renamed" in client.get("/ideas").text
