"""Who may use /mod: the routes come from the app's own route table, so a /mod route
added later is checked here without editing this file."""

import re
from urllib.parse import quote

import pytest
from sqlmodel import select

from app.models import Role, Theme
from app.services.accounts import segments
from tests.conftest import Client
from tests.dbstate import snapshot
from tests.factories import (
    make_admin,
    make_comment,
    make_flag,
    make_idea,
    make_moderator,
    make_round,
    make_theme,
    make_user,
)
from tests.pages import soup
from tests.routes import app_routes

# Every field any /mod form takes, filled with something that would change a thing.
FORM = {
    "status": "planned",
    "response": "We will do it.",
    "into": "1",
    "theme": "other-theme",
    "name": "A new theme",
    "slug": "a-new-theme",
    "description": "Changed",
    "direction": "up",
    "idea_ids": "1",
    "role": "admin",
    "next": "/",
}


# Admins' pages under /mod: a moderator gets a 403 there (test_only_admins_...).
ADMIN_ONLY = ("/mod/webhooks", "/mod/segments", "/mod/settings", "/mod/pages")


def mod_routes(app) -> list[tuple[str, str]]:
    return sorted(
        (method, route.path)
        for route in app_routes(app)
        if route.path == "/mod" or route.path.startswith("/mod/")
        for method in route.methods
        if method != "HEAD"
    )


@pytest.fixture
def world(session):
    """Something for every /mod path parameter to name: an idea, a comment, a theme, a
    member, with open reports."""
    member = make_user(session)
    other = make_user(session)
    theme = make_theme(session)
    make_theme(session, slug="other-theme")
    idea = make_idea(session, author=member, theme=theme)
    comment = make_comment(session, idea=idea, author=member)
    make_flag(session, idea=idea, reporter=other)
    make_flag(session, comment=comment, reporter=other)
    inquiry_round = make_round(session, themes=[theme])
    return {
        "member": member,
        "round_id": inquiry_round.id,
        "slug": "privacy",
        "idea_id": idea.id,
        "comment_id": comment.id,
        "theme_id": theme.id,
        "user_id": other.id,
    }


def test_a_moderator_is_refused_the_admins_pages(app, session, world):
    client = Client(app).login(make_moderator(session))

    for method, path in mod_routes(app):
        if path.startswith(ADMIN_ONLY):
            response = _request(client, method, _fill(path, world))
            assert response.status_code == 403, (method, path)
            assert "Only admins" in soup(response).get_text(), path


def _fill(path: str, world: dict) -> str:
    # A parameter this file does not know yet still gets a value, so a new route is
    # checked as it is rather than breaking the test.
    return re.sub(r"\{(\w+)\}", lambda m: str(world.get(m.group(1), 1)), path)


def _request(client: Client, method: str, url: str):
    return client.get(url) if method == "GET" else client.submit(url, FORM)


def test_the_route_table_lists_the_moderation_routes(app):
    routes = mod_routes(app)

    assert ("GET", "/mod") in routes
    assert ("POST", "/mod/ideas/{idea_id}/merge") in routes
    assert len(routes) >= 25


def test_every_mod_route_sends_an_anonymous_visitor_to_sign_in_and_changes_nothing(
    app, engine, world
):
    client = Client(app)
    before = snapshot(engine)

    for method, path in mod_routes(app):
        url = _fill(path, world)
        response = _request(client, method, url)
        assert response.status_code == 303, (method, url)
        location = response.headers["location"]
        assert location.startswith("/login"), (method, url)
        if method == "GET":
            assert location == f"/login?next={quote(url, safe='')}", url

    assert snapshot(engine) == before


def test_every_mod_route_refuses_a_member_and_changes_nothing(app, engine, world):
    client = Client(app).login(world["member"])
    before = snapshot(engine)

    for method, path in mod_routes(app):
        url = _fill(path, world)
        response = _request(client, method, url)
        assert response.status_code == 403, (method, url)
        assert "Only the inquiry's moderators" in soup(response).get_text(), url

    assert snapshot(engine) == before


def _assert_inert_page(response) -> None:
    """A page with a heading, no inline script or style, and nothing a member typed
    turned into markup."""
    page = soup(response)
    assert page.h1 and page.h1.get_text(strip=True)
    for script in page.find_all("script"):
        assert script.get("src", "").startswith("/static/"), script
    assert not page.find("style") and not page.find(attrs={"style": True})
    for tag in page.find_all(True):
        assert not any(name.lower().startswith("on") for name in tag.attrs), tag


def test_every_mod_page_opens_for_a_moderator_and_shows_typed_content_inert(app, session, world):
    payload = "<script>alert(1)</script><img src=x onerror=alert(1)>"
    hostile = make_user(session, display_name=payload[:60], organisation=payload)
    idea = make_idea(session, author=hostile, title=f"Idea {payload}"[:120], body=payload)
    make_flag(session, idea=idea, reporter=make_user(session, display_name="=cmd|x"), note=payload)
    client = Client(app).login(make_moderator(session))
    client.submit("/mod/themes", {"name": payload[:80], "slug": "hostile", "description": payload})

    for method, path in mod_routes(app):
        if method == "GET" and not path.endswith(".csv") and not path.startswith(ADMIN_ONLY):
            response = client.get(_fill(path, world))
            assert response.status_code == 200, path
            _assert_inert_page(response)
    theme_id = session.exec(select(Theme.id).where(Theme.slug == "hostile")).one()
    for url in (f"/ideas/{idea.id}", "/mod/users?q=script", f"/mod/themes/{theme_id}"):
        response = client.get(url)
        assert payload[:20] in soup(response).get_text(), url
        _assert_inert_page(response)


def test_only_admins_change_roles(app, engine, session, world):
    moderator = make_moderator(session)
    client = Client(app).login(moderator)
    before = snapshot(engine)

    response = client.submit(f"/mod/users/{world['user_id']}/role", {"role": "moderator"})

    assert response.status_code == 403
    assert snapshot(engine) == before
    admin_client = Client(app).login(make_admin(session))
    done = admin_client.submit(f"/mod/users/{world['user_id']}/role", {"role": "moderator"})
    assert done.status_code == 303


def test_the_moderation_link_shows_for_moderators_only(app, session, world):
    member_page = Client(app).login(world["member"]).get("/")
    moderator_page = Client(app).login(make_user(session, role=Role.moderator)).get("/")

    assert 'href="/mod"' not in member_page.text
    assert 'href="/mod"' in moderator_page.text


def test_only_admins_open_the_admins_pages(app, session, world):
    from app.models import Webhook

    session.add(Webhook(url="https://hooks.example.org/in", secret="whsec_c2VjcmV0", events="ping"))
    session.commit()
    world["webhook_id"] = session.exec(select(Webhook.id)).one()
    admin_user = make_admin(session)
    payload = "<script>alert(1)</script>"
    draft = segments.SegmentDraft(question=f"Role {payload}", options=f"{payload}\nOther")
    world["segment_id"] = segments.create_segment(session=session, actor=admin_user, draft=draft).id
    moderator = Client(app).login(make_moderator(session))
    admin = Client(app).login(admin_user)

    admin_pages = [p for m, p in mod_routes(app) if m == "GET" and p.startswith(ADMIN_ONLY)]
    assert admin_pages
    for path in admin_pages:
        assert moderator.get(_fill(path, world)).status_code == 403, path
        response = admin.get(_fill(path, world))
        assert response.status_code == 200, path
        _assert_inert_page(response)
