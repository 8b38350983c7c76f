"""Personal API tokens: a member makes them in their settings, named and scoped, and sees
each once. Only the SHA-256 of a token is stored (as for sessions), with its first
characters as a hint. A token acts as its member, within its scope and never beyond what
the member may do on the pages; a suspended or erased member's tokens stop working.
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from app.db import write_transaction
from app.models import ApiScope, ApiToken, User, UserState, utcnow
from app.security import new_token, token_digest
from app.services.errors import AccountSuspended, NotFound, ValidationFailed

PREFIX = "cg_"
NAME_MAX = 60
TOKENS_MAX = 20
# Last use is written at most this often (a write per request would queue every API
# call on SQLite's write lock).
SEEN_EVERY = timedelta(minutes=5)
SCOPE_ORDER = (ApiScope.read, ApiScope.write, ApiScope.moderate)


def scopes_for(user: User) -> list[ApiScope]:
    """The scopes a member may give a token: moderate only for moderators."""
    return list(SCOPE_ORDER) if user.is_moderator else [ApiScope.read, ApiScope.write]


def allows(scope: str, needed: ApiScope) -> bool:
    """Whether a token of `scope` may do what needs `needed` (each includes the ones
    before it)."""
    return SCOPE_ORDER.index(ApiScope(scope)) >= SCOPE_ORDER.index(needed)


def list_tokens(*, session: Session, user: User) -> list[ApiToken]:
    return list(
        session.exec(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(col(ApiToken.id).desc())
        )
    )


def create_token(*, session: Session, user: User, name: str, scope: str) -> tuple[ApiToken, str]:
    """A new token; returns it with the secret, which is shown once and never again."""
    name = " ".join(name.split())
    errors = {}
    if not name:
        errors["name"] = "Name the token after what will use it, like “Survey analysis”."
    elif len(name) > NAME_MAX:
        errors["name"] = f"Keep the name to {NAME_MAX} characters."
    if scope not in {s.value for s in scopes_for(user)}:
        errors["scope"] = "Choose what the token may do."
    if errors:
        raise ValidationFailed(errors)
    with write_transaction(session):
        count = session.exec(
            select(func.count()).select_from(ApiToken).where(ApiToken.user_id == user.id)
        ).one()
        if count >= TOKENS_MAX:
            raise ValidationFailed(
                {"name": f"You have {TOKENS_MAX} tokens already. Revoke one you no longer use."}
            )
        secret = PREFIX + new_token()
        row = ApiToken(
            user_id=user.id,
            name=name,
            scope=ApiScope(scope),
            token_digest=token_digest(secret),
            hint=secret[: len(PREFIX) + 6],
        )
        session.add(row)
    return row, secret


def revoke_token(*, session: Session, user: User, token_id: int) -> None:
    with write_transaction(session):
        gone = session.exec(
            delete(ApiToken)
            .where(col(ApiToken.id) == token_id, col(ApiToken.user_id) == user.id)
            .returning(col(ApiToken.id))
        ).first()
    if gone is None:
        raise NotFound("There is no such token among yours. It may have been revoked already.")


@dataclass(frozen=True)
class TokenHolder:
    """Who a request's token speaks for, and what it may do."""

    user: User
    token_id: int
    scope: str


def authenticate(*, session: Session, secret: str) -> TokenHolder | None:
    """The member and scope behind a bearer token, or None if it is unknown or revoked, or
    its member erased. AccountSuspended for a suspended member's token."""
    found = session.exec(
        select(User, ApiToken.id, ApiToken.scope, ApiToken.last_used_at)
        .join(ApiToken, col(ApiToken.user_id) == User.id)
        .where(ApiToken.token_digest == token_digest(secret))
    ).first()
    session.commit()
    if found is None:
        return None
    user, token_id, scope, last_used_at = found
    if user.state == UserState.suspended:
        raise AccountSuspended(user.suspension_reason)
    if user.state != UserState.active:
        return None
    now = utcnow()
    if last_used_at is None or now - last_used_at >= SEEN_EVERY:
        with write_transaction(session, unseen=True):
            session.exec(
                update(ApiToken).where(col(ApiToken.id) == token_id).values(last_used_at=now)
            )
    session.expunge(user)
    return TokenHolder(user=user, token_id=token_id, scope=scope)
