"""Search latency at 10,000 and 100,000 chunks, against a raw Chroma query of the same vector.

    .venv/bin/python bench/kb_search.py [--sizes 10000,100000] [--queries 200]

Fills one brand's `post` collection through `KnowledgeIndex.add` with realistic chunk
metadata (4 platforms, 2 languages) and random unit vectors (embedding 100k texts would take
most of an hour on 2 cores; HNSW latency does not depend on what the vectors mean). Queries
are real embeddings of a few texts, computed once outside the timings. Measured per size:
  raw        Chroma `collection.query(n_results=5)`
  raw+where  the same with `where={"platform": "x"}` (what a filter costs Chroma)
  voix       `Retriever.search(k=5, kinds=("post",), vector=v)`: dense + BM25 + RRF + MMR
  voix+flt   the same with `platform="x"`: a post-filter on candidates, no `where`
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from knowledge.chunking import post_chunk
from knowledge.embedding import Embedder
from knowledge.index import open_index
from knowledge.retrieval import Retriever

PLATFORMS = ("x", "linkedin", "instagram", "facebook")
WORDS = [
    "coffee",
    "café",
    "roast",
    "torréfaction",
    "harvest",
    "récolte",
    "espresso",
    "filtre",
    "workshop",
    "atelier",
    "Lyon",
    "subscription",
    "abonnement",
    "decaf",
    "Kenya",
    "Colombia",
    "Ethiopia",
    "latte",
    "milk",
    "lait",
    "delivery",
    "livraison",
    "team",
    "équipe",
    "bag",
    "sachet",
    "grinder",
    "moulin",
    "cupping",
    "dégustation",
    "origin",
    "origine",
    "farm",
    "ferme",
]
QUERIES = [
    "new harvest single origin",
    "délais de livraison",
    "barista workshop for beginners",
    "abonnement pause été",
    "decaf without chemicals",
]
BATCH = 5000


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return statistics.median(ordered), pick(0.95), pick(0.99)


def fill(index, size: int, dim: int, seed: int) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    picker = random.Random(seed)
    for start in range(0, size, BATCH):
        chunks = []
        for i in range(start, min(size, start + BATCH)):
            text = " ".join(picker.choices(WORDS, k=14)) + f" #{i}"
            chunks.append(
                post_chunk(
                    {
                        "platform": PLATFORMS[i % 4],
                        "language": "fr" if i % 3 else "en",
                        "date": "2026-01-01",
                        "text": text,
                        "likes": str(i % 500),
                        "impressions": str(1000 + i % 9000),
                    },
                    "posts/bench.csv",
                )
            )
        vectors = rng.normal(size=(len(chunks), dim)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        index.add("bench", chunks, vectors.tolist())


def timed(fn, queries: list[list[float]], rounds: int) -> list[float]:  # type: ignore[no-untyped-def]
    samples = []
    for i in range(rounds):
        started = time.perf_counter()
        fn(i, queries[i % len(queries)])
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    embedder = Embedder()
    vectors = embedder.embed(QUERIES)
    print(f"{'size':>8} {'path':<10} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            index = open_index(Path(tmp))
            started = time.perf_counter()
            fill(index, size, len(vectors[0]), seed=size)
            filled = time.perf_counter() - started
            collection = index.collection("bench", "post")
            retriever = Retriever(index, embedder)
            started = time.perf_counter()
            retriever.search("bench", QUERIES[0], 5, ("post",), vector=vectors[0])
            warm = time.perf_counter() - started
            paths = {
                "raw": lambda i, v, collection=collection: collection.query(
                    query_embeddings=[v], n_results=5
                ),
                "raw+where": lambda i, v, collection=collection: collection.query(
                    query_embeddings=[v], n_results=5, where={"platform": "x"}
                ),
                "voix": lambda i, v, retriever=retriever: retriever.search(
                    "bench", QUERIES[i % len(QUERIES)], 5, ("post",), vector=v
                ),
                "voix+flt": lambda i, v, retriever=retriever: retriever.search(
                    "bench", QUERIES[i % len(QUERIES)], 5, ("post",), platform="x", vector=v
                ),
            }
            for fn in paths.values():
                timed(fn, vectors, 20)  # warm caches
            # Interleaved rounds: Chroma's background work after a bulk load hits every path alike.
            samples: dict[str, list[float]] = {name: [] for name in paths}
            for round_ in range(args.queries):
                for name, fn in paths.items():
                    vector = vectors[round_ % len(vectors)]
                    started = time.perf_counter()
                    fn(round_, vector)
                    samples[name].append((time.perf_counter() - started) * 1000)
            results = {}
            for name in paths:
                results[name] = percentiles(samples[name])
                p50, p95, p99 = results[name]
                print(f"{size:>8} {name:<10} {p50:8.1f} {p95:8.1f} {p99:8.1f}")
            print(
                f"{size:>8} fill {filled:.0f} s; first search (builds BM25) {warm * 1000:.0f} ms; "
                f"voix/raw p50 x{results['voix'][0] / results['raw'][0]:.1f}, "
                f"voix+flt/raw+where p50 x{results['voix+flt'][0] / results['raw+where'][0]:.2f}; "
                f"p95 < 30 ms: {'yes' if results['voix'][1] < 30 else 'NO'}"
            )
            index.close()


if __name__ == "__main__":
    main()
