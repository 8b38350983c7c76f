"""Every API operation keeps the rules of its page, because it calls the same service:
one test per family of rules (own idea only, verified only, moderators only, hidden ideas
invisible, closed ideas take no votes), and the tokens' own rules (scopes, revocation,
no cookies, rate limits per token)."""

import pytest
from sqlmodel import select

from app.models import ApiScope, ApiToken, AuditEvent, Idea
from app.security import SESSION_COOKIE
from app.services.accounts import api_tokens, sessions
from app.services.errors import ValidationFailed
from app.services.ideas import merging
from app.services.moderation import hiding, members
from tests.api.conftest import token_for
from tests.conftest import Client
from tests.factories import make_idea, make_user

API = "/api/v1"


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"] and body["type"]
    return body


def test_only_its_author_edits_an_idea(client, api_world):
    url = f"{API}/ideas/{api_world.others_idea.id}"

    refused = client.patch(
        url, json={"title": "Taken over by someone"}, headers=api_world.auth("write")
    )
    own = client.patch(
        f"{API}/ideas/{api_world.idea.id}",
        json={"title": "Shared payroll, 2027"},
        headers=api_world.auth("write"),
    )

    assert "Only the author" in problem(refused, 403)["detail"]
    assert own.status_code == 200 and own.json()["title"] == "Shared payroll, 2027"
    assert own.json()["edited_at"] is not None


def test_only_verified_members_propose_and_vote(client, session, api_world):
    unverified = make_user(session, verified=False)
    auth = {"Authorization": f"Bearer {token_for(session, unverified, ApiScope.write)}"}

    proposed = client.post(
        f"{API}/ideas",
        json={"title": "An idea of mine", "theme": "sharing-resources"},
        headers=auth,
    )
    voted = client.put(f"{API}/ideas/{api_world.idea.id}/vote", headers=auth)

    assert "Confirm your email" in problem(proposed, 403)["detail"]
    assert "Confirm your email" in problem(voted, 403)["detail"]
    assert session.exec(select(Idea).where(Idea.author_id == unverified.id)).all() == []


def test_only_moderators_with_a_moderate_token_moderate(client, session, api_world):
    url = f"{API}/mod/ideas/{api_world.idea.id}/status"
    answer = {"status": "planned", "response": "We will pilot it."}
    moderators_write = token_for(session, api_world.moderator, ApiScope.write)

    by_member = client.post(url, json=answer, headers=api_world.auth("write"))
    by_write_token = client.post(
        url, json=answer, headers={"Authorization": f"Bearer {moderators_write}"}
    )
    done = client.post(url, json=answer, headers=api_world.auth("moderate"))

    problem(by_member, 403)
    assert by_member.headers["www-authenticate"] == 'Bearer error="insufficient_scope"'
    problem(by_write_token, 403)
    assert done.status_code == 200 and done.json()["status"] == "planned"
    events = session.exec(select(AuditEvent.action, AuditEvent.actor_id)).all()
    assert events == [("idea.status", api_world.moderator.id)]
    with pytest.raises(ValidationFailed):
        api_tokens.create_token(session=session, user=api_world.author, name="x", scope="moderate")


def test_a_demoted_moderators_token_moderates_no_more(client, session, api_world):
    api_world.moderator.role = "member"
    session.add(api_world.moderator)
    session.commit()

    response = client.post(
        f"{API}/mod/ideas/{api_world.idea.id}/hide", headers=api_world.auth("moderate")
    )

    problem(response, 403)


def test_hidden_ideas_are_invisible_but_to_moderators(client, session, api_world):
    hidden = api_world.others_idea
    hiding.hide_idea(session=session, actor=api_world.moderator, idea_id=hidden.id)

    anonymous = client.get(f"{API}/ideas/{hidden.id}")
    member = client.get(f"{API}/ideas/{hidden.id}/comments", headers=api_world.auth("read"))
    listed = client.get(f"{API}/ideas").json()["items"]
    moderator = client.get(f"{API}/ideas/{hidden.id}", headers=api_world.auth("moderate"))

    problem(anonymous, 404)
    problem(member, 404)
    assert hidden.id not in {item["id"] for item in listed}
    assert moderator.status_code == 200 and moderator.json()["hidden"] is True


def test_closed_ideas_take_no_votes(client, session, api_world):
    merging.merge_idea(
        session=session,
        actor=api_world.moderator,
        idea_id=api_world.others_idea.id,
        into=api_world.idea.id,
    )

    vote = client.put(
        f"{API}/ideas/{api_world.others_idea.id}/vote", headers=api_world.auth("write")
    )
    comment = client.post(
        f"{API}/ideas/{api_world.others_idea.id}/comments",
        json={"body": "Still here"},
        headers=api_world.auth("write"),
    )

    assert "merged" in problem(vote, 403)["detail"]
    problem(comment, 403)


def test_voting_twice_keeps_one_vote(client, api_world):
    url = f"{API}/ideas/{api_world.others_idea.id}/vote"

    first = client.put(url, headers=api_world.auth("write")).json()
    second = client.put(url, headers=api_world.auth("write")).json()
    withdrawn = client.delete(url, headers=api_world.auth("write")).json()

    assert (first["vote_count"], second["vote_count"], withdrawn["vote_count"]) == (1, 1, 0)
    assert withdrawn["voted"] is False


def test_writing_needs_a_token_of_the_write_scope(client, api_world):
    url = f"{API}/ideas/{api_world.idea.id}/vote"

    none = client.put(url)
    read_only = client.put(url, headers=api_world.auth("read"))
    wrong_scheme = client.put(url, headers={"Authorization": "Basic dXNlcjpwYXNz"})
    forged = client.put(url, headers={"Authorization": "Bearer cg_not-a-token"})

    problem(none, 401)
    assert none.headers["www-authenticate"].startswith("Bearer")
    assert "write scope" in problem(read_only, 403)["detail"]
    problem(wrong_scheme, 401)
    problem(forged, 401)


def test_the_api_never_reads_the_session_cookie(app, session, api_world):
    """A signed-in browser's cookie is not a token: a page on another site that makes the
    browser call the API gets a 401, and needs no CSRF token to be refused."""
    browser = Client(app)
    cookie = sessions.start_session(session=session, user=api_world.author, days=1)
    browser.cookies.set(SESSION_COOKIE, cookie)

    voted = browser.put(
        f"{API}/ideas/{api_world.idea.id}/vote", headers={"Origin": "https://evil.example"}
    )
    me = browser.get(f"{API}/me")

    problem(voted, 401)
    problem(me, 401)
    assert "set-cookie" not in voted.headers


def test_a_revoked_or_suspended_members_token_stops_working(client, session, api_world):
    token = session.exec(select(ApiToken).where(ApiToken.name == "read")).one()
    assert client.get(f"{API}/me", headers=api_world.auth("read")).status_code == 200

    api_tokens.revoke_token(session=session, user=api_world.author, token_id=token.id)
    members.suspend(
        session=session,
        actor=api_world.moderator,
        user_id=api_world.author.id,
        reason="Posting spam",
    )

    problem(client.get(f"{API}/me", headers=api_world.auth("read")), 401)
    assert (
        "suspended"
        in problem(client.get(f"{API}/me", headers=api_world.auth("write")), 403)["detail"]
    )


def test_a_token_records_its_last_use(client, session, api_world):
    client.get(f"{API}/me", headers=api_world.auth("read"))

    session.expire_all()
    used = session.exec(select(ApiToken).where(ApiToken.name == "read")).one()
    unused = session.exec(
        select(ApiToken).where(ApiToken.name == "write", ApiToken.user_id == api_world.author.id)
    ).one()
    assert used.last_used_at is not None and unused.last_used_at is None


@pytest.fixture
def limited(app):
    app.state.rate_limiter.enabled = True
    settings = app.state.settings.model_copy(update={"rate_limit_api_write": "2 per minute"})
    app.state.settings = settings
    for route in app.routes:
        if getattr(route, "name", "") == "api":
            route.app.state.settings = settings
    return app


def test_writes_are_rate_limited_per_token(limited, api_world):
    client = Client(limited)
    url = f"{API}/ideas/{api_world.others_idea.id}/vote"

    answers = [client.put(url, headers=api_world.auth("write")).status_code for _ in range(3)]
    others = client.put(url, headers=api_world.auth("other_write"))

    assert answers == [200, 200, 429]
    assert others.status_code == 200
    too_many = client.put(url, headers=api_world.auth("write"))
    problem(too_many, 429)
    assert int(too_many.headers["retry-after"]) > 0


def test_the_list_pages_by_cursor_as_the_page_does(client, session, api_world):
    for number in range(5):
        make_idea(session, author=api_world.other, title=f"Another shared idea {number}")
    seen, cursor = [], ""
    while True:
        page = client.get(f"{API}/ideas", params={"sort": "new", "limit": 2, "cursor": cursor})
        seen += [item["id"] for item in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if not cursor:
            break

    assert len(seen) == len(set(seen)) == 7
    assert seen == sorted(seen, reverse=True)
    bad = client.get(f"{API}/ideas", params={"cursor": "not-a-cursor"})
    assert "cursor" in problem(bad, 422)["errors"]


def test_an_invalid_request_names_each_field(client, api_world):
    response = client.post(
        f"{API}/ideas", json={"title": "Hm", "theme": "nope"}, headers=api_world.auth("write")
    )

    assert set(problem(response, 422)["errors"]) == {"title", "theme"}
