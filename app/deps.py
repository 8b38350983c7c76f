"""Dependency aliases, so a route reads `def vote(idea_id: int, user: VerifiedUser)`."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.config import Settings
from app.db import open_session
from app.models import User
from app.ratelimit import RateLimiter
from app.security import SESSION_COOKIE
from app.services.accounts import user_for_session_token
from app.services.notifications import unread_count


class LoginRequired(Exception):
    """No one is signed in; the visitor is sent to the sign-in page and brought back."""


class VerificationRequired(Exception):
    """Signed in, but the email address is not confirmed yet."""


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_rate_limiter(request: Request) -> RateLimiter:
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
SettingsDep = Annotated[Settings, Depends(get_settings)]
RateLimiterDep = Annotated[RateLimiter, Depends(get_rate_limiter)]


def optional_user(request: Request, session: SessionDep) -> User | None:
    token = request.cookies.get(SESSION_COOKIE)
    user = user_for_session_token(session=session, token=token) if token else None
    # The navigation shows the unread count on every page; read it in the same snapshot.
    request.state.unread_count = unread_count(session=session, user=user) if user else 0
    session.commit()  # end the read transaction: its connection goes back to the pool
    request.state.user = user
    return user


OptionalUser = Annotated[User | None, Depends(optional_user)]


def current_user(user: OptionalUser) -> User:
    if user is None:
        raise LoginRequired()
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def verified_user(user: CurrentUser) -> User:
    if not user.is_verified:
        raise VerificationRequired()
    return user


VerifiedUser = Annotated[User, Depends(verified_user)]
