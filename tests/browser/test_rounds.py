"""An inquiry round in a real browser: a moderator creates, opens, closes and reports on
a round; a member proposes an idea into it and votes while its totals are hidden."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from app.models import utcnow
from app.services.rounds.curation import local_input
from tests.browser.test_journey import no_browser_errors  # noqa: F401 - same autouse check
from tests.factories import PASSWORD, make_moderator, make_theme, make_user

pytestmark = pytest.mark.browser


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_round_from_creation_to_its_report(browser, live_server, session):
    make_theme(session, slug="leaders", name="Developing leaders")
    make_moderator(session, email="ruth@example.org", display_name="Ruth Okoye")
    make_user(session, email="amara@example.org", display_name="Amara Okafor")
    moderator = browser.new_context().new_page()
    member = browser.new_context().new_page()

    # The moderator creates the round, to open next week, then opens it early.
    _sign_in(moderator, live_server, "ruth@example.org")
    moderator.goto(f"{live_server}/mod/rounds")
    moderator.get_by_label("Title").fill("Leaders on less")
    moderator.get_by_label("The question").fill("How can we keep developing leaders on less?")
    moderator.get_by_label("Opens at (UK time)").fill(local_input(utcnow() + timedelta(days=7)))
    moderator.get_by_label("Closes at (UK time)").fill(local_input(utcnow() + timedelta(days=28)))
    moderator.get_by_label("Developing leaders").check()
    moderator.get_by_label("Hide the totals while the round runs").check()
    moderator.get_by_role("button", name="Create round").click()
    expect(moderator.get_by_text("Round “Leaders on less” created.")).to_be_visible()
    expect(moderator.locator(".badge--round-draft")).to_have_text("Not open yet")
    moderator.get_by_role("button", name="Open it now").click()
    expect(moderator.locator(".badge--round-open")).to_have_text("Open")

    # The member finds it on the landing page, proposes into it and votes.
    _sign_in(member, live_server, "amara@example.org")
    member.goto(f"{live_server}/")
    lead = member.get_by_role("region", name="Leaders on less")
    expect(lead).to_contain_text("How can we keep developing leaders on less?")
    lead.get_by_role("link", name="Propose an idea into this round").click()
    member.get_by_label("Title").fill("Peer mentoring for first-time chief executives")
    member.get_by_role("button", name="Post idea").click()
    expect(member.locator(".notice--round")).to_contain_text("Leaders on less")
    member.locator(".idea__header .vote button").click()
    expect(member.locator(".idea__header .vote--voted")).to_have_count(1)
    expect(member.locator(".idea__header .vote")).to_contain_text("Total hidden")

    # The moderator closes it and publishes the report.
    moderator.get_by_role("button", name="Close it now").click()
    expect(moderator.locator(".badge--round-closed")).to_have_text("Closed")
    moderator.get_by_label("What we heard").fill("Leaders want **peers**, not courses.")
    moderator.get_by_label("What happens next").fill("A pilot with twenty new chief executives.")
    moderator.get_by_role("button", name="Publish the report").click()
    expect(moderator.get_by_role("heading", level=1)).to_have_text("What we heard: Leaders on less")

    # The member's vote now counts in the open, and the idea takes no more.
    member.reload()
    expect(member.locator(".idea__header .vote")).to_contain_text("1 vote")
    expect(member.locator(".idea__header .vote")).to_contain_text("Voting closed")
    member.get_by_role("link", name="Leaders on less").first.click()
    member.get_by_role("link", name="Read the report: what we heard and what happens next").click()
    expect(member.locator(".figures")).to_contain_text("Votes")
    expect(member.locator("#heard-title + .prose strong")).to_have_text("peers")
