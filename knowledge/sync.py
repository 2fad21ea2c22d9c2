"""Bring a brand's index in line with its folder, embedding only what changed.

Chunk ids hash their content, so the plan is set arithmetic: ids on disk but not in the
index are added, ids in the index but no longer on disk are removed, the rest is untouched.
A file that cannot be read is reported and its chunks already indexed are kept: a corrupt
export never wipes good knowledge. Whatever goes wrong reading one file (a parser's refusal,
a limit, a recursion, a library bug) fails that file only; the rest of the sync completes.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

from knowledge.brand import BrandProfile, BrandRegistry, load_profile
from knowledge.chunking import (
    KINDS,
    Chunk,
    Kind,
    Metadata,
    faq_chunk,
    faq_chunks_from_sections,
    guideline_chunks,
    post_chunk,
    remember_detected,
    reply_chunk,
)
from knowledge.embedding import Embedder
from knowledge.index import KnowledgeIndex
from knowledge.limits import DEFAULT_LIMITS, Limits
from knowledge.parsing_worker import ParseWorker
from knowledge.post_fields import BadValue
from knowledge.sources import (
    Section,
    SourceError,
    read_docx_sections,
    read_html_sections,
    read_pdf_sections,
    read_rows,
    read_sections,
    read_yaml_rows,
)
from knowledge.sources.errors import as_source_error

FOLDERS: dict[Kind, str] = {
    "guideline": "guidelines",
    "faq": "faq",
    "post": "posts",
    "reply": "replies",
}
EMBED_BATCH = 64
STORE_BATCH = 512

Progress = Callable[[int, int], None]
"""Called with (chunks embedded so far, chunks to embed)."""


class FileFailure(msgspec.Struct, frozen=True):
    path: str
    reason: str


class KindCounts(msgspec.Struct):
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    failed: int = 0
    """Files of this kind that could not be read (their indexed entries are kept), or that
    were skipped unread as links (their indexed entries are removed)."""


class SyncReport(msgspec.Struct, kw_only=True):
    brand: str
    counts: dict[str, KindCounts]
    failed: list[FileFailure]
    dry_run: bool = False
    embedded: int = 0
    """Texts sent to the embedding model; 0 for an unchanged re-sync."""
    seconds: float = 0.0

    @property
    def total(self) -> int:
        """Entries indexed once the sync is applied."""
        return sum(c.added + c.updated + c.unchanged for c in self.counts.values())


class KindPlan(msgspec.Struct):
    kind: Kind
    new: list[Chunk]
    stale: set[str]
    reusable: dict[str, str]
    """New chunk id -> stale chunk id whose vector it can reuse (same embedded text)."""


def read_kind(
    folder: Path,
    kind: Kind,
    columns: dict[str, str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    worker: ParseWorker | None = None,
) -> tuple[list[Chunk], list[FileFailure], set[str]]:
    """Chunks of every readable file of one kind, the failures, and the failed sources.

    Links skipped unread are failures but not failed sources: what a link put in the index
    (a secret it pointed at, say) is removed, not kept. With a `worker`, files are parsed in
    its process (bounded in time and memory), else in this one.
    """
    chunks: list[Chunk] = []
    failed_sources: set[str] = set()
    paths, failures = _walk(folder, folder / FOLDERS[kind])
    for path in paths:
        source = path.relative_to(folder).as_posix()
        try:
            found = read_source(path, kind, source, columns, limits, worker)
            if not found:
                raise SourceError(path, f"holds no {kind} entry")
        except SourceError as exc:
            failures.append(FileFailure(source, exc.reason))
            failed_sources.add(source)
            continue
        chunks.extend(found)
    return chunks, failures, failed_sources


LINK = "is a symbolic link; skipped, not read (it may point outside the brand folder)"
HARD_LINK = (
    "has {} hard links; skipped, not read (its other names may be outside the brand folder); "
    "copy it instead"
)


def _walk(folder: Path, root: Path) -> tuple[list[Path], list[FileFailure]]:
    """The regular files under `root` (hidden ones aside), sorted, and those skipped unread.

    Nothing that may resolve outside the brand folder is read: a symbolic link, to a file
    or a folder, can point anywhere (`guidelines/notes.txt` linked to the API token put the
    token in search results), and a file with several hard links has another name that may
    be anywhere. Pipes, sockets and devices would block or never end.
    """
    files: list[Path] = []
    skipped: list[FileFailure] = []

    def skip(path: Path, reason: str) -> None:
        skipped.append(FileFailure(path.relative_to(folder).as_posix(), reason))

    if root.is_symlink():
        skip(root, LINK)
        return files, skipped
    pending = [root] if root.is_dir() else []
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as listing:
                entries = list(listing)
        except OSError as exc:
            skip(directory, f"cannot be listed ({exc.strerror or exc})")
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_symlink():
                    skip(path, LINK)
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(path)
                else:
                    info = entry.stat(follow_symlinks=False)
                    if not stat.S_ISREG(info.st_mode):
                        skip(path, "is not a regular file (a pipe, socket or device); not read")
                    elif info.st_nlink > 1:
                        skip(path, HARD_LINK.format(info.st_nlink))
                    else:
                        files.append(path)
            except OSError as exc:
                skip(path, f"cannot be read ({exc.strerror or exc})")
    return sorted(files), sorted(skipped, key=lambda f: f.path)


SectionReader = Callable[[Path, Limits], list[Section]]
RowReader = Callable[[Path, tuple[str, ...], Limits], list[dict[str, str]]]
SECTION_READERS: dict[str, SectionReader] = {
    ".md": read_sections,
    ".markdown": read_sections,
    ".txt": read_sections,
    ".html": read_html_sections,
    ".htm": read_html_sections,
    ".pdf": read_pdf_sections,
    ".docx": read_docx_sections,
}
ROW_READERS: dict[str, RowReader] = {
    ".csv": read_rows,
    ".jsonl": read_rows,
    ".ndjson": read_rows,
    ".yaml": read_yaml_rows,
    ".yml": read_yaml_rows,
}
FORMATS: dict[Kind, set[str]] = {
    "guideline": set(SECTION_READERS),
    # A PDF's sections are pages, not questions: PDFs are read as guidelines only.
    "faq": (set(SECTION_READERS) - {".pdf"}) | set(ROW_READERS),
    "post": {".csv", ".jsonl", ".ndjson"},
    "reply": set(ROW_READERS),
}
REQUIRED: dict[Kind, tuple[str, ...]] = {
    "faq": ("question", "answer"),
    "post": ("platform", "text"),
    "reply": ("comment", "reply"),
}


def read_source(
    path: Path,
    kind: Kind,
    source: str,
    columns: dict[str, str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    worker: ParseWorker | None = None,
) -> list[Chunk]:
    """Chunks of one file. `columns` maps our field names to an export's own column names.
    With a `worker`, the file's parser runs in its process; chunking stays here (it is linear
    and keeps this process's language cache).

    Raises `SourceError` and nothing else: any failure reading a file (a recursion, a
    decoding slip, a parser library's own bug, memory, the worker's time or memory bound, a
    crash) is that file's failure, with a reason.
    """
    try:
        return _read_source(path, kind, source, columns, limits, worker)
    except Exception as exc:
        failure = as_source_error(path, exc)
        if failure is exc:
            raise
        raise failure from exc


def _read_source(
    path: Path,
    kind: Kind,
    source: str,
    columns: dict[str, str] | None,
    limits: Limits,
    worker: ParseWorker | None,
) -> list[Chunk]:
    def parse(reader: Callable[..., Any], *args: Any) -> Any:
        return worker.call(reader, path, *args) if worker else reader(path, *args)

    suffix = path.suffix.lower()
    if suffix not in FORMATS[kind]:
        raise SourceError(
            path,
            f"unsupported format {suffix or '(none)'!r} for {kind}s; "
            f"use one of {', '.join(sorted(FORMATS[kind]))}",
        )
    if suffix in SECTION_READERS and kind == "guideline":
        return guideline_chunks(parse(SECTION_READERS[suffix], limits), source)
    if suffix in SECTION_READERS:
        return faq_chunks_from_sections(parse(SECTION_READERS[suffix], limits), source)
    rows = [_rename(row, columns) for row in parse(ROW_READERS[suffix], (), limits)]
    missing = [c for c in REQUIRED[kind] if rows and c not in rows[0]]
    if missing:
        expected = ", ".join(f"{c} (column {(columns or {}).get(c, c)!r})" for c in missing)
        raise SourceError(
            path,
            f"lacks column(s) {expected}; found {', '.join(rows[0]) or 'none'}. "
            f"Map an export's columns in brand.toml under [columns.{kind}].",
        )
    if kind == "faq":
        return [
            faq_chunk(r["question"], r["answer"], source, r.get("language", ""))
            for r in rows
            if r["question"] and r["answer"]
        ]
    if kind == "post":
        return _post_chunks(path, rows, source, columns)
    return [reply_chunk(r, source) for r in rows if r["comment"] and r["reply"]]


def _post_chunks(
    path: Path, rows: list[dict[str, str]], source: str, columns: dict[str, str] | None
) -> list[Chunk]:
    """Every post of the file, or the first bad cell with its row and the export's column."""
    chunks = []
    for number, row in enumerate(rows, start=1):
        if not row["text"]:
            continue
        try:
            chunks.append(post_chunk(row, source))
        except BadValue as exc:
            column = (columns or {}).get(exc.field, exc.field)
            raise SourceError(
                path, f"row {number}, column {column!r}: {exc} (field `{exc.field}`)"
            ) from exc
    return chunks


def _rename(row: dict[str, str], columns: dict[str, str] | None) -> dict[str, str]:
    if not columns:
        return row
    renamed = dict(row)
    for ours, theirs in columns.items():
        if theirs.lower() in row:
            renamed[ours] = row[theirs.lower()]
    return renamed


def sync_brand(
    folder: Path,
    index: KnowledgeIndex,
    embedder: Embedder,
    registry: BrandRegistry,
    brand_id: str | None = None,
    progress: Progress | None = None,
    *,
    dry_run: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> SyncReport:
    """Plan by comparing chunk ids, then add before removing.

    Adding first means a sync killed at any point leaves at worst extra chunks that the next
    sync removes; never a missing one, and never a duplicate (ids are content hashes).
    """
    started = time.perf_counter()
    profile: BrandProfile = load_profile(folder, brand_id)
    report = SyncReport(brand=profile.id, counts={}, failed=[], dry_run=dry_run)
    plans = []
    with ParseWorker(limits) as worker:  # one process parses every file of the sync
        for kind in KINDS:
            existing = _existing(index, profile.id, kind)
            remember_detected(existing.values())
            chunks, failures, failed_sources = read_kind(
                folder, kind, profile.columns.get(kind), limits, worker
            )
            report.failed.extend(failures)
            plan, counts = _plan_kind(kind, chunks, existing, failed_sources)
            counts.failed = len(failures)
            report.counts[kind] = counts
            plans.append(plan)
    if dry_run:
        report.embedded = sum(len(p.new) - len(p.reusable) for p in plans)
        report.seconds = round(time.perf_counter() - started, 3)
        return report

    # Longest first, so each batch holds texts of like length: padding is what a batch of
    # mixed lengths wastes (encode sorts only within the texts it is given).
    to_embed = sorted(
        (c for p in plans for c in p.new if c.id not in p.reusable),
        key=lambda c: len(c.embed_text),
        reverse=True,
    )
    if progress:
        progress(0, len(to_embed))
    for plan in plans:
        _apply_reused(index, profile.id, plan)
    # Embed in small batches (progress), store in larger ones: each Chroma write has a fixed
    # cost (2,000 chunks: 1.7 s in writes of 64, 1.3 s in writes of 512). A store thread
    # beside the embedding gained nothing measurable: torch already keeps every core busy.
    for start in range(0, len(to_embed), STORE_BATCH):
        stored = to_embed[start : start + STORE_BATCH]
        vectors: list[list[float]] = []
        for offset in range(0, len(stored), EMBED_BATCH):
            batch = stored[offset : offset + EMBED_BATCH]
            vectors += embedder.embed([c.embed_text for c in batch])
            report.embedded += len(batch)
            if progress:
                progress(report.embedded, len(to_embed))
        index.add(profile.id, stored, vectors)
    for plan in plans:
        index.delete(profile.id, plan.kind, plan.stale)

    registry.save(profile, folder)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _plan_kind(
    kind: Kind,
    chunks: list[Chunk],
    existing: dict[str, Metadata],
    failed_sources: set[str],
) -> tuple[KindPlan, KindCounts]:
    wanted = {c.id: c for c in chunks}  # identical entries collapse to one chunk
    stale = {
        id_
        for id_, meta in existing.items()
        if id_ not in wanted and meta.get("source") not in failed_sources
    }
    new = [c for id_, c in wanted.items() if id_ not in existing]
    stale_by_key = {str(existing[id_].get("key")): id_ for id_ in stale}
    updated = [c for c in new if c.key in stale_by_key]
    reusable = {
        c.id: stale_by_key[c.key]
        for c in updated
        if existing[stale_by_key[c.key]].get("embed_hash") == c.metadata["embed_hash"]
    }
    counts = KindCounts(
        added=len(new) - len(updated),
        updated=len(updated),
        removed=len(stale) - len(updated),
        unchanged=len(wanted) - len(new),
    )
    return KindPlan(kind, new, stale, reusable), counts


def _apply_reused(index: KnowledgeIndex, brand_id: str, plan: KindPlan) -> None:
    """Entries whose embedded text did not change (new figures, say) keep their vector."""
    if not plan.reusable:
        return
    vectors = index.vectors(brand_id, plan.kind, list(plan.reusable.values()))
    chunks = [c for c in plan.new if c.id in plan.reusable]
    index.add(brand_id, chunks, [vectors[plan.reusable[c.id]] for c in chunks])


def _existing(index: KnowledgeIndex, brand_id: str, kind: Kind) -> dict[str, Metadata]:
    got: Any = index.collection(brand_id, kind).get(include=["metadatas"])
    metadatas = got["metadatas"] or []
    return {id_: dict(meta or {}) for id_, meta in zip(got["ids"], metadatas, strict=True)}
