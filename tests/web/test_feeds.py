"""Atom feeds: valid Atom 1.0, everything escaped, hidden ideas left out."""

import pytest
from lxml import etree

from app.models import utcnow
from app.services.ideas import comments
from tests.factories import make_comment, make_idea, make_theme, make_user
from tests.pages import soup

ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(response) -> etree._Element:
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    root = etree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    assert root.find(f"{ATOM}link[@rel='self']").get("href").startswith("http://testserver/")
    for entry in root.iter(f"{ATOM}entry"):
        for required in ("id", "title", "updated", "published", "author", "content"):
            assert entry.find(f"{ATOM}{required}") is not None, required
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
    return root


def _titles(root) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def test_the_ideas_feed_lists_the_newest_ideas(client, session):
    older = make_idea(session, title="The older idea of the two")
    newer = make_idea(session, title="The newer idea of the two")

    root = _feed(client.get("/feeds/ideas.atom"))

    assert _titles(root) == [newer.title, older.title]
    entry = next(root.iter(f"{ATOM}entry"))
    assert entry.findtext(f"{ATOM}id") == f"http://testserver/ideas/{newer.id}"
    assert entry.find(f"{ATOM}content").get("type") == "html"


def test_a_theme_feed_has_only_its_ideas_and_an_unknown_theme_has_none(client, session):
    theme, other = make_theme(session), make_theme(session)
    mine = make_idea(session, theme=theme, title="An idea in this very theme")
    make_idea(session, theme=other, title="An idea somewhere else")

    assert _titles(_feed(client.get(f"/feeds/themes/{theme.slug}.atom"))) == [mine.title]
    assert client.get("/feeds/themes/no-such-theme.atom").status_code == 404


def test_an_idea_feed_carries_its_debate(client, session):
    idea = make_idea(session, title="A shared bank of trustees")
    kept = make_comment(session, idea=idea, author=make_user(session, display_name="Kemi A"))
    regretful = make_user(session)
    gone = make_comment(session, idea=idea, author=regretful)
    comments.delete_comment(session=session, user=regretful, comment_id=gone.id)

    root = _feed(client.get(f"/ideas/{idea.id}/feed.atom"))

    ids = [entry.findtext(f"{ATOM}id") for entry in root.iter(f"{ATOM}entry")]
    assert ids == [f"http://testserver/ideas/{idea.id}#comment-{kept.id}",
                   f"http://testserver/ideas/{idea.id}"]  # fmt: skip
    assert _titles(root)[0] == "Kemi A (For)"


def test_hidden_ideas_are_left_out_of_every_feed(client, session):
    theme = make_theme(session)
    idea = make_idea(session, theme=theme, title="An idea a moderator hid")
    idea.hidden_at = utcnow()
    session.add(idea)
    session.commit()

    assert _titles(_feed(client.get("/feeds/ideas.atom"))) == []
    assert _titles(_feed(client.get(f"/feeds/themes/{theme.slug}.atom"))) == []
    assert client.get(f"/ideas/{idea.id}/feed.atom").status_code == 404


@pytest.mark.parametrize(
    "payload", ['<script>alert(1)</script> & ]]> "quoted"', "control\x01char\x0bs"]
)
def test_everything_a_member_types_is_escaped(client, session, payload):
    member = make_user(session, display_name=payload[:60])
    idea = make_idea(session, author=member, title=f"Idea {payload}"[:120], body=payload)
    make_comment(session, idea=idea, author=member, body=payload)

    for path in ("/feeds/ideas.atom", f"/ideas/{idea.id}/feed.atom"):
        root = _feed(client.get(path))  # it parses: nothing broke out of its element
        assert root.find(f".//{ATOM}script") is None
        assert f"Idea {payload}"[:120].replace("\x01", "").replace("\x0b", "") in _titles(root)


def test_pages_point_to_their_feeds(client, session):
    theme = make_theme(session)
    idea = make_idea(session, theme=theme)

    def alternate(path: str) -> str:
        link = soup(client.get(path)).select_one("link[rel=alternate]")
        assert link["type"] == "application/atom+xml"
        return link["href"]

    assert alternate("/ideas") == "/feeds/ideas.atom"
    assert alternate(f"/themes/{theme.slug}") == f"/feeds/themes/{theme.slug}.atom"
    assert alternate(f"/ideas/{idea.id}") == f"/ideas/{idea.id}/feed.atom"
