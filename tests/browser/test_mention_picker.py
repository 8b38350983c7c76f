"""The mention picker under the page's strict CSP (issue 18): once a mention is picked,
later updates of the comments must apply no inline style (each one is a CSP refusal the
console shows) and must leave focus somewhere, not on <body>."""

import pytest
from playwright.sync_api import Page, expect

from app.security import SESSION_COOKIE
from app.services.accounts import sessions
from tests.browser.judges import CSP_VIOLATIONS, PageJudge
from tests.factories import make_idea, make_user

pytestmark = pytest.mark.browser


def test_comments_update_after_a_mention_breaks_no_csp_rule(
    page: Page, live_server, session, tmp_path
):
    named = make_user(session, display_name="Amara Okafor")
    writer = make_user(session, display_name="Kemi Adebayo")
    idea = make_idea(session, author=named, title="A shared bank of trustees")
    token = sessions.start_session(session=session, user=writer, days=1)
    session.commit()
    page.context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": live_server}])
    judge = PageJudge(page, tmp_path, axe=False)

    page.goto(f"{live_server}/ideas/{idea.id}")
    box = page.get_by_label("Your comment", exact=True)
    box.press_sequentially("Good point @Ama")
    page.get_by_role("button", name="@Amara Okafor").click()
    expect(box).to_have_value("Good point @Amara Okafor ")
    box.press_sequentially("what do you think?")
    page.locator("form.comment-form").get_by_label("For", exact=True).check()
    for attempt in ("first", "second"):
        page.get_by_role("button", name="Post comment").click()
        expect(page.locator(".comment .prose", has_text="what do you think?")).to_have_count(
            1 if attempt == "first" else 2
        )
        page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling')")
        assert page.evaluate("document.activeElement !== document.body"), "focus fell to <body>"
        if attempt == "first":
            box.fill("And @Amara Okafor again, what do you think?")
            page.locator("form.comment-form").get_by_label("For", exact=True).check()

    assert page.evaluate(f"window.{CSP_VIOLATIONS}") == []
    assert judge.judge("idea page after comments updates following a mention") == []
