"""Mail backends: `console` prints, `file` writes .eml files under var/mail/, `smtp` sends.

Nothing here is called from a request: requests add mail to the outbox
(`app.services.outbox`), and the mail worker hands each one to `deliver`, which raises
`MailFailure` so that the worker can retry later or give up. A failure is permanent when
the server refuses the message or its recipient for good (an SMTP 5xx other than a
failed log-in, which is the operator's to fix); anything else is worth another try.
"""

import os
import smtplib
import ssl
import sys
import time
import uuid
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from app.config import Settings

MESSAGE_ID_DOMAIN = "commonground.invalid"


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str
    html: str
    # Extra headers such as List-Unsubscribe.
    headers: dict[str, str] = field(default_factory=dict)
    # Kept the same across retries, so a receiving server can drop a repeat.
    message_id: str = ""


class MailFailure(Exception):
    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


def new_message_id() -> str:
    return make_msgid(domain=MESSAGE_ID_DOMAIN)


# Headers are folded only past RFC 5322's hard limit: a long List-Unsubscribe URL must
# stay `<https://...>` on one line, never become an RFC 2047 encoded word.
POLICY = policy.default.clone(max_line_length=998)


def build_message(settings: Settings, mail: Mail) -> EmailMessage:
    message = EmailMessage(policy=POLICY)
    message["From"] = settings.mail_from
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = mail.message_id or new_message_id()
    for name, value in mail.headers.items():
        message[name] = value
    message.set_content(mail.text)
    message.add_alternative(mail.html, subtype="html")
    return message


def deliver(settings: Settings, mail: Mail) -> None:
    """Hand one mail to the configured backend; raises MailFailure if it was not taken."""
    message = build_message(settings, mail)
    try:
        if settings.mail_backend == "console":
            sys.stdout.write(console_text(message))
            sys.stdout.flush()
        elif settings.mail_backend == "file":
            _write_file(settings, message)
        else:
            _send_smtp(settings, message)
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _ in error.recipients.values()]
        raise MailFailure(_describe(error), permanent=all(code >= 500 for code in codes)) from error
    except smtplib.SMTPResponseException as error:
        permanent = error.smtp_code >= 500 and not isinstance(
            error, smtplib.SMTPAuthenticationError
        )
        raise MailFailure(_describe(error), permanent=permanent) from error
    except (OSError, smtplib.SMTPException) as error:
        raise MailFailure(_describe(error), permanent=False) from error


def console_text(message: EmailMessage) -> str:
    """A mail as the console backend prints it: its headers and its plain-text part,
    decoded (the message itself is MIME, its parts quoted-printable or base64, so links in
    it could not be read or clicked)."""
    shown = ("From", "To", "Subject", "Date", "List-Unsubscribe")
    headers = "".join(f"{name}: {message[name]}\n" for name in shown if message[name])
    body = message.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    return f"\n----- mail -----\n{headers}\n{text.rstrip()}\n----- end -----\n"


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:1000]


def _write_file(settings: Settings, message: EmailMessage) -> None:
    settings.mail_dir.mkdir(parents=True, exist_ok=True)
    name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"  # sorts in sending order
    # Written aside and renamed into place: a reader never sees half a mail.
    draft = settings.mail_dir / f".{name}.part"
    draft.write_bytes(message.as_bytes())
    os.replace(draft, settings.mail_dir / name)


def _send_smtp(settings: Settings, message: EmailMessage) -> None:
    host, port, timeout = settings.smtp_host, settings.smtp_port, settings.smtp_timeout
    context = ssl.create_default_context()
    if settings.smtp_security == "tls":
        server: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        server = smtplib.SMTP(host, port, timeout=timeout)
    with server:
        if settings.smtp_security == "starttls":
            server.starttls(context=context)
        if settings.smtp_user:
            server.login(settings.smtp_user, settings.smtp_password.get_secret_value())
        server.send_message(message)
