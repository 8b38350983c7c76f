"""A stranger cannot lock a member out (issue 21): guesses at the member's password from
elsewhere, or requests for mail to the member's address, leave the owner able to sign in
with the right password at once."""

import re

import pytest

from tests.conftest import TEST_CSRF, Client, app_for
from tests.factories import PASSWORD, make_user
from tests.pages import soup

VICTIM = "victim@example.org"


@pytest.fixture
def limited_app(settings, engine):
    limited = settings.model_copy(
        update={
            "rate_limits": "on",
            "rate_limit_login_ip": "100 per minute",
            "rate_limit_login_email": "10 per 15 minutes",
            "rate_limit_login_account": "30 per hour",
            "rate_limit_mail_email": "1 per 2 minutes",
            "rate_limit_mail_ip": "100 per hour",
        }
    )
    with app_for(limited, engine) as app:
        yield app


def _from(app, address: str) -> Client:
    return Client(app, client=(address, 40000))


def _guess(client: Client, times: int) -> list[int]:
    attempt = {"email": VICTIM, "password": "not-the-password"}
    return [client.submit("/login", attempt).status_code for _ in range(times)]


def test_guesses_from_elsewhere_leave_the_owner_able_to_sign_in(limited_app, session):
    make_user(session, email=VICTIM)
    attacker = _from(limited_app, "203.0.113.9")

    answers = _guess(attacker, 12)
    assert answers[:10] == [422] * 10 and answers[10:] == [429, 429]
    assert attacker.submit("/login", {"email": VICTIM, "password": PASSWORD}).status_code == 429

    owner = _from(limited_app, "198.51.100.20")
    signed_in = owner.submit("/login", {"email": VICTIM, "password": PASSWORD})
    assert signed_in.status_code == 303
    assert "cg_session" in signed_in.cookies


def test_guesses_from_many_addresses_leave_the_owners_browser_able_to_sign_in(limited_app, session):
    make_user(session, email=VICTIM)
    owner = _from(limited_app, "198.51.100.20")
    assert owner.submit("/login", {"email": VICTIM, "password": PASSWORD}).status_code == 303
    owner.cookies.delete("cg_session")  # signed out, the device cookie stays
    owner.cookies.delete("cg_csrf")  # sign-in rotated it; the test's token again
    owner.cookies.set("cg_csrf", TEST_CSRF)

    for n in range(4):  # 40 guesses from four addresses: the account's 30 are spent
        _guess(_from(limited_app, f"203.0.113.{n}"), 10)
    stranger_browser = _from(limited_app, "192.0.2.50")
    assert _guess(stranger_browser, 1) == [429]

    again = owner.submit("/login", {"email": VICTIM, "password": PASSWORD})
    assert again.status_code == 303, "the owner's own browser is never held by others' guesses"


def test_a_forged_device_cookie_counts_for_nothing(limited_app, session):
    make_user(session, email=VICTIM)
    for n in range(3):
        _guess(_from(limited_app, f"203.0.113.{n}"), 10)
    forger = _from(limited_app, "192.0.2.51")
    forger.cookies.set("cg_device", '["victim@example.org"]')
    assert _guess(forger, 1) == [429]


def test_mail_requests_for_the_owners_address_only_space_mails_out(limited_app, session):
    make_user(session, email=VICTIM)
    stranger = _from(limited_app, "203.0.113.9")
    answers = [stranger.submit("/login/link", {"email": VICTIM}).status_code for _ in range(3)]
    assert answers == [303, 429, 429]
    resets = [stranger.submit("/password/forgot", {"email": VICTIM}).status_code for _ in range(2)]
    assert resets == [303, 429]

    owner = _from(limited_app, "198.51.100.20")
    assert owner.submit("/login", {"email": VICTIM, "password": PASSWORD}).status_code == 303


def test_the_wait_is_said_in_plain_words_not_minute_s(limited_app, session):
    make_user(session, email=VICTIM)
    guesser = _from(limited_app, "203.0.113.9")
    _guess(guesser, 10)

    refused = guesser.submit("/login", {"email": VICTIM, "password": "not-the-password"})

    assert refused.status_code == 429
    text = " ".join(soup(refused).select_one("main").get_text(" ").split())
    assert re.search(r"wait about 1[45] minutes before trying again", text), text
    assert "(s)" not in text
