"""Logs (issue 21): one-time tokens never reach the access log, and security events are
written to the log and to the audit trail, where moderators read them."""

import logging

from sqlmodel import select

from app.models import AuditEvent
from tests.conftest import Client
from tests.factories import PASSWORD, make_moderator, make_user
from tests.pages import soup


def test_the_access_log_never_holds_a_token(app, caplog):
    caplog.set_level(logging.INFO, logger="uvicorn.access")
    access = logging.getLogger("uvicorn.access")
    for path in ("/login/link/SECRET1", "/password/reset/SECRET2?x=1", "/verify/SECRET3",
                 "/unsubscribe/SECRET4", "/ideas/7"):  # fmt: skip
        access.info('%s - "%s %s HTTP/%s" %d', "203.0.113.9:5000", "GET", path, "1.1", 200)

    logged = caplog.text
    assert "SECRET" not in logged
    assert "/login/link/[token]" in logged and "/ideas/7" in logged


def _events(session, action):
    session.commit()
    return session.exec(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_sign_in_events_are_logged_and_audited(app, session, caplog):
    caplog.set_level(logging.INFO, logger="commonground.security")
    member = make_user(session, email="owner@example.org")
    client = Client(app)

    client.submit("/login", {"email": "owner@example.org", "password": "wrong-password"})
    client.submit("/login", {"email": "nobody@example.org", "password": "wrong-password"})
    assert client.submit("/login", {"email": "owner@example.org", "password": PASSWORD})
    Client(app).submit("/login/link", {"email": "owner@example.org"})

    [failed] = _events(session, "security.sign_in_failed")
    assert failed.target_id == member.id and failed.after["ip"] == "testclient"
    assert len(_events(session, "security.sign_in")) == 1
    assert len(_events(session, "security.link_sent")) == 1
    lines = [r.getMessage() for r in caplog.records if r.name == "commonground.security"]
    assert sum("security.sign_in_failed" in line for line in lines) == 2  # the unknown, too
    assert any(line.startswith("security.sign_in ") for line in lines)

    moderator = Client(app).login(make_moderator(session))
    page = soup(moderator.get("/mod/audit?action=security.sign_in_failed"))
    assert "Failed to sign in" in page.get_text()
