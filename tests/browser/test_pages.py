"""Every page a member can reach, judged by tools nobody here wrote.

For each role the crawl starts at `/`, follows every same-site link, and then visits the
pages links do not reach: each GET route of the app's own route table, forms re-shown
with their errors, the 403, 404 and 429 pages, and pages after their htmx swaps. Each
state is judged at phone width (375 px) by axe-core (WCAG 2.2 AA and best practice, and
colour contrast again in the dark scheme), for sideways scrolling and small targets, for
console errors and failed requests, and at the end by the Nu HTML Checker. A GET route
that no role reached fails the test, so new pages are held to this without editing it.

axe (in both schemes) and the Nu HTML Checker judge the markup, which does not depend on
the database, and take most of the time: they run on SQLite. On PostgreSQL the same crawl
visits every page and state and checks the rest (errors, failed requests, width, targets).
"""

import re
from collections import Counter, deque
from itertools import product
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from app.config import PROJECT_ROOT
from app.models import Idea, NotificationKind, Role, TokenPurpose, Webhook, utcnow
from app.security import SESSION_COOKIE
from app.services.accounts import registration, segments, sessions
from app.services.ideas import votes
from app.services.insight import compute
from app.services.notifying import emails
from app.services.sharing.webhooks import new_secret
from app.services.site import first_admin
from app.services.site import pages as site_pages
from app.services.site import settings as site_settings
from tests.browser.judges import PHONE, PageJudge, require_axe, require_vnu, vnu_problems
from tests.conftest import TEST_SECRET
from tests.factories import (
    make_comment,
    make_email_token,
    make_idea,
    make_round,
    make_theme,
    make_user,
)
from tests.routes import app_routes

pytestmark = pytest.mark.browser

ROLES = ["anonymous", "unverified", "member", "moderator", "admin"]
# Routes that answer with something other than an HTML page: feeds, a download, and the
# fragments htmx asks for while a member types a mention (judged inside the page, below).
NOT_PAGES = {
    "/healthz",
    "/openapi.json",
    "/mod/audit.csv",
    "/insight.json",
    "/insight.csv",
    "/feeds/ideas.atom",
    "/feeds/themes/{slug}.atom",
    "/ideas/{idea_id}/feed.atom",
    "/mentions",
    "/mentions/complete",
    "/data/{filename}",
    "/rounds/{slug}/report.json",
    "/rounds/{slug}/report.csv",
    "/settings/data/download/{token}",
    "/site/style.css",
    "/site/logo",
}
# Distinct URLs judged per route and role: every route, without every one of 40 ideas.
PER_ROUTE = 3


@pytest.fixture
def settings(settings):
    """Rate limits on (a tight sign-in limit), so that the 429 page can be judged."""
    return settings.model_copy(
        update={"rate_limits": "on", "rate_limit_login_email": "2 per minute"}
    )


@pytest.fixture
def world(session, settings):
    theme = make_theme(session, slug="sharing-resources", name="Sharing resources")
    other_theme = make_theme(session, slug="inclusive-access", name="Inclusive access")
    people = {
        "unverified": make_user(session, display_name="Una Verified", verified=False),
        "member": make_user(session, display_name="Amara Okafor"),
        "moderator": make_user(session, display_name="Rhiannon Price", role=Role.moderator),
        "admin": make_user(session, display_name="Inquiry Team", role=Role.admin),
    }
    others = [make_user(session, display_name=f"Leader {n}") for n in range(3)]
    own = make_idea(session, author=people["member"], theme=theme, title="Shared payroll service")
    debated = make_idea(session, author=others[0], theme=theme, title="Pooled training budgets")
    top = make_comment(session, idea=debated, author=others[1], stance="for")
    make_comment(session, idea=debated, author=people["member"], parent=top, stance="against")
    make_comment(session, idea=debated, author=people["member"], stance="neutral")
    for number in range(21):  # enough for a second page, so "Load more" appears
        make_idea(session, author=others[2], theme=other_theme, title=f"Idea on access {number:02}")
    # Notifications for the member: a comment on their idea that mentions them.
    make_comment(session, idea=own, author=others[1], body="Agreed, @Amara Okafor: let us try it.")
    untouched = make_idea(session, author=others[2], theme=theme, title="Joint procurement")
    # Answers enough for an analysis, and a profile question, so /insight has it all.
    draft = segments.SegmentDraft(question="What is your role?", options="Chief executive\nTrustee")
    segment = segments.create_segment(session=session, actor=people["admin"], draft=draft)
    answering = [*others, people["moderator"], people["admin"]]
    listed = session.exec(select(Idea).order_by(Idea.id)).all()
    for number, (voter, idea) in enumerate(product(answering, listed[:8])):
        change = (votes.Change.vote, votes.Change.disagree, votes.Change.pass_)[number % 3]
        votes.answer_idea(session=session, user=voter, idea_id=idea.id, change=change)
    for voter in answering:
        segments.save_answers(session=session, user=voter, answers={segment.slug: "Trustee"})
    compute.compute_insight(session=session, settings=settings)
    # An open round hiding its totals, with an idea in it, and a reported round.
    running = make_round(session, themes=[theme], hide_counts=True, slug="sharing-resources")
    make_idea(session, author=others[1], theme=theme, title="A shared HR adviser")
    reported = make_round(session, themes=[other_theme], slug="access-round")
    make_idea(session, author=others[0], theme=other_theme, title="Carers' bursaries")
    reported.closes_at, reported.reported_at = utcnow(), utcnow()
    reported.heard, reported.next_steps = "Access **first**.", "- A pilot"
    session.add(reported)
    # An accent of the admin's (judged for contrast in both schemes), a footer link, and a
    # changed code of conduct that asks every signed-in member to agree again (the banner).
    site_settings.update_settings(
        session=session, settings=settings, actor=people["admin"],
        draft=site_settings.SettingsDraft(
            accent="#6a1b9a", contact_email="inquiry@example.org",
            footer_links="Riverside Trust | https://riverside.example",
        ),
    )  # fmt: skip
    site_pages.publish(
        session=session, actor=people["admin"], slug="code-of-conduct", title="Code of conduct",
        body="## Be generous\n\nAssume good intent.", asks_again=True,
    )  # fmt: skip
    webhook = Webhook(
        url="https://hooks.example.org/in", secret=new_secret(), events="idea.created"
    )
    session.add(webhook)
    session.commit()
    return {
        "webhook": webhook,
        "people": people,
        "own": own,
        "debated": debated,
        "untouched": untouched,
        "theme": theme,
        "segment": segment,
        "round": running,
    }


def _tokens(session, world: dict, settings) -> dict[str, str]:
    """A usable token for each route that takes one, so each page is judged as it is."""
    member = world["people"]["member"]
    unverified = world["people"]["unverified"]
    return {
        "/verify/{token}": registration.verification_token(secret_key=TEST_SECRET, user=unverified),
        "/login/link/{token}": make_email_token(session, member, TokenPurpose.sign_in),
        "/password/reset/{token}": make_email_token(session, member, TokenPurpose.password_reset),
        "/settings/email/confirm/{token}": make_email_token(
            session, member, TokenPurpose.email_change, new_email="amara.new@example.org"
        ),
        "/unsubscribe/{token}": emails.unsubscribe_token(
            settings, user_id=member.id, scope=NotificationKind.reply
        ),
        "/settings/account/delete/{token}": make_email_token(
            session, member, TokenPurpose.account_delete
        ),
        # The world has an admin, so the set-up link answers with its friendly 404 (its
        # form is judged in test_first_run_pages_pass_the_judges).
        "/setup/{token}": first_admin.setup_link(settings=settings).rsplit("/", 1)[1],
    }


def _route_patterns(app) -> dict[str, re.Pattern]:
    patterns = {}
    for route in app_routes(app):
        if "GET" in route.methods and route.path not in NOT_PAGES:
            regex = re.sub(r"\{\w+(:\w+)?\}", "[^/]+", route.path)
            patterns[route.path] = re.compile(f"^{regex}$")
    return patterns


def _route_of(path: str, patterns: dict[str, re.Pattern]) -> str | None:
    return next((route for route, pattern in patterns.items() if pattern.match(path)), None)


def _concrete(route: str, world: dict, role: str, tokens: dict[str, str]) -> str:
    idea = world["own"] if role == "member" else world["debated"]
    if route.startswith("/mod/pages/"):
        route = route.replace("{slug}", "privacy")
    return (
        route.replace("{idea_id}", str(idea.id))
        .replace("{segment_id}", str(world["segment"].id))
        .replace("{member_id}", str(world["people"]["member"].id))
        .replace("{user_id}", str(world["people"]["member"].id))
        .replace("{webhook_id}", str(world["webhook"].id))
        .replace("{round_id}", str(world["round"].id))
        .replace("{slug}", world["theme"].slug)
        .replace("{token}", tokens.get(route, "no-such-token"))
    )


class Crawl:
    """One role's walk through the site; records which routes it judged."""

    def __init__(self, page: Page, base: str, judge: PageJudge, patterns, role: str) -> None:
        self.page, self.base, self.judge, self.patterns, self.role = (
            page,
            base,
            judge,
            patterns,
            role,
        )
        self.problems: list[str] = []
        self.seen: set[str] = set()
        self.per_route: Counter = Counter()
        self.routes: set[str] = set()
        self.dark_judged: set[str | None] = set()

    def visit(self, path: str, label: str | None = None) -> None:
        self.page.goto(self.base + path)
        # The dark scheme is the same components in other colours, so its contrast is
        # judged on the first visit to each page (route) of each role, not on every one.
        route = _route_of(urlsplit(self.page.url).path, self.patterns)
        self.record(label or path, reload_dark=route not in self.dark_judged)
        self.dark_judged.add(route)

    def record(self, label: str, *, reload_dark: bool = False) -> None:
        path = urlsplit(self.page.url).path
        if route := _route_of(path, self.patterns):
            self.routes.add(route)
        self.problems += self.judge.judge(f"[{self.role}] {label}", reload_dark=reload_dark)

    def follow_links(self) -> None:
        queue = deque(["/"])
        while queue:
            path = queue.popleft()
            route = _route_of(urlsplit(path).path, self.patterns)
            if path in self.seen or route is None or self.per_route[route] >= PER_ROUTE:
                continue
            self.seen.add(path)
            self.per_route[route] += 1
            self.visit(path)
            for href in self.page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
                parts = urlsplit(urljoin(self.page.url, href))
                if parts.netloc != urlsplit(self.base).netloc or parts.path.startswith("/static/"):
                    continue
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))


def _sign_in(context, base: str, app, user) -> None:
    from app.db import open_session

    with open_session(app.state.engine) as session:
        token = sessions.start_session(session=session, user=user, days=1)
    context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": base}])


def _judge_special_states(crawl: Crawl, world: dict, role: str, tokens: dict) -> None:
    """The states links alone do not reach: error pages, re-shown forms, htmx swaps."""
    page = crawl.page
    crawl.visit("/ideas/987654", "404 page")
    if role == "anonymous":
        crawl.visit("/login")
        page.get_by_label("Your email").fill("not an address")
        page.get_by_role("button", name="Email me a sign-in link").click()
        crawl.record("sign-in link form with errors")
        page.get_by_label("Your email").fill("someone.else@example.org")
        page.get_by_role("button", name="Email me a sign-in link").click()
        crawl.record("code page after asking for a sign-in link")
        page.get_by_label("Six-digit code").fill("000000")
        page.get_by_role("button", name="Sign in").click()
        crawl.record("code page after a wrong code")
        crawl.visit("/password/forgot")
        page.get_by_label("Email address").fill("nope")
        page.get_by_role("button", name="Email me a reset link").click()
        crawl.record("password reset request with errors")
        crawl.visit(f"/password/reset/{tokens['/password/reset/{token}']}")
        page.get_by_label("New password").fill("password")
        page.get_by_role("button", name="Save my new password").click()
        crawl.record("new password form with errors")
        crawl.visit(f"/unsubscribe/{tokens['/unsubscribe/{token}']}")
        page.get_by_role("button", name="Unsubscribe").click()
        crawl.record("after unsubscribing")
        crawl.visit("/signup")
        page.get_by_label("Email address").fill("not an address")
        page.get_by_label("Password").fill("password")
        page.get_by_role("button", name="Create my account").click()
        crawl.record("sign-up form with errors")
        page.get_by_label("Your name").fill("Amara Okafor")
        page.get_by_label("Organisation").fill("Riverside Youth Trust")
        page.get_by_label("Email address").fill("amara.new@example.org")
        page.get_by_label("Password").fill("a long and unusual passphrase")
        page.get_by_role("button", name="Create my account").click()
        crawl.record("after sign-up")
        for _ in range(3):
            crawl.visit("/login")
            page.get_by_label("Email address").fill("someone@example.org")
            page.get_by_label("Password").fill("wrong password")
            page.get_by_role("button", name="Sign in").click()
        crawl.record("429 page after too many sign-ins")
    if role == "unverified":
        crawl.visit("/ideas/new", "403 page: email not confirmed")
    if role == "moderator":
        crawl.visit("/mod/rounds")
        page.get_by_label("Title").fill("Hm")
        page.get_by_role("button", name="Create round").click()
        crawl.record("a new round with errors")
        crawl.visit(f"/rounds/{world['round'].slug}")
        crawl.visit("/rounds/access-round/report", "a round's report")
    if role == "admin":
        crawl.visit("/mod/segments")
        page.get_by_label("Question", exact=True).fill("Region?")
        page.get_by_role("button", name="Add question").click()
        crawl.record("a profile question with errors")
        crawl.visit("/mod/settings")
        page.get_by_label("Accent in the light scheme").fill("#7fd8bd")
        page.get_by_label("Footer links").fill("no bar")
        page.get_by_role("button", name="Save settings").click()
        crawl.record("site settings with errors")
        crawl.visit("/mod/pages/code-of-conduct")
        page.get_by_label("Text").fill("")
        page.get_by_role("button", name="Publish").click()
        crawl.record("a page's new version with errors")
    if role == "member":
        crawl.visit(f"/ideas/{world['debated'].id}/edit", "403 page: someone else's idea")
        crawl.visit("/ideas/new")
        page.get_by_label("Title").fill("Hm")
        page.get_by_role("button", name="Post idea").click()
        crawl.record("new idea form with errors")
        crawl.visit(f"/ideas/{world['debated'].id}")
        page.locator(".idea__header .vote button").click()
        expect(page.locator(".idea__header .vote--voted")).to_have_count(1)
        crawl.record("idea page after voting (htmx)")
        page.get_by_role("button", name="Post comment").click()
        expect(page.locator("#comments .field__error")).to_have_count(2)  # stance and text
        crawl.record("idea page after an empty comment (htmx)")
        page.locator("form.comment-form").get_by_label("For", exact=True).check()
        page.get_by_label("Your comment", exact=True).fill("We share a payroll provider already.")
        page.get_by_role("button", name="Post comment").click()
        expect(
            page.locator(".comment .prose", has_text="We share a payroll provider")
        ).to_be_visible()
        crawl.record("idea page after commenting (htmx)")
        crawl.visit("/ideas?sort=new")
        page.get_by_role("link", name="Load more ideas").click()
        expect(page.locator("#idea-list > li")).to_have_count(26)  # every idea in the world
        crawl.record("idea list after load more (htmx)")
        crawl.visit(f"/ideas/{world['untouched'].id}")
        page.get_by_role("button", name="Follow this idea").click()
        expect(page.locator(".follow--on")).to_have_count(1)
        crawl.record("idea page after following (htmx)")
        page.get_by_label("Your comment", exact=True).fill("As @Lead")
        expect(page.locator("#mentions-new-comment button")).to_have_count(3)
        crawl.record("comment box with mention suggestions (htmx)")
        page.locator("#mentions-new-comment button").first.click()
        # The idea's author (Leader 2) comes first.
        expect(page.get_by_label("Your comment", exact=True)).to_have_value("As @Leader 2 ")
        crawl.record("comment box after choosing a mention (htmx)")
        page.get_by_label("Your comment", exact=True).press_sequentially("thanks.")
        page.locator("form.comment-form").get_by_label("For", exact=True).check()
        page.get_by_role("button", name="Post comment").click()
        expect(page.locator(".comment .prose", has_text="thanks.")).to_be_visible()
        crawl.record("idea page after posting a comment with a mention (htmx)")
        crawl.visit(f"/ideas/{world['untouched'].id}")
        page.locator(f"#stance-disagree-{world['untouched'].id}").click()
        expect(page.locator(f"#stance-disagree-{world['untouched'].id}")).to_have_attribute(
            "aria-pressed", "true"
        )
        crawl.record("idea page after disagreeing (htmx)")
        crawl.visit("/ideas/deck")
        first = page.locator("#deck-title").text_content()
        page.keyboard.press("p")
        expect(page.locator("#deck-title")).not_to_have_text(first)
        crawl.record("the deck after passing on a card (htmx)")
        crawl.visit("/settings")
        page.get_by_label("Your name").fill("A")
        page.get_by_role("button", name="Save profile").click()
        crawl.record("profile form with errors")
        crawl.visit("/settings/tokens")
        page.get_by_label("Name").fill("Survey analysis")
        page.get_by_role("button", name="Make the token").click()
        crawl.record("API token shown once")
        crawl.visit("/settings/data")
        page.get_by_label("Your password, to confirm").fill("not my password")
        page.get_by_role("button", name="Erase my account").click()
        crawl.record("erasure form with errors")
        crawl.visit("/settings/email")
        page.get_by_label("New email address").fill("amara.elsewhere@example.org")
        page.get_by_label("Your current password").fill("not my password")
        page.get_by_role("button", name="Send the confirmation link").click()
        crawl.record("email change form with errors")


def test_every_page_passes_the_judges(
    browser: Browser, live_server, app, engine, session, world, settings, tmp_path
):
    markup = engine.dialect.name == "sqlite"  # see the module docstring
    if markup:
        require_axe()
        require_vnu()
    patterns = _route_patterns(app)
    html_dir = tmp_path / "pages"
    tokens = _tokens(session, world, settings)
    problems: list[str] = []
    reached: set[str] = set()
    judged: list[str] = []

    for role in ROLES:
        context = browser.new_context(viewport=PHONE, reduced_motion="reduce")
        dark_context = browser.new_context(viewport=PHONE, color_scheme="dark")
        if role != "anonymous":
            _sign_in(context, live_server, app, world["people"][role])
            dark_context.add_cookies(context.cookies())
        page = context.new_page()
        dark_page = dark_context.new_page() if markup else None
        judge = PageJudge(page, html_dir, dark_page=dark_page, axe=markup)
        crawl = Crawl(page, live_server, judge, patterns, role)
        crawl.follow_links()
        for route in patterns:
            if route not in crawl.routes:
                crawl.visit(_concrete(route, world, role, tokens))
        _judge_special_states(crawl, world, role, tokens)
        problems += crawl.problems
        reached |= crawl.routes
        judged += judge.judged
        context.close()
        dark_context.close()

    if markup:
        problems += vnu_problems(html_dir)
    report = PROJECT_ROOT / "var" / "judges" / "pages.txt"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text("\n".join(judged) + "\n")
    print(f"\n{len(judged)} page states judged; the list is in {report}")

    assert sorted(set(patterns) - reached) == [], "GET routes the crawl never reached"
    assert problems == [], "\n".join(problems)
