"""VOIX_LLM selection against a stand-in Ollama on loopback (only its /api/tags listing)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from server.llm import BackendUnavailable, build_backend
from server.settings import Settings


@pytest.fixture
def ollama_tags() -> Iterator[str]:
    """An HTTP server that lists one pulled model, as Ollama's /api/tags does."""

    class Tags(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = json.dumps({"models": [{"name": "qwen2.5:7b"}]}).encode()
            self.send_response(200 if self.path == "/api/tags" else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Tags)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def free_port_url() -> str:
    server = HTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_port
    server.server_close()
    return f"http://127.0.0.1:{port}"


def test_explicit_ollama_that_is_down_says_to_run_ollama_serve(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, llm="ollama:llama3.2", ollama_host=free_port_url())
    with pytest.raises(BackendUnavailable, match="run `ollama serve`"):
        build_backend(settings)


def test_explicit_ollama_without_the_model_says_to_pull_it(
    tmp_path: Path, ollama_tags: str
) -> None:
    settings = Settings(home=tmp_path, llm="ollama:llama3.2", ollama_host=ollama_tags)
    with pytest.raises(BackendUnavailable, match=r"run `ollama pull llama3.2`"):
        build_backend(settings)


def test_auto_uses_ollama_when_the_model_is_pulled(tmp_path: Path, ollama_tags: str) -> None:
    settings = Settings(
        home=tmp_path, llm="auto", ollama_host=ollama_tags, ollama_model="qwen2.5:7b"
    )
    backend = build_backend(settings)
    assert (backend.backend, backend.model) == ("ollama", "qwen2.5:7b")


def test_auto_falls_back_to_the_embedded_model(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, llm="auto", ollama_host=free_port_url(), llm_threads=1)
    backend = build_backend(settings)
    try:
        assert backend.backend == "llamacpp" and backend.model == "SmolLM2-135M-Instruct"
        assert backend.supervisor is not None
        assert backend.supervisor.stats()["threads"] == 1
        assert backend.status().state == "ready"
    finally:
        backend.close()


def test_unknown_backend_names_the_valid_forms(tmp_path: Path) -> None:
    with pytest.raises(BackendUnavailable, match="ollama:MODEL"):
        build_backend(Settings(home=tmp_path, llm="gpt"))


def test_settings_come_from_the_environment(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "VOIX_HOME": str(tmp_path),
            "VOIX_PORT": "9000",
            "VOIX_LLM": "ollama:mistral",
            "OLLAMA_HOST": "0.0.0.0:11434",
            "VOIX_EMBEDDING_MODEL": "/models/multilingual",
            "VOIX_LLM_THREADS": "1",
            "VOIX_DRAFT_QUEUE": "0",
            "VOIX_DRAFT_TIMEOUT": "30",
        }
    )
    assert settings.home == tmp_path and settings.port == 9000
    assert settings.host == "127.0.0.1"
    assert settings.llm == "ollama:mistral"
    assert settings.ollama_host == "http://0.0.0.0:11434"
    assert settings.embedding_model == "/models/multilingual"
    assert (settings.llm_threads, settings.draft_queue, settings.draft_timeout_s) == (1, 0, 30.0)
    assert Settings.from_env({}).llm_threads == 0  # every core
    with pytest.raises(ValueError, match="VOIX_PORT"):
        Settings.from_env({"VOIX_PORT": "eighty"})
