"""One PostgreSQL database and one Redis for every multi-process test, and three app
processes on them: each process costs seconds of CPU to start, so they are started
once (tests/scale/cluster.py says how). A test that stops Redis starts it again."""

from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.bench.server import Server
from tests.redis_server import RedisServer, redis_server
from tests.scale.cluster import WRITES_ALLOWED, app_process, migrated_database, start_all


@dataclass
class Backing:
    """What every process of a test shares: the database and Redis."""

    tmp: Path
    url: str
    engine: Engine
    redis: RedisServer


@pytest.fixture(scope="session")
def backing(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scale")
    own_redis = contextmanager(lambda: (yield from redis_server(tmp)))
    with migrated_database("cg_scale") as (url, engine), own_redis() as redis:
        yield Backing(tmp, url, engine, redis)


@pytest.fixture(scope="session")
def app_processes(backing) -> list[Server]:
    """Three app processes, with the rate limits on (votes: WRITES_ALLOWED a minute)."""
    settings = {
        "redis_url": backing.redis.url,
        "rate_limits": "on",
        "rate_limit_votes": f"{WRITES_ALLOWED} per minute",
    }
    with ExitStack() as stack:
        yield start_all(
            stack, [app_process(backing.tmp, name, backing.url, **settings) for name in "abc"]
        )
