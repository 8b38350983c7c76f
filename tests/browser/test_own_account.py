"""A member's sessions in a real browser: signing another device out replaces the list in
place (htmx), says so in the live region, and the page never reloads."""

import pytest
from playwright.sync_api import Page, expect

from app.security import SESSION_COOKIE
from app.services.accounts import sessions
from tests.factories import make_user

pytestmark = pytest.mark.browser

PHONE_AGENT = "Mozilla/5.0 (Linux; Android 14) Chrome/131"


def test_signing_another_device_out_updates_the_list_in_place(page: Page, live_server, session):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    member = make_user(session)
    phone = sessions.start_session(session=session, user=member, days=1, user_agent=PHONE_AGENT)
    here = sessions.start_session(session=session, user=member, days=1)
    page.context.add_cookies([{"name": SESSION_COOKIE, "value": here, "url": live_server}])
    page.goto(f"{live_server}/settings/sessions")
    page.evaluate("window.notReloaded = true")

    page.get_by_role("button", name="Sign out Chrome on Android").click()

    expect(page.locator("#announcer")).to_have_text("That session is signed out.")
    expect(page.locator("#session-list")).not_to_contain_text("Chrome on Android")
    assert page.evaluate("window.notReloaded") is True
    assert sessions.user_for_session_token(session=session, token=phone) is None
    assert errors == []
