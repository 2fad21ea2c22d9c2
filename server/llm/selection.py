"""Pick the backend named by `VOIX_LLM`: Ollama in production, llama.cpp embedded by default."""

from __future__ import annotations

import httpx
import msgspec
from langchain_core.language_models.chat_models import BaseChatModel

from server.llm.errors import BackendUnavailable
from server.llm.llamacpp import LlamaCppChat, shipped_model_path
from server.settings import Settings

TEMPERATURE = 0.3


class LLMBackend(msgspec.Struct, frozen=True):
    chat: BaseChatModel
    backend: str
    """`ollama`, `llamacpp` or `fake` (tests)."""
    model: str


def ollama_models(host: str, timeout: float = 1.5) -> list[str] | None:
    """Models pulled into the Ollama at `host`, or None when it does not answer."""
    try:
        response = httpx.get(f"{host.rstrip('/')}/api/tags", timeout=timeout)
        response.raise_for_status()
    except (httpx.HTTPError, ValueError):
        return None
    return [m.get("name", "") for m in response.json().get("models", [])]


def _has_model(pulled: list[str], model: str) -> bool:
    wanted = model if ":" in model else f"{model}:latest"
    return wanted in pulled or model in pulled


def build_ollama(settings: Settings, model: str) -> LLMBackend:
    pulled = ollama_models(settings.ollama_host)
    if pulled is None:
        raise BackendUnavailable(
            f"Ollama does not answer at {settings.ollama_host}: run `ollama serve` "
            "(or set OLLAMA_HOST), or use the embedded model with VOIX_LLM=llamacpp."
        )
    if not _has_model(pulled, model):
        raise BackendUnavailable(
            f"Ollama at {settings.ollama_host} does not have {model!r}: run `ollama pull {model}`."
        )
    from langchain_ollama import ChatOllama

    chat = ChatOllama(
        model=model,
        base_url=settings.ollama_host,
        temperature=TEMPERATURE,
        num_predict=settings.max_new_tokens * 2,
    )
    return LLMBackend(chat, "ollama", model)


def build_llamacpp(settings: Settings, path: str | None) -> LLMBackend:
    model_path = path or str(shipped_model_path())
    chat = LlamaCppChat(
        model_path=model_path,
        max_tokens=settings.max_new_tokens,
        temperature=TEMPERATURE,
        n_threads=settings.llm_threads or None,
    )
    name = "SmolLM2-135M-Instruct" if path is None else model_path
    return LLMBackend(chat, "llamacpp", name)


def build_backend(settings: Settings) -> LLMBackend:
    kind, _, arg = settings.llm.partition(":")
    kind = kind.strip().lower()
    if kind == "ollama":
        return build_ollama(settings, arg or settings.ollama_model)
    if kind == "llamacpp":
        return build_llamacpp(settings, arg or None)
    if kind == "auto":
        pulled = ollama_models(settings.ollama_host, timeout=0.5)
        if pulled is not None and _has_model(pulled, settings.ollama_model):
            return build_ollama(settings, settings.ollama_model)
        return build_llamacpp(settings, None)
    raise BackendUnavailable(
        f"VOIX_LLM={settings.llm!r} is not understood: use auto, ollama:MODEL, "
        "llamacpp or llamacpp:/path/to/model.gguf."
    )
