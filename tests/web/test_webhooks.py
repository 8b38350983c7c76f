"""Admins' webhooks through the pages: add one, send it a test, read the delivery log."""

import pytest

from tests.conftest import Client, send_queued_mail
from tests.factories import make_admin
from tests.pages import field_error, soup
from tests.services.test_webhooks import Receiver


@pytest.fixture
def settings(settings):
    return settings.model_copy(update={"webhook_private_addresses": "on"})


def test_an_admin_adds_a_webhook_tests_it_and_reads_the_log(app, session, settings, engine):
    admin = Client(app).login(make_admin(session))
    receiver = Receiver(failures=0)
    try:
        bad = admin.submit("/mod/webhooks", {"url": "not a url", "events": []})
        assert bad.status_code == 422
        assert field_error(soup(bad), "url")
        added = admin.submit(
            "/mod/webhooks", {"url": receiver.url, "events": ["idea.created"], "active": "true"}
        )
        page_url = added.headers["location"]
        tested = admin.submit(page_url + "/test")
        send_queued_mail(engine, settings)
    finally:
        receiver.close()

    assert tested.status_code == 303
    log = soup(admin.get(page_url)).select("table tbody tr")
    assert len(log) == 1 and "ping" in log[0].get_text() and "Delivered" in log[0].get_text()
    assert len(receiver.requests) == 1
