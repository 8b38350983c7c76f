"""Webhooks: admins name an address and the events it wants (a new idea, a new comment,
a status change, a merge); each event is then POSTed there as JSON, signed.

An event is queued as a WebhookDelivery per webhook in the transaction of what happened,
and the worker delivers it with the outbox's machinery (outbox.claim, outbox.record,
outbox.backoff): claimed with a lease, sent with no transaction open, retried with
exponential back-off until `webhook_max_attempts`, each answer kept for the delivery log.
A 2xx answer is a delivery; anything else, or no answer, is retried.

Payloads are signed as Standard Webhooks (standardwebhooks.com) specifies, so receivers
can verify them with its libraries: headers `webhook-id` (the same on every retry, so a
receiver can drop repeats), `webhook-timestamp` and `webhook-signature: v1,<base64 of
HMAC-SHA256 over "id.timestamp.body">`, keyed by the webhook's `whsec_` secret.
"""

import base64
import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import httpx
from sqlmodel import Session, col, select

from app.config import Settings
from app.db import lock_row, write_transaction
from app.models import OutboxStatus, User, Webhook, WebhookDelivery, WebhookEvent, utcnow
from app.services.errors import NotFound, ValidationFailed
from app.services.moderation import audit
from app.services.notifying import outbox
from app.services.sharing import public

log = logging.getLogger(__name__)

URL_MAX = 500
DESCRIPTION_MAX = 120
RESPONSE_KEPT = 1_000
BATCH = 10
LOG_SIZE = 50
SUBSCRIBABLE = [event for event in WebhookEvent if event != WebhookEvent.ping]


# --- configuring -----------------------------------------------------------------------


@dataclass(frozen=True)
class WebhookDraft:
    """The webhook form's fields."""

    url: str = ""
    description: str = ""
    events: tuple[str, ...] = ()
    active: bool = True


def _check(draft: WebhookDraft, settings: Settings) -> WebhookDraft:
    draft = WebhookDraft(
        url=draft.url.strip(),
        description=" ".join(draft.description.split()),
        events=tuple(dict.fromkeys(draft.events)),
        active=draft.active,
    )
    errors = {}
    if problem := url_problem(draft.url, settings):
        errors["url"] = problem
    if len(draft.description) > DESCRIPTION_MAX:
        errors["description"] = f"Keep the description to {DESCRIPTION_MAX} characters."
    if not draft.events or not set(draft.events) <= {e.value for e in SUBSCRIBABLE}:
        errors["events"] = "Choose at least one event from the list."
    if errors:
        raise ValidationFailed(errors)
    return draft


def url_problem(url: str, settings: Settings) -> str | None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "Enter the full address, like https://example.org/hooks/common-ground."
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > URL_MAX:
        return "Enter the full address, like https://example.org/hooks/common-ground."
    if settings.env == "production" and parts.scheme != "https":
        return "Use an https:// address, so that what is sent cannot be read on the way."
    if settings.webhook_private_addresses == "off" and _names_private(parts.hostname):
        return "That address is inside the server's own network; choose a public one."
    return None


def _names_private(host: str) -> bool:
    """Whether `host` is, or resolves to, a loopback, private or link-local address."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError:
        return False  # it may resolve later; delivery checks again
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            return True
    return False


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def list_webhooks(*, session: Session) -> list[Webhook]:
    return list(session.exec(select(Webhook).order_by(col(Webhook.id))))


def get_webhook(*, session: Session, webhook_id: int) -> Webhook:
    webhook = session.get(Webhook, webhook_id)
    if webhook is None:
        raise NotFound("There is no webhook at this address.")
    return webhook


def create_webhook(
    *, session: Session, settings: Settings, actor: User, draft: WebhookDraft
) -> Webhook:
    draft = _check(draft, settings)
    with write_transaction(session):
        webhook = Webhook(
            url=draft.url, description=draft.description, secret=new_secret(),
            events=" ".join(draft.events), active=draft.active, created_by_id=actor.id,
        )  # fmt: skip
        session.add(webhook)
        session.flush()
        audit.record(
            session, actor=actor, action="webhook.create", target_type="webhook",
            target_id=webhook.id, after={"url": draft.url, "events": list(draft.events)},
        )  # fmt: skip
    return webhook


def update_webhook(
    *, session: Session, settings: Settings, actor: User, webhook_id: int, draft: WebhookDraft
) -> Webhook:
    draft = _check(draft, settings)
    with write_transaction(session):
        webhook = lock_row(session, Webhook, webhook_id)
        if webhook is None:
            raise NotFound("There is no webhook at this address.")
        before = {"url": webhook.url, "events": webhook.event_list, "active": webhook.active}
        webhook.url, webhook.description = draft.url, draft.description
        webhook.events, webhook.active = " ".join(draft.events), draft.active
        session.add(webhook)
        after = {"url": webhook.url, "events": webhook.event_list, "active": webhook.active}
        if before != after:
            audit.record(
                session, actor=actor, action="webhook.update", target_type="webhook",
                target_id=webhook.id, before=before, after=after,
            )  # fmt: skip
    return webhook


def delete_webhook(*, session: Session, actor: User, webhook_id: int) -> None:
    with write_transaction(session):
        webhook = lock_row(session, Webhook, webhook_id)
        if webhook is None:
            raise NotFound("There is no webhook at this address.")
        audit.record(
            session, actor=actor, action="webhook.delete", target_type="webhook",
            target_id=webhook.id, before={"url": webhook.url, "events": webhook.event_list},
        )  # fmt: skip
        session.delete(webhook)


# --- queueing events (inside the caller's transaction) ----------------------------------


def queue_event(session: Session, event: WebhookEvent, data: dict, *, only: int | None = None):
    """Queue `event` with `data` for every active webhook that wants it (or webhook `only`,
    whatever it wants: the "send test" button). Part of the caller's transaction."""
    query = select(Webhook.id, Webhook.events).where(col(Webhook.active).is_(True))
    if only is not None:
        query = select(Webhook.id, Webhook.events).where(Webhook.id == only)
    targets = [
        webhook_id
        for webhook_id, events in session.exec(query)
        if only is not None or event.value in events.split()
    ]
    if not targets:
        return
    now = utcnow()
    body = json.dumps(
        {"type": event.value, "timestamp": now.isoformat(), "data": data},
        default=_jsonable, separators=(",", ":"),
    )  # fmt: skip
    for webhook_id in targets:
        session.add(
            WebhookDelivery(
                webhook_id=webhook_id, event=event.value, payload=body, created_at=now,
                next_attempt_at=now,
            )
        )  # fmt: skip
    outbox.wake_worker_after_commit(session)


def idea_event(session: Session, event: WebhookEvent, idea) -> None:
    """Queue `event` about `idea` (after the change, in its transaction)."""
    session.flush()
    queue_event(session, event, {"idea": public.idea_out(session, idea).model_dump(mode="json")})


def comment_event(session: Session, comment) -> None:
    session.flush()
    data = {"comment": public.comment_out(session, comment).model_dump(mode="json")}
    queue_event(session, WebhookEvent.comment_created, data)


def send_test(*, session: Session, webhook_id: int, actor: User) -> None:
    with write_transaction(session):
        get_webhook(session=session, webhook_id=webhook_id)
        queue_event(
            session, WebhookEvent.ping, {"message": "A test from Common Ground", "by": actor.id},
            only=webhook_id,
        )  # fmt: skip


def _jsonable(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def deliveries(*, session: Session, webhook_id: int, limit: int = LOG_SIZE):
    """The webhook's latest deliveries, newest first: the delivery log."""
    return list(
        session.exec(
            select(WebhookDelivery)
            .where(WebhookDelivery.webhook_id == webhook_id)
            .order_by(col(WebhookDelivery.id).desc())
            .limit(limit)
        )
    )


# --- delivering (the worker) -----------------------------------------------------------


def sign(secret: str, message_id: str, timestamp: int, body: str) -> str:
    """The `webhook-signature` header's value (Standard Webhooks, v1)."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{message_id}.{timestamp}.{body}".encode()
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


@dataclass
class WebhookPass:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def deliver_due(
    *, session: Session, settings: Settings, now: datetime | None = None, client=None
) -> WebhookPass:
    """Deliver what is due, one claimed batch at a time, until nothing is due."""
    result = WebhookPass()
    own_client = client is None
    client = client or httpx.Client(timeout=settings.webhook_timeout, follow_redirects=False)
    try:
        for _ in range(20):
            claimed = outbox.claim(
                session, WebhookDelivery, now=now or utcnow(),
                lease_seconds=settings.mail_lease_seconds, limit=BATCH,
            )  # fmt: skip
            if not claimed:
                break
            targets = {
                webhook.id: (webhook.url, webhook.secret)
                for webhook in session.exec(
                    select(Webhook).where(col(Webhook.id).in_({d.webhook_id for d in claimed}))
                )
            }
            session.commit()
            for delivery in claimed:
                _deliver_one(session, settings, client, delivery, targets, now, result)
    finally:
        if own_client:
            client.close()
    return result


def _deliver_one(session, settings, client, delivery, targets, now, result) -> None:
    url, secret = targets[delivery.webhook_id]
    message_id = f"msg_{delivery.id}"
    timestamp = int((now or utcnow()).timestamp())
    status, body, error = None, None, None
    if settings.webhook_private_addresses == "off" and _names_private(urlsplit(url).hostname):
        error = "refused: the address is inside the server's own network"
    else:
        try:
            response = client.post(
                url,
                content=delivery.payload.encode(),
                headers={
                    "content-type": "application/json",
                    "user-agent": f"{settings.site_name} webhooks",
                    "webhook-id": message_id,
                    "webhook-timestamp": str(timestamp),
                    "webhook-signature": sign(secret, message_id, timestamp, delivery.payload),
                },
            )
            status, body = response.status_code, response.text[:RESPONSE_KEPT]
            if not 200 <= status < 300:
                error = f"the receiver answered {status}"
        except httpx.HTTPError as failure:
            error = f"{type(failure).__name__}: {failure}"[:RESPONSE_KEPT]
    answer = {"response_status": status, "response_body": body}
    if error is None:
        outbox.record(
            session, WebhookDelivery, delivery, status=OutboxStatus.sent,
            delivered_at=now or utcnow(), last_error=None, **answer,
        )  # fmt: skip
        result.sent += 1
    elif delivery.attempts >= settings.webhook_max_attempts:
        log.error("giving up on webhook delivery %s to %s: %s", delivery.id, url, error)
        outbox.record(
            session, WebhookDelivery, delivery, status=OutboxStatus.failed, last_error=error,
            **answer,
        )  # fmt: skip
        result.failed += 1
    else:
        retry_at = (now or utcnow()) + outbox.backoff(
            settings.webhook_retry_seconds, delivery.attempts
        )
        outbox.record(
            session, WebhookDelivery, delivery, next_attempt_at=retry_at, last_error=error,
            **answer,
        )  # fmt: skip
        result.retrying += 1
