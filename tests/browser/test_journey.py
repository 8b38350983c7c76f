"""A member's first visit in a real browser (Debian's Chromium via Playwright): sign up,
confirm by mail, propose, vote and comment in place, and vote again without JavaScript."""

import re
import time
from email import policy
from email.parser import BytesParser

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, make_idea, make_theme, make_user

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def no_browser_errors(page: Page):
    """Fail on console errors (a CSP violation shows up as one) and uncaught exceptions."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield
    assert errors == []


def _wait_for_mail(settings, timeout: float = 5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = sorted(settings.mail_dir.glob("*.eml")) if settings.mail_dir.exists() else []
        if files:
            return BytesParser(policy=policy.default).parsebytes(files[-1].read_bytes())
        time.sleep(0.05)
    raise AssertionError("no mail was written")


def _mark_page(page: Page) -> None:
    """Tag the document; the tag survives htmx swaps but not a page load."""
    page.evaluate("document.documentElement.dataset.testMarker = 'still-here'")


def _not_reloaded(page: Page) -> bool:
    return page.evaluate("document.documentElement.dataset.testMarker") == "still-here"


def test_sign_up_propose_vote_and_comment(page: Page, live_server, settings, session, browser):
    theme = make_theme(session, name="Sharing resources across organisations")

    page.goto(f"{live_server}/signup")
    page.get_by_label("Your name").fill("Amara Okafor")
    page.get_by_label("Organisation").fill("Riverside Youth Trust")
    page.get_by_label("Email address").fill("amara@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    mail = _wait_for_mail(settings)
    body = mail.get_body(preferencelist=("plain",)).get_content()
    link_path = re.search(r"https?://[^/\s]+(/verify/\S+)", body).group(1)
    page.goto(live_server + link_path)
    page.get_by_role("button", name="Confirm my email address").click()
    expect(page.get_by_text("Welcome, Amara Okafor.")).to_be_visible()

    page.get_by_role("link", name="Propose an idea").first.click()
    page.get_by_label("Title").fill("A shared bank of trustees for small charities")
    page.get_by_label("Theme").select_option(theme.slug)
    page.get_by_label("Details").fill("Trustees with finance skills, shared across **ten** groups.")
    page.get_by_role("button", name="Post idea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "A shared bank of trustees for small charities"
    )
    expect(page.locator(".prose strong")).to_have_text("ten")

    # Vote: the button and count change in place, no page load.
    _mark_page(page)
    vote = page.locator(".vote").first
    expect(vote.locator(".vote__count strong")).to_have_text("0")
    with page.expect_request(lambda r: r.method == "POST" and r.url.endswith("/vote")) as sent:
        vote.get_by_role("button", name="Vote").click()
    assert sent.value.headers["hx-request"] == "true"
    assert sent.value.headers["x-csrf-token"]
    expect(page.locator(".vote .vote__count strong").first).to_have_text("1")
    expect(page.locator(".vote--voted")).to_have_count(1)
    assert _not_reloaded(page)

    # Comment: it appears in the debate without a reload, with its stance.
    page.get_by_label("Against").check()
    page.get_by_label("Your comment", exact=True).fill(
        "Trustee time is the scarcest thing we have."
    )
    page.get_by_role("button", name="Post comment").click()
    comment = page.locator(".comment").filter(has_text="Trustee time is the scarcest")
    expect(comment).to_be_visible()
    expect(comment.locator(".badge--against")).to_be_visible()
    expect(page.locator(".tally")).to_contain_text("Against 1")
    expect(page.get_by_label("Your comment", exact=True)).to_have_value("")
    assert _not_reloaded(page)

    # Without JavaScript the same forms post and redirect back.
    no_js = browser.new_context(java_script_enabled=False)
    try:
        plain = no_js.new_page()
        plain.goto(f"{live_server}/login")
        plain.get_by_label("Email address").fill("amara@example.org")
        plain.get_by_label("Password").fill(PASSWORD)
        plain.get_by_role("button", name="Sign in").click()
        plain.goto(page.url)
        plain.get_by_role("button", name=re.compile("Voted")).click()
        expect(plain.locator(".vote .vote__count strong").first).to_have_text("0")
        plain.get_by_role("button", name="Vote", exact=True).click()
        expect(plain.locator(".vote .vote__count strong").first).to_have_text("1")
        assert plain.url == page.url
    finally:
        no_js.close()


def test_load_more_appends_the_next_page_in_place(page: Page, live_server, session):
    theme, author = make_theme(session), make_user(session)
    for number in range(23):
        make_idea(session, theme=theme, author=author, title=f"Idea in the long list {number:02}")

    page.goto(f"{live_server}/ideas?sort=new")
    expect(page.locator("#idea-list > li")).to_have_count(20)
    _mark_page(page)

    page.get_by_role("link", name="Load more ideas").click()

    expect(page.locator("#idea-list > li")).to_have_count(23)
    expect(page.get_by_role("link", name="Load more ideas")).to_have_count(0)
    assert _not_reloaded(page)
    # The address says how far the list goes, so Back from an idea restores all of it.
    assert page.url.endswith("/ideas?sort=new&pages=2")
