"""A member's own account: their profile (name, organisation, bio) and their password.

Changing the password asks for the current one (ASVS V2.1.6) and ends every other
session, as a password reset does: whoever had the old password is signed out.
"""

from dataclasses import dataclass, replace

from sqlmodel import Session

from app.db import lock_row, write_transaction
from app.models import User
from app.security import hash_password, password_problem, verify_password
from app.services.accounts.registration import validate_profile
from app.services.accounts.sessions import end_other_sessions
from app.services.errors import NotFound, ValidationFailed

BIO_MAX = 1_000


@dataclass(frozen=True)
class ProfileDraft:
    """The profile form's fields. A new field of the profile (segment answers, say) is
    added here, in `_check`, in `update_profile` and in the form."""

    display_name: str = ""
    organisation: str = ""
    bio: str = ""

    @classmethod
    def of(cls, user: User) -> "ProfileDraft":
        return cls(display_name=user.display_name, organisation=user.organisation, bio=user.bio)

    def cleaned(self) -> "ProfileDraft":
        return replace(
            self,
            display_name=" ".join(self.display_name.split()),
            organisation=" ".join(self.organisation.split()),
            bio=self.bio.strip(),
        )


def _check(draft: ProfileDraft) -> None:
    errors = validate_profile(display_name=draft.display_name, organisation=draft.organisation)
    if len(draft.bio) > BIO_MAX:
        errors["bio"] = f"Keep it to {BIO_MAX:,} characters."
    if errors:
        raise ValidationFailed(errors)


def update_profile(*, session: Session, user: User, draft: ProfileDraft) -> User:
    draft = draft.cleaned()
    _check(draft)
    with write_transaction(session):
        row = lock_row(session, User, user.id)
        if row is None or row.is_former:
            raise NotFound("This account no longer exists.")
        row.display_name, row.organisation, row.bio = (
            draft.display_name,
            draft.organisation,
            draft.bio,
        )
        session.add(row)
    return row


def change_password(
    *, session: Session, user: User, current_password: str, new_password: str, keep_token: str
) -> User:
    """Set a new password, knowing the current one; every other session ends."""
    errors = {}
    if not verify_password(user.password_hash, current_password):
        errors["current_password"] = "That is not your current password."  # noqa: S105
    problem = password_problem(new_password, email=user.email, display_name=user.display_name)
    if problem:
        errors["new_password"] = problem
    elif current_password and new_password == current_password:
        errors["new_password"] = "Choose a password different from your current one."  # noqa: S105
    if errors:
        raise ValidationFailed(errors)
    password_hash = hash_password(new_password)  # slow on purpose: before the write lock
    with write_transaction(session):
        row = lock_row(session, User, user.id)
        if row is None or row.is_former:
            raise NotFound("This account no longer exists.")
        row.password_hash = password_hash
        session.add(row)
        end_other_sessions(session, user_id=row.id, keep_token=keep_token)
    return row
