"""The page generation, moved on when an inquiry round opens or closes by the clock.

A round's state follows its dates (app/services/rounds/state.py), so a round closes
without anything being written, and a page stored while it was open (its totals hidden,
its vote buttons live) would be served on after it closed. A time-to-live on stored
pages would serve them wrong for up to that long and render every page again that often
whatever happened. Instead the lane knows when the next round opens or closes, and when
that moment passes it moves the page generation on, exactly as a write would: every
stored page, anonymous or member, in every process, goes stale once, on time. While a
round is open it also moves on every COUNTDOWN_REFRESH, so "closes in 3 days" stays
true to the hour.

The next moment is read again after each write (a moderator may have moved the dates):
one indexed statement, on a connection of the clock's own in autocommit, as the member
page lookups do.
"""

import logging
import math
import threading
import time
from datetime import datetime, timedelta

from sqlalchemy import Engine, bindparam

from app.db import RawQuery
from app.fast.generation import Generation
from app.fast.lookup_connection import LookupConnection
from app.models import utcnow
from app.services.rounds.state import next_change_query

log = logging.getLogger(__name__)

COUNTDOWN_REFRESH = timedelta(minutes=10)


class RoundClock(Generation):
    """`base`, also moved on when a round opens or closes; see the module docstring."""

    def __init__(self, base: Generation, engine: Engine) -> None:
        self.base = base
        self.engine = engine
        self._query = RawQuery(next_change_query(bindparam("now", utcnow())), engine.dialect)
        self._lock = threading.Lock()
        self._lookups = LookupConnection(engine)
        self._seen: int | None = None  # the base generation `_due` was read at
        self._due: datetime | None = None
        self._due_at = math.inf  # `_due` as a POSIX timestamp

    def current(self) -> int:
        return self.read()[0]

    def settled(self) -> int:
        return self.read()[1]

    def site(self) -> int:
        return self.base.site()  # a round's dates are no part of what it numbers

    def read(self) -> tuple[int, int]:
        numbers = self.base.read()
        # Every request asks: a float clock, not a datetime, on the way that changes nothing.
        if numbers[0] == self._seen and time.time() < self._due_at:
            return numbers
        now = utcnow()
        with self._lock:
            if numbers[0] == self._seen and self._due is not None and now >= self._due:
                # A round opened or closed: as if something was written, and not only a
                # count (its vote buttons and totals change), so `settled` moves on too.
                self.base.bump()
                numbers = self.base.read()
            if numbers[0] != self._seen:
                self._due = self._next_change(now)
                self._due_at = self._due.timestamp() if self._due else math.inf
                self._seen = numbers[0]
        return numbers

    def bump(self, *, counts_only: bool = False, site: bool = False) -> None:
        self.base.bump(counts_only=counts_only, site=site)

    def stop(self) -> None:
        self.base.stop()
        self.close()

    def _next_change(self, now: datetime) -> datetime | None:
        try:
            rows = self._query.rows(self._lookups.get(), now=now)
        except self.engine.dialect.loaded_dbapi.Error:
            log.exception("reading the next round change failed; trying again in a minute")
            self.close()
            return now + timedelta(minutes=1)
        found = rows[0] if rows else None
        moments = [m for m in (found.next_open, found.next_close) if m is not None] if found else []
        if found is not None and found.open_now:
            moments.append(now + COUNTDOWN_REFRESH)
        return min(moments) if moments else None

    def close(self) -> None:
        self._lookups.close()
