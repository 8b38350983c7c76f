"""The member's notifications, their notification settings, and unsubscribing from mail
(signed links that work without signing in)."""

from typing import Annotated

from fastapi import APIRouter, Form, Request

from app.deps import CurrentUser, FormStr, Id, SessionDep
from app.models import MailFrequency, NotificationKind
from app.security import csrf_exempt_when
from app.services.errors import NotFound, ValidationFailed
from app.services.notifying import emails, follows, notifications
from app.web.templating import redirect, render

router = APIRouter()

FormBool = Annotated[bool, Form()]
ONE_CLICK = "One-Click"


# --- the list --------------------------------------------------------------------------


@router.get("/notifications", name="notifications")
def notification_list(
    request: Request, session: SessionDep, user: CurrentUser, before: Id | None = None
):
    """Newest first; what this page shows counts as read from now on."""
    shown = notifications.open_notifications(session=session, user=user, before=before)
    request.state.unread_count = shown.unread_left
    context = {"page": shown.page, "unread_left": shown.unread_left}
    return render(request, "notifications/list.html", context)


@router.post("/notifications/read", name="mark_notifications_read")
def mark_all_read(request: Request, session: SessionDep, user: CurrentUser):
    notifications.mark_all_read(session=session, user=user)
    return redirect(
        request, request.app.url_path_for("notifications"), flash="All notifications marked read."
    )


# --- settings --------------------------------------------------------------------------


def _settings_page(request: Request, session, user, *, values, errors, status_code=200):
    context = {
        "values": values,
        "errors": errors,
        "kinds": [(kind, kind.label) for kind in NotificationKind],
        "frequencies": [(frequency, frequency.label) for frequency in MailFrequency],
        "followed": follows.followed_by(session=session, user=user),
    }
    return render(request, "settings/notifications.html", context, status_code=status_code)


def _values(row) -> dict:
    values = {f"mail_{kind}": row.frequency(kind).value for kind in NotificationKind}
    for reason in ("propose", "vote", "comment"):
        values[f"follow_on_{reason}"] = getattr(row, f"follow_on_{reason}")
    values["mail_round_opened"] = row.mail_round_opened
    return values


@router.get("/settings/notifications", name="notification_settings")
def notification_settings(request: Request, session: SessionDep, user: CurrentUser):
    row = notifications.preferences(session, user.id)
    return _settings_page(request, session, user, values=_values(row), errors={})


@router.post("/settings/notifications", name="notification_settings_submit")
def save_notification_settings(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    mail_status: FormStr = "",
    mail_reply: FormStr = "",
    mail_comment: FormStr = "",
    mail_mention: FormStr = "",
    mail_new_idea: FormStr = "",
    mail_merged: FormStr = "",
    follow_on_propose: FormBool = False,
    follow_on_vote: FormBool = False,
    follow_on_comment: FormBool = False,
    mail_round_opened: FormBool = False,
):
    frequencies = {
        NotificationKind.status: mail_status,
        NotificationKind.reply: mail_reply,
        NotificationKind.comment: mail_comment,
        NotificationKind.mention: mail_mention,
        NotificationKind.new_idea: mail_new_idea,
        NotificationKind.merged: mail_merged,
    }
    switches = {
        "follow_on_propose": follow_on_propose,
        "follow_on_vote": follow_on_vote,
        "follow_on_comment": follow_on_comment,
        "mail_round_opened": mail_round_opened,
    }
    try:
        notifications.save_preferences(
            session=session, user=user, frequencies=frequencies, **switches
        )
    except ValidationFailed as error:
        values = {f"mail_{kind}": value for kind, value in frequencies.items()} | switches
        return _settings_page(
            request, session, user, values=values, errors=error.errors, status_code=422
        )
    return redirect(
        request,
        request.app.url_path_for("notification_settings"),
        flash="Your notification settings are saved.",
    )


# --- unsubscribing ---------------------------------------------------------------------


def _unsubscribe_link(request: Request, token: str) -> emails.Unsubscribe:
    link = emails.read_unsubscribe_token(request.app.state.settings, token)
    if link is None:
        raise NotFound("This unsubscribe link is not valid. Choose your emails in your settings.")
    return link


def _signed_unsubscribe(request: Request) -> bool:
    """The proof that lets a one-click unsubscribe skip the CSRF check."""
    token = request.path_params.get("token", "")
    return emails.read_unsubscribe_token(request.app.state.settings, token) is not None


@router.get("/unsubscribe/{token}", name="unsubscribe")
def unsubscribe_page(request: Request, token: str, session: SessionDep):
    """A button, not an unsubscribe on GET: mail scanners open links."""
    link = _unsubscribe_link(request, token)
    row = notifications.preferences(session, link.user_id)
    context = {
        "token": token,
        "what": emails.describe_scope(link.scope),
        "done": notifications.is_unsubscribed(row, link.scope),
    }
    return render(request, "notifications/unsubscribe.html", context)


@router.post("/unsubscribe/{token}", name="unsubscribe_submit")
@csrf_exempt_when(_signed_unsubscribe)
def unsubscribe(
    request: Request,
    token: str,
    session: SessionDep,
    one_click: Annotated[str, Form(alias="List-Unsubscribe")] = "",
):
    """The confirm button's form, or a mail provider's RFC 8058 one-click POST (which
    sends `List-Unsubscribe=One-Click`, no cookie, and wants a 2xx, not a redirect)."""
    link = _unsubscribe_link(request, token)
    notifications.unsubscribe(session=session, user_id=link.user_id, scope=link.scope)
    what = emails.describe_scope(link.scope)
    if one_click == ONE_CLICK:
        context = {"token": token, "what": what, "done": True}
        return render(request, "notifications/unsubscribe.html", context)
    return redirect(
        request,
        request.app.url_path_for("unsubscribe", token=token),
        flash=f"You are unsubscribed from {what}.",
    )
