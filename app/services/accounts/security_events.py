"""Security events, in the log and in the audit trail where moderators read them: signing
in (and failing to), sign-in links and codes sent and used, password resets, sign-in
limits reached. One line per event on the `commonground.security` logger (a log system
can alert on it), and an audit row for an account that exists (a failed guess at an
unknown address names nobody, and is only logged)."""

import logging

from sqlmodel import Session

from app.db import write_transaction
from app.models import User
from app.services.moderation import audit

log = logging.getLogger("commonground.security")

EVENTS = {name: label for name, label in audit.ACTIONS.items() if name.startswith("security.")}


def record(session: Session, event: str, *, user: User | None, ip: str, how: str = "") -> None:
    """Log `event` (one of EVENTS) for `user` from client address `ip`, and audit it."""
    log.info(
        "%s user=%s ip=%s%s", event, user.id if user else "-", ip, f" how={how}" if how else ""
    )
    if user is None:
        return
    with write_transaction(session):
        audit.record(
            session, actor=user, action=event, target_type="user", target_id=user.id,
            after={"ip": ip, **({"how": how} if how else {})},
        )  # fmt: skip
