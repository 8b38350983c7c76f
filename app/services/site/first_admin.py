"""The first admin, made in the browser: while no admin exists, the server prints a set-up
link at start-up (as Discourse and Grafana do), and whoever opens it creates the first
admin account. `commonground create-user --role admin` does the same from the shell.

The link is signed with the secret key and works for a day, and only while there is no
admin: once one is made, every set-up link is dead, so it works once.
"""

from itsdangerous import BadSignature, SignatureExpired
from sqlmodel import Session, select

from app.config import Settings
from app.db import write_transaction
from app.links import Links
from app.models import Role, User, UserState
from app.security import new_token, signer
from app.services.accounts import registration
from app.services.errors import NotFound, ValidationFailed
from app.services.moderation import audit
from app.services.site import pages
from app.services.site import settings as site_settings

SETUP_LINK_SECONDS = 24 * 3600


def has_admin(session: Session) -> bool:
    return (
        session.exec(
            select(User.id).where(User.role == Role.admin, User.state == UserState.active).limit(1)
        ).first()
        is not None
    )


def setup_link(*, settings: Settings) -> str:
    token = signer(settings.secret_key.get_secret_value(), "setup").dumps({"n": new_token()[:16]})
    return Links(settings).setup(token)


def check_token(*, session: Session, settings: Settings, token: str) -> None:
    """NotFound unless `token` is a live set-up link and no admin exists yet."""
    try:
        signer(settings.secret_key.get_secret_value(), "setup").loads(
            token, max_age=SETUP_LINK_SECONDS
        )
    except (BadSignature, SignatureExpired) as error:
        raise NotFound("This set-up link is not valid or has expired.") from error
    if has_admin(session):
        raise NotFound("This forum already has an admin, so its set-up link no longer works.")


def create_first_admin(
    *,
    session: Session,
    settings: Settings,
    token: str,
    email: str,
    password: str,
    display_name: str,
    organisation: str,
) -> User:
    """The first admin, verified, who agreed to the current pages; audited."""
    check_token(session=session, settings=settings, token=token)
    errors = registration.validate_profile(
        display_name=display_name.strip(), organisation=organisation.strip()
    )
    if errors:
        raise ValidationFailed(errors)
    with write_transaction(session):
        # On PostgreSQL two set-ups at once would both find no admin: they queue here.
        site_settings.lock_site(session)
        if has_admin(session):  # another tab was quicker
            raise NotFound("This forum already has an admin, so its set-up link no longer works.")
        user = registration.create_user(
            session=session,
            email=email,
            password=password,
            display_name=display_name,
            organisation=organisation,
            role=Role.admin,
        )
        session.flush()
        pages.record_sign_up_agreement(session, user.id)
        audit.record(
            session, actor=user, action="site.first_admin", target_type="user", target_id=user.id
        )
    return user


def link_if_no_admin(engine, settings: Settings) -> str | None:
    """At start-up: the set-up link to print, while the forum has no admin; None once it
    has one (or before its tables exist)."""
    from sqlalchemy.exc import SQLAlchemyError

    from app.db import open_session

    try:
        with open_session(engine) as session:
            if has_admin(session):
                return None
    except SQLAlchemyError:
        return None  # not migrated yet: `commonground migrate` first
    return setup_link(settings=settings)
