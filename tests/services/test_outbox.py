"""The outbox and the mail worker, against a real local SMTP server (aiosmtpd): mail that
always arrives, exactly once, whatever the mail server or the worker does."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from app.db import WRITE_OPTION, open_session, write_transaction
from app.mail import Mail
from app.models import OutboxMail, OutboxStatus, utcnow
from app.services.notifying import outbox
from app.worker import MailWorker
from tests.conftest import TEST_SECRET, Client, end_test_transactions, send_queued_mail
from tests.factories import PASSWORD
from tests.smtp import Inbox, smtp_settings, start_server


def _queue(session, count: int = 1) -> list[OutboxMail]:
    with write_transaction(session):
        rows = [
            outbox.queue(
                session,
                Mail(
                    to=f"member{n}@example.org",
                    subject=f"Mail number {n}",
                    text=f"Text {n}",
                    html=f"<p>Html {n}</p>",
                    headers={"List-Unsubscribe": f"<http://testserver/unsubscribe/{n}>"},
                ),
                kind="test",
                user_id=None,
            )
            for n in range(count)
        ]
    return rows


def _rows(session) -> list[OutboxMail]:
    end_test_transactions()
    query = select(OutboxMail).order_by(col(OutboxMail.id))
    return list(session.exec(query.execution_options(populate_existing=True)))


@pytest.fixture
def smtp():
    servers = []

    def start(inbox: Inbox):
        controller = start_server(inbox)
        servers.append(controller)
        return controller

    yield start
    for server in servers:
        server.stop()


def test_a_queued_mail_is_sent_once_and_recorded(session, engine, settings, mailbox):
    [row] = _queue(session)

    assert len(mailbox()) == 1
    assert len(mailbox()) == 1, "a second pass sends nothing again"
    [sent] = _rows(session)
    assert sent.status == OutboxStatus.sent and sent.attempts == 1 and sent.sent_at
    assert mailbox()[0]["Message-ID"] == row.message_id


def test_a_server_that_refuses_the_first_attempts_gets_the_mail_exactly_once(
    session, engine, settings, smtp
):
    inbox = Inbox(refuse_first=2)
    sending = smtp_settings(settings, smtp(inbox))
    _queue(session)
    now = utcnow()

    first = send_queued_mail(engine, sending, now=now, digests=False)
    [row] = _rows(session)
    assert (first.retrying, row.attempts, row.status) == (1, 1, OutboxStatus.pending)
    assert "451" in row.last_error
    assert row.next_attempt_at == now + timedelta(seconds=settings.mail_retry_seconds)

    too_soon = send_queued_mail(engine, sending, now=now + timedelta(seconds=30), digests=False)
    assert too_soon.sent + too_soon.retrying == 0, "nothing is tried before the backoff ends"

    later = now + timedelta(seconds=settings.mail_retry_seconds)
    second = send_queued_mail(engine, sending, now=later, digests=False)
    [row] = _rows(session)
    assert second.retrying == 1
    assert row.next_attempt_at == later + 2 * timedelta(seconds=settings.mail_retry_seconds)

    third = send_queued_mail(engine, sending, now=row.next_attempt_at, digests=False)
    [row] = _rows(session)
    assert third.sent == 1 and row.status == OutboxStatus.sent and row.attempts == 3
    send_queued_mail(engine, sending, now=row.next_attempt_at + timedelta(days=1), digests=False)
    assert len(inbox.messages) == 1 and inbox.data_commands == 3


def test_a_mailbox_that_does_not_exist_is_not_retried(session, engine, settings, smtp):
    sending = smtp_settings(settings, smtp(Inbox(refuse_recipients=550)))
    _queue(session)

    result = send_queued_mail(engine, sending, digests=False)

    [row] = _rows(session)
    assert result.failed == 1
    assert row.status == OutboxStatus.failed and "550" in row.last_error


def test_the_worker_gives_up_after_the_last_attempt(session, engine, settings):
    nobody = smtp_settings(settings, None, mail_max_attempts=2)
    _queue(session)
    now = utcnow()

    send_queued_mail(engine, nobody, now=now, digests=False)
    send_queued_mail(engine, nobody, now=now + timedelta(hours=1), digests=False)

    [row] = _rows(session)
    assert (row.status, row.attempts) == (OutboxStatus.failed, 2)
    assert "Connection refused" in row.last_error or "ConnectionRefused" in row.last_error


def test_a_mail_server_that_is_down_never_fails_a_members_request(app, engine, settings, session):
    down = smtp_settings(settings, None)
    app.state.settings = down

    response = Client(app).submit(
        "/signup",
        {"email": "amara@example.org", "password": PASSWORD, "display_name": "Amara Okafor",
         "organisation": "Riverside Youth Trust"},
    )  # fmt: skip

    assert response.status_code == 303
    send_queued_mail(engine, down, digests=False)
    [row] = _rows(session)
    assert row.to_address == "amara@example.org" and row.status == OutboxStatus.pending
    assert row.attempts == 1 and row.last_error


def test_a_claimed_mail_waits_out_its_lease_before_another_worker_sends_it(
    session, engine, settings
):
    _queue(session, 2)
    now = utcnow()

    with open_session(engine) as first, open_session(engine) as second:
        claimed = outbox.claim_due(session=first, settings=settings, now=now)
        assert len(claimed) == 2
        assert outbox.claim_due(session=second, settings=settings, now=now) == []
        later = now + timedelta(seconds=settings.mail_lease_seconds)
        assert len(outbox.claim_due(session=second, settings=settings, now=later)) == 2


postgresql_only = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


@postgresql_only
def test_workers_on_postgresql_skip_rows_another_worker_is_claiming(session, engine, settings):
    _queue(session, 3)

    with open_session(engine) as first, open_session(engine) as second:
        first.connection(execution_options={WRITE_OPTION: True})  # a write, held open
        held = first.exec(
            select(OutboxMail).order_by(col(OutboxMail.id)).limit(1).with_for_update()
        ).one()
        # The first row is locked by a claim in progress; another worker takes the rest
        # at once instead of waiting for it.
        claimed = [row.id for row in outbox.claim_due(session=second, settings=settings)]
        held_id = held.id
        first.rollback()

    assert len(claimed) == 2 and held_id not in claimed


def test_the_worker_thread_sends_mail_as_soon_as_it_is_queued(session, engine, settings):
    worker = MailWorker(engine, settings.model_copy(update={"mail_poll_seconds": 60}))
    worker.start()
    try:
        _queue(session)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _rows(session)[0].status != OutboxStatus.sent:
            time.sleep(0.05)
    finally:
        worker.stop()

    assert _rows(session)[0].status == OutboxStatus.sent


COMMAND = str(Path(sys.executable).with_name("commonground"))


def _worker_process(database_url: str, settings, port: int, *, once: bool = False):
    environment = {
        **os.environ,
        "COMMONGROUND_DATABASE_URL": database_url,
        "COMMONGROUND_VAR_DIR": str(settings.var_dir),
        "COMMONGROUND_SECRET_KEY": TEST_SECRET,
        "COMMONGROUND_MAIL_BACKEND": "smtp",
        "COMMONGROUND_SMTP_HOST": "127.0.0.1",
        "COMMONGROUND_SMTP_PORT": str(port),
        "COMMONGROUND_SMTP_SECURITY": "none",
        "COMMONGROUND_SMTP_TIMEOUT": "20",
        "COMMONGROUND_MAIL_LEASE_SECONDS": "2",
        "COMMONGROUND_MAIL_POLL_SECONDS": "0.1",
    }
    command = [COMMAND, "send-mail", *(["--once"] if once else [])]
    return subprocess.Popen(
        command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def test_a_worker_killed_between_queueing_and_sending_loses_nothing_and_repeats_nothing(
    session, engine, settings, database_url, smtp
):
    inbox = Inbox()
    inbox.hold = True  # the first message is neither accepted nor refused...
    server = smtp(inbox)
    queued = _queue(session, 3)

    worker = _worker_process(database_url, settings, server.port)
    try:
        # A process start (imports) can take tens of seconds on a loaded machine.
        assert inbox.holding.wait(120), "the worker never started sending"
        worker.send_signal(signal.SIGKILL)  # ...until the worker is dead
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
    inbox.hold = False
    inbox.release.set()

    rows = _rows(session)
    # Claimed (the attempt counted, under a lease) but not sent.
    assert [(row.status, row.attempts) for row in rows] == [(OutboxStatus.pending, 1)] * 3
    assert inbox.messages == []

    time.sleep(2.1)  # the dead worker's lease runs out
    restarted = _worker_process(database_url, settings, server.port, once=True)
    output, _ = restarted.communicate(timeout=60)
    assert restarted.returncode == 0, output
    _worker_process(database_url, settings, server.port, once=True).communicate(timeout=60)

    rows = _rows(session)
    assert [row.status for row in rows] == [OutboxStatus.sent] * 3
    assert sorted(m["Message-ID"] for m in inbox.messages) == sorted(q.message_id for q in queued)
    assert sorted(m["To"] for m in inbox.messages) == sorted(q.to_address for q in queued)
