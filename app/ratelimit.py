"""Rate limits on the endpoints that guess passwords or send mail, and on what one member
writes (ideas, comments, votes and stances, reports, mentions), using `limits`.

Counters live in Redis when `COMMONGROUND_REDIS_URL` is set, so every app process shares
them; in memory otherwise (one process). `COMMONGROUND_RATE_LIMITS=off` switches them off
for load tests.
"""

from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"rate limited; retry after {retry_after}s")
        self.retry_after = retry_after


# What a member writes, each against its own setting (Settings.rate_limit_<name>).
WRITING = ("ideas", "comments", "votes", "flags", "mentions")


class RateLimiter:
    def __init__(
        self, *, storage_url: str, enabled: bool, writing: dict[str, str] | None = None
    ) -> None:
        self.enabled = enabled
        self.writing = writing or {}
        self._limiter = MovingWindowRateLimiter(storage_from_string(storage_url or "memory://"))

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
                if not self._limiter.hit(item, scope, key.casefold(), cost=cost):
                    refused.append(item)
        if refused:
            retry_after = max(item.get_expiry() for item in refused)
            raise RateLimited(retry_after)

    def hit_writing(self, what: str, member_id: int, *, cost: int = 1) -> None:
        """Count `cost` of `what` (one of WRITING) written by one member."""
        limit = self.writing.get(what)
        if limit:
            self.hit((limit, f"write-{what}", str(member_id)), cost=cost)
