"""Sharing an idea in a real browser (issue 18): "Share it so others can back it" came with
nothing to share with; now the idea's link is there, and Copy link copies it."""

import pytest
from playwright.sync_api import Browser, expect

from tests.factories import make_idea

pytestmark = pytest.mark.browser


def test_copy_link_copies_the_ideas_address_and_says_so(browser: Browser, live_server, session):
    idea = make_idea(session, title="A shared payroll service")
    session.commit()
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{live_server}/ideas/{idea.id}")

    copy = page.locator(f"[data-copy=share-link-{idea.id}]")
    expect(copy).to_be_visible()
    expect(copy).to_have_accessible_name("Copy link")
    copy.click()

    expect(copy).to_have_text("Link copied")
    expect(page.locator(".share [role=status]")).to_have_text("The link to this idea is copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator(f"#share-link-{idea.id}").input_value()
    assert copied.endswith(f"/ideas/{idea.id}")
    context.close()


def test_without_javascript_the_link_is_there_to_select_and_no_dead_button(
    browser: Browser, live_server, session
):
    idea = make_idea(session)
    session.commit()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/ideas/{idea.id}")

    expect(page.locator(f"#share-link-{idea.id}")).to_be_visible()
    expect(page.locator(f"[data-copy=share-link-{idea.id}]")).to_be_hidden()
    expect(page.locator(".share").get_by_role("link", name="Email it")).to_be_visible()
    context.close()
