"""The page generation: a number that moves on after every committed write, so that a
page stored under an older one is never served again.

Every worker process shares it: a counter in a small memory-mapped file under var/ (a
load per request, no system call), or in Redis when COMMONGROUND_REDIS_URL is set, so
that several machines agree too.
"""

import fcntl
import mmap
import os
import struct
from pathlib import Path

from app.config import Settings

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


def page_generation(settings: Settings) -> Generation:
    if settings.redis_url:
        return RedisGeneration(settings.redis_url)
    return FileGeneration(settings.var_dir / "cache" / "page-generation")
