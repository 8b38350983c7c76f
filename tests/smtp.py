"""A real SMTP server for tests (aiosmtpd), which can refuse the first attempts or hold a
message until the test lets it go."""

import asyncio
import socket
import threading
from collections import Counter
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from pydantic import SecretStr

USER, PASSWORD = "forum", "s3cret"


class Inbox:
    """The server's handler: keeps what it accepts.

    `refuse_first` DATA commands are answered "451 try again later"; while `hold` is
    set, a message is neither accepted nor refused until the test sets `release`.
    """

    def __init__(self, *, refuse_first: int = 0, refuse_recipients: int | None = None) -> None:
        self.messages = []
        self.refuse_first = refuse_first
        self.refuse_recipients = refuse_recipients
        self.data_commands = 0
        self.hold = False
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_recipients:
            return f"{self.refuse_recipients} No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.data_commands += 1
        if self.data_commands <= self.refuse_first:
            return "451 Try again later"
        if self.hold:
            self.holding.set()
            # Blocks the server's loop on purpose: the client waits for an answer.
            self.release.wait(timeout=30)
            return "451 Try again later"
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def _authenticate(server, session, envelope, mechanism, auth_data):
    valid = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=valid)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(inbox: "Inbox | Sink") -> Controller:
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=free_port(),
        authenticator=_any_login if isinstance(inbox, Sink) else _authenticate,
        auth_require_tls=False,
    )
    controller.start()
    return controller


def smtp_settings(settings, controller: Controller | None, **changes):
    """`settings` sending through the test server, logged in (`model_copy` does not
    validate, so values are given in their final types)."""
    return settings.model_copy(
        update={
            "mail_backend": "smtp",
            "smtp_host": "127.0.0.1",
            "smtp_port": controller.port if controller else free_port(),
            "smtp_security": "none",
            "smtp_user": USER,
            "smtp_password": SecretStr(PASSWORD),
            "smtp_timeout": 5.0,
            **changes,
        }
    )


class Sink:
    """A handler that takes every message, from any login with PASSWORD, and keeps who
    sent what: each accepted message as (login, Message-ID, To, Subject).

    `hold(login, nth)`: that login's nth message is neither accepted nor refused until
    the test sets `release` (then refused, "451"); other senders are served meanwhile.
    """

    def __init__(self) -> None:
        self.accepted: list[tuple[str, str, str, str]] = []
        self._lock = threading.Lock()
        self._data_commands: dict[str, int] = {}
        self._hold: tuple[str, int] | None = None
        self.holding = threading.Event()
        self.release = threading.Event()

    def hold(self, login: str, nth: int) -> None:
        self._hold = (login, nth)

    def data_commands(self, login: str) -> int:
        with self._lock:
            return self._data_commands.get(login, 0)

    def senders(self) -> dict[str, int]:
        with self._lock:
            return dict(Counter(login for login, *_ in self.accepted))

    def message_ids(self) -> list[str]:
        with self._lock:
            return [message_id for _, message_id, *_ in self.accepted]

    async def handle_DATA(self, server, session, envelope):
        login = session.auth_data
        with self._lock:
            nth = self._data_commands[login] = self._data_commands.get(login, 0) + 1
        if self._hold == (login, nth):
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 30)
            return "451 Try again later"
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.accepted.append((login, message["Message-ID"], message["To"], message["Subject"]))
        return "250 OK"


def _any_login(server, session, envelope, mechanism, auth_data):
    valid = isinstance(auth_data, LoginPassword) and auth_data.password == PASSWORD.encode()
    return AuthResult(success=valid, auth_data=auth_data.login.decode() if valid else None)
