"""A bounded waiting line in front of the model.

The embedded model drafts one thing at a time; a laptop that queued every request would make
the last caller wait minutes for a draft nobody is still looking at. The gate lets
`concurrency` drafts run, keeps at most `max_waiting` in line, and turns the rest away at once
with an estimate of when to retry.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class Busy(Exception):
    """The line is full; `retry_after` is an estimate in whole seconds."""

    def __init__(self, running: int, waiting: int, retry_after: int) -> None:
        self.running = running
        self.waiting = waiting
        self.retry_after = retry_after
        super().__init__(
            f"Voix is already drafting {running} request(s) with {waiting} waiting; "
            f"retry in about {retry_after} s."
        )


class GenerationGate:
    def __init__(self, concurrency: int = 1, max_waiting: int = 4) -> None:
        if concurrency < 1 or max_waiting < 0:
            raise ValueError("concurrency must be >= 1 and max_waiting >= 0")
        self.concurrency = concurrency
        self.max_waiting = max_waiting
        self._semaphore = asyncio.Semaphore(concurrency)
        self._running = 0
        self._waiting = 0
        self._durations: deque[float] = deque(maxlen=20)

    @property
    def running(self) -> int:
        return self._running

    @property
    def waiting(self) -> int:
        return self._waiting

    def retry_after(self) -> int:
        """Seconds until a place is likely free: recent draft times, ahead-of-you count."""
        typical = sorted(self._durations)[len(self._durations) // 2] if self._durations else 10.0
        ahead = (self._waiting + 1) / self.concurrency
        return max(1, math.ceil(typical * ahead))

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one of the `concurrency` places for the duration of a draft."""
        if self._running >= self.concurrency and self._waiting >= self.max_waiting:
            raise Busy(self._running, self._waiting, self.retry_after())
        self._waiting += 1
        try:
            await self._semaphore.acquire()
        finally:
            self._waiting -= 1
        self._running += 1
        started = time.monotonic()
        try:
            yield
        finally:
            self._running -= 1
            self._durations.append(time.monotonic() - started)
            self._semaphore.release()
