"""What a vote may leave stale, for how long, and what it may not: the page caches'
invalidation (app/fast/__init__.py), with the caches' clocks held still by the test."""

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import httpx
import pytest

from app import db
from app.db import on_committed_write, open_session, write_transaction
from app.fast.anonymous_pages import STALE_SECONDS
from app.fast.generation import FileGeneration
from app.models import Role, Theme
from app.services.ideas import comments, counters, votes
from app.services.ideas.listing import PAGE_SIZE
from app.services.moderation import hiding
from app.services.site import settings as site_settings
from app.services.site.settings import SettingsDraft
from tests.conftest import Client, end_test_transactions
from tests.factories import make_idea, make_theme, make_user
from tests.pages import soup

CONCURRENT = 50


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(app):
    """The fast lane's clock, standing still until the test moves it."""
    Client(app).get("/healthz")  # builds the middleware, and so the anonymous page cache
    lane, held = app.state.fast_lane, Clock()
    lane.anonymous_pages.clock = held
    lane.member_pages.clock = held
    return held


def _count(response, idea_id: int) -> str:
    return soup(response).select_one(f"#idea-{idea_id} .vote__count strong").get_text()


def test_a_vote_reaches_anonymous_visitors_within_the_bound(app, session, clock):
    idea = make_idea(session)
    voter = make_user(session)
    visitor = Client(app)
    assert _count(visitor.get("/ideas"), idea.id) == "0"
    assert visitor.get(f"/ideas/{idea.id}").status_code == 200  # both pages now stored

    votes.cast_vote(session=session, user=voter, idea_id=idea.id)
    clock.now += STALE_SECONDS / 2
    stale = visitor.get("/ideas")
    assert stale.headers["x-cache"] == "stale" and _count(stale, idea.id) == "0"

    clock.now += STALE_SECONDS / 2  # the bound has passed since the copy's render began
    fresh = visitor.get("/ideas")
    assert "x-cache" not in fresh.headers and _count(fresh, idea.id) == "1"
    assert visitor.get("/ideas").headers["x-cache"] == "hit"
    idea_page = soup(visitor.get(f"/ideas/{idea.id}"))
    assert idea_page.select_one(".vote__count strong").get_text() == "1"


def test_anything_but_a_count_is_seen_by_the_next_request(app, session, clock):
    idea = make_idea(session, title="Shared payroll service")
    author = make_user(session)
    visitor = Client(app)
    visitor.get(f"/ideas/{idea.id}")

    comments.add_comment(
        session=session, author=author, idea_id=idea.id, body="A first reply", stance="for"
    )

    page = visitor.get(f"/ideas/{idea.id}")  # the clock has not moved at all
    assert "A first reply" in page.text and "x-cache" not in page.headers


def test_a_hidden_idea_disappears_from_every_cached_page_at_once(app, session, clock):
    theme = make_theme(session)
    idea = make_idea(session, theme=theme, title="Shared payroll service")
    make_idea(session, theme=theme, title="Another idea")
    moderator = make_user(session, role=Role.moderator)
    member, voter = make_user(session), make_user(session)
    anonymous, signed_in = Client(app), Client(app).login(member)
    pages = ["/ideas", "/", f"/themes/{theme.slug}", "/ideas?sort=top"]
    for path in pages:
        assert "Shared payroll service" in anonymous.get(path).text
    assert anonymous.get(f"/ideas/{idea.id}").status_code == 200
    for _ in range(2):  # rendered, then from the member page cache
        assert "Shared payroll service" in signed_in.get("/ideas").text
    votes.cast_vote(session=session, user=voter, idea_id=idea.id)  # now stale by a vote

    hiding.hide_idea(session=session, actor=moderator, idea_id=idea.id)

    for path in pages:
        assert "Shared payroll service" not in anonymous.get(path).text, path
        assert "Another idea" in anonymous.get(path).text
    assert anonymous.get(f"/ideas/{idea.id}").status_code == 404
    assert "Shared payroll service" not in signed_in.get("/ideas").text


def test_a_members_page_under_votes_is_filled_in_with_fresh_counts(app, session, clock):
    theme = make_theme(session)
    ideas = [make_idea(session, theme=theme) for _ in range(3)]
    member, other = make_user(session), make_user(session)
    client = Client(app).login(member)
    client.get("/ideas")
    client.get("/ideas")
    pages = app.state.fast_lane.member_pages
    renders = pages.renders

    votes.cast_vote(session=session, user=other, idea_id=ideas[0].id)
    client.submit(f"/ideas/{ideas[1].id}/vote")  # the member's own vote, by the fast path

    page = client.get("/ideas")
    assert page.headers["x-cache"] == "hit", "filled in from the stored page"
    assert pages.renders == renders, "votes alone do not make it render again"
    assert _count(page, ideas[0].id) == "1" and _count(page, ideas[1].id) == "1"
    assert "vote--voted" in soup(page).select_one(f"#idea-{ideas[1].id} .vote")["class"]
    assert "vote--voted" not in soup(page).select_one(f"#idea-{ideas[0].id} .vote")["class"]

    clock.now += STALE_SECONDS
    client.get("/ideas")  # past the bound: this request has the page rendered again
    assert pages.renders == renders + 1
    assert client.get("/ideas").headers["x-cache"] == "hit"
    assert pages.renders == renders + 1


def _fifty(base_url: str, path: str) -> list[httpx.Response]:
    async def storm() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=CONCURRENT)
        async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60) as client:
            return await asyncio.gather(*(client.get(path) for _ in range(CONCURRENT)))

    # Its own thread and event loop: Playwright's sync API may already own this thread's.
    with ThreadPoolExecutor(max_workers=1) as runner:
        return runner.submit(asyncio.run, storm()).result()


@pytest.mark.parametrize("change", ["vote", "comment"])
def test_fifty_concurrent_requests_for_a_stale_page_render_it_once(
    app, live_server, session, clock, change
):
    idea = make_idea(session)
    voter = make_user(session)
    end_test_transactions()
    cache = app.state.fast_lane.anonymous_pages
    assert httpx.get(f"{live_server}/ideas/{idea.id}", timeout=60).status_code == 200  # stored
    if change == "vote":  # stale by a count, and past the bound
        votes.cast_vote(session=session, user=voter, idea_id=idea.id)
        clock.now += STALE_SECONDS
    else:  # may not be served at all
        comments.add_comment(
            session=session, author=voter, idea_id=idea.id, body="A reply", stance="for"
        )
    end_test_transactions()
    renders = cache.renders

    responses = _fifty(live_server, f"/ideas/{idea.id}")

    assert [r.status_code for r in responses] == [200] * CONCURRENT
    assert cache.renders == renders + 1
    if change == "comment":  # everyone waited for the one render, and got it
        assert all("A reply" in r.text for r in responses)


def test_a_vote_moves_only_the_current_generation(tmp_path):
    one, other = FileGeneration(tmp_path / "g"), FileGeneration(tmp_path / "g")
    before = other.read()

    one.bump(counts_only=True)
    assert other.read() == (before[0] + 1, before[1])
    one.bump()
    assert other.read() == (before[0] + 2, before[1] + 1)


def test_only_a_write_to_the_site_tables_moves_the_site_generation(tmp_path):
    one, other = FileGeneration(tmp_path / "g"), FileGeneration(tmp_path / "g")
    site = other.site()

    one.bump()
    one.bump(counts_only=True)
    assert other.site() == site
    one.bump(site=True)
    assert (other.site(), other.read()) == (site + 1, (one.current(), one.settled()))


@contextmanager
def _hooks_heard(engine) -> Iterator[list[dict]]:
    """What an `on_committed_write` hook hears while the block runs, a dict per commit."""
    heard: list[dict] = []

    def hook(**told) -> None:
        heard.append(told)

    on_committed_write(engine, hook)
    try:
        yield heard
    finally:
        db._committed_write_hooks[engine].remove(hook)


def test_only_a_counts_only_write_tells_its_hooks_so(engine, session):
    idea, voter = make_idea(session), make_user(session)
    with _hooks_heard(engine) as heard:
        votes.cast_vote(session=session, user=voter, idea_id=idea.id)
        with open_session(engine) as other, write_transaction(other):
            other.add(Theme(slug="t-hooks", name="Hooks"))

    assert [told["counts_only"] for told in heard] == [True, False]


@pytest.mark.parametrize(
    ("write", "site"),
    [
        ("theme", True),  # a flush of a theme
        ("settings", True),  # the site's settings, through the service
        ("theme count", True),  # an UPDATE statement on a theme (a new idea's count)
        ("comment", False),
        ("vote", False),
    ],
)
def test_a_commit_tells_its_hooks_whether_it_wrote_to_the_site_tables(
    engine, session, settings, write, site
):
    idea, member = make_idea(session), make_user(session)
    with _hooks_heard(engine) as heard:
        if write == "theme":
            with write_transaction(session):
                session.add(Theme(slug="t-site", name="Site"))
        elif write == "settings":
            admin = make_user(session, role=Role.admin)
            site_settings.update_settings(
                session=session, settings=settings, actor=admin, draft=SettingsDraft(name="New")
            )
        elif write == "theme count":
            with write_transaction(session):
                counters.theme_ideas_changed(session, idea.theme_id, 1)
        elif write == "comment":
            comments.add_comment(
                session=session, author=member, idea_id=idea.id, body="Yes.", stance="for"
            )
        else:
            votes.cast_vote(session=session, user=member, idea_id=idea.id)

    assert heard and heard[-1]["site"] is site


def test_fifty_concurrent_members_past_the_bound_render_their_page_once(
    app, live_server, session, clock
):
    from app.security import CSRF_COOKIE, SESSION_COOKIE
    from app.services.accounts import sessions

    idea = make_idea(session)
    voter, member = make_user(session), make_user(session)
    token = sessions.start_session(session=session, user=member, days=1)
    end_test_transactions()
    cookies = {SESSION_COOKIE: token, CSRF_COOKIE: "a-token"}
    for _ in range(2):  # rendered, then stored with its headers
        assert httpx.get(f"{live_server}/ideas", cookies=cookies, timeout=60).status_code == 200
    votes.cast_vote(session=session, user=voter, idea_id=idea.id)
    clock.now += STALE_SECONDS
    end_test_transactions()
    pages = app.state.fast_lane.member_pages
    renders = pages.renders

    async def storm() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=CONCURRENT)
        async with httpx.AsyncClient(
            base_url=live_server, limits=limits, timeout=60, cookies=cookies
        ) as client:
            return await asyncio.gather(*(client.get("/ideas") for _ in range(CONCURRENT)))

    with ThreadPoolExecutor(max_workers=1) as runner:
        responses = runner.submit(asyncio.run, storm()).result()

    assert [r.status_code for r in responses] == [200] * CONCURRENT
    assert pages.renders == renders + 1
    # One request went on to the app to render it; the others had the stored copy.
    assert sum(r.headers.get("x-cache") != "hit" for r in responses) == 1
    assert all(_count(r, idea.id) == "1" for r in responses), "every count is fresh"


def test_a_member_request_whose_list_votes_reordered_gets_its_own_copy(app, session, clock):
    # Found by the mixed bench: a request that reached the app while another's copy was
    # being stored (its headers not yet kept) read a list the votes since had reordered,
    # and was filled into that copy, whose buttons are for other ideas: a 500.
    theme = make_theme(session)
    listed = [make_idea(session, theme=theme) for _ in range(PAGE_SIZE)]
    voter, member = make_user(session), make_user(session)
    for idea in listed:
        votes.cast_vote(session=session, user=voter, idea_id=idea.id)
    newcomer = make_idea(session, theme=theme, title="Late but popular")
    client = Client(app).login(member)
    assert "Late but popular" not in client.get("/ideas?sort=top").text

    for supporter in (voter, member):
        votes.cast_vote(session=session, user=supporter, idea_id=newcomer.id)
    stored = app.state.fast_lane.member_pages.pages
    (copy,) = stored.values()
    copy.headers = None  # as between a copy's store and the start of its response

    page = client.get("/ideas?sort=top")
    assert page.status_code == 200
    assert _count(page, newcomer.id) == "2"
    assert "vote--voted" in soup(page).select_one(f"#idea-{newcomer.id} .vote")["class"]
