"""A per-person limit on expensive requests (searches, summaries, briefings, fetches).

One person pasting a script of /summary commands must not slow the bot for the team.
Each person has a bucket of BRIEFBOT_RATE_LIMIT tokens that refills evenly over a
minute: bursts up to the limit pass, a steady flood is told how long to wait. The
buckets live in the process (a restart forgets them); it measures time with a
monotonic clock, not the application clock, which tests may stop.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

_SECONDS_PER_MINUTE = 60.0


class RateLimiter:
    """Token buckets per user id; `per_minute=0` lets everything through."""

    def __init__(self, per_minute: int, *, now: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._now = now
        self._lock = threading.Lock()
        self._buckets: dict[int, tuple[float, float]] = {}  # user -> (tokens, when)
        self._pruned_at = now()

    def wait_for(self, user_id: int) -> int:
        """Take a token for `user_id`: 0 if the request may go, else whole seconds to wait."""
        if self.per_minute <= 0:
            return 0
        rate = self.per_minute / _SECONDS_PER_MINUTE
        with self._lock:
            moment = self._now()
            tokens, since = self._buckets.get(user_id, (float(self.per_minute), moment))
            tokens = min(float(self.per_minute), tokens + (moment - since) * rate)
            if tokens >= 1.0:
                self._buckets[user_id] = (tokens - 1.0, moment)
                self._forget_idle(moment)
                return 0
            self._buckets[user_id] = (tokens, moment)
            return max(1, math.ceil((1.0 - tokens) / rate))

    def _forget_idle(self, moment: float) -> None:
        """Once a minute, drop the buckets untouched for a minute: they are full again,
        as good as never used, so memory follows the people active now."""
        if moment - self._pruned_at < _SECONDS_PER_MINUTE:
            return
        self._pruned_at = moment
        self._buckets = {
            user: bucket
            for user, bucket in self._buckets.items()
            if moment - bucket[1] < _SECONDS_PER_MINUTE
        }
