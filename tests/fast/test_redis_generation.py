"""The page generation in Redis (several machines): a local copy per process, kept by
pub/sub, no round trip per page, and pages rendered afresh (never stale, never an
error) while Redis is away. Each test module run starts a Redis server of its own on a
free port, since the tests stop it."""

import shutil
import socket
import subprocess
import time
import uuid

import pytest

from app.fast.generation import RedisGeneration
from tests.conftest import skip_unless_required

WAIT = 10.0  # seconds a test waits for something to happen before it fails


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    def __init__(self, tmp_path) -> None:
        self.port = _free_port()
        self.dir = tmp_path
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                   "--save", "", "--appendonly", "no", "--dir", str(self.dir)]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        _until(self._answers)

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=WAIT)
            self.process = None


def _until(condition) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("not within the wait")
        time.sleep(0.01)


@pytest.fixture
def redis_server(tmp_path):
    if shutil.which("redis-server") is None:
        skip_unless_required("redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


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
