"""Sync throughput against raw sentence-transformers, and re-sync time of a large brand.

    .venv/bin/python bench/kb_sync.py [--chunks 10000] [--throughput-chunks 2000] [--rounds 3]

1. Throughput: a synthetic brand of `--throughput-chunks` FAQ entries and posts (FR and EN,
   all different) synced into a fresh index; chunks/s against `SentenceTransformer.encode`
   of exactly the same texts with the same batch size (the model loaded beforehand for both).
   Target: ratio >= 0.9. Each round also stores the raw vectors with the chunks' documents
   and metadata through Chroma's own `upsert` (same collections, same batches): encode plus
   that upsert is what the two libraries cost alone, so it bounds the ratio from above, and
   the sync against it is what Voix itself adds.
2. Re-sync: a brand of `--chunks` entries synced once, then re-synced unchanged (target
   < 2 s, nothing embedded), then with 1 % of its entries edited.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import chromadb
from chromadb.config import Settings as ChromaSettings

from knowledge import chunking
from knowledge.brand import BrandRegistry
from knowledge.chunking import KINDS, Chunk
from knowledge.embedding import Embedder
from knowledge.index import open_index
from knowledge.language import detect_language
from knowledge.sync import EMBED_BATCH, STORE_BATCH, read_kind, sync_brand

SUBJECTS = ("livraison", "abonnement", "atelier", "décaféiné", "mouture", "remboursement", "café")
TOPICS = ("delivery", "subscription", "workshop", "decaf", "grind", "refund", "espresso", "filter")
PLATFORMS = ("x", "linkedin", "instagram", "facebook")


def write_brand(root: Path, chunks: int, seed: int) -> Path:
    """Half FAQ entries (Markdown, FR and EN), half posts (CSV), all distinct."""
    rng = random.Random(seed)
    brand = root / "brand"
    (brand / "faq").mkdir(parents=True)
    (brand / "posts").mkdir()
    (brand / "brand.toml").write_text('id = "bench"\nname = "Bench"\n', encoding="utf-8")
    faq_count = chunks // 2
    lines = []
    for i in range(faq_count):
        if i % 2:
            subject = rng.choice(SUBJECTS)
            lines.append(
                f"## Question {i} sur {subject} ?\nRéponse {i} : comptez {rng.randint(2, 9)} "
                f"jours ouvrés et {rng.randint(3, 30)},{rng.randint(10, 99)} € pour {subject}.\n"
            )
        else:
            topic = rng.choice(TOPICS)
            lines.append(
                f"## Question {i} about {topic}?\nAnswer {i}: allow {rng.randint(2, 9)} "
                f"business days and €{rng.randint(3, 30)}.{rng.randint(10, 99)} for {topic}.\n"
            )
    (brand / "faq" / "faq.md").write_text("\n".join(lines), encoding="utf-8")
    with (brand / "posts" / "posts.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["platform", "date", "language", "text", "likes", "impressions"])
        for i in range(chunks - faq_count):
            topic = rng.choice(TOPICS)
            writer.writerow(
                [
                    PLATFORMS[i % 4],
                    f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
                    "en",
                    f"Post {i}: our {topic} news, {rng.randint(1, 99)} reasons to visit us.",
                    rng.randint(0, 900),
                    rng.randint(500, 60000),
                ]
            )
    return brand


def brand_chunks(brand: Path) -> list[Chunk]:
    return [c for kind in KINDS for c in read_kind(brand, kind)[0]]


def raw_store(folder: Path, chunks: list[Chunk], vectors: Any) -> float:
    """Seconds Chroma alone takes to store these chunks, as the sync lays them out."""
    client = chromadb.PersistentClient(
        path=str(folder), settings=ChromaSettings(anonymized_telemetry=False)
    )
    started = time.perf_counter()
    for kind, group in itertools.groupby(range(len(chunks)), key=lambda i: chunks[i].kind):
        positions = list(group)
        collection = client.get_or_create_collection(
            f"raw-{kind}", embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
        )
        for start in range(0, len(positions), STORE_BATCH):
            batch = positions[start : start + STORE_BATCH]
            collection.upsert(
                ids=[chunks[i].id for i in batch],
                embeddings=vectors[batch],
                documents=[chunks[i].document for i in batch],
                metadatas=[chunks[i].metadata for i in batch],
            )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=10_000)
    parser.add_argument("--throughput-chunks", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3, help="raw/sync pairs for the ratio")
    args = parser.parse_args()
    embedder = Embedder()
    embedder.embed(["warm-up"])  # one-off loads, outside every timing: the model...
    detect_language("Warm-up of the detector.")  # ...and the language detector's

    with tempfile.TemporaryDirectory() as tmp:
        brand = write_brand(Path(tmp), args.throughput_chunks, seed=1)
        chunks = brand_chunks(brand)  # sorted by kind, as read
        texts = [c.embed_text for c in chunks]
        ratios: list[float] = []
        ceilings: list[float] = []
        own: list[float] = []
        raw_rates: list[float] = []
        both_rates: list[float] = []
        sync_rates: list[float] = []
        # Interleaved rounds: this machine's speed drifts by a third from minute to minute,
        # so each ratio compares a raw run and a sync run made back to back.
        for round_ in range(args.rounds):
            chunking._DETECTED.clear()  # reading above detected languages: the sync pays again
            started = time.perf_counter()
            vectors = embedder.model.encode(
                texts, batch_size=EMBED_BATCH, normalize_embeddings=True
            )
            raw = time.perf_counter() - started
            stored = raw_store(Path(tmp) / f"raw-{round_}", chunks, vectors)
            home = Path(tmp) / f"home-{round_}"
            index = open_index(home)
            report = sync_brand(brand, index, embedder, BrandRegistry(home))
            index.close()
            raw_rates.append(len(texts) / raw)
            both_rates.append(len(texts) / (raw + stored))
            sync_rates.append(report.total / report.seconds)
            ratios.append(raw / report.seconds)
            ceilings.append(raw / (raw + stored))
            own.append((raw + stored) / report.seconds)

        def rounds(values: list[float]) -> str:
            return (
                f"{statistics.median(values):8.2f}   (rounds: "
                + ", ".join(f"{v:.2f}" for v in values)
                + ")"
            )

        print(f"throughput on {len(texts)} chunks, median of {args.rounds} interleaved rounds")
        print(f"  raw encode                 {statistics.median(raw_rates):8.1f} chunks/s")
        print(f"  raw encode + Chroma upsert {statistics.median(both_rates):8.1f} chunks/s")
        print(
            f"  voix sync                  {statistics.median(sync_rates):8.1f} chunks/s "
            "(read, chunk, detect language, embed, store)"
        )
        print(f"  sync / raw encode          {rounds(ratios)}   target >= 0.9")
        print(f"  ceiling: encode / (encode + upsert) {rounds(ceilings)}")
        print(f"  sync / (encode + upsert)   {rounds(own)}   what Voix itself adds")

    with tempfile.TemporaryDirectory() as tmp:
        brand = write_brand(Path(tmp), args.chunks, seed=2)
        home = Path(tmp) / "home"
        index = open_index(home)
        registry = BrandRegistry(home)
        first = sync_brand(brand, index, embedder, registry)
        unchanged = sync_brand(brand, index, embedder, registry)
        posts = brand / "posts" / "posts.csv"
        rows = posts.read_text(encoding="utf-8").splitlines()
        step = 100  # 1 % of the posts get a new text
        edited = [
            row.replace("Post ", "Edited post ", 1) if i % step == 1 else row
            for i, row in enumerate(rows)
        ]
        posts.write_text("\n".join(edited) + "\n", encoding="utf-8")
        changed = sync_brand(brand, index, embedder, registry)
        index.close()
        print(f"re-sync of a {first.total}-chunk brand")
        print(f"  first sync        {first.seconds:8.2f} s ({first.embedded} embedded)")
        print(
            f"  unchanged re-sync {unchanged.seconds:8.2f} s ({unchanged.embedded} embedded)"
            "   (target < 2 s, 0 embedded)"
        )
        print(f"  1 % of posts edited {changed.seconds:6.2f} s ({changed.embedded} embedded)")


if __name__ == "__main__":
    main()
