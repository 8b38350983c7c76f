"""The first run in a browser: a forum with no admin and no themes. The set-up link makes
the first admin, and a member proposes an idea with no theme to choose; every page on the
way passes the page judges."""

import pytest
from playwright.sync_api import Browser, expect
from sqlmodel import select

from app.models import Role, User
from app.services.site import first_admin, pages
from tests.browser.judges import PHONE, PageJudge, require_axe, require_vnu, vnu_problems
from tests.browser.test_pages import _sign_in
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser


def test_first_run_pages_pass_the_judges(
    browser: Browser, live_server, app, engine, session, settings, tmp_path
):
    markup = engine.dialect.name == "sqlite"  # judged once: the pages are the same
    if markup:
        require_axe()
        require_vnu()
    html_dir = tmp_path / "pages"
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    judge = PageJudge(page, html_dir, axe=markup)
    problems = []

    link = first_admin.setup_link(settings=settings).removeprefix(settings.base_url)
    page.goto(live_server + link)
    problems += judge.judge("set-up form")
    page.get_by_role("button", name="Create the admin account").click()
    problems += judge.judge("set-up form with errors", reload_dark=False)
    page.get_by_label("Your name").fill("Inquiry Team")
    page.get_by_label("Organisation").fill("Riverside Trust")
    page.get_by_label("Email address").fill("team@riverside.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create the admin account").click()
    expect(page).to_have_url(f"{live_server}/mod/settings")
    problems += judge.judge("site settings, the first admin's first page")
    # An accent of the admin's: the dark scheme's is derived, and judged below.
    page.get_by_label("Accent in the light scheme").fill("#6a1b9a")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("The site settings are saved.")).to_be_visible()
    context.close()
    admin = session.exec(select(User).where(User.role == Role.admin)).one()
    pages.publish(session=session, actor=admin, slug="code-of-conduct", title="Code of conduct",
                  body="Be generous.", asks_again=True)  # fmt: skip

    member = make_user(session, display_name="Amara Okafor")
    member_context = browser.new_context(viewport=PHONE)
    dark_context = browser.new_context(viewport=PHONE, color_scheme="dark")
    _sign_in(member_context, live_server, app, member)
    dark_context.add_cookies(member_context.cookies())
    page = member_context.new_page()
    dark_page = dark_context.new_page() if markup else None
    judge = PageJudge(page, html_dir, dark_page=dark_page, axe=markup)
    page.goto(f"{live_server}/ideas/new")
    expect(page.get_by_label("Theme")).to_have_count(0)
    expect(page.get_by_role("region", name="Changed terms")).to_be_visible()
    problems += judge.judge("new idea form with no themes, the accent and the banner")
    page.get_by_label("Title").fill("A shared pool of mentors")
    page.get_by_role("button", name="Post idea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A shared pool of mentors")
    problems += judge.judge("the first idea, in General")
    member_context.close()
    dark_context.close()

    if markup:
        problems += vnu_problems(html_dir)
    assert problems == [], "\n".join(problems)
