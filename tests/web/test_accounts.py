from datetime import timedelta

import pytest
from sqlmodel import select

from app.models import User, UserSession, utcnow
from app.security import SESSION_COOKIE
from app.services.accounts import sessions
from tests.conftest import Client, app_for, link_in
from tests.factories import PASSWORD, make_idea, make_user
from tests.pages import field_error, field_value, soup

SIGN_UP = {
    "email": "amara.okafor@example.org",
    "password": PASSWORD,
    "display_name": "Amara Okafor",
    "organisation": "Riverside Youth Trust",
}


def _set_cookie_headers(response) -> list[str]:
    return response.headers.get_list("set-cookie")


def test_sign_up_sends_a_link_that_confirms_and_signs_in(client, session, mailbox):
    response = client.submit("/signup", SIGN_UP)

    assert response.status_code == 303
    assert response.headers["location"] == "/signup/done"
    member = session.exec(select(User).where(User.email == SIGN_UP["email"])).one()
    assert not member.is_verified
    [mail] = mailbox()
    assert mail["To"] == SIGN_UP["email"]
    assert mail.get_body(preferencelist=("html",)) is not None

    path = link_in(mail).removeprefix("http://testserver")
    confirm_page = client.get(path)
    assert confirm_page.status_code == 200
    assert soup(confirm_page).find("button", string=lambda s: "Confirm" in s)

    confirmed = client.submit(path)
    assert confirmed.status_code == 303
    session.refresh(member)
    assert member.is_verified
    assert client.cookies.get(SESSION_COOKIE)
    assert "Amara Okafor" in client.get("/ideas").text


def test_sign_up_answers_the_same_for_a_known_and_an_unknown_email(app, session, mailbox):
    make_user(session, email="taken@example.org")
    known = Client(app).submit("/signup", {**SIGN_UP, "email": "taken@example.org"})
    unknown = Client(app).submit("/signup", {**SIGN_UP, "email": "fresh@example.org"})

    assert known.status_code == unknown.status_code == 303
    assert known.headers["location"] == unknown.headers["location"]
    assert known.content == unknown.content
    assert _set_cookie_headers(known) == _set_cookie_headers(unknown)
    subjects = {mail["To"]: mail["Subject"] for mail in mailbox()}
    assert "already have an account" in subjects["taken@example.org"]
    assert "Confirm" in subjects["fresh@example.org"]


def test_sign_up_with_problems_keeps_the_input_and_marks_each_field(client, session):
    response = client.submit(
        "/signup", {**SIGN_UP, "email": "not an email", "password": "password", "organisation": ""}
    )

    assert response.status_code == 422
    page = soup(response)
    assert field_error(page, "email")
    assert "common" in field_error(page, "password")
    assert field_error(page, "organisation")
    assert field_error(page, "display_name") is None
    assert field_value(page, "email") == "not an email"
    assert field_value(page, "display_name") == "Amara Okafor"
    assert field_value(page, "password") == "", "a password is never sent back"
    assert session.exec(select(User)).first() is None


def test_login_sets_a_fresh_http_only_lax_session_cookie(client, session):
    member = make_user(session, email="lead@example.org")
    client.cookies.set(SESSION_COOKIE, "planted-by-someone-else")

    response = client.submit("/login", {"email": "lead@example.org", "password": PASSWORD})

    assert response.status_code == 303
    cookie = next(c for c in _set_cookie_headers(response) if c.startswith(SESSION_COOKIE))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    assert "Secure" not in cookie  # plain http in tests; https adds it
    token = cookie.split(";")[0].split("=", 1)[1]
    assert token != "planted-by-someone-else"
    assert sessions.user_for_session_token(session=session, token=token).id == member.id


def test_login_cookie_is_secure_under_https(app, session):
    make_user(session, email="lead@example.org")
    with Client(app, base_url="https://testserver") as client:
        response = client.submit("/login", {"email": "lead@example.org", "password": PASSWORD})

    cookie = next(c for c in _set_cookie_headers(response) if c.startswith(SESSION_COOKIE))
    assert "Secure" in cookie


def test_login_returns_to_a_local_page_only(client, session):
    make_user(session, email="lead@example.org")
    credentials = {"email": "lead@example.org", "password": PASSWORD}

    local = client.submit("/login", {**credentials, "next": "/themes"})
    away = Client(client.app).submit("/login", {**credentials, "next": "https://evil.example/"})

    assert local.headers["location"] == "/themes"
    assert away.headers["location"] == "/ideas"


def test_failed_login_answers_the_same_for_a_known_and_an_unknown_email(app, session):
    make_user(session, email="known@example.org")
    wrong_password = Client(app).submit(
        "/login", {"email": "known@example.org", "password": "nope-nope"}
    )
    unknown = Client(app).submit(
        "/login", {"email": "unknown@example.org", "password": "nope-nope"}
    )

    assert wrong_password.status_code == unknown.status_code == 422
    assert wrong_password.text.replace("known@", "X@") == unknown.text.replace("unknown@", "X@")
    assert SESSION_COOKIE not in wrong_password.cookies


def test_logout_ends_the_session_on_the_server(client, session):
    member = make_user(session)
    client.login(member)
    token = client.cookies.get(SESSION_COOKIE)

    response = client.submit("/logout")

    assert response.status_code == 303
    assert sessions.user_for_session_token(session=session, token=token) is None
    assert session.exec(select(UserSession).where(UserSession.user_id == member.id)).first() is None
    # Even a copy of the old cookie is now worth nothing.
    stolen = Client(client.app)
    stolen.cookies.set(SESSION_COOKIE, token)
    assert stolen.get("/ideas/new").status_code == 303


def test_an_expired_session_is_signed_out(client, session):
    member = make_user(session)
    client.login(member)
    row = session.exec(select(UserSession).where(UserSession.user_id == member.id)).one()
    row.expires_at = utcnow() - timedelta(minutes=1)
    session.add(row)
    session.commit()

    assert client.get("/ideas/new").status_code == 303


def test_unverified_member_reads_but_cannot_vote_and_is_told_why(client, session):
    idea = make_idea(session)
    member = make_user(session, verified=False)
    client.login(member)

    page = soup(client.get(f"/ideas/{idea.id}"))
    assert page.find(string=lambda s: s and "Confirm your email" in s)
    assert page.find("button", string=lambda s: s and "Send the link again" in s)

    response = client.submit(f"/ideas/{idea.id}/vote")
    assert response.status_code == 403
    assert "Confirm your email" in response.text
    session.refresh(idea)
    assert idea.vote_count == 0
    assert client.submit("/ideas", {"title": "T", "body": "B"}).status_code == 403


def test_send_the_link_again(client, session, mailbox):
    member = make_user(session, verified=False)
    client.login(member)

    response = client.submit("/verify-resend", {"next": "/ideas"})

    assert response.status_code == 303 and response.headers["location"] == "/ideas"
    [mail] = mailbox()
    assert mail["To"] == member.email
    assert "/verify/" in link_in(mail)


@pytest.fixture
def limited_app(settings, engine):
    limited = settings.model_copy(
        update={
            "rate_limits": "on",
            "rate_limit_login_ip": "6 per minute",
            "rate_limit_login_email": "3 per minute",
            "rate_limit_signup_ip": "3 per minute",
            "rate_limit_signup_email": "2 per minute",
        }
    )
    with app_for(limited, engine) as app:
        yield app


def test_login_is_rate_limited_per_email(limited_app, session):
    make_user(session, email="target@example.org")
    client = Client(limited_app)
    attempt = {"email": "target@example.org", "password": "guess-guess"}

    answers = [client.submit("/login", attempt).status_code for _ in range(4)]

    assert answers == [422, 422, 422, 429]
    refused = client.submit("/login", {**attempt, "password": PASSWORD})
    assert refused.status_code == 429
    assert "Retry-After" in refused.headers
    assert client.submit("/login", {**attempt, "email": "other@example.org"}).status_code == 422


def test_login_is_rate_limited_per_ip_across_emails(limited_app):
    client = Client(limited_app)
    answers = [
        client.submit("/login", {"email": f"u{n}@example.org", "password": "x" * 9}).status_code
        for n in range(7)
    ]
    assert answers == [422] * 6 + [429]


def test_sign_up_rate_limit_answers_the_same_for_known_and_unknown(limited_app, session):
    make_user(session, email="taken@example.org")
    known = [
        Client(limited_app).submit("/signup", {**SIGN_UP, "email": "taken@example.org"})
        for _ in range(3)
    ]
    assert [r.status_code for r in known] == [303, 303, 429]
    fresh = Client(limited_app).submit("/signup", {**SIGN_UP, "email": "new@example.org"})
    # The per-IP allowance (3) is spent too: a new address gets the same 429 page.
    assert fresh.status_code == 429
    assert fresh.text == known[-1].text
