"""Joining: sign-up, email verification, accounts made by an operator, and the checks
on a member's address and profile.

Nothing here tells a visitor whether an address has an account: sign-up answers "check
your email" either way (the owner of an existing account gets a mail saying so instead
of a new account). Mail is queued in the outbox in the transaction that decides to send it.
"""

from dataclasses import dataclass
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from itsdangerous import BadSignature, SignatureExpired
from sqlmodel import Session, select

from app.config import Settings
from app.db import write_transaction
from app.links import Links
from app.models import Role, User, utcnow
from app.security import (
    hash_password,
    password_problem,
    signer,
)
from app.services.accounts import segments
from app.services.errors import LinkExpired, ValidationFailed
from app.services.notifying import emails, outbox
from app.services.site import pages

VERIFY_LINK_MAX_AGE = timedelta(days=3)
DISPLAY_NAME_MAX = 60
ORGANISATION_MAX = 120


def normalise_email(email: str) -> str:
    return email.strip().lower()


def email_problem(email: str) -> str | None:
    if not email:
        return "Enter your email address."
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return "Enter an email address like name@example.org."
    return None


def validate_profile(*, display_name: str, organisation: str) -> dict[str, str]:
    errors = {}
    if len(display_name) < 2:
        errors["display_name"] = "Enter the name other members will see (at least 2 characters)."
    elif len(display_name) > DISPLAY_NAME_MAX:
        errors["display_name"] = f"Keep your name to {DISPLAY_NAME_MAX} characters."
    if not organisation:
        errors["organisation"] = "Enter your organisation, or 'Independent'."
    elif len(organisation) > ORGANISATION_MAX:
        errors["organisation"] = f"Keep the organisation to {ORGANISATION_MAX} characters."
    return errors


def _check_sign_in(email: str, password: str, display_name: str, errors: dict) -> None:
    """ValidationFailed with `errors` and any problem of the address or the password."""
    if problem := email_problem(email):
        errors["email"] = problem
    if problem := password_problem(password, email=email, display_name=display_name):
        errors["password"] = problem
    if errors:
        raise ValidationFailed(errors)


@dataclass(frozen=True)
class SignUp:
    user: User
    created: bool


def sign_up(
    *,
    session: Session,
    settings: Settings,
    email: str,
    password: str,
    display_name: str,
    organisation: str,
    answers: dict[str, str] | None = None,
) -> SignUp:
    """Create an unverified member and mail them a confirmation link; for an address that
    has an account, mail its owner instead and return it with `created=False`. `answers`
    are the member's optional answers to the profile questions (segments)."""
    email = normalise_email(email)
    display_name, organisation = display_name.strip(), organisation.strip()
    errors = validate_profile(display_name=display_name, organisation=organisation)
    try:
        checked = segments.check_answers(segments.list_segments(session=session), answers or {})
    except ValidationFailed as problems:
        errors |= problems.errors
    _check_sign_in(email, password, display_name, errors)

    password_hash = hash_password(password)  # slow on purpose: before the write lock
    with write_transaction(session):
        existing = find_user_by_email(session=session, email=email)
        if existing is not None:
            if existing.is_verified:
                links = Links(settings)
                mail_member(
                    session,
                    settings,
                    "account_exists",
                    existing,
                    login=links.login(),
                    forgot=links.forgot_password(),
                )
            else:
                _queue_verification(session, settings, existing)
            return SignUp(user=existing, created=False)
        user = User(
            email=email,
            display_name=display_name,
            organisation=organisation,
            password_hash=password_hash,
        )
        session.add(user)
        session.flush()
        segments.write_answers(session, user_id=user.id, answers=checked)
        pages.record_sign_up_agreement(session, user.id)
        _queue_verification(session, settings, user)
    return SignUp(user=user, created=True)


# Mails whose body is a key to the account (a one-time link or code).
SECRET_MAILS = {
    "verify", "sign_in", "password_reset", "email_change", "account_delete", "data_export",
}  # fmt: skip


def mail_member(
    session: Session, settings: Settings, template: str, user: User, *, to: str = "", **context
) -> None:
    mail = emails.compose(
        settings, template, to=to or user.email, user_id=user.id, user=user, **context
    )
    outbox.queue(session, mail, kind=template, user_id=user.id, secret=template in SECRET_MAILS)


def create_user(
    *,
    session: Session,
    email: str,
    password: str,
    display_name: str,
    organisation: str = "",
    role: Role = Role.member,
    verified: bool = True,
) -> User:
    """An account made by an operator (CLI, demo data): no mail, verified by default."""
    email = normalise_email(email)
    _check_sign_in(email, password, display_name, {})
    password_hash = hash_password(password)  # slow on purpose: before the write lock
    with write_transaction(session):
        if find_user_by_email(session=session, email=email) is not None:
            raise ValidationFailed({"email": "There is already an account with that email."})
        user = User(
            email=email,
            display_name=display_name.strip(),
            organisation=organisation.strip(),
            password_hash=password_hash,
            role=role,
            email_verified_at=utcnow() if verified else None,
        )
        session.add(user)
    return user


def find_user_by_email(*, session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == normalise_email(email))).first()


# --- email verification ----------------------------------------------------------------


def verification_token(*, secret_key: str, user: User) -> str:
    return signer(secret_key, "verify").dumps({"user": user.id, "email": user.email})


def _queue_verification(session: Session, settings: Settings, user: User) -> None:
    token = verification_token(secret_key=settings.secret_key.get_secret_value(), user=user)
    mail_member(session, settings, "verify", user, link=Links(settings).verify_email(token))


def resend_verification(*, session: Session, settings: Settings, user: User) -> None:
    with write_transaction(session):
        _queue_verification(session, settings, user)


def user_for_verification_token(*, session: Session, secret_key: str, token: str) -> User:
    """The member a verification link is for; NotFound if it is forged, stale or expired."""
    try:
        data = signer(secret_key, "verify").loads(
            token, max_age=VERIFY_LINK_MAX_AGE.total_seconds()
        )
    except (BadSignature, SignatureExpired) as error:
        raise LinkExpired("This link is not valid or has expired.") from error
    user = session.get(User, data.get("user")) if isinstance(data, dict) else None
    # A link for an address the member has since changed no longer verifies anything.
    if user is None or user.email != data.get("email"):
        raise LinkExpired("This link is not valid or has expired.")
    return user


def verify_email(*, session: Session, secret_key: str, token: str) -> tuple[User, bool]:
    """Mark the address verified; returns the member and whether this link verified it."""
    with write_transaction(session):
        user = user_for_verification_token(session=session, secret_key=secret_key, token=token)
        if user.is_verified:
            return user, False
        user.email_verified_at = utcnow()
        session.add(user)
    return user, True
