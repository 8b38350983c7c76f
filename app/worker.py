"""The mail worker: turns notifications into mail, makes the digests that are due, and
sends what the outbox holds; beside mail, it makes members' data downloads and delivers
webhooks, through the same claims and back-off.

It runs as a thread in each app process (started and stopped by the app's lifespan
unless `COMMONGROUND_MAIL_WORKER=off`), or on its own with `commonground send-mail`.
Several workers may run against one database: each step claims its rows safely (see
`app.services.outbox` and `app.services.notification_mail`). It wakes when a
transaction in this process queued mail, and otherwise every `mail_poll_seconds`. An
error in a pass (the database restarting, say) is logged and the next pass tries again;
it never stops the worker.
"""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine

from app.config import Settings
from app.db import open_session
from app.services.accounts import data_export
from app.services.notifying import notification_mail, outbox
from app.services.rounds import notices
from app.services.sharing import webhooks

log = logging.getLogger(__name__)

DIGEST_CHECK_INTERVAL = timedelta(minutes=15)


@dataclass
class Pass:
    notifications: int = 0
    digests: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    exports: int = 0
    round_notices: int = 0
    webhook_deliveries: "webhooks.WebhookPass | None" = None


def run_once(
    engine: Engine,
    settings: Settings,
    *,
    now: datetime | None = None,
    digests: bool = True,
    stop: Callable[[], bool] = lambda: False,
) -> Pass:
    """One pass: make the data downloads that are due and deliver webhooks, queue the
    rounds' notices and notification mail (and digests if asked), then send what is due."""
    result = Pass()
    with open_session(engine) as session:
        result.exports = data_export.prepare_due(session=session, settings=settings, now=now)
        result.webhook_deliveries = webhooks.deliver_due(
            session=session, settings=settings, now=now
        )
        result.round_notices = notices.send_due(session=session, settings=settings, now=now)
        result.notifications = notification_mail.queue_immediate(
            session=session, settings=settings, now=now
        )
        if digests:
            result.digests = notification_mail.queue_digests(
                session=session, settings=settings, now=now
            )
        delivery = outbox.deliver_due(session=session, settings=settings, now=now, stop=stop)
    result.sent, result.retrying, result.failed = (
        delivery.sent,
        delivery.retrying,
        delivery.failed,
    )
    return result


class MailWorker:
    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._next_digest_check = 0.0

    def start(self) -> None:
        self._stopping.clear()
        self._thread = threading.Thread(target=self.run, name="mail-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 15.0) -> None:
        """Finish the mail in hand and stop; what is still queued waits for the next run."""
        self._stopping.set()
        outbox.WAKE.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def run(self) -> None:
        while not self._stopping.is_set():
            outbox.WAKE.clear()
            self.step()
            outbox.WAKE.wait(self.settings.mail_poll_seconds)

    def step(self) -> None:
        digests = time.monotonic() >= self._next_digest_check
        try:
            result = run_once(
                self.engine, self.settings, digests=digests, stop=self._stopping.is_set
            )
        except Exception:
            log.exception("mail worker pass failed; trying again shortly")
            return
        if digests:
            self._next_digest_check = time.monotonic() + DIGEST_CHECK_INTERVAL.total_seconds()
        if result.sent or result.retrying or result.failed or result.digests:
            log.info(
                "mail worker: %s sent, %s to retry, %s failed, %s digests made",
                result.sent, result.retrying, result.failed, result.digests,
            )  # fmt: skip


class InsightWorker:
    """Recomputes the insight (app/services/insight) in the background once enough has
    changed: a thread of its own, so that a long analysis never holds up mail. Several
    processes may each run one; a lease lets one compute at a time."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stopping.clear()
        self._thread = threading.Thread(target=self.run, name="insight-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 15.0) -> None:
        """Stop between runs (a run in progress finishes first, up to `timeout`)."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def run(self) -> None:
        while not self._stopping.wait(self.settings.insight_poll_seconds):
            self.step()

    def step(self) -> bool:
        """One look: compute if due; whether it computed."""
        from app.services.insight import compute  # numpy and scikit-learn load on first use

        try:
            with open_session(self.engine) as session:
                if not compute.due(session, self.settings):
                    return False
                return compute.compute_insight(session=session, settings=self.settings) is not None
        except Exception:
            log.exception("insight worker pass failed; trying again later")
            return False
