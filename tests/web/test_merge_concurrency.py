"""A merge while members vote on both ideas at once, against a real server and database:
the counters still equal the rows, and each member counts once on the survivor."""

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
from tests.factories import make_idea, make_moderator, make_user

MEMBERS = 20
REQUESTS = 80


async def _storm(base_url: str, ideas: list[int], tokens: list[str], moderator: str, merge):
    rng = random.Random(5)
    limits = httpx.Limits(max_connections=REQUESTS + 1)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60) as client:

        def post(path: str, token: str, data: dict | None = None):
            return client.post(
                path,
                data={"csrf_token": TEST_CSRF, **(data or {})},
                headers={"Cookie": f"{SESSION_COOKIE}={token}; {CSRF_COOKIE}={TEST_CSRF}"},
            )

        votes = [
            post(f"/ideas/{rng.choice(ideas)}/{rng.choice(['vote', 'vote', 'unvote'])}", token)
            for token in (rng.choice(tokens) for _ in range(REQUESTS))
        ]
        votes.insert(REQUESTS // 2, post(merge[0], moderator, merge[1]))
        return await asyncio.gather(*votes)


def _rows(session, idea_id: int) -> set[int]:
    return set(session.exec(select(Vote.user_id).where(Vote.idea_id == idea_id)).all())


def test_a_merge_amid_concurrent_votes_keeps_every_count_exact(live_server, session):
    duplicate, survivor = make_idea(session), make_idea(session)
    members = [make_user(session) for _ in range(MEMBERS)]
    tokens = [sessions.start_session(session=session, user=m, days=1) for m in members]
    moderator = sessions.start_session(session=session, user=make_moderator(session), days=1)
    end_test_transactions()
    merge = (f"/mod/ideas/{duplicate.id}/merge", {"into": str(survivor.id)})

    with ThreadPoolExecutor(max_workers=1) as runner:
        responses = runner.submit(
            asyncio.run,
            _storm(live_server, [duplicate.id, survivor.id], tokens, moderator, merge),
        ).result()

    statuses = {response.status_code for response in responses}
    # Votes on the duplicate after the merge are refused (403); everything else redirects.
    assert statuses <= {303, 403}, statuses
    assert responses[REQUESTS // 2].status_code == 303, "the merge went through"
    end_test_transactions()
    session.expire_all()
    for idea in (duplicate, survivor):
        stored = session.exec(select(Idea.vote_count).where(Idea.id == idea.id)).one()
        rows = session.exec(
            select(func.count()).select_from(Vote).where(Vote.idea_id == idea.id)
        ).one()
        assert stored == rows == len(_rows(session, idea.id))
    assert _rows(session, duplicate.id) == set()
