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


# Each filter's label and box as [label top, box top, box bottom] (px), the search box first.
_FILTER_FIELDS = """() => [...document.querySelectorAll('.list-filters .field')].map(field => {
  const label = field.querySelector('label').getBoundingClientRect();
  const box = field.querySelector('.field__input').getBoundingClientRect();
  return [Math.round(label.top), Math.round(box.top), Math.round(box.bottom)];
})"""

# How many lines the visitor's "Sign in to vote" takes, and whether they stay inside it.
_VOTE_LINK_LINES = """() => {
  const link = document.querySelector('.vote__button--link');
  const range = document.createRange();
  range.selectNodeContents(link);
  const lines = [...range.getClientRects()];
  const box = link.getBoundingClientRect();
  const inside = lines.every(r => r.left >= box.left - 0.5 && r.right <= box.right + 0.5);
  return inside ? new Set(lines.map(r => Math.round(r.top))).size : -1;
}"""


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}], ids=["phone", "desk"])
def test_the_list_controls_fit_and_line_up(browser: Browser, live_server, session, viewport):
    theme = make_theme(session)
    make_theme(session, name="Another theme")
    make_idea(session, theme=theme, title="Peer mentoring circle for new chief executives")
    member = make_user(session, display_name="Amara Okonkwo-Bennett")
    token = sessions.start_session(session=session, user=member, days=1)
    session.commit()
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{live_server}/ideas?status=open")  # a filter in use: the filters are open

    assert page.locator("input[type=search]:visible").count() == 1, "one search box"
    if viewport is PHONE:  # (a desktop's wider card has room for two lines)
        # (It took three lines, and on one line it spilt out of its box.)
        assert page.evaluate(_VOTE_LINK_LINES) in (1, 2), "Sign in to vote: in its box"
    fields = page.evaluate(_FILTER_FIELDS)
    assert len(fields) == 4
    rows: dict[int, set[tuple[int, int]]] = {}  # fields side by side: labels and boxes level
    for label_top, box_top, box_bottom in fields:
        rows.setdefault(box_top, set()).add((label_top, box_bottom))
    assert all(len(row) == 1 for row in rows.values()), f"out of line: {fields}"
    if viewport is not PHONE:  # the sort and the filters in one line under the search box
        assert len({box_top for _, box_top, _ in fields[1:]}) == 1, f"out of line: {fields}"

    context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": live_server}])
    page.goto(f"{live_server}/ideas")
    header = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
    if viewport is PHONE:  # the signed-in header was four rows (225 px)
        assert header < 100, f"the header is {header:.0f} px tall"
    context.close()
