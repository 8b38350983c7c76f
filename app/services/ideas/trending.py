"""The trending score: activity decayed by age, stored so that an index can sort by it.

Every activity on an idea (its creation, each vote, each comment) weighs 1 when it
happens and loses half its weight every HALF_LIFE. At time t an idea's trending
activity is

    A(t) = sum over its events e of 2 ** (-(t - t_e) / HALF_LIFE)

Factor out the part that depends only on t:

    A(t) = 2 ** (-x(t)) * sum_e 2 ** x(t_e),   where x(t) = (t - EPOCH) / HALF_LIFE

so log2 A(t) = score - x(t) with score = log2(sum_e 2 ** x(t_e)). Every idea shares the
same x(t), so ordering by the stored `score` is ordering by A(t) at any moment: the
index stays right as time passes, with no nightly recomputation. An event adds its term
once (a vote) and a withdrawn one takes its own term back (an unvote). Scores are kept
in log space because 2 ** x(t) itself would overflow a float within a few years.
"""

import math
from datetime import UTC, datetime, timedelta

EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
HALF_LIFE = timedelta(days=4)


def _x(at: datetime) -> float:
    return (at - EPOCH) / HALF_LIFE


def initial_score(created_at: datetime) -> float:
    """The score of a new idea: its creation is its first activity."""
    return _x(created_at)


def add_activity(score: float, at: datetime) -> float:
    """log2(2**score + 2**x(at)), computed without overflow."""
    x = _x(at)
    high, low = max(score, x), min(score, x)
    return high + math.log2(1.0 + 2.0 ** (low - high))


def remove_activity(score: float, at: datetime, *, floor: float) -> float:
    """Take back an activity added earlier; never below `floor` (the idea's own creation)."""
    x = _x(at)
    if x >= score:
        return floor
    remaining = 1.0 - 2.0 ** (x - score)
    if remaining <= 1e-12:
        return floor
    return max(score + math.log2(remaining), floor)
