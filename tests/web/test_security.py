import re

import pytest
from fastapi.testclient import TestClient

from app.models import Idea, Theme
from app.security import CSRF_COOKIE
from app.services.accounts import registration
from tests.conftest import TEST_CSRF, Client
from tests.dbstate import snapshot
from tests.factories import make_comment, make_idea, make_theme, make_user
from tests.pages import soup
from tests.routes import post_paths

PAYLOADS = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "[link](javascript:alert(1))",
    "<a href='javascript:alert(1)' onclick='alert(1)'>x</a>",
    "{{ 7*7 }}",
]


@pytest.fixture
def world(session):
    """A member with an idea and a comment, so every POST route has something to act on."""
    member = make_user(session)
    idea = make_idea(session, author=member)
    comment = make_comment(session, idea=idea, author=member)
    token = registration.verification_token(secret_key="unused", user=member)
    slug = session.get(Theme, idea.theme_id).slug
    return {
        "idea_id": idea.id,
        "comment_id": comment.id,
        "theme_id": idea.theme_id,
        "user_id": member.id,
        "token": token,
        "member": member,
        "slug": slug,
    }


def _fill(path: str, world: dict) -> str:
    # An id the world does not name is 1: the CSRF check refuses before anything is looked up.
    return re.sub(r"\{(\w+)\}", lambda m: str(world.get(m.group(1), 1)), path)


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_post_without_a_csrf_token_is_refused_and_changes_nothing(
    app, engine, world, signed_in
):
    client = Client(app)
    if signed_in:
        client.login(world["member"])
    routes = post_paths(app)
    assert len(routes) >= 10
    before = snapshot(engine)

    for path in routes:
        url = _fill(path, world)
        form = {
            "title": "Changed",
            "body": "Changed",
            "email": "a@example.org",
            "password": "x" * 12,
        }
        missing = client.post(url, data=form)
        wrong = client.post(url, data={**form, "csrf_token": "not-the-token"})
        assert missing.status_code == 403, url
        assert wrong.status_code == 403, url
        assert "expired or came from another site" in missing.text

    assert snapshot(engine) == before


def test_a_cross_site_origin_is_refused_even_with_the_token(client, session, world):
    client.login(world["member"])
    vote_url = f"/ideas/{world['idea_id']}/vote"

    cross_origin = client.submit(vote_url, headers={"Origin": "https://evil.example"})
    cross_site = client.submit(vote_url, headers={"Sec-Fetch-Site": "cross-site"})

    assert cross_origin.status_code == cross_site.status_code == 403
    idea = session.get(Idea, world["idea_id"])
    assert idea.vote_count == 0
    same_site = client.submit(vote_url, headers={"Origin": "http://testserver"})
    assert same_site.status_code == 303
    session.refresh(idea)
    assert idea.vote_count == 1


def test_htmx_requests_may_send_the_token_as_a_header(client, session, world):
    client.login(world["member"])

    response = client.post(
        f"/ideas/{world['idea_id']}/vote",
        headers={"HX-Request": "true", "X-CSRF-Token": TEST_CSRF},
    )

    assert response.status_code == 200


def test_forms_carry_the_token_and_the_cookie_is_set_when_a_form_is_shown(app, session, world):
    fresh = TestClient(app)
    response = fresh.get("/login")

    cookie = response.cookies.get(CSRF_COOKIE)
    assert cookie
    assert soup(response).find("input", attrs={"name": "csrf_token"})["value"] == cookie
    assert "httponly" in response.headers["set-cookie"].lower()


def test_pages_without_forms_set_no_cookie(app, session, world):
    response = TestClient(app).get("/ideas")
    assert "set-cookie" not in response.headers


@pytest.mark.parametrize("path", ["/", "/ideas", "/nope", "/static/app.css", "/healthz"])
def test_security_headers_on_every_response(client, engine, path):
    response = client.get(path)

    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"]


def test_pages_need_no_inline_script_or_style(client, session, world):
    client.login(world["member"])
    for path in ("/", "/ideas", f"/ideas/{world['idea_id']}", "/ideas/new", "/themes"):
        page = soup(client.get(path))
        assert all(script.get("src") for script in page.find_all("script")), path
        assert not page.find("style"), path
        assert not page.find(attrs={"style": True}), path


def _assert_inert(response):
    page = soup(response)
    for script in page.find_all("script"):
        assert script.get("src", "").startswith("/static/"), script
    for tag in page.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), tag
            if name in ("href", "src", "action"):
                assert not str(value).strip().lower().startswith("javascript:"), tag
    assert "49" not in page.get_text() or "7*7" in page.get_text()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_everything_a_member_types_is_shown_inert(client, session, payload):
    # Named without the factory's running number, which could itself contain "49".
    theme = make_theme(session, name="Inert theme")
    member = make_user(session, display_name=payload[:60], organisation=payload)
    idea = make_idea(
        session, author=member, theme=theme, title=f"Idea {payload}"[:120], body=payload
    )
    make_comment(session, idea=idea, author=member, body=payload, stance="for")
    reply_parent = make_comment(session, idea=idea, author=member, body=f"parent {payload}")
    make_comment(session, idea=idea, author=member, body=f"reply {payload}", parent=reply_parent)
    client.login(member)

    for path in (
        "/",
        "/ideas",
        f"/ideas/{idea.id}",
        f"/themes/{theme.slug}",
        f"/ideas/{idea.id}/edit",
    ):
        response = client.get(path)
        assert response.status_code == 200
        _assert_inert(response)
    # Re-shown forms echo input back inert too.
    _assert_inert(client.submit("/ideas", {"title": payload, "body": payload, "theme": "none"}))
    _assert_inert(
        Client(client.app).submit(
            "/signup",
            {"email": payload, "display_name": payload, "organisation": payload, "password": "x"},
        )
    )
    _assert_inert(Client(client.app).get("/login", params={"next": payload}))


def test_a_server_error_is_a_friendly_page_without_a_traceback(app, engine):
    def explode():
        raise RuntimeError("secret internals")

    app.add_api_route("/explode", explode)
    response = TestClient(app, raise_server_exceptions=False).get("/explode")

    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "secret internals" not in response.text and "Traceback" not in response.text


def test_malformed_form_values_are_a_clear_answer_not_a_crash(client, session, world):
    client.login(world["member"])

    response = client.submit(
        f"/ideas/{world['idea_id']}/comments", {"body": "Hi", "parent_id": "not-a-number"}
    )

    assert response.status_code == 422
    assert soup(response).h1.get_text(strip=True)
