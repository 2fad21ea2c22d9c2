"""Read files in a separate process bounded in time and memory, so no file can stall the API.

The readers check their own limits as they go, but a parser stuck inside one C call (lxml,
pypdf, a regular expression) checks nothing and holds the interpreter, and memory a C library
allocates is only seen once it is gone. So a sync or an upload check hands each file to a
worker process: past `Limits.parse_s` it is killed (SIGKILL), past `Limits.parse_mb` of
address space its allocations fail, and a crash is that file's failure, not the server's.

One worker serves every file of a sync and is started again only after a kill or a crash. It
is a fresh interpreter (`python -m knowledge.parsing_worker`), never a fork of the server,
whose threads a fork would copy mid-lock; nor a `multiprocessing` child, which imports the
parent's main module (the whole server, ~1.5 s) before its first file. Measured on a 200-file
brand (2 shared cores): ~0.3-0.5 s a sync, nearly all the worker's start (importing the
readers), ~0.2 ms a file after that.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from knowledge.limits import MB, Limits, megabytes
from knowledge.sources.errors import SourceError, as_source_error

T = TypeVar("T")


class ParseWorker:
    """Calls a reader on one file at a time in a worker process; use it as a context manager.

    `call` returns what the reader returned, or raises `SourceError` for the file: the
    reader's own (a limit, a malformed file, any exception it raised), or one saying it took
    too long, needed too much memory, or crashed the worker.
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._process: subprocess.Popen[bytes] | None = None
        self._conn: Connection | None = None

    def __enter__(self) -> ParseWorker:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def call(self, reader: Callable[..., T], path: Path, *args: Any) -> T:
        """`reader(path, *args)` in the worker; `reader` must be importable by name."""
        conn = self._start()
        try:
            conn.send((reader, path, args))
            if not conn.poll(self.limits.parse_s):
                self._kill()
                raise SourceError(
                    path, f"took longer than {self.limits.parse_s:g} s to read", "parse_s"
                )
            outcome, payload = conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            code = self._reap()
            raise SourceError(path, _crash_reason(code)) from exc
        if outcome == "ok":
            result: T = payload
            return result
        reason, limit = payload
        raise SourceError(path, reason, limit)

    def close(self) -> None:
        """End the worker. It holds nothing to save, so it is killed: waiting for it to tear
        its interpreter down would cost each sync another 0.1-0.3 s."""
        self._kill()

    def _start(self) -> Connection:
        if self._conn is not None and self._process is not None and self._process.poll() is None:
            return self._conn
        self._kill()
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        # The worker imports readers by name: it must see the modules this process sees.
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        memory = str(int(self.limits.parse_mb * MB))
        with theirs:
            self._process = subprocess.Popen(
                [sys.executable, "-m", __name__, str(theirs.fileno()), memory],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                env=env,
                close_fds=True,
            )
        self._conn = Connection(ours.detach())
        return self._conn

    def _kill(self) -> None:
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()
            self._process.wait()
        if self._conn is not None:
            self._conn.close()
        self._process = self._conn = None

    def _reap(self) -> int | None:
        """The exit code of a worker that went away (negative: the signal), once it is gone."""
        code = None
        if self._process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(5.0)
            code = self._process.poll()
        self._kill()
        return code


def _crash_reason(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            name = f", {signal.Signals(-code).name}"
        except ValueError:
            name = ""
        return f"the reader crashed (signal {-code}{name})"
    return f"the reader stopped (exit code {code})"


def _serve(conn: Connection, memory_bytes: int) -> None:
    """The worker: bound its address space, then read files until told to stop."""
    _bound_memory(memory_bytes)
    mb = megabytes(memory_bytes / MB)
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        reader, path, args = job
        try:
            reply: tuple[str, Any] = ("ok", reader(path, *args))
        except Exception as exc:  # every failure is the file's, with its reason
            if isinstance(exc, MemoryError) or isinstance(exc.__cause__, MemoryError):
                reply = ("failed", (f"needed more than {mb} to read", "parse_mb"))
            else:
                failure = as_source_error(path, exc)
                reply = ("failed", (failure.reason, failure.limit))
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("failed", (f"needed more than {mb} to read", "parse_mb")))


def _bound_memory(memory_bytes: int) -> None:
    """Let the reader add at most `memory_bytes` of address space to what the worker holds
    once started (its imports), so the bound is the reader's, whatever the imports weigh."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            baseline = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        baseline = 0
    limit = baseline + memory_bytes
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass  # a platform without an address-space limit: the time bound still holds


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C reaches the server, which ends us
        _serve(Connection(int(sys.argv[1])), int(sys.argv[2]))
