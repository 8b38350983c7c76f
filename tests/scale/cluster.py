"""What the multi-process tests start: a migrated PostgreSQL database of their own, app
processes (uvicorn, as production runs them) and worker processes (`commonground
send-mail`, the command compose.yaml's `worker` service runs), each with a var/ and a log
of its own under the test's temporary directory."""

import http.client
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

import yaml
from alembic import command
from alembic.config import Config

from app.db import make_engine
from app.security import CSRF_COOKIE, SESSION_COOKIE
from tests.bench.server import PROJECT_ROOT, Server, app_environment, free_port
from tests.conftest import POSTGRES_URL_ENV, fresh_postgres_database, skip_unless_required
from tests.redis_server import WAIT

CSRF = "scale-test-csrf-token"
WRITES_ALLOWED = 3  # votes and stances, per member per minute, in the app processes


def _compose_worker_command() -> list[str]:
    """The command compose.yaml's `worker` service runs, with this interpreter's script."""
    program, *arguments = yaml.safe_load((PROJECT_ROOT / "compose.yaml").read_text())["services"][
        "worker"
    ]["command"]
    return [str(Path(sys.executable).with_name(program)), *arguments]


WORKER_COMMAND = _compose_worker_command()  # commonground send-mail
WORKER_READY = b"Sending mail"


def postgres_server_url() -> str:
    server_url = os.environ.get(POSTGRES_URL_ENV)
    if not server_url:
        skip_unless_required(f"multi-process tests skipped: set {POSTGRES_URL_ENV}")
    return server_url


@contextmanager
def migrated_database(prefix: str):
    """(url, engine) of a fresh database on the test PostgreSQL, at the head revision."""
    with fresh_postgres_database(postgres_server_url(), prefix=prefix) as url:
        engine = make_engine(url)
        try:
            config = Config(str(PROJECT_ROOT / "alembic.ini"))
            with engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
            yield url, engine
        finally:
            engine.dispose()


def environment(database_url: str, var_dir: Path, port: int, **settings: str) -> dict:
    """A production environment (tests.bench.server) with COMMONGROUND_<NAME> settings."""
    env = app_environment(database_url=database_url, var_dir=var_dir, port=port)
    return env | {f"COMMONGROUND_{name.upper()}": value for name, value in settings.items()}


def app_process(tmp: Path, name: str, database_url: str, **settings: str) -> Server:
    """One uvicorn process (a context manager), ready once entered."""
    server = Server("app.main:app", workers=1, log_path=tmp / f"{name}.log")
    server.env = environment(database_url, tmp / f"var-{name}", server.port, **settings)
    return server


def start_all(stack: ExitStack, servers: list[Server]) -> list[Server]:
    """Start every server at once (each takes seconds to import), stopped with `stack`."""
    with ThreadPoolExecutor(len(servers)) as pool:
        futures = [pool.submit(server.__enter__) for server in servers]
        for server in servers:
            stack.push(server.__exit__)
        return [future.result() for future in futures]


class Worker:
    """`commonground send-mail` in a process of its own: `with Worker(...) as worker`."""

    def __init__(self, tmp: Path, name: str, database_url: str, **settings: str) -> None:
        self.name = name
        self.log_path = tmp / f"{name}.log"
        self.env = environment(database_url, tmp / f"var-{name}", free_port(), **settings)
        self.process: subprocess.Popen | None = None

    def start(self) -> "Worker":
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                WORKER_COMMAND, cwd=PROJECT_ROOT, env=self.env, stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        return self

    def wait_ready(self) -> None:
        """Until it says it is sending (its first pass is under way or done)."""
        deadline = time.monotonic() + 60
        while WORKER_READY not in self.log_path.read_bytes():
            if self.process.poll() is not None:
                raise RuntimeError(f"worker {self.name} exited; see {self.log_path}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"worker {self.name} did not start; see {self.log_path}")
            time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL: no chance to finish or record anything."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=WAIT)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> "Worker":
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()


def request(
    server: Server, method: str, path: str, *, cookie: str = "", form: str | None = None
) -> tuple[int, dict, str]:
    """(status, headers, body) of one request to `server`."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    if form is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=form, headers=headers)
        answer = connection.getresponse()
        return answer.status, dict(answer.getheaders()), answer.read().decode()
    finally:
        connection.close()


def member_cookie(token: str = "") -> str:
    """The cookies of a browser that passed the CSRF check (and is signed in, with a token)."""
    csrf = f"{CSRF_COOKIE}={CSRF}"
    return f"{SESSION_COOKIE}={token}; {csrf}" if token else csrf
