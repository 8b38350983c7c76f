"""Many members voting on one idea at once, against a real server and database."""

import asyncio
import random
from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy import func
from sqlmodel import select

from app.models import Idea, Vote
from app.security import CSRF_COOKIE, SESSION_COOKIE
from app.services.accounts import sessions
from tests.conftest import TEST_CSRF, end_test_transactions
from tests.factories import make_idea, make_user

MEMBERS = 50
REQUESTS = 200


async def _storm(base_url: str, idea_id: int, tokens: list[str]) -> list[httpx.Response]:
    rng = random.Random(2)
    limits = httpx.Limits(max_connections=REQUESTS, max_keepalive_connections=REQUESTS)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60) as client:

        def one(token: str) -> asyncio.Future:
            action = rng.choice(["vote", "unvote"])
            return client.post(
                f"/ideas/{idea_id}/{action}",
                data={"csrf_token": TEST_CSRF},
                headers={"Cookie": f"{SESSION_COOKIE}={token}; {CSRF_COOKIE}={TEST_CSRF}"},
            )

        return await asyncio.gather(*(one(rng.choice(tokens)) for _ in range(REQUESTS)))


def test_concurrent_votes_and_unvotes_keep_the_count_exact(live_server, session):
    idea = make_idea(session)
    members = [make_user(session) for _ in range(MEMBERS)]
    tokens = [sessions.start_session(session=session, user=m, days=1) for m in members]
    end_test_transactions()

    # Its own thread and event loop: Playwright's sync API may already own this thread's.
    with ThreadPoolExecutor(max_workers=1) as runner:
        responses = runner.submit(asyncio.run, _storm(live_server, idea.id, tokens)).result()

    statuses = [response.status_code for response in responses]
    assert statuses == [303] * REQUESTS, sorted(set(statuses))
    assert not any("locked" in response.text for response in responses)
    end_test_transactions()
    rows = session.exec(select(func.count()).select_from(Vote).where(Vote.idea_id == idea.id)).one()
    stored = session.exec(select(Idea.vote_count).where(Idea.id == idea.id)).one()
    assert stored == rows
    assert 0 < rows <= MEMBERS
