"""Dependency aliases, so a route reads `def vote(idea_id: int, user: VerifiedUser)`."""

from collections.abc import AsyncIterator
from typing import Annotated

from annotated_types import Interval
from fastapi import Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from sqlmodel import Session

from app.config import Settings
from app.db import open_session
from app.models import Role, User
from app.ratelimit import RateLimiter
from app.security import SESSION_COOKIE
from app.services.accounts import sessions
from app.services.bounds import MAX_ID
from app.services.errors import Forbidden
from app.services.moderation import flags
from app.services.notifying.notifications import unread_count
from app.web.caching import PageCaching, mark_public, page_caching


class LoginRequired(Exception):
    """No one is signed in; the visitor is sent to the sign-in page and brought back."""


class VerificationRequired(Exception):
    """Signed in, but the email address is not confirmed yet."""


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_rate_limiter(request: Request) -> RateLimiter:
    return request.app.state.rate_limiter


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One session per request, closed on the event loop when the request is done.

    A database connection must never wait for a thread-pool slot: if every thread were
    blocked waiting for a connection held by a request waiting for a thread, the worker
    would stall. So the session is closed here (async, no thread needed), and the
    member lookup below gives its connection back before its thread is released.
    """
    session = open_session(request.app.state.engine)
    try:
        yield session
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session)]
# On a route: an anonymous visitor's copy of this page may come from the page cache.
PublicPage = Depends(mark_public)
PageCachingDep = Annotated[PageCaching, Depends(page_caching)]
# Form fields: a missing field is "" (or None), and the form comes back with its errors.
FormStr = Annotated[str, Form()]
# An id in a path, query or form: a number past what the database holds names nothing
# (a path's is a 404, any other a 422), and never reaches the database.
Id = Annotated[int, Interval(ge=1, le=MAX_ID)]
OptionalFormInt = Annotated[Id | None, Form()]
SettingsDep = Annotated[Settings, Depends(get_settings)]
RateLimiterDep = Annotated[RateLimiter, Depends(get_rate_limiter)]


async def optional_user(request: Request, session: SessionDep) -> User | None:
    """The signed-in member, or None. A suspended member's request stops here with a 403
    (AccountSuspended), whatever it asked for. An anonymous visitor's request (no session
    cookie) reads nothing, so it is answered here without a thread-pool hop."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        request.state.unread_count = request.state.pending_reports = 0
        request.state.user = None
        return None
    return await run_in_threadpool(_signed_in_user, request, session, token)


def _signed_in_user(request: Request, session: Session, token: str) -> User | None:
    found = None
    try:
        found = sessions.signed_in(session=session, token=token)
        user = found.user if found else None
        # The navigation shows the unread count on every page; read it in the same snapshot.
        request.state.unread_count = unread_count(session=session, user=user) if user else 0
        # A moderator's navigation shows how many reported items wait for them.
        request.state.pending_reports = (
            flags.count_waiting(session=session) if user and user.is_moderator else 0
        )
    finally:
        session.commit()  # end the read transaction: its connection goes back to the pool
    if found is not None:
        sessions.note_use(session=session, token=token, last_seen_at=found.last_seen_at)
    if user is not None:
        # Detached with its values loaded: a service that rolls back (refusing an action)
        # expires the session's objects, and the error page still shows who is signed in.
        session.expunge(user)
    request.state.user = user
    return user


OptionalUser = Annotated[User | None, Depends(optional_user)]


async def current_user(user: OptionalUser) -> User:
    if user is None:
        raise LoginRequired()
    return user


CurrentUser = Annotated[User, Depends(current_user)]


async def verified_user(user: CurrentUser) -> User:
    if not user.is_verified:
        raise VerificationRequired()
    return user


VerifiedUser = Annotated[User, Depends(verified_user)]


async def require_moderator(user: CurrentUser) -> User:
    """Moderators and admins; everyone else signed in gets a 403 (anonymous: sign in)."""
    if not user.is_moderator:
        raise Forbidden("Only the inquiry's moderators can do that.")
    return user


ModeratorUser = Annotated[User, Depends(require_moderator)]


async def require_admin(user: ModeratorUser) -> User:
    if user.role != Role.admin:
        raise Forbidden("Only admins can do that.")
    return user


AdminUser = Annotated[User, Depends(require_admin)]
