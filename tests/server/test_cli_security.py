"""The CLI's safety rails: loopback unless told otherwise, token rotation, pairing."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner

from server.security import load_or_create_token, token_path
from tests.conftest import TOKEN, fake_backend, free_port
from voix.cli import app

runner = CliRunner()


@pytest.mark.parametrize("how", ["flag", "env"])
def test_serve_refuses_a_non_loopback_host_without_allow_remote(tmp_path: Path, how: str) -> None:
    env = {"VOIX_HOME": str(tmp_path)}
    args = ["serve"]
    if how == "flag":
        args += ["--host", "0.0.0.0"]
    else:
        env["VOIX_HOST"] = "192.168.1.20"
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 1
    said = " ".join(result.output.split())  # rich wraps lines
    assert "--allow-remote" in said and "refusing to listen on" in said
    assert not (tmp_path / "chroma").exists()  # stopped before opening anything


def test_token_rotate_writes_a_new_private_token(tmp_path: Path) -> None:
    env = {"VOIX_HOME": str(tmp_path)}
    old = runner.invoke(app, ["token"], env=env).output.strip()
    result = runner.invoke(app, ["token", "--rotate"], env=env)
    assert result.exit_code == 0, result.output
    new = load_or_create_token(tmp_path)
    assert new != old and new in result.output and "voix pair" in " ".join(result.output.split())
    assert token_path(tmp_path).stat().st_mode & 0o077 == 0
    refused = runner.invoke(app, ["token", "--rotate"], env={**env, "VOIX_TOKEN": "x"})
    assert refused.exit_code == 1 and "VOIX_TOKEN" in refused.output


def test_pair_without_a_server_says_to_start_one(tmp_path: Path) -> None:
    env = {"VOIX_HOME": str(tmp_path), "VOIX_PORT": str(free_port())}
    result = runner.invoke(app, ["pair"], env=env)
    assert result.exit_code == 1
    said = " ".join(result.output.split())  # rich wraps lines
    assert "voix serve" in said and "make run" in said


@pytest.fixture
def serving(make_app: Any) -> Iterator[int]:
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(make_app(fake_backend("ok")), host="127.0.0.1", port=port, log_config=None)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield port
    server.should_exit = True
    thread.join(timeout=10)


def test_pair_prints_a_code_the_extension_can_trade(serving: int, tmp_path: Path) -> None:
    import httpx

    env = {"VOIX_HOME": str(tmp_path), "VOIX_PORT": str(serving), "VOIX_TOKEN": TOKEN}
    result = runner.invoke(app, ["pair"], env=env)
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "options page" in said and f"127.0.0.1:{serving}" in said
    shown = next(line for line in result.output.splitlines() if "-" in line and "│" in line)
    code = "".join(shown.replace("│", "").split())
    response = httpx.post(f"http://127.0.0.1:{serving}/v1/pair", json={"code": code})
    assert response.status_code == 200 and response.json() == {"token": TOKEN}
