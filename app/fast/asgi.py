"""Raw ASGI for the fast lane: reading a request's headers and body, and sending an answer
with the headers every page of the site carries. One copy of each, for the page caches
and the vote path alike."""

import zlib
from functools import cache

from starlette.types import Message, Receive, Scope, Send

from app.config import GZIP_LEVEL, GZIP_MIN_SIZE
from app.security import security_headers

# An HTML answer differs with htmx (a fragment) and with the encoding it was sent in.
VARY = (b"vary", b"HX-Request, Accept-Encoding")
VARY_HTMX = (b"vary", b"HX-Request")


def read_headers(scope: Scope, names: frozenset[bytes]) -> dict[bytes, bytes]:
    """The headers in `names`, in one pass over the request's (a hit must be cheap).
    ASGI servers hand names over in lower case."""
    found: dict[bytes, bytes] = {}
    for name, value in scope["headers"]:
        if name not in names:
            continue
        if name not in found:
            found[name] = value  # the first, as the app's request.headers reads it
        elif name == b"cookie":
            # Several Cookie headers are one list of cookies (RFC 6265 allows only one,
            # but HTTP/2 proxies split it).
            found[name] += b"; " + value
    return found


def wants_gzip(headers: dict[bytes, bytes]) -> bool:
    return b"gzip" in headers.get(b"accept-encoding", b"")


async def read_body(receive: Receive, *, limit: int) -> tuple[bytes | None, Receive]:
    """The request's body (None past `limit` bytes), and a `receive` that gives the app
    the same messages again."""
    messages: list[Message] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return None, _replay(messages, receive)
        size += len(message.get("body", b""))
        if size > limit:
            return None, _replay(messages, receive)
        if not message.get("more_body", False):
            break
    return b"".join(m.get("body", b"") for m in messages), _replay(messages, receive)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replay() -> Message:
        return pending.pop(0) if pending else await receive()

    return replay


@cache
def site_headers(secure: bool) -> tuple[tuple[bytes, bytes], ...]:
    """app.security's headers, as ASGI wants them."""
    return tuple(
        (name.lower().encode(), value.encode()) for name, value in security_headers(secure)
    )


def is_secure(scope: Scope) -> bool:
    return scope.get("scheme") == "https"


async def send_answer(send: Send, status: int, headers, body: bytes = b"") -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


# A signed-in member's answer, as app.security.SecurityHeadersMiddleware marks it.
NO_STORE = (b"cache-control", b"no-store")


def redirect(location: str, *, secure: bool, private: bool = False) -> tuple[int, list, bytes]:
    """A 303 to `location` (status, headers, body); `private`: for a signed-in member."""
    headers = [*site_headers(secure), (b"location", location.encode()), (b"content-length", b"0")]
    if private:
        headers += [NO_STORE, (b"vary", b"Cookie")]
    return 303, headers, b""


def html(
    body: bytes, *, secure: bool, gzip: bool, private: bool = False
) -> tuple[int, list, bytes]:
    """A 200 with an HTML body, compressed as the app's pages are when asked for;
    `private`: for a signed-in member (not stored, varies by cookie)."""
    headers = [(b"content-type", b"text/html; charset=utf-8"), *site_headers(secure)]
    vary = b"Cookie, " if private else b""
    if private:
        headers.append(NO_STORE)
    if gzip and len(body) >= GZIP_MIN_SIZE:
        body = gzip_compress(body)
        headers += [(b"content-encoding", b"gzip"), (b"vary", vary + VARY[1])]
    else:
        headers.append((b"vary", vary + VARY_HTMX[1]))
    headers.append((b"content-length", str(len(body)).encode()))
    return 200, headers, body


def gzip_compress(body: bytes) -> bytes:
    """gzip at the app's level (config.GZIP_LEVEL), as its GZipMiddleware does."""
    deflate = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return deflate.compress(body) + deflate.flush()
