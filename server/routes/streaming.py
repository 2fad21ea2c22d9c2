"""JSON or server-sent events from one drafting stream, chosen by the Accept header."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable
from contextlib import AsyncExitStack, suppress
from typing import Any, TypeVar

import msgspec
from litestar import Request
from litestar.response import ServerSentEvent, ServerSentEventMessage

from server.drafting.errors import ClientGone, DraftTimeout
from server.drafting.events import DraftEvent
from server.llm.errors import BackendUnavailable
from server.llm.gate import GenerationGate

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
    request: Request[Any, Any, Any],
    stream: AsyncIterator[DraftEvent],
    result: type[T],
    gate: GenerationGate,
    timeout_s: float,
) -> T | ServerSentEvent:
    """The `done` payload as JSON, or every event as SSE.

    A place at the gate is taken first (`Busy` when the line is full) and held until the last
    event. The first event is awaited before the response starts, so that an unknown brand or
    platform is still a plain problem response, not a broken stream. A JSON answer whose
    client disconnects, and any draft past `timeout_s`, cancels its generation.
    """
    held = AsyncExitStack()
    await held.enter_async_context(gate.slot())
    held.push_async_callback(_close, stream)
    deadline = asyncio.get_running_loop().time() + timeout_s
    try:
        if not wants_events(request):
            try:
                async with asyncio.timeout_at(deadline):
                    return await _unless_disconnected(request, _collect(stream, result))
            except TimeoutError:
                raise DraftTimeout(timeout_s) from None
            finally:
                await held.aclose()
        try:
            async with asyncio.timeout_at(deadline):
                first = await anext(stream)
        except TimeoutError:
            raise DraftTimeout(timeout_s) from None
    except BaseException:
        await held.aclose()
        raise
    return EventStream(_messages(first, stream, held, deadline, timeout_s))


async def _collect(stream: AsyncIterator[DraftEvent], result: type[T]) -> T:
    done: Any = None
    async for event in stream:
        if event.event == "done":
            done = event.data
    if not isinstance(done, result):
        raise RuntimeError("a drafting stream ended without its result")
    return done


async def _unless_disconnected(request: Request[Any, Any, Any], work: Awaitable[T]) -> T:
    """`work`, cancelled if the client goes away first (the body has been read, so the next
    ASGI message can only be the disconnect)."""
    task = asyncio.ensure_future(work)
    watcher = asyncio.ensure_future(_disconnect(request))
    try:
        await asyncio.wait({task, watcher}, return_when=asyncio.FIRST_COMPLETED)
    finally:  # also when we are cancelled ourselves (the time limit)
        watcher.cancel()
        if not task.done():
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
    if task.cancelled():
        raise ClientGone
    return task.result()


async def _disconnect(request: Request[Any, Any, Any]) -> None:
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


async def _close(stream: AsyncIterator[DraftEvent]) -> None:
    await stream.aclose()  # type: ignore[attr-defined]


async def _messages(
    first: DraftEvent,
    stream: AsyncIterator[DraftEvent],
    held: AsyncExitStack,
    deadline: float,
    timeout_s: float,
) -> AsyncIterator[ServerSentEventMessage]:
    """Every event; a client that disconnects cancels this generator (Litestar listens for
    the disconnect), and closing the drafting stream stops the model within one token."""
    try:
        yield _message(first)
        async with asyncio.timeout_at(deadline):
            async for event in stream:
                yield _message(event)
    except TimeoutError:
        yield _error("Drafting timed out", str(DraftTimeout(timeout_s)))
    except BackendUnavailable as exc:  # e.g. the embedded model crashed: it is restarting
        yield _error("Model unavailable", str(exc), exc.retry_after)
    except Exception as exc:  # the response has started: report in-band, then end
        log.exception("drafting stream failed", exc_info=exc)
        yield _error("Drafting failed", str(exc) or type(exc).__name__)
    finally:
        await held.aclose()


def _error(title: str, detail: str, retry_after: int | None = None) -> ServerSentEventMessage:
    body: dict[str, Any] = {"title": title, "detail": detail}
    if retry_after is not None:
        body["retry_after"] = retry_after
    return ServerSentEventMessage(event="error", data=msgspec.json.encode(body).decode())


def _message(event: DraftEvent) -> ServerSentEventMessage:
    return ServerSentEventMessage(event=event.event, data=msgspec.json.encode(event.data).decode())
