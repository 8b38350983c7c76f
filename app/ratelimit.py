"""Rate limits on the endpoints that guess passwords or send mail, using `limits`.

Counters live in Redis when `COMMONGROUND_REDIS_URL` is set, so every app process shares
them; in memory otherwise (one process). `COMMONGROUND_RATE_LIMITS=off` switches them off
for load tests.
"""

from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"rate limited; retry after {retry_after}s")
        self.retry_after = retry_after


class RateLimiter:
    def __init__(self, *, storage_url: str, enabled: bool) -> None:
        self.enabled = enabled
        self._limiter = MovingWindowRateLimiter(storage_from_string(storage_url or "memory://"))

    def hit(self, *checks: tuple[str, str, str]) -> None:
        """Count one attempt against each (limit, scope, key); raise if any is exhausted.

        Every check is counted even when an earlier one fails, so that an attacker
        rotating emails still uses up the per-IP allowance.
        """
        if not self.enabled:
            return
        refused = []
        for limit, scope, key in checks:
            item = parse(limit)
            if not self._limiter.hit(item, scope, key.casefold()):
                refused.append(item)
        if refused:
            retry_after = max(item.get_expiry() for item in refused)
            raise RateLimited(retry_after)
