"""Search as you type and similar ideas while writing, in a real browser."""

import pytest
from playwright.sync_api import Page, expect

from app.security import SESSION_COOKIE
from app.services.accounts import sessions
from tests.factories import make_idea, make_theme, make_user

pytestmark = pytest.mark.browser


def test_results_follow_the_search_box_as_you_type(page: Page, live_server, session):
    theme = make_theme(session)
    payroll = make_idea(session, theme=theme, title="Shared payroll service", body="One provider.")
    make_idea(session, theme=theme, title="Trustee skills bank", body="Finance trustees.")

    page.goto(f"{live_server}/ideas")
    expect(page.locator("#idea-list > li")).to_have_count(2)
    page.evaluate("document.documentElement.dataset.testMarker = 'still-here'")

    page.get_by_label("Search", exact=True).press_sequentially("payr", delay=40)

    expect(page.locator("#idea-list > li")).to_have_count(1)
    expect(page.locator(f"#idea-{payroll.id} mark")).to_have_text("payroll")
    expect(page.locator("#announcer")).to_have_text("1 idea shown for “payr”.")
    assert page.evaluate("document.documentElement.dataset.testMarker") == "still-here"
    expect(page).to_have_url(f"{live_server}/ideas?q=payr&sort=trending&theme=&status=")
    expect(page.get_by_label("Search", exact=True)).to_be_focused()


def test_similar_ideas_appear_while_writing(page: Page, live_server, session):
    theme = make_theme(session)
    original = make_idea(session, theme=theme, title="Peer mentoring for new chief executives")
    member = make_user(session)
    token = sessions.start_session(session=session, user=member, days=1)
    session.commit()
    page.context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": live_server}])

    page.goto(f"{live_server}/ideas/new")
    page.get_by_label("Title").press_sequentially("Mentoring for new chief executives", delay=20)

    similar = page.locator("#similar-ideas")
    expect(similar.get_by_role("link", name=original.title)).to_be_visible()
    expect(similar.get_by_role("button", name="Vote for this instead")).to_be_visible()
    expect(page.get_by_label("Title")).to_be_focused()
