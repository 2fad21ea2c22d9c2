"""Requests per token over a period (token bucket), answered with 429 and Retry-After.

The bucket is the caller's: the one valid token shares one bucket, and anything else (no
token, a wrong one) is counted per client address, so guessing tokens or pairing codes is
slowed too. `GET /health` and CORS preflights are never limited.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from litestar.types import ASGIApp, Receive, Scope, Send

from server.problems import send_problem

EXEMPT_PATHS = frozenset({"/health"})
MAX_KEYS = 10_000


class RateLimiter:
    """`limit` requests per `period_s`, refilled continuously, bursts up to `limit`."""

    def __init__(
        self, limit: int, period_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.rate = limit / period_s
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        """key → (tokens left, when last refilled)."""
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """0 when the request may go on, else the seconds until it would."""
        with self._lock:
            now = self.clock()
            tokens, then = self._buckets.get(key, (float(self.limit), now))
            tokens = min(float(self.limit), tokens + (now - then) * self.rate)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                if len(self._buckets) > MAX_KEYS:
                    self._forget_full(now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1 - tokens) / self.rate

    def _forget_full(self, now: float) -> None:
        self._buckets = {
            k: (t, then)
            for k, (t, then) in self._buckets.items()
            if t + (now - then) * self.rate < self.limit
        }


class RateLimit:
    """ASGI layer in front of the app; `key` names the caller's bucket."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter, key: Callable[[Scope], str]) -> None:
        self.app = app
        self.limiter = limiter
        self.key = key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope.get("method") != "OPTIONS"
            and scope["path"] not in EXEMPT_PATHS
        ):
            wait = self.limiter.take(self.key(scope))
            if wait > 0:
                seconds = max(1, math.ceil(wait))
                await send_problem(
                    send,
                    429,
                    f"More than {self.limiter.limit} requests in too short a time; "
                    f"retry in {seconds} s (the limit is set by VOIX_RATE_LIMIT).",
                    "rate-limited",
                    headers={"Retry-After": str(seconds)},
                )
                return
        await self.app(scope, receive, send)
