"""A Redis server of a test's own, on a free port, that the test may stop and start."""

import shutil
import socket
import subprocess
import time

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
        until(self._answers)

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


def until(condition, *, seconds: float = WAIT, state=lambda: "") -> None:
    """Wait for `condition()`; past `seconds`, fail saying `state()` (what there is)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds:.0f} s {state()}".rstrip())
        time.sleep(0.01)


def redis_server(tmp_path):
    """A started RedisServer, stopped at the end (a generator for a fixture)."""
    if shutil.which("redis-server") is None:
        skip_unless_required("redis-server is not installed: the Redis tests are skipped")
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()
