"""Every mail the forum sends, composed from `templates/mail/<name>.txt` and `.html`.

The first line of the text template is the subject. Each mail carries a signed one-click
unsubscribe link, in its footer and in the `List-Unsubscribe` header with
`List-Unsubscribe-Post` (RFC 8058), so a mail program's own "Unsubscribe" button works
without signing in. A notification's link stops that kind of mail, a digest's stops
that digest. Mail a member asked for (a sign-in link, a password reset) cannot be
unsubscribed from, so its link stops all notification mail instead: the header is there
on every mail, and it always does what it says.

Mail is composed outside any request (services, the mail worker), so it has its own
Jinja environment and builds links with `app.links`.
"""

from dataclasses import dataclass

from itsdangerous import BadSignature
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from app.config import PROJECT_ROOT, Settings
from app.links import Links
from app.mail import Mail, new_message_id
from app.models import IdeaStatus, MailFrequency, NotificationKind
from app.security import signer

UNSUBSCRIBE_ALL = "all"
SUBJECT_MAX = 200

_env = Environment(
    loader=FileSystemLoader(PROJECT_ROOT / "templates" / "mail"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["status_label"] = lambda status: IdeaStatus(status).label


@dataclass(frozen=True)
class Unsubscribe:
    """What an unsubscribe link stops: one kind of notification mail, one digest, or all."""

    user_id: int
    scope: str


def unsubscribe_scopes() -> set[str]:
    return {*NotificationKind, MailFrequency.daily, MailFrequency.weekly, UNSUBSCRIBE_ALL}


def describe_scope(scope: str) -> str:
    """What an unsubscribe link with `scope` stops, as in "Stop ..."."""
    if scope in set(NotificationKind):
        return f"emails about {NotificationKind(scope).label.lower()}"
    if scope in (MailFrequency.daily, MailFrequency.weekly):
        return f"the {scope} digest"
    return "all notification emails and digests"


def unsubscribe_token(settings: Settings, *, user_id: int, scope: str) -> str:
    # No expiry: a link in a mail from last year must still unsubscribe.
    return _unsubscribe_signer(settings).dumps({"u": user_id, "s": scope})


def read_unsubscribe_token(settings: Settings, token: str) -> Unsubscribe | None:
    try:
        data = _unsubscribe_signer(settings).loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    if data.get("s") not in unsubscribe_scopes():
        return None
    return Unsubscribe(user_id=data["u"], scope=data["s"])


def _unsubscribe_signer(settings: Settings):
    return signer(settings.secret_key.get_secret_value(), "unsubscribe")


def compose(
    settings: Settings,
    template: str,
    *,
    to: str,
    user_id: int,
    unsubscribe: str = UNSUBSCRIBE_ALL,
    **context,
) -> Mail:
    """The mail `template` for member `user_id` at address `to`."""
    links = Links(settings)
    unsubscribe_url = links.unsubscribe(
        unsubscribe_token(settings, user_id=user_id, scope=unsubscribe)
    )
    context = {
        "site_name": settings.site_name,
        "links": links,
        "unsubscribe_url": unsubscribe_url,
        "unsubscribe_what": describe_scope(unsubscribe),
        **context,
    }
    subject, _, text = _env.get_template(f"{template}.txt").render(context).partition("\n")
    footer = _env.get_template("_footer.txt").render(context)
    html = _env.get_template(f"{template}.html").render(context)
    return Mail(
        to=to,
        # A title typed by a member may hold a line break; a header may not.
        subject=" ".join(subject.split())[:SUBJECT_MAX],
        text=text.strip() + "\n\n" + footer.strip() + "\n",
        html=html,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        message_id=new_message_id(),
    )
