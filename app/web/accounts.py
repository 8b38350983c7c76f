"""Sign-up, email verification, sign-in and sign-out pages."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from starlette.background import BackgroundTask

from app.config import Settings
from app.deps import CurrentUser, OptionalUser, RateLimiterDep, SessionDep, SettingsDep
from app.mail import Mail, send_mail
from app.models import User
from app.security import SESSION_COOKIE, rotate_csrf_token
from app.services import accounts
from app.services.errors import ValidationFailed
from app.web.templating import local_path, redirect, render, templates

router = APIRouter()

FormStr = Annotated[str, Form()]


def _client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _mail(settings: Settings, *, to: str, template: str, **context) -> Mail:
    """A mail from `templates/mail/<template>.txt|.html`; the first text line is the subject."""
    context = {"site_name": settings.site_name, "base_url": settings.base_url, **context}
    subject, _, text = (
        templates.get_template(f"mail/{template}.txt").render(context).partition("\n")
    )
    html = templates.get_template(f"mail/{template}.html").render(context)
    return Mail(to=to, subject=subject.strip(), text=text.strip() + "\n", html=html)


def _verification_mail(request: Request, settings: Settings, user: User) -> Mail:
    token = accounts.verification_token(
        secret_key=settings.secret_key.get_secret_value(), user=user
    )
    link = settings.base_url + request.app.url_path_for("verify_email", token=token)
    return _mail(settings, to=user.email, template="verify", user=user, link=link)


def _sign_in(request: Request, session, settings: Settings, user: User, to: str) -> Response:
    """Start a new server-side session (a new id, never a reused one) and go to `to`."""
    token = accounts.start_session(session=session, user=user, days=settings.session_days)
    rotate_csrf_token(request)
    response = redirect(request, to, flash=f"Welcome, {user.display_name}.")
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_days * 86_400,
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


# --- sign-up ---------------------------------------------------------------------------


@router.get("/signup", name="signup")
def signup_form(request: Request, user: OptionalUser):
    if user is not None:
        return redirect(request, request.app.url_path_for("ideas"))
    return render(request, "accounts/signup.html", {"values": {}, "errors": {}})


@router.post("/signup", name="signup_submit")
def signup(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limiter: RateLimiterDep,
    email: FormStr = "",
    password: FormStr = "",
    display_name: FormStr = "",
    organisation: FormStr = "",
):
    values = {"email": email, "display_name": display_name, "organisation": organisation}
    limiter.hit(
        (settings.rate_limit_signup_ip, "signup-ip", _client_ip(request)),
        (settings.rate_limit_signup_email, "signup-email", accounts.normalise_email(email)),
    )
    try:
        result = accounts.sign_up(
            session=session,
            email=email,
            password=password,
            display_name=display_name,
            organisation=organisation,
        )
    except ValidationFailed as error:
        context = {"values": values, "errors": error.errors}
        return render(request, "accounts/signup.html", context, status_code=422)

    # The same answer whether or not the address already had an account; the mail differs.
    existing = result.user
    if result.created or not existing.is_verified:
        mail = _verification_mail(request, settings, existing)
    else:
        login = settings.base_url + request.app.url_path_for("login")
        mail = _mail(settings, to=existing.email, template="account_exists", login=login)
    task = BackgroundTask(send_mail, settings, mail)
    return redirect(request, request.app.url_path_for("signup_done"), background=task)


@router.get("/signup/done", name="signup_done")
def signup_done(request: Request):
    return render(request, "accounts/signup_done.html")


# --- email verification ----------------------------------------------------------------


@router.get("/verify/{token}", name="verify_email")
def verify_page(request: Request, token: str, session: SessionDep, settings: SettingsDep):
    """Shows a button rather than verifying on GET: mail scanners follow links (Discourse
    does the same), and GET requests here never write."""
    user = accounts.user_for_verification_token(
        session=session, secret_key=settings.secret_key.get_secret_value(), token=token
    )
    return render(request, "accounts/verify.html", {"token": token, "verified": user.is_verified})


@router.post("/verify/{token}", name="verify_email_submit")
def verify(
    request: Request, token: str, session: SessionDep, settings: SettingsDep, user: OptionalUser
):
    verified_user, newly = accounts.verify_email(
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
    settings: SettingsDep,
    limiter: RateLimiterDep,
    user: CurrentUser,
    next: FormStr = "",
):
    back = local_path(next, request.app.url_path_for("ideas"))
    if user.is_verified:
        return redirect(request, back, flash="Your email address is already confirmed.")
    limiter.hit((settings.rate_limit_mail_email, "verify-mail", user.email))
    task = BackgroundTask(send_mail, settings, _verification_mail(request, settings, user))
    return redirect(
        request, back, flash=f"We have sent a new link to {user.email}.", background=task
    )


# --- sign-in and sign-out --------------------------------------------------------------


@router.get("/login", name="login")
def login_form(request: Request, user: OptionalUser, next: str = ""):
    if user is not None:
        return redirect(request, local_path(next, request.app.url_path_for("ideas")))
    return render(request, "accounts/login.html", {"values": {"next": next}, "errors": {}})


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
    limiter.hit(
        (settings.rate_limit_login_ip, "login-ip", _client_ip(request)),
        (settings.rate_limit_login_email, "login-email", accounts.normalise_email(email)),
    )
    user = accounts.authenticate(session=session, email=email, password=password)
    if user is None:
        context = {
            "values": {"email": email, "next": next},
            "errors": {"form": "That email and password do not match an account."},
        }
        return render(request, "accounts/login.html", context, status_code=422)
    return _sign_in(
        request, session, settings, user, local_path(next, request.app.url_path_for("ideas"))
    )


@router.post("/logout", name="logout")
def logout(request: Request, session: SessionDep):
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        accounts.end_session(session=session, token=token)
    rotate_csrf_token(request)
    response = redirect(request, request.app.url_path_for("home"), flash="You have signed out.")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
