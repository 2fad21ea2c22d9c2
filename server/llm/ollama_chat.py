"""LangChain's ChatOllama, with Ollama's failures turned into `BackendUnavailable`, so that a
stopped or overloaded Ollama gives a draft a 503 problem (or an `error` event), as every
other backend does, instead of a 500."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatGenerationChunk
from langchain_ollama import ChatOllama
from ollama import ResponseError

from server.llm.errors import BackendUnavailable

RETRY_S = 5
FAILURES = (ResponseError, httpx.HTTPError, ConnectionError)


def _unavailable(exc: BaseException, base_url: str | None) -> BackendUnavailable:
    if isinstance(exc, ResponseError) and exc.status_code == 404:
        return BackendUnavailable(f"Ollama lost its model: {exc.error}. Run `ollama pull` again.")
    return BackendUnavailable(
        f"Ollama at {base_url or 'its default address'} failed during the draft "
        f"({type(exc).__name__}: {exc}); check that `ollama serve` runs, then ask again.",
        retry_after=RETRY_S,
    )


class GuardedChatOllama(ChatOllama):
    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        try:
            yield from super()._stream(messages, stop, run_manager, **kwargs)
        except FAILURES as exc:
            raise _unavailable(exc, self.base_url) from exc

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        try:
            async for chunk in super()._astream(messages, stop, run_manager, **kwargs):
                yield chunk
        except FAILURES as exc:
            raise _unavailable(exc, self.base_url) from exc
