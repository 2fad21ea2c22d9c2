"""The embedded model's own process: one llama.cpp model behind an OpenAI-compatible API.

    python -m server.llm.runner --model PATH --socket PATH [--ctx 2048] [--threads N]

Voix never loads the model in the API's process: a native crash (a segfault, the kernel's
out-of-memory killer) would take every route down with it. `server.llm.supervisor` starts
this process, restarts it when it dies, and talks to it with the same client as any
OpenAI-compatible server (`server.llm.openai_chat`), over a Unix socket in a private folder
and with a bearer key from the environment (`VOIX_RUNNER_KEY`).

What it adds to a plain llama.cpp server:
- a 1-token generation before it says it is ready, so that a model that crashes on its first
  decode fails at start-up, not on someone's draft;
- per-prompt seeds (`server.llm.seeds`);
- prompt-prefix reuse: the context keeps the last prompt's evaluated tokens, and a RAM cache
  keeps the states of recent prompts, so the part that every request of a brand shares (its
  rules, profile and examples, placed first by the chains) is evaluated once;
- a generation stops within one token of its client hanging up;
- `/stats`: what the last generation reused and how long each part took.

It reads its stdin only to notice that its parent is gone (end of file), and exits then.
"""

from __future__ import annotations

import argparse
import asyncio
import hmac
import json
import os
import socket
import sys
import threading
import time
from collections.abc import AsyncGenerator, AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from pathlib import Path
from typing import Any

import msgspec
from litestar import Litestar, Request, Response, get, post
from litestar.connection import ASGIConnection
from litestar.di import Provide
from litestar.exceptions import NotAuthorizedException
from litestar.handlers import BaseRouteHandler
from litestar.response import Stream

from server.llm.llama_loading import load_llama, received_extra_buffers, system_info
from server.llm.seeds import PromptSeeds
from server.llm.supervisor import KEY_ENV

DEFAULTS = {"max_tokens": 160, "temperature": 0.3, "top_p": 0.9, "repeat_penalty": 1.15}
DONE = object()


class ContentPart(msgspec.Struct):
    type: str = "text"
    text: str = ""


class ChatMessage(msgspec.Struct):
    role: str
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(part.text for part in self.content if part.type == "text")
        return self.content or ""


class StreamOptions(msgspec.Struct):
    include_usage: bool = False


class ChatRequest(msgspec.Struct, kw_only=True):
    """The subset of OpenAI's chat-completions request that a local model honours; unknown
    members are ignored, as OpenAI-compatible servers do."""

    messages: list[ChatMessage]
    model: str | None = None
    max_tokens: int | None = None
    max_completion_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    stop: str | list[str] | None = None
    seed: int | None = None
    stream: bool = False
    stream_options: StreamOptions | None = None
    n: int = 1
    repeat_penalty: float | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None


class LastGeneration(msgspec.Struct):
    prompt_tokens: int = 0
    cached_tokens: int = 0
    """Prompt tokens not evaluated again: reused from the context or the state cache."""
    prompt_ms: float = 0.0
    """From the start of the generation to its first token: evaluating the prompt."""
    completion_tokens: int = 0
    generation_ms: float = 0.0
    cancelled: bool = False
    tokens_after_cancel: int = 0
    """Tokens produced after the client hung up: at most one when cancellation works."""
    finish_reason: str = ""


class RunnerStats(msgspec.Struct):
    model: str
    pid: int
    busy: bool
    generations: int
    cancelled: int
    extra_buffer_types: bool
    """What llama.cpp received; False is the crash-safe load."""
    threads: int
    load_s: float
    warmup_s: float
    system_info: str
    last: LastGeneration | None


class Generation:
    """One request's run on the model thread, handed to the event loop token by token."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.queue: asyncio.Queue[Any] = asyncio.Queue()
        self.cancelled = threading.Event()
        self.report = LastGeneration()

        self.worker: asyncio.Future[None] | None = None

    def put(self, item: Any) -> None:
        self.loop.call_soon_threadsafe(self.queue.put_nowait, item)

    async def pieces(self) -> AsyncGenerator[str, None]:
        """The generated text piece by piece; closing the iterator (a client that hung up,
        a time limit) stops the model within one token."""
        try:
            while (item := await self.queue.get()) is not DONE:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            self.cancelled.set()
            if self.worker is not None and self.worker.done():
                self.worker.result()


class ModelRunner:
    def __init__(self, llama: Any, name: str, seed: int, load_s: float) -> None:
        self.llama = llama
        self.name = name
        self.seeds = PromptSeeds(seed)
        self.load_s = load_s
        self.warmup_s = 0.0
        self.generations = 0
        self.cancelled = 0
        self.busy = False
        self.last: LastGeneration | None = None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="llama")
        """Every llama.cpp call runs on this one thread: contexts are not thread-safe."""
        self._stop: threading.Event | None = None
        """The cancellation flag of the generation on the model thread, if any."""
        self._abort = _abort_callback(lambda: self._stop is not None and self._stop.is_set())
        llama_set_abort_callback(llama._ctx.ctx, self._abort, None)

    def warm_up(self) -> None:
        started = time.perf_counter()
        for _ in self._run({"messages": [{"role": "user", "content": "Hi"}], "max_tokens": 1}):
            pass
        self.warmup_s = time.perf_counter() - started
        self._forget()

    def arguments(self, request: ChatRequest) -> dict[str, Any]:
        messages = [{"role": m.role, "content": m.text()} for m in request.messages]
        stop = [request.stop] if isinstance(request.stop, str) else list(request.stop or [])
        args: dict[str, Any] = {
            "messages": messages,
            "max_tokens": request.max_completion_tokens
            or request.max_tokens
            or DEFAULTS["max_tokens"],
            "temperature": DEFAULTS["temperature"]
            if request.temperature is None
            else request.temperature,
            "top_p": DEFAULTS["top_p"] if request.top_p is None else request.top_p,
            "repeat_penalty": request.repeat_penalty or DEFAULTS["repeat_penalty"],
            "presence_penalty": request.presence_penalty or 0.0,
            "frequency_penalty": request.frequency_penalty or 0.0,
            "stop": stop,
        }
        args["seed"] = request.seed if request.seed is not None else self.seeds.next(messages, args)
        return args

    def _run(self, args: dict[str, Any]) -> Iterator[dict[str, Any]]:
        yield from self.llama.create_chat_completion(stream=True, **args)

    def _produce(self, args: dict[str, Any], run: Generation) -> None:
        """On the model thread: generate, hand each piece over, stop on cancellation."""
        llama = self.llama
        before = llama._input_ids[: llama.n_tokens].tolist()
        cached_keys = list(llama.cache.cache_state.keys()) if llama.cache else []
        report = run.report
        started = time.perf_counter()
        if run.cancelled.is_set():  # its client left while it waited for the model
            report.cancelled = True
            run.put(DONE)
            return
        self.busy = True
        self._stop = run.cancelled
        try:
            for part in self._run(args):
                if run.cancelled.is_set():
                    report.tokens_after_cancel += 1
                    break
                choice = part["choices"][0]
                delta = choice.get("delta", {}).get("content")
                if delta:
                    if not report.completion_tokens:
                        report.prompt_ms = (time.perf_counter() - started) * 1000
                    report.completion_tokens += 1
                    run.put(delta)
                if choice.get("finish_reason"):
                    report.finish_reason = choice["finish_reason"]
        except RuntimeError as exc:
            if not run.cancelled.is_set():  # an abort we asked for is no error
                run.put(exc)
        except BaseException as exc:  # handed to the awaiting side
            run.put(exc)
        finally:
            self._stop = None
            self.busy = False
            report.generation_ms = (time.perf_counter() - started) * 1000
            prompt = llama._input_ids[: max(0, llama.n_tokens - report.completion_tokens)]
            report.prompt_tokens = len(prompt)
            report.cached_tokens = _reused(prompt.tolist(), before, cached_keys)
            report.cancelled = run.cancelled.is_set()
            self.generations += 1
            self.cancelled += report.cancelled
            self.last = report
            run.put(DONE)

    def start(self, request: ChatRequest) -> Generation:
        """Queue a generation on the model thread; its pieces arrive on `Generation.queue`."""
        run = Generation(asyncio.get_running_loop())
        run.worker = run.loop.run_in_executor(
            self._thread, self._produce, self.arguments(request), run
        )
        return run

    def stats(self) -> RunnerStats:
        return RunnerStats(
            model=self.name,
            pid=os.getpid(),
            busy=self.busy,
            generations=self.generations,
            cancelled=self.cancelled,
            extra_buffer_types=received_extra_buffers(self.llama),
            threads=int(self.llama.context_params.n_threads),
            load_s=round(self.load_s, 3),
            warmup_s=round(self.warmup_s, 3),
            system_info=system_info(),
            last=self.last,
        )

    def reset(self) -> None:
        """Forget every cached prompt (the benchmark's cold runs)."""
        self._thread.submit(self._forget).result()

    def _forget(self) -> None:
        self.llama.reset()
        if self.llama.cache:
            self.llama.cache.cache_state.clear()


def caching_llama() -> type:
    """`Llama` whose saved states leave out the logits.

    llama-cpp-python's `save_state` copies the whole logits buffer (n_batch x vocabulary
    floats: 100 MB for SmolLM2) into every state its prompt cache keeps, and its cache does
    not count them against its capacity: ten cached prompts held 1.7 GB. A restored state
    always evaluates at least one token again before sampling, which rewrites the logits, so
    a state needs the model's own memory only."""
    import ctypes

    import llama_cpp
    import numpy as np
    from llama_cpp import Llama, LlamaState

    class CachingLlama(Llama):
        def save_state(self) -> Any:
            size = llama_cpp.llama_state_get_size(self._ctx.ctx)
            buffer = (ctypes.c_uint8 * int(size))()
            written = int(llama_cpp.llama_state_get_data(self._ctx.ctx, buffer, size))
            return LlamaState(
                input_ids=self.input_ids.copy(),
                scores=np.zeros((1, self._n_vocab), dtype=np.single),
                n_tokens=self.n_tokens,
                llama_state=ctypes.string_at(buffer, written),
                llama_state_size=written,
                seed=self._seed,
            )

    return CachingLlama


def _abort_callback(stopped: Any) -> Any:
    """llama.cpp asks this after each step of a graph (thread 0, every few microseconds of
    work): a prompt of a thousand tokens takes seconds to evaluate, and a client that hangs
    up meanwhile must not wait for it to end. Measured: no cost on evaluation or decoding."""
    from llama_cpp import ggml_abort_callback

    @ggml_abort_callback
    def abort(_: Any) -> bool:
        return bool(stopped())

    return abort


def llama_set_abort_callback(ctx: Any, callback: Any, data: Any) -> None:
    import llama_cpp

    llama_cpp.llama_set_abort_callback(ctx, callback, data)


def _reused(prompt: list[int], before: list[int], cached: list[tuple[int, ...]]) -> int:
    from llama_cpp import Llama

    best = Llama.longest_token_prefix(before, prompt)
    for key in cached:
        best = max(best, Llama.longest_token_prefix(list(key), prompt))
    return min(best, max(0, len(prompt) - 1))


# --- the HTTP side ---------------------------------------------------------------------


def _authorised(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    key = connection.app.state.key
    presented = connection.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(presented.encode(), key.encode()):
        raise NotAuthorizedException("a bearer key is required")


def _usage(report: LastGeneration) -> dict[str, Any]:
    return {
        "prompt_tokens": report.prompt_tokens,
        "completion_tokens": report.completion_tokens,
        "total_tokens": report.prompt_tokens + report.completion_tokens,
        "prompt_tokens_details": {"cached_tokens": report.cached_tokens},
    }


def _timings(report: LastGeneration) -> dict[str, Any]:
    """llama-server's own names, which some clients read."""
    return {
        "cache_n": report.cached_tokens,
        "prompt_n": report.prompt_tokens - report.cached_tokens,
        "prompt_ms": round(report.prompt_ms, 1),
        "predicted_n": report.completion_tokens,
        "predicted_ms": round(report.generation_ms - report.prompt_ms, 1),
    }


def _error(status: int, message: str, kind: str = "invalid_request_error") -> Response[Any]:
    return Response({"error": {"message": message, "type": kind}}, status_code=status)


async def _first(pieces: AsyncIterator[str]) -> str | None:
    """The first piece, so that a refused prompt is an HTTP error, not a broken stream."""
    try:
        return await anext(pieces)
    except StopAsyncIteration:
        return None


@post("/v1/chat/completions", guards=[_authorised], status_code=200)
async def chat_completions(
    request: Request[Any, Any, Any], data: ChatRequest, runner: ModelRunner
) -> Any:
    if data.n != 1:
        return _error(400, "this server generates one choice per request (n=1)")
    ident = f"chatcmpl-{os.urandom(8).hex()}"
    created = int(time.time())
    run = runner.start(data)
    pieces = run.pieces()
    try:  # evaluating a long prompt takes seconds: a client may hang up meanwhile
        first = await _unless_disconnected(request, _first(pieces))
    except ConnectionAbortedError:
        await pieces.aclose()
        return _error(499, "client closed request")
    except ValueError as exc:  # llama.cpp refuses, e.g. a prompt longer than the context
        await pieces.aclose()
        return _error(400, str(exc))
    except BaseException:
        await pieces.aclose()
        raise
    if data.stream:
        usage = bool(data.stream_options and data.stream_options.include_usage)
        return Stream(
            _events(runner.name, run, pieces, first, ident, created, usage),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache"},
        )
    try:
        text = await _unless_disconnected(request, _rest(pieces, first))
    except ConnectionAbortedError:
        return _error(499, "client closed request")
    finally:
        await pieces.aclose()
    return {
        "id": ident,
        "object": "chat.completion",
        "created": created,
        "model": runner.name,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": run.report.finish_reason or "stop",
            }
        ],
        "usage": _usage(run.report),
        "timings": _timings(run.report),
    }


async def _rest(pieces: AsyncIterator[str], first: str | None) -> str:
    parts = [first or ""]
    async for piece in pieces:
        parts.append(piece)
    return "".join(parts)


async def _unless_disconnected(request: Request[Any, Any, Any], work: Any) -> Any:
    """`work`, cancelled if the client hangs up first (the body has been read, so the next
    ASGI message can only be the disconnect)."""
    task = asyncio.ensure_future(work)

    async def hung_up() -> None:
        while (await request.receive())["type"] != "http.disconnect":
            pass

    watcher = asyncio.ensure_future(hung_up())
    try:
        await asyncio.wait({task, watcher}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        watcher.cancel()
        if not task.done():
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
    if task.cancelled():
        raise ConnectionAbortedError
    return task.result()


async def _events(
    model: str,
    run: Generation,
    pieces: AsyncGenerator[str, None],
    first: str | None,
    ident: str,
    created: int,
    usage: bool,
) -> AsyncIterator[str]:
    """OpenAI's stream: a role chunk, content chunks, a finish chunk, usage, `[DONE]`. A
    client that hangs up cancels this generator where it waits, inside `pieces`."""

    def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
        body = {
            "id": ident,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    try:
        yield chunk({"role": "assistant", "content": ""})
        if first:
            yield chunk({"content": first})
        async for piece in pieces:
            yield chunk({"content": piece})
    except Exception as exc:  # the stream has started: say it in-band
        error = {"error": {"message": str(exc), "type": "server_error"}}
        yield f"data: {json.dumps(error)}\n\n"
        return
    finally:
        await pieces.aclose()
    yield chunk({}, run.report.finish_reason or "stop")
    if usage:
        body = {
            "id": ident,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [],
            "usage": _usage(run.report),
            "timings": _timings(run.report),
        }
        yield f"data: {json.dumps(body)}\n\n"
    yield "data: [DONE]\n\n"


@get("/v1/models", guards=[_authorised])
async def models(runner: ModelRunner) -> dict[str, Any]:
    return {"object": "list", "data": [{"id": runner.name, "object": "model", "owned_by": "voix"}]}


@get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@get("/stats", guards=[_authorised])
async def stats(runner: ModelRunner) -> RunnerStats:
    return runner.stats()


@post("/reset", guards=[_authorised], status_code=200)
async def reset(runner: ModelRunner) -> dict[str, bool]:
    await asyncio.get_running_loop().run_in_executor(None, runner.reset)
    return {"reset": True}


def create_runner_app(runner: ModelRunner, key: str) -> Litestar:
    app = Litestar(
        route_handlers=[chat_completions, models, health, stats, reset],
        dependencies={"runner": Provide(lambda: runner, sync_to_thread=False)},
        logging_config=None,
        debug=False,
    )
    app.state.key = key
    return app


# --- the process -----------------------------------------------------------------------


def _say(event: dict[str, Any]) -> None:
    """One JSON line on stdout: how the supervisor learns what happened."""
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def _exit_with_parent() -> None:
    def watch() -> None:
        with suppress(OSError):  # the raw descriptor: no buffer lock held at shutdown
            while os.read(0, 4096):
                pass
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--name", default=None, help="The model's id in /v1/models.")
    parser.add_argument("--socket", type=Path, required=True)
    parser.add_argument("--ctx", type=int, default=2048)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cache-mb", type=int, default=256, help="RAM for cached prompt states.")
    args = parser.parse_args(argv)
    key = os.environ.get(KEY_ENV, "")
    if not key:
        _say({"event": "error", "message": f"{KEY_ENV} is not set"})
        return 2
    _exit_with_parent()
    started = time.perf_counter()
    try:
        if not args.model.is_file():
            raise FileNotFoundError(f"no model file at {args.model}")
        llama = load_llama(
            args.model,
            n_ctx=args.ctx,
            n_threads=args.threads or max(1, os.cpu_count() or 2),
            seed=args.seed,
            kind=caching_llama(),
        )
    except Exception as exc:  # reported to the supervisor, which says what to do
        _say({"event": "error", "message": f"{type(exc).__name__}: {exc}"})
        return 3
    if args.cache_mb > 0:
        from llama_cpp import LlamaRAMCache

        llama.set_cache(LlamaRAMCache(capacity_bytes=args.cache_mb * 2**20))
    runner = ModelRunner(
        llama, args.name or args.model.stem, args.seed, time.perf_counter() - started
    )
    _say({"event": "loaded", "load_s": round(runner.load_s, 3)})
    try:
        runner.warm_up()
    except Exception as exc:
        _say({"event": "error", "message": f"the first generation failed: {exc}"})
        return 3
    import uvicorn

    listening = _listen(args.socket)
    _say({"event": "ready", "pid": os.getpid(), "warmup_s": round(runner.warmup_s, 3)})
    uvicorn.run(
        create_runner_app(runner, key),
        fd=listening.fileno(),
        log_level="warning",
        log_config=None,
        access_log=False,
    )
    return 0


def _listen(path: Path) -> socket.socket:
    """The Unix socket, bound and listening before we say we are ready: a client that
    connects before uvicorn accepts waits in the backlog instead of being refused."""
    with suppress(FileNotFoundError):
        path.unlink()
    listening = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listening.bind(str(path))
    os.chmod(path, 0o600)
    listening.listen(64)
    return listening


if __name__ == "__main__":
    sys.exit(main())
