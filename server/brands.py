"""Brand knowledge use cases behind the API: list, inspect, sync, upload, delete, search.

Syncs run in a worker thread (embedding is CPU-bound) and one at a time per brand; a second
sync of the same brand is refused at once rather than queued behind a long embedding run.
An upload or delete takes the same lock before it touches the folder, so a refused one
(409) has changed nothing.
"""

from __future__ import annotations

import re
import tempfile
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import get_args

import anyio.to_thread

from knowledge.audit import AuditEntry, AuditLog
from knowledge.brand import BrandRegistry, check_folder
from knowledge.chunking import KINDS, Kind
from knowledge.documents import document_parts, remove_document, write_document
from knowledge.embedding import Embedder
from knowledge.errors import DocumentNotFound, SyncInProgress
from knowledge.index import KnowledgeIndex
from knowledge.limits import DEFAULT_LIMITS, Limits
from knowledge.parsing_worker import ParseWorker
from knowledge.registration import confirm_folder
from knowledge.retrieval import Hit, Retriever
from knowledge.sources import SourceError
from knowledge.sync import FOLDERS, FORMATS, SyncReport, read_source, sync_brand
from server.schemas import BrandDetail, BrandSummary, DocumentInfo

SAFE_NAME = re.compile(r"[^\W_][\w. -]{0,119}")
"""Matched whole (`fullmatch`): `$` would let a final newline through. Word characters include
accented letters, so `faq-été.md` is a name."""
MAX_NAME_BYTES = 200


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
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        self.registry = registry
        self.index = index
        self.embedder = embedder
        self.retriever = retriever
        self.audit = audit
        self.max_upload_bytes = max_upload_bytes
        self.limits = limits
        """What reading one file may cost (VOIX_MAX_*), for uploads and syncs alike."""
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()
        self._search_slots = anyio.CapacityLimiter(SEARCH_THREADS)
        self._parse_slots = anyio.CapacityLimiter(1)
        """Uploads read one at a time: a slow file holds up other uploads, not the API."""

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
        self,
        brand_id: str,
        folder: str | None,
        actor: str,
        dry_run: bool = False,
        replace: bool = False,
    ) -> SyncReport:
        """Re-sync the brand's registered folder, or sync `folder` as this brand: a folder
        other than the registered one needs `replace` (FolderChange says what would go)."""
        target = check_folder(folder) if folder else Path(self.registry.folder(brand_id))
        with self._holding(brand_id):
            if folder and not dry_run:
                await anyio.to_thread.run_sync(
                    partial(
                        confirm_folder,
                        target,
                        self.index,
                        self.embedder,
                        self.registry,
                        brand_id,
                        replace=replace,
                        limits=self.limits,
                    )
                )
            return await self._sync(brand_id, target, actor, dry_run)

    async def upload(
        self, brand_id: str, kind: Kind, filename: str, content: bytes, actor: str
    ) -> SyncReport:
        """Check the file reads as `kind` (off the event loop: a parser may take a while),
        then, holding the brand's lock, place it in the brand's folder and sync at once."""
        folder = Path(self.registry.folder(brand_id))
        if kind not in get_args(Kind):
            raise UploadRejected(422, f"kind must be one of {', '.join(KINDS)}")
        name = upload_name(filename)
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
        columns = self.registry.profile(brand_id).columns.get(kind)
        await anyio.to_thread.run_sync(
            partial(_probe, kind, name, content, columns, self.limits), limiter=self._parse_slots
        )
        with self._holding(brand_id):  # before anything on disk changes
            await anyio.to_thread.run_sync(
                partial(write_document, brand_id, folder, FOLDERS[kind], name, content)
            )
            return await self._sync(brand_id, folder, actor, False)

    async def delete_document(self, brand_id: str, document: str, actor: str) -> SyncReport:
        """Remove one file of the brand (never through a link) and sync; a document the index
        lists whose file is already gone is removed from the index all the same."""
        folder = Path(self.registry.folder(brand_id))
        parts = document_parts(document, set(FOLDERS.values()))
        if parts is None:
            raise DocumentNotFound(brand_id, document)
        with self._holding(brand_id):  # before anything on disk changes
            removed = await anyio.to_thread.run_sync(
                partial(remove_document, brand_id, folder, parts)
            )
            source = "/".join(parts)
            if not removed and not await anyio.to_thread.run_sync(self._indexed, brand_id, source):
                raise DocumentNotFound(brand_id, document)
            return await self._sync(brand_id, folder, actor, False)

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

    @contextmanager
    def _holding(self, brand_id: str) -> Iterator[None]:
        """The brand's lock, or SyncInProgress (409) at once: a change waits for nothing."""
        lock = self.lock_for(brand_id)
        if not lock.acquire(blocking=False):
            raise SyncInProgress(brand_id)
        try:
            yield
        finally:
            lock.release()

    def _indexed(self, brand_id: str, source: str) -> bool:
        return any(d.id == source for d in self.detail(brand_id).documents)

    async def _sync(self, brand_id: str, folder: Path, actor: str, dry_run: bool) -> SyncReport:
        """Under the brand's lock (the caller holds it), in a worker thread."""
        report = await anyio.to_thread.run_sync(
            lambda: sync_brand(
                folder,
                self.index,
                self.embedder,
                self.registry,
                brand_id,
                dry_run=dry_run,
                limits=self.limits,
            )
        )
        if not dry_run:
            self.audit.record(report, actor)
        return report


def upload_name(filename: str | None) -> str:
    """The bare name of an uploaded file, or UploadRejected: letters (accented ones too, in
    their composed form), digits, spaces, '.', '-', '_', at most 120 characters and 200 bytes
    (a name stops at 255 bytes, the temporary file's name is longer); no newline, no path."""
    name = unicodedata.normalize("NFC", Path(filename or "").name)
    if not SAFE_NAME.fullmatch(name) or len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise UploadRejected(
            422,
            "file name must be letters, digits, spaces, '.', '-' or '_', at most 120 characters "
            "(no path, no line break)",
        )
    return name


def _probe(
    kind: Kind, name: str, content: bytes, columns: dict[str, str] | None, limits: Limits
) -> None:
    """Read the upload as the sync will, from a private copy, in a worker process bounded in
    time and memory: any failure, whatever raised it (a parser's own error, a recursion, a
    decoding bug, a time-out, a crash), is the upload's fault, a 4xx."""
    source = f"{FOLDERS[kind]}/{name}"
    with tempfile.TemporaryDirectory() as tmp, ParseWorker(limits) as worker:
        probe = Path(tmp) / name
        probe.write_bytes(content)
        try:
            found = read_source(probe, kind, source, columns, limits, worker=worker)
        except SourceError as exc:
            raise UploadRejected(_status(exc), f"{name} {exc.reason}") from exc
        except RecursionError as exc:
            raise UploadRejected(422, f"{name} is nested too deeply to read") from exc
        except MemoryError as exc:
            raise UploadRejected(413, f"{name} expands to more than this machine can hold") from exc
        except Exception as exc:  # a parser bug must not become a 500
            raise UploadRejected(
                422, f"{name} cannot be read as a {kind} ({type(exc).__name__})"
            ) from exc
    if not found:
        raise UploadRejected(422, f"{name} holds no {kind} entry")


def _status(exc: SourceError) -> int:
    """413 for a file over one of the ingestion limits (a SourceError that says so), else 422."""
    return 413 if exc.limit else 422
