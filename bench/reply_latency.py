"""Time to first token and whole replies through the API, against raw llama.cpp evaluating
the same prompts without any cache.

    .venv/bin/python bench/reply_latency.py [--comments 12] [--cold 4]

Serves the API with uvicorn on a loopback socket (a real socket: httpx's in-process ASGI
transport buffers whole responses), with the embedded SmolLM2 in its own process and the demo
brand. Each comment is one the model has not seen in this run:
- cold: the model's prompt cache is emptied before the request (the first draft of a brand);
- warm: after one draft for the brand and platform, as during a working session.
The first prompt each request sent to the model is recorded and replayed right after it, in
this process, by a raw `llama_cpp.Llama` (loaded the same crash-safe way, same threads), reset
before each call: the time to its first streamed token is the uncached evaluation of the same
prompt. The stage
breakdown comes from the answers' own `timings`; cached tokens from the model process.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import uvicorn
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import BaseMessage

from knowledge.sync import sync_brand
from server.app import create_app
from server.llm.llama_loading import load_llama
from server.llm.shipped_model import shipped_model_path
from server.services import Services
from server.settings import Settings

DEMO = Path(__file__).resolve().parents[1] / "knowledge" / "demo" / "ondine"
TOKEN = "bench-token"
COMMENTS = [
    ("x", "Do you ship to Belgium? How much is it?"),
    ("x", "Ma commande a une semaine de retard, je commence à m'inquiéter."),
    ("x", "Is your decaf made with chemicals?"),
    ("x", "Vos ateliers sont-ils accessibles aux débutants ?"),
    ("x", "The beans I received were ground for espresso, I asked for filter."),
    ("x", "Peut-on mettre l'abonnement en pause pendant l'été ?"),
    ("x", "Love the new Huila, what milk goes best with it?"),
    ("x", "Why is a bag €19 now? That's a lot."),
    ("x", "Est-ce que vous livrez en point relais ?"),
    ("x", "Can I bring my own cup to your cafés?"),
    ("x", "Le paquet est arrivé ouvert, le café s'est renversé partout."),
    ("x", "Do you have anything for a French press?"),
    ("x", "Vous avez des options sans lactose ?"),
    ("x", "My subscription renewed but I never got this month's coffee."),
    ("x", "C'est possible de visiter la brûlerie ?"),
    ("x", "Is the loyalty card valid on the website?"),
]
WARM_UP = ("x", "Hello, do you roast your own coffee?")


class Prompts(BaseCallbackHandler):
    """Every prompt a draft sent to the model, in order."""

    def __init__(self) -> None:
        self.sent: list[list[BaseMessage]] = []

    def on_chat_model_start(
        self,
        serialized: dict[str, Any],
        messages: list[list[BaseMessage]],
        *,
        run_id: UUID,
        **kwargs: Any,
    ) -> None:
        self.sent.append(messages[0])


@contextmanager
def serving(app: Any) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", log_config=None)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def draft(base: str, platform: str, comment: str) -> tuple[float, float, dict[str, Any]]:
    """(time to first token, time to the answer, the answer) for one streamed reply."""
    body = {"brand": "ondine", "platform": platform, "comment": comment}
    headers = {"Authorization": f"Bearer {TOKEN}", "Accept": "text/event-stream"}
    started = time.perf_counter()
    first: float | None = None
    event = ""
    with httpx.stream(
        "POST", f"{base}/v1/drafts/reply", json=body, headers=headers, timeout=600
    ) as response:
        for line in response.iter_lines():
            if line.startswith("event:"):
                event = line[6:].strip()
                if event == "token" and first is None:
                    first = time.perf_counter() - started
            elif line.startswith("data:") and event == "done":
                return first or 0.0, time.perf_counter() - started, json.loads(line[5:])
    raise RuntimeError("the stream ended without its answer")


def raw_first_token(llama: Any, messages: list[BaseMessage]) -> float:
    role = {"system": "system", "human": "user", "ai": "assistant"}
    payload = [{"role": role[m.type], "content": str(m.content)} for m in messages]
    llama.reset()
    started = time.perf_counter()
    for part in llama.create_chat_completion(messages=payload, stream=True, max_tokens=4):
        if part["choices"][0].get("delta", {}).get("content"):
            break
    return time.perf_counter() - started


def p50(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main(count: int, cold_count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            home=Path(tmp), token=TOKEN, llm="llamacpp", rate_limit=0, reply_writing="free"
        )
        services = Services.build(settings)
        sync_brand(DEMO, services.index, services.embedder, services.registry)
        supervisor = services.llm.supervisor
        assert supervisor is not None
        prompts = Prompts()
        services.replies.chat = services.replies.chat.with_config(callbacks=[prompts])
        threads = supervisor.stats()["threads"]
        raw = load_llama(shipped_model_path(), n_ctx=2048, n_threads=threads, seed=7)
        rows: list[dict[str, Any]] = []
        with serving(create_app(services)) as base:
            draft(base, *WARM_UP)  # loads the language detector, BM25 and torch's first pass
            for index, (platform, comment) in enumerate(COMMENTS[:count]):
                cold = index < cold_count
                if cold:
                    supervisor.forget_prompts()
                elif index == cold_count:  # a working session: one draft before, then these
                    draft(base, *WARM_UP)
                sent_before = len(prompts.sent)
                ttft, total, answer = draft(base, platform, comment)
                last = supervisor.stats()["last"] or {}
                rows.append(
                    {
                        "cold": cold,
                        "ttft": ttft,
                        "total": total,
                        "timings": answer.get("timings") or {},
                        "first_prompt": prompts.sent[sent_before],
                        "cached": last.get("cached_tokens", 0),
                        "prompt_tokens": last.get("prompt_tokens", 0),
                        # right after, on the same prompt: this machine's speed drifts
                        "raw": raw_first_token(raw, prompts.sent[sent_before]),
                    }
                )
        services.close()
    report(rows, threads)


def report(rows: list[dict[str, Any]], threads: int) -> None:
    cold = [r for r in rows if r["cold"]]
    warm = [r for r in rows if not r["cold"]]

    def ms(value: float) -> str:
        return f"{value * 1000:,.0f} ms"

    print(f"threads: {threads}; comments: {len(cold)} cold, {len(warm)} warm (x, demo brand)")
    for name, group in (("cold", cold), ("warm", warm)):
        if not group:
            continue
        ratio = p50([r["ttft"] / r["raw"] for r in group])
        print(
            f"{name}: TTFT p50 {ms(p50([r['ttft'] for r in group]))}, "
            f"raw uncached first token p50 {ms(p50([r['raw'] for r in group]))}, "
            f"TTFT / raw p50 {ratio:.2f}, full reply p50 {ms(p50([r['total'] for r in group]))}"
        )
    if warm:
        reused = p50([r["cached"] / max(1, r["prompt_tokens"]) for r in warm])
        print(
            f"warm: prompt tokens p50 {p50([r['prompt_tokens'] for r in warm]):.0f}, "
            f"of which reused p50 {reused:.0%} (last generation of each request)"
        )
    for name, group in (("cold", cold), ("warm", warm)):
        if not group:
            continue
        stages = ("triage", "retrieval", "prompt", "generation", "guardrails")
        parts = ", ".join(
            f"{stage} {p50([r['timings'].get(stage + '_ms', 0.0) for r in group]):,.0f}"
            for stage in stages
        )
        gens = p50([r["timings"].get("generations", 0) for r in group])
        print(f"{name} stages p50 (ms, summed over a request's {gens:.0f} generation(s)): {parts}")


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=12, help="comments drafted in all")
    parser.add_argument("--cold", type=int, default=4, help="of which with an emptied cache")
    args = parser.parse_args()
    main(args.comments, args.cold)
