"""Rate limits on the endpoints that guess passwords or send mail, and on what one member
writes (ideas, comments, votes and stances, reports, mentions), using `limits`.

Counters live in Redis when `COMMONGROUND_REDIS_URL` is set, so every app process shares
them; in memory otherwise (one process). If Redis stops answering, each process counts in
its own memory meanwhile (a limit then holds per process, not across them) and tries Redis
again every `RETRY_SECONDS`: a request is never refused or failed because Redis is away.
`COMMONGROUND_RATE_LIMITS=off` switches them off for load tests.
"""

import logging
import time

from limits import parse_many
from limits.errors import StorageError
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger(__name__)


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"rate limited; retry after {retry_after}s")
        self.retry_after = retry_after


# What a member writes, each against its own setting (Settings.rate_limit_<name>).
WRITING = ("ideas", "comments", "votes", "flags", "mentions")


class RateLimiter:
    RETRY_SECONDS = 2.0  # while Redis is away, how often a request tries it again
    REDIS_TIMEOUT = 0.5  # seconds: an unreachable Redis must not hold a request up for long

    def __init__(
        self, *, storage_url: str, enabled: bool, writing: dict[str, str] | None = None
    ) -> None:
        self.enabled = enabled
        self.writing = writing or {}
        self._local = MovingWindowRateLimiter(MemoryStorage())
        self._shared = None
        if storage_url:
            storage = storage_from_string(
                storage_url, wrap_exceptions=True, socket_timeout=self.REDIS_TIMEOUT,
                socket_connect_timeout=self.REDIS_TIMEOUT,
            )  # fmt: skip
            self._shared = MovingWindowRateLimiter(storage)
        self._shared_away_until = 0.0  # the monotonic clock before which Redis is not tried

    def hit(self, *checks: tuple[str, str, str], cost: int = 1) -> None:
        """Count one attempt (`cost` of them) against each (limit, scope, key), where a
        limit may be several ("5 per minute; 30 per hour"); raise if any is exhausted.

        Every check is counted even when an earlier one fails, so that an attacker
        rotating emails still uses up the per-IP allowance.
        """
        if not self.enabled or cost <= 0:
            return
        refused = []
        for limit, scope, key in checks:
            for item in parse_many(limit):
                if not self._count(item, scope, key.casefold(), cost):
                    refused.append(item)
        if refused:
            retry_after = max(item.get_expiry() for item in refused)
            raise RateLimited(retry_after)

    def _count(self, item, scope: str, key: str, cost: int) -> bool:
        if self._shared is not None and time.monotonic() >= self._shared_away_until:
            try:
                return self._shared.hit(item, scope, key, cost=cost)
            except StorageError as error:
                log.warning(
                    "Redis did not answer the rate limiter (%s); counting in this process "
                    "for %.0f s", error, self.RETRY_SECONDS,
                )  # fmt: skip
                self._shared_away_until = time.monotonic() + self.RETRY_SECONDS
        return self._local.hit(item, scope, key, cost=cost)

    def hit_writing(self, what: str, member_id: int, *, cost: int = 1) -> None:
        """Count `cost` of `what` (one of WRITING) written by one member."""
        limit = self.writing.get(what)
        if limit:
            self.hit((limit, f"write-{what}", str(member_id)), cost=cost)
