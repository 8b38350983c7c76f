"""Roles: member, moderator, admin; the last active admin always keeps the role."""

from sqlmodel import Session, select

from app.db import lock_row, locking, write_transaction
from app.models import Role, User, UserState
from app.services.accounts.registration import find_user_by_email
from app.services.errors import NotFound, ValidationFailed
from app.services.moderation import audit

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
        locking(select(User.id).where(User.role == Role.admin, User.state == UserState.active))
    ).all()
    user = lock_row(session, User, user_id)
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
