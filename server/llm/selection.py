"""Pick the backend named by `VOIX_LLM`: Ollama or an OpenAI-compatible server in production,
the embedded llama.cpp model, in its own supervised process, by default.

`auto` takes the first that answers with its model: Ollama with `VOIX_OLLAMA_MODEL`, then the
OpenAI-compatible server at `VOIX_OPENAI_BASE_URL` (only when that is set) with its first
model, then the embedded model.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import msgspec
from langchain_core.language_models.chat_models import BaseChatModel

from server.llm.errors import BackendUnavailable
from server.llm.openai_chat import over_http, over_socket, served_models
from server.llm.shipped_model import SHIPPED_MODEL_NAME, shipped_model_path
from server.llm.supervisor import ModelStatus, ModelSupervisor, RunnerSpec
from server.settings import DEFAULT_OPENAI_BASE_URL, Settings

TEMPERATURE = 0.3
EXTERNAL = ModelStatus(state="external", restarts=0, pid=None, last_exit=None)
"""The status of a model that another program (Ollama, a server) runs: not ours to watch."""


class LLMBackend(msgspec.Struct, frozen=True):
    chat: BaseChatModel
    backend: str
    """`ollama`, `openai`, `llamacpp` or `fake` (tests)."""
    model: str
    supervisor: ModelSupervisor | None = None
    """The embedded model's process, when Voix runs the model itself."""
    writes_replies: bool = True
    """Whether the model writes reply prose (see `Settings.reply_writing`); when False,
    replies are composed from the brand's own sentences."""
    writes_posts: bool = True
    """The same for posts and trend adaptations (`Settings.post_writing`)."""

    def status(self) -> ModelStatus:
        return self.supervisor.status() if self.supervisor is not None else EXTERNAL

    def close(self) -> None:
        if self.supervisor is not None:
            self.supervisor.stop()


def ollama_models(host: str, timeout: float = 1.5) -> list[str] | None:
    """Models pulled into the Ollama at `host`, or None when it does not answer."""
    try:
        response = httpx.get(f"{host.rstrip('/')}/api/tags", timeout=timeout)
        response.raise_for_status()
    except (httpx.HTTPError, ValueError):
        return None
    return [m.get("name", "") for m in response.json().get("models", [])]


def has_ollama_model(pulled: list[str], model: str) -> bool:
    wanted = model if ":" in model else f"{model}:latest"
    return wanted in pulled or model in pulled


def build_ollama(settings: Settings, model: str) -> LLMBackend:
    pulled = ollama_models(settings.ollama_host)
    if pulled is None:
        raise BackendUnavailable(
            f"Ollama does not answer at {settings.ollama_host}: run `ollama serve` "
            "(or set OLLAMA_HOST), or use the embedded model with VOIX_LLM=llamacpp."
        )
    if not has_ollama_model(pulled, model):
        raise BackendUnavailable(
            f"Ollama at {settings.ollama_host} does not have {model!r}: run `ollama pull {model}`."
        )
    from server.llm.ollama_chat import GuardedChatOllama

    chat = GuardedChatOllama(
        model=model,
        base_url=settings.ollama_host,
        temperature=TEMPERATURE,
        num_predict=settings.max_new_tokens * 2,
    )
    return LLMBackend(chat, "ollama", model)


def build_openai(settings: Settings, model: str | None) -> LLMBackend:
    base_url = settings.openai_base_url or DEFAULT_OPENAI_BASE_URL
    served = served_models(base_url, settings.openai_api_key)
    if served is None:
        raise BackendUnavailable(
            f"No OpenAI-compatible server answers at {base_url}/models: start it (for "
            "llama.cpp: `llama-server -m MODEL.gguf --port 8080`), or set "
            "VOIX_OPENAI_BASE_URL (and VOIX_OPENAI_API_KEY if it needs one)."
        )
    if not model:
        if not served:
            raise BackendUnavailable(f"The server at {base_url} serves no model.")
        model = served[0]
    elif served and model not in served:
        raise BackendUnavailable(
            f"The server at {base_url} does not serve {model!r}; it serves: {', '.join(served)}. "
            "Set VOIX_LLM=openai:MODEL to one of them."
        )
    chat = over_http(base_url, model, settings.openai_api_key, settings.max_new_tokens, TEMPERATURE)
    return LLMBackend(chat, "openai", model)


def build_llamacpp(settings: Settings, path: str | None) -> LLMBackend:
    """The embedded model, started in its own process; returns once it has generated."""
    model_path = shipped_model_path() if path is None else _existing(path)
    name = SHIPPED_MODEL_NAME if path is None else str(model_path)
    supervisor = ModelSupervisor(
        RunnerSpec(
            model_path=model_path,
            name=name,
            threads=settings.llm_threads,
            cache_mb=settings.llm_cache_mb,
            log_path=settings.home / "logs" / "model.log",
        )
    )
    supervisor.start()
    chat = over_socket(supervisor, name, settings.max_new_tokens, TEMPERATURE)
    return LLMBackend(chat, "llamacpp", name, supervisor)


def _existing(path: str) -> Path:
    model_path = Path(path).expanduser()
    if not model_path.is_file():
        raise BackendUnavailable(
            f"No model file at {model_path}: give the path of a GGUF file "
            "(VOIX_LLM=llamacpp:/path/to/model.gguf), or VOIX_LLM=llamacpp for the shipped one."
        )
    return model_path


def build_backend(settings: Settings) -> LLMBackend:
    backend = _build(settings)
    capable = backend.backend != "llamacpp"  # 135M parameters write no postable prose

    def writes(choice: str) -> bool:
        return capable if choice == "auto" else choice == "free"

    return msgspec.structs.replace(
        backend,
        writes_replies=writes(settings.reply_writing),
        writes_posts=writes(settings.post_writing),
    )


def _build(settings: Settings) -> LLMBackend:
    kind, _, arg = settings.llm.partition(":")
    kind = kind.strip().lower()
    if kind == "ollama":
        return build_ollama(settings, arg or settings.ollama_model)
    if kind == "openai":
        return build_openai(settings, arg or None)
    if kind == "llamacpp":
        return build_llamacpp(settings, arg or None)
    if kind == "auto":
        pulled = ollama_models(settings.ollama_host, timeout=0.5)
        if pulled is not None and has_ollama_model(pulled, settings.ollama_model):
            return build_ollama(settings, settings.ollama_model)
        if settings.openai_base_url and served_models(
            settings.openai_base_url, settings.openai_api_key, timeout=0.5
        ):
            return build_openai(settings, None)
        return build_llamacpp(settings, None)
    raise BackendUnavailable(
        f"VOIX_LLM={settings.llm!r} is not understood: use auto, ollama:MODEL, openai:MODEL, "
        "llamacpp or llamacpp:/path/to/model.gguf."
    )
