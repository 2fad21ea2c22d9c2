"""What the crash-safe load costs: llama.cpp with and without its extra buffer types.

    .venv/bin/python bench/llama_path.py [--rounds 5]

Each round loads the shipped SmolLM2 twice, in a fresh process each (the unguarded load
crashes on CPUs with AMX, and is reported as such), and times prompt evaluation (a ~700-token
prompt, from an empty cache) and generation (128 tokens, greedy), alternating which variant
goes first. Prints the medians and the ratio safe / unguarded.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

CHILD = """
import json, sys, time
import llama_cpp
from server.llm.llama_loading import use_safe_buffers
from server.llm.shipped_model import shipped_model_path
if sys.argv[1] == "safe":
    use_safe_buffers()
threads = int(sys.argv[2])
llama = llama_cpp.Llama(model_path=str(shipped_model_path()), n_ctx=2048, n_threads=threads,
                        n_threads_batch=threads, verbose=False)
text = "Tell me about coffee roasting in Lyon, with details. " * 60
prompt = llama.tokenize(text.encode())[:700]
evals = []
for _ in range(3):
    llama.reset()
    started = time.perf_counter()
    llama.eval(prompt)
    evals.append(len(prompt) / (time.perf_counter() - started))
llama.reset()
started = time.perf_counter()
count = 0
for _ in llama.generate(prompt[:32], temp=0.0):
    count += 1
    if count == 128:
        break
generation = count / (time.perf_counter() - started)
print(json.dumps({"extra_buffer_types": bool(llama.model_params.use_extra_bufts),
                  "prompt_tps": max(evals), "generation_tps": generation}))
"""


def run(variant: str, threads: int) -> dict[str, float] | str:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, variant, str(threads)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
        check=False,
    )
    if done.returncode != 0:
        return f"exit {done.returncode}"  # -11 on an AMX CPU for the unguarded load
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main(rounds: int, threads: int) -> None:
    found: dict[str, list[dict[str, float]]] = {"safe": [], "unguarded": []}
    failures: dict[str, str] = {}
    for round_ in range(rounds):
        order = ("safe", "unguarded") if round_ % 2 == 0 else ("unguarded", "safe")
        for variant in order:
            result = run(variant, threads)
            if isinstance(result, str):
                failures[variant] = result
            else:
                found[variant].append(result)
    amx = "amx_int8" in Path("/proc/cpuinfo").read_text()
    print(f"CPU has amx_int8: {amx}; threads: {threads}; rounds: {rounds}")
    for variant, results in found.items():
        if not results:
            print(f"{variant}: every run failed ({failures.get(variant)})")
            continue
        prompt = statistics.median(r["prompt_tps"] for r in results)
        generation = statistics.median(r["generation_tps"] for r in results)
        print(f"{variant}: prompt {prompt:.0f} tokens/s, generation {generation:.1f} tokens/s")
    if found["safe"] and found["unguarded"]:
        for key, label in (("prompt_tps", "prompt"), ("generation_tps", "generation")):
            ratio = statistics.median(r[key] for r in found["safe"]) / statistics.median(
                r[key] for r in found["unguarded"]
            )
            print(f"safe / unguarded, {label}: {ratio:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    main(args.rounds, args.threads)
