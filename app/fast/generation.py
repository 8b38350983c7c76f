"""The page generation: two numbers that move on after committed writes, so that a page
stored under older ones is served again only as app/fast/__init__.py allows.

- `current()` moves on after every committed write that shows on a page;
- `settled()` moves on after every such write except those that change only counts (a
  vote, a stance: `db.write_transaction(counts_only=True)` and the fast vote writer).

A page whose `settled` has moved on is never served again (a hidden idea, an edit, a new
comment: seen by the next request); one whose `current` alone has moved on may be, for a
bound the caches document.

Every worker process shares them: two counters in a small memory-mapped file under var/
(a load per request, no system call), or in Redis when COMMONGROUND_REDIS_URL is set, so
that several machines agree too.
"""

import fcntl
import mmap
import os
import struct
from pathlib import Path

from app.config import Settings

_COUNTER = struct.Struct("<Q")
_SIZE = 2 * _COUNTER.size  # current, then settled


class Generation:
    """Numbers every process can read and any process can move on."""

    def current(self) -> int:
        raise NotImplementedError

    def settled(self) -> int:
        raise NotImplementedError

    def read(self) -> tuple[int, int]:
        """(current, settled), read together (one round trip where there is one)."""
        return self.current(), self.settled()

    def bump(self, *, counts_only: bool = False) -> None:
        raise NotImplementedError


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

    def bump(self, *, counts_only: bool = False) -> None:
        with open(self._lock_path, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            # settled first: a reader that sees the new `current` sees the new `settled`.
            if not counts_only:
                _COUNTER.pack_into(self._map, _COUNTER.size, self.settled() + 1)
            _COUNTER.pack_into(self._map, 0, self.current() + 1)


class RedisGeneration(Generation):
    KEY = "commonground:page-generation"
    SETTLED_KEY = "commonground:page-generation:settled"

    def __init__(self, url: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url)

    def current(self) -> int:
        return int(self._redis.get(self.KEY) or 0)

    def settled(self) -> int:
        return int(self._redis.get(self.SETTLED_KEY) or 0)

    def read(self) -> tuple[int, int]:
        current, settled = self._redis.mget(self.KEY, self.SETTLED_KEY)
        return int(current or 0), int(settled or 0)

    def bump(self, *, counts_only: bool = False) -> None:
        with self._redis.pipeline(transaction=True) as pipe:
            if not counts_only:
                pipe.incr(self.SETTLED_KEY)
            pipe.incr(self.KEY)
            pipe.execute()


def page_generation(settings: Settings) -> Generation:
    if settings.redis_url:
        return RedisGeneration(settings.redis_url)
    return FileGeneration(settings.var_dir / "cache" / "page-generation")
