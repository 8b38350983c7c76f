"""The page generation in Redis (several machines): a local copy per process, kept by
pub/sub, no round trip per page, and pages rendered afresh (never stale, never an
error) while Redis is away. Each test module run starts a Redis server of its own on a
free port, since the tests stop it."""

import uuid

import pytest

from app.fast.generation import RedisGeneration
from tests.redis_server import redis_server as own_redis
from tests.redis_server import until as _until


@pytest.fixture
def redis_server(tmp_path):
    yield from own_redis(tmp_path)


@pytest.fixture
def generations(redis_server):
    """Two processes' generations on one Redis (keys of this test's own)."""
    prefix = f"test-{uuid.uuid4().hex}:"
    made = [RedisGeneration(redis_server.url, prefix=prefix) for _ in range(2)]
    for generation in made:
        _until(lambda g=generation: g.read()[0] >= 0)
    yield made
    for generation in made:
        generation.stop()


def test_a_bump_in_one_process_reaches_the_other(generations):
    one, other = generations
    before = other.read()

    one.bump(counts_only=True)
    assert one.read() == (before[0] + 1, before[1]), "its own write, at once"
    _until(lambda: other.read() == (before[0] + 1, before[1]))

    one.bump()
    _until(lambda: other.read() == (before[0] + 2, before[1] + 1))


def test_the_site_number_moves_on_only_with_a_site_write_and_reaches_the_other(generations):
    one, other = generations
    _until(lambda: other.read() == one.read())
    site = other.site()

    one.bump()
    _until(lambda: other.read() == one.read())
    assert other.site() == site
    one.bump(site=True)
    assert one.site() == site + 1, "its own write, at once"
    _until(lambda: other.site() == site + 1)


def test_reading_makes_no_round_trip(generations):
    one, other = generations
    one.bump()
    _until(lambda: other.read() == one.read())

    class NoRedis:
        def __getattr__(self, name):
            raise AssertionError(f"a page read Redis ({name})")

    other._redis = NoRedis()  # the resync would fail too: reads alone must not care
    for _ in range(1_000):
        assert other.read() == one.read()


def test_while_redis_is_away_pages_are_fresh_and_writes_do_not_fail(redis_server, generations):
    one, other = generations
    one.bump()
    _until(lambda: other.read() == one.read())
    known = other.read()

    redis_server.stop()
    one.bump()  # committed writes still succeed: only the page caches are told nothing
    _until(lambda: other.read() != known)
    first, second = other.read(), other.read()
    assert first != second and first[0] < 0, "matches no stored page: rendered afresh"

    redis_server.start()  # empty: it kept nothing
    _until(lambda: other.read()[0] > 0)
    again = other.read()
    # Past every number before, though the bump in between was lost: no page stored
    # before the outage (under `known`) can match again.
    assert again[0] > known[0] and again[1] > known[1]
    one.bump()
    _until(lambda: other.read() == one.read() and other.read()[1] == again[1] + 1)
