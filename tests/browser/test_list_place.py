"""Lists keep their place (issue 18): Back after "Load more" and an idea brings every
loaded card back where it was; Back after two sorts shows results and a Sort box that
agree; without JavaScript a vote on a card comes back to that card."""

import pytest
from playwright.sync_api import Browser, Page, expect

from app.security import SESSION_COOKIE
from app.services.accounts import sessions
from tests.factories import make_idea, make_theme, make_user

pytestmark = pytest.mark.browser


def _ideas(session, count: int) -> list:
    theme, author = make_theme(session), make_user(session)
    return [
        make_idea(session, theme=theme, author=author, title=f"Idea number {n:02}")
        for n in range(count)
    ]


def test_back_from_an_idea_after_load_more_restores_every_card_and_the_scroll(
    page: Page, live_server, session
):
    _ideas(session, 30)
    page.set_viewport_size({"width": 1000, "height": 700})
    page.goto(f"{live_server}/ideas?sort=new")
    expect(page.locator("#idea-list > li")).to_have_count(20)

    page.get_by_role("link", name="Load more ideas").click()
    expect(page.locator("#idea-list > li")).to_have_count(30)
    expect(page).to_have_url(f"{live_server}/ideas?sort=new&pages=2")
    card = page.locator("#idea-list > li").nth(25)
    card.scroll_into_view_if_needed()
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 1000
    title = card.locator(".idea-card__title").inner_text()
    card.locator(".idea-card__title a").click()
    expect(page.locator("h1")).to_have_text(title)

    page.go_back()

    expect(page.locator("#idea-list > li")).to_have_count(30)
    page.wait_for_function(f"Math.abs(window.scrollY - {scrolled}) < 50")


def test_back_after_two_sorts_shows_results_and_sort_box_that_agree(
    page: Page, live_server, session
):
    _ideas(session, 3)
    page.goto(f"{live_server}/ideas")
    sort = page.get_by_label("Sort by")

    sort.select_option("new")
    expect(page).to_have_url(f"{live_server}/ideas?q=&sort=new&theme=&status=")
    sort.select_option("top")
    expect(page).to_have_url(f"{live_server}/ideas?q=&sort=top&theme=&status=")

    page.go_back()

    expect(page).to_have_url(f"{live_server}/ideas?q=&sort=new&theme=&status=")
    expect(page.get_by_label("Sort by")).to_have_value("new")
    first = page.locator("#idea-list > li h2").first
    expect(first).to_have_text("Idea number 02")  # newest first: the results are "new"


def test_without_javascript_a_vote_on_the_seventh_card_comes_back_to_it(
    browser: Browser, live_server, session
):
    ideas = _ideas(session, 10)
    member = make_user(session)
    token = sessions.start_session(session=session, user=member, days=1)
    session.commit()
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1000, "height": 700}
    )
    context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": live_server}])
    page = context.new_page()
    page.goto(f"{live_server}/ideas?sort=new")
    seventh = page.locator("#idea-list > li").nth(6)
    idea_id = seventh.get_attribute("id").removeprefix("idea-")
    assert int(idea_id) in {idea.id for idea in ideas}

    seventh.get_by_role("button", name="Vote").click()

    expect(page).to_have_url(f"{live_server}/ideas?sort=new#idea-{idea_id}")
    expect(page.locator(f"#idea-{idea_id}").get_by_role("button")).to_contain_text("Voted")
    assert page.evaluate("window.scrollY") > 300
    context.close()
