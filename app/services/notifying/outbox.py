"""The outbox: mail is recorded in the transaction of the action that causes it, and sent
by the mail worker afterwards, so a slow or broken mail server never fails a member's
request and a restart loses nothing queued (the transactional outbox pattern).

Sending never holds a database transaction open while it talks to the mail server:

1. claim: in one short write transaction, take up to a batch of due rows, count the
   attempt and push `next_attempt_at` one lease ahead under a fresh `lease_token`;
   commit. On PostgreSQL the rows are selected `FOR UPDATE SKIP LOCKED`, so several
   workers take different rows; SQLite's single write transaction serialises claims.
2. send each mail, with no transaction open.
3. record: sent, or failed for good, or due again after an exponential backoff; each in
   its own short transaction, and only if our lease is still the row's lease.

A worker that dies between 1 and 3 leaves its rows claimed until the lease runs out;
then any worker sends them. Delivery is therefore at least once: a mail is sent twice
only if a worker dies after the server accepted it and before step 3, and then with the
same Message-ID, which receiving servers use to drop the repeat.
"""

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import event, update
from sqlmodel import Session, col, select

from app.config import Settings
from app.db import write_transaction
from app.mail import Mail, MailFailure, deliver, new_message_id
from app.models import OutboxMail, OutboxStatus, utcnow
from app.security import new_token

log = logging.getLogger(__name__)

BATCH = 10  # small, so a batch of SMTP timeouts still ends well within a lease
MAX_BACKOFF = timedelta(hours=6)
_WAKES_WORKER = "commonground_wakes_mail_worker"

# Set when a transaction that queued mail commits; the mail worker in this process
# waits on it, so mail goes out at once instead of at the next poll.
WAKE = threading.Event()


REDACTED = "(This mail held a one-time link or code; it is not kept once sent.)"


def queue(
    session: Session, mail: Mail, *, kind: str, user_id: int | None, secret: bool = False
) -> OutboxMail:
    """Record `mail` for sending once the caller's transaction commits. `secret`: it
    holds a one-time link or code, so its body is blanked once it is sent or given up."""
    row = OutboxMail(
        kind=kind,
        user_id=user_id,
        secret=secret,
        to_address=mail.to,
        subject=mail.subject,
        text_body=mail.text,
        html_body=mail.html,
        headers=json.dumps(mail.headers),
        message_id=mail.message_id or new_message_id(),
        next_attempt_at=utcnow(),
    )
    session.add(row)
    wake_worker_after_commit(session)
    return row


def wake_worker_after_commit(session: Session) -> None:
    if not session.info.get(_WAKES_WORKER):
        session.info[_WAKES_WORKER] = True
        event.listen(session, "after_commit", _wake, once=True)


def _wake(session: Session) -> None:
    session.info.pop(_WAKES_WORKER, None)
    WAKE.set()


@dataclass
class Delivery:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    @property
    def attempted(self) -> int:
        return self.sent + self.retrying + self.failed


def deliver_due(
    *,
    session: Session,
    settings: Settings,
    now: datetime | None = None,
    batches: int = 20,
    stop: Callable[[], bool] = lambda: False,
) -> Delivery:
    """Send what is due, batch by batch, until nothing is due, `batches` are done, or
    `stop()` says so (checked between batches: a claimed batch is always finished)."""
    result = Delivery()
    for _ in range(batches):
        if stop():
            break
        claimed = claim_due(session=session, settings=settings, now=now)
        if not claimed:
            break
        for row in claimed:
            _send_one(session, settings, row, now, result)
    return result


def claim_due(
    *, session: Session, settings: Settings, now: datetime | None = None, limit: int = BATCH
) -> list[OutboxMail]:
    return claim(
        session, OutboxMail, now=now or utcnow(), lease_seconds=settings.mail_lease_seconds,
        limit=limit,
    )  # fmt: skip


def claim(session: Session, model, *, now: datetime, lease_seconds: int, limit: int) -> list:
    """Claim up to `limit` due rows of `model` (a table with the outbox's columns: status,
    attempts, next_attempt_at, lease_token), as step 1 above: mail, webhook deliveries
    and data exports all go out this way."""
    due = (model.status == OutboxStatus.pending, model.next_attempt_at <= now)
    # A plain read first: an idle worker never takes SQLite's write lock.
    nothing_due = session.exec(select(model.id).where(*due).limit(1)).first() is None
    session.commit()
    if nothing_due:
        return []
    with write_transaction(session):
        rows = list(
            session.exec(
                select(model)
                .where(*due)
                .order_by(col(model.next_attempt_at), col(model.id))
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        )
        lease = new_token()
        for row in rows:
            row.attempts += 1
            row.next_attempt_at = now + timedelta(seconds=lease_seconds)
            row.lease_token = lease
            session.add(row)
    return rows


def _send_one(
    session: Session, settings: Settings, row: OutboxMail, now: datetime | None, result: Delivery
) -> None:
    try:
        deliver(settings, mail_of(row))
    except MailFailure as error:
        if error.permanent or row.attempts >= settings.mail_max_attempts:
            log.error("giving up on mail %s to %s: %s", row.id, row.to_address, error)
            _record(session, row, status=OutboxStatus.failed, last_error=str(error), **_done(row))
            result.failed += 1
        else:
            retry_at = (now or utcnow()) + backoff(settings.mail_retry_seconds, row.attempts)
            log.warning("mail %s to %s will be retried: %s", row.id, row.to_address, error)
            _record(session, row, next_attempt_at=retry_at, last_error=str(error))
            result.retrying += 1
        return
    _record(session, row, status=OutboxStatus.sent, sent_at=now or utcnow(), **_done(row))
    result.sent += 1


def _done(row: OutboxMail) -> dict:
    """What a finished row keeps of its body."""
    return {"text_body": REDACTED, "html_body": REDACTED} if row.secret else {}


def backoff(first_seconds: int, attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: 1, 2, 4, 8... times
    `first_seconds`, at most MAX_BACKOFF."""
    seconds = first_seconds * 2 ** max(0, min(attempts - 1, 20))
    return min(timedelta(seconds=seconds), MAX_BACKOFF)


def _record(session: Session, row: OutboxMail, **values) -> None:
    record(session, OutboxMail, row, **values)


def record(session: Session, model, row, **values) -> None:
    """Write the outcome of a claimed row (step 3), unless our lease ran out and another
    worker owns the row now."""
    with write_transaction(session):
        session.exec(
            update(model)
            .where(col(model.id) == row.id, col(model.lease_token) == row.lease_token)
            .values(lease_token=None, **values)
        )


def mail_of(row: OutboxMail) -> Mail:
    return Mail(
        to=row.to_address,
        subject=row.subject,
        text=row.text_body,
        html=row.html_body,
        headers=json.loads(row.headers or "{}"),
        message_id=row.message_id,
    )
