"""Signed-in list pages, rendered once for every member and made personal with string work.

Every verified member sees the same /ideas page except for a handful of things: their
name, their unread count, their form token and the state of each vote button. So the
page is rendered once per list (path and query), page generation (generation.py) and kind
of member (moderators have one more link), for a stand-in member whose name, count and
token are slots, and both versions of each vote button are rendered beside it. A
member's page is then the stored page with the slots filled from their session row,
their unread count and their votes among the ideas shown (one statement, indexed
lookups) and string joins: no template and no ORM.

Each vote button's count is a slot too, filled from the same statement (the ideas' stored
counters, by primary key), so a member's page never shows a stale count or vote, their
own or anyone's. What a vote can leave stale is only the order of a list sorted by
votes, so the stored page follows the anonymous cache's rule (anonymous_pages.py): a
write other than a vote or stance (`settled` generation) means the next request renders
it afresh; votes and stances alone let it be served for `STALE_SECONDS` after its render
began, and after that while one member's request renders it again (single flight; a
render that fails is retried after `WAIT_SECONDS`).

`MemberPageCache` serves a stored page before FastAPI runs at all, as the anonymous page
cache does: that is what makes a signed-in list cost a fraction of a millisecond instead
of several. Whatever it is not sure of (no stored page, a session that is not a live,
active, verified member's, a one-shot message waiting, an htmx request) goes on to the
app, which renders the page the usual way and stores it for the next member.

Compressing each member's page would cost more than filling it in, so each fixed stretch
of a stored page is deflated once, on its own; a member's page is those stretches with
the slots' values between them as stored (uncompressed) deflate blocks: a valid gzip
stream (RFC 1951, 3.2.4) for the price of a CRC.

Rendering a shared page again after a write re-renders little: both vote buttons of an
idea are kept for the values they show (`_BUTTONS`, fragments.py), and each stretch is
deflated once for its text (`_fixed`).

The stand-in member raises if a template asks it for anything else about the member, so
a template that starts showing, say, the member's email address fails its tests instead
of showing one member's address to the next.
"""

import logging
import re
import struct
import time
import zlib
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

from fastapi import Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape
from sqlalchemy import Engine, String, bindparam, cast, func, select
from sqlmodel import col
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Receive, Scope, Send

from app.db import RawQuery
from app.fast.anonymous_pages import HIT, STALE_SECONDS, WAIT_SECONDS
from app.fast.asgi import VARY, read_headers, send_answer, wants_gzip
from app.fast.fragments import FragmentMemo
from app.fast.generation import Generation
from app.fast.lookup_connection import LookupConnection
from app.models import Idea, Role, User, utcnow
from app.security import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    csrf_cookie,
    csrf_token,
    new_token,
    token_digest,
)
from app.services.accounts.sessions import live_member_query
from app.services.ideas.votes import voted_list_query
from app.services.notifying.notifications import unread_query
from app.web.templating import FLASH_COOKIE, site_for, templates

log = logging.getLogger(__name__)

MAX_PAGES = 512
# Both vote buttons of each idea a shared page shows, rendered once for every page.
_BUTTONS = FragmentMemo()
CSRF_SLOT = Markup("<!--cg:csrf-->")
NAME_SLOT = Markup("<!--cg:name-->")
UNREAD_SLOT = Markup("<!--cg:unread-->")
_SLOT = re.compile(r"<!--cg:(csrf|name|unread|vote:\d+|count:\d+)-->")

# gzip around raw deflate blocks: a header without name or time, an empty last block,
# then the CRC-32 and length of what was compressed (RFC 1952).
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
_LAST_BLOCK = b"\x03\x00"
_TRAILER = struct.Struct("<II")
_STORED_MAX = 0xFFFF
# Headers a stored page does not keep: they belong to one response.
# A member's page differs by member, too (the app's answer says so: app/security.py).
_MEMBER_VARY = (b"vary", VARY[1] + b", Cookie")
_PER_RESPONSE = frozenset((b"content-length", b"content-encoding", b"set-cookie", b"vary"))


class StandInMember:
    """Who a shared page is rendered for: some verified member, moderator or not."""

    def __init__(self, is_moderator: bool) -> None:
        self.is_moderator = is_moderator
        self.is_verified = True
        self.display_name = NAME_SLOT

    def __getattr__(self, name: str):
        # Only reached for what __init__ did not set.
        raise RuntimeError(f"a page shared by members showed user.{name}: make it a slot")


# --- a stored page and filling it in ---------------------------------------------------


@dataclass(frozen=True)
class Fixed:
    """A stretch of page between slots, and the same deflated on its own."""

    text: bytes
    deflated: bytes


@lru_cache(maxsize=16_384)
def _fixed(text: bytes) -> Fixed:
    # Remembered: most stretches of a page rendered again after a write (its header,
    # each idea card) are as they were, and deflating each afresh cost a tenth of a render.
    deflate = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    # A sync flush ends on a byte boundary without a last-block mark: stretches deflated
    # apart can follow one another in one stream.
    return Fixed(text, deflate.compress(text) + deflate.flush(zlib.Z_SYNC_FLUSH))


def _cut(html: str) -> list:
    """`html` as parts: Fixed stretches, slot names (str) and vote slots (the idea's id)."""
    parts: list = []
    for index, piece in enumerate(_SLOT.split(html)):
        if index % 2 == 0:
            if piece:
                parts.append(_fixed(piece.encode()))
        elif piece.startswith("vote:"):
            parts.append(int(piece[5:]))
        else:
            parts.append(piece)
    return parts


def _stored_blocks(value: bytes) -> bytes:
    blocks = []
    for start in range(0, len(value), _STORED_MAX):
        chunk = value[start : start + _STORED_MAX]
        blocks.append(b"\x00" + struct.pack("<HH", len(chunk), len(chunk) ^ 0xFFFF) + chunk)
    return b"".join(blocks)


@lru_cache(maxsize=128)
def _unread_badge(count: int) -> bytes:
    return str(templates.env.get_template("_macros.html").module.unread_badge(count)).encode()


@lru_cache(maxsize=4096)
def _vote_count(count: int) -> bytes:
    # As ideas/_vote_button.html writes it without a slot.
    return f"<strong>{count}</strong> vote{'' if count == 1 else 's'}".encode()


def count_slot(idea_id: int) -> Markup:
    return Markup(f"<!--cg:count:{int(idea_id)}-->")  # noqa: S704 (an int, no markup)


def slot_values(
    *, display_name: str, unread: int, csrf: str, counts: dict[int, int] | None = None
) -> dict[str, bytes]:
    values = {
        "csrf": str(escape(csrf)).encode(),
        "name": str(escape(display_name)).encode(),
        "unread": _unread_badge(unread),
    }
    for idea_id, count in (counts or {}).items():
        values[f"count:{idea_id}"] = _vote_count(count)
    return values


def _counts_query(idea_ids: list[int]):
    """The ideas' vote counts as one value: "id:count" with commas between them."""
    pair = cast(Idea.id, String) + ":" + cast(Idea.vote_count, String)
    return select(func.aggregate_strings(pair, ",")).where(col(Idea.id).in_(idea_ids))


def _parse_counts(text: str | None) -> dict[int, int]:
    counts = {}
    for pair in (text or "").split(","):
        if pair:
            idea_id, count = pair.split(":")
            counts[int(idea_id)] = int(count)
    return counts


@dataclass
class MemberPage:
    generation: int
    parts: list
    # idea id -> (the button's parts when not voted, when voted)
    buttons: dict[int, tuple[list, list]]
    # The response's headers, minus those of one response; set by MemberPageCache.
    headers: list[tuple[bytes, bytes]] | None = None
    settled: int = 0  # the settled generation it was rendered under
    rendered_at: float = 0.0  # the clock when its render began
    # When a request went on to the app to render it again (None: none has).
    refreshing_since: float | None = field(default=None, init=False)
    idea_ids: list[int] = field(init=False)

    _member_query: RawQuery | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.idea_ids = list(self.buttons)

    def member_query(self, dialect) -> RawQuery:
        """The live member behind a session (`digest`, `now`): their id, name, role,
        unread count, which of this page's ideas they voted for (ids with commas) and
        those ideas' counts, in one statement: one round trip to the database per page."""
        if self._member_query is None:
            member = live_member_query(bindparam("digest", ""), bindparam("now", utcnow()))
            unread = unread_query(User.id).scalar_subquery().label("unread")
            voted = voted_list_query(User.id, self.idea_ids).scalar_subquery().label("voted")
            counts = _counts_query(self.idea_ids).scalar_subquery().label("counts")
            self._member_query = RawQuery(member.add_columns(unread, voted, counts), dialect)
        return self._member_query

    def fill(self, values: dict[str, bytes], voted: set[int], *, compress: bool) -> bytes:
        """The page for one member; gzip-compressed if `compress`."""
        pieces = []
        for part in self.parts:
            if part.__class__ is int:
                pieces += self.buttons[part][part in voted]
            else:
                pieces.append(part)
        body = b"".join([values[p] if p.__class__ is str else p.text for p in pieces])
        if not compress:
            return body
        blocks = {name: _stored_blocks(value) for name, value in values.items()}
        deflated = [blocks[p] if p.__class__ is str else p.deflated for p in pieces]
        trailer = _TRAILER.pack(zlib.crc32(body), len(body) & 0xFFFFFFFF)
        return b"".join((_GZIP_HEADER, *deflated, _LAST_BLOCK, trailer))


@dataclass(frozen=True)
class FilledIn:
    """A stored page and what fills it in for one member."""

    page: MemberPage
    display_name: str
    unread: int
    voted: set[int]
    counts: dict[int, int]


@dataclass
class _Notes:
    """What MemberPageCache and `MemberPages.respond` tell each other about one request
    that went on to the app (its scope's state holds them under _NOTES)."""

    # The generations before the page's queries ran, and when, so that a write
    # committed meanwhile leaves the copy rendered now out of date rather than new.
    generation_at_start: int
    settled_at_start: int = 0
    started: float = 0.0
    page: MemberPage | None = None


_NOTES = "fast_lane_member_page"


class MemberPages:
    """The stored pages of one app, the member lookups that fill them in, and the
    rendering of a shared page (app.web.caching.PageCaching.member_page)."""

    def __init__(self, engine: Engine, generation: Generation, clock=time.monotonic) -> None:
        self.engine = engine
        self.generation = generation
        self.clock = clock
        self.pages: OrderedDict[tuple, MemberPage] = OrderedDict()
        self._lookups = LookupConnection(engine)
        self.renders = 0  # shared pages rendered (for tests and the bench)

    def usable(self, key: tuple) -> MemberPage | None:
        """The page stored for `key` if nothing but votes has changed since its render
        (its counts then come from the lookup), whatever its age."""
        page = self.pages.get(key)
        if page is None or page.settled != self.generation.settled():
            return None
        return page

    def get(self, key: tuple) -> MemberPage | None:
        """The page stored for `key` if it may be served now (see the module docstring).
        A page past its bound is served while one request renders it again: the first
        to find it so gets None (and goes on to the app), the others the page."""
        page = self.pages.get(key)
        if page is None:
            return None
        current, settled = self.generation.read()
        if page.settled != settled:
            return None
        if page.generation != current:
            now = self.clock()
            if now - page.rendered_at >= STALE_SECONDS:
                since = page.refreshing_since
                if since is None or now - since >= WAIT_SECONDS:
                    page.refreshing_since = now
                    return None
        self.pages.move_to_end(key)
        return page

    def reusable(self, key: tuple) -> MemberPage | None:
        """The page stored for `key` if the app may fill it in rather than render it
        again: nothing but votes since its render began, at most STALE_SECONDS ago (the
        app fills in the counts it has just read)."""
        page = self.pages.get(key)
        if page is None:
            return None
        current, settled = self.generation.read()
        if page.settled != settled:
            return None
        if page.generation != current and self.clock() - page.rendered_at >= STALE_SECONDS:
            return None
        return page

    def store(self, key: tuple, page: MemberPage) -> None:
        old = self.pages.get(key)
        if old is not None and page.headers is None:
            # The same route's headers: served at once, not only once this response
            # has begun (MemberPageCache sets them then).
            page.headers = old.headers
        self.pages[key] = page
        self.pages.move_to_end(key)
        while len(self.pages) > MAX_PAGES:
            self.pages.popitem(last=False)

    def lookup(self, token: str, path: str, query: bytes) -> FilledIn | None:
        """The page stored for `path` and `query` and what fills it in for the live member
        behind `token`, or None if there is no such member or page, or the database fails
        (the app then answers as usual)."""
        # Either kind of member's copy shows the same ideas: ask with whichever is here.
        shown = self.usable((path, query, False)) or self.usable((path, query, True))
        if shown is None:
            return None
        with self.reading() as connection:
            found = shown.member_query(self.engine.dialect).rows(
                connection, digest=token_digest(token), now=utcnow()
            )
            if not found:
                return None
            member = found[0]
            page = self.get((path, query, member.role in (Role.moderator, Role.admin)))
            if page is None or page.idea_ids != shown.idea_ids:
                return None  # (the two kinds' copies were rendered apart, and differ)
            voted = {int(i) for i in member.voted.split(",")} if member.voted else set()
            counts = _parse_counts(member.counts)
            if len(counts) != len(page.idea_ids):
                return None  # an idea gone behind the app's back: let it render the page
            return FilledIn(page, member.display_name, member.unread, voted, counts)
        return None  # the database failed

    @contextmanager
    def reading(self):
        """The lookups' DBAPI connection. A database error is logged and ends the block
        (the caller then has the app answer)."""
        try:
            yield self._lookups.get()
        except self.engine.dialect.loaded_dbapi.Error:
            log.exception("a page cache lookup failed; the app answers instead")
            self.close()

    def close(self) -> None:
        self._lookups.close()

    # --- the app's side: rendering the shared page -------------------------------------

    def respond(self, request: Request, template: str, context: dict) -> HTMLResponse | None:
        """The page `template` shows with `context` for the signed-in member: the shared
        copy, stored for the next member, filled in for this one; None if this request
        may not have a shared page (see `_can_share`)."""
        notes = request.scope.get("state", {}).get(_NOTES)
        if notes is None or not _can_share(request):
            return None
        user = request.state.user
        key = _key(request, user.is_moderator)
        shown = [*(context["page"].items if "page" in context else []), *context.get("pinned", [])]
        page = self.reusable(key)
        # A copy of other ideas (votes reordered the list since its render) has buttons and
        # counts this request did not read: render this request's own.
        if page is None or set(page.idea_ids) != {idea.id for idea in shown}:
            self.renders += 1
            page = _render_shared(request, template, context, user.is_moderator, notes)
            self.store(key, page)
        notes.page = page  # MemberPageCache keeps this response's headers with the page
        values = slot_values(
            display_name=user.display_name,
            unread=request.state.unread_count,
            csrf=csrf_token(request),
            counts={idea.id: idea.vote_count for idea in shown},
        )
        return HTMLResponse(page.fill(values, context.get("voted", set()), compress=False))


def _key(request: Request, is_moderator: bool) -> tuple:
    # As MemberPageCache looks pages up (request.url.path would add a root_path).
    return (request.scope["path"], request.scope["query_string"], is_moderator)


def _can_share(request: Request) -> bool:
    """Whether this request's page may come from (and go into) the member pages: a full
    page for a verified member with no one-shot message waiting."""
    user = getattr(request.state, "user", None)
    # Not a moderator's: their navigation counts the reports waiting, which no slot fills.
    return (
        user is not None
        and user.is_verified
        and not user.is_moderator
        and request.headers.get("hx-request") is None
        and FLASH_COOKIE not in request.cookies
    )


def _render_shared(request: Request, template: str, context: dict, is_moderator: bool, notes):
    stand_in = StandInMember(is_moderator)
    shared = {
        **context,
        "request": request,
        "user": stand_in,
        "unread_slot": UNREAD_SLOT,
        "site_name": site_for(request).name,
        "flashes": [],
        "vote_slots": True,
        "csrf_slot": CSRF_SLOT,
    }
    html = templates.get_template(template).render(shared)
    button = templates.get_template("ideas/_vote_button.html")

    def both_buttons(idea) -> tuple[list, list]:
        return tuple(
            _cut(button.render({**shared, "vote": {"idea_id": idea.id, "voted": voted,
                                                   "vote_count": idea.vote_count,
                                                   "counts_hidden": idea.counts_hidden,
                                                   "closed": idea.answers_closed,
                                                   "count_slot": count_slot(idea.id)}}))
            for voted in (False, True)
        )  # fmt: skip

    buttons = {}
    listed = context["page"].items if "page" in context else []
    for idea in [*listed, *context.get("pinned", [])]:
        # All a button shows besides its slots (the count, the form token).
        key = (idea.id, idea.counts_hidden, idea.answers_closed, shared.get("next_path"))
        buttons[idea.id] = _BUTTONS.get(key, lambda idea=idea: both_buttons(idea))
    return MemberPage(
        notes.generation_at_start,
        _cut(html),
        buttons,
        settled=notes.settled_at_start,
        rendered_at=notes.started,
    )


# --- the fast path: serving a stored page before the app runs -----------------------------

_READ = frozenset((b"cookie", b"hx-request", b"accept-encoding"))
_SESSION = SESSION_COOKIE.encode() + b"="


class MemberPageCache:
    """ASGI middleware serving stored member pages; see the module docstring."""

    def __init__(self, app: ASGIApp, pages: MemberPages) -> None:
        self.app = app
        self.pages = pages

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        answer = self._answer(scope) if scope["method"] == "GET" else None
        if answer is None:
            current, settled = self.pages.generation.read()
            notes = _Notes(current, settled, self.pages.clock())
            scope.setdefault("state", {})[_NOTES] = notes
            await self.app(scope, receive, self._keeping_headers(notes, send))
            return
        await send_answer(send, *answer)

    def _answer(self, scope: Scope):
        """(status, headers, body) of the stored page filled in for this member, or None."""
        headers = read_headers(scope, _READ)
        cookie = headers.get(b"cookie")
        if cookie is None or b"hx-request" in headers or _SESSION not in cookie:
            return None
        cookies = cookie_parser(cookie.decode("latin-1"))
        token = cookies.get(SESSION_COOKIE)
        if not token or FLASH_COOKIE in cookies:
            return None
        found = self.pages.lookup(token, scope["path"], scope["query_string"])
        if found is None or found.page.headers is None:
            return None

        response_headers = list(found.page.headers)
        csrf = cookies.get(CSRF_COOKIE)
        if not csrf:
            csrf = new_token()
            secure = scope.get("scheme") == "https"
            response_headers.append((b"set-cookie", csrf_cookie(csrf, secure).encode()))
        values = slot_values(
            display_name=found.display_name, unread=found.unread, csrf=csrf, counts=found.counts
        )
        compress = wants_gzip(headers)
        body = found.page.fill(values, found.voted, compress=compress)
        if compress:
            response_headers.append((b"content-encoding", b"gzip"))
        response_headers.append((b"content-length", str(len(body)).encode()))
        response_headers.append(HIT)  # a stored page, though every count on it is fresh
        return 200, response_headers, body

    @staticmethod
    def _keeping_headers(notes: _Notes, send: Send) -> Send:
        """`send`, noting the headers of a member page the app renders."""

        async def keep(message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                page = notes.page
                if page is not None and page.headers is None:
                    kept = [(k, v) for k, v in message["headers"] if k.lower() not in _PER_RESPONSE]
                    page.headers = [*kept, _MEMBER_VARY]
            await send(message)

        return keep
