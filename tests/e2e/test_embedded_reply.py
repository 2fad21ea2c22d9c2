"""End to end with the real embedded model (SmolLM2 through llama.cpp), the real embedder
and real Chroma: in-process through the API, and as a user does it with the `voix` command."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from server.llm import LLMBackend
from tests.conftest import AUTH, DEMO_BRAND

pytestmark = pytest.mark.slow
VOIX = [sys.executable, "-m", "voix"]


async def test_api_reply_with_the_embedded_model_is_grounded_and_fits_x(
    client_for: Any, embedded_llm: LLMBackend
) -> None:
    client = await client_for(embedded_llm)
    response = await client.post(
        "/v1/drafts/reply",
        json={
            "brand": "ondine",
            "platform": "x",
            "comment": "My order is 10 days late and nobody answers my emails. Not happy.",
        },
        headers=AUTH,
        timeout=120,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    (draft,) = body["drafts"]
    assert body["language"] == "en"
    assert draft["text"].strip()
    assert 0 < draft["chars"] <= draft["limit"] == 280
    assert any(s["kind"] == "faq" for s in draft["sources"])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("cli-home")
    return {
        **os.environ,
        "VOIX_HOME": str(home),
        "VOIX_PORT": str(_free_port()),
        "VOIX_LLM": "llamacpp",
        "VOIX_TOKEN": "",
    }


def voix(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*VOIX, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def synced(cli_env: dict[str, str]) -> dict[str, Any]:
    """`voix kb sync` the demo brand, as `make run` does first."""
    result = voix(cli_env, "kb", "sync", str(DEMO_BRAND), "--json")
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    assert report["brand"] == "ondine" and report["counts"]["faq"]["added"] >= 30
    return report


@pytest.fixture(scope="module")
def served(cli_env: dict[str, str], synced: dict[str, Any]) -> Iterator[str]:
    """Then `voix serve`, as `make run` does next."""
    process = subprocess.Popen(
        [*VOIX, "serve"],
        env=cli_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{cli_env['VOIX_PORT']}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail(f"voix serve did not start: {process.communicate()[0]}")
    yield base
    process.terminate()
    process.wait(timeout=30)


def test_search_from_the_cli_finds_the_french_delivery_faq(
    cli_env: dict[str, str], synced: dict[str, Any]
) -> None:
    result = voix(cli_env, "kb", "search", "ondine", "délais de livraison", "--k", "3", "--json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits[0]["kind"] == "faq" and hits[0]["source"] == "faq/faq-fr.md"


def test_served_api_drafts_a_grounded_reply_with_the_printed_token(
    served: str, cli_env: dict[str, str]
) -> None:
    token = voix(cli_env, "token").stdout.strip()
    health = httpx.get(f"{served}/health").json()
    assert health["backend"] == "llamacpp" and health["brands"] == 1
    unauthorized = httpx.post(f"{served}/v1/drafts/reply", json={})
    assert unauthorized.status_code == 401
    response = httpx.post(
        f"{served}/v1/drafts/reply",
        json={"brand": "ondine", "platform": "x", "comment": "Livrez-vous en Belgique ?"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=120,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["language"] == "fr"
    (draft,) = body["drafts"]
    assert draft["text"] and draft["chars"] <= 280 and draft["sources"]


def test_cli_draft_goes_through_the_running_server(served: str, cli_env: dict[str, str]) -> None:
    result = voix(
        cli_env,
        "draft",
        "reply",
        "--brand",
        "ondine",
        "--platform",
        "x",
        "--json",
        "Do you have decaf?",
    )
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["drafts"][0]["text"] and body["drafts"][0]["chars"] <= 280


def test_cli_sync_and_search_go_through_the_server_that_owns_the_index(
    served: str, cli_env: dict[str, str], synced: dict[str, Any]
) -> None:
    result = voix(cli_env, "kb", "sync", str(DEMO_BRAND), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert all(c["added"] == c["removed"] == 0 for c in report["counts"].values())
    total = sum(c["added"] for c in synced["counts"].values())
    assert sum(c["unchanged"] for c in report["counts"].values()) == total

    token = voix(cli_env, "token").stdout.strip()
    detail = httpx.get(
        f"{served}/v1/brands/ondine", headers={"Authorization": f"Bearer {token}"}
    ).json()
    assert sum(detail["counts"].values()) == total, "the index stays complete and readable"

    found = voix(cli_env, "kb", "search", "ondine", "abonnement pause", "--json")
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)[0]["kind"] in {"faq", "post", "reply", "guideline"}

    history = voix(cli_env, "kb", "history", "ondine", "--json")
    actors = [e["actor"] for e in json.loads(history.stdout)]
    # newest first: through the server, the caller is the token holder, not a claimed name
    assert len(actors) == 2 and actors[1].endswith("via cli")
    assert actors[0].startswith("api sync (bearer token, from 127.0.0.1")
