"""Passwords, session and signed tokens, CSRF, and the headers every response carries.

CSRF is a double-submit token (OWASP's "signed double-submit cookie" without the extra
signature, since the cookie is HttpOnly and SameSite=Lax): a random value lives in the
`cg_csrf` cookie, every form repeats it in `csrf_token` and htmx in `X-CSRF-Token`, and an
unsafe request whose copies differ, or whose `Origin` is another site, is refused before
any route runs. The cookie is set only when a page actually renders a form, so pages
without forms stay free of `Set-Cookie` and can be cached.

One exception, and only one: the one-click unsubscribe link in every mail. RFC 8058 has
the mail provider POST to it with no cookies at all, so it cannot carry our token; the
link's own signed token is the proof instead (`csrf_exempt_when`). A request whose token
does not verify gets the usual check, and the usual 403.
"""

import hashlib
import logging
import re
import secrets
import unicodedata
from collections.abc import Callable
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Request
from itsdangerous import URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "cg_session"
CSRF_COOKIE = "cg_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"

MIN_PASSWORD_LENGTH = 8
# Long passphrases are welcome; the cap only stops a megabyte "password" costing CPU.
MAX_PASSWORD_LENGTH = 1024

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'self'; "
    "object-src 'none'; frame-ancestors 'none'"
)

# Pages whose address holds a one-time token from a mail: never stored by a browser or a
# proxy, never sent on as a Referer, never written to a log (app/logs.py).
TOKEN_PATH = re.compile(
    r"/(verify|login/link|password/reset|settings/email/confirm|unsubscribe"
    r"|settings/data/download|settings/account/delete)/[^/]+"
)

_TOKEN_IN_TEXT = re.compile(TOKEN_PATH.pattern + r"(?=[?#\s\"']|$)")


def redact(text: str) -> str:
    """`text` (a path, a log line) with every one-time token replaced by `[token]`."""
    return _TOKEN_IN_TEXT.sub(lambda m: m.group(0).rsplit("/", 1)[0] + "/[token]", text)


class RedactTokens(logging.Filter):
    """A log filter: the one-time tokens in a record's path (uvicorn's access log) or
    message are redacted, so a log reader cannot sign in as a member."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def redact_server_logs() -> None:
    """Add RedactTokens to uvicorn's loggers (once)."""
    for name in ("uvicorn.access", "uvicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())


_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


# --- passwords -----------------------------------------------------------------------


def _normalise(password: str) -> str:
    # NFKC so the same passphrase typed on different keyboards hashes the same (NIST 800-63B).
    return unicodedata.normalize("NFKC", password)


def hash_password(password: str) -> str:
    return _hasher.hash(_normalise(password))


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; with no hash, spend the same time and say no."""
    try:
        matched = _hasher.verify(password_hash or _dummy_hash(), _normalise(password))
    except (VerificationError, InvalidHashError):
        return False
    return matched and password_hash is not None


@cache
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


@cache
def _common_passwords() -> frozenset[str]:
    # zxcvbn ships the 30,000 most common passwords from real leaks, most common first.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, *, email: str = "", display_name: str = "") -> str | None:
    """Why a new password is not acceptable, or None when it is."""
    length = len(_normalise(password))
    if length < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    if length > MAX_PASSWORD_LENGTH:
        return f"Use at most {MAX_PASSWORD_LENGTH} characters."
    folded = password.casefold()
    if folded in _common_passwords():
        return "That password is one of the most common ones. Choose something less guessable."
    personal = {email.casefold(), email.split("@")[0].casefold(), display_name.casefold()}
    if folded in personal - {""}:
        return "Don't use your email address or name as your password."
    return None


# --- tokens ----------------------------------------------------------------------------


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def signer(secret_key: str, purpose: str) -> URLSafeTimedSerializer:
    """Signed, timestamped tokens for links in mail; `purpose` keeps kinds apart."""
    return URLSafeTimedSerializer(secret_key, salt=f"commonground.{purpose}")


# --- CSRF ------------------------------------------------------------------------------


class CsrfFailure(Exception):
    """An unsafe request without a matching token, or from another site."""


def csrf_token(request: Request) -> str:
    """The token for forms on this page; asks the middleware to set the cookie if new."""
    state = request.state
    if not getattr(state, "csrf_token", None):
        state.csrf_token = request.cookies.get(CSRF_COOKIE) or new_token()
    if request.cookies.get(CSRF_COOKIE) != state.csrf_token:
        state.csrf_set_cookie = True
    return state.csrf_token


def rotate_csrf_token(request: Request) -> None:
    """A new token at sign-in, so one planted before sign-in is useless after it."""
    request.state.csrf_token = new_token()
    request.state.csrf_set_cookie = True


def csrf_exempt_when(proof: Callable[[Request], bool]):
    """Mark a route whose unsafe requests need no CSRF token when `proof(request)` is true:
    the request carries its own authority, a signed token that only its addressee has."""

    def mark(endpoint):
        endpoint.csrf_exempt_when = proof
        return endpoint

    return mark


async def verify_csrf(request: Request) -> None:
    """Dependency on every route: refuse an unsafe request that fails the CSRF check."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    endpoint = getattr(request.scope.get("route"), "endpoint", None)
    proof = getattr(endpoint, "csrf_exempt_when", None)
    if proof is not None and proof(request):
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        sent = (await request.form()).get(CSRF_FIELD)
    problem = csrf_problem(
        site=(request.url.scheme, request.url.netloc),
        origin=request.headers.get("origin"),
        fetch_site=request.headers.get("sec-fetch-site"),
        expected=request.cookies.get(CSRF_COOKIE),
        sent=sent,
    )
    if problem:
        raise CsrfFailure(problem)


def csrf_problem(*, site: tuple[str, str], origin, fetch_site, expected, sent) -> str | None:
    """What is wrong with an unsafe request to `site` (scheme, host) that came from
    `origin` (Sec-Fetch-Site `fetch_site`), with `expected` in the cookie and `sent` in
    the form or header; None if nothing is."""
    if origin and origin != "null" and _origin_site(origin) != site:
        return "cross-site request"
    if fetch_site == "cross-site":
        return "cross-site request"
    if not expected or not isinstance(sent, str) or not secrets.compare_digest(expected, sent):
        return "missing or wrong token"
    return None


def _origin_site(origin: str) -> tuple[str, str] | None:
    try:
        parts = urlsplit(origin)
    except ValueError:  # not a URL at all: no site of ours
        return None
    return parts.scheme, parts.netloc


# --- response headers ------------------------------------------------------------------


class SecurityHeadersMiddleware:
    """Adds the security headers, `Vary: HX-Request`, and the CSRF cookie when needed.

    A signed-in member's answers and the token pages are `Cache-Control: no-store`
    (with `Vary: Cookie`): a shared computer's cache or a proxy must not keep a page
    showing a member's email or notifications. Static files are the same for everyone
    and keep their own caching."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state: dict[str, Any] = scope.setdefault("state", {})
        secure = scope.get("scheme") == "https"
        token_page = TOKEN_PATH.fullmatch(scope["path"]) is not None
        private = token_page or (_has_session(scope) and not scope["path"].startswith("/static/"))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if private:
                    headers["Cache-Control"] = "no-store"
                    headers.add_vary_header("Cookie")
                if token_page:
                    headers["Referrer-Policy"] = "no-referrer"
                for name, value in security_headers(secure):
                    headers.setdefault(name, value)
                if headers.get("content-type", "").startswith("text/html"):
                    headers.add_vary_header("HX-Request")
                if state.get("csrf_set_cookie"):
                    headers.append("Set-Cookie", csrf_cookie(state["csrf_token"], secure))
            await send(message)

        await self.app(scope, receive, send_with_headers)


_SESSION_COOKIE = SESSION_COOKIE.encode() + b"="


def _has_session(scope: Scope) -> bool:
    return any(name == b"cookie" and _SESSION_COOKIE in value for name, value in scope["headers"])


def security_headers(secure: bool) -> list[tuple[str, str]]:
    """The headers every response carries (HSTS only over HTTPS)."""
    headers = [
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    if secure:
        headers.append(("Strict-Transport-Security", "max-age=31536000"))
    return headers


def csrf_cookie(token: str, secure: bool) -> str:
    cookie = f"{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax"
    return cookie + "; Secure" if secure else cookie
