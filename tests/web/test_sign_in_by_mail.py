"""Signing in without a password (a link or a six-digit code sent by mail), resetting a
password, and changing the email address."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import col, select

from app.models import EmailToken, OutboxMail, TokenPurpose, User, UserSession, utcnow
from app.security import SESSION_COOKIE
from app.services.accounts import sessions
from tests.conftest import Client, app_for, end_test_transactions, link_in
from tests.factories import PASSWORD, make_user
from tests.pages import field_error, soup


def _only_mail_to(mailbox, address: str):
    [mail] = [m for m in mailbox() if m["To"] == address]
    return mail


def _code(mail) -> str:
    text = mail.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"^\s*(\d{6})\s*$", text, re.MULTILINE).group(1)


def _path(url: str) -> str:
    return url.removeprefix("http://testserver")


def _signed_in_as(client, session) -> User | None:
    token = client.cookies.get(SESSION_COOKIE)
    end_test_transactions()
    return sessions.user_for_session_token(session=session, token=token) if token else None


def _expire_tokens(session) -> None:
    session.exec(update(EmailToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    session.commit()


# --- sign-in links and codes -----------------------------------------------------------


def test_a_sign_in_link_signs_in_once(app, session, mailbox):
    member = make_user(session, email="lead@example.org")
    requested = Client(app).submit("/login/link", {"email": "Lead@Example.org"})
    assert requested.status_code == 303 and requested.headers["location"] == "/login/code"
    link = _path(link_in(_only_mail_to(mailbox, member.email), r"http://testserver/login/link/\S+"))

    browser = Client(app)
    page = browser.get(link)
    assert page.status_code == 200 and soup(page).select_one("main form button")
    assert _signed_in_as(browser, session) is None, "opening the link alone signs nobody in"

    signed_in = browser.submit(link)
    assert signed_in.status_code == 303
    assert _signed_in_as(browser, session).id == member.id

    again = Client(app)
    assert again.submit(link).status_code == 404
    assert again.get(link).status_code == 404
    assert _signed_in_as(again, session) is None


def test_a_sign_in_code_signs_in_once(app, session, mailbox):
    member = make_user(session, email="lead@example.org")
    Client(app).submit("/login/link", {"email": "lead@example.org"})
    code = _code(_only_mail_to(mailbox, member.email))

    first = Client(app)
    response = first.submit("/login/code", {"email": "lead@example.org", "code": code})
    assert response.status_code == 303
    assert _signed_in_as(first, session).id == member.id

    second = Client(app)
    refused = second.submit("/login/code", {"email": "lead@example.org", "code": code})
    assert refused.status_code == 422
    assert "not right, or it has expired" in field_error(soup(refused), "code")
    assert _signed_in_as(second, session) is None


def test_the_link_and_the_code_are_one_sign_in_between_them(app, session, mailbox):
    member = make_user(session, email="lead@example.org")
    Client(app).submit("/login/link", {"email": "lead@example.org"})
    mail = _only_mail_to(mailbox, member.email)

    Client(app).submit(_path(link_in(mail, r"http://testserver/login/link/\S+")))
    late = Client(app).submit("/login/code", {"email": member.email, "code": _code(mail)})

    assert late.status_code == 422


def test_an_expired_link_or_code_is_refused(app, session, mailbox):
    member = make_user(session, email="lead@example.org")
    Client(app).submit("/login/link", {"email": "lead@example.org"})
    mail = _only_mail_to(mailbox, member.email)
    _expire_tokens(session)

    by_link = Client(app)
    by_code = Client(app)
    link = _path(link_in(mail, r"http://testserver/login/link/\S+"))

    assert by_link.submit(link).status_code == 404
    assert by_code.submit("/login/code", {"email": member.email, "code": _code(mail)}).status_code
    assert _signed_in_as(by_link, session) is None and _signed_in_as(by_code, session) is None


def test_links_last_fifteen_minutes(app, session, mailbox):
    member = make_user(session)
    Client(app).submit("/login/link", {"email": member.email})

    end_test_transactions()
    token = session.exec(select(EmailToken)).one()
    assert timedelta(minutes=14) < token.expires_at - token.created_at <= timedelta(minutes=15)
    text = _only_mail_to(mailbox, member.email).get_body(preferencelist=("plain",)).get_content()
    assert "for 15 minutes" in text


def test_the_code_dies_after_five_wrong_tries(app, session, mailbox):
    member = make_user(session)
    Client(app).submit("/login/link", {"email": member.email})
    code = _code(_only_mail_to(mailbox, member.email))
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    client = Client(app)

    answers = [
        client.submit("/login/code", {"email": member.email, "code": wrong}).status_code
        for _ in range(5)
    ]
    last = client.submit("/login/code", {"email": member.email, "code": code})

    assert answers == [422] * 5 and last.status_code == 422
    assert _signed_in_as(client, session) is None


def test_a_new_link_replaces_the_last(app, session, mailbox):
    member = make_user(session)
    Client(app).submit("/login/link", {"email": member.email})
    first = _only_mail_to(mailbox, member.email)
    Client(app).submit("/login/link", {"email": member.email})
    second = [m for m in mailbox() if m["To"] == member.email][-1]

    old = Client(app).submit(_path(link_in(first, r"http://testserver/login/link/\S+")))
    new = Client(app).submit(_path(link_in(second, r"http://testserver/login/link/\S+")))

    assert (old.status_code, new.status_code) == (404, 303)


def test_tokens_are_stored_only_as_digests_and_sent_mail_forgets_them(app, session, mailbox):
    member = make_user(session)
    Client(app).submit("/login/link", {"email": member.email})
    mail = _only_mail_to(mailbox, member.email)
    token = link_in(mail, r"http://testserver/login/link/\S+").rsplit("/", 1)[1]

    end_test_transactions()
    row = session.exec(select(EmailToken)).one()
    sent = session.exec(select(OutboxMail)).one()
    stored = " ".join(str(value) for value in [*row.model_dump().values(), sent.text_body,
                                               sent.html_body])  # fmt: skip
    assert sent.status == "sent", "once sent, the mail's copy of the link is blanked"
    assert token not in stored and _code(mail) not in stored


def test_a_sign_in_link_confirms_the_address(app, session, mailbox):
    member = make_user(session, verified=False)
    Client(app).submit("/login/link", {"email": member.email})

    Client(app).submit(
        _path(link_in(_only_mail_to(mailbox, member.email), r"http://testserver/login/link/\S+"))
    )

    session.refresh(member)
    assert member.is_verified


def test_after_the_code_the_member_goes_back_where_they_were(app, session, mailbox):
    member = make_user(session)
    client = Client(app)
    client.submit("/login/link", {"email": member.email, "next": "/themes"})
    page = soup(client.get("/login/code"))
    assert page.select_one("#f-email")["value"] == member.email

    response = client.submit(
        "/login/code", {"email": member.email, "code": _code(_only_mail_to(mailbox, member.email))}
    )

    assert response.headers["location"] == "/themes"


def _same_answer(first, second) -> None:
    assert first.status_code == second.status_code
    assert first.headers.get("location") == second.headers.get("location")
    assert first.content == second.content
    names = lambda r: sorted(c.split("=", 1)[0] for c in r.headers.get_list("set-cookie"))  # noqa: E731
    assert names(first) == names(second)


@pytest.mark.parametrize("path", ["/login/link", "/password/forgot"])
def test_mail_sending_endpoints_answer_the_same_for_a_known_and_an_unknown_email(
    app, session, mailbox, path
):
    make_user(session, email="known@example.org")

    known = Client(app).submit(path, {"email": "known@example.org"})
    unknown = Client(app).submit(path, {"email": "unknown@example.org"})

    _same_answer(known, unknown)
    assert known.status_code == 303
    assert [m["To"] for m in mailbox()] == ["known@example.org"]


def test_the_code_form_answers_the_same_for_a_known_and_an_unknown_email(app, session):
    make_user(session, email="known@example.org")

    known = Client(app).submit("/login/code", {"email": "known@example.org", "code": "123456"})
    unknown = Client(app).submit("/login/code", {"email": "unknown@example.org", "code": "123456"})

    assert known.status_code == unknown.status_code == 422
    assert known.text.replace("known@", "X@") == unknown.text.replace("unknown@", "X@")


def test_a_badly_typed_address_is_shown_again_with_its_problem(client, session):
    response = client.submit("/login/link", {"email": "not an address"})

    assert response.status_code == 422
    page = soup(response)
    assert page.select_one("#f-link-email")["value"] == "not an address"
    assert field_error(page, "link-email")
    assert page.select_one(".error-summary a")["href"] == "#f-link-email"


@pytest.fixture
def limited_app(settings, engine):
    limited = settings.model_copy(
        update={"rate_limits": "on", "rate_limit_mail_email": "2 per minute",
                "rate_limit_mail_ip": "3 per minute"}
    )  # fmt: skip
    with app_for(limited, engine) as app:
        yield app


@pytest.mark.parametrize("path", ["/login/link", "/password/forgot"])
def test_mail_sending_endpoints_are_rate_limited_per_email_and_per_client(
    limited_app, session, path
):
    make_user(session, email="known@example.org")
    client = Client(limited_app)

    per_email = [client.submit(path, {"email": "known@example.org"}).status_code for _ in range(3)]
    per_client = client.submit(path, {"email": "other@example.org"}).status_code

    assert per_email == [303, 303, 429]
    assert per_client == 429, "the client's allowance (3) is spent across addresses"


# --- password reset --------------------------------------------------------------------


def test_a_password_reset_sets_the_password_signs_in_and_ends_other_sessions(app, session, mailbox):
    member = make_user(session, email="lead@example.org")
    elsewhere = Client(app).login(member)
    Client(app).submit("/password/forgot", {"email": "lead@example.org"})
    link = _path(link_in(_only_mail_to(mailbox, member.email), r"http://testserver/password/\S+"))

    browser = Client(app)
    form = soup(browser.get(link))
    assert form.select_one("input[type=password][autocomplete=new-password]")
    response = browser.submit(link, {"password": "a brand new passphrase"})

    assert response.status_code == 303
    assert _signed_in_as(browser, session).id == member.id
    assert _signed_in_as(elsewhere, session) is None, "the other session has ended"
    session.refresh(member)
    assert sessions.authenticate(
        session=session, email=member.email, password="a brand new passphrase"
    )
    assert Client(app).submit(link, {"password": "yet another passphrase"}).status_code == 404


def test_a_weak_new_password_is_refused_and_the_link_still_works(app, session, mailbox):
    member = make_user(session)
    Client(app).submit("/password/forgot", {"email": member.email})
    link = _path(link_in(_only_mail_to(mailbox, member.email), r"http://testserver/password/\S+"))

    weak = Client(app).submit(link, {"password": "password1"})
    good = Client(app).submit(link, {"password": "a brand new passphrase"})

    assert weak.status_code == 422 and field_error(soup(weak), "password")
    assert good.status_code == 303


def test_an_expired_reset_link_is_refused(app, session, mailbox):
    member = make_user(session)
    Client(app).submit("/password/forgot", {"email": member.email})
    link = _path(link_in(_only_mail_to(mailbox, member.email), r"http://testserver/password/\S+"))
    _expire_tokens(session)

    assert Client(app).get(link).status_code == 404
    assert Client(app).submit(link, {"password": "a brand new passphrase"}).status_code == 404
    end_test_transactions()
    assert sessions.authenticate(session=session, email=member.email, password=PASSWORD)


# --- changing the email address --------------------------------------------------------


def test_changing_the_email_address_needs_the_new_address_confirmed(app, session, mailbox):
    member = make_user(session, email="old@example.org")
    here, elsewhere = Client(app).login(member), Client(app).login(member)

    asked = here.submit("/settings/email", {"email": "New@Example.org", "password": PASSWORD})
    assert asked.status_code == 303
    session.refresh(member)
    assert member.email == "old@example.org", "nothing changes before the link is opened"
    notice = _only_mail_to(mailbox, "old@example.org")
    assert "new@example.org" in notice.get_body(preferencelist=("plain",)).get_content()
    link = _path(
        link_in(_only_mail_to(mailbox, "new@example.org"), r"http://testserver/settings/email/\S+")
    )

    assert "new@example.org" in here.get(link).text
    confirmed = here.submit(link)

    assert confirmed.status_code == 303
    session.refresh(member)
    assert member.email == "new@example.org" and member.is_verified
    assert _signed_in_as(here, session).id == member.id
    assert _signed_in_as(elsewhere, session) is None
    assert here.submit(link).status_code == 404


def test_changing_the_email_address_needs_the_current_password(client, session, mailbox):
    member = make_user(session)
    client.login(member)

    response = client.submit("/settings/email", {"email": "new@example.org", "password": "nope"})

    assert response.status_code == 422
    assert field_error(soup(response), "password")
    assert soup(response).select_one("#f-email")["value"] == "new@example.org"
    assert mailbox() == []


def test_moving_to_an_address_with_an_account_answers_the_same_and_tells_its_owner(
    app, session, mailbox
):
    member = make_user(session)
    owner = make_user(session, email="taken@example.org")

    taken = (
        Client(app)
        .login(member)
        .submit("/settings/email", {"email": "taken@example.org", "password": PASSWORD})
    )
    free = (
        Client(app)
        .login(member)
        .submit("/settings/email", {"email": "free@example.org", "password": PASSWORD})
    )

    assert taken.status_code == free.status_code == 303
    assert taken.headers["location"] == free.headers["location"]
    [warning] = [m for m in mailbox() if m["To"] == owner.email]
    assert "nothing has changed" in warning.get_body(preferencelist=("plain",)).get_content()
    end_test_transactions()
    changes = session.exec(
        select(EmailToken).where(col(EmailToken.purpose) == TokenPurpose.email_change)
    ).all()
    assert [row.new_email for row in changes] == ["free@example.org"]


def test_a_change_link_opened_in_another_browser_signs_that_browser_in(app, session, mailbox):
    member = make_user(session)
    Client(app).login(member).submit(
        "/settings/email", {"email": "new@example.org", "password": PASSWORD}
    )
    link = _path(
        link_in(_only_mail_to(mailbox, "new@example.org"), r"http://testserver/settings/email/\S+")
    )

    phone = Client(app)
    response = phone.submit(link)

    assert response.status_code == 303
    assert _signed_in_as(phone, session).id == member.id
    end_test_transactions()
    sessions = session.exec(select(UserSession).where(UserSession.user_id == member.id)).all()
    assert len(sessions) == 1, "every earlier session has ended"


# --- honest messages (issue 18) ----------------------------------------------------------


def test_a_password_reset_ends_saying_the_password_is_changed(app, session, mailbox):
    member = make_user(session, display_name="Priya Shah")
    Client(app).submit("/password/forgot", {"email": member.email})
    link = _path(link_in(_only_mail_to(mailbox, member.email), r"http://testserver/password/\S+"))
    browser = Client(app)

    done = browser.submit(link, {"password": "a brand new passphrase"})
    flash = soup(browser.get(done.headers["location"])).select_one(".flash").get_text()

    assert "password is changed" in flash and "Welcome" not in flash


def test_a_used_link_is_titled_as_one_not_as_a_missing_page(app, session, mailbox):
    member = make_user(session)
    Client(app).submit("/password/forgot", {"email": member.email})
    link = _path(link_in(_only_mail_to(mailbox, member.email), r"http://testserver/password/\S+"))
    Client(app).submit(link, {"password": "a brand new passphrase"})

    used = soup(Client(app).get(link))

    assert used.h1.get_text(strip=True) == "This link has expired or was already used"
    assert "Page not found" not in used.title.get_text()
    assert soup(Client(app).get("/verify/not-a-token")).h1.get_text(strip=True) == (
        "This link has expired or was already used"
    )
