"""`VOIX_LLM=openai:MODEL` against a real OpenAI-compatible server on loopback (llama-cpp-
python's own, serving the shipped SmolLM2), not a mock: drafts stream, a hang-up and a time
limit stop the server's generation, and a server that dies mid-draft is a 503, as with
Ollama."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from server.llm import BackendUnavailable, LLMBackend, build_backend
from server.llm.shipped_model import shipped_model_path
from server.settings import Settings
from tests.conftest import AUTH, free_port
from tests.server.test_streaming import parse_events

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
SSE = {**AUTH, "Accept": "text/event-stream"}
COMMENT = {"brand": "ondine", "platform": "linkedin", "comment": "When will my order ship?"}
ALIAS = "smollm2"


class ServerProcess:
    def __init__(self, tmp: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.log_path = tmp / "llama-server.log"
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.support.llama_cpp_server",
                "--model",
                str(shipped_model_path()),
                "--model_alias",
                ALIAS,
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--n_ctx",
                "2048",
            ],
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/models", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.3)
            if self.process.poll() is not None:
                break
        self.stop()
        pytest.fail(f"llama_cpp.server did not start: {(tmp / 'llama-server.log').read_text()}")

    def quick_answer_seconds(self) -> float:
        """How long a 1-token request takes: long when an earlier generation still runs."""
        started = time.monotonic()
        response = httpx.post(
            f"{self.url}/chat/completions",
            json={"messages": [{"role": "user", "content": "Hi"}], "max_tokens": 1},
            timeout=120,
        )
        assert response.status_code == 200
        return time.monotonic() - started

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.log.close()


@pytest.fixture
def llama_server(tmp_path: Path) -> Iterator[ServerProcess]:
    server = ServerProcess(tmp_path)
    yield server
    server.stop()


def openai_backend(server: ServerProcess, tmp: Path, **changes: Any) -> LLMBackend:
    settings = Settings(
        home=tmp, llm=f"openai:{ALIAS}", openai_base_url=server.url, max_new_tokens=400
    )
    return build_backend(settings)


async def test_replies_stream_and_answer_as_json_through_the_server(
    llama_server: ServerProcess, client_for: Any, tmp_path: Path
) -> None:
    backend = openai_backend(llama_server, tmp_path)
    assert (backend.backend, backend.model, backend.status().state) == ("openai", ALIAS, "external")
    client = await client_for(backend)
    answer = await client.post("/v1/drafts/reply", json=COMMENT, headers=AUTH, timeout=300)
    assert answer.status_code == 200, answer.text
    assert answer.json()["drafts"] and answer.json()["drafts"][0]["text"].strip()
    streamed = await client.post("/v1/drafts/reply", json=COMMENT, headers=SSE, timeout=300)
    names = [name for name, _ in parse_events(streamed.text)]
    assert names[0] == "triage" and "token" in names and names[-1] == "done"
    health = (await client.get("/health")).json()
    assert health["backend"] == "openai" and health["model_status"] == "external"


def test_auto_uses_the_server_named_by_voix_openai_base_url(
    llama_server: ServerProcess, tmp_path: Path
) -> None:
    settings = Settings(
        home=tmp_path,
        llm="auto",
        ollama_host="http://127.0.0.1:9",
        openai_base_url=llama_server.url,
    )
    backend = build_backend(settings)
    assert (backend.backend, backend.model) == ("openai", ALIAS)


def test_a_model_the_server_lacks_or_a_server_that_is_down_says_what_to_do(
    llama_server: ServerProcess, tmp_path: Path
) -> None:
    wrong = Settings(home=tmp_path, llm="openai:gpt-9", openai_base_url=llama_server.url)
    with pytest.raises(BackendUnavailable, match=f"does not serve 'gpt-9'; it serves: {ALIAS}"):
        build_backend(wrong)
    down = Settings(
        home=tmp_path, llm="openai:x", openai_base_url=f"http://127.0.0.1:{free_port()}/v1"
    )
    with pytest.raises(BackendUnavailable, match="VOIX_OPENAI_BASE_URL"):
        build_backend(down)


def raw_sse_request(base: str, path: str, body: dict[str, Any]) -> socket.socket:
    host, port = base.removeprefix("http://").split(":")
    payload = json.dumps(body).encode()
    head = "".join(f"{name}: {value}\r\n" for name, value in SSE.items())
    conn = socket.create_connection((host, int(port)), timeout=120)
    conn.sendall(
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(payload)}\r\n{head}\r\n".encode()
        + payload
    )
    return conn


def test_a_client_that_hangs_up_stops_the_servers_generation(
    llama_server: ServerProcess, make_app: Any, serve: Any, tmp_path: Path
) -> None:
    """A LinkedIn post of up to 400 tokens takes the server seconds: after the hang-up, the
    server answers the next request at once, so its generation stopped."""
    base = serve(make_app(openai_backend(llama_server, tmp_path), draft_timeout_s=120.0))
    idle = llama_server.quick_answer_seconds()  # this machine's pace, whatever its load
    brief = {"brand": "ondine", "platforms": ["linkedin"], "brief": "Our new roastery in Lyon"}
    conn = raw_sse_request(base, "/v1/drafts/post", brief)
    received = b""
    while b"event: token" not in received:
        received += conn.recv(4096)
    conn.close()
    # a generation still running would hold the next answer back by seconds
    assert llama_server.quick_answer_seconds() < idle + 2.5


def test_a_draft_past_its_time_limit_frees_the_server(
    llama_server: ServerProcess, make_app: Any, serve: Any, tmp_path: Path
) -> None:
    base = serve(make_app(openai_backend(llama_server, tmp_path), draft_timeout_s=3.0))
    idle = llama_server.quick_answer_seconds()  # this machine's pace, whatever its load
    brief = {"brand": "ondine", "platforms": ["linkedin"], "brief": "Our new roastery in Lyon"}
    response = httpx.post(f"{base}/v1/drafts/post", json=brief, headers=AUTH, timeout=120)
    assert response.status_code == 504
    # Voix hung up on the server: llama_cpp.server notices it at its next token (it cannot
    # interrupt its own prompt evaluation) and stops, instead of writing 400 tokens.
    # (it notices after its prompt evaluation, which a loaded machine can stretch to a minute)
    deadline = time.monotonic() + 120
    while "Disconnected from client" not in llama_server.output():
        assert time.monotonic() < deadline, "the server never saw Voix hang up"
        time.sleep(0.2)
    # a generation still running would hold the next answer back by seconds
    assert llama_server.quick_answer_seconds() < idle + 2.5


def test_a_server_that_dies_mid_draft_is_a_503_and_an_error_event(
    llama_server: ServerProcess, make_app: Any, serve: Any, tmp_path: Path
) -> None:
    base = serve(make_app(openai_backend(llama_server, tmp_path), draft_timeout_s=120.0))
    conn = raw_sse_request(base, "/v1/drafts/reply", COMMENT)
    received = b""
    while b"event: token" not in received:
        received += conn.recv(4096)
    os.kill(llama_server.process.pid, signal.SIGKILL)
    conn.settimeout(30)
    while b"event: error" not in received and (chunk := conn.recv(4096)):
        received += chunk
    conn.close()
    events = parse_events(received.decode().split("\r\n\r\n", 1)[1])
    assert events[-1][0] == "error" and events[-1][1]["retry_after"] >= 1
    assert "stopped answering" in events[-1][1]["detail"]
    answered: dict[str, httpx.Response] = {}
    thread = threading.Thread(
        target=lambda: answered.update(
            r=httpx.post(f"{base}/v1/drafts/reply", json=COMMENT, headers=AUTH, timeout=60)
        )
    )
    thread.start()
    thread.join(60)
    assert answered["r"].status_code == 503 and int(answered["r"].headers["retry-after"]) >= 1
    assert httpx.get(f"{base}/health", timeout=10).json()["status"] == "ok"
