"""The character count follows the typing and Preview shows the details in place."""

import pytest
from playwright.sync_api import Page, expect

from app.security import SESSION_COOKIE
from app.services.accounts import sessions
from tests.factories import make_theme, make_user

pytestmark = pytest.mark.browser


def test_the_count_follows_the_typing_and_preview_renders_in_place(
    page: Page, live_server, session
):
    make_theme(session)
    token = sessions.start_session(session=session, user=make_user(session), days=1)
    session.commit()
    page.context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": live_server}])
    page.goto(f"{live_server}/ideas/new")
    marker = "document.documentElement.dataset.stillHere = 'yes'"
    page.evaluate(marker)

    page.get_by_label("Details").fill("It **saves** money.")
    page.get_by_label("Details").press("End")
    page.get_by_label("Details").press_sequentially("!")

    expect(page.locator("#f-body-count")).to_have_text("You have 9,980 characters remaining")
    expect(page.locator("#f-body-count-live")).to_have_text(
        "You have 9,980 characters remaining", timeout=3000
    )
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#idea-preview strong")).to_have_text("saves")
    assert page.evaluate("document.documentElement.dataset.stillHere") == "yes"
