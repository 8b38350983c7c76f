"""Members: sign-up, verification, sign-in by password or by a link or code sent by mail,
password reset, email change, server-side sessions and roles.

Nothing here tells a visitor whether an address has an account: sign-up answers "check
your email" either way (the owner of an existing account gets a mail saying so instead
of a new account); a sign-in link or a password reset is mailed only to an existing
account, with the same answer either way; and a failed sign-in spends the same hashing
time for an unknown address as for a wrong password.

Mail is queued in the outbox in the transaction that decides to send it. One-time
tokens sent by mail (`EmailToken`) are stored as SHA-256 digests, and the six-digit
sign-in code as an HMAC keyed by the secret key (a million codes are too few to survive
a plain hash); each is used by one atomic `UPDATE ... WHERE used_at IS NULL`, so a token
signs in once even when two requests race. Resetting a password and changing the email
address end the member's other sessions.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from itsdangerous import BadSignature, SignatureExpired
from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from app import emails
from app.config import Settings
from app.db import begin_write, write_transaction
from app.links import Links
from app.models import EmailToken, Role, TokenPurpose, User, UserSession, UserState, utcnow
from app.security import (
    hash_password,
    new_token,
    password_problem,
    signer,
    token_digest,
    verify_password,
)
from app.services import audit, outbox
from app.services.errors import AccountSuspended, Conflict, NotFound, ValidationFailed

VERIFY_LINK_MAX_AGE = timedelta(days=3)
SIGN_IN_CODE_ATTEMPTS = 5
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
) -> SignUp:
    """Create an unverified member and mail them a confirmation link; for an address that
    has an account, mail its owner instead and return it with `created=False`."""
    email = normalise_email(email)
    display_name, organisation = display_name.strip(), organisation.strip()
    errors = validate_profile(display_name=display_name, organisation=organisation)
    if problem := email_problem(email):
        errors["email"] = problem
    if problem := password_problem(password, email=email, display_name=display_name):
        errors["password"] = problem
    if errors:
        raise ValidationFailed(errors)

    password_hash = hash_password(password)  # slow on purpose: before the write lock
    begin_write(session)
    existing = find_user_by_email(session=session, email=email)
    if existing is not None:
        if existing.is_verified:
            links = Links(settings)
            _queue(session, settings, "account_exists", existing, login=links.login(),
                   forgot=links.forgot_password())  # fmt: skip
        else:
            _queue_verification(session, settings, existing)
        session.commit()
        return SignUp(user=existing, created=False)
    user = User(
        email=email,
        display_name=display_name,
        organisation=organisation,
        password_hash=password_hash,
    )
    session.add(user)
    session.flush()
    _queue_verification(session, settings, user)
    session.commit()
    return SignUp(user=user, created=True)


# Mails whose body is a key to the account (a one-time link or code).
SECRET_MAILS = {"verify", "sign_in", "password_reset", "email_change"}


def _queue(
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
    begin_write(session)
    errors = {}
    if problem := email_problem(email):
        errors["email"] = problem
    if problem := password_problem(password, email=email, display_name=display_name):
        errors["password"] = problem
    if find_user_by_email(session=session, email=email) is not None:
        errors["email"] = "There is already an account with that email."
    if errors:
        raise ValidationFailed(errors)
    user = User(
        email=email,
        display_name=display_name.strip(),
        organisation=organisation.strip(),
        password_hash=hash_password(password),
        role=role,
        email_verified_at=utcnow() if verified else None,
    )
    session.add(user)
    session.commit()
    return user


def find_user_by_email(*, session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == normalise_email(email))).first()


def authenticate(*, session: Session, email: str, password: str) -> User | None:
    """The member with this email and password, or None (same cost either way).

    Only someone who knows the password learns that the account is suspended
    (AccountSuspended); a wrong password gets the same None as an unknown address.
    """
    user = find_user_by_email(session=session, email=email)
    if not verify_password(user.password_hash if user else None, password):
        return None
    assert user is not None
    if user.state == UserState.suspended:
        raise AccountSuspended()
    return user


# --- roles -----------------------------------------------------------------------------


def assign_role(*, session: Session, actor: User | None, user_id: int, role: str) -> User:
    """Give a member a role, inside the caller's write transaction, with its audit event.

    The last active admin keeps the role: every admin row is locked first (FOR UPDATE on
    PostgreSQL), so two admins demoting each other at once cannot both succeed.
    """
    try:
        new_role = Role(role)
    except ValueError as error:
        raise ValidationFailed({"role": "Choose member, moderator or admin."}) from error
    admins = session.exec(
        select(User.id)
        .where(User.role == Role.admin, User.state == UserState.active)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    user = session.exec(
        select(User)
        .where(User.id == user_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if user is None:
        raise NotFound("There is no member at this address.")
    if user.role == new_role:
        return user
    if user.role == Role.admin and list(admins) == [user.id]:
        raise ValidationFailed(
            {"role": "This is the last admin. Make someone else an admin before changing this."}
        )
    before = user.role
    user.role = new_role
    session.add(user)
    audit.record(
        session, actor=actor, action="user.role", target_type="user", target_id=user.id,
        before={"role": before}, after={"role": new_role.value},
    )  # fmt: skip
    return user


def set_role(*, session: Session, email: str, role: Role) -> User:
    """`commonground set-role`: the same rules as the admin's form, recorded with no actor."""
    with write_transaction(session):
        user = find_user_by_email(session=session, email=email)
        if user is None:
            raise NotFound(f"No account with the email {email}.")
        return assign_role(session=session, actor=None, user_id=user.id, role=role)


# --- email verification ----------------------------------------------------------------


def verification_token(*, secret_key: str, user: User) -> str:
    return signer(secret_key, "verify").dumps({"user": user.id, "email": user.email})


def _queue_verification(session: Session, settings: Settings, user: User) -> None:
    token = verification_token(secret_key=settings.secret_key.get_secret_value(), user=user)
    _queue(session, settings, "verify", user, link=Links(settings).verify_email(token))


def resend_verification(*, session: Session, settings: Settings, user: User) -> None:
    begin_write(session)
    _queue_verification(session, settings, user)
    session.commit()


def user_for_verification_token(*, session: Session, secret_key: str, token: str) -> User:
    """The member a verification link is for; NotFound if it is forged, stale or expired."""
    try:
        data = signer(secret_key, "verify").loads(
            token, max_age=VERIFY_LINK_MAX_AGE.total_seconds()
        )
    except (BadSignature, SignatureExpired) as error:
        raise NotFound("This link is not valid or has expired.") from error
    user = session.get(User, data.get("user")) if isinstance(data, dict) else None
    # A link for an address the member has since changed no longer verifies anything.
    if user is None or user.email != data.get("email"):
        raise NotFound("This link is not valid or has expired.")
    return user


def verify_email(*, session: Session, secret_key: str, token: str) -> tuple[User, bool]:
    """Mark the address verified; returns the member and whether this link verified it."""
    begin_write(session)
    user = user_for_verification_token(session=session, secret_key=secret_key, token=token)
    if user.is_verified:
        return user, False
    user.email_verified_at = utcnow()
    session.add(user)
    session.commit()
    return user, True


# --- sessions --------------------------------------------------------------------------


def start_session(*, session: Session, user: User, days: int) -> str:
    """A new signed-in session for `user`; returns the token for the cookie."""
    if user.state == UserState.suspended:
        raise AccountSuspended()
    begin_write(session)
    token = new_token()
    now = utcnow()
    session.add(
        UserSession(
            id=token_digest(token),
            user_id=user.id,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
    )
    session.commit()
    return token


def end_session(*, session: Session, token: str) -> None:
    begin_write(session)
    session.exec(delete(UserSession).where(UserSession.id == token_digest(token)))
    session.commit()


def end_all_sessions(*, session: Session, user_id: int) -> None:
    """End every session of a member, inside the caller's transaction.

    The rows are expired rather than deleted: the browser that still holds one is then
    told, on its next request, that the account is suspended (AccountSuspended), instead
    of silently finding itself signed out. An expired row never signs anyone in again.
    """
    session.exec(
        update(UserSession)
        .where(col(UserSession.user_id) == user_id, col(UserSession.expires_at) > utcnow())
        .values(expires_at=utcnow())
    )


def user_for_session_token(*, session: Session, token: str) -> User | None:
    """The member behind a session cookie, or None if it has ended or expired.

    AccountSuspended if the member is suspended: their browser gets a 403 that says so.
    """
    found = session.exec(
        select(User, UserSession.expires_at)
        .join(UserSession, col(UserSession.user_id) == User.id)
        .where(UserSession.id == token_digest(token))
    ).first()
    if found is None:
        return None
    user, expires_at = found
    if user.state == UserState.suspended:
        raise AccountSuspended()
    if expires_at <= utcnow():
        return None
    return user


def live_member_query(digest, now):
    """(id, display_name, role) of the member whose session cookie's digest is `digest`,
    only if the session is live at `now` and the member active and verified: the members
    whose pages the member page cache may fill in (app/web/member_pages.py). Anyone else
    gets the full treatment of `user_for_session_token` (a suspended member's 403, the
    verification banner)."""
    return (
        select(User.id, User.display_name, User.role)
        .join(UserSession, col(UserSession.user_id) == User.id)
        .where(
            UserSession.id == digest,
            col(UserSession.expires_at) > now,
            User.state == UserState.active,
            col(User.email_verified_at).is_not(None),
        )
    )


def end_other_sessions(session: Session, *, user_id: int, keep_token: str | None) -> None:
    """Sign the member out everywhere but the browser holding `keep_token` (if it is
    theirs). Part of the caller's transaction."""
    query = delete(UserSession).where(col(UserSession.user_id) == user_id)
    if keep_token:
        query = query.where(col(UserSession.id) != token_digest(keep_token))
    session.exec(query)


# --- one-time tokens sent by mail ------------------------------------------------------


def _new_email_token(
    session: Session, user: User, purpose: TokenPurpose, lifetime: timedelta, **fields
) -> tuple[str, EmailToken]:
    """A new token for `user`; any earlier unused one for the same purpose stops working."""
    now = utcnow()
    session.exec(
        update(EmailToken)
        .where(
            col(EmailToken.user_id) == user.id,
            col(EmailToken.purpose) == purpose,
            col(EmailToken.used_at).is_(None),
            col(EmailToken.expires_at) > now,
        )
        .values(expires_at=now)
    )
    token = new_token()
    row = EmailToken(
        user_id=user.id,
        purpose=purpose,
        token_digest=token_digest(token),
        created_at=now,
        expires_at=now + lifetime,
        **fields,
    )
    session.add(row)
    return token, row


def _valid_token(session: Session, purpose: TokenPurpose, token: str) -> EmailToken | None:
    return session.exec(
        select(EmailToken).where(
            EmailToken.token_digest == token_digest(token),
            EmailToken.purpose == purpose,
            col(EmailToken.used_at).is_(None),
            EmailToken.expires_at > utcnow(),
        )
    ).first()


def _use_token(session: Session, purpose: TokenPurpose, token: str) -> tuple[int, str | None]:
    """Use the token once: (user id, new email) or NotFound if it is unknown, used or
    expired. The UPDATE is the check, so two racing requests cannot both use it."""
    used = session.exec(
        update(EmailToken)
        .where(
            col(EmailToken.token_digest) == token_digest(token),
            col(EmailToken.purpose) == purpose,
            col(EmailToken.used_at).is_(None),
            col(EmailToken.expires_at) > utcnow(),
        )
        .values(used_at=utcnow())
        .returning(col(EmailToken.user_id), col(EmailToken.new_email))
    ).first()
    if used is None:
        raise NotFound(_EXPIRED[purpose])
    return used[0], used[1]


_EXPIRED = {
    TokenPurpose.sign_in: "This sign-in link has expired or has already been used. "
    "Ask for a new one on the sign-in page.",
    TokenPurpose.password_reset: "This password reset link has expired or has already been "
    "used. Ask for a new one.",
    TokenPurpose.email_change: "This link has expired or has already been used. "
    "Ask for the change again from your settings.",
}


def _active_user(session: Session, user_id: int, purpose: TokenPurpose) -> User:
    user = session.get(User, user_id)
    if user is None or user.state != UserState.active:
        raise NotFound(_EXPIRED[purpose])
    return user


def _confirm_address(user: User, now: datetime) -> None:
    """Opening a link sent to the address proves it is the member's."""
    if user.email_verified_at is None:
        user.email_verified_at = now


def _mailable_user(session: Session, email: str) -> User | None:
    user = find_user_by_email(session=session, email=email)
    return user if user is not None and user.state == UserState.active else None


def _require_email(email: str) -> str:
    email = normalise_email(email)
    if problem := email_problem(email):
        raise ValidationFailed({"email": problem})
    return email


# --- sign-in by link or code -----------------------------------------------------------


def _code_digest(settings: Settings, token_digest_: str, code: str) -> str:
    key = settings.secret_key.get_secret_value().encode()
    message = f"sign-in-code:{token_digest_}:{code}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def request_sign_in_link(*, session: Session, settings: Settings, email: str) -> None:
    """Mail a sign-in link and a six-digit code to the account with this address, if there
    is one (the caller answers the same either way)."""
    email = _require_email(email)
    begin_write(session)
    user = _mailable_user(session, email)
    if user is not None:
        code = f"{secrets.randbelow(1_000_000):06d}"
        lifetime = timedelta(minutes=settings.sign_in_link_minutes)
        token, row = _new_email_token(session, user, TokenPurpose.sign_in, lifetime)
        row.code_digest = _code_digest(settings, row.token_digest, code)
        links = Links(settings)
        _queue(session, settings, "sign_in", user, link=links.sign_in_link(token), code=code,
               code_page=links.sign_in_code(), minutes=settings.sign_in_link_minutes)  # fmt: skip
    session.commit()


def check_sign_in_link(*, session: Session, token: str) -> None:
    """NotFound unless the link can still sign in (it is not used here)."""
    if _valid_token(session, TokenPurpose.sign_in, token) is None:
        raise NotFound(_EXPIRED[TokenPurpose.sign_in])


def sign_in_with_link(*, session: Session, token: str) -> User:
    """The member the link signs in; it works once. NotFound if used, expired or forged."""
    begin_write(session)
    user_id, _ = _use_token(session, TokenPurpose.sign_in, token)
    user = _active_user(session, user_id, TokenPurpose.sign_in)
    _confirm_address(user, utcnow())
    session.add(user)
    session.commit()
    return user


WRONG_CODE = (
    "That code is not right, or it has expired. Use the code in the latest email, "
    "or ask for a new one."
)


def sign_in_with_code(*, session: Session, settings: Settings, email: str, code: str) -> User:
    """The member whose latest sign-in mail holds `code`. The code works once, within its
    time, and dies after a few wrong tries; ValidationFailed otherwise (the same message
    whatever the reason, and whether or not the address has an account)."""
    code = "".join(code.split())
    wrong = ValidationFailed({"code": WRONG_CODE})
    begin_write(session)
    user = _mailable_user(session, normalise_email(email))
    if user is None or len(code) != 6 or not code.isdigit():
        session.commit()
        raise wrong
    now = utcnow()
    row = session.exec(
        select(EmailToken)
        .where(
            EmailToken.user_id == user.id,
            EmailToken.purpose == TokenPurpose.sign_in,
            col(EmailToken.used_at).is_(None),
            EmailToken.expires_at > now,
            EmailToken.attempts < SIGN_IN_CODE_ATTEMPTS,
        )
        .order_by(col(EmailToken.id).desc())
        .with_for_update()
    ).first()
    if row is None or not row.code_digest:
        session.commit()
        raise wrong
    if not hmac.compare_digest(row.code_digest, _code_digest(settings, row.token_digest, code)):
        row.attempts += 1
        session.add(row)
        session.commit()
        raise wrong
    row.used_at = now
    _confirm_address(user, now)
    session.add_all([row, user])
    session.commit()
    return user


# --- password reset --------------------------------------------------------------------


def request_password_reset(*, session: Session, settings: Settings, email: str) -> None:
    """Mail a reset link to the account with this address, if there is one."""
    email = _require_email(email)
    begin_write(session)
    user = _mailable_user(session, email)
    if user is not None:
        lifetime = timedelta(minutes=settings.password_reset_minutes)
        token, _ = _new_email_token(session, user, TokenPurpose.password_reset, lifetime)
        _queue(session, settings, "password_reset", user,
               link=Links(settings).password_reset(token),
               minutes=settings.password_reset_minutes)  # fmt: skip
    session.commit()


def password_reset_user(*, session: Session, token: str) -> User:
    """The member a reset link is for, if it can still be used (it is not used here)."""
    row = _valid_token(session, TokenPurpose.password_reset, token)
    if row is None:
        raise NotFound(_EXPIRED[TokenPurpose.password_reset])
    return _active_user(session, row.user_id, TokenPurpose.password_reset)


def reset_password(*, session: Session, token: str, password: str) -> User:
    """Set a new password with a reset link; the link works once, and every session the
    member had ends (the caller signs this browser in afresh)."""
    user = password_reset_user(session=session, token=token)
    if problem := password_problem(password, email=user.email, display_name=user.display_name):
        raise ValidationFailed({"password": problem})
    password_hash = hash_password(password)  # slow on purpose: before the write lock
    begin_write(session)
    user_id, _ = _use_token(session, TokenPurpose.password_reset, token)
    user = _active_user(session, user_id, TokenPurpose.password_reset)
    user.password_hash = password_hash
    _confirm_address(user, utcnow())
    session.add(user)
    end_other_sessions(session, user_id=user.id, keep_token=None)
    session.commit()
    return user


# --- changing the email address --------------------------------------------------------


def request_email_change(
    *, session: Session, settings: Settings, user: User, new_email: str, password: str
) -> None:
    """Mail a confirmation link to the new address (and a note to the old one). If the new
    address has an account, its owner is told instead, and the answer is the same."""
    new_email = normalise_email(new_email)
    errors = {}
    if problem := email_problem(new_email):
        errors["email"] = problem
    elif new_email == user.email:
        errors["email"] = "That is already your email address."
    if not verify_password(user.password_hash, password):
        errors["password"] = "That is not your current password."  # noqa: S105
    if errors:
        raise ValidationFailed(errors)
    begin_write(session)
    links = Links(settings)
    taken = find_user_by_email(session=session, email=new_email)
    if taken is not None:
        _queue(session, settings, "email_taken", taken, forgot=links.forgot_password())
    else:
        lifetime = timedelta(hours=settings.email_change_hours)
        token, _ = _new_email_token(
            session, user, TokenPurpose.email_change, lifetime, new_email=new_email
        )
        _queue(session, settings, "email_change", user, to=new_email, new_email=new_email,
               link=links.email_change(token), hours=settings.email_change_hours)  # fmt: skip
        _queue(session, settings, "email_change_notice", user, new_email=new_email,
               forgot=links.forgot_password())  # fmt: skip
    session.commit()


def pending_email_change(*, session: Session, token: str) -> str:
    """The new address a change link would confirm (the link is not used here)."""
    row = _valid_token(session, TokenPurpose.email_change, token)
    if row is None or row.new_email is None:
        raise NotFound(_EXPIRED[TokenPurpose.email_change])
    return row.new_email


def confirm_email_change(*, session: Session, token: str, keep_session: str | None) -> User:
    """Move the member to the new address, now confirmed, and end their sessions except
    the one holding `keep_session` (this browser, if it is theirs)."""
    begin_write(session)
    user_id, new_email = _use_token(session, TokenPurpose.email_change, token)
    user = _active_user(session, user_id, TokenPurpose.email_change)
    if new_email is None or find_user_by_email(session=session, email=new_email) is not None:
        raise Conflict("Another account uses that address now, so your email was not changed.")
    user.email = new_email
    user.email_verified_at = utcnow()
    session.add(user)
    end_other_sessions(session, user_id=user.id, keep_token=keep_session)
    session.commit()
    return user
