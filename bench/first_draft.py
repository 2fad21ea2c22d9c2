"""Cold start and first-draft latency of a reply, against the raw llama.cpp call.

    .venv/bin/python bench/first_draft.py [--runs 5]

Syncs the demo brand into a temporary VOIX_HOME, builds the services as `voix serve` does,
then times reply drafts through the service (retrieval + prompt + generation + guardrails)
and the same number of raw `Llama.create_chat_completion` calls on the same prompt.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from knowledge.sync import sync_brand
from server.chains.reply import reply_inputs, reply_prompt
from server.drafting.reply import ReplyService
from server.llm.llamacpp import LlamaCppChat
from server.schemas import ReplyRequest
from server.services import Services
from server.settings import Settings

DEMO = Path(__file__).resolve().parents[1] / "knowledge" / "demo" / "ondine"
COMMENTS = [
    "My order is 10 days late and nobody answers. Not happy.",
    "Livrez-vous en Belgique ?",
    "Do you have a decaf that isn't awful?",
    "Le sachet est arrivé déchiré, du café partout.",
    "Can I pause my subscription for August?",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(home=Path(tmp), llm="llamacpp")
        started = time.perf_counter()
        services = Services.build(settings)
        built = time.perf_counter() - started
        sync_brand(DEMO, services.index, services.embedder, services.registry)
        synced = time.perf_counter() - started - built
        replies: ReplyService = services.replies
        chat = services.llm.chat
        assert isinstance(chat, LlamaCppChat)

        timings, raw_timings = [], []
        for i in range(args.runs):
            comment = COMMENTS[i % len(COMMENTS)]
            request = ReplyRequest(brand="ondine", platform="x", comment=comment)
            t0 = time.perf_counter()
            asyncio.run(replies.draft(request))
            timings.append(time.perf_counter() - t0)

            profile = services.registry.profile("ondine")
            facts, examples = replies.retrieve(profile, comment, "en")
            messages = (
                reply_prompt()
                .invoke(reply_inputs(profile, comment, "X", "en", 280, facts, examples))
                .to_messages()
            )
            chat._llama.reset()  # no prompt cache from the draft: the raw call starts cold too
            t0 = time.perf_counter()
            chat._llama.create_chat_completion(
                messages=chat._messages(messages), **chat._params(None)
            )
            raw_timings.append(time.perf_counter() - t0)
        services.close()

    print(f"services built (embedder + llama.cpp + index): {built:.2f} s")
    print(f"demo brand synced:                          {synced:.2f} s")
    print(f"first draft:                                {timings[0] * 1000:.0f} ms")
    print(f"draft p50 over {args.runs} runs:     {statistics.median(timings) * 1000:.0f} ms")
    print(f"raw llama.cpp p50 (same prompts): {statistics.median(raw_timings) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
