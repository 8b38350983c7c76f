import pytest

from app.models import User
from app.security import hash_password, password_problem, verify_password
from app.services.accounts import registration, roles, sessions
from app.services.errors import AccountSuspended, NotFound, ValidationFailed
from tests.factories import PASSWORD, make_user

SECRET = "x" * 40


def _sign_up(session, settings, **changes):
    fields = {
        "email": "Amara.Okafor@Example.org",
        "password": PASSWORD,
        "display_name": "Amara Okafor",
        "organisation": "Riverside Youth Trust",
        **changes,
    }
    return registration.sign_up(session=session, settings=settings, **fields)


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("short", False),
        ("password1", False),  # in the common-password list
        ("iloveyou", False),
        ("qwertyuiop", False),
        ("correct horse battery staple", True),
        ("ünïcödé-pässwörd-ñ", True),
        ("密码很长而且很独特的句子", True),
        ("a sentence " * 50, True),
    ],
)
def test_password_rules(password, accepted):
    assert (password_problem(password) is None) is accepted


def test_passwords_are_hashed_with_argon2id():
    hashed = hash_password("correct horse battery staple")

    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "correct horse battery staple")
    assert not verify_password(hashed, "wrong horse battery staple")
    assert not verify_password(None, "anything at all")


def test_sign_up_creates_an_unverified_member_with_a_lowercased_email(session, settings):
    result = _sign_up(session, settings)

    assert result.created
    assert result.user.email == "amara.okafor@example.org"
    assert not result.user.is_verified
    assert result.user.password_hash.startswith("$argon2id$")


def test_sign_up_with_a_taken_email_returns_the_existing_member(session, settings):
    first = _sign_up(session, settings)
    again = _sign_up(
        session, settings, email="AMARA.okafor@example.org", display_name="Someone Else"
    )

    assert not again.created
    assert again.user.id == first.user.id
    assert session.get(User, first.user.id).display_name == "Amara Okafor"


def test_sign_up_reports_each_field(session, settings):
    with pytest.raises(ValidationFailed) as caught:
        _sign_up(
            session, settings, email="not-an-email", password="123", display_name="",
            organisation="",
        )  # fmt: skip

    assert set(caught.value.errors) == {"email", "password", "display_name", "organisation"}


def test_authenticate_checks_the_password(session):
    member = make_user(session, email="lead@example.org")

    assert (
        sessions.authenticate(session=session, email="LEAD@example.org", password=PASSWORD).id
        == member.id
    )
    assert sessions.authenticate(session=session, email="lead@example.org", password="nope") is None
    assert (
        sessions.authenticate(session=session, email="nobody@example.org", password=PASSWORD)
        is None
    )


def test_sessions_end_on_the_server(session):
    member = make_user(session)
    token = sessions.start_session(session=session, user=member, days=1)
    other = sessions.start_session(session=session, user=member, days=1)

    assert token != other
    assert sessions.user_for_session_token(session=session, token=token).id == member.id
    sessions.end_session(session=session, token=token)
    assert sessions.user_for_session_token(session=session, token=token) is None
    assert sessions.user_for_session_token(session=session, token=other) is not None


def test_suspended_members_session_is_refused_not_anonymous(session):
    member = make_user(session)
    token = sessions.start_session(session=session, user=member, days=1)
    member.state = "suspended"
    session.add(member)
    session.commit()

    with pytest.raises(AccountSuspended):
        sessions.user_for_session_token(session=session, token=token)
    with pytest.raises(AccountSuspended):
        sessions.start_session(session=session, user=member, days=1)


def test_verification_link_verifies_once(session, settings):
    member = _sign_up(session, settings).user
    token = registration.verification_token(secret_key=SECRET, user=member)

    user, newly = registration.verify_email(session=session, secret_key=SECRET, token=token)
    again, newly_again = registration.verify_email(session=session, secret_key=SECRET, token=token)

    assert user.is_verified and newly
    assert again.id == user.id and not newly_again


def test_verification_link_for_an_old_address_or_forged_is_refused(session, settings):
    member = _sign_up(session, settings).user
    token = registration.verification_token(secret_key=SECRET, user=member)
    member.email = "new.address@example.org"
    session.add(member)
    session.commit()

    with pytest.raises(NotFound):
        registration.verify_email(session=session, secret_key=SECRET, token=token)
    with pytest.raises(NotFound):
        registration.verify_email(session=session, secret_key="y" * 40, token=token)
    with pytest.raises(NotFound):
        registration.verify_email(session=session, secret_key=SECRET, token="garbage")


def test_set_role(session):
    member = make_user(session, email="future.mod@example.org")

    roles.set_role(session=session, email="future.mod@example.org", role="moderator")

    session.refresh(member)
    assert member.is_moderator
    with pytest.raises(NotFound):
        roles.set_role(session=session, email="nobody@example.org", role="admin")
