"""Signing in with a password, and server-side sessions.

A failed sign-in spends the same hashing time for an unknown address as for a wrong
password. The session cookie holds a random token; only its SHA-256 is stored.
"""

from datetime import timedelta

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from app.db import write_transaction
from app.models import User, UserSession, UserState, utcnow
from app.security import (
    new_token,
    token_digest,
    verify_password,
)
from app.services.accounts.registration import find_user_by_email
from app.services.errors import AccountSuspended


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


# --- sessions --------------------------------------------------------------------------


def start_session(*, session: Session, user: User, days: int) -> str:
    """A new signed-in session for `user`; returns the token for the cookie."""
    if user.state == UserState.suspended:
        raise AccountSuspended()
    with write_transaction(session):
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
    return token


def end_session(*, session: Session, token: str) -> None:
    with write_transaction(session):
        session.exec(delete(UserSession).where(UserSession.id == token_digest(token)))


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
    whose pages the member page cache may fill in (app/fast/member_pages.py). Anyone else
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
