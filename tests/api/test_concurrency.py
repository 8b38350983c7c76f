"""Many API reads at once on a small thread pool all finish: a request gives its database
connection back before FastAPI checks its answer in another thread (app/api/answers.py).
Holding it instead stalled the worker until the connection pool's timeout."""

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.factories import make_idea

REQUESTS = 48
# Generous: the check is that every read finishes (a stall ends in the pool timeout and
# an error status), not how fast, on a machine that may be busy.


@pytest.fixture
def settings(settings):
    # Two threads and so four pooled connections (plus overflow): easy to exhaust.
    return settings.model_copy(update={"thread_pool_size": 2})


def test_many_reads_at_once_all_finish(live_server, session):
    idea = make_idea(session)
    paths = ["/api/v1/ideas", f"/api/v1/ideas/{idea.id}", f"/api/v1/ideas/{idea.id}/comments"]

    def get(number: int) -> int:
        path = paths[number % len(paths)]
        return httpx.get(live_server + path, timeout=60).status_code

    with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
        statuses = list(pool.map(get, range(REQUESTS)))

    assert statuses == [200] * REQUESTS
