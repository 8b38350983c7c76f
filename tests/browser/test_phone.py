"""The idea list on a phone (issue 18): a compact header, one search box, filters that
collapse, a vote button that fits. Prints how far down the first idea starts."""

import pytest
from playwright.sync_api import Browser

from app.security import SESSION_COOKIE
from app.services.accounts import sessions
from tests.factories import make_idea, make_theme, make_user

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def _first_idea_top(page) -> float:
    return page.evaluate("document.querySelector('#idea-list > li').getBoundingClientRect().top")


def test_on_a_phone_the_first_idea_starts_in_the_top_half(browser: Browser, live_server, session):
    theme = make_theme(session)
    for n in range(3):
        make_idea(session, theme=theme, title=f"Peer mentoring circle for new chief executives {n}")
    member = make_user(session, display_name="Amara Okonkwo-Bennett")
    token = sessions.start_session(session=session, user=member, days=1)
    session.commit()
    tops = {}
    for who in ("visitor", "member"):
        context = browser.new_context(viewport=PHONE)
        if who == "member":
            context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": live_server}])
        page = context.new_page()
        page.goto(f"{live_server}/ideas")
        tops[who] = _first_idea_top(page)
        header = page.evaluate(
            "document.querySelector('.site-header').getBoundingClientRect().height"
        )
        print(f"\n{who}: header {header:.0f} px, first idea starts {tops[who]:.0f} px down")
        context.close()
    assert max(tops.values()) < PHONE["height"] / 2
