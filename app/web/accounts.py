"""Sign-up, email verification, sign-in (password, or a link or code sent by mail),
password reset, changing the email address, and sign-out.

Every endpoint that sends mail is rate-limited per address and per client, and answers
the same whether or not the address has an account: the mail (or its absence) is the
only difference, and the services decide it.

Sign-in attempts are counted so that a stranger cannot lock the owner out (OWASP's
"device cookies", ASVS 6.3.1): per client address, per (account, client address), and
per account from every browser the owner has not signed in from before. A browser that
signed in to an account keeps a signed device cookie for it and skips the last count,
so guesses from elsewhere never block the owner's correct password there. Mail limits
are a cool-down between mails, not a small allowance a stranger could use up.
"""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from itsdangerous import BadSignature
from pydantic import BaseModel

from app.config import Settings
from app.deps import CurrentUser, FormStr, OptionalUser, RateLimiterDep, SessionDep, SettingsDep
from app.models import User
from app.ratelimit import RateLimited
from app.security import SESSION_COOKIE, rotate_csrf_token, signer
from app.services.accounts import mailed_tokens, registration, security_events, segments, sessions
from app.services.errors import ValidationFailed
from app.web.profile_questions import SegmentAnswers
from app.web.templating import local_path, redirect, render

router = APIRouter()


# Remembers, for the code page, the address a sign-in mail was asked for and where to
# go afterwards; signed, and only ever read back into a form.
SIGN_IN_COOKIE = "cg_sign_in"
SIGN_IN_COOKIE_SECONDS = 30 * 60


# A browser that has signed in to an account (see the module docstring).
DEVICE_COOKIE = "cg_device"
DEVICE_COOKIE_DAYS = 365


def _client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _device_signer(settings: Settings):
    return signer(settings.secret_key.get_secret_value(), "device")


def _known_device(request: Request, settings: Settings, email: str) -> bool:
    """Whether this browser signed in to the account with `email` before."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return False
    try:
        known = _device_signer(settings).loads(raw, max_age=DEVICE_COOKIE_DAYS * 86_400)
    except BadSignature:
        return False
    return isinstance(known, list) and registration.normalise_email(email) in known


def _sign_in_limits(request: Request, settings: Settings, email: str):
    """The counts a password or code attempt for `email` is held to (module docstring)."""
    email = registration.normalise_email(email)
    ip = _client_ip(request)
    checks = [
        (settings.rate_limit_login_ip, "login-ip", ip),
        (settings.rate_limit_login_email, "login-email-ip", f"{email} {ip}"),
    ]
    if not _known_device(request, settings, email):
        checks.append((settings.rate_limit_login_account, "login-account", email))
    return checks


def _mail_limits(request: Request, settings: Settings, scope: str, email: str):
    """The limits on an endpoint that sends mail: per client address and per email."""
    return (
        (settings.rate_limit_mail_ip, "mail-ip", _client_ip(request)),
        (settings.rate_limit_mail_email, f"{scope}-email", registration.normalise_email(email)),
    )


def _event(request: Request, session, event: str, user: User | None, how: str = "") -> None:
    security_events.record(session, event, user=user, ip=_client_ip(request), how=how)


def _sign_in(
    request: Request,
    session,
    settings: Settings,
    user: User,
    to: str,
    flash: str = "",
    *,
    how: str = "password",
) -> Response:
    """Start a new server-side session (a new id, never a reused one) and go to `to`."""
    _event(request, session, "security.sign_in", user, how)
    token = sessions.start_session(
        session=session,
        user=user,
        days=settings.session_days,
        user_agent=request.headers.get("user-agent", ""),
    )
    rotate_csrf_token(request)
    response = redirect(request, to, flash=flash or f"Welcome, {user.display_name}.")
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_days * 86_400,
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    response.delete_cookie(SIGN_IN_COOKIE, path="/")
    response.set_cookie(
        DEVICE_COOKIE,
        _device_cookie(request, settings, user.email),
        max_age=DEVICE_COOKIE_DAYS * 86_400,
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


def _device_cookie(request: Request, settings: Settings, email: str) -> str:
    """The device cookie with `email` added (a shared computer may know a few accounts)."""
    known = []
    raw = request.cookies.get(DEVICE_COOKIE)
    if raw:
        try:
            found = _device_signer(settings).loads(raw, max_age=DEVICE_COOKIE_DAYS * 86_400)
            known = [e for e in found if isinstance(e, str)] if isinstance(found, list) else []
        except BadSignature:
            known = []
    email = registration.normalise_email(email)
    return _device_signer(settings).dumps([email, *[e for e in known if e != email]][:5])


# --- sign-up ---------------------------------------------------------------------------


class _SignUpFields(BaseModel):
    email: str = ""
    password: str = ""
    display_name: str = ""
    organisation: str = ""


SignUpForm = Annotated[_SignUpFields, Form()]


def _signup_page(request: Request, session, *, values: dict, errors: dict, status_code=200):
    context = {
        "values": values,
        "errors": errors,
        "questions": segments.list_segments(session=session),
    }
    return render(request, "accounts/signup.html", context, status_code=status_code)


@router.get("/signup", name="signup")
def signup_form(request: Request, session: SessionDep, user: OptionalUser):
    if user is not None:
        return redirect(request, request.app.url_path_for("ideas"))
    return _signup_page(request, session, values={}, errors={})


@router.post("/signup", name="signup_submit")
def signup(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limiter: RateLimiterDep,
    fields: SignUpForm,
    answers: SegmentAnswers,
):
    email = registration.normalise_email(fields.email)
    limiter.hit(
        (settings.rate_limit_signup_ip, "signup-ip", _client_ip(request)),
        (settings.rate_limit_signup_email, "signup-email", email),
    )
    try:
        registration.sign_up(
            session=session, settings=settings, answers=answers, **fields.model_dump()
        )
    except ValidationFailed as error:
        values = fields.model_dump(exclude={"password"})
        values |= {f"segment-{slug}": value for slug, value in answers.items()}
        return _signup_page(request, session, values=values, errors=error.errors, status_code=422)
    # The same answer whether or not the address already had an account; the mail differs.
    return redirect(request, request.app.url_path_for("signup_done"))


@router.get("/signup/done", name="signup_done")
def signup_done(request: Request):
    return render(request, "accounts/signup_done.html")


# --- email verification ----------------------------------------------------------------


@router.get("/verify/{token}", name="verify_email")
def verify_page(request: Request, token: str, session: SessionDep, settings: SettingsDep):
    """Shows a button rather than verifying on GET: mail scanners follow links (Discourse
    does the same), and GET requests here never write."""
    user = registration.user_for_verification_token(
        session=session, secret_key=settings.secret_key.get_secret_value(), token=token
    )
    return render(request, "accounts/verify.html", {"token": token, "verified": user.is_verified})


@router.post("/verify/{token}", name="verify_email_submit")
def verify(
    request: Request, token: str, session: SessionDep, settings: SettingsDep, user: OptionalUser
):
    verified_user, newly = registration.verify_email(
        session=session, secret_key=settings.secret_key.get_secret_value(), token=token
    )
    ideas = request.app.url_path_for("ideas")
    if user is not None and user.id == verified_user.id:
        return redirect(request, ideas, flash="Your email address is confirmed. Welcome in.")
    if newly:
        return _sign_in(request, session, settings, verified_user, ideas)
    return redirect(
        request,
        request.app.url_path_for("login"),
        flash="Your email is already confirmed. Sign in.",
    )


@router.post("/verify-resend", name="resend_verification")
def resend_verification(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limiter: RateLimiterDep,
    user: CurrentUser,
    next: FormStr = "",
):
    back = local_path(next, request.app.url_path_for("ideas"))
    if user.is_verified:
        return redirect(request, back, flash="Your email address is already confirmed.")
    limiter.hit(*_mail_limits(request, settings, "verify-mail", user.email))
    registration.resend_verification(session=session, settings=settings, user=user)
    return redirect(request, back, flash=f"We have sent a new link to {user.email}.")


# --- sign-in and sign-out --------------------------------------------------------------


def _login_page(
    request: Request,
    *,
    values: dict | None = None,
    errors: dict | None = None,
    link_values: dict | None = None,
    link_errors: dict | None = None,
    status_code: int = 200,
):
    context = {
        "values": values or {},
        "errors": errors or {},
        "link_values": link_values or {},
        "link_errors": link_errors or {},
        "link_minutes": request.app.state.settings.sign_in_link_minutes,
    }
    return render(request, "accounts/login.html", context, status_code=status_code)


@router.get("/login", name="login")
def login_form(request: Request, user: OptionalUser, next: str = ""):
    if user is not None:
        return redirect(request, local_path(next, request.app.url_path_for("ideas")))
    return _login_page(request, values={"next": next}, link_values={"next": next})


@router.post("/login", name="login_submit")
def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limiter: RateLimiterDep,
    email: FormStr = "",
    password: FormStr = "",
    next: FormStr = "",
):
    try:
        limiter.hit(*_sign_in_limits(request, settings, email))
    except RateLimited:
        known = registration.find_user_by_email(session=session, email=email)
        _event(request, session, "security.locked_out", known, "password")
        raise
    user = sessions.authenticate(session=session, email=email, password=password)
    if user is None:
        known = registration.find_user_by_email(session=session, email=email)
        _event(request, session, "security.sign_in_failed", known, "password")
        return _login_page(
            request,
            values={"email": email, "next": next},
            errors={"form": "That email and password do not match an account."},
            link_values={"next": next},
            status_code=422,
        )
    return _sign_in(
        request, session, settings, user, local_path(next, request.app.url_path_for("ideas"))
    )


def _sign_in_signer(settings: Settings):
    return signer(settings.secret_key.get_secret_value(), "sign-in-cookie")


def _remembered_sign_in(request: Request, settings: Settings) -> dict:
    raw = request.cookies.get(SIGN_IN_COOKIE)
    if not raw:
        return {}
    try:
        data = _sign_in_signer(settings).loads(raw, max_age=SIGN_IN_COOKIE_SECONDS)
    except BadSignature:
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}


@router.post("/login/link", name="sign_in_link_submit")
def sign_in_link(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limiter: RateLimiterDep,
    email: FormStr = "",
    next: FormStr = "",
):
    """Mail a sign-in link and code. The answer is the same whether or not the address
    has an account (only an account's owner gets mail)."""
    limiter.hit(*_mail_limits(request, settings, "sign-in-link", email))
    try:
        mailed_tokens.request_sign_in_link(session=session, settings=settings, email=email)
    except ValidationFailed as error:
        return _login_page(
            request,
            values={"next": next},
            link_values={"email": email, "next": next},
            link_errors=error.errors,
            status_code=422,
        )
    known = registration.find_user_by_email(session=session, email=email)
    _event(request, session, "security.link_sent", known)
    response = redirect(
        request,
        request.app.url_path_for("sign_in_code"),
        flash="If that address has an account, we have emailed it a sign-in link and code.",
    )
    remembered = {"email": registration.normalise_email(email), "next": local_path(next, "")}
    response.set_cookie(
        SIGN_IN_COOKIE,
        _sign_in_signer(settings).dumps(remembered),
        max_age=SIGN_IN_COOKIE_SECONDS,
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


def _after_sign_in(request: Request, settings: Settings) -> str:
    remembered = _remembered_sign_in(request, settings).get("next", "")
    return local_path(remembered, request.app.url_path_for("ideas"))


@router.get("/login/code", name="sign_in_code")
def sign_in_code_form(request: Request, settings: SettingsDep, user: OptionalUser):
    if user is not None:
        return redirect(request, request.app.url_path_for("ideas"))
    email = _remembered_sign_in(request, settings).get("email", "")
    return render(request, "accounts/sign_in_code.html", {"values": {"email": email}, "errors": {}})


@router.post("/login/code", name="sign_in_code_submit")
def sign_in_with_code(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limiter: RateLimiterDep,
    email: FormStr = "",
    code: FormStr = "",
):
    # A code dies after a few wrong tries, so guesses are counted per client only: a
    # stranger's guesses elsewhere never block the owner's code.
    email_ip = f"{registration.normalise_email(email)} {_client_ip(request)}"
    limiter.hit(
        (settings.rate_limit_login_ip, "login-ip", _client_ip(request)),
        (settings.rate_limit_login_email, "login-email-ip", email_ip),
    )
    try:
        user = mailed_tokens.sign_in_with_code(
            session=session, settings=settings, email=email, code=code
        )
    except ValidationFailed as error:
        context = {"values": {"email": email}, "errors": error.errors}
        return render(request, "accounts/sign_in_code.html", context, status_code=422)
    return _sign_in(request, session, settings, user, _after_sign_in(request, settings), how="code")


@router.get("/login/link/{token}", name="sign_in_with_link")
def sign_in_link_page(request: Request, token: str, session: SessionDep):
    """A button, not a sign-in on GET: mail scanners open links, and would use it up."""
    mailed_tokens.check_sign_in_link(session=session, token=token)
    return render(request, "accounts/sign_in_link.html", {"token": token})


@router.post("/login/link/{token}", name="sign_in_with_link_submit")
def sign_in_with_link(request: Request, token: str, session: SessionDep, settings: SettingsDep):
    user = mailed_tokens.sign_in_with_link(session=session, token=token)
    return _sign_in(request, session, settings, user, _after_sign_in(request, settings), how="link")


@router.post("/logout", name="logout")
def logout(request: Request, session: SessionDep):
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        sessions.end_session(session=session, token=token)
    rotate_csrf_token(request)
    response = redirect(request, request.app.url_path_for("home"), flash="You have signed out.")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# --- password reset --------------------------------------------------------------------


@router.get("/password/forgot", name="forgot_password")
def forgot_password_form(request: Request):
    return render(request, "accounts/forgot_password.html", {"values": {}, "errors": {}})


@router.post("/password/forgot", name="forgot_password_submit")
def forgot_password(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limiter: RateLimiterDep,
    email: FormStr = "",
):
    limiter.hit(*_mail_limits(request, settings, "password-reset", email))
    try:
        mailed_tokens.request_password_reset(session=session, settings=settings, email=email)
    except ValidationFailed as error:
        context = {"values": {"email": email}, "errors": error.errors}
        return render(request, "accounts/forgot_password.html", context, status_code=422)
    return redirect(request, request.app.url_path_for("forgot_password_sent"))


@router.get("/password/forgot/sent", name="forgot_password_sent")
def forgot_password_sent(request: Request, settings: SettingsDep):
    return render(
        request, "accounts/forgot_password_sent.html", {"minutes": settings.password_reset_minutes}
    )


@router.get("/password/reset/{token}", name="reset_password")
def reset_password_form(request: Request, token: str, session: SessionDep):
    user = mailed_tokens.password_reset_user(session=session, token=token)
    context = {"token": token, "email": user.email, "errors": {}}
    return render(request, "accounts/reset_password.html", context)


@router.post("/password/reset/{token}", name="reset_password_submit")
def reset_password(
    request: Request,
    token: str,
    session: SessionDep,
    settings: SettingsDep,
    password: FormStr = "",
):
    try:
        user = mailed_tokens.reset_password(session=session, token=token, password=password)
    except ValidationFailed as error:
        user = mailed_tokens.password_reset_user(session=session, token=token)
        context = {"token": token, "email": user.email, "errors": error.errors}
        return render(request, "accounts/reset_password.html", context, status_code=422)
    changed = "Your password is changed, and you are signed in. Other devices are signed out."
    _event(request, session, "security.password_reset", user)
    return _sign_in(
        request, session, settings, user, request.app.url_path_for("ideas"), changed, how="reset"
    )


# --- changing the email address --------------------------------------------------------


def _email_page(request: Request, *, values=None, errors=None, status_code: int = 200):
    context = {"values": values or {}, "errors": errors or {}}
    return render(request, "settings/email.html", context, status_code=status_code)


@router.get("/settings/email", name="email_settings")
def email_settings(request: Request, user: CurrentUser):
    return _email_page(request)


@router.post("/settings/email", name="email_settings_submit")
def change_email(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limiter: RateLimiterDep,
    user: CurrentUser,
    email: FormStr = "",
    password: FormStr = "",
):
    limiter.hit(*_mail_limits(request, settings, "email-change", user.email))
    try:
        mailed_tokens.request_email_change(
            session=session, settings=settings, user=user, new_email=email, password=password
        )
    except ValidationFailed as error:
        return _email_page(request, values={"email": email}, errors=error.errors, status_code=422)
    new_email = registration.normalise_email(email)
    return redirect(
        request,
        request.app.url_path_for("email_settings"),
        flash=f"We have sent a link to {new_email}. Open it to confirm the change; "
        "until then, your address stays the same.",
    )


@router.get("/settings/email/confirm/{token}", name="confirm_email_change")
def confirm_email_change_page(request: Request, token: str, session: SessionDep):
    new_email = mailed_tokens.pending_email_change(session=session, token=token)
    context = {"token": token, "new_email": new_email}
    return render(request, "settings/email_confirm.html", context)


@router.post("/settings/email/confirm/{token}", name="confirm_email_change_submit")
def confirm_email_change(
    request: Request, token: str, session: SessionDep, settings: SettingsDep, user: OptionalUser
):
    changed = mailed_tokens.confirm_email_change(
        session=session, token=token, keep_session=request.cookies.get(SESSION_COOKIE)
    )
    flash = f"Your email address is now {changed.email}. Your other sessions have ended."
    destination = request.app.url_path_for("email_settings")
    if user is not None and user.id == changed.id:
        return redirect(request, destination, flash=flash)
    return _sign_in(request, session, settings, changed, destination)
