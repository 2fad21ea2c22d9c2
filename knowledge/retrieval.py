"""Hybrid search over a brand's knowledge: dense (Chroma) and lexical (BM25) candidates fused
by reciprocal rank, filtered, then diversified by maximal marginal relevance.

Filters are applied to the candidates in Python, never as a Chroma `where`: each brand and
kind has its own collection, so a hot query is a plain nearest-neighbour search.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import Any

import msgspec
import numpy as np

from knowledge.chunking import KINDS, Kind, Metadata
from knowledge.embedding import Embedder
from knowledge.index import KnowledgeIndex, StoredChunk
from knowledge.lexical import LexicalIndex

RRF_K = 60
MMR_LAMBDA = 0.7
MIN_CANDIDATES = 20
FILTER_EXPANSIONS = 2
"""Deeper candidate rounds (x8 each) before a filter falls back to a Chroma `where`."""
LEXICAL_TTL_S = 30.0
"""How long a BM25 index is trusted when another process (a shared Chroma) may write."""
EXCERPT_MAX_CHARS = 4000
"""A hit carries at most this much of its entry (and of each text in its metadata): room for
a whole guideline chunk (1,200) or a long FAQ answer, never a whole document, which an
oversized entry would otherwise put into every search response."""


class Hit(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    kind: Kind
    source: str
    excerpt: str
    score: float
    """Fused rank score in [0, 1]: 1 is first in both the dense and the lexical lists."""
    similarity: float
    """Cosine similarity of the chunk's vector to the query's, in [-1, 1]."""
    metadata: Metadata = msgspec.field(default_factory=dict)


class _Candidate(msgspec.Struct):
    chunk: StoredChunk
    kind: Kind
    fused: float = 0.0


class Retriever:
    def __init__(self, index: KnowledgeIndex, embedder: Embedder) -> None:
        self.index = index
        self.embedder = embedder
        self._lexical: dict[tuple[str, Kind], tuple[int, float, LexicalIndex]] = {}

    def search(
        self,
        brand_id: str,
        query: str,
        k: int = 5,
        kinds: Sequence[Kind] = KINDS,
        *,
        platform: str | None = None,
        language: str | None = None,
        vector: list[float] | None = None,
        diversify: bool = True,
    ) -> list[Hit]:
        """The `k` best hits across `kinds`; pass `vector` to reuse the query's embedding."""
        if vector is None:
            vector = self.embedder.embed_one(query)
        candidates: list[_Candidate] = []
        for kind in kinds:
            candidates.extend(
                self._filtered_candidates(brand_id, kind, query, vector, k, platform, language)
            )
        candidates.sort(key=lambda c: c.fused, reverse=True)
        query_vector = np.asarray(vector, dtype=np.float32)
        chosen = _mmr(candidates, k) if diversify else candidates[:k]
        return [_hit(c, query_vector) for c in chosen]

    def exemplary_posts(
        self,
        brand_id: str,
        topic: str,
        platform: str | None = None,
        k: int = 3,
        vector: list[float] | None = None,
    ) -> list[Hit]:
        """Past posts on the topic that performed best: relevance weighted by engagement rate."""
        hits = self.search(
            brand_id,
            topic,
            max(4 * k, MIN_CANDIDATES),
            ("post",),
            platform=platform,
            vector=vector,
            diversify=False,
        )
        if not hits:
            return []
        rates = [float(h.metadata.get("engagement_rate", 0.0)) for h in hits]
        top = max(rates) or 1.0

        def weight(pair: tuple[Hit, float]) -> float:
            hit, rate = pair
            return hit.score * (0.5 + 0.5 * rate / top)

        ranked = sorted(zip(hits, rates, strict=True), key=weight, reverse=True)
        return [hit for hit, _ in ranked[:k]]

    def _filtered_candidates(
        self,
        brand_id: str,
        kind: Kind,
        query: str,
        vector: list[float],
        k: int,
        platform: str | None,
        language: str | None,
    ) -> list[_Candidate]:
        """Candidates of one kind that pass the filters: the usual depth first, deeper when
        the filters leave fewer than `k`, and a Chroma `where` as the last resort (a rare
        platform among many posts), so a filter never silently returns too few hits."""
        depth = max(MIN_CANDIDATES, 4 * k)
        for _ in range(FILTER_EXPANSIONS + 1):
            pool, size = self._candidates(brand_id, kind, query, vector, depth)
            kept = [c for c in pool if _matches(c.chunk.metadata, platform, language)]
            if len(kept) >= k or depth >= size or not (platform or language):
                return kept
            depth *= 8
        where = _where(kind, platform, language)
        if where is None:
            return kept
        seen = {c.chunk.id for c in kept}
        extra = [c for c in self.index.query(brand_id, kind, vector, k, where) if c.id not in seen]
        floor = min((c.fused for c in kept), default=1.0)
        for rank, chunk in enumerate(extra):
            kept.append(_Candidate(chunk, kind, floor / (2 + rank)))
        return kept

    def _candidates(
        self, brand_id: str, kind: Kind, query: str, vector: list[float], depth: int
    ) -> tuple[list[_Candidate], int]:
        """Dense and lexical candidates fused by reciprocal rank, and the collection's size."""
        lexical_index = self._lexical_index(brand_id, kind)
        size = len(lexical_index)
        if size == 0:
            return [], 0
        depth = min(size, depth)
        pool: dict[str, _Candidate] = {}
        for rank, chunk in enumerate(self.index.query(brand_id, kind, vector, depth)):
            pool[chunk.id] = _Candidate(chunk, kind, 1.0 / (RRF_K + rank + 1))
        lexical = lexical_index.search(query, depth)
        missing = [id_ for id_, _ in lexical if id_ not in pool]
        fetched = {c.id: c for c in self.index.get(brand_id, kind, missing)} if missing else {}
        for rank, (id_, _) in enumerate(lexical):
            candidate = pool.get(id_)
            if candidate is None:
                if id_ not in fetched:
                    continue  # removed since the BM25 index was built
                candidate = pool[id_] = _Candidate(fetched[id_], kind)
            candidate.fused += 1.0 / (RRF_K + rank + 1)
        best = 2.0 / (RRF_K + 1)
        for candidate in pool.values():
            candidate.fused /= best
        return list(pool.values()), size

    def _lexical_index(self, brand_id: str, kind: Kind) -> LexicalIndex:
        """BM25 over the collection, rebuilt after our own writes, or when it is older than
        LEXICAL_TTL_S and the collection's size changed (another writer on a shared server)."""
        key = (brand_id, kind)
        generation = self.index.generation(brand_id, kind)
        cached = self._lexical.get(key)
        now = time.monotonic()
        if cached is not None and cached[0] == generation:
            if now - cached[1] < LEXICAL_TTL_S:
                return cached[2]
            if self.index.count(brand_id, kind) == len(cached[2]):
                self._lexical[key] = (generation, now, cached[2])
                return cached[2]
        lexical = LexicalIndex(*self.index.documents(brand_id, kind))
        self._lexical[key] = (generation, now, lexical)
        return lexical


def _where(kind: Kind, platform: str | None, language: str | None) -> dict[str, Any] | None:
    """The same filters as a Chroma `where`, for the fields this kind carries."""
    clauses: list[dict[str, Any]] = []
    if platform and kind in ("post", "reply"):
        clauses.append({"platform": platform})
    if language:
        clauses.append({"language": language})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _matches(metadata: Metadata, platform: str | None, language: str | None) -> bool:
    """A filter on a field that a chunk does not carry (a FAQ's platform) lets it through."""
    if platform and metadata.get("platform", platform) != platform:
        return False
    return not (language and metadata.get("language", language) != language)


def _mmr(candidates: list[_Candidate], k: int) -> list[_Candidate]:
    """Maximal marginal relevance: near-duplicates of a chosen hit lose their turn."""
    if len(candidates) <= 1:
        return candidates[:k]
    vectors = np.asarray([c.chunk.embedding for c in candidates], dtype=np.float32)
    similarity = vectors @ vectors.T
    chosen: list[int] = [0]
    remaining = list(range(1, len(candidates)))
    while remaining and len(chosen) < k:
        redundancy = similarity[np.ix_(remaining, chosen)].max(axis=1)
        relevance = np.asarray([candidates[i].fused for i in remaining])
        scores = MMR_LAMBDA * relevance - (1 - MMR_LAMBDA) * redundancy
        pick = remaining[int(np.argmax(scores))]
        chosen.append(pick)
        remaining.remove(pick)
    return [candidates[i] for i in chosen]


def _hit(candidate: _Candidate, query_vector: np.ndarray) -> Hit:
    chunk = candidate.chunk
    similarity = float(np.dot(np.asarray(chunk.embedding, dtype=np.float32), query_vector))
    return Hit(
        id=chunk.id,
        kind=candidate.kind,
        source=str(chunk.metadata.get("source", "")),
        excerpt=bounded(chunk.document),
        score=round(candidate.fused, 4),
        similarity=round(similarity if math.isfinite(similarity) else 0.0, 4),
        metadata={k: bounded(v) if isinstance(v, str) else v for k, v in chunk.metadata.items()},
    )


def bounded(text: str, limit: int = EXCERPT_MAX_CHARS) -> str:
    """`text`, or its first `limit` characters and an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
