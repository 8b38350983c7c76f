"""A moderator answers an idea in a real browser, and a member sees the answer."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_journey import no_browser_errors  # noqa: F401 - same autouse check
from tests.factories import PASSWORD, make_idea, make_moderator

pytestmark = pytest.mark.browser


def test_moderator_sets_a_status_with_an_official_response(page: Page, live_server, session):
    make_moderator(session, email="ruth@example.org", display_name="Ruth Okoye")
    idea = make_idea(session, title="A shared bank of trustees for small charities")

    page.goto(f"{live_server}/login")
    page.get_by_label("Email address").fill("ruth@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Moderation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation")

    page.goto(f"{live_server}/ideas/{idea.id}")
    panel = page.get_by_role("region", name="Moderation")
    panel.get_by_label("Status").select_option("planned")
    panel.get_by_label("Official response").fill("We will **pilot** this with ten groups.")
    panel.get_by_role("button", name="Save status").click()

    expect(
        page.get_by_text("“A shared bank of trustees for small charities” is now planned.")
    ).to_be_visible()
    official = page.get_by_role("region", name="Official response")
    expect(official).to_be_visible()
    expect(official.locator(".badge--official")).to_have_text("Official")
    expect(official.locator(".badge--planned")).to_have_text("Planned")
    expect(official.locator("strong")).to_have_text("pilot")
    expect(official).to_contain_text("Ruth Okoye")

    page.get_by_role("link", name="Roadmap").click()
    planned = page.get_by_role("region", name="Planned")
    expect(planned.get_by_role("link", name=idea.title)).to_be_visible()
