"""What the API adds to the model's own time on a reply draft, and to time-to-first-token.

    .venv/bin/python bench/reply_overhead.py [--runs 8]

Serves the API with uvicorn on a loopback port (a real socket: httpx's in-process ASGI
transport buffers a whole response, which hides streaming), with the embedded SmolLM2 model
and the demo brand. For each comment it drafts one reply through `POST /v1/drafts/reply`,
recording every generation the service ran (its prompt, how many tokens came out, and how
long the model took); then it replays exactly those generations as raw streaming
`Llama.create_chat_completion` calls forced to the same token counts, with llama.cpp's prompt
cache emptied before each side so that both pay the same prompt work.
- Overhead = (API latency - raw time) / raw time; target < 2 %. Two runs of the same
  generation differ by a few per cent on a busy machine, so the script also reports the
  API's own time outside the model (latency minus the model's time inside that same request).
- Time-to-first-token: the first SSE `token` event through the API against the raw streaming
  call on the same prompt; target <= +50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import uvicorn
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import BaseMessage

from knowledge.sync import sync_brand
from server.app import create_app
from server.llm.llamacpp import LlamaCppChat
from server.services import Services
from server.settings import Settings

DEMO = Path(__file__).resolve().parents[1] / "knowledge" / "demo" / "ondine"
TOKEN = "bench-token"
COMMENTS = [
    "Do you ship to Belgium? How much is it?",
    "Ma commande a une semaine de retard, je commence à m'inquiéter.",
    "Is your decaf made with chemicals?",
    "Vos ateliers sont-ils accessibles aux débutants ?",
    "The beans I received were ground for espresso, I asked for filter.",
    "Peut-on mettre l'abonnement en pause pendant l'été ?",
    "Love the new Huila, what milk goes best with it?",
    "Why is a bag €19 now? That's a lot.",
]


class Recorder(BaseCallbackHandler):
    """Keeps each generation's messages, the number of tokens it produced and its duration."""

    def __init__(self) -> None:
        self.generations: list[tuple[list[BaseMessage], int]] = []
        self.model_seconds = 0.0
        self._current: dict[UUID, int] = {}
        self._messages: dict[UUID, list[BaseMessage]] = {}
        self._started: dict[UUID, float] = {}

    def on_chat_model_start(
        self,
        serialized: dict[str, Any],
        messages: list[list[BaseMessage]],
        *,
        run_id: UUID,
        **kwargs: Any,
    ) -> None:
        self._messages[run_id] = messages[0]
        self._current[run_id] = 0
        self._started[run_id] = time.perf_counter()

    def on_llm_new_token(self, token: str, *, run_id: UUID, **kwargs: Any) -> None:
        self._current[run_id] = self._current.get(run_id, 0) + 1

    def on_llm_end(self, response: Any, *, run_id: UUID, **kwargs: Any) -> None:
        self.model_seconds += time.perf_counter() - self._started.pop(run_id)
        self.generations.append((self._messages.pop(run_id), self._current.pop(run_id, 0)))

    def clear(self) -> None:
        self.generations.clear()
        self.model_seconds = 0.0


def raw_call(chat: LlamaCppChat, messages: list[BaseMessage], tokens: int) -> float:
    """The same prompt, streamed as the API streams it, forced to produce exactly `tokens`
    tokens; seconds taken."""
    llama = chat._llama
    started = time.perf_counter()
    for _ in llama.create_chat_completion(
        messages=chat._messages(messages),
        stream=True,
        **{**chat._params(None), "max_tokens": max(tokens, 1)},
        logit_bias={llama.token_eos(): -1e9},
    ):
        pass
    return time.perf_counter() - started


def raw_first_token(chat: LlamaCppChat, messages: list[BaseMessage]) -> float:
    chat._llama.reset()
    started = time.perf_counter()
    for part in chat._llama.create_chat_completion(
        messages=chat._messages(messages), stream=True, **chat._params(None)
    ):
        if part["choices"][0].get("delta", {}).get("content"):
            return time.perf_counter() - started
    return time.perf_counter() - started


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """The app behind uvicorn on a free loopback port, in a background thread."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", log_config=None)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


async def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(home=Path(tmp), llm="llamacpp", token=TOKEN)
        services = Services.build(settings)
        sync_brand(DEMO, services.index, services.embedder, services.registry)
        chat = services.llm.chat
        assert isinstance(chat, LlamaCppChat)
        recorder = Recorder()
        chat.callbacks = [recorder]
        app = create_app(services)
        headers = {"Authorization": f"Bearer {TOKEN}"}
        overheads, outside, api_ms, raw_ms, ttft_api, ttft_raw = [], [], [], [], [], []
        with serving(app) as base_url:
            async with httpx.AsyncClient(base_url=base_url, timeout=600) as client:
                await client.post(  # warm-up: model, embedder, BM25 indexes
                    "/v1/drafts/reply",
                    json={"brand": "ondine", "platform": "x", "comment": "hello"},
                    headers=headers,
                )
                for i in range(runs):
                    comment = COMMENTS[i % len(COMMENTS)]
                    payload = {"brand": "ondine", "platform": "x", "comment": comment}
                    recorder.clear()
                    chat._llama.reset()  # both sides start with an empty prompt cache
                    started = time.perf_counter()
                    response = await client.post("/v1/drafts/reply", json=payload, headers=headers)
                    api = time.perf_counter() - started
                    response.raise_for_status()
                    generations = list(recorder.generations)
                    outside.append((api - recorder.model_seconds) * 1000)
                    chat._llama.reset()  # then replay as the API ran them, cache and all
                    raw = sum(raw_call(chat, messages, n) for messages, n in generations)
                    api_ms.append(api * 1000)
                    raw_ms.append(raw * 1000)
                    overheads.append((api - raw) / raw * 100 if raw else 0.0)

                    chat._llama.reset()
                    started = time.perf_counter()
                    async with client.stream(
                        "POST",
                        "/v1/drafts/reply",
                        json=payload,
                        headers={**headers, "Accept": "text/event-stream"},
                    ) as stream:
                        first = None
                        async for line in stream.aiter_lines():
                            if first is None and line.startswith("event: token"):
                                first = time.perf_counter() - started
                    ttft_api.append((first or 0.0) * 1000)
                    if generations:
                        ttft_raw.append(raw_first_token(chat, generations[0][0]) * 1000)
        services.close()

    print(f"reply drafts through the API, {runs} comments (embedded SmolLM2-135M, 2 cores)")
    print(f"  API latency p50        {statistics.median(api_ms):8.0f} ms")
    print(f"  raw llama.cpp p50      {statistics.median(raw_ms):8.0f} ms (same prompts, tokens)")
    print(f"  overhead p50           {statistics.median(overheads):8.1f} %   (target < 2 %)")
    print(f"  overhead mean          {statistics.mean(overheads):8.1f} %")
    print(f"  API time outside model {statistics.median(outside):8.0f} ms p50 (same request)")
    shares = [o / (a - o) * 100 for o, a in zip(outside, api_ms, strict=True)]
    print(f"  outside / model time   {statistics.median(shares):8.1f} %")
    print(f"  SSE first token p50    {statistics.median(ttft_api):8.0f} ms")
    print(f"  raw first token p50    {statistics.median(ttft_raw):8.0f} ms")
    delta = statistics.median(ttft_api) - statistics.median(ttft_raw)
    print(f"  TTFT difference        {delta:+8.0f} ms   (target <= +50 ms)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=8)
    asyncio.run(main(parser.parse_args().runs))
