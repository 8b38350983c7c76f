"""Pages for anonymous visitors, served from memory, for a bounded time after a vote.

Most visitors to a forum read without signing in, and they all see the same pages. As
Discourse does, those pages are rendered once and then served from a cache, with an
ETag so a browser's conditional request is a 304. Each stored page keeps the page
generation (generation.py) it was rendered under and when its render began:

- a page whose `settled` generation has moved on (a hide, an edit, a new idea or
  comment, anything but a count) is never served again: the next request renders it;
- a page whose `current` generation alone has moved on (votes and stances since) is
  served for `STALE_SECONDS` after its render began, and after that while one request
  renders it again (single flight: the others get the copy they would have had a moment
  ago). So a vote shows to anonymous visitors at most `STALE_SECONDS` plus one render
  after it is committed.

Requests for a page whose copy may not be served at all wait for the one render in
flight for it (at most `WAIT_SECONDS`) rather than rendering it once each. Signed-in
members (and anyone with a one-shot message waiting) always go on to the app or the
member page cache, so the member who voted sees their vote at once.

Only routes that mark their page public (app/web/caching.py) are stored, and never a
response that sets a cookie or carries a form token: what is stored must be the same for
every visitor. A stored page goes out with `X-Cache: hit` (or `stale`, when votes since
its render are not in it yet); a rendered one with none.
"""

import asyncio
import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.fast.asgi import is_secure, read_headers, send_answer, wants_gzip
from app.fast.generation import Generation
from app.security import SESSION_COOKIE
from app.web.caching import is_public
from app.web.templating import FLASH_COOKIE

MAX_ENTRIES = 4_000
MAX_BYTES = 64 * 1024 * 1024
# How long after its render began a page may still be served without the votes since.
STALE_SECONDS = 1.0
# How long a request waits for another's render of the same page before rendering it.
WAIT_SECONDS = 5.0
HIT = (b"x-cache", b"hit")
STALE = (b"x-cache", b"stale")

_SESSION = SESSION_COOKIE.encode() + b"="
_FLASH = FLASH_COOKIE.encode() + b"="
# The request headers the cache looks at: every one a page's answer depends on is in its
# key (a history restore wants the full page where htmx alone gets a fragment).
_KEYED = (b"hx-request", b"hx-target", b"hx-history-restore-request")
_READ = frozenset((b"cookie", b"accept-encoding", b"if-none-match", *_KEYED))


@dataclass
class CachedPage:
    generation: int
    settled: int
    rendered_at: float  # the clock when its render began
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes
    key: tuple


class AnonymousPageCache:
    """ASGI middleware serving stored anonymous pages; see the module docstring."""

    def __init__(
        self, app: ASGIApp, generation: Generation, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.app = app
        self.generation = generation
        self.clock = clock
        self.pages: OrderedDict[tuple, CachedPage] = OrderedDict()
        self.size = 0
        # The key of each page being rendered, and what is set when its render ends.
        self.rendering: dict[tuple, asyncio.Event] = {}
        self.renders = 0  # pages rendered by the app (for tests and the bench)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        headers = read_headers(scope, _READ)
        cookies = headers.get(b"cookie", b"")
        if _SESSION in cookies or _FLASH in cookies:
            await self.app(scope, receive, send)
            return

        key = (
            scope["path"],
            scope["query_string"],
            *(headers.get(name) for name in _KEYED),
            wants_gzip(headers),
            is_secure(scope),  # HSTS is sent over HTTPS only
        )
        page = self.pages.get(key)
        if page is not None:
            current, settled = self.generation.read()
            if page.settled == settled:
                if page.generation == current:
                    await self._send_cached(page, scope, headers, send, HIT)
                    return
                if key in self.rendering or self.clock() - page.rendered_at < STALE_SECONDS:
                    await self._send_cached(page, scope, headers, send, STALE)
                    return
            elif key in self.rendering:
                # It may not be served: wait for the render in flight, not render it too.
                page = await self._after_render(key)
                if page is not None:
                    await self._send_cached(page, scope, headers, send, HIT)
                    return
        await self._render_and_store(scope, receive, send, key)

    async def _after_render(self, key: tuple) -> CachedPage | None:
        """The page the render in flight for `key` stored, if it may be served now."""
        try:
            await asyncio.wait_for(self.rendering[key].wait(), WAIT_SECONDS)
        except (TimeoutError, KeyError):
            return None
        page = self.pages.get(key)
        if page is None or (page.generation, page.settled) != self.generation.read():
            return None
        return page

    async def _send_cached(self, page: CachedPage, scope: Scope, headers, send, how) -> None:
        self.pages.move_to_end(page.key)
        if headers.get(b"if-none-match") == page.etag:
            kept = [(k, v) for k, v in page.headers if k in (b"etag", b"vary", b"cache-control")]
            await send_answer(send, 304, [*kept, how])
            return
        body = b"" if scope["method"] == "HEAD" else page.body
        await send_answer(send, page.status, [*page.headers, how], body)

    async def _render_and_store(self, scope, receive, send, key) -> None:
        """Have the app render the page, and store it if it may be; the only render of
        `key` in flight, unless one was already (then this one stores nothing)."""
        generation, settled = self.generation.read()
        started = self.clock()
        flight = None
        if key not in self.rendering:
            flight = self.rendering[key] = asyncio.Event()
        try:
            await self._render(scope, receive, send, key, (generation, settled, started))
        finally:
            if flight is not None:
                del self.rendering[key]
                flight.set()

    async def _render(self, scope, receive, send, key, when) -> None:
        self.renders += 1
        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body":
                await send(message)  # an extension's message (a test client's debug info)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            page = self._storable(scope, start, body, key, when)
            if page is not None:
                self._store(key, page)
                start["headers"] = page.headers
            await send(start)
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, capture)

    def _storable(self, scope, start, body: bytes, key: tuple, when) -> CachedPage | None:
        headers = list(start["headers"])
        names = {name.lower() for name, _ in headers}
        if (
            start["status"] != 200
            or not is_public(scope)
            or b"set-cookie" in names
            or b'name="csrf_token"' in body  # belt and braces: a form token is per visitor
        ):
            return None
        etag = b'W/"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'
        headers += [(b"etag", etag), (b"cache-control", b"no-cache")]
        generation, settled, started = when
        return CachedPage(generation, settled, started, start["status"], headers, body, etag, key)

    def _store(self, key: tuple, page: CachedPage) -> None:
        old = self.pages.get(key)
        if old is not None and old.generation > page.generation:
            return  # a render begun later finished first: keep the newer copy
        old = self.pages.pop(key, None)
        if old is not None:
            self.size -= len(old.body)
        self.pages[key] = page
        self.size += len(page.body)
        while len(self.pages) > MAX_ENTRIES or self.size > MAX_BYTES:
            _, evicted = self.pages.popitem(last=False)
            self.size -= len(evicted.body)
