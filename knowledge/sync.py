"""Bring a brand's index in line with its folder, embedding only what changed.

Chunk ids hash their content, so the plan is set arithmetic: ids on disk but not in the
index are added, ids in the index but no longer on disk are removed, the rest is untouched.
A file that cannot be read is reported and its chunks already indexed are kept: a corrupt
export never wipes good knowledge.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import msgspec

from knowledge.brand import BrandProfile, BrandRegistry, load_profile
from knowledge.chunking import (
    KINDS,
    Chunk,
    Kind,
    faq_chunk,
    faq_chunks_from_sections,
    guideline_chunks,
    post_chunk,
    reply_chunk,
)
from knowledge.embedding import Embedder
from knowledge.index import KnowledgeIndex
from knowledge.sources import SourceError, read_rows, read_sections

FOLDERS: dict[Kind, str] = {
    "guideline": "guidelines",
    "faq": "faq",
    "post": "posts",
    "reply": "replies",
}
TEXT_SUFFIXES = {".md", ".markdown", ".txt"}
ROW_SUFFIXES = {".csv", ".jsonl", ".ndjson"}
EMBED_BATCH = 64

Progress = Callable[[int, int], None]
"""Called with (chunks embedded so far, chunks to embed)."""


class FileFailure(msgspec.Struct, frozen=True):
    path: str
    reason: str


class KindCounts(msgspec.Struct):
    added: int = 0
    removed: int = 0
    unchanged: int = 0


class SyncReport(msgspec.Struct, kw_only=True):
    brand: str
    counts: dict[str, KindCounts]
    failed: list[FileFailure]
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(c.added + c.unchanged for c in self.counts.values())


def read_kind(folder: Path, kind: Kind) -> tuple[list[Chunk], list[FileFailure], set[str]]:
    """Chunks of every readable file of one kind, the failures, and the failed sources."""
    root = folder / FOLDERS[kind]
    chunks: list[Chunk] = []
    failures: list[FileFailure] = []
    failed_sources: set[str] = set()
    if not root.is_dir():
        return chunks, failures, failed_sources
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        source = path.relative_to(folder).as_posix()
        try:
            found = _read_file(path, kind, source)
            if not found:
                raise SourceError(path, f"holds no {kind} entry")
        except SourceError as exc:
            failures.append(FileFailure(source, exc.reason))
            failed_sources.add(source)
            continue
        chunks.extend(found)
    return chunks, failures, failed_sources


def _read_file(path: Path, kind: Kind, source: str) -> list[Chunk]:
    suffix = path.suffix.lower()
    if kind == "guideline" and suffix in TEXT_SUFFIXES:
        return guideline_chunks(read_sections(path), source)
    if kind == "faq" and suffix in TEXT_SUFFIXES:
        return faq_chunks_from_sections(read_sections(path), source)
    if kind == "faq" and suffix in ROW_SUFFIXES:
        rows = read_rows(path, required=("question", "answer"))
        return [
            faq_chunk(r["question"], r["answer"], source, r.get("language", ""))
            for r in rows
            if r["question"] and r["answer"]
        ]
    if kind == "post" and suffix in ROW_SUFFIXES:
        rows = read_rows(path, required=("platform", "text"))
        return [post_chunk(r, source) for r in rows if r["text"]]
    if kind == "reply" and suffix in ROW_SUFFIXES:
        rows = read_rows(path, required=("comment", "reply"))
        return [reply_chunk(r, source) for r in rows if r["comment"] and r["reply"]]
    allowed = (
        TEXT_SUFFIXES | ROW_SUFFIXES
        if kind == "faq"
        else (TEXT_SUFFIXES if kind == "guideline" else ROW_SUFFIXES)
    )
    raise SourceError(
        path, f"unsupported format {suffix or '(none)'!r} for {kind}s; use {sorted(allowed)}"
    )


def sync_brand(
    folder: Path,
    index: KnowledgeIndex,
    embedder: Embedder,
    registry: BrandRegistry,
    brand_id: str | None = None,
    progress: Progress | None = None,
) -> SyncReport:
    started = time.perf_counter()
    profile: BrandProfile = load_profile(folder, brand_id)
    report = SyncReport(brand=profile.id, counts={}, failed=[])
    plans: list[tuple[Kind, list[Chunk], set[str]]] = []
    for kind in KINDS:
        chunks, failures, failed_sources = read_kind(folder, kind)
        report.failed.extend(failures)
        wanted = {c.id: c for c in chunks}  # identical entries collapse to one chunk
        existing = _existing_sources(index, profile.id, kind)
        stale = {
            id_
            for id_, source in existing.items()
            if id_ not in wanted and source not in failed_sources
        }
        new = [c for id_, c in wanted.items() if id_ not in existing]
        report.counts[kind] = KindCounts(
            added=len(new), removed=len(stale), unchanged=len(wanted) - len(new)
        )
        plans.append((kind, new, stale))

    to_embed = [chunk for _, new, _ in plans for chunk in new]
    done = 0
    if progress:
        progress(0, len(to_embed))
    for start in range(0, len(to_embed), EMBED_BATCH):
        batch = to_embed[start : start + EMBED_BATCH]
        index.add(profile.id, batch, embedder.embed([c.embed_text for c in batch]))
        done += len(batch)
        if progress:
            progress(done, len(to_embed))
    for kind, _, stale in plans:
        index.delete(profile.id, kind, stale)

    registry.save(profile, folder)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _existing_sources(index: KnowledgeIndex, brand_id: str, kind: Kind) -> dict[str, str]:
    got = index.collection(brand_id, kind).get(include=["metadatas"])
    metadatas = got["metadatas"] or []
    return {
        id_: str((meta or {}).get("source", ""))
        for id_, meta in zip(got["ids"], metadatas, strict=True)
    }
