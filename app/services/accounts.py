"""Members: sign-up, verification, password sign-in, server-side sessions and roles.

Sign-up and sign-in never tell a visitor whether an address has an account: sign-up
answers "check your email" either way (the owner of an existing account gets a mail
saying so instead of a new account), and a failed sign-in spends the same hashing time
for an unknown address as for a wrong password.
"""

from dataclasses import dataclass
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from itsdangerous import BadSignature, SignatureExpired
from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from app.db import begin_write, write_transaction
from app.models import Role, User, UserSession, UserState, utcnow
from app.security import (
    hash_password,
    new_token,
    password_problem,
    signer,
    token_digest,
    verify_password,
)
from app.services import audit
from app.services.errors import AccountSuspended, NotFound, ValidationFailed

VERIFY_LINK_MAX_AGE = timedelta(days=3)
DISPLAY_NAME_MAX = 60
ORGANISATION_MAX = 120


def normalise_email(email: str) -> str:
    return email.strip().lower()


def email_problem(email: str) -> str | None:
    if not email:
        return "Enter your email address."
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return "Enter an email address like name@example.org."
    return None


def validate_profile(*, display_name: str, organisation: str) -> dict[str, str]:
    errors = {}
    if len(display_name) < 2:
        errors["display_name"] = "Enter the name other members will see (at least 2 characters)."
    elif len(display_name) > DISPLAY_NAME_MAX:
        errors["display_name"] = f"Keep your name to {DISPLAY_NAME_MAX} characters."
    if not organisation:
        errors["organisation"] = "Enter your organisation, or 'Independent'."
    elif len(organisation) > ORGANISATION_MAX:
        errors["organisation"] = f"Keep the organisation to {ORGANISATION_MAX} characters."
    return errors


@dataclass(frozen=True)
class SignUp:
    user: User
    created: bool


def sign_up(
    *, session: Session, email: str, password: str, display_name: str, organisation: str
) -> SignUp:
    """Create an unverified member, or return the existing one with `created=False`."""
    email = normalise_email(email)
    display_name, organisation = display_name.strip(), organisation.strip()
    errors = validate_profile(display_name=display_name, organisation=organisation)
    if problem := email_problem(email):
        errors["email"] = problem
    if problem := password_problem(password, email=email, display_name=display_name):
        errors["password"] = problem
    if errors:
        raise ValidationFailed(errors)

    begin_write(session)
    existing = find_user_by_email(session=session, email=email)
    if existing is not None:
        return SignUp(user=existing, created=False)
    user = User(
        email=email,
        display_name=display_name,
        organisation=organisation,
        password_hash=hash_password(password),
    )
    session.add(user)
    session.commit()
    return SignUp(user=user, created=True)


def create_user(
    *,
    session: Session,
    email: str,
    password: str,
    display_name: str,
    organisation: str = "",
    role: Role = Role.member,
    verified: bool = True,
) -> User:
    """An account made by an operator (CLI, demo data): no mail, verified by default."""
    email = normalise_email(email)
    begin_write(session)
    errors = {}
    if problem := email_problem(email):
        errors["email"] = problem
    if problem := password_problem(password, email=email, display_name=display_name):
        errors["password"] = problem
    if find_user_by_email(session=session, email=email) is not None:
        errors["email"] = "There is already an account with that email."
    if errors:
        raise ValidationFailed(errors)
    user = User(
        email=email,
        display_name=display_name.strip(),
        organisation=organisation.strip(),
        password_hash=hash_password(password),
        role=role,
        email_verified_at=utcnow() if verified else None,
    )
    session.add(user)
    session.commit()
    return user


def find_user_by_email(*, session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == normalise_email(email))).first()


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
        select(User.id)
        .where(User.role == Role.admin, User.state == UserState.active)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    user = session.exec(
        select(User)
        .where(User.id == user_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
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


# --- email verification ----------------------------------------------------------------


def verification_token(*, secret_key: str, user: User) -> str:
    return signer(secret_key, "verify").dumps({"user": user.id, "email": user.email})


def user_for_verification_token(*, session: Session, secret_key: str, token: str) -> User:
    """The member a verification link is for; NotFound if it is forged, stale or expired."""
    try:
        data = signer(secret_key, "verify").loads(
            token, max_age=VERIFY_LINK_MAX_AGE.total_seconds()
        )
    except (BadSignature, SignatureExpired) as error:
        raise NotFound("This link is not valid or has expired.") from error
    user = session.get(User, data.get("user")) if isinstance(data, dict) else None
    # A link for an address the member has since changed no longer verifies anything.
    if user is None or user.email != data.get("email"):
        raise NotFound("This link is not valid or has expired.")
    return user


def verify_email(*, session: Session, secret_key: str, token: str) -> tuple[User, bool]:
    """Mark the address verified; returns the member and whether this link verified it."""
    begin_write(session)
    user = user_for_verification_token(session=session, secret_key=secret_key, token=token)
    if user.is_verified:
        return user, False
    user.email_verified_at = utcnow()
    session.add(user)
    session.commit()
    return user, True


# --- sessions --------------------------------------------------------------------------


def start_session(*, session: Session, user: User, days: int) -> str:
    """A new signed-in session for `user`; returns the token for the cookie."""
    if user.state == UserState.suspended:
        raise AccountSuspended()
    begin_write(session)
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
    session.commit()
    return token


def end_session(*, session: Session, token: str) -> None:
    begin_write(session)
    session.exec(delete(UserSession).where(UserSession.id == token_digest(token)))
    session.commit()


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
