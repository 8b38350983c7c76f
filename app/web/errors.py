"""Every error a visitor can meet becomes a page that says what happened and what to do,
never a traceback. Domain errors from the services map to status codes here, once."""

import logging
from urllib.parse import urlencode, urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import PlainTextResponse
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api import PREFIX as API_PREFIX
from app.api.problems import problem
from app.deps import LoginRequired, VerificationRequired
from app.ratelimit import RateLimited
from app.security import SESSION_COOKIE, CsrfFailure, redact, security_headers
from app.services.errors import (
    AccountSuspended,
    Conflict,
    Forbidden,
    LinkExpired,
    NotFound,
    ValidationFailed,
)
from app.web.templating import is_htmx, plural, redirect, render

log = logging.getLogger(__name__)

TITLES = {
    400: "That request did not make sense",
    413: "That was too much to send",
    415: "That kind of upload isn't taken here",
    403: "You can't do that",
    404: "Page not found",
    405: "That action isn't available here",
    409: "That clashes with a change just made",
    422: "Something in that request needs fixing",
    429: "Too many attempts",
    500: "Something went wrong on our side",
}


def too_fast(error: RateLimited) -> str:
    """What a member writing faster than the limits allow is told, beside what they wrote."""
    minutes = plural(max(1, round(error.retry_after / 60)), "minute")
    return (
        f"That is faster than the forum takes posts. Wait about {minutes} and "
        "send it again: what you wrote is kept here."
    )


def retry_after(response, error: RateLimited):
    response.status_code = 429
    response.headers["Retry-After"] = str(max(1, error.retry_after))
    return response


def error_page(request: Request, status_code: int, message: str, *, headers=None, **context):
    context = {
        "status_code": status_code,
        "title": TITLES.get(status_code, "Something went wrong"),
        "message": message,
        **context,
    }
    return render(request, "errors/error.html", context, status_code=status_code, headers=headers)


def install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound):
        if isinstance(error, LinkExpired):
            return error_page(request, 404, str(error), title=LinkExpired.title)
        return error_page(request, 404, str(error))

    @app.exception_handler(AccountSuspended)
    async def suspended(request: Request, error: AccountSuspended):
        # The session is over: the cookie goes too, so the next page is a visitor's.
        response = error_page(request, 403, str(error))
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, error: Forbidden):
        return error_page(request, 403, str(error))

    @app.exception_handler(Conflict)
    async def conflict(request: Request, error: Conflict):
        return error_page(request, 409, str(error))

    @app.exception_handler(ValidationFailed)
    async def invalid(request: Request, error: ValidationFailed):
        return error_page(request, 422, " ".join(error.errors.values()))

    @app.exception_handler(CsrfFailure)
    async def csrf_failed(request: Request, error: CsrfFailure):
        message = (
            "This form had expired or came from another site, so nothing was changed. "
            "Go back, reload the page and try again."
        )
        return error_page(request, 403, message)

    @app.exception_handler(RateLimited)
    async def rate_limited(request: Request, error: RateLimited):
        minutes = plural(max(1, round(error.retry_after / 60)), "minute")
        message = f"For everyone's safety, wait about {minutes} before trying again."
        headers = {"Retry-After": str(max(1, error.retry_after))}
        if is_htmx(request):
            # htmx (a vote button, a stance) gets the message at the top of the page,
            # not an error page swapped into the button.
            headers |= {"HX-Retarget": "#main", "HX-Reswap": "afterbegin"}
            return render(
                request, "errors/_too_fast.html", {"message": message}, status_code=429,
                headers=headers,
            )  # fmt: skip
        return error_page(request, 429, message, headers=headers)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, error: LoginRequired):
        # After signing in, come back here (a GET) or to the page the form was on.
        if request.method == "GET":
            here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        else:
            referer = urlsplit(request.headers.get("referer", ""))
            here = referer.path + (f"?{referer.query}" if referer.query else "")
        login = request.app.url_path_for("login")
        target = f"{login}?{urlencode({'next': here})}" if here.startswith("/") else login
        return redirect(request, target, flash="Sign in to continue.")

    @app.exception_handler(VerificationRequired)
    async def verification_required(request: Request, error: VerificationRequired):
        message = (
            "Confirm your email address to propose ideas, vote and comment. "
            "Open the link we sent you, or ask for a new one."
        )
        return error_page(request, 403, message, offer_resend=True)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException):
        if request.scope["path"].startswith(API_PREFIX + "/"):
            # A path the API's mount could not take (a line break in it): still the API's.
            return problem(error.status_code, "There is nothing at this address.")
        message = {
            404: "There is nothing at this address. It may have moved or been removed.",
            405: "This address doesn't take that kind of request.",
        }.get(error.status_code, str(error.detail))
        return error_page(request, error.status_code, message, headers=error.headers)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError):
        # A path like /ideas/abc names nothing that exists; other malformed input
        # (a non-number where a number belongs) is a request to fix.
        if any(part["loc"][0] == "path" for part in error.errors()):
            return error_page(request, 404, "There is nothing at this address.")
        return error_page(request, 422, "Some of what was sent was not in the expected form.")


async def send_error_page(scope: Scope, receive: Receive, send: Send, status: int, message: str):
    """An error page from outside the app's middleware, with the headers every page has."""
    secure = scope.get("scheme") == "https"
    try:
        response = error_page(Request(scope, receive), status, message)
    except Exception:  # the page itself failed (a broken database): say it plainly
        log.exception("the %s page could not be rendered", status)
        response = PlainTextResponse(f"{TITLES.get(status, 'Error')}. {message}", status)
    headers = MutableHeaders(raw=response.raw_headers)
    for name, value in security_headers(secure):
        headers.setdefault(name, value)
    response.raw_headers = headers.raw
    await response(scope, receive, send)


class ServerErrorPages:
    """The 500 page, as ASGI middleware outside everything else.

    Starlette's own handler for `Exception` sits outside the other middleware, so its page
    lacked the security headers, and it raises the error again after the page is sent,
    which made uvicorn reset the keep-alive connection: the next request on it, often
    another member's behind a proxy, failed too. Here the error ends with the page. Only
    `raise_server_errors` (tests) raises it again, after the page, so a test sees it.
    """

    def __init__(self, app: ASGIApp, *, raise_again: bool = False) -> None:
        self.app = app
        self.raise_again = raise_again

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception:
            log.exception("unhandled error on %s %s", scope["method"], redact(scope["path"]))
            # Half an answer already sent cannot become a page: returning without
            # finishing it makes the server close the connection, which is all it can do.
            if not started:
                message = "We have logged the problem. Please try again shortly."
                await send_error_page(scope, receive, send, 500, message)
            if self.raise_again:
                raise
