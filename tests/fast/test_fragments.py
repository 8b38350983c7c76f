"""Idea cards and members' vote buttons, rendered once for the values they show
(app/fast/fragments.py): a page rendered again after a write renders only what changed,
and a remembered piece never shows another page's link or an old "posted ... ago"."""

from datetime import timedelta

from app.models import utcnow
from app.web import templating
from tests.conftest import Client
from tests.factories import make_comment, make_idea, make_theme, make_user
from tests.pages import soup


def _card(response, idea_id):
    return soup(response).select_one(f"#idea-{idea_id}")


def test_a_page_rendered_again_after_a_write_renders_only_the_changed_card(app, client, session):
    theme = make_theme(session)
    ideas = [make_idea(session, theme=theme) for _ in range(3)]
    fragments = app.state.fast_lane.fragments
    client.get("/ideas")
    rendered = fragments.renders

    make_comment(session, idea=ideas[0])  # a write: the stored page may not be served
    page = client.get("/ideas")

    assert page.headers.get("x-cache") is None, "rendered again"
    assert fragments.renders == rendered + 1, "only the commented idea's card"
    assert "1 comment" in _card(page, ideas[0].id).select_one(".meta").get_text()
    assert "0 comments" in _card(page, ideas[1].id).select_one(".meta").get_text()


def test_a_remembered_card_says_how_long_ago_as_time_passes(client, session, monkeypatch):
    theme = make_theme(session)
    idea = make_idea(session, theme=theme)
    assert _card(client.get("/ideas"), idea.id).time.get_text() == "just now"

    later = utcnow() + timedelta(minutes=3)
    monkeypatch.setattr(templating, "utcnow", lambda: later)
    make_idea(session, theme=theme)  # a write, so the page is rendered again

    assert _card(client.get("/ideas"), idea.id).time.get_text() == "3 minutes ago"


def test_a_visitors_card_signs_in_back_to_the_page_it_is_on(client, session):
    idea = make_idea(session)
    client.get("/ideas")

    newest = _card(client.get("/ideas", params={"sort": "new"}), idea.id)

    assert newest.select_one(".vote__button--link")["href"] == "/login?next=%2Fideas%3Fsort%3Dnew"


def test_a_members_vote_button_comes_back_to_the_page_it_is_on(app, session):
    idea = make_idea(session)
    member = Client(app).login(make_user(session))
    member.get("/ideas")

    newest = _card(member.get("/ideas", params={"sort": "new"}), idea.id)

    assert newest.select_one("input[name=next]")["value"] == "/ideas?sort=new"
