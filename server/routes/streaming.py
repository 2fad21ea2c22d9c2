"""JSON or server-sent events from one drafting stream, chosen by the Accept header."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any, TypeVar

import msgspec
from litestar import Request
from litestar.response import ServerSentEvent, ServerSentEventMessage

from server.drafting.events import DraftEvent

log = logging.getLogger("voix.api")
T = TypeVar("T")


class EventStream(ServerSentEvent):
    """A ServerSentEvent that keeps its content type when the handler's default is JSON
    (Litestar 2.25 lets the handler's media type win over the response's own)."""

    def to_asgi_response(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["media_type"] = "text/event-stream"
        return super().to_asgi_response(*args, **kwargs)


def wants_events(request: Request[Any, Any, Any]) -> bool:
    return "text/event-stream" in request.headers.get("accept", "")


async def respond(
    request: Request[Any, Any, Any], stream: AsyncIterator[DraftEvent], result: type[T]
) -> T | ServerSentEvent:
    """The `done` payload as JSON, or every event as SSE.

    The first event is awaited before the response starts, so that an unknown brand or
    platform is still a plain problem response, not a broken stream.
    """
    first = await anext(stream)
    if not wants_events(request):
        done: Any = first.data if first.event == "done" else None
        async for event in stream:
            if event.event == "done":
                done = event.data
        if not isinstance(done, result):
            raise RuntimeError("a drafting stream ended without its result")
        return done
    return EventStream(_messages(first, stream))


async def _messages(
    first: DraftEvent, stream: AsyncIterator[DraftEvent]
) -> AsyncIterator[ServerSentEventMessage]:
    try:
        yield _message(first)
        async for event in stream:
            yield _message(event)
    except Exception as exc:  # the response has started: report in-band, then end
        log.exception("drafting stream failed", exc_info=exc)
        yield ServerSentEventMessage(
            event="error",
            data=msgspec.json.encode(
                {"title": "Drafting failed", "detail": str(exc) or type(exc).__name__}
            ).decode(),
        )
    finally:
        await stream.aclose()  # type: ignore[attr-defined]


def _message(event: DraftEvent) -> ServerSentEventMessage:
    return ServerSentEventMessage(event=event.event, data=msgspec.json.encode(event.data).decode())
