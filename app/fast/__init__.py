"""The fast lane: what makes the busiest requests cost little more than the server's own
work, in a wing of its own.

`FastLane` is built once, in main.py, and wraps the app as its outermost middleware (only
Starlette's error handler is outside it): a stored page or a vote's answer goes out
before routing, dependencies or any other middleware run. Inside it, from the outside in:

- `AnonymousPageCache` (anonymous_pages.py): the pages every anonymous visitor sees;
- `MemberPageCache` (member_pages.py): a signed-in list rendered once for every member,
  filled in for each;
- `FastVotes` (votes.py), with `VoteWriter` (vote_writer.py): a member's vote, written
  many to a commit and answered without FastAPI.

Beside them, `FragmentMemo` (fragments.py) keeps the pieces of pages that are the same
wherever they are shown (an idea's card, a comment), so that a page rendered again after
a write renders only what changed.

How stored pages go stale (chosen by measurement: see "Why" below). Every committed
write that shows on a page moves the page generation on (`db.on_committed_write`,
generation.py); two of its numbers say which stored pages may be served:

- `settled` moves on with every write except a vote or a stance (a hide, an edit, a new
  idea or comment, a status, a merge...): a page stored under an older `settled` is never
  served again, by either cache. A moderator's hide is gone from the next request's page.
- `current` moves on with votes and stances too (`write_transaction(counts_only=True)`,
  and the fast vote writer). A page that only `current` has left behind is served for
  `anonymous_pages.STALE_SECONDS` (one second) after its render began, and then while
  one request renders it again (single flight): an anonymous visitor sees a vote at most
  one second plus one render after it was committed. A member's list page fills every
  vote button's count and state from its own lookup, so members never see a stale count
  or their own vote missing; only the order of a list sorted by votes may lag as long.

Its third number, `site`, moves on only with a write to what every page shows of the site
(its settings, its pages' versions, its themes: `db.SITE_TABLES`): what `remembered`
keeps. Keyed on `settled`, a comment made the next page read the settings again, render
the landing text and hash the logo: 30% of an anonymous list's miss on PostgreSQL.

Why not per-page dependencies (an idea page on its idea, a list on the ideas of its
first page)? Measured with `make bench BENCH_CASES=mixed` (tests/bench/mixed.py), what a
live event writes is almost all votes, and a vote changes the count on the idea's page,
on every list it is on, and (by the order of "top" and "trending") possibly which ideas
those lists show: tracking that exactly would invalidate nearly as much as one global
generation does, and cost a lookup per write. A short, stated bound on counts keeps the
hit rate near 100% at any vote rate, with one render per page per second at most. Before
it, at 20 votes/s the anonymous list fell to 1% of its read-only speed (every vote made
every page stale, and concurrent misses all rendered the same page); with it, the
list keeps its read-only speed (the README's "Speed" section has the figures).

Across processes and machines: the generation is shared (a memory-mapped file, or Redis
with a copy per process kept by pub/sub: generation.py), so a write through one worker
invalidates every worker's pages.

A round opening or closing by the clock moves both numbers on, as a write would
(round_clock.py): its pages' totals and vote buttons change without anything written.

Whatever the lane is not sure of goes on to the app untouched.

The rest of the code reads as if the lane did not exist: routes see only the
`PageCaching` port of app/web/caching.py, which main.py hands them, and nothing outside
main.py imports this package (tests/test_layout.py checks it).
"""

from collections.abc import Callable, Hashable
from typing import TypeVar

from fastapi import FastAPI
from sqlalchemy import Engine
from starlette.types import ASGIApp

from app.config import Settings
from app.db import on_committed_write
from app.fast.anonymous_pages import AnonymousPageCache
from app.fast.fragments import FragmentMemo
from app.fast.generation import Generation, page_generation
from app.fast.member_pages import MemberPageCache, MemberPages
from app.fast.round_clock import RoundClock
from app.fast.vote_writer import VoteWriter
from app.fast.votes import FastVotes

T = TypeVar("T")


class FastLane:
    """The page caches and the fast vote path of one app; see the module docstring."""

    def __init__(self, settings: Settings, engine: Engine) -> None:
        self.generation = RoundClock(watch_writes(engine, settings), engine)
        self.member_pages = MemberPages(engine, self.generation)
        self.vote_writer = VoteWriter(engine, after_commit=self._counts_changed)
        self._remembered: dict[str, tuple[int, object]] = {}
        self.fragments = FragmentMemo()
        self.anonymous_pages: AnonymousPageCache | None = None  # once the app is built

    def _counts_changed(self) -> None:
        self.generation.bump(counts_only=True)

    def wrap(self, app: FastAPI) -> None:
        """Put the lane around `app`'s middleware and routes (call after adding them)."""
        app.add_middleware(_outermost, lane=self)

    def stop(self) -> None:
        """Stop the vote writer's thread and close the page cache's connection."""
        self.vote_writer.stop()
        self.member_pages.close()
        self.generation.stop()

    # --- the port routes use (app.web.caching.PageCaching) -------------------------------

    def member_page(self, request, template: str, context: dict):
        return self.member_pages.respond(request, template, context)

    def remembered(self, name: str, compute: Callable[[], T]) -> T:
        # What is remembered (the site's settings, its pages' versions, its themes) is
        # read from db.SITE_TABLES alone: only a write to one of them changes it.
        generation = self.generation.site()
        found = self._remembered.get(name)
        if found is None or found[0] != generation:
            found = (generation, compute())
            self._remembered = {**self._remembered, name: found}  # readers see one or other
        return found[1]  # type: ignore[return-value]

    def fragment(self, key: Hashable, render: Callable[[], str]) -> str:
        return self.fragments.get(key, render)


def watch_writes(engine: Engine, settings: Settings) -> Generation:
    """The page generation, moved on after every committed write through `engine`: for
    the app, and for a command whose writes servers beside it must see."""
    generation = page_generation(settings)
    on_committed_write(engine, generation.bump)
    return generation


def _outermost(app: ASGIApp, lane: FastLane) -> ASGIApp:
    """The lane's middlewares in their order, around `app` (Starlette calls this once)."""
    votes = FastVotes(app, lane.member_pages, lane.vote_writer)
    members = MemberPageCache(votes, lane.member_pages)
    lane.anonymous_pages = AnonymousPageCache(members, generation=lane.generation)
    return lane.anonymous_pages
