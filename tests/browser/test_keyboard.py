"""The whole first visit with the keyboard only (Tab, Shift+Tab, Enter, Space and the
arrow keys a radio group and a select answer to), with a visible focus indicator at
every step, and focus moved and announced sensibly after each htmx swap."""

import re
import time
from email import policy
from email.parser import BytesParser

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, make_theme

pytestmark = pytest.mark.browser

_FOCUS_STYLE = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const s = getComputedStyle(e);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    return {visible: outline || s.boxShadow !== 'none', tag: e.tagName, id: e.id,
            text: (e.innerText || e.value || '').slice(0, 40)};
}"""


def _focus(page: Page) -> dict:
    return page.evaluate(_FOCUS_STYLE)


def tab_to(page: Page, selector: str, *, backwards: bool = False, limit: int = 60) -> None:
    """Press Tab (or Shift+Tab) until `selector` has focus, checking every stop shows it."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        focus = _focus(page)
        assert focus and focus["visible"], f"no visible focus indicator on {focus}"
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never took focus within {limit} presses of {key}")


def _mail_link(settings) -> str:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        files = sorted(settings.mail_dir.glob("*.eml")) if settings.mail_dir.exists() else []
        if files:
            mail = BytesParser(policy=policy.default).parsebytes(files[-1].read_bytes())
            body = mail.get_body(preferencelist=("plain",)).get_content()
            return re.search(r"https?://[^/\s]+(/verify/\S+)", body).group(1)
        time.sleep(0.05)
    raise AssertionError("no verification mail")


def test_keyboard_only_journey(page: Page, live_server, settings, session):
    theme = make_theme(session, name="Developing leaders when budgets are cut")

    page.goto(f"{live_server}/signup")
    tab_to(page, "#f-display_name")
    page.keyboard.type("Kemi Adebayo")
    tab_to(page, "#f-organisation")
    page.keyboard.type("Eastside Carers Network")
    tab_to(page, "#f-email")
    page.keyboard.type("kemi@example.org")
    tab_to(page, "#f-password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    page.goto(live_server + _mail_link(settings))
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Space")
    expect(page.get_by_text("Welcome, Kemi Adebayo.")).to_be_visible()

    tab_to(page, "nav a[href='/ideas/new']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Propose an idea")).to_be_visible()
    tab_to(page, "#f-title")
    page.keyboard.type("Leadership learning sets that cost nothing but time")
    tab_to(page, "#f-theme")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#f-theme")).to_have_value(theme.slug)
    tab_to(page, "#f-body")
    page.keyboard.type("Six leaders, one afternoon a month, a real problem each time.")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Leadership learning sets that cost nothing but time"
    )

    # Vote with Space: the new button keeps focus, and the change is announced.
    tab_to(page, ".idea__header .vote button")
    page.keyboard.press("Space")
    expect(page.locator(".idea__header .vote--voted")).to_have_count(1)
    expect(page.locator("#announcer")).to_contain_text("You voted for this idea. 1 vote")
    assert page.evaluate("document.activeElement.id").startswith("vote-button-")
    assert _focus(page)["visible"]

    # Comment: stance by arrow keys, then focus moves to the posted comment.
    # Nothing is chosen for the member: Tab reaches the group's first choice, the arrow
    # key moves to the next and chooses it.
    tab_to(page, ".comment-form input[name=stance]")
    page.keyboard.press("ArrowRight")
    expect(page.locator("input[name=stance][value=against]")).to_be_checked()
    tab_to(page, "#f-new-comment")
    page.keyboard.type("Time is exactly what small charity leaders do not have.")
    tab_to(page, ".comment-form button[type=submit]")
    page.keyboard.press("Enter")
    comment = page.locator(".comment").filter(has_text="Time is exactly what")
    expect(comment).to_be_visible()
    expect(page.locator("#announcer")).to_have_text("Your comment is posted.")
    expect(comment).to_be_focused()
    assert _focus(page)["visible"]

    # And back up the page with Shift+Tab, still with a visible indicator.
    tab_to(page, ".idea__header .vote button", backwards=True)


def test_a_member_sorts_through_the_deck_with_the_keyboard(page: Page, live_server, session, app):
    from sqlmodel import select

    from app.db import open_session
    from app.models import Stance, Vote
    from app.security import SESSION_COOKIE
    from app.services.accounts import sessions
    from tests.factories import make_idea, make_user

    ideas = [make_idea(session, title=f"Idea for the deck number {n}") for n in range(4)]
    member = make_user(session)
    with open_session(app.state.engine) as own:
        token = sessions.start_session(session=own, user=member, days=1)
    page.context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": live_server}])

    page.goto(f"{live_server}/ideas/deck")
    titles = []
    for key in ("s", "d", "p"):  # the shortcuts the page names
        title = page.locator("#deck-title").text_content()
        titles.append(title)
        page.keyboard.press(key)
        expect(page.locator("#deck-title")).not_to_have_text(title)
    # And without shortcuts: Tab to "I disagree" and press Enter.
    titles.append(page.locator("#deck-title").text_content())
    tab_to(page, "[data-deck-key=d]")
    page.keyboard.press("Enter")
    expect(page.locator(".deck__done")).to_be_visible()
    expect(page.locator(".deck__done")).to_be_focused()

    session.commit()
    by_title = {idea.title: idea.id for idea in ideas}
    voted = set(session.exec(select(Vote.idea_id).where(Vote.user_id == member.id)).all())
    stood = dict(
        session.exec(select(Stance.idea_id, Stance.answer).where(Stance.user_id == member.id)).all()
    )
    assert voted == {by_title[titles[0]]}
    assert stood == {by_title[titles[1]]: "disagree", by_title[titles[2]]: "pass",
                     by_title[titles[3]]: "disagree"}  # fmt: skip
