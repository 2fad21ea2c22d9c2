"""Where a draft's time went, stage by stage, so that a slow draft can be explained (and the
benchmark can tell prompt evaluation from generation) without a profiler."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from server.schemas import Timings


class Stopwatch:
    def __init__(self) -> None:
        self.ms: dict[str, float] = {}
        self._started = time.perf_counter()

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, (time.perf_counter() - started) * 1000)

    def add(self, name: str, ms: float) -> None:
        self.ms[name] = self.ms.get(name, 0.0) + ms

    def timings(self) -> Timings:
        def get(name: str) -> float:
            return round(self.ms.get(name, 0.0), 1)

        return Timings(
            total_ms=round((time.perf_counter() - self._started) * 1000, 1),
            triage_ms=get("triage"),
            retrieval_ms=get("retrieval"),
            prompt_ms=get("prompt"),
            generation_ms=get("generation"),
            guardrails_ms=get("guardrails"),
            generations=int(self.ms.get("generations", 0)),
        )
