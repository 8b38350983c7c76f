"""Test set-up: every database test runs on SQLite and on PostgreSQL.

The schema is built by `alembic upgrade head`, once per database per run, exactly as a
deployment builds it. Each test then gets empty tables (rows are removed after it), so
tests can commit, run concurrent requests and drive a real browser against a live server.

PostgreSQL tests need COMMONGROUND_TEST_POSTGRES_URL (a server where we may create a
database); browser tests need Chromium at /usr/bin/chromium. Without them those tests
skip with a message, unless COMMONGROUND_TEST_REQUIRE_ALL=1 (set by .ci/run), which turns
every such skip into a failure.
"""

import os
import re
import secrets
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from alembic import command
from alembic.config import Config
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel

from app.config import PROJECT_ROOT, Settings
from app.db import make_engine, normalise_url, open_session
from app.main import close_app, create_app
from app.models import User
from app.security import CSRF_COOKIE, SESSION_COOKIE
from app.services.accounts import sessions
from app.worker import MailWorker, run_once

POSTGRES_URL_ENV = "COMMONGROUND_TEST_POSTGRES_URL"
REQUIRE_ALL_ENV = "COMMONGROUND_TEST_REQUIRE_ALL"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TEST_SECRET = "test-secret-key-that-is-long-enough-for-production-checks"
TEST_CSRF = "test-csrf-token"


def skip_unless_required(reason: str) -> None:
    if os.environ.get(REQUIRE_ALL_ENV) == "1":
        pytest.fail(f"{reason} ({REQUIRE_ALL_ENV}=1 makes this required)", pytrace=False)
    pytest.skip(reason)


def fuzz_examples(default: int) -> int:
    """Generated requests per operation and mode: few in CI, more for a deeper run by hand
    (`COMMONGROUND_FUZZ_EXAMPLES=50`, see the README)."""
    return int(os.environ.get("COMMONGROUND_FUZZ_EXAMPLES", default))


# --- databases -------------------------------------------------------------------------


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.db'}"
        return
    server_url = os.environ.get(POSTGRES_URL_ENV)
    if not server_url:
        skip_unless_required(f"PostgreSQL tests skipped: set {POSTGRES_URL_ENV}")
    # A fresh database per run, so a developer's data is never touched.
    with fresh_postgres_database(server_url, prefix="commonground_test") as url:
        yield url


@contextmanager
def fresh_postgres_database(server_url: str, *, prefix: str) -> Iterator[str]:
    """The URL of a new, empty database on `server_url`'s server, dropped afterwards."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = create_engine(normalise_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield (
            make_url(normalise_url(server_url))
            .set(database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def migrated_engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    yield engine
    engine.dispose()


def empty_tables(engine: Engine) -> None:
    tables = list(reversed(SQLModel.metadata.sorted_tables))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture
def engine(migrated_engine: Engine) -> Iterator[Engine]:
    """The migrated database, emptied after the test."""
    yield migrated_engine
    empty_tables(migrated_engine)


# Sessions the test itself holds. SQLite in WAL mode gives a transaction a snapshot, and a
# write transaction the only write lock: a test session left mid-transaction would either
# read stale rows after a request or block the app's writes. So every request a Client
# makes first ends the test's open transactions (objects keep their loaded values).
_test_sessions: list[Session] = []


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with open_session(engine) as session:
        _test_sessions.append(session)
        yield session
        _test_sessions.remove(session)


def end_test_transactions() -> None:
    for session in _test_sessions:
        session.commit()


# --- the application -------------------------------------------------------------------


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        env="development",
        database_url=database_url,
        var_dir=tmp_path / "var",
        secret_key=TEST_SECRET,
        mail_backend="file",
        # Tests run the mail worker's passes themselves (the `mailbox` fixture, or
        # `send_queued_mail`); the live server runs a real worker.
        mail_worker="off",
        insight_worker="off",
        # A thread loading the vectors at start would hold a connection past the test.
        similar_warm_up="off",
        rate_limits="off",
        base_url="http://testserver",
        raise_server_errors=True,
    )


@contextmanager
def app_for(settings: Settings, engine: Engine):
    """An app on the test database; closes what the app holds open (a TestClient used
    without `with` never runs the app's shutdown)."""
    app = create_app(settings, engine=engine)
    try:
        yield app
    finally:
        close_app(app)


@pytest.fixture
def app(settings: Settings, engine: Engine):
    with app_for(settings, engine) as app:
        yield app


class Client(TestClient):
    """A TestClient that can sign in as a member and post forms with the CSRF token."""

    def __init__(self, app, **kwargs) -> None:
        super().__init__(app, follow_redirects=False, **kwargs)
        self.cookies.set(CSRF_COOKIE, TEST_CSRF)

    def request(self, *args, **kwargs):
        end_test_transactions()
        return super().request(*args, **kwargs)

    def login(self, user: User) -> "Client":
        with open_session(self.app.state.engine) as session:
            token = sessions.start_session(session=session, user=user, days=1)
        self.cookies.set(SESSION_COOKIE, token)
        return self

    def submit(self, url: str, data: dict | None = None, *, htmx: bool = False, **kwargs):
        headers = {"HX-Request": "true"} if htmx else {}
        form = {"csrf_token": TEST_CSRF, **(data or {})}
        return self.post(url, data=form, headers={**headers, **kwargs.pop("headers", {})}, **kwargs)


@pytest.fixture
def client(app) -> Iterator[Client]:
    with Client(app) as client:
        yield client


def send_queued_mail(engine: Engine, settings: Settings, **options):
    """One pass of the mail worker, as the app's worker thread would run it."""
    end_test_transactions()
    return run_once(engine, settings, **options)


@pytest.fixture
def mailbox(settings: Settings, engine: Engine):
    """The mails sent during the test, oldest first: queued mail is sent (by one pass of
    the mail worker, with the `file` backend) before they are read."""
    from email import policy
    from email.parser import BytesParser

    def read() -> list:
        send_queued_mail(engine, settings, digests=False)
        if not settings.mail_dir.exists():
            return []
        return [
            BytesParser(policy=policy.default).parsebytes(path.read_bytes())
            for path in sorted(settings.mail_dir.glob("*.eml"))
        ]

    return read


def link_in(message, pattern: str = r"https?://\S+/verify/\S+") -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    found = re.search(pattern, body)
    assert found, f"no link matching {pattern} in:\n{body}"
    return found.group(0)


# --- a live server and a browser -------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def live_server(app, settings: Settings, engine: Engine) -> Iterator[str]:
    """The app served by uvicorn on a free port, in a thread, with a mail worker."""
    worker = MailWorker(engine, settings.model_copy(update={"mail_poll_seconds": 0.2}))
    worker.start()
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("live server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    worker.stop()


@pytest.fixture(scope="session")
def base_url() -> None:
    """Replaces pytest-playwright's fixture (which warns under pytest 9); tests use the
    live server's URL instead."""
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        skip_unless_required(f"browser tests skipped: no Chromium at {CHROMIUM}")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
