"""Pages for anonymous visitors, served from memory until something is written.

Most visitors to a forum read without signing in, and they all see the same pages. As
Discourse does, those pages are rendered once and then served from a cache, with an
ETag so a browser's conditional request is a 304. Any committed write anywhere moves the
page generation on (generation.py), and a page rendered under an older generation is
never served, so a count is never wrong for longer than the render in flight. Signed-in
members (and anyone with a one-shot message waiting) always go on to the app, so the
member who voted sees their vote at once.

Only routes that mark their page public (app/web/caching.py) are stored, and never a
response that sets a cookie or carries a form token: what is stored must be the same for
every visitor.
"""

import hashlib
from collections import OrderedDict
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.fast.asgi import is_secure, read_headers, send_answer, wants_gzip
from app.fast.generation import Generation
from app.security import SESSION_COOKIE
from app.web.caching import is_public
from app.web.templating import FLASH_COOKIE

MAX_ENTRIES = 4_000
MAX_BYTES = 64 * 1024 * 1024

_SESSION = SESSION_COOKIE.encode() + b"="
_FLASH = FLASH_COOKIE.encode() + b"="
# The request headers the cache looks at: every one a page's answer depends on is in its
# key (a history restore wants the full page where htmx alone gets a fragment).
_KEYED = (b"hx-request", b"hx-target", b"hx-history-restore-request")
_READ = frozenset((b"cookie", b"accept-encoding", b"if-none-match", *_KEYED))


@dataclass
class CachedPage:
    generation: int
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes


class AnonymousPageCache:
    """ASGI middleware serving stored anonymous pages; see the module docstring."""

    def __init__(self, app: ASGIApp, generation: Generation) -> None:
        self.app = app
        self.generation = generation
        self.pages: OrderedDict[tuple, CachedPage] = OrderedDict()
        self.size = 0

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
        generation = self.generation.current()
        page = self.pages.get(key)
        if page is not None and page.generation == generation:
            self.pages.move_to_end(key)
            await self._send_cached(page, scope, headers.get(b"if-none-match"), send)
            return
        await self._render_and_store(scope, receive, send, key, generation)

    async def _send_cached(self, page: CachedPage, scope: Scope, if_none_match, send) -> None:
        if if_none_match == page.etag:
            kept = [(k, v) for k, v in page.headers if k in (b"etag", b"vary", b"cache-control")]
            await send_answer(send, 304, kept)
            return
        body = b"" if scope["method"] == "HEAD" else page.body
        await send_answer(send, page.status, page.headers, body)

    async def _render_and_store(self, scope, receive, send, key, generation) -> None:
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
            page = self._storable(scope, start, body, generation)
            if page is not None:
                self._store(key, page)
                start["headers"] = page.headers
            await send(start)
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, capture)

    def _storable(self, scope, start, body: bytes, generation: int) -> CachedPage | None:
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
        return CachedPage(generation, start["status"], headers, body, etag)

    def _store(self, key: tuple, page: CachedPage) -> None:
        old = self.pages.pop(key, None)
        if old is not None:
            self.size -= len(old.body)
        self.pages[key] = page
        self.size += len(page.body)
        while len(self.pages) > MAX_ENTRIES or self.size > MAX_BYTES:
            _, evicted = self.pages.popitem(last=False)
            self.size -= len(evicted.body)
