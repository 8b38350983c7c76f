"""Several app processes on one PostgreSQL and one Redis, as production runs them: what
one process writes, the others' page caches know. Each process has a var/ of its own, so
that only Redis can tell them (not the memory-mapped generation file one machine's
workers share). Needs PostgreSQL (COMMONGROUND_TEST_POSTGRES_URL) and redis-server."""

import http.client
import re

import pytest

from app.db import open_session
from app.models import Role
from app.security import CSRF_COOKIE, SESSION_COOKIE
from app.services.accounts import sessions
from tests.bench.server import Server
from tests.factories import make_idea, make_user
from tests.redis_server import until
from tests.scale.cluster import CSRF

pytestmark = pytest.mark.slow


@pytest.fixture
def cluster(backing, app_processes):
    return app_processes, backing.engine


def _get(server: Server, path: str, cookie: str = "") -> tuple[int, dict, str]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        answer = connection.getresponse()
        return answer.status, dict(answer.getheaders()), answer.read().decode()
    finally:
        connection.close()


def _post(server: Server, path: str, token: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request(
            "POST", path, body=f"csrf_token={CSRF}",
            headers={"Cookie": f"{SESSION_COOKIE}={token}; {CSRF_COOKIE}={CSRF}",
                     "Content-Type": "application/x-www-form-urlencoded"},
        )  # fmt: skip
        answer = connection.getresponse()
        answer.read()
        assert "/login" not in (answer.getheader("Location") or "")
        return answer.status
    finally:
        connection.close()


def _count(page: str, idea_id: int) -> int:
    card = page[page.index(f'id="idea-{idea_id}"') :]
    return int(re.search(r'class="vote__count"><strong>(\d+)</strong>', card)[1])


def _members(engine, *roles):
    with open_session(engine) as session:
        idea = make_idea(session, title="Shared payroll service")
        users = [make_user(session, role=role) for role in roles]
        tokens = [sessions.start_session(session=session, user=u, days=1) for u in users]
        return idea.id, tokens


def test_a_write_through_one_process_reaches_every_process_cache(cluster):
    servers, engine = cluster
    idea_id, (voter, reader, moderator) = _members(engine, Role.member, Role.member, Role.moderator)
    member_cookie = f"{SESSION_COOKIE}={reader}; {CSRF_COOKIE}={CSRF}"
    a, *others = servers
    for server in servers:
        for _ in range(2):  # rendered, then stored: every process has its copies
            assert _count(_get(server, "/ideas")[2], idea_id) == 0
            assert _count(_get(server, "/ideas", member_cookie)[2], idea_id) == 0
        assert _get(server, "/ideas")[1].get("x-cache") == "hit"

    assert _post(a, f"/ideas/{idea_id}/vote", voter) == 303

    for server in others:
        # A member's page fills its counts from the database: at once, on any process.
        assert _count(_get(server, "/ideas", member_cookie)[2], idea_id) == 1
    for server in others:
        # An anonymous copy may lag a vote by its stated bound (STALE_SECONDS).
        until(lambda s=server: _count(_get(s, "/ideas")[2], idea_id) == 1)

    assert _post(a, f"/mod/ideas/{idea_id}/hide", moderator) == 303
    for server in others:
        # Told over Redis's channel: as soon as the message arrives (about a millisecond).
        until(lambda s=server: "Shared payroll service" not in _get(s, "/ideas")[2])
        assert _get(server, f"/ideas/{idea_id}")[0] == 404
        assert "Shared payroll service" not in _get(server, "/ideas", member_cookie)[2]
