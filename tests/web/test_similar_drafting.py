"""Voting for a similar idea instead of posting keeps the draft."""

from urllib.parse import parse_qs, urlsplit

from tests.factories import make_idea, make_theme, make_user
from tests.pages import field_value, soup


def test_vote_for_this_instead_comes_back_to_the_kept_draft(client, session):
    theme = make_theme(session)
    original = make_idea(session, theme=theme, title="Peer mentoring for new chief executives")
    client.login(make_user(session))
    draft = {"title": "Mentoring new chief executives", "body": "A year of it.",
             "theme": theme.slug}  # fmt: skip

    aside = soup(client.get("/ideas/similar", params=draft, headers={"HX-Request": "true"}))
    vote = aside.find("form", action=f"/ideas/{original.id}/vote")
    back = vote.find("input", attrs={"name": "next"})["value"]
    answer = client.submit(vote["action"], {"next": back})

    assert answer.status_code == 303 and answer.headers["location"] == back
    assert urlsplit(back).path == "/ideas/new"
    assert parse_qs(urlsplit(back).query)["title"] == [draft["title"]]
    page = soup(client.get(back))
    assert field_value(page, "title") == draft["title"]
    assert page.find("textarea", attrs={"name": "body"}).get_text().strip() == draft["body"]
    assert "not posted" in page.find(class_="notice").get_text()
