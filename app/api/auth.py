"""Who an API request speaks for: a personal token sent as `Authorization: Bearer`, or
no one. The API never reads cookies, so a page on another site cannot make a browser act
through it, and there is no CSRF token to send. Every request is counted against a rate
limit: per token (reads and writes apart), or per client address without a token."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.api.problems import InsufficientScope, Unauthorized
from app.deps import RateLimiterDep, SessionDep, SettingsDep
from app.models import ApiScope, User
from app.services.accounts import api_tokens
from app.services.accounts.api_tokens import TokenHolder

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="A personal API token, made in Settings › API tokens (it starts `cg_`).",
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def _client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _holder(request: Request, session, credentials) -> TokenHolder | None:
    if credentials is None:
        if request.headers.get("authorization"):
            raise Unauthorized("Send the token as `Authorization: Bearer <token>`.")
        return None
    holder = api_tokens.authenticate(session=session, secret=credentials.credentials)
    if holder is None:
        raise Unauthorized("This token is not known: it may have been revoked.")
    return holder


def reader(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limiter: RateLimiterDep,
    credentials: Credentials,
) -> TokenHolder | None:
    """A read: any token, or none (what an anonymous visitor of the pages sees)."""
    holder = _holder(request, session, credentials)
    if holder is None:
        limiter.hit((settings.rate_limit_api_anonymous, "api-anonymous", _client_ip(request)))
    else:
        limiter.hit((settings.rate_limit_api_read, "api-read", str(holder.token_id)))
    return holder


def _needing(scope: ApiScope):
    def needs(
        request: Request,
        session: SessionDep,
        settings: SettingsDep,
        limiter: RateLimiterDep,
        credentials: Credentials,
    ) -> TokenHolder:
        holder = _holder(request, session, credentials)
        if holder is None:
            raise Unauthorized("This needs a personal API token.")
        limiter.hit((settings.rate_limit_api_write, "api-write", str(holder.token_id)))
        if not api_tokens.allows(holder.scope, scope):
            raise InsufficientScope(f"This token may not do that: it needs the {scope} scope.")
        if scope == ApiScope.moderate and not holder.user.is_moderator:
            raise InsufficientScope("Only the inquiry's moderators can do that.")
        return holder

    return needs


Reader = Annotated[TokenHolder | None, Depends(reader)]
Writer = Annotated[TokenHolder, Depends(_needing(ApiScope.write))]
ModeratorToken = Annotated[TokenHolder, Depends(_needing(ApiScope.moderate))]


def viewer(holder: TokenHolder | None) -> User | None:
    return holder.user if holder else None
