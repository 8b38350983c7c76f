"""The page generation: numbers that move on after committed writes, so that a page
stored under older ones is served again only as app/fast/__init__.py allows.

- `current()` moves on after every committed write that shows on a page;
- `settled()` moves on after every such write except those that change only counts (a
  vote, a stance: `db.write_transaction(counts_only=True)` and the fast vote writer);
- `site()` moves on only after a write to what every page is furnished with (the site's
  settings, its pages' versions, its themes: `db.SITE_TABLES`), which the fast lane
  remembers (`FastLane.remembered`) and would otherwise read again after every comment.

A page whose `settled` has moved on is never served again (a hidden idea, an edit, a new
comment: seen by the next request); one whose `current` alone has moved on may be, for a
bound the caches document.

Every worker process shares them: three counters in a small memory-mapped file under var/
(a load per request, no system call), or in Redis when COMMONGROUND_REDIS_URL is set, so
that several machines agree too.
"""

import fcntl
import itertools
import logging
import math
import mmap
import os
import struct
import threading
import time
from pathlib import Path

from app.config import Settings

log = logging.getLogger(__name__)

_COUNTER = struct.Struct("<Q")
_SIZE = 3 * _COUNTER.size  # current, settled, site


class Generation:
    """Numbers every process can read and any process can move on."""

    def current(self) -> int:
        raise NotImplementedError

    def settled(self) -> int:
        raise NotImplementedError

    def site(self) -> int:
        raise NotImplementedError

    def read(self) -> tuple[int, int]:
        """(current, settled), read together (one round trip where there is one)."""
        return self.current(), self.settled()

    def bump(self, *, counts_only: bool = False, site: bool = False) -> None:
        """Move the numbers on after a committed write: `current` always, `settled` unless
        `counts_only`, `site` if `site`."""
        raise NotImplementedError

    def stop(self) -> None:
        """Stop what keeps the numbers up to date (nothing, for most)."""


class FileGeneration(Generation):
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.fstat(fd).st_size < _SIZE:
                os.ftruncate(fd, _SIZE)
            self._map = mmap.mmap(fd, _SIZE)
        finally:
            os.close(fd)
        self._lock_path = path.with_suffix(".lock")

    def current(self) -> int:
        # An aligned 8-byte load: readers never see half of a write.
        return _COUNTER.unpack_from(self._map, 0)[0]

    def settled(self) -> int:
        return _COUNTER.unpack_from(self._map, _COUNTER.size)[0]

    def site(self) -> int:
        return _COUNTER.unpack_from(self._map, 2 * _COUNTER.size)[0]

    def bump(self, *, counts_only: bool = False, site: bool = False) -> None:
        with open(self._lock_path, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            # site, then settled first: a reader that sees the new `current` sees the rest.
            if site:
                _COUNTER.pack_into(self._map, 2 * _COUNTER.size, self.site() + 1)
            if not counts_only:
                _COUNTER.pack_into(self._map, _COUNTER.size, self.settled() + 1)
            _COUNTER.pack_into(self._map, 0, self.current() + 1)


class RedisGeneration(Generation):
    """The numbers in Redis, shared by every machine, read from a local copy.

    Reading Redis for every cached page would be a network round trip per hit (and every
    page would fail while Redis is away). So `bump` moves the numbers on and publishes
    them in one script, and a thread of each process keeps a copy: from the channel as
    each bump is published (a millisecond or so), and from a read of both keys every
    `RESYNC_SECONDS` in case a message was lost. The copy is trusted for
    `TRUST_SECONDS` after the last word from Redis; past that (Redis away, the thread
    stuck) `read` gives numbers no stored page has, so every page is rendered afresh,
    never stale and never an error, until Redis answers again.

    So a write made through another process is seen here once its message arrives (in
    practice a millisecond), and at worst after TRUST_SECONDS; one made through this
    process is seen at once (`bump` sets the copy from the script's answer).
    """

    KEY = "commonground:page-generation"
    SETTLED_KEY = "commonground:page-generation:settled"
    SITE_KEY = "commonground:page-generation:site"
    CHANNEL = "commonground:page-generation"
    RESYNC_SECONDS = 0.5
    TRUST_SECONDS = 2.0
    # Missing numbers (a new Redis, or one restarted without its data) start from the
    # server's clock in microseconds: far past any number handed out before, so a page
    # stored before Redis lost them can never match again.
    _ENSURE = """
    local function ensure(key)
      local value = redis.call('GET', key)
      if not value then
        local now = redis.call('TIME')
        value = tonumber(now[1]) * 1000000 + tonumber(now[2])
        redis.call('SET', key, string.format('%d', value))
      end
      return tonumber(value)
    end
    """
    _BUMP = (
        _ENSURE
        + """
    local site = ensure(KEYS[4])
    local settled = ensure(KEYS[2])
    local current = ensure(KEYS[1])
    if ARGV[2] == '1' then site = redis.call('INCR', KEYS[4]) end
    if ARGV[1] == '1' then settled = redis.call('INCR', KEYS[2]) end
    current = redis.call('INCR', KEYS[1])
    redis.call('PUBLISH', KEYS[3], string.format('%d,%d,%d', current, settled, site))
    return {current, settled, site}
    """
    )
    _READ = (
        _ENSURE
        + """
    return {ensure(KEYS[1]), ensure(KEYS[2]), ensure(KEYS[3])}
    """
    )

    def __init__(self, url: str, *, prefix: str = "") -> None:
        import redis

        self.KEY, self.SETTLED_KEY = prefix + self.KEY, prefix + self.SETTLED_KEY
        self.SITE_KEY = prefix + self.SITE_KEY
        self.CHANNEL = prefix + self.CHANNEL
        options = {"socket_timeout": 1.0, "socket_connect_timeout": 1.0}
        self._redis = redis.Redis.from_url(url, **options)
        self._listener = redis.Redis.from_url(url, **options)
        self._errors = (redis.RedisError, OSError)
        self._bump = self._redis.register_script(self._BUMP)
        self._read = self._redis.register_script(self._READ)
        self._copy: tuple[int, int, int] = (0, 0, 0)
        self._heard_at = -math.inf  # the monotonic clock when Redis last answered
        self._unknown = itertools.count(-1, -1)
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._listen, daemon=True, name="generation")
        self._thread.start()

    def read(self) -> tuple[int, int]:
        return self._read_all()[:2]

    def current(self) -> int:
        return self._read_all()[0]

    def settled(self) -> int:
        return self._read_all()[1]

    def site(self) -> int:
        return self._read_all()[2]

    def _read_all(self) -> tuple[int, int, int]:
        if time.monotonic() - self._heard_at < self.TRUST_SECONDS:
            return self._copy
        unknown = next(self._unknown)  # matches no stored page: render afresh
        return unknown, unknown, unknown

    def bump(self, *, counts_only: bool = False, site: bool = False) -> None:
        try:
            numbers = self._bump(
                keys=[self.KEY, self.SETTLED_KEY, self.CHANNEL, self.SITE_KEY],
                args=[0 if counts_only else 1, 1 if site else 0],
            )
        except self._errors:
            # The write is committed; only the pages are behind. Distrust the copy, so
            # that this process renders every page afresh until Redis answers again (the
            # others do too, once their copies are TRUST_SECONDS old).
            log.warning("Redis did not take the page generation's bump", exc_info=True)
            self._heard_at = -math.inf
            return
        self._note(*map(int, numbers))

    def stop(self) -> None:
        self._stopped.set()

    def _note(self, current: int, settled: int, site: int) -> None:
        # Numbers only move on; a message overtaken by a resync must not move them back.
        if current >= self._copy[0]:
            self._copy = (current, max(settled, self._copy[1]), max(site, self._copy[2]))
        self._heard_at = time.monotonic()

    def _resync(self) -> None:
        numbers = self._read(keys=[self.KEY, self.SETTLED_KEY, self.SITE_KEY])
        self._note(*map(int, numbers))

    def _listen(self) -> None:
        while not self._stopped.is_set():
            try:
                with self._listener.pubsub(ignore_subscribe_messages=True) as channel:
                    channel.subscribe(self.CHANNEL)
                    self._resync()  # after subscribing: nothing published falls between
                    resync_at = time.monotonic() + self.RESYNC_SECONDS
                    while not self._stopped.is_set():
                        message = channel.get_message(timeout=self.RESYNC_SECONDS / 2)
                        if message is not None and message["type"] == "message":
                            self._note(*map(int, message["data"].split(b",")))
                        if time.monotonic() >= resync_at:
                            self._resync()
                            resync_at = time.monotonic() + self.RESYNC_SECONDS
            except self._errors:
                self._stopped.wait(self.RESYNC_SECONDS)  # Redis away: try again shortly
            except Exception:  # never let the copy die quietly: it would be distrusted
                log.exception("the page generation's listener failed; starting again")
                self._stopped.wait(self.RESYNC_SECONDS)


def page_generation(settings: Settings) -> Generation:
    if settings.redis_url:
        return RedisGeneration(settings.redis_url)
    return FileGeneration(settings.var_dir / "cache" / "page-generation")
