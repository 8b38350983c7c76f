"""Similar ideas while many members write at once, against a real server and database."""

import asyncio
import random
from concurrent.futures import ThreadPoolExecutor

import httpx

from app.security import CSRF_COOKIE, SESSION_COOKIE
from app.services.accounts import sessions
from tests.conftest import TEST_CSRF, end_test_transactions
from tests.factories import make_idea, make_theme, make_user
from tests.search_pairs import CORPUS

REQUESTS = 50
POSTS = 10


async def _storm(base_url: str, theme: str, token: str) -> list[httpx.Response]:
    rng = random.Random(17)
    limits = httpx.Limits(max_connections=REQUESTS, max_keepalive_connections=REQUESTS)
    cookies = {"Cookie": f"{SESSION_COOKIE}={token}; {CSRF_COOKIE}={TEST_CSRF}"}
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=120) as client:

        def one(n: int) -> asyncio.Future:
            idea = rng.choice(CORPUS)
            if n < POSTS:
                form = {"csrf_token": TEST_CSRF, "title": f"{idea.title} ({n})",
                        "body": idea.body, "theme": theme, "confirm": "yes"}  # fmt: skip
                return client.post("/ideas", data=form, headers=cookies)
            params = {"title": idea.title, "body": idea.body}
            return client.get("/ideas/similar", params=params, headers={"HX-Request": "true"})

        return await asyncio.gather(*(one(n) for n in range(REQUESTS)))


def test_concurrent_similar_ideas_and_posts_give_no_error(live_server, session):
    theme = make_theme(session)
    for idea in CORPUS[:40]:
        make_idea(session, theme=theme, title=idea.title, body=idea.body)
    token = sessions.start_session(session=session, user=make_user(session), days=1)
    end_test_transactions()

    with ThreadPoolExecutor(max_workers=1) as runner:
        responses = runner.submit(asyncio.run, _storm(live_server, theme.slug, token)).result()

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] * (REQUESTS - POSTS) + [303] * POSTS, statuses
