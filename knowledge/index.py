"""The Chroma index: one collection per brand and kind, embedded or on a shared server.

One collection per brand and kind keeps every hot query free of `where` filters, which cost
Chroma fifty times more than a plain nearest-neighbour search on a large collection.

An embedded index has exactly one owner process: two processes writing one PersistentClient
folder at once corrupt it. `open_index` takes an OS file lock beside the folder and a second
process gets `IndexLocked`, naming the owner.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlparse

import chromadb
import msgspec
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings

from knowledge.chunking import KINDS, Chunk, Kind, Metadata
from knowledge.errors import IndexLocked

COLLECTION_PREFIX = "voix"


class StoredChunk(msgspec.Struct, frozen=True):
    id: str
    document: str
    metadata: Metadata
    embedding: list[float]
    distance: float | None = None
    """Cosine distance to the query, when the chunk came from a nearest-neighbour query."""


class IndexLock:
    """An exclusive, non-blocking `flock` held for the life of the owning process's index."""

    def __init__(self, path: Path, purpose: str = "") -> None:
        self.path = path
        self.purpose = purpose
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release()
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            owner = handle.read().strip() or "another process"
            handle.close()
            raise IndexLocked(
                f"The knowledge index in {self.path.parent} is in use by {owner}. "
                "Only one process may write an embedded index: wait for it or stop it, "
                "or point every process at a shared Chroma server with VOIX_CHROMA_URL."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}" + (f" ({self.purpose})" if self.purpose else ""))
        handle.flush()
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.truncate(0)
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None


class KnowledgeIndex:
    """Per-brand, per-kind Chroma collections holding vectors computed by our Embedder."""

    def __init__(self, client: ClientAPI, lock: IndexLock | None = None) -> None:
        self.client = client
        self._lock = lock
        self._collections: dict[str, Collection] = {}
        self._generations: dict[str, int] = {}

    @staticmethod
    def collection_name(brand_id: str, kind: Kind) -> str:
        return f"{COLLECTION_PREFIX}__{brand_id}__{kind}"

    def collection(self, brand_id: str, kind: Kind) -> Collection:
        name = self.collection_name(brand_id, kind)
        found = self._collections.get(name)
        if found is None:
            # No embedding function: vectors always come from our Embedder, and Chroma's
            # default one would try to download a model.
            found = self.client.get_or_create_collection(
                name,
                embedding_function=None,
                configuration={"hnsw": {"space": "cosine"}},
            )
            self._collections[name] = found
        return found

    def generation(self, brand_id: str, kind: Kind) -> int:
        """Bumped by every write through this object: caches built on a collection key on it."""
        return self._generations.get(self.collection_name(brand_id, kind), 0)

    def _touch(self, brand_id: str, kind: Kind) -> None:
        name = self.collection_name(brand_id, kind)
        self._generations[name] = self._generations.get(name, 0) + 1

    def ids(self, brand_id: str, kind: Kind) -> set[str]:
        return set(self.collection(brand_id, kind).get(include=[])["ids"])

    def add(self, brand_id: str, chunks: list[Chunk], vectors: list[list[float]]) -> None:
        by_kind: dict[Kind, list[int]] = {}
        for position, chunk in enumerate(chunks):
            by_kind.setdefault(chunk.kind, []).append(position)
        for kind, positions in by_kind.items():
            self.collection(brand_id, kind).upsert(
                ids=[chunks[i].id for i in positions],
                embeddings=[vectors[i] for i in positions],  # type: ignore[arg-type]
                documents=[chunks[i].document for i in positions],
                metadatas=[chunks[i].metadata for i in positions],
            )
            self._touch(brand_id, kind)

    def vectors(self, brand_id: str, kind: Kind, ids: list[str]) -> dict[str, list[float]]:
        return {chunk.id: chunk.embedding for chunk in self.get(brand_id, kind, ids)}

    def delete(self, brand_id: str, kind: Kind, ids: Iterable[str]) -> None:
        ids = list(ids)
        if ids:
            self.collection(brand_id, kind).delete(ids=ids)
            self._touch(brand_id, kind)

    def count(self, brand_id: str, kind: Kind) -> int:
        return self.collection(brand_id, kind).count()

    def query(
        self,
        brand_id: str,
        kind: Kind,
        vector: list[float],
        k: int,
        where: dict[str, Any] | None = None,
    ) -> list[StoredChunk]:
        """The `k` nearest chunks, with their vectors (for MMR) and distances. A `where`
        filter is slow on a large collection (a scan): keep it for rare fallbacks."""
        collection = self.collection(brand_id, kind)
        result: Any = collection.query(
            query_embeddings=[vector],  # type: ignore[arg-type]
            n_results=k,
            where=where,
            include=["documents", "metadatas", "distances", "embeddings"],
        )
        return [
            StoredChunk(id_, doc or "", dict(meta or {}), list(map(float, emb)), float(dist))
            for id_, doc, meta, emb, dist in zip(
                result["ids"][0],
                result["documents"][0],
                result["metadatas"][0],
                result["embeddings"][0],
                result["distances"][0],
                strict=True,
            )
        ]

    def documents(self, brand_id: str, kind: Kind) -> tuple[list[str], list[str]]:
        """Every chunk's id and document, without vectors: what a lexical index needs."""
        got: Any = self.collection(brand_id, kind).get(include=["documents"])
        return list(got["ids"]), [doc or "" for doc in got["documents"]]

    def get(self, brand_id: str, kind: Kind, ids: list[str] | None = None) -> list[StoredChunk]:
        """Chunks by id, or every chunk of the collection when `ids` is None."""
        got: Any = self.collection(brand_id, kind).get(
            ids=ids, include=["documents", "metadatas", "embeddings"]
        )
        return [
            StoredChunk(id_, doc or "", dict(meta or {}), list(map(float, emb)))
            for id_, doc, meta, emb in zip(
                got["ids"], got["documents"], got["metadatas"], got["embeddings"], strict=True
            )
        ]

    def drop_brand(self, brand_id: str) -> None:
        for kind in KINDS:
            name = self.collection_name(brand_id, kind)
            self._collections.pop(name, None)
            self._touch(brand_id, kind)
            with contextlib.suppress(Exception):
                self.client.delete_collection(name)

    def close(self) -> None:
        self._collections.clear()
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def open_index(home: Path, chroma_url: str | None = None, purpose: str = "") -> KnowledgeIndex:
    """An embedded index under `home` (locked to this process) or a Chroma server's."""
    settings = ChromaSettings(anonymized_telemetry=False)
    if chroma_url:
        url = urlparse(chroma_url)
        client = chromadb.HttpClient(
            host=url.hostname or "127.0.0.1",
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=settings,
        )
        return KnowledgeIndex(client)
    lock = IndexLock(home / "index.lock", purpose)
    lock.acquire()
    try:
        client = chromadb.PersistentClient(path=str(home / "chroma"), settings=settings)
    except Exception:
        lock.release()
        raise
    return KnowledgeIndex(client, lock)
