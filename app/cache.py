"""Pages for anonymous visitors, served from memory until something is written.

Most visitors to a forum read without signing in, and they all see the same pages. As
Discourse does, those pages are rendered once and then served from a cache, with an
ETag so a browser's conditional request is a 304. Any committed write anywhere bumps a
generation number, and a page rendered under an older generation is never served, so a
count is never wrong for longer than the render in flight. Signed-in members (and
anyone with a one-shot message waiting) always get a freshly rendered page, so the
member who voted sees their vote at once.

The generation is shared by every worker process: a counter in a small memory-mapped
file under var/ (a load per request, no system call), or in Redis when
COMMONGROUND_REDIS_URL is set, so that several machines agree too.

Only routes that opt in (`public_page`) are stored, and never a response that sets a
cookie or carries a form token: what is stored must be the same for every visitor.
"""

import fcntl
import hashlib
import mmap
import os
import struct
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request
from sqlalchemy import Engine, event
from sqlmodel import Session
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.db import WROTE, note_raw_write
from app.security import SESSION_COOKIE
from app.web.templating import FLASH_COOKIE

MAX_ENTRIES = 4_000
MAX_BYTES = 64 * 1024 * 1024
_COUNTER = struct.Struct("<Q")


class Generation:
    """A number every process can read and any process can move on by one."""

    def current(self) -> int:
        raise NotImplementedError

    def bump(self) -> None:
        raise NotImplementedError


class FileGeneration(Generation):
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.fstat(fd).st_size < _COUNTER.size:
                os.ftruncate(fd, _COUNTER.size)
            self._map = mmap.mmap(fd, _COUNTER.size)
        finally:
            os.close(fd)
        self._lock_path = path.with_suffix(".lock")

    def current(self) -> int:
        # An aligned 8-byte load: readers never see half of a write.
        return _COUNTER.unpack_from(self._map)[0]

    def bump(self) -> None:
        with open(self._lock_path, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            _COUNTER.pack_into(self._map, 0, self.current() + 1)


class RedisGeneration(Generation):
    KEY = "commonground:page-generation"

    def __init__(self, url: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url)

    def current(self) -> int:
        return int(self._redis.get(self.KEY) or 0)

    def bump(self) -> None:
        self._redis.incr(self.KEY)


def page_generation(settings) -> Generation:
    if settings.redis_url:
        return RedisGeneration(settings.redis_url)
    return FileGeneration(settings.var_dir / "cache" / "page-generation")


# Which generation a database's writes move on; filled by `watch`.
_generations: "weakref.WeakKeyDictionary[Engine, Generation]" = weakref.WeakKeyDictionary()


def watch(engine: Engine, generation: Generation) -> None:
    """Bump `generation` after every commit that wrote something through `engine`."""
    _generations[engine] = generation


@event.listens_for(Session, "after_flush")
def _note_write(session: Session, _flush_context) -> None:
    note_raw_write(session)  # the same mark as a write made round the ORM


@event.listens_for(Session, "after_commit")
def _bump_after_write(session: Session) -> None:
    if session.info.pop(WROTE, False):
        bind = session.get_bind()
        generation = _generations.get(getattr(bind, "engine", bind))
        if generation is not None:
            generation.bump()


@event.listens_for(Session, "after_rollback")
def _forget_write(session: Session) -> None:
    session.info.pop(WROTE, None)


async def public_page(request: Request) -> None:
    """Route dependency: this page, as an anonymous visitor sees it, may be cached."""
    request.state.public_page = True


_SESSION = SESSION_COOKIE.encode() + b"="
_FLASH = FLASH_COOKIE.encode() + b"="
# The request headers the cache looks at; ASGI servers hand names over in lower case.
_READ = frozenset((b"cookie", b"hx-request", b"hx-target", b"accept-encoding", b"if-none-match"))


def read_headers(scope: Scope, names: frozenset[bytes] = _READ) -> dict[bytes, bytes]:
    """The headers in `names`, in one pass over the request's (a hit must be cheap)."""
    found: dict[bytes, bytes] = {}
    for name, value in scope["headers"]:
        if name in names:
            # Several Cookie headers are one list of cookies (RFC 6265 allows only one,
            # but HTTP/2 proxies split it).
            found[name] = found[name] + b"; " + value if name in found else value
    return found


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
        headers = read_headers(scope)
        cookies = headers.get(b"cookie", b"")
        if _SESSION in cookies or _FLASH in cookies:
            await self.app(scope, receive, send)
            return

        key = (
            scope["path"],
            scope["query_string"],
            headers.get(b"hx-request"),
            headers.get(b"hx-target"),
            b"gzip" in headers.get(b"accept-encoding", b""),
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
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": page.status, "headers": page.headers})
        body = b"" if scope["method"] == "HEAD" else page.body
        await send({"type": "http.response.body", "body": body})

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
            or not scope.get("state", {}).get("public_page")
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
