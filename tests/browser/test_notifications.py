"""Following and mentioning in a real browser: in place with htmx, by keyboard alone."""

from urllib.parse import unquote_plus

import pytest
from playwright.sync_api import Page, expect

from app.security import SESSION_COOKIE
from app.services.accounts import sessions
from tests.browser.test_keyboard import tab_to
from tests.factories import make_comment, make_idea, make_user

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def no_browser_errors(page: Page):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield
    assert errors == []


def _sign_in(page: Page, live_server: str, session, member) -> None:
    token = sessions.start_session(session=session, user=member, days=1)
    page.context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": live_server}])


def test_mention_a_member_with_the_keyboard(page: Page, live_server, session):
    named = make_user(session, display_name="Amara Okafor", organisation="Riverside Trust")
    writer = make_user(session, display_name="Kemi Adebayo")
    idea = make_idea(session, author=named, title="A shared bank of trustees")
    _sign_in(page, live_server, session, writer)

    page.goto(f"{live_server}/ideas/{idea.id}")
    tab_to(page, "#f-new-comment")
    # On a slow machine the keys can come more than the 300 ms debounce apart, so an
    # earlier answer (for "@Am") may show the suggestion before the last one replaces
    # it: wait for the last answer to be swapped in before moving focus onto it.
    with page.expect_response(lambda response: "Ama" in unquote_plus(response.url)):
        page.keyboard.type("Good point @Ama")
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling')")
    suggestion = page.get_by_role("button", name="@Amara Okafor, Riverside Trust")
    expect(suggestion).to_be_visible()
    tab_to(page, "#mentions-new-comment button")
    page.keyboard.press("Enter")

    box = page.locator("#f-new-comment")
    expect(box).to_be_focused()
    expect(box).to_have_value("Good point @Amara Okafor ")
    expect(page.locator("#announcer")).to_have_text("Mentioned Amara Okafor.")
    page.keyboard.type("what do you think?")
    expect(box).to_have_value("Good point @Amara Okafor what do you think?")
    expect(page.locator("#mentions-new-comment button")).to_have_count(0)

    # A top-level comment says where it stands (nothing is chosen for the member).
    page.locator(".comment-form input[name=stance][value=neutral]").focus()
    page.keyboard.press("Space")
    tab_to(page, ".comment-form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator(".comment .prose", has_text="what do you think?")).to_be_visible()


def test_follow_and_unfollow_in_place(page: Page, live_server, session):
    member = make_user(session)
    idea = make_idea(session)
    make_comment(session, idea=idea)
    _sign_in(page, live_server, session, member)

    page.goto(f"{live_server}/ideas/{idea.id}")
    page.evaluate("document.documentElement.dataset.testMarker = 'still-here'")
    page.get_by_role("button", name="Follow this idea").click()

    following = page.get_by_role("button", name="Following this idea. Stop following")
    expect(following).to_be_focused()
    expect(page.locator("#announcer")).to_contain_text("You are following this idea")
    following.click()
    expect(page.get_by_role("button", name="Follow this idea")).to_be_focused()
    assert page.evaluate("document.documentElement.dataset.testMarker") == "still-here"


def test_voting_follows_the_idea_and_the_page_says_so_at_once(page: Page, live_server, session):
    member = make_user(session)
    idea = make_idea(session)
    _sign_in(page, live_server, session, member)

    page.goto(f"{live_server}/ideas/{idea.id}")
    page.locator(".idea__header .vote button").click()

    expect(page.get_by_role("button", name="Following this idea. Stop following")).to_be_visible()
    expect(page.locator(".idea__header .vote button")).to_be_focused()
