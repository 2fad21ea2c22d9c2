"""One client for every OpenAI-compatible server: llama.cpp's `llama-server`, vLLM, LM Studio,
Ollama's `/v1`, a team's GPU box, and the embedded model's own process.

LangChain's `BaseChatOpenAI` rather than `ChatOpenAI`: the latter renames `max_tokens` to
`max_completion_tokens`, which OpenAI's own API wants and most local servers ignore (they
would then generate to the end of their context). Around it, what a draft needs:
- every failure of the server or of the connection becomes `BackendUnavailable`, with
  `retry_after` when the server is expected back (a 503 problem, or an `error` event);
- no retries inside the client: the API's own line and time limit decide;
- for the embedded model, each call first waits (within the caller's time limit) for its
  supervised process to be ready, so a draft that arrives during a restart is served.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import openai
from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from langchain_openai.chat_models.base import BaseChatOpenAI
from pydantic import Field

from server.llm.errors import BackendUnavailable
from server.llm.supervisor import ModelSupervisor

READY_WAIT_S = 60.0
"""How long a draft waits for the embedded model to come back; the draft's own time limit
(`VOIX_DRAFT_TIMEOUT`) still applies around it."""
REMOTE_RETRY_S = 5
_NO_READ_LIMIT = httpx.Timeout(None, connect=10.0)
"""A draft may take long between tokens on a slow CPU; the draft's time limit bounds it."""


class OpenAICompatChat(BaseChatOpenAI):
    supervisor: ModelSupervisor | None = Field(default=None, exclude=True)
    """Set for the embedded model: the process this client talks to."""
    server_name: str = "the OpenAI-compatible server"

    @property
    def _llm_type(self) -> str:
        return "openai-compatible"

    def _unavailable(self, exc: BaseException) -> BackendUnavailable:
        if self.supervisor is not None:
            return self.supervisor.unavailable(during_draft=True)
        model = self.model_name
        if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            return BackendUnavailable(
                f"{self.server_name} refused Voix's key ({exc.status_code}): set "
                "VOIX_OPENAI_API_KEY to a key it accepts."
            )
        if isinstance(exc, openai.NotFoundError):
            return BackendUnavailable(
                f"{self.server_name} has no model {model!r} (404): check VOIX_LLM=openai:MODEL "
                "against its /v1/models."
            )
        if isinstance(exc, openai.BadRequestError):
            return BackendUnavailable(f"{self.server_name} refused the request: {exc.message}")
        if isinstance(exc, openai.APIStatusError):
            return BackendUnavailable(
                f"{self.server_name} answered {exc.status_code}: {exc.message}",
                retry_after=REMOTE_RETRY_S,
            )
        return BackendUnavailable(
            f"{self.server_name} stopped answering ({type(exc).__name__}: {exc}); check that it "
            "runs, then ask again.",
            retry_after=REMOTE_RETRY_S,
        )

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        if self.supervisor is not None:
            self.supervisor.wait_ready(READY_WAIT_S)
        try:
            return super()._generate(messages, stop, run_manager, **kwargs)
        except (openai.APIError, httpx.HTTPError) as exc:
            raise self._unavailable(exc) from exc

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        if self.supervisor is not None:
            self.supervisor.wait_ready(READY_WAIT_S)
        try:
            yield from super()._stream(messages, stop, run_manager, **kwargs)
        except (openai.APIError, httpx.HTTPError) as exc:
            raise self._unavailable(exc) from exc

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        if self.supervisor is not None:
            await self.supervisor.ready(READY_WAIT_S)
        try:
            return await super()._agenerate(messages, stop, run_manager, **kwargs)
        except (openai.APIError, httpx.HTTPError) as exc:
            raise self._unavailable(exc) from exc

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        if self.supervisor is not None:
            await self.supervisor.ready(READY_WAIT_S)
        try:
            async for chunk in super()._astream(messages, stop, run_manager, **kwargs):
                yield chunk
        except (openai.APIError, httpx.HTTPError) as exc:
            raise self._unavailable(exc) from exc


def over_socket(
    supervisor: ModelSupervisor, model: str, max_tokens: int, temperature: float
) -> OpenAICompatChat:
    """The client of the embedded model's process, over its private Unix socket."""
    path = str(supervisor.socket_path)
    timeout = _NO_READ_LIMIT
    return OpenAICompatChat(
        model=model,
        base_url="http://voix-model/v1",
        api_key=supervisor.key,  # type: ignore[arg-type]
        max_tokens=max_tokens,
        temperature=temperature,
        max_retries=0,
        stream_usage=True,
        http_client=httpx.Client(transport=httpx.HTTPTransport(uds=path), timeout=timeout),
        http_async_client=httpx.AsyncClient(
            transport=httpx.AsyncHTTPTransport(uds=path), timeout=timeout
        ),
        supervisor=supervisor,
        server_name="the embedded model",
    )


def over_http(
    base_url: str, model: str, api_key: str | None, max_tokens: int, temperature: float
) -> OpenAICompatChat:
    """The client of a server someone else runs, e.g. `llama-server` or vLLM."""
    return OpenAICompatChat(
        model=model,
        base_url=base_url,
        api_key=api_key or "none",  # type: ignore[arg-type]  # local servers want none
        max_tokens=max_tokens,
        temperature=temperature,
        max_retries=0,
        # Our own clients, as over the socket: the timeout type the openai package accepts
        # changes between its releases (httpx, then httpx2); a client it is handed does not.
        http_client=httpx.Client(timeout=_NO_READ_LIMIT),
        http_async_client=httpx.AsyncClient(timeout=_NO_READ_LIMIT),
        server_name=f"the OpenAI-compatible server at {base_url}",
    )


def served_models(base_url: str, api_key: str | None, timeout: float = 2.0) -> list[str] | None:
    """The model ids at `base_url`/models, or None when the server does not answer."""
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    try:
        response = httpx.get(f"{base_url.rstrip('/')}/models", headers=headers, timeout=timeout)
        response.raise_for_status()
        return [str(m.get("id", "")) for m in response.json().get("data", [])]
    except (httpx.HTTPError, ValueError, AttributeError):
        return None
