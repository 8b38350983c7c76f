"""Mail backends: a real local SMTP server (aiosmtpd) for `smtp`, real files for `file`."""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from app.config import Settings
from app.mail import Mail, send_mail

MAIL = Mail(
    to="amara@example.org",
    subject="Confirm your email address",
    text="Open https://forum.example.org/verify/abc",
    html="<p><a href='https://forum.example.org/verify/abc'>Confirm</a></p>",
)


class Inbox:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def _authenticate(server, session, envelope, mechanism, auth_data):
    valid = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"forum",
        b"s3cret",
    )
    return AuthResult(success=valid)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=_free_port(),
        authenticator=_authenticate,
        auth_require_tls=False,
    )
    controller.start()
    yield controller, inbox
    controller.stop()


def _settings(tmp_path, **changes) -> Settings:
    return Settings(var_dir=tmp_path, secret_key="k" * 40, **changes)


def test_smtp_backend_delivers_text_and_html(tmp_path, smtp_server):
    controller, inbox = smtp_server
    settings = _settings(
        tmp_path, mail_backend="smtp", smtp_host="127.0.0.1", smtp_port=controller.port,
        smtp_security="none", smtp_user="forum", smtp_password="s3cret",
    )  # fmt: skip

    send_mail(settings, MAIL)

    [message] = inbox.messages
    assert message["To"] == "amara@example.org"
    assert message["Subject"] == "Confirm your email address"
    assert "verify/abc" in message.get_body(preferencelist=("plain",)).get_content()
    assert "<a " in message.get_body(preferencelist=("html",)).get_content()


def test_smtp_with_wrong_credentials_or_no_server_fails_quietly(tmp_path, smtp_server, caplog):
    controller, inbox = smtp_server
    wrong = _settings(
        tmp_path, mail_backend="smtp", smtp_host="127.0.0.1", smtp_port=controller.port,
        smtp_security="none", smtp_user="forum", smtp_password="wrong", smtp_timeout=2,
    )  # fmt: skip
    nobody = _settings(
        tmp_path, mail_backend="smtp", smtp_host="127.0.0.1", smtp_port=_free_port(),
        smtp_security="none", smtp_timeout=2,
    )  # fmt: skip

    send_mail(wrong, MAIL)
    send_mail(nobody, MAIL)

    assert inbox.messages == []
    assert caplog.text.count("could not send mail") == 2


def test_file_backend_writes_eml_files(tmp_path):
    settings = _settings(tmp_path, mail_backend="file")

    send_mail(settings, MAIL)
    send_mail(settings, MAIL)

    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 2
    message = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert message.get_content_type() == "multipart/alternative"


def test_console_backend_prints_the_mail(tmp_path, capsys):
    send_mail(_settings(tmp_path, mail_backend="console"), MAIL)

    assert "Subject: Confirm your email address" in capsys.readouterr().out
