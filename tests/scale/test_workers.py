"""The worker process compose.yaml runs beside the app (`commonground send-mail`), three
at once on one PostgreSQL: every one of them schedules digests, yet each member gets one
per period; and 200 mails are sent exactly once, though one worker is killed (SIGKILL)
mid-batch, its claimed mail left to the others once its lease runs out (app/services/
notifying/outbox.py, notification_mail.py). A local SMTP server counts what arrives, by
Message-ID and by the login each worker sends with. Needs PostgreSQL
(COMMONGROUND_TEST_POSTGRES_URL) and redis-server."""

from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import Connection, text
from sqlmodel import col, func, select

from app.db import open_session
from app.mail import Mail
from app.models import (
    MailFrequency,
    MailState,
    Notification,
    NotificationKind,
    NotificationSettings,
    OutboxMail,
    OutboxStatus,
    utcnow,
)
from app.services.notifying import outbox
from tests.factories import make_comment, make_idea, make_user
from tests.redis_server import WAIT, until
from tests.scale.cluster import Worker
from tests.smtp import PASSWORD, Sink, start_server

pytestmark = pytest.mark.slow

WORKERS = ("victim", "second", "third")  # each logs in to the SMTP server by its name
DIGEST_MEMBERS = 30
MAILS = 200
LEASE_SECONDS = 5  # short, so that the killed worker's mail is taken over within the test
# Deadlines, not waits: on a loaded machine three interpreters take a minute to import
# the app, and a mail (a connection, a login, a message) tens of milliseconds.
START_SECONDS = 90
SEND_SECONDS = 60
CLAIM_RACE_SECONDS = 1


@dataclass
class Workers:
    sink: Sink
    processes: dict[str, Worker]
    digest_members: list[str]  # their addresses
    lock: Connection

    def release_digests(self) -> None:
        """Let the workers, all waiting at the first member's digest, race on."""
        if self.lock.in_transaction():
            self.lock.rollback()


@pytest.fixture(scope="module")
def workers(backing):
    sink = Sink()
    controller = start_server(sink)
    digest_members = _members_with_a_digest_due(backing.engine, DIGEST_MEMBERS)
    # Holding every worker at its first digest until all three are there: they then
    # make the same members' digests at the same moment, the race the guard is for.
    lock = backing.engine.connect()
    lock.execute(text("LOCK TABLE notification_settings IN EXCLUSIVE MODE"))
    settings = {
        "redis_url": backing.redis.url,
        "mail_backend": "smtp",
        "smtp_host": "127.0.0.1",
        "smtp_port": str(controller.port),
        "smtp_security": "none",
        "smtp_password": PASSWORD,
        "mail_poll_seconds": "0.1",
        "mail_lease_seconds": str(LEASE_SECONDS),
    }
    with ExitStack() as stack:
        stack.callback(controller.stop)
        processes = {
            name: stack.enter_context(
                Worker(backing.tmp, f"worker-{name}", backing.url, smtp_user=name, **settings)
            )
            for name in WORKERS
        }
        stack.callback(lock.close)  # first: a worker waiting on it could not stop
        until(lambda: _waiting_on_a_lock(backing.engine) == len(WORKERS), seconds=START_SECONDS)
        yield Workers(sink, processes, digest_members, lock)


def _members_with_a_digest_due(engine, count: int) -> list[str]:
    """`count` members with a comment waiting, since two days ago, for their daily digest."""
    with open_session(engine) as session:
        idea = make_idea(session, title="A shared pool of volunteer drivers")
        comment = make_comment(session, idea=idea, body="We could share the insurance too.")
        members = [make_user(session) for _ in range(count)]
        long_ago = utcnow() - timedelta(days=2)
        for member in members:
            session.add(NotificationSettings(user_id=member.id, mail_comment=MailFrequency.daily))
            session.add(
                Notification(
                    user_id=member.id, kind=NotificationKind.comment, idea_id=idea.id,
                    comment_id=comment.id, actor_id=comment.author_id, created_at=long_ago,
                    mail_state=MailState.digest,
                )
            )  # fmt: skip
        session.commit()
        return [member.email for member in members]


def _waiting_on_a_lock(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
        ).scalar_one()


def _pending(engine) -> int:
    with open_session(engine) as session:
        return session.exec(
            select(func.count()).where(OutboxMail.status == OutboxStatus.pending)
        ).one()


def _digests(sink: Sink) -> Counter:
    return Counter(to for _, _, to, subject in sink.accepted if "digest" in subject)


def test_each_member_gets_one_digest_though_every_worker_schedules_them(workers, backing):
    workers.release_digests()
    until(
        lambda: (
            sum(_digests(workers.sink).values()) >= DIGEST_MEMBERS and _pending(backing.engine) == 0
        )
    )
    assert _digests(workers.sink) == Counter(workers.digest_members)
    with open_session(backing.engine) as session:
        made = session.exec(
            select(func.count()).where(col(OutboxMail.kind) == f"digest.{MailFrequency.daily}")
        ).one()
    assert made == DIGEST_MEMBERS, "one queued per member, not one sent and one not"


def test_200_mails_are_sent_exactly_once_though_a_worker_is_killed_mid_batch(workers, backing):
    workers.release_digests()
    until(lambda: _pending(backing.engine) == 0, seconds=SEND_SECONDS)  # the digests are out
    sink = workers.sink
    # The victim's third mail from now is held: it has sent two of its batch, holds the
    # rest claimed, and the server has not answered the one in hand.
    sink.hold("victim", sink.data_commands("victim") + 3)
    # Due in a moment; by then the table is locked, so that every worker is held at its
    # claim and all of them claim at once when it is let go (the race the locking is for).
    due_at = utcnow() + timedelta(seconds=CLAIM_RACE_SECONDS)
    queued = _queue(backing.engine, MAILS, due_at=due_at)
    with backing.engine.connect() as lock:
        lock.execute(text("LOCK TABLE outbox_mail IN EXCLUSIVE MODE"))
        until(lambda: _waiting_on_a_lock(backing.engine) == len(WORKERS), seconds=SEND_SECONDS)
        lock.rollback()

    assert sink.holding.wait(WAIT), "the victim took part"
    workers.processes["victim"].kill()
    sink.release.set()  # its mail in hand is refused (451): its connection is gone

    def all_sent() -> bool:
        return queued <= set(sink.message_ids()) and _pending(backing.engine) == 0

    def state() -> str:
        received = len(queued & set(sink.message_ids()))
        return f"{received} received, {_pending(backing.engine)} pending, {sink.senders()}"

    until(all_sent, seconds=LEASE_SECONDS + SEND_SECONDS, state=state)
    received = Counter(m for m in sink.message_ids() if m in queued)
    assert set(received) == queued and max(received.values()) == 1, "each exactly once"
    by_worker = Counter(login for login, message_id, *_ in sink.accepted if message_id in queued)
    assert by_worker["second"] and by_worker["third"], f"both took part: {by_worker}"
    with open_session(backing.engine) as session:
        rows = session.exec(select(OutboxMail).where(col(OutboxMail.message_id).in_(queued)))
        attempts = Counter(row.attempts for row in rows if row.status == OutboxStatus.sent)
    assert sum(attempts.values()) == MAILS
    assert attempts[2] >= 1, f"the victim's claimed mail was taken over: {attempts}"
    assert _digests(sink) == Counter(workers.digest_members), "no digest made twice meanwhile"


def _queue(engine, count: int, *, due_at) -> set[str]:
    """`count` mails queued in one transaction, due at `due_at`."""
    with open_session(engine) as session:
        rows = [
            outbox.queue(
                session,
                Mail(
                    to=f"reader-{n}@example.org",
                    subject=f"Mail {n}",
                    text="Hello.",
                    html="<p>Hello.</p>",
                ),
                kind="test",
                user_id=None,
            )
            for n in range(count)
        ]
        for row in rows:
            row.next_attempt_at = due_at
        session.commit()
        return {row.message_id for row in rows}
