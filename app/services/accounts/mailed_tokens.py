"""What a one-time token sent by mail does: sign in by a link or a six-digit code, reset
the password, confirm a new email address.

A link or reset is mailed only to an existing account, with the same answer either way.
Tokens (`EmailToken`) are stored as SHA-256 digests, and the six-digit sign-in code as an
HMAC keyed by the secret key (a million codes are too few to survive a plain hash); each
is used by one atomic `UPDATE ... WHERE used_at IS NULL`, so a token signs in once even
when two requests race. Resetting a password and changing the email address end the
member's other sessions.
"""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from app.config import Settings
from app.db import locking, write_transaction
from app.links import Links
from app.models import EmailToken, TokenPurpose, User, UserState, utcnow
from app.security import (
    hash_password,
    new_token,
    password_problem,
    token_digest,
    verify_password,
)
from app.services.accounts.registration import (
    email_problem,
    find_user_by_email,
    mail_member,
    normalise_email,
)
from app.services.accounts.sessions import end_other_sessions
from app.services.errors import Conflict, LinkExpired, ValidationFailed

SIGN_IN_CODE_ATTEMPTS = 5


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
        raise LinkExpired(_EXPIRED[purpose])
    return used[0], used[1]


_EXPIRED = {
    TokenPurpose.sign_in: "This sign-in link has expired or has already been used. "
    "Ask for a new one on the sign-in page.",
    TokenPurpose.password_reset: "This password reset link has expired or has already been "
    "used. Ask for a new one.",
    TokenPurpose.email_change: "This link has expired or has already been used. "
    "Ask for the change again from your settings.",
    TokenPurpose.account_delete: "This link has expired or has already been used. "
    "Ask for a new one from your settings.",
}


def _active_user(session: Session, user_id: int, purpose: TokenPurpose) -> User:
    user = session.get(User, user_id)
    if user is None or user.state != UserState.active:
        raise LinkExpired(_EXPIRED[purpose])
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
    with write_transaction(session):
        user = _mailable_user(session, email)
        if user is not None:
            code = f"{secrets.randbelow(1_000_000):06d}"
            lifetime = timedelta(minutes=settings.sign_in_link_minutes)
            token, row = _new_email_token(session, user, TokenPurpose.sign_in, lifetime)
            row.code_digest = _code_digest(settings, row.token_digest, code)
            links = Links(settings)
            mail_member(
                session,
                settings,
                "sign_in",
                user,
                link=links.sign_in_link(token),
                code=code,
                code_page=links.sign_in_code(),
                minutes=settings.sign_in_link_minutes,
            )


def check_sign_in_link(*, session: Session, token: str) -> None:
    """NotFound unless the link can still sign in (it is not used here)."""
    if _valid_token(session, TokenPurpose.sign_in, token) is None:
        raise LinkExpired(_EXPIRED[TokenPurpose.sign_in])


def sign_in_with_link(*, session: Session, token: str) -> User:
    """The member the link signs in; it works once. NotFound if used, expired or forged."""
    with write_transaction(session):
        user_id, _ = _use_token(session, TokenPurpose.sign_in, token)
        user = _active_user(session, user_id, TokenPurpose.sign_in)
        _confirm_address(user, utcnow())
        session.add(user)
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
    if len(code) != 6 or not code.isdigit():
        raise ValidationFailed({"code": WRONG_CODE})
    with write_transaction(session):
        # A wrong code counts against the token, and that count must be committed: the
        # refusal is raised once the transaction is over.
        user = _code_user(session, settings, normalise_email(email), code)
    if user is None:
        raise ValidationFailed({"code": WRONG_CODE})
    return user


def _code_user(session: Session, settings: Settings, email: str, code: str) -> User | None:
    """The member `code` signs in (its token used), or None, having counted a wrong try."""
    user = _mailable_user(session, email)
    if user is None:
        return None
    now = utcnow()
    row = session.exec(
        locking(select(EmailToken))
        .where(
            EmailToken.user_id == user.id,
            EmailToken.purpose == TokenPurpose.sign_in,
            col(EmailToken.used_at).is_(None),
            EmailToken.expires_at > now,
            EmailToken.attempts < SIGN_IN_CODE_ATTEMPTS,
        )
        .order_by(col(EmailToken.id).desc())
    ).first()
    if row is None or not row.code_digest:
        return None
    if not hmac.compare_digest(row.code_digest, _code_digest(settings, row.token_digest, code)):
        row.attempts += 1
        session.add(row)
        return None
    row.used_at = now
    _confirm_address(user, now)
    session.add_all([row, user])
    return user


# --- password reset --------------------------------------------------------------------


def request_password_reset(*, session: Session, settings: Settings, email: str) -> None:
    """Mail a reset link to the account with this address, if there is one."""
    email = _require_email(email)
    with write_transaction(session):
        user = _mailable_user(session, email)
        if user is not None:
            lifetime = timedelta(minutes=settings.password_reset_minutes)
            token, _ = _new_email_token(session, user, TokenPurpose.password_reset, lifetime)
            mail_member(
                session,
                settings,
                "password_reset",
                user,
                link=Links(settings).password_reset(token),
                minutes=settings.password_reset_minutes,
            )


def password_reset_user(*, session: Session, token: str) -> User:
    """The member a reset link is for, if it can still be used (it is not used here)."""
    row = _valid_token(session, TokenPurpose.password_reset, token)
    if row is None:
        raise LinkExpired(_EXPIRED[TokenPurpose.password_reset])
    return _active_user(session, row.user_id, TokenPurpose.password_reset)


def reset_password(*, session: Session, token: str, password: str) -> User:
    """Set a new password with a reset link; the link works once, and every session the
    member had ends (the caller signs this browser in afresh)."""
    user = password_reset_user(session=session, token=token)
    if problem := password_problem(password, email=user.email, display_name=user.display_name):
        raise ValidationFailed({"password": problem})
    password_hash = hash_password(password)  # slow on purpose: before the write lock
    with write_transaction(session):
        user_id, _ = _use_token(session, TokenPurpose.password_reset, token)
        user = _active_user(session, user_id, TokenPurpose.password_reset)
        user.password_hash = password_hash
        _confirm_address(user, utcnow())
        session.add(user)
        end_other_sessions(session, user_id=user.id, keep_token=None)
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
    with write_transaction(session):
        links = Links(settings)
        taken = find_user_by_email(session=session, email=new_email)
        if taken is not None:
            mail_member(session, settings, "email_taken", taken, forgot=links.forgot_password())
        else:
            lifetime = timedelta(hours=settings.email_change_hours)
            token, _ = _new_email_token(
                session, user, TokenPurpose.email_change, lifetime, new_email=new_email
            )
            mail_member(
                session,
                settings,
                "email_change",
                user,
                to=new_email,
                new_email=new_email,
                link=links.email_change(token),
                hours=settings.email_change_hours,
            )
            mail_member(
                session,
                settings,
                "email_change_notice",
                user,
                new_email=new_email,
                forgot=links.forgot_password(),
            )


def pending_email_change(*, session: Session, token: str) -> str:
    """The new address a change link would confirm (the link is not used here)."""
    row = _valid_token(session, TokenPurpose.email_change, token)
    if row is None or row.new_email is None:
        raise LinkExpired(_EXPIRED[TokenPurpose.email_change])
    return row.new_email


def confirm_email_change(*, session: Session, token: str, keep_session: str | None) -> User:
    """Move the member to the new address, now confirmed, and end their sessions except
    the one holding `keep_session` (this browser, if it is theirs)."""
    with write_transaction(session):
        user_id, new_email = _use_token(session, TokenPurpose.email_change, token)
        user = _active_user(session, user_id, TokenPurpose.email_change)
        if new_email is None or find_user_by_email(session=session, email=new_email) is not None:
            raise Conflict("Another account uses that address now, so your email was not changed.")
        user.email = new_email
        user.email_verified_at = utcnow()
        session.add(user)
        end_other_sessions(session, user_id=user.id, keep_token=keep_session)
    return user


# --- confirming the erasure of an account ----------------------------------------------


def request_account_deletion(*, session: Session, settings: Settings, user: User) -> None:
    """Mail the member a link that confirms erasing their account, for when they don't
    know their password (it lasts as long as a password reset link)."""
    with write_transaction(session):
        lifetime = timedelta(minutes=settings.password_reset_minutes)
        token, _ = _new_email_token(session, user, TokenPurpose.account_delete, lifetime)
        mail_member(
            session,
            settings,
            "account_delete",
            user,
            link=Links(settings).account_delete(token),
            minutes=settings.password_reset_minutes,
        )


def check_account_deletion_link(*, session: Session, user: User, token: str) -> None:
    """NotFound unless the link can still confirm erasing this member's account."""
    row = _valid_token(session, TokenPurpose.account_delete, token)
    if row is None or row.user_id != user.id:
        raise LinkExpired(_EXPIRED[TokenPurpose.account_delete])


def use_account_deletion_link(*, session: Session, user: User, token: str) -> None:
    """Use the link, inside the caller's write transaction (the erasure's own)."""
    user_id, _ = _use_token(session, TokenPurpose.account_delete, token)
    if user_id != user.id:
        raise LinkExpired(_EXPIRED[TokenPurpose.account_delete])
