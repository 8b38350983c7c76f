"""Signing in with a password, and server-side sessions.

A failed sign-in spends the same hashing time for an unknown address as for a wrong
password. The session cookie holds a random token; only its SHA-256 is stored.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, update
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
        raise AccountSuspended(user.suspension_reason)
    return user


# --- sessions --------------------------------------------------------------------------


# A session's last use is written at most this often: a write per page would queue every
# signed-in page on SQLite's write lock.
SEEN_EVERY = timedelta(minutes=5)
USER_AGENT_MAX = 200


def start_session(*, session: Session, user: User, days: int, user_agent: str = "") -> str:
    """A new signed-in session for `user`; returns the token for the cookie."""
    if user.state == UserState.suspended:
        raise AccountSuspended(user.suspension_reason)
    with write_transaction(session):
        token = new_token()
        now = utcnow()
        session.add(
            UserSession(
                id=token_digest(token),
                user_id=user.id,
                created_at=now,
                expires_at=now + timedelta(days=days),
                user_agent=user_agent[:USER_AGENT_MAX],
                last_seen_at=now,
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


@dataclass(frozen=True)
class SignedIn:
    user: User
    # When the session was last marked as used (None: before sessions recorded it).
    last_seen_at: datetime | None


def user_for_session_token(*, session: Session, token: str) -> User | None:
    """The member behind a session cookie, or None if it has ended or expired.

    AccountSuspended if the member is suspended: their browser gets a 403 that says so.
    """
    found = signed_in(session=session, token=token)
    return found.user if found else None


# Built once: every signed-in request asks it.
_SIGNED_IN = (
    select(User, UserSession.expires_at, UserSession.last_seen_at)
    .join(UserSession, col(UserSession.user_id) == User.id)
    .where(UserSession.id == bindparam("digest"))
)


def signed_in(*, session: Session, token: str) -> SignedIn | None:
    """`user_for_session_token`, with when the session was last used."""
    found = session.exec(_SIGNED_IN, params={"digest": token_digest(token)}).first()
    if found is None:
        return None
    user, expires_at, last_seen_at = found
    if user.state == UserState.suspended:
        raise AccountSuspended(user.suspension_reason)
    if expires_at <= utcnow():
        return None
    return SignedIn(user=user, last_seen_at=last_seen_at)


def note_use(*, session: Session, token: str, last_seen_at: datetime | None) -> None:
    """Record that the session was used now, if it was last recorded SEEN_EVERY ago."""
    now = utcnow()
    if last_seen_at is not None and now - last_seen_at < SEEN_EVERY:
        return
    with write_transaction(session, unseen=True):
        session.exec(
            update(UserSession)
            .where(col(UserSession.id) == token_digest(token))
            .values(last_seen_at=now)
        )


# --- a member's list of their sessions -------------------------------------------------


@dataclass(frozen=True)
class SessionRow:
    """One signed-in browser, as the member's session list shows it."""

    id: str  # the stored digest, never the cookie's token
    device: str
    created_at: datetime
    last_seen_at: datetime | None
    current: bool


def list_sessions(*, session: Session, user: User, current_token: str | None) -> list[SessionRow]:
    """The member's live sessions, the most recently used first."""
    current = token_digest(current_token) if current_token else None
    rows = session.exec(
        select(UserSession)
        .where(UserSession.user_id == user.id, col(UserSession.expires_at) > utcnow())
        .order_by(col(UserSession.last_seen_at).desc(), col(UserSession.created_at).desc())
    ).all()
    return [
        SessionRow(
            id=row.id,
            device=describe_device(row.user_agent),
            created_at=row.created_at,
            last_seen_at=row.last_seen_at,
            current=row.id == current,
        )
        for row in rows
    ]


def end_member_session(*, session: Session, user: User, session_id: str) -> bool:
    """Sign out one of the member's own sessions; False if it was not theirs (or gone)."""
    with write_transaction(session):
        ended = session.exec(
            delete(UserSession)
            .where(col(UserSession.id) == session_id, col(UserSession.user_id) == user.id)
            .returning(col(UserSession.id))
        ).first()
    return ended is not None


def end_sessions_but_this(*, session: Session, user: User, keep_token: str | None) -> None:
    with write_transaction(session):
        end_other_sessions(session, user_id=user.id, keep_token=keep_token)


_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
             ("Chrome/", "Chrome"), ("Chromium/", "Chromium"), ("Safari/", "Safari"))  # fmt: skip
_SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"),
            ("Windows", "Windows"), ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"),
            ("Linux", "Linux"))  # fmt: skip


def describe_device(user_agent: str) -> str:
    """ "Firefox on Windows" from a browser's User-Agent: enough to tell one's own devices
    apart (the order matters: Edge and Opera also say Chrome, Chrome also says Safari)."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), None)
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "An unknown browser"


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
