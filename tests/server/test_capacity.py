"""The model's waiting line, time limit and cancellation, through the API."""

from __future__ import annotations

import asyncio
import json
import select
import socket
import threading
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

from server.llm import LLMBackend
from server.llm.gate import Busy, GenerationGate
from server.schemas import ReplyRequest
from tests.conftest import AUTH

COMMENT = {"brand": "ondine", "platform": "x", "comment": "When will my order ship?"}
SSE = {**AUTH, "Accept": "text/event-stream"}


class SlowChat(BaseChatModel):
    """Writes one token every `pause` seconds, forever, and notes when it is stopped."""

    pause: float = 0.05
    _started: threading.Event = PrivateAttr(default_factory=threading.Event)
    _stopped: threading.Event = PrivateAttr(default_factory=threading.Event)

    @property
    def _llm_type(self) -> str:
        return "slow-fake"

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage("unused"))])

    async def _astream(
        self, messages: list[BaseMessage], *args: Any, **kwargs: Any
    ) -> AsyncIterator[ChatGenerationChunk]:
        self._started.set()
        try:
            while True:
                yield ChatGenerationChunk(message=AIMessageChunk(content="Orders ship soon. "))
                await asyncio.sleep(self.pause)
        finally:
            self._stopped.set()


def slow_backend() -> tuple[LLMBackend, SlowChat]:
    chat = SlowChat()
    return LLMBackend(chat, "fake", "slow"), chat


async def test_gate_turns_away_the_request_past_the_line() -> None:
    gate = GenerationGate(concurrency=1, max_waiting=1)
    release = asyncio.Event()

    async def hold() -> None:
        async with gate.slot():
            await release.wait()

    running = asyncio.create_task(hold())
    waiting = asyncio.create_task(hold())
    await asyncio.sleep(0.01)
    assert (gate.running, gate.waiting) == (1, 1)
    with pytest.raises(Busy) as busy:
        async with gate.slot():
            pass
    assert busy.value.retry_after >= 1
    release.set()
    await asyncio.gather(running, waiting)
    assert (gate.running, gate.waiting) == (0, 0)
    async with gate.slot():  # free again
        assert gate.running == 1


async def test_a_full_line_answers_503_with_retry_after(make_app: Any) -> None:
    llm, chat = slow_backend()
    app = make_app(llm, draft_queue=0, draft_timeout_s=30.0)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://voix") as client:
        first = asyncio.create_task(client.post("/v1/drafts/reply", json=COMMENT, headers=AUTH))
        while not chat._started.is_set():
            await asyncio.sleep(0.01)
        second = await client.post("/v1/drafts/reply", json=COMMENT, headers=AUTH)
        assert second.status_code == 503
        assert second.headers["content-type"].startswith("application/problem+json")
        assert int(second.headers["retry-after"]) >= 1
        assert second.json()["running"] == 1
        health = await client.get("/health")
        assert health.status_code == 200  # the line never blocks the rest of the API
        first.cancel()


async def test_a_draft_past_its_time_limit_is_a_504_and_stops_the_model(make_app: Any) -> None:
    llm, chat = slow_backend()
    # The limit covers the whole draft: it must leave the work before the model (embedding,
    # triage, retrieval, and loading the language detector in a fresh process) room to end.
    app = make_app(llm, draft_timeout_s=5.0)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://voix") as client:
        response = await client.post("/v1/drafts/reply", json=COMMENT, headers=AUTH, timeout=20)
        assert response.status_code == 504
        assert "VOIX_DRAFT_TIMEOUT" in response.json()["detail"]
        assert chat._started.is_set()
        assert await asyncio.to_thread(chat._stopped.wait, 5)
        # the place in line was given back
        chat._started.clear()
        chat._stopped.clear()
        streamed = await client.post("/v1/drafts/reply", json=COMMENT, headers=SSE, timeout=20)
    assert streamed.status_code == 200
    assert "event: token" in streamed.text
    events = streamed.text.replace("\r\n", "\n").rstrip().split("\n\n")
    assert events[-1].startswith("event: error")
    assert "timed out" in streamed.text
    assert await asyncio.to_thread(chat._stopped.wait, 5)


def open_request(base_url: str, headers: dict[str, str]) -> socket.socket:
    """Send a draft request on a raw socket, which the test can close at the moment it likes."""
    host, port = base_url.removeprefix("http://").split(":")
    body = json.dumps(COMMENT).encode()
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    conn = socket.create_connection((host, int(port)), timeout=10)
    conn.sendall(
        f"POST /v1/drafts/reply HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n{head}\r\n".encode()
        + body
    )
    return conn


@pytest.mark.parametrize("headers", [AUTH, SSE], ids=["json", "sse"])
def test_a_client_that_hangs_up_stops_its_generation(
    make_app: Any, serve: Any, headers: dict[str, str]
) -> None:
    llm, chat = slow_backend()
    base_url = serve(make_app(llm, draft_timeout_s=60.0, draft_queue=0))

    conn = open_request(base_url, headers)
    assert chat._started.wait(30), "the model never started"
    time.sleep(0.2)  # a few tokens in
    assert not chat._stopped.is_set()
    conn.close()  # the client goes away
    assert chat._stopped.wait(5), "the generation kept running after the client left"

    # and the model's place is given back (the line holds none, so a leak would be a 503);
    # the release follows the model's stop by a few event-loop turns, hence the retries
    chat._started.clear()
    chat._stopped.clear()
    deadline = time.monotonic() + 20
    conn = open_request(base_url, AUTH)
    while not chat._started.wait(0.05):
        assert time.monotonic() < deadline, "the model's place was never given back"
        if select.select([conn], [], [], 0)[0]:  # answered at once: busy, try again
            assert b" 503 " in conn.recv(200)
            conn.close()
            conn = open_request(base_url, AUTH)
    conn.close()
    assert chat._stopped.wait(5)


async def test_closing_a_draft_between_two_tokens_closes_the_models_stream_at_once(
    make_app: Any,
) -> None:
    """A client gone while the model's stream sits between two tokens: the model's stream
    (for a model server, its connection) is closed by the close itself, not later by the
    garbage collector, so the model stops now."""
    llm, chat = slow_backend()
    services = make_app(llm).state.services
    stream = services.replies.stream(ReplyRequest(**COMMENT))
    async for event in stream:
        if event.event == "token":
            break
    assert not chat._stopped.is_set()
    await stream.aclose()
    assert chat._stopped.is_set()
