"""`voix doctor`: every check says what it found and what to do, and the exit code tells
whether drafting can work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.sync import SyncReport
from server.doctor import blocking_failures, check_extension, check_token, run_checks
from server.pairing import record_pairing
from server.security import write_token
from server.settings import Settings

VOIX = str(Path(sys.executable).with_name("voix"))


def doctor(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [VOIX, "doctor", *args],
        env={**os.environ, "VOIX_TOKEN": "", **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
def test_a_working_voix_is_green_and_says_what_it_found(
    demo_home: Path, demo_sync: SyncReport
) -> None:
    """The demo brand synced, the embedded model: every blocking check passes."""
    result = doctor(
        {"VOIX_HOME": str(demo_home), "VOIX_LLM": "llamacpp"},
        "--json",
        "--only",
        "python",
        "--only",
        "cpu",
        "--only",
        "model",
        "--only",
        "brands",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    checks = {c["name"]: c for c in json.loads(result.stdout)}
    assert all(c["ok"] for c in checks.values())
    assert "first token" in checks["model"]["detail"] and checks["model"]["seconds"] > 0
    assert "extra buffer types" in checks["cpu"]["detail"]
    assert "ondine" in checks["brands"]["detail"]


def test_a_model_that_does_not_load_fails_the_doctor_with_what_to_do(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"not a model")
    result = doctor(
        {"VOIX_HOME": str(tmp_path / "home"), "VOIX_LLM": f"llamacpp:{broken}"},
        "--only",
        "model",
        "--json",
    )
    assert result.returncode == 1
    [check] = json.loads(result.stdout)
    assert check["name"] == "model" and not check["ok"] and check["blocking"]
    assert "could not start" in check["detail"] and check["fix"]
    assert "Traceback" not in result.stderr


def test_no_brand_blocks_drafting_and_says_how_to_sync(tmp_path: Path) -> None:
    checks = run_checks(Settings(home=tmp_path), ["brands"])
    assert [c.name for c in blocking_failures(checks)] == ["brands"]
    assert checks[0].fix is not None and "voix kb sync" in checks[0].fix


def test_a_token_others_can_read_is_reported_with_the_fix(tmp_path: Path) -> None:
    write_token(tmp_path)
    assert check_token(Settings(home=tmp_path)).ok
    (tmp_path / "token").chmod(0o644)
    check = check_token(Settings(home=tmp_path))
    assert not check.ok and check.fix == f"chmod 600 {tmp_path / 'token'}"


def test_the_extension_is_known_paired_until_the_token_changes(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    assert "never paired" in check_extension(settings).detail
    record_pairing(tmp_path, write_token(tmp_path))
    assert check_extension(settings).ok
    write_token(tmp_path)  # `voix token --rotate`
    rotated = check_extension(settings)
    assert not rotated.ok and rotated.fix == "pair again: `voix pair`"


def test_an_explicit_backend_that_is_down_fails_the_model_check(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, llm="openai:qwen", openai_base_url="http://127.0.0.1:9/v1")
    [check] = run_checks(settings, ["model"])
    assert not check.ok and check.blocking and check.fix and "llama-server" in check.fix


def test_unknown_checks_are_refused_with_the_list(tmp_path: Path) -> None:
    result = doctor({"VOIX_HOME": str(tmp_path)}, "--only", "gpu")
    assert result.returncode == 1 and "python, cpu, model" in result.stderr
