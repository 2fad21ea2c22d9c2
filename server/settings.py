"""One typed settings object, read from the environment once."""

from __future__ import annotations

import math
import os
from functools import lru_cache
from pathlib import Path

import msgspec
from platformdirs import user_data_dir

from knowledge.limits import DEFAULT_LIMITS, Limits

DEFAULT_OLLAMA_MODEL = "qwen2.5:7b"
DEFAULT_OPENAI_BASE_URL = "http://127.0.0.1:8080/v1"
"""Where llama.cpp's `llama-server` listens by default."""
EXTENSION_ORIGIN = "chrome-extension://fjddooaohiafahfngenhmpmkfadlphdc"
"""The Voix extension's fixed ID (its manifest carries the matching public key)."""


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    home: Path
    host: str = "127.0.0.1"
    port: int = 8765
    llm: str = "auto"
    """`auto`, `ollama:MODEL`, `openai:MODEL` or `llamacpp[:PATH]`."""
    ollama_host: str = "http://127.0.0.1:11434"
    ollama_model: str = DEFAULT_OLLAMA_MODEL
    """The model `auto` looks for in Ollama before falling back to the embedded one."""
    openai_base_url: str | None = None
    """An OpenAI-compatible server (llama-server, vLLM, LM Studio, Ollama's /v1), e.g.
    `http://127.0.0.1:8080/v1`; `auto` tries it only when it is set."""
    openai_api_key: str | None = None
    embedding_model: str | None = None
    """A sentence-transformers model name or path; None uses the offline copy shipped on PyPI."""
    chroma_url: str | None = None
    """A shared Chroma server (`chroma run`); None keeps the index embedded in `home`."""
    token: str | None = None
    """Overrides the token stored in `home`."""
    reply_writing: str = "auto"
    """`composed` (replies made of the brand's own sentences, the model writes none),
    `free` (the model writes, the composition replaces a draft a check rejects), or `auto`:
    composed with the embedded model, free with Ollama or an OpenAI-compatible server."""
    post_writing: str = "auto"
    """The same choice for posts and trend adaptations: `composed` (the brief's own words and
    the brand's FAQ sentences), `free` (the model writes; the composition replaces a draft that
    misses the brief's facts or fails a check), or `auto` (composed with the embedded model)."""
    max_new_tokens: int = 160
    llm_threads: int = 0
    """CPU threads for the embedded model; 0 uses every core. Fewer leave a core to the API."""
    llm_cache_mb: int = 256
    """RAM the embedded model keeps for evaluated prompt prefixes (one brand's is ~20 MB)."""
    draft_concurrency: int = 1
    """Drafts generated at once; the embedded model does one at a time."""
    draft_queue: int = 4
    """Drafts allowed to wait for the model; more are turned away with 503 and Retry-After."""
    draft_timeout_s: float = 180.0
    """A draft running longer is cancelled (504, or an `error` event when streaming)."""
    max_upload_bytes: int = 10 * 1024 * 1024
    max_body_bytes: int = 256 * 1024
    """Largest request body on every route but uploads (those have `max_upload_bytes`)."""
    allowed_origins: tuple[str, ...] = (EXTENSION_ORIGIN,)
    """Browser origins allowed to call the API (CORS); any other `Origin` gets a 403."""
    rate_limit: int = 120
    """Requests per token (per client without a valid token) in `rate_period_s`; 0 disables."""
    rate_period_s: float = 60.0
    debug_log: bool = False
    """Log query strings and request bodies (comment text included); off by default."""
    pairing_ttl_s: float = 300.0
    """How long a `voix pair` code stays valid."""
    trusted_proxies: tuple[str, ...] = ()
    """Addresses (or networks) of reverse proxies whose `X-Forwarded-For` is believed; none by
    default, so a caller cannot pick its own address (rate limit, audit log)."""
    header_timeout_s: float = 10.0
    """A connection must send a request head within this time, and a body may not stall
    longer than this between two reads; else it is closed."""
    idle_timeout_s: float = 5.0
    """An idle keep-alive connection is closed after this time."""
    limits: Limits = DEFAULT_LIMITS
    """What reading one brand file may cost (`VOIX_MAX_FILE_MB`...); a file over a limit is a
    failed file in a sync, a 413 on upload."""

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        rate_limit, rate_period_s = _rate_limit(env.get("VOIX_RATE_LIMIT"))
        return cls(
            home=Path(env.get("VOIX_HOME") or user_data_dir("voix", appauthor=False)).expanduser(),
            host=env.get("VOIX_HOST", "127.0.0.1"),
            port=_int(env, "VOIX_PORT", 8765),
            llm=env.get("VOIX_LLM", "auto") or "auto",
            ollama_host=_with_scheme(env.get("OLLAMA_HOST") or "127.0.0.1:11434"),
            ollama_model=env.get("VOIX_OLLAMA_MODEL", DEFAULT_OLLAMA_MODEL),
            openai_base_url=(env.get("VOIX_OPENAI_BASE_URL") or "").rstrip("/") or None,
            openai_api_key=env.get("VOIX_OPENAI_API_KEY") or None,
            embedding_model=env.get("VOIX_EMBEDDING_MODEL") or None,
            chroma_url=env.get("VOIX_CHROMA_URL") or None,
            token=env.get("VOIX_TOKEN") or None,
            reply_writing=_choice(env, "VOIX_REPLY_WRITING", ("auto", "composed", "free")),
            post_writing=_choice(env, "VOIX_POST_WRITING", ("auto", "composed", "free")),
            llm_threads=max(0, _int(env, "VOIX_LLM_THREADS", 0)),
            llm_cache_mb=max(0, _int(env, "VOIX_LLM_CACHE_MB", 256)),
            draft_concurrency=max(1, _int(env, "VOIX_DRAFT_CONCURRENCY", 1)),
            draft_queue=max(0, _int(env, "VOIX_DRAFT_QUEUE", 4)),
            draft_timeout_s=float(_int(env, "VOIX_DRAFT_TIMEOUT", 180)),
            max_upload_bytes=_int(env, "VOIX_MAX_UPLOAD_BYTES", 10 * 1024 * 1024),
            max_body_bytes=_int(env, "VOIX_MAX_BODY_BYTES", 256 * 1024),
            allowed_origins=_origins(env.get("VOIX_ALLOWED_ORIGINS")),
            rate_limit=rate_limit,
            rate_period_s=rate_period_s,
            debug_log=env.get("VOIX_DEBUG_LOG", "").lower() in {"1", "true", "yes", "on"},
            pairing_ttl_s=float(_int(env, "VOIX_PAIRING_TTL", 300)),
            trusted_proxies=_list(env.get("VOIX_TRUSTED_PROXIES")),
            header_timeout_s=float(max(1, _int(env, "VOIX_HEADER_TIMEOUT", 10))),
            idle_timeout_s=float(max(1, _int(env, "VOIX_IDLE_TIMEOUT", 5))),
            limits=_limits(env),
        )


def _int(env: dict[str, str], name: str, default: int) -> int:
    try:
        return int(env.get(name) or default)
    except ValueError as exc:
        raise ValueError(f"{name} must be an integer, got {env[name]!r}") from exc


def _limits(env: dict[str, str]) -> Limits:
    default = DEFAULT_LIMITS
    return Limits(
        file_mb=_positive(env, "VOIX_MAX_FILE_MB", default.file_mb),
        expanded_mb=_positive(env, "VOIX_MAX_EXPANDED_MB", default.expanded_mb),
        elements=int(_positive(env, "VOIX_MAX_ELEMENTS", default.elements)),
        depth=int(_positive(env, "VOIX_MAX_DEPTH", default.depth)),
        yaml_alias_mb=_positive(env, "VOIX_MAX_YAML_ALIAS_MB", default.yaml_alias_mb),
        parse_s=_positive(env, "VOIX_MAX_PARSE_S", default.parse_s),
        parse_mb=_positive(env, "VOIX_MAX_PARSE_MB", default.parse_mb),
    )


def _positive(env: dict[str, str], name: str, default: float) -> float:
    try:
        value = float(env.get(name) or default)
    except ValueError as exc:
        raise ValueError(f"{name} must be a number, got {env[name]!r}") from exc
    if not (value > 0 and math.isfinite(value)):
        raise ValueError(f"{name} must be a number above 0, got {env[name]!r}")
    return value


def _choice(env: dict[str, str], name: str, choices: tuple[str, ...]) -> str:
    value = (env.get(name) or choices[0]).strip().lower()
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, got {env[name]!r}")
    return value


def _origins(value: str | None) -> tuple[str, ...]:
    if value is None:
        return (EXTENSION_ORIGIN,)
    return tuple(o.strip().rstrip("/") for o in value.split(",") if o.strip())


def _list(value: str | None) -> tuple[str, ...]:
    return tuple(item.strip() for item in (value or "").split(",") if item.strip())


PERIODS = {"second": 1.0, "minute": 60.0, "hour": 3600.0}


def _rate_limit(value: str | None) -> tuple[int, float]:
    """`120/minute` (also `/second`, `/hour`); `0` or `off` disables the limit."""
    text = (value or "120/minute").strip().lower()
    if text in {"0", "off", "none"}:
        return 0, 60.0
    count, _, unit = text.partition("/")
    try:
        return max(0, int(count)), PERIODS[unit.strip() or "minute"]
    except (ValueError, KeyError) as exc:
        raise ValueError(
            f"VOIX_RATE_LIMIT must look like 120/minute (or /second, /hour, or off), got {value!r}"
        ) from exc


def _with_scheme(host: str) -> str:
    """Ollama itself accepts `OLLAMA_HOST=0.0.0.0:11434`; an HTTP client needs a scheme."""
    return host if "://" in host else f"http://{host}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_env()
