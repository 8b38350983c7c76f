"""Idea cards and members' vote buttons, rendered once for the values they show
(app/fast/fragments.py): a page rendered again after a write renders only what changed,
and a remembered piece never shows another page's link or an old "posted ... ago"."""

from datetime import timedelta

from sqlalchemy import event

from app.db import write_transaction
from app.models import Theme, utcnow
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


def test_a_comment_leaves_the_remembered_site_and_themes_and_a_theme_change_shows_at_once(
    app, client, session, engine
):
    theme = make_theme(session, name="Leadership")
    idea = make_idea(session, theme=theme)
    client.get("/ideas")
    read = []
    listen = ("before_cursor_execute", lambda *args: read.append(args[2]))
    event.listen(engine, *listen)
    try:
        make_comment(session, idea=idea)
        client.get("/ideas")
        assert read and not [s for s in read if "FROM theme" in s or "FROM site_settings" in s]

        with write_transaction(session):
            session.get(Theme, theme.id).name = "Leading on little"
        page = client.get("/ideas")
    finally:
        event.remove(engine, *listen)
    assert "Leading on little" in soup(page).select_one("select[name=theme]").get_text()


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


def test_a_visitors_idea_page_rendered_again_after_a_comment_renders_only_that_comment(
    app, client, session
):
    idea = make_idea(session)
    first = make_comment(session, idea=idea, body="Mentoring worked for us.")
    make_comment(session, idea=idea, body="So did peer groups.", parent=first, stance="")
    make_comment(session, idea=idea, body="We could not afford it.", stance="against")
    fragments = app.state.fast_lane.fragments
    client.get(f"/ideas/{idea.id}")
    rendered = fragments.renders

    added = make_comment(session, idea=idea, body="A new case for it.")
    page = client.get(f"/ideas/{idea.id}")

    assert page.headers.get("x-cache") is None, "rendered again"
    assert fragments.renders == rendered + 1, "only the new comment"
    shown = [c.get_text(" ", strip=True) for c in soup(page).select(".comment .prose")]
    assert shown == [
        "Mentoring worked for us.", "So did peer groups.", "We could not afford it.",
        "A new case for it.",
    ]  # fmt: skip
    assert soup(page).select_one(f"#comment-{added.id}") is not None


def test_a_remembered_comment_says_how_long_ago_as_time_passes(client, session, monkeypatch):
    idea = make_idea(session)
    comment = make_comment(session, idea=idea)
    page = client.get(f"/ideas/{idea.id}")
    assert soup(page).select_one(f"#comment-{comment.id} time").get_text() == "just now"

    later = utcnow() + timedelta(minutes=5)
    monkeypatch.setattr(templating, "utcnow", lambda: later)
    make_comment(session, idea=idea)  # a write, so the page is rendered again

    page = client.get(f"/ideas/{idea.id}")
    assert soup(page).select_one(f"#comment-{comment.id} time").get_text() == "5 minutes ago"


def test_a_reply_shows_under_its_remembered_comment(client, session):
    idea = make_idea(session)
    first = make_comment(session, idea=idea)
    client.get(f"/ideas/{idea.id}")

    make_comment(session, idea=idea, body="Seconded.", parent=first, stance="")
    page = client.get(f"/ideas/{idea.id}")

    replies = soup(page).select(f"#comment-{first.id} .comment--reply .prose")
    assert [reply.get_text(strip=True) for reply in replies] == ["Seconded."]
