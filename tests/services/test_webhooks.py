"""Webhooks: each event is queued with what caused it and delivered by the worker to a
real HTTP receiver, retried with back-off while the receiver fails, and signed so that
the Standard Webhooks library (standardwebhooks, an outside judge) verifies it."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import standardwebhooks
from sqlmodel import select

from app.models import OutboxStatus, WebhookDelivery, WebhookEvent, utcnow
from app.services.errors import ValidationFailed
from app.services.ideas import merging
from app.services.moderation import answers
from app.services.sharing import webhooks
from app.services.sharing.webhooks import WebhookDraft
from tests.factories import make_admin, make_comment, make_idea, make_theme


class Receiver:
    """A local HTTP server that fails its first `failures` requests with a 503, then
    answers 204, and keeps every request it got."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["content-length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                failing = len(receiver.requests) <= receiver.failures
                self.send_response(503 if failing else 204)
                self.end_headers()
                if failing:
                    self.wfile.write(b"busy")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def settings(settings):
    return settings.model_copy(update={"webhook_private_addresses": "on"})


@pytest.fixture
def receiver():
    receiver = Receiver(failures=2)
    yield receiver
    receiver.close()


def _webhook(session, settings, url, events=("idea.created",)):
    draft = WebhookDraft(url=url, events=tuple(events))
    return webhooks.create_webhook(
        session=session, settings=settings, actor=make_admin(session), draft=draft
    )


def test_a_delivery_survives_a_receiver_that_fails_at_first_and_verifies(
    session, settings, receiver
):
    hook = _webhook(session, settings, receiver.url)
    idea = make_idea(session, title="Shared payroll service")
    start = utcnow()

    passes = [
        webhooks.deliver_due(session=session, settings=settings, now=start + timedelta(seconds=s))
        for s in (0, 1, 31, 60, 92)  # retries after 30 s, then 60 s more
    ]

    assert [(p.sent, p.retrying) for p in passes] == [(0, 1), (0, 0), (0, 1), (0, 0), (1, 0)]
    delivery = session.exec(select(WebhookDelivery)).one()
    assert (delivery.status, delivery.attempts, delivery.response_status) == (
        OutboxStatus.sent,
        3,
        204,
    )
    bodies = {r["body"] for r in receiver.requests}
    assert len(receiver.requests) == 3 and len(bodies) == 1  # the same payload each time
    ids = {r["headers"]["webhook-id"] for r in receiver.requests}
    assert ids == {f"msg_{delivery.id}"}  # so the receiver can drop a repeat
    last = receiver.requests[-1]
    payload = standardwebhooks.Webhook(hook.secret).verify(last["body"], last["headers"])
    assert payload["type"] == "idea.created"
    assert payload["data"]["idea"]["id"] == idea.id
    assert "email" not in json.dumps(payload)


def test_a_forged_or_altered_payload_does_not_verify(session, settings):
    hook = _webhook(session, settings, "http://127.0.0.1:9/never")
    body = '{"type":"ping"}'
    headers = {"webhook-id": "msg_1", "webhook-timestamp": str(int(utcnow().timestamp()))}
    headers["webhook-signature"] = webhooks.sign(
        hook.secret, "msg_1", int(headers["webhook-timestamp"]), body
    )

    standardwebhooks.Webhook(hook.secret).verify(body, headers)
    with pytest.raises(standardwebhooks.webhooks.WebhookVerificationError):
        standardwebhooks.Webhook(hook.secret).verify(body.replace("ping", "pong"), headers)
    with pytest.raises(standardwebhooks.webhooks.WebhookVerificationError):
        standardwebhooks.Webhook(webhooks.new_secret()).verify(body, headers)


def test_a_receiver_that_never_answers_well_is_given_up_on(session, settings):
    settings = settings.model_copy(update={"webhook_max_attempts": 2})
    receiver = Receiver(failures=100)
    try:
        _webhook(session, settings, receiver.url)
        make_idea(session)
        start = utcnow()
        for seconds in (0, 31, 1000):
            webhooks.deliver_due(
                session=session, settings=settings, now=start + timedelta(seconds=seconds)
            )
    finally:
        receiver.close()

    delivery = session.exec(select(WebhookDelivery)).one()
    assert (delivery.status, delivery.attempts, delivery.response_body) == (
        OutboxStatus.failed,
        2,
        "busy",
    )


def test_each_event_is_queued_for_the_webhooks_that_want_it(session, settings):
    everything = _webhook(session, settings, "http://127.0.0.1:9/all", webhooks.SUBSCRIBABLE)
    ideas_only = _webhook(session, settings, "http://127.0.0.1:9/ideas")
    admin = make_admin(session)
    theme = make_theme(session)
    idea = make_idea(session, theme=theme)
    other = make_idea(session, theme=theme)
    make_comment(session, idea=idea)
    answers.set_status(
        session=session, actor=admin, idea_id=idea.id, status="planned", response="Yes"
    )
    merging.merge_idea(session=session, actor=admin, idea_id=other.id, into=idea.id)

    rows = session.exec(select(WebhookDelivery).order_by(WebhookDelivery.id)).all()
    to_all = [row.event for row in rows if row.webhook_id == everything.id]
    assert to_all == [
        "idea.created",
        "idea.created",
        "comment.created",
        "idea.status_changed",
        "idea.merged",
    ]
    assert [row.event for row in rows if row.webhook_id == ideas_only.id] == ["idea.created"] * 2
    merged = json.loads(rows[-1].payload)["data"]["idea"]
    assert (merged["id"], merged["status"], merged["merged_into_id"]) == (
        other.id,
        "merged",
        idea.id,
    )


def test_a_test_goes_to_one_webhook_whatever_it_wants(session, settings):
    hook = _webhook(session, settings, "http://127.0.0.1:9/one")
    _webhook(session, settings, "http://127.0.0.1:9/two")

    webhooks.send_test(session=session, webhook_id=hook.id, actor=make_admin(session))

    rows = session.exec(select(WebhookDelivery)).all()
    assert [(row.webhook_id, row.event) for row in rows] == [(hook.id, WebhookEvent.ping)]


def test_addresses_inside_the_network_are_refused_unless_allowed(session, settings):
    closed = settings.model_copy(update={"webhook_private_addresses": "off"})
    for url in ("http://127.0.0.1:8000/x", "http://10.0.0.5/x", "http://[::1]/x", "ftp://x.org/"):
        with pytest.raises(ValidationFailed) as refused:
            _webhook(session, closed, url)
        assert "url" in refused.value.errors, url
