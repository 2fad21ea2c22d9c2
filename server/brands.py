"""Brand knowledge use cases behind the API: list, inspect, sync, upload, delete, search.

Syncs run in a worker thread (embedding is CPU-bound) and one at a time per brand; a second
sync of the same brand is refused at once rather than queued behind a long embedding run.
"""

from __future__ import annotations

import re
import tempfile
import threading
from collections import Counter
from pathlib import Path
from typing import get_args

import anyio.to_thread

from knowledge.audit import AuditEntry, AuditLog
from knowledge.brand import BrandRegistry
from knowledge.chunking import KINDS, Kind
from knowledge.embedding import Embedder
from knowledge.errors import DocumentNotFound, SyncInProgress
from knowledge.index import KnowledgeIndex
from knowledge.retrieval import Hit, Retriever
from knowledge.sources import SourceError
from knowledge.sync import FOLDERS, FORMATS, SyncReport, read_source, sync_brand
from server.schemas import BrandDetail, BrandSummary, DocumentInfo

SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._ -]{0,120}$")


SEARCH_THREADS = 2
"""Searches run at once, one per core of the laptops Voix targets; the rest wait their turn."""


class UploadRejected(Exception):
    """An upload refused before it touches the brand: `status` is 413, 415 or 422."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class BrandService:
    def __init__(
        self,
        registry: BrandRegistry,
        index: KnowledgeIndex,
        embedder: Embedder,
        retriever: Retriever,
        audit: AuditLog,
        max_upload_bytes: int,
    ) -> None:
        self.registry = registry
        self.index = index
        self.embedder = embedder
        self.retriever = retriever
        self.audit = audit
        self.max_upload_bytes = max_upload_bytes
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()
        self._search_slots = anyio.CapacityLimiter(SEARCH_THREADS)

    def all(self) -> list[BrandSummary]:
        summaries = []
        for brand_id in self.registry.ids():
            profile = self.registry.profile(brand_id)
            summaries.append(
                BrandSummary(
                    id=profile.id,
                    name=profile.name,
                    description=profile.description,
                    languages=profile.languages,
                    chunks=sum(self.index.count(brand_id, kind) for kind in KINDS),
                )
            )
        return summaries

    def detail(self, brand_id: str) -> BrandDetail:
        entry = self.registry.get(brand_id)
        per_source: Counter[tuple[str, str]] = Counter()
        counts: dict[str, int] = {}
        for kind in KINDS:
            chunks = self.index.get(brand_id, kind)
            counts[kind] = len(chunks)
            per_source.update((kind, str(c.metadata.get("source", ""))) for c in chunks)
        documents = [
            DocumentInfo(id=source, kind=kind, chunks=n)
            for (kind, source), n in sorted(per_source.items(), key=lambda item: item[0][1])
        ]
        return BrandDetail(
            profile=entry.profile, folder=entry.folder, counts=counts, documents=documents
        )

    def history(self, brand_id: str, limit: int = 50) -> list[AuditEntry]:
        self.registry.get(brand_id)
        return self.audit.history(brand_id, limit)

    async def sync(
        self, brand_id: str, folder: str | None, actor: str, dry_run: bool = False
    ) -> SyncReport:
        """Re-sync the brand's registered folder, or sync `folder` as this brand."""
        target = Path(folder).expanduser() if folder else Path(self.registry.get(brand_id).folder)
        return await self._locked(brand_id, target, actor, dry_run)

    async def upload(
        self, brand_id: str, kind: Kind, filename: str, content: bytes, actor: str
    ) -> SyncReport:
        """Check the file reads as `kind`, place it in the brand's folder, sync at once."""
        folder = Path(self.registry.get(brand_id).folder)
        if kind not in get_args(Kind):
            raise UploadRejected(422, f"kind must be one of {', '.join(KINDS)}")
        name = Path(filename or "").name
        if not SAFE_NAME.match(name):
            raise UploadRejected(
                422, "file name must be letters, digits, spaces, '.', '-' or '_' (no path)"
            )
        suffix = Path(name).suffix.lower()
        if suffix not in FORMATS[kind]:
            raise UploadRejected(
                415,
                f"{suffix or 'no extension'} is not accepted for {kind}s; "
                f"accepted: {', '.join(sorted(FORMATS[kind]))}",
            )
        if len(content) > self.max_upload_bytes:
            raise UploadRejected(
                413,
                f"{name} is {len(content):,} bytes; the limit is {self.max_upload_bytes:,} "
                "bytes (VOIX_MAX_UPLOAD_BYTES)",
            )
        source = f"{FOLDERS[kind]}/{name}"
        with tempfile.TemporaryDirectory() as tmp:
            probe = Path(tmp) / name
            probe.write_bytes(content)
            try:
                read_source(probe, kind, source, self.registry.profile(brand_id).columns.get(kind))
            except SourceError as exc:
                raise UploadRejected(422, f"{name} {exc.reason}") from exc
        target = folder / source
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = target.with_name(f".{name}.upload")
        staged.write_bytes(content)
        staged.replace(target)
        return await self._locked(brand_id, folder, actor, False)

    async def delete_document(self, brand_id: str, document: str, actor: str) -> SyncReport:
        folder = Path(self.registry.get(brand_id).folder)
        target = (folder / document).resolve()
        kind_roots = [(folder / sub).resolve() for sub in FOLDERS.values()]
        if not any(target.is_relative_to(root) for root in kind_roots) or not target.is_file():
            raise DocumentNotFound(brand_id, document)
        target.unlink()
        return await self._locked(brand_id, folder, actor, False)

    async def search(
        self,
        brand_id: str,
        query: str,
        k: int,
        kind: Kind | None = None,
        platform: str | None = None,
        language: str | None = None,
    ) -> list[Hit]:
        """In a worker thread, a few at a time: embedding and ranking take tens of ms of CPU,
        and dozens of threads at once would only fight over the GIL and the cores, holding
        up every other request (`GET /health` included) behind them."""
        self.registry.get(brand_id)
        kinds = (kind,) if kind else KINDS
        return await anyio.to_thread.run_sync(
            lambda: self.retriever.search(
                brand_id, query, k, kinds, platform=platform, language=language
            ),
            limiter=self._search_slots,
        )

    def lock_for(self, brand_id: str) -> threading.Lock:
        """The lock a sync of this brand holds while it runs."""
        with self._locks_guard:
            return self._locks.setdefault(brand_id, threading.Lock())

    async def _locked(self, brand_id: str, folder: Path, actor: str, dry_run: bool) -> SyncReport:
        lock = self.lock_for(brand_id)
        if not lock.acquire(blocking=False):
            raise SyncInProgress(brand_id)
        try:
            report = await anyio.to_thread.run_sync(
                lambda: sync_brand(
                    folder, self.index, self.embedder, self.registry, brand_id, dry_run=dry_run
                )
            )
        finally:
            lock.release()
        if not dry_run:
            self.audit.record(report, actor)
        return report
