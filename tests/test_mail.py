"""Mail backends: a real local SMTP server (aiosmtpd) for `smtp`, real files for `file`.
Failures are raised, and marked temporary or permanent, for the outbox to act on."""

from email import message_from_bytes, policy

import pytest
from pydantic import SecretStr

from app.config import Settings
from app.mail import Mail, MailFailure, deliver
from tests.smtp import Inbox, free_port, smtp_settings, start_server

MAIL = Mail(
    to="amara@example.org",
    subject="Confirm your email address",
    text="Open https://forum.example.org/verify/abc",
    html="<p><a href='https://forum.example.org/verify/abc'>Confirm</a></p>",
    headers={"List-Unsubscribe": "<https://forum.example.org/unsubscribe/xyz>"},
    message_id="<outbox-1@commonground.invalid>",
)


def _settings(tmp_path, **changes) -> Settings:
    return Settings(var_dir=tmp_path, secret_key="k" * 40, **changes)


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = start_server(inbox)
    yield controller, inbox
    controller.stop()


def test_smtp_backend_delivers_text_html_and_headers(tmp_path, smtp_server):
    controller, inbox = smtp_server

    deliver(smtp_settings(_settings(tmp_path), controller), MAIL)

    [message] = inbox.messages
    assert message["To"] == "amara@example.org"
    assert message["Subject"] == "Confirm your email address"
    assert message["Message-ID"] == "<outbox-1@commonground.invalid>"
    assert message["List-Unsubscribe"] == "<https://forum.example.org/unsubscribe/xyz>"
    assert "verify/abc" in message.get_body(preferencelist=("plain",)).get_content()
    assert "<a " in message.get_body(preferencelist=("html",)).get_content()


def test_smtp_with_wrong_credentials_or_no_server_is_worth_retrying(tmp_path, smtp_server):
    controller, inbox = smtp_server
    wrong = smtp_settings(_settings(tmp_path), controller, smtp_password=SecretStr("wrong"))
    nobody = smtp_settings(_settings(tmp_path), controller, smtp_port=free_port())

    for settings in (wrong, nobody):
        with pytest.raises(MailFailure) as failure:
            deliver(settings, MAIL)
        assert not failure.value.permanent

    assert inbox.messages == []


def test_smtp_try_again_later_is_worth_retrying_and_no_such_mailbox_is_not(tmp_path):
    busy, unknown = Inbox(refuse_first=1), Inbox(refuse_recipients=550)
    servers = [start_server(busy), start_server(unknown)]
    try:
        with pytest.raises(MailFailure) as later:
            deliver(smtp_settings(_settings(tmp_path), servers[0]), MAIL)
        with pytest.raises(MailFailure) as never:
            deliver(smtp_settings(_settings(tmp_path), servers[1]), MAIL)
    finally:
        for server in servers:
            server.stop()

    assert not later.value.permanent and "451" in str(later.value)
    assert never.value.permanent and "550" in str(never.value)


def test_a_long_unsubscribe_link_stays_a_plain_url_in_its_header(tmp_path):
    url = "https://forum.example.org/unsubscribe/" + "x" * 120
    mail = Mail(**{**MAIL.__dict__, "headers": {"List-Unsubscribe": f"<{url}>"}})

    deliver(_settings(tmp_path, mail_backend="file"), mail)

    [written] = (tmp_path / "mail").glob("*.eml")
    assert f"List-Unsubscribe: <{url}>".encode() in written.read_bytes()


def test_file_backend_writes_eml_files(tmp_path):
    settings = _settings(tmp_path, mail_backend="file")

    deliver(settings, MAIL)
    deliver(settings, MAIL)

    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 2
    message = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert message.get_content_type() == "multipart/alternative"


def test_console_backend_prints_the_mail(tmp_path, capsys):
    deliver(_settings(tmp_path, mail_backend="console"), MAIL)

    assert "Subject: Confirm your email address" in capsys.readouterr().out


def test_console_backend_prints_the_plain_text_decoded(tmp_path, capsys):
    """The confirmation link must be readable (and clickable) in the console: no MIME
    boundaries, no base64 or quoted-printable, no HTML part."""
    long_link = "https://forum.example.org/verify/" + "a1b2c3" * 20
    mail = Mail(
        to="amara@example.org",
        subject="Confirm your email address",
        text=f"Hello Amara — open this link:\n{long_link}",
        html="<p>HTML part</p>",
    )
    deliver(_settings(tmp_path, mail_backend="console"), mail)

    out = capsys.readouterr().out
    assert long_link in out
    assert "Hello Amara — open this link:" in out
    assert "To: amara@example.org" in out
    assert "Content-Transfer-Encoding" not in out
    assert "HTML part" not in out
