"""What a drafting service emits while it works: the same stream feeds SSE clients and JSON
responses, so the two can never disagree."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Literal, TypeVar

import msgspec

EventName = Literal["triage", "token", "draft", "done", "error"]
T = TypeVar("T")


class DraftEvent(msgspec.Struct, frozen=True):
    event: EventName
    data: Any


class Generated(msgspec.Struct, frozen=True):
    """Internal end marker of one generation: the whole cleaned text, and how long the model
    took to its first token and from there to its last."""

    text: str
    first_token_ms: float = 0.0
    rest_ms: float = 0.0


async def final(stream: AsyncIterator[DraftEvent], kind: type[T]) -> T:
    """Run a stream to its `done` event and return that event's payload."""
    result: T | None = None
    async for item in stream:
        if item.event == "done":
            result = item.data
    if result is None or not isinstance(result, kind):
        raise RuntimeError("a drafting stream ended without its result")
    return result
