"""The embedded model in its own supervised process, with the real SmolLM2: a `kill -9` in the
middle of a draft costs that draft only; the API keeps answering, says the model is
restarting, and the next draft succeeds. Hang-ups and time limits stop the model itself."""

from __future__ import annotations

import json
import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from server.llm import LLMBackend, build_backend
from server.settings import Settings
from tests.conftest import AUTH
from tests.server.test_streaming import parse_events

pytestmark = pytest.mark.slow
SSE = {**AUTH, "Accept": "text/event-stream"}
COMMENT = {"brand": "ondine", "platform": "linkedin", "comment": "When will my order ship?"}


@pytest.fixture
def own_model(tmp_path: Path) -> Iterator[LLMBackend]:
    """A model process of this test's own (others share one), writing long drafts."""
    # replies and posts written by the model (not composed), so that a draft runs the model
    settings = Settings(
        home=tmp_path, llm="llamacpp", max_new_tokens=400, reply_writing="free", post_writing="free"
    )
    backend = build_backend(settings)
    yield backend
    backend.close()


@pytest.fixture
def served(make_app: Any, serve: Any, own_model: LLMBackend) -> Any:
    def start(**changes: Any) -> str:
        return str(serve(make_app(own_model, **changes)))

    return start


def wait_for(condition: Any, timeout: float = 60.0, every: float = 0.02) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(every)
    raise AssertionError("timed out waiting")


def kill_model(backend: LLMBackend) -> int:
    assert backend.supervisor is not None
    pid = backend.supervisor.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    return pid


def health(base: str) -> dict[str, Any]:
    return dict(httpx.get(f"{base}/health", timeout=10).json())


def assert_the_api_answers_and_the_model_comes_back(base: str, backend: LLMBackend) -> None:
    seen = health(base)
    assert seen["status"] == "ok"
    assert seen["model_status"] in {"restarting", "ready"}
    search = httpx.get(
        f"{base}/v1/brands/ondine/search", params={"q": "delivery"}, headers=AUTH, timeout=30
    )
    assert search.status_code == 200 and search.json()["hits"]
    brands = httpx.get(f"{base}/v1/brands", headers=AUTH, timeout=10)
    assert brands.status_code == 200
    back = wait_for(lambda: (h := health(base))["model_status"] == "ready" and h)
    assert back["model_restarts"] == 1
    after = httpx.post(f"{base}/v1/drafts/reply", json=COMMENT, headers=AUTH, timeout=120)
    assert after.status_code == 200, after.text
    assert after.json()["drafts"]


def test_a_model_killed_during_a_streamed_draft_ends_it_with_an_error_event(
    served: Any, own_model: LLMBackend
) -> None:
    base = served(draft_timeout_s=120.0)
    events: list[tuple[str, Any]] = []
    killed: int | None = None
    with httpx.stream(
        "POST", f"{base}/v1/drafts/reply", json=COMMENT, headers=SSE, timeout=120
    ) as response:
        assert response.status_code == 200
        block = ""
        for line in response.iter_lines():
            block += line + "\n"
            if line:
                continue
            events.extend(parse_events(block))
            block = ""
            if killed is None and events and events[-1][0] == "token":
                killed = kill_model(own_model)
    assert killed is not None, "no token was streamed"
    names = [name for name, _ in events]
    assert names[0] == "triage" and "token" in names
    assert names[-1] == "error" and "done" not in names
    detail = events[-1][1]["detail"]
    assert "restarting" in detail
    assert events[-1][1]["retry_after"] >= 1
    supervisor = own_model.supervisor
    assert supervisor is not None
    # the restart is the supervisor's own work, begun when it saw the death: give it time
    deadline = time.monotonic() + 30
    while supervisor.pid == killed and time.monotonic() < deadline:
        time.sleep(0.1)
    assert supervisor.pid != killed
    assert_the_api_answers_and_the_model_comes_back(base, own_model)


def test_a_model_killed_during_a_json_draft_is_a_503_with_retry_after(
    served: Any, own_model: LLMBackend
) -> None:
    base = served(draft_timeout_s=120.0)
    supervisor = own_model.supervisor
    assert supervisor is not None
    answer: dict[str, httpx.Response] = {}

    def draft() -> None:
        answer["r"] = httpx.post(f"{base}/v1/drafts/reply", json=COMMENT, headers=AUTH, timeout=120)

    thread = threading.Thread(target=draft)
    thread.start()
    wait_for(lambda: supervisor.stats()["busy"])
    time.sleep(0.3)
    kill_model(own_model)
    thread.join(120)
    response = answer["r"]
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    assert int(response.headers["retry-after"]) >= 1
    body = response.json()
    assert body["type"].endswith("/backend-unavailable") and "restarting" in body["detail"]
    assert "Traceback" not in response.text
    assert_the_api_answers_and_the_model_comes_back(base, own_model)


def raw_request(base: str, body: dict[str, Any], headers: dict[str, str]) -> socket.socket:
    host, port = base.removeprefix("http://").split(":")
    payload = json.dumps(body).encode()
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    conn = socket.create_connection((host, int(port)), timeout=60)
    conn.sendall(
        f"POST /v1/drafts/reply HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(payload)}\r\n{head}\r\n".encode()
        + payload
    )
    return conn


def test_a_client_that_hangs_up_stops_the_model_within_a_token(
    served: Any, own_model: LLMBackend
) -> None:
    supervisor = own_model.supervisor
    assert supervisor is not None
    base = served(draft_timeout_s=120.0, draft_queue=0)
    before = supervisor.stats()["generations"]
    conn = raw_request(base, COMMENT, SSE)
    received = b""
    while b"event: token" not in received:
        received += conn.recv(4096)
    conn.close()  # the extension's panel was closed
    hung_up = time.monotonic()
    stats = wait_for(lambda: (s := supervisor.stats())["generations"] > before and s)
    stopped_after = time.monotonic() - hung_up
    assert not stats["busy"]
    assert stats["last"]["cancelled"] is True
    assert stats["last"]["tokens_after_cancel"] <= 1
    assert stats["last"]["completion_tokens"] < 400
    assert stopped_after < 2.0
    assert stats["pid"] == supervisor.pid  # stopped, not killed


def test_a_draft_past_its_time_limit_frees_the_model(served: Any, own_model: LLMBackend) -> None:
    """A LinkedIn post of up to 400 tokens takes the small model several seconds: the limit
    falls in the middle of its generation."""
    supervisor = own_model.supervisor
    assert supervisor is not None
    base = served(draft_timeout_s=3.0, draft_queue=0)
    brief = {"brand": "ondine", "platforms": ["linkedin"], "brief": "Our new roastery in Lyon"}
    before = supervisor.stats()["generations"]
    response = httpx.post(f"{base}/v1/drafts/post", json=brief, headers=AUTH, timeout=60)
    assert response.status_code == 504
    stopped = time.monotonic()
    stats = wait_for(lambda: (s := supervisor.stats())["generations"] > before and s, timeout=3)
    assert time.monotonic() - stopped < 2.0
    assert not stats["busy"] and stats["last"]["cancelled"] is True
    assert stats["last"]["tokens_after_cancel"] <= 1
    # the model is free at once: the next draft is served, not turned away
    after = httpx.post(f"{base}/v1/drafts/reply", json=COMMENT, headers=AUTH, timeout=60)
    assert after.status_code in {200, 504}
