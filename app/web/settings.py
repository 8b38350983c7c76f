"""The member's own account: profile, password, sessions, API tokens, and their data
(download it, or erase the account). Email and notification settings live beside their
flows (app/web/accounts.py, app/web/notifying/notifications.py); every settings page
shares one navigation (templates/settings/_nav.html)."""

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from app.deps import CurrentUser, FormStr, Id, RateLimiterDep, SessionDep, SettingsDep
from app.models import ApiScope, DataExportStatus
from app.security import SESSION_COOKIE, rotate_csrf_token, verify_password
from app.services.accounts import api_tokens, data_export, erasure, mailed_tokens, sessions
from app.services.accounts.profile import ProfileDraft, change_password, update_profile
from app.services.errors import ValidationFailed
from app.web.templating import is_htmx, redirect, render

router = APIRouter(prefix="/settings")


# --- profile ---------------------------------------------------------------------------


def profile_draft(
    display_name: FormStr = "", organisation: FormStr = "", bio: FormStr = ""
) -> ProfileDraft:
    return ProfileDraft(display_name=display_name, organisation=organisation, bio=bio)


ProfileForm = Annotated[ProfileDraft, Depends(profile_draft)]


@router.get("", name="settings")
def profile_settings(request: Request, user: CurrentUser):
    context = {"values": asdict(ProfileDraft.of(user)), "errors": {}}
    return render(request, "settings/profile.html", context)


@router.post("", name="settings_submit")
def save_profile(request: Request, session: SessionDep, user: CurrentUser, draft: ProfileForm):
    try:
        update_profile(session=session, user=user, draft=draft)
    except ValidationFailed as error:
        context = {"values": asdict(draft), "errors": error.errors}
        return render(request, "settings/profile.html", context, status_code=422)
    return redirect(request, request.app.url_path_for("settings"), flash="Your profile is saved.")


# --- password --------------------------------------------------------------------------


@router.get("/password", name="password_settings")
def password_settings(request: Request, user: CurrentUser):
    return render(request, "settings/password.html", {"values": {}, "errors": {}})


@router.post("/password", name="password_settings_submit")
def save_password(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limiter: RateLimiterDep,
    user: CurrentUser,
    current_password: FormStr = "",
    new_password: FormStr = "",
):
    # Guessing the current password here is guessing a password: the sign-in's limit.
    limiter.hit((settings.rate_limit_login_email, "login-email", user.email))
    try:
        change_password(
            session=session, user=user, current_password=current_password,
            new_password=new_password, keep_token=request.cookies.get(SESSION_COOKIE, ""),
        )  # fmt: skip
    except ValidationFailed as error:
        return render(
            request, "settings/password.html", {"values": {}, "errors": error.errors},
            status_code=422,
        )  # fmt: skip
    return redirect(
        request,
        request.app.url_path_for("password_settings"),
        flash="Your password is changed. Your other sessions have ended.",
    )


# --- sessions --------------------------------------------------------------------------


def _sessions_page(request: Request, session, user, *, announcement: str = ""):
    rows = sessions.list_sessions(
        session=session, user=user, current_token=request.cookies.get(SESSION_COOKIE)
    )
    context = {"sessions": rows, "announcement": announcement}
    if is_htmx(request):
        return render(request, "settings/sessions.html", context, block="session_list")
    return render(request, "settings/sessions.html", context)


@router.get("/sessions", name="session_settings")
def session_settings(request: Request, session: SessionDep, user: CurrentUser):
    return _sessions_page(request, session, user)


@router.post("/sessions/{session_id}/end", name="end_session")
def end_session(request: Request, session_id: str, session: SessionDep, user: CurrentUser):
    sessions.end_member_session(session=session, user=user, session_id=session_id)
    message = "That session is signed out."
    if is_htmx(request):
        return _sessions_page(request, session, user, announcement=message)
    return redirect(request, request.app.url_path_for("session_settings"), flash=message)


@router.post("/sessions/end-others", name="end_other_sessions")
def end_other_sessions(request: Request, session: SessionDep, user: CurrentUser):
    sessions.end_sessions_but_this(
        session=session, user=user, keep_token=request.cookies.get(SESSION_COOKIE)
    )
    message = "Every other session is signed out."
    if is_htmx(request):
        return _sessions_page(request, session, user, announcement=message)
    return redirect(request, request.app.url_path_for("session_settings"), flash=message)


# --- API tokens ------------------------------------------------------------------------


def _tokens_page(request, session, user, *, values=None, errors=None, new=None, status_code=200):
    context = {
        "tokens": api_tokens.list_tokens(session=session, user=user),
        "scopes": [(scope.value, scope.label) for scope in api_tokens.scopes_for(user)],
        "values": values or {"scope": ApiScope.read.value},
        "errors": errors or {},
        "new_token": new,
    }
    return render(request, "settings/tokens.html", context, status_code=status_code)


@router.get("/tokens", name="api_tokens")
def token_settings(request: Request, session: SessionDep, user: CurrentUser):
    return _tokens_page(request, session, user)


@router.post("/tokens", name="create_api_token")
def create_token(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    name: FormStr = "",
    scope: FormStr = "",
):
    try:
        _, secret = api_tokens.create_token(session=session, user=user, name=name, scope=scope)
    except ValidationFailed as error:
        values = {"name": name, "scope": scope}
        return _tokens_page(
            request, session, user, values=values, errors=error.errors, status_code=422
        )
    # Shown in this answer only: it is stored as a digest, and never shown again.
    return _tokens_page(
        request, session, user, new={"name": " ".join(name.split()), "secret": secret}
    )


@router.post("/tokens/{token_id}/revoke", name="revoke_api_token")
def revoke_token(request: Request, token_id: Id, session: SessionDep, user: CurrentUser):
    api_tokens.revoke_token(session=session, user=user, token_id=token_id)
    return redirect(request, request.app.url_path_for("api_tokens"), flash="The token is revoked.")


# --- your data: download it, or erase the account ---------------------------------------


def _data_page(request, session, user, *, values=None, errors=None, status_code=200):
    context = {
        "export": data_export.latest_export(session=session, user=user),
        "statuses": DataExportStatus,
        "choices": [(choice.value, choice.label) for choice in erasure.ContentChoice],
        "values": values or {"content": erasure.ContentChoice.keep.value},
        "errors": errors or {},
    }
    return render(request, "settings/data.html", context, status_code=status_code)


@router.get("/data", name="data_settings")
def data_settings(request: Request, session: SessionDep, user: CurrentUser):
    return _data_page(request, session, user)


@router.post("/data/export", name="request_data_export")
def request_export(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limiter: RateLimiterDep,
    user: CurrentUser,
):
    limiter.hit((settings.rate_limit_data_export, "data-export", str(user.id)))
    data_export.request_export(session=session, user=user)
    return redirect(
        request,
        request.app.url_path_for("data_settings"),
        flash=f"We are putting your data together, and will email {user.email} a link "
        "when it is ready (usually within minutes).",
    )


@router.get("/data/download/{token}", name="data_download")
def download_data(
    request: Request, token: str, session: SessionDep, settings: SettingsDep, user: CurrentUser
):
    path = data_export.use_download(session=session, settings=settings, user=user, token=token)
    return FileResponse(
        path,
        media_type="application/zip",
        filename=f"{settings.site_name.lower().replace(' ', '-')}-my-data.zip",
        headers={"Cache-Control": "no-store"},
        background=BackgroundTask(path.unlink, missing_ok=True),
    )


def _erased(request: Request, message: str):
    response = redirect(request, request.app.url_path_for("home"), flash=message)
    response.delete_cookie(SESSION_COOKIE, path="/")
    rotate_csrf_token(request)
    return response


ERASED = "Your account is erased. Thank you for taking part."


@router.post("/account/delete", name="account_delete")
def delete_account(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limiter: RateLimiterDep,
    user: CurrentUser,
    password: FormStr = "",
    content: FormStr = "",
):
    limiter.hit((settings.rate_limit_login_email, "login-email", user.email))
    try:
        erasure.parse_choice(content)
        # Slow on purpose (argon2): checked before the erasure takes the write lock.
        if not verify_password(user.password_hash, password):
            raise ValidationFailed({"password": "That is not your current password."})
        erasure.erase_account(
            session=session, settings=settings, user_id=user.id, content=content, actor=user
        )
    except ValidationFailed as error:
        values = {"content": content}
        return _data_page(
            request, session, user, values=values, errors=error.errors, status_code=422
        )
    return _erased(request, ERASED)


@router.post("/account/delete/email", name="account_delete_email")
def delete_account_by_mail(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limiter: RateLimiterDep,
    user: CurrentUser,
):
    limiter.hit((settings.rate_limit_mail_email, "account-delete-email", user.email))
    mailed_tokens.request_account_deletion(session=session, settings=settings, user=user)
    return redirect(
        request,
        request.app.url_path_for("data_settings"),
        flash=f"We have emailed {user.email} a link to confirm erasing your account.",
    )


def _link_page(request, token, *, values=None, errors=None, status_code=200):
    context = {
        "token": token,
        "choices": [(choice.value, choice.label) for choice in erasure.ContentChoice],
        "values": values or {"content": erasure.ContentChoice.keep.value},
        "errors": errors or {},
    }
    return render(request, "settings/delete_confirm.html", context, status_code=status_code)


@router.get("/account/delete/{token}", name="account_delete_link")
def delete_account_link(request: Request, token: str, session: SessionDep, user: CurrentUser):
    """A button, not an erasure on GET: mail scanners open links."""
    mailed_tokens.check_account_deletion_link(session=session, user=user, token=token)
    return _link_page(request, token)


@router.post("/account/delete/{token}", name="account_delete_link_submit")
def delete_account_with_link(
    request: Request,
    token: str,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    content: FormStr = "",
):
    def confirm(session_, member):
        mailed_tokens.use_account_deletion_link(session=session_, user=member, token=token)

    try:
        erasure.erase_account(
            session=session, settings=settings, user_id=user.id, content=content, actor=user,
            confirm=confirm,
        )  # fmt: skip
    except ValidationFailed as error:
        return _link_page(
            request, token, values={"content": content}, errors=error.errors, status_code=422
        )
    return _erased(request, ERASED)
