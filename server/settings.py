"""One typed settings object, read from the environment once."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import msgspec
from platformdirs import user_data_dir

DEFAULT_OLLAMA_MODEL = "qwen2.5:7b"


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    home: Path
    host: str = "127.0.0.1"
    port: int = 8765
    llm: str = "auto"
    """`auto`, `ollama:MODEL` or `llamacpp[:PATH]`."""
    ollama_host: str = "http://127.0.0.1:11434"
    ollama_model: str = DEFAULT_OLLAMA_MODEL
    """The model `auto` looks for in Ollama before falling back to the embedded one."""
    embedding_model: str | None = None
    """A sentence-transformers model name or path; None uses the offline copy shipped on PyPI."""
    chroma_url: str | None = None
    """A shared Chroma server (`chroma run`); None keeps the index embedded in `home`."""
    token: str | None = None
    """Overrides the token stored in `home`."""
    max_new_tokens: int = 160
    max_upload_bytes: int = 10 * 1024 * 1024

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        return cls(
            home=Path(env.get("VOIX_HOME") or user_data_dir("voix", appauthor=False)).expanduser(),
            host=env.get("VOIX_HOST", "127.0.0.1"),
            port=_int(env, "VOIX_PORT", 8765),
            llm=env.get("VOIX_LLM", "auto") or "auto",
            ollama_host=_with_scheme(env.get("OLLAMA_HOST") or "127.0.0.1:11434"),
            ollama_model=env.get("VOIX_OLLAMA_MODEL", DEFAULT_OLLAMA_MODEL),
            embedding_model=env.get("VOIX_EMBEDDING_MODEL") or None,
            chroma_url=env.get("VOIX_CHROMA_URL") or None,
            token=env.get("VOIX_TOKEN") or None,
            max_upload_bytes=_int(env, "VOIX_MAX_UPLOAD_BYTES", 10 * 1024 * 1024),
        )


def _int(env: dict[str, str], name: str, default: int) -> int:
    try:
        return int(env.get(name) or default)
    except ValueError as exc:
        raise ValueError(f"{name} must be an integer, got {env[name]!r}") from exc


def _with_scheme(host: str) -> str:
    """Ollama itself accepts `OLLAMA_HOST=0.0.0.0:11434`; an HTTP client needs a scheme."""
    return host if "://" in host else f"http://{host}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_env()
