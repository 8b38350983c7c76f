"""Mail backends: `console` prints, `file` writes .eml files under var/mail/, `smtp` sends.

Every message has a plain-text and an HTML part. Sending happens after the response (a
background task), so a slow or broken mail server never fails a member's request.
"""

import logging
import smtplib
import ssl
import sys
import time
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from app.config import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str
    html: str


def build_message(settings: Settings, mail: Mail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="commonground.invalid")
    message.set_content(mail.text)
    message.add_alternative(mail.html, subtype="html")
    return message


def send_mail(settings: Settings, mail: Mail) -> None:
    """Deliver one mail through the configured backend; failures are logged, not raised."""
    message = build_message(settings, mail)
    try:
        if settings.mail_backend == "console":
            sys.stdout.write(f"\n----- mail -----\n{message}\n----- end -----\n")
            sys.stdout.flush()
        elif settings.mail_backend == "file":
            _write_file(settings, message)
        else:
            _send_smtp(settings, message)
    except (OSError, smtplib.SMTPException):
        log.exception("could not send mail %r to %s", mail.subject, mail.to)


def _write_file(settings: Settings, message: EmailMessage) -> None:
    settings.mail_dir.mkdir(parents=True, exist_ok=True)
    name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"  # sorts in sending order
    (settings.mail_dir / name).write_bytes(message.as_bytes())


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
