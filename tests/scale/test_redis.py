"""What Redis holds for several app processes: the rate-limit counters, shared, and the
page cache's generation; and what happens while it is away (README, "Several workers";
app/ratelimit.py): pages are rendered afresh, never an error; writes succeed; each
process counts limits on its own; once Redis is back, all of it is shared again.

The three app processes of tests/scale/conftest.py, on one PostgreSQL and the scale
tests' own Redis, which a test stops and starts. Needs PostgreSQL
(COMMONGROUND_TEST_POSTGRES_URL) and redis-server."""

import re
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest
from redis import Redis

from app.db import open_session
from app.models import Role
from app.ratelimit import RateLimited, RateLimiter
from app.services.accounts import sessions
from tests.factories import make_idea, make_user
from tests.redis_server import redis_server, until
from tests.scale.cluster import CSRF, WRITES_ALLOWED, member_cookie, request

pytestmark = pytest.mark.slow


@pytest.fixture
def cluster(backing, app_processes):
    yield app_processes, backing.engine, backing.redis
    if backing.redis.process is None:  # a failed test left it stopped
        backing.redis.start()


def _post(server, path: str, token: str, **fields: str) -> int:
    form = urlencode({"csrf_token": CSRF, **fields})
    return request(server, "POST", path, cookie=member_cookie(token), form=form)[0]


def _vote(server, token: str, idea_id: int) -> int:
    return _post(server, f"/ideas/{idea_id}/vote", token)


def _pass(server, token: str, idea_id: int) -> int:
    """A stance that may be given again and again: each time, a write that counts."""
    return _post(server, f"/ideas/{idea_id}/stance", token, stance="pass")


def _count(page: str, idea_id: int) -> int:
    card = page[page.index(f'id="idea-{idea_id}"') :]
    return int(re.search(r'class="vote__count"><strong>(\d+)</strong>', card)[1])


def _forum(engine, members: int, title: str) -> tuple[int, int, list[str]]:
    """(an idea to vote on, an idea to pass on, members' (session token, id))."""
    with open_session(engine) as session:
        idea = make_idea(session, title=title)
        other = make_idea(session, title=f"{title}, again")
        users = [make_user(session, role=Role.member) for _ in range(members)]
        tokens = [sessions.start_session(session=session, user=u, days=1) for u in users]
        return idea.id, other.id, list(zip(tokens, (u.id for u in users), strict=True))


def _limit_is_shared(servers, token: str, idea_id: int) -> None:
    """The allowed writes, spread over every process, use up one allowance."""
    for attempt in range(WRITES_ALLOWED):
        assert _pass(servers[attempt % len(servers)], token, idea_id) == 303, attempt
    for server in servers:
        assert _pass(server, token, idea_id) == 429


def test_a_rate_limit_is_counted_across_every_process(cluster):
    servers, engine, _ = cluster
    _, idea_id, [(member, _)] = _forum(engine, 1, "A shared fleet of vans")
    _limit_is_shared(servers, member, idea_id)


def test_without_redis_pages_answer_afresh_and_writes_succeed_and_it_all_comes_back(cluster):
    servers, engine, redis = cluster
    a, b, c = servers
    idea_id, other_id, members = _forum(engine, 8, "A shared minibus pool")
    probes = members[5:]
    voter, reader, limited, limited_again, second_voter = (token for token, _ in members[:5])
    for server in servers:  # the anonymous page is cached everywhere
        until(lambda s=server: request(s, "GET", "/ideas")[1].get("x-cache") == "hit")

    redis.stop()
    for server in servers:
        statuses = []

        def rendered_afresh(server=server, statuses=statuses):
            status, headers, _ = request(server, "GET", "/ideas")
            statuses.append(status)
            return headers.get("x-cache") != "hit"

        until(rendered_afresh)  # once the copy of the generation is no longer trusted
        assert set(statuses) == {200}, "never an error, even before Redis is distrusted"
        assert request(server, "GET", "/ideas", cookie=member_cookie(reader))[0] == 200

    # Writes succeed (the write limits count in each process meanwhile) and are seen at
    # once through the others, whose pages are all rendered afresh.
    assert _vote(a, voter, idea_id) == 303
    for server in (b, c):
        assert _count(request(server, "GET", "/ideas")[2], idea_id) == 1
        member_page = request(server, "GET", "/ideas", cookie=member_cookie(reader))[2]
        assert _count(member_page, idea_id) == 1
    # Limits still hold, each process counting on its own.
    for _ in range(WRITES_ALLOWED):
        assert _pass(a, limited, other_id) == 303
    assert _pass(a, limited, other_id) == 429
    assert _pass(b, limited, other_id) == 303, "B has a count of its own while Redis is away"

    redis.start()
    for server in servers:  # pages are cached again
        until(lambda s=server: request(s, "GET", "/ideas")[1].get("x-cache") == "hit")
    # Limits are shared again once each process has tried Redis again (RETRY_SECONDS).
    for server, probe in zip(servers, probes, strict=True):
        until(lambda s=server, p=probe: _counted_in_redis(redis, s, p, other_id))
    _limit_is_shared(servers, limited_again, other_id)
    # And a write through A reaches the others' caches.
    assert _vote(a, second_voter, idea_id) == 303
    for server in (b, c):
        until(lambda s=server: _count(request(s, "GET", "/ideas")[2], idea_id) == 2)


def _counted_in_redis(redis, server, probe: tuple[str, int], idea_id: int) -> bool:
    token, member_id = probe
    _pass(server, token, idea_id)  # refused or not: whether Redis counted it
    with Redis.from_url(redis.url) as client:
        return bool(client.keys(f"*write-votes/{member_id}/*"))


def test_the_limiter_counts_in_memory_while_redis_is_away_and_in_redis_once_back(tmp_path):
    with contextmanager(lambda: (yield from redis_server(tmp_path)))() as redis:
        limiter = RateLimiter(storage_url=redis.url, enabled=True)
        limiter.RETRY_SECONDS = 0.0  # try Redis on every hit
        limit = ("2 per minute", "test", "someone")
        redis.stop()
        limiter.hit(limit)
        limiter.hit(limit)
        with pytest.raises(RateLimited):
            limiter.hit(limit)  # counted in this process: still a limit
        redis.start()
        limiter.hit(limit)
        with Redis.from_url(redis.url) as client:
            assert client.keys("*test/someone*"), "counted in Redis again"
