"""Moderating members: the searchable list, suspension, and roles.

Who may act on whom (Discourse's staff rules, narrowed by the issue): moderators act on
members only; admins act on anyone but themselves; an active admin is never suspended
(demote first), and only admins change roles. With the last-admin rule in
`roles.assign_role` this keeps at least one active admin at all times. (An admin can
still lift the suspension of a suspended member who was later made admin from the
command line.)
"""

from dataclasses import dataclass

from sqlalchemy import or_
from sqlmodel import Session, col, select

from app.db import lock_row, write_transaction
from app.models import Role, User, UserState
from app.services.accounts import roles, sessions
from app.services.errors import Forbidden, NotFound, ValidationFailed
from app.services.moderation import audit

PAGE_SIZE = 50
QUERY_MAX = 100


@dataclass(frozen=True)
class MemberPage:
    items: list[User]
    next_cursor: int | None


def list_members(
    *, session: Session, query: str = "", after_id: int | None = None, limit: int = PAGE_SIZE
) -> MemberPage:
    """Members oldest first, optionally those whose name, email or organisation contains
    `query`; a page at a time by id."""
    statement = select(User).order_by(col(User.id)).limit(limit + 1)
    query = query.strip()[:QUERY_MAX]
    if query:
        statement = statement.where(
            or_(
                col(User.email).icontains(query, autoescape=True),
                col(User.display_name).icontains(query, autoescape=True),
                col(User.organisation).icontains(query, autoescape=True),
            )
        )
    if after_id is not None:
        statement = statement.where(col(User.id) > after_id)
    rows = list(session.exec(statement))
    next_cursor = rows[limit - 1].id if len(rows) > limit else None
    return MemberPage(items=rows[:limit], next_cursor=next_cursor)


def may_act_on(actor: User, target: User) -> bool:
    """Whether `actor` may suspend `target`, or lift their suspension if they have one
    (the members page shows the button only then)."""
    if actor.id == target.id or target.state == UserState.deleted:
        return False
    if target.role == Role.admin and target.state != UserState.suspended:
        return False
    return actor.role == Role.admin or target.role == Role.member


def _lock_member(session: Session, user_id: int) -> User:
    user = lock_row(session, User, user_id)
    if user is None:
        raise NotFound("There is no member at this address.")
    return user


def _check_may_act(actor: User, target: User) -> None:
    if target.state == UserState.deleted:
        raise NotFound("There is no member at this address.")
    if actor.id == target.id:
        raise Forbidden("You can't suspend your own account or lift your own suspension.")
    if target.role == Role.admin and actor.role != Role.admin:
        raise Forbidden("Moderators can't act on an admin.")
    if target.role == Role.admin and target.state != UserState.suspended:
        raise Forbidden("Admins can't be suspended. An admin can change their role first.")
    if not may_act_on(actor, target):
        raise Forbidden("Only admins can suspend moderators or lift their suspension.")


REASON_MAX = 1_000


def suspend(*, session: Session, actor: User, user_id: int, reason: str) -> User:
    """Suspend a member, for a reason they are told when they try to sign in and the
    audit log keeps: their sessions end now and they can't sign in."""
    reason = reason.strip()
    with write_transaction(session):
        user = _lock_member(session, user_id)
        _check_may_act(actor, user)
        if not reason:
            raise ValidationFailed({"reason": "Say why: the member is told, and the log keeps it."})
        if len(reason) > REASON_MAX:
            raise ValidationFailed({"reason": f"Keep the reason to {REASON_MAX:,} characters."})
        if user.state == UserState.suspended:
            return user
        user.state = UserState.suspended
        user.suspension_reason = reason
        session.add(user)
        sessions.end_all_sessions(session=session, user_id=user.id)
        audit.record(
            session, actor=actor, action="user.suspend", target_type="user", target_id=user.id,
            before={"state": UserState.active.value},
            after={"state": UserState.suspended.value, "reason": reason},
        )  # fmt: skip
    return user


def unsuspend(*, session: Session, actor: User, user_id: int) -> User:
    with write_transaction(session):
        user = _lock_member(session, user_id)
        _check_may_act(actor, user)
        if user.state == UserState.active:
            return user
        user.state = UserState.active
        user.suspension_reason = ""
        session.add(user)
        audit.record(
            session, actor=actor, action="user.unsuspend", target_type="user", target_id=user.id,
            before={"state": UserState.suspended.value}, after={"state": UserState.active.value},
        )  # fmt: skip
    return user


def change_role(*, session: Session, actor: User, user_id: int, role: str) -> User:
    """An admin gives a member a role (the last admin keeps theirs)."""
    if actor.role != Role.admin:
        raise Forbidden("Only admins can change roles.")
    with write_transaction(session):
        return roles.assign_role(session=session, actor=actor, user_id=user_id, role=role)
